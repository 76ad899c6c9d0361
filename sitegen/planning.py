"""Model → plan: every output file of a build, as a Page whose data is what it shows.

No disk access and no Jinja: render.py renders what is planned here. `plan` makes every
page; after body edits alone, `plan_edited` (another process) and `replan` (serve) make
only the pages a body shows. What one plan works out that the next one in the same
process may reuse (the entries, their digests) is kept in a `Memo` the Builder owns.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from itertools import accumulate
from typing import Any

from . import embed, images, markdown, model, publish, search, yearpages
from .dates import EDate, unbroken_eras
from .keys import Digests
from .model import Country, Event, Person, Site, Source
from .options import Options
from .pages import (
    BACKGROUND_FIELDS,
    BodyHtml,
    Chip,
    Entry,
    Later,
    Linker,
    Page,
    PageData,
    SharedList,
    StripBackground,
    end_datetime,
    gap_after,
    gap_label,
    link_table,
    make_linker,
    published_site,
    resolve_with,
    start_datetime,
    visible_events,
)
from .records import dataclass, made_seldom, value_methods
from .stories import Stories, front_page, page_data
from .stories import years as year_groups

EntryInputs = tuple[str, ...]
"""What an Entry is made from: its event's and its people's, countries' and sources'
file digests (see model.Origin.digest), its gap, and the zone and era_style its dates
are shown in when they depend on them."""


@made_seldom
@dataclass(eq=False, repr=False)
class Memo:
    """What one build's plan and page keys work out that the next build of the same
    process (a serve rebuild) may reuse; kept by the Builder, keyed by what each value
    is made from, never by an object's address."""

    digests: Digests = field(default_factory=Digests)
    """The page keys' digests of shared objects (see keys.Digests)."""
    entries: dict[str, tuple[EntryInputs | None, Entry]] = field(default_factory=dict)
    """The last plan's entries by slug, with what each was made from (None: not known)."""
    shown: list[Entry] = field(default_factory=list)
    """The last plan's timeline entries: the very list again when no entry changed, so
    that its digest (see pages.SharedList) is not made again."""
    templates: dict[str, bytes] = field(default_factory=dict)
    """Compiled templates by Jinja's bucket key (a hash of the name and the source), so
    that a serve rebuild does not compile or read them again (see render._Bytecode)."""
    again: bool = True
    """Whether the process builds again (serve): only then are the entries kept, with
    what each was made from (~180 bytes an event, held through the render and read by
    nothing in a build that is the process's last)."""
    background: StripBackground | None = None
    """The last plan's strip background (see background_of)."""

    def background_of(self, entries: list[Entry]) -> StripBackground:
        """The strips' background of these entries: in a process that builds again
        (serve), the last plan's very object when it draws the same (a title edited: the
        person and country pages' data is then the same objects, and their keys are not
        worked out again). Elsewhere what it draws is left for its digest to work out
        (keys.Digests.of), in the process that needs it."""
        made = StripBackground(entries)
        if not self.again:
            return made
        made.drawn = list(map(BACKGROUND_FIELDS, entries))
        last = self.background
        if last is not None and last.drawn == made.drawn:
            return last
        self.background = made
        return made


class Chips:
    """Every person's and country's chip, made once per plan."""

    def __init__(self, site: Site) -> None:
        self.people = {
            slug: Chip("people", p.slug, p.name, p.initials) for slug, p in site.people.items()
        }
        self.countries = {
            slug: Chip("countries", c.slug, c.name, c.flag, c.iso)
            for slug, c in site.countries.items()
        }
        self.sources = site.sources
        self.pairs: dict[str, tuple[str, str]] = {}
        """Each source's (title, url), made once for all the entries that cite it: a pair
        a citation was ~7 a newsroom event (13 MiB at 30,000 events, which each render
        process copies), 110,000 pairs on the skewed corpus at 10,000 events."""
        self.made: tuple[dict[tuple[str, ...], tuple[Any, ...]], ...] = ({}, {}, {})
        """People's, countries' and sources' tuples by the ids they are made of, one
        each (an entry's are its event's: 60 copies of each at 10,000 events, kept)."""

    def of(self, kind: int, ids: tuple[str, ...]) -> tuple[Any, ...]:
        """The chips (0: people, 1: countries) or the (title, url) pairs (2: sources) of
        those ids that the site has, in order, the same tuple for the same ids."""
        made = self.made[kind].get(ids)
        if made is None:
            if kind == 2:
                known, pairs = self.sources, self.pairs
                made = tuple([pairs.get(s) or self._pair(s) for s in ids if s in known])
            else:
                chips = self.countries if kind else self.people
                made = tuple([chips[s] for s in ids if s in chips])
            self.made[kind][ids] = made
        return made

    def _pair(self, sid: str) -> tuple[str, str]:
        source = self.sources[sid]
        pair = self.pairs[sid] = (source.title, source.url)
        return pair


class Weights:
    """Each event's weight on a timeline's page (yearpages.event_weight) and its entry's
    (entry_weight, which counts only the chips the site has), weighed once a plan when
    first asked for: a large timeline's pages and its year places, and the moved year
    pages, each weighed their events again (the skewed corpus at 1,000 events: 6,968
    weighings of 1,000 events). By slug: an event's entries (one a timeline it is in)
    differ in their gap alone, which weighs nothing."""

    def __init__(self, events: Sequence[Event], entries: Sequence[Entry]) -> None:
        self.events = events
        self.entries = entries

    @functools.cached_property
    def by_event(self) -> dict[str, int]:
        return {ev.slug: yearpages.event_weight(ev) for ev in self.events}

    @functools.cached_property
    def by_entry(self) -> dict[str, int]:
        return {e.slug: yearpages.entry_weight(e) for e in self.entries}

    def of_events(self, events: Iterable[Event]) -> list[int]:
        by_event = self.by_event
        return [by_event[ev.slug] for ev in events]

    def of_entries(self, entries: Iterable[Entry]) -> list[int]:
        by_entry = self.by_entry
        return [by_entry[e.slug] for e in entries]


# -- entries: what the timeline and the lists show of each event -----------------------------


def tag_options(
    named: Callable[[str], tuple[str, str]], entries: Sequence[Entry]
) -> list[tuple[str, str]]:
    """The topic filter's options: (slug, name) of every tag of `entries`, by name;
    `named`: a topic's (slug, name), the plan's (_Plan.tag: each name made once a plan,
    not once a timeline that has the topic)."""
    return sorted(map(named, set().union(*[e.tags for e in entries])), key=_by_name)


