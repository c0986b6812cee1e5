"""The one place the Jinja environment is built: loader, autoescape, strictness, filters, globals."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.render.markdown import excerpt, highlight, plain_text, render_inline

SITE_NAME = "Plenary"
"""The name in every page's header and title."""


DATES_KEPT = 1 << 15
"""How many dates `format_date` keeps formatted: a meeting's date is shown on every page that lists the meeting."""


@lru_cache(maxsize=DATES_KEPT)
def format_date(value: dt.date) -> str:
    """`2 May 2018`: the UN's day-month-year style (remembered: `strftime` takes 4 µs, and each speaker's page of a
    year lists dozens of meetings)."""
    return f"{value.day} {value:%B %Y}"


def format_time(value: dt.time) -> str:
    """`10.10 a.m.`, `12.55 p.m.`, `noon`: the UN's style for times of day."""
    if value.hour == 12 and value.minute == 0:
        return "noon"
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}.{value.minute:02d} {suffix}"


def pluralize(count: int, singular: str, plural: str | None = None) -> str:
    """`1 meeting`, `3 meetings`, `2 cities` (with the plural given), thousands separated."""
    word = singular if count == 1 else plural or singular + "s"
    return f"{count:,} {word}"


def absolute(path: str, base_url: str) -> str:
    """The URL of a site path: absolute when the site's base URL is known, else as given."""
    return base_url.rstrip("/") + path if base_url else path


TEXTS_ESCAPED_KEPT = 1 << 16
"""How many texts `escape_text` keeps escaped (names, countries, symbols: a few megabytes)."""


def escape_text(value: object) -> Markup:
    """`markupsafe.escape`, the `e` filter, remembered for text: the lists escape the same names, countries and
    titles again and again (each speaker's page lists up to 30 companions and their delegations)."""
    return _escaped(value) if type(value) is str else escape(value)


@lru_cache(maxsize=TEXTS_ESCAPED_KEPT)
def _escaped(text: str) -> Markup:
    return escape(text)


def url_locations(paths: Sequence[str], base_url: str) -> Markup:
    """A sitemap's `<url><loc>` line for each site path, absolute (see `absolute`), escaped all at once rather than
    one by one: a sitemap lists every page, 60,000 of them at 10,000 records."""
    if not paths:
        return Markup("")
    base = str(escape(base_url.rstrip("/"))) if base_url else ""
    text = str(escape("\n".join(paths))).replace("\n", "</loc></url>\n  <url><loc>" + base)
    return Markup("  <url><loc>" + base + text + "</loc></url>\n")


class Slugged(Protocol):
    """Anything with a URL segment: a City, a Country."""

    @property
    def slug(self) -> str: ...


def city_url(city: Slugged) -> str:
    """The site URL of a city's page."""
    return f"/cities/{city.slug}/"


def country_url(country: Slugged) -> str:
    """The site URL of a country's page."""
    return f"/countries/{country.slug}/"


