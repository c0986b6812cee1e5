"""The CPU instructions a build runs, phase by phase: the same from run to run however busy the machine is.

    python -m bench instructions CONTENT [--templates DIR]

Builds the records of CONTENT in one process (no workers, no search index, no record cache) under
`valgrind --tool=callgrind`, which counts the instructions the process runs, dumps the counts after the
parse, the link and the render, and prints each phase's. On a shared machine whose speed varies by a fifth
from run to run, two versions of the code compare by these counts, not by their times. Needs valgrind
(Debian's package `valgrind`, not a dependency of the project); about fifty times slower than the build,
so a corpus of 100 to 300 records (a folder of some of a `bench corpus`'s files).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("parse", "link", "render")
_TRIGGER = re.compile(r"^desc: Trigger: dump (\w+)$", re.MULTILINE)
_SUMMARY = re.compile(r"^summary: (\d+)$", re.MULTILINE)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench instructions", description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="a folder of records")
    parser.add_argument("--templates", type=Path, default=ROOT / "templates", help="templates folder")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)  # the build's own process, under valgrind
    args = parser.parse_args(argv)
    if args.inside is not None:
        build_in_phases(args.content, args.templates, args.inside, dump_counts)
        return 0
    if shutil.which("valgrind") is None:
        print("bench instructions: needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    counts = counted(args.content, args.templates)
    for phase in PHASES:
        print(f"{phase:8} {counts[phase]:>16,}")
    print(f"{'total':8} {sum(counts[phase] for phase in PHASES):>16,}")
    return 0


def counted(content: Path, templates: Path) -> dict[str, int]:
    """The instructions of each phase of a build of `content`, run under callgrind."""
    with tempfile.TemporaryDirectory(prefix="plenary-instructions-") as scratch:
        folder = Path(scratch)
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder / 'counts.%p'}", sys.executable,
                   "-m", "bench", "instructions", str(content), "--templates", str(templates),
                   "--inside", str(folder / "site")]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        return phase_counts(folder)


def phase_counts(folder: Path) -> dict[str, int]:
    """The instructions of each phase callgrind dumped into `folder`, by the phase's name."""
    counts: dict[str, int] = {}
    for dump in folder.glob("counts.*"):
        text = dump.read_text(encoding="utf-8", errors="replace")
        trigger, summary = _TRIGGER.search(text), _SUMMARY.search(text)
        if trigger is not None and summary is not None:
            counts[trigger.group(1)] = int(summary.group(1))
    missing = [phase for phase in PHASES if phase not in counts]
    if missing:
        raise RuntimeError(f"callgrind dumped no counts for {', '.join(missing)} in {folder}")
    return counts


def dump_counts(phase: str) -> None:
    """Have callgrind dump this process's counts since the last dump, under the phase's name."""
    subprocess.run(["callgrind_control", f"--dump={phase}", str(os.getpid())], check=True, capture_output=True)
    time.sleep(0.5)  # callgrind takes the request at its next check, not at once


def build_in_phases(content: Path, templates: Path, output: Path, dump: Callable[[str], None]) -> None:
    """Build the site of `content` into `output` in this process alone (no search index, no record cache), calling
    `dump` before the build and as each phase ends (`PHASES`, then `write`)."""
    import generator.build as build
    import generator.workers as workers

    counted_here = (workers.worker_count, build.worker_count)  # type: ignore[attr-defined]
    # What the parse (`generator.build`'s own name for it), the mentions and the render fork by.
    workers.worker_count = _one_process
    build.worker_count = _one_process  # type: ignore[attr-defined]
    try:
        dump("start")
        build.build(content, templates, output, search=False, record_cache=False, phase_done=dump)
    finally:
        workers.worker_count = counted_here[0]
        build.worker_count = counted_here[1]  # type: ignore[attr-defined]


def _one_process() -> int:
    return 1
