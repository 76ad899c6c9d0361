"""A slide's media that is no picture (a video, a sound, a post, a map, a page), as a
reader gets it in a sitegen event: a line at the end of the text that says what it is and
where, `Video: [Caption](https://youtu.be/…) (YouTube) — Credit`, and, on a site that
allows raw HTML (site.yaml's `allow_html: true`), the player above it.

The kinds follow TimelineJS3's own list (src/js/media/MediaType.js, lookupMediaType),
so a slide is named for what TimelineJS showed. Only http(s) addresses come here; a
player is only ever an https address sitegen writes itself from the media's id (or, for
a file, the https address as given), every value escaped.
"""

from __future__ import annotations

import re
import urllib.parse
from html import escape

from . import html_markdown

_KINDS = (
    (r"(?:www\.|m\.)?(?:youtube\.com|youtube-nocookie\.com|youtu\.be)$", "", "Video", "YouTube"),
    (r"(?:player\.)?vimeo\.com$", "", "Video", "Vimeo"),
    (r"(?:www\.)?(?:dailymotion\.com|dai\.ly)$", "", "Video", "Dailymotion"),
    (r"(?:www\.)?vine\.co$", "", "Video", "Vine"),
    (r"(?:www\.)?tiktok\.com$", "", "Video", "TikTok"),
    (r"(?:www\.)?bsky\.app$", "", "Post", "Bluesky"),
    (r"(?:player\.|m\.)?soundcloud\.com$", "", "Audio", "SoundCloud"),
    (r"(?:www\.|mobile\.)?twitter\.com$", "", "Post", "Twitter"),
    (r"(?:www\.|mobile\.)?x\.com$", "", "Post", "X"),
    (r"(?:www\.|m\.)?(?:facebook|fb)\.com$", "", "Post", "Facebook"),
    (r"(?:www\.)?flickr\.com$|flic\.kr$", "", "Photo", "Flickr"),
    (r"(?:www\.)?(?:instagram\.com|instagr\.am)$", r"/(?:p|reel)/", "Post", "Instagram"),
    (r"(?:www\.)?(?:instagram\.com|instagr\.am)$", "", "Profile", "Instagram"),
    (r"(?:[\w-]+\.)*documentcloud\.org$", "", "Document", "DocumentCloud"),
    (r"(?:[\w-]+\.)*wikipedia\.org$", "", "Article", "Wikipedia"),
    (r"(?:[\w-]+\.)*imgur\.com$", "", "Picture", "Imgur"),
    (r"docs\.google\.com$", "", "Document", "Google Docs"),
    (r"drive\.google\.com$", "", "Document", "Google Drive"),
    (r"(?:open\.|play\.)?spotify\.com$", "", "Audio", "Spotify"),
    (r"(?:[\w-]+\.)*(?:wistia\.com|wi\.st)$", "", "Video", "Wistia"),
)
"""(host, path, kind, site): TimelineJS3's media types, in its order, by address."""

_PLAYED = r"\.(?:mp4|webm|mp3|wav|m4a)$"
"""Files a browser plays itself (TimelineJS's Video and Audio types)."""
_FILES = ((r"\.pdf$", "Document"), (r"\.(?:mp4|webm)$", "Video"), (r"\.(?:mp3|wav|m4a)$", "Audio"))
"""Files TimelineJS plays or shows itself (a PDF in a frame), by the address's ending."""


def _split(url: str) -> urllib.parse.SplitResult:
    """The address's parts; one urlsplit refuses (`https://[x/`, a broken IPv6 host) is
    a path alone, of no site."""
    try:
        return urllib.parse.urlsplit(url)
    except ValueError:
        return urllib.parse.SplitResult("", "", url, "", "")


def direct_file(url: str) -> str:
    """The address of a file itself, as TimelineJS loads a picture, a sound, a video or
    a PDF (Util.transformMediaURL): a Dropbox share page's (`www.dropbox.com/s/…`) is its
    file's on dl.dropboxusercontent.com; others as they are."""
    return re.sub(
        r"^(https?://)www\.dropbox\.com/", r"\1dl.dropboxusercontent.com/", url, flags=re.I
    )


def kind(url: str) -> tuple[str, str]:
    """What the media at `url` is, as TimelineJS showed it, and on what site:
    ('Video', 'YouTube'), ('Map', 'Google Maps'), ('Document', 'example.org'), or
    ('Link', host) for an address TimelineJS has no kind for."""
    parts = _split(url)
    host = (parts.hostname or "").lower()
    if not host:  # (no address a site could be named from)
        return "Link", url
    if re.search(r"(?:^|\.)google\.[a-z.]+$", host) and parts.path.startswith("/maps"):
        return "Map", "Google Maps"
    if host.startswith("maps.google."):
        return "Map", "Google Maps"
    for host_pattern, path_pattern, noun, site in _KINDS:
        if re.fullmatch(host_pattern, host) and re.match(path_pattern, parts.path):
            return noun, site
    for ending, noun in _FILES:
        if re.search(ending, parts.path, re.IGNORECASE):
            return noun, host.removeprefix("www.")
    return "Link", host.removeprefix("www.")


