"""Which of a duty's deliverables a document supplies.

「决议文件和专项转移支付资金相关材料」 is two things; one of them alone must leave the duty
partial. A deliverable is supplied by its document kinds, its title cues or its (specific) body
phrases; a document that names none of them supplies the duty's default deliverable, if any.
"""

from __future__ import annotations

from archive.catalog import Item

from .matching import compiled
from .rules import DocText


def supplied(item: Item, doc: DocText, doc_type: str | None) -> list[str]:
    if len(item.deliverables) == 1:
        return [item.deliverables[0].key]
    keys = [d.key for d in item.deliverables
            if doc_type in d.kinds or any(compiled(c).search(doc.title) for c in d.cues)
            or any(doc.any_hit(c) for c in d.body)]
    return keys or [d.key for d in item.deliverables if d.default]
