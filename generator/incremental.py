"""Rebuild only what a change affects, from a site graph kept in memory between builds.

`DevSite` is what `plenary serve` and the rebuild benchmark drive: one full build, then
`rebuild(changed_paths)` re-parses the changed records, re-links the graph, and re-renders
only the pages that show something of the changed records, or that use a changed template.
Files whose bytes did not change are not rewritten.

What stays in memory between rebuilds: the last good parse of every record, the gazetteer
(rebuilt only when the corrections file changes) with the city mentions of every paragraph
text it has seen, the graph, every page's spec and the digest of every file written.
A record that no longer parses keeps its last good version; a template that fails keeps the
last good version of its pages. Both are reported as `file:line: message` until fixed.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from generator.build import claim_symbols, kept_in, parse_all
from generator.co_speakers import CoSpeakers
from generator.collector import collector_paused, collector_running
from generator.content import CORRECTIONS_FILE, is_record_file, record_paths
from generator.corrections import Corrections, load_corrections
from generator.errors import ConfigError, ParseError, PlenaryError
from generator.linking import Linker
from generator.model import Record
from generator.named_cities import CitiesNamed
from generator.outline import SiteOutline, pages_to_redo
from generator.parse import load_record
from generator.per_person import PerPerson
from generator.record_cache import RecordCache
from generator.record_text import TextStore
from generator.relink import Relinked
from generator.render import (
    Page,
    collect_assets,
    pages_showing,
    render_page,
    render_pages,
    site_environment,
    site_pages,
)
from generator.render.assets import LAND_FILE, Assets
from generator.render.listings import keep_excerpts
from generator.render.output import PARALLEL_PAGES, output_paths, templates_used, write_pages
from generator.render.pages import SITEMAP, SpecChange, sitemap_changed, sitemap_part_paths
from generator.render.respoken import pages_respoken
from generator.respeak import Respoken
from generator.site import SiteGraph
from generator.write import digest, remove_files, staged, update_files, write_file

SPECS_KEPT_LIMIT = 50
"""Edits relinked in place before every page spec is made again.

