"""The archive's data-access seam: the same SQL on SQLite (embedded, the default) or PostgreSQL
(`[cluster] system_of_record = "postgresql"`).

The archive's modules speak sqlite3's dialect and API: `?` placeholders, rows addressable by
column name and index, `lastrowid`, `BEGIN IMMEDIATE`. On SQLite the connection *is* a
`sqlite3.Connection`, untouched, so the embedded default behaves as it always did. On
PostgreSQL `PgConnection` offers that same surface over psycopg 3 and rewrites, once per
statement text (cached), the few things the two engines spell differently:

- placeholders: `?` and `:name` become psycopg's `%s` and `%(name)s` (a literal `%` is doubled);
- `main.` (the archive's own tables, next to the TEMP tables `archive.as_of` shadows them with)
  becomes the county's schema, `temp.` becomes `pg_temp.`;
- `BEGIN IMMEDIATE` (SQLite: take the write lock now) becomes `BEGIN` plus a transaction-scoped
  advisory lock, so writers are serialised exactly as on SQLite;
- an INSERT into a table with an integer `id` gets `RETURNING id`, which is `lastrowid`.

Everything else the archive writes is SQL both engines accept (`ON CONFLICT … DO …`, `count(*)`,
`LIMIT ?`, `IS NULL` ordering). What cannot be one text — a table's columns (`PRAGMA
table_info`) and reading JSON stored in TEXT (`json_extract`, `json_each`) — is a function here
that returns each engine's own spelling. The schema itself is translated in `archive.db`.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping, Sequence

from archive.errors import ArchiveError

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
RECORD_ENGINES = (SQLITE, POSTGRESQL)


@dataclass(frozen=True)
class PostgresRecord:
    """Where a home's records live on PostgreSQL: the server and the county's own schema in it.
    A schema per county keeps two counties' homes on one database from ever sharing a table."""

    url: str
    schema: str

    @property
    def schema_ident(self) -> str:
        return quote_ident(self.schema)

    @property
    def lock_key(self) -> int:
        """The advisory lock `BEGIN IMMEDIATE` takes: one writer per county at a time."""
        return int.from_bytes(hashlib.sha1(f"evidence-record:{self.schema}".encode()).digest()[:8], "big",
                              signed=True)


class RecordUnavailable(ArchiveError):
    """The system of record's PostgreSQL cannot be reached (exit code 4, like a full disk)."""


def safe_url(url: str) -> str:
    """The URL as shown in messages: without its password."""
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dialect(conn) -> str:
    return getattr(conn, "dialect", SQLITE)


def transient_errors() -> tuple[type[BaseException], ...]:
    """Database errors worth retrying (busy, connection lost): SQLite's, and psycopg's when
    it is installed. Imported only by callers that retry (the cluster worker)."""
    errors: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
    try:
        import psycopg
    except ImportError:
        return errors
    return (*errors, psycopg.OperationalError)


# -- what cannot be one text --------------------------------------------------------------------

def columns(conn, table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of one of the archive's own tables, in table order; the
    archive reads these instead of hard-coding them so a column added by a migration counts."""
    if dialect(conn) == SQLITE:
        return [(r["name"], r["type"]) for r in conn.execute(f"PRAGMA main.table_info({table})")]
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        " ORDER BY ordinal_position", (conn.record.schema, table))]


def json_field(conn, document: str, key: str, sql_type: str) -> str:
    """The SQL of one key of a JSON object stored as text, typed like the column it came from."""
    if dialect(conn) == SQLITE:
        return f"json_extract({document}, '$.\"{key}\"')"
    cast = f"::{sql_type}" + (' COLLATE "C"' if sql_type == "text" else "")
    return f"(({document})::jsonb ->> '{key}'){cast}"


def json_elements(conn, array: str, alias: str) -> str:
    """A FROM item yielding each element of a JSON array stored as text, as `<alias>.value`."""
    if dialect(conn) == SQLITE:
        return f"json_each({array}) {alias}"
    return f"jsonb_array_elements(({array})::jsonb) AS {alias}(value)"


# -- PostgreSQL behind sqlite3's surface ------------------------------------------------------

class Row:
    """A result row like `sqlite3.Row`: by index, by column name (the first column of that
    name), `keys()`, and so `dict(row)`."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._index[key]]
            except KeyError:
                raise IndexError(f"No item with that key: {key}") from None
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self._values == other._values and self._index == other._index

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values))!r})"


def _row_factory(cursor):
    index: dict[str, int] = {}
    for number, column in enumerate(cursor.description or ()):
        index.setdefault(column.name, number)
    return lambda values: Row(values, index)


