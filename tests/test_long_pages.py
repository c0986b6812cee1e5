"""A person who said too much for one page, or a city named too often, gets a page for each year: the main page
lists the years, each year's page shows exactly what that year holds, and every link still works. So do the
indexes of meetings (by year) and of speakers (by letter) past a longer limit, and a country's page stops
listing the meetings held there (its cities' pages list them).

The thresholds are lowered (`SPLIT_FROM`, `INDEX_SPLIT_FROM`) so that the default records, far below them, split."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from linkcheck import IGNORED_PREFIXES, check_site, read_site

import generator.incremental as incremental
import generator.render.pages as pages
from generator.build import build
from generator.incremental import DevSite
from generator.model import Meeting, Record
from generator.record_text import RecordText
from generator.render.pages import site_pages
from generator.site import MeetingPage

ROOT = Path(__file__).resolve().parent.parent
SEED = "E_2018_SR.22.md"
SPEAKER = "speakers/sir-david-hannay-united-kingdom"
NEW_YORK = "cities/new-york"
LOW = 5


def built(tmp_path: Path, name: str, content: Path = ROOT / "content", templates: Path = ROOT / "templates",
          cache: bool = True) -> Path:
    site = tmp_path / name
    report = build(content, templates, site, search=False, record_cache=cache)
    assert report.errors == ()
    return site


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def year_pages(site: Path, page: str) -> list[str]:
    return sorted(p.parent.name for p in (site / page).glob("[12][0-9][0-9][0-9]/index.html"))


def paragraph_links(html: str) -> list[str]:
    """The links to meeting paragraphs a page lists, in order."""
    return re.findall(r'class="excerpt-link" href="([^"]+)"', html)


@pytest.fixture
def whole(tmp_path: Path) -> Path:
    """The default site, every person and city on one page."""
    return built(tmp_path, "whole")


@pytest.fixture
def split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default site with everyone who spoke more than a few paragraphs split by year."""
    monkeypatch.setattr(pages, "SPLIT_FROM", LOW)
    monkeypatch.setattr(pages, "INDEX_SPLIT_FROM", LOW)
    return built(tmp_path, "split")


def test_a_long_person_page_lists_the_years_and_each_year_shows_that_years_paragraphs(whole: Path, split: Path) -> None:
    years = year_pages(split, SPEAKER)
    assert years and year_pages(whole, SPEAKER) == []
    main = read(split, SPEAKER)
    assert paragraph_links(main) == []
    assert all(f'href="/{SPEAKER}/{year}/"' in main for year in years)
    by_year = [link for year in years for link in paragraph_links(read(split, f"{SPEAKER}/{year}"))]
    assert by_year == paragraph_links(read(whole, SPEAKER))


def test_a_long_city_page_lists_the_years_and_each_year_shows_its_meetings_and_mentions(
    whole: Path, split: Path
) -> None:
    years = year_pages(split, NEW_YORK)
    assert len(years) > 1
    by_year = [read(split, f"{NEW_YORK}/{year}") for year in years]
    mentions = sorted(link for html in by_year for link in paragraph_links(html))
    assert mentions == sorted(paragraph_links(read(whole, NEW_YORK)))
    held = re.compile(r'class="meeting-link" href="([^"]+)"')
    assert sorted(m for html in by_year for m in held.findall(html)) == sorted(held.findall(read(whole, NEW_YORK)))
    assert "Where New York is" in read(split, NEW_YORK)  # the map stays on the city's own page


MEETING_LINK = re.compile(r'class="meeting-link" href="([^"]+)"')


def test_a_long_meetings_index_lists_the_years_and_each_year_lists_its_meetings(whole: Path, split: Path) -> None:
    years = year_pages(split, "meetings")
    assert len(years) > 1 and year_pages(whole, "meetings") == []
    index = read(split, "meetings")
    assert MEETING_LINK.findall(index) == [] and all(f"/meetings/{year}/#" in index for year in years)
    by_year = [link for year in years for link in MEETING_LINK.findall(read(split, f"meetings/{year}"))]
    assert sorted(by_year) == sorted(MEETING_LINK.findall(read(whole, "meetings")))


