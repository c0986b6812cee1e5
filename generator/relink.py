"""Relink one edited record into the site graph without linking the whole archive again.

Most edits change what a record's paragraphs say, not when the meeting was or who speaks in it.
Then nobody's identity can have changed, and the graph needs only the edited meeting's own
pieces replaced: its page, its turns on its speakers' pages, its city mentions, and the cities
and countries that gained or lost a page by them. `relink_record` does that in time proportional
to the record and to the pages it appears on, and says when it cannot (None): the caller then
links the whole archive, which gives the same graph (the tests hold the two to that).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from generator.countries import Country
from generator.graph import (
    Doubt,
    Found,
    Key,
    Lookup,
    Sighting,
    attach_unaffiliated,
    cities_by_country,
    city_order,
    country_order,
    doubts_about,
    find_mentions,
    meeting_order,
    meeting_own,
    meeting_run,
    mentions_by_city,
    mentions_in_paragraph,
)
from generator.mentions import MentionCache
from generator.model import Meeting, Paragraph, Record
from generator.named_cities import CitiesNamed, NamedIn, cities_named_in
from generator.parse.text import fold
from generator.places import City
from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken, meeting_of

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RecordEdit:
    """The graph after one record's edit was relinked in place."""

    graph: SiteGraph
    previous: SiteGraph
    """The graph before the edit."""
    before: MeetingPage
    """The edited meeting as it was."""
    meeting: MeetingPage
    """The edited meeting, as it is now."""


@dataclass(frozen=True, slots=True)
class Relinked(RecordEdit):
    """The graph after one record's paragraphs were edited, and what that changed beyond the record's own
    meeting page."""

    people: tuple[Person, ...]
    """The people whose paragraphs in the meeting changed, or the cities they named."""
    recounted: tuple[Person, ...]
    """The people whose number of paragraphs changed: the speakers index and their country's page count them."""
    paragraphs_recounted: bool
    """The record has more or fewer paragraphs: the home page counts them."""
    cities: tuple[City, ...]
    """The cities whose mentions in the meeting changed."""
    city_list_changed: bool
    """A city gained or lost its page: every city and country page lists them."""
    map_changed: bool
    """The list of cities, or the activity the map weighs them by, changed: every city page draws them."""
    countries_changed: bool
    """The list of countries changed: every page's navigation may show it."""
    header_changed: bool
    """Something of the meeting's header only pages show changed (its title, say): every page that lists
    the meeting shows it."""
    reordered: bool = False
    """The meeting's date took it past another meeting's (`generator.redate`): every list of the meetings moves it,
    its neighbours before and after the edit link to others, and the pages that listed it may not any more."""


def relink_record(graph: SiteGraph, after: Record, cache: MentionCache) -> Relinked | None:
    """The graph with the record at `after.source` replaced by `after`, or None if that needs a full link.

    It does not when the record is new to the graph, when what linking reads of its header, its
    speakers, or who speaks under which heading changed, or when a city lost its last mention in a
    way that may take its country off the site.
    """
    position, before = meeting_at(graph, after)
    if before is None or not same_speakers_and_meeting(before.record, after):
        return None
    edit = Edit(graph, before, MeetingPage(after, before.slug, before.city), position)
    found = find_mentions([edit.meeting], cache)
    touched = graph.cities_named(before) | {f.city.slug: f.city for f in found}
    new = graph_with(edit, found, touched, cache)
    return None if new is None else changes(edit, new, touched)


