"""The built default site as a reader meets it: every link works, every page is reachable and well-formed,
and the founding record's people and places have the pages the design promises."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

from linkcheck import check_site, read_site, resolve, scan_page
from site_fixture import CONTENT, TEMPLATES, BuiltSite

from generator.build import build

pytest_plugins = ["site_fixture"]

SEED_SLUG = "e-2018-sr-22"
FORBIDDEN_CITIES = ["paris", "sendai", "madrid", "monaco", "jordan", "mexico"]


def page(site: BuiltSite, path: str) -> str:
    return (site.path / path).read_text(encoding="utf-8")


def person_page(site: BuiltSite, surname_slug: str) -> str:
    """The page of the one person whose slug starts with `mr-<surname>`."""
    (found,) = (site.path / "speakers").glob(f"{surname_slug}*/index.html")
    return found.read_text(encoding="utf-8")


def links_to(html: str, target: str) -> set[str]:
    """The fragments of every link in `html` to the page at site path `target`."""
    return {m.group(1) for m in re.finditer(rf'href="{re.escape(target)}#([\w-]+)"', html)}


def test_the_shipped_records_build_without_errors_or_warnings(built_site: BuiltSite) -> None:
    assert built_site.report.records == 7
    assert built_site.report.errors == ()
    assert built_site.report.warnings == ()


def test_every_internal_link_and_anchor_resolves_and_every_page_is_well_formed(built_site: BuiltSite) -> None:
    assert check_site(built_site.path) == []


def test_every_page_is_reachable_from_the_home_page(built_site: BuiltSite) -> None:
    files = read_site(built_site.path)
    pages = {path for path in files if path.endswith("index.html") and not path.startswith("pagefind/")}
    seen, queue = {"index.html"}, deque(["index.html"])
    while queue:
        source = queue.popleft()
        for link in scan_page(files[source].decode("utf-8")).links:
            resolved = resolve(source, link)
            if resolved and resolved[0] in pages and resolved[0] not in seen:
                seen.add(resolved[0])
                queue.append(resolved[0])
    assert pages - seen == set()
    for kind in ("meetings", "speakers", "cities", "countries"):
        assert any(path.startswith(f"{kind}/") and path.count("/") == 2 for path in seen), kind


def test_zarrillis_page_lists_his_paragraphs_of_the_seed_record(built_site: BuiltSite) -> None:
    html = person_page(built_site, "mr-zarrilli")
    assert links_to(html, f"/meetings/{SEED_SLUG}/") == {"p40", "p41", "p42", "p43", "p44", "p46", "p68"}


def test_the_medellin_page_links_the_seed_paragraphs_and_mr_gutierrez(built_site: BuiltSite) -> None:
    html = page(built_site, "cities/medellin/index.html")
    assert links_to(html, f"/meetings/{SEED_SLUG}/")
    assert re.search(r'href="/speakers/mr-gutierrez[\w-]*/"', html)


def test_no_city_page_cites_the_seed_record_for_a_treaty_a_building_or_a_country(built_site: BuiltSite) -> None:
    for slug in FORBIDDEN_CITIES:
        path = built_site.path / "cities" / slug / "index.html"
        if path.exists():
            assert f"/meetings/{SEED_SLUG}/#" not in path.read_text(encoding="utf-8"), slug


def test_the_seed_record_alone_makes_exactly_its_cities(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "E_2018_SR.22.md").write_bytes((CONTENT / "E_2018_SR.22.md").read_bytes())
    build(content, TEMPLATES, tmp_path / "site", search=False)
    cities = {p.name for p in (tmp_path / "site" / "cities").iterdir() if p.is_dir()}
    assert {"new-york", "amman", "cape-town", "medellin", "barcelona", "nairobi", "coxs-bazar"} <= cities
    assert cities.isdisjoint(FORBIDDEN_CITIES)


def test_each_meeting_page_links_the_official_document(built_site: BuiltSite) -> None:
    assert 'href="https://undocs.org/E/2018/SR.22"' in page(built_site, f"meetings/{SEED_SLUG}/index.html")


def test_every_paragraph_of_the_seed_has_its_permanent_anchor(built_site: BuiltSite) -> None:
    ids = scan_page(page(built_site, f"meetings/{SEED_SLUG}/index.html")).ids
    assert {f"p{n}" for n in range(1, 78)} <= ids
