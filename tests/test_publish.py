"""Publish-ready output (issue 6): sitemap, robots.txt, feed, timeline.json, events.json,
events.ics, JSON-LD and the meta tags, on the sample site and on a site written the way a
new user would write one (partial dates, ranges, ongoing and scheduled events, images,
awkward characters), plus base_url handling and byte-identical builds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from sitegen import publish
from sitegen.publish import ics_fold
from tests.conftest import REPO, TODAY, build, html, run, write_site
from tests.test_search_incremental import _link_from, replace, tree

SAMPLE_BASE = "https://example.org/modi-in-moscow/"
EDGE_BASE = "https://example.org/timelines/kyiv/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
W3C_DATE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real (grey) PNG file, so image sizes are read as for any photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# A site a newcomer might write: hosted under a path, every date precision, an ongoing
# and a scheduled event, local and remote images, non-ASCII text and markup characters.
EDGE_FILES: dict[str, str | bytes | None] = {
    "content/site.yaml": (
        'title: "Kyiv & the war: a <timeline>"\n'
        f'base_url: "{EDGE_BASE}"\n'
        "language: en\n"
        'description: "Events in Kyiv, sourced; with commas, semicolons; and \\"quotes\\"."\n'
    ),
    "content/sources.yaml": (
        "wire:\n"
        '  title: "Strike on Kyiv; dozens hurt, officials say"\n'
        '  publisher: "Wire, Inc."\n'
        '  url: "https://example.com/news?id=1&lang=en"\n'
        '  published: "2024-07-08"\n'
        "paper:\n"
        '  title: "Відновлення Києва"\n'
        '  publisher: "Kyiv Paper"\n'
        '  url: "https://example.com/kyiv/rebuild"\n'
    ),
    "content/people/vitali-klitschko.md": (
        '---\nname: "Vitali Klitschko"\nrole: "Mayor of Kyiv"\ncountry: ukraine\n'
        "wikidata: Q104117\n"
        "image:\n"
        '  src: "https://upload.example.org/klitschko.jpg"\n'
        '  alt: "Vitali Klitschko at a press conference"\n'
        '  credit: "Jane Doe/Agency"\n'
        "---\nMayor since 2014 [@paper].\n"
    ),
    "content/people/ada-lovelace": None,
    "content/people/ada-lovelace.md": None,
    "content/people/olena-shevchenko.md": (
        '---\nname: "Olena Shevchenko"\nrole: "Doctor"\ncountry: ukraine\n---\nA surgeon.\n'
    ),
    "content/countries/testland.md": None,
    "content/countries/ukraine.md": (
        '---\nname: "Ukraine"\niso: UA\nwikidata: Q212\n---\nNotes on [[kyiv-strike]].\n'
    ),
    "content/countries/poland.md": '---\nname: "Poland"\niso: PL\n---\n',
    "content/events/first.md": None,
    "content/events/2024/kyiv-strike.md": (
        "---\n"
        'title: "Missile strike on Kyiv hits a children\'s hospital & <clinic>"\n'
        'summary: "Russian missiles hit Okhmatdyt; Klitschko, the mayor, said so."\n'
        'date: "2024-07-08"\n'
        "people: [vitali-klitschko, olena-shevchenko]\n"
        "countries: [ukraine]\n"
        "tags: [strikes, health]\n"
        "sources: [wire]\n"
        "image:\n"
        '  src: "img/okhmatdyt.png"\n'
        '  alt: "The damaged hospital building"\n'
        '  credit: "Photo: Ivan Petrenko/Wire"\n'
        'updated: "2024-07-10"\n'
        "corrections:\n"
        '  - date: "2024-07-09"\n'
        '    text: "An earlier version gave the wrong time."\n'
        "---\n"
        "The strike hit [[ukraine]]'s largest children's hospital [@wire]. "
        "See also [[rebuilding]].\n"
    ),
    "static/img/okhmatdyt.png": tiny_png(),
    "content/events/2023/rebuilding.md": (
        "---\n"
        'title: "Відновлення: Kyiv starts rebuilding schools, hospitals and bridges '
        'before winter"\n'
        'summary: "A month-long programme; dates are known only to the month."\n'
        'date: "2023-05"\n'
        "countries: [ukraine, poland]\n"
        "sources: [paper]\n"
        "---\nRebuilding began [@paper].\n"
    ),
    "content/events/2021/plans.md": (
        "---\n"
        'title: "A year of plans"\n'
        'summary: "Known only to the year."\n'
        'date: "2021"\n'
        "tags: [planning]\n"
        "sources: [paper]\n"
        "---\nPlans [@paper].\n"
    ),
    "content/events/2022/first-weeks.md": (
        "---\n"
        'title: "The first weeks"\n'
        'summary: "From the invasion to mid-March."\n'
        'date: "2022-02-24"\n'
        'end: "2022-03-10"\n'
        "countries: [ukraine]\n"
        "sources: [wire]\n"
        "---\nWeeks [@wire].\n"
    ),
    "content/events/2022/air-raids.md": (
        "---\n"
        'title: "Air raid alerts"\n'
        'summary: "Ongoing since about March 2022."\n'
        'date: "2022-03~"\n'
        "end: ongoing\n"
        "countries: [ukraine]\n"
        "sources: [wire]\n"
        "---\nAlerts [@wire].\n"
    ),
    "content/events/2027/reconstruction-conference.md": (
        "---\n"
        'title: "Reconstruction conference"\n'
        'summary: "Announced for January 2027."\n'
        'date: "2027-01-15"\n'
        'end: "2027-01-16"\n'
        "status: scheduled\n"
        "countries: [poland]\n"
        "sources: [paper]\n"
        "---\nAnnounced [@paper].\n"
    ),
    "content/events/2024/draft-entry.md": (
        "---\n"
        'title: "Not ready"\n'
        'date: "2024-08-01"\n'
        "draft: true\n"
        "sources: [paper]\n"
        "---\nDraft [@paper].\n"
    ),
}
EDGE_EVENTS = [
    "plans", "first-weeks", "air-raids", "rebuilding", "kyiv-strike", "reconstruction-conference",
]  # fmt: skip


def copy_sample(dest: Path) -> Path:
    """The repository's sample site (content/ only), copied so tests never write in REPO."""
    shutil.copytree(REPO / "content", dest / "content")
    return dest


def build_ok(root: Path, *extra: str) -> Path:
    result = build(root, *extra)
    assert result.code == 0, result.err
    return root / "output"


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("edge") / "site", EDGE_FILES)
    return build_ok(root)


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def indexed_pages(out: Path) -> list[Path]:
    """The pages a search engine is offered: not 404.html, not an embed page (noindex)."""
    return [
        p
        for p in html_pages(out)
        if p.name != "404.html" and 'name="robots" content="noindex"' not in p.read_text("utf-8")
    ]


