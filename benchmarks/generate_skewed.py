"""Generate the 'skewed' benchmark corpus (and optionally the same site for Hugo).

    python benchmarks/generate_skewed.py OUTDIR --events N [--seed 1] [--hugo HUGODIR] [--force]

The other corpora spread their people, places and links fairly evenly, or push one axis
to its end. This one is heavy-tailed everywhere at once, as an archive grown around a
few big stories is, and written in many scripts (the *_MIX and *_SHARE constants give the
exact mix):

- Zipf-distributed people, countries, tags, sources and timelines: one person (the
  anchor) in ANCHOR_SHARE of the events, one country in TOP_COUNTRY_SHARE, one tag in
  TOP_TAG_SHARE, one wire source cited by WIRE_SHARE; the tails in one or two events;
- HOT_SHARE of the events on a dozen days (Zipf: one day takes a third of them, each day
  numbered with `order`), the rest from 3000 BCE to 2024 at every precision, with
  qualifiers, ranges and ongoing events;
- bodies empty, one line, ordinary or 30-90 KB long; every one that is not empty links
  5-25 other events (Zipf: a few events are linked from nearly everywhere) and its people
  and countries, and cites most of its 3-25 sources; 3-15 `related` events on a third;
- 50 timelines (content/timelines/), each event in 1-8 of them (one timeline holds half);
- a long series of N/10 events and N/30 shorter ones;
- titles, names and summaries in Chinese, Japanese, Korean, Arabic, Hebrew, Hindi and
  Russian, emoji (flags, skin tones, ZWJ sequences), and long titles with slugs of up to
  200 characters.

Same seed and N give byte-identical output. Written by generate.py's writers (the Hugo
site gets neither the timelines nor the `order` lines, and shows BCE events on
0001-01-01). Standard library only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g
from generate_extreme import EraDate, SeriesShape, assign_series, deep_date, modern_date
from generate_varied import cover, pick_count, pick_members, zipf_weights

ANCHOR_SHARE = 0.45
TOP_COUNTRY_SHARE = 0.40
TOP_TAG_SHARE = 0.55
WIRE_SHARE = 0.40
HOT_SHARE = 0.30  # events on HOT_DAYS
DEEP_SHARE = 0.12  # events from 3000 BCE to 1899 (the rest: 1900-2024)
N_TIMELINES = 50
N_TAGS = 300
# (probability, low, high) bands per event
PEOPLE_MIX = [(0.30, 0, 0), (0.40, 1, 2), (0.30, 3, 8)]  # beside the anchor
COUNTRY_MIX = [(0.20, 0, 0), (0.60, 1, 2), (0.20, 3, 6)]
TAG_MIX = [(0.10, 0, 0), (0.40, 1, 3), (0.50, 4, 15)]
SOURCE_MIX = [(0.30, 3, 5), (0.40, 6, 12), (0.30, 13, 25)]
TIMELINE_MIX = [(0.50, 1, 1), (0.30, 2, 3), (0.20, 4, 8)]
EVENT_LINK_MIX = [(0.50, 5, 8), (0.35, 9, 15), (0.15, 16, 25)]
# (probability, kind) of bodies
BODY_MIX = [(0.05, "empty"), (0.30, "line"), (0.59, "ordinary"), (0.06, "long")]
WITH_RELATED = 0.33
LONG_TITLE = 0.15  # Latin titles of 120-200 characters (and slugs as long)
SKEWED_SERIES = SeriesShape("the-long-story", 10, "round", 30, 12, 13)
"""One series of N/10 events over all of history and N/30 short ones of 2-12 events."""

HOT_DAYS = [dt.date(y, m, d) for y, m, d in [
    (2022, 2, 24), (2016, 6, 23), (2008, 9, 15), (1994, 4, 7), (2019, 3, 15), (2023, 10, 7),
    (2005, 7, 7), (1999, 12, 31), (2015, 11, 13), (2010, 1, 12), (2004, 12, 26), (2017, 8, 12),
]]  # fmt: skip

# Words of other scripts (no bidi controls: the marks are welcome, an open embedding is not).
SCRIPTS: dict[str, list[str]] = {
    "zh": ["峰会", "谈判", "协议", "选举", "改革", "抗议", "北京", "上海", "经济", "外交", "法院"],
    "ja": ["首脳会談", "経済", "選挙", "東京", "地震", "合意", "大阪", "内閣", "国会", "判決"],
    "ko": ["정상회담", "합의", "서울", "선거", "개혁", "시위", "국회", "경제", "외교"],
    "ar": ["القمة", "الاتفاق", "الانتخابات", "الحكومة", "البرلمان", "بيروت", "القاهرة", "مفاوضات"],
    "he": ["הסכם", "בחירות", "ממשלה", "ירושלים", "פסגה", "מחאה", "בית המשפט", "הכנסת"],
    "hi": ["शिखर सम्मेलन", "चुनाव", "सरकार", "दिल्ली", "समझौता", "संसद", "विरोध"],
    "ru": ["саммит", "переговоры", "выборы", "Москва", "соглашение", "реформа", "суд"],
}  # fmt: skip
EMOJI = ["🔥", "🗳️", "🌍", "⚖️", "🚀", "🛢️", "🇺🇦", "🇯🇵", "👩🏽‍⚖️", "📉", "🕊️", "🏳️‍🌈", "🧑‍🚒", "💶"]
# (name, the slug's spelling)
NAMES = [
    ("王伟", "wang-wei"), ("李娜", "li-na"), ("张敏", "zhang-min"), ("陈静", "chen-jing"),
    ("佐藤 花子", "sato-hanako"), ("鈴木 一郎", "suzuki-ichiro"), ("김민준", "kim-min-jun"),
    ("이서연", "lee-seo-yeon"), ("محمد الحسن", "muhammad-al-hasan"),
    ("فاطمة الزهراء", "fatima-al-zahra"), ("نور الهدى", "nour-al-huda"), ("נועה כהן", "noa-cohen"),
    ("יוסף לוי", "yosef-levi"), ("प्रिया शर्मा", "priya-sharma"), ("Анна Петрова", "anna-petrova"),
    ("Олег Смирнов", "oleg-smirnov"),
]  # fmt: skip


def unicode_phrase(rng: random.Random, script: str, n: int) -> str:
    sep = "" if script in ("zh", "ja") else " "
    return sep.join(rng.choice(SCRIPTS[script]) for _ in range(n))


def make_cast(
    rng: random.Random, n_events: int, slugs: g.SlugRegistry
) -> tuple[list[g.Country], list[g.Person], list[str]]:
    countries: list[g.Country] = []
    seen: set[str] = set()
    for i in range(max(8, n_events // 60)):
        name = "".join(rng.choice(g.SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = (name + rng.choice(g.COUNTRY_ENDINGS)).capitalize()
        while name in seen:
            name += rng.choice(g.SYLLABLES)
        seen.add(name)
        slug = slugs.claim(name)
        if rng.random() < 0.4:  # a name in the country's own script beside it
            name = f"{name} ({unicode_phrase(rng, rng.choice(list(SCRIPTS)), 1)})"
        countries.append(g.Country(slug, name, g.ISO_CODES[i % len(g.ISO_CODES)]))
    people: list[g.Person] = []
    for i in range(max(30, n_events // 15)):
        if rng.random() < 0.4:
            name, spelled = rng.choice(NAMES)
            slug = slugs.claim(spelled)
            if slug != spelled:
                name = f"{name} {slug.rsplit('-', 1)[-1]}"
        else:
            name = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)} {i}"
            slug = slugs.claim(name)
        role = rng.choice(g.ROLES)
        people.append(g.Person(slug, name, role, rng.choice(countries).slug))
    tags = [
        f"{g.slugify(rng.choice(g.ADJECTIVES))}-{g.NOUNS[i % len(g.NOUNS)]}-{i}"
        for i in range(N_TAGS)
    ]
    return countries, people, tags


def make_events(rng: random.Random, n_events: int) -> list[g.Event]:
    """Dated events in timeline order; each hot day's numbered with `order`."""
    hot = zipf_weights(len(HOT_DAYS), 1.2)
    events: list[g.Event] = []
    for _ in range(n_events):
        roll = rng.random()
        end: str | None = None
        if roll < HOT_SHARE:
            day = rng.choices(HOT_DAYS, cum_weights=hot)[0]
            date = EraDate(day, "day", "", day.year)
        elif roll < HOT_SHARE + DEEP_SHARE:
            date, end = deep_date(rng)
        else:
            date, end = modern_date(rng)
        events.append(g.Event(slug="", title="", summary="", date=date, end=end))
    events.sort(key=lambda e: e.date.key() if isinstance(e.date, EraDate) else (0, 0, 0))
    per_day: dict[dt.date, int] = {}
    for ev in events:
        if ev.date.start in HOT_DAYS and ev.date.precision == "day" and not ev.end:
            per_day[ev.date.start] = per_day.get(ev.date.start, 0) + 1
            ev.extra.append(f"order: {per_day[ev.date.start]}")
    return events


