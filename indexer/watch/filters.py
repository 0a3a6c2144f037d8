"""Which paths in the share are documents, and which are noise or unsafe to follow.

Office lock files, editor temporaries and NAS metadata come and go while people work; they
are never ingested. Symlinks are followed only when they stay inside the department folder
they sit in: a link out of the share, or into another department's folder, would let one
department's files be read as another's.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

IGNORED_NAMES = ("~$*", ".~lock.*#", "*.tmp", "*.temp", "*.part", "*.crdownload", "*.swp", "~*.tmp",
                 "Thumbs.db", "desktop.ini", ".DS_Store", "._*", "*.lnk", ".gitkeep")
IGNORED_DIRS = ("@eaDir", "#recycle", ".Trash*", "$RECYCLE.BIN", ".git", "__MACOSX", ".sync", "#snapshot")


def is_ignored_name(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORED_NAMES)


def is_ignored_dir(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in IGNORED_DIRS)


def is_ignored_path(rel: str) -> bool:
    parts = rel.split("/")
    return is_ignored_name(parts[-1]) or any(is_ignored_dir(p) for p in parts[:-1])


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with every link resolved, is under `root`."""
    try:
        return os.path.realpath(path).startswith(os.path.realpath(root) + os.sep)
    except (OSError, ValueError):
        return False


def same_department(root: Path, path: Path) -> bool:
    """True when `path`, with every link resolved, stays under the top-level folder of the
    share that `path` itself is in (its department's folder)."""
    try:
        top = os.path.relpath(path, root).split(os.sep, 1)[0]
        if top in (os.curdir, os.pardir):
            return False
        base = os.path.join(os.path.realpath(root), top)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    return real == base or real.startswith(base + os.sep)


def relative_name(root: Path, path: Path) -> str:
    """The path relative to the watch root, as text even when the share wrote GBK bytes."""
    rel = os.path.relpath(os.fsencode(path), os.fsencode(root))
    return "/".join(decode_name(part) for part in rel.split(os.sep.encode()))


def decode_name(raw: bytes) -> str:
    """Windows shares mounted without iocharset hand us GBK bytes: show them as Chinese."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class FoundFile:
    path: Path       # absolute, as on disk (may hold undecodable bytes via surrogateescape)
    rel: str         # relative to the watch root, '/'-separated, decoded for people
    size: int
    mtime_ns: int


def walk(root: Path, refused: list[str] | None = None, share: Path | None = None) -> Iterator[FoundFile]:
    """Every candidate document under the root; links leaving their department's folder in
    the share (`share`, default the root itself) are not followed.

    Refused links are appended to `refused` (as relative names) so the caller can tell the
    department why a file it can see in the share is not in the archive.
    """
    share = root if share is None else share
    stack = [os.fsencode(root)]
    seen: set[bytes] = set()
    while stack:
        current = stack.pop()
        real = os.path.realpath(current)
        if real in seen:  # a link cycle inside the root
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            name = decode_name(entry.name)
            try:
                if entry.is_symlink() and not same_department(share, Path(os.fsdecode(entry.path))):
                    if refused is not None:
                        refused.append(relative_name(root, Path(os.fsdecode(entry.path))))
                    continue
                if entry.is_dir(follow_symlinks=True):
                    if not is_ignored_dir(name):
                        stack.append(entry.path)
                    continue
                if not entry.is_file(follow_symlinks=True) or is_ignored_name(name):
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError:
                continue
            path = Path(os.fsdecode(entry.path))
            yield FoundFile(path, relative_name(root, path), st.st_size, st.st_mtime_ns)


def stat_file(root: Path, path: Path) -> FoundFile | None:
    """A single path as `walk` would report it, or None when it is not a candidate."""
    try:
        if not same_department(root, path):  # a link anywhere on the path counts
            return None
        if not path.is_file():
            return None
        rel = relative_name(root, path)
        if rel == ".." or rel.startswith("../") or is_ignored_path(rel):  # "..报告.txt" is a name
            return None
        st = path.stat()
    except OSError:
        return None
    return FoundFile(path, rel, st.st_size, st.st_mtime_ns)
