"""A large timeline is split into year pages (issue 19): its page opens light, a year
navigator stands in for the per-event strip, and every event is still reachable without
JavaScript. Sites come from benchmarks/generate.py (1,000 events, 1990–2024)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.a11y import describe, run_axe
from tests.conftest import REPO, build, html, static_server


def generated(root: Path, events: int) -> Path:
    script = REPO / "benchmarks" / "generate.py"
    command = [sys.executable, str(script), str(root), "--events", str(events)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return root


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = generated(tmp_path_factory.mktemp("big") / "site", 1000)
    assert build(site).code == 0
    return site / "output"


def crowded(site: Path) -> Path:
    """The generated site's 35 years pressed into three (2000, 2004 and 2008: leap years,
    so every 29 February stays a date), about 330 events a year; periods are made
    moments so that no end comes before its start."""
    year = re.compile(r'"(19[89]\d|20[0-2]\d)(?=[-"])')
    for path in (site / "content" / "events").rglob("*.md"):
        head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
        head = "\n".join(line for line in head.split("\n") if not line.startswith("end:"))
        head = year.sub(lambda m: f'"{2000 + 4 * ((int(m[1]) - 1990) // 12)}', head)
        path.write_text(head + sep + body, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = crowded(generated(tmp_path_factory.mktemp("dense") / "site", 1000))
    assert build(site).code == 0
    return site / "output"


ALL_NODES = """() => {
    const walk = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    let n = 1;  // the document itself
    while (walk.nextNode()) n++;
    return n;
}"""
"""Every node of the page as the reader's browser holds it after site.js: elements, text
(whitespace between tags included), comments, the doctype."""


def entry_ids(page: BeautifulSoup) -> list[str]:
    return [str(li["id"]) for li in page.select("#timeline li.entry")]


def test_the_first_load_of_a_1000_event_timeline_is_light(big: Path) -> None:
    index = big / "index.html"
    assert index.stat().st_size <= 300_000
    page = html(index)
    assert len(page.find_all(True)) <= 4000
    assert "1000 events, 1990–2024" in page.get_text(" ")
    assert page.select_one(".overview") is None  # no mark per event to tab through
    marks = page.select(".year-nav a")
    assert 1 < len(marks) <= 60


def test_every_event_is_on_exactly_one_year_page_reachable_from_the_navigator(big: Path) -> None:
    index = html(big / "index.html")
    listed: list[str] = []
    for a in index.select(".year-bins a"):
        href = str(a["href"])
        page = html(big / href / "index.html")
        ids = entry_ids(page)
        assert ids, href
        # its own column is marked, and its entries are all of its years
        assert page.select_one(f'.year-bins a[href$="{href.rsplit("/", 2)[-2]}/"]')
        assert page.select_one(".year-bins a[aria-current=page]") is not None
        listed += ids
        # a group of more than yearpages.PAGE events goes on over parts: years/2000/2/, …
        group = (big / href).resolve()
        folder = group
        while more := page.select_one(".year-pager a[rel=next]"):
            folder = (folder / str(more["href"])).resolve()
            if folder.parent != group:
                break
            page = html(folder / "index.html")
            listed += entry_ids(page)
    events = sorted(p.name for p in (big / "events").iterdir() if p.is_dir())
    assert sorted(listed) == events
    assert set(entry_ids(index)) < set(events)


def test_an_entry_links_from_every_page_that_lists_it(big: Path) -> None:
    """An entry's item is made once for all the pages that list it, which are at
    different depths (the timeline, its embed, its year pages and their parts): its
    title and chips lead to its event, person and country pages from each."""
    index = html(big / "index.html")
    year = str(index.select(".year-bins a")[1]["href"])
    part = (big / year).resolve()
    pages = {big: index, big / "embed": html(big / "embed" / "index.html")}
    pages[part] = html(part / "index.html")
    slugs: list[set[str]] = []
    for folder, page in pages.items():
        entries = page.select("#timeline li.entry")
        assert entries, folder
        for li in entries:
            title = li.select_one("h3 a")
            assert title is not None
            assert (folder / str(title["href"])).resolve() == (big / "events" / li["id"]).resolve()
            for chip in li.select(".chips a"):
                assert (folder / str(chip["href"]) / "index.html").is_file(), chip["href"]
        slugs.append({str(li["id"]) for li in entries})
    assert slugs[0] == slugs[1]  # the embed lists what its timeline's page does


def test_year_pages_have_the_filters_and_a_way_on(big: Path) -> None:
    index = html(big / "index.html")
    second = str(index.select(".year-bins a")[2]["href"])
    page = html(big / second / "index.html")
    assert page.select_one("#finder input[type=search]") is not None
    assert page.select_one("#filters fieldset") is not None
    assert page.select_one(".year-pager a[rel=prev]") is not None
    assert page.select_one(".year-pager a[rel=next]") is not None
    assert "of 1000 events" in page.select_one(".year-nav-caption").get_text()


def test_an_event_page_links_back_to_its_year_page(big: Path) -> None:
    slug = sorted(p.name for p in (big / "events").iterdir() if p.is_dir())[500]
    page = html(big / "events" / slug / "index.html")
    back = next(a for a in page.find_all("a") if a.get_text() == "Back to the timeline")
    path, anchor = str(back["href"]).split("#")
    assert path.startswith("../../years/")
    target = html((big / "events" / slug / path / "index.html").resolve())
    assert anchor == slug and slug in entry_ids(target)


def test_a_large_timeline_newest_first_opens_on_its_latest_years(tmp_path: Path) -> None:
    site = generated(tmp_path / "site", 250)
    for path in (site / "content" / "events").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", "---\ntimelines: [big]\n", 1), encoding="utf-8")
    (site / "content" / "timelines").mkdir()
    (site / "content" / "timelines" / "big.md").write_text(
        '---\ntitle: "Big"\nsummary: "Many events"\norder: newest\n---\nIntro.\n', encoding="utf-8"
    )
    assert build(site).code == 0
    out = site / "output" / "timelines" / "big"
    page = html(out / "index.html")
    years = [int(h.get_text()) for h in page.select(".year-marker")]
    assert years == sorted(years, reverse=True) and years[0] == 2024
    assert "250 events" in page.select_one(".story-header").get_text(" ")
    hrefs = [str(a["href"]) for a in page.select(".year-bins a")]
    # each column goes to one of the timeline's own year pages
    assert hrefs and all((out / h).resolve().parent == (out / "years").resolve() for h in hrefs)
    every = [i for h in hrefs for i in entry_ids(html((out / h / "index.html").resolve()))]
    assert len(every) == len(set(every)) == 250
    # the files links to an event go by name the page that lists it, newest first too
    for shard in (out / "years").glob("events-*.json"):
        doc = json.loads(shard.read_text(encoding="utf-8"))
        for slug, at in doc["at"].items():
            assert slug in entry_ids(html(out / doc["pages"][at] / "index.html")), slug


@pytest.mark.parametrize("which", ["big", "dense"])
def test_every_page_of_a_1000_event_timeline_is_at_most_4000_dom_nodes(
    big: Path, dense: Path, browser: Any, which: str
) -> None:
    """Counted in Chromium, text nodes included, after site.js has added its Share
    buttons and filter counts: the first load and every year page, for events spread over
    35 years and for 330 a year (where a year is listed in parts)."""
    out = big if which == "big" else dense
    pages = (p.parent for p in (out / "years").rglob("index.html") if "embed" not in p.parts)
    paths = ["", *sorted(f"{p.relative_to(out).as_posix()}/" for p in pages)]
    assert (out / "index.html").stat().st_size <= 300_000
    counts: dict[str, int] = {}
    with static_server(out) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("load")  # (site.js, deferred, has run)
            counts[path] = page.evaluate(ALL_NODES)
        context.close()
    assert counts[""] <= 4000, counts[""]
    too_many = {p: n for p, n in counts.items() if n > 4000}
    assert not too_many, too_many
    if which == "dense":  # the crowded years are listed in parts, each page light too
        assert any(p.count("/") > 2 for p in counts), sorted(counts)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_navigator_passes_axe_and_its_columns_are_big_enough_to_tap(
    big: Path, browser: Any, scheme: str
) -> None:
    with static_server(big) as base:
        for width, height in ((1280, 900), (360, 740)):
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page = context.new_page()
            for path in ("", "years/2000/"):
                page.goto(base + path)
                found = run_axe(page)
                assert not found, describe(found)
                for box in page.locator(".year-bins a").evaluate_all(
                    "as => as.map(a => a.getBoundingClientRect().toJSON())"
                ):
                    assert box["width"] >= 24 and box["height"] >= 24, box
                # nothing scrolls sideways but the navigator inside itself
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            context.close()


def test_a_crowded_year_group_is_listed_over_several_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 events in 35 years a two-year group holds 570 events: it is listed in parts
    of yearpages.PAGE, so no page is heavy (here PAGE is made small for a small site)."""
    from sitegen import yearpages

    monkeypatch.setattr(yearpages, "PAGE", 5)
    site = generated(tmp_path / "site", 250)
    assert build(site).code == 0
    out = site / "output"
    index = html(out / "index.html")
    assert len(entry_ids(index)) == 5
    seen: list[str] = []
    page, path = index, out
    while True:  # follow the "next" links from the home page through every part
        more = page.select_one(".year-pager a[rel=next]")
        if more is None:
            break
        path = (path / str(more["href"])).resolve()
        page = html(path / "index.html")
        ids = entry_ids(page)
        assert 0 < len(ids) <= 5
        seen += ids
    assert "(part 2)" in index.select_one(".year-pager a[rel=next]").get_text()
    events = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert len(set(seen)) == len(seen) and set(seen) | set(entry_ids(index)) == set(events)
    # an event page's way back goes to the part that lists it
    slug = seen[-1]
    back = html(out / "events" / slug / "index.html").find("a", string="Back to the timeline")
    target, anchor = str(back["href"]).split("#")
    assert anchor == slug
    assert slug in entry_ids(html((out / "events" / slug / target / "index.html").resolve()))


