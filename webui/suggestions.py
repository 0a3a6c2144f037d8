"""Accepting or declining a suggested tag on the document page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for

from archive import suggestions as records
from archive.errors import NotFound
from webui.auth import login_required
from webui.documents import load_detail, require_tag_right
from webui.indexing import refresh_index_soon
from webui.learning import learn_soon
from webui.resources import get_archive

bp = Blueprint("suggestions", __name__, url_prefix="/documents")


@bp.route("/<int:doc_id>/suggestions/<item_id>", methods=["POST"])
@login_required
def answer(doc_id: int, item_id: str):
    load_detail(doc_id)
    require_tag_right(item_id)
    accept = request.form.get("answer") == "accept"
    try:
        records.answer(get_archive(), doc_id, item_id, accept, g.user.name)
    except NotFound:
        abort(404, description="该建议已处理或不存在")
    if accept:
        refresh_index_soon()
    learn_soon(item_id)
    flash(f"已{'采纳' if accept else '拒绝'}事项 {item_id} 的标注建议", "ok")
    return redirect(url_for("documents.show", doc_id=doc_id))
