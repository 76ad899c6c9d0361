"""A slide's dates as sitegen dates: the precision it has, its range, and its
display_date where that says more than sitegen would write. A date sitegen cannot hold
(before year 1, after 9999) is reported, and the slide left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import dates
from ..dates import EDate
from . import html_markdown
from .timelinejs_source import DATE_PARTS, Report, Slide

_MONTHS = {m.lower(): i + 1 for i, m in enumerate(dates.MONTHS)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(dates.MONTHS)
}


class Skip(Exception):
    """A slide that cannot be imported (already reported)."""


@dataclass
class SlideDates:
    """When a slide happened, as sitegen writes it."""

    start: EDate
    end: EDate | None = None
    ongoing: bool = False
    display: str = ""
    """TimelineJS's display_date when it says more than sitegen would write."""


def _date(slide: Slide, prefix: str, report: Report) -> EDate | None:
    """The start (prefix '') or end ('end_') date of a slide, or None (reported)."""
    parts = {p: slide.get(prefix + p) for p in DATE_PARTS}
    if not any(parts.values()):
        return None
    name = f"'{slide.headline}'" if slide.headline else "the slide"
    if not parts["year"]:
        report(slide.where, "error", "import-date", f"{name} has no Year; it is not imported")
        raise Skip
    year_text = parts["year"].replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", year_text):
        report(
            slide.at(prefix + "year"),
            "error",
            "import-date",
            f"year '{parts['year']}' is not a number; {name} is not imported",
        )
        raise Skip
    year = int(year_text)
    if not 1 <= year <= 9999:
        report(slide.at(prefix + "year"), "error", "import-date", _deep_time(year, name))
        raise Skip
    month = _month_number(parts["month"])
    if parts["month"] and month is None:
        report(
            slide.at(prefix + "month"),
            "error",
            "import-date",
            f"month '{parts['month']}' is not 1 to 12; {name} is not imported",
        )
        raise Skip
    day = parts["day"]
    if day and (month is None or not day.isdigit()):
        why = "a day needs a month" if month is None else f"day '{day}' is not a number"
        report(slide.at(prefix + "day"), "error", "import-date", f"{why}; {name} is not imported")
        raise Skip
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{int(day):02d}" if day else "")
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


def _deep_time(year: int, name: str) -> str:
    if year <= 0:
        # TimelineJS counts -3500 as 3500 BCE, and 0 as a year of its own
        when = f"{-year:,} BCE" if year > -10000 else f"{-year:,} years ago"
    else:
        when = f"the year {year:,}"
    return (
        f"{when} (year {year}) cannot be written as a sitegen date yet: dates run from year "
        f"1 to 9999; {name} is not imported"
    )


def _month_number(text: str) -> int | None:
    if not text:
        return None
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    return _MONTHS.get(text.lower().rstrip("."))


def slide_dates(slide: Slide, report: Report) -> SlideDates:
    start = _date(slide, "", report)
    if start is None:
        report(
            slide.where,
            "error",
            "import-date",
            f"'{slide.headline or 'the slide'}' has no Year; it is not imported",
        )
        raise Skip
    end = _date(slide, "end_", report)
    if end is not None and end.last_day() < start.first_day():
        report(
            slide.at("end_year"),
            "error",
            "import-date",
            f"the end ({end.human()}) is before the start ({start.human()}); "
            f"'{slide.headline}' is not imported",
        )
        raise Skip
    if end == start:
        end = None
    return _with_display(SlideDates(start, end), html_markdown.plain(slide.get("display_date")))


def _with_display(found: SlideDates, display: str) -> SlideDates:
    """Keep display_date unless it is what sitegen writes anyway, reading back the
    qualifiers (`c.`, `?`) and `ongoing` that sitegen's own timeline.json writes there."""
    if not display:
        return found
    for q1 in ("", "~", "?", "%"):
        start = EDate(found.start.year, found.start.month, found.start.day, q1)
        if found.end is None and display == dates.format_range(start, None, ongoing=True):
            return SlideDates(start, None, True)
        for q2 in ("", "~", "?", "%") if found.end else ("",):
            end = EDate(found.end.year, found.end.month, found.end.day, q2) if found.end else None
            if display == dates.format_range(start, end):
                return SlideDates(start, end)
    found.display = display
    return found