def pick_skewed(rng: random.Random, count: int, n: int, cum: list[float], top: float) -> list[int]:
    """`count` Zipf-drawn indexes of range(1, n), led by index 0 with probability `top`."""
    first = 0 if rng.random() < top else None
    rest = pick_members(rng, count, n - 1, cum, None)
    return list(dict.fromkeys([*([first] if first is not None else []), *(i + 1 for i in rest)]))


def cast_events(
    rng: random.Random,
    events: list[g.Event],
    cast: tuple[list[g.Country], list[g.Person], list[str]],
    n_sources: int,
) -> None:
    """People, countries, tags, sources (indexes) and timelines of every event."""
    countries, people, tags = cast
    p_cum, c_cum = zipf_weights(len(people) - 1, 1.1), zipf_weights(len(countries) - 1, 1.2)
    t_cum, s_cum = zipf_weights(len(tags) - 1, 1.1), zipf_weights(n_sources - 1, 0.9)
    tl_cum = zipf_weights(N_TIMELINES, 1.0)
    people_of, countries_of, sources_of, timelines_of = [], [], [], []
    for ev in events:
        people_of.append(
            pick_skewed(rng, pick_count(rng, PEOPLE_MIX), len(people), p_cum, ANCHOR_SHARE)
        )
        countries_of.append(
            pick_skewed(rng, pick_count(rng, COUNTRY_MIX), len(countries), c_cum, TOP_COUNTRY_SHARE)
        )
        sources_of.append(
            pick_skewed(rng, pick_count(rng, SOURCE_MIX), n_sources, s_cum, WIRE_SHARE)
        )
        picked = pick_skewed(rng, pick_count(rng, TAG_MIX), len(tags), t_cum, TOP_TAG_SHARE)
        ev.tags = [tags[i] for i in picked]
        timelines_of.append(
            pick_members(rng, pick_count(rng, TIMELINE_MIX), N_TIMELINES, tl_cum, None)
        )
    for lists, n in ((people_of, len(people)), (countries_of, len(countries))):
        cover(rng, lists, n)
    cover(rng, sources_of, n_sources)
    cover(rng, timelines_of, N_TIMELINES)
    for ev, ps, cs, ss, ts in zip(
        events, people_of, countries_of, sources_of, timelines_of, strict=True
    ):
        ev.people = [people[i].slug for i in ps]
        ev.countries = [countries[i].slug for i in cs]
        ev.sources = ss or [0]
        ev.extra.append(g.yaml_list("timelines", [timeline_id(t) for t in ts]).rstrip("\n"))


