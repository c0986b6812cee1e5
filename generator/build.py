"""The build, top to bottom: parse every record, link the site graph, render, write, index."""

from __future__ import annotations

import dataclasses
import gc
import logging
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator.collector import collector_paused, collector_running
from generator.content import CORRECTIONS_FILE, record_paths
from generator.corrections import load_corrections
from generator.errors import ParseError
from generator.hosting import crowded_folder_warnings
from generator.linking import Linker
from generator.memory import release_free_memory
from generator.model import Record
from generator.outline import SiteOutline
from generator.parse import parse_record, read_record_file
from generator.previous_build import BuiltSite, build_inputs, carried_over, forget_build, keep_build
from generator.record_cache import RecordCache, record_key
from generator.record_text import TextStore
from generator.render.listings import keep_excerpts
from generator.render.output import SiteRender
from generator.search import BUNDLE_BYTES, SearchIndex, index_site
from generator.site import SiteGraph
from generator.workers import shared_stream, worker_count
from generator.write import remove_tree, scratch_folder, staged

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The records that parsed, and the problems of those that did not."""

    records: tuple[Record, ...]
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    read_back: int = 0
    """How many records were read back from the record cache rather than parsed."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Each record file's cache key, by path (when read through the record cache)."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """Each path's record or error message, in order, and how many were read back from the record cache."""

    outcomes: list[Record | str]
    read_back: int
    keys: Mapping[str, str] = field(default_factory=dict)
    """Each record file's cache key, by path (when read through the record cache)."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the summary line and for benchmarks."""

    records: int
    pages: int
    files: int
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time by phase, in order: `parse`, `link`, `render` (every file rendered and written into the
    staging folder), `index` (the search index, when built) and `write` (the staging folder swapped in)."""
    search: SearchIndex | None = None
    read_back: int = 0
    """How many records were read back from the record cache rather than parsed."""
    rendered: int | None = None
    """How many pages were rendered; the others were carried over from the site replaced (None: all)."""

    @property
    def total_seconds(self) -> float:
        """Wall time of all phases."""
        return sum(self.seconds.values())


PARALLEL_THRESHOLD = 64
"""Below this many records, starting worker processes costs more than it saves."""


Progress = Callable[[Iterator[Any], int], Iterable[Any]]
"""Wraps the stream of parsed records (and its length) to show progress: `tqdm` fits."""


def no_progress(items: Iterator[Any], total: int) -> Iterable[Any]:
    """Progress that shows nothing."""
    return items


def load_records(paths: Iterable[Path], progress: Progress = no_progress, cache: RecordCache | None = None,
                 store: TextStore | None = None) -> Loaded:
    """Parse every record (on every core for large archives; read back from `cache` when unchanged); a broken
    one is reported and skipped. With a `store`, the records' texts are kept in it, not in memory."""
    parsed = parse_all(list(paths), progress, cache, store)
    records = [outcome for outcome in parsed.outcomes if isinstance(outcome, Record)]
    errors = [outcome for outcome in parsed.outcomes if isinstance(outcome, str)]
    claimed = claim_symbols(records)
    warnings = tuple(str(w) for record in claimed.records for w in record.warnings)
    return Loaded(claimed.records, tuple(errors) + claimed.errors, warnings, parsed.read_back, parsed.keys)


def parse_all(paths: Sequence[Path], progress: Progress = no_progress, cache: RecordCache | None = None,
              store: TextStore | None = None) -> Parsed:
    """Each path's record, or its error message, in order. With a cache, a file unchanged since it was last
    parsed is read back from it, the others parsed and kept in it, and nothing else is left in it. With a
    store, each record's text is kept in it."""
    keys = {} if cache is None else {i: key for i, path in enumerate(paths) if (key := _key_of(path)) is not None}
    kept = {} if cache is None else {i: key for i, key in keys.items() if cache.has(key)}
    read_back = 0

    def from_cache(path: Path, key: str) -> Record | str:
        """The record kept under `key`, or parsed again if the entry has become unreadable."""
        nonlocal read_back
        record = cache.get(key) if cache is not None else None
        if record is None:
            return _parse_one(path, cache, store)
        read_back += 1
        return kept_in(store, record)

    with _parsing([path for i, path in enumerate(paths) if i not in kept], cache, store) as parsed:
        outcomes = (from_cache(path, kept[i]) if i in kept else next(parsed) for i, path in enumerate(paths))
        loaded = list(progress(outcomes, len(paths)))
    if cache is not None:
        cache.keep_only(keys.values())
    return Parsed(loaded, read_back, {str(paths[i]): key for i, key in keys.items()})


