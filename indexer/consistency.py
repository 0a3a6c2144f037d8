"""`evidence check`: does the index agree with the archive, is every blob there, and does the
index folder hold only its live segments?"""

from __future__ import annotations

from indexer.search.index import IndexUnavailable


def check_home(services, repair: bool = True, verify_hashes: bool = False) -> dict:
    archive, index, ingestor = services.archive, services.index, services.ingestor
    with ingestor.lock():
        index_error = services.index_problem  # reported as found, even once repaired below
        usable = index_error is None
        if repair and index_error is not None:
            ingestor.recover_index_locked()  # rebuilt, or (a missing index) created empty
            services.index_problem = None
            usable = True
        ids = set(archive.document_ids())
        try:
            indexed = index.ids()
            footprint = index.footprint()
        except IndexUnavailable as exc:
            index_error = index_error or str(exc)
            indexed, footprint, usable = set(), None, False
        missing = sorted(ids - indexed) if usable else []
        extra = sorted(indexed - ids)
        rows = archive.documents()
        missing_blobs = [r["id"] for r in rows if not archive.blobs.exists(r["sha256"])]
        corrupt_blobs = [r["id"] for r in rows if verify_hashes and r["id"] not in missing_blobs
                         and not archive.blobs.verify(r["sha256"])]
        pending = [r["id"] for r in rows if r["status"] == "pending"]
        dirty = archive.dirty_document_ids()
        temps = list((archive.blobs.root / "tmp").glob("*.part"))
        garbage = footprint.garbage_files if footprint else []
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
            "index_error": index_error,
            "index_unreadable": index_error,  # the same, under the name issue 10 gave it
            "index_bytes": footprint.total_bytes if footprint else None,
            "index_live_bytes": footprint.live_bytes if footprint else None,
            "index_garbage_files": len(garbage),
        }
        problems = bool(missing or extra or missing_blobs or corrupt_blobs or pending or dirty or temps
                        or index_error or garbage)
        report["problems"] = problems
        report["repaired"] = False
        if repair and problems:
            if extra:
                index.delete(extra)
            if garbage:
                index.collect_garbage()
            archive.mark_dirty(missing)
            archive.blobs.clean_temporaries()
            ingestor.flush_index()
            report["repaired"] = True
    if repair and pending:
        ingestor.scan()
    return report
