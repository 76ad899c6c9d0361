"""Pixel sizes of local images, read from their headers (PNG, GIF, JPEG, WebP, SVG)."""

from __future__ import annotations

import os
import re
import stat
import struct
from pathlib import Path, PurePosixPath


def size(path: Path) -> tuple[int, int] | None:
    """(width, height), or None when the file is missing or not an image we can read."""
    try:
        # never blocks on a FIFO, never reads a device: only a regular file's header
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            head = fh.read(64 * 1024)
    except OSError:
        return None
    try:
        return _size(head)
    except (struct.error, ValueError, IndexError):
        return None


def _size(head: bytes) -> tuple[int, int] | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        w, h = struct.unpack(">II", head[16:24])
        return w, h
    if head[:6] in (b"GIF87a", b"GIF89a"):
        w, h = struct.unpack("<HH", head[6:10])
        return w, h
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
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
    if head.startswith(b"\xff\xd8"):
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
    text = head.decode("utf-8", "ignore")
    if "<svg" in text:
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
        return f"image '{src}' points outside the site's static/ folder"
    return ""
