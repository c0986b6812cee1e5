"""The typed model of the whole site: records linked into people, places and cross-references.

`graph.py` builds a `SiteGraph` from parsed records; the renderer only reads it.
This is the one place where identities are decided: which printed names are one person,
which words are a city. Records are never mutated; cross-references are lookup tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType

from generator.countries import Country
from generator.model import Paragraph, Record, Turn
from generator.places import City


@dataclass(frozen=True, slots=True)
class MeetingPage:
    """One record as a page of the site."""

    record: Record
    """The parsed record."""
    slug: str
    """The URL segment: `e-2018-sr-22`; the page lives at `/meetings/<slug>/`."""
    city: City | None
    """The city the meeting was held in, when the gazetteer knows it."""
    year: int = field(init=False, repr=False, compare=False)
    """The year the meeting was held in, kept beside it: the pages group the graph's long lists by year, found by
    bisection, and the record's date was four objects away from each entry of them (half the time of finding New
    York's years)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "year", self.record.meeting.date.year)

    @property
    def symbol(self) -> str:
        """The document symbol: `E/2018/SR.22`."""
        return self.record.meeting.symbol

    @property
    def url(self) -> str:
        """The page's site-absolute URL."""
        return f"/meetings/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Person:
    """One person across all records, however their name and titles were printed."""

    slug: str
    """The URL segment: `mr-zarrilli`; the page lives at `/speakers/<slug>/`."""
    name: str
    """The name to display: the printed name, or the full name an author gave in the corrections."""
    printed_names: tuple[str, ...]
    """Every form of the name as printed: `Mr. INDERFURTH` and `Mr. Inderfurth` normalised to one."""
    titles: tuple[str, ...]
    """Every printed affiliation and role, in order of first appearance."""
    country: Country | None
    """The delegation or country of the person's office, when known."""
    organization: str | None
    """The organization the person spoke for, when no country is printed."""
    city: City | None
    """The city of the person's office (`Mayor of Amman`), when known."""
    uncertain: str | None = None
    """Why the graph is unsure this identity is right (shown to authors as a warning), else None."""

    @property
    def url(self) -> str:
        """The page's site-absolute URL."""
        return f"/speakers/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Spoken:
    """One turn of a person in one meeting: what the person page lists."""

    meeting: MeetingPage
    turn: Turn
    as_printed: str
    """The speaker as printed for this turn: `The President`, `Mr. Shank`."""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs the person spoke in this turn."""
        return tuple(self.meeting.record.paragraph(i) for i in self.turn.paragraphs)


@dataclass(frozen=True, slots=True)
class CityMention:
    """A paragraph that mentions a city, with the sentence that does."""

    meeting: MeetingPage
    paragraph: Paragraph
    sentence: str
    """The sentence containing the mention, plain text, as an excerpt."""
    matched: str
    """The city's name as printed in that paragraph."""


def meeting_of(entry: MeetingPage | Spoken | CityMention) -> MeetingPage:
    """The meeting of a turn or a mention, or the meeting itself: every list of the graph is in their order."""
    return entry if isinstance(entry, MeetingPage) else entry.meeting


meeting_year: Callable[[MeetingPage], int] = attrgetter("year")
"""The year of a meeting: what a list of meetings is bisected by, to group it by year (`listings.by_year`)."""

entry_year: Callable[[Spoken | CityMention], int] = attrgetter("meeting.year")
"""The year of the meeting of a turn or a mention: what a list of them is bisected by."""


_NONE_NAMED: Mapping[int, tuple[tuple[str, City], ...]] = MappingProxyType({})


