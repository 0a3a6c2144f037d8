"""The checklist page: every duty by department with its status, progress, deadline and the
reasons it is not yet green; printable, and exportable as the evidence package."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from flask import Blueprint, abort, g, render_template, request, send_file

from archive import clock
from archive.checklist import build_checklist, days_text
from archive.errors import NotFound
from webui.auth import login_required
from webui.resources import app_config, catalog, get_archive

bp = Blueprint("checklist", __name__, url_prefix="/checklist")


def checklist_for(department: str | None) -> dict:
    try:
        checklist = build_checklist(get_archive(), catalog(), department=department or None, as_of=clock.today())
    except NotFound:
        abort(404, description=f"未知部门：{department}")
    if department is None:
        publish_to_province(checklist["summary"])
    return checklist


def publish_to_province(summary: dict) -> None:
    """Where counties share a PostgreSQL, the county's whole checklist counts go to the province
    overview each time they are computed (only this node has this county's catalog)."""
    from archive.province import publish_summary
    from webui.tenancy import home_county, open_province, province_enabled

    if province_enabled():
        with open_province() as shared:
            publish_summary(shared, home_county(), summary)


def find_entry(entries: list[dict], item_id: str) -> dict | None:
    """A duty or one of its parts, anywhere in the checklist."""
    for entry in entries:
        if entry["id"] == item_id:
            return entry
        found = find_entry(entry["parts"], item_id)
        if found is not None:
            return found
    return None


def group_by_department(checklist: dict) -> list[dict]:
    groups: dict[str, dict] = {}
    for entry in checklist["items"]:
        dept = entry["department"]
        if dept not in groups:
            groups[dept] = {"short": dept, "name": entry["department_name"],
                            "summary": checklist["summary"]["by_department"].get(dept, {}), "items": []}
        groups[dept]["items"].append(entry)
    return list(groups.values())


@bp.app_template_filter("days_left")
def days_left_filter(days: int | None) -> str:
    return "" if days is None else days_text(days)


def export_date() -> date:
    """The day an export is for: the date the checklist page was showing, else today."""
    return requested_date() or clock.today()


def requested_date() -> date | None:
    raw = request.args.get("as_of", "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"日期格式应为 YYYY-MM-DD：{raw}")


@bp.route("")
@login_required
def index():
    from archive.as_of import checklist_as_of
    from archive.findings import open_by_item
    from archive.responsibility import for_duty
    from webui.accountability import resolved_contacts

    department = request.args.get("department", "").strip()
    day = requested_date()
    if day is None:
        checklist = checklist_for(department)
    else:
        try:
            checklist = checklist_as_of(get_archive(), catalog(), day, department=department or None)
        except NotFound:
            abort(404, description=f"未知部门：{department}")
    departments = [d.short for d in catalog().departments]
    contacts = resolved_contacts()
    groups = group_by_department(checklist)
    for group in groups:
        group["responsibility"] = contacts["departments"].get(group["short"])
    open_findings = open_by_item(get_archive())
    if g.user.role == "department":
        open_findings = {k: [f for f in v if f["department"] == g.user.department] for k, v in open_findings.items()}
    today = clock.today()
    shown = date.fromisoformat(checklist["summary"]["as_of"])
    phase = next((p for p in catalog().phases if p.deadline == shown), None)
    kind = "today" if shown == today else "phase" if phase else "future" if shown > today else "past"
    last_deadline = max(p.deadline for p in catalog().phases)
    return render_template("checklist.html", checklist=checklist, groups=groups,
                           department=department, departments=departments, as_of=day,
                           today=today, date_kind=kind, date_phase=phase,
                           plan_over_days=(today - last_deadline).days,
                           phases=catalog().phases, errata=catalog().errata,
                           current_phase=catalog().current_phase(clock.today()),
                           open_findings=open_findings, duty_contacts=contacts["items"], for_duty=for_duty)


@bp.route("/export/package")
@login_required
def export_package_zip():
    """The whole evidence package (files per department and duty, the checklist workbook and
    printable page, the manifest) as one zip."""
    from archive.export import export_package

    work = Path(tempfile.mkdtemp(prefix="evidence-export-"))
    out = work / "package"
    try:
        day = export_date()
        export_package(get_archive(), catalog(), out, day, html=True,
                       responsibility=app_config().responsibility)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(out).as_posix())
        buffer.seek(0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    get_archive().audit(g.user.name, "export.package", {"as_of": day.isoformat()})
    return send_file(buffer, mimetype="application/zip", as_attachment=True,
                     download_name=f"证据包-{day.isoformat()}.zip")


@bp.route("/export/volume.pdf")
@login_required
def export_volume():
    """The compilation (汇编) as one PDF. Files converted before are reused, so only new files
    cost a conversion; conversions run in the sandbox like extraction, one per worker."""
    from archive.as_of import checklist_as_of
    from indexer.compilation import VOLUME_NAME, compile_checklist
    from indexer.pipeline import sandbox_settings
    from indexer.sandbox import ExtractionPool

    today = export_date()
    config = app_config()
    work = Path(tempfile.mkdtemp(prefix="evidence-volume-"))
    try:
        checklist = checklist_as_of(get_archive(), catalog(), today)
        with ExtractionPool(config.workers, *sandbox_settings(config)) as pool:
            result = compile_checklist(get_archive(), catalog(), checklist, work / VOLUME_NAME, pool, today)
        data = io.BytesIO((work / VOLUME_NAME).read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    get_archive().audit(g.user.name, "export.volume", {"pages": result["pages"], "files": result["files"]})
    return send_file(data, mimetype="application/pdf", as_attachment=True,
                     download_name=f"佐证材料汇编-{today.isoformat()}.pdf")


@bp.route("/export/checklist.xlsx")
@login_required
def export_xlsx():
    from archive.as_of import checklist_as_of
    from archive.export import checklist_workbook

    today = export_date()
    data = checklist_workbook(checklist_as_of(get_archive(), catalog(), today), today, catalog().plan_doc_number)
    get_archive().audit(g.user.name, "export.xlsx", {"as_of": today.isoformat()})
    return send_file(io.BytesIO(data), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name=f"考核清单-{today.isoformat()}.xlsx")
