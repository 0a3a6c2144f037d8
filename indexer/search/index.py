"""The search index behind a small interface of our own, so another engine can stand behind it.

Whoosh is the engine. The index holds no text that the archive does not: it can be dropped and
rebuilt from the archive at any time, and an index that fails to open is set aside and rebuilt
on purpose — never deleted on an arbitrary exception.
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
from whoosh import query as Q
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import LockError
from whoosh.sorting import Facets, FieldFacet

from indexer.search.analysis import cjk_analyzer, query_tokens
from indexer.search.query import QueryTerm, parse_query

log = logging.getLogger(__name__)

FACETS = ("department", "items", "doc_type", "years")
WRITER_WAIT_SECONDS = 600.0
SEARCHERS = 2  # concurrent searches per process; one per core


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
    return Schema(
        id=ID(stored=True, unique=True),
        num=NUMERIC(int, bits=64, sortable=True, signed=False),
        title=TEXT(analyzer=analyzer, phrase=True, field_boost=4.0),
        content=TEXT(analyzer=analyzer, phrase=True),
        department=KEYWORD(commas=True, scorable=False),
        items=KEYWORD(commas=True, scorable=False),
        doc_type=ID,
        years=KEYWORD(commas=True),
        status=ID,
    )


class SearchIndex:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ix = None
        self._searchers: queue.LifoQueue = queue.LifoQueue()
        self._searcher_slots = threading.BoundedSemaphore(SEARCHERS)

    # -- lifecycle -------------------------------------------------------------------------

    def open(self) -> "SearchIndex":
        """Open or create; raises IndexUnavailable when the index on disk is unreadable."""
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            if whoosh_index.exists_in(str(self.directory)):
                ix = whoosh_index.open_dir(str(self.directory))
                with ix.searcher() as searcher:
                    searcher.doc_count()
                if set(ix.schema.names()) != set(build_schema().names()):
                    raise IndexUnavailable("index schema differs from this version")
            else:
                ix = whoosh_index.create_in(str(self.directory), build_schema())
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"search index at {self.directory} is unreadable: {exc}") from exc
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
        self.directory.mkdir(parents=True)
        self._ix = whoosh_index.create_in(str(self.directory), build_schema())

    @property
    def ix(self):
        if self._ix is None:
            self.open()
        return self._ix

    @contextmanager
    def _searcher(self):
        """Lend one of at most SEARCHERS searchers, refreshed (cheap when nothing changed)
        rather than opened per query: opening reads every segment's term index. Few, not one per
        thread: each holds hundreds of MB at county scale, and pure-Python matching gains little
        from more threads than cores. Whoosh searchers are not thread-safe: one borrower each."""
        with self._searcher_slots:
            try:
                ix, searcher = self._searchers.get_nowait()
            except queue.Empty:
                ix, searcher = None, None
            if searcher is None or ix is not self.ix or not _has_segments(searcher):
                if searcher is not None:
                    searcher.close()
                searcher = self.ix.searcher()  # whoosh cannot refresh a reader over an empty index
            else:
                searcher = searcher.refresh()
            try:
                yield searcher
            finally:
                self._searchers.put((self.ix, searcher))

    # -- writing ---------------------------------------------------------------------------

    def _writer(self):
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self.ix.writer(timeout=5.0, delay=0.1, limitmb=128)
            except LockError:
                if time.monotonic() > deadline:
                    raise IndexUnavailable("another process has held the index lock for too long")
                log.info("waiting for the search index lock")

    def add(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace documents in one commit (one writer, batched)."""
        writer = self._writer()
        count = 0
        try:
            for doc in docs:
                writer.update_document(
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
        return count

    def delete(self, ids: Iterable[int]) -> None:
        writer = self._writer()
        for doc_id in ids:
            writer.delete_by_term("id", str(doc_id))
        writer.commit()

    def optimize(self) -> None:
        writer = self._writer()
        writer.commit(optimize=True)

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
        include = [t for t in terms if not t.exclude]
        parts = [q for q in (term_query(t.text) for t in include) if q is not None]
        if include and not parts:
            return SearchResult(0, [], {}, terms)
        query = Q.And(parts) if parts else Q.Every()
        excluded = [q for q in (term_query(t.text) for t in terms if t.exclude) if q is not None]
        filters = [Q.Term(name, str(value)) for name, value in
                   (("department", department), ("items", item), ("doc_type", doc_type), ("years", year)) if value]
        if filters:
            query = Q.And([query, *filters]) if parts or len(filters) > 1 else Q.And(filters)
        if excluded:
            # Not Q.AndNot: whoosh's AndNotMatcher skips the first document of the positive side
            # when the excluded matcher starts before it, so a filtered search with `-term`
            # returned documents containing the excluded term. And+Not is exact.
            query = Q.And([query, Q.Not(Q.Or(excluded))])
        groupedby = Facets()
        if facets:
            for name in FACETS:
                groupedby.add_field(name, allow_overlap=name != "doc_type")
        with self._searcher() as searcher:
            # limit=None: with a limit, whoosh skips blocks by quality and then len(results) runs
            # the whole query a second time just to count (profiled: up to half of search time).
            # Collecting every match once, exactly, and sorting is cheaper. (optimize=False is
            # not an alternative: its running total undercounts, e.g. 1044 of 1454 matches.)
            kwargs: dict = {"limit": None}
            if facets:
                kwargs["groupedby"] = groupedby
            if not parts:
                kwargs["sortedby"] = FieldFacet("num", reverse=True)
            results = searcher.search(query, **kwargs)
            hits = [(int(hit["id"]), float(hit.score or 0.0)) for hit in results[offset:offset + limit]]
            counts = {}
            if facets:
                for name in FACETS:
                    groups = results.groups(name)
                    counts[name] = {str(k): len(v) for k, v in groups.items() if k not in ("", None)}
            return SearchResult(len(results), hits, counts, terms)


def _has_segments(searcher) -> bool:
    segments = getattr(searcher.reader(), "segments", None)
    return callable(segments) and segments() is not None


def term_query(text: str) -> Q.Query | None:
    """A term matches its exact string in the title or the content."""
    tokens = [t for t, _ in query_tokens(text)]
    if not tokens:
        return None
    return Q.Or([_field_query(name, tokens) for name in ("title", "content")])


def _field_query(name: str, tokens: list[str]) -> Q.Query:
    if len(tokens) > 1:
        return Q.Phrase(name, tokens)
    token = tokens[0]
    if len(token) == 1 and not token.isascii():
        return Q.Or([Q.Term(name, token), Q.Prefix(name, token)])
    return Q.Term(name, token)
