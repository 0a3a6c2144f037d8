"""The OCR engines behind `[ocr] engine`: PP-OCR (the default when installed) and Tesseract read
real rendered scans and phone photos; photos held sideways, upside down or tilted are turned and
levelled before reading; every OCR page keeps its lines' boxes and confidences in the archive and
in `show --json`; text-layer pages of a PDF never reach an engine."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PIL import Image

from conftest import cli_json, make_home, run_cli, use_ocr_engine
from docgen import cjk_compact, make_docx, make_image_pdf, make_phone_photo, make_scan_png, make_table_scan, make_text_pdf

import indexer.ocr.pages as pages_module
from indexer.extract.pdf import extract_pdf
from indexer.extract.result import ExtractOptions
from indexer.ocr.engine import resolve
from indexer.ocr.page_image import page_as_read
from indexer.ocr.pages import ocr_image

PHOTO_LINES = ["关于2020年度河长制工作的情况说明", "经核实，全县河道巡查记录完整，未发现非法采砂行为。", "特此说明。"]
PHOTO_PHRASE = "未发现非法采砂行为"


def test_auto_is_ppocr_when_its_package_is_installed_and_unknown_engines_are_refused(tmp_path, capsys):
    assert resolve("auto") == "ppocr" and resolve("tesseract") == "tesseract"
    home = make_home(tmp_path / "home")
    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[ocr]\nengine = "easyocr"\n')
    code, _ = run_cli(home, "documents", "--json")
    assert code == 3 and "ocr.engine" in capsys.readouterr().err


@pytest.mark.parametrize("turn,tilt", [(90, 4.0), (180, 0.0), (270, -3.0), (0, 6.0)])
def test_photo_held_sideways_upside_down_or_tilted_is_read_upright(tmp_path, turn, tilt):
    photo = make_phone_photo(tmp_path / "photo.jpg", PHOTO_LINES, turn=turn, tilt=tilt, light=0.7, seed=turn)
    page = ocr_image(Image.open(photo), "chi_sim", 120, engine="ppocr")
    assert page.turn == (360 - turn) % 360
    assert abs(page.skew + tilt) < 1.0 if tilt else page.skew == 0.0
    text = cjk_compact(page.text)
    assert PHOTO_PHRASE in text
    # read in order: the heading before the body before the closing line
    assert text.index("河长制工作") < text.index(PHOTO_PHRASE) < text.index("特此说明")


def test_a_turned_and_tilted_photo_is_still_detected_once_and_recognised_once(tmp_path, monkeypatch):
    from indexer.ocr.ppocr import PPOcrEngine

    engine = PPOcrEngine.shared()
    calls = []
    detect, recognise = PPOcrEngine._detect, engine._ocr.text_rec
    monkeypatch.setattr(PPOcrEngine, "_detect", lambda self, *page: calls.append("detect") or detect(self, *page))
    monkeypatch.setattr(engine._ocr, "text_rec", lambda crops, boxes: calls.append("recognise") or recognise(crops, boxes))
    photo = make_phone_photo(tmp_path / "photo.jpg", PHOTO_LINES, turn=90, tilt=5.0, light=0.8, seed=1)
    page = ocr_image(Image.open(photo), "chi_sim", 120, engine="ppocr")
    assert (page.turn, round(page.skew)) == (270, -5) and PHOTO_PHRASE in cjk_compact(page.text)
    assert calls == ["detect", "recognise"]


@pytest.mark.parametrize("kind", ["short letter", "photo on a desk"])
def test_lines_are_looked_for_only_where_the_sheet_has_ink(tmp_path, monkeypatch, kind):
    """The detector's cost is its input's area: a short letter's blank lower half and margins, and
    the desk around a photographed sheet, are not given to it, and every line is still read."""
    from indexer.ocr.ppocr import PPOcrEngine

    engine = PPOcrEngine.shared()
    inputs = []
    detect = engine._ocr.auto_text_det
    monkeypatch.setattr(engine._ocr, "auto_text_det", lambda image: inputs.append(image.shape[:2]) or detect(image))
    if kind == "short letter":
        path = make_scan_png(tmp_path / "letter.png", PHOTO_LINES[1:], title=PHOTO_LINES[0], seed=3, dpi=300)
    else:
        path = make_phone_photo(tmp_path / "photo.jpg", PHOTO_LINES, light=0.6, seed=4)
    page = ocr_image(Image.open(path), "chi_sim", 120, engine="ppocr")
    text = cjk_compact(page.text)
    assert "河长制工作的情况说明" in text and PHOTO_PHRASE in text and "特此说明" in text
    (height, width), = inputs
    assert height * width <= (0.45 if kind == "short letter" else 0.8) * _area_at_detection_size(path)
    line = next(line for line in page.lines if PHOTO_PHRASE[:4] in line.text)
    xs = [x for x, _ in line.box]
    assert 0 <= min(xs) < max(xs) <= page.width  # boxes are on the whole page, not on the part looked at


def _area_at_detection_size(path) -> float:
    """The whole page's area as the detector would see it: read at most 2000 px, found at 960 px
    on the longer side and at least 736 on the shorter."""
    width, height = Image.open(path).size
    read = min(1.0, 2000 / max(width, height))
    width, height = width * read, height * read
    detect = min(1.0, max(960 / max(width, height), 736 / min(width, height)))
    return width * detect * height * detect


def test_the_models_run_on_one_thread_with_their_memory_kept_between_pages():
    """One intra-op and one inter-op thread (a page is one core's work: the CPU slots count on it)
    and ONNX Runtime's memory arena on, which RapidOCR turns off (then every run maps and zero-fills
    its buffers again)."""
    from indexer.ocr.ppocr import PPOcrEngine

    ocr = PPOcrEngine.shared()._ocr
    for infer in (ocr.text_det.infer, ocr.text_cls.infer, ocr.text_rec.session):
        options = infer.session.get_session_options()
        assert options.enable_cpu_mem_arena
        assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)


def test_a_short_line_is_not_padded_to_a_long_one(tmp_path, monkeypatch):
    """A table cell of two characters is recognised at its own width (at least REC_MIN_WIDTH), not
    padded to RapidOCR's 320 px: the recogniser's cost is its input's width."""
    from indexer.ocr.ppocr import PPOcrEngine

    engine = PPOcrEngine.shared()
    session = engine._ocr.text_rec.session
    widths = []
    run = session.session.run
    monkeypatch.setattr(session.session, "run", lambda names, feeds: widths.append(
        next(iter(feeds.values())).shape[3]) or run(names, feeds))
    path = make_table_scan(tmp_path / "table.png", "2020年造林绿化任务完成情况表",
                           [["乡镇", "成活率"], ["白云乡", "90%"]], seed=5, dpi=300)
    page = ocr_image(Image.open(path), "chi_sim", 120, engine="ppocr")
    assert "白云乡" in cjk_compact(page.text) and "成活率" in cjk_compact(page.text)
    assert min(widths) < 320, widths


