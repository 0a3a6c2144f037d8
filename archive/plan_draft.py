"""Draft a catalog (as TOML-ready data) from a parsed plan and the base catalog's vocabulary.

The base catalog (today rongshui-2020.toml) holds the shared knowledge as data: kinds, subjects,
rule templates, and the duties already written by hand. A drafted duty whose wording and department
match a known duty takes that duty's tagging rules (the same duty recurs year after year and across
counties); any other duty gets rules built from its own words and the subject vocabulary, and is
marked `review = true` with the reason, because a person must confirm what a machine guessed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from archive.duty_words import DutyVocabulary, word_rules
from archive.duty_words import words as words_of_text
from archive.plan_parse import ParsedDepartment, ParsedPlan

REUSE_SIMILARITY = 0.9
RECENT = re.compile(r"近年来|近两年|近三年|近几年|近\d年")
# writing the county's own report for this assessment: another year's report is not it
COUNTY_REPORT = re.compile(r"(?:编写|撰写|起草)[^。；，]{0,4}(?:我县|本县|全县|县域)[^。；，]{0,24}考核自查报告")
OBLIGATION = re.compile(r"纳入|列入|不得")
DOCUMENT_VERB = re.compile(r"提供|编制|编写|收集|整理|梳理|填报|统计|核算|报送|汇总")
PROJECT = re.compile(r"项目|设施建设")
# a department's own return of indicators: several departments report overlapping figures, each its own
RETURN = re.compile(r"填报")
# 「其他…项目」: the projects a sibling duty does not already ask for
OTHER = re.compile(r"其他|其它")
OWN = re.compile(r"部门年度|本部门|部门自查|部门关于|对部门")

@dataclass
class BaseCatalog:
    """The base catalog's raw tables, and its items flattened for matching."""

    name: str
    data: dict[str, Any]

    def items(self) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
        out = []
        for it in self.data.get("items", []):
            out.append((it, None))
            for part in it.get("parts", []):
                out.append((part, it))
        return out

    def department_names(self, number: int) -> set[str]:
        for d in self.data.get("departments", []):
            if d["number"] == number:
                return {d["name"], d["short"], *d.get("aliases", [])}
        return set()


def bigrams(text: str) -> list[str]:
    t = re.sub(r"\s+", "", text)
    return [t[i:i + 2] for i in range(len(t) - 1)]


