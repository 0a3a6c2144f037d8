"""Who may do what: every page and every state-changing route, for every role, with and
without a log-in and a CSRF token."""

from __future__ import annotations

import io
import json

import pytest

from test_web_helpers import (PASSWORDS, app, client_as, csrf_of, doc_id_by_path, login, web_config,  # noqa: F401
                              web_home)

PAGES = ["/", "/?q=污水", "/checklist", "/review/1.1", "/activity", "/documents/1", "/documents/1/download"]
ROLES = ["admin", "caizheng", "inspector"]


@pytest.mark.parametrize("url", PAGES + ["/upload", "/admin/users"])
def test_anonymous_page_requests_are_sent_to_login(client_as, url):
    response = client_as(None).get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", ["/api/search?q=污水", "/api/documents", "/api/documents/1", "/api/checklist",
                                 "/api/reviews"])
def test_anonymous_api_requests_get_401_json(client_as, url):
    response = client_as(None).get(url)
    assert response.status_code == 401
    assert response.get_json()["error"] == "请先登录"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PAGES)
def test_every_role_reads_search_documents_checklist_and_activity(client_as, role, url):
    assert client_as(role).get(url).status_code == 200


@pytest.mark.parametrize("role,status", [("admin", 200), ("caizheng", 200), ("inspector", 403)])
def test_upload_page_is_for_admins_and_department_users_only(client_as, role, status):
    assert client_as(role).get("/upload").status_code == status


@pytest.mark.parametrize("role,status", [("admin", 200), ("caizheng", 403), ("inspector", 403)])
def test_account_management_is_for_admins_only(client_as, role, status):
    assert client_as(role).get("/admin/users").status_code == status


@pytest.mark.parametrize("role,shown", [("admin", True), ("inspector", True), ("caizheng", False)])
def test_audit_log_is_shown_to_admins_and_inspectors_only(client_as, role, shown):
    assert ("操作记录（审计日志）" in client_as(role).get("/activity").text) is shown


def test_wrong_password_does_not_log_in(client_as):
    client = client_as(None)
    response = login(client, "admin", "wrong-password")
    assert response.status_code == 401
    assert client.get("/api/session").get_json()["user"] is None


def test_logout_ends_the_session(client_as):
    client = client_as("inspector")
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert client.get("/").status_code == 302


def test_a_disabled_account_loses_its_open_session(client_as):
    admin = client_as("admin")
    victim = client_as("zhujian")
    admin.post("/admin/users/zhujian/disable", data={"csrf_token": csrf_of(admin)})
    try:
        assert victim.get("/api/documents").status_code == 401
        assert login(victim, "zhujian").status_code == 401
    finally:
        admin.post("/admin/users/zhujian/enable", data={"csrf_token": csrf_of(admin)})


def test_login_redirect_never_leaves_the_site(client_as):
    client = client_as(None)
    token = csrf_of(client)
    response = client.post("/login?next=https://evil.example/x",
                           data={"name": "admin", "password": PASSWORDS["admin"], "csrf_token": token})
    assert response.headers["Location"] == "/"


# -- state-changing routes: (name, method, url, body, roles allowed) -----------------------------

def _upload_body():
    return {"department": "财政局", "files": (io.BytesIO("预算执行情况".encode()), "预算.txt")}


MUTATIONS = [
    ("tag document", "form", "/documents/{caizheng_doc}/tags", lambda: {"item": "2.1", "action": "add"},
     {"admin", "caizheng", "inspector"}),
    ("review item", "form", "/review/2.1", lambda: {"action": "verify", "note": "材料齐全"}, {"admin", "inspector"}),
    ("upload", "form", "/upload", _upload_body, {"admin", "caizheng"}),
    ("add user", "form", "/admin/users", lambda: {"name": "newbie", "role": "inspector", "password": "newbie-pass-1"},
     {"admin"}),
    ("disable user", "form", "/admin/users/zhujian/disable", lambda: {}, {"admin"}),
    ("api tag", "json", "/api/documents/{caizheng_doc}/tags", lambda: {"item": "2.1", "action": "add"},
     {"admin", "caizheng", "inspector"}),
    ("api review", "json", "/api/reviews", lambda: {"item": "2.1", "action": "verify"}, {"admin", "inspector"}),
]


@pytest.fixture
def caizheng_doc(client_as):
    return doc_id_by_path(client_as("admin"), "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx")


def send(client, kind: str, url: str, body: dict, token: str | None):
    if kind == "json":
        headers = {"X-CSRF-Token": token} if token else {}
        return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)
    data = dict(body)
    if token:
        data["csrf_token"] = token
    return client.post(url, data=data, content_type="multipart/form-data")


