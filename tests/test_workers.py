"""Worker processes are forked with their own cycle collector running, whatever the parent's is doing, only as
many as the memory holds, and the parent works alongside them."""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

import pytest
import render_fixtures as fixtures

import generator.render.output as output_module
import generator.workers as workers
from generator.render import collect_assets, site_environment, site_pages
from generator.render.output import write_pages
from generator.workers import affordable_workers, forked_pool, shared_stream, shared_work, worker_count

TEMPLATES = Path(__file__).parent.parent / "templates"


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


def test_as_many_workers_are_forked_as_the_memory_holds_copies_of_the_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gigabyte = 2**30
    monkeypatch.setattr(workers, "held_bytes", lambda: 8_300 * 2**20)  # the parent of a 100,000-record build
    monkeypatch.setattr(workers, "available_bytes", lambda: 14 * gigabyte)  # and what the machine had left
    assert affordable_workers(2) == 2  # the parent and one worker, which copies 70 % of it
    assert affordable_workers(3) == 2  # not two workers
    monkeypatch.setattr(workers, "available_bytes", lambda: 7 * gigabyte)
    assert affordable_workers(2) == 1  # this process alone, however short the memory
    monkeypatch.setattr(workers, "held_bytes", lambda: gigabyte)  # 10,000 records
    monkeypatch.setattr(workers, "available_bytes", lambda: 20 * gigabyte)
    assert affordable_workers(2) == 2
    assert affordable_workers(8) == 8


def test_the_memory_figures_are_read_from_the_system() -> None:
    held, available = workers.held_bytes(), workers.available_bytes()
    assert held is not None and available is not None
    assert 1_000_000 < held < available


def test_pages_are_rendered_here_when_the_memory_affords_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES))
    pages = site_pages(fixtures.graph())
    monkeypatch.setattr(output_module, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(workers, "available_bytes", lambda: 0)
    monkeypatch.setattr(workers, "forked_pool", lambda *args: pytest.fail("a worker was forked"))
    written = write_pages(env, pages, tmp_path / "site", workers=2)
    assert set(written) == {page.path for page in pages}


def slice_of_numbers(bounds: tuple[int, int]) -> list[int]:
    return list(range(*bounds))


def pid_per_item(bounds: tuple[int, int]) -> list[int]:
    time.sleep(0.01)  # longer than handing a slice to a worker: the queue fills, whatever the machine
    return [os.getpid()] * (bounds[1] - bounds[0])


def test_shared_work_gives_every_slices_result_in_order() -> None:
    assert shared_work(slice_of_numbers, 1_000, 2) == list(range(1_000))
    assert shared_work(slice_of_numbers, 7, 3) == list(range(7))
    assert shared_work(slice_of_numbers, 0, 2) == []


def test_shared_work_is_done_by_this_process_and_the_forked_worker() -> None:
    pids = shared_work(pid_per_item, 64, 2)
    assert len(pids) == 64
    assert os.getpid() in pids
    assert len(set(pids)) == 2


def test_shared_work_on_one_process_forks_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "forked_pool", lambda *args: pytest.fail("a worker was forked"))
    assert set(shared_work(pid_per_item, 10, 1)) == {os.getpid()}


parent_pid = os.getpid()
"""The process `fail_here_else_slow` fails in."""
slices_done_in_workers: Path | None = None
"""Where `fail_here_else_slow` notes each slice a worker finished."""


def fail_here_else_slow(bounds: tuple[int, int]) -> list[int]:
    if os.getpid() == parent_pid:
        raise ValueError(f"slice {bounds} failed")
    time.sleep(0.02)
    assert slices_done_in_workers is not None
    with slices_done_in_workers.open("a") as notes:
        notes.write(f"{bounds}\n")
    return []


def test_a_failing_slice_ends_the_work_without_the_slices_no_worker_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "slices_done_in_workers", tmp_path / "done")
    with pytest.raises(ValueError, match="failed"):
        shared_work(fail_here_else_slow, 200, 2)  # 200 slices; the parent fails the last at once
    done = (tmp_path / "done").read_text().splitlines() if (tmp_path / "done").exists() else []
    assert len(done) < 10


slices_done_here = 0
"""How many slices `slow_slice_counted_here` did in this process."""


def slow_slice_counted_here(bounds: tuple[int, int]) -> list[int]:
    global slices_done_here
    time.sleep(0.005)
    if os.getpid() == parent_pid:
        slices_done_here += 1
    return list(range(*bounds))


def test_shared_stream_gives_the_first_results_before_this_process_has_done_its_share() -> None:
    global slices_done_here
    slices_done_here = 0
    stream = shared_stream(slow_slice_counted_here, 128, 2)  # 128 slices of one item
    assert next(stream) == 0
    done_before_the_first = slices_done_here
    assert [0, *stream] == list(range(128))
    assert done_before_the_first < slices_done_here  # it went on with its share after the first came back
