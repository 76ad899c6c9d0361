"""The search index: sharded files made at build time, searched in the browser.

One file that lists every document grows with the archive (23 MB at 10,000 events, all
of it downloaded by a reader's first search). The index is split instead, under
`search/`:

- `search/index.json`, the manifest: how many documents, shards and record chunks there
  are, and a version that the other files are fetched with (`?v=`), so that a browser
  never mixes files of two builds (a hash of the other files' hashes: a patch recomputes
  it from the last build's record of them, see _patch_recorded);
- `search/w/N.json`, the word shards: `{word: postings}` for every word whose first three
  letters (the whole word if shorter) hash to N. A word's postings are the documents it
  occurs in, in document order, each as one number: the gap from the previous document
  times 4, plus where the word is (3 title, 2 date, summary or role, 1 text);
- on an index of more than `Bounds.search_docs` documents (16,384), each shard in parts
  by documents: `search/w/N.json` holds the postings of documents 0 to P−1 (P: the
  manifest's `part`), `search/w/N-1.json` those of P to 2P−1, and so on (a frequent
  word's postings grow with the archive: one shard of a 100,000-event site was 900 KB);
  site.js fetches every part of a word's shard (a timeline's page, those that hold its
  documents);
- `search/r/N.json`, the records: documents N×16 to N×16+15 as
  `[kind, title, date or role, url, snippet]`, the snippet a short plain text (names of
  `[[links]]` as shown, not slugs).

A query's word of three letters or more matches every word it begins (the shard of its
first three letters holds them all); a shorter one matches whole words. So a search
fetches the manifest, one shard per word and the record chunks of the results it shows:
at 10,000 events tens of KB instead of 23 MB. The set of files depends only on the
number of documents (and the bound), so a build plans them before it makes any.

Documents are the events in timeline order, then people and countries by name.
Words are folded as site.js folds them: accents removed (NFD, combining marks dropped),
lower case, split at anything that is not a letter or a digit.

A timeline's page searches the site's index too, keeping only the timeline's documents:
`timelines/ID/search.json` (SCOPE_PATH) names them (its events, and the people and
countries they name) by their numbers in the site's index, as runs (see scope_runs). It
changes only when the timeline's or the site's documents do, never with a body. (Each
timeline had an index of its own before: 2,443 files and 11 MB over 20 timelines at
10,000 events, and ~1 CPU-s of a cold build.)
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, compress, filterfalse, repeat
from operator import rshift
from typing import Any

from . import markdown
from .adapters import blake2b
from .jsontext import compact_json as _compact
from .markdown import LinkResolver
from .model import Country, Event, Person, Site
from .options import Bounds, Options
from .pages import Entry, Page, Producing, SharedList, make_linker
from .records import LazyPattern, dataclass, value_methods
from .splice import Index, Pieces
from .write import digest

INDEX_PATH = "search/index.json"
"""The manifest, which the search box's data-index names."""
SCOPE_PATH = "search.json"
"""A timeline's scope, in its folder: which of the site index's documents are its."""
SHARD_PATH = "search/w/{}.json"
PART_PATH = "search/w/{}-{}.json"
"""Part 1, 2, … of a shard of a large index (part 0 is SHARD_PATH)."""
RECORD_PATH = "search/r/{}.json"
VERSION = 2
PER_CHUNK = 16
"""Records per chunk: a page of 8 results fetches at most 8 chunks of about 4 KB (each
query typed fetches its first page: chunks of 32 made a first search, typed a letter at
a time, 60 % heavier; chunks of 16 are 350 more files at 10,000 events)."""
DOCS_PER_SHARD = 64
"""About this many documents' words per shard (rounded to a power of two)."""
MAX_SHARDS = 4096
PREFIX = 3
"""Words are sharded by their first letters: a query word this long matches as a prefix."""
SNIPPET = 180
"""The longest snippet, in characters."""
KINDS = {"event": "e", "person": "p", "country": "c"}

_MARKS = re.compile("[\u0300-\u036f]")
"""The combining marks that fold drops. (A mark at a time: `_sre` looks for the first
character of a class by its quick scan, where a run of them (`+`) was tried as a match
at each character of the text, 2.4 times as slow.)"""
_WORDS = LazyPattern(r"[^\W_]+")


