"""What the index, person, city and country pages show, worked out from the graph."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from markupsafe import Markup, escape

from generator.graph import meeting_order, meeting_own
from generator.mapsvg import MapPoint
from generator.people_order import resorted
from generator.render.environment import anchor_of, city_url, paragraph_label, pluralize
from generator.render.markdown import excerpt
from generator.site import entry_year, meeting_of, meeting_year, tally_of

if TYPE_CHECKING:
    from generator.countries import Country
    from generator.model import Paragraph, Record
    from generator.places import City
    from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken

_HONORIFICS = frozenset(
    [
        "the",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "baroness",
        "archbishop",
        "bishop",
        "cardinal",
        "father",
        "sister",
        "sheikh",
        "prince",
        "princess",
        "king",
        "queen",
        "h.e.",
        "his",
        "her",
        "excellency",
    ]
)


T = TypeVar("T")
G = TypeVar("G")


@dataclass(frozen=True, slots=True)
class Stats:
    """What the archive holds, for the home page."""

    meetings: int
    speakers: int
    cities: int
    countries: int
    paragraphs: int
    bodies: tuple[tuple[str, int], ...]
    """Each body with its number of meetings, most first."""
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True, slots=True)
class YearGroup:
    """Meetings of one body in one year, newest first."""

    year: int
    meetings: tuple[MeetingPage, ...]


@dataclass(frozen=True, slots=True)
class BodyGroup:
    """Meetings of one body, by year."""

    body: str
    anchor: str
    years: tuple[YearGroup, ...]


@dataclass(frozen=True, slots=True)
class BodyYears:
    """The years of one body's meetings, for an index of meetings too long for one page."""

    body: str
    anchor: str
    years: tuple[YearEntry, ...]


class PersonEntry(NamedTuple):
    """A person in a list, with how much they said.

    A tuple, made and compared in C: the dev server makes a letter's list of speakers again after each edit (3,700
    under A at 10,000 records) to find whether it changed."""

    person: Person
    meetings: int
    paragraphs: int


@dataclass(frozen=True, slots=True)
class LetterGroup:
    """People whose surname starts with one letter."""

    letter: str
    entries: tuple[PersonEntry, ...]


@dataclass(frozen=True, slots=True)
class LetterEntry:
    """One letter of a long speakers index, with how many speakers it has and the page that lists them."""

    letter: str
    url: str
    speakers: int


class Excerpt(NamedTuple):
    """A linked paragraph with a plain-text excerpt.

    A tuple, which the lists of statements unpack in their loops: a person's page of a year lists hundreds."""

    href: str
    label: str
    """`para. 40` or `paragraph` when the record does not number them."""
    text: Markup
    """The paragraph's `excerpt`, escaped once for every page that lists it."""


@dataclass(frozen=True, slots=True)
class MeetingStatements:
    """What one person said in one meeting: their turns there, each paragraph linked with an excerpt.

    The excerpts are worked out when first asked for: the dev server keeps what it rendered of the very same turns
    for the next page that lists them (`render.environment.Fragments`), which then asks for none."""

    turns: tuple[Spoken, ...]
    """The person's turns in the meeting, in order."""
    _paragraphs: tuple[Excerpt, ...] | None = dataclasses.field(default=None, init=False, repr=False, compare=False)

    @property
    def meeting(self) -> MeetingPage:
        return self.turns[0].meeting

    @property
    def printed(self) -> tuple[str, ...]:
        """How the person was printed in this meeting: `The President`, `Mr. Shank`."""
        return tuple(dict.fromkeys(spoken.as_printed for spoken in self.turns))

    @property
    def paragraphs(self) -> tuple[Excerpt, ...]:
        """Each paragraph the person spoke in the meeting, linked with an excerpt."""
        excerpts = self._paragraphs
        if excerpts is None:
            meeting = self.meeting
            excerpts = tuple(e for spoken in self.turns for e in paragraph_excerpts(meeting, spoken.paragraphs))
            object.__setattr__(self, "_paragraphs", excerpts)
        return excerpts


@dataclass(frozen=True, slots=True)
class MentionGroup:
    """Paragraphs of one meeting that mention a city."""

    meeting: MeetingPage
    mentions: tuple[CityMention, ...]


