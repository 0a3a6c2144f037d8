"""Tag suggestions learned from reviewers' corrections, and the person's answer to each.

A suggestion is only ever shown: accepting it records a manual tag (with who and why), declining
it keeps it from being suggested again. The learning itself lives in the indexer (it reads
text); this module is the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.store import Archive, now

OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"


@dataclass(frozen=True)
class Suggestion:
    document_id: int
    item_id: str
    score: float
    example_id: int


def corrections(archive: Archive) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(item -> documents a person said serve it, item -> documents a person said do not): manual
    tags and untags, accepted and declined suggestions, and documents named in reviews."""
    yes: dict[str, set[int]] = {}
    no: dict[str, set[int]] = {}
    for row in archive.conn.execute("SELECT document_id, item_id, action FROM tag_overrides"):
        (yes if row["action"] == "add" else no).setdefault(row["item_id"], set()).add(row["document_id"])
    for row in archive.conn.execute("SELECT document_id, item_id, action FROM reviews WHERE document_id IS NOT NULL"):
        (yes if row["action"] == "verify" else no).setdefault(row["item_id"], set()).add(row["document_id"])
    for row in archive.conn.execute("SELECT document_id, item_id FROM tag_suggestions WHERE state=?", (DECLINED,)):
        no.setdefault(row["item_id"], set()).add(row["document_id"])
    return yes, no


def replace_open(archive: Archive, items: list[str], found: list[Suggestion]) -> None:
    """The open suggestions of `items` become `found`; answered ones stay as they were."""
    at = now()
    with archive.transaction():
        archive.conn.executemany("DELETE FROM tag_suggestions WHERE item_id=? AND state=?",
                                 [(i, OPEN) for i in items])
        archive.conn.executemany(
            "INSERT INTO tag_suggestions (document_id, item_id, score, example_id, state, at) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(document_id, item_id) DO NOTHING",
            [(s.document_id, s.item_id, round(s.score, 3), s.example_id, OPEN, at) for s in found])


def open_suggestions(archive: Archive, *, document_id: int | None = None, item_id: str | None = None) -> list[dict]:
    sql = ("SELECT s.*, d.title AS example_title FROM tag_suggestions s JOIN documents d ON d.id = s.example_id"
           " WHERE s.state=?")
    args: list = [OPEN]
    if document_id is not None:
        sql, args = sql + " AND s.document_id=?", [*args, document_id]
    if item_id is not None:
        sql, args = sql + " AND s.item_id=?", [*args, item_id]
    rows = archive.conn.execute(sql + " ORDER BY s.score DESC, s.document_id", args).fetchall()
    return [{"document_id": r["document_id"], "item": r["item_id"], "score": r["score"], "example_id": r["example_id"],
             "reason": f"与已人工标注为 {r['item_id']} 的《{_name(archive, r['example_id'], r['example_title'])}》相似"
                       f"（相似度 {r['score']:.2f}）"} for r in rows]


def answer(archive: Archive, document_id: int, item_id: str, accept: bool, actor: str) -> None:
    """Accept (a manual tag with the suggestion as its note) or decline an open suggestion."""
    row = archive.conn.execute("SELECT * FROM tag_suggestions WHERE document_id=? AND item_id=? AND state=?",
                               (document_id, item_id, OPEN)).fetchone()
    if row is None:
        from archive.errors import NotFound
        raise NotFound(f"文件 #{document_id} 没有待处理的事项 {item_id} 建议")
    with archive.transaction():
        archive.conn.execute("UPDATE tag_suggestions SET state=?, actor=?, at=? WHERE document_id=? AND item_id=?",
                             (ACCEPTED if accept else DECLINED, actor, now(), document_id, item_id))
        archive.audit(actor, "suggestion.accept" if accept else "suggestion.decline",
                      {"document": document_id, "item": item_id})
    if accept:
        archive.set_override(document_id, item_id, "add", actor, f"采纳建议：与 #{row['example_id']} 相似")


def _name(archive: Archive, doc_id: int, title: str | None) -> str:
    loc = archive.conn.execute("SELECT path FROM locations WHERE document_id=? ORDER BY id LIMIT 1", (doc_id,)).fetchone()
    if loc is not None:
        return loc["path"].rsplit("/", 1)[-1]
    return title or f"#{doc_id}"
