"""The search index behind a small interface of our own, so another engine can stand behind it.

Whoosh keeps the index: segments, merging, deletions, the writer lock. Queries are not run
through Whoosh's own matchers (document-at-a-time phrase checking in Python, seconds at county
scale) but evaluated over whole posting lists by matching.py. The index holds no text that the
archive does not: it can be dropped and rebuilt from the archive at any time, and an index that
fails to open is set aside and rebuilt on purpose — never deleted on an arbitrary exception.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import LockError

from indexer.search.analysis import cjk_analyzer, query_tokens
from indexer.search.matching import Plan, evaluate, facet_counts
from indexer.search.postings import PositionArray, PostingsCodec, field_lengths, sort_column
from indexer.search.query import QueryTerm, parse_query

log = logging.getLogger(__name__)

FACETS = ("department", "items", "doc_type", "years")
WRITER_WAIT_SECONDS = 600.0
SEARCHERS = 2  # concurrent searches per process; one per core
RECHECK_SECONDS = 0.5  # how stale another process's commit may be to a pooled searcher


class IndexUnavailable(Exception):
    exit_code = 5


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


def build_schema() -> Schema:
    analyzer = cjk_analyzer()
    title = TEXT(analyzer=analyzer, phrase=True)
    title.format = PositionArray()
    content = TEXT(analyzer=analyzer, phrase=True)
    content.format = PositionArray()
    return Schema(
        id=ID(stored=True, unique=True),
        num=NUMERIC(int, bits=64, sortable=True, signed=False),
        title=title,
        content=content,
        department=KEYWORD(commas=True, scorable=False),
        items=KEYWORD(commas=True, scorable=False),
        doc_type=ID,
        years=KEYWORD(commas=True),
        status=ID,
    )


class SearchIndex:
    def __init__(self, directory: Path, create: bool = True) -> None:
        """`create=False` for readers: a missing index is reported as unavailable, never made
        (an empty index in its place would answer every search with nothing)."""
        self.directory = directory
        self.create = create
        self._ix = None
        self._searchers: queue.LifoQueue = queue.LifoQueue()
        self._searcher_slots = threading.BoundedSemaphore(SEARCHERS)
        self._generation = 0  # bumped on every commit made through this object

    # -- lifecycle -------------------------------------------------------------------------

    def open(self, create: bool | None = None) -> "SearchIndex":
        """Open (or create a missing one, if allowed: `create`, else as constructed); raises
        IndexUnavailable when the index on disk is unreadable. Never moves or deletes anything:
        only a writer replaces an index."""
        create = self.create if create is None else create
        hint = "；运行 evidence scan、evidence check 或 evidence reindex 会从存档重建它"
        try:
            if whoosh_index.exists_in(str(self.directory)):
                ix = whoosh_index.open_dir(str(self.directory))
                if not _same_schema(ix.schema, build_schema()):
                    raise IndexUnavailable(f"搜索索引 {self.directory} 来自旧版本{hint}")
                with ix.searcher() as searcher:
                    _probe(searcher)
            elif create:
                self.directory.mkdir(parents=True, exist_ok=True)
                ix = whoosh_index.create_in(str(self.directory), build_schema())
            else:
                raise IndexUnavailable(f"搜索索引 {self.directory} 不存在{hint}")
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"搜索索引 {self.directory} 无法读取（{exc}）{hint}") from exc
        self._ix = ix
        return self

    def set_aside_and_recreate(self) -> Path | None:
        """Move a broken index out of the way (kept for inspection) and start an empty one."""
        moved = None
        self._searchers = queue.LifoQueue()
        if self.directory.exists():
            moved = self.directory.with_name(f"{self.directory.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
            shutil.move(str(self.directory), str(moved))
        self.directory.mkdir(parents=True)
        self._ix = whoosh_index.create_in(str(self.directory), build_schema())
        return moved

    def clear(self) -> None:
        self._searchers = queue.LifoQueue()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._ix = whoosh_index.create_in(str(self.directory), build_schema())

    @property
    def ix(self):
        if self._ix is None:
            self.open()
        return self._ix

    @contextmanager
    def _searcher(self):
        """Lend one of at most SEARCHERS searchers, reopened only when the index has changed.
        Few, not one per thread: matching is CPU-bound, so more than one per core gains nothing.
        Whoosh searchers are not thread-safe: one borrower each."""
        with self._searcher_slots:
            try:
                ix, generation, checked, searcher = self._searchers.get_nowait()
            except queue.Empty:
                ix, generation, checked, searcher = None, -1, 0.0, None
            now = time.monotonic()
            stale = searcher is None or ix is not self.ix or generation != self._generation
            if not stale and now - checked > RECHECK_SECONDS:
                # Other processes' commits: checking lists the index folder, so not every query.
                stale, checked = not searcher.up_to_date(), now
            if stale:
                if searcher is not None:
                    searcher.close()
                # Not searcher.refresh(): whoosh reuses a segment's reader by segment id, so
                # deletions made since stay invisible and merged-away segments are kept.
                searcher, generation, checked = self.ix.searcher(), self._generation, now
            try:
                yield searcher
            finally:
                self._searchers.put((self.ix, generation, checked, searcher))

    # -- writing ---------------------------------------------------------------------------

    def _writer(self):
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                # compound=False: a reader opens a compound segment by copying it whole into
                # memory (BytesIO over the mmap), i.e. the index's size per open searcher.
                return self.ix.writer(timeout=5.0, delay=0.1, limitmb=128, codec=_codec(), compound=False)
            except LockError:
                if time.monotonic() > deadline:
                    raise IndexUnavailable("another process has held the index lock for too long")
                log.info("waiting for the search index lock")

    def add(self, docs: Iterable[IndexDoc], replace: bool = True) -> int:
        """Add or replace documents in one commit (one writer, batched). replace=False skips
        looking for an older copy of each document: only for an index known to lack them."""
        writer = self._writer()
        put = writer.update_document if replace else writer.add_document
        count = 0
        try:
            for doc in docs:
                put(
                    id=str(doc.id), num=doc.id, title=doc.title, content=doc.content,
                    department=",".join(doc.departments), items=",".join(doc.items),
                    doc_type=doc.doc_type or "", years=",".join(str(y) for y in doc.years),
                    status=doc.status,
                )
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self._generation += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        writer = self._writer()
        for doc_id in ids:
            writer.delete_by_term("id", str(doc_id))
        writer.commit()
        self._generation += 1

    def optimize(self) -> None:
        writer = self._writer()
        writer.commit(optimize=True)
        self._generation += 1

    # -- reading ---------------------------------------------------------------------------

    def doc_count(self) -> int:
        with self.ix.searcher() as searcher:
            return searcher.doc_count()

    def ids(self) -> set[int]:
        with self.ix.searcher() as searcher:
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def search(
        self, text: str, *, department: str | None = None, item: str | None = None,
        doc_type: str | None = None, year: str | int | None = None, limit: int = 20, offset: int = 0,
        facets: bool = False,
    ) -> SearchResult:
        terms = parse_query(text)
        include = [tokens for tokens in (query_tokens(t.text) for t in terms if not t.exclude)]
        if any(not tokens for tokens in include):
            return SearchResult(0, [], {}, terms)
        exclude = [tokens for tokens in (query_tokens(t.text) for t in terms if t.exclude) if tokens]
        filters = [(name, str(value)) for name, value in
                   (("department", department), ("items", item), ("doc_type", doc_type), ("years", year)) if value]
        plan = Plan(include, exclude, filters)
        with self._searcher() as searcher:
            ranked = evaluate(searcher, plan)
            hits = [(int(reader.stored_fields(doc)["id"]), score)
                    for reader, doc, score in ranked.page(offset, limit)]
            counts = facet_counts(ranked, FACETS) if facets else {}
            return SearchResult(ranked.total, hits, counts, terms)


def _codec() -> PostingsCodec:
    """Posting blocks of 256, uncompressed: a CJK bigram index has ~1,000 distinct terms per
    document, and zlib was a tenth of the write cost; the disk grows by about a fifth."""
    return PostingsCodec(blocklimit=256, compression=0)


def _probe(searcher) -> None:
    """Touch every segment's files cheaply, so a truncated or missing one is found at open
    (and the index rebuilt) rather than in the middle of an inspector's search."""
    for reader, _ in searcher.reader().leaf_readers():
        count = reader.doc_count_all()
        if count == 0:
            continue
        for name in ("title", "content"):
            field_lengths(reader, name)  # may be shorter than the segment: see field_lengths
        if len(sort_column(reader, "num")) != count:
            raise ValueError("num column is truncated")
        reader.stored_fields(count - 1)
        list(reader.lexicon("status"))
        for name in ("title", "content"):
            reader.doc_frequency(name, "的")


def _same_schema(found: Schema, wanted: Schema) -> bool:
    """Same fields, and the text fields in this version's posting format (older indexes are
    rebuilt from the archive rather than misread)."""
    if set(found.names()) != set(wanted.names()):
        return False
    return all(type(found[name].format) is type(wanted[name].format) for name in ("title", "content"))

