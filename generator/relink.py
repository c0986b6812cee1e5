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
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.countries import Country
from generator.graph import (
    Found,
    Lookup,
    cities_by_country,
    find_mentions,
    mentions_by_city,
    mentions_in_paragraph,
    warning_order,
)
from generator.mentions import MentionCache
from generator.model import Paragraph, Record
from generator.parse.text import fold
from generator.places import City
from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken


@dataclass(frozen=True, slots=True)
class Relinked:
    """The graph after one record's edit, and what the edit changed beyond that record's own meeting page."""

    graph: SiteGraph
    meeting: MeetingPage
    """The edited meeting, as it is now."""
    people: tuple[Person, ...]
    """The people whose pages show something that changed: their words in the meeting, or the cities they named."""
    recounted: tuple[Person, ...]
    """The people whose number of paragraphs changed: the speakers index and their country's page count them."""
    cities: tuple[City, ...]
    """The cities whose pages show something that changed: the meeting's paragraphs that name them."""
    city_list_changed: bool
    """A city gained or lost its page: every city and country page lists them."""
    map_changed: bool
    """The list of cities, or the activity the map weighs them by, changed: every city page draws them."""
    countries_changed: bool
    """The list of countries changed: every page's navigation may show it."""


def relink_record(graph: SiteGraph, after: Record, cache: MentionCache) -> Relinked | None:
    """The graph with the record at `after.source` replaced by `after`, or None if that needs a full link.

    It does not when the record is new to the graph, when its meeting header, its speakers, or who
    speaks under which heading changed, or when a city lost its last mention in a way that may take
    its country off the site.
    """
    position, before = _meeting_at(graph, after.source)
    if before is None or not same_speakers_and_meeting(before.record, after):
        return None
    meeting = MeetingPage(after, before.slug, before.city)
    found = find_mentions([meeting], cache)
    touched = _cities_named(graph, before) | {f.city.slug: f.city for f in found}
    new = _graph_with(graph, meeting, position, found, touched, cache)
    return None if new is None else _changes(graph, new, before, meeting, touched)


def _graph_with(graph: SiteGraph, meeting: MeetingPage, position: int, found: Sequence[Found],
                touched: Mapping[str, City], cache: MentionCache) -> SiteGraph | None:
    """The graph with the meeting at `position` replaced, naming the `found` cities; None if a country may go."""
    mentions = _spliced_mentions(graph, meeting, position, found, touched)
    cities = _cities_after(graph, touched, mentions)
    countries = _countries_after(graph, cities, cache)
    if countries is None:
        return None
    in_paragraph = {key: v for key, v in graph.mentions_in_paragraph.items() if key[0] != meeting.slug}
    in_paragraph.update(mentions_in_paragraph(found))
    speakers = _speakers(graph, meeting)
    spoken = {slug: _respoken(graph.turns_by_person[slug], meeting) for slug in speakers}
    by_country = graph.cities_by_country if cities == graph.cities else cities_by_country(cities, Lookup(cache))
    new = replace(
        graph,
        meetings=(*graph.meetings[:position], meeting, *graph.meetings[position + 1:]),
        cities=cities,
        countries=countries,
        turns_by_person={**graph.turns_by_person, **spoken},
        mentions_by_city=mentions,
        mentions_in_paragraph=in_paragraph,
        meetings_by_city=_with_meeting(graph.meetings_by_city, meeting),
        cities_by_country=by_country,
        neighbours=_neighbours_after(graph.neighbours, meeting),
        warnings=_warnings_after(graph.warnings, graph.meetings[position].record, meeting.record),
    )
    return replace(new, cities_by_person=_cities_by_person(new, speakers))


def _changes(old: SiteGraph, new: SiteGraph, before: MeetingPage, after: MeetingPage,
             touched: Mapping[str, City]) -> Relinked:
    """What replacing the meeting changed, page by page."""
    speakers = _speakers(new, after)
    people = _whose_words_changed(old, before, after.record) | {
        slug for slug in speakers if old.cities_by_person.get(slug) != new.cities_by_person.get(slug)}
    recounted = _recounted(old, before, after.record)
    cities = {slug for slug in touched if _mentions_in(old, slug, after) != _mentions_in(new, slug, after)}
    weighed = any(len(old.mentions_by_city.get(s, ())) != len(new.mentions_by_city.get(s, ())) for s in touched)
    same_cities = new.cities == old.cities
    return Relinked(
        graph=new,
        meeting=after,
        people=tuple(p for p in old.people if p.slug in people),
        recounted=tuple(p for p in old.people if p.slug in recounted),
        cities=tuple(c for slug, c in touched.items() if slug in cities),
        city_list_changed=not same_cities,
        map_changed=not same_cities or weighed,
        countries_changed=new.countries != old.countries,
    )


def _speakers(graph: SiteGraph, meeting: MeetingPage) -> set[str]:
    """The slugs of the people who speak in the meeting."""
    return {graph.person_of_turn[meeting.slug, turn.index].slug for turn in meeting.record.turns}


