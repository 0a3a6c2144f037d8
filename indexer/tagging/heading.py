"""The document's own heading, for when the file name says nothing (扫描件003, 新建文档(2)).

Clerks save files under any name; the title a reviewer reads is the heading on the first page.
The red-header lines above it (「XX局文件」, the 文号, the issuer alone) are skipped, and a heading
broken over two or three lines is joined.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .docnumber import DOC_NUMBER
from .lines import head_lines

HEAD_LINES = 8
MAX_LINE = 60
MAX_HEADING = 90
MAX_LONG_TITLE = 140  # 「…关于印发《(a long plan title)》的通知」 on one line is still a heading
_SPACED = re.compile(r"(?<=[\u4e00-\u9fff0-9])\s+(?=[\u4e00-\u9fff0-9])")
_HEADER = re.compile(r"(?:文件|公文|签发|密级|紧急程度|特急|加急|平件|打印|第\s*\d+\s*页)")
_ISSUER_ONLY = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,24}(?:局|厅|部|院|队|委员会|委|政府|办公室|办|中心|站|公司|人民代表大会常务委员会)$")
_ADDRESSEE = re.compile(r"[:：]$")
# a web page's or a system's navigation line (「门户网站 > 政务公开 > 通知公告」) says where the page
# sits; the paper's own heading follows it, and only a page without one is read by its place
_CRUMBS = re.compile(r"\s[>＞»›]\s|[>＞»›][^>＞»›]{1,24}[>＞»›]")
_PROSE = re.compile(r"[。；：:，,]|^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")
_NOTE = re.compile(r"[（(][^（）()]{0,16}[)）]$")  # 「（初稿，供参考）」 after a heading is not prose
# a table's title line often carries its unit (「…土地利用信息表      单位：公顷」, run together once the
# extractors close the gap): a field, not prose
_UNIT_TAIL = re.compile(r"(?:\s+|(?<=[表账册]))(?:计量)?单位\s*[:：]\s*[^\s:：]{1,8}\s*$")
_TITLE_END = re.compile(r"(?:通知|报告|批复|复函|说明|意见|决议|方案|总结|函|表|台账|记录|纪要|公示|公告|清单)"
                        r"(?:[（(][^（）()]{0,12}[)）])?$")


def heading(pages: list[str]) -> str:
    """The first page's heading lines joined, or "" when the text starts with prose."""
    first = next((p for p in pages if p.strip()), "")
    lines: list[str] = []
    crumbs = ""
    for raw in head_lines(first, HEAD_LINES):
        unit = _UNIT_TAIL.search(raw)  # the unit closes a table's title: its column heads follow
        line = _SPACED.sub("", raw[:unit.start()] if unit else raw)
        if (_ADDRESSEE.search(line) or _PROSE.search(_NOTE.sub("", line))
                or len(line) > MAX_LINE and not (len(line) <= MAX_LONG_TITLE and _TITLE_END.search(line))):
            break
        if _CRUMBS.search(raw) and not lines:
            crumbs = crumbs or line
            continue
        if (DOC_NUMBER.fullmatch(line) or _HEADER.search(line) and len(line) <= 20
                or (_ISSUER_ONLY.match(line) and not lines)):
            if lines:
                break
            continue
        lines.append(line)
        if unit or len("".join(lines)) >= MAX_HEADING or _TITLE_END.search(line):
            break
    return ("".join(lines) or crumbs)[:MAX_HEADING]


_CONTENTS = re.compile(r"^目\s*录$")
_ENTRY = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|附件\s*\d*[:：、]?)\s*")
MAX_ENTRIES = 12


def contents_entries(pages: list[str]) -> list[str]:
    """The entries of a table of contents (「目录」) on the first page: the titles of the documents a
    bound set carries, which a reviewer reads as that many titles."""
    first = next((p for p in pages if p.strip()), "")
    lines = head_lines(first, HEAD_LINES + MAX_ENTRIES)  # the 目录 line is among the first HEAD_LINES
    start = next((i for i, ln in enumerate(lines[:HEAD_LINES]) if _CONTENTS.match(ln)), None)
    if start is None:
        return []
    entries: list[str] = []
    for line in lines[start + 1:start + 1 + MAX_ENTRIES]:
        m = _ENTRY.match(line)
        if not m:
            break
        entries.append(line[m.end():].strip())
    return entries


