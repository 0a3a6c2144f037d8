"""A real Redis for the cluster tests and the bench: Debian's redis-server on a free port on
127.0.0.1, its files in a fresh temporary folder, stopped and removed afterwards.

A test session killed outright (SIGKILL: no finalizer runs) must not leave servers or worker
processes behind for ever: each one gets a watchdog, a small shell loop that ends it (and removes
its folder) once the process that started it is gone.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from process_watchdog import watchdog

@dataclass
class RedisServer:
    folder: Path
    port: int
    process: subprocess.Popen
    guard: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.guard.kill()
        self.guard.wait(5)
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis() -> RedisServer:
    """redis-server in the foreground (no persistence: the queue lives for one test session)."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RuntimeError("redis-server not found: run scripts/setup.sh (Debian package redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="evidence-redis-"))
    port = _free_port()
    log = open(folder / "server.log", "wb")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
         "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    server = RedisServer(folder, port, process, watchdog(process.pid, folder))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return server
        except OSError:
            time.sleep(0.1)
    detail = (folder / "server.log").read_text(errors="replace")[-2000:]
    server.stop()
    raise RuntimeError(f"redis-server did not start:\n{detail}")


@pytest.fixture(scope="session")
def redis_broker():
    server = start_redis()
    yield server
    server.stop()
