"""What the last build of a site folder was made from, so that the next renders only the pages a change touches.

After an edit most of a large site is as it was, and rendering it again was most of the build. A
build keeps, in the user's cache (`generator.cache`), one entry per site folder: a digest of what
every page depends on besides the records and the code (the templates and assets, the base URL,
the places among the corrections: a change there renders every page), each record file's key, the
outline of the graph and its pages (`generator.outline`), and the identity of each page file it
wrote. The next build into that folder renders the pages `pages_to_redo` picks and links the others
from the site it replaces, but only files that are still the ones written: a page changed, replaced
or deleted in the site since is rendered again. Like the record cache, the entry only saves time:
one that cannot be read, or was made by other code, means every page is rendered.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import cache_root, code_fingerprint, keep_value, read_kept
from generator.corrections import Corrections
from generator.fingerprint import fingerprint
from generator.outline import SiteOutline, pages_to_redo

log = logging.getLogger(__name__)

FileIdentity = tuple[int, int, int, int]
"""A file as the file system knows it: device, inode, size and modification time (ns). A file written
again, or replaced, has another; a hard link to it has the same."""


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """What one build of a site folder was made from, and the page files it wrote there."""

    inputs: str
    """The digest of everything but the records that the pages depend on (`build_inputs`)."""
    records: Mapping[str, str]
    """Each record file's key (`generator.record_cache.record_key`), by source path."""
    outline: SiteOutline
    """The graph and pages the site was rendered from."""
    files: Mapping[str, FileIdentity] = field(default_factory=dict)
    """The identity of each page file as written, by site path (empty until written, see `written_into`)."""

    def written_into(self, folder: Path) -> BuiltSite:
        """This build, with the identities of its page files as they are in `folder`."""
        found = {page.path: file_identity(folder / page.path) for page in self.outline.pages}
        return replace(self, files={path: identity for path, identity in found.items() if identity is not None})

    def unchanged_since(self, before: BuiltSite, site_dir: Path) -> frozenset[str]:
        """The paths of this build's pages that the site `before` left in `site_dir` holds as this build would
        render them: none if the inputs changed, or the change between the two touches every page."""
        if self.inputs != before.inputs:
            return frozenset()
        edited = {source for source in self.records.keys() | before.records.keys()
                  if self.records.get(source) != before.records.get(source)}
        redo = pages_to_redo(before.outline, self.outline, edited)
        if redo.every_page:
            return frozenset()
        return frozenset(
            page.path for page in self.outline.pages
            if not page.lists_all and page.path not in redo.paths
            and page.path in before.files and file_identity(site_dir / page.path) == before.files[page.path]
        )


def carried_over(now: BuiltSite, site_dir: Path) -> frozenset[str]:
    """The paths of the pages of the build `now` that the site in `site_dir` holds as it would render them, by
    what the last build there was made from (none if that is not known)."""
    before = read_previous(site_dir)
    return now.unchanged_since(before, site_dir) if before is not None else frozenset()


def build_inputs(templates_dir: Path, base_url: str, corrections: Corrections) -> str:
    """A digest of what every page depends on besides the records and the code (whose entries are apart): the
    bytes of every file of the templates folder, the base URL and the cities the corrections add or suppress."""
    places = repr((corrections.added_cities(), corrections.suppressed_places()))
    templates = (path.relative_to(templates_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                 for path in sorted(p for p in templates_dir.rglob("*") if p.is_file()))
    return fingerprint(base_url.encode() + b"\0", places.encode() + b"\0", *templates).hex()


def file_identity(path: Path) -> FileIdentity | None:
    """The identity of the file at `path`, or None if there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _entry(site_dir: Path) -> Path:
    """Where the build of `site_dir` is kept: one entry per site folder."""
    name = fingerprint(str(site_dir.resolve()).encode()).hex()
    return cache_root() / "builds" / f"{name}.pickle"


def read_previous(site_dir: Path) -> BuiltSite | None:
    """The last build of `site_dir` as kept, or None (none kept, unreadable, or made by other code)."""
    kept = read_kept(_entry(site_dir))
    if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != code_fingerprint():
        return None
    return kept[1] if isinstance(kept[1], BuiltSite) else None


def keep_build(site_dir: Path, build: BuiltSite) -> None:
    """Keep what the build now in `site_dir` was made from (a failure to is only logged)."""
    keep_value(_entry(site_dir), (code_fingerprint(), build))


def forget_build(site_dir: Path) -> None:
    """Forget the build of `site_dir`: the next renders every page."""
    try:
        os.unlink(_entry(site_dir))
    except FileNotFoundError:
        pass
    except OSError as error:
        log.debug("cannot forget the build of %s: %s", site_dir, error)
