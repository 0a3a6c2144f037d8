"""迎检 and 整改: what the inspection team found, who must fix it by when, and whether it is closed.

An inspector records a finding on a duty (optionally on one document) and names the department
that must rectify it and the due date. The department answers, usually pointing at new
evidence; the inspector then closes it (销号) or reopens it with a reason. Every step is an
appended event and an audit record; the finding's status is the latest step's result.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from archive import clock
from archive.catalog import Catalog
from archive.errors import ArchiveError, NotFound
from archive.store import Archive

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
STATUS_LABELS = {OPEN: "待整改", ANSWERED: "已答复待复核", CLOSED: "已销号"}
ACTION_LABELS = {"open": "提出", "answer": "答复", "close": "销号", "reopen": "重新打开"}
_NEXT = {"answer": ({OPEN}, ANSWERED), "close": ({OPEN, ANSWERED}, CLOSED), "reopen": ({ANSWERED, CLOSED}, OPEN)}


class FindingError(ArchiveError):
    """A finding step that cannot be taken (missing text, wrong state, unknown duty)."""

    exit_code = 2


def open_finding(archive: Archive, catalog: Catalog, item_id: str, finding: str, due: date, actor: str, *,
                 department: str | None = None, document_id: int | None = None) -> dict:
    try:
        item = catalog.item(item_id)
    except KeyError:
        raise FindingError(f"未知事项编号：{item_id}") from None
    if not (finding or "").strip():
        raise FindingError("必须写明发现的问题")
    if not (actor or "").strip():
        raise FindingError("必须写明核查人")
    dept = catalog.department_by_folder(department) if department else catalog.department(item.department)
    if dept is None:
        raise FindingError(f"未知部门：{department}")
    if document_id is not None:
        archive.document(document_id)
    at = clock.now_text()
    with archive.transaction():
        cur = archive.conn.execute(
            "INSERT INTO findings (item_id, document_id, department, finding, due_date, status, created_by,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (item_id, document_id, dept.short, finding.strip(), due.isoformat(), OPEN, actor, at, at))
        _event(archive, cur.lastrowid, "open", actor, finding.strip(), document_id, at)
    return get(archive, cur.lastrowid)


def step(archive: Archive, finding_id: int, action: str, actor: str, note: str | None = None,
         document_id: int | None = None) -> dict:
    """answer | close | reopen. An answer or a reopening needs words; a close may have none."""
    if action not in _NEXT:
        raise FindingError(f"未知操作：{action}")
    current = get(archive, finding_id)
    allowed, result = _NEXT[action]
    if current["status"] not in allowed:
        raise FindingError(f"整改问题 #{finding_id} 当前为「{STATUS_LABELS[current['status']]}」，不能{ACTION_LABELS[action]}")
    note = (note or "").strip() or None
    if action in ("answer", "reopen") and not note:
        raise FindingError("答复和重新打开都必须写明说明")
    if document_id is not None:
        archive.document(document_id)
    at = clock.now_text()
    with archive.transaction():
        archive.conn.execute("UPDATE findings SET status=?, updated_at=? WHERE id=?", (result, at, finding_id))
        _event(archive, finding_id, action, actor, note, document_id, at)
    return get(archive, finding_id)


def get(archive: Archive, finding_id: int) -> dict:
    row = archive.conn.execute("SELECT * FROM findings WHERE id=?", (finding_id,)).fetchone()
    if row is None:
        raise NotFound(f"没有整改问题 #{finding_id}")
    events = archive.conn.execute("SELECT * FROM finding_events WHERE finding_id=? ORDER BY id",
                                  (finding_id,)).fetchall()
    return _as_dict(row, events)


def list_findings(archive: Archive, *, department: str | None = None, status: str | None = None,
                  item_id: str | None = None) -> list[dict]:
    sql, args = "SELECT * FROM findings WHERE 1=1", []
    for column, value in (("department", department), ("status", status), ("item_id", item_id)):
        if value:
            sql += f" AND {column}=?"
            args.append(value)
    rows = archive.conn.execute(sql + " ORDER BY id", args).fetchall()
    events: dict[int, list] = {}
    for e in archive.conn.execute("SELECT * FROM finding_events ORDER BY id"):
        events.setdefault(e["finding_id"], []).append(e)
    return [_as_dict(r, events.get(r["id"], [])) for r in rows]


def open_by_item(archive: Archive) -> dict[str, list[dict]]:
    """Findings not yet closed, by duty: the checklist shows them on their rows."""
    out: dict[str, list[dict]] = {}
    for f in list_findings(archive):
        if f["status"] != CLOSED:
            out.setdefault(f["item"], []).append(f)
    return out


def _event(archive: Archive, finding_id: int, action: str, actor: str, note: str | None,
           document_id: int | None, at: str) -> None:
    archive.conn.execute(
        "INSERT INTO finding_events (finding_id, action, actor, note, document_id, at) VALUES (?,?,?,?,?,?)",
        (finding_id, action, actor, note, document_id, at))
    archive.audit(actor, f"finding.{action}", {"finding": finding_id, "note": note, "document": document_id})


def _as_dict(row: sqlite3.Row, events: list) -> dict:
    due = date.fromisoformat(row["due_date"])
    return {"id": row["id"], "item": row["item_id"], "document_id": row["document_id"],
            "department": row["department"], "finding": row["finding"], "due": row["due_date"],
            "status": row["status"], "status_label": STATUS_LABELS[row["status"]],
            "days_left": (due - clock.today()).days, "created_by": row["created_by"],
            "created_at": row["created_at"], "updated_at": row["updated_at"],
            "events": [{"action": e["action"], "label": ACTION_LABELS[e["action"]], "actor": e["actor"],
                        "note": e["note"], "document_id": e["document_id"], "at": e["at"]} for e in events]}
