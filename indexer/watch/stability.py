"""A file is ready once its size and mtime have not moved for a quiet period: a department
copying a 200 MB scan over SMB must not be read half-written.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


class StabilityTracker:
    def __init__(self, quiet_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet_seconds
        self.clock = clock
        self._pending: dict[Path, _Seen | None] = {}

    def touch(self, path: Path) -> None:
        """Something happened to `path`: (re)start watching it."""
        self._pending[path] = None

    def forget(self, path: Path) -> None:
        self._pending.pop(path, None)

    def __len__(self) -> int:
        return len(self._pending)

    def ready(self) -> list[Path]:
        """Paths whose size and mtime held still for the quiet period; they leave the tracker."""
        now = self.clock()
        out: list[Path] = []
        for path, seen in list(self._pending.items()):
            try:
                st = os.stat(path)
            except OSError:
                self._pending.pop(path, None)  # gone again: the deletion event handles it
                continue
            if seen is None or (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):
                self._pending[path] = _Seen(st.st_size, st.st_mtime_ns, now)
            elif now - seen.since >= self.quiet:
                out.append(path)
                del self._pending[path]
        return out
