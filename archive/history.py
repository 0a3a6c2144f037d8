"""What the tagger and the people correcting it said, and when: the archive keeps only the
latest tags for search, but "what was on file at 10-24" needs the tags as they stood then.

Written in the same transaction as the tags themselves (by `Archive.save_tags` and
`Archive.set_override`); read by `archive.as_of`.
"""

from __future__ import annotations

import json
import sqlite3

from archive.sql import columns

# documents' columns that are facts about the file, not what tagging concluded
FILE_COLUMNS = frozenset({"id", "sha256", "size", "format", "title", "status", "error", "error_code", "ocr",
                          "pages", "chars", "first_seen", "extracted_at", "attempts", "index_dirty", "revisions"})


def tagging_columns(conn: sqlite3.Connection) -> list[str]:
    """The documents columns tagging writes (any column added later counts too)."""
    return [name for name, _ in columns(conn, "documents") if name not in FILE_COLUMNS]


def tag_columns(conn: sqlite3.Connection) -> list[str]:
    return [name for name, _ in columns(conn, "tags") if name not in ("document_id", "source")]


def history_columns(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """(`tagging_columns`, `tag_columns`): what `record_tagging` copies. The schema changes only
    when the archive is opened (its migrations), so a connection's owner may keep these."""
    return tagging_columns(conn), tag_columns(conn)


def record_tagging(conn: sqlite3.Connection, document_id: int, at: str,
                   columns: tuple[list[str], list[str]] | None = None) -> None:
    """Append the document's tagging as it now stands (call after the tags are written).
    `columns`: `history_columns(conn)`, when the caller keeps them."""
    document_columns, tag_fields = columns or history_columns(conn)
    row = conn.execute(f"SELECT {', '.join(document_columns)} FROM main.documents WHERE id=?",
                       (document_id,)).fetchone()
    tags = [dict(r) for r in conn.execute(
        f"SELECT {', '.join(tag_fields)} FROM main.tags WHERE document_id=? AND source='rule'",
        (document_id,))]
    conn.execute("INSERT INTO main.tag_history (document_id, at, document, tags) VALUES (?,?,?,?)",
                 (document_id, at, json.dumps(dict(row), ensure_ascii=False), json.dumps(tags, ensure_ascii=False)))


def record_override(conn: sqlite3.Connection, document_id: int, item_id: str) -> None:
    """Append the manual decision as it now stands."""
    conn.execute(
        "INSERT INTO main.tag_override_history (document_id, item_id, action, actor, note, at)"
        " SELECT document_id, item_id, action, actor, note, at FROM main.tag_overrides"
        " WHERE document_id=? AND item_id=?", (document_id, item_id))
