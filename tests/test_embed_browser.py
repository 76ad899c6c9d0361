"""An embedded timeline in headless Chromium (issue 18, "Embed"): an article served from
one loopback port embeds, with the snippet sitegen prints, a timeline served from another.
The iframe's height follows its content after load and after a filter; a deep link and
the parent's "sitegen:show" open an event; a link navigates the top window; axe finds
nothing in the embed at 320 and 1,000 px; no request leaves the loopback (tab())."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen import embed
from tests.a11y import describe, run_axe
from tests.conftest import SITES, build, static_server, write_site
from tests.test_reader_browser import tab, visible_entries

pytestmark = pytest.mark.browser

TIMELINE = "timelines/harbour/"
SPACER = 1400
"""The article's text above the iframe, in px: a deep link must scroll the article."""


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(the timeline site's address, the article's address), two loopback ports."""
    tmp = tmp_path_factory.mktemp("embed-browser")
    root = tmp / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert build(root).code == 0
    articles = tmp / "articles"
    articles.mkdir()
    with static_server(root / "output", prefix="/news/") as site:
        for name, tail in (
            ("plain", ""),
            ("hash", "#dock-strike"),
            ("query", "?event=bridge-approved"),
        ):
            code = embed.snippet(site, TIMELINE, "The harbour, year by year")
            code = code.replace('embed/"', f'embed/{tail}"', 1)
            (articles / f"{name}.html").write_text(article(code), encoding="utf-8")
        with static_server(articles) as other:
            yield site, other


def article(snippet: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>An article</title></head><body><main><h1>An article</h1>"
        f'<p style="height:{SPACER}px">The story so far, at length.</p>'
        f"{snippet}<p>The end of the article.</p></main></body></html>"
    )


def embedded(page: Any) -> Any:
    """The embedded timeline's frame, once it has loaded."""
    handle = page.wait_for_selector("iframe[data-sitegen-embed]")
    frame = handle.content_frame()
    frame.wait_for_load_state("load")
    return frame


def heights(page: Any, frame: Any, timeout: float = 5.0) -> tuple[float, float]:
    """(the iframe's height, its page's content height) once they agree within 2 px, or
    as they are when `timeout` runs out."""
    end = time.monotonic() + timeout
    while True:
        outer = page.locator("iframe[data-sitegen-embed]").evaluate(
            "f => f.getBoundingClientRect().height"
        )
        inner = frame.evaluate("document.documentElement.getBoundingClientRect().height")
        if abs(outer - inner) <= 2 or time.monotonic() > end:
            return outer, inner
        time.sleep(0.05)


def shown_event(frame: Any, slug: str, timeout: float = 5.0) -> None:
    frame.wait_for_function(
        "slug => document.activeElement && document.activeElement.id === slug"
        " && document.activeElement.classList.contains('is-target')",
        arg=slug,
        timeout=timeout * 1000,
    )


def in_view(page: Any, frame: Any, slug: str) -> bool:
    box = frame.locator(f"#{slug}").bounding_box()  # in the article's viewport
    viewport = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + 20 <= viewport["height"]


def test_the_iframe_follows_its_content_height(servers: tuple[str, str], browser: Any) -> None:
    _, other = servers
    for width in (320, 1000):
        with tab(browser, width=width) as page:
            page.goto(other + "plain.html")
            frame = embedded(page)
            outer, inner = heights(page, frame)
            assert abs(outer - inner) <= 2, (width, outer, inner)
            assert inner > 300  # sized to the timeline, not left at the snippet's 600
            page.locator("iframe[data-sitegen-embed]").scroll_into_view_if_needed()
            page.screenshot(path=f"/tmp/embed-article-{width}.png")  # a person looks at it
            # a filter hides events: the iframe shrinks with them
            frame.locator("#filters summary").click()
            frame.locator('input[name="person"][value="olaf-strand"]').check()
            assert visible_entries(frame) == ["dock-strike"]
            frame.locator("#filters summary").click()  # closed again: shorter than before
            after, inner_after = heights(page, frame)
            assert abs(after - inner_after) <= 2, (width, after, inner_after)
            assert after < outer - 50, (outer, after)


