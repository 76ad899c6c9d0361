"""Files for hosts, feeds and data desks: sitemap, robots.txt, feed, JSON, iCalendar, JSON-LD.

Everything here is derived from the content alone, never from the clock, so two builds
of the same site give the same bytes. Dates that a format requires but the content does
not give (a feed's `updated`, an iCalendar `DTSTAMP`) come from the newest date the
content does give: an event's date, its `updated:` date, its corrections.

Files that only make sense at a known public address (feed.xml, sitemap.xml, robots.txt,
events.ics) are written only when the site has a `base_url`; without one, `diagnostics`
explains what was left out, rather than publish broken absolute URLs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import cached_property, partial
from itertools import groupby, pairwise
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from . import __version__, markdown, yearpages
from .adapters import blake2b
from .dates import EDate, iso_moment, moment
from .diagnostics import Diagnostic
from .escaping import LinkedData, html_escape
from .jsontext import LD_JSON
from .jsontext import compact_json as _compact
from .jsontext import json_text as _json_text
from .keys import Digests, piece_key
from .load import CONTROL_RE, MAYBE_CONTROL, has_control
from .model import Country, Era, Event, Image, Person, Site, Source, Timeline
from .options import Bounds, Options
from .pages import Page, Producing, SharedList, SharedValue, make_linker, visible_events
from .records import LazyPattern
from .splice import Pieces, Splice, key_digest
from .timelines import visible

NEEDS_BASE_URL = ("feed.xml", "sitemap.xml", "robots.txt", "events.ics")
"""Files written only when the site has a base_url."""
ALWAYS = ("timeline.json", "events.json")
"""Data files written for every build (URLs in them are relative without a base_url)."""
EVENTS_PART = 500
"""events.json lists at most this many events itself; a larger site's events.json is an
index of parts (events-YYYY.json, whole years of at most about this many events), so no
data file grows with the archive (issue 20: 651 MB at 100,000 events). A part is bounded
by bytes too (Options.bounds.events_bytes, weighed by Event.record_weight): 500 events of long
bodies made a part of 1.8 MB."""
RECORDS_PART = 500
"""On a large site (an events.json of parts), the people, countries and sources are in
parts of at most this many records too (people-1.json, …, in the order of their slugs
or ids): the index listed them all, 6.0 MB at 10,000 events of long-titled sources, and
grew with the archive."""
RECORD_KINDS = ("people", "countries", "sources")
ICS_LIMIT = 1_000
"""events.ics holds the latest this many events (as the feed holds the newest 50): a
calendar shows what is coming and recent, and the whole archive is in events.json."""
FEED_TEXT_LIMIT = 24_000
"""The longest body (its HTML, in characters: about 3,500 words) a feed entry holds whole.
A longer one's entry gives its summary, a link to its page and its sources, as Hugo's
feeds give every entry's summary: fifty long reads made a timeline's feed 1.9 MB on the
skewed corpus, more than many feed readers fetch, the same text again in every feed of a
timeline it is in. Decided by the event alone, so an edit remakes its entry only."""
TIMELINEJS_LIMIT = 500
"""timeline.json holds the latest this many events: TimelineJS draws a slide and a
marker for each, and a file of 10,000 (7 MB) is more than a browser will page through."""
SLIDE_TEXT_LIMIT = 1_500
"""The longest text (plain, in characters) a slide of timeline.json holds whole for an
event without a summary: a few paragraphs, as TimelineJS slides have; a longer one gives
its start (see _slide_text)."""
SOURCES_PAGE = 100
"""Sources per page of the list of sources (sources/, sources/2/, …): each names the
events that cite it, and 2,500 sources of a 10,000-event site made one page of 3–5 MB."""
SOURCES_CITES = 800
"""Citing events named per page of the list of sources (about 100 KB of links, 260 KB
with long titles; an event named once a timeline: see source_links): a source that 3,000
of 10,000 events cite (a news agency) made its page 493 KB. A source cited more often
than a page holds is continued on the next ones."""
SOURCES_BYTES = 200_000
"""About the bytes of a page of the list of sources (`sources_parts`), besides
SOURCES_PAGE and SOURCES_CITES: 800 citing events of 170-character titles, each link
naming the event's address too, were 300 KB without the sources themselves."""
INDEX_PAGE = 1_000
"""People or countries per page of their lists: 2,500 countries of a 10,000-event site made
countries/ 330 KB, and 10,000 people of a 100,000-event one would make people/ about 2 MB.
Further pages are files beside the list's own (people/index-2.html, …), not folders, which
a person or a country called `2` could own."""
INDEX_BYTES = 150_000
"""Bytes of entries per page of those lists, besides INDEX_PAGE (`index_sizes`): an entry
is about 200 bytes with a short role, so 1,000 people made people/ 195 KB on the bench's
corpora, and a corpus of long roles or names would put a page of 1,000 over 300 KB."""
SITEMAP_LIMIT = 50_000
"""sitemaps.org: at most 50,000 URLs per sitemap file."""
WIKIDATA = "https://www.wikidata.org/wiki/"
DEFAULT_BOUNDS = Bounds()


