"""OCR quality set and engine comparison: character accuracy, phrase recall and pages per second
per core for every OCR engine, side by side, in one run.

The set is generated (seeded, so every run reads the same pixels) with the test suite's page
builders (tests/docgen.py): clean stamped scans at 300 dpi, scans with the seal stamped over body
text, phone photos held sideways or upside down, tilted photos, photos in a dim office, and ruled
table pages. The ground truth is the text each page was drawn from; the seal's own legend is not
counted (neither engine is asked to read curved text).

- Character accuracy = 1 − (Levenshtein distance ÷ ground-truth length), per page on the text
  with white space removed after the indexer's own normalisation, then summed over the set
  (insertions count: a seal read as stray characters costs accuracy).
- Phrase recall = tracked phrases found by the search's own matching rule
  (indexer.search.analysis.find_matches: white space inside a phrase does not matter).
- Each engine reads the set through the real pipeline (`evidence scan`, `[ocr] engine` pinned,
  one worker per core) and bare (the engine alone on the same files, one process per core, one
  thread each, models loaded once per process as the pipeline does): pages per CPU-second is
  pages per second per core, robust to other jobs on a shared machine; wall times and the
  pipeline ÷ bare ratios are reported beside it, with the load average before and after.
  For PP-OCR, whose bare command (RapidOCR's defaults: detection at 2000 px, batches of six) is
  much slower than the project's settings, the project's engine alone (decode, prepare, read, no
  pipeline) is measured too: pipeline ÷ that is what the pipeline itself costs.

Usage::

    python bench/ocr_quality.py [--workdir /tmp/evidence-bench] [--engines ppocr,tesseract]
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
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from bench.ingest import _adopting_orphans, _children_cpu, evidence  # noqa: E402

RESULTS = REPO / "bench" / "results"
DEPT = "生态环境局"
SENTENCES = [
    "经核实，我县2020年度未发生突发环境事件，未发生重大生态破坏事件。",
    "县财政局已将国家重点生态功能区转移支付资金全部纳入政府公共预算管理，专款专用。",
    "城镇生活污水处理率达到百分之九十五，污水处理厂出水水质稳定达到一级A标准。",
    "全县森林覆盖率为百分之七十九点八，较上年度提高零点三个百分点。",
    "各乡镇已建立河长制巡河台账，全年累计巡河一千二百余次，未发现非法采砂行为。",
    "生活垃圾无害化处理率达到百分之九十八，农村生活垃圾收运体系覆盖全部行政村。",
    "本年度完成植树造林一万二千亩，封山育林三万亩，成活率达到设计要求。",
    "县环境监测站按季度开展地表水环境质量监测，断面水质达标率为百分之百。",
    "水土保持综合治理工程已通过竣工验收，新增治理面积十八平方公里。",
    "畜禽养殖废弃物资源化利用率达到百分之八十六，规模养殖场粪污处理设施配套率百分之百。",
    "自然保护区内未新增建设项目，保护区管理机构对核心区实行封闭管理。",
    "县人民政府印发了生态环境保护工作责任清单，明确各部门职责分工。",
    "饮用水水源地保护区标志设置完整，一级保护区内无排污口。",
    "全年共办理环境影响评价审批项目三十二个，环评执行率达到百分之百。",
    "空气质量优良天数比例为百分之九十七点三，细颗粒物年均浓度持续下降。",
    "化肥农药使用量连续三年实现负增长，测土配方施肥技术覆盖率达到百分之九十。",
]
SIGNATURE = ["融水苗族自治县生态环境局", "2020年12月28日"]
TABLES = [
    ("2020年城镇污水处理情况统计表", [["序号", "项目", "数值", "单位"], ["1", "污水处理量", "365.2", "万吨"],
                                       ["2", "COD削减量", "812", "吨"], ["3", "氨氮削减量", "96.5", "吨"],
                                       ["4", "污水处理率", "95.3%", "—"]], ["污水处理量", "氨氮削减量"]),
    ("2020年造林绿化任务完成情况表", [["乡镇", "计划面积", "完成面积", "成活率"], ["融水镇", "1200亩", "1260亩", "92%"],
                                     ["白云乡", "800亩", "815亩", "90%"], ["安太乡", "950亩", "990亩", "93%"]],
     ["完成面积", "白云乡"]),
    ("2020年饮用水水源地水质监测结果", [["监测点", "监测项目", "监测值", "标准限值"], ["贝江取水口", "溶解氧", "7.8", "≥6"],
                                         ["贝江取水口", "高锰酸盐指数", "1.6", "≤4"], ["融江取水口", "总磷", "0.03", "≤0.1"]],
     ["高锰酸盐指数", "融江取水口"]),
]


def _page_lines(k: int) -> list[str]:
    return [SENTENCES[(k * 3 + j) % len(SENTENCES)] for j in range(3)]


def _phrases(lines: list[str], k: int) -> list[str]:
    """Two phrases per page, cut from its body at different places (8 and 10 characters)."""
    out = []
    for j, (length, line) in enumerate(zip((8, 10), lines[:2])):
        start = (k * 5 + j * 7) % max(1, len(line) - length)
        out.append(line[start:start + length])
    return out


def make_set(folder: Path) -> list[dict]:
    """The quality set's files and their ground truth (written as truth.json beside them)."""
    from docgen import make_phone_photo, make_scan_png, make_table_scan

    folder.mkdir(parents=True, exist_ok=True)
    pages: list[dict] = []

    def add(name: str, kind: str, truth: list[str], phrases: list[str]) -> None:
        pages.append({"file": name, "kind": kind, "truth": "\n".join(truth), "phrases": phrases})

    k = 0
    for i in range(2):  # clean desk-scanner scans, seal over the signature
        lines, k = _page_lines(k), k + 1
        title = "关于2020年度生态环境保护工作的情况报告"
        make_scan_png(folder / f"scan-{i}.png", lines, title=title, signature=SIGNATURE, seed=k, dpi=300)
        add(f"scan-{i}.png", "scan", [title, *lines, *SIGNATURE], _phrases(lines, k))
    for i in range(3):  # the seal stamped over the last lines of body text
        lines, k = _page_lines(k), k + 1
        make_scan_png(folder / f"stamp-{i}.png", lines, seed=k, dpi=300)
        add(f"stamp-{i}.png", "stamped over text", lines, [*_phrases(lines, k), lines[-1][-9:-1]])
    for i, turn in enumerate((90, 180, 270)):  # phone held sideways or upside down, no EXIF
        lines, k = _page_lines(k), k + 1
        make_phone_photo(folder / f"rotated-{i}.jpg", lines, turn=turn, light=0.9, seed=k, signature=SIGNATURE)
        add(f"rotated-{i}.jpg", "rotated photo", [*lines, *SIGNATURE], _phrases(lines, k))
    for i, tilt in enumerate((3.0, -5.0, 7.0)):
        lines, k = _page_lines(k), k + 1
        make_phone_photo(folder / f"skewed-{i}.jpg", lines, tilt=tilt, light=0.9, seed=k, signature=SIGNATURE)
        add(f"skewed-{i}.jpg", "skewed photo", [*lines, *SIGNATURE], _phrases(lines, k))
    for i, light in enumerate((0.55, 0.5, 0.45)):
        lines, k = _page_lines(k), k + 1
        make_phone_photo(folder / f"dim-{i}.jpg", lines, tilt=1.5 * (i - 1), light=light, seed=k, signature=SIGNATURE)
        add(f"dim-{i}.jpg", "low light photo", [*lines, *SIGNATURE], _phrases(lines, k))
    for i, (title, rows, phrases) in enumerate(TABLES):
        make_table_scan(folder / f"table-{i}.png", title, rows, seed=i, dpi=300)
        add(f"table-{i}.png", "table page", [title, *("".join(row) for row in rows)], phrases)
    (folder / "truth.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1), encoding="utf-8")
    return pages


# -- scoring ---------------------------------------------------------------------------------

def compact(text: str) -> str:
    from indexer.extract.normalize import normalize_text

    return "".join(normalize_text(text).split())


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def score(pages: list[dict], texts: dict[str, str]) -> dict:
    from indexer.search.analysis import find_matches

    errors = chars = found = phrases = 0
    per_kind: dict[str, dict] = {}
    misses = []
    for page in pages:
        truth, text = compact(page["truth"]), compact(texts.get(page["file"], ""))
        page_errors = edit_distance(truth, text)
        hits = [bool(find_matches(normalize_for_search(texts.get(page["file"], "")), p, first=True))
                for p in page["phrases"]]
        misses += [p for p, hit in zip(page["phrases"], hits) if not hit]
        errors, chars = errors + page_errors, chars + len(truth)
        found, phrases = found + sum(hits), phrases + len(hits)
        kind = per_kind.setdefault(page["kind"], {"errors": 0, "chars": 0, "found": 0, "phrases": 0})
        kind["errors"] += page_errors
        kind["chars"] += len(truth)
        kind["found"] += sum(hits)
        kind["phrases"] += len(hits)
    return {
        "char_accuracy": round(max(0.0, 1 - errors / chars), 4), "phrase_recall": round(found / phrases, 4),
        "phrases": phrases, "found": found, "missed": misses,
        "by_kind": {kind: {"char_accuracy": round(max(0.0, 1 - v["errors"] / v["chars"]), 4),
                           "phrase_recall": round(v["found"] / v["phrases"], 4)} for kind, v in per_kind.items()},
    }


def normalize_for_search(text: str) -> str:
    from indexer.extract.normalize import normalize_text

    return normalize_text(text).lower()


# -- running the engines ------------------------------------------------------------------------

def pipeline(folder: Path, pages: list[dict], engine: str, workdir: Path) -> dict:
    """`evidence scan` of the set with `[ocr] engine` pinned; texts as `show` gives them."""
    from archive.records import document_detail
    from archive.store import Archive

    home = workdir / f"home-ocr-{engine}"
    shutil.rmtree(home, ignore_errors=True)
    evidence(home, "init", "--json")
    config = home / "evidence.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('engine = "auto"', f'engine = "{engine}"'),
                      encoding="utf-8")
    for page in pages:
        target = home / "watch_folders" / DEPT / page["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / page["file"], target)
    cpu = _children_cpu()
    with _adopting_orphans():
        report, wall, _ = evidence(home, "scan", "--json")
    cpu = _children_cpu() - cpu
    archive = Archive(home / "var")
    texts, engines, low = {}, set(), 0
    try:
        for row in archive.documents():
            detail = document_detail(archive, row["id"])
            name = Path(detail["source_path"]).name
            texts[name] = "\n".join(p["text"] for p in detail["page_texts"])
            engines.update(p["layout"]["engine"] for p in detail["page_texts"] if p.get("layout"))
            low += sum(1 for p in detail["page_texts"] if p.get("low_confidence"))
    finally:
        archive.close()
    shutil.rmtree(home, ignore_errors=True)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "failed": report["failed"],
            "engines_used": sorted(engines), "low_confidence_pages": low, "texts": texts}


