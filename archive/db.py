"""The catalog database: connection settings and named, recorded migrations.

WAL lets the web UI read while the indexer writes; a generous busy timeout makes a second
writer wait instead of failing.

The migrations are written in SQLite's dialect and are the one description of the schema: on
PostgreSQL (`archive.sql`) each statement goes through `postgres_ddl`, a handful of mechanical
rewrites (an `INTEGER PRIMARY KEY` becomes an identity column, types get PostgreSQL's widths,
text compares byte-wise like SQLite's, a SQLite trigger body becomes a trigger function), and
is recorded in the same `migrations` table.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from archive.sql import PgConnection, PostgresRecord, connect_postgres, dialect

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_core",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            format TEXT,
            title TEXT,
            status TEXT NOT NULL DEFAULT 'pending',      -- pending | indexed | failed
            error TEXT,
            error_code TEXT,
            ocr INTEGER NOT NULL DEFAULT 0,
            pages INTEGER NOT NULL DEFAULT 0,
            chars INTEGER NOT NULL DEFAULT 0,
            doc_type TEXT,
            years TEXT NOT NULL DEFAULT '[]',
            issue_date TEXT,
            doc_number TEXT,
            project TEXT,
            first_seen TEXT NOT NULL,
            extracted_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            index_dirty INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX documents_status ON documents(status);
        CREATE INDEX documents_dirty ON documents(index_dirty) WHERE index_dirty = 1;

        CREATE TABLE pages (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            page_no INTEGER NOT NULL,
            text TEXT NOT NULL,
            raw_text TEXT,
            ocr INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (document_id, page_no)
        );

        -- one row per (path, content) period: a path's versions are its rows in time order
        CREATE TABLE locations (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            department TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            superseded_at TEXT,
            removed_at TEXT
        );
        CREATE INDEX locations_path ON locations(path);
        CREATE INDEX locations_document ON locations(document_id);
        CREATE UNIQUE INDEX locations_current ON locations(path)
            WHERE superseded_at IS NULL AND removed_at IS NULL;

        CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            path TEXT NOT NULL,
            document_id INTEGER,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE INDEX ingest_errors_path ON ingest_errors(path);

        CREATE TABLE ingest_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            path TEXT NOT NULL,
            document_id INTEGER,
            action TEXT NOT NULL,
            detail TEXT
        );

        CREATE TABLE tags (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            item_id TEXT NOT NULL,
            source TEXT NOT NULL,                          -- rule | manual
            score REAL,
            reasons TEXT NOT NULL DEFAULT '[]',
            actor TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (document_id, item_id, source)
        );
        -- manual decisions survive re-ingest and reindex: 'add' or 'remove' wins over rules
        CREATE TABLE tag_overrides (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            item_id TEXT NOT NULL,
            action TEXT NOT NULL,
            actor TEXT,
            note TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (document_id, item_id)
        );

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            document_id INTEGER,
            action TEXT NOT NULL,                          -- verify | reject
            actor TEXT NOT NULL,
            note TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX reviews_item ON reviews(item_id);

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            department TEXT,
            created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            detail TEXT
        );
        """,
    ),
    (
        # Raised on log-out, disable and password change: a session cookie carries the epoch it
        # was issued under and is refused once they differ, so a copied cookie dies server-side.
        "0002_session_epoch",
        """
        ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
        """,
    ),
    (
        "0002_finality_and_deliverables",
        """
        ALTER TABLE documents ADD COLUMN draft TEXT;              -- why it is a draft; NULL: final
        ALTER TABLE documents ADD COLUMN meta TEXT;               -- why it is about the assessment itself
        ALTER TABLE documents ADD COLUMN revisions INTEGER NOT NULL DEFAULT 0;  -- Word tracked changes/comments
        ALTER TABLE tags ADD COLUMN deliverables TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE tags ADD COLUMN in_window INTEGER;            -- NULL: judge from the document's years
        """,
    ),
    (
        "0003_accountability",
        """
        -- what the tagger said, every time it said it: the checklist as of a past date reads these
        CREATE TABLE tag_history (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            at TEXT NOT NULL,
            document TEXT NOT NULL,                        -- the document's tagging columns (JSON object)
            tags TEXT NOT NULL                             -- its rule tags (JSON list of row objects)
        );
        CREATE INDEX tag_history_document ON tag_history(document_id, at);
        CREATE TABLE tag_override_history (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            item_id TEXT NOT NULL,
            action TEXT NOT NULL,
            actor TEXT,
            note TEXT,
            at TEXT NOT NULL
        );
        INSERT INTO tag_history (document_id, at, document, tags)
            SELECT d.id,
                   COALESCE((SELECT max(t.at) FROM tags t WHERE t.document_id=d.id AND t.source='rule'),
                            d.extracted_at, d.first_seen),
                   json_object('doc_type', d.doc_type, 'years', d.years, 'issue_date', d.issue_date,
                               'doc_number', d.doc_number, 'project', d.project, 'draft', d.draft, 'meta', d.meta),
                   (SELECT json_group_array(json_object('item_id', t.item_id, 'score', t.score,
                            'reasons', t.reasons, 'actor', t.actor, 'at', t.at, 'deliverables', t.deliverables,
                            'in_window', t.in_window))
                    FROM tags t WHERE t.document_id=d.id AND t.source='rule')
            FROM documents d WHERE d.status != 'pending';
        INSERT INTO tag_override_history (document_id, item_id, action, actor, note, at)
            SELECT document_id, item_id, action, actor, note, at FROM tag_overrides;

        -- the checklist as it stood at a phase deadline, frozen once and never rewritten
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            phase_id TEXT NOT NULL UNIQUE,
            as_of TEXT NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TRIGGER snapshots_frozen_update BEFORE UPDATE ON snapshots
            BEGIN SELECT RAISE(ABORT, 'snapshots are frozen'); END;
        CREATE TRIGGER snapshots_frozen_delete BEFORE DELETE ON snapshots
            BEGIN SELECT RAISE(ABORT, 'snapshots are frozen'); END;

        -- who answers for a department (item_id '') or one duty, as set in the web UI
        CREATE TABLE responsibilities (
            department TEXT NOT NULL,
            item_id TEXT NOT NULL DEFAULT '',
            leader TEXT,
            owner TEXT,
            contact TEXT,
            phone TEXT,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (department, item_id)
        );

        -- the inspection team's findings and the rectification of each
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            document_id INTEGER,
            department TEXT NOT NULL,
            finding TEXT NOT NULL,
            due_date TEXT NOT NULL,
            status TEXT NOT NULL,                          -- open | answered | closed
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX findings_department ON findings(department, status);
        CREATE TABLE finding_events (
            id INTEGER PRIMARY KEY,
            finding_id INTEGER NOT NULL REFERENCES findings(id),
            action TEXT NOT NULL,                          -- open | answer | close | reopen
            actor TEXT NOT NULL,
            note TEXT,
            document_id INTEGER,
            at TEXT NOT NULL
        );
        CREATE INDEX finding_events_finding ON finding_events(finding_id);
        """,
    ),
    (
        "0005_tag_suggestions",
        """
        -- tags suggested from reviewers' corrections; a person accepts or declines, nothing is applied silently
        CREATE TABLE tag_suggestions (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            item_id TEXT NOT NULL,
            score REAL NOT NULL,
            example_id INTEGER NOT NULL,                   -- the corrected document it resembles
            state TEXT NOT NULL DEFAULT 'open',            -- open | accepted | declined
            actor TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (document_id, item_id)
        );
        """,
    ),
    (
        "0003_seals_and_indicators",
        """
        ALTER TABLE documents ADD COLUMN seal INTEGER;            -- 1 sealed, 0 no seal, NULL not judged
        ALTER TABLE documents ADD COLUMN seals TEXT NOT NULL DEFAULT '[]';   -- [{page, x, y, diameter, ...}]
        ALTER TABLE documents ADD COLUMN issuer TEXT;             -- the department its 落款 names
        ALTER TABLE documents ADD COLUMN issuer_note TEXT;        -- why the issuer does not match the folder

        -- figures a document reports, in the catalog's unit: the cross-department checks read these
        CREATE TABLE indicator_values (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            indicator TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT NOT NULL,
            raw TEXT NOT NULL,                                 -- as written, with its unit
            year INTEGER,
            page INTEGER,
            context TEXT
        );
        CREATE INDEX indicator_values_document ON indicator_values(document_id);
        CREATE INDEX indicator_values_indicator ON indicator_values(indicator);
        """,
    ),
    (
        "0002_page_lines",
        """
        -- OCR pages: each recognised line's text, box and confidence (JSON list), and the upright
        -- page those boxes are on: engine, width, height, turn, skew, confidence (JSON object)
        ALTER TABLE pages ADD COLUMN lines TEXT;
        ALTER TABLE pages ADD COLUMN layout TEXT
        """,
    ),
    (
        "0003_department_assignments",
        """
        -- a file outside every department folder, given a department by an admin; kept for the
        -- path's later versions
        CREATE TABLE department_assignments (
            path TEXT PRIMARY KEY,
            department TEXT NOT NULL,
            actor TEXT,
            at TEXT NOT NULL
        )
        """,
    ),
    (
        "0004_content_title",
        """
        -- the title read from the content (first-page heading, meaningful metadata), for people;
        -- `title` stays what tagging and search read
        ALTER TABLE documents ADD COLUMN content_title TEXT
        """,
    ),
    (
        "0005_weak_evidence",
        """
        -- why a tagged document is not a formal paper (a news report): shown with its tags, and a
        -- duty whose only material is such documents stays partial
        ALTER TABLE documents ADD COLUMN weak TEXT
        """,
    ),
]


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=60000")
    migrate(conn)
    return conn


