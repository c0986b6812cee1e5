"""From the site graph to every output file: pages rendered through the templates, plus assets."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, meta
from markupsafe import Markup

from generator.errors import BuildError
from generator.mapsvg import MapPoint, world_map
from generator.render.assets import Assets, collect_assets
from generator.render.environment import make_environment
from generator.render.pages import LazyContext, Page, site_pages
from generator.workers import affordable_workers, shared_work
from generator.write import check_paths, digest, link_files, link_unchanged, write_file

if TYPE_CHECKING:
    from generator.site import SiteGraph


def site_environment(templates_dir: Path, assets: Assets, *, base_url: str = "",
                     keep_fragments: bool = False) -> Environment:
    """The environment with the map drawing bound to the site's land asset (`keep_fragments`: see
    `make_environment`)."""
    env = make_environment(templates_dir, asset_urls=assets.urls, base_url=base_url, keep_fragments=keep_fragments)
    land = assets.urls.get("land.svg")

    def draw(points: Sequence[MapPoint], title: str, focus: tuple[float, float] | None = None) -> Markup:
        return Markup(world_map(points, land_href=land, title=title, focus=focus))

    env.globals["world_map"] = draw
    return env


def render_page(env: Environment, page: Page) -> bytes:
    """One page rendered to UTF-8 bytes."""
    context = page.context.once() if isinstance(page.context, LazyContext) else page.context
    return env.get_template(page.template).render(context).encode("utf-8")


PARALLEL_PAGES = 400
"""Below this many pages, forking workers costs more than rendering them all here."""

@dataclass(frozen=True, slots=True)
class _Into:
    """Where rendered pages go: a staging folder, and the site it replaces (whose unchanged files are linked)."""

    folder: Path
    previous: Path | None


_forked: tuple[Environment, Sequence[Page], _Into | None] | None = None
"""What the render workers inherit (and where they write, if they do); set only while they work."""


def render_pages(env: Environment, pages: Iterable[Page], workers: int | None = None) -> dict[str, bytes]:
    """Pages by output path, on every core when there are many (and the memory affords it, see
    `affordable_workers`); two pages on one path are a build error."""
    pages = _distinct(pages)
    workers = affordable_workers(workers)
    if len(pages) < PARALLEL_PAGES or workers < 2:
        return {page.path: render_page(env, page) for page in pages}
    return dict(zip((page.path for page in pages), _in_workers(env, pages, workers, None), strict=True))


def write_pages(env: Environment, pages: Iterable[Page], folder: Path, workers: int | None = None, *,
                previous: Path | None = None) -> dict[str, bytes]:
    """Render the pages into `folder`, on every core when there are many (as `render_pages`), each written by the
    process that rendered it: a large site's HTML never gathers in one process. A page the `previous` site
    holds as it is now is linked from there instead (`link_unchanged`). Paths must have been checked.
    The digest of each page (`generator.write.digest`), by path."""
    pages = _distinct(pages)
    workers = affordable_workers(workers)
    into = _Into(folder, previous)
    if len(pages) < PARALLEL_PAGES or workers < 2:
        return {page.path: _write_page(env, page, into) for page in pages}
    return dict(zip((page.path for page in pages), _in_workers(env, pages, workers, into), strict=True))


def _write_page(env: Environment, page: Page, into: _Into) -> bytes:
    content = render_page(env, page)
    if into.previous is None or not link_unchanged(into.previous, into.folder, page.path, content):
        write_file(into.folder, page.path, content)
    return digest(content)


def _distinct(pages: Iterable[Page]) -> list[Page]:
    """The pages as a list; two pages on one path are a build error."""
    pages = list(pages)
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise BuildError(f"two pages would be written to {page.path}: two slugs collide")
        seen.add(page.path)
    return pages


def _in_workers(env: Environment, pages: Sequence[Page], workers: int, into: _Into | None) -> list[bytes]:
    """The pages rendered by this process and forked ones, in order (written `into` a folder instead, when
    given: then each page gives its digest); templates are compiled once, before the fork."""
    global _forked
    for name in {page.template for page in pages}:
        env.get_template(name)
    _forked = (env, pages, into)
    try:
        return shared_work(_render_slice, len(pages), workers)
    finally:
        _forked = None


def _render_slice(bounds: tuple[int, int]) -> list[bytes]:
    assert _forked is not None
    env, pages, into = _forked
    if into is None:
        return [render_page(env, page) for page in pages[bounds[0] : bounds[1]]]
    return [_write_page(env, page, into) for page in pages[bounds[0] : bounds[1]]]


@dataclass(frozen=True, slots=True)
class SiteRender:
    """Everything a build renders: every page's spec, the assets, and the environment they are rendered in."""

    env: Environment
    pages: tuple[Page, ...]
    assets: Assets

    @classmethod
    def of(cls, graph: SiteGraph, templates_dir: Path, *, base_url: str = "") -> SiteRender:
        """The pages of the graph with the templates (and assets) of `templates_dir`."""
        assets = collect_assets(templates_dir)
        return cls(site_environment(templates_dir, assets, base_url=base_url), site_pages(graph), assets)

    def paths(self) -> list[str]:
        """Every output path, checked (see `output_paths`)."""
        return output_paths(self.pages, self.assets)

    def files(self) -> dict[str, bytes]:
        """Every file by site-relative path: pages, sitemap, robots.txt and hashed assets."""
        self.paths()
        return render_pages(self.env, self.pages) | dict(self.assets.files)

    def write_into(self, folder: Path, previous: Path | None = None,
                   carried_over: Collection[str] = frozenset()) -> WrittenSite:
        """Every file written into `folder` (a staging folder): the pages at `carried_over` linked from the
        `previous` site without rendering them (when it still holds them), the others each rendered and
        written by one process, and linked from `previous` instead when they come out as it holds them."""
        paths = self.paths()
        for path, content in self.assets.files.items():
            write_file(folder, path, content)
        linked = link_files(previous, folder, carried_over) if previous is not None else set()
        fresh = [page for page in self.pages if page.path not in linked]
        write_pages(self.env, fresh, folder, previous=previous)
        return WrittenSite(paths, rendered=len(fresh))


