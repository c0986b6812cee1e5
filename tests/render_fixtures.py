"""A small hand-built site graph for the renderer's tests: two summary records and one verbatim record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.countries import Country
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
from generator.places import City
from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken, TurnSpeakers

HOSTILE = (
    'He said <script>alert("x")</script> and <img src=x onerror="alert(1)"> '
    "then [click](javascript:alert(1)) and [safe](https://example.org/) of Amman."
)

JORDAN = Country("JO", "Jordan", "jordan")
USA = Country("US", "United States of America", "united-states-of-america")
BELARUS = Country("BY", "Belarus", "belarus")
BELGIUM = Country("BE", "Belgium", "belgium")
SPAIN = Country("ES", "Spain", "spain")

NEW_YORK = City(5128581, "New York City", "new-york-city", "US", 40.71427, -74.00597, 8175133)
AMMAN = City(250441, "Amman", "amman", "JO", 31.95522, 35.94503, 1275857)
BARCELONA = City(3128760, "Barcelona", "barcelona", "ES", 41.38879, 2.15899, 1621537)


def _p(
    index: int,
    text: str,
    *,
    number: int | None = None,
    turn: int | None = None,
    section: int | None = None,
    kind: ParagraphKind = ParagraphKind.SPEECH,
    prefix: str = "p",
) -> ParagraphDraft:
    """A paragraph anchored as the parser does: `p<number>`, else `<prefix><index>` (`n` in numbered records)."""
    anchor = f"p{number}" if number is not None else f"{prefix}{index}"
    return ParagraphDraft(index, anchor, text, index * 2, kind, number, turn, section)


def summary_record() -> Record:
    """E/2018/SR.22: nested sections, numbered paragraphs, turns, city mentions, hostile text."""
    president = Chair("Mr. Pecsteen de Buytswerve", "Belgium", "Vice-President")
    meeting = Meeting(
        body="Economic and Social Council",
        kind=RecordKind.SUMMARY,
        number=22,
        symbol="E/2018/SR.22",
        date=dt.date(2018, 5, 2),
        session="2018 session",
        title="Summary record of the 22nd meeting",
        segment="Integration segment",
        called_to_order=dt.time(10, 10),
        rose=dt.time(12, 55),
        scheduled=dt.time(10, 0),
        place="New York",
        language="English",
        job_number="18-07008",
        chair=president,
        acting_chair=president,
    )
    speakers = [
        Speaker("The President", presiding=president),
        Speaker(
            "Mr. Shank",
            "Mr.",
            Affiliation("Communications Director of the Carbon Neutral Cities Alliance"),
            role="moderator",
        ),
        Speaker(
            "Mr. Al-Shawaarbeh",
            "Mr.",
            Affiliation("Mayor of Amman, Jordan", ("Mayor",), None, "Jordan", "Amman"),
            role="panellist",
        ),
        Speaker(
            "Mr. Zarrilli", "Mr.", Affiliation("Chief Resilience Officer of New York City, United States of America")
        ),
        Speaker("Mr. Shank", "Mr.", Affiliation("Communications Director of the Carbon Neutral Cities Alliance")),
    ]
    paragraphs = paragraphs_of((
        _p(
            1,
            "In the absence of Ms. Chatardova (Czechia), Mr. Pecsteen de Buytswerve (Belgium), Vice-President, "
            "took the Chair.",
            kind=ParagraphKind.PROCEDURAL,
            prefix="n",
        ),
        _p(2, "The meeting was called to order at 10.10 a.m.", kind=ParagraphKind.PROCEDURAL, section=1, prefix="n"),
        _p(3, "said that the current session would address *resilient* infrastructure.", number=1, turn=0, section=1),
        _p(4, "said that the Alliance was a global collaboration of cities.", number=2, turn=1, section=2),
        _p(5, "said that policies should focus on prevention.", number=3, turn=2, section=2),
        _p(
            6,
            "Migration was the most significant challenge facing the city of Amman. "
            "Jordan had received millions of refugees; Amman grew.",
            number=4,
            turn=2,
            section=2,
        ),
        _p(
            7,
            "said that the resilience journey of New York City had begun with Hurricane Sandy "
            "and caused $19 billion in damages.",
            number=40,
            turn=3,
            section=3,
        ),
        _p(8, HOSTILE, number=41, turn=4, section=3),
        _p(9, "The meeting rose at 12.55 p.m.", kind=ParagraphKind.PROCEDURAL, section=3, prefix="n"),
    ))
    sections = (
        Section(0, "Agenda item 8: Integration segment (*continued*)", 1, "s1", 20),
        Section(
            1,
            "Session 3: Panel discussion on “Balancing infrastructure development and sustainability”",
            2,
            "s2",
            22,
            parent=0,
            paragraphs=(2, 3),
        ),
        Section(2, "Panel 1", 3, "s3", 24, parent=1, paragraphs=(4, 5, 6)),
        Section(3, "Panel 2", 3, "s4", 30, parent=1, paragraphs=(7, 8, 9)),
    )
    turns = (
        Turn(0, speakers[0], (3,), 6),
        Turn(1, speakers[1], (4,), 8),
        Turn(2, speakers[2], (5, 6), 10),
        Turn(3, speakers[3], (7,), 14),
        Turn(4, speakers[4], (8,), 16),
    )
    return Record("content/E_2018_SR.22.md", meeting, paragraphs, turns, sections)


def second_summary_record() -> Record:
    """E/2018/SR.23: the next ECOSOC meeting, one short turn by Mr. Shank mentioning Barcelona."""
    meeting = Meeting(
        body="Economic and Social Council",
        kind=RecordKind.SUMMARY,
        number=23,
        symbol="E/2018/SR.23",
        date=dt.date(2018, 5, 3),
        session="2018 session",
        title="Summary record of the 23rd meeting",
        place="New York",
    )
    speaker = Speaker("Mr. Shank", "Mr.", Affiliation("Communications Director of the Carbon Neutral Cities Alliance"))
    said = _p(1, "said that Barcelona was taking city streets back from cars.", number=1, turn=0)
    paragraphs = paragraphs_of((said,))
    return Record("content/E_2018_SR.23.md", meeting, paragraphs, (Turn(0, speaker, (1,), 4),))


def verbatim_record() -> Record:
    """A/79/PV.29: unnumbered paragraphs, a language note, a vote list."""
    meeting = Meeting(
        body="General Assembly",
        kind=RecordKind.VERBATIM,
        number=29,
        symbol="A/79/PV.29",
        date=dt.date(2024, 10, 29),
        session="Seventy-ninth session",
        title="29th plenary meeting",
        called_to_order=dt.time(10, 0),
        place="New York",
        source_url="https://documents.un.org/doc/undoc/gen/n24/311/92/pdf/n2431192.pdf",
    )
    speakers = [
        Speaker("The Acting President"),
        Speaker(
            "Mr. Evseenko",
            "Mr.",
            Affiliation("Belarus", country="Belarus"),
            language="Russian",
            language_note="spoke in Russian",
        ),
    ]
    paragraphs = paragraphs_of((
        _p(1, "I now give the floor to the representative of Belarus.", turn=0),
        _p(2, "In recent years, the *International Criminal Court* has become a hostage.", turn=1),
        _p(3, "Belarus is compelled to respond.", turn=1),
        _p(4, "_In favour:_ Albania, Andorra, Micronesia (Federated States of), Monaco", kind=ParagraphKind.VOTE),
        _p(5, "_Against:_ Belarus, Burundi", kind=ParagraphKind.VOTE),
        _p(
            6,
            "_Draft resolution was adopted by 113 votes to 10, with 30 abstentions_ (resolution 79/6).",
            kind=ParagraphKind.PROCEDURAL,
        ),
    ))
    turns = (Turn(0, speakers[0], (1,), 3), Turn(1, speakers[1], (2, 3), 5))
    return Record("content/A_79_PV.29.md", meeting, paragraphs, turns)


def _person(
    slug: str,
    name: str,
    titles: tuple[str, ...],
    country: Any = None,
    city: Any = None,
    organization: str | None = None,
) -> Person:
    """A person with one printed name."""
    return Person(slug, name, (name,), titles, country, organization, city)


def graph() -> SiteGraph:
    """The fixture site graph, linked by hand."""
    e22 = MeetingPage(summary_record(), "e-2018-sr-22", NEW_YORK)
    e23 = MeetingPage(second_summary_record(), "e-2018-sr-23", NEW_YORK)
    a29 = MeetingPage(verbatim_record(), "a-79-pv-29", NEW_YORK)
    pecsteen = _person("mr-pecsteen-de-buytswerve", "Mr. Pecsteen de Buytswerve", ("Vice-President",), BELGIUM)
    shank = _person(
        "mr-shank",
        "Mr. Shank",
        ("Communications Director of the Carbon Neutral Cities Alliance", "moderator"),
        organization="Carbon Neutral Cities Alliance",
    )
    shawaarbeh = _person(
        "mr-al-shawaarbeh", "Mr. Al-Shawaarbeh", ("Mayor of Amman, Jordan", "panellist"), JORDAN, AMMAN
    )
    zarrilli = _person("mr-zarrilli", "Mr. Zarrilli", ("Chief Resilience Officer of New York City",), USA, NEW_YORK)
    evseenko = _person("mr-evseenko", "Mr. Evseenko", ("Belarus",), BELARUS)
    acting = _person("ms-acting", "Ms. Ásgeirsdóttir", ("Acting President",))
    people = (shawaarbeh, acting, evseenko, pecsteen, shank, zarrilli)
    person_of_turn = TurnSpeakers({
        "e-2018-sr-22": (pecsteen, shank, shawaarbeh, zarrilli, shank),
        "e-2018-sr-23": (shank,),
        "a-79-pv-29": (acting, evseenko),
    })
    turns_by_person: dict[str, list[Spoken]] = {}
    for meeting in (e22, e23, a29):
        for turn in meeting.record.turns:
            person = person_of_turn[(meeting.slug, turn.index)]
            turns_by_person.setdefault(person.slug, []).append(Spoken(meeting, turn, turn.speaker.name))
    p = e22.record.paragraph
    mentions_in_paragraph = {
        "e-2018-sr-22": {6: (("Amman", AMMAN),), 7: (("New York City", NEW_YORK),), 8: (("Amman", AMMAN),)},
        "e-2018-sr-23": {1: (("Barcelona", BARCELONA),)},
    }
    mentions_by_city = {
        "amman": (
            CityMention(e22, p(6), "Migration was the most significant challenge facing the city of Amman.", "Amman"),
            CityMention(e22, p(8), "then click and safe of Amman.", "Amman"),
        ),
        "new-york-city": (
            CityMention(e22, p(7), "said that the resilience journey of New York City had begun.", "New York City"),
        ),
        "barcelona": (
            CityMention(
                e23, e23.record.paragraph(1), "said that Barcelona was taking city streets back from cars.", "Barcelona"
            ),
        ),
    }
    return SiteGraph(
        meetings=(e22, e23, a29),
        people=people,
        cities=(AMMAN, BARCELONA, NEW_YORK),
        countries=(BELARUS, BELGIUM, JORDAN, SPAIN, USA),
        person_of_turn=person_of_turn,
        turns_by_person={k: tuple(v) for k, v in turns_by_person.items()},
        co_speakers={"mr-shank": (shawaarbeh, zarrilli), "mr-zarrilli": (shank,), "mr-al-shawaarbeh": (shank,)},
        mentions_by_city=mentions_by_city,
        mentions_in_paragraph=mentions_in_paragraph,
        meetings_by_city={"new-york-city": (e22, e23, a29)},
        people_by_city={"amman": (shawaarbeh,), "new-york-city": (zarrilli,)},
        cities_by_person={"mr-al-shawaarbeh": (AMMAN,), "mr-zarrilli": (NEW_YORK,), "mr-shank": (AMMAN, BARCELONA)},
        people_by_country={
            "jordan": (shawaarbeh,),
            "united-states-of-america": (zarrilli,),
            "belarus": (evseenko,),
            "belgium": (pecsteen,),
        },
        cities_by_country={"jordan": (AMMAN,), "united-states-of-america": (NEW_YORK,), "spain": (BARCELONA,)},
        neighbours={"e-2018-sr-22": (None, e23), "e-2018-sr-23": (e22, None), "a-79-pv-29": (None, None)},
    )
