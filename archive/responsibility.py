"""Who answers for each department's duties, and whom to call: 责任领导, 责任人, 联系人 and phone.

Three layers, each filling or overriding the one before, field by field: the plan's leading
group (a department head is its department's 责任领导), the county's `evidence.toml`
(`[[responsibility]]`), and what an admin sets in the web UI (recorded with who and when, and
audited). An entry for one duty overrides its department's entry for that duty only.
"""

from __future__ import annotations

from dataclasses import asdict

from archive import clock
from archive.catalog import Catalog
from archive.errors import ArchiveError
from archive.store import Archive
from spine.config import RESPONSIBILITY_FIELDS, Assignment

FIELDS = RESPONSIBILITY_FIELDS
LABELS = {"leader": "责任领导", "owner": "责任人", "contact": "联系人", "phone": "联系电话"}
SOURCES = {"plan": "实施方案", "config": "evidence.toml", "web": "网页设置"}
_MAX = 80


class ResponsibilityError(ArchiveError):
    """An assignment names an unknown department or duty, or a value is unusable."""

    exit_code = 2


def plan_defaults(catalog: Catalog) -> list[Assignment]:
    """The leading group's department heads as 责任领导."""
    out = []
    for m in catalog.leading_group:
        if m.department is not None:
            out.append(Assignment(catalog.department(m.department).short, leader=f"{m.name}（{m.title}）"))
    return out


def stored(archive: Archive) -> list[Assignment]:
    return [Assignment(r["department"], r["item_id"], *(r[f] or "" for f in FIELDS))
            for r in archive.conn.execute("SELECT * FROM responsibilities ORDER BY department, item_id")]


def set_assignment(archive: Archive, catalog: Catalog, department: str, item: str, values: dict[str, str],
                   actor: str) -> Assignment:
    """An admin's entry for a department (item "") or one duty; empty fields fall back to the
    lower layers. Audited with the old and new values."""
    dept = catalog.department_by_folder(department)
    if dept is None:
        raise ResponsibilityError(f"未知部门：{department}")
    item = (item or "").strip()
    if item:
        try:
            owner = catalog.item(item).department
        except KeyError:
            raise ResponsibilityError(f"未知事项编号：{item}") from None
        if owner != dept.number:
            raise ResponsibilityError(f"事项 {item} 不属于{dept.short}")
    clean = {f: " ".join(str(values.get(f, "") or "").split())[:_MAX] for f in FIELDS}
    with archive.transaction():
        old = archive.conn.execute("SELECT * FROM responsibilities WHERE department=? AND item_id=?",
                                   (dept.short, item)).fetchone()
        archive.conn.execute(
            "INSERT INTO responsibilities (department, item_id, leader, owner, contact, phone, updated_by, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(department, item_id) DO UPDATE SET leader=excluded.leader,"
            " owner=excluded.owner, contact=excluded.contact, phone=excluded.phone,"
            " updated_by=excluded.updated_by, updated_at=excluded.updated_at",
            (dept.short, item, *clean.values(), actor, clock.now_text()))
        archive.audit(actor, "responsibility.set", {
            "department": dept.short, "item": item or None, "new": clean,
            "old": {f: old[f] for f in FIELDS} if old is not None else None})
    return Assignment(dept.short, item, **clean)


def resolve(catalog: Catalog, configured: list[Assignment], web: list[Assignment]) -> dict:
    """{"departments": {short: entry}, "items": {id: entry}, "problems": [...]}: every entry has
    the four fields, and `sources` saying where each came from."""
    problems: list[str] = []
    layers = [("plan", plan_defaults(catalog)), ("config", configured), ("web", web)]
    departments = {d.short: _blank(d.short) for d in catalog.departments}
    duty_layers: dict[str, list[tuple[str, Assignment]]] = {}
    for source, assignments in layers:
        for a in assignments:
            dept = catalog.department_by_folder(a.department)
            if dept is None:
                problems.append(f"责任分工中的部门不存在：{a.department}（{SOURCES[source]}）")
                continue
            if a.item:
                duty_layers.setdefault(a.item, []).append((source, a))
            else:
                _fill(departments[dept.short], source, a)
    items = {}
    for item_id, entries in duty_layers.items():
        try:
            dept = catalog.department(catalog.item(item_id).department).short
        except KeyError:
            problems.append(f"责任分工中的事项不存在：{item_id}")
            continue
        entry = {**departments[dept], "sources": dict(departments[dept]["sources"]), "item": item_id}
        for source, a in entries:
            _fill(entry, source, a)
        items[item_id] = entry
    return {"departments": departments, "items": items, "problems": problems, "labels": LABELS}


def for_duty(resolved: dict, item_id: str, department: str) -> dict:
    """The entry that answers for a duty: its own, else its parent's, else its department's."""
    items = resolved["items"]
    if item_id in items:
        return items[item_id]
    parent = item_id.rsplit(".", 1)[0] if item_id.count(".") > 1 else None
    if parent and parent in items:
        return items[parent]
    return resolved["departments"][department]


def summary_text(entry: dict | None) -> str:
    """「责任领导 韦树生（县财政局局长）；联系人 李某 138…」 for lists and mails."""
    if not entry:
        return ""
    parts = [f"{LABELS[f]} {entry[f]}" for f in ("leader", "owner", "contact") if entry.get(f)]
    if entry.get("phone"):
        parts.append(f"电话 {entry['phone']}")
    return "；".join(parts)


def _blank(department: str) -> dict:
    return {"department": department, "item": "", **{f: "" for f in FIELDS}, "sources": {}}


def _fill(entry: dict, source: str, a: Assignment) -> None:
    for f, value in a.values().items():
        if value:
            entry[f] = value
            entry["sources"][f] = source


def as_records(assignments: list[Assignment]) -> list[dict]:
    return [asdict(a) for a in assignments]
