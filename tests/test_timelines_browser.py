"""The newsroom's front page and a timeline page in headless Chromium (issue 17): axe finds
nothing in either colour scheme, nothing scrolls sideways at 360 px, the timeline's search
finds its own events, people and countries in the site's index and no other timeline's
events, and no request leaves the loopback (tab() fails on one)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import SITES, build, screenshot, static_server
from tests.test_reader_browser import tab, visible_entries

pytestmark = pytest.mark.browser

PAGES = {"front": "", "timeline": "timelines/harbour/", "event": "events/election-result/"}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("newsroom-browser") / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert build(root).code == 0
    with static_server(root / "output", prefix="/news/") as base:
        yield base


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_front_and_timeline_pages(
    newsroom: str, browser: Any, scheme: str
) -> None:
    problems = []
    for width in (360, 1280):
        with tab(browser, width=width, scheme=scheme) as page:
            for kind, path in PAGES.items():
                page.goto(newsroom + path)
                found = run_axe(page)
                if found:
                    problems.append(f"{kind} at {width}px ({scheme}):\n{describe(found)}")
            # the timeline with its filters open and search results showing
            page.goto(newsroom + PAGES["timeline"])
            page.locator("#filters summary").click()
            page.locator("#search-input").fill("strike")
            page.locator("#search-results li").first.wait_for()
            found = run_axe(page)
            if found:
                problems.append(f"timeline, finder open ({scheme}):\n{describe(found)}")
    assert not problems, "\n".join(problems)


def test_no_horizontal_scroll_at_360(newsroom: str, browser: Any) -> None:
    for width in (360, 1280):
        with tab(browser, width=width) as page:
            for kind, path in PAGES.items():
                page.goto(newsroom + path)
                sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
                assert sizes[0] <= sizes[1], f"{kind} overflows at {width}px: {sizes}"
                screenshot(page, f"newsroom-{kind}-{width}")


def test_timeline_search_and_filters_stay_in_the_timeline(newsroom: str, browser: Any) -> None:
    with tab(browser) as page:
        page.goto(newsroom + PAGES["timeline"])
        assert visible_entries(page) == [
            "election-result", "dock-strike", "bridge-approved", "ferry-returns"
        ]  # fmt: skip
        fetched: list[str] = []
        page.on("request", lambda req: fetched.append(req.url.removeprefix(newsroom)))
        # Marlow is in three events; two of them are in this timeline, and her person
        # page leads (a name), then the event with her in its title
        page.locator("#search-input").fill("Marlow")
        page.locator("#search-results li").first.wait_for()
        found = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.href)")
        assert [h.removeprefix(newsroom) for h in found] == [
            "people/mara-marlow/", "events/election-result/", "events/bridge-approved/"
        ], found  # fmt: skip
        assert page.locator("#search-status").inner_text() == "3 results."
        assert not any("early-election-called" in href for href in found), found
        # the site's index, kept to the timeline's documents: no index of its own
        assert "search/index.json" in fetched and "timelines/harbour/search.json" in fetched
        assert not [u for u in fetched if u.startswith("timelines/harbour/search/")]
        # its countries are found; a word only another timeline's event has finds nothing
        page.locator("#search-input").fill("Eastmark")
        page.wait_for_function(
            "document.getElementById('search-status').textContent === '3 results.'"
        )
        found = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.href)")
        assert newsroom + "countries/eastmark/" in found
        page.locator("#search-input").fill("early")
        page.wait_for_function(
            "document.getElementById('search-status').textContent.startsWith('No results')"
        )
        assert page.locator("#search-results").is_hidden()
        page.goto(newsroom + PAGES["timeline"] + "?person=olaf-strand")
        assert visible_entries(page) == ["dock-strike"]


@pytest.mark.parametrize("stale", [1, 2])
def test_a_scope_of_another_build_is_fetched_again(newsroom: str, browser: Any, stale: int) -> None:
    """A search.json whose counts are not the manifest's (one of the two from the
    browser's cache of an earlier build) is fetched again, with the manifest; twice
    wrong, search says it is not available rather than show another build's documents."""
    asked: list[str] = []

    def scope(route: Any) -> None:
        asked.append(route.request.url)
        if len(asked) > stale:  # (the first `stale` answers are an earlier build's)
            route.continue_()
            return
        response = route.fetch()
        data = response.json()
        data["docs"] += 1
        route.fulfill(response=response, json=data)

    with tab(browser) as page:
        page.route("**/timelines/harbour/search.json", scope)
        page.goto(newsroom + PAGES["timeline"])
        page.locator("#search-input").fill("Marlow")
        if stale == 1:
            page.locator("#search-results li").first.wait_for()
            assert page.locator("#search-status").inner_text() == "3 results."
        else:
            page.wait_for_function(
                "document.getElementById('search-status').textContent.includes('not available')"
            )
            assert page.locator("#search-results li").count() == 0
        assert len(asked) == 2
