"""Web benchmark: `evidence run` (watcher + web UI in one process) on an ingested home —
resident memory when idle, then the search page under 10 concurrent clients.

Latency is measured at the client over loopback (request sent → full page received), so it is
the server's time plus a negligible local round trip; the page is the real HTML search page
(ranked hits, snippets, facets), logged in as an inspector. Memory is the sum of the resident
set of the `evidence run` process and any children it has (extraction workers), read from
/proc once the watcher's catch-up scan has finished and the process is idle.

    python bench/web.py --home /tmp/evidence-bench/home-20k --corpus /tmp/evidence-bench/corpus-20000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.ingest import evidence  # noqa: E402
from bench.search import stats_ms  # noqa: E402

CLIENTS = 10
USER, PASSWORD = "benchinspector", "bench-Password-2024!"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, from /proc."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return round(total / 1024, 1)


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _wait_idle(pid: int, quiet_s: float = 3.0, timeout: float = 900.0) -> float:
    """Until the process has used < 2 % CPU for `quiet_s` (the catch-up scan is over)."""
    started = time.monotonic()
    hz = os.sysconf("SC_CLK_TCK")
    while time.monotonic() - started < timeout:
        before = _cpu_ticks(pid)
        time.sleep(quiet_s)
        if (_cpu_ticks(pid) - before) / hz < 0.02 * quiet_s:
            return time.monotonic() - started
    return time.monotonic() - started


def _login(base: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token"\s+value="([^"]+)"', page)
    data = {"name": USER, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    resp = session.post(f"{base}/login", data=data, timeout=30, allow_redirects=False)
    if resp.status_code not in (302, 303):
        raise RuntimeError(f"log-in failed: HTTP {resp.status_code}")
    return session


def run(home: Path, corpus: Path, rounds: int = 2) -> dict:
    from bench.search import query_mix
    from evidence.config import load_config
    from archive.store import Archive

    try:
        from webui import create_app  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"web UI not available: {exc}"}
    evidence(home, "user", "add", USER, "--role", "inspector", "--password", PASSWORD, "--json", check=False)
    config = load_config(home)
    archive = Archive(config.var)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    mix = query_mix(manifest, archive)
    archive.close()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), "run", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(REPO))
    out: dict = {"clients": CLIENTS}
    try:
        import requests

        deadline = time.monotonic() + 300
        while True:
            try:
                requests.get(f"{base}/login", timeout=5)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("evidence run did not start")
                time.sleep(0.5)
        out["settle_s"] = round(_wait_idle(proc.pid), 1)
        out["idle_rss_mb"] = tree_rss_mb(proc.pid)

        sessions = [_login(base) for _ in range(CLIENTS)]
        for entry in mix[:5]:  # warm-up
            sessions[0].get(base + "/", params={"q": entry["q"]}, timeout=120)
        latencies: list[float] = []
        errors = []
        lock = threading.Lock()

        def client(k: int) -> None:
            session = sessions[k]
            for r in range(rounds):
                for j in range(len(mix)):
                    entry = mix[(j + k * 7) % len(mix)]  # clients start at different queries
                    params = {"q": entry["q"]}
                    if entry.get("department"):
                        params["department"] = entry["department"]
                    if entry.get("item"):
                        params["item"] = entry["item"]
                    started = time.perf_counter()
                    resp = session.get(base + "/", params=params, timeout=120)
                    elapsed = time.perf_counter() - started
                    with lock:
                        if resp.status_code == 200:
                            latencies.append(elapsed)
                        else:
                            errors.append(resp.status_code)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        out.update(stats_ms(latencies))
        out["requests_per_s"] = round(len(latencies) / wall, 1)
        out["errors"] = len(errors)
        out["rss_after_load_mb"] = tree_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.home, args.corpus, args.rounds), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
