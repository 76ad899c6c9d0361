"""Deep links into a large timeline (issues 18 and 19): a timeline of more than 200 events
is split into year pages, so an event may be listed on a page other than the one a link
opens. `#slug`, an embed's `?event=slug` and the article's "sitegen:show" still open it:
the page (or the frame) goes to the year page that lists it, by the timeline's
years.json, and the iframe's height follows. A 300-event site from
benchmarks/generate.py (1990–2024), its events in a timeline `big` and, for `/#slug`,
the same site as a one-timeline site."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from sitegen import embed, yearpages
from tests.a11y import describe, run_axe
from tests.conftest import build, html, static_server
from tests.test_embed_browser import article, embedded, heights, in_view, shown_event
from tests.test_reader_browser import tab
from tests.test_reader_large import entry_ids, generated

pytestmark = pytest.mark.browser

TIMELINE = "timelines/big/"


class Served(NamedTuple):
    site: str
    """the timelines site's address"""
    one: str
    """the same events as a one-timeline site"""
    articles: str
    late: str
    """an event listed only on the last year page"""
    page: str
    """that year page, relative to the timeline"""


def in_a_timeline(site: Path) -> None:
    for path in (site / "content" / "events").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", "---\ntimelines: [big]\n", 1), encoding="utf-8")
    (site / "content" / "timelines").mkdir()
    (site / "content" / "timelines" / "big.md").write_text(
        '---\ntitle: "Big"\nsummary: "Many events"\n---\nIntro.\n', encoding="utf-8"
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("embed-large")
    one = generated(tmp / "one", 300)
    shutil.copytree(one, tmp / "many")
    in_a_timeline(tmp / "many")
    assert build(one).code == 0
    with pytest.MonkeyPatch.context() as patch:
        # the timeline's maps are for a slug's first letters, not its first alone (as
        # past 2,500 events a letter), so the scripts' deep links use data-prefix
        patch.setattr(yearpages, "MAP_MOST", 20)
        assert build(tmp / "many").code == 0
    out = tmp / "many" / "output"
    page = sorted(p.name for p in (out / TIMELINE / "years").iterdir() if p.name.isdigit())[-1]
    page = f"years/{page}/"
    late = min(entry_ids(html(out / TIMELINE / page / "index.html")))
    prefix = int(str(html(out / TIMELINE / "index.html").select_one(".year-nav")["data-prefix"]))
    assert prefix > 1 and not (out / TIMELINE / f"years/events-{late[0]}.json").exists()
    shard = json.loads((out / TIMELINE / f"years/events-{late[:prefix]}.json").read_text("utf-8"))
    assert shard["pages"][shard["at"][late]] == page
    home = (out / TIMELINE / "index.html").read_text(encoding="utf-8")
    assert f'id="{late}"' not in home  # the link misses the page it opens
    articles = tmp / "articles"
    articles.mkdir()
    with (
        static_server(out, prefix="/news/") as site,
        static_server(one / "output") as alone,
    ):
        for name, tail in (("plain", ""), ("hash", f"#{late}"), ("query", f"?event={late}")):
            code = embed.snippet(site, TIMELINE, "Big").replace('embed/"', f'embed/{tail}"', 1)
            (articles / f"{name}.html").write_text(article(code), encoding="utf-8")
        with static_server(articles) as other:
            yield Served(site, alone, other, late, page)


def opened_in_the_frame(page: Any, served: Served) -> None:
    """The frame went to the late event's year page, as an embed, and opened it there; the
    iframe's height follows that page, and the article scrolled to the event."""
    frame = embedded(page)
    frame.wait_for_url(f"{served.site}{TIMELINE}{served.page}?embed#{served.late}")
    shown_event(frame, served.late)
    outer, inner = heights(page, frame)
    assert abs(outer - inner) <= 2, (outer, inner)
    assert page.url.startswith(served.articles)  # the article stays
    for _ in range(50):  # the article scrolls to the event once the frame has its height
        if in_view(page, frame, served.late):
            break
        page.wait_for_timeout(100)
    assert in_view(page, frame, served.late), frame.locator(f"#{served.late}").bounding_box()


@pytest.mark.parametrize("name", ["hash", "query"])
def test_a_deep_link_to_an_event_on_a_later_year_page_opens_it(
    served: Served, browser: Any, name: str
) -> None:
    with tab(browser, width=1000) as page:
        page.goto(f"{served.articles}{name}.html")
        opened_in_the_frame(page, served)


def test_the_article_can_ask_for_an_event_on_a_later_year_page(
    served: Served, browser: Any
) -> None:
    with tab(browser, width=1000) as page:
        page.goto(f"{served.articles}plain.html")
        frame = embedded(page)
        heights(page, frame)
        page.evaluate(
            "slug => document.querySelector('iframe[data-sitegen-embed]').contentWindow"
            ".postMessage({type: 'sitegen:show', slug}, '*')",
            served.late,
        )
        opened_in_the_frame(page, served)
        # a slug that is no event of the timeline changes nothing
        page.evaluate(
            "document.querySelector('iframe[data-sitegen-embed]').contentWindow"
            ".postMessage({type: 'sitegen:show', slug: 'no-such-event'}, '*')"
        )
        page.wait_for_timeout(300)
        assert frame.url.endswith(f"{served.page}?embed#{served.late}")


def test_the_year_navigator_stays_inside_the_frame(served: Served, browser: Any) -> None:
    with tab(browser, width=1000) as page:
        page.goto(f"{served.articles}plain.html")
        frame = embedded(page)
        frame.locator(".year-bins a").last.click()
        frame.wait_for_url(f"{served.site}{TIMELINE}{served.page}?embed")
        assert page.url == f"{served.articles}plain.html"
        assert frame.locator(".embed-header .muted").inner_text().startswith("300 events")
        outer, inner = heights(page, frame)
        assert abs(outer - inner) <= 2, (outer, inner)
        # the way back to the first years stays inside too; event links leave the frame
        assert frame.locator(".year-nav-home a").get_attribute("target") == "_self"
        assert frame.locator(".entry > h3 a").first.get_attribute("target") is None


@pytest.mark.parametrize("where", ["timeline", "one"])
def test_a_link_to_an_event_on_a_later_year_page_of_the_timeline(
    served: Served, browser: Any, where: str
) -> None:
    base = served.site + TIMELINE if where == "timeline" else served.one
    with tab(browser, width=1280) as page:
        page.goto(f"{base}#{served.late}")
        page.wait_for_url(f"{base}{served.page}#{served.late}")
        target = page.locator(f"#{served.late}")
        target.wait_for()
        page.wait_for_function("slug => location.hash === '#' + slug", arg=served.late)
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 900, box
        # an address that names no event stays where it is
        page.goto(f"{base}#no-such-event")
        page.wait_for_timeout(300)
        assert page.url == f"{base}#no-such-event"


def test_axe_finds_nothing_in_a_year_pages_embed(served: Served, browser: Any) -> None:
    problems = []
    for width in (320, 1000):
        with tab(browser, width=width) as page:
            # (its old embed/ address goes to the year page as an embed)
            page.goto(f"{served.site}{TIMELINE}{served.page}embed/#{served.late}")
            page.wait_for_url(f"{served.site}{TIMELINE}{served.page}?embed#{served.late}")
            shown_event(page.main_frame, served.late)
            found = run_axe(page)
            if found:
                problems.append(f"year page embed at {width}px:\n{describe(found)}")
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert sizes[0] <= sizes[1], f"the embed overflows at {width}px: {sizes}"
            page.screenshot(path=f"/tmp/embed-year-page-{width}.png")  # a person looks at it
    assert not problems, "\n".join(problems)


def test_a_one_timeline_sites_embed_opens_an_event_on_a_later_year_page(
    served: Served, browser: Any
) -> None:
    with tab(browser, width=400) as page:
        page.goto(f"{served.one}embed/?event={served.late}")
        page.wait_for_url(f"{served.one}{served.page}?embed#{served.late}")
        shown_event(page.main_frame, served.late)


def test_a_one_story_year_address_opens_the_timelines_year_page(
    served: Served, browser: Any
) -> None:
    """The site as it was one story listed the late event at `page` (years/YYYY/): with
    timelines, that address (its #slug, its ?embed, its embed/ address; without
    scripting too) opens the timeline's year page that lists the event."""
    old, new = served.site + served.page, served.site + TIMELINE + served.page
    with tab(browser, width=1000) as page:
        page.goto(f"{old}#{served.late}")
        page.wait_for_url(f"{new}#{served.late}")
        page.locator(f"#{served.late}").wait_for()
        page.goto(f"{old}?embed#{served.late}")
        page.wait_for_url(f"{new}?embed#{served.late}")
        shown_event(page.main_frame, served.late)
        page.goto(f"{old}embed/")
        page.wait_for_url(f"{new}?embed#*")
        assert page.locator("body.page-embed").count() == 1
    with tab(browser, width=1000, js=False) as page:
        page.goto(old)
        page.wait_for_url(f"{new}#*")
        assert page.locator("h1").inner_text() == "Big"


def test_a_year_page_as_an_embed_does_not_move_when_its_script_runs(
    served: Served, browser: Any
) -> None:
    """A year page at ?embed is laid out as an embed from its first paint (years.js, first
    in its body), not when site.js runs after it: site.js held back until the page has
    painted, the layout shifts add up to under 0.02 (they were 0.14 to 0.18: the site's
    header, the lede and the byline went away under the reader's eyes)."""
    from tests.test_reader_browser import LAYOUT_SHIFTS

    held: list[Any] = []
    for width in (360, 1000):
        with tab(browser, width=width) as page:
            held.clear()
            page.route("**/assets/site.*.js", lambda route: held.append(route))
            page.goto(f"{served.site}{TIMELINE}{served.page}?embed", wait_until="commit")
            page.wait_for_function("performance.getEntriesByType('paint').length > 0")
            while not held:
                page.wait_for_timeout(20)
            held[0].continue_()
            page.wait_for_load_state("load")
            page.locator(".embed-header").wait_for(state="attached")  # (site.js ran)
            shifts = page.evaluate(LAYOUT_SHIFTS)
            assert sum(shifts) < 0.02, f"at {width}px: {shifts}"
            assert page.locator("body > header").is_hidden()
    with tab(browser, width=1000) as page:  # (the year page itself is as it was)
        page.goto(f"{served.site}{TIMELINE}{served.page}")
        assert page.locator("body > header").is_visible()
        assert page.locator("body.page-embed").count() == 0