def _by_name(tag: tuple[str, str]) -> tuple[str, str]:
    return tag[1].casefold(), tag[0]


def entries_for(site: Site, events: list[Event], memo: Memo, chips: Chips) -> list[Entry]:
    """The timeline's entries, reusing the last plan's where nothing they show changed."""
    earlier, now = memo.entries, {}
    out: list[Entry] = SharedList()
    for ev in events:
        start = ev.date.first_ordinal()
        gap = gap_after(out[-1], start) if out else ""
        inputs = _entry_inputs(site, ev, gap) if memo.again else None
        hit = earlier.get(ev.slug)
        if hit is not None and inputs is not None and hit[0] == inputs:
            made = hit[1]
        else:
            made = entry(site, ev, gap, chips, start)
            if hit is not None and hit[1] == made:
                made = hit[1]  # an edited body: the timeline shows the same entry
        if memo.again:
            now[ev.slug] = (inputs, made)
        out.append(made)
    memo.entries = now
    last = memo.shown
    if out and len(out) == len(last) and all(x is y for x, y in zip(out, last, strict=True)):
        return last  # the same list object: pages showing it need no new digest
    memo.shown = out
    return out


def _entry_inputs(site: Site, ev: Event, gap: str) -> EntryInputs | None:
    """What the event's entry is made from, or None when a file digest is missing."""
    if not ev.origin.digest:
        return None
    # (held back: marked a draft, by its own file or by its timelines')
    made = [ev.origin.digest, gap, "held back" if site.held_back(ev) else ""]
    if not _plain_words(ev):  # its dates read as the zone and era_style say
        made += [site.config.timezone, site.config.era_style]
    for table, slugs in (
        (site.people, ev.people),
        (site.countries, ev.countries),
        (site.sources, ev.sources),
    ):
        for slug in slugs:
            found = table.get(slug)
            if found is not None and not found.origin.digest:
                return None
            made.append(found.origin.digest if found is not None else "")
    return tuple(made)


def _display_date(ev: Event, end: EDate, tz: str, era_style: str) -> str:
    """The entry's date for readers; a year outside 1–9999 joined to its era by a no-break
    space (only those have one: the test is on the numbers, not the 10,000 texts)."""
    when = ev.when(tz, era_style)
    return unbroken_eras(when) if ev.date.year < 1 or end.year > 9999 else when


def entry(
    site: Site, ev: Event, gap: str = "", chips: Chips | None = None, start: int | None = None
) -> Entry:
    """The entry of an event; `chips`: the plan's (made here when not given); `start`:
    its first day number, if known."""
    chips = Chips(site) if chips is None else chips
    end = ev.end or ev.date
    tz = site.config.timezone
    start = ev.date.first_ordinal() if start is None else start
    # (a day without an end ends where it starts: its number made once, not twice)
    last = start if end is ev.date and end.day is not None else end.last_ordinal()
    return Entry(
        slug=ev.slug,
        title=ev.title,
        summary=ev.summary,
        display_date=_display_date(ev, end, tz, site.config.era_style),
        datetime=start_datetime(ev, tz),
        end_datetime=end_datetime(ev, tz),
        year=ev.date.year,
        start_ordinal=start,
        end_ordinal=last,
        precision=ev.date.precision,
        approximate=ev.date.approximate,
        uncertain=ev.date.uncertain,
        ongoing=ev.ongoing,
        draft=site.held_back(ev),
        scheduled=ev.scheduled,
        people=chips.of(0, ev.people),
        countries=chips.of(1, ev.countries),
        tags=ev.tags,
        gap=gap,
        sources=chips.of(2, ev.sources),
        thumb=images.thumbnail(ev.image),
    )


def _plain_words(ev: Event) -> bool:
    """Whether the event's dates read the same whatever the zone and era_style."""
    return ev.time is None and ev.date.year > 0 and (ev.end is None or ev.end.year > 0)


def body_later(owner: Any, numbers: dict[str, int], link: Linker) -> Later:
    """The body of `owner` (a person, country or timeline) to resolve at render time,
    from inputs the page key covers."""
    body = owner.body
    html = BodyHtml(body, owner.origin.digest)
    return Later(resolve_with, html, numbers, link_table(body, link))


_EVENTS = "\x01events/"
"""How the linker writes an event page's address (\x01: the site's root, as the page
that shows the link reaches it)."""


def event_body(ev: Event, siblings: Linker) -> Later:
    """An event page's body: its sources numbered as the page lists them, and its links
    as `siblings` (see sibling_linker) writes them. Only this page shows this HTML: the
    feed resolves the body again with every link absolute (publish._outside_body)."""
    numbers = {sid: n for n, sid in enumerate(ev.sources, 1)}
    table = link_table(ev.body, siblings)
    return Later(resolve_with, BodyHtml(ev.body, ev.origin.digest), numbers, table)


def sibling_linker(link: Linker) -> Linker:
    """What a `[[target]]` links to from an event page: a link to another event written
    from the page's own folder, `../SLUG/` (both pages are in events/: ten bytes less
    than `../../events/SLUG/`, as the pager's and the related list's links); other links
    from the site's root, as `link` writes them. Kept for each target, as `link` keeps
    its own (an event page's links were each rewritten again for every page)."""
    return functools.cache(lambda target: _sibling(link(target)))


def _sibling(found: tuple[str, str] | None) -> tuple[str, str] | None:
    if found is None or not found[0].startswith(_EVENTS):
        return found
    return "../" + found[0][len(_EVENTS) :], found[1]


# -- plan ------------------------------------------------------------------------------------


Places = dict[str, "str | tuple[str, str] | dict[str, str]"]
"""Event slug -> where the large timelines list it (see _places)."""


@made_seldom
@dataclass(eq=False, repr=False)
class _Plan:
    """What every page of one plan is made from."""

    site: Site
    """The published site (see pages.published_site)."""
    opts: Options
    events: list[Event]
    """The published events, in time order."""
    link: Linker
    chips: Chips
    entries: Sequence[Entry]
    by_slug: Mapping[str, Entry]
    stories: Stories | None
    """The site's timelines, on a site with content/timelines/."""
    siblings: Linker
    """`link` as an event page's body writes its links (see sibling_linker)."""
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each topic an event page or a timeline's topic filter has shown so far, as its
    (slug, name): a name is made from the slug for each page otherwise (model.humanise)."""
    background: StripBackground = field(default_factory=StripBackground)
    """Every entry, as the person and country pages' strips draw them behind their own
    (Memo.background_of)."""

    @functools.cached_property
    def weights(self) -> Weights:
        """Its events' weights (see Weights)."""
        return Weights(self.events, self.entries)

    def tag(self, slug: str) -> tuple[str, str]:
        """A topic as an event page and the topic filters show it: (slug, name)."""
        shown = self.tags.get(slug)
        if shown is None:
            shown = self.tags[slug] = (slug, self.site.tag_name(slug))
        return shown

    def body(self, owner: Any) -> Later:
        """A person's, country's or timeline's body, its sources numbered as cited."""
        return body_later(owner, _source_numbers(owner.body), self.link)


