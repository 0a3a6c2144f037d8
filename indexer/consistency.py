"""`evidence check`: does the index agree with the archive, and is every blob there?"""

from __future__ import annotations

from indexer.search.index import IndexUnavailable


def check_home(services, repair: bool = True, verify_hashes: bool = False) -> dict:
    archive, index, ingestor = services.archive, services.index, services.ingestor
    with ingestor.lock():
        ids = set(archive.document_ids())
        try:
            indexed, unreadable = index.ids(), None
        except IndexUnavailable as exc:  # reported; only a repairing check replaces it
            indexed, unreadable = set(), str(exc)
        missing = sorted(ids - indexed)
        extra = sorted(indexed - ids)
        rows = archive.documents()
        missing_blobs = [r["id"] for r in rows if not archive.blobs.exists(r["sha256"])]
        corrupt_blobs = [r["id"] for r in rows if verify_hashes and r["id"] not in missing_blobs
                         and not archive.blobs.verify(r["sha256"])]
        pending = [r["id"] for r in rows if r["status"] == "pending"]
        dirty = archive.dirty_document_ids()
        temps = list((archive.blobs.root / "tmp").glob("*.part"))
        report = {
            "documents": len(ids),
            "index_documents": len(indexed),
            "missing_in_index": missing,
            "extra_in_index": extra,
            "unindexed_changes": dirty,
            "missing_blobs": missing_blobs,
            "corrupt_blobs": corrupt_blobs,
            "pending_extraction": pending,
            "temp_files": len(temps),
            "index_unreadable": unreadable,
        }
        problems = bool(missing or extra or missing_blobs or corrupt_blobs or pending or dirty or temps or unreadable)
        report["problems"] = problems
        report["repaired"] = False
        if repair and problems:
            if unreadable:
                ingestor.replace_unreadable_index()  # rebuilt from the archive: nothing else to add
                extra = missing = []
            if extra:
                index.delete(extra)
            archive.mark_dirty(missing)
            archive.blobs.clean_temporaries()
            ingestor.flush_index()
            report["repaired"] = True
    if repair and pending:
        ingestor.scan()
    return report
