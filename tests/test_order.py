"""The order of a day's events comes from the content (time, then `order`), never from
file names, and the time of day reaches every output: pages, iCalendar, JSON-LD,
TimelineJS and events.json (issue 19)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import REPO, SITES, TODAY, build, html, run
from tests.test_publish import json_ld, vevents


def event(title: str, date: str, *extra: str) -> str:
    lines = [f'title: "{title}"', 'summary: "It happened."', f'date: "{date}"', *extra]
    return "---\n" + "\n".join([*lines, "sources: [wire]"]) + "\n---\nIt happened [@wire].\n"


def site_with(site: Any, events: dict[str, str], zone: str = "") -> Path:
    """A site of these events alone (file stem → file text), in the time zone `zone`."""
    config = 'title: "Test timeline"\nbase_url: "https://example.org/t/"\n'
    if zone:
        config += f'timezone: "{zone}"\n'
    files: dict[str, str | bytes | None] = {
        "content/site.yaml": config,
        "content/sources.yaml": (
            'wire:\n  title: "A wire report"\n  publisher: "Wire"\n'
            '  url: "https://example.org/wire"\n'
        ),
    }
    files.update({f"content/events/{stem}.md": text for stem, text in events.items()})
    root: Path = site(files, base=False)
    return root


def built(root: Path) -> Path:
    result = build(root, "--strict")
    assert result.code == 0, result.out + result.err
    return root / "output"


def timeline_titles(out: Path) -> list[str]:
    """The titles on the site's timeline page: the index, or on a site of many timelines
    (the sample), the timeline of every sample event."""
    story = out / "timelines" / "modi-in-moscow" / "index.html"
    page = story if story.is_file() else out / "index.html"
    return [a.get_text(strip=True) for a in html(page).select(".entry > h3 a")]


def check_output(root: Path) -> str:
    return run("check", root, "--today", TODAY).out


def test_a_days_events_are_ordered_by_time_untimed_first(site: Any) -> None:
    # file names in the opposite order of events, so file order cannot pass for this
    root = site_with(
        site,
        {
            "a-evening": event("Evening vote", "2024-07-08", 'time: "19:45"'),
            "b-morning": event("Morning talks", "2024-07-08", 'time: "09:05"'),
            "c-day": event("A day of talks", "2024-07-08"),
            "d-before": event("The eve", "2024-07-07"),
        },
        zone="Europe/Moscow",
    )
    out = built(root)
    assert timeline_titles(out) == ["The eve", "A day of talks", "Morning talks", "Evening vote"]
    entry = html(out / "index.html").select_one("#b-morning > p time")
    assert entry is not None
    assert entry.get_text() == "8 July 2024, 09:05 MSK"
    assert entry["datetime"] == "2024-07-08T09:05+03:00"
    page = html(out / "events" / "b-morning" / "index.html").select_one(".event-date time")
    assert page is not None and page.get_text() == "8 July 2024, 09:05 MSK"
    assert page["datetime"] == "2024-07-08T09:05+03:00"
    # the neighbours' links follow the same order
    nav = html(out / "events" / "c-day" / "index.html").get_text(" ", strip=True)
    assert "Morning talks" in nav


def test_order_orders_untimed_events_of_a_day_without_a_warning(site: Any) -> None:
    root = site_with(
        site,
        {
            "aaa": event("Analyst reacts", "2024-07-08", "order: 3"),
            "bbb": event("Summit opens", "2024-07-08", "order: 2"),
            "zzz": event("Leader leaves for the summit", "2024-07-08", "order: 1"),
        },
    )
    assert "same-day-order" not in check_output(root)
    assert timeline_titles(built(root)) == [
        "Leader leaves for the summit",
        "Summit opens",
        "Analyst reacts",
    ]


def test_events_with_an_order_come_before_those_without(site: Any) -> None:
    root = site_with(
        site,
        {
            "a": event("Alpha", "2024-07-08", 'end: "2024-07-09"'),
            "z": event("Zulu", "2024-07-08", "order: 1"),
        },
    )
    assert timeline_titles(built(root)) == ["Zulu", "Alpha"]


def test_same_day_events_with_nothing_to_order_them_are_warned_about(site: Any) -> None:
    root = site_with(
        site,
        {
            "reaction": event("World reacts", "2024-07-08"),
            "departure": event("Leader departs", "2024-07-08"),
            "other-day": event("Next day", "2024-07-09"),
        },
    )
    out = check_output(root)
    warnings = [line for line in out.splitlines() if line.endswith("[same-day-order]")]
    # listed by title: 'Leader departs', then 'World reacts', which is reported at its date
    assert warnings == [
        "content/events/reaction.md:4:7: warning: 'World reacts' and 'Leader departs' "
        "(content/events/departure.md) share 8 July 2024 with no time or order, so they are "
        'listed by title; say which came first with time: "HH:MM" or order: N '
        "[same-day-order]"
    ]
    assert build(root, "--strict").code == 1
    assert build(root).code == 0
    assert timeline_titles(root / "output") == ["Leader departs", "World reacts", "Next day"]


def test_the_events_of_one_crowded_day_are_one_warning_that_names_them_all(site: Any) -> None:
    """Four events of one day with nothing to order them: one warning, not one a pair
    (at 100,000 generated events, 70,000 lines for 13,202 days), at the second listed,
    naming the others in the order the timeline lists them, each with its file."""
    root = site_with(
        site,
        {
            "d": event("Delta", "2024-07-08"),
            "b": event("Bravo", "2024-07-08"),
            "c": event("Charlie", "2024-07-08"),
            "a": event("Alpha", "2024-07-08"),
            "e": event("Echo", "2024-07-08", 'time: "10:00"'),  # (ordered: not named)
        },
    )
    warnings = [x for x in check_output(root).splitlines() if x.endswith("[same-day-order]")]
    assert warnings == [
        "content/events/b.md:4:7: warning: 'Bravo', 'Alpha' (content/events/a.md), "
        "'Charlie' (content/events/c.md) and 'Delta' (content/events/d.md) share 8 July 2024 "
        "with no time or order, so they are listed by title; say which came first with time: "
        '"HH:MM" or order: N [same-day-order]'
    ]
    assert build(root).code == 0
    assert timeline_titles(root / "output") == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_two_events_at_the_same_time_are_warned_about(site: Any) -> None:
    root = site_with(
        site,
        {
            "one": event("One", "2024-07-08", 'time: "10:00"'),
            "two": event("Two", "2024-07-08", 'time: "10:00"'),
            "three": event("Three", "2024-07-08", 'time: "10:01"'),
        },
    )
    warnings = [x for x in check_output(root).splitlines() if x.endswith("[same-day-order]")]
    assert len(warnings) == 1 and "share 8 July 2024 and the time 10:00" in warnings[0]


def test_a_coarse_moment_leads_its_period_and_a_coarse_span_follows_it(site: Any) -> None:
    root = site_with(
        site,
        {
            "cruise": event("Cruise", "2004-03", 'end: "2014-05"'),
            "launch": event("Launch", "2004-03-02"),
            "month": event("Preparations", "2004-03"),
            "march-first": event("First of March", "2004-03-01"),
            "year": event("A year of tests", "2004"),
            "decade": event("Decade of work", "2004", 'end: "2014"'),
            "april": event("April", "2004-04-10"),
        },
    )
    assert timeline_titles(built(root)) == [
        "A year of tests",
        "Preparations",
        "First of March",
        "Launch",
        "Cruise",
        "April",
        "Decade of work",
    ]


def test_rosetta_launch_precedes_the_cruise_it_began(tmp_path: Path) -> None:
    root = tmp_path / "rosetta"
    shutil.copytree(SITES / "rosetta", root)
    titles = timeline_titles(built(root))
    assert titles.index("Rosetta launches from Kourou") < titles.index("Ten years of cruising")
    assert "same-day-order" not in check_output(root)


def test_sample_modi_leaves_before_the_summit_and_the_reactions(sample: Path) -> None:
    titles = timeline_titles(sample)
    departs = titles.index("Narendra Modi leaves for Moscow")
    assert departs < titles.index("22nd India–Russia summit in Moscow")
    assert departs < titles.index("Analyst: Beijing, not the West, is the audience that matters")
    assert "same-day-order" not in check_output(REPO)


def test_time_in_every_output(site: Any) -> None:
    root = site_with(
        site,
        {
            "talks": event("Talks", "2024-07-08", 'time: "10:30"', 'end_time: "12:00"'),
            "night": event(
                "Night session",
                "2024-07-09",
                'time: "22:00"',
                'end: "2024-07-10"',
                'end_time: "01:30"',
            ),
            "plain": event("Plain day", "2024-07-11"),
        },
        zone="Europe/Moscow",
    )
    out = built(root)
    talks = html(out / "events" / "talks" / "index.html").select_one(".event-date time")
    assert talks is not None and talks.get_text() == "8 July 2024, 10:30–12:00 MSK"
    night = html(out / "events" / "night" / "index.html").select_one(".event-date time")
    assert night is not None
    assert night.get_text() == "9 July 2024, 22:00 MSK – 10 July 2024, 01:30 MSK"

    ics = vevents((out / "events.ics").read_bytes())
    by_slug = {uid.split("@")[0]: v for uid, v in ics.items()}
    assert by_slug["talks"]["DTSTART"] == "20240708T073000Z"
    assert by_slug["talks"]["DTEND"] == "20240708T090000Z"
    assert by_slug["night"]["DTSTART"] == "20240709T190000Z"
    assert by_slug["night"]["DTEND"] == "20240709T223000Z"
    assert by_slug["plain"]["DTSTART;VALUE=DATE"] == "20240711"

    ld = json_ld(out / "events" / "talks" / "index.html")[0]
    assert ld["startDate"] == "2024-07-08T10:30+03:00"
    assert ld["endDate"] == "2024-07-08T12:00+03:00"
    ld = json_ld(out / "events" / "plain" / "index.html")[0]
    assert ld["startDate"] == "2024-07-11" and "endDate" not in ld

    slides = {s["unique_id"]: s for s in json.loads((out / "timeline.json").read_text())["events"]}
    assert slides["talks"]["start_date"] == {
        "year": 2024, "month": 7, "day": 8, "hour": 10, "minute": 30,
    }  # fmt: skip
    assert slides["night"]["end_date"]["hour"] == 1
    assert slides["talks"]["display_date"] == "8 July 2024, 10:30–12:00 MSK"

    data = {e["slug"]: e for e in json.loads((out / "events.json").read_text())["events"]}
    assert data["talks"]["start_time"] == "2024-07-08T10:30+03:00"
    assert data["talks"]["end_time"] == "2024-07-08T12:00+03:00"
    assert "start_time" not in data["plain"]  # (a null key is left out)


def test_a_zone_without_a_lettered_abbreviation_shows_its_offset(site: Any) -> None:
    root = site_with(site, {"x": event("X", "2024-07-08", 'time: "08:00"')}, zone="Asia/Dubai")
    time = html(built(root) / "index.html").select_one("#x time")
    assert time is not None and time.get_text() == "8 July 2024, 08:00 UTC+04:00"
    assert time["datetime"] == "2024-07-08T08:00+04:00"


def test_utc_is_the_default_zone(site: Any) -> None:
    root = site_with(site, {"x": event("X", "2024-07-08", 'time: "08:00"')})
    time = html(built(root) / "index.html").select_one("#x time")
    assert time is not None and time.get_text() == "8 July 2024, 08:00 UTC"
    assert time["datetime"] == "2024-07-08T08:00+00:00"


def test_time_problems_are_diagnostics_at_their_lines(site: Any) -> None:
    root = site_with(
        site,
        {
            "month": event("Month", "2024-07", 'time: "10:00"'),
            "alone": event("Alone", "2024-07-08", 'end_time: "10:00"'),
            "bad": event("Bad", "2024-07-09", 'time: "25:00"'),
            "order": event("Order", "2024-07-10", 'order: "first"'),
        },
        zone="Mars/Olympus",
    )
    out = check_output(root)
    assert "content/events/month.md:5:7: error: a time of day needs a date to the day" in out
    assert "content/events/alone.md:5:11: error: 'end_time' needs a 'time'" in out
    assert "content/events/bad.md:5:7: error: 'time': '25:00' is not a time" in out
    assert "content/events/order.md:5:8: error: 'order' should be a whole number" in out
    assert "content/site.yaml:3:11: error: 'Mars/Olympus' is not a time zone" in out
    assert "Traceback" not in out


def test_serve_shows_times_in_a_new_timezone_at_once(site: Any) -> None:
    """serve keeps one Builder and reuses entries of unchanged events: a new timezone in
    site.yaml still shows in every entry of a timed event."""
    import datetime as dt

    from sitegen.build import Builder
    from sitegen.options import Options

    root = site_with(site, {"x": event("X", "2024-07-08", 'time: "08:00"')}, zone="UTC")
    opts = Options(drafts=True, fingerprint=False, today=TODAY)
    serve = Builder(root, options=opts, today=dt.date.fromisoformat(TODAY), use_cache=False)
    assert serve.build(to_memory=True).ok
    assert "8 July 2024, 08:00 UTC" in serve.memory["index.html"].decode()
    config = root / "content" / "site.yaml"
    config.write_text(config.read_text().replace('"UTC"', '"Asia/Kolkata"'), encoding="utf-8")
    assert serve.build(to_memory=True, touched=["content/site.yaml"]).ok
    index = serve.memory["index.html"].decode()
    assert "8 July 2024, 08:00 IST" in index and 'datetime="2024-07-08T08:00+05:30"' in index


def test_same_day_warnings_read_the_same_from_a_build_and_from_its_record(site: Any) -> None:
    """A same-day warning's message is made when it is read (checks._SameDay: 13,202 of
    them at 100,000 events, held beside the render): a build prints them all at once,
    in order, in the words of `check`, and so does the next build, which finds nothing
    changed and reads them from the record the first one wrote."""
    root = site_with(
        site,
        {
            "b-reaction": event("World reacts", "2024-07-08"),
            "a-departure": event("Leader departs", "2024-07-08"),
            "c-vote": event("Vote held", "2024-07-08"),
            "talks": event("Talks open", "2023-01-02", 'time: "09:30"'),
            "toast": event("A toast", "2023-01-02", 'time: "09:30"'),
            "first": event("First of two", "2022-05-01", "order: 2"),
            "second": event("Second of two", "2022-05-01", "order: 2"),
        },
    )
    said = [x for x in check_output(root).splitlines() if x.endswith("[same-day-order]")]
    assert len(said) == 3 and said == sorted(said)
    assert said[1].startswith("content/events/second.md:") and "1 May 2022 and order: 2" in said[1]
    assert "share 2 January 2023 and the time 09:30" in said[2]
    first = run("build", root, "--today", TODAY)
    again = run("build", root, "--today", TODAY)
    assert first.code == again.code == 0
    for result in (first, again):
        printed = (result.out + result.err).splitlines()
        warned = [n for n, line in enumerate(printed) if "warning" in line]
        assert [printed[n] for n in warned if printed[n].endswith("[same-day-order]")] == said
        assert warned == list(range(warned[0], warned[0] + len(warned)))  # together
