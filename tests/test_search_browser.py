"""What a reader sees on /search/: Pagefind's UI in real headless Chromium, on the built default site,
served on 127.0.0.1 with the production Content-Security-Policy (no inline script or style allowed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from site_fixture import CONTENT, TEMPLATES, BuiltSite, served

import generator.render.pages as pages_module
from generator.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytest_plugins = ["site_fixture"]

MEETING = "/meetings/e-2018-sr-22/"
# Registered before any page script runs (Playwright injects it past the CSP): every CSP violation of the page.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture
def reader(page: Page, site_url: str) -> Iterator[Page]:
    """A browser page on the served site that must end with no console error, failed request or CSP violation."""
    page.add_init_script(WATCH_CSP)
    yield page
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.failed_requests == []  # type: ignore[attr-defined]
    if page.url.startswith(site_url):
        assert page.evaluate("window.__cspViolations") == []


SETTLED = """query => {
  const message = document.querySelector(".pagefind-ui__message");
  return !!message && (!query || message.textContent.includes(`for ${query}`))
    && document.querySelectorAll(".pagefind-ui__result").length > 0
    && !document.querySelector(".pagefind-ui__result .pagefind-ui__loading");
}"""
"""True once the results for `query` (any query when empty) are all shown with their data loaded."""


def results(page: Page, query: str = "") -> Locator:
    """The UI's result items, once the search for `query` has settled."""
    page.wait_for_function(SETTLED, arg=query)
    return page.locator(".pagefind-ui__result")


def result_for(page: Page, url: str) -> Locator:
    """The result item whose title links to `url`."""
    item = page.locator(".pagefind-ui__result").filter(
        has=page.locator(f'.pagefind-ui__result-title > a.pagefind-ui__result-link[href="{url}"]')
    )
    item.first.wait_for()
    return item.first


def result_urls(page: Page, query: str = "") -> list[str]:
    """The page URLs of the results shown, in order (nested sub-results aside)."""
    urls: list[str] = (
        results(page, query)
        .locator(".pagefind-ui__result-inner > .pagefind-ui__result-title a.pagefind-ui__result-link")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    return urls


def query_of(page: Page) -> dict[str, list[str]]:
    """The page's URL parameters."""
    return parse_qs(urlsplit(page.url).query)


def search_for(page: Page, query: str) -> None:
    """Type a query into the UI's own search field, as a reader does, and wait for its results."""
    field = page.locator(".pagefind-ui__search-input")
    field.fill("")
    field.press_sequentially(query, delay=20)
    results(page, query)


def wait_until_results_settle(page: Page, count: int) -> None:
    """Wait for exactly `count` results (the UI re-renders after a filter change)."""
    page.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length === n"
        " && !document.querySelector('.pagefind-ui__result .pagefind-ui__loading')",
        arg=count,
    )