def anchor_of(text: str) -> str:
    """A fragment id made of a text's ASCII letters and digits: `economic-and-social-council`."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split()) or "x"


def paragraph_label(number: int | None) -> str:
    """How a list names a paragraph: `para. 40`, or `paragraph` when the record does not number them."""
    return f"para. {number}" if number is not None else "paragraph"


def coordinates(latitude: float, longitude: float) -> str:
    """`31.96° N, 35.95° E`."""
    return (
        f"{abs(latitude):.2f}° {'N' if latitude >= 0 else 'S'}, {abs(longitude):.2f}° {'E' if longitude >= 0 else 'W'}"
    )


FRAGMENTS_KEPT = 1 << 13
"""How many rendered statements of a person in a meeting `Fragments` keeps (a few kilobytes each)."""

ENTRIES_KEPT = 1 << 16
"""How many rendered entries of the speakers' lists `Fragments` keeps (a few hundred bytes each): everyone at 10,000
records (28,679)."""


class Fragments:
    """The markup the templates rendered of a person's statements in one meeting (`listings.MeetingStatements`), kept
    by the identity of the person and of their turns there, for the next page that shows the very same.

    The graph never changes an object: an edit makes new turns for the meeting it changed, a new person for someone
    it shows differently. The dev server renders a meeting's speakers' pages again edit after edit of it (a date
    moved to another year, the pages of both years of each of them), each listing dozens of meetings the edit left
    as they were. What is kept holds what it was rendered from, so that no other object takes their identities. The
    environment keeps its own: a template changed makes another.

    It keeps the entries of the speakers' lists too (`listings.PersonEntry`), by the identity of the person and their
    counts: an edit that adds a turn by someone new, or renames someone, changes one entry of their letter's page,
    which lists thousands (3,700 under A at 10,000 records)."""

    __slots__ = ("_entries", "_kept")

    def __init__(self) -> None:
        self._kept: dict[tuple[int, ...], tuple[object, tuple[object, ...], str]] = {}
        self._entries: dict[tuple[int, int, int], tuple[object, str]] = {}

    def get(self, group: Any, person: Any) -> str | None:
        """The markup kept of the person's statements in `group`, if any."""
        found = self._kept.get(_identity(group, person))
        return None if found is None else found[2]

    def keep(self, group: Any, person: Any, markup: str) -> str:
        """Keep the markup rendered of the person's statements in `group`; the markup."""
        if len(self._kept) >= FRAGMENTS_KEPT:
            self._kept.clear()
        self._kept[_identity(group, person)] = (person, group.turns, markup)
        return markup

    def entries(self, entries: Iterable[Any], render: Callable[[Any], str]) -> Markup:
        """The markup of each entry of a list of speakers (`listings.PersonEntry`), joined: the markup kept of the
        very same entry (the identity of its person, and its counts), else what `render` (the template's macro)
        renders of it, kept."""
        kept = self._entries
        parts: list[str] = []
        for entry in entries:
            found = kept.get((id(entry.person), entry.meetings, entry.paragraphs))
            parts.append(self.keep_entry(entry, str(render(entry))) if found is None else found[1])
        return Markup("".join(parts))

    def keep_entry(self, entry: Any, markup: str) -> str:
        """Keep the markup rendered of a person's entry in a list of speakers; the markup."""
        if len(self._entries) >= ENTRIES_KEPT:
            self._entries.clear()
        self._entries[id(entry.person), entry.meetings, entry.paragraphs] = (entry.person, markup)
        return markup


def _identity(group: Any, person: Any) -> tuple[int, ...]:
    return (id(person), *map(id, group.turns))


def make_environment(templates_dir: Path, *, asset_urls: Mapping[str, str], base_url: str = "",
                     keep_fragments: bool = False) -> Environment:
    """The Jinja environment: templates from `templates_dir`, autoescaped, strict, with every filter; with
    `keep_fragments` (the dev server's), `kept` keeps what the templates render of a person's statements in a
    meeting (`Fragments`); without, it is None (a build renders each once or twice, and keeping them cost more).

    The templates are read once: an environment renders with the templates it first read (the dev server makes a
    new one when they change), so rendering a page does not look at the template files' times (three a page)."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        auto_reload=False,
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "svg"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        e=escape_text,
        markdown_inline=render_inline,
        plain=plain_text,
        excerpt=excerpt,
        highlight=highlight,
        date=format_date,
        time=format_time,
        pluralize=pluralize,
        city_url=city_url,
        country_url=country_url,
        absolute=lambda path: absolute(path, base_url),
        url_locations=lambda paths: url_locations(paths, base_url),
        anchor=anchor_of,
        paragraph_label=paragraph_label,
        coordinates=coordinates,
    )
    env.globals.update(site_name=SITE_NAME, base_url=base_url, asset=lambda name: asset_urls[name],
                       kept=Fragments() if keep_fragments else None)
    return env
