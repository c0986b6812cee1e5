"""How long `plenary serve` takes from saving a record to the page rebuilt, and to the browser reloaded.

    python -m bench serve-latency [--sizes default,1000] [--edits 7] [--work DIR]

For each site (`default`: the records in `content/`; a number: a corpus of that many records
from `bench.corpus`) it copies the records to a scratch folder, starts `plenary serve` on a free
port, opens the meeting page of one record in headless Chromium, then edits a paragraph of that
record several times. For each edit it measures:

- rebuild: the dev server's own time for `DevSite.rebuild` (the `rebuilt: ... in N ms` line), and
  its phases (parse, link, pages, render, write);
- saved → rebuilt: from the write of the file to the server reporting the rebuild (adds the
  watcher's latency and its debounce);
- saved → reloaded: from the write of the file to the `load` event of the page the browser
  reloaded by itself (the browser's clock and this one are the same machine's).

Medians of the edits are printed as one table. Targets: rebuilt < 200 ms and reloaded < 1 s at 1,000 records.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
_REBUILT = re.compile(r"^rebuilt: .* in (\d+) ms(?: \((.*)\))?$")
_SERVING = re.compile(r"^serving (http://\S+?)/? ")


@dataclass
class Row:
    """The figures of one site."""

    site: str
    records: int
    build_s: float = 0.0
    rebuild_ms: list[float] = field(default_factory=list)
    phases_ms: list[dict[str, float]] = field(default_factory=list)
    rebuilt_ms: list[float] = field(default_factory=list)
    reloaded_ms: list[float] = field(default_factory=list)


class Server:
    """A `plenary serve` process, with the time each of its output lines arrived."""

    def __init__(self, content: Path) -> None:
        command = [sys.executable, "-m", "generator", "serve", "--content", str(content),
                   "--templates", str(ROOT / "templates"), "--port", "0", "--no-search"]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[tuple[float, str]] = []
        self._arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._arrived:
                self.lines.append((time.time(), line.rstrip("\n")))
                self._arrived.notify_all()

    def wait_line(self, pattern: re.Pattern[str], after: int, timeout: float) -> tuple[int, float, re.Match[str]]:
        """The index, arrival time and match of the first line from `after` on that matches."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for index in range(after, len(self.lines)):
                    found = pattern.match(self.lines[index][1])
                    if found:
                        return index, self.lines[index][0], found
                after = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    output = "\n".join(line for _, line in self.lines[-20:])
                    raise SystemExit(f"gave up waiting for {pattern.pattern!r}:\n{output}")
                self._arrived.wait(min(left, 0.5))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _editable_line(record: Path) -> int:
    """A prose line in the second half of the record's body that the parser keeps: where the edits go."""
    from generator.parse import parse_record

    lines = record.read_text(encoding="utf-8").split("\n")
    for index in range(len(lines) // 2, len(lines)):
        line = lines[index]
        if len(line) < 60 or "**" in line or " the " not in line or not line[:1].isalpha():
            continue
        edited = [*lines[:index], line.replace(" the ", " the (probe) ", 1), *lines[index + 1:]]
        parsed = parse_record("\n".join(edited).encode("utf-8"), str(record))
        if any("(probe)" in paragraph.text for paragraph in parsed.paragraphs):
            return index
    raise SystemExit(f"no paragraph to edit in {record}")


def _record_to_edit(content: Path, default: bool) -> Path:
    if default:
        return content / "E_2018_SR.22.md"
    records = sorted(content.glob("*.md"))
    return records[len(records) // 2]


def measure(name: str, content: Path, edits: int, page_path: str | None = None) -> Row:
    """Serve `content`, open one meeting page, edit its record `edits` times; the figures."""
    from playwright.sync_api import sync_playwright

    from generator.parse import load_record
    from generator.parse.symbols import symbol_slug

    record = _record_to_edit(content, name == "default")
    symbol = load_record(record).meeting.symbol
    url_path = page_path or f"/meetings/{symbol_slug(symbol)}/"
    line = _editable_line(record)
    original = record.read_text(encoding="utf-8")
    lines = original.split("\n")
    row = Row(name, sum(1 for _ in content.glob("*.md")))
    started = time.time()
    server = Server(content)
    try:
        _, ready, serving = server.wait_line(_SERVING, 0, timeout=1800)
        row.build_s = ready - started
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            page.goto(serving.group(1) + url_path, wait_until="load")
            for edit in range(edits + 1):  # the first edit warms up, and is not counted
                changed = list(lines)
                changed[line] = changed[line].replace(" the ", f" the (edit {edit}) ", 1)
                marker = f"(edit {edit})"
                after = len(server.lines)
                page.evaluate("window.plenaryNotReloaded = true")
                saved = time.time()
                record.write_text("\n".join(changed), encoding="utf-8")
                _, rebuilt, found = server.wait_line(_REBUILT, after, timeout=300)
                page.wait_for_function(
                    "(marker) => window.plenaryNotReloaded === undefined && document.readyState === 'complete'"
                    " && document.body.innerText.includes(marker)", arg=marker, timeout=300_000)
                loaded = page.evaluate(
                    "performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart")
                if edit == 0:
                    continue
                row.rebuild_ms.append(float(found.group(1)))
                row.phases_ms.append(_phases(found.group(2) or ""))
                row.rebuilt_ms.append((rebuilt - saved) * 1000)
                row.reloaded_ms.append(loaded - saved * 1000)
            browser.close()
    finally:
        server.stop()
        record.write_text(original, encoding="utf-8")
    return row


def _phases(text: str) -> dict[str, float]:
    """`parse 10, link 1420, render 230` as a dict."""
    return {name: float(ms) for name, ms in (part.split() for part in text.split(", ") if part)}


def table(rows: list[Row]) -> str:
    """The medians as a Markdown table."""
    phase_names = ("parse", "link", "pages", "render", "write")
    lines = [
        "| site | records | first build s | rebuild ms | " + " | ".join(f"{p} ms" for p in phase_names)
        + " | saved → rebuilt ms | saved → reloaded ms |",
        "|---|---:|---:|---:|" + "---:|" * len(phase_names) + "---:|---:|",
    ]
    for row in rows:
        phases = [statistics.median(p.get(name, 0.0) for p in row.phases_ms) for name in phase_names]
        lines.append(
            f"| {row.site} | {row.records:,} | {row.build_s:.1f} | {statistics.median(row.rebuild_ms):,.0f} | "
            + " | ".join(f"{p:,.0f}" for p in phases)
            + f" | {statistics.median(row.rebuilt_ms):,.0f} | {statistics.median(row.reloaded_ms):,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench serve-latency", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="default,1000",
                        help="comma-separated: `default` (content/) and corpus sizes (default: default,1000)")
    parser.add_argument("--edits", type=int, default=7, help="edits per site; the medians are printed (default 7)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed after)")
    parser.add_argument("--corpus", type=Path, help="use this corpus (copied) instead of generating one")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"Chromium is missing at {CHROMIUM}")
    work = args.work or Path(tempfile.mkdtemp(prefix="plenary-latency-"))
    rows = []
    try:
        for size in args.sizes.split(","):
            content = work / f"content-{size}"
            shutil.rmtree(content, ignore_errors=True)
            if size == "default":
                shutil.copytree(ROOT / "content", content)
            elif args.corpus:
                shutil.copytree(args.corpus, content)
            else:
                from bench.corpus import generate

                generate(int(size), content, progress=False)
            rows.append(measure(size, content, args.edits))
            print(f"{size}: done", file=sys.stderr, flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
