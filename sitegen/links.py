"""`sitegen check --links`: is every source's url and archive_url still there, and every
remote picture (an event's, a person's or a timeline's `image.src` that is an address)?

Each address is asked with HEAD, then with GET when the server refuses HEAD (some answer
405, 501 or 403 to HEAD but serve the page), a few at a time, with a timeout, following
redirects. Answers are kept for a day in .sitegen-cache/links.json so that re-running a
check does not hammer the publishers. A broken link is a `link-broken` warning at the
source's (or the image's) line: the site still builds, and the editor can switch to the
archived copy, or to another picture.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPException
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic
from .model import Image, Origin, Site, Source
from .records import dataclass, value_methods

CACHE_FILE = "links.json"
MAX_AGE = 24 * 60 * 60
"""Seconds a result is trusted: a day."""
TIMEOUT = 10.0
"""Seconds to wait for a server before calling the link broken."""
WORKERS = 6
"""Requests in flight at once."""
USER_AGENT = f"sitegen/{__version__} link checker (+https://example.org/sitegen)"
WHOLE_REQUEST = 3
"""A request may take this many timeouts in all (connecting, redirects, headers, the
first bytes of a body), however its server spaces its bytes."""
RETRY_WITH_GET = {400, 403, 405, 406, 429, 501, 503}
"""HEAD answers that do not mean the page is gone: ask again with GET."""


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Outcome:
    """What one address answered."""

    ok: bool
    """The page is there (2xx after redirects)."""
    problem: str = ""
    """Why it is broken, for people: 'HTTP 404 Not Found', 'timed out after 10 s'."""
    checked: float = 0.0
    """When it was asked (Unix time)."""


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Target:
    """An address to ask, and where the site gives it."""

    origin: Origin
    where: tuple[str, ...]
    """Its key path in the file: ('url',), ('image', 'src')."""
    url: str
    source: Source | None = None
    """The source it is an address of, or None for a picture."""


def check_links(
    site: Site,
    cache_dir: Path | None,
    *,
    timeout: float = TIMEOUT,
    workers: int = WORKERS,
    max_age: float = MAX_AGE,
) -> list[Diagnostic]:
    """A `link-broken` warning for every source url or archive_url, and every remote
    picture, that does not answer. cache_dir None (`check --no-cache`): the answers of
    earlier runs are neither read nor kept."""
    targets = _targets(site.sources.values()) + _pictures(site)
    fresh = _answers(sorted({t.url for t in targets}), cache_dir, timeout, workers, max_age)
    out: list[Diagnostic] = []
    for target in targets:
        outcome = fresh[target.url]
        if outcome.ok:
            continue
        line, col = target.origin.at(*target.where)
        if target.source is not None:
            field = target.where[-1]
            advice = _advice(target.source, field, fresh)
        else:
            field = "image"
            advice = (
                "correct the address if the picture moved, or copy it into static/ and give "
                "its path"
            )
        out.append(
            Diagnostic(
                target.origin.path, line, col, "warning", "link-broken",
                f"{field} {target.url} is broken ({outcome.problem}); {advice}",
            )
        )  # fmt: skip
    return out


def _targets(sources: Iterable[Source]) -> list[Target]:
    out = []
    for source in sources:
        for field in ("url", "archive_url"):
            url = getattr(source, field)
            if url.startswith(("http://", "https://")):
                out.append(Target(source.origin, (field,), url, source))
    return out


def _pictures(site: Site) -> list[Target]:
    """Events', people's and timelines' pictures given as http(s) addresses (a path in
    static/ is checked by every `sitegen check`)."""
    owners: list[tuple[Origin, Image | None]] = [
        *((ev.origin, ev.image) for ev in site.events),
        *((p.origin, p.image) for p in site.people.values()),
        *((t.origin, t.image) for t in site.timelines.values()),
    ]
    return [
        Target(origin, ("image", "src"), image.src)
        for origin, image in owners
        if image is not None and image.src.startswith(("http://", "https://"))
    ]


def _advice(source: Source, field: str, outcomes: dict[str, Outcome]) -> str:
    if field == "archive_url":
        return "find another archived copy, or remove archive_url"
    if source.archive_url and outcomes.get(source.archive_url, Outcome(False)).ok:
        return (
            f"readers can still follow the archived copy ({source.archive_url}); correct url "
            "if the page moved"
        )
    return (
        "correct it if the page moved, or add archive_url: with a copy from an archive "
        "such as https://web.archive.org/"
    )


class _NoRedirectToOtherSchemes(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            return None
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"  # urllib turns a redirected HEAD into a GET
        return new


class _Deadline:
    """The whole time one request may take: `timeout` bounds each wait for a byte, so a
    server that trickles its headers or its body a byte at a time would hold a check for
    hours. When it passes, the request's sockets are shut down: the read waiting on one
    ends at once, in whichever thread it is."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            if sock is not None:
                self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket | None) -> None:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener whose connections tell `deadline` their sockets."""

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Plain, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Secure, req)

    return urllib.request.build_opener(_NoRedirectToOtherSchemes(), PlainHandler, SecureHandler)


def probe(url: str, timeout: float = TIMEOUT) -> Outcome:
    """Ask for `url` with HEAD, then GET if HEAD is refused; never raises."""
    now = time.time()
    first = _request(url, "HEAD", timeout)
    if (
        isinstance(first, int) and (first in RETRY_WITH_GET or first >= 500)
    ) or first == "disconnected":
        first = _request(url, "GET", timeout)
    if isinstance(first, int):
        if 200 <= first < 300:
            return Outcome(True, "", now)
        if 300 <= first < 400:
            return Outcome(
                False, f"{_status_text(first)}: redirects in a loop or away from the web", now
            )
        return Outcome(False, _status_text(first), now)
    return Outcome(False, first, now)


def _request(url: str, method: str, timeout: float) -> int | str:
    """The final HTTP status, or why there was none."""
    with _Deadline(timeout * WHOLE_REQUEST) as deadline:
        answer = _answer(url, method, timeout, deadline)
    if deadline.expired:  # (a status read before the cut is no answer: its end was cut)
        return f"no whole answer within {deadline.seconds:g} s (the server trickles it)"
    return answer


def _answer(url: str, method: str, timeout: float, deadline: _Deadline) -> int | str:
    req = urllib.request.Request(
        url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
    )
    try:
        with _opener(deadline).open(req, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # enough to know the body comes; never the whole page
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            host = urllib.parse.urlsplit(url).hostname
            return f"the host name {host} does not resolve (DNS)"
        if isinstance(reason, TimeoutError):
            return f"timed out after {timeout:g} s"
        if isinstance(reason, ConnectionRefusedError):
            return "the server refused the connection"
        return f"cannot connect: {reason}"
    except TimeoutError:
        return f"timed out after {timeout:g} s"
    except (ConnectionResetError, HTTPException) as exc:
        if method == "HEAD":
            return "disconnected"
        return f"the server broke off the answer ({type(exc).__name__})"
    except (OSError, ValueError) as exc:
        return f"cannot fetch it: {exc}"


def _status_text(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _answers(
    urls: list[str], cache_dir: Path | None, timeout: float, workers: int, max_age: float
) -> dict[str, Outcome]:
    """Each address's answer: from the cache when younger than max_age, else asked (and
    kept in the cache, unless cache_dir is None)."""
    cache_path = cache_dir / CACHE_FILE if cache_dir is not None else None
    cache = _read_cache(cache_path) if cache_path is not None else {}
    now = time.time()
    fresh = {u: o for u, o in cache.items() if u in urls and now - o.checked < max_age}
    todo = [u for u in urls if u not in fresh]
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
            for url, outcome in zip(todo, pool.map(lambda u: probe(u, timeout), todo), strict=True):
                fresh[url] = outcome
        cache.update(fresh)
        if cache_path is not None:
            _write_cache(cache_path, {u: o for u, o in cache.items() if now - o.checked < max_age})
    return fresh


def _read_cache(path: Path) -> dict[str, Outcome]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, Outcome] = {}
    if not isinstance(data, dict):
        return out
    for url, entry in data.items():
        try:
            out[str(url)] = Outcome(
                bool(entry["ok"]), str(entry["problem"]), float(entry["checked"])
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _write_cache(path: Path, cache: dict[str, Outcome]) -> None:
    data = {
        url: {"ok": o.ok, "problem": o.problem, "checked": o.checked}
        for url, o in sorted(cache.items())
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-links-")
    except OSError:
        return  # a cache that cannot be written only costs time next run
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
        os.replace(tmp, path)
    except OSError:  # (a full disk: the part written goes)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
