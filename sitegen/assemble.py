"""Load → check: read every file of a site (through the parse cache) into a checked Site.

`check` and `build` share this one path; build then renders and writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from . import __version__, schema
from .cache import ParseCache, dumped_table, loaded_table
from .diagnostics import Diagnostic, internal
from .executor import SERIAL, Executor
from .files import (
    TEMPLATE_SUFFIXES,
    Refused,
    SiteReader,
    file_digest,
    settled,
    stat_signature,
)
from .load import (
    REFUSALS,
    SourceFile,
    Walk,
    discover,
    folder_refusal,
    is_utf8,
    parse_markdown_file,
    parse_yaml_file,
    refused,
)
from .model import (
    Body,
    Config,
    Country,
    Era,
    Event,
    Image,
    Origin,
    Person,
    Site,
    Source,
    Timeline,
    hold_texts,
    zips_html,
    zips_long,
)
from .records import dataclass, made_seldom, value_methods
from .weekdays import weekday_mismatches

# checks, eras, images and timeline_reader are imported where they are used: the parse of
# a file needs none but for an eras.yaml or a timeline's page, and a build imports checks
# and images with the renderer, beside its forked parse workers (Builder.
# _while_workers_parse), not before they fork, when no other core works (~11 M
# instructions, ~3 ms, at the top of this module).


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Parsed:
    """What one content file contributes to the site, cached by the file's hash."""

    kind: str
    """'event', 'person', 'country', 'sources' or 'site'."""
    value: Any
    """The model object(s): Event, Person, Country, list[Source] or Config (or None)."""
    extra: tuple[Source, ...]
    """Inline sources declared by an event."""
    diagnostics: tuple[Diagnostic, ...]
    """Problems found in this file alone."""


def _stamped(obj: Any, digest: str) -> Any:
    """The object with its origin's digest set (see Origin.digest)."""
    return _replaced(obj, "origin", _replaced(obj.origin, "digest", digest))


def _stamped_new(obj: Any, digest: str) -> Any:
    """_stamped for an object the parse has just made, which nothing else has seen: its
    origin's digest set where it is (in its __dict__, frozen as it is), not the object
    and its origin made again (an event's 25 fields and its origin's 5 copied into new
    objects: 4 % of reading the standard corpus's events). An origin that is another
    object's too, and so stamped already, is left as it is, and this object made again
    with one of its own, as _stamped makes it."""
    origin = obj.origin
    if origin.digest:
        return _stamped(obj, digest)
    vars(origin)["digest"] = digest
    return obj


def _replaced(obj: Any, name: str, value: Any) -> Any:
    """dataclasses.replace(obj, name=value) at half the cost (for every event, person and
    source): the fields read at once and passed in order, not looked up one by one and
    passed by name. By replace itself where the fields are not __init__'s arguments."""
    kind: type = type(obj)
    fields = _init_fields(kind)
    if fields is None:
        return dataclasses.replace(obj, **{name: value})
    read, names = fields
    values = list(read(obj))
    values[names.index(name)] = value
    return kind(*values)


@functools.cache
def _init_fields(kind: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]] | None:
    """What reads a dataclass's fields, and their names, when they are its __init__'s
    arguments in that order (none keyword-only, none left out, no InitVar); else None."""
    fields = dataclasses.fields(kind)
    names = tuple(f.name for f in fields)
    plain = len(kind.__dataclass_fields__) == len(fields) > 1  # type: ignore[attr-defined]
    if not plain or not all(f.init and not f.kw_only for f in fields):
        return None
    return operator.attrgetter(*names), names


def parse_file(
    kind: str, rel: str, raw: bytes, allow_html: bool, raw_digest: str | None = None
) -> Parsed:
    """Everything that can be known about one file without looking at the others.
    `raw_digest`: file_digest(raw), when the caller has it."""
    parsed = _parse_file(kind, rel, raw, allow_html)
    if parsed.value is None or kind in ("site", "tags", "eras"):
        return parsed
    # the path too: the slug comes from the file name
    digest = f"{rel}:{raw_digest or file_digest(raw)}:{int(allow_html)}"
    if kind == "sources":
        value: Any = [_stamped_new(s, f"{digest}:{s.id}") for s in parsed.value]
    else:
        value = _stamped_new(parsed.value, digest)
    extra = tuple(_stamped_new(s, f"{digest}:{s.id}") for s in parsed.extra)
    for obj in value if kind == "sources" else (value,):
        obj.origin.marks.pack()  # one Marks per file: packed at the first of its objects
    return Parsed(kind, value, extra, parsed.diagnostics)


def _parse_file(kind: str, rel: str, raw: bytes, allow_html: bool) -> Parsed:
    try:
        if kind in ("site", "sources", "tags", "eras"):
            doc, diags = parse_yaml_file(rel, raw)
            if kind == "site":
                config, more = schema.read_config(doc, rel)
                return Parsed(kind, config, (), (*diags, *more))
            if doc is None:
                return Parsed(kind, [], (), tuple(diags))
            if kind == "tags":
                tags, more = schema.read_tags(doc)
                return Parsed(kind, tags, (), (*diags, *more))
            if kind == "eras":
                from . import eras  # (see the note under the imports)

                found, more = eras.read_eras(doc)
                return Parsed(kind, found, (), (*diags, *more))
            sources, more = schema.read_sources(doc)
            return Parsed(kind, sources, (), (*diags, *more))
        doc, diags = parse_markdown_file(rel, raw)
        if doc is None:
            return Parsed(kind, None, (), tuple(diags))
        if kind == "event":
            event, inline, more = schema.read_event(doc, allow_html)
            if event is not None:
                more.extend(weekday_mismatches(doc.body, rel, doc.body_line, event.date.year))
            return Parsed(kind, event, tuple(inline), (*diags, *more))
        if kind == "timeline":
            from . import timeline_reader  # (see the note under the imports)

            timeline, more = timeline_reader.read_timeline(doc, allow_html)
            return Parsed(kind, timeline, (), (*diags, *more))
        if kind == "person":
            person, more = schema.read_person(doc, allow_html)
            return Parsed(kind, person, (), (*diags, *more))
        country, more = schema.read_country(doc, allow_html)
        return Parsed(kind, country, (), (*diags, *more))
    except Exception as exc:  # a bug must not hide the other files' problems
        bug = internal(rel, "reading this file", exc, "please report it with the file attached")
        return Parsed(kind, None, (), (bug,))


