"""Hostile values in content files that earlier rounds' tests did not reach: each is a
diagnostic at its line that says what is wrong, never a crash or a misleading hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.errors import UsageError
from tests.conftest import TODAY, run

EVENT = (
    '---\ntitle: "The first event"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
    "countries: [testland]\nsources: [wire]\n{extra}---\nIt happened [@wire].\n"
)


def test_a_number_too_long_to_read_says_so_not_remove_the_tag(
    site: Callable[..., Path],
) -> None:
    """Python reads no integer of more than 4,300 digits; the value has no tag to remove."""
    root = site({"content/events/first.md": EVENT.format(extra=f"order: {'9' * 5000}\n")})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    (line,) = [x for x in result.out.splitlines() if ": error: " in x]
    assert line.startswith("content/events/first.md:7:8: error: ") and "[yaml-syntax]" in line
    assert "5,000 digits" in line and "tag" not in line


def test_new_event_s_date_cannot_name_a_folder_outside_the_site(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """The event's folder came from the first four characters of --date: `--date /tmp`
    wrote /tmp/SLUG.md, `--date ../..` content/SLUG.md."""
    root = site()
    before = sorted(p.name for p in tmp_path.iterdir())
    for date in (str(tmp_path), "../..", "yesterday", '2024"\nallow_html: true\n#'):
        result = run("new", "event", "pwn", "--date", date, "--site", root, "--today", TODAY)
        assert result.code == 2, (date, result)
        assert result.err.startswith("sitegen: error: --date") and "[" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not list(root.rglob("pwn.md"))
    made = run("new", "event", "ides", "--date=-0044-03-15", "--site", root, "--today", TODAY)
    assert made.code == 0, made.err
    assert (root / "content" / "events" / "0044-bce" / "ides.md").is_file()


TITLES = [
    "x\n---\n<script>alert(1)</script>\n",  # a line break ending the front matter
    "a\u2028---\u2028b",  # a line separator: a line break to YAML
    'say "no" \\ # not a comment',
]


def test_new_titles_stay_in_their_field(site: Callable[..., Path]) -> None:
    root = site()
    for n, title in enumerate(TITLES):
        for kind in ("event", "person", "country", "timeline"):
            slug = f"{kind}-{n}"
            result = run("new", kind, slug, "--title", title, "--site", root, "--today", TODAY)
            assert result.code == 0, (kind, title, result)
    checked = run("check", root, "--today", TODAY)
    for bad in ("yaml-syntax", "front-matter", "field-unknown", "html-raw", "control-char"):
        assert f"[{bad}]" not in checked.out, checked.out
    titles = [
        line
        for p in sorted((root / "content").rglob("*-[0-9].md"))
        for line in p.read_text(encoding="utf-8").splitlines()[1:2]
    ]
    assert len(titles) == 12
    assert all(t.startswith(("title: ", "name: ")) for t in titles), titles


def test_control_characters_and_undecodable_bytes_in_new_s_options_are_usage_errors(
    site: Callable[..., Path],
) -> None:
    root = site()
    for title in ("a\x1bb", "a\udc85b", "nul\x00"):
        for args in (
            ("new", "event", "ev", "--title", title),
            ("new", "source", "src", "--url", "https://e.org/x", "--title", title),
            ("new", "source", "src", "--url", "https://e.org/x", "--title", "T",
             "--publisher", title),
            ("init", root.parent / "other", "--title", title),
        ):  # fmt: skip
            where = () if args[0] == "init" else ("--site", root)
            result = run(*args, *where, "--today", TODAY)
            assert result.code == 2, (args, result)
            assert "internal error" not in result.err and result.err.startswith("sitegen: error: -")
    assert not (root.parent / "other").exists()
    assert run("check", root, "--today", TODAY).code == 0


def test_embed_code_names_the_problem_in_site_yaml_not_a_missing_base_url(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """site.yaml refused (a link out of the site) or unreadable YAML: embed-code said
    'set base_url in content/site.yaml', which it has."""
    root = site()
    outside = tmp_path / "site.yaml"
    outside.write_text((root / "content" / "site.yaml").read_text(encoding="utf-8"), "utf-8")
    (root / "content" / "site.yaml").unlink()
    (root / "content" / "site.yaml").symlink_to(outside)
    result = run("embed-code", "--site", root)
    assert result.code == 1, result
    assert "content/site.yaml:1:1: error: " in result.err and "[link-outside]" in result.err
    assert "set base_url" not in result.err
    (root / "content" / "site.yaml").unlink()
    (root / "content" / "site.yaml").write_text('title: "T"\nbase_url: [x\n', "utf-8")
    result = run("embed-code", "--site", root)
    assert result.code == 1 and "[yaml-syntax]" in result.err and "set base_url" not in result.err


@pytest.mark.parametrize(
    "epoch", ["99999999999999999999", "abc", "1e10", "253402300800", "-62135596801"]
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_bad_source_date_epoch_is_a_usage_error_that_names_it(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, epoch: str, command: str
) -> None:
    """It said '--today None: …' (no --today was given), or was an internal error
    (OverflowError) for a number of seconds past any year."""
    root = site()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run(command, root)
    assert result.code == 2, result
    assert result.err.startswith(f"sitegen: error: SOURCE_DATE_EPOCH={epoch!r}"), result.err
    assert not (root / "output").exists()


def test_new_writes_nothing_through_a_link_out_of_the_site(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """`sitegen new source` appended to the file a linked sources.yaml points at, and
    `sitegen new event --date 2025` wrote into the folder content/events/2025 links to."""
    root = site({"content/timelines/story.md": '---\ntitle: "Story"\n---\nIntro.\n'})
    outside = tmp_path / "outside"
    outside.mkdir()
    sources = outside / "sources.yaml"
    sources.write_text((root / "content" / "sources.yaml").read_text("utf-8"), "utf-8")
    (root / "content" / "sources.yaml").unlink()
    (root / "content" / "sources.yaml").symlink_to(sources)
    (root / "content" / "events" / "2025").symlink_to(outside, target_is_directory=True)
    (root / "content" / "people" / "linked.md").symlink_to(outside / "person.md")
    before = sorted((p.name, p.read_bytes()) for p in outside.iterdir())
    for args in (
        ("new", "source", "added", "--url", "https://e.org/new", "--title", "T"),
        ("new", "event", "via-link", "--date", "2025-01-01"),
        ("new", "event", "via-link", "--date", "2025-01-01", "--timeline", "story"),
        ("new", "person", "linked"),
    ):
        result = run(*args, "--site", root, "--today", TODAY)
        assert result.code == 2, (args, result)
        assert "outside the site" in result.err or "already exists" in result.err, result.err
    assert sorted((p.name, p.read_bytes()) for p in outside.iterdir()) == before
    (root / "content" / "timelines").rename(outside / "timelines")
    (root / "content" / "timelines").symlink_to(outside / "timelines", target_is_directory=True)
    result = run("new", "timeline", "other", "--site", root, "--today", TODAY)
    assert result.code == 2 and "outside the site" in result.err, result
    assert not (outside / "timelines" / "other.md").exists()


@pytest.mark.parametrize("linked", ["static", ".github", ".gitignore"])
def test_init_force_writes_nothing_through_a_link_out_of_the_folder(
    tmp_path: Path, linked: str
) -> None:
    target, outside = tmp_path / "repo", tmp_path / "outside"
    target.mkdir()
    outside.mkdir()
    (target / "README").write_text("a repository\n", "utf-8")
    if linked == ".gitignore":
        (outside / "ignore").write_text("x\n", "utf-8")
        (target / linked).symlink_to(outside / "ignore")
    else:
        (target / linked).symlink_to(outside, target_is_directory=True)
    before = sorted((p.name, p.read_bytes() if p.is_file() else b"") for p in outside.iterdir())
    result = run("init", target, "--force", "--today", TODAY)
    assert result.code == 2, result
    assert "outside the site" in result.err
    assert sorted((p.name, p.read_bytes() if p.is_file() else b"") for p in outside.iterdir()) == (
        before
    )
    assert not (target / "content").exists()


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_serve_refuses_a_port_that_is_no_port(site: Callable[..., Path], port: str) -> None:
    """99999 was served on some other, random port; -1 was blamed on --host."""
    from sitegen.serve import PreviewServer

    root = site()
    server = PreviewServer(root, port=int(port), echo=lambda line: None)
    try:
        with pytest.raises(UsageError, match=f"--port {port}: "):
            server.start()
    finally:
        server.stop()


@pytest.mark.parametrize("host", ["../../x", "x" * 100, "a..b", "\u202e", "\udcff"])
def test_serve_refuses_a_host_that_is_no_name_in_one_line(
    site: Callable[..., Path], host: str
) -> None:
    """A name the resolver cannot spell (an empty or over-long label, a character IDNA
    refuses, bytes that are not UTF-8) was an internal error, not a usage error."""
    root = site()
    result = run("serve", root, "--host", host, "--port", "0", "--today", TODAY)
    assert result.code == 2, result
    assert result.err.startswith(f"sitegen: error: --host {host!r}: not a host name or address")
    assert result.err.count("\n") == 1 and "report" not in result.err


def test_an_end_time_equal_to_the_time_is_not_said_to_be_before_it(
    site: Callable[..., Path],
) -> None:
    root = site(
        {"content/events/first.md": EVENT.format(extra='time: "10:00"\nend_time: "10:00"\n')}
    )
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    (line,) = [x for x in result.out.splitlines() if ": error: " in x]
    assert "before it starts" not in line and "when it starts (10:00)" in line, line
    assert "remove 'end_time'" in line
