"""The archive as it stood at a past instant, rebuilt from the timestamps it keeps.

A document counts from its first arrival (`locations.first_seen`), leaves when its location
was superseded or removed, is readable once it was extracted, and carries the tags the tagger
and the people correcting it had given it by then (`tag_history`, `tag_override_history`);
reviews count from their time. The view is an `Archive` whose private connection shadows the
tables the checklist reads with TEMP tables holding the past rows, so the checklist's own rules
judge the past exactly as they judge the present: there is no second implementation of them.

A document re-extracted later (a retried failure) reads as "still being parsed" before its
last extraction: the archive keeps only the last extraction time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archive import clock
from archive.catalog import Catalog
from archive.checklist import build_checklist
from archive.history import tag_columns, tagging_columns
from archive.sql import PostgresRecord, columns, json_elements, json_field
from archive.store import Archive

SHADOWED = ("documents", "locations", "tags", "tag_overrides", "reviews")


class ArchiveAsOf(Archive):
    """Read-only view of the archive at ``cutoff`` (a stored timestamp); ``move_to`` moves it."""

    def __init__(self, var: Path, cutoff: str, record: PostgresRecord | None = None) -> None:
        super().__init__(var, record)
        self.cutoff = ""
        self.move_to(cutoff)

    def move_to(self, cutoff: str) -> None:
        conn = self.conn
        for table in SHADOWED:
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        c = {"cut": cutoff}
        doc_cols = columns(conn, "documents")
        tagged = set(tagging_columns(conn))
        select = []
        for col, sql_type in doc_cols:
            if col == "status":
                select.append("CASE WHEN d.extracted_at IS NULL OR d.extracted_at > :cut THEN 'pending'"
                              " ELSE d.status END AS status")
            elif col in tagged:
                empty = "'[]'" if col == "years" else "NULL"
                select.append(f"CASE WHEN h.document IS NULL THEN {empty}"
                              f" ELSE {json_field(conn, 'h.document', col, sql_type)} END AS {col}")
            else:
                select.append(f"d.{col}")
        conn.execute("CREATE TEMP TABLE latest_tagging AS SELECT h.document_id, h.document, h.tags"
                     " FROM main.tag_history h WHERE h.id = (SELECT max(h2.id) FROM main.tag_history h2"
                     " WHERE h2.document_id = h.document_id AND h2.at <= :cut)", c)
        conn.execute(f"CREATE TEMP TABLE documents AS SELECT {', '.join(select)} FROM main.documents d"
                     " LEFT JOIN temp.latest_tagging h ON h.document_id = d.id WHERE d.first_seen <= :cut", c)
        loc_cols = [name for name, _ in columns(conn, "locations")]
        loc_select = [f"CASE WHEN {col} > :cut THEN NULL ELSE {col} END AS {col}"
                      if col in ("superseded_at", "removed_at") else col for col in loc_cols]
        conn.execute(f"CREATE TEMP TABLE locations AS SELECT {', '.join(loc_select)} FROM main.locations"
                     " WHERE first_seen <= :cut", c)
        tag_types = dict(columns(conn, "tags"))
        tag_select = ["h.document_id AS document_id", "'rule' AS source"] + [
            f"{json_field(conn, 'e.value', col, tag_types[col])} AS {col}" for col in tag_columns(conn)]
        conn.execute(f"CREATE TEMP TABLE tags AS SELECT {', '.join(tag_select)}"
                     f" FROM temp.latest_tagging h, {json_elements(conn, 'h.tags', 'e')}")
        conn.execute("CREATE TEMP TABLE tag_overrides AS SELECT o.document_id, o.item_id, o.action, o.actor,"
                     " o.note, o.at FROM main.tag_override_history o WHERE o.id = (SELECT max(o2.id)"
                     " FROM main.tag_override_history o2 WHERE o2.document_id = o.document_id"
                     " AND o2.item_id = o.item_id AND o2.at <= :cut)", c)
        conn.execute("CREATE TEMP TABLE reviews AS SELECT * FROM main.reviews WHERE at <= :cut", c)
        conn.execute("DROP TABLE temp.latest_tagging")
        conn.execute("CREATE INDEX temp.locations_doc ON locations(document_id)")
        conn.execute("CREATE INDEX temp.tags_doc ON tags(document_id)")
        conn.execute("CREATE INDEX temp.overrides_doc ON tag_overrides(document_id)")
        self.cutoff = cutoff


def is_past(day: date) -> bool:
    return day < clock.today()


def checklist_as_of(archive: Archive, catalog: Catalog, day: date, *, department: str | None = None) -> dict:
    """The checklist on ``day``: as it stood at the end of that day when it is past (the summary
    then says `reconstructed` and `state_at`), else today's state with the days left counted
    from ``day``."""
    if not is_past(day):
        return build_checklist(archive, catalog, department=department, as_of=day)
    cutoff = clock.end_of_day(day)
    view = ArchiveAsOf(archive.var, cutoff, archive.record)
    try:
        checklist = build_checklist(view, catalog, department=department, as_of=day)
    finally:
        view.close()
    checklist["summary"].update(reconstructed=True, state_at=cutoff)
    return checklist
