"""Server-side revocable sessions. The signed cookie names the user and the account's session
epoch at log-in; every request checks both against the archive, so log-out, disabling an
account and a password change (each raises the epoch) end every copy of every cookie at once,
and the user is reloaded each time, so a disabled account stops working at once."""

from __future__ import annotations

from flask import Flask, g, request, session
from werkzeug.http import parse_cookie

from archive.store import Archive
from archive.users import User, end_sessions, session_user
from webui.csrf import rotate_token
from webui.resources import get_archive

USER_KEY = "user_id"
EPOCH_KEY = "epoch"


def start_session(user: User) -> None:
    session.clear()
    session[USER_KEY] = user.id
    session[EPOCH_KEY] = user.session_epoch
    session.permanent = True
    rotate_token()
    g.user = user


def end_session(user: User) -> None:
    """Log-out: this user's sessions end everywhere, not only the cookie in this browser."""
    end_sessions(get_archive(), user.id)
    session.clear()


def load_user() -> None:
    g.user = None
    if request.endpoint == "static" or USER_KEY not in session:
        return
    user = session_user(get_archive(), session.get(USER_KEY), session.get(EPOCH_KEY))
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
    archive = Archive.of(app.extensions["evidence"].config)
    try:
        return session_user(archive, data.get(USER_KEY), data.get(EPOCH_KEY))
    finally:
        archive.close()


def init_app(app: Flask) -> None:
    app.before_request(load_user)
