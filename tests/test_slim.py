"""The default theme's CSS and scripts reach readers without their comments and
indentation (sitegen/slim.py), line for line, meaning the same; a site's own are shipped
as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sitegen import slim
from sitegen.files import default_theme
from tests.conftest import build, write_site

THEME = default_theme() / "assets"


def shipped(root: Path, name: str) -> str:
    stem, ext = name.rsplit(".", 1)
    (path,) = (root / "output" / "assets").glob(f"{stem}.*.{ext}")
    return path.read_text("utf-8")


def test_the_theme_ships_its_css_and_scripts_without_comments(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {})
    assert build(root).code == 0
    for name in ("style.css", "site.js"):
        source = (THEME / name).read_text("utf-8")
        text = shipped(root, name)
        assert len(text) < len(source) * 0.92, name  # a tenth or more left out
        # line for line: a browser's line numbers are the source's
        assert text.count("\n") == source.count("\n"), name
        assert "/*" not in text and "\n//" not in text and "\n " not in text, name
    assert 'content: "source "' in shipped(root, "style.css")


def test_a_sites_own_css_is_shipped_as_written(tmp_path: Path) -> None:
    css = "/* ours */\nbody {\n  color: rgb(1, 2, 3) /* keep */\n}\n"
    root = write_site(tmp_path / "site", {"templates/assets/style.css": css})
    assert build(root).code == 0
    assert shipped(root, "style.css") == css


def test_what_slimming_keeps() -> None:
    # a comment's marks inside a CSS string are text; a comment's lines stay as lines
    assert slim.css('a::before { content: "/* x */" }  /* y\n z */\n  b { }') == (
        'a::before { content: "/* x */" }\n\nb { }'
    )
    # a trailing comment goes only where nothing before it could hold the `//`
    assert slim.js("  var a = 1;  // one\n  // two\nf();") == "var a = 1;\n\nf();"
    kept = 'var u = "http:"; // a note'
    assert slim.js(kept) == kept
    kept = "var r = /a/; // a note"
    assert slim.js(kept) == kept
    # a template literal's lines are one string: its indentation and `//` are text
    kept = "var t = `\n  // not a comment\n`;"
    assert slim.js(kept) == kept


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_every_slimmed_script_still_parses(tmp_path: Path) -> None:
    for path in sorted(THEME.glob("*.js")):
        out = tmp_path / path.name
        out.write_bytes(slim.slimmed(path.name, path.read_bytes()))
        done = subprocess.run(["node", "--check", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, (path.name, done.stderr)


@pytest.mark.browser
def test_chromium_reads_the_slimmed_stylesheet_rule_for_rule(browser: Any) -> None:
    source = (THEME / "style.css").read_text("utf-8")
    rules = """css => { const s = new CSSStyleSheet(); s.replaceSync(css);
                        return [...s.cssRules].map(r => r.cssText); }"""
    page = browser.new_page()
    try:
        want = page.evaluate(rules, source)
        assert len(want) > 100
        assert page.evaluate(rules, slim.css(source)) == want
    finally:
        page.close()
