"""Per-worker extraction throughput, through the Celery queue against in-process: documents per
second for text files, pages per second for scans (OCR), one extraction process either way.

Usage::

    python bench/worker_throughput.py [--texts 60] [--scans 4] [--pages 4] [--out FILE]

Each mode gets a fresh home and the same generated files (tests/docgen.py): `in_process` is
`evidence scan` with `[limits] workers = 1`; `queue` is one `evidence worker` (started and ready
before the clock starts) fed by `evidence scan` over a redis-server started for the run
(tests/redis_server.py), timed from the scan's start until every document has its outcome and
is indexed. The search index is the embedded one in both, so only the path of extraction differs.
The load average is recorded: on a shared machine the figures move with the other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

EVIDENCE = Path(sys.executable).parent / "evidence"
TEXT_LINES = ["融水县{n}号生态环境保护工作情况报告", "按照县委县政府部署，第{n}项重点工作已完成，资金{n}万元已拨付到位。",
              "下一步将持续加强水源地保护、天然林管护和污染防治攻坚工作。"]


def _cli(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [str(EVIDENCE)] if EVIDENCE.exists() else [sys.executable, "-m", "evidence.cli"]
    return subprocess.run([*command, "--home", str(home), *args], capture_output=True, text=True, check=True,
                          cwd=REPO, env=env)


def make_files(share: Path, kind: str, count: int, pages: int) -> int:
    """The files of one kind into a share; returns the pages a reader must OCR (0 for texts)."""
    from docgen import make_docx, make_image_pdf, make_text_pdf, make_utf8_txt

    for n in range(count):
        lines = [line.format(n=n) for line in TEXT_LINES]
        folder = share / ("水利局", "财政局", "林业局")[n % 3]
        if kind == "scan":
            make_image_pdf(folder / f"扫描件{n}.pdf", [[f"第{p + 1}页 {lines[p % 3]}", lines[(p + 1) % 3]]
                                                       for p in range(pages)], dpi=200, seal=False, seed=n)
        elif n % 3 == 0:
            make_docx(folder / f"报告{n}.docx", lines)
        elif n % 3 == 1:
            make_text_pdf(folder / f"报告{n}.pdf", lines)
        else:
            make_utf8_txt(folder / f"报告{n}.txt", "\n".join(lines))
    return count * pages if kind == "scan" else 0


def _home(root: Path, name: str, settings: str) -> Path:
    home = root / name
    home.mkdir(parents=True)
    (home / "evidence.toml").write_text("[limits]\nworkers = 1\nfile_timeout_seconds = 600\n" + settings,
                                        encoding="utf-8")
    _cli(home, "init")
    return home


def _settled(home: Path) -> bool:
    from archive.store import Archive

    archive = Archive(home / "var")
    try:
        return archive.pending_count() == 0 and not archive.dirty_document_ids()
    finally:
        archive.close()


def _documents(home: Path) -> list[dict]:
    return json.loads(_cli(home, "documents", "--json").stdout)


def in_process(root: Path, kind: str, count: int, pages: int) -> dict:
    home = _home(root, f"local-{kind}", "")
    ocr_pages = make_files(home / "watch_folders", kind, count, pages)
    started = time.perf_counter()
    report = json.loads(_cli(home, "scan", "--json").stdout)
    seconds = time.perf_counter() - started
    return _figures(home, seconds, count, ocr_pages, {"extracted": report["extracted"], "failed": report["failed"]})


def through_queue(root: Path, kind: str, count: int, pages: int, broker_url: str) -> dict:
    from redis_server import watchdog

    home = _home(root, f"queue-{kind}", f'[cluster]\nbroker_url = "{broker_url}"\n')
    ocr_pages = make_files(home / "watch_folders", kind, count, pages)
    log = root / f"worker-{kind}.log"
    command = [str(EVIDENCE)] if EVIDENCE.exists() else [sys.executable, "-m", "evidence.cli"]
    with open(log, "wb") as out:
        worker = subprocess.Popen([*command, "--home", str(home), "-v", "worker", "--name", f"bench-{kind}@bench"],
                                  stdout=out, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True)
    guard = watchdog(worker.pid)
    try:
        while "ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")[-2000:])
            time.sleep(0.2)
        started = time.perf_counter()
        report = json.loads(_cli(home, "scan", "--json").stdout)
        while not _settled(home):
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(60)
        guard.kill()
    return _figures(home, seconds, count, ocr_pages, {"queued": report["queued"]})


def _figures(home: Path, seconds: float, count: int, ocr_pages: int, extra: dict) -> dict:
    docs = _documents(home)
    out = {"documents": len(docs), "indexed": sum(d["status"] == "indexed" for d in docs),
           "seconds": round(seconds, 2), "documents_per_second": round(count / seconds, 3), **extra}
    if ocr_pages:
        out["ocr_pages"] = sum(d["pages"] for d in docs)
        out["pages_per_second"] = round(out["ocr_pages"] / seconds, 3)
    return out


def run(texts: int, scans: int, pages: int) -> dict:
    from redis_server import start_redis

    out: dict = {"load_before": os.getloadavg(), "cores": os.cpu_count(), "worker_processes": 1,
                 "texts": texts, "scans": scans, "pages_per_scan": pages}
    root = Path(tempfile.mkdtemp(prefix="evidence-bench-workers-"))
    server = start_redis()
    try:
        for kind, count in (("text", texts), ("scan", scans)):
            out[kind] = {"in_process": in_process(root, kind, count, pages),
                         "queue": through_queue(root, kind, count, pages, server.url)}
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    from indexer.ocr.engine import resolve

    out["ocr_engine"] = resolve("auto")
    out["load_after"] = os.getloadavg()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=60)
    parser.add_argument("--scans", type=int, default=4)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.texts, args.scans, args.pages)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
