"""The cities each person named in their own paragraphs: worked out one person at a time, when their page asks.

A person's page is the only one that lists them. Worked out for the whole archive at every link, they cost the
dev server's relink after a renamed speaker a tenth of its link at 10,000 records, for the few pages it renders.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from generator.per_person import PerPerson
from generator.places import City
from generator.site import Spoken

NamedIn = Mapping[int, tuple[tuple[str, City], ...]]
"""The city names printed in each paragraph of a meeting, with the city each means, by paragraph index."""


class CitiesNamed(PerPerson[City]):
    """The cities each person named in their own paragraphs, in the order of the city list, by person slug (each
    person's worked out on first asking). A person who named none has no entry."""

    def __init__(self, turns_by_person: Mapping[str, Sequence[Spoken]], named_in: Mapping[str, NamedIn],
                 cities: Sequence[City]) -> None:
        super().__init__(turns_by_person)
        self._named_in = named_in
        self._cities = cities
        self._order: dict[str, int] | None = None

    def after_edit(self, turns_by_person: Mapping[str, Sequence[Spoken]], named_in: Mapping[str, NamedIn],
                   cities: Sequence[City], naming_otherwise: Collection[str]) -> CitiesNamed:
        """The table of the graph an edit of one meeting made, from its tables: sharing what this one worked out
        (and works out from now on) when the edit changed no one's cities (`naming_otherwise` is empty), else keeping
        it for everyone but the people of `naming_otherwise` (whose paragraphs in the meeting name other cities than
        before: theirs are worked out again). A person's cities depend on the cities named in their own paragraphs
        alone, and the city list adds and drops cities without reordering them."""
        table = self._successor(turns_by_person, named_in, cities)
        # Shared, not copied, when no one's changed: tens of thousands of entries, an edit every keystroke.
        table._known = _without(self._known, naming_otherwise) if naming_otherwise else self._known
        return table

    def with_people_decided(self, turns_by_person: Mapping[str, Sequence[Spoken]],
                            decided: Iterable[str]) -> CitiesNamed:
        """The table after the people of the `decided` slugs were decided again, with these turns: what this one
        worked out for everyone else is kept, since their turns are the same."""
        table = self._successor(turns_by_person, self._named_in, self._cities)
        table._known = _without(self._known, decided)
        return table

    def _successor(self, turns_by_person: Mapping[str, Sequence[Spoken]], named_in: Mapping[str, NamedIn],
                   cities: Sequence[City]) -> CitiesNamed:
        """A table of these tables, with this one's order of the cities when the list of cities is the same."""
        table = CitiesNamed(turns_by_person, named_in, cities)
        if cities is self._cities:
            table._order = self._order
        return table

    def keep_known(self, previous: CitiesNamed) -> None:
        """Take what `previous` (the table of the graph this one's was linked again to replace) worked out, for
        everyone whose turns are the very tuple they were: a full link takes a person's turns back when they are
        the very same sightings, from the records it takes back with the cities their paragraphs name (and takes
        nothing back when the author's places change)."""
        turns, before = self._turns_by_person, previous._turns_by_person
        self._known = {slug: cities for slug, cities in previous._known.items() if turns.get(slug) is before.get(slug)}

    def _work_out(self, slug: str) -> tuple[City, ...]:
        """The cities named in the person's paragraphs."""
        named = cities_named_in(self._turns_by_person.get(slug, ()), self._named_in)
        if not named:
            return ()
        if self._order is None:
            self._order = {city.slug: i for i, city in enumerate(self._cities)}
        order = self._order
        return tuple(sorted(named.values(), key=lambda city: order[city.slug]))


def cities_named_in(spoken: Iterable[Spoken], named_in: Mapping[str, NamedIn]) -> dict[str, City]:
    """The cities named in the paragraphs of the turns `spoken`, by slug, whose meetings' paragraphs name those
    `named_in` says."""
    named: dict[str, City] = {}
    for turn in spoken:
        in_meeting = named_in.get(turn.meeting.slug)
        if in_meeting:
            for index in turn.turn.paragraphs:
                for _, city in in_meeting.get(index, ()):
                    named[city.slug] = city
    return named


def _without(known: Mapping[str, tuple[City, ...]], slugs: Iterable[str]) -> dict[str, tuple[City, ...]]:
    """What was worked out, but for the people of `slugs`."""
    kept = dict(known)
    for slug in slugs:
        kept.pop(slug, None)
    return kept
