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
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from .errors import WorkerStopped

WORKER_NAME = "sitegen-worker"
"""The name of Forked's worker processes (what `ps` shows; a preview server stopping
kills an abandoned rebuild's workers by their `Forks`, not by this name, which another
build in the same process gives its workers too)."""

CHUNK = 16
"""Items a process claims at a time."""

T = TypeVar("T")
R = TypeVar("R")


# ctypes is imported where a process trims its heap: a
# check, or a build that finds nothing changed, does neither.


def can_fork() -> bool:
    """Whether this system forks (os.fork: what Forked and background use)."""
    return hasattr(os, "fork")


TRIM_MIN_RESIDENT = 64 << 20
"""Resident bytes from which release_free_memory trims the heap: a smaller process has
little to hand back (a 100-event build's is 23-29 MiB at each of its four trims, a
1,000-event build's 24-42 MiB), and importing ctypes to ask was ~11 M instructions of
the 100-event build's parent before its parse worker was forked, when nothing else
runs."""


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim), in a
    process of TRIM_MIN_RESIDENT bytes or more.

    Parsing frees far more than it keeps, in pages the allocator holds on to; a worker
    forked then would have them too, and the two processes' count double them (at
    10,000 events, 45 MB of 250). Elsewhere than glibc this does nothing."""
    resident = _resident()
    if resident is not None and resident < TRIM_MIN_RESIDENT:
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        trim = None
    if trim is not None:
        trim(0)


_LIMITS = (
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),  # cgroup v2
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
)
"""Where a container's memory limit and use are read (bytes; "max" or a huge number:
no limit)."""


def affordable_workers(wanted: int) -> int:
    """How many of `wanted` forked workers the memory left allows, at least 0.

    A worker forked after the load comes to hold about as much as this process holds
    then: reading an object writes its reference count, so every page of the model that
    it or this process reads is copied (docs/performance.md, "Memory"). So one is forked
    only where that much is left: the system's MemAvailable, or what a container's
    limit leaves. A machine short of memory builds with fewer processes, slower, instead
    of being stopped by the kernel. Where nothing can be read: `wanted`."""
    own = _resident()
    left = _available()
    if own is None or left is None or own <= 0:
        return wanted
    return max(0, min(wanted, left // own))


def _resident() -> int | None:
    """This process's resident memory, in bytes."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _available() -> int | None:
    """Memory that can still be used, in bytes: MemAvailable, less where a container's
    limit leaves less."""
    found: list[int] = []
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f:
                if line.startswith(b"MemAvailable:"):
                    found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    for limit_file, used_file in _LIMITS:
        try:
            with open(limit_file, "rb") as f, open(used_file, "rb") as g:
                limit, used = f.read().strip(), int(g.read())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 1 << 50:
            found.append(max(0, int(limit) - used))
        break
    return min(found) if found else None


def in_own_arena(work: Callable[[], R]) -> R:
    """work(), in a thread of its own: glibc's malloc serves a new thread from an arena
    of its own, not from this process's heap.

    A process forked after the load inherits a heap that is a sieve: the live objects
    it shares with the other processes, and between them the free space of what the
    load made and dropped. Allocating there copies the pages around the holes, and best
    fit wanders over the whole sieve: at 10,000 varied events a render worker came to
    hold 93 MiB of it for 7 MiB of live objects. (Handing free pages back whenever it
    had grown by a few megabytes, malloc_trim, capped that but cost the same pages'
    faults again and again: 8 % more CPU.) In an arena of its own, what a worker makes
    and drops reuses the same few pages."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="sitegen-step", daemon=True)
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    result: R = value
    return result


class Forks:
    """The worker processes an owner's `Forked` executors have started and not yet
    reaped (a Builder's: serve's stop kills those of the rebuild it abandons, and only
    those, not the workers of another build in the same process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, Any] = {}
        """The workers (executor._Child) by pid."""

    def started(self, proc: Any) -> None:
        with self._lock:
            self._running[proc.pid] = proc

    def ended(self, proc: Any) -> None:
        with self._lock:
            self._running.pop(proc.pid, None)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return list(self._running)

    def kill(self, wait: float) -> None:
        """Kill every worker still running and reap it (up to `wait` seconds each): none
        outlives its owner (it holds the owner's stdout and stderr open too)."""
        with self._lock:
            procs = list(self._running.values())
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(timeout=wait)
            self.ended(proc)


