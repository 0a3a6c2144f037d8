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
from archive.passwords import WeakPassword, check_password
from archive.store import Archive, now

ROLES = ("admin", "department", "inspector")
ROLE_LABELS = {"admin": "管理员", "department": "部门用户", "inspector": "检查组"}
DEFAULT_ADMIN = "admin"
# Checked when the user does not exist, so a wrong name costs as long as a wrong password and
# response timing does not reveal which names are accounts. A fixed hash (of "not-a-real-password",
# made with werkzeug's default method, the one new passwords get): computing it at import cost
# every command that imports this module, `evidence scan` included, 0.37 CPU s of scrypt.
_DUMMY_HASH = ("scrypt:32768:8:1$HSiOPp3YVgdeWT7b$3d6452c76cf57d3458ed950a9e94412a17d68dc2397fef87810dc62e48d0e"
               "de4c5d5d9cae23fa8611f6bd80e0ac27b05784bcb932baa9641674ff00090165280")


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
    session_epoch: int = 0
    province: bool = False                  # a province-wide account (archive.province), not this county's
    counties: tuple[str, ...] | None = None  # a province account's counties; None: every county

    @property
    def role_label(self) -> str:
        label = ROLE_LABELS.get(self.role, self.role)
        return f"省级{label}" if self.province else label

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

    def can_tag(self, duty_department_names: tuple[str, ...]) -> bool:
        """Whether this user may add or remove a duty's tag, given the names of the department
        that owns the duty. A department user corrects the evidence of its own duties only: where
        copies of a document happen to sit says nothing about whose evidence it is (anyone can
        upload another department's file into their own folder)."""
        if self.role in ("admin", "inspector"):
            return True
        return self.role == "department" and self.department in duty_department_names

    def as_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "role": self.role, "role_label": self.role_label,
               "department": self.department, "disabled": self.disabled, "created_at": self.created_at}
        if self.province:
            out.update(province=True, counties=None if self.counties is None else list(self.counties))
        return out


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["name"], row["role"], row["department"], bool(row["disabled"]), row["created_at"],
                row["session_epoch"])


def _checked_password(password: str, name: str) -> str:
    try:
        check_password(password, name)
    except WeakPassword as exc:
        raise UserError(str(exc)) from None
    return password


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def valid_name(name: str) -> str:
    """The account name stripped, or UserError when it is empty, too long or holds spaces."""
    name = (name or "").strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError("用户名不能为空，不能含空格，最长 64 个字符")
    return name


def add_user(archive: Archive, name: str, role: str, *, department: str | None = None,
             password: str | None = None, departments: list[str] | None = None,
             actor: str | None = None) -> tuple[User, str | None]:
    """Create an account. Returns the user and the generated password when none was given (it
    exists nowhere else, so the caller must show it once)."""
    name = valid_name(name)
    if role not in ROLES:
        raise UserError(f"角色必须是 {' / '.join(ROLES)} 之一")
    if role == "department":
        if not department:
            raise UserError("部门用户必须指定所属部门")
        if departments is not None and department not in departments:
            raise UserError(f"未知部门：{department}（可选：{'、'.join(departments)}）")
    elif department:
        raise UserError("只有部门用户才绑定部门")
    generated = None
    if password is None:
        password = generated = generate_password()
    _checked_password(password, name)
    with archive.transaction():
        if archive.conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone():
            raise UserError(f"用户已存在：{name}")
        if province_account_named(archive, name):
            raise UserError(f"用户名 {name} 已是省级账号，请换一个名字")
        cur = archive.conn.execute(
            "INSERT INTO users (name, password_hash, role, department, created_at) VALUES (?,?,?,?,?)",
            (name, generate_password_hash(password), role, department, now()),
        )
        archive.audit(actor, "user.add", {"name": name, "role": role, "department": department})
    return get_user(archive, cur.lastrowid), generated


def province_account_named(archive: Archive, name: str) -> bool:
    """Whether the deployment's province accounts (archive.province, beside the county's schema on
    the same PostgreSQL) have this name: a county account of that name would shadow it here."""
    from archive.province import SCHEMA
    from archive.sql import POSTGRESQL, dialect, quote_ident

    if dialect(archive.conn) != POSTGRESQL:
        return False
    if archive.conn.execute("SELECT to_regclass(?) IS NULL", (f"{quote_ident(SCHEMA)}.accounts",)).fetchone()[0]:
        return False
    return archive.conn.execute(f"SELECT 1 FROM {quote_ident(SCHEMA)}.accounts WHERE name = ?",
                                (name,)).fetchone() is not None


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
    return _user(row) if password_matches(row, password) else None


