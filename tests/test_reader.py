"""The reader's timeline (issue 7), without a browser: the overview strip, the search index
and the filter markup, read from built HTML and JSON.

Three sites: the sample (content/), rosetta (tests/sites, written by someone else) and a
story written here as a new user would: 40 events over 30 years with month- and
year-precision dates, approximate and uncertain ones, ranges, ongoing periods and names
far from ASCII.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from sitegen import overview, pages, search
from tests.conftest import SITES, build, chip_slugs, entry_topics, html
from tests.test_search import lookup

# -- a site written the way a new user would -------------------------------------------------

STORY_COUNTRIES = {
    "norway": ("Norway", "NO"),
    "sweden": ("Sweden", "SE"),
    "finland": ("Finland", "FI"),
    "estonia": ("Estonia", "EE"),
    "iceland": ("Iceland", "IS"),
}
STORY_PEOPLE = {
    "asa-lindqvist": ("Åsa Lindqvist", "Environment minister", "sweden"),
    "juri-tamm": ("Jüri Tamm", "Harbour master of Tallinn", "estonia"),
    "thorunn-sigurdardottir": ("Þórunn Sigurðardóttir", "Marine biologist", "iceland"),
    "eero-makela": ("Eero Mäkelä", "Negotiator", "finland"),
    "oystein-berg": ("Øystein Berg", "Fisheries commissioner", "norway"),
}
# (slug, date, end, title, people, countries, tags)
STORY_EVENTS: list[tuple[str, str, str, str, list[str], list[str], list[str]]] = []


def _story_events() -> list[tuple[str, str, str, str, list[str], list[str], list[str]]]:
    people = list(STORY_PEOPLE)
    countries = list(STORY_COUNTRIES)
    tags = ["fisheries", "treaty", "pollution", "science", "protest"]
    dates = [
        ("1994", "", "Nordic fisheries talks begin"),
        ("1995-03", "", "First joint survey of the Baltic cod stock"),
        ("1996~", "", "Fishermen report falling catches"),
        ("1997-06-12", "", "Ministers sign the Bergen declaration"),
        ("1998", "2001", "Cod moratorium in the eastern Baltic"),
        ("1999-11", "", "Icelandic trawlers join the survey"),
        ("2000-05-04", "2000-05-06", "Three-day summit on Gotland"),
        ("2001-03?", "", "Leaked memo on quota cheating"),
        ("2002-08-19", "", "Oil spill off Saaremaa"),
        ("2003-01", "2003-04", "Winter clean-up operation"),
        ("2004-05-01", "", "Estonia joins the European Union"),
        ("2004-09-14", "", "Harbour strike in Tallinn"),
        ("2005-02", "", "Scientists publish the ten-year cod study"),
        ("2006", "", "Quota system revised"),
        ("2007-04-27", "", "Protest at the ministry in Stockholm"),
        ("2008-10~", "", "Banking crisis hits Icelandic fleet"),
        ("2009-06-30", "", "Emergency aid for fishing towns"),
        ("2010-03", "2011-06", "Review of the Bergen declaration"),
        ("2011-09-09", "", "Þórunn Sigurðardóttir's seal report"),
        ("2012", "", "Algae blooms reach record size"),
        ("2013-07-01", "", "New catch limits take effect"),
        ("2014-02-11", "", "Court rules on the Gotland agreement"),
        ("2014-11", "", "Finnish research vessel launched"),
        ("2015-05-20", "", "Fishermen blockade Helsinki harbour"),
        ("2016", "2018", "Second cod moratorium"),
        ("2016-08-03", "", "Dead zone mapped south of Gotland"),
        ("2017-12~", "", "Quiet deal on herring quotas"),
        ("2018-04-16", "", "Åsa Lindqvist resigns"),
        ("2018-10-02", "", "Tallinn hosts the ocean conference"),
        ("2019-09", "ongoing", "Baltic restoration programme"),
        ("2020-03-12", "", "Pandemic halts the survey"),
        ("2020-06", "", "Survey resumes with a smaller crew"),
        ("2021-01-25", "", "Treaty text published in five languages"),
        ("2021-09-30", "", "Jüri Tamm retires"),
        ("2022-02-24", "ongoing", "Security zone closes eastern waters"),
        ("2022-06-01", "", "Ministers meet in Reykjavík"),
        ("2023-03", "", "Cod stock shows first recovery"),
        ("2023-10-08", "2023-10-09", "Gas pipeline damaged"),
        ("2024-05-15", "", "Øystein Berg presents the final report"),
        ("2024-06-30", "", "The compact is renewed"),
    ]
    out = []
    for i, (date, end, title) in enumerate(dates):
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower().encode("ascii", "ignore").decode()).strip(
            "-"
        )
        who = [people[i % 5]] + ([people[(i * 3 + 1) % 5]] if i % 3 == 0 else [])
        where = [countries[i % 5]] + ([countries[(i + 2) % 5]] if i % 4 == 0 else [])
        what = [tags[i % 5]] + ([tags[(i + 1) % 5]] if i % 2 else [])
        out.append((slug, date, end, title, sorted(set(who)), sorted(set(where)), what))
    return out


STORY_EVENTS.extend(_story_events())


def story_files() -> dict[str, str]:
    files = {
        "content/site.yaml": (
            'title: "Saving the Baltic cod: thirty years of a Nordic compact"\n'
            'base_url: "https://example.org/cod/"\n'
            'description: "How five Nordic and Baltic countries fought over, and then saved, '
            'a fish stock."\n'
        ),
        "content/sources.yaml": "".join(
            f'src-{n}:\n  title: "Report {n}"\n  publisher: "Nordic Wire"\n'
            f'  url: "https://example.org/wire/{n}"\n'
            for n in range(len(STORY_EVENTS))
        ),
    }
    for slug, (name, iso) in STORY_COUNTRIES.items():
        files[f"content/countries/{slug}.md"] = (
            f'---\nname: "{name}"\niso: "{iso}"\n---\n{name} fishes in the Baltic.\n'
        )
    for slug, (name, role, country) in STORY_PEOPLE.items():
        files[f"content/people/{slug}.md"] = (
            f'---\nname: "{name}"\nrole: "{role}"\ncountry: {country}\n---\n'
            f"{name} has worked on the compact for years.\n"
        )
    for n, (slug, date, end, title, who, where, tags) in enumerate(STORY_EVENTS):
        lines = ["---", f'title: "{title}"', f'summary: "What happened: {title.lower()}."']
        lines.append(f'date: "{date}"')
        if end:
            lines.append(f'end: "{end}"' if end != "ongoing" else "end: ongoing")
        lines += [
            f"people: [{', '.join(who)}]",
            f"countries: [{', '.join(where)}]",
            f"tags: [{', '.join(tags)}]",
            f"sources: [src-{n}]",
            "---",
            f"The record shows that {title.lower()} [@src-{n}]. "
            f"Reporters spoke to [[{who[0]}]] about it.",
        ]
        files[f"content/events/{date[:4]}/{slug}.md"] = "\n".join(lines) + "\n"
    return files


def write_story(root: Path) -> Path:
    for rel, text in story_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_story(tmp_path_factory.mktemp("reader-story") / "site")
    result = build(root)
    assert result.code == 0, result.err + result.out
    return root / "output"


@pytest.fixture(scope="module")
def rosetta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reader-rosetta") / "site"
    shutil.copytree(SITES / "rosetta", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


@pytest.fixture(params=["sample", "story", "rosetta"])
def any_site(request: pytest.FixtureRequest) -> Path:
    out: Path = request.getfixturevalue(request.param)
    return out


# -- helpers ---------------------------------------------------------------------------------

SAMPLE_TIMELINE = "timelines/modi-in-moscow/index.html"
"""The sample's timeline of every event (its front page lists its two timelines)."""


