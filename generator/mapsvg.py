"""World maps as SVG, drawn at build time: Robinson projection, graticule, land, linked dots.

No tiles and no requests to anyone: the land outline is a static SVG file of the site
(`land_svg`), referenced by the maps as an image so each page stays small.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

WIDTH = 960.0
"""The width of the whole world in map units; every map uses the same coordinates."""

# Robinson's table: for each 5° of latitude, the length of the parallel (X) and its distance from the equator (Y).
_ROBINSON = (
    (1.0000, 0.0000),
    (0.9986, 0.0620),
    (0.9954, 0.1240),
    (0.9900, 0.1860),
    (0.9822, 0.2480),
    (0.9730, 0.3100),
    (0.9600, 0.3720),
    (0.9427, 0.4340),
    (0.9216, 0.4958),
    (0.8962, 0.5571),
    (0.8679, 0.6176),
    (0.8350, 0.6769),
    (0.7986, 0.7346),
    (0.7597, 0.7903),
    (0.7186, 0.8435),
    (0.6732, 0.8936),
    (0.6213, 0.9394),
    (0.5722, 0.9761),
    (0.5322, 1.0000),
)
_HALF_WIDTH = 0.8487 * math.pi
_HALF_HEIGHT = 1.3523
SCALE = WIDTH / (2 * _HALF_WIDTH)
HEIGHT = 2 * _HALF_HEIGHT * SCALE
TOP, BOTTOM = 84.0, -60.0
"""Latitudes the maps show: nobody meets in Antarctica or at the pole."""


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A place to draw: a linked dot with a name."""

    label: str
    """The text of the dot's tooltip and accessible name: `Amman, Jordan: 2 meetings`."""
    href: str
    """Where the dot links to."""
    latitude: float
    longitude: float
    weight: float = 1.0
    """How much happens there; the dot's area grows with it."""
    current: bool = False
    """True for the place the page is about: drawn on top, in the accent colour."""


def _robinson(latitude: float) -> tuple[float, float]:
    """Robinson's X and Y factors for a latitude, interpolated linearly in the table."""
    position = min(abs(latitude), 90.0) / 5.0
    row = min(int(position), len(_ROBINSON) - 2)
    fraction = position - row
    (x0, y0), (x1, y1) = _ROBINSON[row], _ROBINSON[row + 1]
    y = y0 + (y1 - y0) * fraction
    return x0 + (x1 - x0) * fraction, math.copysign(y, latitude)


@lru_cache(maxsize=1 << 14)
def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Map units of a point: x from 0 (180°W) to WIDTH, y from 0 (north pole) to HEIGHT (remembered: every city's
    page draws every city near it)."""
    factor_x, factor_y = _robinson(latitude)
    x = 0.8487 * factor_x * math.radians(longitude)
    return round(WIDTH / 2 + x * SCALE, 1), round(HEIGHT / 2 - _HALF_HEIGHT * factor_y * SCALE, 1)


def _y(latitude: float) -> float:
    """The map y of a latitude."""
    return project(latitude, 0.0)[1]


def _polyline(points: Iterable[tuple[float, float]]) -> str:
    """SVG path data through projected (latitude, longitude) points."""
    coords = [project(lat, lon) for lat, lon in points]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in coords)


@lru_cache(maxsize=4)
def _graticule(step: int = 30) -> str:
    """Path data of the parallels and meridians every `step` degrees, inside the shown band."""
    lats = [lat * 1.0 for lat in range(-90, 91, 5) if BOTTOM <= lat <= TOP] + [TOP]
    lats = sorted(set([BOTTOM, *lats]))
    meridians = [_polyline((lat, lon) for lat in lats) for lon in range(-180 + step, 180, step)]
    parallels = [_polyline((lat, lon) for lon in range(-180, 181, 10)) for lat in range(-step, int(TOP), step)]
    return "".join(meridians + parallels)


@lru_cache(maxsize=1)
def _frame() -> str:
    """Path data of the map's outline: the ±180° meridians closed by the top and bottom parallels."""
    lats = sorted({BOTTOM, TOP, *(lat * 1.0 for lat in range(-90, 91, 5) if BOTTOM < lat < TOP)})
    east = [(lat, 180.0) for lat in lats]
    west = [(lat, -180.0) for lat in reversed(lats)]
    return _polyline(east + west) + "Z"


