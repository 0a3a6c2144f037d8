"""PP-OCRv4 (mobile detection and recognition, and the text direction classifier) through ONNX
Runtime, from the `rapidocr-onnxruntime` wheel, which carries the three models: nothing is
downloaded at run time.

- One engine per worker process, loaded on first use (about a second) and shared by its page
  lanes: ONNX Runtime sessions may be run from several threads at once.
- Each session runs on one intra-op thread (and OpenCV on one), so a page occupies one core, like
  a Tesseract process: the CPU slots (indexer.ocr.cpu_slots) decide how many pages run at once,
  and two cores are both busy, never oversubscribed.
- What the models see: the red channel, divided by the paper's own brightness around each point
  and with what is then nearly paper-white made white. Black and blue ink stay dark; a red seal
  stamped over text, uneven light and a dim office's grey paper disappear. (Red print, such as a
  红头 header, goes with the seal: the price of reading the text under the seal.) A page mostly in
  strong colour (a poster, a coloured form) is read from its grey instead.
- Lines are recognised one at a time: a batch pads every line to its widest, which on one thread
  costs more (1.8× on a full page) than it saves.
- Lines are found once per page, at 1280 px on the longer side (a quarter of the time at the
  2000 px the lines are then read at, and the same lines). Which way up the page is comes from
  those boxes: most of the text in boxes running down the page means it lies on its side; the
  direction classifier's votes on the lines, cut out as if the page were upright, say whether it
  is upside down; the lines' median slope is its tilt. The lines are then cut out upright and
  recognised once, and their boxes are turned and levelled onto the upright page
  (indexer.ocr.orientation.upright draws that same page for people).
"""

from __future__ import annotations

import functools
import math
import time

from PIL import Image

from indexer.extract.result import ExtractionError
from indexer.ocr.engine import OcrLine, OcrPage, ProcessRegistry
from indexer.ocr.flatten import flatten
from indexer.ocr.orientation import is_line_across, is_sideways, line_skew, upright_size

MIN_SCORE = 0.5  # lines recognised with less confidence are noise (speckle, a seal's rim): dropped
FLIP_VOTES = 0.6  # share of confident "180" votes that turns a page upside down
CLS_SURE = 0.9
READ_SIDE = 2000  # px: the page is read at most this large (RapidOCR's own max_side_len)
DETECT_SIDE = 960  # px: lines are found on the page at this size (PaddleOCR's own det_limit_side_len)
PAPER_WINDOW = 31  # px at READ_SIDE: wider than a stroke, so the local maximum is the paper
COLOUR, COLOURFUL_SHARE = 80, 0.15  # a seal covers a few percent of a page; a poster, most of it
WHITE = 0.88  # a pixel at least this bright relative to its paper is paper (a red seal is ~0.84)


class PPOcrEngine:
    name = "ppocr"

    def __init__(self) -> None:
        try:
            import cv2
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # the package or a library it loads is missing
            raise ExtractionError("ocr_unavailable", "服务器未安装 PP-OCR（rapidocr-onnxruntime），无法识别扫描件",
                                  str(exc)) from exc
        cv2.setNumThreads(1)
        self._ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        self._ocr.text_rec.rec_batch_num = 1  # one line at a time: no padding to the widest line of a batch

    @classmethod
    @functools.lru_cache(maxsize=1)
    def shared(cls) -> "PPOcrEngine":
        return cls()

    def prepare(self, image: Image.Image):
        """The page as the models see it (see the module docstring), at most READ_SIDE px."""
        import cv2
        import numpy as np

        page = flatten(image)
        ink = page.getchannel("R") if page.mode == "RGB" and not _colourful(page) else page.convert("L")
        scale = min(1.0, READ_SIDE / max(ink.size))
        grey = np.asarray(ink)
        if scale < 1:
            grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (PAPER_WINDOW, PAPER_WINDOW))
        smooth = cv2.blur(grey, (5, 5))  # grain and JPEG noise must not pass for brighter paper
        paper = cv2.blur(cv2.dilate(smooth, kernel), (PAPER_WINDOW, PAPER_WINDOW)).astype(np.float32)
        level = grey.astype(np.float32) / np.maximum(paper, 1.0)
        level[level >= WHITE] = 1.0
        grey = np.clip(level * 255.0, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2)), page.size

    def read(self, payload, timeout: float, processes: ProcessRegistry) -> OcrPage:
        import numpy as np

        started = time.monotonic()
        bgr, original = payload
        height, width = bgr.shape[:2]
        boxes = self._detect(bgr)
        turn = 90 if is_sideways(boxes) else 0
        crops = [_cut(bgr, box, turn, width, height) for box in boxes]
        if crops:
            _, votes, _ = self._ocr.text_cls(list(crops))
            turned = [_to_page(box, turn, 0.0, width, height) for box in boxes]
            if upside_down(turned, votes):
                turn = (turn + 180) % 360
                crops = [np.ascontiguousarray(c[::-1, ::-1]) for c in crops]
        turned = [_to_page(box, turn, 0.0, width, height) for box in boxes]
        tilt = line_skew(turned)
        skew = -tilt if tilt else 0.0
        texts = self._ocr.text_rec(crops, False)[0] if crops else []
        if timeout > 0 and time.monotonic() - started > timeout:
            # ONNX Runtime cannot be interrupted mid-page; the worker's file timeout bounds a page
            # that never ends, this reports one that took too long the same way Tesseract's does.
            raise ExtractionError("ocr_timeout", "文字识别超时（图片过大或内容过于复杂）",
                                  f"PP-OCR 单页超过 {timeout:g} 秒")
        page_w, page_h = upright_size(width, height, turn, skew)
        scale = original[0] / width  # boxes are kept on the page at its own resolution
        lines = []
        for box, result in zip(boxes, texts):
            text, score = result[0].strip(), float(result[1])
            if score >= MIN_SCORE and text:
                corners = _order(_to_page(box, turn, skew, width, height, (page_w, page_h)))
                lines.append(OcrLine(text, tuple((x * scale, y * scale) for x, y in corners), score))
        rows = reading_order(lines)
        return OcrPage("\n".join(" ".join(line.text for line in row) for row in rows), self.name,
                       round(page_w * scale), round(page_h * scale), [line for row in rows for line in row],
                       turn, skew)

    def _detect(self, bgr) -> list:
        """Text line quadrilaterals on the page, found at DETECT_SIDE px, in page pixels."""
        import cv2

        ocr = self._ocr
        height, width = bgr.shape[:2]
        scale = min(1.0, DETECT_SIDE / max(height, width))
        small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else bgr
        record = {"preprocess": {"ratio_h": height / small.shape[0], "ratio_w": width / small.shape[1]}}
        small, record = ocr.maybe_add_letterbox(small, record)
        boxes, _ = ocr.auto_text_det(small)
        if boxes is None:
            return []
        return [box.tolist() for box in ocr._get_origin_points(boxes, record, height, width)]


