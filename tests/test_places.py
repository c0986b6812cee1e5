"""The gazetteer: precision first — a city page only for what really is a city mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.parse import load_record
from generator.places import City, Gazetteer

SEED = Path(__file__).parent.parent / "content" / "E_2018_SR.22.md"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def names(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.city.name for m in gazetteer.mentions(text)]


@pytest.fixture(scope="module")
def seed_cities(gazetteer: Gazetteer) -> set[str]:
    record = load_record(SEED)
    return {m.city.name for p in record.paragraphs for m in gazetteer.mentions(p.text)}


@pytest.mark.parametrize("city", ["New York", "Amman", "Cape Town", "Medellín", "Barcelona", "Nairobi", "Cox’s Bazar"])
def test_the_seed_record_mentions_its_cities(seed_cities: set[str], city: str) -> None:
    assert city in seed_cities


@pytest.mark.parametrize("not_a_city", ["Paris", "Sendai", "Madrid", "Monaco", "Jordan", "Mexico", "Ammanford", "Itu"])
def test_the_seed_record_names_no_false_cities(seed_cities: set[str], not_a_city: str) -> None:
    assert not_a_city not in seed_cities


@pytest.mark.parametrize(
    "text",
    [
        "the city was aligned with the Paris Agreement.",
        "the Sendai Framework for Disaster Risk Reduction 2015–2030",
        "the Madrid International Plan of Action on Ageing",
        "a meeting in the Monaco Building",
        "faithful compliance with the Oslo agreements.",
        "the Kyoto Protocol and the Vienna Convention",
        "the resilience journey had begun with Hurricane Sandy, which",
        "Mr. Richardson said that",
        "ITU facilitated the World Summit",
        "Mobile phones and Reading glasses were Nice.",
        "Jordan had limited access to water; Mexico agreed.",
    ],
)
def test_names_of_other_things_are_not_city_mentions(gazetteer: Gazetteer, text: str) -> None:
    assert names(gazetteer, text) == []


def test_new_york_and_new_york_city_are_one_city(gazetteer: Gazetteer) -> None:
    assert gazetteer.city("New York") == gazetteer.city("New York City")
    assert names(gazetteer, "New York City had partnered; New York was threatened") == ["New York", "New York"]


def test_medellin_with_and_without_accent_is_one_city(gazetteer: Gazetteer) -> None:
    medellin = gazetteer.city("Medellín")
    assert medellin is not None and medellin == gazetteer.city("Medellin")
    assert medellin.name == "Medellín" and medellin.slug == "medellin"


def test_transliteration_marks_are_dropped_from_display_names(gazetteer: Gazetteer) -> None:
    city = gazetteer.city("Cox's Bazar")
    assert city is not None and (city.name, city.slug, city.country_code) == ("Cox’s Bazar", "coxs-bazar", "BD")


def test_a_country_after_the_name_chooses_among_namesakes(gazetteer: Gazetteer) -> None:
    spain = gazetteer.mentions("Superblocks: How Barcelona is taking streets back")[0].city
    venezuela = gazetteer.mentions("the port of Barcelona, Venezuela")[0].city
    assert (spain.country_code, venezuela.country_code) == ("ES", "VE")
    assert spain.slug != venezuela.slug


def test_a_small_or_common_name_needs_evidence(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "in the city of Mobile, Alabama") == ["Mobile"]


def test_country_hint_and_city_lookup(gazetteer: Gazetteer) -> None:
    amman = gazetteer.city("Amman", country_code="JO")
    assert amman is not None and amman.name == "Amman"
    assert gazetteer.city("Amman", country_code="FR") is None
    assert gazetteer.city("Jordan") is None
    assert gazetteer.country_of(amman).name == "Jordan"  # type: ignore[union-attr]


def test_authors_can_add_and_suppress_places() -> None:
    kibera = City(0, "Kibera", "kibera", "KE", -1.3133, 36.7876, 0)
    gazetteer = Gazetteer.load(added={"Kibera": kibera}, suppressed=["Nairobi"])
    assert names(gazetteer, "residents of Kibera and Nairobi") == ["Kibera"]
    assert gazetteer.city("Nairobi") is None
