"""SQLite catalog database: connection settings and named, recorded migrations.

WAL lets the web UI read while the indexer writes; a generous busy timeout makes a second
writer wait instead of failing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
        "0002_page_lines",
        """
        -- OCR pages: each recognised line's text, box and confidence (JSON list), and the upright
        -- page those boxes are on: engine, width, height, turn, skew, confidence (JSON object)
        ALTER TABLE pages ADD COLUMN lines TEXT;
        ALTER TABLE pages ADD COLUMN layout TEXT
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


def migrate(conn: sqlite3.Connection) -> list[str]:
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
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
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
