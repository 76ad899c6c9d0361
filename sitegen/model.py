"""The typed model of a site: what templates see and what checks reason about.

Values are parsed once, at the edge (schema.py); every field here is already valid or
the site did not get this far. Tuples, not lists or sets, so the model is hashable,
deterministic and picklable (the render cache keys pages on it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .dates import EDate, format_range
from .iso3166 import flag as _flag
from .load import Marks, Packed


@dataclass(frozen=True)
class Origin:
    """Where a model object came from, to anchor diagnostics."""

    path: str
    """File path relative to the site folder."""
    marks: Marks = field(default_factory=Marks, compare=False, repr=False)
    """Positions of its fields in that file."""
    prefix: tuple[str | int, ...] = ()
    """Key path of this object inside the file (a source's id in sources.yaml)."""
    body_line: int = 1
    """File line on which the Markdown body starts."""
    digest: str = field(default="", compare=False, repr=False)
    """A hash of everything the object was made from (its file's bytes and the options
    that shape parsing), so a page key can name the object without pickling it."""

    def at(self, *path: str | int) -> tuple[int, int]:
        return self.marks.at(*self.prefix, *path)

    def key(self, *path: str | int) -> tuple[int, int]:
        return self.marks.key(*self.prefix, *path)


@dataclass(frozen=True)
class Ref:
    """A reference written in a Markdown body: a citation or a wiki link."""

    target: str
    """The source id (`[@id]`) or slug (`[[slug]]`, maybe `people/slug`)."""
    line: int
    """File line of the reference."""
    column: int
    """File column of the reference."""


@dataclass(frozen=True)
class Body(Packed):
    """A Markdown body rendered once, with site-dependent parts left as placeholders.

    Pickled packed (see load.Packed): a rebuild after one edit unpickles the site the
    last build recorded, and needs the bodies of the edited events alone."""

    FIELDS: ClassVar[tuple[str, ...]] = ("html", "text", "citations", "links")

    html: str
    """HTML with citation and link placeholders (see markdown.resolve)."""
    text: str
    """Plain text, for search and descriptions: words separated by single spaces, with no
    space at either end (the search index takes it as it is)."""
    citations: tuple[Ref, ...] = field(default_factory=tuple)
    """Every `[@id]`, in order of appearance."""
    links: tuple[Ref, ...] = field(default_factory=tuple)
    """Every `[[slug]]`, in order of appearance."""


EMPTY_BODY = Body("", "")


@dataclass(frozen=True)
class Image:
    """A picture with the words a reader needs to trust it."""

    src: str
    """An absolute http(s) URL or a path inside the site's static/ folder."""
    alt: str
    """Alternative text for readers who cannot see it."""
    credit: str = ""
    """Who made it / who owns it."""
    width: int | None = None
    """Pixel width, read from the file when it is local."""
    height: int | None = None
    """Pixel height, read from the file when it is local."""


@dataclass(frozen=True)
class Series:
    """Membership of a numbered series (the 21st, 22nd summit)."""

    id: str
    """The series' id, shared by its events."""
    number: int
    """The event's number in the series."""


@dataclass(frozen=True)
class Correction:
    """A published correction to an event."""

    date: EDate
    """When it was corrected."""
    text: str
    """What was corrected."""


@dataclass(frozen=True)
class Source:
    """A document that supports claims: an article, a report, a statement."""

    id: str
    """Its id in sources.yaml (or `EVENT--N` for an inline source)."""
    title: str
    """The document's title."""
    publisher: str
    """Who published it."""
    author: str = ""
    """Who wrote it."""
    url: str = ""
    """Where readers can read it (absolute http(s)), or ''."""
    published: EDate | None = None
    """When it was published."""
    accessed: EDate | None = None
    """When the newsroom last read it."""
    archive_url: str = ""
    """An archived copy (web.archive.org, archive.today), or ''."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""


@dataclass(frozen=True)
class Person:
    """Someone who takes part in events."""

    slug: str
    """From the file name."""
    name: str
    """The name as readers know it."""
    role: str = ""
    """Their role at the time of the story."""
    country: str = ""
    """Slug of their country, or ''."""
    wikidata: str = ""
    """Wikidata Q-id, or ''."""
    image: Image | None = None
    """Portrait."""
    body: Body = EMPTY_BODY
    """Biography."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def title(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"people/{self.slug}/"

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        return "".join(w[0] for w in (words[:1] + words[-1:] if len(words) > 1 else words))


@dataclass(frozen=True)
class Country:
    """A country involved in events."""

    slug: str
    """From the file name."""
    name: str
    """Its common English name."""
    iso: str = ""
    """ISO 3166-1 alpha-2 code, or ''."""
    wikidata: str = ""
    """Wikidata Q-id, or ''."""
    body: Body = EMPTY_BODY
    """Notes."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def title(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"countries/{self.slug}/"

    @property
    def flag(self) -> str:
        return _flag(self.iso) if self.iso else ""


@dataclass(frozen=True)
class Event:
    """Something that happened (or is scheduled to), on a date, with sources."""

    slug: str
    """From the file name; unique across events."""
    title: str
    """Headline."""
    date: EDate
    """When it started."""
    summary: str = ""
    """One sentence for the timeline and the meta description."""
    end: EDate | None = None
    """When it ended, or None."""
    ongoing: bool = False
    """True when `end: ongoing`."""
    people: tuple[str, ...] = ()
    """Slugs of the people involved."""
    countries: tuple[str, ...] = ()
    """Slugs of the countries involved."""
    tags: tuple[str, ...] = ()
    """Topic words."""
    related: tuple[str, ...] = ()
    """Slugs of related events."""
    timelines: tuple[str, ...] = ()
    """Slugs of the timelines (stories) the event belongs to, in the order written."""
    series: Series | None = None
    """Its place in a numbered series."""
    sources: tuple[str, ...] = ()
    """Source ids: those listed in `sources:`, then those cited only in the body."""
    image: Image | None = None
    """Lead picture."""
    draft: bool = False
    """Drafts are checked but only published by `serve` (marked as drafts)."""
    status: str = ""
    """'scheduled' for events announced ahead, else ''."""
    updated: EDate | None = None
    """When the entry was last updated."""
    corrections: tuple[Correction, ...] = ()
    """Published corrections."""
    body: Body = EMPTY_BODY
    """The entry's text."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def url(self) -> str:
        return f"events/{self.slug}/"

    @property
    def scheduled(self) -> bool:
        return self.status == "scheduled"

    @property
    def display_date(self) -> str:
        return format_range(self.date, self.end, self.ongoing)

    def sort_key(self) -> tuple[object, ...]:
        return (self.date.first_day(), self.slug)


@dataclass(frozen=True)
class Timeline:
    """One story of a newsroom (content/timelines/SLUG.md): a titled list of events."""

    slug: str
    """From the file name; its page is timelines/SLUG/."""
    title: str
    """The story's headline."""
    summary: str = ""
    """One sentence for the front page and the meta description."""
    byline: tuple[str, ...] = ()
    """Who wrote and keeps it."""
    updated: EDate | None = None
    """When it was last updated, as the newsroom says."""
    order: str = "oldest"
    """'oldest' first, or 'newest' first (running stories)."""
    image: Image | None = None
    """Lead picture for the front page."""
    draft: bool = False
    """Drafts are checked but only published by `serve` or `build --drafts`."""
    body: Body = EMPTY_BODY
    """The introduction."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""

    @property
    def url(self) -> str:
        return f"timelines/{self.slug}/"


@dataclass(frozen=True)
class Config:
    """site.yaml."""

    title: str
    """The site's title."""
    base_url: str = ""
    """Absolute URL the site is published at, ending in '/'; '' when unknown."""
    language: str = "en"
    """BCP 47 language tag."""
    description: str = ""
    """One or two sentences about the site."""
    ignore: tuple[str, ...] = ()
    """Warning codes silenced for this site."""
    allow_html: bool = False
    """Let raw HTML in Markdown through (off: it is escaped)."""
    feed_limit: int = 50
    """Entries in feed.xml, newest first; 0 for every event."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where it was defined."""


@dataclass(frozen=True)
class Site:
    """Everything sitegen knows about a site, checked and cross-linked."""

    config: Config
    """site.yaml."""
    events: tuple[Event, ...]
    """Every event, drafts included, in timeline order."""
    people: dict[str, Person]
    """People by slug, alphabetical by name."""
    countries: dict[str, Country]
    """Countries by slug, alphabetical by name."""
    sources: dict[str, Source]
    """Sources by id: sources.yaml first, then inline ones."""
    timelines: dict[str, Timeline] = field(default_factory=dict)
    """Timelines (stories) by slug, alphabetical; empty for a one-story site."""

    def event(self, slug: str) -> Event | None:
        return next((e for e in self.events if e.slug == slug), None)
