"""sitegen serve: the livereload protocol, rebuilds on real saves, overlay, safety.

Each test runs a PreviewServer in-process on a free loopback port and talks to it the way
a browser's livereload.js does (websocket-client) or with plain HTTP. Waits poll with
generous timeouts; nothing asserts how fast a rebuild is (benchmarks/serve_bench.py does).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from sitegen.diagnostics import format_text
from sitegen.errors import UsageError
from sitegen.serve import PROTOCOL, PreviewServer

from .conftest import REPO, TODAY, build, run

WAIT = 20.0
"""Seconds to wait for a rebuild before failing: generous, for slow CI machines."""

EVENT = "content/events/first.md"


@contextlib.contextmanager
def preview(site_dir: Path, **kw: Any) -> Iterator[PreviewServer]:
    lines: list[str] = []
    server = PreviewServer(
        site_dir, port=0, today=dt.date.fromisoformat(TODAY), echo=lines.append, **kw
    )
    server.lines = lines  # type: ignore[attr-defined]
    server.start()
    try:
        yield server
    finally:
        server.stop()


class LiveReloadClient:
    """What livereload.js does on the wire: hello, then wait for reload commands."""

    def __init__(self, server: PreviewServer) -> None:
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/livereload", timeout=WAIT
        )
        self.ws.send(
            json.dumps({"command": "hello", "protocols": [PROTOCOL, "http://x/protocols/6"]})
        )
        self.hello = json.loads(self.ws.recv())

    def next(self, timeout: float = WAIT) -> dict[str, Any]:
        self.ws.settimeout(timeout)
        message: dict[str, Any] = json.loads(self.ws.recv())
        return message

    def quiet_for(self, seconds: float) -> bool:
        """True when no message arrives within `seconds`."""
        self.ws.settimeout(seconds)
        try:
            self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return True
        return False

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def client_for() -> Iterator[Callable[[PreviewServer], LiveReloadClient]]:
    clients: list[LiveReloadClient] = []

    def make(server: PreviewServer) -> LiveReloadClient:
        clients.append(LiveReloadClient(server))
        return clients[-1]

    yield make
    for c in clients:
        c.close()


def get(server: PreviewServer, path: str) -> tuple[int, str, dict[str, str]]:
    """A raw GET: the path goes on the wire exactly as given (no client-side cleanup)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        return resp.status, body, {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def edit(site_dir: Path, rel: str, old: str, new: str) -> None:
    path = site_dir / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the protocol -------------------------------------------------------------------------


def test_hello_then_a_reload_for_each_of_two_saves_one_second_apart(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        assert client.hello["command"] == "hello"
        assert PROTOCOL in client.hello["protocols"]

        edit(root, EVENT, "It happened", "It first happened")
        first = client.next()
        assert first["command"] == "reload"
        assert first["liveCSS"] is True
        assert "It first happened" in get(server, "/events/first/")[1]

        time.sleep(1.0)  # python-livereload as released drops this one (3 s rule)
        edit(root, EVENT, "It first happened", "It happened twice")
        second = client.next()
        assert second["command"] == "reload"
        assert "It happened twice" in get(server, "/events/first/")[1]


def test_a_burst_of_saves_is_one_rebuild(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        for i in range(10):
            (root / f"content/events/burst-{i}.md").write_text(
                f'---\ntitle: "Burst {i}"\ndate: "2024-07-{i + 10}"\nsources: [wire]\n---\nB.\n',
                encoding="utf-8",
            )
        assert client.next()["command"] == "reload"
        deadline = time.monotonic() + WAIT
        while get(server, "/events/burst-9/")[0] != 200 and time.monotonic() < deadline:
            client.next()
        assert get(server, "/events/burst-9/")[0] == 200
        # ten saves in a row: one rebuild (two if the machine stalled mid-burst), not ten
        assert server.rebuilds <= 2, server.lines  # type: ignore[attr-defined]


def test_a_save_that_changes_nothing_visible_sends_no_reload(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        (root / EVENT).write_text((root / EVENT).read_text(encoding="utf-8"), encoding="utf-8")
        (root / "content/events/.first.md.swp").write_bytes(b"vim swap")
        deadline = time.monotonic() + WAIT
        while server.rebuilds == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.quiet_for(0.5)
        edit(root, EVENT, "It happened", "Then it happened")
        assert client.next()["command"] == "reload"


# -- what editors' saves really do ------------------------------------------------------------


def test_atomic_save_temp_file_then_rename_reloads(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        target = root / EVENT
        tmp = target.with_name(".first.md.tmp-123")
        tmp.write_text(
            target.read_text(encoding="utf-8").replace("It happened", "Atomically"),
            encoding="utf-8",
        )
        os.replace(tmp, target)
        assert client.next()["command"] == "reload"
        assert "Atomically" in get(server, "/events/first/")[1]


def test_new_event_appears_and_deleted_event_is_gone(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        assert get(server, "/events/second/")[0] == 404
        new = root / "content/events/second.md"
        new.write_text(
            '---\ntitle: "A second event"\ndate: "2024-08-01"\nsources: [wire]\n---\nMore.\n',
            encoding="utf-8",
        )
        client.next()
        status, body, _ = get(server, "/events/second/")
        assert status == 200 and "A second event" in body
        assert "A second event" in get(server, "/")[1]

        new.unlink()
        client.next()
        assert get(server, "/events/second/")[0] == 404
        assert "A second event" not in get(server, "/")[1]


def test_renamed_event_moves_to_its_new_address(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        (root / EVENT).rename(root / "content/events/renamed.md")
        client.next()
        assert get(server, "/events/first/")[0] == 404
        assert get(server, "/events/renamed/")[0] == 200


# -- a broken save ------------------------------------------------------------------------------


def test_broken_save_keeps_last_good_pages_with_overlay_then_recovers(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:
        client = client_for(server)
        edit(root, EVENT, 'date: "2024-07-08"', 'date: "2024-13-45"')
        assert client.next()["command"] == "reload"
        status, body, _ = get(server, "/events/first/")
        assert status == 200
        assert "The first event" in body  # the last good page
        problems = server.snapshot.problems
        assert problems and problems[0].path == EVENT and problems[0].line == 4
        text = format_text(problems)
        # the overlay shows the terminal's words
        assert any(text.rstrip("\n") == line for line in server.lines)  # type: ignore[attr-defined]
        assert '<pre id="sitegen-overlay-text" ' in body
        assert html.escape(text) in body
        assert f"{EVENT}:4:" in body and problems[0].code in body
        # every served page carries it, assets do not
        assert 'id="sitegen-overlay"' in get(server, "/people/")[1]
        assert 'id="sitegen-overlay"' in get(server, "/nowhere/")[1]  # the 404 page too
        assert "sitegen-overlay" not in get(server, "/assets/style.css")[1]

        edit(root, EVENT, 'date: "2024-13-45"', 'date: "2024-07-09"')
        assert client.next()["command"] == "reload"
        body = get(server, "/events/first/")[1]
        assert "sitegen-overlay" not in body
        assert "2024-07-09" in body


def test_template_error_names_the_template_file_and_line(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site()
    with preview(root) as server:  # no templates/ yet: the watcher notices it appear
        client = client_for(server)
        broken = root / "templates" / "404.html"
        broken.parent.mkdir()
        broken.write_text("<!DOCTYPE html>\n<p>lost</p>\n{% if %}\n", encoding="utf-8")
        client.next()
        body = get(server, "/")[1]
        assert "templates/404.html:3:" in body
        assert "[template]" in body
        broken.write_text("{% extends 'base.html' %}{% block main %}Lost.{% endblock %}\n")
        client.next()
        assert "sitegen-overlay" not in get(server, "/")[1]
        assert "Lost." in get(server, "/nowhere")[1]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{{ "x" * 2**62 }}', "MemoryError: the page this template makes does not fit"),
        (
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "RecursionError: a macro or include at this line calls itself without end",
        ),
    ],
)
def test_a_template_that_runs_away_is_a_template_error_and_serve_goes_on(
    site: Callable[..., Path],
    client_for: Callable[[PreviewServer], LiveReloadClient],
    line: str,
    says: str,
) -> None:
    """A site's template that makes text without end (a string repeated 2**62 times)
    or calls itself: a template error at its line, with words for what to look for
    (MemoryError's own message is empty), over the last good pages; the next save is
    rebuilt as ever."""
    root = site()
    with preview(root) as server:
        client = client_for(server)
        broken = root / "templates" / "404.html"
        broken.parent.mkdir()
        broken.write_text(
            "{% extends 'base.html' %}{% block main %}\n\n" + line + "\n{% endblock %}\n"
        )
        client.next()
        status, body, _ = get(server, "/events/first/")
        assert status == 200 and "The first event" in body
        assert f"templates/404.html:3:1: error: {says}" in html.unescape(body)
        broken.write_text("{% extends 'base.html' %}{% block main %}Lost.{% endblock %}\n")
        client.next()
        assert "sitegen-overlay" not in get(server, "/")[1]
        assert "Lost." in get(server, "/nowhere")[1]


def test_first_build_broken_still_serves_the_overlay(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({EVENT: '---\ntitle: "x"\ndate: "yesterday"\n---\n'})
    with preview(root) as server:
        client = client_for(server)
        status, body, _ = get(server, "/")
        assert "sitegen-overlay" in body and f"{EVENT}:3:" in body
        (root / EVENT).write_text(
            '---\ntitle: "Fixed"\ndate: "2024-07-08"\nsources: [wire]\n---\nOK.\n'
        )
        client.next()
        status, body, _ = get(server, "/")
        assert status == 200 and "Fixed" in body and "sitegen-overlay" not in body


# -- CSS --------------------------------------------------------------------------------------


def test_css_change_is_a_live_css_reload_of_the_stylesheet(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"templates/assets/style.css": "body { color: rgb(1, 2, 3); }\n"})
    with preview(root) as server:
        client = client_for(server)
        page = get(server, "/")[1]
        assert 'href="assets/style.css"' in page  # a stable name in serve
        (root / "templates/assets/style.css").write_text("body { color: rgb(4, 5, 6); }\n")
        message = client.next()
        assert message == {"command": "reload", "path": "/assets/style.css", "liveCSS": True}
        assert client.quiet_for(0.3)  # no page reload besides
        assert "rgb(4, 5, 6)" in get(server, "/assets/style.css?livereload=1")[1]


# -- serving ------------------------------------------------------------------------------------


def test_serves_from_memory_with_the_client_in_html_only(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    with preview(root) as server:
        status, body, headers = get(server, "/")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert body.count('src="/livereload.js') == 1
        status, js, headers = get(server, "/livereload.js")
        assert status == 200 and "LiveReload" in js
        status, css, headers = get(server, "/assets/style.css")
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert "livereload" not in css
        status, _, headers = get(server, "/events/first")
        assert status == 302 and headers["location"] == "/events/first/"
        # the public base path (404.html links from it) is served too
        assert get(server, "/t/events/first/")[0] == 200
    assert not (root / "output").exists()
    assert not (root / ".sitegen-cache").exists()
    # and `sitegen build` never writes the client
    assert build(root).code == 0
    for page in (root / "output").rglob("*.html"):
        assert "livereload" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/events/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/assets/../../../../etc/passwd",
        "//etc/passwd",
        "/%252e%252e/etc/passwd",
        "/content/site.yaml",
        "/events/first/../../../content/site.yaml",
    ],
)
def test_paths_outside_the_site_are_404(site: Callable[..., Path], path: str) -> None:
    root = site()
    with preview(root) as server:
        status, body, _ = get(server, path)
        assert status == 404
        assert "root:" not in body and "base_url" not in body


def test_drafts_are_served_marked_and_hidden_with_no_drafts(site: Callable[..., Path]) -> None:
    root = site(
        {
            "content/events/secret.md": (
                '---\ntitle: "A draft"\ndate: "2024-07-09"\ndraft: true\n'
                "sources: [wire]\n---\nSoon.\n"
            )
        }
    )
    with preview(root) as server:
        status, body, _ = get(server, "/events/secret/")
        assert status == 200 and "badge-draft" in body
    with preview(root, drafts=False) as server:
        assert get(server, "/events/secret/")[0] == 404


def test_events_of_draft_timelines_are_served_as_drafts(site: Callable[..., Path]) -> None:
    """An event whose every timeline is a draft is held back as a draft event is: the
    preview shows it marked, and --no-drafts shows the site as `sitegen build` does."""
    story = '---\ntitle: "{}"\n{}---\nIntro.\n'
    root = site(
        {
            "content/timelines/main.md": story.format("Main", ""),
            "content/timelines/next.md": story.format("Next", "draft: true\n"),
            "content/events/first.md": None,
            "content/events/out.md": (
                '---\ntitle: "Out now"\ndate: "2024-07-08"\ntimelines: [main]\n'
                "sources: [wire]\n---\nNow.\n"
            ),
            "content/events/soon.md": (
                '---\ntitle: "Coming soon"\ndate: "2024-07-09"\ntimelines: [next]\n'
                "sources: [wire]\n---\nSoon.\n"
            ),
        }
    )
    with preview(root) as server:
        status, body, _ = get(server, "/events/soon/")
        assert status == 200 and "badge-draft" in body
        assert "Coming soon" in get(server, "/feed.xml")[1]
    with preview(root, drafts=False) as server:
        assert get(server, "/events/soon/")[0] == 404
        assert get(server, "/events/out/")[0] == 200
        assert "Coming soon" not in get(server, "/feed.xml")[1]


def test_port_in_use_is_a_clear_error(site: Callable[..., Path]) -> None:
    root = site()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(UsageError, match="--port"):
            PreviewServer(root, port=port, echo=lambda _: None).start()
        result = run("serve", root, "--port", str(port), "--today", TODAY)
        assert result.code == 2
        assert f"port {port}" in result.err and "--port" in result.err
        assert "Traceback" not in result.err


def test_ctrl_c_stops_cleanly_with_exit_0(site: Callable[..., Path]) -> None:
    root = site()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(root), "--port", "0", "--today", TODAY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once the first build is done
        assert line.startswith("serving http://127.0.0.1:"), line
        port = int(line.split(":")[2].split("/")[0])
        with contextlib.closing(socket.create_connection(("127.0.0.1", port), timeout=WAIT)):
            pass
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err


# Ctrl-C at the moments that used to cost seconds or hang: `sitegen serve` runs under a
# driver that adds one test hook (a rebuild that does not end, an HTTP loop that starts
# late) and then runs the command line as `python -m sitegen` would.
PROMPT = 9.0
"""Seconds within which Ctrl-C must end serve: generous (it takes well under one on an
idle machine; 5 s was once missed with two test runs sharing two cores), but under the
10 s that stop() once waited for a thread that did not end."""

DRIVER = """
import runpy, signal, sys, threading, time
from sitegen import build, executor, serve
{hook}
sys.argv = ["sitegen", "serve", sys.argv[1], "--port", "0", "--today", sys.argv[2]]
runpy.run_module("sitegen", run_name="__main__", alter_sys=True)
"""

# SIGINT handled by another thread than the main one: what a SIGINT that comes just
# before the main thread's wait begins leaves too (the Python handler waits to run).
SIGINT_ELSEWHERE = """
def elsewhere():
    sys.stdin.readline()
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)
threading.Thread(target=elsewhere, daemon=True).start()
"""

# A rebuild that does not end (as a template edit on a very large site takes long), with
# a forked worker of the builder's executor, which multiprocessing waits for at exit.
ENDLESS_REBUILD = """
first_build = build.Builder.build
def endless(self, *args, **kw):
    if kw.get("touched") is None:
        return first_build(self, *args, **kw)
    def started():
        print(f"rebuilding; worker {self.forks.pids[0]}", file=sys.stderr, flush=True)
    executor.Forked(1, self.forks).map([3600, 3600], time.sleep, started=started, chunk=1)
build.Builder.build = endless
"""

# Ctrl-C before the HTTP loop exists (right after start-up, on a slow machine).
LATE_HTTP = """
serve_async = serve.PreviewServer._serve_async
async def late(self):
    print("threads started", file=sys.stderr, flush=True)
    self._stop.wait()
    await serve_async(self)
serve.PreviewServer._serve_async = late
"""


def _serve_with(root: Path, hook: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER.format(hook=hook), str(root), TODAY],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def _stopped_by_ctrl_c(
    proc: subprocess.Popen[str], seen: str = "", worker: int = 0, sent: bool = False
) -> str:
    """SIGINT (unless `sent` another way); then serve must end promptly, saying so, with
    exit 0 and no traceback."""
    try:
        if not sent:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=PROMPT)
    finally:
        if proc.poll() is None:
            proc.kill()
            if worker:  # it holds serve's stdout and stderr open too
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGKILL)
            proc.communicate()
    err = seen + err
    assert proc.returncode == 0, err
    assert err.rstrip("\n").endswith("stopped"), err
    assert "Traceback" not in err and "Exception" not in err, err
    return err


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie is dead, whoever reaps it


def _stderr_until(proc: subprocess.Popen[str], marker: str) -> str:
    assert proc.stderr is not None
    seen = ""
    while marker not in seen:
        line = proc.stderr.readline()
        assert line, seen
        seen += line
    return seen


def test_ctrl_c_received_by_another_thread_still_stops_serve(site: Callable[..., Path]) -> None:
    proc = _serve_with(site(), SIGINT_ELSEWHERE)
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().startswith("serving http://127.0.0.1:")
    time.sleep(0.5)  # the main thread now waits for Ctrl-C
    proc.stdin.write("\n")
    proc.stdin.flush()
    _stopped_by_ctrl_c(proc, sent=True)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_during_a_rebuild_stops_at_once_and_kills_its_workers(
    site: Callable[..., Path],
) -> None:
    root = site()
    proc = _serve_with(root, ENDLESS_REBUILD)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("serving http://127.0.0.1:")
    edit(root, EVENT, "It happened", "It has happened")
    seen = _stderr_until(proc, "rebuilding; worker ")
    worker = int(seen.rsplit(" ", 1)[1])
    err = _stopped_by_ctrl_c(proc, seen, worker)
    assert "rebuil" not in err.split("worker", 1)[1]  # nothing said of the abandoned one
    deadline = time.monotonic() + WAIT
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)
    assert not (root / "output").exists()


def test_ctrl_c_before_the_http_loop_runs_stops_serve(site: Callable[..., Path]) -> None:
    proc = _serve_with(site(), LATE_HTTP)
    seen = _stderr_until(proc, "threads started")
    _stopped_by_ctrl_c(proc, seen)


def test_ctrl_c_while_serve_is_still_loading_stops_it_too(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C pressed as serve starts, while its modules are still being imported (before
    serve.run's own handler): "stopped" and exit 0, as docs/serve.md#stopping says, not a
    silent 130."""
    from sitegen import cli

    class CtrlC:
        def find_spec(self, name: str, *_: object) -> None:
            if name == "sitegen.serve":
                raise KeyboardInterrupt

    monkeypatch.delitem(sys.modules, "sitegen.serve")
    monkeypatch.delattr("sitegen.serve")
    monkeypatch.setattr(sys, "meta_path", [CtrlC(), *sys.meta_path])
    assert cli.main(["serve", str(site()), "--port", "0"]) == 0
    assert capsys.readouterr().err == "stopped\n"


def test_ctrl_c_that_reaches_a_rebuilds_workers_is_no_failure_to_show(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in a terminal reaches the forked workers too; the executor re-raises their
    KeyboardInterrupt in the watcher's thread. Neither a traceback nor "rebuild failed":
    the main thread is stopping the server."""
    root = site()
    crashed: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", crashed.append)
    calls = threading.Event()

    def interrupted(**kw: Any) -> Any:
        calls.set()
        raise KeyboardInterrupt

    with preview(root) as server:
        lines: list[str] = server.lines  # type: ignore[attr-defined]
        said = len(lines)
        server.builder.build = interrupted  # type: ignore[method-assign]
        edit(root, EVENT, "It happened", "It has happened")
        assert calls.wait(WAIT)
        time.sleep(0.5)  # what the watcher does next
        assert lines[said:] == []
        assert all(thread.is_alive() for thread in server._threads)
    assert crashed == []


def _wait_for(path: Path) -> None:
    """A worker's item that lasts until the test lets it end."""
    while not path.exists():
        time.sleep(0.02)


def test_stopping_kills_an_abandoned_rebuilds_workers_and_no_others(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """Another build in the same process (another Builder's executor) keeps its workers
    when serve abandons a rebuild: stop() kills the workers its builder forked, not
    every process named as sitegen's workers are."""
    from sitegen.executor import Forked, Forks, can_fork

    if not can_fork():
        pytest.skip("no fork here: no forked workers")
    root, done = site(), tmp_path / "done"
    theirs, forked = Forks(), threading.Event()
    other = threading.Thread(
        target=Forked(1, theirs).map,
        args=([done, done], _wait_for),
        kwargs={"started": forked.set, "chunk": 1},
        daemon=True,
    )
    try:
        with preview(root) as server:
            ours = server.builder.forks

            def rebuilding(**kw: Any) -> Any:
                return Forked(1, ours).map([done, done], _wait_for, chunk=1)

            server.builder.build = rebuilding  # type: ignore[method-assign]
            other.start()
            assert forked.wait(WAIT)
            edit(root, EVENT, "It happened", "It has happened")
            deadline = time.monotonic() + WAIT
            while not ours.pids and time.monotonic() < deadline:
                time.sleep(0.05)
            (mine,), (bystander,) = ours.pids, theirs.pids
        assert not _alive(mine)
        assert _alive(bystander)
    finally:
        done.touch()
        other.join(WAIT)
    assert not other.is_alive() and theirs.pids == []


# -- sites we did not write ------------------------------------------------------------------


def _copy_site(src: Path, dst: Path) -> Path:
    for name in ("content", "static"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    return dst


def _edit_break_fix(root: Path, server: PreviewServer, client: LiveReloadClient) -> None:
    """What a new user does: change a sentence, break the front matter, fix it."""
    events = sorted((root / "content/events").rglob("*.md"))
    target = events[len(events) // 2]
    rel = target.relative_to(root).as_posix()
    slug = target.stem
    good = target.read_text(encoding="utf-8")
    assert get(server, f"/events/{slug}/")[0] == 200

    target.write_text(good.rstrip("\n") + "\n\nA sentence the editor just typed.\n")
    assert client.next()["command"] == "reload"
    assert "A sentence the editor just typed." in get(server, f"/events/{slug}/")[1]

    broken = good.replace("title:", "title: [unclosed", 1)
    target.write_text(broken, encoding="utf-8")
    assert client.next()["command"] == "reload"
    body = get(server, f"/events/{slug}/")[1]
    assert "sitegen-overlay" in body and f"{rel}:" in body

    target.write_text(good, encoding="utf-8")
    assert client.next()["command"] == "reload"
    body = get(server, f"/events/{slug}/")[1]
    assert "sitegen-overlay" not in body
    assert "A sentence the editor just typed." not in body


@pytest.mark.parametrize(
    "source", [REPO, REPO / "tests" / "sites" / "rosetta"], ids=["sample", "rosetta"]
)
def test_a_site_we_did_not_write_is_edited_broken_and_fixed(
    source: Path, tmp_path: Path, client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    if not (source / "content" / "events").is_dir():
        pytest.skip(f"{source} is not in this checkout")
    root = _copy_site(source, tmp_path / "copy")
    with preview(root) as server:
        _edit_break_fix(root, server, client_for(server))


def test_a_generated_site_is_edited_broken_and_fixed(
    tmp_path: Path, client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    generate = REPO / "benchmarks" / "generate.py"
    if not generate.exists():
        pytest.skip("benchmarks/generate.py is not in this checkout")
    root = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(generate), str(root), "--events", "60"],
        check=True,
        capture_output=True,
    )
    with preview(root) as server:
        _edit_break_fix(root, server, client_for(server))


def test_feeds_and_data_files_are_made_on_request_and_follow_edits(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    """Serve defers feed.xml, the search index, … until asked for; they still show the last
    save."""
    root = site()
    with preview(root) as server:
        client = client_for(server)
        status, body, _ = get(server, "/search/r/0.json")
        assert status == 200 and "The first event" in body
        assert json.loads(body)
        assert json.loads(get(server, "/search/index.json")[1])["docs"] == 3
        assert "The first event" in get(server, "/feed.xml")[1]
        edit(root, EVENT, "The first event", "A renamed event")
        client.next()
        assert "A renamed event" in get(server, "/search/r/0.json")[1]
        assert "renamed" in get(server, "/search/w/0.json")[1]
        assert "A renamed event" in get(server, "/feed.xml")[1]
        assert "The first event" not in get(server, "/events.json")[1]


# -- a newcomer's first preview -------------------------------------------------------------


def test_init_new_event_serve_shows_the_new_site(tmp_path: Path) -> None:
    """The draft that `new` writes builds in the preview: no overlay, no 404."""
    target = tmp_path / "mysite"
    assert run("init", target, "--today", TODAY).code == 0
    made = run("new", "event", "summit-opens", "--site", target, "--date", "2024-07-08")
    assert made.code == 0
    with preview(target) as server:
        status, body, _ = get(server, "/")
        assert status == 200 and "sitegen-overlay" not in body
        assert "Summit opens" in body
        status, body, _ = get(server, "/events/summit-opens/")
        assert status == 200 and "sitegen-overlay" not in body
        # its to-do list is in the terminal, as warnings
        assert any("[placeholder]" in line for line in server.lines)  # type: ignore[attr-defined]


def test_a_site_that_never_built_says_so_plainly(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({EVENT: '---\ntitle: "x"\ndate: "yesterday"\n---\n'})
    with preview(root) as server:
        for path in ("/", "/events/first/", "/nowhere/"):
            status, body, _ = get(server, path)
            assert status == 503
            assert "The site has errors" in body and f"{EVENT}:3:" in body
            assert "last save" not in body and "Not found" not in body
        client = client_for(server)
        (root / EVENT).write_text(
            '---\ntitle: "Fixed"\ndate: "2024-07-08"\nsources: [wire]\n---\nOK.\n'
        )
        client.next()
        # once it has built, a broken save shows the last good build, and says so
        edit(root, EVENT, 'date: "2024-07-08"', 'date: "2024-13-45"')
        client.next()
        status, body, _ = get(server, "/events/first/")
        assert status == 200 and "Fixed" in body
        assert "The last save broke the site: showing the last good build" in body


def test_the_log_names_only_files_the_build_reads(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    """Editors' temporary files (sed -i's sedXXXXXX, emacs' .#x, backups~, vim's 4913)
    never show in the 'rebuilt in' lines."""
    root = site()
    folder = root / "content" / "events"
    with preview(root) as server:
        client = client_for(server)
        sed = ["sed", "-i", "s/Something happened/Things happened/", str(folder / "first.md")]
        subprocess.run(sed, check=True)
        client.next()
        # the same by hand, with the other editors' droppings beside it
        for scratch in (".#first.md", "first.md~", "4913"):
            (folder / scratch).write_text("x", encoding="utf-8")
        temp = folder / "sedJhWu3Y"
        temp.write_text((folder / "first.md").read_text().replace("Things", "Many things"))
        temp.replace(folder / "first.md")
        client.next()
        for scratch in (".#first.md", "first.md~", "4913"):
            (folder / scratch).unlink()
        edit(root, "content/sources.yaml", "A wire report", "A wire story")
        client.next()
        edit(root, "content/events/first.md", "It happened", "It has happened")  # its page
        client.next()
        logged = [line for line in server.lines if "rebuilt in" in line]  # type: ignore[attr-defined]
        assert len(logged) >= 4
        assert logged[-1].endswith(" ms, 1 file changed"), logged
        named = {n for line in logged for n in line.split(": rebuilt in")[0].split(", ")}
        assert named == {"content/events/first.md", "content/sources.yaml"}, logged
        for line in logged:  # "1 file changed", "0 files changed", "3 files changed"
            count = line.rsplit(" ms, ", 1)[1]
            assert count in ("1 file changed", "0 files changed") or (
                count.endswith(" files changed") and int(count.split()[0]) > 1
            ), line


# -- share-card fonts -----------------------------------------------------------------------------

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _card(server: PreviewServer) -> bytes:
    data = dict.get(server.snapshot.pages, "og/site.png")
    assert isinstance(data, bytes)
    return data


def _put_font(src: str, dst: Path) -> None:
    """An editor's or a file manager's save: a copy renamed over the old file."""
    tmp = dst.with_name(".incoming.ttf")
    shutil.copy(src, tmp)
    os.replace(tmp, dst)


@pytest.mark.skipif(not os.path.isfile(SERIF), reason="DejaVu fonts are not installed here")
def test_a_card_font_outside_the_watched_folders_is_watched(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    """The fonts site.yaml's `cards:` names (fonts/ beside content/, or the site folder
    itself) are inputs like any other: replaced, removed, put back, renamed in site.yaml."""
    yaml = 'title: "Test timeline"\nbase_url: "https://example.org/t/"\ncards:\n  font: {}\n'
    root = site({"content/site.yaml": yaml.format("fonts/Card.ttf")})
    (root / "fonts").mkdir()
    shutil.copy(SERIF, root / "fonts/Card.ttf")
    with preview(root) as server:
        client = client_for(server)
        serif = _card(server)
        _put_font(SANS, root / "fonts/Card.ttf")
        assert client.next()["command"] == "reload"
        sans = _card(server)
        assert sans != serif
        assert any(line.startswith("fonts/Card.ttf: rebuilt") for line in server.lines)  # type: ignore[attr-defined]

        (root / "fonts/Card.ttf").unlink()  # gone: the error, and the last good cards
        client.next()
        assert [p.code for p in server.snapshot.problems] == ["card-font"]
        assert _card(server) == sans
        shutil.copy(SERIF, root / "fonts/Card.ttf")  # back: the site recovers
        client.next()
        assert not server.snapshot.problems and _card(server) == serif

        # site.yaml names another font, in the site folder itself: that one is watched now
        shutil.copy(SANS, root / "Other.ttf")
        edit(root, "content/site.yaml", "fonts/Card.ttf", "Other.ttf")
        client.next()
        assert _card(server) == sans
        _put_font(SERIF, root / "Other.ttf")
        client.next()
        assert _card(server) == serif


# -- links inside the site ------------------------------------------------------------------
# sitegen serve and symbolic links inside the site: a content file or folder that is a
# link to elsewhere in the site folder (beside content/, templates/ and static/: notes/,
# shared/) is read through the link, as a build reads it; a save to the file it leads to
# is a save to the site, and the preview rebuilds. (Links out of the site are refused by
# the build, and not watched.)

LINKED_EVENT = (
    '---\ntitle: "A linked event"\ndate: "2024-08-01"\nsources: [wire]\n---\nAs first written.\n'
)


def _edited_and_shown(server: PreviewServer, client: LiveReloadClient, path: Path) -> None:
    """Save the linked event at `path` (where its link leads): the preview shows it."""
    assert "As first written" in get(server, "/events/second/")[1]
    path.write_text(LINKED_EVENT.replace("As first written", "As edited"), encoding="utf-8")
    assert client.next()["command"] == "reload"
    assert "As edited" in get(server, "/events/second/")[1]


def test_a_save_to_the_file_a_content_link_leads_to_rebuilds(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"notes/second.md": LINKED_EVENT})
    os.symlink("../../notes/second.md", root / "content/events/second.md")
    with preview(root) as server:
        _edited_and_shown(server, client_for(server), root / "notes/second.md")


def test_a_save_in_the_folder_a_content_link_leads_to_rebuilds(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"shared/events/second.md": LINKED_EVENT})
    os.symlink("../../shared/events", root / "content/events/shared")
    with preview(root) as server:
        client = client_for(server)
        _edited_and_shown(server, client, root / "shared/events/second.md")
        (root / "shared/events/third.md").write_text(
            LINKED_EVENT.replace("A linked event", "A third event"), encoding="utf-8"
        )
        assert client.next()["command"] == "reload"
        assert get(server, "/events/third/")[0] == 200


def test_the_link_itself_still_rebuilds_and_an_unrelated_file_does_not(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"notes/second.md": LINKED_EVENT, "notes/todo.txt": "call the desk\n"})
    link = root / "content/events/second.md"
    os.symlink("../../notes/second.md", link)
    with preview(root) as server:
        client = client_for(server)
        (root / "notes/todo.txt").write_text("called the desk\n", encoding="utf-8")
        assert client.quiet_for(1.0)
        link.unlink()
        assert client.next()["command"] == "reload"
        assert get(server, "/events/second/")[0] == 404
        assert get(server, "/events/first/")[0] == 200


def test_a_save_to_the_file_a_static_link_leads_to_rebuilds(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"design/notice.txt": "first notice\n"})
    (root / "static").mkdir()
    os.symlink("../design/notice.txt", root / "static/notice.txt")
    with preview(root) as server:
        client = client_for(server)
        assert get(server, "/notice.txt")[1] == "first notice\n"
        (root / "design/notice.txt").write_text("second notice\n", encoding="utf-8")
        assert client.next()["command"] == "reload"
        assert get(server, "/notice.txt")[1] == "second notice\n"


def test_a_link_to_a_folder_made_while_serving_is_watched_too(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"shared/events/second.md": LINKED_EVENT})
    with preview(root) as server:
        client = client_for(server)
        assert get(server, "/events/second/")[0] == 404
        os.symlink("../../shared/events", root / "content/events/shared")
        assert client.next()["command"] == "reload"
        _edited_and_shown(server, client, root / "shared/events/second.md")


def test_a_save_to_the_file_a_template_link_leads_to_rebuilds(
    site: Callable[..., Path], client_for: Callable[[PreviewServer], LiveReloadClient]
) -> None:
    root = site({"design/style.css": "body { color: rgb(1, 2, 3); }\n"})
    (root / "templates/assets").mkdir(parents=True)
    os.symlink("../../design/style.css", root / "templates/assets/style.css")
    with preview(root) as server:
        client = client_for(server)
        assert "rgb(1, 2, 3)" in get(server, "/assets/style.css")[1]
        (root / "design/style.css").write_text("body { color: rgb(4, 5, 6); }\n")
        assert client.next()["command"] == "reload"
        assert "rgb(4, 5, 6)" in get(server, "/assets/style.css")[1]
