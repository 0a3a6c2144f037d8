"""Pinyin glosses read past: a web page saved in a portal's 拼音 reading mode prints every
character's pinyin after it (「乡(xiāng)镇(zhèn)污水」), which splits every phrase a rule or a clerk
would look for. Tagging reads the page without them; the page itself is kept as captured.

>>> strip_pinyin_glosses("泾县8个乡(xiāng)镇(zhèn)污水处理厂")
'泾县8个乡镇污水处理厂'
>>> strip_pinyin_glosses("COD(化学需氧量) 与 (a) 项")
'COD(化学需氧量) 与 (a) 项'
>>> strip_pinyin_glosses("清运量(t) 长度(km)")
'清运量(t) 长度(km)'
"""

from __future__ import annotations

import re

from indexer.extract.normalize import CJK

_LETTER = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"
_VOWEL = "aeiouāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# a syllable has a vowel: a unit after a column's name (「清运量(t)」「长度(km)」) is no gloss
_GLOSS = re.compile(f"(?<=[{CJK}])[(（](?=[{_LETTER}]{{0,6}}[{_VOWEL}])[{_LETTER}]{{1,7}}[)）]")
# what every gloss holds: a bracket and a pinyin letter (the lookbehind makes _GLOSS try every position)
_BRACKETED_LETTER = re.compile(f"[(（][{_LETTER}]")


def strip_pinyin_glosses(text: str) -> str:
    """The text without a lower-case pinyin syllable in brackets right after a Chinese character."""
    return _GLOSS.sub("", text) if _BRACKETED_LETTER.search(text) else text
