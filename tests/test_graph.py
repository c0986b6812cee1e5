"""Linking records into the site graph: who is who, which cities are named, and what points where.

Most tests build small records by hand and use a tiny gazetteer, so each shows one decision.
The last ones link the shipped records with the real parser and gazetteer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.co_speakers as co_speakers_module
import generator.graph as graph_module
from generator.co_speakers import CO_SPEAKER_LIMIT, PLACE_STEP, CoSpeakers
from generator.corrections import Corrections, load_corrections, read_corrections
from generator.countries import Country, country_by_code
from generator.graph import (
    Doubt,
    Key,
    Sighting,
    link,
    meeting_order,
    name_key,
    speaking_turns,
    warning_order,
    warnings_added,
)
from generator.mentions import MentionCache
from generator.model import (
    Affiliation,
    Chair,
    Meeting,
    ParagraphDraft,
    ParagraphKind,
    Record,
    RecordKind,
    Section,
    Speaker,
    Turn,
    paragraphs_of,
)
from generator.named_cities import CitiesNamed
from generator.people_order import person_order
from generator.places import City, Gazetteer
from generator.render import listings
from generator.render.listings import (
    body_years,
    by_body,
    by_year,
    country_entries,
    latest,
    meetings_in_country,
    newest_first,
    years_of,
)
from generator.sentences import sentence_at
from generator.site import Person, SiteGraph, TurnSpeakers, entry_year, meeting_of, meeting_year
from generator.slugs import slugify

CONTENT = Path(__file__).parent.parent / "content"
ECOSOC = "Economic and Social Council"
GA = "General Assembly"


def city(name: str, code: str, geonameid: int) -> City:
    return City(geonameid=geonameid, name=name, slug=slugify(name), country_code=code, latitude=0.0, longitude=0.0,
                population=1000)


NEW_YORK = city("New York City", "US", 5128581)
AMMAN = city("Amman", "JO", 250441)
MEDELLIN = city("Medellín", "CO", 3674962)
GENEVA = city("Geneva", "CH", 2660646)


@dataclass(frozen=True, slots=True)
class FakeMention:
    city: City
    start: int
    end: int
    matched: str


class FakeGazetteer:
    """Knows a few cities by name; `New York` is an alternate name of New York City."""

    def __init__(self, *cities: City) -> None:
        self.by_name = {c.name: c for c in cities} | {"New York": NEW_YORK}
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")

    def city(self, name: str, country_code: str | None = None) -> City | None:
        found = self.by_name.get(name)
        return found if found and (country_code is None or found.country_code == country_code) else None

    def mentions(self, text: str) -> list[FakeMention]:
        found = self.pattern.finditer(text)
        return [FakeMention(self.by_name[m.group(1)], m.start(), m.end(), m.group(1)) for m in found]

    def country_of(self, found: City) -> Country | None:
        return country_by_code(found.country_code)


GAZETTEER = FakeGazetteer(NEW_YORK, AMMAN, MEDELLIN, GENEVA)


def person(name: str, *, country: str | None = None, org: str | None = None, printed: str | None = None,
           city_name: str | None = None, role: str | None = None) -> Speaker:
    """A named speaker with a parenthesised affiliation."""
    text = printed or ", ".join(part for part in (org, country) if part)
    affiliation = Affiliation(text, organization=org, country=country, city=city_name) if text else None
    return Speaker(name, name.split()[0], affiliation, role)


def title(name: str = "The President", presiding: Chair | None = None) -> Speaker:
    return Speaker(name, None, presiding=presiding)


Turns = Sequence[tuple[Speaker, Sequence[str]] | tuple[Speaker, Sequence[str], int]]


def record(symbol: str, date: str, turns: Turns, *, body: str = ECOSOC, place: str | None = "New York",
           sections: Sequence[str] = (), session: str = "2018 session", votes: Sequence[str] = ()) -> Record:
    """A record whose turns each hold the given paragraphs, under the given section index (or none)."""
    paragraphs: list[ParagraphDraft] = []
    built: list[Turn] = []
    section_paragraphs: dict[int, list[int]] = {i: [] for i in range(len(sections))}
    for number, (speaker, texts, *where) in enumerate(turns):
        section = where[0] if where else None
        indices = []
        for text in texts:
            index = len(paragraphs) + 1
            paragraphs.append(
                ParagraphDraft(index, f"p{index}", text, 10 * index, ParagraphKind.SPEECH, index, number, section))
            indices.append(index)
            if section is not None:
                section_paragraphs[section].append(index)
        built.append(Turn(number, speaker, tuple(indices), 10 * indices[0]))
    for text in votes:
        index = len(paragraphs) + 1
        paragraphs.append(ParagraphDraft(index, f"p{index}", text, 10 * index, ParagraphKind.VOTE))
    outline = tuple(
        Section(i, t, 1, f"s{i + 1}", i + 1, None, tuple(section_paragraphs[i])) for i, t in enumerate(sections))
    number = int(symbol.rsplit(".", 1)[-1])
    day = dt.date.fromisoformat(date)
    meeting = Meeting(body, RecordKind.SUMMARY, number, symbol, day, session=session, place=place)
    return Record(f"content/{symbol.replace('/', '_')}.md", meeting, paragraphs_of(paragraphs), tuple(built), outline)


def graph_of(*records: Record, corrections: str = "") -> SiteGraph:
    return link(records, GAZETTEER, read_corrections(corrections, "content/corrections.toml"))


def speaker_of(graph: SiteGraph, symbol: str, turn: int) -> Person:
    meeting = next(m for m in graph.meetings if m.symbol == symbol)
    return graph.person_of_turn[meeting.slug, turn]


def slugs(people: Sequence[Person]) -> list[str]:
    return [p.slug for p in people]


# -- meetings -------------------------------------------------------------------------------------------


def test_meetings_are_ordered_by_date_then_symbol_and_slugged_from_the_symbol() -> None:
    graph = graph_of(
        record("E/2018/SR.23", "2018-05-02", [(person("Mr. A", country="Chile"), ["x"])]),
        record("E/2018/SR.22", "2018-05-02", [(person("Mr. A", country="Chile"), ["x"])]),
        record("E/2017/SR.5", "2017-01-10", [(person("Mr. A", country="Chile"), ["x"])]),
    )
    assert [m.slug for m in graph.meetings] == ["e-2017-sr-5", "e-2018-sr-22", "e-2018-sr-23"]
    assert graph.meetings[1].url == "/meetings/e-2018-sr-22/"


def test_neighbours_are_the_previous_and_next_meeting_of_the_same_body() -> None:
    graph = graph_of(
        record("E/2018/SR.1", "2018-01-01", [(person("Mr. A", country="Chile"), ["x"])]),
        record("A/73/PV.1", "2018-01-02", [(person("Mr. A", country="Chile"), ["x"])], body=GA),
        record("E/2018/SR.2", "2018-01-03", [(person("Mr. A", country="Chile"), ["x"])]),
    )
    first, plenary, second = graph.meetings
    assert graph.neighbours[first.slug] == (None, second)
    assert graph.neighbours[second.slug] == (first, None)
    assert graph.neighbours[plenary.slug] == (None, None)


def test_a_meeting_is_held_in_the_gazetteer_city_of_its_place() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(person("Mr. A", country="Chile"), ["x"])]),
                     record("E/2018/SR.23", "2018-05-03", [(person("Mr. A", country="Chile"), ["x"])], place=None))
    assert graph.meetings[0].city == NEW_YORK and graph.meetings[1].city is None
    assert graph.meetings_by_city["new-york-city"] == (graph.meetings[0],)
    assert NEW_YORK in graph.cities


# -- people ---------------------------------------------------------------------------------------------


def test_one_name_and_country_across_records_is_one_person() -> None:
    graph = graph_of(
        record("A/48/PV.46", "1993-11-01", [(person("Mr. INDERFURTH", country="United States of America"), ["x"])],
               body=GA, session="Forty-eighth session"),
        record("A/49/PV.3", "1994-10-01", [(person("Mr. Inderfurth", country="United States of America"), ["y"])],
               body=GA, session="Forty-ninth session"),
    )
    (only,) = graph.people
    assert only.printed_names == ("Mr. INDERFURTH", "Mr. Inderfurth")
    assert [s.meeting.symbol for s in graph.turns_by_person[only.slug]] == ["A/48/PV.46", "A/49/PV.3"]
    assert only.country is not None and only.country.code == "US"
    assert name_key("Mr INDERFURTH") == name_key("Mr. Inderfurth")


def test_two_mr_williams_with_different_organizations_are_two_people() -> None:
    habitat = "United Nations Human Settlements Programme (UN-Habitat)"
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. Williams", org=habitat, printed=f"Director of the {habitat}"), ["x"]),
        (person("Mr. Williams", org="World Bank"), ["y"]),
    ]))
    assert slugs(graph.people) == ["mr-williams-un-habitat", "mr-williams-world-bank"]
    assert [p.organization for p in graph.people] == [habitat, "World Bank"]


def test_a_person_slug_comes_from_their_own_name_and_affiliation() -> None:
    shank = person("Mr. Shank", org="Carbon Neutral Cities Alliance")
    alone = graph_of(record("E/2018/SR.22", "2018-05-02", [(shank, ["x"])]))
    crowded = graph_of(
        record("E/2018/SR.22", "2018-05-02", [(person("Mr. Shank", org="Carbon Neutral Cities Alliance"), ["x"])]),
        record("E/2019/SR.2", "2019-01-02", [(person("Mr. Shank", country="Chile"), ["y"])], session="2019 session"),
    )
    assert slugs(alone.people) == ["mr-shank-carbon-neutral-cities-alliance"]
    assert "mr-shank-carbon-neutral-cities-alliance" in slugs(crowded.people)


def test_one_name_and_country_with_two_titles_is_one_person_keeping_both_titles() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. Jinga", country="Romania", printed="Permanent Representative of Romania to the United Nations",
                role="discussant"), ["x"]),
        (person("Mr. Jinga", country="Romania",
                printed="Chair of the Commission on Population and Development, Romania"), ["y"]),
        (person("Mr. Jinga", country="Romania",
                printed="PERMANENT REPRESENTATIVE of Romania to the United Nations"), ["z"]),
    ]))
    (jinga,) = graph.people
    assert jinga.titles == ("Permanent Representative of Romania to the United Nations", "discussant",
                            "Chair of the Commission on Population and Development, Romania")


def test_the_president_is_whoever_presided() -> None:
    chair = Chair("Mr. Pecsteen de Buytswerve", "Belgium", "Vice-President")
    graph = graph_of(
        record("E/2018/SR.22", "2018-05-02", [(title(presiding=chair), ["x"]),
                                              (person("Mr. Pineda", country="Mexico"), ["y"])]),
        record("E/2018/SR.30", "2018-06-02", [(person("Mr. Pecsteen de Buytswerve", country="Belgium"), ["z"])]),
    )
    president = speaker_of(graph, "E/2018/SR.22", 0)
    assert president is speaker_of(graph, "E/2018/SR.30", 0)
    assert president.name == "Mr. Pecsteen de Buytswerve" and president.slug == "mr-pecsteen-de-buytswerve-belgium"
    assert president.titles[:2] == ("Vice-President", "President of the Economic and Social Council")
    printed = [s.as_printed for s in graph.turns_by_person[president.slug]]
    assert printed == ["The President", "Mr. Pecsteen de Buytswerve"]
    assert president.uncertain is None


def test_a_president_the_record_does_not_name_is_an_uncertain_office_of_the_body() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(title(), ["x"]), (title(), ["y"])]))
    (office,) = graph.people
    assert (office.name, office.organization, office.slug) == (
        "The President", ECOSOC, "the-president-economic-and-social-council")
    assert office.uncertain == "who presided is not recorded"
    assert graph.warnings == (
        'content/E_2018_SR.22.md:10: who presided is not recorded, so "The President" is filed as '
        '"The President (Economic and Social Council)"; to name the person, merge "The President (E/2018/SR.22)" '
        "with them in content/corrections.toml",
    )


def test_a_name_printed_bare_joins_its_namesake_in_the_same_meeting() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. Shank", org="Carbon Neutral Cities Alliance"), ["x"]), (person("Mr. Shank"), ["y"])]))
    (shank,) = graph.people
    assert len(graph.turns_by_person[shank.slug]) == 2 and graph.warnings == ()


def test_a_name_printed_bare_with_no_namesake_is_uncertain() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(person("Mr. Shank"), ["y"])]))
    (shank,) = graph.people
    assert (shank.slug, shank.uncertain) == ("mr-shank", "printed with no country or organization")
    assert graph.warnings == ("content/E_2018_SR.22.md:10: Mr. Shank is printed with no country or organization, so "
                              "the graph cannot tell who this is; if this is someone known elsewhere, merge them in "
                              "content/corrections.toml",)


def test_one_name_for_two_countries_in_one_session_is_kept_apart_with_a_warning() -> None:
    graph = graph_of(
        record("E/2018/SR.22", "2018-05-02", [(person("Mr. Lee", country="Singapore"), ["x"])]),
        record("E/2018/SR.23", "2018-05-03", [(person("Mr. Lee", country="Republic of Korea"), ["y"])]),
        record("E/2019/SR.1", "2019-05-03", [(person("Mr. Lee", country="Chile"), ["y"])], session="2019 session"),
    )
    assert len(graph.people) == 3
    uncertain = {p.country.code: bool(p.uncertain) for p in graph.people if p.country}
    assert uncertain == {"SG": True, "KR": True, "CL": False}
    (warning,) = graph.warnings
    assert warning.startswith("content/E_2018_SR.23.md:10: \"Mr. Lee (Singapore)\" and \"Mr. Lee (")
    assert warning.endswith("speak in the same session of the Economic and Social Council; they are kept apart as "
                            "two people; if they are one, merge them in content/corrections.toml")


DOUBTED = (person("Mr. Lee", country="Singapore"), person("Mr. Lee", country="Chile"), person("Mr. Lee"),
           person("Ms. Ode", org="UNICEF"), person("Ms. Ode"), title("The President"), title("The Chair"))
"""Namesakes, names printed bare (some with an affiliated namesake in their meeting) and offices: every doubt."""


@given(st.lists(st.tuples(st.sampled_from(["2018-05-02", "2018-06-01", "2019-05-02"]), st.sampled_from([ECOSOC, GA]),
                          st.sampled_from(["2018 session", ""]),
                          st.lists(st.integers(0, len(DOUBTED) - 1), min_size=1, max_size=12)),
                min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
def test_the_doubts_about_turns_are_those_about_the_turns_they_read_with_any_meeting_s_turns_among_them(
        meetings: list[tuple[str, str, str, list[int]]]) -> None:
    """A bare name joins its meeting's one affiliated namesake, and a doubt tells of the first turn of an identity in
    a session, or in the archive: the later turns and meetings change nothing (`sightings_doubts_read`), nor does
    a meeting put back among the turns read of the others (what a date moved to another year compares)."""
    records = [record(f"E/2018/SR.{number}", date, [(DOUBTED[at], ["x"]) for at in turns], body=body, session=session)
               for number, (date, body, session, turns) in enumerate(meetings, start=1)]
    runs = sighted_runs(records)
    everything = doubts([s for run in runs for s in run])
    assert doubts([s for run in graph_module.sightings_doubts_read(runs) for s in run]) == everything
    place = {run[0].meeting.slug: at for at, run in enumerate(runs)}
    for at, own in enumerate(runs):
        read = graph_module.sightings_doubts_read([*runs[:at], *runs[at + 1:]])
        before = sum(1 for run in read if place[run[0].meeting.slug] < at)
        assert doubts([s for run in [*read[:before], own, *read[before:]] for s in run]) == everything


def test_the_doubts_read_a_meeting_s_first_turn_of_each_identity_and_a_session_s_first_meeting_s() -> None:
    """The chair thrice, a namesake twice in a meeting, then in the next meeting of the session, with another
    namesake and a name printed bare; a name printed bare before its namesakes (of two countries) and after, and a
    bare name with no namesake: each kind of doubt the test above draws."""
    president, lee_singapore, lee_chile, lee_bare, ode, ode_bare = (DOUBTED[i] for i in (5, 0, 1, 2, 3, 4))
    runs = sighted_runs([
        record("E/2018/SR.1", "2018-05-02", [(president, ["x"]), (lee_singapore, ["x"]), (president, ["x"]),
                                             (lee_singapore, ["x"]), (ode, ["x"])]),
        record("E/2018/SR.2", "2018-06-01", [(president, ["x"]), (lee_singapore, ["x"]), (lee_chile, ["x"]),
                                             (ode_bare, ["x"]), (ode, ["x"])]),
        record("E/2019/SR.1", "2019-05-02", [(president, ["x"]), (lee_bare, ["x"]), (president, ["x"]),
                                             (lee_singapore, ["x"]), (lee_chile, ["x"]), (lee_bare, ["x"]),
                                             (ode_bare, ["x"])], session="2019 session")])
    read = graph_module.sightings_doubts_read(runs)
    assert [[s.turn.index for s in run] for run in read] == [[0, 1, 4], [2, 3, 4], [1, 3, 4, 6]]
    found = doubts([s for run in read for s in run])
    assert found == doubts([s for run in runs for s in run])
    assert sorted(d.reason.split('"')[0] for d in found.values()) == [
        "", "", "printed with no country or organization", "printed with no country or organization",
        "who presided is not recorded"]


def sighted_runs(records: Sequence[Record]) -> list[list[Sighting]]:
    """The sightings of each meeting's turns, a list a meeting, in the archive's order."""
    runs: dict[str, list[Sighting]] = {}
    for s in sighted(records):
        runs.setdefault(s.meeting.slug, []).append(s)
    return list(runs.values())


def sighted(records: Sequence[Record]) -> list[Sighting]:
    lookup = graph_module.Lookup(MentionCache(GAZETTEER))
    return graph_module.sight_speakers(graph_module.meeting_pages(records, lookup), lookup)


def doubts(sightings: Sequence[Sighting]) -> dict[Key, Doubt]:
    return graph_module.doubts_about(*graph_module.attach_unaffiliated(sightings))


def test_people_are_sorted_by_surname() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Sir David Hannay", country="United Kingdom"), ["x"]), (person("Mr. Zarrilli", country="Chile"), ["x"]),
        (person("Ms. Burmanje", country="Netherlands"), ["x"]), (person("Mr. Inderfurth", country="Chile"), ["x"]),
    ]))
    assert [p.name for p in graph.people] == ["Ms. Burmanje", "Sir David Hannay", "Mr. Inderfurth", "Mr. Zarrilli"]


def speaking_of(graph: SiteGraph) -> dict[str, tuple[tuple[int, ...], ...]]:
    """The turns speaking under each heading of each of the graph's meetings, by meeting slug."""
    return {m.slug: speaking_turns(m.record) for m in graph.meetings}


