"""The content format: each file's fields, read into the typed model with diagnostics.

One function a kind of file. Each takes a Document (front matter with marks, body) and
returns a model object, or None where a required field is unusable, plus every problem
found. Nothing here looks across files: that is checks.py.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from dataclasses import field
from typing import Any

from . import dates, markdown, skeleton
from .addresses import address_problem, authority_problem, picture_address_problem
from .dates import EDate
from .diagnostics import Diagnostic, Severity, did_you_mean
from .load import (
    MARKDOWN_SUFFIXES,
    SLUG_RE,
    SOURCE_ID,
    Document,
    a_type_name,
    source_id_rule,
    unclosed_bidi,
)
from .model import (
    EMPTY_BODY,
    SEARCH_PLACEHOLDER,
    Body,
    Config,
    Correction,
    Country,
    Event,
    Image,
    Origin,
    Person,
    Series,
    Source,
    Tag,
    interned_ref,
)
from .records import LazyPattern, dataclass, value_methods

EVENT_FIELDS = {
    "title", "summary", "date", "end", "people", "countries", "tags", "related", "series",
    "sources", "image", "draft", "status", "updated", "corrections", "display_date", "time",
    "end_time", "order",
}  # fmt: skip
PERSON_FIELDS = {"name", "role", "country", "wikidata", "image", "draft"}
COUNTRY_FIELDS = {"name", "iso", "wikidata", "draft"}
SOURCE_FIELDS = {"title", "publisher", "author", "url", "published", "accessed", "archive_url"}
SITE_FIELDS = {
    "title", "base_url", "language", "description", "ignore", "allow_html", "feed_limit",
    "timezone", "search_placeholder", "tags", "era_style", "embed_links", "byline", "updated",
    "order", "cards",
}  # fmt: skip
IMAGE_FIELDS = {"src", "alt", "credit", "caption"}
SUGGESTED = 100
"""Unknown fields of one mapping given a 'did you mean' (the rest list the fields)."""
BIDI_CHECKED = {"title", "summary", "byline", "name", "role"}
"""Fields shown as headings and bylines, where a direction override left open (bidi-unbalanced)
turns round the words after them."""
FEED_LIMIT = 50
"""Entries in feed.xml unless site.yaml says otherwise (feed readers poll it often)."""
WIKIDATA_RE = LazyPattern(r"^Q[1-9][0-9]*$")
EVENT_FIELDS.add("timelines")  # issue 17: the stories an event belongs to


@value_methods
@dataclass(repr=False, eq=False)
class Reader:
    """Reads typed values out of a mapping, reporting each problem at its mark."""

    origin: Origin
    data: dict[str, Any]
    allowed: set[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: tuple[str | int, ...] = ()

    def report(
        self, keypath: tuple[str | int, ...], severity: Severity, code: str, message: str
    ) -> None:
        line, col = self.origin.at(*self.path, *keypath)
        self.diagnostics.append(Diagnostic(self.origin.path, line, col, severity, code, message))

    def unknown_fields(self, what: str) -> None:
        unknown, fields = 0, ""
        for key in self.data:
            if key not in self.allowed:
                line, col = self.origin.key(*self.path, key)
                unknown += 1
                # (a typo's suggestion costs ~0.1 ms: not for each of a million planted keys)
                hint = did_you_mean(str(key), self.allowed) if unknown <= SUGGESTED else ""
                if not hint:
                    fields = fields or "; the fields are " + ", ".join(sorted(self.allowed))
                    hint = fields
                self.diagnostics.append(
                    Diagnostic(
                        self.origin.path, line, col, "error", "field-unknown",
                        f"{what} has no field '{key}'{hint}",
                    )
                )  # fmt: skip

    def missing(self, key: str, what: str) -> None:
        line, col = self.origin.at(*self.path)
        self.diagnostics.append(
            Diagnostic(
                self.origin.path, line, col, "error", "field-missing",
                f"{what} needs {'an' if key[:1] in 'aeiou' else 'a'} '{key}' field; add a line "
                f"'{key}: …'",
            )
        )  # fmt: skip

    def wrong_type(self, key: str | int, expected: str, value: object, *more: str | int) -> None:
        hint = ""
        if isinstance(value, bool) and expected != "true or false":
            hint = (
                "; YAML reads yes, no, on, off, true and false as true/false values, "
                'so put the value in double quotes (iso: "NO")'
            )
        number = isinstance(value, int | float) and not isinstance(value, bool)
        # (a number of the wrong kind is named: "not a number" said nothing of -1 or 2.5)
        got = f"{value!r:.40}" if number else a_type_name(value)
        self.report(
            (key, *more), "error", "field-type", f"'{key}' should be {expected}, not {got}{hint}"
        )

    def text(self, key: str, what: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):  # ("  ": empty)
            if required:
                if key in self.data:
                    self.report((key,), "error", "field-missing", f"'{key}' is empty")
                else:
                    self.missing(key, what)
            return ""
        if isinstance(value, (bool, dict | list)):
            self.wrong_type(key, "text", value)
            return ""
        if key in BIDI_CHECKED:
            self.bidi((key,), value)
        return str(value).strip()

    def bidi(self, keypath: tuple[str | int, ...], value: object) -> None:
        """A direction override or isolate the value opens and leaves open (bidi-unbalanced)."""
        if isinstance(value, str) and (opener := unclosed_bidi(value)):
            self.report(
                keypath, "warning", "bidi-unbalanced",
                f"'{keypath[0]}' opens an invisible {opener} and never closes it: it turns "
                "round the text shown after it on a page or in a feed; delete it, or close "
                "it (U+202C after an embedding or override, U+2069 after an isolate)",
            )  # fmt: skip

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.wrong_type(key, "true or false", value)
            return False
        return value

    def count(self, key: str, default: int) -> int:
        """A whole number, 0 or more."""
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(key, "a whole number", value)
            return default
        if value < 0:
            self.report((key,), "error", "field-type", f"'{key}' should be 0 or more, not {value}")
            return default
        return value

    def date(self, key: str, what: str, required: bool = False) -> EDate | None:
        value = self.data.get(key)
        if value is None or value == "":
            if key in self.data:
                self.report(
                    (key,), "error", "field-missing",
                    f"'{key}' is empty; write a date like \"2024-07-08\", or remove the line",
                )  # fmt: skip
            elif required:
                self.missing(key, what)
            return None
        return self.parse_date(value, (key,))

    def parse_date(self, value: object, keypath: tuple[str | int, ...]) -> EDate | None:
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.report(
                keypath, "error", "field-type",
                f"'{keypath[-1] if isinstance(keypath[-1], str) else keypath[0]}' should be a "
                f'date like "2024-07-08", not {a_type_name(value)}',
            )  # fmt: skip
            return None
        try:
            return dates.parse(str(value))
        except dates.DateError as exc:
            self.report(keypath, "error", exc.code, exc.message)
            return None

    def slugs(self, key: str, empty: bool = False) -> tuple[str, ...]:
        # (strings' items are each a str already, each made by str.strip: no copy)
        return self.strings(key, empty)

    def strings(self, key: str, empty: bool = False) -> tuple[str, ...]:
        """A list of short texts (slugs, tags, ids), each the one string of its value:
        the files parsed together are pickled together (assemble.GROUP), so a slug
        that 48 events name is pickled, and unpickled, once, not once per event (the
        people, countries and tags of crowded events: 5 MiB at 10,000 extreme events,
        read, so copied, by every render process)."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.report(
                (key,), "error", "field-type",
                f"'{key}' should be a list, not text; write [{value}] or one '- {value}' "
                "line per item",
            )  # fmt: skip
            return (value.strip(),)  # already an error; keeps what it names referenced
        if not isinstance(value, list):
            self.wrong_type(key, "a list", value)
            return ()
        out: list[str] = []
        kept: list[int] | None = None  # each kept item's index, once one is left out
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.report(
                    (key, i), "error", "field-type",
                    f"item {i + 1} of '{key}' should be text, not {a_type_name(item)}",
                )  # fmt: skip
                kept = list(range(i)) if kept is None else kept
                continue
            if key in BIDI_CHECKED:
                self.bidi((key, i), item)
            text = str(item).strip()
            # (an empty tag was published as an empty link and filter option; `empty`:
            # the caller says what an empty item should have been, as timelines.py does)
            if not text and not empty:
                self.empty_item(key, i)
                kept = list(range(i)) if kept is None else kept
                continue
            out.append(sys.intern(text))
            if kept is not None:
                kept.append(i)
        if kept is not None:  # later problems name an item by its index in `out`
            self.origin.keep_items((*self.path, key), kept)
        return tuple(out)

    def empty_item(self, key: str, i: int) -> None:
        self.report((key, i), "error", "field-type", f"item {i + 1} of '{key}' is empty; remove it")

    def time(self, key: str) -> dt.time | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return dates.parse_time(value)
        except dates.DateError as exc:
            self.report((key,), "error", exc.code, f"'{key}': {exc.message}")
            return None

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(key, "a whole number", value)
            return None
        return value

    def mapping(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key, "a mapping of 'field: value' lines", value)
            return None
        return value

    def sub(self, data: dict[str, Any], allowed: set[str], *keypath: str | int) -> Reader:
        return Reader(self.origin, data, allowed, self.diagnostics, (*self.path, *keypath))


