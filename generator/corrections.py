"""The author's corrections file, `content/corrections.toml`: who is who, and which places are cities.

Reading is strict: an unknown key, a wrong type or a malformed identity is a `ConfigError`
pointing at the entry's line. Whether an identity matches anybody is only known once the
records are linked; `graph.py` reports that as a warning.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator.countries import country_named
from generator.errors import ConfigError
from generator.places import MENTION_MIN_POPULATION, City
from generator.slugs import LETTER_SLUGS, SLUG, short_hash, slugify

IDENTITY_EXAMPLE = '"Mr. Zarrilli (United States of America)"'


class Action(StrEnum):
    """What a `[[person]]` entry does with the speakers it names."""

    MATCH = "match"
    """Name one person, to give them a full name or a fixed slug."""
    MERGE = "merge"
    """Make the named speakers one person."""
    SPLIT = "split"
    """Take the named speakers away from whoever the graph joined them with, as one person of their own."""


@dataclass(frozen=True, slots=True)
class Identity:
    """A speaker as an author names them: `Mr. Zarrilli (United States of America)`."""

    name: str
    """The printed name with honorific, or a title: `Mr. Zarrilli`, `The President`."""
    qualifier: str | None
    """What is in the parentheses: a country, an organization, a body or a meeting symbol."""
    text: str
    """The identity as written in the file."""


@dataclass(frozen=True, slots=True)
class PersonCorrection:
    """One `[[person]]` entry."""

    action: Action
    """Match, merge or split."""
    identities: tuple[Identity, ...]
    """The speakers the entry names."""
    full_name: str | None
    """The name to display instead of the printed one."""
    slug: str | None
    """A fixed URL segment for the person's page."""
    path: str
    """The corrections file."""
    line: int
    """The line of the entry's `[[person]]` header."""

    @property
    def where(self) -> str:
        """`content/corrections.toml:12`, for messages."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class AddedPlace:
    """A city the gazetteer lacks: `Kibera`, with its coordinates and country."""

    name: str
    latitude: float
    longitude: float
    country: str
    """The country as the author wrote it: `Kenya`."""
    country_code: str
    """The country's ISO 3166-1 alpha-2 code: `KE`."""
    line: int
    population: int | None = None
    """As the author gives it; without it the place counts as a city wherever it is named."""

    def city(self) -> City:
        """The place as the gazetteer's City, with a stable negative id that no geonames city has."""
        geonameid = -1 - int(short_hash(f"{self.name}|{self.country_code}"), 16)
        population = MENTION_MIN_POPULATION if self.population is None else self.population
        return City(geonameid, self.name, slugify(self.name), self.country_code, self.latitude, self.longitude,
                    population)


@dataclass(frozen=True, slots=True)
class SuppressedPlace:
    """A name that is never a city, however the gazetteer sees it: `Mobile`."""

    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Corrections:
    """Everything the corrections file says; empty when there is no file."""

    people: tuple[PersonCorrection, ...] = ()
    """`[[person]]` entries, in file order (later entries win)."""
    places: tuple[AddedPlace | SuppressedPlace, ...] = ()
    """`[[place]]` entries, in file order."""
    path: str = ""
    """The file read, for messages."""

    def added_places(self) -> tuple[AddedPlace, ...]:
        """The cities the author added."""
        return tuple(p for p in self.places if isinstance(p, AddedPlace))

    def added_cities(self) -> dict[str, City]:
        """The cities the author added, by name, as `Gazetteer.load(added=...)` takes them."""
        return {p.name: p.city() for p in self.added_places()}

    def suppressed_places(self) -> tuple[str, ...]:
        """The names the author says are never cities."""
        return tuple(p.name for p in self.places if isinstance(p, SuppressedPlace))


