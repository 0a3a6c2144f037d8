"""The archive's record of documents, where they were found, and what was extracted.

A *document* is one content (sha256). A *location* is a period during which a path in the
watched share held that content; overwriting a file supersedes its location and starts a new
one, deleting it marks the location removed. Nothing here ever deletes a document.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from archive import clock
from archive.blobstore import BlobStore, StoredBlob
from archive.db import connect, connect_record
from archive.errors import NotFound
from archive.history import history_columns, record_override, record_tagging
from archive.sql import POSTGRESQL, PostgresRecord

if TYPE_CHECKING:
    from spine.config import Config


def now() -> str:
    return clock.now_text()


@dataclass(frozen=True)
class Recorded:
    document_id: int
    action: str  # new | duplicate | version | touched | unchanged
    needs_extraction: bool


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    raw: str | None = None
    ocr: bool = False
    lines: list[dict] | None = None  # OCR: each line's {"text", "box": 4 corners, "confidence"}
    layout: dict | None = None  # OCR: the upright page the boxes are on (engine, size, turn, skew, confidence)


# A document's one path to show: a current location first, then a superseded one, then a removed one.
_ONE_PATH = ("(SELECT path FROM locations l WHERE l.document_id=d.id ORDER BY (l.removed_at IS NOT NULL),"
             " (l.superseded_at IS NOT NULL), l.id LIMIT 1) AS path")


class Archive:
    """System of record: blob store plus catalog database, opened from `var/`.

    The database is `var/archive.sqlite3`, or with `record` the county's schema on PostgreSQL
    (`archive.sql`); the blobs stay in `var/blobs` either way (a cluster mounts one shared folder)."""

    def __init__(self, var: Path, record: PostgresRecord | None = None) -> None:
        self.var = var
        self.record = record
        self.blobs = BlobStore(var / "blobs")
        self.conn = connect(var / "archive.sqlite3") if record is None else connect_record(record)
        self._history_columns: tuple[list[str], list[str]] | None = None  # read once: migrated at connect

    @classmethod
    def of(cls, config: Config) -> "Archive":
        """The home's archive, on the system of record its `[cluster]` section names."""
        return cls(config.var, record_of(config))

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> "_Tx":
        return _Tx(self.conn)

    # -- locations -------------------------------------------------------------------------

    def current_location(self, path: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT * FROM locations WHERE path=? AND superseded_at IS NULL AND removed_at IS NULL", (path,)
        ).fetchone()

    def current_locations(self) -> dict[str, sqlite3.Row]:
        rows = self.conn.execute("SELECT * FROM locations WHERE superseded_at IS NULL AND removed_at IS NULL")
        return {row["path"]: row for row in rows}

    def touch_location(self, location_id: int, size: int, mtime_ns: int) -> None:
        self.conn.execute(
            "UPDATE locations SET size=?, mtime_ns=?, last_seen=? WHERE id=?", (size, mtime_ns, now(), location_id)
        )

    def record_file(
        self, path: str, department: str, blob: StoredBlob, size: int, mtime_ns: int, fmt: str, title: str
    ) -> Recorded:
        """Attach stored bytes to a path, as a new document, a duplicate or a new version."""
        at = now()
        with self.transaction():
            doc = self.conn.execute("SELECT id, status FROM documents WHERE sha256=?", (blob.sha256,)).fetchone()
            if doc is None:
                cur = self.conn.execute(
                    "INSERT INTO documents (sha256, size, format, title, first_seen) VALUES (?,?,?,?,?)",
                    (blob.sha256, blob.size, fmt, title, at),
                )
                doc_id, new_doc = cur.lastrowid, True
            else:
                doc_id, new_doc = doc["id"], False
            current = self.current_location(path)
            if current is not None and current["document_id"] == doc_id:
                self.touch_location(current["id"], size, mtime_ns)
                action = "touched"
            else:
                if current is not None:
                    self.conn.execute("UPDATE locations SET superseded_at=? WHERE id=?", (at, current["id"]))
                self.conn.execute(
                    "INSERT INTO locations (path, department, document_id, size, mtime_ns, first_seen, last_seen)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (path, department, doc_id, size, mtime_ns, at, at),
                )
                if not new_doc:  # a new document is inserted marked for indexing
                    self.conn.execute("UPDATE documents SET index_dirty=1 WHERE id=?", (doc_id,))
                if current is not None:
                    self.conn.execute("UPDATE documents SET index_dirty=1 WHERE id=?", (current["document_id"],))
                action = "version" if current is not None else ("new" if new_doc else "duplicate")
            self.log(path, action, doc_id)
            self.resolve_errors(path)
        status = "pending" if new_doc else doc["status"]
        return Recorded(doc_id, action, needs_extraction=status == "pending")

    def mark_removed(self, path: str) -> int | None:
        """The file left the share: keep the document, close its location."""
        with self.transaction():
            current = self.current_location(path)
            if current is None:
                return None
            self.conn.execute("UPDATE locations SET removed_at=? WHERE id=?", (now(), current["id"]))
            self.conn.execute("UPDATE documents SET index_dirty=1 WHERE id=?", (current["document_id"],))
            self.log(path, "removed", current["document_id"])
            return current["document_id"]

    def locations(self, document_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM locations WHERE document_id=? ORDER BY (removed_at IS NOT NULL), "
            "(superseded_at IS NOT NULL), first_seen, id",
            (document_id,),
        ).fetchall()

    def path_history(self, path: str) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM locations WHERE path=? ORDER BY id", (path,)).fetchall()

    # -- extraction results ----------------------------------------------------------------

    def save_extraction(self, document_id: int, pages: list[PageText], ocr: bool, fmt: str | None = None,
                        title: str | None = None, revisions: bool | None = None,
                        content_title: str | None = None) -> None:
        """The extracted text; `title` (the heading the extractor found) replaces the stored one
        when given, `revisions` (unaccepted tracked changes) when not None; `content_title` is the
        title shown to people (first heading lines or meaningful metadata), kept apart from the
        title tagging reads."""
        chars = sum(len(p.text) for p in pages)
        with self.transaction():
            self.conn.execute("DELETE FROM pages WHERE document_id=?", (document_id,))
            self.conn.executemany(
                "INSERT INTO pages (document_id, page_no, text, raw_text, ocr, lines, layout) VALUES (?,?,?,?,?,?,?)",
                [(document_id, p.number, p.text, p.raw, int(p.ocr), _json_or_null(p.lines), _json_or_null(p.layout))
                 for p in pages],
            )
            self.conn.execute(  # a None title, revisions or content_title keeps the stored value
                "UPDATE documents SET status='indexed', error=NULL, error_code=NULL, ocr=?, pages=?, chars=?,"
                " format=COALESCE(?, format), extracted_at=?, attempts=attempts+1, index_dirty=1,"
                " title=COALESCE(?, title), revisions=COALESCE(?, revisions), content_title=COALESCE(?, content_title)"
                " WHERE id=?",
                (int(ocr), len(pages), chars, fmt, now(), title, None if revisions is None else int(revisions),
                 content_title, document_id),
            )

    def save_failure(self, document_id: int, path: str, code: str, message: str, fmt: str | None = None) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM pages WHERE document_id=?", (document_id,))
            self.conn.execute(
                "UPDATE documents SET status='failed', error=?, error_code=?, pages=0, chars=0,"
                " format=COALESCE(?, format), extracted_at=?, attempts=attempts+1, index_dirty=1 WHERE id=?",
                (message, code, fmt, now(), document_id),
            )
            self.record_error(path, "extract", code, message, document_id)

    def reset_for_extraction(self, document_ids: Iterable[int]) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE documents SET status='pending' WHERE id=?", [(i,) for i in document_ids]
            )

    def pending_documents(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            f"SELECT d.*, {_ONE_PATH} FROM documents d WHERE status='pending' ORDER BY id"
        ).fetchall()

    def pending_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents WHERE status='pending'").fetchone()[0]

    def extracted_since(self, since: str) -> list[sqlite3.Row]:
        """Documents read (indexed or failed) since a time stamp, newest first, with one path each."""
        return self.conn.execute(
            f"SELECT d.id, d.status, d.error, d.extracted_at, {_ONE_PATH}"
            " FROM documents d WHERE d.status != 'pending' AND d.extracted_at >= ?"
            " ORDER BY d.extracted_at DESC, d.id DESC", (since,)).fetchall()

    def content_title(self, document_id: int) -> str | None:
        row = self.conn.execute("SELECT content_title FROM documents WHERE id=?", (document_id,)).fetchone()
        return row["content_title"] if row else None

    def pages(self, document_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT page_no, text, raw_text, ocr, lines, layout FROM pages WHERE document_id=? ORDER BY page_no",
            (document_id,)
        ).fetchall()

    def save_tags(self, document_id: int, tagging) -> None:
        """Replace rule tags (manual decisions live in tag_overrides and are untouched)."""
        at = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE documents SET doc_type=?, years=?, issue_date=?, doc_number=?, project=?, draft=?, meta=?,"
                " weak=?, index_dirty=1 WHERE id=?",
                (tagging.doc_type, json.dumps(tagging.years), tagging.issue_date, tagging.doc_number,
                 tagging.project, tagging.draft, tagging.meta, tagging.weak, document_id),
            )
            self.conn.execute("DELETE FROM tags WHERE document_id=? AND source='rule'", (document_id,))
            self.conn.executemany(
                "INSERT INTO tags (document_id, item_id, source, score, reasons, deliverables, in_window, at)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(document_id, t.item_id, "rule", t.score, json.dumps(t.reasons, ensure_ascii=False),
                  json.dumps(list(t.deliverables), ensure_ascii=False), int(t.in_window), at)
                 for t in tagging.items],
            )
            if self._history_columns is None:
                self._history_columns = history_columns(self.conn)
            record_tagging(self.conn, document_id, at, self._history_columns)

    # -- documents -------------------------------------------------------------------------

    def document(self, document_id: int) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (document_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {document_id}")
        return row

    def documents(self, department: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM documents"
        args: tuple = ()
        if department:
            sql += " WHERE id IN (SELECT document_id FROM locations WHERE department=?)"
            args = (department,)
        return self.conn.execute(sql + " ORDER BY id", args).fetchall()

    def document_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def dirty_document_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents WHERE index_dirty=1 ORDER BY id")]

    def dirty_settled_ids(self, limit: int) -> list[int]:
        """The first `limit` documents to (re)index: changed, and not waiting for extraction."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE index_dirty=1 AND status!='pending' ORDER BY id LIMIT ?", (limit,))]

    def mark_indexed(self, document_ids: Iterable[int]) -> None:
        with self.transaction():
            self.conn.executemany("UPDATE documents SET index_dirty=0 WHERE id=?", [(i,) for i in document_ids])

    def mark_dirty(self, document_ids: Iterable[int] | None = None) -> None:
        with self.transaction():
            if document_ids is None:
                self.conn.execute("UPDATE documents SET index_dirty=1")
            else:
                self.conn.executemany("UPDATE documents SET index_dirty=1 WHERE id=?", [(i,) for i in document_ids])

    # -- tags ------------------------------------------------------------------------------

    def tags(self, document_id: int) -> list[dict]:
        """Effective tags: rule tags not removed by hand, plus manual additions."""
        overrides = {
            r["item_id"]: r
            for r in self.conn.execute("SELECT * FROM tag_overrides WHERE document_id=?", (document_id,))
        }
        rows = {r["item_id"]: r for r in self.conn.execute(
            "SELECT * FROM tags WHERE document_id=? AND source='rule' ORDER BY item_id", (document_id,))}
        kept, added = _effective_items(list(rows), {i: ov["action"] for i, ov in overrides.items()})
        result = [{"item": item_id, "source": "rule", "score": row["score"], "reasons": json.loads(row["reasons"]),
                   "deliverables": json.loads(row["deliverables"] or "[]"),
                   "in_window": None if row["in_window"] is None else bool(row["in_window"])}
                  for item_id in kept for row in [rows[item_id]]]
        for item_id in added:
            ov = overrides[item_id]
            reason = f"人工标注（{ov['actor'] or '未知用户'}，{ov['at'][:10]}）"
            if ov["note"]:
                reason += f"：{ov['note']}"
            result.append({"item": item_id, "source": "manual", "score": None, "reasons": [reason],
                           "deliverables": [], "in_window": None})
        return sorted(result, key=lambda t: _item_sort_key(t["item"]))

    def items_of(self, document_id: int) -> list[str]:
        """The items of `tags(document_id)`, in its order, without reading the tags' reasons (the
        index asks this for every document it writes)."""
        overrides = {r["item_id"]: r["action"] for r in self.conn.execute(
            "SELECT item_id, action FROM tag_overrides WHERE document_id=?", (document_id,))}
        rule_items = [r["item_id"] for r in self.conn.execute(
            "SELECT item_id FROM tags WHERE document_id=? AND source='rule' ORDER BY item_id", (document_id,))]
        kept, added = _effective_items(rule_items, overrides)
        return sorted(kept + added, key=_item_sort_key)

    def set_override(self, document_id: int, item_id: str, action: str, actor: str | None, note: str | None = None) -> None:
        self.document(document_id)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO tag_overrides (document_id, item_id, action, actor, note, at) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(document_id, item_id) DO UPDATE SET action=excluded.action, actor=excluded.actor,"
                " note=excluded.note, at=excluded.at",
                (document_id, item_id, action, actor, note, now()),
            )
            record_override(self.conn, document_id, item_id)
            self.conn.execute("UPDATE documents SET index_dirty=1 WHERE id=?", (document_id,))

    # -- errors and history ----------------------------------------------------------------

    def record_error(self, path: str, stage: str, code: str, message: str, document_id: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO ingest_errors (at, path, document_id, stage, code, message) VALUES (?,?,?,?,?,?)",
            (now(), path, document_id, stage, code, message),
        )
        self.log(path, "failed", document_id, f"{code}: {message}")

    def resolve_errors(self, path: str) -> None:
        self.conn.execute(
            "UPDATE ingest_errors SET resolved_at=? WHERE path=? AND resolved_at IS NULL AND stage!='extract'",
            (now(), path),
        )

    def open_error_paths(self, code: str) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT path FROM ingest_errors WHERE code=? AND resolved_at IS NULL", (code,))}

    def open_errors(self) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM ingest_errors WHERE resolved_at IS NULL AND stage!='extract' ORDER BY id"
        ).fetchall()

    def log(self, path: str, action: str, document_id: int | None, detail: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO ingest_log (at, path, document_id, action, detail) VALUES (?,?,?,?,?)",
            (now(), path, document_id, action, detail),
        )

    def recent_activity(self, limit: int = 100) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()

    def failed_locations(self, department: str | None = None) -> list[sqlite3.Row]:
        """Each place in the share that holds failed bytes now, newest failure first."""
        return self.conn.execute(
            "SELECT d.id, d.error, d.error_code, d.extracted_at, l.path, l.department FROM documents d"
            " JOIN locations l ON l.document_id=d.id"
            " WHERE d.status='failed' AND l.removed_at IS NULL AND l.superseded_at IS NULL"
            + (" AND l.department=?" if department else "")
            + " ORDER BY d.extracted_at DESC, l.path", (department,) if department else ()).fetchall()

    def audit_entries(self, limit: int = 200) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,)).fetchall()

    def audit(self, actor: str | None, action: str, detail: dict | None = None) -> None:
        self.conn.execute(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?,?,?,?)",
            (now(), actor, action, json.dumps(detail or {}, ensure_ascii=False)),
        )


def record_of(config: Config) -> PostgresRecord | None:
    """Where the home's records live: None for the embedded SQLite file in `var/`."""
    if config.cluster_system_of_record != POSTGRESQL:
        return None
    return PostgresRecord(config.cluster_database_url, config.cluster_county)


def _json_or_null(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _effective_items(rule_items: list[str], actions: dict[str, str]) -> tuple[list[str], list[str]]:
    """What a reviewer's decisions leave of a document's rule tags (`actions`: item -> "add" or
    "remove"): the rule items not removed, and the items added by hand that no rule gave (sorted).
    `tags` and `items_of` both read the effective tags through this one rule."""
    kept = [item for item in rule_items if actions.get(item) != "remove"]
    have = set(kept)
    return kept, [item for item, action in sorted(actions.items()) if action == "add" and item not in have]


def _item_sort_key(item_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in item_id.split("."))


class _Tx:
    """BEGIN IMMEDIATE … COMMIT; nested use joins the outer transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.conn.in_transaction
        if self.outer:
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.outer:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")

