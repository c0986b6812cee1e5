"""Speaker markers: the bold name that opens a turn, with its affiliation, role and language note.

A marker is `**Name**` (with an honorific, or a title such as `The President`), then in any order
a parenthesised affiliation, a parenthesised language note and a role after a comma; it ends with
a colon (verbatim records) or runs straight into the reporting verb (summary records).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.countries import country_named
from generator.model import Affiliation, Speaker
from generator.parse.text import plain, title_case_name

_HONORIFIC_WORDS = (
    "Mr.", "Mrs.", "Ms.", "Miss", "Mme.", "Mme", "Mlle.", "Mlle", "Dr.", "Sir", "Dame", "Lord", "Lady",
    "Baroness", "Baron", "Archbishop", "Bishop", "Cardinal", "Monsignor", "Msgr.", "Father", "Sister",
    "Reverend", "Rev.", "Rabbi", "Imam", "Crown Prince", "Prince", "Princess", "King", "Queen", "Sheikha",
    "Sheikh", "Shaikha", "Shaikh", "Emir", "Sultan", "Judge", "Professor", "Prof.", "Ambassador",
    "Vice-President", "President", "Prime Minister", "Grand Duke", "Grand Duchess", "Pope", "Count", "Countess",
)
_STYLE = r"(?:(?:His|Her) (?:Excellency|Royal Highness|Highness|Majesty|Eminence|Holiness|Beatitude)\s+)"
HONORIFIC = rf"(?i:{_STYLE}?(?:{'|'.join(re.escape(h) for h in sorted(_HONORIFIC_WORDS, key=len, reverse=True))}))"
"""A regular expression for the honorific before a name: `Mr.`, `Sir`, `His Excellency Mr.`."""

_CANONICAL_HONORIFIC = {h.casefold(): h for h in _HONORIFIC_WORDS}
_STYLED = re.compile(rf"^(?P<style>{_STYLE})?(?P<core>.+)$", re.IGNORECASE)
_PARTICLES = frozenset({"de", "da", "das", "del", "della", "der", "des", "di", "do", "dos", "du", "la", "le",
                        "van", "von", "y", "bin", "ibn", "al", "el", "ben", "ter", "den", "d’", "d'"})
_TITLE_SMALL_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "to", "de"})

_WORD = r"[^\W\d_][\w’'\-]*\.?"
_BOLD = re.compile(r"^\s*_?\*\*_?(?P<inner>[^*_]+?)_?\*\*_?")
_NAMED = re.compile(rf"^(?P<honorific>{HONORIFIC})\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,6}})\s*(?P<colon>:)?$")
_TITLED = re.compile(rf"^(?P<name>(?i:the)\s+{_WORD}(?:\s+{_WORD}){{0,9}})\s*(?P<colon>:)?$")
_PAREN_OPEN = re.compile(r"\s*[_*]{0,3}\s*\(")
_KNOWN_ROLES = (
    r"(?:lead |keynote |co-)?(?:moderator|panellist|panelist|discussant|rapporteur|speaker|respondent|facilitator|"
    r"presenter|introducer|chair|co-chair)"
)
_ROLE = re.compile(rf",\s*(?P<role>{_KNOWN_ROLES}|[A-Z][^,:;()*_]{{1,160}}?)\s*(?=[,:(]|[_*]{{1,3}}\s*:)")
_COLON = re.compile(r"\s*[_*]{0,3}\s*:\s*[_*]{0,3}\s*")
_VERB = re.compile(r",?\s+(?=[_*]{0,3}[a-z])")
_LANGUAGE_NOTE = re.compile(
    r"^(?:(?:spoke|speaking|spoken) in|interpretation from|translation from|interpreted from)"
    r"\s+(?P<language>[A-Za-z][\w-]+)",
    re.IGNORECASE,
)
_LEADING_MARKERS = re.compile(r"^[_*]{1,3}\s*")
_DISPLAY = re.compile(rf"^(?P<honorific>{HONORIFIC})\s+(?P<name>.+)$")
_NOT_A_TURN = re.compile(
    r"^(?:(?:took|assumed|resumed|returned to) (?:the|a|his|her) (?:chair|seat)|was escorted|withdrew)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class SpeakerMarker:
    """A speaker marker found at the start of a paragraph."""

    speaker: Speaker
    """Who speaks; `presiding` is left for the body parser to fill."""
    rest: str
    """The paragraph's text after the marker, inline Markdown kept."""