def test_a_long_speakers_index_lists_the_letters_and_each_letter_lists_its_speakers(whole: Path, split: Path) -> None:
    def speakers_listed(html: str) -> list[str]:
        lists = re.findall(r'<ul class="entry-list">(.*?)</ul>', html, re.DOTALL)
        return [link for part in lists for link in re.findall(r'<li>\s*<a href="([^"]+)">', part)]

    index = read(split, "speakers")
    letters = re.findall(r'<a href="/speakers/([a-z]|other)/">', index)
    assert len(letters) > 1 and speakers_listed(index) == []
    by_letter = [link for letter in letters for link in speakers_listed(read(split, f"speakers/{letter}"))]
    assert by_letter == speakers_listed(read(whole, "speakers")) and len(by_letter) > LOW


def test_a_country_where_too_many_meetings_were_held_leaves_them_to_its_cities(whole: Path, split: Path) -> None:
    held = MEETING_LINK.findall(read(whole, "countries/united-states"))
    assert len(held) > LOW
    country = read(split, "countries/united-states")
    assert MEETING_LINK.findall(country) == []
    assert f"{len(held)} meetings: too many to show on one page" in country
    assert 'href="/cities/new-york/"' in country


def test_a_short_page_is_not_split(split: Path) -> None:
    assert year_pages(split, "speakers/mr-akram-pakistan") == []


def test_every_link_of_a_split_site_resolves(split: Path) -> None:
    assert check_site(split, ignore=IGNORED_PREFIXES) == []


def test_a_year_page_is_left_out_of_the_search_index(split: Path) -> None:
    year = year_pages(split, SPEAKER)[0]
    assert "data-pagefind-body" not in read(split, f"{SPEAKER}/{year}")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@pytest.mark.parametrize("limit", [LOW, 40])
