"""Worker processes are forked with their own cycle collector running, whatever the parent's is doing, and only
as many as the memory holds."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import render_fixtures as fixtures

import generator.render.output as output_module
import generator.workers as workers
from generator.render import collect_assets, site_environment, site_pages
from generator.render.output import write_pages
from generator.workers import affordable_workers, forked_pool, worker_count

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
    monkeypatch.setattr(workers, "_held_bytes", lambda: 7_800 * 2**20)  # the parent of a 100,000-record build
    monkeypatch.setattr(workers, "_available_bytes", lambda: 15_800 * 2**20)  # and what the machine had left
    assert affordable_workers(2) == 2  # each copied 70 % of it: 4.0 GB were still free at the peak
    monkeypatch.setattr(workers, "_available_bytes", lambda: 13 * gigabyte)
    assert affordable_workers(2) == 1
    monkeypatch.setattr(workers, "_available_bytes", lambda: 3 * gigabyte)
    assert affordable_workers(2) == 1  # this process alone, however short the memory
    monkeypatch.setattr(workers, "_held_bytes", lambda: gigabyte)  # 10,000 records
    monkeypatch.setattr(workers, "_available_bytes", lambda: 20 * gigabyte)
    assert affordable_workers(2) == 2
    assert affordable_workers(8) == 8


def test_the_memory_figures_are_read_from_the_system() -> None:
    held, available = workers._held_bytes(), workers._available_bytes()
    assert held is not None and available is not None
    assert 1_000_000 < held < available


def test_pages_are_rendered_here_when_the_memory_affords_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES))
    pages = site_pages(fixtures.graph())
    monkeypatch.setattr(output_module, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(workers, "_available_bytes", lambda: 0)
    monkeypatch.setattr(output_module, "forked_pool", lambda *args: pytest.fail("a worker was forked"))
    written = write_pages(env, pages, tmp_path / "site", workers=2)
    assert set(written) == {page.path for page in pages}
