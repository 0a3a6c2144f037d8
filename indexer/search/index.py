"""The search index: tantivy, fed our own tokens, behind a small interface of our own.

Tantivy keeps segments, merging, deletions and the writer lock; every text field is given the
tokens of analysis.py written out as one space-separated string (`index_stream`), which
tantivy's whitespace tokenizer cuts on the Rust side (one Python `Token` per bigram cost more
than the rest of indexing), and queries are built from the same tokens at their positions in
that stream (`stream_tokens`), so the exact-string semantics are ours and the engine only
stores and intersects postings.
The index holds no text the archive does not: it can be dropped and rebuilt from the archive
at any time. Opening never changes what is on disk; an index that fails to open is reported
(IndexUnavailable) and only a writer, on purpose and under the ingest lock, sets it aside and
rebuilds it (see Ingestor.recover_index).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

import tantivy

from indexer.search.analysis import Tokens, index_stream, lone_character, stream_tokens
from indexer.search.freed_memory import release_freed_memory
from indexer.search.query import QueryTerm, parse_query
from spine.errors import EvidenceError

log = logging.getLogger(__name__)

FACETS = ("department", "items", "doc_type", "years")
FIELDS = {"title": 4.0, "content": 1.0}  # a hit in the title or file name ranks above a mention
WRITER_WAIT_SECONDS = 600.0
WRITER_HEAP = 128_000_000  # bytes a writer buffers before it writes a segment
MARKER = "evidence-index.json"
FORMAT = {"engine": "tantivy", "format": 3}  # bump "format" when the schema or tokens change (3: traditional characters fold)
FACET_VALUES = 10_000


class IndexUnavailable(EvidenceError):
    """The index cannot be used; the message (Chinese: the CLI and web UI show it) says why and
    what rebuilds it."""

    exit_code = 5

    def __init__(self, directory: Path, reason: str, detail: str = "") -> None:
        super().__init__(f"搜索索引 {directory} {reason}；运行 evidence check（或 scan、watch、run）即从存档重建"
                         + (f"（{detail}）" if detail else ""))


@dataclass(frozen=True)
class IndexDoc:
    id: int
    title: str
    content: str
    departments: list[str]
    items: list[str]
    doc_type: str | None
    years: list[int]
    status: str


@dataclass
class SearchResult:
    total: int
    hits: list[tuple[int, float]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    terms: list[QueryTerm] = field(default_factory=list)


@dataclass(frozen=True)
class Footprint:
    """Bytes on disk against bytes the live segments use; the rest is garbage to collect."""

    total_bytes: int
    live_bytes: int
    garbage_files: list[str]


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    for name in FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in FACETS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    return builder.build()


def _engine_errors(exc: BaseException) -> bool:
    """Tantivy reports a damaged file as a Rust panic (a BaseException), not only ValueError."""
    return not isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, IndexUnavailable))


class SearchIndex:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._stamp: tuple | None = None
        self._lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------

    def open(self, create: bool = True) -> "SearchIndex":
        """Open, or create in a missing or empty folder (when `create`; readers do not). Raises
        IndexUnavailable when the folder holds an older index (Whoosh, or an older format), an
        unreadable one, or none; nothing on disk is changed then."""
        with self._lock:
            self._open(create)
        return self

    def _open(self, create: bool) -> None:
        state = index_state(self.directory)
        if state == "empty" and create:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, path=str(self.directory), reuse=False)
            (self.directory / MARKER).write_text(json.dumps(FORMAT))
        elif state != "current":
            raise IndexUnavailable(self.directory, STATES[state])
        else:
            try:
                index = tantivy.Index.open(str(self.directory))
                _probe(index.searcher(), self.schema)
            except BaseException as exc:
                if not _engine_errors(exc):
                    raise
                raise IndexUnavailable(self.directory, STATES["unreadable"], str(exc)[:200]) from exc
            self._index = index
        self._stamp = _stamp(self.directory)

    def close(self) -> None:
        """Let go of the index's files now rather than whenever the garbage collector frees this
        object: tantivy keeps one mapping per file for the whole process, and a later opening of a
        file rewritten meanwhile would read that stale mapping (SIGBUS past the new end). Opened
        again on next use."""
        with self._lock:
            self._index = None

    def set_aside_and_recreate(self) -> Path | None:
        """For a writer holding the ingest lock: move an unreadable index out of the way (kept for
        inspection) or delete an older-format one (known, disposable), and start an empty one."""
        moved = None
        with self._lock:
            self._index = None
            state = index_state(self.directory)
            if state in ("whoosh", "outdated"):
                log.warning("removing the older-format index at %s; it is rebuilt from the archive", self.directory)
                shutil.rmtree(self.directory)
            elif state != "empty":
                moved = self.directory.with_name(f"{self.directory.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
                shutil.move(str(self.directory), str(moved))
            self._open(create=True)
        return moved

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            self.open(create=True)
        return self._index

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the latest commit of any process: a commit replaces meta.json, so its
        identity says when to reload; a folder replaced by a rebuild is opened anew."""
        stamp = _stamp(self.directory)
        with self._lock:
            if self._index is None or stamp is None or self._stamp is None or stamp[0] != self._stamp[0]:
                self._open(create=False)
            elif stamp != self._stamp:
                self._index.reload()
                self._stamp = stamp
            return self._index.searcher()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """One writer per batch, committed on success and rolled back on error. After the
        commit, unreferenced segment files are collected and merges are waited for (tantivy
        collects what they free), so the folder holds the live segments and little else; then
        the memory the writer's threads freed is given back (`release_freed_memory`)."""
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        index = self.index
        while True:
            try:
                writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
                break
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise IndexUnavailable(self.directory, "无法写入", str(exc)[:200]) from exc
                if time.monotonic() > deadline:
                    raise IndexUnavailable(self.directory, "被另一个进程长时间锁定") from exc
                time.sleep(0.1)
        committed = False
        try:
            yield writer
            writer.commit()
            writer.garbage_collect_files()
            committed = True
        finally:
            if not committed:
                with contextlib.suppress(Exception):
                    writer.rollback()
            try:
                writer.wait_merging_threads()  # also gives up the writer lock, even on failure
            except Exception:
                if committed:
                    raise
        index.reload()
        release_freed_memory()  # the writer's threads are gone: what they freed goes back now

    def add(self, docs: Iterable[IndexDoc], replace: bool = True) -> int:
        """Add or replace documents in one commit. replace=False skips deleting an older copy
        of each document: only for an index known to lack them."""
        count = 0
        with self._writer() as writer:
            for doc in docs:
                if replace:
                    writer.delete_documents_by_query(self._id_query(doc.id))
                writer.add_document(_document(doc))
                count += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for doc_id in ids:
                writer.delete_documents_by_query(self._id_query(doc_id))

    def replace_all(self, docs: Iterable[IndexDoc]) -> int:
        """The whole index replaced in one commit: searchers see the old documents until the new
        set is complete, and a failure on the way leaves the old set."""
        count = 0
        with self._writer() as writer:
            writer.delete_all_documents()
            for doc in docs:
                writer.add_document(_document(doc))
                count += 1
        return count

    def _id_query(self, doc_id: int) -> tantivy.Query:
        # Not delete_documents_by_term: it makes a signed term, which never equals an unsigned id.
        return tantivy.Query.term_query(self.schema, "id", doc_id)

    def collect_garbage(self) -> None:
        """Delete segment files no commit refers to (a writer killed mid-merge leaves some).
        Tantivy collects the files it still lists as its own; segment files it no longer lists
        are removed here, while the writer lock keeps every other writer out."""
        with self._writer():
            for name in footprint(self.directory).garbage_files:
                if _SEGMENT_FILE.match(name):
                    (self.directory / name).unlink(missing_ok=True)

    def footprint(self) -> Footprint:
        return footprint(self.directory)

    # -- reading ---------------------------------------------------------------------------

    def doc_count(self) -> int:
        return self._searcher().num_docs

    def ids(self) -> set[int]:
        searcher = self._searcher()
        if not searcher.num_docs:
            return set()
        result = searcher.search(tantivy.Query.all_query(), searcher.num_docs, count=False)
        return set(searcher.fast_field_values("id", [address for _, address in result.hits]))

    def search(
        self, text: str, *, department: str | None = None, item: str | None = None,
        doc_type: str | None = None, year: str | int | None = None, limit: int = 20, offset: int = 0,
        facets: bool = False,
    ) -> SearchResult:
        terms = parse_query(text)
        include = [stream_tokens(t.text) for t in terms if not t.exclude]
        if any(not tokens for tokens in include):
            return SearchResult(0, [], {}, terms)
        exclude = [tokens for tokens in (stream_tokens(t.text) for t in terms if t.exclude) if tokens]
        filters = [(name, str(value)) for name, value in
                   (("department", department), ("items", item), ("doc_type", doc_type), ("years", year)) if value]
        query = self._query(include, exclude, filters)
        try:
            searcher = self._searcher()
            if include:
                result = searcher.search(query, max(1, limit), count=True, offset=offset)
            else:  # filters only: the newest documents first
                result = searcher.search(query, max(1, limit), count=True, offset=offset,
                                         order_by_field="id", order=tantivy.Order.Desc)
            page = result.hits[:max(0, limit)]
            ids = searcher.fast_field_values("id", [address for _, address in page])
            scores = [float(score) if include else 0.0 for score, _ in page]
            counts = _facet_counts(searcher, query) if facets else {}
        except BaseException as exc:
            if not _engine_errors(exc):
                raise
            raise IndexUnavailable(self.directory, "查询失败", str(exc)[:200]) from exc
        return SearchResult(result.count, list(zip(ids, scores)), counts, terms)

    def related(self, text: str, *, department: str | None = None, item: str | None = None,
                doc_type: str | None = None, year: str | int | None = None, limit: int = 10) -> SearchResult:
        """Documents sharing some of the query's tokens but not matching it exactly, ranked by the
        engine's BM25 over those tokens (bigrams and words, in title and content). The exact
        matches are excluded by the query itself, so the two lists never overlap; excluded terms
        and filters apply as in `search`."""
        terms = parse_query(text)
        include = [stream_tokens(t.text) for t in terms if not t.exclude]
        words = sorted({token for tokens in include for token, _ in tokens})
        if not words or any(not tokens for tokens in include):
            return SearchResult(0, [], {}, terms)
        exclude = [tokens for tokens in (stream_tokens(t.text) for t in terms if t.exclude) if tokens]
        filters = [(name, str(value)) for name, value in
                   (("department", department), ("items", item), ("doc_type", doc_type), ("years", year)) if value]
        Q, Occur = tantivy.Query, tantivy.Occur
        shared = Q.boolean_query([(Occur.Should, self._boosted(name, Q.term_query(self.schema, name, word)))
                                  for word in words for name in FIELDS])
        clauses = [(Occur.Must, shared), (Occur.MustNot, self._query(include, [], []))]
        clauses += [(Occur.Must, Q.const_score_query(Q.term_query(self.schema, name, value), 0.0))
                    for name, value in filters]
        clauses += [(Occur.MustNot, self._term(tokens)) for tokens in exclude]
        try:
            searcher = self._searcher()
            result = searcher.search(Q.boolean_query(clauses), max(1, limit), count=True)
            page = result.hits[:max(0, limit)]
            ids = searcher.fast_field_values("id", [address for _, address in page])
        except BaseException as exc:
            if not _engine_errors(exc):
                raise
            raise IndexUnavailable(self.directory, "查询失败", str(exc)[:200]) from exc
        return SearchResult(result.count, [(i, float(score)) for i, (score, _) in zip(ids, page)], {}, terms)

    def _boosted(self, name: str, query: tantivy.Query) -> tantivy.Query:
        boost = FIELDS[name]
        return tantivy.Query.boost_query(query, boost) if boost != 1.0 else query

    def _query(self, include: list[Tokens], exclude: list[Tokens], filters: list[tuple[str, str]]) -> tantivy.Query:
        Q, Occur = tantivy.Query, tantivy.Occur
        clauses = [(Occur.Must, self._term(tokens)) for tokens in include]
        clauses += [(Occur.Must, Q.const_score_query(Q.term_query(self.schema, name, value), 0.0))
                    for name, value in filters]
        if not include:
            clauses.append((Occur.Must, Q.const_score_query(Q.all_query(), 0.0)))
        clauses += [(Occur.MustNot, self._term(tokens)) for tokens in exclude]
        return Q.boolean_query(clauses)

    def _term(self, tokens: Tokens) -> tantivy.Query:
        """One query term, in the title or the content: its tokens at their offsets."""
        Q = tantivy.Query
        char = lone_character(tokens)
        fields = []
        for name in FIELDS:
            if char is not None:
                query = Q.regex_query(self.schema, name, f"{char}.*")
            elif len(tokens) == 1:
                query = Q.term_query(self.schema, name, tokens[0][0])
            else:
                query = Q.phrase_query(self.schema, name, [(offset, token) for token, offset in tokens])
            fields.append((tantivy.Occur.Should, self._boosted(name, query)))
        return Q.boolean_query(fields)