def test_an_edit_that_adds_or_removes_year_pages_gives_the_site_a_full_build_makes(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """The dev server and `plenary build` after an edit that moves a page across the limit, or a year."""
    monkeypatch.setattr(pages, "SPLIT_FROM", limit)
    monkeypatch.setattr(pages, "INDEX_SPLIT_FROM", limit)
    dev = DevSite(content, ROOT / "templates", tmp_path / "dev")
    dev.build_all()
    built(tmp_path, "site", content)
    record = content / SEED
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Wednesday, 2 May 2018", "Wednesday, 2 May 2019"), encoding="utf-8")
    (content / "S_PV.8422.md").unlink()
    assert dev.rebuild({record, content / "S_PV.8422.md"}).problems == ()
    incremental = built(tmp_path, "site", content)
    fresh = built(tmp_path, "fresh", content, cache=False)
    assert check_site(fresh, ignore=IGNORED_PREFIXES) == []
    assert read_site(incremental) == read_site(fresh)
    assert read_site(dev.output_dir) == read_site(fresh)


def test_a_paragraph_that_takes_a_speaker_past_the_limit_splits_their_page_in_the_dev_server(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit the dev server relinks in place (one paragraph more) that gives a page its years."""
    record, said = content / "S_PV.8422.md", "on its agenda.\n"
    first = DevSite(content, ROOT / "templates", tmp_path / "first")
    first.build_all()
    meeting = next(m for m in first.graph.meetings if m.record.source == str(record))
    paragraph = next(p for p in meeting.record.paragraphs if p.text.endswith("on its agenda."))
    person = first.graph.person_of_turn[meeting.slug, paragraph.turn]
    spoken = sum(len(s.turn.paragraphs) for s in first.graph.turns_by_person[person.slug])
    monkeypatch.setattr(pages, "SPLIT_FROM", spoken)
    dev = DevSite(content, ROOT / "templates", tmp_path / "dev")
    dev.build_all()
    assert year_pages(dev.output_dir, person.url.strip("/")) == []
    record.write_text(record.read_text(encoding="utf-8").replace(said, said + "\nThe Council thanks the staff.\n"),
                      encoding="utf-8")
    assert dev.rebuild({record}).problems == ()
    assert year_pages(dev.output_dir, person.url.strip("/")) != []
    fresh = DevSite(content, ROOT / "templates", tmp_path / "fresh")
    fresh.build_all()
    assert read_site(dev.output_dir) == read_site(fresh.output_dir)


def test_an_edit_in_the_dev_server_re_renders_only_the_years_of_a_long_page_that_show_its_meeting(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence naming New York reworded in a meeting of 2018: its page of 2018 shows it, its other years' do not."""
    monkeypatch.setattr(pages, "SPLIT_FROM", LOW)
    monkeypatch.setattr(pages, "INDEX_SPLIT_FROM", LOW)
    dev = DevSite(content, ROOT / "templates", tmp_path / "dev")
    dev.build_all()
    others = [year for year in year_pages(dev.output_dir, NEW_YORK) if year != "2018"]
    assert "2018" in year_pages(dev.output_dir, NEW_YORK) and others
    record = content / SEED
    said = "framed to match the culture of New York City"
    record.write_text(record.read_text(encoding="utf-8").replace(said, "framed to fit the culture of New York City"),
                      encoding="utf-8")
    rendered: list[str] = []
    render_page = incremental.render_page
    monkeypatch.setattr(incremental, "render_page",
                        lambda env, page: rendered.append(page.path) or render_page(env, page))
    assert f"{NEW_YORK}/2018/index.html" in dev.rebuild({record}).paths
    assert f"{NEW_YORK}/index.html" in rendered
    assert not set(rendered) & {f"{NEW_YORK}/{year}/index.html" for year in others}
    fresh = DevSite(content, ROOT / "templates", tmp_path / "fresh")
    fresh.build_all()
    assert read_site(dev.output_dir) == read_site(fresh.output_dir)


SCALARS = str | bytes | int | float | dt.date | dt.time | enum.Enum | RecordText
"""What a context holds that holds no meeting (a record's text is its paragraphs', not its header)."""


def holds(context: Mapping[str, object], meeting: MeetingPage) -> bool:
    """Whether a page's context holds the meeting, its record or its header, however deep: then the page can show
    its header."""
    seen: set[int] = set()
    values: list[object] = [context]
    while values:
        value = values.pop()
        if isinstance(value, MeetingPage | Record | Meeting):  # another meeting's holds nothing of this one
            if value in (meeting, meeting.record, meeting.record.meeting):
                return True
        elif isinstance(value, SCALARS) or value is None or id(value) in seen:
            continue
        elif isinstance(value, Mapping):
            values.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            values.extend(value)
        elif dataclasses.is_dataclass(value):
            values.extend(getattr(value, field.name) for field in dataclasses.fields(value))
        else:
            raise TypeError(f"a context holds a {type(value).__name__}, which this test cannot look into")
        seen.add(id(value))
    return False


ZARRILLI = "speakers/mr-zarrilli-united-states"
"""A speaker of the seed record only, with seven paragraphs: past `LOW`."""


@pytest.mark.parametrize("limit", [LOW, None])
def test_a_retitled_meeting_re_renders_exactly_the_pages_whose_context_holds_it(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch, limit: int | None
) -> None:
    """Split by year (`limit`), New York's own page, its country's and Mr. Zarrilli's count the meetings by year:
    none of them shows a meeting's title, and none is rendered again when it changes; their pages of 2018 are."""
    if limit is not None:
        monkeypatch.setattr(pages, "SPLIT_FROM", limit)
        monkeypatch.setattr(pages, "INDEX_SPLIT_FROM", limit)
    dev = DevSite(content, ROOT / "templates", tmp_path / "dev")
    dev.build_all()
    (seed,) = [m for m in dev.graph.meetings if m.record.source.endswith(SEED)]
    holding = {page.path for page in site_pages(dev.graph) if holds(page.context, seed)}
    rendered: list[str] = []
    render_page = incremental.render_page
    monkeypatch.setattr(incremental, "render_page",
                        lambda env, page: rendered.append(page.path) or render_page(env, page))
    record = content / SEED
    record.write_text(record.read_text(encoding="utf-8").replace("the 22nd meeting", "the 22nd meeting (closed)"),
                      encoding="utf-8")
    assert dev.rebuild({record}).problems == ()
    assert set(rendered) == holding
    counting = {f"{NEW_YORK}/index.html", "countries/united-states/index.html", f"{ZARRILLI}/index.html"}
    years = {f"{NEW_YORK}/2018/index.html", f"{ZARRILLI}/2018/index.html"}
    assert counting.isdisjoint(rendered) and years <= holding if limit is not None else counting <= holding
    fresh = DevSite(content, ROOT / "templates", tmp_path / "fresh")
    fresh.build_all()
    assert read_site(dev.output_dir) == read_site(fresh.output_dir)
