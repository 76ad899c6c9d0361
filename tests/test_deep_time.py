"""Any span of time (issue 18): events before the common era and in deep time build into
every output, each saying them as well as its format can. The fixture is
tests/sites/deep-time (era_style: bc)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from tests.conftest import SITES, TODAY, html, run
from tests.hostile import check_output


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/deep-time built once; its output folder."""
    root = tmp_path_factory.mktemp("deep") / "site"
    shutil.copytree(SITES / "deep-time" / "content", root / "content")
    result = run("build", root, "--today", TODAY)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code == 0, result.out + result.err
    return root / "output"


def test_every_output_parses(deep: Path) -> None:
    check_output(deep)
    feed = feedparser.parse((deep / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 9


def test_pages_say_the_dates_in_the_sites_era_style(deep: Path) -> None:
    page = html(deep / "index.html")
    headings = [h.get_text() for h in page.select("h2.year-marker")]
    assert headings == [
        "13.8 billion years ago", "4.54 billion years ago", "66 million years ago",
        "300,000 BC", "509 BC", "44 BC", "27 BC", "2024", "year 170,000,002",
    ]  # fmt: skip
    ids = [h["id"] for h in page.select("h2.year-marker")]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"year-[0-9a-z-]+", i) for i in ids)
    # (each year and its era joined by a no-break space: see test_a_year_keeps_its_era_on_its_line)
    dates = {t.get_text().replace("\N{NO-BREAK SPACE}", " ") for t in page.select("#timeline time")}
    assert {"15 March 44 BC", "509–27 BC", "16 January 27 BC – 19 August AD 14"} <= dates
    assert {"13.8 billion years ago", "about 4.54 billion years ago", "year 170,000,002"} <= dates
    caesar = html(deep / "events" / "ides-of-march" / "index.html")
    when = caesar.select_one(".event-date time")
    assert when is not None and when.get_text() == "15 March 44\N{NO-BREAK SPACE}BC"
    assert when.get("datetime") is None  # HTML's dates have no year before 1


def _json_ld(path: Path) -> dict[str, object]:
    page = html(path)
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.get_text())
        if isinstance(data, dict) and data.get("@type") == "Event":
            return data
    raise AssertionError(f"no Event JSON-LD in {path}")


@pytest.mark.parametrize(
    ("slug", "start", "end"),
    [
        ("ides-of-march", "-0044-03-15", None),
        ("roman-republic", "-0509", "-0027"),
        ("augustus-reigns", "-0027-01-16", "0014-08-19"),
        ("big-bang", "-13800000000", None),
        ("far-future", "+170000002", None),
    ],
)
def test_json_ld_has_iso_8601_expanded_years(
    deep: Path, slug: str, start: str, end: str | None
) -> None:
    data = _json_ld(deep / "events" / slug / "index.html")
    assert data["startDate"] == start
    assert data.get("endDate") == end


