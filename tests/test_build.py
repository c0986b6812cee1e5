"""The build's phases: parsing on every core gives the same records, errors and warnings as one core, and
the parent parses with its cycle collector paused."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

import generator.build as build_module
from generator.build import PARALLEL_THRESHOLD, build, load_records
from generator.cache import CACHE_ENV
from generator.model import Record
from generator.parse import parse_record
from generator.places import City
from generator.record_text import TextStore
from generator.site import SiteGraph

SEED = Path(__file__).parent.parent / "content" / "E_2018_SR.22.md"
TEMPLATES = Path(__file__).parent.parent / "templates"


def copies(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"r{i:03}.md"
        front_matter = f'+++\nsymbol = "E/2018/SR.{100 + i}"\n+++\n'
        path.write_text(front_matter + SEED.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    (folder / "broken.md").write_bytes(b"\x89PNG")
    return [*paths, folder / "broken.md"]


def seed_content(tmp_path: Path) -> Path:
    """A content folder in `tmp_path` holding the seed record alone."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEED, content)
    return content


def test_parallel_parsing_gives_what_serial_parsing_gives(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = copies(tmp_path, PARALLEL_THRESHOLD)
    parallel = load_records(paths)
    monkeypatch.setattr(build_module, "PARALLEL_THRESHOLD", 10**9)
    serial = load_records(paths)
    assert parallel == serial
    assert len(parallel.records) == PARALLEL_THRESHOLD
    assert parallel.errors == (f"{tmp_path / 'broken.md'}:1: is a PNG image, not a text record",)


def test_parallel_parsing_shares_the_records_between_this_process_and_a_forked_worker(tmp_path: Path) -> None:
    paths = copies(tmp_path, 2 * PARALLEL_THRESHOLD)
    (tmp_path / "texts").mkdir()
    with TextStore.temporary(tmp_path / "texts") as store:
        loaded = load_records(paths, store=store)
        writers = {path.stem for path in store.folder.glob("*.utf8")}
    # Each process keeps the texts of the records it parsed in a file of its own, named by its process id.
    assert str(os.getpid()) in writers and len(writers) == 2
    assert [r.meeting.symbol for r in loaded.records] == [f"E/2018/SR.{100 + i}" for i in range(2 * PARALLEL_THRESHOLD)]


def test_the_parent_parses_with_its_cycle_collector_paused_and_the_build_restores_it(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    seen: list[bool] = []

    def parse_watching_the_collector(data: bytes, source: str) -> Record:
        seen.append(gc.isenabled())
        return parse_record(data, source)

    monkeypatch.setattr(build_module, "parse_record", parse_watching_the_collector)
    content = seed_content(tmp_path)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            build(content, TEMPLATES, tmp_path / "site", search=False, record_cache=False)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]


def html_files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every page of a site: its inode and bytes, by site-relative path."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*.html")}


