"""Handing freed memory back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


def release_free_memory() -> None:
    """Collect what the build let go and return the freed heap to the system, where the C library allows it.

    glibc keeps the memory freed by small objects in its heap for reuse; after a build lets its records
    and graph go (gigabytes for a large archive), the processes that run next (Pagefind) would find it
    still held, and workers forked while it is held share its pages and copy those they reuse.
    `malloc_trim` gives back every free page of the heap. Elsewhere it is a no-op.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