@dataclass(slots=True)
class _Parts:
    """What the tail of a marker held, gathered while reading it."""

    affiliation: str | None = None
    role: str | None = None
    language: str | None = None
    language_note: str | None = None


def match_speaker(text: str) -> SpeakerMarker | None:
    """The speaker marker opening a paragraph (emphasis merged, number removed), or None."""
    bold = _BOLD.match(text)
    if bold is None:
        return None
    who = _who(bold.group("inner").strip())
    if who is None:
        return None
    name, honorific, colon = who
    parts = _Parts()
    position = bold.end() if colon else _read_tail(text, bold.end(), parts)
    rest = _rest_after(text, position, verbatim_only=colon)
    if rest is None or _NOT_A_TURN.match(rest):
        return None
    affiliation = split_affiliation(parts.affiliation) if parts.affiliation else None
    speaker = Speaker(name, honorific, affiliation, parts.role, parts.language, parts.language_note)
    return SpeakerMarker(speaker, rest)


def _who(inner: str) -> tuple[str, str | None, bool] | None:
    """Display name, honorific and whether the bold text ended in a colon, for a name or title."""
    named = _NAMED.match(inner)
    if named and _is_name(named.group("name").split()):
        honorific = _canonical_honorific(named.group("honorific"))
        return f"{honorific} {name_case(named.group('name'))}", honorific, bool(named.group("colon"))
    titled = _TITLED.match(inner)
    if titled and _is_title(titled.group("name").split()):
        words = titled.group("name").split()
        return " ".join(["The", *name_case(" ".join(words[1:])).split()]), None, bool(titled.group("colon"))
    return None


def _is_name(words: list[str]) -> bool:
    """True for the words of a person's name: capitalised (or a particle), not ending a sentence or a possessive."""
    last = words[-1]
    if (last.endswith(".") and len(last) > 3 and last not in ("Jr.", "Sr.")) or last.endswith(("'s", "’s")):
        return False
    return all(any(c.isupper() for c in word[:3]) or word.lower() in _PARTICLES for word in words)


def _is_title(words: list[str]) -> bool:
    """True for an office printed as a title: `The President`, `The Secretary-General`, not `The situation`."""
    if len(words) < 2 or not words[1][0].isupper() or words[-1].endswith("."):
        return False
    return all(word[0].isupper() or word.lower() in _TITLE_SMALL_WORDS for word in words[1:])


def _canonical_honorific(printed: str) -> str:
    """The honorific in its usual spelling: `MR.` is `Mr.`; a style such as `His Excellency` is kept."""
    match = _STYLED.match(" ".join(printed.split()))
    style, core = (match.group("style") or "", match.group("core")) if match else ("", printed)
    return style + _CANONICAL_HONORIFIC.get(core.casefold(), core)


def _read_tail(text: str, position: int, parts: _Parts) -> int:
    """Read parenthesised parts and a role after the bold name; returns where the marker's tail ends."""
    while True:
        opened = _PAREN_OPEN.match(text, position)
        if opened:
            close = _closing_paren(text, opened.end() - 1)
            if close is None:
                return position
            _note_paren(plain(text[opened.end() : close]), parts)
            position = close + 1
            while position < len(text) and position - close <= 3 and text[position] in "_*":
                position += 1
            continue
        role = _ROLE.match(text, position)
        if role and parts.role is None:
            parts.role = plain(role.group("role"))
            position = role.end()
            continue
        return position