@made_seldom
@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Loaded:
    """The result of loading a site: the model (when it could be built) and every problem."""

    site: Site | None
    diagnostics: list[Diagnostic]
    inputs: dict[str, str]
    """Content file path -> content hash, for the incremental build."""
    static_files: tuple[str, ...]
    """Files under static/, relative to it."""
    parsed: dict[str, Parsed] = field(default_factory=dict)
    """Content file path -> its parse result (site.yaml aside)."""
    cross: tuple[Diagnostic, ...] = ()
    """What the cross-file checks found."""
    today: dt.date | None = None
    """The date the checks took as today."""
    edited: tuple[Event, ...] = ()
    """The events whose body alone changed since `previous` (see _body_edits)."""
    was: Mapping[str, Event] = field(default_factory=dict)
    """Each edited event's file -> the event as `previous` had it."""
    config: Config | None = None
    """site.yaml as loaded."""
    files: tuple[SourceFile, ...] = ()
    """The content files found."""
    static_stamp: Stamp = ()
    """The static files with their sizes and mtimes (an image's size shows on pages)."""
    unchecked: bool = False
    """The cross-file checks are still to run (see load_site's `defer_checks`)."""
    parts: tuple[range, ...] = ()
    """After body edits alone: events.json's parts, as ranges of the published events,
    which the edits left where they were (see the Builder's load): the edit's plan
    takes them instead of weighing every event again."""
    order: tuple[str, ...] = ()
    """The event files in timeline order, as the last build recorded them (a load made
    from state.pickle), when this load's events are in it: after body edits alone the
    events keep their places (_body_edits), and _model takes this order instead of
    sorting again; the next record is this tuple again. Empty otherwise."""


class _Contents:
    """The bytes of the content files, read on demand: a file whose stat signature has not
    changed since this process last hashed it is read only if its parse is not cached.
    On a first or --clean build, each file but site.yaml is read by its parse (`unread`),
    in the forked workers too: 10,000 files read here before the workers fork were a
    tenth of a second that no other core shared."""

    def __init__(self, reader: SiteReader) -> None:
        self.paths: dict[str, str] = {}
        self.data: dict[str, bytes] = {}
        self.reader = reader
        """Checks each file again as it reads it (a link out of the site is refused)."""
        self.unread: set[str] = set()
        """Files left for the parse to read, as _read_all would (see read)."""
        self.signatures: dict[str, tuple[int, ...]] = {}
        """Path -> stat signature of an `unread` file: the build's own (the inputs' walk)
        when it took one, else the parse's, from the file it read."""

    def __contains__(self, rel: str) -> bool:
        return rel in self.paths

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self.data:
            self.data[rel] = self.reader.read(self.paths[rel])[0]
        return self.data[rel]

    def read(self, rel: str) -> tuple[bytes, tuple[int, ...] | None]:
        """A file's bytes for its parse, with its stat signature when read here: an
        `unread` file is read as _read_all reads one (a regular file, not too large,
        checked on the open file; Refused or OSError where _read_all would meet them)."""
        if rel in self.unread:
            data, st = self.reader.read(self.paths[rel])
            return data, stat_signature(st)
        return self[rel], None


def static_files(site_dir: Path) -> tuple[str, ...]:
    """The files under static/ to publish, relative to it (see static_scan)."""
    return static_scan(site_dir)[0]


