"""Many timelines, one newsroom: content/timelines/ID.md and the stories' events.

A site without content/timelines/ is one story, as it always was. With timelines, each
event names the stories it belongs to (`timelines: [ID, …]`); people, countries and
sources stay shared. This module reads a timeline's file, checks the site's timelines,
and groups events by timeline for the pages and files render.py and publish.py plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import markdown
from .dates import EDate, year_words
from .diagnostics import Diagnostic, did_you_mean
from .load import Document
from .model import Event, Site, Timeline

if TYPE_CHECKING:
    from .render import Entry

TIMELINE_FIELDS = {"title", "summary", "byline", "updated", "order", "image", "draft"}
ORDERS = ("oldest", "newest")
FILES = ("feed.xml", "timeline.json", "events.ics", "events.json", "search.json")
"""The data files each timeline has under timelines/ID/, as the site has at its root."""


# -- reading -------------------------------------------------------------------------------


def read_order_and_byline(r: Any, data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """`order:` (oldest or newest first) and `byline:` (a name or a list), of a timeline's
    file or of site.yaml."""
    order = r.text("order", "") or "oldest"
    if order not in ORDERS:
        r.report(
            ("order",), "error", "field-type",
            f"order '{order}' is not known; write 'oldest' (oldest event first) or 'newest'"
            + did_you_mean(order, ORDERS),
        )  # fmt: skip
        order = "oldest"
    raw = data.get("byline")
    byline = (r.text("byline", ""),) if isinstance(raw, str | int) else r.strings("byline")
    return order, tuple(b for b in byline if b)


def read_timeline(doc: Document, allow_html: bool) -> tuple[Timeline | None, list[Diagnostic]]:
    """A timeline's file: its front matter and its introduction."""
    from . import schema

    diags: list[Diagnostic] = []
    slug = schema._slug(doc, "timeline", diags)
    r = schema.Reader(schema._origin(doc), doc.data, TIMELINE_FIELDS, diags)
    r.unknown_fields("a timeline")
    # curly quotes and dashes, as event titles and bodies have them
    title = markdown.smarten(r.text("title", "a timeline", required=True))
    order, byline = read_order_and_byline(r, doc.data)
    timeline = Timeline(
        slug=slug,
        title=title or slug,
        summary=markdown.smarten(r.text("summary", "")),
        byline=byline,
        updated=r.date("updated", ""),
        order=order,
        image=schema._image(r),
        draft=r.boolean("draft"),
        body=schema._body(doc, allow_html, diags),
        origin=r.origin,
    )
    return timeline, diags  # kept without a title (an error) so events naming it resolve


# -- checks --------------------------------------------------------------------------------


def unreadable(prior: Iterable[Diagnostic]) -> frozenset[str]:
    """Ids of timeline files that could not be read (already errors): events naming them
    are not reported as naming nothing."""
    from .checks import FILE_CODES

    return frozenset(
        d.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for d in prior
        if d.path.startswith("content/timelines/") and d.code in FILE_CODES
    )


