"""Real TimelineJS files in, the site's own timeline.json out: what TimelineJS showed of
each slide (its date, headline, text, media, group) and the eras come back, read here
independently of the importer. The files are in tests/data/timelinejs (see its README)."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import TODAY, build, run
from tests.test_import_timelinejs import DATA, front, import_, imported, new_site

ROUND_TRIP = [
    "women_in_computing.json", "eras.json", "republican.json", "marktwain.json",
    "all-media-types.json", "houston-timeline3.json", "mediatypes.json", "cosmo.json",
    "cdil-example-timeline.json", "cosmo-mixed.json", "group_sample.json", "years.json",
    "welcome.json", "user-interface.json", "welcome-slides.json",
]  # fmt: skip


def _words(html: Any) -> str:
    """The text readers see, as lower-case letters and digits alone (typography, Markdown
    escapes and the spaces between blocks do not count)."""
    soup = BeautifulSoup(str(html or ""), "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    return re.sub(r"\W", "", soup.get_text("").lower())


def _day(date: Any) -> tuple[int, ...]:
    out = []
    for key in ("year", "month", "day"):
        value = str((date or {}).get(key) or "").strip()
        if not value:
            break
        out.append(int(float(value)))
    return tuple(out)


def _address(url: str) -> str:
    """An address as a comparison sees it: no scheme, %-escapes read."""
    return urllib.parse.unquote(url.split("//", 1)[-1]).rstrip("/")


def _slides(data: dict[str, Any]) -> list[dict[str, Any]]:
    inner = data.get("timeline", data)
    slides: list[dict[str, Any]] = inner.get("events", inner.get("slides", []))
    return slides


def _shown(slide: dict[str, Any]) -> dict[str, Any]:
    text = slide.get("text") or {}
    return {
        "when": _day(slide.get("start_date")),
        "headline": _words(text.get("headline")),
        "text": _words(text.get("text")),
        "media": (slide.get("media") or {}).get("url") or "",
        "group": slide.get("group") or "",
        "links": [a.get("href", "") for a in BeautifulSoup(text.get("text") or "", "html.parser")
                  .find_all("a")],
    }  # fmt: skip


def _media_kept(url: str, out: dict[str, Any]) -> bool:
    """The slide's media is the exported slide's, or a link in its text (sitegen shows
    no embeds: a video, a post, a map is a link at the end of the text)."""
    wanted = _address(url).replace("/wiki/File:", "/")
    found = [_address(out["media"]), *(_address(href) for href in out["links"])]
    return any(wanted in f.replace("/wiki/Special:FilePath/", "/") for f in found)


def _exported(site: Path) -> dict[str, Any]:
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    data: dict[str, Any] = json.loads((site / "output" / "timeline.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_a_real_timeline_comes_back_in_the_sites_timeline_json(tmp_path: Path, name: str) -> None:
    site = new_site(tmp_path)
    result = import_(DATA / name, site)
    data = json.loads((DATA / name).read_text("utf-8"))
    out = [_shown(s) for s in _exported(site)["events"]]
    imported = 0
    for slide in map(_shown, _slides(data)):
        if not slide["headline"]:
            continue  # (titled from its text or caption, or not imported: an error says so)
        same = [o for o in out if (o["when"], o["headline"]) == (slide["when"], slide["headline"])]
        if not same:  # only a slide that an error names is left out
            assert f"'{slide['headline'][:6]}" in result.err.lower().replace(" ", ""), slide
            continue
        imported += 1
        assert any(slide["text"] in o["text"] for o in same), (slide, same)
        if slide["media"].startswith(("http:", "https:", "//")):
            assert any(_media_kept(slide["media"], o) for o in same), (slide["media"], same)
        if slide["group"]:
            assert slide["group"] in {o["group"] for o in same}, (slide["group"], same)
    assert imported >= len(_slides(data)) // 2
    eras = [(_day(e["start_date"]), _day(e["end_date"]), _words(e["text"]["headline"]))
            for e in data.get("eras", [])]  # fmt: skip
    back = [(_day(e["start_date"]), _day(e["end_date"]), _words(e["text"]["headline"]))
            for e in _exported(site).get("eras", [])]  # fmt: skip
    assert sorted(back) == sorted(eras)


def test_groups_come_back_as_written_and_are_named_once(tmp_path: Path) -> None:
    """A group is a tag's slug on the site; its words go into content/tags.yaml, which
    readers see and timeline.json gives back. Names the site gave are kept."""
    site = new_site(tmp_path)
    (site / "content" / "tags.yaml").write_text(
        '# our tags\ngroup-2-2nd-interview-2nd-interview: "Second interview"\n', "utf-8"
    )
    config = site / "content" / "site.yaml"
    config.write_text(
        config.read_text("utf-8") + 'tags:\n  group-3-3rd-interview-3rd-interview: "Third"\n',
        "utf-8",
    )
    assert import_(DATA / "group_sample.json", site).code == 0
    text = (site / "content" / "tags.yaml").read_text("utf-8")
    assert "group-3" not in text  # (site.yaml names it)
    assert text.startswith("# our tags\n")
    names = yaml.safe_load(text)
    assert names["group-1-1st-interview-1st-interview-technical-assessment"] == (
        "Group 1 - 1ST_INTERVIEW - 1st Interview - Technical assessment"
    )
    assert names["group-2-2nd-interview-2nd-interview"] == "Second interview"
    groups = {e["group"] for e in _exported(site)["events"] if "group" in e}
    assert {"Group 4 - 4th_INTERVIEW - 4th Interview", "Second interview", "Third"} <= groups
    assert import_(DATA / "group_sample.json", site, "--force").code == 0
    assert (site / "content" / "tags.yaml").read_text("utf-8") == text  # named once
    assert run("check", site, "--strict", "--today", TODAY).out.count("tags.yaml") == 0


def test_a_group_the_slug_says_needs_no_name(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    import_(DATA / "welcome.json", site)  # its groups: 'Hello', 'Goodbye', 'Yo'
    assert not (site / "content" / "tags.yaml").exists()
    groups = {e.get("group") for e in _exported(site)["events"]}
    assert {"Hello", "Goodbye", "Yo"} <= groups


def test_a_picture_in_the_text_without_alt_text_is_given_one(tmp_path: Path) -> None:
    """sitegen refuses a picture without alt text (image-alt), drafts too: the import
    gives it its title or its file's name, and asks for a description."""
    source = tmp_path / "t.json"
    slide = {"start_date": {"year": 1900}, "text": {"headline": "H", "text":
             '<p>Look: <img src="http://example.org/img/Old_Town-hall.jpg"></p>'}}  # fmt: skip
    source.write_text(json.dumps({"events": [slide]}), "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "an image without alt text was given 'Old Town hall': describe it" in result.err
    body = (site / "content" / "events" / "1900" / "h.md").read_text("utf-8")
    assert "![Old Town hall](https://example.org/img/Old_Town-hall.jpg)" in body
    assert "[image-alt]" not in run("check", site, "--today", TODAY).out
    assert "Old_Town-hall.jpg" in json.dumps(_exported(site))


def test_timelinejs3s_early_slides_list_is_read_with_a_warning(tmp_path: Path) -> None:
    """TimelineJS 3's own site still ships a welcome.json from before the format named
    its slides `events`: read, with one warning that TimelineJS would not load it."""
    site = new_site(tmp_path)
    result = import_(DATA / "welcome-slides.json", site)
    assert result.code == 0, result.err
    assert (
        "welcome-slides.json:3:15: warning: timeline.slides: 'slides' is read as the "
        "timeline's 'events'"
    ) in result.err
    assert "imported 17 events as drafts" in result.out + result.err


def test_an_event_without_a_summary_gives_its_slide_its_text(tmp_path: Path) -> None:
    """A slide of only 'Read the full entry' says nothing: without a summary the slide
    has the entry's text (its links absolute, as the page is elsewhere)."""
    site = new_site(tmp_path)
    event = site / "content" / "events" / "1969" / "apollo-11-lands.md"
    text = event.read_text("utf-8")
    event.write_text(re.sub(r"summary: .*\n", "", text), "utf-8")
    slide = next(e for e in _exported(site)["events"] if e["unique_id"] == "apollo-11-lands")
    said = slide["text"]["text"]
    assert said.startswith("<p>The lunar module Eagle landed in the Sea of Tranquility")
    assert 'href="https://example.org/people/neil-armstrong/"' in said
    assert said.endswith("Read the full entry</a></p>")
    # an article is no slide: past 1,500 characters, its start (as the feed's summary)
    event.write_text(re.sub(r"summary: .*\n", "", text) + "\nMore words here. " * 120, "utf-8")
    slide = next(e for e in _exported(site)["events"] if e["unique_id"] == "apollo-11-lands")
    said = slide["text"]["text"]
    assert said.startswith("<p>The lunar module Eagle landed") and "…</p>" in said
    assert len(said) < 800  # (the whole body: over 2,000)


def test_an_end_before_the_start_is_a_slip_that_loses_no_slide(tmp_path: Path) -> None:
    """A real file (a Hugo theme's example, no licence to copy it here) has a slide from
    12 December 2011 to 27 January 2011: TimelineJS shows it, so it is imported, without
    the end, which is kept as a comment to correct; and it builds."""
    source = tmp_path / "example.json"
    slide = {
        "start_date": {"year": 2011, "month": 12, "day": 12},
        "end_date": {"year": 2011, "month": 1, "day": 27},
        "text": {"headline": "Sh*t Graphic Designers Say", "text": ""},
        "media": {"url": "http://youtu.be/KsT3QTmsN5Q", "credit": "", "caption": ""},
    }
    source.write_text(json.dumps({"events": [slide]}, indent=2), "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert result.code == 0, result.err
    assert (
        "example.json:10:17: warning: events[0].end_date.year: the end (27 January 2011) is "
        "before the start (12 December 2011); 'Sh*t Graphic Designers Say' is imported "
        "without it"
    ) in result.err
    text = (site / "content/events/2011/sh-t-graphic-designers-say.md").read_text("utf-8")
    assert 'date: "2011-12-12"\n' in text and "end:" not in text
    assert "# TimelineJS end, before the start: 2011-01-27\n" in text
    out = next(e for e in _exported(site)["events"] if e["start_date"]["year"] == 2011)
    assert out["start_date"] == {"year": 2011, "month": 12, "day": 12} and "end_date" not in out


def test_a_display_date_that_hides_the_date_is_left_out(tmp_path: Path) -> None:
    """A real file (a student's Hundred Years' War timeline, no licence to copy it here)
    gives group-heading slides the display_date '.', to hide their date in TimelineJS;
    on a sitegen page '.' would be the date. It is left out, with a warning."""
    source = tmp_path / "war.json"
    heading = {"start_date": {"year": 900}, "text": {"headline": "Kings of England"},
               "group": "Kings of England", "display_date": "."}  # fmt: skip
    source.write_text(json.dumps({"events": [heading]}, indent=2), "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert result.code == 0, result.err
    assert (
        "war.json:11:23: warning: events[0].display_date: display_date '.' says no date"
    ) in result.err
    text = (site / "content/events/0900/kings-of-england.md").read_text("utf-8")
    assert "display_date" not in text
    out = next(e for e in _exported(site)["events"] if e["start_date"]["year"] == 900)
    assert out["display_date"] == "900" and out["group"] == "Kings of England"


def test_events_of_another_program_are_refused_with_one_error(tmp_path: Path) -> None:
    """A class's world-history timeline keeps its own `events` (name, begin, end,
    picture: its own script draws them) in a file named timeline.json: one error that
    says so, not one 'has no start_date' per object."""
    source = tmp_path / "timeline.json"
    events = [
        {"unit": 0, "name": "Neolithic Revolution", "type": "range", "begin": -10000,
         "end": -4500, "picture": "https://example.org/neolithic.jpg"},
        {"unit": 0, "name": "Fall of Rome", "type": "point", "at": 476},
    ]  # fmt: skip
    source.write_text(json.dumps({"events": events}, indent=1), "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.err
    assert errors[0].endswith(
        "timeline.json:2:12: error: events: this is not a TimelineJS timeline: its 'events' "
        "are no slides (none has a start_date, text or media; they hold 'unit', 'name', "
        "'type', 'begin', 'end', 'picture'): another program's file, which TimelineJS would "
        "not load [import-source]"
    )


def test_groups_in_any_script_are_tags_and_come_back(tmp_path: Path) -> None:
    """A group written in Greek or Hebrew made no Latin slug and was dropped without a
    word; it is a tag now (Greek spelled in Latin letters, as Cyrillic is; Hebrew in its
    own), and comes back as written. A group of no letter or digit is said to be left
    out."""
    source = tmp_path / "t.json"
    events = [
        {"start_date": {"year": 1948}, "text": {"headline": "A"}, "group": "Ελλάδα"},
        {"start_date": {"year": 1949}, "text": {"headline": "B"}, "group": "תל אביב"},
        {"start_date": {"year": 1950}, "text": {"headline": "C"}, "group": "🎉"},
    ]
    source.write_text(json.dumps({"events": events}, ensure_ascii=False), "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "the group '🎉' has no letter or digit to make a tag of" in result.err
    tags = [re.search(r"tags: (.*)", p.read_text("utf-8")) for p in imported(site).values()]
    # (Greek is spelled in Latin letters, as Cyrillic is; Hebrew keeps its own)
    assert sorted(m[1] for m in tags if m) == ['["ellada"]', '["תל-אביב"]']
    groups = {e["text"]["headline"]: e.get("group") for e in _exported(site)["events"]}
    assert (groups["A"], groups["B"], groups["C"]) == ("Ελλάδα", "תל אביב", None)
    assert "[tag" not in run("check", site, "--today", TODAY).out


def test_a_timelinejs2_end_that_is_no_date_loses_only_the_end(tmp_path: Path) -> None:
    """TimelineJS 3's site keeps Elizabeth Taylor's timeline in TimelineJS 2's format,
    with one endDate '196002152034' (no date TimelineJS 2 read: a number alone is a year
    of up to 8 characters). It was read as the year 196,002,152,034, an end far in the
    future that `check` flagged; the slide is imported without it now, with a warning."""
    site = new_site(tmp_path)
    result = import_(DATA / "taylor-timeline2.json", site)
    assert result.code == 0, result.err
    assert (
        "taylor-timeline2.json:207:27: warning: timeline.date[16].endDate: '196002152034' is "
        "not a date TimelineJS 2 reads"
    ) in result.err
    text = (site / "content/events/1961/stars-in-butterfield-8.md").read_text("utf-8")
    assert 'date: "1961-01-01"\n' in text and "end:" not in text
    checked = run("check", site, "--today", TODAY)
    assert "[date-end-future]" not in checked.out, checked.out


PAGE = """<!DOCTYPE html>
<html><head><title>Our timeline</title>
<script src="https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"></script>
</head><body>
<div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script type="text/javascript">
  // the data, as TimelineJS's docs show it ("Loading data from a JSON object")
  var timeline_json = {
    "events": [
      {"start_date": {"year": "1969", "month": "7", "day": "20"},
       "text": {"headline": "Moon", "text": "<p>One small step</p>"}},
      {"start_date": {"year": "0"}, "text": {"headline": "Zero"}},
    ]
  };
  window.timeline = new TL.Timeline('timeline-embed', timeline_json);
</script>
</body></html>
"""


def test_a_page_that_holds_its_timeline_in_its_script_imports(tmp_path: Path) -> None:
    """The page TimelineJS's docs show for a timeline given as a JSON object: its script
    is read (a warning says the rest of the page is left out), and problems are said at
    their line in the page."""
    source = tmp_path / "index.html"
    source.write_text(PAGE, "utf-8")
    site = new_site(tmp_path)
    result = import_(source, site)
    assert "index.html:1:1: warning: this is a web page (HTML): the timeline its script" in (
        result.err
    )
    assert "index.html:12:31: error: events[1].start_date.year: year 0 is no year" in result.err
    text = (site / "content/events/1969/moon.md").read_text("utf-8")
    assert 'date: "1969-07-20"' in text and "One small step" in text


def test_an_embed_code_still_names_where_its_data_is(tmp_path: Path) -> None:
    source = tmp_path / "embed.html"
    source.write_text(PAGE.replace("timeline_json);", "'https://example.org/t.json');")
                      .replace('"events"', "events"), "utf-8")  # fmt: skip
    result = import_(source, new_site(tmp_path))
    assert result.code == 1
    assert "its data is 'https://example.org/t.json': import that file" in result.err


def test_timelinejs3s_early_date_key_is_read_as_start_date(tmp_path: Path) -> None:
    """TimelineJS 3's early geological example names each slide's start `date`: every
    slide was an error ('has no start_date'); read now, with one warning for the file."""
    site = new_site(tmp_path)
    result = import_(DATA / "science.json", site)
    assert result.code == 0, result.err
    assert result.err.count("'date' is read as the slide's start_date") == 1
    dates = {p.stem: front(p)["date"] for p in imported(site).values()}
    assert dates["cambrian"] == "Y-541000000" and dates["quaternary"] == "Y-2580000"


def test_a_bc_sites_own_words_come_back_as_its_dates(tmp_path: Path) -> None:
    """docs/importing.md#round-trip: sitegen's timeline.json imports back with its dates'
    qualifiers, also from a site that says BC and AD (`era_style: bc`): "about 300,000 BC"
    is the date Y-300000~, not display text kept beside a date without its `~`."""
    source = tmp_path / "bc.json"
    slides = [
        {"start_date": {"year": -300000}, "display_date": "about 300,000 BC",
         "text": {"headline": "Early humans"}},
        {"start_date": {"year": -27, "month": 1, "day": 16},
         "end_date": {"year": 14, "month": 8, "day": 19},
         "display_date": "16 January 27 BC – 19 August AD 14", "text": {"headline": "Augustus"}},
    ]  # fmt: skip
    source.write_text(json.dumps({"events": slides}), "utf-8")
    site = new_site(tmp_path)
    assert import_(source, site).code == 0
    files = imported(site)
    early = front(files["early-humans"])
    assert early["date"] == "Y-300000~" and "display_date" not in early
    augustus = front(files["augustus"])
    assert (augustus["date"], augustus["end"]) == ("-0027-01-16", "0014-08-19")
    assert "display_date" not in augustus
