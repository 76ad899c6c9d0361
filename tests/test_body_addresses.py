"""What a body's links and pictures may lead to, as a reader meets them: an address to
another host without a scheme (`//host/path`) is a link-scheme error and is not linked;
a picture inside the site (`![alt](photo.jpg)`) must be a file the build publishes
(image-src), as a link must (tests/test_checks_internal_links.py)."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.markdown import climb_join, render
from tests.conftest import TODAY, build, run
from tests.test_checks_internal_links import event

Site = Callable[..., Path]


def codes(root: Path, *wanted: str) -> tuple[int, list[str]]:
    """The exit status of `sitegen check` and the diagnostics it prints of `wanted` codes."""
    result = run("check", root, "--today", TODAY)
    assert "Traceback" not in result.out + result.err
    return result.code, [x for x in result.out.splitlines() if x.endswith(wanted)]


def test_a_link_or_picture_to_another_host_without_a_scheme_is_an_error_and_not_linked(
    site: Site,
) -> None:
    body = (
        "It happened [@wire]. See [the report](//evil.example/report).\n\n"
        "![The quay](//cdn.example/quay.jpg)"
    )
    root = site({"content/events/first.md": event("The first event", body)})
    code, found = codes(root, "[link-scheme]")
    assert code == 1
    assert found == [
        "content/events/first.md:8:39: error: link to '//evil.example/report' has no "
        "scheme, so it leads to another host over whatever the page was read with; write "
        "https://evil.example/report [link-scheme]",
        "content/events/first.md:10:13: error: link to '//cdn.example/quay.jpg' has no "
        "scheme, so it leads to another host over whatever the page was read with; write "
        "https://cdn.example/quay.jpg [link-scheme]",
    ]
    result = build(root, "--output", str(root / "out"))
    assert result.code == 1 and "nothing was written" in result.err
    assert not (root / "out").exists()
    # where a page is shown all the same (`sitegen serve`), the words stay, the address goes
    shown = render(body, "content/events/first.md", 8).body.html
    assert "evil.example" not in shown and "cdn.example" not in shown
    assert "the report" in shown and "The quay" in shown


def test_a_picture_inside_the_site_that_the_build_does_not_publish_is_an_error_at_it(
    site: Site,
) -> None:
    body = (
        "It happened [@wire].\n\n"
        "![The quay](quay.jpg) ![The port](/t/port.png) ![The map](../../maps/map.png)\n\n"
        "![The pier](/t/pier.png) ![Elsewhere](/other-site/x.png) ![Up](../../../x.png)"
    )
    root = site(
        {
            "content/events/first.md": event("The first event", body),
            "static/quay.jpg": b"\xff\xd8\xff",
            "static/maps/map.png": b"\x89PNG",
        }
    )
    code, found = codes(root, "[image-src]")
    assert code == 1
    assert found == [
        "content/events/first.md:10:13: error: picture 'quay.jpg' leads to "
        "/t/events/first/quay.jpg, which this site does not publish; static/quay.jpg is at "
        "/t/quay.jpg: write that address [image-src]",
        "content/events/first.md:10:35: error: picture '/t/port.png' leads to /t/port.png, "
        "which this site does not publish; put the file in static/port.png [image-src]",
        "content/events/first.md:12:13: error: picture '/t/pier.png' leads to /t/pier.png, "
        "which this site does not publish; put the file in static/pier.png [image-src]",
        "content/events/first.md:12:64: error: picture '../../../x.png' climbs out of /t/, "
        "where the site is published: count its '../' again, or put the file in static/ "
        "[image-src]",
    ]


def test_pictures_the_build_publishes_are_silent_and_shown(site: Site) -> None:
    body = (
        "It happened [@wire].\n\n"
        "![The quay](/t/quay.jpg) ![The map](../../maps/map.png) "
        "![Its card](/t/og/site.png) ![Remote](https://example.org/p.png)"
    )
    root = site(
        {
            "content/events/first.md": event("The first event", body),
            "static/quay.jpg": b"\xff\xd8\xff",
            "static/maps/map.png": b"\x89PNG",
        }
    )
    code, found = codes(root, "[image-src]", "[link-scheme]", "[link-unknown]")
    assert (code, found) == (0, [])
    result = build(root, "--output", str(root / "out"))
    assert result.code == 0, result.out
    page = (root / "out/events/first/index.html").read_text(encoding="utf-8")
    assert 'src="../../maps/map.png"' in page and (root / "out/maps/map.png").exists()


def test_a_body_s_relative_links_and_pictures_are_absolute_wherever_it_leaves_its_page(
    site: Site,
) -> None:
    """A feed reader resolves a relative address against the feed's (or not at all), a
    TimelineJS embed against the page that embeds it: there the body's links and pictures
    are written as its own page resolves them."""
    body = (
        "It happened [@wire], after [the summit](../summit/) ([notes](#notes)).\n\n"
        "![The quay](../../quay.jpg) [the report](/t/report.pdf?v=1&x=2)"
    )
    root = site(
        {
            "content/events/first.md": event("The first event", body),
            "content/events/summit.md": event("The summit", "It met [@wire]."),
            "static/quay.jpg": b"\xff\xd8\xff",
            "static/report.pdf": b"%PDF",
        }
    )
    result = build(root, "--output", str(root / "out"))
    assert result.code == 0, result.err
    out = root / "out"
    content, slide = _feed_and_slide(out, "The first event", "first")
    page = "https://example.org/t/events/first/"
    for shown in (content, slide):
        soup = BeautifulSoup(shown or "", "html.parser")
        hrefs = [a["href"] for a in soup.find_all("a") if "/t/" in a["href"]]
        assert [h for h in hrefs if "#source-" not in h] == [
            "https://example.org/t/events/summit/",
            page + "#notes",
            "https://example.org/t/report.pdf?v=1&x=2",
            *([page] if shown is slide else []),  # (the slide's "Read the full entry")
        ]
        assert soup.find("img")["src"] == "https://example.org/t/quay.jpg"
        assert soup.find("sup").a["href"] == page + "#source-1"
    # the page itself keeps them as written: they work wherever the site is served
    own = (out / "events/first/index.html").read_text(encoding="utf-8")
    assert 'href="../summit/"' in own and 'src="../../quay.jpg"' in own


def test_raw_html_addresses_are_absolute_however_their_attributes_are_quoted(
    site: Site,
) -> None:
    """With allow_html, an author's own tags reach the feed and timeline.json too: their
    href, src, poster and srcset, in single quotes or none, are read as a browser reads
    them (character references too) and written as the page resolves them; other addresses
    and attributes stay."""
    body = (
        "It happened [@wire].\n\n"
        "<p><a title='a > b' href='../summit/'>single</a> <a href=../summit/#a>bare</a>\n"
        "<a HREF = \"#notes\">upper</a> <a href='https://other.example/x'>away</a>\n"
        "<a href='../summit/?a=1&amp;b=&#50;'>entities</a>\n"
        "<img alt=quay src=../../quay.jpg> <img srcset='../../quay.jpg 1x, q2.jpg 2x'>\n"
        "<video poster=../../quay.jpg src='clip.mp4'></video>\n"
        "<!-- <a href='../kept/'> --></p>"
    )
    content, slide = _raw_html_feed_and_slide(site, body)
    page = "https://example.org/t/events/first/"
    summit = "https://example.org/t/events/summit/"
    for shown in (content, slide):
        soup = BeautifulSoup(shown or "", "html.parser")
        links = {a.text: a["href"] for a in soup.find_all("a")}
        assert links["single"] == summit and links["bare"] == summit + "#a"
        assert links["upper"] == page + "#notes"
        assert links["away"] == "https://other.example/x"
        assert links["entities"] == summit + "?a=1&b=2"  # (read as a browser reads them)
        assert soup.find("a", string="single")["title"] == "a > b"
        quay = "https://example.org/t/quay.jpg"
        assert [img.get("src") for img in soup.find_all("img")] == [quay, None]
        assert soup.find_all("img")[1]["srcset"] == f"{quay} 1x, {page}q2.jpg 2x"
        video = soup.find("video")
        assert (video["poster"], video["src"]) == (quay, page + "clip.mp4")
        assert "<a href='../kept/'>" in shown  # (in a comment: no tag)


def test_raw_html_that_ends_a_cdata_section_reaches_the_feed_whole(site: Site) -> None:
    """A feed entry's HTML is a CDATA section (not escaped again): a "]]>" in raw HTML
    (a comment, a script) must not end it early."""
    body = "<p>before</p>\n<!-- a ]]> b -->\n<script>if (a[b[0]]>1) x()</script>\n\nafter"
    content, _ = _raw_html_feed_and_slide(site, body)
    assert "<!-- a ]]> b -->" in content and "a[b[0]]>1" in content
    assert content.index("before") < content.index("after")


def test_every_url_attribute_of_raw_html_is_absolute_in_the_feed_and_timeline(
    site: Site,
) -> None:
    """Every attribute HTML reads as an address (a quotation's cite, a form's action, an
    object's data, an old table's background, an SVG link's xlink:href, a link's ping
    list, ...), not only href and src, is written as the page resolves it: a feed reader
    would resolve `../x/` against the feed's address, or not at all."""
    body = (
        "It happened [@wire].\n\n"
        "<blockquote cite='../summit/'>Quoted</blockquote> <q cite=../summit/#q>q</q>\n"
        "<del cite='notes.html' datetime='2024-07-08'>old</del>"
        '<ins cite="notes.html">new</ins>\n'
        "<form action='../../search/'><button formaction=../../go/>go</button>"
        "<input type=image formaction=../../go2/ src=../../b.png></form>\n"
        "<object data=../../quay.svg><embed src=../../quay.svg></object>\n"
        "<table background='../../bg.png'><tr><td background=bg2.png>c</td></tr></table>\n"
        "<img longdesc=../../about/ alt=q src=../../quay.jpg>"
        "<a ping='../../p1 p2' href=../summit/>pinged</a>\n"
        "<svg><a xlink:href='../summit/'><text>t</text></a></svg>"
        "<div itemscope itemid='../summit/' data-x='../../kept/'></div>"
    )
    content, slide = _raw_html_feed_and_slide(site, body)
    t, page = "https://example.org/t/", "https://example.org/t/events/first/"
    summit = t + "events/summit/"
    for shown in (content, slide):
        soup = BeautifulSoup(shown or "", "html.parser")

        def attr(tag: str, name: str, soup: BeautifulSoup = soup) -> str:
            return str(soup.find(tag)[name])

        assert attr("blockquote", "cite") == summit and attr("q", "cite") == summit + "#q"
        assert attr("del", "cite") == attr("ins", "cite") == page + "notes.html"
        assert attr("del", "datetime") == "2024-07-08"
        assert attr("form", "action") == t + "search/"
        assert attr("button", "formaction") == t + "go/"
        assert attr("input", "formaction") == t + "go2/" and attr("input", "src") == t + "b.png"
        assert attr("object", "data") == attr("embed", "src") == t + "quay.svg"
        assert attr("table", "background") == t + "bg.png"
        assert attr("td", "background") == page + "bg2.png"
        assert attr("img", "longdesc") == t + "about/"
        assert soup.find("a", string="pinged")["ping"] == f"{t}p1 {page}p2"
        assert soup.find("a", attrs={"xlink:href": True})["xlink:href"] == summit
        assert attr("div", "itemid") == summit
        assert attr("div", "data-x") == "../../kept/"  # (a script's data, no address)


