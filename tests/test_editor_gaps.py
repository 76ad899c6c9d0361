"""Gaps a careless or hostile editor found in the content contract: each case is what a
newsroom user would hit, on a tiny site in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, build, html, run

Site = Callable[..., Path]

CORRECTED = (
    "---\n"
    'title: "The first event"\n'
    'summary: "Something happened."\n'
    'date: "2024-07-08"\n'
    "people: [ada-lovelace]\n"
    "countries: [testland]\n"
    "sources: [wire]\n"
    "corrections:\n"
    '  - date: "2024-07-09"\n'
    '    text: "An earlier version gave the wrong toll {cite}."\n'
    "---\n"
    "It happened, said [[ada-lovelace]] [@wire].\n"
)
SECOND_SOURCE = (
    "agency:\n"
    '  title: "An agency report"\n'
    '  publisher: "Agency"\n'
    '  url: "https://example.org/agency"\n'
    '  published: "2024-07-09"\n'
)


def check(root: Path, *extra: str) -> list[str]:
    result = run("check", root, "--today", TODAY, *extra)
    assert "Traceback" not in result.out + result.err
    return result.out.splitlines()[:-1]


# -- 1. citations in corrections ------------------------------------------------------


def test_a_correction_cites_a_source_as_a_body_does(site: Site) -> None:
    """`[@agency]` in a correction is a numbered link to the page's source list, and the
    source (cited nowhere else) is listed there and counted as used."""
    from tests.conftest import BASE_FILES

    root = site({
        "content/sources.yaml": BASE_FILES["content/sources.yaml"] + SECOND_SOURCE,
        "content/events/first.md": CORRECTED.format(cite="[@agency]"),
    })  # fmt: skip
    assert check(root, "--strict") == []
    assert build(root).code == 0
    page = html(root / "output/events/first/index.html")
    item = page.select_one(".corrections li")
    assert item is not None and "[agency]" not in item.get_text()
    link = item.select_one('a[href^="#source-"]')
    assert link is not None and link.get_text() == "2"
    assert page.select_one("#source-2") is not None
    assert "An agency report" in page.select_one("#source-2").get_text()  # type: ignore[union-attr]
    # one cite-N anchor per number: the correction does not take the body's
    assert len(page.select("#cite-1")) == 1


def test_a_correction_citing_an_unknown_source_is_an_error(site: Site) -> None:
    root = site({"content/events/first.md": CORRECTED.format(cite="[@wier]")})
    assert check(root) == [
        "content/events/first.md:10:11: error: [@wier] cites a source that sources.yaml "
        "does not have; did you mean 'wire'? [citation-unknown]"
    ]


# -- 3. updated before the event --------------------------------------------------------

UPDATED = CORRECTED.replace("corrections:\n", "{updated}corrections:\n").replace(
    '"2024-07-09"', '"{corrected}"'
)


def test_updated_or_corrected_before_the_event_or_after_today_is_warned(site: Site) -> None:
    root = site({
        "content/events/first.md": UPDATED.format(
            updated='updated: "2024-06-30"\n', corrected="2027-01-02", cite="[@wire]"
        ),
    })  # fmt: skip
    assert check(root) == [
        "content/events/first.md:8:10: warning: 'updated' (2024-06-30) is before the event "
        "began (2024-07-08); an entry is updated after it is first published: correct the "
        "date (often a typo in the year or month) [date-updated]",
        "content/events/first.md:10:11: warning: correction 1 (2027-01-02) is after today "
        "(2026-11-27); write the day the entry was changed [date-updated]",
    ]


def test_coarser_or_scheduled_updates_are_fine_but_not_before_any_source(site: Site) -> None:
    fine = UPDATED.format(updated='updated: "2024-07"\n', corrected="2024-07-09", cite="")
    assert check(site({"content/events/first.md": fine}), "--strict") == []
    # announced ahead: updated before it happens, but not before the wire (2024-07-08)
    ahead = UPDATED.format(updated='updated: "2024-06-01"\n', corrected="2024-07-09", cite="")
    ahead = ahead.replace('date: "2024-07-08"', 'date: "2024-07-20"\nstatus: scheduled')
    assert check(site({"content/events/first.md": ahead})) == [
        "content/events/first.md:9:10: warning: 'updated' (2024-06-01) is before its first "
        "source was published (2024-07-08); an entry is updated after it is first published: "
        "correct the date (often a typo in the year or month) [date-updated]"
    ]
    assert check(site({"content/events/first.md": ahead.replace("2024-06-01", "2024-07-10")}),
                 "--strict") == []  # fmt: skip


# -- 4. times the clocks skip or show twice ------------------------------------------


def _timed(zone: str, **events: str) -> dict[str, str | bytes | None]:
    from tests.conftest import BASE_FILES

    sources = BASE_FILES["content/sources.yaml"].replace("2024-07-08", "2024-12-01")
    files: dict[str, str | bytes | None] = {
        "content/site.yaml": BASE_FILES["content/site.yaml"] + f'timezone: "{zone}"\n',
        "content/sources.yaml": sources,
    }
    for slug, when in events.items():
        files[f"content/events/{slug}.md"] = (
            BASE_FILES["content/events/first.md"]
            .replace('date: "2024-07-08"', when)
            .replace("The first event", slug)
        )
    return files


def test_a_time_the_clocks_skip_is_an_error_giving_the_real_time(site: Site) -> None:
    root = site(_timed("America/New_York", first='date: "2024-03-10"\ntime: "02:15"'))
    assert check(root) == [
        "content/events/first.md:5:7: error: 02:15 on 10 March 2024 is not on the clock in "
        "America/New_York: the clocks went forward an hour that night, so that moment is "
        "03:15 EDT (or 01:15 EST, if the source counted in the time before the change); "
        'write "03:15" [time-invalid]'
    ]
    assert build(root).code == 1 and not (root / "output").exists()


def test_a_time_shown_twice_is_warned_with_both_offsets(site: Site) -> None:
    root = site(_timed(
        "Europe/Berlin",
        first='date: "2024-10-26"\ntime: "23:00"\nend: "2024-10-27"\nend_time: "02:59"',
        second='date: "2024-10-27"\ntime: "03:00"',  # after the fold: one moment
        third='date: "2024-03-31"\ntime: "03:00"',  # the first minute after the gap
    ))  # fmt: skip
    assert check(root) == [
        "content/events/first.md:7:11: warning: 02:59 on 27 October 2024 happens twice in "
        "Europe/Berlin: first at UTC+02:00 (CEST), then, after the clocks go back, at "
        "UTC+01:00 (CET); sitegen shows the first: if the source means the second, leave "
        "'end_time' out and give the time in the text [time-ambiguous]"
    ]


def test_zones_without_a_change_of_clocks_are_quiet(site: Site) -> None:
    root = site(_timed("Asia/Kolkata", first='date: "2024-03-31"\ntime: "02:30"'))
    assert check(root, "--strict") == []


# -- 5. a date before the common era on the command line ------------------------------


def test_new_takes_a_negative_date_with_or_without_the_equals_sign(site: Site) -> None:
    root = site()
    for slug, words in (
        ("ides", ["--date", "-0044-03-15"]),
        ("ides-again", ["--date=-0044-03-15"]),
        ("about-then", ["--date", "-0044~"]),
    ):
        result = run("new", "event", slug, "--site", root, *words, "--today", TODAY)
        assert result.code == 0, result.err
    texts = {p.stem: p.read_text(encoding="utf-8") for p in root.glob("content/events/*/*.md")}
    assert 'date: "-0044-03-15"' in texts["ides"] and 'date: "-0044-03-15"' in texts["ides-again"]
    assert 'date: "-0044~"' in texts["about-then"]
    result = run("new", "source", "annals", "--site", root, "--url", "https://example.org/a",
                 "--title", "Annals", "--published", "-0044-03-15", "--today", TODAY)  # fmt: skip
    assert result.code == 0, result.err
    assert 'published: "-0044-03-15"' in (root / "content/sources.yaml").read_text()
    # a wrong one is still read as the option's value, and explained
    result = run("new", "event", "wrong", "--site", root, "--date", "-44", "--today", TODAY)
    assert result.code == 2 and "write -0044" in result.err


# -- 2. file and folder names ---------------------------------------------------------


def test_names_with_invisible_or_reordering_characters_are_errors(site: Site) -> None:
    from tests.conftest import BASE_FILES

    root = site({
        "content/events/first.md": None,
        "content/events/2024\u202e/first.md": BASE_FILES["content/events/first.md"],
        "static/photos\u2066/a.png": b"x",
        "static/notes\u2028.txt": b"x",
        "static/bell\x07.txt": b"x",
    })  # fmt: skip
    hint = (
        "it shows differently from what it is, in a file browser, a terminal or an "
        "address bar; rename it [name-control]"
    )
    assert check(root) == [
        f"content/events/2024\\u202e:1:1: error: this name holds an invisible U+202E "
        f"(right-to-left override): {hint}",
        f"static/bell\\x07.txt:1:1: error: this name holds an invisible U+0007 (control "
        f"character): {hint}",
        f"static/notes\\u2028.txt:1:1: error: this name holds an invisible U+2028 (line "
        f"separator): {hint}",
        f"static/photos\\u2066:1:1: error: this name holds an invisible U+2066 (left-to-right "
        f"isolate): {hint}",
    ]
    assert build(root).code == 1 and not (root / "output").exists()


def test_names_that_differ_only_in_unicode_normalization_are_warned(site: Site) -> None:
    import unicodedata

    from tests.conftest import BASE_FILES

    nfc, nfd = "ann\u00e9e", unicodedata.normalize("NFD", "ann\u00e9e")
    second = BASE_FILES["content/events/first.md"].replace("The first event", "Second")
    second = second.replace('date: "2024-07-08"', 'date: "2024-07-07"')
    root = site({
        f"content/events/{nfc}/second.md": second,
        f"content/events/{nfd}/first.md": BASE_FILES["content/events/first.md"],
        "content/events/first.md": None,
        f"static/{nfc}.png": b"x",
        f"static/{nfd}.png": b"x",
        f"static/r{unicodedata.normalize('NFD', 'ésumé')}.pdf": b"x",
        f"static/{nfc}-only.pdf": b"x",  # NFC alone: fine
    })  # fmt: skip
    out = check(root)
    assert out == [
        f"content/events/{nfd}:1:1: warning: content/events/{nfd} is written with accents "
        "as separate characters (e + U+0301, as macOS saves names), and "
        f"content/events/{nfc} is the same name written the usual way: a disk or host "
        "that normalises names keeps only one of them; merge or rename them "
        "[name-normalization]",
        f"static/{nfd}.png:1:1: warning: static/{nfd}.png is written with accents as "
        "separate characters (e + U+0301, as macOS saves names), and "
        f"static/{nfc}.png is the same name written the usual way: a disk or host that "
        "normalises names keeps only one of them; merge or rename them [name-normalization]",
        f"static/r{unicodedata.normalize('NFD', 'ésumé')}.pdf:1:1: warning: static/"
        f"r{unicodedata.normalize('NFD', 'ésumé')}.pdf is written with accents as separate "
        "characters (e + U+0301, as macOS saves names): an address typed by hand (NFC, "
        "each accented letter one character) does not find it; rename it, retyping its "
        "accented letters [name-normalization]",
    ]


# -- 6. a one-story site links its data files ----------------------------------------


def test_a_one_story_front_page_links_its_data_files_as_a_timeline_page_does(
    site: Site,
) -> None:
    root = site()
    assert build(root).code == 0
    line = html(root / "output/index.html").select_one("p.story-files")
    assert line is not None
    hrefs = [a["href"] for a in line.select("a")]
    assert hrefs == ["timeline.json", "events.json", "events.ics", "feed.xml"]
    for href in hrefs:
        assert (root / "output" / str(href)).is_file(), href
    # without a base_url there is no calendar or feed, and no link to them
    root = site({"content/site.yaml": 'title: "Test timeline"\n'})
    assert build(root).code == 0
    line = html(root / "output/index.html").select_one("p.story-files")
    assert line is not None and [a["href"] for a in line.select("a")] == [
        "timeline.json",
        "events.json",
    ]


# -- 7. what a careless editor writes --------------------------------------------------


def test_a_source_listed_twice_is_warned_as_other_lists_are(site: Site) -> None:
    from tests.conftest import BASE_FILES

    event = BASE_FILES["content/events/first.md"].replace("[wire]", "[wire, wire]")
    assert check(site({"content/events/first.md": event})) == [
        "content/events/first.md:7:17: warning: 'wire' is listed twice in sources (item 1 "
        "is the same); remove the repeat [ref-repeated]"
    ]


def test_a_title_of_spaces_is_empty(site: Site) -> None:
    from tests.conftest import BASE_FILES

    event = BASE_FILES["content/events/first.md"].replace('"The first event"', '"   "')
    assert check(site({"content/events/first.md": event})) == [
        "content/events/first.md:2:8: error: 'title' is empty [field-missing]"
    ]


def test_a_zone_that_names_no_place_is_warned_and_an_offset_explained(site: Site) -> None:
    from tests.conftest import BASE_FILES

    def zone(name: str) -> list[str]:
        yaml = BASE_FILES["content/site.yaml"] + f'timezone: "{name}"\n'
        return check(site({"content/site.yaml": yaml}))

    assert zone("Etc/GMT+2") == [
        "content/site.yaml:3:11: warning: 'Etc/GMT+2' is the fixed offset UTC-02:00 (the "
        "sign of these names is the opposite of the offset's) all year, without summer "
        "time; write the zone of the place the times are from, like Europe/Berlin or "
        "America/New_York (or, if the sources give only that offset, add timezone-legacy "
        "to ignore) [timezone-legacy]"
    ]
    assert zone("CET") == [
        "content/site.yaml:3:11: warning: 'CET' is an abbreviation's rules, not a place's "
        "history of its clocks; write the zone of the place the times are from, like "
        "Europe/Berlin [timezone-legacy]"
    ]
    assert zone("Europe/Berlin") == zone("Etc/GMT+0") == zone("US/Eastern") == []
    assert zone("UTC+2") == [
        "content/site.yaml:3:11: error: 'UTC+2' is not a time zone sitegen knows; write an "
        "IANA name like Europe/Moscow, Asia/Kolkata or UTC; an offset is not a zone: write "
        "the zone of the place the times are from, like Europe/Berlin (for a fixed "
        "UTC+02:00 all year, Etc/GMT-2: those names invert the sign) [timezone-unknown]"
    ]


def test_a_zone_file_that_is_no_place_s_zone_is_refused_with_why(site: Site) -> None:
    """zoneinfo opens 'localtime' (the building computer's own zone: the CI and a laptop
    would publish other times), 'posixrules', 'Factory' and the posix/ and right/ copies
    that only some systems have; a site's times must not depend on the machine."""
    from tests.conftest import BASE_FILES

    def zone(name: str) -> list[str]:
        yaml = BASE_FILES["content/site.yaml"] + f'timezone: "{name}"\n'
        return check(site({"content/site.yaml": yaml}))

    head = (
        "content/site.yaml:3:11: error: '{}' is not a time zone sitegen knows; write an "
        "IANA name like Europe/Moscow, Asia/Kolkata or UTC; "
    )
    assert zone("localtime") == [
        head.format("localtime") + "'localtime' is the zone of the computer that builds "
        "the site, so another computer (the CI, a colleague's) would show other times "
        "[timezone-unknown]"
    ]
    assert zone("right/Europe/Berlin") == [
        head.format("right/Europe/Berlin") + "'right/' is a copy of the zones that only "
        "some computers have; did you mean 'Europe/Berlin'? [timezone-unknown]"
    ]
    for name in ("posixrules", "Factory", "posix/Asia/Kolkata"):
        [line] = zone(name)
        assert line.startswith(head.format(name)) and line.endswith("[timezone-unknown]")


