"""Index the built site with the Pagefind binary that ships in the `pagefind[bin]` wheel.

What gets indexed is decided by the templates, not here: meeting pages mark their record
text `data-pagefind-body` (each paragraph's `<hN id="pN">` anchor heading makes a sub-result
that links to `#pN`), person and city pages mark only a compact summary, and every other page
has no body and is left out. Filters and metadata are `data-pagefind-filter` / `-meta` spans.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
"""The bundle's folder inside the site: the search page loads `/pagefind/pagefind-ui.js`."""
ENTRY_FILE = "pagefind.js"
"""A bundle without this file cannot be searched, whatever Pagefind's exit code said."""
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
    """Distinct words in the index, as Pagefind reported them."""


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


def index_site(site_dir: Path, *, timeout: float = 3600) -> SearchIndex:
    """Replace `site_dir/pagefind` with a fresh index of the HTML in `site_dir`."""
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)  # Pagefind never deletes stale hashed files itself
    started = time.perf_counter()
    try:
        result = subprocess.run(
            pagefind_command(site_dir, bundle), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"Pagefind did not finish indexing {site_dir} within {timeout:.0f} s") from None
    except OSError as error:
        raise BuildError(f"Pagefind could not be started: {error}") from None
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError(f"Pagefind failed on {site_dir} (exit {result.returncode}): {' / '.join(detail)}")
    if not (bundle / ENTRY_FILE).is_file():
        raise BuildError(f"Pagefind reported success but wrote no {BUNDLE_DIR}/{ENTRY_FILE} in {site_dir}")
    for line in result.stderr.splitlines():
        log.warning("pagefind: %s", line)
    counts = reported_counts(result.stdout)
    files = [path for path in bundle.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    log.info("indexed %d pages in %.2f s: %d files, %d bytes", counts.get("page", 0), seconds, len(files), size)
    return SearchIndex(seconds, size, len(files), counts.get("page", 0), counts.get("word", 0))


def reported_counts(output: str) -> dict[str, int]:
    """Pagefind's closing tally (`Indexed 35 pages`, `Indexed 2,000 words`) by singular noun: `{"page": 35}`."""
    return {noun: int(number.replace(",", "")) for number, noun in _COUNT.findall(output)}
