"""The reader's timeline (issue 7) in headless Chromium: filters, search, keyboard, phone
width, axe in both colour schemes, layout shift, page weight and third-party requests.

Runs on the sample site, on rosetta (written by someone else, served under a sub-path)
and on the 40-event story of test_reader. Screenshots of every page type at desktop and
phone width land in tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import (
    REPO,
    SITES,
    TODAY,
    build,
    chip_slugs,
    entry_topics,
    html,
    run,
    screenshot,
    static_server,
)
from tests.test_reader import write_story

pytestmark = pytest.mark.browser


class Site:
    """A built site and the loopback URL it is served at."""

    def __init__(self, name: str, out: Path, base: str) -> None:
        self.name, self.out, self.base = name, out, base
        # the sample's front page lists its two timelines; this one has every event
        self.timeline = "timelines/modi-in-moscow/" if name == "sample" else ""
        self.home = base + self.timeline
        """The URL of the timeline of every event."""
        self.root = "../../" if self.timeline else "./"
        """The site's root, relative to that page."""

    def entries(self) -> list[dict[str, Any]]:
        soup = html(self.out / self.timeline / "index.html")
        return [
            {
                "slug": li["id"],
                "country": chip_slugs(li, "countries"),
                "person": chip_slugs(li, "people"),
                "tag": entry_topics(li),
            }
            for li in soup.select("#timeline li.entry")
        ]

    def first(self, pattern: str) -> str:
        """The first output page matching a glob, as a URL path relative to the site."""
        path = sorted(self.out.glob(pattern))[0]
        return path.relative_to(self.out).as_posix().removesuffix("index.html")

    def page_types(self) -> dict[str, str]:
        event = self.first("events/*/index.html")
        if self.name == "sample":
            event = "events/india-russia-summit-2024/"
        return {
            "timeline": self.timeline,
            "event": event,
            "person": self.first("people/*/index.html"),
            "country": self.first("countries/*/index.html"),
            "people": "people/",
            "countries": "countries/",
            "sources": "sources/",
            "404": "404.html",
        }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    sample = tmp_path_factory.mktemp("browser-sample") / "output"
    result = run("build", REPO, "--output", sample, "--today", TODAY, "--quiet", "--clean")
    assert result.code == 0, result.err
    story_root = write_story(tmp_path_factory.mktemp("browser-story") / "site")
    assert build(story_root).code == 0
    rosetta_root = tmp_path_factory.mktemp("browser-rosetta") / "site"
    shutil.copytree(
        SITES / "rosetta", rosetta_root, ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    assert build(rosetta_root).code == 0
    with (
        static_server(sample) as a,
        static_server(story_root / "output") as b,
        static_server(rosetta_root / "output", prefix="/rosetta/") as c,
    ):
        yield {
            "sample": Site("sample", sample, a),
            "story": Site("story", story_root / "output", b),
            "rosetta": Site("rosetta", rosetta_root / "output", c),
        }


@contextlib.contextmanager
def tab(browser: Any, width: int = 1280, scheme: str = "light", js: bool = True) -> Iterator[Any]:
    """A fresh page; fails the test on any JavaScript error or request off the loopback."""
    ctx = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=js
    )
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            None
            if req.url.startswith(("http://127.0.0.1:", "data:"))
            else errors.append(f"third-party request: {req.url}")
        ),
    )
    try:
        yield page
        assert not errors, errors
    finally:
        ctx.close()


def visible_entries(page: Any) -> list[str]:
    ids: list[str] = page.evaluate(
        "[...document.querySelectorAll('#timeline li.entry')]"
        ".filter(li => li.offsetParent !== null).map(li => li.id)"
    )
    return ids


def pick_filters(site: Site) -> dict[str, str]:
    """A country and a person that share some, but not all, events."""
    if site.name == "sample":
        return {"country": "india", "person": "narendra-modi"}
    entries = site.entries()
    for e in entries:
        for c in e["country"]:
            for p in e["person"]:
                n = sum(1 for x in entries if c in x["country"] and p in x["person"])
                if 1 < n < len(entries) // 2:
                    return {"country": c, "person": p}
    e = entries[0]
    return {"country": e["country"][0], "person": e["person"][0]}


