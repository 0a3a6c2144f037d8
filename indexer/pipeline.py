"""The ingest pipeline: the one place that decides the order of the steps.

    found file → store bytes (content-addressed) → record location → extract (killable worker)
    → tag → save → index (batched, explicit)

Every step is idempotent, so a crash anywhere resumes without duplicates: stored blobs are
found again by hash, documents by sha256, unfinished extractions by status 'pending', and
unindexed changes by the `index_dirty` flag.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from archive.blobstore import StoredBlob
from archive.crosscheck import save_document_checks
from archive.errors import SourceChanged, StorageError
from archive.store import Archive, Recorded
from archive.unassigned import assigned_department
from indexer.extract import ExtractionError, ExtractOptions
from indexer.extract.sniff import sniff_format
from indexer.queue_board import QueueBoard
from indexer.titles import content_title
from indexer.sandbox import PRELOAD, ExtractionPool, Limits, Outcome, Task, preload_for
from indexer.search.engines import search_index
from indexer.search.index import IndexDoc, IndexUnavailable, SearchIndex
from indexer.watch.filters import FoundFile, walk
from spine.config import UNKNOWN_DEPARTMENT, Config
from archive.county_lock import home_lock

log = logging.getLogger(__name__)
INDEX_BATCH = 500      # documents per index commit, at most
INDEX_MIN_BATCH = 500  # during extraction, index once this many saved documents wait (the rest at the end);
#                        each commit writes a segment and waits for the merges it starts
STORE_THREADS = 2      # helper threads copying files into the blob store
STORE_AHEAD = 4        # files copied ahead of the one being recorded
COUNTERS = {"new": "new", "duplicate": "duplicates", "version": "versions"}
OUTSIDE_LINK = "outside_link"
OUTSIDE_LINK_MESSAGE = ("该文件是指向共享文件夹之外或其他部门文件夹的链接（快捷方式），出于安全考虑未读取；"
                        "请把文件本身复制到本部门的文件夹中")
DEFERRED_MESSAGE = "文件在读取时仍在写入或被修改，暂未存档，稍后自动重试"


@dataclass
class IngestReport:
    seen: int = 0
    unchanged: int = 0
    new: int = 0
    duplicates: int = 0
    versions: int = 0
    removed: int = 0
    extracted: int = 0
    failed: int = 0
    deferred: int = 0
    indexed: int = 0
    queued: int = 0  # handed to the Celery workers ([cluster] broker_url) instead of extracted here
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class _Run:
    """One ingest's bookkeeping while files are stored, extracted and indexed at the same time."""

    report: IngestReport
    progress: Progress | None
    submitted: set = field(default_factory=set)  # document ids handed to the workers
    saved: int = 0
    unindexed: int = 0


def sandbox_settings(config) -> tuple[ExtractOptions, Limits]:
    """What extraction and conversion workers run with, from the home's [ocr] and [limits]."""
    return (ExtractOptions(config.ocr_language, config.ocr_dpi, config.max_pages, config.ocr_page_timeout_seconds,
                           config.ocr_engine, cores=config.workers),
            Limits(config.file_timeout_seconds, config.ocr_page_timeout_seconds, config.worker_memory_mb))


