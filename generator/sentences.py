"""Paragraph text as readers see it, cut into sentences: where a city is named, the sentence quoted."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from generator.parse.text import plain

EXCERPT_LIMIT = 320
"""The longest sentence kept whole as a mention's excerpt; longer ones are cut around the name."""

_SENTENCE_END = re.compile(r"([.!?][\"”’')]*)\s+(?=[\"“‘(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)$")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "para", "paras", "art", "arts", "vol", "p", "pp", "e.g", "i.e",
    "v", "vs", "sr", "jr", "prof", "gen", "col", "lt", "mt", "ft", "fig", "cf", "rev", "hon", "messrs", "mme",
})


def plain_text(text: str) -> str:
    """`plain(text)`, without its many passes for the most paragraphs, which have no Markdown at all."""
    if "*" in text or "_" in text or "\\" in text or "[" in text or "#" in text or "`" in text:
        return plain(text)
    if "  " in text or "\n" in text or "\t" in text or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    return text.replace("( ", "(").replace(" )", ")") if "( " in text or " )" in text else text


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of `text` ends (after its full stop); `Mr.`, `para.` and initials end none."""
    return [m.end(1) for m in _SENTENCE_END.finditer(text) if not _abbreviation_before(text, m.start())]


def sentence_at(text: str, start: int, end: int, ends: Sequence[int] | None = None) -> str:
    """The sentence of `text` holding `text[start:end]`, cut around it when very long."""
    ends = sentence_ends(text) if ends is None else ends
    before = bisect.bisect_right(ends, start) - 1
    first = ends[before] if before >= 0 else 0
    after = bisect.bisect_left(ends, end)
    last = ends[after] if after < len(ends) else len(text)
    sentence = text[first:last].strip()
    if len(sentence) <= EXCERPT_LIMIT:
        return sentence
    return _window(text, start, end, first, last)


def _abbreviation_before(text: str, stop: int) -> bool:
    """True when the full stop at `stop` ends `Mr.`, `para.`, `e.g.` or an initial rather than a sentence."""
    if text[stop] != ".":
        return False
    word = _LAST_WORD.search(text, max(0, stop - 12), stop)
    token = word.group(1).lower() if word else ""
    return token in _ABBREVIATIONS or (len(token.rstrip(".")) == 1 and token[:1].isalpha())


def _window(text: str, start: int, end: int, first: int, last: int) -> str:
    """About `EXCERPT_LIMIT` characters around the mention, cut at spaces and marked with ellipses."""
    half = (EXCERPT_LIMIT - (end - start)) // 2
    left, right = max(first, start - half), min(last, end + half)
    left = text.find(" ", left) + 1 if left > first and " " in text[left:start] else left
    right = text.rfind(" ", end, right) if right < last and " " in text[end:right] else right
    return ("…" if left > first else "") + text[left:right].strip() + ("…" if right < last else "")
