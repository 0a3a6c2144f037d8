"""The home's one ingest lock: whoever changes what the archive holds for the share, or writes
the search index, holds it — a scan, the watcher, a re-index, the web UI indexing a manual tag,
and a browser upload putting its file in place.

It is an flock on `var/ingest.lock`: processes wait their turn, and so do threads of one process
(each holder opens the file itself, and flock locks belong to the open file), so `evidence run`'s
watcher and its web server exclude each other as two processes would.

With the records on PostgreSQL (`[cluster] system_of_record = "postgresql"`) the machines of a
county — workers, web nodes, the machine that scans the share — each have a `var/` of their own,
so `home_lock` also takes the county's advisory lock on that server: they take turns as one
machine's processes do.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import time
from pathlib import Path
from typing import Iterator

LOCK_NAME = "ingest.lock"
POLL_SECONDS = 0.05


@contextlib.contextmanager
def ingest_lock(var: Path, timeout: float | None = None) -> Iterator[bool]:
    """Hold the lock for the block. `timeout` None waits as long as it takes; otherwise the
    block runs after at most `timeout` seconds either way, told whether it holds the lock
    (0: only if it is free now), so a caller that must not wait behind a long scan can leave
    its work to that scan."""
    var.mkdir(parents=True, exist_ok=True)
    with open(var / LOCK_NAME, "w") as fh:
        held = _acquire(fh, timeout)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def home_lock(config, timeout: float | None = None) -> Iterator[bool]:
    """The home's ingest lock as `ingest_lock` holds it, and with the records on PostgreSQL the
    county's lock there too (taken second, by every holder: no two can wait on each other)."""
    started = time.monotonic()
    with ingest_lock(config.var, timeout) as held:
        if not held or config.cluster_system_of_record != "postgresql":
            yield held
            return
        left = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
        with county_lock(config.cluster_database_url, config.cluster_county, left) as held_too:
            yield held_too


@contextlib.contextmanager
def county_lock(url: str, county: str, timeout: float | None = None) -> Iterator[bool]:
    """A session advisory lock on the county's PostgreSQL server, on a connection of its own (the
    archive's connection commits and rolls back under it), released when the block ends; as
    `ingest_lock`, `timeout` None waits as long as it takes."""
    import psycopg

    key = int.from_bytes(hashlib.sha1(f"evidence-ingest:{county}".encode()).digest()[:8], "big", signed=True)
    with psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
        if timeout is None:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            held = True
        else:
            deadline = time.monotonic() + timeout
            while not (held := conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]):
                if time.monotonic() >= deadline:
                    break
                time.sleep(POLL_SECONDS)
        try:
            yield held
        finally:
            if held:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def _acquire(fh, timeout: float | None) -> bool:
    if timeout is None:
        fcntl.flock(fh, fcntl.LOCK_EX)
        return True
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
