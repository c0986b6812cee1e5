"""Link parsed records into the site graph: who is who, which words are cities, what points where.

One pass per decision, in the order `link` runs them:
`meeting_pages` (order, slugs, where each was held), `sight_speakers` (who each turn's speaker
is taken to be), `attach_unaffiliated` and `doubt_namesakes` (what the graph is unsure of),
`apply_corrections` (the author's merges and splits), `make_people`, `find_mentions` (cities
in running text), then the lookup tables. Records are never mutated; nothing is read or written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from bisect import bisect_left, bisect_right, insort_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

from generator.co_speakers import CoSpeakers
from generator.corrections import Action, Corrections, Identity, PersonCorrection
from generator.countries import Country, country_named
from generator.mentions import Gazetteer, MentionCache
from generator.model import Affiliation, Chair, ParagraphKind, Record, Turn
from generator.named_cities import CitiesNamed
from generator.parse.symbols import symbol_slug
from generator.parse.text import fold
from generator.people_order import person_order
from generator.places import City
from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken, Tallies, TurnSpeakers
from generator.slugs import LETTER_SLUGS, distinct_slugs, slugify, unique_slugs

CORRECTIONS = "content/corrections.toml"
"""Where warnings tell authors to make a correction, when the corrections were not read from a file."""

CHAIR_TITLES = frozenset({
    "the president", "the acting president", "the chair", "the chairman", "the chairperson", "the acting chair",
    "the temporary president", "the co-chair", "the vice-president", "the vice-chair",
})
"""Titles that mean whoever presided at that point of the meeting."""

Key = tuple[str, str]
"""Who a speaker is taken to be: the folded name and an affiliation key (`country:BE`, `org:...`, or empty)."""

Atom = tuple[Key, str, str]
"""The smallest thing a correction can move: one identity's turns in one meeting under one printed name."""

K = TypeVar("K")
V = TypeVar("V")

_STYLE = re.compile(r"^(?:his|her) (?:excellency|royal highness|highness|majesty|eminence|holiness|beatitude) ")
_ACRONYM = re.compile(r"\(([^()\s]{2,20})\)$")



@dataclass(frozen=True, slots=True)
class Sighting:
    """One turn, and who the graph takes its speaker to be."""

    meeting: MeetingPage
    turn: Turn
    name: str
    """The person's printed name: for `The President`, the name of whoever presided."""
    key: Key
    """The identity the turn is filed under."""
    country: Country | None = None
    """The delegation or country of the speaker's office."""
    organization: str | None = None
    """The organization (or a delegation that is not a country) when no country is known."""
    city: City | None = None
    """The city of the speaker's office."""
    label: str = ""
    """The parenthesised part of the identity as authors write it: a country, an organization or a body."""
    titles: tuple[str, ...] = ()
    """Affiliation, role and office as printed for this turn."""
    atom: Atom = field(init=False, repr=False, compare=False)
    """The identity, meeting and printed name of this turn (worked out once: every pass asks for it)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "atom", (self.key, self.meeting.slug, name_key(self.turn.speaker.name)))

    @property
    def as_printed(self) -> str:
        """The speaker as printed: `The President`, `Mr. Shank`."""
        return self.turn.speaker.name

    @property
    def identity(self) -> str:
        """The identity as an author writes it in the corrections file: `Mr. Shank (Carbon Neutral Cities Alliance)`."""
        return f"{self.name} ({self.label})" if self.label else self.name

    @property
    def where(self) -> str:
        """`content/E_2018_SR.22.md:72`: the turn's speaker marker."""
        return f"{self.meeting.record.source}:{self.turn.line}"


@dataclass(frozen=True, slots=True)
class Doubt:
    """Why the graph is unsure of an identity, and the warning that tells the author."""

    reason: str
    """Shown on the person's page to authors: `who presided is not recorded`."""
    warning: str | None = None
    """The build warning, `file:line: message`, when the doubt should be reported."""


@dataclass(frozen=True, slots=True)
class Naming:
    """What corrections say about one group of turns: the person's name and slug, and whose identity leads."""

    full_name: str | None = None
    slug: str | None = None
    lead: frozenset[Atom] = frozenset()
    """The atoms of the first identity a merge or split names: the person's slug comes from them."""


@dataclass(frozen=True, slots=True)
class Partition:
    """Which turns are one person, after corrections."""

    of_atom: Mapping[Atom, int]
    namings: Mapping[int, Naming]
    warnings: tuple[str, ...]
    unmatched: bool = False
    """Some identity in the corrections names nobody: its warning suggests the identities nearest it, any of them."""


@dataclass(frozen=True, slots=True)
class Found:
    """A city named in a paragraph."""

    meeting: MeetingPage
    paragraph_index: int
    city: City
    matched: str
    """The name as printed (in the paragraph's plain text)."""
    sentence: str
    """The sentence naming it, as an excerpt."""


