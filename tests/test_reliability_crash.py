"""Crashes and restarts: an ingest killed at any moment loses nothing and duplicates nothing; a
broken search index is rebuilt from the archive; a full disk never leaves a half-stored file.

Every test drives the real `evidence` CLI; the crash test kills a real `evidence scan` process
with SIGKILL, the way the OOM killer or a power cut would.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli, start_cli_process, use_ocr_engine, wait_until
from docgen import make_docx, make_scan_png, make_text_pdf, make_utf8_txt, make_xlsx

DEPARTMENTS = ["财政局", "水利局", "林业局", "生态环境局", "住建局"]
SEED = 20200528
KILLS = 20


def phrase(n: int) -> str:
    return f"第{n}号佐证材料"


def add_files(share: Path, start: int, count: int, rng: random.Random) -> list[int]:
    """Mostly cheap text and DOCX files, now and then a spreadsheet or a PDF; each unique."""
    numbers = list(range(start, start + count))
    for n in numbers:
        folder = share / DEPARTMENTS[n % len(DEPARTMENTS)] / str(2016 + n % 5)
        folder.mkdir(parents=True, exist_ok=True)
        body = f"{phrase(n)}：融水县生态环境质量考核自查材料，编号{n:05d}。"
        roll = rng.random()
        if roll < 0.03:
            make_text_pdf(folder / f"报告{n:05d}.pdf", [body, f"第二页{n}"])
        elif roll < 0.06:
            make_xlsx(folder / f"台账{n:05d}.xlsx", {"台账": [["编号", "说明"], [n, body]]})
        elif roll < 0.5:
            make_docx(folder / f"通知{n:05d}.docx", [f"关于{n}号材料的通知", body])
        else:
            make_utf8_txt(folder / f"说明{n:05d}.txt", body)
    return numbers


def share_contents(share: Path) -> dict[str, str]:
    return {p.relative_to(share).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in share.rglob("*") if p.is_file()}


def parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> list[int]:
    """Children, grandchildren…: extraction workers may be forked by a fork server, not the scan."""
    tree = parents()
    found, frontier = [], [pid]
    while frontier:
        frontier = [child for child, parent in tree.items() if parent in frontier]
        found.extend(frontier)
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def db_count(home: Path, sql: str) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{home / 'var' / 'archive.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet by the process under test
        return 0
    finally:
        conn.close()


def kill_scan(home: Path, rng: random.Random, mode: str | None = None) -> dict:
    """Start `evidence scan`, SIGKILL it at a random moment: during start-up (imports, migrations,
    opening the index), or once a random amount of work (archived files, finished extractions) is
    on disk. Moments are tied to the work, not to the clock, so a faster scan still gets hit."""
    proc = start_cli_process(home, "scan", "--json")
    moment: dict = {}
    try:
        mode = mode or rng.choice(["startup", "archived", "extracted"])
        if mode == "startup":
            delay = rng.uniform(0.05, 0.6)
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                pass
            moment = {"mode": mode, "seconds": round(delay, 2)}
        else:
            sql = ("SELECT COUNT(*) FROM ingest_log" if mode == "archived"
                   else "SELECT COUNT(*) FROM documents WHERE status != 'pending'")
            target = db_count(home, sql) + rng.randint(1, 12)
            try:
                wait_until(lambda: proc.poll() is not None or db_count(home, sql) >= target, 120, 0.01)
            except AssertionError:
                pass
            moment = {"mode": mode, "target": target}
        workers = descendants(proc.pid)
        moment["finished_first"] = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=60)
    wait_until(lambda: not any(alive(p) for p in workers), 30)  # orphaned workers exit too
    return moment


def assert_archive_whole(home: Path) -> dict:
    """Every file in the share archived exactly once with its exact bytes, indexed exactly once,
    catalog and index agreeing, no temporaries left."""
    share = home / "watch_folders"
    on_disk = share_contents(share)
    docs = cli_json(home, "documents")
    current = {}
    for doc in docs:
        assert doc["status"] in ("indexed", "failed"), doc
        for loc in doc["locations"]:
            if loc["removed_at"] is None and loc["superseded_at"] is None:
                assert loc["path"] not in current, f"{loc['path']} is current twice"
                current[loc["path"]] = doc["sha256"]
    assert current == on_disk
    blobs = home / "var" / "blobs"
    stored = [p for p in blobs.rglob("*") if p.is_file() and p.parent.name != "tmp"]
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
    assert {d["sha256"] for d in docs} == {p.name for p in stored}
    assert list((blobs / "tmp").iterdir()) == []
    first_code, first = run_cli(home, "check", "--no-repair", "--json")
    cli_json(home, "check")
    code, out = run_cli(home, "check", "--no-repair", "--json")
    report = json.loads(out)
    assert code == 0 and not report["problems"], report
    from indexer.search.index import SearchIndex

    assert SearchIndex(home / "var" / "index").open().doc_count() == len(docs)  # each once in the index
    return {"documents": len(docs), "needed_repair": first_code != 0}


def test_scan_killed_while_it_saves_extractions_in_batches_resumes_without_duplicates(tmp_path):
    """Outcomes ready together are saved in one transaction: a kill in the middle of one undoes
    the whole batch, whose documents stay pending and are read again, once each."""
    rng = random.Random(SEED + 1)
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    next_number = len(add_files(share, 0, 160, rng))
    moments = []
    for round_no in range(3):
        if round_no:
            next_number += len(add_files(share, next_number, 40, rng))
        moments.append(kill_scan(home, rng, "extracted"))
        report = cli_json(home, "scan")
        assert report["failed"] == 0, report["errors"]
        assert_archive_whole(home)
    assert any(not m["finished_first"] for m in moments), moments


@pytest.mark.slow
def test_scan_killed_at_random_moments_twenty_times_loses_and_duplicates_nothing(tmp_path):
    rng = random.Random(SEED)
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    next_number = len(add_files(share, 0, 240, rng))
    moments = []
    for round_no in range(KILLS):
        if round_no:  # new work for this round: new files, new versions, a removal
            next_number += len(add_files(share, next_number, 30, rng))
            existing = sorted(p for p in share.rglob("*.txt"))
            for path in rng.sample(existing, 3):
                path.write_text(path.read_text(encoding="utf-8") + f"（第{round_no}轮修订）", encoding="utf-8")
            rng.choice(existing).unlink()
        moments.append(kill_scan(home, rng))
        report = cli_json(home, "scan")  # the restart
        assert report["failed"] == 0, report["errors"]
        state = assert_archive_whole(home)
        moments[-1].update(state)
    assert sum(1 for m in moments if not m["finished_first"]) >= KILLS * 2 // 3, moments  # kills hit work


def test_killed_scan_takes_its_extraction_workers_with_it(tmp_path):
    home = make_home(tmp_path / "home")
    use_ocr_engine(home, "tesseract")  # its OCR runs in child processes that must die with the scan
    make_scan_png(home / "watch_folders" / "林业局" / "验收扫描件.png",
                  ["植树造林工程验收报告，经现场核查，造林面积和成活率达到设计要求。"] * 30)
    proc = start_cli_process(home, "scan", "--json")
    try:
        wait_until(lambda: any(command(p) == "tesseract" for p in descendants(proc.pid)), 60)  # OCR is running
        workers = descendants(proc.pid)  # extraction workers, Tesseract, the fork server
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    # the OCR alone outlasts this wait: only the orphan guard ends the workers in time
    wait_until(lambda: not any(alive(p) for p in workers), 10)
    report = cli_json(home, "scan")
    assert report["extracted"] == 1 and report["new"] == 0  # resumed from status 'pending'


# -- the search index --------------------------------------------------------------------------

@pytest.fixture
def indexed_home(tmp_path) -> Path:
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "水利局" / "河长制.txt", "河长制工作总结与巡河记录")
    make_docx(home / "watch_folders" / "财政局" / "资金.docx", ["转移支付资金使用情况"])
    assert cli_json(home, "scan")["extracted"] == 2
    return home


def _index_files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home / "var")): p.read_bytes()
            for p in sorted((home / "var").glob("index*/**/*")) if p.is_file()}


def _reported_by_readers_and_rebuilt_by_a_writer(home: Path) -> None:
    """A reader reports the broken index (exit 5) and leaves it as it is; the next writer's
    start rebuilds it from the archive."""
    before = _index_files(home)
    assert run_cli(home, "search", "巡河记录", "--json")[0] == 5
    assert _index_files(home) == before
    cli_json(home, "scan")
    assert cli_json(home, "search", "巡河记录")["total"] == 1
    assert cli_json(home, "search", "转移支付资金")["total"] == 1
    code, out = run_cli(home, "check", "--no-repair", "--json")
    assert code == 0, out


def _segment_files(home: Path) -> list[Path]:
    return [p for p in (home / "var" / "index").iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix != ".json" and p.stat().st_size > 0]


def test_deleted_search_index_is_rebuilt_at_a_writers_start(indexed_home):
    import shutil

    shutil.rmtree(indexed_home / "var" / "index")
    _reported_by_readers_and_rebuilt_by_a_writer(indexed_home)


def test_corrupted_search_index_is_set_aside_and_rebuilt_at_a_writers_start(indexed_home):
    for part in _segment_files(indexed_home):
        part.write_bytes(os.urandom(max(64, part.stat().st_size)))
    _reported_by_readers_and_rebuilt_by_a_writer(indexed_home)
    assert list(indexed_home.joinpath("var").glob("index.broken-*"))  # kept for inspection, not deleted


def test_truncated_search_segment_is_detected_and_rebuilt_at_a_writers_start(indexed_home):
    parts = _segment_files(indexed_home)
    assert parts
    for part in parts:
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 3])
    _reported_by_readers_and_rebuilt_by_a_writer(indexed_home)


# -- a full disk ---------------------------------------------------------------------------------

@pytest.fixture
def tiny_blob_disk(tmp_path):
    """var/blobs on a 2 MB tmpfs: the archive's disk fills up for real."""
    home = make_home(tmp_path / "home")
    blobs = home / "var" / "blobs"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(blobs)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to simulate a full disk: {done.stderr.strip()}")
    (blobs / "tmp").mkdir()
    try:
        yield home, blobs
    finally:
        subprocess.run(["umount", "-l", str(blobs)], check=False)


