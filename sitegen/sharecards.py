"""Share cards: the 1200×630 picture a page shows when it is shared (og:image), for pages
without a picture of their own.

One card for the site (its title, the years its events span, how many) and one for each
timeline of a site with timelines; an event page without a picture uses its timeline's
card, every other page without one the site's. A card per page would cost about 5 ms
each (drawing and PNG encoding), 50 s at 10,000 events, for cards that would say little
more than the page's own title beside them in the share. Cards are cached like the sizes
of pictures (images.ImageCache), so only a change to what a card shows makes it again.
Their names do not change with what they show: an event page names its timeline's card
and stays unchanged when the timeline grows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import timelines as timelines_mod
from .images import encoder, png
from .records import value_methods

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

    from .images import ImageCache
    from .model import Event, Site

WIDTH, HEIGHT = 1200, 630
SITE_CARD = "og/site.png"
VERSION = "1"
"""Bumped when cards are drawn differently, so that cached ones are drawn again."""

# the default theme's light colours (templates/assets/style.css)
PAPER = (251, 250, 247)
INK = (29, 29, 31)
MUTED = (90, 90, 96)
ACCENT = (179, 38, 30)
LINE = (217, 214, 206)

FONTS = Path("/usr/share/fonts/truetype/dejavu")
"""DejaVu, on most Linux systems; else Pillow's own font (Pillow ≥ 10.1 with FreeType)."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Card:
    path: str
    """Where it is written in the output."""
    kicker: str
    """The small line at the top: the site's name on a timeline's card."""
    title: str
    line: str
    """The foot: '48 events, 1995–2024'."""

    def cache_name(self) -> str:
        text = (
            f"{VERSION}\0{encoder()}\0{self.kicker}\0{self.title}\0{self.line}\0{_font_file(True)}"
        )
        return "card-" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + ".png"


def timeline_card(slug: str) -> str:
    return f"og/timelines/{slug}.png"


def cards(site: Site, events: list[Event], drafts: bool) -> list[Card]:
    """The cards a build publishes: the site's, and one for each published timeline."""
    out = [Card(SITE_CARD, "", site.config.title, _line(events))]
    # each timeline's events in one pass over the site's (not a pass per timeline: 20
    # timelines of 10,000 events took 0.2 s of every build, a one-event edit's included)
    for slug, mine in timelines_mod.members(site, events, drafts).items():
        title = site.timelines[slug].title
        out.append(Card(timeline_card(slug), site.config.title, title, _line(mine)))
    return out


def _line(events: list[Event]) -> str:
    if not events:
        return ""
    first, last = _year(events[0].date.year), _year(max(e.date.year for e in events))
    span = first if first == last else f"{first}–{last}"
    count = f"{len(events):,} event" + ("" if len(events) == 1 else "s")
    return f"{count}, {span}"


def _year(year: int) -> str:
    return str(year) if year > 0 else f"{1 - year} BCE"


def _font_file(bold: bool) -> str:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return str(path) if path.is_file() else ""


def _font(size: int, bold: bool) -> FreeTypeFont:
    from PIL import ImageFont

    path = _font_file(bold)
    font = ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


def _wrap(text: str, font: FreeTypeFont, width: int, lines: int) -> list[str]:
    """Words in at most `lines` lines of `width` px; the last ends in … when cut."""
    out: list[str] = []
    for word in text.split():
        if out and font.getlength(f"{out[-1]} {word}") <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        out, words = out[:lines], out[lines - 1].split()
        while len(words) > 1 and font.getlength(" ".join(words) + " …") > width:
            words.pop()  # whole words, not a word cut in two
        out[-1] = " ".join(words) + " …"
    for i, line in enumerate(out):  # a single word wider than the card
        while len(line) > 1 and font.getlength(line) > width:
            line = line[:-2] + "…"
        out[i] = line
    return out


def _palette() -> list[int]:
    """Ink levels 0-254 from the paper to the ink, and 255 the accent (see draw)."""
    out: list[int] = []
    for level in range(255):
        out += [round(p + (i - p) * level / 254) for p, i in zip(PAPER, INK, strict=True)]
    return out + list(ACCENT)


def _level(colour: tuple[int, int, int]) -> int:
    """The ink level that draws a grey of the theme (MUTED, LINE) on the paper."""
    return round(254 * (PAPER[0] - colour[0]) / (PAPER[0] - INK[0]))


def draw(card: Card) -> bytes:
    """The card as PNG: the theme's paper, an accent rule, the title large.

    Drawn in one channel of ink levels and given a palette: a third of the bytes to
    compress of an RGB drawing, so 5 ms a card instead of 14, and half the file, with the
    same antialiased text (every colour but the accent rule lies between paper and ink)."""
    from PIL import Image, ImageDraw

    picture = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, 0, WIDTH, 14), fill=255)
    margin, width = 80, WIDTH - 160
    small, muted = _font(34, False), _level(MUTED)
    if card.kicker:
        pen.text((margin, 80), _wrap(card.kicker, small, width, 1)[0], font=small, fill=muted)
    for size in (72, 60, 50):  # the largest that fits in three lines
        font = _font(size, True)
        lines = _wrap(card.title, font, width, 3) or [""]
        if " …" not in lines[-1] or size == 50:
            break
    y = 150
    for text in lines:
        pen.text((margin, y), text, font=font, fill=254)
        y += round(size * 1.25)
    pen.line((margin, HEIGHT - 130, WIDTH - margin, HEIGHT - 130), fill=_level(LINE), width=2)
    if card.line:
        pen.text((margin, HEIGHT - 105), card.line, font=small, fill=muted)
    picture.putpalette(_palette())
    return png(picture)


def made(
    site: Site, events: list[Event], drafts: bool, cache: ImageCache
) -> list[tuple[str, bytes]]:
    """Every card's (path, PNG), drawn only when the cache does not hold it."""
    out = []
    for card in cards(site, events, drafts):
        name = card.cache_name()
        data = cache.get(name)
        if data is None:
            data = draw(card)
            cache.put(name, data)
        out.append((card.path, data))
    return out
