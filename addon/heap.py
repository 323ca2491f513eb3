"""Freed heap pages back to the OS: glibc keeps them after a burst, so a long-running proxy's RSS would creep."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import lru_cache

# Often enough that a soak stays flat; a trim takes a few milliseconds (the madvise calls), off the event loop.
TRIM_INTERVAL_S = 30.0


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim from the running process's own symbols; None on musl, macOS or Windows."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


def trim_heap() -> bool:
    """Release free memory at the top and in the middle of every malloc arena; False where there is no glibc."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
