"""A picture that build would refuse (no pixels, cut short, or damaged inside) is refused
by check too, with the same code at the same place: check reads headers and walks the
bytes' structure, decoding a file that ends early, then decodes each picture the build
would decode once for its content (the verdict kept in the image cache)."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PIL

from sitegen import images
from sitegen.model import Image

from .conftest import TODAY, build, run


def noisy(fmt: str, width: int = 40, height: int = 30, **options: Any) -> bytes:
    """A small picture whose compressed data is long enough to cut in many places."""
    rng = random.Random(width * height)
    picture = PIL.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


FORMATS = {
    "png": ("PNG", {}),
    "jpg": ("JPEG", {}),
    "progressive.jpg": ("JPEG", {"progressive": True}),
    "webp": ("WEBP", {}),
    "lossless.webp": ("WEBP", {"lossless": True}),
}


class _Origin:
    path = "content/events/first.md"

    def at(self, *where: object) -> tuple[int, int]:
        return 1, 1


def _check_refuses(static: Path, name: str) -> bool:
    described = images.describe(Image(name, "alt"), static)
    return described is None or bool(images.unreadable(described[0]))


def _pillow_refuses(static: Path, name: str) -> bool:
    """What the build's decode says (images._make: Pillow, LOAD_TRUNCATED_IMAGES off)."""
    kind = name.rsplit(".", 1)[1]
    return images._make(images.Job(name, "d", kind, [], _Origin()), static) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_check_refuses_a_cut_picture_exactly_when_pillow_does(tmp_path: Path, name: str) -> None:
    fmt, options = FORMATS[name]
    whole = noisy(fmt, **options)
    if fmt == "JPEG":
        whole += b"\x00\x00camera trailer"  # (bytes after the end marker, as cameras add)
    cuts = sorted({*range(1, len(whole) + 1, 7), *range(len(whole) - 40, len(whole) + 1)})
    disagree = []
    file = f"pic.{name}"
    for cut in cuts:
        (tmp_path / file).write_bytes(whole[:cut])
        if _check_refuses(tmp_path, file) != _pillow_refuses(tmp_path, file):
            disagree.append(cut)
    assert not disagree, f"{name} ({len(whole)} bytes): check and build differ at {disagree}"


def test_a_png_without_its_end_chunk_still_decodes_and_passes(tmp_path: Path) -> None:
    whole = noisy("PNG")
    (tmp_path / "p.png").write_bytes(whole[:-12])  # (IEND gone: Pillow decodes it)
    assert not _check_refuses(tmp_path, "p.png") and not _pillow_refuses(tmp_path, "p.png")


IMAGE = 'image:\n  src: "photos/pic.{ext}"\n  alt: "A harbour"\n'


def _site(site: Callable[..., Path], owner: str, ext: str, data: bytes) -> Path:
    event = '---\ntitle: "First"\ndate: "2024-07-08"\nsources: [wire]\n{extra}---\nBody [@wire].\n'
    image = IMAGE.format(ext=ext)
    files: dict[str, str | bytes | None] = {f"static/photos/pic.{ext}": data}
    if owner == "event":
        files["content/events/first.md"] = event.format(extra=image)
    else:
        files["content/events/first.md"] = event.format(extra="timelines: [story]\n")
        files["content/timelines/story.md"] = f'---\ntitle: "A story"\nsummary: "S."\n{image}---\n'
    return site(files)


def _zero_png() -> bytes:
    data = bytearray(noisy("PNG", 4, 3))
    data[16:24] = bytes(8)  # (IHDR's width and height; its CRC no longer matches)
    return bytes(data)


def _zero_gif() -> bytes:
    data = bytearray(noisy("GIF", 4, 3))
    data[6:10] = bytes(4)
    return bytes(data)