def test_a_picture_that_leads_to_a_page_is_an_error_with_the_fix(site: Site) -> None:
    """A page is no picture file: a browser shows a broken picture for it, though the
    build publishes the page (written with its '/', without it, or as its index.html)."""
    body = (
        "It happened [@wire].\n\n"
        "![The summit](../summit/)\n\n![Again](../summit)\n\n![Its page](../summit/index.html)\n\n"
        "![Here](#notes) ![The quay](/t/quay.jpg)"
    )
    root = site(
        {
            "content/events/first.md": event("The first event", body),
            "content/events/summit.md": event("The summit", "It met [@wire]."),
            "static/quay.jpg": b"\xff\xd8\xff",
        }
    )
    code, found = codes(root, "[image-src]")
    assert code == 1
    fix = "a page's address, not a picture file: write the address of the picture file itself"
    assert [line.split(": error: ")[1].split(", a page")[0] for line in found] == [
        "picture '../summit/' leads to /t/events/summit/",
        "picture '../summit' leads to /t/events/summit",
        "picture '../summit/index.html' leads to /t/events/summit/index.html",
        "picture '#notes' leads to /t/events/first/",
    ]
    assert all(fix in line for line in found)


_HTML_PIECES = [
    "<p>", "</p>", "<sup>", "<h2>", "<em>", "<Em>", "<p/>", "<p\n>", "<p class=x>", "<1>",
    '<a href="\x01events/x/">', '<A HREF="\x01x/">', '<a hreF="\x01q">', '<a  href="\x01y">',
    '<a href="x">', '<a\thref="x">', '<a href="#f">', '<a href="\x01', "<a", "<img src=y>",
    "<br/>", "<br />", "<x-y a=b>", "<\u212a x=1>", "<\u017f src=a>", "<!-- ", " -->",
    "<script>", "</script>", "<style >", "</style>", "<", ">", " ", "/", "=", '"', "a", "text",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=12))
