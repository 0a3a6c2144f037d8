"""Load: a thousand files dropped at once into a watched share are each ingested exactly once,
and a catch-up scan of ten thousand unchanged files reads none of them again.

Speed itself is measured in bench/; these tests assert only completeness and the absence of
re-reading, with generous polling timeouts.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli, start_cli_process, wait_until
from docgen import make_docx, make_scan_png, make_text_pdf, make_utf8_txt, make_xlsx

DEPARTMENTS = ["财政局", "水利局", "林业局", "生态环境局", "住建局", "统计局"]


def query(home: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{home / 'var' / 'archive.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def build_mixed(folder: Path, start: int, count: int, rng: random.Random) -> None:
    """Mixed formats, mostly cheap: text and DOCX, some XLSX and PDF, a few scans to OCR."""
    for n in range(start, start + count):
        target = folder / DEPARTMENTS[n % len(DEPARTMENTS)] / f"批次{n // 100}"
        target.mkdir(parents=True, exist_ok=True)
        body = f"第{n}号负载测试材料：融水县生态环境质量考核佐证，编号{n:05d}。"
        roll = rng.random()
        if n % 200 == 0:
            make_scan_png(target / f"扫描件{n:05d}.png", [f"第{n}号扫描件", "生态环境质量考核佐证材料"])
        elif roll < 0.04:
            make_text_pdf(target / f"报告{n:05d}.pdf", [body])
        elif roll < 0.09:
            make_xlsx(target / f"台账{n:05d}.xlsx", {"台账": [["编号", "说明"], [n, body]]})
        elif roll < 0.4:
            make_docx(target / f"通知{n:05d}.docx", [body])
        else:
            make_utf8_txt(target / f"说明{n:05d}.txt", body)


@pytest.mark.slow
def test_thousand_files_dropped_at_once_into_a_watched_share_are_each_ingested_once(tmp_path):
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    staging = tmp_path / "staging"   # same file system: the drop is a rename, all at once
    rng = random.Random(1000)
    build_mixed(staging / "folder", 0, 500, rng)
    build_mixed(staging / "files", 500, 500, rng)
    proc = start_cli_process(home, "watch")
    try:
        make_utf8_txt(share / "统计局" / "哨兵.txt", "负载测试开始的哨兵文件")
        wait_until(lambda: query(home, "SELECT COUNT(*) FROM documents WHERE index_dirty=0") == 1, 60)
        for department in DEPARTMENTS:          # whole folders moved in ...
            if (staging / "folder" / department).exists():
                os.rename(staging / "folder" / department, share / department / "移入的文件夹")
        for source in sorted((staging / "files").rglob("*")):   # ... and single files
            if source.is_file():
                dest = share / source.relative_to(staging / "files")
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.rename(source, dest)
        wait_until(lambda: query(home, "SELECT COUNT(*) FROM documents WHERE status!='pending' AND index_dirty=0")
                   == 1001, 600, 1.0)
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, output
    on_disk = {p.relative_to(share).as_posix() for p in share.rglob("*") if p.is_file()}
    assert len(on_disk) == 1001
    assert query(home, "SELECT COUNT(*) FROM locations") == 1001          # one location per file
    assert query(home, "SELECT COUNT(DISTINCT path) FROM locations") == 1001
    assert query(home, "SELECT COUNT(*) FROM ingest_log WHERE action='new'") == 1001
    assert query(home, "SELECT MAX(attempts) FROM documents") == 1         # each extracted once
    assert query(home, "SELECT COUNT(*) FROM documents WHERE status='failed'") == 0
    paths = {d["source_path"] for d in cli_json(home, "documents")}
    assert paths == on_disk
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 0, out
    assert cli_json(home, "search", "第777号负载测试材料")["total"] == 1


@pytest.mark.slow
def test_catch_up_scan_of_ten_thousand_unchanged_files_reads_none_again(tmp_path):
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    for n in range(10_000):
        folder = share / DEPARTMENTS[n % len(DEPARTMENTS)] / f"{n // 500:02d}"
        if n % 500 < len(DEPARTMENTS):
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"记录{n:05d}.txt").write_text(f"第{n}号巡查记录", encoding="utf-8")
    first = cli_json(home, "scan")
    assert (first["new"], first["extracted"], first["failed"]) == (10_000, 10_000, 0)
    attempts = query(home, "SELECT SUM(attempts) FROM documents")
    log_rows = query(home, "SELECT COUNT(*) FROM ingest_log")
    again = cli_json(home, "scan")
    assert again["seen"] == again["unchanged"] == 10_000
    assert (again["new"], again["versions"], again["extracted"], again["deferred"]) == (0, 0, 0, 0)
    assert query(home, "SELECT SUM(attempts) FROM documents") == attempts   # no extraction happened
    assert query(home, "SELECT COUNT(*) FROM ingest_log") == log_rows        # no file was re-recorded
    assert json.loads(run_cli(home, "check", "--no-repair", "--json")[1])["problems"] is False
