"""Memory and the operating system: what it reports (in `/proc`), and handing freed memory back to it."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache
from pathlib import Path


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


def proc_kilobytes(path: Path, label: str) -> int | None:
    """The figure on the line of `path` that starts with `label` (`Pss:`, `MemAvailable:`: in kB in `/proc`),
    or None when the file cannot be read or has no such line."""
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(label):
            return int(line.split()[1])
    return None


def available_bytes() -> int | None:
    """The memory the system can give without swapping (`/proc/meminfo`); None where it does not say."""
    return _proc_bytes(Path("/proc/meminfo"), "MemAvailable:")


def held_bytes() -> int | None:
    """The memory this process holds of its own (resident, not file-backed: `/proc/self/status`); None where
    the system does not say."""
    return _proc_bytes(Path("/proc/self/status"), "RssAnon:")


def _proc_bytes(path: Path, label: str) -> int | None:
    kilobytes = proc_kilobytes(path, label)
    return None if kilobytes is None else kilobytes * 1024
