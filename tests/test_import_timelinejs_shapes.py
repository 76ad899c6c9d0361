"""`sitegen import timelinejs` on shapes met in real TimelineJS files of other projects
(each test names the repository its shape was seen in; the fixtures in
tests/data/timelinejs/shapes are rewritten, with made-up content and example.org
addresses): what an editor finds in the imported files and on the built pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import TODAY, build, run
from tests.test_import_timelinejs import DATA, front, import_, imported, new_site

SHAPES = DATA / "shapes"


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def import_shape(tmp_path: Path, name: str, code: int = 0, text: str = "") -> tuple[Path, Any]:
    """A new site with shapes/`name` imported into it (or a file `name` of `text`), and
    what the import said."""
    site = new_site(tmp_path)
    source = SHAPES / name
    if text:
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
    result = import_(source, site)
    assert result.code == code, result.err
    return site, result


def test_line_breaks_stay_line_breaks(tmp_path: Path) -> None:
    """`<br>` in a slide's text (henriquebrnetto/site-da-mari's timeline.json, a line of
    thanks after a race's result) is a line break on the page, as TimelineJS showed it;
    one that ends the text breaks nothing; in a credit (daniel-cooper/who-is-daniel-cooper,
    two links one above the other) the line at the end of the text keeps both links."""
    site, _ = import_shape(tmp_path, "line-breaks.json")
    race = imported(site)["meia-maratona"]
    assert body(race).splitlines()[:4] == [
        "Primeiro lugar na categoria!\\",
        "Brincadeiras a parte, foi uma virada.\\",
        "\\",
        "Depois, o descanso.",
    ]
    credit = "Foto: [Ana](https://example.org/ana) [Arquivo](https://example.org/arquivo)"
    assert f"Picture credit: {credit}" in body(race)
    assert front(race)["image"]["credit"] == "Foto: Ana Arquivo"
    assert run("check", site, "--today", TODAY).code == 0
    built = build(site, "--drafts")
    assert built.code == 0, built.err
    page = (site / "output" / "events" / "meia-maratona" / "index.html").read_text("utf-8")
    assert "<p>Primeiro lugar na categoria!<br />\nBrincadeiras a parte" in page
    assert "Depois, o descanso.</p>" in page and "\\" not in page.split('class="prose"')[1]


def test_a_placeholder_in_one_address_is_no_template(tmp_path: Path) -> None:
    """Knight Lab's Houston example as a site serves it from its templates (seen in
    hurtadocamille/hurtadocamille.github.io's timeline3.json): one picture's address is
    `{{ static_url }}/img/…` and a comma ends an object. The timeline is read; the
    address is the one thing to fix, said at its place."""
    site, result = import_shape(tmp_path, "template-placeholder.json")
    assert "this is a template" not in result.err
    assert sorted(imported(site)) == ["kind-of-blue", "premier-enregistrement"]
    first = imported(site)["premier-enregistrement"]
    assert front(first)["date"] == "1917-03-01" and "image" not in front(first)
    assert "# TimelineJS media: {{ static_url }}/img/examples/orchestre.jpg" in first.read_text(
        encoding="utf-8"
    )
    assert "template-placeholder.json:11:24: warning: events[0].media.url: '{{ static_url }}" in (
        result.err
    )


def test_an_empty_title_list_is_no_title(tmp_path: Path) -> None:
    """`"title": []`, as a sheet-to-JSON script wrote a title row left empty (seen in
    EmmetSp/Timeline-HN's timelines/*.json, with every field an empty string, numbers
    and text mixed, a background written as a colour alone): the slides are imported,
    and the missing title said once, not an error that fails the import."""
    site, result = import_shape(tmp_path, "empty-title-list.json")
    assert (
        "empty-title-list.json:1:11: warning: title: the title is an empty list: the timeline "
        "has no title slide (TimelineJS shows an empty one); the slides are imported without "
        "it [import-source]"
    ) in result.err
    files = imported(site)
    preach = front(files["a-minister-preaches-in-town"])
    assert (preach["date"], preach["end"]) == ("1726", "1750")
    assert front(files["a-letter-about-a-neighbour"])["date"] == "1675-04-08"
    assert body(files["a-letter-about-a-neighbour"]).strip() == "Written to the court."
    assert run("check", site, "--today", TODAY).code == 0


def test_dates_and_words_written_as_text(tmp_path: Path) -> None:
    """Converters that serialise a date object write `"start_date": "1969-07-16T…Z"`, and
    some write a slide's words as `"text": "<p>…</p>"`: TimelineJS shows neither. Each is
    read as what it says, with a warning at its place; a date in words is one error for
    its slide, the others imported."""
    site, result = import_shape(tmp_path, "dates-as-text.json", code=1)
    lines = [line.split("shapes/")[-1] for line in result.err.splitlines() if ": " in line]
    assert (
        "dates-as-text.json:5:27: warning: events[0].start_date: the date is text, "
        '\'1969-07-16T13:32:00.000Z\', not an object like {"year": 1969, "month": 7, '
        '"day": 20} (TimelineJS would not read it); it is read as 1969-07-16 at 13:32:00: '
        "check it [import-date]"
    ) in lines
    assert (
        "dates-as-text.json:14:27: error: events[2].start_date: should be an object like "
        '{"year": 1969, "month": 7, "day": 20}, not \'the spring after\'; \'Words for a '
        "date' is not imported [import-date]"
    ) in lines
    assert sum(": error: " in line for line in lines) == 1  # (one per problem, not two)
    assert any("'text' is the slide's words alone" in line for line in lines)
    files = imported(site)
    crew = front(files["the-crew-lifts-off"])
    assert (crew["date"], crew["time"], crew["end"]) == ("1969-07-16", "13:32", "1969-07-24")
    assert body(files["the-crew-lifts-off"]).startswith("The crew lifts off.\\\nEight days")
    assert front(files["a-year-alone"])["date"] == "1971"


def test_a_json_timeline_flattened_into_a_table(tmp_path: Path) -> None:
    """A TimelineJS JSON file flattened into a table to be edited as a sheet (seen in
    jpmarindiaz/timelinejs's inst/data/whitney-houston.csv, R's `start_date_year`,
    `text_headline`, `media_url`; pandas writes `start_date.year`): its columns are the
    template's, so it imports as the sheet would."""
    site, _ = import_shape(tmp_path, "flattened-columns.csv")
    files = imported(site)
    heritage = front(files["a-musical-heritage"])
    assert heritage["date"] == "1963-08-09"
    assert heritage["image"]["src"] == "https://example.org/pictures/choir.jpg"
    assert (heritage["image"]["caption"], heritage["image"]["credit"]) == (
        "The choir, in 1970.",
        "Town archive",
    )
    assert body(files["a-musical-heritage"]).startswith("Born in a family of singers.")
    assert front(files["first-recording"])["date"] == "1978"
    dotted = tmp_path / "normalized.csv"
    dotted.write_text(
        "start_date.year,start_date.month,text.headline,text.text,media.url\n"
        "1985,2,Debut,The first album.,\n",
        encoding="utf-8",
    )
    other = new_site(tmp_path, "other")
    assert import_(dotted, other).code == 0
    assert front(imported(other)["debut"])["date"] == "1985-02"


