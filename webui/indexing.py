"""Bringing the search index up to date after a change made in the UI (a manual tag), without
making the request wait behind a long ingest that holds the pipeline lock."""

from __future__ import annotations

import fcntl
import logging

from indexer.pipeline import Ingestor
from webui.resources import app_config, catalog, get_archive, get_index

log = logging.getLogger(__name__)


def refresh_index_soon() -> bool:
    """Index dirty documents now if no ingest is running; otherwise the running ingest does it,
    because the pipeline flushes every dirty document before it releases the lock. Returns
    whether the index was updated here."""
    config = app_config()
    config.var.mkdir(parents=True, exist_ok=True)
    with open(config.var / "ingest.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("ingest running; it will index the change")
            return False
        try:
            Ingestor(config, get_archive(), get_index(), catalog()).flush_index()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return True