def test_an_empty_item_of_a_list_is_an_error_at_it(site: Site) -> None:
    """`tags: [war, ""]` published an empty link on the event page and an empty topic in
    the filter, with only a warning when two were empty; an empty person, country,
    related event or source was "no person '' (content/people/.md)"."""
    from tests.conftest import BASE_FILES

    first = BASE_FILES["content/events/first.md"]
    tagged = first.replace("sources: [wire]", 'tags: [war, "", " "]\nsources: [wire, ""]')
    assert check(site({"content/events/first.md": tagged})) == [
        "content/events/first.md:7:13: error: item 2 of 'tags' is empty; remove it [field-type]",
        "content/events/first.md:7:17: error: item 3 of 'tags' is empty; remove it [field-type]",
        "content/events/first.md:8:17: error: item 2 of 'sources' is empty; remove it [field-type]",
    ]


def test_a_file_named_with_capitals_is_one_error_with_one_fix(site: Site) -> None:
    """`Ada-Lovelace.md` (as a Mac or a colleague names a file) was three errors: the
    file's "rename it to 'ada-lovelace.md'", and at every event naming the person,
    "no person 'ada-lovelace'; did you mean 'Ada-Lovelace'?": the opposite fix. The
    file is known by the name it is to have, so only the rename is asked for."""
    from tests.conftest import BASE_FILES

    root = site()
    (root / "content/people/ada-lovelace.md").rename(root / "content/people/Ada-Lovelace.md")
    assert BASE_FILES["content/events/first.md"].count("ada-lovelace") == 2
    assert check(root) == [
        "content/people/Ada-Lovelace.md:1:1: error: 'Ada-Lovelace.md' is not a valid person "
        "file name: use lower-case letters, digits and hyphens, ending in .md; rename it to "
        "'ada-lovelace.md' [slug-invalid]"
    ]


