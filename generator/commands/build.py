"""`plenary build`: build the site once and print a summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from generator.build import BuildReport, build
from generator.errors import BuildError, file_error
from generator.write import remove_tree_in_background

PROGRESS_THRESHOLD = 50
"""Fewer records than this parse too fast for a progress bar to help."""


def build_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Build from the parsed arguments; 1 on failure, or on any problem with --strict."""
    out, err = out or sys.stdout, err or sys.stderr
    _require_folder(args.content, "content")
    _require_folder(args.templates, "templates")

    def progress(items: Iterator[Any], total: int) -> Iterable[Any]:
        if args.quiet or total < PROGRESS_THRESHOLD:
            return items
        bar: Iterable[Any] = tqdm(items, total=total, desc="parse", unit="record", file=err, leave=False)
        return bar

    try:
        report = build(args.content, args.templates, args.output, search=not args.no_search,
                       base_url=args.base_url, progress=progress, record_cache=not args.no_cache,
                       remove_old=remove_tree_in_background)
    except OSError as failure:  # a full disk, say: the last site stays as it was (the build writes beside it)
        raise file_error(failure, "read or write") from None
    for error in report.errors:
        print(f"error: {error}", file=err)
    for warning in report.warnings:
        print(f"warning: {warning}", file=err)
    print(summary(report, args.output), file=out)
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0


def summary(report: BuildReport, output: Path) -> str:
    """One line: what was built, what went wrong, how long it took."""
    phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.seconds.items())
    read_back = f" ({report.read_back} read back from the cache)" if report.read_back else ""
    rendered = "" if report.rendered is None else \
        f" ({report.rendered} rendered, the others unchanged since the last build)"
    lines = [
        f"built {report.pages} pages{rendered} from {report.records} records{read_back} into {output}/ "
        f"({len(report.errors)} errors, {len(report.warnings)} warnings) in {report.total_seconds:.2f} s [{phases}]"
    ]
    if report.search is not None:
        index = report.search
        bundles = f" in {index.bundles} bundles" if index.bundles > 1 else ""
        if index.carried_over:
            bundles += f" ({index.carried_over} unchanged, carried over)" if index.bundles > 1 else \
                " (unchanged, carried over)"
        lines.append(f"search: {index.pages:,} pages, {index.words:,} words, {index.files:,} files, "
                     f"{index.bytes / 1e6:.1f} MB{bundles} in {index.seconds:.2f} s")
    lines.append(f"serve it with: plenary serve   (or: python3 -m http.server -d {output})")
    return "\n".join(lines)


def _require_folder(path: Path, what: str) -> None:
    if not path.is_dir():
        raise BuildError(f"{what} folder {path} does not exist (run from the site's root, or pass --{what})")
