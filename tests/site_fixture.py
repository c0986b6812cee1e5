"""The default site, built once per test session with its real Pagefind index, and served like production.

A pytest plugin (`pytest_plugins = ["site_fixture"]` in a test module), so the session
fixtures are shared by every module that asks for them:

- `built_site` builds `content/` with `templates/` into a temporary folder, search included,
  and returns the folder and the build report.
- `split_site` is the same site with its search index split into a dozen bundles (256 KiB of
  HTML each), as a large archive's is (`generator.search.BUNDLE_BYTES`).
- `site_url` serves one of them on 127.0.0.1 with the production Content-Security-Policy
  (the dev server's, `script-src 'self' 'wasm-unsafe-eval'`, no inline script or style),
  and returns the base URL without a trailing slash. It is parametrized: every test that
  searches runs on the site with one bundle and again on the split one. `served(folder)` serves
  any folder the same way.
- `pagefind_search(page, query, filters)` runs Pagefind's own browser API (`/pagefind/pagefind.js`,
  with the bundles `bundles.json` lists merged in and the ranking options, as the search page does) in an open page of
  the site and returns each hit's URL, title, meta, filters and sub-results.

PYTEST_DONT_REWRITE: the test modules import the helpers before pytest loads this as a plugin.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.build import BuildReport, build
from generator.serve.http import CONTENT_SECURITY_POLICY

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """A built site folder and what the build reported."""

    path: Path
    report: BuildReport


class ProductionHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with the headers the published site sends; quiet."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _built(output: Path, **options: Any) -> BuiltSite:
    report = build(CONTENT, TEMPLATES, output, search=True, **options)
    if report.errors:
        pytest.fail(f"the default site does not build cleanly: {report.errors}", pytrace=False)
    return BuiltSite(output, report)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The default content built into a fresh folder, with its search index."""
    return _built(tmp_path_factory.mktemp("search-site") / "site")


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The default content built with its search index split into a dozen bundles."""
    return _built(tmp_path_factory.mktemp("split-site") / "site", search_bundle_bytes=256 * 1024)


@pytest.fixture(scope="session", params=["one bundle", "split index"])
def site_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The built site, then the split one, served on 127.0.0.1 under the production CSP."""
    site: BuiltSite = request.getfixturevalue("built_site" if request.param == "one bundle" else "split_site")
    with served(site.path) as url:
        yield url


@contextmanager
def served(folder: Path, handler: type[ProductionHandler] = ProductionHandler) -> Iterator[str]:
    """The folder served on 127.0.0.1 under the production CSP (by `handler`, which may add to it) while the
    block runs; its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# Runs in the page: Pagefind's documented browser API, nothing of its UI.
_RANKING = re.search(r"var RANKING = (\{.*?\});", (TEMPLATES / "static" / "search.js").read_text()).group(1)  # type: ignore[union-attr]
"""The ranking options the search page gives Pagefind."""

_MERGED = """const pagefind = await import("/pagefind/pagefind.js");
  if (!window.__plenaryMerged) {
    window.__plenaryMerged = (async () => {
      await pagefind.options({ranking: RANKING});
      const parts = await (await fetch("/pagefind/bundles.json")).json();
      for (const part of parts) { await pagefind.mergeIndex("/pagefind/" + part, {ranking: RANKING}); }
    })();
  }
  await window.__plenaryMerged;""".replace("RANKING", _RANKING)

_SEARCH = """async ([query, filters]) => {
  """ + _MERGED + """
  const found = await pagefind.search(query, filters ? {filters} : {});
  const hits = [];
  for (const result of found.results) {
    const data = await result.data();
    hits.push({
      url: data.url, title: data.meta.title, meta: data.meta, filters: data.filters,
      words: data.word_count, excerpt: data.excerpt,
      sub_results: data.sub_results.map(s => ({url: s.url, title: s.title, excerpt: s.excerpt})),
    });
  }
  return hits;
}"""

_FILTERS = """async () => {
  """ + _MERGED + """
  return pagefind.filters();
}"""


def pagefind_search(page: Page, query: str | None, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Pagefind's ranked hits for `query` (None: every page the filters allow), with their data loaded."""
    hits: list[dict[str, Any]] = page.evaluate(_SEARCH, [query, filters])
    return hits


def pagefind_filters(page: Page) -> dict[str, dict[str, int]]:
    """Every filter of the index, with the number of pages carrying each value."""
    filters: dict[str, dict[str, int]] = page.evaluate(_FILTERS)
    return filters
