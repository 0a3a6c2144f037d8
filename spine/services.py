"""Opening a home: the archive, the search index (rebuilt if unreadable), the catalog and the
ingest pipeline, wired once for the CLI and the web UI alike.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from archive.store import Archive
from spine.config import CONFIG_NAME, Config, default_config_text
from indexer.pipeline import Ingestor, open_index
from indexer.search.engines import search_index
from indexer.search.index import SearchIndex

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    archive: Archive
    index: SearchIndex
    ingestor: Ingestor
    catalog: object
    index_rebuilt: bool = False
    index_problem: str | None = None  # why the index could not be opened (read-only commands)

    def close(self) -> None:
        self.ingestor.close()
        self.index.close()
        self.archive.close()

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def load_catalog_for(config: Config):
    from archive.catalog import load_catalog

    return load_catalog(config.catalog)


def open_services(config: Config, heal_index: bool = True) -> Services:
    """heal_index: this process writes (scan, watch, run): an index that fails to open is rebuilt
    from the archive (under the ingest lock) and unindexed changes are indexed. Without it the
    index is only opened, never created, moved or rebuilt; its problem is kept for reporting."""
    archive = Archive.of(config)
    index, problem = open_index(config, create=heal_index)
    catalog = load_catalog_for(config)
    ingestor = Ingestor(config, archive, index, catalog)
    rebuilt = False
    if heal_index:
        if problem is not None:
            rebuilt = ingestor.recover_index()
            problem = None
        if archive.document_ids() and index.doc_count() == 0:
            archive.mark_dirty()  # a new, empty index beside an archive
        if archive.dirty_document_ids():
            with ingestor.lock():
                ingestor.flush_index()
    freeze_passed_deadlines(archive, catalog)
    return Services(config, archive, index, ingestor, catalog, rebuilt, str(problem) if problem else None)


def write_private(path: Path, text: str) -> None:
    """Create a file only its owner can read (it holds a secret), readable by nobody else at
    any moment: the mode is set at creation, not after."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def freeze_passed_deadlines(archive: Archive, catalog) -> list[dict]:
    """The first command after a phase deadline freezes what was on file at it (see
    archive/snapshots.py); a failure is logged and the command goes on."""
    from archive.snapshots import due_phases, freeze_due

    try:
        if not due_phases(archive, catalog):
            return []
        made = freeze_due(archive, catalog)
    except Exception:  # the snapshot is retried by the next command; never block this one
        log.exception("freezing the deadline snapshot failed")
        return []
    for snap in made:
        log.info("froze the checklist at %s (%s)", snap["as_of"], snap["phase"])
    return made


def init_home(config: Config) -> list[str]:
    """Create what is missing; never overwrite. Returns what was created."""
    created: list[str] = []
    config.home.mkdir(parents=True, exist_ok=True)
    path = config.home / CONFIG_NAME
    if not path.exists():
        write_private(path, default_config_text())
        created.append(str(path))
    elif path.stat().st_mode & 0o077:
        try:
            path.chmod(0o600)  # an older init left the secret key readable by every local user
        except OSError as exc:
            log.warning("%s is readable by other users and could not be restricted: %s", path, exc)
    for folder in config.department_folders:
        target = config.watch_root / folder
        if not target.exists():
            target.mkdir(parents=True)
            created.append(str(target))
    if config.cluster_system_of_record == "postgresql":
        Archive.of(config).close()  # creates and migrates the county's schema; idempotent
    elif not config.db_path.exists():
        Archive.of(config).close()
        created.append(str(config.db_path))
    if config.cluster_database_url:
        search_index(config).open().close()
    elif not config.index_dir.exists():
        SearchIndex(config.index_dir).open()
        created.append(str(config.index_dir))
    return created


def ensure_secret(config: Config) -> str:
    """The web secret from config; a home without one gets one generated into var/."""
    if config.secret_key:
        return config.secret_key
    secret_file = config.var / "secret_key"
    if not secret_file.exists():
        import secrets

        config.var.mkdir(parents=True, exist_ok=True)
        try:
            write_private(secret_file, secrets.token_hex(32))
        except FileExistsError:  # another process made it meanwhile: use theirs
            pass
    return secret_file.read_text().strip()

