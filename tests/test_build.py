"""The build's phases: parsing on every core gives the same records, errors and warnings as one core."""

from __future__ import annotations

from pathlib import Path

import generator.build as build_module
from generator.build import PARALLEL_THRESHOLD, load_records

SEED = Path(__file__).parent.parent / "content" / "E_2018_SR.22.md"


def copies(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"r{i:03}.md"
        front_matter = f'+++\nsymbol = "E/2018/SR.{100 + i}"\n+++\n'
        path.write_text(front_matter + SEED.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    (folder / "broken.md").write_bytes(b"\x89PNG")
    return [*paths, folder / "broken.md"]


def test_parallel_parsing_gives_what_serial_parsing_gives(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = copies(tmp_path, PARALLEL_THRESHOLD)
    parallel = load_records(paths)
    monkeypatch.setattr(build_module, "PARALLEL_THRESHOLD", 10**9)
    serial = load_records(paths)
    assert parallel == serial
    assert len(parallel.records) == PARALLEL_THRESHOLD
    assert parallel.errors == (f"{tmp_path / 'broken.md'}:1: is a PNG image, not a text record",)
