"""Page keys: a hash of everything a page shows, so that a page whose key did not change
is not rendered again (see docs/architecture.md, "The incremental build").

Most of what pages show is shared: every person page lists all the entries, and an event
page shows people, countries and sources that a thousand others show too. Pickled again
for each page, the keys would cost more than the rendering; so each shared object is
digested once per build and its digest stands in for it. The table of those digests
(`Digests`) is keyed by what an object is made from: a model object by the hash of the
file it was read from (model.Origin.digest), an Entry by its slug and gap, checked
against the Entry itself. It lives on the build, and a serve rebuild reuses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import operator
import pickle
from collections.abc import Callable, Collection, Mapping
from typing import Any

from .marks import Marks
from .model import Country, Event, Person, Source, Timeline
from .pages import (
    BACKGROUND_FIELDS,
    ENTRY_FIELDS,
    Chip,
    Entry,
    Later,
    MarkedEntry,
    Page,
    SharedList,
    SharedValue,
    StoryLink,
    StripBackground,
)
from .stories import Story

MODELS = (Event, Person, Country, Source, Timeline)
"""Model objects, each named by the hash of the file it was read from (Origin.digest).
(A timeline is on each of its pages, on its events' pages and on the moved year pages,
each of which named up to 20: pickled whole, introduction and all, on every one.)"""
RECORDS = {
    kind: operator.attrgetter(*(f.name for f in dataclasses.fields(kind)))
    for kind in (Chip, StoryLink)
}
"""Small records that many pages show (a person's chip, a link to a timeline), each
digested once per build by its fields (see Digests.records): pickled, each took a look-up
of its class by name, on every page that shows it."""
SHARED = frozenset((Entry, MarkedEntry, *MODELS, Marks, *RECORDS))
"""What many pages show: digested once per build for the page keys (see Digests).

Marks: every source of sources.yaml holds the marks of the whole file. (A set: asked
of each value a page key meets, a tuple compared a type that is none of them with
each of the twelve.)"""

SHARED_LISTS = frozenset((SharedList, StripBackground))
"""Lists many pages show, each digested once per build (see Digests.of)."""

ENTRY_DIGEST = "entry_digest"
"""The attribute in which an Entry holds its digest once digested: no field of it, so
not compared, hashed or shown. An entry is frozen, so its digest never goes stale; read
off each entry at C speed (_ENTRY_DIGESTS), a list of entries is joined without a Python
loop: the skewed corpus's pages list 80,000 entries, and a table looked up by slug, gap
and title for each was a third of its page keys. (Set by object.__setattr__, never
through vars(e): on Python 3.11 that gives the entry a dict of its own, and every read
of its fields by the templates took six times as long, as many instructions again as
the keys saved.)"""
_ENTRY_DIGESTS = operator.attrgetter(ENTRY_DIGEST)
_CHIP_FIELDS = RECORDS[Chip]
_LINK_FIELDS = RECORDS[StoryLink]
_GAP = [f.name for f in dataclasses.fields(Entry)].index("gap")


def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class Digests:
    """The digests of the shared objects a build's page keys have met, by stable keys."""

    def __init__(self) -> None:
        self.models: dict[type, dict[str, bytes]] = {kind: {} for kind in MODELS}
        """Kind -> Origin.digest -> digest of a model object read from a file."""
        self.entries: dict[tuple[str, str, str], tuple[Entry, bytes]] = {}
        """(slug, gap, title) -> the Entry last digested under it, and its digest. An Entry
        is held and compared, not hashed: hashing one hashes all its fields, chips and all.
        (The title: a person's page on a site with timelines shows each entry twice, as
        listed and as its strip marks it, titled with its timelines: under one key the
        two took turns, and each page digested both again.)"""
        self.by_slug: dict[str, tuple[Entry, bytes]] = {}
        """Slug -> an entry of that event and the digest of its fields but its gap. Each
        timeline lists an event's entry again with its own gap (stories._with_gap: the
        same field values otherwise), and each was pickled whole, sources and all (the
        skewed corpus's 1,000 events are 2,309 entries, ~2 KB of pickle each)."""
        self.marked: dict[tuple[str, str, str], tuple[MarkedEntry, bytes]] = {}
        """The same for the entries as a strip marks them (see pages.MarkedEntry)."""
        self.records: dict[tuple[type, tuple[Any, ...]], bytes] = {}
        """(kind, fields) -> the digest of a small record (one of RECORDS)."""
        self.items: dict[tuple[str, Any], bytes] = {}
        """(name, plain value) -> the digest of an item of a SharedValue's key_items."""
        self.stories: dict[str, tuple[Story, bytes]] = {}
        """Story slug -> the Story last digested under it, and its digest."""
        self.plain: list[_PlainPickler] = []
        """Picklers for Digests.later to reuse, as `spares` below."""
        self.spares: list[_KeyPickler] = []
        """Picklers for data_digest to reuse: making one (and its buffer) cost more than
        pickling most of the 30,000 values a 10,000-event build digests with it. (Taken
        and given back by list.pop and append, which no other thread can split: serve
        makes a feed a browser asks for beside a rebuild.)"""

    def of(self, obj: Any) -> bytes:
        """The digest of a shared object (one of SHARED, or a SharedList)."""
        kind = type(obj)
        table = self.models.get(kind)
        if table is not None and obj.origin.digest:
            made = table.get(obj.origin.digest)
            if made is None:
                text = f"{kind.__name__}\0{obj.origin.digest}"
                made = table[obj.origin.digest] = _blake(text.encode())
            return made
        if kind is Entry:
            return self._entry(obj)
        if kind is MarkedEntry:
            return self._marked(obj)
        if kind is SharedList:
            if obj.digest is None:
                obj.digest = data_digest(obj, self)
            return obj.digest  # type: ignore[no-any-return]
        if kind is StripBackground:
            if obj.digest is None:
                # (what it draws held only where serve compares it: see Memo.background_of)
                shown = obj.drawn if obj.drawn is not None else list(map(BACKGROUND_FIELDS, obj))
                drawn = pickle.dumps(shown, protocol=pickle.HIGHEST_PROTOCOL)
                obj.digest = _blake(b"background\0" + drawn)
            return obj.digest  # type: ignore[no-any-return]
        if kind in RECORDS:
            return self._record(obj)
        return data_digest(obj, self)  # made in memory, not read from a file

    def _record(self, obj: Any) -> bytes:
        kind = type(obj)
        key = (kind, RECORDS[kind](obj))
        made = self.records.get(key)
        if made is None:
            state = pickle.dumps((kind.__name__, key[1]), protocol=pickle.HIGHEST_PROTOCOL)
            made = self.records[key] = _blake(state)
        return made

    def _marked(self, e: MarkedEntry) -> bytes:
        """A marked entry's digest, from its entry's and its note."""
        key = (e.slug, e.gap, e.title)
        hit = self.marked.get(key)
        if hit is not None and (hit[0] is e or hit[0] == e):
            return hit[1]
        assert e.entry is not None
        note = e.note.encode("utf-8", "surrogatepass")
        made = _blake(b"MarkedEntry\0" + self.of(e.entry) + note)
        self.marked[key] = (e, made)
        return made

    def story(self, s: Story) -> bytes:
        """A timeline's Story's digest (its pickle's), made once a build: each of its
        pages shows it (the skewed corpus's 161 year pages pickled it again each)."""
        hit = self.stories.get(s.slug)
        if hit is None or hit[0] is not s:
            hit = self.stories[s.slug] = (s, data_digest(s, self))
        return hit[1]

    def later(self, value: Later) -> bytes:
        """A Later's digest: its pickled key_state, plain values, each pickled without the
        pickler's memo (nothing in it is met twice but by chance: the memo's bookkeeping,
        and a pickler made for each, were ~40 % of digesting an event body, its link
        table ~20 targets and what each resolves to on the skewed corpus)."""
        return _blake(self._plain(value.key_state()))

    def shared(self, value: SharedValue) -> bytes:
        """A SharedValue's digest: from its key_items where it has them, else (or where
        an item is not hashable) from its pickle."""
        table = value.key_items()
        if table is not None:
            try:
                return self._table(table.items())
            except TypeError:  # (an unhashable item)
                pass
        return data_digest(value, self)

    def _table(self, items: Collection[tuple[str, Any]]) -> bytes:
        """A table's digest: its (name, plain value) items' digests joined, each item's
        made once a build (a TypeError for an item that is not hashable). (Not a body's
        link table, pickled whole: its items are made for its page, with their hashes
        not yet worked out, and a table lists ~11: no fewer instructions.)"""
        made = self.items
        try:
            return _blake(b"T%d:" % len(items) + b"".join(map(made.__getitem__, items)))
        except KeyError:  # (an item not digested yet)
            for item in items:
                if item not in made:
                    made[item] = _blake(self._plain(item))
        return _blake(b"T%d:" % len(items) + b"".join(map(made.__getitem__, items)))

    def _plain(self, value: object) -> bytes:
        """A plain value's pickle, without a memo (see _PlainPickler)."""
        try:
            pickler = self.plain.pop()
        except IndexError:  # (none made yet, or in use by another thread)
            pickler = _PlainPickler()
        return pickler.pickled(value, self.plain)

    def _entry(self, e: Entry) -> bytes:
        """An entry's digest, kept on the entry too (see ENTRY_DIGEST)."""
        made: bytes | None = getattr(e, ENTRY_DIGEST, None)
        if made is not None:
            return made
        key = (e.slug, e.gap, e.title)
        hit = self.entries.get(key)
        if hit is not None and (hit[0] is e or hit[0] == e):
            made = hit[1]
        else:
            made = self._gapless(e)
            if e.gap:  # (most entries have none: their digest is their fields')
                made = _blake(b"Entry\0" + made + e.gap.encode("utf-8", "surrogatepass"))
            self.entries[key] = (e, made)
        object.__setattr__(e, ENTRY_DIGEST, made)  # (frozen: see ENTRY_DIGEST)
        return made

    def _gapless(self, e: Entry) -> bytes:
        """The digest of an entry's fields but its gap, shared by the entries of one event
        that differ in their gap alone (compared field by field: mostly the very objects)."""
        fields = ENTRY_FIELDS(e)
        hit = self.by_slug.get(e.slug)
        if hit is not None:
            known = ENTRY_FIELDS(hit[0])
            if known[:_GAP] == fields[:_GAP] and known[_GAP + 1 :] == fields[_GAP + 1 :]:
                return hit[1]
        state = _entry_state(fields[:_GAP] + fields[_GAP + 1 :])
        made = _blake(pickle.dumps(("Entry", state), protocol=pickle.HIGHEST_PROTOCOL))
        self.by_slug[e.slug] = (e, made)
        return made


class _SparePickler(pickle.Pickler):
    """A pickler into its own buffer, kept for the next value (making one, and its
    buffer, cost more than pickling most values a build digests)."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)

    def pickled(self, value: Any, spares: list[Any]) -> bytes:
        """`value`'s pickle; this pickler put back in `spares`, emptied, unless the value
        was large (a large value's buffer stays large)."""
        self.dump(value)
        data = self.buffer.getvalue()
        if len(data) < _SPARE_MAX:
            self.buffer.seek(0)
            self.buffer.truncate()
            self.emptied()
            spares.append(self)
        return data

    def emptied(self) -> None:
        """What else it clears before its next value."""


class _KeyPickler(_SparePickler):
    """Pickles page data for a cache key, each shared object as its digest.

    reducer_override (unlike persistent_id) is not called for plain str, int, list, tuple
    and dict, so the hook costs nothing for the bulk of the data."""

    def __init__(self, digests: Digests, root: object) -> None:
        super().__init__()
        self.digests = digests
        self.root = root

    def emptied(self) -> None:
        # a new memo table, not clear_memo(), which empties the table's every slot: the
        # table keeps the size of the most objects it ever held (1.5 µs a clear, each
        # event page's key, once the build's spare had pickled a list page's data)
        self.memo = {}
        self.root = None

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if obj is self.root or not (kind in SHARED or kind in SHARED_LISTS):
            return NotImplemented
        # (most shared objects pickled, entries and chips: looked up here, inline)
        if kind is Entry:
            made = getattr(obj, ENTRY_DIGEST, None)
            if made is not None:
                return _digested, (made,)
        elif kind is Chip:
            made = self.digests.records.get((kind, _CHIP_FIELDS(obj)))
            if made is not None:
                return _digested, (made,)
        return _digested, (self.digests.of(obj),)


class _PlainPickler(_SparePickler):
    """Pickles plain values (str, int, None, and tuples, lists and dicts of them) with no
    memo (fast mode: a value met twice is written twice, so equal values give equal
    bytes whatever objects they are made of; a cycle is an error)."""

    def __init__(self) -> None:
        super().__init__()
        self.fast = True


def _digested(value: bytes) -> bytes:  # pragma: no cover - only named in key pickles
    return value


def _entry_state(fields: tuple[Any, ...]) -> tuple[Any, ...]:
    """An Entry's fields as plain values (its chips as theirs): pickled, a third of the
    cost of pickling the dataclass and its chips (each process digests all 10,000)."""
    state = list(fields)
    for i, value in enumerate(state):
        if type(value) is tuple and value and type(value[0]) is Chip:
            state[i] = tuple([_CHIP_FIELDS(c) for c in value])
    return tuple(state)


def object_digest(obj: object, digests: Digests) -> bytes:
    """A shared model object's digest: from its origin's digest when it has one (a hash of
    what it was made from, far cheaper than pickling it), else from its pickle."""
    return digests.of(obj)


def data_digest(value: object, digests: Digests) -> bytes:
    """A digest of everything in `value`; `digests` is shared by one build's pages."""
    try:
        pickler = digests.spares.pop()
        pickler.root = value
    except IndexError:  # (none made yet, or in use: a SharedList digested inside a value)
        pickler = _KeyPickler(digests, value)
    return _blake(
        pickler.pickled(list(value) if type(value) is SharedList else value, digests.spares)
    )


_SPARE_MAX = 4096
"""A spare pickler is kept for the next value after pickling fewer bytes."""


def piece_key(kind: str, data: Mapping[str, Any], digests: Digests) -> str:
    """The key of a piece of a whole-site file (see splice): its kind and a digest of the
    data it is made from, shared model objects by the file they were read from. A piece
    made from nothing but `data` cannot go stale: whatever it shows, its key covers."""
    parts = [kind.encode()]
    for name, value in data.items():
        parts.append(name.encode())
        parts.append(_piece_value(value, digests))
    digest = _blake(b"\0".join(parts)).hex()
    return f"{kind}\0{digest}"


_PLAIN = (str, int, bool, type(None))


def _piece_value(value: object, digests: Digests) -> bytes:
    """A piece's value as bytes: a model object (or a tuple of them) by its digest, a
    plain value by its repr, anything else by its pickle."""
    kind = type(value)
    if kind in _PLAIN:
        return b"r" + repr(value).encode()
    if kind in SHARED:
        return b"o" + digests.of(value)
    if kind is tuple and all(type(x) in SHARED or x is None for x in value):  # type: ignore[attr-defined]
        made = [b"-" if x is None else digests.of(x) for x in value]  # type: ignore[attr-defined]
        return b"t%d:" % len(made) + b"".join(made)
    return b"p" + data_digest(value, digests)


class PageKeys:
    """Each page's key: a hash of the template set, the options, site.yaml and the data
    the page shows."""

    def __init__(
        self, templates: str, shown: tuple[object, ...], newsroom: bool, digests: Digests
    ) -> None:
        """templates: a hash of the theme's files; shown: the base URL, options, site.yaml
        and eras, which every page may show; newsroom: the site has timelines (its header
        names them)."""
        self.base = f"{templates}\0{shown!r}" + ("\0newsroom" if newsroom else "")
        """What every page's bytes depend on."""
        self.digests = digests
        self._hash = hashlib.blake2b(self.base.encode(), digest_size=20)

    def key(self, page: Page) -> str:
        h = self._hash.copy()
        parts = [f"\0{page.path}\0{page.template}\0".encode()]
        for name, value in page.data.items():
            parts.append(name.encode() + b"=")
            parts.append(self.value_digest(value))
        h.update(b"".join(parts))
        return h.hexdigest()

    def value_digest(self, value: object) -> bytes:
        """A value's digest; shared model objects (and lists of them) from the build's
        table, without a pickler: most of a page's data is such objects."""
        kind = type(value)
        if kind in SHARED or kind in SHARED_LISTS:
            return b"o" + self.digests.of(value)
        plain = _PLAIN_DIGESTS.get(kind)
        if plain is not None:  # (a missing series or neighbour, a title, a count)
            return plain(value)
        if kind is Later:
            assert isinstance(value, Later)
            return b"L" + self.digests.later(value)
        if kind is list or kind is tuple:
            joined = self._shared_list(value)  # type: ignore[arg-type]
            if joined is not None:
                return joined
        elif kind is dict:
            joined = _text_dict(value)  # type: ignore[arg-type]
            if joined is not None:
                return joined
        elif kind is Story:
            return b"p" + self.digests.story(value)  # type: ignore[arg-type]
        elif isinstance(value, SharedValue):
            if value.key_digest is None:
                value.key_digest = self.digests.shared(value)
            return b"p" + value.key_digest
        return b"p" + data_digest(value, self.digests)

    def _shared_list(self, value: list[Any] | tuple[Any, ...]) -> bytes | None:
        """A list of shared objects (a data file's 10,000 events), or of tuples of them
        (a person's events by timeline, a timeline page's year groups, an event's
        neighbours in each of its timelines), as their digests; None for a list of
        anything else. A model object's digest is looked up here, inline: this loop is
        most of a rebuild's page keys."""
        if value and type(value[0]) is Entry:
            joined = self._entries(value)
            if joined is not None:
                return joined
        parts = [b"l%d:" % len(value)]
        digests = self.digests
        models, of = digests.models, digests.of
        for item in value:
            kind = type(item)
            if kind is Entry:
                parts.append(b"o" + (getattr(item, ENTRY_DIGEST, None) or of(item)))
                continue
            table = models.get(kind)
            made = table.get(item.origin.digest) if table is not None else None
            if made is None:
                if kind is tuple:
                    joined = self._shared_tuple(item)
                    if joined is None:
                        return None
                    parts.append(joined)
                    continue
                if kind not in SHARED:
                    return None
                made = of(item)
            parts.append(b"o" + made)
        return b"".join(parts)

    def _entries(self, value: list[Any] | tuple[Any, ...]) -> bytes | None:
        """A list of entries alone (a timeline page's, a year's, a source's) as their
        digests, each read off its entry (see ENTRY_DIGEST); None for a list that holds
        anything else. (Always this encoding for such a list, digested before or not, so
        that a page's key does not hang on what was digested first.)"""
        try:
            return b"e%d:" % len(value) + b"".join(map(_ENTRY_DIGESTS, value))
        except AttributeError:  # (an entry not digested yet, or something else)
            if not all(type(e) is Entry for e in value):
                return None
        for e in value:
            self.digests.of(e)
        return b"e%d:" % len(value) + b"".join(map(_ENTRY_DIGESTS, value))

    def _shared_tuple(self, item: tuple[Any, ...]) -> bytes | None:
        """A tuple of shared objects, lists of them, strings and None, as their digests and
        the strings; None for one that holds no shared object (pickled faster) or
        anything else."""
        if not item or type(item[-1]) is str:  # (a topic's slug and name: pickled faster)
            return None
        parts = [b"t%d:" % len(item)]
        shared = False
        digests = self.digests
        for x in item:
            kind = type(x)
            if kind in SHARED:
                # (an entry, a link to a timeline: their digests looked up here, inline)
                if kind is Entry:
                    made = getattr(x, ENTRY_DIGEST, None) or digests.of(x)
                elif kind is StoryLink:
                    made = digests.records.get((kind, _LINK_FIELDS(x))) or digests.of(x)
                else:
                    made = digests.of(x)
                parts.append(b"o" + made)
                shared = True
            elif kind is list:
                joined = self._shared_list(x)
                if joined is None:
                    return None
                parts.append(joined)
                shared = True
            elif kind is str:
                text = x.encode("utf-8", "surrogatepass")
                parts.append(b"s%d:" % len(text) + text)
            elif x is None:
                parts.append(b"N")
            else:
                return None
        return b"".join(parts) if shared else None


def _text_dict(value: dict[Any, Any]) -> bytes | None:
    """A dict of strings to strings (an event's year page in each timeline) as its
    items' lengths and bytes; None for a dict of anything else. (A dict of other values
    is pickled: its pickler's memo meets an entry listed twice on a page once, as a
    Python walk of the sources page's groups did not, 1.6 times the cost.)"""
    parts = [b"d%d:" % len(value)]
    for name, text in value.items():
        if type(name) is not str or type(text) is not str:
            return None
        a, b = name.encode("utf-8", "surrogatepass"), text.encode("utf-8", "surrogatepass")
        parts.append(b"%d:%s%d:%s" % (len(a), a, len(b), b))
    return b"".join(parts)


def _text(value: str) -> bytes:
    text = value.encode("utf-8", "surrogatepass")
    return b"s%d:" % len(text) + text


_PLAIN_DIGESTS: dict[type, Callable[[Any], bytes]] = {
    type(None): lambda _: b"N",
    str: _text,
    int: lambda value: b"i%d;" % value,
}
"""How a page key writes a plain value out (a pickler each cost more: a page's title,
a search part's count of documents), each unlike any other value's digest."""
