"""The benchmark suite in one command: ingest (with bare-extraction and bare-tesseract
baselines), search at two sizes (with every query's total compared to the previous engine's),
re-index, watch latency and the web search page. Writes bench/results/<date>-<machine>.json and prints one table of
measured values against the targets.

    pip install -e ".[bench]"
    python bench/run.py            # full run: 2,000 and 20,000 documents (about an hour on 2 cores)
    python bench/run.py --quick    # smoke run: a few hundred documents, a few minutes

Corpora and the large ingested home are kept in --workdir and reused by later runs (the
20,000-document home takes ~20 minutes to build); --fresh rebuilds them. Not part of the test
suite: the timed numbers live here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import ingest as ingest_bench  # noqa: E402

RESULTS = REPO / "bench" / "results"

# (key, label, unit, target, direction): direction "min" means the value must be >= target.
TARGETS = [
    ("ingest.docs_per_s", "Ingest, no OCR (mixed DOCX/PDF/XLSX)", "docs/s", 25, "min"),
    ("ingest.ratio", "Ingest pipeline ÷ bare extraction", "×", 1.3, "max"),
    ("ocr.ratio", "OCR pipeline ÷ bare tesseract (2 at a time)", "×", 1.1, "max"),
    ("ocr_quality.engines.ppocr.phrase_recall", "OCR quality set: PP-OCR phrase recall", "", 0.97, "min"),
    ("ocr_quality.engines.ppocr.char_accuracy", "OCR quality set: PP-OCR character accuracy", "", 0.95, "min"),
    ("ocr_quality.engines.ppocr.ratio_cpu", "PP-OCR pipeline ÷ bare RapidOCR (CPU)", "×", 1.1, "max"),
    ("search_large.snippets.p95", "Search p95 at {large} docs, with snippets", "ms", 20, "max"),
    ("agreement.differing", "Queries whose total differs from the previous engine's", "", 0, "max"),
    ("search_large.index_mb", "Index size at {large} docs", "MB", 200, "max"),
    ("reindex.minutes", "Re-index {large} docs", "min", 5, "max"),
    ("reindex.peak_rss_mb", "Re-index peak memory", "MB", 500, "max"),
    ("watch.p95", "Watch latency p95 (DOCX drop → searchable)", "ms", 3000, "max"),
    ("web.idle_rss_mb", "`evidence run` idle RSS at {large} docs", "MB", 400, "max"),
]
# Figures without a target, shown for context.
CONTEXT = [
    ("ingest.pages_per_s", "Ingest, no OCR", "pages/s"),
    ("ingest.wall_ratio", "  pipeline ÷ bare, wall time (median of the rounds)", "×"),
    ("ingest.formats.docx.docs_per_s", "  DOCX only", "docs/s"),
    ("ingest.formats.pdf.docs_per_s", "  text PDF only", "docs/s"),
    ("ingest.formats.xlsx.docs_per_s", "  XLSX only", "docs/s"),
    ("ocr.pipeline_s_per_page", "OCR pipeline, wall per page (2 workers)", "s"),
    ("ocr.bare_s_per_page", "bare tesseract, wall per page (2 at a time)", "s"),
    ("ocr_quality.engines.tesseract.phrase_recall", "OCR quality set: Tesseract phrase recall", ""),
    ("ocr_quality.engines.tesseract.char_accuracy", "OCR quality set: Tesseract character accuracy", ""),
    ("ocr_quality.engines.ppocr.pages_per_cpu_s", "OCR quality set: PP-OCR pages per second per core", "pages/s"),
    ("ocr_quality.engines.tesseract.pages_per_cpu_s", "OCR quality set: Tesseract pages per second per core", "pages/s"),
    ("search_small.snippets.p50", "Search p50 at {small} docs, with snippets", "ms"),
    ("search_small.snippets.p95", "Search p95 at {small} docs, with snippets", "ms"),
    ("search_small.snippets.p99", "Search p99 at {small} docs, with snippets", "ms"),
    ("search_small.engine.p95", "  engine alone p95 at {small}", "ms"),
    ("search_small.facets.p95", "  with facets (as the web page) p95 at {small}", "ms"),
    ("search_large.snippets.p50", "Search p50 at {large} docs, with snippets", "ms"),
    ("search_large.snippets.p99", "Search p99 at {large} docs, with snippets", "ms"),
    ("search_large.engine.p95", "  engine alone p95 at {large}", "ms"),
    ("search_large.facets.p95", "  with facets (as the web page) p95 at {large}", "ms"),
    ("agreement.same_totals", "Queries with the previous engine's total", ""),
    ("agreement.index_mb", "  index size, this engine", "MB"),
    ("agreement.previous_index_mb", "  index size, the previous engine (same archive)", "MB"),
    ("search_large.semantics.recall", "Tracked-phrase recall at {large}", ""),
    ("search_large.semantics.precision", "Tracked-phrase precision at {large}", ""),
    ("reindex.docs", "Re-indexed documents", ""),
    ("large_ingest.docs_per_s", "Ingest of the {large}-doc corpus", "docs/s"),
    ("watch.p50", "Watch latency p50", "ms"),
    ("web.p50", "Web search page p50, 10 clients", "ms"),
    ("web.p95", "Web search page p95, 10 clients", "ms"),
]


def dig(data: dict, key: str):
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def make_corpus(out: Path, docs: int, seed: int, scan_share: float, fresh: bool) -> Path:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    if (out / "manifest.json").exists():
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        if manifest["docs"] == docs and manifest["seed"] == seed:
            return out
        shutil.rmtree(out)
    print(f"… generating {docs} documents into {out}", flush=True)
    subprocess.run([sys.executable, str(REPO / "bench" / "make_corpus.py"), "--docs", str(docs), "--seed", str(seed),
                    "--out", str(out), "--scan-share", str(scan_share)], check=True, stdout=subprocess.DEVNULL)
    return out


def large_home(corpus: Path, home: Path, fresh: bool) -> dict:
    """The large home is built once (its ingest is timed and recorded) and reused afterwards."""
    marker = home / "bench-corpus.json"
    want = {"corpus": str(corpus), "docs": json.loads((corpus / "manifest.json").read_text())["docs"]}
    if not fresh and marker.exists():
        saved = json.loads(marker.read_text())
        if saved.get("corpus") == want["corpus"] and saved.get("docs") == want["docs"]:
            return {**saved.get("ingest", {}), "reused": True}
    print(f"… ingesting {want['docs']} documents into {home}", flush=True)
    scan = ingest_bench.pipeline_scan(corpus, home)
    scan["docs_per_s"] = round(scan["files"] / scan["wall_s"], 2)
    marker.write_text(json.dumps({**want, "ingest": scan}, ensure_ascii=False))
    return scan


def fmt_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(results: dict, small: int, large: int) -> str:
    rows = ["| measure | measured | target | |", "| --- | ---: | ---: | --- |"]
    for key, label, unit, target, direction in TARGETS:
        value = dig(results, key)
        if value is None:
            verdict = "not run"
        else:
            ok = value >= target if direction == "min" else value <= target
            verdict = "met" if ok else "**missed**"
        sign = "≥" if direction == "min" else "≤"
        rows.append(f"| {label.format(small=f'{small:,}', large=f'{large:,}')} | {fmt_value(value)} {unit} | "
                    f"{sign} {target} {unit} | {verdict} |")
    for key, label, unit in CONTEXT:
        value = dig(results, key)
        if value is not None:
            rows.append(f"| {label.format(small=f'{small:,}', large=f'{large:,}')} | {fmt_value(value)} {unit} | | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small corpora, fewer rounds: a smoke run")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("EVIDENCE_BENCH_DIR", "/tmp/evidence-bench")))
    ap.add_argument("--small", type=int, help="documents in the ingest/search corpus (default 2000; quick 200)")
    ap.add_argument("--large", type=int, help="documents in the large corpus (default 20000; quick: none)")
    ap.add_argument("--ocr-docs", type=int, help="scanned documents for the OCR comparison (default 20: 25 pages)")
    ap.add_argument("--drops", type=int, help="DOCX drops for watch latency (default 50; quick 10)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: ingest,ocr,ocr_quality,search,agreement,reindex,watch,web")
    ap.add_argument("--fresh", action="store_true", help="regenerate corpora and the large home")
    ap.add_argument("--out", type=Path, help="results file (default bench/results/<date>-<machine>.json)")
    args = ap.parse_args(argv)

    small = args.small or (200 if args.quick else 2000)
    large = args.large if args.large is not None else (0 if args.quick else 20000)
    ocr_docs = args.ocr_docs or 20  # 25 pages: fewer leave the start-up of the scan and its workers unamortised
    drops = args.drops or (10 if args.quick else 50)
    rounds = 1 if args.quick else 3
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    workers = os.cpu_count() or 1

    results: dict = {
        "date": datetime.now().isoformat(timespec="seconds"), "machine": platform.node(),
        "cpus": workers, "python": platform.python_version(), "quick": args.quick,
        "small_docs": small, "large_docs": large,
        "git": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout.strip(),
        "load_before": os.getloadavg(),
    }
    timings: dict[str, float] = {}

    def part(name: str, fn):
        if name in skip:
            return
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            results[name] = fn()
        except Exception as exc:  # one broken part must not lose the others' figures
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
            print(f"   {name} failed: {exc}", flush=True)
        timings[name] = round(time.perf_counter() - started, 1)

    small_corpus = make_corpus(work / f"corpus-{small}", small, 2, 0.0, args.fresh)
    small_home = work / f"home-{small}"
    part("ingest", lambda: ingest_bench.run_text(small_corpus, work, workers, per_format=not args.quick, home=small_home,
                                                 rounds=rounds))
    if "ocr" not in skip:
        ocr_corpus = make_corpus(work / f"corpus-scans-{ocr_docs}", ocr_docs, 3, 1.0, args.fresh)
        part("ocr", lambda: ingest_bench.run_ocr(ocr_corpus, work, workers))
    if "ocr_quality" not in skip:
        from bench import ocr_quality

        part("ocr_quality", lambda: ocr_quality.run(work, ["ppocr", "tesseract"], workers))

    from bench import search as search_bench

    if small_home.exists():
        part("search_small", lambda: search_bench.run(small_home, small_corpus, work, rounds))
        if "agreement" not in skip:
            from bench import engine_agreement

            def agreement() -> dict:
                found = engine_agreement.run(small_home, small_corpus, work)
                return {**found, "differing": found["queries"] - found["same_totals"]}

            part("agreement", agreement)
    target_home = small_home
    if large:
        # Text formats only: OCR of 1,000 scans would take hours here and is measured per page above.
        large_corpus = make_corpus(work / f"corpus-{large}", large, 7, 0.0, args.fresh)
        target_home = work / f"home-{large}"
        part("large_ingest", lambda: large_home(large_corpus, target_home, args.fresh))
        part("search_large", lambda: search_bench.run(target_home, large_corpus, work, rounds))
    else:
        results["search_large"] = results.get("search_small")
        large = small
    if "reindex" not in skip:
        from bench import reindex as reindex_bench

        part("reindex", lambda: reindex_bench.run(target_home))
    if "watch" not in skip:
        from bench import watch_latency

        part("watch", lambda: watch_latency.run(target_home, drops))
    if "web" not in skip:
        from bench import web as web_bench

        corpus_for_web = work / f"corpus-{large}" if (work / f"corpus-{large}").exists() else small_corpus
        part("web", lambda: web_bench.run(target_home, corpus_for_web))

    results["part_seconds"] = timings
    results["load_after"] = os.getloadavg()
    out = args.out or RESULTS / f"{date.today().isoformat()}-{platform.node()}{'-quick' if args.quick else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    # Label with what was actually indexed, not what was asked for.
    large = dig(results, "search_large.docs") or large
    small = dig(results, "search_small.docs") or small
    text = table(results, small, large)
    print()
    print(text)
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
