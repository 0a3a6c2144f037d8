"""Years and dates in Chinese government documents.

A duty asks for material about particular years, so the tagger needs the years a document is
*about*, not every year it prints: 文号 of cited rules, 《…（2014）》 titles and standard numbers
(GB 3838-2002) are citations; the 落款 date is when it was issued.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .heading import heading
from .lines import head_lines
from .matching import compiled
from .ocr_digits import ocr_digits

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二三四五六七八九"
_CN_NUM = "一二三四五六七八九十"

_YEAR_FLOOR, _YEAR_CEIL = 1949, 2100
_RANGE_SEP = r"\s*(?:-|—|–|－|~|～|至|到)\s*"

ARABIC_RANGE = re.compile(r"(?<![\d.\-/])((?:19|20)\d{2})\s*年?(?:度)?" + _RANGE_SEP + r"((?:19|20)\d{2})\s*年")
ARABIC_YEAR = re.compile(
    r"(?<![\d.\-/])((?:19|20)\d{2})\s*(?:年|(?=[-./]\d{1,2}[-./]\d{1,2}(?!\d)))")
CN_YEAR = re.compile(rf"([{_CN}]{{4}})\s*年")

ARABIC_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-./](\d{1,2})[-./](\d{1,2})(?!\d))")
CN_DATE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([{_CN_NUM}]{{1,3}})\s*月\s*([{_CN_NUM}]{{1,3}})\s*日")
_DATE_LABEL = r"(?:(?:验收|编制|填报|印发|签发|成文)?日期\s*[:：]?\s*)?"
_SEAL = r"\s*(?:[（(]\s*(?:盖章|印章|公章)\s*[)）])?"

# a date under a heading (「（2021年3月9日）」) or a speech's 「——2021年9月24日在…会议上」 dates the paper, not its subject
HEAD_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}")
# a year given as a field (「年份：2020」「数据年份：2019」「填报年度：2019」), as tables and web pages state it
LABELLED_YEAR = re.compile(r"(?:年份|年度)\s*[:：]\s*((?:19|20)\d{2})(?!\d)")
# when a screen was captured or a file printed or exported: a stamp of the copy, not its subject
_STAMPED = r"(?:时间|日期)\s*[:：]\s*[\d\-./年月日:： ]{4,24}"  # 「…时间：2020-10-11 16:05」
COPY_STAMP = re.compile(r"(?:截图|截屏|打印|导出|下载|生成)" + _STAMPED)
# when a form was filled in (「填表日期：2019年9月20日」): the year it was filled, not the year its figures are
# for, unless the form names no other year
FILL_STAMP = re.compile(r"(?:填表|填报|制表)" + _STAMPED)
# a design's or plan's horizon (「近期（2020年）处理规模500 m³/d，远期（2030年）…」): the years it plans for,
# not the years the paper is about
HORIZON = re.compile(r"(?:近期|中期|远期|规划期末|设计水平年|规划水平年|目标年)\s*[（(：:]?\s*(?:至|到)?\s*(?:19|20)\d{2}\s*年?\s*[)）]?")

# a file named by the scanner app or camera that made it (「扫描全能王 2020-10-11 16.05」,
# 「IMG_20201016_093512」): when the copy was made, not what it is about
CAPTURE_NAME = re.compile(r"(?:19|20)\d{2}[-_.]\d{1,2}[-_.]\d{1,2}[ _]\d{1,2}[.:：]\d{2}(?:[.:：]\d{2})?"
                          r"|(?:IMG|VID|PXL|DSC|Screenshot|mmexport|微信图片)[_-]?(?:19|20)\d{6}"
                          # a camera's running number (「IMG_2035」「DSC_2019」「DJI_0012」) is no year
                          r"|(?:IMG|VID|DSCN?|DJI|PXL)[_-]?\d{3,5}(?!\d)")

# citations whose years are not what the document is about
CITATION_SPANS = (
    re.compile(r"《[^《》]{0,120}》"),
    re.compile(r"[（(][^（）()]{0,80}〔(?:19|20)\d{2}〕[^（）()]{0,40}[)）]"),
    re.compile(r"[A-Z]{1,4}(?:/T)?\s*\d{1,6}\s*[-—]\s*(?:19|20)\d{2}"),
)


CITED_NUMBER_YEAR = re.compile(r"[〔\[［【]((?:19|20)\d{2})[〕\]］】]")
SENTENCE = re.compile(r"[。；;\n]")
LEGAL_BASIS = re.compile(r"\s*(?:[一二三四五六七八九十]+、|\d+[.、])?\s*(?:根据|按照|依据|遵照|依照|为贯彻|贯彻)")


def cn_year(text: str) -> int | None:
    """二〇一九 / 二零一九 -> 2019 (digit-by-digit, the way years are written)."""
    if len(text) != 4 or any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def cn_number(text: str) -> int | None:
    """一..三十一 as used for months and days (十二, 二十一, 三十)."""
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = 1 if tens == "" else CN_DIGITS.get(tens)
    o = 0 if ones == "" else CN_DIGITS.get(ones)
    if t is None or o is None or len(tens) > 1 or len(ones) > 1:
        return None
    return t * 10 + o


@dataclass(frozen=True)
class DateHit:
    iso: str
    year: int
    start: int
    end: int


def _valid(y: int, m: int, d: int) -> bool:
    return _YEAR_FLOOR <= y <= _YEAR_CEIL and 1 <= m <= 12 and 1 <= d <= 31


def find_dates(text: str) -> list[DateHit]:
    """All full dates (year, month, day) in Arabic or Chinese numerals, in text order."""
    hits: list[DateHit] = []
    for m in ARABIC_DATE.finditer(text):
        y = int(m.group(1))
        mo, d = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        if _valid(y, int(mo), int(d)):
            hits.append(DateHit(f"{y:04d}-{int(mo):02d}-{int(d):02d}", y, m.start(), m.end()))
    for m in CN_DATE.finditer(text):
        y, mo, d = cn_year(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3))
        if y and mo and d and _valid(y, mo, d):
            hits.append(DateHit(f"{y:04d}-{mo:02d}-{d:02d}", y, m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in ``text`` (二〇一九年十月十二日, 2019年10月12日, 2019-10-12)."""
    hits = find_dates(text)
    return hits[0].iso if hits else None


