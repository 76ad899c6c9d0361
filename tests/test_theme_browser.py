"""What a reader of the default theme saw, found by looking at every page type at 1280 and
360 px, light and dark: a strip's bar names clipped mid-word on a phone, the names of
filtered-out bars see-through ghosts, the default search placeholder cut off on a phone,
a paged source index's numbers off the screen's edge. Each test fails on the old theme."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .a11y import describe, run_axe
from .conftest import build, html, static_server
from .test_reader_large import generated

PHONE = {"width": 360, "height": 800}
DESK = {"width": 1280, "height": 900}


@contextlib.contextmanager
def opened(
    browser: Any, url: str, viewport: dict[str, int], scheme: str = "light"
) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
    finally:
        context.close()


BAR_NAMES = """() => [
  ...document.querySelectorAll('.overview-fluid svg[width] > rect + text')
].map(t => ({
    text: t.textContent, used: t.getComputedTextLength() + 2 * t.x.baseVal[0].value,
    room: t.parentNode.width.animVal.value, title: t.closest('a').querySelector('title').textContent
}))"""


def test_a_strips_bar_names_fit_their_bars_on_a_phone(browser: Any, sample: Path) -> None:
    """India's strip has 'India becomes a major buyer of Russian oil (Modi in Moscow)', a
    bar across most of it: at 360 px the build's name ran past the bar's end, clipped as
    'India becomes a major buyer of Russi'."""
    with static_server(sample) as base:
        with opened(browser, base + "countries/india/", DESK) as page:
            wide = page.evaluate(BAR_NAMES)
            page.set_viewport_size(PHONE)  # and back to a phone without a reload
            page.wait_for_timeout(100)
            resized = page.evaluate(BAR_NAMES)
        with opened(browser, base + "countries/india/", PHONE, "dark") as page:
            phone = page.evaluate(BAR_NAMES)
    assert wide and not any(n["text"].endswith("…") for n in wide)  # room for the whole name
    for names in (phone, resized):
        assert names == phone
        for name in names:
            assert name["used"] <= name["room"] + 0.5, name
            shown = name["text"].removesuffix("…")
            assert name["text"] == "" or name["title"].split(": ", 1)[1].startswith(shown)
        assert any(n["text"].endswith("…") and len(n["text"]) > 10 for n in names)  # words


OFF_MARKS = """() => [...document.querySelectorAll('svg.overview-wide a.m.off')].map(a => {
    const shape = a.querySelector('path, rect, circle'), text = a.querySelector('text');
    return {opacity: getComputedStyle(a).opacity, fill: getComputedStyle(shape).fill,
            text: text && text.textContent, ink: text && getComputedStyle(text).fill};
})"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filtered_out_bars_keep_a_legible_name(browser: Any, sample: Path, scheme: str) -> None:
    """?tag=energy leaves the invasion's bar out: it was drawn at 15 % opacity, its white
    name on a pale bar (1.3:1); now grey, its name muted on it."""
    with static_server(sample) as base:
        url = base + "timelines/modi-in-moscow/?tag=energy"
        with opened(browser, url, DESK, scheme) as page:
            page.wait_for_selector("svg.overview-wide a.m.off")
            off = page.evaluate(OFF_MARKS)
    named = [m for m in off if m["text"]]
    assert len(off) > 5 and named, off
    assert all(m["opacity"] == "1" for m in off)
    for mark in named:
        assert _contrast(mark["ink"], mark["fill"]) >= 4.5, mark


def test_the_default_search_placeholder_ends_in_an_ellipsis_on_a_phone(
    browser: Any, site: Callable[..., Path]
) -> None:
    root = site()
    assert build(root).code == 0
    with static_server(root / "output") as base, opened(browser, base, PHONE) as page:
        box = page.evaluate(
            """() => { const i = document.getElementById('search-input');
            const overflow = getComputedStyle(i).textOverflow;
            i.value = i.placeholder;  // as wide as the placeholder's text
            return {needs: i.scrollWidth, room: i.clientWidth, overflow: overflow}; }"""
        )
    assert box["needs"] > box["room"]  # 'Search events, people, countries' is wider
    assert box["overflow"] == "ellipsis"  # so it ends in '…', not cut mid-word


