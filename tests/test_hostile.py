"""Hostile values: what check accepts builds into files every reader's tool opens.

Fixtures are in tests/sites/hostile/<case>/, laid over the minimal site.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.conftest import BASE_FILES, TODAY, run
from tests.hostile import check_output, materialize
from tests.test_search import lookup, record


def _build(root: Path, *extra: str) -> str:
    result = run("build", root, "--today", TODAY, *extra)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert result.code == 0, result.out + result.err
    return result.out


# -- dates ---------------------------------------------------------------------------------


def test_edge_years_build_into_every_output(tmp_path: Path) -> None:
    root = materialize("extreme-dates", tmp_path / "site")
    _build(root)
    out = root / "output"
    check_output(out)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    events = {e["slug"]: e for e in json.loads((out / "events.json").read_text())["events"]}
    assert events["y-0001-01-01-9999-12-31"]["end"] == "9999-12-31"
    assert events["y-9999-12-31-ongoing"]["ongoing"] is True
    slides = json.loads((out / "timeline.json").read_text())["events"]
    assert {"year": 9999, "month": 12, "day": 31} in [s["start_date"] for s in slides]
    page = (out / "events" / "y-0001-01-01" / "index.html").read_text()
    assert '"startDate":"0001-01-01"' in page
    assert "<svg" in (out / "index.html").read_text()  # the overview strip


def _vevents(ics: str) -> dict[str, str]:
    unfolded = ics.replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, flags=re.S)
    return {re.search(r"UID:([^@]+)@", b).group(1): b for b in blocks}  # type: ignore[union-attr]


def test_icalendar_spans_reach_the_last_day_of_9999(tmp_path: Path) -> None:
    root = materialize("extreme-dates", tmp_path / "site")
    _build(root)
    events = _vevents((root / "output" / "events.ics").read_bytes().decode("utf-8"))
    last = events["y-9999-12-31"]
    assert "DTSTART;VALUE=DATE:99991231\r\n" in last
    # the day after 9999-12-31 has no iCalendar DATE: a one-day DURATION says the same
    assert "DURATION:P1D\r\n" in last and "DTEND" not in last
    assert "DURATION:P365D\r\n" in events["y-9999"]
    assert "DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:00010102" in events["y-0001-01-01"]
    assert "DTSTAMP:00010101T000000Z" in events["y-0001-01-01"]
    whole = events["y-0001-01-01-9999-12-31"]
    assert "DURATION:P3652059D" in whole  # every day of years 1 to 9999


@pytest.mark.parametrize(
    "date",
    ["0001-01-01", "0001-01", "0001", "0099-12-31", "1000-02", "9999", "9999-12", "9999-12-31"],
)
def test_a_lone_event_at_an_edge_year_builds(date: str, site: object, tmp_path: Path) -> None:
    """Alone, the event's overview axis is padded to half a year around it: past year 1
    or 9999 (which a theme template crashed on)."""
    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": (
                f'---\ntitle: "Alone"\ndate: "{date}"\nstatus: scheduled\n'
                "people: [ada-lovelace]\ncountries: [testland]\nsources: [wire]\n---\nBody.\n"
            )
        }
    )
    _build(root)
    check_output(root / "output")
    assert "<svg" in (root / "output" / "people" / "ada-lovelace" / "index.html").read_text()


# -- control characters --------------------------------------------------------------------


def test_control_characters_are_reported_where_they_stand(tmp_path: Path) -> None:
    root = materialize("control-chars", tmp_path / "site")
    result = run("build", root, "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    printed = (result.out + result.err).splitlines()
    lines = [line for line in printed if line.endswith("[control-char]")]
    where = [line.split(": error:")[0] for line in lines]
    assert where == [
        "content/people/ada-lovelace.md:2:11",  # "\b" in name
        "content/people/ada-lovelace.md:6:12",  # a raw DEL in the body
        "content/site.yaml:1:13",  # "\x1b" in title
        "content/site.yaml:3:38",  # "\x7f" in description (U+2028 is allowed)
        "content/sources.yaml:2:17",  # a raw form feed in a source's title
        "content/sources.yaml:3:19",  # "\u009b" (C1) in a publisher
    ]
    assert all("delete it" in line or "remove it" in line for line in lines)
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    "char", ["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\U0010ffff"]
)
def test_writers_drop_what_would_break_their_format(char: str) -> None:
    """Content never holds these past check; XML and iCalendar text drops them anyway,
    JSON escapes them, so no writer makes a malformed file from one."""
    from sitegen.jsontext import compact_json
    from sitegen.publish import ics_escape, quoteattr, xml_escape

    ET.fromstring(f"<a b={quoteattr('x' + char)}>{xml_escape('A' + char + 'B')}</a>")
    assert ics_escape("A" + char + "B") == "AB"
    assert json.loads(compact_json({"t": char})) == {"t": char}


def test_markdown_character_references_to_controls_become_replacement_characters(
    site: object,
) -> None:
    body = "It happened &#11; &#x85; &#0; [@wire].\n"
    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": BASE_FILES["content/events/first.md"].rsplit("---\n", 1)[0]
            + "---\n"
            + body
        }
    )
    _build(root)
    check_output(root / "output")


# -- YAML tags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!binary QWRh", "!!binary"),
        ("!!set {Ada}", "!!set"),
        ("!!omap [{a: 1}]", "!!omap"),
        ("!!pairs [{a: 1}]", "!!pairs"),
        ("!local Ada", "!local"),
        ("!<tag:example.org,2024:x> Ada", "tag:example.org,2024:x"),
        ("!!python/name:os.system", "!!python/name:os.system"),
    ],
)
def test_tags_outside_the_core_schema_are_errors_at_their_line(
    value: str, tag: str, site: object
) -> None:
    person = f'---\nname: "Ada Lovelace"\nrole: {value}\ncountry: testland\n---\nBio.\n'
    root = site({"content/people/ada-lovelace.md": person})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    assert (
        f"content/people/ada-lovelace.md:3:7: error: the tag '{tag}' is not allowed" in result.out
    ), result.out


def test_core_schema_tags_are_read_and_timestamps_stay_text(site: object) -> None:
    event = BASE_FILES["content/events/first.md"].replace(
        'date: "2024-07-08"', "date: !!timestamp 2024-07-08\ntags: [!!str 12, !!str true]"
    )
    root = site({"content/events/first.md": event})  # type: ignore[operator]
    _build(root)
    data = json.loads((root / "output" / "events.json").read_text())["events"][0]
    assert data["start"] == "2024-07-08" and data["tags"] == ["12", "true"]


# -- base_url ------------------------------------------------------------------------------

BAD_BASE_URLS = [
    ("https://example.org/t/\nDisallow: /", "a line break"),
    ("https://example.org/#x/", "a fragment"),
    ("https://example.org/t/?utm=1", "a query"),
    ("https://user:secret@example.org/", "user name or password"),
    ("https://exa mple.org/", "a space"),
    ("https://example.org:99999/", "invalid port '99999'"),
    ("https://example.org:8o/", "invalid port '8o'"),
    ("https://example.org\\evil.example/", "no valid host"),
    ("https:///t/", "no valid host"),
    ("ftp://example.org/", "absolute http(s) address"),
    ("//example.org/", "absolute http(s) address"),
    ("https://example.org/<x>/", "characters a URL path cannot hold"),
]


@pytest.mark.parametrize(("url", "problem"), BAD_BASE_URLS)
def test_a_bad_base_url_in_site_yaml_is_an_error_at_its_line(
    url: str, problem: str, site: object
) -> None:
    quoted = json.dumps(url)  # a YAML double-quoted scalar, escapes and all
    root = site({"content/site.yaml": f'title: "T"\nbase_url: {quoted}\n'})  # type: ignore[operator]
    result = run("build", root, "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    line = next(x for x in result.err.splitlines() if x.startswith("content/site.yaml:2:11: "))
    assert problem in line and line.endswith("[field-type]"), line
    assert not (root / "output").exists()


@pytest.mark.parametrize(("url", "problem"), BAD_BASE_URLS)
def test_a_bad_base_url_option_is_a_usage_error(url: str, problem: str, site: object) -> None:
    root = site()  # type: ignore[operator]
    result = run("build", root, "--today", TODAY, "--base-url", url)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.startswith("sitegen: error: --base-url ") and problem in result.err
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://localhost:8000/t", "https://[::1]:8443/a/b/"]
)
def test_a_host_and_path_base_url_is_accepted(url: str, site: object) -> None:
    root = site()  # type: ignore[operator]
    _build(root, "--base-url", url)
    robots = (root / "output" / "robots.txt").read_text()
    assert robots.endswith(f"Sitemap: {url.rstrip('/')}/sitemap.xml\n")
    check_output(root / "output")


NORMALISED_BASE_URLS = [
    ("https://bücher.example/zeit/", "https://xn--bcher-kva.example/zeit/"),
    ("https://Bücher.Example:8443/zeit", "https://xn--bcher-kva.Example:8443/zeit/"),
    # full-width letters are the letters (nameprep, as UTS #46 maps them)
    ("https://ｂücher.example/", "https://xn--bcher-kva.example/"),
    # IDNA2008 keeps ß and a final ς, where IDNA2003 made them ss and σ
    ("https://straße.example/", "https://xn--strae-oqa.example/"),
    ("https://Ελλάς.example/", "https://xn--hxarsa0b.example/"),
    ("https://例え.テスト/", "https://xn--r8jz45g.xn--zckzah/"),
    ("https://example.org/a/../t/./", "https://example.org/t/"),
    ("https://example.org/../t/.", "https://example.org/t/"),
]


@pytest.mark.parametrize(("url", "written"), NORMALISED_BASE_URLS)
@pytest.mark.parametrize("where", ["site.yaml", "--base-url"])
def test_a_base_url_is_written_as_the_address_a_reader_reaches(
    url: str, written: str, where: str, site: object
) -> None:
    """A host beyond ASCII is written as IDNA (the sitemap protocol and feed readers take
    ASCII addresses alone), a path's `.` and `..` segments resolved (a crawler that
    joins them otherwise gets another page): the same site, each address one way."""
    quoted = json.dumps(url)
    files = {"content/site.yaml": f'title: "T"\nbase_url: {quoted}\n'}
    root = site(files if where == "site.yaml" else {})  # type: ignore[operator]
    _build(root, *(["--base-url", url] if where != "site.yaml" else []))
    robots = (root / "output" / "robots.txt").read_text()
    assert robots.endswith(f"Sitemap: {written}sitemap.xml\n"), robots
    sitemap = (root / "output" / "sitemap.xml").read_text()
    assert f"<loc>{written}events/first/</loc>" in sitemap
    assert "/./" not in sitemap and "/../" not in sitemap and sitemap.isascii()
    check_output(root / "output")


# -- plain text in events.json and the search index ---------------------------------------


def test_search_text_follows_a_renamed_person(site: object) -> None:
    root = site()  # type: ignore[operator]
    _build(root)
    person = root / "content" / "people" / "ada-lovelace.md"
    person.write_text(person.read_text().replace("Ada Lovelace", "Augusta Ada King"))
    _build(root)
    out = root / "output"  # the search index finds the event by the new name alone
    assert "events/first/" in {record(out, d)[3] for d in lookup(out, "augusta")}
    assert lookup(out, "lovelace") == {}
    events = json.loads((root / "output" / "events.json").read_text())["events"]
    assert events[0]["text"] == "It happened, said Augusta Ada King."


# -- file names ----------------------------------------------------------------------------


def test_markdown_suffix_files_are_read_like_md_files(site: object) -> None:
    first = BASE_FILES["content/events/first.md"]
    second = first.replace("The first event", "The second event").replace("07-08", "07-09")
    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": None,
            "content/events/2024/first.markdown": first,
            "content/events/second.markdown": second + "\nAfter [[first]].\n",
        }
    )
    _build(root)
    out = root / "output"
    assert "The first event" in (out / "events" / "first" / "index.html").read_text()
    assert (
        'href="../first/">The first event</a>'  # a sibling of the page (events/SLUG/)
        in (out / "events" / "second" / "index.html").read_text()
    )


def test_an_md_and_a_markdown_file_of_one_slug_are_duplicates(site: object) -> None:
    root = site({"content/events/first.markdown": BASE_FILES["content/events/first.md"]})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert result.code == 1 and "[slug-duplicate]" in result.out, result.out


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("événement.md", "evenement.md"),
        ("Straße-Ærø.md", "strasse-aero.md"),
        ("Łódź Talks.markdown", "lodz-talks.markdown"),
        ("e\u0301ve\u0301nement.md", "evenement.md"),  # decomposed, as macOS names files
        ("日本.md", "event.md"),
    ],
)
def test_a_file_name_with_accents_suggests_plain_letters(
    name: str, suggested: str, site: object
) -> None:
    event = BASE_FILES["content/events/first.md"]
    root = site({"content/events/first.md": None, f"content/events/{name}": event})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert f"rename it to '{suggested}' [slug-invalid]" in result.out, result.out


def test_pages_drop_control_characters_a_template_brings(site: object) -> None:
    """templates/ is the owner's code, but a control character pasted into one must not
    make every page malformed: HTML pages drop them as they are written."""
    theme = Path(__file__).resolve().parent.parent / "sitegen" / "theme" / "event.html"
    template = theme.read_text(encoding="utf-8")
    template = template.replace("{% block", "\x0b\x85\ufffe{% block", 1)
    root = site({"templates/event.html": template})  # type: ignore[operator]
    _build(root)
    check_output(root / "output")


@pytest.mark.parametrize("text", ["a\x0bb", "a\x85b", "a\ufffeb", "a\U0010ffffb", "a\x00b"])
def test_drop_controls_keeps_text_and_tabs_and_newlines(text: str) -> None:
    from sitegen.escaping import drop_controls

    page = f"<p>é\t{text}\r\n😀</p>".encode()
    assert drop_controls(page) == "<p>é\tab\r\n😀</p>".encode()
    clean = "<p>é\t😀 \u2028 ab</p>\n".encode()
    assert drop_controls(clean) is clean


@pytest.mark.parametrize("extra", ["", "é", "\xa0", "…", "😀"])
def test_a_control_is_found_beside_text_of_any_width(extra: str) -> None:
    """has_control, which the load and the feeds' and calendars' escaping ask, finds
    every C0 and C1 control, in text to U+00FF (its quick test) and past it."""
    from sitegen.load import CONTROL_RE, has_control

    for code in [*range(0x100), 0xFDD0, 0xFFFE, 0x10FFFF]:
        text = f"a{extra}{chr(code)}b"
        assert has_control(text) == (CONTROL_RE.search(text) is not None), hex(code)


def test_decode_tells_a_control_from_the_bytes_as_has_control_does_from_the_text() -> None:
    """decode() asks the file's UTF-8 bytes whether its text holds a control character
    (load._utf8_has_control): never for the text of every other code point, one after
    another, with a carriage return (which decode() reads as a newline), and always for
    each of CONTROL_RE's, alone and beside text of each width."""
    from sitegen.load import CONTROL_RE, _utf8_has_control

    every = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))
    controls = set(CONTROL_RE.findall(every)) - {"\r"}  # (a newline, to decode())
    assert len(controls) == 128  # (C0 and C1 but tab, newline and CR; 66 noncharacters)
    assert not _utf8_has_control("".join(c for c in every if c not in controls).encode())
    for char in sorted(controls):
        for text in (char, f"a{char}", f"é{char}\r\n", f"😀{char}ü"):
            assert _utf8_has_control(text.encode()), hex(ord(char))


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_with_control_characters_is_printed_escaped(fmt: str, site: object) -> None:
    """A file named '\\x1b[2J…' must not clear the terminal that runs check, nor a newline
    split its diagnostic in two."""
    event = BASE_FILES["content/events/first.md"]
    root = site({"content/events/first.md": None, "content/events/\x1b[2Jx\ny.md": event})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY, "--format", fmt)
    assert result.code == 1
    assert "\x1b" not in result.out and "\\x1b[2Jx\\x0ay.md" in result.out
    assert len(result.out.splitlines()) == 2  # the diagnostic and the summary