The specs of pages an edit does not change are kept, and with them the graph they were made from:
each is a few dictionaries' worth of memory (a megabyte or two at 10,000 records) that making every
spec again frees, at the cost of one full `site_pages`."""

_ASSET_FOLDERS = ("static", LAND_FILE.parent.as_posix())
"""Folders of the templates folder that hold assets, not templates: a change there changes every page."""


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
    """True for the first build, which writes the whole site."""
    phases: Mapping[str, float] = field(default_factory=dict)
    """Seconds by phase: `parse`, `link`, `pages`, `render`, `write`."""
    paths: tuple[str, ...] = ()
    """The site paths written or removed, sorted (for a rebuild; empty for the first build)."""

    def summary(self) -> str:
        """One line for the terminal."""
        kind = "built" if self.full else "rebuilt"
        problems = f", {len(self.problems)} problems" if self.problems else ""
        phases = ", ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in self.phases.items())
        return (f"{kind}: {self.rendered} pages rendered, {self.changed} files changed{problems} "
                f"in {self.seconds * 1000:.0f} ms" + (f" ({phases})" if phases else ""))


@dataclass(slots=True)
class _Changes:
    """The changed paths, sorted by what they are."""

    records: set[Path] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    assets: bool = False
    corrections: bool = False
    folders: set[Path] = field(default_factory=set)
    """Folders of the content folder created, moved or deleted: their records are looked for again."""


class DevSite:
    """A site kept in memory: records by path, the graph, every page spec and the digest of every file."""

    def __init__(self, content_dir: Path, templates_dir: Path, output_dir: Path,
                 files_lock: threading.Lock | None = None, record_cache: RecordCache | None = None,
                 text_store: TextStore | None = None) -> None:
        self.content_dir, self.templates_dir, self.output_dir = content_dir, templates_dir, output_dir
        self._record_cache = record_cache
        """Where the first build reads back unchanged records from, and keeps those it parses."""
        self._text_store = text_store
        """Where the records' texts are kept, out of this process's memory (`plenary serve` passes one for the
        session, as `plenary build` keeps one for a build); without it they are held in memory."""
        self._content = content_dir.absolute()
        self._templates = templates_dir.absolute()
        self._files_lock = files_lock
        self._records: dict[Path, Record] = {}
        """The last good parse of every record, by absolute path."""
        self._parse_problems: dict[Path, str] = {}
        self._corrections = Corrections(path=str(content_dir / CORRECTIONS_FILE))
        self._corrections_problem: str | None = None
        self._linker = Linker(remember=True)
        self._link_problems: tuple[str, ...] = ()
        self._link_failed = False
        """The last full link failed: the graph is older than the records, so only a full link may replace it."""
        self._render_problems: dict[str, str] = {}
        """Why a page could not be rendered, by output path; its last good version stays."""
        self._graph: SiteGraph | None = None
        self._pages: tuple[Page, ...] = ()
        """Every page's spec: in the order `site_pages` gives, but for those an edit relinked in place added or
        took away (`_pages_changed`)."""
        self._page_index: dict[str, int] = {}
        """Where each page's spec is in `_pages`, by path; empty until needed after every spec was made again."""
        self._specs_kept = 0
        """Edits relinked in place since every spec was last made from the graph of the day."""
        self._outline: tuple[SiteGraph, tuple[Page, ...], SiteOutline] | None = None
        """The outline of a graph and its specs, made by the last full relink: the next one compares with it
        instead of making it again, if nothing was relinked in place in between."""
        self._digests: dict[str, bytes] = {}
        self._assets: Assets | None = None
        self._env: Environment | None = None
        self._closures: dict[str, frozenset[str] | TemplateError] = {}
        self._index_contexts: dict[str, tuple[Environment | None, dict[str, object]]] = {}
        """What each index page (`Page.lists_all`) was last rendered from, and with which environment."""

    @property
    def graph(self) -> SiteGraph:
        """The current site graph."""
        assert self._graph is not None, "build_all() first"
        return self._graph

    @property
    def problems(self) -> tuple[str, ...]:
        """Every current problem: records that do not parse, then the corrections, linking and templates."""
        parse = tuple(self._parse_problems[p] for p in sorted(self._parse_problems))
        corrections = (self._corrections_problem,) if self._corrections_problem else ()
        render = tuple(dict.fromkeys(self._render_problems[p] for p in sorted(self._render_problems)))
        return parse + corrections + self._link_problems + render

    def build_all(self) -> Rebuild:
        """Parse everything and write the whole site."""
        # Its garbage is what it made since rendering froze everything before it: collected without thawing the
        # millions of objects frozen then (a full collection found 25 among them at 10,000 records, in 3.3 s).
        with _collector_paused(collect=True, thaw=False):
            return self._build_all()

    def rebuild(self, changed: Iterable[Path]) -> Rebuild:
        """Bring the site up to date with the changed paths (records, templates, static files, corrections)."""
        started = time.perf_counter()
        changes = self._sort(changed)
        # A new template environment leaves cycles behind when it replaces the old one: collect them.
        with _collector_paused(collect=bool(changes.templates) or changes.assets):
            return self._rebuild(changes, started)

    def _build_all(self) -> Rebuild:
        started = time.perf_counter()
        phases: dict[str, float] = {}
        self._records.clear()
        self._parse_problems.clear()
        paths = list(record_paths([self.content_dir]))
        parsed = parse_all(paths, cache=self._record_cache, store=self._text_store)
        for path, outcome in zip(paths, parsed.outcomes, strict=True):
            if isinstance(outcome, Record):
                self._records[path.absolute()] = outcome
            else:
                self._parse_problems[path.absolute()] = outcome
        self._load_corrections()
        phases["parse"] = time.perf_counter() - started
        self._relink(phases)
        self._new_environment()
        assets = self._require_assets().files
        output_paths(self._pages, self._require_assets())
        with self._lock(), staged(self.output_dir) as staging:
            for asset, content in assets.items():
                write_file(staging, asset, content)
            self._digests = {asset: digest(content) for asset, content in assets.items()}
            self._digests |= self._render_into(staging, phases)
            clock = time.perf_counter()
        phases["write"] = time.perf_counter() - clock
        self._specify_all()  # the same specs, without every page's context kept in memory
        return Rebuild(len(self._pages), len(self._digests), self.problems, time.perf_counter() - started, True,
                       phases)

    def _rebuild(self, changes: _Changes, started: float) -> Rebuild:
        phases: dict[str, float] = {}
        problems_before = self.problems
        edited = self._reparse(changes)
        corrected, places_changed = self._load_corrections() if changes.corrections else (False, False)
        phases["parse"] = time.perf_counter() - started
        relink = bool(edited) or corrected
        nothing_to_redo = not (relink or changes.templates or changes.assets or self._render_problems)
        if nothing_to_redo and self.problems == problems_before:
            return Rebuild(0, 0, self.problems, time.perf_counter() - started, False, phases)
        redo = self._relink(phases, edited=None if corrected else edited) if relink else None
        if changes.templates or changes.assets:
            self._new_environment(assets=changes.assets)
        everything = changes.assets or places_changed or (redo is not None and redo.every_page)
        to_render: dict[str, Page] = dict(redo.pages) if redo else {}
        gone = redo.gone if redo else ()
        if everything:
            to_render = {page.path: page for page in self._pages}
        else:
            if changes.templates:
                to_render.update((page.path, page) for page in self._using_templates(changes.templates))
            if self._render_problems:
                to_render.update((page.path, page) for page in self._pages if page.path in self._render_problems)
        gone_set = set(gone)
        for path in [p for p in self._render_problems if p in gone_set]:
            del self._render_problems[path]
        files = self._render(to_render.values(), phases)
        if changes.assets:
            assets = self._require_assets()
            files |= dict(assets.files)
            gone += tuple(path for path in self._digests if path.startswith("assets/") and path not in assets.files)
        clock = time.perf_counter()
        written = self._write(files, gone)
        phases["write"] = time.perf_counter() - clock
        seconds = time.perf_counter() - started
        rendered = sum(1 for path in files if path in to_render)
        return Rebuild(rendered, len(written), self.problems, seconds, False, phases, written)

    # -- what changed --------------------------------------------------------------------------------

    def _sort(self, changed: Iterable[Path]) -> _Changes:
        """The changed paths by kind; anything outside the content and templates folders is ignored."""
        changes = _Changes()
        for raw in changed:
            path = raw.absolute()
            if self._content in path.parents:
                if path == self._content / CORRECTIONS_FILE:
                    changes.corrections = True
                elif is_record_file(path):
                    changes.records.add(path)
                elif path.is_dir() or not path.exists():
                    changes.folders.add(path)
            elif self._templates in path.parents:
                name = path.relative_to(self._templates).as_posix()
                if name.startswith(tuple(folder + "/" for folder in _ASSET_FOLDERS)):
                    changes.assets = True
                elif not path.is_dir():
                    changes.templates.add(name)
        for folder in changes.folders:  # a folder moved or deleted: its records went with it
            changes.records.update(p for p in self._records if folder in p.parents)
            changes.records.update(p.absolute() for p in record_paths([folder]) if folder.is_dir())
        return changes

    def _reparse(self, changes: _Changes) -> set[Path]:
        """Re-read the changed records; those whose last good version changed (edited, added or deleted)."""
        edited: set[Path] = set()
        for path in changes.records:
            before = self._records.get(path)
            if path.is_file():
                self._parse(path)
            else:
                self._records.pop(path, None)
                self._parse_problems.pop(path, None)
            if self._records.get(path) is not before:
                edited.add(path)
        return edited

    def _parse(self, path: Path) -> None:
        """Parse one record; on failure keep its last good version and remember the problem."""
        try:
            record = keep_excerpts(load_record(self._display(path)))
        except ParseError as error:
            self._parse_problems[path] = str(error)
            return
        self._parse_problems.pop(path, None)
        if record != self._records.get(path):  # saved unchanged (or fixed back as it was): nothing to redo
            self._records[path] = kept_in(self._text_store, record)

    def _display(self, path: Path) -> Path:
        """The path as `build` names it: under the content folder as the author gave it."""
        return self.content_dir / path.relative_to(self._content)

    def _load_corrections(self) -> tuple[bool, bool]:
        """Read the corrections file; whether they changed, and whether the places among them did.

        When the file is wrong, the last good corrections stay and the problem is reported.
        """
        try:
            corrections = load_corrections(self.content_dir / CORRECTIONS_FILE)
        except ConfigError as error:
            self._corrections_problem = str(error)
            return False, False
        self._corrections_problem = None
        places_changed = (corrections.added_cities(), corrections.suppressed_places()) != (
            self._corrections.added_cities(), self._corrections.suppressed_places())
        changed = corrections != self._corrections
        self._corrections = corrections
        return changed, places_changed

    # -- linking and rendering -----------------------------------------------------------------------

    def _relink(self, phases: dict[str, float], edited: set[Path] | None = None) -> _Redo | None:
        """The graph and page specs of the current records, and the pages to redo because of the `edited` ones.

        Edits that leave each record's meeting and speakers as they were are relinked record by record,
        and only the specs of the pages showing what they changed are made again; anything else (or no
        `edited`, after the corrections changed) links the whole archive and makes every spec again.
        """
        clock = time.perf_counter()
        old_graph, old_pages = self._graph, self._pages
        edits = self._relink_in_place(old_graph, edited) if old_graph is not None and edited else None
        if edits is None:
            self._link_everything()
        else:
            self._outline = None  # of a graph no longer the current one: it would only keep that graph alive
        phases["link"] = time.perf_counter() - clock
        clock = time.perf_counter()
        change = self._spec_change(edits) if edits else None
        redo: _Redo | None = None
        if change is not None and self._specs_kept < SPECS_KEPT_LIMIT:
            redo = self._change_specs(change)
        elif change is not None:
            came = any(page.path not in self._paths_indexed() for page in change.pages)
            sitemap_before = self._sitemap_paths()
            self._specify_all()
            sitemap = self._sitemap_paths()
            wanted = {page.path for page in change.pages} | (set(sitemap) if change.gone or came else set())
            redo = _Redo({page.path: page for page in self._pages if page.path in wanted},
                         (*change.gone, *(path for path in sitemap_before if path not in sitemap)))
        else:
            self._specify_all()
            if old_graph is not None and self._graph is not old_graph:
                outline = self._outline_of(old_graph, old_pages)
                self._outline = (self.graph, self._pages, SiteOutline.of(self.graph, self._pages))
                paths = pages_to_redo(outline, self._outline[2], {str(self._display(p)) for p in edited or ()})
                redo = _Redo({page.path: page for page in self._pages if page.path in paths.paths},
                             paths.gone, paths.every_page)
        phases["pages"] = time.perf_counter() - clock
        return redo

    def _spec_change(self, edits: Sequence[Relinked | Respoken]) -> SpecChange | None:
        """The fresh specs of the pages the edits relinked in place changed, or None if every spec must be made
        again: the edits of paragraphs (`pages_showing`), or one edit of speakers (`pages_respoken`)."""
        relinked = [edit for edit in edits if isinstance(edit, Relinked)]
        if len(relinked) == len(edits):
            return pages_showing(relinked)
        if len(edits) == 1 and isinstance(edits[0], Respoken):
            return pages_respoken(edits[0], self._paths_indexed())
        return None

    def _outline_of(self, graph: SiteGraph, pages: tuple[Page, ...]) -> SiteOutline:
        """The outline of the graph and its specs: the one the last full relink made of them, if they are still
        its own."""
        if self._outline is not None and self._outline[0] is graph and self._outline[1] is pages:
            return self._outline[2]
        return SiteOutline.of(graph, pages)

    def _specify_all(self) -> None:
        """Every page's spec made from the current graph."""
        self._pages, self._page_index, self._specs_kept = site_pages(self.graph), {}, 0

    def _paths_indexed(self) -> dict[str, int]:
        """Where each page's spec is in `_pages`, by path."""
        if not self._page_index:
            self._page_index = {page.path: i for i, page in enumerate(self._pages)}
        return self._page_index

    def _change_specs(self, change: SpecChange) -> _Redo:
        """The specs changed as `change` says, and the pages to redo for it: its own, and the sitemap when pages
        came or went."""
        fresh = {page.path: page for page in change.pages}
        pages, sitemap_gone = self._pages_changed(fresh, change)
        self._pages = tuple(pages)
        self._specs_kept += 1
        return _Redo(fresh, (*change.gone, *sitemap_gone))

    def _pages_changed(self, fresh: dict[str, Page], change: SpecChange) -> tuple[list[Page], list[str]]:
        """The specs with those at the paths of `fresh` replaced by them, those `gone` taken out, those new added,
        and the sitemap's pages changed to match (those changed then go in `fresh` too); and the paths of the
        sitemap's parts no longer on the site.

        A spec taken out is replaced by the last one, and a new one goes last: the sitemap sorts the pages it lists,
        and the others keep their places (at 10,000 records, placing a new speaker's page among the 60,000 made every
        spec after it move, and its place in `_page_index` with it: 14 ms an added turn).
        """
        index = self._paths_indexed()
        pages = list(self._pages)
        for path in change.gone:
            _take_out(pages, index, path)
        came = [path for path in fresh if path not in index]
        for page in fresh.values():
            _put(pages, index, page)
        if not (change.gone or came):
            return pages, []
        changed, sitemap_gone = sitemap_changed(_sitemap(pages, index), change.gone, came)
        for page in changed:
            _put(pages, index, page)
            fresh[page.path] = page
        for path in sitemap_gone:
            _take_out(pages, index, path)
        return pages, sitemap_gone

    def _sitemap_paths(self) -> list[str]:
        """The site paths of the sitemap's index and parts."""
        return [page.path for page in _sitemap(self._pages, self._paths_indexed())]

    def _link_everything(self) -> None:
        claimed = claim_symbols(self._records[p] for p in sorted(self._records))
        before = self._graph
        try:
            self._graph = self._linker.link(claimed.records, self._corrections)
            self._link_problems, self._link_failed = claimed.errors, False
        except PlenaryError as error:
            if self._graph is None:
                raise
            self._link_problems, self._link_failed = (*claimed.errors, str(error)), True
        if self._graph is not before:
            _people_worked_out(before, self._graph)

    def _relink_in_place(self, graph: SiteGraph, edited: set[Path]) -> list[Relinked | Respoken] | None:
        """The edited records replaced in the graph one by one, or None if one of them needs a full link."""
        if self._link_failed or not all(path in self._records for path in edited):
            return None
        edits: list[Relinked | Respoken] = []
        for path in sorted(edited):
            relinked = self._linker.relink(graph, self._records[path], self._corrections)
            if relinked is None:
                return None
            edits.append(relinked)
            graph = relinked.graph
        self._graph = graph
        return edits

    def _new_environment(self, *, assets: bool = True) -> None:
        """A fresh Jinja environment (templates changed), with the assets collected again if they changed."""
        if assets or self._assets is None:
            self._assets = collect_assets(self.templates_dir)
        self._env = site_environment(self.templates_dir, self._assets, keep_fragments=True)
        self._closures = {}

    def _require_assets(self) -> Assets:
        assert self._assets is not None
        return self._assets

    def _closure(self, template: str) -> frozenset[str] | TemplateError:
        """The templates a page template uses, or why it cannot be compiled."""
        assert self._env is not None
        if template not in self._closures:
            try:
                self._closures[template] = templates_used(self._env, template)
                self._env.get_template(template)
            except TemplateError as error:
                self._closures[template] = error
        return self._closures[template]

    def _using_templates(self, names: set[str]) -> list[Page]:
        """The pages whose template is, or uses, one of the named templates (or cannot be compiled now)."""
        pages: list[Page] = []
        for page in self._pages:
            used = self._closure(page.template)
            if isinstance(used, TemplateError) or used & names:
                pages.append(page)
        return pages

    def _render(self, pages: Iterable[Page], phases: dict[str, float]) -> dict[str, bytes]:
        """The pages rendered; one that fails keeps its last good version, and the failure is a problem."""
        clock = time.perf_counter()
        assert self._env is not None
        pages = list(pages)
        with collector_running():  # rendering here makes garbage cycles: an edit's would stay for the session
            files = self._render_in_bulk(pages) if len(pages) >= PARALLEL_PAGES else {}
            for page in pages:
                if page.path in files:
                    self._render_problems.pop(page.path, None)
                elif (content := self._render_alone(page)) is not None:
                    files[page.path] = content
        phases["render"] = time.perf_counter() - clock
        return files

    def _render_into(self, folder: Path, phases: dict[str, float]) -> dict[str, bytes]:
        """Every page rendered into `folder` (the first build), pages written by the workers that render
        them; the digest of each page written, by path."""
        clock = time.perf_counter()
        assert self._env is not None
        with collector_running():  # pages rendered here (not in workers) make garbage cycles
            digests = self._render_in_bulk(self._pages, into=folder)
            for page in self._pages:
                if page.path in digests:
                    self._render_problems.pop(page.path, None)
                elif (content := self._render_alone(page)) is not None:
                    write_file(folder, page.path, content)
                    digests[page.path] = digest(content)
        phases["render"] = time.perf_counter() - clock
        return digests

    def _render_alone(self, page: Page) -> bytes | None:
        """One page rendered, or None: unchanged (an index page), or failing (the failure is then a problem)."""
        assert self._env is not None
        used = self._closure(page.template)
        try:
            if isinstance(used, TemplateError):
                raise used
            if page.lists_all and self._same_as_before(page):
                return None
            content = render_page(self._env, page)
        except TemplateError as error:
            self._render_problems[page.path] = self._template_problem(error, page.template)
            self._index_contexts.pop(page.path, None)
            return None
        self._render_problems.pop(page.path, None)
        return content

    def _render_in_bulk(self, pages: Sequence[Page], into: Path | None = None) -> dict[str, bytes]:
        """The pages that are not index pages, rendered on every core (written `into` a folder when given:
        then their digests).

        Nothing if any of them fails: each is then rendered alone, so the failure names its page.
        """
        assert self._env is not None
        bulk = [p for p in pages if not p.lists_all and not isinstance(self._closure(p.template), TemplateError)]
        try:
            return render_pages(self._env, bulk) if into is None else write_pages(self._env, bulk, into)
        except TemplateError:
            return {}

    def _same_as_before(self, page: Page) -> bool:
        """True when an index page would be rendered from the same values through the same templates as last time.

        Index pages change with any record but show little of each: most edits leave them as they were,
        and comparing what they show is much quicker than rendering the longest pages of the site.
        """
        context = dict(page.context)
        before = self._index_contexts.get(page.path)
        self._index_contexts[page.path] = (self._env, context)
        return before is not None and before[0] is self._env and before[1] == context

    def _template_problem(self, error: TemplateError, template: str) -> str:
        """`templates/meeting.html:12: message` for a template that fails to compile or to render."""
        name, line = template, 0
        if isinstance(error, TemplateSyntaxError):
            name, line = error.name or template, error.lineno
        else:
            for frame in traceback.extract_tb(error.__traceback__):
                path = Path(frame.filename).absolute()
                if self._templates in path.parents:
                    name, line = path.relative_to(self._templates).as_posix(), frame.lineno or 0
        message = getattr(error, "message", None) or str(error)
        return f"{self.templates_dir / name}:{line}: {type(error).__name__}: {message}"

    def _write(self, files: Mapping[str, bytes], gone: Iterable[str]) -> tuple[str, ...]:
        """Write the files whose bytes changed and remove those gone; their paths, sorted."""
        digests = {path: digest(content) for path, content in files.items()}
        fresh = {path: files[path] for path, digest in digests.items() if self._digests.get(path) != digest}
        removed = [path for path in dict.fromkeys(gone) if path in self._digests]
        if fresh or removed:
            with self._lock():
                update_files(fresh, self.output_dir)
                remove_files(removed, self.output_dir)
        for path in removed:
            self._digests.pop(path, None)
        self._digests.update({path: digests[path] for path in fresh})
        return tuple(sorted([*fresh, *removed]))

    def _lock(self) -> threading.Lock | nullcontext[None]:
        return self._files_lock if self._files_lock is not None else nullcontext()


