"""Where each value and key of a YAML document stands (Marks), the objects packed as one
pickle until first used (Packed), and the problem a document's reading raises: shared by
load's reader (simple_yaml) and PyYAML's (yamlfull)."""

from __future__ import annotations

import copyreg
import pickle
from dataclasses import field
from typing import Any, ClassVar

from .records import dataclass, value_methods

Key = tuple[str | int, ...]
Position = tuple[int, int]
"""A line and a column, both from 1."""


class Packed:
    """A frozen dataclass pickled as one bytes object of its fields' values, unpacked
    on first use: what a later build usually does not look at (a file's YAML marks, an
    unchanged event's body) then costs one object to unpickle instead of dozens.

    Its fields must have no class-level default (use default_factory): a packed object
    finds its fields through __getattr__, which a class attribute would shadow."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    KEEPS_PICKLE: ClassVar[bool] = False
    """Whether the pickle is kept when the fields are unpacked: `pack` then lets them go
    again without pickling them anew."""

    def _pickled(self) -> bytes:
        packed: bytes | None = self.__dict__.get("_packed")
        if packed is None:
            data = tuple(self.__dict__[name] for name in self.FIELDS)
            packed = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        return packed

    def __reduce__(self) -> tuple[Any, ...]:
        # made as pickle makes any object (copyreg.__newobj__: its class's __new__, then
        # __setstate__), packed until a field is first read
        return (copyreg.__newobj__, (type(self),), self._pickled())  # type: ignore[attr-defined]

    def __setstate__(self, packed: bytes) -> None:
        # (defined, so that pickle finds it without a miss through __getattr__)
        self.__dict__["_packed"] = packed

    def pack(self) -> None:
        """Keep the fields as their pickle until next used (the pickle kept, if any)."""
        self.hold(self._pickled())

    def hold(self, packed: bytes) -> None:
        """Keep the fields as `packed` until next used: a pickle that loads to their
        values' tuple (pack's, or one made otherwise: load._later_marks)."""
        for name in self.FIELDS:
            self.__dict__.pop(name, None)
        self.__dict__["_packed"] = packed

    def __getattr__(self, name: str) -> Any:
        packed = self.__dict__.get("_packed") if name in self.FIELDS else None
        if packed is None:
            raise AttributeError(name)
        self.__dict__.update(zip(self.FIELDS, pickle.loads(packed), strict=True))
        if not self.KEEPS_PICKLE:
            del self.__dict__["_packed"]
        return self.__dict__[name]


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Marks(Packed):
    """Where each value and key of a YAML document stands in its file (1-based).

    Marks only serve diagnostics, yet they are most of an event's objects: packed once
    the file is parsed, they cost a tenth of the memory until a diagnostic needs them."""

    FIELDS: ClassVar[tuple[str, ...]] = ("values", "keys")
    KEEPS_PICKLE = True  # packed again once the checks that unpacked them are done

    values: dict[Key, Position] = field(default_factory=dict)
    """Position of the value at a key path, e.g. ('people', 1) -> (7, 5)."""
    keys: dict[Key, Position] = field(default_factory=dict)
    """Position of the key itself for mapping entries, e.g. ('peple',) -> (6, 1)."""

    def at(self, *path: str | int) -> tuple[int, int]:
        """The value at `path`, or the nearest enclosing one that has a mark."""
        p: Key = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def key(self, *path: str | int) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.at(*path)

    def place(self, *path: str | int) -> tuple[int, int]:
        """`at` for a diagnostic: marks that were packed are let go again at once (their
        pickle kept: nothing pickled again), as at 100,000 events 70,000 same-day
        warnings held ~230 MiB unpacked at once. Not after a file's first few: 30,000
        unknown people in one event would unpack its marks 30,000 times (minutes); the
        few files that give so many stay unpacked."""
        packed = "_packed" in self.__dict__ and "values" not in self.__dict__
        position = self.at(*path)
        if packed:
            placed = self.__dict__["_placed"] = self.__dict__.get("_placed", 0) + 1
            if placed < REPACKED_DIAGNOSTICS:
                self.pack()
        return position


REPACKED_DIAGNOSTICS = 4
"""How many diagnostics of one file's marks `Marks.place` packs them again after."""


class YAMLProblem(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


INTERN_MAX = 64
"""Strings in YAML lists up to this long are interned (one copy of each slug and id)."""