def everyone_worked_out(graph: SiteGraph) -> CoSpeakers:
    """A co-speakers table of the graph's meetings, everyone's companions worked out (as the dev server's is)."""
    table = CoSpeakers(speaking_of(graph), graph.person_of_turn, graph.turns_by_person, graph.people)
    table.work_out_everyone()
    return table


def edited_into(table: CoSpeakers, after: SiteGraph, went: Sequence[Person], came: Sequence[Person],
                people: Sequence[Person] | None = None) -> CoSpeakers:
    """`table` after an edit of E/2018/SR.22 made the graph `after`, taking the people `went` away and adding those
    who `came` (the people A–Z: `after`'s, unless given)."""
    return table.with_people(after.person_of_turn, after.turns_by_person, after.people if people is None else people,
                             speaking_of(after), {"e-2018-sr-22"}, went, came)


def test_co_speakers_share_a_panel_and_a_whole_debate_says_nothing() -> None:
    panel = [(person(f"Mr. P{i}", country="Chile"), ["x"], 0) for i in range(3)]
    debate = [(person(f"Mr. D{i}", country="Chile"), ["x"], 1) for i in range(CO_SPEAKER_LIMIT + 1)]
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [*panel, *debate], sections=["Panel 1", "General debate"]))
    p0 = speaker_of(graph, "E/2018/SR.22", 0)
    assert [p.name for p in graph.co_speakers[p0.slug]] == ["Mr. P1", "Mr. P2"]
    assert speaker_of(graph, "E/2018/SR.22", 3).slug not in graph.co_speakers


