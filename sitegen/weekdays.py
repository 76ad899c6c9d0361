"""The one check a file's parse runs that reads its body's words: a weekday named beside
a date it does not fall on.

Apart from checks.py (the cross-file checks, with images and timelines), which a build's
parse workers then need not import: the build imports checks beside them, not in the
stretch before they fork that no other core shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .dates import PLACEHOLDER, WEEKDAYS
from .diagnostics import Diagnostic

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
# These are compiled (and kept in `re`'s cache) when a body first names a weekday: most
# sites' bodies never do, and compiling them on import cost every build 1.3 ms.
_WEEKDAY_PATTERNS = (
    # Monday, 8 July 2024 / Monday 8 July
    rf"\b(?P<wd>{_WEEKDAY}),?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\b",
    # Monday, July 8, 2024 / Monday July 8
    rf"\b(?P<wd>{_WEEKDAY}),?\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b",
    # July 8 (Monday) / 8 July 2024 (Monday)
    rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\s*\((?P<wd>{_WEEKDAY})\)",
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\s*\((?P<wd>{_WEEKDAY})\)",
    # on Monday, 8 July -> covered; "Monday (8 July)"
    rf"\b(?P<wd>{_WEEKDAY})\s*\((?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})(?:\s+(?P<y>\d{{4}}))?\)",
)  # fmt: skip


_CODE_SPAN = r"(`+)(?!`).*?(?<!`)\1(?!`)"


def weekday_mismatches(body: str, path: str, first_line: int, year: int) -> Iterator[Diagnostic]:
    """Weekdays named beside a date that fall on another day (in the named or event year)."""
    if "day" not in body or not re.search(_WEEKDAY, body):  # (every weekday ends in 'day')
        return
    any_weekday = re.compile(_WEEKDAY)  # (every pattern names one: see below)
    patterns = tuple(map(re.compile, _WEEKDAY_PATTERNS))
    months = _MONTH.split("|")
    seen: set[tuple[int, int]] = set()
    lines = body.split("\n")
    in_fence = False
    for i, text in enumerate(lines):
        if text.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not any_weekday.search(text):
            continue
        # code spans are quoted text, not claims: blank them out, keeping columns
        text = re.sub(_CODE_SPAN, lambda m: " " * len(m.group(0)), text)
        for pattern in patterns:
            for m in pattern.finditer(text):
                if (i, m.start()) in seen:
                    continue
                seen.add((i, m.start()))
                if not m.group("y") and year <= PLACEHOLDER.year:
                    continue  # the event's own date is unreadable
                y = int(m.group("y")) if m.group("y") else year
                month = months.index(m.group("m")) + 1
                try:
                    real = dt.date(y, month, int(m.group("d")))
                except ValueError:
                    continue
                named = m.group("wd")
                actual = WEEKDAYS[real.weekday()]
                if named != actual:
                    yield Diagnostic(
                        path, first_line + i, m.start() + 1, "warning", "weekday-mismatch",
                        f"{m.group('d')} {m.group('m')} {y} was a {actual}, not a {named}; "
                        f"correct the weekday or the date",
                    )  # fmt: skip
