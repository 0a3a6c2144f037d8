"""Ingest benchmark: `evidence scan` of a fresh corpus, side by side with the bare extraction
calls on the same files, so the pipeline's own overhead is a ratio rather than a guess.

Both sides use the same two cores: the pipeline with its worker processes, the bare side with a
process pool of the same size running nothing but the library calls (pypdfium2 text per page,
pdfplumber tables on the pages that draw ruling lines — the work needed for the same output —,
python-docx paragraphs and tables, openpyxl rows). The ratio compares CPU seconds: the whole
process tree of the scan (start-up, archiving, extraction workers, tagging, indexing) against the
library calls alone, so other jobs on a shared machine move it little; the two sides run
interleaved several times and the median is reported, with the wall-time ratio beside it.

OCR is measured on its own small scan corpus: the pipeline's time per page against the bare
`tesseract` command on the same pages, run two at a time (both cores busy), one OpenMP thread
per Tesseract on both sides, because a handful of scans would otherwise dominate the text corpus
and hide the text-path overhead.

Usage (normally through bench/run.py)::

    python bench/ingest.py --corpus /tmp/corpus --home /tmp/home
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TEXT_FORMATS = ("docx", "pdf", "xlsx")
SCAN_FORMATS = ("jpg", "png", "scan_pdf")


# -- shared helpers (used by the other parts too) --------------------------------------------

def evidence(home: Path, *args: str, check: bool = True) -> tuple[dict | None, float, int]:
    """Run the real CLI in its own process; returns (json, wall seconds, peak RSS in MB of that
    process — its extraction workers are separate processes and not included)."""
    cmd = [sys.executable, "-m", "evidence.cli", "--home", str(home), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=str(REPO))
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {stderr.decode(errors='replace')[-2000:]}")
    data = None
    if stdout.strip()[:1] in (b"{", b"["):
        data = json.loads(stdout)
    return data, wall, int(usage.ru_maxrss / 1024)


def load_manifest(corpus: Path) -> dict:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))


def make_home(corpus: Path, home: Path, only: set[str] | None = None) -> int:
    """A fresh home whose watch folders hold hard links to the corpus files (no copying)."""
    if home.exists():
        shutil.rmtree(home)
    evidence(home, "init", "--json")
    files = load_manifest(corpus)["files"]
    count = 0
    for rel, entry in files.items():
        if only is not None and rel not in only:
            continue
        target = home / "watch_folders" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(corpus / rel, target)
        except OSError:
            shutil.copy2(corpus / rel, target)
        count += 1
    return count


def machine_name() -> str:
    return os.uname().nodename


# -- bare extraction ------------------------------------------------------------------------

def _bare_one(args: tuple[str, str]) -> tuple[str, float, float, int]:
    """The library calls alone on one file; returns (format, wall seconds, CPU seconds of this
    single-threaded worker, characters)."""
    path, fmt = args
    started, cpu = time.perf_counter(), time.process_time()
    chars = 0
    if fmt == "pdf":
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        pdf = pdfium.PdfDocument(path)
        ruled = []
        for index in range(len(pdf)):
            page = pdf[index]
            chars += len(page.get_textpage().get_text_bounded())
            if sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)) >= 12:
                ruled.append(index)
        pdf.close()
        if ruled:
            import pdfplumber

            with pdfplumber.open(path) as doc:
                for index in ruled:
                    for table in doc.pages[index].extract_tables():
                        chars += sum(len(c or "") for row in table for c in row)
    elif fmt == "docx":
        import docx
        from docx.table import Table

        document = docx.Document(path)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    chars += sum(len(c.text) for c in row.cells)
            else:
                chars += len(block.text)
    elif fmt == "xlsx":
        import openpyxl

        with open(path, "rb") as fh:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            for sheet in wb.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    chars += sum(len(str(v)) for v in row if v is not None)
            wb.close()
    return fmt, time.perf_counter() - started, time.process_time() - cpu, chars


def bare_extraction(corpus: Path, entries: dict[str, dict], workers: int) -> dict:
    """The library calls on these files with `workers` processes: wall time, and CPU seconds
    summed over the calls (imports and pool start-up excluded: they are not extraction)."""
    jobs = [(str(corpus / rel), e["format"]) for rel, e in entries.items() if e["format"] in TEXT_FORMATS]
    # Largest first, like a fair scheduler would, so the tail is not one big file.
    jobs.sort(key=lambda j: -os.path.getsize(j[0]))
    per: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with ProcessPoolExecutor(workers) as pool:
        # Warm the library imports in each process: start-up is not extraction (the pipeline's
        # workers are started inside its timed scan, so this favours the bare side, if anything).
        list(pool.map(_bare_one, [jobs[-1]] * workers * 2))
        started = time.perf_counter()
        for fmt, seconds, used, _ in pool.map(_bare_one, jobs, chunksize=4):
            per[fmt] = per.get(fmt, 0.0) + seconds
            cpu[fmt] = cpu.get(fmt, 0.0) + used
        wall = time.perf_counter() - started
    return {"wall_s": round(wall, 2), "cpu_s": round(sum(cpu.values()), 2),
            "wall_s_by_format": {k: round(v, 2) for k, v in per.items()},
            "cpu_s_by_format": {k: round(v, 2) for k, v in cpu.items()}, "files": len(jobs)}


# -- the pipeline -----------------------------------------------------------------------------

def pipeline_scan(corpus: Path, home: Path, only: set[str] | None = None) -> dict:
    """`evidence scan` of a fresh home: wall time, and the CPU seconds of its whole process tree
    (the scan process, its fork server and extraction workers, however they end)."""
    n = make_home(corpus, home, only)
    cpu = _children_cpu()
    with _adopting_orphans():
        report, wall, peak = evidence(home, "scan", "--json")
    used = _children_cpu() - cpu
    return {"files": n, "wall_s": round(wall, 2), "cpu_s": round(used, 2), "scan_seconds": report["seconds"],
            "peak_rss_mb": peak, "extracted": report["extracted"], "failed": report["failed"],
            "indexed": report["indexed"], "errors": report["errors"][:5]}


def compare(corpus: Path, home: Path, entries: dict[str, dict], workers: int, rounds: int) -> dict:
    """Pipeline and bare extraction on the same files, interleaved `rounds` times (the order
    alternating), so a burst of other jobs on a shared machine hits both sides alike. The ratio
    is the median of the rounds' CPU-second ratios: CPU seconds move far less with the load
    than wall time does (the wall ratio is reported beside it). The home of the last pipeline
    round is kept."""
    runs = []
    for number in range(1, rounds + 1):
        load = os.getloadavg()
        if number % 2:
            scan, bare = pipeline_scan(corpus, home, set(entries)), bare_extraction(corpus, entries, workers)
        else:
            bare, scan = bare_extraction(corpus, entries, workers), pipeline_scan(corpus, home, set(entries))
        runs.append({"round": number, "pipeline": scan, "bare": bare,
                     "ratio_cpu": round(scan["cpu_s"] / bare["cpu_s"], 3),
                     "ratio_wall": round(scan["wall_s"] / bare["wall_s"], 3),
                     "load_before": load, "load_after": os.getloadavg()})
    return {"rounds": runs, "ratio": round(statistics.median(r["ratio_cpu"] for r in runs), 2),
            "wall_ratio": round(statistics.median(r["ratio_wall"] for r in runs), 2),
            "pipeline_wall_s": round(statistics.median(r["pipeline"]["wall_s"] for r in runs), 2)}


def run_text(corpus: Path, workdir: Path, workers: int, per_format: bool = True, home: Path | None = None,
             rounds: int = 3) -> dict:
    """The mixed-corpus scan (the headline docs/s) against bare extraction, `rounds` times
    interleaved; per-format scans once each. docs/s is from the median pipeline wall time.

    The mixed home is kept (at `home`) for the search benchmark at this corpus size."""
    files = load_manifest(corpus)["files"]
    text = {rel: e for rel, e in files.items() if e["format"] in TEXT_FORMATS}
    pages = sum(e["pages"] for e in text.values())
    out: dict = {"docs": len(text), "pages": pages}
    mixed = compare(corpus, home or workdir / "home-mixed", text, workers, rounds)
    out["pipeline"] = mixed["rounds"][-1]["pipeline"]
    out["bare"] = mixed["rounds"][-1]["bare"]
    out["docs_per_s"] = round(len(text) / mixed["pipeline_wall_s"], 2)
    out["pages_per_s"] = round(pages / mixed["pipeline_wall_s"], 2)
    out["ratio"] = mixed["ratio"]
    out["wall_ratio"] = mixed["wall_ratio"]
    out["ratio_rounds"] = mixed["rounds"]
    if per_format:
        out["formats"] = {}
        for fmt in TEXT_FORMATS:
            subset = {rel: e for rel, e in text.items() if e["format"] == fmt}
            if not subset:
                continue
            one = compare(corpus, workdir / f"home-{fmt}", subset, workers, 1)["rounds"][0]
            scan, fb = one["pipeline"], one["bare"]
            fpages = sum(e["pages"] for e in subset.values())
            out["formats"][fmt] = {
                "docs": len(subset), "pages": fpages, "wall_s": scan["wall_s"], "cpu_s": scan["cpu_s"],
                "docs_per_s": round(len(subset) / scan["wall_s"], 2), "pages_per_s": round(fpages / scan["wall_s"], 2),
                "bare_wall_s": fb["wall_s"], "bare_cpu_s": fb["cpu_s"], "ratio": one["ratio_cpu"],
                "wall_ratio": one["ratio_wall"],
            }
            shutil.rmtree(workdir / f"home-{fmt}", ignore_errors=True)
    return out


# -- OCR ------------------------------------------------------------------------------------

OCR_THREADS = "1"  # OMP_THREAD_LIMIT for every Tesseract, bare and pipeline (indexer/ocr/tesseract.py)


def _scan_page_images(corpus: Path, entries: dict[str, dict], outdir: Path, dpi: int) -> tuple[list[Path], list[Path]]:
    """Each page twice: as delivered (image files as they are, scanned PDF pages rendered at the
    configured OCR dpi and saved as PNG) and as the pipeline hands it to Tesseract (the same
    page upright and greyscale, as the uncompressed BMP it writes): the same pixels, so the same
    text."""
    import pypdfium2 as pdfium
    from PIL import Image

    from indexer.ocr.tesseract import encode

    delivered: list[Path] = []
    pixels: list[Path] = []
    for k, (rel, e) in enumerate(sorted(entries.items())):
        src = corpus / rel
        if e["format"] in ("jpg", "png"):
            delivered.append(src)
            with Image.open(src) as image:
                pixels.append(outdir / f"{k:04d}.bmp")
                pixels[-1].write_bytes(encode(image))
            continue
        pdf = pdfium.PdfDocument(str(src))
        for index in range(len(pdf)):
            image = pdf[index].render(scale=dpi / 72).to_pil()
            delivered.append(outdir / f"{k:04d}-{index + 1:03d}.png")
            image.convert("L").save(delivered[-1])
            pixels.append(outdir / f"{k:04d}-{index + 1:03d}.bmp")
            pixels[-1].write_bytes(encode(image))
        pdf.close()
    return delivered, pixels


def _tesseract(image: Path, lang: str) -> float:
    started = time.perf_counter()
    env = dict(os.environ, OMP_THREAD_LIMIT=OCR_THREADS)
    subprocess.run(["tesseract", str(image), "-", "-l", lang, "--psm", "3"], capture_output=True, check=True, env=env)
    return time.perf_counter() - started


def _children_cpu() -> float:
    """CPU seconds of every finished descendant this process has reaped."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_pids() -> set[int]:
    pids: set[int] = set()
    for task in Path("/proc/self/task").glob("*"):
        try:
            pids.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return pids