def expected(site: Site, chosen: dict[str, str]) -> list[str]:
    return [e["slug"] for e in site.entries() if all(v in e[k] for k, v in chosen.items())]


# -- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "story", "rosetta"])
def test_filter_by_country_and_person(sites: dict[str, Site], browser: Any, name: str) -> None:
    site = sites[name]
    chosen = pick_filters(site)
    want = expected(site, chosen)
    total = len(site.entries())
    assert 0 < len(want) < total
    with tab(browser) as page:
        page.goto(site.home)
        assert page.locator("#finder").is_visible()
        assert page.locator("#filter-status").inner_text() == f"Showing all {total} events."
        page.locator("#filters summary").click()
        page.locator(f"input[name=country][value={chosen['country']}]").check()
        page.locator(f"input[name=person][value={chosen['person']}]").check()
        assert visible_entries(page) == want
        status = page.locator("#filter-status").inner_text()
        assert status.startswith(f"Showing {len(want)} of {total} events")
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"country": [chosen["country"]], "person": [chosen["person"]]}
        # years with nothing left disappear; the strip greys out what the list hides
        for year in page.locator("#timeline section.year").all():
            has_visible = year.locator("li.entry:visible").count() > 0
            assert year.is_visible() == has_visible
        off = page.evaluate(
            "[...document.querySelectorAll('svg.overview-wide a.m.off')]"
            ".map(a => a.getAttribute('href').slice(1))"
        )
        assert set(off) <= {e["slug"] for e in site.entries()} - set(want)
        assert off
        screenshot(page, f"reader-{name}-timeline-filtered-1280")


def test_shared_filtered_url_applies_on_load_and_clears(
    sites: dict[str, Site], browser: Any
) -> None:
    site = sites["sample"]
    want = expected(site, {"country": "ukraine", "tag": "missile-strike"})
    assert want == ["kyiv-missile-strike-okhmatdyt"]
    with tab(browser) as page:
        page.goto(site.home + "?country=ukraine&tag=missile-strike")
        assert visible_entries(page) == want
        assert page.locator("input[name=country][value=ukraine]").is_checked()
        assert page.locator("input[name=tag][value=missile-strike]").is_checked()
        assert "1 of 9" in page.locator("#filter-status").inner_text()
        # comma-separated values work too, and unknown ones are ignored
        page.goto(site.home + "?person=vladimir-putin,narendra-modi&country=atlantis")
        both = [
            e["slug"]
            for e in site.entries()
            if {"vladimir-putin", "narendra-modi"} <= set(e["person"])
        ]
        assert visible_entries(page) == both and 1 < len(both) < 9
        page.locator("#filter-clear").click()
        assert len(visible_entries(page)) == 9
        assert urlsplit(page.url).query == ""
        # an event page's topic link (the tag by name) lands on the filtered timeline
        page.goto(site.base + "events/kyiv-missile-strike-okhmatdyt/")
        page.locator("p.tags a", has_text="Missile strike").click()
        page.wait_for_load_state()
        assert visible_entries(page) == ["kyiv-missile-strike-okhmatdyt"]


def test_without_javascript_everything_is_listed(sites: dict[str, Site], browser: Any) -> None:
    site = sites["sample"]
    with tab(browser, js=False) as page:
        page.goto(site.home + "?country=ukraine")
        assert not page.locator("#finder").is_visible()
        assert len(visible_entries(page)) == len(site.entries())
        assert page.locator("figure.overview svg.overview-wide").is_visible()


LAYOUT_SHIFTS = """() => new Promise(done => {
    const seen = [];
    new PerformanceObserver(list => seen.push(...list.getEntries().map(e => e.value)))
        .observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(seen), 500);
})"""


