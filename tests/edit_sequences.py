"""Seeded edit sequences a newsroom makes, and the check that after each one an incremental
build (and serve's rebuild) equals a clean build of the same content, byte for byte.

Used by tests/test_incremental_fuzz.py (a few short sequences) and by
benchmarks/incremental_fuzz.py (long ones, many seeds). Each edit is a function of a
random.Random and the site folder that changes files the way an editor would and says
what it did, or returns None when the site offers nothing to do it to. After an edit that
makes the build fail, the sequence repairs it the way a user would (links to a renamed
event follow it) or undoes the edit, and checks again.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.serve import MAX_GROUP_MS, PreviewServer, Rebuild
from tests.conftest import REPO, TODAY, CliResult, run

Edit = Callable[[random.Random, Path], str | None]

WORDS = [
    "harbour", "ferry", "council", "budget", "strike", "minister", "summit", "border",
    "treaty", "election", "wombat", "river", "bridge", "market", "report", "vote", "talks",
    "envoy", "pipeline", "grain",
]  # fmt: skip
FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# -- reading and writing front matter by lines (keeps the rest of the file as it is) -----


def split(path: Path) -> tuple[list[str], str]:
    """A file's front matter lines and body (CRLF read as LF, as an editor shows it; a
    file without front matter as all body)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    m = FRONT.match(text)
    if not m:
        return [], text
    return m.group(1).splitlines(), text[m.end() :]


def join(path: Path, lines: list[str], body: str) -> None:
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")


def get_field(lines: list[str], key: str) -> str | None:
    for line in lines:
        if line.startswith(key + ":"):
            return line[len(key) + 1 :].strip()
    return None


def set_field(lines: list[str], key: str, value: str | None) -> list[str]:
    """Replace (or add, or with None remove) a one-line field; a block under it goes too."""
    out: list[str] = []
    skipping = False
    done = False
    for line in lines:
        if skipping and line.startswith((" ", "-")):
            continue
        skipping = False
        if line.startswith(key + ":"):
            skipping = True
            if value is not None and not done:
                out.append(f"{key}: {value}")
                done = True
            continue
        out.append(line)
    if value is not None and not done:
        out.append(f"{key}: {value}")
    return out


def slug_list(value: str | None) -> list[str]:
    if not value or not value.startswith("["):
        return [value] if value else []
    return [s.strip() for s in value.strip("[]").split(",") if s.strip()]


def files(root: Path, kind: str) -> list[Path]:
    return sorted((root / "content" / kind).rglob("*.md"))


def events(root: Path) -> list[Path]:
    return files(root, "events")


def source_ids(root: Path) -> list[str]:
    path = root / "content/sources.yaml"
    if not path.is_file():
        return []
    return re.findall(r"(?m)^([a-z0-9][a-z0-9-]*):\s*$", path.read_text(encoding="utf-8"))


def mentioned(root: Path, slug: str, besides: Path | None = None) -> bool:
    """Whether any content file other than `besides` names `slug`."""
    word = re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])")
    for path in (root / "content").rglob("*"):
        readable = path.is_file() and path != besides and path.suffix in (".md", ".yaml")
        if readable and word.search(path.read_text(encoding="utf-8")):
            return True
    return False


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 7))
    return " ".join(words).capitalize() + "."


# -- the edits ---------------------------------------------------------------------------


