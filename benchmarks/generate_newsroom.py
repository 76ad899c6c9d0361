"""Generate the 'newsroom' benchmark corpus (and optionally the same site for Hugo).

    python benchmarks/generate_newsroom.py OUTDIR --events N [--seed 1] [--hugo HUGODIR]

The standard corpus's events, people and sources (generate.py), written as a newsroom
writes them, in the shapes the other corpora rarely have: bodies with numbered lists
(some from another number, some with `1)`), quotes of several lines and paragraphs (some
with a lazy line), tables, words in italics (`*a*`, `_a_`), pictures with a caption,
subheadings, loose lists and hard line breaks; inline Markdown links in 65 % of the
bodies (1-4 each), as a newsroom and `sitegen import timelinejs` write them beside the
`[[slug]]` links and `[@source]` citations: two in three to a source's or an outlet's
page (`[words](https://example.org/…)`, some with a query, a fragment or http://, some
words with an apostrophe, a quotation or italics, some before a citation or a full
stop), the others to a page of the site as its event page writes it
(`[words](../../events/SLUG/)`, `../../people/SLUG/`, `../../countries/SLUG/`, only
pages the site has; the same address in the Hugo site, whose pages are at the same
depth); 4-12 tags and up to 8 more sources an event; a time of day on half the
day-dated events and an end date on a fifth; long numbered series; eras; a site time
zone; long person and country pages. Timelines with --timelines N, as for the other
corpora. The *_SHARE constants give the mix.

Same seed and N give byte-identical output. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g

TAG_POOL = [
    f"{a}-{b}"
    for a in ("trade", "energy", "security", "health", "courts", "climate", "labour", "media")
    for b in ("policy", "talks", "crisis", "reform", "probe")
]
NUMBERED_SHARE = 0.4
QUOTE_SHARE = 0.4
LAZY_QUOTE_SHARE = 0.3  # of the quotes
TABLE_SHARE = 0.15
PICTURE_SHARE = 0.25
HEADING_SHARE = 0.3
LOOSE_LIST_SHARE = 0.1
HARD_BREAK_SHARE = 0.05
ITALIC_PARAGRAPH_SHARE = 0.3
TIME_SHARE = 0.5
END_SHARE = 0.2
SERIES_SHARE = 0.4
# Inline links, as a newsroom (and `sitegen import timelinejs`) writes them: in 65 % of the
# event bodies, 1-4 each, drawn from their own generator (LINK_SEED_OFFSET) after the
# rest, so that a body reads as before with its links added.
LINKED_SHARE = 0.65
LINKS_A_BODY = (1, 1, 1, 2, 2, 3, 4)
EXTERNAL_SHARE = 0.65  # of the links: an outlet's or a source's page; the rest the site's
LINK_SEED_OFFSET = 199
SECTIONS = ("news", "politics", "world", "business", "press_releases", "reports", "archive")
OWNERS = ("minister", "ministry", "agency", "court", "union", "council", "government")


def italic(rng: random.Random, text: g.Text) -> str:
    """A sentence, one of its words in italics or bold half the time."""
    words = text.sentence().split(" ")
    if len(words) > 5 and rng.random() < 0.5:
        i = rng.randrange(1, len(words) - 2)
        mark = rng.choice(["*", "_", "**"])
        words[i] = mark + words[i] + mark
    return " ".join(words)


def numbered(rng: random.Random, text: g.Text, links: list[str]) -> str:
    start = rng.choice([1, 1, 1, 1, 2, 3, 10])
    delimiter = ")" if rng.random() < 0.15 else "."
    items = []
    for i in range(rng.randint(3, 7)):
        item = f"{text.np().capitalize()} {rng.choice(g.PREPOSITIONS)} {text.np()}"
        if links and rng.random() < 0.3:
            item += f", with {rng.choice(links)}"
        if rng.random() < 0.3:
            item = italic(rng, text)[:-1]
        items.append(f"{start + i}{delimiter} {item}")
    lead = rng.choice(["What we know so far:", "The agreement in brief:", "Key points:"])
    return lead + "\n\n" + "\n".join(items)


def quote(rng: random.Random, text: g.Text, people: list[str]) -> str:
    lines = [italic(rng, text) for _ in range(rng.randint(2, 4))]
    if rng.random() < LAZY_QUOTE_SHARE:
        written = "> " + lines[0] + "\n" + "\n".join(lines[1:])
    else:
        written = "\n".join("> " + line for line in lines)
    if people:
        written += f"\n>\n> \N{EM DASH} [[{rng.choice(people)}]]"
    return written


def table(rng: random.Random, text: g.Text) -> str:
    rows = [
        f"| {rng.randint(1990, 2024)} | {text.np()} | {rng.randint(1, 99)}% |"
        for _ in range(rng.randint(3, 8))
    ]
    return "| Year | Measure | Outcome |\n|---|---|---:|\n" + "\n".join(rows)


def picture(rng: random.Random, text: g.Text, n: int) -> str:
    written = f"![{text.np().capitalize()}](https://example.org/photos/{n:05d}.jpg)"
    if rng.random() < 0.6:
        written += f"\n*{italic(rng, text)[:-1]} (Photo: Agency)*"
    return written


def extra_blocks(rng: random.Random, text: g.Text, ev: g.Event, n: int) -> list[str]:
    """The blocks a newsroom adds to an event's paragraphs, each kind with its share
    (drawn in a fixed order, so that the same seed gives the same blocks)."""
    links = [f"[[{p}]]" for p in ev.people]
    kinds: list[tuple[float, Callable[[], str]]] = [
        (NUMBERED_SHARE, lambda: numbered(rng, text, links)),
        (QUOTE_SHARE, lambda: quote(rng, text, ev.people)),
        (TABLE_SHARE, lambda: table(rng, text)),
        (PICTURE_SHARE, lambda: picture(rng, text, n)),
        (HEADING_SHARE, lambda: f"## {text.headline()}"),
        (LOOSE_LIST_SHARE, lambda: "\n\n".join(f"- {italic(rng, text)}" for _ in range(3))),
        (HARD_BREAK_SHARE, lambda: f"Updated: {ev.date.start.isoformat()}  \nFirst published."),
    ]
    return [make() for share, make in kinds if rng.random() < share]


def newsroom_body(rng: random.Random, text: g.Text, ev: g.Event, n: int) -> str:
    paragraphs = [
        p.replace(" the ", " *the* ", 1) if rng.random() < ITALIC_PARAGRAPH_SHARE else p
        for p in ev.body.rstrip("\n").split("\n\n")
    ]
    for block in extra_blocks(rng, text, ev, n):
        paragraphs.insert(rng.randint(1, len(paragraphs)), block)
    return "\n\n".join(paragraphs) + "\n"


def web_address(rng: random.Random, text: g.Text, sources: list[g.Source]) -> str:
    """A source's page (40 %) or an outlet's (a path of letters, digits, '-', '_', '/'
    and '.'); 15 % with a query (a third of those with '&'), 5 % with a #fragment, 5 %
    http://."""
    if rng.random() < 0.4:
        address = rng.choice(sources).url
    else:
        outlet = g.slugify(rng.choice(g.PUBLISHERS))
        words = g.slugify(text.headline()).split("-")[: rng.randint(2, 5)]
        name = rng.choice(["-", "_"]).join(words) + f"-{rng.randint(1, 9999)}"
        name += rng.choice(["", "", "/", ".html", ".php"])
        address = (
            f"https://example.org/{outlet}/{rng.choice(SECTIONS)}/{rng.randint(1990, 2025)}/{name}"
        )
    if rng.random() < 0.15:
        address += f"?id={rng.randint(1, 99999)}"
        if rng.random() < 0.33:
            address += f"&page={rng.randint(2, 9)}"
    if rng.random() < 0.05:
        address += f"#section-{rng.randint(1, 6)}"
    if rng.random() < 0.05:
        address = "http://" + address.removeprefix("https://")
    return address


