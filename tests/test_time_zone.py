"""The county's dates on a server that keeps another clock.

A cloud server often runs on UTC while the county's offices live on Beijing time. A file handed in
at 01:30 on 10-25 Beijing time (17:30 on 10-24 UTC) is late for a 10-24 deadline, and the pages
show 01:30, not 17:30. `time_zone` in `evidence.toml` says which clock the county reads."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli
from docgen import make_utf8_txt
from test_web_helpers import login

from archive import clock

NO_INCIDENT = ("关于2020年度未发生突发环境事件的情况说明\n经核实，我县2020年度未发生突发环境事件。\n特此说明。\n"
               "柳州市融水生态环境局\n2020年10月20日")
HANDED_IN = "2020-10-24T17:30:00+00:00"  # 2020-10-25 01:30 in Beijing


@pytest.fixture(autouse=True)
def server_zone_back():
    yield
    clock.set_zone(None)


def set_time_zone(home: Path, zone: str) -> None:
    config = home / "evidence.toml"
    config.write_text(f'time_zone = "{zone}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")


def county_home(root: Path, zone: str) -> Path:
    """A home on `zone` whose 生态环境局 hands in its 10.3.5 statement at HANDED_IN."""
    home = make_home(root / zone.replace("/", "-"))
    set_time_zone(home, zone)
    clock.set_clock(datetime.fromisoformat(HANDED_IN))
    path = make_utf8_txt(home / "watch_folders/生态环境局/关于2020年度未发生突发环境事件的情况说明.txt", NO_INCIDENT)
    stamp = datetime.fromisoformat(HANDED_IN).timestamp()
    os.utime(path, (stamp, stamp))
    cli_json(home, "scan")
    return home


def status_on(home: Path, day: str, item: str = "10.3") -> str:
    checklist = cli_json(home, "checklist", "--as-of", day)
    parts = {e["id"]: e["status"] for top in checklist["items"] for e in (top, *top["parts"])}
    return parts["10.3.5"] if item == "10.3" else parts[item]


def test_a_file_handed_in_after_midnight_beijing_time_is_late_for_the_day_before(tmp_path):
    beijing = county_home(tmp_path, "Asia/Shanghai")
    assert status_on(beijing, "2020-10-24") == "missing"
    assert status_on(beijing, "2020-10-25") == "present"


def test_the_same_moment_on_a_utc_county_clock_is_still_the_24th(tmp_path):
    utc = county_home(tmp_path, "UTC")
    assert status_on(utc, "2020-10-24") == "present"


def test_pages_show_the_county_wall_clock(tmp_path):
    home = county_home(tmp_path, "Asia/Shanghai")
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", "admin-pass-1")
    from spine.config import load_config
    from webui import create_app

    app = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False})
    client = app.test_client()
    login(client, "admin", "admin-pass-1")
    page = client.get("/activity").text
    assert "2020-10-25 01:30" in page and "2020-10-24 17:30" not in page


def test_a_zone_that_does_not_exist_is_refused_in_chinese(tmp_path, capsys):
    home = make_home(tmp_path / "home")
    set_time_zone(home, "Asia/Beijing")
    code, _ = run_cli(home, "checklist")
    assert code == 3
    assert 'time_zone = "Asia/Beijing" 无效' in capsys.readouterr().err


def test_without_a_time_zone_the_servers_own_zone_is_used(tmp_path):
    home = make_home(tmp_path / "home")
    run_cli(home, "checklist")
    assert clock.local(datetime.fromisoformat(HANDED_IN)).utcoffset() == datetime.fromisoformat(
        HANDED_IN).astimezone().utcoffset()
