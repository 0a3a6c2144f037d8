"""Cluster mode's extraction: a real redis-server, three real `evidence worker` processes (Celery,
standing in for machines) and search on a real PostgreSQL. Files dropped into the share are
queued by `evidence scan`, extracted by the workers and found by search; a worker SIGKILLed in the
middle of OCR-ing a multi-page scan loses nothing: its task runs again on another worker and the
document is indexed exactly once; a corrupt file gets the same Chinese reason as a local scan."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, SUITE_CLOCK, cli_json, cluster_settings, make_home, run_cli, wait_until
from docgen import make_docx, make_image_pdf, make_text_pdf, make_truncated, make_utf8_txt
from process_watchdog import a_killed_session_leaves_nothing, watchdog

pytestmark = pytest.mark.cluster

REQUEUE_SECONDS = 15
SCAN_PAGES = 8  # enough pages that a worker seen mid-scan is still in it when it is killed
EVIDENCE = Path(sys.executable).parent / "evidence"


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log: Path
    guard: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass
class Fleet:
    home: Path
    broker_url: str
    workers: dict[str, Worker] = field(default_factory=dict)


def start_worker(home: Path, name: str, folder: Path, serve: tuple[Path, ...] = ()) -> Worker:
    """`evidence worker` as its own process group (what a SIGKILLed machine takes down), with a
    watchdog that ends it should this test session be killed outright; `serve`: more counties'
    homes it takes files of."""
    log = folder / f"{name}.log"
    command = [str(EVIDENCE)] if EVIDENCE.exists() else [sys.executable, "-m", "evidence.cli"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", EVIDENCE_CLOCK=SUITE_CLOCK)
    with open(log, "wb") as out:
        process = subprocess.Popen([*command, "--home", str(home), "-v", "worker", "--name", f"{name}@test",
                                    *(f"--serve={other}" for other in serve)],
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                   cwd=REPO, start_new_session=True)
    return Worker(name, process, log, watchdog(process.pid))


def stop_worker(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.process.terminate()  # Celery's warm shutdown
        try:
            worker.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(10)
    worker.guard.kill()
    worker.guard.wait(5)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory, redis_broker, search_database):
    folder = tmp_path_factory.mktemp("fleet")
    settings = (cluster_settings(search_database)
                + f'broker_url = "{redis_broker.url}"\nrequeue_after_seconds = {REQUEUE_SECONDS}\n')
    result = Fleet(make_home(folder / "home", settings=settings), redis_broker.url)
    try:
        for name in ("w1", "w2", "w3"):
            result.workers[name] = start_worker(result.home, name, folder)
        for worker in result.workers.values():
            wait_until(lambda: "ready." in worker.output() or worker.process.poll() is not None, timeout=120)
            assert worker.process.poll() is None, worker.output()[-3000:]
        yield result
    finally:
        for worker in result.workers.values():
            stop_worker(worker)


def documents(home: Path) -> dict[str, dict]:
    return {Path(d["source_path"]).name: d for d in cli_json(home, "documents")}


def settled(home: Path, names: set[str], timeout: float = 240) -> dict[str, dict]:
    """Wait until every one of these files has an outcome (not pending)."""
    def done():
        docs = documents(home)
        return docs if names <= set(docs) and all(docs[n]["status"] != "pending" for n in names) else None
    return wait_until(done, timeout=timeout, interval=0.5)


def found(home: Path, query: str) -> list[str]:
    """The files a phrase search finds, once it finds any: a worker's index thread commits saved
    outcomes about once a second, so a settled document may be a moment from searchable."""
    def hits():
        return [Path(h["source_path"]).name
                for h in cli_json(home, "search", f'"{query}"', "--limit", "100")["hits"]]
    return wait_until(hits, timeout=30, interval=0.3)


def test_dropped_files_are_queued_extracted_by_the_workers_and_found(fleet):
    share = fleet.home / "watch_folders"
    make_docx(share / "水利局" / "水资源管理制度.docx", ["融水县水资源管理工作制度", "严格落实最严格水资源管理制度考核。"])
    make_text_pdf(share / "财政局" / "转移支付资金使用情况.pdf", ["国家重点生态功能区转移支付资金使用情况报告"])
    make_utf8_txt(share / "林业局" / "天然林保护工作总结.txt", "天然林资源保护工程年度工作总结，管护面积稳定。")
    report = cli_json(fleet.home, "scan")
    assert report["queued"] == 3 and report["extracted"] == 0, report  # nothing extracted in-process
    docs = settled(fleet.home, {"水资源管理制度.docx", "转移支付资金使用情况.pdf", "天然林保护工作总结.txt"})
    assert {d["status"] for d in docs.values()} == {"indexed"}
    assert found(fleet.home, "最严格水资源管理制度") == ["水资源管理制度.docx"]
    assert found(fleet.home, "转移支付资金使用情况报告") == ["转移支付资金使用情况.pdf"]
    assert found(fleet.home, "管护面积稳定") == ["天然林保护工作总结.txt"]
    logs = "".join(w.output() for w in fleet.workers.values())
    assert logs.count("): extracted") >= 3  # the workers did it, and say so


def test_a_corrupt_file_gets_the_same_chinese_reason_as_a_local_scan(fleet, tmp_path):
    good = make_text_pdf(tmp_path / "完整.pdf", ["污水处理厂运行情况月报"] * 40)
    make_truncated(good, fleet.home / "watch_folders" / "住建局" / "截断的月报.pdf", 0.5)
    assert cli_json(fleet.home, "scan")["queued"] == 1
    queued = settled(fleet.home, {"截断的月报.pdf"})["截断的月报.pdf"]

    local = make_home(tmp_path / "local")
    make_truncated(good, local / "watch_folders" / "住建局" / "截断的月报.pdf", 0.5)
    report = cli_json(local, "scan")
    assert report["failed"] == 1 and report.get("queued", 0) == 0
    expected = documents(local)["截断的月报.pdf"]
    assert queued["status"] == "failed" == expected["status"]
    assert (queued["error_code"], queued["error"]) == (expected["error_code"], expected["error"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in queued["error"])


def _reader_of(home: Path, name: str) -> dict | None:
    """The board entry (with the process id) of the worker OCR-ing this file past its first page and
    with pages still to read (the board is written at most every few tenths of a second, so it may
    lag a page behind)."""
    for path in (home / "var" / "queue").glob("*.json"):
        try:
            board = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for entry in board.get("active", []):
            if entry.get("path", "").endswith(name) and 2 <= (entry.get("page") or 0) <= SCAN_PAGES - 3:
                return {"pid": board["pid"], **entry}
    return None


def _unacknowledged(fleet: Fleet, doc_id: int) -> int:
    """Messages for this document that a worker holds without having acknowledged them (kombu's
    Redis transport keeps them in the `unacked` hash until acknowledged)."""
    import redis

    client = redis.Redis.from_url(fleet.broker_url)
    try:
        bodies = [json.loads(raw)[0] for raw in client.hvals("unacked")]
    finally:
        client.close()
    import base64

    args = [json.loads(base64.b64decode(b["body"]))[0] for b in bodies]
    return sum(1 for a in args if a[0] == doc_id)


def test_a_worker_killed_mid_ocr_loses_nothing_and_the_scan_is_indexed_once(fleet):
    share = fleet.home / "watch_folders"
    pages = [[f"融水县生态环境状况第{n}页", "县域生态环境质量监测与评价", f"监测断面编号{n}{n}{n}号水质达标"]
             for n in range(1, SCAN_PAGES)] + [["扫描件最后一页", "野生动植物保护专项行动总结"]]
    make_image_pdf(share / "生态环境局" / "生态状况扫描件.pdf", pages, dpi=150, seal=False)
    make_utf8_txt(share / "生态环境局" / "同批文本.txt", "同一批提交的环境信息公开工作说明。")
    assert cli_json(fleet.home, "scan")["queued"] == 2


    def taken_not_acknowledged() -> dict | None:
        """A worker mid-scan whose message is taken, being worked on and not acknowledged."""
        reader = _reader_of(fleet.home, "生态状况扫描件.pdf")
        return reader if reader and _unacknowledged(fleet, reader["id"]) == 1 else None

    reader = wait_until(taken_not_acknowledged, timeout=240, interval=0.1)
    victim = next(w for w in fleet.workers.values() if w.process.pid == reader["pid"])
    os.killpg(victim.process.pid, signal.SIGKILL)  # the machine is gone: worker, fork server, OCR
    victim.process.wait(10)
    killed_at = time.monotonic()
    doc_id = reader["id"]
    assert cli_json(fleet.home, "show", str(doc_id))["status"] == "pending"  # the outcome was not saved

    docs = settled(fleet.home, {"生态状况扫描件.pdf", "同批文本.txt"}, timeout=REQUEUE_SECONDS + 300)
    scan = docs["生态状况扫描件.pdf"]
    assert scan["status"] == "indexed" and scan["ocr"] and scan["pages"] == SCAN_PAGES
    assert time.monotonic() - killed_at >= REQUEUE_SECONDS - 2  # handed out again once the period passed
    others = [w for w in fleet.workers.values() if w is not victim]
    assert any(f"document {doc_id} (生态环境局/生态状况扫描件.pdf): extracted" in w.output() for w in others)
    assert found(fleet.home, "野生动植物保护专项行动") == ["生态状况扫描件.pdf"]  # exactly one hit
    assert found(fleet.home, "环境信息公开工作说明") == ["同批文本.txt"]
    names = [Path(d["source_path"]).name for d in cli_json(fleet.home, "documents")]
    assert names.count("生态状况扫描件.pdf") == 1 and len(names) == len(set(names))
    code, out = run_cli(fleet.home, "check", "--no-repair", "--json")
    assert code == 0, out  # archive, blobs and the index agree: nothing lost, nothing twice


def test_broker_url_is_checked_at_the_edge(tmp_path, capsys):
    for bad, says in (('broker_url = "amqp://queue:5672"', "redis://"),
                      ('broker_url = "redis://q"\nrequeue_after_seconds = 1', "requeue_after_seconds"),
                      ('broker_url = 6379', "redis://")):
        home = tmp_path / str(abs(hash(bad)))
        home.mkdir()
        (home / "evidence.toml").write_text(f"[cluster]\n{bad}\n", encoding="utf-8")
        code, _ = run_cli(home, "documents", "--json")
        assert code == 3 and says in capsys.readouterr().err, bad
    home = make_home(tmp_path / "embedded")
    code, _ = run_cli(home, "worker")
    assert code == 3 and "broker_url" in capsys.readouterr().err  # a worker needs a broker


def test_a_task_that_runs_twice_leaves_one_outcome(tmp_path, redis_broker):
    """Redelivery means a task may run twice, one after the other or at the same time on two
    workers: the document is extracted and saved once (its attempts count says so)."""
    from indexer.pipeline import IngestReport
    from indexer.sandbox import Task
    from spine.config import load_config
    from spine.services import open_services

    home = make_home(tmp_path / "home", settings=f'\n[cluster]\nbroker_url = "{redis_broker.url}"\n')
    make_utf8_txt(home / "watch_folders" / "水利局" / "河长制工作总结.txt", "全面推行河长制工作总结。")
    make_utf8_txt(home / "watch_folders" / "水利局" / "水源地保护.txt", "饮用水水源地保护区划定情况。")
    assert cli_json(home, "scan")["queued"] == 2
    with open_services(load_config(home)) as services:
        ingestor, archive = services.ingestor, services.archive
        first, second = sorted(archive.pending_documents(), key=lambda r: r["id"])
        args = (first["id"], first["sha256"], first["path"], None)
        assert ingestor.extract_queued(*args) == "extracted"
        assert ingestor.extract_queued(*args) == "already"  # one after the other
        task = Task(second["id"], archive.blobs.path_for(second["sha256"]), second["path"])
        outcomes = list(ingestor.pool.map([task, task]))  # at the same time: both extracted
        saved = [ingestor._save_outcome(o, IngestReport(), claim=True) for o in outcomes]
        assert saved == [True, False]
        assert [archive.document(r["id"])["attempts"] for r in (first, second)] == [1, 1]
        assert ingestor.extract_queued(first["id"], "0" * 64, first["path"], None) == "stale"


def test_a_killed_test_session_leaves_no_redis_behind():
    """SIGKILL runs no finalizer: the watchdog ends the server and removes its folder."""
    a_killed_session_leaves_nothing("from redis_server import start_redis; s = start_redis()", "s.process.pid")

def test_an_unreachable_broker_is_a_clear_message_and_the_file_stays_archived(tmp_path, capsys, redis_broker):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    settings = f'\n[cluster]\nbroker_url = "redis://127.0.0.1:{port}/0"\nrequeue_after_seconds = 10\n'
    home = make_home(tmp_path / "home", settings=settings)
    make_utf8_txt(home / "watch_folders" / "林业局" / "公益林管护.txt", "公益林管护责任落实情况。")
    code, _ = run_cli(home, "scan", "--json")
    assert code == 4 and "无法连接解析任务队列" in capsys.readouterr().err
    assert [d["status"] for d in cli_json(home, "documents")] == ["pending"]  # archived, waiting
    text = (home / "evidence.toml").read_text(encoding="utf-8")
    (home / "evidence.toml").write_text(text.replace(f"127.0.0.1:{port}", f"127.0.0.1:{redis_broker.port}"),
                                        encoding="utf-8")
    assert cli_json(home, "scan")["queued"] == 1  # the broker is back: the scan queues it