MARKERS = """() => { const ol = document.querySelector('.source-index'), li = ol.lastElementChild;
    const n = ol.start + ol.children.length - 1, probe = document.createElement('span');
    probe.textContent = n + '. ';
    probe.style.cssText = 'position: absolute; white-space: pre';
    probe.style.font = getComputedStyle(li).font;
    document.body.append(probe);
    const left = li.getBoundingClientRect().left;
    return {number: n, left: left, marker: probe.getBoundingClientRect().width}; }"""


def test_a_paged_source_index_keeps_its_numbers_on_a_phone(
    browser: Any, site: Callable[..., Path]
) -> None:
    """1,010 sources: page 11 numbers them 1001 to 1010, and '1010. ' hung off the left
    edge of a phone's screen (shown as '010.')."""
    root = site(_cited_sources(1010))
    assert build(root).code == 0
    with static_server(root / "output") as base:
        for scheme in ("light", "dark"):
            with opened(browser, base + "sources/11/", PHONE, scheme) as page:
                last = page.evaluate(MARKERS)
            assert last["number"] == 1010
            assert last["left"] >= last["marker"] + 4, last


PAGER = """() => { const nav = document.querySelector('nav.source-pages');
    const box = nav.getBoundingClientRect();
    const items = [...nav.querySelectorAll('li')].map(li => {
        const r = li.getBoundingClientRect(), a = li.querySelector('a');
        return {text: li.textContent, left: r.left, right: r.right, mid: r.top + r.height / 2,
                current: !!(a && a.getAttribute('aria-current'))}; });
    return {items: items, left: box.left, right: box.right,
            wider: document.documentElement.scrollWidth > window.innerWidth}; }"""


def test_a_long_pager_of_sources_shows_its_ends_and_the_pages_around(
    browser: Any, site: Callable[..., Path]
) -> None:
    """1,400 sources on 14 pages: page 7 names pages 1 to 11 (a run of one left out is
    named, not counted) and 14, and says how many it leaves out, on at most two lines
    that scroll nowhere on a phone or a desk, light and dark, with nothing for axe to
    find."""
    root = site(_cited_sources(1400))
    assert build(root).code == 0
    with static_server(root / "output") as base:
        for viewport in (PHONE, DESK):
            for scheme in ("light", "dark"):
                with opened(browser, base + "sources/7/", viewport, scheme) as page:
                    pager = page.evaluate(PAGER)
                    violations = run_axe(page)
                texts = [i["text"] for i in pager["items"]]
                assert texts == [*map(str, range(1, 12)), "… 2 more", "14"]
                assert [i["text"] for i in pager["items"] if i["current"]] == ["7"]
                assert not pager["wider"]
                assert all(
                    pager["left"] <= i["left"] and i["right"] <= pager["right"]
                    for i in pager["items"]
                )
                assert (
                    len({round(i["mid"]) for i in pager["items"]}) <= 2
                )  # (a line's items centred)
                assert not violations, describe(violations)


def test_the_sources_page_of_a_site_with_timelines_says_site(sample: Path, tmp_path: Path) -> None:
    lede = html(sample / "sources/index.html").select_one(".lede")
    assert lede is not None and lede.get_text().startswith("Every claim on this site rests")


CURRENT = """() => { const bins = document.querySelector('.year-bins');
    const box = bins.getBoundingClientRect();
    const cur = bins.querySelector('[aria-current]').getBoundingClientRect();
    return {wider: bins.scrollWidth > bins.clientWidth, left: cur.left - box.left,
            right: box.right - cur.right, scrolled: window.scrollY}; }"""


