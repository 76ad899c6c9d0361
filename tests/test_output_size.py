"""Issue 20: output that does not grow into one huge file or page with the archive.

Data files made of every event are split into bounded parts on a large site; long
person, country and source pages are paged by year; every page stays within a budget
and every event stays reachable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen import publish
from tests.conftest import build
from tests.test_incremental import EDITS, _body, check_same, cli_builder, sample_site

__all__ = ["sample_site"]  # (the fixture, imported for these tests)


def test_a_large_sites_events_json_is_an_index_of_parts(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past EVENTS_PART events, events.json lists its parts (whole years, each bounded)
    and the parts hold every event once, in the timeline's order."""
    monkeypatch.setattr(publish, "EVENTS_PART", 2)
    out = tmp_path / "out"
    assert build(sample_site, "--output", out).code == 0
    index = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert "events" not in index and index["people"] and index["sources"]
    slugs: list[str] = []
    years: list[str] = []
    for part in index["parts"]:
        name = part["url"].rpartition("/")[2]
        data = json.loads((out / name).read_text(encoding="utf-8"))
        assert data["part_of"].endswith("/events.json")
        assert len(data["events"]) == part["events"]
        assert data["events"][0]["start"] == part["from"]
        assert data["events"][-1]["start"] == part["to"]
        slugs += [e["slug"] for e in data["events"]]
        years += [e["start"][:4] for e in data["events"]]
    assert index["count"] == len(slugs) == len(set(slugs))
    assert years == sorted(years)
    assert set(slugs) == {p.name for p in (out / "events").iterdir() if p.is_dir()}
    # a timeline's own events.json is split the same way
    story = json.loads((out / "timelines/war-in-ukraine/events.json").read_text("utf-8"))
    for part in story["parts"]:
        assert "/timelines/war-in-ukraine/events-" in part["url"]


def test_parts_stay_right_in_incremental_builds(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After every kind of edit (an event added, renamed, deleted moves the parts'
    bounds), the incremental build equals a clean one, byte for byte."""
    monkeypatch.setattr(publish, "EVENTS_PART", 3)
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    for edit in EDITS:
        edit(sample_site)
        check_same(sample_site, out, tmp_path)


def test_a_body_edit_patches_the_part_that_holds_it(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "EVENTS_PART", 3)
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.loaded is not None and len(builder.loaded.edited) == 1
    check_same(sample_site, out, tmp_path)