def static_scan(site_dir: Path) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The files under static/ to publish, relative to it, and those refused: a link
    out of the site, a special file, a file too large, an unreadable folder."""
    root = site_dir / "static"
    if not root.is_dir():
        refusal = folder_refusal(str(root), os.path.realpath(site_dir), "static")
        return (), [] if refusal is None else [refusal]
    walk = Walk(
        os.path.realpath(site_dir), "static", lambda name: True,
        lambda name: name.startswith("."), sizes=True,
    )  # fmt: skip
    walk.top(str(root))
    names = sorted((rel for rel, _ in walk.files), key=lambda rel: rel.split("/"))
    # a name is an address: one not UTF-8 cannot be written in a page, a sitemap or a URL
    undecodable = [rel for rel in names if not is_utf8(rel)]
    why = "this file's name is not UTF-8 text, so it has no address on the web; rename it"
    problems = walk.problems + [
        Diagnostic(f"static/{rel}", 1, 1, "error", "encoding", why) for rel in undecodable
    ]
    kept = tuple(rel for rel in names if rel not in undecodable)
    return kept, sorted(problems, key=lambda d: d.path)


def template_refusals(site_dir: Path) -> list[Diagnostic]:
    """The site's templates/ files sitegen refuses, as it refuses static/'s: a link out
    of the site (templates/ itself included), a special file, an unreadable folder. The
    templates are the owner's code, but their assets/ are published as they are, and a
    link would publish whatever it names."""
    root = site_dir / "templates"
    if not root.is_dir():
        refusal = folder_refusal(str(root), os.path.realpath(site_dir), "templates")
        return [] if refusal is None else [refusal]
    walk = Walk(
        os.path.realpath(site_dir), "templates", lambda name: True,
        lambda name: name.startswith("."), sizes=False,
    )  # fmt: skip
    walk.top(str(root))
    # a name not UTF-8 (read with a lone surrogate) of a template Jinja would compile, or
    # of an asset, published: no template can name it, and it has no address (an old
    # one's backup, template.html.bak, is passed over: Renderer.check_templates does)
    why = "this file's name is not UTF-8 text, so no template or page can name it; rename it"
    undecodable = [
        Diagnostic(f"templates/{rel}", 1, 1, "error", "encoding", why)
        for rel, _ in walk.files
        if (rel.endswith(TEMPLATE_SUFFIXES) or rel.startswith("assets/")) and not is_utf8(rel)
    ]
    return sorted(walk.problems + undecodable, key=lambda d: d.path)


Stamp = tuple[tuple[str, int, int], ...]
"""Each static file with its size and mtime: what says one was replaced."""


def static_stamp(site_dir: Path, names: Iterable[str]) -> Stamp:
    root = site_dir / "static"
    out = []
    for name in names:
        try:
            st = os.stat(root / name)
            out.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((name, -1, -1))
    return tuple(out)


def _sort_name(name: str) -> str:
    if name.isascii():  # (no accents to drop: 2,900 names a build on the extreme corpus)
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def load_site(
    site_dir: Path,
    today: dt.date,
    cache: ParseCache | None = None,
    executor: Executor = SERIAL,
    previous: Loaded | None = None,
    touched: Collection[str] | None = None,
    beside: Callable[[], object] | None = None,
    defer_checks: bool = False,
    hold: bool = False,
) -> Loaded:
    """Read, parse and check every content file; never raises for content problems.

    `previous`: the last load of the same site, in this process (serve) or as the last
    build recorded it. When the only change since is the text of a few event bodies, the
    cross-file checks are not run again (they would find the same, see _body_edits), and
    in serve the site is the last one with those events swapped: no re-sorting either.

    `touched`: the files serve's watcher saw change since `previous` (site-relative
    paths); when every one is a content file `previous` found, the folders are not
    searched again (a new file is always among them), though every file is stat'ed.

    `executor`: who parses the files that need it (forked workers beside this process,
    on a large site). `beside`: work for this process to do while forked workers start
    on the parsing (when there are any).

    `defer_checks`: leave the cross-file checks for `checked` to run (a large build runs
    them beside its render workers: they decide whether the output is committed, not what
    it is); the load says so in `unchecked`.

    `hold`: the texts of the bodies parsed here moved into a few large strings as each
    group of files comes in (model.hold_texts; a build whose render forks holds them,
    and did it after the load, while the other processes waited)."""
    cache = cache if cache is not None else ParseCache(None)
    diags: list[Diagnostic] = []
    files = _find_files(site_dir, previous, touched, diags)
    read = _read_all(files, cache, diags, SiteReader(os.path.realpath(site_dir)))
    refusals_at = len(diags)  # (where the files the parse could not read are said)
    config = _read_config(cache, read, diags)
    todo = [f for f in files if f.rel in read.raw and f.kind != "site"]
    made = _parse_all(cache, todo, read.raw, read.inputs, config.allow_html, executor, beside, hold)
    todo, parsed = _read_by_parse(todo, made, read, diags, refusals_at)
    read.seen.update(
        (rel, (settled(sig, read.since), read.inputs[rel])) for rel, sig in read.unhashed.items()
    )
    cache.stats = read.seen
    by_rel = {f.rel: p for f, p in zip(todo, parsed, strict=True)}
    # (a load whose cross-file checks never ran has none to reuse)
    quick = None
    if previous is not None and not previous.unchecked:
        quick = _body_edits(previous, site_dir, config, by_rel, today)
    sofar = Loaded(
        None, diags, read.inputs, (), by_rel, (), today, config=config, files=tuple(files)
    )
    if quick is not None and previous is not None and previous.site is not None:
        diags.extend(d for p in parsed for d in p.diagnostics)
        return _swapped(previous, quick, sofar, site_dir)
    site, order = _model(site_dir, config, todo, parsed, diags, _kept_order(previous, quick))
    return _checked_model(sofar, site, site_dir, previous, quick, defer_checks, order)


def _kept_order(previous: Loaded | None, quick: object) -> tuple[str, ...]:
    """The order of the event files the last build recorded, after body edits alone
    (`quick`: _body_edits found them), which cannot move an event; else none."""
    return previous.order if quick is not None and previous is not None else ()


def _checked_model(
    sofar: Loaded,
    site: Site,
    site_dir: Path,
    previous: Loaded | None,
    quick: tuple[list[str], tuple[str, ...], Stamp] | None,
    defer_checks: bool,
    order: tuple[str, ...] = (),
) -> Loaded:
    """The load of a whole model: its static files, and its cross-file checks run (or
    left for later, or the last load's, after body edits alone). `order`: Loaded.order."""
    diags = sofar.diagnostics
    statics, refusals = static_scan(site_dir)
    diags.extend(refusals)
    stamp = quick[2] if quick is not None else static_stamp(site_dir, statics)
    loaded = dataclasses.replace(
        sofar, site=site, static_files=statics, static_stamp=stamp, order=order
    )
    if quick is not None and previous is not None:
        changed_paths = set(quick[0])
        edited = tuple(ev for ev in site.events if ev.origin.path in changed_paths)
        was = {rel: previous.parsed[rel].value for rel in changed_paths}
        cross = previous.cross
    elif defer_checks:
        return dataclasses.replace(loaded, unchecked=True)
    else:
        assert sofar.today is not None
        edited, was, cross = (), {}, tuple(_cross_checks(site, sofar.today, statics, diags))
    return dataclasses.replace(
        loaded, diagnostics=[*diags, *cross], cross=cross, edited=edited, was=was
    )


def _find_files(
    site_dir: Path,
    previous: Loaded | None,
    touched: Collection[str] | None,
    diags: list[Diagnostic],
) -> list[SourceFile]:
    """The content files: the last load's, when `touched` names only files it found
    (and none is gone or a link now); else searched for (see load.discover)."""
    found_before = previous.files if previous is not None else ()
    real = os.path.realpath(site_dir)
    files_known = (
        touched is not None
        and previous is not None
        and found_before
        # a refused file is found again, and refused again, only by discover
        and not any(d.code in REFUSALS for d in previous.diagnostics)
        and set(touched) <= {f.rel for f in found_before}
        # none deleted, none made a link, nor a folder above it (content/ itself made a
        # link out of the site): discover checks them
        and all(
            os.path.isfile(site_dir / rel)
            and os.path.realpath(site_dir / rel) == os.path.join(real, rel)
            for rel in touched
        )
    )
    return list(found_before) if files_known else list(discover(site_dir, diags))


@dataclass(eq=False, repr=False)
class _Read:
    """The content files as read (or known unchanged) by _read_all."""

    raw: _Contents
    inputs: dict[str, str] = field(default_factory=dict)
    """Path -> content hash."""
    seen: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    """Path -> (stat signature, content hash): the parse cache's `stats` next."""
    unhashed: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Path -> stat signature of each file read but left for the parse to hash."""
    since: int = 0
    """The clock (time.time_ns) before any file was read: a signature in `seen` is
    recorded as files.settled has it against this."""


def _read_by_parse(
    todo: list[SourceFile],
    made: list[Parsed | Diagnostic],
    read: _Read,
    diags: list[Diagnostic],
    at: int,
) -> tuple[list[SourceFile], list[Parsed]]:
    """The files parsed and their results, those the parse could not read (left to it by
    _read_all) taken out: their refusals go where _read_all would have put them, in the
    files' order, and their stat signatures join those of the files _read_all read."""
    read.unhashed.update(
        (rel, sig) for rel, sig in read.raw.signatures.items() if rel in read.inputs
    )
    refusals = [p for p in made if isinstance(p, Diagnostic)]
    if not refusals:  # (every result a Parsed)
        return todo, made  # type: ignore[return-value]
    diags[at:at] = refusals
    kept = [(f, p) for f, p in zip(todo, made, strict=True) if isinstance(p, Parsed)]
    return [f for f, _ in kept], [p for _, p in kept]


def _read_all(
    files: list[SourceFile], cache: ParseCache, diags: list[Diagnostic], reader: SiteReader
) -> _Read:
    """Read each file whose stat signature changed since this process last hashed it
    (each checked again as it is read: see SiteReader)."""
    read = _Read(_Contents(reader), since=time.time_ns())
    fresh, cache.fresh = cache.fresh, {}
    # With nothing cached to look up by content hash (a first or --clean build), a file's
    # hash is worked out by the parse, which the workers share, not here one by one.
    defer = cache.empty()
    for f in files:
        try:
            _read_one(f, cache.stats.get(f.rel), fresh.get(f.rel), defer, read)
        except (Refused, OSError) as exc:
            diags.append(refused(f.rel, exc))
    return read


def _read_one(
    f: SourceFile,
    known: tuple[tuple[int, ...], str] | None,
    signature: tuple[int, ...] | None,
    defer: bool,
    read: _Read,
) -> None:
    if known is not None and signature is None:
        signature = stat_signature(os.stat(f.path))
    if known is not None and known[0] == signature:
        # unchanged since this process last read it (serve): no need to read it
        read.raw.paths[f.rel] = f.path
        read.inputs[f.rel] = known[1]
    elif defer and f.kind != "site":
        # read by its parse, which the workers share (a refusal comes back from there)
        read.raw.paths[f.rel] = f.path
        read.raw.unread.add(f.rel)
        if signature is not None:
            read.raw.signatures[f.rel] = signature
        return
    else:
        data, st = read.raw.reader.read(f.path)
        signature = signature or stat_signature(st)
        read.raw.data[f.rel] = data
        read.raw.paths[f.rel] = f.path
        if defer and f.kind != "site":
            read.unhashed[f.rel] = signature
            return
        read.inputs[f.rel] = file_digest(data)
        signature = settled(signature, read.since)
    read.seen[f.rel] = (signature, read.inputs[f.rel])


def _read_config(cache: ParseCache, read: _Read, diags: list[Diagnostic]) -> Config:
    site_rel = "content/site.yaml"
    untitled = Config(title="Untitled timeline", origin=Origin(site_rel))
    if site_rel not in read.raw:
        if any(d.path in (site_rel, "content") and d.code in REFUSALS for d in diags):
            # (there but refused, a folder or a link out of the site: said already)
            return untitled
        diags.append(
            Diagnostic(
                site_rel, 1, 1, "error", "field-missing",
                "the site has no content/site.yaml; create it with at least 'title: …'",
            )
        )  # fmt: skip
        return untitled
    try:
        raw, digest = read.raw[site_rel], read.inputs[site_rel]
    except (Refused, OSError) as exc:  # (swapped since the folders were searched)
        diags.append(refused(site_rel, exc))
        return untitled
    parsed = _parse_cached(cache, "site", site_rel, raw, digest, False)
    diags.extend(parsed.diagnostics)
    config: Config = parsed.value
    return config


def _swapped(
    previous: Loaded,
    quick: tuple[list[str], tuple[str, ...], Stamp],
    loaded: Loaded,
    site_dir: Path,
) -> Loaded:
    """After body edits alone: the last site with the edited events swapped in (no
    re-sorting, no cross-file checks: they would find the same). `loaded`: this load
    so far (its files, hashes, parse results and diagnostics)."""
    assert previous.site is not None
    changed, statics, stamp = quick
    parsed = loaded.parsed
    swap = {rel: _with_image_size(parsed[rel].value, site_dir) for rel in changed}
    was = {ev.origin.path: ev for ev in previous.site.events if ev.origin.path in swap}
    site = dataclasses.replace(
        previous.site, events=tuple(swap.get(ev.origin.path, ev) for ev in previous.site.events)
    )
    diags = loaded.diagnostics
    from . import eras

    diags.extend(eras.timeline_refs(site_dir, site.eras))  # (as the full load does)
    diags.extend(previous.cross)
    return dataclasses.replace(
        loaded, site=site, static_files=statics, cross=previous.cross,
        edited=tuple(swap.values()), was=was, static_stamp=stamp,
    )  # fmt: skip


@made_seldom
@dataclass(eq=False, repr=False)
class _Tables:
    """What the content files hold, gathered by _gather."""

    events: list[Event] = field(default_factory=list)
    event_files: list[str] = field(default_factory=list)
    """The file of each of `events`."""
    people: dict[str, Person] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    stories: dict[str, Timeline] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    inline: list[Source] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)