def read_image(r: Reader, key: str = "image") -> Image | None:
    """The picture a file's `image:` (or `key`) field names, checked; None without one."""
    data = r.mapping(key)
    if data is None:
        return None
    sub = r.sub(data, IMAGE_FIELDS, key)
    sub.unknown_fields("an image")
    src = sub.text("src", "an image", required=True)
    alt = sub.text("alt", "an image")
    if src and not alt:
        sub.report(
            ("alt",) if "alt" in data else ("src",), "error", "image-alt",  # (`alt: ""`: at it)
            "the image has no 'alt' text; add alt: describing what it shows",
        )  # fmt: skip
    if not src:
        return None
    if src[:7].lower() == "http://":  # here, where every image is read (event, person, timeline)
        sub.report(
            ("src",), "error", "image-src",
            f"the picture's address is http://, and {markdown.HTTP_PICTURE}",
        )  # fmt: skip
    elif src[:8].lower() == "https://" and (problem := picture_address_problem(src)):
        sub.report(("src",), "error", "image-src", problem)
    return Image(
        src=src,
        alt=alt,
        credit=sub.text("credit", "an image"),
        caption=sub.text("caption", "an image"),
    )


def _wikidata(r: Reader) -> str:
    qid = r.text("wikidata", "")
    if qid and not WIKIDATA_RE.match(qid):
        r.report(
            ("wikidata",), "error", "field-type",
            f"'{qid}' is not a Wikidata id; write it as Q followed by digits, like "
            + (f"Q{qid}" if qid.isdigit() else "Q668"),
        )  # fmt: skip
        return ""
    return qid