def issue_date_line(pages: list[str]) -> tuple[int, int, str] | None:
    """(page index, line index, iso) of the 落款 date: the last line that is only a date."""
    line_re = re.compile(rf"^{_DATE_LABEL}(.+?){_SEAL}$")
    for p in range(len(pages) - 1, -1, -1):
        lines = pages[p].splitlines()
        for li in range(len(lines) - 1, -1, -1):
            line = lines[li].strip()
            if not line or len(line) > 24:
                continue
            m = line_re.match(line)
            if not m:
                continue
            core = m.group(1).strip()
            hits = find_dates(core)
            if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(core):
                return p, li, hits[0].iso
    return None


def years_in(text: str) -> list[int]:
    """Years written as 'YYYY年', 'YYYY年度', ISO dates, Chinese numerals or ranges (2019—2020年)."""
    found: set[int] = set()
    text = ocr_digits(text)  # 「2O20年」
    for m in ARABIC_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 10:
            found.update(range(a, b + 1))
    for m in ARABIC_YEAR.finditer(text):
        found.add(int(m.group(1)))
    for m in CN_YEAR.finditer(text):
        y = cn_year(m.group(1))
        if y:
            found.add(y)
    for m in LABELLED_YEAR.finditer(text):
        found.add(int(m.group(1)))
    return sorted(y for y in found if _YEAR_FLOOR <= y <= _YEAR_CEIL)


