"""How a build step works through its items: here (`Serial`) or shared with forked workers
(`Forked`). Every parallel step uses one: the parse, the render and the output scan.

The forked workers inherit the model instead of unpickling it, and this process works
beside them instead of waiting: one process per core, and no worker's copy of the model
for the parent's share. Items are claimed a few at a time from one shared counter, so
nobody idles while another has a long queue (a country page costs ten event pages); a
caller puts the costliest items first. What a worker needs it inherits through the fork
(the work function is the forked process's target, never pickled); only results travel.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from queue import Empty
from typing import Any, Generic, Protocol, TypeVar

CHUNK = 16
"""Items a process claims at a time."""

TRIM_AFTER = 16 << 20
"""Bytes a forked step's process may grow by before it hands its free heap pages back
(see _Trimmer)."""

PAGE = 4096
"""Bytes per memory page (/proc/self/statm counts pages)."""

T = TypeVar("T")
R = TypeVar("R")


# multiprocessing and ctypes are imported where a process forks or trims its heap: a
# check, or a build that finds nothing changed, does neither.


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim).

    Parsing frees far more than it keeps, in pages the allocator holds on to; a worker
    forked then would have them too, and the two processes' count double them (at
    10,000 events, 45 MB of 250). Elsewhere than glibc this does nothing."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        trim = None
    if trim is not None:
        trim(0)


class _Trimmer:
    """Hands a forked step's free heap pages back to the system whenever the process has
    grown by TRIM_AFTER since it last did.

    The heap of a process forked after the load is a sieve: the live objects it shares
    with its parent, and between them the free space of everything the load made and
    dropped (handed back before the fork). Each free page a process then allocates into
    is made anew and stays with it, though its own objects live for one page's render:
    at 10,000 varied events a render worker held 93 MiB of heap for 7 MiB of live
    objects. Growth is read from /proc/self/statm (a copied page does not count: it
    replaces a shared one), so that malloc_trim, milliseconds on such a heap, runs only
    when there is something to hand back."""

    def __init__(self) -> None:
        self.size = self._resident()

    @staticmethod
    def _resident() -> int:
        try:
            with open("/proc/self/statm", "rb") as f:
                return int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):  # not Linux: never trims
            return 0

    def __call__(self) -> None:
        if self.size and self._resident() - self.size >= TRIM_AFTER:
            release_free_memory()
            self.size = self._resident()


class Pending(Generic[R]):
    """A result being worked out (by a forked process) or worked out when asked for."""

    def __init__(self, get: Callable[[], R | None]) -> None:
        self._get: Callable[[], R | None] | None = get

    def result(self) -> R | None:
        """The result, once (None after that, or when the work failed)."""
        get, self._get = self._get, None
        return get() if get is not None else None


class Executor(Protocol):
    """Runs a step's work over its items."""

    workers: int
    """Forked processes beside this one (0: this process alone)."""

    def map(
        self,
        items: Sequence[T],
        work: Callable[[T], R],
        *,
        first: Callable[[], list[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
    ) -> list[R]:
        """work(item) for every item; results in no particular order.

        `first`: work only this process can do, before it claims items (its results come
        first). `started`: called once the workers exist (a thread must not run while a
        process forks: a child could inherit a lock it holds), never without workers.
        `chunk`: items claimed at a time (1 for a few long items, costliest first).
        `sent`: applied in a worker to each result before it is sent; `received`: here,
        to each result a worker sent, as it comes, between this process's own chunks."""
        ...

    def background(self, work: Callable[[], R], spare: Path) -> Pending[R]:
        """work() beside this process (its result through a file in `spare`, a folder of
        sitegen's own), or when its result is asked for."""
        ...


class Serial:
    """Everything in this process, in order."""

    workers = 0

    def map(
        self,
        items: Sequence[T],
        work: Callable[[T], R],
        *,
        first: Callable[[], list[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
    ) -> list[R]:
        done = first() if first is not None else []
        done.extend(map(work, items))
        return done

    def background(self, work: Callable[[], R], spare: Path) -> Pending[R]:
        return Pending(work)


SERIAL = Serial()


class _Claims:
    """The items, claimed a chunk at a time from a counter the processes share."""

    def __init__(self, items: Sequence[Any], counter: Any, chunk: int) -> None:
        self.items, self.counter, self.chunk = items, counter, chunk

    def __iter__(self) -> Iterator[Sequence[Any]]:
        items, counter, chunk = self.items, self.counter, self.chunk
        while True:
            with counter.get_lock():
                start = counter.value
                counter.value = start + chunk
            if start >= len(items):
                return
            yield items[start : start + chunk]


def _worker(claims: _Claims, work: Callable[[Any], Any], sent: Any, queue: Any) -> None:
    """A forked worker: claims and works items; sends its results (per chunk when `sent`
    is given, else all at once), then None; or the exception that stopped it."""
    try:
        trim = _Trimmer()
        if sent is None:
            done: list[Any] = []
            for part in claims:
                done.extend(map(work, part))
                trim()
            queue.put(done)
        else:
            for part in claims:
                queue.put([sent(work(item)) for item in part])  # by the queue's own thread
                trim()
        queue.put(None)
    except BaseException as exc:
        try:
            failure = pickle.dumps(exc)
        except Exception:
            failure = pickle.dumps(RuntimeError(f"a worker failed: {exc!r}"))
        queue.put(_Failure(failure))


class _Failure:
    def __init__(self, pickled: bytes) -> None:
        self.pickled = pickled


class Forked:
    """`workers` forked processes and this one (see the module's docstring)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def map(
        self,
        items: Sequence[T],
        work: Callable[[T], R],
        *,
        first: Callable[[], list[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
    ) -> list[R]:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        release_free_memory()
        queue = ctx.Queue()
        claims = _Claims(items, ctx.Value("q", 0), chunk)
        procs = [
            ctx.Process(target=_worker, args=(claims, work, sent, queue), name="sitegen-worker")
            for _ in range(self.workers)
        ]
        finished = False
        try:
            for proc in procs:
                proc.start()
            trim = _Trimmer()  # (after `first` too, which makes the whole-site files)
            if started is not None:
                started()
            done = first() if first is not None else []
            inbox = _Inbox(queue, procs, received)
            for part in claims:
                done.extend(map(work, part))
                inbox.drain(done, wait=False)
                trim()
            inbox.drain(done, wait=True)
            finished = True
            return done
        finally:
            for proc in procs:
                if proc.pid is not None:
                    if not finished:
                        proc.kill()  # a failure here or in a worker: the rest is moot
                    proc.join()
            queue.close()

    def background(self, work: Callable[[], R], spare: Path) -> Pending[R]:
        return _fork_one(work, spare)


class _Inbox:
    """The workers' results as they arrive."""

    def __init__(self, queue: Any, procs: list[Any], received: Callable[[Any], Any] | None):
        self.queue, self.procs, self.received = queue, procs, received
        self.running = len(procs)

    def drain(self, done: list[Any], wait: bool) -> None:
        while self.running:
            try:
                part = self.queue.get(block=wait, timeout=0.5 if wait else None)
            except Empty:
                if not wait:
                    return
                self._check_alive()
                continue
            if part is None:
                self.running -= 1
            elif isinstance(part, _Failure):
                raise pickle.loads(part.pickled)
            elif self.received is not None:
                done.extend(map(self.received, part))
            else:
                done.extend(part)

    def _check_alive(self) -> None:
        """A worker killed (out of memory, a signal) sends nothing: fail, not wait."""
        dead = [p for p in self.procs if p.exitcode not in (None, 0)]
        if dead and self.queue.empty():
            raise RuntimeError(f"a worker ended with exit code {dead[0].exitcode}")


def _fork_one(work: Callable[[], R], spare: Path) -> Pending[R]:
    """work() in one forked process, which writes its pickled result to a file in
    `spare` and exits; the Pending waits for it and removes the file."""
    fd, path = tempfile.mkstemp(dir=spare, prefix=".scan-")
    try:
        pid = os.fork()
    except OSError:
        os.close(fd)
        os.unlink(path)
        return Pending(lambda: None)
    if pid == 0:  # pragma: no cover - the forked copy (coverage does not follow it)
        code = 1
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(work(), f, pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(fd)

    def collect() -> R | None:
        try:
            _, status = os.waitpid(pid, 0)
            with open(path, "rb") as f:
                found: R | None = pickle.load(f) if status == 0 else None
        except (OSError, EOFError, pickle.UnpicklingError):
            found = None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return found

    return Pending(collect)
