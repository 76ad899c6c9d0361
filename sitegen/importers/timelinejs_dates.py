"""A slide's dates as sitegen dates: the precision it has, its range, its times of day,
and its display_date where that says more than sitegen would write. Years before the
common era come in as TimelineJS shows them (-44 is 44 BCE, as in sitegen); years beyond
four digits (13.8 billion years ago) as EDTF long years, to the year only. A time sitegen
cannot hold (on a date that is not to the day) is reported and kept as a comment.

TimelineJS times are wall-clock times without a zone: they become `time`/`end_time`,
which the site reads in its own `timezone`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import dates
from ..dates import EDate
from . import html_markdown, timelinejs_v2
from .timelinejs_source import DATE_PARTS, Report, Slide

_MONTHS = (
    {m.lower(): i + 1 for i, m in enumerate(dates.MONTHS)}
    | {m[:3].lower(): i + 1 for i, m in enumerate(dates.MONTHS)}
    | {"sept": 9}
)
_ERA = re.compile(
    r"(?:(?P<ad>a\.?\s?d\.?)\s*)?(?P<n>[\d,]+)\s*(?:(?P<bc>b\.?\s?c\.?(?:\s?e\.?)?)|a\.?\s?d\.?|c\.?\s?e\.?)?",
    re.IGNORECASE,
)
"""`500 BC`, `44 BCE`, `AD 79`, `1066 CE`: a year with its era, as people write it."""


class Skip(Exception):
    """A slide that cannot be imported (already reported)."""


class _YearZero(Skip):
    """An end in year 0: the slide is imported without it (reported)."""


@dataclass
class SlideDates:
    """When a slide happened, as sitegen writes it."""

    start: EDate
    end: EDate | None = None
    ongoing: bool = False
    display: str = ""
    """TimelineJS's display_date when it says more than sitegen would write."""
    time: dt.time | None = None
    end_time: dt.time | None = None
    notes: list[str] = field(default_factory=list)
    """What could not be imported (a time on a month), for comments in the front matter."""


def _date(slide: Slide, prefix: str, report: Report) -> EDate | None:
    """The start (prefix '') or end ('end_') date of a slide, or None (reported)."""
    # (`1969.0`: a sheet that went through a program that reads numbers as decimals)
    parts = {p: re.sub(r"^([+-]?\d+)\.0+$", r"\1", slide.get(prefix + p)) for p in DATE_PARTS}
    if not any(parts.values()):
        return None
    name = f"'{slide.headline}'" if slide.headline else "the slide"
    _year_span(parts, slide, prefix, name, report)
    _whole_date_in_year(parts, slide, prefix, report)
    if prefix and not parts["year"]:
        _end_without_year(parts, slide, name, report)
    year = _year(parts["year"], slide, prefix, name, report)
    if abs(year) > 9999:
        return _long_year(year, parts, slide, prefix, report)
    month = _month_number(parts["month"])
    if parts["month"] and month is None:
        report(
            slide.at(prefix + "month"),
            "error",
            "import-date",
            f"month '{parts['month'][:24]}' is not 1 to 12; {name} is not imported",
        )
        raise Skip
    day = _day(parts["day"], month, slide, prefix, name, report)
    iso = (f"-{-year:04d}" if year < 0 else f"{year:04d}") + (f"-{month:02d}" if month else "")
    iso += f"-{day:02d}" if day is not None else ""
    try:
        return dates.parse(iso)
    except dates.DateError as exc:
        report(
            slide.at(prefix + "day"),
            "error",
            "import-date",
            f"{exc.message}; {name} is not imported",
        )
        raise Skip from None


_SPAN = re.compile(r"(-?\d{1,4})\s*[-–—]\s*(\d{2,4})")


def _year_span(parts: dict[str, str], slide: Slide, prefix: str, name: str, report: Report) -> None:
    """`1990-1995` (or `1990–95`) in a Year cell, Month and Day empty: a span of years,
    which was read as year 1990, month 19 ("month '19' is not 1 to 12"). Skip, saying
    where the span's years go."""
    m = _SPAN.fullmatch(parts["year"].strip())
    if parts["month"] or parts["day"] or not m or (len(m[2]) < 3 and int(m[2]) <= 31):
        return
    report(
        slide.at(prefix + "year"),
        "error",
        "import-date",
        f"'{parts['year'].strip()}' is a span of years, not one year; {name} is not "
        f"imported: give its first year, {m[1]}, as the Year and its last as the End Year",
    )
    raise Skip