def site_address(
    rng: random.Random, ev: g.Event, recent: list[g.Event], names: dict[str, str]
) -> tuple[str, str]:
    """A page of the site that the event's page links as the site writes it, from its
    folder events/SLUG/ (Hugo's event page is at the same depth, /bench/events/SLUG/, and
    its people's and countries' pages are where sitegen's are, so the same address leads
    to the same page there): a recent earlier event (half), one of the event's people or
    countries. (address, the words to link: its title or name, or '' to keep those the
    link wraps)."""
    roll = rng.random()
    if roll < 0.5 and recent:
        other = rng.choice(recent)
        return f"../../events/{other.slug}/", other.title if rng.random() < 0.3 else ""
    folder, slug = (
        ("people", rng.choice(ev.people)) if roll < 0.8 else ("countries", rng.choice(ev.countries))
    )
    return f"../../{folder}/{slug}/", names[slug] if rng.random() < 0.5 else ""


def link_text(rng: random.Random, words: list[str]) -> tuple[str, str]:
    """The words of a link as a newsroom dresses them: 10 % with an owner's apostrophe,
    5 % with a quotation, 5 % in italics, and 5 % of links in italics whole. (the text
    between '[' and ']', and the mark around the link)."""
    roll = rng.random()
    rest = words[1:] if words[0].lower() == "the" and len(words) > 1 else words
    if roll < 0.10:
        return f"the {rng.choice(OWNERS)}'s " + " ".join(rest), ""
    if roll < 0.15:
        return f'{words[0]} "' + " ".join(words[1:]) + '"', ""
    if roll < 0.20:
        return "*" + " ".join(words) + "*", ""
    return " ".join(words), "*" if roll < 0.25 else ""


