"""Legacy Word/Excel/WPS files (.doc, .wps, .xls, .et): converted to DOCX/XLSX by LibreOffice,
because no maintained pure-Python reader handles WPS-written OLE files; the converted file is
then read like any DOCX/XLSX, tables included.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from indexer.convert import libreoffice
from indexer.extract.result import Extraction

TARGET = {"doc": "docx", "xls": "xlsx", "ppt": "pdf"}


def convert_legacy(path: Path, kind: str, timeout: float, extract_converted) -> Extraction:
    target = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="evidence-lo-") as tmp:
        source = Path(tmp) / f"source.{kind}"
        shutil.copyfile(path, source)
        converted = libreoffice.convert(source, target, Path(tmp), timeout=timeout)
        result = extract_converted(converted, target)
    result.format = kind
    return result