def test_search_results_come_in_pages_with_show_more(big: Path, browser: Any) -> None:
    with static_server(big) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base)
        page.locator("#search-input").fill("council")
        status = page.locator("#search-status")
        status.filter(has_text="results").wait_for()
        said = status.inner_text()
        total = int(said.split()[0])
        assert total > 16 and said == f"{total} results, showing 1–8."
        results = page.locator("#search-results li")
        assert results.count() == 8
        page.locator("#search-more").click()  # (it fetches the next results' records)
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 8")
        assert results.count() == 16
        assert status.inner_text() == f"{total} results, showing 1–16."
        # focus moves to the first new result, so a keyboard user reads on from there
        assert page.evaluate("document.activeElement.closest('li')") is not None
        assert (
            page.evaluate(
                "[...document.querySelectorAll('#search-results li')].indexOf("
                "document.activeElement.closest('li'))"
            )
            == 8
        )
        while page.locator("#search-more").is_visible():
            shown = results.count()
            page.locator("#search-more").click()
            page.wait_for_function(
                f"document.querySelectorAll('#search-results li').length > {shown}"
            )
        assert results.count() == total
        assert status.inner_text() == f"{total} results."
        context.close()


def test_search_text_names_people_and_has_no_stray_spaces(big: Path) -> None:
    """Snippets (the search index's records) come from the plain text: [[links]] are
    names, not slugs, and a citation leaves no space before the punctuation after it."""
    import re

    from tests.test_reader import load_index

    docs = load_index(big)
    people = {p.name for p in (big / "people").iterdir() if p.is_dir()}
    text = " ".join(d[4] for d in docs if d[0] == "e")
    assert text
    assert not [s for s in people if re.search(rf"\b{re.escape(s)}\b", text)]
    assert not re.search(r"\s[.,;:)]", text)
    assert "[@" not in text and "[[" not in text


def _sitemap_misses(out: Path) -> set[str]:
    """The pages a search engine is offered that the sitemap does not list."""
    from tests.test_publish import check_sitemap, indexed_pages, page_url

    base = "https://example.org/bench/"
    listed = set(check_sitemap(out, base))
    return {base + page_url(out, p) for p in indexed_pages(out)} - listed


def test_the_sitemap_lists_every_year_page(big: Path) -> None:
    assert list((big / "years").glob("*/index.html"))
    assert _sitemap_misses(big) == set()


def test_the_sitemap_lists_every_year_page_of_each_timeline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    script = REPO / "benchmarks" / "generate.py"
    command = [sys.executable, str(script), str(site), "--events", "600", "--timelines", "2"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert build(site).code == 0
    out = site / "output"
    assert list((out / "timelines").glob("*/years/*/index.html"))
    assert _sitemap_misses(out) == set()
