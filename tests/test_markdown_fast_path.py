"""Paragraphs without Markdown skip the parser, and come out exactly as the parser would make and render them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator.build import link_site, load_records
from generator.content import record_paths
from generator.model import Meeting, ParagraphDraft, Record, RecordKind, paragraphs_of
from generator.render import listings
from generator.render.environment import city_url
from generator.render.markdown import (
    MARKDOWN_SYNTAX,
    CityLink,
    CityRun,
    city_runs,
    excerpt,
    has_markdown_syntax,
    highlight,
    inline_tokens,
    link_cities,
    parser,
    plain_text,
    render_inline,
)
from generator.site import MeetingPage

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


def parser_html(text: str, cities: Sequence[CityLink]) -> str:
    """What markdown-it itself renders of the text, city names linked on its tokens."""
    blocks = parser().parseInline(text)
    found = list(blocks[0].children or []) if blocks else []
    md = parser()
    return md.renderer.render(link_cities(found, cities) if cities else found, md.options, {})


def test_every_paragraph_of_the_default_site_renders_as_the_parser_renders_it() -> None:
    graph = link_site(load_records(record_paths([CONTENT])).records, CONTENT)
    linked = 0
    for meeting in graph.meetings:
        for paragraph in meeting.record.paragraphs:
            mentions = graph.named_in(meeting).get(paragraph.index, ())
            cities = tuple((printed, city_url(city)) for printed, city in mentions)
            linked += bool(cities)
            assert render_inline(paragraph.text, cities) == parser_html(paragraph.text, cities), paragraph.text
    assert linked > 20


CITY_NAMES = st.sampled_from(["Paris", "New York", "Addis Ababa", "Nice", "Bonn", "Rio de Janeiro"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(CITY_NAMES, st.text(alphabet=st.characters(codec="utf-8"), max_size=30)), max_size=8),
    st.lists(CITY_NAMES, unique=True, max_size=3),
    st.sampled_from(['/cities/x/', '/cities/"q"/', "/cities/a&b/"]),
)
def test_any_text_with_city_names_renders_as_the_parser_renders_it(
    pieces: list[str], names: list[str], href: str
) -> None:
    text = " ".join(pieces)
    cities = tuple((name, href) for name in names)
    assert render_inline(text, cities) == parser_html(text, cities)


AROUND_UNDERSCORES = st.text(
    alphabet=st.sampled_from(["a", "Z", "é", "1", " ", "\u00a0", "\u2003", "\t", ".", ",", "(", ")", "“", "”", "’", '"',
                              "$", "€", "-", "_", "*", "[", "]", "&"]),
    max_size=8,
)
SPACED_CITY_NAMES = st.builds(
    "{}{}{}".format, st.sampled_from(["", " ", "("]), CITY_NAMES, st.sampled_from(["", " ", "."]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(AROUND_UNDERSCORES, SPACED_CITY_NAMES), max_size=6),
       st.lists(CITY_NAMES, unique=True, max_size=3))
def test_a_text_with_underscores_renders_as_the_parser_renders_it(pieces: list[str], names: list[str]) -> None:
    """One or two lone underscores are read without the parser, as emphasis or as themselves; the rest by it."""
    text = "_".join(pieces)
    cities = tuple((name, f"/cities/{name.lower()}/") for name in names)
    assert render_inline(text, cities) == parser_html(text, cities)


@settings(max_examples=600, deadline=None)
@given(st.lists(AROUND_UNDERSCORES, max_size=6))
def test_the_plain_text_of_a_text_with_underscores_is_the_parsers(pieces: list[str]) -> None:
    text = "_".join(pieces)
    shown = {"text": None, "code_inline": None, "softbreak": " ", "hardbreak": " "}
    read = [shown[t.type] or t.content for t in parser().parseInline(text)[0].children or [] if t.type in shown]
    assert plain_text(text) == " ".join("".join(read).split())


def test_an_italic_title_or_a_word_with_an_underscore_is_read_without_the_parser(monkeypatch) -> None:
    monkeypatch.setattr("generator.render.markdown.inline_tokens", lambda text: pytest.fail(f"parsed {text!r}"))
    assert render_inline("the _Official Records_, vol. 2") == "the <em>Official Records</em>, vol. 2"
    linked = '<em>It was <a href="/x/" class="place">so</a> decided.</em>'
    assert render_inline("_It was so decided._", (("so", "/x/"),)) == linked
    paris = '<a href="/p/" class="place">Paris</a>'
    assert render_inline("Paris and _Paris_", (("Paris", "/p/"),)) == f"{paris} and <em>Paris</em>"  # linked once
    assert render_inline("the rule_of law") == "the rule_of law"
    assert render_inline("files a_b and c_d") == "files a_b and c_d"  # inside words: no emphasis
    assert plain_text("the _Official  Records_") == "the Official Records"


def excerpt_of_the_whole_plain_text(text: str, words: int = 30) -> str:
    """The excerpt as the definition says: the first words of the whole paragraph's plain text."""
    found = plain_text(text).split()
    return " ".join(found) if len(found) <= words else " ".join(found[:words]).rstrip(",;:") + "…"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.integers(min_value=1, max_value=40))