def test_co_speakers_come_most_frequent_first_then_by_surname() -> None:
    chair, often, once, twice = (person(f"Mr. {name}", country="Chile") for name in ("Chair", "Often", "Alpha", "Beta"))
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (chair, ["x"], 0), (once, ["x"], 0), (often, ["x"], 0),
        (chair, ["x"], 1), (often, ["x"], 1), (twice, ["x"], 1),
        (chair, ["x"], 2), (often, ["x"], 2), (twice, ["x"], 2),
    ], sections=["Panel 1", "Panel 2", "Panel 3"]))
    assert [p.name for p in graph.co_speakers[speaker_of(graph, "E/2018/SR.22", 0).slug]] == [
        "Mr. Often", "Mr. Beta", "Mr. Alpha"]



def test_who_spoke_each_turn_is_one_tuple_a_meeting_and_an_edit_copies_only_the_meetings_it_changes() -> None:
    chile, peru = person("Mr. A", country="Chile"), person("Mr. B", country="Peru")
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(chile, ["x"]), (peru, ["y"]), (chile, ["z"])]),
                     record("E/2018/SR.23", "2018-05-03", [(peru, ["x"])]),
                     record("E/2018/SR.24", "2018-05-04", [(chile, ["x"])]))
    first, second, third = (m.slug for m in graph.meetings)
    a, b = speaker_of(graph, "E/2018/SR.22", 0), speaker_of(graph, "E/2018/SR.22", 1)
    table = graph.person_of_turn

    assert dict(table) == {(first, 0): a, (first, 1): b, (first, 2): a, (second, 0): b, (third, 0): a}
    assert table.of_meeting(first) == (a, b, a) and table.of_meeting("e-1999-sr-1") == ()
    for missing in [(first, 3), (first, -1), ("e-1999-sr-1", 0)]:
        assert missing not in table
        with pytest.raises(KeyError):
            table[missing]

    edited = table.with_meetings({first: (b, b), second: ()})

    assert dict(edited) == {(first, 0): b, (first, 1): b, (third, 0): a}
    assert edited.of_meeting(third) is table.of_meeting(third)  # shared, not copied
    assert dict(table) == {(first, 0): a, (first, 1): b, (first, 2): a, (second, 0): b, (third, 0): a}
    assert edited == dict(edited) and edited != table and table.with_meetings({}) == table


@pytest.mark.parametrize("seed", range(20))
def test_warnings_added_go_where_sorting_them_all_again_would_put_them(seed: int) -> None:
    rng = random.Random(seed)
    said = [f"content/{rng.choice('abc')}.md:{rng.randint(1, 9)}: {rng.choice(['x', 'y', 'z'])}" for _ in range(12)]
    said += ["no file or line", "content/a.md: no line"]
    warnings = tuple(sorted(dict.fromkeys(rng.sample(said, 8)), key=warning_order))
    added = rng.sample(said, 6)

    assert warnings_added(warnings, added) == tuple(sorted(dict.fromkeys([*warnings, *sorted(added)]),
                                                            key=warning_order))


