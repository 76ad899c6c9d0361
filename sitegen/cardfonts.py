"""The font files share cards may be drawn with, and what identifies each one.

The standard library only: the no-change build (build._inputs_key) stats these files
to see a card font replaced under its name, or one installed on the system, without
importing the drawing (sharecards.py, which chooses among them)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Config

_SHARE = "/usr/share/fonts/"
SYSTEM_FONTS: tuple[tuple[str, str], ...] = (
    (_SHARE + "truetype/dejavu/DejaVuSans.ttf", _SHARE + "truetype/dejavu/DejaVuSans-Bold.ttf"),
    (
        _SHARE + "opentype/noto/NotoSansCJK-Regular.ttc",
        _SHARE + "opentype/noto/NotoSansCJK-Bold.ttc",
    ),
    (_SHARE + "truetype/noto/NotoSans-Regular.ttf", _SHARE + "truetype/noto/NotoSans-Bold.ttf"),
    (_SHARE + "truetype/droid/DroidSansFallbackFull.ttf", ""),
    (_SHARE + "truetype/wqy/wqy-microhei.ttc", ""),
    (_SHARE + "truetype/wqy/wqy-zenhei.ttc", ""),
    (_SHARE + "truetype/arphic/uming.ttc", ""),
    (
        _SHARE + "truetype/unfonts-core/UnDotum.ttf",
        _SHARE + "truetype/unfonts-core/UnDotumBold.ttf",
    ),
    *(
        (
            _SHARE + f"truetype/noto/NotoSans{script}-Regular.ttf",
            _SHARE + f"truetype/noto/NotoSans{script}-Bold.ttf",
        )
        for script in ("Thai", "Lao", "Khmer", "Myanmar")
    ),
)
"""(regular, bold) fonts looked for on the system, in order: DejaVu Sans (on most Linux
systems), then fonts with Chinese, Japanese and Korean (Noto CJK, Droid Sans Fallback,
WenQuanYi, AR PL, Un), then Noto Sans Thai, Lao, Khmer and Myanmar (Debian's
fonts-noto-core). A text is drawn in the site's font (site.yaml's `cards:`), else the
first of these that has all its characters; Pillow's own font when none is found."""


def stamp(path: str) -> str:
    """What identifies a font file in a card's cache name and the no-change key: its
    path, size and mtime ('pillow' for Pillow's own font, the path alone when absent)."""
    if not path:
        return "pillow"
    try:
        st = os.stat(path)
    except OSError:
        return path
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def own(config: Config) -> list[str]:
    """The site's own card fonts (site.yaml's `cards:`), as named: paths in the site folder."""
    return list(dict.fromkeys(p for p in (config.card_font, config.card_bold_font) if p))


def files(site_dir: Path, config: Config | None) -> list[str]:
    """Every font file a build's cards may be drawn with, found or not."""
    named = own(config) if config is not None else []
    return [str(site_dir / p) for p in named] + [p for pair in SYSTEM_FONTS for p in pair if p]


def key(paths: Iterable[str]) -> str:
    """The files with their stamps, one a line."""
    return "\n".join(f"{path}\t{stamp(path)}" for path in paths)


def paths_in(text: str) -> list[str]:
    """The files of a `key`."""
    return [line.split("\t", 1)[0] for line in text.splitlines()]
