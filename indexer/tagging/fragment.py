"""A paper cut short: its heading and opening kept, the rest lost (a copy that stopped, a page
pasted into a new file), so the text breaks off mid-sentence.

A reviewer files the material, not the first paragraph of it: a usage report that stops after
the money received, a note on grassland that stops before its figures. Known by how the text ends:
a prose line broken off without its full stop, or a section number with nothing after it, and no
signature or date below.
"""

from __future__ import annotations

import re

from .lines import tail_lines

_DANGLING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*$")
# prose (a sentence with its commas) ending on a character, not a table row, a field, a name list
_PROSE_CUT = re.compile(r"[\u4e00-\u9fff]$")
_FIELD = re.compile(r"[:：|]|\s{2,}|\t|抄送|联系人|电话|\d[\d.,]*\s*[\u4e00-\u9fff]{0,2}$")
_DATED = re.compile(r"(?:19|20)\d\d\s*[年.\-/]|[年月]\s*\d{1,2}\s*日|\d{1,2}\s*月\s*\d{1,2}\s*日")
MIN_CUT_LINE = 30  # a prose line at least this long that stops on a character, not a full stop


def fragment(pages: list[str]) -> str | None:
    """Why the document is a paper cut short (「正文在句中中断…」), or None."""
    lines = tail_lines("\n".join(pages), 2)  # the last line, and whether there is another
    if len(lines) < 2:
        return None
    last = lines[-1]
    if _DANGLING.match(last):
        return f"正文止于「{last}」，其后内容缺失"
    if (len(last) >= MIN_CUT_LINE and _PROSE_CUT.search(last) and "，" in last
            and not _FIELD.search(last) and not _DATED.search(last)):
        return f"正文在句中中断（「…{last[-12:]}」），其后内容缺失"
    return None
