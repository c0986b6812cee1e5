"""The record model: how a parsed record holds its paragraphs' text."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.model import Paragraph, ParagraphDraft, ParagraphKind, paragraphs_of
from generator.parse import parse_record, read_record_file
from generator.record_text import KEY_BYTES, text_key

CONTENT = Path(__file__).parent.parent / "content"


def drafts(*texts: str) -> list[ParagraphDraft]:
    return [ParagraphDraft(i, f"p{i}", text, 10 * i) for i, text in enumerate(texts, start=1)]


def test_a_records_paragraphs_share_one_utf8_buffer_of_their_texts() -> None:
    paragraphs = paragraphs_of(drafts("The Mayor of Amman said", "that “resilience” was key.", "Merci."))
    assert [p.text for p in paragraphs] == ["The Mayor of Amman said", "that “resilience” was key.", "Merci."]
    assert len({id(p.utf8) for p in paragraphs}) == 1
    assert paragraphs[0].utf8.whole() == "The Mayor of Amman saidthat “resilience” was key.Merci.".encode()


def test_a_parsed_record_keeps_one_buffer_when_pickled_and_read_back() -> None:
    path = next(CONTENT.glob("*.md"))
    record = parse_record(read_record_file(path), str(path))
    pickled = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
    read_back = pickle.loads(pickled)
    assert read_back == record
    assert len({id(p.utf8) for p in read_back.paragraphs}) == 1
    assert len(pickled) < 1.2 * len(read_back.paragraphs[0].utf8.whole()) + 200 * len(record.paragraphs)


def test_paragraphs_compare_and_hash_by_their_text_not_by_where_it_is_kept() -> None:
    alone = paragraphs_of(drafts("Merci."))[0]
    among_others = paragraphs_of(drafts("Merci.", "Thank you."))[0]
    assert alone.utf8 != among_others.utf8
    assert alone == among_others
    assert hash(alone) == hash(among_others)
    assert alone != paragraphs_of(drafts("Thank you."))[0]
    assert alone != paragraphs_of([ParagraphDraft(1, "p1", "Merci.", 10, ParagraphKind.PROCEDURAL)])[0]


def test_a_paragraph_shows_its_text_not_the_records_buffer() -> None:
    paragraph = paragraphs_of(drafts("Merci.", "A long paragraph " * 50))[0]
    assert repr(paragraph) == ("Paragraph(index=1, anchor='p1', text='Merci.', line=10, kind=<ParagraphKind.SPEECH: "
                               "'speech'>, number=None, turn=None, section=None)")


def test_each_paragraph_knows_the_key_of_its_text_from_when_it_was_parsed() -> None:
    paragraphs = paragraphs_of(drafts("The Mayor of Amman said", "that “resilience” was key.", "Merci."))
    assert [p.key for p in paragraphs] == [text_key(p.text) for p in paragraphs]
    assert len(set(paragraphs[0].utf8.keys)) > 1 and len(paragraphs[0].utf8.keys) == 3 * KEY_BYTES


def test_paragraphs_are_made_in_order_of_their_index() -> None:
    with pytest.raises(ValueError, match="paragraph 2 is at position 1"):
        paragraphs_of([ParagraphDraft(2, "p2", "Merci.", 10)])


def test_records_read_back_share_their_paragraphs_anchors() -> None:
    first, second = (pickle.loads(pickle.dumps(paragraphs_of(drafts(*texts)))) for texts in (("Merci.",), ("Oui.",)))
    assert first[0].anchor == "p1" and first[0].anchor is second[0].anchor


def test_a_paragraph_holds_no_numbers_of_its_own_for_where_its_text_is() -> None:
    paragraph = paragraphs_of(drafts("Merci.", "Thank you."))[1]
    assert not {"start", "end"} & set(Paragraph.__slots__)
    assert paragraph.encoded == b"Thank you." and paragraph.utf8.ends.tolist() == [6, 16]
