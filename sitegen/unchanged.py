"""Has anything changed since the last build? A build that finds every input as the last
one read it, and the output folder as it wrote it, answers with the last Result at once
(build.pickle and manifest.pickle, see state.py): at 10,000 events, a fifth of a second.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from . import cache as cache_mod
from .files import Refused, default_theme, file_digest, read_file, stat_signature
from .write import Manifest, stamp_of


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
    wrote (the same files, sizes, mtimes and ctimes)."""
    if not manifest.files:
        return False
    found = 0
    for dirpath, _dirnames, filenames in os.walk(out):
        base = os.path.relpath(dirpath, out)
        for name in filenames:
            rel = name if base == "." else f"{base}/{name}".replace(os.sep, "/")
            known = manifest.files.get(rel)
            if known is None:
                return False
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                return False
            if stamp_of(st) != known[1:]:
                return False
            found += 1
    return found == len(manifest.files)


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
        self.stats, self.h, self.known_only = stats, h, known_only
        self.fresh: dict[str, tuple[int, ...]] = {}
        self.changed: set[str] = set()
        """Content files changed or new (and, once the walk ends, gone)."""
        self.loaded = 0
        self.key = ""
        """The hash, once the walk ends."""

    def root(self, root: Path) -> bool:
        """Hash the files under `root`; False when known_only and one changed."""
        self.h.update(b"\0root\0" + str(root).encode())
        content = self.content
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            in_content = dirpath == content or dirpath.startswith(content + os.sep)
            prefix = dirpath[self.skip :].replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                self.h.update(b"\0" + path.encode() + b"\0")
                if not self._file(path, prefix + name, in_content):
                    return False
        return True

    def _file(self, path: str, rel: str, in_content: bool) -> bool:
        try:
            if in_content:
                st = os.stat(path)
                signature = stat_signature(st)
                self.fresh[rel] = signature
                known = self.stats.get(rel)
                if known is not None and known[0] == signature:
                    self.h.update(known[1].encode())
                    self.loaded += 1
                    return True
                if self.known_only and known is not None:
                    return False  # changed since the load read it
                self.changed.add(rel)
            data, st = read_file(path)  # (never a FIFO's wait, a device)
            file_hash = file_digest(data)
        except (OSError, Refused):
            self.h.update(b"\0unreadable")
            return True
        self.h.update(file_hash.encode())
        if in_content:
            # what load_site would hash again: it trusts this while the file's stat
            # signature stays the same
            self.stats[rel] = (stat_signature(st), file_hash)
        return True
