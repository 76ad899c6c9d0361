"""Year pages for a large timeline.

Above LARGE entries one page listing every event is too heavy to open (1.5 MB of HTML and
23,000 DOM nodes at 1,000 events) and its strip has a mark per event to tab through. So a
large timeline is split: its page shows the first (or, newest first, the latest) years
and a year navigator, and each year (or group of years, so that there are at most
MAX_BINS) gets a real page at `years/YYYY/` under the timeline's folder, with the same
filters and navigator. Every event stays reachable without JavaScript.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .dates import EDate, format_range, year_words
from .overview import tick_year
from .pages import Entry, Page, Producing, SharedList
from .records import dataclass, value_methods

if TYPE_CHECKING:
    from .model import Event

LARGE = 200
"""A timeline with more entries than this gets year pages."""
MAX_BINS = 28
"""At most this many columns in the navigator: one row in the 46rem column, each ≥ 24 px wide."""
FIRST_LOAD = 60
"""The timeline's own page shows whole year groups until it holds about this many."""
PAGE = 60
"""A year group with more events than this is listed over several pages of even size
(10,000 events in 35 years is 570 in two years: ten pages of 57), years/1990/,
years/1990/2/, …: so that no page, the first load included, has more than about 3,500
DOM nodes (an entry with its chips, sources and Share button is about 36, and the
filter options of 60 entries add about a thousand)."""
LIST_PAGE = 120
"""A person's or country's year page lists at most this many entries (`packed`): an
entry there is a date, a title and a summary, about 7 DOM nodes and 300 bytes, where a
timeline's (PAGE) has its chips, sources and Share button."""
PAGE_BYTES = 200_000
"""What the entries of one page of a timeline may weigh (`weight`): a page of 60 entries
each with 25-30 people, 15-25 countries and long source titles was 412 KB (issue 20: no
page over 300 KB), so a group of such entries is split into more, shorter pages. Entries
of a few chips (1–3 KB each) never reach it: those pages split by count alone, as before."""
_WIDTHS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
# `scale` below: how many entries a list shows an event as (a person's page on a site with
# timelines lists each event under each of its timelines: eight entries for an event in
# eight). LARGE, PAGE and FIRST_LOAD count entries, so such a list pages at a scale-th
# of the events: a person in 150 events, each in 8 of 20 timelines, was one 454 KB page.


def weight(people: int, countries: int, sources: int, tags: int, text: int = 0) -> int:
    """About how many bytes a timeline entry with this many chips, printed sources and
    tags writes (its date, title and summary about 600; a chip about 100; a source's long
    title and address about 250): an over-estimate, so a page that splits is a heavy one.
    `text` (`text_weight`): its title's, summary's and slug's bytes, counted past the
    300 that the 600 allows them (a corpus of 270-byte titles and 540-byte summaries made
    year pages of 254 KB, their slugs short)."""
    return 300 + max(300, text) + 100 * (people + countries) + 250 * sources + 20 * tags


def text_weight(slug: str, title: str, summary: str) -> int:
    """The bytes an entry writes of its own: its title and summary, its slug twice (its
    anchor and its address)."""
    return 2 * len(slug) + len(title.encode()) + len(summary.encode())


def entry_weight(e: Entry) -> int:
    """An entry's `weight`, as a timeline page shows it (chips, printed sources, tags)."""
    text = text_weight(e.slug, e.title, e.summary)
    return weight(len(e.people), len(e.countries), len(e.sources), len(e.tags), text)


def event_weight(ev: Event) -> int:
    """The `weight` of an event's entry, from the event (where no entry is made)."""
    text = text_weight(ev.slug, ev.title, ev.summary)
    return weight(len(ev.people), len(ev.countries), len(ev.sources), len(ev.tags), text)


