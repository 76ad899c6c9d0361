"""Checks across files: references, sources, series and dates against today.

Pure functions over the model. Each yields Diagnostics; none reads a file or prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from . import images, markdown, timelines
from .dates import (
    PLACEHOLDER,
    EDate,
    clock_trouble,
    min_precision,
    offset_text,
    zone_label,
)
from .diagnostics import (
    FILE_CODES,
    INVISIBLE_NAMES,
    Diagnostic,
    Hints,
    Severity,
    Wording,
    did_you_mean,
)
from .images import image_path_problem
from .load import SLUG_RE, SOURCE_ID
from .model import Country, Event, Origin, Person, Ref, Site, Source, Timeline
from .records import LazyPattern, dataclass, value_methods

WARNING_CODES = {
    "date-future", "weekday-mismatch", "series-gap", "source-unused", "source-duplicate",
    "source-nourl", "source-before-event", "orphan", "html-raw", "link-broken",
    "base-url-missing", "same-day-order",
}  # fmt: skip
WARNING_CODES.add("timeline-empty")
WARNING_CODES.add("timeline-site-field")
WARNING_CODES.add("ref-repeated")
WARNING_CODES.add("static-case")
WARNING_CODES.add("static-shadows-page")
WARNING_CODES.add("name-reserved")
WARNING_CODES.add("card-font-missing-glyphs")
WARNING_CODES.add("date-updated")
WARNING_CODES.add("time-ambiguous")
WARNING_CODES.add("name-normalization")
WARNING_CODES.add("timezone-legacy")
WARNING_CODES.add("tag-variant")
WARNING_CODES.add("citation-syntax")
WARNING_CODES.add("series-single")
WARNING_CODES.add("link-draft")
WARNING_CODES.add("link-unknown")
WARNING_CODES.add("date-end-future")
WARNING_CODES.add("bidi-unbalanced")
WARNING_CODES.add("name-address")
WARNING_CODES.add("link-loop")  # (load.REFUSALS: a link to a folder not followed)
# an http:// picture on a site whose base_url is http:// (http_pictures); an error elsewhere
WARNING_CODES.add("image-src")

PUBLISHING_CODES = {"placeholder", "ref-draft", "date-future"}
"""Warnings in a draft and in a preview (serve, build --drafts); errors in anything that
`check` and `build` would publish (see build.publishing_errors). In both sets, so that
they cannot be silenced; so is source-missing, a warning in a draft."""
WARNING_CODES |= {*PUBLISHING_CODES, "source-missing", "timeline-missing"}

ERROR_CODES = {
    "date-syntax", "date-invalid", "date-range", "series-order", "source-missing",
    "source-unknown", "citation-unknown", "source-field", "source-url", "source-dates",
    "ref-unknown", "ref-ambiguous", "slug-invalid", "slug-duplicate", "yaml-syntax",
    "front-matter", "field-unknown", "field-missing", "field-type", "encoding", "iso-code",
    "link-scheme", "image-alt", "image-src", "template", "internal", "control-char",
    "time-syntax", "time-invalid", "timezone-unknown", "era-dates", "era-colour",
    "era-timeline", "image-broken", *PUBLISHING_CODES,
    # files refused before they are read (load.REFUSALS)
    "link-outside", "not-a-file", "file-too-large", "unreadable",
}  # fmt: skip
ERROR_CODES.update(("timeline-unknown", "timeline-missing"))
ERROR_CODES.add("card-font")
ERROR_CODES.add("name-control")


def _diag(
    origin: Origin,
    where: tuple[str | int, ...],
    severity: Severity,
    code: str,
    message: str | Wording,
) -> Diagnostic:
    line, col = origin.place(*where)
    return Diagnostic(origin.path, line, col, severity, code, message)


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Broken:
    """What the files that could not be read would have defined, to avoid false alarms."""

    events: bool = False
    """Some event file could not be read: 'unused' and 'orphan' cannot be known."""
    sources: bool = False
    """sources.yaml could not be read: unknown source ids cannot be judged."""
    slugs: frozenset[str] = frozenset()
    """Slugs of unreadable event, person and country files (references to them are fine)."""

    @classmethod
    def from_diagnostics(cls, diagnostics: Iterable[Diagnostic]) -> Broken:
        paths = {d.path for d in diagnostics if d.code in FILE_CODES and d.severity == "error"}
        events = sources = False
        slugs: set[str] = set()
        for path in paths:
            parts = PurePosixPath(path).parts
            if path == "content/sources.yaml":
                sources = True
            elif len(parts) > 2 and parts[0] == "content" and parts[1] in KIND_FOLDERS:
                events = events or parts[1] == "events"
                slugs.add(PurePosixPath(path).stem)
        return cls(events, sources, frozenset(slugs))


def _key_diag(origin: Origin, severity: Severity, code: str, message: str) -> Diagnostic:
    """At the key that names the object (a source's id in sources.yaml)."""
    line, col = origin.key()
    return Diagnostic(origin.path, line, col, severity, code, message)


def check_site(
    site: Site,
    today: dt.date,
    static_files: Iterable[str] = (),
    prior: Iterable[Diagnostic] = (),
    generated: Callable[[str], bool] | None = None,
) -> list[Diagnostic]:
    """Cross-file checks. `prior` are the per-file diagnostics: files they show to be
    unreadable make the site incomplete, and the checks do not report what follows.
    `generated`: whether the build writes a path under years/, sources/, search/, og/,
    assets/ or a person's or country's years/ (publish.Generated; None: every such path
    is taken to be written)."""
    prior = list(prior)
    broken = Broken.from_diagnostics(prior)
    hints = Hints()
    out: list[Diagnostic] = []
    for check in (_dates, _series):
        out.extend(check(site, today))
    out.extend(_same_day(site))
    out.extend(_sources(site, today, broken, hints))
    out.extend(_references(site, broken, hints))
    out.extend(_repeats(site))
    out.extend(_tag_variants(site))
    out.extend(_draft_references(site))
    held = _unpublished_stories(site)
    out.extend(_draft_links(site, held))
    out.extend(internal_links(site, static_files, hints, held, generated))
    if not broken.events:
        out.extend(_orphans(site))
    out.extend(_images(site, set(static_files)))
    out.extend(_case_only(static_files))
    out.extend(_shadowed_cards(static_files, generated))
    # (the files that could not be read too: their folders' names are still wrong)
    unread = {d.path for d in prior if d.path.startswith("content/") and d.path.count("/") > 2}
    out.extend(_names(site, static_files, unread))
    out.extend(timelines.check(site, set(static_files), timelines.unreadable(prior), today))
    _pack_marks(site, {d.path for d in out})
    return out


def _pack_marks(site: Site, paths: set[str]) -> None:
    """The positions that placing the diagnostics unpacked (see marks.Marks), let go again:
    at 10,000 events, 2,000 warnings unpacked 7 MiB of them, held to the build's end."""
    if not paths:
        return
    owners: Iterable[Any] = itertools.chain(
        site.events, site.people.values(), site.countries.values(), site.sources.values(),
        site.timelines.values(),
    )  # fmt: skip
    for owner in owners:
        if owner.origin.path in paths:
            owner.origin.marks.pack()


# -- dates -------------------------------------------------------------------------------


def _same_day(site: Site) -> Iterator[Diagnostic]:
    """Events of one day that nothing in their content orders (no time, no `order`, all
    points or all spans) are listed by title: say so, so that an editor decides. One
    warning a day, at the second one listed, naming the others: at 100,000 generated
    events, 13,202 crowded days made 70,000 warnings, one a pair, each a line to read."""
    for day in _crowded_days(site):
        yield _diag(day[1].origin, ("date",), "warning", "same-day-order", _SameDay(day))


def _crowded_days(site: Site) -> Iterator[list[Event]]:
    """Each run of two or more events, in timeline order, with the same day, time, order
    and kind, dated to the day."""
    for _, run in itertools.groupby(site.events, key=Event.day_key):
        day = list(run)
        if len(day) > 1 and day[0].date.precision == "day" and day[0].date != PLACEHOLDER:
            yield day


class _SameDay(Wording):
    """A same-day-order warning's message, made when read: 13,202 of them at 100,000
    events held beside the render to its end (see diagnostics.Wording). Holds what the
    message names, not the events: a preview server keeps diagnostics across rebuilds."""

    __slots__ = ("day", "order", "others", "time", "title")

    def __init__(self, day: list[Event]) -> None:
        second = day[1]
        self.title, self.time, self.order = second.title, second.time, second.order
        # the others in timeline order, title and path in turn (one tuple, not one a pair)
        self.others = tuple(
            part for ev in day if ev is not second for part in (ev.title, ev.origin.path)
        )
        self.day = second.date.human()  # (made once: ~20 times the rest of the message)

    def text(self) -> str:
        if self.time is not None:
            shared = f"and the time {self.time:%H:%M}"
        elif self.order is not None:
            shared = f"and order: {self.order}"
        else:
            shared = "with no time or order"
        others = self.others
        names = [f"'{self.title}'"]
        names.extend(f"'{others[n]}' ({others[n + 1]})" for n in range(0, len(others), 2))
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return (
            f"{listed} share {self.day} {shared}, so they are listed by title; "
            'say which came first with time: "HH:MM" or order: N'
        )


def _dates(site: Site, today: dt.date) -> Iterator[Diagnostic]:
    yield from _story_updates(site, today)
    for ev in site.events:
        if ev.date == PLACEHOLDER:  # unreadable, already reported
            continue
        if ev.end is not None:
            yield from _event_end(ev, ev.end, today)
        if ev.date.first_ordinal() > today.toordinal() and not ev.scheduled:
            yield _diag(
                ev.origin, ("date",), "warning", "date-future",
                f"the event starts after today ({today.isoformat()}); add 'status: scheduled' "
                "if it is announced ahead, or correct the date",
            )  # fmt: skip
        elif ev.updated is not None or ev.corrections:  # (not against a date in doubt)
            yield from _updates(site, ev, today)
        if ev.time is not None and site.config.timezone != "UTC":
            yield from _clock_times(ev, site.config.timezone)


def _event_end(ev: Event, end: EDate, today: dt.date) -> Iterator[Diagnostic]:
    p = min_precision(ev.date.precision, end.precision)
    if end.truncate(p) < ev.date.truncate(p):
        yield _diag(
            ev.origin, ("end",), "error", "date-range",
            f"the event ends ({end.edtf()}) before it starts ({ev.date.edtf()}); "
            "swap them or correct the end",
        )  # fmt: skip
    # an end not yet come, on an event that has begun (one that has not is date-future's):
    # most often a slip of the year (2204 for 2024); a warning, as an event under way
    # (a trial, a summit) may end after today
    elif end.first_ordinal() > today.toordinal() >= ev.date.first_ordinal() and not ev.scheduled:
        yield _diag(
            ev.origin, ("end",), "warning", "date-end-future",
            f"the event ends after today ({end.edtf()}, today is {today.isoformat()}); "
            "correct the end if it is a slip, write 'end: ongoing' if no end is known, or "
            "add 'status: scheduled' if the end is announced",
        )  # fmt: skip


def _clock_times(ev: Event, tz: str) -> Iterator[Diagnostic]:
    """`time` and `end_time` that the zone's clocks skip (spring forward: no such moment)
    or show twice (fall back: two moments an hour apart)."""
    times = [("time", ev.date, ev.time), ("end_time", ev.end or ev.date, ev.end_time)]
    for key, day, time in times:
        if time is None or day.day is None:
            continue
        trouble = clock_trouble(day.first_day(), time, tz)
        if trouble is None:
            continue
        first, second = trouble.first, trouble.second
        said = f"{time:%H:%M} on {day.human()}"
        if trouble.skipped:
            jump = (first.utcoffset() or dt.timedelta()) - (second.utcoffset() or dt.timedelta())
            real = f"{first:%H:%M} {zone_label(first)}"
            if first.date() != day.first_day():
                real += f" on {EDate(first.year, first.month, first.day).human()}"
            yield _diag(
                ev.origin, (key,), "error", "time-invalid",
                f"{said} is not on the clock in {tz}: the clocks went forward "
                f"{_duration(jump)} that night, so that moment is {real} (or "
                f"{second:%H:%M} {zone_label(second)}, if the source counted in the time "
                f'before the change); write "{first:%H:%M}"',
            )  # fmt: skip
        else:
            yield _diag(
                ev.origin, (key,), "warning", "time-ambiguous",
                f"{said} happens twice in {tz}: first at {offset_text(first)} "
                f"({zone_label(first)}), then, after the clocks go back, at "
                f"{offset_text(second)} ({zone_label(second)}); sitegen shows the first: "
                f"if the source means the second, leave '{key}' out and give the time in "
                "the text",
            )  # fmt: skip


def _duration(delta: dt.timedelta) -> str:
    """`an hour`, `30 minutes`, `24 hours`: a clock change."""
    minutes = int(delta.total_seconds()) // 60
    if minutes == 60:
        return "an hour"
    if minutes % 60:
        return f"{minutes} minutes"
    return f"{minutes // 60} hours"


def _story_updates(site: Site, today: dt.date) -> Iterator[Diagnostic]:
    """site.yaml's `updated:`, after today: the front page would say the story was updated
    on a day that has not come (a timeline's is timelines.check's date-future)."""
    when = site.config.updated
    if when is not None and when.first_ordinal() > today.toordinal():
        yield _diag(
                site.config.origin, ("updated",), "warning", "date-updated",
                f"'updated' ({when.edtf()}) is after today ({today.isoformat()}); write the "
                "day the timeline was last changed",
            )  # fmt: skip


def _updates(site: Site, ev: Event, today: dt.date) -> Iterator[Diagnostic]:
    """`updated:` and each correction's date: not before the entry could first be
    published, nor after today. An event is reported on after it happens, so that is its
    date; one announced ahead (`status: scheduled`), its first source's publication."""
    since, what = ev.date.first_ordinal(), f"the event began ({ev.date.edtf()})"
    if ev.scheduled:
        known = [site.sources[s].published for s in ev.sources if s in site.sources]
        first = min((d for d in known if d is not None), key=EDate.first_ordinal, default=None)
        if first is None:
            return
        since, what = first.first_ordinal(), f"its first source was published ({first.edtf()})"
    marked: list[tuple[tuple[str | int, ...], str, EDate | None]]
    marked = [(("updated",), "'updated'", ev.updated)]
    marked += [(("corrections", i, "date"), f"correction {i + 1}", c.date)
               for i, c in enumerate(ev.corrections)]  # fmt: skip
    for where, name, when in marked:
        if when is None:
            continue
        # (an approximate or uncertain date may be earlier than written)
        if when.last_ordinal() < since and (ev.scheduled or not ev.date.qualifier):
            yield _diag(
                ev.origin, where, "warning", "date-updated",
                f"{name} ({when.edtf()}) is before {what}; an entry is updated after it is "
                "first published: correct the date (often a typo in the year or month)",
            )  # fmt: skip
        elif when.first_ordinal() > today.toordinal():
            yield _diag(
                ev.origin, where, "warning", "date-updated",
                f"{name} ({when.edtf()}) is after today ({today.isoformat()}); write the "
                "day the entry was changed",
            )  # fmt: skip


def _series(site: Site, today: dt.date) -> Iterator[Diagnostic]:
    groups: dict[str, list[Event]] = defaultdict(list)
    for ev in site.events:
        if ev.series:
            groups[ev.series.id].append(ev)
    yield from _lone_series(groups)
    for sid, events in groups.items():
        by_number: dict[int, Event] = {}
        for ev in sorted(events, key=lambda e: (e.series.number if e.series else 0, e.slug)):
            assert ev.series is not None
            n = ev.series.number
            if n in by_number:
                other = by_number[n]
                yield _diag(
                    ev.origin, ("series", "number"), "error", "series-order",
                    f"number {n} of series '{sid}' is also used by '{other.slug}' "
                    f"({other.origin.path}); give each event of the series its own number",
                )  # fmt: skip
                continue
            by_number[n] = ev
        numbers = sorted(by_number)
        for a, b in itertools.pairwise(numbers):
            ea, eb = by_number[a], by_number[b]
            p = min_precision(ea.date.precision, eb.date.precision)
            known = PLACEHOLDER not in (ea.date, eb.date)
            if known and eb.date.truncate(p) < ea.date.truncate(p):
                yield _diag(
                    eb.origin, ("series", "number"), "error", "series-order",
                    f"number {b} of series '{sid}' ({eb.date.edtf()}) is dated before number "
                    f"{a} ('{ea.slug}', {ea.date.edtf()}); numbers must rise with dates",
                )  # fmt: skip
            if b - a > 1:
                # one line a gap, however wide: a slip of a digit (`number: 2024`) would
                # otherwise print a line per number, and a large one never end
                missing = f"number {a + 1}" if b - a == 2 else f"numbers {a + 1} to {b - 1}"
                yield _diag(
                    eb.origin, ("series", "number"), "warning", "series-gap",
                    f"series '{sid}' has no {missing} (between '{ea.slug}' and '{eb.slug}')",
                )  # fmt: skip


def _lone_series(groups: dict[str, list[Event]]) -> Iterator[Diagnostic]:
    """A series of one event whose id is one slip (a letter missing, added, changed or
    two swapped) from another series' (`sumit`, `summit`): a typo that splits a series
    in two, each numbered without the other. Ids that differ in digits alone (`g7-summit`,
    `g8-summit`) are different series."""
    if len(groups) < 2:
        return
    place = {sid: k for k, sid in enumerate(groups)}  # (by each series' first event)
    within_one: dict[str, list[str]] = defaultdict(list)  # one letter dropped -> ids
    for sid in groups:
        for variant in _one_dropped(sid):
            within_one[variant].append(sid)
    for sid, events in groups.items():
        if len(events) != 1:
            continue
        near = {o for v in _one_dropped(sid) for o in within_one[v]} - {sid}
        # near a longer series, or, of two lone ones, the first: the other is the slip
        near = {
            o for o in near
            if (len(groups[o]) > 1 or place[o] < place[sid])
            and _NOT_DIGITS.sub("", o) != _NOT_DIGITS.sub("", sid)
        }  # fmt: skip
        if near:
            other = min(near, key=lambda o: (-len(groups[o]), place[o]))
            yield _diag(
                events[0].origin, ("series", "id"), "warning", "series-single",
                f"series '{sid}' has no other event; did you mean '{other}'? (a series of "
                "one is listed on its own)",
            )  # fmt: skip


_NOT_DIGITS = LazyPattern(r"\d")


SLIP_LONGEST = 200
"""The longest id looked at for slips: the variants of a word take its length squared
(a pasted paragraph of 20,000 letters as a series id took 1.2 GB and 20 s), and an id
longer than a file name is no slug an editor types."""


def _one_dropped(word: str) -> set[str]:
    """`word` and each string made by dropping one of its letters: two words within one
    slip of each other share one of these (only `word`, past SLIP_LONGEST letters)."""
    if len(word) > SLIP_LONGEST:
        return {word}
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


# -- sources -----------------------------------------------------------------------------


def _sources(site: Site, today: dt.date, broken: Broken, hints: Hints) -> Iterator[Diagnostic]:
    # (a timeline's introduction cites sources too: shown under it, on its page)
    used = {ref.target for tl in site.timelines.values() for ref in tl.body.citations}
    yield from _event_sources(site, broken, used, hints)
    yield from _source_entries(site, today, broken, used)


def _event_sources(
    site: Site, broken: Broken, used: set[str], hints: Hints
) -> Iterator[Diagnostic]:
    """Each event's sources: present, known, not published before the event; fills `used`."""
    # the last day each source may have been published on, worked out once (30,000
    # citations at 10,000 events)
    published = {
        sid: src.published.last_ordinal() for sid, src in site.sources.items() if src.published
    }
    for ev in site.events:
        if not ev.sources:
            # a draft is where an editor starts: a to-do, not a fault, until it is published
            draft = site.held_back(ev)
            yield _diag(
                ev.origin, ("title",), "warning" if draft else "error", "source-missing",
                "the event has no source; add 'sources: [ID]' with an id from sources.yaml, "
                "or cite one in the text with [@ID]"
                + (" before publishing it" if draft else ""),
            )  # fmt: skip
        began = ev.date.first_ordinal()
        cited = _Cited(ev)
        for i, sid in enumerate(ev.sources):
            used.add(sid)
            if sid not in site.sources:
                if not broken.sources:  # else sources.yaml could not be read: already an error
                    yield from _unknown_source(site, ev, sid, i, hints, cited)
                continue
            src = site.sources[sid]
            last = published.get(sid)
            if last is not None and last < began and src.published and not ev.scheduled:
                # an inline source's id (EVENT--N) is sitegen's, not the editor's: say where
                inline = src.origin.path == ev.origin.path
                named = f"inline source {i + 1} of 'sources'" if inline else f"source '{sid}'"
                yield _source_diag(
                    ev, cited, sid, i, "warning", "source-before-event",
                    f"{named} was published ({src.published.edtf()}) before the "
                    f"event began ({ev.date.edtf()}); a report cannot precede what it "
                    "reports (mark the event 'status: scheduled' if it was a preview)",
                )  # fmt: skip


def _unknown_source(
    site: Site, ev: Event, sid: str, index: int, hints: Hints, cited: _Cited
) -> Iterator[Diagnostic]:
    """A source id that sources.yaml lacks: at each citation when only cited in the body."""
    hint = hints(sid, site.sources) or _add_source(sid)
    refs = cited.of(sid)
    if refs and not ev.origin.marked("sources", index):
        for ref in refs:
            yield Diagnostic(
                ev.origin.path, ref.line, ref.column, "error", "citation-unknown",
                f"[@{sid}] cites a source that sources.yaml does not have{hint}",
            )  # fmt: skip
    else:
        yield _diag(
            ev.origin, ("sources", index), "error", "source-unknown",
            f"source '{sid}' is not in sources.yaml{hint}",
        )  # fmt: skip


def _source_entries(
    site: Site, today: dt.date, broken: Broken, used: set[str]
) -> Iterator[Diagnostic]:
    """Each entry of sources.yaml: cited, with a url of its own, dated sensibly."""
    by_url: dict[str, str] = {}
    for sid, src in site.sources.items():
        if sid not in used and "--" not in sid and not broken.events:
            yield _key_diag(
                src.origin, "warning", "source-unused",
                f"no event uses source '{sid}'; cite it or remove it",
            )  # fmt: skip
        if not src.url:
            yield _key_diag(
                src.origin, "warning", "source-nourl",
                f"source '{sid}' has no url, so readers cannot follow it; add url: (or "
                "ignore: [source-nourl] in site.yaml for print-only sources)",
            )  # fmt: skip
        else:
            key = src.url.rstrip("/")
            if key in by_url:
                yield _diag(
                    src.origin, ("url",), "warning", "source-duplicate",
                    f"source '{sid}' has the same url as '{by_url[key]}'; use one id for both",
                )  # fmt: skip
            else:
                by_url[key] = sid
        yield from _source_dates(src, today)


def _source_dates(src: Source, today: dt.date) -> Iterator[Diagnostic]:
    """'published' and 'accessed' not after today, and read no earlier than published."""
    if src.published and src.published.first_ordinal() > today.toordinal():
        yield _diag(
            src.origin, ("published",), "error", "source-dates",
            f"'published' ({src.published.edtf()}) is after today ({today.isoformat()}); "
            "correct the date",
        )  # fmt: skip
    if src.accessed and src.accessed.first_ordinal() > today.toordinal():
        yield _diag(
            src.origin, ("accessed",), "error", "source-dates",
            f"'accessed' ({src.accessed.edtf()}) is after today ({today.isoformat()}); "
            "write the day you last read it",
        )  # fmt: skip
    if src.published and src.accessed:
        p = min_precision(src.published.precision, src.accessed.precision)
        if src.accessed.truncate(p) < src.published.truncate(p):
            yield _diag(
                src.origin, ("accessed",), "error", "source-dates",
                f"'accessed' ({src.accessed.edtf()}) is before 'published' "
                f"({src.published.edtf()}); nobody read it before it existed",
            )  # fmt: skip


def _citations(ev: Event) -> Iterable[Ref]:
    """Every `[@id]` of an event: its body's, then its corrections'."""
    if not ev.corrections:
        return ev.body.citations
    return (*ev.body.citations, *(ref for c in ev.corrections for ref in c.citations))


class _Cited:
    """An event's citations by source id, gathered when first asked for: an event of
    5,000 `[@id]`s naming no source was checked in 5,000 passes over all of them."""

    def __init__(self, ev: Event) -> None:
        self.ev = ev
        self.by_id: dict[str, list[Ref]] | None = None

    def of(self, sid: str) -> list[Ref]:
        if self.by_id is None:
            self.by_id = {}
            for ref in _citations(self.ev):
                self.by_id.setdefault(ref.target, []).append(ref)
        return self.by_id.get(sid, [])


def _source_diag(
    ev: Event, cited: _Cited, sid: str, index: int, severity: Severity, code: str, message: str
) -> Diagnostic:
    """At the source's item in `sources:`, else at its first citation in the body."""
    if ev.origin.marked("sources", index):
        return _diag(ev.origin, ("sources", index), severity, code, message)
    ref = next(iter(cited.of(sid)), None)
    if ref is not None:
        return Diagnostic(ev.origin.path, ref.line, ref.column, severity, code, message)
    return _diag(ev.origin, ("title",), severity, code, message)


# -- references --------------------------------------------------------------------------

KIND_FOLDERS = {"events": "event", "people": "person", "countries": "country"}


def link_targets(site: Site, target: str) -> list[tuple[str, str, str]]:
    """What a `[[target]]` may name: (kind folder, slug, title) for each match."""
    folder, _, slug = target.rpartition("/")
    found: list[tuple[str, str, str]] = []
    if folder in ("", "events"):
        ev = site.events_by_slug.get(slug)
        if ev:
            found.append(("events", slug, ev.title))
    if folder in ("", "people") and slug in site.people:
        found.append(("people", slug, site.people[slug].name))
    if folder in ("", "countries") and slug in site.countries:
        found.append(("countries", slug, site.countries[slug].name))
    if folder in ("", "timelines") and slug in site.timelines:
        found.append(("timelines", slug, site.timelines[slug].title))
    return found


def _references(site: Site, broken: Broken, hints: Hints) -> Iterator[Diagnostic]:
    # link targets found to name one page (30,000 links name a few thousand pages)
    fine: set[str] = set()
    yield from _event_references(site, broken, fine, hints)
    for person in site.people.values():
        c = person.country
        if c and c not in site.countries and c not in broken.slugs:
            yield _diag(
                person.origin, ("country",), "error", "ref-unknown",
                f"no country '{c}' (content/countries/{c}.md)"
                + (hints(c, site.countries) or _add_page("country", c)),
            )  # fmt: skip
    yield from _page_body_references(site, broken, fine, hints)


def _event_references(
    site: Site, broken: Broken, fine: set[str], hints: Hints
) -> Iterator[Diagnostic]:
    """Unique slugs; people:, countries: and related: naming pages that exist; [[links]]."""
    named_fields = (
        ("people", site.people, "person"),
        ("countries", site.countries, "country"),
        ("related", site.events_by_slug, "event"),
    )
    seen: dict[str, Event] = {}
    for ev in site.events:
        if ev.slug in seen:
            yield Diagnostic(
                ev.origin.path, 1, 1, "error", "slug-duplicate",
                f"another event is also called '{ev.slug}' ({seen[ev.slug].origin.path}); "
                "event file names must be unique across folders",
            )  # fmt: skip
        else:
            seen[ev.slug] = ev
        for field, table, what in named_fields:
            for i, slug in enumerate(getattr(ev, field)):
                if slug not in table and slug not in broken.slugs:
                    yield _diag(
                        ev.origin, (field, i), "error", "ref-unknown",
                        f"no {what} '{slug}' (content/{_folder(what)}/{slug}.md)"
                        + (
                            _other_kind(site, slug, what)
                            or hints(slug, table)
                            or _add_page(what, slug)
                        ),
                    )  # fmt: skip
        for ref in ev.body.links:
            if ref.target not in fine:
                yield from _link_once(site, ev.origin.path, ref, broken, fine, hints)


def _repeats(site: Site) -> Iterator[Diagnostic]:
    """An event's lists naming one page twice, or `related:` naming the event itself: the
    page then lists it twice, or as related to itself."""
    for ev in site.events:
        for field in ("people", "countries", "related", "tags", "timelines"):
            first: dict[str, int] = {}
            for i, slug in enumerate(getattr(ev, field)):
                if field == "related" and slug == ev.slug:
                    yield _diag(
                        ev.origin, (field, i), "warning", "ref-repeated",
                        f"'{slug}' is this event itself; an event is not related to itself: "
                        "remove it from related",
                    )  # fmt: skip
                elif slug in first:
                    yield _diag(
                        ev.origin, (field, i), "warning", "ref-repeated",
                        f"'{slug}' is listed twice in {field} (item {first[slug] + 1} is the "
                        "same); remove the repeat",
                    )  # fmt: skip
                first.setdefault(slug, i)


def _tag_variants(site: Site) -> Iterator[Diagnostic]:
    """Tags written two ways (`War-in-Ukraine`, `war_in_ukraine`, `war-in-ukraine`): the
    topic filter lists them as two topics, and a name in tags.yaml fits one of them. The
    way to write is the lowercase, hyphenated one where an event has it, else the first."""
    first: dict[str, dict[str, Event]] = defaultdict(dict)
    for ev in site.events:
        for tag in ev.tags:
            first[tag.casefold().replace("_", "-")].setdefault(tag, ev)
    usual = {
        key: key if key in ways else next(iter(ways))
        for key, ways in first.items()
        if len(ways) > 1
    }
    if not usual:
        return
    for ev in site.events:
        for i, tag in enumerate(ev.tags):
            key = tag.casefold().replace("_", "-")
            right = usual.get(key, tag)
            if right != tag:
                yield _diag(
                    ev.origin, ("tags", i), "warning", "tag-variant",
                    f"tag '{tag}' is '{right}' ({first[key][right].origin.path}) written "
                    f"another way; the topic filter would list them as two topics: write "
                    f"'{right}'",
                )  # fmt: skip


def _page_body_references(
    site: Site, broken: Broken, fine: set[str], hints: Hints
) -> Iterator[Diagnostic]:
    """Biographies, country notes and timeline pages link and cite like event bodies."""
    owners: list[Person | Country | Timeline] = [
        *site.people.values(), *site.countries.values(), *site.timelines.values()
    ]  # fmt: skip
    for owner in owners:
        path = owner.origin.path
        for ref in owner.body.links:
            if ref.target not in fine:
                yield from _link_once(site, path, ref, broken, fine, hints)
        for ref in owner.body.citations:
            if ref.target not in site.sources and not broken.sources:
                yield Diagnostic(
                    path, ref.line, ref.column, "error", "citation-unknown",
                    f"[@{ref.target}] cites a source that sources.yaml does not have"
                    + (hints(ref.target, site.sources) or _add_source(ref.target)),
                )  # fmt: skip


def _draft_references(site: Site) -> Iterator[Diagnostic]:
    """A page that would be published naming a draft person or country, whose page is not
    (people:, countries:, a person's country:, [[slug]] links)."""
    drafts = {("people", s) for s, p in site.people.items() if p.draft}
    drafts |= {("countries", s) for s, c in site.countries.items() if c.draft}
    if not drafts:
        return
    owners: list[Event | Person | Country] = [
        *site.events,
        *site.people.values(),
        *site.countries.values(),
    ]
    for owner in owners:
        if site.left_out(owner):
            continue
        yield from _named_drafts(owner, drafts)
        for ref in owner.body.links:
            found = link_targets(site, ref.target)
            if len(found) == 1 and found[0][:2] in drafts:
                yield Diagnostic(
                    owner.origin.path, ref.line, ref.column, "warning", "ref-draft",
                    f"[[{ref.target}]]: " + _draft_message(*found[0][:2]),
                )  # fmt: skip


def _draft_links(site: Site, held: dict[tuple[str, str], str]) -> Iterator[Diagnostic]:
    """A [[link]] in a page that would be published to an event or timeline that is not
    (`held`: see _unpublished_stories): the page shows its words as plain text until the
    target is published (a newsroom may name a story being written), so a warning, which
    says what holds the target back."""
    if not held:
        return
    for owner in _page_owners(site):
        if site.left_out(owner):
            continue
        for ref in owner.body.links:
            found = link_targets(site, ref.target)
            if len(found) == 1 and (why := held.get(found[0][:2])):
                yield Diagnostic(
                    owner.origin.path, ref.line, ref.column, "warning", "link-draft",
                    f"[[{ref.target}]] links {why}; until then the page shows the link's "
                    "words as plain text (if the link is meant to wait, ignore link-draft)",
                )  # fmt: skip


# -- links to addresses inside the site ---------------------------------------------------

_KIND_OF = {**KIND_FOLDERS, "timelines": "timeline"}
_MADE_FOLDERS = ("years/", "sources/", "search/", "assets/", "og/")
"""Folders whose pages and files the plan makes by the site's size and dates (a year's
pages, the sources' later pages, the search index, the share cards): a link into one is
asked of publish.Generated, which works out what the plan will write there."""
_LIST_YEARS = LazyPattern(r"(?:people|countries)/[^/]+/years/")
"""Where a long person's or country's list has its year pages, also asked of
publish.Generated."""
_MADE_TOP_FILE = LazyPattern(r"(?:events|people|countries|sources)-\d+\.json|sitemap-\d+\.xml")
"""The numbered data files and sitemaps beside SITE_FILES."""
_PAGE_SUFFIX = LazyPattern(r"(?i)\.(?:md|markdown|html?)$")
"""What an address written as a content file's or a page's name ends in (`summit.md`)."""


def _page_owners(site: Site) -> list[Event | Person | Country | Timeline]:
    """Everything with a page and a body: events, people, countries, timelines."""
    return [
        *site.events, *site.people.values(), *site.countries.values(),
        *site.timelines.values(),
    ]  # fmt: skip


def internal_links(
    site: Site,
    static_files: Iterable[str],
    hints: Hints,
    held: dict[tuple[str, str], str],
    generated: Callable[[str], bool] | None = None,
) -> Iterator[Diagnostic]:
    """Each `[words](address)` inside the site, followed from its page as a browser
    would (with base_url's path): to a page or file the build does not make
    (link-unknown), or to a page it leaves out (link-draft, from a page it publishes;
    `held`: the events and timelines left out, see _unpublished_stories).
    Most bodies have none: the known addresses are gathered for the first."""
    known: _Addresses | None = None
    for owner in _page_owners(site):
        body = owner.body
        hrefs, pictures = body.hrefs, body.pictures
        if not hrefs and not pictures:
            continue
        known = known or _Addresses.of(site, static_files, held, generated)
        published = not site.left_out(owner)
        page = owner.url
        for i, href in enumerate(hrefs.targets):
            rel = known.resolve(href, page)
            if rel is not None and known.made(rel):
                continue  # (most: the Ref with its place is made for a problem alone)
            found = known.follow(owner.origin.path, page, hrefs[i], published, hints)
            if found is not None:
                yield found
        for ref in pictures:
            if (found := known.picture(owner.origin.path, page, ref, hints)) is not None:
                yield found


@dataclass(eq=False, repr=False)
class _Addresses:
    """What a link inside the site may lead to (see internal_links)."""

    site: Site
    base: str
    """The path the site is published under, from '/' to '/' ('/' without base_url)."""
    files: set[str]
    """Site-relative paths of the pages every build makes and of the static/ files."""
    static: set[str]
    held: dict[tuple[str, str], str]
    """(folder, slug) of each page a build leaves out -> what holds it back."""
    generated: Callable[[str], bool] | None
    """Whether the build writes a path in _MADE_FOLDERS (see check_site)."""

    @classmethod
    def of(
        cls,
        site: Site,
        static_files: Iterable[str],
        stories: dict[tuple[str, str], str],
        generated: Callable[[str], bool] | None = None,
    ) -> _Addresses:
        held = dict(stories)  # (and the draft people and countries)
        for folder, table in (("people", site.people), ("countries", site.countries)):
            held.update(
                ((folder, slug), f"a draft {_KIND_OF[folder]}: publish it (remove draft: "
                 f"true from {x.origin.path})")
                for slug, x in table.items() if x.draft
            )  # fmt: skip
        static = set(static_files)
        files = {*SITE_FILES, *static}
        for kind in (
            site.events,
            site.people.values(),
            site.countries.values(),
            site.timelines.values(),
        ):
            for x in kind:  # (a page as its folder too: most links name that)
                if (x.url.partition("/")[0], x.slug) not in held:
                    files.update((x.url, f"{x.url}index.html"))
        path = urlsplit(site.config.base_url).path.strip("/")
        return cls(site, f"/{path}/" if path else "/", files, static, held, generated)

    def follow(
        self, path: str, page: str, ref: Ref, published: bool, hints: Hints
    ) -> Diagnostic | None:
        """The problem with the link `ref` on the page in folder `page`, if any."""
        href = ref.target
        rel = self.resolve(href, page)
        if rel is None:
            message = self._outside(href)
        elif self.made(rel):
            return None
        elif why := self._held(rel):
            if not published:  # (a draft's link to a draft waits with it)
                return None
            return Diagnostic(
                path, ref.line, ref.column, "warning", "link-draft",
                f"link '{href}' leads to {why}; until then readers who follow it find no "
                "page (a [[link]] shows its words as plain text until then; if the link "
                "is meant to wait, ignore link-draft)",
            )  # fmt: skip
        else:
            message = f"link '{href}' leads to {self.base}{rel}, which this site does not "
            message += "publish" + self._hint(rel, hints)
        if not message:
            return None
        return Diagnostic(path, ref.line, ref.column, "warning", "link-unknown", message)

    def picture(self, path: str, page: str, ref: Ref, hints: Hints) -> Diagnostic | None:
        """The problem with the body picture `ref` on the page in folder `page`: a file
        the build does not publish (a reader sees a broken picture), if any."""
        src = ref.target
        rel = self.resolve(src, page)
        if rel is None:
            if unquote(src)[0] == "/":
                return None  # (from the host's root, out of the site: another site's)
            message = (
                f"picture '{src}' climbs out of {self.base}, where the site is published: "
                "count its '../' again, or put the file in static/"
            )
        elif rel in self.static:
            return None
        elif not rel or rel[-1] == "/" or rel + "/" in self.files or _PAGE_SUFFIX.search(rel):
            message = (
                f"picture '{src}' leads to {self.base}{rel}, a page's address, not a picture "
                "file: write the address of the picture file itself (one in static/, say)"
            )
        elif rel in self.files or self._generated(rel):
            return None
        else:
            name = rel.rstrip("/").rpartition("/")[2]
            message = f"picture '{src}' leads to {self.base}{rel}, which this site does not "
            message += "publish" + self._file_hint(rel, name, hints).replace("link", "write")
        return Diagnostic(path, ref.line, ref.column, "error", "image-src", message)

    def _held(self, rel: str) -> str:
        """What holds back the page at `rel`, if the build leaves it out; else ''."""
        folder, _, rest = rel.partition("/")
        return self.held.get((folder, rest.partition("/")[0]), "")

    def resolve(self, href: str, page: str) -> str | None:
        """The site-relative path `href` leads to from the page in folder `page` (a
        folder's ends in '/'), or None: outside the folder the site is published in."""
        path = href
        if "#" in path or "?" in path:
            path = path.partition("#")[0].partition("?")[0]
        if "%" in path:
            path = unquote(path)
        if not path:
            return page  # (this page: a fragment or a query alone)
        if path[0] != "/" and (rel := markdown.climb_join(page, path)) is not None:
            return rel
        whole = path if path[0] == "/" else self.base + page + path
        folder = whole.endswith(("/", "/.", "/..")) or path in (".", "..")
        whole = posixpath.normpath(whole)
        whole = whole.rstrip("/") + "/" if folder else whole
        if not (whole + "/").startswith(self.base):
            return None
        return whole[len(self.base) :]

    def made(self, rel: str) -> bool:
        """Whether the build makes the file or the folder's page at `rel`."""
        if rel in self.files or rel.rstrip("/") + "/index.html" in self.files or not rel:
            return True  # (a folder written without its '/' too: hosts redirect to it)
        top, _, rest = rel.partition("/")
        if not rest:
            return bool(_MADE_TOP_FILE.fullmatch(top))
        if rel.startswith(_MADE_FOLDERS) or (_LIST_YEARS.match(rel) and not self._held(rel)):
            return self._generated(rel)
        # a timeline's own pages (its embed, its years) and data files (feed.xml, …)
        slug, name = rest.partition("/")[0], rel.rpartition("/")[2]
        return (
            top == "timelines"
            and f"timelines/{slug}/index.html" in self.files
            and ("." not in name or name.endswith((".html", ".json", ".xml", ".ics")))
        )

    def _generated(self, rel: str) -> bool:
        """Whether the build writes `rel`, in one of _MADE_FOLDERS or _LIST_YEARS."""
        if not rel.startswith(_MADE_FOLDERS) and not _LIST_YEARS.match(rel):
            return False
        return self.generated is None or self.generated(rel)

    def _outside(self, href: str) -> str:
        """Why a link out of the site's folder is wrong; '' for an address written from
        the host's root that may be another site's there."""
        if unquote(href)[0] != "/":
            return (
                f"link '{href}' climbs out of {self.base}, where the site is published: "
                "count its '../' again, or give another site's page its https:// address"
            )
        rel = self.resolve(href.lstrip("/"), "")
        if not rel or not (self.made(rel) or rel.partition("/")[0] in _KIND_OF):
            return ""  # (`/` alone: the host's home page, the newsroom's perhaps)
        return (
            f"link '{href}' leads out of {self.base}, where the site is published: write "
            f"'{self.base}{href.lstrip('/')}', or link a page as [[slug]], which sitegen checks"
        )

    def _hint(self, rel: str, hints: Hints) -> str:
        """The page or file the link may have meant, and how to link it."""
        parts = [p for p in rel.split("/") if p and p != "index.html"]
        if not parts:
            return ""
        word = _PAGE_SUFFIX.sub("", parts[-1])
        if "." in word:  # a file's name (a slug has no dot): report.pdf
            return self._file_hint(rel, word, hints)
        found = link_targets(self.site, word)
        if found:
            folder, slug, _ = found[0]
            return (
                f"; '{slug}' is the {_KIND_OF[folder]} at {folder}/{slug}/: write "
                f"[[{slug}]], which sitegen checks and links right from every page"
            )
        site = self.site
        near = hints(word, [*site.events_by_slug, *site.people, *site.countries, *site.timelines])
        if near:
            slug = near.split("'")[1]
            return f"{near} write [[{slug}]], which sitegen checks"
        return "; link a page as [[slug]], which sitegen checks"

    def _file_hint(self, rel: str, name: str, hints: Hints) -> str:
        """static/'s file of that name (linked from the wrong folder), or the nearest."""
        same = sorted(f for f in self.static if f.rpartition("/")[2] == name)
        if same:
            return f"; static/{same[0]} is at {self.base}{same[0]}: link that address"
        return hints(rel, self.static) or f"; put the file in static/{rel}"


def _unpublished_stories(site: Site) -> dict[tuple[str, str], str]:
    """(folder, slug) of each event and timeline a build without --drafts leaves out ->
    what holds it back, for link-draft."""
    out = {
        ("timelines", slug): f"a draft timeline: publish it (remove draft: true from "
        f"{tl.origin.path})"
        for slug, tl in site.timelines.items()
        if tl.draft
    }
    for ev in site.events:
        if ev.draft:
            out["events", ev.slug] = (
                f"a draft event: publish it (remove draft: true from {ev.origin.path})"
            )
        elif site.held_back(ev):
            files = " and ".join(f"content/timelines/{t}.md" for t in ev.timelines)
            out["events", ev.slug] = (
                "an event held back because every timeline it is in is a draft: publish "
                f"{'its timeline' if len(ev.timelines) == 1 else 'one of them'} (remove "
                f"draft: true from {files}) or add the event to a published timeline"
            )
    return out


def _named_drafts(
    owner: Event | Person | Country, drafts: set[tuple[str, str]]
) -> Iterator[Diagnostic]:
    """Drafts that `owner` names in people:, countries: or (a person's) country:."""
    named = [("people", f, i) for i, f in enumerate(getattr(owner, "people", ()))]
    named += [("countries", f, i) for i, f in enumerate(getattr(owner, "countries", ()))]
    if isinstance(owner, Person) and owner.country:
        named.append(("countries", owner.country, -1))
    for folder, slug, i in named:
        if (folder, slug) in drafts:
            where: tuple[str | int, ...] = ("country",) if i < 0 else (folder, i)
            yield _diag(owner.origin, where, "warning", "ref-draft", _draft_message(folder, slug))


def _draft_message(folder: str, slug: str) -> str:
    return (
        f"'{slug}' is a draft (content/{folder}/{slug}.md has draft: true), so its page is "
        "not published; publish it first (remove draft: true), or mark this page a draft too"
    )


def _add_source(sid: str) -> str:
    """The fix for a source id nothing near it in sources.yaml suggests."""
    if not SOURCE_ID.fullmatch(sid):
        return "; correct the id: a source's id is its key in sources.yaml"
    return (
        f"; add it to sources.yaml (sitegen new source {sid} --url URL --title TITLE), "
        "or correct the id"
    )


def _add_page(what: str, slug: str) -> str:
    """The fix for a person, country or event named that no page near it suggests."""
    if not SLUG_RE.match(slug):
        return "; correct the name: a page's name is its file name without .md"
    return f"; write the page (sitegen new {what} {slug}), or correct the name"


def _folder(what: str) -> str:
    return {"person": "people", "country": "countries", "event": "events"}[what]


def _other_kind(site: Site, slug: str, what: str) -> str:
    """A hint when the slug names a page of another kind (a person listed as a country)."""
    for kind, table in (
        ("person", site.people),
        ("country", site.countries),
        ("event", site.events_by_slug),
    ):
        if kind != what and slug in table:
            field = {"person": "people", "country": "countries", "event": "related"}[kind]
            return f"; '{slug}' is a {kind}: list it under '{field}'"
    return ""


def _link_once(
    site: Site, path: str, ref: Ref, broken: Broken, fine: set[str], hints: Hints
) -> list[Diagnostic]:
    """_link's problems; a target with none is added to `fine`, not looked up again."""
    problems = list(_link(site, path, ref.target, ref.line, ref.column, broken, hints))
    if not problems:
        fine.add(ref.target)
    return problems


def _link(
    site: Site, path: str, target: str, line: int, col: int, broken: Broken, hints: Hints
) -> Iterator[Diagnostic]:
    if target.rpartition("/")[2] in broken.slugs:
        return
    found = link_targets(site, target)
    if len(found) == 1:
        return
    if len(found) > 1:
        options = " or ".join(f"[[{f}/{s}]]" for f, s, _ in found)
        yield Diagnostic(
            path, line, col, "error", "ref-ambiguous",
            f"[[{target}]] names more than one page; write {options}",
        )  # fmt: skip
        return
    folder, _, slug = target.rpartition("/")
    if folder:
        folders = [*KIND_FOLDERS, "timelines"] if site.timelines else list(KIND_FOLDERS)
        if folder not in folders:
            hint = f"; the folders are {', '.join(folders)}"
        else:
            qualified = [f"{f}/{s}" for f in folders for s in _slugs(site, f)]
            hint = hints(target, qualified)
            elsewhere = [f for f, s, _ in link_targets(site, slug)]
            if elsewhere:
                hint = f"; did you mean '{elsewhere[0]}/{slug}'?"
        yield Diagnostic(
            path, line, col, "error", "ref-unknown",
            f"[[{target}]] names nothing: there is no content/{target}.md" + hint,
        )  # fmt: skip
        return
    everything = [e.slug for e in site.events] + list(site.people) + list(site.countries)
    kinds = "event, person or country"
    if site.timelines:
        everything += list(site.timelines)
        kinds = "event, person, country or timeline"
    yield Diagnostic(
        path, line, col, "error", "ref-unknown",
        f"[[{target}]] names no {kinds}"
        + (
            hints(slug, everything)
            or "; link a page by its file name without .md ([[file-name]]), or write the page"
        ),
    )  # fmt: skip


def _slugs(site: Site, folder: str) -> Iterable[str]:
    if folder == "events":
        return site.events_by_slug
    if folder == "timelines":
        return site.timelines
    return site.people if folder == "people" else site.countries


def _orphans(site: Site) -> Iterator[Diagnostic]:
    people = {p for ev in site.events for p in ev.people}
    countries = {c for ev in site.events for c in ev.countries}
    for slug, person in site.people.items():
        if slug not in people:
            yield _diag(
                person.origin, ("name",), "warning", "orphan",
                f"no event names {person.name} ('{slug}'); add '{slug}' to an event's people",
            )  # fmt: skip
    for slug, country in site.countries.items():
        if slug not in countries:
            yield _diag(
                country.origin, ("name",), "warning", "orphan",
                f"no event names {country.name} ('{slug}'); add '{slug}' to an event's "
                "countries",
            )  # fmt: skip


def http_pictures(diagnostics: Iterable[Diagnostic], base_url: str) -> list[Diagnostic]:
    """An http:// picture (image-src: in a body, or an `image:` field) is an error on a
    site served over https, where a browser blocks it as mixed content, and on one whose
    base_url does not say (every common host serves https). Where base_url is http:// it
    shows, and is a warning with the same fix. (Decided here, once the site's address is
    known: the files are read, and their problems cached, without it.)"""
    if not base_url.lower().startswith("http://"):
        return list(diagnostics)
    return [
        Diagnostic(
            d.path, d.line, d.column, "warning", d.code,
            d.message.removesuffix(markdown.HTTP_PICTURE) + markdown.HTTP_PICTURE_ON_HTTP,
        )
        if d.code == "image-src" and d.message.endswith(markdown.HTTP_PICTURE)
        else d
        for d in diagnostics
    ]  # fmt: skip


def _images(site: Site, static_files: set[str]) -> Iterator[Diagnostic]:
    owners = [(ev.image, ev.origin) for ev in site.events] + [
        (p.image, p.origin) for p in site.people.values()
    ]
    for image, origin in owners:
        if image is None or re.match(r"^https?://", image.src, re.IGNORECASE):
            continue
        problem = image_path_problem(image.src)
        if problem:
            yield _diag(origin, ("image", "src"), "error", "image-src", problem)
        elif image.src.lstrip("/") not in static_files:
            yield _diag(
                origin, ("image", "src"), "error", "image-src",
                f"no file static/{image.src.lstrip('/')}"
                + (
                    did_you_mean(image.src.lstrip("/"), static_files)
                    or "; put the picture there, or give an https:// address"
                ),
            )  # fmt: skip
        elif problem := images.unreadable(image):
            yield _diag(origin, ("image", "src"), "error", "image-broken", problem)


_NAME_TROUBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
"""What no file or folder name should hold: control characters (tab and newline too),
the line and paragraph separators, the invisible marks and overrides that change the
direction text is shown in (a name then reads differently from what it is: the
"Trojan Source" trick), a zero-width space and a byte-order mark."""


def _names(
    site: Site, static_files: Iterable[str], unread: Iterable[str] = ()
) -> Iterator[Diagnostic]:
    """File and folder names that hide or reorder characters, or that a disk which
    normalises Unicode (macOS) would take for another name: the content files' folders
    (their own names are slugs, checked as such) and every name in static/, which is an
    address on the web."""
    owners: list[Any] = [
        *site.events,
        *site.people.values(),
        *site.countries.values(),
        *site.timelines.values(),
    ]
    for owner in owners:  # (its slug names its page's folder: events/con/)
        if why := _reserved_trouble(owner.slug):
            yield _reserved_diag(owner.origin.path, why)
    files = itertools.chain((owner.origin.path for owner in owners), unread)
    folders = {path.rpartition("/")[0] for path in files}
    paths = sorted(folders | {f"static/{rel}" for rel in static_files})
    seen: set[str] = set()
    for path in paths:
        parts = path.split("/")
        for n in range(2, len(parts) + 1):
            where = "/".join(parts[:n])
            if where in seen:
                continue
            seen.add(where)
            if m := _NAME_TROUBLE.search(parts[n - 1]):
                yield _name_diag(where, m.group())
            elif why := _reserved_trouble(parts[n - 1]):
                yield _reserved_diag(where, why)
            elif parts[0] == "static" and (m := images.ADDRESS_TROUBLE.search(parts[n - 1])):
                yield Diagnostic(
                    where, 1, 1, "warning", "name-address",
                    f"{where} is published at an address that breaks: "
                    + images.address_trouble(m.group()),
                )  # fmt: skip
    yield from _normalisation_twins(paths)


def _reserved_trouble(name: str) -> str:
    """Why Windows cannot hold a file or folder of this name, or ''."""
    from .slugs import WINDOWS_DEVICE  # (the one list, as `new` and import use it)

    if m := WINDOWS_DEVICE.match(name):
        return f"'{m.group(1)}' is the name of a device on Windows"
    if name.endswith((".", " ")):
        return "Windows drops a dot or a space at the end of a name"
    return ""


def _reserved_diag(where: str, why: str) -> Diagnostic:
    return Diagnostic(
        where, 1, 1, "warning", "name-reserved",
        f"{why}, so this name, and the page or file it is published as, cannot be saved "
        "on a Windows disk (a colleague's checkout, an upload tool, a host that keeps files "
        "on one): rename it",
    )  # fmt: skip


def _name_diag(where: str, char: str) -> Diagnostic:
    code = ord(char)
    name = INVISIBLE_NAMES.get(code, "control character")
    return Diagnostic(
        where, 1, 1, "error", "name-control",
        f"this name holds an invisible U+{code:04X} ({name}): it shows differently from "
        "what it is, in a file browser, a terminal or an address bar; rename it",
    )  # fmt: skip


def _normalisation_twins(paths: Iterable[str]) -> Iterator[Diagnostic]:
    """Names not in the usual Unicode form (NFC): `année` saved on macOS is NFD, e and a
    combining accent. Beside its NFC twin, a disk or host that normalises names (macOS)
    keeps one of the two; alone in static/, it is an address no link typed by hand (NFC)
    finds. (Content folders only sort files: alone, such a name is harmless.)"""
    import unicodedata

    prefixes = {
        "/".join(parts[:n])
        for parts in (p.split("/") for p in paths if not p.isascii())
        for n in range(2, len(parts) + 1)
    }
    for where in sorted(prefixes):
        parent, _, name = where.rpartition("/")
        if unicodedata.is_normalized("NFC", name):
            continue
        usual = unicodedata.normalize("NFC", name)
        split = next(
            (f"{c} + U+{ord(m):04X}" for c, m in itertools.pairwise(name)
             if unicodedata.combining(m)),
            "a letter and its accent",
        )  # fmt: skip
        said = (
            f"{where} is written with accents as separate characters ({split}, as macOS "
            "saves names)"
        )
        if f"{parent}/{usual}" in prefixes:
            yield Diagnostic(
                where, 1, 1, "warning", "name-normalization",
                f"{said}, and {parent}/{usual} is the same name written the usual way: a "
                "disk or host that normalises names keeps only one of them; merge or "
                "rename them",
            )  # fmt: skip
        elif where.startswith("static/"):
            yield Diagnostic(
                where, 1, 1, "warning", "name-normalization",
                f"{said}: an address typed by hand (NFC, each accented letter one "
                "character) does not find it; rename it, retyping its accented letters",
            )  # fmt: skip


SITE_FILES = (
    "index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "events.json",
    "events.ics", "timeline.json", "oembed.json", "embed.js", "embed/index.html",
    "people/index.html", "countries/index.html", "sources/index.html", "search/index.json",
    "og/site.png",
)  # fmt: skip
"""Files every build makes (beside each entry's page), which a link inside the site may name."""


def _case_only(static_files: Iterable[str]) -> Iterator[Diagnostic]:
    """static/ files whose paths differ only in case: on a case-insensitive disk (macOS,
    Windows) or host, one replaces the other when the site is copied there. (One that
    differs only in case from a page the plan makes: static_over_pages.)"""
    first: dict[str, str] = {}
    for rel in sorted(static_files):
        other = first.setdefault(rel.casefold(), rel)
        if other != rel:
            yield Diagnostic(
                f"static/{rel}", 1, 1, "warning", "static-case",
                f"static/{rel} and static/{other} differ only in case; on a disk or host "
                "that ignores case one replaces the other: rename one",
            )  # fmt: skip


OWN_FILES = frozenset({"robots.txt"})
"""Files of static/ that are meant to replace sitegen's (docs/publishing.md): not said."""


PAGE_SUFFIXES = (".html", ".xml", ".json", ".ics", ".js", ".txt")
"""What the path of each page the plan makes ends in (tests/test_output_size.py holds it
to that): a static/ file named otherwise (in any case) meets none, and `check`, which
plans only to find the pages static/ files meet, plans for none (near_pages)."""


def near_pages(static_files: Iterable[str]) -> bool:
    """Whether a static/ file may be at the path of a page the plan makes, or at one that
    differs from it only in case."""
    return any(
        rel.casefold().endswith(PAGE_SUFFIXES) and rel not in OWN_FILES for rel in static_files
    )


def static_over_pages(static_files: Iterable[str], pages: Collection[str]) -> list[Diagnostic]:
    """static/ files and the pages the plan makes (`pages`: their paths, those a static/
    file replaces among them; Builder._plan): a file at a page's path replaces it
    (static-shadows-page; a newsroom's own robots.txt does by design, unsaid); one whose
    path differs from a page's only in case replaces it, or is replaced, on a disk or
    host that ignores case (static-case)."""
    out = []
    for rel in sorted(static_files):
        if rel in pages:
            if rel not in OWN_FILES:
                out.append(_shadows(rel))
        elif rel.casefold() != rel and rel.casefold() in pages:
            out.append(_case_of_page(rel))
    return out


def _shadowed_cards(
    static_files: Iterable[str], generated: Callable[[str], bool] | None
) -> Iterator[Diagnostic]:
    """static/ files at the path of a share card (og/): the file replaces it; at one that
    differs from it only in case (static/OG/site.png), one replaces the other on a disk
    or host that ignores case. (The cards are drawn beside the render, not planned:
    publish.Generated says which there are; their paths are lower case.)"""
    for rel in sorted(static_files):
        card = rel.casefold()
        if card.startswith("og/") and (generated is None or generated(card)):
            yield _shadows(rel) if card == rel else _case_of_page(rel)


def _case_of_page(rel: str) -> Diagnostic:
    return Diagnostic(
        f"static/{rel}", 1, 1, "warning", "static-case",
        f"static/{rel} and the page {rel.casefold()} that sitegen makes differ only in "
        "case; on a disk or host that ignores case one replaces the other: rename the file",
    )  # fmt: skip


def _shadows(rel: str) -> Diagnostic:
    return Diagnostic(
        f"static/{rel}", 1, 1, "warning", "static-shadows-page",
        f"static/{rel} replaces what sitegen makes at {rel}; rename or move the file "
        "(to change a page sitegen makes, put a template of your own in templates/)",
    )  # fmt: skip


def unused(_: EDate) -> None:  # pragma: no cover - keeps EDate import for typing
    return None
