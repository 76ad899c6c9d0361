"""Model → pages: plan every output file, then render each one through Jinja.

No disk writes here. `plan` turns a Site into Page specs whose `data` is everything the
page shows (and so the key of the render cache); `Renderer.render` turns one Page into
bytes. Every internal link is relative to the page, so output/ works at any path.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import io
import operator
import os
import pickle
import re
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from . import __version__, escaping, markdown, model, timelines, yearpages
from .checks import link_targets
from .dates import DEEP_TIME, EDate, iso_moment, moment, scaled_years
from .diagnostics import Diagnostic
from .load import Marks
from .model import Country, Event, Person, Site, Source
from .splice import Pieces
from .timelines import Stories

PACKAGE_THEME = Path(__file__).parent / "theme"
REPO_THEME = Path(__file__).parent.parent / "templates"


def default_theme() -> Path:
    """The theme shipped in the wheel, or the repository's templates/ in a source checkout."""
    return PACKAGE_THEME if PACKAGE_THEME.is_dir() else REPO_THEME


# -- views: small, picklable records of what list pages show -----------------------------


@dataclass(frozen=True)
class Chip:
    """A compact link to a person or country."""

    kind: str
    """'people' or 'countries'."""
    slug: str
    """Its slug."""
    name: str
    """What readers see."""
    badge: str = ""
    """Initials of a person, flag of a country."""
    iso: str = ""
    """ISO code of a country."""

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"


@dataclass(frozen=True)
class Entry:
    """An event as the timeline and the lists show it."""

    slug: str
    title: str
    summary: str
    display_date: str
    datetime: str
    end_datetime: str
    year: int
    start_ordinal: int
    end_ordinal: int
    precision: str
    approximate: bool
    uncertain: bool
    ongoing: bool
    draft: bool
    scheduled: bool
    people: tuple[Chip, ...]
    countries: tuple[Chip, ...]
    tags: tuple[str, ...]
    gap: str = ""
    """'2 years later' when a long time separates it from the event before."""
    sources: tuple[tuple[str, str], ...] = ()
    """(title, url) of its sources, written out when the timeline is printed."""

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"


SHARED = (Entry, Event, Person, Country, Source, Marks)
"""What many pages show: pickled once per build for the page keys (see _KeyPickler).

Marks: every source of sources.yaml holds the marks of the whole file."""


_CHIPS: dict[int, tuple[Person | Country, Chip]] = {}
"""Chips by id of their person or country (held, so that the id is not reused): an
lru_cache would hash the whole dataclass, body and all, 30,000 times at 10,000 events."""


def person_chip(p: Person) -> Chip:
    hit = _CHIPS.get(id(p))
    if hit is None or hit[0] is not p:
        hit = _chip(p, Chip("people", p.slug, p.name, p.initials))
    return hit[1]


def country_chip(c: Country) -> Chip:
    hit = _CHIPS.get(id(c))
    if hit is None or hit[0] is not c:
        hit = _chip(c, Chip("countries", c.slug, c.name, c.flag, c.iso))
    return hit[1]


def _chip(owner: Person | Country, chip: Chip) -> tuple[Person | Country, Chip]:
    if len(_CHIPS) > 1 << 16:
        _CHIPS.clear()
    hit = _CHIPS[id(owner)] = (owner, chip)
    return hit


_ENTRIES: dict[int, tuple[Event, str, tuple[object, ...], Entry]] = {}
"""The last plan's entries by id of their event. A serve rebuild gets the very same
Event for an unchanged file; reusing its Entry (when its people, countries and sources
are the same objects too) reuses the Entry's key digest as well."""


def _entry_inputs(site: Site, ev: Event) -> tuple[object, ...]:
    return (
        *map(site.people.get, ev.people),
        *map(site.countries.get, ev.countries),
        *map(site.sources.get, ev.sources),
    )


