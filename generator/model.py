"""The typed model of one parsed meeting record.

Parsing produces these; nothing here knows about HTML or about other records.
Every parsed thing keeps the line it came from so errors and links can point back.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, ClassVar

from generator.record_text import RecordText

NO_TEXT = RecordText(b"")
"""The text of a paragraph made without one (a store never moves an empty text)."""


class Compact:
    """Pickled as its class and its field values, in order.

    Records cross from the worker processes that parse them to the one that links them, and the
    default pickling of a slotted dataclass (a dictionary of slots per object) took two and a half
    times as long to read back.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return type(self), _field_values(type(self))(self)


_FIELD_VALUES: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _field_values(cls: type) -> Callable[[object], tuple[object, ...]]:
    """What gives an object of the dataclass `cls` its field values, in order: an `attrgetter`, which reads them
    in C (a generator of `getattr`s was most of the time a record took to pickle)."""
    values = _FIELD_VALUES.get(cls)
    if values is None:
        names = tuple(f.name for f in fields(cls))
        getter = attrgetter(*names)
        values = _FIELD_VALUES[cls] = getter if len(names) > 1 else lambda instance: (getter(instance),)
    return values


class RecordKind(StrEnum):
    """Whether the record reports speeches in indirect (summary) or direct (verbatim) speech."""

    SUMMARY = "summary"
    VERBATIM = "verbatim"


class ParagraphKind(StrEnum):
    """What a paragraph is: part of someone's speech, or the record's own procedural text."""

    SPEECH = "speech"
    PROCEDURAL = "procedural"
    VOTE = "vote"


@dataclass(frozen=True, slots=True)
class Chair(Compact):
    """A person presiding over the meeting, as the record prints them."""

    name: str
    """Name with honorific, names in title case: `Mr. Pecsteen de Buytswerve`."""
    country: str | None = None
    """The delegation printed beside the name: `Belgium`."""
    office: str | None = None
    """The office held, when printed: `Vice-President`."""


@dataclass(frozen=True, slots=True)
class Meeting(Compact):
    """The header of a record: which meeting it reports, when, where and who presided."""

    body: str
    """The organ that met: `Economic and Social Council`, `General Assembly`, `Security Council`."""
    kind: RecordKind
    """Summary or verbatim record."""
    number: int
    """The meeting number within the session (or, for the Security Council, overall)."""
    symbol: str
    """The document symbol, normalised: `E/2018/SR.22`, `A/79/PV.29`, `S/PV.8422`."""
    date: dt.date
    """The day the meeting was held (not the distribution date)."""
    session: str | None = None
    """The session as printed: `2018 session`, `Seventy-ninth session`, `Seventy-third year`."""
    title: str | None = None
    """The meeting's title line: `Summary record of the 22nd meeting`, `29th plenary meeting`."""
    segment: str | None = None
    """The segment of the session, for bodies that have them: `Integration segment`."""
    called_to_order: dt.time | None = None
    """When the meeting was called to order."""
    rose: dt.time | None = None
    """When the meeting rose (adjourned)."""
    scheduled: dt.time | None = None
    """The time the meeting was convened for, as printed in the header."""
    place: str | None = None
    """The city where the meeting was held: `New York`."""
    language: str | None = None
    """The original language of the record, when printed: `English`."""
    job_number: str | None = None
    """The UN job number printed on every page: `18-07008`."""
    chair: Chair | None = None
    """The presiding officer printed in the header."""
    acting_chair: Chair | None = None
    """Who took the chair in the presiding officer's absence, when the record says so."""
    source_url: str | None = None
    """Where the original document can be read; defaults to undocs.org for the symbol."""

    @property
    def year(self) -> int:
        """The calendar year the meeting was held in."""
        return self.date.year


