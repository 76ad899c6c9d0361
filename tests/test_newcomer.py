"""A newcomer's first site: init, new, check, build, without a surprise on a published page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TODAY, build, run

Site = Callable[..., Path]

EVENT = (
    '---\ntitle: "{title}"\nsummary: "{summary}"\ndate: "{date}"\n{extra}'
    "people: [{people}]\ncountries: [testland]\nsources: [wire]\n---\n{body}\n"
)


def event(
    title: str = "The first event",
    summary: str = "Something happened.",
    date: str = "2024-07-08",
    extra: str = "",
    people: str = "ada-lovelace",
    body: str = "It happened [@wire].",
) -> str:
    return EVENT.format(
        title=title, summary=summary, date=date, extra=extra, people=people, body=body
    )


OLD_BODY = "What happened, in Markdown. Cite sources with `[@id]`; link with `[[slug]]`."


def lines(result_text: str, code: str) -> list[str]:
    return [line for line in result_text.splitlines() if line.endswith(f"[{code}]")]


# -- 1. new writes drafts; a draft person or country is not published -----------------------


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("event", "content/events/2024/summit-opens.md"),
        ("person", "content/people/summit-opens.md"),
        ("country", "content/countries/summit-opens.md"),
    ],
)
def test_new_writes_a_draft_that_build_does_not_publish(
    tmp_path: Path, kind: str, path: str
) -> None:
    target = tmp_path / "s"
    assert run("init", target, "--today", TODAY).code == 0
    args = ["new", kind, "summit-opens", "--site", target, "--today", TODAY]
    assert run(*args, "--date", "2024-07-08").code == 0
    assert "\ndraft: true\n" in (target / path).read_text(encoding="utf-8")
    # the draft is a to-do list, not a fault: check passes, build publishes nothing of it
    checked = run("check", target, "--today", TODAY)
    assert checked.code == 0, checked.out
    assert all(line.startswith(path) for line in lines(checked.out, "placeholder"))
    assert lines(checked.out, "placeholder")
    assert build(target).code == 0
    folder = path.split("/")[1]
    assert not (target / "output" / folder / "summit-opens").exists()
    index = (target / "output" / "search").rglob("*.json")
    assert not any("summit-opens" in p.read_text(encoding="utf-8") for p in index)
    # build --drafts publishes it (serve does too), marked as a draft
    assert build(target, "--drafts").code == 0
    page = (target / "output" / folder / "summit-opens" / "index.html").read_text()
    assert '<span class="badge badge-draft">Draft</span>' in page


def test_a_published_page_naming_a_draft_is_refused(site: Site) -> None:
    draft_person = '---\nname: "Bo Draft"\nrole: "Envoy"\ndraft: true\n---\nA biography.\n'
    draft_country = '---\nname: "Drafty"\niso: DE\ndraft: true\n---\nSome notes.\n'
    root = site({
        "content/people/bo-draft.md": draft_person,
        "content/countries/drafty.md": draft_country,
        "content/people/ada-lovelace.md": (
            '---\nname: "Ada Lovelace"\nrole: "Analyst"\ncountry: drafty\n---\nSee [[bo-draft]].\n'
        ),
        "content/events/first.md": event(people="ada-lovelace, bo-draft"),
    })  # fmt: skip
    result = build(root)
    assert result.code == 1
    refused = lines(result.err, "ref-draft")
    assert any(r.startswith("content/events/first.md:5:24: error: 'bo-draft'") for r in refused)
    assert any(r.startswith("content/people/ada-lovelace.md:4:10: error:") for r in refused)
    assert any(
        r.startswith("content/people/ada-lovelace.md:6:5: error: [[bo-draft]]") for r in refused
    )
    assert "draft: true" in refused[0] and "publish it first" in refused[0]
    # a preview publishes the drafts too: nothing is broken there, and it says so
    assert build(root, "--drafts").code == 0
    # a draft may name a draft
    root = site(
        {
            "content/people/bo-draft.md": draft_person,
            "content/events/later.md": event(extra="draft: true\n", people="bo-draft"),
        }
    )
    assert build(root).code == 0
    assert not (root / "output" / "people" / "bo-draft").exists()
    people = (root / "output" / "people" / "index.html").read_text(encoding="utf-8")
    assert "Bo Draft" not in people and "Ada Lovelace" in people


# -- 2. skeleton text cannot reach a published page -----------------------------------------


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"summary": "TODO: one sentence that says what happened."}, "3:10"),
        ({"summary": ""}, "3:10"),
        ({"summary": "One sentence that says what happened."}, "3:10"),  # older skeletons
        ({"title": "TODO: a headline"}, "2:8"),
        ({"body": "Fine.\n\nTODO: what happened, in Markdown."}, "11:1"),
        ({"body": OLD_BODY}, "9:1"),
    ],
)
def test_placeholder_text_is_an_error_in_a_published_event(
    site: Site, changes: dict[str, str], where: str
) -> None:
    root = site({"content/events/first.md": event(**changes)})
    result = build(root)
    assert result.code == 1
    assert f"content/events/first.md:{where}: error:" in result.err
    assert "[placeholder]" in result.err
    # in a draft it is a warning: what to do before publishing
    root = site({"content/events/first.md": event(extra="draft: true\n", **changes)})
    checked = run("check", root, "--today", TODAY)
    assert checked.code == 0
    assert lines(checked.out, "placeholder")[0].split(": ")[1] == "warning"


def test_placeholder_found_by_its_words_however_the_paragraph_is_laid_out(site: Site) -> None:
    """Skeleton text is told by its words: wrapped over lines and spaced out far past its
    first words, it is still found; a written paragraph that merely begins as one does
    (or is one with more written after it) is not."""
    spaced = "\n".join(" " * 40 + word for word in OLD_BODY.split())
    body = (
        f"It happened [@wire].\n\n{spaced}\n\n"
        "What happened, in Markdown. Cite sources with care, as the wire did.\n\n"
        f"{OLD_BODY} And then more was written."
    )
    root = site({"content/events/first.md": event(body=body)})
    result = run("check", root, "--today", TODAY)
    assert [line.split(": ")[0] for line in lines(result.out, "placeholder")] == [
        "content/events/first.md:11:1"
    ]


def test_every_kind_of_placeholder_paragraph_passes_the_bodies_quick_test() -> None:
    """body_placeholders skips a body _may_hold_placeholder rules out (most bodies): never
    one with a paragraph of skeleton text, of every kind, however cased and spaced."""
    from sitegen import skeleton

    paragraphs = [
        *skeleton.OLDER,
        *(" \n  ".join(text.split()) + " \t" for text in skeleton.OLDER),
        # (white space after the last word that str.split reads as such: the quick test
        # looks at each line's end, its white space stripped by str.rstrip)
        *(text + space for text in skeleton.OLDER for space in ("\r", "\u2003", "\x1c", "\xa0")),
        skeleton.EVENT_BODY, "todo: write it", "ToDo:", "tOdO:later",
    ]  # fmt: skip
    for paragraph in paragraphs:
        body = f"A written paragraph: it says what happened.\n\n{paragraph}\n\nThe end."
        assert list(skeleton.body_placeholders(body)), paragraph
        assert skeleton._may_hold_placeholder(paragraph), paragraph
    assert not skeleton._may_hold_placeholder("Written: to do, a todo list.\n\nWhat next?")


def test_a_placeholder_field_is_found_whatever_its_first_character() -> None:
    """is_placeholder's quick test (a text's first character) passes every text that is
    skeleton text: one whose upper case begins TODO: whatever its first character (ẗ,
    U+1E97, upper-cases to T and a combining mark: not TODO:), and OLDER's texts."""
    from sitegen import skeleton

    for code in range(0x10000):  # (the characters that upper-case to a T are below 0x2000)
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"{char}ODO: write it"
        assert skeleton.is_placeholder(text) == text.upper().startswith("TODO:"), hex(code)
    for text in skeleton.OLDER:
        assert skeleton.is_placeholder(f" \n{text}"), text
        assert not skeleton.is_placeholder(f"x{text}"), text


