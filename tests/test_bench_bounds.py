"""The bounds benchmark: the real Pagefind alone on a built site's meeting pages, on their searched text alone, and on
its other searched pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_fixture import BuiltSite

from bench.bounds import Bound, bare_page, main, measure, searched_text, table

pytest_plugins = ["site_fixture"]

PAGE = (
    "<!doctype html><html lang=en><head><title>Not searched</title></head><body><nav>Menu</nav>"
    "<div class=record-text data-pagefind-body><h3 id=p1><a href=#p1>Para. 1</a></h3>"
    "<p>Climate <em>change</em> in Bonn &amp; Canc&uacute;n.</p>"
    "<button data-pagefind-ignore>Cite<span> this paragraph</span></button><p>Next<br>line</p></div>"
    "<aside>Sidebar</aside></body></html>"
)


def test_the_searched_text_is_the_body_less_what_it_marks_ignored() -> None:
    assert searched_text(PAGE) == "Para. 1 Climate change in Bonn & Cancún. Next line"


def test_a_bare_page_holds_the_text_as_it_was_given() -> None:
    text = "Votes: 12 < 15 & “others” <b>"
    assert searched_text(bare_page(text)) == text
    assert bare_page(text).count("<p>") == 1


def test_pagefind_indexes_each_set_of_pages_alone(built_site: BuiltSite) -> None:
    meetings, text, others = measure(built_site.path)
    assert [bound.what for bound in (meetings, text, others)] == [
        "meeting pages", "their searched text alone", "other searched pages"]
    assert meetings.pages == text.pages == len(list((built_site.path / "meetings").glob("*/index.html"))) == 7
    assert others.pages > 7  # the people's and the cities' pages
    assert 0 < text.bytes < meetings.bytes
    assert all(bound.seconds > 0 and bound.cpu_seconds > 0 for bound in (meetings, text, others))
    assert not list(built_site.path.parent.glob(".bounds-*"))  # the scratch folder is gone


def test_the_first_pages_alone_are_taken_when_asked(built_site: BuiltSite) -> None:
    meetings, text, _ = measure(built_site.path, pages=2)
    assert meetings.pages == text.pages == 2


def test_the_table_has_a_row_for_each_set_of_pages() -> None:
    rows = table([Bound("meeting pages", 1000, 153_700_000, 26.7, 40.1)]).splitlines()
    assert rows[0] == "| Pagefind alone on | pages | MB | seconds | CPU seconds |"
    assert rows[2] == "| meeting pages | 1,000 | 153.7 | 26.70 | 40.10 |"


def test_a_folder_without_meeting_pages_is_refused_with_the_reason(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([str(tmp_path)])
    assert "has no meeting pages (meetings/<slug>/index.html): is it a built site?" in capsys.readouterr().err
