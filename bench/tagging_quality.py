"""Measure tagging quality on the labelled set in tests/tagging_set/.

Prints, per split, micro precision/recall/F1 for duty tags, the share of distractors (documents
that serve no duty) falsely tagged, draft detection, document type accuracy, years accuracy
(exact set), project-name accuracy and tagging speed; `--per-duty` adds P/R per duty and
`--json FILE` keeps the figures.
Run: python bench/tagging_quality.py [-v] [--split S] [--per-duty] [--json FILE] [--as-extracted]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.catalog import Catalog, load_catalog  # noqa: E402
from indexer.extract.normalize import normalize_text  # noqa: E402
from indexer.tagging import TagInput, TagResult, tag_document  # noqa: E402

SET_DIR = ROOT / "tests" / "tagging_set"
# splits written before the generalising tagger, labelled with a doc_type from the old vocabulary
LEGACY_SPLITS = ("tune", "holdout", "blind")


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
    draft: bool = False
    out_of_window: frozenset[str] = frozenset()


def load_set(directory: Path = SET_DIR) -> list[Record]:
    records: list[Record] = []
    for f in sorted(directory.glob("*.toml")):
        for r in tomllib.loads(f.read_text(encoding="utf-8")).get("doc", []):
            records.append(Record(
                id=r["id"], split=r["split"], title=r["title"], path=r["path"], pages=list(r["pages"]),
                items=frozenset(r["items"]), doc_type=r.get("doc_type"),
                years=tuple(sorted(r.get("years", []))), project=r.get("project"),
                draft=bool(r.get("draft", False)), out_of_window=frozenset(r.get("out_of_window", [])),
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
    distractors: int = 0          # documents that serve no duty in any year
    distractors_tagged: int = 0   # ... that got at least one in-window tag
    drafts: int = 0
    drafts_found: int = 0
    finals_called_draft: int = 0
    typed: int = 0                # documents whose set labels a doc_type

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
    by_duty: dict[str, dict[str, Counts]] = field(default_factory=dict)  # split -> duty -> counts


def pooled(report: Report, splits: Iterable[str]) -> Counts:
    """The tag counts of several splits together (micro-averaged: precision, recall and F1 of the sum)."""
    total = Counts()
    for split in splits:
        c = report.by_split[split]
        total.tp += c.tp
        total.fp += c.fp
        total.fn += c.fn
        total.docs += c.docs
    return total


def whole_duty(item_id: str) -> str:
    """「3.1.2」 → 「3.1」: a part counted as the duty it belongs to."""
    return ".".join(item_id.split(".")[:2])


def evaluate(records: list[Record], catalog: Catalog, file_names: bool = False, whole_duties: bool = False,
             as_extracted: bool = False) -> Report:
    """`file_names`: tag as the pipeline does, with the stem of the document's path as its title
    (the set's `title` is what its writer meant the file to be called; many writers gave the
    path another, clerk-style name). `whole_duties`: count parts (3.1.2, 7.2.4, 10.3.3) as their
    duty on both sides — writers who see only the plan cannot know the catalog's part numbers and
    some label a document that serves all of a duty's parts with the duty's own id. `as_extracted`:
    the pages pass through the extractors' normalisation first (full-width forms folded, the gaps
    between Chinese cells closed), as the pipeline feeds the tagger; the figures kept since issue 19
    began were measured on the pages as written."""
    report = Report()
    start = time.perf_counter()
    for rec in records:
        title = Path(rec.path).stem if file_names else rec.title
        pages = [normalize_text(p) for p in rec.pages] if as_extracted else rec.pages
        res: TagResult = tag_document(TagInput(title, [rec.path], pages), catalog)
        got = {t.item_id for t in res.items if t.in_window}  # the set labels what a document validly serves
        if whole_duties:
            got = {whole_duty(i) for i in got}
            rec = replace(rec, items=frozenset(whole_duty(i) for i in rec.items),
                          out_of_window=frozenset(whole_duty(i) for i in rec.out_of_window))
        for split in ("all", rec.split):
            c = report.by_split.setdefault(split, Counts())
            c.docs += 1
            c.tp += len(got & rec.items)
            c.fp += len(got - rec.items)
            c.fn += len(rec.items - got)
            if not rec.items and not rec.out_of_window:
                c.distractors += 1
                c.distractors_tagged += bool(got)
            c.drafts += rec.draft
            c.drafts_found += rec.draft and res.draft is not None
            c.finals_called_draft += (not rec.draft) and res.draft is not None
            for duty in got | rec.items:
                d = report.by_duty.setdefault(split, {}).setdefault(duty, Counts())
                d.tp += duty in got and duty in rec.items
                d.fp += duty in got and duty not in rec.items
                d.fn += duty in rec.items and duty not in got
            c.typed += rec.split in LEGACY_SPLITS
            c.type_ok += rec.split in LEGACY_SPLITS and res.doc_type == rec.doc_type
            c.years_ok += tuple(res.years) == rec.years
            if rec.project:
                c.proj_total += 1
                c.proj_ok += res.project == rec.project
        if got != rec.items:
            report.errors.append(f"[{rec.split}] {rec.id} items: +{sorted(got - rec.items)} -{sorted(rec.items - got)}")
        if rec.draft != (res.draft is not None):
            report.errors.append(f"[{rec.split}] {rec.id} draft: got {res.draft!r} want {rec.draft}")
        if rec.split in LEGACY_SPLITS and res.doc_type != rec.doc_type:
            report.errors.append(f"[{rec.split}] {rec.id} doc_type: got {res.doc_type} want {rec.doc_type}")
        if tuple(res.years) != rec.years:
            report.errors.append(f"[{rec.split}] {rec.id} years: got {res.years} want {list(rec.years)}")
        if rec.project and res.project != rec.project:
            report.errors.append(f"[{rec.split}] {rec.id} project: got {res.project} want {rec.project}")
    report.ms_per_doc = (time.perf_counter() - start) * 1000 / max(1, len(records))
    return report


def split_order(report: Report) -> list[str]:
    known = ["all", *LEGACY_SPLITS, "dev", "blind2", "realpub"]
    return [s for s in known if s in report.by_split] + sorted(set(report.by_split) - set(known))


def figures(report: Report) -> dict:
    out = {}
    for split in split_order(report):
        c = report.by_split[split]
        out[split] = {
            "docs": c.docs, "precision": round(c.precision, 3), "recall": round(c.recall, 3), "f1": round(c.f1, 3),
            "tp": c.tp, "fp": c.fp, "fn": c.fn, "distractors": c.distractors,
            "distractors_tagged": c.distractors_tagged,
            "drafts": c.drafts, "drafts_found": c.drafts_found, "finals_called_draft": c.finals_called_draft,
            "years_exact": round(c.years_ok / c.docs, 3),
            "per_duty": {d: {"precision": round(x.precision, 3), "recall": round(x.recall, 3), "tp": x.tp,
                             "fp": x.fp, "fn": x.fn}
                         for d, x in sorted(report.by_duty.get(split, {}).items(), key=lambda kv: _duty_key(kv[0]))},
        }
    return out


def _duty_key(duty: str) -> tuple:
    return tuple(int(p) for p in duty.split("."))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    ap.add_argument("--split", help="list mismatches of one split only")
    ap.add_argument("--per-duty", action="store_true", help="precision and recall per duty and split")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--splits", help="evaluate only these splits (comma-separated); 'all' then sums only them")
    ap.add_argument("--file-names", action="store_true",
                    help="title each document by its path's file name, as the pipeline does")
    ap.add_argument("--catalog", type=Path, help="tag with this catalog file (e.g. one drafted by "
                                                 "`evidence catalog import`) instead of the packaged one")
    ap.add_argument("--whole-duties", action="store_true",
                    help="count a part (3.1.2, 10.3.3) as its duty (3.1, 10.3) on both sides")
    ap.add_argument("--as-extracted", action="store_true",
                    help="normalise each page as the extractors do before tagging, as the pipeline does")
    args = ap.parse_args(argv)
    records = load_set()
    if args.splits:
        keep = set(args.splits.split(","))
        records = [r for r in records if r.split in keep]
    report = evaluate(records, load_catalog(args.catalog), file_names=args.file_names, whole_duties=args.whole_duties,
                      as_extracted=args.as_extracted)
    print(f"labelled documents: {len(records)} (negatives: {sum(not r.items for r in records)})")
    print(f"{'split':8} {'docs':>4} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
          f" {'distr.FP':>9} {'drafts':>7} {'type':>6} {'years':>6} {'proj':>6}")
    for split in split_order(report):
        c = report.by_split[split]
        proj = c.proj_ok / c.proj_total if c.proj_total else 1.0
        typ = f"{c.type_ok / c.typed:6.3f}" if c.typed else f"{'-':>6}"
        distr = f"{c.distractors_tagged}/{c.distractors}"
        drafts = f"{c.drafts_found}/{c.drafts}"
        print(f"{split:8} {c.docs:4d} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4d} {c.fp:4d} {c.fn:4d}"
              f" {distr:>9} {drafts:>7} {typ} {c.years_ok / c.docs:6.3f} {proj:6.3f}")
    print(f"speed: {report.ms_per_doc:.2f} ms/document")
    if args.per_duty:
        for split in split_order(report):
            if split == "all" or (args.split and split != args.split):
                continue
            print(f"\n[{split}] per duty: P R (tp fp fn)")
            for duty, d in sorted(report.by_duty.get(split, {}).items(), key=lambda kv: _duty_key(kv[0])):
                print(f"  {duty:8} {d.precision:5.2f} {d.recall:5.2f} ({d.tp} {d.fp} {d.fn})")
    if args.verbose or args.split:
        for e in report.errors:
            if not args.split or e.startswith(f"[{args.split}]"):
                print(e)
    if args.json:
        args.json.write_text(json.dumps(figures(report), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
