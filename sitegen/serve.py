"""`sitegen serve`: build into memory, serve it, rebuild on every save, reload the browser.

Three threads share one `Snapshot` (the pages and what the last build said):
- the caller's, which binds the port, runs the first build and waits for Ctrl-C (in
  short naps: see `wait_for_ctrl_c`);
- the watcher's (watchfiles, inotify on Linux), which groups a burst of saves into one
  rebuild, runs it with the long-lived `Builder` (so only changed files are parsed and
  only affected pages rendered) and swaps in a new snapshot in one assignment;
- tornado's, which serves the snapshot and speaks the livereload protocol (official-7)
  to the browsers on /livereload.

We do not use python-livereload's `Server`: as released it drops a reload that comes
within 3 s of the previous one and polls every 0.8 s. Only its livereload.js is used.

Nothing is written to the site's output/: pages are served from memory, assets under
stable names (so a CSS change is swapped in place), and the livereload snippet and the
error overlay are added to HTML responses only as they are served.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import html
import ipaddress
import json
import mimetypes
import os
import re
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import tornado.httpserver
import tornado.ioloop
import tornado.web
import tornado.websocket
import watchfiles

from . import cardfonts
from .adapters import livereload_script
from .build import Builder
from .diagnostics import Diagnostic, format_text, internal, summary
from .errors import UsageError, WorkerStopped
from .load import is_content_path
from .options import Options
from .records import dataclass
from .sink import Deferred, Pages

PROTOCOL = "http://livereload.com/protocols/official-7"
WATCHED = ("content", "templates", "static")
"""Folders of the site that are watched (content/ holds site.yaml)."""
STEP_MS = 10
"""A burst of saves ends when nothing else changes for this long: then one rebuild."""
MAX_GROUP_MS = 1000
"""The longest a burst is grouped before a rebuild starts anyway."""
TICK_MS = 200
"""The watcher wakes this often when idle, to notice a new templates/ or static/ folder."""
GENERATION_PATH = "/__sitegen__/generation"
NAP_S = 0.2
"""The longest the main thread sleeps at a time while it waits for Ctrl-C."""
STOP_WAIT_S = 5.0
"""The longest `stop()` waits for the HTTP loop or an idle watcher, which end in
milliseconds: a bound, so that a bug there cannot hang Ctrl-C."""

# Editors' scratch files: vim's swap files and its 4913 probe, emacs' #autosave# and
# .#locks, JetBrains' ___jb_tmp___, backups~; hidden files are skipped too.
SCRATCH = re.compile(r"(^\.|^#.*#$|~$|\.sw[a-p]$|^4913$|___jb_\w+___$|\.tmp$|\.kate-swp$)")


@dataclass(frozen=True)
class Snapshot:
    """What the server serves; replaced whole by each rebuild, never changed in place."""

    pages: Pages
    """The last good site: output path -> bytes (feeds and data files made on request)."""
    problems: tuple[Diagnostic, ...] = ()
    """The diagnostics of the last build when it failed; empty when it succeeded."""
    generation: int = 0
    """Counts the rebuilds that changed what a browser shows."""

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass
class Rebuild:
    """What one rebuild did, for the terminal and the browsers."""

    ok: bool
    seconds: float
    changed: list[str] = field(default_factory=list)
    """Output paths added, changed or removed."""
    reloads: list[str] = field(default_factory=list)
    """The `path` of each livereload message sent (none when nothing visible changed)."""


def _file_stamp(path: str) -> str:
    """What tells that a file changed, or was replaced, without reading it ('' when it
    is gone): its inode, size, modification and change times."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _is_scratch(path: Path) -> bool:
    return bool(SCRATCH.search(path.name))


