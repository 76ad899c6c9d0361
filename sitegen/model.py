"""The typed model of a site: what templates see and what checks reason about.

Values are parsed once, at the edge (schema.py); every field here is already valid or
the site did not get this far. Tuples, not lists or sets, so the model is hashable,
deterministic and picklable (the render cache keys pages on it).
"""

from __future__ import annotations

import copyreg
import datetime as dt
import pickle
import re
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import field
from functools import cached_property
from itertools import repeat
from typing import Any, ClassVar, NamedTuple

from .dates import EDate, format_range, format_when
from .iso3166 import flag as _flag
from .marks import Marks, Packed
from .records import dataclass, made_seldom, value_methods


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Origin:
    """Where a model object came from, to anchor diagnostics."""

    path: str
    """File path relative to the site folder."""
    marks: Marks = field(default_factory=Marks, compare=False, repr=False)
    """Positions of its fields in that file."""
    prefix: tuple[str | int, ...] = ()
    """Key path of this object inside the file (a source's id in sources.yaml)."""
    body_line: int = 1
    """File line on which the Markdown body starts."""
    digest: str = field(default="", compare=False, repr=False)
    """A hash of everything the object was made from (its file's bytes and the options
    that shape parsing), so a page key can name the object without pickling it."""

    kept: ClassVar[dict[tuple[str | int, ...], tuple[int, ...]] | None] = None
    """Of each list that left items out (Reader.strings: one not text, or empty), the
    index in the file of each item kept, keyed by the list's key path: later problems
    name an item by its index in the model's tuple. Set on the object only then, so an
    origin without one pickles as before."""

    def keep_items(self, path: tuple[str | int, ...], written: list[int]) -> None:
        """Items `written` (their indices in the file) of the list at `path` are the ones
        the model kept, in order."""
        kept = self.__dict__.setdefault("kept", {})
        kept[(*self.prefix, *path)] = tuple(written)

    def written(self, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The marks' key path of `path` (prefix included), through `kept`: an index
        past the kept items (a source only cited in the body) becomes one no mark has."""
        path = (*self.prefix, *path)
        for key, written in (self.kept or {}).items():
            n = len(key)
            if path[:n] == key and len(path) > n and isinstance(i := path[n], int):
                index = written[i] if 0 <= i < len(written) else -1 - i
                return (*key, index, *path[n + 1 :])
        return path

    def at(self, *path: str | int) -> tuple[int, int]:
        if self.kept:
            return self.marks.at(*self.written(path))
        return self.marks.at(*self.prefix, *path)

    def key(self, *path: str | int) -> tuple[int, int]:
        if self.kept:
            return self.marks.key(*self.written(path))
        return self.marks.key(*self.prefix, *path)

    def place(self, *path: str | int) -> tuple[int, int]:
        """Where a diagnostic about `path` points (see Marks.place)."""
        if self.kept:
            return self.marks.place(*self.written(path))
        return self.marks.place(*self.prefix, *path)

    def marked(self, *path: str | int) -> bool:
        """Whether the value at `path` has a mark of its own (it was written in the file)."""
        return self.written(path) in self.marks.values


class Ref(NamedTuple):
    """A reference written in a Markdown body: a citation or a wiki link.

    A named tuple, not a dataclass: a body of the varied benchmark's dense prose holds
    dozens, 263,000 at 10,000 events, and each dataclass carried its own attribute dict
    (with it, 60 MiB, a quarter of what every render process reads; now 20)."""

    target: str
    """The source id (`[@id]`) or slug (`[[slug]]`, maybe `people/slug`)."""
    line: int
    """File line of the reference."""
    column: int
    """File column of the reference."""

    def __reduce__(self) -> tuple[Any, ...]:
        # unpickled through interned_ref, which keeps one string per target: the same person or
        # source is cited by thousands of bodies, each body pickled on its own
        return (interned_ref, tuple(self))


def interned_ref(target: str, line: int, column: int) -> Ref:
    """A reference whose target is the one string of its value, as every parse and
    unpickling makes it (thousands of bodies cite the same person or source)."""
    return Ref._make((sys.intern(target), line, column))


class Refs:
    """A body's citations or wiki links, in order: a sequence of `Ref`s held as one tuple
    of their targets and one bytes object of their positions (line, column), each
    `Ref` made when read.

    Why: dense prose holds hundreds of references a body (388,000 at 10,000 events of
    the extreme corpus). As named tuples each took ~80 bytes (the tuple, its slot in
    the body's tuple, its ints), 30 MiB that every render process reads, so copies
    (docs/performance-history.md, "Memory", eighth round); here 16 bytes each. What the render reads
    is the targets (`targets`, one shared string each); the positions only serve the
    diagnostics. Equal to a tuple of the same `Ref`s, and hashed as one."""

    __slots__ = ("_places", "targets")

    targets: tuple[str, ...]
    """Each reference's target, in order (one interned string per value)."""

    def __init__(self, targets: tuple[str, ...], places: bytes) -> None:
        self.targets = targets
        self._places = places
        """Line and column of each reference, unsigned 32-bit ints in native order."""

    @classmethod
    def made(cls, targets: list[str], positions: list[int]) -> Refs:
        """From the targets (interned strings) and their positions, a line and a column
        each."""
        return cls(tuple(targets), array("I", positions).tobytes()) if targets else NO_REFS

    @classmethod
    def of(cls, refs: Iterable[Ref]) -> Refs:
        refs = tuple(refs)
        positions = [n for ref in refs for n in (ref.line, ref.column)]
        return cls.made([sys.intern(ref.target) for ref in refs], positions)

    def _positions(self) -> memoryview:
        return memoryview(self._places).cast("I")

    def __len__(self) -> int:
        return len(self.targets)

    def __bool__(self) -> bool:
        return bool(self.targets)

    def __iter__(self) -> Iterator[Ref]:
        at = self._positions().tolist()
        # (tuple.__new__ makes each Ref without a Python call: the checks read them all)
        return map(tuple.__new__, repeat(Ref), zip(self.targets, at[0::2], at[1::2], strict=True))

    def __getitem__(self, index: int) -> Ref:
        target = self.targets[index]  # (an IndexError as a tuple's)
        at = self._positions()
        n = index % len(self.targets)
        return Ref(target, at[2 * n], at[2 * n + 1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Refs):
            return self.targets == other.targets and self._places == other._places
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the tuple of the same Refs it equals

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # unpickled with one string per target, as interned_ref does (NO_REFS too: by
        # name, each body's pickle would look it up, slower than this call)
        return (_unpickled_refs, (self.targets, self._places))


def _unpickled_refs(targets: tuple[str, ...], places: bytes) -> Refs:
    if not targets:
        return NO_REFS
    return Refs(tuple([sys.intern(t) for t in targets]), places)


NO_REFS = Refs((), b"")


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Body(Packed):
    """A Markdown body rendered once, with site-dependent parts left as placeholders.

    Pickled packed (see marks.Packed): a rebuild after one edit unpickles the site the
    last build recorded, and needs the bodies of the edited events alone."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "html", "plain", "citations", "links", "hrefs", "pictures",
    )  # fmt: skip

    html: str
    """HTML with citation and link placeholders (see markdown.resolve)."""
    plain: str
    """Plain text, for search and descriptions: words separated by single spaces, with no
    space at either end (the search index takes it as it is), and a placeholder for each
    `[[slug]]` without text (markdown.plain_text fills in the names)."""
    citations: Refs = field(default_factory=lambda: NO_REFS)
    """Every `[@id]`, in order of appearance."""
    links: Refs = field(default_factory=lambda: NO_REFS)
    """Every `[[slug]]`, in order of appearance."""
    hrefs: Refs = field(default_factory=lambda: NO_REFS)
    """Every `[words](address)` to an address inside the site (no scheme: `../x/`,
    `/t/events/x/`, `file.pdf`), as written, in order: checks.internal_links follows
    each, as the published page would."""
    pictures: Refs = field(default_factory=lambda: NO_REFS)
    """Every `![alt](address)` inside the site, as `hrefs` are: followed as the page's
    picture would be, to a file the build publishes."""

    def __post_init__(self) -> None:
        fields = self.__dict__
        for name in ("citations", "links", "hrefs", "pictures"):
            if not isinstance(refs := fields[name], Refs):  # a tuple of Refs
                fields[name] = Refs.of(refs)

    @property
    def text(self) -> str:
        """The plain text with each `[[slug]]` shown as its slug (templates' description;
        what other files publish names the page: markdown.plain_text)."""
        plain: str = self.plain
        return plain if "\x02" not in plain else _PLACEHOLDER.sub(_slug_of, plain)

    def text_head(self, n: int) -> str:
        """`text[:n]`, the placeholders of only as much of the plain text as it takes
        filled in (an event page's description without a summary: its first 200
        characters, for which every link of a 6 KB body was filled in). A placeholder
        is never shorter than the slug it becomes: a head of n characters or more of
        the plain text, not cut inside one, becomes at least as much of the text."""
        plain: str = self.plain
        end = n
        while True:
            head = plain[:end]
            if "\x02" not in head:  # (most: none in the head's characters)
                return head[:n]
            if head.rfind("\x02") > head.rfind("\x03"):  # one cut in two: to its end
                close = plain.find("\x03", end)
                end = len(plain) if close < 0 else close + 1
                head = plain[:end]
            text = _PLACEHOLDER.sub(_slug_of, head)
            if len(text) >= n or end >= len(plain):
                return text[:n]
            end += n - len(text)

    def __getattr__(self, name: str) -> Any:
        fields = self.__dict__
        at = fields.get("_at") if name in _TEXTS else None
        if at is None:
            packed = fields.get("_packed") if name in _REFS else None
            if packed is None:
                return super().__getattr__(name)  # packed, or no such attribute
            # the references alone taken out, the texts left packed: the whole-site
            # files and the search index read every body's links, and 10,000 skewed
            # bodies' texts unpacked for that were +370 MiB in a title edit's parent
            values = pickle.loads(packed)
            fields.update((n, v) for n, v in zip(self.FIELDS, values, strict=True) if n in _REFS)
            return fields[name]
        store, start, end = at[:3] if name == "html" else at[3:]
        if store.__class__ is str:
            return store[start:end]
        data = store[start:end]
        if store.__class__ is _Zipped:
            data = zlib.decompress(data)
        return data.decode("utf-8", "surrogatepass")

    @property
    def plain_bytes(self) -> int:
        """The UTF-8 size of the plain text: what a data file's record of it weighs
        (publish.events_parts), known without unpacking a packed body."""
        size: int | None = self.__dict__.get("_size")
        if size is None:
            # (surrogatepass, as hold_texts: the load replaces a lone surrogate an escape
            # puts in a value (load.CONTROL_RE), but a body made in code may hold one)
            size = self.__dict__["_size"] = len(self.plain.encode("utf-8", "surrogatepass"))
        return size

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # the plain text's size rides beside the packed fields: a large site's plan
        # weighs every event (publish.events_parts) and would unpack every body
        packed: Any = self._pickled()
        if protocol >= 5 and len(packed) >= OUT_OF_BAND_BYTES:
            # out of band where the pickler takes buffers (a parse shard: see
            # cache.dumped_table), bytes in the pickle where it does not
            packed = pickle.PickleBuffer(packed)
        elif packed.__class__ is not bytes:
            packed = bytes(packed)  # (a view of a mapped parse shard)
        return (copyreg.__newobj__, (type(self),), (packed, self.plain_bytes))  # type: ignore[attr-defined]

    def __setstate__(self, state: bytes | tuple[bytes, int]) -> None:
        packed, size = state if isinstance(state, tuple) else (state, None)
        self.__dict__["_packed"] = packed
        if size is not None:
            self.__dict__["_size"] = size

    def _pickled(self) -> bytes:
        if "_at" not in self.__dict__:
            return super()._pickled()
        data = (self.html, self.plain, self.citations, self.links, self.hrefs, self.pictures)
        return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)

    def pack(self) -> None:
        self._own_texts()
        _ = self.plain_bytes  # (known while the text is at hand)
        super().pack()

    def _own_texts(self) -> None:
        """The texts back in this body's own fields (from a TextStore)."""
        fields = self.__dict__
        if "_at" in fields:
            fields["html"], fields["plain"] = self.html, self.plain
            del fields["_at"]


OUT_OF_BAND_BYTES = 512
"""A packed body this large or larger is handed to a pickle of protocol 5 as a buffer
(out of band where the pickler takes them): the parse cache leaves such bodies in its
mapped file until read (cache.loaded_table), where smaller ones cost more as buffers
than as bytes."""

_TEXTS = frozenset(("html", "plain"))
_REFS = frozenset(("citations", "links", "hrefs", "pictures"))
"""A body's references: read of a packed body without unpacking its texts for good."""

_PLACEHOLDER = re.compile("\x02t:([^\x03]*)\x03")


def _slug_of(m: re.Match[str]) -> str:
    return m.group(1).split("/")[-1]


EMPTY_BODY = Body("", "")


def hold_texts(bodies: Iterable[Body], zip_html: bool = False, zip_long: bool = True) -> None:
    """Move the bodies' HTML and plain text into a few large strings, one per character
    width, each body keeping where its own lie; reading one slices it out. A text whose
    characters CPython stores in 2 or 4 bytes each is held as UTF-8 bytes instead, when
    that is smaller, and decoded when read. `zip_html`: every HTML held compressed (a
    site of ZIPPED_HTML_EVENTS events or more); `zip_long`: every text of
    ZIPPED_CHARACTERS or more held compressed (a site of ZIPPED_LONG_EVENTS or more).

    Why: a forked render process reads the bodies of the model it inherited, and on
    CPython 3.11 a read writes the object's reference count, so the process copies the
    memory page it lies on. Tens of thousands of strings, most smaller than a page and
    each beside other objects, are copied almost whole by every process that reads
    them (at 10,000 events 44 to 65 MiB a process); a few large strings cost a page
    each. A slice is a new string, made and dropped as the page is rendered.
    UTF-8: one emoji or CJK character (a link's label of an emoji title is enough) makes
    CPython store every character of its string in 4 or 2 bytes (PEP 393); held so, the
    skewed corpus's bodies took 3.2 times their UTF-8 size."""
    todo = [b for b in bodies if "_at" not in b.__dict__ and (b.html or b.plain)]
    parts: dict[int, list[Any]] = {}
    ends: dict[int, int] = {}
    places = []
    for body in todo:
        for text, zipped in ((body.html, zip_html), (body.plain, False)):
            kind, held = _held(text, zipped, zip_long)
            start = ends.get(kind, 0)
            ends[kind] = start + len(held)
            parts.setdefault(kind, []).append(held)
            places.append((kind, start, start + len(held)))
    stores = {kind: _STORES.get(kind, str)(_join(held)) for kind, held in parts.items()}
    parts.clear()
    for n, body in enumerate(todo):
        (hw, ha, hb), (pw, pa, pb) = places[2 * n], places[2 * n + 1]
        fields = body.__dict__
        if "_at" in fields:
            continue  # one body of two owners, moved already
        del fields["html"], fields["plain"]
        fields["_at"] = (stores[hw], ha, hb, stores[pw], pa, pb)


class _Zipped(bytes):
    """A store of texts each compressed on its own (zlib), decompressed when read."""


_UTF8, _ZIPPED = 8, 9
"""The stores of texts held as UTF-8 bytes, and compressed (the others are keyed by
character width)."""
_STORES: dict[int, type] = {_UTF8: bytes, _ZIPPED: _Zipped}

ZIPPED_CHARACTERS = 24_000
"""A text this long or longer is held compressed on a site of ZIPPED_LONG_EVENTS events
or more: the skewed corpus's 30-90 KB bodies (6 % of its events, two thirds of its
bytes), read a few times a build each; the standard corpus has none."""

ZIPPED_LONG_EVENTS = 5_000
"""Events from which a forking build holds its long texts (ZIPPED_CHARACTERS) compressed
(hold_texts' `zip_long`). The store of texts is made before the render forks and only
read after, so it is counted once however many processes share it: compressed, the
skewed corpus's long texts weigh ~40 % of their UTF-8 bytes, ~5 MiB less of the build's
peak every 1,000 events (at 10,000, ~50 MiB: its peak at 2 processes is 364 MiB of
issue #20's 400). The price is CPU: each is compressed as it is held and decompressed at
every read (its event page, the feeds it is in, the search index, the data files), 2.4 %
of the skewed corpus's 1,000-event build's instructions (callgrind, its processes' own).
Below it, memory is not what binds.
(docs/performance.md, "The skewed corpus on 2 cores: who works when")"""

ZIPPED_HTML_EVENTS = 50_000
"""Events from which a forking build holds every body's HTML compressed (hold_texts'
`zip_html`), whatever its length: the texts are most of what the render's processes
share, and at 100,000 newsroom events the build's peak (2 processes) was over 2 GiB.
Compressed, the HTML takes 0.42 of its size (zlib's fastest level: 33.4 -> 14.2 MiB at
10,000 newsroom events), ~190 MiB less at 100,000, for ~0.06 ms an event of CPU (an
HTML is read by its event page, and by the feeds whose latest entries it is in). Below
it, memory is not what binds.
(docs/performance.md, "100,000 newsroom events under 2 GiB")"""


def zips_html(events: int) -> bool:
    """Whether a forking build of a site of `events` events holds its bodies' HTML
    compressed (ZIPPED_HTML_EVENTS)."""
    return events >= ZIPPED_HTML_EVENTS


def zips_long(events: int) -> bool:
    """Whether a forking build of a site of `events` events holds its long texts
    compressed (ZIPPED_LONG_EVENTS)."""
    return events >= ZIPPED_LONG_EVENTS


def _held(text: str, zipped: bool = False, zip_long: bool = True) -> tuple[int, str | bytes]:
    """Which store a text goes in, and as what: the string; or its UTF-8 bytes where
    they are fewer than the string's (lone surrogates kept: "surrogatepass"),
    compressed when `zipped`, or long and `zip_long`."""
    if zipped or (zip_long and len(text) >= ZIPPED_CHARACTERS):
        return _ZIPPED, zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
    width = _width(text)
    if width >= 2 and len(data := text.encode("utf-8", "surrogatepass")) < width * len(text):
        return _UTF8, data
    return width, text


def _join(parts: list[Any]) -> str | bytes:
    return (b"" if isinstance(parts[0], bytes) else "").join(parts)


def _width(text: str) -> int:
    """Bytes per character of the string (CPython's compact strings: 1, 2 or 4): a store
    holds strings of one width, so that it is no wider than they are."""
    if text.isascii():
        return 0  # (an ASCII string's slices are ASCII: the fastest to make)
    extra = sys.getsizeof(text) - _NON_ASCII_HEADER
    return max(1, min(4, extra // (len(text) + 1)))


_NON_ASCII_HEADER = sys.getsizeof("\xe9") - 2


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Image:
    """A picture with the words a reader needs to trust it."""

    src: str
    """An absolute http(s) URL or a path inside the site's static/ folder."""
    alt: str
    """Alternative text for readers who cannot see it."""
    credit: str = ""
    """Who made it / who owns it."""
    caption: str = ""
    """What the picture shows, for readers, under it (plain text)."""
    width: int | None = None
    """Pixel width, read from the file when it is local."""
    height: int | None = None
    """Pixel height, read from the file when it is local."""
    sizes: tuple[tuple[str, int, int], ...] = ()
    """A local picture's responsive sizes, smallest first: (path in the output, width,
    height); made at build time (images.renditions). Empty for an address, an SVG or GIF,
    or a picture too small to need them."""
    digest: str = ""
    """A local picture's content hash (names its sizes; keys the image cache)."""
    broken: str = ""
    """Why a local picture's bytes cannot be published though its header reads (no
    pixels, or cut short), found by the load without decoding it (images.describe)."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Series:
    """Membership of a numbered series (the 21st, 22nd summit)."""

    id: str
    """The series' id, shared by its events."""
    number: int
    """The event's number in the series."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Correction:
    """A published correction to an event."""

    date: EDate
    """When it was corrected."""
    text: str
    """What was corrected."""
    citations: tuple[Ref, ...] = ()
    """Every source the text cites with `[@id]`, each once, at the text's position."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Source:
    """A document that supports claims: an article, a report, a statement."""

    id: str
    """Its id in sources.yaml (or `EVENT--N` for an inline source)."""
    title: str
    """The document's title."""
    publisher: str
    """Who published it."""
    author: str = ""
    """Who wrote it."""
    url: str = ""
    """Where readers can read it (absolute http(s)), or ''."""
    published: EDate | None = None
    """When it was published."""
    accessed: EDate | None = None
    """When the newsroom last read it."""
    archive_url: str = ""
    """An archived copy (web.archive.org, archive.today), or ''."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Person:
    """Someone who takes part in events."""

    slug: str
    """From the file name."""
    name: str
    """The name as readers know it."""
    role: str = ""
    """Their role at the time of the story."""
    country: str = ""
    """Slug of their country, or ''."""
    wikidata: str = ""
    """Wikidata Q-id, or ''."""
    image: Image | None = None
    """Portrait."""
    draft: bool = False
    """Drafts are checked but only published by `serve` and `build --drafts`."""
    body: Body = EMPTY_BODY
    """Biography."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def title(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"people/{self.slug}/"

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        return "".join(w[0] for w in (words[:1] + words[-1:] if len(words) > 1 else words))


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Country:
    """A country involved in events."""

    slug: str
    """From the file name."""
    name: str
    """Its common English name."""
    iso: str = ""
    """ISO 3166-1 alpha-2 code, or ''."""
    wikidata: str = ""
    """Wikidata Q-id, or ''."""
    draft: bool = False
    """Drafts are checked but only published by `serve` and `build --drafts`."""
    body: Body = EMPTY_BODY
    """Notes."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def title(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"countries/{self.slug}/"

    @property
    def flag(self) -> str:
        return _flag(self.iso) if self.iso else ""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Event:
    """Something that happened (or is scheduled to), on a date, with sources."""

    slug: str
    """From the file name; unique across events."""
    title: str
    """Headline."""
    date: EDate
    """When it started."""
    summary: str = ""
    """One sentence for the timeline and the meta description."""
    end: EDate | None = None
    """When it ended, or None."""
    ongoing: bool = False
    """True when `end: ongoing`."""
    time: dt.time | None = None
    """Time of day it started, in the site's time zone (day-precision dates only)."""
    end_time: dt.time | None = None
    """Time of day it ended: on `end`'s day, or on the start's day without an end."""
    order: int | None = None
    """Its place among the day's events that share a time (or have none), smaller first."""
    people: tuple[str, ...] = ()
    """Slugs of the people involved."""
    countries: tuple[str, ...] = ()
    """Slugs of the countries involved."""
    tags: tuple[str, ...] = ()
    """Topic words."""
    related: tuple[str, ...] = ()
    """Slugs of related events."""
    timelines: tuple[str, ...] = ()
    """Slugs of the timelines (stories) the event belongs to, in the order written."""
    series: Series | None = None
    """Its place in a numbered series."""
    sources: tuple[str, ...] = ()
    """Source ids: those listed in `sources:`, then those cited only in the body."""
    image: Image | None = None
    """Lead picture."""
    draft: bool = False
    """Drafts are checked but only published by `serve` (marked as drafts)."""
    status: str = ""
    """'scheduled' for events announced ahead, else ''."""
    updated: EDate | None = None
    """When the entry was last updated."""
    corrections: tuple[Correction, ...] = ()
    """Published corrections."""
    body: Body = EMPTY_BODY
    """The entry's text."""
    date_text: str = ""
    """The date as the newsroom wrote it for readers (`display_date:`, kept from an
    imported TimelineJS slide), shown in place of the formatted date; '' for the latter."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    @property
    def scheduled(self) -> bool:
        return self.status == "scheduled"

    @property
    def display_date(self) -> str:
        """The dates alone, without a time of day (see `when`); the newsroom's own words
        (`display_date`) where it gave them."""
        return self.dates_text()

    def dates_text(self, era: str = "bce") -> str:
        """display_date with years before the common era in site.yaml's `era_style`."""
        return self.date_text or format_range(self.date, self.end, self.ongoing, era)

    @property
    def ranged(self) -> bool:
        """It lasts: it has an end on another day (or in another month, year), or is ongoing."""
        return self.ongoing or (self.end is not None and self.end != self.date)

    def when(self, tz: str, era: str = "bce") -> str:
        """The dates and times for readers, times in the zone named `tz`, years before the
        common era in site.yaml's `era_style` (the newsroom's own words where it gave them)."""
        if self.date_text:
            return self.date_text
        times = (self.time, self.end_time)
        return format_when(self.date, self.end, self.ongoing, times, tz, era)

    def sort_key(self) -> tuple[object, ...]:
        """Timeline order, from the content alone (never the file name but as a last
        resort, after the title; checks.py warns when it comes to that on one day).

        By start; within a period, a point event at year or month precision leads the
        period ('July 2024' before '8 July 2024'), a range that starts at that precision
        follows it ('March 2004 – May 2014' after '2 March 2004'), as its start within the
        period is unknown. On one day: events without a time first, then by time; then
        `order` (events with one first), then a point before a range, then the title."""
        d = self.date
        ranged = self.ranged
        month = d.month if d.month is not None else (13 if ranged else 0)
        day = d.day if d.day is not None else (32 if ranged else 0)
        minute = -1 if self.time is None else self.time.hour * 60 + self.time.minute
        order = (0, self.order) if self.order is not None else (1, 0)
        return (d.year, month, day, minute, order, ranged, self.title.casefold(), self.slug)

    def day_key(self) -> tuple[object, ...]:
        """What decides this event's place against another on the same day: two with the
        same day_key are ordered by title alone."""
        return self.sort_key()[:6]

    @cached_property
    def record_weight(self) -> int:
        """About how many bytes its record in events.json writes (an over-estimate of
        most): its texts, 30 a name in its lists, its corrections; without unpacking its
        body (Body.plain_bytes). The parts of a large site's events.json are cut by it
        (publish.events_parts).

        Kept in the event's __dict__, so pickled with it: the parse worker weighs each
        event before pickling it for the parse cache (assemble._parse_group), and a
        one-event edit, which weighs every event of the site (publish.edited_parts),
        reads the weights of the 10,000 it unpickled (the skewed corpus: ~50 ms, each
        event's dozen fields read where they lie scattered by the unpickle)."""
        named = len(self.people) + len(self.countries) + len(self.tags) + len(self.related)
        named += len(self.sources) + len(self.timelines)
        weight = RECORD_BASE + 2 * len(self.slug) + len(self.title) + len(self.summary)
        weight += 30 * named
        if self.corrections:
            weight += sum(60 + len(c.text) for c in self.corrections)
        if self.image is not None:
            weight += 300
        return weight + self.body.plain_bytes


RECORD_BASE = 400
"""About what an events.json record weighs besides its texts and lists (Event.record_weight):
its URL, slug, dates, precision, display date and keys (300–350 bytes on the bench's
corpora)."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Tag:
    """A topic's name for readers (from content/tags.yaml or site.yaml's `tags:`)."""

    slug: str
    """As events write it in `tags:`."""
    name: str
    """What readers see: 'War in Ukraine' for war-in-ukraine."""
    description: str = ""
    """A sentence about the topic, or ''."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Era:
    """A named span of time drawn as a band behind the timeline (content/eras.yaml)."""

    title: str
    start: EDate
    end: EDate
    """At any precision; the band runs to the end of its period."""
    colour: str = ""
    """A CSS colour (`#8a5a00`, `teal`), or '' for the theme's."""
    timelines: tuple[str, ...] = ()
    """The timelines it belongs to (content/timelines/ ids); () for every one."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)


def humanise(slug: str) -> str:
    """A tag's name when none is given: 'war-in-ukraine' -> 'War in ukraine'."""
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Timeline:
    """One story of a newsroom (content/timelines/SLUG.md): a titled list of events."""

    slug: str
    """From the file name; its page is timelines/SLUG/."""
    title: str
    """The story's headline."""
    summary: str = ""
    """One sentence for the front page and the meta description."""
    byline: tuple[str, ...] = ()
    """Who wrote and keeps it."""
    updated: EDate | None = None
    """When it was last updated, as the newsroom says."""
    order: str = "oldest"
    """'oldest' first, or 'newest' first (running stories)."""
    image: Image | None = None
    """Lead picture for the front page."""
    draft: bool = False
    """Drafts are checked but only published by `serve` or `build --drafts`."""
    body: Body = EMPTY_BODY
    """The introduction."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"


SEARCH_PLACEHOLDER = "Search events, people, countries"
"""The search box's hint unless site.yaml gives one (the theme names no story of its own)."""


@made_seldom
@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Config:
    """site.yaml."""

    title: str
    """The site's title."""
    base_url: str = ""
    """Absolute URL the site is published at, ending in '/'; '' when unknown."""
    language: str = "en"
    """BCP 47 language tag."""
    description: str = ""
    """One or two sentences about the site."""
    ignore: tuple[str, ...] = ()
    """Warning codes silenced for this site."""
    allow_html: bool = False
    """Let raw HTML in Markdown through (off: it is escaped)."""
    feed_limit: int = 50
    """Entries in feed.xml, newest first; 0 for every event."""
    timezone: str = "UTC"
    """IANA name of the zone event times are written in (`time:`, `end_time:`)."""
    era_style: str = "bce"
    """How years before the common era are said: `bce` (44 BCE) or `bc` (44 BC)."""
    search_placeholder: str = SEARCH_PLACEHOLDER
    """The hint in the empty search box: words from the site's own story, or a neutral one."""
    tags: tuple[Tag, ...] = ()
    """Names for tags, from site.yaml's `tags:` map."""
    embed_links: str = "top"
    """Where a link inside an embedded timeline opens: 'top' (the reader's tab) or 'new'."""
    byline: tuple[str, ...] = ()
    """Who wrote and keeps the site's timeline (a site without content/timelines/)."""
    updated: EDate | None = None
    """When its timeline was last updated, as the newsroom says."""
    order: str = "oldest"
    """Its timeline's order: 'oldest' first, or 'newest' first (running stories)."""
    card_font: str = ""
    """site.yaml's `cards: font:`: the share cards' font, a path inside the site folder."""
    card_bold_font: str = ""
    """`cards: bold_font:`: their titles' font (else card_font)."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def rtl(self) -> bool:
        """Whether the site's language is written right to left (its pages get dir="rtl")."""
        return right_to_left(self.language)

    @property
    def search_dir_auto(self) -> bool:
        """Whether the search box runs the way its text does (dir="auto"): on a right-to-left
        site that left the theme's English hint, which a box running right to left cuts at
        its start on a phone; a site's own hint runs the page's way."""
        return self.rtl and self.search_placeholder == SEARCH_PLACEHOLDER


RTL_LANGUAGES = frozenset(
    [
        "ar",
        "arc",
        "ckb",
        "dv",
        "fa",
        "he",
        "iw",
        "ji",
        "ks",
        "mzn",
        "nqo",
        "ps",
        "sd",
        "syr",
        "ug",
        "ur",
        "yi",
    ]
)
"""Languages written right to left (a script subtag, below, overrides: az-Arab, ku-Latn)."""
RTL_SCRIPTS = frozenset(["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"])


def right_to_left(language: str) -> bool:
    """Whether text in a BCP 47 language is written right to left: by its script subtag
    when it has one (sd-Deva is left to right, uz-Arab right to left), else by its language."""
    tags = language.lower().replace("_", "-").split("-")
    script = next((t for t in tags[1:] if len(t) == 4 and t.isalpha()), None)
    if script is not None:
        return script in RTL_SCRIPTS
    return tags[0] in RTL_LANGUAGES


@made_seldom
@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Site:
    """Everything sitegen knows about a site, checked and cross-linked."""

    config: Config
    """site.yaml."""
    events: tuple[Event, ...]
    """Every event, drafts included, in timeline order."""
    people: dict[str, Person]
    """People by slug, alphabetical by name."""
    countries: dict[str, Country]
    """Countries by slug, alphabetical by name."""
    sources: dict[str, Source]
    """Sources by id: sources.yaml first, then inline ones."""
    tags: dict[str, Tag] = field(default_factory=dict)
    """Named tags by slug: site.yaml's `tags:`, then content/tags.yaml (which wins)."""
    eras: tuple[Era, ...] = ()
    """content/eras.yaml's eras, in the file's order."""

    def tag_name(self, slug: str) -> str:
        """What readers see for a tag: its name, or its slug made readable."""
        tag = self.tags.get(slug)
        return tag.name if tag is not None else humanise(slug)

    timelines: dict[str, Timeline] = field(default_factory=dict)
    """Timelines (stories) by slug, alphabetical; empty for a one-story site."""

    def bodies(self) -> Iterable[Body]:
        """Every body of the site: events', people's, countries', timelines'."""
        for owners in (self.events, self.people.values(), self.countries.values()):
            for owner in owners:
                yield owner.body
        for timeline in self.timelines.values():
            yield timeline.body

    def event(self, slug: str) -> Event | None:
        return next((e for e in self.events if e.slug == slug), None)

    @cached_property
    def events_by_slug(self) -> dict[str, Event]:
        """Events by slug (of two with one slug, the later; checks report them): made once
        per site, as links and checks look events up by the thousand."""
        return {e.slug: e for e in self.events}

    @cached_property
    def draft_timelines(self) -> frozenset[str]:
        """The slugs of the timelines marked `draft: true`."""
        return frozenset([slug for slug, t in self.timelines.items() if t.draft])

    @cached_property
    def published_events(self) -> tuple[Event, ...]:
        """The events a build without --drafts publishes (those not held_back), in
        timeline order: found once per site, as the share cards, the parts' check and the
        plan each ask (a pass over 10,000 events each, 5-10 ms, in every edit)."""
        drafts = self.draft_timelines
        if not drafts:  # (the common case: no method call an event)
            return tuple([e for e in self.events if not e.draft])
        held_back = self.held_back
        return tuple([e for e in self.events if not held_back(e)])

    def timeline_events(self, drafts: bool) -> dict[str, list[Event]]:
        """Each timeline a build publishes (every one under --drafts) -> its events, in
        timeline order: worked out once per site, in one pass over its events, as the
        share cards and the plan each ask (~15 ms each at 10,000 events, in every edit).
        The lists are shared: read them, never change them."""
        return self._every_timeline_events if drafts else self._published_timeline_events

    @cached_property
    def _published_timeline_events(self) -> dict[str, list[Event]]:
        return self._events_by_timeline(False)

    @cached_property
    def _every_timeline_events(self) -> dict[str, list[Event]]:
        return self._events_by_timeline(True)

    def _events_by_timeline(self, drafts: bool) -> dict[str, list[Event]]:
        made: dict[str, list[Event]] = {
            s: [] for s, t in self.timelines.items() if drafts or not t.draft
        }
        for ev in self.events if drafts else self.published_events:
            for slug in dict.fromkeys(ev.timelines):
                if slug in made:
                    made[slug].append(ev)
        return made

    def held_back(self, ev: Event) -> bool:
        """Whether a build without --drafts leaves the event out: a draft, or an event
        whose every timeline is a draft (a story prepared before its launch keeps its
        events with it; one also in a published timeline is published)."""
        if ev.draft:
            return True
        drafts = self.draft_timelines
        return bool(drafts) and bool(ev.timelines) and all(t in drafts for t in ev.timelines)

    def left_out(self, owner: Event | Person | Country | Timeline) -> bool:
        """Whether a build without --drafts leaves the page of `owner` out: an event held
        back (see held_back), any other page a draft."""
        return self.held_back(owner) if isinstance(owner, Event) else owner.draft

    def __getstate__(self) -> dict[str, Any]:
        # the indexes are made again from the events, not pickled with the site
        state = dict(self.__dict__)
        state.pop("events_by_slug", None)
        state.pop("draft_timelines", None)
        state.pop("published_events", None)
        state.pop("_published_timeline_events", None)
        state.pop("_every_timeline_events", None)
        return state