def test_a_pages_buttons_are_no_text(tmp_path: Path) -> None:
    """A slide's text with the page's own `<button onclick='modalOpen(1884)'>Details
    </button>` after it (seen in MartinVollenweider/pdgr_zeitstrahl's json/timeline.json,
    on most of its 140 slides, a file saved with a byte-order mark): the button opens a
    box the timeline does not hold, so its label is no words of the slide."""
    site, result = import_shape(tmp_path, "page-controls.json")
    text = body(imported(site)["ein-vermachtnis"])
    assert text.strip() == "Ein Reisender vermacht sein Vermögen dem Bau eines Spitals."
    assert "a <button> element was dropped [import-html]" in result.err


def test_an_eras_end_left_out_is_kept_where_the_warning_says(tmp_path: Path) -> None:
    """An era whose end is before its start (a slip in one cell, as in slides) is
    imported at its start, and the end kept as the comment its warning quotes, next to
    the era in content/eras.yaml, where an editor finds it."""
    site, result = import_shape(
        tmp_path,
        "eras.json",
        text='{"events": [{"start_date": {"year": 1950}, "text": {"headline": "E"}}],\n'
        ' "eras": [{"start_date": {"year": 1914}, "end_date": {"year": 1818},'
        ' "text": {"headline": "The war years"}}]}\n',
    )
    assert (
        "'The war years' is imported without it (it is kept as the comment '# TimelineJS "
        "end, before the start: 1818'): check it [import-date]"
    ) in result.err
    eras = (site / "content" / "eras.yaml").read_text(encoding="utf-8")
    assert eras.endswith(
        '- title: "The war years"\n  start: "1914"\n  end: "1914"\n'
        "  # TimelineJS end, before the start: 1818\n"
    )
    assert run("check", site, "--today", TODAY).code == 0


def test_a_blank_slide_and_the_title_slides_date_are_no_errors(tmp_path: Path) -> None:
    """TimelineJS 2 files of a Korean newsroom's fork (jinbonet/TimelineJS's samples):
    a slide whose every field is empty (an editor's blank row), which TimelineJS 2
    skipped, and a title whose `startDate` is `2012.01.01`, a form it did not read
    either. sitegen's title has no date and a blank slide nothing to import: each is a
    warning at most, and the title and the slides are imported."""
    site, result = import_shape(tmp_path, "v2-blank-slide.json")
    assert (
        "v2-blank-slide.json:15:4: warning: timeline.date[1]: the slide is empty (no date, "
        "headline, text or media: every field is empty); it is skipped [import-field]"
    ) in result.err
    assert ": error: " not in result.err
    assert 'title: "네트워크 2012년"' in (site / "content" / "site.yaml").read_text("utf-8")
    [meeting] = imported(site).values()
    assert (front(meeting)["title"], front(meeting)["date"]) == ("새해 모임", "2012-01-04")


def test_a_page_that_holds_its_timeline_as_a_json_script(tmp_path: Path) -> None:
    """A saved page whose timeline is the JSON of a `<script type="application/json">`
    (the way pages built by a site generator hold their data), which the page's own
    code reads and gives `new TL.Timeline(…)`: the timeline is read, as that of a page
    whose script assigns it is, and the rest of the page is left out, said once."""
    site, result = import_shape(
        tmp_path,
        "timeline.html",
        text="<!DOCTYPE html>\n<html><head><title>Launches</title></head>\n<body>\n"
        '<div id="timeline-embed"></div>\n'
        '<script type="application/json" id="tl-data">\n'
        '{"events": [{"start_date": {"year": "1990", "month": "4"},'
        ' "text": {"headline": "A telescope in orbit"}}]}\n'
        "</script>\n<script>\n"
        "  var data = JSON.parse(document.getElementById('tl-data').textContent);\n"
        "  window.timeline = new TL.Timeline('timeline-embed', data);\n"
        "</script>\n</body></html>\n",
    )
    assert "timeline.html:1:1: warning: this is a web page (HTML): the timeline" in result.err
    assert front(imported(site)["a-telescope-in-orbit"])["date"] == "1990-04"
