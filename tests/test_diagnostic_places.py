"""Where a problem is said to be: the line and column an editor goes to, on files written
in the ways editors and other tools write them (a block of text, an anchor, a tag, a BOM,
CRLF line ends, tabs, characters beyond ASCII), and how each output format carries it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import pytest

from .conftest import BASE_FILES, TODAY, every_problem, run


class Site(Protocol):
    def __call__(self, files: dict[str, str | bytes | None] | None = None) -> Path: ...


EVENT = "content/events/first.md"
BASE_EVENT = BASE_FILES[EVENT]
FIELDS = "people: [ada-lovelace]\ncountries: [testland]\nsources: [wire]\n---\nText [@wire].\n"


def problems(root: Path) -> list[str]:
    return every_problem("check", root, "--today", TODAY)


def test_a_block_of_text_is_placed_at_its_text_not_at_its_indicator(site: Site) -> None:
    """`summary: >-` then the text on the lines below: the editor is sent to the text
    (line 6, after the blank lines a `|+` keeps), not to the `>-` a line above it."""
    root = site({
        EVENT: '---\ntitle: "A"\nsummary: |+   # kept as written\n\n\n   TODO: write 🚀\n'
        'date: "2024-07-08"\n' + FIELDS,
        "content/sources.yaml": 'wire:\n  title: "W"\n  publisher: "Wire"\n'
        '  url: "https://example.org/wire"\n  published: >-\n    2024-07-32\n',
    })  # fmt: skip
    assert problems(root) == [
        "content/events/first.md:6:4: error: the summary is placeholder text; write it, or "
        "mark the event draft: true [placeholder]",
        "content/sources.yaml:6:5: error: '2024-07-32': July 2024 has 31 days, not 32; check "
        "the date in the source [date-invalid]",
    ]


def test_an_anchored_or_tagged_value_is_placed_at_the_value(site: Site) -> None:
    """`date: &d "2024-07-32"`, `end: !!str "…"` and an anchor alone on its line: the
    column is the value's quote, past the `&d` and the `!!str` PyYAML starts it at."""
    root = site({
        EVENT: '---\ntitle: "A"\nsummary: "S"\ndate: &d !!str "2024-07-32"\n'
        'end: &e\n  "2024-06-31"\n' + FIELDS,
        "content/sources.yaml": '\ufeffwire:\r\n  title: "W"\r\n  publisher: "Wire"\r\n'
        '  url: "https://example.org/wire"\r\n  published: !!str 2024-02-30\r\n',
    })  # fmt: skip
    assert problems(root) == [
        "content/events/first.md:4:16: error: '2024-07-32': July 2024 has 31 days, not 32; "
        "check the date in the source [date-invalid]",
        "content/events/first.md:6:3: error: '2024-06-31': June 2024 has 30 days, not 31; "
        "check the date in the source [date-invalid]",
        "content/sources.yaml:5:20: error: '2024-02-30': February 2024 has 29 days, not 30; "
        "check the date in the source [date-invalid]",
    ]


def test_build_and_import_with_format_json_write_only_json_on_stderr(
    site: Site, tmp_path: Path
) -> None:
    """`sitegen build --format json 2>problems.json` is JSON: a list (empty when the build
    is clean), with "nothing was written" and "imported …" said on stdout instead."""
    broken = site({EVENT: BASE_EVENT.replace("2024-07-08", "2024-07-32")})
    failed = run("build", broken, "--today", TODAY, "--format", "json", "-o", tmp_path / "o")
    assert (failed.code, failed.out) == (1, "nothing was written\n")
    assert json.loads(failed.err) == [
        {
            "file": EVENT, "line": 4, "column": 7, "severity": "error", "code": "date-invalid",
            "message": "'2024-07-32': July 2024 has 31 days, not 32; check the date in the source",
        }
    ]  # fmt: skip
    clean = run("build", site(), "--today", TODAY, "--format", "json", "-o", tmp_path / "o")
    assert (clean.code, clean.err) == (0, "[]\n")
    timeline = tmp_path / "t.json"
    timeline.write_text(
        '{"events": [{"start_date": {"year": "1969"}, "text": {"headline": "Landing"}},\n'
        ' {"start_date": {"year": "abc"}, "text": {"headline": "Bad"}}]}\n'
    )
    imported = run("import", "timelinejs", timeline, "--site", site(), "--format", "json")
    assert imported.code == 1
    assert imported.out.endswith("imported 1 event as drafts, 1 slide not imported\n")
    assert [(p["line"], p["column"], p["code"]) for p in json.loads(imported.err)] == [
        (2, 26, "import-date")
    ]