def _gather(
    site_dir: Path,
    config: Config,
    todo: list[SourceFile],
    parsed: list[Parsed],
    diags: list[Diagnostic],
) -> tuple[_Tables, dict[str, Any]]:
    """Each file's model objects into their tables (and tags); a second person, country
    or timeline of the same slug is an error."""
    t = _Tables()
    tags = {tag.slug: tag for tag in config.tags}
    by_slug: dict[str, dict[str, Any]] = {
        "person": t.people, "country": t.countries, "timeline": t.stories,
    }  # fmt: skip
    for f, p in zip(todo, parsed, strict=True):
        diags.extend(p.diagnostics)
        if p.value is None:
            continue
        if p.kind == "tags":
            tags.update((tag.slug, tag) for tag in p.value)
        elif p.kind == "eras":
            from . import eras

            t.eras.extend(p.value)
            diags.extend(eras.timeline_refs(site_dir, p.value))
        elif p.kind == "sources":
            for s in p.value:
                t.sources[s.id] = s
        elif p.kind == "event":
            t.events.append(p.value)
            t.event_files.append(f.rel)
            t.inline.extend(p.extra)
        elif p.kind in by_slug:
            _add_unique(by_slug[p.kind], f.rel, p, diags)
    return t, tags


def _add_unique(table: dict[str, Any], rel: str, p: Parsed, diags: list[Diagnostic]) -> None:
    if p.value.slug in table:
        diags.append(
            Diagnostic(
                rel, 1, 1, "error", "slug-duplicate",
                f"another {p.kind} is also called '{p.value.slug}' "
                f"({table[p.value.slug].origin.path})",
            )
        )  # fmt: skip
        return
    table[p.value.slug] = p.value


