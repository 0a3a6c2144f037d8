"""One base for every error a command reports as a Chinese message and an exit code.

The CLI catches `EvidenceError` alone: a subclass says what went wrong (its message, shown as
is) and how the command ends (`exit_code`: 2 usage or not found, 3 configuration, 4 archive or
storage, 5 search index unavailable). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """An expected failure of a command; the message is for the person who ran it."""

    exit_code = 1


class ConfigError(EvidenceError):
    """`evidence.toml` (or the assessment catalog it names) is unreadable or holds an invalid
    value or an unknown key."""

    exit_code = 3