BARE_PPOCR = """
import sys
from rapidocr_onnxruntime import RapidOCR
ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
for path in sys.argv[1:]:
    result, _ = ocr(path)
"""


ENGINE_ALONE = """
import sys
sys.path.insert(0, sys.argv[1])
from PIL import Image
from indexer.ocr.ppocr import PPOcrEngine
engine = PPOcrEngine()
for path in sys.argv[2:]:
    engine.read(engine.prepare(Image.open(path)), 0, None)
"""


def engine_alone(folder: Path, pages: list[dict], workers: int) -> dict:
    """The project's PP-OCR engine (indexer.ocr.ppocr) alone on the same files: decode, prepare,
    read, one process per core, models loaded once per process; no archive, seals, tagging or
    index. What the pipeline adds to the engine is the pipeline's own cost."""
    files = [str(folder / p["file"]) for p in pages]
    env = dict(os.environ, OMP_THREAD_LIMIT="1", OMP_NUM_THREADS="1")
    cpu, started = _children_cpu(), time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", ENGINE_ALONE, str(REPO), *files[i::workers]], env=env)
             for i in range(workers) if files[i::workers]]
    for proc in procs:
        if proc.wait() != 0:
            raise RuntimeError("PP-OCR engine alone failed")
    return {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(_children_cpu() - cpu, 2),
            "command": f"indexer.ocr.ppocr.PPOcrEngine prepare + read, {workers} processes (model load included)"}


