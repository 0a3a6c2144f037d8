"""The checklist: duty by duty, what evidence is there, what is missing, and why we think so.

The county's question is not "what did we archive" but "what will the inspectors find
missing". So a duty is only `present` with readable material about the years it asks for,
and every other state names its cause in Chinese: nothing tagged, only other years, only
unreadable files, a sub-part still missing, an approved project with no acceptance papers,
no seal where the plan asks for one, or figures that disagree with another department's.
An inspector's latest review overrides what the archive can tell (`verified`, or back to
`partial` with the rejection note as the reason).

Only files currently in the share count: a superseded version or a file a department deleted
stays in the archive, but it is no longer what the department submits.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from archive import clock
from archive.catalog import Catalog, Department, Item
from archive.chains import (ACCEPTANCE_STAGE, APPROVAL_STAGES, COMPLETION_WORDS, ProjectChain, build_chains,
                            chain_gap_reason, chain_of, may_complete, stage_of)
from archive.crosscheck import conflicts_by_item
from archive.errors import NotFound
from archive.records import primary_location
from archive.reviews import VERIFY, latest_reviews
from archive.store import Archive

STATUSES = ("missing", "partial", "present", "verified")
STATUS_LABELS = {"missing": "缺失", "partial": "不完整", "present": "已提供", "verified": "已核验"}
DONE = ("present", "verified")
COUNTED = "counted"
USES = {COUNTED: "计入", "draft": "草稿", "out_of_window": "考核期外", "unreadable": "无法读取",
        "weak": "旁证（非正式文件）"}


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    name: str
    path: str
    sha256: str
    status: str
    years: tuple[int, ...]
    doc_type: str | None
    error: str | None
    draft: str | None = None          # why it is a draft; None: final
    doc_number: str | None = None
    issue_date: str | None = None
    pages: int = 0
    seal: bool | None = None          # None: could not be judged (no colour page image)
    issuer_note: str | None = None
    weak: str | None = None           # why it is not a formal paper (a news report); None: formal

    def label(self) -> str:
        return f"#{self.id}「{self.name}」"

    def as_dict(self, use: str = COUNTED) -> dict:
        """`use` says whether this file counts for the duty, or why not (see USES)."""
        return {"id": self.id, "name": self.name, "path": self.path, "sha256": self.sha256, "status": self.status,
                "years": list(self.years), "doc_type": self.doc_type, "error": self.error,
                "draft": self.draft is not None, "doc_number": self.doc_number, "issue_date": self.issue_date,
                "pages": self.pages, "use": use, "seal": self.seal, "weak": self.weak is not None}


@dataclass(frozen=True)
class TagFacts:
    """What the tagger said about one document for one duty."""

    deliverables: tuple[str, ...]
    in_window: bool | None      # None: a manual tag or an old row; judged from the document's years
    manual: bool


@dataclass
class _Context:
    catalog: Catalog
    as_of: date
    files: dict[int, EvidenceFile]
    by_item: dict[str, list[int]]
    chains: dict[str, ProjectChain]
    rows: dict[int, sqlite3.Row]
    reviews: dict[str, dict] = field(default_factory=dict)
    facts: dict[tuple[str, int], TagFacts] = field(default_factory=dict)
    conflicts: dict[str, list[dict]] = field(default_factory=dict)


def resolve_department(catalog: Catalog, value: str) -> Department:
    """A department by number (「2」) or by any of its names (财政局, 县财政局)."""
    text = value.strip()
    if text.isdigit():
        try:
            return catalog.department(int(text))
        except KeyError:
            pass
    dept = catalog.department_by_folder(text)
    if dept is None:
        raise NotFound(f"未知部门：{value}")
    return dept


def build_checklist(archive: Archive, catalog: Catalog, *, department: str | None = None,
                    as_of: date | None = None) -> dict:
    """The checklist for every top-level duty (parts nested), with a summary of the counts."""
    ctx = _load(archive, catalog, as_of or clock.today())
    wanted = resolve_department(catalog, department).number if department else None
    entries = [_entry(item, ctx) for item in catalog.items if wanted is None or item.department == wanted]
    return {"items": entries, "summary": summarize(entries, catalog, ctx.as_of)}


def checklist_entries(archive: Archive, catalog: Catalog, item_ids: list[str], as_of: date) -> dict[str, dict]:
    """The checklist entries of some duties or parts only (as build_checklist judges them), by id:
    a search naming a duty shows its card without judging the other 42."""
    ctx = _load(archive, catalog, as_of)
    tops = {catalog.item(i).parent or i for i in item_ids}
    out: dict[str, dict] = {}
    for item in catalog.items:
        if item.id in tops:
            entry = _entry(item, ctx)
            out.update({e["id"]: e for e in (entry, *entry["parts"])})
    return {i: out[i] for i in item_ids}


def summarize(entries: list[dict], catalog: Catalog, as_of: date) -> dict:
    by_department: dict[str, dict] = {}
    for dept in catalog.departments:
        mine = [e for e in entries if e["department_number"] == dept.number]
        if mine:
            by_department[dept.short] = {"number": dept.number, "name": dept.name, **_counts(mine)}
    return {"assessment": catalog.name, "as_of": as_of.isoformat(), **_counts(entries),
            "by_department": by_department}


def _counts(entries: list[dict]) -> dict:
    by_status = {s: sum(1 for e in entries if e["status"] == s) for s in STATUSES}
    done = by_status["present"] + by_status["verified"]
    return {"total": len(entries), "by_status": by_status,
            "progress": round(done / len(entries), 3) if entries else 0.0}


# -- loading ---------------------------------------------------------------------------------

def _load(archive: Archive, catalog: Catalog, as_of: date) -> _Context:
    files: dict[int, EvidenceFile] = {}
    rows: dict[int, sqlite3.Row] = {}
    by_item: dict[str, list[int]] = {}
    facts: dict[tuple[str, int], TagFacts] = {}
    for row in archive.documents():
        locations = archive.locations(row["id"])
        if not any(loc["removed_at"] is None and loc["superseded_at"] is None for loc in locations):
            continue
        path = primary_location(locations)["path"]
        rows[row["id"]] = row
        files[row["id"]] = EvidenceFile(row["id"], PurePosixPath(path).name, path, row["sha256"], row["status"],
                                        tuple(json.loads(row["years"] or "[]")), row["doc_type"], row["error"],
                                        row["draft"], row["doc_number"], row["issue_date"], row["pages"] or 0,
                                        None if row["seal"] is None else bool(row["seal"]), row["issuer_note"],
                                        row["weak"])
        for tag in archive.tags(row["id"]):
            by_item.setdefault(tag["item"], []).append(row["id"])
            facts[(tag["item"], row["id"])] = TagFacts(tuple(tag["deliverables"]), tag["in_window"],
                                                       tag["source"] == "manual")
    chains = build_chains(rows.values(), catalog, {i: f.name for i, f in files.items()})
    return _Context(catalog, as_of, files, by_item, chains, rows, latest_reviews(archive), facts,
                    conflicts_by_item(archive, catalog))


# -- one duty --------------------------------------------------------------------------------

def _entry(item: Item, ctx: _Context) -> dict:
    dept = ctx.catalog.department(item.department)
    phase = ctx.catalog.phase(item.deadline)
    if item.parts:
        parts = [_entry(part, ctx) for part in item.parts]
        status, reasons, evidence = _derive_from_parts(item, parts, ctx)
        uses = {f["id"]: f["use"] for p in parts for f in p["evidence_files"]}
        uses.update(_uses(item, [ctx.files[i] for i in sorted(set(ctx.by_item.get(item.id, [])))], ctx))
    else:
        parts = []
        evidence = sorted(set(ctx.by_item.get(item.id, [])))
        uses = _uses(item, [ctx.files[i] for i in evidence], ctx)
        status, reasons = _judge(item, [ctx.files[i] for i in evidence], ctx)
        conflicts = [f"数据核对不一致：{c['message']}" for c in ctx.conflicts.get(item.id, [])]
        if conflicts and status == "present":  # inspectors send back figures that disagree
            status = "partial"
        reasons = conflicts + reasons
    deliverables = _deliverables(item, ctx)
    entry = {
        "id": item.id, "department": dept.short, "department_number": dept.number,
        "department_name": dept.name, "title": item.title, "text": item.text, "kind": item.kind,
        "status": status, "evidence": evidence,
        "evidence_files": [ctx.files[i].as_dict(uses.get(i, COUNTED)) for i in evidence], "reasons": reasons,
        "deadline": phase.deadline.isoformat(), "deadline_phase": phase.name,
        "days_left": (phase.deadline - ctx.as_of).days, "years": item.years,
        "doc_types": item.doc_types, "verified_by": None, "review": ctx.reviews.get(item.id), "parts": parts,
        "deliverables": deliverables,
        "conflicts": ctx.conflicts.get(item.id, []),
        "year_policy": {"policy": item.year_policy, "wording": item.year_policy_wording} if item.year_policy != "window"
        else None,
    }
    _apply_review(entry)
    return entry


def _apply_review(entry: dict) -> None:
    review = entry["review"]
    if review is None:
        return
    who = f"{review['actor']}，{review['at'][:10]}"
    if review["action"] == VERIFY:
        entry["status"] = "verified"
        entry["verified_by"] = {k: review[k] for k in ("actor", "at", "note", "document_id")}
        entry["reasons"].insert(0, f"已核验（{who}）" + (f"：{review['note']}" if review["note"] else ""))
    else:
        entry["status"] = "partial"
        entry["reasons"].insert(0, f"核查退回（{who}）：{review['note']}")


def _uses(item: Item, files: list[EvidenceFile], ctx: _Context) -> dict[int, str]:
    """Per file: counts for this duty, or the reason it does not (draft, outside the years the
    duty asks for, unreadable). The compilation and the export folders follow this, so a file
    left out is left out for the same reason the checklist gives."""
    window = item.years or ctx.catalog.material_years
    uses = {}
    for f in files:
        if f.draft is not None:
            uses[f.id] = "draft"
        elif f.status != "indexed":
            uses[f.id] = "unreadable"
        elif not _in_window(item, f, window, ctx):
            uses[f.id] = "out_of_window"
        else:
            uses[f.id] = COUNTED if f.weak is None else "weak"
    return uses


def _judge(item: Item, files: list[EvidenceFile], ctx: _Context) -> tuple[str, list[str]]:
    if not files:
        return "missing", ["未找到标注到本事项的材料"]
    readable = [f for f in files if f.status == "indexed"]
    unreadable = [f for f in files if f.status != "indexed"]
    if not readable:
        return "partial", ["仅有无法读取的文件：" + _unreadable_list(unreadable)]
    window = item.years or ctx.catalog.material_years
    in_window = [f for f in readable if _in_window(item, f, window, ctx)]
    counted = {f.id for f in in_window}  # by id: comparing whole records made this quadratic
    outside = [f for f in readable if f.id not in counted]
    if not in_window:
        return "partial", [f"仅有考核期外年份的材料：{_year_list(outside)}；本事项需要{_years(window)}的材料"]
    finals = [f for f in in_window if f.draft is None and f.weak is None]
    drafts = [f for f in in_window if f.draft is not None]
    weak = [f for f in in_window if f.draft is None and f.weak is not None]
    if not finals and drafts:
        return "partial", ["仅有草稿，未见正式文件：" + "、".join(f"{f.label()}（{f.draft}）" for f in drafts)]
    if not finals:
        return "partial", ["仅有新闻报道等旁证，未见正式文件：" + "、".join(f.label() for f in weak)]
    reasons = ["有效材料：" + "、".join(f"{f.label()}（{_years(f.years) or '年份未识别'}，{f.doc_type or '文种未识别'}）"
                                   for f in finals)]
    if drafts:
        reasons.append("另有草稿（不计入）：" + "、".join(f.label() for f in drafts))
    if weak:
        reasons.append("另有旁证（新闻报道等，不单独计入）：" + "、".join(f.label() for f in weak))
    lacking = _lacking_deliverables(item, finals, drafts, ctx)
    if item.doc_types and not any(f.doc_type in item.doc_types for f in in_window):
        reasons.append(f"未识别到本事项要求的文种（{'、'.join(item.doc_types)}），请人工核对材料类型")
    if outside:
        reasons.append(f"另有考核期外年份的材料：{_year_list(outside)}")
    if unreadable:
        reasons.append("另有无法读取的文件：" + _unreadable_list(unreadable))
    chain_gaps = _chain_gaps(item, finals, ctx)
    seal_gaps = _seal_gaps(item, finals, reasons)
    if _requires_acceptance(item, ctx):
        gaps = chain_gaps + lacking + seal_gaps
        return ("partial" if gaps else "present"), gaps + reasons
    # 「立项、可研、验收等」: a project still being built is no missing material, but worth a look
    hints = [f"提示：{g}（如已建成，请补充验收材料）" for g in chain_gaps]
    gaps = lacking + seal_gaps
    return ("partial" if gaps else "present"), gaps + reasons + hints


def _requires_acceptance(item: Item, ctx: _Context) -> bool:
    """Whether one of the duty's deliverables is the acceptance itself (「已完成的相关材料」)."""
    return any(stage_of(k, ctx.catalog) == ACCEPTANCE_STAGE for d in item.deliverables for k in d.kinds)


