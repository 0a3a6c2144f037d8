"""How large a request body each route may send, decided before any of it is read.

Only the log-in routes take a body from someone not logged in, and only a small one: an
anonymous client must not be able to make the server spool hundreds of megabytes to disk.
Logged-in users get the upload limit on the upload route and a small form limit elsewhere.
The same rule is applied twice: by waitress before it buffers a body (`webui.waitress_gate`)
and here in Flask, before CSRF or form parsing touches the body (any other WSGI server)."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, redirect, request, url_for

LOGIN_ROUTES = frozenset({"/login", "/api/login"})
LOGIN_BODY_BYTES = 16 * 1024
FORM_BODY_BYTES = 1024 * 1024
UPLOAD_ROUTE = "/upload"
PLAN_IMPORT_ROUTE = "/admin/catalogs/import"  # a plan (PDF, DOCX) may be as large as an upload


def upload_limit(app: Flask) -> int:
    return app.extensions["evidence"].config.upload_max_mb * 1024 * 1024


def body_limit(app: Flask, path: str, logged_in: bool) -> int:
    """Bytes of body this request may carry; 0 means it may carry none."""
    if path in LOGIN_ROUTES:
        return LOGIN_BODY_BYTES
    if not logged_in:
        return 0
    return upload_limit(app) if path in (UPLOAD_ROUTE, PLAN_IMPORT_ROUTE) else FORM_BODY_BYTES


def has_body(content_length: int | None, transfer_encoding: str | None) -> bool:
    return bool(content_length) or "chunked" in (transfer_encoding or "").lower()


def limit_body():
    """Flask side: refuse before the body is read; werkzeug then enforces the limit while reading
    a chunked body too."""
    limit = body_limit(current_app, request.path, g.get("user") is not None)
    request.max_content_length = limit
    if not has_body(request.content_length, request.headers.get("Transfer-Encoding")):
        return None
    if limit == 0:
        if request.path.startswith("/api/"):
            abort(401, description="请先登录")
        return redirect(url_for("auth.login"))
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    return None


def too_large_message(app: Flask, path: str) -> str:
    if path == UPLOAD_ROUTE:
        return f"上传的文件超过大小限制（{app.extensions['evidence'].config.upload_max_mb} MB）。"
    return "请求内容超过该操作允许的大小。"


def init_app(app: Flask) -> None:
    app.before_request(limit_body)
