"""`sitegen check --links` against a server on 127.0.0.1: no test touches the internet."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from sitegen import links
from tests.conftest import TODAY, run

Site = Callable[..., Path]


class Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str]]] = []
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, method: str) -> None:
        with self.lock:
            self.hits.append((method, self.path))
        path = self.path
        if path == "/ok":
            self._send(200)
        elif path == "/gone":
            self._send(404)
        elif path == "/broken":
            self._send(500)
        elif path == "/no-head":
            self._send(405 if method == "HEAD" else 200)
        elif path == "/moved":
            self._send(301, {"Location": "/ok"})
        elif path == "/moved-away":
            self._send(301, {"Location": "/gone"})
        elif path == "/loop":
            self._send(302, {"Location": "/loop"})
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200)
        else:
            self._send(404)

    def _send(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        body = b"hello" if status == 200 else b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    Handler.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _sources(base: str, **entries: tuple[str, str]) -> str:
    text = ""
    for sid, (url, archive) in entries.items():
        text += f'{sid}:\n  title: "T {sid}"\n  publisher: "P"\n  url: "{url}"\n'
        if archive:
            text += f'  archive_url: "{archive}"\n'
    return text


def _event(ids: list[str]) -> str:
    return (
        '---\ntitle: "E"\ndate: "2024-07-08"\npeople: [ada-lovelace]\ncountries: [testland]\n'
        f"sources: [{', '.join(ids)}]\n---\nBody.\n"
    )


def _warnings(out: str) -> list[str]:
    return [line for line in out.splitlines() if "[link-broken]" in line]


def test_links_are_checked_and_broken_ones_reported_at_their_line(site: Site, server: str) -> None:
    entries = {
        "fine": (f"{server}/ok", ""),
        "gone": (f"{server}/gone", f"{server}/ok"),
        "broken": (f"{server}/broken", ""),
        "nohead": (f"{server}/no-head", ""),
        "moved": (f"{server}/moved", ""),
        "moved-away": (f"{server}/moved-away", ""),
        "loop": (f"{server}/loop", ""),
        "bad-archive": (f"{server}/ok", f"{server}/gone"),
    }
    root = site({
        "content/sources.yaml": _sources(server, **entries),
        "content/events/first.md": _event(list(entries)),
    })  # fmt: skip
    result = run("check", root, "--today", TODAY, "--links")
    assert "Traceback" not in result.err
    warnings = _warnings(result.out)
    lines = (root / "content/sources.yaml").read_text().splitlines()
    by_id = {}
    for w in warnings:
        line = int(w.split(":")[1])
        sid = next(lines[i][:-1] for i in range(line - 1, -1, -1) if not lines[i][0].isspace())
        by_id[sid] = w
    assert sorted(by_id) == ["bad-archive", "broken", "gone", "loop", "moved-away"]
    gone = by_id["gone"]
    assert gone.startswith("content/sources.yaml:8:8: warning: url ")
    assert "(HTTP 404 Not Found)" in gone
    assert f"readers can still follow the archived copy ({server}/ok)" in gone
    assert "(HTTP 500 Internal Server Error)" in by_id["broken"]
    assert "add archive_url:" in by_id["broken"]
    assert "archive_url " in by_id["bad-archive"] and "HTTP 404" in by_id["bad-archive"]
    assert "redirects in a loop" in by_id["loop"]
    assert result.code == 0  # warnings
    # HEAD first; GET only where HEAD was refused
    assert ("GET", "/no-head") in Handler.hits
    assert ("GET", "/ok") not in Handler.hits
    strict = run("check", root, "--today", TODAY, "--links", "--strict")
    assert strict.code == 1


def test_results_are_cached_for_a_day(site: Site, server: str) -> None:
    root = site({
        "content/sources.yaml": _sources(server, wire=(f"{server}/gone", "")),
    })  # fmt: skip
    first = run("check", root, "--today", TODAY, "--links")
    assert len(_warnings(first.out)) == 1
    cache = root / ".sitegen-cache" / "links.json"
    data = json.loads(cache.read_text())
    assert data[f"{server}/gone"]["ok"] is False
    hits = len(Handler.hits)
    second = run("check", root, "--today", TODAY, "--links")
    assert second.out == first.out
    assert len(Handler.hits) == hits  # answered from the cache
    # a day later the link is asked again
    data[f"{server}/gone"]["checked"] -= links.MAX_AGE + 1
    cache.write_text(json.dumps(data))
    run("check", root, "--today", TODAY, "--links")
    assert len(Handler.hits) > hits
    # a corrupt cache is ignored, not trusted
    cache.write_text("{not json")
    assert _warnings(run("check", root, "--today", TODAY, "--links").out) == _warnings(first.out)


def test_timeouts_refusals_and_dns_failures_are_broken(
    site: Site, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def fake_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    entries = {
        "slow": (f"{server}/slow", ""),
        "nohost": ("https://no-such-host.invalid/page", ""),
        "refused": (f"http://127.0.0.1:{port}/", ""),
    }
    root = site({"content/sources.yaml": _sources(server, **entries)})
    diags = _check(root, timeout=0.5)
    problems = {d.message.split(" ")[1]: d.message for d in diags}
    assert "timed out after 0.5 s" in problems[f"{server}/slow"]
    assert "no-such-host.invalid does not resolve" in problems["https://no-such-host.invalid/page"]
    assert "refused" in problems[f"http://127.0.0.1:{port}/"]
    assert {d.code for d in diags} == {"link-broken"}
    assert {d.severity for d in diags} == {"warning"}


def test_inline_sources_are_checked_at_their_line(site: Site, server: str) -> None:
    root = site({
        "content/events/first.md": (
            '---\ntitle: "E"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
            "countries: [testland]\nsources:\n  - wire\n"
            f'  - title: "Inline"\n    publisher: "P"\n    url: "{server}/gone"\n'
            "---\nBody [@wire].\n"
        ),
        "content/sources.yaml": _sources(server, wire=(f"{server}/ok", "")),
    })  # fmt: skip
    diags = _check(root)
    assert [(d.path, d.line, d.column) for d in diags] == [("content/events/first.md", 10, 10)]


def test_remote_pictures_are_checked_at_their_src(site: Site, server: str) -> None:
    def image(src: str) -> str:
        return f'image:\n  src: "{src}"\n  alt: "A picture"\n'

    root = site({
        "content/sources.yaml": _sources(server, wire=(f"{server}/ok", "")),
        "content/events/first.md": (
            '---\ntitle: "E"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
            f"countries: [testland]\nsources: [wire]\n{image(server + '/gone')}---\nBody.\n"
        ),
        "content/events/second.md": (
            '---\ntitle: "F"\ndate: "2024-07-09"\nsources: [wire]\n'
            f"{image(server + '/moved')}---\nBody.\n"
        ),
        "content/people/ada-lovelace.md": (
            f'---\nname: "Ada Lovelace"\n{image(server + "/broken")}---\nA biography.\n'
        ),
        "content/timelines/story.md": f'---\ntitle: "A story"\n{image(server + "/loop")}---\n',
        "content/events/third.md": (
            '---\ntitle: "G"\ndate: "2024-07-10"\nsources: [wire]\n'
            f"{image('/img/local.png')}---\nBody.\n"
        ),
        "static/img/local.png": TINY_PNG,
    })  # fmt: skip
    for name in ("first", "second", "third"):  # every event in the story
        path = root / "content" / "events" / f"{name}.md"
        path.write_text(path.read_text().replace("sources:", "timelines: [story]\nsources:", 1))
    result = run("check", root, "--today", TODAY, "--links")
    assert "Traceback" not in result.err
    found = {w.split(": warning: ")[0]: w for w in _warnings(result.out)}
    assert sorted(found) == [
        "content/events/first.md:9:8",
        "content/people/ada-lovelace.md:4:8",
        "content/timelines/story.md:4:8",
    ], result.out
    gone = found["content/events/first.md:9:8"]
    assert f"image {server}/gone is broken (HTTP 404 Not Found)" in gone
    assert "copy it into static/" in gone
    assert "HTTP 500" in found["content/people/ada-lovelace.md:4:8"]
    assert "redirects in a loop" in found["content/timelines/story.md:4:8"]
    assert ("HEAD", "/moved") in Handler.hits  # followed to /ok: fine
    assert not any(path.startswith("/img/") for _, path in Handler.hits)  # local: not fetched
    # the test server speaks http, and an http picture is an error of its own (mixed content)
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert len(errors) == 4 and all(line.endswith("[image-src]") for line in errors)
    assert result.code == 1


TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc8!'\x07\x00\x02\xb6\x01\x054\xa6u\xaa\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
"""A real 1x1 PNG: a local picture is decoded (image-broken), not only looked at."""


def _check(root: Path, **kwargs: Any) -> list[Any]:
    from sitegen.assemble import load_site

    loaded = load_site(root, __import__("datetime").date(2026, 11, 27))
    assert loaded.site is not None
    return links.check_links(loaded.site, root / ".sitegen-cache", **kwargs)
