"""Times the SVG overview strip of a 10,000-event timeline (run by `make bench`).

The strip is drawn on the index and on every person and country page; this was a timed
assertion in the test suite, where a busy machine made it fail. Here it is reported.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from types import SimpleNamespace

from sitegen import overview


def entries(n: int) -> list[SimpleNamespace]:
    origin = dt.date(1995, 1, 1)
    made = []
    for i in range(n):
        start = origin + dt.timedelta(days=(i * 7919) % 11000)
        end = start + dt.timedelta(days=400) if i % 10 == 0 else None
        made.append(
            SimpleNamespace(
                slug=f"event-{i:05d}",
                title=f"Event {i}",
                display_date=start.isoformat(),
                start_ordinal=start.toordinal(),
                end_ordinal=(end or start).toordinal(),
                end_datetime=end.isoformat() if end else "",
                precision="day",
                approximate=i % 13 == 0,
                uncertain=False,
                ongoing=i % 997 == 0,
            )
        )
    return made


def main() -> None:
    for n in (1_000, 10_000):
        # fresh entries each time: the strip's layout is remembered for the same objects
        cpu = time.process_time()
        items = entries(n)
        made = time.process_time() - cpu
        cpu = time.process_time()
        markup = overview.draw(items, highlight=items[::1000], root="../", today="2026-01-01")
        drawn = time.process_time() - cpu
        kb = len(markup.encode()) / 1024
        print(
            f"overview strip, {n:,} events: {drawn * 1000:.0f} ms CPU to draw "
            f"({made * 1000:.0f} ms to make the entries), {kb:.0f} KB"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"overview bench peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
