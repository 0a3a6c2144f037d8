"""The watch loop: thin. Events only mark paths; the stability tracker decides when a file is
ready; the pipeline ingests. A periodic reconciling scan catches anything an observer missed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from indexer.pipeline import Ingestor, IngestReport
from indexer.watch.filters import is_ignored_path, relative_name, stat_file, walk
from indexer.watch.observer import make_observer
from indexer.watch.stability import StabilityTracker

log = logging.getLogger(__name__)
TICK = 0.25


class _Handler(FileSystemEventHandler):
    def __init__(self, service: "WatchService") -> None:
        self.service = service

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        src = Path(os.fsdecode(event.src_path))
        if event.event_type == "deleted":
            self.service.deleted(src, event.is_directory)
        elif event.event_type == "moved":
            self.service.deleted(src, event.is_directory)
            self.service.changed(Path(os.fsdecode(event.dest_path)), event.is_directory)
        else:
            self.service.changed(src, event.is_directory)


class WatchService:
    def __init__(self, ingestor: Ingestor, on_report=None) -> None:
        self.ingestor = ingestor
        self.config = ingestor.config
        self.root = self.config.watch_root
        self.tracker = StabilityTracker(self.config.quiet_seconds)
        self.on_report = on_report
        self._lock = threading.Lock()
        self._removed: dict[str, Path] = {}
        self._removed_dirs: set[str] = set()
        self._rescan_dirs: set[Path] = set()
        self._stop = threading.Event()
        self.observer_kind = ""
        self.ready = threading.Event()

    # -- called from observer threads ------------------------------------------------------

    def changed(self, path: Path, is_dir: bool) -> None:
        with self._lock:
            if is_dir:
                self._rescan_dirs.add(path)
            else:
                self.tracker.touch(path)

    def deleted(self, path: Path, is_dir: bool) -> None:
        rel = relative_name(self.root, path)
        with self._lock:
            self.tracker.forget(path)
            if is_dir:
                self._removed_dirs.add(rel + "/")
            elif not is_ignored_path(rel):
                self._removed[rel] = path

    # -- the loop --------------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        observer, self.observer_kind = make_observer(self.root, self.config.observer, self.config.poll_seconds)
        observer.schedule(_Handler(self), str(self.root), recursive=True)
        observer.start()
        log.info("watching %s with the %s observer", self.root, self.observer_kind)
        try:
            self._report(self.ingestor.scan())  # catch up with what changed while we were down
            self.ready.set()
            next_rescan = time.monotonic() + self.config.rescan_seconds
            while not self._stop.is_set():
                self._tick()
                if time.monotonic() >= next_rescan:
                    self._report(self.ingestor.scan())
                    next_rescan = time.monotonic() + self.config.rescan_seconds
                self._stop.wait(TICK)
        finally:
            observer.stop()
            observer.join(10)
            self.ingestor.close()

    def _tick(self) -> None:
        with self._lock:
            dirs, self._rescan_dirs = self._rescan_dirs, set()
            for directory in dirs:
                for found in walk(directory, share=self.root) if directory.is_dir() else ():
                    self.tracker.touch(found.path)
            ready = self.tracker.ready()
            self.ingestor.board.noticed(len(self.tracker))
            removed, self._removed = self._removed, {}
            removed_dirs, self._removed_dirs = self._removed_dirs, set()
        for known in self.ingestor.archive.current_locations() if removed_dirs else ():
            if any(known.startswith(prefix) for prefix in removed_dirs):
                removed.setdefault(known, self.root / known)
        files = [f for f in (stat_file(self.root, p) for p in ready) if f is not None]
        if removed:
            gone = [rel for rel, path in removed.items() if not os.path.lexists(path)]
            if gone:
                self._report(self.ingestor.remove(gone))
        if files:
            report = self.ingestor.ingest_files(files)
            if report.deferred:  # changed while being read: watch it again
                with self._lock:
                    for f in files:
                        self.tracker.touch(f.path)
            self._report(report)

    def _report(self, report: IngestReport) -> None:
        if self.on_report is not None and (report.new or report.versions or report.duplicates or report.removed
                                           or report.failed or report.errors):
            self.on_report(report)
