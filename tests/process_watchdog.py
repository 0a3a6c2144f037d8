"""A test session killed outright (SIGKILL: no finalizer runs) must not leave servers or worker
processes behind for ever: each one gets a watchdog, a small shell loop that ends it (and removes
its folder) once the process that started it is gone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

WATCH_SECONDS = 1


def watchdog(child_pid: int, folder: Path | None = None, parent_pid: int | None = None) -> subprocess.Popen:
    """End `child_pid` (and remove `folder`) when `parent_pid` (default: this process) has gone.
    Runs in its own session, so whatever kills this process's group does not take it too."""
    parent = parent_pid or os.getpid()
    cleanup = f"rm -rf '{folder}'" if folder else ":"
    script = (f"while kill -0 {parent} 2>/dev/null && kill -0 {child_pid} 2>/dev/null; do sleep {WATCH_SECONDS}; done;"
              f" kill -9 -{child_pid} 2>/dev/null || kill -9 {child_pid} 2>/dev/null; {cleanup}")
    return subprocess.Popen(["sh", "-c", script], start_new_session=True, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def a_killed_session_leaves_nothing(start: str, pid: str) -> None:
    """Start a server in a child Python session (`start`: an import and a call binding `s`; `pid`:
    the expression for its process id), SIGKILL the session, and wait for the server and its folder
    to be gone."""
    import sys

    from conftest import REPO, wait_until

    script = f"import sys, time; sys.path.insert(0, 'tests'); {start}; print({pid}, s.folder, flush=True); time.sleep(600)"
    session = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    server_pid, folder = session.stdout.readline().split()
    assert Path(folder).is_dir() and Path(f"/proc/{server_pid}").exists()
    session.kill()
    session.wait(10)
    wait_until(lambda: not Path(f"/proc/{server_pid}").exists() and not Path(folder).exists(), timeout=30)