def timeline_id(i: int) -> str:
    return f"story-{i + 1:02d}"


def make_sources(
    rng: random.Random, text: g.Text, events: list[g.Event], n: int, slugs: g.SlugRegistry
) -> list[g.Source]:
    """Published after the latest event that cites them (1990 or later); titles in
    every script."""
    floor = dt.date(1990, 1, 1)
    last_use: dict[int, dt.date] = {}
    for ev in events:
        start = ev.date.start if isinstance(ev.date, EraDate) and ev.date.year >= 1 else floor
        for s in ev.sources:
            last_use[s] = max(last_use.get(s, floor), start)
    sources = []
    for i in range(n):
        src = g.Source(i)
        published = min(last_use.get(i, floor) + dt.timedelta(days=rng.randint(0, 200)), g.LAST_END)
        src.author = f"{rng.choice(g.FIRST_NAMES)} {rng.choice(g.LAST_NAMES)}"
        src.publisher = rng.choice(g.PUBLISHERS)
        src.id = slugs.claim(f"{g.slugify(src.publisher)[:10]}-{published.isoformat()}")
        src.title = text.headline()
        if rng.random() < 0.4:
            src.title = f"{unicode_phrase(rng, rng.choice(list(SCRIPTS)), 3)}: {src.title}"
        src.published = published.isoformat()
        src.url = f"https://example.org/{g.slugify(src.publisher)}/{src.id}"
        sources.append(src)
    return sources