def file_slug(doc: Document, kind: str, diags: list[Diagnostic]) -> str:
    """The slug a file's name gives it (an error, with the name to use, if not a slug)."""
    name = doc.path.rsplit("/", 1)[-1]
    suffix = next((x for x in MARKDOWN_SUFFIXES if name.endswith(x)), "")
    stem = name[: -len(suffix)] if suffix else name.rsplit(".", 1)[0]
    if not SLUG_RE.match(stem) or not suffix:
        from .slugs import slugify  # (only for a bad name: not on the start-up path)

        fixed = slugify(stem)
        diags.append(
            Diagnostic(
                doc.path, 1, 1, "error", "slug-invalid",
                f"'{name}' is not a valid {kind} file name: use lower-case letters, digits "
                f"and hyphens, ending in .md; rename it to '{fixed or kind}{suffix or '.md'}'",
            )
        )  # fmt: skip
        # known by the name it is to have, so that the entries naming it that way are
        # right now: `Neil-Armstrong.md` made `people: [neil-armstrong]` an error too, with
        # "did you mean 'Neil-Armstrong'?", the opposite of this file's own fix
        return fixed or stem
    return stem


def read_body(doc: Document, allow_html: bool, diags: list[Diagnostic]) -> Body:
    """A file's Markdown body, rendered, with its problems."""
    body = doc.body
    if not body or body.isspace():  # (not body.strip(): a copy of every body)
        return EMPTY_BODY
    rendered = markdown.render(doc.body, doc.path, doc.body_line, allow_html)
    diags.extend(rendered.diagnostics)
    return rendered.body


PLACEHOLDER_FIX = "write it, or mark the {} draft: true"
"""The placeholder's fix in a file that is not a draft (build.held_back_fixes words it
again for an event held back by its timelines, which are known only after the load)."""


def placeholders(doc: Document, r: Reader, fields: tuple[str, ...], kind: str) -> None:
    """Skeleton text left in `fields` or the body (see skeleton.py); a `summary` or `role`
    written but left empty counts too. Warnings here: build.py makes them errors in what
    it would publish."""
    data = doc.data if isinstance(doc.data, dict) else {}
    fix = (
        "write it before publishing" if data.get("draft") is True else PLACEHOLDER_FIX.format(kind)
    )
    for key in fields:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        if not value.strip() and key in ("summary", "role"):
            r.report((key,), "warning", "placeholder", f"the {key} is empty; {fix}")
        elif skeleton.is_placeholder(value):
            r.report((key,), "warning", "placeholder", f"the {key} is placeholder text; {fix}")
    for line in skeleton.body_placeholders(doc.body):
        r.diagnostics.append(
            Diagnostic(
                doc.path, doc.body_line + line, 1, "warning", "placeholder",
                f"this paragraph is placeholder text; {fix}",
            )
        )  # fmt: skip


def origin_of(doc: Document, prefix: tuple[str | int, ...] = ()) -> Origin:
    """Where a model object's fields were read: the file, its marks, its body's line."""
    return Origin(doc.path, doc.marks, prefix, doc.body_line)


def read_source(r: Reader, sid: str, inline_in: str = "") -> Source | None:
    name = f"source '{sid}'" if not inline_in else f"inline source {inline_in}"
    r.unknown_fields(name)
    title = r.text("title", "")
    publisher = sys.intern(r.text("publisher", ""))  # (see Reader.strings)
    for key, value in (("title", title), ("publisher", publisher)):
        if not value:
            message = f"{name} needs a '{key}': readers must see what it is and who published it"
            if key in r.data:
                r.report((key,), "error", "source-field", message)
            else:
                line, col = r.origin.key(*r.path)
                r.diagnostics.append(
                    Diagnostic(r.origin.path, line, col, "error", "source-field", message)
                )
    url = r.text("url", "")
    archive = r.text("archive_url", "")
    for key, value in (("url", url), ("archive_url", archive)):
        if value and (problem := source_url_problem(value)):
            r.report((key,), "error", "source-url", problem)
    published = r.date("published", "")
    accessed = r.date("accessed", "")
    # Kept even when title or publisher is missing (an error already), so that events
    # naming it do not also report it as unknown.
    return Source(
        id=sid,
        title=title,
        publisher=publisher,
        author=r.text("author", ""),
        url=url,
        published=published,
        accessed=accessed,
        archive_url=archive,
        origin=Origin(r.origin.path, r.origin.marks, r.path, r.origin.body_line),
    )


_PATH_RE = re.compile(r"^(?:/[\w.~!$&'()*+,;=:@%/-]*)?$")


def base_url_problem(value: str) -> str:
    """What makes `value` unusable as a site's base_url, or '' when it is an absolute
    http(s) URL of a host and a path only. Every canonical link, the feed, the sitemap
    and robots.txt are built by appending to it: a newline would add a line to robots.txt,
    a '#' or '?' would swallow every path after it, a user:password@ would publish it."""
    shown = repr(value[:80])
    example = "like https://example.org/timeline/"
    if any(c.isspace() or not c.isprintable() for c in value):
        return f"{shown} holds a space, a line break or another invisible character; {example}"
    m = re.fullmatch(r"(?i)(https?)://([^/?#]*)(.*)", value)
    if not m:
        return f"{shown} should be an absolute http(s) address, {example}"
    authority, rest = m.group(2), m.group(3)
    if "#" in rest or "?" in rest:
        part = "a fragment ('#…')" if "#" in rest else "a query ('?…')"
        return f"{shown} has {part}: a base_url is a host and a path only, {example}"
    problem = authority_problem(authority, shown, example)
    if problem:
        return problem
    if not _PATH_RE.match(rest):
        return f"{shown} has characters a URL path cannot hold; {example}"
    return ""


