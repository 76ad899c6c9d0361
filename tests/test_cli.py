"""The command line: each command is parsed by its own parser alone (making all nine cost a
build 6 ms), and what a user reads is the same: `sitegen --help` lists every command,
`sitegen COMMAND --help` its options, a misspelt command the ones that exist."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sitegen import cli

from .conftest import REPO, run


def test_help_lists_every_command_with_its_line() -> None:
    result = run("--help")
    assert result.code == 0
    for name, (text, _) in cli.COMMANDS.items():
        assert name in result.out
        assert text.split(",")[0].split(";")[0] in " ".join(result.out.split())


def test_a_commands_help_shows_its_options_under_its_name() -> None:
    result = run("build", "--help")
    assert result.code == 0
    assert result.out.startswith("usage: sitegen build ")
    assert "--clean" in result.out and "--quiet" in result.out


@pytest.mark.parametrize("columns", [60, 200])
def test_help_is_written_at_the_terminal_s_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: int
) -> None:
    """Help wraps at $COLUMNS as argparse's own formatter wraps it (cli._Formatter finds
    the width without shutil)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        cli.parser("build").parse_args(["build", "--help"])
    ours = capsys.readouterr().out
    lines = ours.splitlines()
    assert max(map(len, lines)) <= columns - 2
    assert (max(map(len, lines)) > 60) == (columns > 80)


def test_a_misspelt_command_names_the_commands_there_are() -> None:
    result = run("biuld")
    assert result.code == 2
    assert "invalid choice: 'biuld'" in result.err
    assert all(name in result.err for name in cli.COMMANDS)


def test_an_option_the_command_does_not_take_is_a_usage_error() -> None:
    result = run("build", "--bogus")
    assert result.code == 2
    assert "unrecognized arguments: --bogus" in result.err


def test_every_command_parses_alone_as_with_the_others() -> None:
    argv = {
        "check": ["check", "site", "--strict"],
        "build": ["build", "site", "-o", "out", "--clean", "-q"],
        "serve": ["serve", "site", "--port", "8001"],
        "init": ["init", "dir", "--title", "T"],
        "new": ["new", "event", "slug", "--date", "2020-01-01"],
        "import": ["import", "timelinejs", "t.json"],
        "embed-code": ["embed-code", "story", "--width", "600"],
        "docs": ["docs", "checks"],
    }
    assert sorted(argv) == sorted(cli.COMMANDS)
    for name, words in argv.items():
        alone, every = cli.parser(name).parse_args(words), cli.parser().parse_args(words)
        assert vars(alone) == vars(every), name


def _options(p: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    """Each option a parser and its subcommands' parsers take (help aside), as its strings."""
    found = []
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _options(sub)
        elif action.option_strings and action.dest not in ("help", "version"):
            found.append(tuple(action.option_strings))
    return found


def test_the_readmes_table_of_commands_names_every_option() -> None:
    """README's table of commands is where a user looks first: it names every option each
    command takes (all but init's --today, accepted only to match the other commands)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    for name in cli.COMMANDS:
        rows = " ".join(r for r in table.splitlines() if r.startswith(f"| `sitegen {name}"))
        assert rows, name
        for strings in _options(cli.parser(name)):
            if (name, strings) == ("init", ("--today",)):
                continue
            assert any(f"{s} " in rows or f"{s}]" in rows for s in strings), (name, strings)


FIRST_WORDS = {
    "check": ["check"],
    "build": ["build"],
    "serve": ["serve"],
    "init": ["init", "dir"],
    "new": ["new", "event"],
    "import": ["import", "timelinejs", "t.json"],
    "embed-code": ["embed-code"],
    "docs": ["docs"],
}
"""What each command needs before an option (its required arguments)."""


def _text_options(p: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    """The options of a parser and its subcommands' that take a word of text (not a
    number, nor one of a list of choices)."""
    found = []
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _text_options(sub)
        elif (
            action.option_strings
            and action.nargs is None
            and action.choices is None
            and action.type is not int
            and action.dest not in ("help", "version")
        ):
            found.append(tuple(action.option_strings))
    return found


def test_an_empty_value_is_a_usage_error_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--today ''` or `-o ''` (a script's variable that was never set) used to mean the
    default, and `--host ''` every address: each is a usage error, exit 2, that names
    the option, as argparse says any other wrong value."""
    assert sorted(FIRST_WORDS) == sorted(cli.COMMANDS)
    tried = set()
    for name, first in FIRST_WORDS.items():
        for strings in _text_options(cli.parser(name)):
            for word in (strings[-1], f"{strings[-1]}="):
                argv = [*first, word] if word.endswith("=") else [*first, word, ""]
                with pytest.raises(SystemExit) as exit_:
                    cli.parser(name).parse_args(argv)
                err = capsys.readouterr().err
                assert exit_.value.code == 2, argv
                assert f"error: argument {'/'.join(strings)}: '' is empty" in err, argv
                assert "Traceback" not in err
            tried.add(strings[-1])
    assert {"--today", "--output", "--base-url", "--host", "--date", "--site"} <= tried


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "", "--today", "2024-01-01"],
        ["check", ""],
        ["build", ".", "-o", ""],
        ["build", ".", "-o="],
        ["build", ".", "--output="],
        ["build", ".", "--base-url", ""],
        ["serve", ".", "--today", " "],
        ["new", "event", "", "--today", "2024-01-01"],
    ],
)
def test_an_empty_site_output_or_slug_builds_or_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*argv)
    assert result.code == 2, result
    assert "is empty" in result.err and "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["check", "--today", "2024-02-30"],
            "--today: '2024-02-30' is not a date: February 2024 has 29 days, not 30; "
            "write YYYY-MM-DD",
        ),
        (
            ["check", "--today", "2023-13-01"],
            "--today: '2023-13-01' is not a date: there is no month 13; write YYYY-MM-DD",
        ),
        (["check", "--today", "yesterday"], "--today: 'yesterday' is not a date sitegen reads"),
        (["check", "--today", "2024-2-3"], "not in the form YYYY-MM-DD; write 2024-02-03"),
        (["check", "--today", "2024-03"], "--today: '2024-03' is not one whole day"),
        (["check", "--today", "99999-01-01"], "--today: '99999-01-01' is not a date sitegen"),
        (["build", "--today", "12345"], "--today: '12345' is not a date sitegen reads"),
        (
            ["new", "event", "x", "--date", "2023-02-29", "--today", "2024-01-01"],
            "--date: '2023-02-29' is not a date: February 2023 has 28 days, not 29; "
            "write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            [
                "new",
                "source",
                "x",
                "--url",
                "https://e.org/a",
                "--title",
                "A",
                "--published",
                "2023-13-01",
                "--today",
                "2024-01-01",
            ],
            "--published: '2023-13-01' is not a date: there is no month 13",
        ),
    ],
)
def test_an_impossible_date_option_is_refused_in_the_words_checks_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], said: str
) -> None:
    """Python's "day is out of range for month" named neither the month's days nor the
    form to write: a date option is refused as a content date is, one line, exit 2."""
    assert run("init", tmp_path / "site", "--today", "2024-01-01").code == 0
    monkeypatch.chdir(tmp_path / "site")
    before = sorted(tmp_path.rglob("*"))
    result = run(*argv)
    assert result.code == 2, result
    assert said in result.err and result.err.count("\n") == 1, result.err
    assert "out of range" not in result.err and "isoformat" not in result.err
    assert sorted(tmp_path.rglob("*")) == before  # nothing written
