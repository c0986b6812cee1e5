"""Relink a record whose speakers changed, deciding who is who again only for the names the edit touched.

A renamed speaker, or a turn added or taken away, can change who is who, which `relink.relink_record` leaves
to a full link. Yet who is who is decided name by name: a turn is filed under its printed name and
affiliation (its key), a name printed without affiliation joins the affiliated one of the same meeting,
namesakes in one session are doubted, and each person's slug comes from their own identity. So when the turns
an edit changed are all affiliated, no correction names them, and the slugs their people ask for are nobody
else's, deciding again for the names those turns had and have gives the graph a full link gives.
`respeak_record` does that from what the last full link remembered (`Remembered.people`), and says None when
it cannot: the caller then links in full.

The turns that stay are found by aligning the meeting's turns before and after the edit, as filed and shown;
the people of the other names who speak in the meeting stay who they were, their turns where they are now.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from generator.co_speakers import CO_SPEAKER_LIMIT, CoSpeakers
from generator.corrections import Corrections
from generator.graph import (
    CORRECTIONS,
    Doubt,
    Key,
    Lookup,
    MadePerson,
    PeopleIndex,
    RecordLinks,
    Remembered,
    Sighting,
    attach_unaffiliated,
    lead_sighting,
    make_person,
    meeting_run,
    name_key,
    sight_speakers,
    slug_text,
    speaking_turns,
    warnings_added,
)
from generator.mentions import MentionCache
from generator.model import Record
from generator.named_cities import CitiesNamed
from generator.people_order import person_order, resorted
from generator.places import City
from generator.relink import (
    Edit,
    RecordEdit,
    doubts_of,
    graph_with,
    meeting_at,
    turns_moved,
    warnings_moved,
)
from generator.site import MeetingPage, Person, SiteGraph, Spoken, meeting_of
from generator.slugs import LETTER_SLUGS, slugify

_NUMBERED = re.compile(r"^(.+)-\d+$")


@dataclass(frozen=True, slots=True)
class Respoken(RecordEdit):
    """The graph after a record's speakers were renamed, added or taken away, and whose pages that changed."""

    came: tuple[Person, ...]
    """The people with a page who had none before."""
    went: tuple[Person, ...]
    """The people who had a page and have none now, as they were."""
    reshown: tuple[tuple[Person, Person], ...]
    """The people (before, after) whose page stays but who are shown differently: name, titles, office, doubt."""
    recounted: tuple[Person, ...]
    """The people who keep their page and speak more or fewer paragraphs in the meeting now: the pages listing
    them count those."""
    reread: tuple[Person, ...]
    """The people who keep their page and whose turns in the meeting may read differently on it: they changed
    hands, moved, or their paragraphs did."""
    companions: tuple[Person, ...]
    """The people who keep their page and spoke alongside others in the meeting than before, or as often."""
    remembered: Remembered
    """What the next full link may take back: the last one's, with the edited record and its people's groups."""
    cities: tuple[City, ...]
    """The cities the meeting named before the edit or after it: their pages may show its mentions differently."""
    paragraphs_recounted: bool
    """The record has more or fewer paragraphs: the pages counting the archive's count them."""


def respeak_record(graph: SiteGraph, after: Record, cache: MentionCache, corrections: Corrections,
                   known: Remembered) -> Respoken | None:
    """The graph with the record at `after.source` replacing its namesake, whose header is the same, or None if
    that needs a full link (see the module's docstring)."""
    position, before = meeting_at(graph, after)
    if (before is None or not known.people or known.unmatched or not isinstance(graph.co_speakers, CoSpeakers)
            or before.record.meeting != after.meeting):
        return None
    lookup, advice = Lookup(cache), corrections.path or CORRECTIONS
    meeting = MeetingPage(after, before.slug, before.city)
    links = RecordLinks.of(meeting, lookup, cache)
    renamed = _Renamed.of(attach_unaffiliated(sight_speakers([before], lookup), advice)[0],
                          attach_unaffiliated(links.sightings, advice)[0], corrections)
    if renamed is None:
        return None
    edit = Edit(graph, before, meeting, position, renamed.moved)
    found = links.found
    touched = graph.cities_named(before) | {f.city.slug: f.city for f in found}
    swapped = graph_with(edit, found, touched, cache)
    if swapped is None or _map_changed(graph, swapped, touched):
        return None
    index = known.indexed()
    touching = [known.people[key] for key in dict.fromkeys(
        key for name in renamed.names for key in index.by_name.get(name, ()))]
    if any(m.naming is not None or len(m.keys) != 1 for m in touching):
        return None  # a correction made one of the groups: only a full link applies it
    decided = _Decision.of(swapped, edit, touching, [s for s in renamed.now if s.key[0] in renamed.names], advice)
    new = decided.graph_after(swapped, edit, graph.co_speakers, links) if decided.slugs_hold(index, graph) else None
    if new is None:
        return None
    moved = _Moved.of(edit, renamed, known, index, {id(m.group[0]) for m in touching}, new)
    return decided.changes(graph, new, edit, touched, decided.remembered(known, index, links, moved))