def _document(doc: IndexDoc) -> tantivy.Document:
    out = tantivy.Document()
    out.add_unsigned("id", doc.id)
    out.add_text("title", index_stream(doc.title))
    out.add_text("content", index_stream(doc.content))
    for name, values in (("department", doc.departments), ("items", doc.items),
                         ("doc_type", [doc.doc_type] if doc.doc_type else []), ("years", doc.years)):
        for value in values:
            out.add_text(name, str(value))
    return out


def _facet_counts(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
    spec = {name: {"terms": {"field": name, "size": FACET_VALUES}} for name in FACETS}
    result = searcher.aggregate(query, spec)
    return {name: {str(b["key"]): b["doc_count"] for b in result.get(name, {}).get("buckets", []) if b["key"] != ""}
            for name in FACETS}


def _probe(searcher: tantivy.Searcher, schema: tantivy.Schema) -> None:
    """Touch every segment's columns and term dictionaries, so a damaged one is found at open
    (and reported) rather than in the middle of an inspector's search."""
    if not searcher.num_docs:
        return
    everything = tantivy.Query.all_query()
    result = searcher.search(everything, 1, order_by_field="id")
    searcher.fast_field_values("id", [address for _, address in result.hits])
    searcher.aggregate(everything, {name: {"terms": {"field": name, "size": 1}} for name in FACETS})
    for name in FIELDS:
        searcher.search(tantivy.Query.regex_query(schema, name, "的.*"), 1)


STATES = {
    "empty": "不存在或为空",
    "current": "可用",
    "whoosh": "是旧版（Whoosh）索引",
    "outdated": "格式较旧",
    "unreadable": "已损坏，无法读取",
}


def index_state(directory: Path) -> str:
    """What the folder holds, judged by its files alone (nothing is opened or changed)."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return "empty"
    if not names:
        return "empty"
    if any(name.endswith(".toc") for name in names):
        return "whoosh"
    try:
        marker = json.loads((directory / MARKER).read_text())
    except (OSError, ValueError):
        return "unreadable"
    if marker != FORMAT:
        return "outdated"
    return "current" if "meta.json" in names else "unreadable"


def _stamp(directory: Path) -> tuple | None:
    try:
        folder, meta = os.stat(directory), os.stat(directory / "meta.json")
    except OSError:
        return None
    return (folder.st_ino, meta.st_ino, meta.st_mtime_ns, meta.st_size)


_SEGMENT_FILE = re.compile(r"^[0-9a-f]{32}\.(?:[0-9]+\.)?[a-z]+$")
_OWN_FILES = {"meta.json", ".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock", MARKER}


def footprint(directory: Path) -> Footprint:
    """Which files the live segments of meta.json use (`<segment>.<ext>`, and the deletes file
    of the recorded opstamp); anything else left in the folder is garbage."""
    meta = json.loads((directory / "meta.json").read_text())
    live: set[str] = set()
    for segment in meta.get("segments", []):
        prefix = segment["segment_id"].replace("-", "")
        deletes = segment.get("deletes")
        live.add(prefix)
        if deletes:
            live.add(f"{prefix}.{deletes['opstamp']}")
    total = used = 0
    garbage = []
    for entry in os.scandir(directory):
        if not entry.is_file():
            continue
        size = entry.stat().st_size
        total += size
        stem = entry.name.rsplit(".", 1)[0]
        if entry.name in _OWN_FILES or stem in live:
            used += size
        else:
            garbage.append(entry.name)
    return Footprint(total, used, sorted(garbage))
