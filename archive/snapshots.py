"""The checklist frozen at each phase deadline.

"What was on file at 10-24" must not change because a department uploads on 10-26 or a tag
is corrected in November. The first time anything runs after a deadline (or on an explicit
`evidence snapshots --freeze`) the checklist as it stood at the end of the deadline day is
rebuilt from the archive's timestamps and stored as JSON; the table refuses updates and
deletes, so a snapshot, once taken, is the record.
"""

from __future__ import annotations

import json
import sqlite3

from archive import clock
from archive.as_of import checklist_as_of
from archive.catalog import Catalog
from archive.store import Archive


def due_phases(archive: Archive, catalog: Catalog) -> list:
    """Phases whose deadline has passed and that have no snapshot yet."""
    today = clock.today()
    frozen = {r[0] for r in archive.conn.execute("SELECT phase_id FROM snapshots")}
    return [p for p in catalog.phases if p.deadline < today and p.id not in frozen]


def freeze_due(archive: Archive, catalog: Catalog, actor: str = "system") -> list[dict]:
    """Freeze every passed deadline not yet frozen; returns the new snapshots (without data)."""
    made = []
    for phase in due_phases(archive, catalog):
        checklist = checklist_as_of(archive, catalog, phase.deadline)
        with archive.transaction():
            cur = archive.conn.execute(
                "INSERT INTO snapshots (phase_id, as_of, frozen_at, frozen_by, data) VALUES (?,?,?,?,?)"
                " ON CONFLICT DO NOTHING",
                (phase.id, phase.deadline.isoformat(), clock.now_text(), actor,
                 json.dumps(checklist, ensure_ascii=False, sort_keys=True)))
            if cur.rowcount:
                archive.audit(actor, "snapshot.freeze", {"phase": phase.id, "as_of": phase.deadline.isoformat()})
                made.append(cur.lastrowid)
    return [s for s in list_snapshots(archive) if s["id"] in made]


def list_snapshots(archive: Archive) -> list[dict]:
    return [_meta(r) for r in archive.conn.execute(
        "SELECT id, phase_id, as_of, frozen_at, frozen_by, data FROM snapshots ORDER BY as_of, id")]


def snapshot(archive: Archive, phase_or_date: str) -> dict | None:
    """One snapshot with its checklist, by phase id (dept_submit) or deadline date (2020-10-24)."""
    row = archive.conn.execute("SELECT * FROM snapshots WHERE phase_id=? OR as_of=? ORDER BY id LIMIT 1",
                               (phase_or_date, phase_or_date)).fetchone()
    if row is None:
        return None
    return {**_meta(row), "checklist": json.loads(row["data"])}


def _meta(row: sqlite3.Row) -> dict:
    summary = json.loads(row["data"])["summary"]
    return {"id": row["id"], "phase": row["phase_id"], "as_of": row["as_of"], "frozen_at": row["frozen_at"],
            "frozen_by": row["frozen_by"], "summary": {k: summary[k] for k in ("total", "by_status", "progress")}}
