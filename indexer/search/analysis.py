"""Chinese-aware analysis with exact-substring semantics.

Chinese text is indexed as overlapping character bigrams, plus a unigram for the first and
last character of every Chinese run. Latin words and numbers are whole lower-cased tokens.
Every character of a Chinese run takes one position, so a query's tokens are always
consecutive and a phrase query over them finds exactly the documents containing the string
(punctuation and white space aside). Word segmentation (jieba) was measured to miss documents,
so it is not used for matching.

>>> [t.text for t in CJKBigramTokenizer()("融发改〔2019〕35号，污水处理厂")]
['融发', '融', '发改', '改', '2019', '35', '号', '污水', '污', '水处', '处理', '理厂', '厂']
>>> [(text, pos) for text, pos in query_tokens("2019年度")]
[('2019', 0), ('年度', 1)]
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from whoosh.analysis import Token, Tokenizer

from indexer.extract.normalize import CJK

_TOKEN = re.compile(f"[{CJK}]+(?:\\s+[{CJK}]+)*|[a-z]+|[0-9]+")
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def index_tokens(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(token, position, start_char, end_char) for indexing."""
    pos = 0
    for match in _TOKEN.finditer(_fold(text)):
        run = match.group()
        start = match.start()
        if run[0].isascii():
            yield run, pos, start, match.end()
            pos += 1
            continue
        run = _SPACE.sub("", run)
        n = len(run)
        if n == 1:
            yield run, pos, start, start + 1
        else:
            yield run[:2], pos, start, start + 2
            yield run[0], pos, start, start + 1
            for i in range(1, n - 1):
                yield run[i:i + 2], pos + i, start + i, start + i + 2
            yield run[-1], pos + n - 1, start + n - 1, start + n
        pos += n


def token_positions(text: str) -> dict[str, list[int]]:
    """Every token of `index_tokens` with its ascending positions, built in bulk for indexing
    (per-token objects through an analyzer chain cost more than extraction itself)."""
    out: dict[str, list[int]] = {}
    pos = 0
    for run in _TOKEN.findall(_fold(text)):
        if run[0].isascii():
            out.setdefault(run, []).append(pos)
            pos += 1
            continue
        parts = run.split()
        if len(parts) > 1:
            run = "".join(parts)
        n = len(run)
        out.setdefault(run[0], []).append(pos)
        if n > 1:
            for i in range(n - 1):
                out.setdefault(run[i:i + 2], []).append(pos + i)
            out.setdefault(run[-1], []).append(pos + n - 1)
        pos += n
    return out


def query_tokens(text: str) -> list[tuple[str, int]]:
    """Tokens a phrase query must find at consecutive positions.

    A Chinese run contributes its bigrams; its last character is added as a unigram only when
    another token follows (the document then also has a run boundary there).
    """
    pieces = [m.group() for m in _TOKEN.finditer(_fold(text))]
    out: list[tuple[str, int]] = []
    pos = 0
    for index, piece in enumerate(pieces):
        if piece[0].isascii():
            out.append((piece, pos))
            pos += 1
            continue
        run = _SPACE.sub("", piece)
        if len(run) == 1:
            out.append((run, pos))
        else:
            out.extend((run[i:i + 2], pos + i) for i in range(len(run) - 1))
            if index + 1 < len(pieces):
                out.append((run[-1], pos + len(run) - 1))
        pos += len(run)
    return out


class CJKBigramTokenizer(Tokenizer):
    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in index_tokens(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def cjk_analyzer() -> CJKBigramTokenizer:
    return CJKBigramTokenizer()