def tag_options(site: Site, entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """The topic filter's options: (slug, name) of every tag of `entries`, by name."""
    return sorted(
        ((t, site.tag_name(t)) for t in {t for e in entries for t in e.tags}),
        key=lambda tag: (tag[1].casefold(), tag[0]),
    )


def entries_for(site: Site, events: list[Event]) -> list[Entry]:
    """The timeline's entries, reusing the last plan's where nothing they show changed."""
    global _ENTRIES
    earlier, now = _ENTRIES, {}
    out: list[Entry] = SharedList()
    zone = site.config.timezone  # (an entry shows its times in it)
    for i, ev in enumerate(events):
        gap = gap_label(events[i - 1], ev) if i else ""
        inputs = _entry_inputs(site, ev)
        hit = earlier.get(id(ev))
        if (
            hit is not None
            and hit[0] is ev
            and hit[1] == gap
            and (_plain_words(ev) or _same_zone(hit[3], ev, zone, site.config.era_style))
            and len(hit[2]) == len(inputs)
            and all(a is b for a, b in zip(hit[2], inputs, strict=True))
        ):
            made = hit[3]
        else:
            made = entry(site, ev, gap)
            old = earlier.get(id(ev)) or _BY_SLUG.get(ev.slug)
            if old is not None and old[3] == made:
                made = old[3]  # an edited body: the timeline shows the same entry
        now[id(ev)] = (ev, gap, inputs, made)
        out.append(made)
    _ENTRIES = now
    _BY_SLUG.clear()
    _BY_SLUG.update((hit[0].slug, hit) for hit in now.values())
    global _LAST_LIST
    last = _LAST_LIST
    if out and len(out) == len(last) and all(x is y for x, y in zip(out, last, strict=True)):
        return _LAST_LIST  # the same list object: pages showing it need no new key
    _LAST_LIST = out
    return out


_LAST_LIST: list[Entry] = []
_BY_SLUG: dict[str, tuple[Event, str, tuple[object, ...], Entry]] = {}


def entry(site: Site, ev: Event, gap: str = "") -> Entry:
    end = ev.end or ev.date
    people, countries, sources = site.people, site.countries, site.sources
    # made without Entry.__init__ (21 fields, each set with object.__setattr__: a fifth of
    # planning 10,000 entries); every field is given, and Entry has no __post_init__
    made = object.__new__(Entry)
    made.__dict__.update(
        slug=ev.slug,
        title=ev.title,
        summary=ev.summary,
        display_date=ev.when(site.config.timezone, site.config.era_style),
        datetime=start_datetime(ev, site.config.timezone),
        end_datetime=end_datetime(ev, site.config.timezone),
        year=ev.date.year,
        start_ordinal=ev.date.first_ordinal(),
        end_ordinal=end.last_ordinal(),
        precision=ev.date.precision,
        approximate=ev.date.approximate,
        uncertain=ev.date.uncertain,
        ongoing=ev.ongoing,
        draft=ev.draft,
        scheduled=ev.scheduled,
        people=tuple([person_chip(people[s]) for s in ev.people if s in people]),
        countries=tuple([country_chip(countries[s]) for s in ev.countries if s in countries]),
        tags=ev.tags,
        gap=gap,
        sources=tuple([(sources[s].title, sources[s].url) for s in ev.sources if s in sources]),
    )
    return made


def _plain_words(ev: Event) -> bool:
    """Whether the event's dates read the same whatever the zone and era_style."""
    return ev.time is None and ev.date.year > 0 and (ev.end is None or ev.end.year > 0)


def _same_zone(made: Entry, ev: Event, tz: str, era: str = "bce") -> bool:
    """Whether an entry made earlier shows a timed event's times as they are in `tz`
    (site.yaml's timezone or era_style may have changed while the event did not)."""
    return made.datetime == start_datetime(ev, tz) and made.display_date == ev.when(tz, era)


def start_datetime(ev: Event, tz: str) -> str:
    """The start for machines: `2024-07-08`, or `2024-07-08T10:30+03:00` with a time."""
    if ev.time is None:
        return ev.date.expanded()
    return iso_moment(moment(ev.date, ev.time, tz))


def end_datetime(ev: Event, tz: str) -> str:
    """The end for machines, like start_datetime; '' without one."""
    if ev.ongoing or ev.end is None:
        return ""  # (an end time on the start's day: see publish's JSON-LD endDate)
    if ev.end_time is not None:
        return iso_moment(moment(ev.end, ev.end_time, tz))
    return ev.end.expanded()


def gap_label(prev: Event, ev: Event) -> str:
    """'2 years later' / '7 months later' for long silences between events."""
    a = (prev.end or prev.date).last_ordinal() if not prev.ongoing else prev.date.first_ordinal()
    days = ev.date.first_ordinal() - a
    if days >= 365 * DEEP_TIME:
        return f"{scaled_years(days // 365)} years later"
    if days >= 730:
        return f"{days // 365} years later"
    if days >= 365:
        return "1 year later"
    if days >= 180:
        return f"{days // 30} months later"
    return ""


# -- plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One output file to make."""

    path: str
    """Output path, e.g. 'events/slug/index.html'."""
    template: str
    """Jinja template name, or 'producer:NAME' for a Python producer (feeds, data)."""
    data: dict[str, Any] = field(default_factory=dict)
    """Everything the page shows; its pickle is the page's cache key."""

    @property
    def url(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path


@dataclass(frozen=True)
class Options:
    """What a build is asked for, beyond the site's own files."""

    drafts: bool = False
    """Publish drafts (marked as such): serve does, build does not."""
    base_url: str | None = None
    """Overrides site.yaml's base_url (--base-url)."""
    build_date: str = ""
    """ISO date shown as 'built on', only when SOURCE_DATE_EPOCH is set."""
    today: str = ""
    """The build's today (ongoing events run to it in the overview)."""
    fingerprint: bool = True
    """Asset names carry a hash of their bytes; serve turns it off so CSS can swap live."""


def visible_events(site: Site, opts: Options) -> list[Event]:
    return [e for e in site.events if opts.drafts or not e.draft]


def published_site(site: Site, opts: Options) -> Site:
    """The site without its draft people and countries, unless drafts are published (no
    published page names them: the ref-draft check sees to it)."""
    if opts.drafts:
        return site
    people = {slug: p for slug, p in site.people.items() if not p.draft}
    countries = {slug: c for slug, c in site.countries.items() if not c.draft}
    if len(people) == len(site.people) and len(countries) == len(site.countries):
        return site
    return dataclasses.replace(site, people=people, countries=countries)


Linker = Callable[[str], tuple[str, str] | None]


def make_linker(site: Site, visible: set[str], drafts: bool = False) -> Linker:
    """What a `[[target]]` links to: None for a page the build does not make (a draft
    event not in `visible`, a draft timeline unless `drafts`)."""

    @functools.cache
    def link(target: str) -> tuple[str, str] | None:
        found = link_targets(site, target)
        if len(found) != 1:
            return None
        folder, slug, title = found[0]
        if folder == "events" and slug not in visible:
            return None
        if folder == "timelines" and site.timelines[slug].draft and not drafts:
            return None
        return f"\x01{folder}/{slug}/", title

    return link


def _resolve_body(html: str, numbers: dict[str, int], link: Linker) -> str:
    return markdown.resolve(html, numbers, link)


class Later:
    """A page value made only when the page is rendered, from inputs the key covers.

    Page data is the key of the render cache, so it must say everything a page shows;
    but working it out (resolving a body's links, building the search documents) for
    every page on every rebuild costs more than rendering the few pages that changed.
    A Later holds a module-level function and its arguments: the key pickles those.
    """

    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.fn = fn
        self.args = args

    def __reduce__(self) -> tuple[Any, ...]:
        return (Later, (self.fn, *self.args))

    def digest(self) -> bytes:
        """What the page key needs of it: the function's name and the arguments (plain
        values: pickled without the key pickler's look at every object)."""
        fn = self.fn
        data = pickle.dumps(
            (fn.__module__, fn.__qualname__, self.args), protocol=pickle.HIGHEST_PROTOCOL
        )
        return hashlib.blake2b(data, digest_size=20).digest()

    def value(self) -> Any:
        """Made anew each time: one page shows it, once (kept, the values of a build's
        pages would add up to the size of all the bodies, in every process)."""
        return self.fn(*self.args)


def resolve_with(html: str, numbers: dict[str, int], links: tuple[Any, ...]) -> str:
    """A body with its placeholders filled from a precomputed (target, link) table."""
    table = dict(links)
    return markdown.resolve(html, numbers, table.get)


def link_table(body: Any, link: Linker) -> tuple[tuple[str, tuple[str, str] | None], ...]:
    """What each `[[target]]` of a body resolves to: part of the page's key."""
    return tuple((t, link(t)) for t in dict.fromkeys(r.target for r in body.links))


_BODIES: dict[int, tuple[Any, dict[str, int], tuple[Any, ...], Later]] = {}
"""The last Later made for each body (by id; the entry holds the body alive)."""


def body_later(body: Any, numbers: dict[str, int], link: Linker) -> Later:
    """A body to resolve at render time; the very same Later as last time when nothing it
    depends on changed, so a serve rebuild's key check stops at identity."""
    links = link_table(body, link)
    hit = _BODIES.get(id(body))
    if hit is not None and hit[0] is body and hit[1] == numbers and hit[2] == links:
        return hit[3]
    made = Later(resolve_with, body.html, numbers, links)
    if len(_BODIES) > 200_000:
        _BODIES.clear()
    _BODIES[id(body)] = (body, numbers, links, made)
    return made


def resolved(data: dict[str, Any]) -> dict[str, Any]:
    """Page data with every Later made."""
    return {k: v.value() if isinstance(v, Later) else v for k, v in data.items()}


def plan(site: Site, opts: Options) -> list[Page]:
    """Every page of the site, with the data each one shows."""
    site = published_site(site, opts)
    events = visible_events(site, opts)
    visible = {e.slug for e in events}
    link = make_linker(site, visible, opts.drafts)
    entries = entries_for(site, events)
    by_slug = {e.slug: e for e in entries}
    pages: list[Page] = []
    filters = {
        "people": [person_chip(p) for p in site.people.values()],
        "countries": [country_chip(c) for c in site.countries.values()],
        "tags": tag_options(site, entries),
    }
    stories = Stories.of(site, events, opts.drafts) if site.timelines else None
    if stories is None:
        pages.extend(_site_timeline(site, events, entries, filters))
    else:
        pages.extend(_story_pages(site, stories, by_slug, link))

    cited_by: dict[str, list[Entry]] = {}
    # who and where, indexed once: scanning every event for each person was quadratic
    by_person: dict[str, list[Entry]] = {}
    by_country: dict[str, list[Entry]] = {}
    in_series: dict[str, list[Event]] = {}
    for ev in events:
        for s in dict.fromkeys(ev.people):
            by_person.setdefault(s, []).append(by_slug[ev.slug])
        for s in dict.fromkeys(ev.countries):
            by_country.setdefault(s, []).append(by_slug[ev.slug])
        if ev.series:
            in_series.setdefault(ev.series.id, []).append(ev)
    events_by_slug = {ev.slug: ev for ev in events}
    places = _places(site, events, stories)
    for i, ev in enumerate(events):
        for sid in ev.sources:
            cited_by.setdefault(sid, []).append(by_slug[ev.slug])
        pages.append(_event_page(site, i, ev, entries, by_slug, in_series, link, stories, places))

    for person in site.people.values():
        mine = by_person.get(person.slug, [])
        country = site.countries.get(person.country)
        pages.append(
            Page(
                f"people/{person.slug}/index.html",
                "person.html",
                {
                    "person": person,
                    "bio": body_later(person.body, _source_numbers(person.body), link),
                    "bio_sources": _body_sources(site, person.body),
                    "country": country_chip(country) if country else None,
                    "events": mine,
                    "all_entries": entries,
                    **_grouped(stories, mine, events_by_slug),
                },
            )
        )
    from_country: dict[str, list[Chip]] = {}
    for p in site.people.values():
        from_country.setdefault(p.country, []).append(person_chip(p))
    for country in site.countries.values():
        mine = by_country.get(country.slug, [])
        pages.append(
            Page(
                f"countries/{country.slug}/index.html",
                "country.html",
                {
                    "country": country,
                    "notes": body_later(country.body, _source_numbers(country.body), link),
                    "notes_sources": _body_sources(site, country.body),
                    "events": mine,
                    "people": from_country.get(country.slug, []),
                    "all_entries": entries,
                    **_grouped(stories, mine, events_by_slug),
                },
            )
        )
    pages.append(
        Page(
            "people/index.html",
            "people.html",
            {"people": [(p, len(by_person.get(p.slug, ()))) for p in site.people.values()]},
        )
    )
    pages.append(
        Page(
            "countries/index.html",
            "countries.html",
            {"countries": [(c, len(by_country.get(c.slug, ()))) for c in site.countries.values()]},
        )
    )
    listed = sorted(
        (s for s in site.sources.values() if s.id in cited_by),
        key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id),
    )
    pages.append(
        Page(
            "sources/index.html",
            "sources.html",
            {
                "sources": [(s, cited_by.get(s.id, [])) for s in listed],
                **_source_groups(stories, listed, cited_by, events_by_slug),
            },
        )
    )
    pages.append(Page("404.html", "404.html", {}))
    from . import embed, publish, search

    pages.extend(publish.plan(site, opts, events, entries))
    pages.extend(search.plan(site, opts, events, entries))
    if stories is not None:
        published = SharedList(sorted(visible))
        for slug, mine_events in stories.events.items():
            pages.extend(story_files(site, opts, slug, mine_events, published, link))
    pages.extend(embed.plan(site, opts, pages))
    return pages


def _story_pages(
    site: Site,
    stories: Stories,
    by_slug: Mapping[str, Entry],
    link: Linker,
) -> list[Page]:
    """The newsroom's front page and each timeline's page."""
    made = []
    pages = []
    for slug, events in stories.events.items():
        tl = site.timelines[slug]
        data = timelines.page_data(
            tl, events, [by_slug[e.slug] for e in events], site.config.era_style
        )
        made.append(data["story"])
        mine: list[Entry] = data["entries"]  # type: ignore[assignment]
        people = {c.slug for e in mine for c in e.people}
        countries = {c.slug for e in mine for c in e.countries}
        data["filters"] = {
            "people": [person_chip(p) for p in site.people.values() if p.slug in people],
            "countries": [country_chip(c) for c in site.countries.values() if c.slug in countries],
            "tags": tag_options(site, mine),
        }
        data["intro"] = body_later(tl.body, _source_numbers(tl.body), link)
        data["intro_sources"] = _body_sources(site, tl.body)
        data["chronological"] = SharedList(data["chronological"])  # type: ignore[call-overload]
        pages.extend(
            _split_large(f"timelines/{slug}/", data, tl.order == "newest", site.config.era_style)
        )
    front = timelines.front_page(made)  # type: ignore[arg-type]
    return [Page("index.html", "timelines.html", {"stories": front}), *pages]


def _site_timeline(
    site: Site, events: list[Event], entries: list[Entry], filters: dict[str, Any]
) -> list[Page]:
    """The timeline of a site without content/timelines/: site.yaml's byline, updated and
    order stand in for a timeline's front matter."""
    config = site.config
    if not (config.byline or config.updated or config.order == "newest"):
        era = config.era_style
        data = {"years": timelines.years(entries, era), "entries": entries, "filters": filters}
        return _split_large("", data, False, era)
    tl = model.Timeline(
        slug="",
        title=config.title,
        byline=config.byline,
        updated=config.updated,
        order=config.order,
    )
    made = timelines.page_data(tl, events, entries, config.era_style)
    data = {
        "entries": made["entries"],
        "years": made["years"],
        "story": made["story"],
        "filters": filters,
        "chronological": made["chronological"],
        "newest": config.order == "newest",
    }
    return _split_large("", data, config.order == "newest", config.era_style)


def _split_large(folder: str, data: dict[str, Any], newest: bool, era: str) -> list[Page]:
    """A timeline's page at `folder`; a large one shows its first (or latest) years and a
    year navigator, and gets a page per year group (see yearpages)."""
    entries: list[Entry] = data["entries"]
    years = [e.year for e in entries]
    width = yearpages.bin_width(years)
    if width is None:
        return [Page(folder + "index.html", "timeline.html", data)]
    groups = yearpages.split(years, width)
    parts = yearpages.parts(groups)  # every page but the home page, in reading order
    columns = yearpages.bins(entries, width)
    by_start = {b.start: b for b in columns}
    nav = {
        "folder": folder,
        "bins": columns,
        "total": len(entries),
        "first": min(years),
        "last": max(years),
        "step": -(-len(columns) // 8),  # a visible label on every step-th column
    }
    base = {k: v for k, v in data.items() if k != "chronological"}

    def link(n: int) -> dict[str, str] | None:
        if not 0 <= n < len(parts):
            return None
        k, part, _ = parts[n]
        more = len(groups[k]) > yearpages.PAGE
        label = by_start[k].label + (f" (part {part + 1})" if more else "")
        return {"path": yearpages.part_path(k, part), "label": label}

    def _part(at: list[int]) -> str:
        k, part, _ = parts[at[0]]
        count = -(-len(groups[k]) // yearpages.PAGE)
        return f", part {part + 1} of {count}" if len(at) == 1 and count > 1 else ""

    def page(path: str, at: list[int], home: bool = False) -> Page:
        shown = [entries[i] for n in at for i in parts[n][2]]
        keys = list(dict.fromkeys(parts[n][0] for n in at))
        here = {
            **nav,
            "shown": _span_label([b for b in columns if b.start in keys]) + _part(at),
            "current": keys,
            "home": home,
            "previous": link(at[0] - 1),
            "next": link(at[-1] + 1),
        }
        rows = timelines.years(shown, era)
        data = {**base, "entries": shown, "years": rows, "nav": here}
        data["filters"] = _filters_of(base["filters"], shown)
        return Page(path, "timeline.html", data)

    home = yearpages.home(groups, parts, newest)
    return [
        page(folder + "index.html", home, home=True),
        *(
            page(f"{folder}{yearpages.part_path(k, part)}index.html", [n])
            for n, (k, part, _) in enumerate(parts)
        ),
    ]


def _filters_of(filters: dict[str, list[Any]], shown: list[Entry]) -> dict[str, list[Any]]:
    """The filter options a page of a large timeline offers: those of its own events (the
    site's thousands of people would outweigh the events)."""
    people = {c.slug for e in shown for c in e.people}
    countries = {c.slug for e in shown for c in e.countries}
    tags = {t for e in shown for t in e.tags}
    return {
        "people": [c for c in filters["people"] if c.slug in people],
        "countries": [c for c in filters["countries"] if c.slug in countries],
        "tags": [t for t in filters["tags"] if t[0] in tags],
    }


def _span_label(shown: list[yearpages.YearBin]) -> str:
    """'1995', '1990–1999' or '1990–2003': the years of the groups a page shows."""
    lo, hi = shown[0].start, shown[-1].start + shown[-1].width - 1
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _places(site: Site, events: list[Event], stories: Stories | None) -> dict[str, dict[str, str]]:
    """For each large timeline ('' for the site's own), where each of its events is listed
    (its year page, relative to the timeline's page)."""
    lists = {"": events} if stories is None else stories.events
    out = {}
    for slug, mine in lists.items():
        order = site.timelines[slug].order if slug else site.config.order
        if order == "newest":
            mine = mine[::-1]  # (the timeline's pages list them in this order)
        years = [ev.date.year for ev in mine]
        width = yearpages.bin_width(years)
        if width is not None:
            out[slug] = dict(
                zip((ev.slug for ev in mine), yearpages.places(years, width), strict=True)
            )
    return out


def story_files(
    site: Site,
    opts: Options,
    slug: str,
    events: list[Event],
    published: SharedList,
    link: Linker,
) -> list[Page]:
    """A timeline's feed, data files and search index, under timelines/SLUG/.
    `published`: the sorted slugs of every published event, one list for all timelines
    (digested once for the pages' keys); `link`: the plan's linker."""
    from . import publish, search

    folder = f"timelines/{slug}/"
    events = SharedList(events)  # (its files' keys digest it once)
    people = {p for e in events for p in e.people}
    countries = {c for e in events for c in e.countries}
    # its search index: its events, and the people and countries they name; a [[link]] to
    # an event of another timeline shows its title, as in the site's index
    index = {
        "events": events,
        "published": published,
        "people": tuple(p for p in site.people.values() if p.slug in people),
        "countries": {k: c for k, c in site.countries.items() if k in countries},
    }
    tl = site.timelines[slug]
    return [
        *publish.story_plan(site, opts, tl, events, folder, published, link),
        Page(folder + search.INDEX_PATH, "producer:search", index),
    ]


def _grouped(
    stories: Stories | None,
    mine: list[Entry],
    events: dict[str, Event],
) -> dict[str, Any]:
    """A person's or country's events by timeline, and as the page's strip highlights
    them, each naming its timelines (only on a site with timelines)."""
    if stories is None:
        return {}
    return {"groups": stories.grouped(mine, events), "marked": stories.marked(mine, events)}


def _source_groups(
    stories: Stories | None,
    listed: list[Source],
    cited_by: dict[str, list[Entry]],
    events: dict[str, Event],
) -> dict[str, Any]:
    if stories is None:
        return {}
    return {"source_groups": {s.id: stories.grouped(cited_by[s.id], events) for s in listed}}


def _event_page(
    site: Site,
    i: int,
    ev: Event,
    entries: Sequence[Entry],
    by_slug: Mapping[str, Entry],
    in_series: Mapping[str, list[Event]],
    link: Linker,
    stories: Stories | None = None,
    places: Mapping[str, Mapping[str, str]] | None = None,
) -> Page:
    """The page of the i-th visible event."""
    numbers = {sid: n for n, sid in enumerate(ev.sources, 1)}
    series = []
    if ev.series:
        series = [
            by_slug[o.slug]
            for o in sorted(
                in_series[ev.series.id],
                key=lambda o: o.series.number if o.series else 0,
            )
        ]
    return Page(
        f"events/{ev.slug}/index.html",
        "event.html",
        {
            "event": ev,
            "entry": by_slug[ev.slug],
            "body": body_later(ev.body, numbers, link),
            "people": [site.people[s] for s in ev.people if s in site.people],
            "countries": [site.countries[s] for s in ev.countries if s in site.countries],
            "sources": [site.sources[s] for s in ev.sources if s in site.sources],
            "related": [by_slug[s] for s in ev.related if s in by_slug],
            "series": series,
            **_in_stories(stories, ev, by_slug),
            "previous": entries[i - 1] if i > 0 else None,
            "next": entries[i + 1] if i + 1 < len(entries) else None,
            "corrections": [(c.date, markdown.inline(c.text)) for c in ev.corrections],
            "tags": [(t, site.tag_name(t)) for t in ev.tags],
            # where a large timeline lists it: its year page (see yearpages)
            "places": {s: at[ev.slug] for s, at in (places or {}).items() if ev.slug in at},
        },
    )


def _in_stories(stories: Stories | None, ev: Event, by_slug: Mapping[str, Entry]) -> dict[str, Any]:
    """The event's timelines, each with the events before and after it there."""
    if stories is None:
        return {}
    return {
        "timelines": [
            (tl, by_slug[p] if p else None, by_slug[n] if n else None)
            for tl, p, n in stories.neighbours(ev)
        ]
    }


class _Entries(Sequence[Entry]):
    """The timeline's entries made only when asked for (see plan_edited)."""

    def __init__(self, site: Site, events: list[Event]) -> None:
        self.site = site
        self.events = events
        self.made: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, i: Any) -> Any:
        if not isinstance(i, int):
            raise TypeError("entries are looked up one at a time")
        i = range(len(self.events))[i]
        hit = self.made.get(i)
        if hit is None:
            ev = self.events[i]
            gap = gap_label(self.events[i - 1], ev) if i else ""
            hit = self.made[i] = entry(self.site, ev, gap)
        return hit


class _EntriesBySlug(Mapping[str, Entry]):
    def __init__(self, entries: _Entries) -> None:
        self.entries = entries
        self.index = {ev.slug: i for i, ev in enumerate(entries.events)}

    def __getitem__(self, slug: str) -> Entry:
        made: Entry = self.entries[self.index[slug]]
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)


def plan_edited(site: Site, opts: Options, edited: tuple[Event, ...]) -> list[Page]:
    """Of a full plan, only the pages that show an event's body: the `edited` events'
    own pages and the files made of every event. With nothing changed but body text
    since the last build (see assemble._body_edits), every other page is as it was.

    The entries of the neighbours, series and related events are made on demand; tests
    compare the result with the same pages of a full plan."""
    from . import publish, search

    site = published_site(site, opts)
    events = visible_events(site, opts)
    link = make_linker(site, {e.slug for e in events}, opts.drafts)
    entries = _Entries(site, events)
    by_slug = _EntriesBySlug(entries)
    in_series: dict[str, list[Event]] = {}
    for ev in events:
        if ev.series:
            in_series.setdefault(ev.series.id, []).append(ev)
    wanted = {ev.slug for ev in edited}
    stories = Stories.of(site, events, opts.drafts) if site.timelines else None
    places = _places(site, events, stories)
    pages = [
        _event_page(site, i, ev, entries, by_slug, in_series, link, stories, places)
        for i, ev in enumerate(events)
        if ev.slug in wanted
    ]
    pages.extend(publish.plan(site, opts, events, []))
    pages.extend(search.plan(site, opts, events, []))
    if stories is not None:  # the files of the timelines the edited events are in
        touched = {s for ev in edited for s in stories.of_event(ev)}
        published = SharedList(sorted(ev.slug for ev in events))
        for slug, mine in stories.events.items():
            if slug in touched:
                pages.extend(story_files(site, opts, slug, mine, published, link))
    return pages


def replan(pages: list[Page], site: Site, opts: Options, edited: tuple[Event, ...]) -> list[Page]:
    """The last plan again, for a site whose only change is the body text of the `edited`
    events (see assemble._body_edits): their pages get the new event and body, the files
    made of every event get the new events in their lists, and every other page is the
    very same Page.

    Only an event's own page and those files show an Event (other pages show Entries,
    which a body does not change; the bodies' links and citations are as they were);
    tests compare this with a full plan."""
    new = {ev.slug: ev for ev in edited}
    events = visible_events(site, opts)
    link = make_linker(site, {e.slug for e in events}, opts.drafts)
    out: list[Page] = []
    for page in pages:
        listed = page.data.get("events") if page.template.startswith("producer:") else None
        if isinstance(listed, (list, tuple)):
            swapped = [new.get(e.slug, e) for e in listed]
            data = {**page.data, "events": tuple(swapped) if isinstance(listed, tuple) else swapped}
            out.append(Page(page.path, page.template, data))
            continue
        ev = page.data.get("event") if page.template == "event.html" else None
        if ev is not None and ev.slug in new:
            ev = new[ev.slug]
            numbers = {sid: n for n, sid in enumerate(ev.sources, 1)}
            data = {**page.data, "event": ev, "body": body_later(ev.body, numbers, link)}
            page = Page(page.path, page.template, data)
        out.append(page)
    return out


def _source_numbers(body: Any) -> dict[str, int]:
    return {sid: n for n, sid in enumerate(dict.fromkeys(r.target for r in body.citations), 1)}


def _body_sources(site: Site, body: Any) -> list[Source]:
    ids = dict.fromkeys(r.target for r in body.citations)
    return [site.sources[s] for s in ids if s in site.sources]


# -- render ------------------------------------------------------------------------------


class TemplateProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Asset:
    name: str
    """Logical name used in templates: 'style.css'."""
    path: str
    """Fingerprinted output path: 'assets/style.1a2b3c4d5e.css'."""
    content: bytes


def theme_dirs(site_dir: Path) -> list[Path]:
    dirs = []
    own = site_dir / "templates"
    if own.is_dir():
        dirs.append(own)
    theme = default_theme()
    if theme.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(theme)
    return dirs


def load_assets(dirs: list[Path], fingerprint: bool = True) -> dict[str, Asset]:
    """The theme's assets/ files, the site's own overriding the default's, fingerprinted."""
    found: dict[str, Path] = {}
    for d in reversed(dirs):
        root = d / "assets"
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file() and not p.name.startswith("."):
                    found[p.relative_to(root).as_posix()] = p
    assets = {}
    for name, p in sorted(found.items()):
        content = p.read_bytes()
        digest = hashlib.sha256(content).hexdigest()[:10]
        stem, dot, ext = name.rpartition(".")
        out = f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{name}.{digest}"
        if not fingerprint:
            out = f"assets/{name}"
        assets[name] = Asset(name, out, content)
    return assets


def templates_digest(dirs: list[Path]) -> str:
    """A hash of every theme file: a template change re-renders every page."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(d).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()


class SharedList(list[Any]):
    """A list many pages show (every entry, for the overview strip): digested once per build."""


class _KeyPickler(pickle.Pickler):
    """Pickles page data for a cache key, each object shown on many pages only once.

    Every person page lists all entries: pickled again for each page, the keys cost more
    than the rendering. After its first time a shared object's digest stands in for it;
    the memo holds the object itself, so that its id() is not reused within the build.
    reducer_override (unlike persistent_id) is not called for plain str, int, list, tuple
    and dict, so the hook costs nothing for the bulk of the data.
    """

    def __init__(self, digests: dict[int, tuple[object, bytes]], root: object) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.digests = digests
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if obj is self.root or not (kind in SHARED or kind is SharedList):
            return NotImplemented
        hit = self.digests.get(id(obj))
        if hit is None:
            hit = self.digests[id(obj)] = (obj, object_digest(obj, self.digests))
        return _digested, (hit[1],)


def _digested(value: bytes) -> bytes:  # pragma: no cover - only named in key pickles
    return value


_ENTRY_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Entry)))
_CHIP_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Chip)))


def _entry_state(e: Entry) -> tuple[Any, ...]:
    """Everything an Entry shows, as plain values: pickled, a third of the cost of
    pickling the dataclass and its chips (each process digests all 10,000)."""
    state = list(_ENTRY_FIELDS(e))
    for i, value in enumerate(state):
        if type(value) is tuple and value and type(value[0]) is Chip:
            state[i] = tuple([_CHIP_FIELDS(c) for c in value])
    return tuple(state)


def object_digest(obj: object, digests: dict[int, tuple[object, bytes]]) -> bytes:
    """A shared model object's digest: from its origin's digest when it has one (a hash of
    what it was made from, far cheaper than pickling it), else from its pickle."""
    origin = getattr(obj, "origin", None)
    if origin is not None and origin.digest:
        text = f"{type(obj).__name__}\0{origin.digest}"
        return hashlib.blake2b(text.encode(), digest_size=20).digest()
    if type(obj) is Entry:
        data = pickle.dumps(("Entry", _entry_state(obj)), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.blake2b(data, digest_size=20).digest()
    return data_digest(obj, digests)


def data_digest(value: object, digests: dict[int, tuple[object, bytes]]) -> bytes:
    """A digest of everything in `value`; `digests` is shared by one build's pages."""
    pickler = _KeyPickler(digests, value)
    if type(value) is SharedList:
        pickler.dump(list(value))
    else:
        pickler.dump(value)
    return hashlib.blake2b(pickler.buffer.getvalue(), digest_size=20).digest()


class _Bytecode(jinja2.BytecodeCache):
    """Compiled templates kept between the builds of one process (serve rebuilds) and,
    in SITE/.sitegen-cache/jinja/, between processes (compiling the theme costs a build
    ~0.1 s).

    Jinja checks each entry against the template source's checksum (and its own and
    Python's version), so an edited template is compiled again.
    """

    store: ClassVar[dict[str, bytes]] = {}
    """Compiled templates of this process, shared by every environment."""

    def __init__(self, folder: Path | None = None, read_disk: bool = True) -> None:
        self.folder = folder
        """Where compiled templates are kept on disk; None: in memory only."""
        self.read_disk = read_disk
        """False for `build --clean`: write the folder, trust nothing in it."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is None and self.folder is not None and self.read_disk:
            try:
                code = (self.folder / f"{bucket.key}.bytecode").read_bytes()
            except OSError:
                code = None
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(code)
                os.replace(tmp, self.folder / f"{bucket.key}.bytecode")
            except OSError:
                pass  # a cache that cannot be written is only slower


LONG_LIST = 1000
"""Pages with a list longer than this in their data are encoded as they are made."""


def _date_human(value: EDate | None) -> str:
    return value.human() if value else ""


def _time_attr(value: str | EDate | None) -> Markup:
    """` datetime="…"` for a <time>, or nothing: HTML's dates have no years before 1 (and no
    sign), so an event in 44 BCE or deep time keeps its words without a machine date."""
    text = value.expanded() if isinstance(value, EDate) else (value or "")
    if not text or text[0] in "-+":
        return Markup("")
    return Markup(' datetime="{}"').format(text)


def _json_ld(value: Any) -> Markup:
    text = value if isinstance(value, escaping.LinkedData) else escaping.LD_JSON(value)
    # keep '</script>' and friends out of the script element
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class _Template(jinja2.Template):
    """A template whose printed values are escaped by escaping.escape_output."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: Any,
        globals: Any,
    ) -> jinja2.Template:
        # compiled code prints through the module-level name `escape` (imported from
        # jinja2.runtime when the module ran); its blocks and macros share this namespace
        if escaping.FAST:
            namespace["escape"] = escaping.escape_output
        return super()._from_namespace(environment, namespace, globals)


