"""The meeting header: which body met, which meeting, when, where and who presided.

`read_header` finds what the record prints, wherever it prints it (the 1993 records put the
meeting block after the first speech); `build_meeting` fills the gaps by UN convention and
from the front matter, and refuses a header that cannot say which meeting this is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.errors import ParseError
from generator.model import Chair, Meeting, RecordKind
from generator.parse.speakers import HONORIFIC, display_name, match_speaker
from generator.parse.symbols import (
    ORDINAL_WORDS,
    committee_number,
    derive_symbol,
    normalise_symbol,
    record_number,
)
from generator.parse.text import fold, merge_split_emphasis, plain, title_case_name

HEADER_LINES = 100
"""How many non-blank lines from the top the header may spread over (the 1993 style puts it after the first speech)."""

_BODIES = ("General Assembly", "Security Council", "Economic and Social Council", "Trusteeship Council",
           "Human Rights Council")
_BODY_BY_PREFIX = {"A": "General Assembly", "S": "Security Council", "E": "Economic and Social Council",
                   "T": "Trusteeship Council"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = r"(?:\d{1,2}(?:[.:]\d{2})?\s*[ap]\.\s?m\.?|(?:12\s+)?(?:noon|midnight))"
_SUFFIX = r"(?:st|nd|rd|th)"
_SYMBOL_TEXT = (
    r"[A-Z]{1,10}(?:\.\d+)?(?:\s*/\s*[A-Za-z0-9][A-Za-z0-9.\-]*)*\s*/\s*(?:PV|SR)\s*\.\s*\d+(?:/[A-Za-z]+\.\d+)*"
)

_TIME_PARTS = re.compile(
    r"^(?:(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<half>[ap])\.\s?m\.?|(?:12\s+)?(?P<word>noon|midnight)|"
    r"(?P<h24>\d{1,2})[.:](?P<m24>\d{2}))$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    rf"^(?:Held at (?P<held>.+?),? on )?{_WEEKDAY},? (?P<day>\d{{1,2}}) (?P<month>{'|'.join(_MONTHS)}),? "
    rf"(?P<year>\d{{4}})(?:,? (?:at )?(?P<time>{_TIME}))?\.?$",
    re.IGNORECASE,
)
_AT_TIME = re.compile(rf"^(?:at )?(?P<time>{_TIME})\.?$", re.IGNORECASE)
_PLACE = re.compile(r"^[A-Z][A-Za-zÀ-ÿ’'\-]+(?: [A-Za-zÀ-ÿ’'\-]+){0,3}$")
_NOT_PLACES = frozenset({"official records", "provisional", "united nations", "agenda", "contents", "members"})
_SUMMARY_TITLE = re.compile(
    rf"^(?:Provisional )?Summary record(?: \(partial\))? of the (?P<n>\d+)\s?{_SUFFIX} meeting\b.*$", re.IGNORECASE
)
_PLENARY_TITLE = re.compile(rf"^(?P<n>\d+)\s?(?P<s>{_SUFFIX}) (?P<plenary>plenary )?meeting$", re.IGNORECASE)
_SUFFIX_ONLY = re.compile(rf"^(?P<s>{_SUFFIX}) meeting$", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"^(?P<n>\d{1,5})$")
_RUNNING_TITLE = re.compile(rf"^Security Council (?P<n>\d+)(?P<s>{_SUFFIX}) meeting$", re.IGNORECASE)
_SYMBOL_LINE = re.compile(
    rf"^(?P<un>United Nations\s+)?(?P<symbol>{_SYMBOL_TEXT})(?P<after>\s.*)?$"
)
_TRAILING_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}$")
_SESSION = re.compile(
    rf"^(?:(?P<ordinal>{ORDINAL_WORDS}) (?P<what>(?:(?:emergency )?special )?session|year)|"
    rf"(?P<year>\d{{4}}) session|(?:\w+ )?session of (?P<of>\d{{4}}))$",
    re.IGNORECASE,
)
_SEGMENT = re.compile(r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,6} segment$")
_COMMITTEE = re.compile(r"^(?:.*\()?(?:First|Second|Third|Fourth|Fifth|Sixth) Committee\)?$")
_ORIGINAL = re.compile(r"^Original:\s*(?P<language>[A-Za-z]+)", re.IGNORECASE)
_LANGUAGE_LINE = re.compile(r"^(?P<language>ENGLISH|FRENCH|SPANISH|RUSSIAN|ARABIC|CHINESE)$")
_DISTR = re.compile(r"^Distr\b", re.IGNORECASE)
_JOB = re.compile(r"^(?P<job>\d{2}-\d{5})\s*\([A-Z]\)")
_CHAIR_LINE = re.compile(
    r"^(?P<office>(?:Acting |Temporary )?(?:President|Chair(?:man|person)?|Co-Chair|Vice-Chair))\s*:\s*(?P<rest>.+)$"
)
_LEADERS = re.compile(r"\s*(?:\.\s*){2,}|\s*…+\s*")
_PAREN_LINE = re.compile(r"^\((?P<inside>.+)\)$")
_CALLED = re.compile(rf"^The meeting was (?:called to order|opened) at (?P<time>{_TIME})\.?$", re.IGNORECASE)
_ROSE = re.compile(rf"^The meeting rose at (?P<time>{_TIME})\.?$", re.IGNORECASE)
_CHAIR_CHANGE = re.compile(
    rf"^(?:In the absence of (?:the (?:President|Chair(?:man|person)?)|[^,]+?(?:\([^()]*\))?),\s*)?"
    rf"(?:the (?:Vice-President|Vice-Chair(?:man|person)?),\s*)?"
    rf"(?P<name>{HONORIFIC}\s+[^(),]+?)\s*"
    rf"(?:\((?P<first>[^()]+(?:\([^()]*\))?)\)\s*)?(?:\((?P<second>[^()]+(?:\([^()]*\))?)\)\s*)?"
    rf"(?:,\s*(?P<office>[^,()]+?))?,?\s*(?:took|assumed) the [Cc]hair\.?$"
)
_OFFICE_LIKE = re.compile(r"^(?:Vice-|Acting |Temporary )?(?:President|Chair\w*|Rapporteur)\b")
_NUMBER_PREFIX = re.compile(r"^\s*(?:\*\*)?\d{1,4}\\?\.(?:\*\*)?\s+")
_BROKEN_HYPHEN = re.compile(r"(?<=\w)-\s+(?=\w)")
_NOT_THE_BODY = re.compile(rf"United Nations|{_SYMBOL_TEXT}|Provisional|Official Records")
_SPACES = re.compile(r"\s+")
_HONORIFIC_FIRST = re.compile(rf"^{HONORIFIC}\s+\S")

_Found = dict[str, tuple[Any, int]]
"""Field name -> (value, 1-based line) for what one finder found."""


@dataclass(frozen=True, slots=True)
class Header:
    """Every Meeting field the record prints, all optional, and the line each was found on."""

    body: str | None = None
    kind: RecordKind | None = None
    number: int | None = None
    symbol: str | None = None
    date: dt.date | None = None
    session: str | None = None
    title: str | None = None
    segment: str | None = None
    scheduled: dt.time | None = None
    place: str | None = None
    language: str | None = None
    job_number: str | None = None
    chair: Chair | None = None
    acting_chair: Chair | None = None
    called_to_order: dt.time | None = None
    rose: dt.time | None = None
    committee: int | None = None
    """The Main Committee of the General Assembly (`Third Committee` is 3), for deriving the symbol."""
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """Field name -> 1-based source line where it was found."""


def parse_time(text: str) -> dt.time | None:
    """A printed time of day: `10.10 a.m.`, `3 p.m.`, `12.55 p.m.`, `noon`, or `15:10`; None if it is not one."""
    match = _TIME_PARTS.match(" ".join(text.split()).rstrip(",;"))
    if match is None:
        return None
    if match.group("word"):
        return dt.time(12) if match.group("word").lower() == "noon" else dt.time(0)
    if match.group("h24"):
        hour, minute = int(match.group("h24")), int(match.group("m24"))
    else:
        if not 1 <= int(match.group("hour")) <= 12:
            return None
        hour, minute = int(match.group("hour")) % 12, int(match.group("minute") or 0)
        hour += 12 if match.group("half").lower() == "p" else 0
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def match_chair_change(text: str) -> Chair | None:
    """Who takes the chair in a paragraph like `In the absence of X, Mr. X (Ghana), Vice-President, took the Chair.`"""
    flat = _BROKEN_HYPHEN.sub("-", " ".join(plain(text).split()))
    match = _CHAIR_CHANGE.match(flat)
    if match is None:
        return None
    first, second, office = match.group("first"), match.group("second"), match.group("office")
    country = second or first
    if first and not second and not office and _OFFICE_LIKE.match(first):
        office, country = first, None
    elif first and second:
        office = office or first
    return Chair(display_name(match.group("name")), country, office)


def read_header(lines: Sequence[str]) -> Header:
    """Everything the record prints about its meeting, from its lines (index 0 is line 1)."""
    zone = _header_zone(lines)
    found: _Found = {}
    for finder in _LINE_FINDERS:
        for name, value in finder(zone).items():
            found.setdefault(name, value)
    for name, value in _find_in_paragraphs(lines).items():
        found.setdefault(name, value)
    found.setdefault("kind", _kind_of(found))
    values = {name: value for name, (value, _) in found.items() if value is not None}
    where = MappingProxyType({name: line for name, (value, line) in found.items() if value is not None})
    return Header(**values, lines=where)


def _header_zone(lines: Sequence[str]) -> list[tuple[int, str]]:
    """The first `HEADER_LINES` non-blank lines as (1-based line, text without Markdown)."""
    non_blank = ((number + 1, line) for number, line in enumerate(lines) if line.strip())
    return [(number, plain(merge_split_emphasis(line))) for number, line in itertools.islice(non_blank, HEADER_LINES)]


# -- finders over the header zone: each returns what it found, with lines --------------------------


def _find_body(zone: Sequence[tuple[int, str]]) -> _Found:
    """The organ that met, from a line naming it alone (letter-spaced or beside the symbol)."""
    keys = {_squash(body): body for body in _BODIES}
    for number, text in zone:
        rest = _NOT_THE_BODY.sub(" ", text)
        body = keys.get(_squash(rest))
        if body:
            return {"body": (body, number)}
    return {}


def _squash(text: str) -> str:
    """The text folded with every space removed, so `G E N E R A L  A S S E M B L Y` compares equal."""
    return _SPACES.sub("", fold(text))


def _find_symbol(zone: Sequence[tuple[int, str]]) -> _Found:
    """The printed symbol: after `United Nations`, alone on a line, or in a running header with a date."""
    for number, text in zone:
        match = _SYMBOL_LINE.match(text)
        if match is None:
            continue
        after = (match.group("after") or "").strip()
        if match.group("un") or not after or _TRAILING_DATE.search(after):
            try:
                return {"symbol": (normalise_symbol(match.group("symbol")), number)}
            except ValueError:
                continue
    return {}


def _find_number(zone: Sequence[tuple[int, str]]) -> _Found:
    """The meeting number and title: summary record title, plenary title or the split Security Council form."""
    for index, (number, text) in enumerate(zone):
        summary = _SUMMARY_TITLE.match(text)
        if summary:
            n = int(summary.group("n"))
            return {"number": (n, number), "title": (text, number), "kind": (RecordKind.SUMMARY, number)}
        titled = _PLENARY_TITLE.match(text) or _RUNNING_TITLE.match(text)
        if titled:
            return _numbered(int(titled.group("n")), titled.group("s"), titled.groupdict().get("plenary"), number)
        suffix = _SUFFIX_ONLY.match(text)
        if suffix:
            for other, other_text in zone[max(index - 1, 0) : index + 2]:
                digits = _DIGITS_ONLY.match(other_text)
                if digits and other != number:
                    found = _numbered(int(digits.group("n")), suffix.group("s"), None, other)
                    found["title"] = (found["title"][0], number)
                    return found
    return {}


def _numbered(n: int, suffix: str, plenary: str | None, line: int) -> _Found:
    """Number, title and kind of a verbatim record numbered `n` with ordinal `suffix`."""
    title = f"{n}{suffix.lower()} {'plenary ' if plenary else ''}meeting"
    return {"number": (n, line), "title": (title, line), "kind": (RecordKind.VERBATIM, line)}


def _find_date(zone: Sequence[tuple[int, str]]) -> _Found:
    """The day the meeting was held, from a weekday-led line, with the time and place printed with it."""
    for index, (number, text) in enumerate(zone):
        match = _DATE_LINE.match(text)
        if match is None:
            continue
        month = _MONTHS.index(match.group("month").capitalize()) + 1
        try:
            day = dt.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            continue
        found: _Found = {"date": (day, number)}
        if match.group("time"):
            found["scheduled"] = (parse_time(match.group("time")), number)
        if match.group("held"):
            found["place"] = (_held_at(match.group("held")), number)
        return found | _after_date(zone[index + 1 : index + 5], found)
    return {}


def _held_at(held: str) -> str:
    """`Headquarters, New York` is `New York`; `the United Nations Office at Geneva` is `Geneva`."""
    last = held.split(",")[-1].strip()
    last = re.sub(r"^(?:the )?(?:United Nations Office|Palais des Nations) at ", "", last, flags=re.IGNORECASE)
    return "New York" if fold(last) == "headquarters" else _place_case(last)


def _after_date(following: Sequence[tuple[int, str]], found: _Found) -> _Found:
    """The scheduled time and the place printed on the lines after the date."""
    more: _Found = {}
    for number, text in following:
        at = _AT_TIME.match(text)
        if at and "scheduled" not in found and "scheduled" not in more:
            more["scheduled"] = (parse_time(at.group("time")), number)
        elif _is_place(text) and "place" not in found:
            more["place"] = (_place_case(text), number)
            break
    return more


def _is_place(text: str) -> bool:
    """True for a short line of words that can name the city where the meeting was held."""
    return bool(_PLACE.match(text)) and fold(text) not in _NOT_PLACES and _squash(text) not in {
        _squash(body) for body in _BODIES
    }


def _place_case(text: str) -> str:
    """`NEW YORK` is `New York`; a place in mixed case is kept."""
    return title_case_name(text) if text.isupper() else text


def _find_session(zone: Sequence[tuple[int, str]]) -> _Found:
    """The session (`Seventy-ninth session`, `2018 session`) or Security Council year, in sentence case."""
    for number, text in zone:
        match = _SESSION.match(text)
        if match:
            printed = text if match.group("year") or match.group("of") else text[0].upper() + text[1:].lower()
            return {"session": (printed, number)}
    return {}


def _find_segment(zone: Sequence[tuple[int, str]]) -> _Found:
    """The segment of the session: `Integration segment`."""
    return next(({"segment": (text, number)} for number, text in zone if _SEGMENT.match(text)), {})


def _find_committee(zone: Sequence[tuple[int, str]]) -> _Found:
    """The Main Committee a summary record belongs to: `Third Committee`."""
    for number, text in zone:
        if _COMMITTEE.match(text):
            return {"committee": (committee_number(text), number)}
    return {}


def _find_language(zone: Sequence[tuple[int, str]]) -> _Found:
    """The original language: `Original: English`, or an upper-case language line under `Distr.`."""
    after_distr = -100
    for index, (number, text) in enumerate(zone):
        original = _ORIGINAL.match(text)
        if original:
            return {"language": (original.group("language").capitalize(), number)}
        if _DISTR.match(text):
            after_distr = index
        language = _LANGUAGE_LINE.match(text)
        if language and index - after_distr <= 6:
            return {"language": (language.group("language").capitalize(), number)}
    return {}


def _find_job_number(zone: Sequence[tuple[int, str]]) -> _Found:
    """The job number of the first `18-07008 (E)` line."""
    return next(({"job_number": (m.group("job"), n)} for n, t in zone if (m := _JOB.match(t))), {})


def _find_chair(zone: Sequence[tuple[int, str]]) -> _Found:
    """The presiding officer of a `President: Mr. X ..... (Country)` line; the country may be lines below."""
    for index, (number, text) in enumerate(zone):
        match = _CHAIR_LINE.match(text)
        if match is None:
            continue
        chair = parse_chair(match.group("rest"), office=match.group("office"))
        if chair is None:
            continue
        if chair.country is None:
            below = (m.group("inside") for _, t in zone[index + 1 : index + 4] if (m := _PAREN_LINE.match(t)))
            chair = dataclasses.replace(chair, country=next(below, None))
        return {"chair": (chair, number)}
    return {}


def parse_chair(text: str, office: str | None = None) -> Chair | None:
    """A presiding officer as printed: `Mr. Pecsteen de Buytswerve (Vice-President)..... (Belgium)`."""
    text = _LEADERS.sub(" ", text).strip()
    country = None
    trailing = _trailing_paren(text)
    if trailing:
        text, country = trailing
    inner = _trailing_paren(text)
    if inner:
        text, office = inner
    if not _HONORIFIC_FIRST.match(text):
        return None
    return Chair(display_name(text), country, office)


def _trailing_paren(text: str) -> tuple[str, str] | None:
    """`text` split into what comes before its final parenthesised part and that part's inside."""
    text = text.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return text[:index].rstrip(), text[index + 1 : -1].strip()
    return None


