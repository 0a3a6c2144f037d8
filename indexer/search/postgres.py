"""The search index on PostgreSQL, for a cluster: every web node sees one index, and many
counties share it. Same interface, same tokens, same query semantics as the tantivy engine
(index.py): the tokens of analysis.py are stored as `tsvector` lexemes at their own positions,
and a query term is a tsquery phrase (`a <1> b <1> c`) over the same query tokens, served by a
GIN index on (county, tsv).

Why chunks: a tsvector keeps at most 256 positions per lexeme and positions up to 16,383, and
silently drops the rest, which would lose phrase matches in long or repetitive documents. So
each field's token stream is cut into chunks of at most CHUNK positions, cut earlier where a
token would reach 256 occurrences, and consecutive chunks overlap by OVERLAP positions: every
phrase of at most OVERLAP + 1 tokens lies whole inside one chunk. A longer term (a pasted
sentence) is looked up by its pieces and confirmed on the stored text by the highlighter's own
matcher (analysis.find_matches), which finds exactly what the index finds.

Every row carries its county; `search` answers for the county the index was opened for, and only
`search_across`, asked by name, reads several. The chunks are partitioned by county, each county
with its own GIN index: a common bigram's postings in one county are not read through every
other county's (a GIN on (county, tsv) was measured to lose to the primary key's county range,
which then rechecks every chunk of the county).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from archive.sql import safe_url
from indexer.search.analysis import Tokens, find_matches, index_tokens, lone_character, query_tokens
from indexer.search.index import FACETS, FIELDS, Footprint, IndexDoc, IndexUnavailable, SearchResult
from indexer.search.query import QueryTerm, parse_query

CHUNK = 4096        # positions per chunk
OVERLAP = 128       # positions shared by consecutive chunks
MAX_POSITIONS = 255  # per lexeme per chunk (PostgreSQL keeps 256)
MAX_LEXEME = 100     # bytes; a longer word (a hash, a blob of digits) is stored as its digest
FORMAT = "evidence-search-2"  # 2: traditional characters fold to simplified in the tokens
BM25_K1, BM25_B = 1.2, 0.75  # tantivy's
FIELD_IDS = {name: n for n, name in enumerate(FIELDS)}  # title 0, content 1
WORK_MEM = "32MB"    # per search statement (PostgreSQL's default, 4 MB, spills a large county's sorts to disk)
COLUMNS = {"department": "departments", "items": "items", "doc_type": "doc_type", "years": "years"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS search_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS search_documents (
    county text NOT NULL,
    doc_id bigint NOT NULL,
    title text NOT NULL,
    content text NOT NULL,
    departments text[] NOT NULL,
    items text[] NOT NULL,
    doc_type text,
    years text[] NOT NULL,
    status text NOT NULL,
    title_tokens integer,
    content_tokens integer,
    PRIMARY KEY (county, doc_id)
);
CREATE TABLE IF NOT EXISTS search_chunks (
    county text NOT NULL,
    doc_id bigint NOT NULL,
    field smallint NOT NULL,
    chunk integer NOT NULL,
    tsv tsvector COMPRESSION lz4 NOT NULL,
    fresh integer NOT NULL DEFAULT 1,
    PRIMARY KEY (county, doc_id, field, chunk),
    FOREIGN KEY (county, doc_id) REFERENCES search_documents ON DELETE CASCADE
) PARTITION BY LIST (county);
CREATE INDEX IF NOT EXISTS search_chunks_tsv ON search_chunks USING gin (tsv);
"""
# Tantivy's document length as its BM25 reads it: exact below 40, then only the top four bits of
# (n - 24) kept (Lucene's small-float scheme), so PostgreSQL ranks related results alike.
FIELDNORM = """
CREATE OR REPLACE FUNCTION evidence_fieldnorm(n integer) RETURNS integer IMMUTABLE LANGUAGE sql AS $$
    SELECT CASE WHEN n < 40 THEN n
        ELSE 24 + (((n - 24) >> (length(ltrim((n - 24)::bit(32)::text, '0')) - 4))
                      << (length(ltrim((n - 24)::bit(32)::text, '0')) - 4)) END
$$;
"""
# The lengths and `fresh` came with BM25 for related(): tables made before them get the columns
# (once, when missing: ALTER TABLE locks out readers), and their rows (NULL lengths, `fresh` 1)
# are ranked as of the average length until `evidence reindex` rewrites them.
UPGRADE = """
ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS title_tokens integer,
    ADD COLUMN IF NOT EXISTS content_tokens integer;
ALTER TABLE search_chunks ADD COLUMN IF NOT EXISTS fresh integer NOT NULL DEFAULT 1;
"""


