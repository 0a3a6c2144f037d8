"""Which search engine a home uses: the embedded tantivy index in var/index (the default), or
PostgreSQL shared by a cluster's nodes and counties when evidence.toml has `[cluster]`."""

from __future__ import annotations

from spine.config import Config
from indexer.search.index import SearchIndex


def search_index(config: Config):
    """The home's index, not yet opened (SearchIndex or PostgresSearchIndex: one interface)."""
    if config.cluster_database_url:
        from indexer.search.postgres import PostgresSearchIndex

        return PostgresSearchIndex(config.cluster_database_url, config.cluster_county)
    return SearchIndex(config.index_dir)
