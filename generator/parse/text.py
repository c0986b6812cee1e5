"""Small text functions shared by the parsing steps: undo the PDF converter's Markdown."""

from __future__ import annotations

import re
import unicodedata

_HEADING_HASHES = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"(?<![\w\\])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def merge_split_emphasis(text: str) -> str:
    """Join emphasis the converter split word by word: `_**Mr.**_ _**X**_` becomes `_**Mr. X**_`."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"_\*\*([^*_]+?)\*\*_\s+_\*\*([^*_]+?)\*\*_", r"_**\1 \2**_", text)
        text = re.sub(r"(?<!\*)\*\*([^*]+?)\*\*\s+\*\*([^*]+?)\*\*(?!\*)", r"**\1 \2**", text)
        text = re.sub(r"(?<![\w*])_([^_]+?)_\s+_([^_]+?)_(?![\w*])", r"_\1 \2_", text)
    return text


def plain(text: str) -> str:
    """The text with heading marks, emphasis, links and escapes removed and spaces collapsed."""
    text = _HEADING_HASHES.sub("", text)
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)_|_(?!\w)", "", text)
    text = _ESCAPE.sub(r"\1", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """A key for comparing names: accents, case, quote and dash styles and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DASHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().casefold()


_PARTICLES = {"de", "da", "das", "del", "della", "der", "des", "di", "do", "dos", "du", "la", "le", "van", "von", "y", "bin", "ibn", "al", "el"}


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
