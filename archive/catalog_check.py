"""Validate a catalog file and say every problem at once, in Chinese, for the person editing it.

The loader (archive.catalog) stops at the first fault, which is right for a running archive; a
person reviewing a drafted catalog wants the whole list, and the entries still marked for review.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archive.catalog import CatalogError, inherit_base, load_catalog

SUBJECT_REF = re.compile(r"@(\w+)")


@dataclass
class CheckReport:
    path: str
    errors: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)     # entries still marked review = true
    duties: int = 0
    departments: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "errors": self.errors, "reviews": self.reviews,
                "duties": self.duties, "departments": self.departments}


def check_catalog_file(path: Path) -> CheckReport:
    report = CheckReport(str(path))
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        report.errors.append(f"无法读取文件：{exc.strerror or exc}")
        return report
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        report.errors.append(f"不是有效的 TOML：{exc}")
        return report
    if "base" in data:
        try:
            data = inherit_base(data, Path(path).parent, str(path))
        except CatalogError as exc:
            report.errors.append(f"基础目录无法读取：{exc}")
            return report
    check_data(data, report)
    if report.ok:
        try:
            load_catalog(Path(path))
        except CatalogError as exc:
            report.errors.append(f"载入失败：{exc}")
    return report


def check_data(data: dict[str, Any], report: CheckReport) -> None:
    errors = report.errors
    subjects = data.get("subjects", {}) if isinstance(data.get("subjects"), dict) else {}
    if not isinstance(data.get("assessment"), dict):
        errors.append("缺少 [assessment]（考核名称、县名、方案文号、材料年度）")
    else:
        a = data["assessment"]
        for key, label in (("name", "考核名称"), ("county", "县名"), ("plan_doc_number", "方案文号")):
            if not isinstance(a.get(key), str) or not a.get(key):
                errors.append(f"[assessment] 缺少{label}（{key}）")
        if not isinstance(a.get("material_years"), list) or not a.get("material_years"):
            errors.append("[assessment] 缺少材料年度（material_years）")
        _review(a, "考核信息", report)
    phases = data.get("phases") if isinstance(data.get("phases"), list) else []
    if not phases:
        errors.append("没有任何阶段（[[phases]]）")
    phase_ids = _unique([p.get("id") for p in phases if isinstance(p, dict)], "阶段", errors)
    for n, p in enumerate(phases, 1):
        if not isinstance(p, dict):
            errors.append(f"第 {n} 个阶段不是表")
            continue
        if not isinstance(p.get("deadline"), date):
            errors.append(f"阶段 {p.get('id', n)}（{p.get('name', '')}）的截止日期无法解析：{p.get('deadline', '缺失')!r}，"
                          "应写作 2020-10-24")
        _review(p, f"阶段 {p.get('id', n)}", report)
    depts = data.get("departments") if isinstance(data.get("departments"), list) else []
    if not depts:
        errors.append("没有任何部门（[[departments]]）")
    numbers = _unique([d.get("number") for d in depts if isinstance(d, dict)], "部门编号", errors)
    for d in depts:
        if isinstance(d, dict) and not d.get("name"):
            errors.append(f"部门 {d.get('number')} 缺少名称")
    report.departments = len(depts)
    doc_types = data.get("doc_types", {}) if isinstance(data.get("doc_types"), dict) else {}
    for name, dt in doc_types.items():
        for key in ("title", "body"):
            _patterns(dt.get(key, []) if isinstance(dt, dict) else [], f"文件种类「{name}」的{key}", subjects, errors)
    for name, words in subjects.items():
        _patterns(words, f"主题词表 {name}", {}, errors)
    items = data.get("items") if isinstance(data.get("items"), list) else []
    if not items:
        errors.append("没有任何职责（[[items]]）")
    ids: list[Any] = []
    for n, it in enumerate(items, 1):
        if not isinstance(it, dict):
            errors.append(f"第 {n} 项职责不是表")
            continue
        ids.append(it.get("id"))
        where = f"职责 {it.get('id', f'第{n}项')}"
        dept = it.get("department")
        if dept is None:
            errors.append(f"{where} 没有责任部门（department）")
        elif dept not in numbers:
            errors.append(f"{where} 的责任部门 {dept} 不在部门列表中")
        _duty(it, where, phase_ids, doc_types, subjects, report)
        for k, part in enumerate(it.get("parts", []) or [], 1):
            if not isinstance(part, dict):
                errors.append(f"{where} 的第 {k} 个子项不是表")
                continue
            ids.append(part.get("id"))
            pid = str(part.get("id", ""))
            if not pid.startswith(f"{it.get('id')}."):
                errors.append(f"{where} 的子项编号 {pid!r} 应以「{it.get('id')}.」开头")
            _duty(part, f"子项 {pid or k}", phase_ids, doc_types, subjects, report, parent=it)
    _unique(ids, "职责编号", errors)
    report.duties = len([i for i in ids if i is not None])


def _duty(it: dict[str, Any], where: str, phase_ids: set[Any], doc_types: dict[str, Any],
          subjects: dict[str, Any], report: CheckReport, parent: dict[str, Any] | None = None) -> None:
    errors = report.errors
    if not it.get("text"):
        errors.append(f"{where} 缺少原文措辞（text）")
    deadline = it.get("deadline", parent.get("deadline") if parent else None)
    if deadline is None:
        errors.append(f"{where} 没有截止阶段（deadline）")
    elif deadline not in phase_ids:
        errors.append(f"{where} 的截止阶段 {deadline!r} 不在阶段列表中")
    for dt in it.get("doc_types", []) or []:
        if dt not in doc_types:
            errors.append(f"{where} 的文件种类「{dt}」未在 [doc_types] 中定义")
    rules = it.get("rules", []) or []
    if not rules and not it.get("parts"):
        errors.append(f"{where} 没有标注规则（rules）也没有子项")
    for k, r in enumerate(rules, 1):
        if not isinstance(r, dict):
            errors.append(f"{where} 的第 {k} 条规则不是表")
            continue
        for key in ("title", "all", "none", "none_title"):
            _patterns(r.get(key, []), f"{where} 第 {k} 条规则的 {key}", subjects, errors)
    deliverables = it.get("deliverables")
    if deliverables is not None:
        if not isinstance(deliverables, list) or not deliverables:
            errors.append(f"{where} 的交付物列表为空（deliverables = []），删去该行或至少写一项")
        else:
            keys = []
            for k, d in enumerate(deliverables, 1):
                if not isinstance(d, dict) or not str(d.get("name", "")).strip():
                    errors.append(f"{where} 的第 {k} 项交付物缺少名称")
                    continue
                if not str(d.get("key", "")).strip():
                    errors.append(f"{where} 的交付物「{d['name']}」缺少 key")
                keys.append(d.get("key"))
                if len(deliverables) > 1 and not (d.get("kinds") or d.get("cues") or d.get("body")):
                    errors.append(f"{where} 的交付物「{d['name']}」需要 kinds 或 cues，否则无法判断哪份文件交付了它")
                for key in ("cues", "body"):
                    _patterns(d.get(key, []), f"{where} 交付物「{d['name']}」的 {key}", subjects, errors)
                for kind in d.get("kinds", []) or []:
                    if kind not in doc_types:
                        errors.append(f"{where} 交付物「{d['name']}」的文件种类「{kind}」未定义")
            _unique(keys, f"{where} 的交付物 key", errors)
    _review(it, where, report)


def _patterns(values: Any, where: str, subjects: dict[str, Any], errors: list[str]) -> None:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        errors.append(f"{where} 应为正则表达式列表")
        return
    for v in values:
        if not isinstance(v, str) or not v:
            errors.append(f"{where} 含有空的正则表达式")
            continue
        unknown = [m.group(1) for m in SUBJECT_REF.finditer(v) if m.group(1) not in subjects]
        if unknown and subjects:
            errors.append(f"{where} 引用了不存在的主题词表 @{unknown[0]}")
            continue
        expanded = SUBJECT_REF.sub(lambda m: "(?:" + "|".join(subjects.get(m.group(1), ["x"])) + ")", v)
        try:
            re.compile(expanded)
        except re.error as exc:
            errors.append(f"{where} 的正则表达式 {v!r} 无法编译：{exc}")


def _unique(keys: list[Any], what: str, errors: list[str]) -> set[Any]:
    seen: set[Any] = set()
    for k in keys:
        if k is None:
            errors.append(f"有{what}缺失")
        elif k in seen:
            errors.append(f"{what} {k!r} 重复")
        seen.add(k)
    return seen


def _review(entry: dict[str, Any], where: str, report: CheckReport) -> None:
    if entry.get("review"):
        report.reviews.append(f"{where}：{entry.get('review_reason') or '待人工核对'}")