def _whole_date_in_year(parts: dict[str, str], slide: Slide, prefix: str, report: Report) -> None:
    """A whole date in the Year cell (`1969-07-20`, `7/20/1969`), Month and Day empty: a
    sheet's date column typed as a date. Read as the date it is, with a warning."""
    text = parts["year"]
    if parts["month"] or parts["day"] or re.fullmatch(r"[+-]?[\d,]*", text):
        return
    whole = timelinejs_v2.date_parts(text)
    if whole is None or "month" not in whole:
        return
    parts.update({p: whole[p] for p in DATE_PARTS if p in whole})
    read = "-".join(whole[p] for p in DATE_PARTS if p in whole)
    report(
        slide.at(prefix + "year"),
        "warning",
        "import-date",
        f"the year holds a whole date, '{text[:30]}'; it is read as {read} (year-month-day)"
        + (f" and its time {whole['time']} left out" if "time" in whole else "")
        + ": check it, and give the month and day their own columns",
    )


def _end_without_year(parts: dict[str, str], slide: Slide, name: str, report: Report) -> None:
    """An end with a month or day and no year (often a row whose cells slid one column
    over): Skip, reported at the cell that has something."""
    given = next(p for p in DATE_PARTS if parts[p])
    report(
        slide.at("end_" + given),
        "error",
        "import-date",
        f"the end has a {given} ('{parts[given][:30]}') but no year; {name} is not "
        "imported: give the end its year, or empty its cells (in a sheet, check that "
        "the row's cells are in their columns)",
    )
    raise Skip


def _year(text: str, slide: Slide, prefix: str, name: str, report: Report) -> int:
    """A slide's Year as a number, not 0; Skip (reported) otherwise."""
    if not text:
        report(slide.where, "error", "import-date", f"{name} has no Year; it is not imported")
        raise Skip
    # (a spreadsheet or a page copied from may write U+2212, the minus sign, for -)
    text = text.replace("\u2212", "-")
    year_text = text.replace(",", "")
    era = _ERA.fullmatch(text.strip())
    if era and not re.fullmatch(r"[\d,]+", text.strip()):  # `44 BC` is TimelineJS's -44
        year_text = ("-" if era["bc"] else "") + era["n"].replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", year_text):
        report(
            slide.at(prefix + "year"),
            "error",
            "import-date",
            f"year '{text}' is not a number; {name} is not imported",
        )
        raise Skip
    if len(year_text.lstrip("+-").lstrip("0")) > dates.MAX_YEAR_DIGITS:
        report(
            slide.at(prefix + "year"),
            "error",
            "import-date",
            f"year '{text[:24]}…' has more than {dates.MAX_YEAR_DIGITS} digits, more than "
            f"sitegen reads; {name} is not imported",
        )
        raise Skip
    year = int(year_text)
    if year == 0 and prefix:  # (the slide still has its start)
        report(slide.at(prefix + "year"), "warning", "import-date",
               f"the end is in year 0, no year in sitegen (1 BCE is -1, 1 CE is 1, as "
               f"historians count); {name} is imported without it (it is kept as the comment "
               f"'# TimelineJS end: year 0'): give it as -1 or 1")  # fmt: skip
        raise _YearZero
    if year == 0:
        report(slide.at(prefix + "year"), "error", "import-date",
               f"year 0 is no year in sitegen (1 BCE is -1, 1 CE is 1, as historians count); "
               f"{name} is not imported: write its year as -1 or 1 in the file and import "
               f"it again")  # fmt: skip
        raise Skip
    return year


def _long_year(
    year: int, parts: dict[str, str], slide: Slide, prefix: str, report: Report
) -> EDate:
    """A year beyond four digits: EDTF's `Y-13800000000`, which is year precision only;
    a month or day given with it is reported and left out (display_date keeps the words)."""
    extra = [p for p in ("month", "day") if parts[p]]
    if extra:
        report(
            slide.at(prefix + extra[0]),
            "warning",
            "import-date",
            f"{dates.year_words(year)} is imported to the year: a year beyond four digits "
            f"has no {' or '.join(extra)} in sitegen (EDTF)",
        )
    return EDate(year)