def check(
    site: Site, static_files: set[str], broken: frozenset[str] = frozenset()
) -> Iterator[Diagnostic]:
    """timeline-unknown, timeline-missing, timeline-empty and slugs shared with events;
    `broken`: ids of timeline files that could not be read."""
    if not site.timelines and not broken:
        for ev in site.events:
            for i, slug in enumerate(ev.timelines):
                yield _at(
                    ev, ("timelines", i), "error", "timeline-unknown",
                    f"no timeline '{slug}': the site has no content/timelines/ folder; "
                    f"create content/timelines/{slug}.md (sitegen new timeline {slug}) or "
                    "remove the line",
                )  # fmt: skip
        return
    used: set[str] = set()
    for ev in site.events:
        if not ev.timelines:
            yield _at(
                ev, ("title",), "error", "timeline-missing",
                "the site has timelines, and this event names none; add 'timelines: [ID]' "
                f"with one of {', '.join(site.timelines)}",
            )  # fmt: skip
        for i, slug in enumerate(ev.timelines):
            used.add(slug)
            if slug not in site.timelines and slug not in broken:
                yield _at(
                    ev, ("timelines", i), "error", "timeline-unknown",
                    f"no timeline '{slug}' (content/timelines/{slug}.md)"
                    + did_you_mean(slug, site.timelines),
                )  # fmt: skip
    events = {ev.slug: ev for ev in site.events}
    for slug, tl in site.timelines.items():
        line, col = tl.origin.at("title")
        if slug not in used:
            yield Diagnostic(
                tl.origin.path, line, col, "warning", "timeline-empty",
                f"no event is in timeline '{slug}'; add '{slug}' to an event's timelines",
            )  # fmt: skip
        if slug in events:
            yield Diagnostic(
                tl.origin.path, 1, 1, "error", "slug-duplicate",
                f"an event is also called '{slug}' ({events[slug].origin.path}); "
                "[[links]] and addresses need timelines and events to have different names",
            )  # fmt: skip
        yield from _image(tl, static_files)


def _at(ev: Event, where: tuple[str | int, ...], severity: str, code: str, msg: str) -> Diagnostic:
    line, col = ev.origin.at(*where)
    return Diagnostic(ev.origin.path, line, col, severity, code, msg)  # type: ignore[arg-type]


def _image(tl: Timeline, static_files: set[str]) -> Iterator[Diagnostic]:
    from .checks import image_path_problem

    image = tl.image
    if image is None or image.src.startswith(("http://", "https://")):
        return
    line, col = tl.origin.at("image", "src")
    problem = image_path_problem(image.src)
    if not problem and image.src.lstrip("/") not in static_files:
        problem = f"no file static/{image.src.lstrip('/')}" + (
            did_you_mean(image.src.lstrip("/"), static_files)
            or "; put the picture there, or give an https:// address"
        )
    if problem:
        yield Diagnostic(tl.origin.path, line, col, "error", "image-src", problem)


# -- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """A timeline as lists show it: on the front page, on event, person and country pages."""

    slug: str
    title: str
    summary: str = ""
    byline: tuple[str, ...] = ()
    count: int = 0
    """How many published events it has."""
    first: str = ""
    """The date span: its first event's year ('' when empty)."""
    last: str = ""
    """… and its last event's year."""
    updated: str = ""
    """The last update, for people ('8 July 2024')."""
    updated_iso: str = ""
    """… and for machines."""
    image_src: str = ""
    image_alt: str = ""
    image_credit: str = ""
    image_width: int | None = None
    image_height: int | None = None
    draft: bool = False

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"

    @property
    def span(self) -> str:
        if not self.first:
            return ""
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


def visible(site: Site, drafts: bool) -> list[Timeline]:
    """The timelines a build publishes."""
    return [t for t in site.timelines.values() if drafts or not t.draft]


def members(site: Site, events: Sequence[Event], drafts: bool) -> dict[str, list[Event]]:
    """Each published timeline's events, in time order (the order of `events`)."""
    out: dict[str, list[Event]] = {t.slug: [] for t in visible(site, drafts)}
    for ev in events:
        for slug in dict.fromkeys(ev.timelines):
            if slug in out:
                out[slug].append(ev)
    return out


def last_update(tl: Timeline, events: Sequence[Event]) -> dt.date | None:
    """The newest of the timeline's `updated:` and its events' dates and updates."""
    from .publish import last_changed

    days = [d for ev in events if not ev.scheduled and (d := last_changed(ev)) is not None]
    if tl.updated is not None and tl.updated.datable:
        days.append(tl.updated.last_day())
    return max(days, default=None)