def bare(folder: Path, pages: list[dict], engine: str, workers: int) -> dict:
    """The engine alone on the same files, `workers` at a time, one thread each."""
    files = [str(folder / p["file"]) for p in pages]
    env = dict(os.environ, OMP_THREAD_LIMIT="1", OMP_NUM_THREADS="1")
    cpu, started = _children_cpu(), time.perf_counter()
    if engine == "tesseract":
        run = lambda path: subprocess.run(["tesseract", path, "-", "-l", "chi_sim", "--psm", "3"],  # noqa: E731
                                          capture_output=True, check=True, env=env)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, files))
        command = f"OMP_THREAD_LIMIT=1 tesseract PAGE - -l chi_sim --psm 3, {workers} at a time"
    else:
        shares = [files[i::workers] for i in range(workers)]
        procs = [subprocess.Popen([sys.executable, "-c", BARE_PPOCR, *share], env=env) for share in shares if share]
        for proc in procs:
            if proc.wait() != 0:
                raise RuntimeError("bare RapidOCR failed")
        command = f"RapidOCR() defaults, one ONNX thread, {workers} processes (model load included)"
    return {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(_children_cpu() - cpu, 2),
            "command": command}


def with_copies(folder: Path, pages: list[dict], copies: int) -> list[dict]:
    """The set `copies` times over, each copy its own file (a few bytes after the image's end, so
    the archive does not take it for a duplicate) with the same picture: a longer run shows what the
    pipeline costs per page once its per-run costs (start-up, model loads) are spread out."""
    out = list(pages)
    for n in range(1, copies):
        for page in pages:
            source = folder / page["file"]
            name = f"{source.stem}-copy{n}{source.suffix}"
            (folder / name).write_bytes(source.read_bytes() + f"\ncopy {n}\n".encode())
            out.append({**page, "file": name})
    return out