@dataclass(frozen=True, slots=True)
class Edit:
    """One meeting's record replaced: the graph before, the meeting before and after, and where it is."""

    graph: SiteGraph
    before: MeetingPage
    meeting: MeetingPage
    position: int
    """The meeting's index in `graph.meetings`."""
    moved: Mapping[int, int] | None = None
    """Where each turn of the meeting as it was is now, by index, when turns came, went or moved (a turn not in
    it is gone); None when every turn is where it was."""
    new_position: int | None = None
    """The meeting's index among the meetings after the edit, when its date took it past another meeting's (every
    list of the graph moves it there: `generator.redate`); None when it keeps `position`."""

    def spliced(self, entries: tuple[T, ...], meeting_of: Callable[[T], MeetingPage], fresh: Iterable[T]) -> tuple[
            T, ...]:
        """The entries (of a list of the graph before the edit) with the meeting's own replaced by `fresh`, at the
        meeting's place now."""
        start, end = meeting_run(entries, self.before, meeting_of)
        if self.new_position is None:
            return (*entries[:start], *fresh, *entries[end:])
        rest = (*entries[:start], *entries[end:])
        at = meeting_run(rest, self.meeting, meeting_of)[0]
        return (*rest[:at], *fresh, *rest[at:])

    def own(self, entries: Sequence[T], meeting_of: Callable[[T], MeetingPage]) -> Sequence[T]:
        """The meeting's own entries, of a list of the graph after the edit."""
        return meeting_own(entries, self.meeting, meeting_of)

    def own_before(self, entries: Sequence[T], meeting_of: Callable[[T], MeetingPage]) -> Sequence[T]:
        """The meeting's own entries, of a list of the graph before the edit."""
        return meeting_own(entries, self.before, meeting_of)

    def turn_now(self, index: int) -> int | None:
        """Where the turn at `index` of the meeting as it was is now; None if it is gone."""
        return index if self.moved is None else self.moved.get(index)

    def lines_moved(self) -> dict[int, int]:
        """Where the speaker line of each turn that stays is now, by the line it was on, for those that moved."""
        was, now = self.before.record.turns, self.meeting.record.turns
        pairs = zip(was, now, strict=True) if self.moved is None else ((was[i], now[j]) for i, j in self.moved.items())
        return {old.line: new.line for old, new in pairs if old.line != new.line}


def graph_with(edit: Edit, found: Sequence[Found], touched: Mapping[str, City],
                cache: MentionCache) -> SiteGraph | None:
    """The graph with the edited meeting replaced, naming the `found` cities; None if a country may go.

    Who spoke each turn is left as it was: when the edit moved turns (`Edit.moved`), the caller decides who
    speaks those new to the meeting, and says it with who speaks those that stayed (`turns_moved`)."""
    graph, meeting = edit.graph, edit.meeting
    mentions = _spliced_mentions(edit, found, touched)
    cities = _cities_after(graph, touched, mentions)
    countries = _countries_after(graph, cities, cache)
    if countries is None:
        return None
    in_paragraph = dict(graph.mentions_in_paragraph)
    in_paragraph.pop(meeting.slug, None)
    in_paragraph.update(mentions_in_paragraph(found))
    spoken: dict[str, tuple[Spoken, ...]] = {}
    naming_otherwise: set[str] = set()
    for slug in set(graph.speakers(edit.before)):
        before = graph.turns_by_person[slug]
        was = edit.own_before(before, meeting_of)
        now = _respoken(edit, was)
        spoken[slug] = edit.spliced(before, meeting_of, now)
        graph.tallies.respoken(slug, before, spoken[slug], meeting.slug, was, now)
        if cities_named_in(was, graph.mentions_in_paragraph).keys() != cities_named_in(now, in_paragraph).keys():
            naming_otherwise.add(slug)
    by_country = graph.cities_by_country if cities == graph.cities else cities_by_country(cities, Lookup(cache))
    held = {} if meeting.city is None else {
        meeting.city.slug: edit.spliced(graph.meetings_by_city[meeting.city.slug], meeting_of, (meeting,))}
    turns_by_person = {**graph.turns_by_person, **spoken}
    meetings = _meetings_after(edit)
    return replace(
        graph,
        meetings=meetings,
        cities=cities,
        countries=countries,
        turns_by_person=turns_by_person,
        mentions_by_city=mentions,
        mentions_in_paragraph=in_paragraph,
        meetings_by_city={**graph.meetings_by_city, **held},
        cities_by_person=_cities_by_person(graph, turns_by_person, in_paragraph, cities, naming_otherwise),
        cities_by_country=by_country,
        neighbours=_neighbours_after(graph.neighbours, meeting) if edit.new_position is None else _neighbours_moved(
            graph.neighbours, edit.before, meetings, edit.new_position),
        warnings=warnings_moved(graph.warnings, meeting.record.source, edit.lines_moved()),
    )


