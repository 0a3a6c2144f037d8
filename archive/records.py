"""The public shape of a document (the CLI's `--json` contract and the web API's)."""

from __future__ import annotations

import json
import sqlite3

from archive.store import Archive


def primary_location(locations: list[sqlite3.Row]) -> sqlite3.Row | None:
    """The live location seen first; failing that, the last place the file was seen."""
    live = [loc for loc in locations if loc["removed_at"] is None and loc["superseded_at"] is None]
    if live:
        return live[0]
    return max(locations, key=lambda loc: loc["id"]) if locations else None


def document_record(archive: Archive, row: sqlite3.Row) -> dict:
    locations = archive.locations(row["id"])
    primary = primary_location(locations)
    tags = archive.tags(row["id"])
    return {
        "id": row["id"],
        "source_path": primary["path"] if primary else None,
        "department": primary["department"] if primary else None,
        "sha256": row["sha256"],
        "doc_type": row["doc_type"],
        "years": json.loads(row["years"] or "[]"),
        "items": [t["item"] for t in tags],
        "status": row["status"],
        "error": row["error"],
        "ocr": bool(row["ocr"]),
        "pages": row["pages"],
        "chars": row["chars"],
        "title": row["title"],
        "content_title": row["content_title"] if "content_title" in row.keys() else None,
        "format": row["format"],
        "size": row["size"],
        "error_code": row["error_code"],
        "doc_number": row["doc_number"],
        "issue_date": row["issue_date"],
        "project": row["project"],
        "draft": row["draft"] is not None,
        "draft_reason": row["draft"],
        "meta": row["meta"],
        "weak": row["weak"] if "weak" in row.keys() else None,
        "first_seen": row["first_seen"],
        "in_share": any(loc["removed_at"] is None and loc["superseded_at"] is None for loc in locations),
        "locations": [location_record(loc) for loc in locations],
        "tags": tags,
        **seal_record(row),
    }


def seal_record(row: sqlite3.Row) -> dict:
    """`seal`: True / False / None (not judged: no colour page image); pages and marks."""
    marks = json.loads(row["seals"] or "[]")
    return {
        "seal": None if row["seal"] is None else bool(row["seal"]),
        "seal_pages": sorted({m["page"] for m in marks if m.get("page") is not None}),
        "seals": marks,
        "issuer": row["issuer"],
        "issuer_note": row["issuer_note"],
    }


def location_record(loc: sqlite3.Row) -> dict:
    state = "current"
    if loc["superseded_at"]:
        state = "superseded"
    elif loc["removed_at"]:
        state = "removed"
    return {
        "path": loc["path"], "department": loc["department"], "state": state, "size": loc["size"],
        "first_seen": loc["first_seen"], "last_seen": loc["last_seen"],
        "superseded_at": loc["superseded_at"], "removed_at": loc["removed_at"],
    }


def document_detail(archive: Archive, document_id: int) -> dict:
    record = document_record(archive, archive.document(document_id))
    pages = archive.pages(document_id)
    record["text"] = "\n\n".join(p["text"] for p in pages)
    record["page_texts"] = [page_record(p) for p in pages]
    return record


LOW_CONFIDENCE = 0.80  # an OCR page whose characters average below this is flagged: check the paper


def page_record(page: sqlite3.Row) -> dict:
    """One page; OCR pages add `lines` (text, box, confidence), `layout` (the upright page the
    boxes are on) and `low_confidence`."""
    record = {"page": page["page_no"], "text": page["text"], "ocr": bool(page["ocr"]), "raw_text": page["raw_text"]}
    if page["lines"] is not None:
        layout = json.loads(page["layout"] or "{}")
        confidence = layout.get("confidence")
        record.update(lines=json.loads(page["lines"]), layout=layout,
                      low_confidence=confidence is not None and confidence < LOW_CONFIDENCE)
    return record
