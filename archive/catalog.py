"""Typed view of an assessment catalog (TOML).

The catalog is data derived from one year's plan; keeping it typed and validated here means
the rest of the archive can trust ids, department numbers and phases without re-checking,
and a malformed catalog fails loudly at load time instead of silently hiding a duty.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from archive.indicators import IndicatorCatalog, parse_indicators
from spine.errors import ConfigError

DEFAULT_CATALOG = "rongshui-2020.toml"
KINDS = ("document", "project", "obligation")
SCOPES = ("content", "owner")


class CatalogError(ConfigError, ValueError):
    """Raised when a catalog file is malformed; the message names the offending entry (a
    configuration error: the catalog is the file `evidence.toml` names)."""


@dataclass(frozen=True)
class Rule:
    title_groups: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    none_title: tuple[str, ...] = ()
    min_distinct: int = 0
    weight: float = 1.0


@dataclass(frozen=True)
class Deliverable:
    """One thing a duty asks for, read from the plan's wording (「A和B」 is two)."""

    key: str                       # "2.2/决议"
    name: str
    kinds: tuple[str, ...] = ()    # document types that supply it
    cues: tuple[str, ...] = ()     # title patterns that supply it
    body: tuple[str, ...] = ()     # body patterns that supply it (specific phrases only)
    default: bool = False          # supplied by a document that names none of the deliverables
    seal_required: bool = False    # the plan asks for it 「盖章」: unsealed copies do not supply it
    years: tuple[int, ...] = ()    # the plan names its year (「2020年…的决议」) though the duty's material spans more
    not_title: tuple[str, ...] = ()  # titles that never supply it, whatever the body shows (a photo of a page quoting it)


@dataclass(frozen=True)
class MetaKind:
    """Documents that list or organise duties rather than evidence them (the plan, its copies,
    meeting notices, catalogues of materials): they serve only `items`."""

    name: str
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    plan_copy: bool = False        # matches the plan by its 文号 or its own title
    items: tuple[str, ...] = ()
    frame: tuple[str, ...] = ()    # cues in the title or the first or last lines (a news dateline, a byline)
    title_needs_frame: bool = False  # the title cues count only on a framed document (a news report's topic)
    evidence: bool = False         # still tagged by its content, but weak: never makes a duty present alone
    routing: bool = False          # routes another paper (a 收文处理单): a copy of it only with its pages behind
    body_none: tuple[str, ...] = ()  # cues in the text that make it carry what it names (attachments, figures)
    blank_form: bool = False       # known by its empty fields and missing figures (indexer/tagging/blank_form.py)
    doc_numbers: tuple[str, ...] = ()  # known by its own 文号 (the papers from above the plan rests on)
    unless_attached: bool = False  # not this kind when papers follow behind it (a letter handing them in)
    fragment: bool = False         # known by its text breaking off mid-sentence (indexer/tagging/fragment.py)


_BRACKETS = str.maketrans("[［【(（]］】)）", "〔〔〔〔〔〕〕〕〕〕")


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    deadline: date
    wording: str
    note: str | None = None


@dataclass(frozen=True)
class GroupMember:
    """A member of the plan's leading group (领导小组); a department head is that department's
    责任领导 unless the county names someone else."""

    role: str                      # 组长 | 副组长 | 成员
    name: str
    title: str
    department: int | None = None


@dataclass(frozen=True)
class Department:
    number: int
    name: str
    short: str
    aliases: tuple[str, ...]
    # the first characters of the 文号 it issues (「融发改」 in 融发改〔2019〕88号)
    doc_number_prefixes: tuple[str, ...] = ()
    # names it signs and heads papers with but names no folder by: the lead office it hosts
    # (「县考核办（印）」), whose folder holds every bureau's papers
    signs_as: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every spelling, longest first, so matching prefers the most specific one."""
        return tuple(sorted({self.name, self.short, *self.aliases}, key=len, reverse=True))

    def signatures(self) -> tuple[str, ...]:
        """The names a paper's issuer or 落款 may give for it: its names and what it signs as."""
        return tuple(sorted({*self.names(), *self.signs_as}, key=len, reverse=True))


