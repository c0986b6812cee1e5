"""Specifications of the renderer: pages, links, anchors, escaping, structure, per-page re-rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
import render_fixtures as fixtures
from hypothesis import example, given
from hypothesis import strategies as st
from jinja2 import UndefinedError
from linkcheck import check_links, check_well_formed
from markupsafe import Markup, escape

import generator.render.output as output_module
import generator.render.pages as pages_module
from generator.model import Meeting, ParagraphDraft, Record, RecordKind, paragraphs_of
from generator.render import (
    affected_pages,
    collect_assets,
    listings,
    make_environment,
    pages_using_templates,
    render_page,
    render_pages,
    render_site,
    site_environment,
    site_pages,
)
from generator.render.environment import url_locations
from generator.render.markdown import excerpt, highlight, plain_text, render_inline
from generator.render.meeting import vote_list
from generator.render.pages import LazyContext, Page, PageInfo, sitemap_changed, sitemap_pages

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MEETING = "meetings/e-2018-sr-22/index.html"
VERBATIM = "meetings/a-79-pv-29/index.html"


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return render_site(fixtures.graph(), TEMPLATES, base_url="https://plenary.example.org")


def text(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


class _Elements(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def html_pages(site: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    for path, content in site.items():
        if path.endswith(".html"):
            yield path, content.decode("utf-8")


# The set of files


def test_site_has_every_page_kind(site: dict[str, bytes]) -> None:
    expected = {
        "index.html",
        "meetings/index.html",
        MEETING,
        VERBATIM,
        "meetings/e-2018-sr-23/index.html",
        "speakers/index.html",
        "speakers/mr-zarrilli/index.html",
        "cities/index.html",
        "cities/amman/index.html",
        "countries/index.html",
        "countries/jordan/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "sitemap-1.xml",
        "robots.txt",
    }
    assert expected <= set(site)


def test_assets_have_content_hashed_names_referenced_by_pages(site: dict[str, bytes]) -> None:
    assets = [path for path in site if path.startswith("assets/")]
    css = next(p for p in assets if p.startswith("assets/site.") and p.endswith(".css"))
    js = next(p for p in assets if p.startswith("assets/site.") and p.endswith(".js"))
    assert re.fullmatch(r"assets/site\.[0-9a-f]{10}\.css", css)
    assert re.fullmatch(r"assets/site\.[0-9a-f]{10}\.js", js)
    assert any(re.fullmatch(r"assets/favicon\.[0-9a-f]{10}\.svg", p) for p in assets)
    home = text(site, "index.html")
    assert f'href="/{css}"' in home and f'src="/{js}"' in home


def test_render_is_pure_and_repeatable(site: dict[str, bytes]) -> None:
    assert render_site(fixtures.graph(), TEMPLATES, base_url="https://plenary.example.org") == site


# The meeting page


def test_every_paragraph_has_its_anchor_as_a_heading(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    for paragraph in fixtures.summary_record().paragraphs:
        assert re.search(rf'<h[2-6] id="{paragraph.anchor}" class="pn', html), paragraph.anchor


def test_official_numbers_are_shown_and_link_to_their_anchor(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    assert re.search(
        r'<h\d id="p40" class="pn"><a href="#p40">'
        r'<span class="vh">Para. </span>40<span class="vh"> · Mr. Zarrilli</span></a>',
        html,
    )


def test_speaker_names_link_to_person_pages(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    assert '<a class="speaker" href="/speakers/mr-zarrilli/">Mr. Zarrilli</a>' in html
    assert '<a class="speaker" href="/speakers/mr-pecsteen-de-buytswerve/">The President</a>' in html
    assert '<span class="affiliation">(Mayor of Amman, Jordan)</span>, <span class="role">panellist</span>,' in html


def test_verbatim_turns_print_language_note_and_colon(site: dict[str, bytes]) -> None:
    html = text(site, VERBATIM)
    assert (
        '<a class="speaker" href="/speakers/mr-evseenko/">Mr. Evseenko</a> <span class="affiliation">(Belarus)</span> '
        '<span class="language">(spoke in Russian)</span>:' in html
    )


def test_city_names_in_text_link_to_city_pages_once_per_paragraph(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    para4 = html[html.index('id="p4"') : html.index('id="p40"')]
    assert para4.count('<a href="/cities/amman/" class="place">Amman</a>') == 1
    assert "Amman grew" in para4
    assert '<a href="/cities/new-york-city/" class="place">New York City</a>' in html


def test_city_links_never_land_inside_tags_or_attributes() -> None:
    html = render_inline("See [Amman city](https://example.org/Amman) and *Amman*.", [("Amman", "/cities/amman/")])
    assert html == (
        'See <a href="https://example.org/Amman">Amman city</a> and '
        '<em><a href="/cities/amman/" class="place">Amman</a></em>.'
    )


def test_procedural_paragraphs_are_marked_and_not_attributed(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    block = html[html.index('class="para para-procedural') :]
    block = block[: block.index("</div>")]
    assert "In the absence of" in block and "speaker" not in block


def test_vote_lists_are_lists_of_delegations(site: dict[str, bytes]) -> None:
    html = text(site, VERBATIM)
    assert "<li>Micronesia (Federated States of)</li>" in html
    assert vote_list("_In favour:_ Albania, Andorra, and Monaco.") is not None
    assert vote_list("_In favour:_ Albania, Andorra, and Monaco.").items == ("Albania", "Andorra", "Monaco")  # type: ignore[union-attr]


def test_every_paragraph_has_a_cite_button_with_its_citation(site: dict[str, bytes]) -> None:
    summary, verbatim = text(site, MEETING), text(site, VERBATIM)
    assert summary.count('<button type="button" class="cite"') == len(fixtures.summary_record().paragraphs)
    assert 'data-cite="E/2018/SR.22, para. 40" data-anchor="p40" data-pagefind-ignore' in summary
    assert 'data-cite="A/79/PV.29" data-anchor="p2"' in verbatim


def test_meeting_page_shows_source_details_and_outline(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    for shown in (
        "18-07008",
        "10.10 a.m.",
        "12.55 p.m.",
        "Integration segment",
        "Wednesday, 2 May 2018",
        'href="https://undocs.org/E/2018/SR.22"',
        '<a href="/cities/new-york-city/">New York City</a>',
    ):
        assert shown in html, shown
    assert '<nav class="outline"' in html and '<a href="#s3">Panel 1</a>' in html
    assert 'href="https://documents.un.org/doc/undoc/gen/n24/311/92/pdf/n2431192.pdf"' in text(site, VERBATIM)


def test_meeting_page_links_neighbours_of_the_same_body(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    assert '<a href="/meetings/e-2018-sr-23/" rel="next">E/2018/SR.23</a>' in html
    assert 'rel="prev"' not in html


def test_meeting_page_carries_pagefind_body_meta_and_filters(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    assert html.count("data-pagefind-body") == 1
    for attribute, value in (
        ("meta", 'symbol">E/2018/SR.22'),
        ("filter", 'body">Economic and Social Council'),
        ("filter", 'year">2018'),
        ("filter", 'kind">Summary record'),
        ("filter", 'speaker">Mr. Zarrilli'),
        ("filter", 'speaker">Mr. Shank'),
        ("filter", 'country">Jordan'),
        ("filter", 'city">Amman'),
    ):
        assert f'data-pagefind-{attribute}="{value}' in html, value
    assert html.count('data-pagefind-filter="speaker">Mr. Shank<') == 1


def test_headings_never_skip_a_level(site: dict[str, bytes]) -> None:
    for path, html in html_pages(site):
        levels = [int(tag[1]) for tag, _ in elements(html) if re.fullmatch(r"h[1-6]", tag)]
        assert levels[0] == 1, path
        assert levels.count(1) == 1, path
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{path}: h{before} then h{after}"


# Escaping and safety


def test_html_in_record_text_comes_out_escaped_and_inert(site: dict[str, bytes]) -> None:
    html = text(site, MEETING)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror" in html
    assert "javascript:" not in "".join(str(attrs.get("href")) for _, attrs in elements(html))
    assert '<a href="https://example.org/">safe</a>' in html
    assert not [attrs for _, attrs in elements(html) if any(k.startswith("on") for k in attrs)]


def test_names_and_symbols_from_a_record_are_escaped_in_each_paragraphs_layout() -> None:
    graph = fixtures.graph()
    meeting = next(m for m in graph.meetings if m.slug == "e-2018-sr-22")
    name, symbol = 'Mr. <i onmouseover="x">Shank</i> & Co', 'E/2018/SR.22"><b>bold</b>'
    record = dataclasses.replace(
        meeting.record,
        meeting=dataclasses.replace(meeting.record.meeting, symbol=symbol),
        turns=tuple(dataclasses.replace(t, speaker=dataclasses.replace(t.speaker, name=name))
                    for t in meeting.record.turns),
    )
    hostile = dataclasses.replace(meeting, record=record)
    graph = dataclasses.replace(graph, meetings=tuple(hostile if m is meeting else m for m in graph.meetings))
    html = render_site(graph, TEMPLATES)[MEETING].decode("utf-8")
    assert '<i onmouseover' not in html and "<b>bold</b>" not in html
    assert '<span class="vh"> · Mr. &lt;i onmouseover=&#34;x&#34;&gt;Shank&lt;/i&gt; &amp; Co</span>' in html
    assert 'data-cite="E/2018/SR.22&#34;&gt;&lt;b&gt;bold&lt;/b&gt;"' in html
    assert not [attrs for _, attrs in elements(html) if any(k.startswith("on") for k in attrs)]


MARKUP = '<b onclick="x">Bold</b> & Co'
"""A name, title or text as a record might print it, markup and all."""


def _listed(macro: str, *args: object) -> str:
    ui = make_environment(TEMPLATES, asset_urls={}).get_template("macros.html").module
    return str(getattr(ui, macro)(*args))


def _hostile_meeting() -> SimpleNamespace:
    header = SimpleNamespace(title=MARKUP, body=MARKUP, date=dt.date(2018, 5, 2), place=MARKUP)
    return SimpleNamespace(url="/meetings/m/", slug="m", symbol=MARKUP, city=None,
                           record=SimpleNamespace(meeting=header))


def test_the_e_filter_escapes_as_markupsafe_does_and_keeps_each_text_it_escaped() -> None:
    """The lists escape the same names and countries on page after page: each text is escaped once."""
    e = make_environment(TEMPLATES, asset_urls={}).filters["e"]
    for value in (MARKUP, Markup("<b>kept</b>"), 40, None, "plain"):
        assert e(value) == escape(value) and isinstance(e(value), Markup)
    assert e(MARKUP) is e(MARKUP) and e(Markup(MARKUP)) == Markup(MARKUP)  # markup is not escaped twice


def test_an_excerpt_is_escaped_once_where_its_record_is_parsed_not_on_every_page_listing_its_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A speaker's page of a year lists hundreds: escaping each on each page was a third of its time."""
    paragraphs = paragraphs_of([ParagraphDraft(1, "p1", MARKUP, 1)])
    listings.keep_excerpts(Record("a.md", Meeting("Security Council", RecordKind.VERBATIM, 1, "S/PV.1",
                                                  dt.date(1946, 1, 17)), paragraphs))
    escaped: list[str] = []
    monkeypatch.setattr(listings, "escape", lambda text: escaped.append(text) or escape(text))
    first, again = (listings.paragraph_excerpts(_hostile_meeting(), paragraphs)[0].text for _ in range(2))
    assert isinstance(first, Markup) and first == again == escape(MARKUP) and escaped == []


