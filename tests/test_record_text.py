"""The build's text store: records' texts kept in files, read back a span at a time or whole."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from generator.model import ParagraphDraft, Record, paragraphs_of
from generator.parse import parse_record, read_record_file
from generator.record_text import RecordText, TextStore, text_key

CONTENT = Path(__file__).parent.parent / "content"


def seed_record() -> Record:
    path = sorted(CONTENT.glob("*.md"))[0]
    return parse_record(read_record_file(path), str(path))


def test_a_kept_text_reads_as_it_did_in_memory() -> None:
    record = seed_record()
    texts = [p.text for p in record.paragraphs]
    assert record.text is not None
    with TextStore.temporary() as store:
        store.keep(record.text)
        assert not record.text.in_memory
        assert [p.text for p in record.paragraphs] == texts
        assert [p.text for p in reversed(record.paragraphs)] == texts[::-1]


def test_every_paragraphs_text_is_read_at_once_as_each_reads_alone_in_memory_or_kept() -> None:
    record = seed_record()
    texts = [p.text for p in record.paragraphs]
    assert record.paragraph_texts() == texts and any(not text.isascii() for text in texts)
    assert record.text is not None
    with TextStore.temporary() as store:
        store.keep(record.text)
        assert record.paragraph_texts() == texts
    assert Record(record.source, record.meeting, ()).paragraph_texts() == []


def test_a_kept_text_is_in_a_file_of_the_store_not_in_the_process() -> None:
    record = seed_record()
    assert record.text is not None
    size = len(record.text)
    with TextStore.temporary() as store:
        store.keep(record.text)
        files = list(store.folder.iterdir())
        assert [f.stat().st_size for f in files] == [size]
        held = len(record.text.keys) + record.text.ends.itemsize * len(record.text.ends)
        assert len(pickle.dumps(record.text)) < 400 + held < size  # where it is, not what it is


def test_texts_from_several_records_are_spans_of_one_file_per_process() -> None:
    first = paragraphs_of([ParagraphDraft(1, "p1", "Merci.", 10)])
    second = paragraphs_of([ParagraphDraft(1, "p1", "“Thank you.”", 10), ParagraphDraft(2, "p2", "Gracias.", 12)])
    with TextStore.temporary() as store:
        store.keep(first[0].utf8)
        store.keep(second[0].utf8)
        assert len(list(store.folder.iterdir())) == 1
        assert [p.text for p in second + first] == ["“Thank you.”", "Gracias.", "Merci."]


def _keep_in_worker(store: TextStore, text: str) -> bytes:
    paragraphs = paragraphs_of([ParagraphDraft(1, "p1", text, 1)])
    store.keep(paragraphs[0].utf8)
    return pickle.dumps(paragraphs)


def test_a_text_kept_by_a_worker_is_read_by_its_parent() -> None:
    with TextStore.temporary() as store, ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        pickled = list(pool.map(_keep_in_worker, [store] * 4, ["un", "deux", "trois", "quatre"]))
        assert [pickle.loads(p)[0].text for p in pickled] == ["un", "deux", "trois", "quatre"]
        assert all(f.name != f"{os.getpid()}.utf8" for f in store.folder.iterdir())


def test_the_store_is_removed_when_the_build_is_done() -> None:
    record = seed_record()
    texts = [p.text for p in record.paragraphs]
    assert record.text is not None
    with TextStore.temporary() as store:
        store.keep(record.text)
        folder = store.folder
    assert not folder.exists()
    with pytest.raises(OSError):
        _ = record.paragraphs[0].text
    assert record.paragraphs[0].key == text_key(texts[0])  # the keys are held, not stored


def test_a_text_compares_by_its_bytes_wherever_it_is_kept() -> None:
    held, kept = RecordText("Merci “beaucoup”".encode()), RecordText("Merci “beaucoup”".encode())
    with TextStore.temporary() as store:
        store.keep(kept)
        assert held == kept and hash(held) == hash(kept)
        assert kept[6:9] == "“".encode()


def test_excerpts_kept_after_the_texts_are_read_back_held_kept_or_pickled_and_leave_the_texts_as_they_were() -> None:
    thanks = "“Thank you.” " * 20
    paragraphs = paragraphs_of([ParagraphDraft(1, "p1", thanks, 10), ParagraphDraft(2, "p2", "Merci.", 12)])
    text = paragraphs[0].utf8
    assert [p.kept_excerpt for p in paragraphs] == [None, None]

    text.keep_excerpts(["“Thank you.” “Thank…".encode(), b"Merci."])
    assert [p.kept_excerpt for p in paragraphs] == ["“Thank you.” “Thank…", "Merci."]
    assert text.texts() == ["“Thank you.” " * 20, "Merci."] == [p.text for p in paragraphs]
    assert [p.key for p in paragraphs] == [text_key("“Thank you.” " * 20), text_key("Merci.")]
    with TextStore.temporary() as store:
        store.keep(text)
        copies = pickle.loads(pickle.dumps(paragraphs))
        for read in (paragraphs, reversed(paragraphs), copies):
            assert {p.index: (p.text, p.kept_excerpt) for p in read} == {
                1: ("“Thank you.” " * 20, "“Thank you.” “Thank…"), 2: ("Merci.", "Merci.")}


def test_excerpts_are_kept_once_one_a_paragraph_while_the_text_is_held() -> None:
    paragraphs = paragraphs_of([ParagraphDraft(1, "p1", "Merci.", 10), ParagraphDraft(2, "p2", "Gracias.", 12)])
    text = paragraphs[0].utf8
    with pytest.raises(ValueError, match="2 excerpts are kept only with the 2 texts"):
        text.keep_excerpts([b"Merci."])
    text.keep_excerpts([b"Merci.", b"Gracias."])
    with pytest.raises(ValueError):
        text.keep_excerpts([b"Merci.", b"Gracias."])
    with TextStore.temporary() as store:
        kept = paragraphs_of([ParagraphDraft(1, "p1", "Merci.", 10)])[0].utf8
        store.keep(kept)
        with pytest.raises(ValueError):
            kept.keep_excerpts([b"Merci."])


def test_the_excerpts_of_several_paragraphs_are_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A person's page reads a turn's excerpts together: a read each was a tenth of an added turn's rebuild."""
    paragraphs = paragraphs_of([ParagraphDraft(i, f"p{i}", f"Paragraph {i}.", i) for i in range(1, 5)])
    text = paragraphs[0].utf8
    assert text.excerpts([0, 1]) is None
    text.keep_excerpts([f"Excerpt {i}…".encode() for i in range(1, 5)])
    reads: list[int] = []
    pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, at: reads.append(size) or pread(fd, size, at))
    with TextStore.temporary() as store:
        store.keep(text)
        assert text.excerpts([1, 2, 3]) == [f"Excerpt {i}…".encode() for i in (2, 3, 4)]
        assert reads == [3 * len("Excerpt 2…".encode())]
        assert text.excerpts([]) == [] and text.excerpts([2, 0]) == [f"Excerpt {i}…".encode() for i in (3, 1)]
