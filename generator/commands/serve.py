"""`plenary serve`: build into a private folder, serve it, rebuild on every change and reload the browser."""

from __future__ import annotations

import argparse
import errno
import shutil
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path
from typing import TextIO

from generator.errors import BuildError
from generator.incremental import DevSite, Rebuild
from generator.serve import LiveState, Watcher, start_http
from generator.serve.indexer import BackgroundIndexer


def serve_command(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
                  stop: threading.Event | None = None) -> int:
    """Serve until Ctrl-C (or until `stop` is set, for tests); 0 on a clean exit."""
    for folder, what in ((args.content, "content"), (args.templates, "templates")):
        if not folder.is_dir():
            raise BuildError(f"{what} folder {folder} does not exist (run from the site's root, or pass --{what})")
    dev_dir = Path(tempfile.mkdtemp(prefix="plenary-serve-"))
    live = LiveState()
    site = DevSite(args.content, args.templates, dev_dir, files_lock=live.files_lock)
    indexer = None if args.no_search else BackgroundIndexer(dev_dir, live.files_lock, err)
    try:
        first = site.build_all()
        _report(first, out, err)
        if indexer:
            indexer.request()
        server, _ = _listen(dev_dir, live, args.host, args.port)
        url = f"http://{args.host}:{server.server_port}/"
        live.publish(first.problems)

        def on_change(paths: set[Path]) -> None:
            rebuild = site.rebuild(paths)
            if rebuild.changed or rebuild.problems != live.current.problems:
                live.publish(rebuild.problems)
                if indexer and rebuild.changed:
                    indexer.request()
            _report(rebuild, out, err)

        watcher = Watcher([args.content, args.templates], on_change)
        watcher.start()
        print(f"serving {url} (watching {args.content}/ and {args.templates}/; Ctrl-C to stop)", file=out, flush=True)
        if args.open:
            webbrowser.open(url)
        try:
            (stop or threading.Event()).wait()
        except KeyboardInterrupt:
            print("\nstopping", file=out)
        watcher.stop()
        live.close()
        server.shutdown()
        server.server_close()
        return 0
    finally:
        if indexer:
            indexer.stop()
        shutil.rmtree(dev_dir, ignore_errors=True)


def _listen(dev_dir: Path, live: LiveState, host: str, port: int):  # type: ignore[no-untyped-def]
    try:
        return start_http(dev_dir, live, host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BuildError(f"port {port} on {host} is already in use: stop the other server or pass --port") from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise BuildError(f"cannot listen on {host}: no such address on this machine") from None
        raise BuildError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def _report(rebuild: Rebuild, out: TextIO, err: TextIO) -> None:
    for problem in rebuild.problems:
        print(f"error: {problem}", file=err, flush=True)
    print(rebuild.summary(), file=out, flush=True)
