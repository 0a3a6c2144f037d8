"""Hostile input and hostile users: path traversal, script in documents and names, upload
limits, password guessing, security headers, secrets kept out of logs."""

from __future__ import annotations

import dataclasses
import io
import logging

import pytest

from test_web_helpers import (PASSWORDS, XSS_NAME, app, client_as, csrf_of, doc_id_by_path, login,  # noqa: F401
                              web_config, web_home)


def upload(client, name: str, data: bytes = b"%PDF-1.4 test", department: str = "财政局"):
    body = {"department": department, "files": (io.BytesIO(data), name), "csrf_token": csrf_of(client)}
    return client.post("/upload", data=body, content_type="multipart/form-data")


def files_under(root) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# -- path traversal ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/documents/..%2F..%2Fevidence.toml/download",
    "/documents/../../evidence.toml/download",
    "/documents/%2e%2e%2f%2e%2e%2fevidence.toml/download",
    "/documents/%2Fetc%2Fpasswd/download",
    "/documents//etc/passwd/download",
    "/documents/1/../../../evidence.toml",
    "/static/..%2F..%2Fevidence.toml",
    "/static/../../var/secret_key",
    "/static/%2e%2e/%2e%2e/archive/store.py",
    "/documents/-1/download",
])
def test_download_paths_that_try_to_leave_the_archive_are_refused(client_as, web_config, url):
    response = client_as("admin").get(url)
    assert response.status_code == 404
    assert b"secret_key" not in response.data and b"[watch]" not in response.data


@pytest.mark.parametrize("name", [
    "../../逃逸.pdf", "..\\..\\逃逸.pdf", "/etc/逃逸.pdf", "C:\\Windows\\逃逸.pdf", "..%2F..%2F逃逸.pdf",
    "%2e%2e%2f逃逸.pdf", "%252e%252e%252f逃逸.pdf", "..", ".hidden.pdf", "a\x00b.pdf",
])
def test_upload_names_with_a_path_are_refused_and_nothing_is_written(client_as, web_home, name):
    before = files_under(web_home)
    response = upload(client_as("admin"), name)
    assert response.status_code == 400
    assert files_under(web_home) == before


@pytest.mark.parametrize("department", ["../..", "财政局/../住建局", "/tmp", "%2e%2e", ""])
def test_upload_department_outside_the_known_folders_is_refused(client_as, web_home, department):
    before = files_under(web_home)
    response = upload(client_as("admin"), "正常.pdf", department=department)
    assert response.status_code == 400
    assert files_under(web_home) == before


# -- escaping ---------------------------------------------------------------------------------

def test_script_in_document_text_is_escaped_in_search_snippets(client_as):
    page = client_as("admin").get("/?q=监测报告").text
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page


def test_script_in_document_text_is_escaped_in_the_json_snippet(client_as):
    hit = client_as("admin").get("/api/search?q=监测报告").get_json()["hits"][0]
    assert "<script>" not in hit["snippet"] and "&lt;script&gt;" in hit["snippet"]


def test_script_in_document_text_is_escaped_on_the_document_page(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, "生态环境局/脚本.txt")
    page = client.get(f"/documents/{doc}?q=监测").text
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert" not in page


def test_a_text_document_is_never_served_inline(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, "生态环境局/脚本.txt")
    assert client.get(f"/documents/{doc}/preview").status_code == 404
    download = client.get(f"/documents/{doc}/download")
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("url", ["/?q=造林", "/activity", "/documents/{doc}", "/checklist"])
def test_markup_in_a_file_name_is_escaped(client_as, url):
    client = client_as("admin")
    doc = doc_id_by_path(client, f"林业局/{XSS_NAME}")
    page = client.get(url.format(doc=doc)).text
    assert "<img src=x onerror" not in page
    if url != "/checklist":
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


# -- uploads ----------------------------------------------------------------------------------