NOT_PLAIN = re.compile(r"[\[\]*_`()\"']")
"""What a word a link wraps may not hold: a link, citation, emphasis or code."""


def link_span(rng: random.Random, words: list[str], free: list[bool]) -> tuple[int, int] | None:
    """Where a link goes in a paragraph's words: 2-4 free ones (plain, not linked yet), none
    but the last ending in punctuation; 20 % right before a citation ('[words](…)
    [@x].'), 15 % at the paragraph's end ('[words](…).'), else (or where those do not
    fit) anywhere."""
    k = rng.randint(2, 4)

    def fits(i: int) -> bool:
        return (
            0 <= i <= len(words) - k
            and all(free[i : i + k])
            and not any(w[-1] in ",.;:" for w in words[i : i + k - 1])
        )

    roll = rng.random()
    if roll < 0.20:
        starts = [i - k for i, w in enumerate(words) if w.startswith("[@")]
    elif roll < 0.35:
        starts = [len(words) - k]
    else:
        starts = list(range(len(words)))
    starts = [i for i in starts if fits(i)] or [i for i in range(len(words)) if fits(i)]
    if not starts:
        return None
    i = rng.choice(starts)
    return i, i + k


def prose_paragraphs(blocks: list[str]) -> list[int]:
    """The indexes of a body's prose paragraphs: one line, from a sentence's start (a
    capital or a `[[link]]`) to its full stop (not a list, quote, table, caption or
    heading)."""
    return [
        i for i, b in enumerate(blocks)
        if "\n" not in b and (b[:1].isupper() or b.startswith("[[")) and b.endswith(".")
    ]  # fmt: skip


def add_links(
    rng: random.Random,
    text: g.Text,
    ev: g.Event,
    sources: list[g.Source],
    recent: list[g.Event],
    names: dict[str, str],
) -> None:
    """Inline links in the body's prose paragraphs: a source's or outlet's page, or a
    page of the site."""
    if rng.random() >= LINKED_SHARE:
        return
    blocks = ev.body.rstrip("\n").split("\n\n")
    prose = prose_paragraphs(blocks)
    paragraphs: dict[int, list[str]] = {}
    free: dict[int, list[bool]] = {}  # (each paragraph's words split once linked)
    count = rng.choice(LINKS_A_BODY)
    for _ in range(count if prose else 0):
        at = rng.choice(prose)
        if at not in paragraphs:
            paragraphs[at] = blocks[at].split(" ")
            free[at] = [not NOT_PLAIN.search(w) for w in paragraphs[at]]
        words = paragraphs[at]
        span = link_span(rng, words, free[at])
        if span is None:
            continue
        start, end = span
        last = words[end - 1]
        stop = last[-1] if last[-1] in ",." else ""
        linked = [*words[start : end - 1], last.removesuffix(stop)]
        if rng.random() < EXTERNAL_SHARE:
            address = web_address(rng, text, sources)
            inside, around = link_text(rng, linked)
        else:
            address, name = site_address(rng, ev, recent, names)
            inside, around = name or " ".join(linked), ""
        words[start:end] = [f"{around}[{inside}]({address}){around}{stop}"]
        words[start + 1 : start + 1] = [""] * (end - start - 1)  # (indexes kept for free)
        free[at][start:end] = [False] * (end - start)
    for i, words in paragraphs.items():
        blocks[i] = " ".join(w for w in words if w)
    ev.body = "\n\n".join(blocks) + "\n"


