"""Which of a duty's deliverables a document supplies.

「决议文件和专项转移支付资金相关材料」 is two things; one of them alone must leave the duty
partial. A deliverable is supplied by its document kinds, its title cues or its (specific) body
phrases; a document that names none of them supplies the duty's default deliverable, if any.
"""

from __future__ import annotations

from archive.catalog import Deliverable, Item

from .matching import compiled
from .rules import DocText


def supplied(item: Item, doc: DocText, doc_type: str | None, years: list[int] = ()) -> tuple[list[str], list[Deliverable]]:
    """The keys of the deliverables the document supplies, and those it would supply but for its
    years (a 2019 budget resolution, where the plan asks for 2020's)."""
    if len(item.deliverables) == 1:
        return [item.deliverables[0].key], []
    possible = [d for d in item.deliverables if not any(compiled(c).search(doc.title) for c in d.not_title)]
    named = [d for d in possible
             if doc_type in d.kinds or any(compiled(c).search(doc.title) for c in d.cues)
             or any(doc.any_hit(c) for c in d.body)]
    if not named:
        named = [d for d in possible if d.default]
    wrong_years = [d for d in named if d.years and years and not set(years) & set(d.years)]
    return [d.key for d in named if d not in wrong_years], wrong_years
