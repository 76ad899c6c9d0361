"""benchmarks/timelines_bench.py (issue 17's many-timelines case): the rounds alternate
the sites' order, and the target is judged on the rounds' paired ratios, which a busy
spell of the machine that falls on one round cannot tip the way medians of each site's
runs can. Judged on made-up runs: no site is built."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import timelines_bench as tb
from measure import Measurement
from run import Setup


def case(name: str, cold: list[float]) -> tb.Case:
    setup = Setup("standard", 10, Path("site"), Path("hugo"), Path("work"), None, 1.0)
    made = tb.Case(name, setup)
    for step in tb.STEPS:
        made.runs[step] = [Measurement(True, cpu, cpu, 1024, 0) for cpu in cold]
    return made


def comparison(plain: list[float], single: list[float], split: list[float]) -> tb.Comparison:
    return tb.Comparison(
        "standard", 10_000, 20, "e.md", case("one story", plain), case("20 timelines", split),
        case("one timeline", single),
    )  # fmt: skip


def test_the_rounds_run_the_sites_forward_then_backward() -> None:
    cases = [case(n, [1.0]) for n in ("a", "b", "c")]
    orders = [[c.name for c in tb.round_order(cases, i)] for i in range(3)]
    assert orders == [["a", "b", "c"], ["c", "b", "a"], ["a", "b", "c"]]


def test_a_busy_round_does_not_tip_the_verdict() -> None:
    # the split site's true cost 1.02x the one-timeline site's; the machine 1.4x slower
    # for all of round 2 and for the split site's run of round 3: the medians of each
    # site's runs take runs from different spells (12.0 / 10.0), the rounds' pairs not
    r = comparison([10.0, 14.0, 10.0], [10.0, 14.0, 10.0], [10.2, 14.28, 12.0])
    medians = tb._ratio(r.split.median("cold", "cpu"), r.single.median("cold", "cpu"))
    assert medians == pytest.approx(1.2)
    assert tb.paired_ratio(r.split, r.single, "cold") == pytest.approx(1.02)
    line = tb.verdicts([r])[0]
    assert "cold build CPU" in line
    assert "/ one timeline 1.020× (medians 1.200×, least 1.020×): met" in line


def test_the_verdict_names_each_site_and_its_least_runs() -> None:
    r = comparison([10.0, 11.0, 12.0], [10.5, 11.5, 12.5], [11.0, 12.0, 13.4])
    lines = tb.verdicts([r])
    assert len(lines) == len(tb.STEPS)
    assert "/ one story 1.100× (medians 1.091×, least 1.100×): MISSED" in lines[0]
    assert "/ one timeline 1.048× (medians 1.043×, least 1.048×): met" in lines[0]
    failed = comparison([10.0], [10.0], [10.0])
    failed.split.runs["edit"] = [Measurement(False, 1.0, 1.0, 1024, 1)]
    assert tb.verdicts([failed])[2].endswith("/ one story: FAILED; / one timeline: FAILED")
