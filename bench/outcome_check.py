"""Same outcomes from two versions of the code: a speed change must not change what a scan
concludes. Each checkout scans a fresh home holding the same files (its own code: the CLI runs
with the checkout as its working directory), then the answers are compared: `documents --json`
(tags with their reasons, years, 文号, drafts, locations), `checklist --json`, `consistency
--json` (the figures read from tables and sentences), `show --json` of every 7th
document (pages, seals, issuer) and `search --json` of the bench's query mix. Time stamps of the scan
itself are left out; everything else must be byte-identical.

Usage::

    git archive BASE | tar -x -C /tmp/before
    python bench/outcome_check.py --before /tmp/before --corpus /tmp/corpus --docs 300
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.ingest import TEXT_FORMATS, load_manifest  # noqa: E402
from bench.search import COMMON, MULTI, PHRASES  # noqa: E402

# when the scan ran, not what it concluded
SHOW_EVERY = 7  # `show --json` of every 7th document (one CLI process each)
VOLATILE = {"first_seen", "last_seen", "extracted_at", "at", "generated_at", "seconds", "as_of", "today"}


def cli(code: Path, home: Path, *args: str) -> object:
    out = subprocess.run([sys.executable, "-m", "evidence.cli", "--home", str(home), *args], cwd=str(code),
                         env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True, check=True)
    return json.loads(out.stdout)


def scrub(value: object) -> object:
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def answers(code: Path, corpus: Path, home: Path, files: list[str]) -> dict[str, object]:
    """Scan these corpus files into a fresh home with `code`, then ask everything."""
    cli(code, home, "init", "--json")
    for rel in files:
        target = home / "watch_folders" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(corpus / rel, target)
    report = cli(code, home, "scan", "--json")
    out: dict[str, object] = {"scan": {k: report[k] for k in ("seen", "new", "extracted", "failed", "indexed")}}
    documents = cli(code, home, "documents", "--json")
    out["documents"] = documents
    out["checklist"] = cli(code, home, "checklist", "--json")
    out["consistency"] = cli(code, home, "consistency", "--json")
    for doc in documents[::SHOW_EVERY]:
        out[f"show {doc['id']}"] = cli(code, home, "show", str(doc["id"]), "--json")
    for query in COMMON + MULTI + PHRASES:
        out[f"search {query}"] = cli(code, home, "search", query, "--json", "--limit", "50")
    return {key: scrub(value) for key, value in out.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout of the base version")
    ap.add_argument("--after", type=Path, default=REPO, help="checkout of the changed version (this one)")
    ap.add_argument("--corpus", type=Path, required=True, help="bench/make_corpus.py output")
    ap.add_argument("--docs", type=int, default=300, help="the first N text documents of the corpus")
    ap.add_argument("--out", type=Path, help="write the summary here as JSON")
    args = ap.parse_args(argv)
    files = sorted(rel for rel, e in load_manifest(args.corpus)["files"].items()
                   if e["format"] in TEXT_FORMATS)[:args.docs]
    with tempfile.TemporaryDirectory() as tmp:
        before = answers(args.before.resolve(), args.corpus, Path(tmp) / "before", files)
        after = answers(args.after.resolve(), args.corpus, Path(tmp) / "after", files)
    differing = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    tags = sum(len(d["tags"]) for d in after["documents"])
    summary = {"documents": len(files), "answers_compared": len(before), "differing": differing,
               "tags": tags, "identical": not differing}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if not differing else 1


if __name__ == "__main__":
    raise SystemExit(main())