def lexeme(token: str) -> str:
    """A token as a tsvector lexeme: itself, or its digest when too long for one."""
    if len(token.encode()) <= MAX_LEXEME:
        return token
    return "#" + hashlib.sha1(token.encode()).hexdigest()


def _quoted(token: str) -> str:
    return "'" + lexeme(token).replace("\\", "\\\\").replace("'", "''") + "'"


def chunks(text: str) -> list[str]:
    """The text's tokens as tsvector literals, one per chunk (positions from 1 in each)."""
    return [literal for literal, _ in chunked(text)[0]]


def chunked(text: str) -> tuple[list[tuple[str, int]], int]:
    """The text's chunks, each with its first position not already in the chunk before (the
    overlap is counted once when occurrences are counted), and the text's number of tokens."""
    texts, positions = index_tokens(text)
    out: list[tuple[str, int]] = []
    i, n = 0, len(texts)
    stop = None  # the index the previous chunk stopped at
    while i < n:
        first = i
        counts: dict[str, int] = {}
        end = positions[i] + CHUNK
        while i < n and positions[i] < end:
            seen = counts.get(texts[i], 0)
            if seen >= MAX_POSITIONS:
                end = positions[i]
                break
            counts[texts[i]] = seen + 1
            i += 1
        base = positions[first]
        where: dict[str, list[int]] = {}
        for token, pos in zip(texts[first:i], positions[first:i]):
            where.setdefault(token, []).append(pos - base + 1)
        fresh = 1 if stop is None else max(1, positions[stop] - base + 1)
        out.append((" ".join(f"{_quoted(t)}:{','.join(map(str, p))}" for t, p in where.items()), fresh))
        if i >= n:
            break
        stop = i
        resume = max(end - OVERLAP, base + 1)
        i = first
        while positions[i] < resume:
            i += 1
    return out, n


def partition_name(county: str) -> str:
    return "search_chunks_" + hashlib.sha1(county.encode()).hexdigest()[:16]


def phrase(tokens: Tokens) -> str:
    """One query term as a tsquery: its tokens at their offsets, or a prefix for one character."""
    char = lone_character(tokens)
    if char is not None:
        return f"{_quoted(char)}:*"
    parts = [_quoted(tokens[0][0])]
    for (_, before), (token, offset) in zip(tokens, tokens[1:]):
        parts.append(f"<{offset - before}> {_quoted(token)}")
    return " ".join(parts)


def _lexemes(tokens: Tokens) -> str:
    """The tsquery of a term's tokens wherever they are: what the GIN index answers from its
    lexemes alone, without reading a chunk for positions (a phrase's superset)."""
    if lone_character(tokens) is not None:
        return phrase(tokens)
    return " & ".join(dict.fromkeys(_quoted(token) for token, _ in tokens))


def _pieces(tokens: Tokens) -> list[Tokens]:
    """A term wider than a chunk's overlap, as overlapping pieces that each fit in one chunk."""
    width = OVERLAP + 1
    return [tokens[k:k + width] for k in range(0, max(1, len(tokens) - 1), width - 1)]


def _long(tokens: Tokens) -> bool:
    return tokens[-1][1] - tokens[0][1] + 1 > OVERLAP + 1


@dataclass
class AcrossResult:
    """Hits of several counties: (county, id, score)."""

    total: int
    hits: list[tuple[str, int, float]]
    facets: dict[str, dict[str, int]]
    terms: list[QueryTerm]


