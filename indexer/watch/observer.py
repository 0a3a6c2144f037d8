"""Choosing the observer: inotify where the kernel sees the writes, polling where it cannot
(SMB/NFS and other network mounts send no inotify events for changes made by other machines).
"""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ncpfs",
                       "fuse.gvfsd-fuse", "davfs", "fuse.rclone", "glusterfs", "ceph"}


def filesystem_type(path: Path) -> str | None:
    """The type of the mount holding `path`, from /proc/mounts (None where unknown)."""
    try:
        target = os.path.realpath(path)
        best, fstype = "", None
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
                    best, fstype = mount, parts[2]
        return fstype
    except OSError:
        return None


def wants_polling(path: Path, setting: str) -> bool:
    if setting == "polling":
        return True
    if setting == "native":
        return False
    return (filesystem_type(path) or "") in NETWORK_FILESYSTEMS


def make_observer(path: Path, setting: str, poll_seconds: float):
    if wants_polling(path, setting):
        from watchdog.observers.polling import PollingObserver

        return PollingObserver(timeout=poll_seconds), "polling"
    from watchdog.observers import Observer

    return Observer(), "native"