def large(entries: int, weights: Sequence[int] = ()) -> bool:
    """Whether a list of this many entries needs year pages: more than LARGE, or
    (`weights`: theirs, where a page shows their chips) heavier than PAGE_BYTES. By count
    alone a timeline of 144 events, each citing a dozen sources with a dozen tags and
    chips, was one 462 KB page (issue 20, the skewed corpus)."""
    return entries > LARGE or sum(weights) > PAGE_BYTES


def timeline_large(events: Sequence[Event]) -> bool:
    """`large` for a timeline of these events: their weights weighed only when they are
    few, as past LARGE it has year pages whatever they weigh (an edit's plan asks)."""
    return len(events) > LARGE or large(len(events), [event_weight(ev) for ev in events])


def page_size(scale: int = 1) -> int:
    """The events on a year page of a list that shows each as `scale` entries."""
    return max(1, PAGE // scale)


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class YearBin:
    """One column of the navigator: the years [start, start + width) and their events."""

    start: int
    width: int
    count: int
    level: int
    """The column's height in tenths of the tallest (1–10; 0 for no event)."""
    page: int | None = None
    """The first year of the group whose page lists this column's events, where that page
    lists several small groups (`packed`); None: its own page, `years/START/`."""
    first: str = ""
    """Its first year for readers, as the strip's axis says it (`column_year`): `1990`,
    `3000 BCE`; its label."""
    last: str = ""
    """Its last year for readers, where it has several (`to 1999`)."""

    @property
    def to(self) -> int:
        """The first year of the page its link goes to."""
        return self.start if self.page is None else self.page

    @property
    def path(self) -> str:
        return f"years/{self.start}/"


def bin_width(years: Sequence[int], scale: int = 1, weights: Sequence[int] = ()) -> int | None:
    """The span of years of a page of a timeline with these event years, or None when
    the timeline is small enough for one page (`large`; `weights`: its entries')."""
    if not large(len(years) * scale, weights):
        return None
    lo, hi = min(years), max(years)
    width = 1
    for width in _WIDTHS:
        if hi // width - lo // width < MAX_BINS:
            return width
    while hi // width - lo // width >= MAX_BINS:
        width *= 10
    return width


def column_year(year: int, era: str = "bce", mark_ce: bool = False, step: int = 1) -> str:
    """A column's first or last year (numbered as historians do, `Entry.year`) as the
    entries and the strip's axis say it (overview.tick_year): `1990`, `3000 BCE` (the
    column of -3000 holds the events of 3000 BCE), `200 CE` (`mark_ce`: in a navigator
    that starts before the common era), `66M years ago`; `step`: the columns' width, so
    that neighbours differ. A column from year 0, which no event has, starts at 1 CE."""
    if 0 < year <= 9999 and not mark_ce:
        return str(year)  # (nearly every column: without tick_year's work)
    return tick_year(year + 1 if year < 0 else max(year, 1), era, mark_ce, step)


def years_said(lo: int, hi: int, era: str = "bce", mark_ce: bool = False) -> str:
    """The years `lo` to `hi` for readers, as an event's dates say them (dates.format_range):
    `1990`, `1990–1999`, `3000–2401 BCE`, `3000 BCE – 1799 CE`; with `mark_ce` (a
    navigator that starts before the common era) `200–399 CE`, from a year the strip's
    axis would mark (before 1000). From year 0, which no event has: from 1 CE."""
    if 0 < lo <= hi <= 9999 and not mark_ce:  # (nearly every page: format_range's words)
        return str(lo) if lo == hi else f"{lo}–{hi}"
    lo = lo or 1
    if lo == hi:
        return year_words(lo, era, mark_ce and lo < 1000)
    said = format_range(EDate(lo), EDate(hi), era=era)
    if mark_ce and 0 < lo < 1000 and hi <= 9999:  # (one from before it marks its end)
        return f"AD {said}" if era == "bc" else f"{said} CE"
    return said


def bins(entries: Sequence[Entry], width: int, era: str = "bce") -> list[YearBin]:
    """Every column from the first event's year to the last's, empty ones included (so
    that the navigator's axis is proportional); labelled in site.yaml's `era` style."""
    counts: dict[int, int] = {}
    for e in entries:
        start = e.year // width * width
        counts[start] = counts.get(start, 0) + 1
    lo, hi = min(counts), max(counts)
    most = max(counts.values())
    mark = lo < 0
    return [
        YearBin(s, width, n, -(-10 * n // most) if n else 0, None, *labels)
        for s in range(lo, hi + 1, width)
        for n in [counts.get(s, 0)]
        for labels in [
            (column_year(s, era, mark, width), column_year(s + width - 1, era, mark, width))
            if n
            else ("", "")
        ]
    ]


def label_step(columns: Sequence[YearBin]) -> int:
    """How many columns apart the navigator's visible labels are: eight labels at most;
    and a label longer than `-3000` (`3000 BCE`, `12,000 BCE`: about 7 px a character
    of the 12 px font) spaced for 24 px columns (a phone's), so that none runs into the
    next."""
    step = -(-len(columns) // 8)
    longest = max(len(b.first) for b in columns)
    if longest <= 5:  # (every common-era year: as before)
        return step
    return max(step, -(-(7 * longest + 8) // 24))


def split(years: Sequence[int], width: int) -> dict[int, list[int]]:
    """The indexes of each year group's events, keyed by its first year, in the order given."""
    out: dict[int, list[int]] = {}
    for i, year in enumerate(years):
        out.setdefault(year // width * width, []).append(i)
    return out


def part_path(start: int, part: int) -> str:
    """A group's page: its first part at years/1990/, the next at years/1990/2/."""
    return f"years/{start}/" + (f"{part + 1}/" if part else "")


def part_size(count: int, scale: int = 1) -> int:
    """The events on each page of a group of `count`: at most PAGE, evenly (70 events are
    two pages of 35, not 60 and 10)."""
    pages = -(-count // page_size(scale))
    return -(-count // pages)


def part_sizes(count: int, scale: int = 1, weights: Sequence[int] = ()) -> list[int]:
    """The events on each page of a group of `count` (`weights`: theirs, in order, or
    none): evenly by count (`part_size`) while every page's weight stays within
    PAGE_BYTES; else filled in order up to the page's count or its weight."""
    size = part_size(count, scale)
    even = [min(size, count - i) for i in range(0, count, size)]
    if not weights or all(sum(weights[i : i + size]) <= PAGE_BYTES for i in range(0, count, size)):
        return even
    return filled(weights, page_size(scale), PAGE_BYTES)


def filled(weights: Sequence[int], most: int, budget: int) -> list[int]:
    """Pages filled in order: each takes entries (of these weights) until it holds
    `most` or the next would take it past `budget` bytes; how many each holds."""
    out: list[int] = []
    n, total = 0, 0
    for w in weights:
        if n and (n == most or total + w > budget):
            out.append(n)
            n, total = 0, 0
        n, total = n + 1, total + w
    return [*out, n]


def _chunks(indexes: list[int], scale: int, weights: Sequence[int]) -> list[list[int]]:
    """A group's events (their indexes) as its pages'."""
    mine = [weights[i] for i in indexes] if weights else []
    out, at = [], 0
    for n in part_sizes(len(indexes), scale, mine):
        out.append(indexes[at : at + n])
        at += n
    return out


def places(years: Sequence[int], width: int, weights: Sequence[int] = ()) -> list[str]:
    """Where each event is listed (events in reading order), relative to the timeline;
    `weights`: the events' entries' (`weight`), on a timeline's own pages."""
    out = [""] * len(years)
    for start, indexes in split(years, width).items():
        for part, chunk in enumerate(_chunks(indexes, 1, weights)):
            path = part_path(start, part)  # (one string a page, not one an event: kept)
            for at in chunk:
                out[at] = path
    return out


def first_load(
    groups: dict[int, list[int]], newest: bool, scale: int = 1, weights: Sequence[int] = ()
) -> list[int]:
    """The groups the timeline's own page shows: from the start of the story (or its end,
    newest first), whole groups, at least one, until about FIRST_LOAD entries (or
    PAGE_BYTES of `weights`)."""
    keys = sorted(groups, reverse=newest)
    shown = [keys[0]]
    total = len(groups[keys[0]])
    heavy = sum(weights[i] for i in groups[keys[0]]) if weights else 0
    for k in keys[1:]:
        more = sum(weights[i] for i in groups[k]) if weights else 0
        if (total + len(groups[k])) * scale > FIRST_LOAD or heavy + more > PAGE_BYTES:
            break
        shown.append(k)
        total += len(groups[k])
        heavy += more
    return shown


def parts(
    groups: dict[int, list[int]], scale: int = 1, weights: Sequence[int] = ()
) -> list[tuple[int, int, list[int]]]:
    """Every year page, in reading order: (group, part number, indexes of its events)."""
    return [
        (k, part, chunk)
        for k, idx in groups.items()
        for part, chunk in enumerate(_chunks(idx, scale, weights))
    ]


def packed(groups: dict[int, list[int]], scale: int = 1) -> list[tuple[int, int, list[int]]]:
    """A person's or country's year pages (as `parts`, at most LIST_PAGE entries each):
    a group over a page split evenly, and neighbouring groups that fit on one page
    together listed on one, at the first's address. A person in 250 events across 26
    columns of ten had 26 pages of ten, each with its navigator and the site's frame
    (about 5 KB), where three pages say the same (9 MB of the extreme 10,000-event
    site's person and country pages)."""
    most = max(1, LIST_PAGE // scale)
    out: list[tuple[int, int, list[int]]] = []
    fits = False  # whether the last page is whole groups, which a next group may join
    for k, idx in groups.items():
        if len(idx) > most:
            size = -(-len(idx) // -(-len(idx) // most))  # evenly: 130 are 65 and 65
            out += [(k, n, idx[i : i + size]) for n, i in enumerate(range(0, len(idx), size))]
            fits = False
        elif fits and len(out[-1][2]) + len(idx) <= most:
            out[-1] = (out[-1][0], 0, out[-1][2] + idx)
        else:
            out.append((k, 0, list(idx)))
            fits = True
    return out


def home(
    groups: dict[int, list[int]],
    pages: list[tuple[int, int, list[int]]],
    newest: bool,
    scale: int = 1,
    weights: Sequence[int] = (),
) -> list[int]:
    """The year pages (positions in `pages`) the timeline's own page shows: the first load's
    groups, or only the first part of a group too large for one page."""
    first = set(first_load(groups, newest, scale, weights))
    shown = [n for n, (k, part, _) in enumerate(pages) if k in first and part == 0]
    split = any(k in first and part > 0 for k, part, _ in pages)
    return shown[:1] if split else shown


MAP = "years/events-{}.json"
"""Beside a large timeline's page: which year page lists each event, for the scripts that
open a link to an event (`#slug`, an embed's `?event=slug`) on a page that does not list
it; one file for the slugs of each first character (a–z, 0–9), so that such a link
fetches a few KB (about 40 bytes an event: 12 KB of the 428 KB of 10,000 events)."""
MAP_MOST = 2_500
"""A map file lists at most about this many events (100 KB): past it, the files are for
the slugs' first two characters (`events-ab.json`), or three, …, and the navigator's
data-prefix says how many (at 100,000 events one first letter's file was 680 KB)."""


def map_prefix(slugs: Sequence[str]) -> int:
    """How many first characters of a slug name its map file (see MAP_MOST)."""
    n = 1
    while n < 8 and max(Counter(s[:n] for s in slugs).values(), default=0) > MAP_MOST:
        n += 1
    return n


def map_pages(
    folder: str,
    slugs: Sequence[str],
    years: Sequence[int],
    width: int,
    weights: Sequence[int],
    prefix: int = 1,
) -> list[Page]:
    """The timeline's years/events-X.json: its events whose slug starts with X (`prefix`
    characters; in reading order), with their year pages."""
    shards: dict[str, list[tuple[str, str]]] = {}
    for slug, path in zip(slugs, places(years, width, weights), strict=True):
        shards.setdefault(slug[:prefix], []).append((slug, path))
    return [
        Page(folder + MAP.format(first), "producer:yearpages", {"places": tuple(shard)})
        for first, shard in sorted(shards.items())
    ]


def produce(renderer: Producing, page: Page) -> bytes:
    """{"pages": ["years/1990/", …], "at": {"slug": index into pages, …}}, the pages
    relative to the timeline's page."""
    pages: dict[str, int] = {}
    at = {slug: pages.setdefault(path, len(pages)) for slug, path in page.data["places"]}
    doc = {"version": 1, "pages": list(pages), "at": at}
    return (json.dumps(doc, separators=(",", ":")) + "\n").encode("utf-8")


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Paged:
    """One page of a long list split by year: where it goes, its entries, its navigator."""

    path: str
    entries: list[Entry]
    nav: dict[str, object]


def paged_paths(years: Sequence[int], scale: int = 1) -> list[str]:
    """The year pages (relative to the list's folder) that `paged` makes of a list of
    events with these years (`scale`: list_scale); none for a list short enough for one page."""
    width = bin_width(years, scale)
    if width is None:
        return []
    return [part_path(k, part) for k, part, _ in packed(split(years, width), scale)]


def list_scale(entries: int, events: int) -> int:
    """How many entries a person's or country's list of `events` shows each as, on
    average, from the `entries` it shows: one, or on a site with timelines the
    timelines it is in (the `scale` of `paged` and paged_paths)."""
    return max(1, round(entries / events)) if events else 1


class Navigator:
    """The year navigator of a long list split into year pages (a large timeline's, a
    person's or a country's): which events each page shows and the navigator it draws.
    One for the two kinds of list, so that their pages page alike."""

    def __init__(
        self,
        entries: Sequence[Entry],
        folder: str,
        width: int,
        scale: int = 1,
        weights: Sequence[int] = (),
        pack: bool = False,
        era: str = "bce",
        **extra: Any,
    ) -> None:
        years = [e.year for e in entries]
        self.entries = entries
        self.width = width
        self.era = era  # site.yaml's era_style, for the years it says
        self.mark_ce = min(years) < 0  # (next to years before the common era: `200 CE`)
        self._spans: dict[tuple[int, int], str] = {}  # (`_said`)
        self.scale = scale
        self.weights = weights
        self.groups = split(years, width)
        # every year page, in order (`pack`: a list's, small groups together: `packed`)
        self.parts = packed(self.groups, scale) if pack else parts(self.groups, scale, weights)
        # the groups each page lists, and the page each group's column goes to
        self.keys = [
            list(dict.fromkeys(years[i] // width * width for i in c)) for _, _, c in self.parts
        ]
        self._count = {k: part + 1 for k, part, _ in self.parts}  # each group's pages
        to = {k: keys[0] for keys in self.keys for k in keys[1:]}
        columns = bins(entries, width, era)
        if to:
            columns = [replace(b, page=to[b.start]) if b.start in to else b for b in columns]
        self.columns = SharedList(columns)  # on each page (digested once)
        self.nav: dict[str, Any] = {
            "folder": folder,
            "bins": self.columns,
            "total": len(entries),
            "span": years_said(min(years), max(years), era),
            "step": label_step(self.columns),  # a visible label on every step-th column
            **extra,
        }

    @classmethod
    def of(
        cls,
        entries: Sequence[Entry],
        folder: str,
        scale: int = 1,
        weights: Sequence[int] = (),
        pack: bool = False,
        era: str = "bce",
        **extra: Any,
    ) -> Navigator | None:
        """The navigator of `entries`, or None when they fit on one page; `weights`: their
        entries' (`entry_weight`), where a page shows their chips; `era`: site.yaml's
        era_style."""
        width = bin_width([e.year for e in entries], scale, weights)
        if width is None:
            return None
        return cls(entries, folder, width, scale, weights, pack, era, **extra)

    def part_paths(self) -> list[tuple[int, str]]:
        """Each year page but the first: its part's number and path (relative to the folder)."""
        return [(n, part_path(k, part)) for n, (k, part, _) in enumerate(self.parts)]

    def first(self, newest: bool) -> list[int]:
        """The parts the list's own page shows: its first years (newest first: its latest)."""
        return home(self.groups, self.parts, newest, self.scale, self.weights)

    def shown(self, at: list[int]) -> list[Entry]:
        """The events of the parts `at`, in order."""
        return [self.entries[i] for n in at for i in self.parts[n][2]]

    def here(self, at: list[int], first: bool) -> dict[str, Any]:
        """The navigator as drawn on the page of the parts `at` (`first`: the list's own page)."""
        keys = list(dict.fromkeys(k for n in at for k in self.keys[n]))
        shown = [b for b in self.columns if b.start in keys]
        label = self._said(shown[0].start, shown[-1].start + self.width - 1)
        count = self._count[keys[0]]
        if len(at) == 1 and count > 1:
            label += f", part {self.parts[at[0]][1] + 1} of {count}"
        # the shortest links from this page to the year pages and to the list's own page
        # (a column is a link on every page: `../../../../../people/x/years/1990/` from a
        # person's year page was 40 bytes a column more than `../../1990/`)
        years = "years/" if first else "../" * (1 + (self.parts[at[0]][1] > 0))
        return {
            **self.nav,
            "years": years,
            "up": "" if first else years + "../",
            "shown": label,
            "current": keys,
            "home": first,
            "previous": self._link(at[0] - 1),
            "next": self._link(at[-1] + 1),
        }

    def _said(self, lo: int, hi: int) -> str:
        """The years lo to hi as this navigator says them (`years_said`): once a span, as
        a page's label is its neighbours' pager links too (3 µs each before the era)."""
        said = self._spans.get((lo, hi))
        if said is None:
            said = self._spans[lo, hi] = years_said(lo, hi, self.era, self.mark_ce)
        return said

    def _link(self, n: int) -> dict[str, str] | None:
        if not 0 <= n < len(self.parts):
            return None
        k, part, _ = self.parts[n]
        keys = self.keys[n]
        # small groups listed together (`packed`): their years
        label = self._said(k, keys[-1] + self.width - 1)
        if len(keys) == 1 and self._count[k] > 1:
            label += f" (part {part + 1})"
        path = part_path(k, part)
        return {"path": path, "tail": path.removeprefix("years/"), "label": label}


def paged(
    entries: Sequence[Entry], folder: str, back: str, scale: int = 1, era: str = "bce"
) -> list[Paged] | None:
    """A long list of events (a person's, a country's) as year pages, as a large timeline
    is split: `folder`index.html shows the first years, `folder`years/YYYY/ each year
    group, all with the navigator; None when the list is short enough for one page.
    `back`: the words of the year pages' link back to the first; `scale`: the entries the
    list shows each event as (its timelines, on a site with them); `era`: site.yaml's
    era_style."""
    navigator = Navigator.of(entries, folder, scale, pack=True, era=era, back=back)
    if navigator is None:
        return None

    def page(path: str, at: list[int], first: bool = False) -> Paged:
        return Paged(path, navigator.shown(at), navigator.here(at, first))

    return [
        page(folder + "index.html", navigator.first(False), first=True),
        *(page(f"{folder}{path}index.html", [n]) for n, path in navigator.part_paths()),
    ]
