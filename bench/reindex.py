"""Re-index benchmark: `evidence reindex` on an ingested home — wall time and the peak resident
memory of the process (from the kernel's own accounting via wait4, not sampled).

Re-indexing drops the search index and rebuilds it from the archive alone, so it is the
recovery path after a corrupt index or an analyzer change; it must finish in a maintenance
window on the 2-core machine and fit in its memory.

    python bench/reindex.py --home /tmp/evidence-bench/home-20k
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.ingest import evidence  # noqa: E402


def index_size_mb(home: Path) -> float:
    return round(sum(f.stat().st_size for f in (home / "var" / "index").rglob("*") if f.is_file()) / 1e6, 1)


def run(home: Path) -> dict:
    data, wall, peak_mb = evidence(home, "reindex", "--json")
    docs = data.get("indexed", data.get("documents")) if isinstance(data, dict) else None
    return {"docs": docs, "wall_s": round(wall, 1), "minutes": round(wall / 60, 2), "peak_rss_mb": peak_mb,
            "index_mb": index_size_mb(home), "output": data}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.home), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
