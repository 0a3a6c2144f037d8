"""Account management for admins: list, add, disable and enable accounts, reset a password."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from archive.errors import NotFound
from archive.passwords import POLICY_TEXT
from archive.users import ROLE_LABELS, User, UserError, add_user, list_users, set_disabled, set_password
from webui.auth import roles_required
from webui.resources import app_config, get_archive

bp = Blueprint("admin", __name__, url_prefix="/admin")


def users_page(shown: User | None = None, password: str | None = None, reset: bool = False) -> str:
    """The account list; a generated password is put in this response only: a flash would
    carry it in the (signed, not encrypted) session cookie."""
    return render_template("users.html", users=list_users(get_archive()), roles=ROLE_LABELS,
                           departments=app_config().department_folders, created=shown, password=password,
                           reset=reset, policy=POLICY_TEXT)


@bp.route("/users")
@roles_required("admin")
def users():
    return users_page()


@bp.route("/users", methods=["POST"])
@roles_required("admin")
def create_user():
    form = request.form
    role = form.get("role", "")
    try:
        user, generated = add_user(get_archive(), form.get("name", ""), role,
                                   department=(form.get("department") or None) if role == "department" else None,
                                   password=form.get("password") or None,
                                   departments=app_config().department_folders, actor=g.user.name)
    except UserError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    if generated:
        return users_page(user, generated)
    flash(f"已创建账号 {user.name}", "ok")
    return redirect(url_for("admin.users"))


@bp.route("/users/<name>/reset", methods=["POST"])
@roles_required("admin")
def reset_password(name: str):
    """A forgotten password: the admin gives the account a new one (typed, or generated and
    shown once); every session of that account ends."""
    try:
        user, generated = set_password(get_archive(), name, request.form.get("password") or None,
                                       actor=g.user.name, audit_action="user.reset")
    except NotFound:
        abort(404, description=f"用户不存在：{name}")
    except UserError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    if generated:
        return users_page(user, generated, reset=True)
    flash(f"已重置账号 {name} 的密码", "ok")
    return redirect(url_for("admin.users"))


@bp.route("/users/<name>/<any(disable, enable):action>", methods=["POST"])
@roles_required("admin")
def toggle_user(name: str, action: str):
    try:
        set_disabled(get_archive(), name, action == "disable", actor=g.user.name)
    except NotFound:
        abort(404, description=f"用户不存在：{name}")
    except UserError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    flash(f"已{'停用' if action == 'disable' else '启用'}账号 {name}", "ok")
    return redirect(url_for("admin.users"))
