"""Where a browser upload goes after it is written into the department's folder: into the same
ingest pipeline as a file dropped on the share. Under `evidence run` the watcher is told about
the path; under `evidence serve` (no watcher) a single background thread ingests it."""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Protocol

from spine.config import Config

log = logging.getLogger(__name__)
IDLE_SECONDS = 30.0


class Intake(Protocol):
    def submit(self, path: Path) -> None: ...


class WatcherIntake:
    """Marks the path on the running watcher, which ingests it once it is stable."""

    def __init__(self, service) -> None:
        self.service = service

    def submit(self, path: Path) -> None:
        self.service.changed(path, False)


class NoIntake:
    """Leaves the file for the next `evidence scan` or watcher start."""

    def submit(self, path: Path) -> None:
        log.info("upload %s left for the next scan", path.name)


class BackgroundIngest:
    """One daemon thread with its own archive connection and extraction pool; it closes them
    after a quiet spell so an idle UI holds no worker processes."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._queue: queue.Queue[Path] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, path: Path) -> None:
        with self._lock:
            self._queue.put(path)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="upload-ingest", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        from spine.services import open_services
        from indexer.watch.filters import stat_file

        services = open_services(self.config, heal_index=False)
        try:
            while True:
                try:
                    path = self._queue.get(timeout=IDLE_SECONDS)
                except queue.Empty:
                    with self._lock:
                        if self._queue.empty():
                            self._thread = None
                            return
                    continue
                found = stat_file(self.config.watch_root, path)
                if found is None:
                    log.warning("uploaded file %s vanished before ingestion", path.name)
                    continue
                try:
                    report = services.ingestor.ingest_files([found])
                    log.info("upload ingested: new=%d versions=%d failed=%d", report.new, report.versions,
                             report.failed)
                except Exception:  # the thread must survive one bad file; the error is in the log
                    log.exception("ingesting upload %s failed", path.name)
        finally:
            services.close()


def make_intake(config: Config, enabled: bool) -> Intake:
    return BackgroundIngest(config) if enabled else NoIntake()