def parse_land(text: str) -> list[list[tuple[float, float]]]:
    """Rings of (longitude, latitude) from the land file: one ring a line, `lon,lat` pairs."""
    rings = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rings.append([(float(a), float(b)) for a, b in (pair.split(",") for pair in line.split())])
    return rings


def _unwrap(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring whose longitudes run on past ±180° instead of jumping, so it stays one shape."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        lon += 360.0 * round((previous - lon) / 360.0)
        out.append((lon, lat))
    return out


def _copies(ring: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The ring, plus a copy shifted by 360° when it crosses the antimeridian (the frame clips both)."""
    unwrapped = _unwrap(ring)
    lons = [lon for lon, _ in unwrapped]
    shifts = [0.0] + ([-360.0] if max(lons) > 180 else []) + ([360.0] if min(lons) < -180 else [])
    return [[(lon + shift, lat) for lon, lat in unwrapped] for shift in shifts]


def land_svg(rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    """A standalone SVG of the land, in map units, that follows the reader's colour scheme."""
    shown = [ring for ring in rings if max(lat for _, lat in ring) > BOTTOM]
    paths = "".join(_polyline((lat, lon) for lon, lat in copy) + "Z" for ring in shown for copy in _copies(ring))
    style = "path{fill:#dfe5ec}@media (prefers-color-scheme:dark){path{fill:#2c3a4b}}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:.1f}">'
        f'<style>{style}</style><clipPath id="frame"><path d="{_frame()}"/></clipPath>'
        f'<path clip-path="url(#frame)" d="{paths}"/></svg>\n'
    )


def _view_box(focus: tuple[float, float] | None, span: float) -> tuple[float, float, float, float]:
    """The visible rectangle: the band TOP..BOTTOM, or `span` units wide around `focus`."""
    top, bottom = _y(TOP), _y(BOTTOM)
    if focus is None:
        return 0.0, top, WIDTH, bottom - top
    x, y = project(*focus)
    width, height = span, span / 2
    left = min(max(x - width / 2, 0.0), WIDTH - width)
    upper = min(max(y - height / 2, top), bottom - height)
    return left, upper, width, height


def _inside(point: MapPoint, box: tuple[float, float, float, float], margin: float = 10.0) -> bool:
    """True when the point is drawn inside the visible rectangle (or just outside it)."""
    x, y = project(point.latitude, point.longitude)
    left, top, width, height = box
    return left - margin <= x <= left + width + margin and top - margin <= y <= top + height + margin


def _radius(weight: float, heaviest: float, unit: float) -> float:
    """A dot's radius: its area grows with its weight, between 3 and 9 units at full width."""
    share = math.sqrt(max(weight, 0.0) / heaviest) if heaviest > 0 else 0.0
    return round((3.0 + 6.0 * share) * unit, 2)


def _dot(point: MapPoint, heaviest: float, unit: float) -> str:
    """One linked dot with its accessible name."""
    x, y = project(point.latitude, point.longitude)
    css = "map-dot map-dot-current" if point.current else "map-dot"
    radius = _radius(point.weight, heaviest, unit) * (1.4 if point.current else 1.0)
    return (
        f"<a href={quoteattr(point.href)}><title>{escape(point.label)}</title>"
        f'<circle class="{css}" cx="{x:g}" cy="{y:g}" r="{radius:g}"/></a>'
    )


def world_map(
    points: Sequence[MapPoint],
    *,
    land_href: str | None = None,
    title: str = "Map",
    focus: tuple[float, float] | None = None,
    span: float = 240.0,
) -> str:
    """An SVG map of the points: the world, or `span` map units around `focus` (latitude, longitude)."""
    left, top, width, height = _view_box(focus, span)
    unit = width / WIDTH if focus is None else width / WIDTH * 2.5
    heaviest = max((p.weight for p in points), default=1.0)
    shown = points if focus is None else [p for p in points if _inside(p, (left, top, width, height))]
    ordered = sorted(shown, key=lambda p: (p.current, -p.weight, p.label))
    land = (
        f'<image href={quoteattr(land_href)} x="0" y="0" width="{WIDTH:g}" height="{HEIGHT:.1f}"/>' if land_href else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="{left:g} {top:g} {width:g} {height:g}" '
        f'role="group" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
        f'<path class="map-sea" d="{_frame()}"/>{land}'
        f'<path class="map-graticule" d="{_graticule()}" stroke-width="{0.6 * unit:g}"/>'
        f'<g class="map-dots" stroke-width="{unit:g}">{"".join(_dot(p, heaviest, unit) for p in ordered)}</g>'
        "</svg>"
    )