@dataclass
class Lookup:
    """The gazetteer with memory: one `link` call asks about the same names many times."""

    gazetteer: MentionCache
    _countries: dict[str, Country | None] = field(default_factory=dict)
    _cities: dict[tuple[str, str | None], City | None] = field(default_factory=dict)
    _city_countries: dict[str, Country | None] = field(default_factory=dict)
    _affiliations: dict[Affiliation | None, Affiliated] = field(default_factory=dict)

    def country(self, name: str) -> Country | None:
        """The country a delegation's name means, if it is one."""
        if name not in self._countries:
            self._countries[name] = country_named(name)
        return self._countries[name]

    def city(self, name: str, country_code: str | None = None) -> City | None:
        """The city a name means, preferring one in the given country."""
        if (name, country_code) not in self._cities:
            self._cities[name, country_code] = self.gazetteer.city(name, country_code=country_code)
        return self._cities[name, country_code]

    def affiliation(self, affiliation: Affiliation | None) -> Affiliated:
        """`affiliated`, remembered: the same delegations are printed in meeting after meeting."""
        known = self._affiliations.get(affiliation)
        if known is None:
            known = self._affiliations[affiliation] = affiliated(affiliation, self)
        return known

    def country_of(self, city: City) -> Country | None:
        """The country a city is in."""
        if city.slug not in self._city_countries:
            self._city_countries[city.slug] = self.gazetteer.country_of(city)
        return self._city_countries[city.slug]


def link(records: Sequence[Record], gazetteer: Gazetteer | MentionCache, corrections: Corrections) -> SiteGraph:
    """The site graph of `records`: every page, and every cross-reference between pages.

    Given a `MentionCache` rather than the gazetteer itself, paragraphs it has read already are not read again.
    """
    cache = gazetteer if isinstance(gazetteer, MentionCache) else MentionCache(gazetteer)
    return link_again(records, cache, corrections)[0]


@dataclass(frozen=True, slots=True)
class Remembered:
    """What one link worked out that the next may take back (`link_again`)."""

    records: Mapping[str, RecordLinks] = field(default_factory=dict)
    """Each record's own links, by source."""
    people: Mapping[int, MadePerson] = field(default_factory=dict)
    """The person made of each group of turns, by the `id` of the group's first sighting (`make_people`)."""
    tallies: Tallies = field(default_factory=Tallies)
    """The last graph's tallies of each person's turns: those taken back keep theirs."""
    unmatched: bool = False
    """Some identity in the corrections named nobody (`Partition.unmatched`)."""
    index: PeopleIndex | None = None
    """The `people` by name, once something asked for it (`indexed`)."""

    def indexed(self) -> PeopleIndex:
        """The index of `people`: the one kept, or one made now."""
        return self.index if self.index is not None else PeopleIndex.of(self.people)


@dataclass(frozen=True, slots=True)
class PeopleIndex:
    """The groups a link remembered (`Remembered.people`), by the folded names of their identities, and how many
    ask for each slug: what deciding who is who again for a few names reads (`generator.respeak`)."""

    by_name: Mapping[str, tuple[int, ...]]
    """The `Remembered.people` keys of the groups with an identity of each name."""
    wanted: Mapping[str, int]
    """How many groups ask for each slug (`MadePerson.wanted`)."""

    @classmethod
    def of(cls, people: Mapping[int, MadePerson]) -> PeopleIndex:
        """The index of every group."""
        by_name: dict[str, list[int]] = defaultdict(list)
        wanted: dict[str, int] = defaultdict(int)
        for key, made in people.items():
            for name in dict.fromkeys(k[0] for k in made.keys):
                by_name[name].append(key)
            wanted[made.wanted] += 1
        return cls({name: tuple(keys) for name, keys in by_name.items()}, dict(wanted))

    def changed(self, removed: Mapping[int, MadePerson], added: Mapping[int, MadePerson]) -> PeopleIndex:
        """The index with the groups `removed` and `added` (by their `Remembered.people` keys)."""
        by_name, wanted = dict(self.by_name), dict(self.wanted)
        for key, made in removed.items():
            wanted[made.wanted] -= 1
            for name in dict.fromkeys(k[0] for k in made.keys):
                by_name[name] = tuple(other for other in by_name[name] if other != key)
        for key, made in added.items():
            wanted[made.wanted] = wanted.get(made.wanted, 0) + 1
            for name in dict.fromkeys(k[0] for k in made.keys):
                by_name[name] = (*by_name.get(name, ()), key)
        for made in removed.values():  # what nobody asks for or is named any more goes
            if not wanted.get(made.wanted, 1):
                del wanted[made.wanted]
            for name in dict.fromkeys(k[0] for k in made.keys):
                if not by_name.get(name, True):
                    del by_name[name]
        return PeopleIndex(by_name, wanted)


def link_again(records: Sequence[Record], cache: MentionCache, corrections: Corrections,
               known: Remembered | None = None) -> tuple[SiteGraph, Remembered]:
    """`link`, taking back from `known` each record's own links where they still hold (`RecordLinks.of`) and
    each person whose group of turns is made of the very same sightings (`make_people`); and what to take
    back next time, when `known` is given. `known` must come from a call with the same `cache`."""
    lookup = Lookup(cache)
    records_known = known.records if known is not None else {}
    own = {m.record.source: RecordLinks.of(m, lookup, cache, records_known.get(m.record.source))
           for m in meeting_pages(records, lookup)}
    graph, people, unmatched = _linked(list(own.values()), lookup, corrections, known)
    return graph, Remembered(own, people, graph.tallies, unmatched) if known is not None else Remembered()


