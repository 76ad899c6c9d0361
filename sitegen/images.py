"""Local pictures: their pixel sizes, read from their headers (PNG, GIF, JPEG, WebP, SVG),
and the smaller copies of them made at build time for `srcset` (Pillow).

The load (`describe`) reads each picture once: its size, a hash of its bytes and the
names of the sizes to make, all cheap. The build (`renditions`) decodes and resizes only
what the image cache does not hold, so an incremental build does no image work for an
unchanged picture. Pillow is imported only when a picture must be opened.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import posixpath
import re
import stat
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from .adapters import blake2b
from .diagnostics import Diagnostic
from .records import LazyPattern, dataclass, made_seldom

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from .model import Image, Origin, Site

_Done = TypeVar("_Done")

WIDTHS = (360, 720, 1200)
"""The widths made of a local picture wider than them (never wider than the picture):
a phone, a phone at 2x or the text column at 1x, the column at 2x and share cards."""
MAX_PIXELS = 40_000_000
"""A picture with more pixels is refused (image-broken): decoding it would take more
memory than a newsroom photo ever needs (a 40-megapixel photo is 120 MB decoded)."""
KINDS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
"""The formats resized, each kept in its own format; GIF and SVG are published as they are."""
ENCODER = "1"
"""Bumped when the way sizes are made changes, so that cached ones are made again."""
MAX_READ = 16 * 1024 * 1024
"""As load.py's file-too-large: a larger static file is refused before it gets here."""


def size(path: Path) -> tuple[int, int] | None:
    """(width, height), or None when the file is missing or not an image we can read."""
    data = _read(path, 64 * 1024)
    return None if data is None else _dims(data)


def _read(path: Path, limit: int) -> bytes | None:
    try:
        # never blocks on a FIFO, never reads a device: only a regular file's bytes
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read(limit)
    except OSError:
        return None


def _dims(head: bytes) -> tuple[int, int] | None:
    try:
        return _size(head)
    except (struct.error, ValueError, IndexError):
        return None


def _kind(head: bytes) -> str | None:
    """'jpg', 'png' or 'webp' for a picture sitegen resizes; else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8"):
        return "jpg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    return None


def describe(image: Image, static_dir: Path) -> tuple[Image, str] | None:
    """A local picture with its pixel size, content hash and planned sizes, and what
    its page keys must depend on; None when the file cannot be read as a picture."""
    src = image.src.lstrip("/")
    data = _read(static_dir / src, MAX_READ)
    if data is None:
        return None
    dims = _dims(data[: 64 * 1024])
    if dims is None:
        return None
    width, height = dims
    kind = _kind(data)
    exif = kind == "jpg" and b"Exif" in data[:65536] and width * height <= MAX_PIXELS
    if exif and _turned(data):
        width, height = height, width  # shown upright: the sizes are made turned
    digest = blake2b(data, digest_size=8).hexdigest()
    sizes = plan_sizes(src, digest, width, height, kind)
    broken = _broken(data, kind, width, height)
    described = dataclasses.replace(
        image, width=width, height=height, sizes=sizes, digest=digest, broken=broken
    )
    return described, f"{width}x{height}:{digest}"


def _turned(data: bytes) -> bool:
    """Whether a JPEG's EXIF orientation turns it a quarter (a phone photo held upright)."""
    try:
        from PIL import Image as PIL

        with PIL.open(BytesIO(data), formats=["JPEG"]) as im:
            return im.getexif().get(0x0112) in (5, 6, 7, 8)
    except Exception:  # the decode step reports a broken file (image-broken)
        return False


def unreadable(image: Image) -> str:
    """Why a local picture found in static/ cannot be published, or '': its header
    cannot be read (described by the load: no width), or it has too many pixels."""
    where = f"static/{image.src.lstrip('/')}"
    if image.width is None or image.height is None:
        if image.src.lower().endswith(".svg"):
            return ""  # an SVG need not say its size
        return f"{where} is not a picture sitegen can read; save it as JPEG, PNG, WebP, GIF or SVG"
    if image.width * image.height > MAX_PIXELS and image.digest:
        return _too_large(where, image.width, image.height)
    return f"{where} {image.broken}" if image.broken else ""


_PILLOW_FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
"""_kind's names as Pillow names the formats."""