def connect_record(record: PostgresRecord) -> PgConnection:
    """The county's schema on PostgreSQL, migrated like a SQLite file."""
    conn = connect_postgres(record)
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"


def migrate(conn: sqlite3.Connection | PgConnection) -> list[str]:
    on_postgres = dialect(conn) != "sqlite"
    if not on_postgres:
        conn.execute(MIGRATIONS_TABLE)
    elif conn.execute("SELECT to_regclass('migrations')").fetchone()[0] is None:
        conn.execute("BEGIN IMMEDIATE")  # two first openings at once: one creates the table, the other waits
        conn.execute(postgres_ddl(MIGRATIONS_TABLE)[0])
        conn.execute("COMMIT")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                for translated in postgres_ddl(statement) if on_postgres else [statement]:
                    conn.execute(translated)
            applied_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")  # SQLite's datetime('now')
            conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, applied_at))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    if applied and on_postgres:
        conn.forget_schema()
    return applied


def _statements(sql: str) -> list[str]:
    """Split on `;`, except inside a trigger's BEGIN … END body."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    out: list[str] = []
    pending = ""
    for piece in "\n".join(lines).split(";"):
        pending = f"{pending};{piece}" if pending else piece
        text = pending.strip()
        if text.upper().startswith("CREATE TRIGGER") and not text.upper().endswith("END"):
            continue
        if text:
            out.append(text)
        pending = ""
    return out


_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) BEFORE (INSERT|UPDATE|DELETE) ON (\w+)\s+"
                      r"BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END", re.IGNORECASE)
_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),  # SQLite's integers are 64-bit: mtime_ns needs it
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),  # SQLite's REAL is an 8-byte float
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),  # ORDER BY and < compare bytes, as SQLite's BINARY
    (re.compile(r"\bjson_object\("), "json_build_object("),
    (re.compile(r"\bjson_group_array\("), "json_agg("),
]


def postgres_ddl(statement: str) -> list[str]:
    """One migration statement as PostgreSQL statements. Only the forms the migrations use are
    known; a trigger of another form is refused rather than guessed at."""
    trigger = _TRIGGER.fullmatch(" ".join(statement.split()))
    if trigger is not None:
        name, event, table, message = trigger.groups()
        return [f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$BEGIN RAISE EXCEPTION '{message}'; END$$",
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"]
    if statement.upper().startswith("CREATE TRIGGER"):
        raise ValueError(f"no PostgreSQL form for this trigger: {statement[:80]}")
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return [statement]
