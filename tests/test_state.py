"""What one build leaves for the next (.sitegen-cache/, see sitegen/state.py), and how
little a build that finds nothing changed has to do: a record it cannot trust is no
record (never a traceback), and a no-change build or a bare command line starts without
the parsers and the template engine."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import build as build_module
from sitegen import cache as cache_mod
from sitegen.build import Builder
from sitegen.options import Options
from sitegen.result import Result
from sitegen.state import STATE_VERSION
from tests.conftest import REPO, TODAY, build, run, skip_untried_markdown_it

HEAVY = ("jinja2", "markdown_it", "yaml", "PIL", "multiprocessing")
"""Libraries a build that renders nothing has no use for."""
HEAVY_OURS = ("sitegen.render", "sitegen.assemble", "sitegen.load", "sitegen.model")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _builder(site: Path, out: Path) -> Builder:
    """A Builder as `sitegen build --today TODAY -o OUT` makes one."""
    return Builder(site, out, Options(today=TODAY), dt.date.fromisoformat(TODAY))


def _imported_by(code: str) -> dict[str, object]:
    """Run `code` in a fresh Python with this tree's sitegen; it sets `result`; what it
    set, and which of the heavy modules were imported."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        f"heavy = sorted(m for m in {HEAVY + HEAVY_OURS!r} if m in sys.modules)\n"
        "print(json.dumps({'result': result, 'heavy': heavy}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_a_no_change_build_imports_no_parser_and_no_renderer(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    out = tmp_path / "out"
    assert build(root, "--output", str(out)).code == 0
    before = _tree(out)
    found = _imported_by(
        "from sitegen.cli import _main\n"
        f"result = _main(['build', {str(root)!r}, '-o', {str(out)!r}, '--today', {TODAY!r}, '-q'])"
    )
    assert found == {"result": 0, "heavy": []}
    assert _tree(out) == before


def test_a_check_of_an_unchanged_site_parses_no_markdown(site: Callable[..., Path]) -> None:
    """Every parse is cached: markdown-it, Pillow and multiprocessing stay unimported
    (the template engine is needed: the templates are checked)."""
    root = site()
    assert run("check", root, "--today", TODAY).code == 0
    found = _imported_by(
        "from sitegen.cli import _main\n"
        f"result = _main(['check', {str(root)!r}, '--today', {TODAY!r}])"
    )
    assert found["result"] == 0
    assert isinstance(found["heavy"], list)
    assert not {"markdown_it", "PIL", "multiprocessing"} & set(found["heavy"])


def test_the_load_imports_no_template_engine(site: Callable[..., Path]) -> None:
    """A large build's parent imports the renderer while its forked workers parse (see
    Builder._while_workers_parse), not before it forks them: the load needs none of it."""
    root = site()
    found = _imported_by(
        "import datetime\n"
        "from pathlib import Path\n"
        "from sitegen.assemble import load_site\n"
        f"loaded = load_site(Path({str(root)!r}), datetime.date.fromisoformat({TODAY!r}))\n"
        "result = [loaded.site is not None, len(loaded.parsed) > 0]"
    )
    assert found["result"] == [True, True]
    assert isinstance(found["heavy"], list)
    assert not {"jinja2", "sitegen.render"} & set(found["heavy"])


