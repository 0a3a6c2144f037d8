"""A PDF page's text layer is trusted only when it is plausible for the ink on the page: a page
that shows far more writing than its text layer holds (a turned scan with a stray text line, text
drawn as outlines) is read by OCR, upright as the page is displayed (its /Rotate honoured)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from conftest import cli_json, make_home
from docgen import _rl_font, WQY_ZENHEI, cjk_compact, make_scan_image, make_text_pdf
from indexer.extract.pdf import extract_pdf
from indexer.extract.result import ExtractOptions

OPTIONS = ExtractOptions(ocr_dpi=200, ocr_page_timeout=120)
LINES = ["融水县集中式饮用水水源地保护区划定方案", "各乡镇人民政府，县直各有关单位：",
         "现将饮用水水源地保护区划定方案印发给你们，", "请认真贯彻执行，确保群众饮水安全。",
         "一级保护区内禁止新建与供水设施无关的项目。", "二级保护区内禁止设置排污口。"]
STRAY = "附件一共一页第一页扫描件"  # a text line the scanner software added: 12 characters


def make_turned_scan_pdf(path: Path, rotate: int) -> Path:
    """One page: a scan stored sideways, a short real text line, and /Rotate so a viewer shows
    it upright — the text layer holds 12 characters, the page shows about 110."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    dpi = 150
    image = make_scan_image(LINES, seal=False, noise=False, dpi=dpi).rotate(rotate, expand=True)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    width, height = image.width / dpi * 72, image.height / dpi * 72
    c = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    c.drawImage(ImageReader(buf), 0, 0, width=width, height=height)
    c.setFont(_rl_font(str(WQY_ZENHEI)), 9)
    c.drawString(20, 20, STRAY)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    pdf[0].set_rotation(rotate)  # clockwise when displayed: undoes the counter-clockwise turn
    pdf.save(str(path) + ".tmp")
    pdf.close()
    Path(str(path) + ".tmp").replace(path)
    return path


def test_a_turned_page_with_a_short_text_layer_is_read_upright_by_ocr(tmp_path):
    for rotate in (90, 270):
        got = extract_pdf(make_turned_scan_pdf(tmp_path / f"转{rotate}.pdf", rotate), OPTIONS)
        text = cjk_compact(got.pages[0].text)
        assert got.pages[0].ocr, rotate
        assert "饮用水水源地保护区划定方案" in text and "确保群众饮水安全" in text, (rotate, text)


def test_a_turned_page_is_searchable_after_a_scan(tmp_path):
    home = make_home(tmp_path / "home")
    make_turned_scan_pdf(home / "watch_folders" / "生态环境局" / "划定方案.pdf", 90)
    assert cli_json(home, "scan")["extracted"] == 1
    assert cli_json(home, "search", "确保群众饮水安全")["total"] == 1


def test_a_plain_text_page_is_not_sent_to_ocr(tmp_path):
    pages = ["关于印发2020年度生态环境保护工作要点的通知。" * 8, "生态环境保护工作要点"]  # long; short in large type
    got = extract_pdf(make_text_pdf(tmp_path / "文字.pdf", pages, font_size=22), OPTIONS)
    assert not any(p.ocr for p in got.pages)
    assert cjk_compact(got.pages[1].text) == "生态环境保护工作要点"


def test_page_objects_are_counted_as_pypdfium2_counts_them(tmp_path):
    """The C-level count that decides table pages and seal checks agrees with pypdfium2's own
    (slower) object walk, page by page: text, ruled table, embedded image."""
    import pypdfium2.raw as pdfium_c

    from docgen import make_image_pdf
    from indexer.extract.pdf import page_objects

    files = [make_text_pdf(tmp_path / "red.pdf", ["关于污水处理厂运行情况的报告"], red_header="融水苗族自治县财政局文件",
                           doc_no="融财〔2020〕12号"),
             make_image_pdf(tmp_path / "scan.pdf", [["扫描件第一页"]], dpi=100)]
    checked = set()
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            counts = page_objects(page)
            for kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT):
                expected = sum(1 for _ in page.get_objects(filter=[kind], max_depth=1))
                assert counts.get(kind, 0) == expected
                if expected:
                    checked.add(kind)
        pdf.close()
    assert checked == {pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT}
