"""Pictures that a timeline's media names by a path (`./media/1066.jpg`, `images/a.png`):
the files next to SOURCE, as the page that showed the timeline had them. Those found are
copied into the site's `static/` under the same path, and the event's `image:` names
them there; a path that leads nowhere (or out of SOURCE's folder) is left to the editor.

Only SOURCE's own folder, not the folders above it where the page that showed the
timeline may have been: a file from elsewhere could name pictures of the user's own
(`Pictures/…`), which the import would copy into a site to be published.
"""

from __future__ import annotations

import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..diagnostics import Diagnostic
from ..files import stays_inside

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")


@dataclass
class LocalPictures:
    """The pictures next to SOURCE that its slides name, to copy into static/."""

    folder: Path | None
    """SOURCE's folder (None: no picture is looked for)."""
    static: Path
    """The site's static/ folder."""
    force: bool = False
    copies: dict[Path, Path] = field(default_factory=dict)
    """Where each picture goes in static/, from where it is."""
    kept: list[str] = field(default_factory=list)
    """static/ paths that exist with other content and were not replaced (no --force)."""

    def find(self, url: str) -> str:
        """The `image: src` a media path has once its file is copied into static/, or ''
        when it names no picture file in SOURCE's folder."""
        parts = _parts(url)
        if self.folder is None or not parts:
            return ""
        try:
            named = self.folder.joinpath(*parts)
            if not stays_inside(named, self.folder) or not named.is_file():
                return ""
            found = named.resolve()
            target = self.static.joinpath(*parts)
            if target.exists() and not self.force and not _same(found, target):
                self.kept.append("static/" + "/".join(parts))
                return ""
        except OSError:
            return ""
        self.copies[target] = found
        return "/".join(parts)

    def was_kept(self, url: str) -> bool:
        """Whether the picture a media path names was found but not copied (a different
        file has its place in static/; said by `copy`)."""
        return "static/" + "/".join(_parts(url)) in self.kept

    def copy(self, root: Path) -> tuple[list[Path], list[Diagnostic]]:
        """Copy the pictures found; the files written, and the problems."""
        written: list[Path] = []
        problems: list[Diagnostic] = []
        for rel in self.kept:
            why = (
                "a different file is there, so the picture of the same name next to the "
                "timeline is not copied (--force replaces it); the event keeps a comment"
            )
            problems.append(Diagnostic(rel, 1, 1, "warning", "import-exists", why))
        for target, found in self.copies.items():
            rel = target.relative_to(root).as_posix()
            try:
                if not stays_inside(self.static, root) or not stays_inside(target, self.static):
                    raise OSError("a symbolic link leads it outside the site's static/")
                if target.exists() and _same(found, target):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(found, target)
            except OSError as exc:
                why = exc.strerror or str(exc)
                problems.append(Diagnostic(rel, 1, 1, "error", "import-write",
                                           f"cannot copy the picture here: {why}"))  # fmt: skip
                continue
            written.append(target)
        return written, problems


def _parts(url: str) -> list[str]:
    """A media path's parts, relative to SOURCE's folder (`./a/b.jpg`, `/a/b.jpg` and
    `a/b.jpg` alike); none for an address, a path out of the folder or no picture."""
    path = urllib.parse.unquote(url.split("#", 1)[0].split("?", 1)[0]).strip()
    if "\\" in path or ":" in path or not path.lower().endswith(IMAGE_EXTENSIONS):
        return []
    parts = [p for p in PurePosixPath(path.lstrip("/")).parts if p != "."]
    return [] if ".." in parts else parts


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