def _seal_gaps(item: Item, finals: list[EvidenceFile], reasons: list[str]) -> list[str]:
    """A duty the plan wants sealed (「经县人民政府审定盖章」) is not done by unsealed copies; a copy
    whose pages could not be judged (no colour image) is left to the inspector."""
    if not item.seal_required:
        return []
    for f in finals:
        if f.issuer_note:
            reasons.append(f"落款核对：{f.label()}{f.issuer_note}")
    if any(f.seal for f in finals):
        return []
    unknown = [f for f in finals if f.seal is None]
    if unknown:
        reasons.append("无法判断是否盖章（无彩色页面图像），请人工核对：" + "、".join(f.label() for f in unknown))
        return []
    return ["未见公章：本事项要求盖章的正式文件，" + "、".join(f.label() for f in finals) + "均未检测到公章"]


def _in_window(item: Item, f: EvidenceFile, window, ctx: _Context) -> bool:
    """The tagger's verdict (it knows year policies such as 「近年来」 projects); for manual tags
    and old rows, the document's years against the duty's."""
    facts = ctx.facts.get((item.id, f.id))
    if facts is not None and facts.in_window is not None:
        inside = facts.in_window
    else:
        inside = not item.year_filter or not f.years or bool(set(f.years) & set(window))
    if not inside and item.year_policy == "project":
        inside = _project_active_in_window(f, window, ctx)
    return inside


