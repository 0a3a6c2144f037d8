"""PDF: the text layer through pypdfium2 (fast), tables through pdfplumber only on pages that
draw ruling lines, and OCR for pages whose text layer is missing, garbage, or implausibly short
for the ink on the page (a turned scan with one stray text line, text drawn as outlines). OCR
reads the page as it is displayed: its /Rotate is applied by the renderer.

Pages are rendered one after another in this thread (PDFium is not thread-safe) while the OCR engine
reads the previous ones, up to one page per idle core (indexer.ocr.pages.PageReader).
"""

from __future__ import annotations

import contextlib
import math
import re
from pathlib import Path
from typing import Callable

from archive.store import PageText
from indexer.extract.normalize import normalize_text
from indexer.extract.result import Extraction, ExtractionError, ExtractOptions
from indexer.ocr.cpu_slots import cpu_slot
from indexer.ocr.pages import PageReader, page_text
from indexer.seal_pages import RING_DPI, SEAL_DPI, SealJudge

_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]|\(cid:\d+\)")
_DOUBLED_CJK = re.compile(r"([\u4e00-\u9fff])\1")
_CJK_RUN = re.compile("[\u4e00-\u9fff]+")
_SPACE_RUN = re.compile(r"\s+")
MIN_USABLE_CHARS = 8
TABLE_PATH_OBJECTS = 12
INK_SCALE = 0.25  # 18 dpi: enough to weigh a page's ink, a few ms a page
INK_PER_CHAR = 10.0  # edge strength of one CJK character at about 11 pt (12 at 12 pt, 7 at 9 pt)
UNEXPLAINED_CHARS = 60  # writing beyond the text layer's that sends a page to OCR
SHORT_LAYER_CHARS = 300  # layers at least this long are trusted without weighing the ink

Progress = Callable[..., None]  # (pages done, pages in all, read by OCR)


def text_layer_is_usable(text: str) -> bool:
    """Garbage from unmapped fonts, fake-bold doubling or a near-empty layer means: OCR it."""
    visible = visible_chars(text)
    if visible < MIN_USABLE_CHARS:
        return False
    if len(_BAD.findall(text)) > 0.1 * visible:
        return False
    cjk = len(text) - len(_CJK_RUN.sub("", text))  # counted by regular expressions, not a loop per character
    return not (cjk >= 20 and len(_DOUBLED_CJK.findall(text)) * 2 > 0.6 * cjk)


def visible_chars(text: str) -> int:
    """Characters that are not white space (`str.isspace`, which is what `\\s` matches)."""
    return len(_SPACE_RUN.sub("", text))


