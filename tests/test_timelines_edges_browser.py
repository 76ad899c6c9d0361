"""The timelines' layouts at their edges in headless Chromium (issue 17): a timeline
title of a 67-letter word, a byline of twelve names, a timeline of no events, and the
front page's /embed/ list. axe finds nothing in either colour scheme and nothing scrolls
sideways at 360 px, on the pages that show them: the front page, the timelines' pages,
/embed/ and an event page (its previous/next per timeline names the timeline)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import SITES, build, static_server, write_site
from tests.test_reader_browser import tab
from tests.test_timelines_edges import event, timeline

pytestmark = pytest.mark.browser

WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
LONG = f"{WORD} and the long-running story of everything that happened in the harbour"
BYLINE = ", ".join(f"Reporter{i} Longsurname-Doublebarrelled" for i in range(12))
PAGES = {
    "front": "",
    "long timeline": "timelines/long/",
    "empty timeline": "timelines/empty/",
    "embed list": "embed/",
    "event": "events/a/",
}


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("timeline-edges") / "site"
    picture = (SITES / "newsroom/static/img/harbour.png").read_bytes()
    image = 'image:\n  src: "img/harbour.png"\n  alt: "The harbour"\n  credit: "Fixture"\n'
    files: dict[str, str | bytes | None] = {
        "content/events/first.md": None,
        "static/img/harbour.png": picture,
        "content/timelines/long.md": timeline(
            LONG, f'summary: "{LONG}"\nbyline: [{BYLINE}]\norder: newest\n{image}'
        ),
        "content/timelines/empty.md": timeline("Nothing yet", 'summary: "Coming soon."\n'),
        "content/timelines/short.md": timeline("Short", 'byline: "Ada Lovelace"\n'),
        "content/events/a.md": event(LONG[:100], "2024-01-01", "[long, short]"),
        "content/events/b.md": event("B", "2024-01-02", "[long]"),
        "content/events/c.md": event("C", "2023-12-31", "[long]"),
    }
    write_site(root, files)
    assert build(root).code == 0
    with static_server(root / "output") as base:
        yield base


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_at_the_edges(edges: str, browser: Any, scheme: str) -> None:
    problems = []
    for width in (360, 1280):
        with tab(browser, width=width, scheme=scheme) as page:
            for kind, path in PAGES.items():
                page.goto(edges + path)
                found = run_axe(page)
                if found:
                    problems.append(f"{kind} at {width}px ({scheme}):\n{describe(found)}")
    assert not problems, "\n".join(problems)


def test_nothing_scrolls_sideways_at_360(edges: str, browser: Any) -> None:
    with tab(browser, width=360) as page:
        for kind, path in PAGES.items():
            page.goto(edges + path)
            wide = page.evaluate(
                "Array.from(document.querySelectorAll('body *'))"
                ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
                ".map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"
            )
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert sizes[0] <= sizes[1] and not wide, f"{kind} overflows: {sizes} {wide[:3]}"
