"""PP-OCRv4 (mobile detection and recognition, and the text direction classifier) through ONNX
Runtime, from the `rapidocr-onnxruntime` wheel, which carries the three models: nothing is
downloaded at run time.

- One engine per worker process, loaded on first use (about a second) and shared by its page
  lanes: ONNX Runtime sessions may be run from several threads at once.
- Each session runs on one intra-op thread (and OpenCV on one), so a page occupies one core, like
  a Tesseract process: the CPU slots (indexer.ocr.cpu_slots) decide how many pages run at once,
  and two cores are both busy, never oversubscribed.
- A page is read once; when its boxes show it sideways (lines running down the page) it is
  given a quarter turn and read again; when the direction classifier's votes show it upside
  down, or its lines are tilted, it is turned and levelled (indexer.ocr.orientation) and read
  again. Upright scans, the common case, cost a single reading; a sideways tilted photo three.
- Lines are found on the page at 1280 px and read from it at up to 2000 px: detection at full
  size costs three times the recognition of a whole page and finds the same lines.
- The page reaches the models in colour: red seals stay distinguishable from the black text
  they are stamped over.
"""

from __future__ import annotations

import functools
import time

from PIL import Image

from indexer.extract.result import ExtractionError
from indexer.ocr.engine import OcrLine, OcrPage, ProcessRegistry
from indexer.ocr.orientation import is_line_across, is_sideways, line_skew, upright
from indexer.ocr.flatten import flatten

MIN_SCORE = 0.5  # lines recognised with less confidence are noise (seal rims, speckle): dropped
FLIP_VOTES = 0.6  # share of confident "180" votes that turns a page upside down
CLS_SURE = 0.9
DETECT_SIDE = 1280  # px, the longer side lines are found at (a quarter of the time at 2000 px);
# they are then cut out for recognition from the page at up to 2000 px (RapidOCR's max_side_len)


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

    @classmethod
    @functools.lru_cache(maxsize=1)
    def shared(cls) -> "PPOcrEngine":
        return cls()

    def prepare(self, image: Image.Image) -> Image.Image:
        return flatten(image)

    def read(self, payload: Image.Image, timeout: float, processes: ProcessRegistry) -> OcrPage:
        started = time.monotonic()
        image, turn, skew = payload, 0, 0.0
        boxes, votes, texts = self._pass(image)
        if is_sideways(boxes):  # a quarter turn first: which way up is seen on the turned page
            turn = 90
            image = upright(payload, turn, skew)
            boxes, votes, texts = self._pass(image)
        flip = upside_down(boxes, votes)
        tilt = line_skew(boxes)
        if flip or tilt:
            turn, skew = (turn + 180) % 360 if flip else turn, (-tilt if tilt else 0.0)
            image = upright(payload, turn, skew)
            boxes, votes, texts = self._pass(image)
        if timeout > 0 and time.monotonic() - started > timeout:
            # ONNX Runtime cannot be interrupted mid-page; the worker's file timeout bounds a page
            # that never ends, this reports one that took too long the same way Tesseract's does.
            raise ExtractionError("ocr_timeout", "文字识别超时（图片过大或内容过于复杂）",
                                  f"PP-OCR 单页超过 {timeout:g} 秒")
        rows = reading_order([OcrLine(text.strip(), tuple((float(x), float(y)) for x, y in box), float(score))
                              for box, (text, score) in zip(boxes, texts) if score >= MIN_SCORE and text.strip()])
        text = "\n".join(" ".join(line.text for line in row) for row in rows)
        lines = [line for row in rows for line in row]
        return OcrPage(text, self.name, image.width, image.height, lines, turn, skew)

    def _pass(self, image: Image.Image):
        """Detection, direction classification, recognition: (boxes, [label, score], [text, score])."""
        import cv2
        import numpy as np

        ocr = self._ocr
        bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        raw_h, raw_w = bgr.shape[:2]
        work, ratio_h, ratio_w = ocr.preprocess(bgr)
        record = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
        work, record = ocr.maybe_add_letterbox(work, record)
        scale = min(1.0, DETECT_SIDE / max(work.shape[:2]))
        small = cv2.resize(work, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else work
        boxes, _ = ocr.auto_text_det(small)
        if boxes is None:
            return [], [], []
        boxes = [(box / scale).astype(np.float32) for box in boxes]
        crops = ocr.get_crop_img_list(work, boxes)
        crops, votes, _ = ocr.text_cls(crops)
        texts, _ = ocr.text_rec(crops, False)
        boxes = ocr._get_origin_points(boxes, record, raw_h, raw_w).tolist()
        return boxes, votes, [(t[0], t[1]) for t in texts]


def upside_down(boxes, votes) -> bool:
    """Most lines across the page that the direction classifier is sure of read upside down."""
    sure = [label for box, (label, score) in zip(boxes, votes) if score >= CLS_SURE and is_line_across(box)]
    return len(sure) >= 2 and sum(1 for label in sure if label == "180") >= FLIP_VOTES * len(sure)


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
