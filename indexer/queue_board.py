"""What is being processed: the ingest queue as a person sees it.

The process that ingests (`run`, `watch`, `scan`) keeps a small board in `var/queue/<pid>-<n>.json`:
files the watcher has noticed and waits on (its quiet period), files still to be copied into the
archive, and each file a worker is reading right now with its page n of m. The status page and
`evidence status` run in other processes: they read the boards of live processes and the
archive's own record (documents still `pending`, and what finished in the last hour), so nobody
stares at an unchanged search page for half a minute after dropping sixty files.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from archive import clock
from archive.store import Archive
from indexer.liveness import process_alive

BOARD_DIR = "queue"
WRITE_EVERY = 0.3  # seconds between rewrites of the board; a change waits at most this long
RECENT = 10        # finished files listed


class QueueBoard:
    """This process's part of the queue, rewritten atomically as it changes."""

    def __init__(self, var: Path) -> None:
        # one file per board: a process may run several ingestors (the watcher, web uploads)
        self.path = var / BOARD_DIR / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        self._lock = threading.Lock()
        self._active: dict[object, dict] = {}
        self._noticed = 0
        self._to_archive = 0
        self._written = -WRITE_EVERY
        self._owed = False  # a change not on disk yet: the writer thread writes it when the interval ends
        self._changed = threading.Condition(self._lock)
        self._writer: threading.Thread | None = None
        self._closed = False
        self._folder_made = False
        self.writes = 0  # times the file was rewritten

    def noticed(self, count: int) -> None:
        """Files the watcher saw change and waits on until they stop changing."""
        if count != self._noticed:
            self._noticed = count
            self._write()

    def stage(self, stage: str, done: int, total: int) -> None:
        """The pipeline's progress; files not yet copied into the archive are still waiting."""
        if stage == "archive":
            self._to_archive = max(0, total - done)
            self._write()

    def started(self, key: object, name: str, kind: str | None) -> None:
        with self._lock:
            self._active[key] = {"id": key if isinstance(key, int) else None, "path": name, "format": kind,
                                 "stage": "ocr" if kind == "image" else "read", "page": 0, "pages": None,
                                 "started": time.time()}
        self._write()

    def page(self, key: object, done: int, total: int | None, ocr: bool) -> None:
        with self._lock:
            entry = self._active.get(key)
            if entry is None:
                return
            entry["page"] = done
            entry["pages"] = total or entry["pages"]
            if ocr:
                entry["stage"] = "ocr"
        self._write()

    def finished(self, key: object) -> None:
        with self._lock:
            self._active.pop(key, None)
        self._write()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._changed.notify_all()
        try:
            self.path.unlink()
        except OSError:
            pass

    def _write(self) -> None:
        """Rewrite the file now, or — within WRITE_EVERY of the last rewrite — owe the rewrite to
        the board's one writer thread, which makes it when the interval is over. Rewriting it for
        every file started and finished cost a scan about a millisecond of CPU per document; a
        thread started per owed rewrite (a Timer) cost a long scan its memory: each new thread
        left freed pages in glibc's per-thread arenas (20,000 documents: 390 → 494 MB peak RSS).
        A reader polls the board every few seconds and sees every change at most WRITE_EVERY late."""
        with self._lock:
            if self._closed:
                return
            if self._written + WRITE_EVERY > time.monotonic():
                if self._writer is None:
                    self._writer = threading.Thread(target=self._write_owed, name="queue-board", daemon=True)
                    self._writer.start()
                elif not self._owed:  # a writer already owing a rewrite is asleep until the interval ends
                    self._changed.notify()
                self._owed = True
                return
            self._rewrite()

    def _write_owed(self) -> None:
        with self._lock:
            while not self._closed:
                wait = self._written + WRITE_EVERY - time.monotonic()
                if not self._owed or wait > 0:
                    self._changed.wait(wait if self._owed else None)
                    continue
                self._rewrite()

    def _rewrite(self) -> None:
        """Write the board's state atomically; called with the lock held."""
        self._owed = False
        self._written = time.monotonic()
        data = {"pid": os.getpid(), "updated": time.time(), "noticed": self._noticed,
                "to_archive": self._to_archive, "active": list(self._active.values())}
        try:
            if not self._folder_made:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._folder_made = True
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
            self.writes += 1
        except OSError:
            self._folder_made = False
            # the board is a courtesy; ingest never fails for it