class _Environment(jinja2.Environment):
    """Templates see the environment's own globals dict, not a ChainMap in front of it.

    Jinja gives each template a ChainMap(its own globals, the environment's), so that
    get_template(name, globals=...) cannot change what other templates see. sitegen never
    passes template globals; and every page's context copies the template's globals, and
    every `{% from ... import %}` subtracts their keys: through a ChainMap that was 5% of
    rendering an event page."""

    made: dict[str, jinja2.Template]
    """Templates loaded so far, by name (see get_template)."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if d:
            return super().make_globals(d)
        return self.globals

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Each template from a plain dict once loaded (auto_reload is off: a build's
        environment never reloads one): a page asks for three (its own, base.html and
        _macros.html), and Jinja's cache looks each up under a lock."""
        if globals is not None or type(name) is not str:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        made = self.made.get(name)
        if made is None:
            made = self.made[name] = super().get_template(name)
        return made


class Once:
    """The template global `once(macro, *args)`: macro(*args), made once per build for the
    very same arguments and then reused.

    For a macro that prints a model object the same way on many pages, imported without
    context (so it sees nothing but its arguments and the build's globals): event pages
    print 30,000 sources that are 3,000 sources cited again and again. The arguments
    are matched by identity, not equality (hashing a dataclass hashes all of it), and
    held, so that an id is not reused while its entry stands."""

    LIMIT = 100_000
    """Entries before the table is emptied (a build's sources are a few thousand)."""

    def __init__(self) -> None:
        self.made: dict[tuple[int, ...], tuple[tuple[object, ...], Any]] = {}

    def __call__(self, macro: Callable[..., Any], *args: object) -> Any:
        held = (macro, *args)
        key = tuple(map(id, held))
        hit = self.made.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], held, strict=True)):
            return hit[1]
        value = macro(*args)
        if len(self.made) >= self.LIMIT:
            self.made.clear()
        self.made[key] = (held, value)
        return value


