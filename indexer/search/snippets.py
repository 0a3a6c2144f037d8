"""Snippets from the archive's page text: the whole matched string highlighted, everything else
HTML-escaped, and the page the hit is on.

>>> make_snippet([(1, "关于下达<b>转移支付</b>资金的通知")], ["转移支付"]).html
'关于下达&lt;b&gt;<mark>转移支付</mark>&lt;/b&gt;资金的通知'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from indexer.extract.normalize import normalize_text

_SKIP = r"[\s\W_]*?"
WINDOW = 60


@dataclass(frozen=True)
class Snippet:
    html: str
    page: int | None


def term_pattern(term: str) -> re.Pattern[str] | None:
    """Matches the term in text the way the index does: punctuation and white space between its
    characters do not matter, case does not matter."""
    chars = [c for c in normalize_text(term).lower() if c.isalnum()]
    if not chars:
        return None
    return re.compile(_SKIP.join(re.escape(c) for c in chars), re.IGNORECASE)


def make_snippet(pages: list[tuple[int, str]], terms: list[str], width: int = WINDOW) -> Snippet:
    patterns = [p for p in (term_pattern(t) for t in terms) if p is not None]
    if not pages:
        return Snippet("", None)
    if not patterns:
        number, text = pages[0]
        return Snippet(html.escape(_clip(text, 0, 2 * width)), number)
    best = None
    for number, text in pages:
        found = [m for m in (p.search(text) for p in patterns) if m]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), number, text, min(m.start() for m in found))
            if len(found) == len(patterns):
                break
    if best is None:
        number, text = pages[0]
        return Snippet(html.escape(_clip(text, 0, 2 * width)), None)
    _, number, text, at = best
    start = max(0, at - width)
    end = min(len(text), at + 2 * width)
    return Snippet(highlight(text[start:end], patterns, prefix=start > 0, suffix=end < len(text)), number)


def highlight(text: str, patterns: list[re.Pattern[str]], prefix: bool = False, suffix: bool = False) -> str:
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    spans.sort()
    out: list[str] = ["…" if prefix else ""]
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    out.append("…" if suffix else "")
    return "".join(out).replace("\n", " ")


def _clip(text: str, start: int, length: int) -> str:
    piece = text[start:start + length]
    return piece + ("…" if len(text) > start + length else "")
