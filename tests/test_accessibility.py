"""What a reader with assistive technology meets: axe-core on the main kinds of page, in light and dark
mode, on a desktop and a phone; the search used with the keyboard alone; and no page breaking the
production Content-Security-Policy.

The site is the session's `built_site`, served like Netlify serves it: the production CSP on every
answer and `404.html` (status 404) for a missing page. axe-core comes from `node_modules/` (`make test`
runs `npm ci`). It is put into each page with `page.evaluate`, which runs through the DevTools protocol
and so is not subject to the page's CSP: an injected `<script>` tag (Playwright's `add_script_tag`)
would be blocked by `script-src 'self'`, and the pages are checked under the real policy, unrelaxed.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect
from site_fixture import BuiltSite, ProductionHandler, served

import generator.render.pages as pages_module
from generator.build import build
from generator.serve.http import CONTENT_SECURITY_POLICY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytest_plugins = ["site_fixture"]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MEETING = "/meetings/e-2018-sr-22/"
MISSING = "/no-such-page/"
KINDS = ("home", "meeting", "person", "city", "search", "404")
"""The kinds of page checked: the `pages` fixture gives the URL of each."""
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
SCHEMES = ("light", "dark")
"""Every rule runs in the first scheme; the colour rules again in the others."""
BLOCKING = frozenset(["serious", "critical"])
"""axe impacts that fail the test; minor and moderate ones are reported by axe but tolerated."""

# Registered before any page script runs: every CSP violation the page meets.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""
# True once Pagefind's UI shows results for the query in the URL, their data loaded.
SEARCH_SETTLED = """() => document.querySelectorAll(".pagefind-ui__result").length > 0
  && !document.querySelector(".pagefind-ui__result .pagefind-ui__loading")"""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The axe rules whose outcome depends on the colour scheme: all a second scheme needs checking for."""
RUN_AXE = """async (rules) => {
  const options = {resultTypes: ["violations"]};
  if (rules) { options.runOnly = {type: "rule", values: rules}; }
  const results = await axe.run(document, options);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ") + " (" + (n.failureSummary || "").replace(/\\s+/g, " ") + ")"),
  }));
}"""


class NetlifyHandler(ProductionHandler):
    """The production headers, and the site's own 404 page for a missing path, as Netlify serves it."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def netlify_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site, served as Netlify does."""
    with served(built_site.path, NetlifyHandler) as url:
        yield url


@pytest.fixture(scope="module")
def split_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default records with every speaker and city past a few paragraphs split by year
    (`generator.render.pages.SPLIT_FROM`), and the indexes of meetings and speakers by year and by letter
    (`INDEX_SPLIT_FROM`), served as Netlify does."""
    site = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_module, "SPLIT_FROM", 5)
        patch.setattr(pages_module, "INDEX_SPLIT_FROM", 5)
        build(ROOT / "content", ROOT / "templates", site, search=False)
    with served(site, NetlifyHandler) as url:
        yield url


@pytest.fixture(scope="module")
def pages(built_site: BuiltSite) -> dict[str, str]:
    """The pages checked, by kind: one of each template a reader lands on."""
    zarrilli = sorted((built_site.path / "speakers").glob("mr-zarrilli*"))
    assert zarrilli, "the default site has no page for Mr. Zarrilli"
    return {
        "home": "/",
        "meeting": MEETING,
        "person": f"/speakers/{zarrilli[0].name}/",
        "city": "/cities/medellin/",
        "search": "/search/?q=water",
        "404": MISSING,
    }


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's browser bundle, as npm installed it."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: `make test` installs it (npm ci)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until the page is complete: for the search page, until its results show."""
    page.goto(url)
    if "/search/" in url:
        page.wait_for_function(SEARCH_SETTLED)


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and one per element it names."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"])
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_page_has_no_serious_accessibility_violation_in_light_or_dark_mode(
    browser: Browser, netlify_url: str, pages: dict[str, str], axe_source: str, kind: str, width: str
) -> None:
    found = serious_violations(browser, netlify_url + pages[kind], width, axe_source)
    report = "\n".join(f"{pages[kind]} in {scheme} mode, {width}:\n{text}" for scheme, text in found.items())
    assert not found, "axe-core reports serious or critical violations:\n" + report


