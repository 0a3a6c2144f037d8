"""Document type from the catalog's vocabulary.

Titles are the most reliable signal (the 文种 is the last word of a Chinese official title),
so title cues decide first, in the catalog's order; body formulas (「特此说明」, 「经研究，同意」,
CMA / 报告编号) only decide when the title is a bare file name.
"""

from __future__ import annotations

from archive.catalog import Catalog, DocType

from .matching import compiled

BODY_HEAD_CHARS = 4000


def classify(title: str, pages: list[str], catalog: Catalog) -> DocType | None:
    for dt in catalog.doc_types:
        if any(compiled(c).search(title) for c in dt.title_cues):
            return dt
    body = "\n".join(pages)
    probe = body[:BODY_HEAD_CHARS] + "\n" + body[-BODY_HEAD_CHARS:]
    for dt in catalog.doc_types:
        if any(compiled(c).search(probe) for c in dt.body_cues):
            return dt
    return None