def test_a_body_without_a_tag_that_may_have_attributes_is_not_rewritten(pieces: list[str]) -> None:
    """publish._outside_body runs _START_TAG only on HTML where _MAYBE_START_TAG finds a
    `<` it could match at: where there is none, _START_TAG changes nothing (a comment,
    a script or a style it matches is kept as it is; a tag with attributes is what it
    rewrites, and the case it ignores, Kelvin's K and the long s among letters, too)."""
    from sitegen.publish import _MAYBE_START_TAG, _START_TAG

    html = "".join(pieces)
    if _MAYBE_START_TAG.search(html) is None:
        assert _START_TAG.sub(lambda m: m[0] if m[2] is None else "", html) == html


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["https://example.org/t/events/first/", "events/2024/x/", "https://e.org/"]),
    st.lists(st.sampled_from(["..", ".", "x", "a.jpg", "", "?q=../b", "#f", ";p", "a:b", "é"])),
)
def test_the_quick_join_of_a_feed_s_addresses_is_urljoin_s(page: str, parts: list[str]) -> None:
    """A feed's addresses are joined without urljoin where that is a matter of climbing
    (`../x/`): wherever it answers, it answers as urljoin does."""
    address = "/".join(parts)
    quick = climb_join(page, address)
    assert quick in (None, urljoin(page, address))


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "events/first/", "events/2024/x/", "timelines/t/years/2024/"]),
    st.lists(st.sampled_from(["..", ".", "x", "a.jpg", "", ";p", "a:b", "é", "index.html"])),
)
def test_the_quick_join_of_a_checked_link_is_normpath_s(folder: str, parts: list[str]) -> None:
    """sitegen check joins a body's link to its page's folder with the same function
    (falling back to normpath): wherever it answers, it answers as normpath does, and as
    a browser does (a link that climbs out of the site is no answer)."""
    address = "/".join(parts)
    quick = climb_join(folder, address)
    whole = "/t/" + folder + address
    folderish = whole.endswith(("/", "/.", "/..")) or address in (".", "..")
    whole = posixpath.normpath(whole)
    whole = whole.rstrip("/") + "/" if folderish else whole
    slow = whole[3:] if (whole + "/").startswith("/t/") else None
    assert quick is None or quick == slow


