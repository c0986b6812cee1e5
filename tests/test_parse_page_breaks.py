"""A page break inside a verbatim speaker marker does not turn the name into a heading or move the speech."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Record
from generator.parse import parse_record

RECORD = Path(__file__).parent.parent / "content" / "A_79_PV.29.md"
MARKER = "**Mr. Mukongo** (Democratic Republic of the Congo) ( _spoke in French_ ): My"
FIRST_WORDS = "My delegation"


def parsed_with_marker(marker: str) -> Record:
    source = RECORD.read_text(encoding="utf-8")
    assert MARKER in source
    return parse_record(source.replace(MARKER, marker).encode(), str(RECORD))


def mukongo_paragraphs(record: Record) -> list[str]:
    return [p.text for turn in record.turns if turn.speaker and turn.speaker.name == "Mr. Mukongo"
            for p in record.paragraphs if p.index in turn.paragraphs]


@pytest.mark.parametrize("marker", [
    "**Mr. Mukongo**\n\n24-19856 3/38\n\n(Democratic Republic of the Congo) ( _spoke in French_ ): My",
    "**Mr. Mukongo** (Democratic Republic of the Congo)\n\n( _spoke in French_ ): My",
    "**Mr. Mukongo** (Democratic Republic\n\nof the Congo) ( _spoke in French_ ): My",
], ids=["after the name", "before the language note", "inside the affiliation"])
def test_a_marker_broken_by_a_page_still_starts_the_turn(marker: str) -> None:
    whole, broken = parsed_with_marker(MARKER), parsed_with_marker(marker)
    assert mukongo_paragraphs(broken) == mukongo_paragraphs(whole)
    assert mukongo_paragraphs(broken)[0].startswith(FIRST_WORDS)
    speaker = next(t.speaker for t in broken.turns if t.speaker and t.speaker.name == "Mr. Mukongo")
    assert speaker.affiliation.country == "Democratic Republic of the Congo"
    assert speaker.language == "French"
    assert not any("Mukongo" in section.title for section in broken.sections)


def test_a_bold_heading_followed_by_parentheses_stays_a_heading() -> None:
    record = parsed_with_marker(MARKER.replace("**Mr. Mukongo**", "**Agenda item 68** (continued)\n\n**Mr. Mukongo**"))
    assert any(section.title.startswith("Agenda item 68") for section in record.sections)
