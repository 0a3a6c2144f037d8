"""Content-addressed store: every version of every file, kept by its sha256, stored once.

A blob is written to a temporary file in the store, flushed to disk and renamed into place,
so a crash or a full disk never leaves a half-written blob under its final name. Bytes already
in the store (a duplicate, a file touched but not changed) are not flushed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from archive.errors import SourceChanged, StorageError

CHUNK = 1 << 20
TMP_DIR = "tmp"


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False when the same bytes were already in the store


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / TMP_DIR).mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def open(self, sha256: str):
        return self.path_for(sha256).open("rb")

    def put_file(self, source: Path) -> StoredBlob:
        """Copy `source` into the store while hashing it, in one read.

        Raises SourceChanged when the file's size or mtime moved during the copy (a department
        still copying into the share), StorageError when the store cannot take the bytes.
        """
        before = os.stat(source)
        tmp = self.root / TMP_DIR / f"{os.getpid()}-{os.urandom(6).hex()}.part"
        digest = hashlib.sha256()
        size = 0
        try:
            with source.open("rb") as src:
                try:  # unbuffered: every write error is raised by a write, none is left for close()
                    dst = tmp.open("wb", buffering=0)
                except OSError as exc:
                    raise StorageError(f"could not store {source.name}: {exc}") from exc
                try:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        self._write(dst, chunk, source)
                    sha = digest.hexdigest()
                    final = self.path_for(sha)
                    known = final.exists()  # stored before (and synced then): this copy is dropped
                    if not known:
                        self._sync(dst, source)
                except BaseException:
                    with contextlib.suppress(OSError):
                        dst.close()
                    raise
                try:
                    dst.close()
                except OSError as exc:
                    raise StorageError(f"could not store {source.name}: {exc}") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        after = os.stat(source)
        if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or size != after.st_size:
            tmp.unlink(missing_ok=True)
            raise SourceChanged(f"{source} changed while being read")
        if known:
            tmp.unlink(missing_ok=True)
            return StoredBlob(sha, size, created=False)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            os.chmod(final, 0o444)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(f"could not store {source.name}: {exc}") from exc
        return StoredBlob(sha, size, created=True)

    @staticmethod
    def _write(dst, chunk: bytes, source: Path) -> None:
        try:
            view = memoryview(chunk)
            while view:
                view = view[dst.write(view):]
        except OSError as exc:
            raise StorageError(f"could not store {source.name}: {exc}") from exc

    @staticmethod
    def _sync(dst, source: Path) -> None:
        try:
            os.fsync(dst.fileno())
        except OSError as exc:
            raise StorageError(f"could not store {source.name}: {exc}") from exc

    def verify(self, sha256: str) -> bool:
        digest = hashlib.sha256()
        try:
            with self.open(sha256) as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == sha256

    def clean_temporaries(self) -> int:
        """Remove temporaries left by a crashed writer; callers hold the ingest lock."""
        removed = 0
        for part in (self.root / TMP_DIR).glob("*.part"):
            part.unlink(missing_ok=True)
            removed += 1
        return removed