def make_title(rng: random.Random, text: g.Text, ev: g.Event, place: str) -> tuple[str, str]:
    """A title and the base of its slug."""
    roll = rng.random()
    date = ev.date.text().strip("~?%")
    if roll < 0.35:  # another script: the slug from the date and a hash, as `new` makes it
        script = rng.choice(list(SCRIPTS))
        title = unicode_phrase(rng, script, rng.randint(2, 6))
        if rng.random() < 0.3:
            title += f" {rng.choice(EMOJI)}"
        digest = hashlib.sha1(title.encode()).hexdigest()[:6]
        return title, f"event-{script}-{date}-{digest}"
    title = text.title(place)
    if roll < 0.55:
        title = f"{rng.choice(EMOJI)} {title} {rng.choice(EMOJI)}"
    elif roll < 0.55 + LONG_TITLE:
        while len(title) < rng.randint(120, 200):
            title += f", {rng.choice(g.CONNECTIVES)} {text.clause()}"
    return title, g.slugify(title)[:200].strip("-")


def event_link(rng: random.Random, events: list[g.Event], ev: g.Event, cum: list[float]) -> str:
    other = events[rng.choices(range(len(events)), cum_weights=cum)[0]]
    if other is ev:
        return ""
    return f"[[{other.slug}]]" if rng.random() < 0.5 else f"[[{other.slug}|{other.title}]]"


def sentence(rng: random.Random, text: g.Text, subject: str | None, cite: str | None) -> str:
    if rng.random() < 0.2:
        words = unicode_phrase(rng, rng.choice(list(SCRIPTS)), rng.randint(3, 8))
        s = f"{subject}: {words}" if subject else words
        return s + (f" [@{cite}]" if cite else "") + "."
    return text.sentence(subject, cite=cite)


def paragraph(rng: random.Random, text: g.Text, mentions: list[str], ids: list[str], n: int) -> str:
    out = []
    for _ in range(n):
        subject = rng.choice(mentions) if mentions and rng.random() < 0.5 else None
        cite = rng.choice(ids) if rng.random() < 0.6 else None
        out.append(sentence(rng, text, subject, cite))
    return " ".join(out)


