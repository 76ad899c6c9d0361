"""Generate the 'extreme' benchmark corpus (and optionally the same site for Hugo).

    python benchmarks/generate_extreme.py OUTDIR --events N [--seed 1] [--hugo HUGODIR] [--force]

The standard corpus (generate.py) and the varied one (generate_varied.py) are both news
archives of a few decades with a handful of people per event. This one pushes every axis
the other two leave near the middle to its ends, where code tuned on them may turn
quadratic or write pages without bound (the *_MIX constants give the exact mix):

- one person (ANCHOR) in every event, and a quarter of the events with a crowd of 10-30
  people from a small pool (N/25): a person page of N events and many of thousands;
- many countries (N/4), most in one or two events, a few in thousands;
- a third of the events on the same four days (each ordered with `order`, some with a
  `time`), the rest spread over 5,000 years, 3000 BCE to 2024, at every precision, with
  qualifiers, ranges and ongoing events;
- a third of the bodies one line without a link, the rest densely linked and cited (20
  links or more), a sixth of them 5-20 KB long;
- one series of N/8 events and many short ones; many `related` events; 0-25 tags of 400;
- as many sources as events, with long titles, one of them cited by 30 % of the events;
- a picture (an https address: nothing to resize) on some events.

Same seed and N give byte-identical output. Written by generate.py's writers (the Hugo
site shows BCE events on 0001-01-01: Go's dates have no year before 1). Standard library
only.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g
from generate_varied import cover, pick_count, pick_members, zipf_weights

# The four days a third of the events happened on.
CLUSTER_DAYS = [
    dt.date(1989, 11, 9),
    dt.date(2001, 9, 11),
    dt.date(2011, 3, 11),
    dt.date(2020, 3, 11),
]
SAME_DAY = 0.33  # share of events on CLUSTER_DAYS
DEEP_PAST = 0.33  # share of events in 3000 BCE - 1899 CE (the rest: 1900-2024)
# (probability, low, high) bands per event
CROWD_MIX = [(0.60, 0, 0), (0.15, 1, 4), (0.25, 10, 30)]  # people beside the anchor
COUNTRY_MIX = [(0.10, 0, 0), (0.55, 1, 1), (0.25, 2, 4), (0.10, 10, 25)]
SOURCE_MIX = [(0.40, 1, 1), (0.40, 2, 3), (0.20, 4, 6)]
TAG_MIX = [(0.25, 0, 0), (0.35, 1, 3), (0.40, 8, 25)]
N_TAGS = 400
ONE_LINE = 0.33  # bodies of one sentence, no link, no citation
LONG = 0.17  # bodies of 5-20 KB (the rest: 2-4 densely linked paragraphs)
WIRE_SOURCE = 0.30  # share of events citing source 0
WITH_RELATED = 0.25
WITH_IMAGE = 0.12
LONG_BIO = 0.2


@dataclass
class EraDate(g.EventDate):
    """A date whose year may be before the common era: `year` as written, -44 for 44
    BCE (there is no year 0); `start` holds its month and day (year 1 before the era)."""

    year: int = 1

    def text(self) -> str:
        if self.year >= 1:
            return super().text()
        y = f"-{-self.year:04d}"
        if self.precision == "month":
            y += f"-{self.start.month:02d}"
        elif self.precision == "day":
            y += f"-{self.start.month:02d}-{self.start.day:02d}"
        return y + self.qualifier

    def key(self) -> tuple[int, int, int]:
        """Timeline order: a year or month leads its period (sitegen's rule 1)."""
        month = self.start.month if self.precision != "year" else 0
        day = self.start.day if self.precision == "day" else 0
        return (self.year, month, day)


def era_year(rng: random.Random, lo: int, hi: int) -> int:
    year = rng.randint(lo, hi - 1)
    return year if year < 0 else year + 1  # skip year 0


def deep_date(rng: random.Random) -> tuple[EraDate, str | None]:
    """3000 BCE - 1899 CE, mostly to the year; some ranges of up to two centuries."""
    year = era_year(rng, -3000, 1899)
    precision = rng.choices(["year", "month", "day"], weights=[60, 25, 15])[0]
    qualifier = rng.choice("~?%") if rng.random() < 0.25 else ""
    start = dt.date(max(year, 1), rng.randint(1, 12), rng.randint(1, 28))
    date = EraDate(start, precision, qualifier, year)
    if precision != "year" or rng.random() >= 0.2:
        return date, None
    end = year + rng.randint(1, 200)
    if year < 0 <= end:
        end += 1
    return date, (f"{end:04d}" if end > 0 else f"-{-end:04d}")


def modern_date(rng: random.Random) -> tuple[EraDate, str | None]:
    """1900-2024 at every precision; a fifth ranges, a third of those ongoing."""
    first = dt.date(1900, 1, 1)
    day = first + dt.timedelta(days=rng.randrange((g.LAST_DAY - first).days + 1))
    precision = rng.choices(["day", "month", "year"], weights=[50, 30, 20])[0]
    qualifier = rng.choice("~?%") if rng.random() < 0.1 else ""
    if precision == "year":
        day = dt.date(day.year, 1, 1)
    elif precision == "month":
        day = dt.date(day.year, day.month, 1)
    date = EraDate(day, precision, qualifier, day.year)
    if rng.random() >= 0.2:
        return date, None
    if rng.random() < 0.33:
        return date, "ongoing"
    if precision == "year":
        e = dt.date(day.year + rng.randint(1, 30), 1, 1)
        end = f"{e.year:04d}"
    elif precision == "month":
        e = g.add_months(day, rng.randint(1, 60))
        end = f"{e.year:04d}-{e.month:02d}"
    else:
        e = day + dt.timedelta(days=rng.randint(1, 2000))
        end = e.isoformat()
    return date, end if e <= g.LAST_END else "ongoing"


def make_events(rng: random.Random, n_events: int) -> list[g.Event]:
    """Dated events in timeline order; those of a cluster day numbered with `order`."""
    events: list[g.Event] = []
    for _ in range(n_events):
        roll = rng.random()
        if roll < SAME_DAY:
            day = rng.choice(CLUSTER_DAYS)
            date, end = EraDate(day, "day", "", day.year), None
        elif roll < SAME_DAY + DEEP_PAST:
            date, end = deep_date(rng)
        else:
            date, end = modern_date(rng)
        events.append(g.Event(slug="", title="", summary="", date=date, end=end))
    events.sort(key=lambda e: e.date.key() if isinstance(e.date, EraDate) else (0, 0, 0))
    per_day: dict[dt.date, int] = {}
    for ev in events:
        if ev.date.start in CLUSTER_DAYS and ev.date.precision == "day" and not ev.end:
            order = per_day[ev.date.start] = per_day.get(ev.date.start, 0) + 1
            if rng.random() < 0.4:
                ev.extra.append(f'time: "{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"')
            ev.extra.append(f"order: {order}")
    return events


def make_cast(
    rng: random.Random, n_events: int
) -> tuple[list[g.Country], list[g.Person], list[str], g.SlugRegistry]:
    slugs = g.SlugRegistry()
    countries: list[g.Country] = []
    for i in range(max(10, n_events // 4)):
        name = "".join(rng.choice(g.SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = (name + rng.choice(g.COUNTRY_ENDINGS)).capitalize()
        slug = slugs.claim(name)
        if slug != g.slugify(name):  # a name already taken: keep name and slug apart
            name = f"{name} {slug.rsplit('-', 1)[-1]}"
        countries.append(g.Country(slug, name, g.ISO_CODES[i % len(g.ISO_CODES)]))
    people: list[g.Person] = []
    for _ in range(max(40, n_events // 25)):
        name = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}"
        if g.slugify(name) in slugs.used:
            parts = name.split()
            name = f"{parts[0]} {chr(65 + rng.randrange(26))}. {parts[1]}"
        if g.slugify(name) in slugs.used:
            name = f"{name} {len(people)}"
        people.append(
            g.Person(slugs.claim(name), name, rng.choice(g.ROLES), rng.choice(countries).slug)
        )
    tags: list[str] = []
    seen: set[str] = set()
    while len(tags) < N_TAGS:
        tag = g.slugify(f"{rng.choice(g.ADJECTIVES)} {rng.choice(g.NOUNS)}")
        if tag not in seen:
            seen.add(tag)
            tags.append(tag)
    return countries, people, tags, slugs


def cast_events(
    rng: random.Random,
    events: list[g.Event],
    countries: list[g.Country],
    people: list[g.Person],
    tags: list[str],
) -> None:
    """People (the anchor, people[0], in every event), countries, sources (indexes) and tags."""
    n_sources = len(events)
    p_cum, c_cum = zipf_weights(len(people) - 1), zipf_weights(len(countries), 1.0)
    s_cum, t_cum = zipf_weights(n_sources, 0.5), zipf_weights(len(tags), 0.8)
    people_of, countries_of, sources_of = [], [], []
    for _ in events:
        crowd = pick_members(rng, pick_count(rng, CROWD_MIX), len(people) - 1, p_cum, None)
        people_of.append([0, *(i + 1 for i in crowd)])
        countries_of.append(
            pick_members(rng, pick_count(rng, COUNTRY_MIX), len(countries), c_cum, None)
        )
        first = rng.randrange(n_sources)
        ss = pick_members(rng, pick_count(rng, SOURCE_MIX), n_sources, s_cum, first)
        if rng.random() < WIRE_SOURCE and 0 not in ss:
            ss.append(0)
        sources_of.append(ss)
    cover(rng, people_of, len(people))
    cover(rng, countries_of, len(countries))
    cover(rng, sources_of, n_sources)
    for ev, ps, cs, ss in zip(events, people_of, countries_of, sources_of, strict=True):
        ev.people = [people[i].slug for i in ps]
        ev.countries = [countries[i].slug for i in cs]
        ev.sources = ss
        picked = pick_members(rng, pick_count(rng, TAG_MIX), len(tags), t_cum, None)
        ev.tags = [tags[i] for i in picked]


def make_sources(rng: random.Random, text: g.Text, events: list[g.Event]) -> list[g.Source]:
    """Long titles; published after the latest event that cites them (1990 or later)."""
    last_use: dict[int, dt.date] = {}
    floor = dt.date(1990, 1, 1)
    for ev in events:
        start = ev.date.start if isinstance(ev.date, EraDate) and ev.date.year >= 1 else floor
        for s in ev.sources:
            last_use[s] = max(last_use.get(s, floor), start)
    ids = g.SlugRegistry()
    sources = []
    for i in range(len(events)):
        src = g.Source(i)
        published = min(last_use[i] + dt.timedelta(days=rng.randint(0, 400)), g.LAST_END)
        src.author = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}"
        src.publisher = rng.choice(g.PUBLISHERS)
        src.id = ids.claim(f"{g.slugify(src.publisher)[:12]}-{published.isoformat()}")
        src.title = " ".join(
            [text.headline() + ":", *(text.sentence() for _ in range(rng.randint(1, 3)))]
        )
        src.published = published.isoformat()
        src.url = f"https://example.org/{g.slugify(src.publisher)}/{src.id}"
        sources.append(src)
    return sources


def name_events(
    rng: random.Random,
    text: g.Text,
    events: list[g.Event],
    countries: list[g.Country],
    slugs: g.SlugRegistry,
) -> None:
    names = {c.slug: c.name for c in countries}
    for ev in events:
        place = names[ev.countries[0]] if ev.countries else rng.choice(countries).name
        ev.title = text.title(place)
        if rng.random() < 0.15:
            ev.title += f": {text.clause()}, {rng.choice(g.CONNECTIVES)} {text.clause()}"
        ev.slug = slugs.claim(ev.title[:80])
        ev.summary = text.sentence() if rng.random() < 0.8 else ""


@dataclass(frozen=True)
class SeriesShape:
    """The series assign_series makes: one long one, and short ones (the extreme
    corpus's and the skewed one's differ only in these)."""

    long_name: str
    long_every: int
    """The long series has one event in this many."""
    short_prefix: str
    short_every: int
    """There are as many short series as one in this many events (fewer when the
    candidates run out)."""
    short_longest: int
    """A short series has 2 to this many events."""
    margin: int
    """A short series starts at least this many candidates before the last free one (no
    short series once so few are left)."""
    first_numbers: int = 1
    """A short series' first number is drawn from 1 to this (1: always 1, no draw)."""


EXTREME_SERIES = SeriesShape("the-long-count", 8, "short-series", 100, 6, 6, first_numbers=5)


def assign_series(
    rng: random.Random,
    events: list[g.Event],
    skipped: Collection[dt.date] = (),
    shape: SeriesShape = EXTREME_SERIES,
) -> None:
    """One long series and many short ones (`shape`), numbered in date order without
    gaps; only single moments of distinct dates (none on a `skipped` day), so numbers
    rise with dates."""
    candidates: list[g.Event] = []
    last: tuple[int, int, int] | None = None
    for ev in events:
        key = ev.date.key() if isinstance(ev.date, EraDate) else None
        if ev.end or key is None or key == last or ev.date.start in skipped:
            continue
        candidates.append(ev)
        last = key
    deep = len(events) // shape.long_every
    step = max(1, len(candidates) // max(1, deep))
    for number, ev in enumerate(candidates[::step][:deep], start=1):
        ev.series = (shape.long_name, number)
    free = [ev for ev in candidates if ev.series is None]
    for k in range(len(events) // shape.short_every):
        if len(free) <= shape.margin:
            break
        start = rng.randrange(len(free) - shape.margin)
        members = free[start : start + rng.randint(2, shape.short_longest)]
        first = rng.randint(1, shape.first_numbers) if shape.first_numbers > 1 else 1
        for number, ev in enumerate(members, start=first):
            ev.series = (f"{shape.short_prefix}-{k + 1}", number)
        del free[start : start + len(members)]


def link(
    rng: random.Random,
    ev: g.Event,
    events: list[g.Event],
    people: list[g.Person],
    names: dict[str, str],
) -> str:
    roll = rng.random()
    if roll < 0.35:
        slug = rng.choice(ev.people)
    elif roll < 0.6 and ev.countries:
        slug = rng.choice(ev.countries)
    elif roll < 0.9:
        other = events[rng.randrange(len(events))]
        if other is ev:
            return f"[[{people[0].slug}]]"
        return (
            f"[[{other.slug}|the events of {other.date.text()}]]"
            if rng.random() < 0.5
            else f"[[{other.slug}]]"
        )
    else:
        slug = rng.choice(people).slug
    return f"[[{slug}]]" if rng.random() < 0.5 else f"[[{slug}|{names[slug]}]]"


def body(
    rng: random.Random,
    text: g.Text,
    ev: g.Event,
    events: list[g.Event],
    people: list[g.Person],
    names: dict[str, str],
    ids: list[str],
) -> str:
    """One line, or densely linked and cited paragraphs (5-20 KB for a long one)."""
    roll = rng.random()
    if roll < ONE_LINE:
        return text.sentence() + "\n"
    target = rng.randint(5000, 20000) if roll < ONE_LINE + LONG else 0
    n_par = rng.randint(2, 4) if not target else 10**6
    blocks: list[str] = []
    size = 0
    for n in range(n_par):
        if target and size >= target:
            break
        if target and n and n % 4 == 0:
            blocks.append(f"## {text.headline()}")
        sentences = []
        for _ in range(rng.randint(4, 7)):
            s = text.sentence(link(rng, ev, events, people, names))[:-1]
            if rng.random() < 0.7:
                s += f", with {link(rng, ev, events, people, names)}"
            if rng.random() < 0.7:
                s += f" [@{rng.choice(ids)}]"
            sentences.append(s + ".")
        blocks.append(" ".join(sentences))
        if target and rng.random() < 0.15:
            blocks.append(
                "\n".join(
                    f"- {text.np()} {rng.choice(g.PREPOSITIONS)} {text.np()}"
                    for _ in range(rng.randint(3, 8))
                )
            )
        size = sum(len(b) + 2 for b in blocks)  # (the text is ASCII: bytes)
    return "\n\n".join(blocks) + "\n"


def generate_extreme(n_events: int, seed: int) -> g.Site:
    rng = random.Random(seed)
    text = g.Text(rng)
    countries, people, tags, slugs = make_cast(rng, n_events)
    events = make_events(rng, n_events)
    cast_events(rng, events, countries, people, tags)
    sources = make_sources(rng, text, events)
    name_events(rng, text, events, countries, slugs)
    assign_series(rng, events, CLUSTER_DAYS)
    for ev in events:
        if rng.random() < WITH_RELATED:
            picked = (events[rng.randrange(len(events))].slug for _ in range(rng.randint(3, 12)))
            ev.related = [s for s in dict.fromkeys(picked) if s != ev.slug]
        if rng.random() < WITH_IMAGE:
            alt = text.sentence()[:-1]
            credit = (
                f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}/{rng.choice(g.PUBLISHERS)}"
            )
            ev.extra.append(
                f"image: {{src: {g.q(f'https://images.example.org/extreme/{ev.slug}.jpg')}, "
                f"alt: {g.q(alt)}, credit: {g.q(credit)}}}"
            )
    names = {p.slug: p.name for p in people} | {c.slug: c.name for c in countries}
    for ev in events:
        ids = [sources[i].id for i in ev.sources]
        ev.body = body(rng, text, ev, events, people, names, ids)
    theirs: dict[str, list[g.Event]] = {}
    for ev in events:
        for slug in ev.people:
            theirs.setdefault(slug, []).append(ev)
    for p in people:
        if rng.random() < LONG_BIO or p is people[0]:
            mine = theirs[p.slug]
            picked = dict.fromkeys(rng.randrange(len(mine)) for _ in range(rng.randint(20, 60)))
            lines = [g.person_bio(p).rstrip("\n")]
            lines += [f"{text.sentence()} See [[{mine[i].slug}|{mine[i].title}]]." for i in picked]
            p.bio = "\n\n".join(lines) + "\n"
    return g.Site(events, people, countries, sources)


def main(argv: list[str] | None = None) -> int:
    return g.cli(argv, generate_extreme, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