def page_url(out: Path, page: Path) -> str:
    rel = page.relative_to(out).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def json_ld(page: Path) -> list[dict[str, Any]]:
    soup = html(page)
    return [json.loads(s.string or "") for s in soup.select('script[type="application/ld+json"]')]


# -- sitemap.xml and robots.txt ------------------------------------------------------------


def check_sitemap(out: Path, base: str, name: str = "sitemap.xml") -> list[str]:
    """The sitemaps.org rules; returns the URLs listed."""
    path = out / name
    data = path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert len(data) <= 50 * 1024 * 1024
    root = ET.fromstring(data)
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = root.findall(f"{SITEMAP_NS}url")
    assert 0 < len(urls) <= publish.SITEMAP_LIMIT <= 50_000
    locs = []
    for url in urls:
        children = {c.tag for c in url}
        assert children <= {
            f"{SITEMAP_NS}{t}" for t in ("loc", "lastmod", "changefreq", "priority")
        }
        loc = url.findtext(f"{SITEMAP_NS}loc")
        assert loc and loc == loc.strip()
        parts = urlsplit(loc)
        assert parts.scheme in ("http", "https") and parts.netloc, loc
        assert loc.startswith(base), f"{loc} is not under {base}"
        assert len(loc) < 2048
        lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
        if lastmod is not None:
            assert W3C_DATE.match(lastmod), lastmod
        locs.append(loc)
    assert len(locs) == len(set(locs)), "duplicate URLs"
    return locs


@pytest.mark.parametrize(("fixture", "base"), [("sample", SAMPLE_BASE), ("edge", EDGE_BASE)])
def test_sitemap_lists_every_page(request: pytest.FixtureRequest, fixture: str, base: str) -> None:
    out: Path = request.getfixturevalue(fixture)
    locs = check_sitemap(out, base)
    pages = {base + page_url(out, p) for p in indexed_pages(out)}
    assert set(locs) == pages
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots.splitlines()


def test_sitemap_past_the_url_limit_becomes_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "SITEMAP_LIMIT", 4)
    out = build_ok(write_site(tmp_path / "site", EDGE_FILES), "--clean")
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    parts = [s.findtext(f"{SITEMAP_NS}loc") or "" for s in index]
    assert parts == [f"{EDGE_BASE}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed: list[str] = []
    for part in parts:
        urls = check_sitemap(out, EDGE_BASE, part.removeprefix(EDGE_BASE))
        assert len(urls) <= 4
        listed += urls
    pages = {EDGE_BASE + page_url(out, p) for p in indexed_pages(out)}
    assert sorted(listed) == sorted(pages)


def test_sitemap_lastmod_from_updates(edge: Path) -> None:
    root = ET.parse(edge / "sitemap.xml").getroot()
    lastmod = {
        u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod")
        for u in root.findall(f"{SITEMAP_NS}url")
    }
    assert lastmod[EDGE_BASE + "events/kyiv-strike/"] == "2024-07-10"
    assert lastmod[EDGE_BASE + "events/plans/"] is None
    assert EDGE_BASE + "events/draft-entry/" not in lastmod


# -- feed.xml --------------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "base"), [("sample", SAMPLE_BASE), ("edge", EDGE_BASE)])
def test_feed_parses_with_absolute_links(
    request: pytest.FixtureRequest, fixture: str, base: str
) -> None:
    out: Path = request.getfixturevalue(fixture)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    events = [p for p in (out / "events").iterdir() if p.is_dir()]
    assert len(feed.entries) == len(events) > 0
    assert feed.feed.link == base
    assert any(link.rel == "self" and link.href == base + "feed.xml" for link in feed.feed.links)
    published = []
    for entry in feed.entries:
        for key in ("id", "updated", "title", "link", "summary", "content"):
            assert entry.get(key), f"{entry.get('id')} has no {key}"
        assert entry.link.startswith(base) and entry.link.endswith("/")
        assert (out / urlsplit(entry.link).path.removeprefix(urlsplit(base).path)).is_dir()
        assert entry.updated_parsed >= entry.published_parsed
        published.append(entry.published_parsed)
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        for a in content.find_all("a"):
            assert urlsplit(a["href"]).scheme in ("http", "https"), a["href"]
    assert published == sorted(published, reverse=True), "not newest first"
    # the page links to the feed, absolutely
    link = html(out / "index.html").find("link", rel="alternate", type="application/atom+xml")
    assert link is not None and link["href"] == base + "feed.xml"


def test_feed_entry_content_and_escaping(edge: Path) -> None:
    feed = feedparser.parse((edge / "feed.xml").read_bytes())
    assert feed.feed.title == "Kyiv & the war: a <timeline>"
    by_id = {e.id: e for e in feed.entries}
    strike = by_id[EDGE_BASE + "events/kyiv-strike/"]
    assert strike.title == "Missile strike on Kyiv hits a children’s hospital & <clinic>"
    assert strike.updated.startswith("2024-07-10")
    assert strike.published.startswith("2024-07-08")
    body = strike.content[0].value
    assert 'href="https://example.com/news?id=1&amp;lang=en"' in body
    assert f'href="{EDGE_BASE}countries/ukraine/"' in body
    assert f'href="{EDGE_BASE}events/kyiv-strike/#source-1"' in body
    assert f"{EDGE_BASE}events/draft-entry/" not in by_id
    assert [e.id.rsplit("/", 2)[1] for e in feed.entries] == list(reversed(EDGE_EVENTS))


@pytest.mark.parametrize("base", ["https://preview.example.net/kyiv/", "https://example.net/a&b'/"])
def test_a_feed_entry_s_citations_lead_to_its_page_s_sources(tmp_path: Path, base: str) -> None:
    """A citation in a feed entry is a link to the source list of the event's page, from
    any base URL: one with characters to escape in an attribute too (written the way
    every other address of the entry is made absolute)."""
    out = build_ok(write_site(tmp_path / "site", EDGE_FILES), "--base-url", base)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    strike = {e.id: e for e in feed.entries}[base + "events/kyiv-strike/"]
    content = BeautifulSoup(strike.content[0].value, "html.parser")
    cites = [a["href"] for a in content.select("sup a")]
    assert cites and set(cites) == {base + "events/kyiv-strike/#source-1"}


@pytest.mark.parametrize(("limit", "count"), [("2", 2), ("0", len(EDGE_EVENTS)), ("", 6)])
def test_feed_limit_keeps_the_newest_events(tmp_path: Path, limit: str, count: int) -> None:
    files = dict(EDGE_FILES)
    if limit:
        files["content/site.yaml"] += f"feed_limit: {limit}\n"
    out = build_ok(write_site(tmp_path / "site", files))
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.id.rsplit("/", 2)[1] for e in feed.entries] == list(reversed(EDGE_EVENTS))[:count]
    newest = max(e.updated for e in feed.entries)
    assert feed.feed.updated == newest
    # the data files and the calendar keep every event
    assert len(json.loads((out / "events.json").read_text())["events"]) == len(EDGE_EVENTS)


