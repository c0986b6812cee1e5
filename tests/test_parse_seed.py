"""The founding example, E/2018/SR.22: what the parser must understand of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model import ParagraphKind, Record
from generator.parse import load_record

SEED = Path(__file__).parent.parent / "content" / "E_2018_SR.22.md"


@pytest.fixture(scope="module")
def seed() -> Record:
    return load_record(SEED)


def numbers_spoken_by(record: Record, surname: str) -> list[int]:
    return [
        record.paragraph(index).number or 0
        for turn in record.turns
        if turn.speaker.name.endswith(surname)
        for index in turn.paragraphs
    ]


def test_meeting_header(seed: Record) -> None:
    meeting = seed.meeting
    assert meeting.symbol == "E/2018/SR.22"
    assert meeting.date == dt.date(2018, 5, 2)
    assert meeting.place == "New York"
    assert meeting.kind == "summary"
    assert meeting.number == 22
    assert meeting.called_to_order == dt.time(10, 10)
    assert meeting.rose == dt.time(12, 55)


def test_paragraphs_are_numbered_one_to_seventy_seven(seed: Record) -> None:
    numbers = [p.number for p in seed.paragraphs if p.number is not None]
    assert numbers == list(range(1, 78))
    assert not seed.warnings


def test_each_speaker_holds_exactly_their_paragraphs(seed: Record) -> None:
    assert numbers_spoken_by(seed, "Shank") == [2, 7, 11, 14, 22, 23, 33, 38, 45, 52, 54, 60, 66, 67, 74, 77]
    assert numbers_spoken_by(seed, "Al-Shawaarbeh") == [3, 4, 5, 6, 8, 24, 32]
    assert numbers_spoken_by(seed, "Pineda") == [76]
    assert numbers_spoken_by(seed, "Zarrilli") == [40, 41, 42, 43, 44, 46, 68]


def test_fourteen_speakers(seed: Record) -> None:
    assert len({turn.speaker.name for turn in seed.turns}) == 14


def test_the_president_is_the_vice_president_in_the_chair(seed: Record) -> None:
    president = next(turn.speaker for turn in seed.turns if turn.speaker.name == "The President")
    assert president.presiding is not None
    assert president.presiding.name == "Mr. Pecsteen de Buytswerve"
    assert president.presiding.country == "Belgium"


def test_no_page_furniture_in_any_paragraph(seed: Record) -> None:
    for paragraph in seed.paragraphs:
        for furniture in ("18-07008", "Please recycle", "recycling symbol", "subject to correction"):
            assert furniture not in paragraph.text, paragraph.anchor


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (4, "Jordan had received millions", "provide job opportunities."),
        (49, "Cities and States at an early stage", "safe and secure connectivity."),
        (52, "asked whether there was a looming cyberthreat", "of which people were unaware."),
        (62, "said that the United Nations Committee of Experts", "depletion of natural resources."),
    ],
)
def test_paragraphs_broken_by_pages_are_whole(seed: Record, number: int, start: str, end: str) -> None:
    paragraph = next(p for p in seed.paragraphs if p.number == number)
    assert start in paragraph.text
    assert paragraph.text.rstrip().endswith(end)


def test_affiliation_broken_by_a_page_is_rejoined(seed: Record) -> None:
    turn = next(t for t in seed.turns if t.speaker.name == "Ms. Burmanje")
    affiliation = turn.speaker.affiliation
    assert affiliation is not None
    office = "Co-Chair of the United Nations Committee of Experts on Global Geospatial Information Management"
    assert office in affiliation.printed


def test_procedural_lines_are_not_attributed(seed: Record) -> None:
    procedural = [p for p in seed.paragraphs if p.kind is ParagraphKind.PROCEDURAL]
    assert [p.text for p in procedural][:2] == [
        "In the absence of Ms. Chatardova (Czechia), Mr. Pecsteen de Buytswerve (Belgium), Vice-President, "
        "took the Chair.",
        "The meeting was called to order at 10.10 a.m.",
    ]
    assert all(p.turn is None for p in procedural)


def test_outline_nests_agenda_item_session_and_panels(seed: Record) -> None:
    titles = [(s.level, s.title) for s in seed.sections]
    assert titles == [
        (1, "Agenda item 8: Integration segment (continued)"),
        (2, "Session 3: Panel discussion on “Balancing infrastructure development and sustainability”"),
        (3, "Panel 1"),
        (3, "Panel 2"),
    ]
    panel_2 = seed.sections[3]
    assert seed.paragraph(panel_2.paragraphs[0]).number == 33


def test_needless_markdown_escapes_are_undone(seed: Record) -> None:
    paragraph = next(p for p in seed.paragraphs if p.number == 40)
    assert "caused $19 billion" in paragraph.text
    assert not any("\\$" in p.text for p in seed.paragraphs)


def test_anchors_are_official_numbers(seed: Record) -> None:
    assert next(p for p in seed.paragraphs if p.number == 40).anchor == "p40"
