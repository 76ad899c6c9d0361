"""What a plan is made of: pages, the records list pages show, and the build's options.

The lowest layer of the render side: render.py plans pages from these, and publish.py,
search.py, embed.py, stories.py and yearpages.py make their pages and data from them, so
that every import between those modules points one way (tests/test_architecture.py).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Protocol

from . import markdown
from .checks import link_targets
from .dates import DEEP_TIME, iso_moment, moment, scaled_years
from .model import Event, Site
from .options import Options
from .records import dataclass, value_methods

if TYPE_CHECKING:
    from .splice import Pieces


class Producing(Protocol):
    """What a Python producer (a feed, a data file, the search index) reads of the
    renderer that asks it for a file."""

    site: Site
    base_url: str
    pieces: Pieces


# -- views: small, picklable records of what list pages show -----------------------------


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
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


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
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
    thumb: tuple[str, int, int, str] | None = None
    """(path, width, height, alt) of its picture's smallest size (images.thumbnail)."""

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"


ENTRY_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Entry)))
"""An Entry's fields as a tuple, in order: Entry(*fields) makes it again (a third of the
cost of dataclasses.replace; the page keys and each timeline's entries use it)."""


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class MarkedEntry:
    """An entry as a person's or country's overview strip marks it on a site with
    timelines: titled with the timelines its event is from (stories.Stories.mark).
    All else it shows is its entry's, read from it (each of Entry's fields is one of its
    properties), so its digest is made from its entry's and its note (keys.Digests):
    not pickled again for each of the 10,000. Its title is made when read: stored, with
    a copy of each of the entry's fields, 10,000 of them were ~9 MiB of the process
    that renders the person and country pages of the skewed corpus (issue #20)."""

    entry: Entry
    """The entry it marks."""
    note: str = ""
    """What its title adds to the entry's, in brackets."""

    @property
    def title(self) -> str:
        title = self.entry.title
        return f"{title} ({self.note})" if self.note else title

    # (slug and gap written out, as title is, for the code that reads them and its type
    # checker; the templates' other fields are the entry's, added below)
    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def gap(self) -> str:
        return self.entry.gap


for _name in ("url", *(f.name for f in dataclasses.fields(Entry))):
    if not hasattr(MarkedEntry, _name):  # (the entry's own, as a C-level attrgetter)
        setattr(MarkedEntry, _name, property(operator.attrgetter(f"entry.{_name}")))
del _name


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class StoryLink:
    """A timeline named on another page: only what a link to it shows."""

    slug: str
    title: str

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"


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
    return _gap_words(ev.date.first_ordinal() - a)


def entry_gap(prev: Entry, e: Entry) -> str:
    """gap_label of the two entries' events, from the day numbers the entries hold (a
    timeline's gaps, between events that are not neighbours in the site's list)."""
    return gap_after(prev, e.start_ordinal)


def gap_after(prev: Entry, start: int) -> str:
    """gap_label of `prev`'s event and an event starting on day number `start` (the
    entries' own: the plan so works out each event's day numbers once, not again for
    its neighbour's gap)."""
    return _gap_words(start - (prev.start_ordinal if prev.ongoing else prev.end_ordinal))


def _gap_words(days: int) -> str:
    if days >= 365 * DEEP_TIME:
        return f"{scaled_years(days // 365)} years later"
    if days >= 730:
        return f"{days // 365:,} years later"  # 299,688 as the dates write it
    if days >= 365:
        # 22 months is not "1 year later" to a reader (Rosetta: November 2014 to
        # September 2016); from a year and a half, the months
        months = days * 12 // 365
        return "1 year later" if months < 18 else f"{months} months later"
    if days >= 180:
        return f"{days // 30} months later"
    return ""


class PageData:
    """A page's data made when first asked for, by the process that asks (an event page
    of a build whose render forks: each worker makes the data of the pages it renders,
    and neither the parent nor a worker holds, or copies by reading, every event page's
    data). See Page.made."""

    __slots__ = ("at", "kept", "make")

    def __init__(self, make: Callable[[int], dict[str, Any]], at: int) -> None:
        # one `make` for all the pages of a plan, and the page's index: 10,000 event
        # pages had a partial each (its arguments' tuple, its empty keywords dict),
        # ~220 bytes a page that every render process read, so copied (~20 MiB at
        # 100,000 events)
        self.make = make
        self.at = at
        self.kept: dict[str, Any] | None = None
        """What `make` made, once asked for (the diff may ask before the render does)."""

    def get(self) -> dict[str, Any]:
        """The data, kept from now on."""
        if self.kept is None:
            self.kept = self.make(self.at)
        return self.kept

    def made(self) -> dict[str, Any]:
        """The data, not kept when not made yet."""
        return self.make(self.at) if self.kept is None else self.kept


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Page:
    """One output file to make."""

    path: str
    """Output path, e.g. 'events/slug/index.html'."""
    template: str
    """Jinja template name, or 'producer:NAME' for a Python producer (feeds, data)."""
    shows: dict[str, Any] | PageData = field(default_factory=dict)
    """What the page shows (see `data`), or what makes it when first asked for."""

    @property
    def data(self) -> dict[str, Any]:
        """Everything the page shows; its pickle is the page's cache key."""
        shows = self.shows
        return shows.get() if isinstance(shows, PageData) else shows

    @property
    def url(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path

    def made(self) -> Page:
        """The page as a render job takes it: one whose data is made when asked for comes
        back as a plain page holding it, so that the data goes with the rendered page
        instead of staying in the plan."""
        shows = self.shows
        if isinstance(shows, PageData):
            return Page(self.path, self.template, shows.made())
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Page, (self.path, self.template, self.data))  # (always a plain page)