def test_an_unknown_name_with_nothing_near_it_says_what_to_do(site: Site) -> None:
    """With no name near it to suggest, an unknown source, person or link still says
    how to fix it: the command that adds it (when the name is one it takes), or to
    correct it."""
    root = site({
        EVENT: BASE_EVENT.replace("people: [ada-lovelace]", "people: [zed-quux, 'Q R']")
        .replace("sources: [wire]", "sources: [wire, zz-top]")
        .replace("[@wire].", "[@wire] [@qqq] [[xyzzy]]."),
    })  # fmt: skip
    assert problems(root) == [
        "content/events/first.md:5:10: error: no person 'zed-quux' (content/people/zed-quux.md)"
        "; write the page (sitegen new person zed-quux), or correct the name [ref-unknown]",
        "content/events/first.md:5:20: error: no person 'Q R' (content/people/Q R.md); correct "
        "the name: a page's name is its file name without .md [ref-unknown]",
        "content/events/first.md:7:17: error: source 'zz-top' is not in sources.yaml; add it to "
        "sources.yaml (sitegen new source zz-top --url URL --title TITLE), or correct the id "
        "[source-unknown]",
        "content/events/first.md:9:44: error: [@qqq] cites a source that sources.yaml does not "
        "have; add it to sources.yaml (sitegen new source qqq --url URL --title TITLE), or "
        "correct the id [citation-unknown]",
        "content/events/first.md:9:51: error: [[xyzzy]] names no event, person or country; link "
        "a page by its file name without .md ([[file-name]]), or write the page [ref-unknown]",
        "content/people/ada-lovelace.md:2:7: warning: no event names Ada Lovelace "
        "('ada-lovelace'); add 'ada-lovelace' to an event's people [orphan]",
    ]


def test_an_import_that_cannot_write_a_file_says_so_as_import_write(
    site: Site, tmp_path: Path
) -> None:
    """content/events/1969 a link to a folder outside the site: the event is not written
    there, and the problem is the file's, in every format, with exit status 1."""
    root = site()
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "content/events/1969").symlink_to(outside)
    timeline = tmp_path / "t.json"
    timeline.write_text(
        '{"events": [{"start_date": {"year": "1969", "month": "7", "day": "21"},'
        ' "text": {"headline": "Walk"}}]}'
    )
    said = (
        "content/events/1969/walk.md:1:1: error: a symbolic link leads it outside the site's "
        "content/; not written [import-write]"
    )
    text = run("import", "timelinejs", timeline, "--site", root)
    assert (text.code, text.err.splitlines()[:2]) == (1, [said, "1 error, 0 warnings"])
    github = run("import", "timelinejs", timeline, "--site", root, "--format", "github")
    assert github.err.splitlines()[0] == (
        "::error file=content/events/1969/walk.md,line=1,col=1,title=import-write::a symbolic "
        "link leads it outside the site's content/; not written [import-write]"
    )
    assert github.code == 1 and list(outside.iterdir()) == []


