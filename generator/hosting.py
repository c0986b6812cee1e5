"""What static hosts refuse: a built site's layout checked against their limits before it is deployed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

FOLDER_LIMIT = 54_000
"""Netlify fails a deploy when one folder holds more than this many files."""


def crowded_folders(paths: Iterable[str], limit: int = FOLDER_LIMIT) -> dict[str, int]:
    """Each folder of a site holding more than `limit` entries, with how many, largest first.

    `paths` are the site's files, relative to its root; a folder's entries are its files and its
    subfolders, since a host may count either (a meeting's page is a folder of its own)."""
    entries: defaultdict[str, set[str]] = defaultdict(set)
    for path in paths:
        folder, _, name = path.rpartition("/")
        entries[folder].add(name)
        while folder:
            folder, _, name = folder.rpartition("/")
            entries[folder].add(name)
    crowded = {folder: len(names) for folder, names in entries.items() if len(names) > limit}
    return dict(sorted(crowded.items(), key=lambda item: (-item[1], item[0])))


def crowded_folder_warnings(site_name: str, paths: Iterable[str], limit: int = FOLDER_LIMIT) -> tuple[str, ...]:
    """A warning for each folder of the site named `site_name` that a host may refuse to deploy."""
    return tuple(
        f"{site_name}/{folder + '/' if folder else ''}: {count:,} entries in one folder; Netlify refuses a deploy"
        f" with more than {limit:,} files in a folder (other hosts may allow more)"
        for folder, count in crowded_folders(paths, limit).items()
    )
