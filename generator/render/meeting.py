"""What a meeting page shows, worked out from the graph so the template only lays it out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from generator.model import Chair, Paragraph, ParagraphKind, Record, RecordKind, Section, Speaker, Turn
from generator.render.environment import city_url, country_url, format_date, format_time
from generator.render.markdown import CityLink, plain_text

if TYPE_CHECKING:
    from generator.places import City
    from generator.site import MeetingPage, Person, SiteGraph

_VOTE = re.compile(r"^(In favour|Against|Abstaining|Abstentions|Absent)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_VOTE_MARKS = re.compile(r"[(),]")
_LEADING_AND = re.compile(r"^and\s+")


@dataclass(frozen=True, slots=True)
class TurnHead:
    """The speaker marker that opens a turn, as the record printed it."""

    name: str
    url: str | None
    """The person page, when the graph knows who this is."""
    affiliation: str | None
    role: str | None
    language_note: str | None
    verbatim: bool
    """Verbatim records print `Name (Country):`; summary records `Name (Country), role, said ...`."""


@dataclass(frozen=True, slots=True)
class VoteList:
    """A vote paragraph split into its label and the delegations named."""

    label: str
    items: tuple[str, ...]


class RecordItem(NamedTuple):
    """A heading of the record (its `title` given) or one of its paragraphs (`title` None), in reading order, ready to
    lay out.

    A tuple, which the meeting template unpacks in its loop: seventeen attributes read through Jinja a paragraph
    were a tenth of the template's time. Made for every paragraph of every meeting page."""

    title: str | None
    """A heading's inline Markdown; None for a paragraph."""
    anchor: str
    level: int
    """The level of the item's heading (2–6): a heading's own, a paragraph's anchor heading one below its section's."""
    number: int | None = None
    kind: str = ""
    text: str = ""
    """The paragraph's inline Markdown."""
    cities: tuple[CityLink, ...] = ()
    """City names to link in the text."""
    head: TurnHead | None = None
    """The speaker marker, on the first paragraph of a turn only."""
    who: str = ""
    """Who or what the paragraph is, for the anchor heading's hidden text: `Mr. Shank`, `Procedural`."""
    cite: str = ""
    """The citation copied by the cite button: `E/2018/SR.22, para. 40`."""
    vote: VoteList | None = None


@dataclass(frozen=True, slots=True)
class OutlineNode:
    """An entry of the outline, with the headings nested under it."""

    anchor: str
    title: str
    children: tuple[OutlineNode, ...]


@dataclass(frozen=True, slots=True)
class Detail:
    """One row of the source details: a label, a value and an optional link."""

    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    """A person in the meeting's sidebar: how they were printed, and how often they spoke."""

    person: Person
    printed: str
    paragraphs: int
    first_anchor: str


def section_depth(sections: Sequence[Section], section: Section) -> int:
    """How deep a section is nested: 1 for a top-level heading."""
    depth = 1
    while section.parent is not None:
        section = sections[section.parent]
        depth += 1
    return depth


def citation(symbol: str, paragraph: Paragraph) -> str:
    """`E/2018/SR.22, para. 40` for numbered paragraphs; the symbol alone otherwise (the link says where)."""
    return f"{symbol}, para. {paragraph.number}" if paragraph.number is not None else symbol


def vote_list(text: str) -> VoteList | None:
    """The label and delegations of a vote paragraph, or None when it is not a list."""
    match = _VOTE.match(plain_text(text))
    if match is None:
        return None
    return VoteList(match.group(1), tuple(_split_names(match.group(2))))


def _split_names(text: str) -> Iterator[str]:
    """Comma-separated names, keeping commas inside parentheses."""
    depth, start = 0, 0
    for mark in _VOTE_MARKS.finditer(text + ","):  # the commas and parentheses alone: a vote names 190 delegations
        char = mark.group()
        if char != ",":
            depth += 1 if char == "(" else -1
        elif depth <= 0:
            name = _LEADING_AND.sub("", text[start:mark.start()].strip()).rstrip(".").strip()
            if name:
                yield name
            start = mark.end()


