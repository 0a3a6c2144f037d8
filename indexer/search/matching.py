"""Query evaluation over whole posting lists as arrays.

A query is a conjunction of terms, each an exact string sought in the title or the content,
narrowed by keyword filters and minus excluded terms. A term of several tokens matches where
its tokens sit at their query offsets; with positions keyed as (document << 32 | position −
offset), that is an intersection of sorted integer arrays, done by numpy instead of one
document at a time in Python. Ranking is BM25 over phrase frequencies, the title boosted.
Segments are evaluated one by one (Whoosh's per-segment document numbers); collection
statistics are summed over them so every segment scores alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from indexer.search.postings import Postings, field_lengths, live_mask, read_postings, sort_column

K1 = 1.2
B = 0.75
FIELDS = {"title": 4.0, "content": 1.0}

Tokens = list[tuple[str, int]]


@dataclass
class Hits:
    """Documents of one segment matching one term in one field, with the term's frequency."""

    docs: np.ndarray
    tf: np.ndarray


NO_HITS = Hits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@dataclass
class Plan:
    include: list[Tokens]
    exclude: list[Tokens] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Ranked:
    """Matching documents across segments, best first: segment number, local document, score."""

    total: int
    segment: np.ndarray
    local: np.ndarray
    score: np.ndarray
    segments: list[tuple[object, np.ndarray, list]]

    def page(self, offset: int, limit: int) -> list[tuple[object, int, float]]:
        end = offset + limit
        return [(self.segments[s][0], int(d), float(v)) for s, d, v in
                zip(self.segment[offset:end], self.local[offset:end], self.score[offset:end])]


def _phrase(reader, fieldname: str, tokens: Tokens, within: np.ndarray | None) -> Hits:
    """Documents (of `within`, when given) where the tokens sit at their offsets."""
    if len(tokens) == 1 and len(tokens[0][0]) == 1 and not tokens[0][0].isascii():
        return _prefix(reader, fieldname, tokens[0][0], within)
    if not all((fieldname, text) in reader for text, _ in tokens):
        return NO_HITS
    # Rarest first: the candidate set shrinks before the common tokens' positions are decoded.
    ordered = sorted(tokens, key=lambda item: reader.doc_frequency(fieldname, item[0]))
    docs = within
    lists: list[tuple[Postings, int]] = []
    for text, offset in ordered:
        postings = read_postings(reader, fieldname, text)
        docs = postings.ids if docs is None else np.intersect1d(docs, postings.ids, assume_unique=True)
        if not len(docs):
            return NO_HITS
        lists.append((postings, offset))
    if len(lists) == 1:
        postings = lists[0][0]
        if within is None:
            return Hits(postings.ids, postings.frequencies())
        keep = np.isin(postings.ids, docs, assume_unique=True)
        return Hits(postings.ids[keep], postings.frequencies()[keep])
    keys = None
    for postings, offset in lists:
        mask = None if len(postings.ids) == len(docs) else np.isin(postings.ids, docs, assume_unique=True)
        doc, pos = postings.positions(mask)
        start = pos - offset
        valid = start >= 0
        mine = (doc[valid] << 32) | start[valid]
        keys = mine if keys is None else keys[np.isin(keys, mine, assume_unique=True)]
        if not len(keys):
            return NO_HITS
    found, counts = np.unique(keys >> 32, return_counts=True)
    return Hits(found, counts.astype(np.float64))


def _prefix(reader, fieldname: str, char: str, within: np.ndarray | None) -> Hits:
    """A lone Chinese character: its unigram (run edges) or any bigram it starts."""
    chunks = [read_postings(reader, fieldname, term, values=False).ids
              for term in reader.expand_prefix(fieldname, char)]
    if not chunks:
        return NO_HITS
    found, counts = np.unique(np.concatenate(chunks), return_counts=True)
    if within is not None:
        keep = np.isin(found, within, assume_unique=True)
        found, counts = found[keep], counts[keep]
    return Hits(found, counts.astype(np.float64))


def _union(hits: list[Hits]) -> np.ndarray:
    arrays = [h.docs for h in hits if len(h.docs)]
    if not arrays:
        return NO_HITS.docs
    return arrays[0] if len(arrays) == 1 else np.unique(np.concatenate(arrays))


