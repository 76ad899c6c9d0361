"""The Executor every parallel step of a build uses: forked workers beside this process
give what this process alone gives, and a worker's failure is the build's failure."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.errors import WorkerStopped
from sitegen.executor import SERIAL, Forked, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="forked workers need fork()")


def _square(n: int) -> tuple[int, int]:
    return n, n * n


def test_forked_workers_give_what_one_process_gives() -> None:
    items = list(range(500))
    serial = SERIAL.map(items, _square)
    forked = Forked(2).map(items, _square, chunk=7)
    assert sorted(forked) == sorted(serial) == [(n, n * n) for n in items]


def test_this_process_works_first_and_beside_the_workers() -> None:
    started: list[bool] = []
    done = Forked(1).map(
        list(range(50)),
        _square,
        first=lambda: [(-1, os.getpid())],
        started=lambda: started.append(True),
    )
    assert done[0] == (-1, os.getpid())  # `first` ran here, before anything else
    assert started == [True]
    assert sorted(done[1:]) == [(n, n * n) for n in range(50)]


def test_what_a_worker_sends_is_received_here() -> None:
    done = Forked(2).map(
        list(range(100)),
        _square,
        sent=lambda r: (r[0], -r[1]),  # in the worker
        received=lambda r: (r[0], -r[1]),  # here
    )
    assert sorted(done) == [(n, n * n) for n in range(100)]


def _large(n: int) -> tuple[int, bytes]:
    return n, bytes(1 << 16)


def test_a_workers_results_are_taken_while_this_process_works_first() -> None:
    """A worker that sends a chunk at a time is not left holding its results (its pipe
    full) until this process has done its own work: the render's worker held every
    result it made to the render's end (tens of MB at 100,000 events)."""

    forked = Forked(1)

    def running() -> int:
        return sum(map(_alive, forked.forks.pids))

    def first() -> Iterator[tuple[int, bytes]]:
        deadline = time.monotonic() + 20
        while running() and time.monotonic() < deadline:
            yield -1, b""
            time.sleep(0.01)
        yield -2, bytes(running())

    # 4 MiB of results: far more than a pipe holds, so the worker ends only once taken
    done = forked.map(list(range(64)), _large, first=first, sent=lambda r: r, chunk=1)
    assert [d for d in done if d[0] == -2] == [(-2, b"")]  # it ended while `first` ran
    assert done[0][0] < 0  # `first`'s results still come first
    assert sorted(n for n, data in done if n >= 0 and len(data) == 1 << 16) == list(range(64))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has ended, whoever reaps it


def _fails_at_13(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    return n


def test_a_worker_failure_is_raised_here() -> None:
    with pytest.raises(ValueError, match="thirteen"):
        # whoever claims 13, this process or a worker, the failure is raised here
        Forked(2).map(list(range(40)), _fails_at_13, first=lambda: [], chunk=1)


def test_background_work_comes_back_once(tmp_path: Path) -> None:
    pending = Forked(1).background(lambda: {"pid": os.getpid()}, tmp_path)
    found = pending.result()
    assert found is not None and found["pid"] != os.getpid()
    assert pending.result() is None  # once
    assert list(tmp_path.iterdir()) == []  # its file removed
    assert SERIAL.background(lambda: 42, tmp_path).result() == 42


def _where(n: int) -> tuple[int, int, int]:
    import threading

    return n, os.getpid(), threading.get_ident()


def test_this_process_share_apart_gives_the_same_and_fails_the_same() -> None:
    import threading

    done = Forked(1).map(list(range(200)), _where, first=lambda: [_where(-1)], apart=True)
    assert sorted(n for n, _, _ in done) == list(range(-1, 200))
    here = [(pid, thread) for _, pid, thread in done if pid == os.getpid()]
    assert here  # this process took its share (`first` at least) ...
    assert all(thread != threading.get_ident() for _, thread in here)  # ... in a thread
    with pytest.raises(ValueError, match="thirteen"):
        Forked(2).map(list(range(40)), _fails_at_13, first=lambda: [], chunk=1, apart=True)


def _killed_in_a_worker(parent: int) -> Callable[[int], int]:
    def work(n: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel kills one out of memory
        return n

    return work


def test_a_worker_killed_is_a_failure_not_a_wait() -> None:
    def first() -> Iterator[int]:
        time.sleep(0.5)  # (the worker claims items meanwhile)
        yield -1

    forked = Forked(1)
    with pytest.raises(WorkerStopped, match="killed by SIGKILL, exit code -9: most often"):
        forked.map(list(range(40)), _killed_in_a_worker(os.getpid()), first=first, chunk=1)
    assert forked.forks.pids == []  # reaped


_PRINTS_AROUND_FORKS = """
import sys, tempfile
from pathlib import Path
from sitegen.executor import Forked

def speak(*_):
    print("from a fork", flush=True)  # (its flush would write what it inherited too)
    return 1

print("before the forks")  # (stdout a pipe: buffered, not written yet)
Forked(1).map([1, 2, 3], speak, chunk=1)
print("between")
Forked(1).background(speak, Path(tempfile.mkdtemp())).result()
"""


@pytest.mark.parametrize("where", ["map", "background"])
def test_output_buffered_before_a_fork_is_printed_once(where: str) -> None:
    import subprocess
    import sys

    script = _PRINTS_AROUND_FORKS
    if where == "background":
        script = script.replace("Forked(1).map([1, 2, 3], speak, chunk=1)\n", "")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # (buffered)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    lines = done.stdout.splitlines()
    assert lines.count("before the forks") == 1
    assert lines.count("between") == 1