@made_seldom
@dataclass(eq=False, repr=False)
class _Lists:
    """Who, where and what cited, indexed once (scanning every event for each person
    was quadratic)."""

    by_person: dict[str, list[Entry]] = field(default_factory=dict)
    by_country: dict[str, list[Entry]] = field(default_factory=dict)
    cited_by: dict[str, list[Entry]] = field(default_factory=dict)
    in_series: SeriesIndex = field(default_factory=lambda: SeriesIndex({}, {}))

    @classmethod
    def of(cls, p: _Plan) -> _Lists:
        made = cls()
        by_person, by_country, cited_by = made.by_person, made.by_country, made.cited_by
        for ev in p.events:
            shown = p.by_slug[ev.slug]
            for s in dict.fromkeys(ev.people):
                by_person.setdefault(s, []).append(shown)
            for s in dict.fromkeys(ev.countries):
                by_country.setdefault(s, []).append(shown)
            for sid in ev.sources:
                cited_by.setdefault(sid, []).append(shown)
        made.in_series = SeriesIndex.of(p.events)
        return made


class _Grouped:
    """The person, country and source pages of a site with timelines, whose data groups
    their events by timeline (and on a person's or country's own page, marks them on its
    strip): each page's groups made when its data is, with `later` by the process that
    renders it (pages.PageData), and dropped with the page. (Made by the plan for every
    page, they were ~450,000 objects, 35 MiB of the skewed corpus at 10,000 events, in
    the parent at the render's fork and copied by whichever process rendered list pages:
    docs/performance.md.) A page's data is as the plan made it before, keys and all."""

    def __init__(
        self, p: _Plan, stories: Stories, cited_by: dict[str, list[Entry]], later: bool
    ) -> None:
        self.stories = stories
        self.events = {ev.slug: ev for ev in p.events}
        self.cited_by = cited_by
        self.later = later
        self.shows: list[tuple[dict[str, Any], list[publish.SourcesPart] | None]] = []
        """Each page's data but its groups, and a sources page's part of the sources."""

    def page(
        self,
        path: str,
        template: str,
        data: dict[str, Any],
        chunk: list[publish.SourcesPart] | None = None,
    ) -> Page:
        """A page that shows `data` with its groups (None in `data`, made here or later);
        `chunk`: a sources page's sources."""
        if not self.later:
            return Page(path, template, self.filled(data, chunk))
        self.shows.append((data, chunk))
        return Page(path, template, PageData(self.made, len(self.shows) - 1))

    def made(self, at: int) -> dict[str, Any]:
        """The data of the page `at` (see PageData)."""
        return self.filled(*self.shows[at])

    def filled(
        self, data: dict[str, Any], chunk: list[publish.SourcesPart] | None
    ) -> dict[str, Any]:
        """`data` with its groups (each in the place its None held)."""
        if chunk is not None:
            cited_by = self.cited_by
            sources = [(s, cited_by[s.id][a:b]) for s, a, b in chunk]
            groups = self._source_groups(chunk, data.get("parts", {}))
            return {**data, "sources": sources, "source_groups": groups}
        entries: list[Entry] = data["events"]
        marked = data["marked"]
        return {
            **data,
            "groups": self.stories.grouped(entries, self.events),
            "marked": self.stories.marks(entries, self.events) if marked is None else marked,
        }

    def count(self, entries: Sequence[Entry]) -> int:
        """How many entries a page's groups show of `entries`."""
        return self.stories.shown(entries, self.events)

    def _source_groups(
        self, chunk: list[publish.SourcesPart], parts: dict[str, Any]
    ) -> dict[str, Any]:
        """Each source's citing events by timeline; of a source continued over several
        pages (in `parts`, _continued's), the links this page holds."""
        groups = {}
        for s, a, b in chunk:
            grouped = self.stories.grouped(self.cited_by[s.id], self.events)
            if s.id in parts:
                flat = [(tl, e) for tl, items in grouped for e in items][a:b]
                grouped = []
                for tl, e in flat:
                    if not grouped or grouped[-1][0] is not tl:
                        grouped.append((tl, []))
                    grouped[-1][1].append(e)
            groups[s.id] = grouped
        return groups


def plan(site: Site, opts: Options, memo: Memo | None = None, later: bool = False) -> list[Page]:
    """Every page of the site, with the data each one shows; `later`: the event pages'
    data made when first asked for (pages.PageData: a render that forks)."""
    memo = Memo() if memo is None else memo
    site = published_site(site, opts)
    events = visible_events(site, opts)
    chips = Chips(site)
    entries = entries_for(site, events, memo, chips)
    link = make_linker(site, {e.slug for e in events}, opts.drafts)
    p = _Plan(
        site,
        opts,
        events,
        link,
        chips,
        entries,
        {e.slug: e for e in entries},
        Stories.of(site, events, opts.drafts) if site.timelines else None,
        sibling_linker(link),
        background=memo.background_of(entries),
    )
    pages = _timeline_pages(p)
    year_urls = publish.year_page_urls(pages)
    lists = _Lists.of(p)
    grouped = None if p.stories is None else _Grouped(p, p.stories, lists.cited_by, later)
    places = _places(site, events, p.stories, p.weights)
    make = functools.partial(_event_data_at, p, lists.in_series, places)  # (one for all)
    for i, ev in enumerate(events):
        if later:
            pages.append(Page(_event_path(ev), "event.html", PageData(make, i)))
        else:
            pages.append(_event_page(p, i, ev, lists.in_series, places))
    lists_pages = [*_people_pages(p, lists, grouped), *_country_pages(p, lists, grouped)]
    index = _index_pages(p, lists, grouped)
    pages += lists_pages + index
    # (the lists the timelines' files show, once a plan for them and the site's files)
    every = publish.site_lists(site, p.link) if p.stories is not None else None
    more = publish.list_urls(lists_pages, index)
    pages.extend(publish.plan(site, opts, events, p.link, every, year_urls, more))
    pages.extend(search.plan(site, opts, events, entries))
    if p.stories is not None:
        records = publish.part_names(events, opts.bounds.events_bytes)
        numbering = search.Numbering.of(site, events)
        for slug, mine_events in p.stories.events.items():
            pages.extend(
                story_files(site, opts, slug, mine_events, p.link, records, numbering, every)
            )
    pages.extend(embed.plan(site, opts, pages))
    if p.stories is not None:
        pages.extend(_moved_years(p, places))
    return pages


