"""A page of an archived scan as the OCR engine read it, for people to look at.

The stored line boxes are coordinates on the upright page the engine read (after EXIF, turn and
skew); `page_as_read` rebuilds that page from the original file at a screen resolution, so a
search hit can be marked on the paper itself rather than on the recognised text.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence

from indexer.ocr.flatten import flatten
from indexer.ocr.orientation import upright

SCREEN_DPI = 144  # PDF pages: sharp enough to read on a tablet, a tenth of the pixels of 300 dpi
MAX_WIDTH = 1400


def source_page(path: Path, fmt: str, number: int) -> Image.Image:
    """Page `number` (1-based) of an archived PDF or image, upright per EXIF and opaque.
    LookupError when there is no such page; other errors are the file's."""
    if fmt == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= number <= len(pdf):
                raise LookupError(number)
            return flatten(pdf[number - 1].render(scale=SCREEN_DPI / 72).to_pil())
        finally:
            pdf.close()
    if fmt == "image":
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if index == number:
                    frame.load()
                    return flatten(frame.copy())
        raise LookupError(number)
    raise LookupError(fmt)


def page_as_read(path: Path, fmt: str, number: int, layout: dict) -> Image.Image:
    """The upright page the stored boxes are on, at most MAX_WIDTH pixels wide (the boxes are
    scaled by the viewer: only the proportions must agree)."""
    page = source_page(path, fmt, number)
    if page.width > MAX_WIDTH * 2:  # turning a 300 dpi photo at full size costs more than it shows
        page = page.reduce(page.width // MAX_WIDTH)
    page = upright(page, int(layout.get("turn", 0)), float(layout.get("skew", 0.0)))
    page.thumbnail((MAX_WIDTH, MAX_WIDTH * 4))
    return page