@pytest.mark.parametrize("name", ["sample", "story", "rosetta"])
def test_a_timeline_page_does_not_move_when_its_script_runs(
    sites: dict[str, Site], browser: Any, name: str
) -> None:
    """site.js held back until the page has painted, as on a slow connection: the search
    and filters are there from the first paint, and on a phone the introduction and the
    strip are folded from it, so nothing moves when it runs (cumulative layout shift under
    0.02, a "good" page's 0.1 with room to spare). The sample's timeline of every event
    (a site with timelines), a one-story site's front page, and rosetta's."""
    site = sites[name]
    held: list[Any] = []  # the request for site.js, kept waiting
    for width, scheme in itertools.product((360, 1280), ("light", "dark")):
        with tab(browser, width=width, scheme=scheme) as page:
            held.clear()
            page.route("**/assets/site.*.js", lambda route: held.append(route))
            page.goto(site.home, wait_until="commit")
            page.wait_for_function("performance.getEntriesByType('paint').length > 0")
            while not held:
                page.wait_for_timeout(20)
            held[0].continue_()
            page.wait_for_load_state("load")
            shifts = page.evaluate(LAYOUT_SHIFTS)
            # (site.js ran: it makes the filter options checkboxes)
            assert page.locator("#finder input[type=checkbox]").count()
            assert sum(shifts) < 0.02, f"{name} at {width}px ({scheme}): {shifts}"
    # without scripting nothing is folded, and there is no finder to use
    with tab(browser, width=360, js=False) as page:
        page.goto(site.home)
        assert page.locator("#finder").is_hidden()
        assert page.locator("#strip-more .overview").is_visible()
        if page.locator("#story-more").count():
            assert page.locator("#story-more > :not(summary)").first.is_visible()


def test_print_shows_every_entry_with_source_urls(sites: dict[str, Site], browser: Any) -> None:
    site = sites["story"]
    with tab(browser) as page:
        page.goto(site.home + "?country=norway")
        assert len(visible_entries(page)) < len(site.entries())
        page.emulate_media(media="print")
        assert len(visible_entries(page)) == len(site.entries())
        assert not page.locator("#finder").is_visible()
        assert not page.locator("figure.overview").is_visible()
        source = page.locator("li.entry .print-sources a").first
        assert source.is_visible()
        url = source.evaluate("a => getComputedStyle(a, '::after').content")
        assert url.startswith('" <https://example.org/wire/'), url
        page.pdf(path=str(REPO / "tests" / "screenshots" / "reader-story-timeline-print.pdf"))


# -- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "query", "slug"),
    [
        ("sample", "okhmat", "events/kyiv-missile-strike-okhmatdyt/"),
        ("sample", "orban", "people/viktor-orban/"),
        ("story", "makela", "people/eero-makela/"),
        ("story", "Mäkelä retires", None),
        ("story", "gotland summit", "events/three-day-summit-on-gotland/"),
        ("rosetta", "philae", "events/philae-landing/"),
    ],
)
def test_search_as_you_type_and_reach_the_result(
    sites: dict[str, Site], browser: Any, name: str, query: str, slug: str | None
) -> None:
    site = sites[name]
    with tab(browser) as page:
        fetched: list[str] = []
        page.on("request", lambda req: fetched.append(req.url))
        page.goto(site.home)
        assert not any("/search/" in u for u in fetched), "index loaded before use"
        page.locator("#search-input").focus()
        page.keyboard.type(query, delay=20)
        if slug is None:
            page.wait_for_function(
                "document.getElementById('search-status').textContent.startsWith('No results')"
            )
            assert page.locator("#search-results").is_hidden()
            return
        first = page.locator("#search-results li a").first
        first.wait_for()
        assert any(u.endswith("search/index.json") for u in fetched)
        assert str(first.get_attribute("href")).removeprefix(site.root) == slug
        assert page.locator("#search-status").inner_text().endswith(".")
        screenshot(page, f"reader-{name}-search-{re.sub(r'[^a-z]+', '-', query.lower())}")
        page.keyboard.press("Enter")
        page.wait_for_url(site.base + slug)
        title = html(site.out / slug / "index.html").select_one("h1")
        assert title is not None
        assert page.locator("h1").inner_text().strip() == title.get_text().strip()


