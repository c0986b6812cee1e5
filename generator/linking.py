"""Linking records into the site graph, with the gazetteer and the city mentions kept between calls.

The full build links once; the dev server relinks after every edit. Both go through `Linker`,
so both find each paragraph's mentions the same way, and the dev server only looks again at
paragraphs whose text changed. When an edit leaves a record's speakers and meeting as they were,
`Linker.relink` replaces that record in the graph instead of linking the archive again; when it does
not, a `Linker(remember=True)` links the archive again taking back what it worked out from each
unchanged record the last time (its meeting page, who speaks each turn, the cities it names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from generator.corrections import Corrections
from generator.fingerprint import fingerprint
from generator.graph import Remembered, link_again
from generator.mentions import MentionCache
from generator.model import ParagraphKind, Record
from generator.places import City, Gazetteer
from generator.redate import redate_record, remembered_redated
from generator.relink import Relinked, relink_record
from generator.respeak import Respoken, respeak_record
from generator.site import SiteGraph

_Places = tuple[tuple[tuple[str, City], ...], tuple[str, ...]]
"""The author's added cities and suppressed names: what the gazetteer depends on."""


def _places_of(corrections: Corrections) -> _Places:
    return tuple(corrections.added_cities().items()), corrections.suppressed_places()


def _fingerprint(places: _Places) -> str:
    """The author's places as a short string (their dataclasses' reprs are stable)."""
    return fingerprint(repr(places).encode()).hex()


@lru_cache(maxsize=2)
def _mention_cache(places: _Places) -> MentionCache:
    """One gazetteer per set of places, shared within a process (tests, benchmarks): loading takes a second."""
    added, suppressed = places
    return MentionCache(Gazetteer.load(added=dict(added), suppressed=suppressed))


class Linker:
    """Links records into the site graph; the gazetteer is loaded again only when the author's places change."""

    def __init__(self, *, remember: bool = False) -> None:
        """With `remember`, each record's own links are kept from one `link` to the next (the dev server's)."""
        self._cache: MentionCache | None = None
        self._places: _Places | None = None
        self._remember = remember
        self._known = Remembered()
        """What the last `link` worked out that the next may take back (with `remember`)."""

    def link(self, records: Sequence[Record], corrections: Corrections, kept: Path | None = None) -> SiteGraph:
        """The site graph of the records, with the corrections applied. The paragraphs' city mentions are read
        back from the file `kept` when it holds them for the author's places, and kept there; then they are
        forgotten here (at 10,000 records, 0.1 GB the build would hold to its end): the file has them. While the
        graph is made from them, those of the texts that name no city are let go (`keep_only_named`)."""
        cache = self._cache_for(corrections)
        fresh = [r for r in records if not self._knows(r)]
        paragraphs = [p for r in fresh for p in r.paragraphs if p.kind is not ParagraphKind.VOTE]
        places = _fingerprint(_places_of(corrections))
        if kept is not None:
            cache.forget()  # what is kept is what these records name: none of another link's texts
            cache.read_kept(kept, places, (p.key for p in paragraphs))
        cache.prefill_paragraphs(paragraphs)
        if kept is None:
            return self._link(records, cache, corrections)
        cache.keep(kept, places)
        if len(fresh) == len(records):  # every paragraph's mentions are known: those naming none need not be
            cache.keep_only_named()
        try:
            return self._link(records, cache, corrections)
        finally:
            cache.forget()

    def _knows(self, record: Record) -> bool:
        """True when this very record was linked last time (its paragraphs' mentions are known)."""
        known = self._known.records.get(record.source)
        return known is not None and known.meeting.record is record

    def _link(self, records: Sequence[Record], cache: MentionCache, corrections: Corrections) -> SiteGraph:
        graph, known = link_again(records, cache, corrections, self._known if self._remember else None)
        self._known = replace(known, index=known.indexed()) if self._remember else known  # for the edits to come
        return graph

    def relink(self, graph: SiteGraph, record: Record, corrections: Corrections) -> Relinked | Respoken | None:
        """`graph` (linked with these corrections) with `record` replacing its namesake, or None if that
        needs a full link: see `relink_record`; when remembering, `redate_record` for a meeting whose date passed
        another's or its year, and `respeak_record` for renamed speakers (they work from what the last link
        remembered, and remember what they changed)."""
        cache = self._cache_for(corrections)
        relinked = relink_record(graph, record, cache)
        if not self._remember:
            return relinked
        if relinked is not None:
            if relinked.before.record.meeting.date != record.meeting.date:  # its remembered turns carry the date
                self._known = remembered_redated(self._indexed(), relinked, cache, corrections)
            return relinked
        redated = redate_record(graph, record, cache, corrections, self._indexed())
        if redated is not None:
            relinked, self._known = redated
            return relinked
        respoken = respeak_record(graph, record, cache, corrections, self._known)
        if respoken is not None:
            self._known = respoken.remembered
        return respoken

    def _indexed(self) -> Remembered:
        """What the last link remembered, with its index of names (`Remembered.indexed`): made once, for every edit
        until the next link (at 10,000 records it takes 70 ms; a link that remembers makes it, as the edits after
        it would)."""
        if self._known.index is None:
            self._known = replace(self._known, index=self._known.indexed())
        return self._known

    def _cache_for(self, corrections: Corrections) -> MentionCache:
        places = _places_of(corrections)
        if self._cache is None or places != self._places:
            self._cache, self._places = _mention_cache(places), places
            self._known = Remembered()  # worked out with the gazetteer of other places
        return self._cache
