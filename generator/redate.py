"""Relink a record whose date took its meeting past another meeting's, or to another year, without linking the whole
archive again.

`relink.relink_record` relinks an edit that leaves the meeting at its place among the others and in its year. A
date that passes another meeting's moves the meeting in every list the graph keeps in meeting order (the
meetings, each body's neighbours, each speaker's turns, each city's meetings and mentions), and it may change who
is who: a person is shown as their first sightings print them, a doubt names the first turn it is about, and a
year tells a body's sessions apart when none is printed (two namesakes in one session are doubted).

`redate_record` moves the meeting when linking reads the rest of the record as before (the same speakers under
the same headings, the same body and session), and when each group of turns it speaks in is a person no
correction names, who reads the same in the group's new order, and whose doubts (of their names) do too: then
the graph is the one a full link gives. It also moves those groups' turns in what the last full link
remembered, for the next edit of speakers and the next full link. Otherwise it says None, and the caller links
in full.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.corrections import Corrections
from generator.graph import (
    CORRECTIONS,
    Lookup,
    MadePerson,
    PeopleIndex,
    RecordLinks,
    Remembered,
    Sighting,
    attach_unaffiliated,
    lead_sighting,
    make_person,
    meeting_order,
    meeting_run,
    sightings_doubts_read,
    slug_text,
)
from generator.mentions import MentionCache
from generator.model import Record
from generator.relink import (
    Edit,
    Relinked,
    changes,
    doubts_of,
    graph_with,
    meeting_at,
    same_speakers_and_meeting,
)
from generator.site import MeetingPage, Person, SiteGraph
from generator.slugs import slugify


def redate_record(graph: SiteGraph, after: Record, cache: MentionCache, corrections: Corrections,
                  known: Remembered) -> tuple[Relinked, Remembered] | None:
    """The graph with the record at `after.source` replacing its namesake at the meeting's new place, and what the
    next link may take back (`known`, moved to match); None if that needs a full link (see the module's
    docstring), or if the meeting keeps its place and year (`relink.relink_record` relinks that)."""
    if not known.people or known.unmatched:
        return None
    found = meeting_at(graph, after)[1]
    if found is not None and found.record.meeting.year == after.meeting.year:
        return None  # at its place and in its year, the meeting is for the others to relink (renamed speakers, say)
    position = _position_of(graph, after.source)
    if position is None:
        return None
    before = graph.meetings[position]
    if not same_speakers_and_meeting(before.record, after, same_year=False):
        return None
    others = (*graph.meetings[:position], *graph.meetings[position + 1:])
    new_position = bisect_left(others, meeting_order(after), key=lambda m: meeting_order(m.record))
    if new_position == position and before.record.meeting.year == after.meeting.year:
        return None
    lookup = Lookup(cache)
    meeting = MeetingPage(after, before.slug, before.city)
    links = RecordLinks.of(meeting, lookup, cache)
    edit = Edit(graph, before, meeting, position, new_position=new_position)
    touched = graph.cities_named(before) | {f.city.slug: f.city for f in links.found}
    new = graph_with(edit, links.found, touched, cache)
    if new is None:
        return None
    advice = corrections.path or CORRECTIONS
    dated = _Dated(before, meeting, attach_unaffiliated(links.sightings, advice)[0])
    groups = _groups(known, graph.speakers(before), dated, new, dated.in_new_order)
    if groups is None or not _doubts_hold(known, dated, advice):
        return None
    return changes(edit, new, touched), _remembered(known, links, groups)


def _position_of(graph: SiteGraph, source: str) -> int | None:
    """The index in `graph.meetings` of the meeting of the record at `source`, if the graph has it."""
    return next((i for i, meeting in enumerate(graph.meetings) if meeting.record.source == source), None)


def remembered_redated(known: Remembered, relinked: Relinked, cache: MentionCache,
                       corrections: Corrections) -> Remembered:
    """What the last full link remembered, after `relinked` gave a meeting another date within its place: with the
    record's links, and its speakers' groups holding its sightings as they are now. (`generator.respeak` finds a
    remembered sighting's meeting by its record's date: one of another date could put it past a meeting that moved
    there since.) Without any group, if one of them is not as the graph has it: the next full link makes them."""
    links = RecordLinks.of(relinked.meeting, Lookup(cache), cache)
    dated = _Dated(relinked.before, relinked.meeting,
                   attach_unaffiliated(links.sightings, corrections.path or CORRECTIONS)[0])
    groups = _groups(known, relinked.previous.speakers(relinked.before), dated, relinked.graph, dated.resighted)
    return _remembered(known, links, groups) if groups is not None else replace(known, people={}, index=None)


@dataclass(frozen=True, slots=True)
class _Dated:
    """A meeting given another date: as it was, as it is, and who its turns are taken to be now (one sighting a
    turn, as linking files them)."""

    before: MeetingPage
    meeting: MeetingPage
    sightings: Sequence[Sighting]

    @property
    def year_changed(self) -> bool:
        """Whether the meeting moved to another year."""
        return self.before.record.meeting.year != self.meeting.record.meeting.year

    def resighted(self, made: MadePerson) -> MadePerson | None:
        """A remembered group with its turns in the meeting sighted as they are now, where the meeting is now (its
        sightings and turns are in the archive's order, found by bisection); None if one of those turns is not
        filed as it was."""
        start, end = meeting_run(made.group, self.before, _meeting_of)
        run = tuple(self.sightings[s.turn.index] for s in made.group[start:end])
        if any(now.key != was.key for now, was in zip(run, made.group[start:end], strict=True)):
            return None  # not the group the last link made: only a full link can tell whose turn it is
        group, turns = (*made.group[:start], *made.group[end:]), (*made.turns[:start], *made.turns[end:])
        at = meeting_run(group, self.meeting, _meeting_of)[0]
        lead = self.sightings[made.lead.turn.index] if made.lead.meeting.slug == self.meeting.slug else made.lead
        return replace(made, group=(*group[:at], *run, *group[at:]), lead=lead,
                       turns=(*turns[:at], *((self.meeting.slug, s.turn.index) for s in run), *turns[at:]))

    def in_new_order(self, made: MadePerson) -> MadePerson | None:
        """The group `resighted`, if no correction names it and its person reads the same in its new order (a
        person reads as their first sightings print them: `make_person`); else None. (Its doubts are
        `_doubts_hold`'s.)"""
        if made.naming is not None or len(made.keys) != 1:
            return None
        moved = self.resighted(made)
        if moved is None:
            return None
        lead = lead_sighting(moved.group, None)
        if slugify(slug_text(lead)) != made.wanted or make_person(
                moved.group, lead, made.person.slug, None, made.standing) != made.person:
            return None
        return replace(moved, lead=lead)


def _meeting_of(sighting: Sighting) -> MeetingPage:
    return sighting.meeting


def _groups(known: Remembered, speakers: Mapping[str, Person], dated: _Dated, new: SiteGraph,
            regroup: Callable[[MadePerson], MadePerson | None]) -> dict[int, MadePerson] | None:
    """The remembered groups of the `speakers` of the `dated` meeting as `regroup` makes them, with their turns as
    `new` (the graph after the edit) lists them, by their keys in `known.people`; None if it made one None, or if
    a speaker's group is not found."""
    index = known.indexed()
    groups: dict[int, MadePerson] = {}
    for name in {s.key[0] for s in dated.sightings}:
        for key in index.by_name.get(name, ()):
            made = known.people[key]
            if key in groups or made.person.slug not in speakers:
                continue
            regrouped = regroup(made)
            if regrouped is None:
                return None
            groups[key] = replace(regrouped, spoken=new.turns_by_person[made.person.slug])
    return groups if {made.person.slug for made in groups.values()} == speakers.keys() else None


def _doubts_hold(known: Remembered, dated: _Dated, advice: str) -> bool:
    """Whether the doubts about the names the `dated` meeting's turns are filed under read as they did. Which doubts
    there are does not depend on the meetings' order, but a doubt names the first turn it is about, and of two
    namesakes in a session, the first to speak: what the last link remembered of the names with a doubt is compared
    with the same, the meeting's turns where they are now. A year tells sessions apart when none is printed: a
    meeting moved to another year may bring a doubt about namesakes, or take one away, so then every name of the
    meeting's that could be doubted is compared (`_can_be_doubted`): the other meetings' turns the doubts read
    (`sightings_doubts_read`), in the archive's order, with the meeting's before and after among them. (The doubts
    about a name read only its own turns.)"""
    index, slug, sightings = known.indexed(), dated.meeting.slug, dated.sightings
    names = {s.key[0] for s in sightings}
    doubted = {name for name in names if _can_be_doubted(name, known, index, sightings)} if dated.year_changed else {
        name for name in names if any(known.people[key].standing for key in index.by_name.get(name, ()))}
    if not doubted:
        return True
    keys = {key for name in doubted for key in index.by_name[name]}
    runs: dict[str, list[Sighting]] = {}
    for key in keys:
        for s in known.people[key].group:
            if s.key[0] in doubted:
                runs.setdefault(s.meeting.slug, []).append(s)
    for run in runs.values():
        run.sort(key=_turn_index)
    was = runs.pop(slug, [])
    now = sorted((s for s in sightings if s.key[0] in doubted), key=_turn_index)
    others = sightings_doubts_read(sorted(runs.values(), key=_run_order))
    return doubts_of(_in_order(others, was), advice) == doubts_of(_in_order(others, now), advice)


def _can_be_doubted(name: str, known: Remembered, index: PeopleIndex, sightings: Sequence[Sighting]) -> bool:
    """Whether a doubt about the name could be, in some order of the meetings: unless every turn of the name, of the
    `sightings` and of the groups `known` remembers (`index`: its groups by name), is one identity with a country or
    organization. (A doubt is about namesakes, two identities of one name; about an office; or about a name printed
    bare.)"""
    identities = {key for made in index.by_name.get(name, ()) for key in known.people[made].keys if key[0] == name}
    identities.update(s.key for s in sightings if s.key[0] == name)
    if len(identities) != 1:
        return True
    affiliation = next(iter(identities))[1]
    return not affiliation or affiliation.startswith("office:")


def _in_order(others: list[list[Sighting]], own: list[Sighting]) -> list[Sighting]:
    """The sightings of other meetings (`others`: a list a meeting, each in turn order, the meetings in the archive's)
    and of one more (`own`, in turn order), in the archive's order: by their meeting's place among the others (the
    record the last link remembered may be a version some edits old, but it has the date it has now: a date changed
    since is remembered with it, `remembered_redated`), then their turn's."""
    runs = others
    if own:
        at = bisect_left(others, _run_order(own), key=_run_order)
        runs = [*others[:at], own, *others[at:]]
    return [s for run in runs for s in run]


def _run_order(run: Sequence[Sighting]) -> tuple[dt.date, str, str]:
    """Where the meeting of a run of sightings comes in the archive."""
    return meeting_order(run[0].meeting.record)


def _turn_index(s: Sighting) -> int:
    return s.turn.index


def _remembered(known: Remembered, links: RecordLinks, groups: Mapping[int, MadePerson]) -> Remembered:
    """What the last full link remembered, with the edited record's links and the `groups` moved (by their keys
    before)."""
    removed = {key: known.people[key] for key in groups}
    added = {id(made.group[0]): made for made in groups.values()}
    people = dict(known.people)
    for key in removed:
        del people[key]
    people.update(added)
    return replace(known, records={**known.records, links.meeting.record.source: links}, people=people,
                   index=known.indexed().changed(removed, added))