# -- keyboard --------------------------------------------------------------------------------


FOCUS_RING = """() => {
  const el = document.activeElement;
  const css = getComputedStyle(el);
  const ring = css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) >= 2;
  const label = el.closest('label');
  const shape = el.querySelector && el.querySelector('circle, rect, path');
  const svgRing = shape && parseFloat(getComputedStyle(shape).strokeWidth) >= 2;
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, id: el.id, name: el.name || '',
          cls: String(el.className.baseVal ?? el.className),
          href: el.getAttribute('href'), ring: ring || !!svgRing,
          inView: box.bottom > 0 && box.top < innerHeight,
          label: label ? label.textContent.trim() : ''};
}"""


def test_timeline_by_keyboard_alone(sites: dict[str, Site], browser: Any) -> None:
    site = sites["sample"]
    with tab(browser) as page:
        page.goto(site.home)
        page.keyboard.press("Tab")
        skip = page.evaluate(FOCUS_RING)
        assert skip["href"] == "#main" and skip["ring"] and skip["inView"]
        screenshot(page, "reader-sample-skip-link")
        page.keyboard.press("Enter")
        seen = []
        for _ in range(60):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUS_RING)
            assert info["ring"], f"no visible focus on {info}"
            assert info["inView"], f"focused element scrolled out of view: {info}"
            seen.append(info)
            if info["id"] == "search-input":
                break
        assert seen[-1]["id"] == "search-input"
        page.keyboard.press("Tab")
        summary = page.evaluate(FOCUS_RING)
        assert summary["tag"] == "SUMMARY"
        page.keyboard.press("Enter")
        assert page.locator("#filters").get_attribute("open") is not None
        page.keyboard.press("Tab")
        first_box = page.evaluate(FOCUS_RING)
        assert first_box["tag"] == "INPUT" and first_box["ring"]
        screenshot(page, "reader-sample-filter-focus")
        page.keyboard.press("Space")
        assert "Showing" in page.locator("#filter-status").inner_text()
        assert urlsplit(page.url).query.startswith(f"{first_box['name']}=")
        # onwards through every option, the clear button, the strip and the entries
        kinds = set()
        for _ in range(80):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUS_RING)
            assert info["ring"], f"no visible focus on {info}"
            kinds.add(info["id"] or info["cls"] or info["tag"])
            if info["href"] and info["href"].removeprefix(site.root).startswith("events/"):
                break
        assert "filter-clear" in kinds
        assert any("m " in k or k.startswith("m") for k in kinds), kinds
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/events/[a-z0-9-]+/$"))


def test_event_pages_step_with_arrow_keys(sites: dict[str, Site], browser: Any) -> None:
    site = sites["sample"]
    start = "events/peskov-jealous-remark/"
    soup = html(site.out / start / "index.html")
    prev_href = soup.select_one("a[rel=prev]")["href"]
    next_href = soup.select_one("a[rel=next]")["href"]
    with tab(browser) as page:
        page.goto(site.base + start)
        page.keyboard.press("ArrowRight")
        page.wait_for_url(site.base + "events/" + str(next_href).split("/")[-2] + "/")
        page.keyboard.press("ArrowLeft")
        page.wait_for_url(site.base + start)
        page.keyboard.press("ArrowLeft")
        page.wait_for_url(site.base + "events/" + str(prev_href).split("/")[-2] + "/")
        # not while typing: an input keeps its arrow keys
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('afterbegin', '<input id=t>')"
        )
        here = page.url
        page.locator("#t").focus()
        page.keyboard.type("ab")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert page.url == here
        # nor with a modifier (Alt+Left is the browser's own back)
        page.locator("h1").click()
        page.keyboard.press("Shift+ArrowRight")
        page.wait_for_timeout(300)
        assert page.url == here
    with tab(browser) as page:
        page.goto(site.home)
        page.locator("#search-input").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        assert page.url == site.home


