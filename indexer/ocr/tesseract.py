"""Tesseract behind one small module: version probe, page OCR, one error.

What a page costs besides Tesseract's own recognition is decided here (bench/README.md, OCR):

- A page reaches Tesseract as an uncompressed 8-bit BMP in an anonymous memory file
  (`tesseract /dev/fd/N stdout`), not as a PNG temporary file: encoding a 300 dpi scan as PNG
  (what pytesseract does) costs about half as much CPU as recognising it, and Tesseract decodes
  PNG, PGM (byte by byte) or its own stdin (character by character) 0.1-0.3 s slower per page
  than BMP. Same pixels, no resolution recorded (Tesseract estimates it, as before): the same
  text. Nothing is written to disk, so a killed worker leaves no temporary files behind.
- Tesseract's own OpenMP threading is slower than one process per core on this hardware, so
  every call runs with OMP_THREAD_LIMIT=1 and the parallelism comes from processes.
- A worker reading a multi-page scan reads up to one page per core at a time, but only on cores
  no other worker is using: `cpu_slot` marks the core a busy worker is on (machine-wide flock'd
  slot files, released by the kernel when a process dies), and an extra page starts only while a
  slot is free and no worker is waiting for one. A worker never waits for a slot, so this only
  fills idle cores; it cannot make a run slower than one page per worker at a time.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Hashable, Iterator

from PIL import Image, ImageOps

from indexer.extract.result import ExtractionError

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

SLOT_DIR = Path(tempfile.gettempdir()) / f"evidence-cpu-slots-{os.getuid()}"
EXTRA_LANE_POLL = 0.05  # seconds between an extra lane's looks for a free core
DEMAND_TRIES = 20  # a worker never waits for a core: at most this many 1 ms tries to say it wants one


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else None


@functools.lru_cache(maxsize=4)
def has_language(lang: str) -> bool:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = {line.strip() for line in out.stdout.splitlines()[1:]}
    return all(part in langs for part in lang.split("+"))


def check_available(lang: str) -> None:
    if tesseract_version() is None:
        raise ExtractionError("ocr_unavailable", "服务器未安装 Tesseract OCR，无法识别扫描件和图片")
    if not has_language(lang):
        raise ExtractionError("ocr_unavailable", f"服务器缺少 Tesseract 语言包 {lang}，无法识别扫描件")


def prepare(image: Image.Image) -> Image.Image:
    """Upright, flattened, greyscale: what Tesseract reads best.

    Transparent images are composited onto a background that contrasts with their ink, so
    white text on a transparent background is not lost on white.
    """
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        ink = rgba.convert("L")
        opaque = [v for v, a in zip(ink.resize((64, 64)).getdata(), alpha.resize((64, 64)).getdata()) if a > 128]
        bright_ink = bool(opaque) and sum(opaque) / len(opaque) > 160
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255) if bright_ink else (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image.convert("L")


def encode(image: Image.Image) -> bytes:
    """The prepared page as an 8-bit greyscale BMP: nothing to compress, the quickest for
    Leptonica to read. dpi 0: no resolution claimed, so Tesseract estimates it from the text."""
    out = io.BytesIO()
    prepare(image).save(out, format="BMP", dpi=(0, 0))
    return out.getvalue()


@contextlib.contextmanager
def _page_file(data: bytes) -> Iterator[tuple[str, tuple[int, ...]]]:
    """(path Tesseract can open, fds it must inherit): a memory file, or a temporary file where
    memory files are not available."""
    try:
        fd = os.memfd_create("evidence-ocr-page", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        with tempfile.NamedTemporaryFile(prefix="evidence-ocr-", suffix=".bmp") as tmp:
            tmp.write(data)
            tmp.flush()
            yield tmp.name, ()
        return
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        yield f"/dev/fd/{fd}", (fd,)
    finally:
        os.close(fd)


def ocr_image(image: Image.Image, lang: str, timeout: float, psm: int = 3) -> str:
    """One image's text (a single page: no extra lanes); psm 7 reads one line (a seal's ring)."""
    with PageReader(lang, timeout, lanes=1, psm=psm) as reader:
        reader.add(0, image)
        return reader.finish()[0]


# -- cores: which ones are in use by a worker --------------------------------------------------

def usable_cores() -> int:
    """Cores extraction may use: those this process may run on, at most $EVIDENCE_CORES (meant to
    be set by the worker pool to its size, so `[limits] workers = 1` keeps OCR to one core)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        cores = min(cores, int(os.environ.get("EVIDENCE_CORES", cores)))
    except ValueError:
        pass
    return max(1, cores)


