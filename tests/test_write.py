"""Specifications of the writer: atomic swaps, refusal of unsafe paths, single-file updates."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.write import (
    check_paths,
    link_files,
    link_unchanged,
    remove_files,
    remove_tree_in_background,
    staged,
    update_files,
    write_file,
    write_site,
)


class FailingFiles(Mapping[str, bytes]):
    """Files whose content cannot be read past the first few: a build dying midway through writing."""

    def __init__(self, files: dict[str, bytes], fail_after: int) -> None:
        self._files, self._fail_after, self._reads = files, fail_after, 0

    def __getitem__(self, key: str) -> bytes:
        self._reads += 1
        if self._reads > self._fail_after:
            raise OSError("disk full")
        return self._files[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_site({"index.html": b"old home", "meetings/index.html": b"old meetings", "stale.html": b"gone soon"}, site)
    return site


def test_write_site_replaces_the_folder_with_exactly_the_files(old_site: Path) -> None:
    write_site({"index.html": b"new home", "speakers/mr-x/index.html": b"x"}, old_site)
    assert tree(old_site) == {"index.html": b"new home", "speakers/mr-x/index.html": b"x"}
    assert leftovers(old_site.parent) == []


def test_write_site_creates_a_missing_site_folder(tmp_path: Path) -> None:
    write_site({"index.html": b"home"}, tmp_path / "out" / "site")
    assert tree(tmp_path / "out" / "site") == {"index.html": b"home"}


def test_a_build_failing_midway_leaves_the_old_site_intact(old_site: Path) -> None:
    before = tree(old_site)
    files = FailingFiles({f"page{i}/index.html": b"new" for i in range(10)}, fail_after=4)
    with pytest.raises(OSError, match="disk full"):
        write_site(files, old_site)
    assert tree(old_site) == before
    assert leftovers(old_site.parent) == []


def test_a_failing_indexer_before_the_swap_leaves_the_old_site_intact(old_site: Path) -> None:
    before = tree(old_site)
    seen: list[Path] = []
    with pytest.raises(RuntimeError), staged(old_site) as folder:
        seen.append(folder)
        write_file(folder, "index.html", b"new")
        assert (folder / "index.html").read_bytes() == b"new"
        raise RuntimeError("pagefind failed")
    assert tree(old_site) == before
    assert seen and seen[0].parent == old_site.parent and seen[0].name.startswith(".site-tmp-")
    assert leftovers(old_site.parent) == []


def test_the_indexer_output_is_swapped_in_with_the_pages(old_site: Path) -> None:
    with staged(old_site) as folder:
        write_file(folder, "index.html", b"new")
        (folder / "pagefind").mkdir()
    assert (old_site / "pagefind").is_dir() and not (old_site / "stale.html").exists()


def test_the_old_site_can_be_removed_by_a_process_of_its_own_once_the_new_one_is_in_place(old_site: Path) -> None:
    given: list[Path] = []

    def remove_later(folder: Path) -> None:
        given.append(folder)
        assert tree(old_site) == {"index.html": b"new"}  # the new site is already in place
        remove_tree_in_background(folder)

    with staged(old_site, remove_later) as folder:
        write_file(folder, "index.html", b"new")
    assert len(given) == 1 and given[0].parent == old_site.parent
    deadline = time.monotonic() + 30
    while given[0].exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(old_site.parent) == [] and tree(old_site) == {"index.html": b"new"}


def test_an_old_site_no_process_can_be_started_to_remove_is_removed_at_once(
    old_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    with staged(old_site, remove_tree_in_background) as folder:
        write_file(folder, "index.html", b"new")
    assert leftovers(old_site.parent) == [] and tree(old_site) == {"index.html": b"new"}


def test_an_unchanged_file_of_the_previous_site_is_linked_not_written(old_site: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    assert link_unchanged(old_site, staging, "meetings/index.html", b"old meetings")
    assert (staging / "meetings" / "index.html").stat().st_ino == (old_site / "meetings" / "index.html").stat().st_ino
    assert not link_unchanged(old_site, staging, "index.html", b"new home")  # changed
    assert not link_unchanged(old_site, staging, "index.html", b"old homes")  # changed, and longer
    assert not link_unchanged(old_site, staging, "speakers/index.html", b"")  # not in the previous site
    (old_site / "link.html").symlink_to(old_site / "stale.html")
    assert not link_unchanged(old_site, staging, "link.html", b"gone soon")  # not a plain file
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()) == [
        "meetings/index.html"
    ]


def test_files_carried_over_are_linked_into_their_folders_and_the_others_left(old_site: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    (old_site / "link.html").symlink_to(old_site / "index.html")
    wanted = ["meetings/index.html", "index.html", "speakers/index.html", "link.html", "meetings"]
    assert link_files(old_site, staging, wanted) == {"meetings/index.html", "index.html"}
    assert (staging / "meetings" / "index.html").stat().st_ino == (old_site / "meetings" / "index.html").stat().st_ino
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")) == [
        "index.html", "meetings", "meetings/index.html"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../outside.html",
        "a/../../outside.html",
        "a/./b.html",
        "a//b.html",
        "a\\b.html",
        "a\x00.html",
        "",
        "C:/x.html",
        "a/",
        "..",
    ],
)
def test_paths_escaping_the_site_are_refused(old_site: Path, path: str) -> None:
    before = tree(old_site)
    with pytest.raises(BuildError, match="refusing"):
        write_site({"index.html": b"new", path: b"evil"}, old_site)
    assert tree(old_site) == before
    assert not (old_site.parent / "outside.html").exists()
    with pytest.raises(BuildError):
        update_files({path: b"evil"}, old_site)


def test_two_files_on_one_path_are_refused() -> None:
    with pytest.raises(BuildError, match="two files would be written to one path"):
        check_paths(["speakers/mr-x/index.html", "Speakers/Mr-X/index.html"])
    with pytest.raises(BuildError, match="is both a file and the folder"):
        check_paths(["speakers", "speakers/index.html"])


def test_a_file_where_the_site_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(BuildError, match="not a folder"):
        write_site({"index.html": b"x"}, tmp_path / "site")
    assert (tmp_path / "site").read_text() == "not a folder"
    assert leftovers(tmp_path) == []


def test_update_files_replaces_single_files_in_place(old_site: Path) -> None:
    update_files({"index.html": b"updated", "cities/amman/index.html": b"amman"}, old_site)
    assert tree(old_site) == {
        "index.html": b"updated",
        "meetings/index.html": b"old meetings",
        "stale.html": b"gone soon",
        "cities/amman/index.html": b"amman",
    }


def test_update_files_leaves_no_temporary_file_when_a_write_fails(old_site: Path) -> None:
    with pytest.raises(OSError):
        update_files(FailingFiles({"index.html": b"x"}, fail_after=0), old_site)
    assert (old_site / "index.html").read_bytes() == b"old home"
    assert [p.name for p in old_site.iterdir() if p.name.startswith(".")] == []


def test_many_files_are_each_replaced_and_a_failure_among_them_leaves_no_temporary_file(old_site: Path) -> None:
    many = {f"speakers/p{i}/index.html": f"page {i}".encode() for i in range(40)}
    update_files(many, old_site)
    assert {path: content for path, content in tree(old_site).items() if path.startswith("speakers/")} == many
    with pytest.raises(OSError, match="disk full"):
        update_files(FailingFiles({path: b"again" for path in many}, fail_after=10), old_site)
    assert all(tree(old_site)[path] in (content, b"again") for path, content in many.items())  # whole, old or new
    assert [p for p in old_site.rglob(".*")] == []


def test_remove_files_deletes_pages_and_their_empty_folders(old_site: Path) -> None:
    update_files({"speakers/mr-x/index.html": b"x"}, old_site)
    remove_files(["speakers/mr-x/index.html", "stale.html"], old_site)
    assert not (old_site / "speakers").exists() and not (old_site / "stale.html").exists()
    assert (old_site / "index.html").exists()
