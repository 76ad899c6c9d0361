"""Issue 20: output that does not grow into one huge file or page with the archive.

Data files made of every event are split into bounded parts on a large site; long
person, country and source pages are paged by year; every page stays within a budget
and every event stays reachable.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from sitegen import checks, publish, yearpages
from sitegen.build import Builder
from sitegen.model import Body
from sitegen.options import Bounds, Options
from sitegen.planning import Memo, plan
from tests.conftest import TODAY, build, html
from tests.test_incremental import EDITS, _body, check_same, cli_builder, sample_site, tree
from tests.test_reader_large import generated

__all__ = ["sample_site"]  # (the fixture, imported for these tests)


def test_a_large_sites_events_json_is_an_index_of_parts(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past EVENTS_PART events, events.json lists its parts (whole years, each bounded)
    and the parts hold every event once, in the timeline's order."""
    monkeypatch.setattr(publish, "EVENTS_PART", 2)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert "events" not in index and "people" not in index and index["tags"]
    # the people, countries and sources in parts too (by slug or id), each listed with
    # its first and last, every record once
    monkeypatch.setattr(publish, "RECORDS_PART", 2)
    out = tmp_path / "small-parts"
    assert build(sample_site, "--output", out).code == 0
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    for kind, key in (("people", "slug"), ("countries", "slug"), ("sources", "id")):
        got = []
        for part in index[kind + "_parts"]:
            data = json.loads((out / part["url"].rpartition("/")[2]).read_text("utf-8"))
            assert data["part_of"].endswith("/events.json")
            ids = [r[key] for r in data[kind]]
            assert len(ids) == part["count"] <= 2
            assert (ids[0], ids[-1]) == (part["from"], part["to"])
            got += ids
        assert len(got) == len(set(got)) > 2 and got == sorted(got), kind
        if kind != "sources":
            assert set(got) == {p.name for p in (out / kind).iterdir() if p.is_dir()}
    slugs: list[str] = []
    years: list[str] = []
    for part in index["parts"]:
        name = part["url"].rpartition("/")[2]
        data = json.loads((out / name).read_text(encoding="utf-8"))
        assert data["part_of"].endswith("/events.json")
        assert len(data["events"]) == part["events"]
        assert data["events"][0]["start"] == part["from"]
        assert data["events"][-1]["start"] == part["to"]
        slugs += [e["slug"] for e in data["events"]]
        years += [e["start"][:4] for e in data["events"]]
    assert index["count"] == len(slugs) == len(set(slugs))
    assert years == sorted(years)
    assert set(slugs) == {p.name for p in (out / "events").iterdir() if p.is_dir()}
    # a timeline's events.json is one file: each of its events names the site's part
    # that holds its record (text and all), a file the build wrote
    story = json.loads((out / "timelines/war-in-ukraine/events.json").read_text("utf-8"))
    assert "parts" not in story and story["count"] == len(story["events"]) > 2
    for e in story["events"]:
        name = e["record_in"].rpartition("/")[2]
        assert re.fullmatch(r"events-\d+(-\d+)?\.json", name), name
        records = json.loads((out / name).read_text(encoding="utf-8"))["events"]
        mine = [r for r in records if r["slug"] == e["slug"]]
        assert len(mine) == 1 and "war-in-ukraine" in mine[0]["timelines"], name
    assert not list((out / "timelines/war-in-ukraine").glob("events-*.json"))


