"""The incremental cache in SITE/.sitegen-cache/: never trusted, always checked.

Each file is a pickle behind a header that names sitegen's version, a hash of its source
files' names, sizes and mtimes (code_digest) and a checksum of the payload (CRC-32: it is
there to find a file cut short or damaged, not to stand against someone who can write the
site's folder, and checking 110 MB of parse cache with SHA-256 cost 60 ms of a one-event
edit); a file that fails a test is ignored (and rebuilt), never half-used. A parse shard
that sitegen checked before and that no one has written since (parse-signed.pickle holds
its inode, size and times as checked, the change time being one no one can set back) is
not checksummed again (read_signed).
- parse-NN.pickle: each content file's parse result, keyed by (version, kind, path,
  content hash, options), so an unchanged file is neither parsed nor rendered to HTML
  again; 16 shards, each of pickles stored as they are (write_parts, see ParseCache).
- pages.pickle: for each output file, the key of what it was rendered from, so a page
  whose inputs did not change is not rendered again.
The cache is local to one machine and written only by sitegen; it is safe to delete.
"""

from __future__ import annotations

import contextlib
import functools
import io
import mmap
import os
import pickle
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .adapters import blake2b

MAGIC = b"sitegen-cache\n"
CHECKSUM = struct.Struct("<I")
"""The payload's CRC-32, after the header."""
PARTS = b"prts"
"""Opens a payload of pickles stored as they are (write_parts)."""


@functools.cache
def code_digest() -> str:
    """What names sitegen's own source: a changed sitegen (not only a new version number)
    must not trust what an older one cached. Worked out once per process.

    Each source file by its name, size and modification time (in nanoseconds), with
    the package's folder: what tells Python itself that a module changed (its bytecode
    cache holds the source's size and mtime, in seconds), so a change that would make
    Python run other code changes this too. Reading and hashing the 1.1 MB of source
    instead cost every build, a no-change one too, 18 M instructions (~2-4 ms); 70 stats
    cost under 0.2.

    compiled_theme/ is left out: its modules are what Jinja makes of the theme's
    templates, which the page keys hash (render.templates_digest), and one that no longer
    matches its template is not used (see precompiled)."""
    package = os.path.dirname(os.path.abspath(__file__))
    found: list[str] = []
    # (os.walk and plain strings: pathlib's rglob and relative_to cost a few milliseconds)
    for folder, folders, files in os.walk(package):
        folders[:] = [f for f in folders if f not in ("__pycache__", "compiled_theme")]
        where = os.path.relpath(folder, package).replace(os.sep, "/")
        found += [name if where == "." else f"{where}/{name}" for name in files]
    signed = [__version__, package]
    for name in sorted(n for n in found if n.endswith(".py")):
        st = os.stat(os.path.join(package, name))
        signed.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")
    digest = blake2b("\n".join(signed).encode("utf-8", "surrogateescape"), digest_size=16)
    return digest.hexdigest()


def linked_folder(cache_dir: Path) -> Path | None:
    """The first symbolic link among the cache folder, what it holds and what its jinja/
    holds; None when there is none. sitegen never makes a link there, and it writes,
    replaces and removes files inside these folders: a planted link (.sitegen-cache ->
    elsewhere, or .sitegen-cache/jinja -> elsewhere) would have it write or delete
    where the link points, outside the site."""
    if cache_dir.is_symlink():
        return cache_dir
    for folder in (cache_dir, cache_dir / "jinja"):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return Path(entry.path)
        except OSError:  # (not there yet, or not a folder: nothing written through it)
            continue
    return None


def _header() -> bytes:
    return MAGIC + __version__.encode() + b" " + code_digest().encode() + b"\n"


Signature = tuple[int, ...]
"""A file's device, inode, size, modification and change times (ns): see read_signed."""

SETTLED_NS = 2_000_000_000
"""How long before its check a file must have last changed for its signature to stand
for its checksum: a change in the same tick of the file system's clock (coarse: a jiffy,
or a second or two on some file systems) could leave its times as they were."""