def front_matter(rng: random.Random, ev: g.Event, later: list[int], counters: list[int]) -> None:
    """Many tags and sources (each source published on or after the event: a report
    does not precede what it reports), a time of day, an end date, a series number."""
    ev.tags = rng.sample(TAG_POOL, rng.randint(4, 12))
    more = rng.sample(later, min(len(later), rng.randint(2, 8)))
    ev.sources = list(dict.fromkeys(ev.sources + more))
    if ev.date.precision == "day" and rng.random() < TIME_SHARE:
        # (06:00-22:45: no time a change of the clocks skips in Europe/Berlin)
        ev.extra.append(f'time: "{rng.randint(6, 22):02d}:{rng.choice([0, 15, 30, 45]):02d}"')
    if not ev.end and rng.random() < END_SHARE:
        end = ev.date.start + dt.timedelta(days=rng.randint(1, 60))
        if end <= g.LAST_END:
            ev.end = end.isoformat()
    if rng.random() < SERIES_SHARE:  # a few long series: half the numbers the first's
        k = rng.randrange(len(counters)) if rng.random() < 0.5 else 0
        counters[k] += 1
        ev.series = (f"briefing-{k}", counters[k])


def long_text(rng: random.Random, text: g.Text, head: str, theirs: list[g.Event]) -> str:
    """A person's or country's page: `head`, a numbered list and 6-14 paragraphs under
    subheadings, each linking one of their events."""
    blocks = [head.rstrip("\n")]
    for k in range(rng.randint(6, 14)):
        if k % 4 == 3:
            blocks.append(f"## {text.headline()}")
        paragraph = " ".join(italic(rng, text) for _ in range(rng.randint(3, 6)))
        if theirs:
            ev = rng.choice(theirs)
            paragraph += f" See [[{ev.slug}|{ev.title}]]."
        blocks.append(paragraph)
    blocks.insert(2, numbered(rng, text, []))
    return "\n\n".join(blocks) + "\n"


def eras(rng: random.Random, text: g.Text, years: list[int]) -> str:
    lines = []
    for i in range(20):
        start = rng.choice(years)
        end = min(years[-1], start + rng.randint(1, 8))
        lines.append(
            f'- title: "Era {i + 1}: {text.headline()}"\n  start: "{start:04d}"\n'
            f'  end: "{end:04d}"\n'
        )
    return "".join(lines)


def generate_newsroom(n_events: int, seed: int) -> g.Site:
    site = g.generate(n_events, seed)
    rng = random.Random(seed + 99)
    text = g.Text(rng)
    events = sorted(site.events, key=lambda e: (e.date.start, e.slug))
    counters = [0] * max(2, n_events // 100)
    for n, ev in enumerate(events):
        ev.body = newsroom_body(rng, text, ev, n)
        day = ev.date.start.isoformat()
        front_matter(rng, ev, [s.index for s in site.sources if s.published >= day], counters)
    by_slug: dict[str, list[g.Event]] = {}
    for ev in events:
        for slug in [*ev.people, *ev.countries]:
            by_slug.setdefault(slug, []).append(ev)
    for p in site.people:
        p.bio = long_text(rng, text, g.person_bio(p), by_slug.get(p.slug, []))
    for c in site.countries:
        c.text = long_text(rng, text, g.country_text(c), by_slug.get(c.slug, []))
    links = random.Random(seed + LINK_SEED_OFFSET)
    words = g.Text(links)
    names = {p.slug: p.name for p in site.people} | {c.slug: c.name for c in site.countries}
    for n, ev in enumerate(events):  # (a recent event: one of the 50 before it)
        add_links(links, words, ev, site.sources, events[max(0, n - 50) : n], names)
    site.settings.append("timezone: Europe/Berlin")
    site.files["eras.yaml"] = eras(rng, text, sorted({e.date.start.year for e in events}))
    return site


def main(argv: list[str] | None = None) -> int:
    return g.cli(argv, generate_newsroom, __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
