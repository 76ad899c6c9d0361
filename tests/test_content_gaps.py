"""Content-check gaps an editor could fall into unwarned: an http picture (blocked as mixed
content), an event's end years ahead, static file names a browser reads as part of an
address, and direction overrides left open in a title. Each on a tiny site in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BASE_FILES, TODAY, build, run

Site = Callable[..., Path]

EVENT = BASE_FILES["content/events/first.md"]


def check(root: Path, *extra: str) -> list[str]:
    result = run("check", root, "--today", TODAY, *extra)
    assert "Traceback" not in result.out + result.err
    return result.out.splitlines()[:-1]


def with_fields(text: str, fields: str) -> str:
    """The base event with `fields` (YAML lines) added before its closing ---."""
    return EVENT.replace("sources: [wire]\n", "sources: [wire]\n" + fields)


# -- 1. http pictures ------------------------------------------------------------------

MIXED = (
    "browser blocks an http picture on an https page (mixed content); give its https:// "
    "address, or put the file in static/ [image-src]"
)


@pytest.mark.parametrize("scheme", ["http", "HTTP"])
def test_an_http_event_picture_is_an_error_at_its_src(site: Site, scheme: str) -> None:
    image = f'image:\n  src: "{scheme}://example.org/a.jpg"\n  alt: "A photo"\n'
    root = site({"content/events/first.md": with_fields(EVENT, image)})
    assert check(root) == [
        f"content/events/first.md:9:8: error: the picture's address is http://, and a {MIXED}"
    ]
    assert build(root).code == 1


def test_an_https_picture_is_still_accepted(site: Site) -> None:
    image = 'image:\n  src: "https://example.org/a.jpg"\n  alt: "A photo"\n'
    root = site({"content/events/first.md": with_fields(EVENT, image)})
    assert check(root) == []


def test_people_timelines_and_body_pictures_get_the_same_check(site: Site) -> None:
    person = BASE_FILES["content/people/ada-lovelace.md"].replace(
        "country: testland\n",
        'country: testland\nimage:\n  src: "http://example.org/ada.jpg"\n  alt: "Ada"\n',
    )
    timeline = (
        '---\ntitle: "Harbour"\nsummary: "The harbour story."\n'
        'image:\n  src: "http://example.org/h.jpg"\n  alt: "The harbour"\n---\n'
    )
    event = with_fields(EVENT, "timelines: [harbour]\n") + (
        "\n![The quay](http://example.org/quay.jpg)\n"
    )
    root = site({
        "content/people/ada-lovelace.md": person,
        "content/timelines/harbour.md": timeline,
        "content/events/first.md": event,
    })  # fmt: skip
    got = check(root)
    said = f"error: the picture's address is http://, and a {MIXED}"
    assert f"content/people/ada-lovelace.md:6:8: {said}" in got
    assert f"content/timelines/harbour.md:5:8: {said}" in got
    body = [line for line in got if line.startswith("content/events/first.md:")]
    assert body == [
        "content/events/first.md:12:13: error: image 'http://example.org/quay.jpg' is an "
        f"http:// address, and a {MIXED}"
    ]
    assert len(got) == 3, got


def _http_pictures(site: Site, base_url: str | None) -> Path:
    """An event with an http picture in its image: field and one in its body, on a site
    whose base_url is `base_url` (None: none)."""
    event = with_fields(EVENT, 'image:\n  src: "http://example.org/a.jpg"\n  alt: "A"\n')
    config = 'title: "Test timeline"\n' + (f'base_url: "{base_url}"\n' if base_url else "")
    return site({
        "content/site.yaml": config,
        "content/events/first.md": event + "\n![The quay](http://example.org/quay.jpg)\n",
    })  # fmt: skip


@pytest.mark.parametrize("base_url", ["https://example.org/t/", None])
def test_http_pictures_are_errors_where_the_site_may_be_https(
    site: Site, base_url: str | None
) -> None:
    """Served over https (or where base_url does not say: every common host serves https),
    a browser blocks both pictures as mixed content."""
    got = [line for line in check(_http_pictures(site, base_url)) if "[image-src]" in line]
    assert [line.split(": ")[1] for line in got] == ["error", "error"], got
    assert all(line.endswith(MIXED) for line in got)


def test_http_pictures_are_warnings_on_a_site_served_over_http(site: Site) -> None:
    """On a site whose base_url is http:// there is no mixed content: the pictures show,
    so they are warnings, with the same fix, in the image: field and the body alike."""
    root = _http_pictures(site, "http://intranet.example/t/")
    hint = (
        "the site's base_url is http://, so readers see it there, but a browser would block "
        "it (mixed content) once the site is served over https; give its https:// address, "
        "or put the file in static/ [image-src]"
    )
    assert check(root) == [
        f"content/events/first.md:9:8: warning: the picture's address is http://, and {hint}",
        "content/events/first.md:14:13: warning: image 'http://example.org/quay.jpg' is an "
        f"http:// address, and {hint}",
    ]
    assert build(root).code == 0
    assert build(root, "--strict").code == 1
    # --base-url names where this build is served, as it does for every other use of it
    assert build(root, "--base-url", "https://example.org/t/").code == 1
    https = _http_pictures(site, "https://example.org/t/")
    assert build(https, "--base-url", "http://intranet.example/t/").code == 0


# -- 2. an end after today --------------------------------------------------------------


def test_an_end_years_ahead_is_a_warning_naming_it_and_today(site: Site) -> None:
    event = with_fields(EVENT, 'end: "2204-07-09"\n')
    root = site({"content/events/first.md": event})
    assert check(root) == [
        "content/events/first.md:8:6: warning: the event ends after today (2204-07-09, today "
        f"is {TODAY}); correct the end if it is a slip, write 'end: ongoing' if no end is "
        "known, or add 'status: scheduled' if the end is announced [date-end-future]"
    ]
    assert build(root).code == 0  # a warning: an event under way may end after today


@pytest.mark.parametrize(
    "fields",
    [
        'end: "2204-07-09"\nstatus: scheduled\n',  # the end is announced
        "end: ongoing\n",
        'end: "2026-11-27"\n',  # ends today
        'end: "2026"\n',  # a year that has begun
    ],
)
def test_an_end_that_continues_is_not_flagged(site: Site, fields: str) -> None:
    root = site({"content/events/first.md": with_fields(EVENT, fields)})
    assert check(root) == []


def test_a_future_event_gets_date_future_only(site: Site) -> None:
    event = with_fields(EVENT, 'end: "2204-07-09"\n').replace('"2024-07-08"', '"2203-07-08"')
    root = site({"content/events/first.md": event})
    codes = [line.rsplit(" ", 1)[-1] for line in check(root)]
    assert "[date-future]" in codes and "[date-end-future]" not in codes


# -- 3. static names a browser reads as part of an address -------------------------------


def test_static_names_with_hash_query_or_percent_are_flagged(site: Site) -> None:
    root = site({
        "static/report#2.pdf": b"x",
        "static/why?.txt": b"x",
        "static/100%/a.png": b"x",
        "static/plain-name.pdf": b"x",
    })  # fmt: skip
    assert check(root) == [
        "static/100%:1:1: warning: static/100% is published at an address that breaks: a "
        "browser reads the '%' in its address as the start of an escape (%20), so the "
        "address does not find the file; rename it without #, ? or % [name-address]",
        "static/report#2.pdf:1:1: warning: static/report#2.pdf is published at an address "
        "that breaks: a browser reads the '#' in its address as the start of a fragment "
        "(#…), so the address does not find the file; rename it without #, ? or % "
        "[name-address]",
        "static/why?.txt:1:1: warning: static/why?.txt is published at an address that "
        "breaks: a browser reads the '?' in its address as the start of a query (?…), so "
        "the address does not find the file; rename it without #, ? or % [name-address]",
    ]


def test_a_picture_named_with_a_hash_is_an_error_where_it_is_used(site: Site) -> None:
    image = 'image:\n  src: "photos/quay#1.png"\n  alt: "The quay"\n'
    root = site({
        "static/photos/quay#1.png": b"x",
        "content/events/first.md": with_fields(EVENT, image),
    })  # fmt: skip
    got = check(root)
    assert (
        "content/events/first.md:9:8: error: image 'photos/quay#1.png': a browser reads the "
        "'#' in its address as the start of a fragment (#…), so the address does not find "
        "the file; rename it without #, ? or % [image-src]"
    ) in got
    assert [line.rsplit(" ", 1)[-1] for line in got] == ["[image-src]", "[name-address]"]


# -- 4. direction overrides left open ----------------------------------------------------


def test_a_title_with_an_override_left_open_is_a_warning(site: Site) -> None:
    event = EVENT.replace('"The first event"', '"Funds \u202eredirected"')
    root = site({"content/events/first.md": event})
    assert check(root) == [
        "content/events/first.md:2:8: warning: 'title' opens an invisible U+202E "
        "(right-to-left override) and never closes it: it turns round the text shown after "
        "it on a page or in a feed; delete it, or close it (U+202C after an embedding or "
        "override, U+2069 after an isolate) [bidi-unbalanced]"
    ]


def test_summaries_bylines_and_names_are_checked_too(site: Site) -> None:
    event = EVENT.replace('"Something happened."', '"An \u2067isolate left open."')
    site_yaml = BASE_FILES["content/site.yaml"] + 'byline: ["Desk", "A \u202bB"]\n'
    person = BASE_FILES["content/people/ada-lovelace.md"].replace(
        '"Ada Lovelace"', '"Ada \u202dLovelace"'
    )
    root = site({
        "content/events/first.md": event,
        "content/site.yaml": site_yaml,
        "content/people/ada-lovelace.md": person,
    })  # fmt: skip
    got = [line.split(": warning: ")[0] + " " + line.split(" opens an invisible ")[1][:6]
           for line in check(root)]  # fmt: skip
    assert got == [
        "content/events/first.md:3:10 U+2067",
        "content/people/ada-lovelace.md:2:7 U+202D",
        "content/site.yaml:3:18 U+202B",
    ]


def test_right_to_left_text_written_properly_is_not_flagged(site: Site) -> None:
    closed = (
        "\u202bمرحبا\u202c, \u2067שלום\u2069, \u200fmark\u200e, "
        "\u2068\u202eboth\u202c\u2069, a stray \u202c and \u2069"
    )
    event = EVENT.replace('"The first event"', f'"{closed}"')
    root = site({"content/events/first.md": event})
    assert check(root) == []


@pytest.mark.parametrize(
    ("text", "opener"),
    [
        ("a\u202eb", "U+202E"),
        ("\u2066a\u202c", "U+2066"),  # a PDF does not close an isolate
        ("\u2067\u202eb\u2069", None),  # the PDI closes the override opened inside it
        ("\u202e\u2066a\u2069", "U+202E"),
        ("\u202a\u202bx\u202c", "U+202A"),
        ("\u200f\u200e plain", None),
    ],
)
def test_what_counts_as_left_open(text: str, opener: str | None) -> None:
    from sitegen.load import unclosed_bidi

    found = unclosed_bidi(text)
    assert (found[:6] if found else None) == opener
