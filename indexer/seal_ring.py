"""A seal's ring of characters, read: the ring unrolled by a polar transform into one upright
line and read by Tesseract as a single line (the issuer's name on the seal itself)."""

from __future__ import annotations

import re

import numpy as np

from indexer.seals import SealMark, red_mask


def ring_strip(image, mark: SealMark, line_h: int = 48):
    """The seal's ring of characters unrolled into one upright line (polar unwrap from the
    widest gap between the first and last character), black on white, for OCR."""
    import cv2
    from PIL import Image

    width, height = image.size
    r = mark.diameter * width / 2
    cx, cy = mark.x * width, mark.y * height
    box = tuple(round(v) for v in (cx - r * 1.1, cy - r * 1.1, cx + r * 1.1, cy + r * 1.1))
    crop = np.asarray(image.crop(box).convert("RGB"))  # the seal's square only, not the page, converted
    ink = np.where(red_mask(crop) > 0, 0, 255).astype(np.uint8)
    steps = 1440
    polar = cv2.warpPolar(ink, (round(r * 1.1), steps), (ink.shape[1] / 2, ink.shape[0] / 2), r * 1.1,
                          cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR)
    strip = cv2.rotate(polar[:, round(r * 0.55):round(r * 0.95)], cv2.ROTATE_90_COUNTERCLOCKWISE)
    strip[(strip < 128).mean(axis=1) > 0.7] = 255  # the border ring itself: a line all the way round
    inked = (strip < 128).sum(axis=0) > 2
    if not inked.any():
        return None
    gap, end, run = 0, 0, 0
    for i, v in enumerate(np.concatenate([inked, inked])):
        run = 0 if v else run + 1
        if run > gap:
            gap, end = run, i
    strip = np.roll(strip, -((end + 1) % steps), axis=1)
    cols = np.nonzero((strip < 128).sum(axis=0) > 2)[0]
    strip = strip[:, max(0, cols.min() - 10):cols.max() + 10]
    rows = np.nonzero((strip < 128).mean(axis=1) > 0.01)[0]
    strip = strip[max(0, rows.min() - 2):rows.max() + 3]  # the glyphs' own height, no specks above
    # glyphs squeezed to about square, as Tesseract expects
    strip = cv2.resize(strip, (max(1, round(strip.shape[1] * 0.6 * line_h / strip.shape[0])), line_h),
                       interpolation=cv2.INTER_AREA)
    return Image.fromarray(np.pad(strip, 16, constant_values=255))


def read_ring_text(image, mark: SealMark, language: str, timeout: float, engine: str = "tesseract") -> str:
    """OCR of the seal's ring; '' when unreadable. With PP-OCR as the engine its recogniser reads
    the unrolled line in-process (a tenth of a second, and better than Tesseract on rings);
    otherwise through the project's Tesseract entry point, a process per try."""
    from indexer.ocr.engine import resolve
    from indexer.ocr.tesseract import ocr_image

    if resolve(engine) == "ppocr":
        from indexer.ocr.ppocr import PPOcrEngine

        strip = ring_strip(image, mark)
        return "" if strip is None else re.sub(r"\s+", "", PPOcrEngine.shared().read_line(strip))
    best = ""
    try:
        for line_h in (48, 64, 36):  # Tesseract now and then reads nothing from one scale of a line
            strip = ring_strip(image, mark, line_h)
            if strip is None:
                return ""
            text = re.sub(r"\s+", "", ocr_image(strip, language, timeout, psm=7))
            if len(text) > len(best):
                best = text
            if len(best) >= 6:
                break
    except Exception:  # a ring that cannot be read leaves the seal itself standing
        return best
    return best
