"""From blocks to the record's body: paragraphs, the outline and who speaks each turn."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.model import (
    Chair,
    Paragraph,
    ParagraphDraft,
    ParagraphKind,
    ParseWarning,
    Section,
    Speaker,
    Turn,
    paragraphs_of,
)
from generator.parse.blocks import Block, Role, continues, join, role_of
from generator.parse.header import match_chair_change
from generator.parse.speakers import match_speaker
from generator.parse.text import fold, plain

_NUMBER_PREFIX = re.compile(r"^\s*(\d{1,5})\.\s+")
_CHAIR_TITLES = {
    "the president", "the acting president", "the chair", "the chairman", "the chairperson", "the acting chair",
    "the temporary president", "the co-chair",
}
_RETURNED = re.compile(r"returned to the Chair", re.IGNORECASE)
_AGENDA = re.compile(r"^(?:agenda item|item)\s+\d+", re.IGNORECASE)
_SESSION = re.compile(r"^(?:session|segment|part|round table)\s+\w+", re.IGNORECASE)
_LOOKS_LIKE_MARKER = re.compile(r"^\s*_?\*\*_?\s*(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s")
_PANEL = re.compile(r"^panel\s+\w+", re.IGNORECASE)
_PRINTED_NUMBER = re.compile(r"^\s*(?:\\?\*\*)?\d{1,5}\\?\.(?:\*\*)?\s+")
"""The paragraph number as printed, with the bold and escaping the converter may put on it."""


@dataclass(frozen=True, slots=True)
class Body:
    """What the body parser found."""

    paragraphs: tuple[Paragraph, ...]
    turns: tuple[Turn, ...]
    sections: tuple[Section, ...]
    warnings: tuple[ParseWarning, ...]


def is_numbered(blocks: Sequence[Block]) -> bool:
    """True when the record numbers its paragraphs (summary records do)."""
    starts = sum(1 for block in blocks if _NUMBER_PREFIX.match(block.plain))
    return starts >= 3 or (starts >= 1 and starts * 4 >= len(blocks))


def classify(blocks: Sequence[Block], *, numbered: bool) -> list[tuple[Block, Role]]:
    """Each block with its role, page-broken pieces joined back together."""
    joined: list[tuple[Block, Role]] = []
    for block in blocks:
        role = role_of(block, numbered_record=numbered)
        if joined and continues(joined[-1][0], joined[-1][1], block, role, numbered_record=numbered):
            previous, previous_role = joined.pop()
            whole = join(previous, block)
            if previous_role is Role.HEADING:  # a speaker marker broken after the name is no heading
                previous_role = role_of(whole, numbered_record=numbered)
            joined.append((whole, previous_role))
        else:
            joined.append((block, role))
    return joined


@dataclass
class _Builder:
    """Mutable state of one walk over the blocks; only `parse_body` sees it."""

    path: str
    chair: Chair | None
    presiding: Chair | None
    numbered: bool
    paragraphs: list[ParagraphDraft] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    turn_paragraphs: list[list[int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    section_paragraphs: list[list[int]] = field(default_factory=list)
    open_sections: list[int] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    numbers_seen: dict[int, int] = field(default_factory=dict)
    last_number: int = 0

    def add_heading(self, block: Block) -> None:
        title = plain(block.text)
        level = self._level_of(title)
        while self.open_sections and self.sections[self.open_sections[-1]].level >= level:
            self.open_sections.pop()
        index = len(self.sections)
        parent = self.open_sections[-1] if self.open_sections else None
        self.sections.append(Section(index, title, level, f"s{index + 1}", block.line, parent))
        self.section_paragraphs.append([])
        self.open_sections.append(index)

    def _level_of(self, title: str) -> int:
        if _AGENDA.match(title):
            return 1
        if _SESSION.match(title):
            return 2
        if _PANEL.match(title):
            return 3
        top = self.sections[self.open_sections[0]] if self.open_sections else None
        return 2 if top is not None and _AGENDA.match(top.title) else 1

    def add_paragraph(self, block: Block, kind: ParagraphKind, text: str, *, number: int | None = None,
                      turn: int | None = None) -> None:
        index = len(self.paragraphs) + 1
        section = self.open_sections[-1] if self.open_sections else None
        anchor = self._anchor(index, number, block.line)
        self.paragraphs.append(ParagraphDraft(index, anchor, text, block.line, kind, number, turn, section))
        if section is not None:
            self.section_paragraphs[section].append(index)
        if turn is not None:
            self.turn_paragraphs[turn].append(index)

    def _anchor(self, index: int, number: int | None, line: int) -> str:
        if not self.numbered:
            return f"p{index}"
        if number is None:
            return f"n{index}"
        if number in self.numbers_seen:
            self.warnings.append(ParseWarning(
                self.path, line, f"paragraph {number} appears twice (first at line {self.numbers_seen[number]})"))
            return f"p{number}-{index}"
        if number != self.last_number + 1:
            self.warnings.append(ParseWarning(self.path, line, _gap_message(number, self.last_number)))
        self.numbers_seen[number] = line
        self.last_number = max(self.last_number, number)
        return f"p{number}"

    def start_turn(self, speaker: Speaker, line: int) -> int:
        if fold(speaker.name) in _CHAIR_TITLES:
            speaker = dataclasses.replace(speaker, presiding=self.presiding)
        self.turns.append(Turn(len(self.turns), speaker, (), line))
        self.turn_paragraphs.append([])
        return len(self.turns) - 1

    def note_chair_change(self, plain_text: str) -> None:
        changed = match_chair_change(plain_text)
        if changed is not None:
            self.presiding = changed
        elif _RETURNED.search(plain_text):
            self.presiding = self.chair

    def finish(self) -> Body:
        turns = tuple(
            dataclasses.replace(t, paragraphs=tuple(p)) for t, p in zip(self.turns, self.turn_paragraphs, strict=True)
        )
        sections = tuple(
            dataclasses.replace(s, paragraphs=tuple(p))
            for s, p in zip(self.sections, self.section_paragraphs, strict=True)
        )
        return Body(paragraphs_of(self.paragraphs), turns, sections, tuple(self.warnings))


def _gap_message(number: int, last: int) -> str:
    if number <= last:
        return f"paragraph {number} follows {last} (numbers go backwards)"
    missing = f"{last + 1}" if number == last + 2 else f"{last + 1}–{number - 1}"
    verb = "is" if number == last + 2 else "are"
    return f"paragraph {number} follows {last} ({missing} {verb} missing)"


def parse_body(blocks: Sequence[Block], *, path: str, chair: Chair | None, acting_chair: Chair | None) -> Body:
    """Paragraphs in order, each attributed to its speaker's turn or kept as procedural text."""
    numbered = is_numbered(blocks)
    builder = _Builder(path, chair, acting_chair or chair, numbered)
    turn: int | None = None
    for block, role in classify(blocks, numbered=numbered):
        if role is Role.HEADING:
            builder.add_heading(block)
        elif role is Role.PROCEDURAL:
            builder.note_chair_change(block.plain)
            builder.add_paragraph(block, ParagraphKind.PROCEDURAL, block.text)
        elif role is Role.VOTE:
            builder.add_paragraph(block, ParagraphKind.VOTE, block.text)
        else:
            turn = _add_speech(builder, block, turn)
    return builder.finish()


def _add_speech(builder: _Builder, block: Block, turn: int | None) -> int | None:
    """Add a paragraph of speech; returns the turn it belongs to (a new one if a speaker marker opens it)."""
    text, number = block.text, None
    numbered = _NUMBER_PREFIX.match(block.plain) if builder.numbered else None
    if numbered:
        number = int(numbered.group(1))
        text = _PRINTED_NUMBER.sub("", text, count=1)
    marker = match_speaker(text)
    if marker is None and _LOOKS_LIKE_MARKER.match(text):
        shown = plain(text.split("**")[1] if text.count("**") >= 2 else text[:60])
        builder.warnings.append(ParseWarning(
            builder.path, block.line,
            f"`{shown}` opens a paragraph like a speaker but is not a name; the paragraph is kept unattributed"))
    if marker is not None:
        turn = builder.start_turn(marker.speaker, block.line)
        text = marker.rest
    if turn is None:
        builder.add_paragraph(block, ParagraphKind.PROCEDURAL, text, number=number)
    else:
        builder.add_paragraph(block, ParagraphKind.SPEECH, text, number=number, turn=turn)
    return turn
