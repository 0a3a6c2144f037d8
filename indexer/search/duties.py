"""Which duty a search names, and the duty as a card at the top of the results.

Inspectors type what they are checking: a duty's number (`8.2`), its title, or its plan wording,
often from memory (「垃圾填埋场渗滤液处理及周边环境监测记录」 for the title 「2020年填埋场渗滤液处理及
周边监测记录」). Such a query is matched to the catalog by the character bigrams it shares with a
duty's title and wording: most of the query must be the duty's words, and it must cover a good part
of the title or of the wording. A topic (「负面清单」) covers too little of any duty to name one.
The exact-string results are not touched: the card is shown beside them.

>>> from archive.catalog import load_catalog
>>> catalog = load_catalog()
>>> [m.item.id for m in match_duties(catalog, "8.2")]
['8.2']
>>> [m.item.id for m in match_duties(catalog, "垃圾填埋场渗滤液处理及周边环境监测记录")]
['8.2']
>>> match_duties(catalog, "负面清单")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from archive.catalog import Catalog, Item
from archive.checklist import STATUS_LABELS, USES, checklist_entries, days_text
from archive.store import Archive
from indexer.extract.normalize import CJK

_ID = re.compile(r"^\s*(?:事项|第)?\s*(\d{1,2}(?:\.\d{1,2}){1,2})\s*(?:项)?\s*$")
_CJK_RUN = re.compile(f"[{CJK}]+")
MIN_CHARS = 4            # shorter text names a topic, not a duty
MIN_PRECISION = 0.7      # share of the query's bigrams that are the duty's own words
MIN_TITLE_COVER = 0.5    # share of the title's bigrams the query has
MIN_TEXT_COVER = 0.3     # share of the wording's bigrams the query has …
MIN_TEXT_SHARED = 6      # … and at least this many of them
TIE = 0.9                # within this share of the best: named as well (shown beside it)
EVIDENCE_SHOWN = 50      # files listed on a card (counted first); the checklist lists them all
MAX_DUTIES = 10         # one wording shared by every department's project or self-check duty


@dataclass(frozen=True)
class DutyMatch:
    item: Item
    matched_by: str      # "id" | "title" | "wording"
    strength: float      # 1.0 for an id; else precision × cover, to order candidates


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the Chinese runs (digits, Latin and punctuation left out: a year or
    a stray letter does not make or break a duty's name)."""
    folded = unicodedata.normalize("NFKC", text)
    return frozenset(run[i:i + 2] for run in _CJK_RUN.findall(folded) for i in range(len(run) - 1))


def match_duties(catalog: Catalog, query: str) -> list[DutyMatch]:
    """Duties the query names, best first (several when duties share one wording, as the
    departments' identical project and self-check duties do)."""
    found = _ID.match(query.replace('"', ""))
    if found:
        try:
            return [DutyMatch(catalog.item(found.group(1)), "id", 1.0)]
        except KeyError:
            return []
    words = bigrams(query.replace('"', ""))
    if len(words) < MIN_CHARS - 1:
        return []
    matches = []
    for item in catalog.all_items():
        title, text = bigrams(item.title), bigrams(item.text)
        precision = len(words & (title | text)) / len(words)
        if precision < MIN_PRECISION:
            continue
        title_cover = len(words & title) / len(title) if title else 0.0
        text_cover = len(words & text) / len(text) if text else 0.0
        by_title = title_cover >= MIN_TITLE_COVER
        by_text = text_cover >= MIN_TEXT_COVER and len(words & text) >= MIN_TEXT_SHARED
        if by_title or by_text:
            matched_by = "title" if by_title and title_cover >= text_cover else "wording"
            matches.append(DutyMatch(item, matched_by, precision * max(title_cover, text_cover)))
    if not matches:
        return []
    matches.sort(key=lambda m: -m.strength)
    best = matches[0].strength
    return [m for m in matches if m.strength >= TIE * best][:MAX_DUTIES]


def duty_card(archive: Archive, catalog: Catalog, matches: list[DutyMatch], as_of: date) -> dict:
    """The first duty as the checklist judges it on `as_of`, with each evidence file's tagging
    reasons; duties the query names equally well (one wording, several departments) follow under
    `also`, each with its status and evidence files, so none of them is hidden."""
    entries = checklist_entries(archive, catalog, [m.item.id for m in matches], as_of)
    first, *others = matches
    item = first.item
    entry = entries[item.id]
    parent = catalog.item(item.parent) if item.parent else None
    return {
        "id": item.id, "title": item.title, "text": item.text, "matched_by": first.matched_by,
        "department": entry["department"], "department_name": entry["department_name"],
        "status": entry["status"], "status_label": STATUS_LABELS[entry["status"]],
        "deadline": entry["deadline"], "deadline_phase": entry["deadline_phase"],
        "days_left": entry["days_left"], "days_text": days_text(entry["days_left"]),
        "deliverables": [{"key": d["key"], "name": d["name"], "status": d["status"]} for d in entry["deliverables"]],
        "reasons": entry["reasons"], "evidence": _evidence(archive, item, entry),
        "evidence_total": len(entry["evidence_files"]),
        "parts": [{"id": p["id"], "title": p["title"], "status": p["status"],
                   "status_label": STATUS_LABELS[p["status"]]} for p in entry["parts"]],
        "parent": {"id": parent.id, "title": parent.title} if parent else None,
        "anchor": f"item-{item.id}",
        "also": [_brief(archive, m.item, entries[m.item.id]) for m in others],
    }


def _evidence(archive: Archive, item: Item, entry: dict) -> list[dict]:
    """Counted files first, at most EVIDENCE_SHOWN; each with why the tagger (or a person) tied it
    to this duty."""
    own = {item.id, *(p.id for p in item.parts)}
    out = []
    ordered = sorted(entry["evidence_files"], key=lambda f: (f["use"] != "counted", f["id"]))
    for f in ordered[:EVIDENCE_SHOWN]:
        tags = [t for t in archive.tags(f["id"]) if t["item"] in own]
        out.append({"id": f["id"], "name": f["name"], "path": f["path"], "doc_type": f["doc_type"],
                    "years": f["years"], "draft": f["draft"], "use": f["use"], "use_label": USES[f["use"]],
                    "reasons": [r for t in tags for r in t["reasons"]],
                    "source": tags[0]["source"] if tags else None})
    return out


def _brief(archive: Archive, item: Item, entry: dict) -> dict:
    return {"id": item.id, "title": item.title, "department": entry["department"],
            "status": entry["status"], "status_label": STATUS_LABELS[entry["status"]],
            "anchor": f"item-{item.id}", "evidence": _evidence(archive, item, entry),
            "evidence_total": len(entry["evidence_files"])}
