"""Documents about the assessment itself rather than evidence of a duty.

The plan quotes every duty's wording, and so do its copies, forwarding notices, meeting notices
and catalogues of materials; matched like evidence they would mark twenty duties as done. The
catalog names these kinds and the only duties they serve (the plan → the duty that asks for it).
"""

from __future__ import annotations

import re
from itertools import islice

from archive.catalog import Catalog, MetaKind

from .blank_form import blank_form
from .docnumber import DocNumber
from .fragment import fragment
from .heading import attachment_headings
from .matching import compiled

_SPACE = re.compile(r"\s+")
FORWARDING = re.compile(r"转发|印发")
# 「关于印发《…》的通知」, 「转发…的通知」 and 「附件1：…（终稿）」 around the plan's title are the plan itself
_WRAPPER = re.compile(r"^(?:附件\d*[:：]?)?(?:关于)?(?:印发|转发|重新印发)?|的?(?:通知|函)?(?:[（(][^）)]{0,16}[）)])?$")
HEADING_LINES = 60
# a file named for what it carries: 「…的答复（附竣工验收备案表）」「…的函（含报告）」, not 「（附件另行装订）」
ATTACHED_TITLE = re.compile(r"[（(]\s*(?:附|含)(?![^（）()]*(?:另行|另附|另送|另寄|略))[^（）()]{2,40}[）)]")
EXCERPT = re.compile(r"摘自|摘录|节选|摘抄")  # 「（摘自融政办发〔2020〕67号）」 at the top: a part of the plan
EXCERPT_LINES = 3


def meta_kind(title: str, pages: list[str], number: DocNumber | None,
              catalog: Catalog) -> tuple[MetaKind, str, bool] | None:
    """The meta kind of a document, the reason, and whether it is this assessment's own plan (then
    it is current whatever years it quotes), or None for ordinary documents."""
    for kind in catalog.meta_kinds:
        if kind.plan_copy:
            reason = _plan_copy(title, pages, number, catalog)
            if reason:
                return kind, reason, True
    body = "\n".join(pages)
    attached: bool | None = None
    framed: str | None = None
    framings: dict[str, str | None] = {}  # frame pattern -> its match: kinds share the news-report frame
    for kind in catalog.meta_kinds:
        if kind.unless_attached:
            if attached is None:
                attached = bool(ATTACHED_TITLE.search(title) or attachment_headings(pages))
            if attached:
                continue
        if kind.doc_numbers:
            if number is not None and str(number) in kind.doc_numbers:
                return kind, f"文号{number}表明是{kind.name}", False
            continue
        if kind.blank_form:
            why = blank_form(pages)
            if why:
                return kind, f"{why}，是{kind.name}", False
            continue
        if kind.fragment:
            why = fragment(pages)
            if why:
                return kind, f"{why}，是{kind.name}", False
            continue
        hit = next((m.group(0) for c in kind.title for m in [compiled(c).search(title)] if m), None)
        framing = None
        if kind.frame:
            if framed is None:
                framed = _frame(title, pages)
            for c in kind.frame:
                if c not in framings:
                    m = compiled(c).search(framed)
                    framings[c] = m.group(0) if m else None
                if framings[c] is not None:
                    framing = framings[c]
                    break
        if kind.title_needs_frame:
            if hit and framing:
                return kind, f"首尾「{framing}」、标题「{hit}」表明是{kind.name}", False
            continue
        if hit and (not kind.body or any(compiled(c).search(title + "\n" + body) for c in kind.body)) \
                and not any(compiled(c).search(body) for c in kind.body_none):
            return kind, f"标题「{hit}」表明是{kind.name}", False
        if framing:
            return kind, f"首尾「{framing}」表明是{kind.name}", False
    return None


FRAME_CHARS = 160


def _frame(title: str, pages: list[str]) -> str:
    """The title and the text around the document's start and end: where a news report carries
    its dateline (「3月28日讯」), source and byline (「记者」「通讯员」), and a paper does not."""
    text = "\n".join(p for p in pages if p.strip()).strip()
    if len(text) <= 2 * FRAME_CHARS:
        return f"{title}\n{text}"
    return f"{title}\n{text[:FRAME_CHARS]}\n{text[-FRAME_CHARS:]}"


def _routing_slip(title: str, pages: list[str], catalog: Catalog) -> bool:
    """Whether the document opens as a routing slip or a receipt (its title or its first lines)."""
    head = title + "\n" + "\n".join(pages[:1])[:200]
    return any(compiled(c).search(head) for k in catalog.meta_kinds if k.routing for c in k.title)


def _plan_copy(title: str, pages: list[str], number: DocNumber | None, catalog: Catalog) -> str | None:
    """The plan itself (its 文号, its title as the document's title or as a heading of its own)
    or a notice that prints or forwards it. A report that merely cites the plan is not a copy."""
    plan_no = catalog.plan_doc_number
    plan_title = _SPACE.sub("", catalog.plan_title)
    slip = _routing_slip(title, pages, catalog)
    if slip:
        # a slip or a receipt names the plan's 文号 and title once; the plan behind it repeats them
        text = _SPACE.sub("", "\n".join(pages))
        if (not plan_no or text.count(plan_no) <= 1) and (not plan_title or text.count(plan_title) <= 1):
            return None
    if number is not None and str(number) == plan_no:
        return f"文号{plan_no}即考核工作实施方案"
    if plan_title and any(_WRAPPER.sub("", _SPACE.sub("", line)).strip("《》") == plan_title
                          for line in title.splitlines()):
        return "标题即考核工作实施方案"
    nonblank = (ln for ln in "\n".join(pages[:2]).splitlines() if ln.strip())
    opening = list(islice(nonblank, HEADING_LINES))
    # the lines unspaced one by one only when their whole, unspaced at once, holds the title
    if plan_title and plan_title in _SPACE.sub("", "".join(opening)):  # else no run of lines can be the title
        lines = [_SPACE.sub("", ln) for ln in opening]
        for n in range(len(lines)):
            joined = ""
            for ln in lines[n:n + 3]:  # a heading broken over up to three lines
                joined += ln
                if joined.strip("《》") == plan_title:
                    return "正文标题即考核工作实施方案"
    if plan_no and any(EXCERPT.search(ln) and plan_no in ln
                       for ln in (_SPACE.sub("", raw) for raw in opening[:EXCERPT_LINES])):
        return "摘录自考核工作实施方案"
    if FORWARDING.search(title):
        # a routing slip (收文处理单) names the plan it routes; it forwards the plan only with its pages behind
        body = _SPACE.sub("", "\n".join(pages[1:] if slip else pages))
        if (plan_no and plan_no in body) or (plan_title and plan_title in body):
            return "转发或印发考核工作实施方案"
    return None
