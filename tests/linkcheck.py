"""Checks for a rendered site: every internal link and `#anchor` resolves, every page is well-formed.

Works on the renderer's output (`{path: bytes}`) or on a built folder (`check_site(Path("site"))`).
Each check returns a list of problems as `page: message`; an empty list means all is well.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
"""HTML elements that never have an end tag."""
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "image": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "form": "action",
}
"""Which attribute of which element points at another resource."""
IGNORED_PREFIXES = ("/pagefind/",)
"""Written after rendering by the search indexer; not there to check in the renderer's output."""


@dataclass
class PageScan:
    """What one HTML page holds: its ids, its outgoing links, and its structural problems."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    """Collects ids and links, and checks that non-void elements open and close in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self.stack: list[tuple[str, int]] = []

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident = values.get("id")
        if ident is not None:
            if ident in self.scan.ids:
                self.scan.problems.append(f"line {self.getpos()[0]}: duplicate id {ident!r}")
            self.scan.ids.add(ident)
        target = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if target is not None:
            self.scan.links.append(target)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.scan.problems.append(f"line {self.getpos()[0]}: end tag for void element <{tag}>")
        elif not self.stack or self.stack[-1][0] != tag:
            opened = f"<{self.stack[-1][0]}> from line {self.stack[-1][1]}" if self.stack else "nothing"
            self.scan.problems.append(f"line {self.getpos()[0]}: </{tag}> closes {opened}")
        else:
            self.stack.pop()


def scan_page(html: str) -> PageScan:
    """Parse one page: ids, links and structural problems (unbalanced or unclosed tags)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    scanner.scan.problems += [f"line {line}: <{tag}> is never closed" for tag, line in scanner.stack]
    return scanner.scan


def check_well_formed(html: str) -> list[str]:
    """Structural problems of one page: every non-void element closed, in order; ids unique."""
    return scan_page(html).problems


def page_url(path: str) -> str:
    """The site URL a file is served at: `meetings/x/index.html` is `/meetings/x/`."""
    return "/" + path[: -len("index.html")] if path.endswith("index.html") else "/" + path


def resolve(source: str, link: str) -> tuple[str, str] | None:
    """The site file and fragment a link from page `source` points to; None for links off the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    base = page_url(source)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path))) if parts.path else base
    if parts.path.endswith("/") and not target.endswith("/"):
        target += "/"
    file = target.lstrip("/") + ("index.html" if target.endswith("/") else "")
    return file, unquote(parts.fragment)


def _exists(file: str, files: Mapping[str, object]) -> str | None:
    """The file a URL is served from, allowing Netlify's `/a` for `/a/index.html`."""
    for candidate in (file, file.rstrip("/") + "/index.html"):
        if candidate in files:
            return candidate
    return None


def check_links(files: Mapping[str, bytes], *, ignore: Iterable[str] = IGNORED_PREFIXES) -> list[str]:
    """Every internal link of every HTML file resolves to a file of the site, and every `#anchor` to an id there."""
    scans = {path: scan_page(content.decode("utf-8")) for path, content in files.items() if path.endswith(".html")}
    skipped = tuple(ignore)
    problems: list[str] = []
    for source, scan in scans.items():
        for link in scan.links:
            resolved = resolve(source, link)
            if resolved is None or ("/" + resolved[0]).startswith(skipped):
                continue
            file, fragment = resolved
            found = _exists(file, files)
            if found is None:
                problems.append(f"{source}: link {link!r} goes to {file}, which is not in the site")
            elif fragment and (found not in scans or fragment not in scans[found].ids):
                problems.append(f"{source}: link {link!r} names #{fragment}, which {found} does not have")
            elif link.endswith("#"):
                problems.append(f"{source}: link {link!r} has an empty fragment")
    return problems


def read_site(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site by site-relative path."""
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def check_site(site_dir: Path, *, ignore: Iterable[str] = ()) -> list[str]:
    """Links, anchors and structure of a built site folder (the search index is expected to be there)."""
    files = read_site(site_dir)
    pages = {path: content for path, content in files.items() if path.endswith(".html")}
    structure = [
        f"{path}: {problem}"
        for path, content in pages.items()
        for problem in check_well_formed(content.decode("utf-8"))
    ]
    return structure + check_links(files, ignore=ignore)
