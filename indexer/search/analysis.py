"""The one tokenizer core: index tokens, query tokens and highlighted spans all come from
`runs()`, so a rule (what folds, what separates, what a position is) is written once. The
tantivy index is fed the same tokens as one string made by regular expressions
(`index_stream`, tested token for token against `index_tokens`), since a loop per run in Python
was the largest cost of indexing.

Traditional characters fold to simplified ones (a page served in 繁体 is found by the words a
clerk types). Chinese text is indexed as overlapping character bigrams, plus a unigram for the first and
last character of every Chinese run. Latin words and numbers are whole lower-cased tokens.
Every character of a Chinese run takes one position, so a query's tokens are always
consecutive and a phrase query over them finds exactly the documents containing the string
(white space inside a run aside; punctuation separates runs). Word segmentation (jieba) was
measured to miss documents, so it is not used for matching.

>>> index_tokens("融发改〔2019〕35号，污水处理厂")[0]
['融', '融发', '发改', '改', '2019', '35', '号', '污', '污水', '水处', '处理', '理厂', '厂']
>>> query_tokens("2019年度")
[('2019', 0), ('年度', 1)]
>>> find_matches("污水，处理厂 污水处理厂", "污水处理厂")
[(7, 12)]
>>> find_matches("20191 2019年", "2019")
[(6, 10)]
>>> index_stream("融发改〔2019〕35号，污水处理厂")
'融 融发 发改 改 2019 35 号 污 污水 水处 处理 理厂 厂'
>>> stream_tokens("2019年度")
[('2019', 0), ('年度', 2)]
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Iterator

from indexer.extract.normalize import CJK
from indexer.extract.simplified import to_simplified

_TOKEN = re.compile(f"[{CJK}]+(?:\\s+[{CJK}]+)*|[a-z]+|[0-9]+")
_CJK_CHAR = re.compile(f"[{CJK}]")

Tokens = list[tuple[str, int]]  # (token, position or offset)


def fold(text: str) -> tuple[str, list[int] | None]:
    """NFKC, lower case and traditional characters read as simplified, character by character,
    with where each folded character came from (None when folding kept every character in
    place, the usual case for extracted text)."""
    if unicodedata.is_normalized("NFKC", text):
        lowered = text.lower()
        if len(lowered) == len(text):
            return to_simplified(lowered), None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).lower()
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return to_simplified("".join(pieces)), origin


def runs(folded: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int, int]]:
    """(run, first position, start, end) over folded text (or the slice start:end, positions
    then counted from its start): a Latin word, a number, or a Chinese run with its inner white
    space removed. A Latin word or number takes one position, each Chinese character one."""
    pos = 0
    for match in _TOKEN.finditer(folded, start, len(folded) if end is None else end):
        run = match.group()
        if run[0].isascii():
            yield run, pos, match.start(), match.end()
            pos += 1
            continue
        parts = run.split()
        if len(parts) > 1:
            run = "".join(parts)
        yield run, pos, match.start(), match.end()
        pos += len(run)


def _run_tokens(run: str, pos: int, texts: list[str], positions: list[int]) -> None:
    """Append one run's index tokens: a Latin word or number whole; a Chinese run's first
    character, its bigrams and its last character (list operations: this is the hot loop of
    indexing)."""
    if run[0].isascii():
        texts.append(run)
        positions.append(pos)
        return
    n = len(run)
    texts.append(run[0])
    positions.append(pos)
    if n > 1:
        texts.extend(map(str.__add__, run[:-1], run[1:]))
        positions.extend(range(pos, pos + n - 1))
        texts.append(run[-1])
        positions.append(pos + n - 1)


def index_tokens(text: str) -> tuple[list[str], list[int]]:
    """Every token of the text and its position, in order (each token's positions ascend)."""
    texts: list[str] = []
    positions: list[int] = []
    for run, pos, _, _ in runs(fold(text)[0]):
        _run_tokens(run, pos, texts, positions)
    return texts, positions


_SPACE_IN_RUN = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")
_RUN = re.compile(f"[{CJK}]+|[a-z]+|[0-9]+")
_LONE_END = re.compile(f"(?<= [{CJK}])(?= )")
_LONE_DOUBLED = re.compile(f" [{CJK}]\x02")


class _Doubling(dict):
    """str.translate table writing a Chinese character c as "c c", filled as characters come."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = f"{char} {char}" if _CJK_CHAR.match(char) else char
        self[code] = value
        return value


_DOUBLING = _Doubling()
# normalize.CJK as code point ranges (tests/test_scan_fast_paths.py checks they agree)
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF), (0x3007, 0x3007))


def double_chinese(text: str) -> str:
    """`text.translate(_DOUBLING)`: each Chinese character c written as "c c", the others kept,
    over the text's code points as an array (a translation looks every character up in a
    dict: the largest part of `index_stream`)."""
    import numpy as np

    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return text.translate(_DOUBLING)
    chinese = np.zeros(len(codes), dtype=bool)
    for low, high in _CJK_RANGES:
        chinese |= (codes >= low) & (codes <= high)
    repeats = chinese.astype(np.intp) * 2 + 1
    out = np.repeat(codes, repeats)
    out[(np.cumsum(repeats) - repeats)[chinese] + 1] = 0x20
    return out.tobytes().decode("utf-32-le")


def index_stream(text: str) -> str:
    """`index_tokens(text)`'s tokens in order, separated by single spaces, made by regular
    expressions and one translation rather than a Python loop per run: the index is fed this
    string and tantivy's whitespace tokenizer cuts it, each token taking the next position.

    Written with a space between runs, a Chinese run 「abc」 doubled character by character reads
    「a ab bc c」: its first character, its bigrams and its last character. A lone character is
    marked (\\x02) before the doubling so its copy is dropped again."""
    joined = " " + " ".join(_RUN.findall(_SPACE_IN_RUN.sub("", fold(text)[0]))) + " "
    doubled = double_chinese(_LONE_END.sub("\x02", joined))
    return _LONE_DOUBLED.sub("", doubled).replace("\x02", "").strip()


def stream_tokens(text: str) -> Tokens:
    """A phrase query's tokens at their offsets among `index_stream`'s positions.

    There every token takes a position of its own: a Latin word, a number or a lone Chinese
    character one, a Chinese run of n characters n + 1 (its first character, n − 1 bigrams, its
    last character). As in `query_tokens`, a run's first character is not asked for (the query
    may start inside a longer run) and its last only when another token follows."""
    pieces = list(runs(fold(text)[0]))
    out: Tokens = []
    pos = 0
    for index, (run, _, _, _) in enumerate(pieces):
        if run[0].isascii() or len(run) == 1:
            out.append((run, pos))
            pos += 1
            continue
        out.extend((run[i:i + 2], pos + 1 + i) for i in range(len(run) - 1))
        if index + 1 < len(pieces):
            out.append((run[-1], pos + len(run)))
        pos += len(run) + 1
    return out


def _query_runs(folded: str) -> Tokens:
    pieces = list(runs(folded))
    out: Tokens = []
    for index, (run, pos, _, _) in enumerate(pieces):
        if run[0].isascii() or len(run) == 1:
            out.append((run, pos))
            continue
        out.extend((run[i:i + 2], pos + i) for i in range(len(run) - 1))
        if index + 1 < len(pieces):  # the document has a run boundary there too
            out.append((run[-1], pos + len(run) - 1))
    return out


def query_tokens(text: str) -> Tokens:
    """Tokens a phrase query must find at these offsets from its start.

    A Chinese run contributes its bigrams; its last character is added as a unigram only when
    another token follows (the document then also has a run boundary there)."""
    return _query_runs(fold(text)[0])


def lone_character(tokens: Tokens) -> str | None:
    """A query of one Chinese character matches every token it begins (the unigram at a run's
    edge or any bigram), i.e. every occurrence of the character."""
    if len(tokens) == 1 and len(tokens[0][0]) == 1 and not tokens[0][0].isascii():
        return tokens[0][0]
    return None


def _width(tokens: Tokens) -> int:
    return max(off + (1 if tok.isascii() else len(tok)) for tok, off in tokens)


def find_matches(text: str, query: str, start: int = 0, end: int | None = None,
                 first: bool = False) -> list[tuple[int, int]]:
    """Spans of `text` where the query term matches as the index matches it: the highlight is
    exactly what was found. Overlapping matches are all listed, in order; only those starting
    in start:end when given, only the first one when `first`.

    Only the neighbourhood of each place a loose pattern allows (the query's characters in
    order with nothing but separators between its words: a necessary condition) is tokenized,
    so a long page costs a regular-expression scan; the matching itself is `_match_runs`."""
    tokens, chars, pattern = _query_plan(query)
    if not tokens:
        return []
    folded, origin = fold(text)
    if any(char not in folded for char in chars):
        return []  # cheap refusal: a match needs every character
    stop = len(folded) if end is None else end
    if origin is not None:  # the window in folded offsets
        start = bisect.bisect_left(origin, start)
        stop = len(folded) if end is None else bisect.bisect_left(origin, end)
    found: set[tuple[int, int]] = set()
    covered = -1
    for candidate in pattern.finditer(folded, start):
        if candidate.start() >= stop or (first and found):
            break
        begin, finish = candidate.start(1), candidate.end(1)
        if finish <= covered:
            continue
        low, high = max(0, begin - REGION_MARGIN), min(len(folded), finish + REGION_MARGIN)
        pieces = list(runs(folded, low, high))
        # The first and last runs of a region may be cut short: matches touching them are
        # not trusted, and a candidate inside them is decided on the whole text instead.
        head = 1 if low > 0 else 0
        last = len(pieces) - (2 if high < len(folded) else 1)
        if head > last or begin < pieces[head][2] or finish > pieces[last][3]:
            found = {span for span in _match_runs(folded, list(runs(folded)), tokens) if start <= span[0] < stop}
            break
        trusted_from, trusted_to = pieces[head][2], pieces[last][3]
        found.update(span for span in _match_runs(folded, pieces, tokens)
                     if span[0] >= trusted_from and span[1] <= trusted_to and start <= span[0] < stop)
        covered = trusted_to
    spans = sorted(found)[:1] if first else sorted(found)
    if origin is None:
        return spans
    return [(origin[s], origin[e - 1] + 1) for s, e in spans]


REGION_MARGIN = 48  # characters tokenized either side of a candidate
_SEPARATORS = f"[^a-z0-9{CJK}]*"


@functools.lru_cache(maxsize=256)
def _query_plan(query: str) -> tuple[Tokens, frozenset[str], re.Pattern[str]]:
    """A query term's tokens, characters and loose pattern, made once per term (a search asks
    for them once per hit and page)."""
    tokens = query_tokens(query)
    pieces = [run for run, _, _, _ in runs(fold(query)[0])]
    return tokens, frozenset(char for tok, _ in tokens for char in tok), _loose_pattern(pieces)


def _loose_pattern(pieces: list[str]) -> re.Pattern[str]:
    """Every start of a possible match (a lookahead, so overlapping ones too)."""
    parts = ["\\s*".join(map(re.escape, piece)) if not piece.isascii() else re.escape(piece) for piece in pieces]
    return re.compile(f"(?=({_SEPARATORS.join(parts)}))")


def _match_runs(folded: str, pieces: list[tuple[str, int, int, int]], tokens: Tokens) -> list[tuple[int, int]]:
    """Spans (in the folded text) where the query tokens sit at their offsets among these runs."""
    chars = {char for tok, _ in tokens for char in tok}
    where: dict[str, list[int]] = {}
    wanted = {tok for tok, _ in tokens}
    char = lone_character(tokens)
    for run, pos, _, _ in pieces:
        if chars.isdisjoint(run):
            continue  # none of its tokens can be a query token
        texts: list[str] = []
        positions: list[int] = []
        _run_tokens(run, pos, texts, positions)
        for token, at in zip(texts, positions):
            if token in wanted or (char is not None and token[0] == char):
                where.setdefault(char or token, []).append(at)
    if char is not None:
        starts = sorted(set(where.get(char, [])))
    else:
        found: set[int] | None = None
        for token, offset in tokens:
            here = {at - offset for at in where.get(token, []) if at >= offset}
            found = here if found is None else found & here
            if not found:
                return []
        starts = sorted(found or ())
    width = _width(tokens)
    firsts = [pos for _, pos, _, _ in pieces]
    return [(_unit(folded, pieces, firsts, p)[0], _unit(folded, pieces, firsts, p + width - 1)[1]) for p in starts]


def _unit(folded: str, pieces: list[tuple[str, int, int, int]], firsts: list[int], position: int) -> tuple[int, int]:
    """The span in the folded text of the word or character at a position."""
    run, pos, start, end = pieces[bisect.bisect_right(firsts, position) - 1]
    if run[0].isascii():
        return start, end
    if len(run) == end - start:  # no white space inside the run
        return start + position - pos, start + position - pos + 1
    for k, match in enumerate(_CJK_CHAR.finditer(folded, start, end)):
        if k == position - pos:
            return match.span()
    raise AssertionError("position outside its run")