@contextlib.contextmanager
def _adopting_orphans():
    """Count the CPU of every process the scan starts, however it ends.

    Extraction workers are forked by a fork server, not by the scan process, so the scan does not
    reap them and their CPU (and their Tesseracts') never reaches this process's RUSAGE_CHILDREN.
    As a child subreaper (Linux) this process adopts them once their parents have gone, and reaps
    them here when they exit (they do once the scan has: their lifeline closes)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_child_subreaper = 36
    before = _child_pids()
    adopted = libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    try:
        yield
        deadline = time.monotonic() + 30
        while adopted and time.monotonic() < deadline:
            orphans = _child_pids() - before
            if not orphans:
                break
            for pid in orphans:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
            time.sleep(0.05)
    finally:
        if adopted:
            libc.prctl(pr_set_child_subreaper, 0, 0, 0, 0)


def _bare_ocr(images: list[Path], lang: str, workers: int) -> tuple[float, float]:
    """(wall, CPU) of the bare command over these pages, `workers` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    cpu, started = _children_cpu(), time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda p: _tesseract(p, lang), images))
    return time.perf_counter() - started, _children_cpu() - cpu


def run_ocr(corpus: Path, workdir: Path, workers: int, dpi: int = 300, lang: str = "chi_sim") -> dict:
    """`evidence scan` of the scan corpus against the bare command on the same pages.

    The headline ratio is against Tesseract on exactly the pixels the pipeline reads, so it is
    the pipeline's own overhead (start-up, rendering, scheduling, saving, indexing); the ratio
    against the pages as delivered (PNG/JPEG files, PDF pages as PNG, which Tesseract has to
    decode and convert to grey itself) is reported beside it. CPU seconds are reported too: on
    a shared machine they move less than wall times."""
    files = load_manifest(corpus)["files"]
    scans = {rel: e for rel, e in files.items() if e["format"] in SCAN_FORMATS}
    if not scans:
        return {"skipped": "no scans in corpus"}
    load_before = os.getloadavg()
    home = workdir / "home-ocr"
    make_home(corpus, home, set(scans))
    config = home / "evidence.toml"  # this comparison is Tesseract's; bench/ocr_quality.py compares engines
    config.write_text(config.read_text(encoding="utf-8").replace('engine = "auto"', 'engine = "tesseract"'),
                      encoding="utf-8")
    cpu = _children_cpu()
    with _adopting_orphans():
        report, scan_wall, _ = evidence(home, "scan", "--json")
    scan_cpu = _children_cpu() - cpu
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        delivered, pixels = _scan_page_images(corpus, scans, Path(tmp), dpi)
        bare_wall, bare_cpu = _bare_ocr(pixels, lang, workers)
        files_wall, files_cpu = _bare_ocr(delivered, lang, workers)
    pages = len(pixels)
    shutil.rmtree(home, ignore_errors=True)
    return {
        "docs": len(scans), "pages": pages, "concurrency": workers,
        "bare_command": f"OMP_THREAD_LIMIT={OCR_THREADS} tesseract PAGE - -l {lang} --psm 3, {workers} at a time",
        "pipeline_threads_per_tesseract": OCR_THREADS,
        "pipeline_wall_s": round(scan_wall, 2), "pipeline_s_per_page": round(scan_wall / pages, 2),
        "pipeline_cpu_s_per_page": round(scan_cpu / pages, 2),
        "bare_wall_s": round(bare_wall, 2), "bare_s_per_page": round(bare_wall / pages, 2),
        "bare_cpu_s_per_page": round(bare_cpu / pages, 2),
        "ratio": round(scan_wall / bare_wall, 2), "cpu_ratio": round(scan_cpu / bare_cpu, 2),
        "files_bare_s_per_page": round(files_wall / pages, 2), "files_bare_cpu_s_per_page": round(files_cpu / pages, 2),
        "files_ratio": round(scan_wall / files_wall, 2),
        "failed": report["failed"], "load_before": load_before, "load_after": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "evidence-bench")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ocr", action="store_true", help="the corpus is a scan corpus: run the OCR comparison")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    result = run_ocr(args.corpus, args.workdir, args.workers) if args.ocr else run_text(args.corpus, args.workdir, args.workers)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
