"""The benchmark corpus: deterministic, unique symbols, true weekdays, real sizes, growing archive, real text,
and records the parser reads exactly as they were generated."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from linkcheck import check_site, read_site

from bench import corpus
from bench.corpus import (
    ALL_SOURCES,
    CONTENT,
    GA_SOURCES,
    SC_SOURCES,
    SUMMARY_SOURCE,
    corpus_stats,
    generate,
    material,
    plan,
    read_manifest,
    read_summary,
    read_verbatim,
)
from generator.build import build
from generator.incremental import DevSite

REPO = Path(__file__).resolve().parent.parent
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?P<day>\d{1,2}) "
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December) "
    r"(?P<year>\d{4})"
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus100")
    generate(100, out, seed=1, progress=False)
    return out


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus1000")
    generate(1000, out, seed=1, progress=False)
    return out


def _records(folder: Path) -> list[dict[str, object]]:
    return read_manifest(folder)["records"]  # type: ignore[return-value]


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_same_corpus_whatever_the_number_of_workers(tmp_path: Path) -> None:
    one, two, other = tmp_path / "one", tmp_path / "two", tmp_path / "other"
    generate(120, one, seed=7, jobs=1, progress=False)
    generate(120, two, seed=7, jobs=2, progress=False)
    generate(120, other, seed=8, jobs=2, progress=False)
    files = sorted(p.name for p in one.iterdir())
    assert files == sorted(p.name for p in two.iterdir())
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in files)
    assert sorted(p.name for p in other.iterdir()) != files


def test_refuses_to_mix_with_an_earlier_corpus(tmp_path: Path) -> None:
    generate(3, tmp_path, seed=1, progress=False)
    with pytest.raises(SystemExit, match="--force"):
        generate(3, tmp_path, seed=2, progress=False)
    generate(2, tmp_path, seed=2, force=True, progress=False)
    assert len(list(tmp_path.glob("*.md"))) == 2


# -- headers: symbols, dates --------------------------------------------------------------------


def test_symbols_are_unique_over_2000_records_and_numbers_rise_with_dates() -> None:
    planned = plan(2000, seed=3)
    assert len({p.symbol for p in planned}) == 2000
    assert len({p.file for p in planned}) == 2000
    kinds = {p.kind for p in planned}
    assert kinds == {"ga", "sc", "ecosoc", "committee"}
    series: dict[tuple[object, ...], list[tuple[dt.date, int]]] = {}
    for p in planned:
        key = (p.kind, p.committee, p.session) if p.kind != "sc" else ("sc",)
        series.setdefault(key, []).append((p.date, p.number))
    for meetings in series.values():
        numbers = [number for _, number in sorted(meetings)]
        assert numbers == sorted(numbers)
    for p in planned:
        assert 1946 <= p.date.year <= 2025
        if p.kind == "ga":
            assert p.symbol == f"A/{p.session}/PV.{p.number}"
        elif p.kind == "sc":
            assert p.symbol == f"S/PV.{p.number}" and p.session == p.date.year - 1945
        elif p.kind == "ecosoc":
            assert p.symbol == f"E/{p.date.year}/SR.{p.number}"
        else:
            assert p.symbol == f"A/C.{p.committee}/{p.session}/SR.{p.number}"


def test_mix_of_kinds_is_like_the_un() -> None:
    planned = plan(4000, seed=4)
    share = {kind: sum(p.kind == kind for p in planned) / len(planned) for kind in ("ga", "sc", "ecosoc", "committee")}
    assert 0.45 < share["ga"] < 0.55
    assert 0.2 < share["sc"] < 0.3
    assert 0.2 < share["ecosoc"] + share["committee"] < 0.3


def test_every_header_weekday_matches_its_date(large: Path) -> None:
    for record in _records(large):
        head = "\n".join((large / str(record["file"])).read_text(encoding="utf-8").splitlines()[:60])
        found = list(_WEEKDAY_DATE.finditer(head))
        assert found, record["file"]
        for match in found:
            day = dt.date(int(match["year"]), _MONTHS.index(match["month"]) + 1, int(match["day"]))
            assert day.strftime("%A") == match["weekday"], (record["file"], match.group())
        first = found[0]
        assert dt.date(int(first["year"]), _MONTHS.index(first["month"]) + 1, int(first["day"])).isoformat() == \
            record["date"]


def test_symbol_is_printed_or_follows_from_the_header(large: Path) -> None:
    for record in _records(large)[:300]:
        text = (large / str(record["file"])).read_text(encoding="utf-8")
        symbol = str(record["symbol"])
        if symbol.startswith("E/"):
            number = symbol.rsplit(".", 1)[1]
            assert f"{symbol.split('/')[1]} session" in text
            assert re.search(rf"Summary record of the {number}(st|nd|rd|th) meeting", text)
        else:
            assert f"United Nations {symbol}" in text


# -- sizes, shape -------------------------------------------------------------------------------


def test_sizes_are_like_real_records(large: Path) -> None:
    sizes = [p.stat().st_size for p in large.glob("*.md")]
    assert len(sizes) == 1000
    assert min(sizes) >= 20_000 and max(sizes) <= 200_000
    assert 65_000 <= statistics.median(sizes) <= 95_000
    records = _records(large)
    assert all(5 <= int(r["turns"]) <= 40 for r in records)  # type: ignore[call-overload]
    assert [r["bytes"] for r in records] == [(large / str(r["file"])).stat().st_size for r in records]


# -- a growing archive --------------------------------------------------------------------------


def test_speakers_cities_and_words_grow_with_the_corpus(small: Path, large: Path) -> None:
    few, many = corpus_stats(small), corpus_stats(large)
    assert few["files"] == 100 and many["files"] == 1000
    # sublinear: more than doubled, far from ten times
    assert 2 * few["distinct_speakers"] < many["distinct_speakers"] < 8 * few["distinct_speakers"]  # type: ignore[operator]
    assert few["distinct_cities"] + 40 < many["distinct_cities"]  # type: ignore[operator]
    assert few["distinct_words"] < many["distinct_words"]  # type: ignore[operator]


def test_a_person_keeps_one_affiliation_and_a_few_speak_often(large: Path) -> None:
    turns: dict[str, int] = {}
    for path in large.glob("*.md"):
        for match in corpus.SPEAKER_MARKER.finditer(path.read_text(encoding="utf-8")):
            key = f"{match['name']} ({' '.join(match['affiliation'].split())})"
            turns[key] = turns.get(key, 0) + 1
    counts = sorted(turns.values(), reverse=True)
    assert counts[0] >= 20 * statistics.median(counts)  # Zipf-like: a few speak very often
    parts = set(material().surname_parts)
    for key in list(turns)[:3000]:
        surname = key.split(" (")[0].split(" ", 1)[1]
        for piece in re.split(r"[ -]", surname):
            assert piece in parts or piece in ("Al", "de"), key


# -- every sentence is a real one ---------------------------------------------------------------

_ABBREVIATION = r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bp\.m\.)(?<!\ba\.m\.)(?<!\bNo\.)"
_SENTENCE_END = re.compile(rf"{_ABBREVIATION}(?<=[.!?])\s+(?=[A-Z“\"(])")
_MARKER = re.compile(
    r"^(?:\d+\.\s+)?\*\*[^*]+\*\*(?:\s*\((?:[^()]|\([^()]*\))*\))*(?:,\s*(?:moderator|panellist|discussant))?\s*:?\s*"
)
_PRONOUNS = {"she": "he", "her": "his", "him": "his", "herself": "himself", "hers": "his"}


def _normaliser() -> re.Pattern[str]:
    m = material()
    names = set(m.vocabulary) | {"United States", "United Kingdom"}
    for country in m.countries:
        names.add(country.split(" (")[0])
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:\b[Tt]he )?(?<![\w-])(?:{alternation})(?![\w-])")


def _normalise(text: str, names: re.Pattern[str]) -> str:
    text = re.sub(r"[*_#\\]", "", text)
    text = names.sub("§", text)
    text = re.sub(r"\d+", "#", text)
    text = re.sub(r"\b(?:she|her|him|herself|hers|She|Her)\b", lambda m: _PRONOUNS[m.group().lower()], text)
    text = re.sub(r"\bHe\b", "he", text).replace("His ", "his ")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def source_text() -> tuple[str, re.Pattern[str]]:
    names = _normaliser()
    texts = [(CONTENT / name).read_text(encoding="utf-8") for name in ALL_SOURCES]
    for name in (*GA_SOURCES, *SC_SOURCES):  # paragraphs whole again across page breaks
        texts += [p for turn in read_verbatim(CONTENT / name) for p in turn.paragraphs]
    turns, headings = read_summary(CONTENT / SUMMARY_SOURCE)
    texts += [p for turn in turns for p in turn.paragraphs] + headings
    return "\n".join(_normalise(t, names) for t in texts), names


def test_every_sentence_starts_as_a_real_one(large: Path, source_text: tuple[str, re.Pattern[str]]) -> None:
    source, names = source_text
    files = sorted(large.glob("*.md"))[::12]
    checked = 0
    for path in files:
        blocks: list[str] = []
        for block in corpus._blocks(path):  # rejoin what a page break split, as a reader would
            broken_marker = block.startswith(("):", ")")) and blocks and blocks[-1].startswith("**")
            if broken_marker or (
                    blocks and not re.search(r"[.!?:;”\"’)\]_*]$", blocks[-1]) and not block.startswith(("**", "_"))
                    and not re.match(r"\d+\. ", block) and not re.match(r"(?:Panel|Session|Agenda item) ", blocks[-1])):
                blocks[-1] += " " + block
            else:
                blocks.append(block)
        start = next(i for i, b in enumerate(blocks) if "The meeting was called to order" in b)
        for block in blocks[start:]:
            text = _normalise(_MARKER.sub("", block), names).lstrip(",. ")
            for sentence in _SENTENCE_END.split(text):
                words = sentence.split()[:5]
                if not words:
                    continue
                checked += 1
                heading = re.match(r"^Agenda item #: (?P<title>.+?)(?: \(continued\))?$", sentence)
                if heading:  # a summary record's heading names a real General Assembly agenda item
                    assert heading["title"] in source, f"{path.name}: {sentence!r}"
                    continue
                assert " ".join(words) in source, f"{path.name}: {sentence[:160]!r}"
    assert checked > 5000


def test_nearly_every_paragraph_is_said_once_as_in_a_real_archive(large: Path) -> None:
    """A corpus that repeated the real paragraphs whole (a fifth of them distinct at 1,000 records) would let a build
    work out what it works out from a paragraph's text once for many: the benchmark would flatter it."""
    from generator.model import ParagraphKind
    from generator.parse import parse_record

    texts = [paragraph.text for path in sorted(large.glob("*.md"))[::10]
             for paragraph in parse_record(path.read_bytes(), path.name).paragraphs
             if paragraph.kind is ParagraphKind.SPEECH]
    assert len(texts) > 10_000 and len(set(texts)) > 0.8 * len(texts)