@pytest.mark.parametrize("listed", [
    lambda: _listed("meeting_list", [_hostile_meeting()]),
    lambda: _listed("speaker_entries", [SimpleNamespace(person=SimpleNamespace(
        name=MARKUP, url="/speakers/x/", country=SimpleNamespace(name=MARKUP), organization=None),
        meetings=1, paragraphs=2)]),
    lambda: _listed("statement_groups", [SimpleNamespace(meeting=_hostile_meeting(), printed=(MARKUP, MARKUP),
        paragraphs=listings.paragraph_excerpts(_hostile_meeting(),
                                               paragraphs_of([ParagraphDraft(1, "p1", MARKUP, 1)])))],
        SimpleNamespace(name="Mr. X")),
    lambda: _listed("mention_groups", [SimpleNamespace(meeting=_hostile_meeting(), mentions=[SimpleNamespace(
        paragraph=SimpleNamespace(anchor="p1", number=1), sentence=MARKUP, matched="Bold")])],
        SimpleNamespace(name=MARKUP)),
    lambda: _listed("mention_groups", [], SimpleNamespace(name=MARKUP)),
    lambda: _listed("person_list", [SimpleNamespace(name=MARKUP, url="/speakers/x/", country=None,
                                                    organization=MARKUP)]),
    lambda: _listed("city_list", [SimpleNamespace(name=MARKUP, slug="x")]),
], ids=["meetings", "speakers", "statements", "mentions", "no mentions", "people", "cities"])
def test_lists_escape_every_name_title_and_text_from_a_record(listed: Callable[[], str]) -> None:
    html = listed()
    assert "&lt;b onclick=" in html
    assert "<b onclick" not in html and "& Co" not in html


