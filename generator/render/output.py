"""From the site graph to every output file: pages rendered through the templates, plus assets."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, meta
from markupsafe import Markup

from generator.errors import BuildError
from generator.mapsvg import MapPoint, world_map
from generator.render.assets import Assets, collect_assets
from generator.render.environment import make_environment
from generator.render.pages import Page, site_pages

if TYPE_CHECKING:
    from generator.site import SiteGraph


def site_environment(templates_dir: Path, assets: Assets, *, base_url: str = "") -> Environment:
    """The environment with the map drawing bound to the site's land asset."""
    env = make_environment(templates_dir, asset_urls=assets.urls, base_url=base_url)
    land = assets.urls.get("land.svg")

    def draw(points: Sequence[MapPoint], title: str, focus: tuple[float, float] | None = None) -> Markup:
        return Markup(world_map(points, land_href=land, title=title, focus=focus))

    env.globals["world_map"] = draw
    return env


def render_page(env: Environment, page: Page) -> bytes:
    """One page rendered to UTF-8 bytes."""
    return env.get_template(page.template).render(page.context).encode("utf-8")


PARALLEL_PAGES = 400
"""Below this many pages, forking workers costs more than rendering them all here."""

_forked: tuple[Environment, Sequence[Page]] | None = None
"""What forked render workers inherit; set only around a pool's lifetime."""


def render_pages(env: Environment, pages: Iterable[Page], workers: int | None = None) -> dict[str, bytes]:
    """Pages by output path, on every core when there are many; two pages on one path are a build error."""
    pages = list(pages)
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise BuildError(f"two pages would be written to {page.path}: two slugs collide")
        seen.add(page.path)
    workers = workers or min(os.cpu_count() or 1, 8)
    if len(pages) < PARALLEL_PAGES or workers < 2:
        return {page.path: render_page(env, page) for page in pages}
    return dict(zip((page.path for page in pages), _render_in_workers(env, pages, workers), strict=True))


def _render_in_workers(env: Environment, pages: Sequence[Page], workers: int) -> Iterator[bytes]:
    """The pages rendered by forked processes, in order; templates are compiled once, before the fork."""
    global _forked
    for name in {page.template for page in pages}:
        env.get_template(name)
    size = max(1, len(pages) // (workers * 16))
    slices = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
    _forked = (env, pages)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for contents in pool.map(_render_slice, slices):
                yield from contents
    finally:
        _forked = None


def _render_slice(bounds: tuple[int, int]) -> list[bytes]:
    assert _forked is not None
    env, pages = _forked
    return [render_page(env, page) for page in pages[bounds[0] : bounds[1]]]


def render_site(graph: SiteGraph, templates_dir: Path, *, base_url: str = "") -> dict[str, bytes]:
    """Every file of the site by site-relative path: pages, sitemap, robots.txt and hashed assets."""
    assets = collect_assets(templates_dir)
    env = site_environment(templates_dir, assets, base_url=base_url)
    files = render_pages(env, site_pages(graph))
    for path, content in assets.files.items():
        if path in files:
            raise BuildError(f"an asset and a page would both be written to {path}")
        files[path] = content
    return files


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
