"""Log-in, log-out and the checks every view declares: who must be logged in, which roles may
act. Who is logged in is decided per request by `webui.sessions`."""

from __future__ import annotations

import functools
import logging
from typing import Callable
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from archive import province
from archive.users import User, authenticate, find_user
from webui.resources import get_archive
from webui.sessions import end_session, start_session
from webui.tenancy import home_county, open_province, province_enabled

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)


def login_required(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            if request.path.startswith("/api/"):
                abort(401, description="请先登录")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(**kwargs)
    return wrapped


def roles_required(*roles: str) -> Callable:
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is not None and g.user.role not in roles:
                abort(403, description="您的账号没有此项操作的权限")
            return view(**kwargs)
        return login_required(wrapped)
    return decorate


def safe_next(target: str | None) -> str:
    """Only local paths: an attacker's link must not bounce a fresh log-in to another site."""
    if not target:
        return url_for("search.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("search.index")
    return target


def client_address() -> str:
    return request.remote_addr or "unknown"


def log_in(name: str, password: str) -> tuple[User | None, int]:
    """(user, 0) on success; (None, seconds to wait) when throttled; (None, 0) when wrong."""
    throttle = current_app.extensions["login_throttle"]
    address = client_address()
    wait = throttle.retry_after(address, name)
    if wait:
        log.warning("log-in throttled for %r from %s", name, address)
        return None, wait
    archive = get_archive()
    user = check_credentials(archive, name, password)
    if user is None:
        throttle.failed(address, name)
        log.info("failed log-in for %r from %s", name, address)
        archive.audit(name or None, "login.failed", {"address": address})
        return None, 0
    throttle.succeeded(address, name)
    start_session(user)
    archive.audit(user.name, "login", {"address": address, **({"province": True} if user.province else {})})
    return user, 0


def check_credentials(archive, name: str, password: str) -> User | None:
    """This county's account of that name; where there is none and the counties share a
    PostgreSQL, the province account of that name if it is bound to this county. One password
    hash is checked either way, so timing does not tell which kind of account a name is."""
    if not province_enabled() or find_user(archive, (name or "").strip()) is not None:
        return authenticate(archive, name, password)
    with open_province() as shared:
        return province.authenticate(shared, name, password, home_county())


@bp.route("/login", methods=["GET", "POST"])
def login():
    status = 200
    if request.method == "POST":
        name = request.form.get("name", "")
        user, wait = log_in(name, request.form.get("password", ""))
        if user is not None:
            if user.province and not request.args.get("next"):
                return redirect(url_for("province.index"))  # a province account starts from its counties
            return redirect(safe_next(request.args.get("next")))
        if wait:
            later = f"{wait} 秒" if wait < 120 else f"{wait // 60} 分钟"
            flash(f"登录失败次数过多，请 {later}后再试。", "error")
            status = 429
        else:
            flash("用户名或密码不正确。", "error")
            status = 401
    return render_template("login.html", next=request.args.get("next", "")), status


@bp.route("/logout", methods=["POST"])
def logout():
    if g.user is not None:
        end_session(g.user)
        get_archive().audit(g.user.name, "logout", {})
    return redirect(url_for("auth.login"))