OPTIONS = """kind => [...document.querySelectorAll(`fieldset[data-name=${kind}] label`)]
    .map(label => {
        const box = label.querySelector("input"), name = label.cloneNode(true);
        name.querySelectorAll(".n, i").forEach(el => el.remove());
        const flag = label.querySelector("i"), text = name.textContent.trim();
        return [box.type, box.name, box.value, text, flag && flag.textContent.trim()];
    })"""
"""Each filter option of a fieldset as site.js made it: its box's type, name and value,
the label's name (without its count) and flag."""


def letters(flag: str) -> str:
    """A flag emoji as its ISO code: site.js writes the code where the system has no flag
    glyphs (headless Chromium has none)."""
    return "".join(
        chr(ord(c) - 0x1F1E6 + 65) if "\U0001f1e6" <= c <= "\U0001f1ff" else c for c in flag
    )


def chip_options(page: Path, kind: str) -> list[list[Any]]:
    """The options a page's entries' chips give for `kind` (country or person): one per
    country or person, sorted as the build sorts them (by name without accents, then
    address), a country with its flag."""
    folder = "countries" if kind == "country" else "people"
    found: dict[str, list[Any]] = {}
    for a in html(page).select("#timeline li.entry .chips a"):
        parts = str(a["href"]).rstrip("/").split("/")
        if parts[-2] != folder:
            continue
        flag = a.select_one("i")
        name = "".join(a.find_all(string=True, recursive=False)).strip()
        found[parts[-1]] = ["checkbox", kind, parts[-1], name, flag and letters(flag.get_text())]

    def key(option: list[Any]) -> tuple[str, str]:
        bare = unicodedata.normalize("NFKD", option[3])
        return "".join(c for c in bare if not unicodedata.combining(c)).casefold(), option[2]

    return sorted(found.values(), key=key)


@pytest.mark.parametrize("name", ["sample", "story", "rosetta"])
def test_country_and_person_options_are_listed_from_the_entries_chips(
    sites: dict[str, Site], browser: Any, name: str
) -> None:
    """The page writes each country's and person's name once, in its entries' chips, and an
    empty fieldset that site.js fills: every country and person of the page, sorted, a
    country with its flag, each a checkbox (test_filter_by_country_and_person ticks
    them); at 360 and 1280 px, light and dark, axe finds nothing with the filters open
    and nothing scrolls sideways."""
    site = sites[name]
    page_file = site.out / site.timeline / "index.html"
    for width, scheme in itertools.product((360, 1280), ("light", "dark")):
        with tab(browser, width=width, scheme=scheme) as page:
            page.goto(site.home)
            page.locator("#filters summary").click()
            for kind in ("country", "person"):
                made = page.evaluate(OPTIONS, kind)
                assert made == chip_options(page_file, kind), (kind, width)
                assert made or kind == "country"
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert sizes[0] <= sizes[1], f"overflows at {width}px: {sizes}"
            found = run_axe(page)
            assert not found, describe(found)
            screenshot(page, f"reader-{name}-options-{width}-{scheme}")


# -- every device ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "story", "rosetta"])
def test_no_horizontal_scroll_at_360_and_screenshots(
    sites: dict[str, Site], browser: Any, name: str
) -> None:
    site = sites[name]
    for width in (360, 1280):
        with tab(browser, width=width) as page:
            for kind, path in site.page_types().items():
                page.goto(site.base + path)
                if kind == "timeline":
                    page.locator("#filters summary").click()
                    page.locator("#search-input").fill("the")
                    page.locator("#search-results li").first.wait_for()
                sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
                assert sizes[0] <= sizes[1], f"{kind} {path} overflows at {width}px: {sizes}"
                if kind == "timeline":
                    screenshot(page, f"reader-{name}-{kind}-open-{width}")
                    page.reload()
                screenshot(page, f"reader-{name}-{kind}-{width}")


