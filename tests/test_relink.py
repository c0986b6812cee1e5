"""Relinking one edited record gives the very graph a full link gives, or declines.

Each test edits a shipped record the way an author would, relinks it into the graph of the
shipped records, and compares the result with linking every record again from scratch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import generator.graph as graph_module
from generator.corrections import Corrections, load_corrections, read_corrections
from generator.errors import ParseError
from generator.linking import Linker
from generator.model import Record
from generator.parse import parse_record
from generator.relink import Relinked
from generator.site import SiteGraph
from generator.slugs import slugify

CONTENT = Path(__file__).parent.parent / "content"
SEED = CONTENT / "E_2018_SR.22.md"
CORRECTIONS = load_corrections(CONTENT / "corrections.toml")


def shipped(replacing: Record | None = None) -> list[Record]:
    records = [parse_record(path.read_bytes(), str(path)) for path in sorted(CONTENT.glob("*.md"))]
    return [replacing if replacing and r.source == replacing.source else r for r in records]


def edited(edit: Callable[[str], str], path: Path = SEED) -> Record:
    text = edit(path.read_text(encoding="utf-8"))
    return parse_record(text.encode("utf-8"), str(path))


def full_link(records: list[Record]) -> SiteGraph:
    return Linker().link(records, CORRECTIONS)


def relinked(before: list[Record], after: Record) -> Relinked | None:
    linker = Linker()
    graph = linker.link(before, CORRECTIONS)
    return linker.relink(graph, after, CORRECTIONS)


def assert_same_as_full_link(after: Record, before: list[Record] | None = None) -> Relinked:
    result = relinked(before or shipped(), after)
    assert result is not None, "the edit should not need a full link"
    expected = full_link(shipped(after) if before is None else [after if r.source == after.source else r
                                                                 for r in before])
    for name, field in SiteGraph.__dataclass_fields__.items():
        if field.compare:  # not what the graph keeps of what it worked out (`tallies`)
            assert getattr(result.graph, name) == getattr(expected, name), name
    return result


def test_a_changed_sentence_relinks_to_the_full_graph() -> None:
    after = edited(lambda text: text.replace("policies should focus on prevention", "policy starts with prevention"))
    result = assert_same_as_full_link(after)
    assert result.meeting.slug == "e-2018-sr-22"
    assert [p.slug for p in result.people] == ["mr-al-shawaarbeh-jordan"]
    assert result.cities == ()
    assert not result.map_changed and not result.city_list_changed and not result.countries_changed


def test_the_edited_meeting_is_the_new_record_everywhere_it_appears() -> None:
    after = edited(lambda text: text.replace("policies should focus on prevention", "policy comes first"))
    result = relinked(shipped(), after)
    assert result is not None
    graph = result.graph
    meeting = next(m for m in graph.meetings if m.record.source == str(SEED))
    assert meeting.record is after
    assert all(s.meeting is meeting for turns in graph.turns_by_person.values() for s in turns
               if s.meeting.slug == meeting.slug)
    assert all(m.meeting is meeting for ms in graph.mentions_by_city.values() for m in ms
               if m.meeting.slug == meeting.slug)
    assert meeting.city is not None and any(m is meeting for m in graph.meetings_by_city[meeting.city.slug])


def test_an_edit_relinked_in_place_shares_the_other_meetings_named_cities_with_the_last_graph() -> None:
    """The dev server keeps the graphs of its last edits: each copying every paragraph's named cities grew it by
    80 MB an edit at 100,000 records. Only the edited meeting's own are new."""
    linker = Linker()
    graph = linker.link(shipped(), CORRECTIONS)
    result = linker.relink(graph, edited(lambda text: text.replace("The meeting was called", "The session was called")),
                           CORRECTIONS)
    assert result is not None
    named, before = result.graph.mentions_in_paragraph, graph.mentions_in_paragraph
    others = [m for m in graph.meetings if m.slug != result.meeting.slug and m.slug in before]
    assert len(others) >= 5 and all(named[m.slug] is before[m.slug] for m in others)
    assert result.graph.named_in(result.meeting) == graph.named_in(result.before)