def similarity(a: str, b: str) -> float:
    """Dice over character bigrams: wording equal up to punctuation and small edits scores near 1."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    pool = list(y)
    common = 0
    for g in x:
        if g in pool:
            pool.remove(g)
            common += 1
    return 2 * common / (len(x) + len(y))


def short_name(name: str, county: str) -> str:
    s = name
    for prefix in (county, county[:2] if county else "", "县", "市"):
        if prefix and s.startswith(prefix) and len(s) - len(prefix) >= 2:
            s = s[len(prefix):]
    return s


def department_entry(n: int, d: ParsedDepartment, county: str, base: BaseCatalog) -> dict[str, Any]:
    """Short name and aliases come from the base when it knows the department (its folder names)."""
    bare = short_name(d.name, county)
    for b in base.data.get("departments", []):
        names = {b["name"], b["short"], *b.get("aliases", [])}
        if d.name in names or bare in names or any(bare == short_name(x, county) for x in names):
            aliases = sorted({*b.get("aliases", []), bare} - {d.name, b["short"]}, key=len, reverse=True)
            return {"number": n, "name": d.name, "short": b["short"], "aliases": aliases}
    return {"number": n, "name": d.name, "short": bare, "aliases": [bare] if bare != d.name else []}


def draft_catalog(plan: ParsedPlan, base: BaseCatalog, plan_text_name: str = "",
                  reuse_rules: bool = True) -> dict[str, Any]:
    """`reuse_rules=False` drafts every duty's rules from its words alone (to measure that path)."""
    depts = [department_entry(n, d, plan.county, base) for n, d in enumerate(plan.departments, 1)]
    phases, phase_ids = _phases(plan, base)
    year = plan.year or (plan.issue_date.year if plan.issue_date else 0)
    years = plan.material_years or [year - 1, year]
    assessment: dict[str, Any] = {
        "name": re.sub(r"(?:工作)?实施方案$", "", plan.title) or plan.title,
        "county": plan.county,
        "plan_doc_number": plan.doc_number,
        "year": year,
        "material_years": years,
        "plan_title": plan.title,
    }
    if plan.issue_date:
        assessment["plan_issue_date"] = plan.issue_date
    if plan.material_years_wording:
        assessment["material_years_wording"] = plan.material_years_wording
    lead = _lead(plan, depts)
    if lead:
        assessment["lead_department"] = lead
    review: list[str] = list(plan.problems)
    assessment_review = {"review": bool(review), "review_reason": "；".join(review)} if review else {}
    items: list[dict[str, Any]] = []
    default_phase = _default_phase(plan, phase_ids)
    texts = [(n, duty.text) for n, d in enumerate(plan.departments, 1) for duty in d.duties]
    vocab = DutyVocabulary.of(base.data, [t for _, t in texts], depts)
    for n, d in enumerate(plan.departments, 1):
        for k, duty in enumerate(d.duties, 1):
            items.append(_item(f"{n}.{k}", n, duty.text, plan, base if reuse_rules else _without_items(base),
                               depts[n - 1], years, year, texts, default_phase, vocab))
    _assign_phase_duties(plan, items, depts, phase_ids, years, year)
    _sibling_vetoes(items, vocab)
    catalog: dict[str, Any] = {
        "base": base.name,
        "source_plan": plan_text_name,
        "assessment": {**assessment, **assessment_review},
        "phases": phases,
        "departments": depts,
    }
    if plan.leading_group:
        catalog["leading_group"] = _leading_group(plan, depts)
    errata = [{"where": f"考核工作时间安排 {p.name}", "original": p.wording, "reading": p.note}
              for p in plan.phases if p.note]
    if errata:
        catalog["errata"] = errata
    catalog["meta"] = _meta(base, items, plan.cited_doc_numbers)
    for it in items:
        reasons = it.pop("review_reasons", [])
        if reasons:
            it["review"] = True
            it["review_reason"] = "；".join(dict.fromkeys(reasons))
    catalog["items"] = items
    return catalog


def _without_items(base: BaseCatalog) -> BaseCatalog:
    return BaseCatalog(base.name, {k: v for k, v in base.data.items() if k != "items"})


def _lead(plan: ParsedPlan, depts: list[dict[str, Any]]) -> int | None:
    if not plan.lead_department:
        return None
    for d in depts:
        names = {d["name"], d["short"], *d["aliases"]}
        if any(x and (x in plan.lead_department or plan.lead_department in x) for x in names if len(x) >= 3):
            return d["number"]
    return None


def _phases(plan: ParsedPlan, base: BaseCatalog) -> tuple[list[dict[str, Any]], list[str]]:
    out, ids = [], []
    base_phases = base.data.get("phases", [])
    for n, p in enumerate(plan.phases, 1):
        pid = next((b["id"] for b in base_phases if b["id"] not in ids
                    and (b["name"] in p.name or p.name in b["name"] or _core(b["name"]) == _core(p.name))),
                   f"phase{n}")
        ids.append(pid)
        entry: dict[str, Any] = {"id": pid, "name": p.name, "deadline": p.deadline, "wording": p.wording}
        if p.note:
            entry["note"] = p.note
        if p.deadline is None:
            entry["review"] = True
            entry["review_reason"] = "截止日期未能从原文读出，请填写"
        out.append(entry)
    if not out:
        out.append({"id": "dept_submit", "name": "材料报送", "deadline": None, "wording": "",
                    "review": True, "review_reason": "方案未写时间安排，请填写截止日期"})
        ids.append("dept_submit")
    return out, ids


def _core(name: str) -> str:
    return re.sub(r"阶段$", "", name)


def _default_phase(plan: ParsedPlan, ids: list[str]) -> str:
    for p, pid in zip(plan.phases, ids):
        if p.department is None and re.search(r"报送|上报|提交|收集", p.name + p.body):
            return pid
    return ids[1] if len(ids) > 1 else ids[0]


