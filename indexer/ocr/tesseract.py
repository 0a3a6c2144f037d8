"""Tesseract behind one small module: version probe, page OCR, one error.

What a page costs besides Tesseract's own recognition is decided here (bench/README.md, OCR):

- A page reaches Tesseract as an uncompressed 8-bit BMP in an anonymous memory file
  (`tesseract /dev/fd/N stdout`), not as a PNG temporary file: encoding a 300 dpi scan as PNG
  (what pytesseract does) costs about half as much CPU as recognising it, and Tesseract decodes
  PNG, PGM (byte by byte) or its own stdin (character by character) 0.1-0.3 s slower per page
  than BMP. Same pixels, no resolution recorded (Tesseract estimates it, as before): the same
  text. Nothing is written to disk, so a killed worker leaves no temporary files behind.
- Tesseract's own OpenMP threading is slower than one process per core on this hardware, so
  every call runs with OMP_THREAD_LIMIT=1 in its own environment (cpu_slots.one_thread_env; the
  page reader starts the page processes) and the parallelism comes from processes.
- One call gives both the page text (the `txt` renderer: the same text as before boxes were kept)
  and the word boxes with their confidences (the `tsv` renderer), grouped here into lines.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import tempfile
from typing import Iterator

from PIL import Image

from indexer.extract.result import ExtractionError
from indexer.ocr.cpu_slots import one_thread_env
from indexer.ocr.engine import OcrLine, OcrPage, ProcessRegistry
from indexer.ocr.flatten import flatten

TSV_FIELDS = 12


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
    """Upright, flattened, greyscale: what Tesseract reads best."""
    return flatten(image).convert("L")


def encode(image: Image.Image) -> bytes:
    """The prepared page as an 8-bit greyscale BMP: nothing to compress, the quickest for
    Leptonica to read."""
    return _bmp(prepare(image))


def _bmp(page: Image.Image) -> bytes:
    """dpi 0: no resolution claimed, so Tesseract estimates it from the text."""
    out = io.BytesIO()
    page.save(out, format="BMP", dpi=(0, 0))
    return out.getvalue()


def ocr_image(image: Image.Image, lang: str, timeout: float, psm: int = 3) -> str:
    """One image's text with one Tesseract run; psm 7 reads a single line (a seal's unrolled ring)."""
    with _page_file(_bmp(image.convert("L"))) as (path, fds):
        try:
            done = subprocess.run(["tesseract", path, "stdout", "-l", lang, "--psm", str(psm)], pass_fds=fds,
                                  capture_output=True, timeout=timeout, check=False, env=one_thread_env())
        except subprocess.TimeoutExpired:
            return ""
    return done.stdout.decode("utf-8", "replace")


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


class TesseractEngine:
    """Tesseract `chi_sim` (or `[ocr] language`), one process per page on one core."""

    name = "tesseract"

    def __init__(self, lang: str) -> None:
        check_available(lang)
        self.lang = lang

    def prepare(self, image: Image.Image) -> tuple[bytes, int, int]:
        page = prepare(image)
        return _bmp(page), page.width, page.height

    def read(self, payload: tuple[bytes, int, int], timeout: float, processes: ProcessRegistry) -> OcrPage:
        data, width, height = payload
        with _page_file(data) as (path, fds):
            proc = processes.start(["tesseract", path, "stdout", "-l", self.lang, "--psm", "3", "tsv", "txt"], fds)
            try:
                out, err = proc.communicate(timeout=timeout if timeout > 0 else None)
            except subprocess.TimeoutExpired as exc:
                proc.kill()
                proc.communicate()
                raise ExtractionError("ocr_timeout", "文字识别超时（图片过大或内容过于复杂）",
                                      f"Tesseract 单页超过 {timeout:g} 秒") from exc
            finally:
                processes.forget(proc)
        if proc.returncode != 0:
            raise ExtractionError("ocr_failed", "文字识别失败",
                                  f"tesseract exit {proc.returncode}: {err.decode(errors='replace')}"[:300])
        text, lines = split_output(out.decode("utf-8", errors="replace"))
        return OcrPage(text, self.name, width, height, lines)


def split_output(out: str) -> tuple[str, list[OcrLine]]:
    """Tesseract's stdout with the `tsv` then the `txt` renderer: (page text, its lines).

    The TSV is the header and every row of 12 tab-separated fields that follows it; the rest is
    the text. Words (level 5) are grouped by (block, paragraph, line) into one box per line."""
    rows = out.split("\n")
    if not rows or not rows[0].startswith("level\t"):
        return out, []
    end = 1
    while end < len(rows) and rows[end].count("\t") == TSV_FIELDS - 1 and rows[end][:1].isdigit():
        end += 1
    groups: dict[tuple[str, str, str], list[list[str]]] = {}
    for row in rows[1:end]:
        fields = row.split("\t")
        if fields[0] == "5" and fields[11].strip() and float(fields[10]) >= 0:
            groups.setdefault((fields[2], fields[3], fields[4]), []).append(fields)
    lines = []
    for words in groups.values():
        left = min(int(w[6]) for w in words)
        top = min(int(w[7]) for w in words)
        right = max(int(w[6]) + int(w[8]) for w in words)
        bottom = max(int(w[7]) + int(w[9]) for w in words)
        chars = [(len(w[11]), float(w[10]) / 100) for w in words]
        confidence = sum(n * c for n, c in chars) / sum(n for n, _ in chars)
        lines.append(OcrLine("".join(w[11] for w in words),
                             ((left, top), (right, top), (right, bottom), (left, bottom)), confidence))
    return "\n".join(rows[end:]), lines