@dataclass(frozen=True, slots=True)
class RecordLinks:
    """What linking reads of one record alone: its meeting page, who speaks each turn, the cities it names."""

    meeting: MeetingPage
    sightings: tuple[Sighting, ...]
    spoken: tuple[Spoken, ...]
    """Each sighting's turn as a person's page lists it (whoever the person turns out to be)."""
    found: tuple[Found, ...]
    mentions: tuple[tuple[str, CityMention], ...]
    """The paragraphs naming each city, by the city's slug (`city_mentions`)."""
    in_paragraph: dict[str, dict[int, tuple[tuple[str, City], ...]]]
    """The city names printed in each paragraph (`mentions_in_paragraph`): the graph shares each meeting's."""
    speaking: tuple[tuple[int, ...], ...]
    """The turns speaking under each innermost heading (`speaking_turns`): who spoke with whom."""

    @classmethod
    def of(cls, meeting: MeetingPage, lookup: Lookup, cache: MentionCache,
           known: RecordLinks | None = None) -> RecordLinks:
        """The meeting's own links: `known` when they were worked out for this very record, slug and city (with
        the same gazetteer: nothing else goes into them), else worked out now."""
        if known is not None and known.meeting.record is meeting.record and known.meeting == meeting:
            return known
        sightings = tuple(sight_speakers([meeting], lookup))
        found = tuple(find_mentions([meeting], cache))
        return cls(meeting, sightings, tuple(Spoken(s.meeting, s.turn, s.as_printed) for s in sightings), found,
                   tuple(city_mentions(found)), mentions_in_paragraph(found), speaking_turns(meeting.record))


def _linked(own: Sequence[RecordLinks], lookup: Lookup, corrections: Corrections,
            known: Remembered | None) -> tuple[SiteGraph, dict[int, MadePerson], bool]:
    """The graph of the meetings, from each one's own links, in meeting order; with what the last link left
    `known`, the people made now, for next time (`make_people`); and whether a correction named nobody."""
    meetings = tuple(links.meeting for links in own)
    found = [f for links in own for f in links.found]
    advice = corrections.path or CORRECTIONS
    sightings, unaffiliated = attach_unaffiliated([s for links in own for s in links.sightings], advice)
    spoken = [spoken for links in own for spoken in links.spoken]
    doubts = doubts_about(sightings, unaffiliated, advice)
    partition = apply_corrections(sightings, corrections)
    made = make_people(sightings, spoken, partition, doubts, known.people if known is not None else None)
    people, person_of_turn = made.people, made.person_of_turn
    cities = city_pages(meetings, people, found)
    countries = country_pages(meetings, sightings, cities, lookup)
    turns_by_person = made.turns_by_person
    speaking = {links.meeting.slug: links.speaking for links in own}
    in_paragraph = _merged(links.in_paragraph for links in own)
    graph = SiteGraph(
        meetings=meetings,
        people=people,
        cities=cities,
        countries=countries,
        person_of_turn=person_of_turn,
        turns_by_person=turns_by_person,
        co_speakers=CoSpeakers(speaking, person_of_turn, turns_by_person, people),
        mentions_by_city=grouped(pair for links in own for pair in links.mentions),
        mentions_in_paragraph=in_paragraph,
        meetings_by_city=grouped((m.city.slug, m) for m in meetings if m.city),
        people_by_city=grouped((p.city.slug, p) for p in people if p.city),
        cities_by_person=CitiesNamed(turns_by_person, in_paragraph, cities),
        people_by_country=grouped((p.country.slug, p) for p in people if p.country),
        cities_by_country=cities_by_country(cities, lookup),
        neighbours=neighbours(meetings),
        warnings=tuple(sorted(dict.fromkeys(partition.warnings + made.warnings), key=warning_order)),
        tallies=known.tallies if known is not None else Tallies(),
    )
    return graph, made.made, partition.unmatched


# -- meetings -----------------------------------------------------------------------------------------


def meeting_pages(records: Sequence[Record], lookup: Lookup) -> tuple[MeetingPage, ...]:
    """Every record as a page, oldest first, with its slug and the city it was held in."""
    ordered = sorted(records, key=meeting_order)
    slugs = unique_slugs({(r.meeting.symbol, r.source): [symbol_slug(r.meeting.symbol)] for r in ordered})
    return tuple(
        MeetingPage(r, slugs[r.meeting.symbol, r.source], lookup.city(r.meeting.place) if r.meeting.place else None)
        for r in ordered
    )


def meeting_order(record: Record) -> tuple[dt.date, str, str]:
    """Where a record's meeting comes in the graph: by date, then symbol, then source file."""
    return record.meeting.date, record.meeting.symbol, record.source


def meeting_run(entries: Sequence[V], meeting: MeetingPage, meeting_of: Callable[[V], MeetingPage]) -> tuple[int, int]:
    """Where the meeting's entries are in `entries`, which (like everything in the graph) are in meeting order,
    found by bisection: by its slug, then by where its record's header puts it among the others."""
    slug, key = meeting.slug, meeting_order(meeting.record)

    def place(entry: V) -> int:  # before the meeting, in it, or after it
        other = meeting_of(entry)
        return 0 if other.slug == slug else -1 if meeting_order(other.record) < key else 1

    return bisect_left(entries, 0, key=place), bisect_right(entries, 0, key=place)


def meeting_own(entries: Sequence[V], meeting: MeetingPage, meeting_of: Callable[[V], MeetingPage]) -> Sequence[V]:
    """The meeting's own entries of `entries` (see `meeting_run`)."""
    start, end = meeting_run(entries, meeting, meeting_of)
    return entries[start:end]


def neighbours(meetings: Sequence[MeetingPage]) -> dict[str, tuple[MeetingPage | None, MeetingPage | None]]:
    """The previous and next meeting of the same body, by meeting slug."""
    by_body: dict[str, list[MeetingPage]] = defaultdict(list)
    for meeting in meetings:
        by_body[fold(meeting.record.meeting.body)].append(meeting)
    result: dict[str, tuple[MeetingPage | None, MeetingPage | None]] = {}
    for run in by_body.values():
        for i, meeting in enumerate(run):
            result[meeting.slug] = (run[i - 1] if i else None, run[i + 1] if i + 1 < len(run) else None)
    return result


