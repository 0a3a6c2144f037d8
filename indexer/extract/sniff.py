"""Decide a file's format from its bytes, because department file names lie (a PDF saved as
.docx, a WPS file saved as .doc) and the extension is only a tie-breaker.

Containers are recognised by their structure before any magic is searched for inside: a zip
whose entries are stored uncompressed carries each entry's bytes as they are, so the "%PDF-"
of a PDF inside shows up near its start.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TEXT_EXTENSIONS = {".txt", ".csv", ".md", ".text", ".log"}
# names pictures go by (a scan, a phone photo, an image inside an Office file)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image",
    b"\xff\xd8\xff": "image",
    b"II*\x00": "image",
    b"MM\x00*": "image",
    b"BM": "image",
    b"GIF8": "image",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_BY_EXT = {".doc": "doc", ".wps": "doc", ".xls": "xls", ".et": "xls", ".ppt": "ppt", ".dps": "ppt"}


def sniff_format(path: Path, name: str | None = None) -> str:
    """One of pdf, docx, xlsx, text, image, ole-encrypted, doc, xls, ppt, ofd, zip, corrupt-zip, empty,
    unknown."""
    ext = Path(name or path.name).suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        return "empty"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if b"%PDF-" in head[:1024]:  # readers accept a PDF header after some leading bytes
        return _zip_kind(path) if zipfile.is_zipfile(path) else "pdf"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path, ext)
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if ext in TEXT_EXTENSIONS or _looks_like_text(head):
        return "text"
    return "unknown"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A zip signature without a readable central directory: an Office file cut short by an
        # interrupted copy. Saying so helps the department more than "unknown format".
        return "corrupt-zip"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def _ole_kind(path: Path, ext: str) -> str:
    with path.open("rb") as fh:
        blob = fh.read(1 << 16)
    if "EncryptedPackage".encode("utf-16-le") in blob:
        return "ole-encrypted"
    if "WordDocument".encode("utf-16-le") in blob:
        return "doc"
    if "Workbook".encode("utf-16-le") in blob or "Book".encode("utf-16-le") in blob:
        return "xls"
    return LEGACY_BY_EXT.get(ext, "doc")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):  # the sample may end inside a multi-byte character
            try:
                head[: len(head) - cut].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False
