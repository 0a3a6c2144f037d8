"""One normalisation for every extractor, so a phrase is found whether it came from a scan
or from a text layer.

>>> normalize_text("转 移 支 付 资 金 ， ＣＯＤ　２０１９")
'转移支付资金, COD 2019'
"""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"
_CJK_CLASS = f"[{CJK}]"
_SPACE_BETWEEN_CJK = re.compile(f"(?<={_CJK_CLASS})[ \\t\\u3000\\u00a0]+(?={_CJK_CLASS})")
_SPACE_CJK_PUNCT = re.compile(f"(?<={_CJK_CLASS})[ \\t]+(?=[,.;:!?)\\]》」』〕】])|(?<=[(\\[《「『〔【])[ \\t]+(?={_CJK_CLASS})")
_RUNS_OF_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u200b-\u200f\u2028\u2029\ufeff]")

# NFKC folds full-width forms; these are the variants it leaves that scans and text layers
# still disagree on. Document-number brackets 〔〕 are kept: they are part of a 文号.
_PUNCT = str.maketrans({
    "\uff61": "。",
    "\u2014": "—",
    "\u2015": "—",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u3001": "、",
    "\u2236": ":",
})


_PUNCT_PAIRS = tuple((chr(k), v) for k, v in _PUNCT.items() if chr(k) != v)  # no output is also an input
_SPACES = (" ", "\t", "\u3000", "\u00a0")


# A character some step below would remove or change in text already in NFKC form: white space
# (line breaks included: lines are stripped), control characters and the punctuation variants.
_CHANGEABLE = re.compile("[\\s" + _CONTROL.pattern[1:-1] + "".join(old for old, _ in _PUNCT_PAIRS) + "]")


def normalize_text(text: str) -> str:
    """NFKC, unified punctuation, and no spaces between Chinese characters."""
    if _CHANGEABLE.search(text) is None and unicodedata.is_normalized("NFKC", text):
        return text  # most table cells: `normalized` would return them as they are
    return normalized(text)


def normalized(text: str) -> str:
    """`normalize_text` without the check for text it would leave as it is."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFKC", text)
    for old, new in _PUNCT_PAIRS:  # str.translate looks up every character; these few are rare
        if old in text:
            text = text.replace(old, new)
    if any(space in text for space in _SPACES):
        text = _SPACE_BETWEEN_CJK.sub("", text)
        text = _SPACE_CJK_PUNCT.sub("", text)
        text = _RUNS_OF_SPACE.sub(" ", text)  # never spans a line break
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
