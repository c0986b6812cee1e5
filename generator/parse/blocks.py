"""From lines to blocks: drop the page furniture the PDF left behind and rejoin what a page broke.

A block is a run of non-blank lines. After furniture is removed, a block that a page or
column break split from its start (it opens in lower case, or the block before it stops
mid-sentence) is joined back to it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from generator.parse.text import merge_split_emphasis, plain


class Role(Enum):
    """What a block is, as far as its own text tells."""

    HEADING = "heading"
    NUMBERED = "numbered"
    SPEAKER = "speaker"
    PROCEDURAL = "procedural"
    VOTE = "vote"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Block:
    """A run of non-blank source lines, emphasis already merged."""

    line: int
    """The 1-based source line it starts on."""
    lines: tuple[str, ...]
    """Its lines, stripped."""
    text: str = field(init=False)
    """The lines joined by spaces, inline Markdown kept, needless escapes (`\\$`) undone."""
    plain: str = field(init=False)
    """The text without Markdown."""

    def __post_init__(self) -> None:
        text = merge_split_emphasis(" ".join(self.lines)).replace("\\$", "$")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "plain", plain(text))


_JOB_NUMBER = r"\d{2}-\d{5}"
_PAGE = r"\d{1,3}/\d{1,3}"
_SYMBOL = r"[AESCT][A-Z0-9./-]*/(?:PV|SR)\.\d+(?:/[A-Za-z]+\.\d+)?"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORDINAL = r"\d+\s?(?:st|nd|rd|th)"
_DIGITS = "0123456789"
_SPACES = "".join(c for c in map(chr, range(128)) if c.isspace())
"""What `\\s` matches in ASCII: more than `string.whitespace` (the separators `\\x1c` to `\\x1f` too)."""
_FURNITURE_PATTERNS = (
    # Each pattern with the characters that can start a line it matches (as lower case; `IGNORECASE` holds).
    (_DIGITS, rf"^(?:{_PAGE}\s+)?{_JOB_NUMBER}(?:\s*\(E\))?(?:\s+{_PAGE})?$"),  # 18-07008 (E), 2/38 24-19856
    (_DIGITS, rf"^(?:\d{{1,3}}\s+)?{_JOB_NUMBER}(?:\s+\d{{1,3}})?$"),  # **6** 10-70469
    (_DIGITS + "*", r"^\*?\d{7}\*?$"),  # barcode digits
    ("p", r"^Please recycle\b.*"),
    (_DIGITS, r"^\d{1,3}$"),  # page number
    (_DIGITS, rf"^{_PAGE}$"),
    (_DIGITS + "aesct", rf"^(?:{_DATE}\s+)?{_SYMBOL}(?:\s+.{{0,120}}?)?(?:\s+{_DATE})?$"),  # running header, symbol
    (_DIGITS, rf"^{_DATE}\s+.{{0,120}}?\s*{_SYMBOL}$"),  # the same on facing pages: date, title, symbol
    (_DIGITS, r"^\d{1,3}\s+General Assembly\s+-\s+.*session$"),
    (_DIGITS, rf"^{_ORDINAL} meeting\s+-\s+{_WEEKDAY},?\s+\d{{1,2}}\s+{_MONTH}\s+\d{{4}}(?:\s+\d{{1,3}})?$"),
    ("s", rf"^Security Council\s+{_ORDINAL} meeting$"),
    (string.ascii_lowercase, rf"^[A-Z][a-z]+(?:-[a-z]+)?\s+year\s+\d{{1,2}}\s+{_MONTH}\s+\d{{4}}$"),
    ("._-" + _SPACES, r"^[._\-\s]+$"),  # rules and stray dots
    ("oup", r"^(?:Official Records|United Nations|Provisional)$"),
    ("d", r"^Distr\.?:?\s+(?:GENERAL|LIMITED|RESTRICTED)\b.*$"),
    (_DIGITS, rf"^\d{{1,2}}\s+{_MONTH}\s+\d{{4}}$"),
    ("efsrac", r"^(?:ENGLISH|FRENCH|SPANISH|RUSSIAN|ARABIC|CHINESE)$"),
    ("o", r"^Original:\s+\w+$"),
)


def _any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching where any of `patterns` does, tried in one pass rather than one pass each."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


FURNITURE_LINE = _any_of(pattern for _, pattern in _FURNITURE_PATTERNS)
"""Any of the furniture patterns: what page furniture is. `is_furniture_text` tries it whole on a line whose first
character is not ASCII (`\\d`, `\\s` and case-folding reach past ASCII), or on an empty one."""


def _by_first_character() -> dict[str, re.Pattern[str]]:
    """For each ASCII character, the furniture patterns a line starting with it can match, as one pattern."""
    combined: dict[tuple[str, ...], re.Pattern[str]] = {}
    table: dict[str, re.Pattern[str]] = {}
    for code in range(128):
        first = chr(code)
        patterns = tuple(pattern for starts, pattern in _FURNITURE_PATTERNS if first.lower() in starts)
        if patterns not in combined:
            combined[patterns] = _any_of(patterns) if patterns else re.compile(r"(?!)")
        table[first] = combined[patterns]
    return table


_FURNITURE_BY_FIRST = _by_first_character()
"""The furniture patterns by a line's first character: a prose line is tried against the one or two that can
start with its letter, not all eighteen (a pass over every line was an eighth of a record's parse)."""
_DISCLAIMER = re.compile(
    r"^(?:\d{2}-\d{5}\s*\(E\)\s*)?"
    r"(?:This record (?:is subject to correction|contains the)|Corrections (?:should|will) be|"
    r"Corrected records will be reissued|Room [A-Z]-\d+, and incorporated)",
    re.IGNORECASE,
)
_TERMINAL_MARKS = frozenset(".!?:;”\"’')]")
"""What ends a sentence, a list's lead-in or a quotation: a block ending otherwise was broken off."""
_PROCEDURAL = re.compile(
    r"^(?:The meeting (?:was called to order|rose|was suspended|was resumed|resumed)|It was so decided|"
    r"(?:A|The) (?:recorded )?vote was taken|A vote was taken|The agenda was adopted|In the absence of|"
    r"The (?:Acting )?(?:President|Chair(?:man|person)?) returned to the Chair|.{0,160}\btook the Chair\b|"
    r"At the invitation of the (?:President|Chair)|"
    r"(?:Draft )?(?:resolution|decision|amendment)s?\b.{0,80}\b(?:was|were) (?:adopted|rejected|withdrawn)|"
    r"The draft (?:resolution|decision|amendment).{0,80}\b(?:was|were) (?:adopted|rejected)|"
    r"The (?:motion|proposal|amendment) was (?:adopted|rejected)|A minute of silent prayer or meditation|"
    r"The members of the (?:General Assembly|Council) observed a minute)",
    re.IGNORECASE,
)
_VOTE_LABEL = re.compile(r"^(?:In favour|Against|Abstaining|Abstentions|Absent)\s*:", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,5})\.\s+\S")
_AGENDA = re.compile(r"^(?:Agenda item|AGENDA ITEM|Item)\s+\d+", re.IGNORECASE)
_SUMMARY_HEADING = re.compile(r"^(?:Session|Panel|Part|Segment|Round table|Agenda item)\s+\w+\b", re.IGNORECASE)
_SPEAKER_START = re.compile(r"^_?\*\*(?:[A-Z][\w’'.-]*\.?\s)?")
_ALL_BOLD = re.compile(r"^(?:_?\*\*[^*]+\*\*_?[\s.:]*|\(\s*_?\*{0,2}[^()*]*\*{0,2}_?\s*\)\s*)+$")
_LEADING_AND = re.compile(r"^and\s+")
_MARKER_HEAD = re.compile(
    r"^_?\*\*_?\s*(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s|The (?:Acting )?(?:President|Chair\w*|Secretary-General)\b)"
    r"[^*:]{0,120}\*\*_?(?:\s*\([^():]*\))*\s*$"
)
"""The bold name that opens a speaker marker, perhaps with its affiliation, cut off before the colon."""
_PARENTHESES = r"\((?:[^()]|\([^()]*\))*\)"
_MARKER_TAIL = re.compile(rf"^\s*(?:(?:{_PARENTHESES}\s*)*:|(?:{_PARENTHESES}\s*)+$)")
"""The rest of a speaker marker: its affiliation and language note in parentheses, then the colon."""
_ALL_ITALIC = re.compile(r"^_[^_]+_\s*[.:]?\s*(?:\([^)]*\)\s*\.?)?$")