@dataclass(frozen=True, slots=True)
class YearEntry:
    """One year of a long person or city page, with its counts and the page that shows it."""

    year: int
    url: str
    meetings: int
    """Meetings the person spoke in, or held in the city, that year."""
    items: int
    """Paragraphs the person spoke, or paragraphs mentioning the city, that year."""


@dataclass(frozen=True, slots=True)
class CityEntry:
    """A city in the cities list, with what happens there."""

    city: City
    country: Country | None
    meetings: int
    mentions: int
    people: int


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """A country in the countries list, with its counts."""

    country: Country
    speakers: int
    cities: int
    meetings: int


class _OfLastGraph(Generic[T]):
    """What was worked out of the last graph asked about, kept without keeping the graph alive."""

    def __init__(self) -> None:
        self._graph: weakref.ref[SiteGraph] | None = None
        self._value: T | None = None

    def of(self, graph: SiteGraph) -> T | None:
        """What was worked out of `graph`, if it is the last graph asked about."""
        return self._value if self._graph is not None and self._graph() is graph else None

    def keep(self, graph: SiteGraph, value: T) -> T:
        """`value`, kept as what was worked out of `graph`."""
        self._graph, self._value = weakref.ref(graph), value
        return value

    def last(self) -> tuple[SiteGraph, T] | None:
        """The last graph asked about, if it is still alive, and what was worked out of it."""
        graph = self._graph() if self._graph is not None else None
        return None if graph is None or self._value is None else (graph, self._value)


def stats(graph: SiteGraph) -> Stats:
    """Counts of everything the archive holds (the home, search and 404 pages show them): its bodies' meetings
    and paragraphs are the sums of their years' (`_body_years_counted`)."""
    counted = _body_years_counted(graph)
    first, last = (graph.meetings[0], graph.meetings[-1]) if graph.meetings else (None, None)  # oldest first
    return Stats(
        meetings=len(graph.meetings),
        speakers=len(graph.people),
        cities=len(graph.cities),
        countries=len(graph.countries),
        paragraphs=sum(paragraphs for years in counted.values() for _, paragraphs in years.values()),
        bodies=tuple((body, _held(years)) for body, years in _largest_first(counted, _held)),
        first_year=first.record.meeting.year if first else None,
        last_year=last.record.meeting.year if last else None,
    )


def newest_first(meetings: Iterable[MeetingPage]) -> tuple[MeetingPage, ...]:
    """Meetings, most recent first: the reverse of the graph's order (by date, then symbol, then source file)."""
    return tuple(sorted(meetings, key=_in_graph_order, reverse=True))


def latest(graph: SiteGraph, count: int) -> tuple[MeetingPage, ...]:
    """The `count` most recent meetings, as `newest_first` orders them: the graph's last, since it keeps its
    meetings oldest first (the archive is not sorted again)."""
    return tuple(reversed(graph.meetings[-count:])) if count > 0 else ()


def _in_graph_order(meeting: MeetingPage) -> tuple[dt.date, str, str]:
    return meeting_order(meeting.record)


def by_body(meetings: Sequence[MeetingPage]) -> tuple[BodyGroup, ...]:
    """The meetings grouped by body (largest first), then year, newest first; given in the graph's order (as it
    keeps every list of meetings), they are read backwards rather than sorted again."""
    groups: dict[str, dict[int, list[MeetingPage]]] = {}
    for meeting in reversed(meetings):
        header = meeting.record.meeting
        groups.setdefault(header.body, {}).setdefault(header.year, []).append(meeting)
    return tuple(
        BodyGroup(body, anchor_of(body), tuple(YearGroup(year, tuple(ms)) for year, ms in years.items()))
        for body, years in _largest_first(groups, lambda years: sum(map(len, years.values())))
    )


def body_years(graph: SiteGraph, url: Callable[[int], str]) -> tuple[BodyYears, ...]:
    """The meetings' bodies as `by_body` orders them, each with its years and its meetings and paragraphs in each;
    `url` gives each year's page (where the body's meetings are under its anchor)."""
    return tuple(
        BodyYears(body, anchor, tuple(YearEntry(year, f"{url(year)}#{anchor}", held, paragraphs)
                                      for year, (held, paragraphs) in years.items()))
        for body, years in _largest_first(_body_years_counted(graph), _held)
        for anchor in [anchor_of(body)]
    )


