"""Traditional characters read as simplified, for matching only: a county's page served in
traditional characters (a Hong Kong mirror, an old portal, a Taiwan-made template) is the same
text to tagging and search, while the page itself is stored and shown as it was written.

Character by character (the table is made from OpenCC by scripts/make_simplified_table.py), so
every character keeps its place and a span found in folded text is the same span on the page.

>>> to_simplified("揚中市第三次國土調查主要數據公報")
'扬中市第三次国土调查主要数据公报'
>>> to_simplified("融水县生态环境局")
'融水县生态环境局'
"""

from __future__ import annotations

import re
from pathlib import Path

TABLE_FILE = Path(__file__).with_name("simplified_chars.txt")


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line
            table[ord(traditional)] = simplified
    return table


TABLE = _table()
_ANY = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(TABLE)) + "]")


def to_simplified(text: str) -> str:
    """The text with traditional characters replaced by their simplified forms, same length
    (a scan for any such character first: most pages have none, and the scan is ten times
    cheaper than the translation)."""
    return text.translate(TABLE) if _ANY.search(text) else text