def test_the_layout_escapes_titles_descriptions_crumbs_and_the_base_url() -> None:
    info = PageInfo("/x/", MARKUP, MARKUP, ((MARKUP, "/meetings/"),))
    stats = SimpleNamespace(meetings=1, speakers=2, cities=3)
    env = make_environment(TEMPLATES, asset_urls=collect_assets(TEMPLATES).urls, base_url='https://a.example/"<b>')
    html = render_page(env, Page("x/index.html", "404.html", {"page": info, "stats": stats})).decode("utf-8")
    assert "<b onclick" not in html and '"<b>' not in html and "& Co" not in html
    assert html.count("&lt;b onclick=") == 4  # the title, the description, the crumb and the last crumb
    assert 'href="https://a.example/&#34;&lt;b&gt;/x/"' in html


def test_markdown_links_with_javascript_urls_do_not_survive() -> None:
    for link in (
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ):
        assert "href" not in render_inline(link), link


def test_no_page_has_inline_scripts_or_styles(site: dict[str, bytes]) -> None:
    for path, html in html_pages(site):
        for tag, attrs in elements(html):
            assert "style" not in attrs, f"{path}: style attribute on <{tag}>"
            if tag == "script":
                assert attrs.get("src"), f"{path}: inline script"
        assert "<style" not in html, path