def test_naming_a_new_city_adds_its_page_and_country() -> None:
    assert "BT" not in {c.code for c in full_link(shipped()).countries}
    after = edited(lambda text: text.replace("policies should focus on prevention",
                                             "policies in Thimphu should focus on prevention"))
    result = assert_same_as_full_link(after)
    assert result.map_changed and result.city_list_changed and result.countries_changed
    assert [c.slug for c in result.cities] == ["thimphu"]
    assert "thimphu" in {c.slug for c in result.graph.cities}


def test_naming_a_known_city_again_changes_its_weight_on_the_map() -> None:
    after = edited(lambda text: text.replace("policies should focus on prevention",
                                             "policies in Amman should focus on prevention"))
    result = assert_same_as_full_link(after)
    assert result.map_changed and not result.city_list_changed and not result.countries_changed
    assert [c.slug for c in result.cities] == ["amman"]
    assert [p.slug for p in result.people] == ["mr-al-shawaarbeh-jordan"]


def test_rewording_a_sentence_that_names_a_city_changes_that_city_page_only() -> None:
    after = edited(lambda text: text.replace("the political will of the city of Amman was reflected",
                                             "the political will of the city of Amman was shown"))
    result = assert_same_as_full_link(after)
    assert [c.slug for c in result.cities] == ["amman"]
    assert not result.map_changed and not result.city_list_changed



def test_a_persons_tally_follows_an_edit_relinked_in_place_and_the_last_graph_keeps_its_own() -> None:
    after = edited(lambda text: text.replace("\n\n5. Without long-term planning", " Without long-term planning", 1))
    result = relinked(shipped(), after)
    assert result is not None
    slug = "mr-al-shawaarbeh-jordan"
    before, now = result.previous.tally(slug), result.graph.tally(slug)
    assert now.paragraphs == before.paragraphs - 1 and now.meetings == before.meetings
    assert now == full_link(shipped(after)).tally(slug)
    assert result.previous.tally(slug) == before  # the graphs share their tallies, each of its own turns

def test_dropping_every_mention_of_a_city_takes_its_page_away() -> None:
    after = edited(lambda text: text.replace("Barcelona", "the city"))  # Madrid keeps Spain on the site
    result = assert_same_as_full_link(after)
    assert "barcelona" not in {c.slug for c in result.graph.cities}
    assert result.city_list_changed and not result.countries_changed


def test_dropping_the_only_city_of_a_country_needs_a_full_link() -> None:
    """Kenya may have a page for Nairobi alone, or for a delegation that spoke: only a full link can tell."""
    assert relinked(shipped(), edited(lambda text: text.replace("Nairobi, Kenya", "a city"))) is None


def test_lines_moved_by_an_edit_move_the_warnings_with_them() -> None:
    def unaffiliated(text: str) -> str:
        return text.replace("**Mr. Al-Shawaarbeh** (Mayor of Amman, Jordan), panellist,", "**Mr. Nobody**")

    before = [edited(unaffiliated) if r.source == str(SEED) else r for r in shipped()]
    warned = [w for w in full_link(before).warnings if w.startswith(f"{SEED}:")]
    assert warned, "the unaffiliated speaker should be warned about"
    after = edited(lambda text: unaffiliated(text).replace("\n1. **The President**", "\n\n\n1. **The President**"))
    result = assert_same_as_full_link(after, before)
    moved = [w for w in result.graph.warnings if w.startswith(f"{SEED}:")]
    assert [w.split(":")[1] for w in moved] == [str(int(w.split(":")[1]) + 2) for w in warned]


def test_a_header_change_linking_does_not_read_is_relinked_in_place_and_said() -> None:
    after = edited(lambda text: text.replace("called to order at 10.10 a.m.", "called to order at 10.15 a.m."))
    result = assert_same_as_full_link(after)
    assert result.header_changed and not result.people and not result.cities


