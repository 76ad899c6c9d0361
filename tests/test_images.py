"""Pictures: responsive sizes made at build time, captions and credits, thumbnails on the
timeline, og:image on every page with a share card where a page has no picture, and a
broken picture reported as a diagnostic (issue #19)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from .conftest import REPO, TODAY, build, html, run


def picture(width: int, height: int, kind: str = "PNG", colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, kind)
    return out.getvalue()


def event(slug: str, date: str, image: str = "", timelines: str = "") -> str:
    return (
        f'---\ntitle: "Event {slug}"\ndate: "{date}"\nsources: [wire]\n{timelines}{image}---\n'
        "Body [@wire].\n"
    )


IMAGE = (
    "image:\n"
    '  src: "photos/big.jpg"\n'
    '  alt: "A harbour at dawn"\n'
    '  credit: "Jane Doe/Agency"\n'
    '  caption: "The harbour before the strike."\n'
)


def picture_site(site: Callable[..., Path], **extra: str | bytes | None) -> Path:
    files: dict[str, str | bytes | None] = {
        "static/photos/big.jpg": picture(1600, 900, "JPEG"),
        "static/photos/small.png": picture(200, 100),
        "content/events/first.md": event("first", "2024-07-08", IMAGE),
        "content/events/second.md": event(
            "second",
            "2024-07-09",
            'image:\n  src: "photos/small.png"\n  alt: "A small chart"\n',
        ),
        "content/events/third.md": event("third", "2024-07-10"),
    }
    files.update(extra)
    return site(files)


def test_local_pictures_get_sizes_that_exist_and_decode(site: Callable[..., Path]) -> None:
    root = picture_site(site)
    result = build(root)
    assert result.code == 0, result.out + result.err
    out = root / "output"
    img = html(out / "events/first/index.html").select_one("figure.lead-image img")
    assert img is not None
    candidates = [c.strip().split(" ") for c in str(img["srcset"]).split(",")]
    widths = [int(w.rstrip("w")) for _, w in candidates]
    assert widths == [360, 720, 1200]  # never wider than the picture (1600), smallest first
    for url, w in candidates:
        made = out / "events/first" / url
        with Image.open(made) as im:
            assert im.format == "JPEG" and im.size[0] == int(w.rstrip("w"))
            assert abs(im.size[1] - round(900 * im.size[0] / 1600)) <= 1
    assert img["sizes"] and img["width"] == "1200" and img["height"] == "675"
    # the lead picture comes first, never lazily
    assert img.get("loading") != "lazy" and img["fetchpriority"] == "high"
    caption = html(out / "events/first/index.html").select_one("figure.lead-image figcaption")
    assert caption is not None
    assert "The harbour before the strike." in caption.get_text()
    assert "Jane Doe/Agency" in caption.get_text()


def test_small_pictures_are_published_as_they_are(site: Callable[..., Path]) -> None:
    root = picture_site(site)
    assert build(root).code == 0
    img = html(root / "output/events/second/index.html").select_one("figure img")
    assert img is not None and not img.get("srcset")
    assert img["src"] == "../../photos/small.png" and img["width"] == "200"


def test_timeline_entries_show_small_lazy_thumbnails(site: Callable[..., Path]) -> None:
    root = picture_site(site)
    assert build(root).code == 0
    page = html(root / "output/index.html")
    thumbs = {li["id"]: li.select_one("img.entry-thumb") for li in page.select("li.entry")}
    assert thumbs["third"] is None  # no picture, no thumbnail
    first = thumbs["first"]
    assert first is not None
    assert first["loading"] == "lazy" and first["alt"] == "A harbour at dawn"
    assert (first["width"], first["height"]) == ("360", "202")
    assert str(first["src"]).endswith("-360w.jpg")
    assert (root / "output" / str(first["src"])).is_file()


def og(path: Path) -> dict[str, str]:
    page = html(path)
    return {
        str(m["property"]): str(m["content"]) for m in page.select("meta[property^='og:image']")
    }


def test_every_page_has_an_og_image_and_cards_are_1200_by_630(
    site: Callable[..., Path],
) -> None:
    root = picture_site(site)
    assert build(root).code == 0
    out = root / "output"
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 6
    for page in pages:
        tags = og(page)
        assert tags.get("og:image", "").startswith("https://example.org/t/"), page
        assert tags.get("og:image:alt"), page
        card = html(page).select_one("meta[name='twitter:card']")
        assert card is not None and card["content"] == "summary_large_image"
    # an event with a picture shares its 1200-wide size, one without the site's card
    first = og(out / "events/first/index.html")
    assert first["og:image"].endswith("-1200w.jpg")
    assert (first["og:image:width"], first["og:image:height"]) == ("1200", "675")
    third = og(out / "events/third/index.html")
    assert third["og:image"] == "https://example.org/t/og/site.png"
    with Image.open(out / "og/site.png") as im:
        assert im.size == (1200, 630) and im.format == "PNG"


def test_a_site_without_photos_draws_its_card_without_pillows_image_plugins(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """The share card is a PNG, written with zlib by cardpng, not Pillow's PNG writer:
    no reader or writer of a format is imported by a build that has no picture (JPEG's
    brings subprocess, PNG's fractions and decimal). (On one core, so that the card is
    drawn by the build's own process, not beside its render.)"""
    root = site()
    out = tmp_path / "out"
    script = (
        "import json, sys\n"
        "from sitegen import build\n"
        "build._jobs = lambda: 1\n"
        "from sitegen.cli import _main\n"
        f"code = _main(['build', {str(root)!r}, '-o', {str(out)!r}, '--today', {TODAY!r}, '-q'])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith('PIL.'))]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    assert "PIL.ImageDraw" in modules  # (the card was drawn here)
    assert not [m for m in modules if m.endswith("ImagePlugin")]
    with Image.open(out / "og/site.png") as im:
        assert im.size == (1200, 630) and im.format == "PNG"


def test_a_timeline_has_its_own_card(site: Callable[..., Path]) -> None:
    root = picture_site(
        site,
        **{
            "content/timelines/harbour.md": '---\ntitle: "The harbour"\n---\nIntro.\n',
            "content/events/first.md": event(
                "first", "2024-07-08", IMAGE, "timelines: [harbour]\n"
            ),
            "content/events/second.md": event("second", "2024-07-09", "", "timelines: [harbour]\n"),
            "content/events/third.md": event("third", "2024-07-10", "", "timelines: [harbour]\n"),
        },
    )
    result = build(root)
    assert result.code == 0, result.out
    out = root / "output"
    card = "https://example.org/t/og/timelines/harbour.png"
    assert og(out / "timelines/harbour/index.html")["og:image"] == card
    assert og(out / "events/third/index.html")["og:image"] == card
    assert og(out / "events/third/index.html")["og:image:alt"] == "The harbour"  # what it shows
    assert og(out / "index.html")["og:image"] == "https://example.org/t/og/site.png"
    with Image.open(out / "og/timelines/harbour.png") as im:
        assert im.size == (1200, 630)


def test_without_base_url_no_og_image(site: Callable[..., Path]) -> None:
    root = picture_site(site, **{"content/site.yaml": 'title: "Test timeline"\n'})
    assert build(root).code == 0
    assert og(root / "output/index.html") == {}
    assert not (root / "output/og").exists()


def test_a_broken_picture_is_a_diagnostic_not_a_traceback(site: Callable[..., Path]) -> None:
    whole = picture(1600, 900, "JPEG", "navy")
    cases = {
        "truncated": whole[: len(whole) // 2],
        "not a picture": b"\xff\xd8\xff\xe0 this is not a JPEG at all" * 20,
        "text": b"hello, I am a text file\n",
    }
    for name, data in cases.items():
        root = picture_site(site, **{"static/photos/big.jpg": data})
        result = build(root)
        text = result.out + result.err
        assert result.code == 1, name
        assert "Traceback" not in text and "internal" not in text, text
        assert "content/events/first.md:" in text and "static/photos/big.jpg" in text, text
        assert "[image-broken]" in text, (name, text)
        assert not (root / "output").exists(), name  # nothing half-published


def test_a_broken_picture_s_message_names_no_python_object(site: Callable[..., Path]) -> None:
    # a whole PNG whose header's checksum is wrong: its size reads and no chunk is cut
    # short (check passes it), Pillow then fails to identify it and names the in-memory
    # buffer ("<_io.BytesIO object at 0x…>")
    whole = bytearray(picture(1600, 900, "PNG"))
    whole[29:33] = bytes(4)  # (IHDR's CRC)
    root = picture_site(site, **{"static/photos/big.jpg": bytes(whole)})
    result = build(root)
    text = result.out + result.err
    assert result.code == 1 and "[image-broken]" in text, text
    assert "static/photos/big.jpg is not a picture sitegen can read" in text
    assert "object at 0x" not in text and "BytesIO" not in text, text


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(
    site: Callable[..., Path],
) -> None:
    # a PNG header that claims 30,000 × 30,000 pixels (a decompression bomb)
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, "PNG")
    root = picture_site(site, **{"static/photos/big.jpg": bomb.getvalue()})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1 and "[image-broken]" in result.out
    assert "30000×30000" in result.out and "Traceback" not in result.out + result.err


def test_an_incremental_build_does_no_image_work_again(site: Callable[..., Path]) -> None:
    root = picture_site(site)
    assert build(root).code == 0
    out = root / "output"
    made = sorted(p for p in out.rglob("*") if "-" in p.name and p.suffix in {".jpg", ".png"})
    made.append(out / "og/site.png")
    before = {p: p.stat().st_mtime_ns for p in made}
    (root / "content/events/third.md").write_text(
        event("third", "2024-07-10").replace("Body", "A new body"), encoding="utf-8"
    )
    os.utime(root / "content/events/third.md", ns=(1, 1))
    assert build(root).code == 0
    assert {p: p.stat().st_mtime_ns for p in made} == before
    # a replaced picture gets new names; the old sizes go
    (root / "static/photos/big.jpg").write_bytes(picture(1600, 900, "JPEG", "orange"))
    assert build(root).code == 0
    assert not any(p.exists() for p in made if "big." in p.name)
    img = html(out / "events/first/index.html").select_one("figure img")
    assert img is not None and (out / "events/first" / str(img["src"])).is_file()


def test_a_clean_build_makes_the_same_bytes(site: Callable[..., Path]) -> None:
    root = picture_site(site)
    assert build(root).code == 0
    first = {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    assert build(root, "--clean").code == 0
    again = {p: p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    assert first == again


def test_a_remote_picture_stays_remote_and_gets_no_thumbnail(site: Callable[..., Path]) -> None:
    remote = 'image:\n  src: "https://example.org/photo.jpg"\n  alt: "A remote photo"\n'
    root = picture_site(site, **{"content/events/third.md": event("third", "2024-07-10", remote)})
    assert build(root).code == 0
    img = html(root / "output/events/third/index.html").select_one("figure img")
    assert img is not None and img["src"] == "https://example.org/photo.jpg"
    assert not img.get("srcset")
    assert og(root / "output/events/third/index.html")["og:image"] == img["src"]
    entry = html(root / "output/index.html").select_one("li#third")
    assert entry is not None and entry.select_one("img") is None


def test_a_portrait_has_sizes_and_is_shared(site: Callable[..., Path]) -> None:
    person = (
        '---\nname: "Ada Lovelace"\nrole: "Analyst"\ncountry: testland\n'
        'image:\n  src: "photos/ada.png"\n  alt: "Ada at her desk"\n  credit: "Archive"\n'
        "---\nA biography.\n"
    )
    root = picture_site(
        site,
        **{
            "static/photos/ada.png": picture(900, 900),
            "content/people/ada-lovelace.md": person,
        },
    )
    assert build(root).code == 0
    page = root / "output/people/ada-lovelace/index.html"
    img = html(page).select_one("img.portrait")
    assert img is not None and "360w" in str(img["srcset"]) and img["sizes"] == "4.5rem"
    assert og(page)["og:image"] == "https://example.org/t/photos/ada.png"  # 900 px: itself
    assert og(page)["og:image:width"] == "900"


def test_a_phone_photo_is_shown_upright(site: Callable[..., Path]) -> None:
    """A JPEG whose EXIF says 'turn a quarter' (a phone held upright): its sizes are made
    turned, and the page's width and height are the upright ones."""
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (800, 400), "olive").save(out, "JPEG", exif=exif)
    root = picture_site(site, **{"static/photos/big.jpg": out.getvalue()})
    assert build(root).code == 0
    img = html(root / "output/events/first/index.html").select_one("figure img")
    assert img is not None and (img["width"], img["height"]) == ("400", "800")
    small = str(img["srcset"]).split(" ")[0]
    with Image.open(root / "output/events/first" / small) as im:
        assert im.size == (360, 720)
        assert not im.getexif()  # no camera data in a made size


def test_a_name_with_spaces_commas_and_accents_keeps_its_srcset(
    site: Callable[..., Path],
) -> None:
    from urllib.parse import unquote

    name = "photos/Orbán at the summit, 2024.jpg"
    image = IMAGE.replace("photos/big.jpg", name)
    root = picture_site(
        site,
        **{
            f"static/{name}": picture(1600, 900, "JPEG"),
            "content/events/first.md": event("first", "2024-07-08", image),
        },
    )
    assert build(root).code == 0
    out = root / "output"
    img = html(out / "events/first/index.html").select_one("figure img")
    assert img is not None
    candidates = [c.split() for c in str(img["srcset"]).split(", ")]
    assert [w for _, w in candidates] == ["360w", "720w", "1200w"]
    for url, _ in candidates:
        assert (out / "events/first" / unquote(url)).is_file(), url
    thumb = html(out / "index.html").select_one("img.entry-thumb")
    assert thumb is not None and (out / unquote(str(thumb["src"]))).is_file()


def test_a_timeline_picture_that_is_not_a_picture_is_reported(
    site: Callable[..., Path],
) -> None:
    story = (
        '---\ntitle: "The harbour"\nimage:\n  src: "photos/cover.png"\n  alt: "A cover"\n'
        "---\nIntro.\n"
    )
    root = picture_site(
        site,
        **{
            "static/photos/cover.png": b"<html>not a picture</html>\n",
            "content/timelines/harbour.md": story,
            "content/events/first.md": event("first", "2024-07-08", "", "timelines: [harbour]\n"),
            "content/events/second.md": event("second", "2024-07-09", "", "timelines: [harbour]\n"),
            "content/events/third.md": event("third", "2024-07-10", "", "timelines: [harbour]\n"),
        },
    )
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "content/timelines/harbour.md:4:8: error: static/photos/cover.png" in result.out
    assert "[image-broken]" in result.out


def test_a_preview_rebuild_reads_no_picture_again(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve rebuilds in one process on every save: the sizes it made or read are kept,
    and an edit to a body neither decodes nor reads a picture again."""
    import datetime as dt

    from sitegen import images
    from sitegen.build import Builder

    root = picture_site(site)
    builder = Builder(root, today=dt.date(2026, 11, 27))
    first = builder.build(to_memory=True)
    assert first.ok
    made = [p for p in builder.memory if p.endswith("w.jpg")]
    assert len(made) == 3

    def refuse(*args: object) -> None:
        raise AssertionError("a picture was read again")

    monkeypatch.setattr(images, "_make", refuse)
    monkeypatch.setattr(images.ImageCache, "_read_disk", refuse, raising=False)
    path = root / "content/events/third.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Body", "Edited"), encoding="utf-8")
    again = builder.build(to_memory=True, touched=["content/events/third.md"])
    assert again.ok
    assert all(builder.memory[p] for p in made)
