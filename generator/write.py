"""Write rendered files to the site folder atomically: a failed or killed build leaves the old site whole.

Everything is written into a fresh sibling folder, which then replaces the site folder by two
renames. The dev server's `update_files` replaces single files, each by `os.replace`.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from generator.errors import BuildError
from generator.fingerprint import fingerprint

log = logging.getLogger(__name__)


def check_path(path: str) -> PurePosixPath:
    """The path as a safe site-relative path, or a BuildError saying why it is refused."""
    if not isinstance(path, str) or not path:
        raise BuildError(f"refusing to write an empty or non-text path: {path!r}")
    if "\x00" in path or "\\" in path:
        raise BuildError(f"refusing to write {path!r}: NUL bytes and backslashes are not allowed in site paths")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise BuildError(f"refusing to write {path!r}: site paths are relative to the site folder")
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise BuildError(f"refusing to write {path!r}: empty, '.' and '..' segments could escape the site folder")
    return PurePosixPath(path)


def check_paths(paths: Iterable[str]) -> list[PurePosixPath]:
    """Every path checked; two files on one path (ignoring case) or a file where a folder must be are refused."""
    checked = [check_path(path) for path in paths]
    seen: dict[str, PurePosixPath] = {}
    for path in checked:
        key = str(path).casefold()
        if key in seen:
            raise BuildError(f"two files would be written to one path: {seen[key]} and {path}")
        seen[key] = path
    for path in checked:
        for parent in path.parents:
            if str(parent).casefold() in seen and str(parent) != ".":
                raise BuildError(f"{parent} is both a file and the folder of {path}")
    return checked


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux `renameat2(RENAME_EXCHANGE)`); False where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot; use two renames
            return False
        raise OSError(errno, os.strerror(errno), str(b))
    return True


def remove_tree(folder: Path) -> None:
    """Remove a folder and everything in it, now."""
    shutil.rmtree(folder, ignore_errors=True)


def remove_tree_in_background(folder: Path) -> None:
    """Remove a folder by a detached process, which outlives this one: removing the previous copy of a large
    site took a sixth of its build (ext4 freeing 40,000 files). If the process cannot be started, now;
    if it is killed, the next build removes what is left (`_clean_leftovers`)."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        remove_tree(folder)


def _swap(new: Path, site_dir: Path, remove: Callable[[Path], None]) -> None:
    """Put `new` in place of `site_dir` in one atomic step where the system allows, else by two renames; the
    previous site is then given to `remove`."""
    if not site_dir.exists():
        os.rename(new, site_dir)
        return
    if not site_dir.is_dir() or site_dir.is_symlink():
        raise BuildError(f"{site_dir} exists and is not a folder; refusing to replace it")
    if _exchange(new, site_dir):
        remove(new)  # `new` now holds the previous site
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    backup.rmdir()
    os.rename(site_dir, backup)
    try:
        os.rename(new, site_dir)
    except OSError:
        os.rename(backup, site_dir)
        raise
    remove(backup)


def _clean_leftovers(site_dir: Path) -> None:
    """Remove staging folders a killed build left beside the site; restore the site if a swap was cut short."""
    leftovers = [*sorted(site_dir.parent.glob(f".{site_dir.name}-tmp-*")),
                 *sorted(site_dir.parent.glob(f".{site_dir.name}-old-*"))]
    for folder in leftovers:
        if folder.name.startswith(f".{site_dir.name}-old-") and not site_dir.exists():
            os.rename(folder, site_dir)
            continue
        shutil.rmtree(folder, ignore_errors=True)


def scratch_folder(site_dir: Path, purpose: str = "") -> Path:
    """A new folder beside `site_dir` for a build's scratch files (`purpose` names it; none is the staging
    folder's): if the build is killed before it removes the folder, the next build does (`_clean_leftovers`)."""
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{site_dir.name}-tmp-{purpose}-" if purpose else f".{site_dir.name}-tmp-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))