def read(path: Path, load: Callable[[memoryview], Any] = pickle.loads) -> Any:
    """The object stored at path, or None when it is missing, stale or corrupt.

    The file is mapped, not read: the parse cache is 65 MB at 10,000 events, and copying
    it into a fresh buffer cost as much as checking and unpickling it. `load`: what makes
    the object of the checked payload (see read_parts)."""
    return read_signed(path, load)[0]


def read_signed(
    path: Path, load: Callable[[memoryview], Any], trusted: Signature | None = None
) -> tuple[Any, Signature | None]:
    """read, and the file's signature where a later build may take it for the checksum:
    the file passed the check (or was `trusted`) and last changed SETTLED_NS before it.
    A file whose signature is `trusted` is not checksummed: sitegen checked it before, and
    nothing has written it since, or its change time (which no one can set back) would
    differ; after a one-event edit this left 15 of 16 parse shards (100 MB at 10,000
    events, 544 M instructions) unchecksummed."""
    head, now = _header(), time.time_ns()
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if st.st_size < len(head) + CHECKSUM.size:
                return None, None
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None, None
    signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    view = memoryview(data)
    try:
        if view[: len(head)] != head:
            return None, None
        at = len(head) + CHECKSUM.size
        (digest,), payload = CHECKSUM.unpack_from(view, len(head)), view[at:]
        if signature != trusted and zlib.crc32(payload) != digest:
            return None, None
        try:
            found = load(payload)
        except Exception:
            return None, None
    finally:
        payload = None  # type: ignore[assignment]
        view.release()
        with contextlib.suppress(BufferError):
            # (what `load` made may hold views of the mapped file, a parse shard's
            # bodies: the mapping then goes with the last of them)
            data.close()
    settled = found is not None and st.st_ctime_ns < now - SETTLED_NS
    return found, signature if settled else None


def read_parts(path: Path) -> list[Any] | None:
    """What write_parts stored: each part unpickled straight from the mapped file."""
    found: list[Any] | None = read(path, _unpickled_parts)
    return found


def read_raw_parts(path: Path, trusted: Signature | None = None) -> list[bytes] | None:
    """What write_parts stored, each part's pickle as it is (checked, not unpickled)."""
    found: list[bytes] | None = read_signed(path, _raw_parts, trusted)[0]
    return found


def _part_ranges(payload: memoryview) -> list[tuple[int, int]] | None:
    """Where each part of write_parts' payload lies in it; None for another layout."""
    if payload[: len(PARTS)] != PARTS:
        return None  # another layout
    (count,) = struct.unpack_from("<I", payload, len(PARTS))
    start = len(PARTS) + 4 + 8 * count
    lengths = struct.unpack_from(f"<{count}Q", payload, len(PARTS) + 4)
    if start + sum(lengths) != len(payload):
        return None
    ranges = []
    for length in lengths:
        ranges.append((start, start + length))
        start += length
    return ranges


def _unpickled_parts(payload: memoryview) -> list[Any] | None:
    ranges = _part_ranges(payload)
    return None if ranges is None else [pickle.loads(payload[a:b]) for a, b in ranges]


BUFFERED = b"bufs"
"""Opens a part of pickle and buffers (dumped_table): the pickle's out-of-band buffers
stored after it."""
OUT_OF_BAND = 5
"""The pickle protocol whose out-of-band buffers (PEP 574) a parse shard's part keeps
beside its pickle."""