def test_timelinejs_years_are_numbers(deep: Path) -> None:
    slides = {s["unique_id"]: s for s in json.loads((deep / "timeline.json").read_text())["events"]}
    assert slides["ides-of-march"]["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert slides["big-bang"]["start_date"] == {"year": -13800000000}
    assert slides["far-future"]["start_date"] == {"year": 170000002}
    assert slides["roman-republic"]["end_date"] == {"year": -27}
    assert slides["ides-of-march"]["display_date"] == "15 March 44 BC"
    assert slides["eclipse"]["start_date"] == {
        "year": 2024, "month": 4, "day": 8, "hour": 18, "minute": 17,
    }  # fmt: skip


def test_timelinejs_slides_are_compact_json_as_encoded(deep: Path) -> None:
    """A slide is written out, not a dict encoded (publish._slide_json): each is what
    the compact encoder writes for the object it parses to, key order included."""
    text = (deep / "timeline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["events"]
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for slide in data["events"]:
        assert compact(slide) in text, slide["unique_id"]


def test_events_json_and_search_keep_the_dates(deep: Path) -> None:
    events = {e["slug"]: e for e in json.loads((deep / "events.json").read_text())["events"]}
    assert events["big-bang"]["start"] == "Y-13800000000"
    assert events["ides-of-march"]["start"] == "-0044-03-15"
    assert events["far-future"]["start"] == "Y170000002"
    assert [e["slug"] for e in events.values()][:2] == ["big-bang", "earth-forms"]
    chunks = sorted((deep / "search" / "r").glob("*.json"))
    docs = {r[1]: r[2] for c in chunks for r in json.loads(c.read_text())}
    assert docs["Caesar is killed on the Ides of March"] == "15 March 44 BC"
    assert docs["Modern humans appear"] == "about 300,000 BC"


def test_feed_leaves_out_dates_atom_cannot_say(deep: Path) -> None:
    root = ET.fromstring((deep / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    by_title = {e.findtext("a:title", namespaces=ns): e for e in root.findall("a:entry", ns)}
    caesar = by_title["Caesar is killed on the Ides of March"]
    assert caesar.find("a:published", ns) is None
    assert caesar.findtext("a:updated", namespaces=ns) == "1970-01-01T00:00:00Z"
    eclipse = by_title["A total eclipse crosses North America"]
    assert eclipse.findtext("a:published", namespaces=ns) == "2024-04-08T00:00:00Z"
    assert root.findtext("a:updated", namespaces=ns) == "2024-04-08T00:00:00Z"


def test_icalendar_leaves_out_what_it_cannot_say(deep: Path) -> None:
    ics = (deep / "events.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    uids = re.findall(r"^UID:([^@]+)@", ics, flags=re.M)
    assert uids == ["eclipse"]  # every other event starts or ends outside 0001-9999
    assert "8 events dated before year 1 or after year 9999 are not in this calendar" in (
        _calendar_description(deep / "events.ics")
    )


def test_the_overview_strip_shows_deep_time_and_now_apart(deep: Path) -> None:
    page = (deep / "index.html").read_text()
    svg = re.search(r'<svg class="overview-wide".*?</svg>', page, flags=re.S)
    assert svg is not None
    xs = {
        slug: float(x)
        for slug, x in re.findall(r'href="#([a-z-]+)">.*?<circle cx="([\d.]+)"', svg.group(0))
    }
    assert xs["big-bang"] < xs["dinosaurs-die-out"] < xs["ides-of-march"] < xs["eclipse"]
    assert xs["eclipse"] - xs["ides-of-march"] >= 20  # apart, not in one pixel
    assert xs["far-future"] - xs["eclipse"] >= 20
    assert "log scale" in page
    ET.fromstring(svg.group(0).replace("{cap}", "c"))


def test_a_big_bang_and_2024_alone_both_show(site: object, tmp_path: Path) -> None:
    """Two events 13.8 billion years apart: a log axis, each a dot of its own, ticks
    labelled from 13.8bn years ago to 2024."""
    event = '---\ntitle: "{t}"\ndate: "{d}"\nsources: [wire]\n---\nText [@wire].\n'
    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": None,
            "content/events/big-bang.md": event.format(t="The Big Bang", d="Y-13800000000"),
            "content/events/eclipse.md": event.format(t="An eclipse", d="2024-04-08"),
        }
    )
    result = run("build", root, "--today", TODAY)
    assert result.code == 0, result.err
    page = (root / "output" / "index.html").read_text()
    for name in ("wide", "narrow"):
        svg = re.search(rf'<svg class="overview-{name}".*?</svg>', page, flags=re.S)
        assert svg is not None
        xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg.group(0))]
        assert len(xs) == 2 and abs(xs[1] - xs[0]) > 100
        labels = re.findall(r"<text [^>]*>([^<]+)</text>", svg.group(0))
        assert any("bn years ago" in label for label in labels), labels
        assert any(label.startswith("2024") for label in labels), labels


@pytest.mark.parametrize(
    ("files", "code", "words"),
    [
        ({"content/site.yaml": 'title: "T"\nera_style: ad\n'}, "field-type", "era_style"),
        (
            {
                "content/events/first.md": '---\ntitle: "X"\ndate: "-0044-03-15"\ntime: "10:00"\n'
                "sources: [wire]\n---\nBody [@wire].\n"
            },
            "time-invalid",
            "common era",
        ),
        (
            {
                "content/events/first.md": '---\ntitle: "X"\ndate: "0000"\nsources: [wire]\n'
                "---\nBody [@wire].\n"
            },
            "date-invalid",
            "no year 0",
        ),
        (
            {
                "content/events/first.md": '---\ntitle: "X"\ndate: "44 BC"\nsources: [wire]\n'
                "---\nBody [@wire].\n"
            },
            "date-syntax",
            "write -0044",
        ),
        (
            {
                "content/events/first.md": '---\ntitle: "X"\ndate: "Y-0044"\nsources: [wire]\n'
                "---\nBody [@wire].\n"
            },
            "date-syntax",
            "write -0044",
        ),
    ],
)
def test_deep_date_mistakes_are_diagnostics(
    site: object, files: dict[str, str], code: str, words: str
) -> None:
    root = site(files)  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out + result.err
    line = next(line for line in result.out.splitlines() if f"[{code}]" in line)
    assert words in line and re.match(r"^content/\S+:\d+:\d+: error: ", line), line


# -- eras (content/eras.yaml) --------------------------------------------------------------


def test_eras_are_bands_on_the_strip_and_timelinejs_eras(deep: Path) -> None:
    page = (deep / "index.html").read_text()
    wide = re.search(r'<svg class="overview-wide".*?</svg>', page, flags=re.S)
    assert wide is not None
    titles = re.findall(r'<g fill="[^"]+"><title>([^<]+)</title>', wide.group(0))
    assert "The Roman Republic (509–27 BC)" in titles
    assert "The life of Julius Caesar (12 July 100 BC – 15 March 44 BC)" in titles
    bands = re.findall(r'<rect x="[\d.]+" y="(\d+)" width="[\d.]+" height="13"', wide.group(0))
    assert len(set(bands)) >= 2  # overlapping eras stack in rows
    assert "teal" in wide.group(0) and "#8a5a00" in wide.group(0)
    assert "Shaded bands are eras" in page
    eras = json.loads((deep / "timeline.json").read_text())["eras"]
    assert eras[0] == {
        "start_date": {"year": -509},
        "end_date": {"year": -27},
        "text": {"headline": "The Roman Republic"},
    }
    assert len(eras) == 4


def test_a_person_s_strip_names_each_era_on_hover(deep: Path) -> None:
    """On a person's or country's strip each era is a group with its name and years as
    its <title> (the tooltip over its tint and its band alike) holding its faint tint
    down to the axis and its band, both in its colour."""
    for page in ("people/julius-caesar", "countries/italy"):
        soup = html(deep / page / "index.html")
        groups = soup.select("svg.overview-fluid g.eras > g")
        named = [g.title.get_text() for g in groups if g.title is not None]
        assert len(named) == len(groups) == 4, page
        assert "The Roman Republic (509–27 BC)" in named, page
        for g in groups:
            assert g["fill"] and [c.name for c in g.find_all(recursive=False)] == [
                "title",
                "path",
                "rect",
            ], page
            tint, band = g.path, g.rect
            assert band["height"] == "13" and band["rx"] == "2"
            # the tint starts where the band does and runs the band's width, down to the axis
            start = re.match(r"M([\d.]+) (\d+)h([\d.]+)v(\d+)H([\d.]+)z$", tint["d"])
            assert start is not None, tint["d"]
            assert (start[1], start[2], start[3], start[5]) == (
                band["x"],
                band["y"],
                band["width"],
                band["x"],
            )


ERA = '- title: "{title}"\n  start: "{start}"\n  end: "{end}"\n'


@pytest.mark.parametrize(
    ("eras", "code", "words"),
    [
        (ERA.format(title="Backwards", start="2024", end="2020"), "era-dates", "before it starts"),
        (ERA.format(title="Rome", start="-0027", end="-0509"), "era-dates", "-0509"),
        (ERA.format(title="Hued", start="2020", end="2024") + "  colour: tael\n", "era-colour",
         "did you mean 'teal'"),
        (ERA.format(title="Hex", start="2020", end="2024") + '  colour: "#12345"\n', "era-colour",
         "hex colour"),
        ('- start: "2020"\n  end: "2024"\n', "field-missing", "title"),
        ('- title: "Open"\n  start: "2020"\n', "field-missing", "needs an 'end' field"),
        (ERA.format(title="Bad date", start="44 BC", end="2024"), "date-syntax", "-0044"),
        (ERA.format(title="Odd", start="2020", end="2024") + "  shade: red\n", "field-unknown",
         "shade"),
        ('title: "not a list"\n', "field-type", "list of eras"),
    ],
)  # fmt: skip
def test_era_mistakes_are_diagnostics(site: object, eras: str, code: str, words: str) -> None:
    root = site({"content/eras.yaml": eras})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out + result.err
    line = next(line for line in result.out.splitlines() if f"[{code}]" in line)
    assert line.startswith("content/eras.yaml:") and words in line, line


def test_era_timelines_are_checked_only_where_timelines_exist(site: object) -> None:
    era = ERA.format(title="Cold War", start="1947", end="1991") + "  timelines: [cold-war]\n"
    root = site({"content/eras.yaml": era})  # type: ignore[operator]
    assert run("check", root, "--today", TODAY).code == 0  # no content/timelines/: kept
    (root / "content" / "timelines").mkdir()
    (root / "content" / "timelines" / "cold-wars.yaml").write_text('title: "x"\n')
    result = run("check", root, "--today", TODAY)
    line = next(line for line in result.out.splitlines() if "[era-timeline]" in line)
    assert line.startswith("content/eras.yaml:4:") and "did you mean 'cold-wars'" in line, line
    (root / "content" / "timelines" / "cold-wars.yaml").rename(
        root / "content" / "timelines" / "cold-war.yaml"
    )
    assert "[era-timeline]" not in run("check", root, "--today", TODAY).out


@pytest.mark.parametrize(
    ("date", "end"),
    [
        ("-0044-03-15", None), ("-0001-12-31", None), ("-9999", None), ("Y-10000", None),
        ("Y-13800000000", None), ("Y170000002", None), ("Y99999", None),
        ("-0044", "0044"), ("-0001-12", "0001-01"), ("Y-66000000", "Y-65000000"),
        ("Y-13800000000", "2024-04-08"), ("-0500~", "ongoing"), ("Y-300000?", "-0001%"),
    ],
)  # fmt: skip
def test_a_lone_deep_or_bce_event_builds_into_every_output(
    site: object, date: str, end: str | None
) -> None:
    """Alone, an event's strip is padded around it (in months for a short span): at any
    year, and at 13.8 billion years too, every output still parses."""
    ending = f"end: {end}\n" if end == "ongoing" else (f'end: "{end}"\n' if end else "")
    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": (
                f'---\ntitle: "Alone"\ndate: "{date}"\n{ending}status: scheduled\n'
                "people: [ada-lovelace]\ncountries: [testland]\nsources: [wire]\n---\nBody.\n"
            )
        }
    )
    result = run("build", root, "--today", TODAY)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code == 0, result.out + result.err
    check_output(root / "output")
    assert not feedparser.parse((root / "output" / "feed.xml").read_bytes()).bozo