def test_no_page_requests_anything_from_another_site(site: dict[str, bytes]) -> None:
    for path, html in html_pages(site):
        for tag, attrs in elements(html):
            if tag in ("script", "img", "link", "image", "iframe", "source"):
                url = attrs.get("src") or attrs.get("href") or ""
                assert not url.startswith(("http:", "https:", "//")) or attrs.get("rel") == "canonical", (
                    f"{path}: <{tag}> {url}"
                )


def test_strict_undefined_raises_on_a_missing_variable(tmp_path: Path) -> None:
    env = make_environment(TEMPLATES, asset_urls={})
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    page = next(p for p in site_pages(fixtures.graph()) if p.path == MEETING)
    broken = dataclasses.replace(page, context={k: v for k, v in page.context.items() if k != "details"})
    with pytest.raises(UndefinedError):
        render_page(site_environment(TEMPLATES, collect_assets(TEMPLATES)), broken)


def test_an_environment_renders_with_the_templates_it_first_read(tmp_path: Path) -> None:
    """A build reads its templates once, not their times for every page; the dev server makes a new environment."""
    template = tmp_path / "page.html"
    template.write_text("first", encoding="utf-8")
    env = make_environment(tmp_path, asset_urls={})
    assert env.get_template("page.html").render() == "first"
    template.write_text("second", encoding="utf-8")
    os.utime(template, (time.time() + 10, time.time() + 10))
    assert env.get_template("page.html").render() == "first"
    assert make_environment(tmp_path, asset_urls={}).get_template("page.html").render() == "second"


def test_autoescape_is_on_for_html_templates() -> None:
    env = make_environment(TEMPLATES, asset_urls={})
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.autoescape("page.html") and env.autoescape("sitemap.xml")  # type: ignore[operator]