def timeline_of(out: Path) -> str:
    """The page of a built site that lists every event: the sample's story, else the index."""
    return SAMPLE_TIMELINE if (out / SAMPLE_TIMELINE).is_file() else "index.html"


def entries_of(index: BeautifulSoup) -> list[Tag]:
    return index.select("#timeline li.entry")


def wide(soup: BeautifulSoup) -> Tag:
    """The timeline's wide drawing, or a person's or country's one drawing (FLUID)."""
    svg = soup.select_one(
        "figure.overview > svg.overview-wide, figure.overview > svg.overview-fluid"
    )
    assert svg is not None
    return svg


def marks(svg: Tag) -> list[Tag]:
    return svg.select("a.m")


def num(tag: Tag, attr: str) -> float:
    return float(str(tag[attr]))


def mark_x(a: Tag) -> float:
    circle = a.find("circle")
    if circle:
        return num(circle, "cx")
    rect = a.find("rect")
    if rect:
        return num(rect, "x")
    path = a.find("path")
    assert path is not None
    m = re.match(r"M([\d.]+)", str(path["d"]))
    assert m
    return float(m[1])


def bar_right(a: Tag) -> float:
    path = a.find("path")
    if path is not None:
        m = re.search(r"H([\d.]+)l", str(path["d"]))
        assert m
        return float(m[1])
    rect = a.find("rect")
    assert rect is not None
    return num(rect, "x") + num(rect, "width")


