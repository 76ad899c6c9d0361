"""Where a build's output goes, chosen once per build: a `DiskSink` (a staging folder
beside the output, its manifest, the whole-site switch of write.Staging) or a
`MemorySink` (the preview's pages, served by `sitegen serve`).

The render asks its sink the same questions either way: does the output still hold this
page as the last build made it (`keep`), take this page (`take`, in a render worker;
`record`, here), where is the last build's copy of a spliced file (`old_piece`); then
`commit` or `abort`.
"""

from __future__ import annotations

import mmap
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, NamedTuple, Protocol

from .diagnostics import Diagnostic
from .splice import Index
from .write import Manifest, Staging, digest, stamp_of


class Job(NamedTuple):
    """What rendering one page gives back (from a worker, to the parent)."""

    at: int
    """The page's index in the plan."""
    key: str
    hash: str
    data: bytes | None
    """b"" when the file was staged; None when the output already holds these bytes."""
    problem: Diagnostic | None
    known: Any = None
    """When data is None: the manifest entry (hash, size, mtime, ctime) the worker
    found; when the page was staged: its file's stamp as written."""
    spliced: tuple[bytes, Index] | None = None
    """A whole-site file's piece index (bytes b""), for the next build's splices."""
    kept: bool = False
    """Not rendered: its key is the last build's (diff.Diffed.recorded), and the parent
    keeps the last build's file if the output still holds it (Sink.keep)."""


