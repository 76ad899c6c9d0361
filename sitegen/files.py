"""The files sitegen reads, touched cheaply: where the site and the shipped theme are, a
file's bytes from one open, a stat signature that tells a file changed without reading it,
and a hash of its bytes.

A light module (the standard library and diagnostics.py only): a build that finds
nothing changed (unchanged.py) uses these alone, before it imports a parser or a
template engine.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path

from .adapters import blake2b
from .errors import UsageError

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A content or static file larger than this is refused (`file-too-large`), not read:
a timeline's files are small, and one such file could take the build's memory."""

PACKAGE_THEME = Path(__file__).parent / "theme"
REPO_THEME = Path(__file__).parent.parent / "templates"
TEMPLATE_EXTENSIONS = ("html", "xml", "txt")
TEMPLATE_SUFFIXES = tuple(f".{extension}" for extension in TEMPLATE_EXTENSIONS)
"""The ends of the names of the files in templates/ that are Jinja templates (compiled by
Renderer.check_templates, named in a template error's traceback); the rest are assets."""


def default_theme() -> Path:
    """The theme shipped in the wheel, or the repository's templates/ in a source checkout."""
    return PACKAGE_THEME if PACKAGE_THEME.is_dir() else REPO_THEME


def site_root(path: Path) -> Path:
    path = path.resolve()
    if not (path / "content").is_dir():
        hint = ""
        if path.name == "content" and (path / "site.yaml").exists():
            hint = f"; did you mean {path.parent}?"
        raise UsageError(
            f"{path} is not a sitegen site: it has no content/ folder{hint} "
            "(create one with 'sitegen init DIR')"
        )
    return path


class Refused(Exception):
    """A file that must not be read: a link out of the site, a special file, a huge one."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def special_file(kind: str) -> Refused:
    fix = "rename it" if kind == "folder" else "remove it"
    return Refused(
        "not-a-file", f"this is a {kind}, not a file; sitegen reads only regular files: {fix}"
    )


def not_a_folder(kind: str, shown: str) -> Refused:
    """Refused for `shown` (content/events, static, templates), where sitegen reads a
    folder, when it is a file or a special file: passed over in silence, its pages or
    the theme's overrides would be missing from the site with no word why."""
    return Refused(
        "not-a-file",
        f"this is a {kind}, not a folder; sitegen reads {shown}/ as a folder: rename it",
    )


NAME_TROUBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories no folder name sitegen makes or writes into may hold: controls (a
newline, an escape), format characters (a direction override) and the line and
paragraph separators, which would split or turn round each line that names the folder."""


def name_trouble(name: str) -> str:
    """The first character of `name` in NAME_TROUBLE, or ''."""
    return next((c for c in name if unicodedata.category(c) in NAME_TROUBLE), "")


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def too_large(size: int) -> Refused:
    return Refused(
        "file-too-large",
        f"this file is {size / 2**20:.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
        "sitegen reads; make it smaller, or publish it from elsewhere",
    )


def within(path: str, folder: str) -> bool:
    """Whether the resolved `path` is the resolved `folder` or inside it."""
    return path == folder or path.startswith(folder + os.sep)


def link_outside(target: str) -> Refused:
    return Refused(
        "link-outside",
        f"this symbolic link leads outside the site folder (to {target}); sitegen "
        "reads nothing from outside the site: copy the file in instead of linking it",
    )


def unreadable(exc: OSError) -> Refused:
    """Refused for a file sitegen found but could not read, with what to do about it."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        fix = "it was moved or removed while sitegen read the site: run the command again"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        fix = "give sitegen read access to it (chmod u+r), or remove it"
    else:
        fix = "check the disk, or remove the file"
    return Refused("unreadable", f"cannot read the file: {exc.strerror or exc}; {fix}")


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""Open a file, not a symbolic link in its place (ELOOP): where the system has it."""


def read_inside(path: str, site: str) -> bytes:
    """The bytes of a file the scan found inside `site` (resolved), read later (static/
    as the output is written): Refused if it is now a link out of the site, a special or
    a huge file. The scan's check holds for the file the scan saw; one replaced since by
    a link to /etc/passwd or ~/.ssh/id_rsa would otherwise be published."""
    return _read_real(path, site)[0]


def _read_real(path: str, site: str) -> tuple[bytes, os.stat_result]:
    real = os.path.realpath(path)
    if not real.startswith(site + os.sep):
        raise link_outside(real)
    return read_file(real, NOFOLLOW)


class SiteReader:
    """Reads the content files a scan found inside `site` (resolved), each checked again
    as it is read, as read_inside checks static files: one swapped since the scan for a
    link out of the site (or a folder on its way swapped for one) is Refused, not read
    and published. A file is opened without following a link in its place, from its
    folder's real path, worked out once a folder per read of the site: resolving each
    file's path anew costs a system call a folder on its way, for thousands of files."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.folders: dict[str, str] = {}
        """A folder's path as the scan wrote it -> its real path and a separator, once it
        is known to be inside the site."""

    def read(self, path: str) -> tuple[bytes, os.stat_result]:
        head, _, name = path.rpartition(os.sep)
        real = self.folders.get(head)
        if real is None:
            real = os.path.realpath(head) + os.sep
            if not real.startswith(self.site + os.sep):
                raise link_outside(real.rstrip(os.sep))
            self.folders[head] = real  # (only folders inside the site are kept)
        try:
            return read_file(real + name, NOFOLLOW)
        except OSError as exc:
            # ELOOP (EMLINK on BSD): a link where the file is, followed only inside the site
            if not NOFOLLOW or exc.errno not in (errno.ELOOP, errno.EMLINK):
                raise
        return _read_real(path, self.site)


