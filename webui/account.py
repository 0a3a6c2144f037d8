"""The logged-in user's own account: changing one's password. Every other session of the
account ends; this one continues under the new session epoch."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from archive.passwords import POLICY_TEXT
from archive.users import UserError, change_own_password
from webui.auth import login_required
from webui.resources import get_archive
from webui.sessions import start_session

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    status = 200
    if g.user.province:
        abort(403, description="省级账号的密码由省级管理员用 evidence province 命令管理")
    if request.method == "POST":
        form = request.form
        new = form.get("new_password", "")
        try:
            if new != form.get("confirm_password", ""):
                raise UserError("两次输入的新密码不一致")
            user = change_own_password(get_archive(), g.user, form.get("current_password", ""), new)
        except UserError as exc:
            flash(str(exc), "error")
            status = 400
        else:
            start_session(user)
            flash("密码已修改；其他设备上的登录已失效", "ok")
            return redirect(url_for("account.password"))
    return render_template("account.html", policy=POLICY_TEXT), status
