"""Filters that leave nothing (issue 19): an empty state with a way back, a strip caption
that follows the filters, and options that would leave nothing shown with their 0 but not
tickable. On the sample's timeline of every event, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import REPO, TODAY, chip_slugs, html, run, static_server

pytestmark = pytest.mark.browser
TIMELINE = "timelines/modi-in-moscow/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("filters-sample") / "output"
    result = run("build", REPO, "--output", out, "--today", TODAY, "--quiet", "--clean")
    assert result.code == 0, result.err
    with static_server(out) as base:
        yield out, base + TIMELINE


def disjoint_pair(out: Path) -> tuple[str, str]:
    """A country and a person that no event of the timeline has together."""
    entries = html(out / TIMELINE / "index.html").select("#timeline li.entry")
    countries = {c for li in entries for c in chip_slugs(li, "countries")}
    people = {p for li in entries for p in chip_slugs(li, "people")}
    for c in sorted(countries):
        for p in sorted(people):
            together = [
                li
                for li in entries
                if c in chip_slugs(li, "countries") and p in chip_slugs(li, "people")
            ]
            if not together:
                return c, p
    raise AssertionError("every country meets every person")


def test_filters_that_leave_nothing_say_so_and_offer_a_way_back(
    sample: tuple[Path, str], browser: Any
) -> None:
    out, url = sample
    country, person = disjoint_pair(out)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}?country={country}&person={person}")
    total = len(html(out / TIMELINE / "index.html").select("#timeline li.entry"))
    assert page.locator("#filter-status").inner_text().startswith(f"Showing 0 of {total} events")
    empty = page.locator("#filter-empty")
    assert empty.is_visible()
    assert "No event matches" in empty.inner_text()
    caption = page.locator(".overview figcaption").inner_text()
    assert caption.startswith(f"Showing 0 of {total} events")
    found = run_axe(page)
    assert not found, describe(found)
    empty.get_by_role("button", name="Clear filters").click()
    assert not empty.is_visible()
    assert page.locator("#filter-status").inner_text() == f"Showing all {total} events."
    assert page.locator(".overview figcaption").inner_text().startswith(f"{total} events")
    assert page.locator("#timeline li.entry:visible").count() == total
    context.close()


def test_an_option_that_would_leave_nothing_shows_0_and_cannot_be_ticked(
    sample: tuple[Path, str], browser: Any
) -> None:
    out, url = sample
    country, person = disjoint_pair(out)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}?country={country}")
    page.locator("#filters summary").click()
    box = page.locator(f"input[name=person][value={person}]")
    assert box.get_attribute("aria-disabled") == "true"
    label = page.locator("label.option", has=box)
    assert label.locator(".n").inner_text() == "0"
    label.click(force=True)  # (Playwright itself will not click an aria-disabled box)
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert page.locator("#filter-empty").is_hidden()
    found = run_axe(page)
    assert not found, describe(found)
    context.close()


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    found: list[dict[str, float]] = page.locator(selector).evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().toJSON())"
    )
    return found


@pytest.mark.parametrize("width", [1280, 360])
def test_citations_filter_options_and_their_ways_back_are_big_enough_to_tap(
    sample: tuple[Path, str], browser: Any, width: int
) -> None:
    """WCAG 2.2 target size: 24×24 CSS px at least."""
    _, url = sample
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(url.replace("timelines/modi-in-moscow/", "events/india-russia-summit-2024/"))
    cites = boxes(page, "sup > a[href^='#source-']")
    backs = boxes(page, '.source-list a[href^="#cite-"]')
    assert cites and backs
    for box in cites + backs:
        assert box["width"] >= 24 and box["height"] >= 24, box
    # a citation leads to its source, and the source back to the citation
    first = page.locator("sup > a[href^='#source-']").first
    first.click()
    assert page.evaluate("location.hash") == "#source-1"
    page.locator('#source-1 a[href^="#cite-"]').click()
    assert page.evaluate("location.hash") == "#cite-1"
    assert page.evaluate("document.getElementById('cite-1').getBoundingClientRect().top") >= 0
    page.goto(url)
    page.locator("#filters summary").click()
    options = boxes(page, "#filters label.option")
    assert options
    for box in options:
        assert box["width"] >= 24 and box["height"] >= 24, box
    found = run_axe(page)
    assert not found, describe(found)
    context.close()


def test_on_a_phone_the_first_event_is_on_the_first_screen(
    sample: tuple[Path, str], browser: Any
) -> None:
    """At 360×740 the introduction and the strip fold to one line each and the finder is a
    compact bar; both open with a tap, and a link into the introduction keeps it open."""
    _, url = sample
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url)
    title = page.locator("#timeline .entry > h3").first.bounding_box()
    assert title is not None and title["y"] + title["height"] <= 740
    page.get_by_text("Read the introduction").click()
    assert page.locator(".story-intro").is_visible()
    page.get_by_text("Overview of the story").click()
    assert page.locator(".overview").is_visible()
    found = run_axe(page)
    assert not found, describe(found)
    page.goto(url + "#source-1")
    assert page.locator("#source-1").is_visible()
    context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto(url)  # nothing folds on a wide screen
    assert page.locator(".story-intro").is_visible() and page.locator(".overview").is_visible()
    assert page.get_by_text("Read the introduction").is_hidden()
    wide.close()


def test_each_entry_has_a_copy_link_button(sample: tuple[Path, str], browser: Any) -> None:
    """Where the browser has no share sheet (headless Chromium), the button copies the
    event's link and says so in a status line."""
    _, url = sample
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.add_init_script("delete Navigator.prototype.share")
    page.goto(url)
    buttons = page.locator("#timeline li.entry button.share")
    assert buttons.count() == page.locator("#timeline li.entry").count()
    first = buttons.first
    box = first.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    title = page.locator("#timeline .entry > h3 a").first
    assert first.inner_text().startswith("Copy link")
    first.click()
    status = page.locator("#timeline [role=status]")
    status.filter(has_text="Link copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == title.evaluate("a => a.href") and "/events/" in copied
    found = run_axe(page)
    assert not found, describe(found)
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_on_person_and_country_lists_the_headline_is_not_smaller_than_its_summary(
    sample: tuple[Path, str], browser: Any, width: int
) -> None:
    out, url = sample
    base = url.removesuffix(TIMELINE)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for kind in ("people", "countries"):
        first = sorted(p.name for p in (out / kind).iterdir() if p.is_dir())[0]
        page.goto(f"{base}{kind}/{first}/")
        sizes = page.evaluate(
            "[...document.querySelectorAll('.event-list li')].filter(li =>"
            " li.querySelector(':is(h3, h4) + p')).map(li => ["
            "parseFloat(getComputedStyle(li.querySelector(':is(h3, h4)')).fontSize),"
            "parseFloat(getComputedStyle(li.querySelector(':is(h3, h4) + p')).fontSize)])"
        )
        assert sizes, kind
        for title, summary in sizes:
            assert title >= summary
    context.close()


def test_a_link_to_an_event_the_filters_hide_shows_every_event_again(
    sample: tuple[Path, str], browser: Any
) -> None:
    """A greyed mark of the strip, and a shared address with filters and #slug, lead to an
    event the filters hide: the filters are cleared (as in an embed) and the event is on
    the screen, where the link landed on nothing before."""
    out, url = sample
    country, _ = disjoint_pair(out)
    entries = html(out / TIMELINE / "index.html").select("#timeline li.entry")
    hidden = next(li["id"] for li in entries if country not in chip_slugs(li, "countries"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}?country={country}")
    assert page.locator(f"#{hidden}").is_hidden()
    page.locator(f'.overview-wide a[href="#{hidden}"]').click()
    assert page.locator(f"#{hidden}").is_visible()
    assert page.locator(f"#{hidden}").evaluate("e => e.getBoundingClientRect().top") < 900
    assert page.locator("#filter-status").inner_text() == f"Showing all {len(entries)} events."
    assert page.evaluate("location.search") == ""
    page.goto(f"{url}?country={country}#{hidden}")
    assert page.locator(f"#{hidden}").is_visible()
    assert page.locator(f"#{hidden}").evaluate("e => e.getBoundingClientRect().top") < 900
    # an event the filters keep is opened with them
    kept = next(li["id"] for li in entries if country in chip_slugs(li, "countries"))
    page.goto(f"{url}?country={country}#{kept}")
    assert page.locator("#filter-status").inner_text().startswith("Showing ")
    assert page.evaluate("location.search") == f"?country={country}"
    context.close()
