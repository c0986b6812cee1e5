"""The instructions benchmark: a build in one process, its phases' counts dumped by callgrind and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.build as build_module
import generator.workers as workers_module
from bench import instructions
from bench.instructions import PHASES, build_in_phases, phase_counts

CONTENT = Path(__file__).parent.parent / "content"
TEMPLATES = Path(__file__).parent.parent / "templates"


def test_the_build_runs_in_one_process_and_dumps_before_it_and_after_each_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dumped: list[str] = []
    forks: list[int] = []
    monkeypatch.setattr(workers_module, "forked_pool", lambda workers: forks.append(workers))
    counts_workers = (workers_module.worker_count, build_module.worker_count)
    build_in_phases(CONTENT, TEMPLATES, tmp_path / "site", dumped.append)
    assert dumped == ["start", *PHASES, "write"] and forks == []
    assert (tmp_path / "site" / "meetings" / "e-2018-sr-22" / "index.html").is_file()
    assert (workers_module.worker_count, build_module.worker_count) == counts_workers  # as it found them


def test_each_phases_count_is_read_from_the_dump_named_for_it(tmp_path: Path) -> None:
    for number, (phase, count) in enumerate([("start", 5), ("parse", 700), ("link", 300), ("render", 900)]):
        (tmp_path / f"counts.42.{number + 1}").write_text(
            f"version: 1\ncreator: callgrind-3.19.0\ndesc: Trigger: dump {phase}\n\npositions: line\n"
            f"events: Ir\nsummary: {count}\n\nfn=(1) main\n3 {count}\n", encoding="utf-8")
    (tmp_path / "counts.42").write_text("desc: Trigger: Program termination\nsummary: 17\n", encoding="utf-8")
    assert phase_counts(tmp_path) == {"start": 5, "parse": 700, "link": 300, "render": 900}


def test_a_phase_callgrind_did_not_dump_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "counts.7.1").write_text("desc: Trigger: dump parse\nsummary: 3\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="link, render"):
        phase_counts(tmp_path)


def test_without_valgrind_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert instructions.main([str(CONTENT)]) == 2
    assert "valgrind" in capsys.readouterr().err
