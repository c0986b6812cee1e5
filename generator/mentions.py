"""City mentions found once per paragraph text, ahead of linking, on every core.

Finding mentions is the costliest part of linking. `MentionCache` stands in for the gazetteer
when the graph is linked: it remembers every paragraph's answer, so the dev server's relink
after one edit only looks at the paragraphs that changed, and a full build can fill it on
every core first (worker processes are forked, so they share the loaded gazetteer).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from generator.countries import Country
from generator.places import City, Gazetteer, Mention

PARALLEL_THRESHOLD = 20_000
"""Below this many new paragraphs, forking workers costs more than it saves."""

_forked_gazetteer: Gazetteer | None = None
"""The gazetteer the forked workers inherit; set only around a pool's lifetime."""


def _mentions_in(texts: Sequence[str]) -> list[list[Mention]]:
    assert _forked_gazetteer is not None
    return [_forked_gazetteer.mentions(text) for text in texts]


class MentionCache:
    """A gazetteer whose `mentions()` answers are remembered by paragraph text (the texts are shared, not copied)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._known: dict[str, list[Mention]] = {}

    def city(self, name: str, country_code: str | None = None) -> City | None:
        """As `Gazetteer.city`."""
        return self.gazetteer.city(name, country_code)

    def country_of(self, city: City) -> Country | None:
        """As `Gazetteer.country_of`."""
        return self.gazetteer.country_of(city)

    def mentions(self, text: str) -> list[Mention]:
        """As `Gazetteer.mentions`, computed once per distinct text."""
        found = self._known.get(text)
        if found is None:
            found = self._known[text] = self.gazetteer.mentions(text)
        return found

    def prefill(self, texts: Iterable[str], workers: int | None = None) -> None:
        """Find the mentions of every text not seen yet, on `workers` processes when there are many."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._known]
        workers = workers or min(os.cpu_count() or 1, 8)
        if len(missing) < PARALLEL_THRESHOLD or workers < 2:
            for text in missing:
                self.mentions(text)
            return
        global _forked_gazetteer
        _forked_gazetteer = self.gazetteer
        size = max(1, len(missing) // (workers * 8))
        chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                for chunk, results in zip(chunks, pool.map(_mentions_in, chunks), strict=True):
                    self._known.update((text, found) for text, found in zip(chunk, results, strict=True))
        finally:
            _forked_gazetteer = None