def _map_changed(graph: SiteGraph, swapped: SiteGraph, touched: Mapping[str, City]) -> bool:
    """True when the cities or countries with a page, or the mentions the map weighs the `touched` cities by,
    changed: every city page draws the map, and a full link redoes every page."""
    return (swapped.cities != graph.cities or swapped.countries != graph.countries
            or any(len(graph.mentions_by_city.get(slug, ())) != len(swapped.mentions_by_city.get(slug, ()))
                   for slug in touched))


def _as_filed(s: Sighting) -> tuple[object, ...]:
    """Everything of a sighting that decides or shows who its speaker is."""
    return s.key, s.name, s.country, s.organization, s.city, s.label, s.titles, s.as_printed


def _stayed(was: Sequence[Sighting], now: Sequence[Sighting]) -> dict[int, int]:
    """The turns filed and shown as before, by their index before and after the edit: each at its place when
    the record has as many turns as before, else the longest runs of them that stay in order."""
    filed_was, filed_now = [_as_filed(s) for s in was], [_as_filed(s) for s in now]
    if len(was) == len(now):
        return {i: i for i, (old, new) in enumerate(zip(filed_was, filed_now, strict=True)) if old == new}
    matcher = SequenceMatcher(None, filed_was, filed_now, autojunk=False)
    return {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}


@dataclass(frozen=True, slots=True)
class _Renamed:
    """The turns an edit gave to someone else, added or took away, and the names they were and are filed under."""

    now: Sequence[Sighting]
    """The edited meeting's sightings, every turn's, after the edit."""
    moved: Mapping[int, int] | None
    """Where each turn that stays is now, by its index before (`relink.Edit.moved`); None if each is where it was."""
    names: frozenset[str]
    """Their identities' folded names, before and after, and those of the turns gone."""
    printed: frozenset[str]
    """Their names as printed, folded (`the president` for whoever presided), before and after."""

    @classmethod
    def of(cls, was: Sequence[Sighting], now: Sequence[Sighting], corrections: Corrections) -> _Renamed | None:
        """The renamed, added and removed turns of the meeting's sightings before and after; None if there are
        none, if one is printed without affiliation or as an office (whose identity is decided across the meeting
        or the body), or if a correction names one of the names (it could merge, split or name their people)."""
        stayed = _stayed(was, now)
        kept = set(stayed.values())
        gone, new = (s for i, s in enumerate(was) if i not in stayed), (s for i, s in enumerate(now) if i not in kept)
        sightings = [*gone, *new]
        if not sightings or any(not s.key[1] or s.key[1].startswith("office:") for s in sightings):
            return None
        moved = None if len(was) == len(now) else stayed
        renamed = cls(now, moved, frozenset(s.key[0] for s in sightings), frozenset(s.atom[2] for s in sightings))
        named = {name_key(identity.name) for entry in corrections.people for identity in entry.identities}
        return renamed if named.isdisjoint(renamed.names | renamed.printed) else None


