"""The mention cache answers exactly as reading each paragraph afresh does, filled on one core or several."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.linking as linking
import generator.mentions as mentions_module
import generator.workers as workers
from generator.build import link_site, load_records
from generator.content import CORRECTIONS_FILE, record_paths
from generator.corrections import Corrections, load_corrections
from generator.graph import link
from generator.mentions import MentionCache, cited_mentions
from generator.places import Gazetteer
from generator.record_cache import RecordCache
from generator.record_text import KEY_BYTES, TextStore, text_key

CONTENT = Path(__file__).parent.parent / "content"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    records = load_records(record_paths([CONTENT])).records
    return [p.text for r in records for p in r.paragraphs]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_the_cache_answers_as_the_gazetteer(gazetteer: Gazetteer, texts: list[str]) -> None:
    cache = MentionCache(gazetteer)
    cache.prefill(texts)
    assert [cache.cited(t) for t in texts] == [cited_mentions(gazetteer, t) for t in texts]
    assert any(cache.cited(t) for t in texts)


def test_filling_on_several_processes_gives_the_same_answers(
    gazetteer: Gazetteer, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mentions_module, "PARALLEL_THRESHOLD", 1)
    cache = MentionCache(gazetteer)
    cache.prefill(texts, workers=2)
    expected = [cited_mentions(gazetteer, t) for t in texts]
    monkeypatch.setattr(gazetteer, "mentions", lambda text: pytest.fail("a prefilled text was searched again"))
    assert [cache.cited(t) for t in texts] == expected


def test_mentions_found_on_several_processes_share_one_object_for_each_city_and_each_name_as_printed(
    gazetteer: Gazetteer, texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mentions_module, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(workers, "SLICES_PER_PROCESS", 8)  # a worker's slices come back one by one
    cache = MentionCache(gazetteer)
    cache.prefill(texts, workers=2)
    found = [m for t in texts for m in cache.cited(t)]
    assert len({m.matched for m in found}) < len(found) / 4
    assert len({id(m.matched) for m in found}) == len({m.matched for m in found})
    assert len({id(m.city) for m in found}) == len({m.city for m in found})


def test_linking_through_the_cache_gives_the_same_graph(gazetteer: Gazetteer) -> None:
    records = load_records(record_paths([CONTENT])).records
    cache = MentionCache(gazetteer)
    assert link(records, cache, Corrections()) == link(records, gazetteer, Corrections())


# Kept between builds


def test_mentions_kept_by_one_build_are_read_back_by_the_next(
    gazetteer: Gazetteer, texts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = MentionCache(gazetteer)
    first.prefill(texts)
    first.keep(tmp_path / "mentions", "places")
    expected = [first.cited(t) for t in texts]
    later = MentionCache(gazetteer)
    assert later.read_kept(tmp_path / "mentions", "places", map(text_key, texts)) == len(set(texts))
    monkeypatch.setattr(gazetteer, "mentions", lambda text: pytest.fail("a kept text was searched again"))
    assert [later.cited(t) for t in texts] == expected


def test_the_texts_that_name_no_city_are_kept_as_their_keys_alone(gazetteer: Gazetteer, tmp_path: Path) -> None:
    """Five paragraphs in six name no city: at 10,000 records, kept as a dictionary of every text's mentions, they
    took seconds to pickle and a quarter of a gigabyte."""
    texts = [f"Paragraph {n} names no city at all." for n in range(1000)]
    first = MentionCache(gazetteer)
    first.prefill([*texts, "The Mayor of Amman spoke."])
    first.keep(tmp_path / "mentions", "places")
    assert (tmp_path / "mentions").stat().st_size < len(texts) * KEY_BYTES + 1_000
    later = MentionCache(gazetteer)
    asked = [*texts, "The Mayor of Amman spoke.", "Not kept: Nairobi."]
    assert later.read_kept(tmp_path / "mentions", "places", map(text_key, asked)) == len(texts) + 1
    assert text_key("Not kept: Nairobi.") not in later and text_key(texts[0]) in later
    assert later.cited(texts[0]) == () and [m.city.name for m in later.cited("The Mayor of Amman spoke.")] == ["Amman"]


def test_a_cache_keeping_only_named_texts_takes_any_other_to_name_no_city_until_it_forgets(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = MentionCache(gazetteer)
    cache.prefill(["The Mayor of Amman spoke.", "Nobody spoke."])
    cache.keep_only_named()
    assert text_key("Nobody spoke.") not in cache and text_key("The Mayor of Amman spoke.") in cache
    with monkeypatch.context() as patched:
        patched.setattr(gazetteer, "mentions", lambda text: pytest.fail("a text was searched"))
        assert cache.cited("Nobody spoke.") == ()
        assert [m.city.name for m in cache.cited("The Mayor of Amman spoke.")] == ["Amman"]
    cache.forget()
    assert [m.city.name for m in cache.cited("Nairobi hosted it.")] == ["Nairobi"]


def test_a_build_makes_its_graph_holding_only_the_mentions_of_texts_that_name_a_city(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five texts in six name none: at 10,000 records their keys were 130 MB held while the graph was made."""
    cache = RecordCache.for_content(CONTENT, root=tmp_path)
    records = load_records(record_paths([CONTENT]), cache=cache).records
    held: list[tuple[int, bool]] = []
    make_graph = linking.Linker._link

    def noting_what_is_held(linker, records, mention_cache, corrections):  # type: ignore[no-untyped-def]
        known = mention_cache._known
        held.append((len(known), all(known.values())))
        return make_graph(linker, records, mention_cache, corrections)

    monkeypatch.setattr(linking.Linker, "_link", noting_what_is_held)
    graph = link_site(records, CONTENT, cache)
    monkeypatch.undo()
    assert held[0][0] > 0 and held[0][1], "only texts that name a city"
    linking._mention_cache.cache_clear()  # as a new process would start
    assert graph == link(records, Gazetteer.load(), load_corrections(CONTENT / CORRECTIONS_FILE))