def _inline_source_clash(s: Source) -> Diagnostic:
    """sources.yaml has a source with the id an event's inline source gets (EVENT--N)."""
    line, col = s.origin.at("sources", int(s.id.rsplit("--", 1)[1]) - 1)
    return Diagnostic(
        s.origin.path, line, col, "error", "slug-duplicate",
        f"sources.yaml has a source called '{s.id}', the id sitegen gives this inline "
        "source, and would show it here instead; rename the one in sources.yaml",
    )  # fmt: skip


def _model(
    site_dir: Path,
    config: Config,
    todo: list[SourceFile],
    parsed: list[Parsed],
    diags: list[Diagnostic],
    order: tuple[str, ...] = (),
) -> tuple[Site, tuple[str, ...]]:
    """The Site the files make: events in order, people and countries by name; and
    `order` when its events are in it. `order`: the event files in the order the last
    build sorted them, when only bodies changed since (see Loaded.order); the events
    are sorted again if it does not name each event's file once."""
    t, tags = _gather(site_dir, config, todo, parsed, diags)
    for s in t.inline:
        if s.id in t.sources:  # sources.yaml would stand in for it, unseen
            diags.append(_inline_source_clash(s))
        t.sources.setdefault(s.id, s)
    events = [_with_image_size(e, site_dir) for e in t.events]
    people = {k: _with_image_size(v, site_dir) for k, v in t.people.items()}
    in_order = _in_order(events, t.event_files, order)
    site = Site(
        config=config,
        events=in_order if in_order is not None else tuple(sorted(events, key=Event.sort_key)),
        people=dict(sorted(people.items(), key=lambda kv: (_sort_name(kv[1].name), kv[0]))),
        countries=dict(sorted(t.countries.items(), key=lambda kv: (_sort_name(kv[1].name), kv[0]))),
        sources=t.sources,
        tags=tags,
        eras=tuple(t.eras),
    )
    if t.stories:  # (a one-story site's Site is as it always was)
        stories = {k: _with_image_size(v, site_dir) for k, v in sorted(t.stories.items())}
        site = dataclasses.replace(site, timelines=stories)
    return site, order if in_order is not None else ()


def _in_order(
    events: list[Event], files: list[str], order: tuple[str, ...]
) -> tuple[Event, ...] | None:
    """The events (of `files`) in the `order` of their files, or None when it is not
    theirs: a body edit cannot move an event. Sorting 10,000 again by Event.sort_key
    was ~25 ms of a one-event edit's main process; the files' names are read here, not
    each event's origin, which lies scattered where the unpickle put it."""
    if not order or len(order) != len(events):
        return None
    by_file = dict(zip(files, events, strict=True))
    if len(by_file) != len(events):
        return None
    try:  # (each taken once: a file named twice is a KeyError too)
        return tuple([by_file.pop(rel) for rel in order])
    except KeyError:
        return None


def _generated(site: Site) -> Callable[[str], bool]:
    """publish.Generated of the site, imported and made when first asked (most sites link
    into none of the folders it knows: the import stays where the build has it)."""
    made: list[Callable[[str], bool]] = []

    def ask(rel: str) -> bool:
        if not made:
            from .publish import Generated

            made.append(Generated(site))
        return made[0](rel)

    return ask


