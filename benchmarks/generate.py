"""Generate a synthetic, deterministic sitegen site (and optionally the same site for Hugo).

    python benchmarks/generate.py OUTDIR --events N [--seed 1] [--hugo HUGODIR] [--force]

OUTDIR/content/ gets site.yaml, sources.yaml, events/YYYY/SLUG.md, people/SLUG.md and
countries/SLUG.md in sitegen's format. With --hugo, HUGODIR gets a Hugo site with the same
content (wiki links and citations turned into plain Markdown links) and a small theme
comparable to sitegen's default. Same seed and N give byte-identical output.

Only the standard library is used; YAML is written by hand (JSON-quoted strings are valid YAML).
"""

# The word pools and Hugo templates below read better unwrapped.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_URL = "https://example.org/bench/"
BASE_PATH = "/bench/"  # path part of BASE_URL, used for Hugo's plain Markdown links
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
LAST_END = dt.date(2025, 6, 30)  # latest 'end' and 'published' date

# --------------------------------------------------------------------------- word pools

ADJECTIVES = [
    "new",
    "old",
    "public",
    "private",
    "regional",
    "national",
    "local",
    "early",
    "late",
    "major",
    "minor",
    "broad",
    "narrow",
    "formal",
    "informal",
    "temporary",
    "permanent",
    "joint",
    "separate",
    "secret",
    "open",
    "rural",
    "urban",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "federal",
    "provincial",
    "municipal",
    "annual",
    "emergency",
    "final",
    "initial",
    "long",
    "short",
    "rapid",
    "slow",
    "quiet",
    "loud",
    "modest",
    "bold",
    "careful",
    "sudden",
    "disputed",
    "contested",
    "limited",
    "expanded",
    "revised",
    "draft",
    "landmark",
    "historic",
    "controversial",
]

NOUNS = [
    "agreement",
    "budget",
    "ceasefire",
    "charter",
    "coalition",
    "commission",
    "committee",
    "compromise",
    "council",
    "court",
    "crisis",
    "deadline",
    "debate",
    "decision",
    "delegation",
    "election",
    "embargo",
    "evidence",
    "framework",
    "inquiry",
    "investigation",
    "law",
    "majority",
    "mandate",
    "market",
    "ministry",
    "mission",
    "negotiation",
    "network",
    "office",
    "parliament",
    "petition",
    "pipeline",
    "plan",
    "policy",
    "port",
    "program",
    "project",
    "protest",
    "railway",
    "referendum",
    "reform",
    "region",
    "report",
    "ruling",
    "sanction",
    "settlement",
    "strike",
    "summit",
    "survey",
    "tariff",
    "treaty",
    "tribunal",
    "union",
    "verdict",
    "vote",
    "waterway",
    "harbor",
    "bridge",
    "dam",
    "archive",
    "border",
    "census",
]

PLURALS = [
    "officials",
    "workers",
    "farmers",
    "students",
    "lawyers",
    "journalists",
    "investors",
    "observers",
    "residents",
    "ministers",
    "diplomats",
    "engineers",
    "activists",
    "voters",
    "judges",
    "negotiators",
    "unions",
    "companies",
    "families",
    "doctors",
    "teachers",
    "researchers",
    "auditors",
    "traders",
    "fishermen",
    "mayors",
]

VERBS_PAST = [
    "approved",
    "rejected",
    "announced",
    "signed",
    "suspended",
    "delayed",
    "criticised",
    "endorsed",
    "published",
    "extended",
    "challenged",
    "reviewed",
    "confirmed",
    "questioned",
    "revised",
    "blocked",
    "funded",
    "proposed",
    "defended",
    "abandoned",
    "negotiated",
    "ratified",
    "postponed",
    "examined",
    "launched",
    "restored",
]

VERBS_BASE = [
    "approve",
    "reject",
    "announce",
    "sign",
    "suspend",
    "delay",
    "review",
    "confirm",
    "revise",
    "block",
    "fund",
    "propose",
    "extend",
    "examine",
    "restore",
    "launch",
    "defend",
    "finance",
    "expand",
    "reduce",
    "replace",
]

PREPOSITIONS = [
    "after",
    "before",
    "during",
    "despite",
    "amid",
    "under",
    "within",
    "beyond",
    "against",
    "over",
]
CONNECTIVES = [
    "while",
    "although",
    "because",
    "even though",
    "as",
    "since",
    "after",
    "before",
]
ADVERBS = [
    "quickly",
    "slowly",
    "quietly",
    "publicly",
    "formally",
    "partly",
    "largely",
    "eventually",
    "narrowly",
]
SUBJECTS = [
    "Council",
    "Ministry",
    "Court",
    "Parliament",
    "Union",
    "Coalition",
    "Agency",
    "Committee",
    "Government",
    "Senate",
    "Commission",
    "Tribunal",
    "Assembly",
    "Cabinet",
    "Mayor",
    "Regulator",
    "Board",
    "Opposition",
    "Delegation",
    "Alliance",
]