def test_a_tag_written_two_ways_is_warned_at_the_unusual_way(site: Site) -> None:
    from tests.conftest import BASE_FILES

    first = BASE_FILES["content/events/first.md"]
    root = site({
        "content/events/first.md": first.replace("sources:", "tags: [War_In_Ukraine]\nsources:"),
        "content/events/second.md": first.replace("The first event", "Second").replace(
            "sources:", "tags: [diplomacy, war-in-ukraine]\nsources:"
        ).replace("2024-07-08", "2024-07-07"),
    })  # fmt: skip
    assert check(root) == [
        "content/events/first.md:7:8: warning: tag 'War_In_Ukraine' is 'war-in-ukraine' "
        "(content/events/second.md) written another way; the topic filter would list them "
        "as two topics: write 'war-in-ukraine' [tag-variant]"
    ]


def test_a_name_for_a_tag_no_event_can_have_is_warned_where_it_is_given(site: Site) -> None:
    """tags.yaml's keys are tags as events write them; a key with a space or a comma (the
    topic's name written as its key) names no topic, and the topic showed its slug."""
    root = site({
        "content/tags.yaml": "Climate Reform: Climate reform\nwar-in-ukraine: War in Ukraine\n",
        "content/site.yaml": 'title: "T"\nbase_url: "https://example.org/t/"\n'
        "tags:\n  'trade, tariffs':\n    name: Trade\n",
    })  # fmt: skip
    said = check(root)
    assert said == [
        "content/site.yaml:4:3: warning: 'trade, tariffs' is no tag an event can have (a tag "
        "has no space, comma or hidden character), so this name is given to no topic; write "
        "the tag as events write it in tags:, trade-tariffs [tag-variant]",
        "content/tags.yaml:1:1: warning: 'Climate Reform' is no tag an event can have (a tag "
        "has no space, comma or hidden character), so this name is given to no topic; write "
        "the tag as events write it in tags:, climate-reform [tag-variant]",
    ]
    assert build(root).code == 0  # (a warning: the site is published)