def _cross_checks(
    site: Site, today: dt.date, statics: tuple[str, ...], prior: list[Diagnostic]
) -> list[Diagnostic]:
    try:
        from . import checks

        return checks.check_site(site, today, statics, prior=prior, generated=_generated(site))
    except Exception as exc:
        return [internal("content", "checking the site", exc)]


def checked(loaded: Loaded, found: Sequence[Diagnostic] | None = None) -> Loaded:
    """The load with the cross-file checks that load_site left for later run (see its
    `defer_checks`), or with what they `found` in another process (forked after this
    load); the very same load when there are none to run."""
    if not loaded.unchecked or loaded.site is None or loaded.today is None:
        return loaded
    cross = found
    if cross is None:
        cross = _cross_checks(loaded.site, loaded.today, loaded.static_files, loaded.diagnostics)
    return dataclasses.replace(
        loaded, diagnostics=[*loaded.diagnostics, *cross], cross=tuple(cross), unchecked=False
    )


QUICK_EDITS = 16
"""At most this many changed files take the quick path of _body_edits."""


def _body_edits(
    previous: Loaded,
    site_dir: Path,
    config: Config,
    parsed: dict[str, Parsed],
    today: dt.date,
) -> tuple[list[str], tuple[str, ...], Stamp] | None:
    """The event files whose body text alone changed since `previous`, and the static
    files (names, and names with sizes and mtimes), when nothing else changed (no static
    file replaced either: an image's size shows on its event's page); else None.

    What the cross-file checks look at in a body are its citations, links and the
    addresses of its links and pictures (Body.hrefs, Body.pictures): when they are the
    same and every other field is equal, the checks find what they found before, the
    events keep their places, and no other file's model object changes."""
    if not _same_setting(previous, config, parsed, today):
        return None
    changed = [rel for rel, p in parsed.items() if p is not previous.parsed[rel]]
    if not changed or len(changed) > QUICK_EDITS:
        return None
    statics = static_files(site_dir)
    if statics != previous.static_files:
        return None
    stamp = static_stamp(site_dir, statics)
    if stamp != previous.static_stamp:
        return None
    reported = {d.path for d in previous.cross}
    for rel in changed:
        if not _body_alone(parsed[rel], previous.parsed[rel], exact=rel in reported):
            return None
    return changed, statics, stamp


def _same_setting(
    previous: Loaded, config: Config, parsed: dict[str, Parsed], today: dt.date
) -> bool:
    """The same day, site.yaml and files as `previous`, which had no error."""
    return not (
        previous.today != today
        or previous.config is None
        or config != previous.config
        or parsed.keys() != previous.parsed.keys()
        or any(d.severity == "error" for d in previous.diagnostics)
    )


def _body_alone(new: Parsed, old: Parsed, exact: bool) -> bool:
    """An event file whose body alone changed, without an error (see _same_but_body)."""
    return not (
        new.kind != "event"
        or new.value is None
        or old.value is None
        or new.extra != old.extra
        or any(d.severity == "error" for d in new.diagnostics)
        or not _same_but_body(old.value, new.value, exact)
    )


def _same_but_body(old: Event, new: Event, exact: bool) -> bool:
    """Equal events but for the body's text, citing and linking to the same targets in
    the same order (its links' addresses inside the site too: the checks follow them).
    `exact`: the checks reported something in this file, at places that must not move:
    then the front matter and each reference must also stand where they stood
    (otherwise typing before a link moves it, and nothing reports its place)."""
    if dataclasses.replace(new, body=old.body) != old:
        return False
    if exact:
        return (
            new.body.citations == old.body.citations
            and new.body.links == old.body.links
            and new.body.hrefs == old.body.hrefs
            and new.body.pictures == old.body.pictures
            and new.origin.marks == old.origin.marks
        )
    return (
        new.body.citations.targets == old.body.citations.targets
        and new.body.links.targets == old.body.links.targets
        and new.body.hrefs.targets == old.body.hrefs.targets
        and new.body.pictures.targets == old.body.pictures.targets
    )


def _with_image_size(obj: Any, site_dir: Path) -> Any:
    image: Image | None = obj.image
    if image is None or image.width or "://" in image.src:
        return obj
    from . import images  # (for a picture alone: see the note under the imports)

    if images.image_path_problem(image.src):
        return obj
    # its size, and the names of its made sizes (from its content hash), show on pages
    described = images.describe(image, site_dir / "static")
    if described is None:
        return obj
    obj = dataclasses.replace(obj, image=described[0])
    return _stamped(obj, f"{obj.origin.digest}:{described[1]}") if obj.origin.digest else obj


def _parse_cached(
    cache: ParseCache, kind: str, rel: str, raw: bytes, digest: str, allow_html: bool
) -> Parsed:
    key = (__version__, kind, rel, digest, allow_html)
    hit = cache.get(key)
    if isinstance(hit, Parsed):
        return hit
    result = parse_file(kind, rel, raw, allow_html)
    cache.put(key, result)
    return result


Job = tuple[int, str, str, bool]
"""(index, kind, path, allow_html): one file to parse (its bytes: the load's _Contents)."""
Done = tuple[int, Any, "tuple[int, ...] | None", str]
"""(index, result (a Parsed, or the refusal of a file that could not be read), the stat
signature of a file the parse read (see _Contents.read), the file's hash)."""


def _parse_one(job: Job, raw: _Contents) -> Done:
    index, kind, rel, allow_html = job
    try:
        data, signature = raw.read(rel)
    except (Refused, OSError) as exc:
        return index, refused(rel, exc), None, ""
    raw_digest = file_digest(data)
    return index, parse_file(kind, rel, data, allow_html, raw_digest), signature, raw_digest


