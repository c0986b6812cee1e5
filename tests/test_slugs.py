"""Slugs are safe URL segments, and names that collide get distinct slugs whatever order they come in."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from generator.parse.symbols import symbol_slug
from generator.slugs import MAX_LENGTH, SLUG, slugify, unique_slugs


def test_accents_are_folded_and_apostrophes_dropped() -> None:
    assert slugify("Medellín") == "medellin"
    assert slugify("Côte d’Ivoire") == "cote-divoire"
    assert slugify("Cox’s Bāzār") == "coxs-bazar"
    assert slugify("Mr. Gutiérrez") == "mr-gutierrez"


def test_letters_without_decomposition_are_spelled_out() -> None:
    assert slugify("Straße Łódź Ærø") == "strasse-lodz-aero"


def test_punctuation_becomes_single_hyphens() -> None:
    assert slugify("  Mr. Williams (UN-Habitat) ") == "mr-williams-un-habitat"
    assert slugify("E/2018/SR.22") == "e-2018-sr-22"
    assert slugify("--a__b..c--") == "a-b-c"


def test_a_symbol_slugs_as_the_parser_slugs_it() -> None:
    for symbol in ("E/2018/SR.22", "A/79/PV.29", "S/PV.8422", "A/C.3/73/SR.5", "A/ES-10/PV.21 (Resumption 1)"):
        assert slugify(symbol) == symbol_slug(symbol)


def test_text_without_latin_letters_gets_a_stable_hash() -> None:
    assert slugify("北京") == slugify("北京")
    assert slugify("北京") != slugify("上海")
    assert SLUG.match(slugify("北京"))
    assert SLUG.match(slugify(""))
    assert slugify("..") != ".." and slugify("/") != "/"


def test_long_text_is_cut_at_a_word_and_keeps_a_hash_of_the_whole() -> None:
    long = "Permanent Representative of the Bolivarian Republic of Venezuela to the United Nations in New York"
    slug = slugify(long)
    assert len(slug) <= MAX_LENGTH
    assert slug.startswith("permanent-representative-of-the-bolivarian-republic-of-venezuela")
    assert slugify(long + " and Geneva") != slug


@given(st.text())
def test_any_text_gives_a_safe_bounded_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug), slug
    assert 1 <= len(slug) <= MAX_LENGTH


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_slugify_is_a_pure_function(text: str) -> None:
    assert slugify(text) == slugify(text)


@given(st.dictionaries(st.text(max_size=8), st.lists(st.sampled_from(["a", "b", "a-b", "c"]), max_size=3)))
def test_unique_slugs_are_distinct_safe_and_independent_of_order(candidates: dict[str, list[str]]) -> None:
    chosen = unique_slugs(candidates)
    assert set(chosen) == set(candidates)
    assert len(set(chosen.values())) == len(chosen)
    assert all(SLUG.match(slug) and len(slug) <= MAX_LENGTH for slug in chosen.values())
    shuffled = list(candidates.items())
    random.Random(1).shuffle(shuffled)
    assert unique_slugs(dict(shuffled)) == chosen


def test_a_collision_is_resolved_by_the_next_candidate_before_numbers() -> None:
    chosen = unique_slugs({
        "williams/un-habitat": ["Mr. Williams", "Mr. Williams UN-Habitat"],
        "williams/kenya": ["Mr. Williams", "Mr. Williams Kenya"],
        "shank": ["Mr. Shank", "Mr. Shank CNCA"],
    })
    assert chosen == {"williams/un-habitat": "mr-williams-un-habitat", "williams/kenya": "mr-williams-kenya",
                      "shank": "mr-shank"}


def test_identical_candidates_are_numbered_in_sorted_key_order() -> None:
    chosen = unique_slugs({"b": ["Mr. Smith"], "a": ["Mr. Smith"], "c": ["Mr. Smith"]})
    assert chosen == {"a": "mr-smith-2", "b": "mr-smith-3", "c": "mr-smith-4"}


def test_taken_slugs_are_never_given_out() -> None:
    assert unique_slugs({"a": ["Mr. Smith"]}, taken=["mr-smith"]) == {"a": "mr-smith-2"}