def _assign_phase_duties(plan: ParsedPlan, items: list[dict[str, Any]], depts: list[dict[str, Any]],
                         ids: list[str], years: list[int], year: int) -> None:
    """A phase other than the submission names its own object (制定……实施方案, 将……县域自查报告上报):
    the duty whose wording shares the longest run with it takes that deadline."""
    default = _default_phase(plan, ids)
    for p, pid in zip(plan.phases, ids):
        if pid == default or not p.body:
            continue
        pool = items
        min_run = 6
        if p.department:
            numbers = {d["number"] for d in depts
                       if any(len(x) >= 3 and (x in p.department or p.department in x)
                              for x in (d["name"], d["short"], *d["aliases"]))}
            pool = [i for i in items if i["department"] in numbers]
            min_run = 4
        body = re.sub(r"(?:上报|报送|提交)$", "", p.name) if p.department else p.body
        best, best_len = None, 0
        for it in pool:
            if it["deadline"] != default:
                continue
            run = _longest_common(it["text"], body)
            if run > best_len:
                best, best_len = it, run
        if best is None or best_len < min_run or p.deadline is None:
            continue
        if plan.phases.index(p) == 0:
            best["years"] = [year]
        best["deadline"] = pid
        best.setdefault("review_reasons", []).append(
            f"截止阶段按与「{p.name}」原文相同的字句推断为 {p.deadline}")
        if "盖章" in p.body:
            best["seal_required"] = True