def _timeline_counts(stories: Stories, events: Iterable[Event]) -> dict[str, int]:
    """How many of `events` each published timeline lists."""
    counts: dict[str, int] = {}
    for ev in events:
        for slug in stories.of_event(ev):
            counts[slug] = counts.get(slug, 0) + 1
    return counts


def _moved_years(p: _Plan, places: Places) -> list[Page]:
    """A site that was one story had, past yearpages.LARGE events, year pages at
    years/1990/ (and years/1990/2/, …) that articles and readers link to; once it has
    timelines, each such address is a page that sends the reader on (years.js, keeping
    ?embed and #slug; a meta refresh without scripting) to the timeline that lists most
    of its events, at its page that lists the first of them. (A site that never was one
    story gets them too: nothing tells the two apart.)"""
    assert p.stories is not None
    stories, by_slug = p.stories, p.site.events_by_slug
    events = p.events[::-1] if p.site.config.order == "newest" else p.events
    on_page: dict[str, list[Event]] = {}
    for slug, path in _year_places(events, p.weights):
        on_page.setdefault(path, []).append(by_slug[slug])
    if not on_page:
        return []
    weights = p.weights.of_events(events)
    width = yearpages.bin_width([ev.date.year for ev in events], 1, weights) or 1
    # (as the timeline's navigator said them: `200 CE` next to years before the common era)
    era, bce = p.site.config.era_style, min(events[0].date.year, events[-1].date.year) < 0
    rank = {slug: n for n, slug in enumerate(stories.events)}
    pages = []
    for path, listed in on_page.items():
        counts = _timeline_counts(stories, listed)
        if not counts:
            continue  # (events in no published timeline: nowhere to send the reader)
        ordered = sorted(counts, key=lambda s: (-counts[s], rank[s]))
        first = next(ev for ev in listed if ordered[0] in stories.of_event(ev))
        place = _places_of(places, first.slug).get(ordered[0], "")
        start = int(path.split("/")[1])
        label = yearpages.years_said(start, start + width - 1, era, bce)
        part = path.split("/")[2]
        moved = {
            "label": label + (f", part {part}" if part else ""),
            "to": f"timelines/{ordered[0]}/{place}",
            "slug": first.slug,
            "stories": [(p.site.timelines[s], counts[s]) for s in ordered],
        }
        pages.append(Page(f"{path}index.html", "moved.html", {"moved": moved}))
        # (its embed/ address, which went to ?embed, still goes there: see embed.plan)
        title = p.site.timelines[ordered[0]].title
        shown = {"folder": moved["to"], "title": title, "shown": moved["label"]}
        pages.append(Page(f"{path}embed/index.html", "embed_year.html", {"embed": shown}))
    return pages


def _timeline_pages(p: _Plan) -> list[Page]:
    """The timeline's pages: the site's own, or the front page and each timeline's."""
    if p.stories is not None:
        return _story_pages(p, p.stories)
    filters = {
        "people": [p.chips.people[s] for s in p.site.people],
        "countries": [p.chips.countries[s] for s in p.site.countries],
        "tags": tag_options(p.tag, p.entries),
    }
    return _site_timeline(p.site, p.events, p.entries, filters, p.weights)  # type: ignore[arg-type]


_GROUPS: dict[str, Any] = {"groups": None, "marked": None}
"""A person's or country's groups, in its page's data until _Grouped makes them."""


def _people_pages(p: _Plan, lists: _Lists, grouped: _Grouped | None) -> Iterator[Page]:
    for person in p.site.people.values():
        mine = lists.by_person.get(person.slug, [])
        country = p.chips.countries.get(person.country)
        data = {
            "person": person,
            "bio": p.body(person),
            "bio_sources": _body_sources(p.site, person.body),
            "country": country,
            "events": mine,
            "all_entries": p.background,
            **(_GROUPS if grouped is not None else {}),
        }
        back = f"Back to {person.name}"
        era = p.site.config.era_style
        yield from _by_year(
            f"people/{person.slug}/", "person.html", data, back, _PERSON_HOME, grouped, era
        )


def _country_pages(p: _Plan, lists: _Lists, grouped: _Grouped | None) -> Iterator[Page]:
    from_country: dict[str, list[Chip]] = {}
    for slug, person in p.site.people.items():
        from_country.setdefault(person.country, []).append(p.chips.people[slug])
    for country in p.site.countries.values():
        mine = lists.by_country.get(country.slug, [])
        data = {
            "country": country,
            "notes": p.body(country),
            "notes_sources": _body_sources(p.site, country.body),
            "events": mine,
            "people": from_country.get(country.slug, []),
            "all_entries": p.background,
            **(_GROUPS if grouped is not None else {}),
        }
        back = f"Back to {country.name}"
        era = p.site.config.era_style
        yield from _by_year(
            f"countries/{country.slug}/", "country.html", data, back, _COUNTRY_HOME, grouped, era
        )


_PERSON_HOME: dict[str, Any] = {"bio": "", "bio_sources": []}
"""What a person's year page leaves to the person's own page."""
_COUNTRY_HOME: dict[str, Any] = {"notes": "", "notes_sources": [], "people": []}


def _by_year(
    folder: str,
    template: str,
    data: dict[str, Any],
    back: str,
    home_only: dict[str, Any],
    grouped: _Grouped | None = None,
    era: str = "bce",
) -> list[Page]:
    """A person's or country's page; past yearpages.LARGE events, its first years and a
    year navigator, and a page per year group, as a large timeline is split (issue 20:
    930 KB for a person in 1,000 of 10,000 events; on a site with timelines too, where
    `grouped` groups each page's events by timeline). The year navigator stands in for
    the strip (a mark per event); the year pages leave `home_only` (the text, the people
    of a country) to the first; `era`: site.yaml's era_style, for the navigator's years."""
    mine: list[Entry] = data["events"]
    # (how many entries the page shows an event as, on average: one, or on a site with
    # timelines the timelines it is in)
    scale = yearpages.list_scale(grouped.count(mine), len(mine)) if grouped else 1
    split = yearpages.paged(mine, folder, back, scale, era)
    page = Page if grouped is None else grouped.page  # (its groups made by `grouped`)
    if split is None:
        return [page(folder + "index.html", template, data)]
    pages = []
    for part in split:
        shown = {**data, "events": part.entries, "nav": part.nav, "all_entries": []}
        if not part.nav["home"]:
            shown |= home_only
        if grouped is not None:
            shown["marked"] = []  # (a year page has no strip)
        pages.append(page(part.path, template, shown))
    return pages


