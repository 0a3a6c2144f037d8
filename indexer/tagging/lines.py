"""A page's first or last few non-blank lines, stripped, without stripping every line between.

Tagging and the document checks read a page's opening lines (heading, 文号, red header, addressee)
and its closing lines (落款, a reprint note) in a dozen places. Written as
`[ln.strip() for ln in text.splitlines() if ln.strip()][:n]` each strips every line of the page
twice to keep a few, and a workbook's page runs to hundreds of lines; these give the same lists
and stop once they have `n`.
"""

from __future__ import annotations

from itertools import islice


def head_lines(text: str, n: int) -> list[str]:
    """`[ln.strip() for ln in text.splitlines() if ln.strip()][:n]` (n ≥ 0)."""
    return list(islice(filter(None, map(str.strip, text.splitlines())), n))


def tail_lines(text: str, n: int) -> list[str]:
    """`[ln.strip() for ln in text.splitlines() if ln.strip()][-n:]` (n ≥ 1; that slice with n = 0
    is every line, which this gives too)."""
    if n <= 0:
        return [line for line in map(str.strip, text.splitlines()) if line][-n:]
    found = list(islice(filter(None, map(str.strip, reversed(text.splitlines()))), n))
    found.reverse()
    return found