class PostgresSearchIndex:
    """The SearchIndex interface on PostgreSQL, scoped to one county."""

    def __init__(self, url: str, county: str) -> None:
        self.url = url
        self.county = county
        self.directory = safe_url(url)  # what messages name, like the tantivy index's folder
        self._conn = None
        self._partition = False

    # -- lifecycle -------------------------------------------------------------------------

    def open(self, create: bool = True) -> "PostgresSearchIndex":
        """Connect; create the tables when `create` (readers do not). Raises IndexUnavailable when
        the server cannot be reached or holds no index (of this format)."""
        import psycopg

        try:
            # prepare_threshold=None: psycopg would prepare a statement run five times, and the
            # server then plans it once for any tsquery; a common bigram and a rare document
            # number need different plans (a generic one was measured 75 times slower).
            self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10, prepare_threshold=None)
            if create:
                with self._transaction() as conn:
                    conn.execute("SELECT pg_advisory_xact_lock(8675309)")  # one creator at a time
                    conn.execute(SCHEMA)
                    if conn.execute("SELECT to_regproc('evidence_fieldnorm') IS NULL").fetchone()[0]:
                        conn.execute(FIELDNORM)
                    if conn.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                                    "'search_chunks' AND column_name = 'fresh'").fetchone()[0] == 0:
                        conn.execute(UPGRADE)
                    conn.execute("INSERT INTO search_meta VALUES ('format', %s) ON CONFLICT DO NOTHING", (FORMAT,))
                    self._ensure_partition(conn)
            row = self._conn.execute("SELECT to_regclass('search_meta') IS NOT NULL").fetchone()
            stored = self._conn.execute("SELECT value FROM search_meta WHERE key = 'format'").fetchone() if row[0] else None
        except psycopg.Error as exc:
            raise IndexUnavailable(self.directory, "无法连接或读取", str(exc).strip()[:200]) from exc
        if stored is None:
            raise IndexUnavailable(self.directory, "不存在或为空")
        if stored[0] != FORMAT:
            raise IndexUnavailable(self.directory, "格式较旧")
        return self

    def _ensure_partition(self, conn) -> None:
        """The county's partition of the chunks (made by its first writer)."""
        from psycopg import sql

        name = partition_name(self.county)
        if conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is None:
            conn.execute("SELECT pg_advisory_xact_lock(8675309)")
            conn.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} PARTITION OF search_chunks FOR VALUES IN ({})").format(
                sql.Identifier(name), sql.Literal(self.county)))
        self._partition = True

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def set_aside_and_recreate(self) -> None:
        """Nothing is kept aside on a server: the tables are created if missing, and the writer
        refills the county's rows from the archive."""
        self.open(create=True)
        return None

    @property
    def conn(self):
        if self._conn is None or self._conn.closed:
            self.open(create=False)
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator:
        """One transaction: committed on success, rolled back on any error; a server error is
        reported as the index being unavailable, like a tantivy writer that cannot write."""
        import psycopg

        conn = self._conn if self._conn is not None else self.conn
        try:
            with conn.transaction():
                yield conn
        except psycopg.Error as exc:
            raise IndexUnavailable(self.directory, "无法写入", str(exc).strip()[:200]) from exc

    # -- writing ---------------------------------------------------------------------------

    def add(self, docs: Iterable[IndexDoc], replace: bool = True) -> int:
        """Add or replace documents in one transaction: readers see all of them or none."""
        with self._transaction() as conn:
            return self._insert(conn, docs, replace)

    def delete(self, ids: Iterable[int]) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM search_documents WHERE county = %s AND doc_id = ANY(%s)",
                         (self.county, list(ids)))

    def replace_all(self, docs: Iterable[IndexDoc]) -> int:
        """The county's documents replaced in one transaction (other counties untouched)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM search_documents WHERE county = %s", (self.county,))
            return self._insert(conn, docs, replace=False)

    def _insert(self, conn, docs: Iterable[IndexDoc], replace: bool) -> int:
        if not self._partition:
            self._ensure_partition(conn)
        count = 0
        batch: list[IndexDoc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= 200:
                count += self._copy(conn, batch, replace)
                batch = []
        return count + (self._copy(conn, batch, replace) if batch else 0)

    def _copy(self, conn, docs: list[IndexDoc], replace: bool) -> int:
        if replace:
            conn.execute("DELETE FROM search_documents WHERE county = %s AND doc_id = ANY(%s)",
                         (self.county, [d.id for d in docs]))
        with conn.cursor() as cur:
            pieces = {d.id: {name: chunked(text) for name, text in (("title", d.title), ("content", d.content))}
                      for d in docs}
            with cur.copy("COPY search_documents (county, doc_id, title, content, departments, items, doc_type, "
                          "years, status, title_tokens, content_tokens) FROM STDIN") as copy:
                for d in docs:
                    copy.write_row((self.county, d.id, d.title, d.content, list(d.departments), list(d.items),
                                    d.doc_type, [str(y) for y in d.years], d.status,
                                    pieces[d.id]["title"][1], pieces[d.id]["content"][1]))
            with cur.copy("COPY search_chunks (county, doc_id, field, chunk, tsv, fresh) FROM STDIN") as copy:
                for d in docs:
                    for name, (rows, _) in pieces[d.id].items():
                        for n, (tsv, fresh) in enumerate(rows):
                            copy.write_row((self.county, d.id, FIELD_IDS[name], n, tsv, fresh))
        return len(docs)

    def collect_garbage(self) -> None:
        """Dead rows are autovacuum's: nothing for a writer to collect."""

    def footprint(self) -> Footprint:
        """The tables' size on the server (every county's rows): the documents and every partition
        of the chunks, with their TOAST and indexes (a partitioned table itself holds nothing)."""
        row = self.conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM (SELECT 'search_documents'::regclass "
            "AS relid UNION ALL SELECT relid FROM pg_partition_tree('search_chunks')) t").fetchone()
        return Footprint(int(row[0]), int(row[0]), [])

    # -- reading ---------------------------------------------------------------------------

    def doc_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM search_documents WHERE county = %s", (self.county,)).fetchone()[0]

    def counties(self) -> list[str]:
        """Every county with documents in the index."""
        return [row[0] for row in self.conn.execute("SELECT DISTINCT county FROM search_documents ORDER BY 1")]

    def stored(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], dict]:
        """What the index keeps of these (county, id) documents: title, text and filter fields,
        enough to show a hit of a county whose archive this node does not open."""
        if not keys:
            return {}
        rows = self.conn.execute(
            "SELECT d.county, d.doc_id, d.title, d.content, d.departments, d.items, d.doc_type, d.years "
            "FROM search_documents d JOIN unnest(%s::text[], %s::bigint[]) k(county, doc_id) "
            "USING (county, doc_id)", ([k[0] for k in keys], [k[1] for k in keys])).fetchall()
        return {(r[0], r[1]): {"title": r[2], "content": r[3], "departments": r[4], "items": r[5],
                               "doc_type": r[6], "years": r[7]} for r in rows}

    def ids(self) -> set[int]:
        rows = self.conn.execute("SELECT doc_id FROM search_documents WHERE county = %s", (self.county,))
        return {row[0] for row in rows}

    def _read(self, sql: str, params: dict) -> list[tuple]:
        """One search statement, planned without sequential scans of the chunks: a scan tests
        `tsv @@ …` on every chunk, and each test fetches and decompresses the chunk's tsvector,
        a cost the planner does not count; for a token in most documents it would pick the scan
        over the GIN index, which answers the lexemes without reading a chunk. Sorts and hashes
        of a large county's matches stay in memory (work_mem)."""
        with self.conn.transaction():
            self.conn.execute(f"SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '{WORK_MEM}'")
            return self.conn.execute(sql, params).fetchall()

    def search(
        self, text: str, *, department: str | None = None, item: str | None = None,
        doc_type: str | None = None, year: str | int | None = None, limit: int = 20, offset: int = 0,
        facets: bool = False,
    ) -> SearchResult:
        result = self.search_across(text, [self.county], department=department, item=item, doc_type=doc_type,
                                    year=year, limit=limit, offset=offset, facets=facets)
        return SearchResult(result.total, [(doc_id, score) for _, doc_id, score in result.hits], result.facets,
                            result.terms)

    def related(self, text: str, *, department: str | None = None, item: str | None = None,
                doc_type: str | None = None, year: str | int | None = None, limit: int = 10) -> SearchResult:
        """Documents sharing some of the query's tokens but not matching it exactly, ranked as the
        tantivy index ranks them: BM25 (k1 1.2, b 0.75, tantivy's coarse document lengths, the
        county's document frequencies) summed over every shared token in the title (x4) and the
        content. One statement: the exact matches and the excluded terms are found inside it by
        the GIN index (no second search); the filters apply. A term longer than a chunk's overlap
        is confirmed on the stored text, as in `search`."""
        terms = parse_query(text)
        include = [query_tokens(t.text) for t in terms if not t.exclude]
        words = sorted({lexeme(token) for tokens in include for token, _ in tokens})
        if not words or any(not tokens for tokens in include):
            return SearchResult(0, [], {}, terms)
        exclude = [tokens for tokens in (query_tokens(t.text) for t in terms if t.exclude) if tokens]
        params: dict = {"county": self.county, "words": words, "q": " | ".join(_quoted(w) for w in words),
                        "limit": max(1, limit)}
        where = ["d.county = %(county)s"]
        for k, (name, value) in enumerate((n, v) for n, v in (("department", department), ("items", item),
                                                               ("doc_type", doc_type), ("years", year)) if v):
            params[f"f{k}"] = str(value)
            column = COLUMNS[name]
            where.append(f"d.{column} = %(f{k})s" if column == "doc_type" else f"%(f{k})s = ANY(d.{column})")

        def found(prefix: str, tokens: Tokens, k: int) -> str:
            """The documents holding every piece of one term (the term itself when it is short)."""
            parts = []
            for j, piece in enumerate(_pieces(tokens) if _long(tokens) else [tokens]):
                params[f"{prefix}{k}_{j}"] = phrase(piece)
                parts.append(f"SELECT doc_id FROM search_chunks WHERE county = %(county)s "
                             f"AND tsv @@ %({prefix}{k}_{j})s::tsquery")
            return " INTERSECT ".join(parts)

        exact = " INTERSECT ".join(f"({found('e', tokens, k)})" for k, tokens in enumerate(include))
        confirm = [t.text for t in terms if not t.exclude and _long(query_tokens(t.text))]
        checks = []
        if confirm:  # possibly exact: kept only when the stored text does not hold every term
            checks.append(f"d.doc_id IN ({exact})")
        else:
            where.append(f"d.doc_id NOT IN ({exact})")
        refuse = []
        for k, tokens in enumerate(exclude):
            if _long(tokens):
                refuse.append(next(t.text for t in terms if t.exclude and query_tokens(t.text) == tokens))
                checks.append(f"d.doc_id IN ({found('x', tokens, k)})")
            else:
                where.append(f"d.doc_id NOT IN ({found('x', tokens, k)})")
        if checks:
            extra = "".join(f", {c}" for c in checks) + ", d.title, d.content"
            sql = (f"WITH tf AS ({_TF.format(chunks='search_chunks c', query='%(q)s')}), {_DF_N}, "
                   f"r AS ({_BM25.format(tf='tf')}) "
                   f"SELECT d.doc_id, r.s, count(*) OVER (){extra} FROM r JOIN search_documents d "
                   f"ON d.county = %(county)s AND d.doc_id = r.doc_id WHERE {' AND '.join(where)} "
                   f"ORDER BY r.s DESC, d.doc_id DESC")
        else:
            sql = self._related_sql(words, where, params, max(1, limit))
        try:
            rows = self._read(sql, params)
        except Exception as exc:
            import psycopg

            if not isinstance(exc, psycopg.Error):
                raise
            raise IndexUnavailable(self.directory, "查询失败", str(exc).strip()[:200]) from exc
        if checks:
            rows = [row for row in rows if not self._refused(row, confirm, refuse)]
            total = len(rows)
        else:
            total = rows[0][2] if rows else 0
        return SearchResult(total, [(row[0], float(row[1])) for row in rows[:max(0, limit)]], {}, terms)

    @staticmethod
    def _related_sql(words: list[str], where: list[str], params: dict, limit: int) -> str:
        """The best `limit` related documents and their number, reading only the chunks of the
        documents that can be among them. Which documents hold which of the query's tokens, and
        so the document frequencies, come from the GIN index alone (one lexeme: no chunk read).
        A token adds at most its weighted idf x (k1 + 1) to a document's BM25 score (the term
        frequency's factor tf / (tf + k1 (1 - b + b len / avg)) is below 1): this bound orders
        the candidates. The `probe` best bounded are scored exactly; the limit-th best of those
        scores is a floor, and only the other candidates whose bound reaches it are scored too.
        A document left out has a bound, and so a score, below that floor: the list is the one
        scoring every candidate gives, each score computed by the same expression."""
        presence = []
        for k, word in enumerate(words):
            params[f"wq{k}"] = _quoted(word)
            presence.append(f"SELECT DISTINCT doc_id, field, {k} AS k FROM search_chunks "
                            f"WHERE county = %(county)s AND tsv @@ %(wq{k})s::tsquery")
        params.update(probe=max(50, 5 * limit), limit=limit)
        slots = 2 * len(words)  # (field, token) -> field * len(words) + k
        bound = (f"CASE df.field WHEN 0 THEN {FIELDS['title']} ELSE 1 END * ln(1 + (n.docs - df.df + 0.5) / "
                 f"(df.df + 0.5)) * {BM25_K1 + 1} * 1.000001")
        scored = {}
        for name in ("top", "rest"):
            chunks = f"search_chunks c JOIN {name} ON c.county = %(county)s AND c.doc_id = {name}.doc_id"
            scored[name] = (f"tf_{name} AS ({_TF.format(chunks=chunks, query='%(q)s')}), "
                            f"s_{name} AS ({_BM25.format(tf=f'tf_{name}')})")
        return (f"WITH p AS MATERIALIZED ({' UNION ALL '.join(presence)}), "
                f"df AS (SELECT field, k, (%(words)s::text[])[k + 1] AS lexeme, count(*)::float8 AS df FROM p "
                f"GROUP BY field, k), {_N}, "
                f"b AS (SELECT array_agg(coalesce(x.bound, 0) ORDER BY slot) AS bound FROM generate_series(0, "
                f"{slots - 1}) slot LEFT JOIN (SELECT df.field * {len(words)} + df.k AS slot, {bound} AS bound "
                f"FROM df CROSS JOIN n) x USING (slot)), "
                f"cand AS MATERIALIZED (SELECT d.doc_id, ub.ub FROM (SELECT p.doc_id, sum(b.bound[p.field * "
                f"{len(words)} + p.k + 1]) AS ub FROM p CROSS JOIN b GROUP BY p.doc_id) ub JOIN search_documents d "
                f"ON d.county = %(county)s AND d.doc_id = ub.doc_id WHERE {' AND '.join(where)}), "
                f"top AS MATERIALIZED (SELECT doc_id FROM cand ORDER BY ub DESC, doc_id DESC LIMIT %(probe)s), "
                f"{scored['top']}, "
                f"floor AS (SELECT coalesce((SELECT s FROM s_top ORDER BY s DESC OFFSET %(limit)s - 1 LIMIT 1), "
                f"'-Infinity') AS s), "
                f"rest AS MATERIALIZED (SELECT doc_id FROM cand WHERE ub >= (SELECT s FROM floor) "
                f"AND doc_id NOT IN (SELECT doc_id FROM top)), "
                f"{scored['rest']} "
                f"SELECT doc_id, s, (SELECT count(*) FROM cand) FROM (SELECT * FROM s_top UNION ALL "
                f"SELECT * FROM s_rest) r ORDER BY s DESC, doc_id DESC LIMIT %(limit)s")

    @staticmethod
    def _refused(row: tuple, confirm: list[str], refuse: list[str]) -> bool:
        """A related candidate (doc_id, score, total, [possibly exact], [possibly excluded]...,
        title, content) that the stored text shows exact or excluded after all."""
        def holds(term: str) -> bool:
            return any(find_matches(text, term, first=True) for text in (row[-2], row[-1]))

        flags = row[3:-2]
        if confirm and flags[0] and all(holds(t) for t in confirm):
            return True
        return any(flag and holds(t) for flag, t in zip(flags[1 if confirm else 0:], refuse))

    def search_across(
        self, text: str, counties: Sequence[str], *, department: str | None = None, item: str | None = None,
        doc_type: str | None = None, year: str | int | None = None, limit: int = 20, offset: int = 0,
        facets: bool = False,
    ) -> AcrossResult:
        """The same search over the named counties (for a role allowed to read them: the caller's
        check); hits name their county."""
        terms = parse_query(text)
        include = [query_tokens(t.text) for t in terms if not t.exclude]
        if any(not tokens for tokens in include):
            return AcrossResult(0, [], {}, terms)
        exclude = [tokens for tokens in (query_tokens(t.text) for t in terms if t.exclude) if tokens]
        filters = [(COLUMNS[name], str(value)) for name, value in
                   (("department", department), ("items", item), ("doc_type", doc_type), ("years", year)) if value]
        try:
            return self._search(terms, include, exclude, filters, list(counties), limit, offset, facets)
        except Exception as exc:
            import psycopg

            if not isinstance(exc, psycopg.Error):
                raise
            raise IndexUnavailable(self.directory, "查询失败", str(exc).strip()[:200]) from exc

    def _search(self, terms, include, exclude, filters, counties, limit, offset, facets) -> AcrossResult:
        params: dict = {"counties": counties}
        where = ["d.county = ANY(%(counties)s)"]
        sql_terms = [piece for tokens in include for piece in (_pieces(tokens) if _long(tokens) else [tokens])]
        sql_terms.sort(key=len, reverse=True)  # the order the scores are added in
        for k, (column, value) in enumerate(filters):
            params[f"f{k}"] = value
            where.append(f"d.{column} = %(f{k})s" if column == "doc_type" else f"%(f{k})s = ANY(d.{column})")
        allowed = list(where) if filters else []
        for k, tokens in enumerate(t for t in exclude if not _long(t)):
            params[f"x{k}"] = phrase(tokens)
            where.append(f"NOT EXISTS (SELECT 1 FROM search_chunks c WHERE c.county = d.county AND "
                         f"c.doc_id = d.doc_id AND c.tsv @@ %(x{k})s::tsquery)")
        if sql_terms:
            ctes, score = self._ranked(sql_terms, allowed, params)
            matched = (f"WITH {ctes} SELECT d.county, d.doc_id, ({score})::float8 AS score, d.departments, d.items, "
                       f"d.doc_type, d.years FROM search_documents d JOIN t USING (county, doc_id) "
                       f"WHERE {' AND '.join(where)}")
        else:
            matched = (f"SELECT d.county, d.doc_id, (0)::float8 AS score, d.departments, d.items, d.doc_type, d.years "
                       f"FROM search_documents d WHERE {' AND '.join(where)}")
        order = "ORDER BY score DESC, doc_id DESC, county"
        confirm = [t.text for t in terms if not t.exclude and _long(query_tokens(t.text))]
        refuse = [t.text for t in terms if t.exclude and query_tokens(t.text) and _long(query_tokens(t.text))]
        if confirm or refuse:
            return self._confirmed(matched, order, params, terms, confirm, refuse, limit, offset, facets)
        params.update(limit=max(0, limit), offset=max(0, offset))
        facet_sql = _FACET_SQL if facets else ""
        rows = self._read(
            f"WITH m AS MATERIALIZED ({matched}) "
            f"SELECT 'hit', county, doc_id, score, NULL, NULL FROM (SELECT * FROM m {order} "
            f"LIMIT %(limit)s OFFSET %(offset)s) p UNION ALL SELECT 'total', NULL, NULL, NULL, NULL, count(*) FROM m"
            f"{facet_sql}", params)
        hits = [(county, doc_id, float(score)) for kind, county, doc_id, score, _, _ in rows if kind == "hit"]
        hits.sort(key=lambda hit: (-hit[2], -hit[1], hit[0]))  # the order of `order`: UNION ALL keeps none
        total = next(count for kind, *_, count in rows if kind == "total")
        counts: dict[str, dict[str, int]] = {}
        if facets:
            counts = {name: {} for name in FACETS}
            for kind, _, _, _, value, count in rows:
                if kind in counts:
                    counts[kind][value] = count
        return AcrossResult(total, hits, counts, terms)

    @staticmethod
    def _ranked(sql_terms: list[Tokens], filtered: list[str], params: dict) -> tuple[str, str]:
        """The documents holding every term, each term's score: ts_rank's best chunk per field,
        a title hit weighted. The GIN index alone finds the documents whose chunks hold every
        token of each term (no chunk read: the lexemes, not their positions); only their chunks
        are read (of one term: its chunks), each once, for the phrases' positions and the ranks
        together (a chunk read for the index's recheck and again for ts_rank cost twice): building
        `ARRAY[c.tsv]` fetches and decompresses the stored tsvector, and every @@ and ts_rank of
        the chunk then reads that copy (OFFSET 0 keeps the planner from inlining it back). A chunk
        costs about 30 microseconds this way (20,000 documents, a shared 2-core machine), so a
        term in most documents still costs its number of chunks times that: the total and the
        order need every match's positions."""
        scan = "SELECT county, doc_id FROM search_chunks WHERE county = ANY(%(counties)s) AND tsv @@ {}::tsquery"
        sets = []
        for k, tokens in enumerate(sql_terms):
            params[f"q{k}"] = phrase(tokens)
            params[f"a{k}"] = _lexemes(tokens)
            sets.append(scan.format(f"%(a{k})s"))
        if filtered:
            sets.append(f"SELECT d.county, d.doc_id FROM search_documents d WHERE {' AND '.join(filtered)}")
        weight = f"CASE field WHEN 0 THEN {FIELDS['title']} ELSE 1 END"
        ranks = ", ".join(f"CASE WHEN v @@ %(q{k})s::tsquery THEN ts_rank(v, %(q{k})s::tsquery) END AS r{k}"
                          for k in range(len(sql_terms)))
        best = ", ".join(f"max(r{k}) * {weight} AS s{k}" for k in range(len(sql_terms)))
        sums = ", ".join(f"sum(s{k}) AS s{k}" for k in range(len(sql_terms)))
        every = " AND ".join(f"count(s{k}) > 0" for k in range(len(sql_terms)))
        if len(sets) == 1:  # one term: its chunks are the candidates
            ctes, chunks, which = "", "search_chunks c", "c.county = ANY(%(counties)s) AND c.tsv @@ %(a0)s::tsquery"
        else:  # every chunk of the documents holding every term (testing the tokens would read it twice)
            ctes = f"cand AS MATERIALIZED ({' INTERSECT '.join(sets)}), "
            chunks, which = "cand JOIN search_chunks c USING (county, doc_id)", "c.county = ANY(%(counties)s)"
        ctes += (f"c AS (SELECT c.county, c.doc_id, c.field, r.* FROM {chunks} "
                f"CROSS JOIN LATERAL (SELECT {ranks} FROM (SELECT (ARRAY[c.tsv])[1] AS v OFFSET 0) x OFFSET 0) r "
                f"WHERE {which}), "
                f"f AS (SELECT county, doc_id, field, {best} FROM c GROUP BY county, doc_id, field), "
                f"t AS (SELECT county, doc_id, {sums} FROM f GROUP BY county, doc_id HAVING {every})")
        return ctes, " + ".join(f"t.s{k}" for k in range(len(sql_terms)))

    def _confirmed(self, matched, order, params, terms, confirm, refuse, limit, offset, facets) -> AcrossResult:
        """Terms too long for one chunk: the candidates their pieces found, kept when the stored
        text really holds (or, excluded, does not hold) the whole term."""
        rows = self._read(
            f"SELECT m.*, d.title, d.content FROM ({matched}) m JOIN search_documents d USING (county, doc_id) {order}",
            params)

        def holds(row, term: str) -> bool:
            return any(find_matches(text, term, first=True) for text in (row[-2], row[-1]))

        kept = [row for row in rows if all(holds(row, t) for t in confirm) and not any(holds(row, t) for t in refuse)]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            counts = {name: {} for name in FACETS}
            for row in kept:
                for name, values in zip(FACETS, (row[3], row[4], [row[5]] if row[5] else [], row[6])):
                    for value in values:
                        counts[name][value] = counts[name].get(value, 0) + 1
        page = kept[max(0, offset):max(0, offset) + max(0, limit)]
        return AcrossResult(len(kept), [(r[0], r[1], float(r[2])) for r in page], counts, terms)