def layer_is_short_for_its_ink(page, textpage, text: str) -> bool:
    """Whether the page shows far more writing than its text layer holds: then OCR reads it.

    The page is rendered small, greyscale and unrotated (the text layer's own coordinates), and
    its ink measured as edge strength, so flat fills (a shaded sidebar, a coloured cover) weigh
    little; ink inside the layer's character boxes is already explained. What remains is
    converted to characters of about 11 pt: a logo or a rule stays below the bar, a page of
    writing the layer lacks does not."""
    chars = visible_chars(text)
    if chars >= SHORT_LAYER_CHARS:
        return False
    import numpy as np

    rotation = page.get_rotation()
    pixels = page.render(scale=INK_SCALE, grayscale=True, rotation=(360 - rotation) % 360).to_numpy()
    image = pixels.astype(np.float32) / 255
    edges = np.zeros_like(image)
    edges[:, 1:] += np.abs(np.diff(image, axis=1))
    edges[1:, :] += np.abs(np.diff(image, axis=0))
    left, _, _, top = page.get_bbox()
    for i in range(textpage.count_chars()):
        char_left, char_bottom, char_right, char_top = textpage.get_charbox(i, loose=True)
        x0, x1 = math.floor((char_left - left) * INK_SCALE) - 1, math.ceil((char_right - left) * INK_SCALE) + 2
        y0, y1 = math.floor((top - char_top) * INK_SCALE) - 1, math.ceil((top - char_bottom) * INK_SCALE) + 2
        edges[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = 0
    unexplained = float(edges.sum()) / INK_SCALE / INK_PER_CHAR
    return unexplained >= chars + UNEXPLAINED_CHARS


def extract_pdf(path: Path, options: ExtractOptions, progress: Progress | None = None) -> Extraction:
    with cpu_slot(options.cores):  # this worker is busy on a core: other workers' extra OCR pages keep off it
        return _extract_pdf(path, options, progress)


def _extract_pdf(path: Path, options: ExtractOptions, progress: Progress | None) -> Extraction:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower() and _declares_encryption(path):
            raise ExtractionError("encrypted", "PDF 文件已加密（需要密码才能打开），请提交未加密的版本", text) from exc
        raise ExtractionError("corrupt_pdf", "PDF 文件已损坏或不是有效的 PDF，无法打开", text) from exc
    try:
        meta_title = _meta_title(pdf)
        count = len(pdf)
        if count == 0:
            raise ExtractionError("no_pages", "PDF 文件中没有任何页面（文件可能已损坏）")
        if count > options.max_pages:
            raise ExtractionError("too_many_pages", f"PDF 共 {count} 页，超过上限 {options.max_pages} 页")
        pages: list[PageText | None] = []
        table_pages: list[int] = []
        layers: dict[int, str] = {}
        seals = SealJudge(options.ocr_language, options.ocr_page_timeout, options.ocr_engine)
        with contextlib.ExitStack() as stack:
            reader: PageReader | None = None
            for index in range(count):
                page = pdf[index]
                textpage = page.get_textpage()
                raw = textpage.get_text_bounded()
                usable = text_layer_is_usable(raw)
                short = layer_is_short_for_its_ink(page, textpage, raw if usable else "")
                objects = page_objects(page)
                if usable and not short:
                    pages.append(PageText(index + 1, normalize_text(raw)))
                    paths = objects.get(pdfium_c.FPDF_PAGEOBJ_PATH, 0)
                    if paths >= TABLE_PATH_OBJECTS:
                        table_pages.append(index)
                    # an embedded seal image (电子公章) or one drawn in red: judged on a small render
                    if objects.get(pdfium_c.FPDF_PAGEOBJ_IMAGE) or (paths and _red_paths(page) >= 2):
                        seals.page(page.render(scale=SEAL_DPI / 72).to_pil(), index + 1)
                        if seals.last_found and seals.wants_ring_text:
                            seals.read_rings(page.render(scale=RING_DPI / 72).to_pil(), index + 1)
                elif short or objects.get(pdfium_c.FPDF_PAGEOBJ_IMAGE) or raw.strip():
                    if usable:
                        layers[index] = normalize_text(raw)  # kept if OCR reads less
                    if reader is None:
                        on_done = (lambda i: progress(i + 1, count, True)) if progress else None
                        reader = stack.enter_context(PageReader(
                            options.ocr_language, options.ocr_page_timeout, on_done, engine=options.ocr_engine,
                            cores=options.cores))
                    pages.append(None)  # filled in when OCR is done; progress reported then
                    reader.add(index, seals.page_for(options.ocr_engine, page.render(scale=options.ocr_dpi / 72).to_pil(),
                                                             index + 1))
                    continue
                else:
                    pages.append(PageText(index + 1, ""))
                if progress:
                    progress(index + 1, count)
            if reader is not None:
                for index, ocr_page in reader.finish().items():
                    read = page_text(index + 1, ocr_page)
                    layer = layers.get(index)
                    if layer is not None and visible_chars(layer) >= visible_chars(read.text):
                        pages[index] = PageText(index + 1, layer)  # the text layer read more than OCR
                    else:
                        pages[index] = read
    finally:
        pdf.close()
    raw_tables: list[tuple[int, str]] = []
    if table_pages:
        pages = _add_tables(path, pages, table_pages, raw_tables)
    return Extraction("pdf", pages, seals=seals.result(every_page_seen=True), tables=raw_tables, meta_title=meta_title)


def _meta_title(pdf) -> str | None:
    """The Info dictionary's Title; a broken one is no title."""
    try:
        return (pdf.get_metadata_dict().get("Title") or "").strip() or None
    except Exception:
        return None


def _declares_encryption(path: Path) -> bool:
    """PDFium's last-error code can be stale; the /Encrypt entry is what makes a PDF encrypted."""
    with path.open("rb") as fh:
        data = fh.read()
    return b"/Encrypt" in data


def page_objects(page) -> dict[int, int]:
    """The page's top-level objects counted by type (FPDF_PAGEOBJ_PATH, _IMAGE …), through
    PDFium's C API: pypdfium2's `get_objects` wraps every object in Python, which on a page of
    table rules cost more than reading the page's text."""
    import pypdfium2.raw as pdfium_c

    counts: dict[int, int] = {}
    handle = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(handle)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(handle, i))
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _red_paths(page) -> int:
    """Paths stroked or filled in red: a drawn seal has several (ring, star); black table rules none."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = 0
    rgba = [ctypes.c_uint() for _ in range(4)]
    refs = [ctypes.byref(v) for v in rgba]
    handle = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(handle)):
        obj = pdfium_c.FPDFPage_GetObject(handle, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        for getter in (pdfium_c.FPDFPageObj_GetStrokeColor, pdfium_c.FPDFPageObj_GetFillColor):
            if getter(obj, *refs):
                r, g, b, a = (v.value for v in rgba)
                if a and r >= 150 and r - max(g, b) >= 80:
                    count += 1
                    break
    return count


def _add_tables(path: Path, pages: list[PageText], indexes: list[int],
                raw_tables: list[tuple[int, str]]) -> list[PageText]:
    """Append each ruled table as tab-separated rows, so cell boundaries survive for tagging."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            for index in indexes:
                tables = pdf.pages[index].extract_tables()
                rows = ["\t".join(cell or "" for cell in row) for table in tables for row in table if row]
                if rows:
                    raw_tables.append((index + 1, "\n".join(rows)))
                    page = pages[index]
                    table_text = normalize_text("\n".join(rows))
                    pages[index] = PageText(page.number, f"{page.text}\n\n{table_text}", page.raw, page.ocr)
    except Exception:  # tables are a bonus over the text layer we already have
        return pages
    return pages
