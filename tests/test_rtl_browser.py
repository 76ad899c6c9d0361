"""A site in Arabic (language: ar), in headless Chromium: its pages are right to left and
mirrored (the header's name on the right, the nav running leftwards, the timeline's rule
and dots on the right, chips from the right, the previous event on the right), nothing
scrolls sideways on a phone, axe finds nothing in either colour scheme, and the ← / → keys
follow the pager. Screenshots land in tests/screenshots/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import build, screenshot, static_server, write_site
from tests.test_reader_browser import tab

pytestmark = pytest.mark.browser

TITLES = ["وزراء الخارجية يجتمعون في القاهرة", "توقيع اتفاق الميناء", "افتتاح الجسر الجديد"]
PAGES = {
    "front": "",
    "event": "events/e2/",
    "person": "people/ada-lovelace/",
    "country": "countries/testland/",
    "people": "people/",
    "sources": "sources/",
    "embed": "embed/",
    "404": "404.html",
}


def rtl_files(language: str = "ar") -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {
        "content/site.yaml": (
            f'title: "الجريدة"\nbase_url: "https://example.org/t/"\nlanguage: {language}\n'
            'search_placeholder: "ابحث في الأحداث"\n'
        ),
        "content/events/first.md": None,
    }
    for n, title in enumerate(TITLES, 1):
        files[f"content/events/e{n}.md"] = (
            f'---\ntitle: "{title}"\nsummary: "ملخص الحدث رقم {n}."\ndate: "2024-0{n}-1{n}"\n'
            "people: [ada-lovelace]\ncountries: [testland]\ntags: [politics]\n"
            f"sources: [wire]\n---\nقال المتحدث [[ada-lovelace]] إن الأمر انتهى [@wire].\n"
        )
    return files


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("rtl") / "site"
    write_site(root, rtl_files())
    result = build(root)
    assert result.code == 0, result.err
    with static_server(root / "output") as base:
        yield base


BOXES = """() => {
  const x = s => { const r = document.querySelector(s).getBoundingClientRect();
                   return [r.left, r.right]; };
  const all = s => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().left);
  return {dir: document.documentElement.dir, name: x('body > header .wrap > a'),
          nav: all('body > header nav a'), chips: all('#timeline .entry .chips a'),
          rule: x('.timeline-list')};
}"""


def test_an_arabic_sites_pages_are_right_to_left_and_mirrored(arabic: str, browser: Any) -> None:
    with tab(browser) as page:
        for kind, path in PAGES.items():
            page.goto(arabic + path)
            assert page.evaluate("document.documentElement.dir") == "rtl", kind
        page.goto(arabic)
        box = page.evaluate(BOXES)
        width = page.evaluate("innerWidth")
        assert box["name"][1] > width / 2  # the site's name on the right
        assert box["nav"][0] > box["nav"][-1]  # the first nav link right of the last
        assert box["chips"][0] > box["chips"][1]  # a person's chip, then the country's, leftwards
        # the timeline's rule: its border on the right edge of the list
        border = page.evaluate(
            "getComputedStyle(document.querySelector('.timeline-list')).borderRightWidth"
        )
        assert border == "2px"
        screenshot(page, "rtl-timeline-1280-light")
        page.goto(arabic + PAGES["event"])
        prev = page.locator(".pager a[rel=prev]").bounding_box()
        nxt = page.locator(".pager a[rel=next]").bounding_box()
        assert prev is not None and nxt is not None and prev["x"] > nxt["x"]
        assert page.locator(".pager a[rel=prev] span").inner_text().startswith("→")
        assert page.locator(".pager a[rel=next] span").inner_text().endswith("←")
        # the key that points at a link follows it: ArrowRight to the previous (on the right)
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/events/e1/")


def test_an_arabic_site_has_nothing_sideways_on_a_phone(arabic: str, browser: Any) -> None:
    wide = []
    with tab(browser, width=360) as page:
        for kind, path in PAGES.items():
            page.goto(arabic + path)
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if sizes[0] > sizes[1]:
                wide.append(f"{kind}: {sizes[0]} px wide in a {sizes[1]} px window")
            # nothing hangs off the left edge either (scrollWidth misses that in RTL)
            left = page.evaluate(
                "Math.min(...[...document.querySelectorAll('body *')]"
                ".filter(e => e.getClientRects().length && getComputedStyle(e).position"
                " !== 'absolute').map(e => e.getBoundingClientRect().left))"
            )
            if left < 0:
                wide.append(f"{kind}: something starts at {left} px")
        page.goto(arabic)
        screenshot(page, "rtl-timeline-360-light")
    assert not wide, wide


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_an_arabic_site(arabic: str, browser: Any, scheme: str) -> None:
    problems = []
    for width in (360, 1280):
        with tab(browser, width=width, scheme=scheme) as page:
            for kind, path in PAGES.items():
                page.goto(arabic + path)
                found = run_axe(page)
                if found:
                    problems.append(f"{kind} at {width}px ({scheme}):\n{describe(found)}")
    assert not problems, "\n".join(problems)


# each element's text: [gap on its left, gap on its right, left of its first letter, left
# of its last letter] (a line of English on a right-to-left page still reads left to right)
LINES = """sels => sels.map(s => {
  const e = document.querySelector(s), box = e.getBoundingClientRect();
  const r = document.createRange(); r.selectNodeContents(e);
  const text = r.getBoundingClientRect();
  const at = (node, i) => { const c = document.createRange(); c.setStart(node, i);
                            c.setEnd(node, i + 1); return c.getBoundingClientRect().left; };
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); const nodes = [];
  while (walk.nextNode()) if (walk.currentNode.data.trim()) nodes.push(walk.currentNode);
  const last = nodes[nodes.length - 1], end = last.data.trimEnd().length - 1;
  return [s, Math.round(text.left - box.left), Math.round(box.right - text.right),
          at(nodes[0], nodes[0].data.length - nodes[0].data.trimStart().length), at(last, end)];
})"""


def test_the_themes_english_lines_keep_to_the_right_and_read_in_order(
    arabic: str, browser: Any
) -> None:
    """The theme's own lines (a date, the count of events, "Topics:", a source's "Cited
    by:") sit on the page's side, as its Arabic titles do, and each still reads left to
    right: "11 January 2024", not "January 2024 11"."""
    wanted = {
        "": ["#timeline .entry > p:first-of-type", ".page-header .muted", "h1"],
        PAGES["event"]: [".event-date", ".tags", "#event-title"],
        PAGES["sources"]: [".page-header .lede"],
    }
    with tab(browser, width=360) as page:
        for path, selectors in wanted.items():
            page.goto(arabic + path)
            for sel, left, right, first, last in page.evaluate(LINES, selectors):
                assert right <= 1 < left, (path, sel, left, right)  # on the right
                if page.evaluate(f"/[a-z]/i.test(document.querySelector('{sel}').textContent)"):
                    assert first < last, (path, sel)  # English: its first letter leftmost


def test_events_cited_by_a_source_are_listed_in_order_each_whole(arabic: str, browser: Any) -> None:
    """On the sources page "Cited by:" names the events in the order written, the first on
    the left of that English line, each title whole: two Arabic titles beside each other
    ran together as one, the second first."""
    with tab(browser) as page:
        page.goto(arabic + PAGES["sources"])
        links = page.locator(".source-index .muted a")
        assert links.count() == 3
        boxes = [links.nth(i).bounding_box() for i in range(3)]
        assert all(b is not None for b in boxes)
        xs = [b["x"] for b in boxes if b]
        tops = {b["y"] for b in boxes if b}
        assert len(tops) == 1 and xs == sorted(xs), boxes  # one line, first to last
        texts = [links.nth(i).inner_text() for i in range(3)]
        assert texts == TITLES


def test_the_english_search_hint_is_read_from_its_start_on_a_phone(
    tmp_path: Path, browser: Any
) -> None:
    """On a right-to-left site that keeps the theme's English search hint, the empty box
    runs left to right, so a phone shows "Search events, …" rather than cutting its start
    off; what a reader types in Arabic runs right to left. A site's own Arabic hint runs
    the page's way (the `arabic` site)."""
    files = rtl_files()
    files["content/site.yaml"] = str(files["content/site.yaml"]).split("search_placeholder")[0]
    root = write_site(tmp_path / "site", files)
    assert build(root).code == 0
    direction = "getComputedStyle(document.getElementById('search-input')).direction"
    with static_server(root / "output") as base, tab(browser, width=360) as page:
        page.goto(base)
        box = page.locator("#search-input")
        assert box.get_attribute("placeholder") == "Search events, people, countries"
        assert page.evaluate(direction) == "ltr"
        screenshot(page, "rtl-search-hint-360-light")
        box.fill("الميناء")
        assert page.evaluate(direction) == "rtl"


