"""The web UI: an application factory, one blueprint per page family, and a JSON API that
mirrors them. Nothing here is module-level state: each `create_app` call is self-contained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from archive import clock
from spine.config import Config
from spine.services import ensure_secret, load_catalog_for
from indexer.search.index import IndexUnavailable
from webui.bodylimits import too_large_message


@dataclass
class AppState:
    """What the views share for the life of the application: configuration and the catalog
    (both immutable), and where uploads are handed for ingestion."""

    config: Config
    catalog: object
    intake: object


def create_app(config: Config, test_config: dict | None = None) -> Flask:
    from webui import account, activity, admin, api, auth, bodylimits, checklist, consistency, csrf, documents, filters
    from webui import intake, page_images, resources, review, search, security, sessions, suggestions, tenancy, upload
    from webui import accountability, catalog_review, findings, province, queue

    clock.set_zone(config.time_zone)  # the pages show and date things on the county's clock
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=ensure_secret(config),
        MAX_CONTENT_LENGTH=config.upload_max_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="evidence_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        LOGIN_MAX_FAILURES=5,
        LOGIN_WINDOW_SECONDS=300.0,
        INGEST_UPLOADS=True,
        SEARCH_PAGE_SIZE=20,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False
    app.extensions["evidence"] = AppState(config, load_catalog_for(config),
                                          intake.make_intake(config, app.config["INGEST_UPLOADS"]))

    resources.init_app(app)
    sessions.init_app(app)  # who is logged in decides how much body may be read,
    bodylimits.init_app(app)  # and that is decided before the CSRF check parses any form
    csrf.init_app(app)
    tenancy.init_app(app)  # a `county` parameter is checked against the user's binding
    security.init_app(app)
    filters.init_app(app)
    for module in (auth, account, search, documents, page_images, suggestions, checklist, consistency, review, upload, activity, admin, api,
                   accountability, findings, catalog_review, queue, province):
        app.register_blueprint(module.bp)
    _register_errors(app)
    return app


def _register_errors(app: Flask) -> None:
    messages = {400: "请求无效", 401: "请先登录", 403: "没有权限", 404: "找不到该页面或文件",
                405: "不支持的操作", 413: "文件太大", 429: "操作过于频繁", 500: "服务器内部错误",
                503: "服务暂不可用"}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        title = messages.get(code, "出错了")
        detail = exc.description if exc.description and not exc.description.startswith(
            ("The ", "Bad ", "You ", "Method ", "Request ")) else title
        if code == 413:
            detail = too_large_message(app, request.path)
        if request.path.startswith("/api/"):
            return jsonify({"error": detail, "status": code}), code
        return render_template("error.html", code=code, title=title, detail=detail), code

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        detail = "搜索索引暂时不可用，正在从档案重建，请稍后再试。"
        if request.path.startswith("/api/"):
            return jsonify({"error": detail, "status": 503}), 503
        return render_template("error.html", code=503, title=messages[503], detail=detail), 503
