"""文号 (document numbers) such as 融发改〔2019〕35号.

Scans and OCR write the year brackets in many ways (〔〕 [] ［］ 【】 （）); they are normalised
to 〔〕 so the same number found twice compares equal. Only a document's *own* number is
wanted, so body citations (「按照融政办发〔2020〕67号文件要求」) are ignored: the own number
is in the title or on a line of its own near the top of the first page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import head_lines

_OPEN, _CLOSE = "〔\\[［【(（", "〕\\]］】)）"
DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{0,12}})\s*[{_OPEN}]\s*((?:19|20)\d{{2}})\s*[{_CLOSE}]\s*第?\s*(\d(?: ?\d){{0,4}})\s*号")  # OCR may space the serial: 〔2020〕6 7号
HEADER_LINES = 10


@dataclass(frozen=True)
class DocNumber:
    issuer_code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.issuer_code}〔{self.year}〕{self.serial}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """First 文号 in ``text``, normalised."""
    m = DOC_NUMBER.search(text)
    return _number(m) if m else None


def own_doc_number(title: str, pages: list[str]) -> DocNumber | None:
    """The document's own 文号: in the title, else a header line that is only a 文号."""
    hit = parse_doc_number(title)
    if hit:
        return hit
    first = next((p for p in pages if p.strip()), "")
    for line in head_lines(first, HEADER_LINES):
        m = DOC_NUMBER.fullmatch(line)
        if m:
            return _number(m)
    return None


def _number(m: re.Match[str]) -> DocNumber:
    return DocNumber(m.group(1), int(m.group(2)), int(m.group(3).replace(" ", "")))
