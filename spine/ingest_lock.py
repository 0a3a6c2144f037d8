"""The home's one ingest lock: whoever changes what the archive holds for the share, or writes
the search index, holds it — a scan, the watcher, a re-index, the web UI indexing a manual tag,
and a browser upload putting its file in place.

It is an flock on `var/ingest.lock`: processes wait their turn, and so do threads of one process
(each holder opens the file itself, and flock locks belong to the open file), so `evidence run`'s
watcher and its web server exclude each other as two processes would.

With the records on PostgreSQL the machines of a county each have a `var/` of their own:
`archive.county_lock.home_lock` adds the county's lock on that server.
"""

from __future__ import annotations

import contextlib
import fcntl
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