def _index_pages(p: _Plan, lists: _Lists, grouped: _Grouped | None) -> list[Page]:
    """The lists of people, countries and sources, and the 404 page."""
    site, cited_by = p.site, lists.cited_by
    people = [(x, len(lists.by_person.get(x.slug, ()))) for x in site.people.values()]
    countries = [(c, len(lists.by_country.get(c.slug, ()))) for c in site.countries.values()]
    return [
        *_index_list("people/", "people.html", "people", people),
        *_index_list("countries/", "countries.html", "countries", countries),
        *_sources_pages(p, cited_by, grouped),
        Page("404.html", "404.html", {}),
    ]


def _index_list(
    folder: str, template: str, key: str, listed: Sequence[tuple[Person | Country, int]]
) -> list[Page]:
    """The list of people or countries (with their events' counts), past
    publish.INDEX_PAGE of them or INDEX_BYTES of their entries over several pages, each
    linking those around it."""
    sizes = publish.index_sizes([publish.index_weight(x) for x, _ in listed])
    paths = publish.index_pages(folder, len(sizes))
    if len(paths) == 1:
        return [Page(folder + "index.html", template, {key: listed})]
    starts = [sum(sizes[:n]) for n in range(len(sizes))]
    chunks = [listed[at : at + size] for at, size in zip(starts, sizes, strict=True)]
    pages = [
        (path, f"{chunk[0][0].name} – {chunk[-1][0].name}")
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    return [
        Page(
            path if path.endswith(".html") else path + "index.html",
            template,
            {
                key: chunk,
                "pages": list_window(pages, n),
                "current": n + 1,
                "start": starts[n] + 1,
                "total": len(listed),
            },
        )
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True))
    ]


def list_window(pages: Sequence[tuple[Any, ...]], at: int) -> list[tuple[int, str, str] | int]:
    """The pager of the `at`-th page of a long list (people, countries, sources; `pages`:
    each page's path first, its span last): each page it names as (number, path, span),
    each run left out as its length. Listed as a long series is (series_window): all
    of up to SERIES_WHOLE pages, else the first, the last and the nine around `at`, so
    a page names at most 13 pages however long the list (every page naming every other
    grew with the square of their number: 105 pages of 105 links, 1.7 MB)."""
    return [
        (k + 1, pages[k][0], pages[k][-1]) if k >= 0 else -k for k in series_window(len(pages), at)
    ]


def _sources_pages(
    p: _Plan, cited_by: dict[str, list[Entry]], grouped: _Grouped | None
) -> list[Page]:
    """sources/, and past a page's worth (publish.sources_parts) sources/2/, sources/3/, …
    each with the list of pages (the publishers each page starts and ends with); on a
    site with timelines, each source's citing events by timeline (see _Grouped)."""
    links, link_bytes = publish.source_links(p.site, p.events, p.opts.drafts)
    chunks = publish.sources_parts(p.site.sources.values(), links, link_bytes)
    paths = ["sources/"] + [f"sources/{n}/" for n in range(2, len(chunks) + 1)]
    pages = [
        (path, len(chunk), f"{chunk[0][0].publisher} – {chunk[-1][0].publisher}" if chunk else "")
        for path, chunk in zip(paths, chunks, strict=True)
    ]
    total = sum(1 for chunk in chunks for _, a, _ in chunk if a == 0)
    out, start = [], 1  # the number of the page's first source
    for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True)):
        pager: dict[str, Any] = {}
        if len(chunks) > 1:
            pager = {
                "pages": list_window(pages, n),
                "current": n + 1,
                "start": start,
                "total": total,
            }
        out.append(_sources_page(path + "index.html", chunk, pager, cited_by, links, grouped))
        start += sum(1 for s, _, b in chunk if b == links[s.id])
    return out


def _sources_page(
    path: str,
    chunk: list[publish.SourcesPart],
    pager: dict[str, Any],
    cited_by: dict[str, list[Entry]],
    links: dict[str, int],
    grouped: _Grouped | None,
) -> Page:
    """A page of the list of sources; on a site with timelines, its sources and their
    groups by timeline made with its data by `grouped` (see _Grouped)."""
    if grouped is None:
        shown = [(s, cited_by[s.id][a:b]) for s, a, b in chunk]
        data = {"sources": shown, **_continued(chunk, links), **pager}
        return Page(path, "sources.html", data)
    data = {"sources": None, "source_groups": None, **_continued(chunk, links), **pager}
    return grouped.page(path, "sources.html", data, chunk)


def _continued(chunk: list[publish.SourcesPart], links: dict[str, int]) -> dict[str, Any]:
    """{"parts": {id: (first, stop, of)}} of the page's sources continued from or on
    another page (which of its citing events' links this page holds); {} when none is."""
    parts = {s.id: (a, b, links[s.id]) for s, a, b in chunk if (a, b) != (0, links[s.id])}
    return {"parts": parts} if parts else {}


def _story_pages(p: _Plan, stories: Stories) -> list[Page]:
    """The newsroom's front page and each timeline's page."""
    site, made, pages = p.site, [], []
    for slug, events in stories.events.items():
        tl = site.timelines[slug]
        data = page_data(tl, events, [p.by_slug[e.slug] for e in events], site.config.era_style)
        made.append(data["story"])
        mine: list[Entry] = data["entries"]  # type: ignore[assignment]
        people = {c.slug for e in mine for c in e.people}
        countries = {c.slug for e in mine for c in e.countries}
        data["filters"] = {
            "people": [c for c in p.chips.people.values() if c.slug in people],
            "countries": [c for c in p.chips.countries.values() if c.slug in countries],
            "tags": tag_options(p.tag, mine),
        }
        data["intro"] = p.body(tl)
        data["intro_sources"] = _body_sources(site, tl.body)
        data["chronological"] = SharedList(data["chronological"])  # type: ignore[call-overload]
        pages.extend(
            _split_large(
                f"timelines/{slug}/", data, tl.order == "newest", site.config.era_style, p.weights
            )
        )
    front = front_page(made)  # type: ignore[arg-type]
    return [Page("index.html", "timelines.html", {"stories": front}), *pages]


