"""The incremental cache in SITE/.sitegen-cache/: never trusted, always checked.

Each file is a pickle behind a header that names sitegen's version, a hash of its source
code (code_digest) and a checksum of the payload; a file that fails a test is ignored
(and rebuilt), never half-used.
- parse.pickle: each content file's parse result, keyed by (version, kind, path, content
  hash, options), so an unchanged file is neither parsed nor rendered to HTML again.
- pages.pickle: for each output file, the key of what it was rendered from, so a page
  whose inputs did not change is not rendered again.
The cache is local to one machine and written only by sitegen; it is safe to delete.
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any

from . import __version__

MAGIC = b"sitegen-cache\n"


@functools.cache
def code_digest() -> str:
    """A hash of sitegen's own source: a changed sitegen (not only a new version number)
    must not trust what an older one cached. Hashed once per process."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent
    for p in sorted(package.rglob("*.py")):
        h.update(p.relative_to(package).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def _header() -> bytes:
    return MAGIC + __version__.encode() + b" " + code_digest().encode() + b"\n"


def read(path: Path) -> Any:
    """The object stored at path, or None when it is missing, stale or corrupt.

    The file is mapped, not read: the parse cache is 65 MB at 10,000 events, and copying
    it into a fresh buffer cost as much as checking and unpickling it."""
    head = _header()
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < len(head) + 32:
                return None
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    with data:
        view = memoryview(data)
        try:
            if view[: len(head)] != head:
                return None
            digest, payload = view[len(head) : len(head) + 32], view[len(head) + 32 :]
            if hashlib.sha256(payload).digest() != digest:
                return None
            try:
                return pickle.loads(payload)
            except Exception:
                return None
        finally:
            digest = payload = None  # type: ignore[assignment]
            view.release()


def write(path: Path, value: Any) -> None:
    """Store value atomically (temp file + rename); a failure leaves no cache, not a bad one."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            # made, never opened through a link someone left there
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(ignore, flags, 0o644), "w") as fh:
                fh.write("# sitegen's cache: safe to delete\n*\n")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            # written in parts, not joined first: a shard of the parse cache is tens of
            # megabytes at 100,000 events, and the joined copy would double it
            fh.write(_header())
            fh.write(hashlib.sha256(payload).digest())
            fh.write(payload)
        os.replace(tmp, path)
    except OSError:
        pass


class ParseCache:
    """Parse results by key: kept in memory (serve) and optionally on disk (build)."""

    SHARDS = 16
    """The cache is split by file path, so that saving after one edit rewrites a sixteenth."""

    def __init__(self, path: Path | None, load: bool = True) -> None:
        self.path = path
        self.entries: dict[Any, Any] = {}
        """Key -> parse result, or its pickle until first asked for."""
        self.packed: dict[Any, bytes] = {}
        """Key -> the pickle of an entry that a parse worker made (saved as is)."""
        self.used: set[Any] = set()
        self.stats: dict[str, tuple[tuple[int, ...], str]] = {}
        """Path -> (stat signature, content hash) of the last load in this process."""
        self.fresh: dict[str, tuple[int, ...]] = {}
        """Path -> stat signature taken by this build a moment ago (the build's hash of
        its inputs): the load that follows uses it instead of calling stat again."""
        self.dirty: set[int] = set()
        """Shards changed since they were read."""
        self.pending = path is not None and load
        """Read on first use: a build that finds nothing changed never needs it."""

    def _shard_path(self, shard: int) -> Path:
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}-{shard:02d}{self.path.suffix}")

    @classmethod
    def shard(cls, key: Any) -> int:
        where = key[1:3] if isinstance(key, tuple) else key
        return zlib.crc32(repr(where).encode()) % cls.SHARDS

    def _load(self) -> None:
        self.pending = False
        if self.path is None:
            return
        for shard in range(self.SHARDS):
            stored = read(self._shard_path(shard))
            if not isinstance(stored, dict):
                self.dirty.add(shard)  # missing or corrupt: written anew on save
                continue
            for key, value in stored.items():
                self.entries.setdefault(key, value)

    def empty(self) -> bool:
        """Whether there is nothing to look up (a first or --clean build)."""
        if self.pending:
            self._load()
        return not self.entries

    def get(self, key: Any) -> Any:
        if self.pending:
            self._load()
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
            if type(value) is bytes:  # each entry is unpickled when first needed
                packed = value
                try:
                    value = pickle.loads(packed)
                except Exception:
                    value = None  # the shard's checksum held: sitegen changed, not the file
                    del self.entries[key]
                else:
                    self.entries[key] = value
                    self.packed[key] = packed  # saved as read, not pickled again
        return value

    def put(self, key: Any, value: Any, packed: bytes | None = None) -> None:
        """Store a parse result; `packed`: its pickle, when a worker made one."""
        self.entries[key] = value
        if packed is not None:
            self.packed[key] = packed
        self.used.add(key)
        self.dirty.add(self.shard(key))

    def prune(self) -> None:
        """Forget what the last load did not use (deleted or edited files)."""
        if self.path is None:
            self.packed = {}  # nothing will be saved
        if self.pending:
            self._load()
        if len(self.used) != len(self.entries):
            for key in self.entries:
                if key not in self.used:
                    self.dirty.add(self.shard(key))
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()

    def _pickle(self, key: Any) -> bytes:
        """The entry's pickle: as read or as a worker made it, else made now."""
        value = self.entries[key]
        if type(value) is bytes:
            return value
        data = self.packed.get(key)
        if data is None:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return data

    def save(self) -> None:
        self.prune()
        if self.path is None or not self.dirty:
            return
        keys: dict[int, list[Any]] = {n: [] for n in self.dirty}
        for key in self.entries:
            held = keys.get(self.shard(key))
            if held is not None:
                held.append(key)
        # one shard's pickles at a time: made all at once, they were another copy of
        # the parse results (~100 MB at 10,000 events) on top of the build's peak
        for n, shard_keys in keys.items():
            write(self._shard_path(n), {key: self._pickle(key) for key in shard_keys})
        self.dirty = set()
        self.packed = {}
