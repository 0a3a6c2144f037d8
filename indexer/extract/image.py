"""Images and multi-page TIFF scans, read by OCR with EXIF orientation honoured.

Frames are decoded one after another in this thread while the OCR engine reads the previous ones,
up to one frame per idle core (indexer.ocr.pages.PageReader)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PIL import Image, ImageSequence, UnidentifiedImageError

from indexer.extract.result import Extraction, ExtractionError, ExtractOptions
from indexer.ocr.cpu_slots import cpu_slot
from indexer.ocr.pages import PageReader, page_text
from indexer.seal_pages import SealJudge

MAX_PIXELS = 120_000_000  # ~ an A0 sheet at 300 dpi; beyond that it is not a document scan


def extract_image(path: Path, options: ExtractOptions, progress: Callable[[int], None] | None = None) -> Extraction:
    with cpu_slot(options.cores):  # this worker is busy on a core: other workers' extra OCR pages keep off it
        return _extract_image(path, options, progress)


def _extract_image(path: Path, options: ExtractOptions, progress: Callable[[int], None] | None) -> Extraction:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.size  # noqa: B018 - forces the header to be parsed
    except Image.DecompressionBombError as exc:
        raise ExtractionError("image_too_large", "图片尺寸过大（像素数超出上限），无法识别，请按 300 dpi 重新扫描", str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ExtractionError("corrupt_image", "图片文件已损坏或格式无法识别", str(exc)) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ExtractionError("image_too_large", f"图片尺寸过大（{width}×{height} 像素），无法识别，请按 300 dpi 重新扫描")
    seals = SealJudge(options.ocr_language, options.ocr_page_timeout, options.ocr_engine)
    try:
        with PageReader(options.ocr_language, options.ocr_page_timeout, progress, engine=options.ocr_engine,
                        cores=options.cores) as reader:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > options.max_pages:
                    break
                frame.load()
                # no copy: the engine prepares its own pixels inside `add`, before the next seek
                reader.add(number, seals.page_for(options.ocr_engine, frame, number))
            texts = reader.finish()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError("corrupt_image", "图片数据不完整或已损坏，无法识别", str(exc)) from exc
    finally:
        image.close()
    pages = [page_text(number, page) for number, page in sorted(texts.items())]
    return Extraction("image", pages, seals=seals.result())
