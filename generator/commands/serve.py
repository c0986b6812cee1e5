"""`plenary serve`: build into a private folder, serve it, rebuild on every change and reload the browser."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from generator.errors import BuildError, file_error
from generator.incremental import DevSite, Rebuild
from generator.record_cache import RecordCache
from generator.record_text import TextStore
from generator.serve import LiveState, Watcher
from generator.serve.http import DevHTTPServer, bind_http, serve_in_background
from generator.serve.indexer import BackgroundIndexer

log = logging.getLogger(__name__)


def serve_command(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr,
                  stop: threading.Event | None = None) -> int:
    """Serve until Ctrl-C (or until `stop` is set, for tests); 0 on a clean exit."""
    for folder, what in ((args.content, "content"), (args.templates, "templates")):
        _check_folder(folder, what)
    stop = stop or threading.Event()
    live = LiveState()
    # Everything the server writes lives in one temporary folder, removed on the way out:
    # the site itself (never `site/`), the records' texts and Pagefind's staging folders.
    work_dir = Path(tempfile.mkdtemp(prefix="plenary-serve-"))
    site_dir = work_dir / "site"
    (work_dir / "texts").mkdir()  # the records' texts are kept there, out of the server's memory
    server: DevHTTPServer | None = None
    answering: threading.Thread | None = None
    watcher: Watcher | None = None
    indexer: BackgroundIndexer | None = None
    serving = threading.Event()
    with _stop_on_signals(stop, serving), TextStore.temporary(work_dir / "texts") as texts:
        try:
            server = _listen(site_dir, live, args.host, args.port)
            print(f"building {args.content}/ ...", file=out, flush=True)
            site = DevSite(args.content, args.templates, site_dir, files_lock=live.files_lock,
                           record_cache=None if args.no_cache else RecordCache.for_content(args.content),
                           text_store=texts)
            first = _first_build(site)
            _report(first, out, err)
            live.publish(first.problems)
            serving.set()
            answering = serve_in_background(server)
            if not args.no_search:
                indexer = BackgroundIndexer(site_dir, work_dir, live.files_lock, err)
                indexer.request()
            watcher = Watcher([args.content, args.templates], _rebuilder(site, live, indexer, out, err))
            watcher.start()
            url = f"http://{_url_host(args.host)}:{server.server_port}/"
            print(f"serving {url} (watching {args.content}/ and {args.templates}/; Ctrl-C to stop)",
                  file=out, flush=True)
            if args.open:
                webbrowser.open(url)
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            if watcher is not None:
                watcher.stop()
            live.close()
            if answering is not None:
                server.shutdown()  # type: ignore[union-attr]
            if server is not None:
                server.server_close()
            if indexer is not None:
                indexer.stop()
            shutil.rmtree(work_dir, ignore_errors=True)
    print("stopped", file=out, flush=True)
    return 0


def _check_folder(folder: Path, what: str) -> None:
    """A clear error for a folder that is missing, not a folder, or cannot be read."""
    if not folder.exists():
        raise BuildError(f"{what} folder {folder} does not exist (run from the site's root, or pass --{what})")
    if not folder.is_dir():
        raise BuildError(f"{what} folder {folder} is not a folder")
    try:
        next(os.scandir(folder), None)
    except OSError as error:
        raise BuildError(f"cannot read the {what} folder {folder}: {error.strerror or error}") from None


def _first_build(site: DevSite) -> Rebuild:
    """The whole site; an unreadable file or folder, or a full disk, is a clear error, not a traceback."""
    try:
        return site.build_all()
    except OSError as error:
        raise file_error(error) from None


def _rebuilder(
    site: DevSite, live: LiveState, indexer: BackgroundIndexer | None, out: TextIO, err: TextIO
) -> Callable[[set[Path]], None]:
    """What the watcher calls with each settled burst of changed paths."""

    def on_change(paths: set[Path]) -> None:
        try:
            rebuild = site.rebuild(paths)
        except Exception as error:  # a bug must not stop the server; the author sees it in the page
            log.exception("rebuild failed")
            live.publish((f"rebuild failed: {type(error).__name__}: {error}",), reload=False)
            return
        if rebuild.changed or rebuild.problems != live.current.problems:
            live.publish(rebuild.problems, reload=rebuild.changed > 0)
        if indexer is not None and rebuild.changed:
            indexer.request()
        if rebuild.rendered or rebuild.changed or rebuild.problems:
            _report(rebuild, out, err)

    return on_change


@contextmanager
def _stop_on_signals(stop: threading.Event, serving: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the server: they set `stop`, and interrupt the first build if it is running.

    A second signal while stopping is ignored, so cleaning up is never cut short by a traceback.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        first = not stop.is_set()
        stop.set()
        if first and not serving.is_set():
            raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)


def _listen(site_dir: Path, live: LiveState, host: str, port: int) -> DevHTTPServer:
    try:
        return bind_http(site_dir, live, host, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise BuildError(f"port {port} on {host} is already in use: stop the other server or pass --port") from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise BuildError(f"cannot listen on {host}: no such address on this machine") from None
        if error.errno == errno.EACCES:
            raise BuildError(f"not allowed to listen on port {port}: pick one above 1023") from None
        raise BuildError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _url_host(host: str) -> str:
    """The host as it goes in a URL: IPv6 addresses in brackets, and any-address as localhost."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _report(rebuild: Rebuild, out: TextIO, err: TextIO) -> None:
    for problem in rebuild.problems:
        print(f"error: {problem}", file=err, flush=True)
    print(rebuild.summary(), file=out, flush=True)
