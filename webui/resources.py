"""Per-request resources: the archive connection and the search index live on `g` and are
closed at teardown, so no connection is ever shared between waitress threads."""

from __future__ import annotations

from flask import Flask, current_app, g

from archive.store import Archive
from evidence.config import Config
from indexer.search.index import SearchIndex


def app_config() -> Config:
    return current_app.extensions["evidence"].config


def catalog():
    """The assessment catalog is immutable data, loaded once per application."""
    return current_app.extensions["evidence"].catalog


def get_archive() -> Archive:
    if "archive" not in g:
        g.archive = Archive(app_config().var)
    return g.archive


def get_index() -> SearchIndex:
    if "index" not in g:
        g.index = SearchIndex(app_config().index_dir).open()
    return g.index


def close_resources(exc: BaseException | None = None) -> None:
    archive = g.pop("archive", None)
    if archive is not None:
        archive.close()
    g.pop("index", None)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_resources)