def test_person_and_country_pages_highlight_on_the_same_strip(deep: Path) -> None:
    """Their strips are the timeline's (log scale, eras and all), with their events on top."""
    for page in ("people/julius-caesar", "countries/italy"):
        text = (deep / page / "index.html").read_text()
        svg = re.search(r'<svg class="overview-fluid".*?<figcaption', text, flags=re.S)
        assert svg is not None, page
        assert '<g class="eras">' in svg.group(0) and "log scale" in text
        # its own events: marks not dimmed (a dot's class is `m` alone, a bar's `m bar`)
        assert re.search(r'<a class="m( bar)?" href', svg.group(0)), page
    caesar = html(deep / "people" / "julius-caesar" / "index.html")
    assert "15 March 44 BC" in caesar.get_text()


def test_a_gap_of_thousands_of_years_has_its_thousands_separated(deep: Path) -> None:
    gaps = [g.get_text() for g in html(deep / "index.html").select(".gap span")]
    assert "299,688 years later" in gaps, gaps  # as '300,000 BC' beside it, not 299688


def test_a_year_keeps_its_era_on_its_line(deep: Path) -> None:
    """Augustus' '16 January 27 BC – 19 August AD 14' ended a phone's line with 'AD' and
    began the next with '14'."""
    soup = html(deep / "index.html")
    dates = [t.get_text() for t in soup.select("li.entry time")]
    assert "16 January 27\N{NO-BREAK SPACE}BC – 19 August AD\N{NO-BREAK SPACE}14" in dates
    assert "year\N{NO-BREAK SPACE}170,000,002" in dates and "8 April 2024, 18:17 UTC" in dates
    assert all(" BC" not in d and "AD " not in d for d in dates)


