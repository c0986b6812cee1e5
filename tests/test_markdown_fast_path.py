"""Paragraphs without Markdown skip the parser, and come out exactly as the parser would make them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import load_records
from generator.content import record_paths
from generator.render.markdown import inline_tokens, parser

CONTENT = Path(__file__).parent.parent / "content"


def parsed(text: str) -> list[tuple[str, str, dict]]:
    blocks = parser().parseInline(text)
    return [(t.type, t.content, dict(t.attrs)) for t in (blocks[0].children or [])] if blocks else []


def tokens(text: str) -> list[tuple[str, str, dict]]:
    return [(t.type, t.content, dict(t.attrs)) for t in inline_tokens(text)]


def test_every_paragraph_of_the_default_site_gives_the_parsers_tokens() -> None:
    records = load_records(record_paths([CONTENT])).records
    texts = [p.text for r in records for p in r.paragraphs]
    assert texts
    for text in texts:
        assert tokens(text) == parsed(text), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_the_parsers_tokens(text: str) -> None:
    assert tokens(text) == parsed(text)