def tick_labels(svg: Tag) -> list[tuple[float, str]]:
    return [(num(t, "x"), t.get_text()) for t in svg.select("g.ticks text")]


def year_x(svg: Tag, year: int) -> float:
    """x of 1 January of `year` on the drawing's axis."""
    axis = svg.select_one("line.axis")
    assert axis is not None
    x0, x1 = num(axis, "x1"), num(axis, "x2")
    d0 = dt.date.fromisoformat(str(svg["data-from"])).toordinal()
    d1 = dt.date.fromisoformat(str(svg["data-to"])).toordinal()
    return x0 + (dt.date(year, 1, 1).toordinal() - d0) * (x1 - x0) / (d1 - d0)


# -- the overview strip on built pages -----------------------------------------------------


def test_sample_strip_has_a_mark_per_event_linking_to_its_anchor(sample: Path) -> None:
    index = html(sample / SAMPLE_TIMELINE)
    slugs = [li["id"] for li in entries_of(index)]
    for svg in index.select("figure.overview svg"):
        hrefs = [a["href"] for a in marks(svg)]
        assert sorted(hrefs) == sorted(f"#{s}" for s in slugs)
        for a in marks(svg):
            title = a.find("title")
            assert title is not None and title.get_text().strip()
    # anchors exist: every mark points at an entry of this page
    assert all(index.find(id=s) for s in slugs)


def test_sample_strip_draws_ongoing_events_as_bars_to_today(sample: Path) -> None:
    svg = wide(html(sample / SAMPLE_TIMELINE))
    by_href = {a["href"]: a for a in marks(svg)}
    invasion = by_href["#russia-invades-ukraine"]
    oil = by_href["#india-buys-russian-oil"]
    assert "bar" in invasion["class"] and invasion.find("path") is not None
    assert "approx" in oil["class"] and "approx" not in invasion["class"]
    today = svg.select_one("line.today")
    assert today is not None
    assert bar_right(invasion) == pytest.approx(num(today, "x1"), abs=0.2)
    # today (27 November 2026) is late in the 2026 band, past 1 January 2026
    assert year_x(svg, 2026) < num(today, "x1") < year_x(svg, 2027)
    # the summit in New Delhi (6 December 2021) is a dot late in 2021
    summit = by_href["#india-russia-summit-2021"]
    assert summit.find("circle") is not None  # (a dot: its class is `m` alone)
    assert year_x(svg, 2021) + 0.8 * (year_x(svg, 2022) - year_x(svg, 2021)) < mark_x(summit)
    assert mark_x(summit) < year_x(svg, 2022)


def test_sample_strip_is_proportional_and_labels_every_year(sample: Path) -> None:
    svg = wide(html(sample / SAMPLE_TIMELINE))
    assert [label for _, label in tick_labels(svg)] == [str(y) for y in range(2021, 2027)]
    # the major ticks: one path, each tick moved to from the one before (M28.7 6v30m93.7-30v30)
    d = svg.select_one("g.ticks path.major")["d"]
    steps_written = [float(m) for m in re.findall(r"m([\d.]+)-", d)]
    majors = list(itertools.accumulate(steps_written, initial=float(d[1:].split()[0])))
    steps = [b - a for a, b in itertools.pairwise(majors)]
    assert max(steps) - min(steps) < 0.5  # one year is one year wide, leap years aside
    dots = [a for a in marks(svg) if a.find("circle") is not None]
    index = html(sample / SAMPLE_TIMELINE)
    order = [f"#{li['id']}" for li in entries_of(index)]
    xs = [mark_x(a) for a in sorted(dots, key=lambda a: order.index(a["href"]))]
    # in timeline order; a two-day summit sits at its middle, a hair after its first day
    assert all(b >= a - 1 for a, b in itertools.pairwise(xs))
    assert xs[-1] - xs[0] > 300