def _longest_common(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb and ca not in "，。、；：":
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _meta(base: BaseCatalog, items: list[dict[str, Any]], cited: list[str]) -> list[dict[str, Any]]:
    """The base's meta-document kinds; the plan's copies serve the duty that makes the plan, and
    the kind known by 文号 (the papers the plan rests on) takes the numbers this plan cites."""
    plan_duty = next((i["id"] for i in items if "实施方案" in i["text"]), None)
    out = []
    for m in base.data.get("meta", []):
        entry = {k: v for k, v in m.items() if k != "items"}
        entry["items"] = [plan_duty] if m.get("plan_copy") and plan_duty else []
        if "doc_numbers" in m:
            if not cited:
                continue
            entry["doc_numbers"] = list(cited)
        out.append(entry)
    return out


def _leading_group(plan: ParsedPlan, depts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in plan.leading_group:
        entry = {"role": m["role"], "name": m["name"], "title": m["title"]}
        for d in depts:
            if any(len(x) >= 3 and x in m["title"] for x in (d["name"], d["short"], *d["aliases"])):
                entry["department"] = d["number"]
                break
        out.append(entry)
    return out


def _years(text: str, years: list[int]) -> list[int]:
    """The years a duty asks for: those its wording names, for all it asks. 「2020年…的决议文件和专项转移
    支付资金相关材料」 is read as reviewers read it: the special transfers of that year's budget too (31 of
    37 labelled papers about 2019 alone put them outside the duty's years)."""
    return _named_years(text, years) or list(years)


def _year_of_one(phrases: list[str], years: Collection[int]) -> bool:
    """Whether a year names only the first of two deliverables (「2020年…的决议文件和专项转移支付资金相关
    材料」): the resolution keeps it as its own; the second is not a parallel of the first (「2020年…报表和
    转移支付资金使用情况报告」 repeats the first's words, so its year is shared)."""
    if len(phrases) != 2 or not _named_years(phrases[0], years) or _named_years(phrases[1], years):
        return False
    return phrases[1][:4] not in phrases[0]


ANY_YEAR = range(1900, 2100)


def _named_years(text: str, years: Collection[int]) -> list[int]:
    return sorted({int(y) for y in re.findall(r"(\d{4})\s*年", text)} & set(years))


def _item(item_id: str, dept: int, text: str, plan: ParsedPlan, base: BaseCatalog, dept_entry: dict[str, Any],
          years: list[int], year: int, texts: list[tuple[int, str]], phase: str,
          vocab: DutyVocabulary) -> dict[str, Any]:
    text = text.strip()
    item: dict[str, Any] = {"id": item_id, "department": dept, "title": _title(text), "text": text,
                            "deadline": phase, "years": _years(text, years)}
    reasons: list[str] = []
    parts = _parts(text, base, reasons)
    recent = RECENT.search(text)
    if recent:
        item["year_policy"] = "project"
        item["year_policy_wording"] = recent.group(0)
    elif county_report := COUNTY_REPORT.search(text):
        item["year_policy"] = "assessment"
        item["year_policy_wording"] = county_report.group(0)
    if parts:
        item["doc_types"] = _kinds(text, base) or ["报告"]
        item["kind"] = "document"
        item["parts"] = []
        for k, part_text in enumerate(parts, 1):
            part = {"id": f"{item_id}.{k}", "title": _title(part_text), "text": part_text}
            reasons_for: list[str] = []
            _tagging(part, part_text, dept, base, dept_entry, texts, reasons_for, vocab)
            if RETURN.search(text) and not part.get("scope"):  # a part of a return is the return's
                part["scope"] = "owner"
            if reasons_for:
                part["review"] = True
                part["review_reason"] = "；".join(reasons_for)
            item["parts"].append(part)
    else:
        _tagging(item, text, dept, base, dept_entry, texts, reasons, vocab)
    if reasons:
        item["review_reasons"] = reasons
    return item


def _title(text: str) -> str:
    core = re.sub(r"^(?:负责|协助|配合|严格按照要求|按照要求)?", "", text).rstrip("。")
    core = re.split(r"[，；。]", core)[0]
    return core[:24] + ("…" if len(core) > 24 else "")


def _kinds(text: str, base: BaseCatalog) -> list[str]:
    out = []
    for name, dt in base.data.get("doc_types", {}).items():
        for cue in dt.get("title", []):
            pattern = cue.replace("$", "").replace("^", "")
            try:
                if re.search(pattern, text):
                    out.append(name)
                    break
            except re.error:
                continue
    return out


def _subjects_in(text: str, base: BaseCatalog) -> list[str]:
    out = []
    for name, words in base.data.get("subjects", {}).items():
        hits = {w for w in words if re.search(w, text)}
        if len(hits) >= 1:
            out.append((len(hits), name))
    return [n for _, n in sorted(out, reverse=True)[:2]]


def _department_subject(dept_entry: dict[str, Any], base: BaseCatalog) -> str | None:
    names = " ".join([dept_entry["name"], dept_entry["short"], *dept_entry["aliases"]])
    for word, subject in base.data.get("department_subjects", {}).items():
        if word in names:
            return subject
    return None


def _match_base(text: str, dept_entry: dict[str, Any], base: BaseCatalog) -> tuple[dict[str, Any] | None, float]:
    names = {dept_entry["name"], dept_entry["short"], *dept_entry["aliases"]}
    best, score = None, 0.0
    for it, parent in base.items():
        owner = (parent or it)["department"]
        if not names & base.department_names(owner):
            continue
        s = similarity(text, it["text"])
        if s > score:
            best, score = it, s
    return best, score


REUSED = ("rules", "deliverables", "doc_types", "kind", "scope", "year_filter", "seal_required", "issuer_owns")


def _tagging(item: dict[str, Any], text: str, dept: int, base: BaseCatalog, dept_entry: dict[str, Any],
             texts: list[tuple[int, str]], reasons: list[str], vocab: DutyVocabulary) -> None:
    known, score = _match_base(text, dept_entry, base)
    if known is not None and score >= REUSE_SIMILARITY:
        for key in REUSED:
            if key in known:
                item[key] = known[key]
        item["rules_from"] = f"{base.name} {known['id']}（措辞相似度 {score:.2f}）"
        return
    kinds = _kinds(text, base)
    kind = "document"
    if OBLIGATION.search(text) and not DOCUMENT_VERB.search(text):
        kind = "obligation"
    elif PROJECT.search(text):
        kind = "project"
    project_stage = re.search(r"立项|可研|验收", text)
    if kind == "project" and project_stage:
        kinds = list(dict.fromkeys(kinds + [k for k in ("立项文件", "可研文件", "验收文件") if k in base.data.get("doc_types", {})]))
    item["doc_types"] = kinds or ["报告"]
    item["kind"] = kind
    if OWN.search(text) or kind == "project" or RETURN.search(text) or _repeated(text, dept, texts):
        item["scope"] = "owner"
    rules: list[dict[str, Any]] = []
    templates = base.data.get("rule_templates", {})
    if "自查" in text and OWN.search(text) and "self_report" in templates:
        rules += [{"use": t} for t in ("self_report", "dept_self_check", "self_summary") if t in templates]
    names_topic = any(vocab.topics_of(c) for c in vocab.asks(text))
    if kind == "project" and project_stage and "dept_project" in templates and not names_topic:
        subject = _department_subject(dept_entry, base)
        subjects = [subject] if subject else _subjects_in(text, base)
        if subjects:
            rules.append({"use": "dept_project", "all": ["|".join(f"@{s}" for s in subjects)]})
        else:
            reasons.append("项目类职责未能确定主题词表，请在规则中补充")
    if not (rules and "自查" in text and len(vocab.asks(text)) <= 1):
        rules += word_rules(text, vocab)
    if not rules:
        rules.append({"all": [re.escape(_title(text))]})
        reasons.append("未能从原文提炼关键词，规则为整句匹配")
    item["rules"] = rules
    deliverables = _deliverables(text, base)
    if deliverables:
        item["deliverables"] = deliverables
        reasons.append("按「和/及」拆分了交付物，请核对")
    if not kinds:
        reasons.append("未能从原文判断文件种类，暂定为「报告」")
    reasons.append("标注规则按原文用语自动生成（词表取自基础目录），请核对")


def _leaves(items: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(it["department"], leaf) for it in items for leaf in (it.get("parts") or [it])]


def _sibling_vetoes(items: list[dict[str, Any]], vocab: DutyVocabulary) -> None:
    """Duties of one department share words (the finance duties all say 转移支付); a title naming
    what a sibling alone asks for (a known word of three or more characters no other duty uses and
    this duty's wording does not contain; a two-character one, 下达, is too often incidental) is that
    sibling's document, so the loose rules of this duty do not take it."""
    leaves = _leaves(items)
    own = {id(leaf): set(vocab.telling(leaf["text"])) for _, leaf in leaves}
    topics = {id(leaf): _topic_names(leaf["text"], vocab) for _, leaf in leaves}
    for dept, leaf in leaves:
        if "rules_from" in leaf or not leaf.get("rules"):
            continue
        mine = set(words_of_text(leaf["text"], vocab.lex))
        theirs: list[str] = []
        named: list[str] = []
        for d, other in leaves:
            if d == dept and other is not leaf:
                theirs += [w for w in own[id(other)] if w not in leaf["text"] and not any(w in m for m in mine)
                           and len(w) >= 3 and w in vocab.lex and sum(w in ws for ws in vocab.duty_words) == 1]
                named += [n for n in topics[id(other)] if n not in topics[id(leaf)]]
        veto = "|".join([*(re.escape(w) for w in dict.fromkeys(theirs)), *dict.fromkeys(named)])
        for k, rule in enumerate(leaf["rules"]):
            if veto and _loose(rule, leaf["rules"][:k]):
                rule["none_title"] = [*rule.get("none_title", []), veto]
            elif named and rule.get("use") == "dept_project" and OTHER.search(leaf["text"]):
                rule["none_title"] = [*rule.get("none_title", []), "|".join(dict.fromkeys(named))]


def _topic_names(text: str, vocab: DutyVocabulary) -> list[str]:
    """How titles name the base's things (`[[draft_subjects]]`) a duty's clauses name: a sibling
    duty's loose rules, and the project rules of a sibling asking for 「其他…项目」, leave such a title
    to this duty (a 乡镇 sewage plant is not the village projects' duty)."""
    return list(dict.fromkeys(t["names"] for clause in vocab.asks(text) for t in vocab.topics_of(clause)
                              if t.get("names")))


def _loose(rule: dict[str, Any], before: list[dict[str, Any]]) -> bool:
    """A rule drafted as a fallback: two of a clause's three words (after the rule needing all three),
    a title in a base subject, or a title of a kind with one word."""
    if "use" in rule:
        return False
    title, words = rule.get("title", []), rule.get("all", [])
    if title and title[0].startswith("@") and not words:
        return True
    if title and len(words) == 1:
        return True
    return len(words) == 2 and not title and any(len(b.get("all", [])) == 3 and set(words) <= set(b["all"]) for b in before)


def _repeated(text: str, dept: int, texts: list[tuple[int, str]]) -> bool:
    core = RECENT.sub("", text)
    return any(n != dept and similarity(core, RECENT.sub("", t)) >= 0.9 for n, t in texts)


def _deliverables(text: str, base: BaseCatalog) -> list[dict[str, Any]]:
    """「提供A和B」: two things to hand in. Only a top-level 和/及 between two noun phrases is split
    (「收集和处理」 inside an enumeration is not)."""
    parts = _deliverable_phrases(text)
    out = []
    for n, name in enumerate(parts):
        kinds = _kinds(name, base)
        head = re.sub(r"^.*?(\w{2,4})$", r"\1", name)
        entry: dict[str, Any] = {"key": f"d{n + 1}", "name": name, "cues": [re.escape(head)]}
        if kinds:
            entry["kinds"] = kinds
        if n == 0:
            entry["default"] = True
        if n == 0 and _year_of_one(parts, ANY_YEAR):
            entry["years"] = _named_years(name, ANY_YEAR)
        out.append(entry)
    return out


def _deliverable_phrases(text: str) -> list[str]:
    """The two noun phrases of 「提供A和B」, or none."""
    m = re.search(r"(?:提供|编制|编写|收集整理|收集|整理)(.+?)(?:[。；]|$)", text)
    if not m:
        return []
    # 及 inside a word (涉及, 普及, 及时) joins nothing
    parts = re.split(r"(?<=[\u4e00-\u9fff])(?<![涉普危顾触波提企])(?:和|及(?!时))(?=[\u4e00-\u9fff])", m.group(1))
    if len(parts) != 2 or "、" in parts[1] or min(len(p) for p in parts) < 3:
        return []
    return [p.strip("，, ") for p in parts]


def _parts(text: str, base: BaseCatalog, reasons: list[str]) -> list[str]:
    """Sub-parts: three or more 「；」 clauses are parts (clauses reporting the same indicator group
    are one part); a long list of figures is split by the base's topics."""
    clauses = [c.strip().rstrip("。") for c in text.split("；") if c.strip().rstrip("。")]
    if len(clauses) >= 3:
        groups: list[list[str]] = []
        keys: list[set[str]] = []
        for c in clauses:
            k = {re.sub(r"^(?:负责|配合|完成)", "", x) for x in re.findall(r"([\u4e00-\u9fff]{2,12}?)指标中", c)}
            for g, gk in zip(groups, keys):
                if k and k & gk:
                    g.append(c)
                    gk |= k
                    reasons.append(f"「{c[:12]}…」与前文同属一组指标，已并入同一子项")
                    break
            else:
                groups.append([c])
                keys.append(k)
        return ["；".join(g) for g in groups]
    topics = base.data.get("part_topics", {})
    m = re.search(r"((?:[^、，。；]{2,12}、){5,}[^、，。；]{2,12}?)(?:等|指标|数据|$)", text)
    if not m or not topics:
        return []
    elements = m.group(1).split("、")
    elements[0] = re.sub(r"^.*?(?:中|的)(?:\d{4}年)?", "", elements[0]) or elements[0]
    labels = []
    for e in elements:
        label = next((t for t, words in topics.items() if any(w in e for w in words)), None)
        if label is None:
            return []
        labels.append(label)
    runs: list[list[str]] = []
    for e, label in zip(elements, labels):
        if runs and labels[elements.index(runs[-1][0])] == label:
            runs[-1].append(e)
        else:
            runs.append([e])
    if len(runs) < 2:
        return []
    reasons.append("长串指标按主题拆成子项，请核对")
    return ["、".join(r) for r in runs]