def test_a_year_navigator_on_a_phone_shows_the_current_column(browser: Any, tmp_path: Path) -> None:
    """A 35-year navigator is 840 px of columns: on a phone the latest years' pages had
    their own column scrolled out of sight."""
    root = generated(tmp_path / "site", 250)
    assert build(root).code == 0
    years = sorted(p.name for p in (root / "output/years").iterdir() if p.name.isdigit())
    with static_server(root / "output") as base:
        for year in (years[-1], years[len(years) // 2], years[0]):
            with opened(browser, f"{base}years/{year}/", PHONE) as page:
                shown = page.evaluate(CURRENT)
            assert shown["wider"] and shown["left"] >= 0 and shown["right"] >= 0, (year, shown)
            assert shown["scrolled"] == 0  # the page itself stays at its top


# A chip's initials are its link's ::before (drawn from data-i): their ink is measured on a
# probe in the same font, their circle from the pseudo-element's resolved size.
INITIALS = """() => [...document.querySelectorAll('.chips a[data-i], .initials')].map(s => {
    const chip = s.matches('a'), style = getComputedStyle(s, chip ? '::before' : null);
    const text = chip ? s.dataset.i : s.textContent, probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;white-space:nowrap;font:' + style.font;
    probe.textContent = text;
    document.body.append(probe);
    const ink = probe.getBoundingClientRect().width;
    probe.remove();
    if (!chip) {
        const box = s.getBoundingClientRect();
        return {text, ink, box: box.width, height: box.height};
    }
    return {text, ink, box: parseFloat(style.width), height: parseFloat(style.height)}; })"""


def test_wide_initials_stay_inside_their_circle(browser: Any, site: Callable[..., Path]) -> None:
    """'MM' (Mara Marlow) in bold filled the 1.4rem circle of a person's chip edge to edge,
    the corners of both M's cut off by the circle, on every page with a person's chip."""
    root = site({"content/people/ada-lovelace.md": '---\nname: "Mara Marlow"\n---\nA mayor.\n'})
    assert build(root).code == 0
    with static_server(root / "output") as base:
        for path, scheme in (("", "light"), ("events/first/", "dark"), ("people/", "light")):
            with opened(browser, base + path, PHONE, scheme) as page:
                marks = page.evaluate(INITIALS)
            assert marks and all(m["text"] == "MM" for m in marks), path
            for m in marks:
                # 2 px of circle at least either side of the letters, round (not a pill)
                assert m["ink"] + 4 <= m["box"] <= m["height"], (path, m)


BADGE_LINE = """() => { const a = document.querySelector('.lede a'), badge = a.querySelector('i');
    const word = document.createRange();
    word.setStart(badge.nextSibling, 1);
    word.setEnd(badge.nextSibling, 2);
    return {badge: badge.getBoundingClientRect().top, name: word.getBoundingClientRect().top,
            height: badge.getBoundingClientRect().height}; }"""


def test_a_persons_country_badge_stays_beside_the_countrys_name(browser: Any, sample: Path) -> None:
    """Narendra Modi's lede, 'Prime Minister of India, [IN] India': at 360 px the badge
    ended the first line and 'India' began the next, a lone box of letters at the edge."""
    soup = html(sample / "people/narendra-modi/index.html")
    kept = soup.select_one(".lede a > span")  # the badge and the name's first word
    assert kept is not None and kept.i is not None and kept.get_text().endswith(" India")
    with (
        static_server(sample) as base,
        opened(browser, base + "people/narendra-modi/", PHONE) as page,
    ):
        for width in range(300, 420, 4):  # wherever the line happens to end
            page.set_viewport_size({"width": width, "height": 800})
            line = page.evaluate(BADGE_LINE)
            assert abs(line["badge"] - line["name"]) < line["height"], (width, line)


CITATION_LINES = """() => [...document.querySelectorAll('sup:has(> a[href^="#source-"])')]
  .map(sup => {
    const before = sup.previousSibling, last = document.createRange();
    const text = before.nodeType === 3 ? before : before.lastChild;
    last.setStart(text, text.length - 1);
    last.setEnd(text, text.length);
    return last.getBoundingClientRect().bottom - sup.querySelector('a').getBoundingClientRect().top;
})"""


def test_a_citation_never_begins_a_line(browser: Any, sample: Path) -> None:
    """India's page at 360 px ended a line with '… its trade with Russia' and began the
    next with '[1].'; Modi in Moscow's introduction did the same at 1280 px."""
    pages = (("countries/india/", range(300, 420, 6)), ("timelines/modi-in-moscow/", [1280]))
    with static_server(sample) as base:
        for path, widths in pages:
            with opened(browser, base + path, {"width": widths[0], "height": 800}) as page:
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 800})
                    # the word before a citation ends on the citation's line, not a line above
                    for gap in page.evaluate(CITATION_LINES):
                        assert 0 < gap < 40, (path, width, gap)


