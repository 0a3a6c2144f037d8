"""Red official seals (公章) on page images: found by colour and shape, not by reading.

Inspectors reject evidence that should be sealed and is not, so the archive records whether
each page carries a seal. A seal is red ink in a ring: a closed (or, at the page edge, mostly
closed) circle or ellipse, hollow but not empty — a star or a ring of characters inside. Red
headings (红头), red table rules and red rectangular stamps are red too, but they fill no ring.

The page is first white-balanced on its paper (the brightest tones), so a photo in yellow
lamp light or a dim scan still shows red as red; everything runs on a downscaled copy (the
longest side at most `WORK_SIDE` px), so a 300 dpi scan costs a few milliseconds more.

Most pages carry no red at all, and on a sealed page the red is a small part of it: so the page
is first looked at point by point (`PRECHECK_SIDE` px of single pixels, well under a millisecond),
which gives the paper's tone and where any reddish ink is. A page with none is done; otherwise
only the neighbourhood of the red (`REGION_MARGIN` of the shorter side around it) is downscaled
and judged, not the whole page (the page-wide downscale and mask were most of a page's cost).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

WORK_SIDE = 800
MIN_DIAMETER_FRACTION = 0.05   # of the page's shorter side: a seal is 38–45 mm on a 210 mm page
MAX_DIAMETER_FRACTION = 1.02  # a picture that is only the seal (an 电子公章 PNG)
ANGLE_BINS = 48
PRECHECK_SIDE = 512     # px: the point sample of the page (nearest neighbour, not averaged)
CELL = 8                # sample points per side of a cell of the grid the red is located on
REGION_MARGIN = 0.1     # of the page's shorter side, kept around reddish points: twice the smallest seal
WHOLE_PAGE_SHARE = 0.6  # regions covering more of the page than this: the page is downscaled whole


@dataclass(frozen=True)
class SealMark:
    """One seal on one page, in the page's own pixel coordinates (fractions of its size)."""

    page: int | None
    x: float          # centre, 0..1 of the page width
    y: float          # centre, 0..1 of the page height
    diameter: float   # 0..1 of the page width
    coverage: float   # share of the ring's angles with red ink
    score: float
    ring_text: str = ""

    def as_dict(self) -> dict:
        out = asdict(self)
        for key in ("x", "y", "diameter", "coverage", "score"):
            out[key] = round(out[key], 3)
        return out


