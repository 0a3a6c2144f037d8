"""Tag a document with the assessment duties it serves, its type, years, 文号 and project.

Pure functions over already-extracted text: the pipeline does the I/O and calls
``tag_document``. All domain words (keywords, document-type cues, thresholds) come from the
catalog, so next year's plan needs a new catalog file, not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from archive.catalog import Catalog, DocType, Item

from indexer.extract.pinyin_glosses import strip_pinyin_glosses
from indexer.extract.simplified import to_simplified

from . import doctype, owner, rules
from .deliverables import supplied
from .docnumber import own_doc_number, parse_doc_number
from .finality import draft_marker
from .heading import attachment_headings, contents_entries, heading
from .matching import compiled
from .meta import meta_kind
from .ocr_digits import ocr_digits
from .project import project_name
from .reference import foreign_reference, neighbours_paper, superseded_folder
from .years import document_years, issue_date_line, parse_date, placeholder_year

__all__ = ["TagInput", "ItemTag", "TagResult", "tag_document", "parse_doc_number", "parse_date", "project_name"]


@dataclass(frozen=True)
class TagInput:
    title: str                 # file name stem and/or first heading line
    source_paths: list[str]    # relative to the watch root; first segment = department folder
    pages: list[str]           # normalised extracted text per page (may be empty)
    tracked_changes: bool = False  # a Word file with unaccepted revisions or comments


@dataclass(frozen=True)
class ItemTag:
    item_id: str               # "3.2" or a part id "10.3.1"
    score: float
    reasons: list[str]         # human-readable Chinese
    in_window: bool = True     # False: the duty's kind of evidence, but for years the duty does not ask for
    deliverables: tuple[str, ...] = ()  # keys of the duty's deliverables this document supplies


@dataclass(frozen=True)
class TagResult:
    doc_type: str | None
    years: list[int]
    issue_date: str | None
    doc_number: str | None
    project: str | None
    items: list[ItemTag]
    draft: str | None = None   # why the document is a draft (None: final)
    meta: str | None = None    # why the document is about the assessment rather than evidence
    weak: str | None = None    # why it is tagged but not a formal paper (a news report): never enough alone


def tag_document(doc: TagInput, catalog: Catalog) -> TagResult:
    pages = [ocr_digits(strip_pinyin_glosses(to_simplified(page))) for page in doc.pages or []]
    name = ocr_digits(strip_pinyin_glosses(to_simplified(doc.title or ""))).strip()
    head = heading(pages)
    title = _title(name, head)  # what the rules read; years, 文号 and project keep the file name's
    number = own_doc_number(name, pages)
    issued = issue_date_line(pages)
    years = document_years(name, pages, number.year if number else None, head=head,
                           round_name=catalog.tagging.round_name)
    dtype = doctype.classify(title, pages, catalog)
    project = project_name(name) if dtype is not None and dtype.stage else None
    bundle = (any(compiled(p).search(name) for p in catalog.tagging.bundle_title)
              and not any(compiled(p).search(name) for p in catalog.tagging.contents_title))
    meta = meta_kind(title, pages, number, catalog)
    if bundle and meta is not None and not meta[0].items:
        meta = None  # a bound set of documents opens with a 目录, but it carries the documents
    dtype_name = dtype.name if dtype else None
    weak = None
    if meta is not None and meta[0].evidence:
        weak = f"{meta[0].name}：{meta[1]}，非正式文件"
    if meta is not None and not meta[0].evidence:
        kind, why, own_plan = meta
        items = []
        # another county's plan or materials list serves none of ours
        elsewhere = kind.items and not own_plan and (foreign_reference(title, doc.source_paths, catalog, pages)
                                                    or neighbours_paper(title, catalog, pages))
        for item_id in () if elsewhere else kind.items:
            item = catalog.item(item_id)
            in_window, year_note = (True, None) if own_plan else _window(item, years, rules.DocText.of(title, pages),
                                                                         catalog)
            items.append(ItemTag(item_id, 1.0, [f"{why}；此类文件仅作为本事项的材料", *([year_note] if year_note else [])],
                                 in_window, tuple(d.key for d in item.deliverables)))
    else:
        # a bound set is read as the sum of its parts: the titles in its 目录 are titles too
        parts = contents_entries(pages) if bundle else attachment_headings(pages)
        paths = [to_simplified(path) for path in doc.source_paths]
        joint = any(compiled(p).search(name) for p in catalog.tagging.joint_title)
        items = _tag_items(title, paths, pages, years, None if bundle or joint else dtype, catalog, parts)
        if weak:
            items = [replace(t, reasons=[*t.reasons, f"{weak}：可作旁证，不单独计为已提供"]) for t in items]
        if not years and (weak or _news_lede(pages, catalog)):
            items = [_undated(t, catalog.item(t.item_id)) for t in items]
    draft = draft_marker(title, pages, catalog, tracked_changes=doc.tracked_changes)
    set_aside = None if draft else superseded_folder(doc.source_paths, catalog)
    if set_aside:
        items = [replace(t, in_window=False, reasons=[*t.reasons, f"存放于「{set_aside}」文件夹：部门已将其列为旧版，不计为本期材料"])
                 if t.in_window else t for t in items]
    return TagResult(
        doc_type=dtype_name,
        years=years,
        issue_date=issued[2] if issued else None,
        doc_number=str(number) if number else None,
        project=project,
        items=items,
        draft=draft,
        meta=f"{meta[0].name}：{meta[1]}" if meta else None,
        weak=weak,
    )


def _news_lede(pages: list[str], catalog: Catalog) -> bool:
    """A report opening 「近日，…」: dated only relative to when it ran."""
    opening = pages[0][:400] if pages else ""
    return any(compiled("(?m)" + p).search(opening) for p in catalog.tagging.news_lede)


def _undated(tag: ItemTag, item: Item) -> ItemTag:
    """A news report that prints no year cannot show it is about the years the duty asks for."""
    if not (tag.in_window and item.year_filter and item.years):
        return tag
    return replace(tag, in_window=False, reasons=[
        *tag.reasons, f"年份不明：新闻报道未写明年份，无法确认属于{'、'.join(map(str, item.years))}年"])


_PRINTED = re.compile(r"(?:印发|转发|下发|报送)《([^《》]{4,80})》|关于印发([^《》，。]{4,80}?)的通知")


def _title(file_title: str, head: str) -> str:
    """The file name and, when it adds something, the heading on the first page: a reviewer reads
    both, and a scan saved as 「扫描件003」 has only the latter. A notice printing a paper
    (「关于印发《…检查验收报告》的通知」, or 「关于印发…财税措施的通知」 without the brackets) is read under
    that paper's title too, last."""
    name = file_title.strip()
    lines = [name] if name else []
    if head and head not in name:
        lines.append(head)
    m = _PRINTED.search(head or name)
    if m:
        printed = m.group(1) or m.group(2)
        lines = [ln for ln in lines if ln != printed] + [printed]
    return "\n".join(lines)


