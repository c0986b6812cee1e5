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


_SPLIT_RUNS = (
    # `_**Mr.**_ _**INDERFURTH**_`, `**The** **meeting**`, `_The_ _meeting_`: a run of words wrapped one by one.
    (re.compile(r"_\*\*[^*_]+?\*\*_(?:\s+_\*\*[^*_]+?\*\*_)+"), "_**", "**_"),
    (re.compile(r"(?<!\*)\*\*[^*]+?\*\*(?:\s+\*\*[^*]+?\*\*)+(?!\*)"), "**", "**"),
    (re.compile(r"(?<![\w*])_[^_]+?_(?:\s+_[^_]+?_)+(?![\w*])"), "_", "_"),
)
_WRAPPED = {"_**": re.compile(r"_\*\*([^*_]+?)\*\*_"), "**": re.compile(r"\*\*([^*]+?)\*\*"), "_": re.compile(r"_([^_]+?)_")}
_EMPHASIS_DEPTH = 4
"""Real records nest emphasis at most three deep: `_**word**_`."""
_PARENS = re.compile(r"\(\s+|\s+\)")
_LOOSE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
_MARKUP = re.compile(r"[*_\\\[#(]")


def merge_split_emphasis(text: str) -> str:
    """Join emphasis the converter split word by word: `_**Mr.**_ _**X**_` becomes `_**Mr. X**_`."""
    if "*" not in text and "_" not in text:
        return text
    for run, opening, closing in _SPLIT_RUNS:
        words = _WRAPPED[opening]
        text = run.sub(lambda m, w=words, o=opening, c=closing: o + " ".join(w.findall(m.group())) + c, text)
    return text


def plain(text: str) -> str:
    """The text with heading marks, emphasis, links and escapes removed and spaces collapsed."""
    if not _MARKUP.search(text):
        return _SPACES.sub(" ", text).strip()
    text = _HEADING_HASHES.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(_EMPHASIS_DEPTH):  # bounded: a run of unmatched markers must not make this quadratic
        unwrapped = _EMPHASIS.sub(r"\2", text)
        if unwrapped == text:
            break
        text = unwrapped
    text = text.replace("**", "").replace("__", "")
    text = _LOOSE_UNDERSCORE.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _PARENS.sub(lambda m: m.group().strip(), text)
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
