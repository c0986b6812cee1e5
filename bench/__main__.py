"""Plenary's benchmarks.

    python -m bench corpus N OUT_DIR [--seed S] [--jobs J] [--force]   write a corpus of N records
    python -m bench corpus --stats OUT_DIR                             measure one
    python -m bench run --sizes 100,1000 [--no-hugo] [--no-search]     the build table, Hugo side by side
    python -m bench serve-latency [--sizes default,1000]               save -> rebuilt -> reloaded in `serve`
    python -m bench search-latency SITE [--query Q] [--runs 3]         a reader's wait for search results
    python -m bench instructions CONTENT                               a build's CPU instructions, by phase
    python -m bench bounds SITE [--pages N]                            Pagefind alone on a site's searched pages
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from bench.corpus import corpus_stats, generate

TOOLS = {"run": "bench.run", "serve-latency": "bench.serve_latency", "search-latency": "bench.search_latency",
         "instructions": "bench.instructions", "bounds": "bench.bounds"}
"""Commands that are whole modules with their own options."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in TOOLS:
        module = importlib.import_module(TOOLS[argv[0]])
        return int(module.main(argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark tools for Plenary.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="build corpora of N records and print the table (see run --help)")
    commands.add_parser("serve-latency", help="time save -> rebuilt -> reloaded in plenary serve")
    commands.add_parser("search-latency", help="time a reader's search on a built site, to the first result")
    commands.add_parser("instructions", help="count a build's CPU instructions, phase by phase, under valgrind")
    commands.add_parser("bounds", help="time Pagefind alone on a built site's searched pages, and on their text alone")
    corpus = commands.add_parser(
        "corpus", help="write N realistic records recombined from the real ones, or measure a corpus",
        description="Write N record files and manifest.json into OUT_DIR (corpus N OUT_DIR), "
        "or print a corpus's statistics (corpus --stats OUT_DIR).",
    )
    corpus.add_argument("args", nargs="+", metavar="N OUT_DIR",
                        help="how many records and where (or OUT_DIR with --stats)")
    corpus.add_argument("--seed", type=int, default=0, help="the corpus is a function of the seed (default 0)")
    corpus.add_argument("--jobs", type=int, default=None, help="worker processes (default: up to 2)")
    corpus.add_argument("--force", action="store_true", help="replace records and manifest already in OUT_DIR")
    corpus.add_argument("--stats", action="store_true", help="print files, MB, distinct speakers, cities and words")
    args = parser.parse_args(argv)
    if args.stats:
        if len(args.args) != 1:
            parser.error("corpus --stats takes one argument: OUT_DIR")
        folder = Path(args.args[0])
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
        print(json.dumps(corpus_stats(folder, args.jobs)))
        return 0
    if len(args.args) != 2 or not args.args[0].isdigit() or int(args.args[0]) < 1:
        parser.error("corpus takes N (a whole number above 0) and OUT_DIR, or --stats OUT_DIR")
    summary = generate(int(args.args[0]), Path(args.args[1]), seed=args.seed, jobs=args.jobs, force=args.force)
    print(f"corpus: wrote {summary['records']:,} records, {summary['bytes'] / 1e6:,.1f} MB, "  # type: ignore[operator]
          f"in {summary['seconds']:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
