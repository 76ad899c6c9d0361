"""A newsroom's timelines as its pages show them: the front page's stories, each
timeline's page data, and the events grouped by timeline (planning.plan, planning.story_files).

The timelines' files, their checks and `sitegen new timeline` are timelines.py's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from .dates import EDate, format_range, year_words
from .model import Event, Image, Site, Timeline
from .pages import ENTRY_FIELDS, Entry, MarkedEntry, StoryLink, entry_gap
from .records import dataclass, value_methods


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Story:
    """A timeline as lists show it: on the front page, on event, person and country pages."""

    slug: str
    title: str
    summary: str = ""
    byline: tuple[str, ...] = ()
    count: int = 0
    """How many published events it has."""
    span: str = ""
    """The years of its events, for people: '2023–2024', '753 BCE – 476 CE' ('' when it
    has none)."""
    updated: str = ""
    """The last update, for people, at the precision it was given: '8 July 2024', 'May
    2024', '2025'."""
    updated_iso: str = ""
    """… and for machines (a valid HTML date: '2024-07-08', '2024-05', '2025')."""
    updated_day: str = ""
    """… and as the front page orders the timelines: its last day, ISO ('' when none)."""
    image_src: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_width: int | None = None
    image_height: int | None = None
    draft: bool = False
    image: Image | None = None
    """The picture itself (for its sizes, srcset)."""

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"


def last_update(tl: Timeline, events: Sequence[Event]) -> EDate | None:
    """The newest of the timeline's `updated:` and its events' `updated:`, corrections
    and dates: an event's date only at day precision and not scheduled (an event of
    '476' or 'May 2024' says when it happened, not that the story changed on 1 January);
    None when there is none in years 1–9999."""
    found = [] if tl.updated is None else [tl.updated]
    newest = _newest_day(events)
    if newest is not None:
        found.append(newest)
    for ev in events:
        if ev.updated is not None or ev.corrections:
            found.extend(c.date for c in ev.corrections)
            found.extend([ev.updated] if ev.updated is not None else [])
    dated = [d for d in found if d.datable]
    # the latest last day; of two on one day, the more precise
    return max(
        dated, key=lambda d: (d.last_day(), d.day is not None, d.month is not None), default=None
    )


def _newest_day(events: Sequence[Event]) -> EDate | None:
    """The latest date at day precision of events not scheduled (compared as numbers:
    10,000 events a timeline)."""
    newest: tuple[tuple[int, int, int], EDate] | None = None
    for ev in events:
        d = ev.date
        if d.day is not None and d.month is not None and 1 <= d.year <= 9999:
            day = (d.year, d.month, d.day)
            if (newest is None or day > newest[0]) and not ev.scheduled:
                newest = (day, d)
    return None if newest is None else newest[1]


def span(events: Sequence[Event], era: str) -> str:
    """The years of a timeline's events, as readers say them."""
    if not events:
        return ""
    first, last = events[0].date.year, max(ev.date.year for ev in events)
    return format_range(EDate(first), EDate(last), era=era)


def story(tl: Timeline, events: Sequence[Event], era: str = "bce") -> Story:
    """`events`: the timeline's published events, oldest first."""
    updated = last_update(tl, events)
    plain = dataclasses.replace(updated, qualifier="") if updated else None
    image = tl.image
    return Story(
        slug=tl.slug,
        title=tl.title,
        summary=tl.summary,
        byline=tl.byline,
        count=len(events),
        span=span(events, era),
        updated=plain.human(era) if plain else "",
        updated_iso=plain.iso() if plain else "",
        updated_day=plain.last_day().isoformat() if plain else "",
        image_src=image.src if image else "",
        image_alt=image.alt if image else "",
        image_credit=image.credit if image else "",
        image_width=image.width if image else None,
        image_height=image.height if image else None,
        image=image,
        draft=tl.draft,
    )


def front_page(stories: Sequence[Story]) -> list[Story]:
    """Newest update first; then by title."""
    by_title = sorted(stories, key=lambda s: (s.title.casefold(), s.slug))
    return sorted(by_title, key=lambda s: s.updated_day, reverse=True)


def ordered(tl: Timeline, entries: list[Entry]) -> list[Entry]:
    return entries[::-1] if tl.order == "newest" else entries


def years(entries: Sequence[Entry], era: str) -> list[tuple[str, str, list[Entry]]]:
    """Entries grouped by year, in the order given: (the year in words, its anchor,
    its entries)."""
    out: list[tuple[str, str, list[Entry]]] = []
    for e in entries:
        anchor = f"year-{e.year}" if e.year > 0 else f"year-{-e.year}-bce"
        if not out or out[-1][1] != anchor:
            out.append((year_words(e.year, era), anchor, []))
        out[-1][2].append(e)
    return out


_GAP = [f.name for f in dataclasses.fields(Entry)].index("gap")


def _with_gap(e: Entry, gap: str) -> Entry:
    """dataclasses.replace(e, gap=gap) at a third of the cost (each timeline's events)."""
    fields = list(ENTRY_FIELDS(e))
    fields[_GAP] = gap
    return Entry(*fields)


