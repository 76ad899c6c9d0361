"""Search in headless Chromium on a site of a few hundred events (issue 19): every match
comes, a page at a time; a first search fetches a few small files of the sharded index
(measured with Playwright's response events); year pages and a timeline's own page
search their index; a timeline's page searches the site's index kept to its own
documents (the sample's, and a few hundred events in two timelines)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen import search
from sitegen.options import Bounds
from tests.conftest import REPO, build, static_server
from tests.test_reader_browser import tab
from tests.test_search import (
    EVENTS,
    big_site,
    built_with,
    lookup,
    manifest,
    record,
    scope,
    shard_files,
)

pytestmark = pytest.mark.browser

QUOKKA = {f"events/e{n:03}/" for n in range(EVENTS) if n % 7 == 0 or n % 50 == 0}
"""The events that tell of a quokka (see big_site)."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = big_site(tmp_path_factory.mktemp("search-browser") / "site")
    assert build(root).code == 0
    with static_server(root / "output") as base:
        yield root / "output", base


def index_bytes(page: Any) -> dict[str, int]:
    """The search index's files the page receives, url -> bytes, as they arrive."""
    sizes: dict[str, int] = {}

    def record(response: Any) -> None:
        if "/search/" in response.url or response.url.endswith("/search.json"):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    return sizes


def status(page: Any) -> str:
    text: str = page.locator("#search-status").inner_text()
    return text


def every_result(page: Any) -> list[str]:
    """Click "Show more results" until it goes; the hrefs of all results, in order."""
    more = page.locator("#search-more")
    while more.is_visible():
        shown = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {shown}")
        # focus moves to the first of the new results
        assert page.evaluate("document.activeElement.closest('li') !== null")
        assert page.evaluate(
            f"document.activeElement === document.querySelectorAll('#search-results li a')[{shown}]"
        )
    hrefs: list[str] = page.eval_on_selector_all(
        "#search-results li a", "links => links.map(a => a.getAttribute('href'))"
    )
    return hrefs


def test_every_match_comes_in_pages_and_a_first_search_is_small(
    served: tuple[Path, str], browser: Any
) -> None:
    out, base = served
    with tab(browser) as page:
        sizes = index_bytes(page)
        page.goto(base)
        assert not sizes, "index loaded before use"
        page.locator("#search-input").focus()
        page.keyboard.type("quokka", delay=20)
        page.wait_for_function(
            "document.getElementById('search-status').textContent.includes('showing 1–8')"
        )
        assert status(page) == f"{len(QUOKKA)} results, showing 1–8."
        assert page.locator("#search-results li").count() == 8
        first_search = sum(sizes.values())
        # the manifest, the shards of what was typed ("qu" whole, "quo…" by prefix) and
        # the record chunks of 8 results: a few KB of an index of hundreds
        index = sum(p.stat().st_size for p in (out / "search").rglob("*.json"))
        shards = [u for u in sizes if "/search/w/" in u]
        assert len(shards) <= 2 < len(list((out / "search/w").iterdir())), sizes
        assert first_search < 300_000 and first_search < index / 2, sizes
        print(f"first search: {first_search} bytes in {len(sizes)} files, index {index}")
        hrefs = every_result(page)
        assert len(hrefs) == len(set(hrefs)) == len(QUOKKA)
        assert {h.removeprefix("./") for h in hrefs} == QUOKKA
        assert status(page) == f"{len(QUOKKA)} results."
        assert page.locator("#search-more").is_hidden()
        # titles first: the events with quokkas in their title lead
        titled = {f"events/e{n:03}/" for n in range(0, EVENTS, 50)}
        assert {h.removeprefix("./") for h in hrefs[: len(titled)]} == titled
        # each file of the index is fetched once
        fetched = list(sizes)
        page.locator("#search-input").fill("")
        page.locator("#search-input").fill("quokka")
        page.wait_for_function(
            "document.getElementById('search-status').textContent.startsWith('4')"
        )
        assert list(sizes) == fetched


def test_a_year_page_searches_the_whole_timeline(served: tuple[Path, str], browser: Any) -> None:
    out, base = served
    year_pages = sorted(out.glob("years/*/index.html"))
    assert year_pages, "a site of this size has year pages"
    year = year_pages[-1].parent.relative_to(out).as_posix() + "/"
    with tab(browser) as page:
        page.goto(base + year)
        page.locator("#search-input").focus()
        page.keyboard.type("Ångström", delay=20)
        first = page.locator("#search-results li a").first
        first.wait_for()
        assert status(page) == "1 result."
        first.click()
        page.wait_for_url(base + "events/e123/")


def test_short_and_missing_words(served: tuple[Path, str], browser: Any) -> None:
    _, base = served
    with tab(browser) as page:
        page.goto(base)
        page.locator("#search-input").focus()
        page.keyboard.type("q")  # one letter: nothing fetched, nothing said
        page.wait_for_timeout(300)
        assert page.locator("#search-results").is_hidden()
        page.keyboard.type("uokkaz")
        page.wait_for_function(
            "document.getElementById('search-status').textContent.startsWith('No results')"
        )
        assert status(page) == "No results for “quokkaz”."
        page.keyboard.press("Escape")
        assert page.locator("#search-input").input_value() == ""