def test_mentions_kept_for_other_places_or_damaged_are_found_again(
    gazetteer: Gazetteer, texts: list[str], tmp_path: Path
) -> None:
    first = MentionCache(gazetteer)
    first.prefill(texts)
    first.keep(tmp_path / "mentions", "places")
    assert MentionCache(gazetteer).read_kept(tmp_path / "mentions", "other places", map(text_key, texts)) == 0
    (tmp_path / "mentions").write_bytes(b"not a pickle")
    assert MentionCache(gazetteer).read_kept(tmp_path / "mentions", "places", map(text_key, texts)) == 0
    assert MentionCache(gazetteer).read_kept(tmp_path / "missing", "places", map(text_key, texts)) == 0


def test_a_build_keeps_its_mentions_and_links_from_them_the_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RecordCache.for_content(CONTENT, root=tmp_path)
    loaded = load_records(record_paths([CONTENT]), cache=cache)
    linking._mention_cache.cache_clear()  # as a new process would start
    graph = link_site(loaded.records, CONTENT, cache)
    assert cache.mentions_file.is_file()
    linking._mention_cache.cache_clear()
    monkeypatch.setattr(mentions_module, "cited_mentions", lambda *args: pytest.fail("mentions were found again"))
    assert link_site(load_records(record_paths([CONTENT]), cache=cache).records, CONTENT, cache) == graph
    linking._mention_cache.cache_clear()


def test_linking_reads_no_paragraph_text_whose_mentions_are_known(tmp_path: Path) -> None:
    records = load_records(record_paths([CONTENT])).records
    cache = RecordCache(tmp_path / "records")
    first = link_site(records, CONTENT, cache)
    with TextStore.temporary() as store:
        for record in records:
            assert record.text is not None
            store.keep(record.text)
    # The store is gone: reading any paragraph's text now fails, and linking again needs none of them.
    assert link_site(records, CONTENT, cache) == first


def test_a_build_forgets_the_mentions_it_has_kept_once_linked(tmp_path: Path) -> None:
    records = load_records(record_paths([CONTENT])).records
    link_site(records, CONTENT, RecordCache(tmp_path / "records"))
    cache = linking._mention_cache(linking._places_of(load_corrections(CONTENT / CORRECTIONS_FILE)))
    assert cache.gazetteer.mentions("in Amman and Nairobi")  # the cache the build used
    assert not any(p.key in cache for r in records for p in r.paragraphs)
    assert (tmp_path / "records" / "mentions").is_file()


def test_paragraphs_filled_on_several_processes_are_read_by_each_for_its_share(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = load_records(record_paths([CONTENT])).records
    paragraphs = [p for r in records for p in r.paragraphs]
    expected = [cited_mentions(gazetteer, p.text) for p in paragraphs]
    monkeypatch.setattr(mentions_module, "PARALLEL_THRESHOLD", 1)
    parent, text_of = os.getpid(), mentions_module._text_of
    read_here = 0

    def count_texts_read_here(item):  # type: ignore[no-untyped-def]
        nonlocal read_here
        read_here += os.getpid() == parent
        return text_of(item)

    with TextStore.temporary() as store:
        for record in records:
            assert record.text is not None
            store.keep(record.text)
        monkeypatch.setattr(mentions_module, "_text_of", count_texts_read_here)
        cache = MentionCache(gazetteer)
        cache.prefill_paragraphs(paragraphs, workers=2)
        monkeypatch.undo()
        assert [cache.cited_in(p) for p in paragraphs] == expected
    assert read_here < len(paragraphs), "the parent read every text: at 10,000 records, a gigabyte"
