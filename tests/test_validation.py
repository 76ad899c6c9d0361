"""Real validators on real output: the Nu HTML Checker, axe-core in Chromium, the real
TimelineJS3 loading timeline.json, and a crawl of a site hosted under a path.

The tools come from npm (package.json; `make test` installs them). Without them these
tests skip with the reason, except under CI=true, where a missing tool is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import REPO, SITES, static_server, write_site
from tests.test_publish import EDGE_EVENTS, EDGE_FILES, build_ok, copy_sample

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMELINEJS = REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
HOSTED = "https://example.org/timelines/kyiv/"


def missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"cannot validate under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample site and a newcomer's site, built once for this module."""
    tmp = tmp_path_factory.mktemp("validation")
    return {
        "sample": build_ok(copy_sample(tmp / "sample")),
        "edge": build_ok(write_site(tmp / "edge", EDGE_FILES)),
        "rosetta": build_ok(copy_rosetta(tmp / "rosetta")),
        "newsroom": build_ok(copy_rosetta(tmp / "newsroom", "newsroom")),
    }


def copy_rosetta(dest: Path, name: str = "rosetta") -> Path:
    """The second story of the test suite (tests/sites/rosetta), written by someone else;
    or another named site (newsroom: three timelines in one site)."""
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    return dest


# -- Nu HTML Checker -----------------------------------------------------------------------------


def test_every_page_passes_the_nu_html_checker(outputs: dict[str, Path]) -> None:
    java = shutil.which("java")
    if java is None:
        missing("java is not installed (the Nu HTML Checker needs it)")
    if not VNU.is_file():
        missing(f"vnu-jar is not installed at {VNU} (npm install, run by make test)")
    pages = sorted(str(p) for out in outputs.values() for p in out.rglob("*.html"))
    assert len(pages) > 50
    # one JVM for every file: vnu prints its JSON report on stderr
    proc = subprocess.run(
        [str(java), "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(proc.stderr or proc.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    shown = "\n".join(
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m.get('message')}" for m in errors[:20]
    )
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n{shown}"
    assert proc.returncode == 0, proc.stderr[-2000:]


# -- axe-core ------------------------------------------------------------------------------------

AXE_PAGES = {
    "sample": [
        "",
        "events/india-russia-summit-2024/",
        "people/narendra-modi/",
        "countries/india/",
    ],
    "edge": ["", "events/kyiv-strike/", "people/vitali-klitschko/", "countries/ukraine/"],
}


def block_the_internet(page: Any) -> list[str]:
    """Abort every request that is not to the loopback server; returns what was blocked."""
    blocked: list[str] = []

    def route(r: Any) -> None:
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1",):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


