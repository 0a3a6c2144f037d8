"""Bringing the search index up to date after a change made in the UI (a manual tag), without
making the request wait behind a long ingest that holds the pipeline lock."""

from __future__ import annotations

import logging

from indexer.pipeline import Ingestor
from archive.county_lock import home_lock
from webui.resources import app_config, catalog, get_archive, get_index

log = logging.getLogger(__name__)


def refresh_index_soon() -> bool:
    """Index dirty documents now if no ingest is running; otherwise the running ingest does it,
    because the pipeline flushes every dirty document before it releases the lock. Returns
    whether the index was updated here."""
    config = app_config()
    with home_lock(config, timeout=0) as held:
        if not held:
            log.info("ingest running; it will index the change")
            return False
        Ingestor(config, get_archive(), get_index(), catalog()).flush_index()
    return True