def test_new_refuses_a_slug_a_markdown_file_already_has(site: object) -> None:
    event = BASE_FILES["content/events/first.md"]
    root = site({"content/events/first.md": None, "content/events/2024/first.markdown": event})  # type: ignore[operator]
    result = run("new", "event", "first", "--site", root)
    assert result.code == 2 and "first.markdown already exists" in result.err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "'abc' cannot be read as !!int"),
        ("!!float x", "'x' cannot be read as !!float"),
        ("!!bool maybe", "'maybe' cannot be read as !!bool"),
        ("!!str {a: 1}", "the tag '!!str' does not fit a mapping"),
        ("!!map [1]", "the tag '!!map' does not fit a list"),
        ("!!seq x", "the tag '!!seq' does not fit a value"),
        ("!!timestamp [x]", "the tag '!!timestamp' does not fit a list"),
    ],
)
def test_a_core_tag_that_does_not_fit_its_value_is_an_error_at_its_line(
    value: str, message: str, site: object
) -> None:
    person = f'---\nname: "Ada Lovelace"\nrole: {value}\ncountry: testland\n---\nBio.\n'
    root = site({"content/people/ada-lovelace.md": person})  # type: ignore[operator]
    result = run("check", root, "--today", TODAY)
    assert result.code == 1 and "internal" not in result.out, result.out
    assert f"content/people/ada-lovelace.md:3:7: error: {message}" in result.out, result.out


