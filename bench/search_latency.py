"""How long a reader waits on /search/ for the first results, in headless Chromium, on a built site.

    python -m bench search-latency SITE [--query water --query ...] [--runs 3]

SITE is a built site with its search index (`plenary build`, or a `site-N` folder that `bench run`
left in its work folder). It is served on 127.0.0.1 by a plain static server (no compression,
no network latency: what is left is the browser's own work and the number of files it fetches).
Each query opens `/search/?q=QUERY` in a fresh browser context (nothing cached) and stops the
clock when the first result is drawn. Medians over the runs are printed, with the requests the
page made, how many of them went to the search index, and the bytes it fetched; and how many
elements the page then holds (Pagefind's UI draws a checkbox per value of each filter).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("water", "Jerusalem", "climate change", "GreeNYC")
"""A common word, a place, a phrase, and a rare word (which a split index's other bundles match by prefix)."""
FIRST_RESULT = ".pagefind-ui__result"


@dataclass(frozen=True, slots=True)
class Search:
    """One search as the reader waited for it."""

    query: str
    seconds: float
    requests: int
    index_requests: int
    bytes: int
    elements: int


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, queries: Sequence[str], runs: int, browser: Browser | None = None) -> list[Search]:
    """Each query searched `runs` times, each time in a fresh context of `browser` (by default, a headless
    Chromium of its own)."""
    with _served(site) as base, _chromium(browser) as chromium:
        return [_search(chromium, base, query) for query in queries for _ in range(runs)]


@contextmanager
def _chromium(browser: Browser | None) -> Iterator[Browser]:
    """`browser`, or Debian's Chromium launched for the block."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield launched
        finally:
            launched.close()


def _search(browser: Browser, base: str, query: str) -> Search:
    context = browser.new_context()
    try:
        page = context.new_page()
        fetched: list[tuple[str, int]] = []

        def finished(request: Request) -> None:
            fetched.append((request.url, request.sizes().get("responseBodySize", 0)))

        page.on("requestfinished", finished)
        start = time.perf_counter()
        page.goto(f"{base}/search/?q={query}")
        page.wait_for_selector(FIRST_RESULT, timeout=300_000)
        seconds = time.perf_counter() - start
        elements = int(page.evaluate("document.getElementsByTagName('*').length"))
    finally:
        context.close()
    index = sum(1 for url, _ in fetched if "/pagefind/" in url)
    return Search(query, seconds, len(fetched), index, sum(size for _, size in fetched), elements)


def table(searches: Sequence[Search]) -> str:
    """One row per query: medians over its runs."""
    lines = ["| query | first result s | requests | to the index | MB fetched | elements |",
             "|---|---:|---:|---:|---:|---:|"]
    for query in dict.fromkeys(s.query for s in searches):
        runs = [s for s in searches if s.query == query]
        lines.append(f"| {query} | {statistics.median(s.seconds for s in runs):.2f} "
                     f"| {statistics.median(s.requests for s in runs):.0f} "
                     f"| {statistics.median(s.index_requests for s in runs):.0f} "
                     f"| {statistics.median(s.bytes for s in runs) / 1e6:.1f} "
                     f"| {statistics.median(s.elements for s in runs):,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search-latency",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("site", type=Path, help="a built site with its search index")
    parser.add_argument("--query", action="append", dest="queries", help=f"repeatable (default: {QUERIES})")
    parser.add_argument("--runs", type=int, default=3, help="searches per query (default 3)")
    args = parser.parse_args(argv)
    if not (args.site / "pagefind" / "pagefind.js").is_file():
        parser.error(f"{args.site} has no search index (pagefind/pagefind.js): build it with search")
    print(table(measure(args.site, args.queries or QUERIES, args.runs)))
    return 0