@pytest.mark.parametrize("engine", ["ppocr", "tesseract"])
def test_each_line_keeps_a_box_on_the_page_it_was_read_from(tmp_path, engine):
    photo = make_phone_photo(tmp_path / "photo.jpg", PHOTO_LINES, turn=90 if engine == "ppocr" else 0, light=0.9,
                             seed=2)
    page = ocr_image(Image.open(photo), "chi_sim", 120, engine=engine)
    line = next(line for line in page.lines if "非法采砂" in line.text)
    xs, ys = [x for x, _ in line.box], [y for _, y in line.box]
    assert 0 <= min(xs) < max(xs) <= page.width and 0 <= min(ys) < max(ys) <= page.height
    assert max(xs) - min(xs) > 5 * (max(ys) - min(ys))  # a line across the upright page
    assert 0.5 <= line.confidence <= 1.0 and 0.5 <= page.confidence <= 1.0
    # the page image rebuilt for people is the same upright page, in the same proportions
    shown = page_as_read(photo, "image", 1, page.layout())
    assert abs(shown.width / shown.height - page.width / page.height) < 0.01


def test_show_json_adds_lines_and_layout_to_ocr_pages_only(tmp_path):
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    make_phone_photo(share / "水利局/河长制说明.jpg", PHOTO_LINES, turn=270, light=0.8, seed=4)
    make_docx(share / "财政局/通知.docx", ["关于下达2020年转移支付资金的通知"])
    assert cli_json(home, "scan")["failed"] == 0
    docs = {d["source_path"]: d for d in cli_json(home, "documents")}
    photo = cli_json(home, "show", str(docs["水利局/河长制说明.jpg"]["id"]))
    page = photo["page_texts"][0]
    assert {"page", "text", "ocr", "raw_text"} <= set(page) and page["ocr"] is True
    assert page["layout"]["engine"] == "ppocr" and page["layout"]["turn"] == 90
    assert page["low_confidence"] is False
    assert any(PHOTO_PHRASE in cjk_compact(line["text"]) for line in page["lines"])
    assert all(set(line) == {"text", "box", "confidence"} and len(line["box"]) == 4 for line in page["lines"])
    assert cli_json(home, "search", PHOTO_PHRASE)["total"] == 1
    text_page = cli_json(home, "show", str(docs["财政局/通知.docx"]["id"]))["page_texts"][0]
    assert set(text_page) == {"page", "text", "ocr", "raw_text"}


def test_tesseract_engine_is_chosen_in_the_configuration(tmp_path):
    home = make_home(tmp_path / "home")
    use_ocr_engine(home, "tesseract")
    make_phone_photo(home / "watch_folders/水利局/说明.jpg", PHOTO_LINES, light=1.0, seed=5)
    cli_json(home, "scan")
    page = cli_json(home, "show", "1")["page_texts"][0]
    assert page["layout"]["engine"] == "tesseract" and page["lines"]
    assert "河道巡查记录" in cjk_compact(page["text"])


