"""Accounts of the people who use the web UI, kept in the archive's `users` table.

Three roles, because the assessment has three kinds of people: `admin` runs the system and
manages accounts; a `department` user belongs to one department folder and may only put
evidence into that folder; an `inspector` (the provincial check team) reads everything and
records the verdict on each duty. Passwords are stored only as werkzeug hashes.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from archive.errors import ArchiveError, NotFound
from archive.store import Archive, now

ROLES = ("admin", "department", "inspector")
ROLE_LABELS = {"admin": "管理员", "department": "部门用户", "inspector": "检查组"}
DEFAULT_ADMIN = "admin"
MIN_PASSWORD = 8
# Checked when the user does not exist, so a wrong name costs as long as a wrong password and
# response timing does not reveal which names are accounts.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class UserError(ArchiveError):
    """An account request that cannot be honoured (bad role, unknown department, duplicate)."""

    exit_code = 2


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    department: str | None
    disabled: bool
    created_at: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_review(self) -> bool:
        return self.role in ("admin", "inspector")

    def can_upload_to(self, department: str) -> bool:
        if self.role == "admin":
            return True
        return self.role == "department" and self.department == department

    def upload_departments(self, all_departments: list[str]) -> list[str]:
        return [d for d in all_departments if self.can_upload_to(d)]

    def can_tag(self, document_departments: list[str]) -> bool:
        """Department users may correct duty tags only on their own department's documents."""
        if self.role in ("admin", "inspector"):
            return True
        return self.role == "department" and self.department in document_departments

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role, "role_label": self.role_label,
                "department": self.department, "disabled": self.disabled, "created_at": self.created_at}


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["name"], row["role"], row["department"], bool(row["disabled"]), row["created_at"])


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def add_user(archive: Archive, name: str, role: str, *, department: str | None = None,
             password: str | None = None, departments: list[str] | None = None,
             actor: str | None = None) -> tuple[User, str | None]:
    """Create an account. Returns the user and the generated password when none was given (it
    exists nowhere else, so the caller must show it once)."""
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError("用户名不能为空，不能含空格，最长 64 个字符")
    if role not in ROLES:
        raise UserError(f"角色必须是 {' / '.join(ROLES)} 之一")
    if role == "department":
        if not department:
            raise UserError("部门用户必须指定所属部门（--department）")
        if departments is not None and department not in departments:
            raise UserError(f"未知部门：{department}（可选：{'、'.join(departments)}）")
    elif department:
        raise UserError("只有部门用户才绑定部门")
    generated = None
    if password is None:
        password = generated = generate_password()
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 个字符")
    with archive.transaction():
        if archive.conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
            raise UserError(f"用户已存在：{name}")
        cur = archive.conn.execute(
            "INSERT INTO users (name, password_hash, role, department, created_at) VALUES (?,?,?,?,?)",
            (name, generate_password_hash(password), role, department, now()),
        )
        archive.audit(actor, "user.add", {"name": name, "role": role, "department": department})
    return get_user(archive, cur.lastrowid), generated


def get_user(archive: Archive, user_id: int) -> User:
    row = archive.conn.execute("SELECT * FROM users WHERE id=?", (user_id,)).fetchone()
    if row is None:
        raise NotFound(f"no user {user_id}")
    return _user(row)


def find_user(archive: Archive, name: str) -> User | None:
    row = archive.conn.execute("SELECT * FROM users WHERE name=?", (name,)).fetchone()
    return _user(row) if row is not None else None


def list_users(archive: Archive) -> list[User]:
    return [_user(r) for r in archive.conn.execute("SELECT * FROM users ORDER BY id")]


def authenticate(archive: Archive, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (never says which part was wrong)."""
    row = archive.conn.execute("SELECT * FROM users WHERE name=?", ((name or "").strip(),)).fetchone()
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(row["password_hash"], password or "") or row["disabled"]:
        return None
    return _user(row)


def set_disabled(archive: Archive, name: str, disabled: bool, actor: str | None = None) -> User:
    user = find_user(archive, name)
    if user is None:
        raise NotFound(f"用户不存在：{name}")
    if disabled and user.role == "admin":
        active_admins = [u for u in list_users(archive) if u.role == "admin" and not u.disabled]
        if len(active_admins) <= 1:
            raise UserError("不能停用最后一个管理员")
    with archive.transaction():
        archive.conn.execute("UPDATE users SET disabled=? WHERE id=?", (int(disabled), user.id))
        archive.audit(actor, "user.disable" if disabled else "user.enable", {"name": name})
    return get_user(archive, user.id)


def set_password(archive: Archive, name: str, password: str, actor: str | None = None) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 个字符")
    user = find_user(archive, name)
    if user is None:
        raise NotFound(f"用户不存在：{name}")
    with archive.transaction():
        archive.conn.execute("UPDATE users SET password_hash=? WHERE id=?",
                             (generate_password_hash(password), user.id))
        archive.audit(actor, "user.password", {"name": name})


def ensure_admin(archive: Archive, password: str | None = None) -> tuple[User, str | None] | None:
    """On first run (no accounts at all) create `admin`. Returns (user, generated password or
    None when `password` was supplied), or None when accounts already exist."""
    if archive.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return None
    return add_user(archive, DEFAULT_ADMIN, "admin", password=password, actor="system")
