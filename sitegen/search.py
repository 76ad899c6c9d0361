"""The search index: a small JSON file built at build time, searched in the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Event, Site

if TYPE_CHECKING:
    from .render import Entry, Options, Page, Renderer


def plan(site: Site, opts: Options, events: list[Event], entries: list[Entry]) -> list[Page]:
    return []


def produce(renderer: Renderer, page: Page) -> bytes:
    raise NotImplementedError(page.template)
