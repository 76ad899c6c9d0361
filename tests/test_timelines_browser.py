"""The newsroom's front page and a timeline page in headless Chromium (issue 17): axe finds
nothing in either colour scheme, nothing scrolls sideways at 360 px, the timeline's search
finds its own events, people and countries in the site's index and no other timeline's
events, the front page's search finds every timeline's, a one-story site's old links
(/#SLUG, /?tag=x) land where they still make sense, and no request leaves the loopback
(tab() fails on one)."""

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
            # the front page with its search's results, and with an old filter link's note
            page.goto(newsroom)
            page.locator("#search-input").fill("Marlow")
            page.locator("#search-results li").first.wait_for()
            page.locator("#search-more").wait_for(state="hidden")
            found = run_axe(page)
            if found:
                problems.append(f"front, searched at {width}px ({scheme}):\n{describe(found)}")
            page.goto(newsroom + "?tag=labour")
            page.locator("p.old-link").wait_for()
            found = run_axe(page)
            if found:
                problems.append(f"front, old link at {width}px ({scheme}):\n{describe(found)}")
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


# -- the newsroom's front page: old one-story links, and a search of every timeline ---------


def test_an_old_link_to_an_event_ends_on_its_page(newsroom: str, browser: Any) -> None:
    """A site that was one story had each event at /#SLUG on its front page: once the site
    has timelines, that link ends on the event's page (asked for with HEAD, no list of
    slugs fetched); a hash that is no event leaves the front page as it is."""
    with tab(browser) as page:
        asked: list[tuple[str, str]] = []
        page.on("request", lambda r: asked.append((r.method, r.url.removeprefix(newsroom))))
        page.goto(newsroom + "#election-result")
        page.wait_for_url(newsroom + "events/election-result/")
        assert page.locator("h1").inner_text() == "Marlow re-elected"
        assert ("HEAD", "events/election-result/") in asked
        assert not [u for m, u in asked if u.endswith(".json")], asked  # (no data file)
        page.goto(newsroom + "#no-such-event")
        page.wait_for_load_state("networkidle")
        assert page.url == newsroom + "#no-such-event"
        assert page.locator(".story-list li").count() == 3
        page.goto(newsroom + "#year-2024")  # (a year's heading on the old page)
        page.wait_for_load_state("networkidle")
        assert page.url == newsroom + "#year-2024"


def test_an_old_filter_link_goes_where_the_filter_still_makes_sense(
    newsroom: str, browser: Any
) -> None:
    """/?person=X: that person's page (their events in every timeline); /?tag=x: each
    timeline's link keeps the filter (its page has the same filters), and a note says so."""
    with tab(browser) as page:
        page.goto(newsroom + "?person=olaf-strand")
        page.wait_for_url(newsroom + "people/olaf-strand/")
        page.goto(newsroom + "?country=eastmark")
        page.wait_for_url(newsroom + "countries/eastmark/")
        page.goto(newsroom + "?tag=labour")
        note = page.locator("p.old-link[role=status]")
        note.wait_for()
        assert "each below opens with the same filters" in note.inner_text()
        hrefs = page.locator(".story-title a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs and all(h.endswith("/?tag=labour") for h in hrefs), hrefs
        page.locator(".story-title a", has_text="The harbour, year by year").click()
        page.wait_for_url(newsroom + "timelines/harbour/?tag=labour")
        assert visible_entries(page) == ["dock-strike"]
        # a person who is not on the site: the same, not a 404
        page.goto(newsroom + "?person=nobody-at-all")
        page.locator("p.old-link").wait_for()
        assert page.url == newsroom + "?person=nobody-at-all"


def test_the_front_page_searches_every_timeline(newsroom: str, browser: Any) -> None:
    """The front page's search is the site's index unscoped: Marlow's person page and all
    three of her events, whichever timelines they are in; labelled, announced, Enter
    opens the first result, Escape clears; at 360 px it does not move the page."""
    with tab(browser, width=360) as page:
        fetched: list[str] = []
        page.on("request", lambda req: fetched.append(req.url.removeprefix(newsroom)))
        page.goto(newsroom)
        page.wait_for_load_state("networkidle")
        shifts = page.evaluate(
            """() => new Promise(done => {
                const seen = [];
                new PerformanceObserver(list => seen.push(...list.getEntries().map(e => e.value)))
                    .observe({type: 'layout-shift', buffered: true});
                setTimeout(() => done(seen), 500);
            })"""
        )
        assert sum(shifts) == 0, shifts
        box = page.locator("#search-input")
        assert page.locator("label[for=search-input]").count() == 1
        assert box.is_visible()
        card = page.locator(".story-list li").first.bounding_box()
        for _ in range(7):  # the skip link, the site's name, its four links, the box
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "search-input"
        page.keyboard.type("Marlow")
        page.locator("#search-results li").first.wait_for()
        found = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.href)")
        assert [h.removeprefix(newsroom) for h in found] == [
            "people/mara-marlow/", "events/election-result/",
            "events/early-election-called/", "events/bridge-approved/",
        ], found  # fmt: skip
        assert page.locator("#search-status[role=status]").inner_text() == "4 results."
        screenshot(page, "newsroom-front-searched-360")
        assert "search/index.json" in fetched
        assert not [u for u in fetched if u.endswith("/search.json")]  # (no timeline's scope)
        sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert sizes[0] <= sizes[1], sizes
        page.keyboard.press("Escape")
        assert page.locator("#search-results").is_hidden()
        assert page.locator(".story-list li").first.bounding_box() == card
        page.keyboard.type("strike")
        page.locator("#search-results li").first.wait_for()
        page.keyboard.press("Enter")
        page.wait_for_url(newsroom + "events/dock-strike/")