def edit_body(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    how = rng.randrange(3)
    if how == 0:
        body = body.rstrip("\n") + "\n\n" + sentence(rng) + "\n"
    elif how == 1 and (words := re.findall(r"(?<![\[\w@|-])[a-z]{4,}(?![\w\]|-])", body)):
        old = rng.choice(words)
        body = re.sub(rf"(?<![\[\w@|-]){old}(?![\w\]|-])", rng.choice(WORDS), body, count=1)
    else:
        body = sentence(rng) + "\n\n" + body
    join(path, lines, body)
    return f"body of {path.name}"


def edit_title(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    join(path, set_field(lines, "title", f'"{sentence(rng)[:-1]}"'), body)
    return f"title of {path.name}"


def edit_summary(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    value = None if rng.random() < 0.2 else f'"{sentence(rng)}"'
    join(path, set_field(lines, "summary", value), body)
    return f"summary of {path.name}"


def edit_date(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
    precision = rng.choice(["day", "day", "month", "year"])
    value = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
    lines = set_field(lines, "date", f'"{value[precision]}"')
    lines = set_field(lines, "end", None)  # an end before the new date is an error
    join(path, lines, body)
    return f"date of {path.name} to {value[precision]}"


def timeline_ids(root: Path) -> list[str]:
    return [p.stem for p in files(root, "timelines")]


def edit_timelines(rng: random.Random, root: Path) -> str | None:
    ids = timeline_ids(root)
    if not ids:
        return None
    path = rng.choice(events(root))
    lines, body = split(path)
    chosen = rng.sample(ids, min(len(ids), rng.choice([0, 1, 1, 2])))
    join(path, set_field(lines, "timelines", f"[{', '.join(chosen)}]" if chosen else None), body)
    return f"timelines of {path.name} to {chosen}"


def edit_draft(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    on = get_field(lines, "draft") != "true"
    join(path, set_field(lines, "draft", "true" if on else None), body)
    return f"draft {'on' if on else 'off'} for {path.name}"


def new_event_text(rng: random.Random, root: Path, title: str) -> str:
    people = [p.stem for p in files(root, "people")]
    sources = source_ids(root)
    ids = timeline_ids(root)
    lines = [
        f'title: "{title}"',
        f'date: "{2020 + rng.randrange(5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"',
    ]
    body = sentence(rng)
    if people:
        who = rng.choice(people)
        lines.append(f"people: [{who}]")
        body += f" [[{who}]] spoke."
    if sources:
        src = rng.choice(sources)
        lines.append(f"sources: [{src}]")
        body += f" [@{src}]"
    if ids and rng.random() < 0.9:  # (a site with timelines wants one: else an error)
        lines.append(f"timelines: [{rng.choice(ids)}]")
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def add_event(rng: random.Random, root: Path) -> str | None:
    n = rng.randrange(10_000)
    path = root / "content/events" / f"added-{n}.md"
    if path.exists():
        return None
    path.write_text(new_event_text(rng, root, f"An event added later, {n}"), encoding="utf-8")
    return f"added {path.name}"


def delete_event(rng: random.Random, root: Path) -> str | None:
    unnamed = [p for p in events(root) if not mentioned(root, p.stem, besides=p)]
    if len(events(root)) < 3 or not unnamed:
        return None
    path = rng.choice(unnamed)
    path.unlink()
    return f"deleted {path.name}"


def rename_event(rng: random.Random, root: Path) -> str | None:
    """A new file name is a new slug: links to the old one are now errors (repair fixes
    them, as the user would)."""
    path = rng.choice(events(root))
    new = path.with_name(f"{path.stem}-renamed-{rng.randrange(100)}.md")
    if new.exists():
        return None
    path.rename(new)
    return f"renamed {path.stem} -> {new.stem}"


def move_file(rng: random.Random, root: Path) -> str | None:
    """A file moved to another folder of its kind, its name kept (the same slug, another
    path): a newsroom sorting events by year, people into desks."""
    kind = rng.choice(["events", "events", "people", "countries"])
    paths = files(root, kind)
    if not paths:
        return None
    path = rng.choice(paths)
    top = root / "content" / kind
    folder = top if path.parent != top else top / rng.choice(["2019", "archive", "desk"])
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / path.name).exists():
        return None
    path.rename(folder / path.name)
    return f"moved {path.relative_to(top)} to {(folder / path.name).relative_to(top)}"


def add_person(rng: random.Random, root: Path) -> str | None:
    n = rng.randrange(1000)
    slug = f"new-person-{n}"
    path = root / "content/people" / f"{slug}.md"
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\nname: "New Person {n}"\nrole: "Envoy"\n---\nA biography.\n', "utf-8")
    event = rng.choice(events(root))
    lines, body = split(event)
    people = [*slug_list(get_field(lines, "people")), slug]
    lines = set_field(lines, "people", f"[{', '.join(people)}]")
    join(event, lines, body.rstrip("\n") + f" [[{slug}]] said so.\n")
    return f"added {slug}, named in {event.name}"


def add_country(rng: random.Random, root: Path) -> str | None:
    iso = rng.choice(["PT", "NO", "KE", "CL", "NZ", "JP"])
    slug = f"new-country-{iso.lower()}"
    path = root / "content/countries" / f"{slug}.md"
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\nname: "Country {iso}"\niso: {iso}\n---\nNotes.\n', "utf-8")
    event = rng.choice(events(root))
    lines, body = split(event)
    countries = [*slug_list(get_field(lines, "countries")), slug]
    join(event, set_field(lines, "countries", f"[{', '.join(countries)}]"), body)
    return f"added {slug}, named in {event.name}"


def add_source(rng: random.Random, root: Path) -> str | None:
    n = rng.randrange(1000)
    sid = f"added-source-{n}"
    path = root / "content/sources.yaml"
    if sid in source_ids(root):
        return None
    entry = (
        f'\n{sid}:\n  title: "An added report {n}"\n  publisher: "Wire"\n'
        f'  url: "https://example.org/added/{n}"\n  published: "2024-0{rng.randint(1, 9)}-01"\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    event = rng.choice(events(root))
    lines, body = split(event)
    sources = [*slug_list(get_field(lines, "sources")), sid]
    lines = set_field(lines, "sources", f"[{', '.join(sources)}]")
    join(event, lines, body.rstrip("\n") + f" More was reported [@{sid}].\n")
    return f"added source {sid}, cited in {event.name}"


def remove_added(rng: random.Random, root: Path) -> str | None:
    """Remove a person, country, timeline or source an earlier edit added, with every
    mention (an event left in no timeline of a site with timelines is an error)."""
    kinds = ("people", "countries", "timelines")
    people = [p for kind in kinds for p in files(root, kind) if p.stem.startswith("new-")]
    sources = [s for s in source_ids(root) if s.startswith("added-source-")]
    choices = [p.stem for p in people] + sources
    if not choices:
        return None
    slug = rng.choice(choices)
    for path in people:
        if path.stem == slug:
            path.unlink()
    if slug in sources:
        src = root / "content/sources.yaml"
        text = src.read_text(encoding="utf-8")
        text = re.sub(rf"\n{slug}:\n(  .*\n)*", "\n", text)
        src.write_text(text, encoding="utf-8")
    for event in events(root):
        text = event.read_text(encoding="utf-8")
        new = re.sub(rf" \[\[{slug}\]\] said so\.| More was reported \[@{slug}\]\.", "", text)
        new = re.sub(rf", {slug}(?=[,\]])|(?<=\[){slug}, |(?<=\[){slug}(?=\])", "", new)
        new = re.sub(r"(?m)^(people|countries|sources|timelines): \[\]\n", "", new)
        if new != text:
            event.write_text(new, encoding="utf-8")
    return f"removed {slug}"


def add_timeline(rng: random.Random, root: Path) -> str | None:
    """A new timeline, with one or two events moved or added into it."""
    n = rng.randrange(100)
    path = root / "content/timelines" / f"new-timeline-{n}.md"
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'---\ntitle: "A new timeline {n}"\nsummary: "{sentence(rng)}"\n---\n{sentence(rng)}\n',
        encoding="utf-8",
    )
    for event in rng.sample(events(root), min(2, len(events(root)))):
        lines, body = split(event)
        named = slug_list(get_field(lines, "timelines"))
        join(event, set_field(lines, "timelines", f"[{', '.join([*named, path.stem])}]"), body)
    return f"added timeline {path.stem}"


def edit_timeline(rng: random.Random, root: Path) -> str | None:
    paths = files(root, "timelines")
    if not paths:
        return None
    path = rng.choice(paths)
    lines, body = split(path)
    what = rng.choice(["title", "order", "draft"])
    if what == "title":
        lines = set_field(lines, "title", f'"{sentence(rng)[:-1]}"')
    elif what == "order":
        lines = set_field(
            lines, "order", "newest" if get_field(lines, "order") != "newest" else "oldest"
        )
    else:
        on = get_field(lines, "draft") != "true"
        lines = set_field(lines, "draft", "true" if on else None)
    join(path, lines, body)
    return f"{what} of timeline {path.stem}"


def edit_config(rng: random.Random, root: Path) -> str | None:
    path = root / "content/site.yaml"
    text = path.read_text(encoding="utf-8")
    key, value = rng.choice(
        [
            ("title", f'"{sentence(rng)[:-1]}"'),
            ("description", f'"{sentence(rng)}"'),
            ("feed_limit", str(rng.randint(1, 5))),
            ("search_placeholder", f'"e.g. {rng.choice(WORDS)}"'),
        ]
    )
    if re.search(rf"(?m)^{key}:", text):
        text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {value}", text, count=1)
    else:
        text = text.rstrip("\n") + f"\n{key}: {value}\n"
    path.write_text(text, encoding="utf-8")
    return f"site.yaml {key}: {value}"


def edit_template(rng: random.Random, root: Path) -> str | None:
    name = rng.choice(
        ["event.html", "base.html", "timeline.html", "_macros.html", "assets/style.css"]
    )
    path = root / "templates" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "templates" / name, path)
    text = path.read_text(encoding="utf-8")
    mark = f"<!-- edit {rng.randrange(1000)} -->"
    text = re.sub(r"<!-- edit \d+ -->", "", text)
    if name.endswith(".css"):
        mark = f"/* edit {rng.randrange(1000)} */"
        text = re.sub(r"/\* edit \d+ \*/", "", text)
    head, sep, tail = text.partition("{% block main %}")
    text = head + sep + mark + tail if sep else text + mark + "\n"
    path.write_text(text, encoding="utf-8")
    return f"template {name}"


def edit_static(rng: random.Random, root: Path) -> str | None:
    path = root / "static/css/extra.css"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"body {{ --edit: {rng.randrange(1000)}; }}\n", encoding="utf-8")
    return "static css"


def edit_image(rng: random.Random, root: Path) -> str | None:
    """Put an image on an event, or replace the image file with one of another size."""
    image = root / "static/img/fuzz.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(tiny_png(rng.randint(2, 9), rng.randint(2, 9)))
    path = rng.choice(events(root))
    lines, body = split(path)
    if get_field(lines, "image") is None and rng.random() < 0.5:
        lines = set_field(lines, "image", None)
        lines += ["image:", '  src: "img/fuzz.png"', '  alt: "A grey square"']
        join(path, lines, body)
        return f"image on {path.name}"
    return "image replaced"


def edit_name(rng: random.Random, root: Path) -> str | None:
    """A person's name or role, a country's name: the events that list them show it."""
    paths = files(root, "people") + files(root, "countries")
    if not paths:
        return None
    path = rng.choice(paths)
    lines, body = split(path)
    key = "role" if path.parent.name == "people" and rng.random() < 0.3 else "name"
    join(path, set_field(lines, key, f'"{rng.choice(WORDS).capitalize()} {path.stem}"'), body)
    return f"{key} of {path.parent.name}/{path.name}"


def edit_eras(rng: random.Random, root: Path) -> str | None:
    """An era added to eras.yaml or its last one taken out."""
    path = root / "content/eras.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if "- title:" in text and rng.random() < 0.4:
        head, _, _ = text.rpartition("- title:")
        path.write_text(head, encoding="utf-8")
        return "last era removed"
    start = rng.randint(1990, 2020)
    era = f'- title: "The {rng.choice(WORDS)} years"\n  start: "{start}"\n  end: "{start + 3}"\n'
    path.write_text(text + era, encoding="utf-8")
    return f"era {start} added"


FONTS = Path("/usr/share/fonts/truetype/dejavu")


def edit_card_font(rng: random.Random, root: Path) -> str | None:
    """site.yaml's `cards: {font: …}` names a font in the site folder (outside content/):
    set it, or replace the font file with another."""
    choices = sorted(FONTS.glob("DejaVuSans*.ttf")) if FONTS.is_dir() else []
    if not choices:
        return None
    font = root / "fonts/card.ttf"
    font.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(rng.choice(choices), font)
    config = root / "content/site.yaml"
    text = config.read_text(encoding="utf-8")
    if "cards:" in text:
        return "card font replaced"
    config.write_text(text.rstrip("\n") + "\ncards: {font: fonts/card.ttf}\n", "utf-8")
    return "card font set"


def remove_override(rng: random.Random, root: Path) -> str | None:
    """A template or static file of the site's deleted: the theme's own is used again, or
    a picture an event shows is gone (an error until undone)."""
    paths = sorted((root / "templates").rglob("*.*")) + sorted((root / "static").rglob("*.*"))
    paths = [p for p in paths if p.is_file()]
    if not paths:
        return None
    path = rng.choice(paths)
    path.unlink()
    return f"removed {path.relative_to(root)}"


def all_slugs(root: Path) -> list[str]:
    kinds = ("events", "people", "countries", "timelines")
    return [p.stem for kind in kinds for p in files(root, kind)]


def edit_link(rng: random.Random, root: Path) -> str | None:
    """A wiki link (to another page, or to one that does not exist) or a citation
    written into a body: the quick path of a body edit must see its new references."""
    path = rng.choice(events(root))
    lines, body = split(path)
    what = rng.choice(["link", "link", "missing", "cite"])
    if what == "cite" and (sources := source_ids(root)):
        src = rng.choice(sources)
        listed = slug_list(get_field(lines, "sources"))
        if src not in listed and rng.random() < 0.7:
            lines = set_field(lines, "sources", f"[{', '.join([*listed, src])}]")
        added = f" As reported [@{src}]."
    elif what == "missing":
        added = f" See [[no-such-page-{rng.randrange(9)}|this]]."
    else:
        target = rng.choice(all_slugs(root))
        # a bare link shows the target's title or name: it changes with them
        text = f"|{rng.choice(WORDS)}" if rng.random() < 0.5 else ""
        added = f" See [[{target}{text}]]."
    join(path, lines, body.rstrip("\n") + added + "\n")
    return f"{what} in {path.name}:{added}"


MARKDOWN = [
    "## A heading added\n\nAnd a paragraph under it.",
    "- a list\n- of two items",
    "A [link out](https://example.org/out) and [a bad one](javascript:alert(1)).",
    "Some <b>raw HTML</b> here.",
    "A code span `[[not-a-link]]` and `[@not-a-cite]`.",
    "On Sunday, 8 July 2024, it went on.",
    "On Monday, 8 July 2024, it went on.",
    "A control character: \x07.",
    "TODO: write this.",
]


def edit_markdown(rng: random.Random, root: Path) -> str | None:
    """Body edits that only a check of the body finds wrong (or right): a weekday, a link
    scheme, raw HTML, a control character; or a citation taken out (its source may go
    unused), or the whole body emptied."""
    path = rng.choice(events(root))
    lines, body = split(path)
    what = rng.randrange(len(MARKDOWN) + 2)
    if what == len(MARKDOWN):
        cites = re.findall(r" ?\[@[^\]]+\]", body)
        if not cites:
            return None
        body = body.replace(rng.choice(cites), "", 1)
        added = "a citation removed"
    elif what == len(MARKDOWN) + 1:
        body, added = "", "body emptied"
    else:
        added = MARKDOWN[what]
        body = body.rstrip("\n") + "\n\n" + added + "\n"
    join(path, lines, body)
    return f"markdown in {path.name}: {added!r}"


def edit_other_body(rng: random.Random, root: Path) -> str | None:
    """The text of a person's, country's or timeline's page."""
    paths = files(root, "people") + files(root, "countries") + files(root, "timelines")
    path = rng.choice(paths)
    lines, body = split(path)
    join(path, lines, body.rstrip("\n") + "\n\n" + sentence(rng) + "\n")
    return f"body of {path.parent.name}/{path.name}"


def edit_source(rng: random.Random, root: Path) -> str | None:
    path = root / "content/sources.yaml"
    ids = source_ids(root)
    if not ids:
        return None
    sid = rng.choice(ids)
    text = path.read_text(encoding="utf-8")
    entry = re.search(rf"(?m)^{re.escape(sid)}:\n((?:  .*\n)*)", text)
    assert entry, sid
    block = entry.group(1)
    if "  title:" in block:
        new = re.sub(r"(?m)^  title: .*$", f'  title: "{sentence(rng)[:-1]}"', block, count=1)
    else:
        new = block + f'  title: "{sentence(rng)[:-1]}"\n'
    path.write_text(text[: entry.start(1)] + new + text[entry.end(1) :], encoding="utf-8")
    return f"title of source {sid}"


def edit_tags(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    lines, body = split(path)
    tags = rng.sample(["labour", "summit", "oil", "diplomacy", "ports"], rng.randint(0, 2))
    join(path, set_field(lines, "tags", f"[{', '.join(tags)}]" if tags else None), body)
    return f"tags of {path.name} to {tags}"


def edit_related(rng: random.Random, root: Path) -> str | None:
    path = rng.choice(events(root))
    others = [p.stem for p in events(root) if p != path]
    lines, body = split(path)
    chosen = rng.sample(others, min(len(others), rng.randint(0, 2)))
    join(path, set_field(lines, "related", f"[{', '.join(chosen)}]" if chosen else None), body)
    return f"related of {path.name} to {chosen}"


def edit_person_draft(rng: random.Random, root: Path) -> str | None:
    """A person or country made a draft (an error where a published page names it;
    undone then) or published again."""
    path = rng.choice(files(root, "people") + files(root, "countries"))
    lines, body = split(path)
    on = get_field(lines, "draft") != "true"
    join(path, set_field(lines, "draft", "true" if on else None), body)
    return f"draft {'on' if on else 'off'} for {path.parent.name}/{path.name}"


def delete_any_event(rng: random.Random, root: Path) -> str | None:
    """An event deleted though pages link to it: errors, then undone."""
    paths = events(root)
    if len(paths) < 3:
        return None
    path = rng.choice(paths)
    path.unlink()
    return f"deleted {path.name} (maybe linked)"


def burst(rng: random.Random, root: Path) -> str | None:
    """Several files saved before one build (a search-and-replace, a git checkout)."""
    kinds = [k for k in EDITS if k != "burst"]
    done = [EDITS[rng.choice(kinds)](rng, root) for _ in range(rng.randint(2, 3))]
    return "burst: " + " + ".join(d for d in done if d) if any(done) else None


# -- more fields and files a site has (docs/content.md), and ways a file changes --------

TAG_SLUGS = ["labour", "summit", "oil", "diplomacy", "ports"]


def edit_tag_names(rng: random.Random, root: Path) -> str | None:
    """tags.yaml: a tag's name or description changed, a tag named or its name removed."""
    path = root / "content/tags.yaml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    slug = rng.choice(TAG_SLUGS + re.findall(r"(?m)^([a-z][a-z0-9-]*):", text))
    entry = re.compile(rf"(?m)^{re.escape(slug)}:.*\n(?:  .*\n)*")
    text = entry.sub("", text)
    what = rng.choice(["name", "name", "described", "removed"])
    if what == "name":
        text += f'{slug}: "{rng.choice(WORDS).capitalize()} {slug}"\n'
    elif what == "described":
        text += f'{slug}:\n  name: "The {slug}"\n  description: "{sentence(rng)}"\n'
    path.write_text(text, encoding="utf-8")
    return f"tags.yaml: {slug} {what}"


def source_entry(root: Path, sid: str) -> tuple[str, re.Match[str]]:
    text = (root / "content/sources.yaml").read_text(encoding="utf-8")
    entry = re.search(rf"(?m)^{re.escape(sid)}:\n((?:  .*\n)*)", text)
    assert entry, sid
    return text, entry


def edit_source_field(rng: random.Random, root: Path) -> str | None:
    """A source's url, publisher, author, dates or archive copy set, changed or taken
    out; or a cited source taken out of sources.yaml (an error, then undone)."""
    ids = source_ids(root)
    if not ids:
        return None
    sid = rng.choice(ids)
    text, entry = source_entry(root, sid)
    key, value = rng.choice(
        [
            ("url", f'"https://example.org/{rng.choice(WORDS)}/{rng.randrange(99)}"'),
            ("publisher", f'"{rng.choice(WORDS).capitalize()} Press"'),
            ("author", f'"{rng.choice(WORDS).capitalize()} Writer"'),
            ("published", f'"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}"'),
            ("accessed", '"2025-01-02"'),
            ("archive_url", '"https://web.archive.org/web/2024/https://example.org/"'),
            ("url", None),
            ("entry", None),
        ]
    )
    if key == "entry":
        path = root / "content/sources.yaml"
        path.write_text(text[: entry.start()] + text[entry.end() :], encoding="utf-8")
        return f"source {sid} removed from sources.yaml"
    lines = set_field([line[2:] for line in entry.group(1).splitlines()], key, value)
    block = "".join(f"  {line}\n" for line in lines)
    new = text[: entry.start(1)] + block + text[entry.end(1) :]
    (root / "content/sources.yaml").write_text(new, encoding="utf-8")
    return f"{key} of source {sid} to {value}"


def block_of(lines: list[str], key: str) -> list[str]:
    """The indented lines under `key:` (a list or mapping written as a block)."""
    start = next((i for i, line in enumerate(lines) if line == f"{key}:"), None)
    if start is None:
        return []
    block = []
    for line in lines[start + 1 :]:
        if not line.startswith((" ", "-")):
            break
        block.append(line)
    return block


def edit_corrections(rng: random.Random, root: Path) -> str | None:
    """Corrections on an event: one added (citing a source, or not), or all taken out."""
    path = rng.choice(events(root))
    lines, body = split(path)
    if get_field(lines, "corrections") is not None and rng.random() < 0.4:
        join(path, set_field(lines, "corrections", None), body)
        return f"corrections of {path.name} removed"
    sources = source_ids(root)
    cite = f" [@{rng.choice(sources)}]" if sources and rng.random() < 0.5 else ""
    old = block_of(lines, "corrections")
    lines = [*set_field(lines, "corrections", None), "corrections:", *old]
    day = f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    lines += [f'  - date: "{day}"', f'    text: "It said *{rng.choice(WORDS)}*.{cite}"']
    join(path, lines, body)
    return f"correction on {path.name}{cite}"


def edit_series(rng: random.Random, root: Path) -> str | None:
    """An event put in a series (or another place in it), or taken out."""
    path = rng.choice(events(root))
    lines, body = split(path)
    how = rng.choice(["join", "join", "renumber", "leave"])
    if how == "leave":
        lines = set_field(lines, "series", None)
    else:
        sid = rng.choice(["fuzz-talks", "india-russia-summit", "fuzz-rounds"])
        lines = set_field(lines, "series", f"{{id: {sid}, number: {rng.randint(1, 30)}}}")
    join(path, lines, body)
    return f"series of {path.name}: {how}"


def edit_same_day(rng: random.Random, root: Path) -> str | None:
    """Two events put on one day, then a `time:` or `order:` decides which comes first."""
    paths = events(root)
    if len(paths) < 2:
        return None
    first, second = rng.sample(paths, 2)
    day = get_field(split(first)[0], "date") or '"2024-07-08"'
    if not re.fullmatch(r'"?\d{4}-\d\d-\d\d"?', day):
        day = '"2024-07-08"'
    lines, body = split(second)
    lines = set_field(set_field(lines, "date", day), "end", None)
    lines = set_field(lines, "end_time", None)
    what = rng.choice(["time", "order", "none"])
    lines = set_field(
        lines,
        "time",
        f'"{rng.randint(10, 23)}:{rng.choice(["00", "30"])}"' if what == "time" else None,
    )
    lines = set_field(lines, "order", str(rng.randint(1, 5)) if what == "order" else None)
    join(second, lines, body)
    return f"{second.name} on the day of {first.name}, {what}"


def edit_event_fields(rng: random.Random, root: Path) -> str | None:
    """An event's end, display date, status, updated or people/countries list."""
    path = rng.choice(events(root))
    lines, body = split(path)
    key, value = rng.choice(
        [
            ("end", "ongoing"),
            ("end", None),
            ("display_date", f'"The {rng.choice(WORDS)} days"'),
            ("display_date", None),
            ("status", "scheduled"),
            ("status", None),
            ("updated", f'"2024-1{rng.randint(0, 2)}-0{rng.randint(1, 9)}"'),
            ("updated", None),
            ("countries", None),
            ("people", None),
        ]
    )
    if key in ("countries", "people") and (slugs := [p.stem for p in files(root, key)]):
        value = f"[{', '.join(rng.sample(slugs, min(len(slugs), rng.randint(1, 2))))}]"
    join(path, set_field(lines, key, value), body)
    return f"{key} of {path.name} to {value}"


def edit_person_fields(rng: random.Random, root: Path) -> str | None:
    """A person's country, a country's iso code (its flag), a wikidata id."""
    people, countries = files(root, "people"), files(root, "countries")
    if not people or not countries:
        return None
    if rng.random() < 0.5:
        path = rng.choice(people)
        key = "country"
        value = rng.choice([None, rng.choice(countries).stem])
    else:
        path = rng.choice(countries)
        key = "iso"
        value = rng.choice([None, "FR", "IN", "BR", "UA", "GB"])
    if rng.random() < 0.2:
        key, value = "wikidata", rng.choice([None, f"Q{rng.randint(1, 9999)}"])
    lines, body = split(path)
    join(path, set_field(lines, key, value), body)
    return f"{key} of {path.parent.name}/{path.name} to {value}"


def edit_timeline_fields(rng: random.Random, root: Path) -> str | None:
    """A timeline's summary, byline or updated; or the timeline deleted (its events then
    in none: an error on a site with timelines, undone)."""
    paths = files(root, "timelines")
    if not paths:
        return None
    path = rng.choice(paths)
    if rng.random() < 0.15:
        path.unlink()
        return f"timeline {path.stem} deleted"
    lines, body = split(path)
    key, value = rng.choice(
        [
            ("summary", f'"{sentence(rng)}"'),
            ("summary", None),
            ("byline", f"[{rng.choice(WORDS).capitalize()} Doe, Bo Roe]"),
            ("byline", None),
            ("updated", f'"2025-0{rng.randint(1, 9)}-01"'),
            ("updated", None),
        ]
    )
    join(path, set_field(lines, key, value), body)
    return f"{key} of timeline {path.stem} to {value}"


def edit_site_fields(rng: random.Random, root: Path) -> str | None:
    """site.yaml settings docs/content.md lists, beyond edit_config's."""
    path = root / "content/site.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    key, value = rng.choice(
        [
            ("base_url", f'"https://{rng.choice(WORDS)}.example.org/news/"'),
            ("base_url", None),
            ("language", rng.choice(["en", "fr", "ar"])),
            ("timezone", rng.choice(["UTC", "Europe/Moscow", "Asia/Kolkata"])),
            ("era_style", rng.choice(["bce", "bc"])),
            ("embed_links", rng.choice(["top", "new"])),
            ("order", rng.choice(["oldest", "newest"])),
            ("byline", f'"By {rng.choice(WORDS).capitalize()} Reporter"'),
            ("updated", f'"2025-0{rng.randint(1, 9)}-02"'),
            ("ignore", rng.choice(["[source-nourl]", "[]", None])),
            ("allow_html", rng.choice(["true", "false"])),
            ("tags", f'{{diplomacy: "{rng.choice(WORDS).capitalize()} talks"}}'),
        ]
    )
    path.write_text("\n".join(set_field(lines, key, value)) + "\n", encoding="utf-8")
    return f"site.yaml {key}: {value}"


def edit_only_citation(rng: random.Random, root: Path) -> str | None:
    """A body gains a citation of a source no other file cites (its source page and the
    numbering change), or loses one it cites alone."""
    path = rng.choice(events(root))
    lines, body = split(path)
    sid = f"only-source-{path.stem}"[:60]
    src = root / "content/sources.yaml"
    if sid in source_ids(root) and rng.random() < 0.5:
        body = body.replace(f" [@{sid}]", "")
        listed = [s for s in slug_list(get_field(lines, "sources")) if s != sid]
        join(path, set_field(lines, "sources", f"[{', '.join(listed)}]" if listed else None), body)
        return f"{path.name} no longer cites {sid}"
    if sid not in source_ids(root):
        entry = f'\n{sid}:\n  title: "Only {path.stem}"\n  publisher: "Gazette"\n'
        src.write_text(src.read_text(encoding="utf-8") + entry, encoding="utf-8")
    first, sep, rest = body.partition(". ")
    body = first + f" [@{sid}]" + sep + rest if sep else body.rstrip("\n") + f" [@{sid}]\n"
    join(path, lines, body)
    return f"{path.name} cites {sid} (alone)"


def break_file(rng: random.Random, root: Path) -> str | None:
    """A file made invalid (an unclosed quote, a missing front matter end, a bad date, a
    tab in YAML): an error; the sequence undoes it, the way a user fixes it."""
    path = rng.choice(
        events(root) + files(root, "people") + files(root, "timelines")
        + [p for p in (root / "content").glob("*.yaml")]
    )  # fmt: skip
    text = path.read_text(encoding="utf-8")
    how = rng.randrange(4)
    if how == 0:
        text = text.replace('"', "", 1) if '"' in text else text + 'x: "\n'
    elif how == 1 and path.suffix == ".md":
        text = text.replace("\n---\n", "\n", 1)
    elif how == 2 and path.suffix == ".md":
        lines, body = split(path)
        text = "---\n" + "\n".join(set_field(lines, "date", '"2024-13-45"')) + "\n---\n" + body
    else:
        text = text + "\tbad: [\n"
    path.write_text(text, encoding="utf-8")
    return f"{path.relative_to(root)} made invalid ({how})"


def same_mtime(rng: random.Random, root: Path) -> str | None:
    """An edit whose file keeps its size and mtime (an editor that keeps them, `git
    checkout`, a copy with `cp -p`): only its content tells."""
    path = rng.choice(events(root))
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    words = re.findall(r"(?<![\[\w@|-])[a-z]{5}(?![\w\]|-])", text)
    if not words:
        return None
    old = rng.choice(words)
    new = rng.choice([w for w in ("river", "grain", "envoy", "talks", "votes") if w != old])
    text = re.sub(rf"(?<![\[\w@|-]){old}(?![\w\]|-])", new, text, count=1)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return f"{old} -> {new} in {path.name}, size and mtime kept"


def symlink_file(rng: random.Random, root: Path) -> str | None:
    """A content file replaced by a symbolic link to an equal copy elsewhere in the site
    (outside content/), or the link edited through, or replaced by the file again."""
    path = rng.choice(events(root) + files(root, "people"))
    store = root / "shared" / path.name
    if path.is_symlink():
        if rng.random() < 0.5:
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
            return f"{path.name} a file again"
        lines, body = split(path)
        join(store, lines, body.rstrip("\n") + "\n\n" + sentence(rng) + "\n")
        return f"{path.name} edited through its link"
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(os.path.relpath(store, path.parent))
    return f"{path.name} replaced by a link to an equal file"


def crlf_file(rng: random.Random, root: Path) -> str | None:
    """A content file saved with CRLF line ends (a Windows editor), edited or not."""
    path = rng.choice(events(root) + files(root, "people") + files(root, "timelines"))
    data = path.read_bytes().replace(b"\r\n", b"\n")
    if rng.random() < 0.5:
        data = data.rstrip(b"\n") + b"\n\n" + sentence(rng).encode() + b"\n"
    path.write_bytes(data.replace(b"\n", b"\r\n"))
    return f"{path.name} with CRLF"


EDITS: dict[str, Edit] = {
    "body": edit_body,
    "title": edit_title,
    "summary": edit_summary,
    "date": edit_date,
    "timelines": edit_timelines,
    "draft": edit_draft,
    "add-event": add_event,
    "delete-event": delete_event,
    "rename-event": rename_event,
    "move-file": move_file,
    "add-person": add_person,
    "add-country": add_country,
    "add-source": add_source,
    "remove-added": remove_added,
    "timeline": edit_timeline,
    "add-timeline": add_timeline,
    "config": edit_config,
    "template": edit_template,
    "static": edit_static,
    "image": edit_image,
    "link": edit_link,
    "name": edit_name,
    "eras": edit_eras,
    "card-font": edit_card_font,
    "remove-override": remove_override,
    "markdown": edit_markdown,
    "other-body": edit_other_body,
    "source": edit_source,
    "tags": edit_tags,
    "related": edit_related,
    "person-draft": edit_person_draft,
    "delete-linked-event": delete_any_event,
    "tag-names": edit_tag_names,
    "source-field": edit_source_field,
    "corrections": edit_corrections,
    "series": edit_series,
    "same-day": edit_same_day,
    "event-fields": edit_event_fields,
    "person-fields": edit_person_fields,
    "timeline-fields": edit_timeline_fields,
    "site-fields": edit_site_fields,
    "only-citation": edit_only_citation,
    "break-file": break_file,
    "same-mtime": same_mtime,
    "symlink": symlink_file,
    "crlf": crlf_file,
}
EDITS["burst"] = burst
WATCH_WAIT_S = 20.0
"""How long serve's watcher may take to see an edit and rebuild (generous: slow CI)."""
REVERT = 0.1
"""How often a step puts back the files of a few edits ago instead of editing."""
CHECK_BESIDE_BUILD = 0.1
"""How often `sitegen check` runs after an incremental build (with its cache), compared
with a check of the copy without one."""
CLI_BESIDE_SERVE = 0.2
"""How often a `sitegen build` runs after one of serve's rebuilds (on the same site)."""
SERVE_KINDS = ("body", "body", "body", "title", "date", "summary", "link", "markdown")


def follow_renames(root: Path, renamed: str) -> bool:
    """The user's fix after a rename: every mention of the old slug names the new one."""
    m = re.match(r"renamed (\S+) -> (\S+)", renamed)
    if not m:
        return False
    old, new = m.groups()
    word = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in (root / "content").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            if word.search(text):
                path.write_text(word.sub(new, text), encoding="utf-8")
    return True


# -- the sites ---------------------------------------------------------------------------


def make_site(name: str, root: Path, seed: int = 1) -> Path:
    """One of the starting sites: 'sample', 'generated' (200 events, 3 timelines; or
    'generated500', 500 events: a site large enough for forked workers), or a site of
    tests/sites/ ('newsroom', 'deep-time', 'rosetta'), or a copy of the site folder
    at an absolute path."""
    if Path(name).is_absolute():  # a site folder of one's own (a bench site)
        shutil.copytree(name, root, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    elif name == "sample":
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "templates", root / "templates")
    elif not name.startswith("generated"):
        shutil.copytree(REPO / "tests/sites" / name, root)  # newsroom, deep-time, rosetta
    else:
        count = name.removeprefix("generated") or "200"
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks/generate.py"), str(root), "--events",
             count, "--seed", str(seed), "--timelines", "3"],
            check=True, capture_output=True,
        )  # fmt: skip
    return root


