"""A build killed at any moment leaves the previous site complete and consistent, and the next build recovers."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from linkcheck import check_site

ROOT = Path(__file__).parent.parent
CONTENT = ROOT / "content"


def build_command(content: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(site),
            "--templates", str(ROOT / "templates"), "--no-search", "--quiet"]


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_killing_a_build_at_random_points_never_damages_the_previous_site(tmp_path: Path) -> None:
    old_content, new_content, site = tmp_path / "old", tmp_path / "new", tmp_path / "site"
    old_content.mkdir()
    shutil.copy(CONTENT / "E_2018_SR.22.md", old_content)
    shutil.copytree(CONTENT, new_content)
    subprocess.run(build_command(old_content, site), check=True, capture_output=True, cwd=ROOT)
    old = snapshot(site)

    started = time.perf_counter()
    subprocess.run(build_command(new_content, tmp_path / "timing"), check=True, capture_output=True, cwd=ROOT)
    full_build = time.perf_counter() - started

    rng = random.Random(20181213)
    for attempt in range(6):
        process = subprocess.Popen(build_command(new_content, site), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, full_build))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        now = snapshot(site)
        whole = now == old or check_site(site, ignore=("/pagefind/",)) == []
        assert whole, f"attempt {attempt}: the site is neither the old one nor whole"
        if now != old:  # the kill came after the swap: the new site is complete
            assert "meetings/a-79-pv-29/index.html" in now
            old = now

    result = subprocess.run(build_command(new_content, site), capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert check_site(site, ignore=("/pagefind/",)) == []
    deadline = time.monotonic() + 30  # the replaced site is removed by a process of its own
    while len(list(tmp_path.iterdir())) > 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "old", "site", "timing"]