def test_a_story_updated_after_today_is_reported_once(site: Site) -> None:
    from tests.conftest import BASE_FILES

    # (a timeline's: date-future, an error like an event's future date; not also date-updated)
    story = '---\ntitle: "A story"\nupdated: "2027-03-01"\n---\nIntro.\n'
    first = BASE_FILES["content/events/first.md"].replace("sources:", "timelines: [s]\nsources:")
    root = site({"content/timelines/s.md": story, "content/events/first.md": first})
    assert check(root) == [
        "content/timelines/s.md:3:10: error: the timeline says it was updated after today "
        "(2026-11-27), and would head the front page until then; correct the date [date-future]"
    ]


def test_a_correction_is_checked_as_a_body_is(site: Site) -> None:
    text = "See [this](javascript:alert(1)) and <b>bold</b>; `[@nope]` is code"
    root = site({"content/events/first.md": CORRECTED.replace("{cite}", "").replace(
        "An earlier version gave the wrong toll .", text
    )})  # fmt: skip
    assert check(root) == [
        "content/events/first.md:10:11: error: link to 'javascript:alert(1)' uses "
        "'javascript:'; only http, https and mailto links are allowed [link-scheme]",
        "content/events/first.md:10:11: warning: raw HTML '</b>' is shown as text; write "
        "Markdown, or set 'allow_html: true' in site.yaml if you trust every author [html-raw]",
        "content/events/first.md:10:11: warning: raw HTML '<b>' is shown as text; write "
        "Markdown, or set 'allow_html: true' in site.yaml if you trust every author [html-raw]",
    ]


