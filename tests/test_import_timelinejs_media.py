"""`sitegen import timelinejs`: what TimelineJS embeds (videos, sounds, posts, maps),
years before the common era and year 0, and slugs from headlines in other scripts, as a
reader and an editor meet them after the import."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.dates import EDate
from sitegen.importers import timelinejs_media
from sitegen.load import SLUG_RE
from sitegen.slugs import title_slug
from tests.conftest import TODAY, build, html, run
from tests.test_import_timelinejs import (
    DATA,
    check_and_build,
    front,
    import_,
    imported,
    new_site,
)


def _json(tmp_path: Path, events: list[dict[str, Any]], name: str = "t.json") -> Path:
    source = tmp_path / name
    source.write_text(json.dumps({"events": events}, ensure_ascii=False), encoding="utf-8")
    return source


def _slide(year: int | str, headline: str, **more: Any) -> dict[str, Any]:
    return {"start_date": {"year": year}, "text": {"headline": headline}, **more}


def _bodies(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in imported(site).values())


# -- media TimelineJS embeds -----------------------------------------------------------------


def test_embedded_media_is_a_reference_that_says_what_and_where_it_is(tmp_path: Path) -> None:
    """TimelineJS's own every-media-type example: each video, sound, post, map and page
    is a line a reader understands (its kind, its caption as the link, its site, its
    credit), never raw HTML on a site that does not allow it."""
    site = new_site(tmp_path)
    result = import_(DATA / "all-media-types.json", site)
    assert result.code == 0, result.err
    bodies = _bodies(site)
    for line in (
        "Video: [Phat Tai, a story of Vietnamese fishermen on the Gulf Coast.]"
        "(http://vimeo.com/20839673) (Vimeo) — Joe York/Southern Foodways Alliance",
        "Audio: [I Don't Mind feat. Juicy J](https://soundcloud.com/usher-raymond-music/"
        "usher-i-dont-mind-feat-juicy-j) (SoundCloud) — Usher Raymond Music",
        "Post: [State of NASA Address](https://twitter.com/yayitsrob/status/"
        "1265638281783447552) (Twitter) — NASASpaceFlight",
        "Article: [Mechanical Turk](https://en.wikipedia.org/wiki/Mechanical_Turk) (Wikipedia)",
        "Audio: [bach-cello-suite.mp3](https://soundcite.knightlab.com/media/"
        "bach-cello-suite.mp3) (soundcite.knightlab.com) — Bach",
        "[Video on Wistia](https://lakeshore.wistia.com/medias/g2h5ddrucc)",  # (credit: Wistia)
    ):
        assert f"\n{line}\n" in bodies, line
    # a map credited to Google Maps says so once
    assert "(Google Maps) — Google Maps" not in bodies
    # an <iframe> given as the media is the page it shows, named by its caption
    assert "\n[Test Timeline](https://cdn.knightlab.com/libs/timeline3/latest/embed/" in bodies
    assert "<iframe" not in bodies and "<video" not in bodies
    assert "is video on YouTube, no picture sitegen can show" in result.err
    assert "with 'allow_html: true' in site.yaml, an import writes its player too" in result.err
    # a Google Drive picture (`uc?id=`), which TimelineJS shows as one, is the picture
    drive = front(imported(site)["png-image-on-google-drive-2"])
    assert drive["image"]["src"].startswith("https://drive.google.com/uc?id=")
    check_and_build(site)
    page = html(site / "output" / "events" / "vimeo" / "index.html")
    link = page.select_one('.prose a[href="http://vimeo.com/20839673"]')
    assert link is not None and link.parent is not None
    assert link.parent.get_text().startswith("Video: Phat Tai")


def test_players_are_written_where_the_site_allows_raw_html(tmp_path: Path) -> None:
    """site.yaml's `allow_html: true` is the site's own yes to raw HTML: there a video or
    a sound gets its player (the site's own embed address, made from its id, or the
    browser's player for a file), above the line that names it. Posts and maps, which
    need the site's script, stay a line; nothing from the file is written as HTML."""
    site = new_site(tmp_path)
    with (site / "content" / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("allow_html: true\n")
    hostile = 'https://example.org/a"><script>alert(1)</script>.mp4'
    source = _json(tmp_path, [
        _slide(2001, "Talk", media={"url": "https://www.youtube.com/watch?v=pi2v1m6gmD8&t=1m5s",
                                     "caption": "The talk"}),
        _slide(2002, "Short", media={"url": "https://youtu.be/fSrO91XO1Ck"}),
        _slide(2003, "Not an id", media={"url": "https://www.youtube.com/watch?v=a\"b"}),
        _slide(2004, "Post", media={"url": "https://twitter.com/a/status/1"}),
        _slide(2005, "Plain http file", media={"url": "http://example.org/a.mp3"}),
        _slide(2006, "Hostile", media={"url": hostile}),
        _slide(2007, "Pasted", media={"url": '<iframe src="https://player.vimeo.com/video/76979871'
                                             '?h=8272103f6e"></iframe>'}),
    ])  # fmt: skip
    result = import_(source, site)
    assert result.code == 0, result.err
    files = {slug: p.read_text(encoding="utf-8") for slug, p in imported(site).items()}
    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/pi2v1m6gmD8?start=65" '
        'title="The talk"' in files["talk"]
    )
    assert files["talk"].index("<iframe") < files["talk"].index("Video: [The talk](")
    assert "youtube-nocookie.com/embed/fSrO91XO1Ck" in files["short"]
    assert '<iframe src="https://player.vimeo.com/video/76979871"' in files["pasted"]
    for slug in ("not-an-id", "post", "plain-http-file"):
        assert "<" not in files[slug].split("---\n", 2)[2], slug
    assert "<script>" not in files["hostile"]
    assert "&lt;script&gt;" in files["hostile"]
    assert "is video on YouTube, no picture sitegen can show; it is kept as its player" in (
        result.err
    )
    check_and_build(site)
    page = html(site / "output" / "events" / "talk" / "index.html")
    frame = page.select_one(".prose iframe")
    assert frame is not None and str(frame["src"]).startswith("https://www.youtube-nocookie.com/")
    hostile_page = html(site / "output" / "events" / "hostile" / "index.html")
    assert not hostile_page.select(".prose script")


# -- years before the common era, and year 0 -------------------------------------------------


def test_years_before_the_common_era_import_and_year_0_is_said_with_its_fix(
    tmp_path: Path,
) -> None:
    """A history timeline: TimelineJS's negative years are years BCE, kept to the day,
    and the site checks and builds (pages, feeds, calendar). Year 0, which sitegen does
    not have, is an error that names the slide and says what to write instead; as an end
    it only costs the slide its end. The rest is imported."""
    site = new_site(tmp_path)
    source = _json(tmp_path, [
        _slide(-500, "Cleisthenes"),
        {"start_date": {"year": "-44", "month": "3", "day": "15"},
         "text": {"headline": "Ides of March"}},
        _slide("\u221227", "Augustus"),  # U+2212, the minus sign of a copied page
        _slide(0, "Year zero"),
        {"start_date": {"year": -4}, "end_date": {"year": 0}, "text": {"headline": "To zero"}},
        _slide(14, "Tiberius"),
    ])  # fmt: skip
    result = import_(source, site)
    assert result.code == 1
    assert (
        "events[3].start_date.year: year 0 is no year in sitegen (1 BCE is -1, 1 CE is 1, "
        "as historians count); 'Year zero' is not imported: write its year as -1 or 1 in the "
        "file and import it again [import-date]"
    ) in result.err
    assert "events[4].end_date.year: the end is in year 0" in result.err
    assert "imported 5 events as drafts, 1 slide not imported" in result.err
    files = imported(site)
    assert sorted(files) == ["augustus", "cleisthenes", "ides-of-march", "tiberius", "to-zero"]
    assert front(files["cleisthenes"])["date"] == "-0500"
    assert front(files["ides-of-march"])["date"] == "-0044-03-15"
    assert front(files["augustus"])["date"] == "-0027"
    to_zero = files["to-zero"].read_text(encoding="utf-8")
    assert front(files["to-zero"])["date"] == "-0004" and "end" not in front(files["to-zero"])
    assert "# TimelineJS end: year 0" in to_zero
    assert files["ides-of-march"].parent.name == "0044-bce"
    check_and_build(site)
    page = html(site / "output" / "events" / "ides-of-march" / "index.html")
    assert "15 March 44 BCE" in " ".join(page.get_text().split())  # (no-break spaces)
    assert "Ides of March" in (site / "output" / "feed.xml").read_text(encoding="utf-8")


# -- slugs from headlines in other scripts ---------------------------------------------------


def test_headlines_in_other_scripts_make_slugs_readers_can_use(tmp_path: Path) -> None:
    """Cyrillic and Greek are spelled in Latin letters; a headline in a script no table
    spells (Chinese, Arabic) gets `event-`, its date and a hash of its words, which is the
    same at the next import (so that import finds the files it wrote, whatever the
    slides' order) and differs between two slides of one date."""
    slides = [
        _slide(2004, "Ολυμπιακοί Αγώνες στην Αθήνα"),
        _slide(2014, "Референдум в Крыму"),
        {
            "start_date": {"year": 2008, "month": 8, "day": 8},
            "text": {"headline": "北京奥运会开幕"},
        },
        {"start_date": {"year": 2008, "month": 8, "day": 8}, "text": {"headline": "奥运会闭幕"}},
        _slide(2011, "الربيع العربي"),
        _slide(2007, "iPhone 发布"),
    ]
    site = new_site(tmp_path)
    assert import_(_json(tmp_path, slides), site).code == 0
    slugs = sorted(imported(site))
    assert "olympiakoi-agones-stin-athina" in slugs and "referendum-v-krymu" in slugs
    hashed = [s for s in slugs if re.fullmatch(r"event-2008-08-08-[0-9a-f]{6}", s)]
    assert len(hashed) == 2
    assert any(re.fullmatch(r"event-2011-[0-9a-f]{6}", s) for s in slugs)
    assert any(re.fullmatch(r"iphone-[0-9a-f]{6}", s) for s in slugs)
    assert all(SLUG_RE.match(s) for s in slugs)
    # the same slugs from the slides in another order, in another site
    other = new_site(tmp_path, "other")
    assert import_(_json(tmp_path, slides[::-1], "r.json"), other).code == 0
    assert sorted(imported(other)) == slugs
    # and a second import into the first site finds every file it wrote
    again = import_(_json(tmp_path, slides[::-1], "r.json"), site)
    assert again.err.count("[import-exists]") == len(slides)
    checked = run("check", site, "--today", TODAY)
    assert "slug-invalid" not in checked.out and checked.code == 0
    assert build(site, "--drafts").code == 0
    assert (site / "output" / "events" / hashed[0] / "index.html").is_file()


def test_addresses_in_the_text_are_links_as_timelinejs_showed_them(tmp_path: Path) -> None:
    """TimelineJS links the addresses written in a slide's text (its `autolink`, on
    unless the slide sets it false): so does the import, on the reader's page."""
    site = new_site(tmp_path)
    text = "Report: https://example.org/report_2020.pdf, or www.knightlab.com, or ask a@b.org."
    source = _json(tmp_path, [
        {**_slide(2001, "Linked"), "text": {"headline": "Linked", "text": f"<p>{text}</p>"}},
        {**_slide(2002, "Plain cell"), "text": {"headline": "Plain cell", "text": text}},
        {**_slide(2003, "Off"), "text": {"headline": "Off", "text": text}, "autolink": False},
        {**_slide(2004, "Code"),
         "text": {"headline": "Code", "text": "<code>https://example.org/x</code>"}},
    ])  # fmt: skip
    assert import_(source, site).code == 0
    check_and_build(site)

    def links(slug: str) -> list[str]:
        page = html(site / "output" / "events" / slug / "index.html")
        return [str(a["href"]) for a in page.select(".prose a")]

    expected = [
        "https://example.org/report_2020.pdf",
        "https://www.knightlab.com",
        "mailto:a@b.org",
    ]
    assert links("linked") == expected and links("plain-cell") == expected
    assert links("off") == [] and links("code") == []
    off = html(site / "output" / "events" / "off" / "index.html").select_one(".prose")
    assert off is not None and "https://example.org/report_2020.pdf" in off.get_text()


def test_a_display_date_of_one_end_of_a_span_keeps_the_other_end(tmp_path: Path) -> None:
    """TimelineJS shows a start_date's display_date in place of the start only, beside
    the end as it writes it (and an end_date's in place of the end): the span's other
    end was lost, or an end's words were shown as the whole date."""
    site = new_site(tmp_path)
    source = _json(tmp_path, [
        {"start_date": {"year": 1969, "display_date": "Spring 1969"},
         "end_date": {"year": 1972}, "text": {"headline": "Start words"}},
        {"start_date": {"year": 1969}, "end_date": {"year": 1972, "display_date": "late 1972"},
         "text": {"headline": "End words"}},
        {"start_date": {"year": 1969, "display_date": "Spring 1969"},
         "text": {"headline": "No end"}},
        {"start_date": {"year": 1969, "display_date": "Spring 1969"}, "end_date": {"year": 1972},
         "display_date": "The early 1970s", "text": {"headline": "Slide words"}},
    ])  # fmt: skip
    assert import_(source, site).code == 0
    shown = {slug: front(p).get("display_date") for slug, p in imported(site).items()}
    assert shown == {
        "start-words": "Spring 1969 – 1972",
        "end-words": "1969 – late 1972",
        "no-end": "Spring 1969",
        "slide-words": "The early 1970s",
    }
    check_and_build(site)


def test_the_title_slides_media_is_said_where_site_yaml_cannot_hold_it(
    tmp_path: Path,
) -> None:
    """Without --timeline the title slide is site.yaml's title and description, which
    hold no picture: its media is said to be left out, with where it would go; with
    --timeline it is the timeline page's picture."""
    site = new_site(tmp_path)
    result = import_(DATA / "houston-timeline3.json", site)
    assert (
        "houston-timeline3.json:4:18: warning: title.media.url: the title slide's media "
        "(//www.flickr.com/photos/tm_10001/2310475988/) is not imported: site.yaml has no "
        "place for it; import with --timeline ID to make it the timeline page's picture, "
        "or add it to an event [import-unsupported]"
    ) in result.err
    other = new_site(tmp_path, "other")
    result = import_(DATA / "cosmo-mixed.json", other, "--timeline", "light")
    assert "the title slide's media" not in result.err
    assert "image" in front(other / "content" / "timelines" / "light.md")


def test_pictures_are_taken_from_where_timelinejs_took_them(tmp_path: Path) -> None:
    """A Dropbox share page of a picture is its file on dl.dropboxusercontent.com, as
    TimelineJS loads it (the page itself is no picture); an address of no kind, which
    TimelineJS shows as a picture, is a link with a word on how to make it the image."""
    site = new_site(tmp_path)
    source = _json(tmp_path, [
        _slide(2001, "Dropbox", media={"url": "https://www.dropbox.com/s/abc/photo.jpg?dl=0",
                                        "caption": "A photo"}),
        _slide(2002, "Unknown", media={"url": "https://images.example.net/photo-123?w=800"}),
    ])  # fmt: skip
    result = import_(source, site)
    assert result.code == 0
    files = imported(site)
    assert front(files["dropbox"])["image"]["src"] == (
        "https://dl.dropboxusercontent.com/s/abc/photo.jpg?dl=0"
    )
    assert "\n[images.example.net](https://images.example.net/photo-123?w=800)\n" in (
        files["unknown"].read_text(encoding="utf-8")
    )
    assert (
        "if it is a picture, as TimelineJS took it to be, make it the event's image:"
    ) in result.err
    check_and_build(site)


_MEDIA = st.sampled_from([
    "https://www.youtube.com/watch?v=", "https://youtu.be/", "https://vimeo.com/",
    "https://open.spotify.com/track/", "https://soundcloud.com/", "https://[",
    "https://www.dropbox.com/s/", "https://example.org/",
])  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MEDIA, st.text(), st.sampled_from(["", ".mp4", ".mp3"]), st.text(max_size=20))
def test_a_player_is_one_element_on_one_line_whatever_the_address(
    start: str, rest: str, end: str, caption: str
) -> None:
    """Whatever a slide's address and caption hold, a player is one element (its values
    escaped: no tag of the file's) on one line (a blank line would end the HTML block and
    show the rest as text); naming the media never raises."""
    url = start + rest + end
    timelinejs_media.reference(url, url, caption, "")
    played = timelinejs_media.player(url, caption)
    assert "\n" not in played
    assert re.sub(r'"[^"]*"', '""', played).count("<") in (0, 2)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.integers(-9999, 9999).filter(bool))
