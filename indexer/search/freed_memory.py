"""Give the memory a finished index writer freed back to the system.

Tantivy indexes and merges on threads of its own, a new set for every writer, and the scan's
store and worker threads allocate page texts too; glibc keeps a separate heap ("arena") for each
thread and returns little of what is freed in them, since a few live blocks pin each heap. Over a
scan the freed pages piled up: the scan process of 5,000 documents peaked at 245-273 MB where
the same scan with the free pages released after each commit peaked at about 150 MB
(bench/README.md, *Scan memory*). Nothing kept is touched: only whole free pages go back.
"""

from __future__ import annotations

import ctypes
import functools


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc; other C libraries have no such call
    except (AttributeError, OSError):
        return None


def release_freed_memory() -> bool:
    """Hand every whole free page of every arena back to the system (glibc `malloc_trim(0)`);
    False where the C library has no such call."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
