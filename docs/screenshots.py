"""Screenshots of the default site for the README: desktop and phone width, light and dark.

    .venv/bin/python docs/screenshots.py

Builds `content/` into a temporary folder (search included), serves it on 127.0.0.1 and
photographs the home, a meeting, a person, a city, the cities index and a search with headless
Chromium into `docs/screenshots/`.
"""

from __future__ import annotations

import functools
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "meeting": "/meetings/e-2018-sr-22/",
    "person": None,  # found in the built site: Mr. Zarrilli
    "city": None,  # Medellín
    "cities": "/cities/",
    "search": "/search/?q=Medellin",
}
VIEWPORTS = {"desktop": ({"width": 1280, "height": 860}, 1), "phone": ({"width": 360, "height": 780}, 2)}
DARK = {"home", "meeting"}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The folder served on a free port of 127.0.0.1, as its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def folder_url(site: Path, section: str, needle: str) -> str:
    """The URL of the one page of `section` whose folder name contains `needle`."""
    found = sorted(p.name for p in (site / section).iterdir() if p.is_dir() and needle in p.name)
    if not found:
        raise SystemExit(f"no page under {section}/ matches {needle!r}")
    return f"/{section}/{found[0]}/"


def shoot(page: Page, url: str, path: Path) -> None:
    """Open the URL, wait for it to settle (and for search results, if a search), and photograph it."""
    page.goto(url, wait_until="networkidle")
    if "/search/" in url:
        page.wait_for_selector(".pagefind-ui__result", timeout=15_000)
    page.screenshot(path=str(path))


def main() -> None:
    from generator.build import build

    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(ROOT / "content", ROOT / "templates", site, search=True)
        urls = dict(PAGES, person=folder_url(site, "speakers", "zarrilli"), city=folder_url(site, "cities", "medellin"))
        made: set[Path] = set()
        with serving(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for name, url in urls.items():
                for width, (viewport, scale) in VIEWPORTS.items():
                    for scheme in ("light", "dark") if name in DARK else ("light",):
                        context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                                      color_scheme=scheme)  # type: ignore[arg-type]
                        suffix = "-dark" if scheme == "dark" else ""
                        path = OUT / f"{name}-{width}{suffix}.png"
                        shoot(context.new_page(), base + str(url), path)
                        made.add(path)
                        context.close()
            browser.close()
    for stale in set(OUT.glob("*.png")) - made:
        stale.unlink()
    print(f"{len(made)} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
