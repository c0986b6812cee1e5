"""What is kept in the user's cache is written whole or not at all, and neither keeping nor reading it back holds a
second copy of it in memory: the largest (a 10,000-record build's city mentions, 76 MB pickled) would be the
build's peak."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cache import keep_value, read_kept

SIZE = 20_000_000


def traced_peak(work: Callable[[], object]) -> int:
    """The most memory Python allocated at once while `work` ran, beyond what was allocated before it."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def test_a_value_kept_is_read_back(tmp_path: Path) -> None:
    keep_value(tmp_path / "entry", {"Geneva": ("Palais des Nations",)})
    assert read_kept(tmp_path / "entry") == {"Geneva": ("Palais des Nations",)}


def test_keeping_a_value_does_not_pickle_it_whole_in_memory_first(tmp_path: Path) -> None:
    value = bytes(SIZE)
    assert traced_peak(lambda: keep_value(tmp_path / "entry", value)) < SIZE // 10
    assert (tmp_path / "entry").stat().st_size > SIZE


def test_reading_a_value_back_does_not_read_the_file_whole_first(tmp_path: Path) -> None:
    keep_value(tmp_path / "entry", bytes(SIZE))
    assert traced_peak(lambda: read_kept(tmp_path / "entry")) < SIZE * 1.2


def test_a_value_that_cannot_be_pickled_leaves_what_was_kept_before(tmp_path: Path) -> None:
    keep_value(tmp_path / "entry", "before")
    with pytest.raises(Exception, match="pickle"):
        keep_value(tmp_path / "entry", lambda: None)
    assert read_kept(tmp_path / "entry") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]