def test_a_sites_own_search_hint_runs_the_pages_way(arabic: str, browser: Any) -> None:
    with tab(browser, width=360) as page:
        page.goto(arabic)
        assert page.locator("#search-input").get_attribute("dir") is None
        assert (
            page.evaluate("getComputedStyle(document.getElementById('search-input')).direction")
            == "rtl"
        )


def test_the_footer_reads_as_the_english_line_it_is(arabic: str, browser: Any) -> None:
    """The footer's line begins with the site's Arabic name, then reads on left to right on
    the page's side: its full stop ends it, not the start of its next line."""
    with tab(browser, width=360) as page:
        page.goto(arabic)
        line = page.locator("body > footer p").first
        words = line.inner_text()
        assert words.startswith("الجريدة. Every entry is sourced") and words.endswith("Feed.")
        ((_, left, right, _, last),) = page.evaluate(LINES, ["body > footer p"])
        assert right <= 1 < left
        feed = page.locator("body > footer p a").last.bounding_box()
        assert feed is not None and last > feed["x"]  # the full stop after "Feed"


WORDS = """([sel, word]) => {
  const el = document.querySelector(sel);
  const text = el.firstChild, at = text.data.indexOf(word);
  const range = document.createRange();
  range.setStart(text, at);
  range.setEnd(text, at + word.length);
  const r = range.getBoundingClientRect();
  return [r.left, r.right];
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_related_events_date_stays_after_its_arabic_title(
    tmp_path: Path, browser: Any, language: str
) -> None:
    """A related event with an Arabic title, its date after it: "20 February 2024" stays
    whole after the title; the 20 was drawn before the title on a left-to-right page (the
    title's run took it) and after "February 2024" on a right-to-left one."""
    files = rtl_files(language)
    files["content/events/e3.md"] = str(files["content/events/e3.md"]).replace(
        "tags: [politics]\n", "tags: [politics]\nrelated: [e1, e2]\n"
    )
    write_site(tmp_path, files)
    result = build(tmp_path)
    assert result.code == 0, result.err
    with static_server(tmp_path / "output") as base, tab(browser) as page:
        page.goto(base + "events/e3/")
        title = page.locator(".related li:first-child > a").bounding_box()
        day = page.evaluate(WORDS, [".related li:first-child > span", "11"])
        month = page.evaluate(WORDS, [".related li:first-child > span", "January"])
        assert title is not None
        assert day[1] < month[0]  # "11 January 2024", in that order
        if language == "en":  # the date after the title, on its right
            assert title["x"] + title["width"] <= day[0]
        else:  # on its left
            assert month[1] <= title["x"]
