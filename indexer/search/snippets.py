"""Snippets from the archive's page text: exactly the spans the index matched highlighted (the
same tokenizer core finds them, analysis.find_matches), everything else HTML-escaped, and the
page the hit is on.

>>> make_snippet([(1, "关于下达<b>转移支付</b>资金的通知")], ["转移支付"]).html
'关于下达&lt;b&gt;<mark>转移支付</mark>&lt;/b&gt;资金的通知'
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from indexer.search.analysis import find_matches

WINDOW = 60


@dataclass(frozen=True)
class Snippet:
    html: str
    page: int | None


def make_snippet(pages: list[tuple[int, str]], terms: list[str], width: int = WINDOW) -> Snippet:
    if not pages:
        return Snippet("", None)
    if not terms:
        number, text = pages[0]
        return Snippet(html.escape(_clip(text, 0, 2 * width)), number)
    best = None
    for number, text in pages:
        found = [spans[0][0] for spans in (find_matches(text, t, first=True) for t in terms) if spans]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), number, text, min(found))
            if len(found) == len(terms):
                break
    if best is None:
        number, text = pages[0]
        return Snippet(html.escape(_clip(text, 0, 2 * width)), None)
    _, number, text, at = best
    start = max(0, at - width)
    end = min(len(text), at + 2 * width)
    # `at` is the first match of any term on the page: nothing starts before it.
    matched = sorted(span for t in terms for span in find_matches(text, t, at, end))
    spans = [(max(s, start) - start, min(e, end) - start) for s, e in matched if s < end and e > start]
    return Snippet(highlight(text[start:end], spans, prefix=start > 0, suffix=end < len(text)), number)


def highlight(text: str, spans: list[tuple[int, int]], prefix: bool = False, suffix: bool = False,
              one_line: bool = True) -> str:
    """The text HTML-escaped with each span in <mark>; overlapping spans become one mark."""
    out: list[str] = ["…" if prefix else ""]
    pos = 0
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    out.append("…" if suffix else "")
    joined = "".join(out)
    return joined.replace("\n", " ") if one_line else joined


def _clip(text: str, start: int, length: int) -> str:
    piece = text[start:start + length]
    return piece + ("…" if len(text) > start + length else "")