# Structure and links


def test_every_page_is_well_formed(site: dict[str, bytes]) -> None:
    problems = {path: check_well_formed(html) for path, html in html_pages(site)}
    assert {path: found for path, found in problems.items() if found} == {}


def test_every_internal_link_and_anchor_resolves(site: dict[str, bytes]) -> None:
    assert check_links(site) == []


def test_link_checker_reports_missing_pages_and_anchors() -> None:
    files = {
        "index.html": b'<a href="/gone/">x</a><a href="/a/#nope">y</a><a href="/a/#here">z</a><a href="https://x.org/">w</a>',
        "a/index.html": b'<p id="here">hi</p><a href="../">up</a><a href="#here">self</a>',
    }
    problems = check_links(files)
    assert len(problems) == 2
    assert "gone/index.html" in problems[0] and "#nope" in problems[1]


def test_well_formedness_checker_reports_unbalanced_tags() -> None:
    assert check_well_formed("<div><p>x</div>")
    assert check_well_formed("<main><br></main>") == []
    assert check_well_formed('<p id="a"></p><p id="a"></p>')


def test_every_page_has_the_required_landmarks(site: dict[str, bytes]) -> None:
    for path, html in html_pages(site):
        tags = elements(html)
        names = [tag for tag, _ in tags]
        assert '<html lang="en">' in html, path
        assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in tags), path
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in names, f"{path}: no <{landmark}>"
        assert '<a class="skip-link" href="#main">' in html, path
        assert any(
            tag == "form" and attrs.get("action") == "/search/" and attrs.get("role") == "search" for tag, attrs in tags
        ), path
        assert any(tag == "input" and attrs.get("name") == "q" for tag, attrs in tags), path


# Other pages


def test_person_page_lists_paragraphs_with_links_and_excerpts(site: dict[str, bytes]) -> None:
    html = text(site, "speakers/mr-shank/index.html")
    assert '<a class="excerpt-link" href="/meetings/e-2018-sr-22/#p2">para. 2</a>' in html
    assert '<a class="excerpt-link" href="/meetings/e-2018-sr-23/#p1">para. 1</a>' in html
    assert "said that the Alliance was a global collaboration of cities." in html
    assert '<a href="/speakers/mr-zarrilli/">Mr. Zarrilli</a>' in html  # co-speaker
    assert '<a class="chip" href="/cities/barcelona/">Barcelona</a>' in html