def _day(
    text: str, month: int | None, slide: Slide, prefix: str, name: str, report: Report
) -> int | None:
    """A slide's Day as a number (None without one); Skip (reported) otherwise."""
    if not text:
        return None
    if month is None or not (text.isascii() and text.isdigit() and len(text) <= 4):
        why = "a day needs a month" if month is None else f"day '{text[:24]}' is not a number"
        report(slide.at(prefix + "day"), "error", "import-date", f"{why}; {name} is not imported")
        raise Skip
    return int(text)


def _month_number(text: str) -> int | None:
    if not text:
        return None
    if text.isascii() and text.isdigit():  # ('²' is a digit to isdigit, not to int)
        n = int(text) if len(text) <= 4 else 0
        return n if 1 <= n <= 12 else None
    return _MONTHS.get(text.lower().rstrip("."))


def slide_dates(slide: Slide, report: Report, zone: str = "UTC") -> SlideDates:
    """The slide's dates and times; `zone` is the site's timezone, in which sitegen
    writes the times its own timeline.json shows (read back from display_date)."""
    start = _date(slide, "", report)
    if start is None:
        report(
            slide.where,
            "error",
            "import-date",
            f"'{slide.headline or 'the slide'}' has no Year; it is not imported",
        )
        raise Skip
    notes = []
    try:
        end = _date(slide, "end_", report)
    except _YearZero:
        end = None
        notes.append("TimelineJS end: year 0")
    if end is not None and end.last_ordinal() < start.first_ordinal():
        # a slip in one cell (the end's year for the start's): TimelineJS shows the
        # slide all the same, so it is imported, at its start, and the end kept to fix
        report(
            slide.at("end_year"),
            "warning",
            "import-date",
            f"the end ({end.human()}) is before the start ({start.human()}); '{slide.headline}' "
            f"is imported without it (it is kept as the comment '# TimelineJS end, before the "
            f"start: {end.edtf()}'): check it",
        )
        notes.append(f"TimelineJS end, before the start: {end.edtf()}")
        end = None
    if end == start:
        end = None
    found = SlideDates(start, end, notes=notes)
    _times(slide, found, report)
    return _with_display(found, _display(slide, found, report), zone, slide, report)


def _display(slide: Slide, found: SlideDates, report: Report) -> str:
    """The display_date's words; none for one of no letter or digit (`.`, `-`: written to
    hide a slide's date in TimelineJS, which a sitegen page would show as its date).

    TimelineJS shows a slide's own display_date in place of its dates; a start_date's
    or end_date's in place of that end only, beside the other end as it writes it
    (`Spring 1969 — 1972`): so they are put together, the other end in sitegen's words."""
    name = "display_date"
    display = html_markdown.plain(slide.get(name))
    if not display:
        name = "start_display" if slide.get("start_display") else "end_display"
        start, end = (html_markdown.plain(slide.get(f"{p}_display")) for p in ("start", "end"))
        if found.end is not None and (start or end):
            display = f"{start or found.start.human()} – {end or found.end.human()}"
        else:
            display = start
    if display and not any(c.isalnum() for c in display):
        report(slide.at(name), "warning", "import-date",
               f"display_date '{display[:20]}' says no date, and a page would show it as "
               f"the date; it is left out (sitegen writes {found.start.human()})")  # fmt: skip
        return ""
    return display


_CLOCK = re.compile(
    r"(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2})(?:[.,](\d+))?)?\s*(?:([ap])\.?\s?m\.?)?",
    re.IGNORECASE | re.ASCII,
)


def clock(text: str) -> tuple[dt.time, bool] | None:
    """A TimelineJS time ("10:30", "10:30:00", "1:05 PM", "9 am") as a time of day to the
    minute, and whether seconds were dropped; None if it is not a time."""
    m = _CLOCK.fullmatch(text.strip())
    if m is None:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    second = int(m[3] or 0)
    if m[5]:  # 12-hour: 12 AM is midnight, 12 PM noon
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[5].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute), bool(second or (m[4] and m[4].strip("0")))


