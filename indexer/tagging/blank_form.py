"""A blank form: the table a return asks for, with its rows and columns but none of its figures.

Departments file the template they were sent (「县域基本情况表」 with only its row labels, a
weighbridge ledger with numbered empty rows) beside or instead of the filled return. It names every
indicator a duty asks for, so by its words it looks like the return; a reviewer sees at once that
nothing is filled in. Known by what is left empty — labelled fields with nothing after them
(「填报人：      审核人：」), a date with its numbers missing (「    年  月  日」) — and by the absence
of figures once dates and years are set aside.
"""

from __future__ import annotations

import re

# a labelled field with nothing after it but the next field, a seal mark or the line's end; the
# extracted text has its spaces squeezed out (「填报人: 审核人: 日期:」, 「日期: 年月日」)
_LABELS = r"(?:填报单位|填表单位|填报人|填表人|审核人|审核|负责人|联系人|联系电话|电话|签字|签名|日期|数值|合计)"
_EMPTY_FIELD = re.compile(_LABELS + r"\s*[:：][ \t\u3000]*"
                          r"(?=[（(]\s*(?:盖章|章)\s*[)）]|[\u4e00-\u9fff]{0,4}" + _LABELS + r"\s*[:：]|$)", re.M)
_EMPTY_DATE = re.compile(r"(?:[:：]|^|[ \t\u3000])[ \t\u3000]*年[ \t\u3000]*月[ \t\u3000]*日", re.M)
_DATES = re.compile(r"(?:19|20)\d\d\s*(?:年度?|[-/.])(?:\s*\d{1,2}\s*(?:月|[-/.])(?:\s*\d{1,2}\s*日?)?)?"
                    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d\d|\d{1,2}[:：]\d\d")
# a cell holding a stand-in for the figure still to come (「待填」「待土肥站」「（等…变更数）」); the
# extractors squeeze out the gaps between Chinese cells, so a stand-in is known by its own shape
_PLACEHOLDER = re.compile(r"待[填补](?!充)|待[\u4e00-\u9fff]{1,6}(?:站|局|所|队)(?=\s|$)"
                          r"|[（(]等[^）)\n]{1,20}[）)]|暂缺", re.M)
# every blank date holds this; most texts have none, and it is found far faster than _EMPTY_DATE
_BLANK_DATE_CORE = re.compile(r"年[ \t\u3000]*月[ \t\u3000]*日")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
MIN_EMPTY = 2     # empty fields (or blank dates) that make a form
MAX_FIGURES = 2   # figures (ten or more, or with decimals) a blank form may still carry (a phone number)


def blank_form(pages: list[str]) -> str | None:
    """Why the document is a blank form (「表中只有栏目…」), or None when it carries figures or is
    not a form at all."""
    text = "\n".join(pages)
    empty = len(_EMPTY_FIELD.findall(text)) + len(_PLACEHOLDER.findall(text))
    if _BLANK_DATE_CORE.search(text):
        empty += len(_EMPTY_DATE.findall(text))
    if empty < MIN_EMPTY:
        return None
    figures = [f for f in _FIGURE.findall(_DATES.sub(" ", text)) if "." in f or int(f) >= 10]
    if len(figures) > MAX_FIGURES:
        return None
    return f"表中有{empty}处待填栏目，未填任何数值"
