"""`sitegen import timelinejs` on hostile files: whatever a slide holds, each file it
writes is an event file `sitegen check` reads as the slide meant it (no value spilling
into the front matter or the body), and a timeline that imports builds with --drafts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.files import stays_inside
from tests.conftest import TODAY, build, run
from tests.test_import_timelinejs import HEADER, import_, imported, new_site


def slide(headline: str = "H", **extra: Any) -> dict[str, Any]:
    return {"start_date": {"year": 2020}, "text": {"headline": headline, "text": "T"}, **extra}


def write_json(tmp_path: Path, *slides: dict[str, Any]) -> Path:
    source = tmp_path / "t.json"
    source.write_text(json.dumps({"events": list(slides)}), "utf-8")
    return source


def import_in_a_process(source: Path, site: Path, *extra: str) -> Any:
    """The import in a process of its own: a test of a FIFO must fail, not hang."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "import", "timelinejs", str(source), "--site",
         str(site), *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    return done


def front_and_body(path: Path) -> tuple[dict[str, Any], str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def test_line_breaks_in_values_kept_as_comments_stay_in_the_comment(tmp_path: Path) -> None:
    """A media path or a time that is kept as a comment cannot end the comment: a line
    break in it would write the rest as front matter (`allow_html: true`), or end the
    front matter (`---`) and put it in the body."""
    site = new_site(tmp_path)
    hostile = "pic.jpg\nallow_html: true\n---\n<script>alert(1)</script>"
    source = write_json(
        tmp_path,
        slide("Media", media={"url": hostile}),
        slide("Carriage", media={"url": "/a.jpg\r---\rdate: x"}),
        slide("Separator", media={"url": "a\u2028b: c\u0085d"}),
        slide("Time", start_date={"year": 2020, "month": 7, "hour": "20\n---\nx"}),
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    files = imported(site)
    assert len(files) == 4
    for path in files.values():
        data, body = front_and_body(path)
        assert set(data) <= {"title", "date", "order", "draft", "sources"}, path.read_text()
        assert body.strip() == "T", path.read_text()
    assert "pic.jpg allow_html: true --- <script>" in files["media"].read_text("utf-8")
    checked = run("check", site, "--today", TODAY)
    assert "yaml-syntax" not in checked.err and "field-unknown" not in checked.err, checked.err
    assert build(site, "--drafts").code == 0


def test_control_characters_in_a_slide_are_dropped_with_a_warning(tmp_path: Path) -> None:
    """sitegen refuses control characters in content (control-char): the import drops
    them, says where, and writes files that build. A vertical tab (a line break in an
    Excel cell) is a line break."""
    site = new_site(tmp_path)
    source = write_json(
        tmp_path,
        slide(text={"headline": "Null\x00 and escape\x1b[31m red", "text": "bell\x07"}),
        {
            "start_date": {"year": 2020},
            "text": {"headline": "A\x0bB", "text": "<p>para\x0cgraph\x7f\x85</p>"},
            "media": {"url": "https://example.org/a.jpg", "caption": "cap\x01", "credit": "c\x9f"},
        },
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert "events[0].text.headline: " in result.err and "[import-field]" in result.err
    assert "control character" in result.err
    titles = sorted(front_and_body(p)[0]["title"] for p in imported(site).values())
    assert titles == ["A B", "Null and escape[31m red"]
    assert build(site, "--drafts").code == 0


def test_a_number_too_long_for_python_is_a_diagnostic(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    source.write_text(
        '{"events": [{"start_date": {"year": ' + "9" * 5000 + '}, "text": {"headline": "x"}}]}',
        "utf-8",
    )
    result = import_(source, site)
    assert result.code == 1
    assert "t.json:1:1: error: " in result.err and "[import-source]" in result.err
    assert imported(site) == {}


def test_a_unique_id_too_long_for_a_file_name_gives_the_headline_s_slug(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = write_json(tmp_path, slide("The long one", unique_id="a" * 300))
    result = import_(source, site)
    assert result.code == 0, result.err
    assert sorted(imported(site)) == ["the-long-one"]
    assert build(site, "--drafts").code == 0


def test_a_year_of_thousands_of_digits_in_a_sheet_is_a_diagnostic(tmp_path: Path) -> None:
    """A CSV cell is not bounded as JSON numbers are: int() refuses 4,300 digits and more,
    and sitegen reads years of at most 100 (dates.MAX_YEAR_DIGITS)."""
    site = new_site(tmp_path)
    source = tmp_path / "t.csv"
    source.write_text(
        HEADER + f"-{'9' * 5000},,,,,,,,,Far,,,,,,,,\n{'1' * 101},,,,,,,,,Later,,,,,,,,\n"
        f"-{'1' * 100},,,,,,,,,Kept,,,,,,,,\n",
        "utf-8",
    )
    result = import_(source, site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert [e.split(":")[1:3] for e in errors] == [["2", "1"], ["3", "1"]]
    assert all("[import-date]" in e and "100 digits" in e for e in errors)
    assert sorted(imported(site)) == ["kept"]
    assert build(site, "--drafts").code == 0


def test_odd_digits_in_a_sheet_s_date_and_time_cells_are_diagnostics(tmp_path: Path) -> None:
    """'²' is a digit to str.isdigit() but not to int(); a 5,000-digit month, day or
    fraction of a second is more than int() reads: each was an internal error."""
    site = new_site(tmp_path)
    many = "9" * 5000
    rows = [
        "2020,²,,,,,,,,Superscript month,,,,,,,,",
        "2020,1,²,,,,,,,Superscript day,,,,,,,,",
        f"2020,{many},,,,,,,,Long month,,,,,,,,",
        f"2020,1,{many},,,,,,,Long day,,,,,,,,",
        f"2020,1,1,10:00:00.{many},,,,,,Long fraction,,,,,,,,",
        "2020,1,2,,,,,,,Plain,,,,,,,,",
    ]
    source = tmp_path / "t.csv"
    source.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    result = import_(source, site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert [int(e.split(":")[1]) for e in errors] == [2, 3, 4, 5]
    assert all("[import-date]" in e and len(e) < 400 for e in errors), errors
    assert sorted(imported(site)) == ["long-fraction", "plain"]


def test_a_span_of_years_in_the_year_cell_says_where_its_years_go(tmp_path: Path) -> None:
    """'1990-1995' in Year was read as year 1990, month 19: "month '19' is not 1 to 12",
    which sends an editor to an empty Month cell. A month or a date still reads as one."""
    site = new_site(tmp_path)
    rows = [
        "1990-1995,,,,,,,,,Span,,,,,,,,",
        "1990–95,,,,,,,,,Short span,,,,,,,,",
        "1990-12,,,,,,,,,A month,,,,,,,,",
    ]
    source = tmp_path / "t.csv"
    source.write_text(HEADER + "\n".join(rows) + "\n", "utf-8")
    result = import_(source, site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    assert errors == [
        f"{source}:2:1: error: row 2, column A (Year): '1990-1995' is a span of years, not "
        "one year; 'Span' is not imported: give its first year, 1990, as the Year and its "
        "last as the End Year [import-date]",
        f"{source}:3:1: error: row 3, column A (Year): '1990–95' is a span of years, not "
        "one year; 'Short span' is not imported: give its first year, 1990, as the Year and "
        "its last as the End Year [import-date]",
    ]
    assert sorted(imported(site)) == ["a-month"]


def test_a_source_that_is_no_regular_file_is_refused_not_read(tmp_path: Path) -> None:
    """A FIFO waited for a writer for ever; /dev/zero was read until memory ran out."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    site = new_site(tmp_path)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    (site / "content" / "countries" / "pipe.md").unlink(missing_ok=True)
    os.mkfifo(site / "content" / "countries" / "stuck.md")  # the site's own, read for groups
    good = write_json(tmp_path, slide("Fine"))
    for source, code in ((fifo, 2), (Path("/dev/zero"), 2), (good, 0)):
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", "import", "timelinejs", str(source), "--site",
             str(site)],
            env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
            timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == code, (source, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        if code == 2:
            assert done.stderr.startswith(f"sitegen: error: {source}: "), done.stderr


@pytest.mark.parametrize("name", ["site.yaml", "eras.yaml", "events/1969/stuck.md"])
def test_a_fifo_among_the_site_s_files_does_not_hang_the_import(tmp_path: Path, name: str) -> None:
    """The import reads site.yaml (the title slide), eras.yaml (the eras) and the events
    (the first --timeline): each was opened as it was, and a FIFO waited for ever."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    site = new_site(tmp_path)
    target = site / "content" / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({
            "title": {"text": {"headline": "The story"}},
            "events": [slide("Fine")],
            "eras": [{"start_date": {"year": 2019}, "end_date": {"year": 2021},
                      "text": {"headline": "An era"}}],
        }),
        "utf-8",
    )  # fmt: skip
    extra = ["--timeline", "story"] if name.startswith("events/") else []
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "import", "timelinejs", str(source), "--site",
         str(site), *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "fine.md" in done.stdout, done.stderr


def test_display_dates_with_markup_characters_go_round_trip(tmp_path: Path) -> None:
    """TimelineJS reads display_date as HTML (it strips its tags; the import does too):
    timeline.json must write '<' and '&' escaped, or "Spring <1943> & after" comes back
    as "Spring & after" (and an older TimelineJS would run a tag in it)."""
    from tests.conftest import write_site

    said = "Spring <1943> & <b>after</b>"
    original = write_site(
        tmp_path / "original",
        {
            "content/events/first.md": (
                '---\ntitle: "The first event"\ndate: "1943"\n'
                f"display_date: {json.dumps(said)}\npeople: [ada-lovelace]\n"
                "countries: [testland]\nsources: [wire]\n---\nIt happened [@wire].\n"
            )
        },
    )
    assert build(original).code == 0
    exported = json.loads((original / "output" / "timeline.json").read_text("utf-8"))
    (slide_out,) = exported["events"]
    assert "<" not in slide_out["display_date"]
    site = new_site(tmp_path)
    result = import_(original / "output" / "timeline.json", site)
    assert result.code == 0, result.err
    data, _ = front_and_body(imported(site)["first"])
    assert data["display_date"] == said


def test_a_file_where_a_year_folder_goes_is_a_write_error_not_an_existing_event(
    tmp_path: Path,
) -> None:
    """content/events/2020 a file: mkdir's FileExistsError read as 'the file exists; not
    replaced' for an event file that does not exist. And --force over a FIFO waited."""
    import os

    site = new_site(tmp_path)
    (site / "content" / "events" / "2020").write_text("not a folder\n", "utf-8")
    source = write_json(tmp_path, slide("Blocked"), slide("Open", start_date={"year": 2021}))
    (site / "content" / "events" / "2021").mkdir()
    os.mkfifo(site / "content" / "events" / "2021" / "open.md")
    result = import_in_a_process(source, site, "--force")
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert any(
        x.startswith("content/events/2020/blocked.md:1:1: error: ")
        and "content/events/2020 is a file, not a folder" in x
        for x in lines
    ), lines
    assert any(
        x.startswith("content/events/2021/open.md:1:1: error: ") and "not a regular file" in x
        for x in lines
    ), lines
    assert "import-exists" not in result.stderr


def test_force_over_a_fifo_timeline_file_is_a_write_error(tmp_path: Path) -> None:
    import os

    site = new_site(tmp_path)
    (site / "content" / "timelines").mkdir()
    os.mkfifo(site / "content" / "timelines" / "story.md")
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({"title": {"text": {"headline": "Story"}}, "events": [slide("Fine")]}), "utf-8"
    )
    result = import_in_a_process(source, site, "--timeline", "story", "--force")
    assert result.returncode == 1, result
    assert "cannot write content/timelines/story.md: it is not a regular file" in result.stderr


@pytest.mark.parametrize("name", ["site.yaml", "eras.yaml"])
def test_a_deeply_nested_site_file_is_passed_over_with_a_warning(tmp_path: Path, name: str) -> None:
    """The import read site.yaml (its timezone, the title slide) and eras.yaml with
    PyYAML itself: 20,000 nested lists were 'internal error: RecursionError'. sitegen's
    own reader refuses them (check says so); the import passes the file over."""
    site = new_site(tmp_path)
    (site / "content" / name).write_text("x: " + "[" * 20000 + "]" * 20000 + "\n", "utf-8")
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({
            "title": {"text": {"headline": "The story"}},
            "events": [slide("Fine")],
            "eras": [{"start_date": {"year": 2019}, "end_date": {"year": 2021},
                      "text": {"headline": "An era"}}],
        }),
        "utf-8",
    )  # fmt: skip
    result = import_(source, site)
    assert "fine" in imported(site)
    assert f"content/{name} cannot be read" in result.err and "[import-site]" in result.err


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_sheet_saved_with_semicolons_or_tabs_imports_like_the_comma_one(
    tmp_path: Path, delimiter: str
) -> None:
    """Excel in much of Europe saves 'CSV' with semicolons, and a sheet copied out of a
    browser is tab-separated: the header row says which."""
    import csv
    import io

    from tests.test_import_timelinejs import DATA

    rows = list(csv.reader(io.StringIO((DATA / "women_in_computing.csv").read_text("utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    source = tmp_path / "sheet.csv"
    source.write_text(out.getvalue(), "utf-8")
    site, reference = new_site(tmp_path, "site"), new_site(tmp_path, "reference")
    result = import_(source, site)
    assert result.code == import_(DATA / "women_in_computing.csv", reference).code
    assert sorted(imported(site)) == sorted(imported(reference)) != []


def test_pictures_are_copied_only_from_the_timeline_s_folder_into_the_site(
    tmp_path: Path,
) -> None:
    """A media path that is a link out of the timeline's folder (to a private file named
    like a picture), or a site whose static/ is a link elsewhere: nothing is read from
    outside the timeline's folder, nothing written outside the site."""
    folder = tmp_path / "timeline"
    folder.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"private")
    (folder / "leak.png").symlink_to(secret)
    (folder / "fine.png").write_bytes(b"\x89PNG fine")
    source = folder / "t.json"
    source.write_text(
        json.dumps({"events": [slide("Leak", media={"url": "leak.png"}),
                               slide("Fine", media={"url": "fine.png"})]}),
        "utf-8",
    )  # fmt: skip
    site = new_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(site / "static", ignore_errors=True)
    (site / "static").symlink_to(elsewhere, target_is_directory=True)
    result = import_(source, site)
    assert not any(elsewhere.iterdir())
    assert "static/fine.png:1:1: error: cannot copy the picture here: a symbolic link" in (
        result.err
    )
    assert "# TimelineJS media: leak.png" in imported(site)["leak"].read_text("utf-8")


def test_stays_inside_follows_links_and_accepts_what_is_not_there_yet(tmp_path: Path) -> None:
    """The one test the importer asks before it reads a picture or writes a file: where a
    path leads once every link is followed, for files that exist and files it will make."""
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "content" / "events").mkdir(parents=True)
    outside.mkdir()
    content = site / "content"
    (content / "out").symlink_to(outside, target_is_directory=True)
    (content / "in").symlink_to(content / "events", target_is_directory=True)
    (content / "dangling.md").symlink_to(outside / "missing.md")
    (content / "loop").symlink_to(content / "loop")
    (tmp_path / "alias").symlink_to(site, target_is_directory=True)
    cases = {
        content: True,  # the folder itself
        content / "events" / "new.md": True,  # not there yet, in a real folder
        content / "events" / "2024" / "new.md": True,  # nor its folder
        content / "in" / "new.md": True,  # a link that stays inside
        content / "out" / "new.md": False,  # a link out, to where a file would be made
        content / "dangling.md": False,  # a link out to nothing yet
        content / ".." / "site.yaml": False,
        content / "loop": False,  # a loop of links: not inside, and no exception
        tmp_path / "alias" / "content" / "events" / "a.md": True,  # the site through a link
    }
    for path, inside in cases.items():
        assert stays_inside(path, content) is inside, path
    assert stays_inside(content / "events" / "a.md", tmp_path / "alias" / "content")


def test_media_addresses_python_cannot_split_are_links_not_a_crash(tmp_path: Path) -> None:
    """`https://[x/` (a broken IPv6 host) made urlsplit raise while the media's line was
    named: the import stopped with a traceback. As `sitegen check` refuses it as a
    body's link (no host), it is kept as a comment in the front matter, with a warning,
    and no player is made of it on a site that allows HTML."""
    site = new_site(tmp_path)
    with (site / "content" / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("allow_html: true\n")
    source = write_json(
        tmp_path,
        slide("A", media={"url": "https://[abc/x", "link": "https://[q/"}),
        slide("B", media={"url": "https://[abc/clip.mp4"}),
    )
    result = import_(source, site)
    assert result.code == 0, result.err
    assert result.err.count("is no web address a reader can open") == 3, result.err
    bodies = {slug: p.read_text(encoding="utf-8") for slug, p in imported(site).items()}
    assert "TimelineJS media: https://[abc/x" in bodies["a"]
    assert "TimelineJS media's link: https://[q/" in bodies["a"]
    assert "](https://[" not in bodies["a"] + bodies["b"] and "<video" not in bodies["b"]
    assert build(site, "--drafts").code == 0


SITE_SAID = (
    "1:11: warning: title: content/site.yaml is not written as 'key: value' lines that an "
    "import can add to, so the title slide is not imported; set title: and description: by "
    "hand [import-site]"
)


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("site.yaml", '{title: "My story"}\n', SITE_SAID),
        ("site.yaml", '# my notes\ntitle: "My story"\n...\n', SITE_SAID),
        ("site.yaml", "- a list\n", SITE_SAID),
        (
            "eras.yaml",
            "[{title: Old, start: '1900', end: '1910'}]\n",
            "1:195: warning: eras[0]: content/eras.yaml is not written as '- title: …' entries "
            "that an import can add to (a list in brackets?), so the eras are not imported; "
            "add them by hand [import-site]",
        ),
        (
            "tags.yaml",
            "{old: Old times}\n",
            "1:163: warning: events[0].group: content/tags.yaml is not written as 'tag: name' "
            "lines that an import can add to (a mapping in braces?), so the groups' names are "
            "not written; add them by hand [import-site]",
        ),
    ],
)
def test_a_site_file_an_import_cannot_add_lines_to_is_left_as_it_is(
    tmp_path: Path, name: str, text: str, said: str
) -> None:
    """A line added after a mapping in braces, a list or a '...' end broke the file
    (`did not find expected <document start>`): the user's site.yaml, eras.yaml or
    tags.yaml, which had read fine, no longer did."""
    site = new_site(tmp_path)
    (site / "content" / name).write_text(text, "utf-8")
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps({
            "title": {"text": {"headline": "The story", "text": "About it."}},
            "events": [{**slide("Fine"), "group": "Léon's group"}],
            "eras": [{"start_date": {"year": 2019}, "end_date": {"year": 2021},
                      "text": {"headline": "An era"}}],
        }),
        "utf-8",
    )  # fmt: skip
    result = import_(source, site, "--force")
    assert result.code == 0, result
    assert "fine" in imported(site)
    assert (site / "content" / name).read_text("utf-8") == text
    assert f"{source}:{said}" in result.err.splitlines()
    checked = run("check", site, "--today", TODAY)
    assert "[yaml-syntax]" not in checked.out, checked.out


def test_lone_surrogates_in_a_slide_are_dropped_and_the_event_checks(tmp_path: Path) -> None:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`), which no page can hold: an
    import writes the slide without it, and the event it writes checks and builds, with
    no traceback, where one was an internal error of `build` (the YAML it would write)."""
    site = new_site(tmp_path)
    source = tmp_path / "t.json"
    source.write_text(
        '{"events": [{"start_date": {"year": 2020}, "text": {"headline": "Summit \\ud800 talks",'
        ' "text": "<p>Leaders \\udfff met.</p>"}, "group": "Tal\\ud83dks"}]}',
        "utf-8",
    )
    imported_ = import_(source, site)
    assert imported_.code == 0, imported_.err
    assert "dropped from this value" in imported_.err and "[import-field]" in imported_.err
    written = sorted((site / "content/events").rglob("*.md"))
    assert written
    text = "".join(path.read_text(encoding="utf-8") for path in written)
    assert "Summit" in text and "Leaders" in text
    assert "\\ud800" not in text and "\\udfff" not in text
    checked = run("check", site, "--today", TODAY)
    assert "Traceback" not in checked.err and "internal error" not in checked.err
    assert "control-char" not in checked.out + checked.err