def split_blocks(lines: Sequence[str], start: int = 0) -> list[Block]:
    """Runs of non-blank lines from `start` (0-based); a Markdown heading line is a block of its own."""
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    for number in range(start, len(lines)):
        line = lines[number].strip()
        if not line or line.startswith("#"):
            if current:
                blocks.append(Block(first + 1, tuple(current)))
                current = []
            if line:
                blocks.append(Block(number + 1, (line,)))
            continue
        if not current:
            first = number
        current.append(line)
    if current:
        blocks.append(Block(first + 1, tuple(current)))
    return blocks


def is_furniture_line(line: str) -> bool:
    """True for job numbers, barcodes, page numbers and running headers."""
    return is_furniture_text(plain(merge_split_emphasis(line)))


def is_furniture_text(text: str) -> bool:
    """True when the plain text of a line is page furniture: `FURNITURE_LINE` matches it."""
    return _FURNITURE_BY_FIRST.get(text[:1], FURNITURE_LINE).match(text) is not None


def drop_furniture(blocks: Iterable[Block], skip_lines: frozenset[int] = frozenset()) -> list[Block]:
    """The blocks without page furniture, disclaimers and the given header lines."""
    kept: list[Block] = []
    in_disclaimer = False
    for block in blocks:
        if _DISCLAIMER.match(block.plain):
            in_disclaimer = not _ends_sentence(block.lines[-1])
            continue
        if in_disclaimer:
            in_disclaimer = False
            if block.lines[0][:1].isupper() and _ends_sentence(block.lines[-1]) and len(block.plain) < 200:
                continue
        if _keeps_every_line(block, skip_lines):
            kept.append(block)
            continue
        lines = [
            (block.line + offset, line)
            for offset, line in enumerate(block.lines)
            if block.line + offset not in skip_lines and not is_furniture_line(line)
        ]
        if len(lines) == len(block.lines):
            kept.append(block)  # nothing dropped: the block is already what it would be rebuilt as
        elif lines:
            kept.append(Block(lines[0][0], tuple(line for _, line in lines)))
    return kept


