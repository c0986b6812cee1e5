"""Record text (inline Markdown) to safe HTML or plain text, with city names linked.

Raw HTML in a record is never passed through: markdown-it runs with `html` off, images
are disabled and its link validation drops `javascript:` and similar schemes.
City links are added on the token stream, so they can only ever land in text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.token import Token
from markupsafe import Markup, escape

CityLink = tuple[str, str]
"""A city name as printed in a paragraph, and the URL of the city's page."""

MARKDOWN_SYNTAX = "\\`*_[]!<>&\x00\r\n"
"""The characters that can start inline Markdown (or change text, like entities and NUL); most paragraphs have none."""


def has_markdown_syntax(text: str) -> bool:
    """True when the text holds one of `MARKDOWN_SYNTAX`."""
    # One `in` a character, each a fast scan in C: eight times quicker than one regex over a character class.
    return ("*" in text or "_" in text or "[" in text or "]" in text or "\\" in text or "`" in text or "!" in text
            or "&" in text or "<" in text or ">" in text or "\n" in text or "\r" in text or "\x00" in text)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one inline Markdown parser: CommonMark, raw HTML off, images off."""
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of one paragraph's text.

    Text with no Markdown syntax at all is one text token: the parser would say so, only slower.
    """
    if not has_markdown_syntax(text):
        return [_text(text)] if text else []
    blocks = parser().parseInline(text)
    return list(blocks[0].children or []) if blocks else []


def render_inline(text: str, cities: Sequence[CityLink] = ()) -> Markup:
    """The paragraph as HTML; the first occurrence of each printed city name links to its page."""
    if not has_markdown_syntax(text):
        return Markup(_text_html(text, dict(cities)))
    runs = underscore_runs(text)
    if runs is not None:
        return Markup(_emphasised_html(runs, cities))
    tokens = link_cities(inline_tokens(text), cities) if cities else inline_tokens(text)
    md = parser()
    return Markup(md.renderer.render(tokens, md.options, {}))


def _text_html(text: str, pending: dict[str, str]) -> str:
    """What markdown-it renders of a text token of text with no Markdown syntax, the first occurrence of each of the
    `pending` city names linked (and no longer pending), written directly: nine paragraphs in ten are one such
    token, and the renderer was a third of a page's time."""
    if not pending:
        return text.replace('"', "&quot;")  # all `escapeHtml` would do: `&`, `<` and `>` are syntax
    return "".join(escapeHtml(run) if isinstance(run, str) else _city_link(*run) for run in city_runs(text, pending))


def underscore_runs(text: str) -> tuple[str] | tuple[str, str, str] | None:
    """For a text whose only Markdown is one or two lone underscores (`the _Official Records_ say`), the texts of
    the tokens the parser would make of it: the text before the emphasis, in it and after it, or the whole text
    when the underscores emphasise nothing (`rule_of_law`); None for any other text, which the parser reads.

    Most paragraphs with Markdown have just this: an italic title or procedural note. The underscores are told
    apart as the parser tells them (CommonMark's flanking rules, markdown-it's own tests of white space and
    punctuation), without its token stream: 8.5 us a paragraph instead of 53."""
    count = text.count("_")
    if count > 2 or "__" in text or has_markdown_syntax(text.replace("_", "")):
        return None
    if count < 2:
        return (text,)
    first = text.index("_")
    last = text.index("_", first + 1)
    if not (_opens(text, first) and _closes(text, last)):
        return (text,)
    return text[:first], text[first + 1:last], text[last + 1:]