@pytest.mark.parametrize(("name", "slug"), [("hash", "dock-strike"), ("query", "bridge-approved")])
def test_a_deep_link_opens_at_its_event(
    servers: tuple[str, str], browser: Any, name: str, slug: str
) -> None:
    _, other = servers
    with tab(browser, width=1000) as page:
        page.goto(other + f"{name}.html")
        frame = embedded(page)
        shown_event(frame, slug)
        heights(page, frame)
        end = time.monotonic() + 5
        while not in_view(page, frame, slug) and time.monotonic() < end:
            time.sleep(0.05)
        assert in_view(page, frame, slug), frame.locator(f"#{slug}").bounding_box()


def test_the_parent_page_can_ask_for_an_event(servers: tuple[str, str], browser: Any) -> None:
    _, other = servers
    with tab(browser, width=1000) as page:
        page.goto(other + "plain.html")
        frame = embedded(page)
        heights(page, frame)
        page.evaluate(
            "document.querySelector('iframe[data-sitegen-embed]').contentWindow"
            ".postMessage({type: 'sitegen:show', slug: 'ferry-returns'}, '*')"
        )
        shown_event(frame, "ferry-returns")
        # a message for a slug that is no event changes nothing
        page.evaluate(
            "document.querySelector('iframe[data-sitegen-embed]').contentWindow"
            ".postMessage({type: 'sitegen:show', slug: 'year-2024'}, '*')"
        )
        time.sleep(0.2)
        assert frame.evaluate("document.activeElement.id") == "ferry-returns"


def test_a_link_in_the_embed_navigates_the_top_window(
    servers: tuple[str, str], browser: Any
) -> None:
    site, other = servers
    with tab(browser, width=1000) as page:
        page.goto(other + "plain.html")
        frame = embedded(page)
        frame.locator("#dock-strike > h3 a").click()
        page.wait_for_url(site + "events/dock-strike/")
        assert page.main_frame.url == site + "events/dock-strike/"
        assert page.locator("iframe").count() == 0  # the article was replaced, not the frame


def test_axe_finds_nothing_in_the_embed(servers: tuple[str, str], browser: Any) -> None:
    site, _ = servers
    problems = []
    for width in (320, 1000):
        with tab(browser, width=width) as page:
            page.goto(site + TIMELINE + "embed/")
            found = run_axe(page)
            if found:
                problems.append(f"embed at {width}px:\n{describe(found)}")
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert sizes[0] <= sizes[1], f"the embed overflows at {width}px: {sizes}"
            page.screenshot(path=f"/tmp/embed-{width}.png", full_page=True)
            # with its filters open and a deep-linked event highlighted
            page.goto(site + TIMELINE + "embed/#dock-strike")
            page.locator("#filters summary").click()
            found = run_axe(page)
            if found:
                problems.append(f"embed at {width}px, filters open:\n{describe(found)}")
    assert not problems, "\n".join(problems)


def test_the_embed_disclosure_copies_the_snippet(servers: tuple[str, str], browser: Any) -> None:
    site, _ = servers
    with tab(browser, width=360) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(site + TIMELINE)
        page.locator("details.embed-code summary").click()
        page.locator("#embed-copy").click()
        page.wait_for_function("document.getElementById('embed-copied').textContent === 'Copied.'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#embed-code-text").input_value()
        assert "data-sitegen-embed" in copied and "/embed.js" in copied
        found = run_axe(page)
        assert not found, describe(found)
        sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert sizes[0] <= sizes[1], sizes


def test_a_one_timeline_sites_embed(tmp_path: Path, browser: Any) -> None:
    """/embed/ of a site without content/timelines/: the same page, axe 0, sized."""
    root = write_site(tmp_path / "site", {})
    assert build(root).code == 0
    with static_server(root / "output") as site, tab(browser, width=320) as page:
        page.goto(site + "embed/?event=first")
        shown_event(page.main_frame, "first")
        assert page.locator("h1 a").get_attribute("href") == "../"
        found = run_axe(page)
        assert not found, describe(found)
