"""Document symbols: normalised as printed, derived by UN convention, and turned into URL slugs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.parse.symbols import derive_symbol, normalise_symbol, record_number, session_number, symbol_slug

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TENTHS = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]


def ordinal_in_words(n: int) -> str:
    if n < 10:
        return _UNITS[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _TENTHS[tens - 2] if unit == 0 else f"{_TENS[tens - 2]}-{_UNITS[unit - 1]}"


@pytest.mark.parametrize(
    ("printed", "symbol"),
    [
        ("A/79/PV.29", "A/79/PV.29"),
        ("A /76/PV.102", "A/76/PV.102"),
        (" S/PV. 8422 ", "S/PV.8422"),
        ("e/2018/sr.22", "E/2018/SR.22"),
        ("A/C.3/73/SR.5", "A/C.3/73/SR.5"),
        ("A/65/PV.71/corr.1", "A/65/PV.71/Corr.1"),
        ("CRC/C/SR.2345", "CRC/C/SR.2345"),
        ("A/ES-10/PV.21", "A/ES-10/PV.21"),
    ],
)
def test_printed_symbols_are_normalised(printed: str, symbol: str) -> None:
    assert normalise_symbol(printed) == symbol


@pytest.mark.parametrize("text", ["", "General Assembly", "29th plenary meeting", "A/", "/PV.29", "A//PV.29"])
def test_what_is_not_a_symbol_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a UN document symbol: expected something like 'A/79/PV.29'"):
        normalise_symbol(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Seventy-ninth session", 79),
        ("FORTY-EIGHTH SESSION", 48),
        ("Sixtieth session", 60),
        ("Sixty-fifth session", 65),
        ("Fifty-second Year", 52),
        ("Seventy-third year", 73),
        ("First session", 1),
        ("Twelfth session", 12),
        ("Ninety-ninth session", 99),
        ("Tenth emergency special session", 10),
        ("73rd session", 73),
    ],
)
def test_session_numbers_are_read_from_ordinal_words(text: str, number: int) -> None:
    assert session_number(text) == number


@pytest.mark.parametrize("text", ["2018 session", "session", "Integration segment", ""])
def test_a_session_without_an_ordinal_has_no_number(text: str) -> None:
    assert session_number(text) is None


@given(st.integers(min_value=1, max_value=99), st.booleans())
def test_every_ordinal_from_1_to_99_reads_back(n: int, upper: bool) -> None:
    words = ordinal_in_words(n).capitalize() + " session"
    assert session_number(words.upper() if upper else words) == n


@pytest.mark.parametrize(
    ("body", "session", "number", "committee", "symbol"),
    [
        ("Economic and Social Council", "2018 session", 22, None, "E/2018/SR.22"),
        ("General Assembly", "Seventy-ninth session", 29, None, "A/79/PV.29"),
        ("General Assembly", "FORTY-EIGHTH SESSION", 46, None, "A/48/PV.46"),
        ("General Assembly", "Seventy-third session", 5, 3, "A/C.3/73/SR.5"),
        ("General Assembly", "Tenth emergency special session", 21, None, "A/ES-10/PV.21"),
        ("General Assembly", "Twenty-seventh special session", 2, None, "A/S-27/PV.2"),
        ("Security Council", "Seventy-third year", 8422, None, "S/PV.8422"),
        ("Security Council", None, 3756, None, "S/PV.3756"),
    ],
)
def test_symbols_are_derived_by_un_convention(
    body: str, session: str | None, number: int, committee: int | None, symbol: str
) -> None:
    assert derive_symbol(body, session, number, committee) == symbol


@pytest.mark.parametrize(
    ("body", "session"),
    [
        ("Economic and Social Council", None),
        ("Economic and Social Council", "Integration segment"),
        ("General Assembly", None),
        ("General Assembly", "2018 session"),
        ("Committee on the Rights of the Child", "Seventy-ninth session"),
    ],
)
def test_no_symbol_is_derived_when_the_convention_lacks_a_part(body: str, session: str | None) -> None:
    assert derive_symbol(body, session, 1) is None


@pytest.mark.parametrize(
    ("symbol", "number"),
    [("A/79/PV.29", 29), ("E/2018/SR.22", 22), ("S/PV.8422", 8422), ("A/65/PV.71/Corr.1", 71), ("A/79/L.8", None)],
)
def test_the_meeting_number_is_read_from_a_record_symbol(symbol: str, number: int | None) -> None:
    assert record_number(symbol) == number


@pytest.mark.parametrize(
    ("symbol", "slug"),
    [
        ("E/2018/SR.22", "e-2018-sr-22"),
        ("A/C.3/73/SR.5", "a-c-3-73-sr-5"),
        ("S/PV.8422", "s-pv-8422"),
        ("A/65/PV.71/Corr.1", "a-65-pv-71-corr-1"),
        ("A/ES-10/PV.21", "a-es-10-pv-21"),
    ],
)
def test_slugs_are_lower_case_ascii_with_hyphens(symbol: str, slug: str) -> None:
    assert symbol_slug(symbol) == slug


@given(st.text())
def test_a_slug_is_never_empty_and_uses_only_safe_characters(text: str) -> None:
    slug = symbol_slug(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert symbol_slug(text) == slug
