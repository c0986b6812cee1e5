"""UN document symbols: read them, derive them by the UN's conventions, and turn them into URL slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.parse.text import fold

_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth")

_ORDINAL_VALUES: dict[str, int] = {
    **{word: n for n, word in enumerate(_UNITS, 1)},
    **{word: n for n, word in enumerate(_TEENS, 10)},
    **{word: n * 10 for n, word in enumerate(_TENTHS, 2)},
    "hundredth": 100,
}
_TENS_VALUES = {word: n * 10 for n, word in enumerate(_TENS, 2)}

ORDINAL_WORDS = (
    rf"(?:(?:{'|'.join(_TENS)})[-\s]?(?:{'|'.join(_UNITS)})|{'|'.join(sorted(_ORDINAL_VALUES, key=len, reverse=True))})"
)
"""A regular expression matching an ordinal in words, `first` to `ninety-ninth` (and `hundredth`)."""

_ORDINAL = re.compile(rf"\b(?P<word>{ORDINAL_WORDS})\b|\b(?P<digits>\d{{1,3}})\s?(?:st|nd|rd|th)\b", re.IGNORECASE)
_COMPOUND = re.compile(rf"^(?P<tens>{'|'.join(_TENS)})[-\s]?(?P<unit>{'|'.join(_UNITS)})$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

_SPACE_AROUND = re.compile(r"\s*([/.])\s*")
_SYMBOL = re.compile(
    r"^[A-Z]{1,10}(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?: \((?:Resumption|Part) \d+\))?$"
)
_MIXED_CASE_PARTS = re.compile(r"^(corr|add|rev|amend|suppl)\.(\d+)$", re.IGNORECASE)
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_RECORD_NUMBER = re.compile(r"/(?:PV|SR)\.(\d+)(?:/|$| )")

_COMMITTEES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def session_number(text: str) -> int | None:
    """The number of the first ordinal in `text`: `Seventy-ninth session` is 79, `FORTY-EIGHTH` 48."""
    match = _ORDINAL.search(text)
    if match is None:
        return None
    if match.group("digits"):
        return int(match.group("digits"))
    word = re.sub(r"\s+", "-", match.group("word").lower())
    compound = _COMPOUND.match(word)
    if compound:
        return _TENS_VALUES[compound.group("tens")] + _ORDINAL_VALUES[compound.group("unit")]
    return _ORDINAL_VALUES[word]


def committee_number(text: str) -> int | None:
    """The number of a Main Committee of the General Assembly named in `text`: `Third Committee` is 3."""
    match = re.search(r"\b(First|Second|Third|Fourth|Fifth|Sixth) Committee\b", text, re.IGNORECASE)
    return _COMMITTEES[match.group(1).lower()] if match else None


def normalise_symbol(text: str) -> str:
    """The symbol with stray spaces removed and its letters in the UN's case: `a /76/pv.102` is `A/76/PV.102`."""
    compact = _SPACE_AROUND.sub(r"\1", text.strip())
    compact = re.sub(r"\s+", " ", compact)
    main, space, tail = compact.partition(" ")
    parts = [_case_part(part) for part in main.split("/")]
    symbol = "/".join(parts) + (space + _case_tail(tail) if tail else "")
    if not _SYMBOL.match(symbol):
        raise ValueError(
            f"{text.strip()!r} is not a UN document symbol: expected something like 'A/79/PV.29', "
            "'E/2018/SR.22' or 'S/PV.8422'"
        )
    return symbol


def _case_part(part: str) -> str:
    """One `/`-separated part in the UN's case: `pv.29` is `PV.29`, `corr.1` is `Corr.1`."""
    mixed = _MIXED_CASE_PARTS.match(part)
    if mixed:
        return f"{mixed.group(1).capitalize()}.{mixed.group(2)}"
    return part.upper()


def _case_tail(tail: str) -> str:
    """`(resumption 1)` is `(Resumption 1)`."""
    return re.sub(r"\((resumption|part)", lambda m: "(" + m.group(1).capitalize(), tail, flags=re.IGNORECASE)


def record_number(symbol: str) -> int | None:
    """The meeting number in a meeting-record symbol: `A/79/PV.29` is 29, `E/2018/SR.22` is 22."""
    match = _RECORD_NUMBER.search(symbol + "/")
    return int(match.group(1)) if match else None


def derive_symbol(body: str, session: str | None, number: int, committee: int | None = None) -> str | None:
    """The symbol a meeting record gets by UN convention, or None when the convention needs what is missing."""
    key = fold(body)
    if key == "security council":
        return f"S/PV.{number}"
    if key == "economic and social council":
        year = _YEAR.search(session or "")
        return f"E/{year.group(0)}/SR.{number}" if year else None
    if key != "general assembly" or session is None:
        return None
    ordinal = session_number(session)
    if ordinal is None:
        return None
    if committee is not None:
        return f"A/C.{committee}/{ordinal}/SR.{number}"
    if "emergency special session" in fold(session):
        return f"A/ES-{ordinal}/PV.{number}"
    if "special session" in fold(session):
        return f"A/S-{ordinal}/PV.{number}"
    return f"A/{ordinal}/PV.{number}"


def symbol_slug(symbol: str) -> str:
    """A stable, lower-case ASCII URL segment for a symbol: `E/2018/SR.22` is `e-2018-sr-22`."""
    ascii_text = unicodedata.normalize("NFKD", symbol).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    return "symbol-" + hashlib.sha1(symbol.encode("utf-8")).hexdigest()[:10]
