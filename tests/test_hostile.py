"""Hostile and extreme records: each gives a clear message or a safe page, and the rest of the site builds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from linkcheck import read_site

from generator.build import build
from generator.parse import parse_record

ROOT = Path(__file__).parent.parent
TEMPLATES = ROOT / "templates"
SEED = ROOT / "content" / "E_2018_SR.22.md"

HEADER = """Economic and Social Council

2019 session

Summary record of the {number}th meeting

Held at Headquarters, New York, on Thursday, 2 May 2019, at 10 a.m.

President: Ms. Chatardova ..... (Czechia)

The meeting was called to order at 10.05 a.m.

"""


def record(number: int, *paragraphs: str) -> str:
    return HEADER.format(number=number) + "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1)) + "\n"


HOSTILE = record(
    40,
    "**Mr. ../../etc/passwd** (Evil/Org), panellist, said that paths were fun.",
    "**Ms. Slash/Name** (A/B Foundation) said that <script>alert('x')</script> was harmless.",
    "**The President** said that <img src=x onerror=alert(1)> and [a link](javascript:alert(1)) "
    "and <iframe src='https://evil.example'></iframe> and <b onclick=alert(1)>bold</b> were text.",
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    content.mkdir()
    (content / "E_2018_SR.22.md").write_bytes(SEED.read_bytes())
    (content / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (content / "same-symbol.md").write_bytes(SEED.read_bytes())
    (content / "empty.md").write_bytes(b"")
    report = build(content, TEMPLATES, root / "site", search=False)
    return root, {"errors": "\n".join(report.errors).encode(), **read_site(root / "site")}


def test_no_file_is_written_outside_the_site_folder(hostile_site: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = hostile_site
    assert sorted(p.name for p in root.iterdir()) == ["content", "site"]
    assert not (root / "etc").exists()


def test_names_that_are_not_names_are_reported_with_file_and_line() -> None:
    parsed = parse_record(HOSTILE.encode(), "hostile.md")
    assert [str(w) for w in parsed.warnings] == [
        "hostile.md:13: `Mr. ../../etc/passwd` opens a paragraph like a speaker but is not a name; "
        "the paragraph is kept unattributed",
        "hostile.md:15: `Ms. Slash/Name` opens a paragraph like a speaker but is not a name; "
        "the paragraph is kept unattributed",
    ]


def test_no_raw_html_from_a_record_reaches_a_page(hostile_site: tuple[Path, dict[str, bytes]]) -> None:
    _, files = hostile_site
    for path, content in files.items():
        if not path.endswith(".html"):
            continue
        html = content.decode("utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), path
        assert 'href="javascript:' not in html, path
        assert "<iframe" not in html and "<b onclick" not in html, path
    meeting = files["meetings/e-2019-sr-40/index.html"].decode("utf-8")
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in meeting


def test_two_files_claiming_one_symbol_are_both_named(hostile_site: tuple[Path, dict[str, bytes]]) -> None:
    _, files = hostile_site
    errors = files["errors"].decode()
    assert "same-symbol.md:1: symbol E/2018/SR.22 is already claimed by" in errors
    assert "E_2018_SR.22.md" in errors.split("same-symbol.md:1:")[1].splitlines()[0]
    assert "empty.md:1: file is empty" in errors


def test_a_record_with_ten_thousand_speakers_parses_in_reasonable_time() -> None:
    paragraphs = [f"**Mr. Speaker{i}** (Delegation{i % 97}) said that item {i} mattered." for i in range(10_000)]
    started = time.perf_counter()
    parsed = parse_record(record(41, *paragraphs).encode(), "crowd.md")
    assert len(parsed.turns) == 10_000 and time.perf_counter() - started < 30


def test_very_long_lines_parse_in_linear_time() -> None:
    words = " ".join(["resilience"] * 200_000)  # a 2 MB line
    started = time.perf_counter()
    parsed = parse_record(record(42, f"**Mr. Long** (Kenya) said that {words}.").encode(), "long.md")
    assert parsed.paragraphs[-1].text.endswith("resilience.") and time.perf_counter() - started < 30


def test_unbalanced_markup_cannot_hang_the_parser() -> None:
    nasty = "**" * 20_000 + "_" * 20_000 + "(" * 5_000 + "[" * 5_000
    started = time.perf_counter()
    try:
        parse_record(record(43, f"**Mr. Nasty** (Peru) said that {nasty}").encode(), "nasty.md")
    except Exception as error:  # only a ParseError is acceptable, and the property tests check that
        assert type(error).__name__ == "ParseError"
    assert time.perf_counter() - started < 30
