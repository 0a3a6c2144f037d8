"""Files outside every department folder (「未归属部门」): listed so someone moves them, and
assignable to a department by an admin when moving is not an option. The assignment is kept by
path, so the file's later versions keep the department."""

from __future__ import annotations

from archive.errors import ArchiveError, NotFound
from archive.store import Archive, now

UNKNOWN = "unknown"
UNKNOWN_LABEL = "未归属部门"


class AssignmentError(ArchiveError):
    exit_code = 2


def assigned_department(archive: Archive, path: str) -> str | None:
    row = archive.conn.execute("SELECT department FROM department_assignments WHERE path=?", (path,)).fetchone()
    return row["department"] if row else None


def unassigned_files(archive: Archive) -> list[dict]:
    """Files in the share now whose department nobody knows, newest first."""
    rows = archive.conn.execute(
        "SELECT l.path, l.document_id, l.first_seen, d.status FROM locations l JOIN documents d ON d.id=l.document_id"
        " WHERE l.department=? AND l.removed_at IS NULL AND l.superseded_at IS NULL"
        " ORDER BY l.first_seen DESC, l.path", (UNKNOWN,)).fetchall()
    return [{"path": r["path"], "id": r["document_id"], "since": r["first_seen"], "status": r["status"]} for r in rows]


def assign_department(archive: Archive, path: str, department: str, actor: str, known: set[str]) -> None:
    """Give the file at `path` (and its later versions) to `department`, one of `known`."""
    if department not in known:
        raise AssignmentError(f"未知部门：{department}")
    with archive.transaction():
        found = archive.conn.execute(
            "SELECT document_id FROM locations WHERE path=? AND department=? AND removed_at IS NULL"
            " AND superseded_at IS NULL", (path, UNKNOWN)).fetchone()
        if found is None:
            raise NotFound(f"找不到未归属部门的文件：{path}")
        archive.conn.execute(
            "INSERT INTO department_assignments (path, department, actor, at) VALUES (?,?,?,?)"
            " ON CONFLICT(path) DO UPDATE SET department=excluded.department, actor=excluded.actor, at=excluded.at",
            (path, department, actor, now()))
        archive.conn.execute("UPDATE locations SET department=? WHERE path=? AND department=?",
                             (department, path, UNKNOWN))
        archive.conn.execute("UPDATE documents SET index_dirty=1 WHERE id=?", (found["document_id"],))
        archive.audit(actor, "location.assign", {"path": path, "department": department})
