"""「也搜索：…」: other words for what the query names, from the catalog's subject vocabularies
(`[subjects]`: 美丽乡村 / 新农村 / 人居环境, 污水处理厂 / 污水厂 …), offered as links with the number
of files each would find. Nothing is added to the query: exact-string search stays exact, and the
inspector decides whether 新农村 is what was meant.

>>> vocab = {"village": ("美丽乡村", "新农村", "人居环境", "乡镇.{0,6}垃圾"),
...          "rural": ("农村环境", "垃圾转运", "人居环境", "美丽乡村")}
>>> [(s.term, s.query) for s in alternatives("美丽乡村建设 2020", vocab)]
[('人居环境', '人居环境建设 2020'), ('新农村', '新农村建设 2020'), ('农村环境', '农村环境建设 2020'), ('垃圾转运', '垃圾转运建设 2020')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from indexer.search.query import parse_query

MIN_SHARE = 0.6          # the vocabulary word must be most of the term it stands in
MAX_CANDIDATES = 24
MAX_SUGGESTIONS = 6
_REGEX = re.compile(r"[.^$*+?{}\[\]|()\\]")


@dataclass(frozen=True)
class Alternative:
    term: str       # the other word
    query: str      # the query with that word in place of the original one
    replaces: str


def alternatives(query: str, subjects: dict[str, tuple[str, ...]]) -> list[Alternative]:
    """Each included term's longest vocabulary word, swapped for the other words of the
    vocabularies holding it: words that share more of those vocabularies with it first (新农村 sits
    with 美丽乡村 in two, 垃圾转运 in one), then smaller vocabularies, then the catalog's order."""
    literal = {name: [w for w in words if not _REGEX.search(w)] for name, words in subjects.items()}
    known = sorted({w for words in literal.values() for w in words}, key=len, reverse=True)
    out: dict[str, Alternative] = {}
    for term in parse_query(query):
        if term.exclude:
            continue
        word = next((w for w in known if w in term.text), None)
        if word is None or len(word) / len(term.text) < MIN_SHARE or term.text not in query:
            continue
        holding = [words for words in literal.values() if word in words]
        rank: dict[str, tuple[int, int, int]] = {}
        for words in holding:
            for position, other in enumerate(words):
                if other == word or other in term.text or other in out:
                    continue
                shared = sum(other in ws for ws in holding)
                rank[other] = min(rank.get(other, (0, 10**6, 10**6)), (-shared, len(words), position))
        for other in sorted(rank, key=rank.__getitem__):
            out[other] = Alternative(other, query.replace(term.text, term.text.replace(word, other), 1), word)
    return list(out.values())[:MAX_CANDIDATES]


def suggestions(query: str, subjects: dict[str, tuple[str, ...]], count: Callable[[str], int]) -> list[dict]:
    """The alternatives that find something, with how many files each finds."""
    out = []
    for alt in alternatives(query, subjects):
        total = count(alt.query)
        if total:
            out.append({"term": alt.term, "replaces": alt.replaces, "query": alt.query, "total": total})
        if len(out) >= MAX_SUGGESTIONS:
            break
    return out
