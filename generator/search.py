"""Index the built site with the Pagefind binary that ships in the `pagefind[bin]` wheel.

What gets indexed is decided by the templates, not here: meeting pages mark their record
text `data-pagefind-body` (each paragraph's `<hN id="pN">` anchor heading makes a sub-result
that links to `#pN`), person and city pages mark only a compact summary, and every other page
has no body and is left out. Filters and metadata are `data-pagefind-filter` / `-meta` spans.

Pagefind holds everything it indexes in memory (about 2 GB for 1,000 records) and runs on one
core, so a large site is indexed as several bundles of about equal size, `BUNDLE_BYTES` of pages
each, two at a time. A search fetches from every bundle, so past `MOST_BUNDLES` bundles they grow
instead, as far as the memory holds two Pagefind processes. The main bundle (`/pagefind/`) lists
the others in `bundles.json`; the search page merges them into one search.

Each bundle records what it was made from (`INPUTS_FILE`: Pagefind's version and every page's
path and bytes); a bundle of the previous build (or of the dev server's last index) made from
exactly the same pages is carried over instead of indexed again.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.errors import BuildError
from generator.fingerprint import fingerprint
from generator.memory import available_bytes
from generator.write import digest

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
"""The bundle's folder inside the site: the search page loads `/pagefind/pagefind-ui.js`."""
ENTRY_FILE = "pagefind.js"
"""A bundle without this file cannot be searched, whatever Pagefind's exit code said."""
PARTS_FILE = "bundles.json"
"""In the main bundle: the other bundles' folders, relative to it (`["part-1/"]`), for the search page."""
INPUTS_FILE = "plenary-inputs.json"
"""In each bundle: the fingerprint of what it was made from, and Pagefind's counts for it."""
BUNDLE_BYTES = 64 * 2**20
"""The HTML in one bundle, unless that makes more than `MOST_BUNDLES`: Pagefind's memory grows with the text
it indexes."""
MOST_BUNDLES = 64
"""A search fetches from every bundle (its metadata, its filters, the word's chunk of its index) and gives each
a WebAssembly instance of its own: past this many bundles of `BUNDLE_BYTES`, bundles hold more instead, as far
as the memory affords."""
PAGEFIND_BYTES_PER_BYTE = 16
"""Pagefind's peak memory for each byte of HTML it indexes: about 1 GB for a bundle of 64 MB."""
WORKERS = 2
"""Pagefind processes run at once (each uses one core)."""
BODY_MARK = b"data-pagefind-body"
"""What a page that is to be searched carries."""
READ_BYTES = 16 * 1024
"""How much of a page is read at a time while looking for its `BODY_MARK`."""
_COUNT = re.compile(r"Indexed (\d[\d,]*) (page|word|filter)s?\b")


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """What indexing produced, for the build summary and benchmarks."""

    seconds: float
    """How long Pagefind ran (wall time)."""
    bytes: int
    """The size of the bundle on disk."""
    files: int
    """The number of files in the bundle."""
    pages: int
    """Pages Pagefind indexed (meetings, people, cities), as it reported them."""
    words: int
    """Distinct words in the index, as Pagefind reported them (summed over the bundles)."""
    bundles: int = 1
    """How many bundles the index is split into."""
    carried_over: int = 0
    """How many of them were carried over unchanged from the previous index."""


@dataclass(frozen=True, slots=True)
class BundleJob:
    """One bundle to make: the pages of `source` (the site, or a mirror of some of its pages) into `output`."""

    source: Path
    output: Path
    part: str
    """The bundle's folder relative to the main bundle: `""` for the main one, `part-1/` for the next."""
    pages: tuple[Path, ...]
    """The site-relative HTML pages it indexes."""

    def fingerprint(self) -> str:
        """What the bundle is made from: the Pagefind version, and each page's path and bytes."""
        return fingerprint(f"pagefind {_pagefind_version()}\n".encode(), *self._page_digests()).hex()

    def _page_digests(self) -> Iterator[bytes]:
        """Each page's path and the digest of its bytes (`generator.write.digest`), read one at a time."""
        for page in self.pages:
            try:
                content = (self.source / page).read_bytes()
            except FileNotFoundError:  # left out of the mirror: gone from the dev server's site meanwhile
                continue
            yield page.as_posix().encode() + b"\0" + digest(content)


@dataclass(frozen=True, slots=True)
class BundleInputs:
    """What `INPUTS_FILE` holds."""

    fingerprint: str
    counts: dict[str, int]
    """Pagefind's tally for the bundle: `{"page": 35, "word": 2000}`."""


