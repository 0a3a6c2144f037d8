"""One duty of a catalog draft, read and edited on its own.

A reviewer checks a drafted catalog duty by duty against the plan: its department, wording, title,
deadline, kinds and rules, and says when it is checked. Editing the whole TOML in one box for that
is error-prone (one stray bracket breaks every duty), so the review screen edits one duty at a time
and this module writes the change back into the draft's TOML, keeping everything else as it was.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from archive.catalog_toml import dumps

CHECKED = "已人工核对"


class DutyEditError(ValueError):
    """A Chinese reason the edit was not applied; the draft is unchanged."""


def _header(text: str) -> str:
    """The draft's leading comment lines (who drafted it, from what), kept across edits."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


def _load(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DutyEditError(f"草稿不是有效的 TOML，请先在整体编辑框中修正：{exc}") from exc


def find_duty(data: dict[str, Any], duty_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The duty or sub-part with this id, and the duty it belongs to (None for a duty)."""
    for item in data.get("items", []):
        if item.get("id") == duty_id:
            return item, None
        for part in item.get("parts") or []:
            if part.get("id") == duty_id:
                return part, item
    raise DutyEditError(f"草稿中没有职责 {duty_id}")


def duty_fields(text: str, duty_id: str) -> dict[str, Any]:
    """What the form shows for one duty: its fields, its rules as TOML, and the choices."""
    data = _load(text)
    entry, parent = find_duty(data, duty_id)
    owner = parent or entry
    return {
        "id": duty_id,
        "part_of": parent.get("id") if parent else None,
        "department": owner.get("department"),
        "title": entry.get("title", ""),
        "text": entry.get("text", ""),
        "deadline": entry.get("deadline", owner.get("deadline", "")),
        "doc_types": "、".join(entry.get("doc_types", [])),
        "rules": dumps({"rules": entry["rules"]}) if entry.get("rules") else "",
        "review": bool(entry.get("review")),
        "review_reason": entry.get("review_reason", ""),
        "rules_from": entry.get("rules_from", ""),
        "departments": [(d.get("number"), d.get("name", "")) for d in data.get("departments", [])],
        "phases": [(p.get("id"), p.get("name", ""), p.get("deadline")) for p in data.get("phases", [])],
    }


def edit_duty(text: str, duty_id: str, form: dict[str, str]) -> str:
    """The draft with one duty changed as the form says. Fields the form leaves out stay as
    they were; a checked duty loses its `review` flag (the reason is kept as `reviewed_reason`)."""
    data = _load(text)
    entry, parent = find_duty(data, duty_id)
    if "department" in form and parent is None:
        numbers = {d.get("number") for d in data.get("departments", [])}
        try:
            number = int(form["department"])
        except ValueError:
            raise DutyEditError(f"部门编号无效：{form['department']}") from None
        if number not in numbers:
            raise DutyEditError(f"没有编号为 {number} 的部门")
        entry["department"] = number
    for key in ("title", "text"):
        if key in form:
            value = form[key].strip()
            if not value:
                raise DutyEditError("职责名称和原文措辞不能为空" if key == "text" else "职责名称不能为空")
            entry[key] = value
    if "deadline" in form:
        phases = {p.get("id") for p in data.get("phases", [])}
        if form["deadline"] not in phases:
            raise DutyEditError(f"截止阶段 {form['deadline']} 不在阶段列表中")
        entry["deadline"] = form["deadline"]
    if "doc_types" in form:
        kinds = [k for k in re.split(r"[、,，\s]+", form["doc_types"]) if k]
        if kinds:
            entry["doc_types"] = kinds
        else:
            entry.pop("doc_types", None)
    if "rules" in form:
        entry["rules"] = _rules(form["rules"])
        entry.pop("rules_from", None)
    if form.get("reviewed"):
        if entry.pop("review", None):
            reason = entry.pop("review_reason", "")
            entry["reviewed_reason"] = f"{CHECKED}（原因：{reason}）" if reason else CHECKED
    return _header(text) + dumps(data)


def _rules(snippet: str) -> list[dict[str, Any]]:
    try:
        rules = tomllib.loads(snippet).get("rules", [])
    except tomllib.TOMLDecodeError as exc:
        raise DutyEditError(f"规则不是有效的 TOML（每条规则以 [[rules]] 开头）：{exc}") from exc
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        raise DutyEditError("规则须写成 [[rules]] 表")
    for n, rule in enumerate(rules, 1):
        for key in ("all", "title", "none", "none_title"):
            for pattern in rule.get(key, []):
                try:
                    re.compile(re.sub(r"@\w+", "x", pattern))
                except re.error as exc:
                    raise DutyEditError(f"第 {n} 条规则的 {key} 中「{pattern}」无法编译：{exc}") from exc
    return rules