@dataclass(frozen=True, slots=True)
class WrittenSite:
    """What `SiteRender.write_into` wrote."""

    paths: list[str]
    """Every file's site path: pages, then assets."""
    rendered: int
    """How many pages were rendered (the others were carried over)."""


def output_paths(pages: Iterable[Page], assets: Assets) -> list[str]:
    """Every output path of the pages and the assets, checked: safe, and never two files on one path."""
    paths = [page.path for page in pages]
    clash = set(assets.files).intersection(paths)
    if clash:
        raise BuildError(f"an asset and a page would both be written to {min(clash)}")
    paths.extend(assets.files)
    check_paths(paths)
    return paths


def render_site(graph: SiteGraph, templates_dir: Path, *, base_url: str = "") -> dict[str, bytes]:
    """Every file of the site by site-relative path: pages, sitemap, robots.txt and hashed assets."""
    return SiteRender.of(graph, templates_dir, base_url=base_url).files()


def templates_used(env: Environment, name: str) -> frozenset[str]:
    """The template and every template it extends, includes or imports, recursively."""
    return _closure(env, name)


def _closure(env: Environment, name: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """`name` and the templates reachable from it."""
    found = {name}
    source = _source(env, name)
    for child in meta.find_referenced_templates(env.parse(source)):
        if child is not None and child not in seen | found:
            found |= _closure(env, child, seen | found)
    return frozenset(found)


def _source(env: Environment, name: str) -> str:
    """A template's source text."""
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def pages_using_templates(env: Environment, pages: Iterable[Page], changed: Iterable[str]) -> tuple[Page, ...]:
    """The pages whose template is, or uses, one of the changed template names (`meeting.html`, `macros.html`)."""
    wanted = set(changed)
    uses = lru_cache(maxsize=None)(lambda name: templates_used(env, name))
    return tuple(page for page in pages if uses(page.template) & wanted)
