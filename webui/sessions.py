"""Server-side revocable sessions. The signed cookie names the user and the account's session
epoch at log-in; every request checks both against the archive, so log-out, disabling an
account and a password change (each raises the epoch) end every copy of every cookie at once,
and the user is reloaded each time, so a disabled account stops working at once."""

from __future__ import annotations

from flask import Flask, g, request, session
from werkzeug.http import parse_cookie

from archive import province
from archive.store import Archive
from archive.users import User, end_sessions, session_user
from spine.config import Config
from webui.csrf import rotate_token
from webui.resources import app_config, get_archive
from webui.tenancy import open_province

USER_KEY = "user_id"
EPOCH_KEY = "epoch"
COUNTY_KEY = "county"      # the node's county at log-in: a cookie never works on another county's node
PROVINCE_KEY = "province"  # the user is a province account (archive.province), not this county's


def start_session(user: User) -> None:
    session.clear()
    session[USER_KEY] = user.id
    session[EPOCH_KEY] = user.session_epoch
    session[COUNTY_KEY] = app_config().cluster_county
    session[PROVINCE_KEY] = user.province
    session.permanent = True
    rotate_token()
    g.user = user


def end_session(user: User) -> None:
    """Log-out: this user's sessions end everywhere, not only the cookie in this browser."""
    if user.province:
        with open_province() as shared:
            province.end_sessions(shared, user.id)
    else:
        end_sessions(get_archive(), user.id)
    session.clear()


def stored_user(config: Config, archive: Archive, data) -> User | None:
    """The user a session's data names, if still valid on this node: issued on this county's
    node (the same secret on two counties' nodes must not turn county A's user 1 into county
    B's), and the account (the county's, or a province account bound to this county) current."""
    if data.get(COUNTY_KEY, "") != config.cluster_county:
        return None
    if data.get(PROVINCE_KEY):
        if not config.cluster_database_url:
            return None
        with province.Province(config.cluster_database_url) as shared:
            return province.session_account(shared, data.get(USER_KEY), data.get(EPOCH_KEY), config.cluster_county)
    return session_user(archive, data.get(USER_KEY), data.get(EPOCH_KEY))


def load_user() -> None:
    g.user = None
    if request.endpoint == "static" or USER_KEY not in session:
        return
    user = stored_user(app_config(), get_archive(), session)
    if user is None:
        session.clear()
        return
    g.user = user


def cookie_user(app: Flask, cookie_header: str | None) -> User | None:
    """The user a raw `Cookie:` header logs in, outside any request (the server asks before it
    reads a request body); None for anyone not logged in with a current session."""
    value = parse_cookie(cookie_header or "").get(app.config["SESSION_COOKIE_NAME"])
    serializer = app.session_interface.get_signing_serializer(app)
    if not value or serializer is None:
        return None
    try:
        data = serializer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()))
    except Exception:  # any bad signature, expiry or garbage means "not logged in"
        return None
    if not isinstance(data, dict) or USER_KEY not in data:
        return None
    config = app.extensions["evidence"].config
    archive = Archive.of(config)
    try:
        return stored_user(config, archive, data)
    finally:
        archive.close()


def init_app(app: Flask) -> None:
    app.before_request(load_user)
