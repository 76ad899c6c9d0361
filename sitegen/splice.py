"""Whole-site files (feed.xml, events.json, …) made of per-event pieces.

Each of these files shows every event, so an edit to one event used to remake all of
them: seconds on a site of 10,000 events. A Splice writes such a file piece by piece;
a piece whose key (a tuple naming everything the piece shows) equals a key of the file
the last build wrote is copied from that file's bytes instead of being made again.

Where each piece lies is recorded per file, with the hash of the file's bytes: the old
file is used only when its bytes are exactly those the record was made for (the build
checks this with the output manifest, or against the bytes serve holds in memory).

When the only change since the last build is the body text of a few events, every other
piece and all the text between pieces is as it was: the splice is then a patch. The
fill runs over the edited events alone (`skips` tells it which to pass over), and their
new pieces replace their old ones in the old file's bytes. The index records which
event's file each piece is of.
"""

from __future__ import annotations

import mmap
import os
import pickle
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, BinaryIO

from .adapters import blake2b

Index = Mapping[bytes, tuple[int, int, str]]
"""Digest of a piece's key -> (start, end) byte offsets in the file, and the file of the
event the piece is of ('' if none). Keys are long (everything a piece shows: up to 400
characters); their digests keep the indexes of a 10,000-event site small in memory
and in pieces.pickle. A dict while made; a PackedIndex once every file is made."""


class PackedIndex(Mapping[bytes, tuple[int, int, str]]):
    """A made file's index held as its pickle, unpacked when first read: ~80 bytes a
    piece instead of ~200 (its digest, tuple and offsets each an object). A forked
    render's parent holds every whole-site file's index beside the workers to the
    render's end (~230,000 pieces at 100,000 events); the next build reads them.

    pieces.pickle holds each file's index so (`packed`), as its pickle: a build reads
    and writes the whole file, and unpacks only the indexes of the files it makes again
    (an edit: the few its events are in; a site of 20 timelines has ~47,000 pieces in
    ~1,100 files at 10,000 events, each read and written again by every edit)."""

    __slots__ = ("_index", "_pickled")

    def __init__(self, index: Index | None = None, pickled: bytes = b"") -> None:
        self._pickled = pickled or pickle.dumps(dict(index or {}), pickle.HIGHEST_PROTOCOL)
        self._index: dict[bytes, tuple[int, int, str]] | None = None

    def _unpacked(self) -> dict[bytes, tuple[int, int, str]]:
        if self._index is None:
            self._index = pickle.loads(self._pickled)
            self._pickled = b""
        return self._index

    def __getitem__(self, key: bytes) -> tuple[int, int, str]:
        return self._unpacked()[key]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._unpacked())

    def __len__(self) -> int:
        return len(self._unpacked())

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (pieces.pickle) as its pickle: not unpacked to be pickled again
        if self._index is not None:
            return (PackedIndex, (None, pickle.dumps(self._index, pickle.HIGHEST_PROTOCOL)))
        return (PackedIndex, (None, self._pickled))


def plain(index: Index) -> dict[bytes, tuple[int, int, str]]:
    """An index as a dict, to be read piece by piece (a PackedIndex unpacked once)."""
    if isinstance(index, PackedIndex):
        return index._unpacked()
    return index if isinstance(index, dict) else dict(index)


def packed(index: Index) -> Index:
    """An index as pieces.pickle holds it (see PackedIndex)."""
    return index if isinstance(index, PackedIndex) else PackedIndex(index)


def key_digest(key: str) -> bytes:
    """What an index knows a piece key by."""
    return blake2b(key.encode(), digest_size=16).digest()


Source = Callable[[str], "tuple[Any, Index] | None"]
"""Output path -> the bytes the last build made for it and their index, if trusted."""

Key = str | bytes | None | Callable[[], str | bytes | None]
"""A piece's key, or its key_digest (a caller that holds it for several files), or what
makes either when needed (a piece lent by owner needs none)."""

Make = Callable[[], str | bytes]
"""What makes a piece: its text, or its UTF-8 bytes (a piece most of whose bytes are a
text's own: see publish._event_json)."""


def _utf8(made: str | bytes) -> bytes:
    """A piece's bytes, as `Make` gave them."""
    return made if isinstance(made, bytes) else made.encode("utf-8")


