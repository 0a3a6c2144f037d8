"""One department cannot act as another: not by re-uploading another department's file to
gain tag rights over it, not by linking another department's folder into its own."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from conftest import cli_json, make_home, run_cli
from docgen import make_docx, make_utf8_txt
from test_web_helpers import csrf_of, doc_id_by_path, login

PASSWORD = {"caizheng": "Caizheng-Ju-2020", "shuili": "Shuili-Ju-2020", "admin": "Guanli-Yuan-2020"}
SHUILI_DOC = "水利局/2020/2019年水土流失治理情况.docx"
SHUILI_ITEM = "5.1"


@pytest.fixture
def county(tmp_path):
    """A home with one 水利局 document carrying a 水利局 duty, and accounts for two departments."""
    home = make_home(tmp_path / "home")
    make_docx(home / "watch_folders" / SHUILI_DOC, ["2019年水土流失治理情况", "全县治理水土流失面积12.5平方公里。"])
    cli_json(home, "scan")
    for name, dept in (("caizheng", "财政局"), ("shuili", "水利局")):
        cli_json(home, "user", "add", name, "--role", "department", "--department", dept, "--password", PASSWORD[name])
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", PASSWORD["admin"])
    doc = next(d["id"] for d in cli_json(home, "documents") if d["source_path"] == SHUILI_DOC)
    assert run_cli(home, "tag", str(doc), SHUILI_ITEM)[0] == 0
    return home, doc


def web_client(home: Path, name: str):
    from evidence.config import load_config
    from webui import create_app

    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    assert login(client, name, PASSWORD[name]).status_code == 302
    return client


def upload(client, department: str, name: str, data: bytes):
    return client.post("/upload", data={"department": department, "files": (io.BytesIO(data), name),
                                        "csrf_token": csrf_of(client)}, content_type="multipart/form-data")


def untag(client, doc: int, item: str):
    return client.post(f"/api/documents/{doc}/tags", json={"item": item, "action": "remove"},
                       headers={"X-CSRF-Token": csrf_of(client)})


# -- item 7: tag rights follow the duty, not where copies sit ---------------------------------

def test_re_uploading_another_departments_file_gives_no_right_over_its_duty(county):
    home, doc = county
    client = web_client(home, "caizheng")
    original = client.get(f"/documents/{doc}/download").data
    assert upload(client, "财政局", "借来的材料.docx", original).status_code == 200
    cli_json(home, "scan")
    locations = {loc["department"] for loc in client.get(f"/api/documents/{doc}").get_json()["locations"]}
    assert locations == {"水利局", "财政局"}  # the same bytes: one document, now in both folders

    assert untag(client, doc, SHUILI_ITEM).status_code == 403
    form = client.post(f"/documents/{doc}/tags", data={"item": SHUILI_ITEM, "action": "remove",
                                                       "csrf_token": csrf_of(client)})
    assert form.status_code == 403
    assert SHUILI_ITEM in cli_json(home, "show", str(doc))["items"]
    page = client.get(f"/documents/{doc}").text
    assert f'name="item" value="{SHUILI_ITEM}"' not in page  # no remove button offered


def test_a_department_tags_the_evidence_of_its_own_duties(county):
    home, doc = county
    shuili, caizheng = web_client(home, "shuili"), web_client(home, "caizheng")
    added = caizheng.post(f"/api/documents/{doc}/tags", json={"item": "2.1", "action": "add"},
                          headers={"X-CSRF-Token": csrf_of(caizheng)})
    assert added.status_code == 200 and "2.1" in added.get_json()["items"]
    assert untag(shuili, doc, "2.1").status_code == 403
    assert untag(shuili, doc, SHUILI_ITEM).status_code == 200
    assert untag(web_client(home, "admin"), doc, "2.1").status_code == 200


# -- item 8: links between department folders ----------------------------------------------

@pytest.fixture
def linked(tmp_path):
    home = make_home(tmp_path / "home")
    share = home / "watch_folders"
    make_utf8_txt(share / "水利局/内部/河道巡查记录.txt", "水利局内部河道巡查记录，仅供水利局使用。")
    make_utf8_txt(share / "水利局/水资源公报.txt", "2020年水资源公报全文。")
    os.symlink("../水利局/水资源公报.txt", share / "财政局/公报链接.txt")
    os.symlink("../水利局/内部", share / "财政局/借用目录")
    os.symlink("水利局", share / "别名文件夹")
    make_utf8_txt(share / "财政局/2020/预算说明.txt", "财政局2020年预算说明。")
    os.symlink("2020/预算说明.txt", share / "财政局/本部门链接.txt")
    return home, cli_json(home, "scan")


def test_a_scan_refuses_and_reports_links_into_another_departments_folder(linked):
    home, report = linked
    refused = {e["path"]: e for e in report["errors"] if e["code"] == "outside_link"}
    assert set(refused) == {"财政局/公报链接.txt", "财政局/借用目录", "别名文件夹"}
    assert all("其他部门" in e["message"] for e in refused.values())
    docs = cli_json(home, "documents")
    paths = {loc["path"]: loc["department"] for d in docs for loc in d["locations"]}
    assert not any(p.startswith(("财政局/公报链接", "财政局/借用目录", "别名文件夹")) for p in paths)
    assert paths["水利局/内部/河道巡查记录.txt"] == "水利局"
    hits = cli_json(home, "search", "河道巡查记录", "--department", "财政局")["hits"]
    assert hits == []


def test_a_link_within_the_same_department_is_still_followed(linked):
    home, _ = linked
    budget = [d for d in cli_json(home, "documents")
              if any(loc["path"] == "财政局/2020/预算说明.txt" for loc in d["locations"])]
    assert len(budget) == 1
    assert {(loc["path"], loc["department"]) for loc in budget[0]["locations"]} == {
        ("财政局/2020/预算说明.txt", "财政局"), ("财政局/本部门链接.txt", "财政局")}


def test_the_watcher_refuses_a_path_through_a_link_into_another_department(linked):
    from indexer.watch.filters import stat_file

    home, _ = linked
    root = home / "watch_folders"
    assert stat_file(root, root / "财政局/借用目录/河道巡查记录.txt") is None
    assert stat_file(root, root / "财政局/公报链接.txt") is None
    assert stat_file(root, root / "别名文件夹/水资源公报.txt") is None
    assert stat_file(root, root / "财政局/本部门链接.txt").rel == "财政局/本部门链接.txt"
    assert stat_file(root, root / "水利局/内部/河道巡查记录.txt").rel == "水利局/内部/河道巡查记录.txt"


def test_a_symlinked_upload_folder_does_not_send_uploads_to_another_department(county):
    home, _ = county
    share = home / "watch_folders"
    (share / "水利局/网页上传").mkdir(parents=True)
    os.symlink("../水利局/网页上传", share / "财政局/网页上传")
    client = web_client(home, "caizheng")
    response = upload(client, "财政局", "预算.txt", "财政局预算执行情况".encode())
    assert response.status_code == 400
    assert "链接" in response.text
    assert list((share / "水利局/网页上传").iterdir()) == []
    from archive.store import Archive

    archive = Archive(home / "var")
    try:
        assert archive.conn.execute("SELECT COUNT(*) FROM audit WHERE action='upload.refused'").fetchone()[0] == 1
    finally:
        archive.close()
