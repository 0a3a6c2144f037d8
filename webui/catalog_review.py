"""Admin review of drafted catalogs: the plan's text beside the drafted duties, edit, accept as a new
version, switch the home to a version (re-tagging the archive, with the report of what changed)."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from archive.catalog import load_catalog
from archive.catalog_check import check_catalog_file
from archive.catalog_duty_edit import DutyEditError, duty_fields, edit_duty
from archive.catalog_versions import (CatalogVersionError, accept_catalog, draft_check_path, list_drafts,
                                      list_versions, load_draft, save_draft)
from archive.plan_parse import plan_lines
from spine.catalog_drafts import PlanReadError, draft_from_file, load_base, switch_catalog
from spine.config import load_config
from webui.auth import roles_required
from webui.resources import app_config, get_archive

bp = Blueprint("catalogs", __name__, url_prefix="/admin/catalogs")
PLAN_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".wps")


def _current() -> str | None:
    config = app_config()
    return str(config.catalog.relative_to(config.home)) if config.catalog else None


@bp.route("")
@roles_required("admin")
def index():
    return render_template("catalogs.html", drafts=list_drafts(app_config().home),
                           versions=list_versions(app_config().home), current=_current(),
                           catalog_source=current_app.extensions["evidence"].catalog.source, report=None)


@bp.route("/import", methods=["POST"])
@roles_required("admin")
def import_plan():
    storage = request.files.get("plan")
    if storage is None or not storage.filename:
        flash("请选择方案文件（.docx / .pdf / .txt / .doc）", "error")
        return redirect(url_for("catalogs.index"))
    name = Path(storage.filename).name
    if not name.lower().endswith(PLAN_SUFFIXES):
        flash(f"不支持的方案文件格式：{name}", "error")
        return redirect(url_for("catalogs.index"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        storage.save(path)
        try:
            draft = draft_from_file(path, load_base())
        except PlanReadError as exc:
            flash(str(exc), "error")
            return redirect(url_for("catalogs.index"))
    slug = save_draft(app_config().home, Path(name).stem, draft.toml, draft.plan_text)
    flash(f"已起草目录：{len(draft.data['departments'])} 个部门，{len(draft.data['items'])} 项职责，请逐项核对", "ok")
    return redirect(url_for("catalogs.review", slug=slug))


def _duties(text: str) -> tuple[list[dict], dict[int, str], str | None]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], {}, f"不是有效的 TOML：{exc}"
    names = {d.get("number"): d.get("name", "") for d in data.get("departments", []) if isinstance(d, dict)}
    phases = {p.get("id"): p for p in data.get("phases", []) if isinstance(p, dict)}
    rows = []
    for it in data.get("items", []):
        if not isinstance(it, dict):
            continue
        for entry in [it, *(it.get("parts") or [])]:
            deadline = phases.get(entry.get("deadline", it.get("deadline")), {}).get("deadline", "")
            rows.append({"id": entry.get("id"), "department": names.get(it.get("department"), "？"),
                         "text": entry.get("text", ""), "deadline": deadline, "part": entry is not it,
                         "review": entry.get("review_reason") if entry.get("review") else "",
                         "rules_from": entry.get("rules_from", ""), "kinds": "、".join(entry.get("doc_types", []))})
    return rows, names, None


def _review_page(slug: str, text: str, plan_text: str, check=None):
    rows, _, parse_error = _duties(text)
    lines = plan_lines(plan_text)
    for row in rows:
        probe = row["text"][:10]
        row["line"] = next((n for n, line in enumerate(lines) if probe and probe in line), None)
    return render_template("catalog_draft.html", slug=slug, text=text, plan_lines=lines, rows=rows,
                           parse_error=parse_error, check=check)


@bp.route("/drafts/<slug>")
@roles_required("admin")
def review(slug: str):
    try:
        text, plan_text = load_draft(app_config().home, slug)
    except CatalogVersionError as exc:
        abort(404, description=str(exc))
    return _review_page(slug, text, plan_text, check_catalog_file(draft_check_path(app_config().home, slug)))


@bp.route("/drafts/<slug>", methods=["POST"])
@roles_required("admin")
def save(slug: str):
    home = app_config().home
    try:
        _, plan_text = load_draft(home, slug)
    except CatalogVersionError as exc:
        abort(404, description=str(exc))
    text = request.form.get("toml", "").replace("\r\n", "\n")
    save_draft(home, slug, text)
    check = check_catalog_file(draft_check_path(home, slug))
    if request.form.get("action") == "accept":
        try:
            version, report = accept_catalog(home, text, slug, g.user.name)
        except CatalogVersionError as exc:
            flash(str(exc), "error")
            return _review_page(slug, text, plan_text, check)
        get_archive().audit(g.user.name, "catalog.accept", {"path": version["path"], "reviews_open": len(report.reviews)})
        flash(f"已接受为版本 {version['version']}（{version['path']}）", "ok")
        return redirect(url_for("catalogs.index"))
    flash("已保存草稿" + ("，检查通过" if check.ok else f"，检查发现 {len(check.errors)} 个错误"),
          "ok" if check.ok else "error")
    return _review_page(slug, text, plan_text, check)


def _duty_page(slug: str, text: str, plan_text: str, duty_id: str, form: dict | None = None):
    try:
        fields = duty_fields(text, duty_id)
    except DutyEditError as exc:
        abort(404, description=str(exc))
    if form:
        fields.update({k: v for k, v in form.items() if k in fields})
    lines = plan_lines(plan_text)
    probe = fields["text"][:10]
    at = next((n for n, line in enumerate(lines) if probe and probe in line), None)
    context = [] if at is None else list(enumerate(lines))[max(0, at - 3):at + 4]
    return render_template("catalog_duty.html", slug=slug, duty=fields, context=context, at=at)


@bp.route("/drafts/<slug>/duties/<duty_id>")
@roles_required("admin")
def duty(slug: str, duty_id: str):
    try:
        text, plan_text = load_draft(app_config().home, slug)
    except CatalogVersionError as exc:
        abort(404, description=str(exc))
    return _duty_page(slug, text, plan_text, duty_id)


@bp.route("/drafts/<slug>/duties/<duty_id>", methods=["POST"])
@roles_required("admin")
def save_duty(slug: str, duty_id: str):
    """One duty's fields written back into the draft, which is then checked as a whole."""
    home = app_config().home
    try:
        text, plan_text = load_draft(home, slug)
    except CatalogVersionError as exc:
        abort(404, description=str(exc))
    form = {k: request.form[k].replace("\r\n", "\n") for k in
            ("department", "title", "text", "deadline", "doc_types", "rules", "reviewed") if k in request.form}
    try:
        edited = edit_duty(text, duty_id, form)
    except DutyEditError as exc:
        flash(str(exc), "error")
        return _duty_page(slug, text, plan_text, duty_id, form), 400
    save_draft(home, slug, edited)
    check = check_catalog_file(draft_check_path(home, slug))
    get_archive().audit(g.user.name, "catalog.duty_edit", {"draft": slug, "duty": duty_id})
    flash(f"已保存职责 {duty_id}" + ("，目录检查通过" if check.ok else f"，目录检查发现 {len(check.errors)} 个错误"),
          "ok" if check.ok else "error")
    return redirect(url_for("catalogs.review", slug=slug) + f"#duty-{duty_id}")


@bp.route("/versions/<int:version>/use", methods=["POST"])
@roles_required("admin")
def use(version: int):
    state = current_app.extensions["evidence"]
    try:
        report = switch_catalog(state.config, version)
    except CatalogVersionError as exc:
        abort(404, description=str(exc))
    state.config = load_config(state.config.home)
    state.catalog = load_catalog(state.config.catalog)
    get_archive().audit(g.user.name, "catalog.use",
                        {"from": report["from"], "to": report["to"], "changed": len(report["changed"])})
    return render_template("catalogs.html", drafts=list_drafts(state.config.home),
                           versions=list_versions(state.config.home), current=_current(),
                           catalog_source=state.catalog.source, report=report)

