"""A paper cut short: its heading and opening kept, the rest lost (a copy that stopped, a page
pasted into a new file), so the text breaks off mid-sentence.

A reviewer files the material, not the first paragraph of it: a usage report that stops after
the money received, a note on grassland that stops before its figures. Known by how the text ends:
a section number with nothing after it. (A long line ending without its full stop was tried too: the
extractors fold 「，」 to 「,」, so it never fired on extracted text, and on texts that keep it, it took
notes under tables and web excerpts for cut papers.)
"""

from __future__ import annotations

import re

from .lines import tail_lines

_DANGLING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*$")


def fragment(pages: list[str]) -> str | None:
    """Why the document is a paper cut short (「正文止于「一、」…」), or None."""
    lines = tail_lines("\n".join(pages), 2)  # the last line, and whether there is another
    if len(lines) < 2:
        return None
    last = lines[-1]
    if _DANGLING.match(last):
        return f"正文止于「{last}」，其后内容缺失"
    return None