# -- the comparison ----------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".sitegen-cache" not in p.parts and "output" not in p.parts[:1]
    }


def restore(root: Path, files_before: dict[str, bytes]) -> None:
    for rel in snapshot(root):
        if rel not in files_before:
            (root / rel).unlink()
    for rel, data in files_before.items():
        path = root / rel
        if path.is_symlink():  # (a link put there since: the file as it was)
            path.unlink()
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def tree(root: Path) -> dict[str, bytes]:
    """Each file's bytes, and each folder (as 'path/'): a stale empty folder differs too."""
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix() + ("/" if p.is_dir() else ""): (
            b"" if p.is_dir() else p.read_bytes()
        )
        for p in root.rglob("*")
    }


@dataclass
class Outcome:
    code: int
    messages: str
    files: dict[str, bytes]


BUILD_OPTIONS: list[tuple[str, ...]] = [
    (),
    (),
    (),
    ("--drafts",),
    ("--base-url", "https://preview.example.org/pr-7/"),
    ("--today", "2031-06-01"),
    ("--strict",),  # a later day: events planned for 2030 are past
]
"""What each build of a sequence may be run with (a build with other options than the
last one's must still equal a clean build with them)."""


def cli_build(site: Path, out: Path, *extra: str, process: bool = False) -> Outcome:
    args = ["build", str(site), "--today", TODAY, "--quiet", "--output", str(out), *extra]
    if process:  # a new process each time, as a newsroom runs it: nothing kept in memory
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", *args],
            capture_output=True, text=True, check=False, cwd=site.parent,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        result = CliResult(done.returncode, done.stdout, done.stderr)
    else:
        result = run(*args)
    messages = (result.out + result.err).replace(str(site), "SITE").replace(str(out), "OUT")
    return Outcome(result.code, messages, tree(out))