def _site_timeline(
    site: Site,
    events: list[Event],
    entries: list[Entry],
    filters: dict[str, Any],
    weights: Weights,
) -> list[Page]:
    """The timeline of a site without content/timelines/: site.yaml's byline, updated and
    order stand in for a timeline's front matter."""
    config = site.config
    if not (config.byline or config.updated or config.order == "newest"):
        era = config.era_style
        data = {"years": year_groups(entries, era), "entries": entries, "filters": filters}
        return _split_large("", data, False, era, weights)
    tl = model.Timeline(
        slug="",
        title=config.title,
        byline=config.byline,
        updated=config.updated,
        order=config.order,
    )
    made = page_data(tl, events, entries, config.era_style)
    data = {
        "entries": made["entries"],
        "years": made["years"],
        "story": made["story"],
        "filters": filters,
        "chronological": made["chronological"],
        "newest": config.order == "newest",
    }
    return _split_large("", data, config.order == "newest", config.era_style, weights)


def _split_large(
    folder: str, data: dict[str, Any], newest: bool, era: str, weighed: Weights
) -> list[Page]:
    """A timeline's page at `folder`; a large one shows its first (or latest) years and a
    year navigator, and gets a page per year group (see yearpages)."""
    entries: list[Entry] = data["entries"]
    weights = weighed.of_entries(entries)
    slugs, years = [e.slug for e in entries], [e.year for e in entries]
    prefix = yearpages.map_prefix(slugs) if len(slugs) > yearpages.MAP_MOST else 1
    longer: dict[str, Any] = {"prefix": prefix} if prefix > 1 else {}  # (its data-prefix)
    navigator = yearpages.Navigator.of(entries, folder, weights=weights, era=era, **longer)
    if navigator is None:
        return [Page(folder + "index.html", "timeline.html", data)]
    base = {k: v for k, v in data.items() if k != "chronological"}
    filters_of = _FiltersOf(base["filters"])

    def page(path: str, at: list[int], home: bool = False) -> Page:
        shown = navigator.shown(at)
        rows = year_groups(shown, era)
        here = navigator.here(at, home)
        page_data = {**base, "entries": shown, "years": rows, "nav": here}
        page_data["filters"] = filters_of(shown)
        return Page(path, "timeline.html", page_data)

    return [
        page(folder + "index.html", navigator.first(newest), True),
        *(page(f"{folder}{path}index.html", [n]) for n, path in navigator.part_paths()),
        *yearpages.map_pages(folder, slugs, years, navigator.width, weights, prefix),
    ]


class _FiltersOf:
    """The filter options a page of a large timeline offers: those of its own events (the
    site's thousands of people would outweigh the events), in the site's order. Each
    option's place is found once per timeline: reading every option for every page grew
    as the square of the site (at 100,000 varied events, 1,700 pages by 12,500 people:
    ~10 s of the plan's 16)."""

    def __init__(self, filters: dict[str, list[Any]]) -> None:
        self.filters = filters
        self.places: dict[str, dict[str, list[int]]] = {}
        for kind in ("people", "countries", "tags"):
            places: dict[str, list[int]] = {}
            for n, option in enumerate(filters[kind]):
                places.setdefault(option[0] if kind == "tags" else option.slug, []).append(n)
            self.places[kind] = places

    def __call__(self, shown: list[Entry]) -> dict[str, list[Any]]:
        slugs = {
            "people": {c.slug for e in shown for c in e.people},
            "countries": {c.slug for e in shown for c in e.countries},
            "tags": {t for e in shown for t in e.tags},
        }
        picked: dict[str, list[Any]] = {}
        for kind, mine in slugs.items():
            places, options = self.places[kind], self.filters[kind]
            picked[kind] = [options[n] for n in sorted(n for s in mine for n in places.get(s, ()))]
        return picked


def _places(
    site: Site,
    events: list[Event],
    stories: Stories | None,
    weights: Weights,
    only: set[str] | None = None,
    at: Mapping[str, int] | None = None,
    within: Collection[str] | None = None,
) -> Places:
    """For each event, where each large timeline ('' for the site's own) that has it lists
    it (its year page, relative to the timeline's page), the timelines in their order;
    `only`: of these slugs alone, worked out from their year groups alone (`at`: each
    event's index in `events` by slug, when the site has no timelines; `within`: the
    timelines that hold them, where known: the others are not looked through;
    `weights`: the plan's, asked for only without `only`). (By event, made once: each event page
    looked itself up in each of 20 timelines.)"""
    out: Places = {}
    for slug, mine in _place_lists(events, stories, within).items():
        newest = (site.timelines[slug].order if slug else site.config.order) == "newest"
        if only is None:
            found = _year_places(mine[::-1] if newest else mine, weights)
        else:
            where = _positions(mine, at) if stories is None else stories.position[slug]
            indexes = [where[s] for s in only if s in where]
            if not indexes:
                continue  # (a timeline without them: none of them has a place there)
            found = _group_places(mine, indexes, newest)
        for event, place in found:
            if only is None or event in only:
                _place(out, event, slug, place)
    return out


def _place_lists(
    events: list[Event], stories: Stories | None, within: Collection[str] | None
) -> Mapping[str, list[Event]]:
    """The lists _places looks through: the site's events, or each timeline's (those of
    `within` alone, where given)."""
    if stories is None:
        return {"": events}
    if within is None:
        return stories.events
    return {slug: mine for slug, mine in stories.events.items() if slug in within}


def _place(places: Places, event: str, slug: str, place: str) -> None:
    """The event's place in the timeline `slug` added to `places`."""
    known = places.get(event)
    if known is None:
        # one timeline's place, by far the most common, held as the place (a string
        # shared by the page's events) or a pair: a dict an event was ~180 bytes that
        # every render process read, so copied
        places[event] = (slug, place) if slug else place
    elif isinstance(known, dict):
        known[slug] = place
    else:
        places[event] = {**_places_of(places, event), slug: place}


def _places_of(places: Places, slug: str) -> dict[str, str]:
    """Where each large timeline that has the event lists it (see _places)."""
    known = places.get(slug)
    if known is None:
        return {}
    if isinstance(known, str):
        return {"": known}
    return {known[0]: known[1]} if isinstance(known, tuple) else known


def _positions(events: list[Event], at: Mapping[str, int] | None) -> Mapping[str, int]:
    return at if at is not None else {ev.slug: i for i, ev in enumerate(events)}


def _year_places(events: list[Event], weighed: Weights) -> Iterable[tuple[str, str]]:
    """Each of a timeline's events (in its pages' order) with its year page, where the
    timeline is large enough to have year pages; else none. `weighed`: the plan's."""
    years = [ev.date.year for ev in events]
    weights = weighed.of_events(events)
    width = yearpages.bin_width(years, 1, weights)
    if width is None:
        return ()
    return zip((ev.slug for ev in events), yearpages.places(years, width, weights), strict=True)