def test_a_rebuild_links_the_pages_it_leaves_unchanged_and_writes_the_changed_ones(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(SEED.parent, content)
    build(content, TEMPLATES, site, search=False)
    before = html_files(site)
    record = content / SEED.name
    record.write_text(record.read_text(encoding="utf-8").replace("Medellín", "Quetzaltenango", 1), encoding="utf-8")
    build(content, TEMPLATES, site, search=False)
    after = html_files(site)
    build(content, TEMPLATES, tmp_path / "fresh", search=False)
    assert {path: page for path, (_, page) in after.items()} == {
        path: page for path, (_, page) in html_files(tmp_path / "fresh").items()
    }
    changed = {path for path in after if after[path][1] != before.get(path, (0, b""))[1]}
    linked = {path for path in after if path in before and after[path][0] == before[path][0]}
    assert "meetings/e-2018-sr-22/index.html" in changed
    assert linked == set(after) - changed and len(linked) > len(after) // 2


def records_alive(content: Path) -> int:
    """How many records read from `content` are still reachable (garbage collected first: the last page's template
    context, a cycle, may still point at its meeting). Frozen objects are out of the count's sight."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Record) and o.source.startswith(str(content)))


def test_the_records_and_the_graph_are_let_go_before_the_search_index_runs(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    alive_while_indexing: list[int] = []
    index_site = build_module.index_site

    def index_counting_records(*args, **kwargs):  # type: ignore[no-untyped-def]
        gc.unfreeze()  # frozen objects are out of get_objects' sight
        alive_while_indexing.append(records_alive(content))
        return index_site(*args, **kwargs)

    monkeypatch.setattr(build_module, "index_site", index_counting_records)
    report = build(content, TEMPLATES, tmp_path / "site", record_cache=False)
    assert report.records == 1 and report.search is not None and report.search.pages > 0
    assert alive_while_indexing == [0], "Pagefind needs the memory the records and graph hold"


def test_the_records_and_the_graph_are_freed_before_the_collector_sees_them_again(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    alive_when_unfrozen: list[int] = []
    unfreeze = gc.unfreeze

    def unfreeze_counting_records() -> None:  # unfrozen, millions of them would be walked by a full collection
        unfreeze()
        alive_when_unfrozen.append(records_alive(content))

    monkeypatch.setattr(gc, "unfreeze", unfreeze_counting_records)
    report = build(content, TEMPLATES, tmp_path / "site", search=False, record_cache=False)
    assert report.records == 1 and report.pages > 0
    assert alive_when_unfrozen == [0]


def test_the_build_keeps_the_records_texts_in_its_text_store_not_in_memory(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    copies(content, PARALLEL_THRESHOLD)  # enough to be parsed by the workers
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    held_while_linking: list[list[bool]] = []
    link_site = build_module.link_site

    def link_noting_where_texts_are(records, *args, **kwargs):  # type: ignore[no-untyped-def]
        held_while_linking.append([record.text is not None and record.text.in_memory for record in records])
        return link_site(records, *args, **kwargs)

    monkeypatch.setattr(build_module, "link_site", link_noting_where_texts_are)
    cold = build(content, TEMPLATES, tmp_path / "cold", search=False)
    warm = build(content, TEMPLATES, tmp_path / "warm", search=False)  # the records read back from the cache
    assert cold.read_back == 0 and warm.read_back == PARALLEL_THRESHOLD
    assert held_while_linking == [[False] * PARALLEL_THRESHOLD] * 2
    page = "meetings/e-2018-sr-100/index.html"
    assert (tmp_path / "cold" / page).read_bytes() == (tmp_path / "warm" / page).read_bytes()
    assert "integrated approach" in (tmp_path / "cold" / page).read_text(encoding="utf-8")


@pytest.mark.parametrize(("search", "record_cache", "expected"), [
    (True, False, ["memory given back", "render", "memory given back"]),
    (False, True, ["memory given back", "render", "memory given back", "build kept"]),
])
def test_the_build_gives_back_what_it_let_go_before_the_render_workers_fork_and_before_it_keeps_what_it_was_made_from(
    tmp_path: Path, monkeypatch, search: bool, record_cache: bool, expected: list[str]  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    events: list[str] = []
    write_into, keep_build = build_module.SiteRender.write_into, build_module.keep_build
    monkeypatch.setattr(build_module, "release_free_memory", lambda: events.append("memory given back"))
    monkeypatch.setattr(build_module.SiteRender, "write_into",
                        lambda *args, **kwargs: events.append("render") or write_into(*args, **kwargs))
    monkeypatch.setattr(build_module, "keep_build", lambda *args: events.append("build kept") or keep_build(*args))
    build(content, TEMPLATES, tmp_path / "site", search=search, record_cache=record_cache)
    assert events == expected


def test_the_collection_that_ends_the_link_walks_neither_the_records_nor_the_graph_nor_the_gazetteer(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    in_sight: list[list[str]] = []

    def note_what_a_collection_would_walk() -> None:  # objects frozen (`gc.freeze`) are out of get_objects' sight
        kinds = (Record, SiteGraph, City)
        in_sight.append(sorted({type(o).__name__ for o in gc.get_objects() if isinstance(o, kinds)}))

    monkeypatch.setattr(build_module, "release_free_memory", note_what_a_collection_would_walk)
    build(content, TEMPLATES, tmp_path / "site", search=False, record_cache=False)
    assert in_sight[0] == [], "the link's collection would walk millions of objects at 10,000 records, to find none"


def test_the_text_store_is_beside_the_site_and_a_killed_builds_is_removed_by_the_next(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    left_by_a_killed_build = tmp_path / ".site-tmp-texts-k1ll3d"
    left_by_a_killed_build.mkdir()
    (left_by_a_killed_build / "4242.utf8").write_bytes(b"The Mayor of Amman said")
    stores: list[Path] = []
    keep = TextStore.keep
    monkeypatch.setattr(TextStore, "keep", lambda store, text: stores.append(store.folder) or keep(store, text))
    build(content, TEMPLATES, tmp_path / "site", search=False, record_cache=False)
    assert stores and {folder.parent for folder in stores} == {tmp_path}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "site"]


def test_pages_rendered_by_the_build_process_itself_are_rendered_with_the_cycle_collector_running(
    tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    content = seed_content(tmp_path)
    collecting: list[bool] = []
    write_into = build_module.SiteRender.write_into
    monkeypatch.setattr(build_module.SiteRender, "write_into",
                        lambda *args, **kwargs: collecting.append(gc.isenabled()) or write_into(*args, **kwargs))
    build(content, TEMPLATES, tmp_path / "site", search=False, record_cache=False)
    assert collecting == [True], "Jinja's garbage cycles would pile up for the whole render"
    assert gc.isenabled()