# a page that opens an attachment: 「附件1」 alone on its line, 「附件2：关于…的批复」 or 「附件1  核算表」
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*[\d\-－]*\s*(?:(?:[:：]|(?<=\d)[ \t\u3000]+)\s*(.*?))?\s*$")
RED_HEADER_LINES = 3
MIN_OWN_HEADING = 8
_HANDING_IN = re.compile(r"报送|提交|呈报|上报|转报|补报")  # a letter handing papers in


_LISTED = re.compile(r"^\s*附\s*件\s*\d*\s*[:：]\s*(.+)$")
_LIST_ITEM = re.compile(r"(?:^|[；;，,\s])(?:\d+\s*[.、．]\s*)?《?([^《》；;，,]{6,60}?)》?(?=$|[；;，,]|\s+\d+\s*[.、．])")
_ATTACHMENT_WORD = re.compile(r"附\s*件")  # what every _LISTED line holds before it is unspaced
LISTED_PREFIX = 10  # characters of a listed attachment's name that, on a later heading line, show it follows
MIN_LISTED = 6
_HOME_PREFIX = re.compile(r"^(?:柳州市)?(?:融水苗族自治县|融水县)")


def attachment_headings(pages: list[str]) -> list[str]:
    """The headings of the papers attached behind the first page (a rectification form with the
    approval it cites as 「附件1」, a letter with its report, a covering letter with the approval
    behind it under its own red header and 文号), or pasted below the letter's 「附件：…」 line on the
    same page: a reviewer reads each as a title."""
    return list(_attachment_headings(tuple(pages)))


@lru_cache(maxsize=2)
def _attachment_headings(pages: tuple[str, ...]) -> tuple[str, ...]:
    """`attachment_headings`, remembered for the last pages asked about: tagging asks twice per
    document (is it a meta paper with attachments, and which titles do its parts carry)."""
    heads: list[str] = _listed_and_following(list(pages))
    handing_in = len(pages) > 1 and bool(_HANDING_IN.search(heading(pages[:1])))
    for page in pages[1:]:
        lines = [ln for ln in page.splitlines() if ln.strip()]
        m = _ATTACHMENT.match(lines[0]) if lines else None
        if m:
            head = (m.group(1) or "").strip() or heading(["\n".join(lines[1:])])
        elif any(_red_header(ln) for ln in lines[:RED_HEADER_LINES]):
            head = heading([page])
        elif handing_in and len(own := heading([page])) >= MIN_OWN_HEADING and _TITLE_END.search(own):
            head = own  # the paper a letter hands in, behind it under its own heading (「…工程竣工验收报告」)
        else:
            continue
        if head:
            heads.append(head)
    return tuple(heads)


def _red_header(line: str) -> bool:
    """An issuer's line or a 文号 alone: the top of an official paper."""
    line = _SPACED.sub("", line.strip())
    return bool(DOC_NUMBER.fullmatch(line) or _ISSUER_ONLY.match(line) or line.endswith("文件") and len(line) <= 30)


def _listed_and_following(pages: list[str]) -> list[str]:
    """Papers named on the letter's 「附件：1.…」 line that follow it, on its page or the next ones, under
    their own name (a heading line holding the name, its place prefix set aside, not the 落款).
    Text without 「附件」 (spaced or not) has no such line, so it is not split and unspaced line by
    line: a workbook's sheets run to hundreds of lines, and this is asked twice per document."""
    text = "\n".join(pages)
    if not _ATTACHMENT_WORD.search(text):
        return []
    lines = [_SPACED.sub("", ln.strip()) for ln in text.splitlines() if ln.strip()]
    found: list[str] = []
    for i, line in enumerate(lines):
        m = _LISTED.match(line)
        if not m:
            continue
        for name in (n.strip() for n in _LIST_ITEM.findall(m.group(1))):
            key = _HOME_PREFIX.sub("", name)[:LISTED_PREFIX]
            if len(key) >= MIN_LISTED and any(key in later for later in lines[i + 1:] if len(later) <= MAX_LINE):
                found.append(name)
    return found
