"""A real PostgreSQL server for the cluster tests and the bench: Debian's own binaries, a data
directory in a fresh temporary folder, a free port on 127.0.0.1, stopped and removed afterwards.

PostgreSQL refuses to run as root, so under root the server runs as the `postgres` account
Debian's package creates (`runuser`); otherwise as the current user. Nothing is mocked: the
tests talk to the server through the same driver as production.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from process_watchdog import watchdog

SERVER_ACCOUNT = "postgres"


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin_dir: Path
    account: str | None
    guard: subprocess.Popen | None = None
    kept: bool = False  # a folder named by the caller: stopped, never removed

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def stop(self) -> None:
        _run(self, "pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop", check=False)
        if self.guard is not None:
            self.guard.kill()
            self.guard.wait(5)
        if not self.kept:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def pid(self) -> int:
        """The postmaster's process id, from the pid file it writes on start."""
        return int((self.folder / "data" / "postmaster.pid").read_text().split()[0])


def find_bin_dir() -> Path:
    """The newest installed server's binaries (Debian keeps them off PATH), or EVIDENCE_PG_BIN."""
    if os.environ.get("EVIDENCE_PG_BIN"):
        return Path(os.environ["EVIDENCE_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError("PostgreSQL server binaries not found: run scripts/setup.sh (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(server: PostgresServer, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = [str(server.bin_dir / program), *args]
    if server.account:
        command = ["runuser", "-u", server.account, "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=check, cwd=server.folder)


def start_postgres(folder: Path | None = None) -> PostgresServer:
    """initdb into a new temporary folder and start the server on a free local port; the folder
    is owned by the server's account, so a root test run still hands the server a place of its own.

    With `folder` (a bench's database kept between runs) the server's data lives there: made by
    the first start, started again as it is by the next, and never removed."""
    account = SERVER_ACCOUNT if os.geteuid() == 0 else None
    kept = folder is not None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="evidence-pg-"))
    else:
        folder.mkdir(parents=True, exist_ok=True)
    if account:
        entry = pwd.getpwnam(account)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(folder, _free_port(), find_bin_dir(), account, kept=kept)
    try:
        if not (folder / "data" / "PG_VERSION").exists():
            _run(server, "initdb", "-D", str(folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C", "--no-sync")
        options = (f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        _run(server, "pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", str(folder / "server.log"),
             "-w", "-t", "120", "start")
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        if not kept:
            shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr or exc.stdout}\n{detail}") from exc
    server.guard = watchdog(server.pid, None if kept else folder)
    return server