def normal_base_url(value: str) -> str:
    """`value` (base_url_problem finds nothing in it) as the address a reader reaches,
    each of the site's absolute addresses appended to it: a host beyond ASCII in IDNA
    (`bücher.example` is `xn--bcher-kva.example`: the sitemap protocol, feed readers and
    robots.txt take ASCII addresses), a path's `.` and `..` segments resolved as a
    browser resolves them (RFC 3986, 5.2.4). Anything else as written."""
    m = re.fullmatch(r"(?i)(https?://)([^/?#]*)(.*)", value)
    if m is None or (m[2].isascii() and "/." not in m[3]):
        return value
    return m[1] + _ascii_host(m[2]) + _without_dot_segments(m[3])


def _ascii_host(authority: str) -> str:
    """A host's labels beyond ASCII in IDNA; the others, and the port, as written."""
    if authority.isascii():
        return authority
    return ".".join(_ascii_label(label) for label in authority.split("."))


_IDNA_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")
"""ß, final ς and the joiners: IDNA2003 (Python's `idna` codec) maps them away (`straße`
becomes `strasse`), where IDNA2008, as browsers now resolve a host, keeps them."""


def _ascii_label(label: str) -> str:
    """A label as Python's `idna` codec writes it (nameprep: case folded and NFKC, so a
    full-width letter is the letter, as UTS #46 maps it), except where IDNA2003 and 2008
    part: a label with a deviation, or one the codec refuses (a bidi mix, over 63
    characters), is lower case, NFC and punycode."""
    if label.isascii():
        return label
    if _IDNA_DEVIATIONS.isdisjoint(label):
        try:
            return label.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return "xn--" + unicodedata.normalize("NFC", label.lower()).encode("punycode").decode("ascii")


def _without_dot_segments(path: str) -> str:
    """`path` (empty, or from its first `/`) without `.` and `..` segments: a `..`
    takes the segment before it away (none past the root), and one last leaves the
    path ending in `/`."""
    if "/." not in path:
        return path
    segments = path.split("/")[1:]
    kept: list[str] = []
    for at, segment in enumerate(segments, 1):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
            continue
        if at == len(segments):
            kept.append("")
    return "/" + "/".join(kept)


def source_url_problem(value: str) -> str:
    """Why `value` is no source url (url:, archive_url:, `new source --url`), or ''."""
    if not value.startswith(("http://", "https://")):
        return url_problem(value)  # (HTTPS://… too: it says to write https://)
    return address_problem(value, "like https://example.org/article")


def url_problem(value: str) -> str:
    shown = value[:80]
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return (
            f"'{shown}' uses '{scheme.group(1)}:'; a source url must be an http(s) address "
            "readers can open, like https://example.org/article"
        )
    typed = re.match(r"^(https?)(?=:?/)", value, flags=re.IGNORECASE)
    prefix = typed.group(1).lower() if typed else "https"
    bare = re.sub(r"^(?:https?:?/*|/+)", "", value, flags=re.IGNORECASE)
    if re.match(r"^[\w-]+(\.[\w-]+)+(?:[/?#]\S*)?$", bare) and " " not in value:
        return f"'{shown}' is not an absolute address; write {prefix}://{bare[:80]}"
    return (
        f"'{shown}' is not an absolute http(s) address; write the full link, starting with https://"
    )


_SPELLINGS = {
    None: ("~", "null", ""),
    True: ("yes", "true", "on", "y"),
    False: ("no", "false", "off", "n"),
}
"""How YAML 1.1 writes a key it reads as null or true/false (in any case)."""


def _written(origin: Origin, key: object) -> str:
    """A top-level key as the file writes it (the marks are kept by what was written)."""
    spellings = _SPELLINGS.get(key, ()) if key is None or isinstance(key, bool) else ()
    if not spellings:  # (a key that is text is written as it reads: no walk of the marks)
        return str(key)
    for written, *deeper in origin.marks.keys:
        if not deeper and isinstance(written, str) and written.lower() in spellings:
            return written
    return str(key)