# -- who speaks ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A printed name folded for comparison: `Mr. INDERFURTH`, `Mr Inderfurth` and `Mr. Inderfurth` are one."""
    return _STYLE.sub("", " ".join(fold(name).replace(".", " ").split()))


def sight_speakers(meetings: Sequence[MeetingPage], lookup: Lookup) -> list[Sighting]:
    """Every turn of every meeting, in order, with who its speaker is taken to be."""
    return [sight(meeting, turn, lookup) for meeting in meetings for turn in meeting.record.turns]


def sight(meeting: MeetingPage, turn: Turn, lookup: Lookup) -> Sighting:
    """Who speaks one turn: a named speaker, whoever presided, or an office."""
    speaker = turn.speaker
    if speaker.presiding is not None and name_key(speaker.name) in CHAIR_TITLES:
        return _chair_sighting(meeting, turn, speaker.presiding, lookup)
    if speaker.is_title:
        body = meeting.record.meeting.body
        key = (name_key(speaker.name), f"office:{fold(body)}")
        return Sighting(meeting, turn, speaker.name, key, organization=body, label=body, titles=_printed_titles(turn))
    country, organization, city, affiliation_key, label = lookup.affiliation(speaker.affiliation)
    key = (name_key(speaker.name), affiliation_key)
    return Sighting(meeting, turn, speaker.name, key, country, organization, city, label, _printed_titles(turn))


def _chair_sighting(meeting: MeetingPage, turn: Turn, chair: Chair, lookup: Lookup) -> Sighting:
    """A `The President` turn, filed under the person who presided."""
    affiliation = Affiliation(chair.country, country=chair.country) if chair.country else None
    country, organization, city, affiliation_key, label = lookup.affiliation(affiliation)
    office = re.sub(r"^the\s+", "", turn.speaker.name, flags=re.IGNORECASE)
    titles = tuple(t for t in (chair.office, f"{office} of the {meeting.record.meeting.body}") if t)
    key = (name_key(chair.name), affiliation_key)
    return Sighting(meeting, turn, chair.name, key, country, organization, city, label, titles)


def _printed_titles(turn: Turn) -> tuple[str, ...]:
    """The affiliation and role printed with the speaker's name."""
    speaker = turn.speaker
    printed = speaker.affiliation.printed if speaker.affiliation else None
    return tuple(" ".join(t.split()) for t in (printed, speaker.role) if t)


Affiliated = tuple[Country | None, str | None, City | None, str, str]
"""Country, organization, office city, affiliation key and label of a printed affiliation (`affiliated`)."""


def affiliated(affiliation: Affiliation | None, lookup: Lookup) -> Affiliated:
    """Country, organization, office city, affiliation key and label of a printed affiliation."""
    if affiliation is None:
        return None, None, None, "", ""
    country = lookup.country(affiliation.country) if affiliation.country else None
    city = lookup.city(affiliation.city, country.code if country else None) if affiliation.city else None
    if country is None and affiliation.country is None and affiliation.organization is None and city is not None:
        country = lookup.country_of(city)
    if country is not None:
        return country, None, city, f"country:{country.code}", country.name
    named = affiliation.country or affiliation.organization
    if named:
        kind = "delegation" if affiliation.country else "org"
        return None, named, city, f"{kind}:{fold(named)}", named
    return None, None, city, "", ""


def attach_unaffiliated(
    sightings: Sequence[Sighting], advice: str = CORRECTIONS
) -> tuple[list[Sighting], dict[Key, Doubt]]:
    """A name printed without affiliation joins the one affiliated speaker of that name in the same meeting."""
    if all(s.key[1] for s in sightings):
        return list(sightings), {}
    affiliated: dict[tuple[str, str], dict[Key, Sighting]] = defaultdict(dict)
    for s in sightings:
        if s.key[1] and not s.key[1].startswith("office:"):
            affiliated[s.meeting.slug, s.key[0]].setdefault(s.key, s)
    attached: list[Sighting] = []
    doubts: dict[Key, Doubt] = {}
    for s in sightings:
        options = affiliated.get((s.meeting.slug, s.key[0]), {}) if not s.key[1] else {}
        if len(options) == 1:
            template = next(iter(options.values()))
            s = replace(s, key=template.key, country=template.country, organization=template.organization,
                        city=s.city or template.city, label=template.label)
        elif not s.key[1] and s.key not in doubts:
            doubts[s.key] = Doubt(
                "printed with no country or organization",
                f"{s.where}: {s.as_printed} is printed with no country or organization, so the graph cannot tell "
                f"who this is; if this is someone known elsewhere, merge them in {advice}",
            )
        attached.append(s)
    return attached, doubts


def sightings_doubts_read(runs: Iterable[Sequence[Sighting]]) -> list[list[Sighting]]:
    """Of sightings in the archive's order, a run a meeting, those the doubts about them read, a run a meeting still:
    each identity's first turn in a session of a body (of two namesakes there, the first to speak), or in the
    archive for an office; and in a meeting that prints a name bare, each of that name's identities' first turn
    there (the bare name joins the one namesake of its meeting, `attach_unaffiliated`). A meeting's later turns, and
    a session's later meetings, change no doubt (`doubts_about`): the doubts about all of the sightings are those
    about these, and with another meeting's sightings among them, those about these with that meeting's."""
    seen: set[tuple[object, ...]] = set()
    kept_runs: list[list[Sighting]] = []
    for run in runs:
        slug, meeting = run[0].meeting.slug, run[0].meeting.record.meeting
        body, session = _session_of(meeting.body, meeting.session, meeting.year)
        bare = {s.key[0] for s in run if not s.key[1]}
        kept: list[Sighting] = []
        for s in run:
            key = s.key
            if key[0] in bare:
                told: tuple[object, ...] = (slug, key)
            elif key[1].startswith("office:"):
                told = key
            else:
                told = (key, body, session)
            if told not in seen:
                seen.add(told)
                kept.append(s)
        if kept:
            kept_runs.append(kept)
    return kept_runs


