"""The dev server's HTTP side: files from the site folder, and a Server-Sent Events channel for reloads.

It knows nothing about building: the builder calls `LiveState.publish` after each rebuild,
and every open page reloads itself (or shows the build's problems in an overlay).
"""

from __future__ import annotations

import json
import logging
import mimetypes
import posixpath
import socket
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

LIVE_PREFIX = "/__plenary/"
ASSETS_PREFIX = "/assets/"
"""Where the site's content-hashed assets are served from (`generator.render.assets.ASSETS_DIR`)."""
BUILD_TIMING = "plenary-build"
"""The `Server-Timing` entry naming the build an HTML page was served from (read by live.js)."""
LIVE_SCRIPT = Path(__file__).with_name("live.js")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_KEEPALIVE_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class BuildState:
    """What the browser is told after a build: a version to reload on, and any problems."""

    version: int
    problems: tuple[str, ...]
    reload: bool = True
    """False when the build changed no file (a record broke, or was fixed back as it was): only the overlay changes."""


class LiveState:
    """The latest build's version and problems; readers wait for the next one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._state = BuildState(0, ())
        self._closed = False
        self.files_lock = threading.Lock()
        """Held while the builder replaces files, so no response mixes two builds."""

    @property
    def current(self) -> BuildState:
        """The state of the latest build."""
        with self._condition:
            return self._state

    def publish(self, problems: tuple[str, ...], *, reload: bool = True) -> BuildState:
        """Announce a finished build to every open page: reload (if files changed) and show `problems`."""
        with self._condition:
            self._state = BuildState(self._state.version + 1, tuple(problems), reload)
            self._condition.notify_all()
            return self._state

    @property
    def closed(self) -> bool:
        """True once the server is stopping."""
        with self._condition:
            return self._closed

    def wait_after(self, version: int, timeout: float) -> BuildState | None:
        """The first state newer than `version`, or None after `timeout` or on shutdown."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self._state.version > version, timeout)
            return None if self._closed or self._state.version <= version else self._state

    def close(self) -> None:
        """Release every waiting event stream."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()


def resolve(site_dir: Path, url_path: str) -> Path | None:
    """The file a URL path names inside `site_dir`, or None if it would leave it or does not exist."""
    found = _inside(site_dir, url_path)
    if found is not None and found.is_dir():
        found = found / "index.html"
    return found if found is not None and found.is_file() else None


def _inside(site_dir: Path, url_path: str) -> Path | None:
    """The path a URL path names inside `site_dir` (file or folder), or None if it would leave it."""
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    normal = posixpath.normpath("/" + path)
    if any(part in ("..", ".") for part in normal.split("/")):
        return None
    root = site_dir.resolve()
    candidate = (root / normal.lstrip("/")).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate


def _is_folder(site_dir: Path, url_path: str) -> bool:
    """True when the URL path names a folder inside `site_dir`."""
    try:
        found = _inside(site_dir, url_path)
    except UnicodeDecodeError:
        return False
    return found is not None and found.is_dir()


def make_handler(site_dir: Path, live: LiveState) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one site folder and one live state."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "plenary-serve"
        protocol_version = "HTTP/1.1"
        _build: int | None = None

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s - %s", self.address_string(), format % args)

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def do_GET(self) -> None:
            if self.path.startswith(LIVE_PREFIX + "events"):
                self._stream_events()
            else:
                self._respond(head=False)

        def _respond(self, *, head: bool) -> None:
            self._build = None
            url = urlsplit(self.path)
            if url.path == LIVE_PREFIX + "live.js":
                self._send(HTTPStatus.OK, LIVE_SCRIPT.read_bytes(), "text/javascript; charset=utf-8", head)
                return
            if not url.path.endswith("/") and _is_folder(site_dir, url.path):
                self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
                return
            with live.files_lock:  # the builder replaces files under this lock: no response mixes two builds
                status, path, body = _read(site_dir, self.path)
                build = live.current.version
            content_type = _content_type(path)
            if content_type.startswith("text/html"):
                body = _inject_live_script(body)
                self._build = build
            # Assets are named by their content hash: a changed one has a new name, so the browser
            # may keep them, and a reload after a rebuild fetches only the page.
            immutable = status == HTTPStatus.OK and url.path.startswith(ASSETS_PREFIX)
            self._send(status, body, content_type, head, immutable=immutable)

        def _send(self, status: HTTPStatus, body: bytes, content_type: str, head: bool, *,
                  immutable: bool = False) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self._common_headers(immutable=immutable)
                self.end_headers()
                if not head:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                log.debug("client went away")

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _common_headers(self, *, immutable: bool = False) -> None:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-store")
            if self._build is not None:
                # Which build a page is from: if another finished before its event stream connected,
                # live.js sees a different version in the stream's hello and reloads.
                self.send_header("Server-Timing", f'{BUILD_TIMING};desc="{self._build}"')
                self._build = None
            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "same-origin")

        def _stream_events(self) -> None:
            self.close_connection = True
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self._common_headers()
            self.end_headers()
            state = live.current
            try:
                self._event("hello", state)
                while True:
                    newer = live.wait_after(state.version, _KEEPALIVE_SECONDS)
                    if newer is None:
                        if live.closed or not self._alive():
                            return
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        continue
                    state = newer
                    self._event("build", state)
            except (BrokenPipeError, ConnectionResetError, ValueError):
                return

        def _alive(self) -> bool:
            return not self.server.shutting_down  # type: ignore[attr-defined]

        def _event(self, name: str, state: BuildState) -> None:
            fields: dict[str, object] = {"version": state.version, "problems": list(state.problems)}
            if name == "build":
                fields["reload"] = state.reload
            data = json.dumps(fields)
            self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
            self.wfile.flush()

    return Handler


def _read(site_dir: Path, url_path: str) -> tuple[HTTPStatus, Path | None, bytes]:
    """The status, file and bytes answering a URL path: the file, or the site's 404 page."""
    for status, wanted in ((HTTPStatus.OK, url_path), (HTTPStatus.NOT_FOUND, "/404.html")):
        try:
            path = resolve(site_dir, wanted)
            if path is not None:
                return status, path, path.read_bytes()
        except (UnicodeDecodeError, OSError):
            continue
    return HTTPStatus.NOT_FOUND, None, b"<!doctype html><title>Not found</title>Not found"