def test_person_page_lists_the_most_frequent_co_speakers_and_how_many_in_all(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.render.pages.CO_SPEAKERS_SHOWN", 1)
    graph = fixtures.graph()
    shown, hidden = graph.co_speakers["mr-shank"]
    rendered = render_site(graph, TEMPLATES)
    html = text(rendered, "speakers/mr-shank/index.html")
    assert f'<a href="{shown.url}">{shown.name}</a>' in html
    assert f'href="{hidden.url}"' not in html
    assert "The 1 most often, of 2 people." in html
    assert "most often" not in text(rendered, "speakers/mr-zarrilli/index.html")


def test_person_page_searches_what_they_said_by_their_search_filter_value(site: dict[str, bytes]) -> None:
    html = text(site, "speakers/mr-shank/index.html")
    form = html[html.index('aria-label="Search Mr. Shank’s statements"'):]
    form = form[:form.index("</form>")]
    assert '<input type="hidden" name="speaker" value="Mr. Shank">' in form and 'name="q"' in form
    assert 'data-pagefind-filter="speaker">Mr. Shank<' in text(site, MEETING)  # the value the filter holds


def test_person_page_shows_country_and_office_city(site: dict[str, bytes]) -> None:
    html = text(site, "speakers/mr-al-shawaarbeh/index.html")
    assert '<a href="/countries/jordan/">Jordan</a>' in html
    assert 'Office in <a href="/cities/amman/">Amman</a>' in html
    assert "Mayor of Amman, Jordan" in html


def test_city_page_highlights_the_mention_and_links_the_paragraph(site: dict[str, bytes]) -> None:
    html = text(site, "cities/amman/index.html")
    assert 'href="/meetings/e-2018-sr-22/#p4"' in html
    assert "city of <mark>Amman</mark>." in html
    assert '<a href="/speakers/mr-al-shawaarbeh/">Mr. Al-Shawaarbeh</a>' in html
    assert '<a href="/countries/jordan/">Jordan</a>' in html
    assert "<svg" in html and 'class="map-dot map-dot-current"' in html


def test_cities_index_draws_one_linked_dot_per_city(site: dict[str, bytes]) -> None:
    html = text(site, "cities/index.html")
    for city in fixtures.graph().cities:
        assert html.count(f'<a href="/cities/{city.slug}/"><title>') == 1


def test_speakers_index_groups_by_surname_letter_with_counts(site: dict[str, bytes]) -> None:
    html = text(site, "speakers/index.html")
    letters = re.findall(r'<h2 id="letter-([a-z#]+)"', html)
    assert letters == sorted(letters) and {"a", "e", "p", "s", "z"} <= set(letters)
    assert "2 meetings, 3 paragraphs" in html  # Mr. Shank: paras 2 and 41 of E/2018/SR.22, para. 1 of E/2018/SR.23


def test_home_page_says_what_the_archive_holds(site: dict[str, bytes]) -> None:
    html = text(site, "index.html")
    assert "3 meeting records from 2018 to 2024" in html
    assert "Economic and Social Council" in html and "General Assembly" in html
    assert html.index("A/79/PV.29") < html.index("E/2018/SR.23") < html.index("E/2018/SR.22")


def test_search_page_leaves_a_mount_point_and_a_noscript_message(site: dict[str, bytes]) -> None:
    html = text(site, "search/index.html")
    assert '<div id="search" class="search-ui"></div>' in html and "<noscript>" in html


def test_sitemap_lists_every_page_with_absolute_urls(site: dict[str, bytes]) -> None:
    index = text(site, "sitemap.xml")
    assert "<sitemapindex " in index
    assert "<sitemap><loc>https://plenary.example.org/sitemap-1.xml</loc></sitemap>" in index
    sitemap = text(site, "sitemap-1.xml")
    pages = [path for path in site if path.endswith("index.html")]
    assert "<urlset " in sitemap and sitemap.count("<loc>") == len(pages)
    assert "<loc>https://plenary.example.org/meetings/e-2018-sr-22/</loc>" in sitemap
    assert "404" not in sitemap
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations == sorted(locations)  # not in the meetings' order: a date moved among them leaves it as it was
    assert "Sitemap: https://plenary.example.org/sitemap.xml" in text(site, "robots.txt")


def site_paths(count: int) -> list[str]:
    return [f"speakers/person-{i}/index.html" for i in range(count)]


def listed(sitemap: list[Page]) -> dict[str, tuple[str, ...]]:
    """What each page of a sitemap lists: the index its parts, a part its pages."""
    return {page.path: page.context.get("parts", page.context.get("urls")) for page in sitemap}


@pytest.mark.parametrize("count", [0, 4, 5, 40, 200])
def test_the_sitemap_is_shared_out_among_parts_none_listing_more_than_a_sitemap_may(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sitemap may list 50,000 pages; the site of 10,000 records has 60,000. Here a part lists about 4 at most."""
    monkeypatch.setattr(pages_module, "SITEMAP_PART_URLS", 4)
    index, *parts = sitemap_pages([Page(path, "x.html", {}) for path in [*site_paths(count), "404.html"]])
    assert index.path == "sitemap.xml" and index.context["parts"] == tuple(f"/{part.path}" for part in parts)
    assert len(parts) == max(1, 2 ** math.ceil(math.log2(max(1, count / 4))))
    urls = [url for part in parts for url in part.context["urls"]]
    assert sorted(urls) == sorted(f"/speakers/person-{i}/" for i in range(count))
    assert all(list(part.context["urls"]) == sorted(part.context["urls"]) for part in parts)
    assert all(len(part.context["urls"]) <= 4 * 2 for part in parts)


def test_a_page_gone_that_the_sitemap_never_listed_takes_no_other_page_out_of_it() -> None:
    was = sitemap_pages([Page(path, "x.html", {}) for path in site_paths(3)])
    changed, gone = sitemap_changed(was, ["speakers/nobody/index.html"], [])
    assert gone == [] and all(listed(was)[page.path] == listed([page])[page.path] for page in changed)


@example(before=set(), after={0, 2, 3, 4, 6, 7, 8, 10, 11})
@given(before=st.sets(st.integers(0, 60)), after=st.sets(st.integers(0, 60)))
def test_a_sitemap_changed_by_pages_that_came_and_went_is_the_one_made_of_the_pages_now(
    before: set[int], after: set[int]
) -> None:
    """Only its changed pages are given: those listing a page that came or went (or all, when the parts are more or
    fewer), and the parts gone."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(pages_module, "SITEMAP_PART_URLS", 4)
        paths = {i: site_paths(61)[i] for i in before | after}
        was = sitemap_pages([Page(paths[i], "x.html", {}) for i in sorted(before)])
        now = sitemap_pages([Page(paths[i], "x.html", {}) for i in sorted(after)])
        changed, gone = sitemap_changed(was, [paths[i] for i in before - after], [paths[i] for i in after - before])
    assert listed(now) == {**{path: urls for path, urls in listed(was).items() if path not in gone}, **listed(changed)}
    assert set(gone) == listed(was).keys() - listed(now).keys()
    differ = {path for path, urls in listed(now).items() if listed(was).get(path) != urls}
    expected = set(listed(now)) if len(now) != len(was) else differ
    assert {page.path for page in changed} == expected


@pytest.mark.parametrize(("base_url", "prefix"), [("", ""), ("https://example.org/a&b/", "https://example.org/a&amp;b")])
def test_sitemap_locations_are_every_path_once_absolute_and_escaped(base_url: str, prefix: str) -> None:
    assert url_locations(["/", "/speakers/o&apos/"], base_url) == (
        f"  <url><loc>{prefix}/</loc></url>\n  <url><loc>{prefix}/speakers/o&amp;apos/</loc></url>\n")
    assert url_locations([], base_url) == ""


def test_without_base_url_sitemap_urls_are_site_relative() -> None:
    files = render_site(fixtures.graph(), TEMPLATES)
    assert "<loc>/meetings/e-2018-sr-22/</loc>" in files["sitemap-1.xml"].decode()
    assert "<loc>/sitemap-1.xml</loc>" in files["sitemap.xml"].decode()
    assert 'rel="canonical"' not in files[MEETING].decode()


# Re-rendering only what changed


def test_a_changed_record_re_renders_its_pages_and_the_indexes_only() -> None:
    pages = site_pages(fixtures.graph())
    render, removed = affected_pages(pages, pages, {"a-79-pv-29"})
    paths = {page.path for page in render}
    assert VERBATIM in paths and "speakers/mr-evseenko/index.html" in paths and "index.html" in paths
    assert MEETING not in paths and "speakers/mr-zarrilli/index.html" not in paths
    assert removed == ()


def test_pages_gone_from_the_new_graph_are_reported_for_removal() -> None:
    pages = site_pages(fixtures.graph())
    fewer = tuple(p for p in pages if p.path != "speakers/mr-evseenko/index.html")
    _, removed = affected_pages(pages, fewer, {"a-79-pv-29"})
    assert removed == ("speakers/mr-evseenko/index.html",)


def test_a_changed_template_re_renders_the_pages_that_use_it() -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES))
    pages = site_pages(fixtures.graph())
    meeting_pages = pages_using_templates(env, pages, ["meeting.html"])
    assert {p.path for p in meeting_pages} == {p.path for p in pages if p.template == "meeting.html"}
    assert len(pages_using_templates(env, pages, ["macros.html"])) == len(
        [p for p in pages if p.path.endswith(".html")]
    )


