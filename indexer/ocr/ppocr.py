"""PP-OCRv4 (mobile detection and recognition, and the text direction classifier) through ONNX
Runtime, from the `rapidocr-onnxruntime` wheel, which carries the three models: nothing is
downloaded at run time. Detection and recognition run the wheel's models as rewritten once by
scripts/fuse_ppocr_models.py and shipped in this package (indexer/ocr/models/): the same
arithmetic with each block's scale, bias and hard-swish folded into its convolution, about 45 %
less recogniser and 35 % less detector CPU on one thread, the same characters read.

- One engine per worker process, loaded on first use (about half a CPU second) and shared by its
  page lanes: ONNX Runtime sessions may be run from several threads at once.
- Each session runs on one intra-op and one inter-op thread that never spin (and OpenCV on one),
  so a page occupies one core, like a Tesseract process: the CPU slots (indexer.ocr.cpu_slots)
  decide how many pages run at once, and two cores are both busy, never oversubscribed. The
  sessions keep ONNX Runtime's memory arena (RapidOCR turns it off), so a page does not map and
  zero-fill its buffers afresh.
- What the models see: the red channel, divided by the paper's own brightness around each point
  and with what is then nearly paper-white made white. Black and blue ink stay dark; a red seal
  stamped over text, uneven light and a dim office's grey paper disappear. (Red print, such as a
  红头 header, goes with the seal: the price of reading the text under the seal.) A page mostly in
  strong colour (a poster, a coloured form) is read from its grey instead.
- Lines are found once per page, at 960 px on the longer side (at least 736 on the shorter:
  RapidOCR's own scale), and only on the part of the sheet that has ink, with a wide margin, cut
  on the detector's 32 px grid: the detector's cost is its input's area, and margins, the blank
  half of a short letter and the desk around a photographed sheet hold no text.
- Lines are recognised one at a time: a batch pads every line to its widest, which on one thread
  costs more (1.8× on a full page) than it saves; a short line (a table cell) is padded to
  REC_MIN_WIDTH, not to RapidOCR's 320 px (the recogniser's cost is its input's width).
- Which way up the page is comes from the boxes: most of the text in boxes running down the page
  means it lies on its side (a whole-page check); the direction classifier's votes on the lines,
  cut out as if the page were upright, say whether it is upside down; the lines' median slope is
  its tilt. The lines are then cut out upright and recognised once, and their boxes are turned
  and levelled onto the upright page (indexer.ocr.orientation.upright draws that same page for
  people).
"""

from __future__ import annotations

import contextlib
import functools
import math
import time