def find_seals(image, page: int | None = None, whole_page: bool = False) -> list[SealMark]:
    """Every red seal on `image` (PIL image or RGB array), best first. `whole_page`: downscale
    and mask the whole page, no point sample first (the reference the sampled path is held to by
    tests/test_seals.py and bench/seals.py)."""
    page_image = _colour_page(image)
    if page_image is None:
        return []
    mask = _whole_page_mask(page_image) if whole_page else _page_mask(page_image)
    if mask is None:
        return []
    found = []
    for blob in _blobs(mask):
        mark = _judge(blob, mask, mask.shape)
        if mark is not None:
            cx, cy, d, coverage, score = mark
            found.append(SealMark(page, cx / mask.shape[1], cy / mask.shape[0], d / mask.shape[1],
                                  coverage, score))
    return sorted(found, key=lambda m: -m.score)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Red-ink pixels after white-balancing on the paper; faint pink counts, brown and black do not."""
    step = max(1, round(math.sqrt(rgb.shape[0] * rgb.shape[1] / 40_000)))
    # the paper: the 90th percentile of each channel becomes white
    return _red_pixels(rgb, paper_gain(rgb[::step, ::step]))


def paper_gain(sample: np.ndarray) -> np.ndarray:
    """Per-channel factors that make the paper (each channel's 90th percentile) white."""
    paper = np.maximum(np.percentile(sample.reshape(-1, 3), 90, axis=0), 40.0).astype(np.float32)
    return 235.0 / paper


def _red_pixels(rgb: np.ndarray, gain: np.ndarray, loose: bool = False) -> np.ndarray:
    """The red-ink test on white-balanced pixels; `loose`: a wider net for the point sample,
    which must miss no pixel the real test would count."""
    r = np.minimum(rgb[..., 0] * gain[0], 255.0)
    g = np.minimum(rgb[..., 1] * gain[1], 255.0)
    b = np.minimum(rgb[..., 2] * gain[2], 255.0)
    other = np.maximum(g, b)
    dominance = r - other
    if loose:
        return ((dominance > 15) & (r > 70) & (dominance > 0.09 * r) & (np.abs(g - b) < 0.5 * dominance + 45)
                ).astype(np.uint8)
    return ((dominance > 30) & (r > 100) & (dominance > 0.18 * r) & (np.abs(g - b) < 0.5 * dominance + 25)
            ).astype(np.uint8)


def _colour_page(image):
    """The page as a PIL image with colour (None: greyscale, bilevel or too small to judge)."""
    from PIL import Image

    if isinstance(image, np.ndarray):
        if image.ndim != 3 or image.shape[2] < 3:
            return None
        image = Image.fromarray(np.ascontiguousarray(image[..., :3]))
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return None  # greyscale or bilevel: no colour, no red seal can be told
    factor = _work_factor(image.size)
    if min(-(-side // factor) for side in image.size) < 32:
        return None
    return image


def _work_factor(size: tuple[int, int]) -> int:
    """The whole-number reduction that brings the page's longest side to at most `WORK_SIDE` px."""
    return max(1, math.ceil(max(size) / WORK_SIDE))


def _whole_page_mask(image) -> np.ndarray:
    """The red-ink mask of the whole page downscaled, white-balanced on its own pixels."""
    factor = _work_factor(image.size)
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return red_mask(np.asarray(rgb.reduce(factor) if factor > 1 else rgb))


def _page_mask(image) -> np.ndarray | None:
    """The red-ink mask of the page at working size (at most `WORK_SIDE` px), computed only
    around the reddish points of a point sample; None when the sample holds no red at all."""
    from PIL import Image

    width, height = image.size
    factor = _work_factor(image.size)
    scale = min(1.0, PRECHECK_SIDE / max(width, height))
    points = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.NEAREST)
    points = np.asarray(points if points.mode == "RGB" else points.convert("RGB"))
    gain = paper_gain(points[::3, ::3])
    reddish = _red_pixels(points, gain, loose=True)
    if not reddish.any():
        return None
    small_w, small_h = -(-width // factor), -(-height // factor)
    regions = _red_regions(reddish, small_w, small_h)
    mask = np.zeros((small_h, small_w), dtype=np.uint8)
    if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in regions) > WHOLE_PAGE_SHARE * small_w * small_h:
        regions = [(0, 0, small_w, small_h)]
    for x0, y0, x1, y1 in regions:
        # a box on the factor's grid: the very pixels a downscale of the whole page would give
        box = (x0 * factor, y0 * factor, min(width, x1 * factor), min(height, y1 * factor))
        part = image.reduce(factor, box=box) if image.mode == "RGB" else image.crop(box).convert("RGB").reduce(factor)
        mask[y0:y1, x0:x1] = _red_pixels(np.asarray(part), gain)
    return mask


def _red_regions(reddish: np.ndarray, small_w: int, small_h: int) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) at working size around each group of reddish sample points, grown
    by `REGION_MARGIN`: located on a grid of CELL × CELL points, cheap to grow and to label."""
    import cv2

    rows, cols = -(-reddish.shape[0] // CELL), -(-reddish.shape[1] // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), dtype=np.uint8)
    padded[:reddish.shape[0], :reddish.shape[1]] = reddish
    cells = padded.reshape(rows, CELL, cols, CELL).max(axis=(1, 3))
    margin = max(1, math.ceil(REGION_MARGIN * min(reddish.shape) / CELL))
    grown = cv2.dilate(cells, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * margin + 1, 2 * margin + 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    to_small = (CELL * small_w / reddish.shape[1], CELL * small_h / reddish.shape[0])
    regions = []
    for x, y, w, h, _area in stats[1:count]:
        x0, y0 = math.floor(x * to_small[0]) - 1, math.floor(y * to_small[1]) - 1
        x1, y1 = math.ceil((x + w) * to_small[0]) + 1, math.ceil((y + h) * to_small[1]) + 1
        regions.append((max(0, x0), max(0, y0), min(small_w, x1), min(small_h, y1)))
    return regions


def _blobs(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of red regions once nearby strokes (ring, glyphs, star) are joined."""
    import cv2

    short = min(mask.shape)
    k = max(3, round(short * 0.012)) | 1
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lo = short * MIN_DIAMETER_FRACTION
    hi = short * MAX_DIAMETER_FRACTION
    out = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if max(w, h) < lo or max(w, h) > hi * 1.6:
            continue
        out.append((int(x), int(y), int(w), int(h)))
    return out


def _judge(box, mask: np.ndarray, shape) -> tuple[float, float, float, float, float] | None:
    """(cx, cy, diameter, coverage, score) when the red region is a ring with ink inside."""
    import cv2

    x, y, w, h = box
    pad = max(2, round(0.05 * max(w, h)))
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(shape[1], x + w + pad), min(shape[0], y + h + pad)
    crop = mask[y0:y1, x0:x1]
    ys, xs = np.nonzero(crop)
    if len(xs) < 40:
        return None
    contours, _ = cv2.findContours(crop, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    points = np.vstack([c.reshape(-1, 2) for c in contours if len(c) >= 3]) if contours else None
    if points is None or len(points) < 20:
        return None
    hull = cv2.convexHull(points.astype(np.int32))
    if len(hull) < 5:
        return None
    (ecx, ecy), (ea, eb), angle = cv2.fitEllipse(hull)
    if not (ea > 0 and eb > 0) or max(ea, eb) / min(ea, eb) > 1.8:
        return None
    ra, rb = ea / 2, eb / 2
    diameter = (ea + eb) / 2
    short = min(shape)
    if diameter < short * MIN_DIAMETER_FRACTION or diameter > short * MAX_DIAMETER_FRACTION:
        return None
    t = math.radians(angle)
    dx, dy = xs - ecx, ys - ecy
    u = (dx * math.cos(t) + dy * math.sin(t)) / ra
    v = (-dx * math.sin(t) + dy * math.cos(t)) / rb
    rho = np.hypot(u, v)
    theta = np.arctan2(v, u)
    ring = (rho > 0.84) & (rho < 1.08)
    if ring.sum() < 20:
        return None
    bins = np.zeros(ANGLE_BINS, dtype=bool)
    bins[((theta[ring] + math.pi) / (2 * math.pi) * ANGLE_BINS).astype(int) % ANGLE_BINS] = True
    coverage = float(bins.mean())
    # The ring is thin: most red is either on it or well inside (glyphs, star), not a solid disc.
    area = math.pi * ra * rb
    fill = len(xs) / area
    inner = float(((rho < 0.78)).sum()) / max(1, len(xs))
    outside = float((rho >= 1.12).sum()) / max(1, len(xs))
    # a ring, not a square: the red on the ring band lies at the ellipse, not out in the corners
    ring_share = float(ring.sum()) / max(1, len(xs))
    visible = _visible_fraction(ecx + x0, ecy + y0, ra, rb, shape)
    metrics = {"coverage": coverage, "visible": visible, "fill": fill, "inner": inner, "outside": outside,
               "ring_share": ring_share, "aspect": max(ea, eb) / min(ea, eb)}
    if not is_ring_seal(metrics):
        return None
    score = coverage * (1 - outside) * min(1.0, inner / 0.15)
    return ecx + x0, ecy + y0, diameter, coverage, score


def is_ring_seal(m: dict) -> bool:
    """The thresholds, tuned on tests/sealgen.py's set (bench/seals.py reports the result)."""
    needed = 0.8 if m["visible"] > 0.95 else 0.8 * m["visible"]
    return (m["coverage"] >= needed and 0.05 <= m["fill"] <= 0.62 and m["inner"] >= 0.06
            and m["outside"] <= 0.12 and m["ring_share"] >= 0.3)


def _visible_fraction(cx: float, cy: float, ra: float, rb: float, shape) -> float:
    """Share of the ring's angles that fall inside the page (a seal cut by the page edge)."""
    angles = np.linspace(-math.pi, math.pi, ANGLE_BINS, endpoint=False)
    r = (ra + rb) / 2
    px, py = cx + r * np.cos(angles), cy + r * np.sin(angles)
    inside = (px >= 0) & (px < shape[1]) & (py >= 0) & (py < shape[0])
    return float(inside.mean())
