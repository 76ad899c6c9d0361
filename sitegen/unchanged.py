"""Has anything changed since the last build? A build that finds every input as the last
one read it, and the output folder as it wrote it, answers with the last Result at once
(build.pickle and manifest.pickle, see state.py): at 10,000 events, a fifth of a second.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from . import cache as cache_mod
from .files import (
    Refused,
    default_theme,
    file_digest,
    read_file,
    settled,
    stat_signature,
    within,
)
from .write import Manifest, stamp_of, users


def inputs_key(
    site_dir: Path,
    settings: str,
    stats: dict[str, tuple[tuple[int, ...], str]],
    known_only: bool = False,
) -> InputsWalk | None:
    """A hash (`key`) of everything a build reads: sitegen's code, the build's `settings`
    (options, date, …), every file of the site's content/, templates/ and static/, and
    the default theme; with the content files it found changed, new or gone.

    `stats`: each content file's stat signature and hash as last known (updated here).
    known_only: after a build, from the content hashes its load took; None when a
    content file is not as that load saw it (changed meanwhile: the build may have
    read either version, so nothing is recorded and the next build looks again)."""
    import hashlib  # (see adapters.blake2b)

    h = hashlib.sha256(cache_mod.code_digest().encode())
    h.update(settings.encode())
    roots = [site_dir / d for d in ("content", "templates", "static")]
    roots.append(default_theme())
    walk = InputsWalk(site_dir, stats, h, known_only)
    for root in roots:
        if not walk.root(root):
            return None  # changed since the load read it
    if known_only and walk.loaded != len(walk.stats):
        return None  # a file the load read is gone
    walk.changed.update(rel for rel in walk.stats if rel not in walk.fresh)  # gone
    walk.key = h.hexdigest()
    return walk


def output_as_written(out: Path, manifest: Manifest) -> bool:
    """Whether the output folder holds exactly what the manifest says the last build
    wrote (the same files, sizes, mtimes and ctimes; a link or a special file is never
    what it wrote, nor a folder holding none of its files)."""
    if not manifest.files:
        return False
    try:
        found = _as_written(str(out), "", manifest.files)
    except OSError:
        return False
    return found == len(manifest.files)


def _as_written(folder: str, prefix: str, files: dict[str, tuple[str, int, int, int]]) -> int:
    """How many files below `folder` are as the manifest has them (paths after
    `prefix`); -1 at the first that is not. One scandir per folder and one lstat per
    file (the DirEntry's): at 10,000 events, 11,000 folders and 13,000 files."""
    found = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not prefix and users(entry.name):
                continue  # (left as it is by every build: see write.users)
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                inside = _as_written(entry.path, rel + "/", files)
                if inside <= 0:  # (an empty folder is not one a build leaves: made by hand)
                    return -1
                found += inside
                continue
            known = files.get(rel)
            if known is None or stamp_of(entry.stat(follow_symlinks=False)) != known[1:]:
                return -1
            found += 1
    return found


Known = tuple[tuple[int, ...], str]
"""A content file's stat signature and hash, as a build recorded them."""


class InputsWalk:
    """inputs_key's walk: every file under each root into the hash; a content file's
    hash taken from `stats` while its stat signature is the same."""

    def __init__(
        self,
        site_dir: Path,
        stats: dict[str, tuple[tuple[int, ...], str]],
        h: Any,
        known_only: bool,
    ) -> None:
        self.content = str(site_dir / "content")
        self.skip = len(str(site_dir)) + 1
        self.real = os.path.realpath(site_dir)
        self.followed: set[str] = set()
        """Folders reached through links, resolved (see _follows)."""
        self.stats, self.h, self.known_only = stats, h, known_only
        self.fresh: dict[str, tuple[int, ...]] = {}
        self.changed: set[str] = set()
        """Content files changed or new (and, once the walk ends, gone)."""
        self.loaded = 0
        self.restamped = 0
        """Content files whose recorded signature the walk replaced, their content as
        recorded (a racy one now settled, or one touched): worth recording again."""
        self.since = time.time_ns()
        """Before the walk read any file (see files.settled)."""
        self.key = ""
        """The hash, once the walk ends."""

    def root(self, root: Path) -> bool:
        """Hash the files under `root`; False when known_only and one changed."""
        self.h.update(b"\0root\0" + os.fsencode(root))
        top = str(root)
        in_content = top == self.content or top.startswith(self.content + os.sep)
        return self._folder(top, top[self.skip :].replace(os.sep, "/") + "/", in_content)

    def _folder(self, folder: str, prefix: str, in_content: bool) -> bool:
        """The files of `folder`, then its folders, each in the order of their names (as
        os.walk would give them, without its joins and its stat of every folder); a
        link to a folder is hashed with where it leads, and followed where the load
        follows it (see _follows); a folder that cannot be listed is skipped."""
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as exc:
            if os.path.lexists(folder):  # (a link to nowhere, or round, is no missing folder)
                self.h.update(b"\0unlistable\0" + str(exc.errno).encode())
            return True
        folders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() or self._follows(folder, entry.path, in_content):
                    folders.append(entry)
                continue
            self.h.update(b"\0" + os.fsencode(entry.path) + b"\0")  # (any name's bytes)
            if not self._file(entry, prefix + entry.name, in_content):
                return False
        return all(
            self._folder(entry.path, f"{prefix}{entry.name}/", in_content) for entry in folders
        )

    def _follows(self, folder: str, link: str, in_content: bool) -> bool:
        """Hash a link to a folder with where it leads (a link added, or led elsewhere,
        changes what the load reads); whether to walk it: as load.Walk follows one, when
        it leads inside the site, not back to a folder that holds it, not into content/
        from content/ (read there already) and not where another link led."""
        target = os.path.realpath(link)
        self.h.update(b"\0link\0" + os.fsencode(link) + b"\0" + os.fsencode(target))
        home = os.path.realpath(self.content)
        if (
            not target.startswith(self.real + os.sep)
            or within(os.path.realpath(folder), target)
            or (in_content and (within(target, home) or within(home, target)))
            or target in self.followed
        ):
            if in_content:  # (the load's search says why it is not followed: not the last's)
                self.changed.add(link[self.skip :].replace(os.sep, "/"))
            return False
        self.followed.add(target)
        return True

    def _file(self, entry: os.DirEntry[str], rel: str, in_content: bool) -> bool:
        path = entry.path
        known = None
        try:
            if in_content:
                st = entry.stat()
                signature = stat_signature(st)
                self.fresh[rel] = signature
                known = self.stats.get(rel)
                if known is not None and known[0] == signature:
                    self.h.update(known[1].encode())
                    self.loaded += 1
                    return True
            data, st = read_file(path)  # (never a FIFO's wait, a device)
            file_hash = file_digest(data)
        except (OSError, Refused):
            if in_content:  # (a link that leads nowhere or round: the load says so)
                self.changed.add(rel)
            self.h.update(b"\0unreadable")
            return True
        self.h.update(file_hash.encode())
        if in_content:
            return self._content_read(rel, known, (stat_signature(st), file_hash))
        return True

    def _content_read(self, rel: str, known: Known | None, found: Known) -> bool:
        """A content file read, its stamp not the one recorded (or recorded as racy: see
        files.settled): changed when its content is not the one recorded either; False
        when known_only and it is (changed since the load read it)."""
        signature = settled(found[0], self.since)
        if known is None or known[1] != found[1]:
            if self.known_only and known is not None:
                return False
            self.changed.add(rel)
        else:
            self.loaded += 1
            if known[0] != signature:
                self.restamped += 1
        # what load_site would hash again: it trusts this while the file's stat
        # signature stays the same
        self.stats[rel] = (signature, found[1])
        return True
