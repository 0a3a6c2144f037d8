"""Turning and levelling a page so that its lines run left to right, top to bottom.

Phone photos arrive sideways, upside down (when the phone wrote no EXIF orientation) or a few
degrees off level. The engine decides `turn` (0/90/180/270 degrees clockwise) and `skew` (degrees
counter-clockwise that level the lines) from the boxes it found on a first reading; `upright`
applies them, and is the one place that does, so the document view can show the very page the
stored line boxes belong to.
"""

from __future__ import annotations

import math
from typing import Sequence

from PIL import Image

Box = Sequence[Sequence[float]]
MIN_SKEW = 0.5  # degrees: below this a page is read as it is
MAX_SKEW = 20.0  # beyond this the "lines" are a seal or a drawing, not a tilted page
SIDEWAYS_RATIO = 1.5  # a crop this much taller than wide is a line written top to bottom


def upright(image: Image.Image, turn: int, skew: float) -> Image.Image:
    """The page as it was read: turned `turn` degrees clockwise, then rotated `skew` degrees
    counter-clockwise on a white background, grown so that no corner is cut off."""
    if turn % 360:
        image = image.rotate(-(turn % 360), expand=True)
    if skew:
        white = 255 if image.mode in ("L", "1") else (255,) * len(image.getbands())
        image = image.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=white)
    return image


def _size(box: Box) -> tuple[float, float]:
    width = math.dist(box[0], box[1])
    height = math.dist(box[1], box[2])
    return width, height


def is_tall(box: Box) -> bool:
    width, height = _size(box)
    return height >= SIDEWAYS_RATIO * max(width, 1)


def is_wide(box: Box) -> bool:
    width, height = _size(box)
    return width >= SIDEWAYS_RATIO * max(height, 1)


def is_sideways(boxes: Sequence[Box]) -> bool:
    """Most of the text, by length, stands in boxes taller than wide: the lines run down the
    page, which lies on its side. (Counted by length so that a seal's short words do not vote.)"""
    tall = sum(max(_size(b)) for b in boxes if is_tall(b))
    wide = sum(max(_size(b)) for b in boxes if is_wide(b))
    return tall > 2 * wide


def line_skew(boxes: Sequence[Box]) -> float:
    """The median slope of the long lines' top edges, in degrees (positive: rising to the right),
    or 0 when there are too few long lines to tell or the slope is implausible for a page."""
    angles = []
    for box in boxes:
        width, height = _size(box)
        if width >= 4 * height and width > 0:
            (x0, y0), (x1, y1) = box[0], box[1]
            angles.append(math.degrees(math.atan2(y0 - y1, x1 - x0)))
    if len(angles) < 2:
        return 0.0
    angles.sort()
    median = angles[len(angles) // 2]
    return median if MIN_SKEW <= abs(median) <= MAX_SKEW else 0.0