def _closing_paren(text: str, start: int) -> int | None:
    """The index of the parenthesis closing the one at `start`, nested ones allowed."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _note_paren(content: str, parts: _Parts) -> None:
    """File a parenthesised part as the language note, the affiliation or (a second one) the role."""
    language = _LANGUAGE_NOTE.match(content)
    if language:
        parts.language = language.group("language").capitalize()
        parts.language_note = content
    elif parts.affiliation is None:
        parts.affiliation = content
    elif parts.role is None:
        parts.role = content


def _rest_after(text: str, position: int, *, verbatim_only: bool) -> str | None:
    """The text after the marker's colon or before its reporting verb; None if neither follows."""
    if verbatim_only:
        return _LEADING_MARKERS.sub("", text[position:].lstrip()) if text[position:].strip() else ""
    colon = _COLON.match(text, position)
    if colon:
        return text[colon.end() :]
    verb = _VERB.match(text, position)
    if verb:
        return text[verb.end() :]
    return None


def name_case(name: str) -> str:
    """`WU Chengjiang` becomes `Wu Chengjiang`: each run of upper-case words put in title case."""
    words, run, out = name.split(), [], []
    for word in words:
        if word.isupper() and sum(c.isalpha() for c in word) > 1:
            run.append(word)
            continue
        if run:
            out.append(title_case_name(" ".join(run)))
            run = []
        out.append(word)
    if run:
        out.append(title_case_name(" ".join(run)))
    return " ".join(out)


def display_name(printed: str) -> str:
    """A printed name with honorific as it should be shown: `Mr. INSANALLY` becomes `Mr. Insanally`."""
    match = _DISPLAY.match(printed.strip())
    if match is None:
        return name_case(printed.strip())
    return f"{_canonical_honorific(match.group('honorific'))} {name_case(match.group('name'))}"


# -- affiliations ---------------------------------------------------------------------------------