def test_pages_with_a_text_layer_never_reach_the_engine(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    text = make_text_pdf(tmp_path / "text.pdf", ["第一页：城镇生活污水处理率达到百分之九十五。"])
    scan = make_image_pdf(tmp_path / "scan.pdf", [["第二页：全年未发生突发环境事件。"]], seal=False)
    mixed = pdfium.PdfDocument.new()
    for part in (text, scan, text):
        source = pdfium.PdfDocument(str(part))
        mixed.import_pages(source)
    mixed.save(str(tmp_path / "mixed.pdf"))
    read = []
    real = pages_module.PageReader._read
    lock = threading.Lock()

    def counting(self, data):
        with lock:
            read.append(self.engine.name)
        return real(self, data)

    monkeypatch.setattr(pages_module.PageReader, "_read", counting)
    result = extract_pdf(tmp_path / "mixed.pdf", ExtractOptions(ocr_dpi=200))
    assert read == ["ppocr"]
    assert [p.ocr for p in result.pages] == [False, True, False]
    assert result.pages[0].lines is None and result.pages[1].lines
    assert "未发生突发环境事件" in cjk_compact(result.pages[1].text)
    assert extract_pdf(text, ExtractOptions()).ocr is False and len(read) == 1


def test_archive_from_before_line_boxes_is_migrated_and_still_shown(tmp_path):
    from archive import db
    from archive.records import document_detail
    from archive.store import Archive

    var = tmp_path / "var"
    var.mkdir()
    old = sqlite3.connect(var / "archive.sqlite3", isolation_level=None)
    old.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in db._statements(db.MIGRATIONS[0][1]):
        old.execute(statement)
    old.execute("INSERT INTO migrations VALUES ('0001_core', datetime('now'))")
    old.execute("INSERT INTO documents (id, sha256, size, status, first_seen, ocr, pages) VALUES"
                " (1, 'ab', 3, 'indexed', '2020-01-01', 1, 1)")
    old.execute("INSERT INTO pages VALUES (1, 1, '旧的识别文字', '旧的识别文字', 1)")
    old.close()
    archive = Archive(var)
    try:
        assert {row[0] for row in archive.conn.execute("SELECT name FROM migrations")} >= {"0002_page_lines"}
        page = document_detail(archive, 1)["page_texts"][0]
        assert page == {"page": 1, "text": "旧的识别文字", "ocr": True, "raw_text": "旧的识别文字"}
    finally:
        archive.close()


def test_a_ppocr_page_keeps_to_one_core(tmp_path):
    """ONNX Runtime and OpenCV run one thread each: the CPU slots' one page per core holds, so two
    workers on two cores never oversubscribe them."""
    import time

    photo = Image.open(make_phone_photo(tmp_path / "photo.jpg", PHOTO_LINES * 6, tilt=3.0, seed=9))
    ocr_image(photo, "chi_sim", 120, engine="ppocr")  # models loaded
    cpu, wall = time.process_time(), time.perf_counter()
    ocr_image(photo, "chi_sim", 120, engine="ppocr")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert cpu <= 1.15 * wall, (cpu, wall)


def test_seal_suppression_does_not_erase_text_on_a_coloured_page():
    """The red channel hides red seals on paper; on a page mostly in colour (a real poster from
    RapidOCR's test files) it would hide white text on red too, so such a page is read grey."""
    from conftest import REALDATA

    poster = REALDATA / "images" / "ch_en_num.jpg"
    if not poster.exists():
        pytest.skip("real test files are not available")
    text = cjk_compact(ocr_image(Image.open(poster), "chi_sim", 120, engine="ppocr").text)
    assert "强力去污" in text and "惊喜福利" in text and "正品促销" in text


def test_with_ppocr_a_seals_ring_is_read_in_process_and_the_page_is_left_as_it_is(tmp_path, monkeypatch):
    """Reading a ring through Tesseract started a process per try (~0.2 CPU s each, and nothing
    read on some rings); PP-OCR's recogniser reads the unrolled line in-process. The page keeps
    its stamp: PP-OCR removes seals itself, so lightening them for Tesseract would be wasted."""
    import indexer.ocr.tesseract as tesseract
    from indexer.seal_pages import SealJudge

    monkeypatch.setattr(tesseract, "ocr_image", lambda *a, **k: pytest.fail("Tesseract started for a ring"))
    scan = Image.open(make_scan_png(tmp_path / "scan.png", PHOTO_LINES[1:], seed=6, dpi=300))
    judge = SealJudge("chi_sim", 30, "ppocr")
    assert judge.page_for("ppocr", scan, 1) is scan
    (seal,) = judge.result()
    assert "人民政府" in seal["ring_text"], seal
