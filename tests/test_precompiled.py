"""The default theme compiled ahead of time (sitegen/precompiled.py): current, used, and
never wrong when stale."""

from __future__ import annotations

import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from sitegen import compiled_theme, precompiled, render
from sitegen.files import default_theme
from sitegen.pages import Chip

from .conftest import build

REPO = Path(__file__).resolve().parent.parent


def _env() -> render.jinja2.Environment:
    return render.environment([default_theme()], render._Bytecode(None, False, {}))


def test_the_shipped_compiled_theme_is_current() -> None:
    """After editing a template of the default theme, run tools/compile_theme.py (until
    then every build compiles the edited template, as it did before)."""
    tool = [sys.executable, str(REPO / "tools" / "compile_theme.py"), "--check"]
    done = subprocess.run(tool, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_template_of_the_theme_loads_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template of the default theme was compiled")

    env = _env()
    monkeypatch.setattr(env, "compile", refuse)
    names = set(env.list_templates(extensions=["html", "xml", "txt"]))
    assert names == set(compiled_theme.KEYS)
    for name in names:
        assert env.get_template(name).filename == str(default_theme() / name)


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_stale_or_missing_entry_is_compiled_and_the_pages_are_the_same(
    site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    assert build(root, "--clean", "-o", tmp_path / "compiled").code == 0
    monkeypatch.setitem(compiled_theme.KEYS, "event.html", "0" * 32)  # an edited template
    monkeypatch.delitem(compiled_theme.KEYS, "base.html")  # a new one
    assert build(root, "--clean", "-o", tmp_path / "made").code == 0
    assert _pages(tmp_path / "made") == _pages(tmp_path / "compiled")


def test_a_compiled_template_fails_at_its_own_file_and_line() -> None:
    """What a failing template reports (Renderer._diag reads the traceback) is the same
    whether the template was compiled now or ahead of time."""

    def where(env: render.jinja2.Environment) -> list[tuple[str, int | None]]:
        with pytest.raises(render.jinja2.UndefinedError) as caught:
            env.get_template("event.html").render({})
        frames = traceback.extract_tb(caught.value.__traceback__)
        return [(Path(f.filename).name, f.lineno) for f in frames if f.filename.endswith(".html")]

    ahead = where(_env())
    now = _env()
    now.loader = render.jinja2.FileSystemLoader(str(default_theme()))
    assert ahead == where(now) and ahead[0][0] == "event.html"


def test_the_key_changes_with_the_source_and_the_options() -> None:
    env = _env()
    source = "{{ x }}\n"
    first = precompiled.key(env, "a.html", source)
    assert precompiled.key(env, "a.html", source + " ") != first
    assert precompiled.key(env, "b.html", source) != first
    env.trim_blocks = False
    assert precompiled.key(env, "a.html", source) != first


def test_compiled_ahead_are_the_sites_own_and_stale_templates_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large build compiles the site's templates while its workers parse
    (render.precompile): a site's own template, and a theme template compiled_theme
    no longer matches; not the theme's shipped ones, which are loaded, not compiled."""
    from sitegen.planning import Memo

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text("<p>not here</p>\n", encoding="utf-8")
    memo = Memo()
    render.precompile(tmp_path, None, memo)
    assert len(memo.templates) == 1  # the site's 404.html
    monkeypatch.setitem(compiled_theme.KEYS, "event.html", "0" * 32)  # an edited template
    memo = Memo()
    render.precompile(tmp_path, None, memo)
    assert len(memo.templates) == 2


def test_a_sites_templates_are_read_by_the_builds_theme_files(tmp_path: Path) -> None:
    """The site's templates/ is read by the one ThemeFiles the build reads its theme
    with (state on the build): what it refuses there, the build's record holds."""
    outside = tmp_path / "elsewhere.html"
    outside.write_text("secret", encoding="utf-8")
    site = tmp_path / "site"
    (site / "templates").mkdir(parents=True)
    (site / "templates" / "base.html").symlink_to(outside)
    files = render.ThemeFiles(site)
    env = render.environment(render.theme_dirs(site), render._Bytecode(None, False, {}), files)
    with pytest.raises(render.TemplateRefused) as refused:
        env.get_template("base.html")
    assert refused.value.diagnostic.code == "link-outside"
    assert files.refused["templates/base.html"] == refused.value.diagnostic


def test_the_chips_macro_writes_a_timeline_entrys_chips() -> None:
    """`chips` in _macros.html (for a site's own templates) writes each chip as a timeline
    page's entries have theirs: a country's flag before its name, a person's initials as
    data-i, every value escaped; nothing for no chips."""
    countries = [Chip("countries", "india", "India", "🇮🇳"), Chip("countries", "x", "X<&>")]
    people = [Chip("people", "ada", 'Ada "L"', "AL")]
    call = '{% from "_macros.html" import chips %}[{{ chips(people, countries, "../") }}]'
    made = (
        _env()
        .from_string(call + "[{{ chips([], [], '') }}]")
        .render(people=people, countries=countries)
    )
    assert made == (
        '[<ul class="chips"><li><a href="../countries/india/"><i aria-hidden="true">🇮🇳</i>'
        'India</a></li><li><a href="../countries/x/">X&lt;&amp;&gt;</a></li><li><a href='
        '"../people/ada/" data-i="AL">Ada &#34;L&#34;</a></li></ul>][]'
    )