def _named(url: str, noun: str) -> str:
    """What the address itself names, for media without a caption: a Wikipedia article's
    title, a Google Maps place or search, a file's name; '' otherwise."""
    parts = _split(url)
    path = urllib.parse.unquote(parts.path)
    if noun == "Article" and path.startswith("/wiki/"):
        return path[len("/wiki/") :].replace("_", " ")
    if noun == "Map":
        place = re.match(r"/maps/(?:place|search)/([^/@]+)", path)
        return place[1].replace("+", " ").strip() if place else ""
    if re.search(r"\.(?:pdf|mp4|webm|mp3|wav|m4a)$", path, re.IGNORECASE):
        return path.rsplit("/", 1)[-1]
    return ""


def reference(url: str, target: str, caption: str, credit: str) -> str:
    """The line at the end of the text: `Video: [Caption](URL) (YouTube) — Credit`;
    without a caption, what the address names (`Article: [Mark Twain](URL) (Wikipedia)`)
    or the kind and the site (`[Video on YouTube](URL)`); a page of no kind, its caption
    and site (`[Caption](URL) (example.org)`) or its site. `target` is the address as a
    Markdown link's; `caption` plain text, `credit` inline Markdown."""
    noun, site = kind(url)
    words = caption or _named(url, noun)
    on = html_markdown.escape_text(site)
    if noun == "Link":  # a page of no kind TimelineJS knows: its site names it
        line = f"[{html_markdown.escape_text(words or site)}]({target})"
        line += f" ({on})" if words and site != url else ""  # (an address of no host: itself)
    elif words:
        line = f"{noun}: [{html_markdown.escape_text(words)}]({target}) ({on})"
    else:
        line = f"[{noun} on {on}]({target})"
    # (Google Maps' own slides credit "Google Maps": said once)
    same = html_markdown.plain(credit).casefold() == site.casefold()
    return line + (f" — {credit}" if credit and not same else "")


def link_words(url: str) -> str:
    """Words for a link to a page with no caption of its own (a picture's `media.link`)."""
    noun, site = kind(url)
    named = _named(url, noun)
    if named:
        return f"{site}: {named}" if noun == "Article" else named
    return site if noun == "Link" else f"{noun} on {site}"


# -- players, on a site that allows raw HTML ----------------------------------------------

_ID = r"[A-Za-z0-9_-]+"


def _youtube_id(parts: urllib.parse.SplitResult) -> str:
    if (parts.hostname or "").endswith("youtu.be"):
        found = re.fullmatch(rf"/({_ID})/?", parts.path)
    elif parts.path == "/watch":
        found = re.fullmatch(f"({_ID})", urllib.parse.parse_qs(parts.query).get("v", [""])[0])
    else:
        found = re.fullmatch(rf"/(?:embed|shorts|v|live)/({_ID})/?", parts.path)
    return found[1] if found else ""


def _youtube(parts: urllib.parse.SplitResult) -> str:
    video = _youtube_id(parts)
    if not video:
        return ""
    query = urllib.parse.parse_qs(parts.query)
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    return f"https://www.youtube-nocookie.com/embed/{video}" + (f"?start={start}" if start else "")


def _seconds(text: str) -> int:
    """YouTube's `t=90`, `t=1m30s`, `t=1h2m3s` in seconds (0 for anything else)."""
    found = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text)
    if not found or not text:
        return 0
    hours, minutes, seconds = (int(n or 0) for n in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def _player(url: str, site: str) -> str:
    """The https address of the player of the media at `url`, or ''."""
    parts = _split(url)
    if site == "YouTube":
        return _youtube(parts)
    if site == "Vimeo":
        found = re.search(r"/(\d+)/?$", parts.path)
        return f"https://player.vimeo.com/video/{found[1]}" if found else ""
    if site == "Dailymotion":
        found = re.fullmatch(rf"(?:/video|/embed/video)?/({_ID}?)(?:_[^/]*)?/?", parts.path)
        return f"https://www.dailymotion.com/embed/video/{found[1]}" if found else ""
    if site == "Spotify":
        found = re.fullmatch(
            rf"(?:/intl-\w+|/user/[^/]+)?/(track|album|playlist|artist|episode|show)/({_ID})/?",
            parts.path,
        )
        return f"https://open.spotify.com/embed/{found[1]}/{found[2]}" if found else ""
    if site == "SoundCloud" and parts.scheme.lower() == "https":
        return "https://w.soundcloud.com/player/?url=" + urllib.parse.quote(url, safe="")
    return ""


def player(url: str, title: str) -> str:
    """The HTML that plays the media at `url` (an iframe of its site's player, or the
    browser's own for a video or sound file), for a site with `allow_html: true`; '' for
    media that has none (a post, a map, a page) or an http file a browser would block."""
    noun, site = kind(url)
    # (on one line: a blank line would end the HTML block)
    label = escape(" ".join(title.split()) or f"{noun} on {site}", quote=True)
    path = _split(url).path
    if noun in ("Video", "Audio") and re.search(_PLAYED, path, re.IGNORECASE):
        if not re.fullmatch(r"https://\S+", url, re.IGNORECASE):  # (one line: one HTML block)
            return ""
        tag, src = noun.lower(), escape(direct_file(url), quote=True)
        return (
            f'<{tag} controls preload="none" src="{src}" title="{label}" '
            f'style="max-width: 100%"></{tag}>'
        )
    src = _player(url, site)
    if not src:
        return ""
    height = 152 if site == "Spotify" else 166 if site == "SoundCloud" else 315
    return (
        f'<iframe src="{escape(src, quote=True)}" title="{label}" width="560" '
        f'height="{height}" style="max-width: 100%" loading="lazy" '
        'allow="encrypted-media; fullscreen; picture-in-picture" allowfullscreen></iframe>'
    )