@dataclass(frozen=True, slots=True)
class _Decision:
    """Who is who among the names touched, before the edit and after."""

    before: Mapping[Key, MadePerson]
    """The groups of the names before the edit, by key."""
    groups: Mapping[Key, MadePerson]
    """The groups of the names after the edit that were made again, by key (the others are as they were)."""
    gone: frozenset[Key]
    """The keys no turn is filed under any more."""
    warnings_before: frozenset[str]
    """The warnings the doubts about the names gave before the edit."""
    warnings_after: frozenset[str]
    """The warnings they give after it."""

    @classmethod
    def of(cls, graph: SiteGraph, edit: Edit, touching: Sequence[MadePerson], now: Sequence[Sighting],
           advice: str) -> _Decision:
        """Who is who after the edit among the `touching` groups' names; `now`, the edited meeting's sightings
        of those names; `graph`, the graph with the edited meeting swapped in."""
        slug = edit.meeting.slug
        before = {m.keys[0]: m for m in touching}
        current = _Current(graph, edit)
        was = current.ordered(s for m in touching for s in m.group)
        sightings = current.ordered([*(s for s in was if s.meeting.slug != slug), *now])
        doubts_before, doubts_after = doubts_of(was, advice), doubts_of(sightings, advice)
        by_key: dict[Key, list[Sighting]] = defaultdict(list)
        for s in sightings:
            by_key[s.key].append(s)
        groups: dict[Key, MadePerson] = {}
        for key, group in by_key.items():
            last = before.get(key)
            standing = (doubts_after[key],) if key in doubts_after else ()
            speaks_here = any(s.meeting.slug == slug for s in group)
            if last is None or speaks_here or _speaks_in(last, edit.before) or last.standing != standing:
                groups[key] = _made(graph, edit, group, standing, last)
        return cls(before, groups, frozenset(before.keys() - by_key.keys()), _warnings(doubts_before, before),
                   _warnings(doubts_after, by_key))

    def meetings_spoken_otherwise(self, edit: Edit) -> set[str]:
        """The meetings where someone else, or someone shown otherwise, speaks a turn after the edit: the edited
        one; all the meetings of a group whose person is new, gone or shown otherwise; of the other groups made
        again, those of the turns they gained or lost (most speak as before, their turns in the edited meeting
        moved)."""
        meetings = {edit.meeting.slug}
        for key, made in self.groups.items():
            last = self.before.get(key)
            if last is None or last.person != made.person:
                meetings.update(meeting for meeting, _ in (*made.turns, *(last.turns if last else ())))
            elif made.turns != last.turns:
                meetings.update(meeting for meeting, _ in set(made.turns) ^ set(last.turns))
        for key in self.gone:
            meetings.update(meeting for meeting, _ in self.before[key].turns)
        return meetings

    @property
    def replaced(self) -> list[MadePerson]:
        """The groups before the edit that are gone or made again."""
        return [made for key, made in self.before.items() if key in self.gone or key in self.groups]

    def remembered(self, known: Remembered, index: PeopleIndex, links: RecordLinks, moved: _Moved) -> Remembered:
        """What the last full link remembered (and its `index`), with the edited record's links, the groups made
        again, and those whose turns `moved`."""
        removed = {id(made.group[0]): made for made in self.replaced}
        added = {id(made.group[0]): made for made in self.groups.values()}
        removed.update(moved.was)
        added.update(moved.now)
        people = dict(known.people)
        for key in removed:
            del people[key]
        people.update(added)
        return replace(known, records={**known.records, links.meeting.record.source: links}, people=people,
                       index=index.changed(removed, added))

    def slugs_hold(self, index: PeopleIndex, graph: SiteGraph) -> bool:
        """True when the slug each person of the names asks for is theirs alone, before the edit and after: then
        nobody else's slug depends on them (`generator.graph._person_slugs`)."""
        change: Counter[str] = Counter(made.wanted for made in self.groups.values())
        change.subtract(made.wanted for made in self.replaced)

        def wanted(slug: str) -> int:
            return index.wanted.get(slug, 0)

        for key, last in self.before.items():
            made = self.groups.get(key)
            if key in self.gone or (made is not None and made.wanted != last.wanted):
                if not _freed(last, wanted):
                    return False
            elif change[last.wanted]:
                return False  # another identity now asks for this person's slug, or no longer does
            elif made is not None and last.person.slug != last.wanted and (made.lead.key, made.first_atom) != (
                    last.lead.key, last.first_atom):
                return False  # numbered among namesakes in the order of what they are known by, which changed
        for key, remade in self.groups.items():
            earlier = self.before.get(key)
            if earlier is None or remade.wanted != earlier.wanted:
                slug = remade.wanted
                if wanted(slug) + change[slug] != 1 or slug in LETTER_SLUGS or slug in graph.turns_by_person:
                    return False
        return True

    def graph_after(self, graph: SiteGraph, edit: Edit, co_speakers: CoSpeakers,
                    links: RecordLinks) -> SiteGraph | None:
        """`graph` (the `edit`'s meeting swapped in, with its `links`) with the names' people decided again; None
        when that changes the cities or countries with a page, or the map (a full link redoes every page then)."""
        removed = [made.person for made in self.replaced]
        added = [made.person for made in self.groups.values()]
        turns_by_person = dict(graph.turns_by_person)
        for person in removed:
            del turns_by_person[person.slug]
        respoken: dict[str, list[Person | None]] = {} if edit.moved is None else {edit.meeting.slug: turns_moved(edit)}
        for made in self.groups.values():
            turns_by_person[made.person.slug] = made.spoken
            for meeting, turn in made.turns:
                if meeting not in respoken:
                    respoken[meeting] = list(graph.person_of_turn.of_meeting(meeting))
                respoken[meeting][turn] = made.person
        person_of_turn = graph.person_of_turn.with_meetings(
            {meeting: _every_turn_spoken(speakers) for meeting, speakers in respoken.items()})
        by_city = _regrouped(graph.people_by_city, removed, added, lambda p: p.city.slug if p.city else None)
        if any(len(people) != len(graph.people_by_city.get(slug, ())) for slug, people in by_city.items()):
            return None  # the cities' counts of people weigh them on the map every city page draws
        by_country = _regrouped(graph.people_by_country, removed, added,
                                lambda p: p.country.slug if p.country else None)
        listed = {country.slug for country in graph.countries}
        if any(bool(people) != (slug in listed) for slug, people in by_country.items()):
            return None  # a country may gain or lose its page: only a full link can tell
        people = resorted(graph.people, removed, added)
        kept = [w for w in graph.warnings if w not in self.warnings_before]
        return replace(
            graph,
            people=people,
            person_of_turn=person_of_turn,
            turns_by_person=turns_by_person,
            co_speakers=co_speakers.with_people(person_of_turn, turns_by_person, people,
                                                {links.meeting.slug: links.speaking},
                                                self.meetings_spoken_otherwise(edit), removed, added),
            people_by_city={slug: people for slug, people in by_city.items() if people},
            people_by_country={slug: people for slug, people in by_country.items() if people},
            cities_by_person=_cities_named(graph, turns_by_person, [person.slug for person in (*removed, *added)]),
            warnings=warnings_added(kept, self.warnings_after),
        )

    def changes(self, previous: SiteGraph, graph: SiteGraph, edit: Edit, touched: Mapping[str, City],
                remembered: Remembered) -> Respoken:
        """What the decision changed, person by person; `touched`, the cities the meeting named before or after."""
        went = {p.slug: p for p in (self.before[key].person for key in self.gone)}
        came: dict[str, Person] = {}
        reshown: list[tuple[Person, Person]] = []
        for key, made in self.groups.items():
            person, last = made.person, self.before.get(key)
            if last is None or last.person.slug != person.slug:
                came[person.slug] = person
                if last is not None:
                    went[last.person.slug] = last.person
            elif last.person != person:
                reshown.append((last.person, person))
        staying = [slug for slug in {**previous.speakers(edit.before), **graph.speakers(edit.meeting)}
                   if slug not in came and slug not in went]
        counted = _paragraphs_by_speaker(previous, edit.before)
        now_counted = _paragraphs_by_speaker(graph, edit.meeting)
        recounted = [graph.person(slug) for slug in staying if counted[slug] != now_counted[slug]]
        relaid = edit.moved is not None or _layout(edit.before.record) != _layout(edit.meeting.record)
        reread = [graph.person(slug) for slug in staying if relaid or _spoken_in(
            previous.turns_by_person[slug], edit) != _spoken_in(graph.turns_by_person[slug], edit)]
        was, now = _alongside(previous, edit.before), _alongside(graph, edit.meeting)
        companions = [graph.person(slug) for slug in {**was, **now}
                      if slug in graph.turns_by_person and slug not in came and was.get(slug) != now.get(slug)]
        return Respoken(graph, previous, edit.before, edit.meeting, tuple(came.values()), tuple(went.values()),
                        tuple(reshown), tuple(recounted), tuple(reread), tuple(companions), remembered,
                        tuple(touched.values()),
                        len(edit.before.record.paragraphs) != len(edit.meeting.record.paragraphs))