_LINE_FINDERS: tuple[Callable[[Sequence[tuple[int, str]]], _Found], ...] = (
    _find_body,
    _find_number,
    _find_symbol,
    _find_date,
    _find_session,
    _find_segment,
    _find_committee,
    _find_language,
    _find_job_number,
    _find_chair,
)


# -- finders over whole paragraphs: the call to order, the close, a chair change at the opening ------


def _find_in_paragraphs(lines: Sequence[str]) -> _Found:
    """Call to order (first), close (last) and a chair change before the first speaker."""
    found = _find_opening(_paragraph(lines, span) for span in _paragraph_spans(lines))
    # The close is the last match: read from the bottom and stop there, usually at the last paragraph.
    for number, text in (_paragraph(lines, span) for span in _paragraph_spans(lines, backwards=True)):
        rose = _ROSE.match(plain(text))
        if rose:
            found["rose"] = (parse_time(rose.group("time")), number)
            break
    return found


def _find_opening(paragraphs: Iterable[tuple[int, str]]) -> _Found:
    """Call to order (the first) and a chair change before the first speaker, read from the top."""
    found: _Found = {}
    speech_started = False
    for number, text in paragraphs:
        flat = plain(text)
        called = _CALLED.match(flat)
        if called and "called_to_order" not in found:
            found["called_to_order"] = (parse_time(called.group("time")), number)
        speech_started = speech_started or match_speaker(_NUMBER_PREFIX.sub("", text)) is not None
        change = None if speech_started or "acting_chair" in found else match_chair_change(flat)
        if change is not None:
            found["acting_chair"] = (change, number)
        if "called_to_order" in found and (speech_started or "acting_chair" in found):
            break  # nothing later can change what was found
    return found


