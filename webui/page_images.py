"""Scanned pages shown as paper: the page image as the OCR engine read it, with the search terms
marked where they stand on it (inspectors compare with the paper, not with OCR text)."""

from __future__ import annotations

import io
import json
import re

from flask import Blueprint, abort, send_file

from archive.errors import NotFound
from indexer.ocr.page_image import page_as_read
from indexer.search.analysis import find_matches
from webui.auth import login_required
from webui.resources import get_archive

bp = Blueprint("page_images", __name__, url_prefix="/documents")


def has_page_image(detail: dict, page: dict) -> bool:
    return detail["format"] in ("pdf", "image") and bool(page.get("layout")) and page.get("lines") is not None


def page_marks(page: dict, terms: list[str]) -> list[str]:
    """SVG polygon points, on the page's own pixels, covering each match of the query terms (found
    as the index finds them: indexer.search.analysis.find_matches).

    The lines' texts are joined with line breaks (a phrase may run on to the next line) and each
    match is marked on every line it touches, over the part of the line its characters take:
    the line's box is cut along its length in proportion to the characters."""
    lines = page.get("lines") or []
    starts, joined, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        joined.append(line["text"])
        offset += len(line["text"]) + 1
    text = "\n".join(joined)
    marks = []
    for term in terms:
        for m_start, m_end in find_matches(text, term):
            if m_end <= m_start:
                continue
            for line, start in zip(lines, starts):
                length = len(line["text"])
                a, b = max(m_start, start) - start, min(m_end, start + length) - start
                if a < b:
                    marks.append(_cut(line["box"], a / length, b / length))
    return marks


def _cut(box: list[list[float]], a: float, b: float) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box

    def along(p: tuple[float, float], q: tuple[float, float], t: float) -> tuple[float, float]:
        return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t

    top, bottom = ((x0, y0), (x1, y1)), ((x3, y3), (x2, y2))
    corners = [along(*top, a), along(*top, b), along(*bottom, b), along(*bottom, a)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


@bp.route("/<int:doc_id>/pages/<int:number>.png")
@login_required
def image(doc_id: int, number: int):
    archive = get_archive()
    try:
        document = archive.document(doc_id)
    except NotFound:
        abort(404, description="找不到该文件")
    page = next((p for p in archive.pages(doc_id) if p["page_no"] == number), None)
    if page is None or page["layout"] is None or document["format"] not in ("pdf", "image"):
        abort(404, description="该页不是扫描页，没有页面图像")
    try:
        picture = page_as_read(archive.blobs.path_for(document["sha256"]), document["format"], number,
                               json.loads(page["layout"]))
    except (LookupError, OSError, ValueError, RuntimeError) as exc:  # RuntimeError: PDFium
        abort(404, description=f"无法显示该页图像：{exc}")
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="PNG", compress_level=1)
    out.seek(0)
    return send_file(out, mimetype="image/png")