def differences(got: Outcome, want: Outcome) -> list[str]:
    problems = []
    if got.code != want.code:
        problems.append(f"exit code {got.code} != clean {want.code}")
    if got.messages != want.messages:
        problems.append(
            f"messages differ:\n--- incremental\n{got.messages}\n--- clean\n{want.messages}"
        )
    if want.code == 0:
        missing = sorted(set(want.files) - set(got.files))
        extra = sorted(set(got.files) - set(want.files))
        differ = sorted(p for p in want.files if p in got.files and got.files[p] != want.files[p])
        for label, paths in (("missing", missing), ("extra", extra), ("differ", differ)):
            if paths:
                problems.append(f"{label}: {paths[:8]}{' …' if len(paths) > 8 else ''}")
    return problems


def serve_pages(server: PreviewServer) -> dict[str, bytes]:
    pages = server.snapshot.pages
    return {p: pages[p] for p in pages}


def preview_server(site: Path, lines: list[str], start: bool = False) -> PreviewServer:
    """A preview of `site` built once; `start`: serving and watching too."""
    server = PreviewServer(site, port=0, today=dt.date.fromisoformat(TODAY), echo=lines.append)
    if start:
        server.start()
    else:
        server.rebuild(initial=True)
    return server


def quiet(lines: list[str]) -> list[str]:
    """What serve printed, less the timings."""
    return [re.sub(r"\d+(\.\d+)? ?m?s\b|\d+ files", "N", line) for line in lines]


