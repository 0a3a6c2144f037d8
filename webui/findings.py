"""迎检 and 整改 in the browser: the inspection team records findings, the responsible
department answers with new evidence, the inspector closes or reopens. A department user sees
and answers only its own department's findings; every step is audited by the archive."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from archive import findings
from archive.errors import NotFound
from archive.responsibility import for_duty
from webui.accountability import resolved_contacts
from webui.auth import login_required, roles_required
from webui.resources import catalog, get_archive

bp = Blueprint("findings", __name__)
INSPECTORS = ("admin", "inspector")


def visible_department() -> str | None:
    """The department a user is confined to (None: sees every department)."""
    return g.user.department if g.user.role == "department" else None


def load_finding(finding_id: int) -> dict:
    try:
        record = findings.get(get_archive(), finding_id)
    except NotFound:
        abort(404, description=f"没有整改问题 #{finding_id}")
    mine = visible_department()
    if mine is not None and record["department"] != mine:
        abort(403, description="只能查看和答复本部门的整改问题")
    return record


def may_answer(record: dict) -> bool:
    return g.user.role == "admin" or (g.user.role == "department" and g.user.department == record["department"])


def run_step(finding_id: int, action: str, note: str | None, document_id: int | None) -> dict:
    record = load_finding(finding_id)
    if action == "answer" and not may_answer(record):
        abort(403, description="只有整改部门可以答复")
    if action in ("close", "reopen") and g.user.role not in INSPECTORS:
        abort(403, description="只有检查组可以销号或重新打开")
    try:
        return findings.step(get_archive(), finding_id, action, g.user.name, note, document_id)
    except findings.FindingError as exc:
        abort(400, description=str(exc))
    except NotFound:
        abort(400, description="指定的文件不存在")


def add_finding(form) -> dict:
    try:
        due = date.fromisoformat(str(form.get("due", "")).strip())
    except ValueError:
        abort(400, description="整改期限的日期格式应为 YYYY-MM-DD")
    raw_doc = str(form.get("document_id") or "").strip()
    try:
        return findings.open_finding(get_archive(), catalog(), str(form.get("item", "")).strip(),
                                     str(form.get("finding", "")), due, g.user.name,
                                     department=str(form.get("department") or "").strip() or None,
                                     document_id=int(raw_doc) if raw_doc.isdigit() else None)
    except findings.FindingError as exc:
        abort(400, description=str(exc))
    except NotFound:
        abort(400, description="指定的文件不存在")


@bp.route("/findings")
@login_required
def index():
    status = request.args.get("status", "").strip() or None
    records = findings.list_findings(get_archive(), department=visible_department(), status=status)
    contacts = resolved_contacts()
    for f in records:
        f["responsibility"] = for_duty(contacts, f["item"], f["department"])
    items = [it for it in catalog().all_items()]
    return render_template("findings.html", findings=records, status=status, labels=findings.STATUS_LABELS,
                           items=items, departments=[d.short for d in catalog().departments],
                           preset_item=request.args.get("item", ""),
                           can_add=g.user.role in INSPECTORS)


@bp.route("/findings", methods=["POST"])
@roles_required(*INSPECTORS)
def create():
    record = add_finding(request.form)
    flash(f"已记录整改问题 #{record['id']}，整改部门：{record['department']}", "ok")
    return redirect(url_for("findings.show", finding_id=record["id"]))


@bp.route("/findings/<int:finding_id>")
@login_required
def show(finding_id: int):
    record = load_finding(finding_id)
    archive = get_archive()
    documents = [r for r in archive.documents(record["department"])]
    documents.sort(key=lambda r: r["first_seen"], reverse=True)
    return render_template("finding.html", f=record, documents=documents[:50],
                           contacts=for_duty(resolved_contacts(), record["item"], record["department"]),
                           can_answer=may_answer(record) and record["status"] == findings.OPEN,
                           can_judge=g.user.role in INSPECTORS)


@bp.route("/findings/<int:finding_id>/<any(answer, close, reopen):action>", methods=["POST"])
@login_required
def act(finding_id: int, action: str):
    raw_doc = request.form.get("document_id", "").strip()
    run_step(finding_id, action, request.form.get("note", "").strip() or None,
             int(raw_doc) if raw_doc.isdigit() else None)
    flash({"answer": "已提交答复，等待检查组复核", "close": "已销号", "reopen": "已重新打开"}[action], "ok")
    return redirect(url_for("findings.show", finding_id=finding_id))


@bp.route("/api/findings")
@login_required
def api_list():
    return jsonify(findings.list_findings(get_archive(), department=visible_department(),
                                          status=request.args.get("status") or None))


@bp.route("/api/findings", methods=["POST"])
@roles_required(*INSPECTORS)
def api_create():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description="请求体必须是 JSON 对象")
    return jsonify(add_finding(data)), 201


@bp.route("/api/findings/<int:finding_id>/<any(answer, close, reopen):action>", methods=["POST"])
@login_required
def api_act(finding_id: int, action: str):
    data = request.get_json(silent=True) or {}
    doc = data.get("document_id")
    return jsonify(run_step(finding_id, action, str(data.get("note") or "").strip() or None,
                            doc if isinstance(doc, int) else None))
