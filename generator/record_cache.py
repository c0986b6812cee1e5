"""Parsed records kept between builds: a record file that has not changed is read back, not parsed again.

Parsing is a third of a large build. Like Sphinx's pickled doctrees, each parsed record is kept
in the user's cache (`generator.cache`) under a key made of the path it was read from and the
file's bytes: one folder per content folder and per version of the code. A build leaves in its
folder only the records it used.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.cache import cache_root, code_fingerprint, keep, read_kept
from generator.fingerprint import fingerprint
from generator.model import Record

log = logging.getLogger(__name__)

SUFFIX = ".pickle"


def record_key(source: str, data: bytes) -> str:
    """The key of the record parsed from `data`, read from the file named `source` (its messages name it)."""
    return fingerprint(source.encode(), b"\0", data).hex()


SOURCE_FILE = "content-folder.txt"
"""Beside a content folder's records: which folder they were read from."""
MENTIONS_FILE = "mentions"
"""Among a content folder's records: the city mentions of their paragraphs (`generator.mentions`)."""


@dataclass(frozen=True, slots=True)
class RecordCache:
    """The parsed records of one content folder, by `record_key`."""

    folder: Path
    content_dir: Path | None = None
    """The content folder the records are read from (absolute), when known."""

    @classmethod
    def for_content(cls, content_dir: Path, root: Path | None = None) -> RecordCache:
        """The cache of a content folder, for this version of the code (in `root`, else `cache_root()`)."""
        resolved = content_dir.resolve()
        content = fingerprint(str(resolved).encode()).hex()
        return cls((root or cache_root()) / "records" / content / code_fingerprint(), resolved)

    def has(self, key: str) -> bool:
        """Whether a record is kept under `key`."""
        return (self.folder / (key + SUFFIX)).is_file()

    def get(self, key: str) -> Record | None:
        """The record kept under `key`, or None (never kept, or unreadable)."""
        record = read_kept(self.folder / (key + SUFFIX))
        return record if isinstance(record, Record) else None

    def put(self, key: str, pickled: bytes) -> None:
        """Keep a pickled record under `key`."""
        keep(self.folder / (key + SUFFIX), pickled)

    @property
    def mentions_file(self) -> Path:
        """Where the city mentions of the records' paragraphs are kept (by the linker)."""
        return self.folder / MENTIONS_FILE

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove the entries not under `keys`, the folders older versions of the code left, and the records
        of content folders that are gone (a temporary copy's, say)."""
        wanted = {key + SUFFIX for key in keys} | {MENTIONS_FILE}
        try:
            for entry in self.folder.iterdir():
                if entry.name not in wanted:
                    entry.unlink(missing_ok=True)
            for other in self.folder.parent.iterdir():
                if other != self.folder and other.name != SOURCE_FILE:
                    shutil.rmtree(other, ignore_errors=True)
            if self.content_dir is not None:
                (self.folder.parent / SOURCE_FILE).write_text(str(self.content_dir), encoding="utf-8")
            for content in self.folder.parent.parent.iterdir():
                if content != self.folder.parent and _content_gone(content):
                    shutil.rmtree(content, ignore_errors=True)
        except OSError as error:
            log.debug("cannot tidy the record cache %s: %s", self.folder, error)


def _content_gone(records: Path) -> bool:
    """Whether the content folder some kept records were read from no longer exists (unknown: kept)."""
    try:
        source = (records / SOURCE_FILE).read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(source) and not Path(source).is_dir()
