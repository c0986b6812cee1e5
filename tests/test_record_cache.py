"""Records unchanged since the last build are read back from the cache, not parsed again; the cache is
only ever an accelerator: whatever is wrong with it, the records are what parsing gives."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

import generator.build as build_module
from generator import cache as cache_module
from generator import record_cache
from generator.build import PARALLEL_THRESHOLD, Loaded, build, load_records
from generator.content import record_paths
from generator.record_cache import SOURCE_FILE, RecordCache
from generator.record_text import TextStore
from generator.render.markdown import excerpt

CONTENT = Path(__file__).parent.parent / "content"
TEMPLATES = Path(__file__).parent.parent / "templates"
SEED = CONTENT / "E_2018_SR.22.md"


def parse_of(loaded: Loaded) -> tuple[object, ...]:
    """What loading gave, however it was got: records, errors, warnings."""
    return loaded.records, loaded.errors, loaded.warnings


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path, content: Path) -> RecordCache:
    return RecordCache.for_content(content, root=tmp_path / "cache")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources parsed (not read back) from now on."""
    sources: list[str] = []
    parse = build_module.parse_record

    def counting(data: bytes, source: str):  # type: ignore[no-untyped-def]
        sources.append(Path(source).name)
        return parse(data, source)

    monkeypatch.setattr(build_module, "parse_record", counting)
    return sources


def test_records_unchanged_since_the_last_build_are_read_back_not_parsed(
    content: Path, cache: RecordCache, parsed: list[str]
) -> None:
    cold = load_records(record_paths([content]), cache=cache)
    assert len(parsed) == len(cold.records) == 7 and cold.read_back == 0
    warm = load_records(record_paths([content]), cache=cache)
    assert parse_of(warm) == parse_of(cold) and warm.records and len(parsed) == 7
    assert warm.read_back == 7


def test_an_edited_record_is_parsed_again_and_the_others_read_back(
    content: Path, cache: RecordCache, parsed: list[str]
) -> None:
    load_records(record_paths([content]), cache=cache)
    record = content / SEED.name
    record.write_text(record.read_text(encoding="utf-8").replace("Medellín", "Quetzaltenango"), encoding="utf-8")
    parsed.clear()
    warm = load_records(record_paths([content]), cache=cache)
    assert parsed == [SEED.name] and warm.read_back == 6
    assert parse_of(warm) == parse_of(load_records(record_paths([content])))  # what parsing everything gives


def test_only_the_records_of_the_last_build_are_kept(content: Path, cache: RecordCache) -> None:
    load_records(record_paths([content]), cache=cache)
    (content / SEED.name).unlink()
    load_records(record_paths([content]), cache=cache)
    assert len(list(cache.folder.iterdir())) == 6


