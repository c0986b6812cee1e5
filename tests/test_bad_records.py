"""Broken records: each file in tests/bad/ gives exactly the message in its `.expected` file.

An `.expected` file holds one line per message, `error: ...` or `warning: ...`, with the path
shown as the bare file name. A record that parses with warnings lists only warnings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ParseError
from generator.parse import load_record, parse_record
from generator.parse.source import MAX_RECORD_BYTES

BAD = Path(__file__).parent / "bad"
CASES = sorted(BAD.glob("*.md"))


def messages_for(path: Path) -> list[str]:
    try:
        record = load_record(path)
    except ParseError as error:
        return [f"error: {error}".replace(str(path), path.name)]
    return [f"warning: {w}".replace(str(path), path.name) for w in record.warnings]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_bad_record_gives_its_exact_message(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert messages_for(path) == expected


def test_every_bad_record_has_an_expected_message() -> None:
    assert CASES
    for path in CASES:
        assert path.with_suffix(".expected").exists(), path.name


def test_a_fifty_megabyte_file_is_refused_at_once() -> None:
    data = b"The President said that it was so.\n" * (50_000_000 // 35)
    with pytest.raises(ParseError) as raised:
        parse_record(data, "huge.md")
    assert str(raised.value) == "huge.md:1: file is 50.0 MB; records over 16 MiB are refused"
    assert len(data) > MAX_RECORD_BYTES