class PgCursor:
    """What the archive reads of a sqlite3 cursor: rows, `rowcount`, `lastrowid`."""

    def __init__(self, cursor, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.rowcount: int = cursor.rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone() if self._cursor.description is not None else None

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall() if self._cursor.description is not None else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg 3 connection with the part of sqlite3's API the archive uses. Autocommit, like
    the archive's SQLite connection (`isolation_level=None`): a statement outside BEGIN … COMMIT
    commits by itself."""

    dialect = POSTGRESQL

    def __init__(self, conn, record: PostgresRecord) -> None:
        self._conn = conn
        self.record = record
        self._id_tables: frozenset[str] | None = None

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> PgCursor:
        if sql.strip().upper() == "BEGIN IMMEDIATE":
            self._conn.execute("BEGIN")
            try:
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.record.lock_key,))
            except BaseException:  # lock_timeout: leave no aborted transaction behind, as SQLite's BUSY
                self._conn.execute("ROLLBACK")
                raise
            return PgCursor(self._conn.cursor())
        text = translate(sql, self.record.schema_ident, _style(params))
        table = _inserted_table(text)
        returning = table is not None and table in self.id_tables() and " RETURNING " not in text.upper()
        cursor = self._conn.execute(text + " RETURNING id" if returning else text, _bound(params))
        lastrowid = None
        if returning:
            ids = cursor.fetchall()
            lastrowid = ids[-1][0] if ids else None
        return PgCursor(cursor, lastrowid)

    def executemany(self, sql: str, seq_of_params: Iterable[Sequence[Any]]) -> PgCursor:
        rows = list(seq_of_params)
        cursor = self._conn.cursor()
        if rows:
            cursor.executemany(translate(sql, self.record.schema_ident, _style(rows[0])), rows)
        return PgCursor(cursor)

    def id_tables(self) -> frozenset[str]:
        """The county's tables whose `id` the database assigns (an identity column): an INSERT
        into one returns it. Read once the schema is migrated; migrations add no such table later."""
        if self._id_tables is None:
            rows = self._conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = %s AND column_name = 'id'"
                " AND is_identity = 'YES'", (self.record.schema,)).fetchall()
            self._id_tables = frozenset(r[0] for r in rows)
        return self._id_tables

    def forget_schema(self) -> None:
        """Tables changed (a migration ran): read `id_tables` again."""
        self._id_tables = None

    def close(self) -> None:
        self._conn.close()


def connect_postgres(record: PostgresRecord) -> PgConnection:
    """Open the county's schema (created on first use) with the search path set to it, so the
    archive's unqualified table names are the county's own and TEMP tables still come first."""
    import psycopg

    try:
        conn = psycopg.connect(record.url, autocommit=True, row_factory=_row_factory, prepare_threshold=None)
    except psycopg.OperationalError as exc:
        raise RecordUnavailable(f"无法连接档案数据库 {safe_url(record.url)}：{str(exc).strip()[:200]}") from exc
    try:
        conn.execute("SET lock_timeout = '60s'")  # SQLite's busy timeout: a writer waits, then fails
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (record.schema,)).fetchone() is None:
            with conn.transaction():  # only the first opening creates (and needs the right to)
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (record.lock_key,))
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {record.schema_ident}")
        conn.execute(f"SET search_path TO {record.schema_ident}")
    except BaseException:
        conn.close()
        raise
    return PgConnection(conn, record)


def _style(params) -> str:
    if params is None:
        return "none"
    return "named" if isinstance(params, Mapping) else "qmark"


def _bound(params):
    if params is None or isinstance(params, Mapping):
        return params
    return tuple(params)


_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(?:[\w\"]+\.)?(\w+)", re.IGNORECASE)


def _inserted_table(sql: str) -> str | None:
    match = _INSERT.match(sql)
    return match.group(1) if match else None


_QUALIFIER = re.compile(r"(?<![\w.\"])(main|temp)\.(?=[A-Za-z_])")
_TEMP_INDEX = re.compile(r"CREATE INDEX pg_temp\.", re.IGNORECASE)
_NAMED = re.compile(r"(?<!:):([A-Za-z_]\w*)")


@lru_cache(maxsize=2048)
def translate(sql: str, schema_ident: str, style: str = "qmark") -> str:
    """One statement from the archive's SQLite spelling to PostgreSQL's (see the module's
    docstring); quoted strings and identifiers are left as they are."""
    out = []
    for quoted, piece in _pieces(sql):
        if not quoted:
            piece = _QUALIFIER.sub(lambda m: f"{schema_ident}." if m.group(1) == "main" else "pg_temp.", piece)
            if style != "none":
                piece = piece.replace("%", "%%")
            if style == "qmark":
                piece = piece.replace("?", "%s")
            elif style == "named":
                piece = _NAMED.sub(r"%(\1)s", piece)
        elif style != "none":
            piece = piece.replace("%", "%%")
        out.append(piece)
    return _TEMP_INDEX.sub("CREATE INDEX ", "".join(out))  # an index lives beside its (temp) table


def _pieces(sql: str) -> Iterator[tuple[bool, str]]:
    """The statement cut into (quoted?, text) pieces: '…' strings and "…" identifiers apart."""
    start, i, n = 0, 0, len(sql)
    while i < n:
        quote = sql[i]
        if quote in "'\"":
            if i > start:
                yield False, sql[start:i]
            j = i + 1
            while j < n:
                if sql[j] == quote:
                    if j + 1 < n and sql[j + 1] == quote:
                        j += 2
                        continue
                    break
                j += 1
            yield True, sql[i:j + 1]
            start = i = j + 1
        else:
            i += 1
    if start < n:
        yield False, sql[start:]
