"""One document: what it is, where it has been, why it carries each duty tag, its text with the
search terms highlighted, an inline preview and the original bytes."""

from __future__ import annotations

import threading
from pathlib import Path, PurePosixPath

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from markupsafe import Markup

from archive.errors import NotFound
from archive import suggestions
from archive.records import document_detail
from indexer.search.query import parse_query
from indexer.search.analysis import find_matches
from indexer.search.snippets import highlight
from webui.auth import login_required
from webui.indexing import refresh_index_soon
from webui.learning import learn_soon
from webui.page_images import has_page_image, page_marks
from webui.resources import app_config, catalog, get_archive
from webui.security import PREVIEW_CSP

bp = Blueprint("documents", __name__, url_prefix="/documents")
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif",
               b"BM": "image/bmp"}
MAX_HIGHLIGHT_CHARS = 200_000
MAX_SHOWN_CHARS = 1_000_000


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


def header_name(detail: dict) -> str:
    """The name for Content-Disposition: a share may hold a name with a line break or other
    control character, which no response header may carry."""
    return "".join("_" if ord(c) < 32 or c == "\x7f" else c for c in original_name(detail))


OFFICE_FORMATS = {"docx", "xlsx", "doc", "xls", "wps", "et"}
_converting = threading.Lock()  # one LibreOffice conversion at a time for the web


def preview_source(doc_id: int, fmt: str | None, convert: bool = False) -> tuple[Path, str] | None:
    """What a browser can show inline, and its MIME type, or None (the text is shown instead):
    a PDF or image as archived, decided from the bytes, never the name, so nothing is ever
    served inline as HTML or SVG; an office file by its PDF rendition — the one a compilation
    made, or (`convert`) one made now by LibreOffice in the sandbox and kept for next time."""
    archive = get_archive()
    sha256 = archive.document(doc_id)["sha256"]
    if fmt not in ("pdf", "image"):
        from indexer.compilation import rendition_store

        rendition = rendition_store(archive).lookup(sha256)
        if rendition is None and convert and renderable(fmt):
            rendition = make_rendition(doc_id, sha256)
        return (rendition.pdf, "application/pdf") if rendition is not None and rendition.pdf else None
    path = archive.blobs.path_for(sha256)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if fmt == "pdf":
        return (path, "application/pdf") if b"%PDF-" in head else None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return path, "image/webp"
    mime = next((mime for magic, mime in IMAGE_TYPES.items() if head.startswith(magic)), None)
    return (path, mime) if mime else None


def renderable(fmt: str | None) -> bool:
    """An office file LibreOffice (installed on this server) can turn into a PDF."""
    from indexer.convert.libreoffice import executable

    return fmt in OFFICE_FORMATS and executable() is not None


def make_rendition(doc_id: int, sha256: str):
    """Convert once, in a one-worker sandbox like the compilation's; the rendition (or the
    reason there is none) is kept by sha256, so the next view and the compilation reuse it."""
    from indexer.compilation import rendition_store
    from indexer.pipeline import sandbox_settings
    from indexer.renditions import ensure_renditions
    from indexer.sandbox import ExtractionPool

    archive = get_archive()
    with _converting:
        known = rendition_store(archive).lookup(sha256)  # made by another request meanwhile
        if known is not None:
            return known
        with ExtractionPool(1, *sandbox_settings(app_config())) as pool:
            found, _ = ensure_renditions(archive.blobs, rendition_store(archive), [(sha256, original_name(
                load_detail(doc_id)))], pool)
    return found[sha256]


def preview_type(doc_id: int, fmt: str | None) -> str | None:
    """The preview's MIME type; an office file not converted yet counts as a PDF when it can be
    (the preview request converts it), not when its conversion already failed."""
    source = preview_source(doc_id, fmt)
    if source is not None:
        return source[1]
    if renderable(fmt):
        from indexer.compilation import rendition_store

        return "application/pdf" if rendition_store(get_archive()).lookup(get_archive().document(doc_id)["sha256"]) \
            is None else None
    return None


def office_preview(detail: dict, preview: str | None) -> Markup | None:
    """Paragraphs and tables of a DOCX/XLSX when no PDF can be shown (no LibreOffice here)."""
    if preview is not None or detail["format"] not in ("docx", "xlsx") or detail["status"] != "indexed":
        return None
    from indexer.preview_html import office_html

    html = office_html(get_archive().blobs.path_for(detail["sha256"]), detail["format"])
    return Markup(html) if html else None