def _cities_by_person(graph: SiteGraph, turns_by_person: Mapping[str, Sequence[Spoken]],
                      in_paragraph: Mapping[str, NamedIn], cities: Sequence[City],
                      naming_otherwise: Collection[str]) -> Mapping[str, tuple[City, ...]]:
    """The cities each person named, after an edit of one meeting: what the graph worked out, but for the people of
    `naming_otherwise`, whose own paragraphs there name other cities than before (their other meetings' are as they
    were). An added turn moves every paragraph after it, but the cities each speaker named there stay theirs."""
    if isinstance(graph.cities_by_person, CitiesNamed):
        return graph.cities_by_person.after_edit(turns_by_person, in_paragraph, cities, naming_otherwise)
    return CitiesNamed(turns_by_person, in_paragraph, cities)


def _respoken(edit: Edit, was: Iterable[Spoken]) -> tuple[Spoken, ...]:
    """A person's turns in the edited meeting as they were (`was`), each now pointing at its new version (those gone
    left out)."""
    turns = edit.meeting.record.turns
    return tuple(Spoken(edit.meeting, turns[now], s.as_printed) for s in was
                 if (now := edit.turn_now(s.turn.index)) is not None)


def turns_moved(edit: Edit) -> list[Person | None]:
    """Who spoke each turn of the edited meeting now: for the turns that stay, who spoke them before they moved;
    None for those new to it (whoever speaks them is for the caller to say)."""
    moved = edit.moved
    assert moved is not None
    was = edit.graph.person_of_turn.of_meeting(edit.before.slug)
    now: list[Person | None] = [None] * len(edit.meeting.record.turns)
    for before, after in moved.items():
        now[after] = was[before]
    return now


def doubts_of(sightings: Sequence[Sighting], advice: str) -> dict[Key, Doubt]:
    """The doubts about the sightings' identities (every sighting of the few names they are of), by key."""
    attached, unaffiliated = attach_unaffiliated(sightings, advice)
    return doubts_about(attached, unaffiliated, advice)


def changes(edit: Edit, new: SiteGraph, touched: Mapping[str, City]) -> Relinked:
    """What replacing the meeting changed, page by page."""
    old, before, after = edit.graph, edit.before, edit.meeting
    people = old.speakers(after)
    changed = _whose_words_changed(old, before, after.record) | {
        slug for slug in people if _named_cities_changed(edit, new, slug)}
    recounted = _recounted(old, before, after.record)
    cities = {slug for slug in touched if _shown_mentions(edit, old, slug) != _shown_mentions(edit, new, slug)}
    weighed = any(len(old.mentions_by_city.get(s, ())) != len(new.mentions_by_city.get(s, ())) for s in touched)
    same_cities = new.cities == old.cities
    return Relinked(
        graph=new,
        previous=old,
        before=before,
        meeting=after,
        people=tuple(person for slug, person in people.items() if slug in changed),
        recounted=tuple(person for slug, person in people.items() if slug in recounted),
        paragraphs_recounted=len(before.record.paragraphs) != len(after.record.paragraphs),
        cities=tuple(c for slug, c in touched.items() if slug in cities),
        city_list_changed=not same_cities,
        map_changed=not same_cities or weighed,
        countries_changed=new.countries != old.countries,
        header_changed=before.record.meeting != after.record.meeting,
        reordered=edit.new_position is not None,
    )


def same_speakers_and_meeting(before: Record, after: Record, *, same_year: bool = True) -> bool:
    """True when the two versions of a record have the same speakers, the same speakers under each
    heading, and a header that links the same (what decides who is who and who spoke with whom); but for the
    year, without `same_year` (`generator.redate` weighs what a meeting moved to another year changes)."""
    return (
        linked_header(before.meeting, same_year) == linked_header(after.meeting, same_year)
        and len(before.turns) == len(after.turns)
        and all(a.speaker == b.speaker for a, b in zip(before.turns, after.turns, strict=True))
        and _speaking_sections(before) == _speaking_sections(after)
    )


def linked_header(meeting: Meeting, year: bool = True) -> tuple[object, ...]:
    """What linking reads of a meeting's header besides its place among the meetings (which `meeting_at` finds):
    its year (which tells sessions apart when none is printed; left out without `year`), slug and city, who
    presided, the body and session its speakers are compared within. Its day within its place, title, times or
    language only show on pages."""
    return (meeting.body, meeting.session, meeting.year if year else None, meeting.symbol, meeting.place,
            meeting.chair, meeting.acting_chair)


