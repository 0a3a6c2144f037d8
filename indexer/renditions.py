"""Making the PDF renditions a compilation needs, in the extraction sandbox: one conversion at
a time per worker (one worker per core), each under the worker's memory limit and the file
timeout, LibreOffice killed with its worker when it overruns."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable

from archive.blobstore import BlobStore
from archive.renditions import Rendition, RenditionStore
from indexer.extract import sniff_format
from indexer.sandbox import RENDER, ExtractionPool, Task


@dataclass
class RenditionReport:
    converted: int = 0
    reused: int = 0
    failed: int = 0
    seconds: float = 0.0


def ensure_renditions(blobs: BlobStore, store: RenditionStore, files: Iterable[tuple[str, str]],
                      pool: ExtractionPool, progress: Callable[[int, int], None] | None = None
                      ) -> tuple[dict[str, Rendition], RenditionReport]:
    """A PDF (or the reason there is none) for every (sha256, file name): PDFs as archived,
    everything else converted once and kept by sha256."""
    started = time.monotonic()
    report = RenditionReport()
    found: dict[str, Rendition] = {}
    todo: list[Task] = []
    queued: set[str] = set()
    for sha256, name in files:
        if sha256 in found or sha256 in queued:
            continue
        blob = blobs.path_for(sha256)
        if sniff_format(blob, name) == "pdf":
            found[sha256] = Rendition(blob)
            continue
        known = store.lookup(sha256)
        if known is not None:
            found[sha256] = known
            report.reused += 1
            continue
        queued.add(sha256)
        todo.append(Task(sha256, blob, name, action=RENDER, target=store.work_path(sha256)))
    for task in todo:
        pool.submit(task)
    for done in range(1, len(todo) + 1):
        outcome = pool.next_outcome(timeout=None)
        sha256 = outcome.task.key
        if outcome.error is None:
            found[sha256] = Rendition(store.commit(sha256))
            report.converted += 1
        else:
            store.record_failure(sha256, outcome.error.code, outcome.error.message)
            found[sha256] = Rendition(None, outcome.error.message)
            report.failed += 1
        if progress:
            progress(done, len(todo))
    report.seconds = time.monotonic() - started
    return found, report