def doubts_about(sightings: Sequence[Sighting], unaffiliated: Mapping[Key, Doubt],
                 advice: str = CORRECTIONS) -> dict[Key, Doubt]:
    """Every doubt about the identities of the `sightings` (after `attach_unaffiliated`, which found those it
    could not attach), by key."""
    return {**unaffiliated, **doubt_offices(sightings, advice), **doubt_namesakes(sightings, advice)}


def doubt_offices(sightings: Sequence[Sighting], advice: str = CORRECTIONS) -> dict[Key, Doubt]:
    """Turns printed as an office (`The President`) whose holder the record does not name."""
    doubts: dict[Key, Doubt] = {}
    for s in sightings:
        if s.key[1].startswith("office:") and s.key not in doubts:
            chair = s.key[0] in CHAIR_TITLES
            what = "who presided is not recorded" if chair else "the record names an office, not a person"
            doubts[s.key] = Doubt(what, f'{s.where}: {what}, so "{s.as_printed}" is filed as "{s.identity}"; to name '
                                        f'the person, merge "{s.name} ({s.meeting.symbol})" with them in {advice}')
    return doubts


def doubt_namesakes(sightings: Sequence[Sighting], advice: str = CORRECTIONS) -> dict[Key, Doubt]:
    """One name speaking for two delegations or organizations in one session of one body: two people, or one?"""
    seen: dict[tuple[str, str, str], dict[Key, Sighting]] = {}
    last: MeetingPage | None = None
    body = session = ""
    for s in sightings:  # a meeting's sightings come together: its session is worked out once
        key = s.key
        if not key[1] or key[1].startswith("office:"):
            continue
        if s.meeting is not last:
            last = s.meeting
            body, session = _session_of(last.record.meeting.body, last.record.meeting.session, last.record.meeting.year)
        firsts = seen.get(group := (key[0], body, session))
        if firsts is None:
            seen[group] = {key: s}
        elif key not in firsts:
            firsts[key] = s
    doubts: dict[Key, Doubt] = {}
    for firsts in seen.values():
        if len(firsts) < 2:
            continue
        first, *others = firsts.values()
        for other in others:
            body = first.meeting.record.meeting.body
            reason = f'"{first.identity}" and "{other.identity}" speak in the same session of the {body}'
            warning = f"{other.where}: {reason}; they are kept apart as two people; if they are one, merge them in " \
                      f"{advice}"
            doubts.setdefault(first.key, Doubt(reason))
            doubts[other.key] = Doubt(reason, warning)
    return doubts


@lru_cache(maxsize=1 << 12)
def _session_of(body: str, session: str | None, year: int) -> tuple[str, str]:
    """The body (folded) and session a meeting's namesakes are told apart in: the year when no session is printed."""
    return fold(body), session or str(year)


# -- corrections --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selector:
    """Finds the atoms an identity in the corrections file names."""

    by_name: Mapping[str, tuple[Atom, ...]]
    labels: Mapping[Key, frozenset[str]]
    symbols: Mapping[str, str]
    identities: tuple[str, ...]

    @classmethod
    def of(cls, sightings: Sequence[Sighting]) -> Selector:
        """An index of every sighting's name, labels and meeting."""
        by_name: dict[str, dict[Atom, None]] = defaultdict(dict)
        labels: dict[Key, set[str]] = defaultdict(set)
        labelled: set[tuple[Key, str | None]] = set()
        for s in sightings:
            by_name[s.key[0]][s.atom] = None
            by_name[s.atom[2]][s.atom] = None
            printed = (s.key, s.turn.speaker.affiliation.printed if s.turn.speaker.affiliation else None)
            if printed not in labelled:
                labelled.add(printed)
                labels[s.key].update(_labels(s))
        symbols = {fold(s.meeting.symbol): s.meeting.slug for s in sightings}
        identities = tuple(sorted({s.identity for s in sightings}))
        return cls({n: tuple(a) for n, a in by_name.items()}, {k: frozenset(v) for k, v in labels.items()},
                   symbols, identities)

    def select(self, identity: Identity) -> frozenset[Atom]:
        """The atoms named: by printed name, then by country, organization, body or meeting symbol."""
        atoms = self.by_name.get(name_key(identity.name), ())
        if identity.qualifier is None:
            return frozenset(atoms)
        qualifier = fold(identity.qualifier)
        if qualifier in self.symbols:
            return frozenset(a for a in atoms if a[1] == self.symbols[qualifier])
        return frozenset(a for a in atoms if qualifier in self.labels.get(a[0], ()))

    def unmatched(self, identity: Identity, where: str) -> str:
        """The warning for an identity that names nobody, with the nearest identities that exist."""
        same_name = [i for i in self.identities if name_key(i.split(" (")[0]) == name_key(identity.name)]
        near = same_name or difflib.get_close_matches(identity.text, self.identities, n=3, cutoff=0.6)
        hint = "; did you mean " + " or ".join(f'"{i}"' for i in near[:3]) + "?" if near else ""
        return f'{where}: "{identity.text}" matches no speaker in the records{hint}'