def _project_active_in_window(f: EvidenceFile, window, ctx: _Context) -> bool:
    """「近年来」: an approval from before the window counts when another paper of the same project
    (its construction or acceptance) is about a year in the window."""
    chain = chain_of(ctx.rows[f.id], ctx.chains, ctx.catalog)
    if chain is None:
        return False
    return any(d.id != f.id and d.id in ctx.files and set(ctx.files[d.id].years) & set(window)
               for d in chain.documents)


def _supplies(item: Item, f: EvidenceFile, ctx: _Context) -> set[str]:
    if len(item.deliverables) == 1:
        return {item.deliverables[0].key}
    facts = ctx.facts.get((item.id, f.id))
    if facts is not None and facts.deliverables:
        return set(facts.deliverables)
    # a manual tag: judged from the file name and type, as a reviewer would read the list
    keys = {d.key for d in item.deliverables if f.doc_type in d.kinds or any(re.search(c, f.name) for c in d.cues)}
    return keys or {d.key for d in item.deliverables if d.default}


def _lacking_deliverables(item: Item, finals: list[EvidenceFile], drafts: list[EvidenceFile],
                          ctx: _Context) -> list[str]:
    """「缺少：…」 for every deliverable no final document supplies: half the material is not done."""
    if len(item.deliverables) < 2:
        return []
    have = set().union(*(_supplies(item, f, ctx) for f in finals))
    drafted = set().union(*(_supplies(item, f, ctx) for f in drafts)) if drafts else set()
    out = []
    for d in item.deliverables:
        if d.key in have and d.seal_required and not any(
                f.seal is not False for f in finals if d.key in _supplies(item, f, ctx)):
            unsealed = "、".join(f.label() for f in finals if d.key in _supplies(item, f, ctx))
            out.append(f"未见公章：{d.name}（{unsealed}未检测到公章）")
            continue
        if d.key in have:
            continue
        out.append(f"缺少：{d.name}" + ("（仅有草稿）" if d.key in drafted else ""))
    return out