def _sitemap(pages: Sequence[Page], index: Mapping[str, int]) -> list[Page]:
    """The specs of the sitemap's index and parts, of `pages` (`index` says where each is)."""
    sitemap = pages[index[SITEMAP]]
    return [sitemap, *(pages[index[path]] for path in sitemap_part_paths(sitemap))]


def _put(pages: list[Page], index: dict[str, int], page: Page) -> None:
    """The spec in `pages` in place of the one at its path, or last if new; `index` says where each is."""
    at = index.get(page.path)
    if at is None:
        index[page.path] = len(pages)
        pages.append(page)
    else:
        pages[at] = page


def _take_out(pages: list[Page], index: dict[str, int], path: str) -> None:
    """The spec at `path` taken out of `pages`, the last one put in its place; `index` says where each is."""
    at, last = index.pop(path), pages.pop()
    if last.path != path:
        pages[at] = last
        index[last.path] = at


def _people_worked_out(before: SiteGraph | None, graph: SiteGraph) -> None:
    """What people's pages show of each person's companions and cities, worked out ahead for the edits to come,
    which render their pages again (at 10,000 records, a date moved into another year renders about 35 and took
    60-80 ms longer working out their companions): everyone's after the first link, before its pages are rendered
    in two processes (which would each work out theirs, and keep them only in one); after a full link, the
    companions and cities the last graph's tables knew that still hold."""
    if before is None:
        for table in (graph.co_speakers, graph.cities_by_person):
            if isinstance(table, PerPerson):
                table.work_out_everyone()
        return
    if isinstance(graph.co_speakers, CoSpeakers) and isinstance(before.co_speakers, CoSpeakers):
        graph.co_speakers.keep_known(before.co_speakers)
    if isinstance(graph.cities_by_person, CitiesNamed) and isinstance(before.cities_by_person, CitiesNamed):
        graph.cities_by_person.keep_known(before.cities_by_person)


@contextmanager
def _collector_paused(*, collect: bool, thaw: bool = True) -> Iterator[None]:
    """No cycle collection while (re)building; then what was built is frozen out of the collector's sight.

    A large site is millions of objects that live until an edit replaces a piece of them, and
    none of them are in reference cycles: walking them again and again made a rebuild a third
    slower. Objects freed later are still freed (by reference counting); only cyclic garbage
    among them would stay, so a collection runs first when some is likely (`collect`): a full one
    (`thaw`) when the garbage may be among what was frozen before (a replaced template environment).
    """
    with collector_paused():
        try:
            yield
        finally:
            if collect:
                if thaw:
                    gc.unfreeze()
                gc.collect()
            gc.freeze()


@dataclass(frozen=True, slots=True)
class _Redo:
    """The pages a relink makes to be redone."""

    pages: Mapping[str, Page]
    """The pages to render, by path."""
    gone: tuple[str, ...] = ()
    """The paths of pages no longer on the site."""
    every_page: bool = False
    """Every page must be redone (the set of countries, in every page's navigation, changed)."""