class PackedJobs:
    """A chunk of render results held as one pickle until the render ends.

    A `Job` held as it is costs ~500 bytes (the tuple, its key, hash and stamp each an
    object); pickled with its chunk, ~120. The parent holds every page's result beside
    the render worker until the last page is made: at 100,000 events that was ~60 MiB
    of the build's peak."""

    __slots__ = ("pickled",)

    def __init__(self, jobs: list[Job]) -> None:
        self.pickled = pickle.dumps(jobs, pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[Job]:
        jobs: list[Job] = pickle.loads(self.pickled)
        return iter(jobs)


class Deferred:
    """A page rendered only when first asked for: serve defers the feeds and data files
    (feed.xml, events.json, the search index, …), which show every event but which no
    browser tab is looking at while an editor saves."""

    __slots__ = ("_data", "_make", "key")

    def __init__(self, key: str | None, make: Callable[[], bytes]) -> None:
        self.key = key
        self._make: Callable[[], bytes] | None = make
        self._data: bytes | None = None

    @property
    def made(self) -> bytes | None:
        """The bytes, if they were asked for."""
        return self._data

    def get(self) -> bytes:
        if self._data is None:
            assert self._make is not None
            self._data = self._make()
            self._make = None  # let the build's renderer go
        return self._data

    def __eq__(self, other: object) -> bool:
        if self.key is None:
            return other is self
        return isinstance(other, Deferred) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


class Pages(dict[str, "bytes | Deferred"]):
    """Output path -> bytes, where a Deferred value is rendered when it is read.

    `items()` and `dict.get(pages, path)` give the raw values (to compare builds
    without rendering); indexing and `get` give bytes."""

    def __getitem__(self, path: str) -> bytes:
        value = super().__getitem__(path)
        return value.get() if isinstance(value, Deferred) else value

    def get(self, path: str, default: Any = None) -> Any:
        return self[path] if path in self else default  # noqa: SIM401 (self.get is this)


Piece = tuple[Any, Index]
"""The bytes (or a mapping of them) of a file the last build spliced, with its index."""


class Sink(Protocol):
    """Where the pages of one build go."""

    keys_in_jobs: bool
    """With no last keys to compare with, the render jobs work out each page's key (in
    parallel): nothing in this process compares with the page's data later."""
    defers: bool
    """Feeds and data files are made when first asked for (see Deferred)."""
    sizes_known: bool
    """`size` says how large the last build's files were (to hand out the largest
    first); a sink in a process whose other threads forbid forking says False."""

    def keep(self, path: str) -> bool:
        """The output still holds the last build's `path`, kept as is; False: render it."""
        ...

    def keep_all(self, paths: Iterable[str]) -> bool:
        """`keep` for each of many paths; False at the first that must be rendered."""
        ...

    def take(
        self,
        at: int,
        key: str,
        path: str,
        data: bytes,
        written: str | None,
        spliced: Any,
        hashed: str | None = None,
    ) -> Job:
        """In a render job: page `at` of the plan rendered (`written`: its hash, when a
        splice already wrote it into the sink; `spliced`: its piece index; `hashed`: the
        hash of `data`, when its producer worked it out); what the job sends back."""
        ...

    def record(self, path: str, job: Job) -> None:
        """Here: a page a job rendered."""
        ...

    def defer(self, path: str, make: Callable[[], bytes]) -> None: ...

    def add(self, path: str, data: bytes) -> None:
        """A file the build copies (an asset, a static file)."""
        ...

    def size(self, path: str) -> int: ...

    def opener(self) -> Callable[[str], BinaryIO] | None:
        """Where a splice writes a whole-site file as it makes it (None: into memory)."""
        ...

    def old_piece(self, path: str) -> Piece | None:
        """The file the last build spliced at `path`, with its index, when trusted."""
        ...

    def abort(self) -> None: ...

    def commit(self) -> tuple[int, int, list[str]]:
        """Make this build's output the site: (written, removed, changed paths)."""
        ...


class DiskSink:
    """The output folder, through a staging folder (write.Staging): nothing in it
    changes until `commit`, which switches the whole site at once."""

    keys_in_jobs = True
    defers = False
    sizes_known = True

    def __init__(
        self,
        staging: Staging,
        save_manifest: Callable[[Manifest], None],
        piece_index: Callable[[], dict[str, tuple[str, Index]]],
    ) -> None:
        """`piece_index`: the last build's piece index, read when first needed."""
        self.staging = staging
        self.manifest = staging.manifest
        self._save_manifest = save_manifest
        self._piece_index = piece_index

    def keep(self, path: str) -> bool:
        return self.staging.keep(path)

    def keep_all(self, paths: Iterable[str]) -> bool:
        return self.staging.keep_all(paths)

    def take(
        self,
        at: int,
        key: str,
        path: str,
        data: bytes,
        written: str | None,
        spliced: Any,
        hashed: str | None = None,
    ) -> Job:
        """Written straight into the staging folder (a forked worker sends back only
        what the parent records), unless the output already holds these bytes."""
        staging = self.staging
        h = written or hashed or digest(data)
        size = os.stat(staging.dir / path).st_size if written else len(data)
        if staging.unchanged(path, h, size):
            if written and "/" in path:
                os.unlink(staging.dir / path)
            # (a file at the root stays staged, unmoved, until the staging folder goes:
            # a timeline's file of its name lends its pieces from it, Pieces._sibling;
            # unlinked, an existing output made every timeline make them again)
            return Job(at, key, h, None, None, staging.manifest.files.get(path), spliced)
        stamp = None
        if not written:
            stamp = staging.write(path, data)
        if size > 1 << 20:  # (a small site's files: importing ctypes to ask costs more)
            from .executor import release_free_memory

            release_free_memory()  # what making a large file took, let go
        return Job(at, key, h, b"", None, stamp, spliced)

    def record(self, path: str, job: Job) -> None:
        staging = self.staging
        staging.record(path, job.hash)
        if job.data is not None:
            staging.changed.append(path)
            if job.known is not None:
                staging.stamps[path] = job.known
        elif job.known is not None:
            # a worker's manifest is its own copy: keep what it learnt
            staging.manifest.files[path] = job.known

    def defer(self, path: str, make: Callable[[], bytes]) -> None:
        raise AssertionError("a build on disk makes every file")

    def add(self, path: str, data: bytes) -> None:
        self.staging.add(path, data)

    def size(self, path: str) -> int:
        known = self.manifest.files.get(path)
        return int(known[1]) if known else 0

    def opener(self) -> Callable[[str], BinaryIO] | None:
        return self.staging.open

    def old_piece(self, path: str) -> Piece | None:
        """On disk, when the manifest and the index name the same bytes (and its size
        and mtime are as written)."""
        record = self._piece_index().get(path)
        known = self.manifest.files.get(path)
        if record is None or known is None or record[0] != known[0]:
            return None
        try:
            fd = os.open(self.staging.out / path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with open(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if stamp_of(st) != known[1:] or not st.st_size:
                    return None
                # mapped, not read: only the pieces copied into the new file are touched
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), record[1]
        except (OSError, ValueError):
            return None

    def abort(self) -> None:
        self.staging.abort()

    def commit(self) -> tuple[int, int, list[str]]:
        changed = list(self.staging.changed)
        written, removed = self.staging.commit()
        self._save_manifest(self.manifest)
        return written, removed, changed


class MemorySink:
    """The preview's pages: output path -> bytes, kept by the build for serve."""

    keys_in_jobs = False
    sizes_known = False

    def __init__(
        self,
        last: Pages,
        last_spliced: dict[str, Piece],
        defers: bool,
        shown: Callable[[Pages], None],
    ) -> None:
        """`last`: the last good build's pages; `last_spliced`: the files it spliced;
        `shown`: takes this build's pages when it commits."""
        self.last = last
        self.last_spliced = last_spliced
        self.defers = defers
        self._shown = shown
        self.pages = Pages()

    def keep(self, path: str) -> bool:
        if path not in self.last:
            return False
        self.pages[path] = dict.__getitem__(self.last, path)
        return True

    def keep_all(self, paths: Iterable[str]) -> bool:
        return all(self.keep(path) for path in paths)

    def take(
        self,
        at: int,
        key: str,
        path: str,
        data: bytes,
        written: str | None,
        spliced: Any,
        hashed: str | None = None,
    ) -> Job:
        return Job(at, key, hashed or digest(data), data, None)

    def record(self, path: str, job: Job) -> None:
        if job.data is not None:
            self.pages[path] = job.data

    def defer(self, path: str, make: Callable[[], bytes]) -> None:
        self.pages[path] = Deferred(None, make)

    def add(self, path: str, data: bytes) -> None:
        self.pages[path] = data

    def size(self, path: str) -> int:
        return 0

    def opener(self) -> Callable[[str], BinaryIO] | None:
        return None

    def old_piece(self, path: str) -> Piece | None:
        """In memory, when they are the very bytes the last build spliced."""
        value = dict.get(self.last, path)
        if isinstance(value, Deferred):
            value = value.made
        made = self.last_spliced.get(path)
        return made if made is not None and value is made[0] else None

    def abort(self) -> None:
        self.pages = Pages()

    def commit(self) -> tuple[int, int, list[str]]:
        changed = [p for p, d in self.pages.items() if dict.get(self.last, p) != d]
        self._shown(self.pages)
        return 0, 0, changed
