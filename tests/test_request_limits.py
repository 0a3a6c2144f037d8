"""Request bodies against the real server (`evidence serve`, waitress): an anonymous client is
refused before a byte of its body is read, and every route has its own cap."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time

import pytest

from conftest import REPO, make_home, stop_server

ADMIN_PASSWORD = "Limits-Admin-Pass-3"
ANSWER_SECONDS = 5.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("limits") / "home")
    env = dict(os.environ, PYTHONUNBUFFERED="1", EVIDENCE_ADMIN_PASSWORD=ADMIN_PASSWORD)
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "--home", str(home), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
                port = int(match.group(1))
        assert port, "server did not start"
        yield {"home": home, "port": port}
    finally:
        stop_server(proc)


def answer_to_headers_only(port: int, head: str) -> str:
    """Send only a request's headers and return what the server answers meanwhile ('' if it
    keeps waiting for the body, which is what buffering a body to disk looks like)."""
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_SECONDS) as sock:
        sock.sendall(head.encode("latin-1"))
        answer = b""
        try:
            while chunk := sock.recv(4096):  # a refusal closes the connection
                answer += chunk
        except socket.timeout:
            pass
        return answer.decode("utf-8", "replace")


def logged_in_cookie(port: int) -> tuple[str, str]:
    """(Cookie header, CSRF token) of a fresh admin session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/api/session")
    response = conn.getresponse()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = json.loads(response.read())["csrf_token"]
    body = json.dumps({"name": "admin", "password": ADMIN_PASSWORD})
    conn.request("POST", "/api/login", body=body, headers={"Content-Type": "application/json", "Cookie": cookie,
                                                          "X-CSRF-Token": token})
    response = conn.getresponse()
    assert response.status == 200, response.read()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = json.loads(response.read())["csrf_token"]
    conn.close()
    return cookie, token


def post_head(path: str, length: int | None, cookie: str = "", token: str = "") -> str:
    size = f"Content-Length: {length}\r\n" if length is not None else "Transfer-Encoding: chunked\r\n"
    extra = (f"Cookie: {cookie}\r\n" if cookie else "") + (f"X-CSRF-Token: {token}\r\n" if token else "")
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{size}{extra}"
            "Content-Type: multipart/form-data; boundary=xyz\r\n\r\n")


@pytest.mark.parametrize("path", ["/upload", "/admin/users", "/api/reviews", "/documents/1/tags"])
def test_an_anonymous_body_is_refused_before_it_is_read(server, path):
    started = time.monotonic()
    answer = answer_to_headers_only(server["port"], post_head(path, 100 * 1024 * 1024))
    assert answer.startswith("HTTP/1.1 401"), answer
    assert "请先登录" in answer
    assert time.monotonic() - started < ANSWER_SECONDS


def test_an_anonymous_500_mb_post_is_refused_before_it_is_read(server):
    answer = answer_to_headers_only(server["port"], post_head("/upload", 500 * 1024 * 1024))
    assert answer.startswith(("HTTP/1.1 401", "HTTP/1.1 413")), answer


def test_an_anonymous_chunked_body_is_refused_before_it_is_read(server):
    answer = answer_to_headers_only(server["port"], post_head("/upload", None))
    assert answer.startswith("HTTP/1.1 401"), answer


def test_the_login_form_takes_only_a_small_body(server):
    answer = answer_to_headers_only(server["port"], post_head("/login", 10 * 1024 * 1024))
    assert answer.startswith("HTTP/1.1 413"), answer


def test_a_logged_in_form_post_is_capped_below_the_upload_limit(server):
    cookie, token = logged_in_cookie(server["port"])
    answer = answer_to_headers_only(server["port"], post_head("/api/reviews", 50 * 1024 * 1024, cookie, token))
    assert answer.startswith("HTTP/1.1 413"), answer


def test_a_logged_in_upload_larger_than_the_upload_limit_is_refused_before_it_is_read(server):
    cookie, token = logged_in_cookie(server["port"])
    answer = answer_to_headers_only(server["port"], post_head("/upload", 201 * 1024 * 1024, cookie, token))
    assert answer.startswith("HTTP/1.1 413"), answer


def test_a_logged_in_upload_within_the_limit_is_accepted(server):
    cookie, token = logged_in_cookie(server["port"])
    body = ("--xyz\r\nContent-Disposition: form-data; name=\"department\"\r\n\r\n财政局\r\n"
            "--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"限额内.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n预算执行情况说明\r\n--xyz--\r\n").encode()
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    conn.request("POST", "/upload", body=body, headers={"Cookie": cookie, "X-CSRF-Token": token,
                                                        "Content-Type": "multipart/form-data; boundary=xyz"})
    response = conn.getresponse()
    assert response.status == 200, response.read().decode()
    assert (server["home"] / "watch_folders/财政局/网页上传/限额内.txt").read_text(encoding="utf-8") == "预算执行情况说明"


def test_a_revoked_session_cookie_gets_no_body_through(server):
    cookie, token = logged_in_cookie(server["port"])
    conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    conn.request("POST", "/logout", body=f"csrf_token={token}",
                 headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert conn.getresponse().status == 302
    answer = answer_to_headers_only(server["port"], post_head("/upload", 100 * 1024 * 1024, cookie, token))
    assert answer.startswith("HTTP/1.1 401"), answer


def test_flask_caps_a_form_body_by_route_under_any_wsgi_server(tmp_path):
    """The same rule inside the application, for a server that reads bodies before asking."""
    from conftest import cli_json
    from evidence.config import load_config
    from test_web_helpers import csrf_of, login
    from webui import create_app

    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "jiancha", "--role", "inspector", "--password", "Jiancha-Zu-2020")
    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    assert login(client, "jiancha", "Jiancha-Zu-2020").status_code == 302
    big = json.dumps({"item": "2.1", "action": "verify", "note": "长" * (1024 * 1024)})
    response = client.post("/api/reviews", data=big, content_type="application/json",
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 413
    assert response.get_json()["error"] == "请求内容超过该操作允许的大小。"
    anonymous = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    response = anonymous.post("/api/reviews", data=big, content_type="application/json",
                              headers={"X-CSRF-Token": csrf_of(anonymous)})
    assert response.status_code == 401
