"""`sitegen import timelinejs`: TimelineJS3's own example timelines, sitegen's own
timeline.json back in, and every kind of broken SOURCE as a diagnostic, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import markdown
from sitegen.importers import html_markdown, timelinejs
from sitegen.load import SLUG_RE
from tests.conftest import TODAY, build, html, run, write_site

DATA = Path(__file__).resolve().parent / "data" / "timelinejs"
HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)


SAMPLE_EVENT = "apollo-11-lands"  # what `sitegen init` writes


def new_site(tmp_path: Path, name: str = "site") -> Path:
    root = tmp_path / name
    assert run("init", root, "--today", TODAY).code == 0
    return root


def import_(source: Path, site: Path, *extra: str) -> Any:
    result = run("import", "timelinejs", source, "--site", site, *extra)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    return result


def import_media(
    source: Path, site: Path, urls: list[str], headline: str, year: int
) -> dict[str, Path]:
    """One slide a media address (headlined `headline` and its index, in `year` and the
    years after) written to `source` and imported into `site`: the event files."""
    events = [
        {
            "start_date": {"year": year + i},
            "text": {"headline": f"{headline}{i}"},
            "media": {"url": url},
        }
        for i, url in enumerate(urls)
    ]
    source.write_text(json.dumps({"events": events}), encoding="utf-8")
    import_(source, site)
    return imported(site)


def front(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def imported(site: Path) -> dict[str, Path]:
    """The imported event files by slug (the scaffold's sample event left out)."""
    return {
        p.stem: p for p in (site / "content" / "events").rglob("*.md") if p.stem != SAMPLE_EVENT
    }


def source_drafts(site: Path) -> None:
    """What an editor does before publishing: give every imported draft a source."""
    for path in imported(site).values():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("sources: []", "sources: [nasa-apollo-11]"), "utf-8")


def pages(output: Path) -> dict[str, tuple[str, str, str]]:
    """Each event page's slug: (headline, datetime, date as shown)."""
    found = {}
    for page in (output / "events").glob("*/index.html"):
        soup = html(page)
        time = soup.select_one(".event-date time")
        assert time is not None
        found[page.parent.name] = (
            soup.select_one("h1").get_text(strip=True),
            str(time.get("datetime", "")),  # (none for a year HTML cannot write)
            time.get_text(strip=True),
        )
    return found


def _iso(date: dict[str, Any]) -> str:
    parts = [f"{int(date['year']):04d}"]
    for key in ("month", "day"):
        if str(date.get(key) or "").strip():
            parts.append(f"{int(date[key]):02d}")
        else:
            break
    return "-".join(parts)


def _plain(text: str) -> str:
    """A headline as readers see it: plain text, with the typography titles get."""
    return markdown.smarten(" ".join(BeautifulSoup(text, "html.parser").get_text(" ").split()))


def expected_slides(path: Path) -> list[tuple[str, str]]:
    """(headline as readers see it, ISO start date) of every slide of a TimelineJS file
    that has a headline, read here independently of the importer."""
    if path.suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        return [
            (_plain(r["Headline"]), _iso({"year": r["Year"], "month": r["Month"], "day": r["Day"]}))
            for r in rows
            if r["Type"] != "title" and r["Headline"].strip()
        ]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (_plain(e["text"]["headline"]), _iso(e["start_date"]))
        for e in data["events"]
        if e.get("text", {}).get("headline", "").strip()
    ]


REAL = ["women_in_computing.json", "women_in_computing.csv", "eras.json", "republican.json",
        "marktwain.json", "all-media-types.json", "houston-timeline3.json", "mediatypes.json",
        "my-own-timeline.csv", "marktwain_juked.json"]  # fmt: skip


@pytest.mark.parametrize("name", REAL)
def test_timelinejs_examples_import_and_build_with_drafts(tmp_path: Path, name: str) -> None:
    site = new_site(tmp_path)
    result = import_(DATA / name, site)
    expected = expected_slides(DATA / name)
    files = imported(site)
    assert len(files) >= len(expected) > 0
    for path in files.values():
        data = front(path)
        assert data["draft"] is True and data["sources"] == []
        assert SLUG_RE.match(path.stem) and path.parent.name == data["date"][:4]
    # an empty site: nothing skipped but slides with neither headline nor text (nor caption)
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert all("no headline, text or media caption" in line for line in errors), errors
    assert result.code == (1 if errors else 0)

    # drafts without sources are what `check` must list, file by file, as to-dos
    checked = run("check", site, "--today", TODAY)
    for path in files.values():
        rel = path.relative_to(site).as_posix()
        assert f"{rel}:2:8: warning: the event has no source" in checked.out
    # nothing to order by hand either: TimelineJS's order of a day's slides is kept
    problems = {m for m in re.findall(r"\[([a-z-]+)\]$", checked.out, re.M)}
    assert problems <= {"source-missing", "source-unused", "html-raw"}, checked.out
    assert run("check", site, "--strict", "--today", TODAY).code == 1

    # the whole imported timeline at once, before anything is sourced
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    shown = pages(site / "output")
    for headline, iso in expected:  # the day, without a time of day the slide may have
        assert (headline, iso) in {(h, d.split("T")[0]) for h, d, _ in shown.values()}