TAGS = [
    "elections",
    "economy",
    "justice",
    "health",
    "environment",
    "energy",
    "trade",
    "security",
    "migration",
    "education",
    "diplomacy",
    "labour",
    "media",
    "technology",
    "transport",
    "housing",
    "agriculture",
    "water",
    "corruption",
    "protest",
    "infrastructure",
    "finance",
    "culture",
    "science",
    "defence",
    "human-rights",
    "climate",
    "borders",
    "budget",
    "sport",
]

ROLES = [
    "minister of finance",
    "foreign minister",
    "prime minister",
    "opposition leader",
    "trade union organiser",
    "investigative journalist",
    "supreme court judge",
    "central bank governor",
    "mayor",
    "human rights lawyer",
    "economist",
    "environmental activist",
    "diplomat",
    "party spokesperson",
    "police commissioner",
    "historian",
    "business executive",
    "election observer",
]

FIRST_NAMES = [
    "Ada",
    "Amir",
    "Ana",
    "Anders",
    "Anika",
    "Aya",
    "Bea",
    "Bruno",
    "Carla",
    "Chen",
    "Dario",
    "Dana",
    "Elif",
    "Emil",
    "Eva",
    "Farah",
    "Felix",
    "Gita",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jana",
    "Jonas",
    "Kai",
    "Kamala",
    "Lars",
    "Lea",
    "Leila",
    "Luca",
    "Maya",
    "Mateo",
    "Mira",
    "Nadia",
    "Nico",
    "Nora",
    "Omar",
    "Olga",
    "Pablo",
    "Priya",
    "Rafael",
    "Rosa",
    "Sami",
    "Sara",
    "Sofia",
    "Tariq",
    "Tess",
    "Tomas",
    "Uma",
    "Vera",
    "Viktor",
    "Wen",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoltan",
    "Ayla",
    "Bjorn",
    "Chiara",
    "Dmitri",
]

LAST_NAMES = [
    "Abbott",
    "Alvarez",
    "Andersen",
    "Baker",
    "Bianchi",
    "Castro",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Hansen",
    "Ito",
    "Ivanova",
    "Jensen",
    "Kaur",
    "Keller",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Perez",
    "Petrov",
    "Quinn",
    "Rahman",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Torres",
    "Varga",
    "Vogel",
    "Wagner",
    "Walsh",
    "Weber",
    "Yilmaz",
    "Zhang",
    "Ziegler",
    "Mendes",
    "Nilsson",
    "Popescu",
    "Horvat",
    "Kovacs",
    "Laine",
    "Moretti",
    "Brennan",
]

SYLLABLES = [
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fa",
    "gor",
    "hal",
    "is",
    "ka",
    "lor",
    "mon",
    "nor",
    "os",
    "pel",
    "ros",
    "sar",
    "tal",
    "ur",
    "var",
    "zen",
    "bra",
    "cal",
    "dor",
    "fen",
    "gal",
    "jor",
    "kel",
    "mir",
    "val",
]
COUNTRY_ENDINGS = ["ia", "land", "stan", "ova", "ador", "ea", "ania", "esia", "ica", "ar"]

PUBLISHERS = [
    "The Daily Ledger",
    "Northern Herald",
    "Global Wire Service",
    "The Evening Courier",
    "Harbor Times",
    "Continental Review",
    "The Civic Observer",
    "Metro Gazette",
    "Policy Quarterly",
    "The Record",
    "Frontline Radio",
    "Open Archive Journal",
    "The Weekly Standard Bearer",
    "Riverside Post",
    "Independent Monitor",
    "Capital Chronicle",
]

