"""URL slugs: safe lower-case ASCII path segments, and distinct ones for names that collide.

A slug is built from what a thing is (a name, its country or organization), never from
the order things were read in, so a published URL survives other records being added.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

MAX_LENGTH = 80
"""The longest slug made; longer text is cut at a word and given a hash of the whole."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What every slug looks like."""

LETTER_SLUGS = frozenset("abcdefghijklmnopqrstuvwxyz") | {"other"}
"""The pages of the speakers index by letter (`/speakers/a/`, `/speakers/other/`) live beside the speakers'
own pages (`/speakers/<slug>/`): no person is given one of these slugs."""

_HASH_LENGTH = 8
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_JUNK = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not decompose into a base letter plus accents.
_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h",
})

K = TypeVar("K", bound=Hashable)


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """`Côte d’Ivoire` is `cote-divoire`; never empty, at most `max_length` characters."""
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text.translate(_LETTERS)))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = _JUNK.sub("-", ascii_text).strip("-")
    if not slug:
        return "x-" + short_hash(text)
    if len(slug) <= max_length:
        return slug
    return _shorten(slug, text, max(max_length, 2 * _HASH_LENGTH))


def short_hash(text: str) -> str:
    """A short, stable hex digest of `text`."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]


def _shorten(slug: str, text: str, max_length: int) -> str:
    """The slug cut at a hyphen to fit, with a hash of the full text so cut slugs stay distinct."""
    room = max_length - _HASH_LENGTH - 1
    cut = slug[: room + 1]
    head = cut[: cut.rfind("-")] if "-" in cut[1:] else slug[:room]
    return f"{head.strip('-')}-{short_hash(text)}"


def unique_slugs(candidates: Mapping[K, Sequence[str]], taken: Iterable[str] = ()) -> dict[K, str]:
    """A distinct slug for each key, trying its candidates in order, then numbered suffixes.

    The result depends only on the mapping's contents, never on its order: at each level a
    candidate is granted when exactly one unresolved key asks for it and nobody holds it;
    keys still colliding after their last candidate are numbered in sorted key order.
    """
    return distinct_slugs({key: [slugify(c) for c in texts] for key, texts in candidates.items()}, taken)


def distinct_slugs(options: Mapping[K, Sequence[str]], taken: Iterable[str] = ()) -> dict[K, str]:
    """`unique_slugs` of candidates that are slugs already (`slugify` made them): for callers that keep
    them from one call to the next."""
    held = set(taken)
    chosen: dict[K, str] = {}
    options = {key: slugs or ["x"] for key, slugs in options.items()}
    depth = max((len(slugs) for slugs in options.values()), default=0)
    for level in range(depth):
        wanted: dict[str, list[K]] = defaultdict(list)
        for key, slugs in options.items():
            if key not in chosen and level < len(slugs):
                wanted[slugs[level]].append(key)
        for slug, keys in wanted.items():
            if len(keys) == 1 and slug not in held:
                chosen[keys[0]] = slug
                held.add(slug)
    for key in sorted((k for k in options if k not in chosen), key=repr):
        chosen[key] = _numbered(options[key][-1], held)
        held.add(chosen[key])
    return chosen


def _numbered(base: str, held: set[str]) -> str:
    """`base-2`, `base-3`, ...: the first not yet held."""
    number = 2
    while (slug := _with_suffix(base, number)) in held:
        number += 1
    return slug


def _with_suffix(base: str, number: int) -> str:
    """The base with `-number`, shortened so the whole stays within the length bound."""
    suffix = f"-{number}"
    return base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
