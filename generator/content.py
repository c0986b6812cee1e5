"""Where the author's files are: records, templates and the corrections file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

RECORD_SUFFIX = ".md"
CORRECTIONS_FILE = "corrections.toml"


def is_record_file(path: Path) -> bool:
    """True for record files; editor swap, backup and hidden files are not records."""
    name = path.name
    return (
        name.endswith(RECORD_SUFFIX)
        and not name.startswith((".", "#", "~"))
        and not name.endswith(("~", ".swp", ".swx", ".tmp"))
        and name.lower() != "readme.md"
    )


def record_paths(paths: Sequence[Path]) -> Iterator[Path]:
    """Every record file named or found (recursively, sorted) under the given paths."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob(f"*{RECORD_SUFFIX}") if p.is_file() and is_record_file(p))
        else:
            yield path
