"""The overview strip: an SVG time axis drawn at build time, no JavaScript needed.

Every event is a mark on a proportional time axis: a dot for a moment, a bar for a
period (an ongoing one runs to the build's today and ends in an arrow), a hollow dashed
mark for an approximate or uncertain date, a thin whisker for a date known only to the
month or year. Marks that would overlap stack in a few rows; what still does not fit is
counted into one "+N" mark per column, so the SVG stays small at 10,000 events.

Two drawings of the same data are made: a wide one for desktops and a narrow one for
phones (CSS shows one), because an SVG scaled down to a phone makes its labels unreadable.
A person's or country's strip (highlighted events over the shape of the whole story) is
one drawing for every width instead (FLUID): its marks sit at percentages of its width,
sized in pixels, so a dot stays round and a label unstretched at any width.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any, NamedTuple, Protocol

import jinja2
from markupsafe import Markup, escape

from .dates import DEEP_TIME, civil, day_number, iso_day, scaled_years, year_words
from .escaping import escape_text
from .records import dataclass, made_seldom, value_methods

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
YEAR_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500] + [
    k * 10**e for e in range(3, 13) for k in (1, 2, 5)
]
LOG_SPAN = 365.25 * 10_000
"""A strip longer than this many days whose events bunch in a small part of it is drawn
on a log scale of the time from its middle event, both ways: one event 13.8 billion years
back, one 170 million years ahead and the rest around 2024 all stay legible (a linear axis
would put all of recorded history in one pixel)."""
YEAR = 365.2425
MONTH_STEPS = [1, 2, 3, 6]


class EntryLike(Protocol):
    """What the strip reads of a pages.Entry."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def display_date(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def start_ordinal(self) -> int: ...
    @property
    def end_ordinal(self) -> int: ...
    @property
    def end_datetime(self) -> str: ...
    @property
    def precision(self) -> str: ...
    @property
    def approximate(self) -> bool: ...
    @property
    def uncertain(self) -> bool: ...
    @property
    def ongoing(self) -> bool: ...


@made_seldom
@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Geometry:
    """The fixed sizes of one drawing, in SVG user units (1 unit ≈ 1 CSS px at full size)."""

    width: int
    """viewBox width."""
    name: str
    """CSS class suffix: 'wide' or 'narrow'."""
    pad: int = 10
    """Space left and right of the axis."""
    radius: float = 4.5
    """Radius of a dot."""
    rows: int = 6
    """Rows of dots before the rest are counted into '+N' marks."""
    row_step: int = 11
    """Vertical distance between rows of dots."""
    lanes: int = 4
    """Lanes of bars; bars that do not fit merge into a last lane."""
    lane_step: int = 18
    """Vertical distance between lanes of bars."""
    bar_height: int = 14
    """Height of a bar."""
    label_gap: int = 60
    """Minimum distance between two axis labels."""


WIDE = Geometry(760, "wide")
NARROW = Geometry(330, "narrow", lanes=3, label_gap=40)
FLUID = Geometry(440, "fluid", rows=8, label_gap=40)
"""The marks of a person's or country's strip, laid out on 440 units: on a phone's 320
pixels two neighbours in a row overlap by under 1.5 pixels, on a desktop's 700 they stand
further apart than on the wide drawing; eight rows, not six, before the rest are counted
('+N'), so a crowded page counts about as few events as the wide drawing did. Drawn at
percentages of the strip's width; its background (ticks, axis, the story's shape) is
WIDE's, stretched."""
FLUID_PX_PER_UNIT = 1.4
"""How many pixels a FLUID unit is at the least where a bar's name shows (42rem and up,
see style.css): a name is fitted to that."""


