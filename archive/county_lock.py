"""The ingest lock of a home whose records are on PostgreSQL (`[cluster] system_of_record =
"postgresql"`): the machines of a county — workers, web nodes, the machine that scans the share —
each have a `var/` of their own, so besides `spine.ingest_lock`'s flock the holder takes the
county's advisory lock on that server, and they take turns as one machine's processes do.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from typing import Iterator

from spine.ingest_lock import POLL_SECONDS, ingest_lock


@contextlib.contextmanager
def home_lock(config, timeout: float | None = None) -> Iterator[bool]:
    """The home's ingest lock as `ingest_lock` holds it, and with the records on PostgreSQL the
    county's lock there too (taken second, by every holder: no two can wait on each other)."""
    started = time.monotonic()
    with ingest_lock(config.var, timeout) as held:
        if not held or config.cluster_system_of_record != "postgresql":
            yield held
            return
        left = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
        with county_lock(config.cluster_database_url, config.cluster_county, left) as held_too:
            yield held_too


@contextlib.contextmanager
def county_lock(url: str, county: str, timeout: float | None = None) -> Iterator[bool]:
    """A session advisory lock on the county's PostgreSQL server, on a connection of its own (the
    archive's connection commits and rolls back under it), released when the block ends; as
    `ingest_lock`, `timeout` None waits as long as it takes."""
    import psycopg

    key = int.from_bytes(hashlib.sha1(f"evidence-ingest:{county}".encode()).digest()[:8], "big", signed=True)
    with psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
        if timeout is None:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            held = True
        else:
            deadline = time.monotonic() + timeout
            while not (held := conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]):
                if time.monotonic() >= deadline:
                    break
                time.sleep(POLL_SECONDS)
        try:
            yield held
        finally:
            if held:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
