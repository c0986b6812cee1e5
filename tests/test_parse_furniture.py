"""A line is tried only against the furniture patterns that can start with its first character, and is told
furniture exactly when the patterns together say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.parse.blocks import FURNITURE_LINE, is_furniture_text

RECORDS = Path(__file__).parent.parent / "content"


def furniture_by_every_pattern(line: str) -> bool:
    return FURNITURE_LINE.match(line) is not None


def test_every_line_of_the_default_records_is_told_as_every_pattern_tells_it() -> None:
    lines = [line.strip() for path in sorted(RECORDS.glob("*.md")) for line in path.read_text().splitlines()]
    assert sum(map(furniture_by_every_pattern, lines)) > 20  # the records do carry furniture
    assert [line for line in lines if is_furniture_text(line) != furniture_by_every_pattern(line)] == []


@pytest.mark.parametrize("line", [
    "18-07008 (E)", "2/38 24-19856", "6 10-70469", "*1807008*", "Please recycle", "12", "3/12", "A/79/PV.29",
    "25/09/2024 A/79/PV.29", "a/79/pv.29", "T/PV.1234", "c/pv.12",
    "S/PV.8422 Threats to international peace 12/12/2018", "e/2018/sr.22",
    "25/09/2024 General Assembly A/79/PV.29", "12 General Assembly - Seventy-ninth session",
    "29th meeting - Wednesday, 25 September 2024", "Security Council 8422nd meeting", "security council 8422nd meeting",
    "Seventy-third year 12 December 2018", "fifty-first year 1 May 1996", "....", "- - -", "___", "Official Records",
    "united nations", "Provisional", "Distr.: General", "DISTR. LIMITED 12 May", "12 December 2018", "English",
    "CHINESE", "Original: English", "original: french",
])
def test_each_kind_of_furniture_is_still_furniture(line: str) -> None:
    assert furniture_by_every_pattern(line)
    assert is_furniture_text(line)


@pytest.mark.parametrize("line", [
    "The meeting was called to order at 3.07 p.m.", "Seventy-third year of the Organization", "12 delegations",
    "Security Council resolution 2334 (2016)", "Original draft resolution", "United Nations Office at Vienna",
])
def test_prose_is_not_furniture(line: str) -> None:
    assert not furniture_by_every_pattern(line)
    assert not is_furniture_text(line)


FURNITURE_ALPHABET = st.sampled_from(
    [*"0123456789-/.*_ ()EeAaSsCcTtPpOoUuDdFfRrIiKk:\t\x1c\x1f\u00a0\u0661\u0130\u0131\u017f\u212a",
     "PV", "SR", "recycle", "General Assembly", "session", "meeting", "Monday", "December", "year", "Security Council",
     "Records", "Nations", "Provisional", "Distr", "GENERAL", "ENGLISH", "Original", "th", "nd", "(E)"]
)


@settings(max_examples=3000)
@given(st.lists(FURNITURE_ALPHABET, max_size=14).map("".join))
def test_any_line_is_told_as_every_pattern_tells_it(line: str) -> None:
    assert is_furniture_text(line) == furniture_by_every_pattern(line)
