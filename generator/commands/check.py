"""`plenary check`: parse records and show what was understood, without building anything."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from generator.content import record_paths
from generator.errors import ParseError
from generator.model import Record
from generator.parse import load_record
from generator.serialize import record_json


def check(paths: Sequence[Path], *, as_json: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Parse every record under `paths`; 1 when any failed, else 0."""
    out, err = out or sys.stdout, err or sys.stderr
    failed = 0
    files = list(record_paths(paths))
    if not files:
        print(f"no records (*.md) found in {', '.join(map(str, paths))}", file=err)
        return 1
    for path in files:
        try:
            record = load_record(path)
        except ParseError as error:
            failed += 1
            print(f"error: {error}", file=err)
            continue
        for warning in record.warnings:
            print(f"warning: {warning}", file=err)
        out.write(record_json(record) if as_json else summary(record))
    if not as_json:
        print(f"{len(files) - failed} of {len(files)} records parsed", file=err)
    return 1 if failed else 0


def summary(record: Record) -> str:
    """A few human-readable lines about a parsed record."""
    meeting = record.meeting
    speakers = _unique(turn.speaker.name for turn in record.turns)
    chair = meeting.acting_chair or meeting.chair
    lines = [
        f"{record.source}: {meeting.symbol} — {meeting.body}, {meeting.title or f'meeting {meeting.number}'}",
        f"  {meeting.kind.value} record, {meeting.date.isoformat()}, {meeting.place or 'place unknown'}"
        + (f", chair {chair.name}" + (f" ({chair.country})" if chair.country else "") if chair else ""),
        f"  {len(record.paragraphs)} paragraphs, {len(record.turns)} turns, {len(speakers)} speakers, "
        f"{len(record.sections)} headings, {len(record.warnings)} warnings",
    ]
    return "\n".join(lines) + "\n"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
