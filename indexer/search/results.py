"""Search hits as users see them: the index finds and ranks, the archive supplies the record and
the page text for snippets. The shape of `evidence search --json` and of /api/search."""

from __future__ import annotations

from archive.records import document_record
from archive.store import Archive
from indexer.search.index import SearchIndex
from indexer.search.snippets import make_snippet


def search_documents(archive: Archive, index: SearchIndex, query: str, *, department: str | None = None,
                     item: str | None = None, doc_type: str | None = None, year: str | int | None = None,
                     limit: int = 20, offset: int = 0, facets: bool = False) -> dict:
    result = index.search(query, department=department, item=item, doc_type=doc_type, year=year,
                          limit=limit, offset=offset, facets=facets)
    words = [t.text for t in result.terms if not t.exclude]
    hits = []
    for doc_id, score in result.hits:
        record = document_record(archive, archive.document(doc_id))
        pages = [(p["page_no"], p["text"]) for p in archive.pages(doc_id)]
        snippet = make_snippet(pages, words)
        hits.append({
            "id": doc_id, "source_path": record["source_path"], "department": record["department"],
            "items": record["items"], "score": round(score, 4), "snippet": snippet.html, "page": snippet.page,
            "title": record["title"], "doc_type": record["doc_type"], "years": record["years"],
            "status": record["status"], "format": record["format"],
            "seal": record["seal"], "seal_pages": record["seal_pages"], "issuer_note": record["issuer_note"],
        })
    out = {"total": result.total, "hits": hits}
    if facets:
        out["facets"] = result.facets
    return out