def _open_lock_file(name: str) -> int | None:
    """None when slots cannot be used (then a worker reads one page at a time, as it always did)."""
    try:
        SLOT_DIR.mkdir(mode=0o700, exist_ok=True)
        if os.stat(SLOT_DIR).st_uid != os.getuid():  # someone else's directory: not ours to trust
            return None
        return os.open(SLOT_DIR / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None


def _take_free_slot() -> int | None:
    """An fd holding one free core's slot, or None when all are taken (or slots are unusable)."""
    for number in range(usable_cores()):
        fd = _open_lock_file(f"slot-{number}")
        if fd is None:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except OSError:
            os.close(fd)
    return None


def _someone_waits() -> bool:
    """A worker that found no free slot holds the demand file shared until it has one."""
    fd = _open_lock_file("demand")
    if fd is None:
        return True  # cannot tell: behave as if cores were short
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's lock


class _ProcessSlot:
    """The core this process is busy on, held while it extracts one file (re-entrant)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._fd: int | None = None
        self._demanding = False

    def enter(self) -> None:
        with self._lock:
            self._depth += 1
            if self._depth > 1:
                return
            self._fd = _take_free_slot()
            self._demanding = False
            if self._fd is None:
                self._fd = _open_lock_file("demand")
                for _ in range(DEMAND_TRIES if self._fd is not None else 0):
                    try:  # fails only during an extra lane's instant probe
                        fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                        self._demanding = True
                        break
                    except OSError:
                        time.sleep(0.001)
                if self._fd is not None and not self._demanding:
                    os.close(self._fd)
                    self._fd = None

    def exit(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                os.close(self._fd)
                self._fd, self._demanding = None, False

    def settle(self) -> bool:
        """Trade a registered demand for a slot that has come free; True when this process holds
        a slot (or holds nothing because it is outside `cpu_slot`), i.e. is not waiting."""
        with self._lock:
            if not self._demanding:
                return True
            fd = _take_free_slot()
            if fd is None:
                return False
            os.close(self._fd)
            self._fd, self._demanding = fd, False
            return True


_PROCESS_SLOT = _ProcessSlot()


@contextlib.contextmanager
def cpu_slot() -> Iterator[None]:
    """Mark this process busy on one core for the duration; never waits.

    Takes a free slot, or when every slot is in use (by other workers' extra OCR pages) registers
    demand, so that those stop after their current page. Re-entrant within a process.
    """
    _PROCESS_SLOT.enter()
    try:
        yield
    finally:
        _PROCESS_SLOT.exit()


# -- the pages of one document -------------------------------------------------------------------

class PageReader:
    """OCR of one document's pages, up to one page per idle core at a time.

    The caller renders pages one after another in its own thread (PDFium and PIL images are not
    thread-safe) and hands each over with `add`, which encodes it there and queues it; Tesseract
    runs in lane threads. Lane 0 is the worker's own core and always runs; further lanes start a
    page only while a core's slot is free and no worker waits for one. At most one encoded page
    waits in the queue. `on_done(key)` is called in the caller's thread (inside `add` and
    `finish`) as pages complete, so progress reports never cross threads. The first error
    (timeout, Tesseract failure) is raised in the caller's thread; leaving the `with` block kills
    whatever Tesseract is still running.
    """

    def __init__(self, lang: str, timeout: float, on_done: Callable[[Hashable], None] | None = None,
                 lanes: int | None = None, psm: int = 3) -> None:
        check_available(lang)
        self.lang, self.timeout, self.on_done, self.psm = lang, timeout, on_done, psm
        self.lanes = max(1, lanes if lanes is not None else usable_cores())
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[Hashable, bytes]] = collections.deque()
        self._busy = 0
        self._results: dict[Hashable, str] = {}
        self._finished: list[Hashable] = []  # completed, not yet reported
        self._error: BaseException | None = None
        self._closed = False
        self._procs: set[subprocess.Popen] = set()
        self._threads: list[threading.Thread] = []
        self._slot = cpu_slot()

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
        data = encode(image)
        self._wait_until(lambda: not self._queue)
        with self._cond:
            self._queue.append((key, data))
            if not self._threads:
                for index in range(self.lanes):
                    thread = threading.Thread(target=self._lane, args=(index,), daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._cond.notify_all()

    def finish(self) -> dict[Hashable, str]:
        """Wait for every page added; their texts by key."""
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
                        slot = self._idle_core()
                        if slot is None:
                            self._cond.wait(EXTRA_LANE_POLL)
                    else:
                        if slot is not None:
                            os.close(slot)
                            slot = None
                        self._cond.wait()
            try:
                text, error = self._read(data), None
            except BaseException as exc:  # handed to the caller's thread
                text, error = None, exc
            finally:
                if slot is not None:
                    os.close(slot)
                    slot = None
            with self._cond:
                self._busy -= 1
                if error is not None:
                    self._error = self._error or error
                else:
                    self._results[key] = text
                    self._finished.append(key)
                self._cond.notify_all()

    @staticmethod
    def _idle_core() -> int | None:
        if not _PROCESS_SLOT.settle():
            return None  # this worker itself still waits for a core of its own
        fd = _take_free_slot()
        if fd is not None and _someone_waits():
            os.close(fd)
            return None
        return fd

    def _read(self, data: bytes) -> str:
        with _page_file(data) as (path, fds):
            with self._cond:
                if self._closed:
                    raise ExtractionError("ocr_failed", "文字识别已中止")
                try:
                    proc = subprocess.Popen(["tesseract", path, "stdout", "-l", self.lang, "--psm", str(self.psm)],
                                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, pass_fds=fds)
                except OSError as exc:
                    raise ExtractionError("ocr_failed", "文字识别失败", f"tesseract: {exc}"[:300]) from exc
                self._procs.add(proc)
            try:
                out, err = proc.communicate(timeout=self.timeout if self.timeout > 0 else None)
            except subprocess.TimeoutExpired as exc:
                proc.kill()
                proc.communicate()
                raise ExtractionError("ocr_timeout", "文字识别超时（图片过大或内容过于复杂）",
                                      f"Tesseract 单页超过 {self.timeout:g} 秒") from exc
            finally:
                with self._cond:
                    self._procs.discard(proc)
        if proc.returncode != 0:
            raise ExtractionError("ocr_failed", "文字识别失败",
                                  f"tesseract exit {proc.returncode}: {err.decode(errors='replace')}"[:300])
        return out.decode("utf-8", errors="replace")