# Real ISO 3166-1 alpha-2 codes, cycled (repeats are fine for a benchmark).
ISO_CODES = [
    "AD",
    "AE",
    "AF",
    "AG",
    "AL",
    "AM",
    "AO",
    "AR",
    "AT",
    "AU",
    "AZ",
    "BA",
    "BB",
    "BD",
    "BE",
    "BF",
    "BG",
    "BH",
    "BI",
    "BJ",
    "BN",
    "BO",
    "BR",
    "BS",
    "BT",
    "BW",
    "BY",
    "BZ",
    "CA",
    "CD",
    "CF",
    "CG",
    "CH",
    "CI",
    "CL",
    "CM",
    "CN",
    "CO",
    "CR",
    "CU",
    "CV",
    "CY",
    "CZ",
    "DE",
    "DJ",
    "DK",
    "DM",
    "DO",
    "DZ",
    "EC",
    "EE",
    "EG",
    "ER",
    "ES",
    "ET",
    "FI",
    "FJ",
    "FR",
    "GA",
    "GB",
    "GD",
    "GE",
    "GH",
    "GM",
    "GN",
    "GQ",
    "GR",
    "GT",
    "GW",
    "GY",
    "HN",
    "HR",
    "HT",
    "HU",
    "ID",
    "IE",
    "IL",
    "IN",
    "IQ",
    "IR",
    "IS",
    "IT",
    "JM",
    "JO",
    "JP",
    "KE",
    "KG",
    "KH",
    "KI",
    "KM",
    "KN",
    "KP",
    "KR",
    "KW",
    "KZ",
    "LA",
    "LB",
    "LC",
    "LI",
    "LK",
    "LR",
    "LS",
    "LT",
    "LU",
    "LV",
    "LY",
    "MA",
    "MC",
    "MD",
    "ME",
    "MG",
    "MH",
    "MK",
    "ML",
    "MM",
    "MN",
    "MR",
    "MT",
    "MU",
    "MV",
    "MW",
    "MX",
    "MY",
    "MZ",
    "NA",
    "NE",
    "NG",
    "NI",
    "NL",
    "NO",
    "NP",
    "NR",
    "NZ",
    "OM",
    "PA",
    "PE",
    "PG",
    "PH",
    "PK",
    "PL",
    "PT",
    "PW",
    "PY",
    "QA",
    "RO",
    "RS",
    "RU",
    "RW",
    "SA",
    "SB",
    "SC",
    "SD",
    "SE",
    "SG",
    "SI",
    "SK",
    "SL",
    "SM",
    "SN",
    "SO",
    "SR",
    "SS",
    "ST",
    "SV",
    "SY",
    "SZ",
    "TD",
    "TG",
    "TH",
    "TJ",
    "TL",
    "TM",
    "TN",
    "TO",
    "TR",
    "TT",
    "TV",
    "TZ",
    "UA",
    "UG",
    "US",
    "UY",
    "UZ",
    "VA",
    "VC",
    "VE",
    "VN",
    "VU",
    "WS",
    "YE",
    "ZA",
    "ZM",
    "ZW",
]

CODE_SNIPPETS = [
    (
        "json",
        '{\n  "office": "electoral commission",\n  "turnout": 0.64,\n  "seats": [41, 38, 12]\n}',
    ),
    (
        "python",
        "totals = {}\nfor row in ballots:\n    totals[row.party] = totals.get(row.party, 0) + row.votes",
    ),
    ("text", "REF 1998/114\nSTATUS  ratified\nSIGNED  14 parties\nRESERVED  3 articles"),
    ("csv", "year,budget,deficit\n2001,41.2,3.1\n2002,43.8,2.7\n2003,44.0,2.9"),
    ("yaml", "treaty:\n  signed: 2004-06-01\n  parties: 7\n  annexes: [A, B, C]"),
]

# --------------------------------------------------------------------------- model


@dataclass
class EventDate:
    """A date with its precision: 'day', 'month' or 'year', and an EDTF qualifier
    ('~' approximate, '?' uncertain, '%' both; the standard corpus has none)."""

    start: dt.date
    precision: str
    qualifier: str = ""

    def text(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}{self.qualifier}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}{self.qualifier}"
        return self.start.isoformat() + self.qualifier


@dataclass
class Country:
    slug: str
    name: str
    iso: str
    text: str = ""  # the body; country_text() when empty


@dataclass
class Person:
    slug: str
    name: str
    role: str
    country: str
    bio: str = ""  # the body; person_bio() when empty


@dataclass
class Source:
    index: int
    id: str = ""
    title: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    published: str = ""


