"""Red official seals (公章) on page images: found by colour and shape, not by reading.

Inspectors reject evidence that should be sealed and is not, so the archive records whether
each page carries a seal. A seal is red ink in a ring: a closed (or, at the page edge, mostly
closed) circle or ellipse, hollow but not empty — a star or a ring of characters inside. Red
headings (红头), red table rules and red rectangular stamps are red too, but they fill no ring.

The page is first white-balanced on its paper (the brightest tones), so a photo in yellow
lamp light or a dim scan still shows red as red; everything runs on a downscaled copy (the
longest side at most `WORK_SIDE` px), so a 300 dpi scan costs a few milliseconds more.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

import numpy as np

WORK_SIDE = 800
MIN_DIAMETER_FRACTION = 0.05   # of the page's shorter side: a seal is 38–45 mm on a 210 mm page
MAX_DIAMETER_FRACTION = 1.02  # a picture that is only the seal (an 电子公章 PNG)
ANGLE_BINS = 48


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


def find_seals(image, page: int | None = None) -> list[SealMark]:
    """Every red seal on `image` (PIL image or RGB array), best first."""
    small = _small_rgb(image)
    if small is None:
        return []
    mask = red_mask(small)
    found = []
    for blob in _blobs(mask):
        mark = _judge(blob, mask, small.shape[:2])
        if mark is not None:
            cx, cy, d, coverage, score = mark
            found.append(SealMark(page, cx / small.shape[1], cy / small.shape[0], d / small.shape[1],
                                  coverage, score))
    return sorted(found, key=lambda m: -m.score)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Red-ink pixels after white-balancing on the paper; faint pink counts, brown and black do not."""
    step = max(1, round(math.sqrt(rgb.shape[0] * rgb.shape[1] / 40_000)))
    # the paper: the 90th percentile of each channel becomes white
    sample = rgb[::step, ::step].reshape(-1, 3)
    paper = np.maximum(np.percentile(sample, 90, axis=0), 40.0).astype(np.float32)
    gain = 235.0 / paper
    r = np.minimum(rgb[..., 0] * gain[0], 255.0)
    g = np.minimum(rgb[..., 1] * gain[1], 255.0)
    b = np.minimum(rgb[..., 2] * gain[2], 255.0)
    other = np.maximum(g, b)
    dominance = r - other
    return ((dominance > 30) & (r > 100) & (dominance > 0.18 * r) & (np.abs(g - b) < 0.5 * dominance + 25)
            ).astype(np.uint8)


def _small_rgb(image) -> np.ndarray | None:
    """An RGB array at most `WORK_SIDE` px on its longest side (None: no colour to judge)."""
    from PIL import Image

    if isinstance(image, np.ndarray):
        if image.ndim != 3 or image.shape[2] < 3:
            return None
        image = Image.fromarray(np.ascontiguousarray(image[..., :3]))
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return None  # greyscale or bilevel: no colour, no red seal can be told
    if image.mode != "RGB":
        image = image.convert("RGB")
    factor = math.ceil(max(image.size) / WORK_SIDE)
    if factor > 1:
        image = image.reduce(factor)
    if min(image.size) < 32:
        return None
    return np.asarray(image)


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


SEAL_DPI = 60   # text-layer PDF pages are rendered this small only to look for seals
RING_DPI = 200  # and again this sharp when one is found, to read its ring text
MAX_MEDIA = 40
MAX_MEDIA_BYTES = 30 * 1024 * 1024
_MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")


# stamp ink in the red band is a light grey (~180–230); black print stays below ~100
_DROP_STAMP_INK = [v if v <= 140 else 255 for v in range(256)]


RING_MIN_PX = 150        # a seal smaller than this (in the image's own pixels) is too small to read
RING_TRIES = 2           # ring texts read per document: the first seals name the issuer


class SealJudge:
    """Collects the seals of a document page by page, and whether any page could be judged.
    With an OCR language, the ring text of the first seals is read too."""

    def __init__(self, ocr_language: str | None = "chi_sim", ocr_timeout: float = 30.0) -> None:
        self.marks: list[SealMark] = []
        self.judged = 0
        self.last_found = False
        self.ocr_language = ocr_language
        self.ocr_timeout = ocr_timeout
        self.rings_tried = 0

    def page(self, image, number: int | None):
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
        return without_stamp_ink(image, marks)

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
                mark = replace(mark, ring_text=read_ring_text(image, mark, self.ocr_language, self.ocr_timeout))
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


def ring_strip(image, mark: SealMark, line_h: int = 48):
    """The seal's ring of characters unrolled into one upright line (polar unwrap from the
    widest gap between the first and last character), black on white, for OCR."""
    import cv2
    from PIL import Image

    width, height = image.size
    r = mark.diameter * width / 2
    cx, cy = mark.x * width, mark.y * height
    box = tuple(round(v) for v in (cx - r * 1.1, cy - r * 1.1, cx + r * 1.1, cy + r * 1.1))
    crop = np.asarray(image.convert("RGB").crop(box))
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


def read_ring_text(image, mark: SealMark, language: str, timeout: float) -> str:
    """OCR of the seal's ring (through the project's Tesseract entry point); '' when unreadable."""
    from indexer.ocr.tesseract import ocr_image

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
                       and i.filename.lower().endswith(_MEDIA_SUFFIXES) and i.file_size <= MAX_MEDIA_BYTES]
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