def test_person_and_country_strips_highlight_their_events(sample: Path) -> None:
    for page, slug in [("people/vladimir-putin", "vladimir-putin"), ("countries/india", "india")]:
        soup = html(sample / page / "index.html")
        listed = {a["href"].split("/")[-2] for a in soup.select("ol.event-list a")}
        svg = wide(soup)
        hl = {a["href"].split("/")[-2] for a in marks(svg) if "dim" not in a["class"]}
        assert hl == listed, slug
        # the rest of the story is one grey shape, not a link per event (issue 20)
        assert not [a for a in marks(svg) if "dim" in a["class"]]
        assert svg.select("path.density"), slug
        # one drawing for every width: each event linked once, not again for phones
        assert [s["class"] for s in soup.select("figure.overview > svg")] == [["overview-fluid"]]
        assert len(marks(svg)) == len({a["href"] for a in marks(svg)})
        for a in marks(svg):
            href = str(a["href"])
            assert href.startswith("../../events/") and href.endswith("/")
            assert (sample / page / href / "index.html").resolve().is_file()
        caption = soup.select_one("figure.overview figcaption")
        assert caption is not None
        assert f"the {len(listed)} on this page are highlighted" in caption.get_text()


def test_strip_is_accessible_markup(any_site: Path) -> None:
    people = sorted(
        p.relative_to(any_site).as_posix() for p in any_site.glob("people/*/index.html")
    )
    for path in [timeline_of(any_site), *people[:2]]:
        soup = html(any_site / path)
        figure = soup.select_one("figure.overview")
        assert figure is not None, path
        caption = figure.find("figcaption")
        assert caption is not None and caption.get_text().strip()
        for svg in figure.find_all("svg", recursive=False):  # (not the fluid one's parts)
            assert svg["aria-labelledby"] == caption["id"]
            assert svg.get("role") == "group"
            for a in marks(svg):
                assert a.find("title").get_text().strip()


def test_story_strip_shows_precision_ranges_and_ongoing(story: Path) -> None:
    soup = html(story / "index.html")
    svg = wide(soup)
    by_href = {a["href"]: a for a in marks(svg)}
    assert len(by_href) == len(STORY_EVENTS) == len(entries_of(soup))
    # year-precision moments carry a whisker across their year; month ones are dots
    quota = by_href["#quota-system-revised"]
    whisker = quota.select_one("line.span")
    assert whisker is not None
    assert num(whisker, "x2") - num(whisker, "x1") == pytest.approx(
        year_x(svg, 2007) - year_x(svg, 2006), abs=1
    )
    assert by_href["#first-joint-survey-of-the-baltic-cod-stock"].select_one("line.span") is None
    # approximate and uncertain dates are drawn hollow
    for slug in ("fishermen-report-falling-catches", "leaked-memo-on-quota-cheating"):
        assert "approx" in by_href[f"#{slug}"]["class"], slug
    # ranges are bars from start to end; ongoing ones end in an arrow at today
    moratorium = by_href["#cod-moratorium-in-the-eastern-baltic"]
    assert "bar" in moratorium["class"]
    assert mark_x(moratorium) == pytest.approx(year_x(svg, 1998), abs=0.2)
    assert bar_right(moratorium) == pytest.approx(year_x(svg, 2002), abs=0.2)
    for slug in ("baltic-restoration-programme", "security-zone-closes-eastern-waters"):
        a = by_href[f"#{slug}"]
        assert a.find("path") is not None
        assert bar_right(a) == pytest.approx(num(svg.select_one("line.today"), "x1"), abs=0.2)
    # thirty-three years on 760 units: labels every 5 years, minor ticks for the others
    labels = [label for _, label in tick_labels(svg)]
    assert labels == ["1995", "2000", "2005", "2010", "2015", "2020", "2025"]
    # (one dashed line: a dash a year, each 1 unit wide, spaced a year apart)
    minor = svg.select_one("g.ticks line.minor")
    step = 1 + float(str(minor["stroke-dasharray"]).split()[1])
    assert (num(minor, "x2") - num(minor, "x1")) / step > 20
    assert step * 5 == pytest.approx(year_x(svg, 2000) - year_x(svg, 1995), rel=0.01)