@dataclass
class Checker:
    """Runs one seeded sequence of edits on one site and collects divergences."""

    site: Path
    work: Path
    seed: int
    kinds: tuple[str, ...] = tuple(EDITS)
    serve: bool = False
    processes: bool = False
    """Each CLI build in a process of its own (slower; the in-process runs share memory)."""
    watch: bool = False
    """serve's own watcher sees the saves and rebuilds (else the sequence tells it which
    files changed, as the watcher would)."""
    log: list[str] = field(default_factory=list)
    divergences: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.out = self.work / "out"
        self.lines: list[str] = []
        self.history: list[dict[str, bytes]] = []
        self.good: dict[str, bytes] | None = None
        """The files as of the last build that succeeded with no option that lets more
        content pass (--drafts): where a sequence whose undo still fails goes back to."""
        self.server = None
        if self.serve:
            # serve starts warm from what `sitegen build` cached, and the CLI builds
            # now and then while it runs (into the same cache)
            self._compare_cli()
            self.server = preview_server(self.site, self.lines, start=self.watch)
            self.seen = self.server.rebuilds

    def compare(self, touched: list[str]) -> bool:
        """Build incrementally (or rebuild serve's) and compare with a clean build."""
        if self.server is not None:
            ok = self._compare_serve(touched)
            if ok and self.rng.random() < CLI_BESIDE_SERVE:
                self._compare_cli()
            return ok
        return self._compare_cli()

    def _reference(self) -> tuple[Path, Path]:
        """A copy of the site (without its cache) and a folder for its clean build."""
        ref_site, ref_out = self.work / "ref-site", self.work / "ref-out"
        shutil.rmtree(ref_site, ignore_errors=True)
        shutil.rmtree(ref_out, ignore_errors=True)
        shutil.copytree(
            self.site, ref_site, ignore=shutil.ignore_patterns(".sitegen-cache", "output")
        )
        return ref_site, ref_out

    def _compare_cli(self) -> bool:
        ref_site, ref_out = self._reference()
        extra = self.rng.choice(BUILD_OPTIONS)
        last = tree(self.out)
        got = cli_build(self.site, self.out, *extra, process=self.processes)
        want = cli_build(ref_site, ref_out, *extra, "--clean", process=self.processes)
        want.messages = want.messages.replace(str(ref_site), "SITE").replace(str(ref_out), "OUT")
        problems = differences(got, want)
        if self.rng.random() < CHECK_BESIDE_BUILD:
            problems += self._compare_check(ref_site, extra)
        if got.code != 0 and got.files != last:
            problems.append("a failed build changed the output folder")
        if problems:
            self.divergences.append(
                f"seed {self.seed} after {self.log}, built with {extra}: " + "; ".join(problems)
            )
        # (a --strict build that fails on warnings alone needs no repair)
        ok = got.code == 0 or ("--strict" in extra and ": error: " not in got.messages)
        if ok and "--drafts" not in extra:
            self.good = snapshot(self.site)
        return ok

    def _compare_check(self, ref_site: Path, extra: tuple[str, ...]) -> list[str]:
        """`sitegen check` of the site (with the cache the builds left) against one of
        the copy without it: the same problems and exit code."""
        today = ("--today", extra[1]) if "--today" in extra else ("--today", TODAY)
        strict = ("--strict",) if "--strict" in extra else ()
        got = run("check", self.site, *today, *strict, "--format", "json")
        want = run("check", ref_site, *today, *strict, "--format", "json", "--no-cache")
        if (got.code, got.out) == (want.code, want.out.replace(str(ref_site), str(self.site))):
            return []
        return [
            f"check differs: {got.code} {got.out[:1500]} != clean {want.code} {want.out[:1500]}"
        ]

    def _compare_serve(self, touched: list[str]) -> bool:
        assert self.server is not None
        ref_site, _ = self._reference()
        self.lines.clear()
        if self.watch:  # (nothing to see when no file changed)
            report = self._watched() if touched else self.server.last
            if report is None:
                self.divergences.append(f"serve seed {self.seed} after {self.log}: no rebuild")
                return True
        else:
            report = self.server.rebuild(touched)
        got_lines = quiet(self.lines)
        fresh_lines: list[str] = []
        fresh = preview_server(ref_site, fresh_lines)
        problems = []
        if report.ok != (fresh.last is not None and fresh.last.ok):
            problems.append(f"ok {report.ok} != fresh; serve said {got_lines[-3:]}")
        want_lines = quiet(fresh_lines)
        # the fresh build prints its diagnostics then "built N files"; the rebuild its
        # diagnostics then "X: rebuilt …": compare the diagnostics (not when the watcher
        # rebuilt: it may have made two rebuilds of one edit, each printing them)
        if not self.watch and got_lines[:-1] != want_lines[:-1]:
            problems.append(f"diagnostics differ: {got_lines[:-1]} != {want_lines[:-1]}")
        if report.ok:
            got, want = serve_pages(self.server), serve_pages(fresh)
            differ = sorted(p for p in set(got) | set(want) if got.get(p) != want.get(p))
            if differ:
                problems.append(f"pages differ: {differ[:8]}")
        if problems:
            self.divergences.append(
                f"serve seed {self.seed} after {self.log}: " + "; ".join(problems)
            )
        return report.ok

    def _watched(self) -> Rebuild | None:
        """The last of the watcher's rebuilds after an edit, once it has no more to do."""
        assert self.server is not None
        deadline = time.monotonic() + WATCH_WAIT_S
        while self.server.rebuilds == self.seen and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.server.rebuilds == self.seen:
            return None
        while True:  # settled: none running, and none for longer than the watcher
            # groups saves (a burst written slowly, under load, is seen in two parts: the
            # first part's rebuild is not the last)
            count = self.server.rebuilds
            time.sleep(MAX_GROUP_MS / 1000 + 0.3)
            if count == self.server.rebuilds and not self.server._build_lock.locked():
                self.seen = count
                return self.server.last

    def step(self) -> None:
        before = snapshot(self.site)
        self.history.append(before)
        if len(self.history) > 1 and self.rng.random() < REVERT:
            # back to the files of a few edits ago (git checkout, an editor's undo):
            # caches keyed by content see a version they have seen before
            back = self.rng.randint(1, min(3, len(self.history) - 1))
            restore(self.site, self.history[-1 - back])
            did: str | None = f"reverted {back} edits"
        else:
            did = EDITS[self.rng.choice(self.kinds)](self.rng, self.site)
        if did is None:
            return
        self.log.append(did)
        if self.compare(changed(before, snapshot(self.site))):
            return
        fixed = snapshot(self.site)
        if follow_renames(self.site, did):
            self.log.append("links follow the rename")
            if self.compare(changed(fixed, snapshot(self.site))):
                return
            fixed = snapshot(self.site)
        restore(self.site, before)
        self.log.append("undone")
        if self.compare(changed(fixed, snapshot(self.site))) or self.good is None:
            return
        # still failing: an edit before passed only because that build took drafts
        # (a person made a draft, named on a page): back to the last files that built
        fixed = snapshot(self.site)
        restore(self.site, self.good)
        self.log.append("back to the last that built")
        self.compare(changed(fixed, snapshot(self.site)))

    def run(self, steps: int) -> list[str]:
        self.compare([])
        for _ in range(steps):
            self.step()
        return self.divergences


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The paths an edit touched, as serve's watcher reports them."""
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
