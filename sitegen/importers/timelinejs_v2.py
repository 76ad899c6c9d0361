"""TimelineJS 2 (2012–2015), whose files are still about: `{"timeline": {"headline", "text",
"asset", "date": [{"startDate": "2011,12,10", "headline", "text", "asset": {"media",
"credit", "caption"}, "tag"}], "era": [...]}}`, and its Google Sheets template (Start
Date, End Date, Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type,
Tag). Both are read into the same slides as TimelineJS 3's files; here is what differs:
the field names, and dates written as one text."""

from __future__ import annotations

import re

SLIDE_TEXT: dict[str, tuple[str, ...]] = {
    "headline": ("headline",),
    "text": ("text",),
    "media": ("asset", "media"),
    "credit": ("asset", "credit"),
    "caption": ("asset", "caption"),
    "thumbnail": ("asset", "thumbnail"),
    "group": ("tag",),
    "type": ("type",),
}
"""A TimelineJS 2 slide's fields, to the names of a Slide's (see timelinejs_source)."""

DATE_FORMS = (
    "2012,1,26 or 2012,1,26,10,30 (year, month, day, hour, minute), 1/26/2012 or 2012-01-26"
)

_COMMAS = re.compile(r"([+-]?\d+)((?:,\d{1,2}){0,5})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(-?\d+)(?:\s+(.+))?")
_MONTH_YEAR = re.compile(r"(\d{1,2})/(-?\d{3,})")
_ISO = re.compile(r"([+-]?\d+)-(\d{1,2})(?:-(\d{1,2}))?(?:[T ](\d{1,2}:\d{2}(?::\d{2})?))?\S*")


def date_parts(text: str) -> dict[str, str] | None:
    """A TimelineJS 2 date as the year, month, day and time a slide holds (only those
    given), or None when it is none of the forms TimelineJS 2 read."""
    text = text.strip()
    m = _COMMAS.fullmatch(text.replace(" ", ""))
    if m and not m[2] and len(text) > 8:
        return None  # TimelineJS 2 read a number alone as a year up to 8 characters
    if m:
        numbers = [m[1], *[p for p in m[2].split(",") if p]]
        return _parts(numbers)
    m = _US.fullmatch(text)
    if m:  # a sheet's date in the United States' order, as Google Sheets writes it
        month, day = (m[2], m[1]) if int(m[1]) > 12 >= int(m[2]) else (m[1], m[2])
        found = {"year": m[3], "month": month, "day": day}  # (20/7/1969 can only be d/m/y)
        return found | ({"time": m[4].strip()} if m[4] else {})
    m = _MONTH_YEAR.fullmatch(text)
    if m:
        return {"year": m[2], "month": m[1]}
    m = _ISO.fullmatch(text)
    if m:
        found = {"year": m[1], "month": m[2]} | ({"day": m[3]} if m[3] else {})
        return found | ({"time": m[4]} if m[4] else {})
    return None


def _parts(numbers: list[str]) -> dict[str, str]:
    found = dict(zip(("year", "month", "day"), numbers[:3], strict=False))
    clock = numbers[3:]
    if clock:
        minutes = [] if len(clock) > 1 else ["00"]
        found["time"] = ":".join([f"{int(n):02d}" for n in clock] + minutes)
    return found
