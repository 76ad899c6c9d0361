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

import json
from typing import TYPE_CHECKING, Any

from .model import Country, Event, Person, Site

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
    docs: list[dict[str, str]] = []
    for ev in events:
        docs.append(
            {
                "k": "event",
                "t": ev.title,
                "d": ev.display_date,
                "u": ev.url,
                "s": _clean(ev.summary),
                "x": _clean(ev.body.text),
            }
        )
    for p in people:
        country = countries.get(p.country)
        role = ", ".join(x for x in (p.role, country.name if country else "") if x)
        docs.append(
            {"k": "person", "t": p.name, "d": role, "u": p.url, "s": "", "x": _clean(p.body.text)}
        )
    for c in countries.values():
        docs.append(
            {"k": "country", "t": c.name, "d": "", "u": c.url, "s": "", "x": _clean(c.body.text)}
        )
    return docs


def plan(site: Site, opts: Options, events: list[Event], entries: list[Entry]) -> list[Page]:
    from .render import Later, Page

    people = tuple(site.people.values())
    docs = Later(_documents, tuple(events), people, dict(site.countries))
    return [Page(INDEX_PATH, "producer:search", {"docs": docs})]


def encode(docs: list[dict[str, str]]) -> bytes:
    """Compact, deterministic JSON (no spaces; non-ASCII kept as UTF-8)."""
    payload: dict[str, Any] = {"version": 1, "docs": docs}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def produce(renderer: Renderer, page: Page) -> bytes:
    return encode(page.data["docs"])
