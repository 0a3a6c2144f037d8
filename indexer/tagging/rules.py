"""Scoring a document against the catalog's item rules.

Every rule is an AND of keyword groups; a group hit in the title counts fully, a body hit
counts in proportion to how often it occurs (a passing mention is weak evidence). Content
must clear a threshold on its own — the folder only adds a bonus — because a false tag
hides a real gap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from archive.catalog import Catalog, Item, Rule

from .matching import compiled, required_literals


MAX_BODY_HITS = 32
_NO_HITS: tuple[list[str], list[tuple[str, int]]] = ([], [])


# a PDF's text keeps the page's line ends, so a word wraps across them (「第一\n产业增加值」); a prose
# line that runs to the page's width and ends inside a sentence is joined to the next prose line
WRAP_WIDTH = 30
_PROSE_CHAR = r"(?:(?!\t|  |　)[^\n])"  # not a table's cell gap
_WRAPPED = re.compile(rf"(?m)^([ \u3000]*{_PROSE_CHAR}{{{WRAP_WIDTH},}})(?<=[\u4e00-\u9fff，、（])\n(?=[\u4e00-\u9fff）〔]{_PROSE_CHAR}*$)")


# a table row whose value awaits another unit or is still to be filled (「化肥施用量\t吨\t（待农业农村局）」,
# 「地区生产总值  亿元  待年报终审」, and 「化肥施用量吨 (待农业农村局)」「…亿元待年报终审」 once extraction has
# closed the cells' gaps), or gives its label and unit with the value cell left empty (「耕地面积\t公顷」,
# 「耕地面积公顷」; not a table's heading, 「…统计表（单位公顷）」), names the figure without giving it; a row
# with its figure and a note (「1234 （待核）」) gives it
_UNIT = r"(?:吨(?:标准?煤/万元)?|万吨|公顷|亩|万亩|平方公里|万人|亿元|万元)"
_AWAITING_ROW = re.compile(r"(?m)^[^\n。；;\d]{0,40}?(?:[（(]\s*待[^（）()\n]{1,12}[)）]|待填报?|待补充?"
                           r"|(?:\t|  |\u3000|" + _UNIT + r")[ \t\u3000]*待[\u4e00-\u9fff]{1,12})\s*$\n?")
_UNIT_END = re.compile(r"(?m)" + _UNIT + r"[ \t\u3000]*$")
_UNIT_ROW = re.compile(r"(?![^\n]*(?:单位|表))[ \t\u3000]*[\u4e00-\u9fffA-Z（）()]{2,24}?[ \t\u3000]*" + _UNIT + r"[ \t\u3000]*")


# a row or a note handing its figures to another paper (「县域总人口数\t万人\t—\t见2019年统计公报\t另表报送」,
# 「3.林地、草地、水域湿地、耕地面积另表报送」, 「（…由农业农村局、林业局分别填报，本表不含）」) names them
# without giving them: no figure on the line but its number in the list and the year of the paper it
# points to
_ELSEWHERE = re.compile(r"另表(?:报送|上报|填报|提供)|另行(?:报送|上报|提供)|本表不含|不含在本表")
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}(?:[.、．\s]|$)")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d年?")


def _without_awaiting_rows(page: str) -> str:
    """`page` without its awaiting rows (`_AWAITING_ROW`, tried only where 待 occurs: the pattern is
    otherwise tried at every line start) and its rows of a label and a unit alone (found from their
    line ends, which few lines have)."""
    if "待" in page:
        page = _AWAITING_ROW.sub("", page)
    cut, parts = 0, []
    for m in _UNIT_END.finditer(page):
        start = page.rfind("\n", 0, m.start()) + 1
        if start >= cut and _UNIT_ROW.fullmatch(page, start, m.end()):
            parts.append(page[cut:start])
            cut = m.end() + 1
    return "".join(parts) + page[cut:] if parts else page


def _without_elsewhere_rows(page: str) -> str:
    if not _ELSEWHERE.search(page):
        return page
    return "\n".join(line for line in page.split("\n")
                     if not _ELSEWHERE.search(line)
                     or any(ch.isdigit() for ch in _YEAR_WORD.sub("", _ROW_NUMBER.sub("", line))))


# where `_WRAPPED` can join: a line end between two Chinese characters (or the punctuation it
# allows); the lines either side are then tested in Python, which is what `_WRAPPED` tests
_JUNCTION = re.compile(r"(?<=[\u4e00-\u9fff，、（])\n(?=[\u4e00-\u9fff）〔])")


def _table_gap(text: str) -> bool:
    """Whether `text` holds what `_PROSE_CHAR` refuses: a tab, two spaces or an ideographic space."""
    return "\t" in text or "  " in text or "\u3000" in text


def unwrap(page: str) -> str:
    """The page with lines wrapped at the page's width joined; short lines (a table row, a heading,
    a 落款) stay as they are.

    Exactly `_WRAPPED.sub(r"\1", page)`, about twice as fast: the regex walks every character of
    every line with a lookahead, while most lines cannot join (no junction between Chinese
    characters), and the few that can are tested with substring searches. `_WRAPPED`'s leading
    spaces give back at most one plain space to the prose (two would be a gap), hence the width."""
    if "\n" not in page:
        return page
    cut, parts = 0, []
    for m in _JUNCTION.finditer(page):
        end = m.start()
        line = page[page.rfind("\n", 0, end) + 1:end]
        prose = line.lstrip(" \u3000")
        given_back = len(prose) < len(line) and line[-len(prose) - 1] == " "
        if len(prose) + given_back < WRAP_WIDTH or _table_gap(prose):
            continue
        following = page.find("\n", end + 1)
        if _table_gap(page[end + 1:] if following < 0 else page[end + 1:following]):
            continue
        parts.append(page[cut:end])
        cut = end + 1
    return "".join(parts) + page[cut:] if parts else page


@dataclass
class DocText:
    """Title and body prepared once per document; hits are cached per pattern."""

    title: str
    body: str
    page_starts: list[int]
    _cache: dict[str, tuple[list[str], list[tuple[str, int]]]] = field(default_factory=dict)
    _scans: dict[str, list] = field(default_factory=dict)  # pattern -> [body matches iterator, raw matches taken]
    _words: dict[str, bool] = field(default_factory=dict)  # word -> occurs in title or body
    _possible: dict[str, bool] = field(default_factory=dict)  # pattern -> some word it needs occurs
    _text: str | None = None
    part_titles: str = ""  # a bound set's 目录 entries: titles for the rules' title groups, never for vetoes
    covering: bool = False  # the title is a covering letter's (`[tagging] covering_title`)

    @classmethod
    def of(cls, title: str, pages: list[str], part_titles: list[str] | None = None,
           covering: bool = False) -> "DocText":
        pages = [_without_elsewhere_rows(_without_awaiting_rows(unwrap(p))) for p in pages]
        starts, pos = [], 0
        for p in pages:
            starts.append(pos)
            pos += len(p) + 1
        return cls(title, "\n".join(pages), starts, part_titles="\n".join(part_titles or []), covering=covering)

    def possible(self, pattern: str) -> bool:
        """False when the pattern cannot match anywhere in the document: none of the words it
        needs occurs (substring tests, no regex run; cached per pattern)."""
        found = self._possible.get(pattern)
        if found is None:
            words = required_literals(pattern)
            found = self._possible[pattern] = words is None or any(map(self._has, words))
        return found

    def hits(self, pattern: str, need: int = MAX_BODY_HITS) -> tuple[list[str], list[tuple[str, int]]]:
        """(title matches, [(body match, page number 1-based)]): the body matches among the
        first MAX_BODY_HITS, of which at least the first `need` (all when there are fewer).
        The body is scanned only as far as a caller has needed so far: scores saturate after
        a couple of hits, and most callers ask whether there is one."""
        found = self._cache.get(pattern)
        if found is None:
            if not self.possible(pattern):
                return _NO_HITS  # none of the words it needs: the regex cannot match
            rx = compiled(pattern)
            t = [m.group(0) for text in (self.title, self.part_titles) for m in rx.finditer(text) if m.group(0)]
            found = self._cache[pattern] = (t, [])
            self._scans[pattern] = [rx.finditer(self.body), 0]
        b = found[1]
        if len(b) < need and pattern in self._scans:
            self._scan_body(pattern, b, need)
        return found

    def _scan_body(self, pattern: str, b: list[tuple[str, int]], need: int) -> None:
        """More body matches of `pattern` into `b`, until it holds `need` or the scan has
        taken MAX_BODY_HITS matches (empty ones count, as they always have) or reached the end."""
        scan = self._scans[pattern]
        matches, taken = scan
        for m in matches:
            taken += 1
            if m.group(0):
                b.append((m.group(0), bisect_right(self.page_starts, m.start())))
            if taken >= MAX_BODY_HITS:
                break
            if len(b) >= need:
                scan[1] = taken
                return
        del self._scans[pattern]  # capped or at the end: `b` is complete

    def _has(self, word: str) -> bool:
        """Whether `word` occurs in the title or the body (cached per word: catalog patterns share
        many words). A plain substring search: ruling words out first by the set of the text's
        characters cost more in building that set (a new string per Chinese character) than the
        searches it saved (bench/README.md, session 15)."""
        found = self._words.get(word)
        if found is None:
            if self._text is None:
                self._text = f"{self.title}\n{self.part_titles}\n{self.body}"
            found = self._words[word] = word in self._text
        return found

    def any_hit(self, pattern: str, title_only: bool = False) -> bool:
        t, b = self.hits(pattern, need=0 if title_only else 1)
        return bool(t) or (not title_only and bool(b))

    def veto(self, pattern: str) -> bool:
        """Whether the document's own title or its body hits a rule's `none` (a bound part's title
        names what the set carries; it vetoes nothing)."""
        return bool(self.hits(pattern, need=1)[1]) or self.title_veto(pattern)

    def together(self, patterns: tuple[str, ...] | list[str], reach: int) -> bool:
        """Whether one stretch of the body (`reach` characters either way) holds a match of every
        pattern: a long paper (a whole year's summary, a budget report) mentions everything somewhere."""
        spans = []
        fields = []  # a table's 「单位：公顷」 above its rows holds for every row below it
        for p in patterns:
            starts = [m.start() for m, _ in zip(compiled(p).finditer(self.body), range(MAX_BODY_HITS)) if m.group(0)]
            if not starts:
                return False
            spans.append(starts)
            fields.append([x for x in starts if _UNIT_FIELD.search(self.body, max(0, x - UNIT_FIELD_CHARS), x)])
        anchor = spans[0]
        return any(all(any(abs(x - a) <= reach for x in other) or any(f < a for f in declared)
                       for other, declared in zip(spans[1:], fields[1:])) for a in anchor)

    def title_veto(self, pattern: str) -> bool:
        """Whether the document's own title hits a rule's none_title; a covering letter's title
        (「关于报送…报表及报告的函」) only when every paper it carries hits too, so it does not veto
        what is behind it."""
        rx = compiled(pattern)
        if rx.search(self.title) is None:
            return False
        if not self.covering:
            return True
        return all(rx.search(part) is not None for part in self.part_titles.splitlines() if part.strip())


_UNIT_FIELD = re.compile(r"单位\s*[:：]\s*[（(]?\s*$")
UNIT_FIELD_CHARS = 6


@dataclass
class RuleMatch:
    score: float
    title_terms: list[str]
    body_terms: list[tuple[str, int]]


def score_rule(rule: Rule, doc: DocText, catalog: Catalog) -> RuleMatch | None:
    cfg = catalog.tagging
    # Every condition must hold, so the cheapest are tried first: the words each group needs,
    # then the groups' matches, the vetoes last (the outcome does not depend on the order).
    if not all(map(doc.possible, rule.title_groups)) or not all(map(doc.possible, rule.groups)):
        return None
    if not all(doc.hits(p, need=0)[0] for p in rule.title_groups) or not all(map(doc.any_hit, rule.groups)):
        return None
    if any(doc.veto(p) for p in rule.none) or any(doc.title_veto(p) for p in rule.none_title):
        return None
    scores: list[float] = []
    title_terms: list[str] = []
    body_terms: list[tuple[str, int]] = []
    distinct: set[str] = set()
    # every body match counts towards distinct phrases; otherwise the first few decide the score
    need = MAX_BODY_HITS if rule.min_distinct > 0 else cfg.body_saturation
    for pattern in rule.title_groups:
        t, _ = doc.hits(pattern, need=0)
        if not t:
            return None
        scores.append(cfg.title_weight)
        title_terms.append(t[0])
        distinct.update(t)
    for pattern in rule.groups:
        t, b = doc.hits(pattern, need)
        if t:
            scores.append(cfg.title_weight)
            title_terms.append(t[0])
        elif b:
            scores.append(cfg.body_weight * min(1.0, len(b) / cfg.body_saturation))
            body_terms.append(b[0])
        else:
            return None
        distinct.update(t)
        distinct.update(term for term, _ in b)
    if len(distinct) < rule.min_distinct:
        return None
    if (cfg.long_body and not title_terms and len(rule.groups) >= 2 and len(doc.body) > cfg.long_body
            and not doc.together(rule.groups, cfg.together_chars)):
        return None
    if cfg.cooccurrence_groups and len(rule.title_groups) + len(rule.groups) >= cfg.cooccurrence_groups:
        scores = [max(s, cfg.body_weight) for s in scores]
    return RuleMatch(rule.weight * sum(scores) / len(scores), title_terms, body_terms)


def best_match(item: Item, doc: DocText, catalog: Catalog) -> RuleMatch | None:
    best: RuleMatch | None = None
    for rule in item.rules:
        m = score_rule(rule, doc, catalog)
        if m and (best is None or m.score > best.score):
            best = m
    return best


def describe(match: RuleMatch) -> list[str]:
    """Chinese reasons a reviewer can check against the document."""
    reasons: list[str] = []
    if match.title_terms:
        reasons.append("标题命中" + "".join(f"「{t}」" for t in dict.fromkeys(match.title_terms)))
    if match.body_terms:
        by_page: dict[int, list[str]] = {}
        for term, page in match.body_terms:
            terms = by_page.setdefault(page, [])
            if term not in terms:
                terms.append(term)
        reasons.append("正文命中" + "".join(
            "".join(f"「{t}」" for t in terms) + f"(第{page}页)" for page, terms in sorted(by_page.items())))
    return reasons
