"""The compilation run end to end: plan the volume from the checklist, make the PDF renditions
it lacks in the extraction sandbox (kept by sha256 for the next run), then assemble it."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Callable

from archive.catalog import Catalog
from archive.renditions import RenditionStore
from archive.store import Archive
from archive.volume import compile_volume, cover_for, plan_volume
from indexer.renditions import ensure_renditions
from indexer.sandbox import ExtractionPool

VOLUME_NAME = "佐证材料汇编.pdf"
Progress = Callable[[str, int, int], None]


def rendition_store(archive: Archive) -> RenditionStore:
    return RenditionStore(archive.var / "renditions")


def compile_checklist(archive: Archive, catalog: Catalog, checklist: dict, out: Path, pool: ExtractionPool,
                      as_of: date, *, submitter: str | None = None, progress: Progress | None = None) -> dict:
    """Write the volume to `out`; returns its figures: pages, files, conversions, seconds."""
    started = time.monotonic()
    plan = plan_volume(checklist)
    renditions, report = ensure_renditions(
        archive.blobs, rendition_store(archive), [(f.sha256, f.name) for f in plan.files()], pool,
        (lambda done, total: progress("convert", done, total)) if progress else None)
    converted_at = time.monotonic()
    result = compile_volume(plan, cover_for(catalog, as_of, submitter), renditions, out,
                            (lambda done, total: progress("compile", done, total)) if progress else None)
    result.update({"converted": report.converted, "reused": report.reused, "conversion_failures": report.failed,
                   "convert_seconds": round(converted_at - started, 2),
                   "assemble_seconds": round(time.monotonic() - converted_at, 2),
                   "seconds": round(time.monotonic() - started, 2)})
    return result
