"""`sitegen check` on a site with a static/ file that may be at a page's path (its own
ads.txt, a verification .html) needs the paths of the pages a build makes: the plan's,
kept in .sitegen-cache/paths.pickle by the last check or build that planned, under a
hash of what the plan is made of (Builder._page_paths_key)."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

from sitegen import planning
from sitegen.build import Builder
from sitegen.options import Options
from tests.conftest import BASE_FILES, TODAY, build, run

BASE_EVENT = BASE_FILES["content/events/first.md"]
OVER_A_PAGE = {"static/events/second/index.html": "<p>ours</p>", "static/ads.txt": "x"}


def _shadowed(root: Path, *extra: str) -> list[str]:
    result = run("check", root, "--today", TODAY, *extra)
    assert result.code == 0, result
    return [line.split(":")[0] for line in result.out.splitlines() if "[static-shadows" in line]


def _no_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError("planned again")

    monkeypatch.setattr(planning, "plan", refused)


def test_a_check_after_a_build_takes_the_build_s_page_paths(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that planned keeps its pages' paths: the check after it plans nothing
    (on a site of 10,000 events, a second of CPU) and says what the build said."""
    root = site({**OVER_A_PAGE, "content/events/second.md": BASE_EVENT.replace("first", "2nd")})
    built = build(root)
    assert "static/events/second/index.html" in built.out + built.err
    with monkeypatch.context() as quiet:
        _no_plan(quiet)
        assert _shadowed(root) == ["static/events/second/index.html"]
    # SOURCE_DATE_EPOCH (the 'built on' date) changes no page's path
    (root / "content/events/third.md").write_text(BASE_EVENT.replace("first", "third"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build(root).code == 0
    with monkeypatch.context() as quiet:
        _no_plan(quiet)
        assert _shadowed(root) == ["static/events/second/index.html"]


def test_a_check_after_a_content_change_plans_again(
    site: Callable[..., Path],
) -> None:
    root = site(OVER_A_PAGE)
    assert build(root).code == 0
    assert _shadowed(root) == []
    (root / "content/events/second.md").write_text(BASE_EVENT.replace("first", "second"))
    assert _shadowed(root) == ["static/events/second/index.html"]
    assert build(root).code == 0
    (root / "content/events/second.md").unlink()
    assert _shadowed(root) == []  # (the build's paths were of a site with the event)


def test_a_template_change_changes_no_page_s_path(site: Callable[..., Path]) -> None:
    """templates/ is not in the key: a template decides what a page shows, never which
    pages there are (the next test: the plan reads no file). A check after a template
    change says what a check without the cache says."""
    root = site({**OVER_A_PAGE, "content/events/second.md": BASE_EVENT.replace("first", "2nd")})
    assert _shadowed(root) == ["static/events/second/index.html"]
    (root / "templates").mkdir()
    (root / "templates/event.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ event.title }}{% endblock %}'
    )
    assert _shadowed(root) == _shadowed(root, "--no-cache") == ["static/events/second/index.html"]


def test_the_plan_reads_no_file(site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """What Builder._page_paths_key leaves out (templates/, static/, the build's today
    and date) is what the plan cannot read: it is given the site's model and the
    options, and opens, lists or looks at no file."""
    root = site(
        {
            **OVER_A_PAGE,
            "templates/event.html": '{% extends "base.html" %}',
            "content/timelines/main.md": '---\ntitle: "Main"\n---\nAbout.\n',
            "content/events/first.md": BASE_EVENT.replace(
                "sources:", "timelines: [main]\nsources:"
            ),
        }
    )
    builder = Builder(root, use_cache=False)
    assert builder.check().ok
    model = builder.loaded.site if builder.loaded else None
    assert model is not None
    every = [p.path for p in planning.plan(model, Options())]  # (its modules imported)

    def refused(*args: Any, **kwargs: Any) -> NoReturn:
        raise AssertionError(f"the plan read a file: {args}")

    for module, name in [
        (builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "lstat"),
        (os, "scandir"), (os, "listdir"), (os, "access"), (os.path, "exists"),
    ]:  # fmt: skip
        monkeypatch.setattr(module, name, refused)
    dated = Options(today="1999-01-01", build_date="2001-02-03")
    for options in (Options(), dated):
        for later in (False, True):
            paths = [p.path for p in planning.plan(model, options, later=later)]
            assert paths == every
