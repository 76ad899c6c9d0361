"""A timeline inside someone else's article: its embed page, oembed.json, /embed.js.

Every timeline page gets an `embed/` page beside it (the same entries, strip and filters,
without the site's header and footer), made for an iframe; a large timeline's year page
is its own embed at `?embed` (its `embed/` page only goes there). The iframe tells its
parent its height; the few hundred bytes of LOADER, served at /embed.js, make the
parent's iframe follow it. With a base_url, each timeline also has a static oembed.json and the
snippet (iframe + script tag) that `sitegen embed-code` prints and the page offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .escaping import html_escape
from .jsontext import json_text
from .model import Site
from .options import Options
from .pages import Page, Producing

HEIGHT = 600
"""The iframe's height until its page says how tall it is (and without JavaScript)."""
MAX_WIDTH = 1200
"""The embed page is laid out for 300–1,200 px."""
LOADER_PATH = "embed.js"
OEMBED = "oembed.json"
LINK_TARGETS = {"top": "_top", "new": "_blank"}
"""site.yaml's `embed_links` → where a link inside the iframe opens."""

# The parent page's script: sized iframes with data-sitegen-embed follow the height their
# page reports (only messages from that very iframe), and scroll the parent to an event the
# iframe shows. It asks each iframe again when it loads late ("sitegen:embed-ping").
LOADER = (
    "(function(w,d){if(w.sitegenEmbed)return;w.sitegenEmbed=1;"
    'var q="iframe[data-sitegen-embed]";'
    "function f(s){var a=d.querySelectorAll(q);for(var i=0;i<a.length;i++)"
    "if(a[i].contentWindow===s)return a[i]}"
    'w.addEventListener("message",function(e){var m=e.data,i=m&&f(e.source),h;if(!i)return;'
    'if(m.type==="sitegen:embed-height"){h=Math.ceil(+m.height);'
    'if(h>0&&h<1e6)i.style.height=h+"px"}'
    'else if(m.type==="sitegen:embed-scroll"&&m.top>=0)'
    "w.scrollTo(0,i.getBoundingClientRect().top+w.pageYOffset+(+m.top)-16)});"
    "function p(){var a=d.querySelectorAll(q);for(var i=0;i<a.length;i++)"
    'if(a[i].contentWindow)a[i].contentWindow.postMessage({type:"sitegen:embed-ping"},"*")}'
    'p();d.addEventListener("DOMContentLoaded",p)})(window,document);\n'
)


def folder_of(slug: str | None) -> str:
    """The timeline page's folder: 'timelines/ID/', or '' on a one-timeline site."""
    return f"timelines/{slug}/" if slug else ""


def snippet(
    base_url: str, folder: str, title: str, width: int | None = None, height: int | None = None
) -> str:
    """The HTML an article pastes: the iframe and the script that sizes it."""
    src = _attr(f"{base_url}{folder}embed/")
    shown = _attr(f"{title} (timeline)")
    size = f'width="{width}"' if width else 'width="100%"'
    limit = f"max-width:{width}px" if width else f"max-width:{MAX_WIDTH}px"
    return (
        f'<iframe src="{src}" title="{shown}" {size} height="{height or HEIGHT}" '
        f'style="width:100%;{limit};border:0" loading="lazy" data-sitegen-embed></iframe>\n'
        f'<script src="{_attr(base_url)}{LOADER_PATH}" async></script>'
    )


def _attr(text: str) -> str:
    """A double-quoted attribute's value (an apostrophe stays as editors typed it)."""
    return html_escape(text, quote=False).replace('"', "&quot;")


def link_target(site: Site) -> str:
    return LINK_TARGETS.get(site.config.embed_links, "_top")


def plan(site: Site, opts: Options, pages: Sequence[Page]) -> list[Page]:
    """For each timeline page in `pages`: its embed page and, with a base_url, its
    oembed.json; and /embed.js once."""
    base_url = opts.site_address(site.config.base_url)
    out: list[Page] = []
    for page in pages:
        if page.template == "timelines.html":
            out.append(_front(site, page, pages))
        if page.template != "timeline.html":
            continue
        folder = page.url
        tl = page.data.get("timeline")
        title = tl.title if tl is not None else site.config.title
        nav = page.data.get("nav")
        if nav is not None and not nav["home"]:
            # a large timeline's year page is its own embed (`?embed`: site.js and
            # embed.js make it one), not a copy of its list; its embed/ address stays,
            # a small page that goes there
            moved = {"folder": folder, "title": title, "shown": nav["shown"]}
            out.append(Page(f"{folder}embed/index.html", "embed_year.html", {"embed": moved}))
        else:
            data = {**page.data, "embed": {"folder": folder, "target": link_target(site)}}
            out.append(Page(f"{folder}embed/index.html", "embed.html", data))
        if base_url:
            meta = {"folder": folder, "title": title, "author": getattr(tl, "byline", ())}
            out.append(Page(folder + OEMBED, "producer:embed", meta))
    if out:
        out.append(Page(LOADER_PATH, "producer:embed", {}))
    return out