from pathlib import Path

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
DETECT_MIN_SIDE = 736  # px: and its shorter side at least this (RapidOCR's own limit_side_len)
INK, CROP_MARGIN = 200, 128  # at detection size: darker than this is ink; this much kept around it
GRID = 32  # px: the detector takes sides in multiples of this
DESK = 0.5  # a photo's desk is at most this bright relative to its paper (paper ~0.9, desk ~0.4)
SHEET_EDGE = 0.015  # of the page's longer side: the sheet's shadowed rim, never text
REC_MIN_WIDTH = 160  # px at a line height of 48: shorter lines are padded to this (RapidOCR: 320)
PAPER_WINDOW = 31  # px at READ_SIDE: wider than a stroke, so the local maximum is the paper
COLOUR, COLOURFUL_SHARE = 80, 0.15  # a seal covers a few percent of a page; a poster, most of it
WHITE = 0.88  # a pixel at least this bright relative to its paper is paper (a red seal is ~0.84)
MODELS = Path(__file__).resolve().parent / "models"  # scripts/fuse_ppocr_models.py writes them
DET_MODEL, REC_MODEL = MODELS / "ch_PP-OCRv4_det_infer.onnx", MODELS / "ch_PP-OCRv4_rec_infer.onnx"


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
        with _session_options():
            self._ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, det_model_path=str(DET_MODEL),
                                 rec_model_path=str(REC_MODEL))
        self._ocr.text_rec.rec_batch_num = 1  # one line at a time: no padding to the widest line of a batch
        self._ocr.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
        self._ocr.text_det.limit_type, self._ocr.text_det.limit_side_len = "max", 1 << 20  # scaled here

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
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2)), page.size, _sheet(paper)

    def read(self, payload, timeout: float, processes: ProcessRegistry) -> OcrPage:
        import numpy as np

        started = time.monotonic()
        bgr, original, sheet = payload
        height, width = bgr.shape[:2]
        boxes = self._detect(bgr, sheet)
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

    def read_line(self, image: Image.Image) -> str:
        """One line of text already cut out and upright (a seal's unrolled ring): recognised
        alone, no detection; '' below MIN_SCORE."""
        import numpy as np

        grey = np.asarray(image.convert("L"))
        (text, score), = self._ocr.text_rec([np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))], False)[0]
        return text.strip() if float(score) >= MIN_SCORE else ""

    def _detect(self, bgr, sheet: tuple[int, int, int, int]) -> list:
        """Text line quadrilaterals on the page, in page pixels.

        Lines are found at DETECT_SIDE px on the longer side, at least DETECT_MIN_SIDE on the
        shorter (RapidOCR's own scale), but only on the part of the sheet that has ink, with a
        margin: the detector's cost is its input's area, and a page's margins, the blank half of
        a short letter and the desk around a photographed sheet hold no text."""
        import cv2
        import numpy as np

        height, width = bgr.shape[:2]
        scale = min(1.0, DETECT_SIDE / max(height, width))
        scale = min(1.0, max(scale, DETECT_MIN_SIDE / min(height, width)))
        # the detector's own 32 px grid: a crop on it sees exactly the pixels the whole page would
        size_h, size_w = (max(GRID, round(side * scale / GRID) * GRID) for side in (height, width))
        small = cv2.resize(bgr, (size_w, size_h), interpolation=cv2.INTER_AREA)
        ratio_h, ratio_w = size_h / height, size_w / width
        sheet_box = [round(sheet[0] * ratio_h), round(sheet[1] * ratio_h), round(sheet[2] * ratio_w),
                     round(sheet[3] * ratio_w)]
        top, bottom, left, right = _inked(small[:, :, 0], sheet_box)
        if bottom <= top or right <= left:
            return []
        part, record = self._ocr.maybe_add_letterbox(np.ascontiguousarray(small[top:bottom, left:right]), {})
        boxes, _ = self._ocr.auto_text_det(part)  # a strip (a banner, one line) is padded first
        if boxes is None:
            return []
        found = np.array(boxes, dtype=np.float32)
        found[:, :, 1] -= record["padding_1"]["top"]
        found[:, :, 0] = np.clip((found[:, :, 0] + left) / ratio_w, 0, width)
        found[:, :, 1] = np.clip((found[:, :, 1] + top) / ratio_h, 0, height)
        return [box.tolist() for box in found]


@contextlib.contextmanager
def _session_options():
    """RapidOCR's sessions made with ONNX Runtime's memory arena on (RapidOCR turns it off: then
    every run maps, zero-fills and unmaps its buffers again, about a tenth of a page's detection
    on one thread), one thread that never spins, nodes run in order."""
    from rapidocr_onnxruntime.utils import OrtInferSession

    made = OrtInferSession.__dict__["_init_sess_opts"]

    def options(config):
        opts = made.__func__(config)
        opts.enable_cpu_mem_arena = True
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    import onnxruntime as ort

    OrtInferSession._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        OrtInferSession._init_sess_opts = made


def _sheet(paper) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the sheet of paper in a photo, from the paper brightness
    `prepare` estimated: the desk around it is far darker (and reads as speckle once levelled).
    A scan is all sheet."""
    import numpy as np

    bright = paper >= DESK * float(np.percentile(paper[::4, ::4], 95))
    rows = np.flatnonzero(bright.mean(axis=1) >= 0.3)
    cols = np.flatnonzero(bright.mean(axis=0) >= 0.3)
    if not len(rows) or not len(cols):
        return 0, paper.shape[0], 0, paper.shape[1]
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def _inked(grey, sheet: list[int]) -> tuple[int, int, int, int]:
    """The box around the ink on the sheet (its shadowed edge left out), with a margin."""
    import numpy as np

    top, bottom, left, right = sheet
    height, width = grey.shape
    edge = round(SHEET_EDGE * max(height, width)) if (top, bottom, left, right) != (0, height, 0, width) else 0
    top, bottom, left, right = top + edge, bottom - edge, left + edge, right - edge
    ink = grey[top:bottom, left:right] < INK
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    if not len(rows) or not len(cols):
        return 0, 0, 0, 0
    top, bottom = top + int(rows[0]) - CROP_MARGIN, top + int(rows[-1]) + 1 + CROP_MARGIN
    left, right = left + int(cols[0]) - CROP_MARGIN, left + int(cols[-1]) + 1 + CROP_MARGIN
    return (max(0, top // GRID * GRID), min(height, -(-bottom // GRID) * GRID),
            max(0, left // GRID * GRID), min(width, -(-right // GRID) * GRID))


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