def escape(text: str, quote: bool = True) -> str:
    """html.escape, without its five passes over a text with nothing to escape, as most
    titles, summaries and addresses are (a site of 20 timelines escapes ~40,000 of them
    for its TimelineJS slides): `in` finds no character a third as fast as they do."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html_escape(text, quote)
    return text


def drop_controls(text: str) -> str:
    """`text` without control characters, which XML and iCalendar text cannot hold even
    escaped. check reports them in content (control-char), so this only ever removes what
    came another way."""
    return CONTROL_RE.sub("", text) if has_control(text) else text


def xml_escape(text: str) -> str:
    """&, < and > escaped for XML text (as xml.sax.saxutils.escape, whose module
    imports urllib.request and the http client: a tenth of a rebuild's imports)."""
    text = drop_controls(text)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _cdata(text: str) -> str:
    """XML text as a CDATA section: a feed entry's HTML without its < > & escaped again
    (a tenth of a feed's bytes); a "]]>" in it is split over two sections."""
    return f"<![CDATA[{drop_controls(text).replace(']]>', ']]]]><![CDATA[>')}]]>"


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes (as xml.sax.saxutils.quoteattr)."""
    text = xml_escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def base_url(site: Site, opts: Options) -> str:
    """The address the site is published at, ending in '/', or ''."""
    base = opts.site_address(site.config.base_url)
    if base and not base.endswith("/"):
        base += "/"
    return base


def diagnostics(site: Site, opts: Options, found: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    """A warning when there is no base_url, naming what the build leaves out (not when
    site.yaml itself has errors: then its base_url may be there but unreadable)."""
    if base_url(site, opts):
        return []
    if any(d.path == "content/site.yaml" and d.severity == "error" for d in found):
        return []
    return [
        Diagnostic(
            "content/site.yaml", 1, 1, "warning", "base-url-missing",
            "no base_url: pages get no canonical link and "
            f"{', '.join(NEEDS_BASE_URL)} are not written, because they need absolute "
            "addresses; add base_url: \"https://example.org/your-timeline/\" to site.yaml "
            "or pass --base-url",
        )
    ]  # fmt: skip


# -- plan ----------------------------------------------------------------------------------


def page_urls(site: Site, events: Sequence[Event], more: Sequence[str]) -> list[str]:
    """Every HTML page a build makes but the timelines' own, as paths relative to the
    site root ('' = timeline). `more`: the further pages of the long lists, as the
    plan made them (list_urls)."""
    urls = ["", "people/", "countries/", "sources/"]
    urls += [e.url for e in events]
    urls += [p.url for p in site.people.values()]
    urls += [c.url for c in site.countries.values()]
    return urls + list(more)


def list_urls(lists: Iterable[Page], index: Iterable[Page]) -> list[str]:
    """The further pages of long lists, from the plan's own pages (worked out from the
    events again, they were a seventh of the plan): sources/2/, …, people/index-2.html,
    countries/index-2.html, …, then each long person's and country's year pages
    (people/x/years/1990/, …), in the order the plan made them. `lists`: the people's
    and countries' pages (a person's own is people/x/index.html, its year pages deeper);
    `index`: the lists of people, countries and sources."""
    end = "index.html"
    paths = [p.path for p in index]
    urls = [u[: -len(end)] for u in paths if u.startswith("sources/") and u != "sources/" + end]
    urls += [u for u in paths if "/index-" in u]
    return urls + [p.path[: -len(end)] for p in lists if p.path.count("/") > 2]


def list_year_pages(site: Site, events: Iterable[Event], drafts: bool) -> list[str]:
    """The year pages of each long person's or country's list (planning._by_year):
    people/x/years/1990/, … (what sitegen check's links may lead to, before any plan;
    the sitemap has them from the plan's pages, list_urls)."""
    shown = {t.slug for t in visible(site, drafts)} if site.timelines else None
    years: dict[str, list[int]] = {}
    # how many entries each list shows: on a site with timelines one under each of an
    # event's timelines, so more than its events
    entries: dict[str, int] = {}
    for e in events:
        n = _entries(shown, e)
        owners = [f"people/{s}/" for s in dict.fromkeys(e.people)]
        for folder in owners + [f"countries/{s}/" for s in dict.fromkeys(e.countries)]:
            years.setdefault(folder, []).append(e.date.year)
            entries[folder] = entries.get(folder, 0) + n
    urls = []
    folders = [p.url for p in site.people.values()] + [c.url for c in site.countries.values()]
    for folder in folders:
        mine = years.get(folder, [])
        scale = yearpages.list_scale(entries.get(folder, 0), len(mine))
        urls += [folder + path for path in yearpages.paged_paths(mine, scale)]
    return urls


def index_pages(folder: str, pages: int) -> list[str]:
    """The `pages` pages of the list of people or countries in `folder`: its own, then
    index-2.html, index-3.html, … (`index_sizes` says how many)."""
    return [folder] + [f"{folder}index-{n}.html" for n in range(2, pages + 1)]


def index_sizes(weights: Sequence[int]) -> list[int]:
    """How many entries each page of a list of people or countries holds (`weights`: each
    entry's bytes, in order; `index_weight`): the fewest pages of even counts that hold at
    most INDEX_PAGE entries and INDEX_BYTES each, or, where an even split would still put
    more on a page (a run of long entries), pages filled in order."""
    count = len(weights)
    pages = max(1, -(-count // INDEX_PAGE), -(-sum(weights) // INDEX_BYTES))
    size = max(1, -(-count // pages))
    starts = range(0, count, size)
    if all(sum(weights[i : i + size]) <= INDEX_BYTES for i in starts):
        return [min(size, count - i) for i in starts] or [0]
    return yearpages.filled(weights, INDEX_PAGE, INDEX_BYTES)


def index_weight(entry: Person | Country) -> int:
    """About the bytes of an entry of the list of people or countries: its address, name,
    role and flag, and the 130 bytes of markup and count around them."""
    role = entry.role if isinstance(entry, Person) else entry.flag
    return 130 + len(entry.url) + len(entry.name.encode()) + len((role or "").encode())


_YEAR_PAGE_FILE = LazyPattern(r"years/(-?\d+)/(?:\d+/)?(?:embed/)?(?:index\.html|oembed\.json)?")
_SEARCH_SHARD = LazyPattern(r"search/[wr]/[\w-]+\.json")


class Generated:
    """Whether a build without --drafts writes `rel`, a path in a folder that the plan
    fills by the site's size and dates (years/, sources/, search/, og/, assets/, and a
    long person's or country's people/x/years/, countries/x/years/): for
    sitegen check's links (checks._Addresses), which cannot ask the plan itself (it runs
    before it). Worked out when first asked: most sites link into none of them."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._pages: dict[str, set[str]] = {}

    def __call__(self, rel: str) -> bool:
        top = rel.partition("/")[0]
        if not rel.endswith("/") and "." not in rel.rpartition("/")[2]:
            rel += "/"  # (a folder written without its '/': hosts redirect to it)
        if top == "assets":
            return True  # the theme's files, named by their content (render.load_assets)
        if top == "search":
            return rel == "search/index.json" or bool(_SEARCH_SHARD.fullmatch(rel))
        if top == "years":
            found = _YEAR_PAGE_FILE.fullmatch(rel)
            if found is None:  # (the map of a large timeline: events-a.json, …)
                return bool(re.fullmatch(r"years/events-\w+\.json", rel)) and bool(self._of(top))
            return found[1] in self._of(top)
        return rel.removesuffix("index.html") in self._of(top)

    def _of(self, top: str) -> set[str]:
        """The pages (or year groups) of the folder `top`."""
        if top not in self._pages:
            site = self.site
            events = [e for e in site.events if not site.held_back(e)]
            shown = visible(site, False)
            if top == "sources":
                links, link_bytes = source_links(site, events, False)
                parts = sources_parts(site.sources.values(), links, link_bytes)
                made = {"sources/", *(f"sources/{n}/" for n in range(2, len(parts) + 1))}
            elif top == "og":
                made = {"og/site.png", *(f"og/timelines/{t.slug}.png" for t in shown)}
            elif top in ("people", "countries"):  # (a long list's year pages)
                made = set(list_year_pages(site, events, False))
            elif top == "years" and not site.timelines:  # (a newsroom's are its timelines')
                years = [e.date.year for e in events]
                weights = [yearpages.event_weight(e) for e in events]
                width = yearpages.bin_width(years, 1, weights)
                made = {str(y // width * width) for y in years} if width else set()
            else:
                made = set()
            self._pages[top] = made
        return self._pages[top]


def source_links(
    site: Site, events: Iterable[Event], drafts: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """How long each cited source's list of citing events is on the list of sources: on
    a site with timelines, grouped by timeline, an event in eight timelines is named
    eight times (at least once: an event in no published timeline is counted once); and
    about the bytes of that list: each link's address and title and 30 bytes around
    them. (One pass for both: each was a pass over every event, counting its entries.)"""
    shown = {t.slug for t in visible(site, drafts)} if site.timelines else None
    links: dict[str, int] = {}
    link_bytes: dict[str, int] = {}
    for e in events:
        n = _entries(shown, e)
        weight = n * (30 + len(e.url) + len(e.title.encode()))
        for sid in e.sources:
            links[sid] = links.get(sid, 0) + n
            link_bytes[sid] = link_bytes.get(sid, 0) + weight
    return links, link_bytes


def source_weight(s: Source) -> int:
    """About the bytes of a source on the list of sources, its JSON-LD included (its title,
    address, publisher and author twice) and 400 bytes of markup around them."""
    named = len(s.title.encode()) + len(s.url) + len(s.publisher.encode()) + len(s.author.encode())
    return 400 + 2 * named


def _entries(shown: set[str] | None, e: Event) -> int:
    """How many entries a list (of sources, a person's) shows the event as: one, or on a
    site with timelines (`shown`: the published ones) one under each it is in, at least one."""
    return 1 if shown is None else max(1, sum(s in shown for s in dict.fromkeys(e.timelines)))


SourcesPart = tuple[Source, int, int]
"""A source on a page of the list of sources, with the first and the stop index of the
citing events that page names."""


def sources_parts(
    sources: Iterable[Source], cites: Mapping[str, int], link_bytes: Mapping[str, int]
) -> list[list[SourcesPart]]:
    """The pages of the list of sources: the cited sources by publisher and title, at most
    SOURCES_PAGE of them, SOURCES_CITES citing events (`cites`: source_links) and about
    SOURCES_BYTES (`source_weight`, and `link_bytes`: source_links's) a page. A source
    that does not fit on a page's rest starts the next page, and one cited more often than
    a page holds is continued over the next pages. One empty page for a site without
    sources."""
    listed = sorted(
        (s for s in sources if cites.get(s.id)),
        key=lambda s: (s.publisher.casefold(), s.title.casefold(), s.id),
    )
    pages: list[list[SourcesPart]] = []
    page: list[SourcesPart] = []
    named, used = 0, 0  # citing events named on `page`, and its bytes
    for s in listed:
        total, start, own = cites[s.id], 0, source_weight(s)
        each = max(1, -(-link_bytes.get(s.id, 0) // total))  # a link's bytes
        while start < total:
            room = min(SOURCES_CITES - named, (SOURCES_BYTES - used - own) // each)
            whole = named + total <= SOURCES_CITES and used + own + total * each <= SOURCES_BYTES
            if page and (len(page) >= SOURCES_PAGE or room <= 0 or (start == 0 and not whole)):
                pages.append(page)
                page, named, used = [], 0, 0
                room = min(SOURCES_CITES, (SOURCES_BYTES - own) // each)
            stop = min(total, start + max(1, room))
            page.append((s, start, stop))
            named += stop - start
            used += own + (stop - start) * each
            start = stop
    return [*pages, page] if page or not pages else pages


def plan(
    site: Site,
    opts: Options,
    events: list[Event],
    link: Any,
    everything: Mapping[str, SharedList] | None = None,
    year_urls: Sequence[str] = (),
    more_urls: Sequence[str] = (),
) -> list[Page]:
    """The site's feed, data files, sitemap and robots.txt. `link`: the plan's linker
    (pages.make_linker of these events); `everything`: site_lists(site, link) on a site
    with timelines, whose files share its lists (what the people's and countries'
    links show is then worked out once a plan, not once for the site's files again);
    `year_urls` and `more_urls`: the timelines' year pages (year_page_urls) and the
    long lists' further pages (list_urls), for the sitemap."""
    urls = (year_urls, more_urls)
    return _plan(site, opts, events, sitemap=True, link=link, everything=everything, urls=urls)


def year_page_urls(pages: Iterable[Page]) -> tuple[str, ...]:
    """The addresses of the year pages among a plan's timeline pages (a large
    timeline's years/1990/, timelines/ID/years/1990/2/, …), in their order."""
    end = "index.html"
    return tuple(
        p.path[: -len(end)] for p in pages if p.path.endswith("/" + end) and "years/" in p.path
    )


def plan_edited(
    site: Site,
    opts: Options,
    events: list[Event],
    edited: Collection[str],
    link: Any,
    parts: Sequence[range] = (),
) -> list[Page]:
    """After body edits alone (`edited`: the slugs of the events), the files of `plan`
    that show one of those bodies (see shows_body): the others are as the last build
    made them, and the sitemap, which lists every page, is not even planned. `link`:
    the plan's linker (pages.make_linker of these events); `parts`: events.json's parts
    as edited_parts found them for these events, if it did (else they are weighed)."""
    limit = site.config.feed_limit
    if len(events) > EVENTS_PART and not _more_than_parts(site, opts, events, edited):
        # only parts of events.json show them, and a part's data is the events' alone:
        # the people's, countries' and sources' lists (2,900 bodies unpacked for their
        # citations and links on the extreme corpus) are the index's and the feed's
        data: dict[str, Any] = {"events": events, "links": LinkTable(events, link)}
        if site.timelines:
            data["stories"] = tuple(t.slug for t in visible(site, opts.drafts))
        if not parts or parts[-1].stop != len(events):
            parts = _event_ranges(events, opts.bounds.events_bytes)
        return _edited_part_pages(data, parts, edited)
    pages = _plan(site, opts, events, sitemap=False, link=link)
    return [p for p in pages if shows_body(p, edited, limit)]


def _more_than_parts(
    site: Site, opts: Options, events: list[Event], edited: Collection[str]
) -> bool:
    """Whether edited bodies show in more of a large site's files than events.json's
    parts: in the feed (one of its newest entries), in timeline.json (an event without
    a summary, whose slide holds its text)."""
    limit = site.config.feed_limit
    newest = events[-limit:] if limit else events
    if base_url(site, opts) and any(e.slug in edited for e in newest):
        return True
    return any(e.slug in edited and not e.summary for e in events)


def shows_body(page: Page, edited: Collection[str], feed_limit: int) -> bool:
    """Whether a file of `plan` or `story_plan` shows the body of an event of these
    slugs: an events.json (or a part of a large site's) that lists it, a feed whose
    newest entries it is among, a timeline.json that lists it without a summary (its
    slide then holds the text). events.ics shows an event's title, dates, summary and
    sources, a large site's events.json its parts and the people, countries and
    sources, the sitemap and robots.txt no event's text; nor does a timeline's
    events.json (it names the site's file with each event's record)."""
    data = page.data
    name = page.path.rpartition("/")[2]
    if name == "timeline.json":
        return any(e.slug in edited and not e.summary for e in data.get("events", ()))
    if "parts" in data or (name not in ("events.json", "feed.xml") and "part" not in data):
        return False
    if "texts" in data and name != "feed.xml":
        return False
    events: Sequence[Event] = data["events"]
    if name == "feed.xml" and feed_limit:
        events = events[-feed_limit:]  # (the feed's newest entries; see feed)
    return any(e.slug in edited for e in events)


def _plan(
    site: Site,
    opts: Options,
    events: list[Event],
    sitemap: bool,
    link: Any,
    everything: Mapping[str, SharedList] | None = None,
    urls: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> list[Page]:
    base = base_url(site, opts)
    cited = dict.fromkeys(s for e in events for s in e.sources)
    for body in [p.body for p in site.people.values()] + [c.body for c in site.countries.values()]:
        cited.update(dict.fromkeys(body.citations.targets))
    data: dict[str, Any] = {
        "events": events,
        "links": LinkTable(events, link),
        "people": list(site.people.values()),
        "countries": list(site.countries.values()),
        "sources": [site.sources[s] for s in cited if s in site.sources],
    }
    if site.timelines:  # (a tuple: a set's pickle, part of the key, varies by process)
        data["stories"] = tuple(t.slug for t in visible(site, opts.drafts))
    pages = [Page("timeline.json", "producer:publish", data)]
    others = (
        shown_of_others(site, link)
        if everything is None
        else {k: everything[k] for k in OTHERS}  # (the lists the timelines' files have)
    )
    pages += events_json_pages("", {**data, **others}, opts.bounds.events_bytes)
    if base:
        pages += [
            Page("feed.xml", "producer:publish", data),
            Page("events.ics", "producer:publish", data),
            *(sitemap_pages(site, events, opts.drafts, *urls) if sitemap else ()),
            Page("robots.txt", "producer:publish", {}),
        ]
    return pages


def story_plan(
    site: Site,
    opts: Options,
    timeline: Timeline,
    events: list[Event],
    folder: str,
    link: Any,
    records: SharedList,
    everything: Mapping[str, SharedList] | None = None,
) -> list[Page]:
    """A timeline's feed.xml, timeline.json, events.ics and events.json, under `folder`:
    its events, and the people, countries and sources they name. `link`: the plan's
    linker; `records`: part_names() of the site's events (a timeline's events.json names
    the site's file with each event's record: not repeated here); `everything`:
    site_lists(site, link), one for every timeline."""
    every = site_lists(site, link) if everything is None else everything
    # each file's data (its page key) is what it shows, no more: the links of the events'
    # bodies only in the feed (of its own entries alone), and so on; and the published
    # timelines, which say how many of their files have each event's piece (made once
    # for all of them: Splice.piece). What it shows of people, countries and sources is
    # keyed by the site's (see site_lists)
    stories = tuple(t.slug for t in visible(site, opts.drafts))
    shown: dict[str, Any] = {"events": events, "timeline": timeline, "stories": stories}
    sources = every["all_sources"]
    # (the links of the bodies that are slides' text: those of events without a summary)
    texts = LinkTable([e for e in events if not e.summary], link)
    pages = [
        Page(f"{folder}timeline.json", "producer:publish",
             {**shown, "countries": every["all_countries"], "sources": sources,
              "links": texts}),
    ]  # fmt: skip
    if base_url(site, opts):
        limit = site.config.feed_limit
        fed = LinkTable(events[-limit:] if limit else events, link)
        pages += [
            Page(f"{folder}feed.xml", "producer:publish",
                 {**shown, "links": fed, "sources": sources}),
            Page(f"{folder}events.ics", "producer:publish", shown),
        ]  # fmt: skip
    # each event is its slug and the site's file with its record; the people, countries
    # and sources its events name are slugs (the site's file has their records), so a
    # rename of one makes no timeline's file again, nor a change to the published
    # timelines (which the site's records list)
    data = {"events": events, "timeline": timeline, "texts": records}
    return [*pages, *story_events_pages(folder, data, opts.bounds.timeline_events)]


def story_events_pages(folder: str, data: dict[str, Any], per_part: int) -> list[Page]:
    """A timeline's events.json: one file of its events, or past `per_part` events an
    index of parts (events-1.json, … in the timeline's order, each naming what its own
    events name): ~60 bytes an event, 3 MB for a 50,000-event timeline, grew with it."""
    events: Sequence[Event] = data["events"]
    if len(events) <= per_part:
        return [Page(f"{folder}events.json", "producer:publish", data)]
    pages = []
    listed = []
    for n, at in enumerate(range(0, len(events), per_part), start=1):
        part = events[at : at + per_part]
        name = f"events-{n}.json"
        listed.append((name, part[0].date.edtf(), part[-1].date.edtf(), len(part)))
        pages.append(
            Page(folder + name, "producer:publish", {**data, "events": part, "part": name})
        )
    index = {"timeline": data["timeline"], "parts": tuple(listed)}
    return [Page(f"{folder}events.json", "producer:publish", index), *pages]


def site_lists(site: Site, link: Any) -> dict[str, SharedList]:
    """The site's countries and sources, one list of each for the files of every
    timeline (story_plan: its TimelineJS file and feed): what a file shows of those it
    names is in its key through these, digested once a plan, not through a list of its
    own for each timeline (200 countries and 1,000 sources of each of 20 timelines at
    10,000 events). With them, what the people, countries and tags of the site's
    events.json show of other files (shown_of_others; `link`: the plan's linker)."""
    return {
        "all_countries": SharedList(site.countries.values()),
        "all_sources": SharedList(site.sources.values()),
        **shown_of_others(site, link),
    }


def shown_of_others(site: Site, link: Any) -> dict[str, SharedList]:
    """What an events.json's people, countries and tags show that their own files do
    not hold: what each `[[link]]` of the people's and countries' bodies resolves to
    (`link`: the plan's linker: an event's or timeline's title, a person's name, or
    none for a draft), and every tag's name and description (content/tags.yaml). The
    file's key has these, not the site's timelines and events whole: an edit of a
    timeline's introduction or an event's body leaves the files that do not list it be.
    The files' text is made from them too (_events_json_rest), so it is what the key
    says. (The bodies are unpacked already: _plan reads their citations.)"""
    bodies = [p.body for p in site.people.values()] + [c.body for c in site.countries.values()]
    targets = dict.fromkeys(r.target for body in bodies for r in body.links)
    return {
        "others_links": SharedList((t, link(t)) for t in targets),
        "tags": SharedList((t.slug, t.name, t.description) for t in site.tags.values()),
    }


OTHERS = ("others_links", "tags")
"""The keys of shown_of_others: what an events.json's people, countries and tags show."""


def events_parts(
    events: Sequence[Event], max_bytes: int = DEFAULT_BOUNDS.events_bytes
) -> list[list[Event]]:
    """The events (in timeline order) in parts of whole years, each of at most EVENTS_PART
    events and about `max_bytes` (record_weight) unless one year alone has more (then
    that year is split into parts of those bounds); one part when the whole is within
    them."""
    return [list(events[part.start : part.stop]) for part in _event_ranges(events, max_bytes)]


def _event_ranges(events: Sequence[Event], max_bytes: int) -> list[range]:
    """events_parts, as ranges of the events' places."""
    weights = [ev.record_weight for ev in events]
    return _parts([ev.date.year for ev in events], weights, max_bytes)


def _parts(years: Sequence[int], weights: Sequence[int], max_bytes: int) -> list[range]:
    """events_parts, as ranges of the events' places (`years`: each event's year)."""
    if len(weights) <= EVENTS_PART and sum(weights) <= max_bytes:
        return [range(len(weights))]
    parts: list[range] = []
    heavy = 0  # (the last part's weight)
    start = 0
    for _, group in groupby(years):
        year = range(start, start + len(list(group)))
        start = year.stop
        weight = sum(weights[year.start : year.stop])
        if parts and len(parts[-1]) + len(year) <= EVENTS_PART and heavy + weight <= max_bytes:
            parts[-1], heavy = range(parts[-1].start, year.stop), heavy + weight
            continue
        split = _year_split(year, weights, max_bytes)
        parts += split
        heavy = sum(weights[split[-1].start : split[-1].stop])
    return parts


def _year_split(year: range, weights: Sequence[int], max_bytes: int) -> list[range]:
    """A year's events in the fewest parts of even counts that each keep within the
    bounds (or are one event). Even counts, not parts filled in turn: a body edit then
    moves a part's bound only when it changes how many parts the year needs, not
    whenever a part was filled to within the edit's bytes of its bound (see
    edited_parts)."""
    if len(year) == 1 or (
        sum(weights[year.start : year.stop]) <= max_bytes and len(year) <= EVENTS_PART
    ):
        return [year]  # (one event over the bound alone: a part of its own, never an empty one)
    count = max(2, -(-len(year) // EVENTS_PART))
    while True:
        size, more = divmod(len(year), count)
        bounds = [year.start + k * size + min(k, more) for k in range(count + 1)]
        split = [range(a, b) for a, b in pairwise(bounds)]
        if count >= len(year) or all(sum(weights[r.start : r.stop]) <= max_bytes for r in split):
            return split
        count += 1


def edited_parts(
    site: Site, opts: Options, edited: Sequence[Event], was: Mapping[str, Event | None]
) -> tuple[range, ...] | None:
    """The parts of events.json after body edits (`edited`, each event's last version
    in `was` by file), as ranges of the published events (one part on a small site);
    None when the edits move an event from one part to another: a body grown or shrunk
    past a part's bound. The quick paths of a body edit keep every part that does not
    show an edited body, so such an edit takes the full one. (The edit's plan takes
    the parts from here: weighing 10,000 events of long bodies twice was 40 ms.)"""
    events = visible_events(site, opts)
    bound = opts.bounds.events_bytes
    weights = [ev.record_weight for ev in events]
    years = [ev.date.year for ev in events]
    parts = _parts(years, weights, bound)
    before_weights = weights[:]
    olds = {ev.slug: was.get(ev.origin.path) for ev in edited}
    # (the edited events found by slug in one pass: a table of every slug was 5 ms more)
    for n in [n for n, ev in enumerate(events) if ev.slug in olds]:
        old = olds[events[n].slug]
        if old is not None:
            before_weights[n] = old.record_weight
    if before_weights != weights and _parts(years, before_weights, bound) != parts:
        return None
    return tuple(parts)


def _part_name(part: Sequence[Event], seen: dict[int, int]) -> str:
    """events-1990.json; the second part that starts in 1990, events-1990-2.json."""
    year = part[0].date.year
    seen[year] = n = seen.get(year, 0) + 1
    return f"events-{year}.json" if n == 1 else f"events-{year}-{n}.json"


def part_names(events: Sequence[Event], max_bytes: int, parts: Sequence[range] = ()) -> SharedList:
    """Which file of the site's events.json holds each event's record, as (slug, name)
    pairs: 'events.json' itself, or its part (see events_parts, `max_bytes` its bound). A
    timeline's events.json names it for each of its events instead of repeating the
    record. `parts`: the parts' ranges of `events` where known (edited_parts, for an
    edit's plan: weighing every event again was 50 ms of an edit of 10,000 long bodies)."""
    if not parts or parts[-1].stop != len(events):
        parts = _event_ranges(events, max_bytes)
    if len(parts) == 1:
        return SharedList((e.slug, "events.json") for e in events)
    seen: dict[int, int] = {}
    named: list[tuple[str, str]] = []
    for part in parts:
        listed = events[part.start : part.stop]
        name = _part_name(listed, seen)  # (once a part: it counts the parts of each year)
        named.extend((e.slug, name) for e in listed)
    return SharedList(named)


def events_json_pages(folder: str, data: dict[str, Any], max_bytes: int) -> list[Page]:
    """events.json under `folder`: the file of every event, or on a large site an index
    of its parts and the parts (see events_parts, `max_bytes` its bound)."""
    events: Sequence[Event] = data["events"]
    parts = _event_ranges(events, max_bytes)
    if len(parts) == 1:
        return [Page(folder + "events.json", "producer:publish", data)]
    seen: dict[int, int] = {}
    listed = []
    pages = []
    published = _published(events)
    for part in parts:
        listed_events = list(events[part.start : part.stop])
        page = _part_page(folder, data, listed_events, seen, published)
        first, last = listed_events[0].date.edtf(), listed_events[-1].date.edtf()
        listed.append((page.data["part"], first, last, len(part)))
        pages.append(page)
    kept = {k: v for k, v in data.items() if k not in RECORD_KINDS}
    records: dict[str, tuple[tuple[str, str, str, int], ...]] = {}
    for kind in RECORD_KINDS:
        shown = {**kept, "published": published}
        made = _record_parts(folder, kind, data.get(kind, ()), shown, max_bytes)
        records[kind] = tuple(listed for listed, _ in made)
        pages += [page for _, page in made]
    index = {**kept, "parts": tuple(listed), "record_parts": records}
    return [Page(folder + "events.json", "producer:publish", index), *pages]


def _published(events: Sequence[Event]) -> SharedList:
    # a part's events link to related events in other parts: every event is published
    return SharedList(sorted(e.slug for e in events))


def _part_page(
    folder: str,
    data: dict[str, Any],
    part: Sequence[Event],
    seen: dict[int, int],
    published: SharedList,
) -> Page:
    """A part of a large site's events.json (`seen`: the parts named so far, by year)."""
    name = _part_name(part, seen)
    shown = {**data, "events": part, "part": name, "published": published}
    for rest in ("people", "countries", "sources", *OTHERS):  # (the index's)
        shown.pop(rest, None)
    return Page(folder + name, "producer:publish", shown)


def _edited_part_pages(
    data: dict[str, Any], parts: Sequence[range], edited: Collection[str]
) -> list[Page]:
    """The parts of the site's events.json (`parts`: their ranges of data's events) that
    list an edited event, as events_json_pages makes them."""
    events: Sequence[Event] = data["events"]
    if len(parts) == 1:
        return []  # (events.json itself: not a large site's, which the quick path is for)
    seen: dict[int, int] = {}
    published = _published(events)
    pages = []
    for part in parts:
        listed = list(events[part.start : part.stop])
        if any(e.slug in edited for e in listed):
            pages.append(_part_page("", data, listed, seen, published))
        else:
            _part_name(listed, seen)  # (counted: the next part of its year is named -2)
    return pages


def other_weight(record: Person | Country | Source) -> int:
    """About how many bytes a person's, country's or source's record writes (as
    record_weight an event's)."""
    if isinstance(record, Source):
        texts = (record.id, record.title, record.publisher, record.author, record.url)
        return 250 + sum(map(len, texts)) + len(record.archive_url)
    image = getattr(record, "image", None)
    role = getattr(record, "role", "")
    fixed = 250 + 2 * len(record.slug) + len(record.name) + len(role)
    return fixed + record.body.plain_bytes + (300 if image is not None else 0)


def _record_chunks(ordered: Sequence[Any], max_bytes: int) -> Iterator[Sequence[Any]]:
    """Records in order, in parts of at most RECORDS_PART and about `max_bytes`."""
    start, heavy = 0, 0
    for n, record in enumerate(ordered):
        weight = other_weight(record)
        if n > start and (n - start >= RECORDS_PART or heavy + weight > max_bytes):
            yield ordered[start:n]
            start, heavy = n, 0
        heavy += weight
    if ordered:
        yield ordered[start:]


def _record_parts(
    folder: str, kind: str, records: Sequence[Any], data: dict[str, Any], max_bytes: int
) -> list[tuple[tuple[str, str, str, int], Page]]:
    """A large site's people, countries or sources in parts of RECORDS_PART records and
    about `max_bytes` (by slug or id; long bios made 500 people 552 KB): each part as the
    index lists it (name, first, last, count) and its page."""

    def key(record: Any) -> str:
        return str(record.id if kind == "sources" else record.slug)

    ordered = sorted(records, key=key)
    out = []
    for n, chunk in enumerate(_record_chunks(ordered, max_bytes), start=1):
        name = f"{kind}-{n}.json"
        # (not the events' link table: an event's edit leaves these parts be)
        shown = {**data, "events": [], "part": name, "records": kind, kind: chunk}
        shown.pop("links", None)
        listed = (name, key(chunk[0]), key(chunk[-1]), len(chunk))
        out.append((listed, Page(folder + name, "producer:publish", shown)))
    return out


def _named(events: Sequence[Event], sources: Mapping[str, Source]) -> dict[str, list[str]]:
    """The slugs of the people, countries and tags that `events` name (sorted: the
    site's order of people and countries follows their names, which a file naming them
    by slug does not show) and the ids of the sources they cite (as cited)."""
    cited = dict.fromkeys(s for e in events for s in e.sources)
    return {
        "people": sorted({p for e in events for p in e.people}),
        "countries": sorted({c for e in events for c in e.countries}),
        "sources": [s for s in cited if s in sources],
        "tags": sorted({t for e in events for t in e.tags}),
    }


def sitemap_pages(
    site: Site,
    events: Sequence[Event],
    drafts: bool = False,
    year_urls: Sequence[str] = (),
    more_urls: Sequence[str] = (),
) -> list[Page]:
    """sitemap.xml; past 50,000 URLs, an index of sitemap-1.xml, sitemap-2.xml, ….
    `year_urls` and `more_urls`: the timelines' year pages and the long lists' further
    pages, which the plan alone knows (year_page_urls, list_urls)."""
    urls = page_urls(site, events, more_urls)
    urls[1:1] = [*(t.url for t in visible(site, drafts)), *year_urls]
    lastmod = {
        e.url: changed.isoformat()
        for e in events
        if (e.updated or e.corrections) and (changed := last_changed(e)) is not None
    }
    if len(urls) <= SITEMAP_LIMIT:
        return [Page("sitemap.xml", "producer:publish", {"urls": urls, "lastmod": lastmod})]
    pages = []
    for n, start in enumerate(range(0, len(urls), SITEMAP_LIMIT), 1):
        chunk = urls[start : start + SITEMAP_LIMIT]
        mine = {u: lastmod[u] for u in chunk if u in lastmod}
        pages.append(Page(f"sitemap-{n}.xml", "producer:publish", {"urls": chunk, "lastmod": mine}))
    index = {"parts": [p.path for p in pages]}
    return [Page("sitemap.xml", "producer:publish", index), *pages]


class LinkTable(SharedValue):
    """Every `[[target]]` of the events' bodies and what it resolves to: part of the
    whole-site files' key (pickled as that table, once a build: the same table is in
    the data of every file of events.json, timeline.json, the feed and the calendar),
    made only when a key needs it. A patch after a body edit looks up the edited
    events' targets alone, and so never unpacks the other bodies (see marks.Packed)."""

    def __init__(self, events: Sequence[Event], link: Any) -> None:
        self._events = events
        self._link = link
        self._table: dict[str, Any] | None = None

    def table(self) -> dict[str, Any]:
        if self._table is None:
            link, events = self._link, self._events
            self._table = {t: link(t) for e in events for t in dict.fromkeys(e.body.links.targets)}
        return self._table

    @property
    def linker(self) -> Any:
        """What the table resolves each target with (the plan's: one for all its files)."""
        return self._link

    def get(self, target: str) -> Any:
        """What a body's `[[target]]` resolves to."""
        return self._table.get(target) if self._table is not None else self._link(target)

    def key_items(self) -> dict[str, Any]:
        # (the site's table and each timeline's hold the same targets: 13,216 items in
        # 101 tables, 989 of them different, on the skewed corpus, 2.2 MB pickled whole)
        return self.table()

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.table(),))


def produce(renderer: Producing, page: Page) -> bytes:
    pub = Publication(renderer.site, renderer.base_url, page.data, renderer.pieces)
    pub.path = page.path
    producer = PRODUCERS.get(page.path)
    if producer is None and page.path.startswith("timelines/"):  # a timeline's own files
        producer = PRODUCERS.get(page.path.rpartition("/")[2])
    if producer is None and re.fullmatch(r"sitemap-\d+\.xml", page.path):
        producer = sitemap
    if producer is None and "part" in page.data:  # events-1990.json, a part of events.json
        producer = events_json
    if producer is None:
        raise ValueError(f"sitegen.publish makes no file called {page.path}")
    text = producer(pub)
    return text.encode("utf-8") if isinstance(text, str) else text


class Publication:
    """What the producers share: the site, its address and the planned data."""

    def __init__(
        self, site: Site, base: str, data: dict[str, Any], pieces: Pieces | None = None
    ) -> None:
        self.site = site
        self.base = base
        self.data = data
        self.events: list[Event] = data.get("events", [])
        self.links: LinkTable | dict[str, Any] = data.get("links", {})
        self.people: list[Person] = data.get("people", [])
        self.countries: list[Country] = data.get("countries", [])
        self.sources: list[Source] = data.get("sources", [])
        self.pieces = pieces if pieces is not None else Pieces()
        self.shared = Shared.of(self.pieces, site)
        self.path = ""
        """The file being made (a timeline's are under timelines/ID/)."""
        self.story: Timeline | None = data.get("timeline")
        """The timeline whose file this is, or None for the whole site's."""
        self.stories: tuple[str, ...] | None = self.shared.same_stories(data.get("stories"))
        """The ids of the published timelines, on a site with timelines."""
        self.by_country: dict[str, Country] = {c.slug: c for c in self.countries}
        self.zone = site.config.timezone
        self._records: dict[str, str] | None = None

    @cached_property
    def visible(self) -> set[str]:
        """The slugs of the published events, worked out when first asked: only the
        site's events.json and its parts ask (a record's related events; the others'
        links), not the feeds, slides and calendars, nor any of a timeline's files, each
        of which made a set of its events for nothing."""
        published = self.data.get("published")
        return self.shared.visible(published) if published else {e.slug for e in self.events}

    def heading(self) -> tuple[str, str, str]:
        """Title, description and page (relative to the site) of what the file covers:
        the site, or the timeline whose file it is."""
        if self.story is not None:
            return self.story.title, self.story.summary, self.story.url
        return self.site.config.title, self.site.config.description, ""

    def in_stories(self, ev: Event) -> tuple[str, ...]:
        """The ids of the published timelines the event is in (none on a site without),
        worked out once a build: each of its files asks."""
        if self.stories is None:
            return ()
        return self._stories_of(ev)[2]

    def stories_json(self, ev: Event) -> str:
        """in_stories as a JSON list (a record's `timelines`)."""
        return self._stories_of(ev)[3] if self.stories is not None else "[]"

    def _stories_of(self, ev: Event) -> tuple[Event, tuple[str, ...], tuple[str, ...], str]:
        assert self.stories is not None
        known = self.shared.stories
        hit = known.get(ev.slug)
        if hit is None or hit[0] is not ev or hit[1] is not self.stories:
            listed = tuple(t for t in dict.fromkeys(ev.timelines) if t in self.stories)
            hit = known[ev.slug] = (ev, self.stories, listed, _compact(list(listed)))
        return hit

    def uses(self, ev: Event) -> tuple[str, ...]:
        """Which files of this build (by timeline) may have this file's piece of the
        event: on a timeline's, the timelines the event is in (see Splice.piece)."""
        if self.story is None or len(ev.timelines) < 2:  # (most events: one timeline)
            return ()
        return self.in_stories(ev)

    def make(self, path: str, fill: Callable[[Splice], None]) -> bytes:
        """The file at `path`, its per-event pieces reused from the last build's file."""
        group = self.story.slug if self.story is not None else ""
        return self.pieces.make(path, fill, self.base, group)

    def key(self, kind: str, ev: Event, *extra: str) -> str | None:
        """A piece's key: everything an event's piece of a whole-site file shows. The
        event's digest names its file's bytes; `extra` what the piece shows of others.
        A string, as its hash is computed once however often it is looked up."""
        if not ev.origin.digest:
            return None
        zone = self.zone if ev.time is not None else ""  # what its times are shown in
        if ev.date.year < 0:  # and its years before the common era
            zone += "\0" + self.site.config.era_style
        return "\0".join((kind, ev.origin.digest, zone, *extra))

    def links_key(self, ev: Event) -> str:
        """What the body's `[[links]]` resolve to. An event without a summary is asked
        by the site's events.json and by each of its timelines' timeline.json (its body
        is its slide's text): worked out once a build for the files whose table resolves
        them with the same linker (the others are asked once: not held). A digest of what
        they resolve to, not the text: held for 10,000 events, the texts (a body's ~30
        links, titles and all) were +60 MiB of the skewed corpus's peak."""
        if not ev.body.links:
            return ""
        links = self.links
        linker = links.linker if isinstance(links, LinkTable) and not ev.summary else None
        known = self.shared.links_keys
        hit = known.get(ev.slug) if linker is not None else None
        if hit is None or hit[0] is not ev or hit[1] is not linker:
            targets = dict.fromkeys(ev.body.links.targets)
            if isinstance(links, LinkTable):
                text = self.shared.links_text(links, targets)
            else:
                text = repr([(t, links.get(t)) for t in targets])
            said = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
            if linker is None:
                return said
            hit = known[ev.slug] = (ev, linker, said)
        return hit[2]

    def sources_key(self, ev: Event) -> str:
        """What the event shows of its sources."""
        known = self.shared.source_keys
        out = []
        for sid in ev.sources:
            text = known.get(sid)
            if text is None:
                s = self.site.sources.get(sid)
                text = known[sid] = (
                    repr((s.title, s.url, s.publisher, s.published.edtf() if s.published else ""))
                    if s is not None
                    else ""
                )
            out.append(text)
        return "\1".join(out)

    def when(self, ev: Event) -> str:
        """The event's dates for readers (Event.when), worked out once a build: the
        site's files and each of its timelines' show them again."""
        hit = self.shared.when.get(ev.slug)
        if hit is None or hit[0] is not ev:
            hit = self.shared.when[ev.slug] = (ev, ev.when(self.zone, self.site.config.era_style))
        return hit[1]

    def url(self, path: str = "") -> str:
        """An absolute URL with a base_url; else the path relative to the site root."""
        return _url(self.base, path)

    def image_url(self, image: Image) -> str:
        return image.src if "://" in image.src else self.url(image.src.lstrip("/"))

    def newest_first(self) -> list[Event]:
        return self.events[::-1]  # (the timeline's order: by the content, never file names)

    def source(self, sid: str) -> Source | None:
        return self.site.sources.get(sid)

    def others_link(self) -> markdown.LinkResolver:
        """What the people's and countries' `[[links]]` resolve to, as the key says (see
        shown_of_others), looked up once for all the build's events.json files."""
        pairs = self.data.get(OTHERS[0])
        if pairs is None:  # (made without a plan: the site's own linker)
            return make_linker(self.site, self.visible)
        return self.shared.table(pairs, "others").get

    def record_in(self, ev: Event) -> str:
        """The file of the site's events.json (itself or a part) that holds the event's
        record (a timeline's events.json names it)."""
        if self._records is None:
            self._records = self.shared.table(self.data.get("texts") or ())
        return self._records.get(ev.slug, "events.json")


class Shared:
    """What the files of one build make once for all of them (kept in Pieces.memo): a
    site with timelines makes each of their files again for the timeline's events,
    whose sources, dates and lookups are the site's files' own."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.source_keys: dict[str, str] = {}
        """Source id -> what an event's piece shows of it (Publication.sources_key)."""
        self.source_items: dict[str, str] = {}
        """Source id -> its item in an event's list of sources (_sources_list)."""
        self.source_items_json: dict[str, str] = {}
        """Source id -> that item as JSON string content, for a slide's text (_slides_sources)."""
        self.when: dict[str, tuple[Event, str]] = {}
        """Event slug -> (the event, Event.when in the site's zone and era style)."""
        self.stories: dict[str, tuple[Event, tuple[str, ...], tuple[str, ...], str]] = {}
        """Event slug -> (the event, the published timelines, those it is in, as JSON)."""
        self._stories: tuple[str, ...] | None = None
        """The published timelines' ids as the first file with them had them (same_stories)."""
        self._made: dict[str, tuple[object, Any]] = {}
        """What each of visible and table made last, with what it was made of:
        every file passes the same object, so one per kind is enough."""
        self.feed_keys: dict[str, tuple[dict[str, Any], Any, bytes]] = {}
        """Event slug -> (its feed_item, the linker of the LinkTable it was made with or
        None, the digest of its <entry>'s key): an event in several timelines has the
        same item in each of their feeds, whose keys (a digest of its links and
        sources) took a quarter of the skewed corpus's feeds' time."""
        self.digests = Digests()
        """The feed keys' digests of the events and sources (see keys.Digests)."""
        self.slide_keys: dict[str, tuple[Event, object, Any, bytes | None]] = {}
        """Event slug -> (the event, the countries and the linker its slide's key was
        made with, its key's digest): for an event in several timelines (_slide_key)."""
        self.links_keys: dict[str, tuple[Event, Any, str]] = {}
        """Event slug -> (the event, the linker, Publication.links_key's digest)."""
        self.unsummarised: dict[str, tuple[Event, Any, str, bool]] = {}
        """Event slug -> (the event, the linker, the start of its plain text (shorten),
        whether the whole is a slide's worth): for an event without a summary, whose
        record, slide and feed entry each worked out its plain text (Unsummarised)."""
        self.outside_bodies: dict[str, tuple[Event, Any, str, str]] = {}
        """Event slug -> (the event, the linker, the base URL, _outside_body): for an event
        without a summary whose plain text is a slide's worth, its slide's text and its
        feed entry's content, made once a build for both (Unsummarised)."""

    @classmethod
    def of(cls, pieces: Pieces, site: Site) -> Shared:
        """The build's (pieces is one build's), for this site."""
        shared = pieces.memo.get(cls)
        if not isinstance(shared, cls) or shared.site is not site:
            shared = pieces.memo[cls] = cls(site)
        return shared

    def feed_key(self, pub: Publication, ev: Event) -> bytes:
        """The digest of the key of the event's feed entry (piece_key of its feed_item),
        worked out once a build for the feeds whose item for it is the same (the site's,
        its timelines')."""
        return self._feed_item(pub, ev)[2]

    def feed_entry(self, pub: Publication, ev: Event) -> str:
        """The event's feed entry, from the item its key was made of; for an event without
        a summary, its summary and its body as its record and slide made them (their
        links resolved by the same linker: see Unsummarised)."""
        item = self._feed_item(pub, ev)[0]
        texts = Unsummarised.of(pub, ev)
        if texts is None:
            return feed_entry(item, self.source_items)
        short, fits = texts.short()
        body = texts.outside_body() if fits and item["whole"] else None
        return feed_entry(item, self.source_items, short, body)

    def _feed_item(self, pub: Publication, ev: Event) -> tuple[dict[str, Any], Any, bytes]:
        """The event's feed_item for `pub`'s feed and its key's digest: made once for
        the feeds whose LinkTables share a linker (each resolves the event's links as
        the others do; its sources are the site's), else made and compared with the
        one held."""
        links = pub.links
        linker = links.linker if isinstance(links, LinkTable) else None
        hit = self.feed_keys.get(ev.slug)
        if (
            hit is not None
            and linker is not None
            and hit[1] is linker
            and hit[0]["event"] is ev
            and hit[0]["base"] == pub.base
        ):
            return hit
        item = feed_item(pub, ev)
        if hit is None or hit[0]["event"] is not ev or hit[0] != item:
            # its links by Publication.links_key's digest of what each resolves to (each
            # pair's repr made once a build), not pickled again for each item: 11 pairs an
            # item were two thirds of piece_key's time on the skewed corpus
            said = key_digest(piece_key("feed", {**item, "links": pub.links_key(ev)}, self.digests))
        else:
            said = hit[2]
        hit = self.feed_keys[ev.slug] = (item, linker, said)
        return hit

    def same_stories(self, stories: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """`stories`, or the equal tuple an earlier file of the build had: each timeline's
        plan makes its own, and each event's look-up (Publication._stories_of) compared
        the two, 50 ids on the skewed corpus, for each piece of each timeline's files."""
        if stories is not None and stories != self._stories:
            self._stories = stories
        return self._stories if stories is not None else None

    def links_text(self, table: LinkTable, targets: Iterable[str]) -> str:
        """repr() of the list of each target and what `table` resolves it to, each pair's
        repr made once a build for the tables of one linker: a target is in many bodies
        (the skewed corpus's 1,000 bodies link ~30 each), and repr goes a character at a
        time. (A list's repr is its items' joined by ", " in brackets.)"""
        made: dict[str, str] = self._once("links_text", table.linker, dict)
        texts = []
        for target in targets:
            text = made.get(target)
            if text is None:
                text = made[target] = repr((target, table.get(target)))
            texts.append(text)
        return f"[{', '.join(texts)}]"

    def _once(self, kind: str, of: object, make: Callable[[], Any]) -> Any:
        hit = self._made.get(kind)
        if hit is None or hit[0] is not of:
            hit = self._made[kind] = (of, make())
        return hit[1]

    def visible(self, published: Collection[str]) -> set[str]:
        """The slugs of every published event, as a set (one list for every timeline)."""
        return self._once("visible", published, lambda: set(published))  # type: ignore[no-any-return]

    def table(self, pairs: Iterable[tuple[str, Any]], kind: str = "table") -> dict[str, Any]:
        """A list of pairs as a dict (texts: one list for every timeline; `kind` names
        another such list, kept beside it)."""
        return self._once(kind, pairs, lambda: dict(pairs))  # type: ignore[no-any-return]


class Unsummarised:
    """What the files of a build show of the body of an event without a summary, made
    once for all of them: its plain text's start (shorten), the feed's summary and a
    long body's slide text, and whether the whole is a slide's worth (SLIDE_TEXT_LIMIT);
    for one that is, its body for outside documents (_outside_body), its slide's text
    and its feed entry's content. Its record in events.json, its slide in timeline.json
    and its feed entry, in the site's files and again in each of its timelines', each
    worked out its plain text (526 of 1,560 on the skewed corpus: a regular expression
    over the body) and 144 bodies twice. Held for the files whose links resolve by the
    same linker (see Publication.links_key); the plain text itself is not (40 MB at
    10,000 events of the skewed corpus)."""

    __slots__ = ("_ev", "_linker", "_pub")

    def __init__(self, pub: Publication, ev: Event, linker: Any) -> None:
        self._pub, self._ev, self._linker = pub, ev, linker

    @classmethod
    def of(cls, pub: Publication, ev: Event) -> Unsummarised | None:
        """The event's, for `pub`'s files; None for an event with a summary, or a file
        whose links are a plain dict (made without a plan)."""
        links = pub.links
        if ev.summary or not isinstance(links, LinkTable):
            return None
        return cls(pub, ev, links.linker)

    def plain(self) -> str:
        """The body's plain text (for the record), what `short` says of it kept."""
        ev = self._ev
        plain = markdown.plain_text(ev.body, self._pub.links.get)
        self._pub.shared.unsummarised[ev.slug] = (
            ev, self._linker, shorten(plain), len(plain) <= SLIDE_TEXT_LIMIT,
        )  # fmt: skip
        return plain

    def short(self) -> tuple[str, bool]:
        """shorten() of the plain text, and whether the whole is a slide's worth."""
        ev = self._ev
        hit = self._pub.shared.unsummarised.get(ev.slug)
        if hit is None or hit[0] is not ev or hit[1] is not self._linker:
            self.plain()
            hit = self._pub.shared.unsummarised[ev.slug]
        return hit[2], hit[3]

    def outside_body(self) -> str:
        """_outside_body of the event (its plain text a slide's worth: see `short`)."""
        ev, pub = self._ev, self._pub
        known = pub.shared.outside_bodies
        hit = known.get(ev.slug)
        if hit is None or hit[0] is not ev or hit[1] is not self._linker or hit[2] != pub.base:
            made = _outside_body(ev, pub.links.get, pub.base)
            hit = known[ev.slug] = (ev, self._linker, pub.base, made)
        return hit[3]


def _url(base: str, path: str = "") -> str:
    """An absolute URL with a base_url; else the path relative to the site root."""
    return base + path if base else (path or "./")


_VALUE = r"""(?:"[^"]*+"|'[^']*+'|[^\s>"'][^\s>]*+|)"""
_ATTRIBUTE = re.compile(rf"([^\s/>][^\s/>=]*+)(?:\s*+=\s*+({_VALUE}))?")
"""An attribute in a start tag, as HTML reads one: its name, and its value in double
quotes, in single quotes or unquoted (`href='x'`, `src=photo.jpg`), the quotes kept."""
_START_TAG = re.compile(
    rf"<!--.*?-->|<(script|style)\b.*?</\1\s*>"
    rf'|<(?!a href="\x01)[A-Za-z][^\s/>]*+((?:[\s/]++{_ATTRIBUTE.pattern})++)[\s/]*+>',
    re.DOTALL | re.IGNORECASE,
)
"""A start tag with attributes (group 2: them); a comment, a script or a style is
matched whole and left as it is (a tag written in it is none). A `[[link]]`'s (\x01:
from the site's root, most of a body's links) is passed over."""
_MAYBE_START_TAG = LazyPattern('<(?!/|[a-z][a-z0-9]*>|a href="\x01)')
"""Every `<` where _START_TAG may match a tag with attributes: not an end tag's, a tag's
without attributes as markdown writes them (`<p>`, `<sup>`) nor a `[[link]]`'s. Where
there is none (most bodies: the skewed corpus's all), _START_TAG changes nothing (its
comments, scripts and styles are kept as they are) and is not run: it tried each of
its alternatives at each `<`, ~4 times as long as this."""
_ADDRESS_ATTRIBUTES = frozenset({
    "href", "src", "poster", "srcset", "cite", "action", "formaction", "data", "itemid",
    "manifest", "xlink:href", "longdesc", "background", "codebase", "lowsrc", "ping", "archive",
})  # fmt: skip
"""The attributes HTML (with SVG's xlink:href, and its obsolete ones still read) takes
as addresses; `ping` and `archive` hold several, apart by spaces."""
_ADDRESS_LISTS = frozenset({"ping", "archive"})
_SCHEME = LazyPattern(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SRCSET_CANDIDATE = LazyPattern(r"([\s,]*)(\S+?)((?=\s)[^,]*|,*(?=\s|$))")
"""One picture of a srcset, as HTML splits them: its address runs to a space, or to
the commas that end it (`a.jpg 1x, b.jpg 2x`; a comma inside one is its own)."""


def _unescaped(value: str) -> str:
    """html.unescape(value), which returns a value without `&` as it is: the standard
    library's `html` (and its table of 2,231 entity names) imported only for one that
    has a character reference."""
    if "&" not in value:
        return value
    from html import unescape

    return unescape(value)


def _absolute_address(address: str, page: str) -> str:
    """`address` (unescaped) as the page at `page` resolves it; as it is if it has a
    scheme or is a `[[link]]`'s (\x01: from the site's root)."""
    address = address.strip(" \t\n\r\f")
    if _SCHEME.match(address) or address.startswith("\x01"):
        return address
    if address.startswith("#"):
        return page + address
    return markdown.climb_join(page, address) or urljoin(page, address)


def _absolute_tag(tag: str, start: int, page: str) -> str:
    """A start tag's addresses (_ADDRESS_ATTRIBUTES) made absolute (from `start`, where
    its attributes begin), however quoted: rewritten in double quotes, the rest as written."""
    parts, done = [], 0
    for m in _ATTRIBUTE.finditer(tag, start):
        name, raw = m[1].lower(), m[2]
        if not raw or name not in _ADDRESS_ATTRIBUTES:
            continue
        value = raw[1:-1] if raw[0] in "\"'" else raw
        if name == "srcset":
            made = escape(_SRCSET_CANDIDATE.sub(
                lambda c: c[1] + _absolute_address(c[2], page) + c[3], _unescaped(value)
            ))  # fmt: skip
        elif name in _ADDRESS_LISTS:
            made = " ".join(escape(_absolute_address(a, page)) for a in _unescaped(value).split())
        elif raw[0] == '"' and value[:1] == "#":  # (each citation's: as markdown wrote it)
            made = escape(page) + value
        elif _SCHEME.match(value) or value[:1] == "\x01":
            continue  # (the common case, read before the entities are)
        else:
            made = escape(_absolute_address(_unescaped(value), page))
        parts += [tag[done : m.start(2)], '"', made, '"']
        done = m.end(2)
    return "".join(parts) + tag[done:] if parts else tag


def _outside_body(ev: Event, link: markdown.LinkResolver, base: str) -> str:
    """The event's body for a document outside the site: every link absolute (with a
    base_url; else from the site's root), as its page resolves it. A feed reader resolves
    a relative one against the feed's address, if at all. Raw HTML (allow_html) is read
    as a browser reads its attributes: `href='x'` and `src=x` too."""
    numbers = {sid: n for n, sid in enumerate(ev.sources, 1)}
    page = _url(base, ev.url)
    # each citation's address made absolute as it is written (from the root, \x01, as a
    # [[link]]'s), not found again by _START_TAG: ~4 an entry, most of its tags
    cited = "\x01" + ev.url if escape(page) == page else ""
    html = markdown.resolve(ev.body.html, numbers, link, cited=cited)

    def absolute(m: re.Match[str]) -> str:
        if m[2] is None:  # (a comment, a script, a style)
            return m[0]
        return _absolute_tag(m[0], m.start(2) - m.start(), page)

    if _MAYBE_START_TAG.search(html) is not None:
        html = _START_TAG.sub(absolute, html)
    return html.replace("\x01", _url(base) if base else "")


def last_changed(ev: Event) -> dt.date | None:
    """The newest date the content gives for an event: its date, update or corrections;
    None when none of them is in years 1–9999 (44 BCE, deep time), which feeds, sitemaps
    and calendars cannot write."""
    if ev.updated is None and not ev.corrections:  # (most events: their date)
        return ev.date.first_day() if ev.date.datable else None
    dates = [ev.date, ev.updated, *(c.date for c in ev.corrections)]
    days = [d.first_day() for d in dates if d is not None and d.datable]
    return max(days, default=None)


FEED_EPOCH = dt.date(1970, 1, 1)
"""The Atom `updated` of an entry whose dates Atom cannot write (an event in 44 BCE or
13.8 billion years ago), and of an empty feed: fixed, so builds stay reproducible."""


def shorten(text: str, limit: int = 300) -> str:
    """Text cut at a word boundary, for a summary when an event has none."""
    # its head's spaces folded, not the whole text's (a body of 8 KB, for 300 characters):
    # folded, a head is the start of the whole folded, so when it is longer than the
    # limit the cut is the same
    head = " ".join(text[: 4 * limit].split())
    if len(head) <= limit:
        head = " ".join(text.split())
        if len(head) <= limit:
            return head
    return head[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sources_list(sources: Iterable[Source | None], made: dict[str, str] | None = None) -> str:
    """The list of an event's sources; `made`: each source's item by id, kept for the
    build (a source is cited by many events, in many files)."""
    items = []
    for s in sources:
        if s is None:
            continue
        item = made.get(s.id) if made is not None else None
        if item is None:
            item = _source_item(s)
            if made is not None:
                made[s.id] = item
        items.append(item)
    return f"<p>Sources:</p><ol>{''.join(items)}</ol>" if items else ""


def _source_item(s: Source) -> str:
    title = f'<a href="{escape(s.url)}">{escape(s.title)}</a>' if s.url else escape(s.title)
    extra = [escape(s.publisher)]
    if s.published:
        extra.append(escape(s.published.human()))
    return f"<li>{title}, {', '.join(extra)}</li>"


# -- sitemap.xml and robots.txt ------------------------------------------------------------


def sitemap(pub: Publication) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    if "parts" in pub.data:
        lines = [head, f'<sitemapindex xmlns="{ns}">']
        for part in pub.data["parts"]:
            lines.append(f"  <sitemap><loc>{xml_escape(pub.base + part)}</loc></sitemap>")
        lines.append("</sitemapindex>")
        return "\n".join(lines) + "\n"
    lastmod: dict[str, str] = pub.data["lastmod"]
    lines = [head, f'<urlset xmlns="{ns}">']
    for path in pub.data["urls"]:
        entry = f"  <url><loc>{xml_escape(pub.base + path)}</loc>"
        if path in lastmod:
            entry += f"<lastmod>{lastmod[path]}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(pub: Publication) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {pub.base}sitemap.xml\n"


# -- feed.xml (Atom, RFC 4287) -------------------------------------------------------------


def feed(pub: Publication) -> bytes:
    config = pub.site.config
    events = pub.newest_first()
    if config.feed_limit:
        events = events[: config.feed_limit]
    changed = [d for e in events if (d := last_changed(e))]
    story = pub.story
    if story is not None and story.updated is not None and story.updated.datable:
        changed.append(story.updated.first_day())  # (the "Updated" its page and card say)
    updated = max(changed, default=FEED_EPOCH)
    title, description, home = pub.heading()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{xml_escape(title)}</title>",
    ]
    if description:
        out.append(f"  <subtitle>{xml_escape(description)}</subtitle>")
    out += [
        f"  <id>{xml_escape(pub.base + home)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(pub.url(pub.path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(pub.base + home)}/>',
        f"  <updated>{_stamp(updated)}</updated>",
        # a timeline's feed credits its byline, as its page and oembed.json do
        *(f"  <author><name>{xml_escape(name)}</name></author>" for name in _authors(pub)),
        f'  <generator version="{__version__}">sitegen</generator>',
    ]

    def fill(splice: Splice) -> None:
        splice.add("\n".join(out) + "\n")
        shared = pub.shared
        for ev in events:
            owner = ev.origin.path
            if splice.skips(owner):
                continue
            # the key and the entry worked out only when needed: a piece lent by the
            # site's feed (see Splice) needs neither
            key = partial(shared.feed_key, pub, ev)
            splice.piece(key, partial(shared.feed_entry, pub, ev), owner, pub.uses(ev))
        splice.add("</feed>\n")

    return pub.make(pub.path, fill)


def _authors(pub: Publication) -> tuple[str, ...]:
    """Who a feed names as its author: the timeline's byline, else the site."""
    if pub.story is not None and pub.story.byline:
        return pub.story.byline
    return (pub.site.config.title,)


def feed_item(pub: Publication, ev: Event) -> dict[str, Any]:
    """What an event's <entry> in a feed is made from (feed_entry), and so its key."""
    whole = len(ev.body.html) <= FEED_TEXT_LIMIT
    targets = dict.fromkeys(ev.body.links.targets)
    return {
        "event": ev,
        "base": pub.base,
        "whole": whole,
        "links": tuple((t, pub.links.get(t)) for t in targets),
        "sources": tuple(pub.source(sid) for sid in ev.sources),
    }


def feed_entry(
    item: dict[str, Any],
    made: dict[str, str] | None = None,
    short: str | None = None,
    body: str | None = None,
) -> str:
    """An event's <entry>, from its feed_item alone (`made`: the build's items of the
    sources' list, each made from its source: see _sources_list); `short` and `body`,
    where known: shorten() of the body's plain text and _outside_body (Unsummarised)."""
    ev: Event = item["event"]
    link = dict(item["links"]).get
    url = _url(item["base"], ev.url)
    if short is None and not ev.summary:
        short = shorten(markdown.plain_text(ev.body, link))
    summary = ev.summary or short or ev.title
    if item["whole"]:
        text = body if body is not None else _outside_body(ev, link, item["base"])
    else:  # a long read: its summary and where the whole text is (FEED_TEXT_LIMIT)
        text = f'<p>{escape(summary)}</p><p><a href="{escape(url)}">Read the full text</a></p>'
    content = _cdata(text + _sources_list(item["sources"], made))
    # Atom's dates are RFC 3339 (years 0000-9999): an event they cannot say has no
    # <published>, and a fixed <updated>
    published = (
        f"    <published>{_stamp(ev.date.first_day())}</published>\n" if ev.date.datable else ""
    )
    categories = "".join([f"    <category term={quoteattr(t)}/>\n" for t in ev.tags])
    # one string, not lines joined: the content (the body, most of the entry, mostly
    # text past U+FFFF in the skewed corpus) is copied once, not three times
    return (
        f"  <entry>\n    <title>{xml_escape(ev.title)}</title>\n"
        f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>\n'
        f"    <id>{xml_escape(url)}</id>\n{published}"
        f"    <updated>{_stamp(last_changed(ev) or FEED_EPOCH)}</updated>\n"
        f"    <summary>{xml_escape(summary)}</summary>\n"
        f'    <content type="html">{content}</content>\n{categories}  </entry>\n'
    )


# -- timeline.json (Knight Lab TimelineJS3) ------------------------------------------------


def _tl_date(date: EDate, time: dt.time | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"year": date.year}
    if date.month is not None:
        out["month"] = date.month
    if date.day is not None:
        out["day"] = date.day
    if time is not None:
        out["hour"] = time.hour
        out["minute"] = time.minute
    return out


def _tl_date_json(date: EDate, time: dt.time | None = None) -> str:
    """_tl_date as compact JSON."""
    out = f'{{"year":{date.year}'
    if date.month is not None:
        out += f',"month":{date.month}'
    if date.day is not None:
        out += f',"day":{date.day}'
    if time is not None:
        out += f',"hour":{time.hour},"minute":{time.minute}'
    return out + "}"


def _slide_json(pub: Publication, ev: Event) -> str:
    """One event as a TimelineJS3 slide, in compact JSON: written out, not a dict encoded
    (a site of 20 timelines makes ~10,000; the dict and its encoding were a third of one)."""
    lead = f"<p>{escape(ev.summary)}</p>" if ev.summary else _slide_text(pub, ev)
    more = f'<p><a href="{escape(pub.url(ev.url))}">Read the full entry</a></p>'
    head = f'{{"unique_id":{_json_text(ev.slug)},"start_date":{_tl_date_json(ev.date, ev.time)}'
    if ev.end is not None and not ev.ongoing:
        head += f',"end_date":{_tl_date_json(ev.end, ev.end_time)}'
    elif ev.end_time is not None:
        head += f',"end_date":{_tl_date_json(ev.date, ev.end_time)}'
    when = escape(pub.when(ev), quote=False)  # (HTML to TimelineJS)
    head += f',"display_date":{_json_text(when)},"text":{{"headline":'
    tail = ""
    group = _slide_group(pub, ev)
    if group is not None:
        tail += f',"group":{_json_text(group)}'
    if ev.image is not None:
        tail += f',"media":{_compact(_slide_media(pub, ev.image))}'
    # the text as JSON, its sources list quoted once a build (JSON's quoting goes a
    # character at a time: the parts quoted apart and joined are the whole quoted); put
    # in one string with the rest (a body's text, as each `+=` did, was copied 5 times)
    return (
        f'{head}{_json_text(escape(ev.title))},"text":{_json_text(lead)[:-1]}'
        f"{_slides_sources(pub, ev)}{_json_text(more)[1:]}}}{tail}}}"
    )


def _slide_media(pub: Publication, image: Image) -> dict[str, str]:
    """A slide's `media`: the picture's address, alt text, and credit and caption if any."""
    media = {"url": pub.image_url(image), "alt": image.alt}
    if image.credit:
        media["credit"] = escape(image.credit)
    if image.caption:
        media["caption"] = escape(image.caption)
    return media


def _slides_sources(pub: Publication, ev: Event) -> str:
    """The event's list of sources (_sources_list) as JSON string content (unquoted), each
    source's item quoted once a build: most of a slide's text, and each source is cited
    by many events."""
    quoted = pub.shared.source_items_json
    items = []
    for sid in ev.sources:
        item = quoted.get(sid)
        if item is None:
            source = pub.source(sid)
            if source is None:
                continue
            item = quoted[sid] = _json_text(_sources_list([source], pub.shared.source_items))[
                len('"<p>Sources:</p><ol>') : -len('</ol>"')
            ]
        items.append(item)
    return f"<p>Sources:</p><ol>{''.join(items)}</ol>" if items else ""


def _slide_text(pub: Publication, ev: Event) -> str:
    """The slide's words for an event without a summary: its text, as a TimelineJS slide
    has it (an imported timeline's slides get theirs back, not a bare link), or, past a
    slide's worth, its start (as the feed's summary: one entry's text made the file of
    500 slides grow by the whole of a long article's)."""
    texts = Unsummarised.of(pub, ev)
    if texts is not None:  # (made once for its record and feed entry too)
        short, fits = texts.short()
        return texts.outside_body() if fits else f"<p>{escape(short)}</p>"
    plain = markdown.plain_text(ev.body, pub.links.get)
    if len(plain) <= SLIDE_TEXT_LIMIT:
        return _outside_body(ev, pub.links.get, pub.base)
    return f"<p>{escape(shorten(plain))}</p>"


def _slide_group(pub: Publication, ev: Event) -> str | None:
    """The slide's group: the name of the event's first country the site knows, else
    that of its first tag (as readers see it: an imported group comes back as written)."""
    by_country = pub.by_country
    for slug in ev.countries:
        country = by_country.get(slug)
        if country is not None:
            return country.name
    return pub.site.tag_name(ev.tags[0]) if ev.tags else None


def timelinejs_eras(eras: Iterable[Era]) -> list[dict[str, Any]]:
    """TimelineJS3's `eras` (content/eras.yaml): a start, an end and a headline each."""
    return [
        {
            "start_date": _tl_date(era.start),
            "end_date": _tl_date(era.end),
            "text": {"headline": escape(era.title)},
        }
        for era in eras
    ]


def _slide_key(pub: Publication, ev: Event) -> str | bytes | None:
    """The slide's key; for an event in several timelines, its digest, worked out once a
    build for the timelines' files that look its group up in one list of countries and
    resolve its text's links with one linker (each timeline's timeline.json keyed again
    the slides the site's last 500 do not lend: 1,211 keys of 500 slides, skewed 1,000)."""
    links = pub.links
    if pub.story is None or len(ev.timelines) < 2:
        return _slide_key_text(pub, ev)
    linker = None if ev.summary else getattr(links, "linker", links)  # (a dict: this file's)
    known = pub.shared.slide_keys
    hit = known.get(ev.slug)
    if hit is None or hit[0] is not ev or hit[1] is not pub.countries or hit[2] is not linker:
        text = _slide_key_text(pub, ev)
        said = None if text is None else key_digest(text)
        hit = known[ev.slug] = (ev, pub.countries, linker, said)
    return hit[3]


def _slide_key_text(pub: Publication, ev: Event) -> str | None:
    body_links = "" if ev.summary else pub.links_key(ev)  # (the body is the slide's text)
    return pub.key("slide", ev, pub.sources_key(ev), _slide_group(pub, ev) or "", body_links)


def timeline_json(pub: Publication) -> bytes:
    headline, description, _ = pub.heading()
    title_text = f"<p>{escape(description)}</p>" if description else ""
    title = {
        "unique_id": "title-slide",
        "text": {"headline": escape(headline), "text": title_text},
    }
    if pub.story is not None and pub.story.image is not None:
        # (TimelineJS shows the title slide's media beside the headline: the story's picture)
        title["media"] = _slide_media(pub, pub.story.image)

    def fill(splice: Splice) -> None:
        splice.add(f'{{"title":{_compact(title)},"events":[')
        # (the loop's look-ups made once: 20 timelines' files run it ~11,000 times)
        piece, skips, uses, add = splice.piece, splice.skips, pub.uses, splice.add
        for i, ev in enumerate(pub.events[-TIMELINEJS_LIMIT:]):
            if i:
                add(",")
            owner = ev.origin.path
            if skips(owner):
                continue
            piece(partial(_slide_key, pub, ev), partial(_slide_json, pub, ev), owner, uses(ev))
        eras = timelinejs_eras(pub.site.eras)
        splice.add(f"],{_compact({'eras': eras})[1:-1]}}}\n" if eras else "]}\n")

    return pub.make(pub.path, fill)


# -- events.json ---------------------------------------------------------------------------


def _date_json(date: EDate | None) -> str | None:
    return date.edtf() if date else None


def _tag_text(pub: Publication, slug: str) -> str | None:
    tag = pub.site.tags.get(slug)
    return tag.description or None if tag is not None else None


def _moment_json(date: EDate, time: dt.time | None, tz: str) -> str | None:
    return iso_moment(moment(date, time, tz)) if time is not None else None


def _image_json(pub: Publication, image: Image | None) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "url": pub.image_url(image),
        "alt": image.alt,
        "credit": image.credit,
        "caption": image.caption,
        "width": image.width,
        "height": image.height,
    }


def _event_key(pub: Publication, ev: Event, related: tuple[str, ...]) -> str | None:
    stories = () if pub.stories is None else (pub.stories_json(ev),)
    return pub.key("event", ev, pub.links_key(ev), repr(related), *stories)


def events_json(pub: Publication) -> bytes:
    config = pub.site.config
    title, description, home = pub.heading()
    head = {
        "title": title,
        "description": description,
        "language": config.language,
        "url": pub.base + home if pub.base else None,
        "generator": f"sitegen {__version__}",
    }
    if pub.story is not None:  # a timeline's: its events as the site's records
        return _story_events_json(pub, head)
    part = pub.data.get("part")
    if part is not None:  # a part of a large site's events.json: its events alone
        head = {**head, "part_of": pub.url(pub.path[: -len(part)] + "events.json")}
    kind = pub.data.get("records")
    if kind is not None:  # people-1.json, …: a part of a large site's people, …
        return _records_json(pub, head, kind)
    parts = pub.data.get("parts")
    if parts is not None:  # a large site's events.json: its parts, then the rest
        return _events_json_index(pub, head, parts)

    def fill(splice: Splice) -> None:
        splice.add(_compact(head)[:-1] + ',"events":[')
        for i, ev in enumerate(pub.events):
            if i:
                splice.add(",")
            if splice.skips(ev.origin.path):
                continue
            related = tuple(r for r in ev.related if r in pub.visible)
            key = partial(_event_key, pub, ev, related)
            made = partial(_event_json, pub, ev, related)
            splice.piece(key, made, ev.origin.path)
        if not splice.patching:  # (a patch keeps the old file's)
            splice.add("]" + ("," + _events_json_rest(pub) if part is None else "") + "}\n")

    return pub.make(pub.path, fill)


def _story_events_json(pub: Publication, head: dict[str, Any]) -> bytes:
    """A timeline's events.json, an index into the site's: its events in its order, each
    its slug and `record_in`, the URL of the site's events.json (or its part) that holds
    the event's record, text and all; then the people, countries, sources and tags its
    events name, whose records are in the site's events.json (`named_in`). One small
    file: the records are the site's, not copied into each timeline's (20 timelines of a
    10,000-event site wrote 11,400 records again in 40 parts, and the bios of ~650
    people each)."""
    parts = pub.data.get("parts")
    if parts is not None:  # a long timeline's: its parts
        return _story_index_json(pub, head, parts)
    urls: dict[str, str] = {}
    listed = []
    for ev in pub.events:
        name = pub.record_in(ev)
        url = urls.get(name)
        if url is None:
            url = urls[name] = _compact(pub.url(name))
        listed.append(f'{{"slug":{_compact(ev.slug)},"record_in":{url}}}')
    named = _named(pub.events, pub.site.sources)
    part = pub.data.get("part")
    if part is not None:  # a part of a long timeline's
        head = {**head, "part_of": pub.url(pub.path[: -len(part)] + "events.json")}
    body = _compact({**head, "count": len(pub.events), "named_in": pub.url("events.json")})
    return f'{body[:-1]},"events":[{",".join(listed)}],{_compact(named)[1:]}\n'.encode()


def _story_index_json(
    pub: Publication, head: dict[str, Any], parts: Sequence[tuple[str, str, str, int]]
) -> bytes:
    """A long timeline's events.json: what it covers and its parts (each a file like a
    short timeline's events.json, of its own events), in the timeline's order."""
    folder = pub.path.rpartition("/")[0] + "/"
    shown = [
        {"url": pub.url(folder + name), "from": first, "to": last, "events": count}
        for name, first, last, count in parts
    ]
    count = sum(p[3] for p in parts)
    index = {**head, "count": count, "named_in": pub.url("events.json"), "parts": shown}
    return (_compact(index) + "\n").encode()


def _events_json_index(
    pub: Publication, head: dict[str, Any], parts: Sequence[tuple[str, str, str, int]]
) -> bytes:
    """A large site's events.json: what it covers, its parts (each a file like events.json
    with only `events`), then the people, countries, sources and tags."""
    folder = pub.path.rpartition("/")[0]
    listed = [
        {"url": pub.url(folder + ("/" if folder else "") + name), "from": first, "to": last,
         "events": count}
        for name, first, last, count in parts
    ]  # fmt: skip
    body: dict[str, Any] = {**head, "count": len(pub.events), "parts": listed}
    for kind, made in pub.data["record_parts"].items():
        body[kind + "_parts"] = [
            {"url": pub.url(folder + ("/" if folder else "") + name), "from": first, "to": last,
             "count": count}
            for name, first, last, count in made
        ]  # fmt: skip
    rest = _events_json_rest(pub, records=False)
    return (_compact(body)[:-1] + "," + rest + "}\n").encode("utf-8")


def _records_json(pub: Publication, head: dict[str, Any], kind: str) -> bytes:
    """A part of a large site's people, countries or sources: their records as the
    small site's events.json has them."""
    link = pub.others_link()
    if kind == "people":
        records = [_compact(_person_json(pub, p, link)) for p in pub.people]
    elif kind == "countries":
        records = [_compact(_country_json(pub, c, link)) for c in pub.countries]
    else:
        records = [_compact(_source_json(s)) for s in pub.sources]
    return f'{_compact(head)[:-1]},"{kind}":[{",".join(records)}]}}\n'.encode()


def _events_json_rest(pub: Publication, records: bool = True) -> str:
    """events.json after its events: the people, countries, sources and tags, as the
    JSON of an object's members (no braces); a large site's index: the tags (the rest
    are in their parts)."""
    link = pub.others_link()
    tags = sorted({t for ev in pub.events for t in ev.tags})
    people = [_compact(_person_json(pub, p, link)) for p in pub.people]
    countries = [_compact(_country_json(pub, c, link)) for c in pub.countries]
    sources = [_compact(_source_json(s)) for s in pub.sources]
    tag_list = [
        {"slug": t, "name": pub.site.tag_name(t), "description": _tag_text(pub, t)} for t in tags
    ]
    if not records:
        return f'"tags":{_compact(tag_list)}'
    return (
        f'"people":[{",".join(people)}],"countries":[{",".join(countries)}],'
        f'"sources":[{",".join(sources)}],"tags":{_compact(tag_list)}'
    )


def _person_json(pub: Publication, p: Person, link: markdown.LinkResolver) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "url": pub.url(p.url),
        "name": p.name,
        "role": p.role,
        "country": p.country or None,
        "wikidata": WIKIDATA + p.wikidata if p.wikidata else None,
        "image": _image_json(pub, p.image),
        "text": markdown.plain_text(p.body, link),
    }


def _country_json(pub: Publication, c: Country, link: markdown.LinkResolver) -> dict[str, Any]:
    return {
        "slug": c.slug,
        "url": pub.url(c.url),
        "name": c.name,
        "iso": c.iso or None,
        "wikidata": WIKIDATA + c.wikidata if c.wikidata else None,
        "text": markdown.plain_text(c.body, link),
    }


def _source_json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author or None,
        "url": s.url or None,
        "published": _date_json(s.published),
        "accessed": _date_json(s.accessed),
        "archive_url": s.archive_url or None,
    }


_JSON_AS_IS = bytes(b for b in range(0x20, 0x100) if b not in b'"\\')
"""The bytes of UTF-8 text that a JSON string holds as they are: all but the controls
(below 0x20), the quote and the backslash (each byte of a character past ASCII is 0x80
or more). JSON's quoting (json_text, ensure_ascii off) changes nothing else."""


def _event_json(pub: Publication, ev: Event, related: tuple[str, ...]) -> bytes:
    """An event's record: its fields, its text, and on a site with timelines the
    timelines it is in, as UTF-8. The text, most of the record, is quoted as its UTF-8
    bytes when none of them needs an escape (most texts: spaces are single spaces, see
    model.Body.plain), told by one pass over the bytes the file takes anyway; JSON's
    quoting went a character at a time, a fifth of the skewed corpus's events.json."""
    fields = _event_fields_json(pub, ev, related)
    texts = Unsummarised.of(pub, ev)
    # (without a summary, what its slide and feed entry show of its text kept: see Unsummarised)
    plain = texts.plain() if texts is not None else markdown.plain_text(ev.body, pub.links.get)
    text = plain.encode("utf-8")
    if text.translate(None, _JSON_AS_IS):  # (a quote, a backslash, a tab: escaped)
        text = _json_text(plain)[1:-1].encode("utf-8")
    tail = b'"}' if pub.stories is None else f'","timelines":{pub.stories_json(ev)}}}'.encode()
    return b"".join((fields.encode("utf-8"), b',"text":"', text, tail))


def _event_fields_json(pub: Publication, ev: Event, related: tuple[str, ...]) -> str:
    """The record's fields, without its closing brace: written out, each string quoted
    as compact JSON quotes it, not a dict of 21 fields made, stripped of its null ones
    and encoded (a third of an events.json record's cost without its text; test_publish
    compares the two). The null fields are left out (`record.get(key)` reads them the
    same): 6 of 22 on most records, 0.9 MB of a 10,000-event site's data (documented in
    docs/publishing.md). Lists are kept, empty or not, so a consumer can loop over them."""
    q, date = _json_text, ev.date
    out = [f'{{"slug":{q(ev.slug)},"url":{q(pub.url(ev.url))},"title":{q(ev.title)}']
    if ev.summary is not None:
        out.append(f',"summary":{q(ev.summary)}')
    out.append(f',"start":{q(date.edtf())}')
    if ev.end is not None:
        out.append(f',"end":{q(ev.end.edtf())}')
    out.append(f',"ongoing":{"true" if ev.ongoing else "false"},"precision":{q(date.precision)}')
    for name, when in (
        ("start_time", _moment_json(date, ev.time, pub.zone)),
        ("end_time", _moment_json(ev.end or date, ev.end_time, pub.zone)),
    ):
        if when is not None:
            out.append(f',"{name}":{q(when)}')
    if ev.order is not None:
        out.append(f',"order":{_compact(ev.order)}')
    out.append(f',"display_date":{q(pub.when(ev))}')
    if ev.status:
        out.append(f',"status":{q(ev.status)}')
    for name, listed in (
        ("people", ev.people), ("countries", ev.countries), ("tags", ev.tags),
        ("related", related), ("sources", ev.sources),
    ):  # fmt: skip
        out.append(f',"{name}":{_strings_json(listed)}')
    if ev.image is not None:
        out.append(f',"image":{_compact(_image_json(pub, ev.image))}')
    if ev.updated is not None:
        out.append(f',"updated":{q(ev.updated.edtf())}')
    corrections = [{"date": c.date.edtf(), "text": c.text} for c in ev.corrections]
    out.append(f',"corrections":{_compact(corrections)}' if corrections else ',"corrections":[]')
    return "".join(out)


def _strings_json(listed: Sequence[str]) -> str:
    """A list of strings as compact JSON: each quoted, joined (not the list encoded)."""
    try:
        return f"[{','.join(map(_json_text, listed))}]"
    except TypeError:  # (not all strings: as the encoder writes them)
        return _compact(list(listed))


# -- events.ics (RFC 5545) -----------------------------------------------------------------


_ICS_SPECIAL = re.compile(f"[\\\\;,\n{MAYBE_CONTROL}]")
"""What ics_escape changes: a backslash, semicolon, comma or line break, or what may be a
control character (load.CONTROL_RE; \\r is one)."""


_ICS_SPECIAL_ASCII = re.compile("[\\\\;,\n\x00-\x08\x0b-\x1f\x7f]")
"""_ICS_SPECIAL's characters in ASCII, for ASCII text (most titles, summaries, addresses):
a class the regex tests by a table, where the whole one's ranges to U+10FFFF are tried
in turn for each character of each text of each calendar entry."""


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    special = _ICS_SPECIAL_ASCII if text.isascii() else _ICS_SPECIAL
    if special.search(text) is None:  # (most titles: one search, no copies)
        return text
    text = drop_controls(text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    if line.isascii():  # (most lines: one octet a character, cut by the string's slices)
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75  # a continuation line's leading space counts: 74 octets after it
    while len(data) - start > limit:
        end = start + limit
        while (data[end] & 0xC0) == 0x80:  # a continuation byte: back to the char's start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return "\r\n ".join(p.decode("utf-8") for p in parts)


def _ics_span(ev: Event) -> str:
    """DTSTART and DTEND of an event iCalendar can date (ics_can_say): DTEND is the day
    after the last (exclusive for all-day events); DURATION instead when that day has
    no DATE (the span ends on the last day the format has).

    An ongoing event has no end yet: it covers its start at that date's precision (a
    day, a month or a year), and its description says it is ongoing.
    """
    first = ev.date.first_day()
    last = (ev.date if ev.ongoing or ev.end is None else ev.end).last_day()
    start = f"DTSTART;VALUE=DATE:{_ics_day(first)}\r\n"
    if last == dt.date.max:
        return f"{start}DURATION:P{(last - first).days + 1}D"
    return f"{start}DTEND;VALUE=DATE:{_ics_day(last + _ONE_DAY)}"


_ONE_DAY = dt.timedelta(days=1)


def _ics_day(day: dt.date) -> str:
    """An iCalendar DATE (YYYYMMDD): a date's ISO form (four-digit year) less its dashes."""
    return day.isoformat().replace("-", "")


def ics_uid_suffix(base: str) -> str:
    parts = urlsplit(base)
    host = parts.hostname or "localhost"
    path = parts.path.strip("/")
    return f"{host}/{path}" if path else host


def events_ics(pub: Publication) -> bytes:
    suffix = ics_uid_suffix(pub.base)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//sitegen//sitegen {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(pub.heading()[0])}",
    ]
    about = "\n".join(filter(None, [pub.heading()[1], _ics_left_out(pub)]))
    if about:
        lines.append(f"X-WR-CALDESC:{ics_escape(about)}")

    def fill(splice: Splice) -> None:
        splice.add(_ics_lines(lines))
        # (the loop's look-ups made once: 20 timelines' calendars run it ~11,000 times)
        piece, skips, uses, key = splice.piece, splice.skips, pub.uses, pub.key
        for ev in pub.events[-ICS_LIMIT:]:
            owner = ev.origin.path
            if skips(owner) or not ics_can_say(ev):
                continue
            piece(partial(key, "vevent", ev), partial(_vevent, pub, ev, suffix), owner, uses(ev))
        splice.add(_ics_lines(["END:VCALENDAR"]))

    return pub.make(pub.path, fill)


def _ics_left_out(pub: Publication) -> str:
    """What the calendar's description says of the events it cannot date (ics_can_say),
    so a subscriber knows they exist and where to read them; "" when none."""
    years = [
        (e.date if not e.date.datable else e.end or e.date).year
        for e in pub.events[-ICS_LIMIT:]
        if not ics_can_say(e)
    ]
    if not years:
        return ""
    early, late = any(y < 1 for y in years), any(y > 9999 for y in years)
    when = " or ".join(w for w, on in (("before year 1", early), ("after year 9999", late)) if on)
    count = f"{len(years)} events" if len(years) > 1 else "1 event"
    return (
        f"{count} dated {when} {'are' if len(years) > 1 else 'is'} not in this calendar "
        f"(iCalendar's dates are years 1 to 9999); see {pub.url(pub.heading()[2])}"
    )


def ics_can_say(ev: Event) -> bool:
    """Whether iCalendar can write the event's dates: its DATE values are years 0001-9999,
    so events before the common era or in deep time are left out (docs/publishing.md)."""
    end = ev.end  # (EDate.datable's test written out: each calendar asks it of each event)
    return 1 <= ev.date.year <= 9999 and (end is None or 1 <= end.year <= 9999)


def _ics_lines(lines: Iterable[str]) -> str:
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def ics_times(ev: Event, tz: str) -> str:
    """DTSTART and DTEND (or DURATION) lines, joined by CRLF as the entry has them (not a
    list joined: 20 timelines' calendars make ~9,000 entries): all-day dates, or UTC
    date-times for an event with a time (UTC, so that no VTIMEZONE needs writing;
    calendars show it in the reader's zone). Without an end time, a timed event runs to
    the end of its last day."""
    if ev.time is None:
        return _ics_span(ev)
    begin = moment(ev.date, ev.time, tz)
    if ev.end_time is not None:
        finish = moment(ev.end or ev.date, ev.end_time, tz)
        return f"DTSTART:{_ics_utc(begin)}\r\nDTEND:{_ics_utc(finish)}"
    last = ev.date if ev.ongoing or ev.end is None else ev.end
    days = last.last_ordinal() - ev.date.first_ordinal() + 1
    # DURATION, not DTEND, since the midnight after the last day may be past year 9999
    rest = dt.timedelta(days=days) - dt.timedelta(hours=ev.time.hour, minutes=ev.time.minute)
    hours, minutes = divmod(int(rest.total_seconds()) // 60, 60)
    return f"DTSTART:{_ics_utc(begin)}\r\nDURATION:PT{hours}H{minutes}M"


def _ics_when(ev: Event, tz: str) -> tuple[str, str]:
    """An entry's ics_times and its DTSTAMP's day (last_changed's); for most events, a
    day without a time, end, update or correction, the one day worked out once for both
    (20 timelines' calendars make ~9,000 entries)."""
    date = ev.date
    plain = ev.time is None and ev.end is None and ev.updated is None and not ev.corrections
    if plain and date.day is not None and 1 <= date.year < 9999:  # (9999-12-31: DURATION)
        first = dt.date(date.year, date.month or 1, date.day)
        day = _ics_day(first)
        return f"DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{_ics_day(first + _ONE_DAY)}", day
    return ics_times(ev, tz), _ics_day(last_changed(ev) or FEED_EPOCH)


def _ics_utc(when: dt.datetime) -> str:
    try:
        return _ics_datetime(when.astimezone(dt.UTC)) + "Z"
    except OverflowError:  # before 0001-01-01 in UTC: the local time, floating
        return _ics_datetime(when)


def _ics_datetime(when: dt.datetime) -> str:
    return f"{when.year:04d}{when.month:02d}{when.day:02d}T{when:%H%M%S}"


def _vevent(pub: Publication, ev: Event, suffix: str) -> str:
    url = pub.url(ev.url)
    # its parts escaped one by one, joined by the blank lines escaping the whole made
    # (a line break is always there, so the whole took escaping's slow path every time)
    description = ics_escape(pub.when(ev))
    if ev.summary:
        description += "\\n\\n" + ics_escape(ev.summary)
    description += "\\n\\n" + ics_escape(url)
    status = "TENTATIVE" if ev.scheduled or ev.date.uncertain else "CONFIRMED"
    # only the lines with the content's text are folded: the others are short ASCII
    times, stamp = _ics_when(ev, pub.zone)
    tags = ev.tags
    categories = (
        ics_fold(f"CATEGORIES:{','.join([ics_escape(t) for t in tags])}") + "\r\n" if tags else ""
    )
    # one string, not a list joined: a calendar of each of 20 timelines makes ~11,000
    return (
        f"BEGIN:VEVENT\r\n{ics_fold(f'UID:{ev.slug}@{suffix}')}\r\n"
        f"DTSTAMP:{stamp}T000000Z\r\n{times}\r\n"
        f"{ics_fold(f'SUMMARY:{ics_escape(ev.title)}')}\r\n"
        f"{ics_fold(f'DESCRIPTION:{description}')}\r\n"
        f"{ics_fold(f'URL:{url}')}\r\nSTATUS:{status}\r\nTRANSP:TRANSPARENT\r\n"
        f"{categories}END:VEVENT\r\n"
    )


# -- JSON-LD (schema.org) ------------------------------------------------------------------

Absolute = Callable[[str], str]


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        out[key] = value


def _ld_person(person: Person, rel: Absolute, own_page: bool = True) -> dict[str, Any]:
    """A person; on their own page all of it (role as jobTitle, Wikidata as sameAs) and
    identified by that page's address (`@id`). An event's attendee is that node by
    reference, `{"@id": page}`: its name, role and sameAs on every event of theirs were
    3.6 MB of the extreme 10,000-event site (with `_ld_country`'s), machines' alone (the
    page's chips name them for readers). Without a base URL, all of it on each event."""
    role = ("jobTitle", person.role)
    return _ld_node("Person", rel(person.url), person.name, role, person.wikidata, own_page)


def _ld_country(country: Country, rel: Absolute, own_page: bool = True) -> dict[str, Any]:
    """A country; on its own page all of it (its ISO code as identifier), identified by
    that page's address, which an event's location references, as _ld_person an
    attendee."""
    iso = ("identifier", country.iso)
    return _ld_node("Country", rel(country.url), country.name, iso, country.wikidata, own_page)


def _ld_node(
    kind: str, url: str, name: str, detail: tuple[str, str], wikidata: str, own_page: bool
) -> dict[str, Any]:
    """A person or a country as _ld_person and _ld_country describe it (`detail`: the
    one property of its kind, as (name, value))."""
    if url and not own_page:
        return {"@id": url}
    out: dict[str, Any] = {"@type": kind}
    _put(out, "@id", url)
    out["name"] = name
    _put(out, "url", url)
    _put(out, *detail)
    if wikidata:
        out["sameAs"] = [WIKIDATA + wikidata]
    return out


def _ld_source(source: Source) -> str | dict[str, Any]:
    """A citation, by reference: the source's address (schema.org's `citation` takes a
    CreativeWork or Text). Its title, publisher, author and date are the page's source
    list and `sources-N.json`'s; as a CreativeWork on every event citing it they were
    4.6 MB of the varied 10,000-event site, for a property no search engine shows. A
    source without an address has nothing to point at: a CreativeWork of its own."""
    return source.url or _ld_work(source, cited=True)


def _ld_work(source: Source, anchor: str = "", cited: bool = False) -> dict[str, Any]:
    """A source as a CreativeWork. On the list of sources, all it has, identified by its
    anchor there (`@id`), which an event's citation by address leaves to it; `cited` (a
    source without an address, on each event citing it) its title, publisher and
    archived copy, its author and date being the event page's source list's."""
    out: dict[str, Any] = {"@type": "CreativeWork"}
    _put(out, "@id", anchor)
    out["name"] = source.title
    _put(out, "url", source.url)
    if source.author and not cited:
        out["author"] = {"@type": "Person", "name": source.author}
    if source.publisher:
        out["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published and not cited:
        out["datePublished"] = source.published.expanded()
    _put(out, "archivedAt", source.archive_url)
    return out


def _ld_image(image: Image | None, rel: Absolute) -> str:
    if image is None:
        return ""
    return image.src if "://" in image.src else rel(image.src.lstrip("/"))


def _ld_event_own(event: Event, rel: Absolute, zone: str) -> list[tuple[str, str]]:
    """An event's own fields in its JSON-LD, in their order, each where it has one (for
    _ld_event_text's text, and for the dict test_publish encodes whole to check it)."""
    own = [("name", event.title)]
    url = rel(event.url)
    if url:
        own.append(("url", url))
    # the summary is the page's description (<meta name="description"> and og:description);
    # written here again only for an event still to come, which a search engine's listing
    # of upcoming events may show (0.8 MB of a 10,000-event site's past events)
    if event.scheduled and event.summary:
        own.append(("description", event.summary))
    own.append(("startDate", _moment_json(event.date, event.time, zone) or event.date.expanded()))
    end = None if event.ongoing else event.end
    end_time = _moment_json(end or event.date, event.end_time, zone)
    if end_time or end is not None:
        own.append(("endDate", end_time or end.expanded()))  # type: ignore[union-attr]
    # no eventStatus: without one, an event is understood as scheduled (EventScheduled,
    # the only status sitegen wrote: 0.5 MB at 10,000 events)
    image = _ld_image(event.image, rel)
    if image:
        own.append(("image", image))
    return own


LdParts = dict[tuple[Callable[..., Any], str], dict[str, str]]
"""JSON text of each person, country and source in the JSON-LD of event pages: by what
makes it (_ld_country, _ld_person, _ld_source) and the base URL, a table of texts by the
thing's digest (see model.Origin.digest): each is on many pages."""


def _ld_parts(
    parts: LdParts, listed: Iterable[Any], make: Callable[..., Any], base: str, *args: Any
) -> str:
    """LD_JSON(make(thing, *args)) of each thing listed, joined with commas, each made
    once per build and base URL (a thing not read from a file, without a digest, each
    time). One table looked up per list, not a call and a key of three per thing: that
    look-up was most of the cost of a part already made."""
    known = parts.get((make, base))
    if known is None:
        known = parts[make, base] = {}
    texts = []
    for thing in listed:
        digest = thing.origin.digest
        text = known.get(digest) if digest else None
        if text is None:
            text = LD_JSON(make(thing, *args))
            if digest:
                known[digest] = text
        texts.append(text)
    return ",".join(texts)


def _ld_event_text(
    event: Event,
    people: Sequence[Person],
    countries: Sequence[Country],
    sources: Sequence[Source],
    rel: Absolute,
    zone: str = "UTC",
    parts: LdParts | None = None,
) -> str:
    """An event's JSON-LD (an Event: its own fields, then location, attendee, keywords
    and citation, each where it has one) as LD_JSON would encode it, written out: the
    event's own fields (_ld_event_own), each string as LD_JSON writes one, and the JSON
    of its people, countries and sources made once per build (kept in `parts`): at 10,000
    events, most of what the event pages' JSON-LD cost. (The own fields made a dict and
    encoded whole were two thirds of an event's JSON-LD once the rest was kept;
    test_publish compares this text with that encoding.)"""
    text = ['{"@context":"https://schema.org","@type":"Event"']
    for name, value in _ld_event_own(event, rel, zone):
        text += (f',"{name}":', _json_text(value))
    base = rel("")
    parts = {} if parts is None else parts
    if countries:
        text += (',"location":[', _ld_parts(parts, countries, _ld_country, base, rel, False), "]")
    if people:
        text += (',"attendee":[', _ld_parts(parts, people, _ld_person, base, rel, False), "]")
    keywords = ", ".join(event.tags)
    if keywords:
        text += (',"keywords":', _json_text(keywords))
    if sources:
        text += (',"citation":[', _ld_parts(parts, sources, _ld_source, base), "]")
    text.append("}")
    return "".join(text)


class JsonLd:
    """The template global `schema(kind, **data)`: json_ld with the JSON of the people,
    countries and sources kept for the build that owns it (one per Renderer)."""

    def __init__(self) -> None:
        self.parts: LdParts = {}

    def __call__(self, kind: str, **data: Any) -> dict[str, Any] | LinkedData:
        return json_ld(kind, self.parts, **data)


def json_ld(kind: str, parts: LdParts | None = None, **data: Any) -> dict[str, Any] | LinkedData:
    """The schema.org object a template embeds: kind is timeline, event, person, country,
    story, newsroom or sources. An event's comes as JSON text already (see
    _ld_event_text); `parts`: see JsonLd."""
    rel: Absolute = data.get("rel") or (lambda path: "")
    body: dict[str, Any]
    if kind == "event":
        return LinkedData(
            _ld_event_text(
                data["event"], data.get("people", ()), data.get("countries", ()),
                data.get("sources", ()), rel, data.get("zone", "UTC"), parts,
            )
        )  # fmt: skip
    elif kind == "person":
        body = _ld_person(data["person"], rel)
        _put(body, "image", _ld_image(data["person"].image, rel))
    elif kind == "country":
        body = _ld_country(data["country"], rel)
    elif kind == "timeline":
        body = _ld_list(data["entries"], rel)
    elif kind == "sources":
        body = _ld_sources(data, rel)
    elif kind in ("story", "newsroom"):
        body = _ld_story(data, rel) if kind == "story" else _ld_newsroom(data, rel)
    else:
        raise ValueError(f"unknown JSON-LD kind {kind!r}")
    return {"@context": "https://schema.org", **body}


def _ld_story(data: dict[str, Any], rel: Absolute) -> dict[str, Any]:
    """A timeline: an ItemList of its Events, in the order the page shows them."""
    tl: Timeline = data["timeline"]
    items = []
    for position, e in enumerate(data["entries"], 1):
        event: dict[str, Any] = {"@type": "Event", "name": e.title, "startDate": e.datetime}
        _put(event, "endDate", "" if e.ongoing else e.end_datetime)
        _put(event, "url", rel(e.url))
        _put(event, "description", e.summary)
        items.append({"@type": "ListItem", "position": position, "item": event})
    body: dict[str, Any] = {"@type": "ItemList", "name": tl.title}
    _put(body, "description", tl.summary)
    _put(body, "url", rel(tl.url))
    order = "Descending" if tl.order == "newest" else "Ascending"
    body["itemListOrder"] = f"https://schema.org/ItemListOrder{order}"
    body["numberOfItems"] = len(items)
    body["itemListElement"] = items
    return body


def _ld_sources(data: dict[str, Any], rel: Absolute) -> dict[str, Any]:
    """A page of the list of sources: an ItemList of CreativeWorks, numbered as the page
    numbers them (`start`: its first's number), each identified by its anchor. A source
    continued from the page before is that page's: its anchor and its fields are there."""
    page = rel(data["page"])
    continued = data.get("continued") or {}
    items = []
    for position, (s, _) in enumerate(data["sources"], data.get("start") or 1):
        if s.id in continued and continued[s.id][0]:
            continue
        anchor = page and page + "#" + quote(s.id, safe="-._~!$&'()*+,;=:@/?")
        items.append({"@type": "ListItem", "position": position, "item": _ld_work(s, anchor)})
    body: dict[str, Any] = {"@type": "ItemList"}
    _put(body, "url", page)
    body["numberOfItems"] = len(items)
    body["itemListElement"] = items
    return body


def _ld_newsroom(data: dict[str, Any], rel: Absolute) -> dict[str, Any]:
    """The front page: an ItemList of the timelines."""
    return _ld_list(data["stories"], rel)


def _ld_list(listed: Iterable[Any], rel: Absolute) -> dict[str, Any]:
    """The front page's ItemList of what it lists: each item's address, as a summary page
    lists the pages it links to (their titles are on those pages and in this page's list:
    0.5 MB of a 10,000-event site's year pages); its title without a base URL."""
    items = []
    for position, thing in enumerate(listed, 1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position}
        url = rel(thing.url)
        if url:
            item["url"] = url
        else:
            item["name"] = thing.title
        items.append(item)
    body = {"@type": "ItemList", "numberOfItems": len(items), "itemListElement": items}
    _put(body, "url", rel(""))
    return body


PRODUCERS: Mapping[str, Callable[[Publication], str | bytes]] = {
    "sitemap.xml": sitemap,
    "robots.txt": robots,
    "feed.xml": feed,
    "timeline.json": timeline_json,
    "events.json": events_json,
    "events.ics": events_ics,
}
"""What makes each file, by its name (a timeline's files are named as the site's)."""
