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

from functools import partial
from typing import TYPE_CHECKING, Any

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
    return _documents(tuple(events), tuple(site.people.values()), site.countries)


def _documents(
    events: tuple[Event, ...], people: tuple[Person, ...], countries: dict[str, Country]
) -> list[dict[str, str]]:
    return [*map(_event_doc, events), *_other_docs(people, countries)]


def _event_doc(ev: Event) -> dict[str, str]:
    return {
        "k": "event",
        "t": ev.title,
        "d": ev.display_date,
        "u": ev.url,
        "s": _clean(ev.summary),
        "x": ev.body.text,
    }


def _event_doc_json(ev: Event) -> str:
    return _compact(_event_doc(ev))


def _other_docs(people: tuple[Person, ...], countries: dict[str, Country]) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []
    for p in people:
        country = countries.get(p.country)
        role = ", ".join(x for x in (p.role, country.name if country else "") if x)
        docs.append({"k": "person", "t": p.name, "d": role, "u": p.url, "s": "", "x": p.body.text})
    for c in countries.values():
        docs.append({"k": "country", "t": c.name, "d": "", "u": c.url, "s": "", "x": c.body.text})
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

    def fill(splice: Splice) -> None:
        splice.add('{"version":1,"docs":[')
        for i, ev in enumerate(page.data["events"]):
            if i:
                splice.add(",")
            if splice.skips(ev.origin.path):
                continue
            key = "doc\0" + ev.origin.digest if ev.origin.digest else None
            splice.piece(key, partial(_event_doc_json, ev), ev.origin.path)
        others = [] if splice.patching else _other_docs(page.data["people"], page.data["countries"])
        if others:
            splice.add(("," if page.data["events"] else "") + _compact(others)[1:-1])
        splice.add("]}")

    return renderer.pieces.make(page.path, fill)