def audit_count(web_config) -> int:
    from archive.store import Archive

    archive = Archive(web_config.var)
    try:
        return archive.conn.execute("SELECT COUNT(*) FROM audit WHERE action NOT LIKE 'log%'").fetchone()[0]
    finally:
        archive.close()


@pytest.mark.parametrize("name,kind,url,body,allowed", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_state_change_without_login_is_refused(client_as, caizheng_doc, web_config, name, kind, url, body, allowed):
    client = client_as(None)
    before = audit_count(web_config)
    response = send(client, kind, url.format(caizheng_doc=caizheng_doc), body(), csrf_of(client))
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
    assert audit_count(web_config) == before


@pytest.mark.parametrize("name,kind,url,body,allowed", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_state_change_by_a_role_without_the_right_is_refused(client_as, caizheng_doc, web_config, name, kind, url,
                                                              body, allowed):
    for role in {"admin", "caizheng", "zhujian", "inspector"} - allowed:
        client = client_as(role)
        before = audit_count(web_config)
        response = send(client, kind, url.format(caizheng_doc=caizheng_doc), body(), csrf_of(client))
        assert response.status_code == 403, (role, response.status_code)
        assert audit_count(web_config) == before


@pytest.mark.parametrize("name,kind,url,body,allowed", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_state_change_without_csrf_token_is_refused(client_as, caizheng_doc, web_config, name, kind, url, body,
                                                    allowed):
    client = client_as(sorted(allowed)[0])
    before = audit_count(web_config)
    response = send(client, kind, url.format(caizheng_doc=caizheng_doc), body(), None)
    assert response.status_code == 400
    assert "CSRF" in response.text
    assert audit_count(web_config) == before


@pytest.mark.parametrize("name,kind,url,body,allowed", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_state_change_with_a_foreign_csrf_token_is_refused(client_as, caizheng_doc, web_config, name, kind, url,
                                                           body, allowed):
    role = sorted(allowed)[0]
    attacker_token = csrf_of(client_as(role))
    response = send(client_as(role), kind, url.format(caizheng_doc=caizheng_doc), body(), attacker_token)
    assert response.status_code == 400


@pytest.mark.parametrize("name,kind,url,body,allowed", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_state_change_by_an_allowed_role_succeeds_and_is_audited(client_as, caizheng_doc, web_config, name, kind,
                                                                 url, body, allowed):
    client = client_as(sorted(allowed)[0])
    before = audit_count(web_config)
    response = send(client, kind, url.format(caizheng_doc=caizheng_doc), body(), csrf_of(client))
    try:
        assert response.status_code in (200, 201, 302), response.text
        assert audit_count(web_config) > before
    finally:
        if name == "disable user":
            admin = client_as("admin")
            admin.post("/admin/users/zhujian/enable", data={"csrf_token": csrf_of(admin)})


def test_login_form_without_csrf_token_is_refused(client_as):
    client = client_as(None)
    response = client.post("/login", data={"name": "admin", "password": PASSWORDS["admin"]})
    assert response.status_code == 400
    assert client.get("/api/session").get_json()["user"] is None


def test_department_user_cannot_upload_into_another_departments_folder(client_as, web_home):
    client = client_as("caizheng")
    body = {"department": "住建局", "files": (io.BytesIO(b"x" * 10), "越权.txt"), "csrf_token": csrf_of(client)}
    response = client.post("/upload", data=body, content_type="multipart/form-data")
    assert response.status_code == 403
    assert not (web_home / "watch_folders/住建局/网页上传/越权.txt").exists()


def test_department_user_cannot_review(client_as):
    client = client_as("caizheng")
    response = client.post("/api/reviews", json={"item": "2.1", "action": "verify"},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 403


def test_department_user_cannot_retag_another_departments_document(client_as):
    client = client_as("zhujian")
    doc = doc_id_by_path(client, "财政局/2020/关于下达2020年重点生态功能区转移支付资金的通知.docx")
    response = client.post(f"/api/documents/{doc}/tags", json={"item": "2.1", "action": "remove"},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 403


def test_department_user_sees_the_whole_checklist(client_as):
    checklist = client_as("zhujian").get("/api/checklist").get_json()
    assert len({entry["department"] for entry in checklist["items"]}) > 1


def test_review_form_is_only_offered_to_reviewers(client_as):
    assert "核验通过</button>" in client_as("inspector").get("/review/2.1").text
    assert "核验通过</button>" not in client_as("caizheng").get("/review/2.1").text
