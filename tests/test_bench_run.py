"""The benchmark's table: a size too large for the dev server can be measured by its first build alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from bench.run import measure, table
from generator.cache import CACHE_ENV


def test_a_first_build_only_row_measures_the_build_and_leaves_the_edits_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "unused"))  # measure points it at its own cache; undone after
    generate(20, tmp_path / "corpus-20", seed=1, progress=False)
    row = measure(20, tmp_path, search=False, hugo=False, edits=False)
    assert row.records == 20 and row.pages > 20 and set(row.seconds) == {"parse", "link", "render", "write"}
    # Both memory figures are measured; neither bounds the other (PSS splits shared pages, RSS counts them whole).
    assert row.generator_rss_mb > 0 and row.generator_memory_mb > 0
    assert row.rebuild_ms is None and row.edited_build_seconds is None and row.hugo_seconds is None
    line = table([row]).splitlines()[-1]
    assert line.startswith("| 20 | ") and line.count("| – ") == 13