class Ingestor:
    """Pipeline context for one process: config, archive, index, catalog and workers."""

    def __init__(self, config: Config, archive: Archive, index: SearchIndex, catalog=None) -> None:
        self.config = config
        self.archive = archive
        self.index = index
        self.catalog = catalog
        self.options, self.limits = sandbox_settings(config)
        self._pool: ExtractionPool | None = None
        self._pool_of: Ingestor | None = None  # another home's, whose pool this one uses (share_pool)
        self._preload = PRELOAD  # the fork server's imports; a scan picks them for its files
        self._queue = None  # an extraction_queue.Enqueuer, in cluster mode with a broker
        self.board = QueueBoard(config.var)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._queue is not None:
            self._queue.close()
            self._queue = None
        self.board.close()

    @property
    def queue(self):
        """The Celery workers' queue ([cluster] broker_url), or None: extraction runs here."""
        if self._queue is None and self.config.cluster_broker_url:
            from indexer.extraction_queue import Enqueuer

            self._queue = Enqueuer(self.config)
        return self._queue

    def share_pool(self, other: "Ingestor") -> None:
        """Extract in `other`'s sandbox pool when its settings are this home's (one worker
        process serving several counties keeps one extraction process, not one per county)."""
        if (other.options, other.limits) == (self.options, self.limits):
            self._pool_of = other

    @property
    def pool(self) -> ExtractionPool:
        if self._pool_of is not None:
            return self._pool_of.pool
        if self._pool is None:
            self._pool = ExtractionPool(self.config.workers, self.options, self.limits, self._preload)
            self._pool.monitor = self.board
        return self._pool

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One ingest at a time per home, or per county across machines (spine.ingest_lock); a
        second one waits its turn."""
        with home_lock(self.config):
            yield

    # -- the steps -------------------------------------------------------------------------

    def scan(self, progress: Progress | None = None) -> IngestReport:
        """Reconcile the whole share with the archive, once."""
        started = time.monotonic()
        report = IngestReport()
        with self.lock():
            self.archive.blobs.clean_temporaries()
            refused: list[str] = []
            found = {f.rel: f for f in walk(self.config.watch_root, refused)}
            self._record_refused_links(refused, report)
            if self._pool is None:
                self._preload = preload_for(found, self.options.ocr_engine)
            current = self.archive.current_locations()
            for rel in sorted(set(current) - set(found)):
                self.archive.mark_removed(rel)
                report.removed += 1
            self._ingest(list(found.values()), current, report, progress)
        report.seconds = round(time.monotonic() - started, 3)
        return report

    def _record_refused_links(self, refused: list[str], report: IngestReport) -> None:
        """A link out of the share is never followed, but never silently: the department sees why.

        Recorded once while it stays (rescans do not pile up rows) and resolved once it is gone.
        """
        already = self.archive.open_error_paths(OUTSIDE_LINK)
        for rel in refused:
            if rel not in already:
                self.archive.record_error(rel, "scan", OUTSIDE_LINK, OUTSIDE_LINK_MESSAGE)
            report.errors.append({"path": rel, "code": OUTSIDE_LINK, "message": OUTSIDE_LINK_MESSAGE, "detail": ""})
        for rel in already - set(refused):
            self.archive.resolve_errors(rel)

    def ingest_files(self, files: Iterable[FoundFile], progress: Progress | None = None) -> IngestReport:
        """Ingest these files (from the watcher); unchanged ones cost a stat."""
        started = time.monotonic()
        report = IngestReport()
        with self.lock():
            self._ingest(list(files), None, report, progress)
        report.seconds = round(time.monotonic() - started, 3)
        return report

    def remove(self, rels: Iterable[str]) -> IngestReport:
        report = IngestReport()
        with self.lock():
            for rel in rels:
                if self.archive.mark_removed(rel) is not None:
                    report.removed += 1
            report.indexed = self.flush_index()
        return report

    def _ingest(self, files: list[FoundFile], current: dict | None, report: IngestReport, progress) -> None:
        """Store each file and hand it to the workers at once, saving outcomes as they arrive and
        indexing them in batches meanwhile: archiving, extraction and indexing overlap."""
        report.seen += len(files)
        run = _Run(report, self._reporting(progress))
        if self.queue is None or current is not None:  # queued: a scan finds what a lost message left pending
            for row in self.archive.pending_documents():  # left unfinished by a crash (or --retry-failed)
                if row["path"]:
                    self._submit(run, Task(row["id"], self.archive.blobs.path_for(row["sha256"]), row["path"]),
                                 again=True)
        for done, (found, copied) in enumerate(self._copied_in(files, current, report), start=1):
            if copied is not None:
                task = self._record(found, copied, report)
                if task is not None:
                    self._submit(run, task)
            run.progress("archive", done, len(files))
            self._collect(run, wait=False)
        while self._pool is not None and self._pool.outstanding:
            self._collect(run, wait=True)
        report.indexed += self.flush_index()

    def _reporting(self, progress: Progress | None) -> Progress:
        """The caller's progress (a terminal bar) and the queue board both hear every step."""
        def report(stage: str, done: int, total: int) -> None:
            self.board.stage(stage, done, total)
            if progress:
                progress(stage, done, total)
        return report

    def _copied_in(self, files: list[FoundFile], current: dict | None, report: IngestReport) -> Iterator[tuple]:
        """Each file in order with the future of its copy into the blob store (None: unchanged
        since it was archived, nothing to read). Copies run a few files ahead in helper threads,
        so one file's bytes are read and hashed while the previous one's are synced to disk."""
        with ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="store") as copier:
            ahead: deque = deque()
            for found in files:
                location = current.get(found.rel) if current is not None else self.archive.current_location(found.rel)
                if location is not None and (location["size"], location["mtime_ns"]) == (found.size, found.mtime_ns):
                    report.unchanged += 1
                    ahead.append((found, None))
                else:
                    ahead.append((found, copier.submit(self._copy_in, found)))
                while ahead and (ahead[0][1] is None or len(ahead) > STORE_AHEAD):
                    yield ahead.popleft()
            while ahead:
                yield ahead.popleft()

    def _copy_in(self, found: FoundFile) -> tuple[StoredBlob, str]:
        """In a helper thread: the file's bytes into the blob store."""
        return store_copy(self.archive, found.path, PurePosixPath(found.rel).name)

    def _record(self, found: FoundFile, copied: Future, report: IngestReport) -> Task | None:
        try:
            blob, fmt = copied.result()
        except SourceChanged:
            report.deferred += 1  # still being written: the watcher or the next scan retries
            self.archive.log(found.rel, "deferred", None, DEFERRED_MESSAGE)  # visible in the activity log
            return None
        except (StorageError, OSError) as exc:
            code = "storage" if isinstance(exc, StorageError) else "unreadable"
            message = ("存档失败（磁盘空间不足或存储不可写），稍后自动重试" if code == "storage"
                       else "无法读取该文件（权限不足或文件已被移走），稍后自动重试")
            self.archive.record_error(found.rel, "store", code, message)
            report.errors.append({"path": found.rel, "code": code, "message": message, "detail": str(exc)})
            return None
        recorded = record_stored(self.config, self.archive, found.rel, blob, fmt, found.size, found.mtime_ns)
        counter = COUNTERS.get(recorded.action, "unchanged")
        setattr(report, counter, getattr(report, counter) + 1)
        if recorded.needs_extraction:  # the worker need not sniff the blob again
            return Task(recorded.document_id, self.archive.blobs.path_for(blob.sha256), found.rel, fmt)
        if recorded.action in ("duplicate", "version"):
            self._report_known_failure(found.rel, recorded.document_id, report)
        return None

    def _submit(self, run: "_Run", task: Task, again: bool = False) -> None:
        if task.key in run.submitted:
            return
        run.submitted.add(task.key)
        if self.queue is None:
            self.pool.submit(task)
        elif self.queue.enqueue(task.key, task.path.name, task.name, task.kind, again=again):
            run.report.queued += 1

    def extract_queued(self, doc_id: int, sha256: str, name: str, kind: str | None) -> str:
        """One document taken from the queue by a Celery worker (indexer.extraction_queue): its
        blob extracted in this process's sandbox, the outcome saved as a local scan saves it
        (marked for indexing: the worker's index thread commits outcomes in batches, since one
        index commit per document would cost more than extracting a text file). Safe to run
        twice: a document no longer pending is neither extracted nor saved again."""
        row = self.archive.document(doc_id)
        if row["sha256"] != sha256:
            return "stale"  # the id names other bytes (an archive rebuilt since): nothing to do
        if row["status"] != "pending":
            return "already"
        path = self.archive.blobs.path_for(sha256)
        if not path.exists():
            raise StorageError(f"blob {sha256} not in the blob store (yet)")
        outcome = next(self.pool.map([Task(doc_id, path, name, kind)]))
        if not self._save_outcome(outcome, IngestReport(), claim=True):
            return "already"
        return "failed: " + outcome.error.code if outcome.error else "extracted"

    def _collect(self, run: "_Run", wait: bool) -> None:
        """Save every outcome that is ready (waiting for one if `wait`); index whenever enough
        documents are waiting, also in the middle of a burst of outcomes, so documents become
        searchable while the scan goes on. While the index is written the workers go on
        extracting."""
        pool = self._pool
        if pool is None:
            return
        outcome = pool.next_outcome(timeout=None if wait else 0)
        while outcome is not None:
            self._save_outcome(outcome, run.report)
            run.saved += 1
            run.unindexed += 1
            if run.progress:
                run.progress("extract", run.saved, len(run.submitted))
            if run.unindexed >= INDEX_MIN_BATCH:
                run.report.indexed += self.flush_index()
                run.unindexed = 0
            outcome = pool.next_outcome(timeout=0)

    def _save_outcome(self, outcome: Outcome, report: IngestReport, claim: bool = False) -> bool:
        """Text, status and tags of one document, in one transaction: a crash never leaves an
        extracted document without its tags (it would not be extracted or tagged again).
        `claim`: save only if the document is still pending (another run of a queued task may
        have saved it meanwhile); False when nothing was saved."""
        doc_id, rel = outcome.task.key, outcome.task.name
        extraction = outcome.extraction
        if extraction is not None and not any(p.text.strip() for p in extraction.pages):
            outcome.error = ExtractionError(
                "no_text", "未能从文件中识别出任何文字（空白页、损坏、加密或纯图片无文字）；如为现场照片可忽略，如为文件请重新扫描")
            outcome.extraction = None
        if outcome.error is None:
            pages, fallback_title, revisions = [p.text for p in extraction.pages], extraction.title, extraction.revisions
        else:
            pages, fallback_title, revisions = [], None, False
        locations = self.archive.locations(doc_id)  # read once for the tags and the checks
        tagging = self._tagging(doc_id, pages, fallback_title, revisions, locations)  # before the write lock
        failed_paths = [rel]
        checks = self._document_checks(doc_id, extraction, locations) if outcome.error is None else None
        with self.archive.transaction():
            if claim and self.archive.document(doc_id)["status"] != "pending":
                return False
            if outcome.error is not None:
                err = outcome.error
                self.archive.save_failure(doc_id, rel, err.code, err.message)
                for other in sorted(_live_paths(self.archive.locations(doc_id)) - {rel}):  # the same bytes elsewhere
                    self.archive.record_error(other, "extract", err.code, err.message, doc_id)
                    failed_paths.append(other)
            else:
                self.archive.save_extraction(doc_id, extraction.pages, extraction.ocr, title=extraction.title,
                                             revisions=revisions,
                                             content_title=content_title(pages, extraction.meta_title,
                                                                         PurePosixPath(rel).stem))
                if checks is not None:
                    save_document_checks(self.archive, doc_id, *checks)
            if tagging is not None:
                self.archive.save_tags(doc_id, tagging)
        if outcome.error is not None:
            err = outcome.error
            for path in failed_paths:
                report.failed += 1
                report.errors.append({"path": path, "code": err.code, "message": err.message, "detail": err.detail})
        else:
            report.extracted += 1
        return True

    def _report_known_failure(self, rel: str, doc_id: int, report: IngestReport) -> None:
        """A file whose bytes already failed (an empty file in a second department) fails here
        too: recorded for this path, so its department sees it."""
        row = self.archive.document(doc_id)
        if row["status"] != "failed":
            return
        with self.archive.transaction():
            self.archive.record_error(rel, "extract", row["error_code"], row["error"], doc_id)
        report.failed += 1
        report.errors.append({"path": rel, "code": row["error_code"], "message": row["error"], "detail": ""})

    def retag(self, doc_id: int) -> None:
        revisions = bool(self.archive.document(doc_id)["revisions"])
        tagging = self._tagging(doc_id, [p["text"] for p in self.archive.pages(doc_id)], revisions=revisions)
        if tagging is not None:
            self.archive.save_tags(doc_id, tagging)

    def _document_checks(self, doc_id: int, extraction, locations: list | None = None) -> tuple | None:
        """Seal, signature and reported figures: what inspectors check on the document itself.
        `locations`: the document's, when the caller has read them already."""
        if self.catalog is None:
            return None
        from indexer.indicators import read_figures
        from indexer.signature import signature_facts

        if locations is None:
            locations = self.archive.locations(doc_id)
        paths = [loc["path"] for loc in locations]
        title = PurePosixPath(paths[0]).stem if paths else (extraction.title or "")
        texts = [p.text for p in extraction.pages]
        issuer, note = signature_facts(title, paths, texts, extraction.seals, self.catalog)
        figures = read_figures([(p.number, p.text) for p in extraction.pages], self.catalog.indicators,
                               f"{title}\n{extraction.title or ''}", extraction.tables)
        return extraction.seals, issuer, note, figures

    def _tagging(self, doc_id: int, pages: list[str], title: str | None = None, revisions: bool = False,
                 locations: list | None = None):
        """Rule tags from the document's locations and page texts. `title` stands in for the
        stored title (used only by a document without any location); `locations`: the
        document's, when the caller has read them already."""
        if self.catalog is None:
            return None
        from indexer.tagging import TagInput, tag_document

        if locations is None:
            locations = self.archive.locations(doc_id)
        paths = [loc["path"] for loc in locations]
        if paths:
            title = PurePosixPath(paths[0]).stem
        elif not title:
            title = self.archive.document(doc_id)["title"] or ""
        return tag_document(TagInput(title, paths, pages, tracked_changes=revisions), self.catalog)

    # -- the index -------------------------------------------------------------------------

    def index_doc(self, doc_id: int) -> IndexDoc:
        row = self.archive.document(doc_id)
        locations = self.archive.locations(doc_id)
        names = list(dict.fromkeys(PurePosixPath(loc["path"]).name for loc in locations))
        title = "\n".join(names + ([row["title"]] if row["title"] else []))
        content = "\n".join(p["text"] for p in self.archive.pages(doc_id))
        live = [loc for loc in locations if loc["removed_at"] is None and loc["superseded_at"] is None]
        departments = sorted({loc["department"] for loc in (live or locations)})
        return IndexDoc(doc_id, title, content, departments, self.archive.items_of(doc_id), row["doc_type"],
                        json.loads(row["years"] or "[]"), row["status"])

    def flush_index(self) -> int:
        """Write every changed document to the index in batches, then clear its flag."""
        total = 0
        while True:
            ids = self.archive.dirty_settled_ids(INDEX_BATCH)  # not 'pending': extraction has finished
            if not ids:
                return total
            self.index.add(self.index_doc(i) for i in ids)
            self.archive.mark_indexed(ids)
            total += len(ids)

    def rebuild_index(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the archive alone, under the ingest lock."""
        with self.lock():
            return self._rebuild_index(progress)

    def _rebuild_index(self, progress: Progress | None = None) -> int:
        """One writer, one commit that replaces every document: searchers see the old index until
        the new one is complete. A crash before the commit leaves every document marked dirty,
        so the next writer indexes them all again."""
        self.archive.mark_dirty()
        ids = [i for i in self.archive.document_ids() if self.archive.document(i)["status"] != "pending"]

        def docs():
            for done, doc_id in enumerate(ids, start=1):
                yield self.index_doc(doc_id)
                if progress and (done % 100 == 0 or done == len(ids)):
                    progress("index", done, len(ids))

        self.index.replace_all(docs())
        self.archive.mark_indexed(ids)
        return len(ids)

    def recover_index(self, progress: Progress | None = None) -> bool:
        """The writer's repair of an index that fails to open: under the ingest lock, open it
        again (another writer may have rebuilt it meanwhile); if it still fails, set it aside
        (an older format is deleted) and rebuild it from the archive. True if rebuilt."""
        with self.lock():
            return self.recover_index_locked(progress)

    def recover_index_locked(self, progress: Progress | None = None) -> bool:
        try:
            self.index.open(create=True)
            return False
        except IndexUnavailable as exc:
            log.warning("%s; rebuilding it from the archive", exc)
        moved = self.index.set_aside_and_recreate()
        if moved:
            log.warning("the unreadable index was kept at %s", moved)
        self._rebuild_index(progress)
        return True




def _live_paths(locations: list) -> set[str]:
    return {loc["path"] for loc in locations if loc["removed_at"] is None and loc["superseded_at"] is None}


def department_of(config: Config, rel: str) -> str:
    """The department whose folder holds the file; files loose at the top belong to none."""
    first = rel.split("/", 1)[0]
    return first if first in config.department_folders and "/" in rel else UNKNOWN_DEPARTMENT


def store_copy(archive: Archive, path: Path, name: str) -> tuple[StoredBlob, str]:
    """A file's bytes into the blob store (synced, then named), and its format sniffed from
    the stored copy, so what is extracted is exactly what was stored."""
    blob = archive.blobs.put_file(path)
    return blob, sniff_format(archive.blobs.path_for(blob.sha256), name)


def record_stored(config: Config, archive: Archive, rel: str, blob: StoredBlob, fmt: str, size: int,
                  mtime_ns: int) -> Recorded:
    """Stored bytes attached to their path in the share, as a new document, a duplicate or a
    new version; a new document waits (status 'pending') for the next ingest to extract it."""
    name = PurePosixPath(rel).name
    department = department_of(config, rel)
    if department == UNKNOWN_DEPARTMENT:  # an admin may have given this path a department
        department = assigned_department(archive, rel) or department
    return archive.record_file(rel, department, blob, size, mtime_ns, fmt, PurePosixPath(name).stem)

def open_index(config: Config, create: bool) -> tuple[SearchIndex, IndexUnavailable | None]:
    """Open the index as it is: never moved, rebuilt or deleted here (read-only commands open it
    too, without `create`). Returns the reason it cannot be used, for a writer to recover
    (Ingestor.recover_index)."""
    index = search_index(config)
    try:
        index.open(create=create)
    except IndexUnavailable as exc:
        return index, exc
    return index, None