BROKEN = {
    "cut png": ("png", lambda: noisy("PNG", 400, 300)[:-900], "ends before its picture does"),
    "cut jpg": ("jpg", lambda: noisy("JPEG", 400, 300)[:-900], "ends before its picture does"),
    "cut webp": ("webp", lambda: noisy("WEBP", 400, 300)[:-900], "ends before its picture does"),
    "cut gif": ("gif", lambda: noisy("GIF", 40, 30)[:-300], "ends before its picture does"),
    "0×0 png": ("png", _zero_png, "says it is 0×0 pixels"),
    "0×0 gif": ("gif", _zero_gif, "says it is 0×0 pixels"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("owner", ["event", "timeline"])
def test_check_refuses_what_build_refuses_at_the_src_line(
    site: Callable[..., Path], case: str, owner: str
) -> None:
    ext, make, said = BROKEN[case]
    root = _site(site, owner, ext, make())
    path = "content/events/first.md" if owner == "event" else "content/timelines/story.md"
    line = 6 if owner == "event" else 5  # (the src: line)
    checked = run("check", root, "--today", TODAY)
    built = build(root)
    for result in (checked, built):
        errors = [x for x in (result.out + result.err).splitlines() if ": error: " in x]
        assert result.code == 1 and len(errors) == 1, (case, result.out, result.err)
        assert errors[0].startswith(f"{path}:{line}:8: error: static/photos/pic.{ext} "), errors
        assert said in errors[0] and "save it again" in errors[0], errors[0]
        assert errors[0].endswith("[image-broken]"), errors[0]
    assert not (root / "output").exists()


@pytest.mark.parametrize("ext", ["png", "jpg", "webp", "gif"])
def test_a_whole_picture_passes_check_and_build(site: Callable[..., Path], ext: str) -> None:
    fmt = {"jpg": "JPEG", "gif": "GIF", "webp": "WEBP", "png": "PNG"}[ext]
    data = noisy(fmt, 400, 300) + (b"\x00camera trailer" if fmt == "JPEG" else b"")
    root = _site(site, "event", ext, data)
    checked = run("check", root, "--today", TODAY)
    assert checked.code == 0, checked.out + checked.err
    built = build(root)
    assert built.code == 0, built.out + built.err


def _damaged(fmt: str, static: Path) -> bytes:
    """A whole picture with one byte changed inside (as a failing disk or copy leaves
    it) that the build's decode refuses: the first such byte from the middle on."""
    whole = noisy(fmt, 400, 300)
    kind = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
    for at in range(len(whole) // 2, len(whole)):
        data = bytearray(whole)
        data[at] ^= 0x55
        (static / f"pic.{kind}").write_bytes(bytes(data))
        if _pillow_refuses(static, f"pic.{kind}"):
            return bytes(data)
    raise AssertionError(f"no byte of the {fmt} breaks it")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_check_refuses_a_picture_damaged_inside_as_build_does(
    site: Callable[..., Path], tmp_path: Path, fmt: str
) -> None:
    """Its length and structure are whole (check's walk passes it), its data is not: a
    PNG's checksum, a JPEG's or WebP's coded data. check decodes it as the build would,
    and says what the build says, at the same place."""
    ext = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
    damaged = _damaged(fmt, tmp_path)
    root = _site(site, "event", ext, damaged)
    said = []
    for result in (run("check", root, "--today", TODAY), build(root)):
        errors = [x for x in (result.out + result.err).splitlines() if ": error: " in x]
        assert result.code == 1 and len(errors) == 1, (result.out, result.err)
        said.append(errors[0])
    assert said[0] == said[1], said
    assert said[0].startswith(f"content/events/first.md:6:8: error: static/photos/pic.{ext} ")
    assert said[0].endswith("save it again as JPEG, PNG or WebP [image-broken]"), said[0]
    assert not (root / "output").exists()


def test_a_check_decodes_a_picture_once_for_its_content(site: Callable[..., Path]) -> None:
    """The verdict is kept by content: a second check decodes nothing (the picture
    replaced by a damaged copy is decoded again, and refused)."""
    root = _site(site, "event", "png", noisy("PNG", 400, 300))
    assert run("check", root, "--today", TODAY).code == 0
    picture = root / "static/photos/pic.png"
    opened = []
    real_open = PIL.open

    def counting_open(*args: Any, **kwargs: Any) -> Any:
        opened.append(1)
        return real_open(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PIL, "open", counting_open)
        assert run("check", root, "--today", TODAY).code == 0
        assert not opened
        picture.write_bytes(_damaged("PNG", picture.parent))
        assert run("check", root, "--today", TODAY).code == 1
        assert opened