def test_search_page_is_served_under_the_strict_csp(reader: Page, site_url: str) -> None:
    response = reader.goto(site_url + "/search/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "unsafe-inline" not in policy
    html = response.text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    reader.locator(".pagefind-ui__search-input").wait_for()
    assert reader.locator("#search .pagefind-ui").count() == 1


def test_the_csp_watch_sees_what_the_policy_blocks(page: Page, site_url: str) -> None:
    # The reader fixture's "no violation" means something only if a violation would be seen.
    page.add_init_script(WATCH_CSP)
    page.goto(site_url + "/search/")
    page.evaluate("""() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline</p>')""")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations")[0].startswith("style-src")


def test_a_query_in_the_url_opens_with_results_already_shown(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/?q=cybersecurity")
    urls = result_urls(reader, "cybersecurity")
    assert urls and all(url.startswith("/meetings/") for url in urls)
    assert reader.locator(".pagefind-ui__search-input").input_value() == "cybersecurity"
    assert "cybersecurity" in reader.locator(".pagefind-ui__message").inner_text()
    assert reader.title().startswith("“cybersecurity”")


def test_pressing_enter_in_the_search_field_stays_on_the_results(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/")
    search_for(reader, "water")
    reader.locator(".pagefind-ui__search-input").press("Enter")
    results(reader, "water")
    assert urlsplit(reader.url).path == "/search/" and query_of(reader) == {"q": ["water"]}


@pytest.mark.parametrize("query", ["Medellín", "Medellin"])
def test_typing_a_city_finds_the_paragraph_and_the_link_scrolls_to_it(reader: Page, site_url: str, query: str) -> None:
    reader.goto(site_url + "/search/")
    search_for(reader, query)
    meeting = result_for(reader, MEETING)
    assert "E/2018/SR.22" in meeting.locator(".pagefind-ui__result-title").first.inner_text()
    paragraph = (
        meeting.locator(".pagefind-ui__result-nested a.pagefind-ui__result-link")
        .filter(has_text=re.compile(r"^Para\. \d+"))
        .first
    )
    href = paragraph.get_attribute("href") or ""
    anchor = re.fullmatch(re.escape(MEETING) + r"#(p\d+)", href)
    assert anchor, href
    assert query_of(reader) == {"q": [query]}  # the search can be shared as it stands
    paragraph.click()
    reader.wait_for_url(re.compile(re.escape(href) + "$"))
    target = reader.locator(f"#{anchor.group(1)}")
    expect(target).to_be_in_viewport()
    assert reader.evaluate("window.scrollY") > 0
    text = target.locator("xpath=..").inner_text()
    assert "Medellín" in text


def test_filtering_by_speaker_leaves_only_his_meeting(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/?q=climate")
    before = result_urls(reader, "climate")
    assert len([url for url in before if url.startswith("/meetings/")]) > 1
    reader.locator(".pagefind-ui__filter-name", has_text="Speaker").click()
    reader.get_by_role("checkbox", name=re.compile(r"^Mr\. Zarrilli \(\d+\)")).check()
    wait_until_results_settle(reader, 1)
    assert result_urls(reader) == [MEETING]
    assert query_of(reader) == {"q": ["climate"], "speaker": ["Mr. Zarrilli"]}


def test_a_shared_filtered_search_opens_filtered(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/?q=climate&speaker=Mr.+Zarrilli")
    wait_until_results_settle(reader, 1)
    assert result_urls(reader) == [MEETING]
    assert reader.get_by_role("checkbox", name=re.compile(r"^Mr\. Zarrilli \(\d+\)")).is_checked()


def test_a_speakers_page_searches_what_they_said(reader: Page, site_url: str) -> None:
    reader.goto(site_url + MEETING)
    reader.locator(".record-text a.speaker", has_text="Mr. Zarrilli").first.click()
    form = reader.get_by_role("search", name="Search Mr. Zarrilli’s statements")
    form.get_by_role("searchbox", name="Search what Mr. Zarrilli said").fill("climate")
    form.get_by_role("button", name="Search").click()
    wait_until_results_settle(reader, 1)
    assert result_urls(reader) == [MEETING]
    assert query_of(reader) == {"q": ["climate"], "speaker": ["Mr. Zarrilli"]}
    assert reader.get_by_role("checkbox", name=re.compile(r"^Mr\. Zarrilli \(\d+\)")).is_checked()


SHOWN = 3
"""The values of a long filter the search page lists, lowered for the default site (`FILTER_VALUES_SHOWN`)."""


@pytest.fixture(scope="module")
def few_values_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default site with the search page's long filters cut to `SHOWN` values, served."""
    site = tmp_path_factory.mktemp("few-values") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_module, "FILTER_VALUES_SHOWN", SHOWN)
        build(CONTENT, TEMPLATES, site)
    with served(site) as url:
        yield url


def filter_values(page: Page, name: str) -> list[str]:
    """The values a filter of the UI offers, as their checkboxes are labelled (`Mr. Zarrilli (1)`)."""
    block = page.locator(".pagefind-ui__filter-block").filter(has_text=name)
    labels: list[str] = block.locator(".pagefind-ui__filter-label").all_text_contents()
    return labels


def test_a_long_filter_lists_its_most_frequent_values_and_the_chosen_one(
        page: Page, few_values_url: str, built_site: BuiltSite) -> None:
    with served(built_site.path) as every_value_url:  # the same site, one bundle, every value listed
        page.goto(every_value_url + "/search/?q=climate")
        results(page, "climate")
        every_speaker, every_year = filter_values(page, "Speaker"), filter_values(page, "Year")
    page.goto(few_values_url + "/search/?q=climate")
    results(page, "climate")
    speakers = filter_values(page, "Speaker")
    assert len(every_speaker) > SHOWN and len(speakers) == SHOWN and set(speakers) < set(every_speaker)
    assert not any(label.startswith("Mr. Zarrilli") for label in speakers)
    assert len(every_year) > SHOWN and filter_values(page, "Year") == every_year  # a short filter keeps every value
    page.goto(few_values_url + "/search/?q=climate&speaker=Mr.+Zarrilli")
    wait_until_results_settle(page, 1)
    assert result_urls(page) == [MEETING]
    assert page.get_by_role("checkbox", name=re.compile(r"^Mr\. Zarrilli \(\d+\)")).is_checked()
    assert page.console_errors == [] and page.failed_requests == []  # type: ignore[attr-defined]


def test_filtering_by_body_keeps_that_bodys_meetings(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/?q=security")
    before = result_urls(reader, "security")
    reader.get_by_role("checkbox", name=re.compile(r"^Security Council \(\d+\)")).check()
    reader.wait_for_function(
        "n => document.querySelectorAll('.pagefind-ui__result').length > 0"
        " && document.querySelectorAll('.pagefind-ui__result').length < n"
        " && !document.querySelector('.pagefind-ui__result .pagefind-ui__loading')",
        arg=len(before),
    )
    titles = reader.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").all_inner_texts()
    assert titles and all(title.startswith("S/") for title in titles), titles
    assert query_of(reader)["body"] == ["Security Council"]


def test_searching_a_persons_name_shows_their_page_first(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/")
    search_for(reader, "Zarrilli")
    urls = result_urls(reader, "Zarrilli")
    assert urls[0].startswith("/speakers/"), urls
    assert MEETING in urls
    first = reader.locator(".pagefind-ui__result").first.locator(".pagefind-ui__result-title").first
    assert "Zarrilli" in first.inner_text()


def test_the_header_search_box_on_any_page_leads_to_the_results(reader: Page, site_url: str) -> None:
    reader.goto(site_url + MEETING)
    header = reader.locator(".site-header form[role=search]")
    header.get_by_role("searchbox").fill("Zarrilli")
    header.get_by_role("button", name="Search").click()
    reader.wait_for_url(re.compile(r"/search/\?q=Zarrilli$"))
    assert result_urls(reader, "Zarrilli")[0].startswith("/speakers/")
    assert reader.locator("#site-search").input_value() == "Zarrilli"


def test_clearing_the_query_clears_it_from_the_url(reader: Page, site_url: str) -> None:
    reader.goto(site_url + "/search/?q=water")
    results(reader, "water")
    reader.locator(".pagefind-ui__search-clear").click()
    reader.wait_for_function("() => !location.search")
    assert reader.title().startswith("Search ·")


def test_without_an_index_the_search_page_says_so_and_offers_the_lists(
    page: Page, serve_directory: Callable[[Path], str], tmp_path: Path
) -> None:
    build(CONTENT, TEMPLATES, tmp_path / "site", search=False)
    page.goto(serve_directory(tmp_path / "site") + "/search/")
    notice = page.locator(".search-status")
    expect(notice).to_be_visible()
    assert notice.get_by_role("link", name="meetings").get_attribute("href") == "/meetings/"
    failed: list[str] = page.failed_requests  # type: ignore[attr-defined]
    assert failed and all("/pagefind/" in request for request in failed)  # only the bundle that was not built
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    assert all("Failed to load resource" in error for error in errors), errors