Owners = dict[str, tuple[bytes, int, int]]
"""Event file -> (digest of its piece's key, start, end) in a file made earlier in the
same build; only files with one piece each."""


class Twice:
    """The pieces of events in several timelines, in the files of one name (each
    timeline's feed.xml, say): made by the first of those files that has the piece, and
    held until each other timeline that has the event has made its file (see
    Splice.piece). Let go when that file is made, whether it took the piece or not: a
    timeline's feed shows its newest events alone, its timeline.json its last 500, so
    a count of the event's timelines held most of the skewed corpus's feed entries, up
    to 90 KB bodies each, until every whole-site file was made (a forked render's
    parent beside its workers: the build's peak)."""

    __slots__ = ("made", "pieces", "waiting")

    def __init__(self) -> None:
        self.pieces: dict[bytes, tuple[bytes, set[str]]] = {}
        """Digest of a piece's key -> its bytes, and the groups (timelines) whose file is
        still to be made and may take them."""
        self.made: set[str] = set()
        """The groups whose file is made."""
        self.waiting: dict[str, list[bytes]] = {}
        """Group -> the digests of the pieces held for it."""

    def take(self, digest: bytes, make: Make, groups: Collection[str], group: str) -> bytes:
        """The piece's bytes for the file of `group`: made, or those another group's file
        made; held for the other `groups` whose file is still to be made."""
        hit = self.pieces.get(digest)
        if hit is None:
            data = _utf8(make())
            left = {g for g in groups if g != group and g not in self.made}
            if left:
                self.pieces[digest] = (data, left)
                for g in left:
                    self.waiting.setdefault(g, []).append(digest)
            return data
        data, left = hit
        left.discard(group)
        if not left:
            del self.pieces[digest]
        return data

    def finished(self, group: str) -> None:
        """The file of `group` is made: what was held for it alone, let go."""
        self.made.add(group)
        pieces = self.pieces
        for digest in self.waiting.pop(group, ()):
            hit = pieces.get(digest)
            if hit is not None:
                hit[1].discard(group)
                if not hit[1]:
                    del pieces[digest]


FLUSH_BYTES = 1 << 20
"""A Splice with a sink writes its bytes out in chunks of about this size."""


WHOLE = key_digest("\0@whole")
"""The index of a file made whole rather than of pieces (see Pieces.keep)."""


def _nothing(path: str) -> tuple[Any, Index] | None:
    return None


NewPiece = tuple[bytes, bytes]
"""An edited owner's new piece: its key and its bytes."""
OldPiece = tuple[bytes, int, int]
"""An edited owner's piece in the old file: its key, start and end."""


