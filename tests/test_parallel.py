"""Large sites are parsed and rendered by the parent and forked workers together.

A generated site just past the threshold (benchmarks/generate.py) is built with two
processes and with one: the outputs must be the same, byte for byte, cold and after an
edit, and the parse cache the workers filled must serve the next build.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sized
from pathlib import Path
from typing import Any

import pytest

from sitegen import assemble, cli, planning, render, renderjobs, write
from sitegen import build as build_module
from sitegen.build import FILES_APART_MIN_PAGES, PARALLEL_MIN_PAGES, Builder, large_site
from sitegen.errors import WorkerStopped
from sitegen.options import Options
from sitegen.pages import Page, PageData, resolved
from tests.conftest import REPO, TODAY

EVENTS = PARALLEL_MIN_PAGES + 50


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _same_files(got_root: Path, want_root: Path) -> None:
    """The two output folders hold the same files, byte for byte."""
    got, want = tree(got_root), tree(want_root)
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []


def builder(site: Path, out: Path, jobs: int, clean: bool = False) -> Builder:
    return Builder(
        site, out, Options(today=TODAY), dt.date.fromisoformat(TODAY), jobs=jobs, clean=clean
    )


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generate = REPO / "benchmarks" / "generate.py"
    root = tmp_path_factory.mktemp("large") / "site"
    subprocess.run(
        [sys.executable, str(generate), str(root), "--events", str(EVENTS)],
        check=True,
        capture_output=True,
    )
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose pages are past FILES_APART_MIN_PAGES and short of PARALLEL_MIN_PAGES."""
    generate = REPO / "benchmarks" / "generate.py"
    root = tmp_path_factory.mktemp("small") / "site"
    subprocess.run(
        [sys.executable, str(generate), str(root), "--events", str(FILES_APART_MIN_PAGES + 10)],
        check=True,
        capture_output=True,
    )
    return root


