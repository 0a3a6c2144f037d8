"""Who delivered on time: for every duty, the day its first acceptable evidence arrived
against its deadline — on time, late by N days, or still missing.

"Acceptable" is the checklist's own verdict (present or verified), so a draft, a file of the
wrong year or an unreadable scan does not count as delivered. The checklist only changes when
the archive records something (a file arrives or leaves, a tag or a review is written), so the
checklist is rebuilt at the end of every day on which something was recorded, and the first
such day a duty is done is the day it was delivered.
"""

from __future__ import annotations

from datetime import date

from archive import clock
from archive.as_of import ArchiveAsOf
from archive.catalog import Catalog
from archive.checklist import DONE, build_checklist
from archive.store import Archive

VERDICTS = {"on_time": "按时", "late": "逾期报送", "overdue": "逾期未报", "pending": "未到期未报"}
_EVENT_TIMES = ("SELECT first_seen FROM locations UNION SELECT superseded_at FROM locations"
                " UNION SELECT removed_at FROM locations UNION SELECT at FROM tag_history"
                " UNION SELECT at FROM tag_override_history UNION SELECT at FROM reviews"
                " UNION SELECT extracted_at FROM documents")


def event_days(archive: Archive, until: date) -> list[date]:
    """Local days on which the archive recorded anything that can change the checklist."""
    days = {clock.local_date(r[0]) for r in archive.conn.execute(_EVENT_TIMES) if r[0]}
    return sorted(d for d in days if d <= until)


def first_done(archive: Archive, catalog: Catalog, until: date) -> dict[str, tuple[date, list[int]]]:
    """For each duty (parts too), the first day it was done and the evidence it had that day."""
    found: dict[str, tuple[date, list[int]]] = {}
    days = event_days(archive, until)
    if not days:
        return found
    view = ArchiveAsOf(archive.var, clock.end_of_day(days[0]), archive.record)
    try:
        for day in days:
            view.move_to(clock.end_of_day(day))
            for entry in _flat(build_checklist(view, catalog, as_of=day)["items"]):
                if entry["status"] in DONE and entry["id"] not in found:
                    found[entry["id"]] = (day, entry["evidence"])
    finally:
        view.close()
    return found


def timeliness_report(archive: Archive, catalog: Catalog, contacts: dict | None = None,
                      as_of: date | None = None) -> dict:
    """Per duty, per department, and the overdue list for the leading group, as of a day.
    Department counts and the overdue list are over what a department delivers: duties
    without parts, and the parts of compound duties."""
    day = as_of or clock.today()
    first = first_done(archive, catalog, day)
    items = []
    for item in catalog.items:
        for it in (item, *item.parts):
            items.append(_row(it, catalog, first.get(it.id), day) | {"leaf": not it.parts})
    departments = []
    for dept in catalog.departments:
        mine = [r for r in items if r["department_number"] == dept.number and r["leaf"]]
        if not mine:
            continue
        late = [r for r in mine if r["verdict"] == "late"]
        departments.append({
            "department": dept.short, "department_name": dept.name, "total": len(mine),
            **{v: sum(1 for r in mine if r["verdict"] == v) for v in VERDICTS},
            "days_late_total": sum(r["days_late"] for r in late),
            "days_late_max": max((r["days_late"] for r in late), default=0),
            "responsibility": (contacts or {}).get(dept.short),
        })
    overdue = sorted((r for r in items if r["verdict"] in ("late", "overdue") and r["leaf"]),
                     key=lambda r: (-r["days_late"], r["department_number"], r["id"]))
    for r in overdue:
        r["responsibility"] = (contacts or {}).get(r["department"])
    return {"assessment": catalog.name, "as_of": day.isoformat(), "items": items, "departments": departments,
            "overdue": overdue, "verdict_labels": VERDICTS}


def _row(item, catalog: Catalog, done: tuple[date, list[int]] | None, day: date) -> dict:
    dept = catalog.department(item.department)
    deadline = catalog.phase(item.deadline).deadline
    if done is not None:
        delivered, evidence = done
        late_by = (delivered - deadline).days
        verdict = "late" if late_by > 0 else "on_time"
    else:
        delivered, evidence, late_by = None, [], (day - deadline).days
        verdict = "overdue" if late_by > 0 else "pending"
    return {"id": item.id, "parent": item.parent, "title": item.title, "department": dept.short,
            "department_number": dept.number, "deadline": deadline.isoformat(),
            "delivered": delivered.isoformat() if delivered else None, "evidence": evidence,
            "verdict": verdict, "verdict_label": VERDICTS[verdict], "days_late": max(0, late_by),
            "text": verdict_text(verdict, late_by)}


def verdict_text(verdict: str, late_by: int) -> str:
    if verdict == "on_time":
        return "按时报送" if late_by == 0 else f"按时报送（提前{-late_by}天）"
    if verdict == "late":
        return f"逾期{late_by}天报送"
    if verdict == "overdue":
        return f"逾期{late_by}天仍未报送"
    return f"尚未报送（剩{-late_by}天）" if late_by < 0 else "尚未报送（今日截止）"


def _flat(entries: list[dict]) -> list[dict]:
    return [e for top in entries for e in (top, *top["parts"])]