def test_upload_larger_than_the_limit_is_refused_and_not_written(web_config, web_home):
    from webui import create_app

    small = create_app(dataclasses.replace(web_config, upload_max_mb=1), {"TESTING": True, "INGEST_UPLOADS": False})
    client = small.test_client()
    login(client, "admin")
    before = files_under(web_home)
    response = upload(client, "大文件.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert "1 MB" in response.text
    assert files_under(web_home) == before


@pytest.mark.parametrize("name", ["程序.exe", "页面.html", "图.svg", "脚本.js", "无扩展名", "压缩.zip"])
def test_upload_types_outside_the_allow_list_are_refused(client_as, web_home, name):
    before = files_under(web_home)
    response = upload(client_as("admin"), name, b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    assert "不支持的文件类型" in response.text
    assert files_under(web_home) == before


def test_empty_upload_is_refused(client_as, web_home):
    response = upload(client_as("admin"), "空.pdf", b"")
    assert response.status_code == 400
    assert not (web_home / "watch_folders/财政局/网页上传/空.pdf").exists()


# -- passwords and sessions ----------------------------------------------------------------

def test_login_is_throttled_after_repeated_failures(client_as):
    client = client_as(None)
    for _ in range(5):
        assert login(client, "inspector", "wrong-password").status_code == 401
    response = login(client, "inspector")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    assert client.get("/api/session").get_json()["user"] is None


def test_api_login_is_throttled_too(client_as):
    client = client_as(None)
    for _ in range(5):
        client.post("/api/login", json={"name": "admin", "password": "nope-nope"},
                    headers={"X-CSRF-Token": csrf_of(client)})
    response = client.post("/api/login", json={"name": "admin", "password": PASSWORDS["admin"]},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_throttling_one_account_leaves_another_usable(client_as):
    client = client_as(None)
    for _ in range(5):
        login(client, "inspector", "wrong-password")
    assert login(client, "admin").status_code == 302


def test_passwords_are_stored_hashed(web_config):
    from archive.store import Archive

    archive = Archive(web_config.var)
    try:
        stored = {r["name"]: r["password_hash"] for r in archive.conn.execute("SELECT * FROM users")}
    finally:
        archive.close()
    assert stored["admin"] != PASSWORDS["admin"] and PASSWORDS["admin"] not in stored["admin"]
    assert stored["admin"].startswith(("scrypt:", "pbkdf2:"))


def test_session_cookie_is_http_only_and_same_site(client_as):
    client = client_as(None)
    response = login(client, "admin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# -- headers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/login", "/", "/checklist", "/api/search?q=污水", "/static/style.css",
                                 "/documents/999999", "/documents/1/download"])
def test_security_headers_are_set_on_every_response(client_as, url):
    response = client_as("admin").get(url)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pdf_preview_may_only_be_framed_by_this_site(client_as):
    client = client_as("admin")
    doc = doc_id_by_path(client, "住建局/污水处理厂2020年运行报告.pdf")
    response = client.get(f"/documents/{doc}/preview")
    assert response.headers["Content-Type"] == "application/pdf"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_pages_contain_no_inline_script(client_as):
    for url in ("/", "/checklist", "/activity", "/upload", "/admin/users", "/review/2.1"):
        page = client_as("admin").get(url).text
        assert "<script>" not in page and "onclick=" not in page and "style=" not in page


# -- secrets ----------------------------------------------------------------------------------

def test_passwords_and_the_secret_key_never_reach_the_log(client_as, app, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_as(None)
    login(client, "admin", "guess-Wrong-123")
    login(client, "admin")
    admin = client_as("admin")
    admin.post("/admin/users", data={"name": "logtest", "role": "inspector", "password": "Very-Secret-Pass-9",
                                     "csrf_token": csrf_of(admin)})
    upload(admin, "日志.pdf")
    text = caplog.text
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for secret in (PASSWORDS["admin"], "guess-Wrong-123", "Very-Secret-Pass-9", app.secret_key):
        assert secret not in text


def test_generated_password_is_shown_once_and_not_put_in_the_session_cookie(client_as):
    admin = client_as("admin")
    response = admin.post("/admin/users", data={"name": "onetime", "role": "inspector", "csrf_token": csrf_of(admin)})
    assert response.status_code == 200
    password = response.text.split('<code class="secret">')[1].split("</code>")[0]
    assert len(password) >= 12
    assert password not in (response.headers.get("Set-Cookie") or "")
    assert password not in admin.get("/admin/users").text
    assert login(client_as(None), "onetime", password).status_code == 302
