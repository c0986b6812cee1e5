"""Rebuild only what a change affects, from a site graph kept in memory between builds.

`DevSite` is what `plenary serve` and the rebuild benchmark drive: one full build, then
`rebuild(changed_paths)` re-parses the changed records, re-links the graph (cheap), and
re-renders only the pages that show something of the changed records, or that use a
changed template. Files whose bytes did not change are not rewritten.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from generator.build import claim_symbols, link_site
from generator.content import CORRECTIONS_FILE, is_record_file, record_paths
from generator.errors import ConfigError, ParseError, PlenaryError
from generator.model import Record
from generator.parse import load_record
from generator.parse.symbols import symbol_slug
from generator.render import Page, affected_pages, collect_assets, pages_using_templates, render_page, site_environment, site_pages
from generator.render.assets import Assets
from generator.site import SiteGraph
from generator.write import remove_files, update_files, write_site

_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".j2")


@dataclass(frozen=True, slots=True)
class Rebuild:
    """What one (re)build did."""

    rendered: int
    """Pages rendered."""
    changed: int
    """Files written or removed because their content changed."""
    problems: tuple[str, ...]
    """Errors to show the author (`file:line: message`); the last good version of those pages is kept."""
    seconds: float
    full: bool

    def summary(self) -> str:
        """One line for the terminal."""
        kind = "built" if self.full else "rebuilt"
        problems = f", {len(self.problems)} problems" if self.problems else ""
        return f"{kind}: {self.rendered} pages rendered, {self.changed} files changed{problems} in {self.seconds * 1000:.0f} ms"


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


class DevSite:
    """A site kept in memory: records by path, the graph, every page spec and the digest of every file."""

    def __init__(self, content_dir: Path, templates_dir: Path, output_dir: Path,
                 files_lock: threading.Lock | None = None) -> None:
        self.content_dir, self.templates_dir, self.output_dir = content_dir, templates_dir, output_dir
        self._files_lock = files_lock
        self._parsed: dict[Path, Record] = {}
        self._parse_problems: dict[Path, str] = {}
        self._other_problems: tuple[str, ...] = ()
        self._graph: SiteGraph | None = None
        self._pages: tuple[Page, ...] = ()
        self._digests: dict[str, bytes] = {}
        self._assets: Assets | None = None
        self._env: Environment | None = None

    @property
    def graph(self) -> SiteGraph:
        """The current site graph."""
        assert self._graph is not None, "build_all() first"
        return self._graph

    @property
    def problems(self) -> tuple[str, ...]:
        """Every current problem, in file order."""
        return tuple(self._parse_problems[p] for p in sorted(self._parse_problems)) + self._other_problems

    def build_all(self) -> Rebuild:
        """Parse everything and write the whole site."""
        started = time.perf_counter()
        self._parsed.clear()
        self._parse_problems.clear()
        for path in record_paths([self.content_dir]):
            self._parse(path)
        self._relink()
        self._assets = collect_assets(self.templates_dir)
        self._env = site_environment(self.templates_dir, self._assets)
        files = {page.path: render_page(self._env, page) for page in self._pages} | dict(self._assets.files)
        with self._lock():
            write_site(files, self.output_dir)
        self._digests = {path: _digest(content) for path, content in files.items()}
        return Rebuild(len(self._pages), len(files), self.problems, time.perf_counter() - started, full=True)

    def rebuild(self, changed: Iterable[Path]) -> Rebuild:
        """Bring the site up to date with the changed paths (records, templates, static files, corrections)."""
        started = time.perf_counter()
        paths = {path.absolute() for path in changed}
        content, templates = self.content_dir.absolute(), self.templates_dir.absolute()
        records = {p for p in paths if content in p.parents and is_record_file(p)}
        template_files = {p for p in paths if templates in p.parents}
        corrections = content / CORRECTIONS_FILE in paths
        if not (records or template_files or corrections):
            return Rebuild(0, 0, self.problems, time.perf_counter() - started, full=False)
        old_pages = self._pages
        changed_slugs = self._reparse(records)
        if corrections or any(p.suffix not in _TEMPLATE_SUFFIXES for p in template_files):
            return self._rebuild_everything(started)
        self._relink()
        assert self._env is not None
        if template_files:
            self._env = site_environment(self.templates_dir, collect_assets(self.templates_dir))
        names = {p.relative_to(templates).as_posix() for p in template_files}
        to_render, gone = affected_pages(old_pages, self._pages, changed_slugs)
        if names:
            to_render = tuple({p.path: p for p in (*to_render, *pages_using_templates(self._env, self._pages, names))}.values())
        written = self._write({page.path: render_page(self._env, page) for page in to_render}, gone)
        return Rebuild(len(to_render), written, self.problems, time.perf_counter() - started, full=False)

    def _rebuild_everything(self, started: float) -> Rebuild:
        """Re-link and re-render every page; used when the corrections or static assets change."""
        self._relink()
        self._assets = collect_assets(self.templates_dir)
        self._env = site_environment(self.templates_dir, self._assets)
        files = {page.path: render_page(self._env, page) for page in self._pages} | dict(self._assets.files)
        gone = tuple(path for path in self._digests if path not in files and not path.startswith("pagefind/"))
        written = self._write(files, gone)
        return Rebuild(len(self._pages), written, self.problems, time.perf_counter() - started, full=False)

    def _reparse(self, paths: Iterable[Path]) -> set[str]:
        """Re-read changed records; the slugs of every meeting they were or are now."""
        slugs: set[str] = set()
        for path in paths:
            old = self._parsed.get(path)
            if old is not None:
                slugs.add(symbol_slug(old.meeting.symbol))
            if path.exists():
                self._parse(path)
            else:
                self._parsed.pop(path, None)
                self._parse_problems.pop(path, None)
            new = self._parsed.get(path)
            if new is not None:
                slugs.add(symbol_slug(new.meeting.symbol))
        return slugs

    def _parse(self, path: Path) -> None:
        """Parse one record; on failure keep its last good version and remember the problem."""
        try:
            self._parsed[path.absolute()] = load_record(path)
            self._parse_problems.pop(path.absolute(), None)
        except ParseError as error:
            self._parse_problems[path.absolute()] = str(error)

    def _relink(self) -> None:
        """The graph and page specs of the current records."""
        ordered = [self._parsed[p] for p in sorted(self._parsed)]
        claimed = claim_symbols(ordered)
        problems = list(claimed.errors)
        try:
            self._graph = link_site(claimed.records, self.content_dir)
        except ConfigError as error:
            problems.append(str(error))
            if self._graph is None:
                raise
        except PlenaryError as error:
            problems.append(str(error))
            if self._graph is None:
                raise
        self._other_problems = tuple(problems)
        self._pages = site_pages(self._graph)

    def _write(self, files: Mapping[str, bytes], gone: Iterable[str]) -> int:
        """Write the files whose bytes changed and remove those gone; how many files that was."""
        fresh = {path: content for path, content in files.items() if self._digests.get(path) != _digest(content)}
        gone = [path for path in gone if path in self._digests]
        with self._lock():
            update_files(fresh, self.output_dir)
            remove_files(gone, self.output_dir)
        for path in gone:
            self._digests.pop(path, None)
        self._digests.update({path: _digest(content) for path, content in fresh.items()})
        return len(fresh) + len(gone)

    def _lock(self) -> threading.Lock | nullcontext[None]:
        return self._files_lock if self._files_lock is not None else nullcontext()