def _deliverables(item: Item, ctx: _Context) -> list[dict]:
    """Each deliverable with the documents that supply it (in window, readable) and its state."""
    if item.parts:
        return []
    window = item.years or ctx.catalog.material_years
    files = [ctx.files[i] for i in sorted(set(ctx.by_item.get(item.id, [])))]
    usable = [f for f in files if f.status == "indexed" and _in_window(item, f, window, ctx)]
    out = []
    for d in item.deliverables:
        finals = [f.id for f in usable if f.draft is None and f.weak is None and d.key in _supplies(item, f, ctx)]
        drafts = [f.id for f in usable if f.draft is not None and d.key in _supplies(item, f, ctx)]
        weak = [f.id for f in usable if f.draft is None and f.weak is not None and d.key in _supplies(item, f, ctx)]
        state = "present" if finals else ("draft" if drafts else "missing")
        out.append({"key": d.key, "name": d.name, "status": state, "evidence": finals, "drafts": drafts,
                    "weak": weak})
    return out


def _chain_gaps(item: Item, files: list[EvidenceFile], ctx: _Context) -> list[str]:
    """Approved projects with no acceptance papers, for project duties that ask for acceptance.

    Names differ between a project's papers, so an approval left without its acceptance by name is
    still closed by a completion paper of the same duty that belongs to no approved project (each
    such paper closes one approval, and only one it may complete: see `may_complete`), or by the
    approval itself when it carries the completion too (「…立项批复及完成情况」)."""
    expects_acceptance = item.kind == "project" and any(
        stage_of(t, ctx.catalog) == ACCEPTANCE_STAGE for t in item.doc_types)
    if not expects_acceptance:
        return []
    open_chains: dict[str, ProjectChain] = {}
    for f in files:
        if stage_of(f.doc_type, ctx.catalog) not in APPROVAL_STAGES:
            continue
        chain = chain_of(ctx.rows[f.id], ctx.chains, ctx.catalog)
        if chain is None or not chain.approved_not_accepted:
            continue
        if COMPLETION_WORDS.search(f.name):
            continue
        open_chains.setdefault(chain.key, chain)
    orphans = [f for f in files if _orphan_completion(f, ctx)]
    gaps = []
    for chain in open_chains.values():
        match = next((f for f in orphans if may_complete(chain.name, _project_or_name(f, ctx))), None)
        if match is None:
            gaps.append(chain_gap_reason(chain))
        else:
            orphans.remove(match)
    return gaps