def _front(site: Site, front: Page, pages: Sequence[Page]) -> Page:
    """/embed/ on a site with timelines: the address articles embedded while the site was
    one story, kept. With one timeline it is that timeline's embed (#slug and ?event=
    work as before); with several, the front page's list, its links opening outside."""
    target = link_target(site)
    stories = front.data["stories"]
    if len(stories) == 1:
        home = f"{stories[0].url}index.html"
        page = next(p for p in pages if p.path == home)
        data = {**page.data, "embed": {"folder": page.url, "target": target}}
        return Page("embed/index.html", "embed.html", data)
    data = {**front.data, "embed": {"folder": "", "target": target}}
    return Page("embed/index.html", "embed_front.html", data)


def produce(renderer: Producing, page: Page) -> bytes:
    """/embed.js, or a timeline's oembed.json."""
    if page.path == LOADER_PATH:
        return LOADER.encode("utf-8")
    base = renderer.base_url or ""
    data: dict[str, Any] = page.data
    return oembed_json(
        data["title"], renderer.site.config.title, base,
        snippet(base, data["folder"], data["title"]), ", ".join(data["author"]),
    ).encode("utf-8")  # fmt: skip


def oembed_json(title: str, provider: str, base: str, html: str, author: str) -> str:
    """A timeline's oembed.json, as json.dumps(indent=2, ensure_ascii=False) writes its
    fields (`author`: its author_name, none if empty), written out: with an indent,
    json encodes in Python, ~25 µs a file, 211 files on the skewed corpus (a large
    timeline's year pages are embeds too)."""
    q = json_text
    fields = [
        '"version": "1.0"', '"type": "rich"', f'"title": {q(title)}',
        f'"provider_name": {q(provider)}', f'"provider_url": {q(base)}', f'"html": {q(html)}',
        f'"width": {MAX_WIDTH}', f'"height": {HEIGHT}',
    ]  # fmt: skip
    if author:
        fields.append(f'"author_name": {q(author)}')
    return "{\n  " + ",\n  ".join(fields) + "\n}\n"


def code_for(site: Site, timeline: str | None, width: int | None, height: int | None) -> str:
    """`sitegen embed-code`: the snippet for one timeline; a UsageError says what is missing."""
    from .diagnostics import did_you_mean
    from .errors import UsageError

    base_url = site.config.base_url
    if not base_url:
        raise UsageError(
            "the embed code needs the site's public address: set base_url in "
            "content/site.yaml (an iframe on another site cannot use relative links)"
        )
    for name, value in (("--width", width), ("--height", height)):
        if value is not None and not 100 <= value <= 10000:
            raise UsageError(f"{name} {value}: give a number of pixels from 100 to 10000")
    ids = sorted(site.timelines)
    if not ids:
        if timeline:
            raise UsageError(f"this site is one timeline, without '{timeline}'; leave TIMELINE out")
        return snippet(base_url, "", site.config.title, width, height)
    if timeline is None and len(ids) == 1:
        timeline = ids[0]
    if timeline is None:
        raise UsageError(f"name the timeline to embed: one of {', '.join(ids)}")
    if timeline not in site.timelines:
        raise UsageError(
            f"no timeline '{timeline}' (content/timelines/{timeline}.md)"
            + (did_you_mean(timeline, ids) or f"; the timelines are {', '.join(ids)}")
        )
    return snippet(base_url, folder_of(timeline), site.timelines[timeline].title, width, height)


def unpublished(site: Site, timeline: str | None) -> str:
    """Why the page `code_for`'s snippet frames is not published ('' when it is): a draft
    timeline's embed would show a 404 in the article it is pasted into."""
    if timeline is None and len(site.timelines) == 1:
        timeline = next(iter(site.timelines))
    story = site.timelines.get(timeline or "")
    if story is None or not story.draft:
        return ""
    return (
        f"timeline '{story.slug}' is a draft (draft: true in {story.origin.path or 'its file'}):"
        " the embed shows nothing until the timeline is published"
    )
