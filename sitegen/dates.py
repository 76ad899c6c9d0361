"""Dates that keep their precision: a year, a month or a day, as in EDTF level 1.

`2024`, `2024-07`, `2024-07-08`, each optionally followed by `~` (approximate), `?`
(uncertain) or `%` (both). Years before the common era take a minus sign (`-0044-03-15`,
`-0500`), and years beyond four digits are written with EDTF's `Y` and are year precision
only (`Y-13800000000`, `Y170000002`). A date is parsed once, at the edge, and the rest of
sitegen compares, sorts and prints `EDate` values.

Years count as historians count them: `-0044` is 44 BCE and there is no year 0 (EDTF and
ISO 8601 call 1 BCE `0000`; newsrooms and TimelineJS write -44 for 44 BCE). Day numbers
(`first_ordinal`) are proleptic Gregorian, through the astronomical year (44 BCE is -43).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Literal

from .records import LazyPattern, dataclass, value_methods

Precision = Literal["year", "month", "day"]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH_LOOKUP = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)
}
_MONTH_LOOKUP["sept"] = 9
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_EDTF = re.compile(r"^(-?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?$")
_LONG_YEAR = re.compile(r"^Y(-?)(\d+)([~?%])?$")
ERA_STYLES = ("bce", "bc")
"""site.yaml's `era_style`: `44 BCE` / `2 CE`, or `44 BC` / `AD 2`."""
MAX_YEAR_DIGITS = 100
"""The longest year a date may have (`Y-1` and 100 digits): far beyond any span of
time, and Python reads no integer of more than 4,300 digits."""
DEEP_TIME = 1_000_000
"""From this many years back, a year is said as `13.8 billion years ago`."""


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    """The days of a month (1-12) of a proleptic Gregorian year, astronomically numbered
    (0 is 1 BCE): calendar.monthrange's count, without importing calendar (and locale)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _MONTH_DAYS[month - 1] + (month == 2 and leap)


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class EDate:
    """A calendar date at year, month or day precision."""

    year: int
    """The year as historians number it: 2024, -44 for 44 BCE; never 0. Beyond four
    digits (either way) the date is year precision."""
    month: int | None = None
    """1–12, or None at year precision."""
    day: int | None = None
    """1–31, or None at year or month precision."""
    qualifier: str = ""
    """'' exact, '~' approximate, '?' uncertain, '%' both."""

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def approximate(self) -> bool:
        return self.qualifier in ("~", "%")

    @property
    def uncertain(self) -> bool:
        return self.qualifier in ("?", "%")

    @property
    def astronomical(self) -> int:
        """The year with a year 0 (1 BCE is 0, 44 BCE is -43): what day arithmetic needs."""
        return self.year + 1 if self.year < 0 else self.year

    @property
    def datable(self) -> bool:
        """Whether datetime.date can hold it (years 1–9999): RSS and iCalendar need that."""
        return 1 <= self.year <= 9999

    def first_day(self) -> dt.date:
        """The first day of the period: where a partial date sorts (only when `datable`;
        compare first_ordinal() otherwise)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day of the period."""
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, month_days(self.year, month))

    def first_ordinal(self) -> int:
        """The first day of the period as a day number (datetime's ordinals, for any year;
        arithmetic, not a loop, so 13.8 billion years back costs what 2024 does)."""
        return day_number(self.astronomical, self.month or 1, self.day or 1)

    def last_ordinal(self) -> int:
        """The last day of the period as a day number."""
        if self.day is not None:
            return self.first_ordinal()
        if self.month is None:
            return day_number(self.astronomical + 1, 1, 1) - 1
        return day_number(*month_after(self.astronomical, self.month), 1) - 1

    def truncate(self, precision: Precision) -> tuple[int, ...]:
        """The date as a tuple cut to a precision, for comparing at the coarser one."""
        full = (self.year, self.month or 0, self.day or 0)
        return full[: {"year": 1, "month": 2, "day": 3}[precision]]

    def iso(self) -> str:
        """The EDTF form without qualifier: `2024`, `2024-07`, `-0044-03-15`,
        `Y-13800000000`."""
        if not -9999 <= self.year <= 9999:
            return f"Y{self.year}"
        text = f"{self.year:05d}" if self.year < 0 else f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def expanded(self) -> str:
        """ISO 8601 with expanded years where four digits do not hold the year (JSON-LD):
        `2024-07-08`, `-0044-03-15`, `+170000002`, `-13800000000`. The year is sitegen's
        (no year 0), as TimelineJS writes it; see docs/publishing.md."""
        if 0 < self.year <= 9999:
            return self.iso()
        sign = "-" if self.year < 0 else "+"
        text = f"{sign}{abs(self.year):04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def edtf(self) -> str:
        return self.iso() + self.qualifier

    def human(self, era: str = "bce") -> str:
        """The date for readers at its precision: `8 July 2024`, `July 2024`, `about 2024`,
        `2024 (uncertain)`, `15 March 44 BC`, `13.8 billion years ago`: the EDTF marks in
        words, as readers do not know them. `era` is site.yaml's `era_style`."""
        return _qualify(self, _plain(self.year, self.month, self.day, era=era))

    def __str__(self) -> str:
        return self.edtf()


