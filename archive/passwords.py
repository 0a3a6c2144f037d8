"""The password policy for web accounts, sized for a county office: long enough to resist
online guessing (which the log-in throttle slows further), and none of the passwords that
appear first in every guessing list. Nothing more (no forced symbols or expiry): rules people
cannot remember end up on a note stuck to the monitor."""

from __future__ import annotations

import functools
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_DISTINCT = 4
POLICY_TEXT = f"密码至少 {MIN_LENGTH} 个字符，不能是常见密码（如 12345678、password、qwertyuiop），不能与用户名相同"


class WeakPassword(ValueError):
    """The password breaks the policy; the message (Chinese) says which rule."""


@functools.cache
def common_passwords() -> frozenset[str]:
    text = resources.files("archive").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password(password: str, name: str = "") -> None:
    """Raise WeakPassword unless `password` meets the policy."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"密码太短：至少 {MIN_LENGTH} 个字符（{POLICY_TEXT}）")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"密码太长：最多 {MAX_LENGTH} 个字符")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise WeakPassword("该密码属于常见密码，很容易被猜中，请换一个")
    if name and name.strip().lower() in (folded, folded[::-1]):
        raise WeakPassword("密码不能与用户名相同")
    if len(set(folded)) < MIN_DISTINCT:
        raise WeakPassword(f"密码过于简单：至少要有 {MIN_DISTINCT} 个不同的字符")