def _tag_items(title: str, source_paths: list[str], pages: list[str], years: list[int],
               dtype: DocType | None, catalog: Catalog, part_titles: list[str] | None = None) -> list[ItemTag]:
    cfg = catalog.tagging
    if not title and not any(p.strip() for p in pages):
        return []
    if any(compiled(p).search(title) for p in cfg.exclude_title):
        return []
    if foreign_reference(title, source_paths, catalog, pages) or neighbours_paper(title, catalog, pages):
        return []
    covering = bool(part_titles) and any(compiled(p).search(title) for p in cfg.covering_title)
    text = rules.DocText.of(title, pages, part_titles, covering)
    filed_in = owner.folder_departments(source_paths, catalog)
    folders = {d.number: d for d in filed_in}
    issued_by = owner.issuer(title, pages, catalog)
    owning = owner.owner(filed_in, issued_by)
    builders: list | None = None
    co_filers: dict | None = None
    joint: dict | None = None
    tags: list[ItemTag] = []
    part_area = any(compiled(p).search(title) for p in cfg.part_area_title)
    for item in catalog.leaf_items():
        if part_area and item.id in catalog.reported_items:
            continue  # a township's or a project area's figures are not the county's return
        if dtype is not None and dtype.exclusive and dtype.name not in item.doc_types:
            continue
        owner_note = None
        if item.scope == "owner" and owning is not None and owning.number != item.department:
            if joint is None:  # a paper two bureaus issued together is each one's
                joint = {d.number: d for d in [*owner.joint_issuers(pages, catalog), *owner.title_units(title, catalog)]}
            if item.department in joint:
                owner_note = f"联合发文单位含{joint[item.department].short}"
            elif item.kind != "project":
                if co_filers is None:  # so is a return they filled together
                    co_filers = {d.number: d for d in owner.filing_units(pages, catalog, helpers=True)}
                if item.department in co_filers:
                    owner_note = f"填报单位含{co_filers[item.department].short}"
                elif item.issuer_owns and issued_by is not None and issued_by.number == item.department:
                    # 自然资源局's reply giving 林业局 the forest-land figures, filed by 林业局, is its own help too
                    owner_note = f"发文单位为{issued_by.short}"
                else:
                    continue
            elif issued_by is not None and issued_by.number == item.department:
                # 发改局's approval of 住建局's works, filed by 住建局, is 发改局's project paper too
                owner_note = f"发文单位为{issued_by.short}"
            else:
                if builders is None:  # only an approval the owner issued itself speaks for another's project
                    builders = owner.project_units(pages, catalog) if issued_by == owning else []
                if item.department not in {d.number for d in builders}:
                    continue
                owner_note = f"项目建设（主送）单位为{catalog.department(item.department).short}"
        match = rules.best_match(item, text, catalog)
        if match is None or match.score < cfg.min_content_score:
            continue
        score, reasons = match.score, rules.describe(match)
        if owner_note:
            reasons.append(owner_note)
        in_window, year_note = _window(item, years, text, catalog)
        reasons.extend([year_note] if year_note else [])
        if item.department in folders:
            score += cfg.folder_bonus
            reasons.append(f"来自「{folders[item.department].short}」文件夹")
        if score >= cfg.min_score:
            keys, wrong_years = supplied(item, text, dtype.name if dtype else None, years)
            if in_window and wrong_years and not keys:
                in_window = False
                reasons.extend(f"年份不符：文件涉及{'、'.join(map(str, years))}年，「{d.name}」要求"
                               f"{'、'.join(map(str, d.years))}年" for d in wrong_years)
            tags.append(ItemTag(item.id, round(score, 3), reasons, in_window, tuple(keys)))
    tags.sort(key=lambda t: -t.score)
    return tags