def test_an_excerpt_has_the_first_words_of_the_plain_text(text: str, words: int) -> None:
    assert excerpt(text, words) == excerpt_of_the_whole_plain_text(text, words)


def test_every_paragraph_of_the_default_site_gives_the_excerpt_of_its_plain_text() -> None:
    records = load_records(record_paths([CONTENT])).records
    for text in (p.text for r in records for p in r.paragraphs):
        assert excerpt(text) == excerpt_of_the_whole_plain_text(text), text


MARKDOWN_PIECES = st.sampled_from([
    "*emphasis*", "**bold words**", "_under_", "`code span`", "[a link](https://example.org/)", "[](x)", "**",
    "*", "\\*", "&amp;", "&", "<https://example.org>", "<b>", "![image](x.png)", "line\nbreak", "hard  \nbreak",
    "x\x00y", "]", "[", "__", "***", "`", "\r",
])


PLAIN_WORDS = st.sampled_from(["word", "Geneva", "of", "the", "1.", "—", "l’ONU", "end.", "say,", "a:"])


@settings(max_examples=600, deadline=None)
@given(st.integers(min_value=1, max_value=35), st.integers(min_value=-2, max_value=2), MARKDOWN_PIECES,
       st.lists(st.one_of(PLAIN_WORDS, MARKDOWN_PIECES), max_size=12))
def test_an_excerpt_has_the_first_words_of_the_plain_text_whatever_markdown_comes_about_its_last_word(
        words: int, offset: int, piece: str, rest: list[str]) -> None:
    text = " ".join(["word"] * max(0, words + offset) + [piece] + rest)
    assert excerpt(text, words) == excerpt_of_the_whole_plain_text(text, words)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PLAIN_WORDS, MARKDOWN_PIECES), max_size=45), st.integers(min_value=1, max_value=35))
def test_an_excerpt_of_words_with_markdown_anywhere_has_the_first_words_of_the_plain_text(
        pieces: list[str], words: int) -> None:
    text = " ".join(pieces)
    assert excerpt(text, words) == excerpt_of_the_whole_plain_text(text, words)


MEETING = Meeting("Security Council", RecordKind.VERBATIM, 1, "S/PV.1", dt.date(1946, 1, 17))


def test_an_excerpt_kept_with_the_records_text_is_read_by_each_page_listing_it_not_worked_out(monkeypatch) -> None:
    worked_out: list[str] = []
    monkeypatch.setattr(listings, "excerpt", lambda text: worked_out.append(text) or excerpt(text))
    one, other = (f"*{name}* said that the Council {'must ' * 40}act." for name in ("Mr. A", "Ms. B"))
    kept = paragraphs_of([ParagraphDraft(1, "p1", one, 10), ParagraphDraft(2, "p2", other, 12)])
    page = MeetingPage(listings.keep_excerpts(Record("a.md", MEETING, kept)), "s-pv-1", None)
    assert worked_out == [one, other]  # once, where the record is parsed

    listed = [e.text for _ in range(2) for e in listings.paragraph_excerpts(page, kept)]  # by two pages
    assert listed == [escape(excerpt(t)) for t in (one, other, one, other)]
    assert worked_out == [one, other]


