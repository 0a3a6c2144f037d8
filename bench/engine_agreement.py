"""Do two engines return the same totals? This checkout's engine against an earlier revision's
(default: the last Whoosh engine), on the same archive and the same query mix as bench/search.py.

The earlier revision is unpacked with `git archive` into --previous-tree, indexes a copy of the
home's archive with its own `evidence reindex`, and answers the queries in its own process
(PYTHONPATH pointing at that tree; it needs whoosh-reloaded and numpy, in the bench extra).

    python bench/engine_agreement.py --home /tmp/evidence-bench/home-2000 --corpus /tmp/evidence-bench/corpus-2000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PREVIOUS = "5b10c03"  # the last revision with the Whoosh engine

_TOTALS = """
import json, sys
from pathlib import Path
from evidence.config import load_config
from evidence.services import open_services
services = open_services(load_config(Path(sys.argv[1])), heal_index=False)
mix = json.load(sys.stdin)
print(json.dumps({key: services.index.search(e["q"], department=e.get("department"), item=e.get("item"),
                                             limit=20).total for key, e in mix.items()}))
"""


def unpack(rev: str, tree: Path) -> Path:
    if not (tree / "evidence").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def copy_home(home: Path, target: Path) -> Path:
    """The configuration and the archive database only: re-indexing reads nothing else."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "var").mkdir(parents=True)
    (target / "watch_folders").mkdir()
    shutil.copy(home / "evidence.toml", target / "evidence.toml")
    source = sqlite3.connect(home / "var" / "archive.sqlite3")
    copy = sqlite3.connect(target / "var" / "archive.sqlite3")
    source.backup(copy)
    source.close()
    copy.close()
    return target


def previous_totals(tree: Path, home: Path, mix: dict[str, dict]) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, "-m", "evidence.cli", "--home", str(home), "reindex", "--json"],
                   cwd=tree, env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", _TOTALS, str(home)], cwd=tree, env=env, check=True,
                          capture_output=True, text=True, input=json.dumps(mix))
    return json.loads(done.stdout)


def run(home: Path, corpus: Path, workdir: Path, rev: str = PREVIOUS) -> dict:
    from bench.search import query_key, query_mix
    from evidence.config import load_config
    from evidence.services import open_services

    services = open_services(load_config(home), heal_index=False)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    mix = {query_key(e): e for e in query_mix(manifest, services.archive)}
    ours = {key: services.index.search(e["q"], department=e.get("department"), item=e.get("item"), limit=20).total
            for key, e in mix.items()}
    services.close()
    tree = unpack(rev, workdir / f"engine-{rev}")
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        copy = copy_home(home, Path(scratch) / "home")
        theirs = previous_totals(tree, copy, mix)
        previous_mb = sum(f.stat().st_size for f in (copy / "var" / "index").rglob("*") if f.is_file()) / 1e6
    current_mb = sum(f.stat().st_size for f in (home / "var" / "index").rglob("*") if f.is_file()) / 1e6
    differ = {key: {"now": ours[key], "before": theirs.get(key)} for key in mix if ours[key] != theirs.get(key)}
    return {"previous": rev, "queries": len(mix), "same_totals": len(mix) - len(differ), "differences": differ,
            "index_mb": round(current_mb, 1), "previous_index_mb": round(previous_mb, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/evidence-bench"))
    ap.add_argument("--rev", default=PREVIOUS, help="the revision whose engine to compare with")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(args.home, args.corpus, args.workdir, args.rev), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
