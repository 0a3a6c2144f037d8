"""How much do reviewers' corrections raise recall? On a county home built from one labelled split
(as bench/checklist_agreement.py builds it), k of the pairs (document, duty) the rules missed are
corrected by hand; the archive then suggests tags, and a reviewer who follows the labels accepts the
right suggestions and declines the wrong ones. Recall is measured on the pairs nobody corrected.
Run: python bench/suggest_gain.py --split blind2-dev [--k 10,30,100] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive import suggestions as records  # noqa: E402
from archive.catalog import load_catalog  # noqa: E402
from archive.store import Archive  # noqa: E402
from bench.checklist_agreement import build_home, load_split  # noqa: E402
from indexer import suggest  # noqa: E402


def truth(archive: Archive, docs: list[dict]) -> dict[int, set[str]]:
    """Document id -> labelled duties, matched by the file each labelled document was written to."""
    by_stem: dict[str, dict] = {}
    for d in docs:
        by_stem.setdefault(PurePosixPath(d["path"]).stem, d)
    out: dict[int, set[str]] = {}
    for row in archive.documents():
        loc = archive.locations(row["id"])[0]["path"]
        stem = PurePosixPath(loc).stem
        label = by_stem.get(stem) or next((d for d in docs if stem.endswith("_" + d["id"])), None)
        if label is not None:
            out[row["id"]] = set(label["items"])
    return out


def rule_tags(archive: Archive) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = {}
    for row in archive.conn.execute("SELECT document_id, item_id, in_window FROM tags WHERE source='rule'"):
        if row["in_window"] is None or row["in_window"]:
            tags.setdefault(row["document_id"], set()).add(row["item_id"])
    return tags


def run(home: Path, docs: list[dict], k: int, seed: int = 19, min_similarity: float = suggest.MIN_SIMILARITY) -> dict:
    catalog = load_catalog()
    archive = Archive(home / "var")
    try:
        labels = truth(archive, docs)
        ruled = rule_tags(archive)
        pairs = {(d, i) for d, items in labels.items() for i in items}
        missed = sorted((d, i) for d, i in pairs if i not in ruled.get(d, set()))
        corrected = set(random.Random(seed).sample(missed, min(k, len(missed))))
        for d, i in sorted(corrected):
            archive.set_override(d, i, "add", "bench", "模拟人工标注")
        suggest.refresh(archive, catalog, min_similarity=min_similarity)
        right = wrong = 0
        for s in records.open_suggestions(archive):
            good = s["item"] in labels.get(s["document_id"], set())
            records.answer(archive, s["document_id"], s["item"], good, "bench")
            right += good
            wrong += not good
        rest = pairs - corrected
        added = {(r["document_id"], r["item_id"]) for r in
                 archive.conn.execute("SELECT document_id, item_id FROM tag_overrides WHERE action='add'")}
        before = sum(1 for d, i in rest if i in ruled.get(d, set()))
        after = sum(1 for d, i in rest if i in ruled.get(d, set()) or (d, i) in added)
        return {"k": len(corrected), "pairs": len(rest), "recall_rules": round(before / len(rest), 3),
                "recall_with_suggestions": round(after / len(rest), 3), "suggestions": right + wrong,
                "suggestions_right": right}
    finally:
        archive.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", required=True)
    ap.add_argument("--k", default="10,30,100")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--min-similarity", type=float, default=suggest.MIN_SIMILARITY)
    args = ap.parse_args(argv)
    docs = load_split(args.split)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        build_home(docs, base)
        from bench.checklist_agreement import checklist
        checklist(base)  # scans the home
        for k in [int(x) for x in args.k.split(",")]:
            home = Path(tmp) / f"k{k}"
            shutil.copytree(base, home)
            r = run(home, docs, k, min_similarity=args.min_similarity)
            results.append(r)
            print(f"{args.split}: {r['k']:3d} corrections -> recall on the other pairs {r['recall_rules']:.3f} -> "
                  f"{r['recall_with_suggestions']:.3f}; suggestions {r['suggestions']} ({r['suggestions_right']} right)")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