def _broken(data: bytes, kind: str | None, width: int, height: int) -> str:
    """Why a picture whose header reads cannot be published ('' when it can): its header
    says it has no pixels, or its bytes end before its picture does and Pillow cannot
    decode it. Only a file whose structure ends early is decoded (what the build does to
    it), so check refuses what build would, and a whole picture costs a walk of its
    chunks or markers, never a decode. `kind`: _kind's (a GIF, which the build does not
    resize, has none: told here by its first bytes)."""
    fmt = _PILLOW_FORMATS.get(kind or "") or ("GIF" if data.startswith(b"GIF8") else None)
    if fmt is None:
        return ""
    if width == 0 or height == 0:
        return (
            f"says it is {width}×{height} pixels: it holds no picture; "
            "export or save it again from the original"
        )
    if width * height > MAX_PIXELS or len(data) >= MAX_READ:
        return ""  # (refused already: too many pixels, or too large a file to read whole)
    if not _ends_early(data, fmt) or _decodes(data, fmt):
        return ""
    return (
        "ends before its picture does (cut short: a copy or upload that stopped?); "
        "export or save it again from the original, then copy it whole"
    )


def _ends_early(data: bytes, fmt: str) -> bool:
    """Whether the file ends before its format's structure does: a PNG's chunks that do
    not fit or no IEND chunk, a JPEG with no end-of-image marker after its first scan
    (bytes after that marker, as cameras add, are fine), a GIF without its 0x3B trailer
    at the end, a WebP shorter than its RIFF header says."""
    try:
        if fmt == "PNG":
            return _png_ends_early(data)
        if fmt == "JPEG":
            scan = _jpeg_first_scan(data)
            return scan is None or data.rfind(b"\xff\xd9") < scan  # (from the end: fast)
        if fmt == "GIF":
            return not data.endswith(b"\x3b")
        riff_size: int = struct.unpack_from("<I", data, 4)[0]
        return 8 + riff_size > len(data)
    except struct.error:
        return True


def _png_ends_early(data: bytes) -> bool:
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        at += 12 + length  # (length, type, data, CRC)
        if at > len(data):
            return True
        if kind == b"IEND":
            return False
    return True


