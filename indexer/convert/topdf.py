"""Any evidence file as PDF pages, for the compilation: PDFs as they are, images (scans)
page by page through Pillow, everything LibreOffice reads (DOCX, XLSX, .doc/.wps, .xls/.et,
text) through LibreOffice. Runs inside an extraction worker, under its limits."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from indexer.convert import libreoffice
from indexer.extract.result import ExtractionError

OFFICE_SUFFIX = {"docx": "docx", "xlsx": "xlsx", "doc": "doc", "xls": "xls", "ppt": "ppt"}
TEXT_FILTER = "Text (encoded):UTF8,LF,,,"


def render_pdf(path: Path, kind: str, out: Path, timeout: float) -> int:
    """Write `path` (of sniffed format `kind`) as a PDF to `out`; returns its page count."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pdf":
        shutil.copyfile(path, out)
    elif kind == "image":
        _image_pdf(path, out)
    elif kind in OFFICE_SUFFIX or kind == "text":
        _office_pdf(path, kind, out, timeout)
    else:
        raise ExtractionError("unsupported_format", "此格式无法转换为 PDF", kind)
    return _page_count(out)


def _office_pdf(path: Path, kind: str, out: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="evidence-topdf-") as tmp:
        if kind == "text":
            source = Path(tmp) / "source.txt"
            source.write_text(_decode(path.read_bytes()), encoding="utf-8")
            converted = libreoffice.convert(source, "pdf", Path(tmp), timeout=timeout, infilter=TEXT_FILTER)
        else:
            source = Path(tmp) / f"source.{OFFICE_SUFFIX[kind]}"
            shutil.copyfile(path, source)
            converted = libreoffice.convert(source, "pdf", Path(tmp), timeout=timeout)
        shutil.move(converted, out)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _image_pdf(path: Path, out: Path) -> None:
    """Every frame (a multi-page TIFF is a multi-page scan), upright as the camera meant it."""
    from PIL import Image, ImageOps, ImageSequence

    try:
        with Image.open(path) as image:
            frames = [_printable(ImageOps.exif_transpose(frame.copy())) for frame in ImageSequence.Iterator(image)]
            dpi = image.info.get("dpi", (300, 300))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError("corrupt_image", "图片文件已损坏，无法转换为 PDF", str(exc)) from exc
    resolution = float(dpi[0]) if dpi and float(dpi[0]) >= 72 else 300.0
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=resolution)


def _printable(frame):
    return frame if frame.mode in ("RGB", "L", "1") else frame.convert("RGB")


def _page_count(pdf: Path) -> int:
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            return len(doc.pages)
    except pikepdf.PasswordError as exc:
        raise ExtractionError("encrypted", "PDF 文件已设置打开密码，无法编入汇编", str(exc)) from exc
    except pikepdf.PdfError as exc:
        raise ExtractionError("corrupt_pdf", "PDF 文件已损坏，无法编入汇编", str(exc)) from exc
