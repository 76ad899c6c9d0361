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