@contextmanager
def _parsing(paths: Sequence[Path], cache: RecordCache | None,
             store: TextStore | None) -> Iterator[Iterator[Record | str]]:
    """The records (or error messages) of `paths`, in order as they are parsed: on every core when there are
    many, each kept in `cache`, its text in `store`."""
    workers = worker_count()
    if len(paths) < PARALLEL_THRESHOLD or workers < 2:
        yield map(partial(_parse_one, cache=cache, store=store), paths)
        return
    global _to_parse
    _to_parse = (paths, cache, store)
    try:
        yield shared_stream(_parse_slice, len(paths), workers)
    finally:
        _to_parse = None


_to_parse: tuple[Sequence[Path], RecordCache | None, TextStore | None] | None = None
"""The paths `_parse_slice` parses, where forked workers find them (`generator.workers.shared_stream`)."""


def _parse_slice(bounds: tuple[int, int]) -> list[Record | str]:
    """The records (or error messages) of a slice of `_to_parse`: parsed in this process (which reads none of
    their text once kept in the store) or in a forked worker (they then cross to the parent pickled, without
    their text: error messages cross more simply than exceptions)."""
    assert _to_parse is not None, "set by _parsing"
    paths, cache, store = _to_parse
    start, end = bounds
    return [_parse_one(path, cache, store) for path in paths[start:end]]


def _key_of(path: Path) -> str | None:
    """The cache key of the record file as it is now; None if it cannot be read (its parse will say why)."""
    try:
        return record_key(str(path), path.read_bytes())
    except OSError:
        return None


def _parse_one(path: Path, cache: RecordCache | None = None, store: TextStore | None = None) -> Record | str:
    """The record at `path` (kept in `cache`, its text in `store`), or its error message."""
    outcome = _parsed(path, cache)
    return outcome if isinstance(outcome, str) else kept_in(store, outcome)


def kept_in(store: TextStore | None, record: Record) -> Record:
    """The record, its text moved into `store` when there is one."""
    if store is not None and record.text is not None:
        store.keep(record.text)
    return record


