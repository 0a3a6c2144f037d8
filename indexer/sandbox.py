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
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Iterable, Iterator

from indexer.extract.result import Extraction, ExtractionError, ExtractOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    key: object
    path: Path
    name: str


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


def _exit_when_orphaned(parent: int, interval: float = 0.5) -> None:
    """Kill this worker's process group (Tesseract included) once the ingest process is gone.

    Workers run in their own process group so that a timeout can kill a whole group; the price
    is that a SIGKILLed ingest process no longer takes them with it, and an orphan would go on
    parsing (or OCR-ing a 500-page scan) for nobody, competing with the restarted ingest.
    """
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os.killpg(0, signal.SIGKILL)


def _worker_main(conn: Connection, options: ExtractOptions, memory_mb: int, parent: int) -> None:
    os.setpgrp()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
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
        path, name = message
        try:
            result = extract_file(Path(path), name, options, progress=lambda n: conn.send(("progress", n)))
            conn.send(("done", result))
        except ExtractionError as exc:
            conn.send(("error", exc))
        except MemoryError:
            conn.send(("error", ExtractionError("out_of_memory", "文件过大或结构异常，解析时超出内存上限")))
        except RecursionError:
            conn.send(("error", ExtractionError("corrupt_file", "文件结构异常（嵌套过深），无法解析")))
        except Exception as exc:  # a parser bug on a hostile file must not end the worker
            conn.send(("error", ExtractionError("parse_error", "文件内容无法解析（可能已损坏）", f"{type(exc).__name__}: {exc}"[:500])))


class _Worker:
    def __init__(self, ctx, options: ExtractOptions, limits: Limits) -> None:
        self.ctx, self.options, self.limits = ctx, options, limits
        self.process: mp.process.BaseProcess | None = None
        self.conn: Connection | None = None

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.process = self.ctx.Process(
            target=_worker_main, args=(child, self.options, self.limits.memory_mb, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.conn = parent

    def kill(self) -> None:
        if self.process is not None and self.process.pid:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None

    def stop(self) -> None:
        if self.conn is not None and self.process is not None and self.process.is_alive():
            try:
                self.conn.send(None)
                self.process.join(5)
            except (OSError, BrokenPipeError):
                pass
        self.kill()

    def run(self, task: Task) -> Outcome:
        if self.process is None or not self.process.is_alive():
            self.kill()
            self.start()
        started = time.monotonic()
        try:
            self.conn.send((str(task.path), task.name))
        except (OSError, BrokenPipeError):
            self.kill()
            return Outcome(task, None, ExtractionError("worker_crashed", "解析进程异常退出"), 0.0)
        deadline = started + self.limits.file_timeout
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0 or not self.conn.poll(wait):
                if time.monotonic() >= deadline:
                    self.kill()
                    return Outcome(task, None, ExtractionError(
                        "timeout", f"解析超时（超过 {deadline - started:.0f} 秒），文件可能过大或结构异常"),
                        time.monotonic() - started)
                continue
            try:
                kind, payload = self.conn.recv()
            except (EOFError, OSError):
                self.kill()
                return Outcome(task, None, ExtractionError(
                    "worker_crashed", "解析进程意外终止（文件可能导致内存耗尽或解析器崩溃）"), time.monotonic() - started)
            if kind == "progress":  # a long scan that keeps finishing pages is not hung
                deadline = max(deadline, time.monotonic() + self.limits.page_timeout)
                continue
            seconds = time.monotonic() - started
            if kind == "done":
                return Outcome(task, payload, None, seconds)
            return Outcome(task, None, payload, seconds)


class ExtractionPool:
    """N killable workers; `map` yields outcomes as they finish, in any order."""

    def __init__(self, workers: int, options: ExtractOptions, limits: Limits) -> None:
        ctx = mp.get_context("spawn")
        self._workers = [_Worker(ctx, options, limits) for _ in range(max(1, workers))]

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()

    def map(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        todo: queue.Queue = queue.Queue()
        done: queue.Queue = queue.Queue()
        count = 0
        for task in tasks:
            todo.put(task)
            count += 1
        if count == 0:
            return

        def serve(worker: _Worker) -> None:
            while True:
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put(worker.run(task))
                except Exception as exc:  # never lose a task's outcome
                    log.exception("worker failure")
                    worker.kill()
                    done.put(Outcome(task, None, ExtractionError("worker_crashed", "解析进程异常", str(exc)), 0.0))

        threads = [threading.Thread(target=serve, args=(w,), daemon=True) for w in self._workers[:count]]
        for thread in threads:
            thread.start()
        for _ in range(count):
            yield done.get()
        for thread in threads:
            thread.join()