def _group_places(
    events: list[Event], indexes: list[int], newest: bool
) -> Iterator[tuple[str, str]]:
    """What _year_places gives the events at these indexes of a timeline's `events` (in
    time order; `newest`: its pages list them the other way), from their year groups
    alone: a group's pages depend on its events' weights and order only, and the events
    are in time order (by year first: Event.sort_key), so a group is a run of them, found
    by bisection. An edit's plan so works out the edited events' places from a few
    hundred events, not from every event's weight."""
    if not yearpages.timeline_large(events):
        return  # (one page: no year pages)
    # the span of its years, from its first and last (the scale only passes the size test)
    width = yearpages.bin_width((events[0].date.year, events[-1].date.year), yearpages.LARGE)
    assert width is not None

    def start_of(ev: Event) -> int:
        return ev.date.year // width * width

    for i in sorted(set(indexes)):
        start = start_of(events[i])
        first = bisect_left(events, start, 0, i, key=start_of)
        group = events[first : bisect_right(events, start, i, key=start_of)]
        at = i - first
        if newest:
            group.reverse()
            at = len(group) - 1 - at
        sizes = yearpages.part_sizes(len(group), 1, [yearpages.event_weight(ev) for ev in group])
        part = bisect_right(list(accumulate(sizes)), at)
        yield events[i].slug, yearpages.part_path(start, part)


def story_files(
    site: Site,
    opts: Options,
    slug: str,
    events: list[Event],
    link: Linker,
    records: SharedList,
    numbering: search.Numbering | None,
    everything: Mapping[str, SharedList] | None = None,
) -> list[Page]:
    """A timeline's feed, data files and search scope, under timelines/SLUG/.
    `link`: the plan's linker; `records`: which of the site's events.json files holds
    each event's record (publish.part_names), one list for all timelines; `numbering`:
    the site's search documents' numbers (its page searches the site's index; None: no
    search scope, which a body edit never changes); `everything`: publish.site_lists."""
    folder = f"timelines/{slug}/"
    events = SharedList(events)  # (its files' keys digest it once)
    pages = publish.story_plan(
        site, opts, site.timelines[slug], events, folder, link, records, everything
    )
    if numbering is not None:
        pages.append(search.scope_page(folder, numbering, events))
    return pages


def _event_page(
    p: _Plan,
    i: int,
    ev: Event,
    in_series: SeriesIndex,
    places: Places,
) -> Page:
    """The page of the i-th visible event."""
    return Page(_event_path(ev), "event.html", _event_data(p, i, ev, in_series, places))


def _event_path(ev: Event) -> str:
    return f"events/{ev.slug}/index.html"


def _event_data(
    p: _Plan,
    i: int,
    ev: Event,
    in_series: SeriesIndex,
    places: Places,
) -> dict[str, Any]:
    """What the page of the i-th visible event shows."""
    site, by_slug, entries = p.site, p.by_slug, p.entries
    return {
        "event": ev,
        "entry": by_slug[ev.slug],
        "body": event_body(ev, p.siblings),
        **_named(site, ev),
        "related": [by_slug[s] for s in ev.related if s in by_slug],
        "series": _series(ev, in_series, by_slug),
        **_in_stories(p.stories, ev, by_slug),
        "previous": entries[i - 1] if i > 0 else None,
        "next": entries[i + 1] if i + 1 < len(entries) else None,
        "corrections": _corrections(ev),
        "tags": [p.tag(t) for t in ev.tags],
        # where a large timeline lists it: its year page (see yearpages)
        "places": _places_of(places, ev.slug),
    }


def _event_data_at(p: _Plan, in_series: SeriesIndex, places: Places, i: int) -> dict[str, Any]:
    """What the page of the i-th visible event shows (see pages.PageData)."""
    return _event_data(p, i, p.events[i], in_series, places)


def _corrections(ev: Event) -> list[tuple[Any, str]]:
    """An event's corrections, each `[@id]` numbered as the page lists its sources."""
    if not ev.corrections:
        return []
    numbers = {sid: n for n, sid in enumerate(ev.sources, 1)}
    return [(c.date, markdown.inline(c.text, numbers)) for c in ev.corrections]


def _named(site: Site, ev: Event) -> dict[str, list[Any]]:
    """The people, countries and sources an event names (those the site has)."""
    return {
        "people": [site.people[s] for s in ev.people if s in site.people],
        "countries": [site.countries[s] for s in ev.countries if s in site.countries],
        "sources": [site.sources[s] for s in ev.sources if s in site.sources],
    }


SERIES_WHOLE = 12
"""A series of up to this many (visible) events is listed whole on each of its pages."""
SERIES_AROUND = 4
"""A longer one lists its first and last event and this many before and after the page's
own, the rest counted ("… 28 more"): each page's list is bounded, not the whole series
again on every page of it (a 122-event series listed 122 times: 1.2 MB)."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class SeriesIndex:
    """Each series' events in its order, sorted once per plan, not once per page."""

    members: dict[str, list[Event]]
    """Series id -> its visible events by number."""
    at: dict[str, int]
    """Event slug -> its place in its series' list."""

    @classmethod
    def of(cls, events: Sequence[Event], only: Collection[str] | None = None) -> SeriesIndex:
        """`only`: of these series alone (an edit's plan: its events' series)."""
        members: dict[str, list[Event]] = {}
        for ev in events:
            if ev.series and (only is None or ev.series.id in only):
                members.setdefault(ev.series.id, []).append(ev)
        at: dict[str, int] = {}
        for listed in members.values():
            listed.sort(key=_series_number)  # stable: a number used twice keeps date order
            at.update((o.slug, k) for k, o in enumerate(listed))
        return cls(members, at)


def _series_number(ev: Event) -> int:
    return ev.series.number if ev.series else 0


def series_window(count: int, at: int) -> list[int]:
    """The places listed on the page of the `at`-th of `count` events of a series, in
    order, each run left out as minus its length: all of a short series; of a longer
    one the first, the last and SERIES_AROUND either side of `at` (near an end, the
    nearest 2 * SERIES_AROUND + 1). A run of one is listed, not counted ("… 1 more"
    tells less in as much room)."""
    if count <= SERIES_WHOLE:
        return list(range(count))
    width = 2 * SERIES_AROUND + 1  # near either end, as many: the list keeps its length
    start = min(max(0, at - SERIES_AROUND), count - width)
    near = range(start, start + width)
    shown = sorted({0, count - 1, *near})
    out: list[int] = []
    last = -1
    for k in shown:
        left = k - last - 1
        if left == 1:
            out.append(k - 1)
        elif left > 1:
            out.append(-left)
        out.append(k)
        last = k
    return out