def test_a_citation_is_named_source_n_without_a_label_of_its_own(
    browser: Any, sample: Path
) -> None:
    """A body's citation link says "source N" to a screen reader: the stylesheet's hidden
    `::before`, not an `aria-label` on each link; its box shows the number alone, with
    no more width than the number's and nothing scrolling sideways."""
    with static_server(sample) as base:
        for viewport, scheme in ((DESK, "light"), (PHONE, "dark")):
            with opened(browser, base + "countries/india/", viewport, scheme) as page:
                cites = page.locator('.prose sup > a[href^="#source-"]')
                assert cites.count() > 0
                for n in range(cites.count()):
                    cite = cites.nth(n)
                    number = cite.inner_text()
                    assert cite.get_attribute("aria-label") is None
                    assert number.isdigit() and cite.get_attribute("href") == f"#source-{number}"
                    assert cite.evaluate("a => a.getBoundingClientRect().width") <= 40
                    named = page.get_by_role("link", name=f"source {number}", exact=True)
                    assert named.count() >= 1
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= viewport["width"]


RING = """() => { const a = document.activeElement, bins = a.closest('.year-bins');
    const s = getComputedStyle(a), out = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
    const r = a.getBoundingClientRect(), box = bins.getBoundingClientRect();
    return {top: r.top - out - box.top, left: r.left - out - box.left,
            right: box.left + bins.clientWidth - (r.right + out), style: s.outlineStyle}; }"""


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 250-event timeline, so large that it has year pages; its output."""
    root = generated(tmp_path_factory.mktemp("paged") / "site", 250)
    assert build(root).code == 0
    return root / "output"


def test_a_year_columns_focus_ring_is_whole(browser: Any, paged: Path) -> None:
    """The year navigator scrolls sideways, and a scrolling box clips what is drawn outside
    it: a keyboard reader's focus ring on a column lost its top edge (the first column its
    left edge too), at 1280 and 360 px alike."""
    year = sorted(p.name for p in (paged / "years").iterdir() if p.name.isdigit())[0]
    with static_server(paged) as base:
        for viewport, scheme in ((DESK, "light"), (PHONE, "dark")):
            with opened(browser, f"{base}years/{year}/", viewport, scheme) as page:
                page.locator(".year-bins a").first.focus()
                page.keyboard.press("Shift+Tab")  # focus by keyboard: :focus-visible
                page.keyboard.press("Tab")
                ring = page.evaluate(RING)
            assert ring["style"] == "solid" and min(ring["top"], ring["left"]) >= 0, ring
            assert ring["right"] >= 0, ring


def test_a_year_pages_filter_status_says_whose_events(browser: Any, paged: Path) -> None:
    """The first page of a 250-event timeline said 'Showing all 14 events.' above a
    navigator of 250: all of this page's, which it now says."""
    soup = html(paged / "index.html")
    shown = soup.select_one(".year-nav-caption").get_text()  # "… this page shows 1990–1991. …"
    years = shown.split("this page shows ")[1].split(".")[0]
    count = len(soup.select("li.entry"))
    status = soup.select_one("#filter-status")
    assert status is not None and status.get_text() == f"Showing all {count} events of {years}."
    with static_server(paged) as base, opened(browser, base, DESK) as page:
        page.locator("#filters summary").click()
        page.locator("#filters label.option").first.click()
        now = page.locator("#filter-status").inner_text()
    assert now.startswith("Showing ") and f" of {count} events of {years}: " in now, now


def test_a_one_event_timeline_says_one_event(site: Callable[..., Path]) -> None:
    """A new story's first event: its page said '1 events, 2024–2024.' and 'Showing all 1
    events.'"""
    root = site()
    assert build(root).code == 0
    soup = html(root / "output/index.html")
    assert [p.get_text() for p in soup.select("p.muted") if p.get_text()[:1].isdigit()] == [
        "1 event, 2024."
    ]
    status = soup.select_one("#filter-status")
    assert status is not None and status.get_text() == "Showing 1 event."


def _cited_sources(count: int) -> dict[str, str | bytes | None]:
    """A site's files with `count` sources (a multiple of 10), each cited by one of
    count / 10 events, ten apiece: the list of sources then runs to count / 100 pages."""
    files: dict[str, str | bytes | None] = {"content/events/first.md": None}
    files["content/sources.yaml"] = "".join(
        f's{i}:\n  title: "Report {i}"\n  publisher: "Wire"\n  url: "https://example.org/{i}"\n'
        for i in range(count)
    )
    for e in range(count // 10):
        cites = ", ".join(f"s{j}" for j in range(e * 10, e * 10 + 10))
        files[f"content/events/e{e}.md"] = (
            f'---\ntitle: "Event {e}"\ndate: "2024-07-08"\nsources: [{cites}]\n---\nBody.\n'
        )
    return files