BodyYearCounts = dict[str, dict[int, tuple[int, int]]]
"""The meetings held and their paragraphs, by body, then year (newest first)."""

_years_counted: _OfLastGraph[BodyYearCounts] = _OfLastGraph()
"""The archive's counts and the index of meetings show them, and the dev server asks after each edit whether
those pages changed."""


def _body_years_counted(graph: SiteGraph) -> BodyYearCounts:
    """The graph's `BodyYearCounts`: counted again from those of the last graph asked about after an edit relinked
    in place (which leaves each meeting's body and year), else counted meeting by meeting."""
    known = _years_counted.of(graph)
    if known is not None:
        return known
    last = _years_counted.last()
    counted = _body_years_after(graph, *last) if last is not None else None
    return _years_counted.keep(graph, counted or _body_year_counts(graph.meetings))


def _body_year_counts(meetings: Sequence[MeetingPage]) -> BodyYearCounts:
    tallies: dict[str, dict[int, list[int]]] = {}
    for meeting in reversed(meetings):  # the graph's order, oldest first: the years come newest first
        record = meeting.record
        tally = tallies.setdefault(record.meeting.body, {}).setdefault(record.meeting.year, [0, 0])
        tally[0] += 1
        tally[1] += len(record.paragraphs)
    return {body: {year: (held, paragraphs) for year, (held, paragraphs) in years.items()}
            for body, years in tallies.items()}


def _body_years_after(graph: SiteGraph, last: SiteGraph, counted: BodyYearCounts) -> BodyYearCounts | None:
    """The counts of `graph` from those of the `last` graph, when both hold as many meetings (an edit relinked in
    place swaps a meeting at its place, or moves it among the others): at each place where they differ, the meeting
    there before is counted out of its body's year and the one there now into its own; None otherwise."""
    changed = _changed_meetings(graph, last)
    if changed is None:
        return None
    recounted: dict[str, dict[int, list[int]]] = {}
    for was, now in changed:
        _count_in(recounted, counted, was, -1)
        _count_in(recounted, counted, now, 1)
    result = dict(counted)
    for body, years in recounted.items():
        held_then = {year: (held, paragraphs) for year, (held, paragraphs) in sorted(years.items(), reverse=True)
                     if held}
        if held_then:
            result[body] = held_then  # newest first, as counted meeting by meeting
        else:
            del result[body]
    return result


def _count_in(recounted: dict[str, dict[int, list[int]]], counted: BodyYearCounts, meeting: MeetingPage,
              sign: int) -> None:
    """Add the meeting to the counts of its body's year (`sign` 1) or take it out of them (-1): the counts being
    `recounted`, each body's from its `counted` ones."""
    header = meeting.record.meeting
    years = recounted.get(header.body)
    if years is None:
        years = recounted[header.body] = {year: list(tally) for year, tally in counted.get(header.body, {}).items()}
    tally = years.setdefault(header.year, [0, 0])
    tally[0] += sign
    tally[1] += sign * len(meeting.record.paragraphs)


def _held(years: Mapping[int, tuple[int, int]]) -> int:
    """The meetings a body held in all its years (of its `BodyYearCounts`)."""
    return sum(held for held, _ in years.values())


def _changed_meetings(graph: SiteGraph, last: SiteGraph) -> list[tuple[MeetingPage, MeetingPage]] | None:
    """The meetings of the `last` graph and of `graph` that differ at each place, when both have as many (an edit
    relinked in place swaps a meeting at its place); None otherwise."""
    if len(graph.meetings) != len(last.meetings):
        return None
    return [(was, now) for was, now in zip(last.meetings, graph.meetings, strict=True) if was is not now]


def _largest_first(bodies: dict[str, G], size: Callable[[G], int]) -> list[tuple[str, G]]:
    """The bodies' groups, the body with the most meetings (their `size`) first, then by name."""
    return sorted(bodies.items(), key=lambda item: (-size(item[1]), item[0]))