def _series(ev: Event, index: SeriesIndex, by_slug: Mapping[str, Entry]) -> dict[str, Any] | None:
    """What "In this series" shows on an event's page (None without a series of two or
    more): `part` of `of` (the event's number and the series' last), `here` (how many
    the site publishes, when not `of`), and `items`, each a listed event as (entry, its
    number when the list's count does not run on to it) or, for a run left out, how many
    events it holds."""
    if not ev.series:
        return None
    members = index.members[ev.series.id]
    if len(members) < 2:
        return None
    items: list[tuple[Entry, int | None] | int] = []
    expect: int | None = 1  # the number the list's count gives the next item
    for k in series_window(len(members), index.at[ev.slug]):
        if k < 0:
            items.append(-k)
            expect = None
            continue
        n = _series_number(members[k])
        items.append((by_slug[members[k].slug], n if n != expect else None))
        expect = n + 1
    last = _series_number(members[-1])
    # "Part 22 of 22" over a list of two (a series begun before the site, or with parts
    # unpublished): how many the reader can reach here, said when it is not the count
    here = len(members) if len(members) != last else None
    return {"part": ev.series.number, "of": last, "here": here, "items": items}


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
        self.chips = Chips(site)
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
            hit = self.made[i] = entry(self.site, ev, gap, self.chips)
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


def plan_edited(
    site: Site,
    opts: Options,
    edited: tuple[Event, ...],
    was: Mapping[str, Event] | None = None,
    parts: Sequence[range] = (),
) -> list[Page]:
    """Of a full plan, only the pages that show an event's body: the `edited` events'
    own pages and those of the files made of every event that show it (see
    _edited_files). With nothing changed but body text since the last build (see
    assemble._body_edits), every other page is as it was.

    `was`: event file -> the event as the last build had it; without it every file of
    the search indexes is planned (they are patched: see search.py). `parts`: the
    site's events.json parts, if the load found them (publish.edited_parts).

    The entries of the neighbours, series and related events are made on demand; tests
    compare the result with the same pages of a full plan."""
    site = published_site(site, opts)
    events = visible_events(site, opts)
    entries = _Entries(site, events)
    stories = Stories.of(site, events, opts.drafts, index=False) if site.timelines else None
    link = make_linker(site, {e.slug for e in events}, opts.drafts)
    by_slug = _EntriesBySlug(entries)
    p = _Plan(
        site, opts, events, link, entries.chips, entries, by_slug, stories, sibling_linker(link)
    )
    in_series = SeriesIndex.of(events, {ev.series.id for ev in edited if ev.series})
    at = by_slug.index
    # (the edited events' timelines: their positions alone are worked out, see Stories.of)
    touched = {s for ev in edited for s in stories.of_event(ev)} if stories else set()
    places = _places(site, events, stories, p.weights, {ev.slug for ev in edited}, at, touched)
    pages = [_event_page(p, at[ev.slug], ev, in_series, places) for ev in edited if ev.slug in at]
    slugs = {ev.slug for ev in edited}
    pages.extend(publish.plan_edited(site, opts, events, slugs, link, parts))
    pages.extend(_edited_index(site, search.plan(site, opts, events, []), edited, was, at))
    if stories is not None:  # the files of the timelines the edited events are in
        records = publish.part_names(events, opts.bounds.events_bytes, parts)
        every = publish.site_lists(site, link)
        for slug, mine in stories.events.items():
            if slug in touched:
                files = story_files(site, opts, slug, mine, link, records, None, every)
                pages.extend(_edited_files(site, files, edited))
    return pages


def _edited_files(site: Site, pages: list[Page], edited: tuple[Event, ...]) -> list[Page]:
    """Of a timeline's files (story_files, without its search scope, which names
    documents: a body never changes it), those that show an edited body."""
    slugs = {ev.slug for ev in edited}
    limit = site.config.feed_limit
    return [p for p in pages if publish.shows_body(p, slugs, limit)]


def _edited_index(
    site: Site,
    pages: list[Page],
    edited: tuple[Event, ...],
    was: Mapping[str, Event] | None,
    at: Mapping[str, int],
) -> list[Page]:
    """Of the files of one search index, those that change (every one when `was` does
    not know each edited event's last version). `at`: event slug -> its document's
    number in the index (the edited events' at least)."""
    if not pages or was is None or any(ev.origin.path not in was for ev in edited):
        return pages
    changes = {at[ev.slug]: (was[ev.origin.path], ev) for ev in edited if ev.slug in at}
    return search.edited_pages(pages, site, changes)


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
    siblings = sibling_linker(make_linker(site, {e.slug for e in events}, opts.drafts))
    swaps = _Swaps(new)
    out: list[Page] = []
    for page in pages:
        listed = page.data.get("events") if page.template.startswith("producer:") else None
        if isinstance(listed, (list, tuple)):
            data = {**page.data, "events": swaps.of(listed)}
            out.append(Page(page.path, page.template, data))
            continue
        ev = page.data.get("event") if page.template == "event.html" else None
        if ev is not None and ev.slug in new:
            ev = new[ev.slug]
            data = {**page.data, "event": ev, "body": event_body(ev, siblings)}
            page = Page(page.path, page.template, data)
        out.append(page)
    return out


class _Swaps:
    """Each list of events the producers hold, with the edited events swapped in, made
    once per list: most producers share one list (the search index's ~1,000 files each
    hold all the site's events), and swapping it for each took a second at 10,000 events.
    The lists are told apart by identity (held here, so none is freed and reused)."""

    def __init__(self, new: dict[str, Event]) -> None:
        self.new = new
        self.made: list[tuple[Sequence[Event], Sequence[Event]]] = []

    def of(self, listed: list[Event] | tuple[Event, ...]) -> Sequence[Event]:
        for was, swapped in self.made:
            if was is listed:
                return swapped
        get = self.new.get
        made = [get(e.slug, e) for e in listed]
        result: Sequence[Event] = tuple(made) if isinstance(listed, tuple) else made
        self.made.append((listed, result))
        return result


def _source_numbers(body: Any) -> dict[str, int]:
    return {sid: n for n, sid in enumerate(dict.fromkeys(body.citations.targets), 1)}


def _body_sources(site: Site, body: Any) -> list[Source]:
    ids = dict.fromkeys(body.citations.targets)
    return [site.sources[s] for s in ids if s in site.sources]