def _jpeg_first_scan(data: bytes) -> int | None:
    """Where a JPEG's first scan's data starts (after its start-of-scan segment)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF or data[at + 1] == 0xFF:
            at += 1  # (fill bytes)
            continue
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        at += 2 + struct.unpack_from(">H", data, at + 2)[0]
        if marker == 0xDA:
            return at if at <= len(data) else None
    return None


def _decodes(data: bytes, fmt: str) -> bool:
    """Whether Pillow decodes the picture as the build does (its first frame; a file
    that ends early is refused unless Pillow's LOAD_TRUNCATED_IMAGES is set)."""
    try:
        from PIL import Image as PIL

        with PIL.open(BytesIO(data), formats=[fmt]) as opened:
            opened.load()
        return True
    except Exception:  # Pillow's errors for a broken file vary
        return False


def plan_sizes(
    src: str, digest: str, width: int, height: int, kind: str | None
) -> tuple[tuple[str, int, int], ...]:
    """(path, width, height) of each size of a picture, smallest first. Made sizes are
    named by the content hash (`img/port.1a2b3c4d5e6f7a8b-360w.jpg`), so a replaced
    picture gets new names and no browser or CDN shows the old one; the picture itself is
    the largest size when it is no wider than WIDTHS[-1]."""
    if kind is None or width <= WIDTHS[0] or width * height > MAX_PIXELS:
        return ()
    folder, name = posixpath.split(src)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    out = [
        (
            posixpath.join(folder, f"{stem}.{digest}-{w}w.{kind}"),
            w,
            max(1, round(height * w / width)),
        )
        for w in WIDTHS
        if w < width
    ]
    if width <= WIDTHS[-1]:
        out.append((src, width, height))
    return tuple(out)


def largest(image: Image) -> tuple[str, int | None, int | None]:
    """The size to share (og:image): the largest made, else the picture itself."""
    if image.sizes:
        return image.sizes[-1]
    return image.src.lstrip("/"), image.width, image.height


def thumbnail(image: Image | None) -> tuple[str, int, int, str] | None:
    """(path, width, height, alt) of a local picture's smallest size, for a timeline
    entry; None for none or an address (a remote picture a hundred times over would be
    a hundred full-size downloads from a third party)."""
    if image is None or "://" in image.src or not image.width or not image.height:
        return None
    path, width, height = (
        image.sizes[0] if image.sizes else (image.src.lstrip("/"), image.width, image.height)
    )
    return path, width, height, image.alt


# -- the image cache ------------------------------------------------------------------------


class ImageCache:
    """Made sizes and share cards in SITE/.sitegen-cache/images/, one file each, named by
    what they are made from; each file holds a checksum of its bytes and is ignored when
    it does not match. `folder` None: nothing cached; `trust` False (--clean): write only."""

    def __init__(
        self, folder: Path | None, trust: bool = True, held: dict[str, bytes] | None = None
    ) -> None:
        self.folder = folder
        self.trust = trust
        self.used: set[str] = set()
        self.held = {} if held is None else held
        """What this process read or made in an earlier build (serve rebuilds on every
        save): not read from disk again. The same bytes the last output holds."""

    def get(self, name: str) -> bytes | None:
        self.used.add(name)
        if name in self.held and self.trust:
            return self.held[name]
        if self.folder is None or not self.trust:
            return None
        blob = self._read_disk(self.folder / name)
        if blob is None:
            return None
        check, data = blob[:16], blob[16:]
        if blake2b(data, digest_size=16).digest() != check:
            return None
        self.held[name] = data
        return data

    @staticmethod
    def _read_disk(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put(self, name: str, data: bytes) -> None:
        self.used.add(name)
        self.held[name] = data
        if self.folder is None:
            return
        import tempfile  # (see build.Builder._while_workers_parse)

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blake2b(data, digest_size=16).digest() + data)
            os.replace(tmp, self.folder / name)
        except OSError:
            pass  # a cache that cannot be written only costs the next build time

    def prune(self) -> None:
        """Forget what this build did not use (a replaced picture's old sizes)."""
        for name in [n for n in self.held if n not in self.used]:
            del self.held[name]
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name not in self.used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


# -- making the sizes -----------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Job:
    """One local picture to publish sizes of (several owners may share it)."""

    src: str
    digest: str
    kind: str
    sizes: list[tuple[str, int, int]]
    origin: Origin
    found: dict[str, bytes] = field(default_factory=dict)


@made_seldom
@dataclass(eq=False, repr=False)
class Made:
    """What the pictures' pass made: the files to publish, or why it could not."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def owners(site: Site, drafts: bool = True) -> Iterator[tuple[Image, Origin]]:
    """Every picture of the site with the file that names it (`drafts` False: only
    those of what is published)."""
    for ev in site.events:
        if ev.image is not None and (drafts or not site.held_back(ev)):
            yield ev.image, ev.origin
    for person in site.people.values():
        if person.image is not None and (drafts or not person.draft):
            yield person.image, person.origin
    for story in site.timelines.values():
        if story.image is not None and (drafts or not story.draft):
            yield story.image, story.origin


def jobs(pictures: Iterable[tuple[Image, Origin]]) -> list[Job]:
    """The local pictures to resize (or, without sizes, to check once that they decode)."""
    out: dict[str, Job] = {}
    for image, origin in pictures:
        src = image.src.lstrip("/")
        kind = posixpath.splitext(src)[1].lower().lstrip(".")
        if not image.digest or image.digest in out:
            continue
        made = [s for s in image.sizes if s[0] != src]
        kind = made[0][0].rsplit(".", 1)[1] if made else kind.replace("jpeg", "jpg")
        if kind in KINDS:
            out[image.digest] = Job(src, image.digest, kind, made, origin)
    return list(out.values())


def renditions(
    site: Site, static_dir: Path, cache: ImageCache, workers: int = 1, drafts: bool = True
) -> Made:
    """The made sizes of every local picture of the site, from the cache or made now; a
    picture that cannot be decoded is an image-broken error at the field that names it."""
    made = Made()
    todo: list[Job] = []
    for job in jobs(owners(site, drafts)):
        if _cached(job, cache):
            made.files.extend((path, job.found[path]) for path, _, _ in job.sizes)
        else:
            todo.append(job)
    made_now = _each(todo, lambda job: _make(job, static_dir), workers)
    for job, problem in zip(todo, made_now, strict=True):
        if problem is not None:
            made.problems.append(_broken_at(job, problem))
            continue
        cache.put(_decodes_name(job), b"")
        for path, width, _ in job.sizes:
            cache.put(_cache_name(job, width), job.found[path])
            made.files.append((path, job.found[path]))
    return made


def undecodable(
    site: Site, static_dir: Path, cache: ImageCache, workers: int = 1
) -> list[Diagnostic]:
    """What the build's decode (renditions) would refuse, for `sitegen check`: each local
    picture the image cache does not know to decode (a build or a check decoded the same
    bytes with this Pillow) is decoded now as the build decodes it. check's rule reads
    headers and structure only (unreadable): a picture damaged inside (a byte changed on
    a disk or in a copy: a PNG's checksum, a JPEG's coded data) passed it, and the build
    then refused it. Those that rule refuses already are not decoded again."""
    pictures = ((image, origin) for image, origin in owners(site) if not unreadable(image))
    todo = [job for job in jobs(pictures) if cache.get(_decodes_name(job)) is None]
    problems = []
    decoded_now = _each(todo, lambda job: _decode(job, static_dir), workers)
    for job, decoded in zip(todo, decoded_now, strict=True):
        if isinstance(decoded, str):
            problems.append(_broken_at(job, decoded))
        else:
            cache.put(_decodes_name(job), b"")
    return problems


def _each(todo: list[Job], work: Callable[[Job], _Done], workers: int) -> list[_Done]:
    """`work` done on each picture, in threads: Pillow lets go of the GIL while it
    decodes, resizes and encodes; at most 4 at once, since each may hold a decoded
    picture (up to MAX_PIXELS: 120 MB) in memory."""
    if not todo:
        return []
    from concurrent.futures import ThreadPoolExecutor  # (30 ms to import: only when needed)

    from .adapters import pillow_tag_tables_loaded

    pillow_tag_tables_loaded()  # (before the threads that read EXIF)
    with ThreadPoolExecutor(max(1, min(workers, 4, len(todo)))) as pool:
        return list(pool.map(work, todo))


def _broken_at(job: Job, problem: str) -> Diagnostic:
    line, col = job.origin.at("image", "src")
    return Diagnostic(job.origin.path, line, col, "error", "image-broken", problem)


def _cache_name(job: Job, width: int) -> str:
    return f"{job.digest}-{width}w-{encoder()}.{job.kind}"


def _decodes_name(job: Job) -> str:
    """The image cache's mark that a picture's bytes decode with this Pillow."""
    return f"{job.digest}-{encoder()}.ok"


def encoder() -> str:
    """What made sizes and cards depend on besides their inputs: another Pillow may
    encode other bytes, and a clean build must make what an incremental one keeps.
    (PIL's package alone is imported: about a millisecond.)"""
    from PIL import __version__ as pillow

    return f"{ENCODER}-pil{pillow}"


def _cached(job: Job, cache: ImageCache) -> bool:
    if cache.get(_decodes_name(job)) is None:
        return False
    for path, width, _ in job.sizes:
        data = cache.get(_cache_name(job, width))
        if data is None:
            return False
        job.found[path] = data
    return True


_PYTHON_OBJECT = re.compile(r" ?<[^<>]* object at 0x[0-9a-fA-F]+>")
"""How Pillow names the buffer it read in some errors ("cannot identify image file
<_io.BytesIO object at 0x7f…>"): an address that means nothing to an editor and differs
from run to run."""


def _make(job: Job, static_dir: Path) -> str | None:
    """Decode the picture and make its sizes into job.found; what is wrong, or None."""
    decoded = _decode(job, static_dir)
    if isinstance(decoded, str):
        return decoded
    picture, info = decoded
    try:
        for path, w, h in sorted(job.sizes, key=lambda s: -s[1]):
            picture = _resized(picture, w, h)
            job.found[path] = _encoded(picture, job.kind, info)
    except Exception as exc:  # Pillow's errors for a hostile or broken file vary
        return _not_readable(job, exc)
    return None


def _decode(job: Job, static_dir: Path) -> str | tuple[PILImage, dict[Any, Any]]:
    """The picture decoded as the build decodes it (upright; a JPEG scaled while it
    decodes when only smaller sizes are made) with its info, or what is wrong."""
    data = _read(static_dir / job.src, MAX_READ)
    if data is None:
        return f"static/{job.src} could not be read"
    try:
        from PIL import Image as PIL
        from PIL import ImageOps

        with PIL.open(BytesIO(data), formats=list(KINDS.values())) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                return _too_large(f"static/{job.src}", width, height)
            if job.kind == "jpg" and job.sizes:
                _draft(opened, job.sizes)
            opened.load()
            return ImageOps.exif_transpose(opened), opened.info
    except Exception as exc:  # Pillow's errors for a hostile or broken file vary
        return _not_readable(job, exc)


def _not_readable(job: Job, exc: Exception) -> str:
    reason = _PYTHON_OBJECT.sub("", str(exc).split("\n")[0])[:160] or type(exc).__name__
    return (
        f"static/{job.src} is not a picture sitegen can read ({reason}); "
        "save it again as JPEG, PNG or WebP"
    )


def _draft(opened: Any, sizes: list[tuple[str, int, int]]) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while it decodes, to no less than
    the largest size: a 4000 px photo made into 1200 px sizes decodes four times faster."""
    width, height = max(w for _, w, _ in sizes), max(h for _, _, h in sizes)
    if opened.getexif().get(0x0112) in (5, 6, 7, 8):
        width, height = height, width  # (the decoder sees the picture as stored)
    opened.draft("RGB", (width, height))


def _too_large(where: str, width: int, height: int) -> str:
    return (
        f"{where} is {width}×{height} pixels, more than sitegen decodes "
        f"({MAX_PIXELS // 1_000_000} megapixels); save a smaller copy (2400 px wide is plenty)"
    )


def _resized(picture: PILImage, width: int, height: int) -> PILImage:
    from PIL import Image as PIL

    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        alpha = picture.mode in ("P", "PA") and "transparency" in picture.info
        picture = picture.convert("RGBA" if alpha or "A" in picture.mode else "RGB")
    return picture.resize((width, height), PIL.Resampling.LANCZOS)


def _encoded(picture: PILImage, kind: str, info: dict[Any, Any]) -> bytes:
    out = BytesIO()
    options: dict[str, Any] = {}
    if info.get("icc_profile"):
        options["icc_profile"] = info["icc_profile"]  # colours as the photographer saw them
    if kind == "jpg":
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=82, progressive=True, **options)
    elif kind == "webp":
        picture.save(out, "WEBP", quality=80, method=4, **options)
    else:
        picture.save(out, "PNG", **options)
    # (no EXIF is written: a made size carries no camera data or GPS position)
    return out.getvalue()


def _size(head: bytes) -> tuple[int, int] | None:
    """A picture's width and height from its first bytes (PNG, GIF, WebP, JPEG, SVG)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        w, h = struct.unpack(">II", head[16:24])
        return w, h
    if head[:6] in (b"GIF87a", b"GIF89a"):
        w, h = struct.unpack("<HH", head[6:10])
        return w, h
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _webp_size(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    return _svg_size(head.decode("utf-8", "ignore"))


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        w = int.from_bytes(head[24:27], "little") + 1
        h = int.from_bytes(head[27:30], "little") + 1
        return w, h
    if chunk == b"VP8 ":
        w, h = struct.unpack("<HH", head[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if chunk == b"VP8L":
        b = head[21:25]
        w = 1 + (((b[1] & 0x3F) << 8) | b[0])
        h = 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        return w, h
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """From the first start-of-frame segment (not a Huffman or arithmetic table)."""
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            i += 1
            continue
        marker = head[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", head[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", head[i + 5 : i + 9])
            return w, h
        i += 2 + length
    return None


def _svg_size(text: str) -> tuple[int, int] | None:
    if "<svg" not in text:
        return None
    m = re.search(r"<svg[^>]*>", text, re.S)
    tag = m.group(0) if m else ""
    w = re.search(r'\bwidth="(\d+(?:\.\d+)?)(?:px)?"', tag)
    h = re.search(r'\bheight="(\d+(?:\.\d+)?)(?:px)?"', tag)
    if w and h:
        return round(float(w.group(1))), round(float(h.group(1)))
    vb = re.search(r'viewBox="[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"', tag)
    if vb:
        return round(float(vb.group(1))), round(float(vb.group(2)))
    return None


def image_path_problem(src: str) -> str:
    """Why a local image path is unsafe, or ''."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src):
        return f"image '{src}' must be an https:// address or a file in static/"
    parts = PurePosixPath(src.lstrip("/")).parts
    if ".." in parts or "\\" in src or not parts:
        return (
            f"image '{src}' points outside the site's static/ folder; put the picture in "
            "static/ and give its path there (photos/harbour.jpg for static/photos/harbour.jpg)"
        )
    if m := ADDRESS_TROUBLE.search(src):
        return f"image '{src}': {address_trouble(m.group())}"
    return ""


ADDRESS_TROUBLE = LazyPattern("[#?%]")
"""What a file name in static/ should not hold: in its address a browser reads them as
the start of a fragment, of a query and of an escape (name-address, image-src)."""


def address_trouble(char: str) -> str:
    """Why a file whose name holds `char` (one ADDRESS_TROUBLE finds) is not found, and
    the fix."""
    read_as = {"#": "a fragment (#…)", "?": "a query (?…)", "%": "an escape (%20)"}[char]
    return (
        f"a browser reads the '{char}' in its address as the start of {read_as}, so the "
        "address does not find the file; rename it without #, ? or %"
    )