@dataclass(frozen=True, slots=True)
class _Moved:
    """The groups an edit that added or took away turns did not decide again, but whose turns in the meeting
    moved: what the next full link may take back of them must say where their turns are now."""

    was: Mapping[int, MadePerson]
    """The groups as they were, by their `Remembered.people` keys."""
    now: Mapping[int, MadePerson]
    """The same groups with their turns where they are now, by their keys now."""

    @classmethod
    def of(cls, edit: Edit, renamed: _Renamed, known: Remembered, index: PeopleIndex, touching: Iterable[int],
           graph: SiteGraph) -> _Moved:
        """The groups of the turns that stayed, but for those `touching` the names decided again, as they were in
        `known` and as they are in `graph` (the graph after the edit)."""
        if edit.moved is None:
            return cls({}, {})
        lines, decided = edit.lines_moved(), set(touching)
        was: dict[int, MadePerson] = {}
        for name in {renamed.now[index_now].key[0] for index_now in edit.moved.values()}:
            for key in index.by_name.get(name, ()):
                if key not in decided and _speaks_in(known.people[key], edit.before):
                    was[key] = known.people[key]
        now = (_moved(made, edit, renamed.now, graph.turns_by_person[made.person.slug], lines) for made in was.values())
        return cls(was, {id(made.group[0]): made for made in now})