@pytest.mark.parametrize("edit", [
    pytest.param(lambda t: t.replace("**Mr. Williams** (Director", "**Mr. Wilson** (Director", 1), id="rename"),
    pytest.param(lambda t: t.replace("2 May 2018", "3 May 2018"), id="date"),
    pytest.param(lambda t: t.replace("\n3. **Mr. Al-Shawaarbeh**", "\n## A new heading\n\n3. **Mr. Al-Shawaarbeh**"),
                 id="heading-moves-speakers"),
])
def test_edits_that_can_change_who_is_who_need_a_full_link(edit: Callable[[str], str]) -> None:
    assert relinked(shipped(), edited(edit)) is None


def test_a_record_the_graph_does_not_hold_needs_a_full_link() -> None:
    records = shipped()
    without = [r for r in records if r.source != str(SEED)]
    assert relinked(without, next(r for r in records if r.source == str(SEED))) is None


def test_relinking_every_shipped_record_unchanged_keeps_the_graph() -> None:
    records = shipped()
    linker = Linker()
    graph = linker.link(records, CORRECTIONS)
    for record in records:
        result = linker.relink(graph, parse_record(Path(record.source).read_bytes(), record.source), CORRECTIONS)
        assert result is not None and result.graph == graph
        assert result.people == result.cities == ()
        assert not result.map_changed and not result.city_list_changed and not result.countries_changed


CITIES = ("Amman", "Thimphu", "Nairobi", "Geneva", "Barcelona", "Medellín", "New York")


@st.composite
def author_edits(draw: st.DrawFn) -> Record:
    """A shipped record with one line of one paragraph edited as an author might: a sentence naming a city
    added, a city's name or a word taken out, or blank lines put before it."""
    path = draw(st.sampled_from(sorted(CONTENT.glob("*.md"))))
    record = parse_record(path.read_bytes(), str(path))
    paragraph = draw(st.sampled_from(record.paragraphs))
    lines = path.read_text(encoding="utf-8").split("\n")
    at = paragraph.line - 1
    edit = draw(st.sampled_from(["city", "uncity", "word", "blank"]))
    if edit == "city":
        lines[at] = lines[at].rstrip() + f" It was said again in {draw(st.sampled_from(CITIES))}."
    elif edit == "uncity":
        named = [c for c in CITIES if c in lines[at]]
        assume(named)
        lines[at] = lines[at].replace(draw(st.sampled_from(named)), "the capital")
    elif edit == "word":
        assume(" the " in lines[at])
        lines[at] = lines[at].replace(" the ", " a ", 1)
    else:
        lines[at:at] = ["", ""]
    try:
        return parse_record("\n".join(lines).encode("utf-8"), str(path))
    except ParseError:
        assume(False)
        raise


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(author_edits())
def test_any_edit_relinked_in_place_is_the_graph_a_full_link_gives(after: Record) -> None:
    result = relinked(shipped(), after)
    assume(result is not None)
    assert result.graph == full_link(shipped(after))


# -- linking the archive again, remembering each record's own links --------------------------------------


def relinked_in_full(before: list[Record], after: list[Record],
                     corrections: Corrections = CORRECTIONS) -> tuple[SiteGraph, SiteGraph]:
    """The graphs of `before` and then `after`, linked by one remembering linker (as the dev server does)."""
    linker = Linker(remember=True)
    return linker.link(before, CORRECTIONS), linker.link(after, corrections)


@pytest.mark.parametrize("edit", [
    pytest.param(lambda t: t.replace("**Mr. Williams** (Director", "**Mr. Wilson** (Director", 1), id="rename"),
    pytest.param(lambda t: t.replace("2 May 2018", "3 May 2018"), id="date"),
    pytest.param(lambda t: t.replace("\n3. **Mr. Al-Shawaarbeh**", "\n## A new heading\n\n3. **Mr. Al-Shawaarbeh**"),
                 id="heading-moves-speakers"),
])
def test_a_full_link_after_an_edit_remembering_the_other_records_is_the_graph_from_scratch(
        edit: Callable[[str], str]) -> None:
    after = edited(edit)
    _, graph = relinked_in_full(shipped(), shipped(after))
    assert graph == full_link(shipped(after))


