"""Every page of the site as a spec (path, template, context), and what each one depends on.

A spec is cheap to build: its context is worked out only when the page is rendered
(`render_page`). Keeping them apart lets the dev server list every page after each change
and re-render only the pages a changed record or template touches.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from generator.mapsvg import MapPoint
from generator.render import listings
from generator.render import meeting as meeting_views
from generator.render.environment import city_url, country_url, format_date
from generator.site import entry_year, meeting_year

if TYPE_CHECKING:
    from generator.countries import Country
    from generator.places import City
    from generator.relink import Relinked
    from generator.site import CityMention, MeetingPage, Person, SiteGraph, Spoken

Crumbs = tuple[tuple[str, str], ...]


class LazyContext(Mapping[str, Any]):
    """A page's template context, worked out the first time it is read."""

    __slots__ = ("_make", "_values")

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make: Callable[[], Mapping[str, Any]] | None = make
        self._values: Mapping[str, Any] | None = None

    def _resolved(self) -> Mapping[str, Any]:
        if self._values is None:
            assert self._make is not None
            self._values, self._make = self._make(), None
        return self._values

    def once(self) -> Mapping[str, Any]:
        """The context, worked out without being kept (unless it already was): a build renders each page once,
        and a worker that kept every context it rendered would hold its half of the site's lists until the end."""
        if self._values is not None:
            return self._values
        assert self._make is not None
        return self._make()

    def __getitem__(self, key: str) -> Any:
        return self._resolved()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the layout needs of every page."""

    url: str
    """The page's site URL: `/meetings/e-2018-sr-22/`."""
    title: str
    """The `<title>`, before the site's name."""
    description: str
    crumbs: Crumbs = ()
    """Breadcrumbs above the page's own title: (label, URL) from the home page down."""
    section: str = ""
    """Which item of the main navigation is current: `meetings`, `speakers`, `cities`, `countries`."""


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: where it goes, which template renders it and with what."""

    path: str
    """Site-relative output path: `meetings/e-2018-sr-22/index.html`."""
    template: str
    context: Mapping[str, Any]
    meetings: frozenset[str] = field(default_factory=frozenset)
    """Slugs of the meetings whose records this page shows something of."""
    lists_all: bool = False
    """True for pages that change whenever any record does (indexes, home, sitemap)."""


def _path(url: str) -> str:
    """The output path of a site URL: `/a/b/` becomes `a/b/index.html`."""
    return url.strip("/") + "/index.html" if url != "/" else "index.html"


def _html(url: str, template: str, meetings: Iterable[str] | None, context: Callable[[], dict[str, Any]]) -> Page:
    """An HTML page spec; without `meetings` it lists the whole archive and changes with any record.

    `context` gives the template's values, the page's `PageInfo` among them (`page`): its title and description are
    worked out when the page is rendered too, not held by every spec until then (with a closure of their own, they
    were over half of the specs' memory, 49 MB at 10,000 records)."""
    return Page(_path(url), template, LazyContext(context), frozenset(meetings or ()), lists_all=meetings is None)


HOME: Crumbs = (("Home", "/"),)


LATEST_SHOWN = 8
"""How many of the most recent meetings the home page lists."""


def home_page(graph: SiteGraph) -> Page:
    """The home page: what the archive holds and the latest meetings."""
    return _html("/", "home.html", None, lambda: {
        "page": PageInfo("/", "United Nations meeting records",
                         "Read, search and cite United Nations meeting records."),
        "stats": listings.stats(graph),
        "latest": listings.latest(graph, LATEST_SHOWN),
    })


INDEX_SPLIT_FROM = 2000
"""The index of meetings lists every meeting, and the index of speakers everyone; past this many, the meetings of
each year go on a page of their own (`/meetings/2019/`), as do the speakers of each letter (`/speakers/a/`), and
the index lists the years or the letters: no page grows with the archive."""


def meetings_pages(graph: SiteGraph) -> list[Page]:
    """The index of meetings, and a page for each year's meetings when there are too many for one."""
    if not _index_split(graph):
        return [meetings_index(graph)]
    return [meetings_index(graph, split=True), *meetings_year_pages(graph)]


def _index_split(graph: SiteGraph) -> bool:
    """Whether the meetings are too many for one index (see `INDEX_SPLIT_FROM`)."""
    return len(graph.meetings) > INDEX_SPLIT_FROM


def paragraph_counting_pages(graph: SiteGraph) -> list[Page]:
    """The pages counting the archive's paragraphs, besides its speakers': the home page and the 404 page (which
    show its counts), and the index of meetings when it lists the years (each with its paragraphs)."""
    return [home_page(graph), not_found_page(graph), *([meetings_index(graph, split=True)] if _index_split(graph)
                                                       else [])]


def meetings_year_pages(graph: SiteGraph, years: Collection[int] | None = None) -> list[Page]:
    """The pages of each year's meetings (of the `years` only, when given)."""
    by_year = listings.by_year(graph.meetings, meeting_year, years)
    return [meetings_year_page(year, meetings) for year, meetings in by_year.items()]


def meetings_index(graph: SiteGraph, *, split: bool = False) -> Page:
    """Every meeting by body and year (`split`: each body's years, each year on its own page)."""
    return _html("/meetings/", "meetings.html", None, lambda: {
        "page": PageInfo(
            "/meetings/", "Meetings", "Every meeting record in the archive, by body and year.", HOME, "meetings"
        ),
        "groups": () if split else listings.by_body(graph.meetings),
        "bodies": listings.body_years(graph, _year_url("/meetings/")) if split else (),
    })


def meetings_year_page(year: int, meetings: Sequence[MeetingPage]) -> Page:
    """The meetings of one year, by body."""
    url = _year_url("/meetings/")(year)
    return _html(url, "meetings_year.html", {m.slug for m in meetings}, lambda: {
        "page": PageInfo(url, f"Meetings of {year}", f"Every meeting record of {year} in the archive, by body.",
                         (*HOME, ("Meetings", "/meetings/")), "meetings"),
        "year": year,
        "groups": listings.by_body(meetings),
    })


def meeting_page(graph: SiteGraph, meeting: MeetingPage) -> Page:
    """One meeting's full record."""
    previous, following = graph.neighbours.get(meeting.slug, (None, None))

    def context() -> dict[str, Any]:
        header = meeting.record.meeting
        title = f"{header.body}, {header.title or 'meeting ' + str(header.number)}"
        return {
            "page": PageInfo(
                meeting.url,
                f"{meeting.symbol}: {title}",
                f"{title}, {format_date(header.date)} ({meeting.symbol}): the full record with permanent paragraph "
                "links.",
                (*HOME, ("Meetings", "/meetings/")),
                "meetings",
            ),
            "meeting": meeting,
            "header": header,
            "heading": title,
            "items": meeting_views.record_items(graph, meeting),
            "outline": meeting_views.outline(meeting.record),
            "details": meeting_views.details(meeting),
            "speakers": meeting_views.speakers(graph, meeting),
            "cities": meeting_views.cities(graph, meeting),
            "filters": meeting_views.search_filters(graph, meeting),
            "previous": previous,
            "next": following,
        }

    return _html(meeting.url, "meeting.html", {meeting.slug, *(m.slug for m in (previous, following) if m is not None)},
                 context)


def speakers_pages(graph: SiteGraph) -> list[Page]:
    """The index of speakers, and a page for each letter's speakers when there are too many for one."""
    if not speakers_split(graph):
        return [speakers_index(graph)]
    letters = cache(lambda: listings.people_by_letter(graph))
    return [speakers_index(graph, letters), *(speakers_letter_page(graph, letter, letters) for letter in letters())]


def speakers_split(graph: SiteGraph) -> bool:
    """Whether the speakers are too many for one index (see `INDEX_SPLIT_FROM`)."""
    return len(graph.people) > INDEX_SPLIT_FROM


def speakers_index(graph: SiteGraph, letters: Callable[[], Mapping[str, Sequence[Person]]] | None = None) -> Page:
    """Everyone A–Z; with `letters` (everyone by letter), the letters, each on its own page."""
    return _html("/speakers/", "speakers.html", None, lambda: {
        "page": PageInfo("/speakers/", "Speakers", "Everyone who spoke in the archive's meetings, A–Z.", HOME,
                         "speakers"),
        "letters": () if letters else listings.by_letter(graph),
        "letter_pages": listings.letter_entries(letters()) if letters else (),
    })


def speakers_letter_page(graph: SiteGraph, letter: str,
                         letters: Callable[[], Mapping[str, Sequence[Person]]]) -> Page:
    """The speakers whose surnames begin with `letter`; `letters` gives everyone by letter."""
    url = listings.letter_url(letter)
    title = f"Speakers: {letter}" if letter != "#" else "Speakers: other names"
    return _html(url, "speakers_letter.html", None, lambda: {
        "page": PageInfo(url, title,
                         f"Everyone who spoke in the archive's meetings whose surname begins with {letter}.",
                         (*HOME, ("Speakers", "/speakers/")), "speakers"),
        "letter": letter, "entries": listings.person_entries(graph, letters()[letter]),
    })


SPLIT_FROM = 300
"""A person page lists every paragraph they spoke, a city page every meeting held there and every
paragraph naming it; past this many, each year's go on a page of their own (`/speakers/<slug>/2019/`)
and the person's or city's page lists the years: no page grows with the archive."""


def person_pages(graph: SiteGraph, person: Person) -> list[Page]:
    """The person's page, and a page for each year they spoke in when they said too much for one."""
    if not _person_split(graph, person):
        return [person_page(graph, person)]
    return [person_page(graph, person, split=True), *person_year_pages(graph, person)]


def own_person_page(graph: SiteGraph, person: Person) -> Page:
    """The person's own page: everything they said, or the list of their years when that is too much for one."""
    return person_page(graph, person, split=_person_split(graph, person))


def person_statement_pages(graph: SiteGraph, person: Person, years: Collection[int]) -> list[Page]:
    """The pages showing what the person said in the `years`: their own page, or their pages of those years when
    their own lists the years."""
    return person_year_pages(graph, person, years) if _person_split(graph, person) else [person_page(graph, person)]


def _person_split(graph: SiteGraph, person: Person) -> bool:
    """Whether the person's paragraphs are too many for one page (see `SPLIT_FROM`)."""
    return graph.tally(person.slug).paragraphs > SPLIT_FROM


def person_year_pages(graph: SiteGraph, person: Person, years: Collection[int] | None = None) -> list[Page]:
    """The pages of each year the person spoke in (of the `years` only, when given)."""
    return [person_year_page(person, year, turns) for year, turns in _spoken_by_year(graph, person, years).items()]


def _spoken_by_year(graph: SiteGraph, person: Person,
                    years: Collection[int] | None = None) -> dict[int, tuple[Spoken, ...]]:
    """The person's turns by year (of the `years` only, when given)."""
    return listings.by_year(graph.turns_by_person.get(person.slug, ()), entry_year, years)


CO_SPEAKERS_SHOWN = 30
"""A person page lists this many of the people they spoke alongside, the most frequent: a delegate of decades
spoke alongside thousands."""


def _co_speakers(graph: SiteGraph, person: Person) -> dict[str, Any]:
    """The people the person spoke alongside most often (`co_speakers`), and how many in all (`co_speakers_total`)."""
    together = graph.co_speakers.get(person.slug, ())
    return {"co_speakers": together[:CO_SPEAKERS_SHOWN], "co_speakers_total": len(together)}


def _year_url(url: str) -> Callable[[int], str]:
    """The URL of the page of one year of the page at `url`."""
    return lambda year: f"{url}{year}/"


def person_page(graph: SiteGraph, person: Person, *, split: bool = False) -> Page:
    """Everything one person said, in every meeting (`split`: a list of the years, each on its own page)."""
    return _html(
        person.url,
        "person.html",
        graph.tally(person.slug).meetings,
        lambda: {
            "page": PageInfo(
                person.url,
                person.name,
                f"Everything {person.name} said in United Nations meetings, paragraph by paragraph.",
                (*HOME, ("Speakers", "/speakers/")),
                "speakers",
            ),
            "person": person,
            "entry": listings.person_entry(graph, person),
            "statements": () if split else listings.statements(graph, person),
            "years": listings.person_years(graph, person, _year_url(person.url)) if split else (),
            "search_as": meeting_views.filter_value(person.name),
            **_co_speakers(graph, person),
            "cities": graph.cities_by_person.get(person.slug, ()),
        },
    )


def person_year_page(person: Person, year: int, turns: Sequence[Spoken]) -> Page:
    """What one person said in the meetings of one year: their `turns` of that year."""
    url = _year_url(person.url)(year)
    return _html(url, "person_year.html", {s.meeting.slug for s in turns}, lambda: {
        "page": PageInfo(
            url,
            f"{person.name}, {year}",
            f"Everything {person.name} said in United Nations meetings in {year}, paragraph by paragraph.",
            (*HOME, ("Speakers", "/speakers/"), (person.name, person.url)),
            "speakers",
        ),
        "person": person,
        "year": year,
        "statements": listings.grouped_statements(turns),
    })


def cities_index(graph: SiteGraph) -> Page:
    """Every city, on a map and in a list."""
    return _html("/cities/", "cities.html", None, lambda: {
        "page": PageInfo(
            "/cities/",
            "Cities",
            "Every city where a meeting was held, that a speaker named, or where a speaker's office is.",
            HOME,
            "cities",
        ),
        "entries": listings.city_entries(graph),
        "points": listings.map_points(graph),
    })


def _meetings_of(graph: SiteGraph, people: Iterable[Person]) -> set[str]:
    """Slugs of the meetings the people spoke in."""
    return set().union(*(graph.tally(p.slug).meetings for p in people))


def _city_meetings(graph: SiteGraph, city: City) -> set[str]:
    """Slugs of the meetings a city's page draws on: held there, mentioning it, its people's."""
    held = {m.slug for m in graph.meetings_by_city.get(city.slug, ())}
    mentioned = {m.meeting.slug for m in graph.mentions_by_city.get(city.slug, ())}
    return held | mentioned | _meetings_of(graph, graph.people_by_city.get(city.slug, ()))


def city_pages(
    graph: SiteGraph, city: City, points: Sequence[MapPoint] | Callable[[], Sequence[MapPoint]] | None = None
) -> list[Page]:
    """The city's page, and a page for each year of its meetings and mentions when there are too many for one."""
    if not _city_split(graph, city):
        return [city_page(graph, city, points)]
    return [city_page(graph, city, points, split=True), *city_year_pages(graph, city)]


def city_mention_pages(
    graph: SiteGraph, city: City, years: Collection[int],
    points: Sequence[MapPoint] | Callable[[], Sequence[MapPoint]] | None = None,
) -> list[Page]:
    """The pages showing the city's meetings and mentions of the `years`: its own page, or its pages of those years
    when its own lists the years."""
    return city_year_pages(graph, city, years) if _city_split(graph, city) else [city_page(graph, city, points)]


def city_year_pages(graph: SiteGraph, city: City, years: Collection[int] | None = None) -> list[Page]:
    """The pages of each year of the meetings held in the city or naming it (of the `years` only, when given)."""
    held, mentions = _city_by_year(graph, city, years)
    return [city_year_page(graph, city, year, held.get(year, ()), mentions.get(year, ()))
            for year in sorted(held.keys() | mentions.keys())]


def _city_by_year(graph: SiteGraph, city: City, years: Collection[int] | None = None
                  ) -> tuple[dict[int, tuple[MeetingPage, ...]], dict[int, tuple[CityMention, ...]]]:
    """The meetings held in the city and the paragraphs naming it, each by year (of the `years` only, when given)."""
    return (listings.by_year(graph.meetings_by_city.get(city.slug, ()), meeting_year, years),
            listings.by_year(graph.mentions_by_city.get(city.slug, ()), entry_year, years))


CITY_TEMPLATE = "city.html"
"""The template of a city's own page, which draws the map of every city (its pages of years do not)."""


def _city_split(graph: SiteGraph, city: City) -> bool:
    """Whether the city's meetings and mentions are too many for one page (see `SPLIT_FROM`)."""
    return len(graph.meetings_by_city.get(city.slug, ())) + len(graph.mentions_by_city.get(city.slug, ())) > SPLIT_FROM


def city_page(
    graph: SiteGraph, city: City, points: Sequence[MapPoint] | Callable[[], Sequence[MapPoint]] | None = None,
    *, split: bool = False,
) -> Page:
    """One city: meetings held there, paragraphs mentioning it, people whose office is there (`split`: the
    meetings and mentions as a list of years, each on its own page).

    `points` (the whole map, or a function giving it) is shared by every city page.
    """
    url = city_url(city)
    return _html(
        url,
        CITY_TEMPLATE,
        _city_meetings(graph, city),
        lambda: {
            "page": PageInfo(
                url,
                city.name,
                f"United Nations meetings held in {city.name}, and what speakers said of it.",
                (*HOME, ("Cities", "/cities/")),
                "cities",
            ),
            "city": city,
            "country": listings.country_of(graph, city),
            "held": () if split else listings.newest_first(graph.meetings_by_city.get(city.slug, ())),
            "mentions": () if split else listings.mention_groups(graph.mentions_by_city.get(city.slug, ())),
            "years": listings.city_years(graph, city, _year_url(url)) if split else (),
            "people": graph.people_by_city.get(city.slug, ()),
            "points": listings.mark_current(
                (points() if callable(points) else points) or listings.map_points(graph), url
            ),
        },
    )


def city_year_page(graph: SiteGraph, city: City, year: int, held: Sequence[MeetingPage],
                   mentions: Sequence[CityMention]) -> Page:
    """The meetings `held` in a city in one year, and the paragraphs of that year's meetings that mention it."""
    url = _year_url(city_url(city))(year)
    return _html(
        url,
        "city_year.html",
        {m.slug for m in held} | {m.meeting.slug for m in mentions},
        lambda: {
            "page": PageInfo(
                url,
                f"{city.name}, {year}",
                f"United Nations meetings held in {city.name} in {year}, and what speakers said of it that year.",
                (*HOME, ("Cities", "/cities/"), (city.name, city_url(city))),
                "cities",
            ),
            "city": city,
            "country": listings.country_of(graph, city),
            "year": year,
            "held": listings.newest_first(held),
            "mentions": listings.mention_groups(mentions),
        },
    )


def countries_index(graph: SiteGraph) -> Page:
    """Every country with a page."""
    return _html("/countries/", "countries.html", None, lambda: {
        "page": PageInfo("/countries/", "Countries", "Delegations that spoke and countries of the archive's cities.",
                         HOME, "countries"),
        "entries": listings.country_entries(graph),
    })


def country_page(graph: SiteGraph, country: Country) -> Page:
    """One country: its speakers, its cities, meetings held there."""
    url = country_url(country)
    people = graph.people_by_country.get(country.slug, ())
    cities = graph.cities_by_country.get(country.slug, ())
    slugs = _meetings_of(graph, people).union(*(_city_meetings(graph, c) for c in cities))
    return _html(
        url,
        "country.html",
        slugs,
        lambda: {
            "page": PageInfo(
                url,
                country.name,
                f"Speakers of {country.name}, its cities and meetings held there.",
                (*HOME, ("Countries", "/countries/")),
                "countries",
            ),
            "country": country,
            "people": listings.person_entries(graph, people),
            "cities": cities,
            **_held_in_country(graph, country),
        },
    )


def _held_in_country(graph: SiteGraph, country: Country) -> dict[str, Any]:
    """The meetings held in the country (`held`) and how many (`held_count`): none listed past `SPLIT_FROM`, when
    the pages of its cities list them by year."""
    count = listings.held_in(graph, country)
    return {"held": listings.meetings_in_country(graph, country) if _lists_held(count) else (), "held_count": count}


def _lists_held(held_count: int) -> bool:
    """Whether a country's page lists the meetings held there, of which there are `held_count`."""
    return held_count <= SPLIT_FROM


def search_page(graph: SiteGraph) -> Page:
    """The search page; the search issue wires Pagefind's UI into it."""
    return _html("/search/", "search.html", None, lambda: {
        "page": PageInfo("/search/", "Search", "Search every meeting record, with filters.", HOME, "search"),
        "stats": listings.stats(graph),
        "values_shown": FILTER_VALUES_SHOWN,
    })


def not_found_page(graph: SiteGraph) -> Page:
    """The page Netlify serves for a missing URL."""
    context = LazyContext(lambda: {
        "page": PageInfo("/404.html", "Page not found", "This page does not exist.", HOME),
        "stats": listings.stats(graph),
    })
    return Page("404.html", "404.html", context, lists_all=True)


SITEMAP = "sitemap.xml"
"""The sitemap index, which robots.txt points to: it lists the sitemap's parts, each listing some of the pages."""

SITEMAP_PART_URLS = 25_000
"""A part of the sitemap lists about this many pages at most: half of what a sitemap may list (50,000), so that the
pages, shared out among the parts by their URLs' checksums, never pass it; and an edit that adds or takes away a page
renders its part again, not a list of the whole site."""


def sitemap_pages(pages: Sequence[Page]) -> list[Page]:
    """The sitemap index and its parts, listing every HTML page but the 404."""
    return _sitemap_of(url for page in pages if (url := _sitemap_url(page.path)) is not None)


def sitemap_changed(sitemap: Sequence[Page], gone: Iterable[str], came: Iterable[str]) -> tuple[list[Page], list[str]]:
    """After the pages at the `gone` paths went and those at the paths that `came` came, the fresh specs of the
    `sitemap`'s pages (its index, then its parts, as `sitemap_pages` gives them) that change, and the paths of its
    parts no longer on the site: the parts listing those pages, or the whole sitemap when it has more or fewer
    parts now."""
    parts = sitemap[1:]
    went = {url for url in map(_sitemap_url, gone) if url is not None}
    added = [url for url in map(_sitemap_url, came) if url is not None]
    count = _part_count(sum(len(part.context["urls"]) for part in parts) - len(went) + len(added))
    if count != len(parts):
        listed = {url for part in parts for url in part.context["urls"]}
        return _sitemap_of((listed - went).union(added)), [_part_path(i) for i in range(count, len(parts))]
    changed: dict[int, list[str]] = {}
    for url in went:
        urls = changed.setdefault(at := _part_of(url, count), list(parts[at].context["urls"]))
        if (where := bisect_left(urls, url)) < len(urls) and urls[where] == url:
            del urls[where]
    for url in added:
        insort(changed.setdefault(at := _part_of(url, count), list(parts[at].context["urls"])), url)
    return [_sitemap_part(at, urls) for at, urls in changed.items()], []


def sitemap_part_paths(index: Page) -> list[str]:
    """The site paths of the parts the sitemap `index` lists."""
    return [url.removeprefix("/") for url in index.context["parts"]]


def _sitemap_of(urls: Iterable[str]) -> list[Page]:
    """The sitemap index and its parts, listing the URLs: each part in URL order, so that where a page comes among
    the site's (a meeting's, which its date gives) is not the sitemap's concern."""
    ordered = sorted(urls)
    count = _part_count(len(ordered))
    parts: list[list[str]] = [[] for _ in range(count)]
    for url in ordered:
        parts[_part_of(url, count)].append(url)
    index = Page(SITEMAP, "sitemap_index.xml", {"parts": tuple("/" + _part_path(i) for i in range(count))},
                 lists_all=True)
    return [index, *(_sitemap_part(at, urls) for at, urls in enumerate(parts))]


def _part_count(urls: int) -> int:
    """How many parts the sitemap of so many URLs has: a power of two, so that most edits keep it."""
    count = 1
    while count * SITEMAP_PART_URLS < urls:
        count *= 2
    return count


def _part_of(url: str, count: int) -> int:
    """Which of `count` parts of the sitemap lists the URL: by its checksum, the same in every build."""
    return zlib.crc32(url.encode()) % count


def _part_path(at: int) -> str:
    """The site path of the sitemap's part at index `at`: beside the index, since a sitemap lists only the pages
    below its own folder."""
    return f"sitemap-{at + 1}.xml"


def _sitemap_part(at: int, urls: Sequence[str]) -> Page:
    """The sitemap's part at index `at`, listing the URLs (sorted)."""
    return Page(_part_path(at), "sitemap.xml", {"urls": tuple(urls)}, lists_all=True)


def _sitemap_url(path: str) -> str | None:
    """The URL the sitemap lists for the page at `path`, if it lists it (HTML pages but the 404)."""
    return "/" + path.removesuffix("index.html") if path.endswith("index.html") else None


FILTER_VALUES_SHOWN = 200
"""The search page lists at most this many values of a long filter (speaker, city): those with the most results."""
LONG_FILTERS = ("speaker", "city")
"""The search filters whose values grow with the archive (see `templates/search_pagefind.js`)."""
SEARCH_MODULE = "search/pagefind.js"
"""Pagefind as the search page's UI sees it: long filters cut to their most frequent values."""


def search_module() -> Page:
    """The module the search page's UI loads instead of Pagefind's own: see `FILTER_VALUES_SHOWN`."""
    context = {"values_shown": FILTER_VALUES_SHOWN, "trimmed": LONG_FILTERS}
    return Page(SEARCH_MODULE, "search_pagefind.js", context, lists_all=True)


def robots() -> Page:
    """`robots.txt`, pointing to the sitemap."""
    return Page("robots.txt", "robots.txt", {}, lists_all=True)


def site_pages(graph: SiteGraph) -> tuple[Page, ...]:
    """Every page of the site, in a stable order."""
    pages = [
        home_page(graph),
        *meetings_pages(graph),
        *speakers_pages(graph),
        cities_index(graph),
        countries_index(graph),
        search_page(graph),
        not_found_page(graph),
    ]
    pages += [meeting_page(graph, m) for m in graph.meetings]
    pages += [page for p in graph.people for page in person_pages(graph, p)]
    points = cache(lambda: listings.map_points(graph))
    pages += [page for c in graph.cities for page in city_pages(graph, c, points)]
    pages += [country_page(graph, c) for c in graph.countries]
    return (*pages, *sitemap_pages(pages), robots(), search_module())


class ShowsMeetings(Protocol):
    """A page, or its outline (`generator.outline`): where it goes, and which meetings it shows."""

    @property
    def path(self) -> str: ...
    @property
    def meetings(self) -> frozenset[str]: ...
    @property
    def lists_all(self) -> bool: ...


AnyPage = TypeVar("AnyPage", bound=ShowsMeetings)


def affected_pages(
    old: Sequence[AnyPage], new: Sequence[AnyPage], changed: Collection[str]
) -> tuple[tuple[AnyPage, ...], tuple[str, ...]]:
    """After the `changed` meetings' records changed: the new pages to re-render, and the paths gone from the site."""
    touched = {p.path for p in old if p.lists_all or p.meetings.intersection(changed)}
    known = {p.path for p in old}
    render = tuple(
        p for p in new if p.lists_all or p.meetings.intersection(changed) or p.path in touched or p.path not in known
    )
    current = {p.path for p in new}
    return render, tuple(sorted(known - current))


@dataclass(frozen=True, slots=True)
class SpecChange:
    """Fresh page specs after an edit relinked in place, and the pages gone from the site."""

    pages: tuple[Page, ...]
    """The specs of the pages to render again, or for the first time (those new to the site)."""
    gone: tuple[str, ...] = ()
    """The paths of the pages no longer on the site."""


def pages_showing(edits: Sequence[Relinked]) -> SpecChange | None:
    """Fresh specs, from the last edit's graph, of the pages showing what edits relinked in place changed, with
    the pages of years a meeting moved to another year took away or brought.

    The edited meetings' pages, the pages of the people whose excerpts or named cities changed, of
    the cities whose mentions read differently and of the countries that count someone's paragraphs;
    every city's page when the map changed; the index pages whose counts changed; every page listing a
    meeting whose header changed, or that listed it before its date moved it (`_pages_listing`). Of a person's
    or a city's pages of years, only those showing an edited meeting. None when a city or country gained or
    lost its page, or a person or city page, or the index of meetings, gained or lost a page of a year: then
    every spec is made again (and every page that shows the meeting is redone).
    """
    if any(edit.city_list_changed or edit.countries_changed for edit in edits):
        return None
    graph, before = edits[-1].graph, edits[0].previous
    meetings = {edit.meeting.slug for edit in edits}
    people = {person.slug: person for edit in edits for person in edit.people if _person_page_changed(edit, person)}
    recounted = {person.slug: person for edit in edits for person in edit.recounted}
    countries = {person.country.slug: person.country for person in recounted.values() if person.country}
    map_changed = any(edit.map_changed for edit in edits)
    cities = {c.slug: c for edit in edits for c in edit.cities if _city_page_changed(edit, c)}
    points = cache(lambda: listings.map_points(graph))
    people_pages = [page for person in people.values() for page in person_pages(graph, person)]
    city_pages_ = [page for city in cities.values() for page in city_pages(graph, city, points)]
    people_before = [page for person in people.values() for page in person_pages(before, person)]
    cities_before = [page for city in cities.values() for page in city_pages(before, city)]
    if _paths(people_pages) != _paths(people_before) or _paths(city_pages_) != _paths(cities_before):
        return None
    # A page of theirs is redone if it showed an edited meeting, or shows it now (a city named there no more).
    shown = _paths(showing([*people_pages, *city_pages_, *people_before, *cities_before], meetings))
    pages = paragraph_counting_pages(graph) if any(edit.paragraphs_recounted for edit in edits) else []
    pages += speakers_pages(graph) if recounted else []
    pages += [cities_index(graph)] if map_changed else []
    pages += [meeting_page(graph, m) for m in graph.meetings if m.slug in meetings]
    pages += [page for page in [*people_pages, *city_pages_] if page.path in shown]
    pages += [country_page(graph, country) for country in countries.values()]
    if map_changed:  # every city's own page draws the map; its pages of years do not
        pages += [city_page(graph, city, points, split=_city_split(graph, city))
                  for city in graph.cities if city.slug not in cities]
    listing = _pages_listing(graph, [edit for edit in edits if edit.header_changed], points)
    if listing is None:
        return None
    fresh = {page.path: page for page in [*pages, *listing.pages]}
    return SpecChange(tuple(fresh.values()), listing.gone)


def _pages_listing(graph: SiteGraph, edits: Sequence[Relinked],
                   points: Callable[[], Sequence[MapPoint]]) -> SpecChange | None:
    """Fresh specs of the pages whose context holds the meetings of the `edits` (which changed their header: title,
    times), the only pages that can show it (`_listing_candidates`); of a meeting whose date moved it among the
    others, those whose context held it before the edit too (its neighbours then, say), and when it moved to
    another year, the pages counting the years, with the pages of years that came and went (`_YearsRecounted`).
    None when two edits moved meetings to other years (each would place pages among the other's)."""
    years = {meeting.record.meeting.year for edit in edits for meeting in (edit.before, edit.meeting)}
    pages = _listing_candidates(graph, [edit.meeting for edit in edits], points, years)
    shown = _paths(showing(pages, {edit.meeting.slug for edit in edits}))
    for edit in (edit for edit in edits if edit.reordered):
        was = [m for m in edit.previous.neighbours.get(edit.before.slug, ()) if m is not None]
        pages += [meeting_page(graph, m) for m in was]
        shown |= _paths(showing(_listing_candidates(edit.previous, [edit.before], points), {edit.before.slug}))
    redated = [edit for edit in edits if edit.before.record.meeting.year != edit.meeting.record.meeting.year]
    if len(redated) > 1 or (redated and redated[0] is not edits[-1]):
        return None
    recounted = _YearsRecounted.of(graph, redated[0], points) if redated else _YearsRecounted([], ())
    pages += recounted.pages
    shown |= _paths(recounted.pages)
    return SpecChange(tuple(page for page in pages if page.lists_all or page.path in shown), recounted.gone)


@dataclass(frozen=True, slots=True)
class _YearsRecounted:
    """The pages counting the years, after a meeting moved to another year: fresh specs of those that stay or came,
    and the paths of those gone."""

    pages: list[Page]
    gone: tuple[str, ...]

    @classmethod
    def of(cls, graph: SiteGraph, edit: Relinked, points: Callable[[], Sequence[MapPoint]]) -> _YearsRecounted:
        """The archive's (the home, search and 404 pages show its first and last years, the index of meetings its
        years when it lists them), and of the meeting's speakers and cities, their own pages (which list their
        years when they have pages of years) and their pages of the meeting's years before and after.

        Only the specs of those pages are made: a family's other pages are known by their paths (a city's page
        and each of its years' draw on a set of meetings, New York's thousands, made with the spec)."""
        previous, was, now = edit.previous, edit.before, edit.meeting
        people = list(graph.speakers(now).values())
        cities = list({city.slug: city for city in [*_cities_listing(previous, [was]),
                                                    *_cities_listing(graph, [now])]}.values())
        families = [_Family(_person_years(previous, person), _person_years(graph, person), person.url,
                            partial(_person_pages_of, graph, person))
                    for person in people]
        families += [_Family(_city_years(previous, city), _city_years(graph, city), city_url(city),
                             partial(_city_pages_of, graph, city, points))
                     for city in cities]
        if _index_split(graph):
            families.append(_Family(_meetings_years(previous), _meetings_years(graph), "/meetings/",
                                    partial(_meetings_pages_of, graph)))
        recounted = cls([*paragraph_counting_pages(graph), search_page(graph)], ())
        for family in families:
            recounted = recounted._with(family)
        return recounted

    def _with(self, family: _Family) -> _YearsRecounted:
        """With the family's pages of years that went or came, and its first page (which lists the years)."""
        came = set(family.after or ()).difference(family.before or ())
        went = set(family.before or ()).difference(family.after or ())
        return _YearsRecounted([*self.pages, *family.pages(came)], (*self.gone, *family.paths(sorted(went))))


@dataclass(frozen=True, slots=True)
class _Family:
    """A page and its pages of years (a person's, a city's, the index of meetings'), before and after an edit: their
    years (None: no pages of years), and the specs of the first page and of some years, now."""

    before: tuple[int, ...] | None
    after: tuple[int, ...] | None
    url: str
    """The first page's URL; each year's page is below it."""
    pages: Callable[[Collection[int]], list[Page]]
    """The first page's spec, now, and those of the given years' pages."""

    def paths(self, years: Iterable[int]) -> list[str]:
        """The paths of the years' pages."""
        return [_path(_year_url(self.url)(year)) for year in years]


def _person_years(graph: SiteGraph, person: Person) -> tuple[int, ...] | None:
    """The years of the person's pages of years (`person_pages`), None when they have none."""
    if not _person_split(graph, person):
        return None
    return listings.years_of(graph.turns_by_person.get(person.slug, ()), entry_year)


def _person_pages_of(graph: SiteGraph, person: Person, years: Collection[int]) -> list[Page]:
    """The person's own page and their pages of the `years`."""
    return [own_person_page(graph, person), *(person_year_pages(graph, person, years) if years else ())]


def _city_years(graph: SiteGraph, city: City) -> tuple[int, ...] | None:
    """The years of the city's pages of years (`city_pages`), None when it has none."""
    if not _city_split(graph, city):
        return None
    held = listings.years_of(graph.meetings_by_city.get(city.slug, ()), meeting_year)
    mentioned = listings.years_of(graph.mentions_by_city.get(city.slug, ()), entry_year)
    return tuple(sorted({*held, *mentioned}))


def _city_pages_of(graph: SiteGraph, city: City, points: Callable[[], Sequence[MapPoint]],
                   years: Collection[int]) -> list[Page]:
    """The city's own page and its pages of the `years`."""
    own = city_page(graph, city, points, split=_city_split(graph, city))
    return [own, *(city_year_pages(graph, city, years) if years else ())]


def _meetings_years(graph: SiteGraph) -> tuple[int, ...]:
    """The years of the index of meetings' pages of years."""
    return listings.years_of(graph.meetings, meeting_year)


def _meetings_pages_of(graph: SiteGraph, years: Collection[int]) -> list[Page]:
    """The index of meetings, listing its years, and its pages of the `years`."""
    return [meetings_index(graph, split=True), *(meetings_year_pages(graph, years) if years else ())]


def _listing_candidates(graph: SiteGraph, meetings: Sequence[MeetingPage], points: Callable[[], Sequence[MapPoint]],
                        years: Collection[int] | None = None) -> list[Page]:
    """Fresh specs of the pages that may hold the `meetings` in their context: the home page, the index of meetings,
    the meetings' neighbours' pages, their speakers' pages, the pages of the cities they were held in or name, and
    of the country they were held in when it lists the meetings held there. Of a page with pages of years, the
    pages of the meetings' years (it lists the years, with counts).

    A page that counts the meetings does not hold them: the pages of their speakers' countries and offices' cities.
    Of pages of years, those of the `years` given, else of the meetings' years.
    """
    if not meetings:
        return []
    years = years if years is not None else {meeting.record.meeting.year for meeting in meetings}
    people = {slug: person for meeting in meetings for slug, person in graph.speakers(meeting).items()}
    neighbours = {m.slug: m for meeting in meetings for m in graph.neighbours.get(meeting.slug, ()) if m is not None}
    pages = [home_page(graph), *(meetings_year_pages(graph, years) if _index_split(graph) else [meetings_index(graph)])]
    pages += [meeting_page(graph, m) for m in neighbours.values()]
    for person in people.values():
        pages += person_statement_pages(graph, person, years)
    for city in _cities_listing(graph, meetings):
        pages += city_mention_pages(graph, city, years, points)
    pages += [country_page(graph, country) for country in _countries_listing(graph, meetings)]
    return pages


def showing(pages: Iterable[Page], slugs: Collection[str]) -> list[Page]:
    """The pages showing something of the meetings of `slugs` (of a person's or city's pages of years, those years)."""
    return [page for page in pages if not page.meetings.isdisjoint(slugs)]


def _cities_listing(graph: SiteGraph, meetings: Iterable[MeetingPage]) -> list[City]:
    """The cities whose pages list the meetings: where each was held, and those it names."""
    held = (meeting.city for meeting in meetings)
    named = (city for meeting in meetings for city in graph.cities_named(meeting).values())
    with_page = {city.slug for city in graph.cities}
    return list({c.slug: c for c in (*held, *named) if c is not None and c.slug in with_page}.values())


def _countries_listing(graph: SiteGraph, meetings: Iterable[MeetingPage]) -> list[Country]:
    """The countries whose pages list the meetings: where each was held, if not too many were (`_held_in_country`)."""
    found = (listings.country_of(graph, meeting.city) for meeting in meetings if meeting.city is not None)
    return [country for country in {c.slug: c for c in found if c is not None}.values()
            if _lists_held(listings.held_in(graph, country))]


def _paths(pages: Iterable[Page]) -> set[str]:
    return {page.path for page in pages}


def _person_page_changed(edit: Relinked, person: Person) -> bool:
    """True when the person's page reads differently after the edit: their excerpts, counts or cities."""
    return (edit.previous.cities_by_person.get(person.slug) != edit.graph.cities_by_person.get(person.slug)
            or listings.turn_excerpts(edit.previous, edit.before, person)
            != listings.turn_excerpts(edit.graph, edit.meeting, person))


def _city_page_changed(edit: Relinked, city: City) -> bool:
    """True when the city's page reads differently after the edit: its mentions in the meeting."""
    return (listings.mention_excerpts(edit.previous, edit.before, city)
            != listings.mention_excerpts(edit.graph, edit.meeting, city))