def turn_head(graph: SiteGraph, meeting: MeetingPage, turn_index: int, speaker: Speaker) -> TurnHead:
    """The marker opening a turn, linked to the speaker's person page."""
    person = graph.person_of_turn.get((meeting.slug, turn_index))
    return TurnHead(
        name=speaker.name,
        url=person.url if person else None,
        affiliation=speaker.affiliation.printed if speaker.affiliation else None,
        role=speaker.role,
        language_note=speaker.language_note,
        verbatim=meeting.record.meeting.kind is RecordKind.VERBATIM,
    )


def _who(paragraph: Paragraph, turn: Turn | None) -> str:
    """The hidden text of a paragraph's anchor heading."""
    if paragraph.kind is ParagraphKind.VOTE:
        return "Vote"
    return turn.speaker.name if turn is not None and paragraph.kind is ParagraphKind.SPEECH else "Procedural"


def paragraph_item(meeting: MeetingPage, paragraph: Paragraph, text: str, level: int,
                   named: Sequence[tuple[str, City]], heads: Sequence[TurnHead]) -> RecordItem:
    """One paragraph (its `text` given), with its speaker marker if it opens a turn (`heads`, by turn); `named`:
    the city names printed in it."""
    turn = meeting.record.turns[paragraph.turn] if paragraph.turn is not None else None
    opens = turn is not None and turn.paragraphs[0] == paragraph.index
    return RecordItem(  # by position: keywords took twice as long, for every paragraph of every meeting page
        None,  # title
        paragraph.anchor,
        level,
        paragraph.number,
        paragraph.kind,  # kind: a StrEnum, printed as its value
        text,
        tuple((printed, city_url(city)) for printed, city in named) if named else (),  # cities
        heads[turn.index] if turn is not None and opens else None,  # head
        _who(paragraph, turn),
        citation(meeting.symbol, paragraph),  # cite
        vote_list(text) if paragraph.kind is ParagraphKind.VOTE else None,  # vote
    )


def record_items(graph: SiteGraph, meeting: MeetingPage) -> list[RecordItem]:
    """Section headings and paragraphs in reading order, each heading one level below its section's."""
    record = meeting.record
    starts: dict[int, list[Section]] = {}
    for section in record.sections:
        first = _first_paragraph(record, section)
        if first is not None:
            starts.setdefault(first, []).append(section)
    levels = [_section_heading(record, section) for section in record.sections]  # by section index
    heads = [turn_head(graph, meeting, turn.index, turn.speaker) for turn in record.turns]
    named = graph.named_in(meeting)
    items: list[RecordItem] = []
    for paragraph, text in zip(record.paragraphs, record.paragraph_texts(), strict=True):
        for section in starts.get(paragraph.index, ()):
            items.append(RecordItem(section.title, section.anchor, levels[section.index]))
        heading = min(levels[paragraph.section] + 1, 6) if paragraph.section is not None else 2
        items.append(paragraph_item(meeting, paragraph, text, heading, named.get(paragraph.index, ()), heads))
    return items


def _section_heading(record: Record, section: Section) -> int:
    """The heading level of a section: h2 for the top of the outline, at most h5."""
    return min(1 + section_depth(record.sections, section), 5)


def _first_paragraph(record: Record, section: Section) -> int | None:
    """The first paragraph under a section or any section nested in it."""
    found = [*section.paragraphs]
    found += [p for s in record.sections if s.parent == section.index if (p := _first_paragraph(record, s)) is not None]
    return min(found, default=None)


def outline(record: Record) -> tuple[OutlineNode, ...]:
    """The record's headings as a tree, for the contents list (only those with paragraphs under them)."""

    def children(parent: int | None) -> tuple[OutlineNode, ...]:
        return tuple(
            OutlineNode(s.anchor, s.title, children(s.index))
            for s in record.sections
            if s.parent == parent and _first_paragraph(record, s) is not None
        )

    return children(None)


def _chair(chair: Chair) -> str:
    """`Mr. Pecsteen de Buytswerve (Belgium), Vice-President`."""
    text = chair.name + (f" ({chair.country})" if chair.country else "")
    return text + (f", {chair.office}" if chair.office else "")


