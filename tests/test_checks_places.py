"""Each problem written twice in one paragraph (a picture, a link, a citation, a wiki
link) is reported twice, each at its own `path:line:col`: they were placed by finding
their text in the paragraph, both at the first, and the second was then dropped as the
first's duplicate (or, for `../summit` after `../summit/`, placed inside the other)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, run
from tests.test_checks_internal_links import event

Site = Callable[..., Path]


def places(site: Site, body: str, code: str, crlf: bool = False) -> list[str]:
    """`line:col` of each `code` diagnostic `sitegen check` prints for an event with
    `body` (its body begins on the file's line 8)."""
    text = event("The first", body)
    root = site({"content/events/first.md": text.replace("\n", "\r\n") if crlf else text})
    result = run("check", root, "--today", TODAY)
    assert "Traceback" not in result.out + result.err
    path = "content/events/first.md:"
    return [
        x.removeprefix(path).split(": ")[0]
        for x in result.out.splitlines()
        if x.startswith(path) and x.endswith(f"[{code}]")
    ]


def test_two_identical_bad_pictures_in_a_paragraph_are_two_problems(site: Site) -> None:
    body = "It met [@wire]. ![a](../summit/) and ![a](../summit/)"
    assert places(site, body, "image-src") == ["8:22", "8:43"]
    # the second's address the start of the first's: not placed inside the first
    body = "It met [@wire]. ![a](../summit/) ![b](../summit)"
    assert places(site, body, "image-src") == ["8:22", "8:39"]


def test_two_identical_bad_links_in_a_paragraph_are_two_problems(site: Site) -> None:
    body = "It met [@wire]. [x](//evil) and [x](//evil)"
    assert places(site, body, "link-scheme") == ["8:21", "8:37"]
    body = "It met [@wire]. [x](../gone/) and [x](../gone/)"
    assert places(site, body, "link-unknown") == ["8:21", "8:39"]


def test_two_citations_of_an_unknown_source_are_two_problems(site: Site) -> None:
    body = "It met [@wire]. Said [@nope], and [@nope] again."
    assert places(site, body, "citation-unknown") == ["8:22", "8:35"]


def test_two_wiki_links_to_an_unknown_slug_are_two_problems(site: Site) -> None:
    body = "It met [@wire]. See [[nobody]] and [[nobody]]."
    assert places(site, body, "ref-unknown") == ["8:21", "8:36"]


def test_on_a_paragraphs_second_line_in_a_list_item_and_a_table_cell(site: Site) -> None:
    body = (
        "It met [@wire].\nThen [[nobody]] and [[nobody]], ![a](../gone/) ![a](../gone/)\n\n"
        "- item [[nobody]] [x](//evil) [[nobody]] [x](//evil)\n\n"
        "| a | b |\n|---|---|\n| [[nobody]] [x](//evil) | [[nobody]] [x](//evil) |\n"
    )
    assert places(site, body, "ref-unknown") == ["9:6", "9:21", "11:8", "11:31", "15:3", "15:28"]
    assert places(site, body, "image-src") == ["9:38", "9:53"]
    assert places(site, body, "link-scheme") == ["11:23", "11:46", "15:18", "15:43"]


def test_places_in_a_file_with_windows_line_ends(site: Site) -> None:
    body = "It met [@wire].\n> Quoted [@nope] and [@nope], [x](//evil) [x](//evil)"
    assert places(site, body, "citation-unknown", crlf=True) == ["9:10", "9:22"]
    assert places(site, body, "link-scheme", crlf=True) == ["9:35", "9:47"]


def test_an_address_written_with_character_references_is_placed_where_it_is_written(
    site: Site,
) -> None:
    """markdown-it decodes `&#106;`, `&#x61;`, `&colon;` and `\\:` in an address before
    the safety rule sees it: the decoded text is nowhere in the file, and each such link
    was reported at its paragraph's first column."""
    body = (
        "It met [@wire]. [a](&#106;avascript:alert(1)) [b](jav&#x61;script:x)\n"
        "[c](javascript&colon;y) [d](java&#X73;cript:z) ![e](&#x6A;avascript:q)"
    )
    # (a picture with another scheme is a link-scheme problem too)
    assert places(site, body, "link-scheme") == ["8:21", "8:51", "9:5", "9:29", "9:53"]
