"""Tesseract behind one small module: version probe, one call, one error.

Tesseract's own OpenMP threading is slower than one process per core on this hardware,
so every call runs with OMP_THREAD_LIMIT=1 and the pool supplies the parallelism.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

from PIL import Image, ImageOps

from indexer.extract.result import ExtractionError

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else None


@functools.lru_cache(maxsize=4)
def has_language(lang: str) -> bool:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = {line.strip() for line in out.stdout.splitlines()[1:]}
    return all(part in langs for part in lang.split("+"))


def prepare(image: Image.Image) -> Image.Image:
    """Upright, flattened, greyscale: what Tesseract reads best.

    Transparent images are composited onto a background that contrasts with their ink, so
    white text on a transparent background is not lost on white.
    """
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        ink = rgba.convert("L")
        opaque = [v for v, a in zip(ink.resize((64, 64)).getdata(), alpha.resize((64, 64)).getdata()) if a > 128]
        bright_ink = bool(opaque) and sum(opaque) / len(opaque) > 160
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255) if bright_ink else (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image.convert("L")


def ocr_image(image: Image.Image, lang: str, timeout: float) -> str:
    import pytesseract

    if tesseract_version() is None:
        raise ExtractionError("ocr_unavailable", "服务器未安装 Tesseract OCR，无法识别扫描件和图片")
    if not has_language(lang):
        raise ExtractionError("ocr_unavailable", f"服务器缺少 Tesseract 语言包 {lang}，无法识别扫描件")
    try:
        return pytesseract.image_to_string(prepare(image), lang=lang, config="--psm 3", timeout=timeout)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on its timeout
        raise ExtractionError("ocr_timeout", "文字识别超时（图片过大或内容过于复杂）", str(exc)) from exc
    except pytesseract.TesseractError as exc:
        raise ExtractionError("ocr_failed", "文字识别失败", str(exc)[:300]) from exc
