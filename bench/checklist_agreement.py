"""Does the checklist say what a reviewer would say? Builds a county home from one labelled split
of tests/tagging_set (each document written as a text file at its path), scans it with the real
pipeline, and compares the checklist's three-way status (missing / partial / present) per duty
with the status the split's labels imply:

* missing: no document labelled for the duty, not even a draft or another year's;
* present: every deliverable of the duty supplied by a final, in-window document;
* partial: anything in between (half the deliverables, drafts only, other years only).

A duty with parts is present when every part is, missing when every part is.
Run: python bench/checklist_agreement.py --split blind2-dev [-v] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import tomllib  # noqa: E402

from archive.catalog import Catalog, Item, load_catalog  # noqa: E402

SET_DIR = ROOT / "tests" / "tagging_set"
AS_OF = "2020-10-24"
SCAN_CLOCK = "2020-10-20T09:00:00+08:00"  # files arrive before the deadline; a past --as-of reads archive times


def load_split(split: str) -> list[dict]:
    docs = []
    for f in sorted(SET_DIR.glob("*.toml")):
        docs.extend(r for r in tomllib.loads(f.read_text(encoding="utf-8")).get("doc", []) if r["split"] == split)
    return docs


def reference(item: Item, docs: list[dict], parent: str | None = None) -> str:
    """The status a reviewer reads off the labels. A part (3.1.2) is labelled by its own id or by its
    duty's (3.1): a writer who labels a whole table with the duty says it serves every part."""
    ids = {item.id, parent} - {None}
    labelled = [d for d in docs if ids & set(d["items"])]
    other_years = [d for d in docs if ids & set(d.get("out_of_window", []))]
    if not labelled and not other_years:
        return "missing"
    finals = [d for d in labelled if not d.get("draft")]
    keys = {d.key for d in item.deliverables}
    covered: set[str] = set()
    for d in finals:
        mine = {k for k in d.get("deliverables", []) if k.split("/")[0] == item.id}
        if len(keys) == 1 or not mine or not mine & keys:  # a coarser label covers the whole duty
            covered |= keys
        else:
            covered |= mine & keys
    return "present" if finals and covered >= keys else "partial"


def reference_statuses(catalog: Catalog, docs: list[dict]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in catalog.items:
        if not item.parts:
            out[item.id] = reference(item, docs)
            continue
        parts = [reference(p, docs, item.id) for p in item.parts]
        for p, st in zip(item.parts, parts):
            out[p.id] = st
        out[item.id] = ("missing" if set(parts) == {"missing"} else
                        "present" if set(parts) == {"present"} else "partial")
    return out


def build_home(docs: list[dict], home: Path) -> dict[str, str]:
    """Write the split as a home; returns each labelled document's path under watch_folders/."""
    from evidence.cli import main

    home.mkdir(parents=True, exist_ok=True)
    (home / "evidence.toml").write_text('[watch]\nobserver = "polling"\n\n[limits]\nworkers = 2\n', encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        main(["--home", str(home), "init"])
    written: dict[str, str] = {}
    for d in docs:
        rel = PurePosixPath(d["path"])
        target = home / "watch_folders" / rel.parent / f"{rel.stem}.txt"
        while target.exists():  # two labelled documents saved under one name
            target = target.with_name(target.stem + "_" + d["id"] + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n\f\n".join(d["pages"]), encoding="utf-8")
        written[d["id"]] = target.relative_to(home / "watch_folders").as_posix()
    return written


def checklist(home: Path) -> dict[str, dict]:
    """Scan and read the checklist on the archive's clock set before the deadline, so that the
    checklist as of the deadline (rebuilt from the archive's timestamps) sees every document."""
    import os

    from evidence.cli import main

    os.environ["EVIDENCE_CLOCK"] = SCAN_CLOCK

    with contextlib.redirect_stdout(io.StringIO()):
        main(["--home", str(home), "scan", "--json"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--home", str(home), "checklist", "--json", "--as-of", AS_OF])
    data = json.loads(out.getvalue())
    return {e["id"]: e for top in data["items"] for e in (top, *top["parts"])}


def compare(split: str, verbose: bool = False) -> dict:
    catalog = load_catalog()
    docs = load_split(split)
    if not docs:
        raise SystemExit(f"no documents in split {split!r}")
    want = reference_statuses(catalog, docs)
    with tempfile.TemporaryDirectory() as tmp:
        build_home(docs, Path(tmp) / "home")
        got = checklist(Path(tmp) / "home")
    top = [i.id for i in catalog.items]
    agree = [i for i in top if got[i]["status"] == want[i]]
    said_done_when_not = [i for i in top if got[i]["status"] == "present" and want[i] != "present"]
    result = {"split": split, "documents": len(docs), "duties": len(top), "agree": len(agree),
              "agreement": round(len(agree) / len(top), 3), "present_but_not": said_done_when_not,
              "disagreements": {i: {"checklist": got[i]["status"], "reviewer": want[i],
                                    "reasons": got[i]["reasons"][:2]} for i in top if i not in agree}}
    print(f"{split}: {len(docs)} documents; checklist agrees with the labels on {len(agree)}/{len(top)} duties "
          f"({result['agreement']:.1%}); 已提供 where the labels say otherwise: {said_done_when_not or 'none'}")
    if verbose:
        for i, d in result["disagreements"].items():
            print(f"  {i:6} checklist {d['checklist']:8} reviewer {d['reviewer']:8} {d['reasons']}")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", action="append", required=True, help="a split of tests/tagging_set (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the disagreements")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args(argv)
    results = [compare(s, args.verbose) for s in args.split]
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