def test_without_javascript_the_front_page_offers_no_search(newsroom: str, browser: Any) -> None:
    with tab(browser, js=False) as page:
        page.goto(newsroom)
        assert page.locator(".site-search").is_hidden()
        assert page.locator(".story-list li").count() == 3


def test_a_phone_gets_the_introduction_when_site_js_does_not_load(
    newsroom: str, browser: Any
) -> None:
    """On a phone the introduction is folded from the first paint until site.js runs: a
    site.js that never loads (blocked, a failed request) left it folded for good, its
    "Read the introduction" opening nothing. The fold ends on its own (a few seconds),
    and the summary then opens and closes it."""
    with tab(browser, width=360) as page:
        page.route("**/assets/site.*.js", lambda route: route.abort())
        page.goto(newsroom + PAGES["timeline"])
        intro = page.locator("#story-more .story-intro")
        intro.wait_for(state="visible", timeout=15_000)
        assert page.locator("#strip-more .overview").is_visible()
        page.locator("#story-more > summary").click()
        assert intro.is_hidden()
        page.locator("#story-more > summary").click()
        assert intro.is_visible()
    with tab(browser, width=360) as page:  # (with site.js, folded as before)
        page.goto(newsroom + PAGES["timeline"])
        page.wait_for_load_state("load")
        assert page.locator("#story-more.js:not([open])").count() == 1
        assert page.locator("#story-more .story-intro").is_hidden()


def test_the_arrow_keys_walk_the_timeline_the_reader_came_from(newsroom: str, browser: Any) -> None:
    """An event in several timelines has a previous/next pager for each: ← and → follow
    the timeline the reader opened it from, so that → then ← comes back; they followed
    the page's first pager, and a walk through the bridge story turned into the election."""

    def press(page: Any, key: str) -> str:
        with page.expect_navigation(timeout=5000):
            page.keyboard.press(key)
        return str(page.url).removeprefix(newsroom + "events/").strip("/")

    with tab(browser) as page:
        page.goto(newsroom + "timelines/bridge/")
        page.locator("#bridge-approved h3 a").click()
        page.wait_for_url(newsroom + "events/bridge-approved/")
        walk = [press(page, k) for k in ("ArrowRight", "ArrowLeft", "ArrowRight", "ArrowRight")]
        assert walk == [
            "early-election-called",  # next in the bridge story
            "bridge-approved",  # back where it came from, not the election's dock strike
            "early-election-called",
            "election-result",
        ]
        page.goto(newsroom + "timelines/election-2024/")
        page.locator("#dock-strike h3 a").click()
        page.wait_for_url(newsroom + "events/dock-strike/")
        # (the page's first pager is the harbour's, whose next is the election result)
        assert press(page, "ArrowRight") == "early-election-called"
        assert press(page, "ArrowLeft") == "dock-strike"