def month_after(year: int, month: int) -> tuple[int, int]:
    """(year, month) of the month after `month` of `year`."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def day_number(year: int, month: int, day: int) -> int:
    """The proleptic Gregorian day number of a date, as date.toordinal() gives it
    (0001-01-01 is 1), for any year: datetime.date stops at 9999, and arithmetic on
    days (the day after a period, an axis' padding) must not stop at the model's edges."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 305


def civil(number: int) -> tuple[int, int, int]:
    """(year, month, day) of a day number: day_number's inverse, for any year."""
    z = number + 305
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def iso_day(number: int) -> str:
    """A day number as YYYY-MM-DD (a sign and more digits outside years 0–9999)."""
    year, month, day = civil(number)
    sign = "-" if year < 0 else ("+" if year > 9999 else "")
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


PLACEHOLDER = EDate(1)
"""Stands in for an event date that could not be read (already an error), so the event
still counts in cross-file checks; checks that compare dates skip it."""


def _plain(
    year: int, month: int | None, day: int | None, with_year: bool = True, era: str = "bce"
) -> str:
    parts = []
    if day is not None:
        parts.append(str(day))
    if month is not None:
        parts.append(MONTHS[month - 1])
    if with_year:
        parts.append(year_words(year, era))
    return " ".join(parts)


def year_words(year: int, era: str = "bce", mark_ce: bool = False) -> str:
    """A year for readers: `2024`, `44 BCE` (or `44 BC`), `12,000 BCE`,
    `13.8 billion years ago`, `year 170,000,002`; `mark_ce` says `2 CE`/`AD 2` for a
    year of the common era next to one before it."""
    if year < 0:
        if -year >= DEEP_TIME:
            return f"{scaled_years(-year)} years ago"
        number = f"{-year:,}" if -year > 9999 else str(-year)
        return f"{number} {'BC' if era == 'bc' else 'BCE'}"
    if year > 9999:
        return f"year {year:,}"
    if mark_ce:
        return f"AD {year}" if era == "bc" else f"{year} CE"
    return str(year)


ERA_SPACE_RE = LazyPattern(r"(?<=\d) (?=BCE?\b|CE\b)|(?<=\bAD) (?=\d)|(?<=\byear) (?=\d)")
"""The space between a year and its era (`27 BC`, `AD 14`, `year 170,000,002`)."""


def unbroken_eras(text: str) -> str:
    """`text` (a date for readers) with a no-break space between each year and its era,
    so that a line never ends in 'AD' with '14' on the next (a page's date lines)."""
    if "BC" not in text and "CE" not in text and "AD " not in text and "year " not in text:
        return text  # (nearly every date: the common era, unmarked)
    return ERA_SPACE_RE.sub("\N{NO-BREAK SPACE}", text)


def scaled_years(years: int) -> str:
    """13,800,000,000 as `13.8 billion`; three significant figures at most."""
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if years >= size:
            # in whole numbers: a float loses the digits of a year past 2**53
            digits = max(0, 3 - len(str(years // size)))
            whole = len(str(years)) - len(str(size)) + 1 - 3  # digits below the third
            if whole > 0:  # rounded to three significant figures
                years = (years + 5 * 10 ** (whole - 1)) // 10**whole * 10**whole
            scaled, rest = divmod(years * 10**digits, size)
            scaled += 2 * rest >= size
            if not digits:
                return f"{scaled:,} {name}"
            text = f"{scaled // 10**digits}.{scaled % 10**digits:0{digits}d}"
            return f"{text.rstrip('0').rstrip('.')} {name}"
    return f"{years:,}"


def _qualify(date: EDate, text: str) -> str:
    if date.approximate:
        text = "about " + text
    if date.uncertain:
        text += " (uncertain)"
    return text


def min_precision(a: Precision, b: Precision) -> Precision:
    order: list[Precision] = ["year", "month", "day"]
    return order[min(order.index(a), order.index(b))]


def format_range(start: EDate, end: EDate | None, ongoing: bool = False, era: str = "bce") -> str:
    """A span for readers: `8–9 July 2024`, `June – July 2024`, `24 February 2022 – ongoing`,
    `500–400 BCE`, `44 BCE – 14 CE`."""
    if ongoing:
        return f"{start.human(era)} – ongoing"
    if end is None or end == start:
        return start.human(era)
    if not start.qualifier and not end.qualifier and start.precision == end.precision:
        shared = _shared_precision_span(start, end, era)
        if shared is not None:
            return shared
    last = end.human(era)
    if -DEEP_TIME < start.year < 0 < end.year <= 9999:
        # 44 BCE – 14 CE: a bare 14 next to a BCE year reads as 14 BCE
        words = [_plain(end.year, end.month, end.day, with_year=False)]
        words.append(year_words(end.year, era, mark_ce=True))
        last = _qualify(end, " ".join(w for w in words if w))
    return f"{start.human(era)} – {last}"


def _shared_precision_span(start: EDate, end: EDate, era: str) -> str | None:
    """Two unqualified ends of one precision, written once where they share it: `8–9 July
    2024`, `June – July 2024`, `500–400 BCE`; None when the ends must be written in full."""
    if start.year == end.year:
        if start.precision == "day" and start.month == end.month:
            return f"{start.day}–{_plain(end.year, end.month, end.day, era=era)}"
        if start.precision in ("day", "month"):
            return (
                f"{_plain(start.year, start.month, start.day, with_year=False)} – "
                f"{_plain(end.year, end.month, end.day, era=era)}"
            )
    if start.precision != "year":
        return None
    if start.year > 0 and end.year <= 9999:
        return f"{start.year}–{end.year}"
    if end.year <= -DEEP_TIME:  # 539–252 million years ago
        (a, unit), (b, unit_b) = (scaled_years(-d.year).split(" ") for d in (start, end))
        if unit == unit_b:
            return f"{a}–{b} {unit} years ago"
    if start.year > -DEEP_TIME and end.year < 0:
        number = year_words(start.year, era).split(" ")[0]
        return f"{number}–{year_words(end.year, era)}"
    return None


# -- times of day ------------------------------------------------------------------------

_TIME = LazyPattern(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time(value: object) -> dt.time:
    """A 24-hour "HH:MM", or raise DateError (code `time-syntax`) with the fix."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 10:30 as the base-60 number 630
        hint = f"{value // 60:02d}:{value % 60:02d}"
        raise DateError(
            "time-syntax", f'write the time as "HH:MM" in double quotes: YAML reads an '
            f'unquoted {hint} as the number {value} (if you wrote {hint}, write "{hint}")',
        )  # fmt: skip
    text = str(value).strip()
    m = _TIME.match(text)
    if not isinstance(value, str) or not m:
        raise DateError(
            "time-syntax", f"'{text}' is not a time sitegen reads; write 24-hour \"HH:MM\" "
            'in double quotes, like "14:30"',
        )  # fmt: skip
    return dt.time(int(m[1]), int(m[2]))


@functools.cache
def zone(name: str) -> dt.tzinfo:
    """The IANA time zone `name` (already checked by schema.read_config)."""
    if name == "UTC":
        return dt.UTC
    # imported by the sites that name another zone: 2 ms, and most name none
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


_NOT_A_ZONE = {
    "localtime": "the zone of the computer that builds the site, so another computer (the "
    "CI, a colleague's) would show other times",
    "posixrules": "the time zone database's file of default rules (New York's on most "
    "systems), no zone",
    "Factory": "the time zone database's placeholder for a computer whose zone is not set "
    "(readers would see '-00')",
}  # fmt: skip
"""Files of the system's time zone folder that zoneinfo opens but that name no place's
zone; why each is refused (schema._zone_hint says it)."""
_COPIES = ("posix/", "right/")
"""Folders some systems' time zone database has and others' (Windows, the tzdata package)
lack: a site naming a zone through them builds on one computer and not on another."""


def not_a_zone(name: str) -> str | None:
    """Why a name the system's zoneinfo opens is still no zone for a site, or None."""
    if name in _NOT_A_ZONE:
        return f"'{name}' is {_NOT_A_ZONE[name]}"
    if name.startswith(_COPIES):
        folder, rest = name.split("/", 1)
        return (
            f"'{folder}/' is a copy of the zones that only some computers have; "
            f"did you mean '{rest}'?"
        )
    return None


def known_zone(name: str) -> bool:
    if name == "UTC":
        return True
    if not_a_zone(name) is not None:
        return False
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


_PLACE_OF_RULES = {
    "EST": "America/New_York", "MST": "America/Denver", "HST": "Pacific/Honolulu",
    "EST5EDT": "America/New_York", "CST6CDT": "America/Chicago", "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles", "CET": "Europe/Berlin", "MET": "Europe/Berlin",
    "EET": "Europe/Athens", "WET": "Europe/Lisbon",
}  # fmt: skip
"""IANA names that are not a place's zone but an abbreviation's offset or rules (kept
for old systems), and the place an editor most likely means."""
_ETC_GMT = re.compile(r"^(?:Etc/)?GMT([+-])(\d{1,2})$")


def zone_not_a_place(name: str) -> str | None:
    """What is wrong with a known zone name that names no place: `EST` (a fixed
    UTC-05:00: New York's summer time is EDT), `Etc/GMT+2` (UTC-02:00: POSIX signs are
    inverted); None for a place's zone (`Europe/Berlin`) and UTC."""
    m = _ETC_GMT.match(name)
    if m and int(m[2]):  # (GMT+0 is UTC)
        offset = f"UTC{'-' if m[1] == '+' else '+'}{int(m[2]):02d}:00"
        return (
            f"'{name}' is the fixed offset {offset} (the sign of these names is the "
            "opposite of the offset's) all year, without summer time; write the zone of "
            "the place the times are from, like Europe/Berlin or America/New_York (or, "
            "if the sources give only that offset, add timezone-legacy to ignore)"
        )
    place = _PLACE_OF_RULES.get(name)
    if place is None:
        return None
    july = dt.datetime(2024, 7, 1, 12, tzinfo=zone(name))
    january = dt.datetime(2024, 1, 1, 12, tzinfo=zone(name))
    if july.utcoffset() == january.utcoffset():
        kind = f"the fixed offset {offset_text(july)} all year, without summer time"
    else:
        kind = "an abbreviation's rules, not a place's history of its clocks"
    return f"'{name}' is {kind}; write the zone of the place the times are from, like {place}"


_OFFSET = LazyPattern(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def offset_zone_hint(name: str) -> str | None:
    """The hint for an offset written as a zone (`+02:00`, `UTC+2`): a zone is a place's,
    whose offset changes with summer time; a fixed whole-hour offset has an Etc/ name,
    with its sign inverted."""
    m = _OFFSET.match(name.strip())
    if m is None:
        return None
    hours, minutes = int(m[2]), int(m[3] or 0)
    fixed = ""
    if not minutes and 0 < hours <= (14 if m[1] == "+" else 12):
        etc = f"Etc/GMT{'-' if m[1] == '+' else '+'}{hours}"
        fixed = (
            f" (for a fixed UTC{m[1]}{hours:02d}:00 all year, {etc}: those names invert the sign)"
        )
    return (
        "; an offset is not a zone: write the zone of the place the times are from, like "
        f"Europe/Berlin{fixed}"
    )


def moment(date: EDate, time: dt.time, tz: str) -> dt.datetime:
    """A day-precision date at a time of day in the zone named `tz`."""
    return dt.datetime.combine(date.first_day(), time, zone(tz))


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class ClockTrouble:
    """A wall-clock time the zone's clocks skip (a gap: spring forward) or show twice
    (a fold: fall back), as `clock_trouble` finds it."""

    skipped: bool
    """True for a gap, False for a fold."""
    first: dt.datetime
    """The gap's real moment (the time read with the offset before the change), or the
    fold's first reading, the one sitegen shows."""
    second: dt.datetime
    """The gap's time read with the offset after the change; the fold's second reading."""


def clock_trouble(day: dt.date, time: dt.time, tz: str) -> ClockTrouble | None:
    """None where `time` on `day` names one moment in the zone named `tz` (always in
    UTC and in zones without daylight saving time)."""
    if tz == "UTC":
        return None
    wall = dt.datetime.combine(day, time, zone(tz))
    later = wall.replace(fold=1)
    if wall.utcoffset() == later.utcoffset():
        return None
    # read with the offset before the change (fold 0); a gap's wall time does not come back
    real = wall.astimezone(dt.UTC).astimezone(zone(tz))
    if real.replace(tzinfo=None) != wall.replace(tzinfo=None):
        return ClockTrouble(True, real, later.astimezone(dt.UTC).astimezone(zone(tz)))
    return ClockTrouble(False, wall, later)


def offset_text(when: dt.datetime) -> str:
    """`UTC+02:00`: the offset of a moment, as readers see a zone without letters."""
    offset = when.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_label(when: dt.datetime) -> str:
    """`MSK`, `CEST`, `UTC`; `UTC+05:30` where the zone has no abbreviation in letters."""
    name = when.tzname() or ""
    return name if name[:1].isalpha() else offset_text(when)


def iso_moment(when: dt.datetime) -> str:
    """`2024-07-08T10:30+03:00`: an HTML global date and time, ISO 8601, schema.org."""
    return when.isoformat(timespec="minutes")


def format_when(
    start: EDate,
    end: EDate | None,
    ongoing: bool,
    times: tuple[dt.time | None, dt.time | None],
    tz: str,
    era: str = "bce",
) -> str:
    """format_range with the time of day: `8 July 2024, 10:30 MSK`,
    `8 July 2024, 10:30–12:00 MSK`, `8 July 2024, 22:00 MSK – 9 July 2024, 01:00 MSK`."""
    time, end_time = times
    if time is None or not start.datable:
        return format_range(start, end, ongoing, era)
    begin = moment(start, time, tz)
    label = zone_label(begin)
    first = f"{start.human()}, {time:%H:%M}"
    if ongoing:
        return f"{first} {label} – ongoing"
    if end is None or end == start:
        if end_time is None:
            return f"{first} {label}"
        finish = moment(start, end_time, tz)
        if zone_label(finish) == label:
            return f"{first}–{end_time:%H:%M} {label}"
        return f"{first} {label} – {end_time:%H:%M} {zone_label(finish)}"
    last = end.human()
    if end_time is not None and end.precision == "day":
        last += f", {end_time:%H:%M} {zone_label(moment(end, end_time, tz))}"
    return f"{first} {label} – {last}"


class DateError(ValueError):
    """A date that cannot be used; `code` is `date-syntax` or `date-invalid`."""

    def __init__(self, code: str, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        """What is wrong, without the date or a hint ('there is no month 13'); empty
        when the text is no date at all (date-syntax)."""


def parse(text: str) -> EDate:
    """Parse an EDTF level-1 date, or raise DateError with a suggestion."""
    raw = text.strip()
    long_year = _LONG_YEAR.match(raw)
    if long_year:
        return _parse_long(raw, long_year)
    m = _EDTF.match(raw)
    if not m:
        raise _syntax_error(raw)
    sign, year, month, day, qualifier = m.groups()
    y = -int(year) if sign else int(year)
    mo = int(month) if month else None
    d = int(day) if day else None
    if y == 0:
        reason = "there is no year 0"
        raise DateError(
            "date-invalid",
            f"'{raw}': {reason}; 1 BCE is -0001 and 1 CE is 0001 (sitegen counts "
            "years as historians do, so -0044 is 44 BCE)",
            reason,
        )
    if mo is not None and not 1 <= mo <= 12:
        reason = f"there is no month {mo:02d}"
        raise DateError("date-invalid", f"'{raw}': {reason}; dates are YYYY-MM-DD", reason)
    if mo is not None and d is not None:
        last = month_days(y + 1 if y < 0 else y, mo)
        if not 1 <= d <= last:
            reason = f"{MONTHS[mo - 1]} {year_words(y)} has {last} days, not {d}"
            raise DateError(
                "date-invalid", f"'{raw}': {reason}; check the date in the source", reason
            )
    return EDate(y, mo, d, qualifier or "")


ANY_PRECISION = "YYYY, YYYY-MM or YYYY-MM-DD"


def option_problem(option: str, raw: str, form: str = ANY_PRECISION) -> str:
    """Why a command-line option's date cannot be used, in parse's words and with the
    form the option takes: `--today: '2024-02-30' is not a date: February 2024 has 29
    days, not 30; write YYYY-MM-DD` (not Python's "day is out of range for month")."""
    whole_day = form == "YYYY-MM-DD"
    try:
        date = parse(raw)
    except DateError as exc:
        if exc.reason:
            return f"{option}: '{raw.strip()}' is not a date: {exc.reason}; write {form}"
        if not whole_day:  # (parse's own hint: the ISO form, both readings, or the forms)
            return f"{option}: {exc.message}"
        hint = suggest(raw)
        if hint and _one_day(hint):
            return f"{option}: '{raw.strip()}' is not in the form {form}; write {hint}"
        tip = _ambiguous(raw) or f"; write {form}"
        return f"{option}: '{raw.strip()}' is not a date sitegen reads{tip}"
    if whole_day and (date.precision != "day" or date.qualifier):
        return f"{option}: '{raw.strip()}' is not one whole day; write {form}"
    if whole_day and date.year < 1:
        return f"{option}: '{raw.strip()}' is before the year 1 CE; write a day of 0001 to 9999"
    return f"{option}: '{raw.strip()}' cannot be used; write {form}"


def _one_day(hint: str) -> bool:
    """Whether `hint`, what suggest offers, is a day: it may be a year beyond four digits
    with a word on it ('Y99999 (a year beyond …)'), which parse does not read."""
    try:
        return parse(hint).precision == "day"
    except DateError:
        return False


def _syntax_error(raw: str) -> DateError:
    """Not EDTF: the ISO form when one is clear, both readings of 08/07/2024, else the forms."""
    hint = suggest(raw)
    tip = (
        f"; write {hint}"
        if hint
        else _ambiguous(raw)
        or "; write YYYY, YYYY-MM or YYYY-MM-DD (-YYYY before the common era, "
        "Y-12345 for a year beyond four digits)"
    )
    return DateError("date-syntax", f"'{raw}' is not a date sitegen reads{tip}")


def _parse_long(raw: str, m: re.Match[str]) -> EDate:
    """`Y-13800000000`, `Y170000002`: EDTF's years beyond four digits, year precision."""
    sign, digits, qualifier = m.groups()
    if len(digits.lstrip("0")) > MAX_YEAR_DIGITS:
        raise DateError(
            "date-invalid",
            f"'{raw[:24]}…' has a year of {len(digits):,} digits; sitegen reads years of at "
            f"most {MAX_YEAR_DIGITS} digits (13.8 billion years ago is Y-13800000000)",
        )
    year = -int(digits) if sign else int(digits)
    if abs(year) <= 9999:
        short = f"{sign}{abs(year):04d}"
        raise DateError(
            "date-syntax",
            f"'{raw}' is not a date sitegen reads; Y is for years beyond four digits: "
            f"write {short if year else '-0001 or 0001 (there is no year 0)'}",
        )
    return EDate(year, None, None, qualifier or "")


def _month(word: str) -> int | None:
    return _MONTH_LOOKUP.get(word.lower().rstrip("."))


def _ambiguous(raw: str) -> str:
    """For 08/07/2024: both readings, so the editor picks the one the source means."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw.strip())
    if not m:
        return ""
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            dt.date(y, month, day)
        except ValueError:
            continue
        readings.append((f"{day} {MONTHS[month - 1]}", f"{y:04d}-{month:02d}-{day:02d}"))
    if len(readings) != 2:
        return ""
    (h1, iso1), (h2, iso2) = readings
    return (
        f": it could be {h1} or {h2} {y}; check the source and write it as YYYY, YYYY-MM "
        f"or YYYY-MM-DD ({iso1} or {iso2})"
    )


def suggest(raw: str) -> str | None:
    """The ISO form of a date written another way, when it reads unambiguously."""
    text = raw.strip().replace(",", " ")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    long_year = _suggest_long(text)
    if long_year:
        return long_year
    for y, mo, d in _readings(text):
        iso = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
        try:
            parse(iso)
        except DateError:
            continue
        return iso
    return None


Reading = tuple[int, int | None, int | None]


def _readings(text: str) -> list[Reading]:
    """(year, month, day) readings of `text`, the likeliest first."""
    candidates: list[Reading] = []
    # 2024/07/08, 2024.07.08, 2024_07_08
    m = re.fullmatch(r"(\d{4})[/._ ](\d{1,2})(?:[/._ ](\d{1,2}))?", text)
    if m:
        candidates.append((int(m[1]), int(m[2]), int(m[3]) if m[3] else None))
    # 08/07/2024: only when one part cannot be a month
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if a > 12 >= b:
            candidates.append((y, b, a))
        elif b > 12 >= a or a == b:
            candidates.append((y, a, b))
    candidates += _worded_readings(text.split())
    # 2024-7-8
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if m:
        candidates.append((int(m[1]), int(m[2]), int(m[3]) if m[3] else None))
    return candidates


def _worded_readings(words: list[str]) -> list[Reading]:
    """1 August 2022 / August 1 2022 / August 2022 / Aug 2022"""
    if len(words) == 3 and words[2].isdigit() and len(words[2]) == 4:
        if words[0].isdigit() and _month(words[1]):
            return [(int(words[2]), _month(words[1]), int(words[0]))]
        if words[1].isdigit() and _month(words[0]):
            return [(int(words[2]), _month(words[0]), int(words[1]))]
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4 and _month(words[0]):
        return [(int(words[1]), _month(words[0]), None)]
    return []


_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _suggest_long(text: str) -> str | None:
    """`-12345` or `12345-03` → `Y-12345`; `44 BC` → `-0044`; `13.8 billion years ago` →
    `Y-13800000000`."""
    m = re.fullmatch(r"(-?)(\d{5,})(?:-\d{1,2}){0,2}", text)
    # (by its digits: a year of thousands is more than int() reads, and more than a date holds)
    if m and 4 < len(year := m[2].lstrip("0")) <= MAX_YEAR_DIGITS:
        return f"Y{m[1]}{year} (a year beyond four digits is year precision only)"
    m = re.fullmatch(r"-(\d{1,3})((?:-\d{2}){0,2})", text)
    if m and int(m[1]):
        return f"-{int(m[1]):04d}{m[2]}"
    m = re.fullmatch(r"(\d{1,4})\s*(BC|BCE|B\.C\.|B\.C\.E\.)", text, re.IGNORECASE)
    if m and int(m[1]):
        return f"-{int(m[1]):04d}"
    m = re.fullmatch(
        r"(\d+(?:\.\d+)?)\s*(thousand|million|billion|trillion)\s+years\s+ago",
        text,
        re.IGNORECASE,
    )
    if m and (ago := float(m[1]) * _SCALES[m[2].lower()]) < 10.0**MAX_YEAR_DIGITS:
        years = round(ago)  # (an infinite float, of hundreds of digits, rounds to no int)
        return f"Y-{years}" if years > 9999 else f"-{years:04d}"
    return None
