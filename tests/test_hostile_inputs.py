"""Hostile inputs of every class a maintainer's held-back sweep may try (December 2026):
content swapped between the scan and the read, addresses that could leave an attribute,
`sitegen init` into a site's own folders, and content built to exhaust a parser. Each
test is a tiny site in tmp_path and says what the user sees: a diagnostic at its line,
never a traceback, never a file outside the site read or published."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import BASE_FILES, TODAY, build, every_problem, run

SECRET = "the secret outside the site\n"

# -- a content file swapped between the scan and the read -----------------------------------


def _outside(tmp_path: Path) -> Path:
    """A folder outside the site with a file an event could be swapped for."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    text = BASE_FILES["content/events/first.md"].replace("It happened", SECRET.strip())
    (elsewhere / "first.md").write_text(text, encoding="utf-8")
    return elsewhere


@pytest.mark.parametrize(
    ("swap", "said"),
    [
        ("link out", "content/events/2024/first.md:1:1: error: this symbolic link leads "
         "outside the site folder (to {elsewhere}/first.md)"),
        ("folder link out", "content/events/2024/first.md:1:1: error: this symbolic link "
         "leads outside the site folder (to {elsewhere})"),
        ("fifo", "content/events/2024/first.md:1:1: error: this is a named pipe (FIFO), "
         "not a file"),
        ("gone", "content/events/2024/first.md:1:1: error: cannot read the file: No such "
         "file or directory; it was moved or removed"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_content_file_swapped_after_the_scan_is_refused_as_the_scan_would(
    site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    swap: str,
    said: str,
    command: str,
) -> None:
    from sitegen import assemble

    root = site({
        "content/events/first.md": None,
        "content/events/2024/first.md": BASE_FILES["content/events/first.md"],
    })  # fmt: skip
    elsewhere = _outside(tmp_path)
    discover = assemble.discover

    def discover_then_swap(site_dir: Path, problems: list[object]) -> Iterator[object]:
        found = list(discover(site_dir, problems))  # type: ignore[arg-type]
        path = site_dir / "content" / "events" / "2024" / "first.md"
        path.unlink()
        if swap == "link out":
            path.symlink_to(elsewhere / "first.md")
        elif swap == "folder link out":
            path.parent.rmdir()
            path.parent.symlink_to(elsewhere)
        elif swap == "fifo":
            os.mkfifo(path)
        return iter(found)

    monkeypatch.setattr(assemble, "discover", discover_then_swap)
    result = run(command, root, "--today", TODAY)
    assert result.code == 1, result
    assert said.format(elsewhere=elsewhere) in result.out + result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert not (root / "output").exists()
    assert SECRET.strip() not in result.out + result.err


def test_a_content_file_linked_inside_the_site_is_still_read(site: Callable[..., Path]) -> None:
    root = site({"content/events/first.md": None, "drafts/first.md": BASE_FILES[
        "content/events/first.md"]})  # fmt: skip
    (root / "content" / "events").mkdir()
    (root / "content" / "events" / "first.md").symlink_to(root / "drafts" / "first.md")
    result = build(root)
    assert result.code == 0, result
    assert (root / "output" / "events" / "first" / "index.html").is_file()


# -- addresses that could leave their attribute ---------------------------------------------

SOURCES = BASE_FILES["content/sources.yaml"]
WIRE = "https://example.org/wire"
IMAGE = 'image:\n  src: "{src}"\n  alt: "A picture"\n'

NO_ADDRESS = [
    ('https://example.org/a\\"><script>alert(1)</script>', "'\"', which a web address "
     "cannot hold; write it as %22"),
    ("https://example.org/a<b", "'<', which a web address cannot hold; write it as %3C"),
    ("https://example.org/a>b", "'>'"),
    ("https://example.org/a b", "a space, which a web address cannot hold; write it as %20"),
    ("https://example.org/a`b", "'`'"),
    ("https://example.org/a{b}", "'{'"),
    ("https://example.org/a|b", "'|'"),
    ("https://example.org/a\\\\b", "'\\'"),
    ("https://example.org/a^b", "'^'"),
    ("https://example.org/\\u202etxt.exe", "an invisible character (U+202E), which a web "
     "address cannot hold; remove it"),
    ("https://example.org/\\u200b", "an invisible character (U+200B)"),
    ("https://example.org/a\\u00a0b", "an invisible character (U+00A0)"),
    ("https://example.org/a\\tb", "an invisible character (U+0009)"),
    ("https://example.org/a\\nb", "an invisible character (U+000A)"),
    ("https://user:secret@example.org/", "holds a user name or password"),
    ("https:///wire", "is not a whole address (a host name after '//')"),
    ("https://exa$mple.org/", "has no valid host name"),
]  # fmt: skip
"""(An address as a YAML double-quoted string, what the diagnostic says of it.)"""


@pytest.mark.parametrize(("url", "said"), NO_ADDRESS)
@pytest.mark.parametrize("key", ["url", "archive_url"])
def test_a_source_address_that_could_break_out_is_an_error_at_its_line(
    site: Callable[..., Path], url: str, said: str, key: str
) -> None:
    text = SOURCES.replace(f'"{WIRE}"', f'"{url}"') if key == "url" else (
        f'{SOURCES}  archive_url: "{url}"\n'
    )  # fmt: skip
    root = site({"content/sources.yaml": text})
    result = build(root)
    assert result.code == 1, result
    at = "content/sources.yaml:4:8" if key == "url" else "content/sources.yaml:6:16"
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{at}: error: "), result.out
    assert said in errors[0] and errors[0].endswith("[source-url]"), errors[0]
    assert not (root / "output").exists()


@pytest.mark.parametrize(("url", "said"), NO_ADDRESS)
@pytest.mark.parametrize("owner", ["event", "person", "timeline"])
def test_a_picture_address_that_could_break_out_is_an_error_at_its_line(
    site: Callable[..., Path], url: str, said: str, owner: str
) -> None:
    image = IMAGE.format(src=url.replace("https://", "https://pictures.", 1))
    event = BASE_FILES["content/events/first.md"]
    files: dict[str, str | bytes | None] = {
        "event": {"content/events/first.md": event.replace("---\nIt", f"{image}---\nIt")},
        "person": {"content/people/ada-lovelace.md": BASE_FILES[
            "content/people/ada-lovelace.md"].replace("---\nA bio", f"{image}---\nA bio")},
        "timeline": {
            "content/timelines/story.md": f'---\ntitle: "A story"\nsummary: "S."\n{image}---\n',
            "content/events/first.md": event.replace("---\nIt", "timelines: [story]\n---\nIt"),
        },
    }[owner]  # fmt: skip
    root = site(files)
    result = build(root)
    assert result.code == 1, result
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "[image-src]" in errors[0], result.out
    assert said.replace("example.org", "pictures.example.org") in errors[0] or said in errors[0]
    assert "like https://example.org/picture.jpg" in errors[0]
    assert not (root / "output").exists()


def test_new_source_refuses_an_address_that_could_break_out(site: Callable[..., Path]) -> None:
    root = site()
    url = 'https://example.org/"><script>alert(1)</script>'
    result = run("new", "source", "evil", "--site", root, "--url", url, "--title", "T")
    assert result.code == 2, result
    assert "which a web address cannot hold; write it as %22" in result.err
    assert "evil" not in (root / "content" / "sources.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        '{wire: {title: "A wire report", publisher: "Wire"}}\n',
        BASE_FILES["content/sources.yaml"] + "...\n",
    ],
)
def test_new_source_in_a_file_it_cannot_add_lines_to_says_so_not_a_line_the_file_lacks(
    site: Callable[..., Path], text: str
) -> None:
    # (the lines added broke the file: the refusal blamed the user's file, at a line of the
    # added text, `content/sources.yaml:2:1: did not find expected <document start>`)
    root = site({"content/sources.yaml": text})
    result = run("new", "source", "fresh", "--site", root, "--url", "https://example.org/x",
                 "--title", "T", "--today", TODAY)  # fmt: skip
    assert result.code == 2, result
    assert result.err == (
        "sitegen: error: content/sources.yaml is not written as 'id:' lines that a source can "
        "be added to (a mapping in braces, or a '...' end?); add the source by hand\n"
    )
    assert (root / "content" / "sources.yaml").read_text(encoding="utf-8") == text


ODD_BUT_FINE = "https://example.org/a_(b);c,d!e*f+g=h$i@j:k~l'm–ü?x=1&y='2'#frag"
"""Every character an address may hold that a page, a feed or JSON must escape or quote."""


def test_an_address_of_every_allowed_character_reaches_every_output_intact(
    site: Callable[..., Path],
) -> None:
    from tests.conftest import html
    from tests.hostile import check_output

    picture = ODD_BUT_FINE.replace("example.org/", "example.org/p.png/", 1)
    event = BASE_FILES["content/events/first.md"].replace(
        "---\nIt", IMAGE.format(src=picture) + "---\nIt"
    )
    root = site({
        "content/sources.yaml": SOURCES.replace(WIRE, ODD_BUT_FINE)
        + f'  archive_url: "{ODD_BUT_FINE}&archive"\n',
        "content/events/first.md": event,
    })  # fmt: skip
    result = build(root)
    assert result.code == 0, result
    out = root / "output"
    check_output(out)  # every page, feed, calendar and JSON file parses
    page = html(out / "events" / "first" / "index.html")
    assert ODD_BUT_FINE in [a.get("href") for a in page.find_all("a")]
    assert f"{ODD_BUT_FINE}&archive" in [a.get("href") for a in page.find_all("a")]
    import json

    ld = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert ODD_BUT_FINE in json.dumps(ld, ensure_ascii=False)
    listing = html(out / "sources" / "index.html")
    ld = [json.loads(s.string) for s in listing.find_all("script", type="application/ld+json")]
    assert ODD_BUT_FINE in json.dumps(ld, ensure_ascii=False)
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert picture in json.dumps(timeline, ensure_ascii=False)


# -- sitegen init where no site belongs -----------------------------------------------------


@pytest.mark.parametrize("folder", ["content", "content/events", "static", "templates",
                                    "output", ".sitegen-cache"])  # fmt: skip
def test_init_inside_a_site_s_own_folders_is_refused(
    site: Callable[..., Path], folder: str
) -> None:
    root = site()
    assert build(root).code == 0
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run("init", root / folder / "x")
    assert result.code == 2, result
    if folder == "output":  # (known as one by its front page)
        assert f"is inside the output folder {root / 'output'}, where sitegen replaces" in (
            result.err
        )
    else:
        assert f"is inside the site {root}, in its {folder.split('/')[0]}/ folder" in result.err
        assert f"create the new site outside it: sitegen init {root.parent / 'new-site'}" in (
            result.err
        )
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_init_elsewhere_in_a_site_and_through_dots_is_allowed(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    assert run("init", root / "examples" / "x", "--today", TODAY).code == 0
    assert (root / "examples" / "x" / "content" / "site.yaml").is_file()
    assert run("check", root, "--today", TODAY).code == 0  # the outer site reads none of it
    assert run("init", root / "static" / ".." / ".." / "beside", "--today", TODAY).code == 0
    assert (tmp_path / "beside" / "content" / "site.yaml").is_file()


def test_init_inside_an_output_folder_given_elsewhere_is_refused(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    assert build(root, "--output", tmp_path / "public").code == 0
    result = run("init", tmp_path / "public" / "x")
    assert result.code == 2, result
    assert f"is inside the output folder {tmp_path / 'public'}" in result.err
    assert not (tmp_path / "public" / "x").exists()


@pytest.mark.parametrize(
    ("make", "said"),
    [
        ("file", "{p} is a file, not a folder"),
        ("fifo", "{p} is a named pipe (FIFO), not a folder"),
        ("dangling link", "{p} is a symbolic link to nothing, not a folder"),
    ],
)
@pytest.mark.parametrize("below", [False, True])
def test_init_where_a_file_stands_says_what_stands_there(
    tmp_path: Path, make: str, said: str, below: bool
) -> None:
    path = tmp_path / "there"
    if make == "file":
        path.write_text("mine\n", encoding="utf-8")
    elif make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "nowhere")
    result = run("init", path / "x" if below else path)
    assert result.code == 2, result
    assert said.format(p=path) in result.err
    assert "Traceback" not in result.err and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("char", ["\n", "\r", "\x1b", "\u202e", "\u2028"])
def test_init_refuses_a_folder_name_that_would_split_or_turn_a_line(
    tmp_path: Path, char: str
) -> None:
    result = run("init", tmp_path / f"my{char}site")
    assert result.code == 2, result
    assert f"character (U+{ord(char):04X})" in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("char", ["\n", "\r", "\x1b", "\u202e", "\u2028"])
def test_build_refuses_an_output_folder_whose_name_would_split_or_turn_a_line(
    site: Callable[..., Path], tmp_path: Path, char: str
) -> None:
    root = site()
    out = tmp_path / f"out{char}put"
    result = build(root, "--output", str(out))
    assert result.code == 2, result
    assert result.err.splitlines() == [
        f"sitegen: error: refusing to write the site into {str(out)!r}: its name holds an "
        f"invisible or line-breaking character (U+{ord(char):04X}); choose a name of "
        "letters, digits and hyphens"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(("make", "said"), [("fifo", "a named pipe (FIFO)"), ("file", "a file")])
def test_build_into_what_is_no_folder_says_what_stands_there(
    site: Callable[..., Path], tmp_path: Path, make: str, said: str
) -> None:
    root = site()
    out = tmp_path / "there"
    if make == "fifo":
        os.mkfifo(out)
    else:
        out.write_text("mine\n", encoding="utf-8")
    result = build(root, "--output", str(out))
    assert result.code == 2, result
    assert result.err.splitlines() == [
        f"sitegen: error: refusing to write the site into {out}: it is {said}, not a folder"
    ]
    assert out.is_fifo() if make == "fifo" else out.read_text(encoding="utf-8") == "mine\n"


# -- an output folder that cannot be begun ---------------------------------------------------


@pytest.mark.parametrize(
    ("err", "fix"),
    [
        (errno.EROFS, "the disk is read-only: build elsewhere with --output DIR"),
        (
            errno.EACCES,
            "give sitegen write access to {parent}, or build elsewhere with --output DIR",
        ),
        (errno.ENOSPC, "free some space on the disk, or build elsewhere with --output DIR"),
        (errno.EIO, "check the disk, or build elsewhere with --output DIR"),
    ],
)
@pytest.mark.parametrize("built_before", [False, True])
def test_an_output_folder_whose_parent_cannot_be_written_is_one_line_naming_it(
    site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    err: int,
    fix: str,
    built_before: bool,
) -> None:
    """(Simulated: the tests run as root, who writes into read-only folders.)"""
    import tempfile

    root = site()
    out = root / "output"
    if built_before:
        assert build(root).code == 0
    before = sorted(p.relative_to(root) for p in root.rglob("*") if "cache" not in str(p))

    def refused(*args: object, **kwargs: object) -> str:
        raise OSError(err, os.strerror(err), str(kwargs.get("dir")))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = build(root, "--clean")
    monkeypatch.undo()
    assert result.code == 1, result
    assert result.err.strip().splitlines() == [
        f"sitegen: error: cannot write the output folder {out}: {os.strerror(err)}; "
        + fix.format(parent=root)
        + " (the output folder is as it was)"
    ]
    after = sorted(p.relative_to(root) for p in root.rglob("*") if "cache" not in str(p))
    assert after == before


def test_a_file_where_the_cache_folder_goes_is_one_line_that_says_what_to_do(
    site: Callable[..., Path],
) -> None:
    """A file named .sitegen-cache in the site folder: the build said only 'File
    exists', which does not tell an editor that a folder goes there."""
    root = site()
    (root / ".sitegen-cache").write_text("notes\n", encoding="utf-8")
    result = build(root)
    assert result.code == 1, result
    assert result.err.strip().splitlines() == [
        f"sitegen: error: {root / '.sitegen-cache'}: File exists; something that is no "
        "folder stands where sitegen makes a folder: move it away"
    ]
    assert not (root / "output").exists()
    assert (root / ".sitegen-cache").read_text(encoding="utf-8") == "notes\n"


# -- YAML keys built to cost or to mislead ---------------------------------------------------


def test_thousands_of_unknown_fields_are_each_reported_the_first_with_a_suggestion(
    site: Callable[..., Path],
) -> None:
    keys = "".join(f"titel{i}: x\n" for i in range(20_000))
    root = site({"content/site.yaml": BASE_FILES["content/site.yaml"] + keys})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "and 19,980 more errors [field-unknown] in this file" in result.out
    problems = every_problem("check", root, "--today", TODAY)
    unknown = [line for line in problems if "[field-unknown]" in line]
    assert len(unknown) == 20_000  # every one, at its line
    assert unknown[0].startswith("content/site.yaml:3:1: error: site.yaml has no field 'titel0'")
    assert unknown[-1].startswith("content/site.yaml:20002:1: error:")
    # a suggestion costs a fuzzy match against every field: the first hundred have one
    assert sum("did you mean 'title'?" in line for line in unknown) == 100
    assert unknown[100].endswith("; the fields are " + ", ".join(sorted(
        __import__("sitegen.schema").schema.SITE_FIELDS)) + " [field-unknown]")  # fmt: skip


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("~", "a source has no id before its ':'; write one, like wire-2024-07-08:"),
        ("null", "a source has no id before its ':'; write one, like wire-2024-07-08:"),
        ("yes", "source id 'yes' is read as true (YAML reads yes, no, on and off as "
         'true/false); put it in quotes: "yes":'),
        ("Off", "source id 'Off' is read as false (YAML reads yes, no, on and off as "
         'true/false); put it in quotes: "Off":'),
        ('".."', "source id '..' must start with a letter or digit and hold only letters, "
         "digits, '-', '_', '.' and ':'"),
    ],
)  # fmt: skip
def test_a_source_id_read_as_null_or_true_or_not_an_id_is_an_error_at_its_line(
    site: Callable[..., Path], key: str, said: str
) -> None:
    sources = SOURCES + f'{key}:\n  title: "T"\n  publisher: "P"\n  url: "https://e.org/"\n'
    root = site({"content/sources.yaml": sources})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert f"content/sources.yaml:6:1: error: {said} [slug-invalid]" in result.out, result.out
    assert "'None'" not in result.out


def test_a_source_id_that_is_text_is_named_without_a_walk_of_the_file_s_marks() -> None:
    """Only a key YAML read as null or true/false is looked up as the file wrote it: each
    of 3,000 sources walked all of sources.yaml's ~30,000 marks (15 CPU-s at 10,000
    events, the benchmark's sources.yaml)."""
    from sitegen import schema
    from sitegen.marks import Marks
    from sitegen.model import Origin

    class Unwalked(dict[tuple[str | int, ...], tuple[int, int]]):
        def __iter__(self) -> Iterator[tuple[str | int, ...]]:
            raise AssertionError("the marks were walked")

    origin = Origin("content/sources.yaml", Marks({}, Unwalked({("wire",): (1, 1)})))
    assert schema._written(origin, "wire") == "wire"
    assert schema._written(origin, 2024) == "2024"


def test_thousands_of_links_that_name_nothing_are_each_reported_the_first_with_a_hint(
    site: Callable[..., Path],
) -> None:
    links = " ".join(f"[[ada-lovelace-{i}]]" for i in range(1_000))
    event = BASE_FILES["content/events/first.md"].replace("It happened", f"{links} It happened")
    root = site({"content/events/first.md": event})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "and 980 more errors [ref-unknown] in this file" in result.out
    problems = every_problem("check", root, "--today", TODAY)
    unknown = [line for line in problems if "[ref-unknown]" in line]
    assert len(unknown) == 1_000  # every one, at its column
    assert unknown[0].startswith("content/events/first.md:9:1: error: [[ada-lovelace-0]] names")
    # a hint is a fuzzy match against every page's name: the site's first 200 have one
    assert sum("did you mean 'ada-lovelace'?" in line for line in unknown) == 200


def test_thousands_of_citations_of_no_source_are_each_reported_where_they_stand(
    site: Callable[..., Path],
) -> None:
    cites = " ".join(f"[@nope-{i}]" for i in range(3_000))
    event = BASE_FILES["content/events/first.md"].replace("It happened", f"{cites} It happened")
    root = site({"content/events/first.md": event})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "and 2,980 more errors [citation-unknown] in this file" in result.out
    problems = every_problem("check", root, "--today", TODAY)
    unknown = [line for line in problems if "[citation-unknown]" in line]
    assert len(unknown) == 3_000
    assert unknown[0] == (
        "content/events/first.md:9:1: error: [@nope-0] cites a source that sources.yaml does "
        "not have; add it to sources.yaml (sitegen new source nope-0 --url URL --title "
        "TITLE), or correct the id [citation-unknown]"
    )
    assert unknown[1].startswith("content/events/first.md:9:11: error: [@nope-1] cites")


# -- classes that held: kept so ----------------------------------------------------------------

BREAKOUT = "</script><script>alert(1)</script>{{ 7*7 }}{% raw %}]]>&amp;\u2028x"
"""A title that would leave a JSON-LD block, run a template, end a feed's CDATA, or end a
JavaScript string, wherever a writer forgot to escape it."""


@pytest.mark.parametrize(
    "body",
    [
        ">" * 10_000 + " deep quote",
        "- " * 10_000 + "deep list",
        "*a " * 5_000 + "x" + " a*" * 5_000,
        "[a](" + "(" * 10_000 + ")" * 10_000 + ")",
        "word " * 400_000,  # one line of 2 MB
        "a\rb\r\rc\r\n",  # lone CRs
    ],
    ids=["quotes", "lists", "emphasis", "parentheses", "huge-line", "lone-cr"],
)
def test_bodies_built_to_exhaust_the_parser_build_into_outputs_that_parse(
    site: Callable[..., Path], body: str
) -> None:
    from tests.hostile import check_output

    event = BASE_FILES["content/events/first.md"].replace("It happened", f"{body}\n\nIt happened")
    root = site({"content/events/first.md": event})
    result = build(root)
    assert result.code == 0, result
    check_output(root / "output")


def test_a_title_built_to_break_out_stays_text_in_every_output(
    site: Callable[..., Path],
) -> None:
    import json

    from tests.conftest import html
    from tests.hostile import check_output

    title = json.dumps(BREAKOUT)  # (a YAML double-quoted string)
    event = BASE_FILES["content/events/first.md"].replace('"The first event"', title)
    root = site({"content/events/first.md": event})
    result = build(root)
    assert result.code == 0, result
    out = root / "output"
    check_output(out)
    page = html(out / "events" / "first" / "index.html")
    assert page.find("h1").get_text() == BREAKOUT  # as written: no 49, no template ran
    for script in page.find_all("script"):
        assert "alert(1)" not in (script.string or "") or script.get("type") == (
            "application/ld+json"
        )
    ld = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert BREAKOUT in json.dumps(ld, ensure_ascii=False)


@pytest.mark.parametrize("under", ["notes.txt/out", "notes.txt/deeper/out"])
def test_an_output_folder_under_a_file_names_the_file(
    site: Callable[..., Path], under: str
) -> None:
    """--output notes.txt/out, notes.txt a file: making the folders above the output
    fails with 'File exists' (or 'Not a directory'), which named no file; the error now
    says which file stands where a folder must be, and nothing is written."""
    root = site()
    (root / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = build(root, "--output", str(root / under))
    assert result.code == 1, result
    assert result.err.strip().splitlines() == [
        f"sitegen: error: cannot write the output folder {root / under}: "
        f"{root / 'notes.txt'} is a file, not a folder; move it, or build elsewhere "
        "with --output DIR (the output folder is as it was)"
    ], result.err
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine\n"
