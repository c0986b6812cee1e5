"""What Pagefind takes to index a built site's searched pages, apart: the bound the tool sets on a build with search.

    python -m bench bounds SITE [--pages N]

SITE is a built site (`plenary build`, or a `site-N` folder that `bench run` left in its work folder). The
Pagefind binary the build runs indexes, one run at a time, into a scratch folder beside the site:

- *meeting pages*: the meeting pages (`meetings/<slug>/index.html`) as the site holds them;
- *their searched text alone*: what those pages' `data-pagefind-body` holds, less what it marks
  `data-pagefind-ignore`, as one paragraph of an otherwise bare page;
- *other searched pages*: every other page that marks a `data-pagefind-body` (the people's and cities').

For each it prints the pages, the megabytes Pagefind was given, its seconds and its CPU seconds (it runs on
every core). No build that indexes that text can index it faster with this Pagefind on this machine. Hugo's
bound on the render is `bench run`'s *Hugo s* column. `--pages N` takes the first N meeting pages only.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from generator.search import carries_body, html_pages, mirror, pagefind_executable, reported_counts

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
"""Elements without an end tag."""
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2",
                    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "td", "th", "tr",
                    "ul"})
"""Elements whose edges part the words on either side; inline ones (`em`, `a`) do not."""


@dataclass(frozen=True, slots=True)
class Bound:
    """One set of pages, indexed by Pagefind alone."""

    what: str
    pages: int
    """Pages given to Pagefind, which reported indexing as many."""
    bytes: int
    """Their size."""
    seconds: float
    cpu_seconds: float
    """Pagefind's user and system time."""


class _SearchedText(HTMLParser):
    """Collects the text inside `data-pagefind-body` elements, but for what they mark `data-pagefind-ignore`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[tuple[bool, bool]] = [(False, False)]  # (inside a body, inside an ignored element)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        body, ignored = self._open[-1]
        names = {name for name, _ in attrs}
        if tag not in VOID:
            self._open.append((body or "data-pagefind-body" in names, ignored or "data-pagefind-ignore" in names))
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and len(self._open) > 1:
            self._open.pop()
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        body, ignored = self._open[-1]
        if body and not ignored:
            self.parts.append(data)


def searched_text(html: str) -> str:
    """The text Pagefind indexes of a page that marks a `data-pagefind-body`, its white space collapsed."""
    parser = _SearchedText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def bare_page(text: str) -> str:
    """A page whose whole searched text is `text`, in one paragraph, without any other markup."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>page</title></head>"
            f"<body><main data-pagefind-body><p>{escape(text, quote=False)}</p></main></body></html>\n")


def meeting_pages(site: Path) -> list[Path]:
    """The site's meeting pages, site-relative and sorted."""
    return sorted(path.relative_to(site) for path in (site / "meetings").glob("*/index.html"))


def other_searched_pages(site: Path) -> list[Path]:
    """The site's other pages that mark a `data-pagefind-body`, site-relative and sorted; the index aside."""
    meetings = set(meeting_pages(site))
    return [relative for relative, _ in html_pages(site) if relative not in meetings and carries_body(site / relative)]


def measure(site: Path, pages: int | None = None) -> list[Bound]:
    """Pagefind's time on the site's meeting pages (the first `pages` of them), on their searched text alone, and on
    the site's other searched pages."""
    meetings = meeting_pages(site)[:pages]
    if not meetings:
        raise ValueError(f"{site} has no meeting pages (meetings/<slug>/index.html): is it a built site?")
    others = other_searched_pages(site)
    with tempfile.TemporaryDirectory(prefix=".bounds-", dir=site.parent) as scratch:  # hard links need one volume
        folder = Path(scratch)
        return [
            _indexed("meeting pages", mirror(site, meetings, folder / "meetings"), len(meetings)),
            _indexed("their searched text alone", _text_only(site, meetings, folder / "text"), len(meetings)),
            _indexed("other searched pages", mirror(site, others, folder / "others"), len(others)),
        ]


def _text_only(site: Path, pages: Sequence[Path], folder: Path) -> Path:
    """`folder`, holding a bare page of the searched text of each of the site's `pages` at the same relative path."""
    for relative in pages:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bare_page(searched_text((site / relative).read_text(encoding="utf-8"))), encoding="utf-8")
    return folder


def _indexed(what: str, folder: Path, count: int) -> Bound:
    """Pagefind run on the pages in `folder`, timed; an error if it indexed another number of pages than `count`."""
    size = sum(path.stat().st_size for path in folder.rglob("*.html"))
    command = [str(pagefind_executable()), "--site", str(folder), "--output-path", f"{folder}-index"]
    cpu_before, started = _children_cpu(), time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    indexed = reported_counts(run.stdout).get("page")
    if run.returncode != 0 or indexed != count:
        raise RuntimeError(f"Pagefind indexed {indexed} of {count} pages in {folder} (exit {run.returncode}):\n"
                           f"{run.stderr or run.stdout}")
    return Bound(what, count, size, seconds, cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def table(bounds: Sequence[Bound]) -> str:
    """The bounds as a Markdown table."""
    rows = ["| Pagefind alone on | pages | MB | seconds | CPU seconds |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {b.what} | {b.pages:,} | {b.bytes / 1e6:.1f} | {b.seconds:.2f} | {b.cpu_seconds:.2f} |"
             for b in bounds]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench bounds",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("site", type=Path, help="a built site")
    parser.add_argument("--pages", type=int, help="only the first N meeting pages")
    args = parser.parse_args(argv)
    try:
        bounds = measure(args.site, args.pages)
    except ValueError as error:
        parser.error(str(error))
    print(table(bounds))
    return 0
