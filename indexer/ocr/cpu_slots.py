"""Which cores of this machine are busy with a worker, shared by every OCR engine.

A worker reading a multi-page scan reads up to one page per core at a time, but only on cores no
other worker is using: `cpu_slot` marks the core a busy worker is on (machine-wide flock'd slot
files, released by the kernel when a process dies), and an extra page starts only while a slot is
free and no worker is waiting for one (`idle_core`). A worker never waits for a slot, so this only
fills idle cores; it cannot make a run slower than one page per worker at a time. Every engine
computes a page on exactly one core (Tesseract with OMP_THREAD_LIMIT=1, ONNX Runtime with one
intra-op thread), so slots, lanes and engine threads agree: never more busy threads than cores.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

SLOT_DIR = Path(tempfile.gettempdir()) / f"evidence-cpu-slots-{os.getuid()}"
DEMAND_TRIES = 20  # a worker never waits for a core: at most this many 1 ms tries to say it wants one


ONE_THREAD_ENV = {"OMP_THREAD_LIMIT": "1"}  # an engine process computes on one core


def usable_cores(limit: int | None = None) -> int:
    """Cores extraction may use: those this process may run on, at most `limit` (the extraction
    pool's size, handed down in ExtractOptions.cores, so `[limits] workers = 1` keeps OCR to one
    core); None: every one of them."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if limit is not None:
        cores = min(cores, limit)
    return max(1, cores)


def one_thread_env() -> dict[str, str]:
    """The environment for an engine's process (Tesseract): this process's, one OpenMP thread."""
    return {**os.environ, **ONE_THREAD_ENV}


def _open_lock_file(name: str) -> int | None:
    """None when slots cannot be used (then a worker reads one page at a time, as it always did)."""
    try:
        SLOT_DIR.mkdir(mode=0o700, exist_ok=True)
        if os.stat(SLOT_DIR).st_uid != os.getuid():  # someone else's directory: not ours to trust
            return None
        return os.open(SLOT_DIR / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None


def _take_free_slot(cores: int) -> int | None:
    """An fd holding one free core's slot, or None when all are taken (or slots are unusable)."""
    for number in range(cores):
        fd = _open_lock_file(f"slot-{number}")
        if fd is None:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError:
            os.close(fd)
    return None


def _someone_waits() -> bool:
    """A worker that found no free slot holds the demand file shared until it has one."""
    fd = _open_lock_file("demand")
    if fd is None:
        return True  # cannot tell: behave as if cores were short
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's lock


class _ProcessSlot:
    """The core this process is busy on, held while it extracts one file (re-entrant)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._fd: int | None = None
        self._demanding = False

    def enter(self, cores: int) -> None:
        with self._lock:
            self._depth += 1
            if self._depth > 1:
                return
            self._fd = _take_free_slot(cores)
            self._demanding = False
            if self._fd is None:
                self._fd = _open_lock_file("demand")
                for _ in range(DEMAND_TRIES if self._fd is not None else 0):
                    try:  # fails only during an extra lane's instant probe
                        fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                        self._demanding = True
                        break
                    except OSError:
                        time.sleep(0.001)
                if self._fd is not None and not self._demanding:
                    os.close(self._fd)
                    self._fd = None

    def exit(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                os.close(self._fd)
                self._fd, self._demanding = None, False

    def settle(self, cores: int) -> bool:
        """Trade a registered demand for a slot that has come free; True when this process holds
        a slot (or holds nothing because it is outside `cpu_slot`), i.e. is not waiting."""
        with self._lock:
            if not self._demanding:
                return True
            fd = _take_free_slot(cores)
            if fd is None:
                return False
            os.close(self._fd)
            self._fd, self._demanding = fd, False
            return True


PROCESS_SLOT = _ProcessSlot()


@contextlib.contextmanager
def cpu_slot(cores: int | None = None) -> Iterator[None]:
    """Mark this process busy on one core for the duration; never waits. `cores`: the pool's
    size (see usable_cores).

    Takes a free slot, or when every slot is in use (by other workers' extra OCR pages) registers
    demand, so that those stop after their current page. Re-entrant within a process.
    """
    PROCESS_SLOT.enter(usable_cores(cores))
    try:
        yield
    finally:
        PROCESS_SLOT.exit()


def idle_core(cores: int | None = None) -> int | None:
    """A slot fd for an extra page lane: only a free core, only while no worker waits for one."""
    cores = usable_cores(cores)
    if not PROCESS_SLOT.settle(cores):
        return None  # this worker itself still waits for a core of its own
    fd = _take_free_slot(cores)
    if fd is not None and _someone_waits():
        os.close(fd)
        return None
    return fd
