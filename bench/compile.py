"""The compilation at county scale: 500 evidence files, about 2,000 pages (text PDFs, DOCX,
XLSX, a few scans), tagged across the 43 duties, compiled twice — cold (every DOCX/XLSX/scan
converted by LibreOffice or Pillow in the sandbox) and warm (the renditions kept by sha256
already exist, the usual case when a department adds a file and the volume is made again).

    python bench/compile.py                  # builds bench/_work/compile once, then times both runs
    python bench/compile.py --fresh          # rebuilds the home first

Target: warm ≤ 3 minutes on 2 cores. Writes bench/results/<date>-<machine>-compile.json.
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
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from docgen import make_docx, make_scan_png, make_text_pdf, make_xlsx  # noqa: E402

CONFIG = "[limits]\nworkers = 2\nfile_timeout_seconds = 600\n"
MIX = {"pdf": (300, 5), "docx": (150, 3), "xlsx": (40, 1), "png": (10, 1)}  # files, pages each
DEPARTMENTS = ["发改局", "财政局", "自然资源局", "住建局", "水利局", "农业农村局", "统计局", "城管局", "林业局", "生态环境局"]


def _line(n: int, k: int) -> str:
    return (f"融水苗族自治县生态环境保护工作材料第{n}号第{k}段：污水处理厂运行、转移支付资金使用、"
            f"林地保护与水土保持情况，处理量{n * 7 + k}万吨，资金{n * 13 + k}万元。")


def build_home(home: Path) -> None:
    evidence = [sys.executable, "-m", "evidence.cli", "--home", str(home)]
    home.mkdir(parents=True, exist_ok=True)
    (home / "evidence.toml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(evidence + ["init"], check=True, cwd=REPO, capture_output=True)
    share = home / "watch_folders"
    n = 0
    for kind, (count, pages) in MIX.items():
        for i in range(count):
            n += 1
            dept = share / DEPARTMENTS[n % len(DEPARTMENTS)]
            if kind == "pdf":
                make_text_pdf(dept / f"材料{n:04d}.pdf", ["\n".join(_line(n, p * 10 + k) for k in range(8))
                                                        for p in range(pages)])
            elif kind == "docx":
                paragraphs = []
                for p in range(pages):
                    paragraphs += [_line(n, p * 10 + k) for k in range(6)] + (["\f"] if p < pages - 1 else [])
                make_docx(dept / f"材料{n:04d}.docx", paragraphs)
            elif kind == "xlsx":
                make_xlsx(dept / f"材料{n:04d}.xlsx", {"数据": [["序号", "项目", "数量"]] +
                                                      [[k, _line(n, k)[:20], n * k] for k in range(20)]})
            else:
                make_scan_png(dept / f"材料{n:04d}.png", [_line(n, 0)[:24], _line(n, 1)[:24]], dpi=200,
                              page_size_mm=(148, 105), seed=n)
    started = time.monotonic()
    subprocess.run(evidence + ["scan", "--json"], check=True, cwd=REPO, capture_output=True)
    print(f"ingested {n} files in {time.monotonic() - started:.0f} s", file=sys.stderr)
    _tag_round_robin(home)


def _tag_round_robin(home: Path) -> None:
    """Every file to one duty, the 43 duties in turn (manual tags, as a department would fix them)."""
    from archive.catalog import load_catalog
    from archive.store import Archive

    catalog = load_catalog(None)
    leaves = [p.id for item in catalog.items for p in (item.parts or [item])]
    archive = Archive(home / "var")
    try:
        for n, doc_id in enumerate(archive.document_ids()):
            archive.set_override(doc_id, leaves[n % len(leaves)], "add", "bench")
    finally:
        archive.close()


def compile_once(home: Path, out: Path) -> tuple[float, dict]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "evidence.cli", "--home", str(home), "export", str(out),
                           "--as-of", "2020-10-20", "--compile", "--json"],
                          check=True, cwd=REPO, capture_output=True, text=True)
    return time.monotonic() - started, json.loads(done.stdout)["compilation"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "_work" / "compile")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    home = args.workdir / "home"
    if args.fresh:
        shutil.rmtree(args.workdir, ignore_errors=True)
    if not (home / "var" / "archive.sqlite3").exists():
        build_home(home)
    shutil.rmtree(home / "var" / "renditions", ignore_errors=True)
    load = os.getloadavg()
    cold_wall, cold = compile_once(home, args.workdir / "out")
    warm_wall, warm = compile_once(home, args.workdir / "out")
    result = {"date": date.today().isoformat(), "machine": platform.node(), "cores": os.cpu_count(),
              "load_before": [round(x, 2) for x in load], "files": warm["files"], "pages": warm["pages"],
              "cold": {"wall_s": round(cold_wall, 1), **cold}, "warm": {"wall_s": round(warm_wall, 1), **warm},
              "target_warm_s": 180, "met": warm_wall <= 180}
    out = REPO / "bench" / "results" / f"{date.today().isoformat()}-{platform.node()}-compile.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"compilation of {result['files']} files, {result['pages']} pages (load before {result['load_before']}):")
    print(f"  cold (convert {cold['converted']} files, then assemble): {cold_wall:.1f} s "
          f"(convert {cold['convert_seconds']} s, assemble {cold['assemble_seconds']} s)")
    print(f"  warm (renditions kept): {warm_wall:.1f} s (assemble {warm['assemble_seconds']} s)   target ≤ 180 s: "
          f"{'met' if result['met'] else 'missed'}")
    print(f"  written to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
