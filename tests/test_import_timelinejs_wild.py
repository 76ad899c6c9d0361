"""`sitegen import timelinejs` on shapes of file found in newsrooms', universities' and
personal sites' repositories (each test names where its shape was seen; the content is
made up or cut to a few lines): every one imports, or says at its place what to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_import_timelinejs import (
    check_and_build,
    diagnostics,
    front,
    import_,
    imported,
    new_site,
)

SLIDE = '{"start_date": {"year": "1900"}, "text": {"headline": "Cholon grows"}}'


def test_a_script_that_calls_tl_timeline_among_other_code_imports(tmp_path: Path) -> None:
    """The timeline assigned inside an `if`, after a comment, with other functions after
    it (seen in a Vietnamese city-history site's script.js), or written in the
    `new TL.Timeline(…)` call itself: the object is read, the rest left out, said once."""
    site = new_site(tmp_path)
    source = tmp_path / "script.js"
    source.write_text(
        "// chỉ chạy TimelineJS trên trang information.html\n"
        'if (window.location.pathname.includes("information")) {\n'
        "    var timeline_json = {\n"
        '        "title": {"text": {"headline": "Lịch sử Quận 5"}},\n'
        f'        "events": [{SLIDE}]\n'
        "    };\n"
        "    window.onload = function () {\n"
        "        timeline = new TL.Timeline('timeline-embed', timeline_json);\n"
        "    };\n"
        "}\n"
        "async function search() { const q = document.getElementById('q').value; }\n",
        encoding="utf-8",
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert diagnostics(result) == [
        "script.js:3:25: warning: this script holds more than the timeline: the timeline it "
        "gives TimelineJS is read, the rest of the script is left out [import-source]"
    ]
    assert front(imported(site)["cholon-grows"])["date"] == "1900"
    called = tmp_path / "timeline-implementation.js"  # (seen in an online CV's repository)
    called.write_text(f"timeline = new TL.Timeline('timeline-embed', {{\"events\": [{SLIDE}]}});")
    other = new_site(tmp_path, "other")
    assert import_(called, other).code == 0
    assert list(imported(other)) == ["cholon-grows"]
    check_and_build(site)


ART_HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)

EMBED_CODE = (
    "<iframe src='https://cdn.knightlab.com/libs/timeline3/latest/embed/index.html?"
    "source=1TvIpumSJbbQ&font=Default&lang=fr' width='100%' height='650'></iframe>"
)

REFUSED_AT_THEIR_PLACE: dict[str, tuple[str, str, str | tuple[str, ...], dict[str, str]]] = {
    # A row two cells short (seen in a course's sheet of Indian art, its Display Date in
    # the End Day column): the error names that cell, not 'has no Year' for a slide
    # whose Year is there.
    "an-end-without-a-year": (
        "art.csv",
        ART_HEADER + '-250,,,,,,"c. 250 BCE","Lion Capital","Sandstone.","https://example.org/'
        'lion.jpg","ASI",,,"Mauryan",#292524\n'
        "-250,,,,,,,,c. 250 BCE,Lion Capital,Sandstone.,,,,,,,\n",
        "art.csv:2:7: error: row 2, column G (End Day): the end has a day ('c. 250 BCE') but "
        "no year; 'https://example.org/lion.jpg' is not imported: give the end its year, or "
        "empty its cells (in a sheet, check that the row's cells are in their columns) "
        "[import-date]",
        {"lion-capital": "-0250"},
    ),
    # A Jekyll template that writes the timeline's JSON from the site's posts (seen in a
    # Swiss campaign site's repository, `json/timeline-data.html`): one error naming the
    # file it writes, not 'not a TimelineJS sheet … it is ---'.
    "a-site-generators-template": (
        "timeline-data.html",
        "---\nlayout:\npermalink: /json/timeline-data.json\n---\n"
        '{"events": [\n  {%- for post in site.posts -%}\n'
        '    {"start_date": {"year": {{ post.date | date: "%Y" }}}}\n'
        "  {%- endfor -%}\n]}\n",
        "timeline-data.html:1:1: error: this is a template that writes the timeline's JSON "
        "({% … %} or {{ … }} tags, as Jekyll's and Hugo's are), not the timeline: build that "
        "site and import the file the template writes (this one writes "
        "/json/timeline-data.json) [import-source]",
        {},
    ),
    # Text in `backquotes` (a template string, to write lines) in the object given to
    # `new TL.Timeline` (seen in an online CV's repository): the error names the line and
    # what to write, not 'Expecting value' at line 1.
    "javascript-not-json": (
        "timeline-implementation.js",
        "timeline = new TL.Timeline('timeline-embed', {\n"
        '    "events": [{"start_date": {"year": 2009},\n'
        '        "text": {"headline": "Level editor", "text": `A student project\n'
        "            <br/>`}}]\n"
        "});\n",
        (
            "timeline-implementation.js:3:54: error: not valid JSON:",
            "(text in `backquotes`, a JavaScript template string)",
            'write its keys and text in double quotes ("text": "…"',
        ),
        {},
    ),
    # A timeline.json that ends inside its last slide (seen in a Chilean neighbourhood
    # project's repository, committed half-written): the error says it was cut short.
    "cut-short": (
        "timeline.json",
        '{"events": [\n  {\n    "text": {\n      "headline": "LICITACIÓN DE OBRAS",',
        (
            "timeline.json:4:41: error: not valid JSON: the file ends before",
            "it was cut short",
        ),
        {},
    ),
    # A list of places, each with the Knight Lab embed code of its timeline (seen in a
    # French map interface's `timeline.json`): the error names the first one's Google
    # Sheet, as for an embed code alone, not 'the file holds a list'.
    "embed-codes": (
        "timeline.json",
        json.dumps([{"id": "77.0024", "timeline": EMBED_CODE}]),
        (
            "timeline.json:1:1: error: ",
            "holds Knight Lab embed codes, not a timeline",
            "the Google Sheet https://docs.google.com/spreadsheets/d/1TvIpumSJbbQ/",
        ),
        {},
    ),
    # A personal site's copy of TimelineJS 2's embed script, whose config names a Google
    # Sheet (`source: 'https://docs.google.com/spreadsheet/pub?key=…'`): one error naming
    # the sheet to download, not 'not valid JSON' at a line of the library.
    "a-script-with-no-timeline": (
        "timeline-embed.js",
        "/* TimelineJS embed */\n"
        "var WebFontConfig;\n"
        "if (typeof embed_path == 'undefined') { var embed_path = ''; }\n"
        "var timeline_config = { width: '100%', height: '600',\n"
        "  source: 'https://docs.google.com/spreadsheet/pub?key=0Agl_Dv6&output=html' };\n"
        "function createStoryJS(c, src) { var storyjs_embedjs, t; }\n",
        (
            "timeline-embed.js:1:1: error: this script has no timeline written",
            "the Google Sheet https://docs.google.com/spreadsheet/pub?key=0Agl_Dv6&output=html",
        ),
        {},
    ),
}
"""A file as found; the one error that names what to fix at its place (the whole of it,
or its start and what it says); the events imported nonetheless (slug -> date)."""


@pytest.mark.parametrize("case", REFUSED_AT_THEIR_PLACE)
def test_a_wild_file_is_refused_with_one_error_at_its_place(tmp_path: Path, case: str) -> None:
    name, text, error, dates = REFUSED_AT_THEIR_PLACE[case]
    site = new_site(tmp_path)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = import_(source, site)
    assert result.code == 1
    (said,) = diagnostics(result)
    if isinstance(error, str):
        assert said == error
    else:
        start, *parts = error
        assert said.startswith(start), said
        assert all(part in said for part in parts), said
    assert {slug: front(path)["date"] for slug, path in imported(site).items()} == dates


def test_a_timeline_whose_text_shows_template_tags_is_read(tmp_path: Path) -> None:
    """Text that shows `{% … %}` (not a template, a timeline about one) is read as the
    timeline it is."""
    site = new_site(tmp_path)
    shown = tmp_path / "liquid.json"
    slide = {"start_date": {"year": 2012}, "text": {"headline": "Liquid", "text": "{% for %}"}}
    shown.write_text(json.dumps({"events": [slide]}))
    assert import_(shown, site).code == 0
    assert "liquid" in imported(site)


def test_a_time_written_in_a_json_date_is_its_time(tmp_path: Path) -> None:
    """`"start_date": {…, "time": "10:00 PM"}`, the sheet's Time column as a converter
    that mirrors the sheet writes it (seen, empty, in a local-history tool's 649-slide
    export): the event's time, not dropped without a word."""
    site = new_site(tmp_path)
    source = tmp_path / "night.json"
    start = {"year": 2012, "month": 3, "day": 5, "time": "10:00 PM"}
    end = {"year": 2012, "month": 3, "day": 5, "time": "11:30 PM"}
    slide = {"start_date": start, "end_date": end, "text": {"headline": "Late vote"}}
    empty = {"start_date": {"year": 2013, "time": ""}, "text": {"headline": "No time"}}
    source.write_text(json.dumps({"events": [slide, empty]}))
    result = import_(source, site)
    assert result.code == 0 and diagnostics(result) == [], result.err
    late = front(imported(site)["late-vote"])
    assert (late["date"], late["time"], late["end_time"]) == ("2012-03-05", "22:00", "23:30")
    assert "time" not in front(imported(site)["no-time"])


def test_one_era_written_without_its_list_is_read(tmp_path: Path) -> None:
    """`"eras": {…}`, one era as an object (seen in a sensor dashboard's script, whose
    timeline follows chart options written in JavaScript): read as a list of one, said,
    where it was left out without a word."""
    site = new_site(tmp_path)
    source = tmp_path / "sensor.js"
    era = {"start_date": {"year": 2017}, "end_date": {"year": 2018}, "text": {"headline": "Trial"}}
    source.write_text(
        "var chartOption = { title: { text: 'SENSOR DATA' }, legend: { data: ['x'] } };\n"
        f"var storyjs_jsonp_data = {json.dumps({'eras': era, 'events': [json.loads(SLIDE)]})};\n",
        encoding="utf-8",
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "eras: 'eras' is one era, not a list of them; it is read as a list of one" in result.err
    eras = (site / "content" / "eras.yaml").read_text(encoding="utf-8")
    assert '- title: "Trial"\n  start: "2017"\n  end: "2018"' in eras
    assert list(imported(site)) == ["cholon-grows"]


def test_a_dates_display_format_is_said_once_not_dropped_unsaid(tmp_path: Path) -> None:
    """`"format": "mmmm d, yyyy"` in a date object (TimelineJS's pattern for showing it,
    which TimelineJS's Date class reads) was left out without a word: one warning for the
    file, at the first, saying what the site shows instead; the dates import as given."""
    site = new_site(tmp_path)
    source = tmp_path / "formats.json"
    slides = [
        {"start_date": {"year": 1969, "month": 7, "day": 20, "format": "yyyy"},
         "text": {"headline": "Apollo lands"}},
        {"start_date": {"year": 1972, "month": 12, "format": "mmmm yyyy"},
         "text": {"headline": "The last landing"}},
    ]  # fmt: skip
    source.write_text(json.dumps({"events": slides}, indent=1), encoding="utf-8")
    result = import_(source, site)
    assert result.code == 0, result.err
    said = [line for line in diagnostics(result) if "format" in line]
    assert said == [
        "formats.json:8:15: warning: events[0].start_date.format: TimelineJS's pattern for "
        "showing the date ('yyyy') is not used: sitegen writes each date in its own words "
        "to the precision it has ('8 July 2024', 'July 2024', '2024'); for other words, "
        "give the slide a display_date (said once, for every date with a format) [import-date]"
    ], diagnostics(result)
    assert front(imported(site)["apollo-lands"])["date"] == "1969-07-20"
    assert front(imported(site)["the-last-landing"])["date"] == "1972-12"


LIBRARY_BANNER = (
    "/*\n    TimelineJS - ver. 3.6.6 - 2019-07-22\n"
    "    Copyright (c) 2012-2016 Northwestern University\n*/\n"
)
LIBRARY_MINIFIED = (
    '!function(t){t.TL={VERSION:"0.1",_originalL:t.TL}}(this),TL.debug=!1,'
    "TL.Util={mergeData:function(t,e){var i;for(i in e)t[i]=e[i];return t}},"
    "TL.Timeline=TL.Class.extend({initialize:function(t,e,i){this.options={events:[]}}});"
)
LIBRARY_WEBPACK = (  # (TimelineJS 3.8 on, built by webpack: no banner, a licence pointer)
    "/*! For license information please see timeline.js.LICENSE.txt */\n"
    '!function(t,e){"object"==typeof exports?exports.TL=e():t.TL=e()}(self,(function(){'
    "return(()=>{var t={9:(t,e,i)=>{class ke{constructor(t,e,i={}){this.ready=!1}}}};"
    "return t})()}));"
)


def test_timelinejs_own_library_is_named_with_what_to_import_instead(tmp_path: Path) -> None:
    """timeline-min.js (TimelineJS's code, found beside the timeline on a newsroom's
    server) was refused as JSON that wants "keys in double quotes": no edit makes it a
    timeline. It is named as TimelineJS's library, with what to give instead."""
    site = new_site(tmp_path)
    for name, text in (
        ("timeline-min.js", LIBRARY_BANNER + LIBRARY_MINIFIED),
        ("bare-min.js", LIBRARY_MINIFIED),
        ("timeline.js", LIBRARY_WEBPACK),
    ):
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        result = import_(source, site)
        assert result.code == 1
        assert diagnostics(result) == [
            f"{name}:1:1: error: this is TimelineJS's own code (its library, timeline.js or "
            "timeline-min.js), not a timeline: import the timeline's data instead: the JSON "
            "file a page gives it (`new TL.Timeline('timeline-embed', 'timeline.json')`'s "
            "second argument), or the Google Sheet downloaded as CSV (File > Download > "
            "Comma-separated values) [import-source]"
        ], name
        assert imported(site) == {}


def test_the_summary_counts_slides_the_reader_refused(tmp_path: Path) -> None:
    """A slide with no start_date (TimelineJS3's own examples/marktwain_error.json has
    one), a TimelineJS 2 slide with no startDate and a sheet row with no Year are said to
    be not imported where they are, and the closing line counts them too, as it counts a
    slide with no title: it said 'imported 2 events' and nothing of the third."""
    site = new_site(tmp_path)
    v3 = tmp_path / "v3.json"
    v3.write_text(
        json.dumps(
            {
                "events": [
                    {"start_date": {"year": "1900"}, "text": {"headline": "One"}},
                    {"text": {"headline": "Hawaii"}},
                    {"start_date": {"year": "1901"}, "text": {"headline": "Two"}},
                    {"start_date": {"year": ""}, "text": {"headline": ""}},  # blank: skipped
                ]
            }
        ),
        encoding="utf-8",
    )
    result = import_(v3, site)
    assert "the slide 'Hawaii' has no start_date; it is not imported" in result.err
    assert "imported 2 events as drafts, 1 slide not imported" in result.err, result.err
    v2 = tmp_path / "v2.json"
    v2.write_text(
        json.dumps(
            {
                "timeline": {
                    "headline": "Old",
                    "type": "default",
                    "date": [
                        {"startDate": "1902", "headline": "Three"},
                        {"headline": "Undated"},
                    ],
                }
            }
        ),
        encoding="utf-8",
    )
    result = import_(v2, new_site(tmp_path, "v2site"))
    assert "has no startDate; it is not imported" in result.err, result.err
    assert "imported 1 event as drafts, 1 slide not imported" in result.err, result.err
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text\n"
        "1903,,,,,,,,,Four,\n"
        ",,,,,,,,,No year,\n",
        encoding="utf-8",
    )
    result = import_(sheet, new_site(tmp_path, "csvsite"))
    assert "has no Year; it is not imported" in result.err, result.err
    assert "imported 1 event as drafts, 1 slide not imported" in result.err, result.err