def password_matches(row, password: str) -> bool:
    """An account row (None: no such account) of an enabled account with this password; one
    password hash is checked either way, so a wrong name costs as long as a wrong password."""
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return False
    return check_password_hash(row["password_hash"], password or "") and not row["disabled"]


def set_disabled(archive: Archive, name: str, disabled: bool, actor: str | None = None) -> User:
    user = find_user(archive, name)
    if user is None:
        raise NotFound(f"用户不存在：{name}")
    if disabled and user.role == "admin":
        if len(enabled_admins(archive)) <= 1:
            raise UserError("不能停用最后一个管理员")
    with archive.transaction():
        # Both directions end the old sessions: re-enabling an account must not revive a cookie
        # someone kept from before it was disabled.
        archive.conn.execute("UPDATE users SET disabled=?, session_epoch=session_epoch+1 WHERE id=?",
                             (int(disabled), user.id))
        archive.audit(actor, "user.disable" if disabled else "user.enable", {"name": name})
    return get_user(archive, user.id)


def set_password(archive: Archive, name: str, password: str | None = None, actor: str | None = None,
                 audit_action: str = "user.password") -> tuple[User, str | None]:
    """Give the account a new password (a generated one when None, returned so the caller can
    show it once) and end every session it has open."""
    user = find_user(archive, name)
    if user is None:
        raise NotFound(f"用户不存在：{name}")
    generated = None
    if password is None:
        password = generated = generate_password()
    _checked_password(password, name)
    with archive.transaction():
        archive.conn.execute("UPDATE users SET password_hash=?, session_epoch=session_epoch+1 WHERE id=?",
                             (generate_password_hash(password), user.id))
        archive.audit(actor, audit_action, {"name": name})
    return get_user(archive, user.id), generated


def change_own_password(archive: Archive, user: User, current: str, new: str) -> User:
    """A user replacing their own password must prove they know the current one."""
    if authenticate(archive, user.name, current) is None:
        raise UserError("当前密码不正确")
    if new == current:
        raise UserError("新密码不能与当前密码相同")
    return set_password(archive, user.name, new, actor=user.name)[0]


def end_sessions(archive: Archive, user_id: int) -> None:
    """Every session cookie issued to this user so far stops working (log-out)."""
    with archive.transaction():
        archive.conn.execute("UPDATE users SET session_epoch=session_epoch+1 WHERE id=?", (user_id,))


def session_user(archive: Archive, user_id: object, epoch: object) -> User | None:
    """The user a session cookie names, if that session is still valid: the account exists, is
    enabled, and has not ended its sessions since the cookie was issued."""
    return current_session(lambda: get_user(archive, user_id), user_id, epoch)


def current_session(load, user_id: object, epoch: object) -> User | None:
    """The account `load()` reads (NotFound when gone) if a cookie naming `user_id` at `epoch`
    is still its session: enabled, and no log-out, disabling or password change since."""
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        return None
    try:
        user = load()
    except NotFound:
        return None
    if user.disabled or user.session_epoch != epoch:
        return None
    return user


def enabled_admins(archive: Archive) -> list[User]:
    return [u for u in list_users(archive) if u.role == "admin" and not u.disabled]


def free_admin_name(archive: Archive) -> str:
    """`admin`, or `admin2`, `admin3`… when a department took that name first."""
    name, n = DEFAULT_ADMIN, 1
    while find_user(archive, name) is not None:
        n += 1
        name = f"{DEFAULT_ADMIN}{n}"
    return name


def ensure_admin(archive: Archive, password: str | None = None) -> tuple[User, str | None] | None:
    """Make sure the home has an enabled admin: when there is none (first run, or only
    department accounts were created before it), create one. Returns (user, generated password
    or None when `password` was supplied), or None when an enabled admin already exists.
    Raises UserError when `password` breaks the policy."""
    if enabled_admins(archive):
        return None
    return add_user(archive, free_admin_name(archive), "admin", password=password, actor="system")
