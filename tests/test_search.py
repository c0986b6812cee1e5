"""Specifications of the search index: the real Pagefind binary on the built default site.

The first tests need no browser. The rest query the bundle through Pagefind's own browser API
(`/pagefind/pagefind.js`, run in Chromium on the served site): what a reader's search returns,
without the UI in the way. The UI itself is `test_search_browser.py`.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from site_fixture import CONTENT, TEMPLATES, BuiltSite, pagefind_filters, pagefind_search, served

from generator import search
from generator.build import build
from generator.errors import BuildError
from generator.search import BUNDLE_DIR, index_site, reported_counts
from generator.serve.indexer import BackgroundIndexer
from generator.write import write_site

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytest_plugins = ["site_fixture"]

MEETING = "/meetings/e-2018-sr-22/"
PARAGRAPH_URL = re.compile(re.escape(MEETING) + r"#(p\d+)")
KINDS = ["Summary record", "Verbatim record"]


def html_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site by site-relative path, the search bundle aside."""
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        if BUNDLE_DIR not in p.relative_to(site).parts
    }


# The indexer


def test_reindexing_removes_stale_bundle_files(tmp_path: Path) -> None:
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text('<html lang="en"><body><main data-pagefind-body><h1>Water</h1><p>Clean.</p></main></body></html>')
    stale = tmp_path / BUNDLE_DIR / "fragment" / "en_0123456789.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from an older build")
    index = index_site(tmp_path)
    assert not stale.exists()
    files = [p for p in (tmp_path / BUNDLE_DIR).rglob("*") if p.is_file()]
    assert (tmp_path / BUNDLE_DIR / "pagefind.js").is_file() and (tmp_path / BUNDLE_DIR / "pagefind-ui.js").is_file()
    assert (index.pages, index.files, index.bytes) == (1, len(files), sum(p.stat().st_size for p in files))


def html_file(site: Path, relative: str, size: int = 0) -> str:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "<p>" + "x" * size + "</p>"
    path.write_text(f'<html lang="en"><body><main data-pagefind-body><h1>{relative}</h1>{body}</main></body></html>')
    return relative