def details(meeting: MeetingPage) -> tuple[Detail, ...]:
    """The source details of a record, only those it has."""
    m = meeting.record.meeting
    rows = [
        Detail("Body", m.body),
        Detail("Document", m.symbol),
        Detail("Record", "Summary record" if m.kind is RecordKind.SUMMARY else "Verbatim record"),
        Detail("Session", m.session) if m.session else None,
        Detail("Segment", m.segment) if m.segment else None,
        Detail("Date", f"{m.date:%A}, {format_date(m.date)}"),
        Detail(
            "Place",
            meeting.city.name if meeting.city else m.place or "",
            city_url(meeting.city) if meeting.city else None,
        )
        if meeting.city or m.place
        else None,
        Detail("Presiding", _chair(m.chair)) if m.chair else None,
        Detail("Acting chair", _chair(m.acting_chair)) if m.acting_chair else None,
        Detail("Called to order", format_time(m.called_to_order)) if m.called_to_order else None,
        Detail("Rose", format_time(m.rose)) if m.rose else None,
        Detail("Original language", m.language) if m.language else None,
        Detail("Job number", m.job_number) if m.job_number else None,
        Detail("Official document", official_label(meeting), official_url(meeting)),
    ]
    return tuple(row for row in rows if row is not None)


def official_url(meeting: MeetingPage) -> str:
    """Where the official document is: the record's own source URL, else undocs.org for the symbol."""
    return meeting.record.meeting.source_url or f"https://undocs.org/{meeting.symbol}"


def official_label(meeting: MeetingPage) -> str:
    """The link text for the official document: `E/2018/SR.22 on undocs.org`."""
    host = official_url(meeting).split("/")[2] if "://" in official_url(meeting) else "the source"
    return f"{meeting.symbol} on {host}"


def speakers(graph: SiteGraph, meeting: MeetingPage) -> tuple[SpeakerEntry, ...]:
    """The people who spoke, in order of first turn, with their paragraph counts."""
    entries: dict[str, SpeakerEntry] = {}
    for turn in meeting.record.turns:
        person = graph.person_of_turn.get((meeting.slug, turn.index))
        if person is None or not turn.paragraphs:
            continue
        seen = entries.get(person.slug)
        count = (seen.paragraphs if seen else 0) + len(turn.paragraphs)
        first = seen.first_anchor if seen else meeting.record.paragraph(turn.paragraphs[0]).anchor
        entries[person.slug] = SpeakerEntry(person, seen.printed if seen else turn.speaker.name, count, first)
    return tuple(entries.values())


def cities(graph: SiteGraph, meeting: MeetingPage) -> tuple[City, ...]:
    """The place of the meeting and every city its text mentions, in order of first appearance."""
    held = {meeting.city.slug: meeting.city} if meeting.city else {}
    return tuple({**held, **graph.cities_named(meeting)}.values())


def search_filters(graph: SiteGraph, meeting: MeetingPage) -> dict[str, tuple[str, ...]]:
    """Pagefind filters of a meeting page: body, year, kind, speakers, their countries, cities."""
    people = [entry.person for entry in speakers(graph, meeting)]
    countries = {p.country.name for p in people if p.country}
    m = meeting.record.meeting
    filters = {
        "body": (m.body,),
        "year": (str(m.year),),
        "kind": ("Summary record" if m.kind is RecordKind.SUMMARY else "Verbatim record",),
        "speaker": tuple(dict.fromkeys(p.name for p in people)),
        "country": tuple(sorted(countries)),
        "city": tuple(city.name for city in cities(graph, meeting)),
    }
    return {name: tuple(filter_value(value) for value in values) for name, values in filters.items()}


_MARKUP_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def filter_value(value: str) -> str:
    """A filter value Pagefind's UI can show safely: it inserts filter values as HTML, unescaped."""
    return value.translate(_MARKUP_LOOKALIKES)


def country_links(graph: SiteGraph) -> dict[str, tuple[str, str]]:
    """Country name and page URL by ISO code, for cities that only carry a code."""
    return {country.code: (country.name, country_url(country)) for country in graph.countries}