@dataclass(frozen=True, slots=True)
class Affiliation(Compact):
    """The parenthesised affiliation printed after a speaker's name, split into its parts."""

    printed: str
    """The affiliation exactly as printed, without the outer parentheses."""
    offices: tuple[str, ...] = ()
    """Offices held: `Chief Resilience Officer`, `Mayor`."""
    organization: str | None = None
    """The organization or institution: `Carbon Neutral Cities Alliance`."""
    country: str | None = None
    """The country or delegation, when one is named: `Jordan`."""
    city: str | None = None
    """The city the office belongs to, when one is named: `Amman`."""


@dataclass(frozen=True, slots=True)
class Speaker(Compact):
    """Who speaks a turn, as printed at the start of it."""

    name: str
    """Name as it should be displayed: `Mr. Inderfurth`, or a title: `The President`."""
    honorific: str | None = None
    """`Mr.`, `Ms.`, `Mrs.`, `Sir`, `Dame`, `Archbishop`, ...; None for titles."""
    affiliation: Affiliation | None = None
    """The parenthesised affiliation, split into parts."""
    role: str | None = None
    """The part played in the meeting: `moderator`, `panellist`, `Rapporteur of the Third Committee`."""
    language: str | None = None
    """The language spoken, when the record notes one: `French`, `Arabic`."""
    language_note: str | None = None
    """The note exactly as printed: `spoke in French`, `interpretation from Arabic`."""
    presiding: Chair | None = None
    """For `The President`, `The Chair` and the like: who was in the chair at that point."""

    @property
    def is_title(self) -> bool:
        """True when the speaker is printed as an office (`The President`), not a name."""
        return self.honorific is None and self.name.startswith("The ")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Paragraph(Compact):
    """One paragraph of the record, in reading order.

    Its text is held as a span of the record's text, one UTF-8 buffer shared by all its paragraphs
    (`paragraphs_of` makes them): as one string per paragraph, a single curly quote made a paragraph
    two bytes a character, and the worker processes that render pages, reading every paragraph, each
    copied every paragraph's memory from the parent (reading a Python object writes its reference count).
    """

    index: int
    """Position in the record, from 1."""
    anchor: str
    """The permanent fragment id on the meeting page: `p40`."""
    line: int
    """The source line the paragraph starts on."""
    kind: ParagraphKind = ParagraphKind.SPEECH
    """Speech, procedural line or vote list."""
    number: int | None = None
    """The official paragraph number, where the record numbers them."""
    turn: int | None = None
    """Index into `Record.turns` of the turn it belongs to; None for procedural paragraphs."""
    section: int | None = None
    """Index into `Record.sections` of the innermost heading above it."""
    utf8: RecordText = NO_TEXT
    """The record's text as UTF-8, shared with the record's other paragraphs, of which it knows where each one's
    span is: this paragraph's is at its position."""

    SHOWN: ClassVar[tuple[str, ...]] = ("index", "anchor", "text", "line", "kind", "number", "turn", "section")
    """What a paragraph is, as compared, hashed and serialised: its text, not where it is kept."""

    @property
    def text(self) -> str:
        """The text with inline Markdown kept; the speaker marker is removed from a turn's first paragraph."""
        return self.encoded.decode()

    @property
    def encoded(self) -> bytes:
        """The text as UTF-8, without decoding it."""
        return self.utf8.span(self.index - 1)

    @property
    def kept_excerpt(self) -> str | None:
        """What a person's page lists of the paragraph, if it was kept with the record's text when the record was
        parsed (`RecordText.keep_excerpts`): markup, as `render.listings.keep_excerpts` keeps it."""
        kept = self.utf8.excerpts((self.index - 1,))
        return None if kept is None else kept[0].decode()

    @property
    def key(self) -> bytes:
        """The `text_key` of its text, worked out with the record's: what its city mentions are known by."""
        return self.utf8.key(self.index - 1)

    def _shown(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.SHOWN)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Paragraph):
            return NotImplemented
        return self._shown() == other._shown()

    def __hash__(self) -> int:
        return hash(self._shown())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self.SHOWN, self._shown(), strict=True))
        return f"Paragraph({shown})"

    def __reduce__(self) -> tuple[Callable[..., object], tuple[object, ...]]:
        return _paragraph, _field_values(Paragraph)(self)


