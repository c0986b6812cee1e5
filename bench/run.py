"""The benchmark: build corpora of N records, index them, rebuild one record, and render the same pages with Hugo.

    python -m bench run --sizes 100,1000 [--work /tmp/plenary-bench] [--no-hugo] [--no-search] [--first-build-only]

Each phase runs in its own process so peak memory is that phase's alone. Prints one table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import VERSION as CORPUS_VERSION
from bench.corpus import read_manifest
from bench.memory import PeakTreeMemory
from generator.cache import CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


@dataclass
class Row:
    """The figures of one corpus size."""

    records: int
    seconds: dict[str, float]
    pages: int
    generator_rss_mb: float
    """The largest single process of the build (the parent or one forked worker)."""
    generator_memory_mb: float
    """The build's processes together (their summed PSS, see `bench.memory`), at its peak."""
    search_seconds: float | None
    search_rss_mb: float | None
    """The largest Pagefind process (two run at a time when the index is split)."""
    search_memory_mb: float | None
    """The index's processes together (Pagefind's and ours), at their peak."""
    search_bundles: int | None
    site_mb: float
    bundle_mb: float | None
    rebuild_ms: float | None
    """The median rebuild after one record's edit."""
    rebuild_p90_ms: float | None
    rename_ms: float | None
    """The median rebuild after a speaker's name changed in one record: who is who is worked out again."""
    header_ms: float | None
    """The median rebuild after one record's header changed (when the meeting was called to order): every page
    listing the meeting is made again."""
    turn_ms: float | None
    """The median rebuild after a turn by someone new was added to one record: who is who is decided again for
    the names it touched, and the turns after it move."""
    date_ms: float | None
    """The median rebuild after one record's date moved its meeting past others: every list of the meetings
    moves it."""
    edited_build_seconds: float | None
    """`plenary build` (without its search index) after one record's edit: the others read back from
    the record cache the first build filled."""
    edited_pages_rendered: int | None
    """How many pages that build rendered (the others carried over from the first build's site)."""
    edited_search_seconds: float | None
    """The search index of that build, unchanged bundles carried over."""
    edited_search_bundles: int | None
    """How many bundles that index made again."""
    hugo_seconds: float | None
    meetings_seconds: float | None
    """Our render + write of the meeting pages alone: the pages Hugo renders too."""
    build_cpu_seconds: float | None = None
    """The CPU time of the build's processes (user and system), over the build: divided by its wall time, how
    many cores it kept busy on average."""


def _peak_rss_mb() -> float:
    """The peak resident memory of this process and of its waited-for children, in MB."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_seconds() -> float:
    """The CPU time of this process and of its waited-for children (a build's workers, once it has reaped them)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def ensure_corpus(size: int, work: Path) -> Path:
    """The corpus of `size` records, generated once and reused while the generator makes the same (its `VERSION`)."""
    folder = work / f"corpus-{size}"
    if not (folder / "manifest.json").exists() or read_manifest(folder).get("version") != CORPUS_VERSION:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "bench", "corpus", str(size), str(folder)], check=True, cwd=ROOT)
    return folder