def test_a_paragraph_whose_records_excerpts_were_not_kept_has_its_excerpt_worked_out(monkeypatch) -> None:
    worked_out: list[str] = []
    monkeypatch.setattr(listings, "excerpt", lambda text: worked_out.append(text) or excerpt(text))
    text = "The *Council* <decides> that " + "it must act " * 10
    (paragraph,) = paragraphs_of([ParagraphDraft(1, "p1", text, 10)])
    assert paragraph.kept_excerpt is None
    page = MeetingPage(Record("a.md", MEETING, (paragraph,)), "s-pv-1", None)
    assert listings.paragraph_excerpts(page, [paragraph])[0].text == escape(excerpt(text)) and worked_out == [text]


def runs_by_one_pattern(text: str, cities: Sequence[CityLink]) -> list[CityRun]:
    """The runs as one regular expression of every name finds them, longest first, whole words only."""
    pending = dict(cities)
    names = sorted(pending, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)")
    runs: list[CityRun] = []
    done = 0
    for match in pattern.finditer(text):
        name = match.group(1)
        if name in pending:
            runs.extend(run for run in (text[done:match.start()], (name, pending.pop(name))) if run)
            done = match.end()
    return runs + ([text[done:]] if text[done:] else [])


OVERLAPPING_NAMES = ["York", "New York", "New York City", "Lake Geneva", "Geneva", "São Paulo", "Paulo", "Al-Quds"]
WORDS = st.sampled_from([*OVERLAPPING_NAMES, "the", "Yorker", "xGeneva", "_York", "Geneva_", "9York", "é", ",", "-"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(alphabet="Yorkva GeN-_é", max_size=6)), max_size=14),
       st.sampled_from([" ", "", "-", "\u00a0"]), st.lists(st.sampled_from(OVERLAPPING_NAMES), unique=True, max_size=4))
def test_each_name_is_linked_where_one_pattern_of_all_the_names_first_finds_it(
    words: list[str], separator: str, names: list[str]
) -> None:
    text = separator.join(words)
    cities = tuple((name, f"/cities/{name}/") for name in names)
    assert city_runs(text, dict(cities)) == runs_by_one_pattern(text, cities)


def test_a_name_is_linked_once_and_never_inside_a_longer_one() -> None:
    cities = (("York", "/cities/york/"), ("New York", "/cities/new-york/"))
    assert city_runs("New York, not York, then York again", dict(cities)) == [
        ("New York", "/cities/new-york/"), ", not ", ("York", "/cities/york/"), ", then York again"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*MARKDOWN_SYNTAX, "a", " ", '"', "'", "é", "#", "(", ")"]), max_size=6))
def test_markdown_syntax_is_told_by_each_of_its_characters(text: str) -> None:
    assert has_markdown_syntax(text) == any(character in text for character in MARKDOWN_SYNTAX)


def test_every_character_of_markdown_syntax_is_told_alone() -> None:
    assert all(has_markdown_syntax(f"a{character}b") for character in MARKDOWN_SYNTAX)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(alphabet="Yorkva GeN-_é<&", max_size=6)), max_size=10),
       st.sampled_from([*OVERLAPPING_NAMES, "e", "a-b", ""]))
def test_a_highlight_marks_where_a_whole_word_pattern_first_finds_the_name(words: list[str], name: str) -> None:
    sentence = " ".join(words)
    match = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", sentence) if name else None
    expected = escape(sentence) if match is None else Markup(
        f"{escape(sentence[:match.start()])}<mark>{escape(name)}</mark>{escape(sentence[match.end():])}")
    assert highlight(sentence, name) == expected
