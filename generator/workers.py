"""Worker processes: how many, and how they are started.

Workers are forked, so they share what the parent has loaded (records, the graph, the gazetteer)
without pickling it across.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def worker_count() -> int:
    """How many processes to use: one per core, at most eight."""
    return min(os.cpu_count() or 1, 8)


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes, each with its own cycle collector running: the build pauses
    the parent's while it parses and links (see `generator.build`), and a child inherits that pause."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.enable)
