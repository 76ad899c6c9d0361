"""Many timelines, one newsroom (issue 17): content/timelines/, the front page, each
timeline's page and files, the shared pages that group by timeline, and the checks.

Most tests read tests/sites/newsroom built once: three published timelines (harbour,
newest first, with an image; bridge; election-2024) whose events overlap, and a draft
timeline that is left out.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest

from sitegen import build as sitegen_build
from sitegen import planning, render
from sitegen import publish as sitegen_publish
from sitegen import search as sitegen_search
from sitegen import yearpages as sitegen_yearpages
from sitegen.build import Builder
from sitegen.options import Options
from sitegen.options import today as parse_today
from sitegen.pages import PageData, resolved
from sitegen.splice import Pieces, Twice
from tests.conftest import SITES, TODAY, build, chip_slugs, html, run
from tests.test_build import internal_targets
from tests.test_publish import check_sitemap, indexed_pages, json_ld, page_url
from tests.test_reader import load_index

BASE = "https://news.example.org/"
STORIES = {
    # timeline -> its events, oldest first
    "harbour": ["ferry-returns", "bridge-approved", "dock-strike", "election-result"],
    "bridge": ["bridge-approved", "early-election-called", "election-result"],
    "election-2024": ["dock-strike", "early-election-called", "election-result"],
}
STORY_TITLES = {  # title -> timeline
    "The Narrows bridge": "bridge",
    "Westhaven votes, 2024": "election-2024",
    "The harbour, year by year": "harbour",
}
FILES = ("feed.xml", "timeline.json", "events.ics", "events.json", "search.json")
SPLICED = FILES[:3]
"""The files made of per-event pieces (events.json names the site's file with each
event's record, search.json the site's search documents the timeline's page searches:
search.py)."""


def but_shards(paths: set[str]) -> set[str]:
    """Paths without the search index's shards and record chunks (which of them change
    depends on the words: tests/test_search.py)."""
    return {p for p in paths if "/w/" not in p and "/r/" not in p}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("newsroom") / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


def slugs_of(soup: Any) -> list[str]:
    return [str(li["id"]) for li in soup.select("#timeline li.entry")]


# -- the front page ---------------------------------------------------------------------------


def test_front_page_lists_every_published_timeline_newest_update_first(newsroom: Path) -> None:
    soup = html(newsroom / "index.html")
    cards = soup.select("ol.story-list > li.story-card")
    links = [str(c.select_one("h2 a")["href"]) for c in cards]
    # bridge was updated on 15 July 2024; the others last changed on 30 June: then by title
    assert links == ["timelines/bridge/", "timelines/harbour/", "timelines/election-2024/"]
    assert "ferry-crisis" not in soup.decode()  # a draft timeline is not published
    harbour = cards[1]
    assert harbour.select_one("h2").get_text(strip=True) == "The harbour, year by year"
    assert "Ferries, docks and strikes" in harbour.select_one(".story-summary").get_text()
    assert harbour.select_one(".byline").get_text() == "By Ada Quill, Ben Tide"
    meta = harbour.select_one(".story-meta").get_text(" ", strip=True)
    assert meta.startswith("4 events, 2023–2024") and "30 June 2024" in meta
    assert harbour.select_one(".story-meta time")["datetime"] == "2024-06-30"
    img = harbour.select_one("img")
    assert img["src"] == "img/harbour.png" and img["alt"].startswith("A grey placeholder")
    assert (img["width"], img["height"]) == ("1200", "600")
    assert cards[2].select_one(".story-meta").get_text(" ", strip=True).startswith("3 events, 2024")
    nav = soup.select_one("body > header nav a[aria-current=page]")
    assert nav is not None and nav.get_text() == "Timelines"


def test_front_page_searches_the_whole_site_and_loads_its_own_script(newsroom: Path) -> None:
    """The front page's search is the site's index, unscoped; its script for a one-story
    site's old links (newsroom.js) is loaded by it alone, not by an embed of it, and a
    site without timelines is published without it."""
    soup = html(newsroom / "index.html")
    box = soup.select_one(".site-search[role=search] input#search-input")
    assert box is not None and box["data-index"] == "search/index.json"
    assert not box.has_attr("data-scope")
    label = soup.select_one("label[for=search-input]")
    assert label is not None and label.get_text() == (
        "Search every timeline: events, people and countries"
    )
    assert soup.select_one("#search-status[role=status]") is not None
    scripts = [str(s["src"]) for s in soup.select("script[src]")]
    assert [s.split(".")[0] for s in scripts] == ["assets/site", "assets/newsroom"]
    assert all((newsroom / s).is_file() for s in scripts)
    embed = html(newsroom / "embed" / "index.html")
    assert embed.select_one(".site-search") is None
    assert not [s for s in embed.select("script[src]") if "newsroom" in str(s["src"])]
    timeline = html(newsroom / "timelines" / "harbour" / "index.html")
    assert not [s for s in timeline.select("script[src]") if "newsroom" in str(s["src"])]


def test_a_site_without_timelines_has_no_newsroom_script(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "rosetta", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert build(root).code == 0
    # (nor years.js, which only a large timeline's year pages load)
    assert [p.name.split(".")[0] for p in sorted((root / "output/assets").iterdir())] == [
        "embed", "site", "style"
    ]  # fmt: skip
    pages = "\n".join(p.read_text("utf-8") for p in (root / "output").rglob("*.html"))
    assert "assets/years." not in pages


def test_years_js_is_published_with_the_year_pages_that_load_it(tmp_path: Path) -> None:
    """A timeline long enough for year pages loads years.js first on each of them: it is
    published with them, and kept by a build after a body edit, which plans the edited
    event's pages alone."""
    from tests.test_reader_large import generated

    root = generated(tmp_path / "site", 250)
    assert build(root).code == 0
    out = root / "output"
    year_page = html(out / "years/2000/index.html")
    script = year_page.select_one("body > script[src]")
    assert script is not None and "assets/years." in script["src"]
    assert (out / "years/2000" / script["src"]).resolve().is_file()
    first = sorted((root / "content/events").rglob("*.md"))[0]
    first.write_text(first.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    assert build(root).code == 0
    assert (out / "years/2000" / script["src"]).resolve().is_file()


# -- a timeline's page ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_timeline_page_lists_its_events_in_its_order(newsroom: Path, slug: str) -> None:
    soup = html(newsroom / "timelines" / slug / "index.html")
    want = STORIES[slug][::-1] if slug == "harbour" else STORIES[slug]  # harbour: newest
    assert slugs_of(soup) == want
    years = [h.get_text() for h in soup.select("h2.year-marker")]
    assert years == sorted(set(years), reverse=slug == "harbour")
    # the strip marks this timeline's events, linking to them on this page
    marks = {str(a["href"]) for a in soup.select("figure.overview svg.overview-wide a")}
    assert marks == {f"#{s}" for s in want}
    # search scoped to it: the site's index, kept to its events and the people and
    # countries they name
    search = soup.select_one("#search-input")
    index = (newsroom / "timelines" / slug / str(search["data-index"])).resolve()
    assert index == (newsroom / "search/index.json").resolve()
    scope = (newsroom / "timelines" / slug / str(search["data-scope"])).resolve()
    assert scope == (newsroom / "timelines" / slug / "search.json").resolve()
    numbers = sitegen_search.scope_numbers(json.loads(scope.read_text())["in"])
    site_docs = load_index(newsroom)  # [kind, title, date, url, snippet]
    docs = [site_docs[n] for n in numbers]
    assert [d[3] for d in docs if d[0] == "e"] == [f"events/{s}/" for s in STORIES[slug]]
    assert {d[0] for d in docs} == {"e", "p", "c"}
    used_people = {p for li in soup.select("li.entry") for p in chip_slugs(li, "people")}
    assert {d[3] for d in docs if d[0] == "p"} == {f"people/{p}/" for p in used_people}
    # filters offer only what its events name: site.js lists the people of its entries'
    # chips in the people's fieldset (test_reader_browser checks what it lists)
    assert soup.select_one("#filters fieldset[data-name=person]") is not None
    assert soup.select_one("title").get_text().startswith(soup.select_one("h1").get_text())
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}timelines/{slug}/"
    feed = soup.find("link", rel="alternate", title=soup.select_one("h1").get_text())
    assert feed is not None and feed["href"] == f"{BASE}timelines/{slug}/feed.xml"