def test_records_kept_by_other_code_are_not_read_back_and_are_removed(
    tmp_path: Path, content: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    older = RecordCache.for_content(content, root=tmp_path / "cache")
    load_records(record_paths([content]), cache=older)
    monkeypatch.setattr(record_cache, "code_fingerprint", lambda: "a-newer-parser")
    newer = RecordCache.for_content(content, root=tmp_path / "cache")
    parsed.clear()
    load_records(record_paths([content]), cache=newer)
    assert len(parsed) == 7
    assert sorted(entry.name for entry in newer.folder.parent.iterdir()) == ["a-newer-parser", SOURCE_FILE]


def test_the_records_of_a_content_folder_that_is_gone_are_removed(tmp_path: Path, content: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(content, copy)
    gone = RecordCache.for_content(copy, root=tmp_path / "cache")
    load_records(record_paths([copy]), cache=gone)
    cache = RecordCache.for_content(content, root=tmp_path / "cache")
    load_records(record_paths([content]), cache=cache)
    assert gone.folder.is_dir()  # its content folder is still there
    shutil.rmtree(copy)
    load_records(record_paths([content]), cache=cache)
    assert not gone.folder.parent.exists() and len(list(cache.folder.iterdir())) == 7


def test_a_damaged_entry_is_parsed_again(content: Path, cache: RecordCache, parsed: list[str]) -> None:
    cold = load_records(record_paths([content]), cache=cache)
    for entry in cache.folder.iterdir():
        entry.write_bytes(b"not a pickle")
    parsed.clear()
    again = load_records(record_paths([content]), cache=cache)
    assert parse_of(again) == parse_of(cold) and again.read_back == 0
    assert len(parsed) == 7


def test_a_cache_that_cannot_be_written_only_costs_the_parse(tmp_path: Path, content: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    cache = RecordCache.for_content(content, root=blocked)
    uncached = load_records(record_paths([content]))
    assert parse_of(load_records(record_paths([content]), cache=cache)) == parse_of(uncached)


def test_a_broken_record_is_reported_every_time_and_never_kept(content: Path, cache: RecordCache) -> None:
    (content / "broken.md").write_bytes(b"\x89PNG")
    for _ in range(2):
        loaded = load_records(record_paths([content]), cache=cache)
        assert loaded.errors == (f"{content / 'broken.md'}:1: is a PNG image, not a text record",)
    assert len(list(cache.folder.iterdir())) == 7


def many_records(tmp_path: Path) -> Path:
    """A folder of as many records as are parsed on every core: the seed record under other symbols."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(PARALLEL_THRESHOLD):
        front_matter = f'+++\nsymbol = "E/2018/SR.{100 + i}"\n+++\n'
        (folder / f"r{i:03}.md").write_text(front_matter + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_records_parsed_on_every_core_are_kept_and_read_back_alike(tmp_path: Path, cache: RecordCache) -> None:
    folder = many_records(tmp_path)
    cache = RecordCache.for_content(folder, root=tmp_path / "cache")
    cold = load_records(record_paths([folder]), cache=cache)
    assert len(list(cache.folder.iterdir())) == PARALLEL_THRESHOLD
    warm = load_records(record_paths([folder]), cache=cache)
    assert parse_of(warm) == parse_of(cold) and warm.read_back == PARALLEL_THRESHOLD


def test_the_build_uses_the_users_cache_unless_told_not_to(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache_module.CACHE_ENV, str(tmp_path / "users-cache"))
    build(content, TEMPLATES, tmp_path / "uncached", search=False, record_cache=False)
    assert not (tmp_path / "users-cache" / "records").exists()
    build(content, TEMPLATES, tmp_path / "site", search=False)
    assert len(list(RecordCache.for_content(content).folder.glob("*.pickle"))) == 7


def test_the_cache_lives_where_the_environment_says(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache_module.CACHE_ENV, str(tmp_path / "mine"))
    assert cache_module.cache_root() == tmp_path / "mine"
    monkeypatch.delenv(cache_module.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.cache_root() == tmp_path / "xdg" / "plenary"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_module.cache_root() == Path.home() / ".cache" / "plenary"


def test_another_version_of_a_data_package_parsing_reads_is_other_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_module.code_fingerprint()
    cache_module.code_fingerprint.cache_clear()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0" if name == "pycountry" else "1.0")
    try:
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_the_records_loaded_keep_each_paragraphs_excerpt_parsed_on_every_core_or_read_back(
    tmp_path: Path, cache: RecordCache
) -> None:
    folder = many_records(tmp_path)
    cache = RecordCache.for_content(folder, root=tmp_path / "cache")
    with TextStore.temporary() as store:
        for read_back in (0, PARALLEL_THRESHOLD):
            loaded = load_records(record_paths([folder]), cache=cache, store=store)
            assert loaded.read_back == read_back and len(loaded.records) == PARALLEL_THRESHOLD
            for record in loaded.records:
                listed = [escape(excerpt(text)) for text in record.paragraph_texts()]
                assert [paragraph.kept_excerpt for paragraph in record.paragraphs] == listed
