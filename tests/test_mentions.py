"""The mention cache answers exactly as reading each paragraph afresh does, filled on one core or several."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.mentions as mentions_module
from generator.build import load_records
from generator.content import record_paths
from generator.corrections import Corrections
from generator.graph import link
from generator.mentions import MentionCache, cited_mentions
from generator.places import Gazetteer

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


def test_linking_through_the_cache_gives_the_same_graph(gazetteer: Gazetteer) -> None:
    records = load_records(record_paths([CONTENT])).records
    cache = MentionCache(gazetteer)
    assert link(records, cache, Corrections()) == link(records, gazetteer, Corrections())