def _flanking(text: str, at: int) -> tuple[bool, bool, bool, bool]:
    """Whether the lone marker at `at` is left-flanking and right-flanking, and whether the characters before
    and after it are punctuation (the ends of the text count as white space), as markdown-it scans them."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    before_punctuation = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punctuation = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left = not (after_space or (after_punctuation and not (before_space or before_punctuation)))
    right = not (before_space or (before_punctuation and not (after_space or after_punctuation)))
    return left, right, before_punctuation, after_punctuation


def _opens(text: str, at: int) -> bool:
    """Whether the underscore at `at` can open emphasis: never inside a word."""
    left, right, before_punctuation, _ = _flanking(text, at)
    return left and (not right or before_punctuation)


def _closes(text: str, at: int) -> bool:
    """Whether the underscore at `at` can close emphasis: never inside a word."""
    left, right, _, after_punctuation = _flanking(text, at)
    return right and (not left or after_punctuation)


def _emphasised_html(runs: tuple[str, ...], cities: Sequence[CityLink]) -> str:
    """What markdown-it renders of the text tokens `runs` (`underscore_runs`), the middle of three emphasised,
    the first occurrence of each city name in them linked (as `link_cities` links them, token by token)."""
    pending = dict(cities)
    html = [_text_html(run, pending) for run in runs]
    return f"{html[0]}<em>{html[1]}</em>{html[2]}" if len(html) == 3 else html[0]


def _city_link(name: str, href: str) -> str:
    """A city name linked to its page, as markdown-it renders the link `link_cities` makes."""
    return f'<a href="{escapeHtml(href)}" class="place">{escapeHtml(name)}</a>'


def link_cities(tokens: Iterable[Token], cities: Sequence[CityLink]) -> list[Token]:
    """The tokens with city names in text (never inside an existing link) wrapped in links."""
    pending = dict(cities)
    out: list[Token] = []
    depth = 0
    for token in tokens:
        depth += (token.type == "link_open") - (token.type == "link_close")
        if token.type == "text" and depth == 0 and pending:
            out.extend(_city_tokens(city_runs(token.content, pending)))
        else:
            out.append(token)
    return out


CityRun = str | CityLink
"""A run of a text: plain text, or a city name as printed and the URL of its page."""


def city_runs(text: str, pending: dict[str, str]) -> list[CityRun]:
    """The text cut into runs, the `pending` city names (each with its page's URL) linked where they first occur as
    whole words, and no longer pending.

    Read from the left, where several names occur the earliest is taken, the longest at one place; a name linked
    already in this text is passed over, its text taken as it is. So a name is never linked inside another, nor
    where an earlier name's occurrence covers it. Found with `str.find`, not one pattern of all the names: a
    pattern that opens with `(?<!\\w)` is tried at every character, five to ten times slower."""
    names = list(pending)
    runs: list[CityRun] = []
    start = done = 0
    while pending:
        found = _earliest(text, names, start)
        if found is None:
            break
        position, name = found
        start = position + len(name)
        href = pending.pop(name, None)
        if href is not None:
            runs.extend((text[done:position], (name, href)) if position > done else ((name, href),))
            done = start
    if done < len(text):
        runs.append(text[done:])
    return runs


def _earliest(text: str, names: Iterable[str], start: int) -> tuple[int, str] | None:
    """The position and name of the first whole-word occurrence of any of the names from `start`, the
    longest name of those occurring there."""
    best: tuple[int, str] | None = None
    for name in names:
        position = _whole_word(text, name, start)
        if position >= 0 and (best is None or (position, -len(name)) < (best[0], -len(best[1]))):
            best = position, name
    return best


def _whole_word(text: str, name: str, start: int) -> int:
    """Where `name` first occurs in `text` from `start` with no word character (`\\w`) either side; -1 if nowhere."""
    position = text.find(name, start)
    while position >= 0:
        end = position + len(name)
        if not (position and _is_word(text[position - 1])) and not (end < len(text) and _is_word(text[end])):
            return position
        position = text.find(name, position + 1)
    return -1


def _is_word(character: str) -> bool:
    """What a regular expression's `\\w` matches."""
    return character.isalnum() or character == "_"


def _city_tokens(runs: Iterable[CityRun]) -> list[Token]:
    """Text tokens and city links for the runs of one text token."""
    out: list[Token] = []
    for run in runs:
        if isinstance(run, str):
            out.append(_text(run))
        else:
            out.extend(_link(*run))
    return out


def _text(content: str) -> Token:
    """A text token."""
    token = Token("text", "", 0)
    token.content = content
    return token


def _link(label: str, href: str) -> list[Token]:
    """The three tokens of a link to a city page."""
    opening = Token("link_open", "a", 1)
    opening.attrs = {"href": href, "class": "place"}
    closing = Token("link_close", "a", -1)
    return [opening, _text(label), closing]


def plain_text(text: str) -> str:
    """The paragraph without Markdown: what a reader sees, as one line of plain text."""
    runs = underscore_runs(text) if has_markdown_syntax(text) else (text,)
    if runs is not None:
        return " ".join("".join(runs).split())
    parts: list[str] = []
    for token in inline_tokens(text):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def excerpt(text: str, words: int = 30) -> str:
    """The first `words` words of the plain text, with an ellipsis when cut.

    Inline Markdown changes no text before its first syntax character: when the first `words` words and the one
    after them have none, they are the plain text's, and more follows; the parser reads only the others (most
    paragraphs with Markdown have it further on than an excerpt reaches)."""
    found = text.split(None, words + 1)  # the words, the one after them, and the rest in one piece
    if has_markdown_syntax(" ".join(found[:words + 1])):
        found = plain_text(text).split(None, words)
    return " ".join(found) if len(found) <= words else " ".join(found[:words]).rstrip(",;:") + "…"


HIGHLIGHTS_KEPT = 1 << 14
"""The highlighted sentences kept for the next page that shows them (a few MB): the dev server renders the pages
of one year of the cities an edited meeting names again edit after edit (New York's, with its thousands)."""


@lru_cache(maxsize=HIGHLIGHTS_KEPT)
def highlight(sentence: str, matched: str) -> Markup:
    """The sentence escaped, with the first whole-word occurrence of `matched` in `<mark>`."""
    start = _whole_word(sentence, matched, 0) if matched else -1
    if start < 0:
        return escape(sentence)
    end = start + len(matched)
    before, found, after = sentence[:start], sentence[start:end], sentence[end:]
    return Markup(f"{escape(before)}<mark>{escape(found)}</mark>{escape(after)}")  # each part escaped, joined once