Group = list[Job]
"""Files of one parse-cache shard, parsed by one worker."""
GroupDone = tuple[list[Done], "bytes | None"]
"""Their results, and the pickle of a dict of them by cache key."""
GROUP = 48
"""Files to a group: few enough to share the work out evenly, many enough that the
parse cache unpickles few pickles."""
TAIL = 4
"""The last groups, made smaller (see _groups)."""
OWN_UNPICKLED_EVENTS = 5_000
"""Events from which a build whose render forks keeps the parse results this process
made as unpickled from their cache pickle (_Parse._work), as it keeps the workers', so
that they lie together and the render's processes copy fewer pages (+12 MiB at 10,000
events). Below it that is ~1 MiB or less (the 1,000-event standard build's peak: 52.5 ->
52.4 MiB), and the unpickle, with the bodies it unpacks again, was 55 M instructions of
that build's main process, 0.8 % of the build's (docs/performance.md, "The parse's
hand-over to the main process")."""


def _parse_group(group: Group, raw: _Contents) -> GroupDone:
    """The files' results and one pickle of them all, by key: the parse cache saves these
    very bytes. This process pickles its own share here too, while the workers parse
    (saved after the parse, it would be a third of a second that nothing else runs beside)."""
    done = [_parse_one(job, raw) for job in group]
    for _, parsed, _, _ in done:
        if isinstance(parsed, Parsed) and isinstance(parsed.value, Event):
            _ = parsed.value.record_weight  # (pickled with it: see Event.record_weight)
    table = {
        (__version__, kind, rel, raw_digest, allow_html): parsed
        for (_, kind, rel, allow_html), (_, parsed, _, raw_digest) in zip(group, done, strict=True)
        if isinstance(parsed, Parsed)  # (not a refusal)
    }
    return done, dumped_table(table)


def _pickle_only(result: GroupDone) -> GroupDone:
    """What a worker sends: the pickle alone, for the parent to unpickle (and the
    refusals of files it could not read)."""
    return [
        (index, p if isinstance(p, Diagnostic) else None, signature, raw_digest)
        for index, p, signature, raw_digest in result[0]
    ], result[1]


def _unpickled(result: GroupDone) -> GroupDone:
    """A worker's parse results, unpickled here (the bytes are kept for the cache)."""
    done, data = result
    assert data is not None
    # (in order, refusals left out; the bodies' bytes copied out of `data`, which the
    # cache lets go once its shard is written)
    parsed = iter(loaded_table(memoryview(data), copy=True).values())
    return [
        (d[0], d[1] if isinstance(d[1], Diagnostic) else next(parsed), d[2], d[3]) for d in done
    ], data


_ID_FIELDS = ("people", "countries", "tags", "related", "timelines", "sources")


