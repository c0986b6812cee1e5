"""A build into a site folder renders only the pages a change since the last build touches, links the others
from the site it replaces, and always gives the site a build from nothing makes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from linkcheck import read_site

import generator.previous_build as previous_build
import generator.render.output as output
from generator.build import BuildReport, build
from generator.previous_build import read_previous

ROOT = Path(__file__).resolve().parent.parent
SEED = "E_2018_SR.22.md"
MEETING = "meetings/e-2018-sr-22/index.html"
OTHER_MEETING = "meetings/s-pv-8422/index.html"
PARAGRAPH = "the current session would address the challenges"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


@pytest.fixture
def site(content: Path, templates: Path, tmp_path: Path) -> Path:
    """The site of the default records, built once (the build after it is the one tested)."""
    folder = tmp_path / "site"
    assert make(content, templates, folder).rendered is None
    return folder


def make(content: Path, templates: Path, site: Path, *, base_url: str = "", cache: bool = True) -> BuildReport:
    return build(content, templates, site, search=False, base_url=base_url, record_cache=cache)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def from_nothing(content: Path, templates: Path, tmp_path: Path, *, base_url: str = "") -> dict[str, bytes]:
    """The site a build that keeps nothing from before makes of the same records."""
    make(content, templates, tmp_path / "fresh", base_url=base_url, cache=False)
    return read_site(tmp_path / "fresh")


def test_a_build_with_nothing_changed_renders_only_the_pages_that_list_the_whole_archive(
    site: Path, content: Path, templates: Path
) -> None:
    before = read_site(site)
    report = make(content, templates, site)
    assert report.rendered is not None and 0 < report.rendered < 12  # home, indexes, search, 404, sitemap, robots
    assert read_site(site) == before


def test_an_edited_paragraph_renders_the_pages_of_its_meeting_and_not_the_others(
    site: Path, content: Path, templates: Path, tmp_path: Path
) -> None:
    unchanged = (site / OTHER_MEETING).stat().st_ino
    edit(content / SEED, PARAGRAPH, "the present session would address the challenges")
    report = make(content, templates, site)
    assert report.rendered is not None and report.rendered < report.pages / 2
    assert "the present session would address" in (site / MEETING).read_text(encoding="utf-8")
    assert (site / OTHER_MEETING).stat().st_ino == unchanged  # linked from the site replaced, not written
    assert read_site(site) == from_nothing(content, templates, tmp_path)


EDITS: dict[str, Callable[[Path, Path], None]] = {
    "a speaker renamed": lambda content, _: edit(content / SEED, "**Mr. Zarrilli**", "**Mr. Zarrillo**"),
    "a record deleted": lambda content, _: (content / "A_60_PV.25.md").unlink(),
    "a record added": lambda content, _: (content / "again.md").write_text(
        '+++\nsymbol = "S/PV.9999"\n+++\n' + (content / "S_PV.8422.md").read_text(encoding="utf-8"),
        encoding="utf-8"),
    "a record broken": lambda content, _: (content / "S_PV.8422.md").write_bytes(b"\x89PNG"),
    "a date changed": lambda content, _: edit(content / SEED, "Wednesday, 2 May 2018", "Thursday, 3 May 2018"),
    "a title changed": lambda content, _: edit(content / SEED, "the 22nd meeting", "the 22nd meeting (closed)"),
    "a person merged in the corrections": lambda content, _: (content / "corrections.toml").open("a").write(
        '\n[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\nfull_name = "Daniel Zarrilli"\n'),
    "a place suppressed in the corrections": lambda content, _: (content / "corrections.toml").open("a").write(
        '\n[[place]]\nsuppress = "Barcelona"\n'),
    "a template changed": lambda _, templates: edit(templates / "person.html", "{% block main %}",
                                                    "{% block main %}<p>edited</p>"),
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_after_a_change_the_site_is_what_a_build_from_nothing_makes(
    site: Path, content: Path, templates: Path, tmp_path: Path, change: Callable[[Path, Path], None]
) -> None:
    change(content, templates)
    make(content, templates, site)
    assert read_site(site) == from_nothing(content, templates, tmp_path)


def test_a_changed_base_url_renders_every_page(site: Path, content: Path, templates: Path, tmp_path: Path) -> None:
    report = make(content, templates, site, base_url="https://example.org")
    assert report.rendered is None
    assert read_site(site) == from_nothing(content, templates, tmp_path, base_url="https://example.org")


def test_a_page_rewritten_or_deleted_in_the_site_since_is_rendered_again(
    site: Path, content: Path, templates: Path
) -> None:
    before = read_site(site)
    (site / MEETING).write_text("changed by hand", encoding="utf-8")
    (site / OTHER_MEETING).unlink()
    make(content, templates, site)
    assert read_site(site) == before


def test_a_build_without_the_cache_renders_everything_and_the_next_does_too(
    site: Path, content: Path, templates: Path
) -> None:
    assert make(content, templates, site, cache=False).rendered is None
    assert read_previous(site) is None
    assert make(content, templates, site).rendered is None
    assert make(content, templates, site).rendered is not None


def test_what_another_version_of_the_code_kept_is_not_read(
    site: Path, content: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_previous(site) is not None
    monkeypatch.setattr(previous_build, "code_fingerprint", lambda: "other code")
    assert read_previous(site) is None
    assert make(content, templates, site).rendered is None


def test_a_damaged_entry_means_every_page_is_rendered(site: Path, content: Path, templates: Path) -> None:
    kept = previous_build._entry(site)
    assert kept.is_file()
    kept.write_bytes(b"not a pickle")
    assert make(content, templates, site).rendered is None


def test_a_build_that_fails_leaves_the_next_one_right(
    site: Path, content: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(content / SEED, PARAGRAPH, "the present session would address the challenges")
    write_pages = output.write_pages

    def fail_after_writing(*args, **kwargs):  # type: ignore[no-untyped-def]
        write_pages(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(output, "write_pages", fail_after_writing)
    with pytest.raises(OSError, match="disk full"):
        make(content, templates, site)
    monkeypatch.undo()
    edit(content / SEED, "the present session", "the session in Nairobi")
    make(content, templates, site)
    assert read_site(site) == from_nothing(content, templates, tmp_path)


def test_what_a_build_keeps_of_who_spoke_each_turn_is_their_slugs_in_turn_order(site: Path) -> None:
    kept = read_previous(site)
    assert kept is not None
    speakers = kept.outline.speakers["e-2018-sr-22"]
    assert len(speakers) > 10
    assert all(type(slug) is str and slug in kept.outline.people for slug in speakers)