def highlighted_pages(detail: dict, query: str) -> tuple[list[dict], bool]:
    """The pages to show with the query marked, and whether text was left out: a page shows at
    most MAX_HIGHLIGHT_CHARS and the whole document MAX_SHOWN_CHARS, so the page stays usable
    for a 64 MB text file (the original is a download away)."""
    terms = [t.text for t in parse_query(query) if not t.exclude]
    pages, budget, cut = [], MAX_SHOWN_CHARS, False
    for page in detail["page_texts"]:
        if budget <= 0:
            cut = True
            break
        shown = page["text"][:min(MAX_HIGHLIGHT_CHARS, budget)]
        cut = cut or len(shown) < len(page["text"])
        budget -= len(shown)
        spans = [span for term in terms for span in find_matches(shown, term)]
        entry = {"page": page["page"], "ocr": page["ocr"], "html": Markup(highlight(shown, spans, one_line=False)),
                 "low_confidence": page.get("low_confidence", False), "layout": page.get("layout")}
        if has_page_image(detail, page):
            entry["marks"] = page_marks(page, terms)
        pages.append(entry)
    return pages, cut


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


def may_tag(item_id: str) -> bool:
    """Tag rights follow the duty: the department that owns a duty's evidence decides which
    documents carry it (admins and inspectors decide for every duty)."""
    item = catalog().item(item_id)
    return g.user.can_tag(catalog().department(item.department).names())


def start_page(pages: list[dict]) -> int | None:
    """The page a search hit named (`?page=N`), when the document has it: the preview opens there
    and the page text scrolls to it."""
    raw = request.args.get("page", "").strip()
    if not raw.isdigit():
        return None
    number = int(raw)
    return number if any(p["page"] == number for p in pages) else None


@bp.route("/<int:doc_id>")
@login_required
def show(doc_id: int):
    detail = load_detail(doc_id)
    query = request.args.get("q", "").strip()
    items = [item for item in catalog().all_items() if may_tag(item.id)] if catalog() is not None else []
    pages, cut = highlighted_pages(detail, query)
    preview = preview_type(doc_id, detail["format"])
    return render_template(
        "document.html", doc=detail, q=query, name=original_name(detail), start_page=start_page(pages),
        preview=preview, office_html=office_preview(detail, preview), pages=pages, text_cut=cut,
        can_tag=bool(items), taggable={item.id for item in items}, items=items, versions=path_versions(detail),
        suggestions=suggestions.open_suggestions(get_archive(), document_id=doc_id),
    )


@bp.route("/<int:doc_id>/preview")
@login_required
def preview(doc_id: int):
    detail = load_detail(doc_id)
    source = preview_source(doc_id, detail["format"], convert=True)
    if source is None:
        abort(404, description="该格式无法在浏览器中预览，请查看提取的文字或下载原件")
    path, mime = source
    name = header_name(detail) if mime != "application/pdf" or detail["format"] == "pdf" \
        else f"{PurePosixPath(header_name(detail)).stem}.pdf"
    response = send_file(path, mimetype=mime, as_attachment=False, download_name=name, conditional=True)
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


@bp.route("/<int:doc_id>/download")
@login_required
def download(doc_id: int):
    detail = load_detail(doc_id)
    return send_file(get_archive().blobs.path_for(detail["sha256"]), mimetype="application/octet-stream",
                     as_attachment=True, download_name=header_name(detail), conditional=True)


def require_tag_right(item_id: str) -> None:
    """400 for an unknown duty, 403 when the user may not decide its tags (see may_tag)."""
    try:
        allowed = may_tag(item_id)
    except KeyError:
        abort(400, description=f"未知事项编号：{item_id}")
    if not allowed:
        abort(403, description="部门用户只能修改本部门职责事项的标签（无论文件放在哪个文件夹）")


def change_tag(doc_id: int, item_id: str, action: str, note: str | None) -> list[str]:
    """Record a manual tag decision (it survives re-ingest and reindex) and audit it."""
    load_detail(doc_id)
    if action not in ("add", "remove"):
        abort(400, description="操作必须是添加或移除")
    require_tag_right(item_id)
    archive = get_archive()
    with archive.transaction():
        archive.set_override(doc_id, item_id, action, g.user.name, note or None)
        archive.audit(g.user.name, f"tag.{action}", {"document": doc_id, "item": item_id, "note": note or None})
    refresh_index_soon()
    learn_soon(item_id)
    return archive.items_of(doc_id)


@bp.route("/<int:doc_id>/tags", methods=["POST"])
@login_required
def tags(doc_id: int):
    item_id = request.form.get("item", "").strip()
    action = request.form.get("action", "")
    change_tag(doc_id, item_id, action, request.form.get("note", "").strip())
    flash(f"已{'添加' if action == 'add' else '移除'}事项 {item_id}（人工标注）", "ok")
    return redirect(url_for("documents.show", doc_id=doc_id))
