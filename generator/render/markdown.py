"""Record text (inline Markdown) to safe HTML or plain text, with city names linked.

Raw HTML in a record is never passed through: markdown-it runs with `html` off, images
are disabled and its link validation drops `javascript:` and similar schemes.
City links are added on the token stream, so they can only ever land in text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup, escape

CityLink = tuple[str, str]
"""A city name as printed in a paragraph, and the URL of the city's page."""

_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]!<>&\x00\r\n]")
"""The characters that can start inline Markdown (or change text, like entities and NUL); most paragraphs have none."""


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one inline Markdown parser: CommonMark, raw HTML off, images off."""
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of one paragraph's text.

    Text with no Markdown syntax at all is one text token: the parser would say so, only slower.
    """
    if not _MARKDOWN_SYNTAX.search(text):
        return [_text(text)] if text else []
    blocks = parser().parseInline(text)
    return list(blocks[0].children or []) if blocks else []


def render_inline(text: str, cities: Sequence[CityLink] = ()) -> Markup:
    """The paragraph as HTML; the first occurrence of each printed city name links to its page."""
    if not _MARKDOWN_SYNTAX.search(text):
        return Markup(_plain_html(text, cities))
    tokens = link_cities(inline_tokens(text), cities) if cities else inline_tokens(text)
    md = parser()
    return Markup(md.renderer.render(tokens, md.options, {}))


def _plain_html(text: str, cities: Sequence[CityLink]) -> str:
    """What markdown-it renders for text with no Markdown syntax (one text token, city names linked),
    written directly: nine paragraphs in ten take this way, and the renderer was a third of a page's time."""
    if not cities:
        return escapeHtml(text)
    html: list[str] = []
    for token in _split_text(text, dict(cities)):
        if token.type == "text":
            html.append(escapeHtml(token.content))
        elif token.type == "link_open":
            html.append(f'<a href="{escapeHtml(token.attrs["href"])}" class="place">')  # type: ignore[arg-type]
        else:
            html.append("</a>")
    return "".join(html)


def link_cities(tokens: Iterable[Token], cities: Sequence[CityLink]) -> list[Token]:
    """The tokens with city names in text (never inside an existing link) wrapped in links."""
    pending = dict(cities)
    out: list[Token] = []
    depth = 0
    for token in tokens:
        depth += (token.type == "link_open") - (token.type == "link_close")
        if token.type == "text" and depth == 0 and pending:
            out.extend(_split_text(token.content, pending))
        else:
            out.append(token)
    return out


def _split_text(content: str, pending: dict[str, str]) -> list[Token]:
    """Text tokens and city links for one text run; linked names leave `pending`."""
    names = sorted(pending, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)")
    out: list[Token] = []
    start = 0
    for match in pattern.finditer(content):
        name = match.group(1)
        if name not in pending:
            continue
        out.append(_text(content[start : match.start()]))
        out.extend(_link(name, pending.pop(name)))
        start = match.end()
    out.append(_text(content[start:]))
    return [token for token in out if token.type != "text" or token.content]


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
    if _MARKDOWN_SYNTAX.search(" ".join(found[:words + 1])):
        found = plain_text(text).split(None, words)
    return " ".join(found) if len(found) <= words else " ".join(found[:words]).rstrip(",;:") + "…"


HIGHLIGHTS_KEPT = 1 << 14
"""The highlighted sentences kept for the next page that shows them (a few MB): the dev server renders the pages
of one year of the cities an edited meeting names again edit after edit (New York's, with its thousands)."""


@lru_cache(maxsize=HIGHLIGHTS_KEPT)
def highlight(sentence: str, matched: str) -> Markup:
    """The sentence escaped, with the first whole-word occurrence of `matched` in `<mark>`."""
    match = re.search(r"(?<!\w)" + re.escape(matched) + r"(?!\w)", sentence) if matched else None
    if match is None:
        return escape(sentence)
    before, found, after = sentence[: match.start()], match.group(0), sentence[match.end() :]
    return Markup(f"{escape(before)}<mark>{escape(found)}</mark>{escape(after)}")  # each part escaped, joined once