def measure(size: int, work: Path, *, search: bool, hugo: bool, edits: bool = True) -> Row:
    """Every figure for one corpus size (without `edits`, none of those after an edit: at 100,000 records they
    add a dev server's first build and its 30 rebuilds, five renames of over a minute among them)."""
    content = ensure_corpus(size, work)
    site = work / f"site-{size}"
    cache = work / "cache"  # the caches of this run's builds: the first build is cold
    set_aside(cache, work)
    os.environ[CACHE_ENV] = str(cache)
    set_aside(site, work)  # the first build is a first build: no previous site to replace
    authored = work / f"authored-{size}"  # what the builds read: the corpus, hard-linked, for one record to be edited
    shutil.rmtree(authored, ignore_errors=True)
    shutil.copytree(content, authored, copy_function=os.link)
    child = [sys.executable, "-m", "bench.run", "--child-build", str(authored), str(site)]
    result = subprocess.run(child, capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build of {size} records failed:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    search_seconds = search_rss = search_memory = bundle = bundles = None
    edited_build = edited_rendered = edited_seconds = edited_bundles = None
    if search:
        indexed = _child_json("--child-index", str(site))
        search_seconds, search_rss, bundles = indexed["seconds"], indexed["rss_mb"], indexed["bundles"]
        search_memory = indexed["memory_mb"]
        bundle = _size_mb(site / "pagefind")
    rebuild = _child_json("--child-rebuild", str(content)) if edits else {
        "median_ms": None, "p90_ms": None, "rename_median_ms": None, "header_median_ms": None, "turn_median_ms": None,
        "date_median_ms": None}
    hugo_seconds = hugo_time(content, work / f"hugo-{size}") if hugo else None
    meetings_seconds = None
    if hugo_seconds is not None:
        meetings_seconds = _child_json("--child-meetings", str(content))["seconds"]
    site_mb = _size_mb(site) - (bundle or 0)
    if search and edits:
        edited = _child_json("--child-edit-build", str(authored), str(site))
        edited_build = sum(s for phase, s in edited["seconds"].items() if phase != "index")
        edited_rendered = edited["rendered"]
        edited_seconds, edited_bundles = edited["search_seconds"], edited["bundles"] - edited["carried_over"]
    return Row(size, report["seconds"], report["pages"], report["rss_mb"], report["memory_mb"], search_seconds,
               search_rss, search_memory, bundles, site_mb, bundle,
               rebuild["median_ms"], rebuild["p90_ms"], rebuild["rename_median_ms"], rebuild["header_median_ms"],
               rebuild["turn_median_ms"], rebuild["date_median_ms"],
               edited_build, edited_rendered, edited_seconds, edited_bundles,
               hugo_seconds, meetings_seconds, report["cpu_seconds"])


TRASH = "set-aside"
"""The folder of the work folder where what the last run left is moved, and emptied when this run ends."""


def set_aside(path: Path, work: Path) -> None:
    """Move what a last run left at `path` (a site, the caches) into `work`'s trash, emptied when the run ends.

    Deleted just before a build, its tens of thousands of files would slow the build's own: on a file system
    like this machine's (ext4 without a journal), each new file or folder's inode is found by passing over
    every inode freed in the last minute, and a 1,000-record build's render took 7.3 s instead of 4.8. A first
    build on an author's machine follows no such deletion."""
    if path.exists():
        trash = work / TRASH
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{path.name}-{time.time_ns()}")


def empty_trash(work: Path) -> None:
    """Delete what `set_aside` moved aside, once every figure is measured."""
    shutil.rmtree(work / TRASH, ignore_errors=True)


def _child_json(*arguments: str) -> dict[str, Any]:
    """Run `python -m bench.run <arguments>` and read the JSON it prints last."""
    result = subprocess.run([sys.executable, "-m", "bench.run", *arguments], check=True, capture_output=True,
                            text=True, cwd=ROOT)
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def child_index(site: Path) -> None:
    """Index a built site as the build does (split into bundles, two Pagefind processes at a time)."""
    from generator.search import index_site

    with PeakTreeMemory() as memory:
        index = index_site(site)
    print(json.dumps({"seconds": index.seconds, "bundles": index.bundles, "rss_mb": _peak_rss_mb(),
                      "memory_mb": memory.peak_mb}))


def hugo_time(content: Path, folder: Path) -> float | None:
    """Seconds Hugo takes to render the same meeting pages: the records' paragraphs as Markdown, a minimal template."""
    if shutil.which("hugo") is None:
        return None
    from generator.build import load_records
    from generator.content import record_paths

    set_aside(folder, folder.parent)
    (folder / "content" / "meetings").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (folder / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
        "<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
    )
    (folder / "layouts" / "_default" / "list.html").write_text("<!doctype html><title>{{ .Title }}</title>\n")
    for record in load_records(record_paths([content])).records:
        slug = record.meeting.symbol.replace("/", "-").replace(".", "-").lower()
        body = "\n\n".join(f'<a id="{p.anchor}"></a>{p.text}' for p in record.paragraphs)
        title = json.dumps(f"{record.meeting.symbol}: {record.meeting.body}")
        (folder / "content" / "meetings" / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n\n{body}\n")
    started = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(folder), "-d", str(folder / "public")], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def child_build(content: Path, site: Path) -> None:
    """Build without search and print the report as JSON (run in its own process)."""
    from generator.build import build

    cpu = _cpu_seconds()
    with PeakTreeMemory() as memory:
        report = build(content, TEMPLATES, site, search=False)
    print(json.dumps({"seconds": report.seconds, "pages": report.pages, "errors": len(report.errors),
                      "rss_mb": _peak_rss_mb(), "memory_mb": memory.peak_mb, "cpu_seconds": _cpu_seconds() - cpu}))


def child_meetings(content: Path) -> None:
    """Time rendering and writing the meeting pages alone, as the build does them: what Hugo is compared with."""
    import tempfile

    from generator.build import link_site, load_records
    from generator.content import record_paths
    from generator.render import collect_assets, render_pages, site_environment, site_pages
    from generator.write import write_site

    graph = link_site(load_records(record_paths([content])).records, content)
    env = site_environment(TEMPLATES, collect_assets(TEMPLATES))
    meetings = [page for page in site_pages(graph) if page.template == "meeting.html"]
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        write_site(render_pages(env, meetings), Path(scratch) / "site")
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "pages": len(meetings)}))