def _time(
    slide: Slide, prefix: str, on: EDate, found: SlideDates, report: Report
) -> dt.time | None:
    """The start (prefix '') or end ('end_') time of a slide, when sitegen can hold it."""
    text = slide.get(prefix + "time")
    if not text:
        return None
    what = "end time" if prefix else "time"
    read = clock(text)
    problem = ""
    if read is None:
        problem = f"'{text[:40]}' is not a time of day sitegen reads (like 10:30 or 1:05 PM)"
    elif on.precision != "day":
        problem = f"the {what} {text} is on {on.human()}, and sitegen keeps a time only on a day"
    elif not 1 <= on.year <= 9999:  # (time zones and calendars stop there)
        problem = (
            f"the {what} {text} is on {on.human()}: sitegen keeps times only in the common era"
        )
    elif prefix and found.time is None:
        problem = f"the end time {text} has no start time, which sitegen needs with it"
    if problem:
        report(slide.at(prefix + "time"), "warning", "import-time",
               f"{problem}; it is kept as a comment in the front matter")  # fmt: skip
        found.notes.append(f"TimelineJS {what}: {text}")
        return None
    assert read is not None
    if read[1] and report.first("seconds"):
        report(slide.at(prefix + "time"), "warning", "import-time",
               f"the {what} {text} is imported as {read[0]:%H:%M}: sitegen times stop at "
               "the minute (said once, for every time with seconds)")  # fmt: skip
    return read[0]


def _times(slide: Slide, found: SlideDates, report: Report) -> None:
    found.time = _time(slide, "", found.start, found, report)
    on_day = found.end if found.end is not None else found.start
    end_time = _time(slide, "end_", on_day, found, report)
    start_time = found.time
    # without an end date it ends the same day, so after it starts
    if found.end is None and start_time and end_time and end_time <= start_time:
        report(slide.at("end_time"), "warning", "import-time",
               f"the end time {end_time:%H:%M} is not after the time {start_time:%H:%M} "
               "on the same day; it is kept as a comment in the front matter")  # fmt: skip
        found.notes.append(f"TimelineJS end time: {slide.get('end_time')}")
        end_time = None
    found.end_time = end_time


_QUALIFIERS = ("", "~", "?", "%")
_ERAS = ("bce", "bc")
_ZONE = re.compile(r"(?<=\d\d:\d\d) (?:UTC[+-]\d\d:\d\d|[A-Z][A-Za-z]*\b)")


def _with_display(
    found: SlideDates, display: str, zone: str, slide: Slide, report: Report
) -> SlideDates:
    """Keep display_date unless it is what sitegen writes anyway, reading back the
    qualifiers (`about …`, `… (uncertain)`), `ongoing` and times (in the site's zone)
    that sitegen's own timeline.json writes there, with the build's own words."""
    if not display:
        return found
    times = (found.time, found.end_time)
    for q1 in _QUALIFIERS:
        start = EDate(found.start.year, found.start.month, found.start.day, q1)
        ends: list[tuple[EDate | None, bool]] = [(None, False), (None, True)]
        if found.end is not None:
            e = found.end
            ends = [(EDate(e.year, e.month, e.day, q2), False) for q2 in _QUALIFIERS]
        for end, ongoing in ends:
            if ongoing and found.end_time is not None:
                continue  # an end time is no end: not what sitegen writes for `ongoing`
            # a timeline.json of a site with either era_style (44 BCE, 44 BC)
            for era in _ERAS:
                written = dates.format_when(start, end, ongoing, times, zone, era)
                if display == written or _ZONE.sub(" Z", display) == _ZONE.sub(" Z", written):
                    if display != written:
                        _other_zone(display, written, zone, slide, report)
                    found.start, found.end, found.ongoing = start, end, ongoing
                    return found
    found.display = display
    return found


def _other_zone(display: str, written: str, zone: str, slide: Slide, report: Report) -> None:
    """A display_date that differs from what sitegen writes only in its zone: a timeline
    written in another zone than the site's. The times are kept as written (wall clock)."""
    if not report.first("other-zone"):
        return
    theirs = _ZONE.search(display)
    ours = _ZONE.search(written)
    report(
        slide.at("display_date"),
        "warning",
        "import-time",
        f"the display date gives its time in{theirs[0] if theirs else ' another zone'}, "
        f"but the site reads times in{ours[0] if ours else ' ' + zone} (timezone: {zone}); "
        "set 'timezone:' in content/site.yaml to the zone the timeline was written in "
        "(said once, for every such slide)",
    )