def test_github_annotations_name_the_file_from_the_repositorys_top(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sitegen check site,x:y` run at the top of a repository (GITHUB_WORKSPACE) annotates
    `site,x:y/content/…` (escaped), the path GitHub shows on the diff; a site outside the
    workspace keeps its own paths."""
    root = site({EVENT: BASE_EVENT.replace("2024-07-08", "2024-07-32")})
    repo = tmp_path / "repo"
    (repo / "site,x:y").parent.mkdir()
    root.rename(repo / "site,x:y")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    said = (
        "line=4,col=7,title=date-invalid::'2024-07-32': July 2024 has 31 days, not 32; check "
        "the date in the source [date-invalid]"
    )
    checked = run("check", repo / "site,x:y", "--today", TODAY, "--format", "github")
    assert checked.out.splitlines() == [
        f"::error file=site%2Cx%3Ay/content/events/first.md,{said}",
        "1 error, 0 warnings",
    ]
    built = run("build", repo / "site,x:y", "--today", TODAY, "--format", "github")
    assert built.err.splitlines()[0] == f"::error file=site%2Cx%3Ay/content/events/first.md,{said}"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    elsewhere = run("check", repo / "site,x:y", "--today", TODAY, "--format", "github")
    assert elsewhere.out.splitlines()[0] == f"::error file=content/events/first.md,{said}"


def test_a_byte_that_is_not_utf8_is_placed_in_characters(site: Site) -> None:
    """After `é 🚀` (2 and 4 bytes) the stray byte is at column 20, as the editor counts,
    not 24, its byte; and the BOM before the front matter is not counted."""
    text = BASE_EVENT.replace('"The first event"', '"Apollo é 🚀 \udcff"')
    raw = b"\xef\xbb\xbf" + text.encode("utf-8", "surrogateescape")
    assert problems(site({EVENT: raw})) == [
        "content/events/first.md:2:20: error: byte 0xff is not UTF-8; save the file as UTF-8 "
        "[encoding]"
    ]


def test_an_empty_alt_is_placed_at_the_alt(site: Site) -> None:
    """`image: {src: …, alt: ""}`: the problem is the empty alt, so it is placed there."""
    image = 'image: {src: "https://example.org/p.jpg", alt: ""}'
    root = site({EVENT: BASE_EVENT.replace("sources: [wire]", f"sources: [wire]\n{image}")})
    assert problems(root) == [
        "content/events/first.md:8:48: error: the image has no 'alt' text; add alt: describing "
        "what it shows [image-alt]"
    ]


def test_a_unicode_escape_that_names_no_character_is_explained_at_its_backslash(
    site: Site,
) -> None:
    """libyaml refuses `"\\ud83d"` (half of an emoji's UTF-16 pair) with words of its own,
    at the hex digits; the editor is told what to write, at the backslash."""
    root = site({EVENT: BASE_EVENT.replace('"The first event"', '"Lift-off \\ud83d\\ude80"')})
    assert problems(root) == [
        "content/events/first.md:2:18: error: this \\u escape names no character (half of a "
        "pair such as \\ud83d\\ude00, which YAML does not join); write the character itself "
        '("😀"), or \\U0001F600 [yaml-syntax]'
    ]


def test_each_format_carries_a_message_and_a_path_with_percent_commas_and_colons(
    site: Site,
) -> None:
    """A file `a, b:%.md` holding a tag `x,y:z %`: GitHub's toolkit escaping (`%` as `%25`
    in the message; `%`, `,` and `:` in `file=` too), the JSON as written."""
    event = BASE_EVENT.replace("sources: [wire]", 'sources: [wire]\ntags: ["x,y:z %"]')
    root = site({EVENT: None, "content/events/a, b:%.md": event})
    slug = (
        "is not a valid event file name: use lower-case letters, digits and hyphens, ending "
        "in .md; rename it to 'a-b.md' [slug-invalid]"
    )
    tag = (
        "has a space or a comma; write it as a slug, x-y-z, and give its name in "
        "content/tags.yaml [field-type]"
    )
    assert run("check", root, "--today", TODAY).out.splitlines() == [
        f"content/events/a, b:%.md:1:1: error: 'a, b:%.md' {slug}",
        f"content/events/a, b:%.md:8:8: error: tag 'x,y:z %' {tag}",
        "2 errors, 0 warnings",
    ]
    assert run("check", root, "--today", TODAY, "--format", "github").out.splitlines() == [
        f"::error file=content/events/a%2C b%3A%25.md,line=1,col=1,title=slug-invalid::"
        f"'a, b:%25.md' {slug}",
        f"::error file=content/events/a%2C b%3A%25.md,line=8,col=8,title=field-type::"
        f"tag 'x,y:z %25' {tag}",
        "2 errors, 0 warnings",
    ]
    listed = json.loads(run("check", root, "--today", TODAY, "--format", "json").out)
    assert [(p["file"], p["message"]) for p in listed] == [
        ("content/events/a, b:%.md", f"'a, b:%.md' {slug.removesuffix(' [slug-invalid]')}"),
        ("content/events/a, b:%.md", f"tag 'x,y:z %' {tag.removesuffix(' [field-type]')}"),
    ]


def test_a_tag_holding_an_invisible_character_is_refused_at_the_tag(site: Site) -> None:
    """A right-to-left override in a tag, as ids and file names refuse it (the filter's
    words would read backwards): at the tag, named, with the slug to write."""
    tags = 'tags: [fine, "r\\u00e9gion\\u202e\\u2069"]'
    root = site({EVENT: BASE_EVENT.replace("sources: [wire]", f"sources: [wire]\n{tags}")})
    assert problems(root) == [
        "content/events/first.md:8:14: error: tag 'région\u202e\u2069' holds an invisible "
        "U+202E (right-to-left override); write it as a slug, region, and give its name in "
        "content/tags.yaml [field-type]"
    ]