def _raw_html_feed_and_slide(site: Site, body: str) -> tuple[str, str]:
    """`body` as the first of two events of a site that allows raw HTML (with a picture
    in static/), built: its feed entry's and its slide's HTML (_feed_and_slide)."""
    root = site(
        {
            "content/site.yaml": 'title: "T"\nbase_url: "https://example.org/t/"\n'
            "allow_html: true\n",
            "content/events/first.md": event("The first event", body),
            "content/events/summit.md": event("The summit", "It met [@wire]."),
            "static/quay.jpg": b"\xff\xd8\xff",
        }
    )
    result = build(root, "--output", str(root / "out"))
    assert result.code == 0, result.err
    return _feed_and_slide(root / "out", "The first event", "first")


def _feed_and_slide(out: Path, title: str, slug: str) -> tuple[str, str]:
    """The event's HTML as feed.xml's entry and as timeline.json's slide carry it."""
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.parse(out / "feed.xml").getroot().iter(f"{atom}entry")
    content = {e.findtext(f"{atom}title"): e.findtext(f"{atom}content") for e in entries}
    slides = json.loads((out / "timeline.json").read_text(encoding="utf-8"))["events"]
    slide = next(s["text"]["text"] for s in slides if s["unique_id"] == slug)
    return content[title] or "", slide


