"""What an OCR engine is to the rest of the indexer, and which one `[ocr] engine` selects.

An engine turns one page image into an `OcrPage`: the page text (what is indexed), each
recognised line with its box and confidence on the upright page (what the document view
highlights), and how the page was turned and straightened to read it (so the view can show the
same upright page the boxes belong to). One module per engine, like the extractors:
`indexer.ocr.ppocr` (PP-OCR through ONNX Runtime, the default for Chinese when installed) and
`indexer.ocr.tesseract`.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image

ENGINES = ("ppocr", "tesseract")
CHOICES = ("auto",) + ENGINES


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[tuple[float, float], ...]  # four corners, clockwise from top left, upright-page pixels
    confidence: float  # 0..1

    def record(self) -> dict:
        return {"text": self.text, "box": [[round(x, 1), round(y, 1)] for x, y in self.box],
                "confidence": round(self.confidence, 4)}


@dataclass
class OcrPage:
    text: str
    engine: str
    width: int  # the upright page the boxes are on
    height: int
    lines: list[OcrLine] = field(default_factory=list)
    turn: int = 0  # degrees the page was turned clockwise before reading: 0, 90, 180, 270
    skew: float = 0.0  # then rotated by this many degrees counter-clockwise to level its lines

    @property
    def confidence(self) -> float | None:
        """Mean confidence per recognised character; None when nothing was read."""
        weights = [(max(1, len(line.text.strip())), line.confidence) for line in self.lines if line.text.strip()]
        total = sum(w for w, _ in weights)
        return sum(w * c for w, c in weights) / total if total else None

    def layout(self) -> dict:
        confidence = self.confidence
        return {"engine": self.engine, "width": self.width, "height": self.height, "turn": self.turn,
                "skew": round(self.skew, 2), "confidence": None if confidence is None else round(confidence, 4)}

    def line_records(self) -> list[dict]:
        return [line.record() for line in self.lines]


class Engine(Protocol):
    """`prepare` runs in the caller's thread (PDFium and PIL images are not thread-safe); `read`
    runs in a page lane on one core and may start processes only through `processes`."""

    name: str

    def prepare(self, image: Image.Image) -> object: ...

    def read(self, payload: object, timeout: float, processes: "ProcessRegistry") -> OcrPage: ...


class ProcessRegistry(Protocol):
    def start(self, argv: list[str], pass_fds: tuple[int, ...]): ...

    def forget(self, proc) -> None: ...


@functools.lru_cache(maxsize=1)
def ppocr_installed() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def resolve(name: str) -> str:
    """`auto` is PP-OCR when its package is installed, else Tesseract."""
    if name == "auto":
        return "ppocr" if ppocr_installed() else "tesseract"
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}")
    return name


def open_engine(name: str, lang: str) -> Engine:
    """The engine `name` resolves to, checked to be usable (ExtractionError otherwise)."""
    if resolve(name) == "ppocr":
        from indexer.ocr.ppocr import PPOcrEngine

        return PPOcrEngine.shared()
    from indexer.ocr.tesseract import TesseractEngine

    return TesseractEngine(lang)
