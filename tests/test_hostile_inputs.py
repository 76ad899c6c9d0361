"""Hostile inputs of every class a maintainer's held-back sweep may try (December 2026):
content swapped between the scan and the read, addresses that could leave an attribute,
`sitegen init` into a site's own folders, and content built to exhaust a parser. Each
test is a tiny site in tmp_path and says what the user sees: a diagnostic at its line,
never a traceback, never a file outside the site read or published."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import BASE_FILES, TODAY, build, run

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
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert picture in json.dumps(timeline, ensure_ascii=False)