def _orphan_completion(f: EvidenceFile, ctx: _Context) -> bool:
    """A paper on the works done (an acceptance, or one named as the completion) in no approved chain."""
    stage = stage_of(f.doc_type, ctx.catalog)
    if stage in APPROVAL_STAGES or (stage != ACCEPTANCE_STAGE and not COMPLETION_WORDS.search(f.name)):
        return False
    chain = chain_of(ctx.rows[f.id], ctx.chains, ctx.catalog)
    return chain is None or not chain.approvals


def _project_or_name(f: EvidenceFile, ctx: _Context) -> str:
    return ctx.rows[f.id]["project"] or f.name


def _derive_from_parts(item: Item, parts: list[dict], ctx: _Context) -> tuple[str, list[str], list[int]]:
    direct = sorted(set(ctx.by_item.get(item.id, [])))
    evidence = sorted({i for p in parts for i in p["evidence"]} | set(direct))
    statuses = {p["status"] for p in parts}
    reasons = [f"子项{STATUS_LABELS[p['status']]}：{p['id']} {p['title']}"
               + (f"（{p['reasons'][0]}）" if p["status"] == "partial" else "")
               for p in parts if p["status"] not in DONE]
    if direct:
        reasons.append("直接标注到本事项、未归入子项的材料：" + "、".join(ctx.files[i].label() for i in direct))
    if statuses == {"missing"} and not direct:
        return "missing", ["各子项均未找到材料"], evidence
    if statuses <= set(DONE):
        status = "verified" if statuses == {"verified"} else "present"
        return status, [f"{len(parts)}个子项均已提供"] + reasons, evidence
    return "partial", reasons, evidence


# -- wording ---------------------------------------------------------------------------------

def _years(years) -> str:
    return "、".join(f"{y}年" for y in sorted(years))


def _year_list(files: list[EvidenceFile]) -> str:
    return "、".join(f"{f.label()}（{_years(f.years)}）" for f in files)


def _unreadable_list(files: list[EvidenceFile]) -> str:
    return "、".join(f"{f.label()}（{'尚在解析' if f.status == 'pending' else (f.error or '解析失败')}）" for f in files)


def days_text(days_left: int) -> str:
    if days_left > 0:
        return f"剩{days_left}天"
    return "今日截止" if days_left == 0 else f"已逾期{-days_left}天"
