"""The cities a paragraph names, each with the sentence naming it: found once per paragraph text, on every core.

Finding mentions is the costliest part of linking. `MentionCache` stands between the graph and
the gazetteer: it remembers every paragraph's answer, so the dev server's relink after one edit
only reads the paragraphs that changed, and a full build can fill it on every core first
(worker processes are forked, so they share the loaded gazetteer).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.cache import keep_value, read_kept
from generator.countries import Country
from generator.model import Paragraph
from generator.places import City, Mention
from generator.record_text import KEY_BYTES, text_key
from generator.sentences import plain_text, sentence_at, sentence_ends
from generator.workers import affordable_workers, shared_work

PARALLEL_THRESHOLD = 20_000
"""Below this many new paragraphs, forking workers costs more than it saves."""


class Gazetteer(Protocol):
    """What finding mentions asks of the gazetteer (`generator.places.Gazetteer`)."""

    def city(self, name: str, country_code: str | None = None) -> City | None: ...
    def mentions(self, text: str) -> Sequence[Mention]: ...
    def country_of(self, city: City) -> Country | None: ...


@dataclass(frozen=True, slots=True)
class CitedMention:
    """A city named in a paragraph."""

    city: City
    matched: str
    """The name as printed (in the paragraph's plain text)."""
    sentence: str
    """The sentence naming it, as an excerpt."""


def cited_mentions(gazetteer: Gazetteer, text: str) -> tuple[CitedMention, ...]:
    """The cities named in a paragraph's text (inline Markdown), in order, each with its sentence."""
    plain = plain_text(text)
    mentions = gazetteer.mentions(plain)
    if not mentions:
        return ()
    ends = sentence_ends(plain)
    return tuple(CitedMention(m.city, m.matched, sentence_at(plain, m.start, m.end, ends)) for m in mentions)


Readable = str | Paragraph
"""A text, or a paragraph whose text is read when needed (from the build's text store, perhaps)."""

_forked: tuple[Gazetteer, Sequence[Readable]] | None = None
"""What the processes finding mentions share: the gazetteer and what to read; set only while they work."""


def _text_of(item: Readable) -> str:
    return item if isinstance(item, str) else item.text


def _cited_in(bounds: tuple[int, int]) -> list[tuple[CitedMention, ...]]:
    """The mentions of the texts `_forked` holds from `bounds[0]` to `bounds[1]`."""
    assert _forked is not None
    gazetteer, items = _forked
    return [cited_mentions(gazetteer, _text_of(item)) for item in items[bounds[0] : bounds[1]]]


def _shared(found: Iterable[tuple[CitedMention, ...]]) -> Iterator[tuple[CitedMention, ...]]:
    """The mentions found, with one object for each city and for each name as printed: each slice of the work a worker
    did comes back with copies of its own (at 1,000 records, 27,000 names as printed for 239 distinct, and 1,973
    cities for 235; the names alone are 14 MB at 10,000 records)."""
    cities: dict[int, City] = {}
    names: dict[str, str] = {}
    for mentions in found:
        yield tuple(CitedMention(cities.setdefault(m.city.geonameid, m.city), names.setdefault(m.matched, m.matched),
                                 m.sentence) for m in mentions) if mentions else mentions


class MentionCache:
    """A gazetteer whose answers about paragraphs are remembered by the digest of the paragraph's text."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._known: dict[bytes, tuple[CitedMention, ...]] = {}
        self._only_named = False
        """True when the texts that name no city were let go (`keep_only_named`): a text not known names none."""

    def city(self, name: str, country_code: str | None = None) -> City | None:
        """As `Gazetteer.city`."""
        return self.gazetteer.city(name, country_code)

    def country_of(self, city: City) -> Country | None:
        """As `Gazetteer.country_of`."""
        return self.gazetteer.country_of(city)

    def cited(self, text: str) -> tuple[CitedMention, ...]:
        """`cited_mentions` of the paragraph text, computed once per distinct text."""
        key = text_key(text)
        found = self._known.get(key)
        if found is None:
            return () if self._only_named else self._find(key, text)
        return found

    def cited_in(self, paragraph: Paragraph) -> tuple[CitedMention, ...]:
        """`cited` of the paragraph's text, read only if its mentions are not known yet."""
        key = paragraph.key
        found = self._known.get(key)
        if found is None:
            return () if self._only_named else self._find(key, paragraph.text)
        return found

    def _find(self, key: bytes, text: str) -> tuple[CitedMention, ...]:
        """The mentions of `text` (whose `text_key` is `key`), found and remembered."""
        found = self._known[key] = cited_mentions(self.gazetteer, text)
        return found

    def read_kept(self, path: Path, places: str, keys: Iterable[bytes]) -> int:
        """Take in what `keep` kept at `path` of the texts (by `text_key`) not known yet, if it was kept for the
        same `places` (what else mentions depend on: the author's added and suppressed places); how many were
        taken."""
        kept = read_kept(path)
        if (not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != places or not isinstance(kept[1], bytes)
                or not isinstance(kept[2], dict)):
            return 0
        _, unnamed, named = kept
        none = {unnamed[start : start + KEY_BYTES] for start in range(0, len(unnamed), KEY_BYTES)}
        taken = 0
        for key in keys:
            if key in self._known:
                continue
            found = named.get(key) or (() if key in none else None)
            if found is not None:
                self._known[key] = found
                taken += 1
        return taken

    def keep(self, path: Path, places: str) -> None:
        """Keep the mentions of every text known (`forget` those of texts no longer wanted first) at `path`, for a later
        process's `read_kept`: the keys of the texts that name no city (five in six) one after the other in one
        string, the others' mentions by key. As one dictionary of the keys of every paragraph asked about, they took
        4 s to keep at 10,000 records, and a quarter of a gigabyte."""
        named = {key: found for key, found in self._known.items() if found}
        unnamed = b"".join(key for key, found in self._known.items() if not found)
        keep_value(path, (places, unnamed, named))

    def keep_only_named(self) -> None:
        """Let go of the texts known to name no city (five in six: 1.1 million keys at 10,000 records, 130 MB), and
        until `forget`, take a text not known to name none: for a link that asks only about texts known, as a
        build's does once it has found the mentions of every paragraph of its records."""
        self._known = {key: found for key, found in self._known.items() if found}
        self._only_named = True

    def forget(self) -> None:
        """Forget every text's mentions (what `keep` kept stays kept), and find those of any text asked about."""
        self._known.clear()
        self._only_named = False

    def __contains__(self, key: bytes) -> bool:
        """True when the mentions of the text whose `text_key` this is are known."""
        return key in self._known

    def prefill(self, texts: Iterable[str], workers: int | None = None) -> None:
        """Read every paragraph text not seen yet, on `workers` processes when there are many."""
        self._prefill({text_key(text): text for text in texts}, workers)

    def prefill_paragraphs(self, paragraphs: Iterable[Paragraph], workers: int | None = None) -> None:
        """`prefill` the paragraphs' texts, by their keys: a text is read only if its mentions are not known, and
        then by the process that reads it (at 10,000 records, every text decoded in this process at once was
        a gigabyte)."""
        self._prefill({paragraph.key: paragraph for paragraph in paragraphs}, workers)

    def _prefill(self, by_key: dict[bytes, Readable], workers: int | None) -> None:
        keys = [key for key in by_key if key not in self._known]
        workers = affordable_workers(workers)
        if len(keys) < PARALLEL_THRESHOLD or workers < 2:
            for key in keys:
                self._find(key, _text_of(by_key[key]))
            return
        global _forked
        _forked = (self.gazetteer, [by_key[key] for key in keys])
        try:
            self._known.update(zip(keys, _shared(shared_work(_cited_in, len(keys), workers)), strict=True))
        finally:
            _forked = None