def _labels(s: Sighting) -> set[str]:
    """What an author may write in an identity's parentheses for this sighting."""
    found = {fold(s.label)} if s.label else set()
    affiliation = s.turn.speaker.affiliation
    texts = [s.organization, affiliation.country if affiliation else None, affiliation.printed if affiliation else None]
    if s.country is not None:
        texts += [s.country.name, s.country.code]
    found.update(fold(t) for t in texts if t)
    acronym = _ACRONYM.search(s.organization or "")
    if acronym:
        found.add(fold(acronym.group(1)))
    return found


def apply_corrections(sightings: Sequence[Sighting], corrections: Corrections) -> Partition:
    """Which atoms are one person: one per identity, then each merge or split in file order moves atoms."""
    first_id = {key: i for i, key in enumerate(sorted({s.key for s in sightings}))}
    of_atom = {s.atom: first_id[s.key] for s in sightings}
    namings: dict[int, Naming] = {}
    warnings: list[str] = []
    if not corrections.people:
        return Partition(of_atom, namings, ())
    selector = Selector.of(sightings)
    anyone_unmatched = False
    slug_owners: dict[str, PersonCorrection] = {}
    for number, entry in enumerate(corrections.people, len(first_id)):
        selections = [selector.select(identity) for identity in entry.identities]
        unmatched = [selector.unmatched(i, entry.where) for i, s in zip(entry.identities, selections, strict=True)
                     if not s]
        warnings += unmatched
        anyone_unmatched = anyone_unmatched or bool(unmatched)
        correction, clash = _claim_slug(entry, slug_owners)
        warnings += clash
        if correction.action is Action.MATCH:
            warnings += _name_one(correction, selections[0], of_atom, namings)
        elif any(selections):
            chosen = frozenset().union(*selections)
            of_atom.update(dict.fromkeys(chosen, number))
            lead = next(s for s in selections if s)
            namings[number] = Naming(correction.full_name, correction.slug, lead)
    return Partition(of_atom, namings, tuple(warnings), anyone_unmatched)


def _claim_slug(entry: PersonCorrection, owners: dict[str, PersonCorrection]) -> tuple[PersonCorrection, list[str]]:
    """The entry, without its slug if an earlier entry gave that slug to someone else."""
    if entry.slug is None:
        return entry, []
    owner = owners.setdefault(entry.slug, entry)
    if owner is entry or owner.identities == entry.identities:
        return entry, []
    message = (f'{entry.where}: slug "{entry.slug}" is already given to "{owner.identities[0].text}" '
               f"at line {owner.line}; this entry's slug is ignored")
    return replace(entry, slug=None), [message]


def _name_one(correction: PersonCorrection, atoms: frozenset[Atom], of_atom: Mapping[Atom, int],
              namings: dict[int, Naming]) -> list[str]:
    """Give the one person an identity names a full name or slug; a warning if it names several."""
    ids = sorted({of_atom[a] for a in atoms})
    if len(ids) > 1:
        return [f'{correction.where}: "{correction.identities[0].text}" names {len(ids)} different people; '
                "add their country, organization or a meeting symbol in parentheses"]
    if ids:
        naming = namings.get(ids[0], Naming())
        namings[ids[0]] = replace(naming, full_name=correction.full_name or naming.full_name,
                                  slug=correction.slug or naming.slug)
    return []


# -- people -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MadePerson:
    """What `make_people` worked out of one group of turns, for the next link to take back: the dev server links
    the archive again after a speaker is renamed, and all but a few groups are made of the very same sightings."""

    group: tuple[Sighting, ...]
    naming: Naming | None
    lead: Sighting
    first_atom: Atom
    wanted: str
    """The slug the group's lead identity asks for, before it is made distinct from the others' (`_person_slugs`)."""
    keys: tuple[Key, ...]
    """The group's identities, in order."""
    standing: tuple[Doubt, ...]
    person: Person
    spoken: tuple[Spoken, ...]
    """The group's turns as the person's page lists them."""
    turns: tuple[tuple[str, int], ...]
    """The group's turns, as (meeting slug, turn index)."""
    order: tuple[str, str, str]
    """Where the person comes A–Z (`person_order`)."""

    def holds(self, group: Sequence[Sighting], naming: Naming | None) -> bool:
        """True when `group` is made of the very sightings this was made of, named the same way."""
        return self.naming == naming and len(self.group) == len(group) and all(map(operator.is_, self.group, group))


@dataclass(frozen=True, slots=True)
class People:
    """Everyone `make_people` made, and what they spoke."""

    people: tuple[Person, ...]
    """A–Z by surname."""
    person_of_turn: TurnSpeakers
    """Who spoke each turn, by (meeting slug, turn index)."""
    turns_by_person: dict[str, tuple[Spoken, ...]]
    """Each person's turns, by slug, in meeting order."""
    warnings: tuple[str, ...]
    """The doubts still standing after corrections."""
    made: dict[int, MadePerson]
    """What was made of each group, for the next link to take back (when asked for)."""