def test_a_long_read_s_feed_entry_is_its_summary_a_link_and_its_sources(tmp_path: Path) -> None:
    """A body longer than FEED_TEXT_LIMIT is not copied into the feed (fifty of them made a
    feed of 1.9 MB): its entry has the summary, a link to the page with the whole text and
    the sources; a shorter body's entry is the whole text, as before."""
    files = dict(EDGE_FILES)
    long_read = str(files["content/events/2024/kyiv-strike.md"]) + (
        "\nThe hospital's wards were rebuilt over the winter. " * 600
    )
    files["content/events/2024/kyiv-strike.md"] = long_read
    out = build_ok(write_site(tmp_path / "site", files))
    by_id = {e.id: e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    strike = by_id[EDGE_BASE + "events/kyiv-strike/"]
    content = BeautifulSoup(strike.content[0].value, "html.parser")
    assert "rebuilt over the winter" not in content.get_text()
    assert strike.summary == "Russian missiles hit Okhmatdyt; Klitschko, the mayor, said so."
    assert content.a is not None and content.a["href"] == EDGE_BASE + "events/kyiv-strike/"
    assert content.find("ol") is not None, "its sources are listed"
    page = (out / "events" / "kyiv-strike" / "index.html").read_text(encoding="utf-8")
    assert page.count("rebuilt over the winter") == 600, "the page has the whole text"
    rebuilding = by_id[EDGE_BASE + "events/rebuilding/"].content[0].value
    assert "Read the full text" not in rebuilding


def test_feed_updated_comes_from_content_not_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site", EDGE_FILES)
    first = (build_ok(root, "--clean") / "feed.xml").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    second = (build_ok(root, "--clean") / "feed.xml").read_bytes()
    assert first == second
    updated = re.search(rb"<updated>([^<]+)</updated>", first)
    assert updated and updated.group(1) == b"2027-01-15T00:00:00Z"


# -- timeline.json -----------------------------------------------------------------------------


def event_page_date(out: Path, slug: str) -> str:
    time = html(out / "events" / slug / "index.html").select_one(".event-date time")
    assert time is not None
    return time.get_text()


def test_timeline_json_format(edge: Path) -> None:
    text = (edge / "timeline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for slide in data["events"]:  # written out as the compact encoder writes the object
        assert compact(slide) in text, slide["unique_id"]
    assert data["title"]["text"]["headline"] == "Kyiv &amp; the war: a &lt;timeline&gt;"
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == EDGE_EVENTS
    for slug, slide in slides.items():
        assert slide["display_date"] == event_page_date(edge, slug)
        assert slide["text"]["headline"] and slide["text"]["text"]
        assert f'href="{EDGE_BASE}events/{slug}/"' in slide["text"]["text"]
    assert slides["plans"]["start_date"] == {"year": 2021}
    assert slides["rebuilding"]["start_date"] == {"year": 2023, "month": 5}
    assert slides["kyiv-strike"]["start_date"] == {"year": 2024, "month": 7, "day": 8}
    assert slides["first-weeks"]["end_date"] == {"year": 2022, "month": 3, "day": 10}
    assert "end_date" not in slides["air-raids"]
    assert slides["air-raids"]["display_date"] == "about March 2022 – ongoing"
    # sources as links, group from the first country or else the first tag
    strike = slides["kyiv-strike"]
    assert 'href="https://example.com/news?id=1&amp;lang=en"' in strike["text"]["text"]
    assert strike["text"]["headline"] == (
        "Missile strike on Kyiv hits a children’s hospital &amp; &lt;clinic&gt;"
    )
    assert strike["group"] == "Ukraine"
    assert slides["plans"]["group"] == "Planning"  # the tag as readers see it
    assert strike["media"] == {
        "url": EDGE_BASE + "img/okhmatdyt.png",
        "alt": "The damaged hospital building",
        "credit": "Photo: Ivan Petrenko/Wire",
    }


def test_timeline_json_of_the_sample(sample: Path) -> None:
    data = json.loads((sample / "timeline.json").read_text(encoding="utf-8"))
    slugs = sorted(p.name for p in (sample / "events").iterdir())
    assert sorted(s["unique_id"] for s in data["events"]) == slugs
    for slide in data["events"]:
        assert slide["display_date"] == event_page_date(sample, slide["unique_id"])


# -- events.json -------------------------------------------------------------------------------


def test_events_json(edge: Path) -> None:
    data = json.loads((edge / "events.json").read_text(encoding="utf-8"))
    assert data["url"] == EDGE_BASE
    assert [e["slug"] for e in data["events"]] == EDGE_EVENTS
    assert {p["slug"] for p in data["people"]} == {"vitali-klitschko", "olena-shevchenko"}
    assert {c["slug"] for c in data["countries"]} == {"ukraine", "poland"}
    assert {s["id"] for s in data["sources"]} == {"wire", "paper"}
    for kind in ("events", "people", "countries"):
        for item in data[kind]:
            assert item["url"].startswith(EDGE_BASE), item["url"]
    strike = next(e for e in data["events"] if e["slug"] == "kyiv-strike")
    assert strike["start"] == "2024-07-08" and strike["precision"] == "day"
    assert strike["image"]["url"] == EDGE_BASE + "img/okhmatdyt.png"
    assert strike["image"]["width"] == 4
    # the text once, plain (the page at `url` has it as HTML): no `html` field
    assert strike["text"].startswith("The strike hit Ukraine") and "html" not in strike
    raids = next(e for e in data["events"] if e["slug"] == "air-raids")
    assert raids["start"] == "2022-03~" and raids["ongoing"] is True and "end" not in raids
    klitschko = next(p for p in data["people"] if p["slug"] == "vitali-klitschko")
    assert klitschko["wikidata"] == "https://www.wikidata.org/wiki/Q104117"
    wire = next(s for s in data["sources"] if s["id"] == "wire")
    assert wire["url"] == "https://example.com/news?id=1&lang=en"


def _event_fields_record(pub: Any, ev: Any, related: tuple[str, ...]) -> str:
    """An events.json record's fields as a dict stripped of its null ones and encoded
    whole, without the closing brace: what publish._event_fields_json must write (it
    writes them out instead)."""
    from sitegen.jsontext import compact_json
    from sitegen.publish import _date_json, _image_json, _moment_json

    fields = {
        "slug": ev.slug,
        "url": pub.url(ev.url),
        "title": ev.title,
        "summary": ev.summary,
        "start": ev.date.edtf(),
        "end": _date_json(ev.end),
        "ongoing": ev.ongoing,
        "precision": ev.date.precision,
        "start_time": _moment_json(ev.date, ev.time, pub.zone),
        "end_time": _moment_json(ev.end or ev.date, ev.end_time, pub.zone),
        "order": ev.order,
        "display_date": pub.when(ev),
        "status": ev.status or None,
        "people": list(ev.people),
        "countries": list(ev.countries),
        "tags": list(ev.tags),
        "related": list(related),
        "sources": list(ev.sources),
        "image": _image_json(pub, ev.image),
        "updated": _date_json(ev.updated),
        "corrections": [{"date": c.date.edtf(), "text": c.text} for c in ev.corrections],
    }
    return compact_json({k: v for k, v in fields.items() if v is not None})[:-1]


@pytest.mark.parametrize("which", ["edge", "sample"])
def test_event_record_is_written_as_json_would(which: str, tmp_path: Path) -> None:
    """An events.json record's fields are written out one by one
    (publish._event_fields_json): each field's presence, order and quoting as encoding
    the dict of them whole gives, on the fixtures' events and on each field's edges."""
    from sitegen.build import Builder
    from sitegen.dates import EDate
    from sitegen.model import Correction, Image
    from sitegen.publish import Publication, _event_fields_json

    root = write_site(tmp_path / "site", EDGE_FILES) if which == "edge" else copy_sample(tmp_path)
    site = Builder(root, tmp_path / "out", use_cache=False).load().site
    assert site is not None and site.events
    plain = dataclasses.replace(
        site.events[0], title='A "quoted" title \\ <b> & \u00e9t\u00e9 \U0001f1fa\U0001f1e6\n'
    )
    variants = [
        *site.events,
        plain,
        dataclasses.replace(plain, date=EDate(-44, 3, 15), end=EDate(12000), order=3),
        dataclasses.replace(plain, time=dt.time(10, 30), end_time=dt.time(11), order=-1),
        dataclasses.replace(plain, end=EDate(2024, 7, 9), end_time=dt.time(9), status="x"),
        dataclasses.replace(plain, end=EDate(2024, 8), ongoing=True, summary=""),
        dataclasses.replace(plain, summary="To come\n\t\u2028", people=("a", "b\u00e9")),
        dataclasses.replace(plain, tags=("",), image=Image(src="img/x.png", alt='"x"')),
        dataclasses.replace(plain, updated=EDate(2025), sources=("s",), countries=("c",)),
        dataclasses.replace(plain, corrections=(Correction(EDate(2025, 1, 2), 'Fixed "it"'),)),
    ]
    for base in ("https://example.org/x/", ""):
        pub = Publication(site, base, {"events": variants})
        pub.zone = "Europe/Kyiv"
        for ev in variants:
            for related in ((), ("r", "\u00e9")):
                made = _event_fields_json(pub, ev, related)
                assert made == _event_fields_record(pub, ev, related), ev.slug


@pytest.mark.parametrize("stories", [None, ("a", "b")])
def test_event_record_text_is_quoted_as_json_would(
    stories: tuple[str, ...] | None, tmp_path: Path
) -> None:
    """An events.json record's text is written as its UTF-8 bytes in quotes when none of
    them needs an escape (publish._event_json), else as JSON quotes it: the record is what
    its fields, json_text of its plain text and its timelines make, on texts with and
    without quotes, backslashes, controls, a link's title and text past U+FFFF."""
    from sitegen.build import Builder
    from sitegen.jsontext import json_text
    from sitegen.markdown import plain_text
    from sitegen.model import Body
    from sitegen.publish import Publication, _event_fields_json, _event_json

    root = copy_sample(tmp_path)
    site = Builder(root, tmp_path / "out", use_cache=False).load().site
    assert site is not None and site.events
    first = dataclasses.replace(site.events[0], timelines=("b", "c", "a"))
    texts = [
        "", "plain words", 'a "quoted" word', "a back\\slash", "a\ttab", "a\nline", "\x01",
        "\x1f\x7f\x85 \u2028", "\u00e9t\u00e9 \u0915 \uac00 \U0001f600",
        "\x02t:nowhere/x\x03 linked",
    ]  # fmt: skip
    for text in texts:
        ev = dataclasses.replace(first, body=Body("<p>x</p>", text))
        pub = Publication(site, "https://example.org/", {"events": [ev], "stories": stories})
        made = _event_json(pub, ev, ("r",)).decode("utf-8")
        shown = plain_text(ev.body, pub.links.get)
        tail = "" if stories is None else f',"timelines":{pub.stories_json(ev)}'
        assert made == f'{_event_fields_json(pub, ev, ("r",))},"text":{json_text(shown)}{tail}}}'
        assert json.loads(made)["text"] == shown


# -- events.ics --------------------------------------------------------------------------------


def unfold(raw: bytes) -> list[str]:
    """RFC 5545 content lines, after checking CRLF endings and the 75-octet fold limit."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, "bare LF or CR"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
    lines: list[str] = []
    for line in physical:
        if line.startswith(b" "):
            lines[-1] += line[1:].decode("utf-8")
        else:
            lines.append(line.decode("utf-8"))
    return lines


def vevents(raw: bytes) -> dict[str, dict[str, str]]:
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            out[current["UID"]] = current
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return out


def test_a_large_sites_events_json_index_shows_renames_its_parts_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site's events.json (an index of parts) lists the tags, and the parts of
    its people, countries and sources: a rename of a timeline a country's body links
    to reaches the country's part, a rename of a tag the index, in an incremental build
    (a timeline's events.json names them by slug); the events' parts are kept as they
    were."""
    monkeypatch.setattr(publish, "EVENTS_PART", 2)
    root = tmp_path / "site"
    shutil.copytree(
        REPO / "tests/sites/newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    content = root / "content"
    replace(content / "timelines/ferry-crisis.md", "draft: true\n", "")
    _link_from("countries/westhaven.md", "ferry-crisis")(content)  # (no event links it)
    (content / "tags.yaml").write_text("transport: Transport\n", encoding="utf-8")
    assert build(root).code == 0
    out = root / "output"
    parts = {p: b for p, b in tree(out).items() if re.search(r"(^|/)events-\d+", p)}
    assert parts and "timelines/harbour/events.json" in tree(out)
    replace(content / "timelines/ferry-crisis.md", "title: ", "title: Zebra ")
    replace(content / "tags.yaml", "Transport", "Zebra transport")
    assert build(root).code == 0
    assert {p: b for p, b in tree(out).items() if p in parts} == parts
    index = json.loads((out / "events.json").read_bytes())
    assert "parts" in index and "countries" not in index
    part = next(p for p in index["countries_parts"] if p["from"] <= "westhaven" <= p["to"])
    countries = json.loads((out / part["url"].rpartition("/")[2]).read_bytes())["countries"]
    country = next(c for c in countries if c["slug"] == "westhaven")
    assert "See Zebra " in country["text"]
    tag = {"slug": "transport", "name": "Zebra transport", "description": None}
    assert tag in index["tags"]
    # a timeline's names them, and the site's file that has their records
    story = json.loads((out / "timelines/harbour/events.json").read_bytes())
    assert "parts" not in story and story["named_in"].endswith("/events.json")
    assert "westhaven" in story["countries"] and "transport" in story["tags"]
    assert build(root, "--output", str(tmp_path / "clean"), "--clean").code == 0
    assert tree(out) == tree(tmp_path / "clean")


def test_ics_dates_at_their_precision(edge: Path) -> None:
    events = vevents((edge / "events.ics").read_bytes())
    host = "example.org/timelines/kyiv"
    assert sorted(events) == sorted(f"{slug}@{host}" for slug in EDGE_EVENTS)
    span = {
        uid.split("@")[0]: (e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"])
        for uid, e in events.items()
    }
    assert span["kyiv-strike"] == ("20240708", "20240709")
    assert span["rebuilding"] == ("20230501", "20230601")  # the whole month
    assert span["plans"] == ("20210101", "20220101")  # the whole year
    assert span["first-weeks"] == ("20220224", "20220311")  # DTEND is exclusive
    assert span["air-raids"] == ("20220301", "20220401")  # ongoing: its start month
    assert span["reconstruction-conference"] == ("20270115", "20270117")
    for uid, e in events.items():
        assert re.fullmatch(r"\d{8}T\d{6}Z", e["DTSTAMP"]), uid
        assert e["URL"] == f"{EDGE_BASE}events/{uid.split('@')[0]}/"
    strike = events[f"kyiv-strike@{host}"]
    assert strike["DTSTAMP"] == "20240710T000000Z"
    assert strike["SUMMARY"] == "Missile strike on Kyiv hits a children’s hospital & <clinic>"
    assert "Okhmatdyt\\; Klitschko\\, the mayor\\, said so." in strike["DESCRIPTION"]
    assert "ongoing" in events[f"air-raids@{host}"]["DESCRIPTION"]
    assert events[f"reconstruction-conference@{host}"]["STATUS"] == "TENTATIVE"


def test_ics_of_the_sample(sample: Path) -> None:
    events = vevents((sample / "events.ics").read_bytes())
    assert len(events) == len(list((sample / "events").iterdir()))


@pytest.mark.parametrize(
    "text", ["x" * 200, "Відновлення Києва " * 10, "a" * 74 + "é" + "b" * 80, "🇺🇦" * 40, ""]
)
def test_ics_fold_keeps_characters_whole(text: str) -> None:
    line = "DESCRIPTION:" + text
    folded = ics_fold(line).encode("utf-8")
    assert unfold(folded + b"\r\n") == [line]


# -- JSON-LD and meta tags ---------------------------------------------------------------------


def test_json_ld_on_every_page_of_the_sample(sample: Path) -> None:
    expected = {"events": "Event", "people": "Person", "countries": "Country"}
    seen = set()
    for page in html_pages(sample):
        url = page_url(sample, page)
        blocks = json_ld(page)
        kind = url.split("/")[0]
        if url in ("", "sources/"):
            assert [b["@type"] for b in blocks] == ["ItemList"], url
        elif kind in expected and url.count("/") == 2:
            assert [b["@type"] for b in blocks] == [expected[kind]], url
            assert blocks[0]["url"] == SAMPLE_BASE + url
        for block in blocks:
            assert block["@context"] == "https://schema.org"
            seen.add(block["@type"])
    assert seen == {"ItemList", "Event", "Person", "Country"}
    # a source without an address has nothing to be cited by: it is a CreativeWork of its
    # own, titled and published as the page's source list says
    cited = [c for p in html_pages(sample / "events") for b in json_ld(p) for c in b["citation"]]
    assert cited and all(c["@type"] == "CreativeWork" for c in cited)
    assert all(c["name"] and c["publisher"]["@type"] == "Organization" for c in cited)
    # the sample has two timelines: the front page lists them, each is an ItemList of Events
    (front,) = json_ld(sample / "index.html")
    assert [i["url"] for i in front["itemListElement"]] == [  # both updated 9 July 2024
        SAMPLE_BASE + "timelines/modi-in-moscow/",
        SAMPLE_BASE + "timelines/war-in-ukraine/",
    ]
    (item_list,) = json_ld(sample / "timelines" / "modi-in-moscow" / "index.html")
    assert item_list["numberOfItems"] == len(list((sample / "events").iterdir()))
    positions = [i["position"] for i in item_list["itemListElement"]]
    assert positions == list(range(1, len(positions) + 1))
    items = [i["item"] for i in item_list["itemListElement"]]
    assert all(i["@type"] == "Event" and i["startDate"] for i in items)
    assert all(i["url"].startswith(SAMPLE_BASE + "events/") for i in items)
    (modi,) = json_ld(sample / "people" / "narendra-modi" / "index.html")
    assert modi["sameAs"] == ["https://www.wikidata.org/wiki/Q1058"]


def test_json_ld_event(edge: Path) -> None:
    (ev,) = json_ld(edge / "events" / "kyiv-strike" / "index.html")
    assert ev["@type"] == "Event"
    assert ev["name"] == "Missile strike on Kyiv hits a children’s hospital & <clinic>"
    assert ev["startDate"] == "2024-07-08" and "endDate" not in ev
    assert ev["url"] == EDGE_BASE + "events/kyiv-strike/"
    assert ev["image"] == EDGE_BASE + "img/okhmatdyt.png"
    # a country and a person by reference: the node of their own page (its @id), where
    # their name, ISO code or role and Wikidata identity are, not repeated on each event
    assert ev["location"] == [{"@id": EDGE_BASE + "countries/ukraine/"}]
    people = [p["@id"] for p in ev["attendee"]]
    assert people and all(p.startswith(EDGE_BASE + "people/") for p in people)
    (ukraine,) = json_ld(edge / "countries" / "ukraine" / "index.html")
    assert ukraine["@id"] == ev["location"][0]["@id"] == ukraine["url"]
    assert ukraine["@type"] == "Country" and ukraine["name"] == "Ukraine"
    assert ukraine["identifier"] == "UA"
    assert ukraine["sameAs"] == ["https://www.wikidata.org/wiki/Q212"]
    nodes = [json_ld(edge / p.removeprefix(EDGE_BASE) / "index.html")[0] for p in people]
    assert [n["@id"] for n in nodes] == people
    assert all(n["@type"] == "Person" and n["name"] and n["jobTitle"] for n in nodes)
    klitschko = EDGE_BASE + "people/vitali-klitschko/"
    assert klitschko in people
    (node,) = [n for n in nodes if n["@id"] == klitschko]
    assert node["sameAs"] == ["https://www.wikidata.org/wiki/Q104117"]
    # a source is cited by its address (schema.org's citation may be Text): its title,
    # publisher and date are the page's source list, where that address is its link
    assert ev["citation"] == ["https://example.com/news?id=1&lang=en"]
    listed = html(edge / "events" / "kyiv-strike" / "index.html").select(".source-list cite a")
    assert [a["href"] for a in listed] == ev["citation"]
    (month,) = json_ld(edge / "events" / "rebuilding" / "index.html")
    assert month["startDate"] == "2023-05"
    (year,) = json_ld(edge / "events" / "plans" / "index.html")
    assert year["startDate"] == "2021" and "location" not in year
    (span,) = json_ld(edge / "events" / "first-weeks" / "index.html")
    assert (span["startDate"], span["endDate"]) == ("2022-02-24", "2022-03-10")
    (ongoing,) = json_ld(edge / "events" / "air-raids" / "index.html")
    assert ongoing["startDate"] == "2022-03" and "endDate" not in ongoing
    # the summary is the page's description meta tag; written again only for an event
    # still to come, which a search engine's listing of upcoming events may show
    assert "description" not in ev
    (coming,) = json_ld(edge / "events" / "reconstruction-conference" / "index.html")
    assert coming["description"] == "Announced for January 2027."
    # '</script>' cannot close the element early
    raw = (edge / "events" / "kyiv-strike" / "index.html").read_text(encoding="utf-8")
    script = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<clinic>" not in script and "\\u003cclinic\\u003e" in script


def test_json_ld_of_the_list_of_sources(tmp_path: Path) -> None:
    """The list of sources is an ItemList of CreativeWorks with every field a source has,
    each identified by its anchor on the page: an event cites a source by its address, and
    this is where that source's title, author, publisher and date are for machines."""
    files = dict(EDGE_FILES)
    files["content/sources.yaml"] = str(EDGE_FILES["content/sources.yaml"]) + (
        "leak:\n"
        '  title: "Leaked memo: </script><script>alert(1)</script> & <b>more</b>"\n'
        '  publisher: "The Ledger"\n'
        '  author: "Jane Roe"\n'
        '  url: "https://example.com/memo"\n'
        '  published: "2024-06"\n'
        '  archive_url: "https://web.archive.org/web/2024/https://example.com/memo"\n'
        "minutes:\n"
        '  title: "Council minutes"\n'
        '  publisher: "Kyiv City Council"\n'
    )
    files["content/events/2024/memo.md"] = (
        '---\ntitle: "A memo"\nsummary: "Leaked."\ndate: "2024-06-01"\n'
        "sources: [leak, minutes]\n---\nLeaked [@leak] and minuted [@minutes].\n"
    )
    out = build_ok(write_site(tmp_path / "site", files))
    page = out / "sources" / "index.html"
    (listing,) = json_ld(page)
    assert listing["@context"] == "https://schema.org" and listing["@type"] == "ItemList"
    assert listing["url"] == EDGE_BASE + "sources/"
    items = listing["itemListElement"]
    assert listing["numberOfItems"] == len(items) == 4
    # each source once, numbered and identified as the page lists it
    listed = html(page).select("ol.source-index > li")
    assert [i["position"] for i in items] == list(range(1, len(listed) + 1))
    works = [i["item"] for i in items]
    assert [w["@id"] for w in works] == [EDGE_BASE + "sources/#" + li["id"] for li in listed]
    assert all(w["@type"] == "CreativeWork" for w in works)
    by_id = {w["@id"].rpartition("#")[2]: w for w in works}
    assert by_id["leak"] == {
        "@type": "CreativeWork",
        "@id": EDGE_BASE + "sources/#leak",
        "name": "Leaked memo: </script><script>alert(1)</script> & <b>more</b>",
        "url": "https://example.com/memo",
        "author": {"@type": "Person", "name": "Jane Roe"},
        "publisher": {"@type": "Organization", "name": "The Ledger"},
        "datePublished": "2024-06",
        "archivedAt": "https://web.archive.org/web/2024/https://example.com/memo",
    }
    assert by_id["wire"]["datePublished"] == "2024-07-08"
    assert by_id["wire"]["url"] == "https://example.com/news?id=1&lang=en"
    assert "url" not in by_id["minutes"] and "author" not in by_id["minutes"]
    # the address an event cites a source by is that source's url here
    (memo,) = json_ld(out / "events" / "memo" / "index.html")
    assert memo["citation"][0] == by_id["leak"]["url"]
    assert memo["citation"][1] == {
        "@type": "CreativeWork",
        "name": "Council minutes",
        "publisher": {"@type": "Organization", "name": "Kyiv City Council"},
    }
    # '</script>' in a title cannot close the element early
    raw = page.read_text(encoding="utf-8")
    script = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<script>" not in script and "\\u003c/script\\u003e" in script


def _ld_event_whole(
    event: Any, people: Any, countries: Any, sources: Any, rel: Any, zone: str = "UTC"
) -> dict[str, Any]:
    """An event's JSON-LD as a dict, each part made as publish makes it for other pages:
    what publish._ld_event_text's text must encode (it writes the parts out instead)."""
    from sitegen.publish import _ld_country, _ld_event_own, _ld_person, _ld_source, _put

    out: dict[str, Any] = {"@type": "Event", **dict(_ld_event_own(event, rel, zone))}
    _put(out, "location", [_ld_country(c, rel, False) for c in countries])
    _put(out, "attendee", [_ld_person(p, rel, False) for p in people])
    _put(out, "keywords", ", ".join(event.tags))
    _put(out, "citation", [_ld_source(s) for s in sources])
    return out


@pytest.mark.parametrize("which", ["edge", "sample"])
def test_event_json_ld_is_written_as_json_would(which: str, tmp_path: Path) -> None:
    """An event's JSON-LD is put together from the JSON of its people, countries and
    sources, each written once per build: the text must be what encoding it whole gives."""
    from sitegen.build import Builder
    from sitegen.jsontext import LD_JSON
    from sitegen.publish import json_ld

    root = write_site(tmp_path / "site", EDGE_FILES) if which == "edge" else copy_sample(tmp_path)
    site = Builder(root, tmp_path / "out", use_cache=False).load().site
    assert site is not None and site.events

    def absolute(path: str = "") -> str:
        return "https://example.org/x/" + path

    for _ in range(2):  # the second time from the parts made the first
        for ev in site.events:
            people = [site.people[s] for s in ev.people if s in site.people]
            countries = [site.countries[s] for s in ev.countries if s in site.countries]
            sources = [site.sources[s] for s in ev.sources if s in site.sources]
            whole = {
                "@context": "https://schema.org",
                **_ld_event_whole(ev, people, countries, sources, absolute),
            }
            made = json_ld(
                "event", event=ev, people=people, countries=countries, sources=sources,
                rel=absolute,
            )  # fmt: skip
            assert made == LD_JSON(whole), ev.slug


def test_event_json_ld_written_out_as_json_would_at_its_edges() -> None:
    """The event's own fields are written out one by one (publish._ld_event_text): each
    field's presence, order and quoting as encoding _ld_event_whole's dict gives them."""
    from sitegen.dates import EDate
    from sitegen.jsontext import LD_JSON
    from sitegen.model import Event, Image
    from sitegen.publish import json_ld

    plain = Event(
        slug="e",
        title='A "quoted" title \\ <b> & \u00e9t\u00e9 \U0001f1fa\U0001f1e6',
        date=EDate(2024, 7, 8),
    )
    variants = [
        plain,
        dataclasses.replace(plain, date=EDate(-44, 3, 15), end=EDate(12000)),
        dataclasses.replace(plain, time=dt.time(10, 30), end_time=dt.time(11)),
        dataclasses.replace(plain, end=EDate(2024, 7, 9), end_time=dt.time(9)),
        dataclasses.replace(plain, end=EDate(2024, 8), ongoing=True),
        dataclasses.replace(
            plain, date=EDate(2099, 1), summary="To come\n\t\u2028", status="scheduled"
        ),
        dataclasses.replace(plain, summary="Past", tags=("a", "b")),
        dataclasses.replace(plain, tags=("",), image=Image(src="img/x.png", alt="x")),
        dataclasses.replace(plain, image=Image(src="https://cdn.example/x.png", alt="x")),
    ]
    for absolute in (lambda path="": "https://example.org/x/" + path, lambda path="": ""):
        for ev in variants:
            whole = {
                "@context": "https://schema.org",
                **_ld_event_whole(ev, (), (), (), absolute, "Europe/Kyiv"),
            }
            made = json_ld("event", event=ev, rel=absolute, zone="Europe/Kyiv")
            assert made == LD_JSON(whole), whole


def meta(soup: BeautifulSoup, **attrs: str) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return str(tag["content"]) if tag else None


@pytest.mark.parametrize(("fixture", "base"), [("sample", SAMPLE_BASE), ("edge", EDGE_BASE)])
def test_every_page_has_title_description_canonical_and_cards(
    request: pytest.FixtureRequest, fixture: str, base: str
) -> None:
    out: Path = request.getfixturevalue(fixture)
    for page in html_pages(out):
        soup = html(page)
        url = page_url(out, page)
        title = soup.title.get_text() if soup.title else ""
        assert title.strip(), url
        assert meta(soup, name="description"), url
        # a card: the page's own title (an event's headline), beside the site's name
        site_name = meta(soup, property="og:site_name")
        assert site_name, url
        assert meta(soup, property="og:title") == title.removesuffix(f" · {site_name}"), url
        if page.parent.parent.name == "events" and soup.h1:
            assert meta(soup, property="og:title") == soup.h1.get_text(), url
        assert meta(soup, property="og:description") == meta(soup, name="description")
        assert meta(soup, name="twitter:card") in ("summary", "summary_large_image")
        canonical = soup.find("link", rel="canonical")
        if page.name == "404.html":
            assert canonical is None and meta(soup, property="og:url") is None
            continue
        if meta(soup, name="robots") == "noindex":  # an embed page: its timeline's address
            url = url.removesuffix("embed/")
        assert canonical is not None and canonical["href"] == base + url, url
        assert meta(soup, property="og:url") == base + url


def test_event_image_in_cards(edge: Path) -> None:
    soup = html(edge / "events" / "kyiv-strike" / "index.html")
    assert meta(soup, property="og:image") == EDGE_BASE + "img/okhmatdyt.png"
    assert meta(soup, property="og:image:alt") == "The damaged hospital building"
    assert meta(soup, name="twitter:card") == "summary_large_image"
    assert meta(soup, name="description") == (
        "Russian missiles hit Okhmatdyt; Klitschko, the mayor, said so."
    )
    # an event without a picture shares the site's card (issue 19: og:image on every page)
    plain = html(edge / "events" / "plans" / "index.html")
    assert meta(plain, name="twitter:card") == "summary_large_image"
    assert meta(plain, property="og:image") == EDGE_BASE + "og/site.png"
    assert meta(plain, property="og:image:alt")
    # its type and size are said where it is the page's own card, not on every event's
    front = html(edge / "index.html")
    assert meta(front, property="og:image") == EDGE_BASE + "og/site.png"
    assert (meta(front, property="og:image:width"), meta(front, property="og:image:height")) == (
        "1200",
        "630",
    )


# -- base_url: missing, overridden ---------------------------------------------------------------


def test_without_base_url_no_broken_absolute_urls(tmp_path: Path) -> None:
    files = dict(EDGE_FILES)
    files["content/site.yaml"] = 'title: "No address yet"\n'
    root = write_site(tmp_path / "site", files)
    result = build(root)
    assert result.code == 0, result.err
    assert "warning" in result.err and "[base-url-missing]" in result.err
    assert "content/site.yaml" in result.err
    out = root / "output"
    for name in ("feed.xml", "sitemap.xml", "robots.txt", "events.ics"):
        assert not (out / name).exists(), name
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert data["url"] is None
    assert data["events"][0]["url"] == "events/plans/"
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert 'href="events/plans/"' in timeline["events"][0]["text"]["text"]
    for page in html_pages(out):
        text = page.read_text(encoding="utf-8")
        assert "example.org/timelines" not in text, page
        soup = html(page)
        assert soup.find("link", rel="canonical") is None
        for block in json_ld(page):
            assert "url" not in block
            # nor an anchor to identify a source by
            assert not any("@id" in i.get("item", ()) for i in block.get("itemListElement", ()))
    # a strict build counts the missing address as an error; ignore: silences it
    assert build(root, "--strict").code == 1
    (root / "content" / "site.yaml").write_text(
        'title: "No address yet"\nignore: [base-url-missing]\n', encoding="utf-8"
    )
    quiet = build(root, "--strict")
    assert quiet.code == 0 and "base-url-missing" not in quiet.err


def test_base_url_option_overrides_site_yaml(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", EDGE_FILES)
    preview = "https://preview-42.example.net/kyiv"
    out = build_ok(root, "--base-url", preview)
    base = preview + "/"
    check_sitemap(out, base)
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert all(e.link.startswith(base) for e in feed.entries)
    canonical = html(out / "events" / "plans" / "index.html").find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == base + "events/plans/"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt"):
            assert EDGE_BASE not in path.read_text(encoding="utf-8"), path
    assert run("build", root, "--base-url", "example.org").code == 2


def test_static_robots_txt_wins(tmp_path: Path) -> None:
    own = "User-agent: *\nDisallow: /drafts/\n"
    root = write_site(tmp_path / "site", {"static/robots.txt": own})
    out = build_ok(root)
    assert (out / "robots.txt").read_text(encoding="utf-8") == own
    assert (out / "sitemap.xml").is_file()


# -- determinism ---------------------------------------------------------------------------------


def hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def sites_in_two_folders(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    yield "sample", copy_sample(tmp_path / "a" / "sample"), copy_sample(tmp_path / "b" / "x")
    yield (
        "edge",
        write_site(tmp_path / "c" / "edge", EDGE_FILES),
        write_site(tmp_path / "d" / "elsewhere" / "edge2", EDGE_FILES),
    )


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path) -> None:
    for name, a, b in sites_in_two_folders(tmp_path):
        first = hashes(build_ok(a))
        second = hashes(build_ok(b, "--clean"))
        assert first == second, name
        assert len(first) > 10
        for path in first:
            text = (a / "output" / path).read_bytes()
            assert str(a).encode() not in text and str(tmp_path).encode() not in text, path


def test_no_build_time_unless_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site", EDGE_FILES)
    out = build_ok(root)
    clock = dt.date.today().isoformat()
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".png":
            text = path.read_text(encoding="utf-8")
            assert "built " not in text, path
            assert clock not in text and TODAY not in text, path
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17
    result = run("build", root, "--quiet")
    assert result.code == 0, result.err
    assert "built 2030-03-17" in (out / "index.html").read_text(encoding="utf-8")


def test_assets_are_fingerprinted_and_referenced_by_their_hashed_names(sample: Path) -> None:
    assets = sorted((sample / "assets").iterdir())
    assert {a.suffix for a in assets} >= {".css", ".js"}
    for asset in assets:
        digest = hashlib.sha256(asset.read_bytes()).hexdigest()[:10]
        assert asset.name.split(".")[-2] == digest, asset.name
    names = {a.name for a in assets}
    for page in html_pages(sample):
        soup = html(page)
        for tag in soup.select('link[rel="stylesheet"], script[src]'):
            ref = str(tag.get("href") or tag.get("src"))
            assert ref.rsplit("/", 1)[-1] in names, f"{page}: {ref}"


def test_a_large_sites_body_edit_remakes_the_part_that_lists_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large site, a body edit of an event the feed does not list reaches its
    events.json part, and the output is a clean build's (the edit plans the parts alone:
    publish.plan_edited)."""
    monkeypatch.setattr(publish, "EVENTS_PART", 2)
    root = tmp_path / "site"
    shutil.copytree(
        REPO / "tests/sites/newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    content = root / "content"
    with (content / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("feed_limit: 1\n")
    assert build(root).code == 0
    out = root / "output"
    before = tree(out)
    with (content / "events/ferry-returns.md").open("a", encoding="utf-8") as f:
        f.write("\nA zebra sentence, appended.\n")  # (the oldest event: not in the feed)
    assert build(root).code == 0
    after = tree(out)
    changed = {p for p in after if after[p] != before.get(p)}
    assert any(re.search(r"(^|/)events-\d+", p) for p in changed)
    assert b"zebra" in b"".join(after[p] for p in changed if re.search(r"(^|/)events-\d+", p))
    assert "feed.xml" not in changed and "events.json" not in changed
    assert build(root, "--output", str(tmp_path / "clean"), "--clean").code == 0
    assert tree(out) == tree(tmp_path / "clean")


def test_a_bodys_links_key_is_made_once_for_the_files_that_share_its_linker() -> None:
    """An event without a summary in several timelines is in each of their
    timeline.json files (its body its slide's text), each with its own LinkTable made
    with the plan's one linker: what its [[links]] resolve to is worked out by the first
    and read by the others; a table of another linker, or a plain dict (no linker), works
    out its own; an event with a summary (asked by the site's events.json alone) is not
    held."""
    from types import SimpleNamespace

    from sitegen.splice import Pieces

    asked: list[str] = []

    def link(target: str) -> tuple[str, str]:
        asked.append(target)
        return f"\x01events/{target}/", target.upper()

    site = SimpleNamespace(config=SimpleNamespace(timezone="UTC"))
    body = SimpleNamespace(links=SimpleNamespace(targets=("a", "b", "a")))
    ev = SimpleNamespace(slug="e", body=body, summary="")
    pieces = Pieces()

    def pub(links: Any) -> publish.Publication:
        return publish.Publication(site, "", {"links": links}, pieces)  # type: ignore[arg-type]

    files = [pub(publish.LinkTable([ev], link)) for _ in range(3)]  # type: ignore[list-item]

    def said_of(resolved: list[tuple[str, Any]]) -> str:
        return hashlib.blake2b(repr(resolved).encode(), digest_size=20).hexdigest()

    said = said_of([("a", ("\x01events/a/", "A")), ("b", ("\x01events/b/", "B"))])
    assert [f.links_key(ev) for f in files] == [said] * 3  # type: ignore[arg-type]
    assert asked == ["a", "b"]
    other = pub(publish.LinkTable([ev], lambda target: None))  # type: ignore[list-item]
    assert other.links_key(ev) == said_of([("a", None), ("b", None)])  # type: ignore[arg-type]
    assert pub({"a": 1}).links_key(ev) == said_of([("a", 1), ("b", None)])  # type: ignore[arg-type]
    assert files[0].links_key(ev) == said  # type: ignore[arg-type]
    summed = SimpleNamespace(slug="s", body=body, summary="In short.")
    assert files[0].links_key(summed) == said  # type: ignore[arg-type]
    assert "s" not in pieces.memo[publish.Shared].links_keys


@pytest.mark.parametrize("limit", [1, 5, 300])
def test_shorten_folds_a_heads_spaces_as_the_whole_texts(limit: int) -> None:
    """shorten folds the spaces of the text's first 4 × limit characters alone: the same
    cut as the whole text's, whatever the spaces (a head mostly spaces folds to less
    than the limit, and then the whole text is folded)."""

    def whole(text: str) -> str:
        text = " ".join(text.split())
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    words = ["a", "bb,", "ccc;", " ", "\n\t", "é", "\u3000", " " * 40, "x" * 30]
    for n in range(300):
        text = "".join(words[(n * 7 + i * i) % len(words)] for i in range(n * 3))
        assert publish.shorten(text, limit) == whole(text)
    assert publish.shorten(" " * 5000 + "word " * 100, limit) == whole(" " * 5000 + "word " * 100)