def _calendar_description(ics_path: Path) -> str:
    text = ics_path.read_bytes().decode("utf-8").replace("\r\n ", "")
    found = re.search(r"^X-WR-CALDESC:(.*)$", text, flags=re.M)
    return found.group(1).replace("\r", "") if found else ""


def test_a_calendar_says_which_events_it_leaves_out(site: Callable[..., Path]) -> None:
    """A subscriber (and the editor who looks) is told the calendar is missing events
    before year 1, and where they are, rather than finding them silently absent, in the
    site's calendar and in each timeline's."""
    event = (
        '---\ntitle: "{t}"\ndate: "{d}"\ntimelines: [rome]\npeople: [ada-lovelace]\n'
        "countries: [testland]\nsources: [wire]\n---\nText.\n"
    )
    root = site(
        {
            "content/timelines/rome.md": '---\ntitle: "Rome"\nsummary: "The city."\n---\nIt.\n',
            "content/events/first.md": event.format(t="Now", d="2024-07-08"),
            "content/events/ides.md": event.format(t="Ides", d="-0044-03-15"),
            "content/events/founding.md": event.format(t="Founding", d="-0753"),
        }
    )
    result = run("build", root, "--today", TODAY)
    assert result.code == 0, result.err
    out = root / "output"
    for path, page in (
        (out / "events.ics", "https://example.org/t/"),
        (out / "timelines" / "rome" / "events.ics", "https://example.org/t/timelines/rome/"),
    ):
        ics = path.read_bytes().decode("utf-8")
        assert ics.count("BEGIN:VEVENT") == 1
        words = _calendar_description(path)
        assert "2 events dated before year 1 are not in this calendar" in words, words
        assert page in words
    assert _calendar_description(out / "timelines" / "rome" / "events.ics").startswith("The city.")
