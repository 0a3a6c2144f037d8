"""Project names for 立项 → 可研 → 验收 chains.

A project that was approved but never accepted is a gap only if the approval and the
acceptance can be matched, which needs the project name from each title
(关于XX项目可行性研究报告的批复 → XX项目).
"""

from __future__ import annotations

import re

_LEAD = re.compile(r"^.*?关于(?:同意|申请|请求)?(?:实施)?")
_NAME = re.compile(
    r"^(.{2,60}?(?:项目|工程))(?=立项|可行性|可研|初步设计|竣工|验收|实施方案|建议书|备案|建设的|的|$|[（(])")
# an attachment number, a list number, or the paper's 文号 a clerk put before its name
# (「融发改审〔2019〕96号（乡镇垃圾转运站项目立项）」)
_NOISE = re.compile(r"^(?:附件[\d\-－]*\s*|\d+[.、]\s*|[\u4e00-\u9fff]{1,12}〔(?:19|20)\d{2}〕\s*\d+\s*号\s*[（(]?\s*)")


def project_name(title: str) -> str | None:
    t = _NOISE.sub("", title.strip())
    if "关于" in t:
        t = _LEAD.sub("", t, count=1)
    m = _NAME.search(t)
    return m.group(1) if m else None
