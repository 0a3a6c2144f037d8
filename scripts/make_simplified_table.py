"""Write the table of traditional Chinese characters and their simplified forms that tagging and
search fold text with (indexer/extract/simplified_chars.txt), once, from OpenCC's t2s data; the
table is shipped as package data, so OpenCC is needed only to remake it (the `models` extra).

Why character by character: folding must keep every character in place, so a highlighted span
found in the folded text is the same span of the page as shown. OpenCC's phrase rules change
lengths; its character table (STCharacters) does not. Characters that are also everyday
simplified characters with another meaning are left as they are (乾 is also 乾县, 乾坤).

OpenCC is Apache License 2.0 (see the header written into the table).

    python scripts/make_simplified_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import opencc

TABLE = Path(__file__).resolve().parent.parent / "indexer" / "extract" / "simplified_chars.txt"
RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
KEEP = "乾"


def pairs() -> list[tuple[str, str]]:
    chars = [chr(c) for start, end in RANGES for c in range(start, end)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise SystemExit("OpenCC changed the number of lines: the table would be misaligned")
    return [(a, b) for a, b in zip(chars, converted) if a != b and len(b) == 1 and a not in KEEP]


def main() -> int:
    rows = pairs()
    header = ("# traditional → simplified, one character each; made by scripts/make_simplified_table.py\n"
              f"# from OpenCC {getattr(opencc, '__version__', '')} t2s (Apache License 2.0, "
              "https://github.com/BYVoid/OpenCC)\n")
    TABLE.write_text(header + "".join(f"{a}{b}\n" for a, b in rows), encoding="utf-8")
    print(f"{len(rows)} characters → {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