def _content_type(path: Path | None) -> str:
    if path is None or path.suffix == ".html":
        return "text/html; charset=utf-8"
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix in (".js", ".mjs"):
        guessed = "text/javascript"
    textual = guessed.startswith("text/") or guessed.endswith(("json", "xml", "svg+xml"))
    return f"{guessed}; charset=utf-8" if textual else guessed


def _inject_live_script(html: bytes) -> bytes:
    """The page with the live-reload script added before `</head>`."""
    tag = f'<script src="{LIVE_PREFIX}live.js" defer></script>'.encode()
    head_end = html.find(b"</head>")
    return html[:head_end] + tag + html[head_end:] if head_end >= 0 else html + tag


class DevHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server whose handler threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a page load opens many connections at once; the default of 5 drops some
    shutting_down = False

    def shutdown(self) -> None:
        self.shutting_down = True
        super().shutdown()


class DevHTTPServer6(DevHTTPServer):
    """The same, on an IPv6 address."""

    address_family = socket.AF_INET6


def bind_http(site_dir: Path, live: LiveState, host: str, port: int) -> DevHTTPServer:
    """Take the address (port 0: any free port) without answering yet; raises OSError when it is taken.

    Connections made before `serve_in_background` wait in the listen queue, so the first
    build can run after the port is known to be free and before any page is served.
    """
    server_class = DevHTTPServer6 if ":" in host else DevHTTPServer
    return server_class((host, port), make_handler(site_dir, live))


def serve_in_background(server: DevHTTPServer) -> threading.Thread:
    """Answer requests in a background thread until `server.shutdown()`."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="plenary-http", daemon=True
    )
    thread.start()
    return thread


def start_http(site_dir: Path, live: LiveState, host: str, port: int) -> tuple[DevHTTPServer, threading.Thread]:
    """Start serving in a background thread; raises OSError when the address is taken."""
    server = bind_http(site_dir, live, host, port)
    return server, serve_in_background(server)
