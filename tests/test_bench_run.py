"""The benchmark's table: a size too large for the dev server can be measured by its first build alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.corpus import VERSION, generate, read_manifest
from bench.run import (
    TRASH,
    _redated,
    _retimed,
    _reworded,
    _turn_added,
    child_build,
    child_edit_build,
    child_rebuild,
    empty_trash,
    ensure_corpus,
    measure,
    set_aside,
    table,
)
from generator.cache import CACHE_ENV
from generator.corrections import Corrections
from generator.linking import Linker
from generator.parse import parse_record
from generator.relink import same_speakers_and_meeting
from generator.respeak import Respoken


def test_a_first_build_only_row_measures_the_build_and_leaves_the_edits_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "unused"))  # measure points it at its own cache; undone after
    generate(20, tmp_path / "corpus-20", seed=1, progress=False)
    (tmp_path / "site-20").mkdir()
    (tmp_path / "site-20" / "left-by-the-last-run.html").write_text("old")
    row = measure(20, tmp_path, search=False, hugo=False, edits=False)
    assert not (tmp_path / "site-20" / "left-by-the-last-run.html").exists()
    assert list((tmp_path / TRASH).glob("site-20-*/left-by-the-last-run.html")), "set aside, not deleted yet"
    assert row.records == 20 and row.pages > 20 and set(row.seconds) == {"parse", "link", "render", "write"}
    # Both memory figures are measured; neither bounds the other (PSS splits shared pages, RSS counts them whole).
    assert row.generator_rss_mb > 0 and row.generator_memory_mb > 0
    # The CPU of the build's processes, its workers' included: at most every core busy for the whole build.
    assert row.build_cpu_seconds is not None
    assert 0 < row.build_cpu_seconds < sum(row.seconds.values()) * ((os.cpu_count() or 1) + 0.5)
    assert row.rebuild_ms is None and row.edited_build_seconds is None and row.hugo_seconds is None
    line = table([row]).splitlines()[-1]
    assert line.startswith("| 20 | ") and line.count("| – ") == 18


def test_the_build_after_an_edit_renders_a_few_pages_and_indexes_one_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    generate(20, tmp_path / "corpus", seed=1, progress=False)
    child_build(tmp_path / "corpus", tmp_path / "site")
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    child_edit_build(tmp_path / "corpus", tmp_path / "site")
    edited = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert 0 < edited["rendered"] < first["pages"] / 2
    assert edited["bundles"] == 1 and edited["carried_over"] == 0  # one bundle at this size: indexed again


def test_the_rebuilds_time_reworded_paragraphs_renamed_speakers_changed_headers_added_turns_and_moved_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate(20, tmp_path / "corpus", seed=1, progress=False)
    before = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "corpus").glob("*.md")}
    # an edit changing no page would stop it
    child_rebuild(tmp_path / "corpus", edits=3, renames=2, headers=2, turns=2, dates=2)
    timed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert len(timed["all_ms"]) == 3 and len(timed["rename_all_ms"]) == 2 and len(timed["header_all_ms"]) == 2
    assert len(timed["turn_all_ms"]) == 2 and len(timed["date_all_ms"]) == 2
    assert timed["rename_median_ms"] > 0 and timed["header_median_ms"] > 0 and timed["turn_median_ms"] > 0
    assert timed["date_median_ms"] > 0
    assert {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "corpus").glob("*.md")} == before


def test_the_reworded_line_is_the_last_that_a_page_shows_not_a_running_header() -> None:
    """A record's last page may end with its running header, which says ` the ` too: edited, it changed no page."""
    text = ("**Mr. Kumar** (India): We welcome the report of the Secretary-General.\n\n"
            "_The meeting rose at 1.05 p.m._\n\n\n"
            "**S/PV.1367** The situation in the occupied Arab territories **02/09/1964**\n")
    edited = _reworded(4)(text)
    assert "of the (edit 4) Secretary-General" in edited and edited.count("(edit 4)") == 1
    assert edited.endswith("**S/PV.1367** The situation in the occupied Arab territories **02/09/1964**\n")


def test_a_header_edit_changes_the_meeting_s_header_and_is_relinked_in_place(tmp_path: Path) -> None:
    """The timed header edit is one the dev server relinks in place, then redoes every page listing the meeting."""
    generate(20, tmp_path / "corpus", seed=1, progress=False)
    for path in sorted((tmp_path / "corpus").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        before, after = (parse_record(t.encode(), str(path)) for t in (text, _retimed(text)))
        assert before.meeting != after.meeting and same_speakers_and_meeting(before, after)


def test_the_timed_date_moves_the_meeting_a_fortnight_within_its_year_and_changes_nothing_else_linking_reads(
        tmp_path: Path) -> None:
    generate(20, tmp_path / "corpus", seed=1, progress=False)
    for path in sorted((tmp_path / "corpus").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        before, after = (parse_record(t.encode(), str(path)) for t in (text, _redated(text)))
        assert abs((after.meeting.date - before.meeting.date).days) == 14, path.name
        assert same_speakers_and_meeting(before, after)


def test_the_timed_added_turn_is_someone_new_decided_in_place(tmp_path: Path) -> None:
    """The timed added turn is one the dev server decides in place: a new person, the other turns moved."""
    generate(20, tmp_path / "corpus", seed=1, progress=False)
    paths = sorted((tmp_path / "corpus").glob("*.md"))
    records = [parse_record(path.read_bytes(), str(path)) for path in paths]
    linker = Linker(remember=True)
    graph = linker.link(records, Corrections())
    for edit, (path, before) in enumerate(zip(paths, records, strict=True)):
        after = parse_record(_turn_added(edit)(path.read_text(encoding="utf-8")).encode(), str(path))
        result = linker.relink(graph, after, Corrections())
        assert isinstance(result, Respoken), path.name
        [person] = result.came
        assert person.name.endswith(f". Addedturn{edit}") and len(after.turns) == len(before.turns) + 1


def test_what_a_last_run_left_is_set_aside_and_deleted_when_the_run_ends(tmp_path: Path) -> None:
    site = tmp_path / "site-10"
    (site / "meetings").mkdir(parents=True)
    (site / "meetings" / "index.html").write_text("old")
    set_aside(site, tmp_path)
    set_aside(tmp_path / "never-made", tmp_path)  # nothing there: nothing to do
    assert not site.exists()
    [kept] = (tmp_path / TRASH).iterdir()
    assert (kept / "meetings" / "index.html").read_text() == "old"
    empty_trash(tmp_path)
    assert not (tmp_path / TRASH).exists()


def test_a_corpus_kept_from_another_version_of_the_generator_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "corpus-3"
    generate(3, folder, seed=0, progress=False)
    kept = {path.name: path.stat().st_mtime_ns for path in folder.glob("*.md")}
    assert ensure_corpus(3, tmp_path) == folder and read_manifest(folder)["version"] == VERSION
    assert {path.name: path.stat().st_mtime_ns for path in folder.glob("*.md")} == kept  # reused as it is
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(f'"version": {VERSION}, ', ""), encoding="utf-8")
    ensure_corpus(3, tmp_path)  # a corpus from before the version was written down
    assert read_manifest(folder)["version"] == VERSION
    assert all(path.stat().st_mtime_ns != kept[path.name] for path in folder.glob("*.md"))