def same_speakers_and_meeting(before: Record, after: Record) -> bool:
    """True when the two versions of a record have one meeting header, one list of speakers, and one
    set of speakers under each heading: all that decides who is who and who spoke with whom."""
    return (
        before.meeting == after.meeting
        and len(before.turns) == len(after.turns)
        and all(a.speaker == b.speaker for a, b in zip(before.turns, after.turns, strict=True))
        and _speaking_sections(before) == _speaking_sections(after)
    )


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


def _mentions_in(graph: SiteGraph, city: str, meeting: MeetingPage) -> list[tuple[Paragraph, str, str]]:
    """What the city's page shows of its mentions in the meeting."""
    return [(replace(m.paragraph, line=0), m.sentence, m.matched) for m in graph.mentions_by_city.get(city, ())
            if m.meeting.slug == meeting.slug]


def _speaking_sections(record: Record) -> set[tuple[int | None, int]]:
    return {(p.section, p.turn) for p in record.paragraphs if p.turn is not None}


def _meeting_at(graph: SiteGraph, source: str) -> tuple[int, MeetingPage | None]:
    for position, meeting in enumerate(graph.meetings):
        if meeting.record.source == source:
            return position, meeting
    return -1, None


def _cities_named(graph: SiteGraph, meeting: MeetingPage) -> dict[str, City]:
    """The cities the graph has the meeting's paragraphs naming, by slug."""
    named: dict[str, City] = {}
    for paragraph in meeting.record.paragraphs:
        for _, city in graph.mentions_in_paragraph.get((meeting.slug, paragraph.index), ()):
            named[city.slug] = city
    return named


def _spliced_mentions(graph: SiteGraph, meeting: MeetingPage, position: int, found: Sequence[Found],
                      touched: Mapping[str, City]) -> dict[str, tuple[CityMention, ...]]:
    """Mentions by city with the meeting's old mentions taken out and its new ones put in, in meeting order."""
    order = {m.slug: i for i, m in enumerate(graph.meetings)}
    fresh = mentions_by_city(found)
    result = dict(graph.mentions_by_city)
    for slug in touched.keys() | fresh.keys():
        kept = [m for m in graph.mentions_by_city.get(slug, ()) if m.meeting.slug != meeting.slug]
        at = bisect_right([order[m.meeting.slug] for m in kept], position)
        spliced = (*kept[:at], *fresh.get(slug, ()), *kept[at:])
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
    return tuple(sorted(cities, key=lambda c: (fold(c.name), c.country_code, c.slug)))


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
    return tuple(sorted([*graph.countries, *added.values()], key=lambda c: (fold(c.name), c.code)))


def _respoken(spoken: tuple[Spoken, ...], meeting: MeetingPage) -> tuple[Spoken, ...]:
    """A person's turns with those in the edited meeting pointing at its new version."""
    turns = meeting.record.turns
    return tuple(
        Spoken(meeting, turns[s.turn.index], s.as_printed) if s.meeting.slug == meeting.slug else s for s in spoken
    )


def _with_meeting(by_city: Mapping[str, tuple[MeetingPage, ...]], meeting: MeetingPage) -> Mapping[str, tuple[
        MeetingPage, ...]]:
    if meeting.city is None:
        return by_city
    held = tuple(meeting if m.slug == meeting.slug else m for m in by_city[meeting.city.slug])
    return {**by_city, meeting.city.slug: held}


def _neighbours_after(neighbours: Mapping[str, tuple[MeetingPage | None, MeetingPage | None]],
                      meeting: MeetingPage) -> dict[str, tuple[MeetingPage | None, MeetingPage | None]]:
    """The previous and next meetings, with the edited meeting's new version where it appears."""
    previous, following = neighbours[meeting.slug]
    result = dict(neighbours)
    if previous is not None:
        result[previous.slug] = (result[previous.slug][0], meeting)
    if following is not None:
        result[following.slug] = (meeting, result[following.slug][1])
    return result


def _warnings_after(warnings: tuple[str, ...], before: Record, after: Record) -> tuple[str, ...]:
    """The warnings with the edited record's speaker lines moved to where the speakers now are.

    Linking warns about a record only at its speakers' lines; the speakers are the same, so only
    their lines can have moved.
    """
    moved = {b.line: a.line for b, a in zip(before.turns, after.turns, strict=True) if b.line != a.line}
    if not moved:
        return warnings
    pattern = re.compile(rf"^{re.escape(before.source)}:(\d+): ")

    def renumbered(match: re.Match[str]) -> str:
        line = int(match[1])
        return f"{before.source}:{moved.get(line, line)}: "

    return tuple(sorted((pattern.sub(renumbered, w, count=1) for w in warnings), key=warning_order))


def _cities_by_person(graph: SiteGraph, people: Iterable[str]) -> dict[str, tuple[City, ...]]:
    """The cities each of the people named in their own paragraphs, recounted for the given people."""
    order = {city.slug: i for i, city in enumerate(graph.cities)}
    result = dict(graph.cities_by_person)
    for slug in people:
        named: dict[str, City] = {}
        for spoken in graph.turns_by_person[slug]:
            for index in spoken.turn.paragraphs:
                named.update((city.slug, city) for _, city in
                             graph.mentions_in_paragraph.get((spoken.meeting.slug, index), ()))
        if named:
            result[slug] = tuple(sorted(named.values(), key=lambda city: order[city.slug]))
        else:
            result.pop(slug, None)
    return result

