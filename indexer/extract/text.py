"""Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 — what Windows
machines in a Chinese office write.
"""

from __future__ import annotations

from pathlib import Path

from archive.store import PageText
from indexer.extract.normalize import normalize_text
from indexer.extract.result import Extraction, ExtractionError, guess_title

MAX_TEXT_BYTES = 64 * 1024 * 1024


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def extract_text(path: Path) -> Extraction:
    """One page, or one per form feed (「\\f」, the page break pdftotext and printers write): an
    attachment behind a letter starts a page of its own, as it did on paper."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise ExtractionError("too_large", "文本文件过大（超过 64 MB），未处理")
    raw = decode_text(path.read_bytes()).split("\f")
    while len(raw) > 1 and not raw[-1].strip():
        raw.pop()
    texts = [normalize_text(part) for part in raw]
    pages = [PageText(n, text) for n, text in enumerate(texts, 1)]
    return Extraction("text", pages, title=guess_title(texts[0].splitlines()))
