"""PP-OCR's models loaded on import: the fork server of a run with pictures to read imports this
(indexer.sandbox.PRELOAD_PPOCR), so every worker is forked with the models already loaded
instead of loading them itself (about 0.1 CPU s a worker). The sessions run on one thread with
no thread pool, so a forked copy reads as the original does."""

from __future__ import annotations

import contextlib

from indexer.extract.result import ExtractionError
from indexer.ocr.ppocr import PPOcrEngine

with contextlib.suppress(ExtractionError, OSError):  # a worker that needs it reports it
    PPOcrEngine.shared()
