"""The meeting header of each of the seven records, and what builds a Meeting from it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import ParseError
from generator.model import Chair, RecordKind
from generator.parse.header import Header, build_meeting, match_chair_change, parse_time, read_header

CONTENT = Path(__file__).parent.parent / "content"


def header_of(name: str) -> Header:
    return read_header((CONTENT / name).read_text(encoding="utf-8").splitlines())


RECORDS = {
    "E_2018_SR.22.md": dict(
        body="Economic and Social Council", kind=RecordKind.SUMMARY, number=22, symbol="E/2018/SR.22",
        date=dt.date(2018, 5, 2), place="New York", scheduled=dt.time(10), session="2018 session",
        title="Summary record of the 22nd meeting", segment="Integration segment", language="English",
        job_number="18-07008",
        chair=Chair("Mr. Pecsteen de Buytswerve", "Belgium", "Vice-President"),
        acting_chair=Chair("Mr. Pecsteen de Buytswerve", "Belgium", "Vice-President"),
        called_to_order=dt.time(10, 10), rose=dt.time(12, 55),
    ),
    "A_48_PV.46.md": dict(
        body="General Assembly", kind=RecordKind.VERBATIM, number=46, symbol="A/48/PV.46",
        date=dt.date(1993, 11, 1), place="New York", scheduled=dt.time(15), session="Forty-eighth session",
        title="46th plenary meeting", language="English", job_number="93-87044",
        chair=Chair("Mr. Insanally", "Guyana", "President"), acting_chair=None,
        called_to_order=dt.time(15, 20), rose=dt.time(18, 35),
    ),
    "A_60_PV.25.md": dict(
        body="General Assembly", kind=RecordKind.VERBATIM, number=25, symbol="A/60/PV.25",
        date=dt.date(2005, 9, 29), place="New York", scheduled=dt.time(15), session="Sixtieth session",
        title="25th plenary meeting", job_number="05-53261",
        chair=Chair("Mr. Eliasson", "Sweden", "President"), acting_chair=None,
        called_to_order=dt.time(15, 10), rose=dt.time(16, 20),
    ),
    "A_65_PV.71.md": dict(
        body="General Assembly", kind=RecordKind.VERBATIM, number=71, symbol="A/65/PV.71",
        date=dt.date(2010, 12, 21), place="New York", scheduled=dt.time(15), session="Sixty-fifth session",
        title="71st plenary meeting", job_number="10-70469",
        chair=Chair("Mr. Deiss", "Switzerland", "President"), acting_chair=None,
        called_to_order=dt.time(15, 5), rose=dt.time(18, 15),
    ),
    "A_79_PV.29.md": dict(
        body="General Assembly", kind=RecordKind.VERBATIM, number=29, symbol="A/79/PV.29",
        date=dt.date(2024, 10, 29), place="New York", scheduled=dt.time(15), session="Seventy-ninth session",
        title="29th plenary meeting", job_number="24-19856",
        chair=Chair("Mr. Yang", "Cameroon", "President"),
        acting_chair=Chair("Mr. Agyeman", "Ghana", "Vice-President"),
        called_to_order=dt.time(15), rose=dt.time(18, 10),
    ),
    "S_PV.3756.md": dict(
        body="Security Council", kind=RecordKind.VERBATIM, number=3756, symbol="S/PV.3756",
        date=dt.date(1997, 3, 21), place="New York", scheduled=dt.time(18), session="Fifty-second year",
        title="3756th meeting", job_number="97-85299",
        chair=Chair("Mr. Wlosowicz", "Poland", "President"), acting_chair=None,
        called_to_order=dt.time(18, 25), rose=dt.time(19, 30),
    ),
    "S_PV.8422.md": dict(
        body="Security Council", kind=RecordKind.VERBATIM, number=8422, symbol="S/PV.8422",
        date=dt.date(2018, 12, 13), place="New York", scheduled=dt.time(15), session="Seventy-third year",
        title="8422nd meeting", job_number="18-43649",
        chair=Chair("Mr. Adom", "Côte d’Ivoire", "President"), acting_chair=None,
        called_to_order=dt.time(15, 10), rose=dt.time(15, 55),
    ),
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_each_record_builds_its_meeting(name: str) -> None:
    meeting = build_meeting(header_of(name), {}, name)
    for field, expected in RECORDS[name].items():
        assert getattr(meeting, field) == expected, field


def test_the_seed_prints_no_symbol_so_it_is_derived() -> None:
    header = header_of("E_2018_SR.22.md")
    assert header.symbol is None
    assert build_meeting(header, {}, "E_2018_SR.22.md").symbol == "E/2018/SR.22"


@pytest.mark.parametrize(
    ("name", "field", "line"),
    [
        ("E_2018_SR.22.md", "date", 20),
        ("E_2018_SR.22.md", "chair", 22),
        ("E_2018_SR.22.md", "acting_chair", 48),
        ("E_2018_SR.22.md", "called_to_order", 50),
        ("E_2018_SR.22.md", "rose", 246),
        ("A_48_PV.46.md", "number", 57),
        ("A_48_PV.46.md", "date", 59),
        ("A_48_PV.46.md", "scheduled", 61),
        ("A_48_PV.46.md", "place", 64),
        ("A_48_PV.46.md", "symbol", 118),
        ("A_79_PV.29.md", "acting_chair", 22),
        ("S_PV.8422.md", "number", 7),
    ],
)
def test_each_field_knows_its_source_line(name: str, field: str, line: int) -> None:
    assert header_of(name).lines[field] == line


def test_the_1993_header_after_the_first_speech_is_found_and_not_the_distribution_date() -> None:
    header = header_of("A_48_PV.46.md")
    assert header.date == dt.date(1993, 11, 1)  # not `22 November 1993` under `Distr. GENERAL`
    assert header.number == 46


def test_the_security_council_date_is_not_the_date_of_a_letter() -> None:
    assert header_of("S_PV.3756.md").date == dt.date(1997, 3, 21)  # `a letter dated 19 March 1997` is text


def test_a_mid_meeting_chair_change_is_not_the_acting_chair() -> None:
    # A/48/PV.46 prints `Mr. Nyakyi (United Republic of Tanzania), Vice-President, took the Chair.` after speeches.
    assert header_of("A_48_PV.46.md").acting_chair is None


def test_a_date_in_the_text_does_not_displace_the_held_date() -> None:
    lines = [
        "General Assembly", "Sixty-fourth session", "121st plenary meeting",
        "Monday, 13 September 2010, 10 a.m.", "New York", "",
        "**The President**: On 18 September 2009 the Assembly met.", "Friday, 18 September 2009",
    ]
    assert read_header(lines).date == dt.date(2010, 9, 13)


def test_front_matter_lines_blanked_by_the_caller_keep_their_numbers() -> None:
    lines = ["", "", "", "Security Council", "Seventy-third year", "8422nd meeting",
             "Thursday, 13 December 2018, 3 p.m."]
    header = read_header(lines)
    assert header.lines["body"] == 4
    assert header.lines["date"] == 7


# -- times and chair changes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("10.10 a.m.", dt.time(10, 10)),
        ("3 p.m.", dt.time(15)),
        ("12.55 p.m.", dt.time(12, 55)),
        ("12.30 a.m.", dt.time(0, 30)),
        ("6 p.m", dt.time(18)),
        ("noon", dt.time(12)),
        ("12 noon", dt.time(12)),
        ("midnight", dt.time(0)),
        ("15:10", dt.time(15, 10)),
    ],
)
def test_times_are_parsed(text: str, time: dt.time) -> None:
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["", "soon", "13 p.m.", "25:00", "at 3 p.m. sharp"])
def test_what_is_not_a_time_is_none(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "chair"),
    [
        ("In the absence of Ms. Chatardova (Czechia), Mr. Pecsteen de Buytswerve (Belgium), Vice-President, "
         "took the Chair.", Chair("Mr. Pecsteen de Buytswerve", "Belgium", "Vice-President")),
        ("In the absence of the President, Mr. Agyeman (Ghana), Vice-President, took the Chair.",
         Chair("Mr. Agyeman", "Ghana", "Vice-President")),
        ("_In the absence of the President, Mr. Agyeman (Ghana), Vice-President,_ _took the Chair._",
         Chair("Mr. Agyeman", "Ghana", "Vice-President")),
        ("Mr. Nyakyi (United Republic of Tanzania), Vice- President, took the Chair.",
         Chair("Mr. Nyakyi", "United Republic of Tanzania", "Vice-President")),
        ("In the absence of the Chair, Ms. Smith (Vice-Chair) took the Chair.", Chair("Ms. Smith", None, "Vice-Chair")),
    ],
)
def test_chair_changes(text: str, chair: Chair) -> None:
    assert match_chair_change(text) == chair


@pytest.mark.parametrize(
    "text",
    ["The President returned to the Chair.", "The meeting was called to order at 3 p.m.",
     "Mr. Smith (Kenya) said that he took the Chair's point."],
)
def test_other_paragraphs_are_not_chair_changes(text: str) -> None:
    assert match_chair_change(text) is None


# -- building the Meeting -------------------------------------------------------------------------


def test_front_matter_overrides_what_is_printed() -> None:
    meeting = build_meeting(
        header_of("E_2018_SR.22.md"),
        {"symbol": "e/2018/sr.22", "place": "Geneva", "date": dt.date(2018, 5, 3), "chair": "Ms. Chatardova (Czechia)",
         "called_to_order": "10.15 a.m.", "kind": "summary", "source_url": "https://undocs.org/E/2018/SR.22"},
        "E_2018_SR.22.md",
    )
    assert meeting.symbol == "E/2018/SR.22"
    assert meeting.place == "Geneva"
    assert meeting.date == dt.date(2018, 5, 3)
    assert meeting.chair == Chair("Ms. Chatardova", "Czechia")
    assert meeting.called_to_order == dt.time(10, 15)
    assert meeting.source_url == "https://undocs.org/E/2018/SR.22"


def test_a_header_of_front_matter_alone_is_enough() -> None:
    meeting = build_meeting(
        Header(), {"body": "General Assembly", "session": "Seventy-third session", "number": 5,
                   "date": "2018-10-04", "kind": "verbatim"}, "x.md",
    )
    assert meeting.symbol == "A/73/PV.5"


def test_body_number_and_kind_follow_from_a_printed_symbol() -> None:
    meeting = build_meeting(Header(symbol="S/PV.8422", date=dt.date(2018, 12, 13)), {}, "x.md")
    assert (meeting.body, meeting.number, meeting.kind) == ("Security Council", 8422, RecordKind.VERBATIM)


def test_a_committee_summary_record_gets_a_committee_symbol() -> None:
    lines = ["General Assembly", "Seventy-third session", "Official Records", "Third Committee",
             "Summary record of the 5th meeting",
             "Held at Headquarters, New York, on Thursday, 4 October 2018, at 10 a.m."]
    meeting = build_meeting(read_header(lines), {}, "x.md")
    assert meeting.symbol == "A/C.3/73/SR.5"
    assert meeting.kind == RecordKind.SUMMARY


def test_a_missing_date_says_what_was_expected() -> None:
    header = Header(body="General Assembly", number=29, symbol="A/79/PV.29", lines={"body": 4})
    with pytest.raises(ParseError) as raised:
        build_meeting(header, {}, "A_79_PV.29.md")
    assert raised.value.line == 4
    assert raised.value.message == (
        "no meeting date found: expected a line such as 'Tuesday, 29 October 2024, 3 p.m.' or "
        "'Held at Headquarters, New York, on Wednesday, 2 May 2018', or set `date` in the front matter"
    )


def test_every_missing_field_is_named_at_once() -> None:
    with pytest.raises(ParseError) as raised:
        build_meeting(Header(), {}, "empty.md")
    message = raised.value.message
    assert "no meeting body found" in message
    assert "no meeting number found" in message
    assert "no meeting date found" in message
    assert str(raised.value).startswith("empty.md:1: ")


def test_a_symbol_that_cannot_be_derived_must_be_given() -> None:
    header = Header(body="Economic and Social Council", kind=RecordKind.SUMMARY, number=3, date=dt.date(2018, 1, 1))
    with pytest.raises(ParseError, match="set `symbol` in the front matter"):
        build_meeting(header, {}, "x.md")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("number", "22", "a whole number above 0"),
        ("number", True, "a whole number above 0"),
        ("number", 0, "a whole number above 0"),
        ("date", "2 May 2018", "a date such as 2018-05-02"),
        ("date", 20180502, "a date such as 2018-05-02"),
        ("place", 12, "a non-empty string"),
        ("kind", "minutes", "\"summary\" or \"verbatim\""),
        ("rose", "late", "a time such as 10:10"),
        ("chair", 3, "a string such as \"Mr. Yang (Cameroon)\""),
    ],
)
def test_wrong_front_matter_types_name_the_field_and_type(field: str, value: object, expected: str) -> None:
    with pytest.raises(ParseError, match=re.escape(f"front matter `{field}` must be {expected}")):
        build_meeting(header_of("E_2018_SR.22.md"), {field: value}, "E_2018_SR.22.md")


def test_a_bad_symbol_is_reported() -> None:
    with pytest.raises(ParseError, match="not a UN document symbol"):
        build_meeting(header_of("E_2018_SR.22.md"), {"symbol": "twenty-two"}, "E_2018_SR.22.md")


def test_keys_that_are_not_meeting_fields_are_left_to_the_caller() -> None:
    meeting = build_meeting(header_of("A_79_PV.29.md"), {"tags": ["icc"]}, "A_79_PV.29.md")
    assert meeting.symbol == "A/79/PV.29"


@given(st.lists(st.text(max_size=120), max_size=40))
def test_any_lines_give_a_header_and_never_an_exception(lines: list[str]) -> None:
    header = read_header(lines)
    assert all(1 <= line <= len(lines) for line in header.lines.values())


@given(st.text(max_size=40))
def test_any_text_gives_a_time_or_none(text: str) -> None:
    parse_time(text)
