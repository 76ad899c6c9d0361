"""Shared fixtures: tiny sites on disk, the CLI, parsed HTML, loopback servers, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
TODAY = "2026-11-27"


def skip_untried_markdown_it() -> None:
    """Skip a test of markdown.light_made's output where the installed markdown-it-py is
    not one of adapters.MARKDOWN_IT_TRIED: builds then parse every body with markdown-it
    (the same HTML, slower), so a new release must not fail the suite on the day it comes
    out; what to do is said in the reason."""
    from sitegen import adapters

    if not adapters.markdown_it_tried():
        pytest.skip(
            f"markdown-it-py {adapters.markdown_it_version()} is not in "
            "adapters.MARKDOWN_IT_TRIED, so builds do not use the direct path: add it, "
            "then run tests/test_markdown.py and tests/test_adapters.py"
        )


# A minimal valid site; tests overlay or delete files to make the case they need.
BASE_FILES: dict[str, str] = {
    "content/site.yaml": 'title: "Test timeline"\nbase_url: "https://example.org/t/"\n',
    "content/sources.yaml": (
        "wire:\n"
        '  title: "A wire report"\n'
        '  publisher: "Wire"\n'
        '  url: "https://example.org/wire"\n'
        '  published: "2024-07-08"\n'
    ),
    "content/people/ada-lovelace.md": (
        '---\nname: "Ada Lovelace"\nrole: "Analyst"\ncountry: testland\n---\nA biography.\n'
    ),
    "content/countries/testland.md": '---\nname: "Testland"\niso: FR\n---\nNotes.\n',
    "content/events/first.md": (
        "---\n"
        'title: "The first event"\n'
        'summary: "Something happened."\n'
        'date: "2024-07-08"\n'
        "people: [ada-lovelace]\n"
        "countries: [testland]\n"
        "sources: [wire]\n"
        "---\n"
        "It happened, said [[ada-lovelace]] [@wire].\n"
    ),
}


def write_site(root: Path, files: dict[str, str | bytes | None], base: bool = True) -> Path:
    """Write a site: BASE_FILES (unless base=False) overlaid with `files` (None deletes)."""
    merged: dict[str, str | bytes | None] = dict(BASE_FILES) if base else {}
    merged.update(files)
    for rel, text in merged.items():
        path = root / rel
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run(*args: str | Path) -> CliResult:
    """Run the sitegen CLI in-process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return CliResult(code, out.getvalue(), err.getvalue())


def every_problem(*args: str | Path) -> list[str]:
    """`sitegen check ARGS --format json`'s problems, each written as the text output
    writes one (`path:line:col: severity: message [code]`): the text output prints 20
    of one code in a file, then one line for the rest; the JSON lists every one."""
    import json

    listed = json.loads(run(*args, "--format", "json").out)
    return [
        f"{p['file']}:{p['line']}:{p['column']}: {p['severity']}: {p['message']} [{p['code']}]"
        for p in listed
    ]


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    """site({'content/events/x.md': '...'}) -> a site folder in tmp_path."""

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "site"
        if root.exists():
            shutil.rmtree(root)
        return write_site(root, files or {}, base)

    return make


def build(site_dir: Path, *extra: str) -> CliResult:
    return run("build", site_dir, "--today", TODAY, "--quiet", *extra)


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (the repository's content/, copied so that no test writes in the
    repository) built once; its output folder. Tests only read it."""
    root = tmp_path_factory.mktemp("sample") / "site"
    shutil.copytree(REPO / "content", root / "content")
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def static_server(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 under URL path `prefix`; yields the base URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_QuietHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(directory / "__missing__")
            return super().translate_path("/" + path[len(prefix) :])

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright; skips (fails under CI=true) without it."""
    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    try:
        yield p
    finally:
        context.close()


SCREENSHOTS = REPO / "tests" / "screenshots"


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def entry_topics(entry: Any) -> list[str]:
    """A timeline entry's topics, as site.js reads its filter data: its `data-t` are the
    places of its topics among its page's topic options."""
    page = entry.find_parent("html") or entry
    options = [str(i["value"]) for i in page.select("#finder fieldset[data-name=tag] input")]
    return [options[int(n)] for n in str(entry["data-t"]).split()]


def chip_slugs(entry: Any, kind: str) -> list[str]:
    """The slugs of a timeline entry's chips of `kind` (countries or people), as site.js
    reads its filter data: from the chips' addresses."""
    hrefs = (str(a["href"]).rstrip("/").split("/") for a in entry.select(".chips a"))
    return [parts[-1] for parts in hrefs if parts[-2] == kind]