def _share_ids(event: Event, shared: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    """The event's id tuples replaced by equal ones of interned strings, one tuple per
    value in `shared`. In its __dict__, frozen as it is: it was unpickled a moment ago
    and nothing else has seen it (a new Event would be one more copy to make and drop)."""
    state = vars(event)
    for name in _ID_FIELDS:
        ids = state[name]
        if ids:
            one = shared.get(ids)
            if one is None:
                one = shared[ids] = tuple([sys.intern(i) for i in ids])
            state[name] = one


def _share_path(parsed: Parsed, rel: str) -> None:
    """The origins of a file's objects given the one string of its path (in their
    __dict__, as _share_ids does)."""
    value = parsed.value
    owners = (value, *parsed.extra) if isinstance(value, Event | Person | Country) else parsed.extra
    for owner in owners:
        state = vars(owner.origin)
        if state["path"] == rel:
            state["path"] = rel


def _groups(jobs: list[Job]) -> list[Group]:
    """The jobs by parse-cache shard, GROUP at most to a group, a shard's groups one
    after another (a shard is written and its pickles let go once all its files are in:
    _Parse.take), the last TAIL groups split into groups of a quarter of that: a process
    that finds nothing left to claim waits for the other's last group (a group of 48 is
    6-18 ms of a 2-core build's wall time with one process working)."""
    by_shard: dict[int, list[Job]] = {}
    for job in jobs:
        by_shard.setdefault(_shard(job), []).append(job)
    groups = [
        shard_jobs[start : start + GROUP]
        for shard_jobs in by_shard.values()
        for start in range(0, len(shard_jobs), GROUP)
    ]
    tail, small = groups[-TAIL:], GROUP // 4
    del groups[-TAIL:]
    groups += [
        group[start : start + small] for group in tail for start in range(0, len(group), small)
    ]
    return groups


def _shard(job: Job) -> int:
    return ParseCache.shard((__version__, job[1], job[2]))


def _parse_all(
    cache: ParseCache,
    files: Iterable[SourceFile],
    raw: _Contents,
    inputs: dict[str, str],
    allow_html: bool,
    executor: Executor,
    beside: Callable[[], object] | None = None,
    hold: bool = False,
) -> list[Parsed | Diagnostic]:
    """Each file's parse, from the cache or made (by `executor`'s forked workers too,
    when there are many). A file missing from `inputs` (not hashed yet) is hashed by its
    parse, and its hash added; one the parse could not read is its refusal (see
    _read_by_parse)."""
    files = list(files)
    results: list[Parsed | Diagnostic | None] = []
    misses: list[int] = []
    for i, f in enumerate(files):
        known = inputs.get(f.rel)
        hit = cache.get((__version__, f.kind, f.rel, known, allow_html)) if known else None
        results.append(hit if isinstance(hit, Parsed) else None)
        if results[-1] is None:
            misses.append(i)
    jobs = [(i, files[i].kind, files[i].rel, allow_html) for i in misses]
    parse = _Parse(cache, files, inputs, allow_html, raw, results, hold)
    if executor.workers > 0 and len(jobs) > 64:
        parse.forked(executor, _groups(jobs), beside)
    else:
        for job in jobs:
            parse.take(([_parse_one(job, raw)], None))
    return [r for r in results if r is not None]


class _Parse:
    """The parse of the files the cache lacks, each result taken into the cache as it is
    made here or arrives from a worker. Then each file's bytes are let go, and each
    cache shard whose files are all in is written and its pickles let go (see
    ParseCache.seal): at 100,000 events the bytes read were 444 MB, the workers'
    pickles ~650 MB, and both were held to the end of the load."""

    def __init__(
        self,
        cache: ParseCache,
        files: list[SourceFile],
        inputs: dict[str, str],
        allow_html: bool,
        raw: _Contents,
        results: list[Parsed | Diagnostic | None],
        hold: bool = False,
    ) -> None:
        self.cache, self.files, self.inputs, self.allow_html = cache, files, inputs, allow_html
        self.raw, self.results, self.hold = raw, results, hold
        events = sum(f.kind == "event" for f in files) if hold else 0
        self.zip_html = hold and zips_html(events)
        """Whether the bodies' HTML is held compressed (model.ZIPPED_HTML_EVENTS)."""
        self.zip_long = zips_long(events)
        """Whether their long texts are (model.ZIPPED_LONG_EVENTS)."""
        self.own_unpickled = hold and events >= OWN_UNPICKLED_EVENTS
        """Whether this process keeps its own results as unpickled (see _work)."""
        self.left: dict[int, int] = {}
        """Shard -> its files still to be parsed (a forked parse's)."""
        self.here = os.getpid()
        self.shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        """Each id tuple the parse's events hold, once (see _unpickled)."""

    def forked(
        self, executor: Executor, groups: list[Group], beside: Callable[[], object] | None
    ) -> None:
        for group in groups:
            shard = _shard(group[0])
            self.left[shard] = self.left.get(shard, 0) + len(group)
        first = None
        if beside is not None:

            def first() -> list[GroupDone]:
                beside()
                return []

        executor.map(
            groups,
            self._work,
            first=first,
            chunk=1,
            sent=_pickle_only,
            received=lambda result: self.take(self._unpickled(result)),
        )

    def _work(self, group: Group) -> GroupDone:
        result = _parse_group(group, self.raw)
        if os.getpid() != self.here:
            return result  # (a worker sends it, and this process takes it as it arrives)
        if self.own_unpickled:
            # This process keeps its own results as unpickled from the pickle made for
            # the cache, as it keeps the workers': the objects the parse made lie in the C
            # heap among what it made and dropped (the file's bytes, its text, Markdown's
            # tokens), and outlive it spread over pages that the plan's frees leave
            # sparse; the render's processes each copy those pages (+12 MiB at 10,000
            # events, ~130 at 100,000, once the files were read here by the parse).
            # Unpickled, they lie together. ~10 µs a file, and each body unpacked again
            # by hold_texts (a build whose render does not fork, or a smaller site, see
            # OWN_UNPICKLED_EVENTS, keeps them as made).
            sent = _pickle_only(result)
            del result
            result = _unpickled(sent)
        return self.take(self._shared(result))

    def _unpickled(self, result: GroupDone) -> GroupDone:
        """A worker's results unpickled, as _shared leaves them."""
        return self._shared(_unpickled(result))

    def _shared(self, result: GroupDone) -> GroupDone:
        """The results with each event's ids shared again as the parse left them: it
        interns a YAML list's strings (load._walk), but a pickle carries values, so each
        group's unpickle made its own copy of every tag, person, country and source id,
        and of each id tuple (64,000 strings, 3.8 MB, and 18,000 tuples at 10,000 events,
        which each render process copies). ~5 µs an event, beside the workers' parse."""
        shared = self.shared
        bodies: list[Body] = []
        for i, p, _, _ in result[0]:
            if not isinstance(p, Parsed):
                continue
            if self.hold and isinstance(body := getattr(p.value, "body", None), Body):
                bodies.append(body)
            # its file's path, the string the walk made, not the pickle's copy of it
            # (~100 bytes a file, which each render process copies)
            _share_path(p, self.files[i].rel)
            if isinstance(p.value, Event):
                _share_ids(p.value, shared)
            elif isinstance(p.value, Person):
                state = vars(p.value)  # (as _share_ids: a role and a country, often alike)
                state["role"], state["country"] = map(sys.intern, (p.value.role, p.value.country))
        # (here, beside the other processes' parse, not by the plan while they wait: the
        # render needs every body unpacked, and a forked one its texts held)
        hold_texts(bodies, self.zip_html, self.zip_long)
        return result

    def take(self, result: GroupDone) -> GroupDone:
        """Parse results into the cache, with the pickle of them all that a worker made;
        nothing is left in what the executor gathers."""
        done, data = result
        cache, files, allow_html = self.cache, self.files, self.allow_html
        keys = []
        for i, p, signature, raw_digest in done:
            f = files[i]
            self.results[i] = p
            self.raw.data.pop(f.rel, None)
            if isinstance(p, Diagnostic):
                continue  # (a file that could not be read: nothing to cache)
            if signature is not None:
                self.raw.signatures.setdefault(f.rel, signature)
            file_hash = self.inputs.setdefault(f.rel, raw_digest)
            keys.append((__version__, f.kind, f.rel, file_hash, allow_html))
            cache.put(keys[-1], p)
            if file_hash != raw_digest:
                data = None  # its pickle's keys are not the cache's
        if data is not None:
            cache.put_packed(keys, data)
        if self.left and done:  # (a forked parse's group: its files share a shard)
            f = files[done[0][0]]
            shard = ParseCache.shard((__version__, f.kind, f.rel))
            self.left[shard] -= len(done)
            if not self.left[shard]:
                cache.seal(shard)
        return [], None