_SPEAKER_MARKER = re.compile(r"\*\*(?:Mr|Mrs|Ms)\. [^*\n]+?(?=\*\*)")
"""A named speaker's marker in a corpus record, up to its closing `**`: `**Mr. Kumar`."""


def child_rebuild(content: Path, edits: int = 20, renames: int = 5, headers: int = 5, turns: int = 5,
                  dates: int = 5) -> None:
    """Time `DevSite.rebuild` (the dev server's code path) after editing a paragraph of one record, for
    `edits` records picked at random (the same ones on every run), then after renaming a speaker in one
    record, for `renames` records (an author correcting a name the converter misread: who is who is decided
    again for the names it touched), then after changing when the meeting was called to order in one record's
    header, for `headers` records (a header edit: every page listing the meeting is made again), then after
    adding a turn by someone new before the first turn of one record's delegates (`_turn_added`), for `turns`
    records picked at random among those with a delegate, then after moving the meeting's date by a fortnight
    within its year (`_redated`: past the meetings in between, at 10,000 records), for `dates` records."""
    import random
    import tempfile

    from generator.content import record_paths
    from generator.incremental import DevSite
    from generator.record_text import TextStore

    with tempfile.TemporaryDirectory() as scratch, TextStore.temporary() as texts:
        copy = Path(scratch) / "content"
        shutil.copytree(content, copy)
        site = DevSite(copy, TEMPLATES, Path(scratch) / "site", text_store=texts)  # as `plenary serve` runs it
        site.build_all()
        paths = sorted(record_paths([copy]))
        picked = random.Random(0).choices(paths, k=edits + renames + headers)
        redated = random.Random(2).sample(paths, k=dates)
        shuffled = random.Random(1).sample(paths, k=len(paths))
        with_delegates = (path for path in shuffled if _DELEGATE.search(path.read_text(encoding="utf-8")))
        timings = [_timed_edit(site, record, _reworded(edit)) for edit, record in enumerate(picked[:edits])]
        renamed = [_timed_edit(site, record, _renamed(edit))
                   for edit, record in enumerate(picked[edits:edits + renames])]
        retimed = [_timed_edit(site, record, _retimed) for record in picked[edits + renames:]]
        added = [_timed_edit(site, record, _turn_added(edit))
                 for edit, record in zip(range(turns), with_delegates, strict=False)]
        moved = [_timed_edit(site, record, _redated) for record in redated]
    timings.sort()
    print(json.dumps({"median_ms": statistics.median(timings), "p90_ms": timings[int(len(timings) * 0.9)],
                      "all_ms": timings, "rename_median_ms": statistics.median(renamed) if renamed else None,
                      "rename_all_ms": sorted(renamed),
                      "header_median_ms": statistics.median(retimed) if retimed else None,
                      "header_all_ms": sorted(retimed),
                      "turn_median_ms": statistics.median(added) if added else None, "turn_all_ms": sorted(added),
                      "date_median_ms": statistics.median(moved) if moved else None, "date_all_ms": sorted(moved)}))