def fold(text: str) -> str:
    """Text as the index and site.js compare it: no accents, lower case."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


_PUNCTUATION = "\xa0\xab\xbb\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
"""The usual non-ASCII punctuation: spaces, quotes, dashes, an ellipsis."""

_FOLDED = bytes(
    c + 32 if 65 <= c <= 90 else c if c > 127 or chr(c).isalnum() else 32 for c in range(256)
)
"""Text's UTF-8 bytes folded and split in one pass: lower case, and a space for every
ASCII character but letters and digits; the bytes of other characters left as they are."""


def words(text: str) -> list[str]:
    """The folded words of a text: its runs of letters and digits, as site.js splits."""
    if text.isascii():  # most text, three times quicker as bytes
        return _ascii_words(text)
    found = _runs(text)
    if not found or "".join(found).isalnum():
        return found
    return _split_odd(found)


def word_set(text: str) -> set[str]:
    """set(words(text)), each different run looked at once (the index keeps no order:
    a body's ~700 words are ~300 different ones)."""
    if text.isascii():
        return set(_ascii_words(text))
    plain, folded = _word_sets(text)
    return plain | folded


def _word_sets(text: str, utf8: bytes | None = None) -> tuple[set[str], set[str]]:
    """The words of a text that is not ASCII, in two sets: those of its pieces of ASCII
    alone (no character of a word is ASCII punctuation, so it is split at each as bytes
    first: a body's UTF-8 lowered and split in one pass, like an ASCII text's) and those
    of the other pieces, folded (see _folded_set). A piece's words are the same as if
    the text were folded whole: folding does not reach across an ASCII character but in
    a Greek capital sigma's lower case, which depends on what is beside it up to the
    nearest space (past `.` or `'`): a text that holds one is split at its spaces alone
    (_spaced_word_set). (Split as str at its spaces, a text that holds an emoji made
    pieces held at 4 bytes a character, each scanned for its widest character when made
    and hashed at that width: a fifth of the skewed corpus's index.) `utf8`: the text's
    UTF-8, where the caller has it."""
    if "\u03a3" in text:
        return set(), _spaced_word_set(text)
    utf8 = utf8 or text.encode(errors="surrogatepass")
    # its bytes read one a character (Latin-1), so that each piece is made once, a str
    # that is the word itself where it is ASCII: split at the spaces alone (the bytes
    # of a UTF-8 sequence include 0x85 and 0xA0, which str.split() takes for spaces)
    plain = set(utf8.translate(_FOLDED).decode("latin-1").split(" "))
    plain.discard("")
    odd = list(filterfalse(str.isascii, plain))
    plain.difference_update(odd)
    return plain, _folded_set(" ".join(odd).encode("latin-1").decode(errors="surrogatepass"))


def _spaced_word_set(text: str) -> set[str]:
    """word_set of a text that is not ASCII, split at its spaces first: only its
    different pieces that are not ASCII are folded. The words are the same: folding
    neither makes nor takes a space and a word never spans one (NFD reorders marks only
    between two characters that are not marks, and a Greek capital sigma is final by
    what is beside it up to the nearest space)."""
    pieces = set(text.split())
    odd = list(filterfalse(str.isascii, pieces))
    pieces.difference_update(odd)
    found = _folded_set(" ".join(odd))
    found.update(_ascii_words(" ".join(pieces)))
    return found


def _folded_set(text: str) -> set[str]:
    """word_set of a text that is not ASCII, folded whole."""
    found = set(_runs(text))
    if "".join(found).isalnum():
        return found
    # the runs that are not all letters and digits split, in C loops (filterfalse, map):
    # most runs are letters alone, a few hold a mark or a symbol
    odd = list(filterfalse(str.isalnum, found))
    found.difference_update(odd)
    found.update(*map(_WORDS.findall, odd))
    return found


def _ascii_words(text: str, utf8: bytes | None = None) -> list[str]:
    """words of an ASCII text, folded and split in one pass as bytes (`utf8`: the text
    itself as bytes, where the caller has it)."""
    return (utf8 or text.encode()).translate(_FOLDED).decode().split()


def _split_odd(runs: Iterable[str]) -> list[str]:
    """The runs' words: a run of letters and digits is one, a run that still holds a
    mark or a symbol is split by the regular expression."""
    return [w for run in runs for w in ((run,) if run.isalnum() else _WORDS.findall(run))]


def _runs(text: str) -> list[str]:
    """A text that is not ASCII folded and split at every space, at the usual non-ASCII
    punctuation and at every ASCII character but letters and digits: the bytes of other
    characters are kept, so a run may still hold a mark or a symbol (a vowel sign of
    Devanagari, an emoji), which words and word_set split by the regular expression.
    (As bytes: a str.translate by a dict raised and cleared a KeyError for each
    character it left be, ~1.5 M instructions a body of 3,000 characters, a third of
    the skewed corpus's index.)"""
    folded = fold(text)
    for mark in _PUNCTUATION:  # (each looked for at C speed: most is in no text)
        if mark in folded:
            folded = folded.replace(mark, " ")
    split = folded.encode(errors="surrogatepass").translate(_FOLDED)
    return split.decode(errors="surrogatepass").split()


def shard_of(word: str, shards: int) -> int:
    """The shard of a word: FNV-1a (32 bits) of its first letters' code points, as in
    site.js."""
    h = 0x811C9DC5
    for ch in word[:PREFIX]:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def shard_count(docs: int) -> int:
    n = 1
    while n * DOCS_PER_SHARD < docs and n < MAX_SHARDS:
        n *= 2
    return n


PART_DOCS = Bounds().search_docs
"""Documents per part of a shard, unless the build's Options.bounds say otherwise."""


def shard_path(shard: int, part: int) -> str:
    """The file of a shard's part (the postings of documents part×P to part×P+P−1)."""
    return PART_PATH.format(shard, part) if part else SHARD_PATH.format(shard)


def index_paths(docs: int, per_part: int) -> list[str]:
    """Every file of an index of `docs` documents but the manifest: each shard's parts,
    then the record chunks."""
    parts = range(max(1, -(-docs // per_part)))
    paths = [shard_path(n, k) for n in range(shard_count(docs)) for k in parts]
    return paths + [RECORD_PATH.format(n) for n in range(-(-docs // PER_CHUNK))]


def _clean(text: str) -> str:
    return " ".join(text.split())


def documents(site: Site, events: list[Event]) -> list[dict[str, str]]:
    """What the index holds, in timeline order, then people and countries by name."""
    link = _linker(site, [e.slug for e in events])
    return [
        *(_event_doc(ev, link, site.config.era_style) for ev in events),
        *_other_docs(tuple(site.people.values()), site.countries.values(), link),
    ]


def _linker(site: Site, published: Iterable[str], drafts: bool = False) -> LinkResolver:
    """pages.make_linker for the events of these slugs, made on the first link looked up
    (`drafts`: the build's --drafts, whose draft timelines are pages, linked by title)."""
    made: list[LinkResolver] = []

    def link(target: str) -> tuple[str, str] | None:
        if not made:
            made.append(make_linker(site, set(published), drafts))
        return made[0](target)

    return link


def _event_doc(ev: Event, link: LinkResolver, era: str = "bce") -> dict[str, str]:
    return {
        "k": "event",
        "t": ev.title,
        "d": ev.dates_text(era),
        "u": ev.url,
        "s": _clean(ev.summary),
        "x": markdown.plain_text(ev.body, link),
    }


def _other_docs(
    people: Iterable[Person], countries: Iterable[Country], link: LinkResolver
) -> list[dict[str, str]]:
    names = {c.slug: c.name for c in countries}
    return [
        *(_person_doc(p, names, link) for p in people),
        *(_country_doc(c, link) for c in countries),
    ]


def _person_doc(p: Person, countries: dict[str, str], link: LinkResolver) -> dict[str, str]:
    """A person's document; `countries`: the names of the index's countries by slug."""
    country = countries.get(p.country, "")
    # "President of Russia", not "President of Russia, Russia"
    if country and re.search(rf"\b{re.escape(country)}\b", p.role):
        country = ""
    role = ", ".join(x for x in (p.role, country) if x)
    text = markdown.plain_text(p.body, link)
    return {"k": "person", "t": p.name, "d": role, "u": p.url, "s": "", "x": text}


def _country_doc(c: Country, link: LinkResolver) -> dict[str, str]:
    text = markdown.plain_text(c.body, link)
    return {"k": "country", "t": c.name, "d": "", "u": c.url, "s": "", "x": text}


# -- planning ------------------------------------------------------------------------------


def plan(site: Site, opts: Options, events: list[Event], entries: list[Entry]) -> list[Page]:
    """The site's index: every published event, person and country (a timeline's page
    searches it too, kept to its documents: scope_page)."""
    people, countries = tuple(site.people.values()), tuple(site.countries.values())
    data: dict[str, Any] = {
        "events": SharedList(events),
        "people": SharedList(people),
        "countries": SharedList(countries),
        "part_docs": opts.bounds.search_docs,
    }
    if site.timelines:  # what a body's [[link]] to one shows (see link_targets)
        data["timelines"] = linked_timelines(site)
        if opts.drafts:  # (its draft timelines are pages: a link shows the title)
            data["drafts"] = True
    docs = len(events) + len(people) + len(countries)
    paths = [INDEX_PATH, *index_paths(docs, opts.bounds.search_docs)]
    return [Page(path, "producer:search", data) for path in paths]


def linked_timelines(site: Site) -> tuple[tuple[str, str, bool], ...]:
    """What a document's `[[link]]` to a timeline shows: its title, or its slug when it
    is a draft (see _linker). The index's key has the events, people and countries
    whole; of the timelines only this, so that an edit of one's introduction leaves
    the index be, where its title or draft: changes the documents that link to it."""
    return tuple(sorted((t.slug, t.title, t.draft) for t in site.timelines.values()))


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Numbering:
    """Each document's number in the site's index, by slug (made once a plan, for every
    timeline's scope)."""

    events: dict[str, int]
    people: dict[str, int]
    countries: dict[str, int]

    @classmethod
    def of(cls, site: Site, events: Sequence[Event]) -> Numbering:
        """The numbers of the documents plan(site, …, events, …) gives them."""
        people = {slug: len(events) + n for n, slug in enumerate(site.people)}
        first = len(events) + len(people)
        return cls(
            {ev.slug: n for n, ev in enumerate(events)},
            people,
            {slug: first + n for n, slug in enumerate(site.countries)},
        )

    @property
    def docs(self) -> int:
        return len(self.events) + len(self.people) + len(self.countries)


def scope_runs(numbers: Iterable[int]) -> tuple[int, ...]:
    """Sorted document numbers, compactly: each number as its gap from the previous one
    (from -1), and a run of n more that follow it one by one as -n. [3, 4, 5, 9] is
    (4, -2, 4): a timeline's people and countries are mostly runs, its events gaps."""
    out: list[int] = []
    last = -1
    for n in sorted(set(numbers)):
        if n != last + 1 or not out:
            out.append(n - last)
        elif out[-1] < 0:
            out[-1] -= 1
        else:
            out.append(-1)
        last = n
    return tuple(out)


def scope_numbers(runs: Iterable[int]) -> list[int]:
    """The document numbers of scope_runs, as site.js reads them."""
    out: list[int] = []
    last = -1
    for g in runs:
        if g > 0:
            last += g
            out.append(last)
        else:
            out.extend(range(last + 1, last + 1 - g))
            last -= g
    return out


def scope_page(folder: str, numbering: Numbering, events: Sequence[Event]) -> Page:
    """A timeline's scope (SCOPE_PATH in `folder`): the site index's documents of its
    `events` and of the people and countries they name. Its data is the numbers alone,
    so that its key, and its file, change only when they do."""
    people = {numbering.people.get(p) for e in events for p in e.people}
    countries = {numbering.countries.get(c) for e in events for c in e.countries}
    numbers = [numbering.events[e.slug] for e in events]
    numbers += [n for n in people | countries if n is not None]
    data = {
        "docs": numbering.docs,
        "events": len(numbering.events),
        "runs": scope_runs(numbers),
    }
    return Page(folder + SCOPE_PATH, "producer:search", data)


# -- making --------------------------------------------------------------------------------


def _record(doc: dict[str, str]) -> list[str]:
    text = doc["s"] or doc["x"]
    if len(text) > SNIPPET:
        cut = text.rfind(" ", 0, SNIPPET)
        text = text[: cut if cut > SNIPPET // 2 else SNIPPET].rstrip(" ,;:") + "…"
    return [KINDS[doc["k"]], doc["t"], doc["d"], doc["u"], text]


def _row() -> array[int]:
    return array("i")


def _placed(doc: Doc, text: bytes | None = None) -> tuple[set[str], set[str], set[str]]:
    """A document's words of two letters or more, by where each is at best: those of
    its text alone (1), of its date, summary or role (2), of its title (3) (`text`: its
    text's UTF-8, where the caller has it). (Sets: a body's ~330 words, ~150 different,
    put in a dict cost a sixth more.)"""
    top = _long_words(doc["t"])
    middle = _long_words(doc["d"] + " " + doc["s"])
    middle -= top
    body = _long_words(doc["x"], text)
    body -= top
    body -= middle
    return body, middle, top


def _long_words(text: str, utf8: bytes | None = None) -> set[str]:
    """word_set(text) but its words of one character: of ASCII words those of
    _ONE_LETTER, each looked up; the words folded from pieces that are not ASCII (few:
    a text's ASCII pieces are split apart first) each asked its length, in C loops
    (compress, map: every word of such a text was asked before, ~84 M instructions, a
    tenth of the skewed corpus's words). `utf8`: the text's UTF-8, where the caller has
    it."""
    if text.isascii():
        found = set(_ascii_words(text, utf8))
        found -= _ONE_LETTER
        return found
    plain, folded = _word_sets(text, utf8)
    plain -= _ONE_LETTER
    plain.update(compress(folded, map((1).__lt__, map(len, folded))))
    return plain


def _best(doc: dict[str, str]) -> dict[str, int]:
    """A document's words (of two letters or more) -> where each is at best."""
    body, middle, top = _placed(doc)
    return {**dict.fromkeys(body, 1), **dict.fromkeys(middle, 2), **dict.fromkeys(top, 3)}


_ONE_LETTER = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
"""The words of one character that ASCII text folds to (words: lower case, letters and
digits)."""


Doc = dict[str, str]
"""A document: kind (k), title (t), date or role (d), URL (u), summary (s), text (x)."""


def postings(docs: Sequence[Doc]) -> dict[str, array[int]]:
    """Word -> (document << 2 | where) for each document it is in, in document order
    (words of one letter left out: site.js searches none). Arrays: 1.5 M postings at
    10,000 events are 6 MB so, 50 MB as lists of ints."""
    found: defaultdict[str, array[int]] = defaultdict(_row)
    for n, doc in enumerate(docs):
        at = n << 2
        for word, where in _best(doc).items():
            found[word].append(at | where)
    return found


def moved(before: dict[str, str], after: dict[str, str]) -> dict[str, int]:
    """The words whose postings differ between two versions of a document: word -> where
    it now is (0: no longer in it). An appended sentence moves only its new words."""
    old, new = _best(before), _best(after)  # (words of two letters or more)
    return {
        word: new.get(word, 0)
        for word in old.keys() | new.keys()
        if old.get(word, 0) != new.get(word, 0)
    }


def _numbers(count: int) -> list[str]:
    """The text of each stored posting up to the largest that an index of `count`
    documents can have (a gap of every document), or 4,095: most postings are looked
    up as they are made, not each put through str() (an eighth of making the index)."""
    return list(map(str, range(min(4 * count + 4, 1 << 12))))


def _encode_shard(table: Mapping[str, list[str]]) -> bytes:
    """A shard's file: its words in order, each with its stored postings' text (in
    pieces of a batch of documents each: see _made_whole)."""
    items = [f"{_compact(w)}:[{','.join(table[w])}]" for w in sorted(table)]
    return ("{" + ",".join(items) + "}").encode()


Hashes = dict[str, str]
"""An index's files but the manifest (paths relative to its folder) -> their hash
(write.digest, the hash the build keeps of every file it writes)."""


def _manifest(hashes: Mapping[str, str], docs: int, events: int, per_part: int) -> bytes:
    """The manifest, its version a hash of every other file's hash (shards, then records;
    KeyError when one is missing): a patch that changes a few files makes it from the
    last build's record of the others' (see _patch_recorded), without reading them."""
    made = "".join(f"{p}\0{hashes[p]}\0" for p in index_paths(docs, per_part))
    version = hashlib.blake2b(made.encode(), digest_size=6)
    manifest = {
        "version": VERSION,
        "docs": docs,
        "events": events,
        "shards": shard_count(docs),
        "per": PER_CHUNK,
        "prefix": PREFIX,
        **({"part": per_part} if docs > per_part else {}),
        "v": version.hexdigest(),
    }
    return _compact(manifest).encode()


def _finish(
    files: dict[str, bytes], docs: int, events: int, per_part: int, known: Hashes | None = None
) -> Hashes:
    """The manifest put last in `files`, and every other file's hash: worked out for
    those in `files`, as `known` has it (the last build's record) for the others."""
    files.pop(INDEX_PATH, None)
    known = known or {}
    hashes: Hashes = {}
    for path in index_paths(docs, per_part):
        data = files.get(path)
        hashes[path] = digest(data) if data is not None else known[path]
    files[INDEX_PATH] = _manifest(hashes, docs, events, per_part)
    return hashes


def _shard_files(parts: list[dict[str, list[str]]], count: int) -> dict[str, bytes]:
    """The word shards' files of an index of `count` documents: `parts`, each part's
    words -> their stored postings' text (emptied: each word's let go once written)."""
    shards = shard_count(count)
    files: dict[str, bytes] = {}
    by_shard: list[list[list[str]]] = [[[] for _ in parts] for _ in range(shards)]
    for part, texts in enumerate(parts):
        for word in texts:
            by_shard[shard_of(word, shards)][part].append(word)
    for n, mine in enumerate(by_shard):  # (a shard's parts in turn, as index_paths has them)
        for part, (texts, found) in enumerate(zip(parts, mine, strict=True)):
            files[shard_path(n, part)] = _encode_shard({w: texts.pop(w) for w in found})
    return files


BATCH = 512
"""Documents whose postings' text is gathered word by word before each word's is joined."""


def _post(
    rows: dict[str, list[Any]], words: Iterable[str], at: int, where: int, numbers: list[str]
) -> None:
    """The postings of one document (`at`: its number << 2) for these words, where each
    is `where`, put at the end of each word's row: [its last document << 2, then the
    text of each posting since the last _joined], each as stored: (gap from the word's
    last document) << 2 | where. A new word's row starts from -4 (a gap from -1). (One
    look-up of the word a posting: a dict of last documents beside the dict of texts
    was three, a quarter of making the postings. Subscripts, not `get` and a test of
    its answer and of the gap's size: a new word of a part and a gap past `numbers`
    are rare, and a `try` costs nothing until it raises; 5 % of the standard corpus's
    index. A posting is `at | where` less the word's last document << 2, whose low bits
    are 0: one subtraction, where a subtraction and an `|` were, 12 % of the postings.)"""
    posted = at | where
    for word in words:
        try:
            row = rows[word]
        except KeyError:
            rows[word] = row = [-4]
        try:
            row.append(numbers[posted - row[0]])
        except IndexError:
            row.append(str(posted - row[0]))
        row[0] = at


def _joined(texts: dict[str, list[str]], rows: dict[str, list[Any]]) -> None:
    """The postings' text gathered in `rows` (each row then its last document alone)
    joined, a piece at the end of each word's in `texts`. (A word's postings were kept
    as an array of ints, put through the table of their text when written: C's check of
    each int put in the array and the look-up of each taken out were a tenth of making
    the index.)"""
    for word, row in rows.items():
        if len(row) > 1:
            texts[word].append(",".join(row[1:]))
            del row[1:]


def make_index(
    docs: Iterable[Doc],
    prints: dict[int, bytes] | None = None,
    per_part: int = PART_DOCS,
) -> dict[str, bytes]:
    """Every file of an index for these documents (see _made_whole)."""
    docs = list(docs)
    return _made_whole(docs, prints, per_part, len(docs))[0]


def _made_whole(
    docs: Iterable[Doc],
    prints: dict[int, bytes] | None,
    per_part: int,
    expected: int,
) -> tuple[dict[str, bytes], Hashes]:
    """Every file of an index (paths relative to its folder) for these documents, taken
    one at a time (each one's fingerprint put in `prints`; `expected`: how many there are, for
    the table of the postings' text): only its postings' text and its record are kept,
    not its text. (A list of every document held every body's plain text at once
    beside the postings: ~36 MiB made and dropped at 10,000 events, ~350 MB at 100,000,
    the top of the build's peak memory.)"""
    numbers = _numbers(expected)  # (a posting past it: str())
    parts: list[dict[str, list[str]]] = []
    texts: defaultdict[str, list[str]] = defaultdict(list)
    rows: dict[str, list[Any]] = {}  # word -> its last document, its recent postings
    chunks: list[bytes] = []
    chunk: list[list[str]] = []
    count = events = 0
    for count, doc in enumerate(docs, 1):
        at = (count - 1) << 2
        if not (count - 1) % per_part:  # a part starts: each word's first gap from -1
            _joined(texts, rows)
            texts = defaultdict(list)
            parts.append(texts)
            rows = {}
        text = doc["x"].encode(errors="surrogatepass")  # (for its words and fingerprint)
        for where, placed in enumerate(_placed(doc, text), 1):
            _post(rows, placed, at, where, numbers)
        if not count % BATCH:
            _joined(texts, rows)
        chunk.append(_record(doc))
        if len(chunk) == PER_CHUNK:
            chunks.append(_compact(chunk).encode())
            chunk = []
        events += doc["k"] == "event"
        if prints is not None:
            prints[count - 1] = _fingerprint(count - 1, doc, text)
    if chunk:
        chunks.append(_compact(chunk).encode())
    _joined(texts, rows)
    files = _shard_files(parts or [{}], count)
    for n, data in enumerate(chunks):
        files[RECORD_PATH.format(n)] = data
    return files, _finish(files, count, events, per_part)


# -- patching ------------------------------------------------------------------------------
# After body edits alone (see splice.Splice) the documents are the same ones in the same
# order: the last build's files are read back and only the shards holding the edited
# documents' old or new words, and their records' chunks, are made again. At 10,000
# events that is a few shards instead of tokenizing every document.


FILE_KEY = b"\0file\0"
"""The manifest's record (see produce) holds each other file's hash, keyed by this and
its path: a patch after an edit reads and hashes only the files it changes."""

INPUT_KEY = b"\0inputs\0"
"""The manifest's record holds, keyed by this and every document's inputs (see
_Documents.inputs) joined in order, INPUT_SIZE bytes each (zeros for none), what each document
was made from: a later build makes again only the documents whose inputs changed (an
event's title edited made every one of 10,000 before). One key, not one a document:
11,200 entries held to the build's end were ~2 MiB of its peak."""
INPUT_SIZE = 16
_NO_INPUT = bytes(INPUT_SIZE)


def _old_manifest(
    pieces: Pieces, folder: str, docs: int, events: int, per_part: int
) -> tuple[bytes, Index] | None:
    """The last build's manifest of the index in `folder` and its record, when trusted
    and it had as many documents and events (and parts of as many documents)."""
    found = pieces.old(folder + INDEX_PATH)
    if found is None:
        return None
    data = bytes(found[0])
    try:
        old = json.loads(data)
    except ValueError:
        return None
    same = {"version": VERSION, "docs": docs, "events": events, "per": PER_CHUNK}
    if old != {**old, **same, "prefix": PREFIX} or old.get("part") != (
        per_part if docs > per_part else None
    ):
        return None
    return data, found[1]


def _recorded(index: Index) -> tuple[dict[int, bytes], Hashes, Inputs]:
    """What the manifest's record holds: its documents' fingerprints (number -> digest),
    the other files' hashes (see FILE_KEY) and what each document was made from (see
    INPUT_KEY; none in a record of an older build)."""
    prints: dict[int, bytes] = {}
    hashes: Hashes = {}
    inputs: Inputs = {}
    skip, skip_input = len(FILE_KEY), len(INPUT_KEY)
    for key, (start, _, owner) in index.items():
        if owner == "doc":
            prints[start] = key
        elif owner == "inputs":
            joined = key[skip_input:]
            for n, at in enumerate(range(0, len(joined), INPUT_SIZE)):
                made = joined[at : at + INPUT_SIZE]
                if made != _NO_INPUT:
                    inputs[n] = made
        elif key.startswith(FILE_KEY):
            hashes[key[skip:].decode(errors="replace")] = owner
    return prints, hashes, inputs


def _old_files(
    pieces: Pieces, folder: str, docs: int, events: int, per_part: int
) -> tuple[dict[str, bytes], dict[int, bytes], Inputs] | None:
    """The last build's files of the index in `folder` and its documents' fingerprints
    (number -> digest) and inputs (see INPUT_KEY), when all are trusted and it had as many
    documents and events (and parts of as many documents)."""
    found = _old_manifest(pieces, folder, docs, events, per_part)
    if found is None:
        return None
    files: dict[str, bytes] = {}
    for path in index_paths(docs, per_part):
        data = pieces.old(folder + path)
        if data is None:
            return None
        files[path] = bytes(data[0])
    files[INDEX_PATH] = found[0]
    prints, _, inputs = _recorded(found[1])
    return files, prints, inputs


def _patch_recorded(
    pieces: Pieces,
    folder: str,
    edits: Edits,
    sizes: tuple[int, int, int],
    fresh: Callable[[Iterable[int]], Inputs],
) -> Made | None:
    """After body edits alone, the plan having given each edited document's versions
    (see edited_pages): the last build's files that the edits change, patched, and the
    manifest made from their new hashes and the others' as the last manifest's record
    has them; the other files are neither read nor hashed. None (the index is then
    read whole) unless that record is complete and is what the last manifest's version
    was made of, each file to patch is trusted and has its recorded hash, and each
    edited document's old version is the one the last build indexed. `sizes`: the
    index's documents, events and documents a part; `fresh`: the inputs of documents
    (see _Documents.inputs), asked of the edited ones."""
    count, events, per_part = sizes
    found = _old_manifest(pieces, folder, count, events, per_part)
    if found is None:
        return None
    manifest, index = found
    prints, known, inputs = _recorded(index)
    if len(prints) != count or any(
        prints.get(n) != fingerprint(n, e.before) for n, e in edits.items()
    ):
        return None
    try:  # (a record of another build, or of none: another version)
        if _manifest(known, count, events, per_part) != manifest:
            return None
    except KeyError:
        return None
    old = {INDEX_PATH: manifest}
    for path in changed_files(count, edits, per_part) - {INDEX_PATH}:
        got = pieces.old(folder + path)
        if got is None:
            return None
        old[path] = bytes(got[0])
        if digest(old[path]) != known[path]:
            return None
    files, hashes = _patch_edits(old, count, edits, per_part, known)
    prints = prints | {n: fingerprint(n, e.after) for n, e in edits.items()}
    return files, prints, hashes, inputs | fresh(edits)


def fingerprint(n: int, doc: Doc) -> bytes:
    """What a document at place n shows in the index, as a digest: its fields joined by
    NULs, which none holds (the load reads a control character, written or escaped, as
    U+FFFD). As JSON, every body's text was encoded again, for more than the hash cost."""
    return _fingerprint(n, doc, doc["x"].encode(errors="surrogatepass"))


def _fingerprint(n: int, doc: Doc, text: bytes) -> bytes:
    """fingerprint(n, doc), its text's UTF-8 given (made once for its words too): the
    digest of the same bytes, its other fields joined and the text's bytes put after
    them (splice.key_digest of the whole joined, which copied the text and encoded it
    again: at 4 bytes a character on the skewed corpus, two fifths of its fingerprints'
    instructions)."""
    # (every field but the text, in the document's order: the text is its last)
    fields = "\0".join((str(n), *[v for k, v in doc.items() if k != "x"], ""))
    made = blake2b(fields.encode(errors="surrogatepass"), digest_size=16)
    made.update(text)
    return made.digest()


def _documents_of(row: list[int]) -> list[int]:
    """The documents of stored postings (C loops: a word may be in every document)."""
    return list(accumulate(map(rshift, row, repeat(2)), initial=-1))[1:]


def _repost(table: dict[str, list[int]], word: str, new: dict[int, int]) -> None:
    """Set the postings of `word` for the documents of `new` (document -> where, 0 for
    none), the others kept. The stored gaps are edited where they change: a word may be
    in every document."""
    row = table.get(word, [])
    docs = _documents_of(row)
    for doc, where in sorted(new.items()):
        at = bisect_left(docs, doc)
        if at < len(docs) and docs[at] == doc:
            if where:
                row[at] = (row[at] & ~3) | where
                continue
            if at + 1 < len(row):  # the next document's gap now starts further back
                row[at + 1] += row[at] & ~3
            del row[at], docs[at]
        elif where:
            gap = (doc - (docs[at - 1] if at else -1)) << 2
            if at < len(row):
                row[at] -= gap
            row.insert(at, gap | where)
            docs.insert(at, doc)
    if row:
        table[word] = row
    else:
        table.pop(word, None)


def _shard_items(data: bytes) -> dict[bytes, bytes]:
    """A shard's file as quoted word -> its postings' text, without parsing the numbers
    (words are letters and digits: no quote, comma or bracket in them)."""
    if data == b"{}":
        return {}
    items = {}
    for item in data[1:-2].split(b"],"):
        key, _, values = item.partition(b":[")
        items[key] = values
    return items


def _patch_shard(old: bytes, changed: set[int], new: dict[str, dict[int, int]]) -> bytes:
    """A shard with the postings of the `changed` documents replaced by `new` (word ->
    document -> where, for the words of this shard); the old bytes when that is all.
    Only the words the changed documents had or have are written again; the others'
    text is copied."""
    table: dict[str, list[int]] = json.loads(old)  # (C: quicker than splitting the text)
    gone = dict.fromkeys(changed, 0)
    updates = {w: gone | new[w] for w in new}
    for word, row in table.items():
        if word not in updates and not changed.isdisjoint(_documents_of(row)):
            updates[word] = gone
    if not updates:
        return old
    return _reposted(old, updates)


def _reposted(old: bytes, updates: dict[str, dict[int, int]]) -> bytes:
    """A shard with the postings of these words set for these documents (word ->
    document -> where, 0 for none); only their rows are read, the others' text copied."""
    items = _shard_items(old)
    for word, docs in updates.items():
        key = _compact(word).encode()
        text = items.get(key)
        table = {word: list(map(int, text.split(b",")))} if text else {}
        _repost(table, word, docs)
        posted = table.get(word)
        if posted:
            items[key] = ",".join(map(str, posted)).encode()
        else:
            items.pop(key, None)
    # quoted words sort as the words do: the quote is below every letter and digit
    body = b"],".join(key + b":[" + items[key] for key in sorted(items))
    return b"{" + body + b"]}" if items else b"{}"


def patch_index(
    old: dict[str, bytes], count: int, changed: Mapping[int, Doc], per_part: int = PART_DOCS
) -> dict[str, bytes]:
    """The files of an index of `count` documents with the `changed` ones (number ->
    document) made again: the same bytes as make_index would make."""
    return _patched_whole(old, count, changed, per_part)[0]


def _patched_whole(
    old: dict[str, bytes], count: int, changed: Mapping[int, Doc], per_part: int
) -> tuple[dict[str, bytes], Hashes]:
    """patch_index, and every file's hash."""
    shards = shard_count(count)
    numbers = sorted(changed)
    new: defaultdict[str, dict[str, dict[int, int]]] = defaultdict(dict)
    for word, row in postings([changed[n] for n in numbers]).items():
        shard = shard_of(word, shards)
        for v in row:
            doc = numbers[v >> 2]
            new[shard_path(shard, doc // per_part)].setdefault(word, {})[doc] = v & 3
    in_part: defaultdict[int, set[int]] = defaultdict(set)
    for doc in numbers:
        in_part[doc // per_part].add(doc)
    files = dict(old)
    for n in range(shards):
        for part, mine in in_part.items():  # (a part's file holds its documents alone)
            path = shard_path(n, part)
            files[path] = _patch_shard(old[path], mine, new.get(path, {}))
    _put_records(files, {n: _record(changed[n]) for n in numbers})
    events = json.loads(files[INDEX_PATH])["events"]
    return files, _finish(files, count, events, per_part)


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Edit:
    """One edited document of an index, both versions known (after body edits alone):
    what changes of it is worked out once, for the plan (which files change:
    changed_files) and the patch (patch_edits)."""

    before: Doc
    """The document as the last build had it (its fingerprint confirms it)."""
    after: Doc
    """The document now."""
    moved: dict[str, int]
    """The words whose postings differ between the two (see `moved`)."""
    record: list[str] | None
    """Its record now, when it differs from the last one (its chunk changes); else None."""

    @classmethod
    def of(cls, before: Doc, after: Doc) -> Edit:
        """The edit that makes `before` `after`."""
        record = _record(after)
        changed = record != _record(before)
        return cls(before, after, moved(before, after), record if changed else None)


Edits = dict[int, Edit]
"""Document number -> its edit: see edited_pages."""


def patch_edits(
    old: dict[str, bytes], count: int, edits: Edits, per_part: int = PART_DOCS
) -> dict[str, bytes]:
    """patch_index when each changed document's last version is known too (number ->
    Edit): only the shards of the words that moved and the chunks of the records that
    changed are made again, and the manifest."""
    return _patch_edits(old, count, edits, per_part, None)[0]


def _patch_edits(
    old: dict[str, bytes], count: int, edits: Edits, per_part: int, known: Hashes | None
) -> tuple[dict[str, bytes], Hashes]:
    """patch_edits, and every file's hash: `old` holds at least the manifest and the
    files changed_files names; `known`, the hashes of those it does not hold."""
    shards = shard_count(count)
    updates: dict[str, dict[str, dict[int, int]]] = {}
    for n, edit in edits.items():
        for word, where in edit.moved.items():
            path = shard_path(shard_of(word, shards), n // per_part)
            updates.setdefault(path, {}).setdefault(word, {})[n] = where
    files = dict(old)
    for path, mine in updates.items():
        files[path] = _reposted(old[path], mine)
    _put_records(files, {n: e.record for n, e in edits.items() if e.record is not None})
    events = json.loads(files[INDEX_PATH])["events"]
    return files, _finish(files, count, events, per_part, known)


def changed_files(count: int, edits: Edits, per_part: int = PART_DOCS) -> set[str]:
    """The files (relative to the index's folder) whose bytes patch_edits changes: the
    shards' parts of the words that moved, the chunks of the records that changed, and
    the manifest when any of those is."""
    shards = shard_count(count)
    changed: set[str] = set()
    for n, edit in edits.items():
        changed.update(shard_path(shard_of(w, shards), n // per_part) for w in edit.moved)
        if edit.record is not None:
            changed.add(RECORD_PATH.format(n // PER_CHUNK))
    return changed | {INDEX_PATH} if changed else changed


def _put_records(files: dict[str, bytes], records: dict[int, list[str]]) -> None:
    """The record chunks of `files` with these records (number -> record) put in."""
    for chunk_no in sorted({n // PER_CHUNK for n in records}):
        path = RECORD_PATH.format(chunk_no)
        chunk = json.loads(files[path])
        for n, record in records.items():
            if n // PER_CHUNK == chunk_no:
                chunk[n % PER_CHUNK] = record
        files[path] = _compact(chunk).encode()


def _slugs(events: Iterable[Event]) -> Iterable[str]:
    return (e.slug for e in events)


Inputs = dict[int, bytes]
"""What each document of an index was made from, by its number (see _Documents.inputs)."""

Made = tuple[dict[str, bytes], dict[int, bytes], Hashes, Inputs]
"""An index's files, its documents' fingerprints (number -> digest), its files' hashes
and its documents' inputs."""


def edited_pages(
    pages: list[Page], site: Site, changes: Mapping[int, tuple[Event, Event]]
) -> list[Page]:
    """After body edits alone, of the files of one index (`pages`, as index_pages plans
    them) those that change: the manifest (its documents' fingerprints change), the
    shards of the words that moved and the chunks of the records that changed.
    `changes`: document number -> (the event as the last build had it, as it is now),
    for every edited event of the index; the pages carry both versions of each
    document (see _after_edits). The other files are kept."""
    data = pages[0].data
    documents = _Documents(site, data)
    link, era = documents.link, documents.era
    edits: Edits = {
        n: Edit.of(_event_doc(before, link, era), _event_doc(after, link, era))
        for n, (before, after) in changes.items()
        if before is not after
    }
    if not edits:
        return []
    changed = changed_files(documents.count, edits, _per_part(data))
    changed.add(INDEX_PATH)  # (made again for its fingerprints, if to the same bytes)
    shown = {**data, "edits": edits}
    return [
        Page(p.path, p.template, shown)
        for p in pages
        if "search/" + p.path.rpartition("search/")[2] in changed
    ]


def _per_part(data: Mapping[str, Any]) -> int:
    """Documents per part of a shard, as the plan put them in the index's data."""
    per: int = data.get("part_docs", PART_DOCS)
    return per


def _make(renderer: Producing, folder: str, data: dict[str, Any]) -> Made:
    """Every file of the index in `folder`: after body edits alone, those they change,
    patched (_patch_recorded); else a patch of the last build's where it had as many
    documents and few changed (after body edits alone, only the edited events'
    documents are made; else only those whose inputs changed), else made from every
    document."""
    documents = _Documents(renderer.site, data)
    count, events, per = documents.count, len(documents.events), _per_part(data)
    edits = documents.edits
    if edits is not None and renderer.pieces.edited:
        sizes = (count, events, per)
        patched = _patch_recorded(renderer.pieces, folder, edits, sizes, documents.inputs)
        if patched is not None:
            return patched
    last = _old_files(renderer.pieces, folder, count, events, per)
    if last is not None and len(last[1]) == count and renderer.pieces.edited:
        return _after_edits(documents, renderer.pieces.edited, last, per)
    inputs = documents.inputs(range(count))
    if last is None or len(last[1]) != count:
        return _whole(documents, inputs, per)
    return _inputs_changed(documents, last, inputs, per)


def _inputs_changed(
    documents: _Documents,
    last: tuple[dict[str, bytes], dict[int, bytes], Inputs],
    inputs: Inputs,
    per_part: int,
) -> Made:
    """The last build's index (`last`: its files, fingerprints and inputs, of as many
    documents) with the documents whose inputs changed made again and patched in;
    made whole when more than a quarter did (patching them all costs more)."""
    old, prints, made_from = last
    count = documents.count
    stale = [n for n, made in inputs.items() if not made or made_from.get(n) != made]
    if len(stale) > count // 4:
        return _whole(documents, inputs, per_part)
    docs = {n: documents.doc(n) for n in stale}
    prints = prints | {n: fingerprint(n, doc) for n, doc in docs.items()}
    changed = {n: doc for n, doc in docs.items() if last[1].get(n) != prints[n]}
    files, hashes = _patched_whole(old, count, changed, per_part)
    return files, prints, hashes, inputs


def _whole(documents: _Documents, inputs: Inputs, per_part: int) -> Made:
    """Every file of the index made from every document."""
    prints: dict[int, bytes] = {}
    files, hashes = _made_whole(documents.every(), prints, per_part, documents.count)
    return files, prints, hashes, inputs


class _Documents:
    """An index's documents by number (the events, then the people, then the countries),
    with what making one reads, and what each is made from (`inputs`)."""

    def __init__(self, site: Site, data: dict[str, Any]) -> None:
        self.events, self.people = data["events"], data["people"]
        self.countries = data["countries"]
        self.count = len(self.events) + len(self.people) + len(self.countries)
        self.link = _linker(site, _slugs(self.events), "drafts" in data)
        self.era = site.config.era_style
        self.names = {c.slug: c.name for c in self.countries}
        self.edits: Edits | None = data.get("edits")
        """After body edits alone, each edited document's two versions (edited_pages)."""

    def every(self) -> Iterator[Doc]:
        """The index's documents, made as they are taken."""
        link, era = self.link, self.era
        yield from (_event_doc(ev, link, era) for ev in self.events)
        yield from _other_docs(self.people, self.countries, link)

    def owner(self, n: int) -> tuple[Event | Person | Country, str]:
        """What document n is made from, and what else it shows (an event's era style,
        a person's country's name)."""
        events, people = self.events, self.people
        if n < len(events):
            return events[n], self.era
        if n - len(events) < len(people):
            person: Person = people[n - len(events)]
            return person, self.names.get(person.country, "")
        return self.countries[n - len(events) - len(people)], ""

    def doc(self, n: int) -> Doc:
        """Document n."""
        obj, _ = self.owner(n)
        if isinstance(obj, Event):
            return _event_doc(obj, self.link, self.era)
        if isinstance(obj, Person):
            return _person_doc(obj, self.names, self.link)
        return _country_doc(obj, self.link)

    def inputs(self, numbers: Iterable[int]) -> Inputs:
        """What the documents of these numbers are made from, each as a digest: its
        place and kind, its address, the digest of the file it was read from (its
        title, dates, summary and body: model.Origin.digest), what its body's
        `[[links]]` resolve to, an event's era style, a person's country's name. The
        same digest at the same place as the last build recorded: the same document.
        Empty (made again each time) for an object without a file's digest."""
        return {n: _input(n, *self.owner(n), self.link) for n in numbers}


def _input(n: int, obj: Event | Person | Country, extra: str, link: LinkResolver) -> bytes:
    """One document's inputs as a digest (see _Documents.inputs). The links: what each of
    the body's `[[targets]]` resolves to (markdown.plain_text resolves those of them its
    text holds), read without the body's texts (see model.Body's packed references)."""
    if not obj.origin.digest:
        return b""
    targets = obj.body.links.targets
    linked = repr(tuple((t, link(t)) for t in dict.fromkeys(targets))) if targets else ""
    text = "\0".join((str(n), type(obj).__name__, obj.url, obj.origin.digest, extra, linked))
    return blake2b(text.encode(errors="surrogatepass"), digest_size=INPUT_SIZE).digest()


def _after_edits(
    documents: _Documents,
    edited: Collection[str],
    last: tuple[dict[str, bytes], dict[int, bytes], Inputs],
    per_part: int,
) -> Made:
    """After body edits alone (`edited`: their files), the last build's index patched:
    from both versions of the edited documents when the plan gave them (see
    edited_pages) and the last build's fingerprints confirm the old ones, else from
    the new ones alone."""
    old, prints, inputs = last
    count = documents.count
    edits: Edits | None = documents.edits
    if edits is not None and all(
        prints.get(n) == fingerprint(n, e.before) for n, e in edits.items()
    ):
        prints = prints | {n: fingerprint(n, e.after) for n, e in edits.items()}
        files, hashes = _patch_edits(old, count, edits, per_part, None)
        return files, prints, hashes, inputs | documents.inputs(edits)
    changed = {
        n: documents.doc(n) for n, ev in enumerate(documents.events) if ev.origin.path in edited
    }
    prints = prints | {n: fingerprint(n, doc) for n, doc in changed.items()}
    files, hashes = _patched_whole(old, count, changed, per_part)
    return files, prints, hashes, inputs | documents.inputs(changed)


def _scope_file(scope: dict[str, Any]) -> bytes:
    """A timeline's scope: the site index's counts (site.js checks that the manifest it
    has is of the same build) and its documents' runs."""
    return _compact(
        {"docs": scope["docs"], "events": scope["events"], "in": scope["runs"]}
    ).encode()


def produce(renderer: Producing, page: Page) -> bytes:
    """One file of an index, made once per build on its first file; or a timeline's
    scope."""
    if "runs" in page.data:
        return _scope_file(page.data)
    folder, found, name = page.path.rpartition("search/")
    assert found, page.path
    made: Made | None = renderer.pieces.memo.get(("search", folder))
    if made is None or "search/" + name not in made[0]:
        made = renderer.pieces.memo[("search", folder)] = _make(renderer, folder, page.data)
    files, prints, hashes, inputs = made
    # each file let go once handed out (the whole index, held to the build's end, was
    # 34 MiB of a one-process build's peak at 10,000 events)
    data = files.pop("search/" + name)
    index: Index | None = None
    hashed = hashes.get("search/" + name)  # (the manifest's version needed them: the
    # sink takes them, not hashing each file again)
    if name == "index.json":  # for the next build's patch: what each document showed,
        # and each file's hash (FILE_KEY)
        index = {p: (n, n, "doc") for n, p in prints.items()}
        index.update((FILE_KEY + path.encode(), (0, 0, h)) for path, h in hashes.items())
        joined = b"".join(inputs.get(n) or _NO_INPUT for n in range(len(prints)))
        index[INPUT_KEY + joined] = (0, 0, "inputs")
    renderer.pieces.keep(page.path, data, index, hashed)
    if not files:  # its last file handed out: what made it let go too
        _let_go(renderer.pieces.memo, ("search", folder), len(hashes))
    return data


TRIMMED = 256
"""An index of more files than this (about 1.5 MB, 4,000 documents) hands the C heap's
free pages back once its last file is out (see _let_go)."""


def _let_go(memo: dict[Any, Any], key: tuple[str, str], files: int) -> None:
    """Drop a made index's fingerprints and hashes (held to the build's end before:
    ~9 MiB at 100,000 events) and, for a large one, hand back the pages that its making
    and files left free: glibc keeps them (the parent held +35 MiB after a 40,000-event
    index's last file, +6 once trimmed; at 100,000 events ~77 MiB stayed until the
    sitemap's trim, through the render's end, the build's peak)."""
    del memo[key]
    if files > TRIMMED:
        from .executor import release_free_memory

        release_free_memory()