def test_a_person_strip_is_one_drawing_whose_marks_are_links_at_every_width(
    sites: dict[str, Site], browser: Any
) -> None:
    """A person's strip is one SVG for desktops and phones: at 360 and 1280 px each of
    their events is a round dot or a bar inside the strip, and tapping a dot opens it."""
    site = sites["sample"]
    path = "people/vladimir-putin/"
    listed = {a["href"] for a in html(site.out / path / "index.html").select("ol.event-list a")}
    for width in (360, 1280):
        with tab(browser, width=width) as page:
            page.goto(site.base + path)
            strip = page.locator("figure.overview > svg")
            assert strip.count() == 1 and strip.is_visible()
            box = strip.bounding_box()
            marks = page.locator("figure.overview a.m")
            assert {marks.nth(i).get_attribute("href") for i in range(marks.count())} == listed
            # (a bar's name may run past the strip's edge, clipped: its box is what counts)
            shapes = page.locator("figure.overview a.m :is(circle, rect)")
            for i in range(shapes.count()):
                mark = shapes.nth(i).bounding_box()
                right = mark["x"] + mark["width"]
                assert box["x"] - 1 <= mark["x"] and right <= box["x"] + box["width"] + 6
            dots = page.locator("figure.overview a.m circle")
            for i in range(dots.count()):
                dot = dots.nth(i).bounding_box()
                assert dot["width"] == pytest.approx(dot["height"], abs=0.5)  # round, not stretched
            # the year labels a phone has no room for are hidden there, not squeezed
            labels = page.locator("figure.overview .ticks text:visible")
            xs = sorted(labels.nth(i).bounding_box()["x"] for i in range(labels.count()))
            assert len(xs) >= 2 and all(b - a >= 30 for a, b in itertools.pairwise(xs))
            first = page.locator("figure.overview a.m circle").last
            href = first.evaluate("c => c.closest('a').getAttribute('href')")
            first.click()
            page.wait_for_url(re.compile(re.escape(str(href).split("/")[-2]) + "/$"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(sites: dict[str, Site], browser: Any, scheme: str) -> None:
    problems = []
    for name in ("sample", "story"):
        site = sites[name]
        types = site.page_types()
        with tab(browser, scheme=scheme) as page:
            for kind in ("timeline", "event", "person", "country", "people", "sources"):
                page.goto(site.base + types[kind])
                found = run_axe(page)
                if found:
                    problems.append(f"{name} {kind} ({scheme}):\n{describe(found)}")
            # the timeline with the filters open, a filter on and search results showing
            page.goto(site.home)
            page.locator("#filters summary").click()
            page.locator("#filters input[type=checkbox]").first.check()
            page.locator("#search-input").fill("the")
            page.locator("#search-results li").first.wait_for()
            found = run_axe(page)
            if found:
                problems.append(f"{name} timeline, filters open ({scheme}):\n{describe(found)}")
            screenshot(page, f"reader-{name}-timeline-open-{scheme}")
        with tab(browser, width=360, scheme=scheme) as page:
            page.goto(site.home)
            found = run_axe(page)
            if found:
                problems.append(f"{name} timeline at 360px ({scheme}):\n{describe(found)}")
    assert not problems, "\n".join(problems)


def test_timeline_is_light_and_local(sites: dict[str, Site], browser: Any) -> None:
    site = sites["sample"]
    # the front page and the timeline of every event: at most 80 KB each, HTML, CSS and
    # scripts, before images (issue 19)
    for address in (site.base, site.home):
        with tab(browser) as page:
            responses: list[Any] = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(address, wait_until="load")
            page.wait_for_load_state("networkidle")
            # bodies read once the page is idle, not inside the event handler: there a
            # body() that raised under load was lost and the file went unrecorded
            sizes = {r.url: len(r.body()) for r in responses if r.request.resource_type != "image"}
            total = sum(sizes.values())
            kinds = {urlsplit(u).path.rsplit(".", 1)[-1] for u in sizes}
            assert {"css", "js"} <= kinds, sizes
            assert total <= 80_000, sizes
            assert not any("/search/" in u for u in sizes)
            print(f"{address} transferred before images: {total / 1000:.1f} KB {sizes}")
    # every page type of every site asks nothing of anyone else (tab() asserts it)
    for s in sites.values():
        with tab(browser) as page:
            for path in s.page_types().values():
                page.goto(s.base + path, wait_until="networkidle")
