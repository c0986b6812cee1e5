"""Shared fixtures for end-to-end tests: a real HTTP server and a real Chromium.

- `serve_directory(path)` serves a folder on 127.0.0.1 and returns its base URL
  (no trailing slash): `base + "/meetings/"`.
- `browser` is one headless Chromium for the session, Debian's /usr/bin/chromium
  driven by Playwright (Playwright's own browser builds are never downloaded).
- `page` is a fresh context and page per test that records what went wrong:
  `page.console_errors` (console.error messages and uncaught exceptions) and
  `page.failed_requests` (requests that failed or answered 400 or more), as strings.
  A test that visits a missing page on purpose filters those out itself.

Tests that use `browser` or `page` are marked `browser` automatically:
`pytest -m "not browser"` runs without Chromium.

Every build in the session keeps its parsed records in a cache folder of the session's own
(`PLENARY_CACHE_DIR`), never in the user's.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
# The network here is closed: without these flags Chromium keeps trying to reach
# Google's services in the background. --no-sandbox because tests run as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's default of 30 s makes a broken page slow to report.
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True, scope="session")
def _session_record_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    from generator.cache import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = before


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like `python -m http.server`, without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator[Callable[[Path], str]]:
    """Factory: `serve_directory(path)` serves `path` over HTTP and returns the base URL."""
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def serve(path: Path) -> str:
        handler = partial(QuietHandler, directory=str(path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # A short poll interval keeps teardown (server.shutdown) quick.
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"serve {path}", daemon=True
        )
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host!s}:{port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: `make test` installs it (apt-get install chromium)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new context and page; `console_errors` and `failed_requests` list what went wrong."""
    context = browser.new_context()
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    new_page = context.new_page()
    console_errors: list[str] = []
    failed_requests: list[str] = []
    new_page.console_errors = console_errors  # type: ignore[attr-defined]
    new_page.failed_requests = failed_requests  # type: ignore[attr-defined]
    new_page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    new_page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    new_page.on(
        "requestfailed",
        lambda request: failed_requests.append(f"{request.failure} {request.method} {request.url}"),
    )
    new_page.on(
        "response",
        lambda response: (
            failed_requests.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield new_page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses Chromium as `browser`."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