def test_a_timeline_searches_its_own_events(sample: Path, browser: Any) -> None:
    """The sample's war in Ukraine: the site's index and the timeline's scope are fetched,
    and "Modi" finds its events and people, not Modi in Moscow's own events."""
    with static_server(sample) as base, tab(browser) as page:
        sizes = index_bytes(page)
        page.goto(base + "timelines/war-in-ukraine/")
        page.locator("#search-input").focus()
        page.keyboard.type("Modi", delay=20)
        page.locator("#search-results li").first.wait_for()
        assert base + "timelines/war-in-ukraine/search.json" in sizes
        assert base + "search/index.json" in sizes
        assert not [u for u in sizes if "/timelines/" in u and not u.endswith("/search.json")]
        hrefs = {h.removeprefix("../../") for h in every_result(page)}
        kept = {r[3] for r in scope(sample, "war-in-ukraine")}
        site_wide = {record(sample, d)[3] for d in lookup(sample, "modi")}
        assert hrefs == site_wide & kept
        assert {h for h in hrefs if h.startswith("events/")} and "people/narendra-modi/" in hrefs
        assert site_wide - kept, "Modi in Moscow's own events are left out"
        assert status(page) == f"{len(hrefs)} results."


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """big_site in two timelines: the even events' and the odd ones'."""
    root = big_site(tmp_path_factory.mktemp("search-split") / "site", split=True)
    assert build(root).code == 0
    with static_server(root / "output") as base:
        yield root / "output", base


def test_a_timelines_results_come_in_pages_and_only_its_own(
    split: tuple[Path, str], browser: Any
) -> None:
    """On the even timeline's page, "quokka" finds the even quokka events, titles first,
    8 at a time; never an odd one; a word only the odd events have finds nothing."""
    out, base = split
    mine = {u for u in QUOKKA if int(u[8:11]) % 2 == 0}
    with tab(browser) as page:
        sizes = index_bytes(page)
        page.goto(base + "timelines/even/")
        page.locator("#search-input").focus()
        page.keyboard.type("quokka", delay=20)
        page.wait_for_function(
            "document.getElementById('search-status').textContent.includes('showing 1–8')"
        )
        assert status(page) == f"{len(mine)} results, showing 1–8."
        assert not [u for u in sizes if "/timelines/" in u and "/search.json" not in u]
        hrefs = [h.removeprefix("../../") for h in every_result(page)]
        assert len(hrefs) == len(set(hrefs)) == len(mine) and set(hrefs) == mine
        titled = {f"events/e{n:03}/" for n in range(0, EVENTS, 50)}  # (all even)
        assert set(hrefs[: len(titled)]) == titled
        assert status(page) == f"{len(mine)} results."
        page.locator("#search-input").fill("151")  # (an odd event's number)
        page.wait_for_function(
            "document.getElementById('search-status').textContent.startsWith('No results')"
        )
        assert status(page) == "No results for “151”."
        page.goto(base + "timelines/odd/")
        page.locator("#search-input").fill("151")
        page.locator("#search-results li").first.wait_for()
        assert [h.removeprefix("../../") for h in every_result(page)] == ["events/e151/"]
        assert [record(out, d)[3] for d in lookup(out, "151")] == ["events/e151/"]


def test_a_large_indexs_shard_parts_are_fetched_as_needed(
    served: tuple[Path, str], browser: Any, tmp_path: Path
) -> None:
    """An index in parts (past Bounds.search_docs documents): a query fetches every part
    of its word's shard and finds what one file found, in the same order; a timeline's
    page fetches only the parts that hold its documents."""
    whole, _ = served
    out = built_with(whole.parent, tmp_path / "parted", Bounds(search_docs=64))
    m = manifest(out)
    parts = -(-m["docs"] // 64)
    with static_server(out) as base, tab(browser) as page:
        sizes = index_bytes(page)
        page.goto(base)
        page.locator("#search-input").focus()
        page.keyboard.type("quokka", delay=20)
        page.wait_for_function(
            "document.getElementById('search-status').textContent.includes('showing 1–8')"
        )
        assert status(page) == f"{len(QUOKKA)} results, showing 1–8."
        hrefs = [h.removeprefix("./") for h in every_result(page)]
        assert len(hrefs) == len(set(hrefs)) and set(hrefs) == QUOKKA
        titled = {f"events/e{n:03}/" for n in range(0, EVENTS, 50)}
        assert set(hrefs[: len(titled)]) == titled
        fetched = {u.rpartition("/search/")[2].partition("?")[0] for u in sizes if "/w/" in u}
        quo = {p.relative_to(out / "search").as_posix() for p in shard_files(out, "quo")}
        assert quo <= fetched and len(quo) == parts > 1
    # the sample's timelines, its index in parts of 2 documents
    sample = tmp_path / "sample"
    shutil.copytree(REPO / "content", sample / "content")
    out = built_with(sample, sample / "output", Bounds(search_docs=2))
    scoped = (out / "timelines/war-in-ukraine" / search.SCOPE_PATH).read_text()
    numbers = set(search.scope_numbers(json.loads(scoped)["in"]))
    parts = -(-manifest(out)["docs"] // 2)
    mine = {k for k in range(parts) if numbers & {2 * k, 2 * k + 1}}
    assert 1 < len(mine) < parts
    with static_server(out) as base, tab(browser) as page:
        sizes = index_bytes(page)
        page.goto(base + "timelines/war-in-ukraine/")
        page.locator("#search-input").focus()
        page.keyboard.type("Modi", delay=20)
        page.locator("#search-results li").first.wait_for()
        got = {h.removeprefix("../../") for h in every_result(page)}
        kept = {r[3] for r in scope(out, "war-in-ukraine")}
        assert got == {record(out, d)[3] for d in lookup(out, "modi")} & kept
        shard = search.shard_of("modi", manifest(out)["shards"])
        fetched = {u.rpartition("/search/w/")[2].partition("?")[0] for u in sizes if "/w/" in u}
        assert fetched == {search.shard_path(shard, k).rpartition("/")[2] for k in mine}