@lru_cache(maxsize=1 << 17)
def letter_of(name: str) -> str:
    """The index letter of a name: the first letter after honorifics, unaccented; `#` if none (remembered: the
    dev server sorts everyone by letter again after a rename)."""
    words = [w for w in name.split() if w.lower().rstrip(".") not in _HONORIFICS and w.lower() not in _HONORIFICS]
    first = unicodedata.normalize("NFKD", (words or [name])[0][:1]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"


def person_entry(graph: SiteGraph, person: Person) -> PersonEntry:
    """A person with their counts of meetings and paragraphs."""
    return person_entries(graph, (person,))[0]


def person_entries(graph: SiteGraph, people: Iterable[Person]) -> tuple[PersonEntry, ...]:
    """Each of the people with their counts of meetings and paragraphs."""
    tally = graph.tally
    return tuple(PersonEntry(person, len((counted := tally(person.slug)).meetings), counted.paragraphs)
                 for person in people)


def by_letter(graph: SiteGraph) -> tuple[LetterGroup, ...]:
    """Everyone, grouped by the first letter of their surname, keeping the graph's A–Z order inside."""
    return tuple(LetterGroup(letter, person_entries(graph, people))
                 for letter, people in people_by_letter(graph).items())


Letters = dict[str, tuple["Person", ...]]

_lettered: _OfLastGraph[Letters] = _OfLastGraph()
"""Everyone by letter, as the last graph sorted them."""


def people_by_letter(graph: SiteGraph) -> Letters:
    """Everyone by the first letter of their surname, A to Z then `#`, in the graph's A–Z order inside."""
    known = _lettered.of(graph)
    if known is not None:
        return known
    groups: dict[str, list[Person]] = {}
    for person in graph.people:
        groups.setdefault(letter_of(person.name), []).append(person)
    return _lettered.keep(graph, _in_order({letter: tuple(people) for letter, people in groups.items()}))


def people_by_letter_after(graph: SiteGraph, previous: SiteGraph, removed: Sequence[Person],
                           added: Sequence[Person]) -> Letters:
    """`people_by_letter` of `graph`, which is `previous` without the people `removed` and with those `added`:
    from `previous`'s, when those were the last sorted (the dev server's renames follow one another)."""
    before = _lettered.of(previous)
    if before is None:
        return people_by_letter(graph)
    letters = dict(before)
    for letter in {letter_of(person.name) for person in [*removed, *added]}:
        letters[letter] = resorted(letters.get(letter, ()), [p for p in removed if letter_of(p.name) == letter],
                                   [p for p in added if letter_of(p.name) == letter])
    return _lettered.keep(graph, _in_order({letter: people for letter, people in letters.items() if people}))


def _in_order(letters: Letters) -> Letters:
    """The letters A to Z, then `#`."""
    return {letter: letters[letter] for letter in sorted(letters, key=lambda k: (k == "#", k))}


def letter_url(letter: str) -> str:
    """The page of a letter's speakers: `/speakers/a/`, or `/speakers/other/` for `#` (see `LETTER_SLUGS`)."""
    return f"/speakers/{letter.lower() if letter != '#' else 'other'}/"


def letter_entries(people_by_letter: Mapping[str, Sequence[Person]]) -> tuple[LetterEntry, ...]:
    """Each letter of the speakers index (`people_by_letter`) with how many speakers it has, in its order."""
    return tuple(LetterEntry(letter, letter_url(letter), len(people)) for letter, people in people_by_letter.items())


def statements(graph: SiteGraph, person: Person) -> tuple[MeetingStatements, ...]:
    """What the person said, meeting by meeting, each paragraph linked with an excerpt."""
    return grouped_statements(graph.turns_by_person.get(person.slug, ()))


def grouped_statements(turns: Iterable[Spoken]) -> tuple[MeetingStatements, ...]:
    """One person's turns (all, or one year's) meeting by meeting, each paragraph linked with an excerpt."""
    grouped: dict[str, list[Spoken]] = {}
    for spoken in turns:
        grouped.setdefault(spoken.meeting.slug, []).append(spoken)
    return tuple(MeetingStatements(tuple(run)) for run in grouped.values())


def paragraph_excerpts(meeting: MeetingPage, paragraphs: Sequence[Paragraph]) -> list[Excerpt]:
    """Some of the meeting's paragraphs (a turn's) as a person's page lists them: their kept excerpts read at once,
    not with a read each (`RecordText.excerpts`)."""
    url = meeting.url + "#"
    return [Excerpt(url + paragraph.anchor, paragraph_label(paragraph.number), text)
            for paragraph, text in zip(paragraphs, _listed(paragraphs), strict=True)]


def keep_excerpts(record: Record) -> Record:
    """The record, the `excerpt` of each of its paragraphs kept with their text, escaped (`RecordText.keep_excerpts`):
    worked out and escaped once where the record is parsed (on every core, and kept in the record cache with it), not
    by each page listing the paragraph (a person's page and their year's both do; the dev server's first edit of a
    meeting renders dozens of its speakers' pages, each listing hundreds of paragraphs of other meetings)."""
    text = record.text
    if text is not None:
        text.keep_excerpts([escape(excerpt(paragraph)).encode() for paragraph in text.texts()])
    return record


def _listed(paragraphs: Sequence[Paragraph]) -> list[Markup]:
    """The `excerpt` of each of a record's paragraphs, escaped: those kept with their text, read at once, else worked
    out now (a record the build did not parse)."""
    kept = paragraphs[0].utf8.excerpts([p.index - 1 for p in paragraphs]) if paragraphs else None
    if kept is None:
        return [escape(excerpt(paragraph.text)) for paragraph in paragraphs]
    return [Markup(text.decode()) for text in kept]


def turn_excerpts(graph: SiteGraph, meeting: MeetingPage, person: Person) -> list[Excerpt]:
    """What the person's page lists of their paragraphs in one meeting."""
    record = meeting.record
    return [excerpt for turn in record.turns if graph.person_of_turn[meeting.slug, turn.index].slug == person.slug
            for excerpt in paragraph_excerpts(meeting, [record.paragraph(i) for i in turn.paragraphs])]


def mention_excerpts(graph: SiteGraph, meeting: MeetingPage, city: City) -> list[tuple[str, str, str, str]]:
    """What the city's page shows of its mentions in one meeting: anchor, number, sentence, name as printed."""
    mentions = meeting_own(graph.mentions_by_city.get(city.slug, ()), meeting, meeting_of)
    return [(m.paragraph.anchor, paragraph_label(m.paragraph.number), m.sentence, m.matched) for m in mentions]


def person_years(graph: SiteGraph, person: Person, url: Callable[[int], str]) -> tuple[YearEntry, ...]:
    """The years the person spoke in, oldest first, with their meetings and paragraphs; `url` gives each
    year's page."""
    tallies = {year: tally_of(turns) for year, turns in by_year(graph.turns_by_person.get(person.slug, ()),
                                                                 entry_year).items()}
    return tuple(YearEntry(year, url(year), len(tally.meetings), tally.paragraphs) for year, tally in tallies.items())


def city_years(graph: SiteGraph, city: City, url: Callable[[int], str]) -> tuple[YearEntry, ...]:
    """The years of the meetings held in the city or mentioning it, oldest first, with how many of each; `url`
    gives each year's page."""
    held = {year: len(ms) for year, ms in by_year(graph.meetings_by_city.get(city.slug, ()), meeting_year).items()}
    mentions = {year: len(ms) for year, ms in by_year(graph.mentions_by_city.get(city.slug, ()), entry_year).items()}
    return tuple(YearEntry(year, url(year), held.get(year, 0), mentions.get(year, 0))
                 for year in sorted(held.keys() | mentions.keys()))


def by_year(items: Sequence[T], year_of: Callable[[T], int],
            only: Collection[int] | None = None) -> dict[int, tuple[T, ...]]:
    """The items grouped by the year of their meeting (`year_of`: `site.meeting_year`, `site.entry_year`), oldest
    year first, in their order within a year; of the years `only`, when given.

    The items are in meeting order, as the graph keeps every list (by date first): each year's come together, and
    where they start and end is found by bisection, not by reading each item (nor copying the other years': the
    dev server asks for one year of New York's thousands of mentions).
    """
    years: dict[int, tuple[T, ...]] = {}
    if only is not None:
        for wanted in sorted(only):
            start = bisect_left(items, wanted, key=year_of)
            end = bisect_right(items, wanted, lo=start, key=year_of)
            if start < end:
                years[wanted] = tuple(items[start:end])
        return years
    start = 0
    for year, end in _year_ends(items, year_of):
        years[year] = tuple(items[start:end])
        start = end
    return years


def years_of(items: Sequence[T], year_of: Callable[[T], int]) -> tuple[int, ...]:
    """The years of the items' meetings, oldest first: `by_year`'s, without grouping the items."""
    return tuple(year for year, _ in _year_ends(items, year_of))


def _year_ends(items: Sequence[T], year_of: Callable[[T], int]) -> Iterator[tuple[int, int]]:
    """Each year of the items (in meeting order), and where its items end, found by bisection."""
    start = 0
    while start < len(items):
        year = year_of(items[start])
        start = bisect_right(items, year, lo=start, key=year_of)
        yield year, start


def mention_groups(mentions: Sequence[CityMention]) -> tuple[MentionGroup, ...]:
    """A city's mentions grouped by meeting, in the graph's order."""
    grouped: dict[str, list[CityMention]] = {}
    meetings: dict[str, MeetingPage] = {}
    for mention in mentions:
        grouped.setdefault(mention.meeting.slug, []).append(mention)
        meetings[mention.meeting.slug] = mention.meeting
    return tuple(MentionGroup(meetings[slug], tuple(ms)) for slug, ms in grouped.items())


def country_of(graph: SiteGraph, city: City) -> Country | None:
    """The country a city is in, when it has a page."""
    return next((c for c in graph.countries if c.code == city.country_code), None)


def city_entries(graph: SiteGraph) -> tuple[CityEntry, ...]:
    """Every city with its country and counts, A–Z."""
    countries = {c.code: c for c in graph.countries}
    entries = (
        CityEntry(
            city,
            countries.get(city.country_code),
            len(graph.meetings_by_city.get(city.slug, ())),
            len(graph.mentions_by_city.get(city.slug, ())),
            len(graph.people_by_city.get(city.slug, ())),
        )
        for city in graph.cities
    )
    return tuple(sorted(entries, key=lambda e: (anchor_of(e.city.name), e.city.slug)))


def meetings_in_country(graph: SiteGraph, country: Country) -> tuple[MeetingPage, ...]:
    """Meetings held in a city of the country, newest first."""
    return newest_first(m for city in graph.cities_by_country.get(country.slug, ())
                        for m in graph.meetings_by_city.get(city.slug, ()))


def held_in(graph: SiteGraph, country: Country) -> int:
    """How many meetings were held in a city of the country (every city a meeting was held in has a page)."""
    return sum(len(graph.meetings_by_city.get(city.slug, ())) for city in graph.cities_by_country.get(country.slug, ()))


def country_entries(graph: SiteGraph) -> tuple[CountryEntry, ...]:
    """Every country with its counts, A–Z."""
    entries = (
        CountryEntry(
            country,
            len(graph.people_by_country.get(country.slug, ())),
            len(graph.cities_by_country.get(country.slug, ())),
            held_in(graph, country),
        )
        for country in graph.countries
    )
    return tuple(sorted(entries, key=lambda e: anchor_of(e.country.name)))


def _city_label(entry: CityEntry) -> str:
    """The accessible name of a city's dot: `Amman, Jordan: 1 meeting, 4 mentions`."""
    where = f"{entry.city.name}, {entry.country.name}" if entry.country else entry.city.name
    counts = [
        pluralize(entry.meetings, "meeting"),
        pluralize(entry.mentions, "mention"),
        pluralize(entry.people, "person", "people"),
    ]
    return f"{where}: " + ", ".join(c for c in counts if not c.startswith("0 "))


def map_points(graph: SiteGraph) -> tuple[MapPoint, ...]:
    """A dot for every city, weighted by activity."""
    return tuple(
        MapPoint(
            label=_city_label(entry),
            href=city_url(entry.city),
            latitude=entry.city.latitude,
            longitude=entry.city.longitude,
            weight=1 + 3 * entry.meetings + entry.mentions + entry.people,
        )
        for entry in city_entries(graph)
    )


def mark_current(points: Iterable[MapPoint], href: str) -> tuple[MapPoint, ...]:
    """The points with the one linking to `href` marked as the page's own."""
    return tuple(dataclasses.replace(p, current=True) if p.href == href else p for p in points)
