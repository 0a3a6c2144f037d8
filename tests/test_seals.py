"""Seals (公章): found on scans, photos, PDF pages with an embedded 电子公章 and pictures in DOCX;
not found on red headings, red tables, red box stamps or the real public images; a duty that
requires a sealed document is partial while its only evidence has no seal."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from conftest import cli_json, run_cli
from docgen import _draw_seal, make_image_pdf, make_text_pdf
from PIL import Image, ImageOps

import indexer.seals as seals
from indexer.seals import find_seals
from sealgen import HELD_OUT_NEGATIVE, HELD_OUT_POSITIVE, NEGATIVE_KINDS, POSITIVE_KINDS, make_sample

AS_OF = "2020-10-26"
REPORT = ["根据《融水苗族自治县国家重点生态功能区县域生态环境质量监测评价与考核工作实施方案》，现将我县2020年县域生态环境质量考核自查情况报告如下。",
          "一、全县各部门按要求整理报送了2019年、2020年考核材料，生态环境局审核汇总。",
          "二、县域生态环境质量总体保持稳定，地表水断面水质达标率100%。"]
SIGNATURE = ["融水苗族自治县人民政府", "2020年10月28日"]
TITLE = "融水苗族自治县2020年县域生态环境质量考核自查报告"


@pytest.mark.parametrize("kind", POSITIVE_KINDS + NEGATIVE_KINDS)
def test_detector_on_hard_cases(kind):
    for i in range(2):
        sample = make_sample(kind, random.Random(f"test-{kind}-{i}"), dpi=110)
        marks = find_seals(sample, page=1)
        assert bool(marks) == (kind in POSITIVE_KINDS), (kind, i, [m.as_dict() for m in marks])


def test_real_public_images_show_no_seal(realdata: Path):
    images = sorted((realdata / "images").iterdir())
    assert images
    for path in images:
        with Image.open(path) as img:
            assert find_seals(ImageOps.exif_transpose(img)) == [], path.name


def test_seal_position_is_recorded():
    img = make_sample("signature", random.Random("pos"), dpi=110)
    (mark,) = find_seals(img, page=3)
    assert mark.page == 3 and 0.5 < mark.x < 1.0 and 0.0 < mark.y < 1.0 and 0.1 < mark.diameter < 0.3


@pytest.mark.parametrize("dpi, count", [(72, 1), (150, 2), (300, 1)])
def test_point_sample_finds_what_the_whole_page_finds(dpi, count):
    """Judging only around the red of a point sample changes nothing: every kind, sealed or a
    hard negative (held-out kinds too), gives the marks of the whole page downscaled and masked."""
    for kind in POSITIVE_KINDS + NEGATIVE_KINDS + HELD_OUT_POSITIVE + HELD_OUT_NEGATIVE:
        for i in range(count):
            sample = make_sample(kind, random.Random(f"sample-{kind}-{i}"), dpi=dpi)
            whole = [m.as_dict() for m in find_seals(sample, page=1, whole_page=True)]
            assert [m.as_dict() for m in find_seals(sample, page=1)] == whole, (kind, i, dpi)


def test_page_without_red_is_judged_from_its_point_sample_alone(monkeypatch):
    """Most scans carry no red: such a page is never downscaled whole and the detector never runs
    (that was most of a page's seal check)."""
    from docgen import make_scan_image

    page = make_scan_image(REPORT, seal=False, dpi=300, signature=SIGNATURE, seed=3)
    assert page.mode == "RGB"

    def refuse(*args, **kwargs):
        raise AssertionError("the whole detector ran on a page without red")

    monkeypatch.setattr(seals, "_blobs", refuse)
    monkeypatch.setattr(Image.Image, "reduce", refuse)
    assert find_seals(page) == []


def test_sealed_page_is_downscaled_only_around_its_red(monkeypatch):
    """On a sealed 300 dpi scan only the seal's neighbourhood is downscaled and masked, and the
    seal is found where the whole page shows it."""
    from docgen import make_scan_image

    page = make_scan_image(REPORT, seal=True, dpi=300, signature=SIGNATURE, seed=3)
    whole = find_seals(page, page=1, whole_page=True)
    boxes = []
    reduce = Image.Image.reduce

    def spy(self, factor, box=None):
        boxes.append(box or (0, 0) + self.size)
        return reduce(self, factor, box)

    monkeypatch.setattr(Image.Image, "reduce", spy)
    (mark,) = find_seals(page, page=1)
    assert [mark] == whole
    assert sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes) < 0.3 * page.size[0] * page.size[1]


def _seal_png(size: int = 300) -> bytes:
    layer = _draw_seal(size, "融水苗族自治县人民政府", random.Random(3))
    buf = io.BytesIO()
    layer.save(buf, format="PNG")
    return buf.getvalue()