def _paragraph_spans(lines: Sequence[str], *, backwards: bool = False) -> Iterator[tuple[int, int]]:
    """Where each run of non-blank lines starts and ends (0-based, end exclusive), from the top or the bottom."""
    indexes = range(len(lines) - 1, -1, -1) if backwards else range(len(lines))
    run: list[int] = []
    for index in indexes:
        if lines[index].strip():
            run.append(index)
        elif run:
            yield min(run), max(run) + 1
            run = []
    if run:
        yield min(run), max(run) + 1


def _paragraph(lines: Sequence[str], span: tuple[int, int]) -> tuple[int, str]:
    """The run of lines at `span` as (first line, text with emphasis merged)."""
    start, end = span
    return start + 1, merge_split_emphasis(" ".join(line.strip() for line in lines[start:end]))


def _kind_of(found: _Found) -> tuple[RecordKind | None, int]:
    """Summary or verbatim, from the symbol or the body when no title said so."""
    if "symbol" in found:
        symbol, line = found["symbol"]
        if "/SR." in symbol:
            return RecordKind.SUMMARY, line
        if "/PV." in symbol:
            return RecordKind.VERBATIM, line
    if "body" in found and found["body"][0] == "Security Council":
        return RecordKind.VERBATIM, found["body"][1]
    return None, 0