def _colourful(page: Image.Image) -> bool:
    """Much of the page in strong colour (a poster, a coloured form), not paper with a seal on it:
    there the red channel would lose white or red text on a coloured ground, so it is read grey."""
    import numpy as np

    small = np.asarray(page.reduce(max(1, max(page.size) // 256)), dtype=np.int16)
    saturation = small.max(axis=2) - small.min(axis=2)
    return float((saturation > COLOUR).mean()) > COLOURFUL_SHARE


def upside_down(boxes, votes) -> bool:
    """Most lines across the page that the direction classifier is sure of read upside down."""
    sure = [label for box, (label, score) in zip(boxes, votes) if score >= CLS_SURE and is_line_across(box)]
    return len(sure) >= 2 and sum(1 for label in sure if label == "180") >= FLIP_VOTES * len(sure)


def _to_page(box, turn: int, skew: float, width: int, height: int, size: tuple[int, int] | None = None):
    """A box's corners on the page turned `turn`° clockwise, then rotated `skew`° counter-clockwise
    about its centre onto a canvas of `size` (the same geometry as orientation.upright)."""
    points = []
    for x, y in box:
        if turn == 90:
            x, y = height - y, x
        elif turn == 180:
            x, y = width - x, height - y
        elif turn == 270:
            x, y = y, width - x
        points.append((x, y))
    if not skew:
        return points
    turned_w, turned_h = (height, width) if turn in (90, 270) else (width, height)
    new_w, new_h = size
    angle = math.radians(skew)
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for x, y in points:
        dx, dy = x - turned_w / 2, y - turned_h / 2
        out.append((dx * cos + dy * sin + new_w / 2, -dx * sin + dy * cos + new_h / 2))
    return out


def _order(points):
    """Corners clockwise from top left, for a box that runs roughly across its page."""
    top_left = min(points, key=lambda p: p[0] + p[1])
    bottom_right = max(points, key=lambda p: p[0] + p[1])
    top_right = min(points, key=lambda p: p[1] - p[0])
    bottom_left = max(points, key=lambda p: p[1] - p[0])
    return [top_left, top_right, bottom_right, bottom_left]


def _cut(bgr, box, turn: int, width: int, height: int):
    """The line cut out of the page so that it reads left to right if the page is turned `turn`°."""
    import cv2
    import numpy as np

    turned = _to_page(box, turn, 0.0, width, height)
    corners = _order(turned)
    source = np.float32([box[turned.index(corner)] for corner in corners])
    crop_w = int(max(np.linalg.norm(source[0] - source[1]), np.linalg.norm(source[3] - source[2])))
    crop_h = int(max(np.linalg.norm(source[0] - source[3]), np.linalg.norm(source[1] - source[2])))
    crop_w, crop_h = max(crop_w, 1), max(crop_h, 1)
    target = np.float32([[0, 0], [crop_w, 0], [crop_w, crop_h], [0, crop_h]])
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(bgr, matrix, (crop_w, crop_h), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)


def reading_order(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Rows top to bottom, each left to right: boxes side by side (table cells) share a row."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda l: (_centre_y(l), l.box[0][0])):
        if rows and abs(_centre_y(line) - _centre_y(rows[-1][0])) < 0.5 * _height(rows[-1][0]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda l: l.box[0][0]) for row in rows]


def _centre_y(line: OcrLine) -> float:
    return sum(y for _, y in line.box) / 4


def _height(line: OcrLine) -> float:
    return max(1.0, (line.box[3][1] - line.box[0][1] + line.box[2][1] - line.box[1][1]) / 2)
