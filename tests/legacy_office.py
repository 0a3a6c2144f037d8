"""Legacy Office files made by a real office suite: LibreOffice saves DOCX/XLSX as Word 97
(.doc) and Excel 97 (.xls) binaries. WPS Office's .wps and .et files are those same binary
formats under WPS's own extensions, so the .wps/.et copies here are what WPS writes."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FILTERS = {".doc": "doc:MS Word 97", ".wps": "doc:MS Word 97", ".xls": "xls:MS Excel 97", ".et": "xls:MS Excel 97"}


def save_as_legacy(source: Path, target: Path) -> Path:
    """Convert `source` (DOCX or XLSX) with LibreOffice into `target` (.doc, .wps, .xls or .et)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is needed to make legacy Office files"
    convert_to = FILTERS[target.suffix.lower()]
    with tempfile.TemporaryDirectory(prefix="legacy-") as tmp:
        subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", convert_to, "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180)
        made = Path(tmp) / f"{source.stem}.{convert_to.split(':')[0]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(made, target)
    return target
