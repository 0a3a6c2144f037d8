"""Seal detection: precision and recall on the labelled seal set, and its cost per page.

The set is generated (tests/sealgen.py: sealed pages over the 落款 and over body text, faint,
cut by the page edge, oval, small 72 dpi scans, photos in dim yellow light; hard negatives:
unsealed pages, red 红头 titles and rules, red table grids, red box and square stamps, red pen
rings, red pie charts, photos of red-headed pages, red revision text) plus the real public
images in shared/realdata/images (none carries a seal). Cost is measured on the images the
extraction worker already has: 150 and 300 dpi page images (the OCR renders) and the 60 dpi
render of a text-layer PDF page that carries an image or drawing.

    python bench/seals.py [--per-kind 20] [--realdata DIR] [--out bench/results/DATE-seals.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from indexer.seal_pages import SEAL_DPI  # noqa: E402
from indexer.seals import find_seals  # noqa: E402
from sealgen import (HELD_OUT_NEGATIVE, HELD_OUT_POSITIVE, NEGATIVE_KINDS, POSITIVE_KINDS,  # noqa: E402
                     make_sample)


def measure(per_kind: int, realdata: Path | None, positive=POSITIVE_KINDS, negative=NEGATIVE_KINDS) -> dict:
    per_kind_result: dict[str, dict] = {}
    tp = fp = fn = tn = 0
    costs: list[float] = []
    cpu: list[float] = []
    wrong: list[str] = []
    differs: list[str] = []  # recorded marks (as stored, rounded) unlike the whole page's
    drift = 0.0  # the largest unrounded difference in centre or diameter, fractions of the page
    for kind in positive + negative:
        sealed = kind in positive
        right = 0
        for i in range(per_kind):
            image = make_sample(kind, random.Random(f"bench-{kind}-{i}"), dpi=150)
            start, start_cpu = time.perf_counter(), time.thread_time()
            marks = find_seals(image, page=1)
            costs.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
            found = bool(marks)
            whole = find_seals(image, page=1, whole_page=True)
            gap = _difference(marks, whole)
            drift = max(drift, gap)
            if gap == math.inf or [m.as_dict() for m in marks] != [m.as_dict() for m in whole]:
                differs.append(f"{kind}-{i}")
            right += found == sealed
            tp += found and sealed
            fp += found and not sealed
            fn += (not found) and sealed
            tn += (not found) and not sealed
            if found != sealed:
                wrong.append(f"{kind}-{i}")
        per_kind_result[kind] = {"sealed": sealed, "n": per_kind, "correct": right}
    real = []
    if realdata and realdata.exists():
        from PIL import Image, ImageOps

        for path in sorted(realdata.iterdir()):
            with Image.open(path) as img:
                upright = ImageOps.exif_transpose(img)
                marks = find_seals(upright)
                if [m.as_dict() for m in marks] != [m.as_dict() for m in find_seals(upright, whole_page=True)]:
                    differs.append(f"real:{path.name}")
                found = bool(marks)
            real.append({"file": path.name, "seal": found})
            fp += found
            tn += not found
            if found:
                wrong.append(f"real:{path.name}")
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "wrong": wrong, "per_kind": per_kind_result, "real_images": real,
        "ms_per_page_150dpi_p50": round(statistics.median(costs) * 1000, 1),
        "ms_per_page_150dpi_p95": round(sorted(costs)[int(0.95 * (len(costs) - 1))] * 1000, 1),
        "cpu_ms_per_page_150dpi_p50": round(statistics.median(cpu) * 1000, 1),
        "differs_from_whole_page": differs,
        "largest_drift_from_whole_page": round(drift, 5),
    }


def _difference(marks, whole) -> float:
    """The largest difference in centre or diameter between two lists of marks (inf: not the same seals)."""
    if len(marks) != len(whole):
        return math.inf
    return max((abs(getattr(a, k) - getattr(b, k)) for a, b in zip(marks, whole) for k in ("x", "y", "diameter")),
               default=0.0)


def cost_at(dpi: int, n: int = 10) -> dict:
    from sealgen import BODY, SIGNATURE
    from docgen import make_scan_image

    out: dict = {"dpi": dpi}
    for seal in (True, False):
        image = make_scan_image(BODY, seal=seal, dpi=dpi, signature=SIGNATURE, seed=1)
        for whole in (False, True):
            times, cpu = [], []
            for _ in range(n):
                start, start_cpu = time.perf_counter(), time.thread_time()
                find_seals(image, page=1, whole_page=whole)
                times.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - start_cpu)
            key = ("" if seal else "unsealed_") + ("whole_page_" if whole else "")
            out[f"{key}ms_p50"] = round(statistics.median(times) * 1000, 1)
            out[f"{key}cpu_ms_p50"] = round(statistics.median(cpu) * 1000, 1)
        out["size"] = list(image.size)
    return out


def pdf_render_cost(n: int = 10) -> dict:
    """Render a text-layer page at SEAL_DPI and judge it: the extra cost on such a page."""
    import tempfile

    import pypdfium2 as pdfium
    from docgen import make_text_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.pdf"
        make_text_pdf(path, ["生态环境保护工作报告。" * 40], red_header="融水苗族自治县人民政府文件")
        pdf = pdfium.PdfDocument(str(path))
        page = pdf[0]
        times = []
        for _ in range(n):
            start = time.perf_counter()
            find_seals(page.render(scale=SEAL_DPI / 72).to_pil(), page=1)
            times.append(time.perf_counter() - start)
        pdf.close()
    return {"dpi": SEAL_DPI, "ms_p50": round(statistics.median(times) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=20)
    parser.add_argument("--realdata", type=Path,
                        default=Path(os.environ.get("EVIDENCE_REALDATA", "/work/shared/realdata")) / "images")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / f"{date.today()}-seals.json")
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = measure(args.per_kind, args.realdata)
    held = measure(args.per_kind, None, HELD_OUT_POSITIVE, HELD_OUT_NEGATIVE)
    result["held_out"] = {k: held[k] for k in ("precision", "recall", "tp", "fp", "fn", "tn", "wrong", "per_kind",
                                                   "differs_from_whole_page", "largest_drift_from_whole_page")}
    result["cost"] = [cost_at(150), cost_at(300)]
    result["cost_pdf_text_page"] = pdf_render_cost()
    result["load_before"] = [round(x, 2) for x in load_before]
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    result["machine"] = platform.node()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"samples: {result['tp'] + result['fn']} sealed, {result['fp'] + result['tn']} unsealed "
          f"({len(result['real_images'])} real public images)")
    print(f"precision {result['precision']}  recall {result['recall']}  (targets ≥ 0.95 / ≥ 0.90)")
    print(f"wrong: {', '.join(result['wrong']) or 'none'}")
    held = result["held_out"]
    print(f"held-out kinds (never used for tuning): precision {held['precision']}  recall {held['recall']}  "
          f"wrong: {', '.join(held['wrong']) or 'none'}")
    print(f"pages whose recorded seals differ from the whole page downscaled: {len(result['differs_from_whole_page'])} "
          f"(held-out {len(held['differs_from_whole_page'])}); largest unrounded drift in centre or diameter "
          f"{result['largest_drift_from_whole_page']} (held-out {held['largest_drift_from_whole_page']}) of the page")
    for c in result["cost"]:
        print(f"cost per page at {c['dpi']} dpi ({c['size'][0]}×{c['size'][1]}), CPU: sealed {c['cpu_ms_p50']} ms "
              f"(whole page {c['whole_page_cpu_ms_p50']} ms), unsealed {c['unsealed_cpu_ms_p50']} ms "
              f"(whole page {c['unsealed_whole_page_cpu_ms_p50']} ms); wall sealed {c['ms_p50']} ms")
    print(f"text-layer PDF page with an image or red drawing, render at {SEAL_DPI} dpi + judge: "
          f"{result['cost_pdf_text_page']['ms_p50']} ms")
    print(f"load average before/after: {result['load_before']} / {result['load_after']}; written to {args.out}")


if __name__ == "__main__":
    main()
