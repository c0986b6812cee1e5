"""The search benchmark: a reader's wait for the first results on a built site, in real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from site_fixture import BuiltSite

from bench.search_latency import main, measure, table

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest_plugins = ["site_fixture"]

pytestmark = pytest.mark.browser


def test_each_search_is_timed_to_its_first_result_with_what_it_fetched(built_site: BuiltSite, browser: Browser) -> None:
    searches = measure(built_site.path, ["climate", "Zarrilli"], runs=2, browser=browser)
    assert [s.query for s in searches] == ["climate", "climate", "Zarrilli", "Zarrilli"]
    for search in searches:
        assert 0 < search.seconds < 60 and 0 < search.index_requests < search.requests and search.bytes > 0
        assert search.elements > 100  # the results are drawn
    rows = table(searches).splitlines()
    assert len(rows) == 4 and rows[2].startswith("| climate | ") and rows[3].startswith("| Zarrilli | ")


def test_a_site_without_an_index_is_refused_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([str(tmp_path)])
    assert "has no search index (pagefind/pagefind.js)" in capsys.readouterr().err
