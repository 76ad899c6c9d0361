"""Whole-site files (feed.xml, events.json, search.json, …) made of per-event pieces.

Each of these files shows every event, so an edit to one event used to remake all of
them: seconds on a site of 10,000 events. A Splice writes such a file piece by piece;
a piece whose key (a tuple naming everything the piece shows) equals a key of the file
the last build wrote is copied from that file's bytes instead of being made again.

Where each piece lies is recorded per file, with the hash of the file's bytes: the old
file is used only when its bytes are exactly those the record was made for (the build
checks this with the output manifest, or against the bytes serve holds in memory).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Index = dict[str, tuple[int, int]]
"""Piece key -> (start, end) byte offsets in the file."""

Source = Callable[[str], "tuple[Any, Index] | None"]
"""Output path -> the bytes the last build made for it and their index, if trusted."""


def _nothing(path: str) -> tuple[Any, Index] | None:
    return None


class Splice:
    """One file being made; `add` literal text, `piece` a reusable part."""

    def __init__(self, old: tuple[Any, Index] | None, context: str = "") -> None:
        """old: the last build's bytes (or a buffer such as an mmap) and index; context:
        what every piece depends on (the base URL): a file made in another context lends
        none of its pieces."""
        mark = "\0@context\0" + context
        if old is None or mark not in old[1]:
            old = None
        self._old = memoryview(old[0]) if old else None
        self._old_index: Index = old[1] if old else {}
        self._parts: list[Any] = []
        self._size = 0
        self.index: Index = {mark: (0, 0)}
        self.reused = 0
        """Pieces copied from the old file (for tests and the curious)."""

    def add(self, text: str) -> None:
        data = text.encode("utf-8")
        self._parts.append(data)
        self._size += len(data)

    def piece(self, key: str | None, make: Callable[[], str]) -> None:
        """Append the piece called `key`: the old file's bytes for it when it has them.
        A key of None is a piece that is always made (and never lent to a later build)."""
        span = self._old_index.get(key) if key is not None else None
        data: Any
        if span is not None and self._old is not None and key not in self.index:
            data = self._old[span[0] : span[1]]
            self.reused += 1
        else:
            data = make().encode("utf-8")
        start = self._size
        self._size += len(data)
        self._parts.append(data)
        if key is not None:
            self.index[key] = (start, self._size)

    def bytes(self) -> bytes:
        return b"".join(self._parts)


class Pieces:
    """The splices of one build: where old files come from, and the indexes made."""

    def __init__(self, source: Source = _nothing, keep: bool = True) -> None:
        """keep: hold the bytes made (serve splices the next files from them; a build
        reads the next ones from the output folder, and lets them go once written)."""
        self._source = source
        self._keep = keep
        self.made: dict[str, tuple[bytes, Index]] = {}
        """Output path -> (bytes, or b"" unless kept, index) of each file spliced."""
        self.reused: dict[str, int] = {}
        """Output path -> how many pieces came from the last build's file."""

    def make(self, path: str, fill: Callable[[Splice], None], context: str = "") -> bytes:
        """The bytes of the file at `path`, written by `fill` into a Splice."""
        splice = Splice(self._source(path), context)
        fill(splice)
        data = splice.bytes()
        self.made[path] = (data if self._keep else b"", splice.index)
        self.reused[path] = splice.reused
        return data