def test_placeholder_in_people_and_countries(site: Site) -> None:
    root = site({
        "content/people/ada-lovelace.md": (
            '---\nname: "Ada Lovelace"\nrole: ""\ncountry: testland\n---\nA short biography.\n'
        ),
        "content/countries/testland.md": (
            '---\nname: "Testland"\niso: FR\n---\nTODO: notes about the country.\n'
        ),
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    found = {line.split(": ")[0] for line in lines(result.out, "placeholder")}
    assert found == {
        "content/people/ada-lovelace.md:3:7",
        "content/people/ada-lovelace.md:6:1",
        "content/countries/testland.md:5:1",
    }


def test_a_draft_event_without_sources_is_a_to_do(site: Site) -> None:
    skeleton = event(extra="draft: true\n", body="Soon.").replace("[wire]", "[]")
    root = site({"content/events/second.md": skeleton})
    checked = run("check", root, "--today", TODAY)
    assert checked.code == 0
    assert "content/events/second.md:2:8: warning:" in checked.out
    assert "[source-missing]" in checked.out
    assert run("check", root, "--strict", "--today", TODAY).code == 1
    published = site({"content/events/second.md": skeleton.replace("draft: true", "draft: false")})
    assert "error: the event has no source" in run("check", published, "--today", TODAY).out


def test_init_sample_is_real_and_passes_strict(tmp_path: Path) -> None:
    """init's sample site is a finished entry (a true event, a real source), not skeleton
    text: it passes check --strict on any day and builds."""
    target = tmp_path / "s"
    assert run("init", target).code == 0  # the clock's today: the sample does not carry it
    for today in ("1999-01-01", TODAY, "2030-01-01"):
        later = run("check", target, "--strict", "--today", today)
        assert later.out == "0 errors, 0 warnings\n"
    text = "".join(p.read_text(encoding="utf-8") for p in (target / "content").rglob("*.*"))
    assert "TODO" not in text
    assert build(target).code == 0


# -- 3. publishing is safe by default --------------------------------------------------------


def test_build_refuses_a_future_event_that_is_not_scheduled(site: Site) -> None:
    root = site({"content/events/first.md": event(date="2027-07-08")})
    result = build(root)
    assert result.code == 1
    assert "content/events/first.md:4:7: error: the event starts after today" in result.err
    assert "[date-future]" in result.err
    assert not (root / "output").exists()
    scheduled = site(
        {"content/events/first.md": event(date="2027-07-08", extra="status: scheduled\n")}
    )
    assert build(scheduled).code == 0
    # in a draft it waits as a warning, and the draft is not published
    draft = site({"content/events/first.md": event(date="2027-07-08", extra="draft: true\n")})
    built = build(draft)
    assert built.code == 0 and "warning" in built.err and "[date-future]" in built.err


# -- 4. sitegen new source -------------------------------------------------------------------

SOURCES_WITH_COMMENTS = (
    "# Our sources, newest last.\n"
    "wire:   # the agency feed\n"
    '  title: "A wire report"\n'
    '  publisher: "Wire"\n'
    '  url: "https://example.org/wire"\n'
    '  published: "2024-07-08"\n'
    "# keep this comment"  # no newline at the end
)


def test_new_source_appends_a_checked_entry_keeping_the_file(site: Site) -> None:
    root = site({"content/sources.yaml": SOURCES_WITH_COMMENTS})
    added = run(
        "new", "source", "reuters-2024", "--site", root, "--today", TODAY,
        "--url", "https://www.reuters.com/world/summit", "--title", 'Leaders "meet" in Moscow',
        "--publisher", "Reuters", "--published", "2024-07-09",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "[@reuters-2024]" in added.out
    text = (root / "content" / "sources.yaml").read_text(encoding="utf-8")
    assert text.startswith(SOURCES_WITH_COMMENTS + "\n")  # every byte as it was
    assert text.endswith(
        "reuters-2024:\n"
        '  title: "Leaders \\"meet\\" in Moscow"\n'
        '  publisher: "Reuters"\n'
        '  url: "https://www.reuters.com/world/summit"\n'
        '  published: "2024-07-09"\n'
    )
    # the result checks clean once an event cites it (no publisher: the url's host)
    run("new", "source", "bare", "--site", root, "--today", TODAY,
        "--url", "https://www.example.com/a", "--title", "A page")  # fmt: skip
    assert '  publisher: "example.com"\n' in (root / "content/sources.yaml").read_text()
    cites = "It happened [@wire] [@reuters-2024] [@bare]."
    write = root / "content" / "events" / "first.md"
    write.write_text(event(body=cites), encoding="utf-8")
    assert run("check", root, "--strict", "--today", TODAY).out == "0 errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["wire", "--url", "https://example.org/other"], "already has a source 'wire'"),
        (["new-one", "--url", "example.org/a"], "write https://example.org/a"),
        (["new-one", "--url", "javascript:alert(1)"], "uses 'javascript:'"),
        (["new-one", "--url", "https://example.org/wire/"], "source 'wire' already has the url"),
        (["new-one", "--url", "https://example.org/a", "--published", "8 July"], "not a date"),
        (["new-one", "--url", "https://example.org/a", "--published", "2099-01-01"], "after today"),
        (["bad id!", "--url", "https://example.org/a"], "letter or digit and hold only"),
        (["new-one"], "needs --url URL and --title"),
    ],
)
def test_new_source_refuses(site: Site, args: list[str], message: str) -> None:
    root = site()
    before = (root / "content" / "sources.yaml").read_bytes()
    title = [] if args == ["new-one"] else ["--title", "T"]
    result = run("new", "source", *args, *title, "--site", root, "--today", TODAY)
    assert result.code == 2
    assert message in result.err
    assert (root / "content" / "sources.yaml").read_bytes() == before


def test_new_source_refuses_a_broken_sources_file(site: Site) -> None:
    root = site({"content/sources.yaml": "wire:\n  title: [unclosed\n"})
    result = run("new", "source", "x", "--site", root, "--url", "https://a.org/", "--title", "T")
    assert result.code == 2 and "content/sources.yaml:" in result.err and "fix it" in result.err


# -- 5. init: a CI workflow, and only into a folder it may fill ------------------------------


def _sitegen_commands(workflow: object) -> list[list[str]]:
    import shlex

    found: list[list[str]] = []
    jobs = workflow["jobs"]  # type: ignore[index]
    for job in jobs.values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                words = shlex.split(line, comments=True)
                if words[:1] == ["sitegen"]:
                    found.append(words[1:])
    return found


def test_init_writes_a_github_workflow_that_names_real_commands(tmp_path: Path) -> None:
    import yaml

    from sitegen.cli import parser

    target = tmp_path / "s"
    assert run("init", target, "--today", TODAY).code == 0
    text = (target / ".github" / "workflows" / "sitegen.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true; GitHub reads "on"
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    commands = _sitegen_commands(workflow)
    jobs = workflow["jobs"]
    # a pull request gets a trial build (every check, and every page rendered, so a
    # template's error too), into a scratch folder: nothing of it is published
    trial = ["build", "--strict", "--format", "github", "--output", "$RUNNER_TEMP/trial"]
    assert [_sitegen_commands({"jobs": {"check": jobs["check"]}})] == [[trial]]
    assert any(c[0] == "build" for c in commands)
    for argv in commands:  # every one parses: the command and its flags exist
        parser().parse_args(argv)
    assert "pull_request" in jobs["check"]["if"]
    uses = [step.get("uses", "") for step in jobs["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for s in jobs["deploy"]["steps"] if "upload-pages" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "output"
    assert any("pip install" in str(s.get("run", "")) for s in jobs["deploy"]["steps"])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_init_refuses_a_folder_it_should_not_fill(tmp_path: Path) -> None:
    assert run("init", "/").code == 2
    other = tmp_path / "repo"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run("init", other)
    assert refused.code == 2 and "--force" in refused.err
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    # --force adds the site beside what is there, overwriting nothing
    assert run("init", other, "--force", "--today", TODAY).code == 0
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert run("check", other, "--strict", "--today", TODAY).code == 0
    # an existing site, even with --force
    assert run("init", other, "--force").code == 2
    clash = tmp_path / "clash"
    (clash / ".github" / "workflows").mkdir(parents=True)
    (clash / ".github" / "workflows" / "sitegen.yml").write_text("mine", encoding="utf-8")
    result = run("init", clash, "--force")
    assert result.code == 2 and "sitegen.yml" in result.err
    assert not (clash / "content").exists()
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert run("init", a_file, "--force").code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("init", empty, "--today", TODAY).code == 0


# -- 8. sitegen docs -------------------------------------------------------------------------


def test_docs_lists_the_reference_and_prints_a_page() -> None:
    from sitegen.cli import docs_dir

    listed = run("docs")
    assert listed.code == 0 and str(docs_dir()) in listed.out
    for page in ("content", "checks", "publishing", "serve"):
        assert f"  {page} " in listed.out
    shown = run("docs", "checks")
    assert shown.code == 0 and "### placeholder" in shown.out
    assert run("docs", "checks.md").out == shown.out
    missing = run("docs", "nowhere")
    assert missing.code == 2 and "content" in missing.err


def test_a_bodys_skeleton_paragraphs_as_each_paragraph_judged_whole() -> None:
    """skeleton.body_placeholders tells most paragraphs apart by their first word: it
    finds the skeleton paragraphs that joining each paragraph's lines and asking
    is_placeholder of it finds, whatever their case, spacing or line breaks."""
    from sitegen import skeleton

    def judged_whole(body: str) -> list[int]:
        found, start, lines = [], 0, body.split("\n")
        for i, line in enumerate([*lines, ""]):
            if not line.strip():
                paragraph = "\n".join(lines[start:i])
                if paragraph.strip() and skeleton.is_placeholder(paragraph):
                    found.append(start)
                start = i + 1
        return found

    paragraphs = [
        skeleton.EVENT_BODY, skeleton.PERSON_BODY, "todo: lower case", "ToDo:x", "TODO :",
        "TO DO: spaced", "  TODO: indented", "\u2003TODO: wide space", "Their role",
        "A short\nbiography.", "A  short   biography.", "A short biography. Really.",
        "Notes about\nthe country.", "Write what happened here, in Markdown. Cite a "
        "source with [@example-source] and link\nto a person, country or event with "
        "[[first-person]].", "A real paragraph.", "One sentence that says what happened.",
        "\u0131TODO: dotless", "stra\u00dfe TODO:", "TODO:",
    ]  # fmt: skip
    bodies = ["\n\n".join(paragraphs), "\n \n".join(paragraphs), "\n".join(paragraphs)]
    bodies += [f"Intro.\n\n{p}\n\nEnd." for p in paragraphs]
    for body in bodies:
        assert list(skeleton.body_placeholders(body)) == judged_whole(body), body
    assert list(skeleton.body_placeholders("\n\n".join(paragraphs)))  # (some are found)