def _timed_edit(site: Any, record: Path, edit: Callable[[str], str]) -> float:
    """Milliseconds `site.rebuild` takes after `edit` is made to the record's text."""
    text = record.read_text(encoding="utf-8")
    changed = edit(text)
    if changed == text:
        raise SystemExit(f"the edit left {record} as it was: the rebuild timing would mean nothing")
    record.write_text(changed, encoding="utf-8")
    started = time.perf_counter()
    rebuild = site.rebuild({record})
    elapsed = (time.perf_counter() - started) * 1000
    if not rebuild.changed:
        raise SystemExit(f"editing {record} changed no page: the rebuild timing would mean nothing")
    return elapsed


def _reworded(edit: int) -> Callable[[str], str]:
    """An edit of the last line that says ` the ` and is not page furniture (a page's running header, which no page
    shows, may say it last): of the record's last paragraph, or near it."""
    from generator.parse.blocks import is_furniture_line

    def reword(text: str) -> str:
        lines = text.split("\n")
        for number in range(len(lines) - 1, -1, -1):
            if " the " in lines[number] and not is_furniture_line(lines[number].strip()):
                head, _, tail = lines[number].rpartition(" the ")
                lines[number] = f"{head} the (edit {edit}) {tail}"
                break
        return "\n".join(lines)
    return reword


def _renamed(edit: int) -> Callable[[str], str]:
    """The first named speaker's name changed where it is first printed: a new person in that turn."""
    def rename(text: str) -> str:
        return _SPEAKER_MARKER.sub(lambda marker: f"{marker.group()}-{edit}x", text, count=1)
    return rename


_DELEGATE = re.compile(r"^(?:\d+\. )?(\*\*(?:Mr|Mrs|Ms)\. )[^*\n]+?\*\*( \([^(),;\n]+\))", re.MULTILINE)
"""A named speaker opening a corpus record's paragraph (after its number, if it has one), printed with a delegation
alone (no office, whose city the map counts people in)."""


def _turn_added(edit: int) -> Callable[[str], str]:
    """A turn added before the first turn of a delegate's, by someone new of the same delegation."""
    def add(text: str) -> str:
        first = _DELEGATE.search(text)
        if first is None:
            return text
        turn = f"{first.group(1)}Addedturn{edit}**{first.group(2)}: We support the draft resolution.\n\n"
        return text[:first.start()] + turn + text[first.start():]
    return add


_CALLED_TO_ORDER = re.compile(r"(called to order at |rose at )(1[0-2]|[1-9])((?:[.:]\d\d)? [ap]\.m\.)")
"""When the meeting was called to order, or rose, as a record's header prints it: `called to order at 10.05 a.m.`."""


def _retimed(text: str) -> str:
    """The meeting called to order (or risen) an hour later: its page's details show it."""
    return _CALLED_TO_ORDER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) % 12 + 1}{m.group(3)}", text, count=1)


_HEADER_DATE = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (\d{1,2}) (January|February|March|April|May|"
    r"June|July|August|September|October|November|December),? (\d{4})\b")
"""The date of the meeting as a record's header prints it: `Tuesday, 27 September 1955`."""


def _redated(text: str) -> str:
    """The meeting a fortnight later (earlier, late in its year), where its header prints its date."""
    def moved(match: re.Match[str]) -> str:
        date = dt.datetime.strptime(f"{match[2]} {match[3]} {match[4]}", "%d %B %Y").date()
        later = date + dt.timedelta(days=14)
        new = later if later.year == date.year else date - dt.timedelta(days=14)
        return f"{new:%A}, {new.day} {new:%B} {new.year}"
    return _HEADER_DATE.sub(moved, text, count=1)