def test_full_disk_leaves_no_half_stored_file_and_the_file_is_retried_later(tiny_blob_disk):
    home, blobs = tiny_blob_disk
    folder = home / "watch_folders" / "统计局"
    make_utf8_txt(folder / "小文件.txt", "磁盘满之前存下的统计公报")
    assert cli_json(home, "scan")["errors"] == []  # stored before the disk fills (copies run concurrently)
    big = make_utf8_txt(folder / "大文件.txt", "国民经济和社会发展统计资料。" * 60_000)  # ~2.5 MB
    first = cli_json(home, "scan")
    assert [(e["path"], e["code"]) for e in first["errors"]] == [("统计局/大文件.txt", "storage")]
    assert any("\u4e00" <= c <= "\u9fff" for c in first["errors"][0]["message"])
    assert list((blobs / "tmp").iterdir()) == []  # no half-written temporary
    big_sha = hashlib.sha256(big.read_bytes()).hexdigest()
    assert not (blobs / big_sha[:2] / big_sha[2:4] / big_sha).exists()  # nor a half-stored blob
    assert [d["source_path"] for d in cli_json(home, "documents")] == ["统计局/小文件.txt"]
    from archive.store import Archive

    archive = Archive(home / "var")
    try:
        assert [(r["path"], r["code"]) for r in archive.open_errors()] == [("统计局/大文件.txt", "storage")]
    finally:
        archive.close()
    subprocess.run(["mount", "-o", "remount,size=64m", str(blobs)], check=True)  # space freed
    second = cli_json(home, "scan")
    assert second["new"] == 1 and second["errors"] == []
    assert cli_json(home, "search", "国民经济和社会发展统计资料")["total"] == 1
    archive = Archive(home / "var")
    try:
        assert archive.open_errors() == []
    finally:
        archive.close()
