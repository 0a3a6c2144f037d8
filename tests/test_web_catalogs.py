"""The admin's catalog screen, through the Flask test client on a real home: import a plan, review it
beside the plan's text, edit, accept as a version, switch (re-tagging with a report)."""

from __future__ import annotations

import io
import re

import pytest

from conftest import cli_json, make_home
from test_catalog_import import _plan_path
from test_web_helpers import PASSWORDS, csrf_of, form_token, login

REPORT = "2020年生态转移支付资金使用情况报告.txt"


@pytest.fixture
def web(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    plan = _plan_path()
    if plan is None:
        pytest.skip("plan file not found (../shared/plan or EVIDENCE_PLAN)")
    home = make_home(tmp_path / "home")
    folder = home / "watch_folders" / "财政局"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPORT).write_text("2020年重点生态功能区转移支付资金使用情况报告\n生态功能区转移支付使用情况如下，"
                                 "支出明细见报表，共计1200万元。", encoding="utf-8")
    cli_json(home, "scan")
    cli_json(home, "user", "add", "admin", "--role", "admin", "--password", PASSWORDS["admin"])
    cli_json(home, "user", "add", "caizheng", "--role", "department", "--department", "财政局",
             "--password", PASSWORDS["caizheng"])
    app = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False})
    return app, home, plan


def _client(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def test_only_admins_see_the_catalog_screen(web):
    app, _, _ = web
    assert _client(app, "caizheng").get("/admin/catalogs").status_code == 403
    assert "导入实施方案" in _client(app, "admin").get("/admin/catalogs").text


def test_import_review_edit_accept_and_switch(web):
    app, home, plan = web
    client = _client(app, "admin")
    response = client.post("/admin/catalogs/import", data={
        "plan": (io.BytesIO(plan.read_bytes()), "融水2020方案.txt"), "csrf_token": csrf_of(client)},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "方案原文" in page and "融政办发〔2020〕67号" in page.split('class="plan-text')[1]
    duties = page.split('id="duties"')[1]
    assert "提供产业准入负面清单和公示材料。" in duties and 'data-id="10.3.6"' in duties
    assert "待核对：长串指标按主题拆成子项" in duties
    line = re.search(r'<a href="#(L\d+)"[^>]*>10\.5</a>', duties).group(1)
    assert "按照《2020年全区生态环境监测工作要点" in page.split(f'id="{line}"')[1].split("</p>")[0]
    text = re.search(r'<textarea name="toml"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    import html
    text = html.unescape(text)
    url = response.headers["Location"]

    broken = text.replace('id = "1.2"', 'id = "1.1"', 1)
    page = client.post(url, data={"toml": broken, "action": "save", "csrf_token": form_token(page)}).text
    assert "职责编号 &#39;1.1&#39; 重复" in page or "职责编号 '1.1' 重复" in page
    page = client.post(url, data={"toml": broken, "action": "accept", "csrf_token": form_token(page)}).text
    assert "目录有错误，未接受" in page
    assert cli_json(home, "catalog", "versions")["versions"] == []

    edited = text.replace('all = ["生态功能区转移支付|生态转移支付|1100226"', 'all = ["审计意见书"', 1)
    assert edited != text
    response = client.post(url, data={"toml": edited, "action": "accept", "csrf_token": form_token(page)})
    assert response.status_code == 302
    listing = client.get("/admin/catalogs").text
    assert "catalogs/accepted/001-" in listing and "切换到此版本" in listing

    page = client.post("/admin/catalogs/versions/1/use", data={"csrf_token": form_token(listing)}).text
    report = page.split('id="switch-report"')[1]
    assert REPORT in report and "2.3" in report
    assert cli_json(home, "catalog", "versions")["current"].startswith("catalogs/accepted/001-")
    assert "2.3" not in cli_json(home, "documents")[0]["items"]
    assert "<b>当前</b>" in client.get("/admin/catalogs").text


def _import_draft(client, plan) -> tuple[str, str]:
    response = client.post("/admin/catalogs/import", data={
        "plan": (io.BytesIO(plan.read_bytes()), "融水2020方案.txt"), "csrf_token": csrf_of(client)},
        content_type="multipart/form-data")
    assert response.status_code == 302
    url = response.headers["Location"]
    return url, client.get(url).text


def test_a_duty_is_edited_on_its_own_and_the_rest_of_the_draft_is_kept(web):
    import html
    import tomllib

    app, home, plan = web
    client = _client(app, "admin")
    url, page = _import_draft(client, plan)
    before = html.unescape(re.search(r'<textarea name="toml"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    link = re.search(r'<tr id="duty-7\.2\.2".*?href="([^"]+)"[^>]*>逐项编辑', page, re.S).group(1)
    form = client.get(link).text
    assert "县域总人口数、城镇总人口数" in form.split('id="plan-context"')[1]
    assert '<select name="department">' not in form  # a sub-part belongs to its duty's department
    link = re.search(r'<tr id="duty-10\.2".*?href="([^"]+)"[^>]*>逐项编辑', page, re.S).group(1)
    form = client.get(link).text
    assert "待核对：截止阶段按" in form and '<select name="department">' in form
    text = html.unescape(re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', form, re.S).group(1))

    # a rule that does not compile is refused with a Chinese reason; the draft is unchanged
    bad = client.post(link, data={"csrf_token": form_token(form), "title": "自查报告", "text": text,
                                  "deadline": "dept_submit", "doc_types": "报表", "rules": '[[rules]]\nall = ["(自查"]\n'})
    assert bad.status_code == 400 and "无法编译" in bad.text
    assert client.get(url).text.count("逐项编辑") == page.count("逐项编辑")

    rules = '[[rules]]\nall = ["县域", "自查报告"]\n'
    response = client.post(link, data={"csrf_token": form_token(form), "department": "10",
                                       "title": "县域自查报告（人工核对）", "text": text, "deadline": "county_report",
                                       "doc_types": "自查报告、报告", "rules": rules, "reviewed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#duty-10.2")
    after = (home / "catalogs" / "drafts").glob("*.toml")
    data = tomllib.loads(next(after).read_text(encoding="utf-8"))
    part = next(it for it in data["items"] if it["id"] == "10.2")
    assert part["title"] == "县域自查报告（人工核对）" and part["doc_types"] == ["自查报告", "报告"]
    assert part["rules"] == [{"all": ["县域", "自查报告"]}] and part["deadline"] == "county_report"
    assert "review" not in part and part["reviewed_reason"].startswith("已人工核对（原因：截止阶段按")
    # every other duty is as drafted
    old = tomllib.loads(before)
    others = lambda d: [(p["id"], p.get("rules"), p.get("text")) for it in d["items"]  # noqa: E731
                        for p in [it, *it.get("parts", [])] if p["id"] != "10.2"]
    assert others(data) == others(old)
    page = client.get(url).text
    row = page.split('id="duty-10.2"')[1].split("</tr>")[0]
    assert "待核对" not in row and "检查通过" in page

    # a duty moves to another department
    link = re.search(r'<tr id="duty-1\.1".*?href="([^"]+)"[^>]*>逐项编辑', page, re.S).group(1)
    form = client.get(link).text
    client.post(link, data={"csrf_token": form_token(form), "department": "3", "title": "负面清单",
                            "text": "提供产业准入负面清单和公示材料。", "deadline": "dept_submit", "doc_types": "负面清单、公示"})
    row = client.get(url).text.split('id="duty-1.1"')[1].split("</tr>")[0]
    names = {d["number"]: d["name"] for d in data["departments"]}
    assert names[3] in row
