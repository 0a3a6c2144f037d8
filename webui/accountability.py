"""Pages the lead office answers the leading group with: who is responsible (set by an admin,
audited), the timeliness report, the daily digest, and the deadline snapshots; and the hook
that freezes a snapshot the first time the UI is used after a deadline."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, send_file, url_for

from archive import clock, findings, responsibility, snapshots
from archive.accountability_export import render_timeliness_html, timeliness_workbook
from archive.checklist import build_checklist
from archive.digest import build_digest
from archive.timeliness import timeliness_report
from spine.services import freeze_passed_deadlines
from webui.auth import login_required, roles_required
from webui.resources import app_config, catalog, get_archive

bp = Blueprint("accountability", __name__)


@bp.before_app_request
def freeze_snapshots() -> None:
    """Once a day per application: freeze every deadline that has passed (cheap when none)."""
    if request.endpoint == "static":
        return
    today = clock.today()
    if current_app.extensions.get("evidence.freeze_checked") == today:
        return
    current_app.extensions["evidence.freeze_checked"] = today
    freeze_passed_deadlines(get_archive(), catalog())


def resolved_contacts() -> dict:
    return responsibility.resolve(catalog(), list(app_config().responsibility),
                                  responsibility.stored(get_archive()))


def _report() -> dict:
    return timeliness_report(get_archive(), catalog(), resolved_contacts()["departments"], clock.today())


@bp.route("/timeliness")
@login_required
def timeliness():
    return render_template("timeliness.html", report=_report())


@bp.route("/timeliness.xlsx")
@login_required
def timeliness_xlsx():
    report = _report()
    get_archive().audit(g.user.name, "export.timeliness", {})
    return send_file(io.BytesIO(timeliness_workbook(report)), as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     download_name=f"报送时效-{report['as_of']}.xlsx")


@bp.route("/timeliness.html")
@login_required
def timeliness_print():
    return render_timeliness_html(_report())


def _digest(department: str | None) -> dict:
    today = clock.today()
    return build_digest(build_checklist(get_archive(), catalog(), as_of=today),
                        findings.list_findings(get_archive()), resolved_contacts(), today, department)


def _digest_department() -> str | None:
    if g.user.role == "department":
        return g.user.department
    return request.args.get("department", "").strip() or None


@bp.route("/digest")
@login_required
def digest():
    return render_template("digest.html", digest=_digest(_digest_department()),
                           departments=[d.short for d in catalog().departments],
                           department=_digest_department())


@bp.route("/api/digest")
@login_required
def api_digest():
    return jsonify(_digest(_digest_department()))


@bp.route("/snapshots")
@login_required
def snapshot_list():
    return render_template("snapshots.html", snapshots=snapshots.list_snapshots(get_archive()),
                           phases={p.id: p for p in catalog().phases})


@bp.route("/admin/responsibility")
@roles_required("admin")
def responsibility_page():
    return render_template("responsibility.html", resolved=resolved_contacts(),
                           stored=responsibility.stored(get_archive()),
                           fields=responsibility.FIELDS, labels=responsibility.LABELS,
                           sources=responsibility.SOURCES)


@bp.route("/admin/responsibility", methods=["POST"])
@roles_required("admin")
def responsibility_save():
    form = request.form
    try:
        responsibility.set_assignment(get_archive(), catalog(), form.get("department", ""), form.get("item", ""),
                                      {f: form.get(f, "") for f in responsibility.FIELDS}, g.user.name)
    except responsibility.ResponsibilityError as exc:
        abort(400, description=str(exc))
    flash(f"已保存{form.get('department')}{(' ' + form.get('item')) if form.get('item') else ''}的责任分工", "ok")
    return redirect(url_for("accountability.responsibility_page"))