def test_parts_stay_right_in_incremental_builds(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After every kind of edit (an event added, renamed, deleted moves the parts'
    bounds), the incremental build equals a clean one, byte for byte."""
    monkeypatch.setattr(publish, "EVENTS_PART", 3)
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    for edit in EDITS:
        edit(sample_site)
        check_same(sample_site, out, tmp_path)


def test_a_body_edit_patches_the_part_that_holds_it(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "EVENTS_PART", 3)
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.loaded is not None and len(builder.loaded.edited) == 1
    check_same(sample_site, out, tmp_path)


EVERYWHERE = '---\nname: "Zoe Everywhere"\nrole: "envoy"\n---\nIn every event.\n'
EVERYLAND = '---\nname: "Everyland"\n---\nWhere every event happened.\n'


@pytest.fixture(scope="module")
def everywhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of 400 events (1990–2024) with one person in all of them."""
    site = generated(tmp_path_factory.mktemp("everywhere") / "site", 400)
    (site / "content/people/zoe-everywhere.md").write_text(EVERYWHERE, encoding="utf-8")
    (site / "content/countries/everyland.md").write_text(EVERYLAND, encoding="utf-8")
    for path in (site / "content/events").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "\npeople:\n" in text and "\ncountries:\n" in text, path
        text = text.replace("\npeople:\n", '\npeople:\n  - "zoe-everywhere"\n', 1)
        text = text.replace("\ncountries:\n", '\ncountries:\n  - "everyland"\n', 1)
        path.write_text(text, encoding="utf-8")
    assert build(site).code == 0
    return site / "output"


def _resolves(page: Path, href: str) -> bool:
    target = (page.parent / href.split("#")[0]).resolve()
    return (target / "index.html").is_file() if href.endswith("/") else target.is_file()


@pytest.fixture(scope="module")
def everywhere_in_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site in two timelines (every other event in each): a person's page lists
    its events grouped by timeline, and a long one is split by year all the same."""
    site = generated(tmp_path_factory.mktemp("stories") / "site", 400)
    (site / "content/people/zoe-everywhere.md").write_text(EVERYWHERE, encoding="utf-8")
    (site / "content/countries/everyland.md").write_text(EVERYLAND, encoding="utf-8")
    (site / "content/timelines").mkdir()
    for story in ("odd", "even"):
        front = f'---\ntitle: "The {story} story"\n---\nEvery {story} event.\n'
        (site / f"content/timelines/{story}.md").write_text(front, encoding="utf-8")
    for n, path in enumerate(sorted((site / "content/events").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        story = "odd" if n % 2 else "even"
        people = f'\ntimelines:\n  - "{story}"\npeople:\n  - "zoe-everywhere"\n'
        text = text.replace("\npeople:\n", people, 1)
        text = text.replace("\ncountries:\n", '\ncountries:\n  - "everyland"\n', 1)
        path.write_text(text, encoding="utf-8")
    assert build(site).code == 0
    return site / "output"


@pytest.mark.parametrize("folder", ["people/zoe-everywhere", "countries/everyland"])
def test_a_long_person_or_country_page_is_split_by_year(everywhere: Path, folder: str) -> None:
    _check_split(everywhere, folder)


@pytest.mark.parametrize("folder", ["people/zoe-everywhere", "countries/everyland"])
def test_a_long_page_on_a_site_with_timelines_is_split_and_grouped(
    everywhere_in_stories: Path, folder: str
) -> None:
    """Each of the year pages groups its events by timeline, with this page's counts."""
    pages = _check_split(everywhere_in_stories, folder)
    for path, page in pages.items():
        groups = page.select("h3.story-group")
        assert [g.a.get_text() for g in groups if g.a] in (
            ["The even story", "The odd story"],
            ["The odd story", "The even story"],
            ["The even story"],
            ["The odd story"],
        ), path
        counted = sum(int(g.get_text().rpartition("(")[2].rstrip(")")) for g in groups)
        assert counted == len(page.select("ol.event-list > li")), path


def test_a_page_that_lists_each_event_in_many_timelines_is_split_by_its_entries(
    tmp_path: Path,
) -> None:
    """A person's page on a site with timelines lists each event under each of its
    timelines: 120 events, each in three of four timelines, are 360 entries, past LARGE,
    so the page is split by year (one page of them all before), each page at most about
    PAGE entries."""
    site = generated(tmp_path / "site", 120)
    (site / "content/people/zoe-everywhere.md").write_text(EVERYWHERE, encoding="utf-8")
    (site / "content/timelines").mkdir()
    for k in range(4):
        front = f'---\ntitle: "Story {k}"\n---\nStory {k}.\n'
        (site / f"content/timelines/story-{k}.md").write_text(front, encoding="utf-8")
    for n, path in enumerate(sorted((site / "content/events").rglob("*.md"))):
        stories = "".join(f'  - "story-{k}"\n' for k in range(4) if k != n % 4)
        text = path.read_text(encoding="utf-8")
        people = f'\ntimelines:\n{stories}people:\n  - "zoe-everywhere"\n'
        path.write_text(text.replace("\npeople:\n", people, 1), encoding="utf-8")
    assert build(site).code == 0
    folder = site / "output/people/zoe-everywhere"
    pages = sorted(folder.rglob("index.html"))
    assert html(folder / "index.html").select(".year-bins a"), "no year navigator"
    listed: set[str] = set()
    for page in pages:
        entries = html(page).select("ol.event-list > li")
        assert 0 < len(entries) <= yearpages.LIST_PAGE * 3 // 2, page
        links = html(page).select("ol.event-list a[href*='events/']")
        listed |= {str(a["href"]).rstrip("/").rpartition("/")[2] for a in links}
    assert len(listed) == 120


def test_small_year_groups_of_a_long_list_share_a_page() -> None:
    """A person's or country's year groups that fit on one page together are listed on
    one, at the first group's address; a group over a page is split as before."""
    groups = {1990: [0, 1], 1992: [2, 3, 4], 1994: list(range(5, 130)), 1996: [130], 1998: [131]}
    got = yearpages.packed(groups)
    assert [(k, part, len(chunk)) for k, part, chunk in got] == [
        (1990, 0, 5),  # 1990 and 1992 together
        (1994, 0, 63),  # 125 events: two pages of at most LIST_PAGE, alone
        (1994, 1, 62),
        (1996, 0, 2),  # 1996 and 1998 together, not with 1994's last part
    ]
    assert [i for _, _, chunk in got for i in chunk] == list(range(132))
    # 250 events, ten a year over 25 years: a column a year, twelve to a page
    years = [1990 + n // 10 for n in range(250)]
    assert yearpages.paged_paths(years) == ["years/1990/", "years/2002/", "years/2014/"]


@pytest.mark.parametrize("folder", ["people/zoe-everywhere", "countries/everyland"])
def test_a_long_lists_small_year_groups_are_one_page(everywhere: Path, folder: str) -> None:
    """400 events over 1990–2024 are 18 columns of about 22 events: up to five columns a
    page, not a page each (each with the site's frame and the navigator). Every column
    links to the page that lists its events, which marks each column it lists as
    current and names their years; the sitemap lists each page once."""
    home = everywhere / folder / "index.html"
    columns = html(home).select(".year-bins a")
    pages: dict[Path, list[str]] = {}
    for a in columns:
        label = a.get_text()
        found = re.fullmatch(r"(\d+) to (\d+): \d+ events?", label)
        assert found, label
        first, last = found.groups()
        path = (home.parent / str(a["href"]) / "index.html").resolve()
        page = html(path)
        years = {int(t["datetime"][:4]) for t in page.select("ol.event-list time[datetime]")}
        mine = {y for y in years if int(first) <= y <= int(last)}
        assert mine, (label, path)  # its events are on the page it links to
        current = [c.get_text() for c in page.select(".year-bins a[aria-current=page]")]
        assert label in current, (label, path)
        pages.setdefault(path, []).append(label)
    assert len(pages) < len(columns) / 1.5, "small groups on pages of their own"
    shared = [(path, labels) for path, labels in pages.items() if len(labels) > 1]
    assert shared
    for path, labels in shared:
        page = html(path)
        listed = page.select("ol.event-list > li")
        assert len(listed) == sum(int(lb.rpartition(": ")[2].split()[0]) for lb in labels)
        assert len(listed) <= yearpages.LIST_PAGE
        first, last = labels[0].split()[0], labels[-1].split(" to ")[1].split(":")[0]
        assert f"Showing {first}–{last} (" in page.select_one(".year-nav-caption").get_text()
    sitemap = (everywhere / "sitemap.xml").read_text(encoding="utf-8")
    listed_years = re.findall(rf"/{folder}/(years/[^<]*)</loc>", sitemap)
    assert len(listed_years) == len(set(listed_years))
    assert {(everywhere / folder / y / "index.html").resolve() for y in listed_years} >= set(pages)


def _check_split(everywhere: Path, folder: str) -> dict[Path, Any]:
    """The person's or country's 400 events over year pages: the first with the text and
    a year navigator, each within budget with working links, every event once."""
    home = everywhere / folder / "index.html"
    soup = html(home)
    assert "Events (400)" in soup.get_text()
    assert soup.select_one(".prose")  # the biography or notes, on the first page
    assert not soup.select_one("figure.overview")  # the navigator stands in for the strip
    years = [str(a["href"]) for a in soup.select(".year-bins a")]
    assert years, "no year navigator"
    pages = {home.resolve(): soup}
    for href in years:
        path = (home.parent / href / "index.html").resolve()
        pages[path] = page = html(path)
        # a crowded year group goes on over further pages, each linked from the one before
        while (more := page.select_one(".year-pager a[rel=next]")) is not None:
            nxt = (path.parent / str(more["href"])).resolve()
            if nxt / "index.html" in pages or nxt in pages:
                break
            path = nxt / "index.html"
            pages[path] = page = html(path)
    listed: list[str] = []
    for path, page in pages.items():
        if path == home.resolve():
            continue  # (the first page shows the first years again)
        slugs = [
            str(a["href"]).rstrip("/").rpartition("/")[2] for a in page.select("ol.event-list a")
        ]
        assert 0 < len(slugs) <= yearpages.LIST_PAGE, path
        listed += slugs
        assert path.stat().st_size < 100_000, path
        for a in page.select("a[href]"):
            href = str(a["href"])
            if "://" not in href and not href.startswith(("#", "mailto:", "?")):
                assert _resolves(path, href), (path, href)
    # every event is reachable from the person's pages, once
    events = {p.name for p in (everywhere / "events").iterdir() if p.is_dir()}
    assert len(events) == 400
    assert sorted(listed) == sorted(events)
    assert home.stat().st_size < 100_000
    return pages


def test_no_page_is_over_the_budget(everywhere: Path) -> None:
    """300 KB is the budget at 10,000 events; at 400, the largest page (a timeline page
    of about 100 entries with their chips) stays well within it."""
    sizes = {p: p.stat().st_size for p in everywhere.rglob("*.html")}
    assert max(sizes.values()) < 300_000, max(sizes, key=sizes.__getitem__)


def test_the_list_of_sources_is_paged(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SOURCES_PAGE sources the list goes on over sources/2/, …: every source on
    one page, numbered on, each page linking every other."""
    monkeypatch.setattr(publish, "SOURCES_PAGE", 1)  # (the sample cites 3 sources)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    first = html(out / "sources/index.html")
    links = [str(a["href"]) for a in first.select("nav.source-pages a")]
    assert links == ["../sources/", "../sources/2/", "../sources/3/"]
    ids: list[str] = []
    for n, href in enumerate(links):
        page = out / href.removeprefix("../") / "index.html"
        soup = html(page)
        current = soup.select("nav.source-pages a[aria-current=page]")
        assert [a.get_text() for a in current] == [str(n + 1)]
        listed = soup.select("ol.source-index > li")
        assert len(listed) == 1
        assert soup.select_one("ol.source-index")["start"] == str(n + 1)
        ids += [str(li["id"]) for li in listed]
        assert _ld_sources(out, page) == [(n + 1, str(listed[0]["id"]))]
        for a in soup.select("nav.source-pages a"):
            assert (page.parent / str(a["href"]) / "index.html").resolve().is_file()
    sources = (sample_site / "content/sources.yaml").read_text(encoding="utf-8")
    assert len(ids) == len(set(ids)) == 3
    assert all(f"\n{i}:" in "\n" + sources for i in ids)


@pytest.mark.parametrize("folder", ["sources", "people"])
def test_a_long_list_of_pages_names_the_pages_around_each(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 12 pages of sources (or people), each page's pager names the first and the last
    page and the nine around it and counts the others ("… 40 more"): at most 13 links a
    page (each named every other page: 105 pages of 105 links, 1.7 MB, on the extreme
    corpus), each resolving, each with its number and span as its name; walking the
    pagers from the first page reaches every page."""
    site = generated(tmp_path / "site", 120)
    monkeypatch.setattr(publish, "SOURCES_PAGE", 1)  # (36 sources cited)
    monkeypatch.setattr(publish, "INDEX_PAGE", 2)
    for n in range(30):  # (the generated site has a dozen people)
        person = f'---\nname: "Extra Person {n:02}"\nrole: "aide"\n---\n\nAn aide.\n'
        (site / "content/people" / f"extra-person-{n:02}.md").write_text(person, encoding="utf-8")
    assert build(site).code == 0
    out = site / "output"

    def page(path: Path) -> Path:
        return path / "index.html" if path.is_dir() else path

    listed = out.glob("sources/**/index.html" if folder == "sources" else "people/index*.html")
    pages = {p.resolve() for p in listed}
    assert len(pages) >= 20
    seen, todo = set(), [page(out / folder).resolve()]
    while todo:
        here = todo.pop()
        if here in seen:
            continue
        seen.add(here)
        nav = html(here).select_one("nav.source-pages")
        assert nav is not None
        links = nav.select("a")
        numbers = [int(a.get_text()) for a in links]
        counted = [int(li.get_text().split()[1]) for li in nav.select("li.more")]
        assert len(links) <= 13 and len(counted) <= 2
        assert numbers == sorted(numbers) and (numbers[0], numbers[-1]) == (1, len(pages))
        assert len(numbers) + sum(counted) == len(pages)  # each page named or counted once
        current = nav.select("a[aria-current=page]")
        assert len(current) == 1 and current[0]["aria-label"].startswith(
            f"Page {current[0].get_text()}: "
        )
        for a in links:
            target = page((here.parent / str(a["href"])).resolve())
            assert target.is_file()
            assert a["aria-label"] == f"Page {a.get_text()}: {a['title']}" and " – " in a["title"]
            todo.append(target)
    assert seen == pages


def _citing(out: Path) -> dict[str, list[str]]:
    """Each source on the list of sources (by its text), with the events each page names
    as citing it, over every page."""
    cited: dict[str, list[str]] = {}
    for page in sorted(out.glob("sources/**/index.html")):
        for li in html(page).select("ol.source-index > li"):
            source = li.p.get_text(" ", strip=True)  # type: ignore[union-attr]
            events = [str(a["href"]) for a in li.select("p.muted a") if "/events/" in a["href"]]
            cited.setdefault(source, []).extend(e.rpartition("events/")[2] for e in events)
    return cited


def _ld_sources(out: Path, page: Path) -> list[tuple[int, str]]:
    """(position, anchor) of each source in the page's JSON-LD ItemList, each anchor
    checked to be this page's."""
    script = html(page).select_one('script[type="application/ld+json"]')
    assert script is not None
    listing = json.loads(script.string or "")
    assert listing["@type"] == "ItemList"
    assert listing["numberOfItems"] == len(listing["itemListElement"])
    here = listing["url"]
    assert here.endswith("/" + page.parent.relative_to(out).as_posix() + "/")
    made = []
    for item in listing["itemListElement"]:
        work = item["item"]
        assert work["@type"] == "CreativeWork" and work["name"] and work["publisher"]["name"]
        page_url, _, anchor = work["@id"].partition("#")
        assert page_url == here
        made.append((item["position"], anchor))
    return made


def _number(soup: Any, anchor: str) -> int:
    """The number the page's list shows for the source with this anchor."""
    listed = soup.select("ol.source-index > li")
    start = int(soup.select_one("ol.source-index").get("start", 1))
    return start + [li.get("id") for li in listed].index(anchor)


def test_a_source_cited_by_many_events_is_continued_over_pages(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of the list of sources names at most SOURCES_CITES citing events (on this
    site with timelines, an event once a timeline it is in): a source cited more often (a
    news agency in 3,000 of 10,000 events made one page 493 KB) goes on over the next
    pages, its anchor on the first, and no citing event is lost."""
    whole = tmp_path / "whole"
    assert build(sample_site, "--output", whole).code == 0
    monkeypatch.setattr(publish, "SOURCES_CITES", 2)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    assert {k: sorted(v) for k, v in _citing(out).items()} == {
        k: sorted(v) for k, v in _citing(whole).items()
    }
    assert max(len(v) for v in _citing(whole).values()) > 2  # (so some source is split)
    pages = sorted(out.glob("sources/**/index.html"))
    ids: list[str] = []
    for page in pages:
        soup = html(page)
        events = soup.select("ol.source-index > li p.muted a[href*='/events/']")
        assert 1 <= len(events) <= 2, page  # (an event named once a timeline it is in)
        anchored = [str(li["id"]) for li in soup.select("ol.source-index > li[id]")]
        ids += anchored
        for li in soup.select("ol.source-index > li:not([id])"):
            assert "those before on the page before" in li.get_text()
        # the page's JSON-LD lists the sources whose anchor it has, numbered as it does
        assert _ld_sources(out, page) == [(_number(soup, i), i) for i in anchored]
    assert len(ids) == len(set(ids)) == len(_citing(whole))
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("/sources/") == len(pages)


def test_a_page_of_sources_is_bounded_by_its_bytes_too(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past about SOURCES_BYTES a page of the list of sources goes on over the next, however
    few sources and citing events it names (long titles of events and sources: 800 links
    of 170-character titles were 300 KB): every source and citing event still listed, each
    page's list about the bound or one source's part of it."""
    whole = tmp_path / "whole"
    assert build(sample_site, "--output", whole).code == 0
    bound = 2_000
    monkeypatch.setattr(publish, "SOURCES_BYTES", bound)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    assert {k: sorted(v) for k, v in _citing(out).items()} == {
        k: sorted(v) for k, v in _citing(whole).items()
    }
    pages = sorted(out.glob("sources/**/index.html"))
    assert len(pages) > len(sorted(whole.glob("sources/**/index.html")))
    for page in pages:
        soup = html(page)
        items = soup.select("ol.source-index > li")
        script = soup.select_one('script[type="application/ld+json"]')
        weight = sum(len(str(li)) for li in items) + len(script.string or "") if script else 0
        assert len(items) == 1 or weight <= bound * 1.2, page


@pytest.mark.parametrize("folder", ["people", "countries"])
def test_the_lists_of_people_and_countries_are_paged(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """Past INDEX_PAGE entries the list of people (countries) goes on over index-2.html,
    …: each entry on one page, each page linking every other, the sitemap naming each."""
    whole = tmp_path / "whole"
    assert build(sample_site, "--output", whole).code == 0
    everyone = [str(a["href"]) for a in html(whole / folder / "index.html").select(".index-list a")]
    monkeypatch.setattr(publish, "INDEX_PAGE", 2)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    first = html(out / folder / "index.html")
    links = [str(a["href"]) for a in first.select("nav.source-pages a")]
    assert len(links) == -(-len(everyone) // 2) > 1
    listed: list[str] = []
    for n, href in enumerate(links):
        page = out / href.removeprefix("../")
        page = page / "index.html" if page.is_dir() else page
        soup = html(page)
        current = soup.select("nav.source-pages a[aria-current=page]")
        assert [a.get_text() for a in current] == [str(n + 1)]
        entries = [str(a["href"]) for a in soup.select(".index-list a")]
        assert 1 <= len(entries) <= 2
        for a in soup.select(".index-list a"):  # (all pages are in the same folder)
            assert (page.parent / str(a["href"]) / "index.html").resolve().is_file()
        listed += [
            str(a["href"]).rpartition("/")[0].rpartition("/")[2]
            for a in soup.select(".index-list a")
        ]
    assert listed == [h.rpartition("/")[0].rpartition("/")[2] for h in everyone]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"/{folder}/index-{n}.html</loc>" in sitemap for n in range(2, len(links) + 1))


def test_a_list_of_people_is_paged_by_its_entries_bytes_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past INDEX_BYTES of entries a list goes on over more pages, however few its entries:
    of even counts while they fit, else filled in order (a run of long roles), each entry
    on one page and no page over the bound unless one entry alone is."""
    monkeypatch.setattr(publish, "INDEX_PAGE", 1_000)
    monkeypatch.setattr(publish, "INDEX_BYTES", 1_000)
    assert publish.index_sizes([]) == [0]
    assert publish.index_sizes([200] * 4) == [4]
    assert publish.index_sizes([200] * 9) == [5, 4]  # 1,800 bytes: two pages, evenly
    long = [200, 200, 900, 200, 200, 200]
    sizes = publish.index_sizes(long)
    assert sizes == [2, 1, 3] and sum(sizes) == len(long)
    assert publish.index_sizes([1_500, 100]) == [1, 1]  # an entry over the bound: alone
    monkeypatch.setattr(publish, "INDEX_PAGE", 3)
    assert publish.index_sizes([10] * 7) == [3, 3, 1]  # by count, as before


@pytest.mark.parametrize("folder", ["people", "countries"])
def test_a_long_list_of_long_entries_stays_under_its_bound(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """A list whose entries weigh more than INDEX_BYTES is split by bytes though it has
    fewer than INDEX_PAGE entries: every entry on one page, numbered on from the page
    before, no page's list much over the bound."""
    whole = tmp_path / "whole"
    assert build(sample_site, "--output", whole).code == 0
    everyone = [str(a["href"]) for a in html(whole / folder / "index.html").select(".index-list a")]
    monkeypatch.setattr(publish, "INDEX_BYTES", 600)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    links = [str(a["href"]) for a in html(out / folder / "index.html").select("nav.source-pages a")]
    assert len(links) > 1
    listed: list[str] = []
    for href in links:
        page = out / folder / href.rpartition("/")[2] if href.endswith(".html") else out / folder
        soup = html(page / "index.html" if page.is_dir() else page)
        items = soup.select(".index-list > li")
        assert sum(len(str(li)) for li in items) <= 600 + 250  # (one entry may tip it over)
        summary = soup.select_one("nav.source-pages p")
        assert summary is not None and summary.get_text().startswith(f"{len(listed) + 1}–")
        listed += [str(a["href"]) for a in soup.select(".index-list a")]
    assert listed == everyone


def test_the_calendar_and_timelinejs_hold_the_latest_events(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """events.ics and timeline.json are bounded: the latest ICS_LIMIT and TIMELINEJS_LIMIT
    events (events.json keeps them all)."""
    monkeypatch.setattr(publish, "ICS_LIMIT", 2)
    monkeypatch.setattr(publish, "TIMELINEJS_LIMIT", 3)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    every = json.loads((out / "events.json").read_text(encoding="utf-8"))["events"]
    assert len(every) > 3
    ics = (out / "events.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == 2
    for e in every[-2:]:
        assert f"/events/{e['slug']}/" in ics.replace("\r\n ", "")
    slides = json.loads((out / "timeline.json").read_text(encoding="utf-8"))["events"]
    assert [s["unique_id"] for s in slides] == [e["slug"] for e in every[-3:]]


def test_the_sitemap_lists_the_further_pages(everywhere: Path) -> None:
    """The year pages of a long person's or country's list and the further pages of the
    list of sources are pages like any other: the sitemap lists each, and only pages."""
    sitemap = (everywhere / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://example\.org/bench/([^<]*)</loc>", sitemap))
    further = {
        p.relative_to(everywhere).as_posix().removesuffix("index.html")
        for folder in ("people/zoe-everywhere/years", "countries/everyland/years", "sources")
        for p in (everywhere / folder).rglob("index.html")
    }
    assert any(p.startswith("sources/") and p != "sources/" for p in further)
    assert further <= listed
    assert all((everywhere / p / "index.html").is_file() for p in listed if p.endswith("/"))


def test_year_pages_of_a_person_stay_right_in_incremental_builds(
    everywhere: Path, tmp_path: Path
) -> None:
    """A body edit, a title edit and a deleted event (which moves the other events of its
    year group) on the 400-event site: the incremental build equals a clean one."""
    site = tmp_path / "site"
    shutil.copytree(everywhere.parent, site, ignore=shutil.ignore_patterns("output"))
    out = tmp_path / "out"
    check_same(site, out, tmp_path)
    files = sorted((site / "content/events").rglob("*.md"))
    body = files[10]
    body.write_text(body.read_text(encoding="utf-8") + "\nA sentence added later.\n", "utf-8")
    check_same(site, out, tmp_path)
    text = files[200].read_text(encoding="utf-8")
    files[200].write_text(text.replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    files[5].unlink()
    check_same(site, out, tmp_path)


def test_an_entrys_weight_counts_its_long_title_and_summary() -> None:
    """An entry's own text past the 300 bytes its weight allowed (a title of 270 and a
    summary of 540 bytes made year pages of 254 KB) is counted, so a year of such entries
    is split where it was not; a short entry weighs what it did."""
    short = yearpages.text_weight("a-short-title", "A short title", "A summary of one line.")
    assert yearpages.weight(2, 1, 3, 4, short) == yearpages.weight(2, 1, 3, 4) == 1_730
    long = yearpages.text_weight("e1", "t" * 270, "s" * 540)
    assert yearpages.weight(2, 1, 3, 4, long) == 1_730 + long - 300
    count = yearpages.PAGE
    assert len(yearpages.part_sizes(count, 1, [yearpages.weight(8, 5, 4, 6)] * count)) == 1
    heavy = [yearpages.weight(8, 5, 4, 6, long)] * count
    assert len(yearpages.part_sizes(count, 1, heavy)) == 2


def test_a_timelines_pages_are_bounded_by_the_weight_of_their_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry shows a chip for each person and country of its event: 60 entries with
    crowds were a 412 KB page. A year group of heavy entries goes on over more pages,
    each within yearpages.PAGE_BYTES (made small here for a small site: 25 people in
    every other event), every event on one page that its map and its event page name.
    A map file lists at most MAP_MOST events: past it, the first letters that the
    navigator's data-prefix says name it."""
    monkeypatch.setattr(yearpages, "PAGE_BYTES", 30_000)
    monkeypatch.setattr(yearpages, "MAP_MOST", 20)  # (and the maps by longer prefixes)
    site = generated(tmp_path / "site", 250)
    everyone = "".join(f'  - "{p.stem}"\n' for p in sorted((site / "content/people").glob("*.md")))
    crowd = re.compile(r"\npeople:\n(?:  - .*\n)+")
    for n, path in enumerate(sorted((site / "content/events").rglob("*.md"))):
        if n % 2:
            text = path.read_text(encoding="utf-8")
            path.write_text(crowd.sub(f"\npeople:\n{everyone}", text, count=1), encoding="utf-8")
    assert build(site).code == 0
    out = site / "output"
    pages = [out / "index.html", *sorted((out / "years").rglob("index.html"))]
    pages = [p for p in pages if p.parent.name != "embed"]
    listed: dict[str, Path] = {}
    heaviest = 0
    for path in pages:
        entries = html(path).select("#timeline li.entry")
        heaviest = max(heaviest, max(len(e.select(".chips li")) for e in entries))
        assert len(entries) <= yearpages.PAGE
        # the entries' weight (yearpages.weight: a chip 100 bytes, a printed source 250,
        # a tag 20, the rest 600) within the page's budget
        weight = sum(
            600
            + 100 * len(e.select(".chips li"))
            + 250 * len(e.select(".print-sources li"))
            + 20 * len(str(e.get("data-t", "")).split())
            for e in entries
        )
        assert weight <= yearpages.PAGE_BYTES or len(entries) == 1, path
        if path != out / "index.html":
            listed |= {str(e["id"]): path for e in entries}
    assert heaviest > 25
    events = {p.name for p in (out / "events").iterdir() if p.is_dir()}
    assert set(listed) == events
    prefix = int(str(html(out / "index.html").select_one(".year-nav")["data-prefix"]))
    assert prefix > 1
    for shard in (out / "years").glob("events-*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        assert len(data["at"]) <= 20
        for slug, at in data["at"].items():
            assert shard.name == f"events-{slug[:prefix]}.json"
            assert (out / data["pages"][at] / "index.html") == listed[slug], slug
    for slug in sorted(events)[::25]:
        back = html(out / "events" / slug / "index.html").find("a", string="Back to the timeline")
        target, anchor = str(back["href"]).split("#")
        where = (out / "events" / slug / target / "index.html").resolve()
        assert anchor == slug and where == listed[slug].resolve()


LONG = " ".join(["The committee heard evidence from witnesses for many hours."] * 50)
"""About 3 KB of body text."""


def bounded_build(site: Path, out: Path, bounds: Bounds, clean: bool = False) -> Builder:
    """`sitegen build SITE --output OUT [--clean]` with these bounds on the data files
    (lowered, to split a small site's files as a large site's are)."""
    options = Options(today=TODAY, bounds=bounds)
    builder = Builder(site, out, options, dt.date.fromisoformat(TODAY), clean=clean)
    assert builder.build().ok
    return builder


def long_year_site(root: Path) -> Path:
    """A generated site of 150 events, those of its busiest year with long bodies."""
    site = generated(root, 150)
    by_year: dict[str, list[Path]] = {}
    for path in sorted((site / "content/events").rglob("*.md")):
        by_year.setdefault(path.parent.name, []).append(path)
    for path in max(by_year.values(), key=len):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + LONG + "\n", "utf-8")
    return site


def test_events_json_parts_are_bounded_by_bytes(tmp_path: Path) -> None:
    """A site's events.json is split by bytes as well as by count: 150 events (a count
    of one file) over the bound are an index of parts, each within the bound unless it
    is one event, a year of long events split in several; every event once, in order."""
    site = long_year_site(tmp_path / "site")
    out = tmp_path / "out"
    bound = 30_000
    bounded_build(site, out, Bounds(events_bytes=bound))
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert index["count"] == 150 and "events" not in index
    slugs: list[str] = []
    for part in index["parts"]:
        path = out / part["url"].rpartition("/")[2]
        data = json.loads(path.read_text(encoding="utf-8"))
        assert len(data["events"]) == part["events"]
        assert path.stat().st_size <= bound or part["events"] == 1, (path.name, part)
        slugs += [e["slug"] for e in data["events"]]
    assert len(slugs) == len(set(slugs)) == 150
    assert set(slugs) == {p.name for p in (out / "events").iterdir() if p.is_dir()}
    split_years = [p for p in out.glob("events-*-2.json")]
    assert split_years, "the year of long events is in parts"
    # the people, countries and sources too, by bytes as by count
    out = tmp_path / "records"
    bounded_build(site, out, Bounds(events_bytes=4_000))
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert len(index["people_parts"]) > 1
    for kind in ("people", "countries", "sources"):
        got = []
        for part in index[kind + "_parts"]:
            path = out / part["url"].rpartition("/")[2]
            assert path.stat().st_size <= 4_000 or part["count"] == 1, (path.name, part)
            got += json.loads(path.read_text(encoding="utf-8"))[kind]
        assert len(got) == sum(p["count"] for p in index[kind + "_parts"]) > 0
    # within the bound, one file as before
    out = tmp_path / "one"
    bounded_build(site, out, Bounds(events_bytes=1_000_000))
    assert "events" in json.loads((out / "events.json").read_text(encoding="utf-8"))


def test_a_body_edit_that_moves_a_parts_bound_rebuilds_as_a_clean_build(tmp_path: Path) -> None:
    """A body grown past a part's bound moves events between parts: the rebuild takes
    the full path and equals a clean build; a sentence added within the bound is still
    patched."""
    site = long_year_site(tmp_path / "site")
    out = tmp_path / "out"
    bounds = Bounds(events_bytes=30_000)
    bounded_build(site, out, bounds)
    paths = sorted((site / "content/events").rglob("*.md"))

    def same_as_clean() -> None:
        ref_site, ref_out = tmp_path / "ref-site", tmp_path / "ref-out"
        shutil.rmtree(ref_site, ignore_errors=True)
        shutil.rmtree(ref_out, ignore_errors=True)
        shutil.copytree(site, ref_site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        bounded_build(ref_site, ref_out, bounds, clean=True)
        got, want = tree(out), tree(ref_out)
        assert sorted(got) == sorted(want)
        assert not [p for p in want if got[p] != want[p]]

    before = {p.name: p.read_bytes() for p in out.glob("events*.json")}
    grown = paths[3]
    grown.write_text(grown.read_text(encoding="utf-8") + ("\n" + LONG) * 4 + "\n", "utf-8")
    builder = bounded_build(site, out, bounds)
    assert builder.loaded is not None and builder.loaded.edited == ()  # the full path
    same_as_clean()
    moved = {p.name: p.read_bytes() for p in out.glob("events*.json")}
    assert len([n for n in moved if before.get(n) != moved[n]]) > 2, "the bounds moved"
    sentence = paths[100]
    sentence.write_text(sentence.read_text(encoding="utf-8") + "\nOne more.\n", "utf-8")
    builder = bounded_build(site, out, bounds)
    assert builder.loaded is not None and len(builder.loaded.edited) == 1  # patched
    same_as_clean()


def test_a_body_edit_plans_only_its_part_from_the_loads_weighing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large site (past EVENTS_PART events), a body edit's plan takes events.json's
    parts from the load, which weighed every event once, and makes only the part that
    lists the edited event: the second part of a year split by bytes (events-YEAR-2.json)
    and a part of whole years, each rebuilt as a clean build makes it, no other written."""
    monkeypatch.setattr(publish, "EVENTS_PART", 40)
    site = long_year_site(tmp_path / "site")
    out = tmp_path / "out"
    bounds = Bounds(events_bytes=30_000)
    bounded_build(site, out, bounds)
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    names = [part["url"].rpartition("/")[2] for part in index["parts"]]
    second = next(n for n in names if re.fullmatch(r"events-\d+-2\.json", n))
    whole = next(n for n in names if re.fullmatch(r"events-\d+\.json", n) and n != names[-1])
    paths = {p.stem: p for p in (site / "content/events").rglob("*.md")}
    for name in (second, whole):
        listed = json.loads((out / name).read_text(encoding="utf-8"))["events"]
        path = paths[listed[len(listed) // 2]["slug"]]
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more.\n", "utf-8")
        before = {p.name: p.read_bytes() for p in out.glob("events*.json")}
        builder = bounded_build(site, out, bounds)
        loaded = builder.loaded
        assert loaded is not None and loaded.site is not None and len(loaded.edited) == 1
        events = publish.visible_events(loaded.site, builder.options)
        assert loaded.parts == tuple(publish._event_ranges(events, bounds.events_bytes))
        after = {p.name: p.read_bytes() for p in out.glob("events*.json")}
        assert [n for n in after if before.get(n) != after[n]] == [name]
        ref_site, ref_out = tmp_path / f"ref-{name}", tmp_path / f"ref-out-{name}"
        shutil.copytree(site, ref_site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        bounded_build(ref_site, ref_out, bounds, clean=True)
        got, want = tree(out), tree(ref_out)
        assert sorted(got) == sorted(want)
        assert not [p for p in want if got[p] != want[p]]


def test_a_long_timelines_events_json_is_an_index_of_parts(
    sample_site: Path, tmp_path: Path
) -> None:
    """Past Bounds.timeline_events events, a timeline's events.json lists its parts (in
    the timeline's order, each naming what its own events name) instead of every event
    (~60 bytes each, 3 MB for a 50,000-event timeline): the parts hold what the one file
    held, and each record_in is the site's file with the event's record."""
    whole = tmp_path / "whole"
    bounded_build(sample_site, whole, Bounds())
    out = tmp_path / "out"
    bounded_build(sample_site, out, Bounds(timeline_events=2))
    for story in ("war-in-ukraine", "modi-in-moscow"):
        one = json.loads((whole / f"timelines/{story}/events.json").read_text("utf-8"))
        index = json.loads((out / f"timelines/{story}/events.json").read_text("utf-8"))
        assert one["count"] > 2 and "parts" not in one
        assert "events" not in index and index["count"] == one["count"]
        assert index["named_in"] == one["named_in"]
        base = one["named_in"].removesuffix("events.json")
        events: list[dict[str, str]] = []
        named: dict[str, set[str]] = {k: set() for k in ("people", "countries", "sources", "tags")}
        for part in index["parts"]:
            path = out / "timelines" / story / part["url"].rpartition("/")[2]
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["part_of"].endswith(f"timelines/{story}/events.json")
            assert len(data["events"]) == part["events"] <= 2
            for e in data["events"]:
                name = e["record_in"].removeprefix(base)
                records = json.loads((out / name).read_text("utf-8"))["events"]
                assert [r for r in records if r["slug"] == e["slug"]], e
            events += data["events"]
            for kind, found in named.items():
                found.update(data[kind])
        assert events == one["events"]
        assert named == {k: set(one[k]) for k in named}


def test_files_in_parts_stay_right_in_incremental_builds(sample_site: Path, tmp_path: Path) -> None:
    """With every bound lowered (events.json's parts by bytes, a timeline's events.json
    in parts, the search index's shards in parts), the incremental build after each kind
    of edit equals a clean one, byte for byte."""
    bounds = Bounds(search_docs=4, events_bytes=6_000, timeline_events=2)
    out = tmp_path / "out"

    def same_as_clean() -> None:
        bounded_build(sample_site, out, bounds)
        ref_site, ref_out = tmp_path / "ref-site", tmp_path / "ref-out"
        shutil.rmtree(ref_site, ignore_errors=True)
        shutil.rmtree(ref_out, ignore_errors=True)
        shutil.copytree(sample_site, ref_site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        bounded_build(ref_site, ref_out, bounds, clean=True)
        got, want = tree(out), tree(ref_out)
        assert sorted(got) == sorted(want)
        assert not [p for p in want if got[p] != want[p]]

    same_as_clean()
    assert list(out.glob("events-*.json")) and list(out.glob("timelines/*/events-*.json"))
    assert list(out.glob("search/w/*-1.json"))
    for edit in EDITS:
        edit(sample_site)
        same_as_clean()


def test_a_bodys_size_is_known_without_unpacking_it() -> None:
    """The plan weighs every event of a large site (publish.record_weight): a body's
    plain text's size rides beside its packed fields, through a pickle too."""
    body = Body("<p>Zoë met Ada.</p>", "Zoë met Ada.")
    body.pack()
    again = pickle.loads(pickle.dumps(body))
    assert again.plain_bytes == len("Zoë met Ada.".encode()) == 13
    assert "plain" not in again.__dict__ and "_packed" in again.__dict__  # still packed
    assert again.plain == "Zoë met Ada." and again == Body("<p>Zoë met Ada.</p>", "Zoë met Ada.")


def test_a_static_file_at_a_numbered_data_files_path_is_said(tmp_path: Path) -> None:
    """static-shadows-page knows the numbered data files (events-N.json, people-N.json,
    …) as it knows every page: from the plan itself, in check, in a build and in a build
    after a body edit alone."""
    site = generated(tmp_path / "site", 150)
    bounds = Bounds(events_bytes=4_000)
    bounded_build(site, tmp_path / "first", bounds)
    numbered = sorted(
        p.name for p in (tmp_path / "first").glob("*.json") if re.search(r"-\d+\.json$", p.name)
    )
    assert any(n.startswith("events-") for n in numbered)
    assert any(n.startswith("people-") for n in numbered)
    for name in numbered:
        (site / "static" / name).parent.mkdir(exist_ok=True)
        (site / "static" / name).write_text("{}", encoding="utf-8")

    def said(diagnostics: list[Any]) -> list[str]:
        return [d.path for d in diagnostics if d.code == "static-shadows-page"]

    expected = [f"static/{name}" for name in numbered]
    options = Options(today=TODAY, bounds=bounds)
    today = dt.date.fromisoformat(TODAY)
    out = tmp_path / "out"
    assert said(Builder(site, out, options, today).check().diagnostics) == expected
    # (`check` plans only for a static/ file whose name ends as a page's may)
    loaded = Builder(site, out, options, today).load()
    assert loaded.site is not None
    planned = plan(loaded.site, options, Memo(again=False))
    assert all(p.path.endswith(checks.PAGE_SUFFIXES) for p in planned)
    built = Builder(site, out, options, today).build()
    assert built.ok and said(built.diagnostics) == expected
    assert json.loads((out / numbered[0]).read_text(encoding="utf-8")) == {}  # static/'s
    first = sorted((site / "content" / "events").rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    builder = Builder(site, out, options, today)
    again = builder.build()
    assert builder.loaded is not None and builder.loaded.edited  # the edited path
    assert again.ok and said(again.diagnostics) == expected


def heavy_story_site(root: Path, events: int) -> Path:
    """A site of two timelines: `heavy`, `events` events (fewer than yearpages.LARGE),
    one a year, each citing 15 sources of long titles with 12 tags, as an archive grown
    round one big story cites its wires; `light`, three plain events."""
    content = root / "content"
    (content / "timelines").mkdir(parents=True)
    (content / "site.yaml").write_text('title: "Heavy"\nlanguage: en\n', encoding="utf-8")
    sources = "".join(
        f'wire-{n}:\n  title: "{"A long headline of the wire service " * 6}{n}"\n'
        f'  publisher: Wire\n  url: "https://example.org/wire/{n}"\n  published: "2025-01-01"\n'
        for n in range(40)
    )
    (content / "sources.yaml").write_text(sources, encoding="utf-8")
    for slug in ("heavy", "light"):
        (content / "timelines" / f"{slug}.md").write_text(
            f'---\ntitle: "The {slug} story"\n---\nIts introduction.\n', encoding="utf-8"
        )
    for n in range(events + 3):
        story = "heavy" if n < events else "light"
        cited = ", ".join(f"wire-{(n + k) % 40}" for k in range(15))
        tags = ", ".join(f"topic-{(n + k) % 30}" for k in range(12))
        event = content / "events" / f"event-{n}.md"
        event.parent.mkdir(exist_ok=True)
        event.write_text(
            f'---\ntitle: "Event number {n} of the {story} story"\n'
            f'date: "{1850 + n}-03-01"\ntimelines: [{story}]\nsources: [{cited}]\n'
            f"tags: [{tags}]\n---\nWhat happened [@wire-{n % 40}].\n",
            encoding="utf-8",
        )
    return root


def test_a_short_timeline_of_heavy_entries_gets_year_pages(tmp_path: Path) -> None:
    """Issue 20 (the skewed corpus): a timeline of fewer than LARGE events, each citing
    a dozen sources with long titles and a dozen tags, was one page of 462 KB. Past
    PAGE_BYTES of entries it is split into year pages as a long one is: no page over
    300 KB, every event on one of them, its event page's way back landing there; a
    light timeline of the same site stays one page."""
    site = heavy_story_site(tmp_path / "site", 150)
    assert build(site).code == 0
    heavy = site / "output" / "timelines" / "heavy"
    pages = [heavy / "index.html", *sorted((heavy / "years").rglob("index.html"))]
    pages = [p for p in pages if "embed" not in p.parts]
    assert len(pages) > 2
    listed: dict[str, Path] = {}
    for path in pages:
        assert path.stat().st_size <= 300_000, path
        entries = html(path).select("#timeline li.entry")
        assert entries, path
        if path != heavy / "index.html":
            listed |= {str(e["id"]): path for e in entries}
    assert sorted(listed) == sorted(f"event-{n}" for n in range(150))
    back = html(site / "output/events/event-75/index.html").find("a", href=re.compile("heavy"))
    assert back is not None
    target, _, anchor = str(back["href"]).partition("#")
    where = (site / "output/events/event-75" / target / "index.html").resolve()
    assert anchor == "event-75" and where == listed["event-75"].resolve()
    light = site / "output" / "timelines" / "light"
    assert not (light / "years").exists()
    assert len(html(light / "index.html").select("#timeline li.entry")) == 3


def test_an_edit_that_makes_a_short_timeline_heavy_gives_it_year_pages(tmp_path: Path) -> None:
    """43 such events weigh just under PAGE_BYTES: one page. Citing 15 more sources in
    one of them tips the timeline over: the rebuild gives it year pages, and every file
    is as a clean build of the edited site makes it."""
    site = heavy_story_site(tmp_path / "site", 43)
    with (site / "content" / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("base_url: https://example.org/heavy/\n")  # (the sitemap and feeds too)
    out = tmp_path / "out"
    assert build(site, "--output", out).code == 0
    assert not (out / "timelines/heavy/years").exists()
    event = site / "content" / "events" / "event-10.md"
    more = ", ".join(f"wire-{k}" for k in range(30))
    event.write_text(
        re.sub(r"sources: \[.*\]", f"sources: [{more}]", event.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    check_same(site, out, tmp_path)
    assert (out / "timelines/heavy/years").is_dir()
