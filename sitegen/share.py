"""Work shared by the parent and forked workers, each claiming the next few items.

The build forks its workers (they inherit the model instead of unpickling it), and the
parent works beside them instead of waiting: one process per core, and no worker's copy
of the model for the parent's share. Items are claimed a few at a time from one counter,
so nobody idles while another has a long queue (a country page costs ten event pages).
"""

from __future__ import annotations

import ctypes
import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

CHUNK = 16
"""Items a process claims at a time."""

_SHARED: dict[str, Any] = {}
"""What forked workers inherit: the items, the counter and the function to apply."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim).

    Parsing frees far more than it keeps, in pages the allocator holds on to; a worker
    forked then would have them too, and the two processes' count double them (at
    10,000 events, 45 MB of 250). Elsewhere than glibc this does nothing."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        trim = None
    if trim is not None:
        trim(0)


def _claimed() -> Iterator[Any]:
    counter = _SHARED["counter"]
    items: list[Any] = _SHARED["items"]
    chunk: int = _SHARED["chunk"]
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + chunk
        if start >= len(items):
            return
        yield from items[start : start + chunk]


def _worker_share(_: int) -> list[Any]:
    work: Callable[[Any], Any] = _SHARED["work"]
    return [work(item) for item in _claimed()]


def share(
    items: list[Any],
    work: Callable[[Any], Any],
    workers: int,
    first: Callable[[], list[Any]] | None = None,
    before_join: Callable[[], None] | None = None,
    claim: bool = True,
    chunk: int = CHUNK,
) -> list[Any]:
    """work(item) for every item, by `workers` forked processes and this one; results
    in no particular order. `first` runs here before this process claims items (work
    only the parent can do); `before_join` once the workers are forked (a thread must
    not be running when a process forks: it could hold a lock the child then inherits)."""
    ctx = multiprocessing.get_context("fork")
    release_free_memory()
    _SHARED.update(items=items, work=work, counter=ctx.Value("q", 0), chunk=chunk)
    try:
        pool = ctx.Pool(workers)
        try:
            theirs = pool.map_async(_worker_share, range(workers))
            if before_join is not None:
                before_join()
            mine = first() if first is not None else []
            if claim:
                mine.extend(work(item) for item in _claimed())
            for part in theirs.get():
                mine.extend(part)
            return mine
        finally:
            pool.close()
            pool.join()
    finally:
        _SHARED.clear()