# -- the other fixtures of tests/sites/hostile ---------------------------------------------


def _check(case: str, tmp_path: Path) -> list[str]:
    result = run("check", materialize(case, tmp_path / "site"), "--today", TODAY)
    assert "Traceback" not in result.out + result.err and "[internal]" not in result.out
    return result.out.splitlines()


def test_fixture_yaml_tags_each_file_reports_its_tag(tmp_path: Path) -> None:
    lines = _check("yaml-tags", tmp_path)
    assert [line.split(": error: ")[0] for line in lines[:-1]] == [
        "content/countries/testland.md:2:7",
        "content/events/first.md:8:7",
        "content/people/ada-lovelace.md:3:7",
        "content/sources.yaml:3:14",
    ]
    assert all(line.endswith("[yaml-syntax]") for line in lines[:-1])
    assert not (tmp_path / "site" / "pwned").exists() and not Path("pwned").exists()


def test_fixture_base_url_with_a_line_break(tmp_path: Path) -> None:
    lines = _check("base-url", tmp_path)
    assert lines[0].startswith("content/site.yaml:2:11: error: base_url ")
    assert "a line break" in lines[0] and lines[0].endswith("[field-type]")
    result = run("build", tmp_path / "site", "--today", TODAY)
    assert result.code == 1 and not (tmp_path / "site" / "output").exists()


def test_fixture_file_names(tmp_path: Path) -> None:
    lines = _check("file-names", tmp_path)
    assert (
        "content/people/élodie-événement.md:1:1: error: 'élodie-événement.md' is not a valid "
        "person file name: use lower-case letters, digits and hyphens, ending in .md; rename "
        "it to 'elodie-evenement.md' [slug-invalid]"
    ) in lines
    assert not any(".markdown" in line and "error" in line for line in lines)
    (tmp_path / "site" / "content" / "people" / "élodie-événement.md").unlink()
    _build(tmp_path / "site")
    page = tmp_path / "site" / "output" / "events" / "second" / "index.html"
    assert "The second event" in page.read_text()


def test_fixture_plain_text(tmp_path: Path) -> None:
    root = materialize("plain-text", tmp_path / "site")
    _build(root)
    out = root / "output"
    data = json.loads((out / "events.json").read_text())
    expected = "It happened, said Ada Lovelace, in Testland. See her too."
    assert data["events"][0]["text"] == expected
    assert data["people"][0]["text"] == "She saw The first event."
    assert "events/first/" in {record(out, d)[3] for d in lookup(out, "lovelace")}
    assert "people/ada-lovelace/" in {record(out, d)[3] for d in lookup(out, "saw")}