# a file name's bare year (「运营年报2019」「转移支付使用表2020」), not a 文号's 〔2019〕 nor a date stamp
# nor a number written over (「CMA 2019xxxxxxxx」, a certificate number masked for publication)
BARE_YEAR = re.compile(r"(?<![\d〔\[［【(（.\-/])(20[0-4]\d)(?![\d〕\]］】)）.\-/xX×*＊])")


# a year alone in brackets (「土地利用信息表（2018）」): the table's year
BRACKET_YEAR = re.compile(r"[（(]\s*(20[0-4]\d)\s*[)）]")


# a table's period in brackets without 年 (「农业主要指标(2020-2021)」), as yearbooks title their tables
BRACKET_RANGE = re.compile(r"[（(]\s*((?:19|20)\d{2})" + _RANGE_SEP + r"((?:19|20)\d{2})\s*[)）]")


def _bare_years(title: str) -> list[int]:
    found = {int(m.group(1)) for m in BARE_YEAR.finditer(title)}
    found.update(int(m.group(1)) for m in BRACKET_YEAR.finditer(title))
    for m in BRACKET_RANGE.finditer(title):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 10:
            found.update(range(a, b + 1))
    return sorted(found)


def strip_citations(text: str, keep_book_titles: bool = False) -> str:
    """Blank out citations; a title's own 《…》 is the subject, not a citation."""
    for rx in CITATION_SPANS[1:] if keep_book_titles else CITATION_SPANS:
        text = rx.sub(" ", text)
    return text


# the next year's plan joined to a summary (「2020年工作总结及2021年工作计划」「工作总结暨2021年工作打算」):
# the summary is about the year before the plan's
NEXT_YEAR_PLAN = re.compile(r"(?<=总结)\s*(?:及|和|暨|与|、|并)\s*((?:19|20)\d{2})\s*年度?[\u4e00-\u9fff]{0,8}?"
                            r"(?:计划|思路|打算|安排|要点)")


def _summary_title_years(title: str) -> list[int] | None:
    """A summary's years when its title joins the next year's plan, else None."""
    m = NEXT_YEAR_PLAN.search(title)
    if not m:
        return None
    rest = strip_citations(title[:m.start()] + title[m.end():], keep_book_titles=True)
    return years_in(rest) or _bare_years(rest) or [int(m.group(1)) - 1]


# a plan named for its span (「…三年行动实施方案」「…五年行动计划」) runs from the year it is issued
SPAN_PLAN = re.compile(r"([三五])年(?:行动|攻坚|计划)[\u4e00-\u9fff]{0,6}(?:方案|计划)")


def document_years(title: str, pages: list[str], doc_number_year: int | None = None,
                   head: str | None = None, round_name: str = "") -> list[int]:
    """Years the document is about (see `_document_years`); a plan named for its span of years
    and dated by one year covers that span from it. `head`: the first page's heading, when the
    caller has read it already. `round_name`: the assessment's name, whose rounds are named by a
    year (「2019年度国家重点生态功能区县域考核」 assessed 2018's work): such a year names the round,
    not the years the paper is about, and is left out."""
    head = heading(pages) if head is None else head
    if round_name:
        title, head = _without_round(title, round_name), _without_round(head, round_name)
    years = _document_years(title, pages, doc_number_year, head)
    m = SPAN_PLAN.search(title)
    if m and len(years) == 1:
        return list(range(years[0], years[0] + CN_DIGITS[m.group(1)]))
    return years


def _without_round(text: str, round_name: str) -> str:
    """`text` without its rounds' years when it names other years too (「2018年度土地利用信息表（2019年
    考核报送）」 is 2018's table); a paper naming only the round (the round's own plan, 「关于2020年度县域
    考核工作的自查报告」) is that round's."""
    rest = compiled(r"(?<![\d〔\[［【])(?:19|20)\d{2}\s*年度?\s*(?=(?:" + round_name + "))").sub(" ", text)
    return rest if _named_years(rest) else text


