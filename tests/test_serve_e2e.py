"""`plenary serve` for real: a server process on 127.0.0.1, a headless Chromium on its pages, and an
author editing records in a temporary copy of `content/`."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ("E_2018_SR.22.md", "S_PV.8422.md", "A_60_PV.25.md")
SEED = "E_2018_SR.22.md"
MEETING = "/meetings/e-2018-sr-22/"
PARAGRAPH = "the current session would address the challenges"
WAIT_MS = 8_000


class DevServer:
    """A `python -m generator serve` process; `url` once it says it is serving."""

    def __init__(self, content: Path, tmp: Path, *extra: str, port: int = 0) -> None:
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "generator", "serve", "--content", str(content),
                   "--templates", str(ROOT / "templates"), "--port", str(port), *extra]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.out: list[str] = []
        self.err: list[str] = []
        self._serving = threading.Event()
        threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True).start()
        self.url = ""

    def _read(self, stream, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            lines.append(line)
            found = re.match(r"serving (http://\S+?)/? ", line)
            if found:
                self.url = found.group(1)
                self._serving.set()

    def wait_serving(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while not self._serving.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{''.join(self.out)}{''.join(self.err)}")
        return self.url

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def builds(self) -> int:
        """How many rebuilds the server has announced so far."""
        return sum(1 for line in list(self.out) if line.startswith("rebuilt: "))

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for name in (*RECORDS, "corrections.toml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    return folder


@pytest.fixture
def server(content: Path, tmp_path: Path) -> Iterator[DevServer]:
    (tmp_path / "tmp").mkdir()
    dev = DevServer(content, tmp_path / "tmp", "--no-search")
    dev.wait_serving()
    yield dev
    dev.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def body_has(page: Page, text: str) -> None:
    page.wait_for_function("(text) => document.body && document.body.innerText.includes(text)", arg=text,
                           timeout=WAIT_MS)


def test_an_edited_paragraph_appears_in_the_open_page_at_the_same_scroll(
    server: DevServer, content: Path, page: Page
) -> None:
    page.goto(server.url + MEETING)
    page.wait_for_function("() => window.scrollTo(0, 2500) || window.scrollY > 2400")
    page.evaluate("window.notReloaded = true")
    edit(content / SEED, PARAGRAPH, "the current session would tackle the challenges")
    body_has(page, "session would tackle the challenges")
    assert page.evaluate("window.notReloaded === undefined")
    page.wait_for_function("() => Math.abs(window.scrollY - 2500) < 100", timeout=WAIT_MS)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_build_finishing_before_the_page_listens_still_reloads_it(
    server: DevServer, content: Path, page: Page
) -> None:
    held: list[Route] = []
    page.route("**/__plenary/events", lambda route: held.append(route))  # its event stream waits
    page.goto(server.url + MEETING)
    builds = server.builds()
    edit(content / SEED, PARAGRAPH, "the current session would tackle the challenges")
    deadline = time.monotonic() + WAIT_MS / 1000
    while server.builds() == builds:  # rebuilt and announced, before the page listens
        assert time.monotonic() < deadline
        time.sleep(0.05)
    page.wait_for_timeout(50)
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/__plenary/events")
    body_has(page, "session would tackle the challenges")


@pytest.mark.parametrize("style", ["tmp", "jetbrains", "vim"])
def test_an_editor_saving_by_rename_is_picked_up(server: DevServer, content: Path, page: Page, style: str) -> None:
    page.goto(server.url + MEETING)
    record = content / SEED
    text = record.read_text(encoding="utf-8").replace(PARAGRAPH, f"the session ({style}) would address the challenges")
    if style == "tmp":
        (content / f"{SEED}.tmp").write_text(text, encoding="utf-8")
        os.replace(content / f"{SEED}.tmp", record)
    elif style == "jetbrains":
        (content / f"{SEED}___jb_tmp___").write_text(text, encoding="utf-8")
        os.replace(record, content / f"{SEED}___jb_old___")
        os.replace(content / f"{SEED}___jb_tmp___", record)
        (content / f"{SEED}___jb_old___").unlink()
    else:  # vim with `backupcopy=no`: swap file, probe file, the old file moved to a backup, a new file, no backup
        (content / f".{SEED}.swp").write_text("swap", encoding="utf-8")
        (content / "4913").write_text("", encoding="utf-8")
        (content / "4913").unlink()
        os.replace(record, content / f"{SEED}~")
        record.write_text(text, encoding="utf-8")
        (content / f"{SEED}~").unlink()
        (content / f".{SEED}.swp").unlink()
    body_has(page, f"the session ({style}) would address")
    assert page.locator("#plenary-problems").count() == 0


def test_a_renamed_speaker_gets_a_new_person_page(server: DevServer, content: Path, page: Page) -> None:
    page.goto(server.url + MEETING)
    old = page.locator("a[href^='/speakers/']", has_text="Zarrilli").first.get_attribute("href")
    assert old and server.status(old) == 200
    edit(content / SEED, "**Mr. Zarrilli**", "**Mr. Zarrillo**")
    body_has(page, "Mr. Zarrillo")
    new = page.locator("a[href^='/speakers/']", has_text="Zarrillo").first.get_attribute("href")
    assert new and new != old and server.status(old) == 404
    page.goto(server.url + new)
    body_has(page, "promoting personal lifestyle changes")


def test_a_broken_record_shows_an_overlay_until_it_is_fixed(server: DevServer, content: Path, page: Page) -> None:
    page.goto(server.url + MEETING)
    good = (content / SEED).read_text(encoding="utf-8")
    (content / SEED).write_text("", encoding="utf-8")
    overlay = page.locator("#plenary-problems")
    overlay.wait_for(timeout=WAIT_MS)
    assert f"{SEED}:1: " in overlay.inner_text()
    assert page.locator("main").inner_text().count("Mr. Shank") > 0  # the last good page is still shown
    assert server.status(MEETING) == 200
    (content / SEED).write_text(good.replace(PARAGRAPH, "the fixed session would address the challenges"), "utf-8")
    body_has(page, "the fixed session would address")
    overlay.wait_for(state="detached", timeout=WAIT_MS)


def test_a_deleted_record_leaves_the_site(server: DevServer, content: Path) -> None:
    speakers = urllib.request.urlopen(server.url + "/speakers/", timeout=5).read().decode()
    shank = re.search(r'href="(/speakers/mr-shank[^"]*)"', speakers)
    assert shank and server.status(shank.group(1)) == 200
    (content / SEED).unlink()
    deadline = time.monotonic() + WAIT_MS / 1000
    while server.status(MEETING) != 404 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.status(MEETING) == 404 and server.status(shank.group(1)) == 404
    assert "e-2018-sr-22" not in urllib.request.urlopen(server.url + "/meetings/", timeout=5).read().decode()


def test_search_is_re_indexed_in_the_background(content: Path, tmp_path: Path, page: Page) -> None:
    (tmp_path / "tmp").mkdir()
    dev = DevServer(content, tmp_path / "tmp")
    try:
        dev.wait_serving()
        entry = dev.url + "/pagefind/pagefind-entry.json"
        first = _wait_for(lambda: _read(entry), lambda body: body is not None)
        page.goto(dev.url + MEETING)
        edit(content / SEED, PARAGRAPH, "the current session would address the zyxwvutsrq challenges")
        started = time.monotonic()
        body_has(page, "zyxwvutsrq")
        reloaded = time.monotonic() - started
        _wait_for(lambda: _read(entry), lambda body: body is not None and body != first, timeout=30)
        assert reloaded < 5
    finally:
        assert dev.stop() == 0
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_records_texts_are_kept_in_the_dev_folder_not_in_the_server_s_memory(
    server: DevServer, content: Path, tmp_path: Path
) -> None:
    (work,) = (tmp_path / "tmp").iterdir()
    before = server.builds()
    edit(content / SEED, PARAGRAPH, "the current session would tackle the challenges")
    deadline = time.monotonic() + WAIT_MS / 1000
    while server.builds() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    kept = b"".join(file.read_bytes() for file in (work / "texts").iterdir())
    assert PARAGRAPH.encode() in kept  # as first parsed
    assert b"the current session would tackle the challenges" in kept  # as edited


def test_ctrl_c_stops_cleanly_and_removes_the_dev_folder(server: DevServer, tmp_path: Path) -> None:
    assert len(list((tmp_path / "tmp").iterdir())) == 1
    assert server.stop(signal.SIGINT) == 0
    assert "stopped" in "".join(server.out)
    assert "Traceback" not in "".join(server.err)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_port_in_use_is_a_clear_error(content: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        dev = DevServer(content, tmp_path, "--no-search", port=port)
        assert dev.process.wait(timeout=30) == 1
    time.sleep(0.1)  # the reader threads finish
    err = "".join(dev.err)
    assert f"port {port} on 127.0.0.1 is already in use" in err and "Traceback" not in err
    assert [p for p in tmp_path.iterdir() if p.name.startswith("plenary-serve-")] == []


def test_a_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    dev = DevServer(tmp_path / "nowhere", tmp_path, "--no-search")
    assert dev.process.wait(timeout=30) == 1
    time.sleep(0.1)
    err = "".join(dev.err)
    assert "content folder" in err and "does not exist" in err and "Traceback" not in err


def _read(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except urllib.error.HTTPError:
        return None


def _wait_for(get, ok, timeout: float = 20):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if ok(value) or time.monotonic() > deadline:
            assert ok(value), f"gave up waiting: {value!r}"
            return value
        time.sleep(0.1)