def _whose_words_changed(graph: SiteGraph, before: MeetingPage, after: Record) -> set[str]:
    """The people with a turn in the meeting whose paragraphs read differently now."""
    changed: set[str] = set()
    for old, new in zip(before.record.turns, after.turns, strict=True):
        if _shown(before.record, old.paragraphs) != _shown(after, new.paragraphs):
            changed.add(graph.person_of_turn[before.slug, new.index].slug)
    return changed


def _recounted(graph: SiteGraph, before: MeetingPage, after: Record) -> set[str]:
    """The people with a turn in the meeting who have more or fewer paragraphs in it now."""
    counts: dict[str, int] = {}
    for old, new in zip(before.record.turns, after.turns, strict=True):
        slug = graph.person_of_turn[before.slug, new.index].slug
        counts[slug] = counts.get(slug, 0) + len(new.paragraphs) - len(old.paragraphs)
    return {slug for slug, difference in counts.items() if difference}


def _shown(record: Record, paragraphs: Iterable[int]) -> list[Paragraph]:
    """Paragraphs as pages other than their meeting's show them: without the line they are on in the file."""
    return [replace(record.paragraph(i), line=0) for i in paragraphs]


def _shown_mentions(edit: Edit, graph: SiteGraph, city: str) -> list[tuple[Paragraph, str, str]]:
    """What the city's page shows of its mentions in the edited meeting (`graph` is the one before the edit, or
    the one after it)."""
    own = edit.own_before if graph is edit.graph else edit.own
    return [(replace(m.paragraph, line=0), m.sentence, m.matched)
            for m in own(graph.mentions_by_city.get(city, ()), meeting_of)]


def _speaking_sections(record: Record) -> set[tuple[int | None, int]]:
    return {(p.section, p.turn) for p in record.paragraphs if p.turn is not None}


def meeting_at(graph: SiteGraph, record: Record) -> tuple[int, MeetingPage | None]:
    """Where the graph has the meeting of the record's source, if the record's header puts it at the same place
    among the others (its date changed, if at all, without passing another meeting's)."""
    key = meeting_order(record)
    position = bisect_left(graph.meetings, key, key=lambda m: meeting_order(m.record))
    for at in (position, position - 1):  # the meeting as it was comes after the record's key, or just before it
        if 0 <= at < len(graph.meetings) and graph.meetings[at].record.source == record.source:
            return at, graph.meetings[at]
    return -1, None


def _spliced_mentions(edit: Edit, found: Sequence[Found],
                      touched: Mapping[str, City]) -> dict[str, tuple[CityMention, ...]]:
    """Mentions by city with the meeting's old mentions taken out and its new ones put in, in meeting order."""
    fresh = mentions_by_city(found)
    result = dict(edit.graph.mentions_by_city)
    for slug in touched.keys() | fresh.keys():
        spliced = edit.spliced(tuple(result.get(slug, ())), meeting_of, fresh.get(slug, ()))
        if spliced:
            result[slug] = spliced
        else:
            result.pop(slug, None)
    return result


def _cities_after(graph: SiteGraph, touched: Mapping[str, City],
                  mentions: Mapping[str, tuple[CityMention, ...]]) -> tuple[City, ...]:
    """The cities with a page: a touched city has one while a meeting, a mention or an office is there."""
    has_page = {slug: bool(graph.meetings_by_city.get(slug) or mentions.get(slug) or graph.people_by_city.get(slug))
                for slug in touched}
    listed = {city.slug for city in graph.cities}
    if all(has_page[slug] == (slug in listed) for slug in touched):
        return graph.cities
    cities = [city for city in graph.cities if has_page.get(city.slug, True)]
    cities += [city for slug, city in touched.items() if has_page[slug] and slug not in listed]
    return tuple(sorted(cities, key=city_order))


def _countries_after(graph: SiteGraph, cities: tuple[City, ...], cache: MentionCache) -> tuple[Country, ...] | None:
    """The countries with a page, or None when a city went whose country may have had a page for it alone."""
    if cities == graph.cities:
        return graph.countries
    now = {city.slug for city in cities}
    countries_now = {country.code for city in cities if (country := cache.country_of(city))}
    for city in graph.cities:
        country = cache.country_of(city) if city.slug not in now else None
        if country is not None and country.code not in countries_now:
            return None  # it may still have a page for a delegation that spoke: only a full link can tell
    listed = {country.code: country for country in graph.countries}
    added = {country.code: country for city in cities if (country := cache.country_of(city)) and
             country.code not in listed}
    if not added:
        return graph.countries
    return tuple(sorted([*graph.countries, *added.values()], key=country_order))