def test_pages_are_split_into_bundles_of_about_equal_size_for_the_workers(tmp_path: Path) -> None:
    pages = [html_file(tmp_path, "index.html", 400), html_file(tmp_path, "speakers/a/index.html", 400)]
    pages += [html_file(tmp_path, f"meetings/m{i}/index.html", 400) for i in range(6)]
    html_file(tmp_path, f"{BUNDLE_DIR}/ignored.html")
    total = sum((tmp_path / page).stat().st_size for page in pages)
    assert search.split_pages(tmp_path, bundle_bytes=total) == [sorted(Path(p) for p in pages)]
    parts = search.split_pages(tmp_path, bundle_bytes=total * 3 // 8)  # 3 bundles needed: 4, for two workers
    assert [len(part) for part in parts] == [2, 2, 2, 2]
    assert [path for part in parts for path in part] == sorted(Path(p) for p in pages)
    assert len(search.split_pages(tmp_path, bundle_bytes=1)) == len(pages)  # a page larger than a bundle: alone
    (tmp_path / "countries" / "x").mkdir(parents=True)
    (tmp_path / "countries" / "x" / "index.html").write_text("<html><body><h1>Nowhere</h1></body></html>")
    assert Path("countries/x/index.html") not in [p for part in search.split_pages(tmp_path, 1000) for p in part]


def test_past_the_most_bundles_bundles_grow_as_far_as_the_memory_holds_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [html_file(tmp_path, f"meetings/m{i}/index.html", 400) for i in range(8)]
    monkeypatch.setattr(search, "MOST_BUNDLES", 4)
    monkeypatch.setattr(search, "available_bytes", lambda: None)
    parts = search.split_pages(tmp_path, bundle_bytes=1)  # a bundle a page would be 8 bundles
    assert [len(part) for part in parts] == [2, 2, 2, 2]
    assert [path for part in parts for path in part] == sorted(Path(p) for p in pages)
    page_bytes = (tmp_path / pages[0]).stat().st_size
    room_for_two_pages_each = 2 * page_bytes * search.WORKERS * search.PAGEFIND_BYTES_PER_BYTE
    monkeypatch.setattr(search, "MOST_BUNDLES", 2)
    monkeypatch.setattr(search, "available_bytes", lambda: room_for_two_pages_each)
    assert [len(part) for part in search.split_pages(tmp_path, bundle_bytes=1)] == [2, 2, 2, 2]


def test_a_bundle_holds_its_least_size_or_what_the_most_bundles_need_as_far_as_the_memory_holds() -> None:
    megabyte, gigabyte = 2**20, 2**30
    assert search.bundle_size(640 * megabyte, 64 * megabyte, 20 * gigabyte) == 64 * megabyte  # 10 bundles
    wanted = math.ceil(16 * gigabyte / search.MOST_BUNDLES)  # 100,000 records
    assert search.bundle_size(16 * gigabyte, 64 * megabyte, 20 * gigabyte) == wanted
    assert search.bundle_size(16 * gigabyte, 64 * megabyte, None) == wanted
    two_pagefinds_of_128_mb = 2 * 128 * megabyte * search.PAGEFIND_BYTES_PER_BYTE
    assert search.bundle_size(16 * gigabyte, 64 * megabyte, two_pagefinds_of_128_mb) == 128 * megabyte
    assert search.bundle_size(16 * gigabyte, 64 * megabyte, gigabyte) == 64 * megabyte  # never below the least


def test_a_page_is_searched_for_its_body_mark_only_as_far_as_the_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "READ_BYTES", 8)
    for offset in range(12):  # the mark across every boundary of two reads
        page = tmp_path / f"p{offset}.html"
        page.write_bytes(b"x" * offset + search.BODY_MARK + b"y" * 20)
        assert search.carries_body(page)
    unmarked = tmp_path / "unmarked.html"
    unmarked.write_bytes(b"data-pagefind-bod" + b"x" * 30 + b"data-pagefind-filter body")
    assert not search.carries_body(unmarked)
    assert not search.carries_body(tmp_path / "gone.html")
    meeting = tmp_path / "meeting.html"
    meeting.write_bytes(b"<main " + search.BODY_MARK + b">" + b"speech " * 200_000)
    read, open_page = [], Path.open

    def counting_open(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        file = open_page(path, *args, **kwargs)
        real_read = file.read
        file.read = lambda size=-1: read.append(len(chunk := real_read(size))) or chunk
        return file

    monkeypatch.setattr(search, "READ_BYTES", 1024)
    monkeypatch.setattr(Path, "open", counting_open)
    assert search.carries_body(meeting)
    assert sum(read) == 1024, "the page's text after its mark was read too"


def test_a_large_site_where_no_page_marks_a_body_is_one_bundle(tmp_path: Path) -> None:
    for i in range(4):
        (tmp_path / f"p{i}.html").write_text(f"<html><body><h1>Page {i}</h1>{'x' * 400}</body></html>")
    assert search.split_pages(tmp_path, bundle_bytes=100) == [[Path(f"p{i}.html") for i in range(4)]]


def test_a_split_index_is_bundles_the_main_one_lists(tmp_path: Path) -> None:
    for i in range(4):
        html_file(tmp_path, f"meetings/m{i}/index.html", 400)
    index = index_site(tmp_path, bundle_bytes=1000)
    bundle = tmp_path / BUNDLE_DIR
    assert json.loads((bundle / search.PARTS_FILE).read_text()) == ["part-1/", "part-2/", "part-3/"]
    assert all((bundle / part / search.ENTRY_FILE).is_file() for part in ("", "part-1", "part-2", "part-3"))
    assert (index.bundles, index.pages) == (4, 4)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # the scratch mirrors are gone


def four_bundle_site(site: Path, work: Path) -> BackgroundIndexer:
    """Four meeting pages, a bundle each at 1000 bytes a bundle, and the dev server's indexer of them."""
    work.mkdir()
    for i in range(4):
        html_file(site, f"meetings/m{i}/index.html", 400)
    return BackgroundIndexer(site, work, threading.Lock(), io.StringIO(), bundle_bytes=1000)


def index_again(indexer: BackgroundIndexer) -> None:
    """Ask for an index and wait until it is swapped in."""
    runs = indexer.runs
    indexer.request()
    deadline = time.monotonic() + 60
    while indexer.runs == runs and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_dev_servers_background_index_is_split_as_the_builds_is(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / "work"
    indexer = four_bundle_site(site, work)
    try:
        index_again(indexer)
    finally:
        indexer.stop()
    bundle = site / BUNDLE_DIR
    assert json.loads((bundle / search.PARTS_FILE).read_text()) == ["part-1/", "part-2/", "part-3/"]
    assert all((bundle / part / search.ENTRY_FILE).is_file() for part in ("", "part-1", "part-2", "part-3"))
    assert list(work.iterdir()) == []  # the mirrors and the staging folder are gone


def test_the_default_site_is_one_bundle_and_says_so(built_site: BuiltSite, split_site: BuiltSite) -> None:
    assert json.loads((built_site.path / BUNDLE_DIR / search.PARTS_FILE).read_text()) == []
    assert built_site.report.search is not None and split_site.report.search is not None
    assert built_site.report.search.bundles == 1
    assert split_site.report.search.bundles >= 8 and split_site.report.search.bundles % search.WORKERS == 0
    assert split_site.report.search.pages == built_site.report.search.pages  # no page without a body indexed


def test_pagefinds_tally_is_read_with_thousands_separators() -> None:
    tally = "Total:\n  Indexed 1 language\n  Indexed 1,234 pages\n  Indexed 56,789 words\n  Indexed 6 filters\n"
    assert reported_counts(tally) == {"page": 1234, "word": 56789, "filter": 6}


def test_a_failed_index_is_a_build_error_and_leaves_the_old_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_site({"index.html": b"the old site"}, site)
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path("/bin/false"))
    with pytest.raises(BuildError, match="Pagefind failed"):
        build(CONTENT, TEMPLATES, site)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_bytes() == b"the old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind


def test_no_search_builds_without_a_bundle(tmp_path: Path) -> None:
    report = build(CONTENT, TEMPLATES, tmp_path / "site", search=False)
    assert report.search is None and "index" not in report.seconds
    assert not (tmp_path / "site" / BUNDLE_DIR).exists()
    assert (tmp_path / "site" / "search" / "index.html").is_file()


def test_build_report_carries_the_index_figures(built_site: BuiltSite) -> None:
    index = built_site.report.search
    assert index is not None
    files = [p for p in (built_site.path / BUNDLE_DIR).rglob("*") if p.is_file()]
    assert (index.files, index.bytes) == (len(files), sum(p.stat().st_size for p in files))
    assert index.seconds <= built_site.report.seconds["index"]  # Pagefind's own time, inside the phase
    assert list(built_site.report.seconds) == ["parse", "link", "render", "index", "write"]
    assert 0 < index.seconds < 10  # a few records: well under a second on one core
    assert index.words > 1000


def test_only_meetings_people_and_cities_are_indexed(built_site: BuiltSite) -> None:
    pages = html_pages(built_site.path)
    indexed = {path for path, html in pages.items() if "data-pagefind-body" in html}
    assert {path.split("/")[0] for path in indexed} == {"meetings", "speakers", "cities"}
    meetings = {path for path in pages if re.fullmatch(r"meetings/[^/]+/index\.html", path)}
    people = {path for path in pages if re.fullmatch(r"speakers/[^/]+/index\.html", path)}
    cities = {path for path in pages if re.fullmatch(r"cities/[^/]+/index\.html", path)}
    assert indexed == meetings | people | cities
    assert built_site.report.search is not None and built_site.report.search.pages == len(indexed)


def test_paragraph_anchors_are_headings_with_ids_so_pagefind_makes_sub_results(built_site: BuiltSite) -> None:
    html = (built_site.path / MEETING.strip("/") / "index.html").read_text(encoding="utf-8")
    body = html[html.index("data-pagefind-body") :]
    assert re.search(r'<h[2-6] id="p40" class="pn"', body)


# What a search returns (Pagefind's browser API on the served site)


@pytest.fixture
def site_page(page: Page, site_url: str) -> Page:
    """A page of the served site, with Pagefind's API importable from it."""
    page.goto(site_url + "/search/")
    return page


@pytest.mark.parametrize("query", ["Medellín", "Medellin", "medellin", "MEDELLÍN"])
def test_accents_fold_both_ways_and_hits_land_on_paragraphs(site_page: Page, built_site: BuiltSite, query: str) -> None:
    hits = pagefind_search(site_page, query)
    meeting = next(hit for hit in hits if hit["url"] == MEETING)
    anchors = [m.group(1) for sub in meeting["sub_results"] if (m := PARAGRAPH_URL.fullmatch(sub["url"]))]
    assert anchors, meeting["sub_results"]
    assert any("<mark>Medellín" in sub["excerpt"] for sub in meeting["sub_results"])
    html = (built_site.path / MEETING.strip("/") / "index.html").read_text(encoding="utf-8")
    for anchor in anchors:
        assert re.search(rf'<h[2-6] id="{anchor}" class="pn', html), anchor


def test_meeting_hits_carry_symbol_date_and_title(site_page: Page, built_site: BuiltSite) -> None:
    hits = pagefind_search(site_page, None, {"kind": {"any": KINDS}})
    meetings = [p for p in html_pages(built_site.path) if re.fullmatch(r"meetings/[^/]+/index\.html", p)]
    assert len(hits) == len(meetings) == built_site.report.records
    for hit in hits:
        assert set(hit["meta"]) >= {"symbol", "date", "title"}, hit["url"]
        assert hit["meta"]["title"].startswith(hit["meta"]["symbol"] + ": ")
    ecosoc = next(hit for hit in hits if hit["url"] == MEETING)
    assert (ecosoc["meta"]["symbol"], ecosoc["meta"]["date"]) == ("E/2018/SR.22", "2 May 2018")
    assert ecosoc["filters"]["body"] == ["Economic and Social Council"]
    assert ecosoc["filters"]["year"] == ["2018"]
    assert ecosoc["filters"]["kind"] == ["Summary record"]
    assert "Mr. Zarrilli" in ecosoc["filters"]["speaker"]
    assert "Medellín" in ecosoc["filters"]["city"]


def test_filters_are_body_year_kind_speaker_country_and_city(site_page: Page) -> None:
    filters = pagefind_filters(site_page)
    assert set(filters) == {"body", "year", "kind", "speaker", "country", "city"}
    assert filters["speaker"]["Mr. Zarrilli"] == 1
    assert set(filters["kind"]) <= set(KINDS)
    assert {"Economic and Social Council", "General Assembly", "Security Council"} <= set(filters["body"])


def test_the_speaker_filter_leaves_only_his_meeting(site_page: Page) -> None:
    everyone = pagefind_search(site_page, "climate")
    assert len({hit["url"] for hit in everyone if hit["url"].startswith("/meetings/")}) > 1
    his = pagefind_search(site_page, "climate", {"speaker": "Mr. Zarrilli"})
    assert [hit["url"] for hit in his] == [MEETING]


def test_the_body_filter_keeps_only_that_bodys_meetings(site_page: Page) -> None:
    everything = pagefind_search(site_page, "security")
    council = pagefind_search(site_page, "security", {"body": "Security Council"})
    assert 0 < len(council) < len(everything)
    assert all(hit["meta"]["symbol"].startswith("S/") for hit in council)


def test_a_persons_name_finds_their_page_first(site_page: Page) -> None:
    hits = pagefind_search(site_page, "Zarrilli")
    assert hits[0]["url"].startswith("/speakers/") and "Zarrilli" in hits[0]["title"]
    assert MEETING in [hit["url"] for hit in hits]


def test_a_citys_name_finds_its_page_first(site_page: Page) -> None:
    for query in ("Medellín", "Medellin"):
        first = pagefind_search(site_page, query)[0]
        assert first["url"].startswith("/cities/") and first["title"] == "Medellín", query


def test_person_pages_index_a_summary_not_every_paragraph_again(site_page: Page) -> None:
    person = pagefind_search(site_page, "Zarrilli")[0]
    assert person["words"] < 80
    # GreeNYC is named once, in Mr. Zarrilli's para. 68: his page lists that paragraph but is not a hit for it.
    # (A split index also has the words that begin it, "green", found in bundles without it: ranked after.)
    hits = [hit["url"] for hit in pagefind_search(site_page, "GreeNYC")]
    assert hits[0] == MEETING and not [url for url in hits if url.startswith("/speakers/")]


def test_pages_outside_the_archive_are_not_hits(site_page: Page) -> None:
    for query in ("Meetings", "Search", "Plenary"):
        urls = [hit["url"] for hit in pagefind_search(site_page, query)]
        assert not [url for url in urls if not re.match(r"/(meetings|speakers|cities)/[^/]+/$", url)], query


# Carrying unchanged bundles over from the site a build replaces


def bundle_files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file Pagefind made in the site's search bundle: its inode and bytes, by bundle-relative path
    (the list of bundles, written afresh by every build, aside)."""
    bundle = site / BUNDLE_DIR
    return {p.relative_to(bundle).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in bundle.rglob("*")
            if p.is_file() and p.relative_to(bundle).as_posix() != search.PARTS_FILE}


def test_a_rebuild_of_unchanged_pages_carries_every_bundle_over(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build(CONTENT, TEMPLATES, site, search_bundle_bytes=256 * 1024).search
    before = bundle_files(site)
    again = build(CONTENT, TEMPLATES, site, search_bundle_bytes=256 * 1024).search
    assert first is not None and again is not None
    assert (first.carried_over, again.carried_over) == (0, first.bundles)
    assert (again.pages, again.words, again.files, again.bytes) == (first.pages, first.words, first.files, first.bytes)
    assert bundle_files(site) == before  # the same files, linked over rather than copied


def test_a_bundle_made_by_another_pagefind_is_indexed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    build(CONTENT, TEMPLATES, site)
    monkeypatch.setattr(search, "_pagefind_version", lambda: "0.0.1")
    index = build(CONTENT, TEMPLATES, site).search
    assert index is not None and index.carried_over == 0


def test_a_bundle_from_a_build_without_its_record_is_indexed_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site({"index.html": b"<html><body><main data-pagefind-body>Old</main></body></html>",
                f"{BUNDLE_DIR}/{search.INPUTS_FILE}": b"{not json"}, site)
    index = build(CONTENT, TEMPLATES, site).search
    assert index is not None and index.carried_over == 0


def test_after_an_edit_only_the_bundles_of_changed_pages_are_indexed_and_the_edit_is_found(
    tmp_path: Path, page: Page
) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    first = build(content, TEMPLATES, site, search_bundle_bytes=256 * 1024).search
    record = content / "E_2018_SR.22.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Medellín", "Medellín and Quetzaltenango", 1), encoding="utf-8")
    edited = build(content, TEMPLATES, site, search_bundle_bytes=256 * 1024).search
    assert first is not None and edited is not None and edited.bundles == first.bundles
    assert 0 < edited.carried_over < edited.bundles
    with served(site) as url:
        page.goto(url + "/search/")
        assert MEETING in [hit["url"] for hit in pagefind_search(page, "Quetzaltenango")]
        assert MEETING in [hit["url"] for hit in pagefind_search(page, "Medellín")]


def test_the_dev_servers_background_index_carries_unchanged_bundles_over(tmp_path: Path) -> None:
    site, work = tmp_path / "site", tmp_path / "work"
    indexer = four_bundle_site(site, work)
    try:
        index_again(indexer)
        before = bundle_files(site)
        html_file(site, "meetings/m3/index.html", 401)  # the last bundle's only page
        index_again(indexer)
    finally:
        indexer.stop()
    after = bundle_files(site)
    kept = {path for path in after if path in before and after[path][0] == before[path][0]}
    assert kept and all(not path.startswith("part-3/") for path in kept)
    assert {path.split("/")[0] for path in kept if path.startswith("part-")} == {"part-1", "part-2"}
    assert any(path.startswith("part-3/") for path in after)
