"""Extraction in worker processes that can be killed.

Parsers and OCR meet hostile files (zip bombs, pathological PDFs, 20000×20000 images). Each
worker runs with an address-space limit in its own process group; the parent gives every file
a deadline that is extended while the worker reports page progress, and kills the group
(Tesseract included) when it expires. A crashed or killed worker is replaced; the run goes on.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import signal
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from indexer.extract.result import Extraction, ExtractionError, ExtractOptions
from indexer.extract.sniff import IMAGE_SUFFIXES

log = logging.getLogger(__name__)

EXTRACT = "extract"
RENDER = "render"


@dataclass(frozen=True)
class Task:
    key: object
    path: Path
    name: str
    kind: str | None = None  # the format already sniffed by the caller; None: the worker sniffs
    action: str = EXTRACT    # EXTRACT: outcome.extraction is an Extraction; RENDER: the PDF's page count
    target: Path | None = None  # RENDER: where the PDF is written


@dataclass
class Outcome:
    task: Task
    extraction: Extraction | None
    error: ExtractionError | None
    seconds: float


@dataclass(frozen=True)
class Limits:
    file_timeout: float = 600.0
    page_timeout: float = 120.0
    memory_mb: int = 3072


def _exit_when_orphaned(lifeline: Connection) -> None:
    """Kill this worker's process group (Tesseract included) once the ingest process is gone.

    Workers run in their own process group so that a timeout can kill a whole group; the price
    is that a SIGKILLed ingest process no longer takes them with it, and an orphan would go on
    parsing (or OCR-ing a 500-page scan) for nobody, competing with the restarted ingest. The
    ingest process holds the only writing end of `lifeline`: reading it ends when that process
    does, however it ends (the worker's parent may be the fork server, not the ingest process).
    """
    try:
        lifeline.recv()
    except (EOFError, OSError):
        pass
    os.killpg(0, signal.SIGKILL)


def _worker_main(conn: Connection, lifeline: Connection, options: ExtractOptions, memory_mb: int) -> None:
    os.setpgrp()
    threading.Thread(target=_exit_when_orphaned, args=(lifeline,), daemon=True).start()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    from indexer.extract import extract_file

    while True:
        try:
            message = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        path, name, kind, action, target = message
        try:
            if action == RENDER:
                result = _render(Path(path), name, kind, Path(target), options)
            else:
                result = extract_file(Path(path), name, options, progress=lambda n, total=None, ocr=False: conn.send(("progress", (n, total, ocr))),
                                      kind=kind)
            conn.send(("done", result))
        except ExtractionError as exc:
            conn.send(("error", exc))
        except MemoryError:
            conn.send(("error", ExtractionError("out_of_memory", "文件过大或结构异常，解析时超出内存上限")))
        except RecursionError:
            conn.send(("error", ExtractionError("corrupt_file", "文件结构异常（嵌套过深），无法解析")))
        except Exception as exc:  # a parser bug on a hostile file must not end the worker
            conn.send(("error", ExtractionError("parse_error", "文件内容无法解析（可能已损坏）", f"{type(exc).__name__}: {exc}"[:500])))


def _render(path: Path, name: str, kind: str | None, target: Path, options: ExtractOptions) -> int:
    from indexer.convert.topdf import render_pdf
    from indexer.extract import sniff_format

    return render_pdf(path, kind or sniff_format(path, name), target, options.ocr_page_timeout * 2)


class _Worker:
    """One worker process and its pipe; used by one serving thread only."""

    def __init__(self, ctx, options: ExtractOptions, limits: Limits) -> None:
        self.ctx, self.options, self.limits = ctx, options, limits
        self.process: mp.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.lifeline: Connection | None = None

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        life_r, life_w = self.ctx.Pipe(duplex=False)
        self.process = self.ctx.Process(
            target=_worker_main, args=(child, life_r, self.options, self.limits.memory_mb), daemon=True
        )
        try:
            self.process.start()
        finally:
            child.close()
            life_r.close()
        self.conn, self.lifeline = parent, life_w

    def ensure_started(self) -> None:
        if self.process is None or not self.process.is_alive():
            self.kill()
            self.start()

    def kill(self) -> None:
        if self.process is not None and self.process.pid:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.join(5)
        for end in (self.conn, self.lifeline):
            if end is not None:
                end.close()
        self.process, self.conn, self.lifeline = None, None, None

    def ask_to_stop(self) -> None:
        if self.conn is not None and self.process is not None and self.process.is_alive():
            try:
                self.conn.send(None)
            except (OSError, BrokenPipeError):
                pass

    def stop(self) -> None:
        self.ask_to_stop()
        if self.process is not None:
            self.process.join(5)
        self.kill()

    def send(self, task: Task) -> bool:
        try:
            self.conn.send((str(task.path), task.name, task.kind, task.action,
                            str(task.target) if task.target else None))
            return True
        except (OSError, BrokenPipeError, AttributeError):
            return False


# What every worker needs, imported once by the fork server instead of once per worker: a spawned
# worker spends as much CPU starting (interpreter, python-docx, openpyxl, pdfplumber) as it takes
# to extract dozens of ordinary files, and a worker killed for a hostile file is replaced often.
PRELOAD_CORE = ("indexer.sandbox", "indexer.extract", "indexer.extract.image")
PRELOAD_DOCUMENTS = ("indexer.extract.docx", "indexer.extract.xlsx", "indexer.extract.text", "indexer.extract.pdf",
                     "docx", "openpyxl", "pypdfium2", "pdfplumber")
PRELOAD = PRELOAD_CORE + PRELOAD_DOCUMENTS
# PP-OCR's libraries cost each worker about 0.2 CPU s to import and its models 0.1 s to load: once
# in the fork server when the run holds pictures to read (indexer.ocr.ppocr_loaded).
PRELOAD_PPOCR = ("cv2", "onnxruntime", "rapidocr_onnxruntime", "indexer.ocr.ppocr", "indexer.ocr.ppocr_loaded")
_open_pools: "weakref.WeakSet[ExtractionPool]" = weakref.WeakSet()
_pools_lock = threading.Lock()


def preload_for(names: Iterable[str], ocr_engine: str) -> tuple[str, ...]:
    """What the fork server imports for a run over files of these names (a scan knows them
    before its first worker starts): a run of scans and photos only imports no Office or PDF
    library (0.25 CPU s a run), and one with pictures for PP-OCR imports its libraries once
    there rather than in every worker. A worker imports whatever else a file needs itself."""
    from indexer.ocr.engine import resolve

    suffixes = {PurePosixPath(name).suffix.lower() for name in names}
    pictures = bool(suffixes & set(IMAGE_SUFFIXES))
    modules = PRELOAD_CORE if suffixes and suffixes <= set(IMAGE_SUFFIXES) else PRELOAD
    return modules + PRELOAD_PPOCR if pictures and resolve(ocr_engine) == "ppocr" else modules


def _context(preload: tuple[str, ...] = PRELOAD):
    """Workers forked from a preloaded fork server (the first pool's `preload` while it lives);
    spawned where there is no fork server."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(list(preload))
    return ctx


def _stop_fork_server() -> None:
    """No pool left: the fork server (and its preloaded libraries) need not outlive it; the next
    pool starts a new one. Workers do not depend on it (see `_exit_when_orphaned`)."""
    try:
        from multiprocessing import forkserver

        forkserver._forkserver._stop()
    except Exception:  # private API: keeping an idle fork server is harmless
        log.debug("fork server not stopped", exc_info=True)


_STOP = object()
PREFETCH = 2      # tasks handed to one worker at a time (the one it works on and the next)
POLL_SLICE = 0.5  # seconds; how soon a serving thread notices that the pool is closing


class ExtractionPool:
    """N killable workers fed from one queue; outcomes come back as they finish, in any order.

    Workers start with the first task and then stay (a watcher reuses them). Each worker gets
    its next task before it has finished the current one when the queue is long, so it never
    waits for this process (busy indexing, holding the GIL) to hand it work; at the tail of a
    run each worker takes one task at a time, so no worker idles while another holds two.
    """

    def __init__(self, workers: int, options: ExtractOptions, limits: Limits,
                 preload: tuple[str, ...] = PRELOAD) -> None:
        """`preload`: what the fork server imports if this pool starts it (`preload_for`)."""
        ctx = _context(preload)
        self._start_method = ctx.get_start_method()
        self.limits = limits
        self._workers = [_Worker(ctx, options, limits) for _ in range(max(1, workers))]
        self._todo: queue.Queue = queue.Queue()
        self._done: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._outstanding = 0
        self._closing = threading.Event()
        self.monitor = None  # a QueueBoard: which file each worker reads, page n of m

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- feeding and collecting --------------------------------------------------------------

    def submit(self, task: Task) -> None:
        if self._closing.is_set():
            raise RuntimeError("extraction pool is closed")
        if not self._threads:
            with _pools_lock:
                _open_pools.add(self)
            self._threads = [threading.Thread(target=self._serve, args=(w,), name=f"extract-{n}", daemon=True)
                             for n, w in enumerate(self._workers)]
            for thread in self._threads:
                thread.start()
        self._outstanding += 1
        self._todo.put(task)

    @property
    def outstanding(self) -> int:
        """Tasks submitted whose outcome has not been collected yet."""
        return self._outstanding

    def next_outcome(self, timeout: float | None = None) -> Outcome | None:
        """The next finished outcome; None when nothing is outstanding or the wait timed out."""
        if self._outstanding == 0:
            return None
        try:
            outcome = self._done.get(timeout=timeout) if timeout != 0 else self._done.get_nowait()
        except queue.Empty:
            return None
        self._outstanding -= 1
        return outcome

    def map(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Run these tasks; yields their outcomes as they finish."""
        count = 0
        for task in tasks:
            self.submit(task)
            count += 1
        for _ in range(count):
            yield self.next_outcome()

    def close(self) -> None:
        """Stop the workers; tasks not finished yet are dropped (their documents stay pending)."""
        self._closing.set()
        while True:
            try:
                self._todo.get_nowait()
            except queue.Empty:
                break
        for _ in self._threads:
            self._todo.put(_STOP)
        for thread in self._threads:
            thread.join(POLL_SLICE * 4 + 10)
        for worker in self._workers:  # workers never served, or a thread that did not end in time
            worker.stop()
        started, self._threads = bool(self._threads), []
        if started:
            with _pools_lock:
                _open_pools.discard(self)
                if not _open_pools and self._start_method == "forkserver":  # its exit takes a moment: not waited for
                    threading.Thread(target=_stop_fork_server, name="stop-fork-server", daemon=True).start()

    # -- one thread per worker -----------------------------------------------------------------

    def _take(self, worker: _Worker, inflight: deque) -> bool:
        """Hand the worker its next task: waits when it has none, prefetches one when the queue
        is long. Returns False when this thread should end (pool closing, nothing in flight)."""
        if not inflight:
            task = self._todo.get()
            if task is _STOP or self._closing.is_set():
                return False
            inflight.append(task)  # from here on an outcome is owed, whatever happens
            worker.ensure_started()
            if not worker.send(task):
                inflight.popleft()
                worker.kill()
                self._done.put(Outcome(task, None, ExtractionError("worker_crashed", "解析进程异常退出"), 0.0))
            return True
        if len(inflight) < PREFETCH and self._todo.qsize() >= 2 * len(self._workers):
            try:
                task = self._todo.get_nowait()
            except queue.Empty:
                return True
            if task is _STOP:
                self._todo.put(task)  # for this thread again, once its tasks in flight are done
            elif worker.send(task):
                inflight.append(task)
            else:  # the worker is gone: the head's outcome says so; this task runs again
                self._todo.put(task)
        return True

    def _tell(self, event: str, task: Task, *args) -> None:
        """Report a worker's file to the monitor (extraction only: renditions are not the queue)."""
        monitor = self.monitor
        if monitor is None or task.action != EXTRACT:
            return
        try:
            if event == "started":
                monitor.started(task.key, task.name, task.kind)
            elif event == "page":
                monitor.page(task.key, *args)
            else:
                monitor.finished(task.key)
        except Exception:  # the queue view must never cost an outcome
            log.exception("queue monitor failure")

    def _put_outcome(self, outcome: Outcome) -> None:
        self._tell("finished", outcome.task)
        self._done.put(outcome)

    def _serve(self, worker: _Worker) -> None:
        inflight: deque[Task] = deque()
        announced = None
        started = deadline = 0.0
        try:
            while not self._closing.is_set() or inflight:
                try:
                    was_idle = not inflight
                    if not self._take(worker, inflight):
                        return
                    if not inflight:
                        continue
                    if was_idle:
                        started = time.monotonic()
                        deadline = started + self.limits.file_timeout
                    if self._closing.is_set():  # dropped: the documents stay pending for the next run
                        worker.kill()
                        inflight.clear()
                        return
                    head = inflight[0]
                    if head is not announced:
                        announced = head
                        self._tell("started", head)
                    wait = deadline - time.monotonic()
                    if wait <= 0:
                        worker.kill()
                        inflight.popleft()
                        self._requeue(inflight)
                        self._put_outcome(Outcome(head, None, ExtractionError(
                            "timeout", f"解析超时（超过 {deadline - started:.0f} 秒），文件可能过大或结构异常"),
                            time.monotonic() - started))
                        continue
                    if not worker.conn.poll(min(wait, POLL_SLICE)):
                        continue
                    try:
                        kind, payload = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.kill()
                        inflight.popleft()
                        self._requeue(inflight)
                        self._put_outcome(Outcome(head, None, ExtractionError(
                            "worker_crashed", "解析进程意外终止（文件可能导致内存耗尽或解析器崩溃）"),
                            time.monotonic() - started))
                        continue
                    if kind == "progress":  # a long scan that keeps finishing pages is not hung
                        deadline = max(deadline, time.monotonic() + self.limits.page_timeout)
                        self._tell("page", head, *payload)
                        continue
                    now = time.monotonic()
                    inflight.popleft()
                    if kind == "done":
                        self._put_outcome(Outcome(head, payload, None, now - started))
                    else:
                        self._put_outcome(Outcome(head, None, payload, now - started))
                    started, deadline = now, now + self.limits.file_timeout  # the prefetched task, if any
                except Exception as exc:  # never lose a task's outcome; the thread goes on
                    log.exception("extraction worker failure")
                    worker.kill()
                    while inflight:
                        self._put_outcome(Outcome(inflight.popleft(), None,
                                               ExtractionError("worker_crashed", "解析进程异常", str(exc)), 0.0))
        finally:
            if self._closing.is_set():
                worker.stop()

    def _requeue(self, tasks: deque) -> None:
        """Tasks prefetched by a worker that was killed never started: they run again elsewhere."""
        while tasks:
            self._todo.put(tasks.popleft())