def _pdf_with_seal_image(path: Path) -> None:
    """A born-digital report with an 电子公章 image over its 落款 (text layer plus one picture)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from docgen import WQY_ZENHEI, _rl_font

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    font = _rl_font(str(WQY_ZENHEI))
    c.setFont(font, 16)
    c.drawString(70, 780, TITLE)
    c.setFont(font, 11)
    for k, line in enumerate(REPORT):
        c.drawString(50, 740 - 22 * k, line[:40])
    c.drawString(380, 300, SIGNATURE[0])
    c.drawString(400, 280, SIGNATURE[1])
    c.drawImage(ImageReader(io.BytesIO(_seal_png())), 380, 220, width=120, height=120, mask=[250, 255, 250, 255, 250, 255])
    c.showPage()
    c.save()


def _docx_with_picture(path: Path, picture: bytes | None) -> None:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph(TITLE)
    for line in REPORT + SIGNATURE:
        document.add_paragraph(line)
    if picture:
        document.add_picture(io.BytesIO(picture), width=Cm(4))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


def _doc(home: Path, name: str) -> dict:
    return next(d for d in cli_json(home, "documents") if d["source_path"].endswith(name))


def _item(home: Path, item_id: str) -> dict:
    entries = cli_json(home, "checklist", "--as-of", AS_OF)["items"]
    return next(e for e in entries if e["id"] == item_id)


def test_unsealed_self_check_report_is_partial_until_a_sealed_one_arrives(home: Path, share: Path):
    folder = share / "生态环境局"
    make_image_pdf(folder / f"{TITLE}（未盖章）.pdf", [REPORT], title=TITLE, signature=SIGNATURE, seal=False, dpi=150)
    assert run_cli(home, "scan")[0] == 0
    doc = _doc(home, "（未盖章）.pdf")
    assert doc["seal"] is False and doc["seal_pages"] == []
    entry = _item(home, "10.2")
    assert "10.2" in doc["items"], doc["items"]
    assert entry["status"] == "partial", entry["reasons"]
    assert any(r.startswith("未见公章") for r in entry["reasons"]), entry["reasons"]

    make_image_pdf(folder / f"{TITLE}.pdf", [REPORT, REPORT], title=TITLE, signature=SIGNATURE, seal=True, dpi=150,
                   seed=4)
    assert run_cli(home, "scan")[0] == 0
    sealed = _doc(home, f"{TITLE}.pdf")
    assert sealed["seal"] is True and sealed["seal_pages"] == [2], sealed["seals"]
    shown = cli_json(home, "show", str(sealed["id"]))
    assert shown["seal"] is True and shown["seal_pages"] == [2]
    assert shown["issuer"] == "县人民政府"
    entry = _item(home, "10.2")
    assert entry["status"] == "present", entry["reasons"]
    hit = cli_json(home, "search", "自查报告")["hits"]
    assert {h["id"]: h["seal"] for h in hit}[sealed["id"]] is True


def test_embedded_seal_images_in_pdf_and_docx(home: Path, share: Path):
    folder = share / "生态环境局"
    _pdf_with_seal_image(folder / "电子公章报告.pdf")
    make_text_pdf(folder / "红头文件.pdf", ["\n".join(REPORT)], title=TITLE, red_header="融水苗族自治县人民政府文件",
                  doc_no="融政报〔2020〕12号")
    _docx_with_picture(folder / "盖章扫描件.docx", _seal_png())
    _docx_with_picture(folder / "无图.docx", None)
    assert run_cli(home, "scan")[0] == 0
    pdf = _doc(home, "电子公章报告.pdf")
    assert (pdf["seal"], pdf["seal_pages"]) == (True, [1])
    assert "人民政府" in pdf["seals"][0]["ring_text"], pdf["seals"]  # read from a sharper render of the page
    assert _doc(home, "红头文件.pdf")["seal"] is False
    sealed_docx = _doc(home, "盖章扫描件.docx")
    assert sealed_docx["seal"] is True and sealed_docx["seal_pages"] == []
    assert "人民政府" in sealed_docx["seals"][0]["ring_text"], sealed_docx["seals"]
    assert _doc(home, "无图.docx")["seal"] is False


def test_greyscale_scan_cannot_be_judged(home: Path, share: Path):
    img = make_sample("signature", random.Random("grey"), dpi=110).convert("L")
    path = share / "生态环境局" / "灰度扫描.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    assert run_cli(home, "scan")[0] == 0
    assert _doc(home, "灰度扫描.png")["seal"] is None


def test_issuer_that_differs_from_the_folder_is_shown(home: Path, share: Path):
    make_image_pdf(share / "农业农村局" / "工作报告.pdf", [REPORT], title="2020年生态环境保护工作报告",
                   signature=["融水苗族自治县统计局", "2020年10月28日"], seal=True, seal_text="融水苗族自治县统计局", dpi=150)
    assert run_cli(home, "scan")[0] == 0
    doc = _doc(home, "工作报告.pdf")
    assert doc["issuer"] == "统计局"
    assert "落款单位为统计局" in doc["issuer_note"] and "农业农村局" in doc["issuer_note"]
    assert "公章为统计局" in doc["issuer_note"], (doc["issuer_note"], doc["seals"])


def test_seal_alone_names_the_body_when_the_signature_is_unreadable(home: Path, share: Path):
    """No 落款 line at all: the ring text still says who sealed it, and that it is not the folder's."""
    make_image_pdf(share / "水利局" / "情况说明.pdf", [REPORT], title="情况说明", seal=True,
                   seal_text="融水苗族自治县林业局", dpi=200)
    assert run_cli(home, "scan")[0] == 0
    doc = _doc(home, "情况说明.pdf")
    assert doc["seal"] is True
    assert doc["issuer"] == "林业局", doc["seals"]
    assert "公章为林业局" in doc["issuer_note"] and "水利局" in doc["issuer_note"]


def test_sealed_scan_with_a_red_heading_keeps_the_heading_and_reads_under_the_seal(home: Path, share: Path):
    """OCR lifts the stamp's ink only inside the seal: the red 红头 stays readable."""
    rng = random.Random("heading")
    img = make_sample("seal_on_red_heading", rng, dpi=200)
    path = share / "生态环境局" / "红头盖章扫描件.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    assert run_cli(home, "scan")[0] == 0
    doc = _doc(home, "红头盖章扫描件.png")
    assert doc["seal"] is True
    text = cli_json(home, "show", str(doc["id"]))["text"].replace(" ", "")
    assert "文件" in text.splitlines()[0], text[:80]
