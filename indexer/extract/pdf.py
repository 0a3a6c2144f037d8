"""PDF: the text layer through pypdfium2 (fast), tables through pdfplumber only on pages that
draw ruling lines, and OCR for pages whose text layer is missing or garbage.

Pages are rendered one after another in this thread (PDFium is not thread-safe) while the OCR engine
reads the previous ones, up to one page per idle core (indexer.ocr.pages.PageReader).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Callable

from archive.store import PageText
from indexer.extract.normalize import normalize_text
from indexer.extract.result import Extraction, ExtractionError, ExtractOptions
from indexer.ocr.cpu_slots import cpu_slot
from indexer.ocr.pages import PageReader, page_text

_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]|\(cid:\d+\)")
_DOUBLED_CJK = re.compile(r"([\u4e00-\u9fff])\1")
MIN_USABLE_CHARS = 8
TABLE_PATH_OBJECTS = 12

Progress = Callable[[int], None]


def text_layer_is_usable(text: str) -> bool:
    """Garbage from unmapped fonts, fake-bold doubling or a near-empty layer means: OCR it."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_USABLE_CHARS:
        return False
    if len(_BAD.findall(text)) > 0.1 * len(visible):
        return False
    cjk = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff")
    return not (cjk >= 20 and len(_DOUBLED_CJK.findall(text)) * 2 > 0.6 * cjk)


def extract_pdf(path: Path, options: ExtractOptions, progress: Progress | None = None) -> Extraction:
    with cpu_slot():  # this worker is busy on a core: other workers' extra OCR pages keep off it
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
        count = len(pdf)
        if count == 0:
            raise ExtractionError("no_pages", "PDF 文件中没有任何页面（文件可能已损坏）")
        if count > options.max_pages:
            raise ExtractionError("too_many_pages", f"PDF 共 {count} 页，超过上限 {options.max_pages} 页")
        pages: list[PageText | None] = []
        table_pages: list[int] = []
        with contextlib.ExitStack() as stack:
            reader: PageReader | None = None
            for index in range(count):
                page = pdf[index]
                raw = page.get_textpage().get_text_bounded()
                if text_layer_is_usable(raw):
                    pages.append(PageText(index + 1, normalize_text(raw)))
                    if _count_objects(page, pdfium_c.FPDF_PAGEOBJ_PATH) >= TABLE_PATH_OBJECTS:
                        table_pages.append(index)
                elif _count_objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE) or raw.strip():
                    if reader is None:
                        on_done = (lambda i: progress(i + 1)) if progress else None
                        reader = stack.enter_context(PageReader(
                            options.ocr_language, options.ocr_page_timeout, on_done, engine=options.ocr_engine))
                    pages.append(None)  # filled in when OCR is done; progress reported then
                    reader.add(index, page.render(scale=options.ocr_dpi / 72).to_pil())
                    continue
                else:
                    pages.append(PageText(index + 1, ""))
                if progress:
                    progress(index + 1)
            if reader is not None:
                for index, ocr_page in reader.finish().items():
                    pages[index] = page_text(index + 1, ocr_page)
    finally:
        pdf.close()
    if table_pages:
        pages = _add_tables(path, pages, table_pages)
    return Extraction("pdf", pages)


def _declares_encryption(path: Path) -> bool:
    """PDFium's last-error code can be stale; the /Encrypt entry is what makes a PDF encrypted."""
    with path.open("rb") as fh:
        data = fh.read()
    return b"/Encrypt" in data


def _count_objects(page, kind: int) -> int:
    return sum(1 for _ in page.get_objects(filter=[kind], max_depth=1))


def _add_tables(path: Path, pages: list[PageText], indexes: list[int]) -> list[PageText]:
    """Append each ruled table as tab-separated rows, so cell boundaries survive for tagging."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            for index in indexes:
                tables = pdf.pages[index].extract_tables()
                rows = ["\t".join(cell or "" for cell in row) for table in tables for row in table if row]
                if rows:
                    page = pages[index]
                    table_text = normalize_text("\n".join(rows))
                    pages[index] = PageText(page.number, f"{page.text}\n\n{table_text}", page.raw, page.ocr)
    except Exception:  # tables are a bonus over the text layer we already have
        return pages
    return pages