def dumped_table(table: dict[Any, Any]) -> bytes:
    """A part of a parse shard: the pickle of `table`, with the buffers its objects hand
    out of band (a packed body's bytes: model.Body.__reduce_ex__) stored after it, so
    that loaded_table can leave them in the mapped file instead of copying them out."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(table, protocol=OUT_OF_BAND, buffer_callback=buffers.append)
    if not buffers:
        return data
    raws = [buffer.raw() for buffer in buffers]
    lengths = struct.pack(f"<I{len(raws) + 1}Q", len(raws), len(data), *(r.nbytes for r in raws))
    return b"".join([BUFFERED, lengths, data, *raws])


def loaded_table(part: memoryview, copy: bool = False) -> Any:
    """What dumped_table stored (or a plain pickle). Its buffers are views of `part`,
    which the objects keep alive (`copy`: bytes of their own instead): a one-event edit
    of the skewed corpus's 10,000 events unpickles every parse result, and copying their
    bodies' 125 MB out of the mapped shards (fresh pages of the heap, each faulted in)
    was ~90 ms of it, for bodies that the edit never reads."""
    if part[: len(BUFFERED)] != BUFFERED:
        return pickle.loads(part)
    (count,) = struct.unpack_from("<I", part, len(BUFFERED))
    lengths = struct.unpack_from(f"<{count + 1}Q", part, len(BUFFERED) + 4)
    start = len(BUFFERED) + 4 + 8 * (count + 1)
    data, start = part[start : start + lengths[0]], start + lengths[0]
    buffers: list[Any] = []
    for length in lengths[1:]:
        buffer = part[start : start + length]
        buffers.append(bytes(buffer) if copy else buffer)
        start += length
    if start != len(part):
        raise ValueError("a parse shard's part of another length")
    return pickle.loads(data, buffers=buffers)


def _raw_parts(payload: memoryview) -> list[bytes] | None:
    ranges = _part_ranges(payload)
    return None if ranges is None else [bytes(payload[a:b]) for a, b in ranges]


def write_parts(path: Path, parts: list[bytes]) -> None:
    """Store pickles as they are (their count and lengths, then each): read_parts
    unpickles them without copying each out of the file first (60 MB at 10,000 events)."""
    lengths = struct.pack(f"<I{len(parts)}Q", len(parts), *map(len, parts))
    _write_chunks(path, [PARTS, lengths, *parts])


def write(path: Path, value: Any) -> None:
    """Store value atomically (temp file + rename); a failure leaves no cache, not a bad one."""
    _write_chunks(path, [_dumped(value)])


def _dumped(value: Any) -> bytes:
    """The pickle of `value`, made without the memo (Pickler.fast): the build's records
    are trees of plain values (17,000 paths with their hashes at 10,000 events), and
    entering each string and tuple in the memo made pickling them twice as slow (26 ->
    11 ms for the five records an edit writes) and unpickling them slower too. An object
    met twice is pickled twice; one that contains itself, the usual way."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        pickler.fast = True  # (documented as deprecated: where it is gone, the usual pickle)
        pickler.dump(value)
    except (AttributeError, ValueError, RecursionError):  # (a cycle: fast mode refuses it)
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def _write_chunks(path: Path, chunks: list[bytes]) -> None:
    """The payload `chunks` make, behind the header and its checksum."""
    checksum = 0
    for chunk in chunks:
        checksum = zlib.crc32(chunk, checksum)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            # made, never opened through a link someone left there
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(ignore, flags, 0o644), "w") as fh:
                fh.write("# sitegen's cache: safe to delete\n*\n")
        import tempfile  # (see Builder._while_workers_parse)

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            # written in parts, not joined first: a shard of the parse cache is tens of
            # megabytes at 100,000 events, and the joined copy would double it
            fh.write(_header())
            fh.write(CHECKSUM.pack(checksum))
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except OSError:  # (a full disk: the part written goes, not left to fill it further)
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class ParseCache:
    """Parse results by key: kept in memory (serve) and optionally on disk (build).

    On disk each shard is a list of pickles, each of a dict of some of its entries: one
    pickle (not one per entry) for many entries, as unpickling them one by one took half
    as long again. One the parse workers filled is their pickles as they made them
    (`packed`), never made again here. After an edit, the shard's pickles stay as they
    are and one of the new entries is added (see _appended); the old entry of an edited
    or deleted file stays in them, unused (its key names the old content), until there
    are too many such: then the shard is made again, of one pickle."""

    SHARDS = 16
    """The cache is split by file path, so that saving after one edit rewrites a sixteenth."""
    MAX_PARTS = 64
    """A shard of more pickles is made again whole (each is a call to unpickle)."""
    STALE_SHARE = 32
    """A shard is made again whole once more than this share of its entries (or more
    than STALE_MIN) are unused: each is unpickled by every load, in vain."""
    STALE_MIN = 4

    def __init__(self, path: Path | None, load: bool = True, mapped: bool = True) -> None:
        self.path = path
        self.mapped = mapped
        """Whether the bodies read stay in the mapped shards until read (loaded_table):
        not in a process that goes on for hours (serve), where a shard cut short in
        place by someone else would fault the reads of its mapped pages."""
        self.entries: dict[Any, Any] = {}
        """Key -> parse result."""
        self.packed: dict[int, list[tuple[list[Any], bytes]]] = {}
        """Shard -> pickles that parse workers made of some of its entries (the keys,
        the pickle of a dict of them): saved as they are when they hold the whole shard."""
        self.used: set[Any] = set()
        self.stats: dict[str, tuple[tuple[int, ...], str]] = {}
        """Path -> (stat signature, content hash) of the last load in this process."""
        self.fresh: dict[str, tuple[int, ...]] = {}
        """Path -> stat signature taken by this build a moment ago (the build's hash of
        its inputs): the load that follows uses it instead of calling stat again."""
        self.dirty: set[int] = set()
        """Shards changed since they were read."""
        self.members: dict[int, dict[Any, None]] = {}
        """Shard -> the keys read from it or put in it (some since pruned): a save after
        one edit finds its shard's keys without working out every key's shard."""
        self.layout: dict[int, tuple[tuple[int, ...], list[list[Any]]]] = {}
        """Shard -> the lengths of its pickles on disk and the keys in each, as last read
        or written here: what _appended adds to."""
        self.pending = path is not None and load
        """Read on first use: a build that finds nothing changed never needs it."""
        self.signed: dict[int, Signature] = {}
        """Shard -> the signature of its file as this process checked it (read_signed),
        while this process has not written it: saved to parse-signed, so that the next
        load checks by its signature the shards no one wrote since."""
        self.signed_read: dict[int, Signature] = {}
        """What parse-signed held when it was read."""

    def _shard_path(self, shard: int) -> Path:
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}-{shard:02d}{self.path.suffix}")

    def _signed_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(f"{self.path.stem}-signed{self.path.suffix}")

    @classmethod
    def shard(cls, key: Any) -> int:
        where = key[1:3] if isinstance(key, tuple) else key
        return zlib.crc32(repr(where).encode()) % cls.SHARDS

    def _load(self) -> None:
        self.pending = False
        if self.path is None:
            return
        signed = read(self._signed_path())
        if isinstance(signed, dict):
            self.signed_read = signed
        unpickled = _unpickled_tables if self.mapped else _copied_tables
        for shard in range(self.SHARDS):
            path, trusted = self._shard_path(shard), self.signed_read.get(shard)
            found, signature = read_signed(path, unpickled, trusted)
            if signature is not None:
                self.signed[shard] = signature
            if found is None:
                self.dirty.add(shard)  # missing, corrupt or another layout: written anew
                continue
            tables, lengths = found
            members: dict[Any, None] = {}
            for table in tables:
                # (a key's result is the same in any pickle that holds it: the key names
                # the file's content and sitegen's version)
                self.entries.update(table)
                members.update(dict.fromkeys(table))
            self.members[shard] = members
            self.layout[shard] = (lengths, [list(table) for table in tables])

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
        return value

    def put(self, key: Any, value: Any) -> None:
        """Store a parse result."""
        self.entries[key] = value
        self.used.add(key)
        shard = self.shard(key)
        self.dirty.add(shard)
        self.members.setdefault(shard, {})[key] = None

    def put_packed(self, keys: list[Any], data: bytes) -> None:
        """`data`: the pickle of a dict of these keys' results (put already), all of one
        shard, as a parse worker made it."""
        if keys:
            self.packed.setdefault(self.shard(keys[0]), []).append((keys, data))

    def prune(self) -> None:
        """Forget what the last load did not use (deleted or edited files)."""
        if self.path is None:
            self.packed, self.members = {}, {}  # nothing will be saved
        if self.pending:
            self._load()
        if len(self.used) != len(self.entries):
            # (set operations: a loop over 12,900 entries was 20 ms of a one-event edit)
            for key in self.entries.keys() - self.used:
                self.dirty.add(self.shard(key))
                del self.entries[key]
        self.used = set()

    def seal(self, shard: int) -> None:
        """Every parse result of `shard` this load uses is in (looked up, or put with the
        workers' pickles): the shard is written now, and those pickles let go. Held to
        the end of the load, they were a second copy of most parse results on top of its
        peak (~650 MB at 100,000 events)."""
        packed = self.packed.pop(shard, [])
        if self.path is None or self.pending or not packed:
            return
        members = self.members.get(shard, {})
        for key in [key for key in members if key not in self.used]:
            self.entries.pop(key, None)  # edited or deleted files' (as prune would)
        self._write(shard, [key for key in members if key in self.entries], packed)

    def _write(self, shard: int, keys: list[Any], packed: list[tuple[list[Any], bytes]]) -> None:
        """The shard on disk: the workers' pickles that hold some of its entries (and no
        other), and one pickle made now of the rest."""
        held = {key for part_keys, _ in packed for key in part_keys}
        if not held <= set(keys):
            packed, held = [], set()
        rest = {key: self.entries[key] for key in keys if key not in held}
        parts = [data for _, data in packed]
        part_keys = [part_keys for part_keys, _ in packed]
        if rest or not parts:
            parts.append(dumped_table(rest))
            part_keys.append(list(rest))
        self.signed.pop(shard, None)
        write_parts(self._shard_path(shard), parts)
        self.members[shard] = dict.fromkeys(keys)
        self.layout[shard] = (tuple(map(len, parts)), part_keys)
        self.dirty.discard(shard)

    def _appended(self, shard: int, keys: list[Any]) -> bool:
        """Save a changed shard by adding one pickle of its new entries (`keys`: those it
        holds now) to those on disk, when these are the ones it last read or wrote and
        hold few unused entries; False when it must be made again whole. After a one-event
        edit this writes the new entry alone, where pickling the whole shard again cost
        35 ms at 10,000 events."""
        layout = self.layout.get(shard)
        if layout is None:
            return False
        lengths, part_keys = layout
        stored = {key for keys_of_part in part_keys for key in keys_of_part}
        new = [key for key in keys if key not in stored]
        unused = len(stored) - (len(keys) - len(new))
        if unused > max(self.STALE_MIN, len(keys) // self.STALE_SHARE):
            return False
        if new:
            if len(lengths) >= self.MAX_PARTS:
                return False
            path = self._shard_path(shard)
            parts = read_raw_parts(path, self.signed.pop(shard, None))
            if parts is None or tuple(map(len, parts)) != lengths:
                return False  # written meanwhile by another build
            data = dumped_table({key: self.entries[key] for key in new})
            write_parts(path, [*parts, data])
            self.layout[shard] = ((*lengths, len(data)), [*part_keys, new])
        # (nothing new: the file holds every entry, and the unused ones are skipped)
        self.members[shard] = dict.fromkeys(keys)
        self.dirty.discard(shard)
        return True

    def save(self) -> None:
        self.prune()
        if self.path is None:
            return
        self._save_shards()
        if self.signed != self.signed_read:
            write(self._signed_path(), self.signed)
            self.signed_read = dict(self.signed)

    def _save_shards(self) -> None:
        if not self.dirty:
            return
        entries = self.entries
        # one shard's pickles at a time: made all at once, they were another copy of
        # the parse results (~100 MB at 10,000 events) on top of the build's peak
        for n in list(self.dirty):
            shard_keys = [key for key in self.members.get(n, {}) if key in entries]
            packed = self.packed.get(n, [])
            if packed or not self._appended(n, shard_keys):
                self._write(n, shard_keys, packed)
        self.dirty = set()
        self.packed = {}


Tables = tuple[list[dict[Any, Any]], tuple[int, ...]]


def _copied_tables(payload: memoryview) -> Tables | None:
    """_unpickled_tables, the bodies' bytes copied out of the file."""
    return _unpickled_tables(payload, copy=True)


def _unpickled_tables(payload: memoryview, copy: bool = False) -> Tables | None:
    """A parse shard's pickles (see ParseCache), each a dict of some of its entries, with
    their lengths; None when they are not dicts (another layout)."""
    ranges = _part_ranges(payload)
    if ranges is None:
        return None
    tables = [loaded_table(payload[a:b], copy) for a, b in ranges]
    if not all(isinstance(table, dict) for table in tables):
        return None
    return tables, tuple(b - a for a, b in ranges)