def _parsed(path: Path, cache: RecordCache | None) -> Record | str:
    """The record at `path`, kept in `cache` (text and all), or its error message."""
    try:
        data = read_record_file(path)
        record = keep_excerpts(parse_record(data, str(path)))
    except ParseError as error:
        return str(error)
    if cache is not None:
        cache.put(record_key(str(path), data), pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
    return record


def claim_symbols(records: Iterable[Record]) -> Loaded:
    """The records with the first claim on each symbol (in the order given); later claimants are errors."""
    kept: list[Record] = []
    errors: list[str] = []
    claimed: dict[str, str] = {}
    for record in records:
        symbol = record.meeting.symbol
        if symbol in claimed:
            errors.append(f"{record.source}:1: symbol {symbol} is already claimed by {claimed[symbol]}; "
                          "this record is skipped (set `symbol` in its front matter if it is another meeting)")
            continue
        claimed[symbol] = record.source
        kept.append(record)
    return Loaded(tuple(kept), tuple(errors), ())


def link_site(records: Sequence[Record], content_dir: Path, cache: RecordCache | None = None) -> SiteGraph:
    """The site graph of the records, with the author's corrections applied; the paragraphs' city mentions
    read back from and kept in `cache`."""
    kept = cache.mentions_file if cache is not None else None
    return Linker().link(records, load_corrections(content_dir / CORRECTIONS_FILE), kept)


def _built_site(site: SiteRender, graph: SiteGraph, keys: Mapping[str, str], content_dir: Path,
                templates_dir: Path, base_url: str) -> BuiltSite:
    """What this build is made from: its inputs, its records' keys and the outline of its graph and pages."""
    inputs = build_inputs(templates_dir, base_url, load_corrections(content_dir / CORRECTIONS_FILE))
    return BuiltSite(inputs, keys, SiteOutline.of(graph, site.pages))


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """The cycle collector paused in this process while the block runs (`generator.collector`); `keep()`
    puts every object made so far out of its sight until the block ends. Frozen, the records and the
    graph are not walked by the workers' collectors either (Python's documentation advises freezing
    before forking)."""
    with collector_paused():
        try:
            yield gc.freeze
        finally:
            gc.unfreeze()


def build(
    content_dir: Path,
    templates_dir: Path,
    output_dir: Path,
    *,
    search: bool = True,
    search_bundle_bytes: int = BUNDLE_BYTES,
    base_url: str = "",
    progress: Progress = no_progress,
    record_cache: bool = True,
    remove_old: Callable[[Path], None] = remove_tree,
    phase_done: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the whole site from `content_dir` into `output_dir`, atomically.

    The search index is split into bundles of `search_bundle_bytes` of meeting pages (more past
    `generator.search.MOST_BUNDLES` bundles); a bundle of the site being replaced that was made from the
    same pages is carried over instead of indexed again.
    With `record_cache`, records unchanged since the last build are read back from the user's cache
    (`generator.record_cache`) rather than parsed again, and the pages no change since the last build into
    `output_dir` touches are linked from the site there without being rendered (`generator.previous_build`).
    Pages rendered as the site being replaced holds them are linked from it too, not written again; that
    site is then given to `remove_old`. `phase_done` is told the name of each phase as it ends (`parse`, `link`,
    `render`, then `index` and `write`).
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now
        if phase_done is not None:
            phase_done(name)

    index: SearchIndex | None = None
    with staged(output_dir, remove_old) as staging:
        rendered, made = _render_into(staging, content_dir, templates_dir, output_dir, base_url, progress,
                                      record_cache, phase)
        # What the records and the graph held is free but still the process's (1.0 GB at 10,000 records, 0.1 GB of
        # it free pages): the search index's two Pagefind processes, or pickling what the build was made from
        # (`keep_build`, 30 MB more) and identifying the files written (10 MB), would otherwise be the build's peak.
        release_free_memory()
        made = made.written_into(staging) if made is not None else None
        if search:
            index = index_site(staging, bundle_bytes=search_bundle_bytes, previous=output_dir)
            phase("index")
    if made is not None:
        keep_build(output_dir, made)
    else:
        forget_build(output_dir)
    phase("write")
    return dataclasses.replace(rendered, seconds=seconds, search=index)


def _render_into(staging: Path, content_dir: Path, templates_dir: Path, previous: Path, base_url: str,
                 progress: Progress, record_cache: bool,
                 phase: Callable[[str], None]) -> tuple[BuildReport, BuiltSite | None]:
    """Parse, link and render the site into `staging`; with the `record_cache`, what it was made from (the files it
    wrote not yet identified: `BuiltSite.written_into`), and the pages a change does not touch carried over from
    the `previous` site (`generator.previous_build`); pages rendered as `previous` holds them are linked from it
    too.

    The records and the graph are let go when this returns: the search index that follows runs two Pagefind
    processes of about a gigabyte each, and needs none of them."""
    with _collector_paused() as keep, TextStore.temporary(scratch_folder(previous, "texts")) as store:
        cache = RecordCache.for_content(content_dir) if record_cache else None
        loaded = load_records(record_paths([content_dir]), progress, cache, store)
        phase("parse")
        keep()
        graph = link_site(loaded.records, content_dir, cache)
        # The graph and the gazetteer it was linked with are frozen before the collection that ends the link: it
        # found nothing among them but walked them all (0.7 s at 10,000 records). Linking makes no cycles to speak
        # of: what it let go was freed as it went, and that heap is handed back before the render workers fork.
        keep()
        release_free_memory()
        phase("link")
        site = SiteRender.of(graph, templates_dir, base_url=base_url)
        made = _built_site(site, graph, loaded.keys, content_dir, templates_dir, base_url) if record_cache else None
        carried = carried_over(made, previous) if made is not None else frozenset()
        with collector_running():  # pages rendered here (not in workers) make garbage cycles
            written = site.write_into(staging, previous=previous, carried_over=carried)
        phase("render")
        report = BuildReport(
            records=len(loaded.records),
            pages=sum(1 for path in written.paths if path.endswith(".html")),
            files=len(written.paths),
            errors=loaded.errors,
            warnings=loaded.warnings + graph.warnings + crowded_folder_warnings(previous.name, written.paths),
            read_back=loaded.read_back,
            rendered=written.rendered if carried else None,
        )
        # Freed while still frozen, by reference counting alone: unfrozen first, they would be walked by a full
        # collection that finds nothing to collect (3 s at 10,000 records, the end of the build on one core).
        del loaded, graph, site
    return report, made
