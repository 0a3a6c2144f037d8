"""The quick-start scripts on this Debian machine, in a copy of the checkout with nothing beside
it (no ../shared): scripts/setup.sh installs into a virtual environment in the checkout (Debian's
Python refuses `pip install` outside one, PEP 668) and is idempotent; scripts/run.sh finds
`evidence` through it; scripts/test.sh runs the slow suite even when the fast one fails and exits
with the worse status."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


DEBIAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # a fresh machine's: Debian's python3


def bash(repo: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "EVIDENCE_HOME", "EVIDENCE_REALDATA", "PYENV_VERSION")}
    env["PATH"] = DEBIAN_PATH
    return subprocess.run(["bash", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """The working tree's files (committed or not, minus ignored ones) in a bare folder."""
    repo = tmp_path_factory.mktemp("bare") / "evidence-archive"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / rel)
    assert not (repo.parent / "shared").exists()
    done = bash(repo, "scripts/setup.sh")
    assert done.returncode == 0, done.stdout + done.stderr
    return repo


def test_setup_installs_into_a_virtual_environment_in_the_checkout(checkout):
    python = checkout / ".venv" / "bin" / "python"
    prefixes = subprocess.run([str(python), "-c", "import sys; print(sys.prefix != sys.base_prefix)"],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert prefixes == "True"
    assert subprocess.run([str(checkout / ".venv" / "bin" / "evidence"), "--help"], capture_output=True).returncode == 0
    started = time.monotonic()
    again = bash(checkout, "scripts/setup.sh")
    assert again.returncode == 0, again.stderr
    assert time.monotonic() - started < 30  # idempotent: nothing installed the second time


def test_run_finds_evidence_through_the_virtual_environment(checkout):
    done = bash(checkout, "scripts/run.sh", "--help")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "usage: evidence run" in done.stdout


def test_test_script_runs_the_slow_suite_after_a_failing_fast_one(checkout):
    (checkout / "tests" / "test_zz_fast_fails.py").write_text("def test_fails():\n    assert False\n")
    (checkout / "tests" / "test_zz_slow_runs.py").write_text(
        "import pytest\n\n\n@pytest.mark.slow\ndef test_slow_marker_file_written(tmp_path):\n"
        "    open('slow-suite-ran', 'w').close()\n")
    try:
        done = bash(checkout, "scripts/test.sh", "tests/test_zz_fast_fails.py", "tests/test_zz_slow_runs.py")
    finally:
        (checkout / "tests" / "test_zz_fast_fails.py").unlink()
        (checkout / "tests" / "test_zz_slow_runs.py").unlink()
    assert done.returncode == 1, done.stdout + done.stderr
    assert (checkout / "slow-suite-ran").exists(), done.stdout
    assert "1 failed" in done.stdout and "1 passed" in done.stdout


def test_a_bare_checkout_passes_the_hostile_corpus_and_says_why_real_data_tests_skip(checkout):
    done = bash(checkout, "scripts/test.sh", "tests/test_reliability_input.py", "tests/test_realdata.py")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "SKIPPED" in done.stdout and "shared real-data corpus not found" in done.stdout
