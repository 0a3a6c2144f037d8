"""Issue 15, item 9: files outside the department folders are 「未归属部门」 (never `unknown` in
the UI), listed on the activity page with a hint to move them, and an admin can assign them."""

from __future__ import annotations

import re

from conftest import cli_json, make_home
from docgen import make_utf8_txt
from test_web_helpers import login

PASSWORDS = {"admin": "Admin-pass-123", "caizheng": "Caizheng-pass-1"}
LOOSE = "2020年生态补偿资金拨付说明.txt"


def _client(home, name):
    from evidence.config import load_config
    from webui import create_app

    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    login(client, name, PASSWORDS[name])
    return client


def test_a_loose_file_is_unassigned_listed_with_a_hint_and_an_admin_assigns_it(tmp_path):
    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / LOOSE, "2020年生态补偿资金已拨付到各乡镇。")
    make_utf8_txt(home / "watch_folders/财政局/预算.txt", "2020年财政预算执行情况。")
    cli_json(home, "scan")
    for name, role, dept in (("admin", "admin", None), ("caizheng", "department", "财政局")):
        cli_json(home, "user", "add", name, "--role", role, "--password", PASSWORDS[name],
                 *(["--department", dept] if dept else []))
    doc = next(d for d in cli_json(home, "documents") if d["source_path"] == LOOSE)
    clerk, admin = _client(home, "caizheng"), _client(home, "admin")

    activity = clerk.get("/activity").text
    section = activity.split('id="unassigned"')[1].split("</section>")[0]
    assert "未归属部门的文件（1）" in section and LOOSE in section and "请把文件移到对应部门的文件夹中" in section
    assert "assign-form" not in section  # only an admin assigns
    assert "unknown" not in clerk.get(f"/documents/{doc['id']}").text
    assert "<dd>未归属部门</dd>" in clerk.get(f"/documents/{doc['id']}").text
    search = clerk.get("/?q=生态补偿资金").text
    assert '<span class="dept">未归属部门</span>' in search and ">unknown<" not in search

    token = re.search(r'name="csrf_token" value="([^"]+)"', clerk.get("/activity").text).group(1)
    assert clerk.post("/activity/assign", data={"path": LOOSE, "department": "财政局",
                                                "csrf_token": token}).status_code == 403
    page = admin.get("/activity").text
    assert 'class="inline assign-form"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert admin.post("/activity/assign", data={"path": LOOSE, "department": "不存在局",
                                                "csrf_token": token}).status_code == 400
    response = admin.post("/activity/assign", data={"path": LOOSE, "department": "财政局", "csrf_token": token})
    assert response.status_code == 302
    assert next(d for d in cli_json(home, "documents") if d["id"] == doc["id"])["department"] == "财政局"
    assert 'id="unassigned"' not in admin.get("/activity").text
    assert "指定文件所属部门" in admin.get("/activity").text

    make_utf8_txt(home / "watch_folders" / LOOSE, "2020年生态补偿资金已拨付到各乡镇（修订）。")
    cli_json(home, "scan")  # the next version of that path keeps the department
    newest = [d for d in cli_json(home, "documents") if d["source_path"] == LOOSE]
    assert {d["department"] for d in newest} == {"财政局"}
