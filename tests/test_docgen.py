"""The fixture builders must produce what they claim, judged by real readers.

If a builder silently produced something else (no text layer, no header, an
unreadable seal-covered scan), every extractor test built on it would pass or
fail for the wrong reason.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

# Same import path as conftest.py uses, so the suite shares one module copy.
_TESTS = Path(__file__).resolve().parent
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

import docgen  # noqa: E402

PHRASE = "城镇生活污水集中处理率"


def _pdf_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in doc:
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
        return texts
    finally:
        doc.close()


def _ocr(img) -> str:
    import pytesseract

    return docgen.cjk_compact(pytesseract.image_to_string(img, lang="chi_sim"))


@pytest.fixture
def single_thread_ocr(monkeypatch):
    # Tesseract's OpenMP threads oversubscribe CPUs when tests run in parallel.
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


# ---------------------------------------------------------------- DOCX

def test_docx_paragraphs_table_header_footer(tmp_path):
    import docx

    table = [["乡镇", "污水处理量（万吨）", "处理率"], ["融水镇", "486.3", "92.1%"], ["三防镇", "12.5", "71.0%"]]
    p = docgen.make_docx(
        tmp_path / "a.docx",
        ["第一段：融发改〔2019〕35号。", "\f", "第二段：" + PHRASE + "计算说明。"],
        table=table,
        header="融水苗族自治县住房和城乡建设局",
        footer="第1页",
        title="关于2019年城镇生活污水集中处理率的情况说明",
        table_after=0,
    )
    assert p == tmp_path / "a.docx" and p.exists()
    d = docx.Document(str(p))
    assert d.sections[0].header.paragraphs[0].text == "融水苗族自治县住房和城乡建设局"
    assert d.sections[0].footer.paragraphs[0].text == "第1页"
    assert d.core_properties.title.startswith("关于2019年")
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == table
    texts = [para.text for para in d.paragraphs if para.text]
    assert texts[0] == "关于2019年城镇生活污水集中处理率的情况说明"
    assert texts[1] == "第一段：融发改〔2019〕35号。"
    assert PHRASE in texts[-1]
    # Document order: title, para 0, table, page break, para 1.
    body = d.element.body
    kinds = [child.tag.rsplit("}", 1)[1] for child in body.iterchildren()]
    assert kinds.index("tbl") == 2
    assert 'w:type="page"' in d.element.xml


# ---------------------------------------------------------------- PDF

def test_text_pdf_has_extractable_chinese_and_wraps(tmp_path):
    long_para = ("融水苗族自治县财政局2020年度国家重点生态功能区转移支付资金使用情况报告，" * 40)
    keep = "三防镇污水处理厂配套管网工程"
    p = docgen.make_text_pdf(
        tmp_path / "a.pdf",
        ["第一页：" + PHRASE + "为92.1%。\n" + long_para + keep, "第二页：特此报告。"],
        title="关于转移支付资金使用情况的报告",
        red_header="融水苗族自治县财政局文件",
        doc_no="融财〔2020〕12号",
        keep_together=[keep],
    )
    texts = _pdf_texts(p)
    assert len(texts) >= 3  # the long paragraph overflowed onto its own page
    joined = "".join(texts)
    assert PHRASE in texts[0]
    assert "融财〔2020〕12号" in texts[0]
    assert "融水苗族自治县财政局文件" in texts[0]
    assert "第二页：特此报告。" in texts[-1]
    assert keep in joined  # never split across a line break
    lines = [ln for t in texts for ln in t.splitlines()]
    assert max(len(ln) for ln in lines) < 60  # long lines were wrapped


def test_image_pdf_has_no_text_layer(tmp_path):
    import pypdfium2 as pdfium

    p = docgen.make_image_pdf(tmp_path / "scan.pdf", [["第一页" + PHRASE], ["第二页，特此说明。"]], dpi=100)
    assert all(t.strip() == "" for t in _pdf_texts(p))
    doc = pdfium.PdfDocument(str(p))
    assert len(doc) == 2
    page = doc[0]
    objs = list(page.get_objects())
    assert objs and all(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in objs)
    page.close()
    doc.close()


# ---------------------------------------------------------------- scans / OCR

def test_scan_with_seal_is_ocr_readable(tmp_path, single_thread_ocr):
    from PIL import Image

    key = "污水处理厂运行情况"
    p = docgen.make_scan_png(
        tmp_path / "scan.png",
        ["现将县城" + key + "报告如下。", "2019年累计处理污水486.3万吨，平均负荷率88.8%。", "特此报告。"],
        seal=True,
        noise=True,
        rotate=0.4,
        signature=["融水苗族自治县住房和城乡建设局", "2020年3月12日"],
        seal_text="融水苗族自治县住房和城乡建设局",
    )
    img = Image.open(p)
    assert img.size[0] == 2480  # A4 width at 300 dpi
    # The seal really is there: plenty of saturated red pixels.
    import numpy as np

    rgb = np.asarray(img.convert("RGB"), dtype=np.int16)
    red = int(((rgb[..., 0] > 150) & (rgb[..., 1] < 110) & (rgb[..., 2] < 110)).sum())
    assert red > 10_000
    assert key in _ocr(img)


def test_exif_rotated_jpeg_is_upright_only_after_transpose(tmp_path, single_thread_ocr):
    from PIL import Image, ImageChops, ImageOps, ImageStat

    key = "水源地水质监测报告"
    lines = ["集中式饮用" + key, "监测结果全部达到三类标准。"]
    p = docgen.make_exif_rotated_jpg(tmp_path / "photo.jpg", lines, seal=False, noise=False, seed=3)
    raw = Image.open(p)
    assert raw.getexif().get(0x0112) == 3
    upright = ImageOps.exif_transpose(raw).convert("RGB")
    reference = docgen.make_scan_image(lines, seal=False, noise=False, seed=3)

    def diff(a, b):
        return sum(ImageStat.Stat(ImageChops.difference(a, b).convert("L")).mean)

    assert diff(upright, reference) < 1.0 < diff(raw.convert("RGB"), reference)
    assert key in _ocr(upright)
    assert key not in _ocr(raw.convert("RGB"))


def test_scan_jpg_and_multipage_tiff(tmp_path):
    from PIL import Image

    j = docgen.make_scan_jpg(tmp_path / "a.jpg", ["第一行"], dpi=100)
    assert Image.open(j).format == "JPEG"
    t = docgen.make_multipage_tiff(tmp_path / "a.tif", [["第一页"], ["第二页"], ["第三页"]], dpi=72)
    im = Image.open(t)
    assert im.format == "TIFF" and im.n_frames == 3


# ---------------------------------------------------------------- XLSX / text

def test_xlsx_round_trip(tmp_path):
    import openpyxl

    rows = [["乡镇", "林地（公顷）", "耕地（公顷）"], ["融水镇", 1234.5, 88], ["和睦镇", 2345.25, 120]]
    p = docgen.make_xlsx(tmp_path / "a.xlsx", {"土地利用现状统计表": rows, "说明[1]": [["数据来源：变更调查"]]})
    wb = openpyxl.load_workbook(p, read_only=True)
    assert wb.sheetnames == ["土地利用现状统计表", "说明_1_"]
    assert [list(r) for r in wb["土地利用现状统计表"].iter_rows(values_only=True)] == rows


def test_gb18030_round_trip(tmp_path):
    text = "融水苗族自治县统计局\n常住人口增长0.8%，含扩展字符：䶮、𠀀。"
    p = docgen.make_gb18030_txt(tmp_path / "a.txt", text)
    data = p.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030") == text.replace("\n", "\r\n")
    u = docgen.make_utf8_txt(tmp_path / "b.txt", text, bom=True)
    assert u.read_bytes().startswith(b"\xef\xbb\xbf")
    assert u.read_bytes().decode("utf-8-sig") == text


# ---------------------------------------------------------------- hostile inputs

def test_truncated_and_fake_ext_and_not_a_zip(tmp_path):
    src = docgen.make_docx(tmp_path / "src.docx", ["内容"] * 20)
    t = docgen.make_truncated(src, tmp_path / "cut.docx", 0.5)
    assert t.stat().st_size == src.stat().st_size // 2
    assert not zipfile.is_zipfile(t)  # central directory is gone

    fake = docgen.make_fake_ext(tmp_path / "report.docx")
    assert fake.suffix == ".docx" and fake.read_bytes().startswith(b"%PDF-")
    assert "污水处理厂" in "".join(_pdf_texts(fake))
    assert not list(tmp_path.glob("*.tmp.pdf"))

    nz = docgen.make_not_a_zip_docx(tmp_path / "nz.docx")
    assert not zipfile.is_zipfile(nz)


def test_zip_bomb_docx_is_small_but_inflates_huge(tmp_path):
    p = docgen.make_zip_bomb_docx(tmp_path / "bomb.docx")
    assert p.stat().st_size < 8 * 1024**2
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo("word/document.xml")
        assert info.file_size >= 2 * 1024**3 - 2 * 1024**2
        with zf.open(info) as fh:
            head = fh.read(4096)
        assert head.startswith(b"<?xml") and "融水".encode() in head

    # A small instance inflates completely and passes zipfile's CRC check,
    # proving the stitched deflate stream and checksums are valid.
    small = docgen.make_zip_bomb_docx(tmp_path / "small.docx", 20 * 1024**2)
    with zipfile.ZipFile(small) as zf:
        assert zf.testzip() is None
        data = zf.read("word/document.xml")
        assert len(data) == zf.getinfo("word/document.xml").file_size
        assert data.endswith(b"</w:document>")

    liar = docgen.make_zip_bomb_docx(tmp_path / "liar.docx", 3 * 1024**3, declared_only=True)
    with zipfile.ZipFile(liar) as zf:
        assert zf.getinfo("word/document.xml").file_size == 3 * 1024**3
    assert liar.stat().st_size < 4096


def test_big_pdf_and_huge_image(tmp_path):
    import time

    import pypdfium2 as pdfium
    from PIL import Image

    t0 = time.perf_counter()
    p = docgen.make_big_pdf(tmp_path / "big.pdf", pages=500)
    assert time.perf_counter() - t0 < 10
    doc = pdfium.PdfDocument(str(p))
    assert len(doc) == 500
    tp = doc[499].get_textpage()
    assert "第500页" in tp.get_text_range()
    tp.close()
    doc.close()

    h = docgen.make_huge_image(tmp_path / "huge.png", 20000, 20000)
    assert h.stat().st_size < 2 * 1024**2
    with pytest.raises(Image.DecompressionBombError):
        Image.open(h)

    # A smaller one decodes completely: the hand-written PNG stream is valid.
    ok = docgen.make_huge_image(tmp_path / "ok.png", 3000, 2000, mode="RGB")
    im = Image.open(ok)
    im.load()
    assert im.size == (3000, 2000) and im.getextrema() == ((255, 255),) * 3