@contextmanager
def staged(site_dir: Path, remove_old: Callable[[Path], None] = remove_tree) -> Iterator[Path]:
    """A fresh folder beside `site_dir` to write the new site into; it replaces `site_dir` when the block ends
    without an exception (the old site then goes to `remove_old`), and is removed when it ends with one (the
    old site is then left as it was)."""
    site_dir = site_dir.absolute()
    _clean_leftovers(site_dir)
    staging = scratch_folder(site_dir)
    try:
        yield staging
        _swap(staging, site_dir, remove_old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_site(files: Mapping[str, bytes], site_dir: Path) -> None:
    """Replace `site_dir` with exactly `files`."""
    paths = check_paths(files)
    with staged(site_dir) as staging:
        for path in paths:
            write_file(staging, str(path), files[str(path)])
    log.info("wrote %d files to %s", len(files), site_dir)


def digest(content: bytes) -> bytes:
    """A file's fingerprint: the dev server rewrites a file only when it changes."""
    return fingerprint(content)


def write_file(root: Path, path: str, content: bytes) -> None:
    """Write one file under `root` (a staging folder), creating its folders; `path` must have been checked."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def link_unchanged(previous: Path, root: Path, path: str, content: bytes) -> bool:
    """Put the previous site's file at `path` under `root` too (a hard link) if it is a plain file holding
    exactly `content`; whether it did. An unchanged page then costs the file system no new file now, and
    removing the previous site frees nothing of it later: most of a rebuild's pages are unchanged."""
    old = previous / path
    try:
        status = old.lstat()
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(content) or old.read_bytes() != content:
            return False
    except OSError:
        return False
    return link_file(previous, root, path)


def link_file(previous: Path, root: Path, path: str) -> bool:
    """Put the previous site's plain file at `path` under `root` too, as a hard link; whether it did."""
    return bool(_link_all(os.fspath(previous), os.fspath(root), [path]))


LINKING_THREADS = 4
"""Making a folder and a hard link are system calls, which threads make side by side."""


def link_files(previous: Path, root: Path, paths: Iterable[str]) -> set[str]:
    """Put the previous site's plain files at `paths` under `root` too, as hard links (`link_file` for many:
    tens of thousands after an edit); the paths it linked."""
    ordered = sorted(paths)
    size = max(1, -(-len(ordered) // LINKING_THREADS))
    chunks = [ordered[start:start + size] for start in range(0, len(ordered), size)]
    with ThreadPoolExecutor(max_workers=LINKING_THREADS) as pool:
        linked = pool.map(partial(_link_all, os.fspath(previous), os.fspath(root)), chunks)
        return {path for chunk in linked for path in chunk}


def _link_all(previous: str, root: str, paths: list[str]) -> list[str]:
    """The paths of `previous` linked into `root`, making each folder once."""
    linked: list[str] = []
    made: set[str] = set()
    for path in paths:
        old, new = os.path.join(previous, path), os.path.join(root, path)
        folder = os.path.dirname(new)
        try:
            if not stat.S_ISREG(os.lstat(old).st_mode):
                continue
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            os.link(old, new, follow_symlinks=False)
        except OSError:
            continue
        linked.append(path)
    return linked


def update_files(files: Mapping[str, bytes], site_dir: Path) -> None:
    """Replace a few files of an existing site, each atomically (written beside it, then `os.replace`), one after
    the other: on two cores, threads side by side took longer (the hundred files of a date moved into another year at
    10,000 records: medians 26-31 ms on four threads and 28 on two, against 22-23 one after the other)."""
    for path in check_paths(files):
        replace_file(site_dir.joinpath(*path.parts), files[str(path)])


def replace_file(target: Path, content: bytes) -> None:
    """Write `content` at `target` whole or not at all: written beside it (its folders made), then `os.replace`d
    over it; on failure no temporary file is left."""
    replace_file_with(target, lambda out: out.write(content))


def replace_file_with(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """`replace_file` with what `write` writes to the file as it goes: what is written need not be held whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_files(paths: Iterable[str], site_dir: Path) -> None:
    """Delete pages gone from the site (a person merged away), and the folders they leave empty."""
    for path in check_paths(paths):
        target = site_dir.joinpath(*path.parts)
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
