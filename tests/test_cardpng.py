"""cardpng: a share card's PNG, its blank rows deflated once a build for each length."""

from __future__ import annotations

import io
import random
import zlib

import pytest
from PIL import Image

from sitegen import cardpng

PALETTE = bytes(random.Random(7).randrange(256) for _ in range(768))


def _after_other_blocks(made: bytes, before: bytes = b"abc\xff" * 9) -> bytes:
    """`made` decompressed after a sync-flushed piece of zlib's and before the last
    block, as the PNG's stream holds it."""
    deflate = zlib.compressobj(3, zlib.DEFLATED, -15)
    head = deflate.compress(before) + deflate.flush(zlib.Z_SYNC_FLUSH)
    inflate = zlib.decompressobj(-15)
    out = inflate.decompress(head + made + cardpng.LAST_BLOCK)
    assert inflate.eof and not inflate.unused_data
    assert out.startswith(before)
    return out[len(before) :]


def test_a_run_of_zeros_of_any_length_inflates_to_that_many_zeros_after_other_blocks() -> None:
    """A run made once is put in any card after any other piece: it refers to nothing
    before it."""
    pick = random.Random(3)
    sizes = [*range(1, 300), *(pick.randrange(1, 800_000) for _ in range(40)), 1201 * 630]
    for size in sizes:
        assert _after_other_blocks(cardpng.zero_run(size)) == bytes(size), size
        assert _after_other_blocks(cardpng.zero_run(size), pick.randbytes(3000)) == bytes(size)


def test_a_run_of_zeros_ends_on_a_byte_as_zlibs_sync_flush_does() -> None:
    made = cardpng.zero_run(1201 * 40)
    assert made.endswith(b"\x00\x00\xff\xff")
    assert len(made) < 1201 * 40 // 1000 + 40  # (about two bits a match of 258)


def _picture(rows: list[bytes]) -> Image.Image:
    return Image.frombytes("L", (len(rows[0]), len(rows)), b"".join(rows))


def _decoded(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


@pytest.mark.parametrize(
    "layout",
    [
        "ink",  # one row of ink
        "blank",  # no ink at all
        "ink blank:30 ink:20 blank:7 ink:3 blank:100",  # a short gap kept with its ink
        "blank:8 ink:2 blank:9",  # runs at both ends, of the fewest rows
        "ink:5 blank:500 ink:1",
        "noise:40 blank:12 noise:3",
    ],
)
def test_the_png_holds_the_pixels_and_palette_it_was_given(layout: str) -> None:
    pick = random.Random(layout)
    width = 37
    rows: list[bytes] = []
    for part in layout.split():
        kind, _, count = part.partition(":")
        for _ in range(int(count or 1)):
            if kind == "blank":
                rows.append(bytes(width))
            elif kind == "ink":
                rows.append(bytes(width - 3) + b"\x01\xfe\xff")
            else:
                rows.append(pick.randbytes(width))
    levels = _picture(rows)
    zeros: dict[int, bytes] = {}
    made = cardpng.png(levels, PALETTE, zeros)
    picture = _decoded(made)
    assert picture.mode == "P" and picture.size == levels.size
    assert picture.tobytes() == levels.tobytes()
    assert bytes(picture.getpalette() or []) == PALETTE
    assert made.count(b"IDAT") == 1
    assert cardpng.png(levels, PALETTE) == made  # (the same whether runs are shared)


def test_a_card_like_picture_is_no_larger_than_pillows_writer_makes_it() -> None:
    """Paper with bands of ink: the pieces' own codes make up for the flushes between
    them (the skewed 1,000-event site's 51 cards: 9 % fewer bytes)."""
    from PIL import ImageDraw

    levels = Image.new("L", (1200, 630), 0)
    pen = ImageDraw.Draw(levels)
    pen.rectangle((0, 0, 1200, 14), fill=255)
    for y in (150, 240, 330):
        pen.text((80, y), "A title of a card, its lines " * 2, fill=254, font_size=60)
    pen.line((80, 500, 1120, 500), fill=40, width=2)
    ours = cardpng.png(levels, PALETTE)
    theirs = io.BytesIO()
    paletted = levels.copy()
    paletted.putpalette(PALETTE)
    paletted.save(theirs, "PNG", compress_level=cardpng.LEVEL)
    assert _decoded(ours).tobytes() == _decoded(theirs.getvalue()).tobytes()
    assert len(ours) <= len(theirs.getvalue())


def test_a_cards_cache_name_names_the_zlib_that_wrote_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes follow zlib's deflate, not only the pixels: another zlib's card is
    another name in the image cache (as another Pillow's is)."""
    from sitegen import sharecards
    from sitegen.model import Config

    fonts = sharecards.Fonts(None, Config(title="t"), [])
    card = sharecards.Card("og/site.png", "", "Harbour news", "3 events, 2024")
    before = card.cache_name(fonts)
    monkeypatch.setattr(cardpng, "WRITER", "zlib0.0")
    assert card.cache_name(fonts) != before
