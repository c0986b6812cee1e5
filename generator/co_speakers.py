"""Who spoke alongside whom: the people who spoke under the same innermost heading of a meeting.

Worked out one person at a time, when their page asks (`CoSpeakers`), not for the whole archive when it is
linked: a person's page is the only one that shows them. The dev server's relink after a renamed speaker
renders a few person pages, not the whole archive's (at 10,000 records, working out everyone's took a
fifth of that relink); a full build's render processes each work out those of the pages they render.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from itertools import chain

from generator.per_person import PerPerson
from generator.site import Person, Spoken, TurnSpeakers

CO_SPEAKER_LIMIT = 20
"""A section with more speakers than this (a whole debate) says nothing about who spoke together."""

HEADINGS_KEPT = 1 << 14
"""The headings whose speakers a table keeps for the next person asked about (about 5 MB): the people of one
meeting, whose pages an edit renders again, share most of their other meetings' headings too."""

Speaking = tuple[tuple[int, ...], ...]
"""The turns speaking under each innermost heading of a meeting (`generator.graph.speaking_turns`)."""


class CoSpeakers(PerPerson[Person]):
    """People who spoke under the same heading of a meeting as a person, when it had few enough speakers
    (`CO_SPEAKER_LIMIT`), by person slug: the most frequent companions first (by how many such headings they
    shared), then in the order of `people` (each person's worked out on first asking). A person with no such
    companion has no entry.
    """

    def __init__(self, speaking: Mapping[str, Speaking], person_of_turn: TurnSpeakers,
                 turns_by_person: Mapping[str, Sequence[Spoken]], people: Sequence[Person]) -> None:
        super().__init__(turns_by_person)
        self._speaking = speaking
        self._person_of_turn = person_of_turn
        self._people = people
        self._order: dict[str, int] | None = None
        self._headings: dict[tuple[str, int], Mapping[str, Person]] = {}
        """The people who spoke under each heading (meeting slug, position) asked about, by slug (none past
        `CO_SPEAKER_LIMIT`): its other speakers find them here. At most `HEADINGS_KEPT`."""

    def with_people(self, person_of_turn: TurnSpeakers,
                    turns_by_person: Mapping[str, Sequence[Spoken]], people: Sequence[Person],
                    speaking: Mapping[str, Speaking], respoken: Collection[str]) -> CoSpeakers:
        """The companions with who spoke each turn as given, and the turns under each heading of the meetings of
        `speaking` as it says (a meeting's speakers edited in place); `respoken`, the meetings where
        `person_of_turn` may name others than this table's (their companies before and after are compared).

        What this table worked out is kept for everyone but those who spoke under a heading whose speakers changed
        (who were before, or are now, in a company of speakers found in one meeting and not the other, as many
        times): a person's companions are counted from the companies they spoke in, and the people an edit adds
        or takes away leave the others in their order.
        """
        changed = {slug: turns for slug, turns in speaking.items() if self._speaking.get(slug) != turns}
        table = CoSpeakers({**self._speaking, **changed} if changed else self._speaking, person_of_turn,
                           turns_by_person, people)
        table._known = dict(self._known)
        table._headings = dict(self._headings)
        for meeting in {*changed, *respoken}:
            for heading in range(max(len(self._speaking.get(meeting, ())), len(table._speaking.get(meeting, ())))):
                table._headings.pop((meeting, heading), None)
            before, after = self._companies(meeting), table._companies(meeting)
            for company in (before - after) + (after - before):
                for slug, _ in company:
                    table._known.pop(slug, None)
        return table

    def _companies(self, meeting: str) -> Counter[frozenset[tuple[str, Person]]]:
        """The people who spoke under each heading of the meeting (none past `CO_SPEAKER_LIMIT`), counted."""
        return Counter(frozenset(self._speakers(meeting, heading, turns).items())
                       for heading, turns in enumerate(self._speaking.get(meeting, ())))

    def _work_out(self, slug: str) -> tuple[Person, ...]:
        """The person's companions, worked out from the headings they spoke under: counted once, in C, from the
        speakers of each heading (a delegate of decades shares hundreds)."""
        mine: dict[str, set[int]] = {}
        for spoken in self._turns_by_person.get(slug, ()):
            mine.setdefault(spoken.meeting.slug, set()).add(spoken.turn.index)
        shared: list[Mapping[str, Person]] = []
        for meeting, turns_here in mine.items():
            for heading, turns in enumerate(self._speaking.get(meeting, ())):
                if not turns_here.isdisjoint(turns) and len(speakers := self._speakers(meeting, heading, turns)) > 1:
                    shared.append(speakers)
        counts = Counter(chain.from_iterable(shared))
        counts.pop(slug, None)
        order = self._people_order()
        return tuple(self._people[order[other]] for other in sorted(counts, key=lambda o: (-counts[o], order[o])))

    def _speakers(self, meeting: str, heading: int, turns: tuple[int, ...]) -> Mapping[str, Person]:
        """The people who spoke the `turns` of a heading of the meeting, by slug; none when they are too many."""
        speakers = self._headings.get((meeting, heading))
        if speakers is None:
            if len(self._headings) >= HEADINGS_KEPT:
                self._headings.clear()
            of_turn = self._person_of_turn.of_meeting(meeting)
            speakers = {(person := of_turn[turn]).slug: person for turn in turns}
            if len(speakers) > CO_SPEAKER_LIMIT:
                speakers = {}
            self._headings[meeting, heading] = speakers
        return speakers

    def _people_order(self) -> dict[str, int]:
        if self._order is None:
            self._order = {person.slug: i for i, person in enumerate(self._people)}
        return self._order