def _keyword_docs(reader, fieldname: str, value: str) -> np.ndarray:
    return read_postings(reader, fieldname, value, values=False).ids


def _document_frequency(reader, fieldname: str, tokens: Tokens) -> int:
    """Documents that may hold the term: its rarest token's count, from the term dictionary
    (exact phrase counts would cost the matching that filters let us skip)."""
    return min(reader.doc_frequency(fieldname, text) for text, _ in tokens)


def evaluate(searcher, plan: Plan) -> Ranked:
    """Match and rank; nothing here reads stored fields, so cost follows the postings read.

    Filters go first and every term is matched only within the documents still in play, the
    rarest term first, so a narrow query never decodes a common token's positions."""
    top = searcher.reader()
    df = {(t, f): _document_frequency(top, f, tokens) for t, tokens in enumerate(plan.include) for f in FIELDS}
    rarest_first = sorted(range(len(plan.include)), key=lambda t: min(df[(t, f)] for f in FIELDS))
    segments = []
    for reader, _ in top.leaf_readers():
        count = reader.doc_count_all()
        if count == 0:
            continue
        docs: np.ndarray | None = None
        for name, value in plan.filters:
            ids = _keyword_docs(reader, name, value)
            docs = ids if docs is None else np.intersect1d(docs, ids, assume_unique=True)
        term_hits: list[dict[str, Hits]] = [{} for _ in plan.include]
        for t in rarest_first:
            if docs is not None and not len(docs):
                break
            term_hits[t] = {f: _phrase(reader, f, plan.include[t], docs) for f in FIELDS}
            docs = _union(list(term_hits[t].values()))
        if docs is None:
            docs = np.arange(count, dtype=np.int64)
        for tokens in plan.exclude:
            if not len(docs):
                break
            out = _union([_phrase(reader, f, tokens, docs) for f in FIELDS])
            docs = np.setdiff1d(docs, out, assume_unique=True)
        live = live_mask(reader)
        if live is not None and len(docs):
            docs = docs[live[docs]]
        segments.append((reader, docs, [hits or {f: NO_HITS for f in FIELDS} for hits in term_hits]))

    total = sum(len(docs) for _, docs, _ in segments)
    seg_index, local, scores, keys = [], [], [], []
    n = max(1, searcher.doc_count_all())
    avg = {f: max(1.0, searcher.reader().field_length(f) / n) for f in FIELDS}
    idf = {key: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for key, d in df.items()}
    for k, (reader, docs, term_hits) in enumerate(segments):
        if not len(docs):
            continue
        seg_index.append(np.full(len(docs), k, dtype=np.int64))
        local.append(docs)
        # Ties (and a query of filters only) put the newest document first.
        keys.append(sort_column(reader, "num")[docs])
        score = np.zeros(len(docs), dtype=np.float64)
        for f, boost in FIELDS.items():
            if not term_hits:
                break
            lengths = field_lengths(reader, f)[docs]
            norm = K1 * (1.0 - B + B * lengths / avg[f])
            for t, by_field in enumerate(term_hits):
                hits = by_field[f]
                if not len(hits.docs):
                    continue
                where = np.searchsorted(hits.docs, docs)
                where[where >= len(hits.docs)] = 0
                tf = np.where(hits.docs[where] == docs, hits.tf[where], 0.0)
                score += boost * idf[(t, f)] * tf * (K1 + 1.0) / (tf + norm)
        scores.append(score)
    if not local:
        empty = NO_HITS.docs
        return Ranked(total, empty, empty, NO_HITS.tf, segments)
    seg_all, local_all = np.concatenate(seg_index), np.concatenate(local)
    score_all, key_all = np.concatenate(scores), np.concatenate(keys)
    ranking = np.lexsort((-key_all, -score_all))
    return Ranked(total, seg_all[ranking], local_all[ranking], score_all[ranking], segments)


def facet_counts(ranked: Ranked, names: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """How many matching documents carry each value of each keyword field."""
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for reader, docs, _ in ranked.segments:
        if not len(docs):
            continue
        for name in names:
            bucket = counts[name]
            for term in reader.lexicon(name):
                value = term.decode("utf-8")
                if not value:
                    continue
                n = len(np.intersect1d(_keyword_docs(reader, name, term), docs, assume_unique=True))
                if n:
                    bucket[value] = bucket.get(value, 0) + n
    return counts