def test_the_unchanged_records_own_links_are_taken_back_not_worked_out_again() -> None:
    after = edited(lambda t: t.replace("**Mr. Williams** (Director", "**Mr. Wilson** (Director", 1))
    records = shipped()
    first, second = relinked_in_full(records, [after if r.source == after.source else r for r in records])
    kept = {m.record.source: m for m in first.meetings}
    for meeting in second.meetings:
        if meeting.record.source == after.source:
            assert meeting is not kept[meeting.record.source] and meeting.record is after
        else:
            assert meeting is kept[meeting.record.source]  # the same object: taken back, sightings and all
            assert second.named_in(meeting) is first.named_in(meeting)  # and the cities its paragraphs name
    forgetful = Linker()
    assert not set(map(id, forgetful.link(records, CORRECTIONS).meetings)) & set(
        map(id, forgetful.link(records, CORRECTIONS).meetings))



def test_the_people_whose_turns_are_the_same_sightings_are_taken_back_not_made_again() -> None:
    after = edited(lambda t: t.replace("**Mr. Williams** (Director", "**Mr. Wilson** (Director", 1))
    records = shipped()
    first, second = relinked_in_full(records, [after if r.source == after.source else r for r in records])
    before = {p.slug: p for p in first.people}
    edited_meeting = next(m for m in second.meetings if m.record is after)
    in_edited = set(second.speakers(edited_meeting)) | set(first.speakers(edited_meeting))
    taken_back = [p for p in second.people if p.slug not in in_edited]
    assert taken_back and all(p is before[p.slug] for p in taken_back)
    assert all(second.turns_by_person[p.slug] is first.turns_by_person[p.slug] for p in taken_back)
    assert all(second.tally(p.slug) is first.tally(p.slug) for p in taken_back)  # not counted again
    assert "Mr. Wilson" in {p.name for p in second.people} - {p.name for p in first.people}


def test_the_people_taken_back_keep_the_slugs_their_identities_ask_for_without_making_them_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    after = edited(lambda t: t.replace("**Mr. Williams** (Director", "**Mr. Wilson** (Director", 1))
    records = shipped()
    linker = Linker(remember=True)
    linker.link(records, CORRECTIONS)
    slugified: list[str] = []
    monkeypatch.setattr(graph_module, "slugify", lambda text: slugified.append(text) or slugify(text))
    second = linker.link([after if r.source == after.source else r for r in records], CORRECTIONS)
    edited_meeting = next(m for m in second.meetings if m.record is after)
    speaking = tuple(p.name for p in second.speakers(edited_meeting).values())
    assert any(text.startswith("Mr. Wilson ") for text in slugified)  # `Mr. Wilson UN-Habitat`
    assert all(text.startswith(speaking) for text in slugified)  # of the 118 people, only the edited meeting's


@pytest.mark.parametrize("entry", [
    pytest.param('match = "Mr. Zarrilli (United States of America)"\nfull_name = "Daniel Zarrilli"', id="full-name"),
    pytest.param('match = "Mr. Zarrilli (United States of America)"\nslug = "daniel-zarrilli"', id="slug"),
    pytest.param('merge = ["Mr. Shank (Carbon Neutral Cities Alliance)", "Mr. Zarrilli (United States of America)"]',
                 id="merge"),
])
def test_people_named_or_merged_since_the_last_link_are_made_again(entry: str) -> None:
    text = (CONTENT / "corrections.toml").read_text(encoding="utf-8") + f"\n[[person]]\n{entry}\n"
    corrected = read_corrections(text, str(CONTENT / "corrections.toml"))
    records = shipped()
    first, second = relinked_in_full(records, records, corrected)
    assert second == Linker().link(records, corrected) and second != first

def test_other_places_in_the_corrections_make_every_record_linked_again() -> None:
    records = shipped()
    text = (CONTENT / "corrections.toml").read_text(encoding="utf-8")
    suppressed = read_corrections(text + '\n[[place]]\nsuppress = "Amman"\n', str(CONTENT / "corrections.toml"))
    first, second = relinked_in_full(records, records, suppressed)
    assert not set(map(id, first.meetings)) & set(map(id, second.meetings))
    assert second == Linker().link(records, suppressed)
    assert "amman" in {c.slug for c in first.cities} and "amman" not in {c.slug for c in second.cities}