def test_render_page_renders_one_page_like_the_whole_site(site: dict[str, bytes]) -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES), base_url="https://plenary.example.org")
    page = next(p for p in site_pages(fixtures.graph()) if p.path == MEETING)
    assert render_page(env, page) == site[MEETING]


# Text helpers


def test_plain_text_and_excerpts() -> None:
    assert plain_text(r"A *b* \$19 [link](http://x) `c`") == "A b $19 link c"
    assert excerpt("one two three four", 3) == "one two three…"
    assert str(highlight("In <Amman> today", "Amman")) == "In &lt;<mark>Amman</mark>&gt; today"


def test_a_sentence_highlighted_once_is_kept_for_the_next_page_showing_it() -> None:
    sentence = "The mayor of Amman spoke of <Amman> again."
    first = highlight(sentence, "Amman")
    assert highlight(sentence, "Amman") is first  # kept, not searched and escaped again
    assert str(first) == "The mayor of <mark>Amman</mark> spoke of &lt;Amman&gt; again."
    assert str(highlight(sentence, "mayor")) == "The <mark>mayor</mark> of Amman spoke of &lt;Amman&gt; again."


def test_search_filter_values_cannot_carry_markup() -> None:
    from generator.render.meeting import filter_value

    assert filter_value("Mr. <img src=x onerror=alert(1)> & Co") == "Mr. ‹img src=x onerror=alert(1)› ＆ Co"