def test_a_spliced_paragraph_keeps_its_first_sentence_and_takes_a_real_one_for_another() -> None:
    pool = ("The Council must act now.", "We thank the Secretary-General for his report on the matter.")
    text = "I thank you, Mr. President. We welcome the report. It was adopted at 3 p.m. Today it is in force."
    for seed in range(20):
        sentences = corpus._SENTENCE_END.split(corpus.spliced(random.Random(seed), text, pool))
        assert sentences[0] == "I thank you, Mr. President." and len(sentences) == 3  # none ends at `p.m.`
        assert all(sentence in pool for sentence in sentences[1:])
    two = corpus._SENTENCE_END.split(corpus.spliced(random.Random(1), "I thank you. We welcome the report.", pool))
    assert two[0] == "I thank you." and len(two) == 3 and all(sentence in pool for sentence in two[1:])
    one = "We reaffirm our principled position on the peaceful resolution of disputes, as set out in the Charter."
    assert corpus.spliced(random.Random(1), one, pool) in (f"{one} {pool[0]}", f"{one} {pool[1]}")
    assert corpus.spliced(random.Random(1), "Thank you, Mr. President.", pool) == "Thank you, Mr. President."


# -- the parser reads what was generated ---------------------------------------------------------


def test_200_records_parse_with_their_symbol_date_and_turns(large: Path) -> None:
    parse = pytest.importorskip("generator.parse")
    failures = []
    records = _records(large)
    chosen = records[:150] + [r for r in records if r["kind"] in ("ecosoc", "committee")][:50]
    for record in chosen:
        name = str(record["file"])
        try:
            parsed = parse.parse_record((large / name).read_bytes(), name)
        except Exception as error:  # every failure is reported below
            failures.append(f"{name}: {type(error).__name__}: {error}")
            continue
        meeting = parsed.meeting
        got = (meeting.symbol, meeting.date.isoformat(), len(parsed.turns))
        want = (record["symbol"], record["date"], record["turns"])
        if got != want:
            failures.append(f"{name}: parsed {got}, generated {want}")
    assert not failures, "\n".join(failures[:20])


