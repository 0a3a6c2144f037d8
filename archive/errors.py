"""Errors of the system of record; each carries the CLI exit code it maps to."""

from spine.errors import EvidenceError


class ArchiveError(EvidenceError):
    exit_code = 4


class StorageError(ArchiveError):
    """Bytes could not be stored (disk full, permissions): nothing half-stored remains."""


class NotFound(ArchiveError):
    exit_code = 2


class SourceChanged(ArchiveError):
    """The file changed while it was being read; it is retried once it is stable."""
