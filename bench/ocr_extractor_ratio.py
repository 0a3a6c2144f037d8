"""The image extractor against the project's PP-OCR engine alone, in one process, page by page
alternated: what the extractor adds per page (seal check, ring text, page text) in CPU seconds,
free of the per-run costs (`evidence scan` start-up, the fork server) that bench/ocr_quality.py's
pipeline ÷ engine ratio also holds. Run it from two checkouts in turn to compare code versions:

    python bench/ocr_extractor_ratio.py --set DIR [--rounds 2] [--out FILE]

DIR is an OCR quality set (bench/ocr_quality.py makes one; its truth.json names the pages).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    from PIL import Image

    from indexer.extract.image import extract_image
    from indexer.extract.result import ExtractOptions
    from indexer.ocr.ppocr import PPOcrEngine

    engine = PPOcrEngine.shared()
    pages = [args.set / p["file"] for p in json.loads((args.set / "truth.json").read_text(encoding="utf-8"))]
    options = ExtractOptions(ocr_engine="ppocr", cores=1)
    extract_image(pages[0], options)  # models and lazy imports loaded before timing
    load_before = os.getloadavg()
    alone = extractor = 0.0
    for _ in range(args.rounds):
        for path in pages:
            started = time.process_time()
            engine.read(engine.prepare(Image.open(path)), 0, None)
            middle = time.process_time()
            extract_image(path, options)
            alone, extractor = alone + middle - started, extractor + time.process_time() - middle
    result = {"pages": len(pages) * args.rounds, "engine_alone_cpu_s": round(alone, 2),
              "extractor_cpu_s": round(extractor, 2), "ratio": round(extractor / alone, 4),
              "extra_ms_per_page": round((extractor - alone) / (len(pages) * args.rounds) * 1000, 1),
              "load_before": load_before, "load_after": os.getloadavg(),
              "git": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    cwd=REPO).stdout.strip() or None, "checkout": str(REPO)}
    print(json.dumps(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
