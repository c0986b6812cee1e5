"""Linking records into the site graph, with the gazetteer and the city mentions kept between calls.

The full build links once; the dev server relinks after every edit. Both go through `Linker`,
so both find each paragraph's mentions the same way, and the dev server only looks again at
paragraphs whose text changed. When an edit leaves a record's speakers and meeting as they were,
`Linker.relink` replaces that record in the graph instead of linking the archive again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from generator.corrections import Corrections
from generator.graph import link
from generator.mentions import MentionCache
from generator.model import ParagraphKind, Record
from generator.places import City, Gazetteer
from generator.relink import Relinked, relink_record
from generator.site import SiteGraph

_Places = tuple[tuple[tuple[str, City], ...], tuple[str, ...]]
"""The author's added cities and suppressed names: what the gazetteer depends on."""


def _places_of(corrections: Corrections) -> _Places:
    return tuple(corrections.added_cities().items()), corrections.suppressed_places()


def _fingerprint(places: _Places) -> str:
    """The author's places as a short string (their dataclasses' reprs are stable)."""
    return hashlib.blake2b(repr(places).encode(), digest_size=12).hexdigest()


@lru_cache(maxsize=2)
def _mention_cache(places: _Places) -> MentionCache:
    """One gazetteer per set of places, shared within a process (tests, benchmarks): loading takes a second."""
    added, suppressed = places
    return MentionCache(Gazetteer.load(added=dict(added), suppressed=suppressed))


class Linker:
    """Links records into the site graph; the gazetteer is loaded again only when the author's places change."""

    def __init__(self) -> None:
        self._cache: MentionCache | None = None
        self._places: _Places | None = None

    def link(self, records: Sequence[Record], corrections: Corrections, kept: Path | None = None) -> SiteGraph:
        """The site graph of the records, with the corrections applied. The paragraphs' city mentions are read
        back from the file `kept` when it holds them for the author's places, and kept there; then they are
        forgotten here (at 10,000 records, 0.1 GB the build would hold to its end): the file has them."""
        cache = self._cache_for(corrections)
        paragraphs = [p for r in records for p in r.paragraphs if p.kind is not ParagraphKind.VOTE]
        places = _fingerprint(_places_of(corrections))
        if kept is not None:
            cache.read_kept(kept, places, (p.key for p in paragraphs))
        cache.prefill_paragraphs(paragraphs)
        if kept is None:
            return link(records, cache, corrections)
        cache.keep(kept, places, (p.key for p in paragraphs))
        try:
            return link(records, cache, corrections)
        finally:
            cache.forget()

    def relink(self, graph: SiteGraph, record: Record, corrections: Corrections) -> Relinked | None:
        """`graph` (linked with these corrections) with `record` replacing its namesake, or None if that
        needs a full link: see `relink_record`."""
        return relink_record(graph, record, self._cache_for(corrections))

    def _cache_for(self, corrections: Corrections) -> MentionCache:
        places = _places_of(corrections)
        if self._cache is None or places != self._places:
            self._cache, self._places = _mention_cache(places), places
        return self._cache