WHOLE = "is not a whole address (a host name after '//'); write it like https://example.org/report"


def test_a_body_link_with_no_host_or_an_impossible_address_is_an_error_at_it(
    site: Site,
) -> None:
    """As a picture's or a source's address would be (schema.address_problem): in a body
    of plain paragraphs (the direct path), and one with a list and a table (markdown-it's
    block rules); a well-formed link, a mailto one and one in capitals are not."""
    plain = (
        "See [a](https://), [b](http://) and <https://> [@wire].\n"
        "Also [c](https://exa%20mple.org/), [d](https://example.org:99999/), "
        "[e](https:///path), [ok](https://example.org/a?b=1#c), [m](mailto:a@example.org) "
        "and [u](HTTPS://Example.ORG/x)."
    )
    shaped = "- a list [@wire]\n\n| a | b |\n|---|---|\n| [x](https://example.org:0/) | <http://> |"
    root = site(
        {
            "content/events/first.md": event("The first event", plain),
            "content/events/second.md": event("The second event", shaped),
        }
    )
    code, found = codes(root, "[link-scheme]")
    assert code == 1
    first, second = "content/events/first.md", "content/events/second.md"
    assert found == [
        f"{first}:8:9: error: link to 'https://' {WHOLE} [link-scheme]",
        f"{first}:8:24: error: link to 'http://' {WHOLE} [link-scheme]",
        f"{first}:8:38: error: link to 'https://' {WHOLE} [link-scheme]",
        f"{first}:9:10: error: link to 'https://exa%20mple.org/' has no valid host name; "
        "like https://example.org/report [link-scheme]",
        f"{first}:9:40: error: link to 'https://example.org:99999/' has an invalid port "
        "'99999'; a port is a number from 1 to 65535 [link-scheme]",
        f"{first}:9:73: error: link to 'https:///path' {WHOLE} [link-scheme]",
        f"{second}:12:7: error: link to 'https://example.org:0/' has an invalid port '0'; "
        "a port is a number from 1 to 65535 [link-scheme]",
        f"{second}:12:34: error: link to 'http://' {WHOLE} [link-scheme]",
    ]


def test_a_body_picture_with_no_host_or_an_impossible_address_is_an_image_src_error(
    site: Site,
) -> None:
    """As the same address in `image: src:` is: in a paragraph and in a list item."""
    body = (
        "![The quay](https://) and ![The pier](https://example.org:99999/pier.jpg) "
        "![The dock](https://example.org/dock.jpg) [@wire]\n\n"
        "- ![The port](https://exa%20mple.org/port.jpg)"
    )
    root = site({"content/events/first.md": event("The first event", body)})
    code, found = codes(root, "[image-src]")
    assert code == 1
    path = "content/events/first.md"
    assert found == [
        f"{path}:8:13: error: image 'https://' is not a whole address (a host name after "
        "'//'); write it like https://example.org/picture.jpg [image-src]",
        f"{path}:8:39: error: image 'https://example.org:99999/pier.jpg' has an invalid "
        "port '99999'; a port is a number from 1 to 65535 [image-src]",
        f"{path}:10:15: error: image 'https://exa%20mple.org/port.jpg' has no valid host "
        "name; like https://example.org/picture.jpg [image-src]",
    ]