SPLIT_PAGES = {
    "person by years": "/speakers/sir-david-hannay-united-kingdom/",
    "person's year": "/speakers/sir-david-hannay-united-kingdom/1993/",
    "city by years": "/cities/new-york/",
    "city's year": "/cities/new-york/2018/",
    "meetings by years": "/meetings/",
    "meetings' year": "/meetings/2018/",
    "speakers by letters": "/speakers/",
    "speakers' letter": "/speakers/s/",
    "country's meetings left to its cities": "/countries/united-states/",
}
"""The pages of a speaker, a city and an index too long for one page: the list of years (or letters), and one
year (or letter); a country with too many meetings to list."""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", SPLIT_PAGES)
def test_pages_of_years_have_no_serious_accessibility_violation(
    browser: Browser, split_url: str, axe_source: str, kind: str, width: str
) -> None:
    with urllib.request.urlopen(split_url + SPLIT_PAGES[kind]) as response:  # the page, not the site's 404
        assert response.status == HTTPStatus.OK
    found = serious_violations(browser, split_url + SPLIT_PAGES[kind], width, axe_source)
    report = "\n".join(f"{SPLIT_PAGES[kind]} in {scheme} mode, {width}:\n{text}" for scheme, text in found.items())
    assert not found, "axe-core reports serious or critical violations:\n" + report


def serious_violations(browser: Browser, url: str, width: str, axe_source: str) -> dict[str, str]:
    """axe-core's serious and critical violations on the page at `url`, described, by colour scheme."""
    context = browser.new_context(viewport=WIDTHS[width])
    try:
        page = context.new_page()
        open_page(page, url)
        page.evaluate(axe_source)
        found = {}
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            rules = None if scheme == SCHEMES[0] else COLOUR_RULES
            violations = [v for v in page.evaluate(RUN_AXE, rules) if v["impact"] in BLOCKING]
            if violations:
                found[scheme] = describe(violations)
    finally:
        context.close()
    return found


def test_missing_page_answers_404_with_the_site_page(page: Page, netlify_url: str) -> None:
    response = page.goto(netlify_url + MISSING)
    assert response is not None and response.status == HTTPStatus.NOT_FOUND
    expect(page.locator("h1")).to_have_text("Page not found")


@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_with_no_content_security_policy_violation(
    page: Page, netlify_url: str, pages: dict[str, str], kind: str
) -> None:
    page.add_init_script(WATCH_CSP)
    response = page.goto(netlify_url + pages[kind])
    assert response is not None and response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    if kind == "search":
        page.wait_for_function(SEARCH_SETTLED)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []
    # Chromium also logs each violation as a console error ("Refused to ... Content Security Policy").
    # The 404 page's own status is no error: Chromium logs it, and the page fixture records it.
    missing = kind == "404"
    assert [e for e in page.console_errors if not (missing and "404 (Not Found)" in e)] == []  # type: ignore[attr-defined]
    assert [f for f in page.failed_requests if not (missing and f.endswith(MISSING))] == []  # type: ignore[attr-defined]


def tab_to(page: Page, target: Locator, limit: int) -> int:
    """Press Tab until `target` has the focus; how many presses it took (fails past `limit`)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    pytest.fail(
        f"{target} not reached in {limit} presses of Tab; the focus is on "
        + page.evaluate("document.activeElement.outerHTML.slice(0, 200)"),
        pytrace=False,
    )


def test_search_works_with_the_keyboard_alone(page: Page, netlify_url: str) -> None:
    page.goto(netlify_url + "/search/")
    field = page.locator(".pagefind-ui__search-input")
    # With no query in the URL, the search field has the focus on arrival.
    expect(field).to_be_focused()
    # From the top of the page (Tab wraps round to it): the skip link comes first and leads into
    # the main content, whose first control is the search field.
    tab_to(page, page.locator(".skip-link"), limit=40)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert tab_to(page, field, limit=40) == 1
    page.keyboard.type("water")
    page.wait_for_function(SEARCH_SETTLED)
    first = page.locator(".pagefind-ui__result-link").first
    target = first.get_attribute("href")
    assert target and target.startswith("/meetings/")
    tab_to(page, first, limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(netlify_url + target)
    expect(page.locator("h1")).to_be_visible()
