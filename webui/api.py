"""JSON API under /api/: the same search, documents, checklist and review as the pages, in the
CLI's JSON shapes. Session log-in as for the pages; state changes need the `X-CSRF-Token`
header (the token comes from GET /api/session)."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request

from archive import reviews
from archive.crosscheck import consistency_report
from archive.records import document_detail, document_record
from archive.errors import NotFound
from webui.auth import log_in, login_required, roles_required
from webui.checklist import checklist_for, find_entry
from webui.csrf import csrf_token
from webui.documents import change_tag
from webui.review import REVIEWERS, record_review
from webui.resources import catalog, get_archive
from webui.search import run_search, search_args

bp = Blueprint("api", __name__, url_prefix="/api")
TEXT_WINDOW = 500_000
PAGES_BUDGET = 500_000


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description="请求体必须是 JSON 对象")
    return data


@bp.route("/session")
def session_info():
    user = g.user.as_dict() if g.user is not None else None
    return jsonify({"user": user, "csrf_token": csrf_token()})


@bp.route("/login", methods=["POST"])
def login():
    data = json_body()
    user, wait = log_in(str(data.get("name", "")), str(data.get("password", "")))
    if user is None:
        if wait:
            response = jsonify({"error": "登录失败次数过多，请稍后再试", "retry_after": wait, "status": 429})
            response.headers["Retry-After"] = str(wait)
            return response, 429
        abort(401, description="用户名或密码不正确")
    return jsonify({"user": user.as_dict(), "csrf_token": csrf_token()})


@bp.route("/search")
@login_required
def search():
    return jsonify(run_search(search_args()))


@bp.route("/documents")
@login_required
def documents():
    archive = get_archive()
    status = request.args.get("status")
    rows = archive.documents(request.args.get("department") or None)
    return jsonify([document_record(archive, r) for r in rows if not status or r["status"] == status])


def int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        abort(400, description=f"{name} 必须是非负整数")
    return int(raw)


def windowed(detail: dict, offset: int, first_page: int | None) -> dict:
    """The document with its text cut to one window, so no response grows with the file
    (a 64 MB text file once gave a 124 MB answer). `text` holds TEXT_WINDOW characters from
    `offset` (`next_offset` asks for the rest); `page_texts` holds whole pages from
    `first_page` while they fit PAGES_BUDGET (`next_page` asks for the rest; a single page
    too long for the budget is cut and marked `clipped`)."""
    text = detail["text"]
    detail["text"] = text[offset:offset + TEXT_WINDOW]
    end = offset + len(detail["text"])
    detail.update(text_offset=offset, text_chars=len(text), next_offset=end if end < len(text) else None)
    pages = [p for p in detail["page_texts"] if first_page is None or p["page"] >= first_page]
    kept, budget = [], PAGES_BUDGET
    for page in pages:
        size = len(page["text"]) + len(page["raw_text"] or "")
        if kept and size > budget:
            break
        if size > budget:
            page = {**page, "text": page["text"][:budget], "raw_text": (page["raw_text"] or "")[:max(
                0, budget - len(page["text"]))] or None, "clipped": True}
        kept.append(page)
        budget -= size
    detail["page_texts"] = kept
    detail["next_page"] = pages[len(kept)]["page"] if len(kept) < len(pages) else None
    return detail


@bp.route("/documents/<int:doc_id>")
@login_required
def document(doc_id: int):
    offset, first_page = int_arg("offset") or 0, int_arg("page")
    try:
        return jsonify(windowed(document_detail(get_archive(), doc_id), offset, first_page))
    except NotFound:
        abort(404, description="找不到该文件")


@bp.route("/documents/<int:doc_id>/tags", methods=["POST"])
@login_required
def tag(doc_id: int):
    data = json_body()
    items = change_tag(doc_id, str(data.get("item", "")).strip(), str(data.get("action", "")),
                       (str(data.get("note") or "").strip() or None))
    return jsonify({"id": doc_id, "items": items})


@bp.route("/checklist")
@login_required
def checklist():
    return jsonify(checklist_for(request.args.get("department", "").strip() or None))


@bp.route("/checklist/<item_id>")
@login_required
def checklist_item(item_id: str):
    entry = find_entry(checklist_for(None)["items"], item_id)
    if entry is None:
        abort(404, description=f"未知事项编号：{item_id}")
    return jsonify(entry)


@bp.route("/consistency")
@login_required
def consistency():
    return jsonify(consistency_report(get_archive(), catalog()))


@bp.route("/queue")
@login_required
def queue_status():
    """The `evidence status --json` keys: what is waiting, being read, done and failed."""
    from webui.queue import current_status

    return jsonify(current_status())


@bp.route("/reviews")
@login_required
def review_history():
    return jsonify(reviews.history(get_archive(), request.args.get("item") or None))


@bp.route("/reviews", methods=["POST"])
@roles_required(*REVIEWERS)
def review():
    data = json_body()
    raw_doc = data.get("document_id")
    if raw_doc is not None and not isinstance(raw_doc, int):
        abort(400, description="document_id 必须是整数")
    note = str(data.get("note") or "").strip() or None
    return jsonify(record_review(str(data.get("item", "")), str(data.get("action", "")), note, raw_doc)), 201