Neighbours = dict[str, tuple[MeetingPage | None, MeetingPage | None]]
"""The previous and next meeting of the same body, by meeting slug (`SiteGraph.neighbours`)."""


def _neighbours_after(neighbours: Mapping[str, tuple[MeetingPage | None, MeetingPage | None]],
                      meeting: MeetingPage) -> Neighbours:
    """The previous and next meetings, with the edited meeting's new version where it appears."""
    previous, following = neighbours[meeting.slug]
    result = dict(neighbours)
    _join(result, previous, meeting)
    _join(result, meeting, following)
    return result


def _meetings_after(edit: Edit) -> tuple[MeetingPage, ...]:
    """The graph's meetings with the edited one's new version, at its place now."""
    meetings, at = edit.graph.meetings, edit.position
    if edit.new_position is None:
        return (*meetings[:at], edit.meeting, *meetings[at + 1:])
    rest = (*meetings[:at], *meetings[at + 1:])
    return (*rest[:edit.new_position], edit.meeting, *rest[edit.new_position:])


def _neighbours_moved(neighbours: Mapping[str, tuple[MeetingPage | None, MeetingPage | None]], before: MeetingPage,
                      meetings: Sequence[MeetingPage], position: int) -> Neighbours:
    """The previous and next meetings of each body after the meeting `before` moved to `position` of `meetings`:
    its old neighbours now follow each other, and its new ones have it between them."""
    meeting = meetings[position]
    result = dict(neighbours)
    _join(result, *result.pop(before.slug))
    body = fold(meeting.record.meeting.body)

    def same_body(others: Iterable[MeetingPage]) -> MeetingPage | None:
        return next((m for m in others if fold(m.record.meeting.body) == body), None)

    previous, following = same_body(reversed(meetings[:position])), same_body(meetings[position + 1:])
    result[meeting.slug] = (previous, following)
    _join(result, previous, meeting)
    _join(result, meeting, following)
    return result


def _join(neighbours: Neighbours, first: MeetingPage | None, second: MeetingPage | None) -> None:
    """Make `second` the next meeting of `first`, and `first` the previous of `second` (either may be None: the end
    of their body's meetings)."""
    if first is not None:
        neighbours[first.slug] = (neighbours[first.slug][0], second)
    if second is not None:
        neighbours[second.slug] = (first, neighbours[second.slug][1])


def warnings_moved(warnings: Iterable[str], source: str, lines: Mapping[int, int]) -> tuple[str, ...]:
    """The warnings with those at the moved speaker `lines` of the record of `source` moved with them.

    Linking warns about a record only at its speakers' lines; an edit that keeps the speakers where they
    were in the record moves them all in one direction, or keeps their order: the warnings stay in order.
    """
    if not lines:
        return tuple(warnings)
    pattern = re.compile(rf"^{re.escape(source)}:(\d+): ")

    def renumbered(match: re.Match[str]) -> str:
        line = int(match[1])
        return f"{source}:{lines.get(line, line)}: "

    prefix = f"{source}:"
    return tuple(pattern.sub(renumbered, w, count=1) if w.startswith(prefix) else w for w in warnings)


def _named_cities_changed(edit: Edit, new: SiteGraph, person: str) -> bool:
    """Whether the cities the person named (their page lists them) changed: only if those they name in the edited
    meeting did, since the other meetings are as they were, and then only if no other meeting of theirs names the
    cities it gained or lost."""
    if _named_in(edit.graph, edit.before, person) == _named_in(new, edit.meeting, person):
        return False
    return edit.graph.cities_by_person.get(person) != new.cities_by_person.get(person)


def _named_in(graph: SiteGraph, meeting: MeetingPage, person: str) -> dict[str, City]:
    """The cities the person names in the meeting, by slug."""
    named = graph.named_in(meeting)
    return {city.slug: city for turn in meeting.record.turns
            if graph.person_of_turn[meeting.slug, turn.index].slug == person
            for index in turn.paragraphs for _, city in named.get(index, ())}