def environment(dirs: list[Path], bytecode: jinja2.BytecodeCache) -> jinja2.Environment:
    """A Jinja environment over theme folders, as every build compiles templates in it
    (the compiled code depends on these options, not on the globals a build adds)."""
    env = _Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
        auto_reload=False,  # one Environment per build: no stat() per page to recheck
    )
    env.template_class = _Template
    env.made = {}
    env.filters["human"] = _date_human
    env.filters["time_attr"] = _time_attr
    env.filters["json_ld"] = _json_ld
    return env


def precompile(site_dir: Path, compiled: Path | None) -> None:
    """Compile every template of the site's theme into this process's store of compiled
    templates (see _Bytecode), so that Renderer.check_templates finds them made: a first
    build does it while its workers start parsing (a tenth of a second on one core
    otherwise). Problems are left for check_templates to report."""
    env = environment(theme_dirs(site_dir), _Bytecode(compiled, read_disk=False))
    for name in sorted(set(env.list_templates(extensions=["html", "xml", "txt"]))):
        try:
            env.get_template(name)
        except Exception:
            continue


class Renderer:
    """A Jinja environment over the site's templates and the default theme."""

    def __init__(
        self,
        site: Site,
        site_dir: Path,
        opts: Options,
        compiled: Path | None = None,
        trust_compiled: bool = True,
    ) -> None:
        """compiled: a folder that keeps compiled templates between processes (see
        _Bytecode); trust_compiled: read it (False: only write it, for --clean)."""
        self.site = site
        self.site_dir = site_dir
        self.opts = opts
        self.dirs = theme_dirs(site_dir)
        self.assets = load_assets(self.dirs, opts.fingerprint)
        self.digest = templates_digest(self.dirs)
        base = opts.base_url if opts.base_url is not None else site.config.base_url
        if base and not base.endswith("/"):
            base += "/"
        self.base_url = base
        self.env = environment(self.dirs, _Bytecode(compiled, trust_compiled))
        self.digests: dict[int, tuple[object, bytes]] = {}
        """id -> (object, digest) of what the page keys have pickled so far."""
        self.pieces = Pieces()
        """Whole-site files made of per-event pieces (see splice); the builder tells it
        where the last build's files are."""
        self.env.globals.update(
            site=site.config,
            base_url=self.base_url,
            generator=f"sitegen {__version__}",
            build_date=opts.build_date,
            drafts=opts.drafts,
            today=opts.today,
            newsroom=bool(site.timelines),
            eras=site.eras,
        )
        from . import embed, overview, publish

        self._key_base: Any = None
        self._key_text: str | None = None
        self.env.globals["overview"] = overview.strip
        self.env.globals["schema"] = publish.json_ld
        self.env.globals["once"] = Once()
        self.env.globals["embed_code"] = functools.partial(embed.snippet, self.base_url or "")

    def key_base(self) -> str:
        """What every page's bytes depend on: the template set, the options, site.yaml."""
        if self._key_text is None:
            shown = (self.base_url, self.opts, self.site.config, self.site.eras)
            self._key_text = f"{self.digest}\0{shown!r}"
            if self.site.timelines:  # the site's header names the timelines
                self._key_text += "\0newsroom"
        return self._key_text

    def key(self, page: Page) -> str:
        """What the page's bytes depend on: template set, options and the page's data."""
        base = self._key_base
        if base is None:
            base = hashlib.blake2b(digest_size=20)
            base.update(self.key_base().encode())
            self._key_base = base
        h = base.copy()
        parts = [f"\0{page.path}\0{page.template}\0".encode()]
        for name, value in page.data.items():
            parts.append(name.encode() + b"=")
            parts.append(self._value_digest(value))
        h.update(b"".join(parts))
        return str(h.hexdigest())

    def _shared_digest(self, value: object) -> bytes:
        """A shared model object's digest, from the build's table."""
        hit = self.digests.get(id(value))
        if hit is None:
            hit = self.digests[id(value)] = (value, object_digest(value, self.digests))
        return hit[1]

    def _value_digest(self, value: object) -> bytes:
        """A value's digest; shared model objects (and lists of them) from the build's table,
        without a pickler: most of a page's data is such objects."""
        kind = type(value)
        if kind in SHARED or kind is SharedList:
            return b"o" + self._shared_digest(value)
        if kind is Later:
            assert isinstance(value, Later)
            return b"L" + value.digest()
        if kind is list or kind is tuple:
            parts = [b"l%d:" % len(value)]  # type: ignore[arg-type]
            for item in value:  # type: ignore[attr-defined]
                if type(item) not in SHARED:
                    break
                parts.append(b"o" + self._shared_digest(item))
            else:
                return b"".join(parts)
        return b"p" + data_digest(value, self.digests)

    def keep_digests(self, earlier: dict[int, tuple[object, bytes]]) -> None:
        """Reuse an earlier build's digests of the model objects this site still holds.

        The parse cache hands a rebuild the very same Event for an unchanged file, and the
        earlier dict holds each object alive, so an id() found in both is the same object.
        """
        site = self.site
        alive = {id(o) for o in site.events}
        alive.update(id(hit[3]) for hit in _ENTRIES.values())
        for table in (site.people, site.countries, site.sources):
            alive.update(id(o) for o in table.values())
        self.digests.update((k, v) for k, v in earlier.items() if k in alive)

    def check_templates(self) -> list[Diagnostic]:
        """Compile every template up front, so a syntax error is one clean diagnostic."""
        out = []
        for name in sorted(set(self.env.list_templates(extensions=["html", "xml", "txt"]))):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                out.append(self._diag(exc, name))
            except jinja2.TemplateError as exc:
                out.append(self._diag(exc, name))
        return out

    def _template_path(self, name: str | None) -> str:
        for d in self.dirs:
            if name and (d / name).is_file():
                p = d / name
                try:
                    return p.relative_to(self.site_dir).as_posix()
                except ValueError:
                    return f"(default theme)/{name}"
        return name or "templates"

    def _diag(self, exc: Exception, name: str | None) -> Diagnostic:
        lineno = getattr(exc, "lineno", None) or 1
        filename = getattr(exc, "name", None) or name
        if not isinstance(exc, jinja2.TemplateSyntaxError):
            # find the innermost template frame of the traceback
            for frame in reversed(traceback.extract_tb(exc.__traceback__)):
                if frame.filename.endswith((".html", ".xml", ".txt")):
                    lineno = frame.lineno or 1
                    filename = Path(frame.filename).name
                    for d in self.dirs:
                        try:
                            where = Path(frame.filename).resolve()
                            filename = where.relative_to(d.resolve()).as_posix()
                            break
                        except ValueError:
                            continue
                    break
        message = getattr(exc, "message", None) or str(exc)
        return Diagnostic(
            self._template_path(filename), lineno, 1, "error", "template",
            f"{type(exc).__name__}: {message}",
        )  # fmt: skip

    def render(self, page: Page) -> bytes:
        if page.template.startswith("producer:"):
            # 'producer:MODULE' pages (feeds, data files, the search index) are made by
            # sitegen.MODULE.produce(renderer, page) instead of a template.
            module = importlib.import_module(f"sitegen.{page.template.split(':')[1]}")
            made = Page(page.path, page.template, resolved(page.data))
            produced: bytes = module.produce(self, made)
            return produced
        depth = page.path.count("/")
        root = "../" * depth  # (404.html: '', from the site's root its <base> names)
        assets = self.assets

        def rel(target: str = "") -> str:
            return (root + target) or "./"

        def asset(name: str) -> str:
            return root + assets[name].path

        def absolute(target: str = "") -> str:
            return self.base_url + target if self.base_url else ""

        data: dict[str, Any] = resolved(page.data)
        for key in ("body", "bio", "notes", "intro"):
            if key in data:
                data[key] = Markup(data[key].replace("\x01", root))
        if "corrections" in data:
            data["corrections"] = [(d, Markup(t)) for d, t in data["corrections"]]
        try:
            template = self.env.get_template(page.template)
            context = dict(page=page, root=root, rel=rel, asset=asset, absolute=absolute, **data)
            if not any(isinstance(v, Sized) and len(v) > LONG_LIST for v in page.data.values()):
                return escaping.drop_controls(template.render(context).encode("utf-8"))
            # A page listing thousands of events (the timeline) is encoded as it is made:
            # joined first, one flag emoji makes the whole text four bytes a character
            # (at 10,000 events a 60 MB string, on top of the fragments it is joined from)
            encoded: list[bytes] = []
            fragments: list[str] = []
            for fragment in template.generate(context):
                fragments.append(fragment)
                if len(fragments) >= 4096:
                    encoded.append("".join(fragments).encode("utf-8"))
                    fragments.clear()
            encoded.append("".join(fragments).encode("utf-8"))
            return escaping.drop_controls(b"".join(encoded))
        except jinja2.TemplateError as exc:
            raise TemplateProblem(self._diag(exc, page.template)) from None
        except Exception as exc:
            raise TemplateProblem(self._diag(exc, page.template)) from None


def asset_files(renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    for a in renderer.assets.values():
        yield a.path, a.content


HTML_ID = re.compile(r"[^a-z0-9-]")