@dataclass
class Item:
    id: str
    department: int
    title: str
    text: str
    deadline: str
    years: list[int]
    doc_types: list[str]
    kind: str = "document"
    scope: str = "content"
    year_filter: bool = True
    rules: list[Rule] = field(default_factory=list)
    parts: list["Item"] = field(default_factory=list)
    parent: str | None = None
    deliverables: list[Deliverable] = field(default_factory=list)
    year_policy: str = "window"     # "window" | "project" (an earlier approval counts when the project
                                    # was built or accepted in the window) | "assessment" (a paper of
                                    # another year's assessment — 「2019年度…自查报告」 — is not this one's)
    year_policy_wording: str = ""
    seal_required: bool = False
    issuer_owns: bool = False       # an owner-scoped duty whose papers go to other bureaus: one it issued,
                                    # filed in their folder, is still its own (3.1.3's figures for 林业局)


@dataclass(frozen=True)
class DocType:
    name: str
    title_cues: tuple[str, ...]
    body_cues: tuple[str, ...]
    stage: str | None = None
    exclusive: bool = False   # a document of this type serves only duties that list the type


@dataclass(frozen=True)
class TaggingConfig:
    title_weight: float
    body_weight: float
    body_saturation: int
    min_content_score: float
    min_score: float
    folder_bonus: float
    cooccurrence_groups: int = 0
    exclude_title: tuple[str, ...] = ()
    issuer_tail_lines: int = 4
    issuer_line_max_chars: int = 30
    reference_marks: tuple[str, ...] = ()   # a folder or title filing the document as reference material
    superseded_folder: tuple[str, ...] = ()  # a folder the department set old versions aside in (「旧版」)
    place_name: str = ""                    # regex, group 1 = a county or city named in a title
    home_places: tuple[str, ...] = ()       # the county's own place names (a 融水 document is never foreign)
    neighbour_places: tuple[str, ...] = ()  # counties around it whose papers land in its shares (融安, 三江 …)
    bundle_title: tuple[str, ...] = ()      # a file binding several documents (合订本, 材料汇编, 「自查+附表」)
    contents_title: tuple[str, ...] = ()    # a file named as a bound set's contents (「…目录（汇编）」) is not the set
    joint_title: tuple[str, ...] = ()       # a title joining two papers (「…自查报告暨…数据」): not held to one kind
    news_lede: tuple[str, ...] = ()         # a report's opening (「近日，」) that dates it only relative to when it ran
    covering_title: tuple[str, ...] = ()    # a letter handing papers in (「关于报送…的函」): its title vetoes nothing behind it
    part_area_title: tuple[str, ...] = ()   # a title about part of the county (one township, a project area): not its figures
    long_body: int = 0                      # characters beyond which a body-only match needs its words together (0: never)
    together_chars: int = 200               # how close those words must be
    round_name: str = ""                    # regex: the assessment's name after a round's year (「2019年度…县域考核」)


