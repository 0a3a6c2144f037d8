"""Moving an embedded home's records into PostgreSQL (`evidence migrate --to postgresql://…`).

Every table of `var/archive.sqlite3` is copied row for row into the county's schema, ids kept
(the identity columns take explicit values) and each id sequence advanced past the largest id,
so the next document, review or finding gets the number SQLite would have given it. The copy is
one PostgreSQL transaction, read under SQLite's write lock: nothing is half-copied, and no write
to the embedded archive can slip in between the copy and the check. The check then counts every
table on both sides and reads every blob the records name, comparing its sha256. Blobs are not
moved: they stay in the home's blob store, which a cluster mounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.db import connect_record
from archive.errors import ArchiveError
from archive.sql import PgConnection, PostgresRecord, columns
from archive.store import Archive

BATCH = 500  # rows per executemany: pages hold whole texts


class MigrationRefused(ArchiveError):
    """The target already holds records (a second run would mix two archives)."""


@dataclass
class MigrationReport:
    schema: str
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (SQLite rows, PostgreSQL rows)
    sequences: dict[str, int] = field(default_factory=dict)  # table: the next id it will hand out
    blobs_checked: int = 0
    blobs_bad: list[str] = field(default_factory=list)  # sha256 of blobs missing or not matching

    @property
    def ok(self) -> bool:
        return not self.blobs_bad and all(a == b for a, b in self.tables.values())

    def as_json(self) -> dict:
        return {"ok": self.ok, "schema": self.schema,
                "tables": {t: {"sqlite": a, "postgresql": b} for t, (a, b) in self.tables.items()},
                "next_ids": self.sequences, "blobs_checked": self.blobs_checked, "blobs_bad": self.blobs_bad}


def record_tables(archive: Archive) -> list[str]:
    """The archive's tables in the order they were created, so a table comes after the tables
    its foreign keys name."""
    return [r[0] for r in archive.conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'migrations'"
        " ORDER BY rowid")]


def migrate_to_postgres(source: Archive, record: PostgresRecord) -> MigrationReport:
    """Copy, then check; the report says what was found on both sides."""
    target = connect_record(record)
    try:
        tables = record_tables(source)
        with source.transaction():  # SQLite's write lock: the copy is of one moment, and stays it
            _refuse_non_empty(target, tables)
            report = MigrationReport(record.schema)
            target.execute("BEGIN IMMEDIATE")
            try:
                for table in tables:
                    _copy_table(source, target, table)
                for table in sorted(target.id_tables()):
                    report.sequences[table] = _advance_sequence(target, record, table)
                target.execute("COMMIT")
            except BaseException:
                target.execute("ROLLBACK")
                raise
            for table in tables:
                report.tables[table] = (_count(source.conn, table), _count(target, table))
        for (sha256,) in target.execute("SELECT sha256 FROM documents ORDER BY id"):
            report.blobs_checked += 1
            if not source.blobs.verify(sha256):
                report.blobs_bad.append(sha256)
        return report
    finally:
        target.close()


def _refuse_non_empty(target: PgConnection, tables: list[str]) -> None:
    missing = sorted(set(tables) - {name for (name,) in target.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", (target.record.schema,))})
    if missing:
        raise MigrationRefused(f"PostgreSQL 中缺少表：{'、'.join(missing)}（两边的数据库结构版本不同）")
    filled = [t for t in tables if target.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]
    if filled:
        raise MigrationRefused(f"目标 schema「{target.record.schema}」中已有档案记录（{'、'.join(filled)}），"
                               "不会与本目录的记录混在一起；请换一个空数据库或县名")


def _copy_table(source: Archive, target: PgConnection, table: str) -> None:
    names = [name for name, _ in columns(source.conn, table)]
    listed = ", ".join(names)
    insert = f"INSERT INTO {table} ({listed}) VALUES ({', '.join('?' for _ in names)})"
    rows = source.conn.execute(f"SELECT {listed} FROM {table} ORDER BY rowid")
    while batch := rows.fetchmany(BATCH):
        target.executemany(insert, [tuple(row) for row in batch])


def _advance_sequence(target: PgConnection, record: PostgresRecord, table: str) -> int:
    """Set the table's id sequence so its next id is one past the largest copied; returns it."""
    top = target.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    sequence = f"{record.schema_ident}.{table}"
    if top is not None:
        target.execute("SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", (sequence, top))
    return (top or 0) + 1


def _count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