class TurnSpeakers(Mapping[tuple[str, int], Person]):
    """Who spoke each turn, by (meeting slug, turn index): each meeting's speakers held as one tuple, in the order of
    its turns, every turn of the meeting with its person.

    An edit of one meeting copies the table of meetings (10,000 at 10,000 records), not a table of every turn of
    the archive (340,000, each keyed by a tuple of two objects: about 40 MB).
    """

    __slots__ = ("_by_meeting",)

    def __init__(self, by_meeting: Mapping[str, tuple[Person, ...]]) -> None:
        self._by_meeting = by_meeting

    def of_meeting(self, slug: str) -> tuple[Person, ...]:
        """Who spoke each turn of the meeting, in order (nobody, for a meeting the graph does not have)."""
        return self._by_meeting.get(slug, ())

    def with_meetings(self, speakers: Mapping[str, tuple[Person, ...]]) -> TurnSpeakers:
        """The table with each meeting of `speakers` spoken as it says (a meeting with no turns left out)."""
        by_meeting = {**self._by_meeting, **speakers}
        for slug in [slug for slug, people in speakers.items() if not people]:
            del by_meeting[slug]
        return TurnSpeakers(by_meeting)

    def by_meeting(self) -> Iterator[tuple[str, tuple[Person, ...]]]:
        """Each meeting's slug with who spoke each of its turns."""
        return iter(self._by_meeting.items())

    def __getitem__(self, key: tuple[str, int]) -> Person:
        meeting, turn = key
        people = self._by_meeting.get(meeting, ())
        if not 0 <= turn < len(people):
            raise KeyError(key)
        return people[turn]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return ((meeting, turn) for meeting, people in self._by_meeting.items() for turn in range(len(people)))

    def __len__(self) -> int:
        return sum(map(len, self._by_meeting.values()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TurnSpeakers):
            return self._by_meeting == other._by_meeting
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TurnSpeakers({len(self._by_meeting)} meetings)"


@dataclass(frozen=True, slots=True)
class Tally:
    """What a person's turns add up to: the pages of speakers and of their years count them."""

    meetings: frozenset[str]
    """The slugs of the meetings the person spoke in."""
    paragraphs: int
    """How many paragraphs the person spoke."""


def tally_of(spoken: Iterable[Spoken]) -> Tally:
    """What the turns add up to, read once each."""
    meetings: set[str] = set()
    paragraphs = 0
    for turn in spoken:
        meetings.add(turn.meeting.slug)
        paragraphs += len(turn.turn.paragraphs)
    return Tally(frozenset(meetings), paragraphs)


class Tallies:
    """Each person's `Tally`, worked out once for each tuple of turns: the graph's tables are never changed in place,
    so a person's turns are the same tuple until an edit changes them. A graph relinked in place shares its
    predecessor's, and a remembering full link hands them on with the turns it takes back (`generator.graph`).

    The tallies of a person's last two tuples are kept: the dev server's pages after an edit ask for both the graph's
    before it and after it (a date moved into another year: each speaker's years before and after)."""

    __slots__ = ("_before", "_known")

    def __init__(self) -> None:
        self._known: dict[str, tuple[Sequence[Spoken], Tally]] = {}
        self._before: dict[str, tuple[Sequence[Spoken], Tally]] = {}
        """The tally each person had before the one `_known` holds."""

    def of(self, slug: str, spoken: Sequence[Spoken]) -> Tally:
        """The tally of the person's turns, `spoken`."""
        known = self._known.get(slug)
        if known is not None and known[0] is spoken:
            return known[1]
        before = self._before.get(slug)
        if before is None or before[0] is not spoken:
            before = (spoken, tally_of(spoken))
        self._keep(slug, before)
        return before[1]

    def respoken(self, slug: str, before: Sequence[Spoken], after: Sequence[Spoken], meeting: str,
                 was: Sequence[Spoken], now: Sequence[Spoken]) -> None:
        """Know the tally of `after`, the person's turns `before` with those in one meeting (by slug), `was`, now
        `now`: from the tally of `before`, if known, without going over every turn (a prolific speaker has
        thousands, and each edit of a meeting gives its speakers new tuples of turns)."""
        known = self._known.get(slug)
        if known is None or known[0] is not before:
            return
        meetings = known[1].meetings
        if bool(was) != bool(now):
            meetings = meetings | {meeting} if now else meetings - {meeting}
        paragraphs = known[1].paragraphs + sum(len(s.turn.paragraphs) for s in now) - sum(
            len(s.turn.paragraphs) for s in was)
        self._keep(slug, (after, Tally(meetings, paragraphs)))

    def _keep(self, slug: str, tally: tuple[Sequence[Spoken], Tally]) -> None:
        """Know `tally` first, and the one known first until now second."""
        known = self._known.get(slug)
        if known is not None:
            self._before[slug] = known
        self._known[slug] = tally


@dataclass(frozen=True, slots=True, weakref_slot=True)
class SiteGraph:
    """Every page of the site and every cross-reference between pages."""

    meetings: tuple[MeetingPage, ...]
    """Every meeting, oldest first."""
    people: tuple[Person, ...]
    """Every person, sorted A–Z by surname."""
    cities: tuple[City, ...]
    """Every city with a page: where a meeting was held, a mention, or an office."""
    countries: tuple[Country, ...]
    """Every country with a page: a delegation that spoke, or the country of a city."""
    person_of_turn: TurnSpeakers
    """Who spoke a turn, keyed by (meeting slug, turn index)."""
    turns_by_person: Mapping[str, tuple[Spoken, ...]]
    """Each person's turns, by person slug, oldest meeting first."""
    co_speakers: Mapping[str, tuple[Person, ...]]
    """People who spoke under the same section (panel, agenda item) of a meeting, by person slug."""
    mentions_by_city: Mapping[str, tuple[CityMention, ...]]
    """Paragraphs that mention a city, by city slug."""
    mentions_in_paragraph: Mapping[str, Mapping[int, tuple[tuple[str, City], ...]]]
    """City names as printed in a paragraph, with the city each means, by meeting slug, then paragraph index
    (`named_in`). Each meeting's are its own mapping, shared with what linking keeps of its record alone."""
    meetings_by_city: Mapping[str, tuple[MeetingPage, ...]]
    """Meetings held in a city, by city slug."""
    people_by_city: Mapping[str, tuple[Person, ...]]
    """People whose office is in a city, by city slug."""
    cities_by_person: Mapping[str, tuple[City, ...]]
    """Cities a person spoke of, by person slug."""
    people_by_country: Mapping[str, tuple[Person, ...]]
    """People of a delegation or country, by country slug."""
    cities_by_country: Mapping[str, tuple[City, ...]]
    """Cities with a page in a country, by country slug."""
    neighbours: Mapping[str, tuple[MeetingPage | None, MeetingPage | None]]
    """The previous and next meeting of the same body, by meeting slug."""
    warnings: tuple[str, ...] = ()
    """Identity decisions the graph was unsure of, as `file:line: message` for authors."""
    tallies: Tallies = field(default_factory=Tallies, compare=False, repr=False)
    """What each person's turns add up to, worked out when asked (`tally`)."""

    def tally(self, person: str) -> Tally:
        """What the turns of the person (by slug) add up to: the meetings they spoke in and their paragraphs."""
        return self.tallies.of(person, self.turns_by_person.get(person, ()))

    def named_in(self, meeting: MeetingPage) -> Mapping[int, tuple[tuple[str, City], ...]]:
        """The city names printed in each paragraph of the meeting, with the city each means, by paragraph index."""
        return self.mentions_in_paragraph.get(meeting.slug, _NONE_NAMED)

    def cities_named(self, meeting: MeetingPage) -> dict[str, City]:
        """The cities the meeting's paragraphs name, by slug, in order of first appearance."""
        return {city.slug: city for names in self.named_in(meeting).values() for _, city in names}

    def person(self, slug: str) -> Person:
        """The person of the slug (who spoke their first turn)."""
        first = self.turns_by_person[slug][0]
        return self.person_of_turn[first.meeting.slug, first.turn.index]

    def speakers(self, meeting: MeetingPage) -> dict[str, Person]:
        """The people who speak in the meeting (its record's turns, at its slug), by slug, in order of first turn."""
        return {person.slug: person for person in self.person_of_turn.of_meeting(meeting.slug)}