def story(tl: Timeline, events: Sequence[Event]) -> Story:
    newest = last_update(tl, events)
    updated = EDate(newest.year, newest.month, newest.day) if newest else None
    image = tl.image
    return Story(
        slug=tl.slug,
        title=tl.title,
        summary=tl.summary,
        byline=tl.byline,
        count=len(events),
        first=str(events[0].date.year) if events else "",
        last=str(max(ev.date.year for ev in events)) if events else "",
        updated=updated.human() if updated else "",
        updated_iso=updated.iso() if updated else "",
        image_src=image.src if image else "",
        image_alt=image.alt if image else "",
        image_credit=image.credit if image else "",
        image_width=image.width if image else None,
        image_height=image.height if image else None,
        draft=tl.draft,
    )


def front_page(stories: Sequence[Story]) -> list[Story]:
    """Newest update first; then by title."""
    by_title = sorted(stories, key=lambda s: (s.title.casefold(), s.slug))
    return sorted(by_title, key=lambda s: s.updated_iso, reverse=True)


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


@dataclass(frozen=True)
class StoryLink:
    """A timeline named on another page: only what a link to it shows."""

    slug: str
    title: str

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"


@dataclass(frozen=True)
class Stories:
    """A build's published timelines and their events (time order), planned once."""

    links: dict[str, StoryLink]
    events: dict[str, list[Event]]
    position: dict[str, dict[str, int]]
    """Timeline -> event slug -> its index in the timeline's events."""
    made: dict[str, tuple[Entry, Entry]] = dataclasses.field(default_factory=dict)
    """Event slug -> (its entry, as strips mark it): made once for all the pages of a
    plan, so that each is digested once for their keys."""
    listed: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Event slug -> the published timelines it is in (of_event), worked out once: every
    person, country and source page of its event asks."""

    @classmethod
    def of(cls, site: Site, events: Sequence[Event], drafts: bool) -> Stories:
        groups = members(site, events, drafts)
        links = {s: StoryLink(s, site.timelines[s].title) for s in groups}
        position = {s: {ev.slug: i for i, ev in enumerate(evs)} for s, evs in groups.items()}
        listed = {ev.slug: [s for s in dict.fromkeys(ev.timelines) if s in links] for ev in events}
        return cls(links, groups, position, listed=listed)

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
        self, entries: Sequence[Entry], slugs: dict[str, Event]
    ) -> list[tuple[StoryLink, list[Entry]]]:
        """Entries (a person's, a country's, a source's) grouped by timeline, the
        timelines in the order of their ids; an entry in two timelines is in both groups."""
        groups: dict[str, list[Entry]] = {s: [] for s in self.links}
        for e in entries:
            for s in self.of_event(slugs[e.slug]):
                groups[s].append(e)
        return [(self.links[s], es) for s, es in groups.items() if es]

    def marked(self, entries: Sequence[Entry], slugs: dict[str, Event]) -> list[Entry]:
        """Entries (a person's, a country's) as the page's overview strip highlights them:
        each mark's title names the timelines its event is from. One strip of the whole
        site per page, as a one-story site has: a strip per timeline made a person in 15
        stories a 2 MB page at 10,000 events (see docs/performance.md)."""
        out = []
        for e in entries:
            hit = self.made.get(e.slug)
            if hit is None or hit[0] is not e:
                names = [self.links[s].title for s in self.of_event(slugs[e.slug])]
                mark = dataclasses.replace(e, title=f"{e.title} ({'; '.join(names)})")
                hit = self.made[e.slug] = (e, mark)
            out.append(hit[1])
        return out


def page_data(
    tl: Timeline, events: list[Event], entries: list[Entry], era: str
) -> dict[str, object]:
    """What a timeline's page shows (render.plan adds its introduction and filters)."""
    from .render import gap_label

    mine = []
    newest = tl.order == "newest"
    for i, ev in enumerate(events):
        e = entries[i]
        if newest:  # the silence is shown below the later event, above this one
            later = i + 1 < len(events) and gap_label(ev, events[i + 1])
            gap = later.replace(" later", " earlier") if later else ""
        else:
            gap = gap_label(events[i - 1], ev) if i else ""
        mine.append(e if e.gap == gap else dataclasses.replace(e, gap=gap))
    shown = ordered(tl, mine)
    return {
        "timeline": tl,
        "story": story(tl, events),
        "entries": shown,
        "years": years(shown, era),
        "chronological": mine,  # the overview strip runs left to right in time
    }


# -- scaffolding (`sitegen new timeline ID`, `sitegen new event … --timeline ID`) ----------


def timeline_files(site: Path) -> dict[str, Path]:
    """The site's timeline files by id (their names without the suffix), as the build
    reads them: any folder under content/timelines/, hidden files and editor copies left
    out."""
    from .load import MARKDOWN_SUFFIXES, _ignored

    folder = site / "content" / "timelines"
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        suffix = next((x for x in MARKDOWN_SUFFIXES if path.name.endswith(x)), "")
        if suffix and not any(_ignored(p) for p in rel) and path.is_file():
            found.setdefault(path.name[: -len(suffix)], path)
    return found


def check_id(site: Path, slug: str) -> None:
    """A new timeline's id: a valid slug, not an event's (the same addresses and [[links]]
    serve both); raises UsageError."""
    from .diagnostics import UsageError
    from .load import SLUG_RE

    if not (site / "content").is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    if not SLUG_RE.match(slug):
        fixed = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        raise UsageError(
            f"'{slug}' is not a valid timeline id: use lower-case letters, digits and hyphens"
            + (f"; did you mean '{fixed}'?" if fixed else "")
        )
    events = site / "content" / "events"
    clash = list(events.rglob(f"{slug}.md")) if events.is_dir() else []
    if clash:
        raise UsageError(
            f"an event is already called '{slug}' ({clash[0].relative_to(site)}); "
            "give the timeline another id"
        )


def new_timeline(site: Path, slug: str, title: str = "", today: dt.date | None = None) -> Path:
    """A skeleton timeline file; refuses to overwrite one or to take an event's slug."""
    from .diagnostics import UsageError

    check_id(site, slug)
    content = site / "content"
    path = content / "timelines" / f"{slug}.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(site)} already exists")
    name = title or slug.replace("-", " ").capitalize()
    day = (today or dt.date.today()).isoformat()
    text = (
        f'---\ntitle: "{name}"\nsummary: ""\nbyline: []\nupdated: "{day}"\norder: oldest\n---\n'
        "The introduction, in Markdown: what the story is and why it matters. Cite sources "
        "with `[@id]`; link with `[[slug]]`.\n\nAdd events to it with "
        f"`timelines: [{slug}]` in their front matter.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_new_event(site: Path, timeline: str) -> None:
    """Before `sitegen new event … --timeline ID` writes anything: the timeline exists."""
    from .diagnostics import UsageError

    folder = site / "content" / "timelines"
    known = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
    if timeline and timeline not in known:
        hint = did_you_mean(timeline, known) or (
            f"; the timelines are {', '.join(known)}" if known else ""
        )
        raise UsageError(
            f"no timeline '{timeline}' (content/timelines/{timeline}.md){hint}; "
            f"create it with 'sitegen new timeline {timeline}'"
        )


def name_timeline(event_file: Path, site: Path, timeline: str) -> None:
    """Put `timelines: [ID]` into a new event's front matter."""
    text = event_file.read_text(encoding="utf-8")
    line = f"timelines: [{timeline}]"
    if "\nsources:" in text:  # beside the other lists of the skeleton
        text = text.replace("\nsources:", f"\n{line}\nsources:", 1)
    else:  # at the end of the front matter
        head, sep, rest = text.partition("\n---\n")
        text = f"{head}\n{line}{sep}{rest}"
    event_file.write_text(text, encoding="utf-8")
