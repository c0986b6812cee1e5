"""Country names as the United Nations prints them."""

from __future__ import annotations

import pytest

from generator.countries import Country, all_countries, country_by_code, country_name_forms, country_named
from generator.slugs import SLUG


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("Jordan", "JO"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("United Kingdom", "GB"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Democratic People’s Republic of Korea", "KP"),
        ("Republic of Korea", "KR"),
        ("Republic of Moldova", "MD"),
        ("Palestine", "PS"),
        ("State of Palestine", "PS"),
        ("Holy See", "VA"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Czechia", "CZ"),
        ("CZECHIA", "CZ"),
        ("Czech Republic", "CZ"),
        ("Bosnia and Herzegovina", "BA"),
        ("Lao People’s Democratic Republic", "LA"),
        ("Lao People's Democratic Republic", "LA"),
        ("Micronesia (Federated States of)", "FM"),
        ("Venezuela (Bolivarian Republic of)", "VE"),
        ("Bolivia (Plurinational State of)", "BO"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Islamic Republic of Iran", "IR"),
        ("United Republic of Tanzania", "TZ"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo", "CG"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Libyan Arab Jamahiriya", "LY"),
        ("Mexico", "MX"),
        ("the Netherlands", "NL"),
        ("The former Yugoslav Republic of Macedonia", "MK"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("St. Lucia", "LC"),
        ("Trinidad & Tobago", "TT"),
    ],
)
def test_country_named_accepts_the_forms_un_records_print(printed: str, code: str) -> None:
    country = country_named(printed)
    assert country is not None and country.code == code


@pytest.mark.parametrize("printed", ["Korea, Republic of", "Bolivia, Plurinational State of", "South Korea", "Laos"])
def test_country_named_accepts_pycountry_names(printed: str) -> None:
    assert country_named(printed) is not None


def test_congo_and_the_democratic_republic_of_the_congo_are_two_countries() -> None:
    assert country_named("Congo") != country_named("Democratic Republic of the Congo")


def test_case_accents_quotes_and_spacing_do_not_matter() -> None:
    assert country_named("  COTE  D'IVOIRE ") == country_named("Côte d’Ivoire")


@pytest.mark.parametrize(
    "printed", ["Jordan River", "New York", "Amman", "Security Council", "Republic", "Korea", "Kore", "", "Congo Basin"]
)
def test_country_named_matches_whole_names_only(printed: str) -> None:
    assert country_named(printed) is None


@pytest.mark.parametrize(
    ("code", "name", "slug"),
    [
        ("JO", "Jordan", "jordan"),
        ("GB", "United Kingdom of Great Britain and Northern Ireland", "united-kingdom"),
        ("US", "United States of America", "united-states"),
        ("BO", "Bolivia (Plurinational State of)", "bolivia"),
        ("CI", "Côte d’Ivoire", "cote-divoire"),
        ("KR", "Republic of Korea", "republic-of-korea"),
        ("IR", "Iran (Islamic Republic of)", "iran"),
        ("TR", "Türkiye", "turkiye"),
        ("VN", "Viet Nam", "viet-nam"),
        ("VA", "Holy See", "holy-see"),
    ],
)
def test_display_name_is_the_un_short_name(code: str, name: str, slug: str) -> None:
    assert country_by_code(code) == Country(code, name, slug)


def test_country_by_code_ignores_case_and_knows_no_unknown_code() -> None:
    assert country_by_code("jo") == country_named("Jordan")
    assert country_by_code("XX") is None


def test_every_country_has_a_unique_url_safe_slug() -> None:
    slugs = [country.slug for country in all_countries()]
    assert len(slugs) == len(set(slugs)) and all(SLUG.match(slug) for slug in slugs)


def test_every_display_name_is_found_again_by_country_named() -> None:
    assert all(country_named(country.name) == country for country in all_countries())


def test_every_name_form_names_a_country() -> None:
    assert all(country_named(form) is not None for form in country_name_forms())


def test_all_countries_are_sorted_by_name() -> None:
    names = [country.name for country in all_countries()]
    assert len(names) > 240 and names.index("Afghanistan") < names.index("Zimbabwe")
