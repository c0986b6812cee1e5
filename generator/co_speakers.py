"""Who spoke alongside whom: the people who spoke under the same innermost heading of a meeting.

Worked out one person at a time, when their page asks (`CoSpeakers`), not for the whole archive when it is
linked: a person's page is the only one that shows them. The dev server's relink after a renamed speaker
renders a few person pages, not the whole archive's (at 10,000 records, working out everyone's took a
fifth of that relink); a full build's render processes each work out those of the pages they render. The dev
server works out everyone's at once before its first build renders (`work_out_everyone`), since its edits render
people's pages again, and its links keep what still holds (`with_people`, `keep_known`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import chain

from generator.people_order import person_order
from generator.per_person import PerPerson
from generator.site import Person, Spoken, TurnSpeakers

CO_SPEAKER_LIMIT = 20
"""A section with more speakers than this (a whole debate) says nothing about who spoke together."""

PLACE_STEP = 1 << 20
"""How far apart the places of consecutive people are in the order a table ranks ties by (`_people_order`): twenty
people an edit adds between the same two fit before the table works everyone's out again."""

HEADINGS_KEPT = 1 << 14
"""The headings whose speakers a table keeps for the next person asked about (about 5 MB): the people of one
meeting, whose pages an edit renders again, share most of their other meetings' headings too."""

