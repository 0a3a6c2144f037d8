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
ELONGATED = 1.5  # a box this much longer than wide is (part of) a line of text


def upright(image: Image.Image, turn: int, skew: float) -> Image.Image:
    """The page as it was read: turned `turn` degrees clockwise, then rotated `skew` degrees
    counter-clockwise on a white background, grown so that no corner is cut off."""
    if turn % 360:
        image = image.rotate(-(turn % 360), expand=True)
    if skew:
        white = 255 if image.mode in ("L", "1") else (255,) * len(image.getbands())
        image = image.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=white)
    return image


def upright_size(width: int, height: int, turn: int, skew: float) -> tuple[int, int]:
    """The size `upright` gives a page of this size, without drawing it (Pillow's own arithmetic
    for `rotate(expand=True)`)."""
    if turn % 180:
        width, height = height, width
    if not skew:
        return width, height
    angle = -math.radians(skew)
    a, b = round(math.cos(angle), 15), round(math.sin(angle), 15)
    cx, cy = width / 2, height / 2
    c, f = a * -cx + b * -cy + cx, -b * -cx + a * -cy + cy
    xs, ys = zip(*((a * x + b * y + c, -b * x + a * y + f) for x, y in ((0, 0), (width, 0), (width, height), (0, height))))
    return math.ceil(max(xs)) - math.floor(min(xs)), math.ceil(max(ys)) - math.floor(min(ys))


def line_angle(box: Box) -> tuple[float, float, float]:
    """(direction of the box's long side in degrees, folded into (-90, 90], positive rising to
    the right; long side; short side). Independent of the order the corners come in."""
    sides = [(box[k], box[(k + 1) % 4]) for k in range(2)]
    lengths = [math.dist(p, q) for p, q in sides]
    (p, q), long_side = (sides[0], lengths[0]) if lengths[0] >= lengths[1] else (sides[1], lengths[1])
    angle = math.degrees(math.atan2(p[1] - q[1], q[0] - p[0]))
    if angle <= -90:
        angle += 180
    elif angle > 90:
        angle -= 180
    return angle, long_side, min(lengths)


def is_line_across(box: Box) -> bool:
    """An elongated box that runs across the page (within 45° of level)."""
    angle, long_side, short_side = line_angle(box)
    return long_side >= ELONGATED * max(short_side, 1) and abs(angle) <= 45


def is_sideways(boxes: Sequence[Box]) -> bool:
    """Most of the text, by length, stands in boxes running down the page: it lies on its side.
    (Counted by length so that a seal's short words do not outvote the lines.)"""
    down = across = 0.0
    for box in boxes:
        angle, long_side, short_side = line_angle(box)
        if long_side >= ELONGATED * max(short_side, 1):
            if abs(angle) > 45:
                down += long_side
            else:
                across += long_side
    return down > 2 * across


def line_skew(boxes: Sequence[Box]) -> float:
    """The median slope of the long lines that run across the page, in degrees (positive: rising
    to the right), or 0 when there are too few to tell or the slope is too small to matter or
    implausible for a page."""
    angles = sorted(angle for angle, long_side, short_side in map(line_angle, boxes)
                    if long_side >= 4 * max(short_side, 1) and abs(angle) <= 45)
    if len(angles) < 2:
        return 0.0
    median = angles[len(angles) // 2]
    return median if MIN_SKEW <= abs(median) <= MAX_SKEW else 0.0