# -- from header and front matter to the Meeting ---------------------------------------------------

_STRING_FIELDS = ("body", "symbol", "session", "title", "segment", "place", "language", "job_number", "source_url")
_TIME_FIELDS = ("called_to_order", "rose", "scheduled")
_CHAIR_FIELDS = ("chair", "acting_chair")
_FIRST_MEETING_YEAR = 1946


def build_meeting(header: Header, overrides: Mapping[str, object], source: str) -> Meeting:
    """The Meeting: front-matter values first, then what the record prints, then UN convention."""
    given = _typed_overrides(overrides, source)
    values: dict[str, Any] = {name: getattr(header, name) for name in _MEETING_FIELDS if hasattr(header, name)}
    values.update(given)
    symbol_line = header.lines.get("symbol", 1) if "symbol" not in given else 1
    if values.get("symbol"):
        values["symbol"] = _normalised(values["symbol"], source, symbol_line)
    symbol = values.get("symbol")
    if symbol:
        values["body"] = values.get("body") or _BODY_BY_PREFIX.get(symbol.split("/")[0])
        values["number"] = values.get("number") or record_number(symbol)
        values["kind"] = values.get("kind") or _kind_of({"symbol": (symbol, 0)})[0]
    if values.get("body") == "Security Council":
        values["kind"] = values.get("kind") or RecordKind.VERBATIM
    _require(values, header, source)
    if not symbol:
        values["symbol"] = derive_symbol(values["body"], values.get("session"), values["number"], header.committee)
        if values["symbol"] is None:
            raise ParseError(source, _first_line(header), _NO_SYMBOL)
    _validate(values, header, source)
    return Meeting(**{name: value for name, value in values.items() if name in _MEETING_FIELDS})


