"""Peak RSS of the `evidence scan` process on a text corpus, from a given checkout.

The large bench records the scan process's peak RSS once per run; to compare versions (or bisect
a growth) each side must run its own code on the same files. This script makes a fresh home with
the checkout's own `evidence init`, hard-links the first N files of a corpus into its watch
folders, runs that checkout's `evidence scan --json` and reports the scan process's peak RSS
(kernel `wait4` accounting, the extraction workers excluded, as `bench/ingest.py`) with its RSS
read from /proc every 0.2 s, so growth with the number of documents shows.

Usage::

    python bench/scan_rss.py --checkout DIR --corpus CORPUS --docs 5000 --workdir DIR --out FILE
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> tuple[float, float, float] | None:
    """(RSS, its anonymous part, its file-backed part: mapped index files) in MB."""
    found: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in ("VmRSS", "RssAnon", "RssFile"):
                    found[key] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return (found["VmRSS"], found.get("RssAnon", 0.0), found.get("RssFile", 0.0)) if "VmRSS" in found else None


def _cli(checkout: Path, home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "evidence.cli", "--home", str(home), *args]


def make_home(checkout: Path, corpus: Path, home: Path, docs: int) -> int:
    if home.exists():
        shutil.rmtree(home)
    subprocess.run(_cli(checkout, home, "init", "--json"), cwd=str(checkout), check=True,
                   stdout=subprocess.DEVNULL)
    files = sorted(json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["files"])[:docs]
    for rel in files:
        target = home / "watch_folders" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(corpus / rel, target)
    return len(files)


def scan(checkout: Path, home: Path) -> dict:
    """One scan; its peak RSS and the RSS samples (seconds since start, RSS, anonymous, file MB)."""
    samples: list[tuple[float, float, float, float]] = []
    started = time.perf_counter()
    proc = subprocess.Popen(_cli(checkout, home, "scan", "--json"), cwd=str(checkout),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            rss = _rss_mb(proc.pid)
            if rss is not None:
                samples.append((round(time.perf_counter() - started, 1), *rss))
            done.wait(0.2)

    sampler = threading.Thread(target=watch, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    report = json.loads(out) if out.strip()[:1] == b"{" else {}
    step = max(1, len(samples) // 20)
    return {"exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "scan_process_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),  # without its workers
            "extracted": report.get("extracted"), "failed": report.get("failed"), "indexed": report.get("indexed"),
            "peak_sampled": max(samples, default=None, key=lambda s: s[1]),
            "rss_samples_mb": samples[::step] + samples[-1:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkout", type=Path, default=REPO, help="the code to run (a `git archive` copy)")
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    home = args.workdir / f"home-rss-{args.label or args.checkout.name}"
    n = make_home(args.checkout, args.corpus, home, args.docs)
    load_before = os.getloadavg()[0]
    result = scan(args.checkout, home)
    result.update({"label": args.label, "checkout": str(args.checkout), "files": n,
                   "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
                   "when": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())})
    shutil.rmtree(home, ignore_errors=True)
    text = json.dumps(result, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result["exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
