"""The accountability pages through the Flask test client on a real ingested home: the dated
checklist, contacts, the finding workflow with role limits, timeliness, digest, admin edits."""

from __future__ import annotations

from test_web_helpers import app, client_as, csrf_of, form_token, web_config, web_home  # noqa: F401


def test_checklist_shows_phases_notes_errata_and_department_heads(client_as):
    page = client_as("caizheng").get("/checklist").text
    assert "按正文日期执行" in page and "2021年1月30日" in page          # the plan's date slips and readings
    assert "「and」应为「和」" in page
    assert 'data-phase="dept_submit"' in page and "（当前阶段）" in page
    assert "责任领导：韦树生（县财政局局长）" in page


def test_a_past_date_shows_the_state_of_that_day(client_as):
    client = client_as("admin")
    before = client.get("/checklist?as_of=2020-10-01").text
    assert 'id="as-of-note"' in before and 'data-status="present"' not in before
    assert client.get("/checklist?as_of=2020-10-01&department=财政局").status_code == 200
    assert client.get("/checklist?as_of=not-a-date").status_code == 400


def test_finding_workflow_with_role_limits_and_audit(client_as, web_home):
    inspector, finance, housing = client_as("inspector"), client_as("caizheng"), client_as("zhujian")
    token = form_token(inspector.get("/findings").text)
    created = inspector.post("/findings", data={"csrf_token": token, "item": "2.3", "finding": "使用情况表未盖章",
                                                 "due": "2020-11-30"})
    assert created.status_code == 302
    fid = int(created.headers["Location"].rsplit("/", 1)[1])
    assert finance.post("/findings", data={"csrf_token": csrf_of(finance), "item": "2.3", "finding": "x",
                                           "due": "2020-11-30"}).status_code == 403
    assert f'data-finding="{fid}"' in finance.get("/findings").text
    assert f'data-finding="{fid}"' not in housing.get("/findings").text
    assert housing.get(f"/findings/{fid}").status_code == 403
    assert housing.post(f"/findings/{fid}/answer", data={"csrf_token": csrf_of(housing), "note": "x"}).status_code == 403
    assert finance.post(f"/findings/{fid}/close", data={"csrf_token": csrf_of(finance)}).status_code == 403
    assert finance.post(f"/findings/{fid}/answer", data={"csrf_token": csrf_of(finance), "note": ""}).status_code == 400
    assert finance.post(f"/findings/{fid}/answer", data={"csrf_token": csrf_of(finance),
                                                         "note": "已补盖章件"}).status_code == 302
    assert "整改待办 1" in inspector.get("/checklist").text
    duty_page = finance.get("/review/2.3").text
    assert f"整改 #{fid}（已答复待复核）" in duty_page and "责任领导：韦树生（县财政局局长）" in duty_page
    assert f"整改 #{fid}" not in housing.get("/review/2.3").text
    closed = inspector.post(f"/api/findings/{fid}/close", json={"note": "核实无误"},
                            headers={"X-CSRF-Token": csrf_of(inspector)}).get_json()
    assert closed["status"] == "closed" and [e["actor"] for e in closed["events"]] == ["inspector", "caizheng", "inspector"]
    from archive.store import Archive

    archive = Archive(web_home / "var")
    trail = [(r["actor"], r["action"]) for r in archive.conn.execute(
        "SELECT * FROM audit WHERE action LIKE 'finding.%' AND detail LIKE ?", (f'%"finding": {fid},%',))]
    archive.close()
    assert trail == [("inspector", "finding.open"), ("caizheng", "finding.answer"), ("inspector", "finding.close")]


def test_admin_sets_contacts_audited_and_others_may_not(client_as):
    admin = client_as("admin")
    page = admin.get("/admin/responsibility").text
    assert admin.post("/admin/responsibility", data={"csrf_token": form_token(page), "department": "住建局",
                                                     "owner": "周强", "contact": "陈静", "phone": "13800000000"}
                      ).status_code == 302
    assert "联系人：陈静" in admin.get("/checklist?department=住建局").text
    assert admin.post("/admin/responsibility", data={"csrf_token": form_token(page), "department": "住建局",
                                                     "item": "2.3"}).status_code == 400
    finance = client_as("caizheng")
    assert finance.get("/admin/responsibility").status_code == 403
    assert finance.post("/admin/responsibility", data={"csrf_token": csrf_of(finance), "department": "财政局",
                                                       "owner": "我"}).status_code == 403


def test_timeliness_digest_and_snapshot_pages(client_as):
    client = client_as("zhujian")
    assert "逾期清单" in client.get("/timeliness").text
    assert client.get("/timeliness.xlsx").data[:2] == b"PK"
    digest = client.get("/api/digest").get_json()
    assert [d["department"] for d in digest["departments"]] == ["住建局"]     # a department sees its own
    assert "截止日快照" in client.get("/snapshots").text
