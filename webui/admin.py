"""Account management for admins: list, add, disable and enable accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from archive.errors import NotFound
from archive.users import ROLE_LABELS, UserError, add_user, list_users, set_disabled
from webui.auth import roles_required
from webui.resources import app_config, get_archive

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@roles_required("admin")
def users():
    return render_template("users.html", users=list_users(get_archive()), roles=ROLE_LABELS,
                           departments=app_config().department_folders)


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
        # Shown in this response only: a flash would carry it in the (signed, not encrypted)
        # session cookie.
        return render_template("users.html", users=list_users(get_archive()), roles=ROLE_LABELS,
                               departments=app_config().department_folders, created=user, password=generated)
    flash(f"已创建账号 {user.name}", "ok")
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