MOVED_AT_MOST_ONE_IN = 8
"""An edit moves a person's companions it names to their new ranks when they are at most one in this many of them;
past that, it ranks them all again."""

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
        self._order: dict[str, tuple[int, Person]] | None = None
        self._headings: dict[tuple[str, int], Mapping[str, Person]] = {}
        """The people who spoke under each heading (meeting slug, position) asked about, by slug (none past
        `CO_SPEAKER_LIMIT`): its other speakers find them here. At most `HEADINGS_KEPT`."""
        self._shared: dict[str, tuple[int, ...]] = {}
        """How many headings each person worked out shared with each of their companions, in their order: an edit
        counts them again from the companies it changed, not from every meeting of the person."""

    def with_people(self, person_of_turn: TurnSpeakers,
                    turns_by_person: Mapping[str, Sequence[Spoken]], people: Sequence[Person],
                    speaking: Mapping[str, Speaking], respoken: Collection[str],
                    removed: Collection[Person], added: Collection[Person]) -> CoSpeakers:
        """The companions with who spoke each turn as given, and the turns under each heading of the meetings of
        `speaking` as it says (a meeting's speakers edited in place); `respoken`, the meetings where
        `person_of_turn` may name others than this table's (their companies before and after are compared);
        `people`, this table's without those `removed` and with those `added`.

        What this table worked out is kept, and counted again for those who spoke under a heading whose speakers
        changed (who were before, or are now, in a company of speakers found in one meeting and not the other, as
        many times): a person's companions are counted from the companies they spoke in, and the people an edit
        adds or takes away leave the others in their order, and in their places in it (`_places_after`).
        """
        changed = {slug: turns for slug, turns in speaking.items() if self._speaking.get(slug) != turns}
        table = CoSpeakers({**self._speaking, **changed} if changed else self._speaking, person_of_turn,
                           turns_by_person, people)
        table._order = self._places_after(people, removed, added)
        table._keep_known(self, {*changed, *respoken})
        return table

    def _places_after(self, people: Sequence[Person], removed: Collection[Person],
                      added: Collection[Person]) -> dict[str, tuple[int, Person]] | None:
        """The places of `people` in order (`_people_order`): this table's, without those of the people `removed`, and
        each person `added` placed between their neighbours among `people`; None when this table's are not worked
        out yet, or two neighbours have no place left between them (the new table then works its own out)."""
        if self._order is None:
            return None
        places = dict(self._order)
        for person in removed:
            del places[person.slug]
        for person in sorted(added, key=person_order):
            at = bisect_left(people, person_order(person), key=person_order)
            before = places[people[at - 1].slug][0] if at else None
            after = next((places[people[i].slug][0] for i in range(at + 1, len(people)) if people[i].slug in places),
                         None)
            place = _between(before, after)
            if place is None:
                return None
            places[person.slug] = (place, person)
        return places

    def keep_known(self, previous: CoSpeakers) -> None:
        """Take what `previous` (the table of the graph this one's was linked again to replace) worked out, counted
        again for those who spoke under a heading whose speakers changed (as `with_people` keeps it): the meetings
        compared are those whose headings hold other turns, or whose turns other people spoke.

        A full link of the archive makes a new table; without this, every page an edit after it renders would
        work its person's companions out again (about 2 ms each for a delegate at 10,000 records)."""
        before, now = previous._person_of_turn, self._person_of_turn
        differing = [meeting for meeting in {**previous._speaking, **self._speaking}
                     if previous._speaking.get(meeting) != self._speaking.get(meeting)
                     or before.of_meeting(meeting) != now.of_meeting(meeting)]
        self._keep_known(previous, differing)

    def _keep_known(self, previous: CoSpeakers, meetings: Iterable[str]) -> None:
        """What `previous` worked out, counted again for the people of a company of speakers of the `meetings` found
        in one table and not the other (as many times), from those companies alone; and the headings it looked up
        but for those of the `meetings`."""
        self._known = dict(previous._known)
        self._shared = dict(previous._shared)
        self._headings = dict(previous._headings)
        changes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for meeting in meetings:
            for heading in range(max(len(previous._speaking.get(meeting, ())), len(self._speaking.get(meeting, ())))):
                self._headings.pop((meeting, heading), None)
            before, after = previous._companies(meeting), self._companies(meeting)
            for company, times in [*((c, -n) for c, n in (before - after).items()), *(after - before).items()]:
                slugs = [slug for slug, _ in company]
                for slug in slugs:
                    for other in slugs:
                        changes[slug][other] += times
        for slug, change in changes.items():
            self._recount(slug, change, new=slug not in previous._turns_by_person)

    def _recount(self, slug: str, change: Counter[str], *, new: bool) -> None:
        """The person's companions counted again with how many more (or fewer) headings they share with each (all
        of them, for a person `new` to the table: every company they are in is new); left to be worked out when
        they are asked about, if nothing was.

        Only the companions the change names move in the ranking (`_moved`): a delegate of decades has a thousand
        or more, and an edit of a meeting changes a handful of them (ranking them all again was 1.5 to 3 ms each)."""
        known, shared = self._known.get(slug), self._shared.get(slug)
        if known is None or shared is None:
            if not new:
                self._known.pop(slug, None)
                return
            known, shared = (), ()
        named = change.keys() - {slug}
        if len(named) * MOVED_AT_MOST_ONE_IN > len(known):
            counts = Counter(dict(zip((person.slug for person in known), shared, strict=True)))
            counts.update(change)
            self._known[slug] = self._ranked(slug, +counts)
        elif named:
            moved = {other: change[other] for other in named}
            self._known[slug], self._shared[slug] = self._moved(known, shared, moved)

    def _moved(self, ranked: tuple[Person, ...], shared: tuple[int, ...],
               change: Mapping[str, int]) -> tuple[tuple[Person, ...], tuple[int, ...]]:
        """A person's companions (`ranked`, sharing as many headings as `shared` says) with those `change` names taken
        out and put back where their counts now rank them, as the people's order has them, if they share any: as
        `_ranked` ranks them all."""
        order = self._people_order()
        kept_people, kept_counts, back = list(ranked), list(shared), dict(change)
        for at in reversed([at for at, person in enumerate(ranked) if person.slug in change]):
            back[ranked[at].slug] += kept_counts[at]
            del kept_people[at], kept_counts[at]
        for other, count in back.items():
            if count > 0:
                rank = (-count, order[other][0])
                at = bisect_left(range(len(kept_people)), rank,
                                 key=lambda i: (-kept_counts[i], order[kept_people[i].slug][0]))
                kept_people.insert(at, order[other][1])
                kept_counts.insert(at, count)
        return tuple(kept_people), tuple(kept_counts)

    def work_out_everyone(self) -> None:
        """Work out everyone's companions now, in one pass over the archive's headings (0.8 s at 10,000 records,
        against 1.4 s a person at a time): for the dev server, whose edits render people's pages again."""
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for meeting, headings in self._speaking.items():
            of_turn = self._person_of_turn.of_meeting(meeting)
            for turns in headings:
                speakers = _company(of_turn, turns)
                if len(speakers) > 1:
                    for slug in speakers:
                        counts[slug].update(speakers.keys())
        for slug in self._turns_by_person:
            self._known[slug] = self._ranked(slug, counts.get(slug, Counter()))

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
        return self._ranked(slug, Counter(chain.from_iterable(shared)))

    def _ranked(self, slug: str, counts: Counter[str]) -> tuple[Person, ...]:
        """The people `counts` counts but the person of `slug`, the most often first, then in the people's order;
        how often each is remembered (`_shared`)."""
        counts.pop(slug, None)
        order = self._people_order()
        ranked = sorted(counts, key=lambda other: (-counts[other], order[other][0]))
        self._shared[slug] = tuple(counts[other] for other in ranked)
        return tuple(order[other][1] for other in ranked)

    def _speakers(self, meeting: str, heading: int, turns: tuple[int, ...]) -> Mapping[str, Person]:
        """The people who spoke the `turns` of a heading of the meeting, by slug; none when they are too many."""
        speakers = self._headings.get((meeting, heading))
        if speakers is None:
            if len(self._headings) >= HEADINGS_KEPT:
                self._headings.clear()
            speakers = self._headings[meeting, heading] = _company(self._person_of_turn.of_meeting(meeting), turns)
        return speakers

    def _people_order(self) -> dict[str, tuple[int, Person]]:
        """Each person's place in the order of `people` (A–Z), and the person, by slug: their position, `PLACE_STEP`
        apart, so that the table an edit makes places the people it adds between the others (`with_people`) instead
        of working out everyone's again (7 to 12 ms at 10,000 records)."""
        if self._order is None:
            self._order = {person.slug: (i * PLACE_STEP, person) for i, person in enumerate(self._people)}
        return self._order


def _between(before: int | None, after: int | None) -> int | None:
    """A place after `before` and before `after` (None: no one there), if one is left."""
    if before is None:
        return 0 if after is None else after - PLACE_STEP
    if after is None:
        return before + PLACE_STEP
    return (before + after) // 2 if after - before >= 2 else None


def _company(of_turn: Sequence[Person], turns: tuple[int, ...]) -> Mapping[str, Person]:
    """The people who spoke the `turns` (of a meeting whose turns `of_turn` were spoken by), by slug; none when they
    are more than `CO_SPEAKER_LIMIT`."""
    speakers = {(person := of_turn[turn]).slug: person for turn in turns}
    return speakers if len(speakers) <= CO_SPEAKER_LIMIT else {}