# Related results' BM25 in pieces: a token's occurrences per document and field in {chunks}
# holding any of the query's tokens (the tsquery {query}; the overlap of consecutive chunks
# counted once), the document frequencies and lengths of the county, and the score of each
# document in {tf}, its terms added in one order (equal documents get equal scores, which then
# rank by id).
_TF = ("SELECT c.doc_id, c.field, u.lexeme, sum(CASE WHEN c.fresh = 1 THEN cardinality(u.positions) "
       "ELSE (SELECT count(*) FROM unnest(u.positions) p WHERE p >= c.fresh) END)::float8 AS tf FROM {chunks} "
       "CROSS JOIN LATERAL unnest(ts_filter(setweight(c.tsv, 'A', %(words)s::text[]), '{{a}}')) u "
       "WHERE c.county = %(county)s AND c.tsv @@ {query}::tsquery GROUP BY 1, 2, 3")
_N = ("n AS (SELECT count(*)::float8 AS docs, sum(title_tokens)::float8 / nullif(count(*), 0) AS avg0, "
      "sum(content_tokens)::float8 / nullif(count(*), 0) AS avg1 FROM search_documents WHERE county = %(county)s)")
_DF_N = "df AS (SELECT field, lexeme, count(*)::float8 AS df FROM tf GROUP BY 1, 2), " + _N
_BM25 = (f"SELECT tf.doc_id, sum(CASE tf.field WHEN 0 THEN {FIELDS['title']} ELSE 1 END "
         f"* ln(1 + (n.docs - df.df + 0.5) / (df.df + 0.5)) * {BM25_K1 + 1} * tf.tf / (tf.tf + {BM25_K1} * "
         f"(1 - {BM25_B} + {BM25_B} * coalesce(evidence_fieldnorm(CASE tf.field WHEN 0 THEN d.title_tokens "
         f"ELSE d.content_tokens END) / CASE tf.field WHEN 0 THEN n.avg0 ELSE n.avg1 END, 1))) "
         f"ORDER BY tf.field, tf.lexeme) AS s "
         f"FROM {{tf}} tf JOIN df USING (field, lexeme) CROSS JOIN n JOIN search_documents d "
         f"ON d.county = %(county)s AND d.doc_id = tf.doc_id GROUP BY tf.doc_id")

# The facet counts of the matched documents `m`, in the statement that finds them (rows of
# (kind, county, doc_id, score, value, count)).
_FACET_SQL = """
UNION ALL SELECT 'department', NULL, NULL, NULL, v, count(*) FROM m, unnest(m.departments) v GROUP BY v
UNION ALL SELECT 'items', NULL, NULL, NULL, v, count(*) FROM m, unnest(m.items) v GROUP BY v
UNION ALL SELECT 'doc_type', NULL, NULL, NULL, m.doc_type, count(*) FROM m WHERE m.doc_type <> '' GROUP BY m.doc_type
UNION ALL SELECT 'years', NULL, NULL, NULL, v, count(*) FROM m, unnest(m.years) v GROUP BY v
"""