def test_co_speakers_are_worked_out_for_one_person_from_the_meetings_they_spoke_in() -> None:
    alone, other = (person(f"Mr. {name}", country="Chile") for name in ("Alone", "Other"))
    first = record("E/2018/SR.22", "2018-05-02", [(alone, ["x"], 0), (other, ["x"], 0)], sections=["Panel 1"])
    second = record("E/2018/SR.23", "2018-05-03", [(other, ["x"], 0), (person("Mr. Third", country="Peru"), ["x"], 0)],
                    sections=["Panel 2"])
    graph = graph_of(first, second)
    read: list[str] = []

    class Spied(TurnSpeakers):
        def of_meeting(self, slug: str) -> tuple[Person, ...]:
            read.append(slug)
            return super().of_meeting(slug)

    speaking = speaking_of(graph)
    together = CoSpeakers(speaking, Spied(dict(graph.person_of_turn.by_meeting())), graph.turns_by_person,
                          graph.people)
    alone_slug = speaker_of(graph, "E/2018/SR.22", 0).slug
    assert [p.name for p in together[alone_slug]] == ["Mr. Other"]
    assert set(read) == {graph.meetings[0].slug}
    assert dict(together) == dict(graph.co_speakers) and len(together) == 3


@pytest.mark.parametrize("kept", [1, co_speakers_module.HEADINGS_KEPT])
def test_the_speakers_of_a_heading_are_looked_up_once_for_all_of_them_as_far_as_headings_are_kept(
        kept: int, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = [(person(f"Mr. P{i}", country="Chile"), ["x"], 0) for i in range(4)]
    debate = [(person(f"Mr. D{i}", country="Chile"), ["x"], 1) for i in range(CO_SPEAKER_LIMIT + 1)]
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [*panel, *debate], sections=["Panel 1", "General debate"]),
                     record("E/2018/SR.23", "2018-05-03", panel, sections=["Panel 2"]))
    monkeypatch.setattr(co_speakers_module, "HEADINGS_KEPT", kept)
    read: list[tuple[int, int]] = []

    class Turns(tuple[Person, ...]):
        """One meeting's speakers, noting each turn looked up (by the meeting's table and the turn)."""

        def __getitem__(self, turn):  # type: ignore[no-untyped-def, override]
            read.append((id(self), turn))
            return super().__getitem__(turn)

    spied = TurnSpeakers({slug: Turns(people) for slug, people in graph.person_of_turn.by_meeting()})
    speaking = speaking_of(graph)
    together = CoSpeakers(speaking, spied, graph.turns_by_person, graph.people)
    assert dict(together) == dict(graph.co_speakers)
    assert [p.name for p in together[speaker_of(graph, "E/2018/SR.22", 0).slug]] == ["Mr. P1", "Mr. P2", "Mr. P3"]
    if kept > 1:
        assert len(read) == len(set(read)) == len(panel) * 2 + len(debate)

def test_everyone_s_companions_worked_out_at_once_are_those_each_person_s_work_out_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    panel = [(person(f"Mr. P{i}", country="Chile"), ["x"], 0) for i in range(4)]
    debate = [(person(f"Mr. D{i}", country="Chile"), ["x"], 1) for i in range(CO_SPEAKER_LIMIT + 1)]
    alone = (person("Mr. Alone", country="Peru"), ["x"], 1)
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [*panel, *debate], sections=["Panel 1", "General debate"]),
                     record("E/2018/SR.23", "2018-05-03", [*panel[:2], alone], sections=["Panel 2", "Closing"]))
    one_by_one = dict(graph.co_speakers)
    speaking = speaking_of(graph)
    at_once = CoSpeakers(speaking, graph.person_of_turn, graph.turns_by_person, graph.people)
    at_once.work_out_everyone()
    monkeypatch.setattr(CoSpeakers, "_work_out", lambda _, slug: pytest.fail(f"{slug} worked out again"))
    assert dict(at_once) == one_by_one
    assert [p.name for p in at_once[speaker_of(graph, "E/2018/SR.22", 0).slug]] == ["Mr. P1", "Mr. P2", "Mr. P3"]
    assert [p.name for p in at_once[speaker_of(graph, "E/2018/SR.22", 2).slug]] == ["Mr. P0", "Mr. P1", "Mr. P3"]
    assert len(at_once) == len(panel)  # neither the debate's speakers nor Mr. Alone spoke alongside anybody


def test_companions_counted_again_after_an_edit_of_speakers_are_those_a_fresh_table_works_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c, d = (person(f"Mr. {name}", country="Chile") for name in ("A", "B", "C", "D"))

    def two_panels(second: Any) -> Record:  # Mr. A and `second` speak together under both
        return record("E/2018/SR.22", "2018-05-02", [(a, ["x"], 0), (second, ["x"], 0), (a, ["x"], 1),
                                                     (second, ["x"], 1)], sections=["Panel 1", "Panel 2"])

    other = record("E/2018/SR.23", "2018-05-03", [(a, ["x"], 0), (d, ["x"], 0), (b, ["x"], 0)], sections=["Panel 3"])
    before, after = graph_of(two_panels(b), other), graph_of(two_panels(c), other)
    table = everyone_worked_out(before)
    came = [p for p in after.people if p.name == "Mr. C"]
    edited = edited_into(table, after, [], came)
    expected = dict(after.co_speakers)
    monkeypatch.setattr(CoSpeakers, "_work_out", lambda _, slug: pytest.fail(f"{slug} worked out again"))
    assert dict(edited) == expected
    assert [p.name for p in edited[speaker_of(after, "E/2018/SR.22", 0).slug]] == ["Mr. C", "Mr. B", "Mr. D"]


PANELLISTS = [person(f"Mr. {name}", country="Chile") for name in ("Abe", "Bo", "Cy", "Di", "Ed", "Fu", "Gil", "Hu")]


def panels_graph(panels: Sequence[Sequence[int]], other: Record) -> SiteGraph:
    """A meeting whose panels' speakers are `PANELLISTS` by number (Mr. Abe under every panel), and `other`."""
    turns = [(PANELLISTS[i], ["x"], heading) for heading, panel in enumerate(panels) for i in (0, *panel)]
    return graph_of(record("E/2018/SR.22", "2018-05-02", turns, sections=[f"Panel {n}" for n in range(len(panels))]),
                    other)


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.sets(st.integers(1, 7), max_size=5), min_size=1, max_size=6),
       after=st.lists(st.sets(st.integers(1, 7), max_size=5), min_size=1, max_size=6))
def test_the_companions_an_edit_changes_move_to_where_a_fresh_table_ranks_them_and_the_others_stay(
        before: list[set[int]], after: list[set[int]]) -> None:
    """However an edit changes who spoke under which panel (people added, gone, counts up or down, ties broken by
    name), moving the companions it names, and only them, ranks each person's as a fresh table does."""
    other = record("E/2018/SR.23", "2018-05-03", [(PANELLISTS[i], ["x"], 0) for i in (0, 2, 5)], sections=["Panel"])
    old, new = panels_graph(before, other), panels_graph(after, other)
    table = everyone_worked_out(old)
    went = [p for p in old.people if p.slug not in new.turns_by_person]
    came = [p for p in new.people if p.slug not in old.turns_by_person]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(co_speakers_module, "MOVED_AT_MOST_ONE_IN", 0)  # every companion named is moved, none ranked
        edited = edited_into(table, new, went, came)
        assert {slug: slugs(together) for slug, together in edited.items()} == {
            slug: slugs(together) for slug, together in new.co_speakers.items()}