def test_a_mistyped_citation_is_warned_with_the_way_to_write_it(site: Site) -> None:
    from tests.conftest import BASE_FILES

    body = "\nSaid [ @wire] and [@wire, @afp]; `[@ code]` and a@b.c are fine.\n\nOpen [@wire\n"
    root = site({"content/events/first.md": BASE_FILES["content/events/first.md"] + body})
    assert check(root) == [
        "content/events/first.md:11:6: warning: '[ @wire]' is not a citation sitegen reads, "
        "so readers see it as written; write [@wire] (several sources: [@a; @b]) "
        "[citation-syntax]",
        "content/events/first.md:11:19: warning: '[@wire, @afp]' is not a citation sitegen "
        "reads, so readers see it as written; write [@wire; @afp] [citation-syntax]",
        "content/events/first.md:13:6: warning: '[@wire' is not a citation sitegen reads, so "
        "readers see it as written; write [@wire] (several sources: [@a; @b]) "
        "[citation-syntax]",
    ]


def test_a_folder_name_is_checked_even_when_its_file_cannot_be_read(site: Site) -> None:
    root = site({"content/events/x\u2067y/broken.md": "---\ntitle: [\n---\n"})
    out = check(root)
    assert (
        "content/events/x\\u2067y:1:1: error: this name holds an invisible U+2067 "
        "(right-to-left isolate): it shows differently from what it is, in a file browser, "
        "a terminal or an address bar; rename it [name-control]"
    ) in out
    assert any(line.startswith("content/events/x\\u2067y/broken.md:") for line in out)


