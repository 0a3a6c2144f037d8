"""Fixtures for the cluster engines: one real PostgreSQL server per test session (started here,
stopped at the end), and `search_engine`, which runs a test over both search engines."""

from __future__ import annotations

import itertools

import pytest

from postgres_server import start_postgres

ENGINES = ["tantivy", pytest.param("postgresql", marks=pytest.mark.cluster)]
_counties = itertools.count(1)
_records = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def search_database(postgres) -> str:
    """One database for every search test; each index lives in a county of its own."""
    return postgres.create_database("evidence_search")


def record_settings(postgres, county: str = "测试县") -> str:
    """The `[cluster]` section of a home whose system of record is PostgreSQL, in a database
    of its own (made here)."""
    url = postgres.create_database(f"record_{next(_records)}")
    return f'\n[cluster]\ndatabase_url = "{url}"\ncounty = "{county}"\nsystem_of_record = "postgresql"\n'


def cluster_settings(url: str) -> str:
    """The `[cluster]` section of a test home: a county of its own in the shared database."""
    return f'\n[cluster]\ndatabase_url = "{url}"\ncounty = "测试县{next(_counties)}"\n'


@pytest.fixture(scope="module", params=ENGINES)
def search_engine(request, tmp_path_factory):
    """A factory of fresh, open, empty indexes of one engine: tantivy in a new folder, or
    PostgreSQL in a new county of the shared database (the other counties' rows beside it)."""
    opened = []

    def make():
        if request.param == "tantivy":
            from indexer.search.index import SearchIndex

            index = SearchIndex(tmp_path_factory.mktemp("index")).open()
        else:
            from indexer.search.postgres import PostgresSearchIndex

            url = request.getfixturevalue("search_database")
            index = PostgresSearchIndex(url, f"county-{next(_counties)}").open()
        opened.append(index)
        return index

    make.engine = request.param
    yield make
    for index in opened:
        if hasattr(index, "close"):
            index.close()