# -- the command line ---------------------------------------------------------------------------


def test_command_line_writes_a_corpus_and_prints_its_statistics(tmp_path: Path) -> None:
    out = tmp_path / "c"
    run = subprocess.run([sys.executable, "-m", "bench", "corpus", "12", str(out), "--seed", "3"], cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert "100%" in run.stderr and "wrote 12 records" in run.stderr
    assert len(list(out.glob("*.md"))) == 12
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 3 and len(manifest["records"]) == 12
    assert set(manifest["records"][0]) >= {"file", "symbol", "date", "turns"}
    stats = subprocess.run([sys.executable, "-m", "bench", "corpus", "--stats", str(out)], cwd=REPO,
                           capture_output=True, text=True, check=True)
    printed = json.loads(stats.stdout)
    assert printed["files"] == 12
    assert set(printed) == {"files", "megabytes", "distinct_speakers", "distinct_cities", "distinct_words"}
    bad = subprocess.run([sys.executable, "-m", "bench", "corpus", "many", str(out)], cwd=REPO,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "whole number" in bad.stderr


def test_the_corpus_builds_with_no_error_and_no_broken_link(small: Path, tmp_path: Path) -> None:
    """Speed never at the cost of correctness: the benchmark's own corpus builds cleanly and links whole."""
    site = tmp_path / "site"
    report = build(small, REPO / "templates", site, search=False)
    assert report.errors == () and report.records == 100
    assert check_site(site, ignore=("/pagefind/",)) == []  # built without the search bundle


def test_in_place_edits_of_the_corpus_give_the_site_a_full_build_makes(small: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(small, content)
    dev = DevSite(content, REPO / "templates", tmp_path / "dev")
    dev.build_all()
    for edit, record in enumerate(random.Random(3).sample(sorted(content.glob("*.md")), 8)):
        head, _, tail = record.read_text(encoding="utf-8").rpartition(" the ")
        record.write_text(f"{head} the (edit {edit}) in Ulan Bator {tail}", encoding="utf-8")
        assert dev.rebuild({record}).problems == ()
    fresh = tmp_path / "fresh"
    DevSite(content, REPO / "templates", fresh).build_all()
    assert read_site(tmp_path / "dev") == read_site(fresh)
