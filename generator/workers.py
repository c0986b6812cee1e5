"""Worker processes: how many, and how they are started.

Workers are forked, so they share what the parent has loaded (records, the graph, the gazetteer)
without pickling it across.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.memory import proc_kilobytes


def worker_count() -> int:
    """How many processes to use: one per core, at most eight."""
    return min(os.cpu_count() or 1, 8)


def affordable_workers(wanted: int | None = None) -> int:
    """How many workers to fork from this process (`wanted`, else `worker_count()`) that the machine's memory
    affords: at least one, which is this process working alone.

    A forked worker shares this process's memory only until it writes to it, and CPython writes to every
    object it reads (its reference count): a worker that renders pages from the whole archive comes to
    copy most of what this process holds (two thirds of it at 10,000 records). So no more workers are
    forked than the memory available holds copies of this process's own; where the system does not say
    (no `/proc`), as many as wanted.
    """
    wanted = wanted or worker_count()
    held, available = _held_bytes(), _available_bytes()
    if held is None or available is None or held == 0:
        return wanted
    return max(1, min(wanted, available // held))


def _held_bytes() -> int | None:
    """The memory this process holds of its own (resident, not file-backed), from `/proc/self/status`."""
    return _bytes(proc_kilobytes(Path("/proc/self/status"), "RssAnon:"))


def _available_bytes() -> int | None:
    """The memory the system can give without swapping, from `/proc/meminfo`."""
    return _bytes(proc_kilobytes(Path("/proc/meminfo"), "MemAvailable:"))


def _bytes(kilobytes: int | None) -> int | None:
    return None if kilobytes is None else kilobytes * 1024


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes, each with its own cycle collector running: the build pauses
    the parent's while it parses and links (see `generator.build`), and a child inherits that pause."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.enable)
