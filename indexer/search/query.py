"""User query text → engine-neutral terms: space-separated terms are ANDed, quoted phrases are
exact, a leading minus excludes.

>>> parse_query('转移支付 "污水 处理厂" -培训')
[QueryTerm(text='转移支付', exclude=False), QueryTerm(text='污水处理厂', exclude=False), QueryTerm(text='培训', exclude=True)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.extract.normalize import normalize_text

_PART = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class QueryTerm:
    text: str
    exclude: bool = False


def parse_query(text: str) -> list[QueryTerm]:
    text = unicodedata.normalize("NFKC", text.replace("“", '"').replace("”", '"'))
    terms: list[QueryTerm] = []
    for match in _PART.finditer(text):
        if match.group(2) is not None:
            body, exclude = match.group(2).strip(), bool(match.group(1))
        else:
            body = match.group(3)
            exclude = body.startswith("-") and len(body) > 1
            body = body[1:] if exclude else body
        body = normalize_text(body)
        if body:
            terms.append(QueryTerm(body, exclude))
    return terms