def _moved(made: MadePerson, edit: Edit, now: Sequence[Sighting], spoken: tuple[Spoken, ...],
           lines: Mapping[int, int]) -> MadePerson:
    """A group whose turns in the edited meeting all stayed, with those turns where they are now: `now`, the
    meeting's sightings after the edit; `spoken`, the group's turns as the graph lists them now; `lines`, where
    the speaker lines that moved are now, by where they were."""
    slug, source, moved = edit.meeting.slug, edit.meeting.record.source, edit.moved
    assert moved is not None
    start, end = _run_in(made, edit.before)
    group = (*made.group[:start], *(now[moved[s.turn.index]] for s in made.group[start:end]), *made.group[end:])
    turns = (*made.turns[:start], *((slug, moved[index]) for _, index in made.turns[start:end]), *made.turns[end:])
    lead = now[moved[made.lead.turn.index]] if made.lead.meeting.slug == slug else made.lead
    standing = tuple(replace(doubt, warning=warnings_moved((doubt.warning,), source, lines)[0]) if doubt.warning
                     else doubt for doubt in made.standing)
    return replace(made, group=group, lead=lead, standing=standing, spoken=spoken, turns=turns)


def _made(graph: SiteGraph, edit: Edit, group: Sequence[Sighting], standing: tuple[Doubt, ...],
          last: MadePerson | None) -> MadePerson:
    """The person one identity's turns make after the edit (the one they made, if it reads the same)."""
    lead = lead_sighting(group, None)
    wanted = slugify(slug_text(lead))
    slug = last.person.slug if last is not None and last.wanted == wanted else wanted
    person = make_person(group, lead, slug, None, standing)
    if last is not None and last.person == person:
        person = last.person
    fresh = tuple(Spoken(edit.meeting, s.turn, s.as_printed) for s in group if s.meeting.slug == edit.meeting.slug)
    spoken = edit.spliced(graph.turns_by_person.get(last.person.slug, ()) if last else (), meeting_of, fresh)
    turns = tuple((s.meeting.slug, s.turn.index) for s in group)
    return MadePerson(tuple(group), None, lead, min(s.atom for s in group), wanted, (group[0].key,), standing,
                      person, spoken, turns, person_order(person))


class _Current:
    """The graph's meetings as they are now, for sightings remembered from a graph some edits ago: each is found
    by its record's place among the others (`meeting_at`), where it is now (a date an edit gave it since is
    remembered with it: `generator.redate.remembered_redated`)."""

    def __init__(self, graph: SiteGraph, edit: Edit) -> None:
        self._graph, self._edit = graph, edit
        self._meetings: dict[str, MeetingPage] = {edit.meeting.slug: edit.meeting}
        self._position: dict[str, int] = {edit.meeting.slug: edit.position}

    def ordered(self, sightings: Iterable[Sighting]) -> list[Sighting]:
        """The sightings in the archive's order (the edited meeting's as its turns were, if they were), pointing
        at their meetings as they are now; a turn the edit took away points at the meeting as it was."""
        return [self._now(s) for s in sorted(sightings, key=self._place)]

    def _place(self, s: Sighting) -> tuple[int, int]:
        slug = s.meeting.slug
        if slug not in self._meetings:
            position, found = meeting_at(self._graph, s.meeting.record)
            assert found is not None and found.slug == slug
            self._meetings[slug], self._position[slug] = found, position
        return self._position[slug], s.turn.index

    def _now(self, s: Sighting) -> Sighting:
        meeting = self._meetings[s.meeting.slug]
        if meeting is s.meeting:
            return s
        index = self._edit.turn_now(s.turn.index) if meeting is self._edit.meeting else s.turn.index
        return s if index is None else replace(s, meeting=meeting, turn=meeting.record.turns[index])


