"""Who signed and sealed a document, against the department folder it was filed under.

The issuer is read from the 落款 (or the title's opening, as the tagger reads it); a seal's
ring text, when one was read, names the sealing body too. A department filing another body's
document is often right (a 批复 it received), so a mismatch is shown, never acted on.
"""

from __future__ import annotations

import re

from archive.catalog import Catalog
from indexer.tagging.owner import folder_departments, issuer

_COUNTY_GOVERNMENT = re.compile(r"(?:融水苗族自治县|融水县|县)人民政府(?:办公室)?\s*$")


def signature_facts(title: str, paths: list[str], pages: list[str], seals: list[dict] | None,
                    catalog: Catalog) -> tuple[str | None, str | None]:
    """(issuer's name, a Chinese note when it differs from the filing department's folder)."""
    tail = [ln.strip() for ln in (next((p for p in reversed(pages) if p.strip()), "")).splitlines() if ln.strip()]
    named = issuer(title, pages, catalog)
    name = named.short if named else None
    if name is None and any(_COUNTY_GOVERNMENT.search(ln) for ln in tail[-catalog.tagging.issuer_tail_lines:]):
        name = "县人民政府"
    ring = next((s.get("ring_text") for s in seals or [] if s.get("ring_text")), "")
    ring_dept = next((d for d in catalog.departments for n in d.names() if len(n) >= 3 and n in ring), None)
    folders = folder_departments(paths, catalog)
    if not folders:
        return name, None
    folder = folders[0]
    notes = []
    if named is not None and named.number != folder.number:
        notes.append(f"落款单位为{named.short}，但文件放在{folder.short}的文件夹")
    if ring_dept is not None and ring_dept.number != folder.number:
        notes.append(f"公章文字为「{ring}」（{ring_dept.short}），与所在文件夹{folder.short}不一致")
    return name, "；".join(notes) or None