def read_boards(var: Path) -> list[dict]:
    """The boards of processes still running (a killed process leaves a stale file: ignored)."""
    boards = []
    for path in sorted((var / BOARD_DIR).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and process_alive(int(data.get("pid", 0))):
            boards.append(data)
    return boards


def pending_count(archive: Archive, var: Path) -> int:
    """How many files are not searchable yet, cheaply (for every search page): documents still
    pending — those being read among them — plus files noticed and not yet archived."""
    waiting = archive.pending_count()
    return waiting + sum(int(b.get("noticed", 0)) + int(b.get("to_archive", 0)) for b in read_boards(var))


def queue_status(archive: Archive, var: Path) -> dict:
    """Waiting, being read (page n of m), done and failed in the last hour, and time left."""
    boards = read_boards(var)
    now = time.time()
    active = []
    for board in boards:
        for entry in board["active"]:
            active.append({"id": entry["id"], "path": entry["path"], "stage": entry["stage"], "page": entry["page"],
                           "pages": entry["pages"], "seconds": round(max(0.0, now - entry["started"]), 1)})
    busy = {a["id"] for a in active}
    waiting = [{"id": row["id"], "path": row["path"], "since": row["first_seen"]}
               for row in archive.pending_documents() if row["id"] not in busy]
    noticed = sum(int(b.get("noticed", 0)) + int(b.get("to_archive", 0)) for b in boards)
    since = clock.stamp(clock.now() - timedelta(hours=1))
    rows = archive.extracted_since(since)
    done = sum(1 for r in rows if r["status"] == "indexed")
    failed = sum(1 for r in rows if r["status"] == "failed")
    remaining = len(waiting) + len(active) + noticed
    return {
        "pending": remaining, "noticed": noticed, "waiting_count": len(waiting), "waiting": waiting[:50],
        "active": active, "done_last_hour": done, "failed_last_hour": failed,
        "recent": [{"id": r["id"], "path": r["path"], "status": r["status"], "error": r["error"],
                    "at": r["extracted_at"]} for r in rows[:RECENT]],
        "seconds_left": _seconds_left(rows, remaining, active),
        "ingesting": bool(boards), "as_of": clock.now_text(),
    }


def _seconds_left(rows: list, remaining: int, active: list[dict]) -> float | None:
    """Remaining files × the recent pace (files finished per second), or — when that cannot be
    measured yet — what the files being read still need at their own pace per page; None when
    neither is known, 0 when nothing waits."""
    if remaining == 0:
        return 0.0
    stamps = sorted(r["extracted_at"] for r in rows)[-20:]  # the recent pace, not an idle hour's
    if len(stamps) >= 2:
        from datetime import datetime

        span = (datetime.fromisoformat(stamps[-1]) - datetime.fromisoformat(stamps[0])).total_seconds()
        if span > 0:
            return round(remaining * span / (len(stamps) - 1), 1)
    paced = [a["seconds"] / a["page"] * (a["pages"] - a["page"]) for a in active if a["page"] and a["pages"]]
    if paced and remaining == len(active):
        return round(max(paced), 1)
    return None


def time_left_text(seconds: float | None) -> str:
    """「约 3 分钟」 for people; the estimate is rough, so it is rounded like one."""
    if seconds is None:
        return "正在估算"
    if seconds <= 0:
        return "无"
    if seconds < 60:
        return f"约 {max(1, round(seconds))} 秒"
    if seconds < 3600:
        return f"约 {round(seconds / 60)} 分钟"
    return f"约 {seconds / 3600:.1f} 小时"


def stage_text(entry: dict) -> str:
    """「OCR 识别中，第 3 / 12 页」 for a file a worker is reading."""
    verb = "OCR 识别中" if entry["stage"] == "ocr" else "读取中"
    if entry["pages"]:
        return f"{verb}，第 {entry['page']} / {entry['pages']} 页"
    return f"{verb}，已完成 {entry['page']} 页" if entry["page"] else verb