def _warnings(doubts: Mapping[Key, Doubt], keys: Iterable[Key]) -> frozenset[str]:
    """The warnings the doubts about these keys give."""
    return frozenset(doubt.warning for key in keys if (doubt := doubts.get(key)) and doubt.warning)


def _freed(last: MadePerson, wanted: Callable[[str], int]) -> bool:
    """True when the person's slug may go without another person's slug changing: nobody else asked for it,
    and nobody numbered after it (`mr-x-3` past this person's `mr-x-2`); `wanted` says how many ask for a slug."""
    numbered = _NUMBERED.match(last.person.slug)
    return last.person.slug == last.wanted and wanted(last.wanted) == 1 and not (
        numbered and wanted(numbered.group(1)) > 1)


def _run_in(made: MadePerson, meeting: MeetingPage) -> tuple[int, int]:
    """Where the group's sightings in the meeting are among its sightings (and its turns among its turns), found
    by bisection: a group's sightings are in meeting order, as the archive's are."""
    return meeting_run(made.group, meeting, _sighted_in)


def _speaks_in(made: MadePerson, meeting: MeetingPage) -> bool:
    """Whether the group has a turn in the meeting."""
    start, end = _run_in(made, meeting)
    return start < end


def _sighted_in(sighting: Sighting) -> MeetingPage:
    return sighting.meeting


def _spoken_in(spoken: tuple[Spoken, ...], edit: Edit) -> list[tuple[int, str]]:
    """A person's turns in the edited meeting, as their pages show them."""
    return [(s.turn.index, s.as_printed) for s in edit.own(spoken, meeting_of)]


def _paragraphs_by_speaker(graph: SiteGraph, meeting: MeetingPage) -> Counter[str]:
    """How many paragraphs each speaker of the meeting speaks there, by slug: what the pages listing them count."""
    counted: Counter[str] = Counter()
    for turn in meeting.record.turns:
        counted[graph.person_of_turn[meeting.slug, turn.index].slug] += len(turn.paragraphs)
    return counted


def _layout(record: Record) -> tuple[object, ...]:
    """Which paragraphs each turn of the record speaks, and the paragraphs themselves (their text and lines)."""
    return tuple(turn.paragraphs for turn in record.turns), record.paragraphs


def _alongside(graph: SiteGraph, meeting: MeetingPage) -> dict[str, Counter[frozenset[str]]]:
    """Who each speaker of the meeting spoke alongside there: the speakers of each heading they spoke under that
    counts (`CO_SPEAKER_LIMIT`), as many times as such headings, by speaker."""
    alongside: dict[str, Counter[frozenset[str]]] = defaultdict(Counter)
    for heading in speaking_turns(meeting.record):
        speakers = frozenset(graph.person_of_turn[meeting.slug, turn].slug for turn in heading)
        if 1 < len(speakers) <= CO_SPEAKER_LIMIT:
            for slug in speakers:
                alongside[slug][speakers] += 1
    return alongside


def _cities_named(graph: SiteGraph, turns_by_person: Mapping[str, Sequence[Spoken]],
                  decided: Sequence[str]) -> CitiesNamed:
    """The cities each person named, with the people of the `decided` slugs decided again (their turns now
    `turns_by_person`'s): the graph's for everyone else."""
    if isinstance(graph.cities_by_person, CitiesNamed):
        return graph.cities_by_person.with_people_decided(turns_by_person, decided)
    return CitiesNamed(turns_by_person, graph.mentions_in_paragraph, graph.cities)


def _every_turn_spoken(speakers: Sequence[Person | None]) -> tuple[Person, ...]:
    """Who spoke each turn of a meeting, each turn having been given its speaker."""
    spoken = tuple(person for person in speakers if person is not None)
    assert len(spoken) == len(speakers), "a turn new to the meeting is in no group of turns made again"
    return spoken


def _regrouped(groups: Mapping[str, tuple[Person, ...]], removed: Sequence[Person], added: Sequence[Person],
               group_of: Callable[[Person], str | None]) -> dict[str, tuple[Person, ...]]:
    """People by group (a city, a country), A–Z, without those removed and with those added."""
    result = dict(groups)
    for slug in {group_of(p) for p in [*removed, *added]} - {None}:
        assert slug is not None
        result[slug] = resorted(groups.get(slug, ()), [p for p in removed if group_of(p) == slug],
                                 [p for p in added if group_of(p) == slug])
    return result
