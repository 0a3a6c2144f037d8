"""What the archive has been doing: recent ingests, files that could not be read (with the reason
in words a department can act on), and for admins and inspectors the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from archive.errors import NotFound
from archive.unassigned import AssignmentError, assign_department, unassigned_files
from webui.auth import login_required, roles_required
from webui.indexing import refresh_index_soon
from webui.resources import app_config, get_archive

bp = Blueprint("activity", __name__, url_prefix="/activity")
AUDIT_READERS = ("admin", "inspector")


def failed_documents(department: str | None = None) -> list[dict]:
    """Files in the share whose text could not be extracted, with where they are and why: one
    entry per place that holds the failed bytes now (two departments' empty files are two
    failures), none for a path whose file has since been replaced or removed."""
    rows = get_archive().failed_locations(department)
    return [{"id": r["id"], "path": r["path"], "department": r["department"], "error": r["error"],
             "code": r["error_code"], "at": r["extracted_at"]} for r in rows]


def storage_errors() -> list[dict]:
    return [dict(r) for r in get_archive().open_errors()]


def audit_log(limit: int = 200) -> list[dict]:
    return [dict(r) for r in get_archive().audit_entries(limit)]


@bp.route("")
@login_required
def index():
    mine = request.args.get("mine") == "1" and g.user.department
    department = g.user.department if mine else None
    return render_template(
        "activity.html", recent=[dict(r) for r in get_archive().recent_activity(100)],
        failures=failed_documents(department), errors=storage_errors(), mine=bool(mine),
        unassigned=unassigned_files(get_archive()), departments=app_config().department_folders,
        audit=audit_log() if g.user.role in AUDIT_READERS else None,
    )


@bp.route("/assign", methods=["POST"])
@roles_required("admin")
def assign():
    """An admin gives a file outside every department folder its department."""
    path = request.form.get("path", "")
    department = request.form.get("department", "").strip()
    try:
        assign_department(get_archive(), path, department, g.user.name, set(app_config().department_folders))
    except AssignmentError as exc:
        abort(400, description=str(exc))
    except NotFound as exc:
        abort(404, description=str(exc))
    refresh_index_soon()
    flash(f"已将 {path} 指定为 {department} 的文件", "ok")
    return redirect(url_for("activity.index") + "#unassigned")
