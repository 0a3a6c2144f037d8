"""Review of one duty by the inspectors: accept (verified) or send back with a note, and the
history of every decision on it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from archive import reviews, suggestions
from archive.errors import NotFound
from webui.auth import login_required, roles_required
from webui.checklist import checklist_for, find_entry
from webui.learning import learn_soon
from webui.resources import catalog, get_archive

bp = Blueprint("review", __name__, url_prefix="/review")
REVIEWERS = ("admin", "inspector")


def known_item(item_id: str) -> None:
    try:
        catalog().item(item_id)
    except KeyError:
        abort(404, description=f"未知事项编号：{item_id}")


def record_review(item_id: str, action: str, note: str | None, document_id: int | None) -> dict:
    """Verify or reject for the API; a refusal is a 400 with the reason."""
    try:
        return apply_review(item_id, action, note, document_id)
    except ReviewRefused as exc:
        abort(400, description=str(exc))


class ReviewRefused(Exception):
    """The decision was not recorded; the message says why, in Chinese."""


def apply_review(item_id: str, action: str, note: str | None, document_id: int | None) -> dict:
    """Verify or reject; the archive appends it to the history and the audit log together."""
    known_item(item_id)
    try:
        if action == "verify":
            return _learned(reviews.verify(get_archive(), item_id, g.user.name, note, document_id))
        if action == "reject":
            return _learned(reviews.reject(get_archive(), item_id, g.user.name, note or "", document_id))
    except reviews.ReviewError as exc:
        raise ReviewRefused(str(exc)) from None
    except NotFound:
        raise ReviewRefused("指定的文件不存在") from None
    raise ReviewRefused("操作必须是核验通过或退回")


def _learned(record: dict) -> dict:
    """A reviewed document teaches the suggestions of its duty."""
    if record["document_id"] is not None:
        learn_soon(record["item"])
    return record


@bp.route("/<item_id>")
@login_required
def show(item_id: str):
    return render_review(item_id)


def render_review(item_id: str, form_error: str | None = None, form: dict | None = None, status: int = 200):
    """The review page; a refused decision comes back to it with the reason beside the form and
    what the inspector typed kept, instead of an error page that loses the note."""
    known_item(item_id)
    entry = find_entry(checklist_for(None)["items"], item_id)
    if entry is None:
        abort(404, description=f"未知事项编号：{item_id}")
    from archive.findings import list_findings
    from archive.responsibility import for_duty
    from webui.accountability import resolved_contacts

    return render_template("review.html", entry=entry, history=list(reversed(reviews.history(get_archive(), item_id))),
                           can_review=g.user.can_review, form_error=form_error, form=form or {},
                           suggestions=suggestions.open_suggestions(get_archive(), item_id=item_id),
                           contacts=for_duty(resolved_contacts(), item_id, entry["department"]),
                           item_findings=[f for f in list_findings(get_archive(), item_id=item_id)
                                          if g.user.role != "department" or f["department"] == g.user.department]), status


@bp.route("/<item_id>", methods=["POST"])
@roles_required(*REVIEWERS)
def decide(item_id: str):
    action = request.form.get("action", "")
    raw_doc = request.form.get("document_id", "").strip()
    document_id = int(raw_doc) if raw_doc.isdigit() else None
    note = request.form.get("note", "")
    try:
        apply_review(item_id, action, note.strip() or None, document_id)
    except ReviewRefused as exc:
        return render_review(item_id, str(exc), {"note": note, "document_id": raw_doc, "action": action}, 400)
    flash("已核验通过" if action == "verify" else "已退回，并记录原因", "ok")
    return redirect(url_for("review.show", item_id=item_id))
