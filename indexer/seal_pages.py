"""Seals of a whole document, judged page by page where the extraction worker already has the
page images (scans, OCR renders, small renders of PDF pages that carry a picture or red
drawing, pictures inside DOCX/XLSX), with the first seals' ring text read."""

from __future__ import annotations

import numpy as np

from indexer.extract.sniff import IMAGE_SUFFIXES
from indexer.seal_ring import read_ring_text
from indexer.seals import SealMark, find_seals

SEAL_DPI = 60   # text-layer PDF pages are rendered this small only to look for seals
RING_DPI = 200  # and again this sharp when one is found, to read its ring text
MAX_MEDIA = 40
MAX_MEDIA_BYTES = 30 * 1024 * 1024


# stamp ink in the red band is a light grey (~180–230); black print stays below ~100
_DROP_STAMP_INK = [v if v <= 140 else 255 for v in range(256)]


RING_MIN_PX = 150        # a seal smaller than this (in the image's own pixels) is too small to read
RING_TRIES = 2           # ring texts read per document: the first seals name the issuer


class SealJudge:
    """Collects the seals of a document page by page, and whether any page could be judged.
    With an OCR language, the ring text of the first seals is read too."""

    def __init__(self, ocr_language: str | None = "chi_sim", ocr_timeout: float = 30.0,
                 ocr_engine: str = "tesseract") -> None:
        self.ocr_engine = ocr_engine  # which engine reads the rings (`[ocr] engine`)
        self.marks: list[SealMark] = []
        self.judged = 0
        self.last_found = False
        self.ocr_language = ocr_language
        self.ocr_timeout = ocr_timeout
        self.rings_tried = 0

    def page_for(self, engine: str, image, number: int | None):
        """Judge one page and return the image for `engine` to read: PP-OCR takes seals off the
        page itself (indexer/ocr/flatten.py), so it gets the page as it is; Tesseract gets the
        page with the stamp's ink lightened (see `page`)."""
        from indexer.ocr.engine import resolve

        if resolve(engine) == "ppocr":
            self.page(image, number, lighten=False)
            return image
        return self.page(image, number)

    def page(self, image, number: int | None, lighten: bool = True):
        """Judge one page; returns the image to OCR: inside each seal its red band alone, where
        the stamp's ink is as light as the paper and the 落款 under it reads again (the rest of
        the page as it was, so a red heading is still read)."""
        self.last_found = False
        if not _small_rgb_mode_ok(image):
            return image
        self.judged += 1
        marks = find_seals(image, number)
        self.last_found = bool(marks)
        if not marks or isinstance(image, np.ndarray):
            self.marks.extend(marks)
            return image
        self.marks.extend(self._with_ring_text(image, marks))
        return without_stamp_ink(image, marks) if lighten else image

    @property
    def wants_ring_text(self) -> bool:
        return bool(self.ocr_language) and self.rings_tried < RING_TRIES

    def read_rings(self, image, number: int | None) -> None:
        """Read the ring text from a sharper render of a page whose small render had a seal."""
        found = [m for m in self.marks if m.page == number]
        if not found or not self.wants_ring_text:
            return
        sharp = self._with_ring_text(image, find_seals(image, number))
        texts = [m for m in sharp if m.ring_text]
        if texts:
            self.marks = [m for m in self.marks if m.page != number] + sharp

    def _with_ring_text(self, image, marks: list[SealMark]) -> list[SealMark]:
        from dataclasses import replace

        out = []
        for mark in marks:
            if self.wants_ring_text and mark.diameter * image.size[0] >= RING_MIN_PX:
                self.rings_tried += 1
                mark = replace(mark, ring_text=read_ring_text(image, mark, self.ocr_language, self.ocr_timeout,
                                                                  self.ocr_engine))
            out.append(mark)
        return out

    def result(self, every_page_seen: bool = False) -> list[dict] | None:
        """Marks as dicts; None when no page had colour to judge (and not every page was seen)."""
        if not self.judged and not every_page_seen:
            return None
        return [m.as_dict() for m in self.marks]


def without_stamp_ink(image, marks: list[SealMark]):
    """Greyscale page with the seals' ink lifted: within each seal, the red band thresholded."""
    from PIL import Image, ImageDraw

    rgb = image.convert("RGB")
    width, height = rgb.size
    inside = Image.new("L", rgb.size, 0)
    draw = ImageDraw.Draw(inside)
    for m in marks:
        r = m.diameter * width * 0.65  # an oval seal's long axis too
        draw.ellipse((m.x * width - r, m.y * height - r, m.x * width + r, m.y * height + r), fill=255)
    return Image.composite(rgb.getchannel("R").point(_DROP_STAMP_INK), rgb.convert("L"), inside)


def _small_rgb_mode_ok(image) -> bool:
    if isinstance(image, np.ndarray):
        return image.ndim == 3 and image.shape[2] >= 3
    return image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV")


def seals_in_package(path, prefix: str) -> list[dict] | None:
    """Seals on the pictures inside an Office package (a scanned page pasted into Word, an
    电子公章 image): [] when it holds no picture at all, None when no picture had colour."""
    import io
    import zipfile

    from PIL import Image, UnidentifiedImageError

    judge = SealJudge()
    seen = 0
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if i.filename.startswith(prefix)
                       and i.filename.lower().endswith(IMAGE_SUFFIXES) and i.file_size <= MAX_MEDIA_BYTES]
            for info in members[:MAX_MEDIA]:
                seen += 1
                try:
                    with Image.open(io.BytesIO(zf.read(info))) as image:
                        if image.size[0] * image.size[1] > 60_000_000:
                            continue
                        image.load()
                        judge.page(image, None)
                except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
                    continue
    except (zipfile.BadZipFile, OSError):
        return None
    return judge.result(every_page_seen=not seen)
