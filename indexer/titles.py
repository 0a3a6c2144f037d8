"""A document's own title, read from its content: what a person calls a scan saved as
「扫描件003」 or `issue-203-decimalize` — the heading lines on its first page (a 文号 line, the
red-head issuer 「…文件」 and 密级 marks skipped; a heading wrapped over two lines joined), else the
PDF or Word metadata title when it means something (not 「Microsoft Word - 文档1.doc」). The file
name stays beside it wherever it is shown; tagging and search do not read this title."""

from __future__ import annotations

import re
from itertools import islice

TITLE_MAX = 60
KINDS = ("通知", "决定", "决定书", "报告", "方案", "意见", "办法", "批复", "函", "说明", "总结", "纪要", "请示",
         "规划", "公告", "通报", "记录", "表", "书", "清单", "制度", "规定", "细则", "台账", "证明", "决议", "公示",
         "简报", "计划", "协议", "合同", "报表", "汇编", "目录", "名单")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u4e00-\u9fff（）《》、])\s+(?=[\u4e00-\u9fff（）《》、])")
_NOISE = (
    re.compile(r"^[\d\s\-—－/第页共]+$"),                               # page numbers
    re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号"),          # 文号 融政发〔2020〕12号
    re.compile(r"^\S{2,24}文件$"),                                      # red head 融水苗族自治县人民政府文件
    re.compile(r"^(密级|紧急程度|签发人|特急|加急|机密|秘密|绝密|★)"),
    re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$"),
    re.compile(r"^(附件|抄送|印发)"),
)
_GENERIC_META = re.compile(r"^(无标题|未命名|标题|文档\d*|新建.*文档|untitled|document\d*|slide \d+|"
                           r"powerpoint 演示文稿|microsoft word.*)$", re.I)


def content_title(pages: list[str], meta_title: str | None = None, file_stem: str = "") -> str | None:
    """The heading of the first page with text, else a meaningful metadata title, else None."""
    first = next((p for p in pages if p and p.strip()), "")
    return heading(first) or meaningful_meta(meta_title, file_stem)


def heading(text: str) -> str | None:
    lines = (_clean(line) for line in text.splitlines()[:40])
    # the first six candidate lines: a title is one of the first five, or the fifth and sixth joined
    candidates = list(islice((line for line in lines
                              if line and _CJK.search(line) and not any(n.search(line) for n in _NOISE)), 6))
    for i, line in enumerate(candidates[:5]):
        if line.endswith(("：", ":")) or len(line) > TITLE_MAX or line.endswith(("。", "；", "，", ";", ",")):
            continue
        if len(line) < 4:
            continue
        joined = line
        if not line.endswith(KINDS) and i + 1 < len(candidates):
            following = candidates[i + 1]
            if following.endswith(KINDS) and len(line) + len(following) <= TITLE_MAX and len(following) <= 30:
                joined = line + following
        if joined.endswith(KINDS) or i == 0:
            return joined
    return None


def meaningful_meta(meta_title: str | None, file_stem: str = "") -> str | None:
    if not meta_title:
        return None
    title = _clean(re.sub(r"^microsoft (word|excel|powerpoint)\s*-\s*", "", meta_title.strip(), flags=re.I))
    title = re.sub(r"\.(docx?|wps|pdf|xlsx?|et)$", "", title, flags=re.I).strip()
    if not (4 <= len(title) <= 80) or not _CJK.search(title) or _GENERIC_META.match(title):
        return None
    return None if title == file_stem else title


def _clean(line: str) -> str:
    return _SPACE_BETWEEN_CJK.sub("", " ".join(line.split()))
