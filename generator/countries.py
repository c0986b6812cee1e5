"""Country names as the United Nations prints them, on top of pycountry's ISO 3166 table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry


@dataclass(frozen=True, slots=True)
class Country:
    """A member or observer State, or another territory with an ISO 3166-1 code."""

    code: str
    """ISO 3166-1 alpha-2: `JO`."""
    name: str
    """The UN short name: `Jordan`, `Bolivia (Plurinational State of)`."""
    slug: str
    """URL segment: `jordan`, `bolivia`, `cote-divoire`."""


# The UN's short names (M49 / UNTERM) where they differ from pycountry's, by ISO code.
_UN_NAMES = {
    "BN": "Brunei Darussalam",
    "BO": "Bolivia (Plurinational State of)",
    "CD": "Democratic Republic of the Congo",
    "CG": "Congo",
    "CI": "Côte d’Ivoire",
    "CV": "Cabo Verde",
    "CZ": "Czechia",
    "FM": "Micronesia (Federated States of)",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "HK": "China, Hong Kong Special Administrative Region",
    "IR": "Iran (Islamic Republic of)",
    "KP": "Democratic People’s Republic of Korea",
    "KR": "Republic of Korea",
    "LA": "Lao People’s Democratic Republic",
    "MD": "Republic of Moldova",
    "MK": "North Macedonia",
    "MO": "China, Macao Special Administrative Region",
    "PS": "State of Palestine",
    "RU": "Russian Federation",
    "SY": "Syrian Arab Republic",
    "SZ": "Eswatini",
    "TR": "Türkiye",
    "TW": "Taiwan Province of China",
    "TZ": "United Republic of Tanzania",
    "US": "United States of America",
    "VA": "Holy See",
    "VE": "Venezuela (Bolivarian Republic of)",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
    "VN": "Viet Nam",
}

# Slugs shorter than the name would give; published URLs, so never change one.
_SHORT_SLUGS = {"GB": "united-kingdom", "US": "united-states", "HK": "hong-kong", "MO": "macao"}

# Other forms the records print, including names States no longer use.
_OTHER_FORMS = {
    "United States": "US", "USA": "US", "United Kingdom": "GB", "UK": "GB", "Great Britain": "GB",
    "Russia": "RU", "Syria": "SY", "Vietnam": "VN", "Iran": "IR", "Islamic Republic of Iran": "IR",
    "Bolivia": "BO", "Plurinational State of Bolivia": "BO", "Venezuela": "VE",
    "Bolivarian Republic of Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD", "Palestine": "PS",
    "Turkey": "TR", "Czech Republic": "CZ", "Laos": "LA", "South Korea": "KR", "North Korea": "KP",
    "Micronesia": "FM", "Federated States of Micronesia": "FM", "Ivory Coast": "CI",
    "Cape Verde": "CV", "Swaziland": "SZ", "The former Yugoslav Republic of Macedonia": "MK",
    "Former Yugoslav Republic of Macedonia": "MK", "Macedonia": "MK", "Libyan Arab Jamahiriya": "LY",
    "Zaire": "CD", "Burma": "MM", "Vatican": "VA", "Democratic Republic of Congo": "CD",
    "Republic of the Congo": "CG", "Brunei": "BN", "Timor Leste": "TL", "East Timor": "TL",
    "Netherlands (Kingdom of the)": "NL", "Kingdom of the Netherlands": "NL", "Gambia (Republic of The)": "GM",
    "Bosnia-Herzegovina": "BA", "Hong Kong, China": "HK", "Hong Kong SAR": "HK", "Macau": "MO",
    "Macao, China": "MO", "State of Palestine": "PS", "Holy See": "VA",
}


def fold(text: str) -> str:
    """The comparison key of `generator.parse.text.fold`, imported late: the parser imports this module."""
    from generator.parse.text import fold as fold_text

    return fold_text(text)


def _key(text: str) -> str:
    """A name's lookup key: folded, `St.` as `Saint`, `&` as `and`, outer punctuation dropped."""
    key = fold(text.strip().strip(".,;:"))
    key = re.sub(r"^st\.? ", "saint ", key.replace(" & ", " and "))
    return key


def _slug(name: str) -> str:
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", fold(base)).strip("-")


@cache
def _tables() -> tuple[dict[str, Country], dict[str, Country]]:
    """Countries by ISO code and by every name form's key."""
    by_code: dict[str, Country] = {}
    for entry in pycountry.countries:
        code = entry.alpha_2
        name = _UN_NAMES.get(code) or getattr(entry, "common_name", None) or entry.name
        by_code[code] = Country(code, name, _SHORT_SLUGS.get(code) or _slug(name))
    by_name: dict[str, Country] = {}
    for entry in pycountry.countries:
        country = by_code[entry.alpha_2]
        for form in (entry.name, getattr(entry, "official_name", None), getattr(entry, "common_name", None)):
            if form:
                by_name.setdefault(_key(form), country)
    for form, code in _OTHER_FORMS.items():
        by_name[_key(form)] = by_code[code]
    for country in by_code.values():
        by_name[_key(country.name)] = country
    return by_code, by_name


def country_named(text: str) -> Country | None:
    """The country a printed name means (exact, ignoring accents, case and quote style), or None."""
    by_name = _tables()[1]
    key = _key(text)
    if key in by_name:
        return by_name[key]
    return by_name.get(key[4:]) if key.startswith("the ") else None


def country_by_code(code: str) -> Country | None:
    """The country with an ISO 3166-1 alpha-2 code."""
    return _tables()[0].get(code.upper())


def country_name_forms() -> tuple[str, ...]:
    """Every printed form `country_named` knows, folded: `jordan`, `viet nam`, `cote d'ivoire`."""
    return tuple(_tables()[1])


def all_countries() -> tuple[Country, ...]:
    """Every country, by name."""
    return tuple(sorted(_tables()[0].values(), key=lambda c: fold(c.name)))
