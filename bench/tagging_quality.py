"""Measure tagging quality on the labelled set in tests/tagging_set/.

Prints micro precision/recall/F1 for duty tags (overall, tune split, holdout split), document
type accuracy, years accuracy (exact set), project-name accuracy and tagging speed.
Run: python bench/tagging_quality.py [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.catalog import Catalog, load_catalog  # noqa: E402
from indexer.tagging import TagInput, TagResult, tag_document  # noqa: E402

SET_DIR = ROOT / "tests" / "tagging_set"


@dataclass(frozen=True)
class Record:
    id: str
    split: str
    title: str
    path: str
    pages: list[str]
    items: frozenset[str]
    doc_type: str | None
    years: tuple[int, ...]
    project: str | None


def load_set(directory: Path = SET_DIR) -> list[Record]:
    records: list[Record] = []
    for f in sorted(directory.glob("*.toml")):
        for r in tomllib.loads(f.read_text(encoding="utf-8")).get("doc", []):
            records.append(Record(
                id=r["id"], split=r["split"], title=r["title"], path=r["path"], pages=list(r["pages"]),
                items=frozenset(r["items"]), doc_type=r.get("doc_type"),
                years=tuple(sorted(r.get("years", []))), project=r.get("project"),
            ))
    return records


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0
    type_ok: int = 0
    years_ok: int = 0
    proj_total: int = 0
    proj_ok: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    by_split: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    ms_per_doc: float = 0.0


def evaluate(records: list[Record], catalog: Catalog) -> Report:
    report = Report()
    start = time.perf_counter()
    for rec in records:
        res: TagResult = tag_document(TagInput(rec.title, [rec.path], rec.pages), catalog)
        got = {t.item_id for t in res.items if t.in_window}  # the set labels what a document validly serves
        for split in ("all", rec.split):
            c = report.by_split.setdefault(split, Counts())
            c.docs += 1
            c.tp += len(got & rec.items)
            c.fp += len(got - rec.items)
            c.fn += len(rec.items - got)
            c.type_ok += res.doc_type == rec.doc_type
            c.years_ok += tuple(res.years) == rec.years
            if rec.project:
                c.proj_total += 1
                c.proj_ok += res.project == rec.project
        if got != rec.items:
            report.errors.append(f"[{rec.split}] {rec.id} items: +{sorted(got - rec.items)} -{sorted(rec.items - got)}")
        if res.doc_type != rec.doc_type:
            report.errors.append(f"[{rec.split}] {rec.id} doc_type: got {res.doc_type} want {rec.doc_type}")
        if tuple(res.years) != rec.years:
            report.errors.append(f"[{rec.split}] {rec.id} years: got {res.years} want {list(rec.years)}")
        if rec.project and res.project != rec.project:
            report.errors.append(f"[{rec.split}] {rec.id} project: got {res.project} want {rec.project}")
    report.ms_per_doc = (time.perf_counter() - start) * 1000 / max(1, len(records))
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    ap.add_argument("--split", choices=("tune", "holdout", "blind"), help="list mismatches of one split only")
    args = ap.parse_args(argv)
    records = load_set()
    report = evaluate(records, load_catalog())
    print(f"labelled documents: {len(records)} (negatives: {sum(not r.items for r in records)})")
    print(f"{'split':8} {'docs':>4} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'type':>6} {'years':>6} {'proj':>6}")
    for split in ("all", "tune", "holdout", "blind"):
        c = report.by_split.get(split)
        if not c:
            continue
        proj = c.proj_ok / c.proj_total if c.proj_total else 1.0
        print(f"{split:8} {c.docs:4d} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4d} {c.fp:4d} {c.fn:4d}"
              f" {c.type_ok / c.docs:6.3f} {c.years_ok / c.docs:6.3f} {proj:6.3f}")
    print(f"speed: {report.ms_per_doc:.2f} ms/document")
    if args.verbose or args.split:
        for e in report.errors:
            if not args.split or e.startswith(f"[{args.split}]"):
                print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