def body(
    rng: random.Random,
    text: g.Text,
    ev: g.Event,
    links: list[str],
    names: dict[str, str],
    ids: list[str],
) -> str:
    """Empty, one line, ordinary or 30-90 KB; every non-empty one links its events, its
    people and countries, and cites its sources."""
    kind = rng.choices([k for _, k in BODY_MIX], weights=[p for p, _ in BODY_MIX])[0]
    if kind == "empty":
        return ""
    mentions = [
        f"[[{s}]]" if rng.random() < 0.5 else f"[[{s}|{names[s]}]]"
        for s in ev.people + ev.countries
    ]
    if kind == "line":
        return paragraph(rng, text, mentions, ids, 1) + " See " + ", ".join(links) + ".\n"
    blocks = [
        paragraph(rng, text, mentions, ids, rng.randint(3, 7)) for _ in range(rng.randint(1, 4))
    ]
    if kind == "long":
        target = rng.randint(30_000, 90_000)
        while sum(len(b.encode()) for b in blocks) < target:
            if len(blocks) % 5 == 4:
                blocks.append(f"## {text.headline()}")
            blocks.append(paragraph(rng, text, mentions, ids, rng.randint(4, 9)))
    blocks.append("See also: " + ", ".join(links) + ".")
    for cite in ids:  # every source cited once
        blocks[rng.randrange(len(blocks) - 1) if len(blocks) > 1 else 0] += f" [@{cite}]"
    return "\n\n".join(blocks) + "\n"


def timelines(rng: random.Random, text: g.Text, events: list[g.Event]) -> dict[str, str]:
    files = {}
    for i in range(N_TIMELINES):
        script = rng.choice(list(SCRIPTS))
        title = f"{text.headline()} · {unicode_phrase(rng, script, 2)}"
        picks = " ".join(f"[[{rng.choice(events).slug}]]" for _ in range(3))
        files[f"timelines/{timeline_id(i)}.md"] = (
            f"---\ntitle: {g.q(title)}\nsummary: {g.q(text.sentence())}\n"
            f"byline: [{g.q(rng.choice(NAMES)[0])}, Desk]\n"
            f"order: {'newest' if i % 3 == 0 else 'oldest'}\n---\n\n"
            f"{text.sentence()} {picks}\n"
        )
    return files


def generate_skewed(n_events: int, seed: int) -> g.Site:
    rng = random.Random(seed)
    text = g.Text(rng)
    slugs = g.SlugRegistry()
    cast = make_cast(rng, n_events, slugs)
    countries, people, _ = cast
    events = make_events(rng, n_events)
    n_sources = max(30, n_events // 2)
    cast_events(rng, events, cast, n_sources)
    sources = make_sources(rng, text, events, n_sources, slugs)
    names = {p.slug: p.name for p in people} | {c.slug: c.name for c in countries}
    for ev in events:
        place = names[ev.countries[0]] if ev.countries else countries[0].name
        ev.title, base = make_title(rng, text, ev, place)
        ev.slug = slugs.claim(base)
        if rng.random() < 0.7:
            ev.summary = sentence(rng, text, None, None)
    assign_series(rng, events, HOT_DAYS, SKEWED_SERIES)
    popular = list(range(len(events)))
    rng.shuffle(popular)  # a few events linked from nearly everywhere, in any era
    ranked = [events[i] for i in popular]
    cum = zipf_weights(len(events), 1.0)
    for ev in events:
        links = [event_link(rng, ranked, ev, cum) for _ in range(pick_count(rng, EVENT_LINK_MIX))]
        by_slug = {x.split("|")[0]: x for x in links if x}  # each event linked once
        links = list(by_slug.values())
        if rng.random() < WITH_RELATED:
            picked = (
                rng.choices(ranked, cum_weights=cum)[0].slug for _ in range(rng.randint(3, 15))
            )
            ev.related = [s for s in dict.fromkeys(picked) if s != ev.slug]
        ids = [sources[i].id for i in ev.sources]
        ev.body = body(rng, text, ev, links or [f"[[{people[0].slug}]]"], names, ids)
    theirs = [ev for ev in events if people[0].slug in ev.people]
    lines = [g.person_bio(people[0]).rstrip("\n")]
    lines += [
        f"{text.sentence()} See [[{ev.slug}]]." for ev in rng.sample(theirs, min(60, len(theirs)))
    ]
    people[0].bio = "\n\n".join(lines) + "\n"
    site = g.Site(events, people, countries, sources)
    site.files = timelines(rng, text, events)
    return site


def main(argv: list[str] | None = None) -> int:
    return g.cli(argv, generate_skewed, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
