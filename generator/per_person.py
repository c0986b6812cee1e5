"""Tables by person that work out each person's entry when a page asks for it, not for the archive at every link."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from typing import Generic, TypeVar

from generator.site import Spoken

T = TypeVar("T")


class PerPerson(Mapping[str, tuple[T, ...]], Generic[T]):
    """A table by person slug whose entry for each person is worked out on first asking (`_work_out`) and
    remembered. A person whose entry is empty has none. It reads the graph's tables it was made from, which
    are never changed in place."""

    def __init__(self, turns_by_person: Mapping[str, Sequence[Spoken]]) -> None:
        self._turns_by_person = turns_by_person
        self._known: dict[str, tuple[T, ...]] = {}

    @abstractmethod
    def _work_out(self, slug: str) -> tuple[T, ...]:
        """The person's entry, worked out from the tables."""

    def work_out_everyone(self) -> None:
        """Work out now the entry of everyone not yet asked about."""
        for slug in self._turns_by_person:
            if slug not in self._known:
                self._known[slug] = self._work_out(slug)

    def __getitem__(self, slug: str) -> tuple[T, ...]:
        entry = self._known.get(slug)
        if entry is None:
            entry = self._known[slug] = self._work_out(slug)
        if not entry:
            raise KeyError(slug)
        return entry

    def __iter__(self) -> Iterator[str]:
        return (slug for slug in self._turns_by_person if slug in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, slug: object) -> bool:
        return isinstance(slug, str) and bool(self.get(slug))
