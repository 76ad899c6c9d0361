"""`sitegen import timelinejs`: a TimelineJS3 timeline (JSON, or the CSV of its Google
Sheets template) as one draft event file per slide.

Three stages, like the build: read SOURCE into `Slide`s (timelinejs_source: every problem
a diagnostic that names the CSV row and column or the JSON path, with its line), plan one
file per slide (dates in timelinejs_dates; slug, tags, image and Markdown body here),
then write what was planned, never over an existing file unless asked to. A slide that
cannot be planned (no headline, a date that is no date) is reported and left
out; the others are written.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..errors import UsageError
from ..files import Refused, blocked_folder, read_file, site_text, stays_inside
from ..load import SLUG_RE, parse_markdown_file, reads_back, site_yaml
from ..slugs import is_device_name, tag_slug, title_slug
from . import html_markdown, timelinejs_media, timelinejs_timeline
from .timelinejs_dates import Skip, SlideDates, slide_dates
from .timelinejs_eras import import_eras
from .timelinejs_files import IMAGE_EXTENSIONS, LocalPictures
from .timelinejs_source import Report, Slide, Timeline, Where, read_source
from .timelinejs_tags import import_tag_names

SCAFFOLD_TITLES = {"My timeline", "Untitled timeline", ""}
SCAFFOLD_DESCRIPTIONS = {"A sourced, linked timeline.", ""}
"""What `sitegen init` writes into site.yaml: an import may replace these without --force."""


@dataclass
class Planned:
    """An event file to write."""

    path: Path
    """Where to write it (an existing file's place, when --force replaces it)."""
    text: str
    replaces: bool = False


@dataclass
class Result:
    """What an import did."""

    written: list[Path] = field(default_factory=list)
    """Event files written, and site.yaml if it changed."""
    events: int = 0
    """How many of them are event files."""
    skipped: int = 0
    """Slides not written (problems, or files that exist)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


# -- planning event files --------------------------------------------------------------------


MAX_ID_LENGTH = 100
"""The longest unique_id kept as a slug: a file name, with `-2` and `.md`, must fit the
255 bytes file systems allow, and an address should stay readable."""


@dataclass
class _Site:
    """What the importer needs to know of the site it writes into."""

    root: Path
    events: dict[str, Path]
    """Existing event slugs and their files."""
    countries: dict[str, str]
    """Lower-cased slug, name and ISO code of each country, to its slug."""
    timezone: str = "UTC"
    """site.yaml's `timezone`, in which the site reads event times."""
    allow_html: bool = False
    """site.yaml's `allow_html`: media's players may be written into the text."""
    timeline: str = ""
    """--timeline ID: the timeline every imported event joins."""
    pictures: LocalPictures | None = None
    """Pictures next to SOURCE that slides name by a path, to copy into static/."""
    tag_names: dict[str, tuple[str, Where]] = field(default_factory=dict)
    """The tags the slides' groups became, each with the group as written."""


def _read_site(root: Path) -> _Site:
    content = root / "content"
    events: dict[str, Path] = {}
    if (content / "events").is_dir():
        for path in sorted((content / "events").rglob("*.md")):
            events.setdefault(path.stem, path)
    countries: dict[str, str] = {}
    if (content / "countries").is_dir():
        for path in sorted((content / "countries").glob("*.md")):
            countries[path.stem] = path.stem
            try:
                doc, _ = parse_markdown_file(str(path), read_file(str(path))[0])
            except (OSError, Refused):  # (check reports it: import only looks for names)
                continue
            if doc is not None:
                for key in ("name", "iso"):
                    if isinstance(doc.data.get(key), str) and doc.data[key].strip():
                        countries.setdefault(_fold(doc.data[key]), path.stem)
    zone, allow_html = _settings(content / "site.yaml")
    return _Site(root, events, countries, zone, allow_html=allow_html)


def _settings(path: Path) -> tuple[str, bool]:
    """site.yaml's timezone, or UTC (what the build reads when it has none or a wrong one,
    which `sitegen check` reports), and whether it allows raw HTML (`allow_html: true`)."""

    from ..dates import known_zone

    try:
        data = site_yaml(path) if path.is_file() else None
    except (OSError, Refused, ValueError):
        return "UTC", False
    data = data if isinstance(data, dict) else {}
    zone = data.get("timezone")
    return (zone if isinstance(zone, str) and known_zone(zone) else "UTC"), (
        data.get("allow_html") is True
    )


def _fold(text: str) -> str:
    from ..iso3166 import normalize_name

    return normalize_name(text)


def _country(group: str, site: _Site) -> str:
    """The slug of the site's country a TimelineJS group names, or ''."""
    from ..iso3166 import suggest

    for key in (group.strip().lower(), _fold(group)):
        if key in site.countries:
            return site.countries[key]
    code = group.strip().upper() if len(group.strip()) == 2 else suggest(group)
    return site.countries.get(_fold(code), "") if code else ""


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub("[\u0085\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", quoted)


@dataclass
class _Body:
    markdown: list[str] = field(default_factory=list)
    front: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    embeds: bool = False
    """Whether the site allows raw HTML (site.yaml's allow_html), so players may be written."""


def _is_picture(url: str) -> bool:
    """An image file by its name, or by a `format=` query (`…/media/abc?format=jpg`), or
    a Google Drive file's picture (`drive.google.com/uc?id=…`, which TimelineJS shows as
    one: its own examples give it so)."""
    path, _, query = url.split("#", 1)[0].partition("?")
    if path.lower().endswith(IMAGE_EXTENSIONS):
        return True
    if re.match(r"https://drive\.google\.com/uc$", path, re.IGNORECASE) and "id=" in query:
        return True
    found = re.search(r"(?:^|&)format=(\w+)", query)
    return found is not None and f".{found[1].lower()}" in IMAGE_EXTENSIONS


_WIKIMEDIA_FILE = re.compile(
    r"https?://([\w.-]+\.wiki[mp]edia\.org)/wiki/[^#?]*?(?:#/media/)?(?:File|Image):([^/#?]+)",
    re.IGNORECASE,
)


def _wikimedia_file(url: str) -> str:
    """A Wikimedia Commons file's page (`…/wiki/File:Ada.jpg`, or an article's
    `#/media/File:Ada.jpg`), which TimelineJS shows as the picture, as the address of the
    picture itself (the wiki's Special:FilePath leads to it); any other address as it is."""
    m = _WIKIMEDIA_FILE.match(url)
    if m is None or not m[2].lower().endswith(IMAGE_EXTENSIONS):
        return url
    return f"https://{m[1]}/wiki/Special:FilePath/{m[2]}"


def _media(
    slide: Slide, body: _Body, report: Report, pictures: LocalPictures | None = None
) -> None:
    url = slide.get("media")
    caption = html_markdown.plain(slide.get("caption"))
    credit = html_markdown.plain(slide.get("credit"))
    if url.startswith("<"):  # an <iframe> alone is the page it shows
        url = html_markdown.embedded_source(url) or url
    if not url or url.startswith("<"):
        _media_of_no_address(slide, url, (caption, credit), body, report)
        return
    if url.startswith("//"):  # protocol-relative: TimelineJS loads it over https
        url = "https:" + url
    url = _wikimedia_file(url)
    caption = _media_title(slide, caption, body, report)
    named = caption  # (the words of the link a picture's media.link is)
    if html_markdown.no_web_address(_link_target(url)):
        _no_web_address(slide, "media", url, body, report, (caption, credit))
    elif re.match(r"https?://", url, re.IGNORECASE) and _is_picture(url):
        url = _https_picture(slide, timelinejs_media.direct_file(url), report)
        body.front += _image_field(slide, url, caption, credit)
        _picture_links(slide, body)
    elif re.match(r"(https?|mailto):", url, re.IGNORECASE):
        _media_reference(slide, url, (caption, credit), body, report)
        named = ""  # (the caption names the video's own link)
    else:
        _media_file(slide, (url, caption, credit), body, report, pictures)
    _media_link(slide, named, body, report)


def _media_of_no_address(
    slide: Slide, html: str, words: tuple[str, str], body: _Body, report: Report
) -> None:
    """Media that is HTML (a quotation, an embed: `html`) or not there: the HTML as
    Markdown, and the media's words, which may name a source (as TimelineJS shows them:
    the addresses in them are links)."""
    caption, credit = words
    if html:
        converted = html_markdown.convert(html)
        _html_problems(converted.problems, slide.at("media"), report)
        body.markdown.append(converted.markdown)
    shown = caption and (html or caption != slide.headline)
    said = [html_markdown.inline(slide.get("caption"))] if shown else []
    said += [html_markdown.inline(slide.get("credit"))] if credit else []
    body.markdown += [" — ".join(said)] if said else []


def _media_reference(
    slide: Slide, url: str, words: tuple[str, str], body: _Body, report: Report
) -> None:
    """Media TimelineJS embeds (a video, a sound, a post, a map, a page) as a line that
    says what and where it is, with its player above it where the site allows raw HTML."""
    caption, credit = words
    if url[:7].lower() == "mailto:":
        body.markdown.append(f"[{_escape(caption or url[7:])}]({_link_target(url)})")
        return
    player = timelinejs_media.player(url, caption)
    body.markdown += [player] if player and body.embeds else []
    credit_md = html_markdown.inline(slide.get("credit")) if credit else ""
    body.markdown.append(timelinejs_media.reference(url, _link_target(url), caption, credit_md))
    noun, site = timelinejs_media.kind(url)
    what = "a page (no picture's name)" if noun == "Link" else f"{noun.lower()} on {site}"
    if player and body.embeds:
        kept = "its player, and a link to it below, at the end of the text"
    elif player:
        kept = (
            "a link at the end of the text (with 'allow_html: true' in site.yaml, an import "
            "writes its player too)"
        )
    elif noun == "Link":  # (TimelineJS shows an address of no kind as a picture)
        kept = (
            "a link at the end of the text: if it is a picture, as TimelineJS took it to "
            "be, make it the event's image: (src, alt)"
        )
    else:
        kept = "a link at the end of the text"
    report(
        slide.at("media"), "warning", "import-media",
        f"{url[:80]} is {what}, no picture sitegen can show; it is kept as {kept}",
    )  # fmt: skip


def _no_web_address(
    slide: Slide, key: str, url: str, body: _Body, report: Report, words: tuple[str, str] = ("", "")
) -> None:
    """An http(s) address no reader can open (`https://[x/`, `https://`): as `sitegen
    check` refuses it as a link, it is kept as a comment in the front matter (and the
    media's caption and credit, `words`, as a line of the text)."""
    what = "media's link" if key == "media_link" else "media"
    body.notes.append(f"TimelineJS {what}: {_link_target(url)}")
    said = " — ".join(word for word in words if word)
    body.markdown += [said] if said else []
    report(
        slide.at(key), "warning", "import-media",
        f"the {what} '{url[:80]}' is no web address a reader can open (no host name, or "
        "one with characters a host cannot hold), so it is no link in the event: it is "
        "kept as a comment in the front matter; correct it and link it by hand",
    )  # fmt: skip


def _https_picture(slide: Slide, url: str, report: Report) -> str:
    """A picture's address as https: a browser blocks an http picture on an https page
    (sitegen check's image-src), and tries https first itself."""
    if url[:7].lower() != "http://":
        return url
    report(
        slide.at("media"),
        "warning",
        "import-media",
        f"{url[:80]} is written as https://, as a browser blocks an http picture on an "
        "https page; check that the picture shows",
    )
    return "https://" + url[7:]


def _media_title(slide: Slide, caption: str, body: _Body, report: Report) -> str:
    """The media's words: its caption, else its `title` (a picture's hover text in
    TimelineJS, which shows the caption there when it has none). A title that says
    something else is kept as a comment: sitegen's pictures have no hover text."""
    title = html_markdown.plain(slide.get("media_title"))
    if not (caption and title) or title in (caption, html_markdown.plain(slide.get("alt"))):
        return caption or title
    body.notes.append(f"TimelineJS media title: {title}")
    report(
        slide.at("media_title"), "warning", "import-media",
        "the media's title is not its caption, and sitegen's pictures have no hover text "
        "to show it: it is kept as a comment in the front matter",
    )  # fmt: skip
    return caption


def _media_link(slide: Slide, caption: str, body: _Body, report: Report) -> None:
    """The page the media links to (TimelineJS's `media.link`: a collection's record of
    a picture, where a video comes from), as a link at the end of the body; one that is
    no web address (relative to the page that showed the timeline) as a comment."""
    link = slide.get("media_link")
    if html_markdown.no_web_address(_link_target(link)):
        _no_web_address(slide, "media_link", link, body, report)
    elif re.match(r"(https?|mailto):", link, re.IGNORECASE):
        words = caption or (link[7:] if link[:7].lower() == "mailto:" else "")
        words = words or timelinejs_media.link_words(link)
        body.markdown.append(f"[{_escape(words)}]({_link_target(link)})")
    elif link:
        body.notes.append(f"TimelineJS media link: {link}")
        report(
            slide.at("media_link"), "warning", "import-media",
            f"the media's link '{link[:80]}' is not an http(s) address (TimelineJS read it "
            "from the page that showed the timeline), so it is no link in the event: it is "
            "kept as a comment in the front matter",
        )  # fmt: skip


def _media_file(
    slide: Slide,
    media: tuple[str, str, str],
    body: _Body,
    report: Report,
    pictures: LocalPictures | None,
) -> None:
    """Media that is a file next to the timeline: its picture copied into static/ when
    it is there, else a comment, with its caption and credit for the `image:` the editor
    adds once the file is in static/."""
    url, caption, credit = media
    src = pictures.find(url) if pictures is not None else ""
    if src:
        body.front += _image_field(slide, src, caption, credit)
        _picture_links(slide, body)
        return
    words = "; ".join(f"{k}: {v}" for k, v in (("caption", caption), ("credit", credit)) if v)
    body.notes.append(f"TimelineJS media: {url}" + (f" ({words})" if words else ""))
    if pictures is not None and pictures.was_kept(url):
        return
    if _is_picture(url):
        why = (
            "and no picture of that name is next to the timeline's file; copy the file into "
            "static/ and add it as image:"
        )
    else:  # a PDF, a sound, a video: nothing sitegen shows in an event
        why = "and no picture; copy the file into static/ and link it from the text"
    report(
        slide.at("media"),
        "warning",
        "import-media",
        f"'{url[:80]}' is not an http(s) address, {why} (it is kept as a comment in the "
        "front matter)",
    )


_LINK = re.compile(r"(?<!\\)\]\(")


def _picture_links(slide: Slide, body: _Body) -> None:
    """The links in a picture's caption and credit (the photographer's page, the
    licence: TimelineJS showed them as links), which `image:` holds as words only: kept
    as a line at the end of the text, so no address is lost."""
    for name, label in (("caption", "Picture"), ("credit", "Picture credit")):
        words = html_markdown.inline(slide.get(name))
        if _LINK.search(words):
            body.markdown.append(f"{label}: {words}")


def _image_field(slide: Slide, url: str, caption: str, credit: str) -> list[str]:
    """A picture's `image:` lines for the front matter, alt text from the slide's alt, its
    caption or its headline (with a comment asking for better)."""
    alt = html_markdown.plain(slide.get("alt"))
    words = (
        caption if not re.match(r"\S+://", caption) else ""
    )  # (not a caption that is an address)
    lines = [
        "image:",
        f"  src: {_yaml(url)}",
        f"  alt: {_yaml(alt or words or slide.headline)}",
    ]
    if not alt:
        lines[2] += (
            "  # from the " + ("caption" if words else "headline") + ": say what the picture shows"
        )
    lines += [f"  credit: {_yaml(credit)}"] if credit else []
    lines += [f"  caption: {_yaml(caption)}"] if caption else []
    return lines


def _comment(note: str) -> str:
    """A YAML comment line: the note's line breaks (a newline, or U+2028, which YAML also
    ends a line at) would end the comment and write the rest as front matter."""
    return "# " + " ".join(note.split())


def _link_target(url: str) -> str:
    """A Markdown link's address: spaces, line breaks and brackets that would end it, and
    what no web address holds as written (`"`, `\\`, `^`, a backtick, `{`, `|`, `}`:
    `sitegen check` refuses them in a link), percent-encoded, the rest as it was."""
    return re.sub(r'[\s()<>"\\^`{|}]', lambda m: urllib.parse.quote(m[0]), url)


def _escape(text: str) -> str:
    return html_markdown.escape_text(text)


_HEADLINE_LOST = re.compile(r"<(img|a\s[^>]*\bhref)\b", re.IGNORECASE)
_HREF = re.compile(r"""<a\s[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _headline_markup(slide: Slide, body: _Body, report: Report) -> None:
    """A picture or a link in a headline, which a title (plain text) cannot hold: said,
    and a link kept as a line at the end of the text (a flag before a name, a link to the
    article, as personal and newsroom timelines write them)."""
    headline = slide.get("headline")
    lost = {
        "a picture" if m[1].lower() == "img" else "a link"
        for m in _HEADLINE_LOST.finditer(headline)
    }
    if not lost:
        return
    words = html_markdown.inline(headline)
    hrefs = _HREF.findall(headline)
    if "a link" in lost and _LINK.search(words):
        body.markdown.append(f"Headline: {words}")
        kept = "its link is kept as a line at the end of the text"
    elif hrefs:  # (a page's own address, `/2019/08/20/class-01/`, no link outside it)
        body.notes.append(f"TimelineJS headline link: {hrefs[0]}")
        kept = f"its address '{hrefs[0][:80]}' is no web address, so it is kept as a comment"
    else:
        kept = "it is left out"
    report(slide.at("headline"), "warning", "import-html",
           f"the headline holds {' and '.join(sorted(lost, reverse=True))}, which a title "
           f"(plain text) cannot show; {kept}")  # fmt: skip


def _html_problems(problems: list[str], where: Where, report: Report) -> None:
    for problem in problems:
        report(where, "warning", "import-html", f"{problem}")


def _when(found: SlideDates, order: int | None) -> list[str]:
    """The front matter's date lines."""
    front = [f"date: {_yaml(found.start.edtf())}"]
    if found.time is not None:
        front.append(f'time: "{found.time:%H:%M}"')
    if found.ongoing:
        front.append("end: ongoing")
    elif found.end is not None:
        front.append(f"end: {_yaml(found.end.edtf())}")
    if found.end_time is not None:
        front.append(f'end_time: "{found.end_time:%H:%M}"')
    if order is not None:
        front.append(f"order: {order}")
    if found.display:
        front.append(f"display_date: {_yaml(found.display)}")
    return front


def _event_text(
    slide: Slide, found: SlideDates, order: int | None, site: _Site, report: Report
) -> str:
    body = _Body(notes=list(found.notes), embeds=site.allow_html)
    # (TimelineJS links the addresses in a slide's text unless it says "autolink": false)
    converted = html_markdown.convert(slide.get("text"), slide.get("autolink") != "false")
    _html_problems(converted.problems, slide.at("text"), report)
    if converted.markdown:
        body.markdown.append(converted.markdown)
    _headline_markup(slide, body, report)
    _media(slide, body, report, site.pictures)
    front = [f"title: {_yaml(slide.headline)}", *_when(found, order)]
    front += _group(slide, site, report)
    front += body.front
    if site.timeline:
        front.append(f"timelines: [{site.timeline}]")
    front.append("draft: true")
    front.append(
        "# TimelineJS has no sources: list them here (ids from sources.yaml) before publishing"
    )
    front.append("sources: []")
    front += [_comment(note) for note in body.notes]
    text = "\n\n".join(body.markdown)
    return "---\n" + "\n".join(front) + "\n---\n" + (text + "\n" if text else "")


def _group(slide: Slide, site: _Site, report: Report) -> list[str]:
    """The front matter of the slide's group: a country of the site, else a tag (its
    words in Latin letters where sitegen.slugs spells them, `Ελλάδα` is `ellada`, else as
    written, `北京` is `北京`), named as written (see timelinejs_tags)."""
    group = html_markdown.plain(slide.get("group"))
    if not group:
        return []
    country = _country(group, site)
    if country:
        return [f"countries: [{country}]"]
    tag = tag_slug(group)
    if not tag:
        report(slide.at("group"), "warning", "import-field",
               f"the group '{group[:40]}' has no letter or digit to make a tag of; it is "
               "not imported")  # fmt: skip
        return []
    site.tag_names.setdefault(tag, (group, slide.at("group")))
    return [f"tags: [{_yaml(tag)}]"]


def _slug(slide: Slide, found: SlideDates, taken: set[str]) -> str:
    uid = slide.get("unique_id")
    # (a unique_id of hundreds of characters is no file name: the headline's slug then)
    valid = SLUG_RE.match(uid) and len(uid) <= MAX_ID_LENGTH and not is_device_name(uid)
    base = uid if valid else title_slug(slide.headline, found.start)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _title_from_text(slide: Slide, report: Report) -> bool:
    """A slide without a headline takes its title from its text's first sentence, or,
    with no text either, from its media's caption (all a slide of a video may have)."""
    source = "text" if html_markdown.plain(slide.get("text")) else "caption"
    text = html_markdown.plain(slide.get(source))
    if not text:
        report(
            slide.at("headline"),
            "error",
            "import-field",
            "the slide has no headline, text or media caption, and a sitegen event needs "
            "a title; it is not imported",
        )
        return False
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    title = sentence if len(sentence) <= 90 else sentence[:90].rsplit(" ", 1)[0] + "…"
    slide.values["headline"] = (title, slide.at(source))
    report(
        slide.at(source),
        "warning",
        "import-field",
        f"the slide has no headline; its title is taken from its {source} ('{title}'): check it",
    )
    return True


def _same_day_order(dated: list[tuple[Slide, SlideDates]]) -> dict[int, int]:
    """`order: N` for slides that nothing else orders in sitegen: TimelineJS lists slides
    of the same date (and the same time, or none) in the file's order, which sitegen's
    `order` keeps (1, 2, … in that order). Keyed by the slide's place in `dated`.

    The same start as sitegen compares it (Event.sort_key): its precision, and whether
    a year or month lasts (a span follows its period's dated events, a point leads it)."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, (_, found) in enumerate(dated):
        d = found.start
        lasts = found.ongoing or found.end is not None
        month = d.month if d.month is not None else (13 if lasts else 0)
        day = d.day if d.day is not None else (32 if lasts else 0)
        groups.setdefault((d.year, month, day, found.time), []).append(i)
    return {
        i: n for places in groups.values() if len(places) > 1
        for n, i in enumerate(places, start=1)
    }  # fmt: skip


def plan(timeline: Timeline, site: _Site, report: Report, force: bool) -> tuple[list[Planned], int]:
    """One file per importable slide; the number of slides left out."""
    skipped = 0
    dated: list[tuple[Slide, SlideDates]] = []
    for slide in timeline.slides:
        if not slide.headline and not _title_from_text(slide, report):
            skipped += 1
            continue
        try:
            dated.append((slide, slide_dates(slide, report, site.timezone)))
        except Skip:
            skipped += 1
    orders = _same_day_order(dated)
    planned: list[Planned] = []
    taken = {site.timeline} if site.timeline else set()  # [[ID]] names one thing only
    for i, (slide, found) in enumerate(dated):
        text = _event_text(slide, found, orders.get(i), site, report)
        slug = _slug(slide, found, taken)
        taken.add(slug)
        existing = site.events.get(slug)
        rel = f"content/events/{_year_folder(found.start.year)}/{slug}.md"
        if existing is not None and not force:
            shown = existing.relative_to(site.root).as_posix()
            report(
                slide.where,
                "warning",
                "import-exists",
                f"{shown} already exists, so '{slide.headline}' is not imported "
                "(--force replaces it)",
            )
            skipped += 1
            continue
        path = existing if existing is not None else site.root / rel
        planned.append(Planned(path, text, replaces=existing is not None))
    return planned, skipped


def _year_folder(year: int) -> str:
    """`2024`, `0044-bce`, `13800000000-bce`: a folder name that sorts and reads well
    (a leading minus sign would read as an option on a command line)."""
    return f"{year:04d}" if year > 0 else f"{-year:04d}-bce"


def _unimported(timeline: Timeline, report: Report) -> None:
    for extra, why in (
        ("background", "pages use the site's theme"),
        ("location", "sitegen has no maps"),
        ("media link_target", "a reader's browser decides where sitegen's links open"),
    ):
        title = [timeline.title] if timeline.title is not None else []
        having = [s for s in [*title, *timeline.slides] if extra in s.extras]
        if having:
            report(
                having[0].where,
                "warning",
                "import-unsupported",
                f"{len(having)} slide(s) have a {extra}, which is not imported: {why}",
            )


# -- site.yaml -------------------------------------------------------------------------------


def _set_key(text: str, key: str, value: str) -> str:
    """site.yaml with one top-level `key:` line (and its continuation lines) replaced,
    comments and the other settings as they were; appended when missing."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"{key}\s*:", line):
            j = i + 1
            while j < len(lines) and (lines[j][:1] in (" ", "\t") or not lines[j].strip()):
                j += 1
            while j > i + 1 and not lines[j - 1].strip():
                j -= 1
            lines[i:j] = [f"{key}: {_yaml(value)}"]
            return "\n".join(lines) + "\n"
    return text.rstrip("\n") + ("\n" if text.strip() else "") + f"{key}: {_yaml(value)}\n"


def _site_yaml(title: Slide, root: Path, force: bool, report: Report) -> Path | None:
    """The title slide as site.yaml's title and description; None if nothing changed."""
    path = root / "content" / "site.yaml"
    if not stays_inside(path, root / "content"):
        report(
            title.where,
            "warning",
            "import-site",
            "content/site.yaml is a link to a file outside the site, which an import does "
            "not write; the title slide is not imported",
        )
        return None
    found = _read_site_yaml(path, title, report)
    if found is None:
        return None
    text, current = found
    new, changed = _with_title_slide(text, current, title, force, report)
    if new == text:
        return None
    if not reads_back("site.yaml", new, {**current, **changed}.__eq__):
        # (a list, a mapping in braces, a '...' end: a line added would break it)
        report(
            title.where,
            "warning",
            "import-site",
            "content/site.yaml is not written as 'key: value' lines that an import can add "
            "to, so the title slide is not imported; set title: and description: by hand",
        )
        return None
    try:
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        report(
            title.where,
            "error",
            "import-write",
            f"cannot write content/site.yaml: {exc.strerror or exc}",
        )
        return None
    return path


def _read_site_yaml(path: Path, title: Slide, report: Report) -> tuple[str, dict[str, Any]] | None:
    """site.yaml's text and fields ({} when it holds no mapping); None when unreadable
    (reported)."""

    try:
        text = site_text(path) if os.path.lexists(path) else ""
        current = site_yaml(path) if text.strip() else {}
    except (OSError, Refused, ValueError):
        report(
            title.where,
            "warning",
            "import-site",
            "content/site.yaml cannot be read, so the title slide is not imported; "
            "run 'sitegen check'",
        )
        return None
    return text, current if isinstance(current, dict) else {}


def _title_media_left_out(title: Slide, report: Report) -> None:
    """The title slide's picture or video has no place in site.yaml: said, not dropped
    without a word (with --timeline it is the timeline's)."""
    media = title.get("media")
    if media:
        report(title.at("media"), "warning", "import-unsupported",
               f"the title slide's media ({media[:60]}) is not imported: site.yaml has no "
               "place for it; import with --timeline ID to make it the timeline page's "
               "picture, or add it to an event")  # fmt: skip


def _with_title_slide(
    text: str, current: dict[str, Any], title: Slide, force: bool, report: Report
) -> tuple[str, dict[str, str]]:
    """site.yaml's text with the title slide's headline and text as title and description,
    where these are unset or still the scaffold's (any, with --force); the keys set."""
    new = text
    changed: dict[str, str] = {}
    wanted = {
        "title": (html_markdown.plain(title.get("headline")), SCAFFOLD_TITLES),
        "description": (html_markdown.plain(title.get("text")), SCAFFOLD_DESCRIPTIONS),
    }
    for key, (value, replaceable) in wanted.items():
        old = str(current.get(key) or "")
        if not value or value == old:
            continue
        if old not in replaceable and not force:
            report(
                title.at("headline" if key == "title" else "text"),
                "warning",
                "import-exists",
                f"content/site.yaml keeps its {key} ('{old[:60]}'); --force replaces it "
                f"with the title slide's ('{value[:60]}')",
            )
            continue
        new = _set_key(new, key, value)
        changed[key] = value
    return new, changed


# -- content/timelines/ID.md -----------------------------------------------------------------

SUMMARY_LIMIT = 200
"""A timeline's summary is one sentence (the front page's line, the meta description)."""


def _summary(text: str) -> str:
    """The first sentence of the title slide's text, cut at a word if long."""
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= SUMMARY_LIMIT:
        return sentence
    return sentence[:SUMMARY_LIMIT].rsplit(" ", 1)[0] + "…"


def _timeline_text(
    title: Slide | None, site: _Site, report: Report, pictures: LocalPictures | None = None
) -> str:
    """The timeline's file: title, summary and image from the title slide, its text as
    the introduction; a draft, as the imported events are."""
    name = (title.headline if title else "") or site.timeline.replace("-", " ").capitalize()
    front = [f"title: {_yaml(name)}"]
    body = _Body(embeds=site.allow_html)
    if title is not None:
        summary = _summary(html_markdown.plain(title.get("text")))
        front += [f"summary: {_yaml(summary)}"] if summary else []
        converted = html_markdown.convert(title.get("text"))
        _html_problems(converted.problems, title.at("text"), report)
        body.markdown += [converted.markdown] if converted.markdown else []
        if not title.headline:  # the picture's alt text falls back on it
            title.values["headline"] = (name, title.at("headline"))
        _media(title, body, report, pictures)
    front += [*body.front, "order: oldest", "draft: true"]
    front += [_comment(note) for note in body.notes]
    text = "\n\n".join(body.markdown)
    return "---\n" + "\n".join(front) + "\n---\n" + (text + "\n" if text else "")


# -- the command --------------------------------------------------------------------------------


def _read_source(source: Path) -> bytes:
    """SOURCE's bytes; a UsageError for a folder, a file that cannot be read, or one that
    is not a regular file (a FIFO or a device is refused before it is read: it would
    never end)."""
    if source.is_dir():
        raise UsageError(f"{source} is a folder; give the .json or .csv file")
    try:
        return read_file(str(source))[0]
    except Refused as exc:
        raise UsageError(f"{source}: {exc.message}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None


def run(source: Path, site: Path, force: bool = False, shown: str = "", into: str = "") -> Result:
    """Import SOURCE into the site at `site` (into its timeline `into`, when given);
    raises UsageError for how it was called."""
    if not (site / "content").is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    timelinejs_timeline.choose(site, into)
    raw = _read_source(source)
    report = Report(shown or str(source))
    result = Result()
    found = read_source(raw, source.suffix.lower(), report)
    if found is not None:
        _unimported(found, report)
        target = _read_site(site)
        target.timeline = into
        target.pictures = LocalPictures(source.parent, site / "static", force)
        planned, result.skipped = plan(found, target, report, force)
        result.skipped += found.refused
        if into:
            result.written += _into_timeline(found.title, target, force, report)
        elif found.title is not None:
            changed = _site_yaml(found.title, site, force, report)
            result.written += [changed] if changed else []
            _title_media_left_out(found.title, report)
        events = _write(planned, site, force, report)
        result.written += events
        result.events = len(events)
        copied, problems = target.pictures.copy(site)
        result.written += copied
        report.diagnostics += problems
        if found.eras:
            result.written += import_eras(found.eras, site, force, report, into)
        result.written += import_tag_names(target.tag_names, site, report)
    result.diagnostics = report.diagnostics
    return result


def _into_timeline(title: Slide | None, site: _Site, force: bool, report: Report) -> list[Path]:
    """content/timelines/ID.md from the title slide (see timelinejs_timeline.write)."""
    timelinejs_timeline.untimelined(site.root, site.events, site.timeline, report)
    where = title.where if title is not None else None
    return timelinejs_timeline.write(
        lambda: _timeline_text(title, site, report, site.pictures),
        where, site.root, site.timeline, force, report,
    )  # fmt: skip


def _write_one(item: Planned, content: Path, force: bool, site: Path) -> str:
    """Write one event file; why it was not written, or ''."""
    # resolved before any folder is made: a linked folder must not take it elsewhere
    if not stays_inside(item.path, content):
        return "a symbolic link leads it outside the site's content/; not written"
    folder = item.path.parent
    if blocked := blocked_folder(site, folder):  # (mkdir says FileExistsError for a file)
        return blocked
    folder.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(item.path) and not item.path.is_file():  # (a FIFO would block)
        return "this is not a regular file; remove it"
    with item.path.open("w" if item.replaces or force else "x", encoding="utf-8") as fh:
        fh.write(item.text)
    return ""


def _write(planned: list[Planned], site: Path, force: bool, report: Report) -> list[Path]:
    written = []
    content = (site / "content").resolve()
    for item in planned:
        rel = item.path.relative_to(site).as_posix()
        try:
            problem = _write_one(item, content, force, site)
        except FileExistsError:  # made by someone else since the site was read
            problem = "the file exists; not replaced"
        except OSError as exc:
            problem = f"cannot write the file: {exc.strerror or exc}"
        if problem:
            severity: Severity = "warning" if problem.startswith("the file exists") else "error"
            code = "import-exists" if severity == "warning" else "import-write"
            report.diagnostics.append(Diagnostic(rel, 1, 1, severity, code, problem))
        else:
            written.append(item.path)
    return written