def url_path(rel: str) -> str:
    """'events/x/index.html' -> '/events/x/'."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def overlay_html(diagnostics: Sequence[Diagnostic], built_before: bool = True) -> str:
    """A fixed box with the diagnostics, exactly as the terminal shows them. Over the last
    good build when a save broke a site that had built; else the site has never built."""
    text = html.escape(format_text(diagnostics))
    title = (
        "The last save broke the site: showing the last good build"
        if built_before
        else "The site has errors: fix them to see it"
    )
    return (
        '<div id="sitegen-overlay" role="alert" aria-labelledby="sitegen-overlay-title" '
        'style="all:initial;position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;'
        "max-height:60vh;overflow:auto;box-sizing:border-box;padding:1rem 1.25rem;"
        "background:#fff;color:#1a1a1a;border:3px solid #b00020;border-radius:6px;"
        'box-shadow:0 4px 24px rgba(0,0,0,.35);font:16px/1.5 system-ui,sans-serif">'
        '<h2 id="sitegen-overlay-title" style="margin:0 0 .5rem;font:bold 1.1rem/1.3 '
        f'system-ui,sans-serif;color:#b00020">{title}</h2>'
        '<pre id="sitegen-overlay-text" tabindex="0" style="margin:0 0 .5rem;white-space:'
        'pre-wrap;overflow-wrap:anywhere;font:14px/1.45 ui-monospace,monospace;color:#1a1a1a">'
        f"{text}</pre>"
        '<p style="margin:0;font:14px/1.4 system-ui,sans-serif;color:#1a1a1a">'
        "Fix the file and save: this page reloads by itself.</p></div>"
    )


NEVER_BUILT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The site has errors'
    "</title></head><body><h1>The site has errors</h1><p>sitegen could not build it yet: "
    "the list below says what to fix, file by file.</p></body></html>"
)
"""What every address shows while the site has never built (the overlay adds the list)."""


def _client_snippet(port: int, generation: int) -> str:
    # livereload.js finds the server from its own src. A reload sent while a page was
    # itself reloading would be lost, so on (re)connecting the page compares the
    # generation it was served at with the server's and reloads if it is behind.
    return (
        "<script>document.addEventListener('LiveReloadConnect',function(){"
        f"fetch('{GENERATION_PATH}',{{cache:'no-store'}}).then(function(r){{return r.text()}})"
        f".then(function(g){{if(g!=='{generation}')location.reload()}})}});</script>"
        f'<script src="/livereload.js?port={port}"></script>'
    )


def _inject(page: bytes, extra: str) -> bytes:
    """`extra` before the last </body> (or at the end when there is none)."""
    data = extra.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + data if at < 0 else page[:at] + data + page[at:]


def _safe_rel(raw_path: str) -> str | None:
    """The site path a request names, or None for anything that tries to leave the site."""
    lowered = raw_path.lower()
    if "%2f" in lowered or "%5c" in lowered or "%00" in lowered:
        return None
    decoded = unquote(raw_path)
    if "\\" in decoded or "\x00" in decoded or not decoded.startswith("/"):
        return None
    parts = decoded.split("/")
    if any(p in (".", "..") for p in parts):
        return None
    return decoded.lstrip("/")


class PreviewServer:
    """A live preview of one site; `start()` returns once it serves, `stop()` ends it."""

    def __init__(
        self,
        site_dir: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = True,
        today: dt.date | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        today = today or dt.date.today()
        options = Options(drafts=drafts, today=today.isoformat(), fingerprint=False)
        # starts warm from what `sitegen build` cached, but never writes into the site
        self.builder = Builder(
            site_dir, options=options, today=today, use_cache=False, preview=True
        )
        self.site_dir = self.builder.site_dir
        self.host = host
        self.every_interface = every_interface(host)
        """The family of the address of every interface that `host` names, else 0."""
        self.port = port
        self.echo = echo or (lambda text: print(text, file=sys.stderr, flush=True))
        self.snapshot = Snapshot(Pages())
        self.last: Rebuild | None = None
        """The last rebuild (the first build included)."""
        self.rebuilds = 0
        """How many rebuilds ran after the first build."""
        self.livereload_js = b""
        """The browser script /livereload.js sends (read when the server starts)."""
        self._sockets: list[socket.socket] = []
        self.waiters: set[LiveReloadSocket] = set()
        """The browsers' sockets that said hello: each rebuild's reloads go to them."""
        self._loop: Any = None
        self._closing: asyncio.Event | None = None
        self._serving = threading.Event()
        self._watching = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._build_lock = threading.Lock()
        self._failure: BaseException | None = None
        self.abandoned = False
        """`stop()` came during a rebuild and did not wait for it (nothing of it is kept)."""
        self._font_stamps: dict[str, str] = {}
        """The site's card fonts (site.yaml's `cards:`), each with its stamp as the last
        build found it. They may lie anywhere in the site folder (fonts/ beside content/),
        outside the watched folders: the watcher compares their stamps on every tick."""
        self._linked: dict[str, tuple[str, str]] = {}
        """The files the last build read through a link to a file outside the watched
        folders (content/events/x.md -> ../../notes/x.md): the link's path -> the file it
        leads to, with that file's stamp as the build found it. A save there changes no
        watched folder: the watcher compares these stamps on every tick, as the fonts'."""
        self._links_of: tuple[tuple[object, ...], tuple[str, ...]] = ((), ())
        """The files (and static files) whose links _note_links last looked for."""
        self._folder_links: frozenset[str] = frozenset()
        """The links to folders on the way to the files the last build read: the watch
        follows those it finds as it starts, so it starts again when they change."""

    # -- life cycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The preview's address for the browser on this machine: with --host for every
        interface (0.0.0.0, or 0, ::, … as the resolver reads them), the loopback address
        of that family; a browser cannot open http://0:8000/ or http://[::]:8000/."""
        host = self.host
        if self.every_interface:
            host = "::1" if self.every_interface == socket.AF_INET6 else "127.0.0.1"
        return f"http://{_bracketed(host)}:{self.port}/"

    def start(self) -> None:
        """Bind, build once, then serve and watch in background threads."""
        self.livereload_js = livereload_script()
        self._sockets = [_listen(self.host, self.port)]
        self.port = self._sockets[0].getsockname()[1]
        try:
            self.rebuild(initial=True)
            for target, name in ((self._serve, "sitegen-http"), (self._watch, "sitegen-watch")):
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)
            for ready in (self._serving, self._watching):
                while not ready.wait(0.05):
                    if self._failure is not None or not any(t.is_alive() for t in self._threads):
                        raise RuntimeError(f"the preview server did not start: {self._failure}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Close the browsers' connections and the port, stop watching; return once the
        HTTP loop and the watcher are done, or (a rebuild in progress) without waiting
        for that rebuild: it is abandoned, its forked workers killed."""
        self._stop.set()
        loop, closing = self._loop, self._closing
        if loop is not None and closing is not None:
            loop.add_callback(closing.set)
        for thread in self._threads:
            if thread.name == "sitegen-watch":
                self._end_watcher(thread)
            else:
                thread.join(timeout=STOP_WAIT_S)
        self._threads = []
        for sock in self._sockets:  # when serving never started
            sock.close()
        self._sockets = []

    def _end_watcher(self, thread: threading.Thread) -> None:
        """Idle, the watcher sees `_stop` within STEP_MS. A rebuild can take seconds on a
        large site (a template edit re-renders every page): it builds into memory only, so
        it is left to run out unseen (see rebuild) in its daemon thread, and its forked
        workers, which would otherwise work on after the preview stops, are killed."""
        deadline = time.monotonic() + STOP_WAIT_S
        while thread.is_alive():
            if self._build_lock.locked() or time.monotonic() > deadline:
                self.abandoned = True
                # its workers and no others (another build in this process has its own)
                self.builder.forks.kill(STOP_WAIT_S)
                return
            thread.join(timeout=STEP_MS / 1000)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- build -----------------------------------------------------------------------------

    def rebuild(self, changes: Iterable[str] = (), initial: bool = False) -> Rebuild:
        """Build into memory, swap the snapshot, print what happened, reload the browsers."""
        with self._build_lock:
            start = time.perf_counter()
            old = self.snapshot
            fonts = {rel: self._font_stamp(rel) for rel in self._font_stamps}  # as built
            linked = {rel: _file_stamp(target) for rel, (target, _) in self._linked.items()}
            touched = None if initial else list(changes)
            built = self._build(touched)
            self._note_fonts(fonts)
            self._note_links(linked, touched)
            seconds = time.perf_counter() - start
            if built is None or (self._stop.is_set() and not initial):
                # abandoned by stop() (a worker killed shows as a failure): nobody to tell
                return Rebuild(False, seconds)
            diags, ok = built
            pages, changed, problems = self._outcome(ok, diags, old)
            visible = bool(changed) or problems != old.problems
            generation = old.generation + 1 if visible and not initial else old.generation
            self.snapshot = Snapshot(pages, problems, generation)
            report = Rebuild(ok, seconds, sorted(changed))
            if not initial:
                self.rebuilds += 1
                if visible:
                    report.reloads = self._reload_paths(report.changed, ok and not old.failed)
            self.last = report
        self._tell(report, diags, list(changes), initial)
        if report.reloads and self._loop is not None:
            self._loop.add_callback(self._broadcast, report.reloads)
        return report

    def _build(self, touched: list[str] | None) -> tuple[list[Diagnostic], bool] | None:
        """The build's diagnostics and whether it succeeded; None when Ctrl-C stopped it
        in the watcher's thread (see below)."""
        try:
            result = self.builder.build(to_memory=True, touched=touched)
        except KeyboardInterrupt:
            if threading.current_thread() is threading.main_thread():
                raise
            # a forked worker's: Ctrl-C in a terminal reaches the whole process group,
            # so the main thread is stopping the server; not a failure to show
            return None
        except WorkerStopped as exc:  # (out of memory, most often): not a bug to report
            return [
                internal("content", "rebuilding", exc, "free some memory and save again")
            ], False
        except Exception as exc:  # keep serving; show the failure like any other
            return [internal("content", "rebuilding", exc)], False
        return result.diagnostics, result.ok

    def _outcome(
        self, ok: bool, diags: list[Diagnostic], old: Snapshot
    ) -> tuple[Pages, list[str], tuple[Diagnostic, ...]]:
        """The pages to serve after a rebuild, those that changed, and its problems."""
        if not ok:
            return old.pages, [], tuple(diags)
        pages = self.builder.memory
        # raw values: feeds and data files are deferred (no tab shows them), so they
        # neither render here nor make browsers reload
        changed = [
            p
            for p, d in pages.items()
            if not isinstance(d, Deferred) and dict.get(old.pages, p) != d
        ]
        changed += [p for p in old.pages if p not in pages]
        return pages, changed, ()

    @staticmethod
    def _reload_paths(changed: list[str], in_place: bool) -> list[str]:
        """Stylesheets alone are swapped in place (liveCSS); anything else reloads the page."""
        if in_place and changed and all(p.endswith(".css") for p in changed):
            return [url_path(p) for p in changed]
        pages = [p for p in changed if p.endswith(".html")]
        return [url_path(pages[0] if pages else "index.html")]

    def _tell(
        self, report: Rebuild, diags: list[Diagnostic], changes: list[str], initial: bool
    ) -> None:
        if diags:
            self.echo(format_text(diags).rstrip("\n"))
        what = ", ".join(sorted(changes)[:3]) + (" …" if len(changes) > 3 else "")
        if initial:
            if report.ok:
                self.echo(f"built {len(self.snapshot.pages)} files in {report.seconds:.2f}s")
            else:
                self.echo("the site has errors: pages show them until you fix them")
        elif not report.ok:
            self.echo(
                f"{what}: rebuild failed ({summary(diags)}); still serving the last good site"
            )
        else:
            changed = len(report.changed)
            self.echo(
                f"{what}: rebuilt in {report.seconds * 1000:.0f} ms, "
                f"{changed} file{'' if changed == 1 else 's'} changed"
            )

    # -- watch -----------------------------------------------------------------------------

    def _font_stamp(self, rel: str) -> str:
        return cardfonts.stamp(str(self.site_dir / rel))

    def _note_fonts(self, stamped: dict[str, str]) -> None:
        """After a build: the card fonts its site.yaml names, with the stamps taken before
        it read them (a font saved during the build is seen on the next tick)."""
        loaded = self.builder.state.last_load
        if loaded is None or loaded.config is None:
            return  # site.yaml unreadable: keep watching the fonts it named last
        self._font_stamps = {
            rel: stamped.get(rel) or self._font_stamp(rel) for rel in cardfonts.own(loaded.config)
        }

    def _fonts_changed(self) -> set[str]:
        """The card fonts replaced, changed, added or removed since the last build."""
        return {rel for rel, was in self._font_stamps.items() if self._font_stamp(rel) != was}

    def _note_links(self, stamped: dict[str, str], changes: list[str] | None) -> None:
        """After a build: the files it read through links that lead out of the watched
        folders (and stay in the site: the build refuses the others), with the stamps
        taken before it read them. The links are looked for (an lstat a file) only when
        the build found other files than the last, or templates/ changed (`changes`;
        None: the first build)."""
        loaded = self.builder.state.last_load
        if loaded is None:
            return
        found = (tuple(loaded.files), loaded.static_files)
        templates = changes is None or any(name.startswith("templates/") for name in changes)
        if found != self._links_of or templates:
            self._links_of = found
            paths = {f.rel: f.path for f in loaded.files}
            paths.update((f"static/{n}", str(self.site_dir / "static" / n)) for n in found[1])
            paths.update(self._template_files())
            self._linked = {
                rel: (target, "")
                for rel, path in paths.items()
                if os.path.islink(path) and not self._in_watched(target := os.path.realpath(path))
            }
            self._folder_links = self._links_on_the_way(paths.values())
        self._linked = {
            rel: (target, stamped.get(rel) or _file_stamp(target))
            for rel, (target, _) in self._linked.items()
        }

    def _template_files(self) -> dict[str, str]:
        """The site's templates/ files (what the renderer may read), by their paths in
        the site: a few dozen, listed without following links to folders."""
        found = {}
        for folder, _, names in os.walk(self.site_dir / "templates"):
            for name in names:
                path = os.path.join(folder, name)
                found[os.path.relpath(path, self.site_dir).replace(os.sep, "/")] = path
        return found

    def _links_on_the_way(self, paths: Iterable[str]) -> frozenset[str]:
        """The folders on the way from the site folder to `paths` that are links (an
        lstat a folder: a site's thousands of files lie in a few hundred)."""
        top, folders = str(self.site_dir), set()
        for folder in {os.path.dirname(path) for path in paths}:
            while folder.startswith(top + os.sep) and folder not in folders:
                folders.add(folder)
                folder = os.path.dirname(folder)
        return frozenset(folder for folder in folders if os.path.islink(folder))

    def _in_watched(self, path: str) -> bool:
        """Whether `path` (resolved) is in a watched folder (as its link resolves)."""
        return any(
            path.startswith(os.path.realpath(self.site_dir / name) + os.sep) for name in WATCHED
        )

    def _links_changed(self) -> set[str]:
        """The links (their paths in the site) whose files changed since the last build."""
        return {rel for rel, (target, was) in self._linked.items() if _file_stamp(target) != was}

    def _watched_dirs(self) -> list[Path]:
        return [self.site_dir / name for name in WATCHED if (self.site_dir / name).is_dir()]

    def _relevant(self, change: watchfiles.Change, path: str) -> bool:
        try:
            rel = Path(path).relative_to(self.site_dir)
        except ValueError:
            return False
        if any(part.startswith(".") for part in rel.parts) or _is_scratch(rel):
            return False
        return rel.parts[0] in WATCHED

    def _real_changes(self, names: set[str]) -> set[str]:
        """Of the paths a burst touched, those that are (or were) files the build reads, and
        folders: an editor's temporary files (sed -i's content/events/sedJhWu3Y, renamed
        away before the burst ends) neither start a rebuild nor show in the log."""
        known = self.builder.source_files()
        return {name for name in names if self._is_read(name, known)}

    def _is_read(self, name: str, known: set[str]) -> bool:
        path = self.site_dir / name
        if path.is_dir():
            return True
        if not path.is_file():  # gone: only what the last build had read, or a folder of it
            if name.startswith("templates/") and "." in name.rsplit("/", 1)[-1]:
                return True  # (templates are not listed: a template file has a suffix)
            # a link out, a FIFO: what the build refuses, appearing or (named in its
            # problems) removed, so that the error goes with the file
            refused = any(d.path == name for d in self.snapshot.problems)
            if path.is_symlink() or path.exists() or refused:
                return True
            return name in known or any(k.startswith(name + "/") for k in known)
        if name.startswith("content/"):
            return is_content_path(name)
        return True  # templates/ and static/: every file (hidden and scratch ones aside)

    def _watch(self) -> None:
        try:
            pending: list[str] = []
            while not self._stop.is_set():
                dirs = self._watched_dirs()
                if not dirs:  # content/ went away: wait for it to come back
                    self._watching.set()
                    self._stop.wait(TICK_MS / 1000)
                    continue
                pending = self._watch_dirs(dirs, pending)
        except BaseException as exc:  # pragma: no cover - reported by start()
            self._failure = exc
            raise

    def _watch_dirs(self, dirs: list[Path], pending: list[str]) -> list[str]:
        """Rebuild once per burst of saves, until a watched folder appears or goes.

        Returns the folders that did, for a rebuild as soon as the next watcher is set up
        (so that no save between the two watchers is missed). A link to a folder made or
        removed on the way to the files read (content/events/shared -> ../../shared) ends
        it too: the watch follows the links it finds as it starts, and no later one.
        """
        links = self._folder_links
        for changes in watchfiles.watch(
            *dirs,
            watch_filter=self._relevant,
            debounce=MAX_GROUP_MS,
            step=STEP_MS,
            stop_event=self._stop,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self._watching.set()
            if self._stop.is_set():
                return []
            names = self._real_changes(
                {Path(p).relative_to(self.site_dir).as_posix() for _, p in changes}
            )
            names |= self._fonts_changed() | self._links_changed()
            if names or pending:
                self.rebuild(sorted(names.union(pending)))
                pending = []
            now = self._watched_dirs()
            if now != dirs or self._folder_links != links:
                moved = {d.name + "/" for d in set(now).symmetric_difference(dirs)}
                top = len(str(self.site_dir)) + 1
                moved.update(p[top:] for p in self._folder_links.symmetric_difference(links))
                return sorted(moved)
        return []

    # -- serve -----------------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            asyncio.run(self._serve_async())
        except BaseException as exc:  # pragma: no cover - reported by start()
            if self._stop.is_set():
                # stopping: stop() waited STOP_WAIT_S for this thread (a loaded machine
                # can take longer to start the loop) and closed the port under it; what
                # that breaks here is no failure to show beside "stopped"
                return
            self._failure = exc
            raise

    async def _serve_async(self) -> None:
        closing = asyncio.Event()
        app = tornado.web.Application(
            [
                (r"/livereload", LiveReloadSocket, {"server": self}),
                (r".*", PageHandler, {"server": self}),
            ],
            log_function=lambda handler: None,
            websocket_ping_interval=None,
        )
        http = tornado.httpserver.HTTPServer(app)
        http.add_sockets(self._sockets)
        self._loop, self._closing = tornado.ioloop.IOLoop.current(), closing
        if self._stop.is_set():  # stop() came before there was a loop to tell
            closing.set()
        self._serving.set()
        await closing.wait()
        http.stop()
        self._sockets = []
        for waiter in list(self.waiters):
            waiter.close()
        await http.close_all_connections()

    def _broadcast(self, paths: list[str]) -> None:
        for path in paths:
            message = json.dumps({"command": "reload", "path": path, "liveCSS": True})
            for waiter in list(self.waiters):
                try:
                    waiter.write_message(message)
                except tornado.websocket.WebSocketClosedError:
                    self.waiters.discard(waiter)

    def lookup(self, raw_path: str) -> tuple[int, str, bytes, str]:
        """(status, content type, body, redirect location) for a request path."""
        snap = self.snapshot
        rel = _safe_rel(raw_path)
        if rel is None:
            return self._missing(snap)
        candidates = [rel]
        prefix = self._base_path()
        if prefix and (rel == prefix or rel.startswith(prefix + "/")):
            # 404.html links from the site's public root path: serve that path too
            candidates.append(rel[len(prefix) :].lstrip("/"))
        for cand in candidates:
            name = cand + "index.html" if cand == "" or cand.endswith("/") else cand
            if name in snap.pages:
                return 200, _content_type(name), self._decorate(name, snap.pages[name], snap), ""
            if f"{cand}/index.html" in snap.pages:
                # path-absolute, one leading slash: '//events/x/' would name another host
                return 302, "", b"", "/" + raw_path.lstrip("/") + "/"
        return self._missing(snap)

    def host_allowed(self, host_header: str) -> bool:
        """Whether a request's Host names this server: localhost, 127.0.0.1, [::1] or the
        --host it listens on, with or without its port. A page on another site that
        points its own domain name at 127.0.0.1 (DNS rebinding) sends that name, and
        gets nothing (drafts included)."""
        host, port = _split_host(host_header.strip().lower())
        if not host or (port is not None and port != self.port):
            return False
        if host in LOOPBACK_NAMES or host == _bracketed(self.host.lower()):
            return True
        if self.every_interface:
            # every interface: its addresses (a domain name could be rebound, an address not)
            return _is_ip_literal(host) or host == socket.gethostname().lower()
        return False

    def _base_path(self) -> str:
        base_url = self.builder.base_url()
        return urlsplit(base_url).path.strip("/") if base_url else ""

    def _missing(self, snap: Snapshot) -> tuple[int, str, bytes, str]:
        if not snap.pages and snap.failed:
            # never built: every address shows what to fix (503: not there yet, not lost)
            page = NEVER_BUILT.encode("utf-8")
            return 503, "text/html; charset=utf-8", self._decorate("index.html", page, snap), ""
        page = snap.pages.get("404.html", b"<!DOCTYPE html><title>Not found</title><body></body>")
        return 404, "text/html; charset=utf-8", self._decorate("404.html", page, snap), ""

    def _decorate(self, name: str, data: bytes, snap: Snapshot) -> bytes:
        if not name.endswith(".html"):
            return data
        extra = overlay_html(snap.problems, bool(snap.pages)) if snap.failed else ""
        return _inject(data, extra + _client_snippet(self.port, snap.generation))


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _split_host(value: str) -> tuple[str | None, int | None]:
    """(host, port) of a Host header value: host lower-case, an IPv6 one in brackets;
    (None, None) when it is not one."""
    m = re.fullmatch(r"(\[[0-9a-f:.]+\]|[^\[\]:/@\s]*)(?::([0-9]{1,5}))?", value)
    if m is None:
        return None, None
    return m.group(1), int(m.group(2)) if m.group(2) else None


def every_interface(host: str) -> int:
    """The address family (socket.AF_INET or AF_INET6) when `host` (--host) is the
    address of every interface in any spelling the resolver takes ('', 0.0.0.0, 0,
    0.0, ::, ::0, …: read as _listen binds it, from its first result); else 0. Only
    numbers are read: no name is looked up."""
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host or None, 0, type=socket.SOCK_STREAM,
            flags=socket.AI_PASSIVE | socket.AI_NUMERICHOST,
        )[0]  # fmt: skip
        unspecified = ipaddress.ip_address(str(address[0]).split("%")[0]).is_unspecified
    except (OSError, UnicodeError, ValueError, IndexError):
        return 0
    return int(family) if unspecified else 0


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a UsageError that says what to do."""
    if not 0 <= port <= 65535:  # (getaddrinfo takes 99999 as some other port)
        raise UsageError(f"--port {port}: give a port from 1 to 65535 (0: any free port)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise UsageError(f"--host {host!r}: {exc.strerror}") from None
    except UnicodeError:  # (no name the resolver can spell: a label empty, too long, …)
        raise UsageError(
            f"--host {host!r}: not a host name or address; give one like 127.0.0.1 or localhost"
        ) from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use (another sitegen serve?); "
                f"choose another with --port, e.g. --port {port + 1}"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def _content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


def _refuse_other_hosts(handler: tornado.web.RequestHandler, server: PreviewServer) -> None:
    """403 for a request whose Host does not name this server (see host_allowed)."""
    if not server.host_allowed(handler.request.headers.get("Host", "localhost")):
        raise tornado.web.HTTPError(403, reason="Host not allowed")


class PageHandler(tornado.web.RequestHandler):
    """Serves the snapshot: pages, assets and static files, and livereload.js."""

    def initialize(self, server: PreviewServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        _refuse_other_hosts(self, self.server)

    def get(self) -> None:
        path = self.request.path
        if path == "/livereload.js":
            self.set_header("Content-Type", "application/javascript; charset=utf-8")
            self.finish(self.server.livereload_js)
            return
        if path == GENERATION_PATH:
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(str(self.server.snapshot.generation))
            return
        status, kind, body, location = self.server.lookup(path)
        if location:
            self.redirect(location + (f"?{self.request.query}" if self.request.query else ""))
            return
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.finish(body)

    def head(self) -> None:
        self.get()


class LiveReloadSocket(tornado.websocket.WebSocketHandler):
    """The livereload protocol: hello for hello, then `reload` messages after each rebuild."""

    def initialize(self, server: PreviewServer) -> None:
        self.server = server

    def prepare(self) -> None:
        _refuse_other_hosts(self, self.server)

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message)
        except ValueError:
            return
        if isinstance(command, dict) and command.get("command") == "hello":
            self.write_message(
                json.dumps({"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"})
            )
            self.server.waiters.add(self)

    def on_close(self) -> None:
        self.server.waiters.discard(self)


def run(
    site_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    drafts: bool = True,
    today: dt.date | None = None,
) -> int:
    """`sitegen serve`: serve until Ctrl-C, then exit 0."""
    server = PreviewServer(site_dir, host, port, drafts, today)
    try:  # one try from the start: Ctrl-C may come between any two lines
        server.start()
        shown = "" if drafts else " (drafts hidden)"
        print(
            f"serving {server.url}{shown}; watching {server.site_dir}; Ctrl-C to stop", flush=True
        )
        if open_browser:
            webbrowser.open(server.url)
        wait_for_ctrl_c()
    except KeyboardInterrupt:
        server.stop()  # first: a rebuild that ends meanwhile then says nothing
        print("stopped", file=sys.stderr, flush=True)
        return 0
    finally:
        server.stop()


def wait_for_ctrl_c() -> NoReturn:
    """Sleep until Ctrl-C raises KeyboardInterrupt, in naps of NAP_S.

    Not in one long sleep: Python raises KeyboardInterrupt between bytecodes, where the
    main thread checks whether a SIGINT came. One that comes after the last check before
    a sleep, while the sleep's system call is not yet made (a moment that grows when other
    threads take the GIL or the CPUs are busy), or one that another thread receives,
    interrupts no sleep: it waits for the sleep to end. After one sleep(3600) `sitegen
    serve` ignored a SIGINT; a nap ends within NAP_S, and the next check raises it."""
    while True:
        time.sleep(NAP_S)
