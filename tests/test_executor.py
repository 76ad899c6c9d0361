"""The Executor every parallel step of a build uses: forked workers beside this process
give what this process alone gives, and a worker's failure is the build's failure."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

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


class _Shipped:
    """Items packed here as text and worked in a worker from the text alone."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.packed: list[int] = []

    def pack(self, items: Sequence[int]) -> bytes:
        self.packed.extend(items)
        return " ".join(map(str, items)).encode()

    def work(self, packed: bytes) -> list[tuple[int, int]]:
        items = [int(n) for n in packed.split()]
        if self.fail_at in items:
            raise ValueError(f"failed at {self.fail_at}")
        return [(n, os.getpid()) for n in items]


def test_shipped_items_are_worked_from_what_was_packed_here() -> None:
    """With `ship`, a worker works what this process packed for it, and this process
    works the rest itself: every item once, none of the workers' unpacked here."""
    ship = _Shipped()
    items = list(range(300))
    done = Forked(2).map(items, lambda n: (n, os.getpid()), chunk=5, ship=ship)
    assert sorted(n for n, _ in done) == items
    by_worker = {n for n, pid in done if pid != os.getpid()}
    assert by_worker and by_worker <= set(ship.packed)
    here = {n for n, pid in done if pid == os.getpid()}
    assert not here & set(ship.packed)


def test_a_shipped_workers_failure_is_raised_here() -> None:
    with pytest.raises(ValueError, match="failed at 3"):
        # the workers' first chunks are packed while this process does `first`
        Forked(2).map(list(range(40)), abs, first=lambda: [], chunk=1, ship=_Shipped(3))


def test_a_shipped_workers_death_is_a_failure_not_a_wait() -> None:
    def killed(packed: bytes) -> list[int]:
        os._exit(9)

    ship = _Shipped()
    ship.work = killed  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="exit code 9"):
        Forked(1).map(list(range(40)), abs, first=lambda: [], chunk=1, ship=ship)