_MEETING_FIELDS = frozenset(f.name for f in dataclasses.fields(Meeting))
_MISSING = {
    "body": "no meeting body found: expected a line such as 'Economic and Social Council', 'General Assembly' or "
    "'Security Council' near the top, or set `body` in the front matter",
    "number": "no meeting number found: expected a line such as 'Summary record of the 22nd meeting', "
    "'29th plenary meeting' or '8422nd meeting', or set `number` in the front matter",
    "date": "no meeting date found: expected a line such as 'Tuesday, 29 October 2024, 3 p.m.' or "
    "'Held at Headquarters, New York, on Wednesday, 2 May 2018', or set `date` in the front matter",
    "kind": "cannot tell a summary record from a verbatim one: expected a line such as "
    "'Summary record of the 22nd meeting' or '29th plenary meeting', or set `kind` (\"summary\" or \"verbatim\") "
    "in the front matter",
}
_NO_SYMBOL = (
    "no document symbol found and none follows from the header: expected a line such as "
    "'United Nations A/79/PV.29', or set `symbol` in the front matter"
)


def _require(values: Mapping[str, Any], header: Header, source: str) -> None:
    """Refuse a meeting without body, number, date or kind, naming everything that is missing."""
    missing = [message for name, message in _MISSING.items() if not values.get(name)]
    if missing:
        raise ParseError(source, _first_line(header), "; ".join(missing))


