"""Tag a document with the assessment duties it serves, its type, years, 文号 and project.

Pure functions over already-extracted text: the pipeline does the I/O and calls
``tag_document``. All domain words (keywords, document-type cues, thresholds) come from the
catalog, so next year's plan needs a new catalog file, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.catalog import Catalog

from . import doctype, owner, rules
from .docnumber import own_doc_number, parse_doc_number
from .matching import compiled
from .project import project_name
from .years import document_years, issue_date_line, parse_date

__all__ = ["TagInput", "ItemTag", "TagResult", "tag_document", "parse_doc_number", "parse_date", "project_name"]


@dataclass(frozen=True)
class TagInput:
    title: str                 # file name stem and/or first heading line
    source_paths: list[str]    # relative to the watch root; first segment = department folder
    pages: list[str]           # normalised extracted text per page (may be empty)


@dataclass(frozen=True)
class ItemTag:
    item_id: str               # "3.2" or a part id "10.3.1"
    score: float
    reasons: list[str]         # human-readable Chinese
    in_window: bool = True     # False: the duty's kind of evidence, but for years the duty does not ask for


@dataclass(frozen=True)
class TagResult:
    doc_type: str | None
    years: list[int]
    issue_date: str | None
    doc_number: str | None
    project: str | None
    items: list[ItemTag]


def tag_document(doc: TagInput, catalog: Catalog) -> TagResult:
    title = (doc.title or "").strip()
    pages = list(doc.pages or [])
    number = own_doc_number(title, pages)
    issued = issue_date_line(pages)
    years = document_years(title, pages, number.year if number else None)
    dtype = doctype.classify(title, pages, catalog)
    project = project_name(title) if dtype is not None and dtype.stage else None
    return TagResult(
        doc_type=dtype.name if dtype else None,
        years=years,
        issue_date=issued[2] if issued else None,
        doc_number=str(number) if number else None,
        project=project,
        items=_tag_items(title, doc.source_paths, pages, years, catalog),
    )


def _tag_items(title: str, source_paths: list[str], pages: list[str], years: list[int],
               catalog: Catalog) -> list[ItemTag]:
    cfg = catalog.tagging
    if not title and not any(p.strip() for p in pages):
        return []
    if any(compiled(p).search(title) for p in cfg.exclude_title):
        return []
    text = rules.DocText.of(title, pages)
    folders = {d.number: d for d in owner.folder_departments(source_paths, catalog)}
    owning = owner.owner(title, source_paths, pages, catalog)
    tags: list[ItemTag] = []
    for item in catalog.leaf_items():
        if item.scope == "owner" and owning is not None and owning.number != item.department:
            continue
        match = rules.best_match(item, text, catalog)
        if match is None or match.score < cfg.min_content_score:
            continue
        score, reasons = match.score, rules.describe(match)
        in_window = not (item.year_filter and years and item.years and not set(years) & set(item.years))
        if not in_window:  # kept so the checklist can say "only out-of-window material" (partial)
            reasons.append(f"年份不符：文件涉及{'、'.join(map(str, years))}年，"
                           f"本事项要求{'、'.join(map(str, item.years))}年")
        if item.department in folders:
            score += cfg.folder_bonus
            reasons.append(f"来自「{folders[item.department].short}」文件夹")
        if score >= cfg.min_score:
            tags.append(ItemTag(item.id, round(score, 3), reasons, in_window))
    tags.sort(key=lambda t: -t.score)
    return tags
