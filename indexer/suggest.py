"""Suggest tags on documents that resemble ones a reviewer corrected.

The rules miss what nobody wrote a rule for; a reviewer who tags one county's 「林下经济示范基地验收」
to 9.2 is telling us how this county writes. Documents are compared as TF-IDF vectors of character
2–3-grams fitted on the home's own documents (so the county's boilerplate — its name, the 落款,
dates — weighs nothing); a document at least `min_similarity` alike to a corrected example of a
duty, and more alike to it than to any document a person said does not serve that duty, gets a
suggestion naming the example. Nothing is stored but the suggestions.
"""

from __future__ import annotations

from typing import Iterable

from archive import suggestions as records
from archive.catalog import Catalog
from archive.store import Archive

MIN_SIMILARITY = 0.3
MAX_CHARS = 20000


def vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                           max_features=300_000)


def document_text(archive: Archive, doc_id: int) -> str:
    row = archive.document(doc_id)
    body = "\n".join(p["text"] for p in archive.pages(doc_id))
    return f"{row['title'] or ''}\n{body}"[:MAX_CHARS]


def refresh(archive: Archive, catalog: Catalog, items: Iterable[str] | None = None,
            min_similarity: float = MIN_SIMILARITY) -> int:
    """Recompute the open suggestions of `items` (default: every corrected duty); returns how many."""
    yes, no = records.corrections(archive)
    wanted = sorted(set(items) if items is not None else set(yes) | set(no))
    if not wanted:
        return 0
    candidates = [r["id"] for r in archive.documents() if r["status"] == "indexed"]
    texts = {i: document_text(archive, i) for i in candidates}
    vec = vectorizer()
    found: list[records.Suggestion] = []
    matrix = vec.fit_transform([texts[i] for i in candidates]) if len(candidates) > 1 else None
    index = {doc: n for n, doc in enumerate(candidates)}
    for item in wanted:
        positives = [d for d in sorted(yes.get(item, ())) if d in index]
        if not positives or matrix is None:
            continue
        negatives = [d for d in sorted(no.get(item, ())) if d in index]
        pos_sim = (matrix @ matrix[[index[d] for d in positives]].T).toarray()
        neg_sim = (matrix @ matrix[[index[d] for d in negatives]].T).toarray().max(axis=1) if negatives else None
        tagged = {d for d in candidates if item in archive.items_of(d)}
        for doc, n in index.items():
            if doc in tagged or doc in no.get(item, ()):
                continue
            best = int(pos_sim[n].argmax())
            score = float(pos_sim[n, best])
            if score < min_similarity or (neg_sim is not None and neg_sim[n] >= score):
                continue
            found.append(records.Suggestion(doc, item, score, positives[best]))
    records.replace_open(archive, wanted, found)
    return len(found)