class Splice:
    """One file being made; `add` literal text, `piece` a reusable part."""

    def __init__(
        self,
        old: tuple[Any, Index] | None,
        context: str = "",
        edited: Collection[str] = (),
        sink: BinaryIO | None = None,
        owners: Owners | None = None,
        twice: Twice | None = None,
        group: str = "",
    ) -> None:
        """old: the last build's bytes (or a buffer such as an mmap) and index; context:
        what every piece depends on (the base URL): a file made in another context lends
        none of its pieces. edited: the files of the events whose body alone changed
        since the old file was made, when nothing else did: a patch of the old file.
        sink: where the bytes go as they are made, instead of being held (not a patch).
        owners: when `old` is a file of the same name made earlier in this build (the
        site's, for a timeline's), where each event's piece lies in it: the very piece
        this file would make, copied without working out its key. twice: the build's
        pieces made for several files of this context and name (see `piece`); group:
        which of those files this is (its timeline)."""
        mark = key_digest("\0@context\0" + context)
        if old is None or mark not in old[1]:
            old = None
        self._old = memoryview(old[0]) if old else None
        self._old_index: Index = old[1] if old else {}
        self._parts: list[Any] = []
        self._sink = sink
        import hashlib  # (see adapters.blake2b)

        self.sha256 = hashlib.sha256()
        """With a sink: the hash of the bytes written."""
        self._size = 0
        self._flushed = 0
        """With a sink: bytes written to it so far (the rest are in _parts)."""
        self.index: dict[bytes, tuple[int, int, str]] = {mark: (0, 0, "")}
        self.reused = 0
        """Pieces copied from the old file (for tests and the curious)."""
        self.edited = frozenset(edited) if old is not None else frozenset()
        """Patch mode when not empty: only these files' events' pieces are made."""
        self._new: list[tuple[str, bytes | None, bytes]] = []
        """Patch mode: (event file, key, bytes) of each piece made."""
        self._owners = owners if old is not None and not self.edited else None
        self._twice = Twice() if twice is None else twice
        self._group = group

    @property
    def patching(self) -> bool:
        """Whether text added now is thrown away (a patch keeps the old file's): a fill
        need not work out what it would add."""
        return bool(self.edited)

    def skips(self, owner: str) -> bool:
        """Whether the fill may pass over the piece(s) of the event from file `owner`."""
        return bool(self.edited) and owner not in self.edited

    def add(self, text: str) -> None:
        if self.edited:
            return  # a patch keeps the old file's text between pieces
        self._emit(text.encode("utf-8"))

    def _emit(self, data: Any) -> None:
        self._parts.append(data)
        self._size += len(data)
        if self._sink is not None and self._size - self._flushed >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """With a sink: write out (and hash) what was made since the last flush, joined:
        a write and a hash update per piece cost more than the pieces at 10,000 events."""
        if self._sink is not None and self._parts:
            chunk = b"".join(self._parts)
            self._sink.write(chunk)
            self.sha256.update(chunk)
            self._parts.clear()
            self._flushed = self._size

    def piece(self, key: Key, make: Make, owner: str = "", uses: Collection[str] = ()) -> None:
        """Append the piece called `key` (of the event from file `owner`): the old file's
        bytes for it when it has them. A key of None is a piece that is always made (and
        never lent to a later build); a callable key is called only when needed. `uses`:
        the groups (timelines) whose file of this name may have this very piece (an
        event in several timelines): the first makes it, the others copy its bytes."""
        if self._owners is not None and owner and self._lent(owner):
            return
        if callable(key):
            key = key()
        digest = key_digest(key) if isinstance(key, str) else key  # (bytes: its digest)
        if self.edited:
            if owner in self.edited:
                self._new.append((owner, digest, self._made(digest, make, uses)))
            return
        span = self._old_index.get(digest) if digest is not None else None
        data: Any
        if span is not None and self._old is not None and digest not in self.index:
            data = self._old[span[0] : span[1]]
            self.reused += 1
        else:
            data = self._made(digest, make, uses)
        start = self._size
        self._emit(data)
        if digest is not None:
            self.index[digest] = (start, self._size, owner)

    def _made(self, digest: bytes | None, make: Make, uses: Collection[str]) -> bytes:
        """make()'s bytes; for a piece of several files (`uses`), made once a build and
        kept until the last of them is made (see Twice)."""
        if len(uses) < 2 or digest is None:
            return _utf8(make())
        return self._twice.take(digest, make, uses, self._group)

    def _lent(self, owner: str) -> bool:
        """Copy the event's piece from the file made earlier in this build, if it has one."""
        assert self._owners is not None and self._old is not None
        hit = self._owners.get(owner)
        if hit is None or hit[0] in self.index:
            return False
        digest, start, end = hit
        at = self._size
        self._emit(self._old[start:end])
        self.index[digest] = (at, self._size, owner)
        self.reused += 1
        return True

    def parts(self) -> list[Any]:
        """The file's bytes, in parts (bytes, and views of the old file)."""
        return self._parts

    def bytes(self) -> bytes:
        return b"".join(self._parts)

    def patched(self) -> list[Any] | None:
        """Patch mode: the old file with the edited events' pieces replaced, in parts
        (self.index set to match); None when the old file does not have exactly one
        piece for each new one, in the same files: then the file must be made whole."""
        assert self._old is not None
        matched = self._edited_pieces()
        if matched is None:
            return None
        new_by_owner, old_by_owner = matched
        swaps = sorted((start, end, owner) for owner, (_, start, end) in old_by_owner.items())
        starts = [start for start, _, _ in swaps]
        shifts = [0]
        for start, end, owner in swaps:
            shifts.append(shifts[-1] + len(new_by_owner[owner][1]) - (end - start))
        gone = {old_by_owner[owner][0] for owner in old_by_owner}
        index: dict[bytes, tuple[int, int, str]] = {}
        for key, (start, end, owner) in self._old_index.items():
            if key not in gone:
                shift = shifts[bisect_right(starts, start)] if start or end else 0
                index[key] = (start + shift, end + shift, owner)
        parts: list[Any] = []
        at = 0
        for n, (start, end, owner) in enumerate(swaps):
            parts.append(self._old[at:start])
            key, data = new_by_owner[owner]
            index[key] = (start + shifts[n], start + shifts[n] + len(data), owner)
            parts.append(data)
            at = end
        parts.append(self._old[at:])
        self.index = index
        self.reused = len(index) - len(swaps) - 1  # less the context mark
        return parts

    def _edited_pieces(self) -> tuple[dict[str, NewPiece], dict[str, OldPiece]] | None:
        """Each edited owner's new piece (key, data) and old one (key, start, end); None
        unless every edited owner has exactly one of each."""
        new_by_owner: dict[str, NewPiece] = {}
        for owner, key, data in self._new:
            if key is None or owner in new_by_owner:
                return None
            new_by_owner[owner] = (key, data)
        old_by_owner: dict[str, OldPiece] = {}
        edited = self.edited
        for key, (start, end, owner) in self._old_index.items():
            if owner in edited:
                if owner in old_by_owner:
                    return None
                old_by_owner[owner] = (key, start, end)
        if old_by_owner.keys() != new_by_owner.keys():
            return None
        return new_by_owner, old_by_owner


