"""Who signed and sealed a document, against the department folder it was filed under.

The issuer is read from the 落款 (or the title's opening, as the tagger reads it); a seal's
ring text, read by OCR and matched to the nearest known body (OCR of curved seal text is
rough: 「融水苗族是治县人民政府」), names the sealing body too. A department filing another
body's document is often right (a 批复 it received), so a mismatch is shown, never acted on.
"""

from __future__ import annotations

import difflib
import re

from archive.catalog import Catalog
from indexer.tagging.lines import tail_lines
from indexer.tagging.owner import folder_departments, issuer

COUNTY_GOVERNMENT = "县人民政府"
_COUNTY_GOVERNMENT_LINE = re.compile(r"(?:融水苗族自治县|融水县|县)人民政府(?:办公室)?\s*$")
RING_MIN_RATIO = 0.55
RING_MARGIN = 0.08


def ring_body(ring: str, catalog: Catalog) -> str | None:
    """The department (short name) or 县人民政府 the ring text names: a name of three or more
    characters read whole (「林业局」), else the nearest full name by a clear margin."""
    if len(ring) < 4:
        return None
    exact = sorted(((len(n), d.short) for d in catalog.departments for n in d.names() if len(n) >= 3 and n in ring),
                   reverse=True)
    if exact:
        return exact[0][1]
    if "人民政府" in ring:
        return COUNTY_GOVERNMENT
    candidates = {f"{catalog.county}人民政府": COUNTY_GOVERNMENT}
    for d in catalog.departments:
        full = d.name if not d.name.startswith("县") else catalog.county + d.name[1:]
        candidates[full] = d.short
    scored = sorted(((difflib.SequenceMatcher(None, ring, full).ratio(), short)
                     for full, short in candidates.items()), reverse=True)
    best, second = scored[0], scored[1]
    return best[1] if best[0] >= RING_MIN_RATIO and best[0] - second[0] >= RING_MARGIN else None


def signature_facts(title: str, paths: list[str], pages: list[str], seals: list[dict] | None,
                    catalog: Catalog) -> tuple[str | None, str | None]:
    """(issuer's name, a Chinese note when the 落款 or the seal differs from the filing folder)."""
    named = issuer(title, pages, catalog)
    name = named.short if named else None
    if name is None:
        tail = tail_lines(next((p for p in reversed(pages) if p.strip()), ""), catalog.tagging.issuer_tail_lines)
        if any(_COUNTY_GOVERNMENT_LINE.search(ln) for ln in tail):
            name = COUNTY_GOVERNMENT
    ring = next((s.get("ring_text") for s in seals or [] if s.get("ring_text")), "")
    sealed_by = ring_body(ring, catalog) if ring else None
    if name is None and sealed_by is not None:
        name = sealed_by
    folders = folder_departments(paths, catalog)
    if not folders:
        return name, None
    folder = folders[0]
    notes = []
    if named is not None and named.number != folder.number:
        notes.append(f"落款单位为{named.short}，但文件放在{folder.short}的文件夹")
    if sealed_by not in (None, COUNTY_GOVERNMENT, folder.short):
        notes.append(f"公章为{sealed_by}（识别文字「{ring}」），与所在文件夹{folder.short}不一致")
    return name, "；".join(notes) or None
