"""Read a site's files: find them, decode them, split front matter, parse YAML with marks.

Everything here is about bytes and text; nothing knows what an event is. Each problem
becomes a Diagnostic with the line and column the YAML parser reported.
"""

from __future__ import annotations

import os
import pickle
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from .diagnostics import INVISIBLE_NAMES, Diagnostic
from .files import (
    MAX_FILE_BYTES,
    Refused,
    kind_of,
    link_outside,
    not_a_folder,
    special_file,
    too_large,
    unreadable,
    within,
)
from .marks import INTERN_MAX, Key, Marks, Position, YAMLProblem
from .records import LazyPattern, dataclass, made_seldom, value_methods

KINDS = {"events": "event", "people": "person", "countries": "country", "timelines": "timeline"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID = LazyPattern(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
"""A source's id as sources.yaml (where a slug passes too), `sitegen new source` and the
checks' suggested command take it."""


def source_id_rule(sid: str) -> str:
    """What a source id SOURCE_ID refuses is told, wherever it was given."""
    return (
        f"source id '{sid}' must start with a letter or digit and hold only letters, "
        "digits, '-', '_', '.' and ':'"
    )


MAX_NEW_SLUG = 200
"""The longest slug `sitegen new` gives a file: a file name must fit the 255 bytes file
systems allow, with its .markdown or a -2 added by hand, and an address stays readable."""


def too_long(slug: str, what: str) -> str:
    """Why `slug` is too long for a new file (see MAX_NEW_SLUG), or ''."""
    if len(slug) <= MAX_NEW_SLUG:
        return ""
    return (
        f"'{slug[:40]}…' is {len(slug)} characters long; {what} names a file, so keep it to "
        f"{MAX_NEW_SLUG}: shorten it"
    )


MARKDOWN_SUFFIXES = (".md", ".markdown")
"""What a content file's name ends in: both are read; the slug is the name before it."""


_SLOW: Any = object()
"""What simple_yaml's readers return for a value PyYAML may read otherwise."""

_SIMPLE_LINE = re.compile(
    r"""(?:([A-Za-z_][A-Za-z0-9_-]*):(?:\ +(?:"([^"\\]*)"|(\S(?:.*\S)?)))?"""
    r"""|(\ *)-\ +(?:"([^"\\]*)"|(\S(?:.*\S)?))"""
    r"""|(\ +)([A-Za-z_][A-Za-z0-9_-]*):\ +(?:"([^"\\]*)"|(\S(?:.*\S)?))"""
    r"""|(\ *)(?:\#.*)?)\ *\Z"""
)
"""A line of front matter as simple_yaml reads it: `key: value` or `key:` (groups 1-3:
the key, the value in double quotes without escapes, any other value), a list's
`- item` (4-6: its indent, the item as the value), an indented `name: value` (7-10:
its indent, name and value as a key's), or a blank or comment line (11): the match's
lastindex tells which."""
_QUICK_ENTRY = re.compile(
    r"""(?:([A-Za-z_][A-Za-z0-9_-]*):(?:(\ +)"([^"\\\n]*)"\ *"""
    r"""|\ *((?:\n(\ *)-\ +"[^"\\\n]*"\ *)(?:\n\5-\ +"[^"\\\n]*"\ *)*)?)|(.*))(?:\n|\Z)"""
)
"""An entry of front matter as _read_quick reads it, from where the last ended: a `key:
"text"` line (groups 1-3: the key, the spaces after its colon, the text), a `key:` line
and the `- "item"` lines under it, all at one indent (1, then 4: the item lines, 5: their
indent), each line one that _SIMPLE_LINE reads as kind 2, 1 or 5; or any other line (6),
for _SimpleReader.line."""
NOT_SIMPLE_LISTED = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
"""What simple_yaml leaves to PyYAML wherever it stands: a tab, a character YAML does not
allow (a control character: decode() has replaced them in a file), the line breaks YAML
1.1 has beside the newline (U+2028, U+2029), a byte order mark. Listed, not written as
the class of every code point but these (`[^` and the ranges allowed): `re` compiles a
class of wide ranges a code point at a time, ~8 ms at every start of every command
(tests/test_simple_yaml.py checks that both forms match the same code points)."""
_NOT_SIMPLE = re.compile(NOT_SIMPLE_LISTED)
_PLAIN_STARTS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""The indicators a plain (unquoted) value cannot start with."""
_SIMPLE_KEY_MAX = 200
"""simple_yaml's longest key (libyaml refuses a key of over 1,024 characters)."""
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_BOOL_WORDS = frozenset(w for word in _BOOLS for w in (word, word.capitalize(), word.upper()))
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL"))
_NUMBER_STARTS = frozenset("-+.0123456789")
_YAML_FLOAT = LazyPattern(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_YAML_INT = LazyPattern(
    r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
"""What PyYAML's safe loader reads as true/false, null, a float and an int (its
implicit resolvers, YAML 1.1: tests/test_simple_yaml.py holds them to PyYAML's own), for
simple_yaml's plain values, without importing PyYAML."""
_SMALL_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_NOT_IN_FLOW = re.compile(r"[][{}#]")
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +")
_CLOSING = {"[": "]", "{": "}"}


def _simple_scalar(s: str) -> Any:
    """A value written on one line, as PyYAML's safe loader makes it (str, a small int,
    a bool or None), or _SLOW where it may read it otherwise."""
    first = s[0]
    if first == '"' or first == "'":
        return _quoted(s, first)
    if not _plainly_text(s):
        return _SLOW
    if first in _NUMBER_STARTS:
        return _number(s)
    if s in _BOOL_WORDS:
        return _BOOLS[s.lower()]
    return None if s in _NULL_WORDS else _SLOW if first in "<=" else s


def _plainly_text(s: str) -> bool:
    """Whether a plain value (or a line that goes on with one) is text to YAML as it is
    written: it starts no indicator and holds no `: ` or ` #` (a key, a comment) and
    ends in no `:`."""
    return s[0] not in _PLAIN_STARTS and ": " not in s and " #" not in s and s[-1] != ":"


def _quoted(s: str, quote: str) -> Any:
    """A value in quotes, with no quote or (in double quotes) escape inside, or _SLOW."""
    inner = s[1:-1]
    if len(s) < 2 or s[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
        return _SLOW
    return inner


def _number(s: str) -> Any:
    """A plain value that starts as a number may: a small int, text, or _SLOW where
    PyYAML reads a float or another int (0x1F, 0o17 as 017, 1_000, 1:30)."""
    if _YAML_FLOAT.match(s):
        return _SLOW
    if _YAML_INT.match(s):
        return int(s) if _SMALL_INT.match(s) else _SLOW
    return s  # (a date, as sitegen reads dates: as text)


def _flow_items(value: str, column: int) -> list[tuple[str, int]] | None:
    """The items of a flow list or mapping written on one line (`[a, "b c"]`, `{id: x,
    number: 2}`), each with the column it starts at (`column`: the bracket's); None for
    one that holds another, or a comment, or an empty item. (A quoted item holding a
    comma is split here, and so left to PyYAML by _simple_scalar.)"""
    inner = value[1:-1]
    if _NOT_IN_FLOW.search(inner):
        return None
    if not inner.strip(" "):
        return []
    items: list[tuple[str, int]] = []
    at = column + 1
    for part in inner.split(","):
        item = part.strip(" ")
        if not item:
            return None  # (a trailing comma, or an empty item)
        items.append((item, at + len(part) - len(part.lstrip(" "))))
        at += len(part) + 1
    return items


class _SimpleReader:
    """simple_yaml's state: the mapping read so far, and the key whose `key:` line opened
    a list or a mapping (`opened`: None after a `key: value`), with the one its lines
    made; with `marked`, the marks too (see _later_marks: a build reads most files
    without them)."""

    def __init__(self, marked: bool) -> None:
        self.data: dict[str, Any] = {}
        self.marks = Marks()
        self.marked = marked
        self.opened: str | None = None
        self.items: list[Any] | None = None
        self.mapping: dict[str, Any] | None = None
        self.path: Key = ()
        self.indent = -1
        self.plain: str | None = None
        """The key whose plain value the next line may go on with (_continued)."""

    def _mark(self, path: Key, n: int, column: int, key: bool = False) -> None:
        if self.marked:
            marks = self.marks
            if not marks.values:
                marks.values[()] = (n, 1)  # (the mapping's: at its first key)
            (marks.keys if key else marks.values)[path] = (n, column)

    def line(self, n: int, line: str) -> bool:
        """Line `n` read (by its _SIMPLE_LINE match); False where PyYAML must read it."""
        m = _SIMPLE_LINE.match(line)
        if m is None:
            return self._continued(line)
        self.plain = None
        kind = m.lastindex
        if kind == 5 or kind == 6:
            return self.item_line(n, m, kind)
        if kind == 9 or kind == 10:
            return self.inner_line(n, m)
        return kind == 11 or self.key_line(n, m)

    def closed(self) -> bool:
        """Whether the last `key:` line's list or mapping, if any, has a line (a `key:`
        with none is null: left to PyYAML)."""
        return self.opened is None or self.items is not None or self.mapping is not None

    def key_line(self, n: int, m: re.Match[str]) -> bool:
        """A `key: value` or `key:` line, line `n` (m: its _SIMPLE_LINE match); False
        where PyYAML must read it."""
        key = m[1]
        if not self.closed() or key in self.data or not _text_key(key):
            return False  # (a key written twice: PyYAML's walk refuses it)
        path: Key = (key,)
        marked = self.marked  # (most reads: without marks, and without _mark's calls)
        if marked:
            self._mark(path, n, 1, key=True)
        self.path, self.opened, self.items, self.mapping = path, None, None, None
        quoted, value = m[2], m[3]
        if quoted is not None:  # (most values: text in double quotes)
            if marked:
                self._mark(path, n, m.start(2))
            self.data[key] = quoted
            return True
        if value is None:
            self.opened = key
            self.data[key] = None  # (its list or mapping, once a line says which)
            return True
        column = m.start(3) + 1
        self._mark(path, n, column)
        if value[0] in "[{" and value[-1] == _CLOSING[value[0]]:
            found = _flow_items(value, column)
            if found is None:
                return False
            if value[0] == "{":
                return self._flow_mapping(key, n, found)
            items: list[Any] = []
            self.data[key] = items
            return all(":" not in item and self._item(items, n, item, at) for item, at in found)
        return self._plain_value(key, value)

    def _plain_value(self, key: str, value: str) -> bool:
        """A `key: value` line's value written plain (or in single quotes: none goes on
        on another line here); False where PyYAML must read it."""
        made = self.data[key] = _simple_scalar(value)
        if type(made) is str and value[0] not in _NUMBER_STARTS and value[0] not in "'\"":
            self.plain = key  # (text a line of more indent may go on with: _continued)
        return made is not _SLOW

    def _continued(self, line: str) -> bool:
        """A line that goes on with the plain value of the `key: value` line before it
        (as yaml.safe_dump folds a long text): more indented than the key, its words
        joined to the value's by one space, as YAML folds a plain value's lines; False
        (for PyYAML) for any line but one of words that starts no indicator, holds no
        `: ` or ` #` and does not end in `:`, or after any other line."""
        key = self.plain
        words = line.strip(" ")
        if key is None or line[:1] != " " or not words or not _plainly_text(words):
            return False
        self.data[key] = f"{self.data[key]} {words}"
        return True

    def item_line(self, n: int, m: re.Match[str], kind: int) -> bool:
        """A block list's `- item` line, line `n` (m: its _SIMPLE_LINE match, `kind` its
        lastindex: 5 for an item in double quotes); False where PyYAML must read it."""
        items = self.items
        if items is None:
            if self.opened is None or self.mapping is not None:
                return False
            items = self.items = self.data[self.opened] = []
            self.indent = m.end(4)
            self._mark(self.path, n, self.indent + 1)
        elif m.end(4) != self.indent:
            return False
        if kind == 5:  # (most items: a slug in double quotes)
            if self.marked:
                self.marks.values[(*self.path, len(items))] = (n, m.start(5))
            item = m[5]
            items.append(sys.intern(item) if len(item) <= INTERN_MAX else item)
            return True
        return self._item(items, n, m[6], m.start(6) + 1)

    def inner_line(self, n: int, m: re.Match[str]) -> bool:
        """An indented `name: value` line of the mapping a `key:` line opened (one of
        sources.yaml's sources), line `n`; False where PyYAML must read it."""
        mapping = self.mapping
        if mapping is None:
            if self.opened is None or self.items is not None:
                return False
            mapping = self.mapping = self.data[self.opened] = {}
            self.indent = m.end(7)
            self._mark(self.path, n, self.indent + 1)
        elif m.end(7) != self.indent:
            return False
        name, quoted = m[8], m[9]
        made = quoted if quoted is not None else _simple_scalar(m[10])
        if made is _SLOW or name in mapping or not _text_key(name):
            return False
        path = (*self.path, name)
        self._mark(path, n, self.indent + 1, key=True)
        self._mark(path, n, m.start(9) if quoted is not None else m.start(10) + 1)
        mapping[name] = made
        return True

    def _flow_mapping(self, key: str, n: int, found: list[tuple[str, int]]) -> bool:
        """A flow mapping's `name: value` items (found by _flow_items) into data[key]."""
        mapping: dict[str, Any] = {}
        self.data[key] = mapping
        for item, at in found:
            m = _FLOW_KEY.match(item)
            if m is None:
                return False
            name, value = m[1], item[m.end() :]
            made = _simple_scalar(value)
            if made is _SLOW or name in mapping or not _text_key(name):
                return False
            path = (*self.path, name)
            self._mark(path, n, at, key=True)
            self._mark(path, n, at + m.end())
            mapping[name] = made
        return True

    def _item(self, items: list[Any], n: int, item: str, column: int) -> bool:
        made = _simple_scalar(item)
        if made is _SLOW:
            return False
        self._mark((*self.path, len(items)), n, column)
        if type(made) is str and len(made) <= INTERN_MAX:
            made = sys.intern(made)  # (as _walk_sequence does)
        items.append(made)
        return True


def _text_key(key: str) -> bool:
    """Whether PyYAML reads a key _SIMPLE_LINE matched as this text (not null, not
    true/false, and short: libyaml refuses a key of over 1,024 characters)."""
    # (_simple_scalar(key) is key, for a name that starts with a letter or `_` and holds
    # no space: it is text but for the words of true/false and null)
    return len(key) <= _SIMPLE_KEY_MAX and key not in _BOOL_WORDS and key not in _NULL_WORDS


def simple_yaml(text: str, first_line: int) -> tuple[dict[str, Any], Marks] | None:
    """parse_yaml's answer, without PyYAML, for the shapes most front matter has (and
    sources.yaml): a mapping of one-line values (quoted, or plain text, small numbers,
    true/false), of lists, block (`- item` lines) or flow (`[a, b]`, `{id: x}`) of
    such values, and of mappings of such values (indented `name: value` lines); None
    for any other document, which PyYAML then reads (and reports the problems of). Its
    marks are made when first asked for (_later_marks)."""
    read = _simple_read(text, first_line, marked=False)
    return None if read is None else (read.data, _later_marks(text, first_line))


_SIMPLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"
"""The ASCII characters _NOT_SIMPLE does not match."""


def _not_simple(text: str) -> bool:
    """Whether `text` holds a character _NOT_SIMPLE matches: in ASCII text (most front
    matter), told by a translate of its bytes, not a search of each character."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _SIMPLE_ASCII))
    return _NOT_SIMPLE.search(text) is not None


def _simple_read(text: str, first_line: int, marked: bool) -> _SimpleReader | None:
    """simple_yaml's reading of `text` (with its marks, if `marked`), or None."""
    if _not_simple(text):
        return None
    reader = _SimpleReader(marked)
    if marked:
        lines = enumerate(text.split("\n"), first_line)
        if not all(reader.line(n, line) for n, line in lines):
            return None
    elif not _read_quick(reader, text, first_line):
        return None
    if not reader.data or not reader.closed():
        return None
    return reader


def _read_quick(reader: _SimpleReader, text: str, n: int) -> bool:
    """Front matter read without marks an entry at a time (_QUICK_ENTRY): a `key:
    "text"` line, and a `key:` line with its list of quoted items (split at their quotes
    at once), by _quick_entry; any other line (or an entry it leaves) by reader.line,
    line by line. Each line a match and a call was ~0.8 µs: most lines are these (every
    file of the standard corpus; 24 items a file on the skewed one). `n`: the text's
    first line."""
    pos, end = 0, len(text)
    while True:
        m = _QUICK_ENTRY.match(text, pos)
        assert m is not None  # (its last alternative matches any line)
        pos = m.end()
        read = _quick_entry(reader, m)
        if read:
            n += read
        else:
            lines = m[0][:-1] if m[0][-1:] == "\n" else m[0]
            for line in lines.split("\n"):
                if not reader.line(n, line):
                    return False
                n += 1
        if pos == end and (pos == m.start() or text[pos - 1] != "\n"):
            return True


def _quick_entry(reader: _SimpleReader, m: re.Match[str]) -> int:
    """A _QUICK_ENTRY `key:` entry read as key_line and item_line read its lines, where
    they find no problem in it (a key read before, or not text; a list still open): its
    lines; 0 where reader.line is to read them."""
    key, data = m[1], reader.data
    if not key or not reader.closed() or key in data or not _text_key(key):
        return 0
    reader.path, reader.items, reader.mapping, reader.plain = (key,), None, None, None
    if m[2]:  # `key: "text"`
        reader.opened, data[key] = None, m[3]
        return 1
    block = m[4]
    if block is None:  # `key:` (its list or mapping on the lines after, if any)
        reader.opened, data[key] = key, None
        return 1
    items = block.split('"')[1::2]  # (two quotes a line, none outside them)
    reader.opened, reader.indent = key, len(m[5])
    reader.items = data[key] = [
        sys.intern(item) if len(item) <= INTERN_MAX else item for item in items
    ]
    return 1 + len(items)


def _marks_of(text: str, first_line: int) -> tuple[dict[Key, Position], dict[Key, Position]]:
    """The fields of the Marks of a document simple_yaml reads: what the pickle that
    _later_marks packs loads to."""
    read = _simple_read(text, first_line, marked=True)
    marks = read.marks if read is not None else Marks()  # (None: never, for its text)
    return marks.values, marks.keys


class _MarksOf:
    """Pickled as a call of _marks_of with a document's text (see _later_marks)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line

    def __reduce__(self) -> tuple[Any, ...]:
        return _marks_of, (self.text, self.first_line)


def _later_marks(text: str, first_line: int) -> Marks:
    """The Marks of a document simple_yaml reads, packed (see Packed) as the pickle of a
    call that makes them from its text again: marks only serve diagnostics, which most
    files never have, so most are never made (a third of reading the front matter), and
    one packed costs a pickle of its text, not of its ~40 marks."""
    marks = Marks()
    marks.hold(pickle.dumps(_MarksOf(text, first_line), protocol=pickle.HIGHEST_PROTOCOL))
    return marks


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, Marks]:
    """Safe-load one YAML document; marks are file lines when it starts at `first_line`.
    PyYAML (yamlfull) reads what simple_yaml leaves: imported for the first document
    that needs it, not by a build whose every file simple_yaml reads."""
    simple = simple_yaml(text, first_line)
    if simple is not None:
        return simple
    from .yamlfull import read_yaml

    return read_yaml(text, first_line)


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Document:
    """A content file split into front matter and body."""

    path: str
    """Path relative to the site folder."""
    data: Any
    """The front matter (or whole YAML file), as loaded."""
    marks: Marks
    """Positions of the front matter's keys and values."""
    body: str
    """The Markdown after the closing fence ('' for YAML files)."""
    body_line: int
    """The file line on which the body starts."""


class Undecodable(Exception):
    """Bytes that are not UTF-8 text: where (1-based line and column), and why."""

    def __init__(self, line: int, col: int, byte: int | None) -> None:
        super().__init__(line, col, byte)
        self.line, self.col, self.byte = line, col, byte
        """`byte`: the first byte that is not UTF-8, or None for a NUL."""


def utf8_text(raw: bytes) -> str:
    """`raw` as text (a byte-order mark dropped), or Undecodable at the first byte that is
    not UTF-8, or at a NUL (which no text file holds)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        # (in characters, as every other column: the line's text before it is UTF-8)
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        raise Undecodable(line, col, raw[exc.start]) from None
    if b"\x00" in raw:  # (a memchr of the bytes, not a search of wide text)
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        raise Undecodable(line, at - (text.rfind("\n", 0, at) + 1) + 1, None)
    return text


def wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes are text saved so (Windows Notepad's "Unicode",
    Excel's "Unicode Text"): a byte-order mark, or NULs between the letters of ASCII text.
    Told byte by byte, such a file reads as a NUL or a stray byte somewhere in it."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:256]
    share = head.count(0) / len(head) if len(head) >= 8 else 0
    return "UTF-32" if share >= 0.7 else "UTF-16" if share >= 0.4 else None


def decode(rel: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = utf8_text(raw)
    except Undecodable as bad:
        if wide := wide_encoding(raw):
            message = (
                f"the file is saved as {wide}, not UTF-8; save it as UTF-8 (in most "
                "editors: Save As, Encoding: UTF-8)"
            )
            return None, [Diagnostic(rel, 1, 1, "error", "encoding", message)]
        message = (
            f"byte 0x{bad.byte:02x} is not UTF-8; save the file as UTF-8"
            if bad.byte is not None
            else "the file holds a NUL byte, so it is not text; remove it (or save the file "
            "as plain UTF-8 text)"
        )
        return None, [Diagnostic(rel, bad.line, bad.col, "error", "encoding", message)]
    if b"\r" in raw:  # (one byte looked for: a memchr, not a search of wide text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _utf8_has_control(raw):
        return text, []
    return CONTROL_RE.sub(REPLACEMENT, text), _control_diagnostics(rel, text)


CONTROL_RE = LazyPattern(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
"""C0 and C1 control characters but tab and newline (carriage returns are newlines by
then), and the noncharacters: invisible, and not allowed in XML, iCalendar or HTML text.
Also the lone surrogates (U+D800-U+DFFF), which no UTF-8 text holds: a YAML escape read
by PyYAML's pure-Python loader ("\\ud800"; libyaml refuses it) or a JSON import's puts
one in a string, and no page, data file or cache record can encode it."""
MAYBE_CONTROL = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff"
)
"""The ranges of _MAYBE_CONTROL_RE's class (publish's iCalendar escaping looks for them too)."""
_MAYBE_CONTROL_RE = re.compile(f"[{MAYBE_CONTROL}]")
"""CONTROL_RE with one range for the planes' noncharacters and all between them: ten
times faster to search (a class of single astral characters is slow), and text past
U+1FFFE is rare."""


_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n"
"""The ASCII characters CONTROL_RE does not match."""


_LATIN1_TEXT = _ASCII_TEXT + bytes(range(0xA0, 0x100))
"""The characters to U+00FF that CONTROL_RE does not match (its noncharacters are past)."""


def has_control(text: str) -> bool:
    """Whether `text` holds a character CONTROL_RE matches."""
    if text.isascii():  # most files: what is left once their text characters go
        return bool(text.encode("ascii").translate(None, _ASCII_TEXT))
    try:  # text to U+00FF (an é, a no-break space): the same, a tenth of the search's time
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        return _MAYBE_CONTROL_RE.search(text) is not None and CONTROL_RE.search(text) is not None
    return bool(latin.translate(None, _LATIN1_TEXT))


_UTF8_TEXT = _ASCII_TEXT + b"\r"
"""The bytes of a file's UTF-8 that are ASCII text once decode() reads it (a carriage
return becomes a newline)."""
_UTF8_HIGH = bytes(range(0x80, 0x100))
_UTF8_LEADS = (b"\xc2", b"\xef\xb7", b"\xef\xbf", b"\xbf\xbe", b"\xbf\xbf")
"""What the UTF-8 of each of CONTROL_RE's characters past ASCII holds: a C1 control
(U+0080-U+009F), U+FDD0-U+FDEF, U+FFFE and U+FFFF, a plane's U+xFFFE and U+xFFFF."""
_UTF8_CONTROL = re.compile(
    rb"\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]"
)
"""Those characters' UTF-8, in a file's bytes once its ASCII bytes are dropped: what
is left is whole characters (a lead byte and its continuation bytes), so each match is
one such character."""


def _utf8_has_control(raw: bytes) -> bool:
    """has_control of the text decode() reads from `raw` (UTF-8, which holds no lone
    surrogate), told from the bytes: in text past U+00FF (the skewed site's Hindi, Korean
    and emoji), has_control's search of every character was three quarters of decode()."""
    rest = raw.translate(None, _UTF8_TEXT)  # (the non-ASCII bytes, and ASCII controls)
    if not rest:
        return False
    if rest.translate(None, _UTF8_HIGH):  # an ASCII control
        return True
    return any(lead in rest for lead in _UTF8_LEADS) and _UTF8_CONTROL.search(rest) is not None


REPLACEMENT = "\ufffd"
"""What a control character is read as once reported (the build stops on the error)."""


def control_name(char: str) -> str:
    code = ord(char)
    names = {
        0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
        0x0D: "carriage return",
        0x1B: "escape", 0x7F: "delete", 0x85: "next line",
    }  # fmt: skip
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (a lone surrogate, half of a UTF-16 pair)"
    name = names.get(code, "control character" if code < 0xFDD0 else "noncharacter")
    return f"U+{code:04X} ({name})"


_BIDI_OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"  # (not PDF, PDI: closers)
_BIDI_RE = LazyPattern("[\u202a-\u202e\u2066-\u2069]")
_ISOLATES = "\u2066\u2067\u2068"


def unclosed_bidi(text: str) -> str | None:
    """The first embedding, override or isolate `text` opens and never closes, as
    'U+202E (right-to-left override)', or None. Closed, they are how right-to-left text is
    written; left open, they turn round whatever a page shows after the text (the "Trojan
    Source" trick). Marks (U+200E, U+200F) open nothing. As in Unicode's algorithm (UAX 9),
    PDF closes the latest embedding or override inside the innermost isolate, and PDI the
    latest isolate with all opened inside it; a stray closer does nothing."""
    if text.isascii() or _BIDI_RE.search(text) is None:
        return None
    stack: list[str] = []
    for m in _BIDI_RE.finditer(text):
        char = m.group()
        if char in _BIDI_OPENERS:
            stack.append(char)
        elif char == "\u202c":  # PDF
            if stack and stack[-1] not in _ISOLATES:
                stack.pop()
        else:  # PDI
            isolates = [i for i, opener in enumerate(stack) if opener in _ISOLATES]
            if isolates:
                del stack[isolates[-1] :]
    if not stack:
        return None
    return f"U+{ord(stack[0]):04X} ({INVISIBLE_NAMES[ord(stack[0])]})"


def _control_diagnostics(rel: str, text: str, first_line: int = 1) -> list[Diagnostic]:
    """One control-char error per line that holds control characters in the file's text."""
    out: list[Diagnostic] = []
    for n, line in enumerate(text.split("\n")):
        m = CONTROL_RE.search(line)
        if m is not None:
            out.append(
                Diagnostic(
                    rel, n + first_line, m.start() + 1, "error", "control-char",
                    f"an invisible {control_name(m.group())} is in the text; delete it (it "
                    "usually comes from copying out of a PDF or a word processor)",
                )
            )  # fmt: skip
    return out


_ESCAPE_RE = LazyPattern(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abefvrN])")
"""A YAML double-quoted escape that may stand for a control character."""


def escaped_controls(
    rel: str, text: str, data: Any, marks: Marks, first_line: int
) -> tuple[Any, list[Diagnostic]]:
    """Report control characters that YAML escapes ("\\x0b", "\\u0085") put in values
    and keys, and return the data with each replaced. Only double-quoted escapes can make
    one (decode() has replaced the raw ones), so a document without a backslash is not
    walked."""
    if "\\" not in text:
        return data, []
    lines = text.split("\n")
    found: list[Diagnostic] = []

    def at(path: Key, key: bool) -> tuple[int, int]:
        line, col = marks.key(*path) if key else marks.at(*path)
        source = lines[line - first_line] if 0 <= line - first_line < len(lines) else ""
        for m in _ESCAPE_RE.finditer(source, col - 1):
            if CONTROL_RE.search(_unescape(m.group())):
                return line, m.start() + 1
        return line, col

    def clean(value: Any, path: Key, key: bool = False) -> Any:
        if isinstance(value, str):
            m = CONTROL_RE.search(value) if has_control(value) else None
            if m is None:
                return value
            line, col = at(path, key)
            found.append(Diagnostic(rel, line, col, "error", "control-char", _escaped(m.group())))
            return CONTROL_RE.sub(REPLACEMENT, value)
        if isinstance(value, list):
            return [clean(v, (*path, i)) for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {clean(k, (*path, k), key=True): clean(v, (*path, k)) for k, v in value.items()}
        return value

    return clean(data, ()), found


def _escaped(char: str) -> str:
    """What escaped_controls says of a value an escape put `char` in."""
    if "\ud800" <= char <= "\udfff":
        # (PyYAML's pure-Python loader reads "\ud83d\ude00" as two lone halves; libyaml
        # refuses both: the character itself is read the same by either)
        return (
            f"an escape puts {control_name(char)} in this value, which no page can hold; "
            "write the character itself instead of its escape"
        )
    return f"an escape puts an invisible {control_name(char)} in this value; remove it"


def _unescape(escape: str) -> str:
    from .yamlfull import unescape

    return unescape(escape)


_FENCE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
"""The line that closes front matter."""


def parse_markdown_file(rel: str, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    """Split `---` front matter from the Markdown body and parse it."""
    text, diags = decode(rel, raw)
    if text is None:
        return None, diags
    opener, _, rest = text.partition("\n")  # (not split into lines: the body is most of it)
    if opener.rstrip() != "---":
        return None, [
            *diags,
            Diagnostic(
                rel, 1, 1, "error", "front-matter",
                "the file does not start with front matter; begin it with a line '---', "
                "the fields, and another '---'",
            ),
        ]  # fmt: skip
    fence = _FENCE_LINE.search(rest)
    if fence is None:
        return None, [
            *diags,
            Diagnostic(
                rel, 1, 1, "error", "front-matter",
                "the front matter is not closed; add a line '---' after the last field",
            ),
        ]  # fmt: skip
    front = rest[: max(fence.start() - 1, 0)]
    end = 1 + rest.count("\n", 0, fence.start())  # (the closing line's, from 0)
    try:
        data, marks = parse_yaml(front, first_line=2)
    except YAMLProblem as p:
        return None, [*diags, Diagnostic(rel, p.line, p.column, "error", "yaml-syntax", p.message)]
    data, escaped = escaped_controls(rel, front, data, marks, 2)
    diags += escaped
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line, col = marks.at()
        return None, [
            *diags,
            Diagnostic(
                rel, line, col, "error", "front-matter",
                f"the front matter is a {_kind(data)}, not a set of 'field: value' lines",
            ),
        ]  # fmt: skip
    body = rest[fence.end() + 1 :]
    return Document(rel, data, marks, body, end + 2), diags


def parse_yaml_file(rel: str, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    text, diags = decode(rel, raw)
    if text is None:
        return None, diags
    try:
        data, marks = parse_yaml(text)
    except YAMLProblem as p:
        return None, [*diags, Diagnostic(rel, p.line, p.column, "error", "yaml-syntax", p.message)]
    data, escaped = escaped_controls(rel, text, data, marks, 1)
    return Document(rel, data, marks, "", 1), [*diags, *escaped]


def site_yaml(path: Path) -> Any:
    """A site's YAML file's value, read as `check` reads it (regular files only, the
    nesting and alias limits, core tags); ValueError naming the first problem."""
    from .files import read_file

    return yaml_value(path.name, read_file(str(path))[0])


def yaml_value(name: str, raw: bytes) -> Any:
    """As site_yaml, of a file's bytes."""
    doc, diags = parse_yaml_file(name, raw)
    errors = [d for d in diags if d.severity == "error"]
    if doc is None or errors:
        raise ValueError(errors[0].message if errors else "cannot be read")
    return doc.data


def reads_back(name: str, text: str, fits: Callable[[Any], bool]) -> bool:
    """Whether a site's YAML file that an import is about to write would read back as it
    means (`fits`): lines added to a list, to a mapping in braces or after a '...' end
    would break the file, or leave what they add out of it."""
    try:
        return fits(yaml_value(name, text.encode("utf-8")))
    except ValueError:
        return False


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "empty value"
    return "text"


type_name = _kind


def a_type_name(value: object) -> str:
    """type_name with its article: 'a list', 'an empty value'."""
    name = _kind(value)
    return ("an " if name[0] in "aeiou" else "a ") + name


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class SourceFile:
    """A content file found on disk."""

    rel: str
    """Path relative to the site folder, forward slashes."""
    kind: str
    """'event', 'person', 'country', 'sources' or 'site'."""
    path: str
    """Absolute path (a string: a Path per file costs a serve rebuild 0.1 s at 10,000)."""


def is_ignored_name(name: str) -> bool:
    """Editor droppings and hidden files: never content."""
    return name.startswith((".", "#", "~")) or name.endswith(
        ("~", ".swp", ".swx", ".tmp", ".bak", ".orig")
    )


def is_content_path(rel: str) -> bool:
    """Whether `discover` would read a file at this site-relative path (a/b/c, with /)."""
    parts = rel.split("/")
    if parts[0] != "content" or len(parts) < 2:
        return False
    if len(parts) == 2:
        return any(parts[1] == name for name, _ in TOP_FILES)
    return (
        parts[1] in KINDS
        and not any(is_ignored_name(p) for p in parts[2:])
        and parts[-1].lower().endswith((".md", ".markdown"))
    )


REFUSALS = frozenset({"link-outside", "not-a-file", "file-too-large", "unreadable", "link-loop"})
"""The codes of files and folders refused before they are read (link-loop, a link to a
folder not followed, a warning)."""


def refused(rel: str, exc: Refused | OSError) -> Diagnostic:
    """The error for a file refused, or that could not be read (unreadable, or gone since
    the folders were searched)."""
    if isinstance(exc, OSError):
        exc = unreadable(exc)
    return Diagnostic(rel, 1, 1, "error", exc.code, exc.message)


@made_seldom
@dataclass(eq=False, repr=False)
class Walk:
    """What a walk of a source folder found: files to read, and what it refused."""

    site: str
    """The site folder, resolved: no link may lead out of it."""
    shown: str
    """The walked folder as diagnostics name it ('content/events', 'static')."""
    wanted: Callable[[str], bool]
    """name -> whether a regular file of that name is one to read."""
    skip: Callable[[str], bool]
    """name -> whether to pass over an entry without looking at it."""
    sizes: bool = False
    """Refuse files over MAX_FILE_BYTES here (static/: content files are refused as read)."""
    files: list[tuple[str, str]] = field(default_factory=list)
    """(path below the folder, path to read), in no particular order."""
    home: str = ""
    """content/, resolved, for a walk of one of its folders: its files are all read where
    they are, so a link into it is not followed (they would be read twice, or as pages of
    the wrong kind). '' for static/ and templates/, where a link to a folder of the same
    tree publishes its files at a second address, as the owner asked."""
    problems: list[Diagnostic] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    """Folders walked, resolved (the top, and those reached through links), each with
    the link that led there ('' for the top)."""
    links: list[tuple[str, str, str]] = field(default_factory=list)
    """Links to folders found and not yet judged: (path below the folder, path, target)."""

    def top(self, folder: str) -> None:
        """Walk the folder itself (which may be a link, to a folder inside the site), then
        the folders that links in it lead to, in the order of their paths (which link of
        two that lead to one folder is followed does not depend on the disk's order)."""
        target = os.path.realpath(folder)
        if not target.startswith(self.site + os.sep):
            self.problem("", link_outside(target))
            return
        self.seen[target] = ""
        self.visit(folder, "")
        while self.links:
            self.links.sort(reverse=True)
            rel, path, target = self.links.pop()
            why = self._not_followed(path, target)
            if why:
                self.problems.append(
                    Diagnostic(f"{self.shown}/{rel}", 1, 1, "warning", "link-loop", why)
                )
            else:
                self.seen[target] = f"{self.shown}/{rel}"
                self.visit(path, rel + "/")

    def _not_followed(self, path: str, target: str) -> str:
        """Why the link at `path` to the folder `target` is not followed, or ''."""
        shown = os.path.relpath(target, self.site).replace(os.sep, "/")
        shown = "the site folder" if shown == "." else shown
        fix = "remove the link (the site builds as it would without it)"
        if within(os.path.realpath(os.path.dirname(path)), target):
            return (
                f"this symbolic link leads back to {shown}, a folder that holds it: "
                f"followed, it would read the same files again and again; {fix}"
            )
        if self.home and (within(target, self.home) or within(self.home, target)):
            return (
                f"this symbolic link leads to {shown}, in content/, whose files are read "
                f"where they are: followed, it would read them twice; {fix}"
            )
        for walked, link in self.seen.items():
            if target == walked or (
                self.home and (within(target, walked) or within(walked, target))
            ):
                through = f"through {link}" if link else "where it is"
                return (
                    f"this symbolic link leads to {shown}, which is read already {through}: "
                    f"followed, it would read the same files twice; {fix}"
                )
        return ""

    def problem(self, rel: str, exc: Refused) -> None:
        self.problems.append(refused(f"{self.shown}/{rel}" if rel else self.shown, exc))

    def visit(self, folder: str, rel: str) -> None:
        """The files below `folder` (`rel`: its path below the walked folder, with '/')."""
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            what = exc.strerror or str(exc)
            hint = "give sitegen read access to it (chmod u+rx), or remove it"
            self.problem(
                rel.rstrip("/"), Refused("unreadable", f"cannot read this folder: {what}; {hint}")
            )
            return
        for entry in entries:
            if self.skip(entry.name):
                continue
            try:
                self._entry(entry, rel + entry.name)
            except Refused as exc:
                self.problem(rel + entry.name, exc)
            except OSError as exc:
                what = exc.strerror or str(exc)
                self.problem(rel + entry.name, Refused("unreadable", f"cannot read this: {what}"))

    def _entry(self, entry: os.DirEntry[str], rel: str) -> None:
        if entry.is_dir(follow_symlinks=False):
            self.visit(entry.path, rel + "/")
            return
        if entry.is_file(follow_symlinks=False):
            if self.wanted(entry.name):
                if self.sizes and (size := entry.stat(follow_symlinks=False).st_size) > (
                    MAX_FILE_BYTES
                ):
                    raise too_large(size)
                self.files.append((rel, entry.path))
            return
        if not entry.is_symlink():
            raise special_file(kind_of(entry.stat(follow_symlinks=False).st_mode))
        target = os.path.realpath(entry.path)
        if not within(target, self.site):  # (the site folder itself: a loop, see top)
            raise link_outside(target)
        st = os.stat(target)
        if stat.S_ISDIR(st.st_mode):
            self.links.append((rel, entry.path, target))  # (judged once the tree is walked)
        elif not stat.S_ISREG(st.st_mode):
            raise special_file(kind_of(st.st_mode))
        elif self.wanted(entry.name):
            if self.sizes and st.st_size > MAX_FILE_BYTES:
                raise too_large(st.st_size)
            self.files.append((rel, entry.path))


def _single(path: Path, site: str) -> None:
    """Refused unless `path` is a regular file, or a link to one inside `site`."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        target = os.path.realpath(path)
        if not target.startswith(site + os.sep):
            raise link_outside(target)
        try:
            st = os.stat(target)
        except OSError as exc:
            raise Refused("unreadable", f"cannot read this: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise special_file(kind_of(st.st_mode))


def folder_refusal(path: str, site: str, shown: str) -> Diagnostic | None:
    """Why `path`, where sitegen reads a folder (content/events, static, templates), is
    none: a file, a special file, a link out of the site or to nothing. None when it is
    a folder (Walk.top refuses one out of the site) or is not there at all."""
    if os.path.isdir(path) or not os.path.lexists(path):
        return None
    if os.path.islink(path):
        target = os.path.realpath(path)
        if not target.startswith(site + os.sep):
            return refused(shown, link_outside(target))
    try:
        st = os.stat(path)
    except OSError as exc:  # (a link to nothing, or a loop of links)
        what = exc.strerror or str(exc)
        return refused(shown, Refused("unreadable", f"cannot read this: {what}"))
    return refused(shown, not_a_folder(kind_of(st.st_mode), shown))


def _content_name(name: str) -> bool:
    return name.lower().endswith((".md", ".markdown"))


TOP_FILES: tuple[tuple[str, str], ...] = (
    ("site.yaml", "site"),
    ("sources.yaml", "sources"),
    ("eras.yaml", "eras"),
    ("tags.yaml", "tags"),
)
"""The files directly in content/, in the order they are read."""


def _top_files(content: Path, real: str, problems: list[Diagnostic] | None) -> Iterator[SourceFile]:
    """site.yaml, sources.yaml, eras.yaml and tags.yaml, those that are regular files."""
    for name, kind in TOP_FILES:
        path = content / name
        if not os.path.lexists(path):
            continue
        try:
            _single(path, real)
        except Refused as exc:
            if problems is not None:
                problems.append(refused(f"content/{name}", exc))
            continue
        yield SourceFile(f"content/{name}", kind, str(path))


def discover(site: Path, problems: list[Diagnostic] | None = None) -> Iterator[SourceFile]:
    """Every content file of a site, in a stable order; what cannot be read (a link out
    of the site, a FIFO, an unreadable folder) is added to `problems` instead."""
    content = site / "content"
    real = os.path.realpath(site)
    target = os.path.realpath(content)
    if not target.startswith(real + os.sep):
        # (content/ itself a link out of the site: its site.yaml, sources.yaml and
        # folders would all be read from there)
        if problems is not None:
            problems.append(refused("content", link_outside(target)))
        return
    yield from _top_files(content, real, problems)
    home = target
    for folder, kind in KINDS.items():
        root = content / folder
        if not root.is_dir():
            refusal = folder_refusal(str(root), real, f"content/{folder}")
            if refusal is not None and problems is not None:
                problems.append(refusal)
            continue
        # scandir with plain strings: pathlib's rglob and relative_to cost more than the
        # rest of a serve rebuild on a site of thousands of files
        walk = Walk(real, f"content/{folder}", _content_name, is_ignored_name, home=home)
        walk.top(str(root))
        if problems is not None:
            problems.extend(sorted(walk.problems, key=lambda d: d.path))
        for rel, found in sorted(walk.files, key=lambda f: f[0].split("/")):
            shown = f"content/{folder}/{rel}"
            # a folder named in another encoding (the file's own name fails the slug check)
            if not is_utf8(rel) and is_utf8(rel.rsplit("/", 1)[-1]):
                if problems is not None:
                    problems.append(Diagnostic(shown, 1, 1, "error", "encoding", NOT_UTF8_NAME))
                continue
            yield SourceFile(shown, kind, found)


NOT_UTF8_NAME = "a folder on this file's path has a name that is not UTF-8 text; rename it"


def is_utf8(name: str) -> bool:
    """Whether a file's name (as os gives it: a byte not UTF-8 as a lone surrogate) is
    UTF-8 text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # (a byte that is not UTF-8 is read as a lone surrogate)
        return False
    return True
