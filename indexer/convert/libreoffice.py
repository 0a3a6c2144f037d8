"""LibreOffice headless, the one program that reads what county offices still produce every day
(.doc, .wps, .xls, .et written by Word, Excel and WPS Office) and lays DOCX/XLSX out as PDF pages.

Each conversion is a separate `soffice` run in its own session, killed whole when it overruns
its timeout. A process gets its own user profile (`-env:UserInstallation`): two soffice runs
sharing one profile block each other or fail, and a fresh profile per run costs a second.
The memory limit is the caller's: extraction workers run with an address-space limit that the
child inherits.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from indexer.extract.result import ExtractionError
from indexer.liveness import process_alive

log = logging.getLogger(__name__)

MISSING_MESSAGE = ("旧版 Word/Excel/WPS 文件（.doc/.wps/.xls/.et）需要服务器安装 LibreOffice 才能读取；"
                   "请安装 LibreOffice 或另存为 .docx/.xlsx/.pdf 后重新提交")


class ConversionError(ExtractionError):
    """LibreOffice is missing, overran its time, or produced nothing; `message` says which in Chinese."""


def executable() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.lru_cache(maxsize=1)
def version() -> str | None:
    """「LibreOffice 7.4.7.2 …」, or None when it is not installed or does not answer."""
    exe = executable()
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, "--headless", "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


PROFILE_PREFIX = "evidence-lo-profile-"


@functools.lru_cache(maxsize=1)
def _profile_dir() -> Path:
    """This process's own LibreOffice profile, reused by its conversions. Workers end without
    running exit handlers, so each new profile first removes those of processes now gone."""
    root = Path(tempfile.gettempdir())
    for old in root.glob(PROFILE_PREFIX + "*"):
        pid = old.name[len(PROFILE_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    path = Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, path, True)
    return path



def convert(source: Path, target: str, out_dir: Path, *, timeout: float, infilter: str | None = None) -> Path:
    """Convert `source` into `out_dir` as `target` ("docx", "xlsx", "pdf"); returns the new file."""
    exe = executable()
    if exe is None:
        raise ConversionError("unsupported_without_libreoffice", MISSING_MESSAGE)
    command = [exe, "--headless", "--norestore", "--nolockcheck",
               f"-env:UserInstallation={_profile_dir().as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out_dir), str(source)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionError("convert_timeout", f"文件转换超时（超过 {timeout:.0f} 秒），文件可能过大或结构异常") from None
    finally:
        _kill_group(proc)  # soffice.bin outlives its launcher when the launcher is killed
    converted = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    if not converted.is_file() or converted.stat().st_size == 0:
        raise ConversionError("convert_failed", "文件无法转换（可能已损坏、已加密或格式不受支持）",
                              err.decode("utf-8", "replace")[-500:])
    return converted


def _kill_group(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Kill the whole session and wait (a little) until it is gone: a killed process in the
    middle of disk I/O takes a moment to die, and the next conversion must not meet it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)