def child_edit_build(content: Path, site: Path) -> None:
    """Edit one paragraph of one record of `content` (a hard-linked copy of the corpus, built into `site`
    before) and build it again, with search, as an author's `plenary build` after an edit."""
    import random

    from generator.build import build
    from generator.content import record_paths
    from generator.write import remove_tree_in_background

    record = random.Random(1).choice(sorted(record_paths([content])))
    head, _, tail = record.read_text(encoding="utf-8").rpartition(" the ")
    record.unlink()  # a hard link to the corpus: write a new file instead
    record.write_text(f"{head} the (edited) {tail}", encoding="utf-8")
    report = build(content, TEMPLATES, site, remove_old=remove_tree_in_background)  # as `plenary build` does
    assert report.search is not None
    print(json.dumps({"seconds": report.seconds, "search_seconds": report.search.seconds,
                      "bundles": report.search.bundles, "carried_over": report.search.carried_over,
                      "rendered": report.pages if report.rendered is None else report.rendered}))


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table."""
    header = ("| records | parse s | link s | render s | write s | build s | search s | total s | pages | pages/s "
              "| cores busy | gen. RSS MB | gen. all MB | Pagefind RSS MB | search all MB | bundles | site MB "
              "| bundle MB | rebuild ms | rebuild p90 ms | rename ms | header ms | turn ms | date ms "
              "| after an edit: build s | pages rendered "
              "| search s | bundles re-indexed | meetings s | Hugo s | ours/Hugo |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in rows:
        s = row.seconds
        build = sum(s.values())
        total = build + (row.search_seconds or 0)
        ratio = row.meetings_seconds / row.hugo_seconds if row.meetings_seconds and row.hugo_seconds else None
        cells = [
            f"{row.records:,}", f"{s.get('parse', 0):.2f}", f"{s.get('link', 0):.2f}", f"{s.get('render', 0):.2f}",
            f"{s.get('write', 0):.2f}", f"{build:.2f}", _opt(row.search_seconds, ".2f"), f"{total:.2f}",
            f"{row.pages:,}", f"{row.pages / build:,.0f}",
            _opt(row.build_cpu_seconds / build if row.build_cpu_seconds is not None else None, ".2f"),
            f"{row.generator_rss_mb:,.0f}",
            f"{row.generator_memory_mb:,.0f}", _opt(row.search_rss_mb, ",.0f"), _opt(row.search_memory_mb, ",.0f"),
            _opt(row.search_bundles, "d"), f"{row.site_mb:,.1f}",
            _opt(row.bundle_mb, ",.1f"), _opt(row.rebuild_ms, ",.0f"), _opt(row.rebuild_p90_ms, ",.0f"),
            _opt(row.rename_ms, ",.0f"), _opt(row.header_ms, ",.0f"), _opt(row.turn_ms, ",.0f"),
            _opt(row.date_ms, ",.0f"),
            _opt(row.edited_build_seconds, ".2f"), _opt(row.edited_pages_rendered, ",d"),
            _opt(row.edited_search_seconds, ".2f"),
            _opt(row.edited_search_bundles, "d"),
            _opt(row.meetings_seconds, ".2f"), _opt(row.hugo_seconds, ".2f"),
            _opt(ratio, ".2f"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _opt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each size and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/plenary-bench"), help="where corpora and sites go")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    parser.add_argument("--first-build-only", action="store_true",
                        help="skip the rebuilds and the build after an edit (for sizes where they take too long)")
    parser.add_argument("--child-build", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-rebuild", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-meetings", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-edit-build", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        child_build(*args.child_build)
        return 0
    if args.child_meetings:
        child_meetings(args.child_meetings)
        return 0
    if args.child_rebuild:
        child_rebuild(args.child_rebuild)
        return 0
    if args.child_index:
        child_index(args.child_index)
        return 0
    if args.child_edit_build:
        child_edit_build(*args.child_edit_build)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, args.work, search=not args.no_search, hugo=not args.no_hugo,
                                edits=not args.first_build_only))
            print(f"done: {size:,} records", file=sys.stderr, flush=True)
    finally:
        empty_trash(args.work)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
