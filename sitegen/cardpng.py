"""A share card's PNG, its blank rows not deflated again for each card.

A card (1200×630, one byte a pixel: its ink level, sharecards.draw) is mostly paper:
about 370 of its 630 rows have no ink. Deflating them was half of zlib's work for a
card, for a few hundred bytes of output. Here the rows are cut into pieces, each
deflated by zlib on its own (raw deflate ended by a sync flush, so that the next piece
starts on a byte and refers to nothing before it): a run of at least BLANK_RUN blank
rows with zlib's run-length strategy, once a build for each length (the cards' gaps have
few lengths), the rows between such runs, ink and short gaps, at LEVEL. The pieces
joined, an empty last block and the Adler-32 of every row make the zlib stream of the
PNG's one IDAT chunk. The pixels are those zlib would have compressed whole; the bytes
are others (each piece's own Huffman codes: 9 % fewer bytes on the skewed 1,000-event
site's 51 cards than Pillow's writer at the same level). zlib is the standard
library's; Pillow only hands over the rows (and draws the card, in sharecards).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

LEVEL = 3
"""zlib's level for the pieces with ink: a card's rows are mostly paper, and level 6's
longer search for matches found little more for twice the time (fourteenth round)."""
BLANK_RUN = 8
"""The fewest blank rows written as a run of zeros, not deflated with the ink around
them: a piece costs a sync flush and its own codes (~5 and ~40 bytes)."""
WRITER = f"zlib{zlib.ZLIB_RUNTIME_VERSION}"
"""What the bytes depend on besides the pixels (in a card's cache name): zlib's version,
whose deflate another version may do otherwise."""
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZLIB_HEAD = b"\x78\x5e"
"""A zlib stream's header: deflate, a 32 KB window, 'fast' compression (levels 2-5)."""
LAST_BLOCK = b"\x03\x00"
"""An empty deflate block marked last (fixed codes, the end-of-block code alone)."""
ADLER = 65521


def png(levels: PILImage, palette: bytes, zeros: dict[int, bytes] | None = None) -> bytes:
    """`levels` (mode L: each pixel its palette index) as a PNG of `palette` (256 RGB
    colours); `zeros`: the runs of blank rows written so far, by length in bytes (a
    build's cards share their gaps)."""
    assert levels.mode == "L" and len(palette) == 768
    width, height = levels.size
    from PIL import Image

    # a column of zeros on the left: each row's filter byte (none), so that the rows are
    # the PNG's uncompressed stream as they are
    padded = Image.new("L", (width + 1, height), 0)
    padded.paste(levels, (1, 0))
    raw = padded.tobytes()
    row = width + 1
    head = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x03\x00\x00\x00"
    data = _zlib_stream(raw, row, {} if zeros is None else zeros)
    return b"".join(
        [PNG_MAGIC, _chunk(b"IHDR", head), _chunk(b"PLTE", palette), _chunk(b"IDAT", data),
         _chunk(b"IEND", b"")]
    )  # fmt: skip


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")


def _zlib_stream(raw: bytes, row: int, zeros: dict[int, bytes]) -> bytes:
    """`raw` (rows of `row` bytes) as a zlib stream: each run of blank rows deflated
    once for its length (`zeros`, zero_run), the rest deflated piece by piece."""
    out, adler = [ZLIB_HEAD], 1
    view = memoryview(raw)
    for start, end, blank in _pieces(raw, row):
        size = end - start
        if blank:
            made = zeros.get(size)
            if made is None:
                made = zeros[size] = zero_run(size)
            out.append(made)
            low, high = adler & 0xFFFF, adler >> 16  # zeros add nothing to the low sum
            adler = (high + size * low) % ADLER << 16 | low
        else:
            piece = view[start:end]
            deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
            out += [deflate.compress(piece), deflate.flush(zlib.Z_SYNC_FLUSH)]
            adler = zlib.adler32(piece, adler)
    out += [LAST_BLOCK, adler.to_bytes(4, "big")]
    return b"".join(out)


def _pieces(raw: bytes, row: int) -> list[tuple[int, int, bool]]:
    """`raw` cut at runs of BLANK_RUN or more rows of zeros: (start, end, whether it is
    such a run), in order, covering every byte."""
    blank = bytes(row)
    inked = [raw[at : at + row] != blank for at in range(0, len(raw), row)]
    out: list[tuple[int, int, bool]] = []
    y, height, ink_from = 0, len(inked), 0
    while y < height:
        if inked[y]:
            y += 1
            continue
        gap = y
        while y < height and not inked[y]:
            y += 1
        if y - gap >= BLANK_RUN:
            if ink_from < gap:
                out.append((ink_from * row, gap * row, False))
            out.append((gap * row, y * row, True))
            ink_from = y
    if ink_from < height:
        out.append((ink_from * row, height * row, False))
    return out


def zero_run(size: int) -> bytes:
    """`size` (≥ 1) zero bytes as raw deflate blocks, not the last, ending on a byte (a
    sync flush) and referring to nothing before them: zlib's run-length strategy, which
    looks for no match but the byte before (a literal zero, then matches of 258 at
    distance 1): a quarter of the bytes of level 3's (452 for 370 rows), in about the time."""
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
    return deflate.compress(bytes(size)) + deflate.flush(zlib.Z_SYNC_FLUSH)
