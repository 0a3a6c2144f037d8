"""Legacy Word/Excel/WPS files (.doc, .wps, .xls, .et): converted by LibreOffice headless when
it is installed, because no maintained pure-Python reader handles WPS-written OLE files.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.extract.result import Extraction, ExtractionError

TARGET = {"doc": "docx", "xls": "xlsx", "ppt": "pdf"}


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy(path: Path, kind: str, timeout: float, extract_converted) -> Extraction:
    exe = libreoffice()
    if exe is None:
        raise ExtractionError(
            "unsupported_without_libreoffice",
            "旧版 Word/Excel/WPS 文件（.doc/.wps/.xls/.et）需要服务器安装 LibreOffice 才能读取；请安装 LibreOffice 或另存为 .docx/.xlsx/.pdf 后重新提交",
        )
    target = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="evidence-lo-") as tmp:
        source = Path(tmp) / f"source.{kind}"
        shutil.copyfile(path, source)
        try:
            subprocess.run(
                [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", target, "--outdir", tmp, str(source)],
                capture_output=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError("convert_timeout", "旧版文件转换超时", str(exc)) from exc
        converted = Path(tmp) / f"source.{target}"
        if not converted.exists():
            raise ExtractionError("convert_failed", "旧版文件无法转换（文件可能已损坏或已加密）")
        result = extract_converted(converted, target)
    result.format = kind
    return result
