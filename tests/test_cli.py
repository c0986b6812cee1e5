"""The command line: exit codes, messages without tracebacks, machine-readable output."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from linkcheck import read_site
from site_fixture import BuiltSite

import generator.commands.build as build_command_module
import generator.render.output as output_module
from generator.cli import main
from generator.commands.build import summary
from generator.write import remove_tree_in_background

pytest_plugins = ["site_fixture"]

ROOT = Path(__file__).parent.parent
SEED = ROOT / "content" / "E_2018_SR.22.md"
BAD = ROOT / "tests" / "bad"


def test_check_exits_0_and_summarises_good_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT / "content")]) == 0
    out, err = capsys.readouterr()
    assert "E/2018/SR.22 — Economic and Social Council" in out
    assert "7 of 7 records parsed" in err


def test_check_exits_1_and_names_file_and_line_when_a_record_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED), str(BAD / "picture-renamed.md")]) == 1
    _, err = capsys.readouterr()
    assert f"error: {BAD / 'picture-renamed.md'}:1: is a PNG image, not a text record" in err
    assert "1 of 2 records parsed" in err


def test_check_json_prints_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(SEED)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["symbol"] == "E/2018/SR.22"
    assert len([p for p in data["paragraphs"] if p["number"]]) == 77


def test_check_with_no_records_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert "no records (*.md) found" in capsys.readouterr().err


def test_build_into_a_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build",
         "--content", str(tmp_path / "nope"), "--output", str(tmp_path / "s")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: content folder {tmp_path / 'nope'} does not exist (run from the site's root, or pass --content)"
    )
    assert "Traceback" not in result.stderr


def test_build_reports_a_broken_record_and_builds_the_rest(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "E_2018_SR.22.md").write_bytes(SEED.read_bytes())
    (content / "broken.md").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(tmp_path / "site"),
         "--templates", str(ROOT / "templates"), "--no-search"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 1
    assert f"error: {content / 'broken.md'}:1: file is empty" in result.stderr
    assert "from 1 records" in result.stdout and "(1 errors" in result.stdout
    assert (tmp_path / "site" / "meetings" / "e-2018-sr-22" / "index.html").exists()


def test_the_build_summary_says_how_many_bundles_a_split_index_has(
    split_site: BuiltSite, built_site: BuiltSite
) -> None:
    assert split_site.report.search is not None
    assert f"in {split_site.report.search.bundles} bundles in " in summary(split_site.report, Path("site"))
    assert "bundles" not in summary(built_site.report, Path("site"))


def test_the_build_summary_says_how_many_bundles_were_carried_over(split_site: BuiltSite) -> None:
    assert split_site.report.search is not None
    fresh = split_site.report.search
    carried = replace(split_site.report, search=replace(fresh, carried_over=fresh.bundles - 2))
    expected = f"in {fresh.bundles} bundles ({fresh.bundles - 2} unchanged, carried over) in "
    assert expected in summary(carried, Path("site"))
    assert "carried over" not in summary(split_site.report, Path("site"))
    one = replace(split_site.report, search=replace(fresh, bundles=1, carried_over=1))
    assert " MB (unchanged, carried over) in " in summary(one, Path("site"))


def test_build_keeps_parsed_records_in_the_cache_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLENARY_CACHE_DIR", str(tmp_path / "cache"))
    content = str(ROOT / "content")
    assert main(["build", "--no-search", "--quiet", "--no-cache", "--content", content,
                 "--output", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "cache" / "records").exists()
    assert main(["build", "--no-search", "--quiet", "--content", content, "--output", str(tmp_path / "b")]) == 0
    assert len(list((tmp_path / "cache" / "records").rglob("*.pickle"))) == 7
    assert main(["build", "--no-search", "--quiet", "--content", content, "--output", str(tmp_path / "c")]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if line.startswith("built ")]
    assert [" read back from the cache" in line for line in summaries] == [False, False, True]
    assert "from 7 records (7 read back from the cache) into" in summaries[2]


def test_a_rebuild_leaves_the_removal_of_the_previous_site_to_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, content = tmp_path / "site", str(ROOT / "content")
    given: list[Path] = []

    def remove_in_background(folder: Path) -> None:
        given.append(folder)
        remove_tree_in_background(folder)

    monkeypatch.setattr(build_command_module, "remove_tree_in_background", remove_in_background)
    for _ in range(2):
        assert main(["build", "--no-search", "--quiet", "--content", content, "--output", str(site)]) == 0
        assert (site / "meetings" / "e-2018-sr-22" / "index.html").is_file()
    deadline = time.monotonic() + 30
    while [p for p in tmp_path.iterdir() if p.name.startswith(".")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert len(given) == 1 and given[0].parent == tmp_path


def test_a_full_disk_is_a_clear_error_and_the_last_site_stays_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    command = ["build", "--content", str(ROOT / "content"), "--templates", str(ROOT / "templates"),
               "--output", str(site), "--no-search", "--quiet", "--no-cache"]
    assert main(command) == 0
    before = read_site(site)

    def full_disk(folder: Path, path: str, content: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / path))

    monkeypatch.setattr(output_module, "write_file", full_disk)
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write ") and err.strip().endswith(": No space left on device")
    assert "Traceback" not in err
    assert read_site(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # nothing half-written left beside it