@pytest.mark.browser
@pytest.mark.parametrize("name", ["sample", "edge"])
def test_axe_reports_no_violations(outputs: dict[str, Path], page: Any, name: str) -> None:
    block_the_internet(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    checked = 0
    with static_server(outputs[name]) as base:
        for url in AXE_PAGES[name]:
            response = page.goto(base + url)
            assert response is not None and response.status == 200, url
            violations = run_axe(page)
            assert violations == [], f"{name}/{url}:\n{describe(violations)}"
            checked += 1
    assert errors == []
    assert checked == 4


# -- TimelineJS3 -----------------------------------------------------------------------------------

EMBED = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TimelineJS embed</title>
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script>
</head>
<body>
<div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
window.tlState = {ready: false, loaded: false};
fetch("site/timeline.json").then(function (r) { return r.json(); }).then(function (data) {
  window.tl = new TL.Timeline("timeline-embed", data);
  window.tl.on("ready", function () { window.tlState.ready = true; });
  window.tl.on("loaded", function () { window.tlState.loaded = true; });
});
</script>
</body>
</html>
"""


def timelinejs_slides(page: Any, root: Path, site_out: Path) -> tuple[list[str], list[str]]:
    """Load timeline.json into the real TimelineJS3: (slide ids found, page errors)."""
    (root / "tl").symlink_to(TIMELINEJS, target_is_directory=True)
    (root / "index.html").write_text(EMBED, encoding="utf-8")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with static_server(root) as base:
        assert site_out == root / "site"
        page.goto(base + "index.html")
        page.wait_for_function("window.tlState && window.tlState.loaded", timeout=20_000)
        ids: list[str] = page.evaluate(
            "() => Array.from(document.querySelectorAll('.tl-slide[id], .tl-slide [id]'),"
            " el => el.id)"
        )
    return ids, errors


@pytest.mark.browser
def test_timelinejs_loads_every_event(page: Any, tmp_path: Path) -> None:
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        missing("@knight-lab/timelinejs is not installed (npm install, run by make test)")
    blocked = block_the_internet(page)
    root = tmp_path / "served"
    root.mkdir()
    # the newcomer's site, with a base_url on the loopback server so its image loads too
    with static_server(root) as base:
        site = write_site(tmp_path / "edge", EDGE_FILES)
        build_ok(site, "--base-url", base + "site/", "--output", str(root / "site"))
    data = json.loads((root / "site" / "timeline.json").read_text(encoding="utf-8"))
    ids, errors = timelinejs_slides(page, root, root / "site")
    assert errors == [], errors
    for slug in EDGE_EVENTS:
        assert slug in ids, f"no TimelineJS slide for {slug}"
    assert len(data["events"]) == len(EDGE_EVENTS)
    assert [u for u in blocked if "127.0.0.1" in u] == []


@pytest.mark.browser
def test_timelinejs_loads_the_sample(page: Any, tmp_path: Path) -> None:
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        missing("@knight-lab/timelinejs is not installed (npm install, run by make test)")
    block_the_internet(page)
    root = tmp_path / "served"
    root.mkdir()
    build_ok(copy_sample(tmp_path / "sample"), "--output", str(root / "site"))
    ids, errors = timelinejs_slides(page, root, root / "site")
    assert errors == [], errors
    slugs = [p.name for p in (root / "site" / "events").iterdir()]
    assert len(slugs) == 9
    assert set(slugs) <= set(ids)


# -- hosted under a path ---------------------------------------------------------------------------


class Links(HTMLParser):
    """Every URL an HTML page asks the browser to fetch or lets a reader follow."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) and tag != "meta":
                self.urls.append(a[key] or "")
        if tag == "meta" and a.get("property") in ("og:url", "og:image") and a.get("content"):
            self.urls.append(a["content"] or "")


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def crawl(server: str, start: str) -> Iterator[tuple[str, str, int]]:
    """(page, link, status) for every internal link reachable from start."""
    seen: set[str] = set()
    queue = [start]
    checked: dict[str, int] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, ctype = fetch(url)
        checked[url] = status
        if status != 200:
            continue
        links: list[str] = []
        if "html" in ctype:
            parser = Links()
            parser.feed(body.decode("utf-8"))
            links = parser.urls
        elif "css" in ctype:
            links = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body.decode("utf-8"))
        for link in links:
            if link.startswith(HOSTED):  # absolute links to the site itself
                link = server + link[len(HOSTED) :]
            target = urljoin(url, link).split("#")[0].split("?")[0]
            if not target.startswith(server.split("/timelines/")[0]):
                continue  # an outside address (a source, Wikidata)
            if target not in checked:
                checked[target], _, _ = fetch(target)
            yield url, target, checked[target]
            if target.startswith(server) and (target.endswith("/") or target.endswith(".css")):
                queue.append(target)


@pytest.mark.parametrize("name", ["sample", "edge", "rosetta"])
def test_every_link_resolves_when_hosted_under_a_path(tmp_path: Path, name: str) -> None:
    if name == "sample":
        site = copy_sample(tmp_path / "site")
    elif name == "rosetta":
        site = copy_rosetta(tmp_path / "site")
    else:
        site = write_site(tmp_path / "site", EDGE_FILES)
    out = build_ok(site, "--base-url", HOSTED)
    broken: list[str] = []
    pages: set[str] = set()
    links = 0
    with static_server(out, prefix="/timelines/kyiv/") as server:
        for source, target, status in crawl(server, server):
            links += 1
            pages.add(source)
            if status != 200:
                broken.append(f"{source} -> {target}: {status}")
        # every file a host would publish is reachable at the path
        for extra in ("feed.xml", "sitemap.xml", "robots.txt", "events.ics", "timeline.json"):
            assert fetch(server + extra)[0] == 200, extra
        # the 404 page works wherever the host serves it: its links resolve from its
        # <base>, the site's path (without JavaScript; see test_reader_words for with)
        status, body, _ = fetch(server + "404.html")
        assert status == 200
        parser = Links()
        parser.feed(body.decode("utf-8"))
        base = re.search(r'<base href="([^"]*)"', body.decode("utf-8"))
        assert base is not None
        deep = urljoin(server + "no/such/deep/page/", base.group(1))
        for link in parser.urls:
            if link.startswith("#"):
                continue
            target = urljoin(deep, link).split("#")[0]
            if target.startswith(server.split("/timelines/")[0]) and fetch(target)[0] != 200:
                broken.append(f"404.html (at a deep path) -> {target}")
        # /embed/ of a site with timelines is kept for the iframes of articles that embedded
        # it before the site had timelines: linked from no page, but served
        if (site / "content" / "timelines").is_dir():
            assert fetch(server + "embed/")[0] == 200
    unlinked = {"404.html"} | (
        {"embed/index.html"} if (site / "content/timelines").is_dir() else set()
    )
    html_files = [p for p in out.rglob("*.html") if p.relative_to(out).as_posix() not in unlinked]
    assert broken == [], "\n".join(broken[:20])
    assert len(pages) >= len(html_files), "the crawl did not reach every page"
    assert links > 100
