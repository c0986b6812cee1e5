"""A fingerprint is of the bytes alone: how they are cut into parts does not change it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.fingerprint import SIZE, fingerprint
from generator.record_cache import record_key
from generator.record_text import text_key


@given(st.lists(st.binary(max_size=64), max_size=5))
def test_parts_are_fingerprinted_one_after_the_other(parts: list[bytes]) -> None:
    assert fingerprint(*parts) == fingerprint(b"".join(parts))
    assert len(fingerprint(*parts)) == SIZE


def test_different_bytes_have_different_fingerprints() -> None:
    assert fingerprint(b"Amman") != fingerprint(b"amman")


def test_a_record_key_is_of_its_file_name_and_bytes() -> None:
    assert record_key("a.md", b"text") == fingerprint(b"a.md\0text").hex()
    assert record_key("a.md", b"text") != record_key("b.md", b"text")


def test_a_text_key_is_the_same_for_the_text_and_its_utf8() -> None:
    assert text_key("Genève") == text_key("Genève".encode()) == fingerprint("Genève".encode())
