"""Hostile sites found by an adversarial sweep of every command (December 2026): each test
is a case the other hostile tests did not hold, with what the user sees.

- links planted in .sitegen-cache/ (a real folder whose subfolder is a link, or the
  folder itself for `check`): sitegen writes, replaces and removes files there, so a link
  would have it do so outside the site;
- a file, a FIFO or a dangling link where sitegen reads a folder (content/events,
  static/, templates/), passed over in silence before; a folder where site.yaml belongs;
  content/ itself a link out of the site (its site.yaml and sources.yaml were read);
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import Builder
from tests.conftest import BASE_FILES, TODAY, build, every_problem, run

BASE_EVENT = BASE_FILES["content/events/first.md"]

# -- links in the cache folder ---------------------------------------------------------------


def _elsewhere(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A folder outside the site holding a user's files, shaped like the cache's folders
    (an old version's compiled templates in jinja/, a picture in images/)."""
    elsewhere = tmp_path / "elsewhere"
    for rel in ("jinja/0123456789abcdef/notes.txt", "keep.txt", "card-x.png"):
        (elsewhere / rel).parent.mkdir(parents=True, exist_ok=True)
        (elsewhere / rel).write_bytes(b"a user's file\n")
    return elsewhere, _files(elsewhere)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "link", [".sitegen-cache", ".sitegen-cache/jinja", ".sitegen-cache/images"]
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_link_in_the_cache_folder_is_refused_and_nothing_outside_is_touched(
    site: Callable[..., Path], tmp_path: Path, link: str, command: str
) -> None:
    root = site()
    assert build(root).code == 0  # a cache of every kind, then the link planted among it
    elsewhere, before = _elsewhere(tmp_path)
    planted = root / link
    if planted.exists():
        shutil.rmtree(planted)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.symlink_to(elsewhere / "jinja" if link.endswith("jinja") else elsewhere)
    (root / "content" / "events" / "first.md").write_text(
        (root / "content" / "events" / "first.md")
        .read_text(encoding="utf-8")
        .replace("The first event", "An edited event"),
        encoding="utf-8",
    )
    result = run(command, root, "--today", TODAY)
    assert result.code == 2, result
    assert f"{planted} is a symbolic link; sitegen keeps its cache only in real folders" in (
        result.err
    )
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert _files(elsewhere) == before  # nothing removed, replaced or added out there


