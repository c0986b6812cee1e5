"""Small text functions shared by the parsing steps: undo the PDF converter's Markdown."""

from __future__ import annotations

import re
import unicodedata
from functools import partial

_HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"(\*(?<![\w\\]\*)\*{0,2}|_(?<![\w\\]_)_{0,2})(?=\S)(.+?)(?<=\S)\1(?!\w)")
"""`*x*`, `**x**`, `_x_`... opened after neither a word character nor a backslash.

In this pattern and those below, a lookbehind follows the marker it guards rather than preceding it: the
pattern then starts with a literal `*` or `_` and the engine skips straight to the next one."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


_SPLIT_RUNS = (
    # `_**Mr.**_ _**INDERFURTH**_`, `**The** **meeting**`, `_The_ _meeting_`: a run of words wrapped one by one.
    (re.compile(r"_\*\*[^*_]+?\*\*_(?:\s+_\*\*[^*_]+?\*\*_)+"), "_**", "**_"),
    (re.compile(r"\*\*(?<!\*\*\*)[^*]+?\*\*(?:\s+\*\*[^*]+?\*\*)+(?!\*)"), "**", "**"),
    (re.compile(r"_(?<![\w*]_)[^_]+?_(?:\s+_[^_]+?_)+(?![\w*])"), "_", "_"),
)
_WRAPPED = {
    "_**": re.compile(r"_\*\*([^*_]+?)\*\*_"),
    "**": re.compile(r"\*\*([^*]+?)\*\*"),
    "_": re.compile(r"_([^_]+?)_"),
}
_EMPHASIS_DEPTH = 4
"""Real records nest emphasis at most three deep: `_**word**_`."""
_LOOSE_UNDERSCORE = re.compile(r"_(?:(?<!\w_)|(?!\w))")
"""An underscore not between two word characters."""


def merge_split_emphasis(text: str) -> str:
    """Join emphasis the converter split word by word: `_**Mr.**_ _**X**_` becomes `_**Mr. X**_`."""
    if "*" not in text and "_" not in text:
        return text
    for run, opening, closing in _SPLIT_RUNS:
        if opening in text:  # every run starts with its opening marker: without one there is nothing to join
            text = run.sub(partial(_rewrapped, _WRAPPED[opening], opening, closing), text)
    return text


def _rewrapped(words: re.Pattern[str], opening: str, closing: str, run: re.Match[str]) -> str:
    """The words of a run wrapped one by one, wrapped once: `**The** **meeting**` becomes `**The meeting**`."""
    return opening + " ".join(words.findall(run.group())) + closing


def plain(text: str) -> str:
    """The text with heading marks, emphasis, links and escapes removed and spaces collapsed."""
    if not _has_markup(text):
        return collapse_spaces(text)
    # Each pass only removes characters, so one whose marker is absent would change nothing: skip it.
    if "#" in text:
        text = _HEADING_HASHES.sub("", text)
    if "[" in text:
        text = _LINK.sub(_first_group, text)
    if "*" in text or "_" in text:
        text = _without_emphasis(text)
    if "\\" in text:
        text = _ESCAPE.sub(_first_group, text)
    text = collapse_spaces(text)
    # With spaces collapsed, the space just inside a parenthesis is a single one.
    return text.replace("( ", "(").replace(" )", ")") if "(" in text or ")" in text else text


def _has_markup(text: str) -> bool:
    """True when the text holds a character that can start Markdown: `*`, `_`, `\\`, `[`, `#` or `(`."""
    # A chain of `in` tests: each is a fast scan in C, many times quicker than one regex over a character class.
    return "*" in text or "_" in text or "\\" in text or "[" in text or "#" in text or "(" in text


def collapse_spaces(text: str) -> str:
    """The text with each run of white space made one space, and none at either end."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already collapsed: the only white space a printable text can hold is the space
    return " ".join(text.split())


def _without_emphasis(text: str) -> str:
    """The text with emphasis unwrapped and stray `*` and `_` markers dropped."""
    for _ in range(_EMPHASIS_DEPTH):  # bounded: a run of unmatched markers must not make this quadratic
        unwrapped = _EMPHASIS.sub(_second_group, text)
        if unwrapped == text:
            break
        text = unwrapped
        if "*" not in text and "_" not in text:
            return text
    text = text.replace("**", "").replace("__", "")
    return _LOOSE_UNDERSCORE.sub("", text) if "_" in text else text


def _first_group(match: re.Match[str]) -> str:
    """What the pattern's first group captured: quicker than a `\\1` template, which Python 3.11 expands per match."""
    return match.group(1)


def _second_group(match: re.Match[str]) -> str:
    """What the pattern's second group captured."""
    return match.group(2)


def fold(text: str) -> str:
    """A key for comparing names: accents, case, quote and dash styles and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DASHES))
    if not decomposed.isascii():  # only letters outside ASCII can carry combining marks
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return collapse_spaces(decomposed).casefold()


_PARTICLES = {
    "de", "da", "das", "del", "della", "der", "des", "di", "do", "dos", "du", "la", "le", "van", "von", "y", "bin",
    "ibn", "al", "el",
}


def title_case_name(name: str) -> str:
    """`INDERFURTH` becomes `Inderfurth`; names already in mixed case are kept as printed."""
    if not name.isupper():
        return name
    words = []
    for position, word in enumerate(name.split()):
        lower = word.lower()
        if position > 0 and lower in _PARTICLES:
            words.append(lower)
            continue
        words.append(re.sub(r"(^|[-'’.])(\w)", lambda m: m.group(1) + m.group(2).upper(), lower))
    return " ".join(words)
