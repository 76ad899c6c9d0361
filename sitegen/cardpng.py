"""A share card's PNG, compressed without running zlib over its blank rows.

A card (1200×630, one byte a pixel: its ink level, sharecards.draw) is mostly paper:
about 370 of its 630 rows have no ink. Deflating them was half of zlib's work for a
card, for a few hundred bytes of output. Here the rows are cut into pieces: each run of
at least BLANK_RUN blank rows is written as a deflate block made here, without zlib (a
literal zero, then matches of 258 bytes at distance 1: two bits each), and the rows
between such runs, ink and short gaps, are deflated by zlib, each piece on its own
(zlib's raw deflate ended by a sync flush, so the next piece starts on a byte). The
pieces joined, an empty last block and the Adler-32 of every row make the zlib stream
of the PNG's one IDAT chunk. The pixels are those zlib would have compressed whole; the
bytes are others (each piece's own Huffman codes: 9 % fewer bytes on the skewed 1,000-
event site's 51 cards than Pillow's writer at the same level). zlib is the standard
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

LENGTH_BASES = (3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                67, 83, 99, 115, 131, 163, 195, 227, 258)  # fmt: skip
"""Deflate's length codes 257-285: the least length each stands for (RFC 1951, 3.2.5)."""
CODE_LENGTH_ORDER = (16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15)


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
    """`raw` (rows of `row` bytes) as a zlib stream: the runs of blank rows made here,
    the rest deflated piece by piece."""
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
    """Deflate blocks, not the last, for `size` (≥ 1) zero bytes, ending on a byte: one
    block of dynamic codes (a literal zero, matches of 258 at distance 1, the rest as
    one shorter match or one or two literals), then an empty stored block (as zlib's
    sync flush ends), whatever the bytes written before them."""
    matches, rest = divmod(size - 1, 258)
    rest_code = _length_code(rest) if rest >= 3 else None
    # lengths of the codes: a match of 258 (285) one bit, a literal zero two, the end
    # of the block (256) and the rest's match three (or the end two): a complete code
    lengths = {285: 1, 0: 2, 256: 3 if rest_code else 2}
    if rest_code:
        lengths[rest_code[0]] = 3
    bits = _Bits()
    bits.put(0b100, 3)  # not the last block; dynamic codes
    _code_lengths(bits, lengths)
    codes = _canonical(lengths)
    bits.code(codes[0], 2)
    bits.skip(2 * matches)  # each match: the 1-bit code 0 of 285, the 1-bit distance 0
    if rest_code:
        code, extra, extra_bits = rest_code
        bits.code(codes[code], 3)
        bits.put(extra, extra_bits)
        bits.skip(1)  # distance 1
    else:
        for _ in range(rest):
            bits.code(codes[0], 2)
    bits.code(codes[256], lengths[256])
    bits.skip(3)  # a stored block, not the last: its header, then the byte's end
    return bits.bytes() + b"\x00\x00\xff\xff"


class _Bits:
    """Bits written as deflate packs them: from each byte's lowest bit up."""

    def __init__(self) -> None:
        self.value = 0
        self.count = 0

    def put(self, value: int, count: int) -> None:
        """`value` in `count` bits, its lowest first (a header field, extra bits)."""
        self.value |= value << self.count
        self.count += count

    def code(self, code: int, length: int) -> None:
        """A Huffman code, its highest bit first."""
        self.put(int(f"{code:0{length}b}"[::-1], 2), length)

    def skip(self, count: int) -> None:
        """`count` zero bits."""
        self.count += count

    def bytes(self) -> bytes:
        return self.value.to_bytes((self.count + 7) // 8, "little")


def _length_code(length: int) -> tuple[int, int, int]:
    """Deflate's code for a match of `length` (3-258), its extra bits' value and count."""
    index = max(i for i, base in enumerate(LENGTH_BASES) if base <= length)
    extra_bits = 0 if index == 28 or index < 8 else (index - 4) // 4
    return 257 + index, length - LENGTH_BASES[index], extra_bits


def _canonical(lengths: dict[int, int]) -> dict[int, int]:
    """Each symbol's Huffman code for these code lengths (RFC 1951, 3.2.2)."""
    codes, code = {}, 0
    for length in range(1, 16):
        for symbol in sorted(s for s, n in lengths.items() if n == length):
            codes[symbol] = code
            code += 1
        code <<= 1
    return codes


def _code_lengths(bits: _Bits, lengths: dict[int, int]) -> None:
    """A dynamic block's header after its type: the counts, the code lengths' own code,
    and the lengths of the 286 literal and length codes and of two distance codes (1
    bit each, distance 1 the code 0: a complete code, as zlib writes, though inflate
    takes a lone one too)."""
    runs = _length_runs({**lengths, 286: 1, 287: 1}, 288)
    used = sorted({symbol for symbol, _, _ in runs})
    # a complete code for the code lengths: as many as can have one bit fewer, the rest
    width = (len(used) - 1).bit_length()
    short = (1 << width) - len(used)
    own = {s: width - 1 if i < short else width for i, s in enumerate(used)}
    count = max(4, max(i for i, s in enumerate(CODE_LENGTH_ORDER) if s in own) + 1)
    bits.put(286 - 257, 5)
    bits.put(2 - 1, 5)  # two distance codes
    bits.put(count - 4, 4)
    for symbol in CODE_LENGTH_ORDER[:count]:
        bits.put(own.get(symbol, 0), 3)
    codes = _canonical(own)
    for symbol, extra, extra_bits in runs:
        bits.code(codes[symbol], own[symbol])
        bits.put(extra, extra_bits)


def _length_runs(lengths: dict[int, int], total: int) -> list[tuple[int, int, int]]:
    """The code lengths of symbols 0 to `total` - 1 (`lengths`: those not 0) as the
    code-length alphabet writes them: (symbol, extra bits' value, their count), each
    length written once, the zeros between in runs of 11-138 (18) and 3-10 (17)."""
    out: list[tuple[int, int, int]] = []
    at = 0
    for symbol in [*sorted(lengths), total]:
        run = symbol - at
        while run >= 11:
            take = min(run, 138)
            out.append((18, take - 11, 7))
            run -= take
        if run >= 3:
            out.append((17, run - 3, 3))
            run = 0
        out += [(0, 0, 0)] * run
        if symbol < total:
            out.append((lengths[symbol], 0, 0))
        at = symbol + 1
    return out