@value_methods
@dataclass(slots=True, repr=False, eq=False)
class Mark:
    """One drawn mark: a single event or a cluster of events."""

    members: list[EntryLike]
    x0: float
    x1: float
    kind: str
    """'dot', 'bar', 'more' (a counted cluster) or 'band' (merged overflowing bars)."""
    level: int = 0
    """Row of a dot or lane of a bar."""
    highlight: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _num(value: float) -> str:
    """A coordinate with one decimal at most: 12.5, 7."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Day(NamedTuple):
    year: int
    month: int
    day: int


class EraLike(Protocol):
    """What the strip reads of a model.Era."""

    @property
    def title(self) -> str: ...
    @property
    def colour(self) -> str: ...
    @property
    def start(self) -> Any: ...
    @property
    def end(self) -> Any: ...


ERA_ROWS = 4
"""Rows of era bands; eras that overlap more deeply share the last row."""
ERA_STEP = 16
"""Vertical distance between rows of era bands."""
ERA_PALETTE = ("#b7791f", "#2c7a7b", "#6b46c1", "#c53030", "#2f855a", "#2b6cb0")
"""Colours of eras that do not name one (eras.yaml's `colour`)."""


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class EraBand:
    """One era as drawn: where, in which row, in what colour."""

    x0: float
    x1: float
    row: int
    title: str
    colour: str
    when: str


def _era_bands(eras: Sequence[EraLike], scale: Scale, era_style: str) -> list[EraBand]:
    """Eras in rows, each in the first row where it overlaps no other (so overlapping eras
    stack); an era outside the strip's span is left out, one that runs past it clipped."""
    from .dates import format_range

    ends = [float("-inf")] * ERA_ROWS
    out = []
    ordered = sorted(enumerate(eras), key=lambda ie: ie[1].start.first_ordinal())
    for i, era in ordered:
        first, last = era.start.first_ordinal(), era.end.last_ordinal() + 1
        if last <= scale.d0 or first >= scale.d1:
            continue
        x0, x1 = scale.x(max(first, scale.d0)), scale.x(min(last, scale.d1))
        row = next((r for r, stop in enumerate(ends) if stop <= x0), ERA_ROWS - 1)
        ends[row] = max(ends[row], x1)
        shade = era.colour or ERA_PALETTE[i % len(ERA_PALETTE)]
        when = format_range(era.start, era.end, era=era_style)
        out.append(EraBand(x0, max(x1, x0 + 2), row, era.title, shade, when))
    return out


def _eras_svg(bands: Sequence[EraBand], top: int, axis_y: int, labels: bool = True) -> str:
    """Era bands: a labelled bar in its row and a faint tint down to the axis (`labels`
    False: without the names, which a stretched drawing would stretch)."""
    if not bands:
        return ""
    out = ['<g class="eras">']
    for b in bands:
        y = 4 + b.row * ERA_STEP
        w = b.x1 - b.x0
        # The colour once, on the group; the tint a path, the band a rounded rect (style.css:
        # `.eras path`, `.eras rect`): the same 20 eras are drawn on every person's and
        # country's strip, and a path is the shorter rectangle (13 bytes an era).
        x0 = _num(b.x0)
        out.append(
            f'<g fill="{b.colour}"><title>{escape_text(f"{b.title} ({b.when})")}</title>'
            f'<path d="M{x0} {y}h{_num(w)}v{axis_y - y}H{x0}z"/>'
            f'<rect x="{x0}" y="{y}" width="{_num(w)}" height="13" rx="2"/>'
        )
        name = _fit(b.title, w - 8) if labels else ""
        if name:
            out.append(f'<text x="{_num(b.x0 + 4)}" y="{y + 10}">{escape_text(name)}</text>')
        out.append("</g>")
    out.append("</g>")
    return "".join(out)


class Scale:
    """Days (proleptic ordinals) to x positions: proportional, or on a log scale of the
    years from the `anchor` day, each way (a step of one tick is ten times further)."""

    def __init__(
        self, d0: int, d1: int, geo: Geometry, log: bool = False, anchor: int = 0, era: str = "bce"
    ) -> None:
        self.d0, self.d1, self.geo, self.log, self.anchor = d0, d1, geo, log, anchor
        self.era = era
        """site.yaml's era_style, for the labels."""
        self.bands: list[EraBand] = []
        """content/eras.yaml's eras as drawn on this scale."""
        self.inner = geo.width - 2 * geo.pad
        self.per_day = self.inner / max(1, d1 - d0)
        self.f0 = self._f(d0)
        self.f_span = max(1e-9, self._f(d1) - self.f0)

    def _f(self, ordinal: float) -> float:
        years = (ordinal - self.anchor) / YEAR
        return math.copysign(math.log10(1 + abs(years)), years)

    def x(self, ordinal: float) -> float:
        if self.log:
            return self.geo.pad + self.inner * (self._f(ordinal) - self.f0) / self.f_span
        return self.geo.pad + (ordinal - self.d0) * self.per_day


class Domain(NamedTuple):
    d0: int
    """The axis' first day."""
    d1: int
    """The day after its last."""
    months: bool
    """Whether it is in months (under two years)."""
    log: bool = False
    """Whether it is on a log scale of time from `anchor`."""
    anchor: int = 0
    """The day a log scale counts from: the middle event's start."""


def _domain(entries: Sequence[EntryLike], today: int) -> Domain:
    """The axis' first and last day (exclusive), and whether it is in months or log."""
    start = min(e.start_ordinal for e in entries)
    end = max(e.end_ordinal for e in entries)
    if any(e.ongoing for e in entries):
        end = max(end, today)  # (not max(..., default=0): day numbers before year 1 are < 0)
    if end - start > LOG_SPAN and len(entries) > 1:  # (one long period: proportional)
        anchor = _crowd(sorted(e.start_ordinal for e in entries), (end - start) / 10)
        if anchor is not None:
            return Domain(start, end + 1, False, True, anchor)
    # day numbers, not datetime.date: an axis padded around years 1 or 9999 leaves its range
    (fy, fm, _), (ly, lm, _) = civil(start), civil(end)
    if end - start < 2 * 365:
        first_index = fy * 12 + fm - 1  # months counted from year 0
        nxt = (ly * 12 + lm) + 1  # the month after the last one, 1-based
        months = (nxt - 1) - first_index
        if months < 6:  # at least half a year, so one event does not fill the strip
            nxt += (6 - months) // 2 + (6 - months) % 2
            first_index -= (6 - months) // 2
        return Domain(_month_start(first_index), _month_start(nxt - 1), True)
    return Domain(day_number(fy, 1, 1), day_number(ly + 1, 1, 1), False)


def _crowd(starts: list[int], within: float) -> int | None:
    """Where half the events (the latest such half) start within `within` days of each
    other: the last start of that half, which a log axis counts from; None when the events
    are spread out (a linear axis shows them best)."""
    k = max(1, len(starts) // 2)
    best: tuple[int, int] | None = None
    for i in range(len(starts) - k + 1):
        width = starts[i + k - 1] - starts[i]
        if best is None or width <= best[0]:
            best = (width, starts[i + k - 1])
    return best[1] if best is not None and best[0] < within else None


def _month_start(index: int) -> int:
    """The day number of the first day of a month counted from January of year 0."""
    year, month = divmod(index, 12)
    return day_number(year, month + 1, 1)


class Tick(NamedTuple):
    """A line on the axis, maybe with a label. (A tuple: a strip of a long timeline makes
    a hundred a drawing, twice, and a frozen dataclass is slower to make.)"""

    x: float
    label: str = ""
    major: bool = True
    label_x: float = 0.0
    """Where the label is centred: on the tick, or mid-year when every year is labelled."""


def _ticks(scale: Scale, months: bool) -> list[Tick]:
    """Year (or month) ticks at a density that suits 1 to 100+ years and the drawing's width."""
    if months:
        return _thin_labels(_month_ticks(scale), scale.geo)
    if scale.log:
        return _thin_labels(_log_ticks(scale), scale.geo)
    return _thin_labels(_year_ticks(scale), scale.geo)


def _month_ticks(scale: Scale) -> list[Tick]:
    """A tick a month: each January (and the first month) labelled with its year, every
    `step` months with the month's name."""
    first, last = Day(*civil(scale.d0)), Day(*civil(scale.d1))
    out: list[Tick] = []
    month_px = scale.per_day * 30.4
    step = next((s for s in MONTH_STEPS if s * month_px >= scale.geo.label_gap), 12)
    index = first.year * 12 + first.month - 1
    stop = last.year * 12 + last.month - 1
    while index <= stop:
        year, month = divmod(index, 12)
        x = scale.x(day_number(year, month + 1, 1))
        if index == stop:
            out.append(Tick(x, "", month == 0))
        elif month == 0 or index == first.year * 12 + first.month - 1:
            label = tick_year(year, scale.era)
            label = f"{MONTH_ABBR[month]} {label}" if month else label
            out.append(Tick(x, label, True, x))
        elif month % step == 0:
            out.append(Tick(x, MONTH_ABBR[month], False, x))
        else:
            out.append(Tick(x, "", False))
        index += 1
    return out


def _year_ticks(scale: Scale) -> list[Tick]:
    """Labelled ticks every `step` years, minor ones between where there is room."""
    first, last = Day(*civil(scale.d0)), Day(*civil(scale.d1))
    year_px = scale.per_day * 365.25
    step = next((s for s in YEAR_STEPS if s * year_px >= scale.geo.label_gap), YEAR_STEPS[-1])
    minor = next(
        (m for m in (1, 5, 10, 50, 100) if m < step and step % m == 0 and m * year_px >= 5), 0
    )
    every = minor or step
    bce = first.year < 1
    out: list[Tick] = []
    for year, count in _tick_years(first.year, last.year, every):
        x = scale.x(day_number(year, 1, 1))
        if step == 1:
            # every year labelled: the label names the band between two ticks
            label = tick_year(year, scale.era, bce, step) if year < last.year else ""
            out.append(Tick(x, label, True, x + year_px / 2))
        elif count % step == 0:
            out.append(Tick(x, tick_year(year, scale.era, bce, step), True, x))
        else:
            out.append(Tick(x, "", False))
    return out


def _tick_years(first: int, last: int, every: int) -> list[tuple[int, int]]:
    """The years from `first` to `last` (civil()'s, with a year 0) that get a tick, each
    with the count that says whether it is labelled: multiples of `every` as a reader
    counts them, 100 BCE and 100 CE (not 101 BCE: there is no year 0, so the multiples
    of the count with a year 0 are 101 BCE, 1 BCE), and 1 CE where the axis crosses the
    era (count 0: labelled). Multiples only: a strip of a billion years has a dozen
    ticks, not a billion years to walk through."""
    ticks: dict[int, int] = {}
    if first < 1:  # before the era: year -n (civil) is n + 1 BCE
        bce_from, bce_to = 1 - min(last, 0), 1 - first  # in BCE years
        for bce in range(-(-bce_from // every) * every, bce_to + 1, every):
            ticks[1 - bce] = bce
        if last >= 1:
            ticks[1] = 0
    for year in range(max(every, -(-first // every) * every), last + 1, every):
        ticks.setdefault(year, year)
    return sorted(ticks.items())


def tick_year(astronomical: int, era: str = "bce", mark_ce: bool = False, step: int = 0) -> str:
    """An axis label for a year counted with a year 0 (civil()'s): `2024`, `44 BCE`,
    `12,000 BCE`, `66M years ago`, `year 170M`; `mark_ce` on an axis that starts before
    the common era (`500 CE`: years from 1000 on need no mark); `step`, the years between
    ticks, so that neighbours differ (`65.8M`, `66M`)."""
    year = astronomical if astronomical > 0 else astronomical - 1
    if year <= -DEEP_TIME:
        return f"{_short(-year, step)} years ago"
    if year >= DEEP_TIME:
        return f"year {_short(year, step)}"
    return year_words(year, era, mark_ce and year < 1000)


_UNITS = ((10**12, "tn"), (10**9, "bn"), (10**6, "M"))


def _short(years: int, step: int = 0) -> str:
    """13,800,000,000 as `13.8bn`, 66,000,000 as `66M`; with a `step` of 200,000 years,
    65,800,000 as `65.8M`."""
    size, name = next((u for u in _UNITS if years >= u[0]), (1, ""))
    if not name:
        return f"{years:,}"
    if not step:
        return (
            scaled_years(years)
            .replace(" billion", "bn")
            .replace(" million", "M")
            .replace(" trillion", "tn")
        )
    decimals = 0
    while decimals < 3 and step * 10**decimals < size:
        decimals += 1
    text = f"{years / size:.{decimals}f}"
    return (text.rstrip("0").rstrip(".") if decimals else text) + name


def _log_ticks(scale: Scale) -> list[Tick]:
    """Ticks at the anchor's year and 10, 100, 1,000, … years either side of it, rounded
    to a tenth of the distance (1870, 1000, 8000 BCE, 66M years ago)."""
    year = civil(scale.anchor)[0]
    anchor = year if year > 0 else year - 1  # as historians count: no year 0
    years = {anchor}
    for sign in (-1, 1):
        power = 10
        while True:
            unit = power // 10
            year = round((anchor + sign * power) / unit) * unit or sign
            if not scale.d0 <= _year_start(year) <= scale.d1:
                break
            years.add(year)
            power *= 10
    out = []
    bce = scale.d0 < day_number(1, 1, 1)
    centre = scale.x(_year_start(anchor))
    for year in sorted(years):
        x = scale.x(_year_start(year))
        if year != anchor and abs(x - centre) < 1.5 * scale.geo.label_gap:
            continue  # the anchor's own label wins over 10 years either side of it
        astronomical = year if year > 0 else year + 1
        out.append(Tick(x, tick_year(astronomical, scale.era, bce), True, x))
    return out


def _year_start(year: int) -> int:
    """The day number of 1 January of a year as historians count it (-44 is 44 BCE)."""
    return day_number(year if year > 0 else year + 1, 1, 1)


def _thin_labels(ticks: list[Tick], geo: Geometry) -> list[Tick]:
    """Drop labels that would overlap the one before (the tick itself stays)."""
    out: list[Tick] = []
    right = float("-inf")
    for t in ticks:
        if t.label:
            half = 3.4 * len(t.label) + 2
            lx = min(max(t.label_x, geo.pad + half), geo.width - geo.pad - half)
            if lx - half < right + 6:
                out.append(Tick(t.x, "", t.major))
                continue
            right = lx + half
            out.append(Tick(t.x, t.label, t.major, lx))
        else:
            out.append(t)
    return out


def _is_bar(e: EntryLike, scale: Scale) -> bool:
    """Whether a period is long enough on `scale` to draw as a bar."""
    if e.ongoing:
        return True
    if not e.end_datetime:
        return False
    return scale.x(e.end_ordinal + 1) - scale.x(e.start_ordinal) >= 2 * scale.geo.radius + 2


def _centre(e: EntryLike) -> float:
    """Where a moment sits: the middle of the period its precision allows."""
    return (e.start_ordinal + e.end_ordinal + 1) / 2


def _layout(
    entries: Sequence[EntryLike],
    highlighted: set[str],
    scale: Scale,
    today: int,
    bars: Scale | None = None,
) -> list[Mark]:
    """The marks, in rows and lanes; `bars`: the scale on which a period must be long
    enough to be a bar (the FLUID strip's are the wide drawing's bars)."""
    geo = scale.geo
    # highlighted events first, so they always get a place of their own
    ordered = sorted(entries, key=lambda e: (e.slug not in highlighted, e.start_ordinal))
    marks: list[Mark] = []
    row_ends: list[float] = [float("-inf")] * geo.rows
    lane_ends: list[float] = [float("-inf")] * geo.lanes
    spacing = 2 * geo.radius + 1.5
    overflow_dots: dict[int, Mark] = {}
    overflow_bars: list[Mark] = []
    bar_scale, at = bars or scale, scale.x
    for e in ordered:
        hl = e.slug in highlighted
        if _is_bar(e, bar_scale):
            end = max(today, e.start_ordinal) if e.ongoing else e.end_ordinal + 1
            x0, x1 = scale.x(e.start_ordinal), scale.x(end)
            lane = _first_room(lane_ends, 3, x0)
            if lane < 0:
                overflow_bars.append(Mark([e], x0, x1, "band", geo.lanes, hl))
                continue
            lane_ends[lane] = x1
            marks.append(Mark([e], x0, x1, "bar", lane, hl))
            continue
        x = at(_centre(e))
        row = _first_room(row_ends, spacing, x)
        if row < 0:
            column = int((x - geo.pad) // spacing)
            if column in overflow_dots:
                cluster = overflow_dots[column]
                cluster.members.append(e)
                cluster.highlight = cluster.highlight or hl
            else:
                cx = geo.pad + (column + 0.5) * spacing
                overflow_dots[column] = Mark([e], cx, cx, "more", geo.rows, hl)
            continue
        row_ends[row] = x
        whisker = (at(e.start_ordinal), at(e.end_ordinal + 1))
        marks.append(Mark([e], x, x, "dot", row, hl, {"whisker": whisker}))
    marks.extend(_bands(overflow_bars))
    marks.extend(overflow_dots[c] for c in sorted(overflow_dots))
    return marks


def _first_room(ends: list[float], gap: float, x: float) -> int:
    """The first row (or lane) whose last mark ends `gap` or more before `x`, or -1 (a
    loop: fewer instructions than the generator and next() it replaced, made each mark)."""
    for row, stop in enumerate(ends):
        if stop + gap <= x:
            return row
    return -1


def _bands(overflow_bars: list[Mark]) -> list[Mark]:
    """Bars with no free lane, merged into bands where they overlap."""
    overflow_bars.sort(key=lambda m: (m.x0, m.members[0].slug))
    bands: list[Mark] = []
    for m in overflow_bars:
        if bands and m.x0 <= bands[-1].x1 + 1:
            band = bands[-1]
            band.members.extend(m.members)
            band.x1 = max(band.x1, m.x1)
            band.highlight = band.highlight or m.highlight
        else:
            bands.append(m)
    return bands


def _fit(text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit `width` units at 11px, or ''."""
    chars = int(width / 6.2)
    if chars >= len(text):
        return text
    if chars < 12:
        return ""
    return text[: chars - 1].rstrip() + "…"


def _label(m: Mark) -> str:
    if len(m.members) == 1:
        e = m.members[0]
        title = e.title if len(e.title) <= 90 else e.title[:88].rstrip() + "…"
        return f"{e.display_date}: {title}"
    members = m.members
    if not m.extra.get("sorted"):
        members = sorted(members, key=lambda e: e.start_ordinal)  # stable: timeline order
    first, last = members[0].display_date, members[-1].display_date
    when = first if first == last else f"{first} to {last}"
    text = f"{len(members)} more events, {when}"
    if len(members) <= 4:
        text += ": " + "; ".join(e.title for e in members)
    return text


def _draw(
    entries: Sequence[EntryLike],
    domain: Domain,
    highlighted: set[str] | None,
    href: Any,
    geo: Geometry,
    today: int,
    era: str = "bce",
    eras: Sequence[EraLike] = (),
) -> str:
    """One drawing of a strip on `domain` (_domain's, which each drawing shares)."""
    scale = Scale(domain.d0, domain.d1, geo, domain.log, domain.anchor, era)
    scale.bands = _era_bands(eras, scale, era)
    marks = _layout(entries, highlighted or set(), scale, today)
    return _svg(scale, _ticks(scale, domain.months), marks, highlighted is not None, href, today)


def _svg(
    scale: Scale,
    ticks: list[Tick],
    marks: list[Mark],
    dim: bool,
    href: Any,
    today: int,
) -> str:
    """The SVG of laid-out marks."""
    geo = scale.geo
    ongoing = any(m.kind == "bar" and m.members[0].ongoing for m in marks)
    head, top, axis_y = _frame(scale, ticks, _extent(marks), ongoing, today)
    out = [head]
    lines = _lines(geo, top, axis_y)
    # dimmed marks first, highlighted ones on top
    for m in sorted(marks, key=lambda m: m.highlight):
        out.append(_mark_svg(m, geo, lines, dim, href))
    out.append("</svg>")
    return "".join(out)


def _frame(
    scale: Scale, ticks: list[Tick], extent: tuple[int, int], ongoing: bool, today: int
) -> tuple[str, int, int]:
    """The SVG up to its marks (its size, ticks, axis and today line), top and axis y."""
    geo = scale.geo
    top, axis_y, height = _heights(scale.bands, extent, geo)
    out: list[str] = [
        f'<svg class="overview-{geo.name}" viewBox="0 0 {geo.width} {height}" '
        f'width="{geo.width}" height="{height}" role="group" aria-labelledby="{{cap}}" '
        f'data-from="{iso_day(scale.d0)}" '
        f'data-to="{iso_day(scale.d1)}" '
        'focusable="false">',
        _eras_svg(scale.bands, top, axis_y),
    ]
    out.append('<g class="ticks" text-anchor="middle">')
    # each kind of tick as one path (a <line> each was a tenth of a strip, and the strip
    # is on every person's and country's page)
    majors = [t.x for t in ticks if t.major]
    if majors:
        out.append(f'<path class="major" d="{_tick_path(majors, top, axis_y + 4 - top)}"/>')
    minors = [t.x for t in ticks if not t.major]
    if minors:
        out.append(_minor_ticks(minors, sorted(t.x for t in ticks), axis_y))
    for t in ticks:
        if t.label:
            out.append(f'<text x="{_num(t.label_x)}" y="{axis_y + 17}">{t.label}</text>')
    out.append("</g>")
    out.append(
        f'<line class="axis" x1="{geo.pad}" y1="{axis_y}" '
        f'x2="{geo.width - geo.pad}" y2="{axis_y}"/>'
    )
    if ongoing:
        tx = _num(scale.x(today))
        out.append(f'<line class="today" x1="{tx}" y1="{top}" x2="{tx}" y2="{axis_y}"/>')
    return "".join(out), top, axis_y


def _heights(
    bands: Sequence[EraBand], extent: tuple[int, int], geo: Geometry
) -> tuple[int, int, int]:
    """Where the marks start (under the eras), the axis' y and the drawing's height."""
    lanes_used, rows_used = extent
    era_rows = max((b.row + 1 for b in bands), default=0)
    top = 6 + era_rows * ERA_STEP
    bars_h = lanes_used * geo.lane_step + (4 if lanes_used else 0)
    axis_y = top + bars_h + rows_used * geo.row_step + 4
    return top, axis_y, axis_y + 20


def _tick_path(xs: Sequence[float], y: int, height: int) -> str:
    """Vertical ticks `height` tall from `y` at each x, as one path: the first one placed,
    each next one moved to from the foot of the one before (`m9.4-8v8`, shorter than
    `M19.4 28v8`), by the difference of the written coordinates, so none drifts."""
    written = [_num(x) for x in xs]
    out = [f"M{written[0]} {y}v{height}"]
    for before, now in itertools.pairwise(written):
        out.append(f"m{_num(float(now) - float(before))}-{height}v{height}")
    return "".join(out)


def _minor_ticks(minors: Sequence[float], every: Sequence[float], axis_y: int) -> str:
    """The minor ticks: where every tick, major or minor, is one step from the next (years
    on a linear axis), one dashed line across the axis, its dashes 1 unit wide and 8 tall
    (the dash under a major tick is hidden by it); else a path (months differ in length)."""
    if len(every) > 2:
        step = (every[-1] - every[0]) / (len(every) - 1)
        if step > 2 and all(abs(x - every[0] - i * step) < 0.1 for i, x in enumerate(every)):
            return (
                f'<line class="minor" x1="{_num(every[0] - 0.5)}" y1="{axis_y}" '
                f'x2="{_num(every[-1] + 0.5)}" y2="{axis_y}" stroke-width="8" '
                f'stroke-dasharray="1 {round(step - 1, 3):g}"/>'
            )
    return f'<path class="minor" d="{_tick_path(minors, axis_y - 4, 8)}"/>'


class _Lines(NamedTuple):
    """Where a strip's marks go, what is the same for each of its marks written once per
    strip (its frame), not once a mark."""

    top: int
    """Where the bars start (under the eras)."""
    axis_y: int
    rows_y: list[str]
    """The written y of each row's dots and of the "+N" marks under them (level
    `geo.rows`)."""
    radius: str
    """A dot's radius, written."""


def _lines(geo: Geometry, top: int, axis_y: int) -> _Lines:
    rows_y = [_num(axis_y - 4 - geo.radius - level * geo.row_step) for level in range(geo.rows + 1)]
    return _Lines(top, axis_y, rows_y, _num(geo.radius))


def _mark_head(m: Mark, dim: bool, href: Callable[[str], str]) -> str:
    """A mark's link and its title, classed by its kind (a dot, the most marks, by none)
    and dimmed where it is not one of the page's own (no class says a mark is one: on a
    person's or country's strip each is, and style.css gave `dot` and `hl` no rule)."""
    e = m.members[0]
    classes = "m" if m.kind == "dot" else "m " + m.kind
    if len(m.members) == 1 and (e.approximate or e.uncertain):
        classes += " approx"
    if dim and not m.highlight:
        classes += " dim"
    return (
        f'<a class="{classes}" href="{escape_text(href(e.slug))}">'
        f"<title>{escape_text(_label(m))}</title>"
    )


def _dot_svg(
    m: Mark, head: str, geo: Geometry, lines: _Lines, place: Callable[[float], str]
) -> str:
    """A dot mark (`head`, its link and title) of any strip, one string, each coordinate
    written once: its x by `place` (_num on a WIDE or NARROW strip, _pct on the FLUID
    one), its y its row's (`lines`)."""
    cy = lines.rows_y[m.level]
    wx0, wx1 = m.extra["whisker"]
    span = ""
    if wx1 - wx0 >= 2 * geo.radius + 2:
        span = f'<line class="span" x1="{place(wx0)}" y1="{cy}" x2="{place(wx1)}" y2="{cy}"/>'
    return f'{head}{span}<circle cx="{place(m.x0)}" cy="{cy}" r="{lines.radius}"/></a>'


def _mark_svg(m: Mark, geo: Geometry, lines: _Lines, dim: bool, href: Any) -> str:
    """One mark of a WIDE or NARROW strip."""
    kind = m.kind
    head = _mark_head(m, dim, href)
    if kind == "dot":  # most marks
        return _dot_svg(m, head, geo, lines, _num)
    e = m.members[0]
    top, axis_y = lines.top, lines.axis_y
    out = [head]
    if kind == "more":
        y = axis_y - 4 - geo.radius - m.level * geo.row_step
        text = f"+{len(m.members)}"
        w = 4 + 5.5 * len(text)
        out.append(f'<rect x="{_num(m.x0 - w / 2)}" y="{_num(y - 6)}" width="{_num(w)}" '
                   f'height="12" rx="6"/><text x="{_num(m.x0)}" y="{_num(y + 3.5)}" '
                   f'text-anchor="middle">{text}</text>')  # fmt: skip
    else:
        y = top + m.level * geo.lane_step
        w = max(m.x1 - m.x0, 2)
        h = geo.bar_height
        if m.kind == "bar" and e.ongoing:
            tip = 5
            x_end = m.x0 + w
            out.append(
                f'<path d="M{_num(m.x0)} {y}H{_num(x_end)}l{tip} {_num(h / 2)}'
                f'-{tip} {_num(h / 2)}H{_num(m.x0)}z"/>'
            )
        else:
            out.append(f'<rect x="{_num(m.x0)}" y="{y}" width="{_num(w)}" height="{h}" rx="2"/>')
        name = _fit(e.title if m.kind == "bar" else f"{len(m.members)} periods", w - 10)
        if name:
            out.append(f'<text x="{_num(m.x0 + 5)}" y="{y + h - 3.5}">{escape_text(name)}</text>')
    out.append("</a>")
    return "".join(out)


def _pct(x: float, width: int = FLUID.width) -> str:
    """A FLUID coordinate or length as a percentage of the strip's width: 12.55%."""
    text = f"{x * 100 / width:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _fluid_mark_svg(m: Mark, lines: _Lines, href: Callable[[str], str]) -> str:
    """_mark_svg for the FLUID strip: x at percentages of its width, sizes in pixels (a
    nested <svg> placed at a percentage holds what is drawn around a point)."""
    geo = FLUID
    head = _mark_head(m, True, href)
    if m.kind == "dot":  # most marks
        return _dot_svg(m, head, geo, lines, _pct)
    e = m.members[0]
    top, axis_y = lines.top, lines.axis_y
    out = [head]
    if m.kind == "more":
        y = axis_y - 4 - geo.radius - m.level * geo.row_step
        text = f"+{len(m.members)}"
        w = 4 + 5.5 * len(text)
        out.append(f'<svg x="{_pct(m.x0)}" y="{_num(y)}" overflow="visible">'
                   f'<rect x="{_num(-w / 2)}" y="-6" width="{_num(w)}" height="12" rx="6"/>'
                   f'<text y="3.5" text-anchor="middle">{text}</text></svg></a>')  # fmt: skip
        return "".join(out)
    # a bar: a box at its place and width that clips its name where the strip is narrow
    y = top + m.level * geo.lane_step
    w = max(m.x1 - m.x0, 2)
    h = geo.bar_height
    out.append(f'<svg x="{_pct(m.x0)}" y="{y}" width="{_pct(w)}" height="{h}">'
               f'<rect width="100%" height="{h}" rx="2"/>')  # fmt: skip
    title = e.title if m.kind == "bar" else f"{len(m.members)} periods"
    name = _fit(title, w * FLUID_PX_PER_UNIT - 10)
    if name:
        out.append(f'<text x="5" y="{_num(h - 3.5)}">{escape_text(name)}</text>')
    out.append("</svg>")
    if m.kind == "bar" and e.ongoing:
        out.append(f'<svg x="{_pct(m.x0 + w)}" y="{y}" overflow="visible">'
                   f'<path d="M0 0l5 {_num(h / 2)}-5 {_num(h / 2)}z"/></svg>')  # fmt: skip
    out.append("</a>")
    return "".join(out)


def _share(x: float, geo: Geometry) -> float:
    """Where x is along the axis of a drawing of `geo`, 0 to 1 (the same day on two
    drawings, whatever their width)."""
    return (x - geo.pad) / (geo.width - 2 * geo.pad)


def _to_fluid(x: float) -> float:
    """A WIDE x as a FLUID one: the same day, at the same share of the axis."""
    return FLUID.pad + (x - WIDE.pad) * (FLUID.width - 2 * FLUID.pad) / (WIDE.width - 2 * WIDE.pad)


def _fluid_frame(
    wide: Scale,
    ticks: Sequence[Tick],
    shape: str,
    phone: Sequence[tuple[str, float]],
    fit: tuple[Any, ...],
) -> tuple[str, int, int]:
    """The FLUID strip up to its marks: WIDE's eras, ticks, axis and the story's shape in
    a nested SVG stretched to the axis' width (non-scaling strokes, see style.css), the
    labels over it at percentages. `phone`: the labels a phone has room for, each with
    its tick's place along the axis (see _share; the others are hidden there); `fit`:
    (data-from, data-to, extent, ongoing, today)."""
    d0, d1, extent, ongoing, today = fit
    top, axis_y, height = _heights(wide.bands, extent, FLUID)
    inner = WIDE.width - 2 * WIDE.pad
    out = [
        f'<svg class="overview-fluid" width="100%" height="{height}" role="group" '
        f'aria-labelledby="{{cap}}" data-from="{d0}" data-to="{d1}" focusable="false">'
        f'<svg x="{_pct(FLUID.pad)}" width="{_pct(FLUID.width - 2 * FLUID.pad)}" '
        f'height="{height}" viewBox="{WIDE.pad} 0 {inner} {height}" preserveAspectRatio="none">',
        _eras_svg(wide.bands, top, axis_y, labels=False),
        '<g class="ticks">',
    ]
    majors = [t.x for t in ticks if t.major]
    if majors:
        out.append(f'<path class="major" d="{_tick_path(majors, top, axis_y + 4 - top)}"/>')
    minors = [t.x for t in ticks if not t.major]
    if minors:
        out.append(_minor_ticks(minors, sorted(t.x for t in ticks), axis_y))
    out.append("</g>")
    right = WIDE.width - WIDE.pad
    out.append(f'<line class="axis" x1="{WIDE.pad}" y1="{axis_y}" x2="{right}" y2="{axis_y}"/>')
    if ongoing:
        tx = _num(wide.x(today))
        out.append(f'<line class="today" x1="{tx}" y1="{top}" x2="{tx}" y2="{axis_y}"/>')
    out.append(f'<path class="density" d="M{WIDE.pad} {axis_y}{shape}z"/></svg>')
    out.append('<g class="ticks" text-anchor="middle">')
    for t in ticks:
        if t.label:
            at = _share(t.x, WIDE)
            kept = any(label == t.label and abs(at - where) < 1e-4 for label, where in phone)
            out.append(_fluid_label(t, axis_y + 17, "" if kept else ' class="w"'))
    out.append("</g>")
    out.append(_fluid_era_labels(wide.bands))
    return "".join(out), top, axis_y


def _fluid_label(t: Tick, y: int, attrs: str) -> str:
    """A tick's label on the FLUID strip: centred where the wide drawing centres it, or,
    where that drawing pushed it in from the strip's edge, starting (ending) where it
    starts (ends) there, so that on a phone too it stays inside the strip."""
    half = 3.4 * len(t.label) + 2  # (as _thin_labels reckons it)
    x, anchor = t.label_x, ""
    if t.label_x - half <= WIDE.pad + 0.5:
        x, anchor = t.label_x - half, ' text-anchor="start"'
    elif t.label_x + half >= WIDE.width - WIDE.pad - 0.5:
        x, anchor = t.label_x + half, ' text-anchor="end"'
    return f'<text x="{_pct(_to_fluid(x))}" y="{y}"{anchor}{attrs}>{t.label}</text>'


def _fluid_era_labels(bands: Sequence[EraBand]) -> str:
    """The eras' names over the FLUID strip's stretched bands, each in a box of its band's
    place and width that clips it where the strip is narrow (as a bar clips its name)."""
    out = []
    for b in bands:
        x0, x1 = _to_fluid(b.x0), _to_fluid(b.x1)
        name = _fit(b.title, (x1 - x0) * FLUID_PX_PER_UNIT - 8)
        if name:
            y = 4 + b.row * ERA_STEP
            out.append(f'<svg x="{_pct(x0)}" y="{y}" width="{_pct(x1 - x0)}" height="13">'
                       f'<text x="4" y="10">{escape_text(name)}</text></svg>')  # fmt: skip
    return f'<g class="era">{"".join(out)}</g>' if out else ""


DENSITY_ROWS = 2
"""Rows of dots a person's or country's strip keeps for the shape of the whole story."""
DENSITY_BIN = 4
"""Width of one column of that shape, in viewBox units."""


def _density(entries: Sequence[EntryLike], scale: Scale) -> str:
    """The relative path of the whole story's shape: one column per DENSITY_BIN units,
    as tall as its share of the busiest column (at least 1 unit where any event is)."""
    geo = scale.geo
    bins = [0] * math.ceil((geo.width - 2 * geo.pad) / DENSITY_BIN)
    for e in entries:
        column = int((scale.x(_centre(e)) - geo.pad) // DENSITY_BIN)
        bins[min(max(column, 0), len(bins) - 1)] += 1
    busiest = max(bins) or 1
    tallest = DENSITY_ROWS * geo.row_step - 2
    out: list[str] = []
    level = 0
    run = 0
    for count in bins:
        h = max(1, round(tallest * count / busiest)) if count else 0
        if h != level:
            if run:
                out.append(f"h{run * DENSITY_BIN}")
            out.append(f"v{level - h}")
            level, run = h, 0
        run += 1
    out.append(f"h{run * DENSITY_BIN}v{level}")
    return "".join(out)


class _Background:
    """What every person and country page's strip shares: the scale, ticks and the shape
    of the whole story, made once per build. A page draws its own events as marks that
    link to them, over that shape.

    Drawing every event of the site as a dimmed link on each page (the strip before)
    made a person's page of a 10,000-event site weigh 125 KB of SVG and 10,000 tab stops.
    """

    def __init__(
        self,
        entries: Sequence[EntryLike],
        today: int | None,
        era: str = "bce",
        eras: Sequence[EraLike] = (),
    ) -> None:
        self.entries = entries
        self.key: tuple[Any, ...] = (today, era, tuple(eras))
        if today is None:
            today = max(e.end_ordinal for e in entries)
        self.today = today
        self.slugs: dict[str, int] = {}
        for e in entries:
            self.slugs[e.slug] = self.slugs.get(e.slug, 0) + 1
        domain = _domain(entries, today)
        self.wide = Scale(domain.d0, domain.d1, WIDE, domain.log, domain.anchor, era)
        self.wide.bands = _era_bands(eras, self.wide, era)
        self.ticks = _ticks(self.wide, domain.months)
        self.shape = _density(entries, self.wide)
        narrow = Scale(domain.d0, domain.d1, NARROW, domain.log, domain.anchor, era)
        self.phone = [(t.label, _share(t.x, NARROW)) for t in _ticks(narrow, domain.months)]
        self.fluid = Scale(domain.d0, domain.d1, FLUID, domain.log, domain.anchor, era)
        self.size = len(entries)
        self.summary = _summary(entries, era)
        self.legend = _legend(entries, domain.log) + _eras_legend(self.wide.bands)
        self.frames: dict[tuple[Any, ...], tuple[str, _Lines]] = {}

    def draw(self, highlight: Iterable[EntryLike], root: str, cap: str) -> tuple[str, str]:
        """Both SVGs and the caption for a page that highlights `highlight`."""
        mine: dict[str, EntryLike] = {}
        for e in highlight:
            if e.slug in self.slugs:
                mine.setdefault(e.slug, e)
        chosen = set(mine)

        def href(slug: str) -> str:
            return f"{root}events/{slug}/"

        hits = sum(self.slugs[s] for s in chosen)
        return self._svg(mine, chosen, cap, href), _caption_text(self.summary, hits, self.legend)

    def _svg(
        self,
        mine: dict[str, EntryLike],
        chosen: set[str],
        cap: str,
        href: Callable[[str], str],
    ) -> str:
        """The FLUID SVG: the shape of the whole story, the page's events on top. (A wide
        and a narrow drawing drew each event twice, each a link with its title: 5.6 MB of
        the person and country pages at 10,000 events.)"""
        own = _layout(list(mine.values()), chosen, self.fluid, self.today, self.wide)
        extent = _extent(own, (0, DENSITY_ROWS))
        ongoing = any(m.kind == "bar" and m.members[0].ongoing for m in own)
        framed = self.frames.get((extent, ongoing))
        if framed is None:
            fit = (iso_day(self.wide.d0), iso_day(self.wide.d1), extent, ongoing, self.today)
            frame, top, axis_y = _fluid_frame(self.wide, self.ticks, self.shape, self.phone, fit)
            framed = self.frames[(extent, ongoing)] = (frame, _lines(FLUID, top, axis_y))
        head, lines = framed
        parts = [head.replace("{cap}", cap)]
        parts.extend(_fluid_mark_svg(m, lines, href) for m in own)
        parts.append("</svg>")
        return "".join(parts)


def _extent(marks: Iterable[Mark], at_least: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """Lanes of bars and rows of dots the marks use."""
    lanes, rows = at_least
    for m in marks:
        if m.kind in ("bar", "band"):
            lanes = max(lanes, m.level + 1)
        else:
            rows = max(rows, m.level + 1)
    return lanes, rows


BACKGROUNDS_KEPT = 32
"""Backgrounds a build keeps: on a site with timelines, person and country pages draw a
strip of each timeline they are in, and each timeline's background is laid out once."""


class Strips:
    """The template global `overview(...)` of one build, with the backgrounds it laid out
    (the newest first)."""

    PLAIN_KEPT = 2
    """Strips without a highlight a build keeps (the newest): a timeline's page and its
    embed page, rendered one after the other (renderjobs.twins_together), show the same
    strip, which nothing of the page's root changes."""

    def __init__(self) -> None:
        self._backgrounds: list[_Background] = []
        self._plain: list[tuple[Sequence[Any], tuple[object, ...], Markup]] = []
        """(entries, what else the strip is drawn from, the strip), newest first."""

    def background(
        self, entries: Sequence[EntryLike], today: int | None, era: str, eras: Sequence[EraLike]
    ) -> _Background:
        """The background for these very entries, laid out at most once per build."""
        for bg in self._backgrounds:
            if (
                bg.entries is entries
                and bg.key == (today, era, tuple(eras))
                and bg.size == len(entries)
            ):
                return bg
        bg = _Background(entries, today, era, eras)
        self._backgrounds.insert(0, bg)
        del self._backgrounds[BACKGROUNDS_KEPT:]
        return bg

    @jinja2.pass_context
    def strip(
        self,
        context: jinja2.runtime.Context,
        entries: Sequence[Any],
        highlight: Sequence[Any] | None = None,
        root: str = "",
        ident: str = "overview",
    ) -> Markup:
        """draw() with the build's today and its backgrounds. `ident`: the figure's id,
        for a page with several strips (one per timeline)."""
        today = context.get("today") or ""
        config = context.get("site")
        era = getattr(config, "era_style", "bce")
        eras = context.get("eras") or ()
        if highlight is not None:
            return draw(entries, highlight, root, str(today), ident, era, eras, self)
        # (held with the entries it was drawn from, compared by identity: a plan's list
        # is never changed once planned)
        key = (len(entries), str(today), ident, era, tuple(eras))
        for held, made, strip in self._plain:
            if held is entries and made == key:
                return strip
        strip = draw(entries, None, root, str(today), ident, era, eras, self)
        self._plain.insert(0, (entries, key, strip))
        del self._plain[self.PLAIN_KEPT :]
        return strip


def _caption(
    entries: Sequence[EntryLike], highlighted: set[str] | None, log: bool, era: str
) -> str:
    hits = None
    if highlighted is not None:
        hits = sum(1 for e in entries if e.slug in highlighted)
    return _caption_text(_summary(entries, era), hits, _legend(entries, log))


def _summary(entries: Sequence[EntryLike], era: str = "bce") -> str:
    """'12 events, from 3 May 2021 to 8 July 2024'; '5 events, 5 August 2024' when all
    start on one day untimed; '6 events, from 509 BCE to 14 CE' (a bare 14 after a year
    before the common era reads as 14 BCE: dates.format_range marks it so too).
    `entries` come in timeline order, which within a day is by time and `order`
    (model.Event.sort_key): a day's ties go by that order, not by slug, so a day's first
    and last events are the ones the list shows first and last."""
    first = min(range(len(entries)), key=lambda i: (entries[i].start_ordinal, i))
    last = max(range(len(entries)), key=lambda i: (entries[i].start_ordinal, i))
    n = len(entries)
    text = f"{n} event{'s' if n != 1 else ''}"
    if n > 1:
        start = entries[first].display_date.split(" – ")[0]
        end = entries[last].display_date.split(" – ")[0]
        if start != end and entries[first].year < 0 < entries[last].year <= 9999:
            end = _marked_ce(end, entries[last].year, era)
        text += f", {start}" if start == end else f", from {start} to {end}"
    return text


def _marked_ce(text: str, year: int, era: str) -> str:
    """A date of the common era as written for readers (`14`, `about 14`, `3 May 14`)
    with its year marked (`14 CE`, `AD 14`): the last time the year's number stands alone
    in it is the year (a day of the month comes before it, a time after it is `09:45`)."""
    found = [m for m in _NUMBERS.finditer(text) if m.group() == str(year)]
    if not found:
        return text
    at = found[-1]
    return text[: at.start()] + year_words(year, era, mark_ce=True) + text[at.end() :]


_NUMBERS = re.compile(r"(?<!\d)(?<!\d[,.:])\d+(?!\d|[,.:]\d)")
"""A number standing alone in a date's words: not part of `12,000`, `09:45` or `2.5`."""


def _caption_text(text: str, hits: int | None, legend: str) -> str:
    parts = [text[0].upper() + text[1:] + "."]
    if hits is not None:
        parts = [
            f"All {text}: the grey shape shows when they happened; "
            f"the {hits} on this page are highlighted."
        ]
    if legend:
        parts.append(legend)
    return " ".join(parts)


def _eras_legend(bands: Sequence[EraBand]) -> str:
    """' Shaded bands are eras: The Roman Republic (509–27 BCE); …' for the caption."""
    if not bands:
        return ""
    named = "; ".join(f"{b.title} ({b.when})" for b in sorted(bands, key=lambda b: b.x0))
    return f" Shaded bands are eras: {named}."


def _legend(entries: Sequence[EntryLike], log: bool = False) -> str:
    kinds = []
    if log:
        kinds.append(
            "time is on a log scale: each tick is ten times as many years from the crowded "
            "part of the timeline as the one before"
        )
    if any(not e.end_datetime and not e.ongoing for e in entries):
        kinds.append("dots are events")
    if any(e.end_datetime or e.ongoing for e in entries):
        kinds.append("bars are periods")
    if any(e.ongoing for e in entries):
        kinds.append("an arrow means still going on")
    if any(e.approximate or e.uncertain for e in entries):
        kinds.append("hollow marks are approximate dates")
    if not kinds:
        return ""
    legend = "; ".join(kinds)
    return legend[0].upper() + legend[1:] + "."


def draw(
    entries: Sequence[EntryLike],
    highlight: Iterable[EntryLike] | None = None,
    root: str = "",
    today: str = "",
    ident: str = "overview",
    era: str = "bce",
    eras: Sequence[EraLike] = (),
    strips: Strips | None = None,
) -> Markup:
    """The strip as a <figure>: wide and narrow SVGs and a caption that says what it shows.

    `highlight` is None on the timeline (marks link to `#slug` on the same page); on a
    person's or country's page it lists their events, and marks link to event pages.
    `strips`: the build's, whose backgrounds a highlighted strip reuses.
    """
    if not entries:
        return Markup("")
    cap = f"{ident}-caption"
    today_ordinal = dt.date.fromisoformat(today).toordinal() if today else None
    if highlight is not None:
        strips = strips or Strips()
        bg = strips.background(entries, today_ordinal, era, eras)
        svg, text = bg.draw(highlight, root, cap)
        return Markup(
            f'<figure class="overview" id="{ident}">{svg}'
            f'<figcaption id="{cap}">{escape(text)}</figcaption></figure>\n'
        )
    if today_ordinal is None:
        today_ordinal = max(e.end_ordinal for e in entries)
    highlighted = None

    def href(slug: str) -> str:
        return f"#{slug}" if highlighted is None else f"{root}events/{slug}/"

    domain = _domain(entries, today_ordinal)
    svgs = [
        _draw(entries, domain, highlighted, href, geo, today_ordinal, era, eras).replace(
            "{cap}", cap
        )
        for geo in (WIDE, NARROW)
    ]
    caption = _caption(entries, highlighted, domain.log, era)
    if eras:
        probe = Scale(domain.d0, domain.d1, WIDE, domain.log, domain.anchor, era)
        caption += _eras_legend(_era_bands(eras, probe, era))
    return Markup(
        f'<figure class="overview" id="{ident}">{"".join(svgs)}'
        f'<figcaption id="{cap}">{escape(caption)}</figcaption></figure>\n'
    )
