"""Render the site graph to HTML and assets through the Jinja templates; pure, nothing is written.

`render_site` returns every output file. For the dev server, `site_pages` lists every page as
a spec, `affected_pages` and `pages_using_templates` pick those a change touches, and
`render_page` renders one.
"""

from __future__ import annotations

from generator.render.assets import Assets, collect_assets
from generator.render.environment import make_environment
from generator.render.output import (
    pages_using_templates,
    render_page,
    render_pages,
    render_site,
    site_environment,
    templates_used,
)
from generator.render.pages import Page, affected_pages, pages_showing, site_pages

__all__ = [
    "Assets",
    "Page",
    "affected_pages",
    "collect_assets",
    "make_environment",
    "pages_showing",
    "pages_using_templates",
    "render_page",
    "render_pages",
    "render_site",
    "site_environment",
    "site_pages",
    "templates_used",
]
