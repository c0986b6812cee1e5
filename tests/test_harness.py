"""The test harness itself: the HTTP server and Chromium fixtures do what tests rely on."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness</title><link rel="icon" href="data:,"></head>
<body>
  <p id="status">waiting</p>
  <button type="button" id="go">Go</button>
  <script>
    document.getElementById("go").addEventListener("click", () => {
      document.getElementById("status").textContent = "clicked";
    });
  </script>
</body>
</html>
"""

BROKEN_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken</title><link rel="icon" href="data:,"></head>
<body>
  <img src="/missing.png" alt="">
  <script>console.error("boom");</script>
</body>
</html>
"""


@pytest.fixture
def public(tmp_path: Path) -> Path:
    """A folder to serve, beside a secret file that must stay out of reach."""
    root = tmp_path / "public"
    root.mkdir()
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    return root


def raw_get(base_url: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written: urllib and browsers would normalise `..` away first."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_served_directory_is_readable_over_http(serve_directory: Callable[[Path], str], public: Path) -> None:
    base = serve_directory(public)
    assert base.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(base + "/", timeout=5) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "text/html"
        assert "<title>Harness</title>" in response.read().decode()


def test_missing_file_is_a_404(serve_directory: Callable[[Path], str], public: Path) -> None:
    base = serve_directory(public)
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(base + "/nowhere/", timeout=5)
    assert error.value.code == 404


def test_two_directories_are_served_side_by_side(
    serve_directory: Callable[[Path], str], tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "name.txt").write_text(folder.name, encoding="utf-8")
    first_base, second_base = serve_directory(first), serve_directory(second)
    assert first_base != second_base
    for base, name in ((first_base, "first"), (second_base, "second")):
        with urllib.request.urlopen(base + "/name.txt", timeout=5) as response:
            assert response.read().decode() == name


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/a/../../secret.txt"])
def test_requests_outside_the_served_directory_are_refused(
    serve_directory: Callable[[Path], str], public: Path, path: str
) -> None:
    status, body = raw_get(serve_directory(public), path)
    assert status == 404
    assert b"top secret" not in body


def test_button_click_runs_the_page_script(
    serve_directory: Callable[[Path], str], public: Path, page: Page, request: pytest.FixtureRequest
) -> None:
    assert request.node.get_closest_marker("browser") is not None
    page.goto(serve_directory(public) + "/")
    expect(page.locator("#status")).to_have_text("waiting")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("#status")).to_have_text("clicked")
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert page.failed_requests == []  # type: ignore[attr-defined]


def test_page_records_console_errors_and_failed_requests(
    serve_directory: Callable[[Path], str], public: Path, page: Page
) -> None:
    base = serve_directory(public)
    page.goto(base + "/broken.html", wait_until="load")
    assert "boom" in page.console_errors  # type: ignore[attr-defined]
    assert f"404 GET {base}/missing.png" in page.failed_requests  # type: ignore[attr-defined]
