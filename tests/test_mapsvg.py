"""Specifications of the map drawing: the projection puts places where they belong; the SVG is valid."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.mapsvg import HEIGHT, WIDTH, MapPoint, land_svg, parse_land, project, world_map

SVG = "{http://www.w3.org/2000/svg}"
LAND = Path(__file__).resolve().parent.parent / "templates" / "map" / "land.txt"


def test_the_equator_and_prime_meridian_cross_at_the_centre() -> None:
    assert project(0, 0) == (WIDTH / 2, round(HEIGHT / 2, 1))


def test_the_antimeridian_at_the_equator_lands_on_the_edges() -> None:
    assert project(0, 180)[0] == pytest.approx(WIDTH, abs=0.1)
    assert project(0, -180)[0] == pytest.approx(0, abs=0.1)


def test_the_poles_land_on_the_top_and_bottom() -> None:
    assert project(90, 0)[1] == pytest.approx(0, abs=0.1)
    assert project(-90, 0)[1] == pytest.approx(HEIGHT, abs=0.1)


def test_robinson_table_values_are_used_exactly_at_their_latitudes() -> None:
    # At 45°N Robinson's table gives a parallel length of 0.8962 and a height of 0.5571 (of the pole's).
    x, y = project(45, 90)
    assert (x - WIDTH / 2) / (WIDTH / 2) == pytest.approx(0.8962 / 2, abs=1e-3)
    assert (HEIGHT / 2 - y) / (HEIGHT / 2) == pytest.approx(0.5571, abs=1e-3)


def test_places_keep_their_relative_positions() -> None:
    new_york, amman, sydney = project(40.71, -74.01), project(31.96, 35.95), project(-33.87, 151.21)
    assert new_york[0] < amman[0] < sydney[0]
    assert new_york[1] < amman[1] < HEIGHT / 2 < sydney[1]


def test_north_and_south_are_symmetric() -> None:
    assert project(30, 20)[0] == project(-30, 20)[0]
    assert project(30, 20)[1] + project(-30, 20)[1] == pytest.approx(HEIGHT, abs=0.2)


def test_world_map_is_valid_xml_with_one_linked_titled_dot_per_point() -> None:
    points = [
        MapPoint("Amman, Jordan: 2 mentions", "/cities/amman/", 31.96, 35.95, 2),
        MapPoint("Cox's Bazar & <co>", "/cities/coxs-bazar/", 21.45, 91.97, 1, current=True),
    ]
    root = ET.fromstring(world_map(points, land_href="/assets/land.svg", title="Cities"))
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == "Cities"  # type: ignore[union-attr]
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["/cities/amman/", "/cities/coxs-bazar/"]
    assert links[1].find(f"{SVG}title").text == "Cox's Bazar & <co>"  # type: ignore[union-attr]
    circle = links[0].find(f"{SVG}circle")
    assert circle is not None
    assert (float(circle.get("cx", "")), float(circle.get("cy", ""))) == project(31.96, 35.95)
    assert root.find(f"{SVG}image").get("href") == "/assets/land.svg"  # type: ignore[union-attr]


def test_heavier_places_get_bigger_dots() -> None:
    points = [MapPoint("a", "/a/", 0, 0, 1), MapPoint("b", "/b/", 10, 10, 9)]
    root = ET.fromstring(world_map(points))
    radii = {a.get("href"): float(a.find(f"{SVG}circle").get("r", "")) for a in root.iter(f"{SVG}a")}  # type: ignore[union-attr]
    assert radii["/b/"] > radii["/a/"]


def test_a_focused_map_shows_the_region_around_the_place() -> None:
    root = ET.fromstring(world_map([MapPoint("a", "/a/", 31.96, 35.95)], focus=(31.96, 35.95), span=240))
    left, top, width, height = map(float, root.get("viewBox", "").split())
    x, y = project(31.96, 35.95)
    assert width == 240 and left < x < left + width and top < y < top + height


def test_land_file_draws_valid_svg_clipped_to_the_map() -> None:
    rings = parse_land(LAND.read_text(encoding="utf-8"))
    assert len(rings) > 100
    root = ET.fromstring(land_svg(rings))
    assert root.find(f"{SVG}clipPath") is not None
    assert root.get("viewBox") == f"0 0 {WIDTH:g} {HEIGHT:.1f}"


def test_a_ring_crossing_the_antimeridian_is_drawn_on_both_edges() -> None:
    ring = [(170.0, 60.0), (-170.0, 60.0), (-170.0, 70.0), (170.0, 70.0)]
    path = ET.fromstring(land_svg([ring])).findall(f"{SVG}path")[-1].get("d", "")
    assert path.count("M") == 2


def test_a_focused_map_leaves_out_places_far_outside_its_view() -> None:
    points = [MapPoint("Amman", "/amman/", 31.96, 35.95, current=True), MapPoint("Sydney", "/sydney/", -33.87, 151.21)]
    root = ET.fromstring(world_map(points, focus=(31.96, 35.95)))
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/amman/"]