class Pending(Generic[R]):
    """A result being worked out (by a forked process) or worked out when asked for."""

    def __init__(self, get: Callable[[], R | None], forked: bool = False) -> None:
        self._get: Callable[[], R | None] | None = get
        self._forked = forked

    def result(self) -> R | None:
        """The result, once (None after that, or when the work failed)."""
        get, self._get = self._get, None
        return get() if get is not None else None

    def discard(self) -> None:
        """The result is not wanted: a forked process is waited for (and its file
        removed), work not started yet is not done."""
        get, self._get = self._get, None
        if get is not None and self._forked:
            get()


class Executor(Protocol):
    """Runs a step's work over its items."""

    workers: int
    """Forked processes beside this one (0: this process alone)."""

    def map(
        self,
        items: Sequence[T],
        work: Callable[[T], R],
        *,
        first: Callable[[], Iterable[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
        apart: bool = False,
    ) -> list[R]:
        """work(item) for every item; results in no particular order.

        `first`: work only this process can do, before it claims items (its results come
        first; the workers' are taken between them). `started`: called once the workers
        exist (a thread must not run while a process forks: a child could inherit a lock
        it holds), never without workers.
        `chunk`: items claimed at a time (1 for a few long items, costliest first).
        `sent`: applied in a worker to each result before it is sent; `received`: here,
        to each result a worker sent, as it comes, between this process's own chunks.
        `apart`: this process's share in an arena of its own too (see in_own_arena)."""
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
        first: Callable[[], Iterable[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
        apart: bool = False,
    ) -> list[R]:
        done = list(first()) if first is not None else []
        done.extend(map(work, items))
        return done

    def background(self, work: Callable[[], R], spare: Path) -> Pending[R]:
        return Pending(work)


SERIAL = Serial()


class _Claims:
    """The items, claimed a chunk at a time from a counter the processes share: eight
    bytes of a file of its own, locked around each claim (a POSIX record lock, which
    the kernel lets go when its holder dies: a killed worker leaves nobody waiting)."""

    def __init__(self, items: Sequence[Any], chunk: int) -> None:
        import fcntl  # (here, as select in _Inbox: a build that forks nothing loads neither)

        self.items, self.chunk = items, chunk
        self.lockf, self.locked, self.unlocked = fcntl.lockf, fcntl.LOCK_EX, fcntl.LOCK_UN
        if hasattr(os, "memfd_create"):
            self.fd = os.memfd_create("sitegen-claims")
        else:  # pragma: no cover - (a system without memfd: macOS)
            import tempfile

            with tempfile.TemporaryFile(buffering=0) as f:
                self.fd = os.dup(f.fileno())

    def __iter__(self) -> Iterator[Sequence[Any]]:
        items, chunk, fd, lockf = self.items, self.chunk, self.fd, self.lockf
        while True:
            lockf(fd, self.locked)
            try:
                start = int.from_bytes(os.pread(fd, 8, 0), "little")
                os.pwrite(fd, (start + chunk).to_bytes(8, "little"), 0)
            finally:
                lockf(fd, self.unlocked)
            if start >= len(items):
                return
            yield items[start : start + chunk]

    def close(self) -> None:
        os.close(self.fd)


class _Outbox:
    """A worker's messages to this process, each its length (8 bytes) and its pickle,
    written to its pipe by the thread that made it, as much as the pipe takes (1 MiB
    where the system allows); the rest after the next message, and all of it at the
    end. No sending thread: a result goes out as it is made, not once the sender gets
    the interpreter's lock, and what the pipe cannot take yet waits here, not in the
    worker's work."""

    def __init__(self, fd: int) -> None:
        import fcntl

        self.fd = fd
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        os.set_blocking(fd, False)
        self.left: deque[memoryview] = deque()

    def put(self, message: Any) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        self.left += (memoryview(len(data).to_bytes(8, "little")), memoryview(data))
        self.flush()

    def flush(self) -> None:
        left, fd = self.left, self.fd
        while left:
            try:
                written = os.write(fd, left[0])
            except BlockingIOError:
                return
            if written == len(left[0]):
                left.popleft()
            else:
                left[0] = left[0][written:]

    def close(self) -> None:
        """Everything still left sent (waiting for this process to read it)."""
        os.set_blocking(self.fd, True)
        self.flush()
        os.close(self.fd)


PIPE_SIZE = 1 << 20
"""Bytes a worker's pipe holds (Linux's default most an unprivileged process may ask)."""


def _worker(claims: _Claims, work: Callable[[Any], Any], sent: Any, outbox: _Outbox) -> None:
    """A forked worker: claims and works items (see in_own_arena); sends its results
    (per chunk when `sent` is given, else all at once), then None; or the exception
    that stopped it."""
    try:
        in_own_arena(lambda: _work_claims(claims, work, sent, outbox))
        outbox.put(None)
    except BaseException as exc:
        try:
            failure = pickle.dumps(exc)
        except Exception:
            failure = pickle.dumps(RuntimeError(f"a worker failed: {exc!r}"))
        outbox.put(_Failure(failure))
    outbox.close()


def _work_claims(claims: _Claims, work: Callable[[Any], Any], sent: Any, outbox: _Outbox) -> None:
    if sent is None:
        outbox.put([work(item) for part in claims for item in part])
    else:
        for part in claims:
            outbox.put([sent(work(item)) for item in part])


def _beside(claims: _Claims, work: Callable[[Any], Any], first: Any, inbox: _Inbox) -> list[Any]:
    """This process's share of a forked step, and the workers' results."""
    done: list[Any] = []
    received: list[Any] = []
    for result in first() if first is not None else ():
        done.append(result)
        # the workers' results taken as they come, between `first`'s: a worker that
        # sends per chunk holds what it has sent only until then (see Forked.map)
        inbox.drain(received, wait=False)
    done += received  # (`first`'s results come first)
    del received
    # what `first` made and dropped (the whole-site files) handed back
    release_free_memory()
    for part in claims:
        done.extend(map(work, part))
        inbox.drain(done, wait=False)
    inbox.drain(done, wait=True)
    return done


class _Failure:
    def __init__(self, pickled: bytes) -> None:
        self.pickled = pickled


class _Child:
    """A forked worker: what Forks tracks, and the read end of its pipe."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self.exitcode: int | None = None

    def kill(self) -> None:
        import signal  # (its enums cost a build that forks nothing ~0.5 ms)

        if self.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait for it to end (up to `timeout` seconds), and reap it."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
            except ChildProcessError:  # (reaped by another thread's join: killed)
                self.exitcode = -9
                return
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
            elif deadline is None or time.monotonic() >= deadline:
                return
            else:
                time.sleep(0.005)


def _fork(child: Callable[[], object]) -> int:
    """A forked copy of this process that runs child() and exits (status 0 when it
    returned, 1 when it raised); its pid. The standard streams are flushed first: the
    copy inherits their buffers, and would print what they hold a second time. (It
    exits by os._exit: nothing of this process's, its atexit handlers or its buffers,
    runs or is written again there.) OSError when the system cannot fork."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):  # (replaced, or closed)
            stream.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked copy (coverage does not follow it)
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    return pid


def _start(claims: _Claims, work: Callable[[Any], Any], sent: Any, others: list[_Child]) -> _Child:
    """One worker forked: it works `claims` and sends what it makes through a pipe."""
    read_end, write_end = os.pipe()

    def worker() -> None:
        os.close(read_end)
        for other in others:
            os.close(other.fd)
        _worker(claims, work, sent, _Outbox(write_end))

    try:
        pid = _fork(worker)
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    os.close(write_end)
    os.set_blocking(read_end, False)
    return _Child(pid, read_end)


class Forked:
    """`workers` forked processes and this one (see the module's docstring). They are
    forked by os.fork and send their results through pipes: multiprocessing's import
    and its queue, lock and shared value took ~11 ms before the parse's workers could
    start, while this process worked alone."""

    def __init__(self, workers: int, forks: Forks | None = None) -> None:
        self.workers = workers
        self.forks = Forks() if forks is None else forks
        """Where the workers it starts are tracked while they run (see Forks)."""

    def map(
        self,
        items: Sequence[T],
        work: Callable[[T], R],
        *,
        first: Callable[[], Iterable[R]] | None = None,
        started: Callable[[], None] | None = None,
        chunk: int = CHUNK,
        sent: Callable[[R], R] | None = None,
        received: Callable[[R], R] | None = None,
        apart: bool = False,
    ) -> list[R]:
        release_free_memory()
        claims = _Claims(items, chunk)
        children: list[_Child] = []
        finished = False
        try:
            for _ in range(self.workers):
                children.append(_start(claims, work, sent, children))
                self.forks.started(children[-1])
            if started is not None:
                started()
            inbox = _Inbox(children, received)

            def share() -> list[R]:
                return _beside(claims, work, first, inbox)

            # apart: what this process makes beside the workers (pages, the whole-site
            # files, the results it receives) in an arena of its own, as theirs are
            done = in_own_arena(share) if apart else share()
            finished = True
            return done
        finally:
            for child in children:
                if not finished:
                    child.kill()  # a failure here or in a worker: the rest is moot
                child.join()
                self.forks.ended(child)
                os.close(child.fd)
            claims.close()

    def background(self, work: Callable[[], R], spare: Path) -> Pending[R]:
        return _fork_one(work, spare)


class _Inbox:
    """The workers' results as they arrive: each worker's pipe read as far as it has
    written, each message straight into a buffer of its own size (no copies of
    whatever the pipe held, up to 1 MiB a read)."""

    def __init__(self, children: list[_Child], received: Callable[[Any], Any] | None):
        self.received = received
        self.children = {child.fd: child for child in children}
        self.open = {child.fd: _Incoming() for child in children}
        """Each pipe still open (its worker has not sent its None yet), and the message
        being read from it."""
        import select

        self.poller = select.poll()
        for fd in self.open:
            self.poller.register(fd, select.POLLIN)

    @property
    def running(self) -> int:
        return len(self.open)

    def drain(self, done: list[Any], wait: bool) -> None:
        while self.open:
            ready = self.poller.poll(None if wait else 0)
            if not ready:
                return
            for fd, _ in ready:
                self._read(fd, done)

    def _read(self, fd: int, done: list[Any]) -> None:
        incoming = self.open[fd]
        try:
            read = os.readv(fd, [memoryview(incoming.buffer)[incoming.got :]])
        except BlockingIOError:
            return
        if not read:  # its worker ended without saying it was done (killed: out of memory)
            child = self.children[fd]
            child.join()
            raise WorkerStopped(child.exitcode)
        part = incoming.took(read)
        if part is _Incoming.PARTIAL:
            return
        if part is None:
            self.poller.unregister(fd)
            del self.open[fd]
        elif isinstance(part, _Failure):
            raise pickle.loads(part.pickled)
        elif self.received is not None:
            done.extend(map(self.received, part))
        else:
            done.extend(part)


class _Incoming:
    """A message being read: its length (8 bytes), then its pickle."""

    PARTIAL = object()

    def __init__(self) -> None:
        self.buffer = bytearray(8)
        self.got = 0
        self.header = True

    def took(self, read: int) -> Any:
        """The message, once `read` more bytes complete it; else PARTIAL."""
        self.got += read
        if self.got < len(self.buffer):
            return self.PARTIAL
        self.got = 0
        if self.header:
            self.header = False
            self.buffer = bytearray(int.from_bytes(self.buffer, "little"))
            return self.PARTIAL
        message = pickle.loads(self.buffer)
        self.buffer, self.header = bytearray(8), True
        return message


def _fork_one(work: Callable[[], R], spare: Path) -> Pending[R]:
    """work() in one forked process, which writes its pickled result to a file in
    `spare` and exits; the Pending waits for it and removes the file."""
    import tempfile  # (see Builder._while_workers_parse)

    fd, path = tempfile.mkstemp(dir=spare, prefix=".scan-")

    def child() -> None:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(work(), f, pickle.HIGHEST_PROTOCOL)

    try:
        pid = _fork(child)
    except OSError:
        os.close(fd)
        os.unlink(path)
        return Pending(lambda: None)
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

    return Pending(collect, forked=True)
