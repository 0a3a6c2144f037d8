"""Whether a document is a draft (征求意见稿, 送审稿, 「本稿未经县人民政府审定」 …).

A draft next to nothing else must not make a duty read as done: inspectors accept only the
final, approved text. The cues are catalog data; a draft marker sits in the title or near the
top of the first page, while 「未经…审定」 disclaimers may stand anywhere.
"""

from __future__ import annotations

from archive.catalog import Catalog

from .matching import compiled, may_match

HEAD_CHARS = 300


def draft_marker(title: str, pages: list[str], catalog: Catalog, *, tracked_changes: bool = False) -> str | None:
    """The words that mark the document as a draft, or None for a final document."""
    for cue in catalog.draft_title:
        m = compiled(cue).search(title)
        if m:
            return f"标题含「{m.group(0)}」"
    first = next((p for p in pages if p.strip()), "")
    head = first.lstrip()[:HEAD_CHARS]
    for cue in catalog.draft_title:
        if not may_match(cue, head):  # every match below holds a match of the cue
            continue
        # on the page the marker stands alone or in brackets (「（征求意见稿）」); in a sentence
        # (「已编写完成自查报告初稿」) or after or inside a cited title (「《…实施方案》（送审稿）」「《…方案（送审稿）》」)
        # it describes another text
        m = compiled(rf"(?m)(?:^|(?<!》)[（(【\[])\s*(?:{cue})\s*(?:$|[)）】\]](?!》))").search(head)
        if m:
            return f"首页标注「{m.group(0).strip()}」"
    body = "\n".join(pages)
    for cue in catalog.draft_body:
        m = compiled(cue).search(body) if may_match(cue, body) else None
        if m:
            return f"正文标注「{m.group(0)}」"
    if tracked_changes:
        return "Word 文件含未接受的修订或批注"
    return None
