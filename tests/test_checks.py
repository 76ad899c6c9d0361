"""`sitegen check` as a command: order, summary, exit status, formats, ignore, --strict,
"today", and `build` refusing to write when checks fail. The per-code cases live in
tests/sites/invalid/ (test_checks_sites.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import schema
from tests.conftest import REPO, TODAY, build, run

Site = Callable[..., Path]

EVENT = (
    "---\n"
    'title: "The first event"\n'
    'date: "{date}"\n'
    "people: [ada-lovelace]\n"
    "countries: [testland]\n"
    "sources: [wire]\n"
    "{extra}"
    "---\n"
    "It happened [@wire].\n"
)
NOURL_SOURCES = 'wire:\n  title: "A wire report"\n  publisher: "Wire"\n  published: "2024-07-08"\n'


def event(date: str = "2024-07-08", extra: str = "") -> str:
    return EVENT.format(date=date, extra=extra)


def broken_site(site: Site) -> Path:
    """Two errors and two warnings in three files."""
    return site({
        "content/sources.yaml": NOURL_SOURCES,
        "content/events/first.md": event("2024-13-01"),
        "content/events/b.md": event("2024-07-09", "peple: [x]\n").replace(
            "It happened", "On Sunday, 9 July 2024 it happened"
        ),
    })  # fmt: skip


def lines(out: str) -> list[str]:
    return out.strip().splitlines()


def test_sample_site_passes_strict_with_nothing_to_report() -> None:
    result = run("check", REPO, "--strict", "--today", TODAY)
    assert result.code == 0, result.out
    assert result.out == "0 errors, 0 warnings\n"


def test_valid_site_exits_zero(site: Site) -> None:
    result = run("check", site(), "--today", TODAY)
    assert (result.code, result.out) == (0, "0 errors, 0 warnings\n")


def test_diagnostics_are_sorted_by_file_and_line_then_summarised(site: Site) -> None:
    result = run("check", broken_site(site), "--today", TODAY)
    out = lines(result.out)
    assert out == [
        "content/events/b.md:6:11: warning: source 'wire' was published (2024-07-08) before the "
        "event began (2024-07-09); a report cannot precede what it reports (mark the event "
        "'status: scheduled' if it was a preview) [source-before-event]",
        "content/events/b.md:7:1: error: an event has no field 'peple'; did you mean 'people'? "
        "[field-unknown]",
        "content/events/b.md:9:4: warning: 9 July 2024 was a Tuesday, not a Sunday; correct the "
        "weekday or the date [weekday-mismatch]",
        "content/events/first.md:3:7: error: '2024-13-01': there is no month 13; dates are "
        "YYYY-MM-DD [date-invalid]",
        "content/sources.yaml:1:1: warning: source 'wire' has no url, so readers cannot follow "
        "it; add url: (or ignore: [source-nourl] in site.yaml for print-only sources) "
        "[source-nourl]",
        "2 errors, 3 warnings",
    ]
    assert result.code == 1


def test_warnings_alone_exit_zero_and_strict_makes_them_errors(site: Site) -> None:
    root = site({"content/sources.yaml": NOURL_SOURCES})
    loose = run("check", root, "--today", TODAY)
    assert loose.code == 0
    assert loose.out.endswith("0 errors, 1 warning\n")
    strict = run("check", root, "--today", TODAY, "--strict")
    assert strict.code == 1
    assert "error: source 'wire' has no url" in strict.out
    assert strict.out.endswith("1 error, 0 warnings\n")


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--today", "27/11/2026"],
        ["check", "--bogus"],
        ["check", "/nonexistent/site"],
    ],
)
def test_usage_errors_exit_two(args: list[str]) -> None:
    result = run(*args)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_json_format_is_a_list_of_objects(site: Site) -> None:
    result = run("check", broken_site(site), "--today", TODAY, "--format", "json")
    data = json.loads(result.out)
    assert result.code == 1
    assert [set(d) for d in data] == [
        {"file", "line", "column", "severity", "code", "message"}
    ] * len(data)
    assert data[3] == {
        "file": "content/events/first.md",
        "line": 3,
        "column": 7,
        "severity": "error",
        "code": "date-invalid",
        "message": "'2024-13-01': there is no month 13; dates are YYYY-MM-DD",
    }
    assert json.loads(run("check", site(), "--today", TODAY, "--format", "json").out) == []


def test_github_format_prints_workflow_annotations(site: Site) -> None:
    result = run("check", broken_site(site), "--today", TODAY, "--format", "github")
    out = lines(result.out)
    assert (
        "::error file=content/events/first.md,line=3,col=7,title=date-invalid::"
        "'2024-13-01': there is no month 13; dates are YYYY-MM-DD [date-invalid]"
    ) in out
    assert out[0].startswith(
        "::warning file=content/events/b.md,line=6,col=11,title=source-before-event::"
    )
    assert out[-1] == "2 errors, 3 warnings"


def test_github_format_escapes_newlines_and_commas_in_properties(site: Site) -> None:
    root = site({"content/events/a,b.md": event()})
    out = run("check", root, "--today", TODAY, "--format", "github").out
    assert "file=content/events/a%2Cb.md,line=1,col=1" in out


def test_ignore_silences_warnings(site: Site) -> None:
    root = site({
        "content/sources.yaml": NOURL_SOURCES,
        "content/site.yaml": (
            'title: "T"\nbase_url: "https://example.org/"\nignore: [source-nourl]\n'
        ),
    })  # fmt: skip
    result = run("check", root, "--today", TODAY, "--strict")
    assert (result.code, result.out) == (0, "0 errors, 0 warnings\n")


def test_errors_cannot_be_silenced(site: Site) -> None:
    root = site({
        "content/events/first.md": event("2024-13-01"),
        "content/site.yaml": (
            'title: "T"\nbase_url: "https://example.org/"\nignore: [date-invalid]\n'
        ),
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "there is no month 13; dates are YYYY-MM-DD [date-invalid]" in result.out
    assert (
        "content/site.yaml:3:10: error: 'date-invalid' is an error, and errors cannot be "
        "silenced; fix what it reports and remove it from 'ignore' [field-type]"
    ) in result.out


def test_today_decides_what_is_in_the_future(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site({"content/events/first.md": event("2025-03-01")})
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "[date-future]" in run("check", root, "--today", "2025-02-28").out
    assert "[date-future]" not in run("check", root, "--today", "2025-03-01").out
    # SOURCE_DATE_EPOCH (seconds, UTC) when --today is not given
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740700800")  # 2025-02-28T00:00:00Z
    assert "after today (2025-02-28)" in run("check", root).out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740787200")  # 2025-03-01
    assert "[date-future]" not in run("check", root).out
    # --today wins over SOURCE_DATE_EPOCH
    assert "[date-future]" in run("check", root, "--today", "2025-01-01").out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run("check", root).code == 2


def test_scheduled_events_may_be_in_the_future(site: Site) -> None:
    root = site({"content/events/first.md": event("2027-06-01", "status: scheduled\n")})
    result = run("check", root, "--today", TODAY)
    assert (result.code, result.out) == (0, "0 errors, 0 warnings\n")


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_runs_the_same_checks_and_leaves_output_untouched(site: Site) -> None:
    root = site()
    assert build(root).code == 0
    before = _tree(root / "output")
    stamps = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")}
    (root / "content/events/first.md").write_text(event("2024-02-30"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "content/events/first.md:3:7: error: '2024-02-30'" in result.err
    assert "nothing was written" in result.err
    assert _tree(root / "output") == before
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")} == stamps
    assert not [p for p in root.iterdir() if "staging" in p.name]


def test_build_with_errors_creates_no_output_folder(site: Site) -> None:
    root = site({"content/events/first.md": event("8 July 2024")})
    result = build(root)
    assert result.code == 1
    assert "write 2024-07-08 [date-syntax]" in result.err
    assert not (root / "output").exists()


def test_build_strict_refuses_warnings(site: Site) -> None:
    root = site({"content/sources.yaml": NOURL_SOURCES})
    assert build(root, "--strict").code == 1
    assert not (root / "output").exists()
    assert build(root).code == 0


def test_a_bug_in_sitegen_is_a_diagnostic_naming_the_file(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(schema, "read_person", boom)
    result = run("check", site(), "--today", TODAY, "--no-cache")
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert (
        "content/people/ada-lovelace.md:1:1: error: sitegen failed while reading this file "
        "(KeyError: 'surprise'); please report it with the file attached [internal]"
    ) in result.out


def test_the_check_cache_gives_the_same_answer(site: Site) -> None:
    root = broken_site(site)
    first = run("check", root, "--today", TODAY)
    assert (root / ".sitegen-cache").is_dir()
    second = run("check", root, "--today", TODAY)
    assert first.out == second.out
    shutil.rmtree(root / ".sitegen-cache")
    assert run("check", root, "--today", TODAY, "--no-cache").out == first.out


def test_a_broken_copy_of_another_story_is_reported_precisely(tmp_path: Path) -> None:
    """Editor mistakes in a site written by someone else (tests/sites/rosetta)."""
    root = tmp_path / "rosetta"
    shutil.copytree(
        REPO / "tests/sites/rosetta", root, ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    content = root / "content"

    def edit(rel: str, old: str, new: str) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("events/launch.md", 'date: "2004-03-02"', "date: 2 March 2004")
    edit("events/launch.md", "on Tuesday, 2 March 2004", "on Wednesday, 2 March 2004")
    edit("events/philae-landing.md", "number: 2}", "number: 1}")
    edit("people/klim-churyumov.md", "country: ukraine", "country: ukrain")
    edit("countries/france.md", "iso: FR", "iso: FX")
    edit("sources.yaml", 'published: "2014-11-12"', 'published: "2014-11-31"')
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    out = result.out.splitlines()
    for expected in [
        "content/countries/france.md:3:6: error: 'FX' is not an ISO 3166-1 alpha-2 country "
        "code; did you mean 'FR'? [iso-code]",
        "content/events/launch.md:4:7: error: '2 March 2004' is not a date sitegen reads; "
        "write 2004-03-02 [date-syntax]",
        "content/events/launch.md:10:23: warning: 2 March 2004 was a Tuesday, not a Wednesday; "
        "correct the weekday or the date [weekday-mismatch]",
        "content/events/philae-landing.md:6:34: error: number 1 of series 'milestones' is also "
        "used by 'arrival' (content/events/arrival.md); give each event of the series its own "
        "number [series-order]",
        "content/people/klim-churyumov.md:4:10: error: no country 'ukrain' "
        "(content/countries/ukrain.md); did you mean 'ukraine'? [ref-unknown]",
        "content/sources.yaml:16:14: error: '2014-11-31': November 2014 has 30 days, not 31; "
        "check the date in the source [date-invalid]",
    ]:
        assert expected in out


def test_broken_site_yaml_is_not_also_blamed_for_a_missing_base_url(site) -> None:
    """Only the real problem: the base_url may be in the file, behind the syntax error."""
    root = site({"content/site.yaml": 'title: "T"\nbase_url: "https://example.org/\n'})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "[yaml-syntax]" in result.out
    assert "base-url-missing" not in result.out
    no_url = site({"content/site.yaml": 'title: "T"\n'})
    assert "[base-url-missing]" in run("check", no_url, "--today", TODAY).out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-3", "'feed_limit' should be 0 or more, not -3"),
        ('"ten"', "'feed_limit' should be a whole number, not a text"),
        ("2.5", "'feed_limit' should be a whole number, not 2.5"),
    ],
)
def test_feed_limit_must_be_a_count(site: Site, value: str, message: str) -> None:
    root = site({
        "content/site.yaml": f'title: "T"\nbase_url: "https://example.org/"\nfeed_limit: {value}\n',
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert f"content/site.yaml:3:13: error: {message} [field-type]" in result.out


def test_a_field_written_twice_is_named_with_both_lines(site) -> None:
    """YAML keeps the second of two same keys silently; the check says where both are,
    in a nested mapping too, and does not stop at the first file."""
    twice = event("2024-07-08").replace("---\n", "---\ntitle: First title\n", 1)
    nested = event("2024-07-09").replace(
        "---\n", "---\nimage:\n  src: a.jpg\n  alt: A\n  alt: B\n", 1
    )
    root = site({"content/events/twice.md": twice, "content/events/nested.md": nested})
    out = run("check", root, "--today", TODAY).out
    assert "content/events/twice.md:" in out and "'title' appears twice (first on line 2)" in out
    assert "content/events/nested.md:5:3: error: 'alt' appears twice (first on line 4)" in out


def test_text_output_prints_twenty_of_one_code_in_a_file_then_counts_the_rest(
    site: Site,
) -> None:
    """A body of thousands of `[@` printed as many citation-syntax lines, the file's
    other problems lost among them: text prints the first 20 of a code in a file and one
    line for the rest; the summary and --format json still count every one."""
    root = site({
        "content/sources.yaml": NOURL_SOURCES.replace("\n  title", "\n  url: https://e.o\n  title"),
        "content/events/first.md": event().replace("It happened", "It [@ " * 25 + "happened"),
        "content/events/b.md": event("2024-07-09")
        .replace("The first", "The second")
        .replace("It happened", "It [@ " * 20 + "happened"),
    })  # fmt: skip
    out = run("check", root, "--today", TODAY).out
    shown = lines(out)
    a = [line for line in shown if line.startswith("content/events/first.md:")]
    b = [line for line in shown if line.startswith("content/events/b.md:")]
    assert len(a) == 21 and sum("[citation-syntax]" in line for line in b) == 20, out
    assert a[-1] == (
        "content/events/first.md: … and 5 more warnings [citation-syntax] in this file "
        "(--format json lists every one)"
    )
    listed = json.loads(run("check", root, "--today", TODAY, "--format", "json").out)
    assert sum(d["code"] == "citation-syntax" for d in listed) == 45
    assert shown[-1] == f"0 errors, {len(listed)} warnings"
