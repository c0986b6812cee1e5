"""The dev server's rebuilds: only what a change affects is re-rendered, only changed files are rewritten,
and the result is always the site a full build would make."""

from __future__ import annotations

import gc
import os
import random
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from linkcheck import read_site
from speaker_lines import added, renamed, taken_away

import generator.build as build_module
import generator.incremental as incremental
import generator.linking as linking
import generator.render.listings as listings_module
import generator.render.output as output_module
import generator.render.pages as pages_module
from generator.co_speakers import CoSpeakers
from generator.incremental import DevSite
from generator.named_cities import CitiesNamed
from generator.parse import parse_record
from generator.record_text import TextStore
from generator.render.environment import Fragments

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ("E_2018_SR.22.md", "S_PV.8422.md", "A_60_PV.25.md")
SEED = "E_2018_SR.22.md"
MEETING = "meetings/e-2018-sr-22/index.html"
OTHER_MEETING = "meetings/s-pv-8422/index.html"
PARAGRAPH = "the current session would address the challenges"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for name in (*RECORDS, "corrections.toml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    return folder


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


@pytest.fixture
def site(content: Path, templates: Path, tmp_path: Path) -> DevSite:
    dev = DevSite(content, templates, tmp_path / "site")
    assert dev.build_all().problems == ()
    return dev


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def full_build(content: Path, templates: Path, folder: Path) -> dict[str, bytes]:
    """The site a dev server's first build makes of the content, as `read_site` reads it."""
    DevSite(content, templates, folder).build_all()
    return read_site(folder)


def refused(what: str) -> Callable[..., NoReturn]:
    """A stand-in for a function the test says is not called: it fails, saying `what` happened."""
    def refuse(*args: object) -> NoReturn:
        raise AssertionError(what)
    return refuse


def outcomes(monkeypatch: pytest.MonkeyPatch, name: str, succeeded: Callable[[Any], bool]) -> list[bool]:
    """Whether each call of `generator.linking`'s function `name` from now on `succeeded`, in order."""
    calls: list[bool] = []
    real = getattr(linking, name)

    def spied(*args: Any) -> Any:
        result = real(*args)
        calls.append(succeeded(result))
        return result

    monkeypatch.setattr(linking, name, spied)
    return calls


def person_page(site: DevSite, surname: str) -> str:
    person = next(p for p in site.graph.people if surname in p.name)
    return person.url.strip("/") + "/index.html"


def test_a_changed_paragraph_re_renders_only_the_pages_that_show_its_meeting(site: DevSite, content: Path) -> None:
    before = mtimes(site.output_dir)
    rebuild = site.rebuild({edit(content / SEED, PARAGRAPH, "the current session would tackle the challenges")})
    assert rebuild.problems == ()
    assert 0 < rebuild.rendered < len(before) // 2
    assert MEETING in rebuild.paths
    assert "would tackle the challenges" in (site.output_dir / MEETING).read_text()
    after = mtimes(site.output_dir)
    touched = {path for path in after if after[path] != before.get(path)}
    assert touched == set(rebuild.paths)
    assert OTHER_MEETING not in touched and "assets" not in {path.split("/")[0] for path in touched}


def test_saving_a_record_unchanged_rewrites_nothing(site: DevSite, content: Path) -> None:
    before = mtimes(site.output_dir)
    (content / SEED).touch()
    rebuild = site.rebuild({content / SEED})
    assert rebuild.rendered == 0 and rebuild.changed == 0 and rebuild.paths == ()
    assert mtimes(site.output_dir) == before


def test_a_template_change_re_renders_the_pages_that_use_it(site: DevSite, templates: Path) -> None:
    person_pages = {page.path for page in site._pages if page.template == "person.html"}
    template = edit(templates / "person.html", "{% block main %}", "{% block main %}<p>Edited person template</p>")
    rebuild = site.rebuild({template})
    assert rebuild.rendered == len(person_pages)
    assert set(rebuild.paths) == person_pages
    assert all("Edited person template" in (site.output_dir / path).read_text() for path in person_pages)


def test_a_template_every_page_extends_shows_each_of_two_edits_in_a_row(site: DevSite, templates: Path) -> None:
    """The dev server renders with a new environment when a template changes; none reads the files' times."""
    shown: list[str] = []
    for mark in ("First edit", "Second edit"):
        base = edit(templates / "base.html", "</footer>", f"</footer><p>{mark}</p>")
        os.utime(base, (time.time() + 10, time.time() + 10))  # whatever the file system's clock says
        site.rebuild({base})
        shown.append(mark)
        page = (site.output_dir / person_page(site, "Zarrilli")).read_text(encoding="utf-8")
        assert all(f"<p>{each}</p>" in page for each in shown)


def test_a_deleted_record_leaves_the_site_with_its_people(site: DevSite, content: Path) -> None:
    zarrilli = person_page(site, "Zarrilli")
    shank = person_page(site, "Shank")
    (content / SEED).unlink()
    rebuild = site.rebuild({content / SEED})
    assert rebuild.problems == ()
    assert not (site.output_dir / MEETING).exists()
    assert not (site.output_dir / zarrilli).exists() and not (site.output_dir / shank).exists()
    assert "e-2018-sr-22" not in (site.output_dir / "meetings/index.html").read_text()


def test_a_renamed_speaker_moves_to_a_new_person_page(site: DevSite, content: Path) -> None:
    old = person_page(site, "Zarrilli")
    site.rebuild({edit(content / SEED, "**Mr. Zarrilli**", "**Mr. Zarrillo**")})
    new = person_page(site, "Zarrillo")
    assert not (site.output_dir / old).exists()
    page = (site.output_dir / new).read_text()
    assert "Mr. Zarrillo" in page and "promoting personal lifestyle changes" in page


def test_a_full_relink_compares_with_the_outline_the_last_one_made_and_not_again(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outlined: list[int] = []
    made = incremental.SiteOutline.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[incremental.SiteOutline], graph: object, pages: object) -> incremental.SiteOutline:
        outlined.append(id(graph))
        return made(cls, graph, pages)

    monkeypatch.setattr(incremental.SiteOutline, "of", classmethod(counted))
    # A heading put before a speaker moves who speaks with whom: a full link.
    site.rebuild({edit(content / SEED, "\n3. **Mr. Al-Shawaarbeh**", "\n## A heading\n\n3. **Mr. Al-Shawaarbeh**")})
    assert len(outlined) == 2  # the first build's graph, then the new one
    site.rebuild({edit(content / SEED, "\n7. **Mr. Shank**", "\n## Another heading\n\n7. **Mr. Shank**")})
    assert len(outlined) == 3  # the new one alone: the last is the one the first full link made
    site.rebuild({edit(content / SEED, "policies should focus on prevention", "policy comes first")})
    site.rebuild({edit(content / SEED, "\n## A heading\n\n", "\n")})
    assert len(outlined) == 5  # relinked in place in between: the graph before the last is outlined again
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_broken_record_keeps_its_last_good_pages_until_fixed(site: DevSite, content: Path) -> None:
    good = (content / SEED).read_text(encoding="utf-8")
    before = read_site(site.output_dir)
    (content / SEED).write_text("", encoding="utf-8")
    broken = site.rebuild({content / SEED})
    assert broken.changed == 0 and read_site(site.output_dir) == before
    assert len(broken.problems) == 1 and broken.problems[0].startswith(f"{content / SEED}:1: ")
    edit(content / SEED, "", "")  # still broken: the problem stays
    assert site.rebuild({content / SEED}).problems == broken.problems
    (content / SEED).write_text(good.replace(PARAGRAPH, "the session would address the challenges"), "utf-8")
    fixed = site.rebuild({content / SEED})
    assert fixed.problems == () and MEETING in fixed.paths


def test_a_record_without_a_header_is_reported_with_its_line(site: DevSite, content: Path) -> None:
    text = (content / SEED).read_text(encoding="utf-8")
    body = text[text.index("1. **The President**"):]
    (content / SEED).write_text(body, encoding="utf-8")
    problems = site.rebuild({content / SEED}).problems
    assert len(problems) == 1 and problems[0].startswith(f"{content / SEED}:")
    assert problems[0].split(":")[1].isdigit()


def test_a_broken_template_keeps_the_last_good_pages_and_says_where(site: DevSite, templates: Path) -> None:
    before = read_site(site.output_dir)
    good = (templates / "person.html").read_text()
    (templates / "person.html").write_text(good.replace("{% block main %}", "{% block main %}{% if %}"))
    broken = site.rebuild({templates / "person.html"})
    assert read_site(site.output_dir) == before
    assert len(broken.problems) == 1 and broken.problems[0].startswith(f"{templates / 'person.html'}:")
    (templates / "person.html").write_text(good)
    assert site.rebuild({templates / "person.html"}).problems == ()


def test_a_changed_stylesheet_changes_every_page(site: DevSite, templates: Path) -> None:
    old_css = {path for path in read_site(site.output_dir) if path.startswith("assets/site.") and path.endswith(".css")}
    with (templates / "static" / "site.css").open("a") as css:
        css.write("\n/* edited */\n")
    rebuild = site.rebuild({templates / "static" / "site.css"})
    new_css = {path for path in read_site(site.output_dir) if path.startswith("assets/site.") and path.endswith(".css")}
    assert len(new_css) == 1 and new_css != old_css
    assert MEETING in rebuild.paths and OTHER_MEETING in rebuild.paths
    assert new_css.pop() in (site.output_dir / OTHER_MEETING).read_text()


@pytest.mark.parametrize("slug", ["", 'slug = "daniel-zarrilli"\n'])
def test_the_corrections_file_re_links_everything(site: DevSite, content: Path, slug: str) -> None:
    old = person_page(site, "Zarrilli")
    with (content / "corrections.toml").open("a", encoding="utf-8") as corrections:
        corrections.write('\n[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\n'
                          f'full_name = "Daniel Zarrilli"\n{slug}')
    rebuild = site.rebuild({content / "corrections.toml"})
    assert rebuild.problems == ()
    new = person_page(site, "Daniel Zarrilli")
    assert (new == old) == (not slug) and (site.output_dir / old).exists() == (not slug)
    assert "Daniel Zarrilli" in (site.output_dir / new).read_text()
    assert "Daniel Zarrilli" in (site.output_dir / MEETING).read_text()


def test_a_wrong_corrections_file_is_reported_and_the_last_good_one_kept(site: DevSite, content: Path) -> None:
    before = read_site(site.output_dir)
    with (content / "corrections.toml").open("a", encoding="utf-8") as corrections:
        corrections.write("\n[[person]]\nmatch = \n")
    rebuild = site.rebuild({content / "corrections.toml"})
    assert len(rebuild.problems) == 1 and "corrections.toml:" in rebuild.problems[0]
    assert read_site(site.output_dir) == before


def test_editor_temporaries_and_other_files_are_ignored(site: DevSite, content: Path, templates: Path) -> None:
    (content / f".{SEED}.swp").write_text("swap")
    (content / f"{SEED}~").write_text("backup")
    (content / "notes.txt").write_text("notes")
    changed = {content / f".{SEED}.swp", content / f"{SEED}~", content / "notes.txt", templates.parent / "x"}
    assert site.rebuild(changed).rendered == 0


def test_after_any_edits_the_site_is_what_a_full_build_makes(
    site: DevSite, content: Path, templates: Path, tmp_path: Path
) -> None:
    other = content / "S_PV.8422.md"
    added = content / "sub" / "S_PV.8422-again.md"
    added.parent.mkdir()
    added.write_text('+++\nsymbol = "S/PV.9999"\n+++\n' + other.read_text(encoding="utf-8"), encoding="utf-8")
    moved = content / "renamed.md"
    os.replace(content / "A_60_PV.25.md", moved)
    steps = [
        {edit(content / SEED, PARAGRAPH, "the session in New York would address the challenges")},
        {edit(content / SEED, "**Mr. Zarrilli**", "**Mr. Zarrillo**")},
        {added, added.parent},
        {content / "A_60_PV.25.md", moved},
        {edit(templates / "meeting.html", "{% block main %}", "{% block main %}<p>edited</p>")},
    ]
    for changed in steps:
        assert site.rebuild(changed).problems == ()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


@pytest.mark.parametrize(("record", "old", "new"), [
    (SEED, PARAGRAPH, "the session in Thimphu would address the challenges"),  # a city and a country gain a page
    (SEED, "Barcelona", "the city"),  # a city loses its page
    (SEED, "the political will of the city of Amman was reflected", "the political will of Amman was shown"),
    (SEED, "policies should focus on prevention", "policies in Amman should focus on prevention"),
    (SEED, "\n1. **The President**", "\n\n\n1. **The President**"),  # every line after moves
    (SEED, "Nairobi, Kenya", "a city"),  # the last city of a country: relinked in full
    ("S_PV.8422.md", "on its agenda.\n", "on its agenda.\n\nThe Council thanks the Secretariat.\n"),  # a paragraph more
    (SEED, "the 22nd meeting", "the 22nd meeting (closed)"),  # the title, which every speaker's page shows
])
def test_an_edit_relinked_in_place_gives_the_site_a_full_build_makes(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, record: str, old: str, new: str
) -> None:
    assert site.rebuild({edit(content / record, old, new)}).problems == ()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_city_that_loses_a_meeting_s_only_mention_but_keeps_its_page_drops_it(
    site: DevSite, content: Path, templates: Path, tmp_path: Path
) -> None:
    """London is named once in A/60/PV.25 and again in A/65/PV.71: its page stays, without the first."""
    shutil.copy(ROOT / "content" / "A_65_PV.71.md", content / "A_65_PV.71.md")
    assert site.rebuild({content / "A_65_PV.71.md"}).problems == ()
    london = site.output_dir / "cities" / "london" / "index.html"
    assert "a-60-pv-25" in london.read_text()
    record = edit(content / "A_60_PV.25.md", "this weekend in London.", "this weekend.")
    assert site.rebuild({record}).problems == ()
    assert "a-60-pv-25" not in london.read_text()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_dev_site_with_a_text_store_holds_no_record_s_text_and_gives_the_same_site(
    content: Path, templates: Path, tmp_path: Path
) -> None:
    """As `plenary serve` runs it: the texts of the records parsed first and of those edited since are in files."""
    with TextStore.temporary() as store:
        dev = DevSite(content, templates, tmp_path / "dev", text_store=store)
        assert dev.build_all().problems == ()
        for changed in (edit(content / SEED, PARAGRAPH, "the current session would tackle the challenges"),
                        edit(content / SEED, "**Mr. Zarrilli**", "**Mr. Zarrillo**"),
                        edit(content / SEED, "the 22nd meeting", "the 22nd meeting (closed)")):
            assert dev.rebuild({changed}).problems == ()
        texts = [meeting.record.text for meeting in dev.graph.meetings]
        assert texts and all(text is not None and not text.in_memory for text in texts)
        assert "would tackle the challenges" in (dev.output_dir / MEETING).read_text()
        assert read_site(dev.output_dir) == full_build(content, templates, tmp_path / "fresh")


@pytest.mark.parametrize("kept", [incremental.SPECS_KEPT_LIMIT, 1])
def test_pages_kept_from_before_an_edit_render_as_a_full_build_after_a_template_change(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    monkeypatch.setattr(incremental, "SPECS_KEPT_LIMIT", kept)
    site.rebuild({edit(content / SEED, "the current session", "the session")})
    site.rebuild({edit(content / SEED, "policies should focus on prevention", "policy comes first")})
    site.rebuild({edit(content / "S_PV.8422.md", "on its agenda.\n", "on its agenda.\n\nThe Council thanks you.\n")})
    for template in ("person.html", "meeting.html", "city.html", "country.html"):
        site.rebuild({edit(templates / template, "{% block main %}", "{% block main %}<p>edited</p>")})
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_reworded_paragraph_re_renders_its_meeting_and_speaker_without_relinking_the_archive(
    site: DevSite, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    rebuild = site.rebuild({edit(content / SEED, "policies should focus on prevention", "policy comes first")})
    assert set(rebuild.paths) == {MEETING, person_page(site, "Al-Shawaarbeh")}


def test_a_retitled_meeting_re_renders_the_pages_listing_it_without_making_every_page_spec_again(
    site: DevSite, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "site_pages", refused("every page's spec was made again"))
    rebuild = site.rebuild({edit(content / SEED, "the 22nd meeting", "the 22nd meeting (closed)")})
    assert rebuild.problems == ()
    listing = {MEETING, person_page(site, "Zarrilli"), "index.html", "cities/new-york/index.html",
               "countries/united-states/index.html"}
    assert listing <= set(rebuild.paths) and OTHER_MEETING not in rebuild.paths
    assert all("22nd meeting (closed)" in (site.output_dir / path).read_text() for path in listing)


@pytest.mark.parametrize("split_from", [pages_module.SPLIT_FROM, 2])
def test_a_date_that_keeps_the_meeting_s_place_re_renders_the_pages_listing_it_to_the_site_a_full_build_makes(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_from: int
) -> None:
    monkeypatch.setattr(pages_module, "SPLIT_FROM", split_from)  # 2: most people's and cities' pages list years
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    link_again = linking.link_again
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    rebuild = site.rebuild({edit(content / SEED, "Wednesday, 2 May 2018", "Thursday, 3 May 2018")})
    assert rebuild.problems == () and MEETING in rebuild.paths and OTHER_MEETING not in rebuild.paths
    assert "3 May 2018" in (site.output_dir / MEETING).read_text()
    monkeypatch.setattr(linking, "link_again", link_again)
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_an_edit_past_the_excerpts_and_the_sentences_naming_cities_re_renders_the_meeting_alone(
    site: DevSite, content: Path, tmp_path: Path, templates: Path
) -> None:
    # Para. 34 names Medellín in other sentences, and its first 30 words are all Mr. Gutiérrez's page shows of it.
    rebuild = site.rebuild({edit(content / SEED, "Cities were the economic drivers", "Cities were the drivers")})
    assert rebuild.paths == (MEETING,) and rebuild.rendered == 1
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_many_pages_are_rendered_on_every_core_to_the_same_site(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(build_module, "PARALLEL_THRESHOLD", 1)
    in_bulk = DevSite(content, templates, tmp_path / "bulk")
    assert in_bulk.build_all().problems == ()
    assert read_site(tmp_path / "bulk") == read_site(site.output_dir)


def test_the_first_build_works_out_everyone_s_companions_and_cities_before_its_workers_render_them(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output_module, "PARALLEL_PAGES", 1)
    dev = DevSite(content, templates, tmp_path / "site")
    dev.build_all()
    worked_out_again: list[str] = []
    for table in (CoSpeakers, CitiesNamed):
        monkeypatch.setattr(table, "_work_out", lambda _, slug: worked_out_again.append(slug) or ())
    assert dict(dev.graph.co_speakers) and dict(dev.graph.cities_by_person) and worked_out_again == []


def test_a_full_relink_keeps_what_the_last_graph_worked_out_of_companions_and_cities_that_still_holds(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked_out: dict[type, list[str]] = {CoSpeakers: [], CitiesNamed: []}
    for table, names in worked_out.items():
        work_out = table._work_out
        monkeypatch.setattr(table, "_work_out", lambda made, slug, work_out=work_out, names=names: (
            names.append(slug) or work_out(made, slug)))
    seed = next(m for m in site.graph.meetings if m.record.source.endswith(SEED))
    its_speakers = set(site.graph.speakers(seed))
    # A heading put before a speaker moves who speaks with whom: a full link.
    site.rebuild({edit(content / SEED, "\n3. **Mr. Al-Shawaarbeh**", "\n## A heading\n\n3. **Mr. Al-Shawaarbeh**")})
    with (content / "corrections.toml").open("a", encoding="utf-8") as corrections:  # another full link
        corrections.write('\n[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\n'
                          'full_name = "Daniel Zarrilli"\nslug = "daniel-zarrilli"\n')
    site.rebuild({content / "corrections.toml"})
    shank = next(p for p in site.graph.people if p.name == "Mr. Shank")
    assert "Daniel Zarrilli" in [p.name for p in site.graph.co_speakers[shank.slug]]
    dict(site.graph.co_speakers), dict(site.graph.cities_by_person)
    assert worked_out[CoSpeakers] == []  # counted again from the companies the edits changed
    assert set(worked_out[CitiesNamed]) <= its_speakers | {"daniel-zarrilli"}  # those the edits made again
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_page_failing_in_bulk_is_reported_alone(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incremental, "PARALLEL_PAGES", 1)
    good = (templates / "person.html").read_text()
    (templates / "person.html").write_text(good.replace("{% block main %}", "{% block main %}{{ no_such_value }}"))
    dev = DevSite(content, templates, tmp_path / "site")
    problems = dev.build_all().problems
    assert problems and all("person.html" in problem and "no_such_value" in problem for problem in problems)
    assert (tmp_path / "site" / "meetings" / "e-2018-sr-22" / "index.html").exists()


def test_the_first_build_collects_its_garbage_without_thawing_what_it_froze_and_a_new_template_thaws_it(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    thawed: list[str] = []
    unfreeze = gc.unfreeze
    monkeypatch.setattr(gc, "unfreeze", lambda: thawed.append("unfrozen") or unfreeze())
    site = DevSite(content, templates, tmp_path / "site")
    assert site.build_all().problems == () and thawed == []  # millions of objects at 10,000 records
    site.rebuild({edit(templates / "person.html", "{% block main %}", "{% block main %}<p>edited</p>")})
    assert thawed == ["unfrozen"]  # the replaced environment's cycles were frozen with it


def test_the_dev_server_renders_with_the_cycle_collector_running_so_edits_leave_no_garbage(
    site: DevSite, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting: list[bool] = []
    render_page = incremental.render_page
    monkeypatch.setattr(incremental, "render_page",
                        lambda *args: collecting.append(gc.isenabled()) or render_page(*args))
    before = PARAGRAPH
    for attempt in range(3):
        after = f"the current session (take {attempt}) would tackle"
        site.rebuild({edit(content / SEED, before, after)})
        before = after
    assert collecting and all(collecting), "each edit's rendering garbage would stay for the whole session"


# -- speakers renamed, added and taken away, relinked in place ------------------------------------------

JINGA = "**Mr. Jinga** (Permanent Representative of Romania to the United Nations; and Chair of the Commission on " \
        "Population and Development)"
HANNIGAN = "**Mr. Hannigan** (Deputy Permanent Representative of Iceland to the United Nations; and Chair of the " \
           "Commission for Social Development)"
ODENDAAL = "**Ms. Odendaal** (Associate Professor in the School of Architecture, Planning and Geomatics, University " \
           "of Cape Town, South Africa)"
RENAMES = [
    pytest.param("**Mr. Williams** (Director", "**Mr. Wilson** (Director", id="one-turn-of-two-to-a-new-name"),
    pytest.param("**Mr. Gutiérrez** (Mayor of Medellín, Colombia), panellist",
                 "**Mr. Gutierrez** (Mayor of Medellín, Colombia), panellist", id="the-name-shown-for-a-person"),
    pytest.param(JINGA, JINGA.replace("Jinga", "Jingo"), id="a-person-s-only-turn"),
    pytest.param(JINGA, JINGA.replace("Jinga", "Zygmunt"), id="a-new-name-last-a-z"),
    pytest.param(ODENDAAL + ", pan", HANNIGAN + ", pan", id="a-turn-to-someone-who-speaks"),
    pytest.param("**Mr. Shank** (Communications Director of the Carbon Neutral Cities Alliance) said that climate",
                 "**Mr. Williams** (Director of the United Nations Human Settlements Programme (UN-Habitat)) said that "
                 "climate", id="a-turn-between-two-printed-as-before"),
]
NOVAK = "16. **Mr. Novak** (Romania) said that transport mattered most.\n\n"
TURNS_ADDED_AND_TAKEN_AWAY = [
    pytest.param("16. " + JINGA, NOVAK + "16. " + JINGA, id="a-turn-by-someone-new"),
    pytest.param("16. " + JINGA, "16. " + HANNIGAN + " said that transport mattered most.\n\n16. " + JINGA,
                 id="a-turn-by-someone-who-speaks"),
    pytest.param("25. **Mr. Williams** (Director of the United Nations Human Settlements Programme (UN-Habitat))",
                 "25. The speaker", id="a-turn-taken-away-from-someone-who-speaks-before"),
    pytest.param("15. " + ODENDAAL, "15. The speaker", id="a-turn-taken-away-from-someone-who-speaks-again"),
]
SPEAKERS_CHANGED = RENAMES + TURNS_ADDED_AND_TAKEN_AWAY


def with_seed_again(site: DevSite, content: Path) -> None:
    """The seed's record again under another symbol: each of its speakers speaks in two meetings."""
    again = content / "E_2018_SR.22-again.md"
    again.write_text('+++\nsymbol = "E/2018/SR.99"\n+++\n' + (content / SEED).read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert site.rebuild({again}).problems == ()


def test_a_speaker_s_pages_rendered_again_render_again_only_what_they_said_in_the_meeting_an_edit_changed(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date moved into another year renders each speaker's pages again: what they said in their other meetings is
    the dev server's from the last time it rendered it (`render.environment.Fragments`)."""
    with_seed_again(site, content)
    assert site.rebuild({edit(content / SEED, "Wednesday, 2 May 2018", "Thursday, 2 May 2019")}).problems == ()
    excerpted: list[str] = []
    paragraph_excerpts = listings_module.paragraph_excerpts
    monkeypatch.setattr(listings_module, "paragraph_excerpts", lambda meeting, paragraphs: excerpted.append(
        meeting.slug) or paragraph_excerpts(meeting, paragraphs))
    rebuild = site.rebuild({edit(content / SEED, "Thursday, 2 May 2019", "Monday, 2 May 2016")})
    assert rebuild.problems == () and person_page(site, "Jinga") in rebuild.paths
    assert set(excerpted) == {"e-2018-sr-22"}  # not the twin's, e-2018-sr-99
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_an_edited_records_excerpts_are_worked_out_once_where_it_is_parsed_not_by_the_pages_listing_them(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked_out: list[str] = []
    excerpt = listings_module.excerpt
    monkeypatch.setattr(listings_module, "excerpt", lambda text: worked_out.append(text) or excerpt(text))
    record = edit(content / SEED, "drivers of economic growth", "engines of economic growth")
    rebuild = site.rebuild({record})
    assert rebuild.problems == () and person_page(site, "Jinga") in rebuild.paths
    assert sorted(worked_out) == sorted(p.text for p in parse_record(record.read_bytes(), str(record)).paragraphs)
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_turn_added_in_place_works_out_again_the_cities_of_no_one_whose_paragraphs_name_the_same(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its paragraphs moved, but each of its speakers' paragraphs name the cities they named before: only the new
    speaker's cities are worked out, not those of the meeting's other speakers, nor anyone else's."""
    dict(site.graph.cities_by_person)
    worked_out: list[str] = []
    work_out = CitiesNamed._work_out
    monkeypatch.setattr(CitiesNamed, "_work_out", lambda made, slug: worked_out.append(slug) or work_out(made, slug))
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    assert site.rebuild({edit(content / SEED, "16. " + JINGA, NOVAK + "16. " + JINGA)}).problems == ()
    dict(site.graph.cities_by_person)
    novak = [p.slug for p in site.graph.people if p.name == "Mr. Novak"]
    assert worked_out == novak
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_the_speakers_index_rendered_again_renders_again_only_the_entries_an_edit_changed(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A turn by someone new adds one entry to a list of thousands at 10,000 records (`render.environment.Fragments`):
    the others are the dev server's from the last time it rendered them, and the template hands the kept entries
    each list whole, not an entry at a time."""
    rendered: list[str] = []
    listed: list[int] = []
    keep_entry, entries = Fragments.keep_entry, Fragments.entries
    monkeypatch.setattr(Fragments, "keep_entry", lambda kept, entry, markup: rendered.append(entry.person.name)
                        or keep_entry(kept, entry, markup))
    monkeypatch.setattr(Fragments, "entries", lambda kept, them, render: listed.append(len(them))
                        or entries(kept, them, render))
    rebuild = site.rebuild({edit(content / SEED, "16. " + JINGA, NOVAK + "16. " + JINGA)})
    assert rebuild.problems == () and "speakers/index.html" in rebuild.paths
    assert rendered == ["Mr. Novak"]
    assert sum(listed) == len(site.graph.people) > len(listed)  # the index lists everyone, a letter at a time
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


@pytest.mark.parametrize(("old", "new"), SPEAKERS_CHANGED)
def test_a_speaker_renamed_added_or_taken_away_is_relinked_in_place_to_the_site_a_full_build_makes(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str,
    new: str,
) -> None:
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    monkeypatch.setattr(incremental, "site_pages", refused("every page's spec was made again"))
    rebuild = site.rebuild({edit(content / SEED, old, new)})
    assert rebuild.problems == () and OTHER_MEETING not in rebuild.paths
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


@pytest.mark.parametrize("split_from", [pages_module.SPLIT_FROM, 2])
@pytest.mark.parametrize(("date", "last"), [
    ("Thursday, 3 May 2018", "e-2018-sr-22"),  # past its twin of the same day, to the end of the body's meetings
    ("Tuesday, 1 May 2018", "e-2018-sr-99"),  # before its twin as before: it keeps its place
    ("Thursday, 2 May 2019", "e-2018-sr-22"),  # into the next year
    ("Monday, 2 May 2016", "e-2018-sr-99"),  # into another year, at its place
])
def test_a_date_past_another_meeting_s_or_in_another_year_moves_the_meeting_in_place_to_the_site_a_full_build_makes(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_from: int, date: str,
    last: str,
) -> None:
    """With pages of years (2: for most people and cities, and the index of meetings), the meeting's speakers, cities
    and year, moved to another year, gain a page of the new year and lose that of the old. The sitemap sorts what it
    lists: it changes only when pages come or go, not when a meeting moves among the others."""
    monkeypatch.setattr(pages_module, "SPLIT_FROM", split_from)
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", split_from)
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    with_seed_again(site, content)
    link_again, site_pages = linking.link_again, incremental.site_pages
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    monkeypatch.setattr(incremental, "site_pages", refused("every page's spec was made again"))
    rebuild = site.rebuild({edit(content / SEED, "Wednesday, 2 May 2018", date)})
    assert rebuild.problems == () and OTHER_MEETING not in rebuild.paths
    assert [m.slug for m in site.graph.meetings if m.slug.startswith("e-2018")][-1] == last
    assert date[-4:] in (site.output_dir / MEETING).read_text()
    years_came = split_from == 2 and not date.endswith("2018")
    if years_came:
        assert f"meetings/{date[-4:]}/index.html" in rebuild.paths
    assert ("sitemap-1.xml" in rebuild.paths) == years_came and "sitemap.xml" not in rebuild.paths
    monkeypatch.setattr(linking, "link_again", link_again)
    monkeypatch.setattr(incremental, "site_pages", site_pages)
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


@pytest.mark.parametrize(("old", "new"), SPEAKERS_CHANGED)
def test_a_speaker_changed_in_one_of_their_meetings_is_relinked_in_place_to_the_site_a_full_build_makes(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str,
    new: str,
) -> None:
    with_seed_again(site, content)
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    assert site.rebuild({edit(content / SEED, old, new)}).problems == ()
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")




@pytest.mark.parametrize(("record", "old", "new"), [
    pytest.param("S_PV.8422.md", "on its agenda.\n", "on its agenda.\n\nThe Council thanks the Secretariat.\n",
                 id="a-paragraph-more"),
    pytest.param(SEED, "16. " + JINGA, NOVAK + "16. " + JINGA, id="a-turn-by-someone-new"),
])
def test_paragraphs_counted_again_are_counted_in_the_index_of_meetings_when_it_lists_years(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: str, old: str, new: str
) -> None:
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 2)  # the index lists each year with its paragraphs
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    rebuild = site.rebuild({edit(content / record, old, new)})
    assert rebuild.problems == () and "meetings/index.html" in rebuild.paths
    monkeypatch.undo()
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 2)
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_an_added_turn_re_renders_the_people_it_reads_differently_for_not_those_whose_turns_only_moved(
    site: DevSite, content: Path
) -> None:
    rebuild = site.rebuild({edit(content / SEED, "16. " + JINGA, NOVAK + "16. " + JINGA)})
    assert {MEETING, person_page(site, "Novak"), person_page(site, "Jinga"), "speakers/index.html",
            "countries/romania/index.html", "sitemap-1.xml"} <= set(rebuild.paths)
    assert person_page(site, "Zarrilli") not in rebuild.paths and OTHER_MEETING not in rebuild.paths


def test_a_page_that_comes_or_goes_renders_the_part_of_the_sitemap_listing_it_or_every_part_when_they_are_more_or_fewer(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Here the sitemap's one part lists as many pages as a part may: a page more makes two parts of it."""
    listed = (site.output_dir / "sitemap-1.xml").read_text().count("<loc>")
    monkeypatch.setattr(pages_module, "SITEMAP_PART_URLS", listed)
    came = site.rebuild({edit(content / SEED, "16. " + JINGA, NOVAK + "16. " + JINGA)})
    assert {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"} <= set(came.paths)
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "two")
    went = site.rebuild({edit(content / SEED, NOVAK, "")})
    assert {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"} <= set(went.paths)
    assert not (site.output_dir / "sitemap-2.xml").exists()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "one")
    monkeypatch.setattr(pages_module, "SITEMAP_PART_URLS", listed // 2)
    site.rebuild({edit(content / SEED, "16. " + JINGA, NOVAK + "16. " + JINGA)})
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "four")


@pytest.mark.parametrize(("split_from", "bangui"), [(pages_module.SPLIT_FROM, "cities/bangui/index.html"),
                                                    (2, "cities/bangui/2018/index.html")])
def test_a_turn_added_before_unnumbered_paragraphs_re_renders_the_pages_of_the_cities_they_name_at_their_anchors(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_from: int, bangui: str
) -> None:
    monkeypatch.setattr(pages_module, "SPLIT_FROM", split_from)  # 2: most cities' pages list their years
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    link_again = linking.link_again
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    blok = "**Mr. Blok** (Netherlands): As we gather"
    rebuild = site.rebuild({edit(content / "S_PV.8422.md", blok, "**Mr. Umarov** (Kazakhstan): We agree.\n\n" + blok)})
    assert rebuild.problems == () and bangui in rebuild.paths
    monkeypatch.setattr(linking, "link_again", link_again)
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_a_rename_re_renders_the_meeting_the_people_it_moved_and_the_pages_listing_them(
    site: DevSite, content: Path
) -> None:
    jinga = person_page(site, "Jinga")
    rebuild = site.rebuild({edit(content / SEED, JINGA, JINGA.replace("Jinga", "Jingo"))})
    assert {MEETING, jinga, person_page(site, "Jingo"), "countries/romania/index.html", "speakers/index.html",
            "sitemap-1.xml"} <= set(rebuild.paths)
    assert person_page(site, "Hannigan") in rebuild.paths  # spoke under the same heading: alongside Jingo now
    assert not (site.output_dir / jinga).exists()
    assert person_page(site, "Zarrilli") not in rebuild.paths and OTHER_MEETING not in rebuild.paths


def test_renames_in_a_speakers_index_of_letters_keep_the_site_a_full_build_makes(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 10)  # a page for each letter of the speakers
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    for old, new in [(JINGA, JINGA.replace("Jinga", "Jingo")), ("**Mr. Jingo**", "**Mr. Zingo**"),
                     ("**Mr. Zingo**", "**Mr. Jinga**")]:
        rebuild = site.rebuild({edit(content / SEED, old, new)})
        assert rebuild.problems == () and "speakers/j/index.html" in rebuild.paths
        assert site._paths_indexed() == {page.path: at for at, page in enumerate(site._pages)}  # for the next edit
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")
    # Every page again, from the specs the renames kept: with those of the pages they added, without those gone.
    assert site.rebuild({edit(templates / "base.html", "<body", "<!-- each page -->\n<body")}).problems == ()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh-templates")


def test_a_speaker_printed_with_other_titles_is_relinked_in_place_to_the_site_a_full_build_makes(
    site: DevSite, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_seed_again(site, content)
    monkeypatch.setattr(linking, "link_again", refused("the whole archive was linked again"))
    rebuild = site.rebuild({edit(content / SEED, JINGA, "**Mr. Jinga** (Ambassador of Romania)")})
    assert rebuild.problems == () and set(rebuild.paths) == {MEETING, person_page(site, "Jinga")}
    monkeypatch.undo()
    assert read_site(site.output_dir) == full_build(content, templates, tmp_path / "fresh")


def test_speakers_renamed_added_and_taken_away_one_after_another_keep_the_site_a_full_build_makes(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 2)  # a page for each letter of the speakers and each year
    monkeypatch.setattr(pages_module, "SPLIT_FROM", 8)  # of the meetings, and for each year of most people and cities
    decided = outcomes(monkeypatch, "respeak_record", lambda result: result is not None)
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    rng = random.Random(22)
    for step in range(12):
        path = content / rng.choice(RECORDS)
        lines = path.read_text(encoding="utf-8").split("\n")
        turns = parse_record(path.read_bytes(), str(path)).turns
        turn, other, change = rng.choice(turns).line, rng.choice(turns).line, rng.choice([renamed, added, taken_away])
        changed = taken_away(lines, turn) if change is taken_away else change(lines, turn, other, rng)
        path.write_text("\n".join(changed), encoding="utf-8")
        assert site.rebuild({path}).problems == (), step
        assert read_site(site.output_dir) == full_build(content, templates, tmp_path / f"fresh-{step}"), step
    assert sum(decided) >= 6  # most were decided in place


DATES = ("Monday, 1 January 2018", "Wednesday, 2 May 2018", "Thursday, 3 May 2018", "Wednesday, 12 December 2018",
         "Friday, 14 December 2018", "Monday, 31 December 2018", "Thursday, 2 May 2019", "Monday, 2 May 2016")
"""Days of the year of the seed's meeting, before, between and after those of the other meetings that year (the
seed's twins', and S/PV.8422's of 13 December), and in the years after and before it."""


def test_dates_moved_among_the_meetings_and_speakers_renamed_one_after_another_keep_the_site_a_full_build_makes(
    content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 2)  # a page for each letter of the speakers and each year
    monkeypatch.setattr(pages_module, "SPLIT_FROM", 8)  # of the meetings, and for each year of most people and cities
    moved = outcomes(monkeypatch, "redate_record", lambda result: result is not None and result[0].reordered)
    site = DevSite(content, templates, tmp_path / "site")
    site.build_all()
    with_seed_again(site, content)
    third = content / "E_2018_SR.22-third.md"
    third.write_text('+++\nsymbol = "E/2018/SR.50"\n+++\n' + (content / SEED).read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert site.rebuild({third}).problems == ()
    twins = [content / SEED, content / "E_2018_SR.22-again.md", third]
    rng = random.Random(8)
    for step in range(14):
        path = rng.choice(twins)
        text = path.read_text(encoding="utf-8")
        if step % 4 == 3:
            lines = text.split("\n")
            turns = parse_record(path.read_bytes(), str(path)).turns
            text = "\n".join(renamed(lines, rng.choice(turns).line, rng.choice(turns).line, rng))
        else:
            text = re.sub(r"on \w+, \d+ \w+ \d{4}", "on " + rng.choice(DATES), text, count=1)
        path.write_text(text, encoding="utf-8")
        assert site.rebuild({path}).problems == (), step
        assert read_site(site.output_dir) == full_build(content, templates, tmp_path / f"fresh-{step}"), step
    assert sum(moved) >= 5  # most dates were moved in place