def make_people(
    sightings: Sequence[Sighting], spoken: Sequence[Spoken], partition: Partition, doubts: Mapping[Key, Doubt],
    made: Mapping[int, MadePerson] | None = None,
) -> People:
    """One Person per group of turns (`sightings` of every turn of every meeting, in order, as `sight_speakers`
    gives them; `spoken` are their turns as people's pages list them), A–Z by
    surname, with the warnings still standing after corrections; and, when what was `made` last time is given,
    what was made now (a group of the same sightings, naming, doubts and slug is the same Person, with the same
    tuple of turns: it is taken back, not made again)."""
    groups: dict[int, list[Sighting]] = defaultdict(list)
    turns: dict[int, list[Spoken]] = defaultdict(list)
    group_of_turn: list[int] = []
    for s, turn in zip(sightings, spoken, strict=True):
        i = partition.of_atom[s.atom]
        groups[i].append(s)
        turns[i].append(turn)
        group_of_turn.append(i)
    namings = partition.namings
    kept = {i: last for i, group in groups.items()
            if made and (last := made.get(id(group[0]))) is not None and last.holds(group, namings.get(i))}
    leads = {i: kept[i].lead if i in kept else lead_sighting(group, namings.get(i)) for i, group in groups.items()}
    first_atoms = {i: kept[i].first_atom if i in kept else min(s.atom for s in group) for i, group in groups.items()}
    wanted = {i: kept[i].wanted if i in kept else slugify(slug_text(leads[i])) for i in groups}
    slugs = _person_slugs(groups, leads, first_atoms, wanted, namings)
    people: dict[int, Person] = {}
    order: dict[int, tuple[str, str, str]] = {}
    turns_by_person: dict[str, tuple[Spoken, ...]] = {}
    warnings: list[str] = []
    made_now: dict[int, MadePerson] = {}
    for i, group in groups.items():
        naming, last = namings.get(i), kept.get(i)
        keys = last.keys if last is not None else tuple(dict.fromkeys(s.key for s in group))
        standing = tuple(doubts[k] for k in keys if k in doubts) if naming is None else ()
        warnings += [d.warning for d in standing if d.warning]
        if last is not None and last.person.slug == slugs[i] and last.standing == standing:
            person, person_turns = last.person, last.spoken
        else:
            person, person_turns = make_person(group, leads[i], slugs[i], naming, standing), tuple(turns[i])
        people[i] = person
        order[i] = last.order if last is not None and last.person is person else person_order(person)
        turns_by_person[person.slug] = person_turns
        if made is not None:
            turn_keys = last.turns if last is not None else tuple((s.meeting.slug, s.turn.index) for s in group)
            made_now[id(group[0])] = MadePerson(tuple(group), naming, leads[i], first_atoms[i], wanted[i], keys,
                                                standing, person, person_turns, turn_keys, order[i])
    ordered = tuple(people[i] for i in sorted(people, key=order.__getitem__))
    by_meeting: dict[str, list[Person]] = {}
    for s, i in zip(sightings, group_of_turn, strict=True):
        by_meeting.setdefault(s.meeting.slug, []).append(people[i])
    person_of_turn = TurnSpeakers({slug: tuple(speakers) for slug, speakers in by_meeting.items()})
    return People(ordered, person_of_turn, turns_by_person, tuple(warnings), made_now)


def lead_sighting(group: Sequence[Sighting], naming: Naming | None) -> Sighting:
    """The sighting a person's slug and printed name come from: the first the author named, else the first seen."""
    if naming is not None and naming.lead:
        return next((s for s in group if s.atom in naming.lead), group[0])
    return next((s for s in group if s.key[1] and not s.key[1].startswith("office:")), group[0])


def make_person(group: Sequence[Sighting], lead: Sighting, slug: str, naming: Naming | None,
                doubts: Sequence[Doubt]) -> Person:
    """The Person for one group of turns."""
    country = lead.country or next((s.country for s in group if s.country), None)
    organization = lead.organization or next((s.organization for s in group if s.organization), None)
    return Person(
        slug=slug,
        name=naming.full_name if naming and naming.full_name else lead.name,
        printed_names=tuple(dict.fromkeys(s.name for s in group)),
        titles=_unique_folded(t for s in group for t in s.titles),
        country=country,
        organization=None if country else organization,
        city=lead.city or next((s.city for s in group if s.city), None),
        uncertain="; ".join(dict.fromkeys(d.reason for d in doubts)) or None,
    )


