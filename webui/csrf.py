"""CSRF protection for every state-changing request: a per-session token that forms carry in
a hidden field and `fetch` calls in the `X-CSRF-Token` header. Written here rather than pulled
in as a dependency because it is twenty lines and the API needs the header variant anyway."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    token = session.get(FIELD)
    if not token:
        token = session[FIELD] = secrets.token_urlsafe(32)
    return token


def rotate_token() -> str:
    """A fresh token after login, so a token planted before login is worthless afterwards."""
    session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def check_csrf() -> None:
    if request.method in SAFE_METHODS or not request.endpoint or request.endpoint == "static":
        return
    sent = request.headers.get(HEADER) or request.form.get(FIELD) or ""
    expected = session.get(FIELD) or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="页面已过期或请求来源无法确认（CSRF 校验失败），请刷新页面后重试。")


def init_app(app: Flask) -> None:
    app.before_request(check_csrf)
    app.jinja_env.globals["csrf_token"] = csrf_token