def _keeps_every_line(block: Block, skip_lines: frozenset[int]) -> bool:
    """True when the block is plain prose with no furniture or header line in it, the common case, told cheaply."""
    if not skip_lines.isdisjoint(range(block.line, block.line + len(block.lines))):
        return False
    text = block.text
    if block.plain != text or "*" in text or "_" in text or "\\" in text or "[" in text or "#" in text:
        return False  # `in` tests chained: each a scan in C, with no generator made per block
    # With no marks to remove, no doubled or odd spaces and no space just inside a parenthesis, each line is
    # its own plain text: the patterns can be tried on the lines as they are, without `is_furniture_line`.
    return not any(map(is_furniture_text, block.lines))


def role_of(block: Block, *, numbered_record: bool) -> Role:
    """What the block's own text says it is."""
    text, plain_text = block.text, block.plain
    if _NUMBERED.match(plain_text) and numbered_record:
        return Role.NUMBERED
    if _VOTE_LABEL.match(plain_text):
        return Role.VOTE
    if _is_procedural(text, plain_text, numbered_record=numbered_record):
        return Role.PROCEDURAL
    if block.lines[0].startswith("#") or _AGENDA.match(plain_text):
        return Role.HEADING
    all_bold = _ALL_BOLD.match(text)
    if _SPEAKER_START.match(text) and not all_bold:
        return Role.SPEAKER
    if all_bold:
        return Role.HEADING
    if numbered_record and _is_summary_heading(plain_text):
        return Role.HEADING
    return Role.TEXT


def _is_procedural(text: str, plain_text: str, *, numbered_record: bool) -> bool:
    """A procedural note: a short or italic paragraph (any, in a numbered record) opening with a procedural phrase."""
    if numbered_record and _NUMBERED.match(plain_text):
        return False
    # The cheap tests first: most paragraphs are long plain prose and need not be matched at all.
    looks_like_note = numbered_record or len(plain_text) < 300 or text.startswith("_") or _ALL_ITALIC.match(text)
    return bool(looks_like_note and _PROCEDURAL.match(plain_text))


def _is_summary_heading(plain_text: str) -> bool:
    """An unnumbered short line in a numbered record that names a part of the meeting."""
    return bool(_SUMMARY_HEADING.match(plain_text)) and len(plain_text) < 300 and not plain_text.endswith(".")


def continues(previous: Block, previous_role: Role, block: Block, role: Role, *, numbered_record: bool) -> bool:
    """True when `block` is the rest of `previous`, split from it by a page or column break.

    In a record that numbers its paragraphs, an unnumbered text block is always the rest of the one before.
    A speaker marker broken after the name (`**Mr. Mukongo**` / `(Democratic Republic of the Congo): ...`)
    is one block again.
    """
    if is_broken_marker(previous, block):
        return True
    if role is not Role.TEXT or previous_role in (Role.HEADING, Role.PROCEDURAL):
        return False
    if numbered_record and previous_role in (Role.NUMBERED, Role.SPEAKER, Role.TEXT):
        return True
    if previous_role is Role.VOTE:
        return previous.plain.endswith((":", ",")) or is_name_list(block.plain)
    return block.plain[:1].islower() or not _ends_sentence(previous.plain)


def is_broken_marker(previous: Block, block: Block) -> bool:
    """True when `previous` is the bold name of a speaker marker and `block` the parentheses and colon after it."""
    if not block.plain.startswith(("(", ":")):
        return False
    return bool(_MARKER_HEAD.match(previous.text) and _MARKER_TAIL.match(block.plain))


def _ends_sentence(text: str) -> bool:
    """True when the text's last character, white space aside, is one of `_TERMINAL_MARKS`."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL_MARKS


def is_name_list(text: str) -> bool:
    """True for a comma-separated list of names, like the delegations in a vote."""
    items = [_LEADING_AND.sub("", item.strip()) for item in text.rstrip(".").split(",")]
    return all(item[:1].isupper() or item[:1] == "(" or item.endswith(")") for item in items if item) and all(
        len(item.split()) <= 8 for item in items
    )


def join(previous: Block, block: Block) -> Block:
    """One block holding both, keeping the first one's line."""
    return Block(previous.line, previous.lines + block.lines)
