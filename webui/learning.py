"""Learning from a correction made in the UI without making the request wait: the suggestions
of the corrected duty are recomputed in a background thread on its own archive connection."""

from __future__ import annotations

import logging
import threading

from archive.store import Archive
from indexer import suggest
from webui.resources import app_config, catalog

log = logging.getLogger(__name__)


def learn_soon(item_id: str) -> threading.Thread:
    config, cat = app_config(), catalog()

    def run() -> None:
        archive = Archive.of(config)
        try:
            suggest.refresh(archive, cat, [item_id])
        except Exception:  # a failed suggestion must never break the correction that was saved
            log.exception("suggestions for %s could not be refreshed", item_id)
        finally:
            archive.close()

    thread = threading.Thread(target=run, name=f"learn-{item_id}", daemon=True)
    thread.start()
    return thread