def _paragraph(index: int, anchor: str, *rest: Any) -> Paragraph:
    """A paragraph read back from a pickle, its anchor one string shared by every record (`p40` is the anchor of
    thousands of paragraphs: 75 MB of copies at 10,000 records)."""
    return Paragraph(index, sys.intern(anchor), *rest)


@dataclass(frozen=True, slots=True)
class ParagraphDraft:
    """A paragraph as the parser finds it, before the record's paragraphs share one buffer (`paragraphs_of`)."""

    index: int
    anchor: str
    text: str
    line: int
    kind: ParagraphKind = ParagraphKind.SPEECH
    number: int | None = None
    turn: int | None = None
    section: int | None = None


def paragraphs_of(drafts: Sequence[ParagraphDraft]) -> tuple[Paragraph, ...]:
    """The paragraphs of one record (indexed from 1, in order), their texts joined into one UTF-8 buffer they
    share, each text's key worked out."""
    utf8 = RecordText.of_spans([draft.text.encode() for draft in drafts])
    paragraphs: list[Paragraph] = []
    for position, draft in enumerate(drafts):
        if draft.index != position + 1:
            raise ValueError(f"paragraph {draft.index} is at position {position + 1} of its record")
        paragraphs.append(Paragraph(draft.index, sys.intern(draft.anchor), draft.line, draft.kind, draft.number,
                                    draft.turn, draft.section, utf8))
    return tuple(paragraphs)


@dataclass(frozen=True, slots=True)
class Turn(Compact):
    """A run of paragraphs spoken by one speaker, opened by a speaker marker."""

    index: int
    """Position among the record's turns, from 0."""
    speaker: Speaker
    """Who speaks."""
    paragraphs: tuple[int, ...]
    """Indices (`Paragraph.index`) of the paragraphs spoken, in order."""
    line: int
    """The source line of the speaker marker."""


@dataclass(frozen=True, slots=True)
class Section(Compact):
    """A heading of the record's outline: an agenda item, a session, a panel."""

    index: int
    """Position among the record's sections, from 0."""
    title: str
    """The heading text, tidied: `Agenda item 8: Integration segment (continued)`."""
    level: int
    """Depth in the outline, from 1 (agenda item) downwards."""
    anchor: str
    """Fragment id on the meeting page: `s3`."""
    line: int
    """The source line of the heading."""
    parent: int | None = None
    """Index of the enclosing section, if any."""
    paragraphs: tuple[int, ...] = ()
    """Indices of the paragraphs directly under this heading."""


@dataclass(frozen=True, slots=True)
class ParseWarning(Compact):
    """Something odd about the input that did not stop parsing."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Record(Compact):
    """Everything parsed from one record file."""

    source: str
    """The path the record was read from, as given."""
    meeting: Meeting
    """The header: which meeting this is."""
    paragraphs: tuple[Paragraph, ...]
    """Every paragraph, in reading order."""
    turns: tuple[Turn, ...] = ()
    """Who speaks which paragraphs."""
    sections: tuple[Section, ...] = ()
    """The outline: headings in order, each knowing its parent and paragraphs."""
    warnings: tuple[ParseWarning, ...] = field(default=())
    """Problems noticed that did not stop the parse."""

    @property
    def text(self) -> RecordText | None:
        """The UTF-8 text its paragraphs share (None when it has none)."""
        return self.paragraphs[0].utf8 if self.paragraphs else None

    def paragraph_texts(self) -> list[str]:
        """The text of every paragraph, in order (`Paragraph.text`), decoded in one pass."""
        return self.paragraphs[0].utf8.texts() if self.paragraphs else []

    def paragraph(self, index: int) -> Paragraph:
        """The paragraph at a 1-based index."""
        return self.paragraphs[index - 1]

    def speaker_of(self, paragraph: Paragraph) -> Speaker | None:
        """Who speaks a paragraph, or None for procedural text."""
        return None if paragraph.turn is None else self.turns[paragraph.turn].speaker
