"""What the archive has been doing: recent ingests, files that could not be read (with the reason
in words a department can act on), and for admins and inspectors the audit log."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from archive.records import primary_location
from webui.auth import login_required
from webui.resources import get_archive

bp = Blueprint("activity", __name__, url_prefix="/activity")
AUDIT_READERS = ("admin", "inspector")


def failed_documents(department: str | None = None) -> list[dict]:
    """Documents whose text could not be extracted, with where they are and why."""
    archive = get_archive()
    rows = archive.conn.execute("SELECT * FROM documents WHERE status='failed' ORDER BY extracted_at DESC").fetchall()
    out = []
    for row in rows:
        location = primary_location(archive.locations(row["id"]))
        dept = location["department"] if location else None
        if department and dept != department:
            continue
        out.append({"id": row["id"], "path": location["path"] if location else "", "department": dept,
                    "error": row["error"], "code": row["error_code"], "at": row["extracted_at"]})
    return out


def storage_errors() -> list[dict]:
    return [dict(r) for r in get_archive().open_errors()]


def audit_log(limit: int = 200) -> list[dict]:
    return [dict(r) for r in get_archive().conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))]


@bp.route("")
@login_required
def index():
    mine = request.args.get("mine") == "1" and g.user.department
    department = g.user.department if mine else None
    return render_template(
        "activity.html", recent=[dict(r) for r in get_archive().recent_activity(100)],
        failures=failed_documents(department), errors=storage_errors(), mine=bool(mine),
        audit=audit_log() if g.user.role in AUDIT_READERS else None,
    )
