"""Country names as UN records print them."""

from __future__ import annotations

import pytest

from generator.countries import all_countries, country_by_code, country_named


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("Jordan", "JO"),
        ("Bolivia (Plurinational State of)", "BO"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("United States of America", "US"),
        ("Democratic People’s Republic of Korea", "KP"),
        ("Republic of Korea", "KR"),
        ("Islamic Republic of Iran", "IR"),
        ("Libyan Arab Jamahiriya", "LY"),
        ("Holy See", "VA"),
        ("State of Palestine", "PS"),
        ("Palestine", "PS"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Viet Nam", "VN"),
        ("the Netherlands", "NL"),
        ("CZECHIA", "CZ"),
    ],
)
def test_printed_forms_name_their_country(printed: str, code: str) -> None:
    country = country_named(printed)
    assert country is not None and country.code == code


@pytest.mark.parametrize("not_a_country", ["New York", "Jordan River", "Amman", "Security Council", "", "Kore"])
def test_other_names_are_not_countries(not_a_country: str) -> None:
    assert country_named(not_a_country) is None


def test_display_names_are_the_un_short_names() -> None:
    assert country_by_code("BO").name == "Bolivia (Plurinational State of)"  # type: ignore[union-attr]
    assert country_by_code("GB").slug == "united-kingdom"  # type: ignore[union-attr]


def test_slugs_are_unique_and_safe() -> None:
    slugs = [c.slug for c in all_countries()]
    assert len(slugs) == len(set(slugs))
    assert all(slug and slug.replace("-", "").isalnum() and slug.isascii() for slug in slugs)