class Pieces:
    """The splices of one build: where old files come from, and the indexes made."""

    def __init__(
        self,
        source: Source = _nothing,
        edited: Collection[str] = (),
        sink: Callable[[str], BinaryIO] | None = None,
    ) -> None:
        """edited: the event files whose body alone changed since the last build, when
        nothing else did (see Splice). sink: opens the file a path's bytes are written to
        as they are made (a build's staging folder; see `written`); without one the
        bytes are returned and kept (serve splices the next files from them)."""
        self._source = source
        self._edited = edited
        self._sink = sink
        self.written: dict[str, str] = {}
        """With a sink: output path -> hash of the bytes written (see write.digest)."""
        self.hashed: dict[str, str] = {}
        """Output path -> write.digest of the bytes a producer returned, when it worked it
        out itself (see keep): the sink takes it rather than hashing them again."""
        self.made: dict[str, tuple[bytes, Index]] = {}
        """Output path -> (bytes, or b"" unless kept, index) of each file spliced."""
        self.reused: dict[str, int] = {}
        """Output path -> how many pieces came from the last build's file."""
        self.patched: set[str] = set()
        """Output paths made as patches of the last build's file."""
        self._at: dict[str, str] = {}
        """With a sink: output path -> the file its bytes were written to."""
        self.memo: dict[Any, Any] = {}
        """What one build makes once for many files (a search index's shards)."""
        self._owners: dict[str, Owners] = {}
        """Output path -> where each event's piece lies in it (see Splice's owners): set
        here, not by `keep` (which emptied it: each of a timeline's 120 search files
        made the next timeline's files work it out again)."""
        self._twice: dict[tuple[str, str], Twice] = {}
        """(Context, file name) -> the pieces made once for several files (see
        Splice.piece)."""

    @property
    def edited(self) -> frozenset[str]:
        """The event files whose body alone changed since the last build (see Splice)."""
        return frozenset(self._edited)

    def all_made(self) -> None:
        """Every whole-site file of the build is made: what they made once for many of
        them (memo, owners, pieces of several files) is let go, and their indexes are
        packed (PackedIndex). (A forked render's parent made them first and would hold
        it all beside the workers to the end: its peak.)"""
        self.memo.clear()
        self._owners.clear()
        self._twice.clear()
        for path, (data, index) in self.made.items():
            if type(index) is dict:
                self.made[path] = (data, PackedIndex(index))

    def old(self, path: str) -> tuple[Any, Index] | None:
        """The bytes (or a buffer) the last build made for `path` and what it recorded
        with them, when trusted and kept (see `keep`)."""
        found = self._source(path)
        return None if found is None else (found[0], plain(found[1]))

    def keep(
        self, path: str, data: bytes, index: Index | None = None, hashed: str | None = None
    ) -> None:
        """Record a file made whole, and an index of the caller's, so that the next build
        may read both back with `old` (the search index patches its shards: search.py);
        `hashed`: the bytes' write.digest, when the caller worked it out."""
        kept = b"" if self._sink is not None else data
        if hashed is not None:
            self.hashed[path] = hashed
        self.made[path] = (kept, {WHOLE: (0, 0, ""), **(index or {})})

    def owners(self, path: str) -> Owners:
        """Where each event's piece lies in the file made at `path` in this build, for the
        events with one piece there (worked out once, for every timeline's file)."""
        known = self._owners.get(path)
        if known is None:
            known, twice = {}, set()
            for digest, (start, end, owner) in self.made[path][1].items():
                if owner:
                    if owner in known:
                        twice.add(owner)
                    known[owner] = (digest, start, end)
            for owner in twice:
                del known[owner]
            self._owners[path] = known
        return known

    def _sibling(self, path: str) -> tuple[Any, Index] | None:
        """For a file in a folder (a timeline's timelines/ID/feed.xml), the file of the
        same name at the root made earlier in this build: its pieces are the same
        events' (whose keys say all they show), so a timeline's first build copies them
        instead of making each again."""
        folder, _, name = path.rpartition("/")
        made = self.made.get(name) if folder else None
        if made is None:
            return None
        if made[0]:
            return made
        try:
            with open(self._at.get(name) or os.devnull, "rb") as f:
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), made[1]
        except (OSError, ValueError):  # (an empty file cannot be mapped)
            return None

    def make(
        self, path: str, fill: Callable[[Splice], None], context: str = "", group: str = ""
    ) -> bytes:
        """The bytes of the file at `path`, written by `fill` into a Splice; with a sink,
        b"": they are in the sink's file, and their hash in `written`. `group`: which of
        the files of this name it is (a timeline's: the pieces it shares with other
        timelines' files, see Twice)."""
        name = path.rpartition("/")[2]
        twice = self._twice.get((context, name))
        if twice is None:
            twice = self._twice[(context, name)] = Twice()
        data = self._made(path, fill, context, twice, group)
        if group:
            twice.finished(group)
            # its index packed now, not by all_made: no later file of the build reads a
            # timeline's (a sibling is a file at the root), and a forked render's parent
            # held them all, ~200 bytes a piece, while it made the rest
            made, index = self.made[path]
            if type(index) is dict:
                self.made[path] = (made, PackedIndex(index))
        return data

    def _made(
        self, path: str, fill: Callable[[Splice], None], context: str, twice: Twice, group: str
    ) -> bytes:
        old = self.old(path)
        lender = old if old is not None else self._sibling(path)
        # a sibling made in this build lends each event's piece by its file: the same
        # event's piece of the same name in the same build (see _sibling)
        owners = self.owners(path.rpartition("/")[2]) if old is None and lender else None
        splice = Splice(old, context, self._edited, twice=twice, group=group)
        parts = None
        if splice.edited:  # a patch of the old file, if it has the pieces to replace
            fill(splice)
            parts = splice.patched()
        if parts is not None:
            self.patched.add(path)
        if self._sink is None:
            if parts is None:
                splice = Splice(lender, context, owners=owners, twice=twice, group=group)
                fill(splice)
                parts = splice.parts()
            data = b"".join(parts)
            self.made[path] = (data, splice.index)
            self.reused[path] = splice.reused
            return data
        # a build writes the bytes as they are made: held, a 50 MB file (twice over
        # once joined) would be a tenth of the build's peak memory at 10,000 events
        with self._sink(path) as f:
            self._at[path] = getattr(f, "name", "")
            if parts is None:
                splice = Splice(lender, context, sink=f, owners=owners, twice=twice, group=group)
                fill(splice)
                splice.flush()
            else:
                f.writelines(parts)
                for part in parts:
                    splice.sha256.update(part)
        self.written[path] = splice.sha256.hexdigest()[:32]
        self.made[path] = (b"", splice.index)
        self.reused[path] = splice.reused
        return b""