def test_serve_s_builder_starts_cold_beside_a_cache_link_and_touches_nothing(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    elsewhere, before = _elsewhere(tmp_path)
    (root / ".sitegen-cache").symlink_to(elsewhere)
    builder = Builder(root, today=dt.date.fromisoformat(TODAY), use_cache=False, preview=True)
    assert builder.build(to_memory=True).ok
    assert "events/first/index.html" in builder.memory
    assert _files(elsewhere) == before


def test_check_no_cache_links_keeps_no_answers(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen import links

    def probe(url: str, timeout: float) -> links.Outcome:
        return links.Outcome(ok=True, problem="", checked=time.time())

    monkeypatch.setattr(links, "probe", probe)
    root = site()
    result = run("check", root, "--today", TODAY, "--links", "--no-cache")
    assert result.code == 0, result
    assert not (root / ".sitegen-cache").exists()  # 'neither read nor write', as --help says
    assert run("check", root, "--today", TODAY, "--links").code == 0
    assert json.loads((root / ".sitegen-cache" / "links.json").read_text(encoding="utf-8"))


# -- a file where a folder belongs, a folder where a file belongs ---------------------------


@pytest.mark.parametrize("rel", ["content/events", "content/timelines", "static", "templates"])
@pytest.mark.parametrize("what", ["file", "fifo", "dangling link"])
def test_a_file_where_sitegen_reads_a_folder_is_an_error_not_passed_over(
    site: Callable[..., Path], rel: str, what: str
) -> None:
    root = site()
    path = root / rel
    if path.is_dir():
        shutil.rmtree(path)
    if what == "file":
        path.write_text("not a folder\n", encoding="utf-8")
        said = f"{rel}:1:1: error: this is a file, not a folder; sitegen reads {rel}/ as a folder"
    elif what == "fifo":
        os.mkfifo(path)
        said = f"{rel}:1:1: error: this is a named pipe (FIFO), not a folder"
    else:
        path.symlink_to(root / "nowhere")
        said = f"{rel}:1:1: error: cannot read this: No such file or directory [unreadable]"
    result = build(root)
    assert result.code == 1, result
    assert said in result.err
    assert not (root / "output").exists()


def test_site_yaml_as_a_folder_is_one_error_that_says_folder(site: Callable[..., Path]) -> None:
    root = site({"content/site.yaml": None})
    (root / "content" / "site.yaml").mkdir()
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert errors == [
        "content/site.yaml:1:1: error: this is a folder, not a file; sitegen reads only "
        "regular files: rename it [not-a-file]"
    ]


def test_content_as_a_link_out_of_the_site_reads_nothing_through_it(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site({"content/site.yaml": 'title: "The secret title"\n'})
    shutil.move(root / "content", tmp_path / "elsewhere")
    (root / "content").symlink_to(tmp_path / "elsewhere")
    for command in ("check", "build"):
        result = run(command, root, "--today", TODAY)
        said = result.out + result.err
        assert result.code == 1, result
        assert "content:1:1: error: this symbolic link leads outside the site folder" in said
        assert "[link-outside]" in said
        # neither site.yaml, sources.yaml nor a folder was read from out there
        assert "content/sources.yaml" not in said and "content/events" not in said
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    ("changed", "where"),
    [
        # the rebuild trusted the files the last one found, each of them no link: read
        # through content/ they were 'sitegen failed while rebuilding (Refused: …) [internal]'
        (["content/site.yaml"], "content"),
        # told of no file, site.yaml (unchanged by its stat) is read with the site's
        # settings, outside the reads that report a refusal
        ([], "content/site.yaml"),
    ],
    ids=["a-save-named", "no-save-named"],
)
def test_content_made_a_link_out_of_the_site_while_serve_runs_is_refused_not_internal(
    site: Callable[..., Path], tmp_path: Path, changed: list[str], where: str
) -> None:
    from sitegen.serve import PreviewServer

    root = site()
    lines: list[str] = []
    server = PreviewServer(root, port=0, today=dt.date.fromisoformat(TODAY), echo=lines.append)
    assert server.rebuild(initial=True).ok
    shutil.move(root / "content", tmp_path / "elsewhere")
    (root / "content").symlink_to(tmp_path / "elsewhere")
    assert not server.rebuild(changed).ok
    said = "\n".join(lines)
    assert f"{where}:1:1: error: this symbolic link leads outside the site folder (to " in said
    assert (
        f"{tmp_path / 'elsewhere'}); sitegen reads nothing from outside the site: copy the "
        "file in instead of linking it [link-outside]"
    ) in said
    assert "[internal]" not in said


# -- a static file that changes between the scan and the read -------------------------------


@pytest.mark.parametrize(
    ("swap", "said"),
    [
        ("link out", "this symbolic link leads outside the site folder (to /etc/passwd)"),
        ("gone", "cannot read the file: No such file or directory; it was moved or removed"),
        ("fifo", "this is a named pipe (FIFO), not a file"),
        ("folder", "this is a folder, not a file"),
    ],
)
def test_a_static_file_swapped_after_the_scan_is_refused_as_the_scan_would(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, swap: str, said: str
) -> None:
    from sitegen import assemble

    root = site({"static/notes.txt": "ours\n", "static/other.txt": "also ours\n"})
    scan = assemble.static_scan

    def scan_then_swap(site_dir: Path) -> object:
        found = scan(site_dir)
        path = site_dir / "static" / "notes.txt"
        path.unlink()
        if swap == "link out":
            path.symlink_to("/etc/passwd")
        elif swap == "fifo":
            os.mkfifo(path)
        elif swap == "folder":
            path.mkdir()
        return found

    monkeypatch.setattr(assemble, "static_scan", scan_then_swap)
    result = build(root)
    assert result.code == 1, result
    assert f"static/notes.txt:1:1: error: {said}" in result.err
    assert "internal error" not in result.err
    assert not (root / "output").exists()  # /etc/passwd never published


# -- a static file whose path is a page's in other case ------------------------------------


def test_a_static_file_a_page_s_path_in_other_case_is_a_warning(
    site: Callable[..., Path],
) -> None:
    root = site({
        "static/Index.html": "<p>ours</p>",
        "static/Events/First/index.html": "<p>ours</p>",
        "static/robots.txt": "User-agent: *\n",  # exactly a page's path: replaces it, as meant
        "static/Notes.txt": "no page of that name",
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 0, result
    said = [line for line in result.out.splitlines() if "[static-case]" in line]
    assert said == [
        "static/Events/First/index.html:1:1: warning: static/Events/First/index.html and the "
        "page events/first/index.html that sitegen makes differ only in case; on a disk or "
        "host that ignores case one replaces the other: rename the file [static-case]",
        "static/Index.html:1:1: warning: static/Index.html and the page index.html that "
        "sitegen makes differ only in case; on a disk or host that ignores case one replaces "
        "the other: rename the file [static-case]",
    ]


def test_a_static_file_a_share_card_s_path_in_other_case_is_a_warning(
    site: Callable[..., Path],
) -> None:
    # (the share cards are drawn beside the render, not planned: said without the plan)
    root = site({"static/OG/site.png": b"\x89PNG ours", "static/og/Notes.png": b"\x89PNG"})
    result = run("check", root, "--today", TODAY)
    assert result.code == 0, result
    said = [line for line in result.out.splitlines() if "[static-case]" in line]
    assert said == [
        "static/OG/site.png:1:1: warning: static/OG/site.png and the page og/site.png that "
        "sitegen makes differ only in case; on a disk or host that ignores case one replaces "
        "the other: rename the file [static-case]",
    ]


def test_check_finds_the_pages_of_content_changed_since_the_last_check(
    site: Callable[..., Path],
) -> None:
    """check keeps the plan's page paths in the cache for the next check: one whose
    content changed must not take the last check's (the page events/second/ is new)."""
    root = site({"static/events/second/index.html": "<p>ours</p>", "static/ads.txt": "x"})

    def shadowed() -> list[str]:
        result = run("check", root, "--today", TODAY)
        assert result.code == 0, result
        return [line.split(":")[0] for line in result.out.splitlines() if "[static-shadows" in line]

    assert shadowed() == []
    (root / "content/events/second.md").write_text(BASE_EVENT.replace("first", "second"))
    assert shadowed() == ["static/events/second/index.html"]
    assert shadowed() == ["static/events/second/index.html"]  # (the kept paths)
    (root / "content/events/second.md").unlink()
    assert shadowed() == []


def test_every_file_the_link_check_knows_is_one_a_build_makes(
    site: Callable[..., Path],
) -> None:
    from sitegen import checks

    root = site({})
    assert build(root).code == 0
    made = {p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*")}
    assert set(checks.SITE_FILES) <= made  # (a name the build stopped making guards nothing)
    at_the_root = {rel for rel in made if "/" not in rel and (root / "output" / rel).is_file()}
    assert at_the_root <= set(checks.SITE_FILES)  # (and a new whole-site file is guarded)


# -- a content file saved as UTF-16 or UTF-32 -----------------------------------------------


@pytest.mark.parametrize(
    ("codec", "said"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark, as Windows Notepad's "Unicode"
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
    ],
)
@pytest.mark.parametrize("rel", ["content/events/first.md", "content/sources.yaml"])
def test_a_file_saved_as_utf16_or_utf32_is_named_so(
    site: Callable[..., Path], codec: str, said: str, rel: str
) -> None:
    from tests.conftest import BASE_FILES

    root = site({rel: BASE_FILES[rel].replace("A wire", "A wiré").encode(codec)})
    result = build(root)
    assert result.code == 1, result
    assert (
        f"{rel}:1:1: error: the file is saved as {said}, not UTF-8; save it as UTF-8 (in "
        "most editors: Save As, Encoding: UTF-8) [encoding]"
    ) in result.err
    assert "byte 0x" not in result.err and "NUL" not in result.err


def test_a_latin1_file_is_still_named_by_its_first_stray_byte(site: Callable[..., Path]) -> None:
    root = site({"content/sources.yaml": 'wire:\n  title: "Caf\xe9"\n'.encode("latin-1")})
    result = build(root)
    assert "content/sources.yaml:2:14: error: byte 0xe9 is not UTF-8" in result.err


# -- one event larger than a part of events.json --------------------------------------------


def test_an_event_alone_in_its_year_and_larger_than_a_part_of_events_json_builds(
    site: Callable[..., Path],
) -> None:
    # (a long transcript: an event whose record alone is over the 300 KB a part of
    # events.json holds, with no other event in its year, was an internal error)
    body = "It happened, said [[ada-lovelace]] [@wire].\n\n" + "A long transcript. " * 20_000
    root = site({
        "content/events/first.md": BASE_EVENT.replace("It happened", body, 1),
        "content/events/second.md": BASE_EVENT.replace("2024-07-08", "2023-01-02")
        .replace("The first event", "The second event"),
    })  # fmt: skip
    result = build(root)
    assert result.code == 0, result.err
    index = json.loads((root / "output" / "events.json").read_text(encoding="utf-8"))
    names = [part["url"].rsplit("/", 1)[1] for part in index["parts"]]
    assert names == ["events-2023.json", "events-2024.json"]  # (no part of no event)
    found = [
        ev["slug"]
        for name in names
        for ev in json.loads((root / "output" / name).read_text(encoding="utf-8"))["events"]
    ]
    assert sorted(found) == ["first", "second"]


# -- values of the wrong kind are named as they are -----------------------------------------


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("series: {id: summits, number: -1}", "'number' should be a whole number from 1, not -1"),
        ("order: .inf", "'order' should be a whole number, not inf"),
        ("tags: [~]", "item 1 of 'tags' should be text, not an empty value"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named(
    site: Callable[..., Path], field: str, said: str
) -> None:
    root = site({"content/events/first.md": BASE_EVENT.replace("---\nIt", f"{field}\n---\nIt")})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert f"error: {said} [field-type]" in result.out


# -- sitegen new: a slug too long for a file name; YAML keys that are no words ---------------


@pytest.mark.parametrize("kind", ["event", "timeline"])
def test_new_with_a_slug_too_long_for_a_file_name_is_a_usage_error(
    site: Callable[..., Path], kind: str
) -> None:
    root = site()
    result = run("new", kind, "a" * 300, "--site", root, "--today", TODAY)
    assert result.code == 2, result
    assert "is 300 characters long; " in result.err and "keep it to 200: shorten it" in result.err
    assert "File name too long" not in result.err


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("? [a, b]\n: x", "8:3: error: a list or a mapping is used as a key; a key is a word"),
        ("<<: 5", "8:5: error: '<<' merges a mapping into this one and is followed by something"),
    ],
)
def test_yaml_keys_that_are_no_words_say_what_to_write(
    site: Callable[..., Path], field: str, said: str
) -> None:
    event = BASE_EVENT.replace("sources: [wire]\n", f"sources: [wire]\n{field}\n")
    assert event != BASE_EVENT
    root = site({"content/events/first.md": event})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert f"content/events/first.md:{said}" in result.out, result.out


# -- names Windows cannot hold ---------------------------------------------------------------


def test_names_windows_cannot_hold_are_warnings_at_each(site: Callable[..., Path]) -> None:
    root = site({
        "content/events/con.md": BASE_EVENT.replace("The first event", "A second event"),
        "content/events/first.md": BASE_EVENT.replace("lovelace]\n", "lovelace, nul]\n", 1),
        "content/people/nul.md": '---\nname: "N"\n---\nA biography.\n',
        "static/docs/LPT1.pdf": "x",
        "static/notes./a.txt": "x",
        "static/console.txt": "not a device: a longer name",
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 0, result
    said = sorted(
        line.split(": warning: ")[0] + ": " + line.split(": warning: ")[1].split(",")[0]
        for line in result.out.splitlines()
        if "[name-reserved]" in line
    )
    assert said == [
        "content/events/con.md:1:1: 'con' is the name of a device on Windows",
        "content/people/nul.md:1:1: 'nul' is the name of a device on Windows",
        "static/docs/LPT1.pdf:1:1: 'LPT1' is the name of a device on Windows",
        "static/notes.:1:1: Windows drops a dot or a space at the end of a name",
    ]


# -- what the commands print, whatever the names and the terminal ---------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_prints_as_utf8_in_every_format(
    site: Callable[..., Path], fmt: str
) -> None:
    root = site()
    (root / "static").mkdir()
    with open(os.fsencode(root / "static") + b"/bad\xffname.txt", "wb") as f:
        f.write(b"x")
    result = run("check", root, "--today", TODAY, "--format", fmt)
    assert result.code == 1
    result.out.encode("utf-8")  # (a lone surrogate raised here: bytes no reader takes)
    if fmt == "json":
        [found] = [d for d in json.loads(result.out) if d["code"] == "encoding"]
        assert found["file"] == "static/bad\\udcffname.txt"
    else:
        assert "static/bad\\udcffname.txt" in result.out


def test_a_terminal_that_is_not_utf8_gets_escapes_not_an_internal_error(
    site: Callable[..., Path],
) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    root = site({"content/people/bo.md": '---\nname: "Bó — Z"\n---\nNamed by no event.\n'})
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "check", str(root), "--today", TODAY],
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr
    assert b"B\\xf3 \\u2014 Z" in done.stdout  # the orphan warning names the person


# -- one file of thousands of diagnostics; values of a million characters -------------------


def test_thousands_of_unknown_people_in_one_event_unpack_its_marks_a_few_times(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen import marks

    unpacked = []
    real = marks.Packed.__getattr__

    def counting(self: marks.Packed, name: str) -> object:
        if name in self.FIELDS and "_packed" in self.__dict__:
            unpacked.append(type(self).__name__)
        return real(self, name)

    monkeypatch.setattr(marks.Packed, "__getattr__", counting)
    people = ", ".join(f"p{i}" for i in range(2000))
    event = BASE_EVENT.replace("people: [ada-lovelace]", f"people: [ada-lovelace, {people}]")
    root = site({"content/events/first.md": event})
    problems = every_problem("check", root, "--today", TODAY, "--no-cache")
    unknown = [line for line in problems if "[ref-unknown]" in line]
    assert len(unknown) == 2000
    assert unknown[0].startswith("content/events/first.md:5:24: error: no person 'p0'")
    # (each diagnostic unpacked the file's marks again: 30,000 took minutes)
    assert unpacked.count("Marks") <= marks.REPACKED_DIAGNOSTICS + 2


@pytest.mark.parametrize(
    "field", ["people: [{long}]", "sources: [wire, {long}]", "timezone_in_site"]
)
def test_a_value_of_a_million_characters_is_cut_in_the_message(
    site: Callable[..., Path], field: str
) -> None:
    long = "a" * 1_000_000
    if field == "timezone_in_site":
        root = site({"content/site.yaml": f'title: "T"\ntimezone: "{long}"\n'})
    else:
        line = field.format(long=long)
        event = BASE_EVENT.replace("sources: [wire]\n", "sources: [wire]\n", 1)
        event = event.replace("people: [ada-lovelace]", "people: [ada-lovelace]", 1)
        key = line.split(":")[0]
        event = "\n".join(line if x.startswith(key + ":") else x for x in event.split("\n"))
        root = site({"content/events/first.md": event})
    result = run("check", root, "--today", TODAY, "--format", "text")
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert errors and all(len(line) < 400 for line in errors), [len(x) for x in errors]
    assert all("aaaaaaaaaa…aaaaaaaaaa" in line for line in errors)


@pytest.mark.parametrize(
    "date",
    ["9" * 5000, "-" + "1" * 4400 + "-03", "9" * 400 + " billion years ago", "1" * 150],
    ids=["thousands-of-digits", "bce-thousands-of-digits", "years-ago-of-400-digits", "150"],
)
def test_a_date_of_a_year_too_long_to_suggest_is_a_date_syntax_error(
    site: Callable[..., Path], date: str
) -> None:
    """The hint for a year beyond four digits (write Y12345) read the year with int(),
    which refuses thousands of digits, and "… billion years ago" with a float, infinite
    at hundreds: the event was "sitegen failed while reading this file", and --today,
    --date and --published an internal error."""
    root = site({"content/events/first.md": BASE_EVENT.replace("2024-07-08", date)})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/events/first.md:4:7: error: ")
    assert errors[0].endswith("[date-syntax]") and "failed" not in errors[0], errors[0]
    assert "write YYYY, YYYY-MM or YYYY-MM-DD" in errors[0]
    for option in (["check", root, "--today", date], ["new", "event", "x", "--date", date]):
        refused = run(*option, "--site", root) if option[0] == "new" else run(*option)
        assert refused.code == 2 and "is not a date sitegen reads" in refused.err, refused
    assert not list(root.rglob("x.md"))


# -- new and import where a folder they write into is a file or a link to nothing ----------


@pytest.mark.parametrize(
    ("plant", "said"),
    [
        ("file", "content/events is a file, not a folder; move it away"),
        ("dangling link", "content/events is a symbolic link to nothing; remove it, or make"),
    ],
)
def test_new_and_import_where_the_events_folder_is_no_folder_say_so(
    site: Callable[..., Path], tmp_path: Path, plant: str, said: str
) -> None:
    root = site()
    shutil.rmtree(root / "content" / "events")
    if plant == "file":
        (root / "content" / "events").write_text("x", encoding="utf-8")
    else:
        (root / "content" / "events").symlink_to("nowhere")
    new = run("new", "event", "later", "--site", root, "--date", "2024-01-02")
    assert new.code == 2 and f"sitegen: error: {said}" in new.err, new
    source = tmp_path / "timeline.json"
    source.write_text(
        json.dumps({"events": [{"start_date": {"year": "2024"}, "text": {"headline": "H"}}]}),
        encoding="utf-8",
    )
    imported = run("import", "timelinejs", source, "--site", root)
    assert imported.code == 1, imported
    assert f"content/events/2024/h.md:1:1: error: {said}" in imported.err + imported.out
    assert "the file exists" not in imported.err + imported.out


# -- a series number far from the others -----------------------------------------------------


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("3", "has no number 2 (between 'second' and 'first')"),
        ("5", "has no numbers 2 to 4 (between 'second' and 'first')"),
        # (a line per missing number: a year typed as the number printed two thousand, a
        # long number never ended)
        ("2024", "has no numbers 2 to 2023 (between 'second' and 'first')"),
        ("10000000000000000000000", "has no numbers 2 to 9999999999999999999999 (between"),
    ],
)
def test_a_gap_in_a_series_is_one_warning_however_wide(
    site: Callable[..., Path], number: str, said: str
) -> None:
    series = f"sources: [wire]\nseries: {{id: summit, number: {number}}}\n"
    root = site({
        "content/events/first.md": BASE_EVENT.replace("sources: [wire]\n", series),
        "content/events/second.md": BASE_EVENT.replace("2024-07-08", "2023-01-02")
        .replace("The first event", "The second event")
        .replace("sources: [wire]\n", "sources: [wire]\nseries: {id: summit, number: 1}\n"),
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 0, result
    gaps = [line for line in result.out.splitlines() if "[series-gap]" in line]
    assert len(gaps) == 1, gaps[:3]
    assert gaps[0].startswith(f"content/events/first.md:8:30: warning: series 'summit' {said}")
    assert gaps[0].endswith("') [series-gap]")


def test_a_series_id_of_a_pasted_paragraph_is_checked_in_little_memory(
    site: Callable[..., Path],
) -> None:
    import resource

    # (the slips of an id were made as strings: its length squared, 1.2 GB and 20 s for
    # 20,000 letters; a pasted paragraph's id was killed for memory, not reported)
    long = ("abcdefghijklmnopqrstuvwxyz" * 8000)[:200_000]
    root = site({
        "content/events/first.md": BASE_EVENT.replace(
            "sources: [wire]\n", f"sources: [wire]\nseries: {{id: {long}, number: 1}}\n"
        ),
        "content/events/second.md": BASE_EVENT.replace("The first event", "The second event")
        .replace("2024-07-08", "2024-07-09")
        .replace("sources: [wire]\n", "sources: [wire]\nseries: {id: summit, number: 1}\n"),
        "content/events/third.md": BASE_EVENT.replace("The first event", "The third event")
        .replace("2024-07-08", "2024-07-10")
        .replace("sources: [wire]\n", "sources: [wire]\nseries: {id: sumit, number: 1}\n"),
    })  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run("check", root, "--today", TODAY)
    grew_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.code == 0, result
    singles = [line for line in result.out.splitlines() if "[series-single]" in line]
    assert singles == [  # (a slip between short ids is still found)
        "content/events/third.md:8:14: warning: series 'sumit' has no other event; did you "
        "mean 'summit'? (a series of one is listed on its own) [series-single]"
    ]
    assert grew_mib < 500, grew_mib
