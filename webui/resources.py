"""Per-request resources: the archive connection lives on `g` and is closed at teardown, so no
connection is ever shared between waitress threads. The search index is opened once per
application (read-only: never created, moved or rebuilt here); each search takes a searcher on
the latest commit, which tantivy lets threads share."""

from __future__ import annotations

import threading

from flask import Flask, current_app, g

from archive.store import Archive
from spine.config import Config
from indexer.search.engines import search_index
from indexer.search.index import SearchIndex


def app_config() -> Config:
    return current_app.extensions["evidence"].config


def catalog():
    """The assessment catalog is immutable data, loaded once per application."""
    return current_app.extensions["evidence"].catalog


def get_archive() -> Archive:
    if "archive" not in g:
        g.archive = Archive.of(app_config())
    return g.archive


def get_index() -> SearchIndex:
    extensions = current_app.extensions
    index = extensions.get("evidence.index")
    if index is None:
        with extensions["evidence.index_lock"]:
            index = extensions.get("evidence.index")
            if index is None:
                index = extensions["evidence.index"] = search_index(app_config()).open(create=False)
    return index


def close_resources(exc: BaseException | None = None) -> None:
    archive = g.pop("archive", None)
    if archive is not None:
        archive.close()


def init_app(app: Flask) -> None:
    app.extensions["evidence.index_lock"] = threading.Lock()
    app.teardown_appcontext(close_resources)