def read_sources(doc: Document) -> tuple[list[Source], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if doc.data is None:
        return [], diags
    origin = origin_of(doc)
    if not isinstance(doc.data, dict):
        line, col = origin.at()
        return [], [
            Diagnostic(
                doc.path, line, col, "error", "field-type",
                "sources.yaml should map each source id to its fields "
                "(id:, then indented title:, publisher:, …)",
            )
        ]  # fmt: skip
    out = []
    for key, fields in doc.data.items():
        sid = str(key)
        r = Reader(origin, {}, SOURCE_FIELDS, diags, (sid,))
        problem, written = "", _written(origin, key)
        if key is None or isinstance(key, bool):  # (~:, or yes:, which YAML reads as true)
            problem = (
                "a source has no id before its ':'; write one, like wire-2024-07-08:"
                if key is None
                else f"source id '{written}' is read as {sid.lower()} (YAML reads yes, no, "
                f'on and off as true/false); put it in quotes: "{written}":'
            )
        elif not SLUG_RE.match(sid.lower()) and not SOURCE_ID.match(sid):
            problem = source_id_rule(sid)
        if problem:
            line, col = origin.key(written)
            diags.append(Diagnostic(doc.path, line, col, "error", "slug-invalid", problem))
            continue
        if not isinstance(fields, dict):
            line, col = origin.at(sid)
            diags.append(
                Diagnostic(
                    doc.path, line, col, "error", "field-type",
                    f"source '{sid}' should be a mapping with title:, publisher:, url:, …",
                )
            )  # fmt: skip
            continue
        r.data = fields
        source = read_source(r, sid)
        if source:
            out.append(source)
    return out, diags


def read_event(
    doc: Document, allow_html: bool
) -> tuple[Event | None, list[Source], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    slug = file_slug(doc, "event", diags)
    origin = origin_of(doc)
    r = Reader(origin, doc.data, EVENT_FIELDS, diags)
    r.unknown_fields("an event")
    title = markdown.smarten(r.text("title", "an event", required=True))
    date = r.date("date", "an event", required=True)
    end: EDate | None = None
    ongoing = False
    raw_end = doc.data.get("end")
    if isinstance(raw_end, str) and raw_end.strip().lower() == "ongoing":
        ongoing = True
    elif raw_end is not None:
        end = r.parse_date(raw_end, ("end",))
    time, end_time = _times(r, date, end, ongoing)
    sdata = r.mapping("series")
    series = _series(r, sdata) if sdata is not None else None
    status = _status(r)
    source_ids, inline = _event_sources(r, slug, doc.data.get("sources"))
    raw_corr = doc.data.get("corrections")
    corrections = _corrections(r, raw_corr) if raw_corr is not None else []
    body = read_body(doc, allow_html, diags)
    placeholders(doc, r, ("title", "summary"), "event")
    cited = [*body.citations.targets, *(ref.target for c in corrections for ref in c.citations)]
    for target in cited:
        if target not in source_ids:
            source_ids.append(target)
    event = Event(
        slug=slug,
        title=title,
        date=date or dates.PLACEHOLDER,
        summary=markdown.smarten(r.text("summary", "")),
        end=end,
        ongoing=ongoing,
        time=time,
        end_time=end_time,
        order=r.integer("order"),
        people=r.slugs("people"),
        countries=r.slugs("countries"),
        tags=_tags(r),
        related=r.slugs("related"),
        timelines=r.slugs("timelines", empty=True),
        series=series,
        sources=tuple(dict.fromkeys(source_ids)),
        image=read_image(r),
        draft=r.boolean("draft"),
        status=status,
        updated=r.date("updated", ""),
        corrections=tuple(corrections),
        body=body,
        date_text=r.text("display_date", ""),
        origin=origin,
    )
    # An event whose title or date is unusable (already an error) still takes part in the
    # cross-file checks, so its people, sources and links are not reported as unused.
    return event, inline, diags


def _series(r: Reader, sdata: dict[str, Any]) -> Series | None:
    """An event's `series:` mapping: the series id and the event's number in it."""
    sr = r.sub(sdata, {"id", "number"}, "series")
    sr.unknown_fields("a series")
    sid = sr.text("id", "a series", required=True)
    number = sdata.get("number")
    if number is None:
        sr.missing("number", "a series")
    elif isinstance(number, bool) or not isinstance(number, int) or number < 1:
        sr.wrong_type("number", "a whole number from 1", number)
    elif sid:
        return Series(sid, number)
    return None


def _status(r: Reader) -> str:
    """An event's `status:`: '' or 'scheduled', the only one there is."""
    status = r.text("status", "")
    if status and status != "scheduled":
        r.report(
            ("status",), "error", "field-type",
            f"status '{status}' is not known; the only status is 'scheduled'",
        )  # fmt: skip
        return ""
    return status


def _tags(r: Reader) -> tuple[str, ...]:
    """An event's `tags:`. A tag is one word of the timeline's filter (an option's value,
    `?tag=a,b`): one with a space or a comma would never match its own option."""
    tags = r.strings("tags")
    for i, tag in enumerate(tags):
        if _SPACE_OR_COMMA.search(tag):
            from .slugs import tag_slug  # (only for a bad tag: not on the start-up path)

            r.report(
                ("tags", i), "error", "field-type",
                f"tag '{tag}' has a space or a comma; write it as a slug, {tag_slug(tag)}, "
                "and give its name in content/tags.yaml",
            )  # fmt: skip
        elif not tag.isascii() and (hidden := _INVISIBLE_IN_TAG.search(tag)):
            _invisible_tag(r, i, tag, ord(hidden.group()))
    return tags


_SPACE_OR_COMMA = LazyPattern(r"[\s,]")
"""What a tag may not hold (_tags): held here, not looked up in `re`'s cache for each tag
(six an event on the skewed corpus)."""
_INVISIBLE_IN_TAG = LazyPattern("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""What a tag may not hold though it is no space: a character a reader cannot see, which
turns the topic filter's words round (U+202E) or makes two tags look one."""


def _invisible_tag(r: Reader, i: int, tag: str, code: int) -> None:
    from .diagnostics import INVISIBLE_NAMES
    from .slugs import tag_slug

    r.report(
        ("tags", i), "error", "field-type",
        f"tag '{tag}' holds an invisible U+{code:04X} ({INVISIBLE_NAMES[code]}); write it "
        f"as a slug, {tag_slug(tag)}, and give its name in content/tags.yaml",
    )  # fmt: skip


def _event_sources(r: Reader, slug: str, raw_sources: Any) -> tuple[list[str], list[Source]]:
    """An event's `sources:`: ids, or inline mappings that become sources of their own
    (`slug--1`, `slug--2`, …); returns the ids in order and the inline sources."""
    source_ids: list[str] = []
    inline: list[Source] = []
    if isinstance(raw_sources, list):
        kept: list[int] | None = None  # as in Reader.strings
        for i, item in enumerate(raw_sources):
            if not _event_source(r, slug, (i, item), source_ids, inline, kept):
                kept = list(range(i)) if kept is None else kept
            elif kept is not None:
                kept.append(i)
        if kept is not None:  # later problems name a source by its index in the event's
            r.origin.keep_items(("sources",), kept)
    elif raw_sources is not None:
        source_ids.extend(r.strings("sources"))  # reported; a lone id still counts
    return source_ids, inline


def _event_source(
    r: Reader,
    slug: str,
    written: tuple[int, Any],
    source_ids: list[str],
    inline: list[Source],
    kept: list[int] | None,
) -> bool:
    """Item `i` of an event's `sources:` (`written`: i and the item), its id added to
    `source_ids`; False where it is left out (reported: not a source, empty, or a
    repeat). `kept`: the file's index of each id so far, where one was left out."""
    i, item = written
    if isinstance(item, dict):
        sub = r.sub(item, SOURCE_FIELDS, "sources", i)
        inline_id = f"{slug}--{i + 1}"
        src = read_source(sub, inline_id, inline_in=f"{i + 1} of 'sources'")
        if not src:
            return False
        inline.append(src)
        source_ids.append(inline_id)
        return True
    if isinstance(item, bool) or not isinstance(item, str | int):
        r.report(
            ("sources", i), "error", "field-type",
            f"item {i + 1} of 'sources' should be a source id, not {a_type_name(item)}",
        )  # fmt: skip
        return False
    sid = sys.intern(str(item).strip())  # (see Reader.strings)
    if not sid:
        r.empty_item("sources", i)
        return False
    if sid in source_ids:  # (listed once on the page: one of them is a slip)
        first = source_ids.index(sid)
        r.report(
            ("sources", i), "warning", "ref-repeated",
            f"'{sid}' is listed twice in sources (item "
            f"{(first if kept is None else kept[first]) + 1} is the same); remove the repeat",
        )  # fmt: skip
        return False  # (the event lists it once, at its first)
    source_ids.append(sid)
    return True


def _corrections(r: Reader, raw_corr: object) -> list[Correction]:
    """An event's `corrections:`: a list of date: and text: mappings."""
    corrections: list[Correction] = []
    if not isinstance(raw_corr, list):
        r.wrong_type("corrections", "a list", raw_corr)
        return corrections
    for i, item in enumerate(raw_corr):
        if not isinstance(item, dict):
            r.report(
                ("corrections", i), "error", "field-type",
                "each correction should be a mapping with date: and text:",
            )  # fmt: skip
            continue
        cr = r.sub(item, {"date", "text"}, "corrections", i)
        cr.unknown_fields("a correction")
        cdate = cr.date("date", "a correction", required=True)
        ctext = cr.text("text", "a correction", required=True)
        if cdate and ctext:
            line, col = cr.origin.at(*cr.path, "text")
            ids, problems = markdown.inline_citations_and_problems(ctext, cr.origin.path, line, col)
            r.diagnostics.extend(problems)
            cited = tuple(interned_ref(sid, line, col) for sid in ids)
            corrections.append(Correction(cdate, ctext, cited))
    return corrections


def _times(
    r: Reader, date: EDate | None, end: EDate | None, ongoing: bool
) -> tuple[dt.time | None, dt.time | None]:
    """`time` and `end_time`, each kept only where it means something."""
    time, end_time = r.time("time"), r.time("end_time")
    if date is None:  # unreadable (already an error): no day for a time to be on
        return None, None
    if time is not None and date.precision != "day":
        r.report(
            ("time",), "error", "time-invalid",
            f"a time of day needs a date to the day, and '{date.edtf()}' is a "
            f"{date.precision}; write the day (YYYY-MM-DD) or remove 'time'",
        )  # fmt: skip
        time = None
    if time is not None and not date.datable:
        r.report(
            ("time",), "error", "time-invalid",
            f"a time of day needs a year of the common era up to 9999 (time zones and "
            f"calendars stop there), and '{date.edtf()}' is not one; remove 'time'",
        )  # fmt: skip
        time = None
    if end_time is None:
        return time, None
    problem = _end_time_problem(date, time, end, end_time, ongoing)
    if problem:
        r.report(("end_time",), "error", "time-invalid", problem)
        return time, None
    return time, end_time


def _end_time_problem(
    date: EDate, time: dt.time | None, end: EDate | None, end_time: dt.time, ongoing: bool
) -> str:
    """Why `end_time` cannot stand with the event's start time and end date, or ''."""
    if time is None:
        return "'end_time' needs a 'time' the event starts at; add time: \"HH:MM\""
    if ongoing:
        return "an ongoing event has no end time; remove 'end_time'"
    if end is not None and end != date and end.precision != "day":
        return (
            f"'end_time' is a time on the end date, and '{end.edtf()}' is not to the day; "
            "write the end as YYYY-MM-DD or remove 'end_time'"
        )
    if (end is None or end == date) and end_time == time:
        return (
            f"the event ends when it starts ({time:%H:%M}); remove 'end_time' for a moment, "
            "or correct the times"
        )
    if (end is None or end == date) and end_time < time:
        return (
            f"the event ends ({end_time:%H:%M}) before it starts ({time:%H:%M}) on the same "
            "day; correct the times, or add the 'end' date it ends on"
        )
    return ""


def read_person(doc: Document, allow_html: bool) -> tuple[Person | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    slug = file_slug(doc, "person", diags)
    r = Reader(origin_of(doc), doc.data, PERSON_FIELDS, diags)
    r.unknown_fields("a person")
    name = r.text("name", "a person", required=True)
    placeholders(doc, r, ("name", "role"), "person")
    person = Person(
        slug=slug,
        name=name or slug,
        role=r.text("role", ""),
        country=r.text("country", ""),
        wikidata=_wikidata(r),
        image=read_image(r),
        draft=r.boolean("draft"),
        body=read_body(doc, allow_html, diags),
        origin=r.origin,
    )
    return person, diags  # kept without a name (an error) so references to it resolve


def read_country(doc: Document, allow_html: bool) -> tuple[Country | None, list[Diagnostic]]:
    from .iso3166 import is_alpha2, suggest

    diags: list[Diagnostic] = []
    slug = file_slug(doc, "country", diags)
    r = Reader(origin_of(doc), doc.data, COUNTRY_FIELDS, diags)
    r.unknown_fields("a country")
    name = r.text("name", "a country", required=True)
    iso = r.text("iso", "")
    if iso and not is_alpha2(iso):
        hint = suggest(iso) or suggest(name)
        tip = f"; did you mean '{hint}'?" if hint else ""
        r.report(
            ("iso",), "error", "iso-code",
            f"'{iso}' is not an ISO 3166-1 alpha-2 country code{tip}",
        )  # fmt: skip
        iso = ""
    placeholders(doc, r, ("name",), "country")
    country = Country(
        slug=slug,
        name=name or slug,
        iso=iso,
        wikidata=_wikidata(r),
        draft=r.boolean("draft"),
        body=read_body(doc, allow_html, diags),
        origin=r.origin,
    )
    return country, diags  # kept without a name (an error) so references to it resolve


def _embed_links(r: Reader) -> str:
    """site.yaml's embed_links: where links inside an embedded timeline open."""
    value = r.text("embed_links", "") or "top"
    if value not in ("top", "new"):
        r.report(
            ("embed_links",), "error", "field-type",
            f"embed_links '{value}' is not known; write 'top' (links in an embedded "
            "timeline open in the reader's tab) or 'new' (in a new tab)",
        )  # fmt: skip
        value = "top"
    return value


CARD_FIELDS = {"font", "bold_font"}


def _cards(r: Reader) -> tuple[str, str]:
    """site.yaml's `cards:` map: the share cards' font and bold_font, paths inside the
    site folder (whether each is a font is known only from the file: sharecards.py)."""
    data = r.mapping("cards")
    if data is None:
        return "", ""
    sub = r.sub(data, CARD_FIELDS, "cards")
    sub.unknown_fields("cards")
    out = []
    for key in ("font", "bold_font"):
        path = sub.text(key, "")
        parts = path.replace("\\", "/").split("/")
        if path and (path.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", path) or ".." in parts):
            sub.report(
                (key,), "error", "card-font",
                f"'{path}' is not a path inside the site folder; put the font in the site "
                "(fonts/NotoSansJP-Regular.otf) and give its path from the site folder",
            )  # fmt: skip
            path = ""
        out.append(path)
    return out[0], out[1]


def read_config(doc: Document | None, path: str) -> tuple[Config, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if doc is None:
        return Config(title="Untitled timeline", origin=Origin(path)), diags
    origin = origin_of(doc)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        line, col = origin.at()
        diags.append(
            Diagnostic(
                path, line, col, "error", "field-type",
                "site.yaml should hold 'field: value' lines (title:, base_url:, …)",
            )
        )  # fmt: skip
        return Config(title="Untitled timeline", origin=origin), diags
    r = Reader(origin, data, SITE_FIELDS, diags)
    r.unknown_fields("site.yaml")
    title = r.text("title", "site.yaml", required=True)
    base_url = _base_url(r)
    ignore = _ignore(r)
    timezone = _timezone(r)
    language = _language(r)
    order, byline = read_order_and_byline(r, data)
    card_font, card_bold_font = _cards(r)
    return (
        Config(
            title=title or "Untitled timeline",
            base_url=base_url,
            language=language,
            description=r.text("description", ""),
            ignore=ignore,
            allow_html=r.boolean("allow_html"),
            feed_limit=r.count("feed_limit", FEED_LIMIT),
            timezone=timezone,
            era_style=_era_style(r),
            search_placeholder=r.text("search_placeholder", "") or SEARCH_PLACEHOLDER,
            tags=tuple(read_tag_map(r, data.get("tags"), ("tags",))) if "tags" in data else (),
            embed_links=_embed_links(r),
            byline=byline,
            updated=r.date("updated", ""),
            order=order,
            card_font=card_font,
            card_bold_font=card_bold_font,
            origin=origin,
        ),
        diags,
    )


def _base_url(r: Reader) -> str:
    """site.yaml's base_url, ending in '/'; '' when absent or unusable (reported)."""
    base_url = r.text("base_url", "")
    if base_url:
        problem = base_url_problem(base_url)
        if problem:
            r.report(("base_url",), "error", "field-type", f"base_url {problem}")
            return ""
        base_url = normal_base_url(base_url)
        if not base_url.endswith("/"):
            base_url += "/"
    return base_url


ORDERS = ("oldest", "newest")
"""What `order:` takes (site.yaml's, a timeline's)."""


def read_order_and_byline(r: Reader, data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """`order:` (oldest or newest first) and `byline:` (a name or a list), of a timeline's
    file or of site.yaml."""
    order = r.text("order", "") or "oldest"
    if order not in ORDERS:
        r.report(
            ("order",), "error", "field-type",
            f"order '{order}' is not known; write 'oldest' (oldest event first) or 'newest'"
            + did_you_mean(order, ORDERS),
        )  # fmt: skip
        order = "oldest"
    raw = data.get("byline")
    byline = (r.text("byline", ""),) if isinstance(raw, str | int) else r.strings("byline")
    return order, tuple(b for b in byline if b)


def _ignore(r: Reader) -> tuple[str, ...]:
    """site.yaml's `ignore`: warning codes to silence (errors cannot be)."""
    ignore = r.strings("ignore")
    if not ignore:
        return ignore  # (checks, which knows the codes, is not imported before the parse)
    from .checks import ERROR_CODES, WARNING_CODES

    for i, code in enumerate(ignore):
        if code in ERROR_CODES:
            r.report(
                ("ignore", i), "error", "field-type",
                f"'{code}' is an error, and errors cannot be silenced; fix what it reports "
                "and remove it from 'ignore'",
            )  # fmt: skip
        elif code not in WARNING_CODES:
            r.report(
                ("ignore", i), "error", "field-type",
                f"'{code}' is not a warning code that can be silenced"
                + (did_you_mean(code, WARNING_CODES) or "; see docs/checks.md"),
            )  # fmt: skip
    return ignore


def _timezone(r: Reader) -> str:
    """site.yaml's `timezone`: an IANA name, UTC by default."""
    timezone = r.text("timezone", "") or "UTC"
    if not dates.known_zone(timezone):
        r.report(
            ("timezone",), "error", "timezone-unknown",
            f"'{timezone}' is not a time zone sitegen knows; write an IANA name like "
            "Europe/Moscow, Asia/Kolkata or UTC" + _zone_hint(timezone),
        )  # fmt: skip
        timezone = "UTC"
    elif (not_a_place := dates.zone_not_a_place(timezone)) is not None:
        r.report(("timezone",), "warning", "timezone-legacy", not_a_place)
    return timezone


def _language(r: Reader) -> str:
    """site.yaml's `language`: a BCP 47 tag, en by default."""
    language = r.text("language", "") or "en"
    if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language):
        r.report(
            ("language",), "error", "field-type",
            f"language '{language}' is not a language tag like en, fr or pt-BR",
        )  # fmt: skip
        language = "en"
    return language


def _era_style(r: Reader) -> str:
    """site.yaml's `era_style`: `bce` (44 BCE, 14 CE, the default) or `bc` (44 BC, AD 14)."""
    era_style = (r.text("era_style", "") or "bce").lower()
    if era_style not in dates.ERA_STYLES:
        r.report(
            ("era_style",), "error", "field-type",
            f"era_style '{era_style}' is not one sitegen knows; write bce (44 BCE, 14 CE) or "
            "bc (44 BC, AD 14)",
        )  # fmt: skip
        era_style = "bce"
    return era_style


TAG_FIELDS = {"name", "description"}
TAG_SHAPE = (
    "map each tag to its name, one per line (war-in-ukraine: War in Ukraine), or to "
    "name: and description: lines"
)


def read_tag_map(r: Reader, data: object, keypath: tuple[str, ...] = ()) -> list[Tag]:
    """Tags' names: `slug: Name`, or `slug: {name: …, description: …}`. A tag no event
    uses is fine (a newsroom may keep one list for several timelines)."""
    if data is None:
        return []
    if not isinstance(data, dict):
        where = f"'{keypath[0]}'" if keypath else "tags.yaml"
        r.report(keypath, "error", "field-type", f"{where} should {TAG_SHAPE}")
        return []
    out = []
    for slug, value in data.items():
        slug = str(slug).strip()
        if _SPACE_OR_COMMA.search(slug) or _INVISIBLE_IN_TAG.search(slug):
            _no_tag_can_be(r, keypath, slug)
        if isinstance(value, str) and value.strip():
            out.append(Tag(slug, value.strip()))
            continue
        if not isinstance(value, dict):
            r.report(
                (*keypath, slug), "error", "field-type",
                f"tag '{slug}' should have a name, not {a_type_name(value)}: {TAG_SHAPE}",
            )  # fmt: skip
            continue
        sub = r.sub(value, TAG_FIELDS, *keypath, slug)
        sub.unknown_fields(f"tag '{slug}'")
        name = sub.text("name", f"tag '{slug}'", required=True)
        if name:
            out.append(Tag(slug, name, sub.text("description", "")))
    return out


def _no_tag_can_be(r: Reader, keypath: tuple[str, ...], slug: str) -> None:
    """A name given to a tag no event can have (one with a space, a comma or a character
    a reader cannot see: the event's rule refuses it), so no topic is ever called so."""
    from .slugs import tag_slug  # (only for a bad key: not on the start-up path)

    line, col = r.origin.key(*keypath, slug)
    r.diagnostics.append(
        Diagnostic(
            r.origin.path, line, col, "warning", "tag-variant",
            f"'{slug}' is no tag an event can have (a tag has no space, comma or hidden "
            f"character), so this name is given to no topic; write the tag as events "
            f"write it in tags:, {tag_slug(slug)}",
        )
    )  # fmt: skip


def read_tags(doc: Document) -> tuple[list[Tag], list[Diagnostic]]:
    """content/tags.yaml."""
    diags: list[Diagnostic] = []
    if doc.data is None:
        return [], diags
    return read_tag_map(Reader(origin_of(doc), {}, TAG_FIELDS, diags), doc.data), diags


def _zone_hint(name: str) -> str:
    if (why := dates.not_a_zone(name)) is not None:
        return f"; {why}"
    import zoneinfo

    known = zoneinfo.available_timezones()
    by_city = {z.rsplit("/", 1)[-1].casefold(): z for z in known}
    city = by_city.get(name.replace(" ", "_").casefold())
    if city:
        return f"; did you mean '{city}'?"
    return dates.offset_zone_hint(name) or did_you_mean(name, known)