_OFFICE_WORDS = frozenset(
    w.casefold()
    for w in (
        "Mayor", "Director", "Officer", "Representative", "Minister", "President", "Vice-President", "Chair",
        "Co-Chair", "Vice-Chair", "Chairman", "Chairperson", "Professor", "Secretary", "Secretary-General",
        "Under-Secretary-General", "Assistant", "Adviser", "Advisor", "Head", "Chief", "Founder", "Co-Founder",
        "Manager", "Coordinator", "Commissioner", "Ambassador", "Rapporteur", "Expert", "Envoy", "Member",
        "Executive", "Governor", "Deputy", "Lecturer", "Researcher", "Fellow", "Consultant", "Economist",
        "Analyst", "Counsellor", "Councillor", "Partner", "Dean", "Editor", "Judge", "Prosecutor", "Registrar",
        "Observer", "Delegate", "Spokesperson", "Administrator", "Leader", "Associate", "Senior", "Principal",
        "Specialist", "Scientist", "Activist", "Student", "Trustee", "Patron", "Vice-Mayor",
    )
)
_ORG_WORDS = frozenset(
    w.casefold()
    for w in (
        "Department", "Office", "Ministry", "Programme", "Program", "Commission", "Committee", "University",
        "Institute", "Institution", "Agency", "Union", "Organization", "Organisation", "Fund", "Bank",
        "Council", "Alliance", "Secretariat", "Foundation", "Association", "Network", "Centre", "Center",
        "Forum", "Federation", "Initiative", "Company", "Corporation", "Incorporated", "Inc.", "Ltd",
        "Limited", "Society", "Authority", "Board", "Court", "Partnership", "Coalition", "School", "College",
        "Academy", "Bureau", "Service", "Trust", "Movement", "Campaign", "Platform", "Division", "Unit",
        "Registry", "Group", "Mission", "Assembly", "Parliament", "Government", "Municipality", "Conference",
    )
)
_MUNICIPAL = re.compile(
    r"\b(?:Mayor|Deputy Mayor|Lord Mayor|Vice-Mayor|Mayoress|City Manager|Councillor|Alderman|"
    r"(?:Chief )?(?:Resilience|Sustainability) Officer)$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_WORD_BREAKS = re.compile(r"[\s()]+")
_PUNCTUATION = re.compile(r"[(),]")
_PART_SPLIT = re.compile(r"[()]|;\s*(?:and\s+)?")
"""A parenthesis, or the `;` (and `and`) between the parts of an affiliation."""
_SEGMENT_SPLIT = re.compile(r"[()]|,\s*(?:and\s+)?")
"""A parenthesis, or the `,` (and `and`) between the segments of a part."""
_OF = re.compile(
    r"^(?P<office>(?:(?!\bof\b).)+?)\s+of\s+(?P<the>the\s+)?(?P<name>[A-Z][^,]*?)(?:\s+(?:to|in|at)\s+the\s+.+)?$"
)


@dataclass(slots=True)
class _Found:
    """The parts of an affiliation gathered so far."""

    offices: list[str]
    organization: str | None = None
    country: str | None = None
    city: str | None = None


def split_affiliation(printed: str) -> Affiliation:
    """The affiliation printed after a speaker's name, split into offices, organization, country and city."""
    text = _SPACES.sub(" ", printed).strip()
    parts = _split_top(text, _PART_SPLIT)
    if country_named(text) is not None or (parts == [text] and _is_delegation(text)):
        return Affiliation(printed, country=text)
    found = _Found([])
    for part in parts:
        _read_part(_split_top(part, _SEGMENT_SPLIT), found)
    return Affiliation(printed, tuple(found.offices), found.organization, found.country, found.city)


def _split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` split where `separator` matches outside parentheses (it finds the parentheses too)."""
    pieces, depth, start = [], 0, 0
    for found in separator.finditer(text):
        if found.group() == "(":
            depth += 1
        elif found.group() == ")":
            depth -= 1
        elif depth == 0:
            pieces.append(text[start : found.start()].strip())
            start = found.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def _read_part(segments: list[str], found: _Found) -> None:
    """Add one `;`-separated part of an affiliation to what was found."""
    country = None
    if len(segments) > 1 and country_named(segments[-1]) is not None:
        country = segments.pop()
        found.country = found.country or country
    if len(segments) > 1 and _is_organization(segments[-1]) and found.organization is None:
        found.organization = segments.pop()
    office = ", ".join(segments)
    if not office:
        return
    if _is_organization(office) and not _has_word(office, _OFFICE_WORDS) and found.organization is None:
        found.organization = office
        return
    found.offices.append(_read_office(office, found, followed_by_country=country is not None))


def _read_office(office: str, found: _Found, *, followed_by_country: bool) -> str:
    """The office as it should be listed, noting any organization, country or city it names."""
    of = _OF.match(office)
    if of is None:
        return office
    name = of.group("name")
    if country_named(name) is not None:
        found.country = found.country or name
    elif of.group("the"):
        if found.organization is None:
            found.organization = office[of.start("name") :]
            return of.group("office")
    elif _MUNICIPAL.search(of.group("office")) or (followed_by_country and name.endswith(" City")):
        found.city = found.city or name
    elif _is_organization(name) and found.organization is None:
        found.organization = name
        return of.group("office")
    return office


def _has_word(text: str, words: frozenset[str]) -> bool:
    """True when any word of `text` is one of `words` (case-folded)."""
    return any(word.casefold() in words for word in _WORD_BREAKS.split(text) if word)


def _is_organization(text: str) -> bool:
    """True for a segment that names an institution: `University of Cape Town`, `Land Registry and Mapping Agency`."""
    first = text.split()[0].casefold() if text.split() else ""
    return _has_word(text, _ORG_WORDS) and first not in _OFFICE_WORDS


def _is_delegation(text: str) -> bool:
    """True for a lone proper name with no office or institution in it: a delegation such as `Holy See`."""
    words = _PUNCTUATION.sub(" ", text).split()
    return (
        0 < len(words) <= 8
        and text[:1].isupper()
        and not _has_word(text, _OFFICE_WORDS)
        and not _has_word(text, _ORG_WORDS)
        and all(word[0].isupper() or word in ("of", "the", "and") for word in words)
    )