def _first_line(header: Header) -> int:
    """Where the header starts, for error messages."""
    return min(header.lines.values(), default=1)


def _normalised(symbol: str, source: str, line: int) -> str:
    """The symbol normalised, or a ParseError at `line` saying why it is not one."""
    try:
        return normalise_symbol(symbol)
    except ValueError as error:
        raise ParseError(source, line, str(error)) from None


def _validate(values: Mapping[str, Any], header: Header, source: str) -> None:
    """Refuse a meeting number or date that cannot be right."""
    if values["number"] < 1:
        raise ParseError(source, header.lines.get("number", 1), f"meeting number {values['number']} is not positive")
    if values["date"].year < _FIRST_MEETING_YEAR:
        raise ParseError(
            source, header.lines.get("date", 1),
            f"meeting date {values['date'].isoformat()} is before the first United Nations meetings "
            f"({_FIRST_MEETING_YEAR}): check `date`",
        )


def _typed_overrides(overrides: Mapping[str, object], source: str) -> dict[str, Any]:
    """Front-matter values for Meeting fields, each checked and converted to the field's type."""
    typed: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in _MEETING_FIELDS:
            continue
        converted = _convert(name, value)
        if converted is None:
            raise ParseError(source, 1, f"front matter `{name}` must be {_EXPECTED[name]}, not {value!r}")
        typed[name] = converted
    return typed


