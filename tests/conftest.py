"""Fixtures that build real homes and real input files, and run the real CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from postgres_fixtures import cluster_settings, postgres, search_database, search_engine  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("EVIDENCE_REALDATA", REPO.parent / "shared" / "realdata"))

TEST_CONFIG = """
[watch]
observer = "{observer}"
quiet_seconds = 0.6
poll_seconds = 0.3
rescan_seconds = 300

[limits]
workers = 2
file_timeout_seconds = 120
"""


def run_cli(home: Path, *args: str) -> tuple[int, str]:
    """The real `evidence` entry point, in-process."""
    from evidence.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--home", str(home), *args])
    return code, out.getvalue()


def cli_json(home: Path, *args: str):
    code, out = run_cli(home, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def make_home(path: Path, observer: str = "native", settings: str = "") -> Path:
    """A home made by the real `evidence init`; `settings` are more evidence.toml lines (e.g. [cluster])."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "evidence.toml").write_text(TEST_CONFIG.format(observer=observer) + settings, encoding="utf-8")
    code, out = run_cli(path, "init")
    assert code == 0, out
    return path


SUITE_CLOCK = "2020-10-15T09:00:00+08:00"


@pytest.fixture(scope="session", autouse=True)
def assessment_clock_for_shared_fixtures():
    """Module-scoped fixtures build their homes before any function-scoped fixture runs: they too
    live on the suite's clock."""
    from archive import clock

    clock.set_clock(clock.parse_setting(SUITE_CLOCK))
    yield
    clock.set_clock(None)


@pytest.fixture(autouse=True)
def assessment_clock():
    """Tests live in the assessment's collection phase: the archive's clock reads 2020-10-15
    (ticking), so `--as-of 2020-10-20` is still ahead and shows the current state. A test that
    lets time pass calls `archive.clock.set_clock` itself; the suite's clock comes back after it."""
    from archive import clock

    clock.set_clock(clock.parse_setting(SUITE_CLOCK))
    yield clock
    clock.set_clock(clock.parse_setting(SUITE_CLOCK))


def use_ocr_engine(home: Path, engine: str) -> None:
    """Pin `[ocr] engine` (tests about one engine's own behaviour, e.g. its processes)."""
    with (home / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[ocr]\nengine = "{engine}"\n')


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path / "home")


@pytest.fixture
def share(home: Path) -> Path:
    return home / "watch_folders"


def wait_until(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll instead of sleeping a fixed time; returns the predicate's truthy value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def start_cli_process(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)



def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server a test started: Ctrl-C (a clean stop), then kill it after 30 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()

@pytest.fixture
def realdata() -> Path:
    if not REALDATA.exists():
        pytest.skip(f"shared real-data corpus not found at {REALDATA}")
    return REALDATA
