"""Parse one UN meeting record into the typed model, step by step.

`parse_record` is pure: bytes in, `Record` out. `load_record` adds the file read.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ParseError
from generator.model import Record
from generator.parse.blocks import drop_furniture, split_blocks
from generator.parse.body import parse_body
from generator.parse.header import Header, build_meeting, read_header
from generator.parse.source import read_source

# Header lines that stay in the body as procedural paragraphs rather than being dropped.
_BODY_FIELDS = frozenset({"called_to_order", "rose", "acting_chair"})


def parse_record(data: bytes, source: str) -> Record:
    """The record in `data`, read from the file named `source` (used in messages)."""
    text = read_source(data, source)
    header = read_header(text.lines)
    meeting = build_meeting(header, text.front_matter, source)
    start = body_start(header)
    header_lines = frozenset(line for name, line in header.lines.items() if name not in _BODY_FIELDS)
    blocks = drop_furniture(split_blocks(text.lines, start), skip_lines=header_lines)
    body = parse_body(blocks, path=source, chair=meeting.chair, acting_chair=meeting.acting_chair)
    if not any(p.turn is not None for p in body.paragraphs):
        line = blocks[0].line if blocks else len(text.lines)
        what = "no paragraphs" if not body.paragraphs else "no speeches"
        raise ParseError(source, line, f"{what} found after the header: expected paragraphs such as "
                         "`**Mr. Smith** (Country): ...` or `1. **Mr. Smith** (Country) said that ...`")
    return Record(source, meeting, body.paragraphs, body.turns, body.sections, text.warnings + body.warnings)


def body_start(header: Header) -> int:
    """The 0-based line where the body begins: the chair change or call to order that opens it."""
    opening = [header.lines[name] for name in ("called_to_order", "acting_chair") if name in header.lines]
    if "called_to_order" in header.lines:
        called = header.lines["called_to_order"]
        opening = [line for line in opening if called - 12 <= line <= called]
    return min(opening) - 1 if opening else 0


def load_record(path: Path) -> Record:
    """Read and parse the record file at `path`."""
    return parse_record(read_record_file(path), str(path))


def read_record_file(path: Path) -> bytes:
    """The bytes of the record file at `path`; a ParseError naming it if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ParseError(str(path), 0, f"cannot read: {error.strerror or error}") from None
