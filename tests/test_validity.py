"""Every page of the default site is valid HTML by the Nu HTML Checker, and the published site sends
the same Content-Security-Policy as `plenary serve`.

The checker is npm's `vnu-jar` (installed by `make test` with `npm ci`), run on the machine's Java
once over the whole built folder: one JVM start for every page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_fixture import BuiltSite

import generator.render.pages as pages_module
from generator.build import build
from generator.serve.http import CONTENT_SECURITY_POLICY

pytest_plugins = ["site_fixture"]

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NETLIFY = ROOT / "netlify.toml"
# A short run: the quick C1 compiler alone halves the checker's time here; its larger stack frames
# need the bigger thread stack that vnu asks for (without it, it overflows on the HTML schema).
JVM_OPTIONS = ["-Xss2m", "-XX:TieredStopAtLevel=1"]
# Errors only, as JSON on stdout; --verbose names each file checked, on stderr.
VNU_OPTIONS = ["--errors-only", "--format", "json", "--stdout", "--verbose", "--skip-non-html"]


def run_vnu(folder: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The checker's error messages for every HTML file under `folder`, and the files it checked."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML Checker needs Java 17 or newer", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: `make test` installs it (npm ci)", pytrace=False)
    done = subprocess.run(
        [java, *JVM_OPTIONS, "-jar", str(VNU), *VNU_OPTIONS, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages: list[dict[str, object]] = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        failure = f"the Nu HTML Checker failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        pytest.fail(failure, pytrace=False)
    checked = [line for line in done.stderr.splitlines() if line.endswith(".html")]
    return messages, checked


def where(message: dict[str, object], folder: Path) -> str:
    """`path:line: message`, the path relative to the site folder."""
    path = Path(unquote(urlsplit(str(message.get("url", ""))).path))
    name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)
    return f"{name}:{message.get('lastLine', '?')}: {message.get('message')}"


def test_every_page_of_the_default_site_is_valid_html(built_site: BuiltSite) -> None:
    folder = built_site.path.resolve()
    # Pagefind's bundle in pagefind/ is JavaScript, CSS, WebAssembly and index files: no HTML to skip.
    pages = sorted(folder.rglob("*.html"))
    messages, checked = run_vnu(folder)
    assert messages == [], "the Nu HTML Checker reports:\n" + "\n".join(where(m, folder) for m in messages)
    assert len(checked) == len(pages), f"the checker read {len(checked)} of the {len(pages)} pages"


def test_every_page_of_a_site_split_by_year_and_letter_is_valid_html(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages only a large archive has: speakers, cities and indexes too long for one page."""
    monkeypatch.setattr(pages_module, "SPLIT_FROM", 5)
    monkeypatch.setattr(pages_module, "INDEX_SPLIT_FROM", 5)
    folder = (tmp_path / "site").resolve()
    assert build(ROOT / "content", ROOT / "templates", folder, search=False).errors == ()
    assert (folder / "meetings/2018/index.html").is_file() and (folder / "speakers/s/index.html").is_file()
    messages, checked = run_vnu(folder)
    assert messages == [], "the Nu HTML Checker reports:\n" + "\n".join(where(m, folder) for m in messages)
    assert len(checked) == len(list(folder.rglob("*.html")))


def test_netlify_sends_the_content_security_policy_of_plenary_serve() -> None:
    config = tomllib.loads(NETLIFY.read_text(encoding="utf-8"))
    every_path = [rule["values"] for rule in config["headers"] if rule["for"] == "/*"]
    assert len(every_path) == 1
    assert every_path[0]["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_content_security_policy_allows_no_inline_script() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"].replace("'wasm-unsafe-eval'", "")
    assert "'unsafe-inline'" not in directives["style-src"]