def test_timeline_page_shows_introduction_byline_image_and_gaps(newsroom: Path) -> None:
    soup = html(newsroom / "timelines" / "harbour" / "index.html")
    header = soup.select_one("header.story-header")
    assert header.select_one(".byline").get_text() == "By Ada Quill, Ben Tide"
    assert "Newest first" in header.get_text()
    intro = soup.select_one(".story-intro")
    # wiki links to a country and to other timelines; a citation to the intro's sources
    assert intro.find("a", href="../../countries/westhaven/")
    assert intro.find("a", href="../../timelines/bridge/").get_text() == "The Narrows bridge"
    assert intro.select_one("sup > a")["href"] == "#source-1"
    assert "Ferry service" in soup.select_one("#source-1").get_text()
    assert soup.select_one("figure.lead-image img")["src"] == "../../img/harbour.png"
    # newest first, a long silence is said below the later event: "… earlier"
    assert "6 months earlier" in soup.select_one("li.gap").get_text()
    # a link to a draft timeline is plain text, as one to a draft event (not published)
    assert "timeline of the ferry crisis" in intro.get_text()
    assert intro.find("a", string="timeline of the ferry crisis") is None


# -- event, person, country and source pages -------------------------------------------------


def test_event_page_names_its_timelines_and_steps_through_each(newsroom: Path) -> None:
    soup = html(newsroom / "events" / "election-result" / "index.html")
    named = [str(a["href"]) for a in soup.select(".in-stories a")]
    assert named == [
        "../../timelines/election-2024/#election-result",
        "../../timelines/harbour/#election-result",
        "../../timelines/bridge/#election-result",
    ]
    pagers = soup.select("nav.pager-story")
    assert len(pagers) == 3
    prev = [str(p.select_one("a[rel=prev]")["href"]) for p in pagers]
    assert prev == [  # (a sibling of this page: events/SLUG/)
        "../early-election-called/",
        "../dock-strike/",
        "../early-election-called/",
    ]
    assert not any(p.select_one("a[rel=next]") for p in pagers)  # the last in all three
    middle = html(newsroom / "events" / "bridge-approved" / "index.html")
    pagers = middle.select("nav.pager-story")
    assert [p["aria-label"] for p in pagers] == [
        "Previous and next event in The Narrows bridge",
        "Previous and next event in The harbour, year by year",
    ]
    assert pagers[0].select_one("a[rel=next]")["href"] == "../early-election-called/"
    assert pagers[1].select_one("a[rel=prev]")["href"] == "../ferry-returns/"
    assert pagers[1].select_one("a[rel=next]")["href"] == "../dock-strike/"
    # an event in a draft timeline and a published one names only the published one
    ferry = html(newsroom / "events" / "ferry-returns" / "index.html")
    assert [a.get_text() for a in ferry.select(".in-stories a")] == ["The harbour, year by year"]
    tags = ferry.select_one("p.tags a")
    assert tags["href"] == "../../timelines/harbour/?tag=transport#timeline"


