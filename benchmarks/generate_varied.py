"""Generate the 'varied' benchmark corpus (and optionally the same site for Hugo).

    python benchmarks/generate_varied.py OUTDIR --events N [--seed 1] [--hugo HUGODIR] [--force]

The standard corpus (generate.py) gives every event a body of a few hundred words, one to
three people and a handful of links, all dated to the day. Code tuned on it can lose its
lead on content shaped otherwise, so this generator draws each event from wider, skewed
distributions (the *_MIX constants below give the exact mix):

- bodies: a third a sentence or three, half a few paragraphs, a sixth long reads of
  900-2,500 words with subheadings, lists and quotes;
- links: dense (one to three wiki links in most sentences, to people, countries and
  earlier events, and repeated citations) or sparse (no link in the body at all);
- people: none, one, a few, or a crowd of 6-20; people and countries are picked with
  Zipf-like weights, so a few of them appear in a large share of the events (long person
  and country pages) and most in one or two;
- dates: year, month and day precision, EDTF qualifiers (~ ? %), ranges and `ongoing`,
  from 1948 to 2024;
- series (numbered, in date order) and `related` events; 0-6 tags from a larger set;
  1-16 sources per event, some sources cited by many events.

Same seed and N give byte-identical output. Written by generate.py's writers, so the Hugo
site uses the same lean layout as the standard corpus's. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g

FIRST_DAY = dt.date(1948, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

EXTRA_TAGS = [
    "aviation",
    "fisheries",
    "pensions",
    "mining",
    "telecoms",
    "tourism",
    "shipping",
    "courts",
    "police",
    "prisons",
    "refugees",
    "disasters",
    "floods",
    "drought",
    "vaccines",
    "space",
    "nuclear",
    "sanctions",
    "privacy",
    "banking",
]
TAG_POOL = g.TAGS + EXTRA_TAGS

SERIES_NAMES = [
    "summit",
    "round of talks",
    "party congress",
    "budget review",
    "donor conference",
    "court hearing",
    "strike wave",
    "census",
]


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    """Cumulative weights of ranks 1..n proportional to 1/rank**s."""
    return list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))


def pick_count(rng: random.Random, mix: list[tuple[float, int, int]]) -> int:
    """A count drawn from a mix of (probability, low, high) bands."""
    roll = rng.random()
    for p, lo, hi in mix:
        if roll < p:
            return rng.randint(lo, hi)
        roll -= p
    return rng.randint(mix[-1][1], mix[-1][2])


# (probability, low, high) bands per event
PEOPLE_MIX = [(0.20, 0, 0), (0.40, 1, 1), (0.30, 2, 4), (0.10, 6, 20)]
COUNTRY_MIX = [(0.10, 0, 0), (0.60, 1, 1), (0.22, 2, 3), (0.08, 5, 9)]
SOURCE_MIX = [(0.40, 1, 1), (0.35, 2, 3), (0.20, 4, 8), (0.05, 10, 16)]
TAG_MIX = [(0.15, 0, 0), (0.45, 1, 2), (0.40, 3, 6)]
# (probability, paragraphs low/high, sentences per paragraph low/high)
BODY_MIX = [(0.35, 1, 1, 1, 3), (0.48, 2, 4, 3, 6), (0.17, 10, 24, 5, 9)]
DENSE_LINKS = 0.45  # share of events whose bodies link in most sentences
IN_SERIES = 0.15
WITH_RELATED = 0.20


def pick_members(
    rng: random.Random, count: int, n: int, cum: list[float], first: int | None
) -> list[int]:
    """`count` distinct indexes in range(n) (Zipf-weighted), starting with `first`."""
    chosen = [first] if first is not None else []
    tries = 0
    while len(chosen) < min(count, n) and tries < 4 * count + 8:
        chosen.append(rng.choices(range(n), cum_weights=cum)[0])
        chosen = list(dict.fromkeys(chosen))
        tries += 1
    return chosen


def event_date(rng: random.Random) -> tuple[g.EventDate, str | None]:
    """Mixed precision, qualifiers, ranges and ongoing events."""
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    precision = rng.choices(["day", "month", "year"], weights=[50, 30, 20])[0]
    qualifier = rng.choice("~?%") if rng.random() < 0.15 else ""
    if precision == "year":
        date = g.EventDate(dt.date(day.year, 1, 1), "year", qualifier)
    elif precision == "month":
        date = g.EventDate(dt.date(day.year, day.month, 1), "month", qualifier)
    else:
        date = g.EventDate(day, "day", qualifier)
    if rng.random() >= 0.20:
        return date, None
    if rng.random() < 0.3:
        return date, "ongoing"
    if precision == "year":
        e = dt.date(date.start.year + rng.randint(1, 12), 1, 1)
        end = f"{e.year:04d}"
    elif precision == "month":
        e = g.add_months(date.start, rng.randint(1, 36))
        end = f"{e.year:04d}-{e.month:02d}"
    else:
        e = date.start + dt.timedelta(days=rng.randint(1, 900))
        end = e.isoformat()
    return date, end if e <= g.LAST_END else "ongoing"


def make_cast(rng: random.Random, n_events: int) -> tuple[list[g.Country], list[g.Person]]:
    slugs = g.SlugRegistry()
    countries: list[g.Country] = []
    for i in range(max(3, n_events // 40)):
        name = rng.choice(g.SYLLABLES) + rng.choice(g.SYLLABLES) + rng.choice(g.COUNTRY_ENDINGS)
        name = name.capitalize()
        if any(c.name == name for c in countries):
            name = f"{name} {g.slugify(g.ISO_CODES[i % len(g.ISO_CODES)]).upper()}"
        countries.append(g.Country(slugs.claim(name), name, g.ISO_CODES[i % len(g.ISO_CODES)]))
    people: list[g.Person] = []
    for _ in range(max(20, n_events // 8)):  # enough for a crowd on a small site
        name = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}"
        if g.slugify(name) in slugs.used:
            parts = name.split()
            name = f"{parts[0]} {chr(65 + rng.randrange(26))}. {parts[1]}"
        people.append(
            g.Person(slugs.claim(name), name, rng.choice(g.ROLES), rng.choice(countries).slug)
        )
    return countries, people


def cover(rng: random.Random, lists: list[list[int]], n: int) -> None:
    """Add every index in range(n) not yet in any list to a random non-empty list."""
    used = {i for members in lists for i in members}
    open_lists = [members for members in lists if members] or lists
    for i in range(n):
        if i not in used:
            rng.choice(open_lists).append(i)


def generate_varied(n_events: int, seed: int) -> g.Site:
    rng = random.Random(seed)
    text = g.Text(rng)
    countries, people = make_cast(rng, n_events)
    n_sources = max(1, n_events // 4)
    p_cum, c_cum = zipf_weights(len(people)), zipf_weights(len(countries))
    s_cum = zipf_weights(n_sources, 0.6)

    events: list[g.Event] = []
    for _ in range(n_events):
        date, end = event_date(rng)
        events.append(g.Event(slug="", title="", summary="", date=date, end=end))
    events.sort(key=lambda e: e.date.start)  # bodies may link to earlier events

    people_of, countries_of, sources_of = [], [], []
    for _ev in events:
        people_of.append(pick_members(rng, pick_count(rng, PEOPLE_MIX), len(people), p_cum, None))
        countries_of.append(
            pick_members(rng, pick_count(rng, COUNTRY_MIX), len(countries), c_cum, None)
        )
        first = rng.randrange(n_sources)
        sources_of.append(pick_members(rng, pick_count(rng, SOURCE_MIX), n_sources, s_cum, first))
    cover(rng, people_of, len(people))
    cover(rng, countries_of, len(countries))
    cover(rng, sources_of, n_sources)
    for ev, ps, cs, ss in zip(events, people_of, countries_of, sources_of, strict=True):
        ev.people = [people[i].slug for i in ps]
        ev.countries = [countries[i].slug for i in cs]
        ev.sources = ss
        ev.tags = rng.sample(TAG_POOL, pick_count(rng, TAG_MIX))

    sources = make_sources(rng, text, events, n_sources)
    name_events(
        rng, text, events, countries, {p.slug for p in people} | {c.slug for c in countries}
    )
    assign_series(rng, events)
    slugs = [ev.slug for ev in events]
    for i, ev in enumerate(events):
        if i and rng.random() < WITH_RELATED:
            picked = rng.sample(range(i), min(i, rng.randint(1, 4)))
            ev.related = list(dict.fromkeys(slugs[k] for k in picked))

    person_name = {p.slug: p.name for p in people}
    country_name = {c.slug: c.name for c in countries}
    for i, ev in enumerate(events):
        # Links to earlier events go to the last 200 (a slice, not a copy of all of them).
        earlier = events[max(0, i - 200) : i]
        ev.body = varied_body(rng, text, ev, earlier, sources, person_name, country_name)
    first_events: dict[str, list[g.Event]] = {}
    for ev in events:
        for slug in ev.people:
            first_events.setdefault(slug, [])
            if len(first_events[slug]) < 6:
                first_events[slug].append(ev)
    for p in people:
        if rng.random() < 0.1:
            p.bio = long_bio(rng, text, p, first_events[p.slug])
    return g.Site(events, people, countries, sources)


def make_sources(
    rng: random.Random, text: g.Text, events: list[g.Event], n_sources: int
) -> list[g.Source]:
    """Published on or after the start of the latest event that cites them."""
    last_use: dict[int, dt.date] = {}
    for ev in events:
        for s in ev.sources:
            last_use[s] = max(last_use.get(s, ev.date.start), ev.date.start)
    ids = g.SlugRegistry()
    sources = []
    for i in range(n_sources):
        src = g.Source(i)
        published = min(last_use[i] + dt.timedelta(days=rng.randint(0, 400)), g.LAST_END)
        src.author = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}"
        src.publisher = rng.choice(g.PUBLISHERS)
        src.id = ids.claim(f"{g.slugify(src.publisher)[:12]}-{published.isoformat()}")
        src.title = text.headline()
        src.published = published.isoformat()
        src.url = f"https://example.org/{g.slugify(src.publisher)}/{src.id}"
        sources.append(src)
    return sources


def name_events(
    rng: random.Random,
    text: g.Text,
    events: list[g.Event],
    countries: list[g.Country],
    taken: set[str],
) -> None:
    # Event slugs share the namespace of people and countries ([[slug]] must name one page).
    slugs = g.SlugRegistry()
    slugs.used |= taken
    names = {c.slug: c.name for c in countries}
    for ev in events:
        place = names[ev.countries[0]] if ev.countries else rng.choice(countries).name
        ev.title = text.title(place)
        if rng.random() < 0.1:  # a long headline now and then
            ev.title += f": {text.clause()}"
        ev.slug = slugs.claim(f"{ev.date.start.year} {ev.title}"[:90])
        ev.summary = text.sentence() if rng.random() < 0.85 else ""


def assign_series(rng: random.Random, events: list[g.Event]) -> None:
    """Numbered series, numbers rising with the dates and without gaps."""
    n_series = max(1, len(events) // 50)
    names = [f"{rng.choice(g.ADJECTIVES)} {rng.choice(SERIES_NAMES)} {k}" for k in range(n_series)]
    ids = [g.slugify(name) for name in names]
    cum = zipf_weights(n_series, 0.7)
    members: dict[int, list[g.Event]] = {}
    for ev in events:  # already in date order
        if rng.random() < IN_SERIES:
            members.setdefault(rng.choices(range(n_series), cum_weights=cum)[0], []).append(ev)
    for k, evs in members.items():
        base = rng.randint(1, 20)
        for number, ev in enumerate(evs, start=base):
            ev.series = (ids[k], number)


def link_for(
    rng: random.Random,
    ev: g.Event,
    earlier: list[g.Event],
    person_name: dict[str, str],
    country_name: dict[str, str],
) -> str:
    roll = rng.random()
    if ev.people and roll < 0.45:
        slug = rng.choice(ev.people)
        return (
            f"[[{slug}]]" if rng.random() < 0.5 else f"[[{slug}|{person_name[slug].split()[-1]}]]"
        )
    if ev.countries and roll < 0.75:
        slug = rng.choice(ev.countries)
        return f"[[{slug}]]" if rng.random() < 0.5 else f"[[{slug}|{country_name[slug]}]]"
    if earlier:
        other = earlier[rng.randrange(len(earlier))]
        return f"[[{other.slug}|the {other.date.start.year} events]]"
    slug = rng.choice(list(person_name))
    return f"[[{slug}]]"


def varied_body(
    rng: random.Random,
    text: g.Text,
    ev: g.Event,
    earlier: list[g.Event],
    sources: list[g.Source],
    person_name: dict[str, str],
    country_name: dict[str, str],
) -> str:
    """A body of one of the BODY_MIX lengths, densely or sparsely linked; every source
    of the event is cited at least once."""
    band = rng.choices(BODY_MIX, weights=[b[0] for b in BODY_MIX])[0]
    _, p_lo, p_hi, s_lo, s_hi = band
    dense = rng.random() < DENSE_LINKS
    ids = [sources[i].id for i in ev.sources]
    counts = [rng.randint(s_lo, s_hi) for _ in range(rng.randint(p_lo, p_hi))]
    total = sum(counts)
    cite_at: dict[int, list[str]] = {}
    for sid in ids:
        cite_at.setdefault(rng.randrange(total), []).append(sid)
    blocks: list[str] = []
    k = 0
    for n_par, count in enumerate(counts):
        if len(counts) >= 8 and n_par and n_par % 4 == 0:
            blocks.append(f"## {text.headline()}")
        sentences = []
        for _ in range(count):
            subject = link_for(rng, ev, earlier, person_name, country_name) if dense else None
            s = text.sentence(subject, bold=rng.random() < 0.05)[:-1]
            if dense and rng.random() < 0.6:
                s += f", with {link_for(rng, ev, earlier, person_name, country_name)}"
            cites = cite_at.get(k, [])
            if dense and ids and rng.random() < 0.3:
                cites = [*cites, rng.choice(ids)]
            s += "".join(f" [@{c}]" for c in dict.fromkeys(cites)) + "."
            sentences.append(s)
            k += 1
        blocks.append(" ".join(sentences))
        if len(counts) >= 8 and rng.random() < 0.2:
            blocks.append(extra_block(rng, text))
    return "\n\n".join(blocks) + "\n"


def extra_block(rng: random.Random, text: g.Text) -> str:
    roll = rng.random()
    if roll < 0.5:
        return "\n".join(
            f"- {text.np()} {rng.choice(g.PREPOSITIONS)} {text.np()}"
            for _ in range(rng.randint(3, 8))
        )
    if roll < 0.9:
        return "> " + text.sentence()
    lang, code = rng.choice(g.CODE_SNIPPETS)
    return f"```{lang}\n{code}\n```"


def long_bio(rng: random.Random, text: g.Text, p: g.Person, theirs: list[g.Event]) -> str:
    """A few paragraphs for a prominent person, linking to their first events."""
    paragraphs = [g.person_bio(p).rstrip("\n")]
    for ev in theirs:
        paragraphs.append(f"{text.sentence()} See [[{ev.slug}|{ev.title}]].")
    return "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    return g.cli(argv, generate_varied, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