def test_rendering_on_several_processes_gives_what_one_process_gives(
    site: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES), base_url="https://plenary.example.org")
    pages = site_pages(fixtures.graph())
    monkeypatch.setattr(output_module, "PARALLEL_PAGES", 1)
    parallel = render_pages(env, pages, workers=2)
    assert list(parallel) == [page.path for page in pages]
    assert parallel == {path: content for path, content in site.items() if path in parallel}


class _IndexedText(HTMLParser):
    """The text nodes inside `data-pagefind-body` elements, as Pagefind reads them (it adds no spaces between nodes)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth or any(name == "data-pagefind-body" for name, _ in attrs):
            self._depth += tag not in ("br", "img", "input", "meta", "link", "hr", "wbr")

    def handle_endtag(self, tag: str) -> None:
        self._depth = max(0, self._depth - 1) if self._depth else 0

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.nodes.append(data)


@pytest.mark.parametrize("section", ["speakers/", "cities/"])
def test_indexed_fields_of_people_and_cities_do_not_run_together(site: dict[str, bytes], section: str) -> None:
    pages = [path for path in site if path.startswith(section) and path.count("/") == 2]
    assert pages
    for path in pages:
        reader = _IndexedText()
        reader.feed(site[path].decode())
        assert "".join(reader.nodes).split() == " ".join(reader.nodes).split(), path


def reachable(root: object) -> Iterator[object]:
    """Every object `root` refers to, directly or not, but through a module's globals or a class."""
    seen = {id(root)} | {id(vars(module)) for module in list(sys.modules.values()) if hasattr(module, "__dict__")}
    frontier = [root]
    while frontier:
        found = frontier.pop()
        yield found
        for referred in gc.get_referents(found):
            if id(referred) not in seen and not isinstance(referred, type):
                seen.add(id(referred))
                frontier.append(referred)


def test_a_page_spec_holds_no_title_or_description_until_the_page_is_rendered() -> None:
    """Specs are held for the whole build (58,000 at 10,000 records): what only the page shows is worked out then."""
    specs = site_pages(fixtures.graph())
    assert not [o for o in reachable(specs) if isinstance(o, PageInfo)]
    meeting = next(p for p in specs if p.path == MEETING)
    assert meeting.context["page"].title.startswith("E/2018/SR.22: ")
    assert meeting.context["page"].crumbs[-1] == ("Meetings", "/meetings/")


def test_a_rendered_page_does_not_keep_its_context_but_one_already_read_is_not_worked_out_again() -> None:
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES))
    page = next(p for p in site_pages(fixtures.graph()) if p.path == MEETING)
    made = 0

    def make() -> dict[str, object]:
        nonlocal made
        made += 1
        return dict(page.context.once())

    counted = dataclasses.replace(page, context=LazyContext(make))
    first = render_page(env, counted)
    assert render_page(env, counted) == first
    assert made == 2, "a build renders each page once: a context kept would only hold memory"
    dict(counted.context)
    render_page(env, counted)
    assert made == 3, "the dev server reads some contexts before rendering them: those are worked out once"
