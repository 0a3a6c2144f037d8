"""The pages of one document, read by one OCR engine, up to one page per idle core at a time.

The page reader knows nothing of any engine but its `prepare` and `read`: the CPU slots
(indexer.ocr.cpu_slots) decide how many pages run at once, each on one core.
"""

from __future__ import annotations

import collections
import contextlib
import os
import subprocess
import threading
from typing import Callable, Hashable

from PIL import Image

from archive.store import PageText
from indexer.extract.normalize import normalize_text
from indexer.extract.result import ExtractionError
from indexer.ocr import cpu_slots
from indexer.ocr.engine import Engine, OcrPage, open_engine

EXTRA_LANE_POLL = 0.05  # seconds between an extra lane's looks for a free core


class PageReader:
    """OCR of one document's pages, up to one page per idle core at a time.

    The caller renders pages one after another in its own thread (PDFium and PIL images are not
    thread-safe) and hands each over with `add`, which has the engine prepare it there and queues
    it; the engine reads it in a lane thread. Lane 0 is the worker's own core and always runs; further lanes start a
    page only while a core's slot is free and no worker waits for one. At most one encoded page
    waits in the queue. `on_done(key)` is called in the caller's thread (inside `add` and
    `finish`) as pages complete, so progress reports never cross threads. The first error
    (timeout, engine failure) is raised in the caller's thread; leaving the `with` block kills
    whatever engine process (Tesseract) is still running.
    """

    def __init__(self, lang: str, timeout: float, on_done: Callable[[Hashable], None] | None = None,
                 lanes: int | None = None, engine: str | Engine = "auto", cores: int | None = None) -> None:
        """`cores`: the extraction pool's size (ExtractOptions.cores), at most that many pages at
        once across the machine's workers; None: every usable core."""
        self.engine = open_engine(engine, lang) if isinstance(engine, str) else engine
        self.lang, self.timeout, self.on_done = lang, timeout, on_done
        self.cores = cpu_slots.usable_cores(cores)
        self.lanes = max(1, lanes if lanes is not None else self.cores)
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[Hashable, object]] = collections.deque()
        self._busy = 0
        self._results: dict[Hashable, OcrPage] = {}
        self._finished: list[Hashable] = []  # completed, not yet reported
        self._error: BaseException | None = None
        self._closed = False
        self._procs: set[subprocess.Popen] = set()
        self._threads: list[threading.Thread] = []
        self._slot = cpu_slots.cpu_slot(self.cores)

    def __enter__(self) -> "PageReader":
        self._slot.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.close()
        finally:
            self._slot.__exit__(None, None, None)

    # caller's side

    def add(self, key: Hashable, image: Image.Image) -> None:
        data = self.engine.prepare(image)
        self._wait_until(lambda: not self._queue)
        with self._cond:
            self._queue.append((key, data))
            if not self._threads:
                for index in range(self.lanes):
                    thread = threading.Thread(target=self._lane, args=(index,), daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._cond.notify_all()

    def finish(self) -> dict[Hashable, OcrPage]:
        """Wait for every page added; the pages read, by key."""
        self._wait_until(lambda: not self._queue and self._busy == 0)
        return dict(self._results)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._queue.clear()
            for proc in self._procs:
                with contextlib.suppress(OSError):
                    proc.kill()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(30)

    def _wait_until(self, ready: Callable[[], bool]) -> None:
        while True:
            with self._cond:
                while not (self._finished or self._error or ready()):
                    self._cond.wait()
                finished, self._finished = self._finished, []
                error, done = self._error, ready()
            if self.on_done:
                for key in finished:
                    self.on_done(key)
            if error is not None:
                raise error
            if done and not finished:
                return

    # the lanes

    def _lane(self, index: int) -> None:
        slot: int | None = None
        while True:
            with self._cond:
                while True:
                    if self._closed or self._error is not None:
                        if slot is not None:
                            os.close(slot)
                        return
                    # Lane i (i > 0) reads only beside i pages already being read, and only on an
                    # idle core: a free slot while no worker waits for one.
                    wanted = bool(self._queue) and (index == 0 or self._busy >= index)
                    if wanted and (index == 0 or slot is not None):
                        key, data = self._queue.popleft()
                        self._busy += 1
                        self._cond.notify_all()
                        break
                    if wanted:
                        slot = cpu_slots.idle_core(self.cores)
                        if slot is None:
                            self._cond.wait(EXTRA_LANE_POLL)
                    else:
                        if slot is not None:
                            os.close(slot)
                            slot = None
                        self._cond.wait()
            try:
                page, error = self._read(data), None
            except BaseException as exc:  # handed to the caller's thread
                page, error = None, exc
            finally:
                if slot is not None:
                    os.close(slot)
                    slot = None
            with self._cond:
                self._busy -= 1
                if error is not None:
                    self._error = self._error or error
                else:
                    self._results[key] = page
                    self._finished.append(key)
                self._cond.notify_all()

    def _read(self, data: object) -> OcrPage:
        return self.engine.read(data, self.timeout, self)

    # the engine's processes: killed when the reader closes

    def start(self, argv: list[str], pass_fds: tuple[int, ...]) -> subprocess.Popen:
        with self._cond:
            if self._closed:
                raise ExtractionError("ocr_failed", "文字识别已中止")
            try:
                proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, pass_fds=pass_fds, env=cpu_slots.one_thread_env())
            except OSError as exc:
                raise ExtractionError("ocr_failed", "文字识别失败", f"{argv[0]}: {exc}"[:300]) from exc
            self._procs.add(proc)
            return proc

    def forget(self, proc: subprocess.Popen) -> None:
        with self._cond:
            self._procs.discard(proc)


def ocr_image(image: Image.Image, lang: str, timeout: float, engine: str | Engine = "auto") -> OcrPage:
    """One image read (a single page: no extra lanes)."""
    with PageReader(lang, timeout, lanes=1, engine=engine) as reader:
        reader.add(0, image)
        return reader.finish()[0]


def page_text(number: int, page: OcrPage) -> PageText:
    """An OCR page as the archive keeps it: normalised text, the engine's own text, line boxes."""
    return PageText(number, normalize_text(page.text), raw=page.text, ocr=True, lines=page.line_records(),
                    layout=page.layout())