def _window(item: Item, years: list[int], text: rules.DocText, catalog: Catalog) -> tuple[bool, str | None]:
    """Whether the document is about years the duty asks for, with the reason when it matters.

    Kept even when out of window, so the checklist can say "only out-of-window material".
    A 「近年来」 project duty (year policy "project") also takes an earlier approval of a project
    that was built or accepted in the window; the county report's duty (year policy "assessment")
    refuses last year's report, though its figures' years overlap this one's.
    """
    if item.year_policy == "assessment" and catalog.assessment_year_title:
        named = compiled(catalog.assessment_year_title).search(text.title)
        if named and int(named.group(1)) != catalog.year:
            return False, f"年度不符：文件属{named.group(1)}年度考核，本事项为{catalog.year}年度考核"
    if item.year_filter and item.years and not years:
        blank = placeholder_year(text.title + "\n" + text.body)
        if blank:
            return False, f"年份不明：文中年份为占位符「{blank}」，本事项要求{'、'.join(map(str, item.years))}年"
    if not (item.year_filter and years and item.years) or set(years) & set(item.years):
        return True, None
    if item.year_policy == "project" and catalog.project_year_context:
        for y in item.years:
            if text.any_hit(catalog.project_year_context.replace("YEAR", str(y))):
                return True, (f"文件涉及{'、'.join(map(str, years))}年，项目于{y}年建设或验收，"
                              f"按「{item.year_policy_wording or '近年来'}」计入")
    return False, (f"年份不符：文件涉及{'、'.join(map(str, years))}年，"
                   f"本事项要求{'、'.join(map(str, item.years))}年")
