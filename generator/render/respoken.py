"""The pages a speaker renamed, added or taken away changes, when the graph was relinked in place
(`generator.respeak`).

The edited meeting's page; every page of the people who came or went; of those who speak more or fewer
paragraphs in the meeting, the pages that show it and their own page (it counts them); of those whose
statements there read differently (a turn changed hands, or an added paragraph moved the anchors after it),
the pages that show them; the own page of everyone who spoke alongside others in the meeting than before,
or alongside someone shown differently (it lists who they spoke alongside); of the cities whose mentions in
the meeting read differently, the pages that show them; the pages listing the people: the speakers index
and their letter of it, their country's page and their office's city's page, and the pages counting the
archive when someone came or went or the paragraphs were recounted. A person shown differently (a title
less, a doubt more) who also spoke in other meetings is shown on those meetings' pages too: then
`pages_respoken` says None, and every spec is made again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache

from generator.graph import meeting_own
from generator.people_order import person_order
from generator.render import listings
from generator.render.pages import (
    Page,
    SpecChange,
    city_mention_pages,
    city_pages,
    countries_index,
    country_page,
    home_page,
    meeting_page,
    not_found_page,
    own_person_page,
    paragraph_counting_pages,
    person_pages,
    person_statement_pages,
    search_page,
    showing,
    speakers_index,
    speakers_letter_page,
    speakers_split,
)
from generator.respeak import Respoken
from generator.site import MeetingPage, Person, SiteGraph, meeting_of


def pages_respoken(edit: Respoken, paths: Collection[str]) -> SpecChange | None:
    """Fresh specs of the pages the edit changed, `paths` being those of the site's pages before it; None
    when a person shown differently spoke in other meetings too, or when someone's pages of years, or the
    speakers index's pages of letters, came or went."""
    graph, previous, meeting = edit.graph, edit.previous, edit.meeting.slug
    if any((previous.tally(old.slug).meetings | graph.tally(new.slug).meetings) - {meeting}
           for old, new in edit.reshown):
        return None
    people, cities, listing = _people_pages(edit), _city_pages(edit), _listing_pages(edit, paths)
    if people is None or listing is None:
        return None
    new_pages = [page for person in sorted(edit.came, key=person_order) for page in person_pages(graph, person)]
    gone = tuple(page.path for person in edit.went for page in person_pages(previous, person))
    fresh = [meeting_page(graph, edit.meeting), *people, *cities, *listing, *new_pages]
    return SpecChange(tuple({page.path: page for page in fresh}.values()), gone)


def _people_pages(edit: Respoken) -> list[Page] | None:
    """The pages of the people who stay: all of those shown differently; of those who speak more or fewer
    paragraphs in the meeting, their own page (it counts them) and those that show the meeting; of those whose
    statements there read differently, the pages that show them (`_reread_pages`); the own page of those who
    spoke alongside others there than before, or alongside someone shown differently. None if one of them
    gains or loses a page of a year."""
    graph, previous, meeting = edit.graph, edit.previous, edit.meeting.slug
    pages: list[Page] = []
    for old, new in edit.reshown:
        if not _same_paths(person_pages(previous, old), now := person_pages(graph, new)):
            return None
        pages += now
    for person in edit.recounted:
        before, now = person_pages(previous, previous.person(person.slug)), person_pages(graph, person)
        if not _same_paths(before, now):
            return None
        showed = {page.path for page in showing(before, (meeting,))}
        pages += [now[0], *(page for page in now if meeting in page.meetings or page.path in showed)]
    counted = {person.slug for person in edit.recounted}
    for person in edit.reread:
        if person.slug not in counted and _statements(previous, edit.before, person) != _statements(
                graph, edit.meeting, person):
            pages += _reread_pages(edit, person)
    listing_them = [p for _, new in edit.reshown for p in graph.co_speakers.get(new.slug, ())]
    return pages + [own_person_page(graph, person) for person in [*edit.companions, *listing_them]]


