"""From the site graph to every output file: pages rendered through the templates, plus assets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def render_pages(env: Environment, pages: Iterable[Page]) -> dict[str, bytes]:
    """Pages by output path; two pages on one path are a build error."""
    files: dict[str, bytes] = {}
    for page in pages:
        if page.path in files:
            raise BuildError(f"two pages would be written to {page.path}: two slugs collide")
        files[page.path] = render_page(env, page)
    return files


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
