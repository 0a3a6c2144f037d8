"""Shared regex cache: catalogs are loaded once but tagged against thousands of documents.

Most catalog patterns are alternations of plain words, and most of them do not occur in a given
document; `required_literals` names words of which at least one must be in any text the pattern
matches, so a substring test (fast, in C) can rule a pattern out before the regex scans the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _c, _parser as _sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


@lru_cache(maxsize=4096)
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Words of which every match of `pattern` contains at least one; None when the pattern is
    not simple enough to tell (then it must always be run)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    need = _required(list(parsed))
    if not need or any(not lit for lit in need):
        return None
    return tuple(sorted(set(need), key=lambda s: (-len(s), s)))


def may_match(pattern: str, text: str) -> bool:
    """False when `pattern` cannot match anywhere in `text`: none of the words each of its matches
    holds occurs (`required_literals`). A few substring searches instead of running the regex,
    for a catalog's cues, most of which a document does not hold."""
    words = required_literals(pattern)
    return words is None or any(word in text for word in words)


_REPEATS = tuple(getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name))


def _required(items: list) -> list[str] | None:
    """A necessary disjunction of literals for this sequence of parsed items, or None."""
    options: list[list[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            options.append(["".join(run)])
            run = []
        if op is _c.BRANCH:
            union: list[str] = []
            for branch in arg[1]:
                part = _required(list(branch))
                if part is None:
                    union = []
                    break
                union.extend(part)
            if union:
                options.append(union)
        elif op is _c.SUBPATTERN:
            group, add_flags, del_flags, sub = arg
            if not add_flags and not del_flags:
                part = _required(list(sub))
                if part:
                    options.append(part)
        elif op in _REPEATS:
            low, _high, sub = arg
            if low >= 1:
                part = _required(list(sub))
                if part:
                    options.append(part)
        # anything else (classes, ANY, anchors, lookarounds, backreferences) requires nothing known
    if run:
        options.append(["".join(run)])
    if not options:
        return None
    # the most selective condition: longest shortest word, then fewest words
    return max(options, key=lambda words: (min(len(w) for w in words), -len(words)))
