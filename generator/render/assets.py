"""Static assets with content-hashed names, so they can be cached forever."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.mapsvg import land_svg, parse_land

ASSETS_DIR = "assets"
"""Where hashed assets live in the site; `netlify.toml` marks it immutable."""
LAND_FILE = Path("map") / "land.txt"
"""The land outlines the maps draw, relative to the templates folder."""


@dataclass(frozen=True, slots=True)
class Assets:
    """The asset files of the site, and the URL of each by its source name."""

    files: Mapping[str, bytes]
    """Site-relative path to content: `assets/site.3f2a9c1b0d.css`."""
    urls: Mapping[str, str]
    """Source name to site URL: `site.css` to `/assets/site.3f2a9c1b0d.css`."""


def hashed_name(name: str, content: bytes) -> str:
    """`site.css` becomes `site.<10 hex digits of its SHA-256>.css`."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{path.stem}.{digest}{path.suffix}"


def source_assets(templates_dir: Path) -> dict[str, bytes]:
    """Every static file by name: `templates/static/*`, and the land map drawn from `templates/map/land.txt`."""
    static = templates_dir / "static"
    found = (
        {path.name: path.read_bytes() for path in sorted(static.iterdir()) if path.is_file()} if static.is_dir() else {}
    )
    land = templates_dir / LAND_FILE
    if land.is_file():
        found["land.svg"] = land_svg(parse_land(land.read_text(encoding="utf-8"))).encode()
    return found


def collect_assets(templates_dir: Path) -> Assets:
    """The site's assets, each under its content-hashed name."""
    files: dict[str, bytes] = {}
    urls: dict[str, str] = {}
    for name, content in source_assets(templates_dir).items():
        path = f"{ASSETS_DIR}/{hashed_name(name, content)}"
        files[path] = content
        urls[name] = "/" + path
    return Assets(files, urls)
