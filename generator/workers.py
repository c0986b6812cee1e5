"""Worker processes: how many, how they are started, and how this process shares their work.

Workers are forked, so they share what the parent has loaded (records, the graph, the gazetteer)
without pickling it across. The parent works alongside them (`shared_work`): on two cores, one
forked worker and the parent, not two workers and a parent waiting, so the build holds one copy
of what a worker comes to copy, not two.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from generator.memory import available_bytes, held_bytes

T = TypeVar("T")

SLICES_PER_PROCESS = 64
"""Work is cut into this many slices per process, so that none is left waiting long for the last one."""


def worker_count() -> int:
    """How many processes to use: one per core, at most eight."""
    return min(os.cpu_count() or 1, 8)


def affordable_workers(wanted: int | None = None) -> int:
    """How many processes to work with (`wanted`, else `worker_count()`) that the machine's memory affords:
    this one and the workers forked from it (`shared_work`), at least this one alone.

    A forked worker shares this process's memory only until it writes to it, and CPython writes to every
    object it reads (its reference count): a worker that renders pages from the whole archive comes to
    copy most of what this process holds (two thirds of it at 10,000 records). So no more workers are
    forked than the memory available holds copies of this process's own; where the system does not say
    (no `/proc`), as many as wanted.
    """
    wanted = wanted or worker_count()
    held, available = held_bytes(), available_bytes()
    if held is None or available is None or held == 0:
        return wanted
    return max(1, min(wanted, 1 + available // held))


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes, each with its own cycle collector running: the build pauses
    the parent's while it parses and links (see `generator.build`), and a child inherits that pause."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.enable)


def shared_work(task: Callable[[tuple[int, int]], list[T]], count: int, processes: int) -> list[T]:
    """`task` done over slices `(start, end)` of `range(count)` by this process and `processes - 1` forked
    workers; what each slice gave, joined in order (`shared_stream`, all of it)."""
    return list(shared_stream(task, count, processes))


def shared_stream(task: Callable[[tuple[int, int]], list[T]], count: int, processes: int) -> Iterator[T]:
    """What `task` gives over slices `(start, end)` of `range(count)`, in order, as the slices are done by this
    process and `processes - 1` forked workers.

    The task is a module's function that finds what it works on where the caller left it before this call
    (a forked worker inherits it): only the slices' bounds and results cross between processes. Every slice
    is handed to the workers, which take them from the first; while the next slice in order is not done, this
    process takes one back from the last, if no worker has started it, and does it, until they meet. So the
    results come in order from the start while this process works from the end. A slice that fails, here or
    in a worker, ends the work: the slices no worker has started are dropped, not done before the error is
    raised.
    """
    if processes < 2:
        yield from task((0, count))
        return
    size = max(1, count // (processes * SLICES_PER_PROCESS))
    slices = [(start, min(start + size, count)) for start in range(0, count, size)]
    done_here: dict[int, list[T]] = {}
    pool = forked_pool(processes - 1)
    try:
        handed = [pool.submit(task, bounds) for bounds in slices]
        taken = len(slices)  # this process has taken back (or tried to) every slice from here on
        for index, future in enumerate(handed):
            while index not in done_here and not future.done() and taken > index:
                taken -= 1
                if handed[taken].cancel():
                    done_here[taken] = task(slices[taken])
            yield from done_here.pop(index) if index in done_here else future.result()
    finally:
        pool.shutdown(cancel_futures=True)