def test_person_country_and_source_pages_group_events_by_timeline(newsroom: Path) -> None:
    soup = html(newsroom / "people" / "mara-marlow" / "index.html")
    groups = [h.get_text(" ", strip=True) for h in soup.select("h3.story-group")]
    assert groups == [
        "The Narrows bridge (3)",
        "Westhaven votes, 2024 (2)",
        "The harbour, year by year (2)",
    ]
    assert soup.select_one("#person-events").get_text() == "Events (3)"
    # one strip, as on a one-story site: the whole story as one grey shape, the person's
    # events on it as links, each mark naming the timelines its event is from (a strip
    # per group made a person in 15 stories a 2 MB page at 10,000 events)
    assert len(soup.select("figure.overview")) == 1
    svg = soup.select_one("figure.overview > svg")
    assert svg is not None and svg.select("path.density")
    marks = {str(a["href"]).split("/")[-2]: a for a in svg.select("a")}
    listed = {str(a["href"]).split("/")[-2] for a in soup.select("ol.event-list a")}
    hl = {s for s, a in marks.items() if "dim" not in a["class"]}
    assert hl == set(marks) == listed and len(hl) == 3
    for slug in hl:  # (in the order the event names them, as its page lists them)
        named = marks[slug].title.get_text().rsplit(" (", 1)[1].rstrip(")").split("; ")
        assert {STORY_TITLES[t] for t in named} == {s for s in STORIES if slug in STORIES[s]}
    sizes = [
        len(h.find_next("ol", class_="event-list").select("li"))
        for h in soup.select("h3.story-group")
    ]
    assert sizes == [3, 2, 2]
    country = html(newsroom / "countries" / "eastmark" / "index.html")
    assert [h.get_text(" ", strip=True) for h in country.select("h3.story-group")] == [
        "The Narrows bridge (1)",
        "The harbour, year by year (1)",
    ]
    sources = html(newsroom / "sources" / "index.html")
    vote = sources.find(id="gazette-2024-06-30-result")
    cited = [p.get_text(" ", strip=True) for p in vote.select("p.muted")]
    assert len(cited) == 3 and cited[0].startswith("Cited in The Narrows bridge (1)")


@pytest.mark.parametrize("paged", [False, True])
def test_list_pages_grouped_by_the_process_that_renders_them_show_what_planned_ones_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paged: bool
) -> None:
    """A render that forks makes each person's, country's and source's groups by
    timeline (and a person's strip marks) with the page's data, in the process that
    renders it (pages.PageData): the same pages, keys and bytes as groups planned ahead,
    for pages split by year and a list of sources continued over several pages too."""
    if paged:  # (the small site's lists split as a large site's are)
        monkeypatch.setattr(sitegen_yearpages, "LARGE", 2)
        monkeypatch.setattr(sitegen_publish, "SOURCES_PAGE", 2)
        monkeypatch.setattr(sitegen_publish, "SOURCES_CITES", 2)
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    made = builder(root)
    site = made.load().site
    assert site is not None
    ahead = planning.plan(site, made.options)
    later = planning.plan(site, made.options, later=True)
    assert [(p.path, p.template) for p in later] == [(p.path, p.template) for p in ahead]
    lists = {"person.html", "country.html", "sources.html"}
    lazy = [i for i, p in enumerate(later) if p.template in lists]
    assert lazy and all(isinstance(later[i].shows, PageData) for i in lazy)
    if paged:
        assert any("/years/" in later[i].path for i in lazy)
        assert any("/2/" in later[i].path for i in lazy if later[i].template == "sources.html")
    renderer = render.Renderer(site, root, made.options)
    for i in lazy:
        page, plain = later[i].made(), ahead[i]
        assert list(page.data) == list(plain.data)  # (in the same order: the same key)
        assert resolved(page.data) == resolved(plain.data)
        assert renderer.key(page) == renderer.key(plain)
        assert renderer.render(page) == renderer.render(plain)


