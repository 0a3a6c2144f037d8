"""Digits OCR read as letters (「2O20年」「l0月」「lOO%」「l3,842吨」), read back as digits for tagging
and for the figures a page reports.

Only runs of digits and the look-alike letters O, o (and Cyrillic О) and l that hold a real digit, or that end in a
unit of counting (年 月 日 号 %), and that touch no other Latin letter: 「SO2」 and 「NOx」 stay as they
are. The stored text is not changed; search matches what the page says.
"""

from __future__ import annotations

import re

_RUN = re.compile(r"(?<![A-Za-z])(?:(?=[0-9OoОl,.]*[0-9])[0-9OoОl](?:[,.]?[0-9OoОl])+|[OoОl][0-9OoОl]*(?=[年月日号%]))"
                  r"(?![A-Za-z])")
_DIGITS = str.maketrans("OoОl", "0001")  # О: the Cyrillic letter, as some OCR models emit it


# what every run _RUN changes holds: a look-alike letter beside a digit or letter (through one
# separator), or before a unit of counting; found far faster than _RUN, whose lookbehind is tried at
# every character
_LETTER_BESIDE = re.compile(r"[OoОl][,.]?[0-9OoОl]|[0-9][,.]?[OoОl]|[OoОl][年月日号%]")


def ocr_digits(text: str) -> str:
    if "O" not in text and "o" not in text and "l" not in text and "О" not in text:
        return text
    if not _LETTER_BESIDE.search(text):
        return text
    return _RUN.sub(lambda m: m.group(0).translate(_DIGITS), text)
