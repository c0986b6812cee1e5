"""The `plenary` command line: parses arguments and hands each command to its module."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import PlenaryError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plenary", description="Build a website from United Nations meeting records.")
    parser.add_argument("--version", action="version", version=f"plenary {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="parse records and show what was understood")
    check.add_argument("paths", nargs="*", type=Path, default=[Path("content")], metavar="PATH",
                       help="record files or folders (default: content)")
    check.add_argument("--json", action="store_true", help="print the parsed model as JSON, one document per record")

    build = commands.add_parser("build", help="build the static site")
    _site_options(build)
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--strict", action="store_true", help="fail (exit 1) when any record has an error or warning")
    build.add_argument("--base-url", default="", help="absolute URL the site is published at, for the sitemap")
    build.add_argument("--output", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--no-cache", action="store_true",
                       help="parse every record and render every page again, neither reading nor keeping "
                            "parsed records or what the last build was made from in the cache")

    serve = commands.add_parser("serve", help="build, serve and rebuild on every change, reloading the browser")
    _site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    serve.add_argument("--no-cache", action="store_true",
                       help="parse every record at start, neither reading nor keeping parsed records in the cache")
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="records folder (default: content)")
    parser.add_argument("--templates", type=Path, default=Path("templates"),
                        help="templates folder (default: templates)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become a one-line message and exit code 1."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.command == "check":
            from generator.commands.check import check

            return check(args.paths, as_json=args.json)
        if args.command == "build":
            from generator.commands.build import build_command

            return build_command(args)
        from generator.commands.serve import serve_command

        return serve_command(args)
    except PlenaryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