def test_an_edit_ranks_again_only_the_companions_of_those_with_few_and_moves_the_others_it_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A delegate with many companions, one of whom an edit adds: that one is moved into place, not all of them
    ranked again (1.5 to 3 ms for a delegate of decades)."""
    many = [person(f"Mr. Many{i:02}", country="Peru") for i in range(3 * co_speakers_module.MOVED_AT_MOST_ONE_IN)]
    abe, newcomer = PANELLISTS[0], person("Mr. Newcomer", country="Chile")
    panels = [many[at:at + 4] for at in range(0, len(many), 4)]
    others = record("E/2018/SR.23", "2018-05-03",
                    [(p, ["x"], n) for n, panel in enumerate(panels) for p in [abe, *panel]],
                    sections=[f"Panel {n}" for n in range(len(panels))])
    before = graph_of(record("E/2018/SR.22", "2018-05-02", [(abe, ["x"], 0), (many[5], ["x"], 0)],
                             sections=["Panel"]), others)
    after = graph_of(record("E/2018/SR.22", "2018-05-02", [(abe, ["x"], 0), (newcomer, ["x"], 0), (many[5], ["x"], 0)],
                            sections=["Panel"]), others)
    table = everyone_worked_out(before)
    ranked: list[str] = []
    ranking = CoSpeakers._ranked
    monkeypatch.setattr(CoSpeakers, "_ranked", lambda self, slug, counts: ranked.append(slug) or ranking(
        self, slug, counts))
    came = [p for p in after.people if p.name == "Mr. Newcomer"]
    edited = edited_into(table, after, [], came)
    ranked_by_the_edit = list(ranked)
    assert {slug: slugs(together) for slug, together in edited.items()} == {
        slug: slugs(together) for slug, together in after.co_speakers.items()}
    abe_slug = speaker_of(after, "E/2018/SR.22", 0).slug
    assert [p.name for p in edited[abe_slug]][::len(many)] == ["Mr. Many05", "Mr. Newcomer"]
    assert ranked_by_the_edit == [slug for slug in ranked_by_the_edit if slug != abe_slug] != []


@pytest.mark.parametrize("step", [PLACE_STEP, 1])
def test_the_people_an_edit_adds_and_takes_away_leave_the_others_their_places_in_the_order_ties_are_ranked_by(
        monkeypatch: pytest.MonkeyPatch, step: int) -> None:
    """A table an edit makes places the people it adds between their neighbours, not everyone again; where no place
    is left between them (a `step` of 1), it works everyone's out again. Either way ties rank as a fresh table's."""
    monkeypatch.setattr(co_speakers_module, "PLACE_STEP", step)
    a, b, c, d, e = (person(f"Mr. {name}", country="Chile") for name in "ABCDE")
    before = graph_of(record("E/2018/SR.22", "2018-05-02", [(a, ["x"], 0), (b, ["x"], 0), (d, ["x"], 0),
                                                            (e, ["x"], 0)], sections=["Panel 1"]))
    after = graph_of(record("E/2018/SR.22", "2018-05-02", [(a, ["x"], 0), (b, ["x"], 0), (c, ["x"], 0),
                                                           (d, ["x"], 0)], sections=["Panel 1"]))
    table = everyone_worked_out(before)
    went = [p for p in before.people if p.name == "Mr. E"]
    came = [p for p in after.people if p.name == "Mr. C"]
    kept = [p for p in before.people if p.name != "Mr. E"]
    after_people = tuple(sorted([*kept, *came], key=person_order))
    edited = edited_into(table, after, went, came, people=after_people)
    places = edited._people_order()
    assert [places[p.slug][1].name for p in after_people] == ["Mr. A", "Mr. B", "Mr. C", "Mr. D"]
    assert sorted(places.values(), key=lambda place: place[0]) == [places[p.slug] for p in after_people]
    if step > 1:
        assert [places[p.slug] for p in kept] == [table._people_order()[p.slug] for p in kept]
    assert {slug: [p.name for p in together] for slug, together in edited.items()} == {
        slug: [p.name for p in together] for slug, together in after.co_speakers.items()}


# -- corrections ----------------------------------------------------------------------------------------

TWO_RECORDS = (
    record("E/2018/SR.22", "2018-05-02", [(title(), ["x"]),
                                          (person("Mr. Zarrilli", country="United States of America"), ["y"])]),
    record("E/2018/SR.30", "2018-06-02", [(person("Mr. Pecsteen de Buytswerve", country="Belgium"), ["z"]),
                                          (person("Mr. Zarrilli", country="United States of America"), ["w"])]),
)


def test_a_full_name_is_shown_and_the_slug_is_kept() -> None:
    graph = graph_of(*TWO_RECORDS, corrections='[[person]]\nmatch = "MR. ZARRILLI (United States of America)"\n'
                                               'full_name = "Daniel Zarrilli"\n')
    zarrilli = speaker_of(graph, "E/2018/SR.22", 1)
    assert zarrilli.name == "Daniel Zarrilli"
    assert zarrilli.printed_names == ("Mr. Zarrilli",)
    assert zarrilli.slug == speaker_of(graph_of(*TWO_RECORDS), "E/2018/SR.22", 1).slug
    assert zarrilli is speaker_of(graph, "E/2018/SR.30", 1)


def test_a_merge_files_an_unnamed_president_under_the_person_and_ends_the_doubt() -> None:
    graph = graph_of(*TWO_RECORDS, corrections='[[person]]\n'
                     'merge = ["Mr. Pecsteen de Buytswerve (Belgium)", "The President (E/2018/SR.22)"]\n')
    president = speaker_of(graph, "E/2018/SR.22", 0)
    assert president is speaker_of(graph, "E/2018/SR.30", 0)
    assert president.slug == "mr-pecsteen-de-buytswerve-belgium"
    assert president.uncertain is None and graph.warnings == ()
    printed = [s.as_printed for s in graph.turns_by_person[president.slug]]
    assert printed == ["The President", "Mr. Pecsteen de Buytswerve"]


def test_a_split_takes_one_meeting_s_turns_to_a_person_of_their_own() -> None:
    graph = graph_of(*TWO_RECORDS, corrections='[[person]]\nsplit = "Mr. Zarrilli (E/2018/SR.30)"\n'
                                               'full_name = "Another Zarrilli"\nslug = "another-zarrilli"\n')
    first, second = speaker_of(graph, "E/2018/SR.22", 1), speaker_of(graph, "E/2018/SR.30", 1)
    assert first is not second
    assert (second.name, second.slug) == ("Another Zarrilli", "another-zarrilli")
    assert first.slug == "mr-zarrilli-" + first.country.slug  # type: ignore[union-attr]


def test_identities_accept_an_acronym_and_a_body() -> None:
    habitat = "United Nations Human Settlements Programme (UN-Habitat)"
    turns = [(person("Mr. Williams", org=habitat), ["x"]), (title(), ["y"])]
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", turns),
                     corrections='[[person]]\nmerge = ["Mr. Williams (UN-Habitat)", '
                                 '"The President (Economic and Social Council)"]\n')
    (williams,) = graph.people
    assert williams.slug == "mr-williams-un-habitat"


def test_an_identity_that_matches_nobody_is_a_warning_with_a_suggestion() -> None:
    graph = graph_of(*TWO_RECORDS, corrections='\n[[person]]\nmatch = "Mr. Zarilli (United States of America)"\n'
                                               'full_name = "Daniel Zarrilli"\n\n[[person]]\n'
                                               'merge = ["Mr. Zarrilli (France)", "Mr. Nobody (Chile)"]\n')
    assert tuple(w for w in graph.warnings if w.startswith("content/corrections.toml")) == (
        'content/corrections.toml:2: "Mr. Zarilli (United States of America)" matches no speaker in the records; '
        'did you mean "Mr. Zarrilli (United States of America)"?',
        'content/corrections.toml:6: "Mr. Zarrilli (France)" matches no speaker in the records; '
        'did you mean "Mr. Zarrilli (United States of America)"?',
        'content/corrections.toml:6: "Mr. Nobody (Chile)" matches no speaker in the records',
    )


def test_a_name_without_parentheses_that_fits_two_people_is_not_renamed() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(person("Mr. Lee", country="Chile"), ["x"]),
                                                          (person("Mr. Lee", country="Peru"), ["y"])]),
                     corrections='[[person]]\nmatch = "Mr. Lee"\nfull_name = "Lee Kuan"\n')
    assert [p.name for p in graph.people] == ["Mr. Lee", "Mr. Lee"]
    assert graph.warnings[-1] == ('content/corrections.toml:1: "Mr. Lee" names 2 different people; add their country, '
                                 "organization or a meeting symbol in parentheses")


def test_no_person_is_given_the_slug_of_a_page_of_the_speakers_index() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(person("A"), ["x"]), (person("Other"), ["x"])]))
    assert {speaker_of(graph, "E/2018/SR.22", turn).slug for turn in (0, 1)} == {"a-2", "other-2"}


def test_one_slug_given_to_two_people_is_kept_by_the_first() -> None:
    corrections = ('[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\nslug = "zz"\n\n'
                   '[[person]]\nmatch = "Mr. Pecsteen de Buytswerve (Belgium)"\nslug = "zz"\n')
    graph = graph_of(*TWO_RECORDS, corrections=corrections)
    assert speaker_of(graph, "E/2018/SR.22", 1).slug == "zz"
    assert speaker_of(graph, "E/2018/SR.30", 0).slug == "mr-pecsteen-de-buytswerve-belgium"
    assert 'content/corrections.toml:5: slug "zz" is already given to "Mr. Zarrilli (United States of America)" at ' \
           "line 1; this entry's slug is ignored" in graph.warnings


# -- cities and countries -------------------------------------------------------------------------------


def test_cities_named_in_paragraphs_are_linked_with_their_sentence() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. Gutiérrez", country="Colombia", printed="Mayor of Medellín, Colombia", city_name="Medellín"),
         ["Many people still remembered the Medellín of the past. While the city recognized that past, it looked on.",
          "In 1991, *Medellín* had been violent. Mr. Smith came from Amman. Medellín had changed."]),
        (person("Mr. Pineda", country="Mexico"), ["He wondered how the mayor of Medellín would ensure it."]),
    ], votes=["In favour: Amman"]))
    meeting = graph.meetings[0]
    mentions = graph.mentions_by_city["medellin"]
    assert [(m.paragraph.index, m.sentence, m.matched) for m in mentions] == [
        (1, "Many people still remembered the Medellín of the past.", "Medellín"),
        (2, "In 1991, Medellín had been violent.", "Medellín"),
        (3, "He wondered how the mayor of Medellín would ensure it.", "Medellín"),
    ]
    assert graph.named_in(meeting)[2] == (("Medellín", MEDELLIN), ("Amman", AMMAN))
    assert 4 not in graph.named_in(meeting)
    gutierrez, pineda = speaker_of(graph, "E/2018/SR.22", 0), speaker_of(graph, "E/2018/SR.22", 1)
    assert gutierrez.city == MEDELLIN and graph.people_by_city["medellin"] == (gutierrez,)
    assert graph.cities_by_person[gutierrez.slug] == (AMMAN, MEDELLIN)
    assert graph.cities_by_person[pineda.slug] == (MEDELLIN,)
    assert graph.cities == (AMMAN, MEDELLIN, NEW_YORK)


def test_an_office_city_is_looked_up_in_the_office_s_country() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. A", country="Jordan", printed="Mayor of Amman, Jordan", city_name="Amman"), ["x"]),
        (person("Mr. B", country="Chile", printed="Mayor of Amman, Chile", city_name="Amman"), ["x"]),
    ]))
    assert [p.city for p in graph.people] == [AMMAN, None]


def test_countries_are_delegations_and_the_countries_of_cities() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [
        (person("Mr. A", country="Mexico"), ["We met in Geneva."]),
        (person("Mr. W", org="World Bank"), ["x"]),
    ]))
    assert sorted(c.code for c in graph.countries) == ["CH", "MX", "US"]
    mexico = next(c for c in graph.countries if c.code == "MX")
    switzerland = next(c for c in graph.countries if c.code == "CH")
    assert slugs(graph.people_by_country[mexico.slug]) == [speaker_of(graph, "E/2018/SR.22", 0).slug]
    assert graph.cities_by_country[switzerland.slug] == (GENEVA,)


@pytest.mark.parametrize(
    ("text", "name", "sentence"),
    [
        ("Mr. Smith went to Geneva. Then home.", "Geneva", "Mr. Smith went to Geneva."),
        ("It began. See para. 4 on Geneva, e.g. the talks. Next.", "Geneva", "See para. 4 on Geneva, e.g. the talks."),
        ("The U.N. office in Geneva opened! “Good,” he said.", "Geneva", "The U.N. office in Geneva opened!"),
        ("No full stop at all in Geneva", "Geneva", "No full stop at all in Geneva"),
    ],
)
def test_the_excerpt_is_the_sentence_holding_the_name(text: str, name: str, sentence: str) -> None:
    start = text.index(name)
    assert sentence_at(text, start, start + len(name)) == sentence


def test_a_very_long_sentence_is_cut_around_the_name() -> None:
    text = "word " * 200 + "Geneva " + "word " * 200
    start = text.index("Geneva")
    excerpt = sentence_at(text, start, start + 6)
    assert excerpt.startswith("…word") and excerpt.endswith("word…") and "Geneva" in excerpt and len(excerpt) <= 330


# -- the whole graph ------------------------------------------------------------------------------------


def test_the_graph_does_not_depend_on_the_order_records_come_in() -> None:
    records = [
        *TWO_RECORDS,
        record("E/2018/SR.40", "2018-07-01", [(person("Mr. Williams", org="World Bank"), ["Amman and Geneva."]),
                                              (person("Mr. Williams", org="UN-Habitat"), ["Medellín."])]),
    ]
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    corrections = read_corrections('[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\nfull_name = "D Z"\n',
                                   "c.toml")
    assert link(records, GAZETTEER, corrections) == link(shuffled, GAZETTEER, corrections)


def test_every_turn_has_a_person_and_every_cross_reference_resolves() -> None:
    graph = graph_of(*TWO_RECORDS, record("E/2018/SR.40", "2018-07-01", [
        (person("Mr. A", country="Jordan", printed="Mayor of Amman, Jordan", city_name="Amman"), ["Geneva."])]))
    assert_consistent(graph)


def assert_consistent(graph: SiteGraph) -> None:
    """Every turn has a person, every slug used as a key names a page, slugs are distinct, and every list of
    meetings, turns or mentions is in the meetings' order (the pages of years find each year's by bisection)."""
    people = {p.slug: p for p in graph.people}
    cities = {c.slug for c in graph.cities}
    meetings = {m.slug for m in graph.meetings}
    countries = {c.slug for c in graph.countries}
    assert len(people) == len(graph.people) and len(cities) == len(graph.cities)
    assert len(meetings) == len(graph.meetings) and len(countries) == len(graph.countries)
    for meeting in graph.meetings:
        for turn in meeting.record.turns:
            assert graph.person_of_turn[meeting.slug, turn.index].slug in people
    assert set(graph.turns_by_person) == set(people)
    assert set(graph.co_speakers) <= set(people) and set(graph.cities_by_person) <= set(people)
    assert set(graph.mentions_by_city) | set(graph.meetings_by_city) | set(graph.people_by_city) <= cities
    assert set(graph.people_by_country) | set(graph.cities_by_country) <= countries
    assert set(graph.mentions_in_paragraph) <= meetings
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in people)
    order = {m.slug: i for i, m in enumerate(graph.meetings)}
    assert [meeting_order(m.record) for m in graph.meetings] == sorted(meeting_order(m.record) for m in graph.meetings)
    for lists in (graph.turns_by_person, graph.mentions_by_city, graph.meetings_by_city):
        for entries in lists.values():
            positions = [order[meeting_of(entry).slug] for entry in entries]
            assert positions == sorted(positions)


# -- the shipped records, with the real parser and gazetteer ---------------------------------------------

SEED = CONTENT / "E_2018_SR.22.md"


def parse_seed(replace: dict[str, str] | None = None) -> Record:
    """The seed record, parsed; `replace` edits its text first (to make another meeting of it)."""
    from generator.parse import parse_record

    text = SEED.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return parse_record(text.encode("utf-8"), "content/E_2018_SR.22.md" if not replace else "content/copy.md")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    corrections = load_corrections(CONTENT / "corrections.toml")
    return Gazetteer.load(added=corrections.added_cities(), suppressed=corrections.suppressed_places())


@pytest.fixture(scope="module")
def seed(gazetteer: Gazetteer) -> SiteGraph:
    return link([parse_seed()], gazetteer, Corrections())


@pytest.fixture(scope="module")
def shipped(gazetteer: Gazetteer) -> SiteGraph:
    from generator.parse import load_record

    records = [load_record(path) for path in sorted(CONTENT.glob("*.md"))]
    return link(records, gazetteer, load_corrections(CONTENT / "corrections.toml"))


def named(graph: SiteGraph, name: str) -> Person:
    (found,) = [p for p in graph.people if name in p.printed_names]
    return found


def test_the_seed_record_has_fourteen_speakers_the_president_first(seed: SiteGraph) -> None:
    meeting = seed.meetings[0]
    speakers = list(dict.fromkeys(seed.person_of_turn[meeting.slug, t.index] for t in meeting.record.turns))
    assert [p.name for p in speakers] == [
        "Mr. Pecsteen de Buytswerve", "Mr. Shank", "Mr. Al-Shawaarbeh", "Mr. Williams", "Ms. Odendaal", "Mr. Jinga",
        "Mr. Hannigan", "Mr. Gutiérrez", "Mr. Zarrilli", "Ms. Wynhoven", "Mr. Ponce Gandarillas", "Ms. Burmanje",
        "Ms. Mejía Vélez", "Mr. Pineda",
    ]
    president = speakers[0]
    assert president.country is not None and president.country.code == "BE"
    assert seed.turns_by_person[president.slug][0].as_printed == "The President"
    assert len(seed.turns_by_person[named(seed, "Mr. Shank").slug]) == 14
    assert seed.warnings == ()


def test_mr_zarrilli_speaks_paragraphs_40_to_44_46_and_68(seed: SiteGraph) -> None:
    zarrilli = named(seed, "Mr. Zarrilli")
    spoken = seed.turns_by_person[zarrilli.slug]
    assert [p.number for s in spoken for p in s.paragraphs] == [40, 41, 42, 43, 44, 46, 68]
    assert [p.anchor for p in spoken[0].paragraphs][:1] == ["p40"]
    assert zarrilli.slug == "mr-zarrilli-united-states"
    assert zarrilli.city is not None and zarrilli.city.name == "New York"
    assert "Mr. Shank" in [p.name for p in seed.co_speakers[zarrilli.slug]]
    assert "Ms. Odendaal" not in [p.name for p in seed.co_speakers[zarrilli.slug]]


def test_the_cities_a_person_named_are_read_from_their_own_paragraphs_when_asked(shipped: SiteGraph) -> None:
    read: list[str] = []

    class Spied(dict[str, Any]):
        def get(self, key: str, default: Any = None) -> Any:
            read.append(key)
            return super().get(key, default)

    order = {city.slug: i for i, city in enumerate(shipped.cities)}
    everyone: dict[str, dict[str, City]] = {}
    for meeting in shipped.meetings:  # every paragraph naming a city, and whose it is
        for index, names in shipped.named_in(meeting).items():
            turn = meeting.record.paragraph(index).turn
            if turn is not None:
                whose = shipped.person_of_turn[meeting.slug, turn].slug
                everyone.setdefault(whose, {}).update((city.slug, city) for _, city in names)
    expected = {slug: tuple(sorted(named.values(), key=lambda c: order[c.slug])) for slug, named in everyone.items()}
    assert len(expected) > 10 and dict(shipped.cities_by_person) == expected
    cities = CitiesNamed(shipped.turns_by_person, Spied(shipped.mentions_in_paragraph), shipped.cities)
    def meetings_of(slug: str) -> set[str]:
        return {spoken.meeting.slug for spoken in shipped.turns_by_person[slug]}

    zarrilli = named(shipped, "Mr. Zarrilli").slug
    assert cities[zarrilli] == expected[zarrilli]
    assert set(read) == meetings_of(zarrilli) and len(shipped.meetings) > len(set(read))  # not every meeting's


def test_medellin_is_mr_gutierrez_s_office_and_is_named_in_the_seed(seed: SiteGraph) -> None:
    medellin = next(c for c in seed.cities if c.name == "Medellín")
    gutierrez = named(seed, "Mr. Gutiérrez")
    assert gutierrez.city == medellin
    assert medellin in seed.cities_by_person[gutierrez.slug]
    mentions = seed.mentions_by_city[medellin.slug]
    assert {m.meeting.symbol for m in mentions} == {"E/2018/SR.22"}
    assert [m.paragraph.number for m in mentions][:3] == [34, 35, 36]
    assert mentions[0].sentence.endswith("said that many people still remembered the Medellín of the past.")
    assert seed.named_in(seed.meetings[0])[mentions[0].paragraph.index][0] == ("Medellín", medellin)


def test_treaties_buildings_and_countries_are_not_city_pages(seed: SiteGraph) -> None:
    names = {c.name for c in seed.cities}
    assert not names & {"Paris", "Sendai", "Madrid", "Monaco", "Jordan", "Mexico", "Mexico City"}
    assert {"Amman", "Medellín", "Cape Town", "Nairobi", "Barcelona", "New York"} <= names


def test_new_york_has_the_meeting_and_its_mentions(seed: SiteGraph) -> None:
    new_york = next(c for c in seed.cities if c.name == "New York")
    assert seed.meetings_by_city[new_york.slug] == seed.meetings
    assert 68 in [m.paragraph.number for m in seed.mentions_by_city[new_york.slug]]


def test_the_same_person_in_two_records_is_one(gazetteer: Gazetteer) -> None:
    later = parse_seed({"Summary record of the 22nd meeting": "Summary record of the 23rd meeting",
                        "Wednesday, 2 May 2018, at 10 a.m.": "Wednesday, 2 May 2018, at 3 p.m."})
    graph = link([parse_seed(), later], gazetteer, Corrections())
    assert [m.symbol for m in graph.meetings] == ["E/2018/SR.22", "E/2018/SR.23"]
    assert len(graph.people) == 14
    williams = graph.turns_by_person[named(graph, "Mr. Williams").slug]
    assert [s.meeting.symbol for s in williams] == ["E/2018/SR.22", "E/2018/SR.22", "E/2018/SR.23", "E/2018/SR.23"]


def test_corrections_apply_to_the_seed(gazetteer: Gazetteer) -> None:
    corrections = read_corrections(
        '[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\nfull_name = "Daniel Zarrilli"\n\n'
        '[[person]]\nsplit = "The President (E/2018/SR.22)"\n\n'
        '[[person]]\nmerge = ["Ms. Mejía Vélez (Colombia)", "Mr. Gutierrez (Colombia)"]\n',
        "content/corrections.toml")
    graph = link([parse_seed()], gazetteer, corrections)
    assert named(graph, "Mr. Zarrilli").name == "Daniel Zarrilli"
    meeting = graph.meetings[0]
    president = graph.person_of_turn[meeting.slug, 0]
    assert president.name == "Mr. Pecsteen de Buytswerve" and len(graph.turns_by_person[president.slug]) == 1
    merged = named(graph, "Mr. Gutiérrez")
    assert merged.printed_names == ("Mr. Gutiérrez", "Ms. Mejía Vélez") and len(graph.people) == 13
    assert graph.warnings == ()


def test_the_shipped_records_link_into_a_consistent_graph(shipped: SiteGraph) -> None:
    assert_consistent(shipped)
    assert len(shipped.meetings) == 7
    new_york = next(c for c in shipped.cities if c.name == "New York")
    assert len(shipped.meetings_by_city[new_york.slug]) == 7
    assert all(p.country or p.organization for p in shipped.people)


def test_by_year_groups_turns_mentions_and_meetings_as_reading_them_one_by_one_does(shipped: SiteGraph) -> None:
    def one_by_one(entries: Sequence[Any]) -> dict[int, tuple[Any, ...]]:
        years: dict[int, list[Any]] = {}
        for entry in entries:
            years.setdefault(meeting_of(entry).record.meeting.year, []).append(entry)
        return {year: tuple(years[year]) for year in sorted(years)}

    lists: list[tuple[Sequence[Any], Callable[[Any], int]]] = [
        (shipped.meetings, meeting_year), *((held, meeting_year) for held in shipped.meetings_by_city.values()),
        *((turns, entry_year) for turns in shipped.turns_by_person.values()),
        *((mentions, entry_year) for mentions in shipped.mentions_by_city.values())]
    assert all(by_year(entries, year_of) == one_by_one(entries) for entries, year_of in lists)
    assert all(years_of(entries, year_of) == tuple(one_by_one(entries)) for entries, year_of in lists)
    assert len(by_year(shipped.meetings, meeting_year)) == len({m.record.meeting.year for m in shipped.meetings}) > 3
    years = {m.record.meeting.year for m in shipped.meetings}
    for only in ({min(years)}, {max(years), 1900}, years, set()):
        assert all(by_year(entries, year_of, only) == {year: entries_then for year, entries_then in
                                                       one_by_one(entries).items() if year in only}
                   for entries, year_of in lists)


def test_a_meeting_page_s_year_is_its_record_s_after_a_new_record_and_a_pickle(shipped: SiteGraph) -> None:
    """The year is kept beside the page (the pages bisect the graph's long lists by it): it follows the record."""
    meeting = shipped.meetings[0]
    held = dataclasses.replace(meeting.record.meeting, date=dt.date(1999, 1, 4))
    moved = dataclasses.replace(meeting, record=dataclasses.replace(meeting.record, meeting=held))
    assert meeting_year(meeting) == meeting.record.meeting.year != 1999
    assert meeting_year(moved) == pickle.loads(pickle.dumps(moved)).year == 1999


def test_the_latest_meetings_are_the_newest_first_without_sorting_them_all() -> None:
    def held(symbol: str, date: str) -> Record:
        return record(symbol, date, [(person("Mr. A", country="Chile"), ["x"])])

    same_day = [held(f"E/2018/SR.{n}", "2018-05-02") for n in (3, 1, 12)]
    twin = dataclasses.replace(same_day[0], source="content/a-twin.md")  # the same symbol and date in another file
    graph = graph_of(*same_day, twin, held("E/2018/SR.40", "2018-04-01"), held("E/2018/SR.2", "2018-06-01"))
    assert len(graph.meetings) == 6
    for count in range(1, 8):
        assert latest(graph, count) == newest_first(graph.meetings)[:count]
    assert [m.symbol for m in latest(graph, 3)] == ["E/2018/SR.2", "E/2018/SR.3", "E/2018/SR.3"]


def test_meetings_by_body_are_grouped_by_year_newest_first_as_sorting_them_would() -> None:
    def held(symbol: str, date: str, body: str = ECOSOC) -> Record:
        return record(symbol, date, [(person("Mr. A", country="Chile"), ["x"])], body=body)

    same_day = [held(f"E/2018/SR.{n}", "2018-05-02") for n in (3, 1, 12)]
    twin = dataclasses.replace(same_day[0], source="content/a-twin.md")
    graph = graph_of(*same_day, twin, held("E/2017/SR.40", "2017-04-01"), held("A/72/PV.9", "2017-10-01", GA),
                     held("A/73/PV.2", "2018-09-20", GA), held("E/2019/SR.2", "2019-06-01"))
    newest = newest_first(reversed(graph.meetings))

    groups = by_body(graph.meetings)

    assert [(g.body, [y.year for y in g.years]) for g in groups] == [(ECOSOC, [2019, 2018, 2017]),
                                                                     (GA, [2018, 2017])]
    for group in groups:
        for year in group.years:
            assert year.meetings == tuple(m for m in newest if m.record.meeting.body == group.body
                                          and m.record.meeting.year == year.year)
    counted = body_years(graph, lambda year: f"/meetings/{year}/")
    assert [(b.body, b.anchor, [(y.year, y.url, y.meetings, y.items) for y in b.years]) for b in counted] == [
        (g.body, g.anchor, [(y.year, f"/meetings/{y.year}/#{g.anchor}", len(y.meetings),
                             sum(len(m.record.paragraphs) for m in y.meetings)) for y in g.years]) for g in groups]


def test_the_years_of_the_index_of_meetings_are_counted_again_from_the_last_graph_after_an_edit_in_place(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def held(symbol: str, date: str, paragraphs: int, body: str = ECOSOC) -> Record:
        return record(symbol, date, [(person("Mr. A", country="Chile"), ["x"] * paragraphs)], body=body)

    graph = graph_of(held("E/2017/SR.40", "2017-04-01", 2), held("A/72/PV.9", "2017-10-01", 3, GA),
                     held("E/2018/SR.3", "2018-05-02", 4), held("E/2018/SR.4", "2018-05-03", 1))
    url = "/meetings/{}/".format
    before = body_years(graph, url)
    longer = dataclasses.replace(graph.meetings[2], record=held("E/2018/SR.3", "2018-05-02", 7))
    edited = dataclasses.replace(graph, meetings=(*graph.meetings[:2], longer, graph.meetings[3]))
    counted_again = listings._body_year_counts(edited.meetings)
    with monkeypatch.context() as patched:
        patched.setattr(listings, "_body_year_counts", lambda meetings: pytest.fail("every meeting counted again"))
        after = body_years(edited, url)

    assert [(y.year, y.meetings, y.items) for y in before[0].years] == [(2018, 2, 5), (2017, 1, 2)]
    assert [(y.year, y.meetings, y.items) for y in after[0].years] == [(2018, 2, 8), (2017, 1, 2)]
    assert listings._years_counted.of(edited) == counted_again and after[1:] == before[1:]
    later = dataclasses.replace(longer, record=held("E/2019/SR.3", "2019-05-02", 7))  # a year the last graph lacks
    assert [y.year for y in body_years(dataclasses.replace(edited, meetings=(*graph.meetings[:3], later)), url)[0]
            .years] == [2019, 2018, 2017]



def test_a_meeting_moved_to_another_year_is_counted_out_of_one_and_into_the_other_without_counting_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def held(symbol: str, date: str, paragraphs: int, body: str = ECOSOC) -> Record:
        return record(symbol, date, [(person("Mr. A", country="Chile"), ["x"] * paragraphs)], body=body)

    graph = graph_of(held("E/2016/SR.1", "2016-04-01", 5), held("E/2017/SR.40", "2017-04-01", 2),
                     held("A/72/PV.9", "2017-10-01", 3, GA), held("E/2018/SR.3", "2018-05-02", 4))
    url = "/meetings/{}/".format
    body_years(graph, url)  # the last graph asked about
    moved = dataclasses.replace(graph.meetings[0], record=held("E/2016/SR.1", "2019-01-07", 5))  # its year empties
    edited = dataclasses.replace(graph, meetings=(*graph.meetings[1:], moved))
    counted_again = listings._body_year_counts(edited.meetings)
    with monkeypatch.context() as patched:
        patched.setattr(listings, "_body_year_counts", lambda meetings: pytest.fail("every meeting counted again"))
        after = body_years(edited, url)

    assert [(y.year, y.meetings, y.items) for y in after[0].years] == [(2019, 1, 5), (2018, 1, 4), (2017, 1, 2)]
    assert listings._years_counted.of(edited) == counted_again
    assert [list(years) for years in counted_again.values()] == [
        list(years) for years in listings._years_counted.of(edited).values()]  # newest first, as counted

def test_the_meetings_held_in_a_country_are_those_held_in_its_cities() -> None:
    graph = graph_of(record("E/2018/SR.22", "2018-05-02", [(person("Mr. A", country="Chile"), ["x"])]),
                     record("E/2018/SR.23", "2018-05-03", [(person("Mr. A", country="Chile"), ["x"])]),
                     record("E/2018/SR.24", "2018-05-04", [(person("Mr. B", country="Chile"), ["x"])],
                            place="Geneva"),
                     record("E/2018/SR.25", "2018-05-05", [(person("Mr. B", country="Chile"), ["x"])], place=None))
    held = {country.code: [m.symbol for m in meetings_in_country(graph, country)] for country in graph.countries}
    assert held["US"] == ["E/2018/SR.23", "E/2018/SR.22"]  # newest first
    assert held["CH"] == ["E/2018/SR.24"]
    assert all(not symbols for code, symbols in held.items() if code not in ("US", "CH"))
    counted = {entry.country.code: entry.meetings for entry in country_entries(graph)}
    assert counted == {code: len(symbols) for code, symbols in held.items()}
