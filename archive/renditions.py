"""PDF renditions of archived files, kept by the sha256 of the original.

A county re-compiles its volume every time a department adds a file; converting hundreds of
DOCX/XLSX/scans with LibreOffice each time would take most of an hour, so each content is
converted once and its PDF kept beside the blobs. A file that cannot be converted keeps its
Chinese reason, so the next compilation lists it without trying again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

# Failures worth retrying on the next compilation: the machine, not the file, was the cause.
TRANSIENT = {"timeout", "convert_timeout", "worker_crashed", "unsupported_without_libreoffice", "out_of_memory"}


@dataclass(frozen=True)
class Rendition:
    pdf: Path | None
    error: str | None = None  # the Chinese reason when there is no PDF


class RenditionStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def work_path(self, sha256: str) -> Path:
        """Where a converter writes before `commit` makes the rendition visible."""
        path = self.root / "tmp" / f"{sha256}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def commit(self, sha256: str) -> Path:
        final = self.path_for(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.work_path(sha256), final)
        self._failure_path(sha256).unlink(missing_ok=True)
        return final

    def lookup(self, sha256: str) -> Rendition | None:
        """The rendition or the recorded reason there is none; None when never tried."""
        pdf = self.path_for(sha256)
        if pdf.is_file():
            return Rendition(pdf)
        failure = self._failure_path(sha256)
        if failure.is_file():
            return Rendition(None, json.loads(failure.read_text(encoding="utf-8"))["message"])
        return None

    def record_failure(self, sha256: str, code: str, message: str) -> None:
        if code in TRANSIENT:
            return
        path = self._failure_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"code": code, "message": message}, ensure_ascii=False), encoding="utf-8")

    def _failure_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.failed.json"
