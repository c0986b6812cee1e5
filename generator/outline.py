"""Which pages a change to the archive touches, worked out from outlines of the site before and after.

An outline is what deciding that needs of a site graph and its page specs: which record each meeting
page is made from, who everyone is, who spoke each turn, the cities and countries with a page, the
map every city page draws, and which meetings each page shows something of. It is small enough to
keep between builds (`generator.previous_build`), and the dev server compares two after it has
linked the whole archive again (`generator.incremental`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from generator.mapsvg import MapPoint
from generator.render.listings import map_points
from generator.render.pages import CITY_TEMPLATE, Page, affected_pages
from generator.site import Person, SiteGraph


@dataclass(frozen=True, slots=True)
class PageOutline:
    """What a page shows, as far as deciding whether to render it again goes."""

    path: str
    """Site-relative output path."""
    template: str
    """The template that renders it."""
    meetings: frozenset[str]
    """Slugs of the meetings whose records the page shows something of."""
    lists_all: bool
    """True for pages that change whenever any record does."""


@dataclass(frozen=True, slots=True)
class SiteOutline:
    """A site graph and its pages, reduced to what decides which pages a change touches."""

    meetings: Mapping[str, str]
    """Each meeting's slug, by the source of its record."""
    people: Mapping[str, Person]
    """Everyone, by slug: a person whose name, titles or office changed is shown differently everywhere."""
    meetings_of_person: Mapping[str, frozenset[str]]
    """The meetings each person spoke in, by person slug."""
    speakers: Mapping[str, tuple[str, ...]]
    """Who spoke each turn of a meeting, the slug of each turn's speaker in turn order, by meeting slug (a pair of
    turn and slug each was a third of a million tuples at 10,000 records, kept and pickled after every build)."""
    cities: tuple[str, ...]
    """The slugs of the cities with a page, in order."""
    map: tuple[MapPoint, ...]
    """The map every city page draws."""
    countries: tuple[str, ...]
    """The slugs of the countries with a page, in order: every page's navigation lists them."""
    pages: tuple[PageOutline, ...]

    @classmethod
    def of(cls, graph: SiteGraph, pages: Sequence[Page]) -> SiteOutline:
        """The outline of a graph and the pages made from it."""
        return cls(
            meetings={m.record.source: m.slug for m in graph.meetings},
            people={p.slug: p for p in graph.people},
            meetings_of_person={slug: graph.tally(slug).meetings for slug in graph.turns_by_person},
            speakers={meeting: tuple(person.slug for person in people)
                      for meeting, people in graph.person_of_turn.by_meeting()},
            cities=tuple(c.slug for c in graph.cities),
            map=map_points(graph),
            countries=tuple(c.slug for c in graph.countries),
            pages=tuple(PageOutline(p.path, p.template, p.meetings, p.lists_all) for p in pages),
        )


@dataclass(frozen=True, slots=True)
class Redo:
    """The pages a change makes to be rendered again."""

    paths: frozenset[str]
    """The paths of the pages to render again."""
    gone: tuple[str, ...] = ()
    """The paths of pages no longer on the site."""
    every_page: bool = False
    """Every page must be rendered again (the set of countries, in every page's navigation, changed)."""


def pages_to_redo(old: SiteOutline, new: SiteOutline, sources: Collection[str]) -> Redo:
    """The pages to render again after the records of `sources` changed (were edited, added or removed) or the
    corrections did: every page of a meeting whose record changed or where someone's identity, name or titles
    changed; every city page if the map they all draw changed; every page if the countries did; the index
    pages, and the pages that came or went."""
    slugs = {slug for outline in (old, new) for source, slug in outline.meetings.items() if source in sources}
    for source, slug in new.meetings.items():
        before = old.meetings.get(source, slug)
        if before != slug:
            slugs |= {before, slug}
    changed_people = {slug for slug in old.people.keys() | new.people.keys()
                      if old.people.get(slug) != new.people.get(slug)}
    for outline in (old, new):
        for person in changed_people:
            slugs |= outline.meetings_of_person.get(person, frozenset())
    slugs |= {meeting for meeting, turns in new.speakers.items() if old.speakers.get(meeting) != turns}
    render, gone = affected_pages(old.pages, new.pages, slugs)
    paths = {page.path for page in render}
    if old.cities != new.cities or old.map != new.map:
        paths |= {page.path for page in new.pages if page.template == CITY_TEMPLATE}
    return Redo(frozenset(paths), gone, every_page=old.countries != new.countries)