def pagefind_executable() -> Path:
    """The Pagefind binary from the `pagefind_bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError(
            "Pagefind is not installed: run `pip install 'pagefind[bin]'`, or build with --no-search"
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise BuildError(f"the Pagefind binary is missing from its package: {error}") from None


def pagefind_command(site_dir: Path, output: Path) -> list[str]:
    """The Pagefind command line that indexes `site_dir` into the folder `output` (one process, all pages)."""
    return [str(pagefind_executable()), "--site", str(site_dir), "--output-path", str(output)]


def index_site(
    site_dir: Path, *, bundle_bytes: int = BUNDLE_BYTES, timeout: float = 3600, previous: Path | None = None
) -> SearchIndex:
    """Replace `site_dir/pagefind` with a fresh index of the HTML in `site_dir`, split if it is large; the
    bundles of `previous` (the site this one replaces) made from the same pages are carried over."""
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # Pagefind never deletes stale hashed files itself
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".index-", dir=site_dir) as scratch:  # hard links need one volume
        jobs = bundle_jobs(site_dir, bundle, Path(scratch), bundle_bytes)
        old = previous / BUNDLE_DIR if previous is not None else None

        def make(job: BundleJob) -> tuple[BundleInputs, bool]:
            return make_bundle(job, old, lambda: run_pagefind(job.source, job.output, timeout))

        with ThreadPoolExecutor(WORKERS) as pool:
            made = list(pool.map(make, jobs))
    write_parts(bundle, len(jobs))
    seconds = time.perf_counter() - started
    files = [path for path in bundle.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    pages, words = (sum(inputs.counts.get(noun, 0) for inputs, _ in made) for noun in ("page", "word"))
    carried = sum(carried for _, carried in made)
    log.info("indexed %d pages in %d bundles (%d carried over) in %.2f s: %d files, %d bytes", pages, len(jobs),
             carried, seconds, len(files), size)
    return SearchIndex(seconds, size, len(files), pages, words, len(jobs), carried)


def make_bundle(job: BundleJob, previous: Path | None, index: Callable[[], str]) -> tuple[BundleInputs, bool]:
    """Make the job's bundle: carried over from the matching bundle under `previous` (a main bundle folder)
    when that was made from the same pages, else by `index()` (which runs Pagefind and returns its report).
    What it was made from, and whether it was carried over."""
    made_from = job.fingerprint()
    kept = _carry_over(previous / job.part, job.output, made_from) if previous is not None else None
    if kept is not None:
        return kept, True
    inputs = BundleInputs(made_from, reported_counts(index()))
    (job.output / INPUTS_FILE).write_text(
        json.dumps({"fingerprint": inputs.fingerprint, "counts": inputs.counts}) + "\n", encoding="utf-8"
    )
    return inputs, False


def _carry_over(old: Path, new: Path, fingerprint: str) -> BundleInputs | None:
    """The old bundle's files linked into `new` (the bundles inside it and the list of them aside) if it
    was made from what `fingerprint` says; what it was made from. None, with nothing linked, otherwise."""
    inputs = read_inputs(old)
    if inputs is None or inputs.fingerprint != fingerprint:
        return None
    files = [path.relative_to(old) for path in sorted(old.rglob("*")) if path.is_file()]
    mirror(old, [f for f in files if not f.parts[0].startswith("part-") and f.as_posix() != PARTS_FILE], new)
    return inputs


def read_inputs(bundle: Path) -> BundleInputs | None:
    """What the bundle says it was made from; None when it does not say (or says it unreadably)."""
    try:
        saved = json.loads((bundle / INPUTS_FILE).read_text(encoding="utf-8"))
        return BundleInputs(str(saved["fingerprint"]), {str(k): int(v) for k, v in saved["counts"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@cache
def _pagefind_version() -> str:
    """The version of the Pagefind binary's package (a bundle made by another one is not carried over)."""
    try:
        return importlib.metadata.version("pagefind_bin")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def bundle_jobs(site_dir: Path, bundle: Path, scratch: Path, bundle_bytes: int) -> list[BundleJob]:
    """What Pagefind is to index into what: the site itself into `bundle` when it is one bundle, else a
    mirror (in `scratch`, on the site's volume) of each bundle's pages into `bundle` and its parts."""
    parts = split_pages(site_dir, bundle_bytes)
    if len(parts) == 1:
        return [BundleJob(site_dir, bundle, "", tuple(parts[0]))]
    return [BundleJob(mirror(site_dir, files, scratch / str(i)), bundle / _part_folder(i) if i else bundle,
                      _part_folder(i) if i else "", tuple(files))
            for i, files in enumerate(parts)]