def test_the_front_page_of_a_site_with_timelines_links_the_site_wide_files(
    site: Site,
) -> None:
    from tests.conftest import BASE_FILES

    first = BASE_FILES["content/events/first.md"].replace("sources:", "timelines: [s]\nsources:")
    root = site({
        "content/timelines/s.md": '---\ntitle: "A story"\n---\nIntro.\n',
        "content/events/first.md": first,
    })  # fmt: skip
    assert build(root).code == 0
    front = html(root / "output/index.html").select_one("p.story-files")
    story = html(root / "output/timelines/s/index.html").select_one("p.story-files")
    assert front is not None and story is not None
    names = ["timeline.json", "events.json", "events.ics", "feed.xml"]
    assert [a["href"] for a in front.select("a")] == names
    assert [a["href"] for a in story.select("a")] == [f"../../timelines/s/{n}" for n in names]
    for name in names:
        assert (root / "output" / name).is_file()
        assert (root / "output/timelines/s" / name).is_file()


def test_a_lone_series_near_another_is_warned_once(site: Site) -> None:
    from tests.conftest import BASE_FILES

    def event(title: str, day: str, series: str) -> str:
        return (
            BASE_FILES["content/events/first.md"]
            .replace("The first event", title)
            .replace('date: "2024-07-08"', f'date: "2024-07-{day}"\nseries: {{{series}}}')
        )

    sources = BASE_FILES["content/sources.yaml"].replace("2024-07-08", "2024-07-30")
    root = site({
        "content/sources.yaml": sources,
        "content/events/first.md": event("One", "08", "id: summit, number: 1"),
        "content/events/second.md": event("Two", "09", "id: summit, number: 2"),
        "content/events/third.md": event("Three", "10", "id: sumit, number: 3"),
        "content/events/fourth.md": event("Four", "11", "id: g7-summit, number: 1"),
        "content/events/fifth.md": event("Five", "12", "id: g8-summit, number: 1"),
    })  # fmt: skip
    assert check(root) == [
        "content/events/third.md:5:14: warning: series 'sumit' has no other event; did you "
        "mean 'summit'? (a series of one is listed on its own) [series-single]"
    ]


def test_an_event_dated_in_doubt_is_not_held_to_its_date(site: Site) -> None:
    fine = UPDATED.format(updated='updated: "2024-06-30"\n', corrected="2024-07-09", cite="")
    fine = fine.replace('date: "2024-07-08"', 'date: "2024-07-08~"')
    assert check(site({"content/events/first.md": fine}), "--strict") == []
