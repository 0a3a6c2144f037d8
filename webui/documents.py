"""One document: what it is, where it has been, why it carries each duty tag, its text with the
search terms highlighted, an inline preview and the original bytes."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from markupsafe import Markup

from archive.errors import NotFound
from archive.records import document_detail
from indexer.search.query import parse_query
from indexer.search.snippets import highlight, term_pattern
from webui.auth import login_required
from webui.indexing import refresh_index_soon
from webui.page_images import has_page_image, page_marks
from webui.resources import catalog, get_archive
from webui.security import PREVIEW_CSP

bp = Blueprint("documents", __name__, url_prefix="/documents")
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif",
               b"BM": "image/bmp"}
MAX_HIGHLIGHT_CHARS = 200_000


def load_detail(doc_id: int) -> dict:
    try:
        return document_detail(get_archive(), doc_id)
    except NotFound:
        abort(404, description="找不到该文件")


def original_name(detail: dict) -> str:
    """The file's own name as the department saved it (not the path)."""
    if detail["source_path"]:
        return PurePosixPath(detail["source_path"]).name
    return f"document-{detail['id']}"


def preview_type(doc_id: int, fmt: str | None) -> str | None:
    """The MIME type a browser can show inline, or None (the text is shown instead). Decided from
    the bytes, never the name, so nothing is ever served inline as HTML or SVG."""
    if fmt not in ("pdf", "image"):
        return None
    path = get_archive().blobs.path_for(get_archive().document(doc_id)["sha256"])
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if fmt == "pdf":
        return "application/pdf" if b"%PDF-" in head else None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in IMAGE_TYPES.items() if head.startswith(magic)), None)


def highlighted_pages(detail: dict, query: str) -> list[dict]:
    patterns = [p for p in (term_pattern(t.text) for t in parse_query(query) if not t.exclude) if p]
    pages = []
    for page in detail["page_texts"]:
        # highlight() folds newlines into spaces (right for one-line snippets); a NUL stands in
        # for each line break so whole pages keep their lines and phrases across lines still match.
        text = page["text"][:MAX_HIGHLIGHT_CHARS].replace("\x00", "").replace("\n", "\x00")
        html = highlight(text, patterns).replace("\x00", "\n")
        entry = {"page": page["page"], "ocr": page["ocr"], "html": Markup(html),
                 "low_confidence": page.get("low_confidence", False), "layout": page.get("layout")}
        if has_page_image(detail, page):
            entry["marks"] = page_marks(page, patterns)
        pages.append(entry)
    return pages


def path_versions(detail: dict) -> list[dict]:
    """Every content each of this document's paths has held, newest first, so a reader sees
    the earlier and later versions of the same file."""
    archive = get_archive()
    versions = []
    for path in sorted({loc["path"] for loc in detail["locations"]}):
        for row in reversed(archive.path_history(path)):
            versions.append({"path": path, "document_id": row["document_id"], "first_seen": row["first_seen"],
                             "superseded_at": row["superseded_at"], "removed_at": row["removed_at"],
                             "this": row["document_id"] == detail["id"]})
    return versions


def document_departments(detail: dict) -> list[str]:
    return sorted({loc["department"] for loc in detail["locations"]})


@bp.route("/<int:doc_id>")
@login_required
def show(doc_id: int):
    detail = load_detail(doc_id)
    query = request.args.get("q", "").strip()
    items = catalog().all_items() if catalog() is not None else []
    return render_template(
        "document.html", doc=detail, q=query, name=original_name(detail),
        preview=preview_type(doc_id, detail["format"]), pages=highlighted_pages(detail, query),
        can_tag=g.user.can_tag(document_departments(detail)), items=items, versions=path_versions(detail),
    )


@bp.route("/<int:doc_id>/preview")
@login_required
def preview(doc_id: int):
    detail = load_detail(doc_id)
    mime = preview_type(doc_id, detail["format"])
    if mime is None:
        abort(404, description="该格式无法在浏览器中预览，请查看提取的文字或下载原件")
    response = send_file(get_archive().blobs.path_for(detail["sha256"]), mimetype=mime, as_attachment=False,
                         download_name=original_name(detail), conditional=True)
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@bp.route("/<int:doc_id>/download")
@login_required
def download(doc_id: int):
    detail = load_detail(doc_id)
    return send_file(get_archive().blobs.path_for(detail["sha256"]), mimetype="application/octet-stream",
                     as_attachment=True, download_name=original_name(detail), conditional=True)


def change_tag(doc_id: int, item_id: str, action: str, note: str | None) -> list[str]:
    """Record a manual tag decision (it survives re-ingest and reindex) and audit it."""
    detail = load_detail(doc_id)
    if not g.user.can_tag(document_departments(detail)):
        abort(403, description="部门用户只能修改本部门文件的事项标签")
    if action not in ("add", "remove"):
        abort(400, description="操作必须是添加或移除")
    try:
        catalog().item(item_id)
    except KeyError:
        abort(400, description=f"未知事项编号：{item_id}")
    archive = get_archive()
    with archive.transaction():
        archive.set_override(doc_id, item_id, action, g.user.name, note or None)
        archive.audit(g.user.name, f"tag.{action}", {"document": doc_id, "item": item_id, "note": note or None})
    refresh_index_soon()
    return archive.items_of(doc_id)


@bp.route("/<int:doc_id>/tags", methods=["POST"])
@login_required
def tags(doc_id: int):
    item_id = request.form.get("item", "").strip()
    action = request.form.get("action", "")
    change_tag(doc_id, item_id, action, request.form.get("note", "").strip())
    flash(f"已{'添加' if action == 'add' else '移除'}事项 {item_id}（人工标注）", "ok")
    return redirect(url_for("documents.show", doc_id=doc_id))
