"""Checks that a built site's files parse, for tests that feed sitegen hostile content:
every output a reader's tool opens (a browser, a feed reader, a calendar, a JSON client)
must open, whatever the content held."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib

from tests.conftest import SITES, write_site

HOSTILE = SITES / "hostile"

CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
"""C0 and C1 control characters other than tab, newline and carriage return, and the
Unicode noncharacters."""


def materialize(case: str, root: Path) -> Path:
    """The minimal valid site with tests/sites/hostile/<case>/content laid over it."""
    write_site(root, {})
    shutil.copytree(HOSTILE / case / "content", root / "content", dirs_exist_ok=True)
    return root


def check_html(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8")
    assert not CONTROL.search(text), f"{path}: a control character"
    # strict: any HTML5 parse error (an unescaped '<', a control character) raises
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)


def check_ics(path: Path) -> None:
    data = path.read_bytes()
    assert data.endswith(b"\r\n"), path
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, (path, line)
        assert len(line) <= 75, (path, line)
        assert not CONTROL.search(line.decode("utf-8")), (path, line)
    unfolded = [line for line in lines if not line.startswith(b" ")]
    assert unfolded[0] == b"BEGIN:VCALENDAR" and unfolded[-1] == b"END:VCALENDAR"
    for line in unfolded:
        assert re.match(rb"^[A-Z][A-Z0-9-]*[;:]", line), (path, line)
    for line in unfolded:
        if line.startswith((b"DTSTART", b"DTEND", b"DTSTAMP")):
            assert re.search(rb":\d{8}(T\d{6}Z)?$", line), (path, line)


def check_output(output: Path) -> None:
    """Every file of a built site parses in the format its name says."""
    assert (output / "index.html").is_file(), output
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix
        if suffix == ".html":
            check_html(path)
        elif suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif suffix in (".xml", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not CONTROL.search(text), path
            ET.fromstring(path.read_bytes())
        elif suffix == ".ics":
            check_ics(path)
        elif suffix == ".txt":
            text = path.read_text(encoding="utf-8")
            assert not CONTROL.search(text), path
            for line in text.splitlines():
                assert line == "" or re.match(r"^[A-Za-z-]+: \S*$", line), (path, line)