def _reread_pages(edit: Respoken, person: Person) -> list[Page]:
    """The pages showing the statements of someone who speaks as many paragraphs in the meeting as before: their
    own page, or (when it lists their years) their page of the meeting's year, and their own page too if what
    they said there changed (it lists the cities they named)."""
    graph, year = edit.graph, edit.meeting.record.meeting.year
    pages, own = person_statement_pages(graph, person, (year,)), own_person_page(graph, person)
    said_the_same = _said(edit.previous, edit.before, person) == _said(graph, edit.meeting, person)
    return pages if said_the_same or own.path in {page.path for page in pages} else [own, *pages]


def _statements(graph: SiteGraph, meeting: MeetingPage, person: Person) -> tuple[object, ...]:
    """What the person's pages show of their turns in the meeting: how they were printed, and their paragraphs."""
    printed = dict.fromkeys(s.as_printed for s in meeting_own(graph.turns_by_person[person.slug], meeting, meeting_of))
    return tuple(printed), listings.turn_excerpts(graph, meeting, person)


def _said(graph: SiteGraph, meeting: MeetingPage, person: Person) -> list[str]:
    """The text of the person's paragraphs in the meeting."""
    record = meeting.record
    return [record.paragraph(i).text for turn in record.turns
            if graph.person_of_turn[meeting.slug, turn.index].slug == person.slug for i in turn.paragraphs]


def _city_pages(edit: Respoken) -> list[Page]:
    """The pages of the cities the meeting names whose mentions there read differently now, that show the meeting:
    their own page, or of their pages of years the meeting's. Their mentions are as many as before (the map
    weighs the cities by them: `respeak` declines an edit that changes it), so their pages and the counts of
    their pages listing years are too."""
    graph, meeting = edit.graph, edit.meeting
    with_page = {city.slug for city in graph.cities}
    points = cache(lambda: listings.map_points(graph))
    pages: list[Page] = []
    for city in edit.cities:
        if city.slug in with_page and listings.mention_excerpts(edit.previous, edit.before, city) != \
                listings.mention_excerpts(graph, meeting, city):
            pages += showing(city_mention_pages(graph, city, (meeting.record.meeting.year,), points), (meeting.slug,))
    return pages


def _listing_pages(edit: Respoken, paths: Collection[str]) -> list[Page] | None:
    """The pages listing the people: the speakers index and their letters of it, the home page and the others
    counting everyone (when someone came, went or is shown differently), their countries' and their offices'
    cities' pages. None when a letter gains or loses its page."""
    graph = edit.graph
    people = [*edit.came, *edit.went, *edit.recounted, *(p for pair in edit.reshown for p in pair)]
    split = speakers_split(graph)
    if split != speakers_split(edit.previous):
        return None
    letters = cache(lambda: listings.people_by_letter_after(
        graph, edit.previous, [*edit.went, *(old for old, _ in edit.reshown)],
        [*edit.came, *(new for _, new in edit.reshown)]))
    pages: list[Page] = []
    for letter in {listings.letter_of(person.name) for person in people} if split else ():
        page = speakers_letter_page(graph, letter, letters)
        if letter not in letters() or page.path not in paths:
            return None
        pages.append(page)
    pages.append(speakers_index(graph, letters if split else None))  # it counts everyone's paragraphs, or letters
    if edit.came or edit.went or edit.reshown:
        pages += [home_page(graph), search_page(graph), not_found_page(graph), countries_index(graph)]
    if edit.paragraphs_recounted:
        pages += paragraph_counting_pages(graph)
    countries = {p.country.slug for p in people if p.country}
    pages += [country_page(graph, country) for country in graph.countries if country.slug in countries]
    cities = {p.city.slug for p in people if p.city}
    points = cache(lambda: listings.map_points(graph))
    pages += [city_pages(graph, city, points)[0] for city in graph.cities if city.slug in cities]
    return pages


def _same_paths(before: Iterable[Page], now: Iterable[Page]) -> bool:
    return [page.path for page in before] == [page.path for page in now]
