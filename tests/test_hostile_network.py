"""`sitegen check --links` against hostile servers on 127.0.0.1: one that trickles its
answer a byte at a time (each read within the timeout, the whole never ending) must not
hold the check for hours; each link gets a bounded time in all."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import links


def _trickle(conn: socket.socket, kind: str, stop: threading.Event) -> None:
    try:
        request = conn.recv(4096)
        if kind == "headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            more = b"X-Slow: y\r\n"
        elif request.startswith(b"HEAD"):  # refused: the checker asks again with GET
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            more = b"x"
        while not stop.wait(0.2):
            conn.sendall(more)
    except OSError:
        pass
    finally:
        conn.close()


@pytest.fixture(params=["headers", "body"])
def trickling(request: pytest.FixtureRequest) -> Iterator[str]:
    """A server that answers 200 and then sends its headers (or its body) forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            args = (conn, request.param, stop)
            threading.Thread(target=_trickle, args=args, daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/page"
    finally:
        stop.set()
        listener.close()


def test_a_trickling_server_is_broken_by_the_whole_answer_deadline(trickling: str) -> None:
    # each byte comes within the 1 s timeout, so the deadline on the whole answer
    # (WHOLE_REQUEST timeouts) ends the request: its message says it did, no clock asked.
    # (Under faketime, whose clock the socket's waits read, the 1 s timeout fires first.)
    outcome = links.probe(trickling, timeout=1.0)
    assert not outcome.ok
    seconds = 1.0 * links.WHOLE_REQUEST
    assert outcome.problem in (
        f"no whole answer within {seconds:g} s (the server trickles it)",
        "timed out after 1 s",
    ), outcome.problem


def test_a_cache_that_cannot_be_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = {"https://example.org/": links.Outcome(True, "", time.time())}

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    real = links.json.dump
    links.json.dump = full  # type: ignore[assignment]
    try:
        links._write_cache(folder / links.CACHE_FILE, cache)
    finally:
        links.json.dump = real
    assert list(folder.iterdir()) == []