def test_a_small_site_s_whole_site_files_made_beside_its_pages_are_what_one_process_makes(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too small to share its pages, a site's feeds, data files and search index are made
    by a forked worker while this process renders the pages: the same bytes."""
    apart: list[int] = []
    run = renderjobs.FilesApart.run

    def counted(self: renderjobs.FilesApart, *args: Any) -> Any:
        apart.append(self.executor.workers)
        return run(self, *args)

    monkeypatch.setattr(renderjobs.FilesApart, "run", counted)
    two = builder(small, tmp_path / "two", jobs=2, clean=True)
    assert not large_site(two.site_dir, two.jobs)
    result = two.build()
    assert result.ok and FILES_APART_MIN_PAGES <= result.rendered < PARALLEL_MIN_PAGES
    assert apart == [1]
    assert builder(small, tmp_path / "one", jobs=1, clean=True).build().ok
    assert apart == [1]  # (one process: no worker)
    _same_files(tmp_path / "two", tmp_path / "one")


def _render_workers_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, a forked worker that renders a page is killed (as the kernel kills
    one out of memory)."""
    parent, render_one = os.getpid(), renderjobs.RenderJob.__call__

    def killed(self: renderjobs.RenderJob, index: int) -> Any:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return render_one(self, index)

    monkeypatch.setattr(renderjobs.RenderJob, "__call__", killed)


def test_a_worker_killed_making_the_whole_site_files_leaves_no_output(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies (as the kernel kills one out of memory) fails the build with
    its exit code, and nothing of the output is written."""
    _render_workers_killed(monkeypatch)
    with pytest.raises(WorkerStopped, match="exit code -9"):
        builder(small, tmp_path / "out", jobs=2, clean=True).build()
    assert not (tmp_path / "out").exists()


def test_a_worker_killed_is_one_line_for_the_user_and_the_last_output_stays(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sitegen build` whose worker the kernel kills (out of memory): an error line that
    says what happened and what to do, not an "internal error" to report, and the
    output of the build before it, byte for byte."""
    out = tmp_path / "out"
    command = ["build", str(small), "--output", str(out), "--today", TODAY]
    assert cli.main(command) == 0
    before = tree(out)
    capsys.readouterr()
    _render_workers_killed(monkeypatch)
    monkeypatch.setattr(build_module, "_jobs", lambda: 2)
    assert cli.main([*command, "--clean"]) == 1
    err = capsys.readouterr().err
    assert "sitegen: error: a build worker stopped before it finished" in err, err
    assert "SIGKILL" in err and "out of memory" in err and "hint:" in err, err
    assert "internal error" not in err and "Traceback" not in err, err
    assert tree(out) == before


@pytest.fixture
def small_copy(small: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(small, site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    return site


def _forked_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers of each forked parse, as they are counted from now on."""
    forked: list[int] = []
    real = assemble._Parse.forked

    def counted(self: Any, executor: Any, *args: Any) -> None:
        forked.append(executor.workers)
        real(self, executor, *args)

    monkeypatch.setattr(assemble._Parse, "forked", counted)
    return forked


def test_a_small_site_parsed_beside_the_renderer_s_import_builds_what_one_process_builds(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Short of a large site, a build's parse is still shared with a forked worker
    while this process imports the renderer: the same bytes, and the parse cache it
    fills serves the next build."""
    forked = _forked_parses(monkeypatch)
    two = builder(small, tmp_path / "two", jobs=2, clean=True)
    assert not large_site(two.site_dir, two.jobs)
    assert two.build().ok
    assert forked == [1]
    assert builder(small, tmp_path / "one", jobs=1, clean=True).build().ok
    assert forked == [1]  # (one process: no worker)
    _same_files(tmp_path / "two", tmp_path / "one")
    again = builder(small, tmp_path / "again", jobs=2)
    assert again.build().ok and again.parse_cache.stats
    assert forked == [1]  # (every file from the cache: nothing to parse)
    _same_files(tmp_path / "again", tmp_path / "one")


def test_a_small_site_s_cross_file_errors_found_beside_its_render_leave_the_last_output(
    small_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cross-file checks of a small site's build run beside its render too: an
    error they find is reported as `sitegen check` reports it, and the output folder
    keeps the last build's site, every byte."""
    out = tmp_path / "out"
    assert builder(small_copy, out, jobs=2).build().ok
    before = tree(out)
    events = sorted((small_copy / "content/events").rglob("*.md"))
    _append(events[5], "\nAs [[no-such-page]] said.\n")
    deferred: list[bool] = []
    real = assemble.checked
    monkeypatch.setattr(
        assemble,
        "checked",
        lambda loaded, found=None: deferred.append(loaded.unchecked) or real(loaded, found),
    )
    result = builder(small_copy, out, jobs=2, clean=True).build()
    assert deferred[:1] == [True]  # the load left them for later
    assert not result.ok
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["ref-unknown"]
    assert result.diagnostics == builder(small_copy, out, jobs=2).check().diagnostics
    assert tree(out) == before


def test_share_cards_started_after_the_load_are_let_go_when_a_template_fails(
    small_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The share cards are drawn by a process forked as soon as the load found no
    error, before the templates are checked: a template that does not compile still
    fails the build with its diagnostic, nothing is written, and neither that process
    nor the file it hands its cards back through is left behind."""
    assert "base_url" in (small_copy / "content" / "site.yaml").read_text(encoding="utf-8")
    (small_copy / "templates").mkdir()
    broken = "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"
    (small_copy / "templates" / "person.html").write_text(broken, encoding="utf-8")
    started: list[str] = []
    real = Builder._cards

    def counted(self: Builder, *args: Any, **kwargs: Any) -> Any:
        started.append("cards")
        return real(self, *args, **kwargs)

    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(Builder, "_cards", counted)
    monkeypatch.setattr(os, "fork", fork)
    result = builder(small_copy, tmp_path / "out", jobs=2, clean=True).build()
    assert not result.ok and started == ["cards"] and forked
    problems = [d for d in result.diagnostics if d.code == "template"]
    assert [(d.path, d.line) for d in problems] == [("templates/person.html", 3)]
    assert not (tmp_path / "out").exists()
    assert not list((small_copy / ".sitegen-cache").glob(".scan-*"))
    for pid in forked:  # (the build's own children: others of the test run may live on)
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # (waited for already, not left running)


def _cross_checks_in(monkeypatch: pytest.MonkeyPatch, seen: Path, fail: bool = False) -> None:
    """Each process that runs the cross-file checks writes its id to `seen`; with `fail`,
    any process but this one exits instead (a process the system killed)."""
    here, real = os.getpid(), assemble._cross_checks

    def noted(*args: Any) -> Any:
        with seen.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        if fail and os.getpid() != here:
            os._exit(3)
        return real(*args)

    monkeypatch.setattr(assemble, "_cross_checks", noted)


def _one_process_build(site: Path, out: Path) -> Path:
    copy = out.parent / "one-site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert builder(copy, out, jobs=1, clean=True).build().ok
    return out


def test_a_worker_killed_parsing_a_small_site_leaves_the_last_output(
    small_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parse worker that dies fails the build with its exit code, and the output
    folder keeps the last build's site."""
    out = tmp_path / "out"
    assert builder(small_copy, out, jobs=2).build().ok
    before = tree(out)
    parent, parse_group = os.getpid(), assemble._parse_group
    took = tmp_path / "a worker took a group"

    def killed(*args: Any) -> Any:
        if os.getpid() != parent:
            took.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        # This process parses too: on a busy machine it could parse every group before
        # the worker took one, and no worker would die. It waits for the worker (the
        # bound only keeps a broken build from hanging the suite).
        for _ in range(6000):
            if took.exists():
                break
            time.sleep(0.01)
        return parse_group(*args)

    monkeypatch.setattr(assemble, "_parse_group", killed)
    with pytest.raises(WorkerStopped, match="exit code -9"):
        builder(small_copy, out, jobs=2, clean=True).build()
    assert tree(out) == before


def test_two_processes_build_what_one_builds(large: Path, tmp_path: Path) -> None:
    parallel = builder(large, tmp_path / "two", jobs=2, clean=True)
    assert large_site(parallel.site_dir, parallel.jobs)  # the parse is shared out too
    result = parallel.build()
    assert result.ok and result.rendered == result.pages >= PARALLEL_MIN_PAGES
    serial = builder(large, tmp_path / "one", jobs=1, clean=True).build()
    assert serial.ok
    two, one = tree(tmp_path / "two"), tree(tmp_path / "one")
    assert sorted(two) == sorted(one)
    assert [p for p in one if two[p] != one[p]] == []


def test_three_processes_build_what_one_builds(large: Path, tmp_path: Path) -> None:
    # with two workers, the first page of each template is rendered before they fork
    # (each inherits what it made once per process): same pages, same bytes
    three = builder(large, tmp_path / "three", jobs=3, clean=True).build()
    assert three.ok and three.rendered == three.pages >= PARALLEL_MIN_PAGES
    assert builder(large, tmp_path / "one", jobs=1, clean=True).build().ok
    got, one = tree(tmp_path / "three"), tree(tmp_path / "one")
    assert sorted(got) == sorted(one)
    assert [p for p in one if got[p] != one[p]] == []


def test_a_render_in_stretches_forks_a_worker_for_each_and_builds_what_one_builds(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `refork_pages` pages the render's worker is forked anew for each stretch
    (each lets go of what the processes copied of each other's model): the same pages,
    byte for byte."""
    from sitegen import executor

    forks: list[int] = []
    real_map = executor.Forked.map

    def counted(self: executor.Forked, items: Sized, *args: object, **kwargs: object) -> object:
        forks.append(len(items))
        return real_map(self, items, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(executor.Forked, "map", counted)
    stretched = builder(large, tmp_path / "stretched", jobs=2, clean=True)
    stretched.refork_pages = 100
    result = stretched.build()
    assert result.ok and result.rendered == result.pages >= PARALLEL_MIN_PAGES
    # (the parse's fork, then one a stretch: each of ~100 pages, in chunks of 16)
    assert len(forks) >= 1 + 4 and all(count <= 2 * 100 // 16 for count in forks[1:])
    got, one = tree(tmp_path / "stretched"), tree(builder_output(large, tmp_path))
    assert sorted(got) == sorted(one)
    assert [p for p in one if got[p] != one[p]] == []


def test_a_machine_short_of_memory_renders_with_fewer_processes(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen import executor

    forked: list[int] = []
    real_map = executor.Forked.map

    def counted(self: executor.Forked, *args: object, **kwargs: object) -> object:
        forked.append(self.workers)
        return real_map(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(executor.Forked, "map", counted)
    # what this process holds now is more than the memory left: no render worker
    monkeypatch.setattr(executor, "_available", lambda: 1)
    assert executor.affordable_workers(3) == 0
    short = builder(large, tmp_path / "short", jobs=2, clean=True).build()
    assert short.ok and forked == [1]  # the parse forked; the render did not
    assert tree(tmp_path / "short") == tree(builder_output(large, tmp_path))
    monkeypatch.setattr(executor, "_available", lambda: None)  # nothing to read: as asked
    assert executor.affordable_workers(3) == 3


def builder_output(site: Path, tmp_path: Path) -> Path:
    assert builder(site, tmp_path / "one", jobs=1, clean=True).build().ok
    return tmp_path / "one"


def test_cache_filled_by_workers_serves_the_next_build(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert builder(large, out, jobs=2, clean=True).build().ok
    event = sorted((large / "content/events").rglob("*.md"))[7]
    text = event.read_text(encoding="utf-8")
    parsed: list[str] = []
    real = assemble.parse_file
    monkeypatch.setattr(
        assemble,
        "parse_file",
        lambda kind, rel, *rest: parsed.append(rel) or real(kind, rel, *rest),
    )
    try:
        event.write_text(text + "\nA sentence added later.\n", encoding="utf-8")
        again = builder(large, out, jobs=2)
        result = again.build()
        assert result.ok
        assert parsed == [event.relative_to(large).as_posix()]  # the rest from the cache
        # the page keys held: the event's page, events.json (or, past its bound in bytes,
        # the part that lists the event) and the files of the search index that the
        # sentence changes (patched from the last build's: search.py)
        made = [p for p in result.changed if not p.startswith("search/")]
        data = [p for p in made if re.fullmatch(r"events(-\d+)*\.json", p)]
        assert sorted(made) == sorted([f"events/{event.stem}/index.html", *data])
        assert len(data) == 1
        assert result.rendered == len(result.changed) < 10
        fresh = builder(large, tmp_path / "fresh", jobs=1, clean=True).build()
        assert fresh.ok
        got, want = tree(out), tree(tmp_path / "fresh")
        assert [p for p in want if got.get(p) != want[p]] == []
    finally:
        event.write_text(text, encoding="utf-8")


def test_pages_listing_many_events_are_encoded_as_they_are_made(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline of a large site is encoded piece by piece (joined whole, its text
    would take four bytes a character): the bytes are those of a page made whole."""
    made = builder(large, tmp_path / "out", jobs=1)
    site = made.load().site
    assert site is not None
    pages = planning.plan(site, made.options)
    renderer = render.Renderer(site, large, made.options)
    long = [p for p in pages if any(isinstance(v, Sized) and len(v) > 100 for v in p.data.values())]
    # (a large site's index shows its first years: its country pages list the most)
    assert {p.path.partition("/")[0] for p in long} >= {"countries"}
    whole = {p.path: renderer.render(p) for p in long}
    monkeypatch.setattr(render, "LONG_LIST", 100)
    assert {p.path: renderer.render(p) for p in long} == whole


def test_event_pages_made_in_the_worker_show_what_planned_ones_show(large: Path) -> None:
    """A render that forks plans each event page's data to be made by the process that
    renders it (pages.PageData): the same pages, keys and bytes as data planned ahead,
    and a render job's page keeps none of its data once rendered."""
    made = builder(large, large / "unused-out", jobs=2)
    site = made.load().site
    assert site is not None
    ahead = planning.plan(site, made.options)
    later = planning.plan(site, made.options, later=True)
    assert [(p.path, p.template) for p in later] == [(p.path, p.template) for p in ahead]
    lazy = [i for i, p in enumerate(later) if isinstance(p.shows, PageData)]
    assert [later[i].template for i in lazy] == ["event.html"] * EVENTS
    assert all(type(p) is Page for p in later)
    # one maker for every event page, each page holding its index: no object of its own
    # beside its PageData for each render process to copy
    makers = {id(shows.make) for i in lazy if isinstance(shows := later[i].shows, PageData)}
    assert len(makers) == 1
    renderer = render.Renderer(site, large, made.options)
    for i in lazy[:: EVENTS // 20]:
        page = later[i]
        shows = page.shows
        assert isinstance(shows, PageData)
        rendered = page.made()
        assert not isinstance(rendered.shows, PageData)
        assert shows.kept is None  # the job's page, not the plan's, holds the data
        assert resolved(rendered.data) == resolved(ahead[i].data)
        assert renderer.key(rendered) == renderer.key(ahead[i]) == renderer.key(page)
        assert renderer.render(rendered) == renderer.render(ahead[i])
        assert shows.kept is not None and page.made().data is shows.kept  # asked, then kept
        again, plain = (pickle.loads(pickle.dumps(p)) for p in (page, ahead[i]))
        assert not isinstance(again.shows, PageData)
        assert renderer.render(again) == renderer.render(plain)
        assert again.made() is again and ahead[i].made() is ahead[i]  # planned ahead: as is


def test_templates_compiled_beside_the_parse_still_report_their_errors(
    large: Path, tmp_path: Path
) -> None:
    """A first build compiles the theme while its worker starts parsing; a template
    that does not compile is still one diagnostic, with its line, and nothing written."""
    site = tmp_path / "site"
    shutil.copytree(large / "content", site / "content")
    (site / "templates").mkdir()
    broken = "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"
    (site / "templates" / "person.html").write_text(broken, encoding="utf-8")
    made = builder(site, tmp_path / "out", jobs=2, clean=True)
    assert large_site(made.site_dir, made.jobs)
    result = made.build()
    assert not result.ok
    problems = [d for d in result.diagnostics if d.code == "template"]
    assert [(d.path, d.line) for d in problems] == [("templates/person.html", 3)]
    assert not (tmp_path / "out").exists()


def test_output_scanned_beside_the_load_finds_what_an_edit_must_remove(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental build of a large site looks at its output folder from a forked
    process while it loads: what that finds must be what the build itself would, so
    a file the site no longer makes is still removed, and nothing is left behind."""
    out = tmp_path / "out"
    assert builder(large, out, jobs=2, clean=True).build().ok
    stray = out / "events" / "gone-event" / "index.html"
    stray.parent.mkdir()
    stray.write_text("a page of an event since deleted", encoding="utf-8")
    event = sorted((large / "content/events").rglob("*.md"))[3]
    text = event.read_text(encoding="utf-8")
    # the scan forks only while the process runs no other thread; a test process may keep
    # some from earlier tests (a preview server's, the xdist worker's), none of them
    # holding a lock the scan needs: without this, whether the scan ran depended on them
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    scans: list[object] = []
    real = write.Scanner.result
    monkeypatch.setattr(write.Scanner, "result", lambda self: scans.append(real(self)) or scans[-1])
    try:
        event.write_text(text + "\nOne more sentence.\n", encoding="utf-8")
        result = builder(large, out, jobs=2).build()
        assert scans and scans[0] is not None  # the forked scan was used
        assert result.ok and result.removed == 1
        assert not stray.parent.exists()
        assert not list((large / ".sitegen-cache").glob(".scan-*"))
        fresh = builder(large, tmp_path / "fresh", jobs=1, clean=True).build()
        assert fresh.ok
        got, want = tree(out), tree(tmp_path / "fresh")
        assert [p for p in want if got.get(p) != want[p]] == [] and got.keys() == want.keys()
    finally:
        event.write_text(text, encoding="utf-8")


def test_scanner_finds_what_a_scan_finds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    (out / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    (out / "top.txt").write_text("yy", encoding="utf-8")
    spare = tmp_path / "spare"
    spare.mkdir()
    assert write.Scanner(out, spare).result() == write._scan_folder(str(out))
    assert write.Scanner(tmp_path / "missing", spare).result() == ({}, [])
    assert list(spare.iterdir()) == []  # its file removed once read


@pytest.fixture
def large_copy(large: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(large, site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    return site


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_cross_file_errors_found_beside_the_render_stop_the_build(
    large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large build runs its cross-file checks beside the render workers: an error they
    find is reported as `sitegen check` reports it, and nothing is written."""
    events = sorted((large_copy / "content/events").rglob("*.md"))
    _append(events[5], "\nAs [[no-such-page]] said.\n")
    out = tmp_path / "out"
    deferred: list[bool] = []
    real = assemble.checked
    monkeypatch.setattr(
        assemble,
        "checked",
        lambda loaded, found=None: deferred.append(loaded.unchecked) or real(loaded, found),
    )
    result = builder(large_copy, out, jobs=2).build()
    assert deferred[:1] == [True]  # the load left them for later
    assert not result.ok
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["ref-unknown"]
    assert result.diagnostics == builder(large_copy, out, jobs=2).check().diagnostics
    assert not out.exists()


def test_cross_file_warnings_found_beside_the_render_are_reported(
    large_copy: Path, tmp_path: Path
) -> None:
    _append(
        large_copy / "content/sources.yaml",
        "\nnever-cited:\n  title: A report no event cites\n  publisher: Nobody\n"
        "  url: https://example.org/never-cited\n",
    )
    out = tmp_path / "out"
    result = builder(large_copy, out, jobs=2).build()
    assert result.ok and result.rendered >= PARALLEL_MIN_PAGES
    assert "source-unused" in {d.code for d in result.diagnostics}
    assert result.diagnostics == builder(large_copy, out, jobs=2).check().diagnostics


@pytest.mark.parametrize("fail", [False, True], ids=["beside", "failed"])
def test_the_checks_and_the_inputs_key_are_worked_out_beside_the_plan(
    large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: bool
) -> None:
    """A large site's cold build has its cross-file checks and inputs' key worked out by
    the process forked after the load (build.Beside), with the share cards, beside the
    plan, not by this one beside the render: the same warnings as `sitegen check`, and a
    record that the next build finds unchanged. Where that process dies, this one works
    them out itself."""
    _append(
        large_copy / "content/sources.yaml",
        "\nnever-cited:\n  title: A report no event cites\n  publisher: Nobody\n"
        "  url: https://example.org/never-cited\n",
    )
    seen = tmp_path / "seen"
    _cross_checks_in(monkeypatch, seen, fail)
    # the process beside is forked only while this one runs no other thread; a test
    # process may keep some from earlier tests (a preview server's), none of them holding
    # a lock the build needs: without this, where the checks ran depended on them
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    out = tmp_path / "out"
    result = builder(large_copy, out, jobs=2, clean=True).build()
    assert result.ok and "source-unused" in {d.code for d in result.diagnostics}
    ran = [int(pid) for pid in seen.read_text(encoding="utf-8").split()]
    assert ran[0] != os.getpid()  # (in the process beside)
    assert ran[1:] == ([os.getpid()] if fail else [])
    assert not list((large_copy / ".sitegen-cache").glob(".scan-*"))
    monkeypatch.undo()
    assert result.diagnostics == builder(large_copy, out, jobs=2).check().diagnostics
    again = builder(large_copy, out, jobs=2).build()
    assert again.ok and again.rendered == 0 and again.written == 0  # (the record's answer)
    _same_files(out, _one_process_build(large_copy, tmp_path / "one"))


def test_a_site_past_the_bound_checks_before_the_render_forks(
    large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From CHECKS_FIRST_EVENTS events the cross-file checks run before the render's
    workers are forked, not beside them: the same pages, and the same warnings and
    errors as `sitegen check` finds."""
    from sitegen import executor

    order: list[str] = []
    real_checked, real_map = assemble.checked, executor.Forked.map

    def checked(loaded: assemble.Loaded, found: Any = None) -> assemble.Loaded:
        order.append("checks")
        return real_checked(loaded, found)

    def forked(self: executor.Forked, *args: object, **kwargs: object) -> object:
        order.append("fork")
        return real_map(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(assemble, "checked", checked)
    monkeypatch.setattr(executor.Forked, "map", forked)
    _append(
        large_copy / "content/sources.yaml",
        "\nnever-cited:\n  title: A report no event cites\n  publisher: Nobody\n"
        "  url: https://example.org/never-cited\n",
    )
    first = builder(large_copy, tmp_path / "first", jobs=2, clean=True)
    first.checks_first_events = EVENTS
    result = first.build()
    # (the parse's fork, then the render's; the deferred problems ask again: no new work)
    assert result.ok and order[:3] == ["fork", "checks", "fork"]
    assert "source-unused" in {d.code for d in result.diagnostics}
    order.clear()
    beside = builder(large_copy, tmp_path / "beside", jobs=2, clean=True).build()
    assert order[:3] == ["fork", "fork", "checks"]
    assert beside.diagnostics == result.diagnostics
    assert tree(tmp_path / "first") == tree(tmp_path / "beside")

    events = sorted((large_copy / "content/events").rglob("*.md"))
    _append(events[5], "\nAs [[no-such-page]] said.\n")
    stopped = builder(large_copy, tmp_path / "out", jobs=2)
    stopped.checks_first_events = EVENTS
    result = stopped.build()
    assert not result.ok
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["ref-unknown"]
    assert not (tmp_path / "out").exists()


def test_file_and_cross_file_errors_are_reported_together(large_copy: Path, tmp_path: Path) -> None:
    events = sorted((large_copy / "content/events").rglob("*.md"))
    _append(events[5], "\nAs [[no-such-page]] said.\n")
    text = events[9].read_text(encoding="utf-8")
    events[9].write_text(text.replace("date: ", "date: 1 Jully ", 1), encoding="utf-8")
    result = builder(large_copy, tmp_path / "out", jobs=2).build()
    codes = {d.code for d in result.diagnostics if d.severity == "error"}
    assert not result.ok and "ref-unknown" in codes and len(codes) == 2
    assert not (tmp_path / "out").exists()


def test_events_parsed_by_the_workers_share_each_id_id_tuple_and_path(large: Path) -> None:
    """The events parsed in the forked workers and unpickled here name each tag, person,
    country and source with one string, as events parsed here do (a pickle carries
    values: each group's would be its own copy, which every render process reads)."""
    from sitegen.executor import Forked

    loaded = assemble.load_site(large, dt.date.fromisoformat(TODAY), executor=Forked(1))
    assert loaded.site is not None
    events = loaded.site.events
    assert len(events) > 2 * assemble.GROUP
    by_value: dict[str, set[int]] = {}
    tuples: dict[tuple[str, ...], set[int]] = {}
    for event in events:
        for name in ("people", "countries", "tags", "sources"):
            ids = getattr(event, name)
            tuples.setdefault(ids, set()).add(id(ids))
            for value in ids:
                by_value.setdefault(value, set()).add(id(value))
    assert [v for v, ids in by_value.items() if len(ids) > 1] == []
    assert [t for t, ids in tuples.items() if len(ids) > 1] == []
    # and its file's path with the string the walk found it by, not a copy of it
    found = {f.rel: f.rel for f in loaded.files}
    assert [e.origin.path for e in events if e.origin.path is not found[e.origin.path]] == []


def test_bodies_parsed_beside_the_workers_are_held_as_they_come_in(large: Path) -> None:
    """A load for a render that forks moves each body's texts into a few large strings
    as its group of files comes in (model.hold_texts, beside the workers' parse, not by
    the plan while they wait): every body read as a one-process load reads it."""
    from sitegen.executor import Forked

    today = dt.date.fromisoformat(TODAY)
    held = assemble.load_site(large, today, executor=Forked(1), hold=True).site
    plain = assemble.load_site(large, today).site
    assert held is not None and plain is not None
    bodies, expected = list(held.bodies()), list(plain.bodies())
    assert len(bodies) == len(expected) > 2 * assemble.GROUP
    assert [b for b in bodies if (b.html or b.plain) and "_at" not in b.__dict__] == []
    assert [(b.html, b.plain) for b in bodies] == [(b.html, b.plain) for b in expected]


def test_own_parse_results_are_unpickled_again_only_past_own_unpickled_events(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load for a render that forks keeps the results this process parsed itself as
    unpickled from their cache pickle (so that they lie together) only on a site of
    assemble.OWN_UNPICKLED_EVENTS events or more; below it, as made. The same events,
    bodies held, either way, as a one-process load makes them."""
    from sitegen.executor import Forked

    today = dt.date.fromisoformat(TODAY)
    plain = assemble.load_site(large, today).site
    assert plain is not None
    pickled_here: list[int] = []
    pickle_only = assemble._pickle_only

    def counted(result: assemble.GroupDone) -> assemble.GroupDone:
        pickled_here.append(len(result[0]))  # (the forked worker appends to its own copy)
        return pickle_only(result)

    monkeypatch.setattr(assemble, "_pickle_only", counted)
    for past in (False, True):
        if past:
            monkeypatch.setattr(assemble, "OWN_UNPICKLED_EVENTS", 1)
        pickled_here.clear()
        held = assemble.load_site(large, today, executor=Forked(1), hold=True).site
        assert held is not None and held.events == plain.events
        assert [(b.html, b.plain) for b in held.bodies()] == [
            (b.html, b.plain) for b in plain.bodies()
        ]
        assert [b for b in held.bodies() if (b.html or b.plain) and "_at" not in b.__dict__] == []
        assert bool(pickled_here) is past


def test_a_site_past_zipped_html_events_builds_what_one_process_builds(
    large: Path, large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From model.ZIPPED_HTML_EVENTS events a forking build holds its bodies' HTML
    compressed, from the parse and from the cache alike: the same pages, byte for byte."""
    from sitegen import model

    monkeypatch.setattr(model, "ZIPPED_HTML_EVENTS", 1)
    one = builder_output(large, tmp_path)
    for clean in (True, False):  # (parsed, then from the cache)
        out = tmp_path / f"zipped-{clean}"
        zipped = builder(large_copy, out, jobs=2, clean=clean)
        assert zipped.build().ok and zipped.loaded is not None and zipped.loaded.site
        body = zipped.loaded.site.events[0].body
        assert isinstance(body.__dict__["_at"][0], model._Zipped)
        _same_files(out, one)


def test_long_texts_are_held_compressed_only_past_zipped_long_events(
    large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forking build holds a body of model.ZIPPED_CHARACTERS or more compressed on a
    site of model.ZIPPED_LONG_EVENTS events or more, as it is (UTF-8 bytes) on a smaller
    one: the same pages either way, byte for byte, as one process builds them."""
    from sitegen import model

    event = sorted((large_copy / "content/events").rglob("*.md"))[3]
    words = " ".join(f"w{n % 991} \u4e2d" for n in range(model.ZIPPED_CHARACTERS // 4))
    _append(event, f"\n\n{words}\n")
    one = builder_output(large_copy, tmp_path)
    for past in (False, True):
        if past:
            monkeypatch.setattr(model, "ZIPPED_LONG_EVENTS", 1)
        out = tmp_path / f"past-{past}"
        forked = builder(large_copy, out, jobs=2, clean=True)
        assert forked.build().ok and forked.loaded is not None and forked.loaded.site
        held = [e.body for e in forked.loaded.site.events if e.origin.path.endswith(event.name)]
        assert len(held) == 1 and len(held[0].plain) >= model.ZIPPED_CHARACTERS
        assert isinstance(held[0].__dict__["_at"][3], model._Zipped) is past
        _same_files(out, one)


def test_the_parse_groups_end_small_and_each_is_one_cache_shard() -> None:
    """The forked parse's groups: every file once, each group of one parse-cache shard
    (its pickle is that shard's) and a shard's groups one after another (the shard is
    written and its pickles let go once its files are in: held to the parse's end, they
    were +54 MB at 10,000 events), the last groups small, so that a process finding
    nothing left to claim waits little for the other's last group."""
    jobs = [(i, "event", f"content/events/{i}.md", False) for i in range(1200)]
    groups = assemble._groups(jobs)
    assert sorted(job for group in groups for job in group) == jobs
    shards = [{assemble._shard(job) for job in group} for group in groups]
    assert all(len(shard) == 1 for shard in shards)
    order = [shard.pop() for shard in shards]
    assert len(set(order)) == len([s for i, s in enumerate(order) if order[i - 1 : i] != [s]])
    assert max(len(group) for group in groups) == assemble.GROUP
    assert max(len(group) for group in groups[-assemble.TAIL :]) <= assemble.GROUP // 4


def test_a_title_edits_keys_are_worked_out_by_the_render_workers(
    large_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a front-matter edit of a large site, every page's key is worked out by the
    render's processes (workers included), each comparing it with the last build's:
    only the pages whose key changed are rendered, a page the output lost or someone
    changed is made again, and the output is a clean build's, byte for byte."""
    from sitegen import diff

    out = tmp_path / "out"
    assert builder(large_copy, out, jobs=2).build().ok
    events = sorted((large_copy / "content/events").rglob("*.md"))
    edited = events[len(events) // 2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('title: "', 'title: "Retitled: ', 1), encoding="utf-8")
    lost = next(p for p in sorted(out.glob("people/*/index.html")))
    lost.write_text("changed by hand", encoding="utf-8")
    here = diff.page_keys
    monkeypatch.setattr(diff, "page_keys", lambda *a: pytest.fail("keys worked out here"))
    again = builder(large_copy, out, jobs=2).build()
    monkeypatch.setattr(diff, "page_keys", here)
    assert again.ok
    assert 0 < again.rendered < again.pages // 4
    assert "Retitled: " in (out / f"events/{edited.stem}/index.html").read_text("utf-8")
    assert lost.read_text(encoding="utf-8") != "changed by hand"
    assert builder(large_copy, tmp_path / "clean", jobs=1, clean=True).build().ok
    _same_files(out, tmp_path / "clean")
