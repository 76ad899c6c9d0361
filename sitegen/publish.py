"""Files for hosts, feeds and data desks: sitemap, robots.txt, feed, JSON, iCalendar, JSON-LD."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Event, Site

if TYPE_CHECKING:
    from .render import Entry, Options, Page, Renderer


def plan(site: Site, opts: Options, events: list[Event], entries: list[Entry]) -> list[Page]:
    return []


def produce(renderer: Renderer, page: Page) -> bytes:
    raise NotImplementedError(page.template)


def json_ld(kind: str, **data: Any) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": kind}
