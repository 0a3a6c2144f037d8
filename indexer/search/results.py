"""Search hits as users see them: the index finds and ranks, the archive supplies the record and
the page text for snippets. The shape of `evidence search --json` and of /api/search.

Around the exact hits (`total`, `hits`: unchanged semantics) a search may also carry, each
separate and never counted in `total`:
* `duty`: the duty the query names (by number, title or plan wording) as a card;
* `related`: for an unquoted query of several words or a long phrase with few exact hits, the
  documents sharing some of its tokens, ranked by the engine's BM25 (see SearchIndex.related);
* `also_search`: other words for the query's words from the catalog's subject vocabularies."""

from __future__ import annotations


from datetime import date

from archive import clock
from archive.catalog import Catalog
from archive.records import document_record
from archive.store import Archive
from indexer.search.analysis import query_tokens
from indexer.search.duties import duty_card, match_duties
from indexer.search.index import SearchIndex
from indexer.search.query import parse_query
from indexer.search.snippets import make_snippet
from indexer.search.synonyms import suggestions

FEW_EXACT = 10          # fewer exact hits than this: related results follow
RELATED_LIMIT = 10
RELATED_MIN_TOKENS = 3  # a query of one or two short words is answered by its exact hits alone
SNIPPET_TOKENS = 24


def search_documents(archive: Archive, index: SearchIndex, query: str, *, department: str | None = None,
                     item: str | None = None, doc_type: str | None = None, year: str | int | None = None,
                     limit: int = 20, offset: int = 0, facets: bool = False, catalog: Catalog | None = None,
                     as_of: date | None = None) -> dict:
    result = index.search(query, department=department, item=item, doc_type=doc_type, year=year,
                          limit=limit, offset=offset, facets=facets)
    words = [t.text for t in result.terms if not t.exclude]
    hits = [_hit(archive, doc_id, score, words) for doc_id, score in result.hits]
    out = {"total": result.total, "hits": hits}
    if facets:
        out["facets"] = result.facets
    related = []
    if offset == 0 and result.total < FEW_EXACT and wants_related(query):
        found = index.related(query, department=department, item=item, doc_type=doc_type, year=year,
                              limit=RELATED_LIMIT)
        tokens = list(dict.fromkeys(tok for w in words for tok, _ in query_tokens(w)))[:SNIPPET_TOKENS]
        related = [_hit(archive, doc_id, score, tokens) for doc_id, score in found.hits]
    out["related"] = related
    out["duty"] = None
    out["also_search"] = []
    if catalog is not None and query.strip():
        matches = match_duties(catalog, query)
        if matches:
            out["duty"] = duty_card(archive, catalog, matches, as_of or clock.today())
        out["also_search"] = suggestions(query, catalog.subjects, lambda q: index.search(
            q, department=department, item=item, doc_type=doc_type, year=year, limit=1).total)
    return out


def wants_related(query: str) -> bool:
    """An unquoted query of several words, or of one long phrase: an exact match may be too
    narrow for what was meant. A quoted query asked for the exact string only."""
    if '"' in query or "“" in query or "”" in query:
        return False
    include = [t for t in parse_query(query) if not t.exclude]
    return bool(include) and sum(len(query_tokens(t.text)) for t in include) >= RELATED_MIN_TOKENS


def _hit(archive: Archive, doc_id: int, score: float, words: list[str]) -> dict:
    record = document_record(archive, archive.document(doc_id))
    pages = [(p["page_no"], p["text"]) for p in archive.pages(doc_id)]
    snippet = make_snippet(pages, words)
    return {
        "id": doc_id, "source_path": record["source_path"], "department": record["department"],
        "items": record["items"], "score": round(score, 4), "snippet": snippet.html, "page": snippet.page,
        "title": record["title"], "doc_type": record["doc_type"], "years": record["years"],
        "status": record["status"], "format": record["format"],
        "seal": record["seal"], "seal_pages": record["seal_pages"], "issuer_note": record["issuer_note"],
    }


def search_counties(index, query: str, counties: list[str], *, home_county: str, department: str | None = None,
                    item: str | None = None, doc_type: str | None = None, year: str | int | None = None,
                    limit: int = 20, offset: int = 0, facets: bool = False) -> dict:
    """The province scope: one search over `counties` (the caller checked the user may read each;
    `index` is the cluster's PostgresSearchIndex). Each hit names its county and is shown from
    what the index stores, since this node opens only its own county's archive; `here` says
    whether it is this node's county (whose document page it can open)."""
    result = index.search_across(query, counties, department=department, item=item, doc_type=doc_type,
                                 year=year, limit=limit, offset=offset, facets=facets)
    words = [t.text for t in result.terms if not t.exclude]
    stored = index.stored([(county, doc_id) for county, doc_id, _ in result.hits])
    hits = []
    for county, doc_id, score in result.hits:
        doc = stored.get((county, doc_id))
        if doc is None:  # removed between the two reads
            continue
        snippet = make_snippet([(1, doc["content"])], words)
        hits.append({"county": county, "id": doc_id, "here": county == home_county, "title": doc["title"],
                     "content_title": None,
                     "department": (doc["departments"] or [None])[0], "items": doc["items"],
                     "doc_type": doc["doc_type"], "years": doc["years"], "score": round(score, 4),
                     "snippet": snippet.html})
    out = {"scope": "province", "counties": counties, "total": result.total, "hits": hits,
           "related": [], "duty": None, "also_search": []}
    if facets:
        out["facets"] = result.facets
    return out