def test_story_phone_drawing_keeps_labels_apart(story: Path) -> None:
    soup = html(story / "index.html")
    narrow = soup.select_one("svg.overview-narrow")
    assert narrow is not None
    xs = [x for x, _ in tick_labels(narrow)]
    assert 3 <= len(xs) <= 8
    assert all(b - a >= 36 for a, b in itertools.pairwise(xs))
    assert all(0 < x < 330 for x in xs)


# -- the strip itself, on made-up timelines ----------------------------------------------------


class FakeEntry:
    def __init__(
        self,
        slug: str,
        start: dt.date,
        end: dt.date | None = None,
        *,
        ongoing: bool = False,
        approximate: bool = False,
        precision: str = "day",
    ) -> None:
        self.slug = slug
        self.title = f"Event {slug}"
        self.display_date = start.isoformat()
        self.year = start.year
        self.start_ordinal = start.toordinal()
        last = end or start
        if precision == "year" and end is None:
            last = dt.date(start.year, 12, 31)
        self.end_ordinal = last.toordinal()
        self.end_datetime = end.isoformat() if end else ""
        self.precision = precision
        self.approximate = approximate
        self.uncertain = False
        self.ongoing = ongoing


def spread(n: int, first: dt.date, days: int) -> list[FakeEntry]:
    return [FakeEntry(f"e{i}", first + dt.timedelta(days=i * days // max(1, n))) for i in range(n)]


def parse(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


@pytest.mark.parametrize(
    ("years", "expect"),
    [(1, {"months": True}), (3, {"every": 1}), (12, {"every": 1}), (30, {"every": 5}),
     (60, {"every": 5}), (100, {"every": 10}), (400, {"every": 50})],
)  # fmt: skip
def test_tick_density_suits_one_to_hundreds_of_years(years: int, expect: dict[str, Any]) -> None:
    first = dt.date(1900, 2, 1)
    entries = spread(10, first, int(years * 365.25) - 40)
    soup = parse(overview.draw(entries, today="2026-01-01"))
    for svg, width in ((wide(soup), 760), (soup.select_one("svg.overview-narrow"), 330)):
        assert svg is not None
        labels = tick_labels(svg)
        assert 2 <= len(labels) <= 16
        xs = [x for x, _ in labels]
        assert xs == sorted(xs) and all(0 <= x <= width for x in xs)
        assert all(b - a >= 36 for a, b in itertools.pairwise(xs))
    texts = [label for _, label in tick_labels(wide(soup))]
    if expect.get("months"):
        assert "Mar" in texts or "Apr" in texts or "Jul" in texts, texts
    else:
        years_shown = [int(t) for t in texts]
        steps = {b - a for a, b in itertools.pairwise(years_shown)}
        assert steps == {expect["every"]}, texts


@pytest.mark.parametrize("years", [1, 3, 30, 100])
def test_a_person_strip_keeps_its_labels_apart_on_a_phone_and_a_desktop(years: int) -> None:
    """The one drawing of a person's strip places its year (or month) labels at
    percentages: on a desktop's 700 px all of them stand apart, and on a phone's 320 px
    those not hidden there (class "w") do too."""
    entries = spread(10, dt.date(1900, 2, 1), int(years * 365.25) - 40)
    soup = parse(overview.draw(entries, highlight=entries[::3], root="../../", today="2026-01-01"))
    svg = soup.select_one("figure.overview > svg.overview-fluid")
    assert svg is not None and "viewBox" not in svg.attrs
    labels = [t for t in svg.select("g.ticks text") if t.get("x", "").endswith("%")]
    assert len(labels) >= 2
    for width, shown in (
        (700, labels),
        (320, [t for t in labels if "w" not in t.get("class", [])]),
    ):
        xs = [float(str(t["x"])[:-1]) * width / 100 for t in shown]
        assert len(xs) >= 2 and xs == sorted(xs), (width, xs)
        assert all(b - a >= 30 for a, b in itertools.pairwise(xs)), (width, xs)


def test_strip_is_deterministic_and_empty_without_events() -> None:
    entries = spread(50, dt.date(2000, 1, 1), 3000)
    assert overview.draw(entries, today="2020-01-01") == overview.draw(
        list(reversed(entries)), today="2020-01-01"
    )
    assert overview.draw([]) == ""
    one = parse(overview.draw([FakeEntry("only", dt.date(2024, 7, 8))]))
    assert [a["href"] for a in marks(wide(one))] == ["#only"]


def test_crowded_days_stack_then_count() -> None:
    day = dt.date(2024, 7, 8)
    entries = [FakeEntry(f"e{i:02d}", day) for i in range(20)]
    soup = parse(overview.draw(entries))
    svg = wide(soup)
    dots = svg.select("a.m:has(> circle)")
    more = svg.select("a.m.more")
    assert len(dots) == overview.WIDE.rows
    assert len(more) == 1
    assert more[0].find("text").get_text() == f"+{20 - overview.WIDE.rows}"
    assert "14 more events" in more[0].find("title").get_text()


def test_highlighted_events_win_a_place_in_a_crowd() -> None:
    day = dt.date(2024, 7, 8)
    entries = [FakeEntry(f"e{i:02d}", day) for i in range(30)]
    picked = [entries[25], entries[29]]
    svg = wide(parse(overview.draw(entries, highlight=picked, root="../../")))
    hl = [a["href"] for a in svg.select("a.m:not(.dim):has(> circle)")]
    assert hl == ["../../events/e25/", "../../events/e29/"]


def test_ten_thousand_events_stay_light() -> None:
    origin = dt.date(1995, 1, 1)
    entries = [
        FakeEntry(
            f"event-{i:05d}",
            origin + dt.timedelta(days=(i * 7919) % 11000),
            origin + dt.timedelta(days=(i * 7919) % 11000 + 400) if i % 10 == 0 else None,
            ongoing=i % 997 == 0,
            approximate=i % 13 == 0,
        )
        for i in range(10_000)
    ]
    markup = overview.draw(entries, today="2026-01-01")
    assert len(markup.encode()) < 200_000
    soup = parse(markup)
    svg = wide(soup)
    assert len(marks(svg)) < 800
    # every event is drawn or counted
    counted = 0
    for a in marks(svg):
        if "more" in a["class"]:
            counted += int(a.find("text").get_text()[1:])
        elif "band" in a["class"]:
            counted += int(a.find("title").get_text().split()[0])
        else:
            counted += 1
    assert counted == 10_000


def test_a_person_strip_at_ten_thousand_events_draws_only_theirs() -> None:
    """A person's strip links their own events; the other 9,990 are one grey shape, so
    the page stays light (issue 20: 125 KB of SVG and 10,000 tab stops before)."""
    origin = dt.date(1995, 1, 1)
    entries = [
        FakeEntry(f"event-{i:05d}", origin + dt.timedelta(days=(i * 7919) % 11000))
        for i in range(10_000)
    ]
    markup = overview.draw(entries, highlight=entries[::1000], root="../", today="2026-01-01")
    assert len(markup.encode()) < 12_000
    svg = wide(parse(markup))
    assert sorted(a["href"] for a in marks(svg)) == sorted(
        f"../events/{e.slug}/" for e in entries[::1000]
    )
    assert not [a for a in marks(svg) if "dim" in a["class"]]
    assert len(svg.select("path.density")) == 1


# -- the search index -----------------------------------------------------------------------


def load_index(out: Path) -> list[list[str]]:
    """Every record of the search index ([kind, title, date or role, url, snippet]), in
    document order (see sitegen/search.py and tests/test_search.py)."""
    manifest = json.loads((out / search.INDEX_PATH).read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    records: list[list[str]] = []
    for n in range(-(-manifest["docs"] // manifest["per"])):
        records += json.loads((out / search.RECORD_PATH.format(n)).read_text(encoding="utf-8"))
    assert len(records) == manifest["docs"]
    return records


def test_search_index_holds_events_people_and_countries(sample: Path) -> None:
    docs = load_index(sample)
    kinds = {d[0] for d in docs}
    assert kinds == {"e", "p", "c"}
    events = [d for d in docs if d[0] == "e"]
    assert len(events) == len(entries_of(html(sample / SAMPLE_TIMELINE)))
    strike = next(d for d in events if d[3] == "events/kyiv-missile-strike-okhmatdyt/")
    assert "Okhmatdyt" in strike[1]
    assert strike[4] and strike[2] == "8 July 2024"
    # body text is searched, not only the title
    assert docs.index(strike) in lookup(sample, "children")
    orban = next(d for d in docs if d[3] == "people/viktor-orban/")
    assert orban[1] == "Viktor Orbán" and orban[0] == "p"
    for d in docs:
        assert (sample / d[3] / "index.html").is_file(), d[3]
        assert "<" not in d[4] and "\x01" not in d[4]
    # compact: no indentation, UTF-8 kept
    raw = b"".join(p.read_bytes() for p in (sample / "search").rglob("*.json"))
    assert b"\n" not in raw and "Orbán".encode() in raw


def test_search_index_leaves_drafts_out(rosetta: Path) -> None:
    docs = load_index(rosetta)
    assert not any("draft" in d[3] for d in docs)
    assert not (rosetta / "events" / "draft-note").exists()


def test_search_documents_unit() -> None:
    doc = {"k": "event", "t": "Ünïcode", "d": "", "u": "events/x/", "s": "", "x": ""}
    files = search.make_index([doc])
    assert set(files) == {search.INDEX_PATH, "search/w/0.json", "search/r/0.json"}
    assert files["search/r/0.json"] == '[["e","Ünïcode","","events/x/",""]]'.encode()
    # document 0 (a gap of 1 from -1), in its title (3): 1 << 2 | 3
    assert files["search/w/0.json"] == b'{"unicode":[7]}'


# -- the filter and search markup -----------------------------------------------------------


def test_finder_is_hidden_without_javascript_and_lists_choices(any_site: Path) -> None:
    page = any_site / timeline_of(any_site)
    soup = html(page)
    finder = soup.select_one("#finder")
    # in the page from the first paint (nothing moves when site.js runs); without
    # scripting, a <noscript><style> hides it
    assert finder is not None and not finder.has_attr("hidden")
    assert any(s.string == "#finder{display:none}" for s in soup.select("noscript style"))
    entries = entries_of(soup)
    # the no-JS page shows everything
    assert not any(li.has_attr("hidden") for li in entries)
    used: dict[str, set[str]] = {"country": set(), "person": set(), "tag": set()}
    for li in entries:
        used["country"] |= set(chip_slugs(li, "countries"))
        used["person"] |= set(chip_slugs(li, "people"))
        used["tag"] |= set(entry_topics(li))
    # a topic is offered as written; a country's and a person's options are listed by
    # site.js from the entries' chips (test_reader_browser: the options it lists)
    offered = {str(i["value"]) for i in finder.select("fieldset[data-name=tag] input")}
    assert used["tag"] <= offered
    for name in ("country", "person"):
        assert finder.select_one(f"fieldset[data-name={name}] legend") or not used[name], name
    # (site.js makes each a checkbox named by its fieldset: the finder shows only with it)
    for box in finder.select("fieldset[data-name] input"):
        label = box.find_parent("label")
        assert label is not None and label.get_text().strip()
    search_input = finder.select_one("input[type=search]#search-input")
    assert search_input is not None
    assert soup.select_one(f"label[for={search_input['id']}]") is not None
    assert (page.parent / str(search_input["data-index"])).is_file()
    assert soup.select_one("#filter-status[role=status]") is not None
    scripts = [s["src"] for s in soup.select("script[src]")]
    # the reader's script (and, beside an Embed snippet, the copy button's), all on disk
    assert [s for s in scripts if "/site." in "/" + str(s)]
    assert all((page.parent / str(s)).is_file() for s in scripts)


def test_entries_have_stable_anchors_and_filter_data(sample: Path) -> None:
    soup = html(sample / SAMPLE_TIMELINE)
    strike = soup.select_one("li.entry#kyiv-missile-strike-okhmatdyt")
    assert strike is not None
    # its filter data: its topics, and its chips (site.js reads countries and people there)
    assert set(chip_slugs(strike, "countries")) == {"ukraine", "russia"}
    assert "volodymyr-zelensky" in chip_slugs(strike, "people")
    assert entry_topics(strike) == ["war-in-ukraine", "missile-strike", "civilian-casualties"]
    ids = [li["id"] for li in entries_of(soup)]
    assert len(ids) == len(set(ids))


def test_timeline_prints_source_urls(story: Path) -> None:
    soup = html(story / "index.html")
    first = entries_of(soup)[0]
    printed = first.select_one("ul.print-sources a")  # (print CSS writes out its href)
    assert printed is not None and printed["href"] == "https://example.org/wire/0"


def test_a_printed_timeline_gives_every_source_of_every_event(any_site: Path) -> None:
    """Printed, a timeline or year page names each event's sources as its page lists them;
    one that several events on the page cite is written whole once, numbered ([2]), and
    by its number after that ("See [2] above")."""
    repeated = 0
    for page in sorted(any_site.rglob("index.html")):
        soup = html(page)
        whole: dict[str, tuple[str, str]] = {}
        for entry in soup.select("#timeline li.entry"):
            printed = []
            for li in entry.select(".print-sources li"):
                text = li.get_text()
                see = re.fullmatch(r"See \[(\d+)\] above", text)
                if see:
                    printed.append(whole[see.group(1)])  # (written whole before it)
                    repeated += 1
                    continue
                link = li.select_one("a")
                said = (link.get_text() if link else re.sub(r"^\[\d+\] ", "", text),
                        str(link["href"]) if link else "")  # fmt: skip
                number = re.match(r"\[(\d+)\] ", text)
                if number:
                    assert number.group(1) not in whole, page
                    whole[number.group(1)] = said
                printed.append(said)
            href = str(entry.select_one("h3 a")["href"])
            event = html((page.parent / href / "index.html").resolve())
            listed = [
                (cite.get_text(), str(cite.a["href"]) if cite.a else "")
                for cite in event.select(".source-list cite")
            ]
            assert printed == listed, (page, href)
    if any_site.name == "output" and (any_site / "timelines").is_dir():
        assert repeated  # (the sample's events share their sources)


def test_event_pages_link_previous_and_next(story: Path) -> None:
    soup = html(story / "events" / "quota-system-revised" / "index.html")
    assert soup.select_one("a[rel=prev]") is not None
    assert soup.select_one("a[rel=next]") is not None
    assert soup.select_one("script[src]") is not None


def iter_pages(out: Path) -> Iterator[Path]:
    yield from sorted(out.rglob("*.html"))


def test_every_page_loads_only_local_files(any_site: Path) -> None:
    for page in iter_pages(any_site):
        soup = html(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for el in soup.find_all(tag):
                value = el.get(attr)
                if not value or (tag == "link" and el.get("rel") not in (["stylesheet"], ["icon"])):
                    continue
                assert "://" not in str(value) and not str(value).startswith("//"), (page, value)


def test_a_silence_of_most_of_two_years_is_said_in_months(tmp_path: Path) -> None:
    """Rosetta lands Philae on 12 November 2014 and ends on 30 September 2016: the list
    said '1 year later' between them, for 22 months."""
    root = tmp_path / "rosetta"
    shutil.copytree(SITES / "rosetta", root)
    assert build(root).code == 0
    gaps = [li.get_text(strip=True) for li in html(root / "output/index.html").select("li.gap")]
    assert "22 months later" in gaps and "1 year later" not in gaps, gaps
    words = {d: pages._gap_words(d) for d in (179, 180, 365, 547, 548, 729, 730)}
    assert words == {
        179: "", 180: "6 months later", 365: "1 year later", 547: "1 year later",
        548: "18 months later", 729: "23 months later", 730: "2 years later",
    }  # fmt: skip
