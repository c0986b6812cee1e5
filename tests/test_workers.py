"""Worker processes are forked with their own cycle collector running, whatever the parent's is doing."""

from __future__ import annotations

import gc

from generator.workers import forked_pool, worker_count


def collects_a_cycle() -> bool:
    """Whether this process's collector is on and frees a reference cycle."""
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    return gc.isenabled() and gc.collect() > 0


def test_a_worker_collects_its_garbage_while_the_parents_collector_is_paused() -> None:
    gc.disable()
    try:
        with forked_pool(1) as pool:
            assert pool.submit(collects_a_cycle).result()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_there_is_at_least_one_worker_and_at_most_eight() -> None:
    assert 1 <= worker_count() <= 8
