"""A site is checked against what static hosts refuse: Netlify fails a deploy with a folder of more than
54,000 files, and at 100,000 records `meetings/` and `speakers/` each hold about 100,000 pages."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest

import generator.build as build_module
from generator.build import build
from generator.hosting import FOLDER_LIMIT, crowded_folder_warnings, crowded_folders

ROOT = Path(__file__).parent.parent
SEED = ROOT / "content" / "E_2018_SR.22.md"

SITE = [
    "index.html",
    "meetings/index.html",
    "meetings/e-2018-sr-22/index.html",
    "meetings/e-2018-sr-23/index.html",
    "meetings/e-2018-sr-24/index.html",
    "speakers/index.html",
    "speakers/a/index.html",
    "assets/site.css",
]


def test_a_folder_counts_its_files_and_its_subfolders() -> None:
    assert crowded_folders(SITE, limit=3) == {"meetings": 4, "": 4}
    assert crowded_folders(SITE, limit=4) == {}


def test_the_limit_is_netlifys() -> None:
    assert FOLDER_LIMIT == 54_000
    assert crowded_folders([f"meetings/m{i}/index.html" for i in range(FOLDER_LIMIT + 1)]) == {
        "meetings": FOLDER_LIMIT + 1
    }


def test_a_warning_names_the_folder_in_the_site_and_the_limit_largest_first_then_by_name() -> None:
    assert crowded_folder_warnings("site", SITE, limit=3) == (
        "site/: 4 entries in one folder; Netlify refuses a deploy with more than 3 files in a folder"
        " (other hosts may allow more)",
        "site/meetings/: 4 entries in one folder; Netlify refuses a deploy with more than 3 files in a folder"
        " (other hosts may allow more)",
    )


def test_a_build_warns_of_a_folder_a_host_would_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEED, content)
    site = tmp_path / "site"
    assert not [w for w in build(content, ROOT / "templates", site, search=False).warnings if "Netlify" in w]
    speakers = sum(1 for entry in (site / "speakers").iterdir())
    monkeypatch.setattr(build_module, "crowded_folder_warnings", partial(crowded_folder_warnings, limit=speakers - 1))
    warnings = build(content, ROOT / "templates", site, search=False).warnings
    assert f"site/speakers/: {speakers:,} entries in one folder; Netlify refuses a deploy with more than" \
           f" {speakers - 1:,} files in a folder (other hosts may allow more)" in warnings
