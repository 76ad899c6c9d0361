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
from queue import Empty
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


def _chunks() -> Iterator[list[Any]]:
    """The items claimed, a chunk at a time, until none are left."""
    counter = _SHARED["counter"]
    items: list[Any] = _SHARED["items"]
    chunk: int = _SHARED["chunk"]
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + chunk
        if start >= len(items):
            return
        yield items[start : start + chunk]


def _worker_share(_: int) -> list[Any]:
    work: Callable[[Any], Any] = _SHARED["work"]
    queue = _SHARED.get("queue")
    if queue is None:
        return [work(item) for part in _chunks() for item in part]
    try:
        for part in _chunks():
            queue.put([work(item) for item in part])  # sent by the queue's own thread
    finally:
        queue.put(None)  # done (or failed: the pool passes the exception on)
    return []


def share(
    items: list[Any],
    work: Callable[[Any], Any],
    workers: int,
    first: Callable[[], list[Any]] | None = None,
    before_join: Callable[[], None] | None = None,
    claim: bool = True,
    chunk: int = CHUNK,
    received: Callable[[Any], Any] | None = None,
) -> list[Any]:
    """work(item) for every item, by `workers` forked processes and this one; results
    in no particular order. `first` runs here before this process claims items (work
    only the parent can do); `before_join` once the workers are forked (a thread must
    not be running when a process forks: it could hold a lock the child then inherits).
    `chunk`: items claimed at a time (1 for a few long items, costliest first).
    `received`: applied here to each result a worker sends, as soon as it comes, between
    this process's own chunks (unpickling a parse result: work the counter then shares
    out too, instead of a tail that only this process runs)."""
    ctx = multiprocessing.get_context("fork")
    release_free_memory()
    queue = ctx.Queue() if received is not None else None
    _SHARED.update(items=items, work=work, counter=ctx.Value("q", 0), chunk=chunk, queue=queue)
    try:
        pool = ctx.Pool(workers)
        try:
            theirs = pool.map_async(_worker_share, range(workers))
            if before_join is not None:
                before_join()
            mine = first() if first is not None else []
            running = workers

            def drain(wait: bool) -> None:
                nonlocal running
                assert queue is not None and received is not None
                while running:
                    try:
                        part = queue.get(block=wait)
                    except Empty:
                        return
                    if part is None:
                        running -= 1
                    else:
                        mine.extend(received(result) for result in part)

            for part in _chunks() if claim else ():
                mine.extend(work(item) for item in part)
                if queue is not None:
                    drain(wait=False)
            if queue is not None:
                drain(wait=True)
            for done in theirs.get():
                mine.extend(done)
            return mine
        finally:
            pool.close()
            pool.join()
    finally:
        _SHARED.clear()