def _unique_folded(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts in order, without repeats that differ only in case, accents or spacing."""
    kept: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        kept.setdefault(fold(text), text)
    return tuple(kept.values())


def _person_slugs(groups: Mapping[int, Sequence[Sighting]], leads: Mapping[int, Sighting],
                  first_atoms: Mapping[int, Atom], wanted: Mapping[int, str],
                  namings: Mapping[int, Naming]) -> dict[int, str]:
    """Slugs from each person's own identity (name and affiliation: the slug of `slug_text` it is `wanted`), so
    adding records never moves one."""
    pinned: dict[int, str] = {}
    for i, naming in sorted(namings.items()):
        if naming.slug and i in groups and naming.slug not in pinned.values():
            pinned[i] = naming.slug
    # A group is known by its lead identity and its first atom: both come from the records, not their order.
    names = {i: (leads[i].key, first_atoms[i]) for i in groups if i not in pinned}
    chosen = distinct_slugs({name: [wanted[i]] for i, name in names.items()}, taken=LETTER_SLUGS.union(pinned.values()))
    return {**pinned, **{i: chosen[name] for i, name in names.items()}}


def slug_text(lead: Sighting) -> str:
    """`Mr. Williams UN-Habitat`: the printed name and the shortest form of its affiliation."""
    if lead.country is not None:
        return f"{lead.name} {lead.country.slug}"
    acronym = _ACRONYM.search(lead.label)
    return f"{lead.name} {acronym.group(1) if acronym else lead.label}".strip()


def speaking_turns(record: Record) -> tuple[tuple[int, ...], ...]:
    """The turns that speak under each innermost heading of the record (those before any heading first)."""
    sections: dict[int | None, dict[int, None]] = defaultdict(dict)
    for paragraph in record.paragraphs:
        if paragraph.turn is not None:
            sections[paragraph.section][paragraph.turn] = None
    return tuple(tuple(turns) for turns in sections.values())


# -- cities and countries -----------------------------------------------------------------------------


def find_mentions(meetings: Sequence[MeetingPage], cache: MentionCache) -> list[Found]:
    """Every city named in running text, with the sentence naming it; vote lists are only country names."""
    found: list[Found] = []
    for meeting in meetings:
        for paragraph in meeting.record.paragraphs:
            if paragraph.kind is not ParagraphKind.VOTE and (cited := cache.cited_in(paragraph)):
                # Most paragraphs name no city: only those that do make a generator of their mentions.
                found.extend(Found(meeting, paragraph.index, m.city, m.matched, m.sentence) for m in cited)
    return found


def city_pages(meetings: Sequence[MeetingPage], people: Sequence[Person], found: Sequence[Found]) -> tuple[City, ...]:
    """Every city with a page: a meeting held there, a mention, or someone's office."""
    cities = [m.city for m in meetings if m.city] + [f.city for f in found] + [p.city for p in people if p.city]
    unique = {city.slug: city for city in reversed(cities)}
    return tuple(sorted(unique.values(), key=city_order))


def country_pages(meetings: Sequence[MeetingPage], sightings: Sequence[Sighting], cities: Sequence[City],
                  lookup: Lookup) -> tuple[Country, ...]:
    """Every country with a page: a delegation that spoke or presided, or the country of a city with a page."""
    chairs = [c for m in meetings for c in (m.record.meeting.chair, m.record.meeting.acting_chair) if c and c.country]
    found = [s.country for s in sightings] + [lookup.country(c.country) for c in chairs if c.country]
    found += [lookup.country_of(city) for city in cities]
    unique = {country.code: country for country in found if country is not None}
    return tuple(sorted(unique.values(), key=country_order))


def city_order(city: City) -> tuple[str, str, str]:
    """Where a city comes in the graph's list: by name, then country, then slug."""
    return fold(city.name), city.country_code, city.slug


def country_order(country: Country) -> tuple[str, str]:
    """Where a country comes in the graph's list: by name, then code."""
    return fold(country.name), country.code


def mentions_by_city(found: Sequence[Found]) -> dict[str, tuple[CityMention, ...]]:
    """Paragraphs naming each city (each paragraph once, with its first naming), oldest meeting first."""
    return grouped(city_mentions(found))


def city_mentions(found: Sequence[Found]) -> list[tuple[str, CityMention]]:
    """Each paragraph naming a city, once per city with its first naming, in order, by the city's slug."""
    seen: set[tuple[str, str, int]] = set()
    pairs: list[tuple[str, CityMention]] = []
    for f in found:
        where = (f.city.slug, f.meeting.slug, f.paragraph_index)
        if where not in seen:
            seen.add(where)
            pairs.append((f.city.slug, _city_mention(f)))
    return pairs


def _city_mention(f: Found) -> CityMention:
    """The page-facing form of a mention."""
    return CityMention(f.meeting, f.meeting.record.paragraph(f.paragraph_index), f.sentence, f.matched)


def mentions_in_paragraph(found: Sequence[Found]) -> dict[str, dict[int, tuple[tuple[str, City], ...]]]:
    """City names as printed in each paragraph, each once, with the city meant, by meeting slug and paragraph index
    (of the meetings naming a city)."""
    result: dict[str, dict[int, dict[str, City]]] = defaultdict(lambda: defaultdict(dict))
    for f in found:
        result[f.meeting.slug][f.paragraph_index].setdefault(f.matched, f.city)
    return {meeting: {index: tuple(names.items()) for index, names in paragraphs.items()}
            for meeting, paragraphs in result.items()}


def cities_by_country(cities: Sequence[City], lookup: Lookup) -> dict[str, tuple[City, ...]]:
    """Cities with a page, by the slug of their country."""
    return grouped((country.slug, city) for city in cities if (country := lookup.country_of(city)))


# -- helpers ------------------------------------------------------------------------------------------


def _merged(mappings: Iterable[Mapping[K, V]]) -> dict[K, V]:
    """One dictionary of the mappings' entries (their keys apart)."""
    merged: dict[K, V] = {}
    for mapping in mappings:
        merged.update(mapping)
    return merged


def grouped(pairs: Iterable[tuple[str, V]]) -> dict[str, tuple[V, ...]]:
    """Values by key, each key's values as a tuple in the order given."""
    groups: dict[str, list[V]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {key: tuple(values) for key, values in groups.items()}


def warning_order(warning: str) -> tuple[str, int]:
    """Warnings sorted by file, then line number; the sort is stable, so one line's warnings keep their order."""
    match = re.match(r"^(.*?):(\d+): ", warning)
    return (match.group(1), int(match.group(2))) if match else (warning, 0)


def warnings_added(warnings: Sequence[str], added: Iterable[str]) -> tuple[str, ...]:
    """The `warnings` (in `warning_order`) with those `added` that are not among them, in order: each goes after
    the warnings of its line, as sorting them all again would put it (the archive's thousands are not)."""
    result, present = list(warnings), set(warnings)
    for warning in sorted(added):
        if warning not in present:
            insort_right(result, warning, key=warning_order)
            present.add(warning)
    return tuple(result)
