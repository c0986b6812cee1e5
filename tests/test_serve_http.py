"""The dev server's HTTP side: serves only the site folder, injects live reload, streams build events."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve.http import CONTENT_SECURITY_POLICY, LiveState, resolve, start_http


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "meetings" / "e-2018-sr-22").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><html><head><title>Home</title></head><body>home</body></html>")
    (root / "meetings" / "e-2018-sr-22" / "index.html").write_text("<html><head></head><body>meeting</body></html>")
    (root / "404.html").write_text("<html><head></head><body>not found</body></html>")
    (tmp_path / "secret.txt").write_text("secret")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[tuple[int, LiveState]]:
    live = LiveState()
    httpd, _ = start_http(site, live, "127.0.0.1", 0)
    yield httpd.server_port, live
    live.close()
    httpd.shutdown()
    httpd.server_close()


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_pages_are_served_with_the_live_reload_script_and_a_strict_policy(server: tuple[int, LiveState]) -> None:
    status, headers, body = get(server[0], "/")
    assert status == 200
    assert b'<script src="/__plenary/live.js" defer></script></head>' in body
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_folders_redirect_to_their_slash_and_serve_their_index(server: tuple[int, LiveState]) -> None:
    status, headers, _ = get(server[0], "/meetings/e-2018-sr-22")
    assert status == 301 and headers["Location"] == "/meetings/e-2018-sr-22/"
    assert get(server[0], "/meetings/e-2018-sr-22/")[2].startswith(b"<html><head><script")


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/meetings/../../secret.txt", "/%2E%2E%2Fsecret.txt",
             "/..%2fsecret.txt", "/%00", "/..\\secret.txt", "//etc/passwd", "/%ff%fe"]
)
def test_nothing_outside_the_site_folder_is_served(server: tuple[int, LiveState], path: str) -> None:
    status, _, body = get(server[0], path)
    assert status == 404
    assert b"secret" not in body and b"root:" not in body


def test_resolve_refuses_traversal_and_symlinks_out(site: Path) -> None:
    (site / "escape").symlink_to(site.parent)
    assert resolve(site, "/escape/secret.txt") is None
    assert resolve(site, "/index.html") == (site / "index.html").resolve()


def test_missing_pages_get_the_site_404_page(server: tuple[int, LiveState]) -> None:
    status, _, body = get(server[0], "/no/such/page/")
    assert status == 404 and b"not found" in body


def test_the_event_stream_announces_each_build(server: tuple[int, LiveState]) -> None:
    port, live = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/__plenary/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"event: hello\n"
    assert response.readline() == b'data: {"version": 0, "problems": []}\n'
    response.readline()
    live.publish(("content/x.md:3: no meeting date found",))
    assert response.readline() == b"event: build\n"
    assert b"content/x.md:3: no meeting date found" in response.readline()
    connection.close()


def test_clients_that_vanish_mid_stream_do_not_hurt_the_server(server: tuple[int, LiveState]) -> None:
    port, live = server
    for _ in range(20):
        raw = socket.create_connection(("127.0.0.1", port))
        raw.sendall(b"GET /__plenary/events HTTP/1.1\r\nHost: x\r\n\r\n")
        raw.close()
    live.publish(())
    assert get(port, "/")[0] == 200


def test_fifty_concurrent_requests_are_all_answered(server: tuple[int, LiveState]) -> None:
    results: list[int] = []
    lock = threading.Lock()

    def fetch() -> None:
        status = get(server[0], "/meetings/e-2018-sr-22/")[0]
        with lock:
            results.append(status)

    threads = [threading.Thread(target=fetch) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [200] * 50