def visible_events(site: Site, opts: Options) -> list[Event]:
    """The events a build publishes (every one under --drafts), in time order."""
    return list(site.events if opts.drafts else site.published_events)


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

    def key_state(self) -> tuple[Any, ...]:
        """What the page key needs of it: the function's name and the arguments (plain
        values, see keys.Digests.later; a body's HTML by the file it was read from, see
        BodyHtml.named)."""
        fn = self.fn
        args = tuple([a.named() if type(a) is BodyHtml else a for a in self.args])
        return (fn.__module__, fn.__qualname__, args)

    def value(self) -> Any:
        """Made anew each time: one page shows it, once (kept, the values of a build's
        pages would add up to the size of all the bodies, in every process)."""
        return self.fn(*self.args)


class BodyHtml:
    """A body's HTML, read when its page is rendered: the Later that holds it holds no
    string of its own (see model.hold_texts); pickled as the HTML."""

    __slots__ = ("body", "origin")

    def __init__(self, body: Any, origin: str = "") -> None:
        self.body = body
        self.origin = origin
        """The digest of the file the body was read from (its owner's Origin.digest), or
        "" for a body not read from a file."""

    def named(self) -> object:
        """What a page key holds of it: the digest of its file, which names its HTML as
        it names the model object the body belongs to (the HTML is made from that file's
        bytes and the options in the digest alone: assemble.parse_file); else the HTML.
        Pickled, an event's HTML (a few KB, encoded to UTF-8 and hashed) was 40 % of its
        page's key."""
        return ("BodyHtml", self.origin) if self.origin else self.body.html

    def __str__(self) -> str:
        html: str = self.body.html
        return html

    def __reduce__(self) -> tuple[Any, ...]:
        return (str, (self.body.html,))


def resolve_with(html: str | BodyHtml, numbers: dict[str, int], links: tuple[Any, ...]) -> str:
    """A body with its placeholders filled from a precomputed (target, link) table, for
    a page of the site's (its stylesheet names a citation: markdown.resolve)."""
    table = dict(links)
    return markdown.resolve(str(html), numbers, table.get, named=False)


def link_table(body: Any, link: Linker) -> tuple[tuple[str, tuple[str, str] | None], ...]:
    """What each `[[target]]` of a body resolves to: part of the page's key."""
    return tuple((t, link(t)) for t in dict.fromkeys(body.links.targets))


def resolved(data: dict[str, Any]) -> dict[str, Any]:
    """Page data with every Later made."""
    return {k: v.value() if isinstance(v, Later) else v for k, v in data.items()}


class SharedList(list[Any]):
    """A list many pages show (every entry, for the overview strip): digested once (see
    keys.Digests), and so never changed once planned."""

    digest: bytes | None = None
    """Its digest, once a page key has needed it."""


class StripBackground(SharedList):
    """Every entry, as a person's or country's overview strip draws them behind the
    page's own events: its page-key digest (keys.Digests) is made of what that
    background reads of each entry (BACKGROUND_FIELDS), so that an event's title edited
    re-makes the pages that show the title, not every person and country page (1,200
    of the 2,169 a title edit re-rendered at 10,000 events, each to the same bytes)."""

    drawn: list[tuple[Any, ...]] | None = None
    """Each entry's BACKGROUND_FIELDS, once worked out."""


BACKGROUND_FIELDS = operator.attrgetter(
    "slug", "display_date", "year", "start_ordinal", "end_ordinal", "end_datetime",
    "precision", "approximate", "uncertain", "ongoing",
)  # fmt: skip
"""What a strip's background reads of an entry: overview.EntryLike but its title (the
marks that show a title are the page's own events, in its data apart)."""


class SharedValue:
    """A value many pages' data holds, made once per plan and never changed once planned
    (publish.LinkTable): its page-key digest is kept on it when first made (see
    keys.PageKeys.value_digest), not pickled again for each page."""

    key_digest: bytes | None = None
    """Its digest for a page key, once one has needed it."""

    def key_items(self) -> dict[str, Any] | None:
        """What the page key digests of it item by item, each (name, plain value) item
        once a build however many values hold it (see keys.Digests.table); None: its
        pickle."""
        return None
