"""1,000 files dropped at once while 20 clients search through the web UI: every file ingested
exactly once, no request fails. Latency is printed (idle vs under load), never asserted."""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, cli_json, free_port, make_home, responds, wait_until
from docgen import make_docx, make_text_pdf, make_utf8_txt
from web_client import Client

pytestmark = pytest.mark.slow

CLIENTS = 20
FILES = 1000
PASSWORD = "load-test-admin-pass"
QUERIES = ["转移支付资金", "污水处理", "生态环境 监测", "验收", "融发改〔2019〕35号", "2019", "负面清单", "统计公报"]
ARTIFACTS = REPO / "tests" / "_artifacts"


def _hammer(clients: list[Client], stop: threading.Event, latencies: list[float], errors: list[str],
            per_client: int | None = None) -> None:
    def run(client: Client, seed: int) -> None:
        rng = random.Random(seed)
        done = 0
        while not stop.is_set() and (per_client is None or done < per_client):
            try:
                latencies.append(client.timed_search(rng.choice(QUERIES)))
            except Exception as exc:  # every failure is counted and reported
                errors.append(f"{type(exc).__name__}: {exc}")
            done += 1

    threads = [threading.Thread(target=run, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _make_files(staging: Path) -> list[str]:
    rels = []
    folders = ["财政局", "住建局", "生态环境局", "发改局", "林业局", "水利局"]
    for n in range(FILES):
        folder = folders[n % len(folders)]
        text = (f"第{n}号文件：2019年度转移支付资金使用情况，污水处理厂运行正常，生态环境监测数据达标。"
                f"融发改〔2019〕{n}号。项目验收编号{n:05d}。")
        if n % 20 == 0:
            rel = f"{folder}/批次/报告{n:04d}.pdf"
            make_text_pdf(staging / rel, [text])
        elif n % 4 == 0:
            rel = f"{folder}/批次/报告{n:04d}.docx"
            make_docx(staging / rel, [f"报告{n:04d}", text])
        else:
            rel = f"{folder}/批次/说明{n:04d}.txt"
            make_utf8_txt(staging / rel, text)
        rels.append(rel)
    return rels


def test_thousand_files_dropped_while_twenty_clients_search(tmp_path):
    home = make_home(tmp_path / "home")
    staging = tmp_path / "staging"
    rels = _make_files(staging)
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1", EVIDENCE_ADMIN_PASSWORD=PASSWORD)
    log = (tmp_path / "run.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), "run", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: responds(base + "/login"), timeout=60)
        clients = [Client(base, PASSWORD) for _ in range(CLIENTS)]
        idle: list[float] = []
        idle_errors: list[str] = []
        _hammer(clients, threading.Event(), idle, idle_errors, per_client=10)

        for folder in {rel.split("/")[0] for rel in rels}:  # the drop: whole folders appear at once
            os.rename(staging / folder / "批次", home / "watch_folders" / folder / "批次")
        stop = threading.Event()
        loaded: list[float] = []
        errors: list[str] = []
        hammer = threading.Thread(target=_hammer, args=(clients, stop, loaded, errors))
        hammer.start()
        started = time.monotonic()
        try:
            wait_until(lambda: _indexed_count(home) == FILES, timeout=1200, interval=2.0)
        finally:
            stop.set()
            hammer.join()
        ingest_seconds = time.monotonic() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        log.close()

    docs = cli_json(home, "documents")
    paths = sorted(loc["path"] for d in docs for loc in d["locations"])
    assert paths == sorted(rels)
    assert all(d["status"] == "indexed" for d in docs)
    assert cli_json(home, "search", "转移支付资金", "--limit", "1")["total"] == FILES
    figures = {
        "files": FILES, "clients": CLIENTS, "ingest_seconds": round(ingest_seconds, 1),
        "idle": _summary(idle), "under_load": _summary(loaded),
        "request_errors": len(idle_errors) + len(errors),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "web_load.json").write_text(json.dumps(figures, indent=2))
    print("\nweb load:", json.dumps(figures, ensure_ascii=False))
    assert idle_errors == [] and errors == [], (idle_errors + errors)[:5]
    assert len(loaded) > CLIENTS


def _indexed_count(home: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(home / "var" / "archive.sqlite3", timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents WHERE status='indexed' AND index_dirty=0").fetchone()[0]
    finally:
        conn.close()


def _summary(latencies: list[float]) -> dict:
    if not latencies:
        return {"requests": 0}
    ordered = sorted(latencies)
    pick = lambda q: round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)  # noqa: E731
    return {"requests": len(ordered), "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1)}
