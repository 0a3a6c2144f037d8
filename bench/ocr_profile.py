"""Where a PP-OCR page's CPU goes, stage by stage, in one process on one thread: the image
extractor's own steps (decode, seal search and ring reading, `prepare`) and the engine's
(detection, direction classifier, cutting the lines out, recognition), timed with the thread's
CPU clock around each call. Run on the OCR quality set (bench/ocr_quality.py makes it):

    python bench/ocr_profile.py [--set DIR] [--rounds 2]

Prints CPU seconds per stage for all pages (the best of the rounds: the machine is shared) and
writes nothing; the numbers go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

SPENT: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()


def timed(owner, attr: str, stage: str) -> None:
    """Wrap owner.attr so its thread CPU time is added to `stage` (nested stages subtract)."""
    inner = getattr(owner, attr)

    def wrapper(*args, **kwargs):
        stack = timed.local.__dict__.setdefault("stack", [])
        started = time.thread_time()
        stack.append(0.0)
        try:
            return inner(*args, **kwargs)
        finally:
            nested = stack.pop()
            spent = time.thread_time() - started
            SPENT[stage] += spent - nested
            CALLS[stage] += 1
            if stack:
                stack[-1] += spent

    setattr(owner, attr, wrapper)


timed.local = threading.local()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=Path(os.environ.get("EVIDENCE_BENCH_DIR", "/tmp/evidence-bench"))
                    / "ocr-quality-set")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    if not (args.set / "truth.json").exists():
        from ocr_quality import make_set

        make_set(args.set)
    pages = json.loads((args.set / "truth.json").read_text(encoding="utf-8"))

    import indexer.extract.image as image_extract
    import indexer.seal_pages as seal_pages
    from indexer.extract.result import ExtractOptions
    from indexer.ocr import ppocr
    from PIL import Image

    started = time.thread_time()
    engine = ppocr.PPOcrEngine.shared()
    load = time.thread_time() - started
    timed(Image.Image, "load", "decode")
    timed(seal_pages, "find_seals", "seal search")
    timed(seal_pages, "read_ring_text", "ring text")
    timed(ppocr.PPOcrEngine, "prepare", "prepare")
    timed(ppocr.PPOcrEngine, "_detect", "detection (resize, ink box)")
    timed(engine._ocr, "auto_text_det", "detection (model + boxes)")
    timed(engine._ocr, "text_cls", "direction classifier")
    timed(ppocr, "_cut", "cutting lines out")
    timed(engine._ocr, "text_rec", "recognition")
    timed(ppocr.PPOcrEngine, "read", "read (the rest)")
    timed(image_extract, "_extract_image", "extractor (the rest)")
    options = ExtractOptions(ocr_engine="ppocr", cores=1)
    rounds = []
    for _ in range(args.rounds):
        SPENT.clear()
        CALLS.clear()
        total = time.process_time()
        for page in pages:
            image_extract.extract_image(args.set / page["file"], options)
        SPENT["total (process)"] = time.process_time() - total
        rounds.append(dict(SPENT))
        calls = dict(CALLS)
    best = {stage: min(r.get(stage, 0.0) for r in rounds) for stage in rounds[0]}
    print(f"{len(pages)} pages, {args.rounds} rounds (best), model load {load:.2f} s, "
          f"load average {os.getloadavg()[0]:.2f}")
    for stage, spent in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:32s} {spent:6.2f} s  ({calls.get(stage, '')} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
