"""Parsed records kept between builds: a record file that has not changed is read back, not parsed again.

Parsing is a third of a large build. Like Sphinx's pickled doctrees, each parsed record is kept
as a pickle, under a key made of the path it was read from and the file's bytes, in a folder of
the user's cache (`$PLENARY_CACHE_DIR`, else `$XDG_CACHE_HOME/plenary`, else `~/.cache/plenary`):
one folder per content folder and per version of this program's code, so a changed parser never
reads back what an older one made. A build leaves in its folder only the records it used.

The cache is an accelerator only: an entry that cannot be read or written is parsed again or
skipped, never an error. (Pickles are trusted: the cache folder is the user's own, as their
home is.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.model import Record

log = logging.getLogger(__name__)

CACHE_ENV = "PLENARY_CACHE_DIR"
"""Where the cache lives, when set; overrides the XDG location."""
SUFFIX = ".pickle"


def cache_root() -> Path:
    """The folder all of Plenary's caches live in."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "plenary"


@cache
def code_fingerprint() -> str:
    """What this program's code is: its Python version and the bytes of every module of the package."""
    package = Path(__file__).resolve().parent
    hashed = hashlib.blake2b(sys.version.encode(), digest_size=12)
    for module in sorted(package.rglob("*.py")):
        hashed.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    return hashed.hexdigest()


def record_key(source: str, data: bytes) -> str:
    """The key of the record parsed from `data`, read from the file named `source` (its messages name it)."""
    return hashlib.blake2b(source.encode() + b"\0" + data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class RecordCache:
    """The parsed records of one content folder, by `record_key`."""

    folder: Path

    @classmethod
    def for_content(cls, content_dir: Path, root: Path | None = None) -> RecordCache:
        """The cache of a content folder, for this version of the code (in `root`, else `cache_root()`)."""
        content = hashlib.blake2b(str(content_dir.resolve()).encode(), digest_size=12).hexdigest()
        return cls((root or cache_root()) / "records" / content / code_fingerprint())

    def has(self, key: str) -> bool:
        """Whether a record is kept under `key`."""
        return (self.folder / (key + SUFFIX)).is_file()

    def get(self, key: str) -> Record | None:
        """The record kept under `key`, or None (never kept, or unreadable)."""
        try:
            record = pickle.loads((self.folder / (key + SUFFIX)).read_bytes())
        except FileNotFoundError:
            return None
        except Exception as error:  # a damaged entry is a miss: the record is parsed again
            log.debug("cache entry %s unreadable: %s", key, error)
            return None
        return record if isinstance(record, Record) else None

    def put(self, key: str, pickled: bytes) -> None:
        """Keep a pickled record under `key` (written whole or not at all); failures are only logged."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(pickled)
            os.replace(temporary, self.folder / (key + SUFFIX))
        except OSError as error:
            log.debug("cannot keep %s in the record cache: %s", key, error)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove the entries not under `keys`, and the folders older versions of the code left."""
        wanted = {key + SUFFIX for key in keys}
        try:
            for entry in self.folder.iterdir():
                if entry.name not in wanted:
                    entry.unlink(missing_ok=True)
            for other in self.folder.parent.iterdir():
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError as error:
            log.debug("cannot tidy the record cache %s: %s", self.folder, error)