def test_women_in_computing_csv_and_json_give_the_same_events(tmp_path: Path) -> None:
    a, b = new_site(tmp_path, "a"), new_site(tmp_path, "b")
    import_(DATA / "women_in_computing.csv", a)
    import_(DATA / "women_in_computing.json", b)
    fa, fb = imported(a), imported(b)
    assert sorted(fa) == sorted(fb)
    for slug, path in fa.items():
        da, db = front(path), front(fb[slug])
        assert (da["title"], da["date"], da.get("end")) == (db["title"], db["date"], db.get("end"))
    ada = front(fa["ada-lovelace"])
    assert (ada["date"], ada["end"]) == ("1815-12-10", "1852-11-27")
    assert ada["image"]["src"].endswith("713px-Ada_Lovelace_portrait.jpg")
    assert ada["image"]["credit"] == "Wikimedia Commons"
    assert ada["image"]["caption"] == "Portrait by Alfred Edward Chalon"
    eniac = front(fa["and-the-women-who-made-it-work"])
    assert (eniac["date"], eniac["end"]) == ("1943-07", "1946")
    body = fa["ada-lovelace"].read_text(encoding="utf-8")
    assert "[Ada Lovelace](https://en.wikipedia.org/wiki/Ada_Lovelace)" in body
    assert "<p>" not in body and "tl-note" not in body
    site_yaml = yaml.safe_load((a / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "Women in Computing"
    assert site_yaml["description"].startswith("In this sample timeline")
    assert site_yaml["base_url"] == "https://example.org/"  # the other settings kept
    assert "# The site's settings" in (a / "content" / "site.yaml").read_text(encoding="utf-8")


COSMO = {  # what each cosmo.json slide becomes, and how its page says it
    "the-big-bang": ("Y-13800000000", "13.8 billion years ago"),
    "the-dark-ages-and-large-scale-structure-emergence": (
        "Y-13799630000", "13.8 billion years ago",
    ),
    "the-universe-as-it-appears-today": ("Y-12800000000", "12.8 billion years ago"),
    "the-formation-of-the-solar-system": ("Y-4600000000", "4.6 billion years ago"),
    "paleozoic-era": ("Y-538800000", "539–252 million years ago"),
    "approximate-date-of-appearance-of-homo-sapiens": ("Y-315000", "315,000 BCE"),
    "oldest-known-depiction-of-a-wheeled-vehicle": ("-3500", "3500 BCE"),
}  # fmt: skip


def test_cosmological_dates_import_and_build_with_drafts(tmp_path: Path) -> None:
    """TimelineJS's cosmological example: deep time and BCE years come in as EDTF long
    years and -YYYY (TimelineJS's -3500 is 3500 BCE, as in sitegen), and build."""
    site = new_site(tmp_path)
    result = import_(DATA / "cosmo.json", site)
    assert result.code == 0, result.err
    assert "[import-date]" not in result.err
    files = imported(site)
    assert sorted(files) == sorted(COSMO)
    for slug, (date, _) in COSMO.items():
        assert front(files[slug])["date"] == date, slug
    assert front(files["paleozoic-era"])["end"] == "Y-251902000"
    assert files["the-big-bang"].parent.name == "13800000000-bce"
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    shown = pages(site / "output")
    for slug, (_, words) in COSMO.items():
        # (the page joins a year to its era with a no-break space)
        assert shown[slug][2].replace("\N{NO-BREAK SPACE}", " ") == words, slug
    data = json.loads((DATA / "cosmo.json").read_text(encoding="utf-8"))
    headlines = {_plain(e["text"]["headline"]) for e in data["events"]}
    assert headlines <= {h for h, _, _ in shown.values()}


@pytest.mark.parametrize(
    ("year", "month", "date", "warned"),
    [("-44", "3", "-0044-03", False), ("-13800000000", "", "Y-13800000000", False),
     ("170000002", "5", "Y170000002", True), ("-9999", "", "-9999", False)],
)  # fmt: skip
def test_bce_and_long_years_import_from_csv(
    tmp_path: Path, year: str, month: str, date: str, warned: bool
) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "x.csv"
    source.write_text(_csv(_row(year=year, month=month, headline="Then")), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    assert front(imported(site)["then"])["date"] == date
    # a month with a year beyond four digits: kept to the year, and said so
    assert ("imported to the year" in result.err) == warned, result.err


def test_unique_ids_become_slugs_and_media_html_is_made_safe(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = import_(DATA / "all-media-types.json", site)
    files = imported(site)
    for uid in ("wistia", "wikipedia-images", "wikipedia-commons", "wikipedia-image-error"):
        assert uid in files
    assert front(files["wistia"])["title"] == "Wistia"
    assert re.search(r"events\[8\]\.media\.url: a <script> element was dropped", result.err)
    for path in files.values():
        assert "<script" not in path.read_text(encoding="utf-8")


def test_eras_import_into_eras_yaml(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    import_(DATA / "eras.json", site)
    eras = yaml.safe_load((site / "content" / "eras.yaml").read_text(encoding="utf-8"))
    assert eras == [
        {"title": "Era Test 650-700", "start": "0650", "end": "0700"},
        {"title": "Era Test 600-650", "start": "0600", "end": "0650"},
        {"title": "Era Test 700-720", "start": "0700", "end": "0720"},
    ]
    assert front(imported(site)["last-great-roman-persian-war"])["date"] == "0602"
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    exported = json.loads((site / "output" / "timeline.json").read_text(encoding="utf-8"))
    assert [e["text"]["headline"] for e in exported["eras"]] == [e["title"] for e in eras]
    assert "Era Test 650-700" in (site / "output" / "index.html").read_text(encoding="utf-8")


def test_existing_eras_are_kept_unless_force(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    eras_yaml = site / "content" / "eras.yaml"
    eras_yaml.write_text(
        '# our eras\n- title: "Era Test 600-650"\n  start: "0600"\n  end: "0640"\n  colour: teal\n',
        encoding="utf-8",
    )
    result = import_(DATA / "eras.json", site)
    assert re.search(
        r"eras\.json:\d+:\d+: warning: eras\[1\]: content/eras.yaml already has the era "
        r"'Era Test 600-650', so it is not imported \(--force replaces it\) \[import-exists\]",
        result.err,
    )
    text = eras_yaml.read_text(encoding="utf-8")
    assert text.startswith("# our eras\n") and '"0640"' in text  # kept, comments and all
    assert [e["title"] for e in yaml.safe_load(text)] == [
        "Era Test 600-650", "Era Test 650-700", "Era Test 700-720",
    ]  # fmt: skip
    import_(DATA / "eras.json", site, "--force")
    eras = yaml.safe_load(eras_yaml.read_text(encoding="utf-8"))
    assert eras[0] == {
        "title": "Era Test 600-650",
        "start": "0600",
        "end": "0650",
        "colour": "teal",
    }
    assert len(eras) == 3
    assert run("check", site, "--today", TODAY).code == 0


# -- sitegen's own timeline.json, back in ---------------------------------------------------

ROUND_TRIP = {
    "content/site.yaml": (
        'title: "Test timeline"\nbase_url: "https://example.org/t/"\ntimezone: "Europe/Moscow"\n'
    ),
    "content/events/2024/summit.md": (
        '---\ntitle: "Summit opens in Moscow"\ndate: "2024-07-08"\nend: "2024-07-09"\n'
        'sources: [wire]\nimage:\n  src: "https://img.example.org/summit.jpg"\n'
        '  alt: "Two leaders shake hands"\n  credit: "Jane Doe/Wire"\n'
        '  caption: "At the Kremlin"\n---\nText.\n'
    ),
    "content/events/2023/may.md": (
        '---\ntitle: "Talks in May & \\"quotes\\" <b>"\ndate: "2023-05"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2019/years.md": (
        '---\ntitle: "Years of talks"\ndate: "2019"\nend: "2021"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2022/war.md": (
        '---\ntitle: "The war"\ndate: "2022-02-24"\nend: ongoing\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2022/about.md": (
        '---\ntitle: "About then"\ndate: "2022-03~"\nend: "2022-06?"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2022/guess.md": (
        '---\ntitle: "A guess"\ndate: "2022-05%"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/1943/spring.md": (
        '---\ntitle: "In spring"\ndate: "1943-03"\ndisplay_date: "Spring 1943"\n'
        "sources: [wire]\n---\nT.\n"
    ),
    "content/events/2024/morning.md": (
        '---\ntitle: "Talks go on..."\ndate: "2024-07-10"\ntime: "10:30"\nend_time: "12:00"\n'
        "sources: [wire]\n---\nT.\n"
    ),
    "content/events/2024/night.md": (
        '---\ntitle: "Night session"\ndate: "2024-07-10"\ntime: "22:00"\nend: "2024-07-11"\n'
        'end_time: "01:30"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2024/reply.md": (
        '---\ntitle: "A reply"\ndate: "2024-07-12"\norder: 2\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/2024/statement.md": (
        '---\ntitle: "Statement"\ndate: "2024-07-12"\norder: 1\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/bce/ides.md": (
        '---\ntitle: "The Ides of March"\ndate: "-0044-03-15"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/bce/republic.md": (
        '---\ntitle: "The Republic"\ndate: "-0509"\nend: "-0027"\nsources: [wire]\n---\nT.\n'
    ),
    "content/events/deep/big-bang.md": (
        '---\ntitle: "The Big Bang"\ndate: "Y-13800000000"\nsources: [wire]\n---\nT.\n'
    ),
    "content/eras.yaml": (
        '- title: "Antiquity"\n  start: "-0800"\n  end: "0500"\n'
        '- title: "Talks"\n  start: "2019-06"\n  end: "2024-07-12"\n'
    ),
}
ROUND_TRIP_EVENTS = [rel for rel in ROUND_TRIP if rel.startswith("content/events/")]


def reader_sees(data: dict[str, Any]) -> dict[str, Any]:
    """What of an event's front matter readers see: a straight quote and a curly one
    render the same (titles get typography at the build)."""
    keys = ("date", "time", "end", "end_time", "display_date", "image")
    return {"title": markdown.smarten(data["title"])} | {k: data.get(k) for k in keys}


def test_round_trip_of_sitegens_own_timeline_json(tmp_path: Path) -> None:
    original = write_site(tmp_path / "original", ROUND_TRIP)
    assert build(original).code == 0
    timeline = original / "output" / "timeline.json"
    site = new_site(tmp_path)
    with (site / "content" / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write('timezone: "Europe/Moscow"\n')  # the times are read in the site's zone
    result = import_(timeline, site)
    assert result.code == 0 and "warning" not in result.err, result.err
    files = imported(site)
    for rel in [*ROUND_TRIP_EVENTS, "content/events/first.md"]:
        before = front(original / rel)
        after = front(files[Path(rel).stem])
        assert reader_sees(after) == reader_sees(before), rel
    # the file keeps the title as the export wrote it, typography and all
    assert front(files["morning"])["title"] == "Talks go on…"
    assert "testland" in front(files["first"]).get("tags", [])
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "Test timeline"
    eras = (site / "content" / "eras.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(eras) == yaml.safe_load(ROUND_TRIP["content/eras.yaml"])
    # and it builds, showing what the original showed, in the same order
    source_drafts(site)
    assert build(site, "--drafts").code == 0
    assert pages(site / "output")["spring"][2] == "Spring 1943"
    for slug in ("about", "guess", "morning", "night", "may"):
        assert pages(site / "output")[slug] == pages(original / "output")[slug], slug
    shown = [t for t in titles_in_order(site / "output") if t != "Apollo 11 lands on the Moon"]
    assert shown == titles_in_order(original / "output")  # (the scaffold's sample left out)
    figure = html(site / "output" / "events" / "summit" / "index.html").select_one("figure")
    assert figure is not None and "At the Kremlin" in figure.get_text()
    assert "Jane Doe/Wire" in figure.get_text()
    checked = run("check", site, "--today", TODAY).out
    assert "[same-day-order]" not in checked and "[time-" not in checked, checked


def titles_in_order(output: Path) -> list[str]:
    return [a.get_text(strip=True) for a in html(output / "index.html").select(".entry > h3 a")]


def test_times_in_another_zone_than_the_sites_are_kept_with_one_warning(tmp_path: Path) -> None:
    original = write_site(tmp_path / "original", ROUND_TRIP)
    assert build(original).code == 0
    site = new_site(tmp_path)  # in UTC: the timeline was written in Moscow time
    result = import_(original / "output" / "timeline.json", site)
    assert result.code == 0
    warned = [line for line in result.err.splitlines() if "[import-time]" in line]
    assert len(warned) == 1, result.err
    assert "gives its time in MSK, but the site reads times in UTC" in warned[0]
    assert "timezone:" in warned[0]
    files = imported(site)
    morning = front(files["morning"])
    assert (morning["time"], morning["end_time"]) == ("10:30", "12:00")
    assert "display_date" not in morning  # the time reads as the site's: set its zone


# -- what the importer decides --------------------------------------------------------------


def _csv(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


def _row(**cells: str) -> str:
    names = next(csv.reader([HEADER.strip()]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [cells.get(n.replace(" ", "_").lower(), "") for n in names]
    )
    return out.getvalue().removesuffix("\n")


def test_slugs_from_unique_ids_and_headlines(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    slides = [
        {"unique_id": "kept-id", "start_date": {"year": 2001}, "text": {"headline": "A"}},
        {
            "unique_id": "Not A Slug",
            "start_date": {"year": 2001},
            "text": {"headline": "Orbán in Kyiv"},
        },
        {"start_date": {"year": 2002}, "text": {"headline": "Orbán in Kyiv"}},
        {"start_date": {"year": 2003}, "text": {"headline": "Зеленський у Києві"}},
        {"start_date": {"year": 2004}, "text": {"headline": "!!!"}},
    ]
    source = tmp_path / "t.json"
    source.write_text(json.dumps({"events": slides}), encoding="utf-8")
    assert import_(source, site).code == 0
    assert sorted(imported(site)) == sorted(
        ["kept-id", "orban-in-kyiv", "orban-in-kyiv-2", "zelenskiy-u-kiyevi", "event"]
    )


def test_nothing_is_overwritten_unless_forced(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = DATA / "women_in_computing.json"
    import_(source, site)
    ada = imported(site)["ada-lovelace"]
    ada.write_text(ada.read_text(encoding="utf-8").replace("sources: []", "sources: [x]"), "utf-8")
    again = import_(source, site)
    assert again.code == 0 and "wrote" not in again.out
    assert "content/events/1815/ada-lovelace.md already exists" in again.err
    assert again.err.count("[import-exists]") == 10
    assert "sources: [x]" in ada.read_text(encoding="utf-8")
    forced = import_(source, site, "--force")
    assert forced.code == 0 and "sources: []" in ada.read_text(encoding="utf-8")


def test_site_yaml_title_set_by_hand_is_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("init", site, "--title", "Our story", "--today", TODAY).code == 0
    result = import_(DATA / "women_in_computing.csv", site)
    assert "content/site.yaml keeps its title ('Our story')" in result.err
    text = (site / "content" / "site.yaml").read_text(encoding="utf-8")
    assert 'title: "Our story"' in text
    import_(DATA / "women_in_computing.csv", site, "--force")
    assert 'title: "Women in Computing"' in (site / "content" / "site.yaml").read_text("utf-8")


def test_group_becomes_a_country_or_a_tag(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    (site / "content" / "countries" / "testland.md").write_text(
        '---\nname: "Testland"\niso: FR\n---\nN.\n', encoding="utf-8"
    )
    rows = [
        _row(year="2001", headline="One", group="United States"),
        _row(year="2002", headline="Two", group="USA"),
        _row(year="2003", headline="Three", group="us"),
        _row(year="2004", headline="Four", group="Foreign Policy"),
        _row(year="2005", headline="Five", group="testland"),
    ]
    source = tmp_path / "g.csv"
    source.write_text(_csv(*rows), encoding="utf-8")
    assert import_(source, site).code == 0
    files = imported(site)
    for slug in ("one", "two", "three"):
        assert front(files[slug])["countries"] == ["united-states"]
    assert front(files["four"])["tags"] == ["foreign-policy"]
    assert front(files["five"])["countries"] == ["testland"]


def test_dates_precision_display_date_and_time(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    rows = [
        _row(year="1969", month="7", day="20", time="20:17", headline="Landing"),
        _row(year="1969", month="7", headline="July"),
        _row(year="1969", headline="Year", end_year="1969"),
        _row(year="1969", month="7", display_date="Summer 1969", headline="Summer"),
        _row(year="1969", month="7", display_date="July 1969", headline="Same words"),
        _row(year="1969", month="7", display_date="about July 1969", headline="About"),
        _row(year="1969", month="8", display_date="August 1969 (uncertain)", headline="Unsure"),
        _row(year="1969", month="9", display_date="c. September 1969", headline="Circa"),
        _row(year="1969", end_year="1972", display_date="1969–1972", headline="Span"),
    ]
    source = tmp_path / "d.csv"
    source.write_text(_csv(*rows), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0 and "warning" not in result.err, result.err
    files = {k: front(v) for k, v in imported(site).items()}
    assert (files["landing"]["date"], files["landing"]["time"]) == ("1969-07-20", "20:17")
    assert files["july"]["date"] == "1969-07"
    assert files["year"]["date"] == "1969" and "end" not in files["year"]
    assert files["summer"]["display_date"] == "Summer 1969"
    assert "display_date" not in files["same-words"]
    # sitegen's own words for its qualifiers read back as them; anyone else's are kept
    assert files["about"]["date"] == "1969-07~" and "display_date" not in files["about"]
    assert files["unsure"]["date"] == "1969-08?" and "display_date" not in files["unsure"]
    assert files["circa"]["date"] == "1969-09"
    assert files["circa"]["display_date"] == "c. September 1969"
    assert (files["span"]["date"], files["span"]["end"]) == ("1969", "1972")
    assert "display_date" not in files["span"]
    source_drafts(site)
    assert build(site, "--drafts").code == 0
    assert pages(site / "output")["summer"][1:] == ("1969-07", "Summer 1969")
    assert pages(site / "output")["about"][2] == "about July 1969"
    assert pages(site / "output")["landing"][1:] == (
        "1969-07-20T20:17+00:00",
        "20 July 1969, 20:17 UTC",
    )


def test_times_become_time_and_end_time(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    with (site / "content" / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write('timezone: "Asia/Kolkata"\n')
    day = {"year": "2024", "month": "7", "day": "8"}
    rows = [
        _row(**day, time="10:30:00", end_time="1:05 PM", headline="Talks"),
        _row(**day, time="12:00 AM", headline="Midnight"),
        _row(
            **day,
            time="9 pm",
            end_year="2024",
            end_month="7",
            end_day="9",
            end_time="02:15",
            headline="Night",
        ),
        _row(**day, time="20:17:45", headline="Seconds"),
        _row(year="2024", month="7", time="10:30", headline="Month"),
        _row(**day, time="noon", headline="Noon"),
        _row(**day, end_time="11:00", headline="End only"),
        _row(**day, time="11:00", end_time="10:00", headline="Backwards"),
    ]
    source = tmp_path / "t.csv"
    source.write_text(_csv(*rows), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    files = {k: front(v) for k, v in imported(site).items()}

    def times(slug: str) -> tuple[object, ...]:
        return tuple(files[slug].get(k) for k in ("time", "end", "end_time"))

    assert times("talks") == ("10:30", None, "13:05")
    assert times("midnight") == ("00:00", None, None)
    assert times("night") == ("21:00", "2024-07-09", "02:15")
    assert times("seconds") == ("20:17", None, None)
    for slug in ("month", "noon", "end-only"):
        assert times(slug) == (None, None, None), slug
    assert times("backwards") == ("11:00", None, None)
    # only what sitegen cannot hold is a warning, at its cell, and kept as a comment
    warned = [line for line in result.err.splitlines() if "[import-time]" in line]
    assert len(warned) == 5, result.err
    assert "t.csv:5:4: warning: row 5, column D (Time): the time 20:17:45 is imported as 20:17" in (
        result.err
    )
    assert (
        "t.csv:6:4: warning: row 6, column D (Time): the time 10:30 is on July 2024" in result.err
    )
    assert "'noon' is not a time of day" in result.err
    assert "the end time 11:00 has no start time" in result.err
    assert "the end time 10:00 is not after the time 11:00" in result.err
    assert "# TimelineJS time: 10:30" in imported(site)["month"].read_text("utf-8")
    # a time is read in the site's zone, and checks find nothing to fix
    source_drafts(site)
    assert build(site, "--drafts").code == 0
    shown = pages(site / "output")
    assert shown["talks"][1:] == ("2024-07-08T10:30+05:30", "8 July 2024, 10:30–13:05 IST")
    checked = run("check", site, "--today", TODAY).out
    assert "[time-" not in checked and "[same-day-order]" not in checked, checked


def test_json_hour_and_minute_become_time(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = import_(DATA / "marktwain.json", site)
    files = {k: front(v) for k, v in imported(site).items()}
    florida = files["florida-missouri"]
    assert (florida["date"], florida["time"]) == ("2000-01-05", "06:45")
    assert "06:45:56 is imported as 06:45: sitegen times stop at the minute" in result.err
    assert re.search(
        r"marktwain\.json:\d+:\d+: warning: events\[\d+\]\.start_date\.hour: ", result.err
    )


def test_slides_of_one_date_keep_their_order_from_the_file(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    slides = [
        {"start_date": {"year": 2001}, "text": {"headline": "Zebra, first of 2001"}},
        {"start_date": {"year": 2001, "month": 5, "day": 2}, "text": {"headline": "Alone"}},
        {"start_date": {"year": 2001}, "text": {"headline": "Aardvark, second of 2001"}},
        {"start_date": {"year": 2001, "month": 5}, "text": {"headline": "May, one"}},
        {"start_date": {"year": 2001, "month": 5, "hour": 9}, "text": {"headline": "May, two"}},
        {"start_date": {"year": 2002, "month": 1, "day": 3}, "text": {"headline": "Z first"}},
        {"start_date": {"year": 2002, "month": 1, "day": 3}, "text": {"headline": "Y second"}},
        {"start_date": {"year": 2002, "month": 1, "day": 3}, "text": {"headline": "X third"}},
        {
            "start_date": {"year": 2002, "month": 1, "day": 3, "hour": 8},
            "text": {"headline": "At eight"},
        },
        {
            "start_date": {"year": 2002, "month": 1, "day": 3, "hour": 8},
            "text": {"headline": "Also at eight"},
        },
        {"start_date": {"year": 2003}, "end_date": {"year": 2004}, "text": {"headline": "Span"}},
        {"start_date": {"year": 2003}, "text": {"headline": "Point"}},
    ]
    source = tmp_path / "o.json"
    source.write_text(json.dumps({"events": slides}), encoding="utf-8")
    import_(source, site)
    files = {k: front(v) for k, v in imported(site).items()}
    orders = {f["title"]: f.get("order") for f in files.values()}
    assert orders == {
        "Zebra, first of 2001": 1, "Aardvark, second of 2001": 2, "Alone": None,
        "May, one": 1, "May, two": 2,  # a time on a month is not kept: the same start
        "Z first": 1, "Y second": 2, "X third": 3, "At eight": 1, "Also at eight": 2,
        "Span": None, "Point": None,  # sitegen orders them: a year's span after its points
    }  # fmt: skip
    source_drafts(site)
    assert build(site, "--drafts").code == 0
    titles = [t for t in titles_in_order(site / "output") if t != "Apollo 11 lands on the Moon"]
    assert titles == [
        "Zebra, first of 2001", "Aardvark, second of 2001", "May, one", "May, two", "Alone",
        "Z first", "Y second", "X third", "At eight", "Also at eight", "Point", "Span",
    ]  # fmt: skip
    checked = run("check", site, "--today", TODAY).out
    assert "[same-day-order]" not in checked, checked


def test_links_and_pictures_of_no_web_address_keep_their_words_and_build(
    tmp_path: Path,
) -> None:
    """A slide's HTML links to `https://` or `http://[x/` (no host a reader can reach):
    `sitegen check` refuses such a link in a body, so the import keeps its words, says
    what it dropped, and the imported site builds."""
    site = new_site(tmp_path)
    text = (
        '<p>Read <a href="https://">the report</a>, <a href="http://[x/">the notes</a> and '
        '<a href="https://example.org/ok">this</a>.<img src="https://:99999/p.jpg" alt="P"></p>'
    )
    source = tmp_path / "h.json"
    slides = [{"start_date": {"year": 2020}, "text": {"headline": "News", "text": text}}]
    source.write_text(json.dumps({"events": slides}, indent=1), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    body = imported(site)["news"].read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "Read the report, the notes and [this](https://example.org/ok)." in body, body
    assert "](https:/" not in body.replace("](https://example.org/ok)", "")
    said = " ".join(line for line in result.err.splitlines() if "[import-html]" in line)
    assert "a link to 'https://' was dropped" in said and "'http://[x/'" in said, said
    source_drafts(site)
    assert build(site, "--drafts").code == 0


def test_html_is_made_safe_markdown_and_what_is_lost_is_named(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    text = (
        '<p onclick="steal()">Read <a href="https://example.org/a">this</a> and '
        '<a href="javascript:alert(1)">that</a>.</p><script>alert(1)</script>'
        '<style>p {}</style><iframe src="https://video.example.org/1"></iframe>'
        "<p>Not a [@citation] nor [[wiki]] and <u>underlined</u>.</p>"
    )
    source = tmp_path / "h.json"
    slides = [
        {"start_date": {"year": 2020}, "text": {"headline": "<b>Bold</b> news", "text": text}}
    ]
    source.write_text(json.dumps({"events": slides}, indent=1), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0
    body = imported(site)["bold-news"].read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "[this](https://example.org/a)" in body
    for gone in ("script", "alert", "steal", "onclick", "javascript", "<"):
        assert gone not in body
    assert "https://video.example.org/1" in body
    warnings = [line for line in result.err.splitlines() if "[import-html]" in line]
    assert warnings
    for line in warnings:
        assert re.search(r"h\.json:\d+:\d+: warning: events\[0\]\.text\.text: ", line), line
    said = " ".join(warnings)
    for what in ("<script>", "<style>", "onclick", "'javascript:' link", "<iframe>", "<u>"):
        assert what in said
    source_drafts(site)
    assert build(site, "--drafts").code == 0
    page = html(site / "output" / "events" / "bold-news" / "index.html")
    prose = page.select_one(".prose")
    assert prose is not None and "[@citation] nor [[wiki]]" in prose.get_text()
    assert page.select_one("h1").get_text() == "Bold news"


# -- broken SOURCE: a diagnostic at its place, never a traceback ---------------------------

BROKEN_CSV = [
    ("bad-year", _csv(_row(year="MCMXLIII", headline="Roman")),
     "x.csv:2:1: error: row 2, column A (Year): year 'MCMXLIII' is not a number"),
    ("bad-month", _csv(_row(year="1943", month="13", headline="M")),
     "x.csv:2:2: error: row 2, column B (Month): month '13' is not 1 to 12"),
    ("bad-day", _csv(_row(year="2023", month="2", day="30", headline="D")),
     "x.csv:2:3: error: row 2, column C (Day): '2023-02-30': February 2023 has 28 days"),
    ("no-year", _csv(_row(month="2", headline="No year")),
     "x.csv:2:1: error: row 2: 'No year' has no Year"),
    ("year-zero", _csv(_row(year="0", month="3", day="15", headline="Zero")),
     "x.csv:2:1: error: row 2, column A (Year): year 0 is no year in sitegen (1 BCE is -1"),
    ("empty", _csv(_row(year="2000", media="https://x.org/a.jpg")),
     "x.csv:2:1: error: row 2: the slide has no headline, text or media caption"),
    ("too-many", _csv(_row(year="2000", headline="A") + ",extra"),
     "x.csv:2:19: error: row 2, column S: the row has 19 cells but the header only 18"),
    ("multi-line",
     _csv(_row(year="2000", headline="A", text="one\ntwo"), _row(year="x", headline="B")),
     "x.csv:4:1: error: row 3, column A (Year): year 'x' is not a number"),
    ("no-header", "1943,7,,,,\n", "x.csv:1:1: error: this is not a TimelineJS sheet: its first"),
    ("latin-1", "Year,Headline\n2000,Caf\xe9\n".encode("latin-1"),
     "x.csv:2:9: error: byte 0xe9 is not UTF-8"),
    ("unclosed-quote", _csv('2000,,,,,,,,,"A,b'),
     "x.csv:2:1: error: the CSV cannot be read from here on: unexpected end of data"),
]  # fmt: skip
BROKEN_JSON = [
    ("invalid", '{"events": [\n  {"start_date": {"year": 2000} "text": {}}\n]}',
     "x.json:2:33: error: not valid JSON: Expecting ',' delimiter; most often a comma, "
     "quote or bracket is missing or one too many just before here: fix it, or export"),
    ("not-object", "[1, 2]", "x.json:1:1: error: the file holds a list, not a TimelineJS timeline"),
    ("no-events", '{"title": {}}',
     "x.json:1:1: error: the file has no 'events' list (its keys: 'title'), so it is not"),
    ("events-object", '{"events": {}}', "x.json:1:12: error: events: 'events' should be a list"),
    ("slide-text", '{"events": ["a"]}',
     "x.json:1:13: error: events[0]: a slide should be an object"),
    ("no-start", '{"events": [{"text": {"headline": "H"}}]}',
     "x.json:1:13: error: events[0]: the slide 'H' has no start_date"),
    ("start-text", '{"events": [{"start_date": "2000s", "text": {"headline": "H"}}]}',
     "x.json:1:28: error: events[0].start_date: should be an object like"),
    ("headline-object", '{"events": [{"start_date": {"year": 1}, "text": {"headline": {}}}]}',
     "x.json:1:62: error: events[0].text.headline: should be text, not an object"),
    ("year-float", '{"events": [{"start_date": {"year": 19.5}, "text": {"headline": "H"}}]}',
     "x.json:1:37: error: events[0].start_date.year: year '19.5' is not a number"),
    ("year-zero",
     '{"events": [{"start_date": {"year": "-0"}, "text": {"headline": "H"}}]}',
     "x.json:1:37: error: events[0].start_date.year: year 0 is no year in sitegen"),
    ("nul", b'{"events": []}\x00', "x.json:1:15: error: the file holds a NUL byte"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("suffix", "case", "content", "expected"),
    [(".csv", *c) for c in BROKEN_CSV] + [(".json", *c) for c in BROKEN_JSON],
    ids=[c[0] for c in BROKEN_CSV] + [c[0] for c in BROKEN_JSON],
)
def test_broken_source_is_a_diagnostic_at_its_place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    case: str,
    content: str | bytes,
    expected: str,
) -> None:
    site = new_site(tmp_path)
    source = tmp_path / f"x{suffix}"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "timelinejs", f"x{suffix}", "--site", site)
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.code == 1, result.err
    assert expected in result.err, result.err
    assert imported(site) == {} or case == "multi-line"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = DATA / "women_in_computing.json"
    cases = [
        (["--timeline", "Kyiv_2024"], source, "not a valid timeline id"),
        (["--timeline", SAMPLE_EVENT], source, "an event is already called"),
        ([], tmp_path / "missing.json", "cannot read"),
        ([], tmp_path, "is a folder"),
        ([], "https://docs.google.com/spreadsheets/d/x", "download the timeline first"),
    ]
    for extra, src, words in cases:
        result = run("import", "timelinejs", src, "--site", site, *extra)
        assert result.code == 2 and words in result.err, result.err
    result = run("import", "timelinejs", source, "--site", tmp_path / "nothing")
    assert result.code == 2 and "not a sitegen site" in result.err
    assert imported(site) == {}


# -- --timeline ID: into one of a site's timelines ------------------------------------------


def timeline_check_codes(site: Path) -> set[str]:
    checked = run("check", site, "--today", TODAY)
    return set(re.findall(r"\[((?:timeline|era-timeline|slug)[a-z-]*)\]$", checked.out, re.M))


def timeline_page(site: Path, slug: str) -> list[str]:
    """The event slugs the built timeline page lists."""
    page = html(site / "output" / "timelines" / slug / "index.html")
    return [str(li["id"]) for li in page.select("#timeline li.entry")]


def test_import_into_a_timeline_gives_its_page(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = import_(DATA / "women_in_computing.json", site, "--timeline", "women")
    assert result.code == 0, result.err
    # the site's first timeline: the event already there names none, and is told so
    assert f"1 event(s) already there name none (content/events/1969/{SAMPLE_EVENT}.md)" in (
        result.err
    )
    assert "[import-timeline]" in result.err
    assert "imported 10 events as drafts" in result.err
    assert timeline_check_codes(site) == {"timeline-missing"}
    next((site / "content" / "events").rglob(f"{SAMPLE_EVENT}.md")).unlink()

    story = site / "content" / "timelines" / "women.md"
    data = front(story)
    assert data["title"] == "Women in Computing" and data["draft"] is True
    assert data["summary"].startswith("In this sample timeline, we'll walk you through")
    assert "In this sample timeline" in story.read_text(encoding="utf-8").split("---\n")[2]
    files = imported(site)
    assert all(front(p)["timelines"] == ["women"] for p in files.values())
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] != "Women in Computing"  # the title slide went to the timeline

    assert timeline_check_codes(site) == set()
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    assert sorted(timeline_page(site, "women")) == sorted(files)
    page = html(site / "output" / "timelines" / "women" / "index.html")
    assert page.select_one("h1").get_text(strip=True) == "Women in Computing"


def test_two_files_into_two_timelines_of_one_site(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    next((site / "content" / "events").rglob(f"{SAMPLE_EVENT}.md")).unlink()
    import_(DATA / "women_in_computing.json", site, "--timeline", "women")
    women = set(imported(site))
    # the site has timelines now: an import must say which one its events join
    refused = import_(DATA / "eras.json", site)
    assert refused.code == 2 and "pass --timeline ID" in refused.err
    assert set(imported(site)) == women and not (site / "content" / "eras.yaml").exists()

    result = import_(DATA / "eras.json", site, "--timeline", "middle-ages")
    assert "[import-timeline]" not in result.err  # every event there names a timeline
    eras = set(imported(site)) - women
    assert eras and all(front(p)["timelines"] == ["middle-ages"] for p in imported(site).values()
                        if p.stem in eras)  # fmt: skip
    era_list = yaml.safe_load((site / "content" / "eras.yaml").read_text(encoding="utf-8"))
    assert era_list and all(e["timelines"] == ["middle-ages"] for e in era_list)
    assert front(site / "content" / "timelines" / "middle-ages.md")["title"] == "Eras Test"

    assert timeline_check_codes(site) == set()
    assert build(site, "--drafts").code == 0
    assert set(timeline_page(site, "women")) == women
    assert set(timeline_page(site, "middle-ages")) == eras


def test_an_existing_timeline_file_is_kept_unless_force(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    made = run("new", "timeline", "women", "--title", "Our own words", "--site", site,
               "--today", TODAY)  # fmt: skip
    assert made.code == 0, made.err
    story = site / "content" / "timelines" / "women.md"
    before = story.read_text(encoding="utf-8")
    result = import_(DATA / "women_in_computing.json", site, "--timeline", "women")
    assert "content/timelines/women.md already exists" in result.err
    assert "[import-exists]" in result.err and result.code == 0
    assert story.read_text(encoding="utf-8") == before
    assert all(front(p)["timelines"] == ["women"] for p in imported(site).values())

    import_(DATA / "women_in_computing.json", site, "--timeline", "women", "--force")
    assert front(story)["title"] == "Women in Computing"


def test_a_title_slide_picture_is_the_timelines_image(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    source.write_text(json.dumps({
        "title": {
            "text": {"headline": "Harbour", "text": "<p>Ships <b>and</b> docks.</p><p>More.</p>"},
            "media": {"url": "https://example.org/harbour.jpg", "credit": "Port archive"},
        },
        "events": [
            {"unique_id": "harbour", "start_date": {"year": "1900"},
             "text": {"headline": "Harbour opens"}},
        ],
    }), encoding="utf-8")  # fmt: skip
    result = import_(source, site, "--timeline", "harbour")
    story = site / "content" / "timelines" / "harbour.md"
    data = front(story)
    assert data["image"]["src"] == "https://example.org/harbour.jpg"
    assert data["image"]["credit"] == "Port archive" and data["image"]["alt"] == "Harbour"
    assert data["summary"] == "Ships and docks."
    assert "Ships **and** docks." in story.read_text(encoding="utf-8")
    # the slide's id is the timeline's: the event takes another, as [[harbour]] names one
    assert list(imported(site)) == ["harbour-2"], result.err
    next((site / "content" / "events").rglob(f"{SAMPLE_EVENT}.md")).unlink()
    assert timeline_check_codes(site) == set()


# -- anything at all: diagnostics, never an exception ---------------------------------------

KEYS = ["events", "title", "eras", "start_date", "end_date", "year", "month", "day", "hour",
        "text", "headline", "media", "url", "caption", "credit", "group", "unique_id",
        "display_date", "type", "background", "location", "x"]  # fmt: skip
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=False),
    st.text(max_size=12), st.sampled_from(["", "1969", "07", "-44", "<p>x</p>", "title"]),
)  # fmt: skip
trees = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=trees)
def test_any_json_gives_diagnostics_not_exceptions(tmp_path: Path, data: object) -> None:
    site = tmp_path / "site"
    if not site.exists():
        write_site(site, {})
    source = tmp_path / "t.json"
    source.write_text(json.dumps({"events": data} if not isinstance(data, dict) else data), "utf-8")
    timelinejs.run(source, site, force=True)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(rows=st.lists(st.lists(st.text(max_size=10) | st.sampled_from(["2001", "7", "-3"]),
                              max_size=20), max_size=5),
       raw=st.binary(max_size=40))  # fmt: skip
def test_any_csv_gives_diagnostics_not_exceptions(
    tmp_path: Path, rows: list[list[str]], raw: bytes
) -> None:
    site = tmp_path / "site"
    if not site.exists():
        write_site(site, {})
    out = io.StringIO()
    csv.writer(out).writerows([next(csv.reader([HEADER.strip()])), *rows])
    source = tmp_path / "t.csv"
    source.write_bytes(out.getvalue().encode("utf-8") + raw)
    timelinejs.run(source, site, force=True)


def test_a_linked_folder_does_not_take_files_out_of_the_site(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "content" / "events" / "1815").symlink_to(outside, target_is_directory=True)
    result = import_(DATA / "women_in_computing.json", site)
    assert result.code == 1
    assert "content/events/1815/ada-lovelace.md:1:1: error: a symbolic link leads it" in result.err
    assert list(outside.iterdir()) == []
    assert "ada-lovelace" not in imported(site) and len(imported(site)) == 9


def test_pictures_are_known_by_name_or_format_query(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    rows = [
        _row(
            year="2001", headline="A", media="https://pbs.example.org/media/x?format=jpg&name=large"
        ),
        _row(year="2002", headline="B", media="https://example.org/photo.JPEG#top"),
        _row(year="2003", headline="C", media="https://example.org/page?format=html"),
    ]
    source = tmp_path / "p.csv"
    source.write_text(_csv(*rows), encoding="utf-8")
    import_(source, site)
    files = imported(site)
    assert "image" in front(files["a"]) and "image" in front(files["b"])
    assert "image" not in front(files["c"])
    assert "(https://example.org/page?format=html)" in files["c"].read_text(encoding="utf-8")


def test_docs_explain_every_import_code() -> None:
    root = Path(__file__).resolve().parent.parent
    code = " ".join(
        p.read_text(encoding="utf-8") for p in (root / "sitegen" / "importers").glob("*.py")
    )
    used = set(re.findall(r'"(import-[a-z]+)"', code))
    docs = (root / "docs" / "importing.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"^\| `(import-[a-z]+)` \|", docs, re.M))
    assert used == explained
    checks = (root / "docs" / "checks.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in checks for c in used)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("one\n\ntwo [x]", "one\n\ntwo \\[x\\]"),
        ("<p>a</p><p><i>b</i> <strong>c</strong></p>", "a\n\n*b* **c**"),
        ("<ul><li>x</li><li>y</li></ul>", "- x\n- y"),
        ("<blockquote>said <cite>Someone</cite></blockquote>", "> said\\\n> — Someone"),
        # <br> breaks the line (a backslash, which no editor strips), not at an end
        ("a<br>b<br/><br/>c<br>", "a\\\nb\\\n\\\nc"),
        ("<p><br>a<br></p><ul><li>b<br>c</li></ul>", "a\n\n- b\\\n  c"),
        ("a \\<br>b \\", "a \\\\\\\nb \\\\"),
        ('<a href="mailto:a@example.org">mail</a>', "[mail](mailto:a@example.org)"),
        ('<a href="data:text/html,x">d</a>', "d"),
        ("<p>1815. Born</p>", "1815\\. Born"),
        ("in 1815. Born", "in 1815. Born"),
        ("a &lt;b&gt; &amp;amp;", "a \\<b> \\&amp;"),
        ('<img src="https://example.org/a.png" alt="A">', "![A](https://example.org/a.png)"),
        ('<img src="javascript:x" alt="A">', ""),
        # an http picture is blocked on an https page; browsers ask for it over https
        ('<img src="HTTP://example.org/a.png" alt="A">', "![A](https://example.org/a.png)"),
    ],
)
def test_html_to_markdown(given: str, expected: str) -> None:
    assert html_markdown.convert(given).markdown == expected


# -- files from other projects: TimelineJS 2, scripts, sheets saved elsewhere ------------------


def diagnostics(result: Any) -> list[str]:
    """The problems an import reported, each file named without its folder."""
    found = [line for line in result.err.splitlines() if re.search(r": (error|warning): ", line)]
    return [Path(line.split(":", 1)[0]).name + ":" + line.split(":", 1)[1] for line in found]


def check_and_build(site: Path) -> None:
    """What an editor does after an import: `check` finds nothing wrong but the missing
    sources, and the drafts build."""
    checked = run("check", site, "--today", TODAY)
    assert checked.code == 0, checked.out
    assert ": error: " not in checked.out, checked.out
    built = build(site, "--drafts")
    assert built.code == 0, built.err


def test_a_timelinejs2_file_imports_like_its_timelinejs3_twin(tmp_path: Path) -> None:
    """Knight Lab's Whitney Houston timeline, in both formats: the same events."""
    old, new = new_site(tmp_path, "old"), new_site(tmp_path, "new")
    assert import_(DATA / "houston-timeline2.json", old).code == 0
    assert import_(DATA / "houston-timeline3.json", new).code == 0
    fo, fn = imported(old), imported(new)
    assert sorted(fo) == sorted(fn) and len(fo) == 18
    for slug, path in fo.items():
        assert path.read_text(encoding="utf-8") == fn[slug].read_text(encoding="utf-8")
    heritage = front(fo["a-musical-heritage"])
    assert (heritage["title"], heritage["date"]) == ("A Musical Heritage", "1963-08-09")
    assert front(fo["debut"])["date"] == "1985"  # a year alone stays a year
    assert front(fo["whitney-houston-1963-2012"])["date"] == "2012-02-11"
    crack = front(fo["crack-is-whack"])["image"]  # a protocol-relative picture
    assert crack["src"] == (
        "https://upload.wikimedia.org/wikipedia/commons/d/dd/ABC_-_Good_Morning_America_-_Diane_Sawyer.jpg"
    )
    assert (crack["caption"], crack["credit"]) == ("Diane Sawyer", "flickr/Amanda Benham")
    signed = fo["signed"].read_text(encoding="utf-8")
    assert "[Whitney Houston and Clive Davis discussing her discovery" in signed
    assert "(https://youtu.be/A4jGzNm2yPI) (YouTube) — Sony Music Entertainment" in signed
    site_yaml = yaml.safe_load((old / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "Whitney Houston 1963 - 2012"
    check_and_build(old)


def test_a_timelinejs2_jsonp_script_imports(tmp_path: Path) -> None:
    """`storyjs_jsonp_data = {"timeline": …}`: TimelineJS 2's JSONP file."""
    site = new_site(tmp_path)
    result = import_(DATA / "shit-people-say.jsonp", site)
    assert result.code == 0, result.err
    assert "import-source" not in result.err
    files = imported(site)
    politicians = front(files["sh-t-politicians-say"])
    assert (politicians["date"], politicians["end"]) == ("2012-01-26", "2012-01-27")
    girls = files["sh-t-girls-say"].read_text(encoding="utf-8")
    assert front(files["sh-t-girls-say"])["title"] == "Sh*t Girls Say"
    assert (
        "[Writers & Creators: Kyle Humphrey & Graydon Sheppard](http://youtu.be/u-yLGIH7W9Y)"
        in (girls)
    )
    # no caption: the link says what it leads to
    assert "[Video on YouTube](http://youtu.be/f-x8t0JOnVw)" in files["sh-t-nobody-says"].read_text(
        encoding="utf-8"
    )
    check_and_build(site)


SCRIPT = """// the timeline, for new TL.Timeline('timeline-embed', timeline_json_data)
var timeline_json_data = {
    "scale": "human",
    "title": {"text": {"headline": "Title Param.", "text": "Events of the 7th century"}},
    "eras": [
        {"start_date": {"year": "600"}, "end_date": {"year": "650"},
         "text": {"headline": "Era 600-650"},},
    ],
    "events": [
        {
            "start_date": {"year": "611", "month": "01", "day": "10",
                           "hour": "16", "minute": "45", "second": "56",
                           "millisecond": "", "format": ""},
            "media": {"caption": "something", "credit": "ETC",
                      "url": "http://example.org/voyage-dans-la-lune-1902.jpg", "thumb": ""},
            "text": {"headline": "Muhammad", "text": "Beginning of the <b>first</b> revelation."},
            "group": "Group A",
        },
        {
            "start_date": {"year": "634"},
            "text": {"headline": "Umar", "text": "His caliphate was not long."},
            "group": "Group BB",
        },
    ]
};
"""


def test_a_script_that_assigns_the_timeline_imports(tmp_path: Path) -> None:
    """`var timeline_json_data = {…};`, with the trailing commas and comments JavaScript
    allows: what a page gives TimelineJS in place of a file."""
    site = new_site(tmp_path)
    source = tmp_path / "timeline_data.js"
    source.write_text(SCRIPT, encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "import-source" not in result.err  # a script may have them
    files = imported(site)
    first = front(files["muhammad"])
    assert (first["date"], first["time"], first["tags"]) == ("0611-01-10", "16:45", ["group-a"])
    # https, as a browser would ask for it (an http picture is blocked on an https page)
    assert first["image"]["src"] == "https://example.org/voyage-dans-la-lune-1902.jpg"
    assert "http://example.org/voyage-dans-la-lune-1902.jpg is written as https://" in result.err
    assert "Beginning of the **first** revelation." in files["muhammad"].read_text("utf-8")
    assert front(files["umar"])["date"] == "0634"
    eras = yaml.safe_load((site / "content" / "eras.yaml").read_text(encoding="utf-8"))
    assert {"title": "Era 600-650", "start": "0600", "end": "0650"} in eras
    check_and_build(site)


def test_a_json_file_saved_with_another_name_is_read_as_json(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "timeline.csv"
    source.write_text(
        '{"events": [{"start_date": {"year": 1910}, "text": {"headline": "Jazz"}}]}', "utf-8"
    )
    assert import_(source, site).code == 0
    assert front(imported(site)["jazz"])["date"] == "1910"


JSON_READ_WITH_A_WARNING = {
    "trailing-commas": (
        '{"events": [\n  {"start_date": {"year": 1910},\n   "text": {"headline": "Jazz",'
        ' "text": "<p>New Orleans</p>",},\n  },\n]}\n',
        "timeline3.json:3:61: warning: the file has 3 comma(s) before a closing } or ], which "
        "JSON does not allow (TimelineJS would not load it); they were read as if they were "
        "not there [import-source]",
        ("jazz", "date", "1910"),
    ),
    # JSON readers take the last of two values of one key: the first (an editor's
    # headline, overwritten by a copy-paste) was lost without a word
    "a-key-twice": (
        '{"events": [\n  {"start_date": {"year": 1910},\n   "text": {"headline": "Jazz",\n'
        '    "headline": "Blues", "text": "<p>New Orleans</p>"}}\n]}\n',
        "timeline3.json:4:17: warning: events[0].text.headline: the key 'headline' is given "
        "twice in this object (first on line 3); the last value is read: remove the one you "
        "do not mean [import-source]",
        ("blues", "title", "Blues"),
    ),
}
"""JSON that TimelineJS would not load (or would load losing a value), read as meant:
its text, the one warning that says so at its place, and (slug, field, value) of the
event imported."""


@pytest.mark.parametrize("case", JSON_READ_WITH_A_WARNING)
def test_json_that_timelinejs_would_misread_is_read_with_one_warning(
    tmp_path: Path, case: str
) -> None:
    text, warning, (slug, field, value) = JSON_READ_WITH_A_WARNING[case]
    site = new_site(tmp_path)
    source = tmp_path / "timeline3.json"
    source.write_text(text, encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    assert diagnostics(result) == [warning]
    assert front(imported(site)[slug])[field] == value


NOT_TIMELINES = [
    ("page.json", b'<!DOCTYPE html>\n<html lang="en"><head><title>timeline3.json</title>',
     "page.json:1:1: error: this is a web page (HTML), not a TimelineJS file"),
    ("timeline.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
     "timeline.xlsx:1:1: error: this is a ZIP file: an Excel (.xlsx) or OpenDocument"),
    ("timeline.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
     "timeline.csv:1:1: error: this is a PDF document, not a TimelineJS file; save the sheet"),
    ("timeline.csv",
     b'\xef\xbb\xbfposition,title,date,photo,lat,long,zoom,desc\r\n'
     b'1,"Pearl Harbor, Hawaii","December 7, 1941",img/a.png,21.35,-158.03,12,<p>x</p>\r\n',
     "timeline.csv:1:1: error: this is not a TimelineJS sheet: its first row should be the "
     "template's header (Year, Month, Day, …, Headline, Text, Media, …, or TimelineJS 2's "
     "Start Date, End Date, Headline, …), and it is 'position, title, date, photo, lat, long"),
    ("data.json", b'[{"year": "1949", "date": "Aug 12, 1949", "title": "Geneva"}]',
     "data.json:1:1: error: the file holds a list, not a TimelineJS timeline"),
    ("feed.json", b'{"version": "1.0", "feed": {"entry": []}}',
     "feed.json:1:1: error: this is a Google Sheets feed, not a TimelineJS file"),
    ("facts.json", b'{"ppgFacts": [{"description": "aaa", "date": "2024/01/01"}]}',
     "facts.json:1:1: error: the file has no 'events' list (its keys: 'ppgFacts'), so it is "
     "not a TimelineJS timeline"),
    ("embed.html",
     b'<iframe src="https://cdn.knightlab.com/libs/timeline3/latest/embed/index.html?source='
     b'1xuY4upIooEeszZ_lCmeNx24eSFWe0rHe9ZdqH2xqVNk&font=Default&lang=en" width="100%"></iframe>',
     "embed.html:1:1: error: this is a web page (HTML), not a TimelineJS file; its data is the "
     "Google Sheet https://docs.google.com/spreadsheets/d/1xuY4upIooEeszZ_lCmeNx24eSFWe0rHe9Zdq"
     "H2xqVNk/: open it and download it as CSV"),
    ("index.html",
     b"<html><body><div id='timeline-embed'></div><script>\n"
     b"window.timeline = new TL.Timeline('timeline-embed', './timeline.json', options);",
     "index.html:1:1: error: this is a web page (HTML), not a TimelineJS file; its data is "
     "'./timeline.json': import that file"),
    ("simile.xml",
     b'<?xml version="1.0"?>\n<data>\n<event start="May 28 2006" title="Writing"/>\n</data>',
     "simile.xml:1:1: error: this is XML (SIMILE Timeline's format?), not a TimelineJS file"),
    ("empty.json", b" \n", "empty.json:1:1: error: the file is empty: it holds no timeline"),
    ("empty.csv", b"", "empty.csv:1:1: error: the file is empty: it holds no timeline"),
    ("welcome.json", b'{"timeline": {"pages": [{"start_date": {"year": "1888"}}]}}',
     "welcome.json:1:1: error: the file has no 'events' list (its keys: 'timeline')"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    NOT_TIMELINES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(NOT_TIMELINES)],
)
def test_a_file_that_is_no_timeline_is_refused_with_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, expected: str
) -> None:
    site = new_site(tmp_path)
    (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    result = import_(Path(name), site)
    assert result.code == 1
    found = diagnostics(result)
    assert len(found) == 1 and found[0].startswith(expected), result.err
    assert imported(site) == {}


V2_SHEET = (
    "Start Date,End Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Tag\n"
    "1/26/2012,,Sh*t People Say,People say stuff,,,,,title,\n"
    "12/12/2011,1/27/2012,Vine,<p>Vine Test</p>,https://vine.co/v/b55LOA1dgJU,,,,,videos\n"
    "2012,,A year,Only a year,http://example.org/a.png,AP,A caption,,,\n"
    '"2012,1,26,10,30",,With a time,At half past ten,,,,,,\n'
    "2012-02-03,,ISO,An ISO date,,,,,,\n"
    "3/2012,,A month,A month and a year,,,,,,\n"
    "next Tuesday,,Not a date,Nope,,,,,,\n"
)


def test_a_timelinejs2_sheet_imports(tmp_path: Path) -> None:
    """TimelineJS 2's Google Sheets template: Start Date and End Date in one cell each."""
    site = new_site(tmp_path)
    source = tmp_path / "old-sheet.csv"
    source.write_text(V2_SHEET, encoding="utf-8")
    result = import_(source, site)
    assert result.code == 1  # the one row that is no date
    assert diagnostics(result)[-1].startswith(
        "old-sheet.csv:8:1: error: row 8, column A (Start Date): 'next Tuesday' is not a date "
        "TimelineJS 2 reads"
    ), result.err
    files = imported(site)
    assert sorted(files) == ["a-month", "a-year", "iso", "vine", "with-a-time"]
    assert front(files["a-month"])["date"] == "2012-03"
    vine = front(files["vine"])
    assert (vine["date"], vine["end"], vine["tags"]) == ("2011-12-12", "2012-01-27", ["videos"])
    year = front(files["a-year"])
    assert year["date"] == "2012"
    assert (year["image"]["credit"], year["image"]["caption"]) == ("AP", "A caption")
    assert (front(files["with-a-time"])["date"], front(files["with-a-time"])["time"]) == (
        "2012-01-26",
        "10:30",
    )
    assert front(files["iso"])["date"] == "2012-02-03"
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "Sh*t People Say"
    check_and_build(site)


SHEET_ROWS = [
    ["Year", "Month", "Day", "Headline", "Text", "Media", "Notes"],
    ["1969", "7", "20", "Apollo 11", "<p>Armstrong steps out.</p>", "", "check this"],
    ["", "", "", "", "", "", ""],
    ["1914", "", "", "Über den Krieg", "Vier Jahre", "", ""],
]
SHEET_EVENTS = {
    "apollo-11": ("Apollo 11", "1969-07-20"),
    "uber-den-krieg": ("Über den Krieg", "1914"),
}


def _sheet(delimiter: str, newline: str, rows: list[list[str]] = SHEET_ROWS) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


SHEET_SHAPES = {
    "google-sheets.csv": _sheet(",", "\r\n").encode("utf-8"),
    "excel-bom.csv": b"\xef\xbb\xbf" + _sheet(";", "\r\n").encode("utf-8"),
    "excel-unicode-text.txt": _sheet("\t", "\r\n").encode("utf-16"),
    "copied.tsv": _sheet("\t", "\n").encode("utf-8"),
    "pandas.csv": _sheet(",", "\n", [SHEET_ROWS[0], ["1969.0", "7.0", "20.0", *SHEET_ROWS[1][3:]],
                                     ["1914.0", "", "", *SHEET_ROWS[3][3:]]]).encode("utf-8"),
    "title-above.csv": _sheet(",", "\n", [["My timeline, for the paper"], *SHEET_ROWS]).encode(),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SHEET_SHAPES))
def test_a_sheet_saved_by_any_program_imports(tmp_path: Path, name: str) -> None:
    """The template saved as CSV by Google Sheets, by Excel (semicolons, a byte-order
    mark, or "Unicode Text": UTF-16 separated by tabs), copied out of a browser, written
    by pandas (years as 1969.0), or with a title above the header: the same events."""
    site = new_site(tmp_path)
    source = tmp_path / name
    source.write_bytes(SHEET_SHAPES[name])
    result = import_(source, site)
    assert result.code == 0, result.err
    files = imported(site)
    assert {slug: (front(p)["title"], front(p)["date"]) for slug, p in files.items()} == (
        SHEET_EVENTS
    )
    assert "Armstrong steps out." in files["apollo-11"].read_text(encoding="utf-8")
    assert "'Notes' is not a column of the TimelineJS template" in result.err
    check_and_build(site)


def test_slides_of_media_only_keep_their_words(tmp_path: Path) -> None:
    """A slide with only a video and its caption takes its title from the caption; the
    caption and credit of media that is missing (they may name the source) are kept; a
    background picture stands in for missing media; `"media": "url"` is read."""
    data = {
        "events": [
            {"start_date": {"year": "1900"}, "text": {"headline": "", "text": ""},
             "media": {"url": "http://www.youtube.com/watch?v=C-nTpGMMVjY",
                       "caption": "Hannibal Gazette. Begins work as a printer."}},
            {"start_date": {"year": 2017, "month": 9, "day": 14},
             "text": {"headline": "Продолжение звонков", "text": "13 сентября."},
             "media": {"caption": "https://iz.ru/647112/smi", "credit": "https://ria.ru/1504773642.html"}},
            {"start_date": {"year": "2009", "month": "12", "day": "16"},
             "text": {"headline": "UN General Assembly Resolution", "text": "<p>Adopted.</p>"},
             "background": {"url": "https://example.org/un_general2009.jpg",
                            "caption": "UN General Assembly hall", "credit": "Patrick Gruban"}},
            {"start_date": {"year": "2010"}, "text": {"headline": "Shorthand"},
             "media": "https://example.org/a.jpg"},
            {"start_date": {"year": "2011"}, "text": {"headline": "Coloured"},
             "background": {"color": "#123456"}},
        ]
    }  # fmt: skip
    site = new_site(tmp_path)
    source = tmp_path / "media.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    files = imported(site)
    assert front(files["hannibal-gazette"])["title"] == "Hannibal Gazette."
    assert "its title is taken from its caption ('Hannibal Gazette.')" in result.err
    hoax = files["prodolzhenie-zvonkov"].read_text(encoding="utf-8")
    assert (  # (addresses are links, as TimelineJS showed them)
        "[https://iz.ru/647112/smi](https://iz.ru/647112/smi) — "
        "[https://ria.ru/1504773642.html](https://ria.ru/1504773642.html)"
    ) in hoax
    un = front(files["un-general-assembly-resolution"])["image"]
    assert (un["src"], un["caption"], un["credit"]) == (
        "https://example.org/un_general2009.jpg",
        "UN General Assembly hall",
        "Patrick Gruban",
    )
    assert front(files["shorthand"])["image"]["src"] == "https://example.org/a.jpg"
    assert "1 slide(s) have a background, which is not imported" in result.err
    check_and_build(site)


def test_links_to_media_are_named_by_what_they_show(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    import_(DATA / "mediatypes.json", site)
    bodies = "\n".join(p.read_text(encoding="utf-8") for p in imported(site).values())
    # a caption names the link
    assert "Map: [Google Maps with coordinates](https://www.google.com/maps/@42.032147" in bodies
    assert "Media](" not in bodies
    # without one, what the link leads to does
    site = new_site(tmp_path, "other")
    source = tmp_path / "links.json"
    urls = ["https://youtu.be/fSrO91XO1Ck", "https://en.wikipedia.org/wiki/Mark_Twain",
            "https://twitter.com/MarkTwainQuote/status/441928360583643136",
            "https://www.google.com/maps/place/Northwestern+University/@42.056459,-87.675267,17z",
            "https://www.theonion.com/articles/measles"]  # fmt: skip
    files = import_media(source, site, urls, "H", 2000)
    bodies = "\n".join(p.read_text(encoding="utf-8") for p in files.values())
    for line in (
        f"[Video on YouTube]({urls[0]})", f"Article: [Mark Twain]({urls[1]}) (Wikipedia)",
        f"[Post on Twitter]({urls[2]})",
        f"Map: [Northwestern University]({urls[3]}) (Google Maps)",
        f"[theonion.com]({urls[4]})",
    ):  # fmt: skip
        assert f"\n{line}\n" in bodies


def test_pictures_next_to_the_timeline_are_copied_into_static(tmp_path: Path) -> None:
    """A timeline kept with its pictures (`./media/1066.jpg`, as the page that showed it
    had them): the pictures are copied into static/ and become the events' images; a
    path out of the timeline's folder, or to nothing, stays a comment."""
    from tests.test_checks_links import TINY_PNG

    folder = tmp_path / "hundred-years-war"
    (folder / "media" / "Kings EN").mkdir(parents=True)
    (folder / "media" / "Kings EN" / "1066 William.png").write_bytes(TINY_PNG)
    (folder / "img").mkdir()
    (folder / "img" / "b.png").write_bytes(TINY_PNG)
    (tmp_path / "outside.png").write_bytes(TINY_PNG)
    media = ["./media/Kings%20EN/1066%20William.png", "/img/b.png", "../outside.png", "gone.png"]
    events = [
        {"start_date": {"year": 1066 + i}, "text": {"headline": f"H{i}"},
         "media": {"url": url, "caption": f"Caption {i}", "credit": "Wikimedia"}}
        for i, url in enumerate(media)
    ]  # fmt: skip
    (folder / "timeline.json").write_text(json.dumps({"events": events}), encoding="utf-8")
    site = new_site(tmp_path)
    result = import_(folder / "timeline.json", site)
    assert result.code == 0, result.err
    static = site / "static"
    assert (static / "media" / "Kings EN" / "1066 William.png").read_bytes() == TINY_PNG
    assert (static / "img" / "b.png").read_bytes() == TINY_PNG
    assert not (static / "outside.png").exists()
    files = imported(site)
    william = front(files["h0"])["image"]
    assert (william["src"], william["caption"], william["credit"]) == (
        "media/Kings EN/1066 William.png",
        "Caption 0",
        "Wikimedia",
    )
    assert front(files["h1"])["image"]["src"] == "img/b.png"
    for slug, url in (("h2", "../outside.png"), ("h3", "gone.png")):
        assert "image" not in front(files[slug])
        assert f"# TimelineJS media: {url} (caption: Caption" in files[slug].read_text("utf-8")
    assert len([line for line in diagnostics(result) if "import-media" in line]) == 2
    check_and_build(site)
    assert (site / "output" / "media" / "Kings EN" / "1066 William.png").exists()

    # a different picture already in static/ is kept, and said; --force replaces it
    other = new_site(tmp_path, "other")
    (other / "static" / "img").mkdir(parents=True)
    (other / "static" / "img" / "b.png").write_bytes(TINY_PNG + b"other")
    kept = import_(folder / "timeline.json", other)
    assert "static/img/b.png:1:1: warning: a different file is there" in kept.err
    assert (other / "static" / "img" / "b.png").read_bytes() == TINY_PNG + b"other"
    assert "image" not in front(imported(other)["h1"])
    import_(folder / "timeline.json", other, "--force")
    assert (other / "static" / "img" / "b.png").read_bytes() == TINY_PNG
    assert front(imported(other)["h1"])["image"]["src"] == "img/b.png"


def test_the_sheets_alt_text_column_describes_the_picture(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "alt.csv"
    source.write_text(
        "Year,Headline,Media,Media Credit,Alt Text\n"
        "1969,Apollo 11,https://example.org/eagle.jpg,NASA,The lunar module on the Moon\n",
        encoding="utf-8",
    )
    assert import_(source, site).code == 0
    image = front(imported(site)["apollo-11"])["image"]
    assert (image["alt"], image["credit"]) == ("The lunar module on the Moon", "NASA")


def test_a_whole_date_in_the_year_column_is_read_with_a_warning(tmp_path: Path) -> None:
    """A sheet whose Year column was typed as a date (Month and Day left empty): the date
    it holds, said, rather than a slide lost."""
    site = new_site(tmp_path)
    source = tmp_path / "dates.csv"
    source.write_text(
        "Year,Month,Day,Headline\n1969-07-20,,,ISO\n7/20/1969,,,US\n20/7/1969,,,European\n"
        "1969-07-20,7,,Both\n",
        encoding="utf-8",
    )
    result = import_(source, site)
    files = imported(site)
    assert {slug: front(p)["date"] for slug, p in files.items()} == {
        "iso": "1969-07-20",
        "us": "1969-07-20",
        "european": "1969-07-20",
    }
    assert (
        "dates.csv:2:1: warning: row 2, column A (Year): the year holds a whole date, "
        "'1969-07-20'; it is read as 1969-07-20 (year-month-day): check it"
    ) in "\n".join(diagnostics(result))
    assert "row 5, column A (Year): year '1969-07-20' is not a number" in result.err


def test_sheets_made_for_other_tools_import(tmp_path: Path) -> None:
    """Two MIT-licensed projects' sheets: the University of Idaho Library's Jekyll
    template (Markdown links in cells, media that are local files, a PDF, an MP3) and a
    self-hosting template (times with seconds, a background, a title row with a date)."""
    site = new_site(tmp_path, "cdil")
    assert import_(DATA / "cdil-demo-timeline.csv", site).code == 0
    files = imported(site)
    game = files["university-of-idaho-vs-university-of-southern-california"]  # (60 letters)
    assert (front(game)["date"], front(game)["time"]) == ("1925-10-30", "14:30")
    assert (
        "[Video on YouTube](https://youtu.be/CVXQ3X6Q8oU) — [Vandal Video Collection]"
        "(https://www.lib.uidaho.edu/digital/vandalvideo/), Digital Initiatives,"
    ) in game.read_text(encoding="utf-8")
    building = files["administration-building-university-of-idaho"].read_text("utf-8")
    assert "# TimelineJS media: demo_001.jpg (credit: Northwest Historical Postcards" in building
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "TimelineJS Template Example"
    assert site_yaml["description"].startswith("timelinejs-template is basic Jekyll template")
    check_and_build(site)

    site = new_site(tmp_path, "n8henrie")
    result = import_(DATA / "n8henrie-template.csv", site)
    assert result.code == 0, result.err
    files = imported(site)
    assert len(files) == 8  # the first row, Type "title", is the site's title
    vimeo = front(files["vimeo-example"])
    assert (vimeo["date"], vimeo["time"], vimeo["end_time"]) == ("2011-11-16", "05:58", "07:30")
    assert "end" not in vimeo
    flickr = front(files["a-flickr-example"])
    assert (flickr["date"], flickr["display_date"]) == ("2012", "January — February")
    assert front(files["another-flickr-example"])["end"] == "2011-12-15"
    assert "[Lotus Flower - SBTRKT RMX](http://soundcloud.com/radiohead/" in files[
        "soundcloud-example"
    ].read_text(encoding="utf-8")
    check_and_build(site)


def test_a_picture_s_page_is_kept_as_a_link(tmp_path: Path) -> None:
    """`media.link`, where a picture comes from (a library's record of it)."""
    site = new_site(tmp_path)
    assert import_(DATA / "cdil-example-timeline.json", site).code == 0
    cabin = imported(site)["selway-national-forest-idaho-three-forks-cabin"]
    image = front(cabin)["image"]
    assert image["src"] == (
        "https://digital.lib.uidaho.edu/digital/iiif/spec_cs/99/full/pct:12/0/default.jpg"
    )
    assert image["credit"] == "C.H. Shattuck Lantern Slides, 1904-1910"
    assert (
        "[Selway National Forest (Idaho), Three Forks Cabin]"
        "(https://www.lib.uidaho.edu/digital/shattuck/items/shattuck99.html)"
    ) in cabin.read_text(encoding="utf-8")
    check_and_build(site)


def test_a_caption_that_is_an_address_is_no_alt_text_and_prints_no_library_warning(
    tmp_path: Path,
) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({"events": [{
            "start_date": {"year": 2017}, "text": {"headline": "Calls", "text": "a?b=1&c=2"},
            "media": {"url": "https://x.org/a.jpg", "caption": "https://x.org/?a=1&b=2"},
        }]}),
        encoding="utf-8",
    )  # fmt: skip
    result = import_(source, site)
    assert result.code == 0 and "Warning" not in result.err, result.err
    assert front(imported(site)["calls"])["image"]["alt"] == "Calls"


def test_a_time_before_the_common_era_is_kept_as_a_comment(tmp_path: Path) -> None:
    """sitegen keeps a time of day only in years 1 to 9999 (`time-invalid`): a slide of
    44 BCE at noon imports to its day, its time a comment, and `check` is clean."""
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    start = {"year": -44, "month": 3, "day": 15, "hour": 12, "minute": 0}
    source.write_text(
        json.dumps({"events": [{"start_date": start, "text": {"headline": "Ides of March"}}]}),
        encoding="utf-8",
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "the time 12:00 is on 15 March 44 BCE: sitegen keeps times only in the common era" in (
        result.err
    )
    path = imported(site)["ides-of-march"]
    assert front(path)["date"] == "-0044-03-15" and "time" not in front(path)
    assert "# TimelineJS time: 12:00" in path.read_text(encoding="utf-8")
    check_and_build(site)


def test_a_title_given_as_words_alone_titles_the_site(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({"title": "Jazz in Paris", "events": [
            {"start_date": {"year": 1925}, "text": {"headline": "La Revue nègre"}}]}),
        encoding="utf-8",
    )  # fmt: skip
    assert import_(source, site).code == 0
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text(encoding="utf-8"))
    assert site_yaml["title"] == "Jazz in Paris"


def test_years_with_their_era_and_month_names_as_people_write_them(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "eras.csv"
    source.write_text(
        "Year,Month,Day,Headline\n44 BC,March,15,Ides\nAD 79,Aug,24,Vesuvius\n"
        '1066 CE,Oct.,14,Hastings\n"1,000 B.C.",,,Iron\n1938,Sept,30,Munich\n',
        encoding="utf-8",
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert {slug: front(p)["date"] for slug, p in imported(site).items()} == {
        "ides": "-0044-03-15",
        "vesuvius": "0079-08-24",
        "hastings": "1066-10-14",
        "iron": "-1000",
        "munich": "1938-09-30",
    }
    check_and_build(site)


def test_a_wikimedia_file_page_becomes_its_picture(tmp_path: Path) -> None:
    """TimelineJS shows the picture of a Commons file page (and of an article's
    `#/media/File:…`): so does the import, by the picture's own address."""
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    urls = ["https://commons.wikimedia.org/wiki/File:Ada_Lovelace_portrait.jpg",
            "https://en.wikipedia.org/wiki/Ada_Lovelace#/media/File:Ada_Byron_daguerreotype.jpg",
            "https://en.wikipedia.org/wiki/Ada_Lovelace"]  # fmt: skip
    files = import_media(source, site, urls, "A", 1840)
    assert front(files["a0"])["image"]["src"] == (
        "https://commons.wikimedia.org/wiki/Special:FilePath/Ada_Lovelace_portrait.jpg"
    )
    assert front(files["a1"])["image"]["src"] == (
        "https://en.wikipedia.org/wiki/Special:FilePath/Ada_Byron_daguerreotype.jpg"
    )
    assert "image" not in front(files["a2"])
    assert (
        "Article: [Ada Lovelace](https://en.wikipedia.org/wiki/Ada_Lovelace) (Wikipedia)"
        in files["a2"].read_text(encoding="utf-8")
    )