def load_corrections(path: Path) -> Corrections:
    """The corrections in the file at `path`; none if it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Corrections(path=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), None, f"cannot read: {error}") from None
    return read_corrections(text, str(path))


def read_corrections(text: str, path: str) -> Corrections:
    """The corrections in `text`; a `ConfigError` listing every problem if any entry is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, _decode_line(error, text), f"not valid TOML: {_decode_reason(error)}") from None
    reader = _Reader(path, text.splitlines())
    corrections = Corrections(reader.people(data), reader.places(data), path)
    reader.unknown_tables(data)
    if reader.problems:
        raise CorrectionsError(path, reader.problems)
    return corrections


def parse_identity(text: str) -> Identity | None:
    """`Mr. Williams (Programme (UN-Habitat))` split at its last balanced parentheses; None if malformed."""
    text = " ".join(text.split())
    if not text.endswith(")"):
        return Identity(text, None, text) if text and "(" not in text and ")" not in text else None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            name, qualifier = text[:index].strip(), text[index + 1 : -1].strip()
            if not name or not qualifier or "(" in name or ")" in name:
                return None
            return Identity(name, qualifier, text)
    return None


# -- reading ------------------------------------------------------------------------------------------

_PERSON_KEYS = ("match", "merge", "split", "full_name", "slug")
_PLACE_KEYS = ("add", "suppress", "latitude", "longitude", "country", "population")
_TABLES = {"person": _PERSON_KEYS, "place": _PLACE_KEYS}
_TABLE_ALIASES = {"people": "person", "persons": "person", "speaker": "person", "speakers": "person",
                  "places": "place", "city": "place", "cities": "place"}
_DECODE_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")