def _named_years(text: str) -> list[int]:
    """The years a title or a heading names: a summary's before the plan joined to it, else its
    written years (citations aside), else its bare ones (「运营年报2019」)."""
    return (_summary_title_years(text) or years_in(strip_citations(text, keep_book_titles=True))
            or _bare_years(text))


def _document_years(title: str, pages: list[str], doc_number_year: int | None, head: str) -> list[int]:
    """Years the document is about: the heading's when it names years the file's name does not
    (a clerk typed the name, or it says nothing: 「新建 DOC 文档 (4)」), else the title's, else the
    body's (citations and the 落款 line removed), else the issue year, else the 文号 year."""
    title = CAPTURE_NAME.sub(" ", title)
    title_years = _named_years(title)
    head = HEAD_DATE.sub(" ", head)
    head_years = _named_years(head) if head.strip() and not head.lstrip().startswith("—") else []
    if head_years and not set(head_years) & set(title_years):
        return head_years  # the file's name was typed by a clerk, or says nothing; its own heading says what it is
    stated = _stated_year(pages)
    if stated and stated not in title_years:
        return [stated]  # 「（核算年度：2019年）」 under a heading without a year, in a file named for 2020
    if title_years:
        return title_years
    issued = issue_date_line(pages)
    body_pages = list(pages)
    if issued:
        p, li, _ = issued
        lines = body_pages[p].splitlines()
        lines[li] = ""
        body_pages[p] = "\n".join(lines)
    body = HORIZON.sub(" ", COPY_STAMP.sub(" ", strip_citations("\n".join(body_pages))))
    body_years = years_in(FILL_STAMP.sub(" ", body)) or years_in(body)
    if body_years and issued and max(body_years) < int(issued[2][:4]) - HISTORY_GAP:
        # a 2020 approval recalling that the landfill was built in 2009 is about 2020 too
        return sorted({*body_years, int(issued[2][:4])})
    if body_years:
        return body_years
    if issued:
        return [int(issued[2][:4])]
    if doc_number_year:
        return [doc_number_year]
    # undated (a page opening kept without its 落款): no older than the newest paper of its own
    # chain it cites (a 请示, a 预审意见); the rules it is based on (「根据…」) may be years older
    cited = [int(m.group(1)) for sentence in SENTENCE.split("\n".join(pages)) if not LEGAL_BASIS.match(sentence)
             for m in CITED_NUMBER_YEAR.finditer(sentence)]
    return [max(cited)] if cited else []


# a field near the top stating the year the figures are for (「核算年度：2019年」「数据年度：2019」
# 「数据时点：2019年12月31日」)
DATA_YEAR = re.compile(r"(?:核算|数据|统计|填报|报告)年度\s*[:：]?\s*(20\d\d)|数据时点\s*[:：]?\s*(20\d\d)")
DATA_YEAR_LINES = 6


def _stated_year(pages: list[str]) -> int | None:
    """The year a field in the first page's opening lines says the figures are for, or None."""
    first = next((p for p in pages if p.strip()), "")
    for line in head_lines(first, DATA_YEAR_LINES):
        m = DATA_YEAR.search(line)
        if m:
            return int(m.group(1) or m.group(2))
    return None


HISTORY_GAP = 1  # body years this much older than the 落款 are history the paper recalls

PLACEHOLDER_YEAR = re.compile(r"20(?:[xX×＿_]{2}|[xX×]\d|\d[xX×])\s*年|(?<![\d一-龥])[xX×]{2}\s*年\s*[xX×\d]{1,2}\s*月")


def placeholder_year(text: str) -> str | None:
    """A year left as a placeholder (「20xx年」「20_年」): a template or a blanked copy, which
    cannot be placed in any duty's years."""
    m = PLACEHOLDER_YEAR.search(text)
    return m.group(0) if m else None
