"""Does search answer an inspector's question about a duty? For every duty and part of the
catalog (43 + parts), four queries as an inspector types them — its number (`8.2`), its title,
its plan wording, and a partial wording (the middle 60 % of it) — are run against a home built
from one labelled split of tests/tagging_set with the real pipeline, and compared with the
documents the split's labels give that duty (a duty with parts: its own and its parts').

The ranked answer is what the page shows from the top: the duty card's evidence (counted files
first), the evidence of duties with the same wording (「同样措辞的事项」), the exact hits, then the
related results. recall@10 = relevant documents in its first 10 ÷ min(relevant, 10), averaged
over the queries that have relevant documents. Also reported: the same without the card (exact +
related alone) and how often the card named the asked duty.

Run: python bench/search_duties.py --split blind3 [--split blind2-dev] [--json FILE] [-v]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.catalog import Catalog, Item, load_catalog  # noqa: E402
from bench.checklist_agreement import build_home, load_split  # noqa: E402

AS_OF = date(2020, 10, 24)
K = 10
CLASSES = ("id", "title", "wording", "partial")


def queries(item: Item) -> dict[str, str]:
    text = item.text
    cut = len(text) // 5
    return {"id": item.id, "title": item.title, "wording": text, "partial": text[cut:len(text) - cut]}


def relevant(item: Item, docs: list[dict], paths: dict[str, str]) -> set[str]:
    own = {item.id, *(p.id for p in item.parts)}
    return {paths[d["id"]] for d in docs if own & set(d["items"])}


def ranked(out: dict, with_card: bool = True) -> list[int]:
    """Document ids in the order the search page shows them."""
    ids: list[int] = []
    duty = out.get("duty") if with_card else None
    if duty:
        ids += [f["id"] for f in duty["evidence"]]
        ids += [f["id"] for other in duty["also"] for f in other["evidence"]]
    ids += [h["id"] for h in out["hits"]] + [h["id"] for h in out["related"]]
    return list(dict.fromkeys(ids))


def recall_at(found: list[int], wanted: set[int], k: int = K) -> float:
    return len(set(found[:k]) & wanted) / min(len(wanted), k)


def measure(catalog: Catalog, docs: list[dict], home: Path, paths: dict[str, str], verbose: bool) -> dict:
    from evidence.config import load_config
    from evidence.services import open_services
    from indexer.search.results import search_documents

    rows = []
    with open_services(load_config(home), heal_index=False) as services:
        by_path = {}
        for doc_id in services.archive.document_ids():
            for loc in services.archive.locations(doc_id):
                by_path[loc["path"]] = doc_id
        for item in catalog.all_items():
            wanted = {by_path[p] for p in relevant(item, docs, paths) if p in by_path}
            for cls, query in queries(item).items():
                started = time.perf_counter()
                out = search_documents(services.archive, services.index, query, catalog=services.catalog,
                                       as_of=AS_OF, limit=K)
                seconds = time.perf_counter() - started
                duty = out["duty"]
                named = [duty["id"], *(o["id"] for o in duty["also"])] if duty else []
                row = {"item": item.id, "class": cls, "query": query, "relevant": len(wanted),
                       "card": duty["id"] if duty else None, "card_names_duty": item.id in named,
                       "card_first": bool(duty) and duty["id"] == item.id,
                       "exact": out["total"], "related": len(out["related"]), "seconds": round(seconds, 3)}
                if wanted:
                    row["recall"] = round(recall_at(ranked(out), wanted), 3)
                    row["recall_without_card"] = round(recall_at(ranked(out, with_card=False), wanted), 3)
                    row["missed"] = sorted(wanted - set(ranked(out)[:K]))
                rows.append(row)
                if verbose and wanted and row["recall"] < 1:
                    print(f"  {item.id:7} {cls:8} recall {row['recall']:.2f} card {row['card']} "
                          f"exact {row['exact']} related {row['related']} missed {row['missed']}  {query[:30]}")
    return summarize(rows)


def summarize(rows: list[dict]) -> dict:
    def figures(subset: list[dict]) -> dict:
        scored = [r for r in subset if "recall" in r]
        return {"queries": len(subset), "with_relevant": len(scored),
                "recall_at_10": round(sum(r["recall"] for r in scored) / len(scored), 3) if scored else None,
                "recall_at_10_without_card": round(sum(r["recall_without_card"] for r in scored) / len(scored), 3)
                if scored else None,
                "card_names_duty": round(sum(r["card_names_duty"] for r in subset) / len(subset), 3),
                "card_first": round(sum(r["card_first"] for r in subset) / len(subset), 3),
                "p95_seconds": sorted(r["seconds"] for r in subset)[int(0.95 * (len(subset) - 1))]}

    return {"all": figures(rows), "by_class": {c: figures([r for r in rows if r["class"] == c]) for c in CLASSES},
            "queries": rows}


def run(split: str, verbose: bool = False) -> dict:
    catalog = load_catalog()
    docs = load_split(split)
    if not docs:
        raise SystemExit(f"no documents in split {split!r}")
    from evidence.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        paths = build_home(docs, home)
        with contextlib.redirect_stdout(io.StringIO()):
            main(["--home", str(home), "scan", "--json"])
        result = measure(catalog, docs, home, paths, verbose)
    result = {"split": split, "documents": len(docs), "duties": len(catalog.all_items()), **result}
    print(f"{split}: {len(docs)} documents, {len(catalog.all_items())} duties and parts")
    print(f"  {'class':9} {'queries':>7} {'w/ rel':>6} {'recall@10':>9} {'no card':>8} {'card ok':>8} {'card 1st':>8}")
    for name, f in [("all", result["all"]), *result["by_class"].items()]:
        print(f"  {name:9} {f['queries']:7} {f['with_relevant']:6} {f['recall_at_10']:9.3f} "
              f"{f['recall_at_10_without_card']:8.3f} {f['card_names_duty']:8.3f} {f['card_first']:8.3f}")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="append", required=True, help="a split of tests/tagging_set (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the queries below full recall")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args(argv)
    results = [run(s, args.verbose) for s in args.split]
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