# -- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_each_timeline_has_its_feed_calendar_and_data(newsroom: Path, slug: str) -> None:
    folder = newsroom / "timelines" / slug
    events = STORIES[slug]
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    title = html(folder / "index.html").select_one("h1").get_text()
    assert feed.feed.title == title
    assert feed.feed.link == f"{BASE}timelines/{slug}/"
    assert [e.link for e in feed.entries] == [f"{BASE}events/{s}/" for s in events[::-1]]
    slides = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    assert slides["title"]["text"]["headline"] == title
    assert [s["unique_id"] for s in slides["events"]] == events
    data = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    assert data["url"] == f"{BASE}timelines/{slug}/"
    assert data["count"] == len(events)
    assert [e["slug"] for e in data["events"]] == events
    # each event's record is the site's, text and all: the timeline's file names where
    assert {e["record_in"] for e in data["events"]} == {f"{BASE}events.json"}
    site_events = json.loads((folder.parent.parent / "events.json").read_text(encoding="utf-8"))
    records = {e["slug"]: e for e in site_events["events"]}
    mine = [records[e["slug"]] for e in data["events"]]
    assert all(slug in r["timelines"] and r["text"] for r in mine)
    # and those its events name are slugs: their records are in the site's file too
    assert data["named_in"] == f"{BASE}events.json"
    assert set(data["people"]) == {p for r in mine for p in r["people"]}
    assert set(data["countries"]) == {c for r in mine for c in r["countries"]}
    assert set(data["sources"]) == {s for r in mine for s in r["sources"]}
    assert data["tags"] == sorted({t for r in mine for t in r["tags"]})
    people = {p["slug"] for p in site_events["people"]}
    assert set(data["people"]) <= people and data["people"]
    ics = (folder / "events.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == len(events)
    assert f"X-WR-CALNAME:{title.replace(',', chr(92) + ',')}" in ics


def test_an_events_feed_item_is_made_once_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event in several timelines is in the site's feed and in each of theirs: its
    feed_item (and the key made of it) is made once a build, by the first feed whose
    piece needs it (a piece the site's feed lends by its owner needs none), and read by
    the others, whose tables resolve its links with the same linker."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    made: list[str] = []
    item = sitegen_publish.feed_item

    def counted(pub: sitegen_publish.Publication, ev: Any) -> dict[str, Any]:
        made.append(ev.slug)
        return item(pub, ev)

    monkeypatch.setattr(sitegen_publish, "feed_item", counted)
    out = tmp_path / "output"
    assert Builder(root, out, Options(today=TODAY), parse_today(TODAY), jobs=1).build().ok
    assert sorted(made) == sorted({s for events in STORIES.values() for s in events})
    feed = feedparser.parse((out / "timelines/bridge/feed.xml").read_bytes())
    assert [e.link for e in feed.entries] == [f"{BASE}events/{s}/" for s in STORIES["bridge"][::-1]]


def test_an_unsummarised_events_text_is_worked_out_once_for_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event without a summary shows its body in its record (events.json), its slide
    (timeline.json: the text) and its feed entry (the summary from the plain text, the
    body as content), in the site's files and each of its timelines': its body for
    outside documents is made once a build, its plain text at most twice (the site's
    slides are made before its records, which need the whole text), and what they
    show is what the summary's absence gives (the text's start, the body)."""
    import sys

    from sitegen import markdown

    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    for path in (root / "content" / "events").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^summary:.*\n", "", text), encoding="utf-8")
    plain: list[str] = []
    bodies: list[str] = []
    plain_text, outside_body = markdown.plain_text, sitegen_publish._outside_body

    def counted_plain(body: Any, link: Any) -> str:
        if sys._getframe(1).f_globals["__name__"] == "sitegen.publish":
            plain.append(body.plain[:40])
        return plain_text(body, link)

    def counted_body(ev: Any, link: Any, base: str) -> str:
        bodies.append(ev.slug)
        return outside_body(ev, link, base)

    monkeypatch.setattr(markdown, "plain_text", counted_plain)
    monkeypatch.setattr(sitegen_publish, "_outside_body", counted_body)
    out = tmp_path / "output"
    assert Builder(root, out, Options(today=TODAY), parse_today(TODAY), jobs=1).build().ok
    every = sorted({s for events in STORIES.values() for s in events})
    assert sorted(bodies) == every  # (each in a feed, its text a slide's worth)
    assert plain and max(plain.count(p) for p in plain) <= 2
    feed = feedparser.parse((out / "timelines/bridge/feed.xml").read_bytes())
    slides = json.loads((out / "timelines/bridge/timeline.json").read_text(encoding="utf-8"))
    raw = (out / "timelines/bridge/feed.xml").read_text(encoding="utf-8")
    for entry, slide in zip(feed.entries, slides["events"][::-1], strict=True):
        body = slide["text"]["text"].split("<p>Sources:")[0]  # (the slide's: the body)
        assert f"<![CDATA[{body}<p>Sources:" in raw  # (its content: the same body)
        assert entry.summary != entry.title and entry.summary.split()[0] in body


def test_site_wide_files_still_cover_every_event(newsroom: Path) -> None:
    every = sorted({s for events in STORIES.values() for s in events})
    feed = feedparser.parse((newsroom / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "The Harbour Gazette"
    assert sorted(e.link.split("/")[-2] for e in feed.entries) == every
    data = json.loads((newsroom / "events.json").read_text(encoding="utf-8"))
    assert sorted(e["slug"] for e in data["events"]) == every
    assert data["url"] == BASE
    # each event says which published timelines it is in (not the draft one)
    timelines = {e["slug"]: e["timelines"] for e in data["events"]}
    assert timelines["ferry-returns"] == ["harbour"]
    assert timelines["election-result"] == ["election-2024", "harbour", "bridge"]


def test_sitemap_and_json_ld_know_the_timelines(newsroom: Path) -> None:
    locs = check_sitemap(newsroom, BASE)
    assert {f"{BASE}timelines/{s}/" for s in STORIES} <= set(locs)
    assert f"{BASE}timelines/ferry-crisis/" not in locs
    pages = {page_url(newsroom, p) for p in indexed_pages(newsroom)}
    assert {BASE + u for u in pages} == set(locs)
    (front,) = json_ld(newsroom / "index.html")
    assert front["@type"] == "ItemList" and front["numberOfItems"] == 3
    assert [i["url"] for i in front["itemListElement"]] == [
        f"{BASE}timelines/{s}/" for s in ("bridge", "harbour", "election-2024")
    ]
    for slug, events in STORIES.items():
        (ld,) = json_ld(newsroom / "timelines" / slug / "index.html")
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "ItemList"
        assert ld["url"] == f"{BASE}timelines/{slug}/" and ld["numberOfItems"] == len(events)
        order = "Descending" if slug == "harbour" else "Ascending"
        assert ld["itemListOrder"] == f"https://schema.org/ItemListOrder{order}"
        items = [i["item"] for i in ld["itemListElement"]]
        assert all(i["@type"] == "Event" and i["startDate"][:4] in "20232024" for i in items)
        shown = events[::-1] if slug == "harbour" else events
        assert [i["url"] for i in items] == [f"{BASE}events/{s}/" for s in shown]


def test_every_internal_link_of_the_newsroom_resolves(newsroom: Path) -> None:
    targets = internal_targets(newsroom)
    assert len(targets) > 100
    broken = []
    for page, href, target, fragment in targets:
        if not target.is_file() or not target.is_relative_to(newsroom.resolve()):
            broken.append(f"{page.relative_to(newsroom)}: {href}")
        elif fragment and target.suffix == ".html" and not html(target).find(id=fragment):
            broken.append(f"{page.relative_to(newsroom)}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken)


def test_drafts_publish_the_draft_timeline(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert build(root, "--drafts").code == 0
    soup = html(root / "output" / "index.html")
    assert len(soup.select("li.story-card")) == 4
    page = html(root / "output" / "timelines" / "ferry-crisis" / "index.html")
    assert slugs_of(page) == ["ferry-returns"] and page.select_one(".badge-draft")
    harbour = html(root / "output" / "timelines" / "harbour" / "index.html")
    link = harbour.select_one(".story-intro").find("a", string="timeline of the ferry crisis")
    assert link is not None and link["href"] == "../../timelines/ferry-crisis/"


# -- a site without timelines -------------------------------------------------------------------


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_an_empty_timelines_folder_changes_nothing(tmp_path: Path) -> None:
    """A site without timelines builds as it always did (checked against main's code by
    hand, byte for byte, on the sample and rosetta): an empty content/timelines/ is that."""
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        shutil.copytree(SITES / "rosetta", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    (b / "content" / "timelines").mkdir()
    assert build(a).code == 0 and build(b).code == 0
    assert tree(a / "output") == tree(b / "output")
    assert not (a / "output" / "timelines").exists()
    assert html(a / "output" / "index.html").select("#timeline li.entry")


# -- checks ----------------------------------------------------------------------------------

TL = "---\ntitle: {title}\n---\nIntro.\n"


def event(timelines: str) -> str:
    return (
        "---\n"
        'title: "The first event"\n'
        'date: "2024-07-08"\n'
        "people: [ada-lovelace]\n"
        "countries: [testland]\n"
        f"{timelines}"
        "sources: [wire]\n"
        "---\n"
        "It happened [@wire].\n"
    )


def check(root: Path) -> list[str]:
    result = run("check", root, "--today", TODAY)
    lines = (result.out + result.err).splitlines()
    return [line for line in lines if ": error: " in line or ": warning: " in line]


def test_checks_name_unknown_missing_and_empty_timelines(site: Any) -> None:
    root = site(
        {
            "content/timelines/harbour.md": TL.format(title="Harbour"),
            "content/timelines/empty.md": TL.format(title="Empty"),
            "content/events/first.md": event("timelines: [harbor]\n"),
            "content/events/second.md": event("").replace("first", "second"),
        }
    )
    found = check(root)
    assert any(
        line.startswith("content/events/first.md:6:")
        and "no timeline 'harbor'" in line
        and "did you mean 'harbour'?" in line
        and line.endswith("[timeline-unknown]")
        for line in found
    ), found
    assert any(
        line.startswith("content/events/second.md:2:") and line.endswith("[timeline-missing]")
        for line in found
    ), found
    empty = [line for line in found if "[timeline-empty]" in line]
    assert len(empty) == 2 and all(": warning: " in line for line in empty)  # harbour too


def test_a_timeline_named_on_a_site_without_timelines_is_unknown(site: Any) -> None:
    root = site({"content/events/first.md": event("timelines: [harbour]\n")})
    (line,) = check(root)
    assert "no timeline 'harbour'" in line and "sitegen new timeline harbour" in line
    assert line.endswith("[timeline-unknown]")


def test_an_unreadable_timeline_is_one_error(site: Any) -> None:
    root = site(
        {
            "content/timelines/harbour.md": "---\ntitle: [unclosed\n---\nIntro.\n",
            "content/events/first.md": event("timelines: [harbour]\n"),
        }
    )
    (line,) = check(root)
    assert line.startswith("content/timelines/harbour.md:") and line.endswith("[yaml-syntax]")


def test_timeline_fields_are_checked_and_slugs_are_unique(site: Any) -> None:
    root = site(
        {
            "content/timelines/first.md": '---\ntitle: ""\norder: oldest-first\nbylin: x\n---\n',
            "content/events/first.md": event("timelines: [first]\n"),
        }
    )
    found = check(root)
    codes = sorted(line.rsplit("[", 1)[1].rstrip("]") for line in found)
    assert codes == ["field-missing", "field-type", "field-unknown", "slug-duplicate"], found
    assert any("did you mean 'byline'?" in line for line in found)


def test_wiki_links_may_name_a_timeline(site: Any) -> None:
    root = site(
        {
            "content/timelines/harbour.md": TL.format(title="The harbour"),
            "content/events/first.md": event("timelines: [harbour]\n").replace(
                "It happened", "See [[harbour]] and [[timelines/harbour|it]] and [[harbur]]. It"
            ),
        }
    )
    (line,) = check(root)
    assert "[[harbur]] names no event, person, country or timeline" in line
    assert "did you mean 'harbour'?" in line
    (root / "content/events/first.md").write_text(
        event("timelines: [harbour]\n").replace("It happened", "See [[harbour]]. It"), "utf-8"
    )
    assert build(root).code == 0
    soup = html(root / "output" / "events" / "first" / "index.html")
    assert soup.select_one(".prose a")["href"] == "../../timelines/harbour/"


# -- sitegen new ---------------------------------------------------------------------------------


def test_new_timeline_and_new_event_in_it(site: Any) -> None:
    root = site()
    made = run("new", "timeline", "harbour", "--site", root, "--today", TODAY)
    assert made.code == 0, made.err
    path = root / "content/timelines/harbour.md"
    assert path.is_file() and 'updated: "2026-11-27"' in path.read_text(encoding="utf-8")
    again = run("new", "timeline", "harbour", "--site", root)
    assert again.code == 2 and "already exists" in again.err
    clash = run("new", "timeline", "first", "--site", root)
    assert clash.code == 2 and "an event is already called 'first'" in clash.err
    typo = run("new", "event", "later", "--site", root, "--timeline", "harbor")
    assert typo.code == 2 and "did you mean 'harbour'?" in typo.err
    assert not list((root / "content/events").rglob("later.md"))
    ok = run("new", "event", "later", "--site", root, "--timeline", "harbour", "--today", TODAY)
    assert ok.code == 0, ok.err
    (written,) = (root / "content/events").rglob("later.md")
    assert "timelines: [harbour]\n" in written.read_text(encoding="utf-8")


def test_a_new_timeline_s_skeleton_text_never_reaches_a_published_page(site: Any) -> None:
    """`new timeline` wrote its instructions ("The introduction, in Markdown: …", "Add
    events to it with …") as the published introduction, with no diagnostic: they are
    TODO text now, errors in `build` as a new event's are, warnings in a draft."""
    root = site()
    assert run("new", "timeline", "harbour", "--site", root, "--today", TODAY).code == 0
    story = root / "content/timelines/harbour.md"
    first = root / "content/events/first.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace("sources:", "timelines: [harbour]\nsources:"),
        encoding="utf-8",
    )
    refused = build(root)
    assert refused.code == 1 and not (root / "output").exists()
    lines = [line for line in refused.err.splitlines() if "[placeholder]" in line]
    assert lines == [
        "content/timelines/harbour.md:3:10: error: the summary is placeholder text; write "
        "it, or mark the timeline draft: true [placeholder]",
        "content/timelines/harbour.md:8:1: error: this paragraph is placeholder text; "
        "write it, or mark the timeline draft: true [placeholder]",
        "content/timelines/harbour.md:10:1: error: this paragraph is placeholder text; "
        "write it, or mark the timeline draft: true [placeholder]",
    ]
    preview = build(root, "--drafts")
    assert preview.code == 0 and preview.err.count("warning: ") == 3, preview.err
    text = story.read_text(encoding="utf-8").replace(
        "order: oldest\n", "order: oldest\ndraft: true\n"
    )
    story.write_text(text, encoding="utf-8")
    held = build(root)
    assert held.code == 0 and "write it before publishing [placeholder]" in held.err
    assert not (root / "output/timelines/harbour").exists()
    written = (
        text.split("---\n")[1]
        .replace("TODO: one sentence that says what the story is.", "Ships and docks.")
        .replace("draft: true\n", "")
    )
    story.write_text(f"---\n{written}---\nThe harbour, from its first ship.\n", encoding="utf-8")
    published = build(root)
    assert published.code == 0, published.err
    page = (root / "output/timelines/harbour/index.html").read_text(encoding="utf-8")
    assert "The harbour, from its first ship." in page and "TODO" not in page


# -- incremental ----------------------------------------------------------------------------------


def builder(root: Path) -> Builder:
    today = parse_today(TODAY)
    return Builder(root, root / "output", Options(today=TODAY), today)


def test_a_first_build_copies_the_timelines_pieces_from_the_whole_site_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each event's piece of a timeline's feed, calendar and search index is the one the
    root's file has (the same event's, made in the same build): copied by the event's
    file, without working out its key, and the files are those made piece by piece."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    # The counts are those of the process that makes the files: here, not a worker forked
    # for them (a render of FILES_APART_MIN_PAGES pages on a machine of two cores or more).
    monkeypatch.setattr(sitegen_build, "FILES_APART_MIN_PAGES", 10**9)
    made = builder(root)
    assert made.build().ok
    reused = made.last_pieces.reused
    for slug, events in STORIES.items():
        for name in SPLICED:
            assert reused[f"timelines/{slug}/{name}"] == len(events), (slug, name)
    feed = feedparser.parse((root / "output/timelines/bridge/feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    # the same bytes when each piece is found by its key instead, or made
    for lend in ("key", "none"):
        monkeypatch.setattr(Pieces, "owners", lambda self, path: {})
        if lend == "none":
            monkeypatch.setattr(Pieces, "_sibling", lambda self, path: None)
        other = tmp_path / f"by-{lend}"
        assert Builder(root, other, Options(today=TODAY), parse_today(TODAY), clean=True).build().ok
        assert tree(other) == tree(root / "output"), lend


def test_a_clean_build_into_the_same_output_copies_the_timelines_pieces_as_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build --clean` again into an output that holds the same bytes: the root's files
    are unchanged, and not moved, but the timelines' files still copy their pieces from
    them (before, the staged root file was unlinked at once and each timeline's file made
    every piece again)."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    monkeypatch.setattr(sitegen_build, "FILES_APART_MIN_PAGES", 10**9)  # (counted here)
    first = builder(root)
    assert first.build().ok
    before = tree(root / "output")
    lent = {p: n for p, n in first.last_pieces.reused.items() if p.startswith("timelines/")}
    assert sum(lent.values()) > 0
    again = Builder(root, root / "output", Options(today=TODAY), parse_today(TODAY), clean=True)
    result = again.build()
    assert result.ok and result.written == 0
    assert tree(root / "output") == before
    assert {p: again.last_pieces.reused[p] for p in lent} == lent


def test_an_events_pieces_are_made_once_for_all_its_timelines_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no root file to copy them from, an event in several timelines has its slide,
    calendar entry and feed entry made once for all their files (and once for the
    root's), not once a timeline; the files are the same bytes. Its events.json record
    is made once, for the root's file alone (a timeline's names where it is)."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    monkeypatch.setattr(Pieces, "_sibling", lambda self, path: None)
    # (counted in this process: the files made here, not by a worker forked for them)
    monkeypatch.setattr(sitegen_build, "FILES_APART_MIN_PAGES", 10**9)
    made: dict[str, list[str]] = {}
    for name in ("_vevent", "_slide_json", "_event_json"):
        maker = getattr(sitegen_publish, name)

        def counted(pub: Any, ev: Any, *rest: Any, maker: Any = maker, name: str = name) -> Any:
            made.setdefault(name, []).append(ev.slug)
            return maker(pub, ev, *rest)

        monkeypatch.setattr(sitegen_publish, name, counted)
    entry = sitegen_publish.feed_entry
    monkeypatch.setattr(
        sitegen_publish, "feed_entry",
        lambda item, *rest: made.setdefault("feed_entry", []).append(item["event"].slug)
        or entry(item, *rest),
    )  # fmt: skip
    other = tmp_path / "other"
    assert Builder(root, other, Options(today=TODAY), parse_today(TODAY), clean=True).build().ok
    every = {ev for events in STORIES.values() for ev in events}
    assert len(made) == 4
    for name, slugs in made.items():  # (once for the root's file, once for the timelines')
        assert sorted(slugs) == sorted(list(every) * (1 if name == "_event_json" else 2)), name
    assert tree(other) == tree(root / "output")


def test_a_piece_held_for_other_timelines_is_let_go_once_their_files_are_made() -> None:
    """An event in timelines a, b and c: its piece is made by a's file and copied by
    b's; c's file shows only its newest events (a feed), not this one: the piece is let
    go once c's file is made, not held to the end of the build."""
    twice = Twice()
    made: list[str] = []

    def make() -> str:
        made.append("piece")
        return "<entry/>"

    groups = ("a", "b", "c")
    assert twice.take(b"digest", make, groups, "a") == b"<entry/>"
    twice.finished("a")
    assert twice.take(b"digest", make, groups, "b") == b"<entry/>"
    twice.finished("b")
    assert b"digest" in twice.pieces  # (c's file is still to be made)
    twice.finished("c")
    assert not twice.pieces and made == ["piece"]
    # made after each of the others' files: made, and not held
    assert twice.take(b"later", make, groups, "c") == b"<entry/>" and not twice.pieces


@pytest.mark.parametrize("edit", ["title", "body"])
def test_an_edit_remakes_the_files_of_the_events_timelines_only(tmp_path: Path, edit: str) -> None:
    """bridge-approved is in 'bridge' and 'harbour': editing it remakes both timelines'
    files (and their pages, for a title) and nothing of 'election-2024'."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    path = root / "content/events/bridge-approved.md"
    text = path.read_text(encoding="utf-8")
    if edit == "title":
        text = text.replace('title: "Council', 'title: "The council')
    else:
        text += "\nA sentence added later.\n"
    path.write_text(text, encoding="utf-8")
    result = builder(root).build()
    assert result.ok
    changed = but_shards(set(result.changed))
    # (the words a body added are in a shard of the site's index, which every timeline
    # searches: none has an index of its own)
    if edit == "body":
        assert any(p.startswith("search/w/") for p in result.changed)
    assert not [p for p in result.changed if "/search" in p and p.startswith("timelines/")]
    # (a body shows in the feed, the site's events.json and the search index, not in the
    # slides, the calendar or a timeline's events.json, which names the site's file for
    # the text: those are made again, to the same bytes, and not written; nor does a
    # title change which documents a timeline searches)
    files = SPLICED if edit == "title" else ("feed.xml",)
    for slug in ("bridge", "harbour"):
        want = {f"timelines/{slug}/{name}" for name in files}
        if edit == "title":
            want.add(f"timelines/{slug}/index.html")
        assert want <= changed, (slug, sorted(changed))
    assert not [p for p in changed if p.startswith("timelines/election-2024/")]
    assert "index.html" not in changed  # the front page shows no event titles
    if edit == "body":
        stories = {p for p in changed if p.startswith("timelines/")}
        assert stories == {f"timelines/{s}/{n}" for s in ("bridge", "harbour") for n in files}
        assert changed - stories == {
            "events/bridge-approved/index.html",
            "events.json",
            "feed.xml",
            "search/index.json",
        }
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(root / "output") == tree(clean)


def test_a_renamed_person_rewrites_the_sites_data_not_the_timelines(tmp_path: Path) -> None:
    """Ada Quill is named by an event of 'harbour': renaming her rewrites the site's
    events.json (her record), not a timeline's (which names her by her slug), and the
    output is a clean build's."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    path = root / "content/people/ada-quill.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Ada Quill", "Ada Penn"), "utf-8")
    result = builder(root).build()
    assert result.ok
    changed = set(result.changed)
    assert "events.json" in changed
    assert not {p for p in changed if p.startswith("timelines/") and p.endswith("events.json")}
    assert "Ada Penn" in (root / "output/events.json").read_text("utf-8")
    story = json.loads((root / "output/timelines/harbour/events.json").read_text("utf-8"))
    assert "ada-quill" in story["people"]
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(root / "output") == tree(clean)


def test_a_renamed_timeline_is_renamed_on_every_page_that_names_it(tmp_path: Path) -> None:
    """A timeline's title shows on the pages of its events (their navigation per
    timeline), of the people, countries and sources they name (the groups' headings,
    and the strip's marks, titled with their timelines): each of those pages' keys
    covers it, however the key digests what the page lists."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    path = root / "content/timelines/bridge.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("The Narrows bridge", "Over the Narrows"),
        encoding="utf-8",
    )
    result = builder(root).build()
    assert result.ok
    changed = set(result.changed)
    for page in (
        "events/bridge-approved/index.html",
        "people/mara-marlow/index.html",
        "countries/eastmark/index.html",
        "sources/index.html",
    ):
        assert page in changed, (page, sorted(changed))
        text = (root / "output" / page).read_text(encoding="utf-8")
        assert "Over the Narrows" in text and "The Narrows bridge" not in text, page
    person = (root / "output/people/mara-marlow/index.html").read_text(encoding="utf-8")
    assert "(Over the Narrows; The harbour, year by year)" in person  # a mark's title
    assert "events/ferry-returns/index.html" not in changed  # only in 'harbour'
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    # (the site's search index too: bridge-approved's body links [[bridge]], and its
    # document holds the title's words)
    got, want = tree(root / "output"), tree(clean)
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


def _found(out: Path, word: str) -> set[str]:
    """The URLs of the site index's documents that hold `word` (as site.js reads a
    shard: each posting the gap from the last document, times 4, plus where)."""
    manifest = json.loads((out / sitegen_search.INDEX_PATH).read_bytes())
    shard = sitegen_search.shard_of(word, manifest["shards"])
    table = json.loads((out / sitegen_search.SHARD_PATH.format(shard)).read_bytes())
    records, doc, urls = load_index(out), -1, set()
    for posting in table.get(word, []):
        doc += posting >> 2
        urls.add(records[doc][3])
    return urls


def test_the_site_search_finds_an_event_by_its_timelines_new_title(tmp_path: Path) -> None:
    """bridge-approved's body links [[bridge]]: after the timeline's rename, an
    incremental build's search finds the event by the new title's words."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    out = root / "output"
    assert "events/bridge-approved/" in _found(out, "narrows")
    assert _found(out, "zebra") == set()
    path = root / "content/timelines/bridge.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("The Narrows bridge", "Zebra crossing"), encoding="utf-8")
    assert builder(root).build().ok
    assert _found(out, "zebra") == {"events/bridge-approved/"}
    assert _found(out, "crossing") == {"events/bridge-approved/"}


def test_a_timelines_search_scope_follows_its_events(tmp_path: Path) -> None:
    """bridge-approved leaves 'harbour': harbour's search.json no longer names it (nor
    Eastmark, which only it named there), the other timelines' scopes are written only
    where their numbers changed, and the output equals a clean build's."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(root).build().ok
    out = root / "output"
    before = {s: (out / f"timelines/{s}/search.json").read_bytes() for s in STORIES}
    path = root / "content/events/bridge-approved.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("timelines: [bridge, harbour]", "timelines: [bridge]"), "utf-8")
    result = builder(root).build()
    assert result.ok
    site_docs = load_index(out)
    for slug in STORIES:
        scope = json.loads((out / f"timelines/{slug}/search.json").read_text())
        urls = {site_docs[n][3] for n in sitegen_search.scope_numbers(scope["in"])}
        events = {u for u in urls if u.startswith("events/")}
        want = [s for s in STORIES[slug] if s != "bridge-approved" or slug != "harbour"]
        assert events == {f"events/{s}/" for s in want}, slug
        if slug == "harbour":  # (Olaf Strand stays: the dock strike names him)
            assert "countries/eastmark/" not in urls and "people/olaf-strand/" in urls
        written = f"timelines/{slug}/search.json" in result.changed
        assert written == (before[slug] != (out / f"timelines/{slug}/search.json").read_bytes())
    assert "timelines/harbour/search.json" in result.changed
    assert "timelines/election-2024/search.json" not in result.changed
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


def test_a_sources_pages_group_heads_are_made_once_per_root_and_timeline() -> None:
    """cited_groups makes a timeline's head once per page depth (render.CitedBy.heads):
    each page's own root in its links, a renamed timeline its own head."""
    from types import SimpleNamespace

    from sitegen.pages import StoryLink
    from sitegen.stories import ELSEWHERE

    cited = render.CitedBy()
    entry = SimpleNamespace(slug="e", title="E & co", url="events/e/")
    war = StoryLink("war", "The <war>")
    assert cited.groups([(war, [entry]), (ELSEWHERE, [entry])], "") == (
        '    <p class="muted">Cited in <a href="timelines/war/">The &lt;war&gt;</a> (1):\n'
        '<a href="events/e/">E &amp; co</a></p>\n'
        '    <p class="muted">Cited in no published timeline (1):\n'
        '<a href="events/e/">E &amp; co</a></p>'
    )
    deep = cited.groups([(war, [entry, entry])], "../../")
    assert deep.startswith('    <p class="muted">Cited in <a href="../../timelines/war/">')
    assert "(2):" in deep
    renamed = cited.groups([(StoryLink("war", "The war"), [entry])], "")
    assert '<a href="timelines/war/">The war</a>' in renamed
    assert len(cited.heads) == 4


def test_printed_sources_make_each_link_once_and_number_per_page() -> None:
    """printed_sources (render.PrintedSources) keeps each source's printed link for the
    build; the numbers of a source printed more than once are the page's own."""
    printed = render.PrintedSources()
    wire = ("Wire <report>", "https://example.org/a?b&c")
    plain = ("A letter", "")
    printings = {wire[1]: 2, "A letter": 1}
    numbered: dict[str, int] = {}
    first = printed([wire, plain], printings, numbered)
    assert first == (
        '<ul class="print-sources"><li>[1] <a href="https://example.org/a?b&amp;c">'
        "Wire &lt;report&gt;</a></li><li>A letter</li></ul>"
    )
    assert printed([wire], printings, numbered) == (
        '<ul class="print-sources"><li>See [1] above</li></ul>'
    )
    assert printed([wire], {wire[1]: 1}, {}) == (
        '<ul class="print-sources"><li><a href="https://example.org/a?b&amp;c">'
        "Wire &lt;report&gt;</a></li></ul>"
    )
    assert set(printed.links) == {wire, plain}


def test_printed_sources_keep_a_once_printed_item_apart_from_the_numbers() -> None:
    """A source a page prints once is its `<li>` kept for the build (PrintedSources.items);
    on a page that prints it twice the same source is numbered, and the kept item stays
    unnumbered for the next page that prints it once."""
    from markupsafe import Markup

    printed = render.PrintedSources()
    wire = ("Wire", "https://example.org/w")
    once = printed([wire], {wire[1]: 1}, {})
    assert type(once) is Markup and once == (
        '<ul class="print-sources"><li><a href="https://example.org/w">Wire</a></li></ul>'
    )
    assert printed.items == {wire: '<li><a href="https://example.org/w">Wire</a></li>'}
    numbered: dict[str, int] = {}
    assert printed([wire, wire], {wire[1]: 2}, numbered) == (
        '<ul class="print-sources"><li>[1] <a href="https://example.org/w">Wire</a></li>'
        "<li>See [1] above</li></ul>"
    )
    assert numbered == {wire[1]: 1}
    assert printed([wire], {wire[1]: 1}, {}) == once


def test_a_sources_pages_groups_and_links_are_joined_as_before() -> None:
    """cited_groups writes every group into one list (render.CitedBy._put_links): the same
    text as each group's links joined with "; ", put in its paragraph, the paragraphs
    joined a line each; event_links the links alone; nothing for no group or event."""
    from types import SimpleNamespace

    from markupsafe import Markup

    from sitegen.pages import StoryLink

    cited = render.CitedBy()
    a = SimpleNamespace(slug="a", title="A", url="events/a/")
    b = SimpleNamespace(slug="b", title="B 🚀", url="events/b/")
    war = StoryLink("war", "War")
    links = '<a href="events/a/">A</a>; <a href="events/b/">B 🚀</a>'
    head = '    <p class="muted">Cited in <a href="timelines/war/">War</a>'
    assert cited.groups([(war, [a, b]), (war, [b]), (war, [])], "") == (
        f"{head} (2):\n{links}</p>\n"
        f'{head} (1):\n<a href="events/b/">B 🚀</a></p>\n'
        f"{head} (0):\n</p>"
    )
    assert cited.groups([], "") == ""
    joined = cited.joined([a, b], "")
    assert type(joined) is Markup and joined == links
    assert cited.joined([], "") == ""
