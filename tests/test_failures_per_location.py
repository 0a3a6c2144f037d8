"""A failure belongs to every place in the share that holds the failed file, and to none that no
longer does: two departments' empty files are one stored blob but two failures, and a file that
was empty and is now filled and indexed is no longer listed as failed."""

from __future__ import annotations

from conftest import cli_json, make_home
from docgen import make_utf8_txt
from test_web_helpers import login


def activity_failures(home, name: str, password: str, mine: bool = True) -> str:
    from evidence.config import load_config
    from webui import create_app

    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    assert login(client, name, password).status_code == 302
    page = client.get("/activity?mine=1" if mine else "/activity").text
    return page.split("最近入库")[0]  # the failures section, not the history below it


def add_user(home, name: str, department: str) -> None:
    cli_json(home, "user", "add", name, "--role", "department", "--department", department,
             "--password", f"{name}-pass-12")


def test_empty_files_of_two_departments_are_two_failures(tmp_path):
    home = make_home(tmp_path / "home")
    (home / "watch_folders" / "财政局" / "决算.pdf").write_bytes(b"")
    (home / "watch_folders" / "水利局" / "河长制.pdf").write_bytes(b"")
    report = cli_json(home, "scan")
    assert sorted(e["path"] for e in report["errors"]) == ["水利局/河长制.pdf", "财政局/决算.pdf"]
    assert report["failed"] == 2
    for name, department, path, other in (("cz", "财政局", "财政局/决算.pdf", "水利局/河长制.pdf"),
                                          ("sl", "水利局", "水利局/河长制.pdf", "财政局/决算.pdf")):
        add_user(home, name, department)
        section = activity_failures(home, name, f"{name}-pass-12")
        assert path in section and "文件为空" in section, department
        assert other not in section, department
    everything = activity_failures(home, "cz", "cz-pass-12", mine=False)
    assert "无法读取的文件（2）" in everything


def test_an_empty_file_filled_later_is_no_longer_listed_as_failed(tmp_path):
    home = make_home(tmp_path / "home")
    target = home / "watch_folders" / "财政局" / "决算.txt"
    target.write_bytes(b"")
    assert cli_json(home, "scan")["failed"] == 1
    add_user(home, "cz", "财政局")
    assert "财政局/决算.txt" in activity_failures(home, "cz", "cz-pass-12")
    make_utf8_txt(target, "2020年财政决算报告")
    assert cli_json(home, "scan")["versions"] == 1
    assert cli_json(home, "search", "财政决算报告")["total"] == 1
    section = activity_failures(home, "cz", "cz-pass-12", mine=False)
    assert "财政局/决算.txt" not in section and "无法读取的文件（0）" in section
