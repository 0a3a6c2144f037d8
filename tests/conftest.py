"""Fixtures that build real homes and real input files, and run the real CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from postgres_fixtures import (cluster_settings, postgres, record_settings, search_database,  # noqa: E402,F401
                               search_engine)
from redis_server import redis_broker  # noqa: E402,F401

REPO = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("EVIDENCE_REALDATA", REPO.parent / "shared" / "realdata"))

@pytest.fixture(scope="session")
def labelled_set():
    """bench/tagging_quality.py, the labelled set it reads and the packaged catalog's figures on it:
    one whole-set evaluation per run, shared by the quality floors and the importer's comparisons."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from archive.catalog import load_catalog
    from bench import tagging_quality

    records = tagging_quality.load_set()
    return tagging_quality, records, tagging_quality.evaluate(records, load_catalog())


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


def scanned_documents(home: Path) -> dict[str, dict]:
    """Scan a home whose share the test has filled (every file must be read) and list its
    documents by file name, as `documents --json` reports them."""
    report = cli_json(home, "scan")
    assert report["failed"] == 0, report["errors"]
    return {Path(d["source_path"]).name: d for d in cli_json(home, "documents")}


def in_window(doc: dict) -> set[str]:
    """The duties a document is in-window evidence for."""
    return {t["item"] for t in doc["tags"] if t["in_window"]}


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def evidence_run(home: Path, admin_password: str, log_path: Path | None = None, **env: str) -> Iterator[dict]:
    """`evidence run` (watcher + web UI) as a real process on a free port, its output in
    `log_path` (default home/run.log); yields once the log-in page answers, and stops it
    (Ctrl-C, then kill) afterwards. `env`: more environment, e.g. EVIDENCE_CLOCK."""
    port = free_port()
    log_path = log_path or home / "run.log"
    environment = dict(os.environ, PYTHONUNBUFFERED="1", EVIDENCE_ADMIN_PASSWORD=admin_password, **env)
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), "run", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=REPO)
        try:
            wait_until(lambda: responds(base + "/login"), timeout=60)
            yield {"home": home, "base": base, "proc": proc, "log": log_path}
        finally:
            stop_server(proc)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "tests" / "_artifacts" / "screenshots"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright; screenshots go to SCREENSHOTS."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


# -- processes, read from /proc ------------------------------------------------------------------

def processes() -> dict[int, tuple[int, str, str]]:
    """Every process now: pid → (parent pid, command name, state letter)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = process_stat(int(entry.name))
            if stat is not None:
                found[int(entry.name)] = stat
    return found


def process_stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, command name, state letter) of one process, None once it is gone. The name
    is between the first '(' and the last ')': it may itself hold spaces and parentheses."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    state, parent = stat[stat.rindex(")") + 2:].split()[:2]
    return int(parent), name, state


def process_alive(pid: int, name: str | None = None) -> bool:
    """Running (not a zombie), and named `name` if given (a pid may be reused)."""
    stat = process_stat(pid)
    return stat is not None and stat[2] != "Z" and (name is None or stat[1] == name)


def descendants(root: int, name: str | None = None) -> set[int]:
    """Children, grandchildren… of `root` (extraction workers may be forked by a fork server, and
    Tesseract by a worker), only those named `name` if given: others on the machine don't count."""
    table = processes()
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (parent, _, _) in table.items() if parent in frontier and pid not in found}
        found |= frontier
    return {pid for pid in found if name is None or table[pid][1] == name}

@pytest.fixture
def realdata() -> Path:
    if not REALDATA.exists():
        pytest.skip(f"shared real-data corpus not found at {REALDATA}")
    return REALDATA