ELSEWHERE = StoryLink("", "In no published timeline")
"""The group of an event in no timeline that a page shows: a draft that names none yet,
in a preview (an event whose timelines are all drafts is held back with them, see
model.Site.held_back): its person's, country's and source's pages list it under this
heading, unlinked, not nowhere."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Stories:
    """A build's published timelines and their events (time order), planned once."""

    links: dict[str, StoryLink]
    events: dict[str, list[Event]]
    position: Mapping[str, Mapping[str, int]]
    """Timeline -> event slug -> its index in the timeline's events."""
    made: dict[str, MarkedEntry] = dataclasses.field(default_factory=dict)
    """Event slug -> its entry as strips mark it: made once for all the pages a process
    makes of a plan, so that each is digested once for their keys."""
    listed: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Event slug -> the published timelines it is in (of_event), worked out once: every
    person, country and source page of its event asks."""

    @classmethod
    def of(cls, site: Site, events: Sequence[Event], drafts: bool, index: bool = True) -> Stories:
        """`index`: work out each event's timelines now (of_event; a full plan asks for
        every one); without, of_event works each out when asked (an edit's plan asks for
        a few: the index was most of its timelines' cost at 10,000 events)."""
        groups = site.timeline_events(drafts)  # (`events`: the site's published ones)
        links = {s: StoryLink(s, site.timelines[s].title) for s in groups}
        if not index:
            return cls(links, groups, _Positions(groups))
        listed = {ev.slug: [s for s in dict.fromkeys(ev.timelines) if s in links] for ev in events}
        # (the positions, which event pages alone read, made by the process that makes
        # them: made by the plan, 24,000 of them on the skewed corpus, 1 MiB, were
        # copied by each render worker)
        return cls(links, groups, _Positions(groups), listed=listed)

    def of_event(self, ev: Event) -> list[str]:
        """The published timelines an event is in, as it lists them."""
        known = self.listed.get(ev.slug)  # (slugs are unique in a plan's events)
        if known is not None:
            return known
        return [s for s in dict.fromkeys(ev.timelines) if s in self.links]

    def neighbours(self, ev: Event) -> list[tuple[StoryLink, str | None, str | None]]:
        """For each of the event's timelines: the slugs of the events before and after it."""
        out = []
        for s in self.of_event(ev):
            evs, i = self.events[s], self.position[s][ev.slug]
            prev = evs[i - 1].slug if i > 0 else None
            after = evs[i + 1].slug if i + 1 < len(evs) else None
            out.append((self.links[s], prev, after))
        return out

    def grouped(
        self, entries: Sequence[Entry], slugs: Mapping[str, Event]
    ) -> list[tuple[StoryLink, list[Entry]]]:
        """Entries (a person's, a country's, a source's) grouped by timeline, the
        timelines in the order of their ids; an entry in two timelines is in both groups.
        (Made when the page that shows them is: planning._Grouped.)"""
        groups: dict[str, list[Entry]] = {}
        listed = self.listed
        for e in entries:
            found = listed.get(e.slug)
            for s in (self.of_event(slugs[e.slug]) if found is None else found) or ("",):
                mine = groups.get(s)
                if mine is None:
                    groups[s] = [e]
                else:
                    mine.append(e)
        links = self.links
        out = [(links[s], groups[s]) for s in links if s in groups]
        if ELSEWHERE.slug in groups:
            out.append((ELSEWHERE, groups[ELSEWHERE.slug]))
        return out

    def marks(self, entries: Sequence[Entry], slugs: Mapping[str, Event]) -> list[MarkedEntry]:
        """The entries (a person's, a country's) as its page's strip marks them."""
        mark = self.mark
        return [mark(e, slugs[e.slug]) for e in entries]

    def shown(self, entries: Sequence[Entry], slugs: Mapping[str, Event]) -> int:
        """How many entries `grouped` gives of these: one under each of an entry's
        timelines, one for an entry in none (counted without grouping them)."""
        listed, count = self.listed, 0
        for e in entries:
            found = listed.get(e.slug)
            count += len(self.of_event(slugs[e.slug]) if found is None else found) or 1
        return count

    def mark(self, e: Entry, ev: Event) -> MarkedEntry:
        """The event's entry `e` as a person's or country's overview strip highlights it
        (made once a plan): the mark's title names the timelines its event is from. One
        strip of the whole site per page, as a one-story site has: a strip per timeline
        made a person in 15 stories a 2 MB page at 10,000 events (docs/performance.md)."""
        hit = self.made.get(e.slug)
        if hit is None or hit.entry is not e:
            note = "; ".join([self.links[s].title for s in self.of_event(ev)])
            hit = self.made[e.slug] = MarkedEntry(e, note)
        return hit


class _Positions(Mapping[str, Mapping[str, int]]):
    """Stories.position, each timeline's worked out when first asked for: the render's
    event pages ask in the process that makes them; an edit's plan asks for those of
    the edited events' timelines (50 timelines' positions, every
    event's slug read again, were 20 ms of an edit of a 10,000-event site)."""

    def __init__(self, groups: dict[str, list[Event]]) -> None:
        self.groups = groups
        self.made: dict[str, dict[str, int]] = {}

    def __getitem__(self, slug: str) -> Mapping[str, int]:
        found = self.made.get(slug)
        if found is None:
            evs = self.groups[slug]
            found = self.made[slug] = {ev.slug: i for i, ev in enumerate(evs)}
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)


def page_data(
    tl: Timeline, events: list[Event], entries: list[Entry], era: str
) -> dict[str, object]:
    """What a timeline's page shows (planning.plan adds its introduction and filters)."""
    mine = []
    newest = tl.order == "newest"
    for i, e in enumerate(entries):  # (each gap from the day numbers its entries hold)
        if newest:  # the silence is shown below the later event, above this one
            later = i + 1 < len(entries) and entry_gap(e, entries[i + 1])
            gap = later.replace(" later", " earlier") if later else ""
        else:
            gap = entry_gap(entries[i - 1], e) if i else ""
        mine.append(e if e.gap == gap else _with_gap(e, gap))
    shown = ordered(tl, mine)
    return {
        "timeline": tl,
        "story": story(tl, events, era),
        "entries": shown,
        "years": years(shown, era),
        "chronological": mine,  # the overview strip runs left to right in time
    }