_EXPECTED = {
    **{name: "a non-empty string" for name in _STRING_FIELDS},
    **{name: "a time such as 10:10 or \"10.10 a.m.\"" for name in _TIME_FIELDS},
    **{name: "a string such as \"Mr. Yang (Cameroon)\" or a table with `name`, `country` and `office`"
       for name in _CHAIR_FIELDS},
    "number": "a whole number above 0, such as 22",
    "date": "a date such as 2018-05-02",
    "kind": "\"summary\" or \"verbatim\"",
}


def _convert(name: str, value: object) -> Any:
    """The value as the Meeting field `name` needs it, or None when it cannot be."""
    if name in _STRING_FIELDS:
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None
    if name == "number":
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
    if name == "kind":
        kinds = {kind.value: kind for kind in RecordKind}
        return kinds.get(value.strip().lower()) if isinstance(value, str) else None
    if name == "date":
        return _to_date(value)
    if name in _TIME_FIELDS:
        return _to_time(value)
    if name in _CHAIR_FIELDS:
        return _to_chair(value)
    return value


def _to_date(value: object) -> dt.date | None:
    """A TOML date or datetime, or an ISO date string, as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _to_time(value: object) -> dt.time | None:
    """A TOML time or a printed time string as a time."""
    if isinstance(value, dt.time):
        return value
    return parse_time(value) if isinstance(value, str) else None


def _to_chair(value: object) -> Chair | None:
    """A chair from `"Mr. X (Country)"` or a table with `name`, `country` and `office`."""
    if isinstance(value, Chair):
        return value
    if isinstance(value, str):
        return parse_chair(value) or (Chair(value.strip()) if value.strip() else None)
    if isinstance(value, Mapping) and isinstance(value.get("name"), str) and value["name"].strip():
        extra = {key: value.get(key) for key in ("country", "office")}
        if all(item is None or isinstance(item, str) for item in extra.values()):
            return Chair(value["name"].strip(), extra["country"], extra["office"])
    return None
