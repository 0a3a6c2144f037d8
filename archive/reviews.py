"""Inspectors' decisions on duties: who accepted or sent back what, when, and why.

Reviews are appended, never edited: the history is what an on-site check asks for, and the
latest review of an item decides its state, so a later verify overrides an earlier reject and
the other way round. Every review is also written to the audit log in the same transaction.
"""

from __future__ import annotations

import sqlite3

from archive.errors import ArchiveError
from archive.store import Archive, now

VERIFY = "verify"
REJECT = "reject"


class ReviewError(ArchiveError):
    """A review is incomplete (a rejection without a reason, no reviewer named)."""

    exit_code = 2


def verify(archive: Archive, item_id: str, actor: str, note: str | None = None,
           document_id: int | None = None) -> dict:
    """Accepting evidence needs evidence: a duty nothing is tagged to, or a document that is not
    tagged to it, cannot be verified (the checklist would show 已核验 beside 「未找到材料」)."""
    tagged = documents_tagged_to(archive, item_id)
    if document_id is not None:
        archive.document(document_id)  # NotFound for an unknown document
        if document_id not in tagged:
            raise ReviewError(f"文件 #{document_id} 未标注到事项 {item_id}，不能以它核验该事项；"
                              "请先在文件页面把它标注到本事项")
    elif not tagged:
        raise ReviewError(f"事项 {item_id} 尚无标注到它的材料，不能核验通过；可以退回并写明缺少什么")
    return _record(archive, item_id, VERIFY, actor, note, document_id)


def reject(archive: Archive, item_id: str, actor: str, note: str, document_id: int | None = None) -> dict:
    if not (note or "").strip():
        raise ReviewError("退回必须写明原因")
    return _record(archive, item_id, REJECT, actor, note, document_id)


def documents_tagged_to(archive: Archive, item_id: str) -> set[int]:
    """Documents still in the share whose effective tags name the duty or one of its parts."""
    part = item_id + ".%"
    candidates = [r[0] for r in archive.conn.execute(
        "SELECT document_id FROM tags WHERE item_id=? OR item_id LIKE ?"
        " UNION SELECT document_id FROM tag_overrides WHERE action='add' AND (item_id=? OR item_id LIKE ?)",
        (item_id, part, item_id, part))]
    out = set()
    for doc in candidates:
        if not any(loc["removed_at"] is None and loc["superseded_at"] is None for loc in archive.locations(doc)):
            continue
        if any(t["item"] == item_id or t["item"].startswith(item_id + ".") for t in archive.tags(doc)):
            out.add(doc)
    return out


def history(archive: Archive, item_id: str | None = None) -> list[dict]:
    """Reviews oldest first; ids order them, since two reviews can share a timestamp."""
    sql, args = "SELECT * FROM reviews", ()
    if item_id is not None:
        sql, args = sql + " WHERE item_id=?", (item_id,)
    return [_as_dict(r) for r in archive.conn.execute(sql + " ORDER BY id", args)]


def latest_reviews(archive: Archive) -> dict[str, dict]:
    """The deciding (most recent) review of every reviewed item."""
    latest: dict[str, dict] = {}
    for review in history(archive):
        latest[review["item"]] = review
    return latest


def _record(archive: Archive, item_id: str, action: str, actor: str, note: str | None,
            document_id: int | None) -> dict:
    if not (actor or "").strip():
        raise ReviewError("必须写明核查人")
    if document_id is not None:
        archive.document(document_id)  # NotFound for an unknown document
    note = note.strip() if note and note.strip() else None
    with archive.transaction():
        cur = archive.conn.execute(
            "INSERT INTO reviews (item_id, document_id, action, actor, note, at) VALUES (?,?,?,?,?,?)",
            (item_id, document_id, action, actor, note, now()),
        )
        archive.audit(actor, f"review.{action}", {"item": item_id, "document": document_id, "note": note})
        row = archive.conn.execute("SELECT * FROM reviews WHERE id=?", (cur.lastrowid,)).fetchone()
    return _as_dict(row)


def _as_dict(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "item": row["item_id"], "document_id": row["document_id"],
            "action": row["action"], "actor": row["actor"], "note": row["note"], "at": row["at"]}