def split_pages(site_dir: Path, bundle_bytes: int) -> list[list[Path]]:
    """The site's HTML pages by bundle, site-relative and in order: one bundle (every page) if they come
    to at most `bundle_bytes`, else a multiple of `WORKERS` bundles of about equal size (`bundle_size`), so
    that the processes indexing them at once finish together (a page larger than that is a bundle of its own).

    Split, only the pages that mark a `data-pagefind-body` are kept: Pagefind indexes the whole of every
    page of a bundle in which no page marks one, so a bundle of country pages would be searched.
    """
    every = html_pages(site_dir)
    one_bundle = [[relative for relative, _ in every]]
    if sum(size for _, size in every) <= bundle_bytes:
        return one_bundle
    pages = [(relative, size) for relative, size in every if carries_body(site_dir / relative)]
    total = sum(size for _, size in pages)
    if total <= bundle_bytes:  # the searched pages fit in one, or none marks a body (Pagefind then takes all)
        return one_bundle
    count = WORKERS * math.ceil(total / (WORKERS * bundle_size(total, bundle_bytes, available_bytes())))
    parts: dict[int, list[Path]] = {}
    before = 0
    for relative, size in pages:  # each page goes where its middle falls
        parts.setdefault(min(count - 1, int((before + size / 2) * count // total)), []).append(relative)
        before += size
    return list(parts.values())


def bundle_size(total: int, least: int, available: int | None) -> int:
    """How much HTML each bundle of an index of `total` bytes holds: `least`, or more when that would make more
    than `MOST_BUNDLES` bundles, as far as `available` bytes of memory hold `WORKERS` Pagefind processes each
    indexing that much (without a figure for the memory, as far as the bundles need)."""
    wanted = max(least, math.ceil(total / MOST_BUNDLES))
    if available is None:
        return wanted
    return max(least, min(wanted, available // (WORKERS * PAGEFIND_BYTES_PER_BYTE)))


def html_pages(site_dir: Path) -> list[tuple[Path, int]]:
    """The site's HTML pages, site-relative and sorted, with their sizes; the bundle and hidden folders aside."""
    pages: list[tuple[Path, int]] = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0] == BUNDLE_DIR or relative.parts[0].startswith("."):
            continue
        try:
            pages.append((relative, path.stat().st_size))
        except FileNotFoundError:  # removed since it was listed (the dev server's site)
            continue
    return pages


def carries_body(page: Path) -> bool:
    """Whether the page marks a `data-pagefind-body`, read only as far as the mark: a meeting page's comes
    before its record text, so the bulk of the site (22 GB at 100,000 records) is not read."""
    overlap = len(BODY_MARK) - 1
    try:
        with page.open("rb") as file:
            seen = b""
            while chunk := file.read(READ_BYTES):
                seen = seen[-overlap:] + chunk
                if BODY_MARK in seen:
                    return True
    except FileNotFoundError:
        pass
    return False


def _part_folder(number: int) -> str:
    """Where bundle `number` (from 1) goes, relative to the main bundle."""
    return f"part-{number}/"


def mirror(site_dir: Path, files: Sequence[Path], folder: Path) -> Path:
    """A folder holding the given files of `site_dir` (a site, or a bundle) at the same relative paths (hard
    links, copies if need be); a file removed meanwhile (the dev server's site changes while it is indexed)
    is left out."""
    for relative in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / relative, target)
        except FileNotFoundError:
            continue
        except OSError:
            shutil.copyfile(site_dir / relative, target)
    return folder


def write_parts(bundle: Path, bundles: int) -> None:
    """Tell the search page which bundles to merge with the main one (with one bundle, none)."""
    parts = [_part_folder(number) for number in range(1, bundles)]
    (bundle / PARTS_FILE).write_text(json.dumps(parts) + "\n", encoding="utf-8")


def run_pagefind(site_dir: Path, bundle: Path, timeout: float) -> str:
    """Index the HTML of `site_dir` into the folder `bundle`; Pagefind's report."""
    try:
        result = subprocess.run(
            pagefind_command(site_dir, bundle), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"Pagefind did not finish the search index {bundle} within {timeout:.0f} s") from None
    except OSError as error:
        raise BuildError(f"Pagefind could not be started: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError(f"Pagefind failed making {bundle} (exit {result.returncode}): {' / '.join(detail)}")
    if not (bundle / ENTRY_FILE).is_file():
        raise BuildError(f"Pagefind reported success but wrote no {ENTRY_FILE} in {bundle}")
    for line in result.stderr.splitlines():
        log.warning("pagefind: %s", line)
    return result.stdout


def reported_counts(output: str) -> dict[str, int]:
    """Pagefind's closing tally (`Indexed 35 pages`, `Indexed 2,000 words`) by singular noun: `{"page": 35}`."""
    return {noun: int(number.replace(",", "")) for number, noun in _COUNT.findall(output)}