class _Reader:
    """Checks the decoded file entry by entry, collecting every problem with its line."""

    def __init__(self, path: str, lines: Sequence[str]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[ConfigError] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(ConfigError(self.path, line, message))

    def entries(self, data: dict[str, Any], table: str) -> list[tuple[dict[str, Any], int]]:
        """The entries of `[[table]]`, each with the line of its header."""
        value = data.get(table, [])
        starts = _header_lines(self.lines, table)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(_key_line(self.lines, table) or (starts[0] if starts else None),
                         f"`{table}` must be a list of entries, each starting with a line `[[{table}]]`")
            return []
        return [(entry, starts[i] if i < len(starts) else 1) for i, entry in enumerate(value)]

    def known_keys(self, entry: dict[str, Any], line: int, table: str) -> bool:
        """False (with a problem noted) when the entry has a key the format does not know."""
        allowed = _TABLES[table]
        unknown = sorted(set(entry) - set(allowed))
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f'did you mean "{close[0]}"?' if close else "expected one of " + ", ".join(allowed)
            self.problem(self.key_line(line, key), f'unknown key "{key}" in [[{table}]]: {hint}')
        return not unknown

    def key_line(self, start: int, key: str) -> int:
        """The line of `key = ...` in the entry whose header is at `start`, else the header's."""
        for number in range(start, len(self.lines)):
            text = self.lines[number].strip()
            if number > start and text.startswith("["):
                break
            if re.match(rf'^"?{re.escape(key)}"?\s*=', text):
                return number + 1
        return start

    def people(self, data: dict[str, Any]) -> tuple[PersonCorrection, ...]:
        found = (self.person(entry, line) for entry, line in self.entries(data, "person"))
        return tuple(p for p in found if p is not None)

    def person(self, entry: dict[str, Any], line: int) -> PersonCorrection | None:
        if not self.known_keys(entry, line, "person"):
            return None
        actions = [a for a in Action if a.value in entry]
        if len(actions) != 1:
            what = "has both " + " and ".join(a.value for a in actions) if actions else "says whom it is about"
            self.problem(line, f"a [[person]] entry {what}: give exactly one of match, merge or split")
            return None
        action, before = actions[0], len(self.problems)
        identities = self.identities(entry[action.value], action, self.key_line(line, action.value))
        full_name = self.text(entry, "full_name", line, '"Daniel Zarrilli"')
        slug = self.slug(entry, line)
        if identities is None or len(self.problems) > before:
            return None
        if action is Action.MATCH and full_name is None and slug is None:
            self.problem(line, "this [[person]] entry changes nothing: add full_name or slug, or use merge or split")
            return None
        return PersonCorrection(action, identities, full_name, slug, self.path, line)

    def identities(self, value: Any, action: Action, line: int) -> tuple[Identity, ...] | None:
        """The entry's identities: one for match, one or more for split, two or more for merge."""
        values = [value] if isinstance(value, str) and action is not Action.MERGE else value
        least = {Action.MATCH: 1, Action.SPLIT: 1, Action.MERGE: 2}[action]
        shape = {Action.MATCH: f"one identity, like {IDENTITY_EXAMPLE}",
                 Action.SPLIT: f"an identity or a list of them, like {IDENTITY_EXAMPLE[:-1]} (A/79/PV.29)\"",
                 Action.MERGE: f"a list of two or more identities, like [{IDENTITY_EXAMPLE}, "
                               '"Mr. Zarrilli (New York City)"]'}
        if (not isinstance(values, list) or len(values) < least or not all(isinstance(v, str) for v in values)
                or (action is Action.MATCH and len(values) != 1)):
            self.problem(line, f"{action.value} must be {shape[action]}")
            return None
        parsed = [(text, parse_identity(text)) for text in values]
        for text, identity in parsed:
            if identity is None:
                self.problem(line, f'"{text}" is not an identity: write the name as printed, then a country, '
                                   f"organization or meeting symbol in parentheses, like {IDENTITY_EXAMPLE}")
        return tuple(i for _, i in parsed if i is not None) if all(i for _, i in parsed) else None

    def text(self, entry: dict[str, Any], key: str, line: int, example: str) -> str | None:
        """The entry's text value for `key`; None when absent or wrong (a problem is noted)."""
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        self.problem(self.key_line(line, key), f"{key} must be text, like {key} = {example}")
        return None

    def slug(self, entry: dict[str, Any], line: int) -> str | None:
        value = self.text(entry, "slug", line, '"daniel-zarrilli"')
        if isinstance(value, str) and not SLUG.match(value):
            self.problem(self.key_line(line, "slug"), f'slug "{value}" may hold only lower-case letters, digits '
                                                      'and single hyphens, like slug = "daniel-zarrilli"')
            return None
        if value in LETTER_SLUGS:
            self.problem(self.key_line(line, "slug"), f'slug "{value}" is the address of a page of the speakers '
                                                      f'index (/speakers/{value}/): choose another, like '
                                                      'slug = "daniel-zarrilli"')
            return None
        return value

    def places(self, data: dict[str, Any]) -> tuple[AddedPlace | SuppressedPlace, ...]:
        found = (self.place(entry, line) for entry, line in self.entries(data, "place"))
        return tuple(p for p in found if p is not None)

    def place(self, entry: dict[str, Any], line: int) -> AddedPlace | SuppressedPlace | None:
        if not self.known_keys(entry, line, "place"):
            return None
        if ("add" in entry) == ("suppress" in entry):
            what = "has both add and suppress" if "add" in entry else "names no place"
            self.problem(line, f"a [[place]] entry {what}: give either add = \"Kibera\" (with latitude, longitude "
                               'and country) or suppress = "Mobile"')
            return None
        if "suppress" in entry:
            return self.suppressed(entry, line)
        return self.added(entry, line)

    def suppressed(self, entry: dict[str, Any], line: int) -> SuppressedPlace | None:
        extra = sorted(set(entry) - {"suppress"})
        if extra:
            self.problem(self.key_line(line, extra[0]), f'{extra[0]} belongs with add, not suppress: a suppressed '
                                                        "name is never a city anywhere")
            return None
        name = self.text(entry, "suppress", line, '"Mobile"')
        return SuppressedPlace(name, line) if isinstance(name, str) else None

    def added(self, entry: dict[str, Any], line: int) -> AddedPlace | None:
        name = self.text(entry, "add", line, '"Kibera"')
        latitude = self.number(entry, "latitude", line, 90.0)
        longitude = self.number(entry, "longitude", line, 180.0)
        country = self.country(entry, line)
        population = entry.get("population")
        if population is not None and not self.people_count(population, line):
            return None
        if not isinstance(name, str) or latitude is None or longitude is None or country is None:
            return None
        return AddedPlace(name, latitude, longitude, country[0], country[1], line, population)

    def people_count(self, value: Any, line: int) -> bool:
        """True for a population the format accepts; otherwise a problem is noted."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return True
        self.problem(self.key_line(line, "population"), "population must be a whole number of people, like "
                                                        "population = 250000")
        return False

    def number(self, entry: dict[str, Any], key: str, line: int, bound: float) -> float | None:
        value = entry.get(key)
        if value is None:
            self.problem(line, f"this added place needs {key}: a number of degrees between {-bound:g} and {bound:g}")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not -bound <= value <= bound:
            self.problem(self.key_line(line, key), f"{key} must be a number of degrees between {-bound:g} and "
                                                   f"{bound:g}, like {key} = {-1.31 if bound == 90 else 36.79}")
            return None
        return float(value)

    def country(self, entry: dict[str, Any], line: int) -> tuple[str, str] | None:
        """The country's name as written and its code."""
        if "country" not in entry:
            self.problem(line, 'this added place needs country, like country = "Kenya"')
            return None
        name = self.text(entry, "country", line, '"Kenya"')
        if not isinstance(name, str):
            return None
        found = country_named(name)
        if found is None:
            self.problem(self.key_line(line, "country"), f'unknown country "{name}": write its name as the UN '
                                                         'prints it, like country = "Kenya"')
            return None
        return name, found.code

    def unknown_tables(self, data: dict[str, Any]) -> None:
        for key in sorted(set(data) - set(_TABLES)):
            guesses = difflib.get_close_matches(key, list(_TABLES), n=1)
            close = _TABLE_ALIASES.get(key.casefold()) or (guesses[0] if guesses else None)
            hint = f"did you mean [[{close}]]?" if close else "expected [[person]] or [[place]] entries"
            starts = _header_lines(self.lines, key)
            self.problem(starts[0] if starts else _key_line(self.lines, key), f'unknown table "{key}": {hint}')


def _header_lines(lines: Sequence[str], table: str) -> list[int]:
    """The 1-based lines of `[[table]]` (or `[table]`) headers, in order."""
    header = re.compile(rf"^\s*\[\[?\s*\"?{re.escape(table)}\"?\s*\]\]?\s*(?:#.*)?$")
    return [number for number, line in enumerate(lines, 1) if header.match(line)]


def _key_line(lines: Sequence[str], key: str) -> int | None:
    """The first 1-based line assigning `key` at any level."""
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*[=.]')
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)


def _decode_line(error: tomllib.TOMLDecodeError, text: str) -> int:
    """The line tomllib names in its message (Python 3.11 has no `lineno` attribute)."""
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = _DECODE_AT.search(str(error))
    return int(match.group(1)) if match and match.group(1) else max(1, len(text.splitlines()))


def _decode_reason(error: tomllib.TOMLDecodeError) -> str:
    """tomllib's message without its position, which the error already carries."""
    reason = _DECODE_AT.sub("", str(getattr(error, "msg", None) or error))
    return reason[:1].lower() + reason[1:]


class CorrectionsError(ConfigError):
    """Every problem in the corrections file: the first as the error, the others on lines of their own."""

    def __init__(self, path: str, problems: Sequence[ConfigError]) -> None:
        ordered = sorted(problems, key=lambda p: p.line or 0)
        first = ordered[0]
        super().__init__(path, first.line, "\n".join([first.message, *(str(p) for p in ordered[1:])]))
        self.problems = tuple(ordered)