@dataclass
class Event:
    slug: str
    title: str
    summary: str
    date: EventDate
    end: str | None
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # indexes into the sources list
    body: str = ""
    # Written only when set (the standard corpus sets neither): other events' slugs, and
    # the series' id with this event's number in it.
    related: list[str] = field(default_factory=list)
    series: tuple[str, int] | None = None
    # Front-matter lines written as they are, after the others (generate_extreme.py's
    # time, order and image; sitegen only: Hugo's lean layout shows none of them).
    extra: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class SlugRegistry:
    """Keeps every slug of the site unique across events, people, countries and sources."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, base: str) -> str:
        base = slugify(base) or "item"
        slug, n = base, 2
        while slug in self.used:
            slug = f"{base}-{n}"
            n += 1
        self.used.add(slug)
        return slug


def q(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def yaml_list(key: str, items: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  - {q(i)}\n" for i in items)


def add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


class Text:
    """Pseudo-random but readable English-ish prose from a seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def np(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.45:
            return f"the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        if roll < 0.75:
            return f"the {r.choice(NOUNS)}"
        return f"{r.choice(ADJECTIVES)} {r.choice(PLURALS)}"

    def clause(self, subject: str | None = None) -> str:
        r = self.r
        subject = subject or self.np()
        s = f"{subject} {r.choice(VERBS_PAST)} {self.np()}"
        if r.random() < 0.6:
            s += f" {r.choice(PREPOSITIONS)} {self.np()}"
        return s

    def sentence(
        self, subject: str | None = None, bold: bool = False, cite: str | None = None
    ) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.35:
            s = f"{self.clause(subject)}, {r.choice(CONNECTIVES)} {self.clause()}"
        elif roll < 0.55:
            who = subject or f"{r.choice(PLURALS)}"
            s = f"{who} said that {self.np()} would {r.choice(VERBS_BASE)} {self.np()} {r.choice(ADVERBS)}"
        else:
            s = self.clause(subject)
        if bold:
            words = s.split(" ")
            if len(words) > 6:
                i = r.randrange(2, len(words) - 3)
                # Don't bold across a wiki link or into one.
                pair = words[i : i + 2]
                if not any("[" in w or "]" in w for w in pair) and not pair[0].endswith(","):
                    words[i] = "**" + words[i]
                    words[i + 1] = words[i + 1] + "**"
                    s = " ".join(words)
        s = s[0].upper() + s[1:]
        if cite:
            s += f" [@{cite}]"
        return s + "."

    def title(self, place: str) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.4:
            t = f"{r.choice(SUBJECTS)} {r.choice(VERBS_PAST)} {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        elif roll < 0.7:
            t = f"{r.choice(ADJECTIVES).capitalize()} {r.choice(NOUNS)} {r.choice(VERBS_PAST)} in {place}"
        else:
            t = f"{r.choice(PLURALS).capitalize()} {r.choice(VERBS_PAST)} {r.choice(NOUNS)} {r.choice(PREPOSITIONS)} {r.choice(NOUNS)}"
        return t

    def headline(self) -> str:
        r = self.r
        return f"{r.choice(ADJECTIVES).capitalize()} {r.choice(NOUNS)} {r.choice(VERBS_PAST)} {r.choice(PREPOSITIONS)} {r.choice(NOUNS)} talks"


# --------------------------------------------------------------------------- generation


@dataclass
class Site:
    events: list[Event]
    people: list[Person]
    countries: list[Country]
    sources: list[Source]
    # sitegen only, written as they are when set (generate_newsroom.py's): site.yaml's
    # lines after the others, and other files of content/ by their path in it.
    settings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def generate(n_events: int, seed: int) -> Site:
    rng = random.Random(seed)
    text = Text(rng)
    slugs = SlugRegistry()
    n_people = max(1, n_events // 10)
    n_countries = max(1, n_events // 50)
    n_sources = max(1, 3 * n_events // 10)

    countries: list[Country] = []
    names_seen: set[str] = set()
    for i in range(n_countries):
        for _ in range(50):
            name = (
                rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(COUNTRY_ENDINGS)
            ).capitalize()
            if name not in names_seen:
                break
        names_seen.add(name)
        countries.append(Country(slugs.claim(name), name, ISO_CODES[i % len(ISO_CODES)]))

    people: list[Person] = []
    for _ in range(n_people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if slugify(name) in slugs.used:
            name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        people.append(
            Person(slugs.claim(name), name, rng.choice(ROLES), rng.choice(countries).slug)
        )

    sources = [Source(i) for i in range(n_sources)]

    # Dates and titles first.
    span = (LAST_DAY - FIRST_DAY).days
    events: list[Event] = []
    for _ in range(n_events):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        roll = rng.random()
        if roll < 0.03:
            date = EventDate(dt.date(day.year, 1, 1), "year")
        elif roll < 0.13:
            date = EventDate(dt.date(day.year, day.month, 1), "month")
        else:
            date = EventDate(day, "day")
        end = None
        if rng.random() < 0.05:
            # Ends stay in the past (up to LAST_END); otherwise the event is ongoing.
            if rng.random() < 0.3:
                end = "ongoing"
            elif date.precision == "year":
                e = dt.date(date.start.year + rng.randint(1, 4), 1, 1)
                end = f"{e.year:04d}" if e <= LAST_END else "ongoing"
            elif date.precision == "month":
                e = add_months(date.start, rng.randint(1, 18))
                end = f"{e.year:04d}-{e.month:02d}" if e <= LAST_END else "ongoing"
            else:
                e = date.start + dt.timedelta(days=rng.randint(1, 400))
                end = e.isoformat() if e <= LAST_END else "ongoing"
        events.append(Event(slug="", title="", summary="", date=date, end=end))

    # Coverage: walk events in a shuffled order and hand out people, countries and sources
    # round-robin (each list is no longer than the event list), then add random extras.
    order = list(range(n_events))
    rng.shuffle(order)
    p_order, c_order, s_order = (
        list(range(n_people)),
        list(range(n_countries)),
        list(range(n_sources)),
    )
    rng.shuffle(p_order)
    rng.shuffle(c_order)
    rng.shuffle(s_order)
    for k, i in enumerate(order):
        ev = events[i]
        ppl = [p_order[k % n_people]]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            ppl.append(rng.randrange(n_people))
        ev.people = list(dict.fromkeys(people[p].slug for p in ppl))
        cs = [c_order[k % n_countries]]
        if rng.random() < 0.3:
            cs.append(rng.randrange(n_countries))
        ev.countries = list(dict.fromkeys(countries[c].slug for c in cs))
        srcs = [s_order[k % n_sources]]
        for _ in range(rng.choice((0, 0, 1, 2))):
            srcs.append(rng.randrange(n_sources))
        ev.sources = list(dict.fromkeys(srcs))
        ev.tags = rng.sample(TAGS, rng.randint(1, 3))

    # Sources: published on or after the start of every event that cites them (within three
    # months of the latest one): sitegen warns when a report precedes what it reports.
    last_use: dict[int, dt.date] = {}
    for ev in events:
        for s in ev.sources:
            if s not in last_use or ev.date.start > last_use[s]:
                last_use[s] = ev.date.start
    for src in sources:
        published = min(last_use[src.index] + dt.timedelta(days=rng.randint(0, 90)), LAST_END)
        src.author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        src.id = slugs.claim(f"{src.author.split()[-1]}{published.year}")
        src.publisher = rng.choice(PUBLISHERS)
        src.title = text.headline()
        src.published = published.isoformat()
        src.url = f"https://example.org/{slugify(src.publisher)}/{published.year}/{published.month:02d}/{src.id}"

    country_name = {c.slug: c.name for c in countries}
    person_name = {p.slug: p.name for p in people}
    for ev in events:
        place = country_name[ev.countries[0]]
        ev.title = text.title(place)
        ev.slug = slugs.claim(ev.title)
        ev.summary = text.sentence()
        ev.body = event_body(
            rng, text, ev, [sources[s].id for s in ev.sources], person_name, country_name
        )
    return Site(events, people, countries, sources)


def event_body(
    rng: random.Random,
    text: Text,
    ev: Event,
    source_ids: list[str],
    person_name: dict[str, str],
    country_name: dict[str, str],
) -> str:
    """3-5 paragraphs, ~250-450 words, each person, country and source referenced at least once."""
    n_par = rng.randint(3, 5)
    n_sent = [rng.randint(5, 7) for _ in range(n_par)]
    total = sum(n_sent)

    # Subjects that are wiki links, spread over random sentence slots.
    mentions: list[str] = []
    for slug in ev.people:
        mentions.append(
            f"[[{slug}]]" if rng.random() < 0.6 else f"[[{slug}|{person_name[slug].split()[-1]}]]"
        )
    for slug in ev.countries:
        mentions.append(
            f"the government of [[{slug}|{country_name[slug]}]]"
            if rng.random() < 0.6
            else f"[[{slug}]]"
        )
    slots = rng.sample(range(total), min(total, len(mentions)))
    subject_at = dict(zip(slots, mentions, strict=True))
    cite_slots = rng.sample(range(total), min(total, len(source_ids)))
    cite_at = dict(zip(cite_slots, source_ids, strict=True))
    for i in range(total):  # a few repeat citations
        if i not in cite_at and rng.random() < 0.08:
            cite_at[i] = rng.choice(source_ids)

    paragraphs: list[str] = []
    k = 0
    for count in n_sent:
        sentences = []
        bold_at = rng.randrange(count) if rng.random() < 0.4 else -1
        for j in range(count):
            sentences.append(
                text.sentence(subject_at.get(k), bold=j == bold_at, cite=cite_at.get(k))
            )
            k += 1
        paragraphs.append(" ".join(sentences))

    blocks: list[str] = list(paragraphs)
    if rng.random() < 0.15:
        items = [
            f"{text.np()} {rng.choice(PREPOSITIONS)} {text.np()}" for _ in range(rng.randint(3, 5))
        ]
        numbered = rng.random() < 0.3
        lst = "The main points were:\n\n" + "\n".join(
            f"{f'{i + 1}.' if numbered else '-'} {it}" for i, it in enumerate(items)
        )
        blocks.insert(rng.randint(1, len(paragraphs)), lst)
    if rng.random() < 0.05:
        lang, code = rng.choice(CODE_SNIPPETS)
        blocks.insert(rng.randint(1, len(blocks)), f"```{lang}\n{code}\n```")
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- sitegen output


def write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)


def write_sitegen(site: Site, outdir: Path, n_events: int) -> None:
    content = outdir / "content"
    write(
        content / "site.yaml",
        f"title: {q(f'Synthetic benchmark timeline ({n_events} events)')}\n"
        f"base_url: {BASE_URL}\n"
        "language: en\n" + "".join(f"{line}\n" for line in site.settings),
    )
    for name, text in site.files.items():
        write(content / name, text)
    lines = []
    for s in site.sources:
        lines.append(
            f"{s.id}:\n"
            f"  title: {q(s.title)}\n"
            f"  publisher: {q(s.publisher)}\n"
            f"  author: {q(s.author)}\n"
            f"  url: {q(s.url)}\n"
            f"  published: {q(s.published)}\n"
        )
    write(content / "sources.yaml", "".join(lines))

    for ev in site.events:
        fm = [f"title: {q(ev.title)}"]
        if ev.summary:
            fm.append(f"summary: {q(ev.summary)}")
        fm.append(f"date: {q(ev.date.text())}")
        if ev.end:
            fm.append(f"end: {q(ev.end)}")
        for key, items in (
            ("people", ev.people),
            ("countries", ev.countries),
            ("tags", ev.tags),
            ("sources", [site.sources[i].id for i in ev.sources]),
            ("related", ev.related),
        ):
            if items:  # an empty list is left out, as a writer would
                fm.append(yaml_list(key, items).rstrip("\n"))
        if ev.series:
            fm.append(f"series: {{id: {q(ev.series[0])}, number: {ev.series[1]}}}")
        fm.extend(ev.extra)
        write(
            content / "events" / f"{ev.date.start.year:04d}" / f"{ev.slug}.md",
            "---\n" + "\n".join(fm) + "\n---\n\n" + ev.body,
        )

    for p in site.people:
        write(
            content / "people" / f"{p.slug}.md",
            f"---\nname: {q(p.name)}\nrole: {q(p.role)}\ncountry: {q(p.country)}\n---\n\n{p.bio or person_bio(p)}",
        )
    for c in site.countries:
        write(
            content / "countries" / f"{c.slug}.md",
            f"---\nname: {q(c.name)}\niso: {q(c.iso)}\n---\n\n{c.text or country_text(c)}",
        )


def person_bio(p: Person) -> str:
    return (
        f"{p.name} is a {p.role} from [[{p.country}]]. Over several decades {p.name.split()[-1]} "
        "took part in negotiations, public hearings and reform programmes, and is frequently "
        "quoted by regional and international press on questions of governance and accountability.\n"
    )


def country_text(c: Country) -> str:
    return (
        f"{c.name} is a synthetic country used by the sitegen benchmark. Its parliament, courts and "
        "ministries appear throughout the timeline, often in disputes over budgets, borders and "
        "trade, and its press publishes many of the sources cited by the events below.\n"
    )


# --------------------------------------------------------------------------- hugo output

WIKI_RE = re.compile(r"\[\[([a-z0-9-]+)(?:\|([^\]]+))?\]\]")
CITE_RE = re.compile(r"\[@([a-z0-9-]+)\]")


def hugo_body(
    body: str,
    source_ids: list[str],
    person_name: dict[str, str],
    country_name: dict[str, str],
    event_title: dict[str, str] | None = None,
) -> str:
    def wiki(m: re.Match[str]) -> str:
        slug, label = m.group(1), m.group(2)
        if slug in person_name:
            return f"[{label or person_name[slug]}]({BASE_PATH}people/{slug}/)"
        if event_title and slug in event_title:
            return f"[{label or event_title[slug]}]({BASE_PATH}events/{slug}/)"
        return f"[{label or country_name[slug]}]({BASE_PATH}countries/{slug}/)"

    def cite(m: re.Match[str]) -> str:
        n = source_ids.index(m.group(1)) + 1
        return f"[[{n}]](#source-{n})"

    # Wiki links first: the citation replacement itself looks like [[n]].
    return CITE_RE.sub(cite, WIKI_RE.sub(wiki, body))


HUGO_CONFIG = """\
baseURL: {base_url}
title: {title}
languageCode: en
taxonomies:
  person: people
  country: countries
  tag: tags
# Comparable to sitegen's HTML output: no feeds, sitemap, robots.txt or 404 page.
disableKinds: [RSS, sitemap, robotsTXT, "404"]
markup:
  goldmark:
    renderer:
      unsafe: false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
</head>
<body>
<header><a class="site" href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "people/" | relURL }}">People</a> <a href="{{ "countries/" | relURL }}">Countries</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Built with Hugo</footer>
</body>
</html>
""",
    # site.GetPage rather than .GetTerms: in Hugo 0.111 .GetTerms walks every term of the
    # taxonomy on each call, which made the 10,000-event build 4x slower (40 s instead of 10 s).
    "partials/terms.html": """\
{{- with .Params.people }}<span class="people">{{ range . }}{{ with site.GetPage (printf "/people/%s" .) }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</span>{{ end -}}
{{- with .Params.countries }}<span class="countries">{{ range . }}{{ with site.GetPage (printf "/countries/%s" .) }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</span>{{ end -}}
""",
    "partials/event-item.html": """\
<li class="event"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Params.display_date }}{{ with .Params.end }} – {{ . }}{{ end }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Params.summary }}</p>
{{ partial "terms.html" . }}</li>
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ range (where site.RegularPages "Section" "events").GroupByDate "2006" }}
<section class="year"><h2 id="y{{ .Key }}">{{ .Key }}</h2>
<ul class="events">{{ range .Pages }}{{ partialCached "event-item.html" . .RelPermalink }}{{ end }}</ul>
</section>
{{ end }}
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article class="event">
<h1>{{ .Title }}</h1>
<p class="date"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Params.display_date }}</time>{{ with .Params.end }} – {{ . }}{{ end }}</p>
<p class="summary">{{ .Params.summary }}</p>
<p class="terms">{{ partial "terms.html" . }}</p>
<div class="body">{{ .Content }}</div>
{{ with .Params.sources }}
<section class="sources"><h2>Sources</h2>
<ol>{{ range $i, $id := . }}{{ with index site.Data.sources $id }}
<li id="source-{{ add $i 1 }}"><a href="{{ .url }}">{{ .title }}</a>, <span class="publisher">{{ .publisher }}</span>{{ with .author }}, {{ . }}{{ end }}, {{ .published }}</li>{{ end }}{{ end }}
</ol></section>
{{ end }}
{{/* Series and related events: what sitegen's event page shows; the series' members come
     from a data file, a map lookup (a where over all pages would be quadratic). */}}
{{ with .Params.series_id }}{{ with index site.Data.series . }}
<section class="series"><h2>In this series</h2>
<ol>{{ range . }}<li value="{{ .number }}"><a href="{{ printf "events/%s/" .slug | relURL }}">{{ .title }}</a></li>{{ end }}</ol></section>
{{ end }}{{ end }}
{{ with .Params.related }}
<section class="related"><h2>Related</h2>
<ul>{{ range . }}{{ with site.GetPage (printf "/events/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul></section>
{{ end }}
<nav class="prevnext">
{{/* Hugo sorts the section newest first, so .PrevInSection is the earlier event. */}}
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}
</nav>
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">({{ .Count }})</span></li>{{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.role }}<p class="role">{{ . }}</p>{{ end }}
{{ with .Params.iso }}<p class="iso">{{ . }}</p>{{ end }}
{{ with .Params.country }}{{ with site.GetPage (printf "/countries/%s" .) }}<p class="country"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
{{ .Content }}
<h2>Events</h2>
<ul class="events">{{ range .Pages }}{{ partialCached "event-item.html" . .RelPermalink }}{{ end }}</ul>
{{ end }}
""",
}

HUGO_CSS = """\
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
header { display: flex; justify-content: space-between; border-bottom: 1px solid #ddd; }
.events { list-style: none; padding: 0; }
.event time { color: #666; margin-right: .5rem; }
.people a, .countries a { font-size: .9em; margin-right: .3rem; }
.sources li { margin-bottom: .3rem; }
.prevnext { display: flex; justify-content: space-between; margin-top: 2rem; }
"""


def hugo_date(d: EventDate) -> str:
    return d.start.isoformat()


def write_hugo_series(site: Site, hugodir: Path) -> None:
    """data/series.yaml: each series' events in number order (only when there are series)."""
    members: dict[str, list[Event]] = {}
    for ev in site.events:
        if ev.series:
            members.setdefault(ev.series[0], []).append(ev)
    if not members:
        return
    lines = []
    for sid in sorted(members):
        lines.append(f"{q(sid)}:\n")
        for ev in sorted(members[sid], key=lambda e: e.series[1] if e.series else 0):
            assert ev.series
            lines.append(
                f"  - {{number: {ev.series[1]}, slug: {q(ev.slug)}, title: {q(ev.title)}}}\n"
            )
    write(hugodir / "data" / "series.yaml", "".join(lines))


def write_hugo(site: Site, hugodir: Path, n_events: int) -> None:
    write(
        hugodir / "config.yaml",
        HUGO_CONFIG.format(
            base_url=BASE_URL, title=q(f"Synthetic benchmark timeline ({n_events} events)")
        ),
    )
    for rel, text in HUGO_LAYOUTS.items():
        write(hugodir / "layouts" / rel, text)
    write(hugodir / "static" / "css" / "style.css", HUGO_CSS)

    lines = []
    for s in site.sources:
        lines.append(
            f"{s.id}:\n  title: {q(s.title)}\n  publisher: {q(s.publisher)}\n  author: {q(s.author)}\n"
            f"  url: {q(s.url)}\n  published: {q(s.published)}\n"
        )
    write(hugodir / "data" / "sources.yaml", "".join(lines))

    person_name = {p.slug: p.name for p in site.people}
    country_name = {c.slug: c.name for c in site.countries}
    event_title = {ev.slug: ev.title for ev in site.events}
    write_hugo_series(site, hugodir)
    content = hugodir / "content"
    write(content / "events" / "_index.md", '---\ntitle: "Events"\n---\n')
    write(content / "people" / "_index.md", '---\ntitle: "People"\n---\n')
    write(content / "countries" / "_index.md", '---\ntitle: "Countries"\n---\n')
    write(content / "tags" / "_index.md", '---\ntitle: "Tags"\n---\n')
    for ev in site.events:
        ids = [site.sources[i].id for i in ev.sources]
        fm = [
            f"title: {q(ev.title)}",
            f"date: {hugo_date(ev.date)}",
            f"display_date: {q(ev.date.text())}",
        ]
        if ev.end:
            fm.append(f"end: {q(ev.end)}")
        if ev.summary:
            fm.append(f"summary: {q(ev.summary)}")
        for key, items in (
            ("people", ev.people),
            ("countries", ev.countries),
            ("tags", ev.tags),
            ("sources", ids),
            ("related", ev.related),
        ):
            if items:
                fm.append(yaml_list(key, items).rstrip("\n"))
        if ev.series:
            fm.append(f"series_id: {q(ev.series[0])}\nseries_number: {ev.series[1]}")
        write(
            content / "events" / f"{ev.slug}.md",
            "---\n"
            + "\n".join(fm)
            + "\n---\n\n"
            + hugo_body(ev.body, ids, person_name, country_name, event_title),
        )
    for p in site.people:
        bio = hugo_body(p.bio or person_bio(p), [], person_name, country_name, event_title)
        write(
            content / "people" / p.slug / "_index.md",
            f"---\ntitle: {q(p.name)}\nrole: {q(p.role)}\ncountry: {q(p.country)}\n---\n\n{bio}",
        )
    for c in site.countries:
        text = country_text(c)
        if c.text:  # (a long text links as a person's bio does)
            text = hugo_body(c.text, [], person_name, country_name, event_title)
        write(
            content / "countries" / c.slug / "_index.md",
            f"---\ntitle: {q(c.name)}\niso: {q(c.iso)}\n---\n\n{text}",
        )


# --------------------------------------------------------------------------- cli


def prepare(path: Path, managed: list[str], force: bool) -> None:
    existing = [path / m for m in managed if (path / m).exists()]
    if existing and not force:
        sys.exit(f"error: {existing[0]} already exists (use --force to replace it)")
    for p in existing:
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
    path.mkdir(parents=True, exist_ok=True)


def add_timelines(outdir: Path, count: int) -> None:
    """Split the generated site into `count` timelines (content/timelines/tl-NN.md): each
    event is in one, in turn, and every seventh also in the next one (a newsroom's stories
    overlap). Written after the events, so the events' text is that of the plain site."""
    content = outdir / "content"
    for i in range(count):
        write(
            content / "timelines" / f"tl-{i + 1:02d}.md",
            f"---\ntitle: {q(f'Synthetic story {i + 1}')}\n"
            f"summary: {q(f'Events of synthetic story {i + 1}.')}\n"
            f"byline: [Benchmark Desk]\norder: {'newest' if i % 2 else 'oldest'}\n---\n"
            f"The introduction of synthetic story {i + 1}.\n",
        )
    for n, path in enumerate(sorted((content / "events").rglob("*.md"))):
        names = [f"tl-{n % count + 1:02d}"]
        if n % 7 == 0 and count > 1:
            names.append(f"tl-{(n + 1) % count + 1:02d}")
        text = path.read_text(encoding="utf-8")
        line = yaml_list("timelines", names).rstrip("\n")
        path.write_text(text.replace("\nsources:", f"\n{line}\nsources:", 1), encoding="utf-8")


def cli(argv: list[str] | None, make_site: Callable[[int, int], Site], description: str) -> int:
    """The command line of a corpus generator: this one and generate_varied.py."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("outdir", type=Path, help="site folder; content/ is written inside it")
    ap.add_argument("--events", type=int, required=True, help="number of events")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--hugo", type=Path, metavar="HUGODIR", help="also write the same site for Hugo here"
    )
    ap.add_argument("--force", action="store_true", help="replace previously generated content")
    ap.add_argument(
        "--timelines", type=int, default=0, metavar="N", help="split the site into N timelines"
    )
    args = ap.parse_args(argv)
    if args.events < 1:
        ap.error("--events must be at least 1")

    site = make_site(args.events, args.seed)
    prepare(args.outdir, ["content"], args.force)
    write_sitegen(site, args.outdir, args.events)
    if args.timelines:
        add_timelines(args.outdir, args.timelines)
    if args.hugo:
        prepare(args.hugo, ["content", "layouts", "data", "static", "config.yaml"], args.force)
        write_hugo(site, args.hugo, args.events)
    print(
        f"generated {len(site.events)} events, {len(site.people)} people, {len(site.countries)} countries, "
        f"{len(site.sources)} sources (seed {args.seed}) in {args.outdir}"
        + (f" and {args.hugo}" if args.hugo else "")
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    return cli(argv, generate, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