@dataclass
class Catalog:
    name: str
    county: str
    plan_doc_number: str
    year: int
    material_years: list[int]
    phases: list[Phase]
    departments: list[Department]
    items: list[Item]
    doc_types: list[DocType]
    tagging: TaggingConfig
    source: str = ""
    plan_title: str = ""
    meta_kinds: list[MetaKind] = field(default_factory=list)
    draft_title: tuple[str, ...] = ()
    draft_body: tuple[str, ...] = ()
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)
    project_year_context: str = ""   # regex with YEAR: the project was built/accepted in that year
    assessment_year_title: str = ""  # regex, group 1 the year of the assessment a title names
    leading_group: list[GroupMember] = field(default_factory=list)
    errata: list[dict] = field(default_factory=list)   # {where, original, reading}: slips in the plan's text
    indicators: IndicatorCatalog = field(default_factory=IndicatorCatalog)

    def __post_init__(self) -> None:
        self._by_id = {i.id: i for i in self.all_items()}

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"unknown item id {item_id!r}") from None

    def phase(self, phase_id: str) -> Phase:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(f"unknown phase id {phase_id!r}")

    def current_phase(self, today: date) -> Phase:
        """The first phase whose deadline has not passed (the last one once all have)."""
        ordered = sorted(self.phases, key=lambda p: p.deadline)
        return next((p for p in ordered if p.deadline >= today), ordered[-1])

    def department(self, number: int) -> Department:
        for d in self.departments:
            if d.number == number:
                return d
        raise KeyError(f"unknown department number {number}")

    def department_by_folder(self, name: str) -> Department | None:
        """Folder names are short names in practice, but departments rename folders, so
        full names and aliases are accepted too (exact match, whitespace-insensitive)."""
        key = re.sub(r"\s+", "", name)
        for d in self.departments:
            if key in d.names():
                return d
        return None

    def department_by_doc_number(self, code: str) -> Department | None:
        """The department whose 文号 prefix the code before 〔year〕 starts with (the longest
        prefix wins: 「融发改审批」 is 「融发改」's)."""
        best: tuple[int, Department] | None = None
        for d in self.departments:
            for prefix in d.doc_number_prefixes:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), d)
        return best[1] if best else None

    def all_items(self) -> list[Item]:
        return list(self._walk())

    def leaf_items(self) -> list[Item]:
        return [i for i in self._walk() if not i.parts]

    @cached_property
    def reported_items(self) -> frozenset[str]:
        """The duties that report the plan's indicator figures (the indicators' `reported_by`)."""
        return frozenset(r.item for ind in self.indicators.indicators for r in ind.reported_by)

    def _walk(self) -> Iterator[Item]:
        for it in self.items:
            yield it
            yield from it.parts


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate a catalog; ``None`` loads the packaged default."""
    if path is None:
        ref = resources.files("archive").joinpath("catalogs", DEFAULT_CATALOG)
        raw, source = ref.read_bytes(), f"archive/catalogs/{DEFAULT_CATALOG}"
    else:
        source = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise CatalogError(f"{source}: cannot read catalog: {exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{source}: not valid TOML: {exc}") from exc
    if "base" in data:
        data = inherit_base(data, Path(path).parent if path is not None else None, source)
    return _Builder(source).build(data)


# The shared vocabulary a drafted catalog takes from its base catalog instead of copying it.
INHERITED = ("subjects", "doc_types", "rule_templates", "finality", "tagging", "department_subjects", "part_topics")


def base_path(name: str, beside: Path | None) -> Path | None:
    """A base named in a catalog is looked for beside it first, then among the packaged catalogs."""
    if beside is not None and (beside / name).is_file():
        return beside / name
    ref = resources.files("archive").joinpath("catalogs", name)
    return Path(str(ref)) if ref.is_file() else None


def read_base(name: str, beside: Path | None, source: str) -> dict[str, Any]:
    found = base_path(name, beside)
    if found is None:
        raise CatalogError(f"{source}: base catalog {name!r} not found")
    try:
        return tomllib.loads(found.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{source}: base catalog {name!r} unreadable: {exc}") from exc


def inherit_base(data: dict[str, Any], beside: Path | None, source: str) -> dict[str, Any]:
    """`base = "rongshui-2020.toml"`: the vocabulary tables the catalog lacks come from the base, so
    an imported catalog keeps one copy of the kinds, subjects and templates, and a synonym added to
    the base reaches it."""
    name = data["base"]
    if not isinstance(name, str):
        raise CatalogError(f"{source}: base must be a file name")
    base = read_base(name, beside, source)
    merged = dict(data)
    for key in INHERITED:
        if key not in merged and key in base:
            merged[key] = base[key]
    if isinstance(base.get("tagging"), dict) and isinstance(merged.get("tagging"), dict):
        merged["tagging"] = {**base["tagging"], **merged["tagging"]}
    return merged


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.subjects: dict[str, tuple[str, ...]] = {}

    def fail(self, where: str, msg: str) -> CatalogError:
        return CatalogError(f"{self.source}: {where}: {msg}")

    def req(self, table: dict[str, Any], key: str, where: str, typ: type | tuple[type, ...]) -> Any:
        if key not in table:
            raise self.fail(where, f"missing required field {key!r}")
        value = table[key]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            raise self.fail(where, f"field {key!r} has wrong type {type(value).__name__}")
        return value

    def regexes(self, values: Any, where: str) -> tuple[str, ...]:
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise self.fail(where, "expected a list of non-empty regex strings")
        values = [self.expand(v, where) for v in values]
        for v in values:
            try:
                re.compile(v)
            except re.error as exc:
                raise self.fail(where, f"invalid regex {v!r}: {exc}") from exc
        return tuple(values)

    def expand(self, pattern: str, where: str) -> str:
        """`@name` stands for the alternation of the subject vocabulary `name`, so a synonym is
        added once in `[subjects]` and every rule that names the subject sees it."""
        def sub(m: re.Match[str]) -> str:
            words = self.subjects.get(m.group(1))
            if words is None:
                raise self.fail(where, f"unknown subject @{m.group(1)}")
            return "(?:" + "|".join(words) + ")"
        return _SUBJECT_REF.sub(sub, pattern)

    def subject_table(self, raw: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(raw, dict):
            raise self.fail("subjects", "must be a table of word lists")
        out: dict[str, tuple[str, ...]] = {}
        for name, words in raw.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
                raise self.fail(f"subjects.{name}", "must be a non-empty list of words")
            out[name] = tuple(dict.fromkeys(words))
        return out

    def build(self, data: dict[str, Any]) -> Catalog:
        a = self.req(data, "assessment", "top level", dict)
        self.subjects = self.subject_table(data.get("subjects", {}))
        phases = [self.phase(p, n) for n, p in enumerate(self.req(data, "phases", "top level", list))]
        phase_ids = [p.id for p in phases]
        self.no_dupes(phase_ids, "phases")
        depts = [self.dept(d, n) for n, d in enumerate(self.req(data, "departments", "top level", list))]
        self.no_dupes([d.number for d in depts], "departments")
        doc_types = [self.doc_type(k, v) for k, v in self.req(data, "doc_types", "top level", dict).items()]
        templates = data.get("rule_templates", {})
        if not isinstance(templates, dict):
            raise self.fail("rule_templates", "must be a table")
        ctx = _ItemCtx({d.number for d in depts}, set(phase_ids), {t.name for t in doc_types}, templates)
        items = [self.item(i, n, ctx) for n, i in enumerate(self.req(data, "items", "top level", list))]
        all_ids = [i.id for it in items for i in (it, *it.parts)]
        self.no_dupes(all_ids, "items")
        years = self.req(a, "material_years", "assessment", list)
        item_ids = set(all_ids)
        meta = [self.meta_kind(m, n, item_ids) for n, m in enumerate(data.get("meta", []))]
        fin = data.get("finality", {})
        if not isinstance(fin, dict):
            raise self.fail("finality", "must be a table")
        return Catalog(
            name=self.req(a, "name", "assessment", str),
            county=self.req(a, "county", "assessment", str),
            plan_doc_number=self.req(a, "plan_doc_number", "assessment", str),
            year=self.req(a, "year", "assessment", int),
            material_years=[int(y) for y in years],
            phases=phases,
            departments=depts,
            items=items,
            doc_types=doc_types,
            tagging=self.tagging(self.req(data, "tagging", "top level", dict)),
            source=self.source,
            plan_title=str(a.get("plan_title", "")),
            meta_kinds=meta,
            draft_title=self.regexes(fin["draft_title"], "finality.draft_title") if fin.get("draft_title") else (),
            draft_body=self.regexes(fin["draft_body"], "finality.draft_body") if fin.get("draft_body") else (),
            subjects=self.subjects,
            project_year_context=str(data.get("tagging", {}).get("project_year_context", "")),
            assessment_year_title=str(data.get("tagging", {}).get("assessment_year_title", "")),
            leading_group=[self.member(m, n, {d.number for d in depts})
                           for n, m in enumerate(data.get("leading_group", []))],
            errata=[{k: self.req(e, k, f"errata[{n}]", str) for k in ("where", "original", "reading")}
                    for n, e in enumerate(data.get("errata", []))],
            indicators=parse_indicators(data, {d.number for d in depts}, item_ids, self.fail),
        )

    def member(self, m: Any, n: int, departments: set[int]) -> GroupMember:
        where = f"leading_group[{n}]"
        if not isinstance(m, dict):
            raise self.fail(where, "must be a table")
        dept = m.get("department")
        if dept is not None and dept not in departments:
            raise self.fail(where, f"unknown department number {dept}")
        return GroupMember(self.req(m, "role", where, str), self.req(m, "name", where, str),
                           self.req(m, "title", where, str), dept)

    def meta_kind(self, m: Any, n: int, item_ids: set[str]) -> MetaKind:
        where = f"meta[{n}]"
        if not isinstance(m, dict):
            raise self.fail(where, "must be a table")
        items = tuple(m.get("items", []))
        for i in items:
            if i not in item_ids:
                raise self.fail(where, f"unknown item {i!r}")
        title = self.regexes(m["title"], where + ".title") if m.get("title") else ()
        body = self.regexes(m["body"], where + ".body") if m.get("body") else ()
        frame = self.regexes(m["frame"], where + ".frame") if m.get("frame") else ()
        plan_copy = bool(m.get("plan_copy", False))
        blank_form = bool(m.get("blank_form", False))
        doc_numbers = m.get("doc_numbers", [])
        if not isinstance(doc_numbers, list) or not all(isinstance(x, str) and x for x in doc_numbers):
            raise self.fail(where + ".doc_numbers", "must be a list of 文号 strings")
        doc_numbers = tuple(re.sub(r"\s+", "", x).translate(_BRACKETS) for x in doc_numbers)
        fragment = bool(m.get("fragment", False))
        if not title and not frame and not plan_copy and not blank_form and not doc_numbers and not fragment:
            raise self.fail(where, "needs title or frame cues, doc_numbers, or plan_copy, blank_form or fragment = true")
        title_needs_frame = bool(m.get("title_needs_frame", False))
        if title_needs_frame and not (title and frame):
            raise self.fail(where, "title_needs_frame needs both title and frame cues")
        evidence = bool(m.get("evidence", False))
        if evidence and items:
            raise self.fail(where, "an evidence kind is tagged by its content, not by items")
        routing = bool(m.get("routing", False))
        if routing and not title:
            raise self.fail(where, "a routing kind is known by its title cues")
        body_none = self.regexes(m["body_none"], where + ".body_none") if m.get("body_none") else ()
        unless_attached = bool(m.get("unless_attached", False))
        return MetaKind(self.req(m, "name", where, str), title, body, plan_copy, items, frame, title_needs_frame,
                        evidence, routing, body_none, blank_form, doc_numbers, unless_attached, fragment)

    def no_dupes(self, keys: list[Any], where: str) -> None:
        seen: set[Any] = set()
        for k in keys:
            if k in seen:
                raise self.fail(where, f"duplicate id {k!r}")
            seen.add(k)

    def phase(self, p: Any, n: int) -> Phase:
        where = f"phases[{n}]"
        if not isinstance(p, dict):
            raise self.fail(where, "must be a table")
        deadline = self.req(p, "deadline", where, date)
        return Phase(self.req(p, "id", where, str), self.req(p, "name", where, str), deadline,
                     self.req(p, "wording", where, str), p.get("note"))

    def dept(self, d: Any, n: int) -> Department:
        where = f"departments[{n}]"
        if not isinstance(d, dict):
            raise self.fail(where, "must be a table")
        aliases = d.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(x, str) for x in aliases):
            raise self.fail(where, "aliases must be a list of strings")
        prefixes = d.get("doc_number_prefixes", [])
        if not isinstance(prefixes, list) or not all(isinstance(x, str) and x for x in prefixes):
            raise self.fail(where, "doc_number_prefixes must be a list of non-empty strings")
        signs_as = d.get("signs_as", [])
        if not isinstance(signs_as, list) or not all(isinstance(x, str) and x for x in signs_as):
            raise self.fail(where, "signs_as must be a list of non-empty strings")
        return Department(self.req(d, "number", where, int), self.req(d, "name", where, str),
                          self.req(d, "short", where, str), tuple(aliases), tuple(prefixes), tuple(signs_as))

    def doc_type(self, name: str, v: Any) -> DocType:
        where = f"doc_types.{name}"
        if not isinstance(v, dict):
            raise self.fail(where, "must be a table")
        title = self.regexes(v.get("title", []), where + ".title") if v.get("title") else ()
        body = self.regexes(v.get("body", []), where + ".body") if v.get("body") else ()
        if not title and not body:
            raise self.fail(where, "needs at least one title or body cue")
        return DocType(name, title, body, v.get("stage"), bool(v.get("exclusive", False)))

    def tagging(self, t: dict[str, Any]) -> TaggingConfig:
        w = "tagging"
        num = (int, float)
        return TaggingConfig(
            title_weight=float(self.req(t, "title_weight", w, num)),
            body_weight=float(self.req(t, "body_weight", w, num)),
            body_saturation=max(1, int(self.req(t, "body_saturation", w, int))),
            min_content_score=float(self.req(t, "min_content_score", w, num)),
            min_score=float(self.req(t, "min_score", w, num)),
            folder_bonus=float(self.req(t, "folder_bonus", w, num)),
            cooccurrence_groups=int(t.get("cooccurrence_groups", 0)),
            exclude_title=self.regexes(t.get("exclude_title", []), w + ".exclude_title") if t.get("exclude_title") else (),
            issuer_tail_lines=int(t.get("issuer_tail_lines", 4)),
            issuer_line_max_chars=int(t.get("issuer_line_max_chars", 30)),
            reference_marks=self.regexes(t["reference_marks"], w + ".reference_marks") if t.get("reference_marks") else (),
            superseded_folder=(self.regexes(t["superseded_folder"], w + ".superseded_folder")
                               if t.get("superseded_folder") else ()),
            place_name=self.regexes(t["place_name"], w + ".place_name")[0] if t.get("place_name") else "",
            home_places=tuple(str(v) for v in t.get("home_places", [])),
            neighbour_places=tuple(str(v) for v in t.get("neighbour_places", [])),
            bundle_title=self.regexes(t["bundle_title"], w + ".bundle_title") if t.get("bundle_title") else (),
            contents_title=self.regexes(t["contents_title"], w + ".contents_title") if t.get("contents_title") else (),
            joint_title=self.regexes(t["joint_title"], w + ".joint_title") if t.get("joint_title") else (),
            news_lede=self.regexes(t["news_lede"], w + ".news_lede") if t.get("news_lede") else (),
            covering_title=self.regexes(t["covering_title"], w + ".covering_title") if t.get("covering_title") else (),
            part_area_title=self.regexes(t["part_area_title"], w + ".part_area_title") if t.get("part_area_title") else (),
            long_body=max(0, int(t.get("long_body", 0))),
            together_chars=max(1, int(t.get("together_chars", 200))),
            round_name=self.regexes(t["round_name"], w + ".round_name")[0] if t.get("round_name") else "",
        )

    def rule(self, r: Any, where: str, templates: dict[str, Any]) -> Rule:
        if not isinstance(r, dict):
            raise self.fail(where, "rule must be a table")
        merged: dict[str, Any] = {}
        if "use" in r:
            tpl = templates.get(r["use"])
            if not isinstance(tpl, dict):
                raise self.fail(where, f"unknown rule template {r['use']!r}")
            merged.update({k: list(v) if isinstance(v, list) else v for k, v in tpl.items()})
        for k, v in r.items():
            if k == "use":
                continue
            if k in merged and isinstance(v, list):
                merged[k] = merged[k] + v
            else:
                merged[k] = v
        unknown = set(merged) - {"title", "all", "none", "none_title", "min_distinct", "weight"}
        if unknown:
            raise self.fail(where, f"unknown rule field(s) {sorted(unknown)}")
        rule = Rule(
            title_groups=self.regexes(merged.get("title", []), where + ".title") if merged.get("title") else (),
            groups=self.regexes(merged.get("all", []), where + ".all") if merged.get("all") else (),
            none=self.regexes(merged.get("none", []), where + ".none") if merged.get("none") else (),
            none_title=self.regexes(merged.get("none_title", []), where + ".none_title") if merged.get("none_title") else (),
            min_distinct=int(merged.get("min_distinct", 0)),
            weight=float(merged.get("weight", 1.0)),
        )
        if not rule.title_groups and not rule.groups:
            raise self.fail(where, "rule needs at least one 'title' or 'all' group")
        return rule

    def item(self, i: Any, n: int, ctx: "_ItemCtx", parent: Item | None = None) -> Item:
        where = f"items[{n}]" if parent is None else f"items {parent.id} parts[{n}]"
        if not isinstance(i, dict):
            raise self.fail(where, "must be a table")
        item_id = self.req(i, "id", where, str)
        where = f"item {item_id}"
        if parent is None:
            if not re.fullmatch(r"\d+\.\d+", item_id):
                raise self.fail(where, "id must look like '<department>.<n>'")
            dept = self.req(i, "department", where, int)
            if dept not in ctx.departments:
                raise self.fail(where, f"unknown department number {dept}")
            if not item_id.startswith(f"{dept}."):
                raise self.fail(where, f"id does not start with its department number {dept}")
            deadline = self.req(i, "deadline", where, str)
            years = [int(y) for y in self.req(i, "years", where, list)]
            doc_types = list(self.req(i, "doc_types", where, list))
        else:
            if not item_id.startswith(parent.id + "."):
                raise self.fail(where, f"part id must start with '{parent.id}.'")
            dept = parent.department
            deadline = i.get("deadline", parent.deadline)
            years = [int(y) for y in i.get("years", parent.years)]
            doc_types = list(i.get("doc_types", parent.doc_types))
        if deadline not in ctx.phases:
            raise self.fail(where, f"unknown phase {deadline!r}")
        for dt in doc_types:
            if dt not in ctx.doc_types:
                raise self.fail(where, f"unknown doc_type {dt!r}")
        kind = i.get("kind", parent.kind if parent else "document")
        if kind not in KINDS:
            raise self.fail(where, f"kind must be one of {KINDS}, got {kind!r}")
        scope = i.get("scope", parent.scope if parent else "content")
        if scope not in SCOPES:
            raise self.fail(where, f"scope must be one of {SCOPES}, got {scope!r}")
        rules = [self.rule(r, f"{where} rules[{k}]", ctx.templates) for k, r in enumerate(i.get("rules", []))]
        item = Item(
            id=item_id, department=dept, title=self.req(i, "title", where, str),
            text=self.req(i, "text", where, str), deadline=deadline, years=years, doc_types=doc_types,
            kind=kind, scope=scope, year_filter=bool(i.get("year_filter", parent.year_filter if parent else True)),
            rules=rules, parent=parent.id if parent else None,
            year_policy=str(i.get("year_policy", parent.year_policy if parent else "window")),
            year_policy_wording=str(i.get("year_policy_wording", "")),
            seal_required=bool(i.get("seal_required", False)),
            issuer_owns=bool(i.get("issuer_owns", False)),
        )
        if item.year_policy not in YEAR_POLICIES:
            raise self.fail(where, f"year_policy must be one of {YEAR_POLICIES}")
        item.deliverables = self.deliverables(i.get("deliverables", []), item, ctx)
        raw_parts = i.get("parts", [])
        if parent is not None and raw_parts:
            raise self.fail(where, "parts cannot be nested")
        item.parts = [self.item(p, k, ctx, item) for k, p in enumerate(raw_parts)]
        if not item.rules and not item.parts:
            raise self.fail(where, "needs rules or parts")
        return item


    def deliverables(self, raw: Any, item: Item, ctx: "_ItemCtx") -> list[Deliverable]:
        where = f"item {item.id} deliverables"
        if not isinstance(raw, list):
            raise self.fail(where, "must be a list of tables")
        out: list[Deliverable] = []
        for n, d in enumerate(raw):
            if not isinstance(d, dict):
                raise self.fail(f"{where}[{n}]", "must be a table")
            kinds = tuple(d.get("kinds", []))
            for k in kinds:
                if k not in ctx.doc_types:
                    raise self.fail(f"{where}[{n}]", f"unknown doc_type {k!r}")
            cues = self.regexes(d["cues"], f"{where}[{n}].cues") if d.get("cues") else ()
            body = self.regexes(d["body"], f"{where}[{n}].body") if d.get("body") else ()
            if len(raw) > 1 and not kinds and not cues and not body:
                raise self.fail(f"{where}[{n}]", "one of several deliverables needs kinds or cues")
            key = self.req(d, "key", f"{where}[{n}]", str)
            years = d.get("years", [])
            if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
                raise self.fail(f"{where}[{n}].years", "must be a list of years")
            not_title = self.regexes(d["not_title"], f"{where}[{n}].not_title") if d.get("not_title") else ()
            out.append(Deliverable(f"{item.id}/{key}", self.req(d, "name", f"{where}[{n}]", str), kinds, cues,
                                   body, bool(d.get("default", False)), bool(d.get("seal_required", False)),
                                   tuple(years), not_title))
        if not out:
            out.append(Deliverable(f"{item.id}/材料", item.title))
        self.no_dupes([d.key for d in out], where)
        return out


_SUBJECT_REF = re.compile(r"@(\w+)")
YEAR_POLICIES = ("window", "project", "assessment")


@dataclass(frozen=True)
class _ItemCtx:
    departments: set[int]
    phases: set[str]
    doc_types: set[str]
    templates: dict[str, Any]