def test_every_headline_makes_a_valid_slug(headline: str, year: int) -> None:
    assert SLUG_RE.match(title_slug(headline, EDate(year)))


# -- a media object's title, link and link_target ------------------------------------------


def test_a_medias_title_and_link_are_kept(tmp_path: Path) -> None:
    """TimelineJS3's media object has a title (the picture's hover text) and a link (the
    media, a picture or a video, is a link to it), opened in link_target: what an author
    wrote there is in the imported event, or kept in it with a warning saying why."""
    slides = [
        _slide(
            1969, "Armstrong steps onto the Moon",
            media={
                "url": "https://images.example.org/as11-40-5903.jpg",
                "title": "Buzz Aldrin on the Moon, photographed by Neil Armstrong",
                "credit": "NASA",
                "link": "https://images.example.org/details/as11-40-5903",
                "link_target": "_self",
            },
        ),
        _slide(
            1970, "The crew is welcomed home",
            media={
                "url": "https://www.youtube.com/watch?v=aPweFhhXFvY",
                "caption": "The parade in New York",
                "title": "Ticker-tape parade, 13 August 1969",
                "link": "https://archive.example.org/parade",
            },
        ),
        _slide(
            1971, "Apollo 14 lands",
            media={
                "url": "https://images.example.org/as14.jpg",
                "caption": "Shepard on the Moon",
                "title": "Shepard on the Moon",
                "link": "/collections/as14",
            },
        ),
    ]  # fmt: skip
    site = new_site(tmp_path)
    result = import_(_json(tmp_path, slides), site)
    assert result.code == 0, result.err
    events = imported(site)
    moon = events["armstrong-steps-onto-the-moon"].read_text(encoding="utf-8")
    picture = front(events["armstrong-steps-onto-the-moon"])["image"]
    # a picture without a caption: its title is the caption a reader sees
    assert picture["caption"] == "Buzz Aldrin on the Moon, photographed by Neil Armstrong"
    assert "(https://images.example.org/details/as11-40-5903)" in moon
    parade = events["the-crew-is-welcomed-home"].read_text(encoding="utf-8")
    # a video's link is kept as a link of its own, not only the video's
    assert "(https://archive.example.org/parade)" in parade
    assert "Ticker-tape parade, 13 August 1969" in parade
    # a link that is no address on the web (relative to the page that showed the
    # timeline) is kept in the file, with a warning
    shepard = events["apollo-14-lands"].read_text(encoding="utf-8")
    assert "/collections/as14" in shepard
    assert "'/collections/as14' is not an http(s) address" in result.err
    assert "media title" not in shepard  # (a title that is the caption: nothing to keep)
    assert "1 slide(s) have a media link_target, which is not imported" in result.err
    check_and_build(site)
    page = html(site / "output" / "events" / "the-crew-is-welcomed-home" / "index.html")
    assert page.select_one('.prose a[href="https://archive.example.org/parade"]') is not None
