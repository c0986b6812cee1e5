"""The dev server's watcher: one callback per settled burst of changes, editor temporaries ignored."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve.watch import Watcher, is_ignored

SETTLE = 3.0


@pytest.fixture
def calls(tmp_path: Path) -> Iterator[queue.Queue[set[Path]]]:
    found: queue.Queue[set[Path]] = queue.Queue()
    watcher = Watcher([tmp_path], found.put, debounce=0.1)
    watcher.start()
    time.sleep(0.2)  # inotify watches are in place
    yield found
    watcher.stop()


def test_each_burst_of_changes_is_one_call_and_later_bursts_are_seen_too(
    tmp_path: Path, calls: queue.Queue[set[Path]]
) -> None:
    record = tmp_path / "a.md"
    for i in range(20):
        record.write_text(f"version {i}")
    assert calls.get(timeout=SETTLE) == {record}
    time.sleep(0.3)
    assert calls.empty()
    record.write_text("once more")
    assert calls.get(timeout=SETTLE) == {record}


def test_a_save_by_rename_reports_the_record_and_never_the_temporary(
    tmp_path: Path, calls: queue.Queue[set[Path]]
) -> None:
    record = tmp_path / "a.md"
    (tmp_path / "a.md.tmp").write_text("new")
    os.replace(tmp_path / "a.md.tmp", record)
    (tmp_path / "a.md___jb_tmp___").write_text("newer")
    os.replace(tmp_path / "a.md___jb_tmp___", record)
    (tmp_path / ".a.md.swp").write_text("swap")
    assert calls.get(timeout=SETTLE) == {record}


@pytest.mark.parametrize(
    "name", [".a.md.swp", "a.md~", "a.md.tmp", "#a.md#", ".#a.md", "4913", "a.md___jb_old___", ".hidden.md"]
)
def test_editor_temporaries_are_ignored(tmp_path: Path, name: str) -> None:
    assert is_ignored(tmp_path / name, tmp_path)


def test_files_in_hidden_folders_are_ignored_but_not_hidden_parents_of_the_folder(tmp_path: Path) -> None:
    root = tmp_path / ".work" / "content"
    assert not is_ignored(root / "a.md", root)
    assert is_ignored(root / ".git" / "a.md", root)