def run(workdir: Path, engines: list[str], workers: int, copies: int = 1, with_bare: bool = True) -> dict:
    folder = workdir / "ocr-quality-set"
    shutil.rmtree(folder, ignore_errors=True)
    pages = with_copies(folder, make_set(folder), copies)
    out: dict = {"pages": len(pages), "workers": workers, "kinds": sorted({p["kind"] for p in pages}),
                 "load_before": os.getloadavg(), "engines": {}}
    for engine in engines:
        print(f"… {engine}: pipeline", flush=True)
        piped = pipeline(folder, pages, engine, workdir)
        alone = None
        if with_bare:
            print(f"… {engine}: bare", flush=True)
            alone = bare(folder, pages, engine, workers)
        quality = score(pages, piped.pop("texts"))
        if engine == "ppocr":
            print(f"… {engine}: the project's engine alone", flush=True)
            own = engine_alone(folder, pages, workers)
            quality.update(engine_alone=own, ratio_cpu_engine=round(piped["cpu_s"] / own["cpu_s"], 2),
                           ratio_wall_engine=round(piped["wall_s"] / own["wall_s"], 2))
        out["engines"][engine] = {
            **quality, "pipeline": piped, "bare": alone,
            "pages_per_cpu_s": round(len(pages) / piped["cpu_s"], 3),
            "pages_per_s_per_core_wall": round(len(pages) / piped["wall_s"] / workers, 3),
        }
        if alone is not None:
            out["engines"][engine].update(bare_pages_per_cpu_s=round(len(pages) / alone["cpu_s"], 3),
                                          ratio_wall=round(piped["wall_s"] / alone["wall_s"], 2),
                                          ratio_cpu=round(piped["cpu_s"] / alone["cpu_s"], 2))
    out["load_after"] = os.getloadavg()
    return out


def table(result: dict) -> str:
    engines = list(result["engines"])
    rows = ["| measure | " + " | ".join(engines) + " |", "| --- |" + " ---: |" * len(engines)]

    def row(label: str, fn) -> None:
        rows.append(f"| {label} | " + " | ".join(fn(result["engines"][e]) for e in engines) + " |")

    row("character accuracy", lambda e: f"{e['char_accuracy']:.3f}")
    row("phrase recall", lambda e: f"{e['found']}/{e['phrases']} = {e['phrase_recall']:.3f}")
    for kind in result["kinds"]:
        row(f"— {kind}: accuracy / recall",
            lambda e, k=kind: f"{e['by_kind'][k]['char_accuracy']:.3f} / {e['by_kind'][k]['phrase_recall']:.2f}")
    row("pages per second per core (pages ÷ CPU s, pipeline)", lambda e: f"{e['pages_per_cpu_s']:.3f}")
    row("pages per second per core (pages ÷ wall ÷ cores, pipeline)", lambda e: f"{e['pages_per_s_per_core_wall']:.3f}")
    row("bare engine, pages ÷ CPU s", lambda e: f"{e['bare_pages_per_cpu_s']:.3f}" if e["bare"] else "—")
    row("pipeline ÷ bare engine (wall / CPU)",
        lambda e: f"{e['ratio_wall']:.2f} × / {e['ratio_cpu']:.2f} ×" if e["bare"] else "—")
    row("pipeline ÷ the project's engine alone (wall / CPU)",
        lambda e: f"{e['ratio_wall_engine']:.2f} × / {e['ratio_cpu_engine']:.2f} ×" if "engine_alone" in e else "—")
    row("pipeline wall / CPU seconds", lambda e: f"{e['pipeline']['wall_s']} s / {e['pipeline']['cpu_s']} s")
    row("pages flagged low confidence", lambda e: str(e["pipeline"]["low_confidence_pages"]))
    load = f"load average before {result['load_before'][0]:.2f}, after {result['load_after'][0]:.2f}"
    return "\n".join(rows) + f"\n\n{result['pages']} pages, {result['workers']} workers; {load}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("EVIDENCE_BENCH_DIR", "/tmp/evidence-bench")))
    ap.add_argument("--engines", default="ppocr,tesseract")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--copies", type=int, default=1,
                    help="run the set this many times over (distinct files, same pictures): per-page costs")
    ap.add_argument("--no-bare", action="store_true",
                    help="skip the bare engines (RapidOCR's defaults are slow): pipeline and engine alone only")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    result = run(args.workdir, [e.strip() for e in args.engines.split(",") if e.strip()], args.workers, args.copies,
                 with_bare=not args.no_bare)
    result.update(date=datetime.now().isoformat(timespec="seconds"), machine=platform.node(),
                  git=subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                     cwd=REPO).stdout.strip())
    out = args.out or RESULTS / f"{date.today().isoformat()}-{platform.node()}-ocr-quality.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(table(result))
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