def read_file(path: str, flags: int = 0) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its stat, from one open file: for 11,000 small files a stat call
    and Python's buffered file object cost as much as reading them."""
    # O_NONBLOCK: a FIFO opens at once (and is refused), instead of waiting for a writer
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise special_file(kind_of(st.st_mode))
        if st.st_size > MAX_FILE_BYTES:
            raise too_large(st.st_size)
        data = os.read(fd, st.st_size + 1)
        if len(data) != st.st_size:  # it changed since, or a short read: read to the end
            parts = [data]
            while chunk := os.read(fd, 1 << 20):
                parts.append(chunk)
                if sum(map(len, parts)) > MAX_FILE_BYTES:
                    raise too_large(sum(map(len, parts)))
            data = b"".join(parts)
        return data, st
    finally:
        os.close(fd)


def blocked_folder(site: Path, folder: Path) -> str:
    """Why no file can be made in `folder` (inside `site`), or '': a folder on its way
    that is a file (or a FIFO), or a link to nothing. (Making the folders would fail
    with the system's "Not a directory" or, for the link, "File exists".)"""
    for above in (folder, *folder.parents):
        if above == site or not above.is_relative_to(site):
            break
        rel = above.relative_to(site).as_posix()
        if os.path.islink(above) and not os.path.exists(above):
            return f"{rel} is a symbolic link to nothing; remove it, or make what it names"
        if os.path.lexists(above) and not os.path.isdir(above):
            return f"{rel} is a file, not a folder; move it away"
    return ""


def writable_in_site(site: Path, path: Path) -> None:
    """Refuse (UsageError) to write `path` for `sitegen new`: a folder or file on its way
    that is a link out of the site would take the write outside it, and a file that is
    there but not a regular one (a FIFO) would block it."""
    real, inside = os.path.realpath(path), os.path.realpath(site) + os.sep
    rel = path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
    if not real.startswith(inside):
        raise UsageError(
            f"{rel} leads outside the site (to {real}); sitegen writes nothing outside "
            "the site: replace the link with the folder or file itself"
        )
    if blocked := blocked_folder(site, path.parent):
        raise UsageError(blocked)
    if os.path.lexists(path) and not os.path.isfile(real):
        raise UsageError(f"{rel} is not a regular file; remove it")


def stays_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, every symbolic link on its way followed, is `folder` or within it
    (`folder` followed likewise, so a site reached through a link is still itself). A path
    not there yet is followed as far as it exists: a new file in a real folder stays
    inside, one under a link out of the folder does not; a loop of links does not."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # (a loop: RuntimeError before Python 3.13)
        return False


def site_text(path: Path) -> str:
    """A site file's text, read as a regular file only (Refused for a FIFO, a device or
    a huge file; UnicodeDecodeError for one that is not UTF-8)."""
    return read_file(str(path))[0].decode("utf-8")


def stat_signature(st: os.stat_result) -> tuple[int, ...]:
    """What tells a file changed without reading it (as make trusts mtimes)."""
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


RACY_NS = 2_000_000_000
"""The coarsest tick of the file times a file system keeps (FAT: 2 s; 1 s on many
network shares and some container overlays; a jiffy on Linux's own)."""

RACY: tuple[int, ...] = ()
"""The signature recorded for a file read while it could still change unseen: no file's
matches it, so the next build reads the file and compares its content."""


def settled(signature: tuple[int, ...], since_ns: int) -> tuple[int, ...]:
    """`signature` to record with the hash of the content read after `since_ns` (the
    clock, time.time_ns, before the read), or RACY when the file changed (its mtime or
    ctime) less than RACY_NS before: a save in that same tick of a coarse clock, of the
    same size (a date 2019 -> 2018), would leave the signature as it is, and the build
    after it would take the old content for the new ("racy git"). Git distrusts an
    index entry not older than the index; a racy file is read again by the next build
    alone (those saved in the last two seconds: the one an editor just saved)."""
    if max(signature[0], signature[1]) < since_ns - RACY_NS:
        return signature
    return RACY


def file_digest(raw: bytes) -> str:
    """A content file's hash: part of the parse cache's keys and of model digests."""
    return blake2b(raw, digest_size=16).hexdigest()
