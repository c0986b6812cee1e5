"""The cycle collector, paused while large object graphs are built.

Records, the gazetteer's index and the site graph are millions of objects with no reference cycles
among them; every collection that walks them while they grow is wasted (a third of the parse time
at 10,000 records). Objects are still freed by reference counting while the collector is paused.
Forked workers turn their own back on (`generator.workers.forked_pool`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection in this process while the block runs; the collector as it was afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collector_running() -> Iterator[None]:
    """Cycle collection on while the block runs, even within `collector_paused`; as it was afterwards.

    For work that makes reference cycles, like rendering pages (Jinja's contexts), done in a process whose
    collector is paused: its garbage would otherwise stay until the pause ends. Every object made before
    the block is frozen out of the collector's sight first (`gc.freeze`: the records and the graph, millions
    of objects no collection need walk), so only what the block makes is looked at.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
