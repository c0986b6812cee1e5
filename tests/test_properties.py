"""Properties that hold for any input: the parser never fails but with a ParseError, slugs are always safe paths."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ParseError
from generator.model import Record
from generator.parse import parse_record
from generator.parse.symbols import symbol_slug
from generator.slugs import slugify

SEED = (Path(__file__).parent.parent / "content" / "E_2018_SR.22.md").read_text(encoding="utf-8")
SEED_LINES = SEED.splitlines()
SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

record_like_lines = st.lists(
    st.one_of(
        st.sampled_from(SEED_LINES),
        st.text(max_size=120),
        st.sampled_from(
            ["", "+++", "---", "# **8422**", "nd meeting", "_**Mr.**_ _**X**_ (Y):", "1. **The President**"]
        ),
    ),
    max_size=60,
)


def parses_or_fails_cleanly(data: bytes) -> None:
    try:
        record = parse_record(data, "fuzz.md")
    except ParseError as error:
        assert error.path == "fuzz.md" and error.line >= 0 and error.message
    else:
        assert isinstance(record, Record) and record.paragraphs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_record_or_a_parse_error(data: bytes) -> None:
    parses_or_fails_cleanly(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_like_lines)
def test_any_shuffle_of_record_lines_gives_a_record_or_a_parse_error(lines: list[str]) -> None:
    parses_or_fails_cleanly("\n".join(lines).encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED_LINES)), st.text(max_size=200))
def test_any_line_inserted_into_a_real_record_keeps_it_parseable_or_fails_cleanly(at: int, line: str) -> None:
    lines = [*SEED_LINES[:at], line, *SEED_LINES[at:]]
    parses_or_fails_cleanly("\n".join(lines).encode("utf-8", "surrogatepass"))


@given(st.text())
def test_every_slug_is_a_safe_path_segment(text: str) -> None:
    slug = slugify(text)
    assert SAFE_SLUG.match(slug) and len(slug) <= 80 and slug not in (".", "..")


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), min_size=1))
def test_every_symbol_slug_is_a_safe_path_segment(text: str) -> None:
    assert SAFE_SLUG.match(symbol_slug(text))
