"""The search index: a small JSON file built at build time, searched in the browser.

`search.json` lists every published event, person and country with what a reader may
search for: the title or name, the summary or role, and the plain text of the body.
site.js fetches it the first time the search box gets focus, so it costs nothing on
pages where nobody searches, and it works on any static host: there is no server.

Each document is `{"k": kind, "t": title, "d": date or role, "u": url, "s": summary,
"x": body text}`, the url relative to the site root. No dependency, no build step in
another language: a site of a few hundred events makes an index of a few hundred KB
that gzips to a fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from . import markdown
from .markdown import LinkResolver
from .model import Country, Event, Person, Site
from .splice import Splice
from .splice import compact_json as _compact

if TYPE_CHECKING:
    from .render import Entry, Options, Page, Renderer

INDEX_PATH = "search.json"


def _clean(text: str) -> str:
    return " ".join(text.split())


def documents(site: Site, events: list[Event]) -> list[dict[str, str]]:
    """What the index holds, in timeline order, then people and countries by name."""
    link = _linker(site, [e.slug for e in events])
    return [
        *(_event_doc(ev, link, site.config.era_style) for ev in events),
        *_other_docs(tuple(site.people.values()), site.countries, link),
    ]


def _linker(site: Site, published: Iterable[str]) -> LinkResolver:
    """render.make_linker for the events of these slugs, made on the first link looked up
    (a patch after an edit without `[[links]]` looks none up)."""
    made: list[LinkResolver] = []

    def link(target: str) -> tuple[str, str] | None:
        if not made:
            from .render import make_linker

            made.append(make_linker(site, set(published)))
        return made[0](target)

    return link


def _event_doc(ev: Event, link: LinkResolver, era: str = "bce") -> dict[str, str]:
    return {
        "k": "event",
        "t": ev.title,
        "d": ev.dates_text(era),
        "u": ev.url,
        "s": _clean(ev.summary),
        "x": markdown.plain_text(ev.body, link),
    }


def _event_doc_json(ev: Event, link: LinkResolver, era: str = "bce") -> str:
    return _compact(_event_doc(ev, link, era))


def _doc_key(ev: Event, link: LinkResolver, era: str = "bce") -> str | None:
    """An event's document's key: its file, the names its `[[links]]` show, and
    site.yaml's era_style where its dates are before the common era."""
    if not ev.origin.digest:
        return None
    digest = ev.origin.digest
    if ev.date.year < 0:
        digest += "\0" + era
    if not ev.body.links:
        return "doc\0" + digest
    names = [(t, link(t)) for t in dict.fromkeys(r.target for r in ev.body.links)]
    return f"doc\0{digest}\0{names!r}"


def _other_docs(
    people: tuple[Person, ...], countries: dict[str, Country], link: LinkResolver
) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []
    for p in people:
        country = countries.get(p.country)
        role = ", ".join(x for x in (p.role, country.name if country else "") if x)
        text = markdown.plain_text(p.body, link)
        docs.append({"k": "person", "t": p.name, "d": role, "u": p.url, "s": "", "x": text})
    for c in countries.values():
        text = markdown.plain_text(c.body, link)
        docs.append({"k": "country", "t": c.name, "d": "", "u": c.url, "s": "", "x": text})
    return docs


def plan(site: Site, opts: Options, events: list[Event], entries: list[Entry]) -> list[Page]:
    from .render import Page

    data = {
        "events": tuple(events),
        "people": tuple(site.people.values()),
        "countries": dict(site.countries),
    }
    return [Page(INDEX_PATH, "producer:search", data)]


def encode(docs: list[dict[str, str]]) -> bytes:
    payload: dict[str, Any] = {"version": 1, "docs": docs}
    return _compact(payload).encode("utf-8")


def produce(renderer: Renderer, page: Page) -> bytes:
    """The index, each event's document reused from the last build's file when unchanged."""

    events = page.data["events"]
    link = _linker(renderer.site, page.data.get("published") or (e.slug for e in events))

    def fill(splice: Splice) -> None:
        splice.add('{"version":1,"docs":[')
        for i, ev in enumerate(events):
            if i:
                splice.add(",")
            if splice.skips(ev.origin.path):
                continue
            era = renderer.site.config.era_style
            key = partial(_doc_key, ev, link, era)  # (made only if not lent: see Splice)
            splice.piece(key, partial(_event_doc_json, ev, link, era), ev.origin.path)
        others = (
            []
            if splice.patching
            else _other_docs(page.data["people"], page.data["countries"], link)
        )
        if others:
            splice.add(("," if events else "") + _compact(others)[1:-1])
        splice.add("]}")

    return renderer.pieces.make(page.path, fill)