def test_a_small_cold_build_imports_nothing_it_does_not_use(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """What a small cold build was found to import for nothing (docs/performance-history.md,
    "Cold builds of small sites", ninth round) stays out: calendar (and with it its
    tables), queue (a pool's, and no pool is forked), multiprocessing, traceback (with
    textwrap: the renderer reads a traceback only for a template's error) and html (with
    its entity table: the feed reads one only for a character reference; thirteenth
    round); the patterns of paths it does not take (eleventh round) are not compiled; and
    the collector is back on once the command returns."""
    root = site()
    found = _imported_by(
        "import gc\n"
        "from sitegen.cli import main\n"
        f"code = main(['build', {str(root)!r}, '-o', {str(tmp_path / 'out')!r}, '--clean', "
        f"'--today', {TODAY!r}, '-q'])\n"
        "unused = ('calendar', 'queue', 'multiprocessing', 'traceback', 'textwrap', "
        "'html')\n"
        "from sitegen import dates, load, publish\n"
        "lazy = (load.CONTROL_RE, load._ESCAPE_RE, dates._OFFSET, publish._YEAR_PAGE_FILE)\n"
        "compiled = [p.pattern for p in lazy if 'search' in vars(p)]\n"
        "result = [code, sorted(m for m in unused if m in sys.modules), gc.isenabled(), compiled]"
    )
    assert found["result"] == [0, [], True, []]


def test_a_build_of_plain_bodies_imports_no_markdown_parser(tmp_path: Path) -> None:
    """The bodies of the site `sitegen init` writes are paragraphs of text, references
    and apostrophes: its cold build makes them without markdown-it (markdown.light_made,
    docs/performance-history.md, small builds' twelfth round), which it does not import."""
    skip_untried_markdown_it()
    root = tmp_path / "site"
    assert run("init", root).code == 0
    found = _imported_by(
        "from sitegen.cli import main\n"
        f"result = main(['build', {str(root)!r}, '-o', {str(tmp_path / 'out')!r}, '--clean', "
        f"'--today', {TODAY!r}, '-q'])"
    )
    assert found["result"] == 0
    assert isinstance(found["heavy"], list)
    assert "markdown_it" not in found["heavy"] and "jinja2" in found["heavy"]


def test_the_command_line_starts_without_the_world() -> None:
    """`sitegen --version`, and what every command imports before it works: argparse,
    not the parsers, the template engine, the build or even the diagnostics."""
    found = _imported_by(
        "import sitegen.cli\n"
        "ours = ('sitegen.build', 'sitegen.dates', 'sitegen.diagnostics', 'dataclasses')\n"
        "result = sorted(m for m in ours if m in sys.modules)"
    )
    assert found == {"result": [], "heavy": []}


def test_every_format_of_diagnostics_can_be_asked_for() -> None:
    from sitegen import cli, diagnostics

    assert sorted(cli.FORMATS) == sorted(diagnostics.FORMATS)


def _first_build(root: Path, out: Path) -> dict[str, bytes]:
    result = _builder(root, out).build()
    assert result.ok
    again = _builder(root, out)
    assert again.build().ok and again.loaded is None  # nothing changed: no load at all
    return _tree(out)


def _looked_again(root: Path, out: Path, before: dict[str, bytes]) -> None:
    """The next build trusts no record: it loads the site, and writes what it wrote."""
    builder = _builder(root, out)
    result = builder.build()
    assert result.ok, result.diagnostics
    assert builder.loaded is not None
    assert _tree(out) == before
    assert build(root, "--output", str(out)).code == 0  # the CLI: no traceback either


@pytest.mark.parametrize(
    "record",
    [
        pytest.param("three", id="the layout before STATE_VERSION 2"),
        pytest.param("four", id="the layout before STATE_VERSION 3"),
        pytest.param("version", id="another STATE_VERSION"),
        pytest.param("garbage", id="not a pickle at all"),
    ],
)
def test_a_build_record_of_another_layout_is_no_record(
    site: Callable[..., Path], tmp_path: Path, record: str
) -> None:
    root = site()
    out = tmp_path / "out"
    before = _first_build(root, out)
    path = root / ".sitegen-cache" / "build.pickle"
    stored = cache_mod.read(path)
    assert isinstance(stored, tuple) and stored[0] == STATE_VERSION
    if record == "three":
        cache_mod.write(path, stored[1:])  # (inputs, Result, stats), as version 1 wrote it
    elif record == "four":
        # (version, inputs, Result with its diagnostics, stats), as version 2 wrote it
        cache_mod.write(path, (STATE_VERSION - 1, stored[1], stored[2], stored[4]))
    elif record == "version":
        cache_mod.write(path, (STATE_VERSION - 1, *stored[1:]))
    else:
        path.write_bytes(b"garbage")
    _looked_again(root, out, before)


class _Moved:
    """A class pickled under a name that is gone by the time the record is read (as
    sitegen.build.Result was when it moved to sitegen.result)."""


def test_a_build_record_naming_a_class_that_moved_is_no_record(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    out = tmp_path / "out"
    before = _first_build(root, out)
    path = root / ".sitegen-cache" / "build.pickle"
    stored = cache_mod.read(path)
    assert isinstance(stored, tuple) and isinstance(stored[2], Result)
    _Moved.__module__, _Moved.__qualname__ = "sitegen.build", "OldResult"
    with monkeypatch.context() as patch:
        patch.setattr(build_module, "OldResult", _Moved, raising=False)
        cache_mod.write(path, (*stored[:2], _Moved(), *stored[3:]))
    assert not hasattr(build_module, "OldResult")
    _looked_again(root, out, before)


def test_a_load_record_of_another_version_is_no_record(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    out = tmp_path / "out"
    before = _first_build(root, out)
    path = root / ".sitegen-cache" / "state.pickle"
    stored = cache_mod.read(path)
    assert isinstance(stored, dict) and stored["version"] == STATE_VERSION
    cache_mod.write(path, {**stored, "version": STATE_VERSION - 1})
    (root / "content/events/first.md").write_text(
        (root / "content/events/first.md").read_text(encoding="utf-8") + "More.\n",
        encoding="utf-8",
    )
    builder = _builder(root, out)
    assert builder.build().ok
    assert builder.loaded is not None and not builder.loaded.edited  # nothing to compare with
    assert _tree(out) != before


def test_a_check_after_a_check_parses_nothing(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse cache a check leaves is the next check's: the second and third checks of
    an unchanged site parse no file (every other check used to parse them all, its save
    having emptied the cache the load had saved already)."""
    from sitegen import assemble

    root = site()
    parsed: list[str] = []
    real = assemble.parse_file

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble, "parse_file", counted)
    counts = []
    for _ in range(3):
        result = run("check", root, "--today", TODAY)
        assert result.code == 0, result.err
        counts.append(len(parsed))
        parsed.clear()
    assert counts[0] > 0
    assert counts[1:] == [0, 0]
