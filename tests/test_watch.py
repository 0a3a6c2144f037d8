"""The watcher: a real watchdog observer on a temp folder, the real pipeline behind it."""

from __future__ import annotations

import hashlib
import signal
import threading
import time

import pytest

from conftest import cli_json, make_home, start_cli_process, wait_until
from docgen import make_docx, make_utf8_txt
from evidence.config import load_config
from evidence.services import open_services
from indexer.watch.service import WatchService
from indexer.watch.stability import StabilityTracker


@pytest.fixture(params=["native", "polling"])
def watching(request, tmp_path):
    """A running WatchService (native inotify and the polling observer for network shares)."""
    home = make_home(tmp_path / "home", observer=request.param)
    services = open_services(load_config(home))
    service = WatchService(services.ingestor)
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    assert service.ready.wait(60)
    yield home, services, service
    service.stop()
    thread.join(60)
    services.archive.close()


def paths_in(services) -> set[str]:
    return {row["path"] for row in services.archive.conn.execute("SELECT path FROM locations")}


def test_new_file_in_a_nested_folder_is_picked_up(watching):
    home, services, service = watching
    nested = home / "watch_folders" / "财政局" / "2020" / "第三季度" / "资金"
    nested.mkdir(parents=True)
    make_docx(nested / "转移支付资金使用情况报告.docx", ["2020年转移支付资金使用情况报告"])
    hits = wait_until(lambda: services.index.search("转移支付资金使用情况").hits, 30)
    assert len(hits) == 1
    assert "财政局/2020/第三季度/资金/转移支付资金使用情况报告.docx" in paths_in(services)


def test_deleted_file_is_marked_removed_not_lost(watching):
    home, services, service = watching
    target = home / "watch_folders" / "水利局" / "总结.txt"
    make_utf8_txt(target, "河长制工作总结")
    wait_until(lambda: services.archive.current_location("水利局/总结.txt"), 30)
    target.unlink()
    wait_until(lambda: services.archive.current_location("水利局/总结.txt") is None, 30)
    assert services.archive.path_history("水利局/总结.txt")[0]["removed_at"] is not None


def test_half_written_file_is_not_ingested_until_complete(watching):
    home, services, service = watching
    target = home / "watch_folders" / "生态环境局" / "监测报告.txt"
    body = ("地表水监测报告，断面水质达标。" * 2000).encode("utf-8")
    with open(target, "wb") as fh:  # a slow copy: chunks with pauses shorter than the quiet period
        for start in range(0, len(body), len(body) // 8):
            fh.write(body[start:start + len(body) // 8])
            fh.flush()
            time.sleep(0.3)
            assert services.archive.current_location("生态环境局/监测报告.txt") is None
    location = wait_until(lambda: services.archive.current_location("生态环境局/监测报告.txt"), 30)
    document = services.archive.document(location["document_id"])
    assert document["sha256"] == hashlib.sha256(body).hexdigest()
    assert len(services.archive.path_history("生态环境局/监测报告.txt")) == 1


def test_stability_tracker_waits_for_the_quiet_period(tmp_path):
    now = [0.0]
    tracker = StabilityTracker(2.0, clock=lambda: now[0])
    target = tmp_path / "f.txt"
    target.write_text("a")
    tracker.touch(target)
    assert tracker.ready() == []           # first sighting
    now[0] = 1.0
    assert tracker.ready() == []           # stable for 1 s only
    target.write_text("ab")                # still being written
    now[0] = 2.5
    assert tracker.ready() == []
    now[0] = 4.6
    assert tracker.ready() == [target]


def test_watch_command_catches_up_on_start_and_stops_cleanly_on_ctrl_c(tmp_path):
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "统计局" / "早到的文件.txt", "统计公报早到")
    proc = start_cli_process(home, "watch")
    try:
        wait_until(lambda: cli_json(home, "search", "统计公报早到")["total"] == 1, 60)
        (home / "watch_folders" / "统计局" / "2020").mkdir()
        make_utf8_txt(home / "watch_folders" / "统计局" / "2020" / "后到.txt", "统计公报后到")
        wait_until(lambda: cli_json(home, "search", "统计公报后到")["total"] == 1, 60)
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert "已停止监视" in output
