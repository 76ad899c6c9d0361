"""The output folder: guarded, staged, atomic, and touched only where bytes changed.

- `guard` refuses folders that are not ours to write: the site itself, its sources, any
  parent of the site, `/`, the home folder, or a non-empty folder sitegen did not make
  (its marker is kept outside the output, in the site's .sitegen-cache/outputs/, so that
  `aws s3 sync output/ …` or `rsync -a output/ …` uploads nothing but the site).
- `Staging` receives rendered files in a sibling temporary folder while the build runs;
  nothing in the output changes until `commit`, which moves each changed file into place
  with a rename (readers never see half a file) and removes files of deleted pages.
- A failed build calls `abort`: the staging folder goes, the output stays as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import cache
from .diagnostics import UsageError

MARKER = ".sitegen-output"
"""The marker earlier versions kept inside the output: still recognised, then removed."""
MARKERS = ".sitegen-cache/outputs"
"""Where the markers are: one file per output folder the site's builds made."""
MARKER_TEXT = (
    "{out}\n"
    "sitegen made the folder above for this site, and replaces its contents on every build.\n"
)


def marker_path(out: Path, site_dir: Path) -> Path:
    """The marker of output folder `out` (resolved), in the site's own .sitegen-cache/:
    keyed by the folder's path, since a site may build into several (--output)."""
    key = hashlib.sha256(os.fsencode(out)).hexdigest()[:24]
    return site_dir.resolve() / MARKERS / key


GENERATOR = b'<meta name="generator" content="sitegen'
"""Every page sitegen writes names it: an output whose marker went with a deleted
.sitegen-cache/ is still known by its front page."""


def made_by_sitegen(out: Path, site_dir: Path) -> bool:
    """Whether a build of this site made `out` (resolved), an earlier version marked it, or
    its index.html is a page sitegen wrote."""
    try:
        first = marker_path(out, site_dir).read_text(encoding="utf-8").partition("\n")[0]
    except (OSError, UnicodeDecodeError):
        first = ""
    return first == str(out) or (out / MARKER).is_file() or _front_page_by_sitegen(out)


def _front_page_by_sitegen(out: Path) -> bool:
    index = out / "index.html"
    if index.is_symlink() or not index.is_file():
        return False
    try:
        with index.open("rb") as f:
            return GENERATOR in f.read(8192)
    except OSError:
        return False


def mark(out: Path, site_dir: Path) -> None:
    """Record that sitegen made `out` (before a byte of it is written)."""
    marker = marker_path(out, site_dir)
    if marker.is_file():
        return
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(MARKER_TEXT.format(out=out), encoding="utf-8")


class OutputRefused(UsageError):
    """The output folder is one sitegen must not write into."""


def guard(out: Path, site_dir: Path) -> Path:
    """The resolved output folder, or OutputRefused with the reason."""
    out = out.expanduser().resolve()
    site = site_dir.resolve()
    home = Path.home().resolve()
    reasons = []
    if out == Path(out.anchor):
        reasons.append("it is the root of the file system")
    if out == home:
        reasons.append("it is your home folder")
    if out == site:
        reasons.append("it is the site folder itself")
    elif site.is_relative_to(out):
        reasons.append("it contains the site folder")
    for name in ("content", "templates", "static", ".git", ".sitegen-cache"):
        src = site / name
        if out == src or out.is_relative_to(src) or (src.exists() and src.is_relative_to(out)):
            reasons.append(f"it is or holds the site's {name}/ folder")
    if not reasons and out.exists():
        if not out.is_dir():
            reasons.append("it is a file, not a folder")
        elif any(out.iterdir()) and not made_by_sitegen(out, site):
            reasons.append(
                f"it is not empty and sitegen did not make it (no marker in {MARKERS}/ of "
                "this site); empty it or choose another folder with --output"
            )
    if reasons:
        raise OutputRefused(f"refusing to write the site into {out}: {'; '.join(reasons)}")
    return out


def digest(data: bytes) -> str:
    # sha256 runs at twice blake2b's speed where the CPU has SHA extensions (x86, arm64);
    # splice.Pieces hashes the files it writes itself, the same way
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass
class Manifest:
    """What the last build wrote: path -> (hash, size, mtime_ns), to skip unchanged files."""

    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Manifest:
        stored = cache.read(path) if path else None
        return cls(stored) if isinstance(stored, dict) else cls()

    def save(self, path: Path | None) -> None:
        if path:
            cache.write(path, self.files)

    def unchanged(
        self, out: Path, rel: str, h: str, found: dict[str, tuple[int, int]] | None = None
    ) -> bool:
        """True when out/rel already holds bytes with hash h. `found`: the output folder's
        files with their (size, mtime), as Staging.scan found them."""
        known = self.files.get(rel)
        if found is not None:
            seen = found.get(rel)
            if seen is None:
                return False
            if known and known[1:] == seen:
                return bool(known[0] == h)
        target = os.path.join(out, rel)
        try:
            st = os.stat(target)
        except OSError:
            return False
        if known and known[1] == st.st_size and known[2] == st.st_mtime_ns:
            # the file is as the last build wrote it: its hash is known
            return bool(known[0] == h)
        try:
            with open(target, "rb") as f:
                same = digest(f.read()) == h
        except OSError:
            return False
        if same:
            self.files[rel] = (h, st.st_size, st.st_mtime_ns)
        return same


def _prune(folder: str, prefix: str, keep: dict[str, str]) -> tuple[int, bool]:
    """Remove files below `folder` whose path (after `prefix`) is not in `keep`, and
    folders left empty: (files removed, whether anything is left). scandir tells files
    from folders without a stat each: the output of a large site has 11,000 folders."""
    removed = 0
    left = False
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            gone, rest = _prune(entry.path, rel + "/", keep)
            removed += gone
            if rest:
                left = True
            else:
                os.rmdir(entry.path)
        elif rel in keep:
            left = True
        else:
            os.unlink(entry.path)
            removed += 1
    return removed, left


def _scan(folder: str, prefix: str, files: dict[str, tuple[int, int]], folders: list[str]) -> None:
    """Every file below `folder` with its (size, mtime), and every folder (as paths
    after `prefix`); a link counts as a file, never followed."""
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(rel)
                _scan(entry.path, rel + "/", files, folders)
            else:
                st = entry.stat(follow_symlinks=False)
                files[rel] = (st.st_size, st.st_mtime_ns)


Scan = tuple[dict[str, tuple[int, int]], list[str]]
"""What _scan finds: files with their (size, mtime), and folders."""


def _scan_folder(out: str) -> Scan | None:
    """_scan of a whole output folder: empty when it does not exist, None if unreadable."""
    found: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    try:
        _scan(out, "", found, folders)
    except FileNotFoundError:
        return {}, []  # no output folder yet: nothing in it
    except OSError:
        return None
    return found, folders


class Scanner:
    """The output folder scanned by a forked process while this one loads the site.

    After an edit at 10,000 events, looking at 11,000 folders is a seventh of the
    rebuild, and the load before it uses one core. The forked copy writes what it
    found to a file in `spare` (a folder of sitegen's own) and exits; `result` waits for
    it. Anything amiss, and `result` is None: the caller scans as usual."""

    def __init__(self, out: Path, spare: Path) -> None:
        self.pid = 0
        self.path: str | None = None
        fd, self.path = tempfile.mkstemp(dir=spare, prefix=".scan-")
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            self.result()  # removes the file
            return
        if pid == 0:  # pragma: no cover - the forked copy (coverage does not follow it)
            code = 1
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(_scan_folder(os.fspath(out)), f, pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(fd)
        self.pid = pid

    def result(self) -> Scan | None:
        """What the forked process found (waiting for it), once; None if it failed."""
        pid, path, self.pid, self.path = self.pid, self.path, 0, None
        if path is None:
            return None
        try:
            if not pid:
                return None
            _, status = os.waitpid(pid, 0)
            with open(path, "rb") as f:
                found = pickle.load(f) if status == 0 else None
        except (OSError, EOFError, pickle.UnpicklingError):
            found = None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return found if isinstance(found, tuple) else None


def _stamp(st: os.stat_result) -> tuple[int, int]:
    return st.st_size, st.st_mtime_ns


class Staging:
    """A temporary folder beside the output that receives the changed files."""

    def __init__(self, out: Path, manifest: Manifest, site_dir: Path | None = None) -> None:
        """site_dir: where the output's marker is kept (see mark); None: none is written."""
        self.out = out
        self.manifest = manifest
        self.site_dir = site_dir
        self.found: dict[str, tuple[int, int]] | None = None
        """The output folder's files, (size, mtime), when `scan` has looked."""
        self._folders: list[str] = []
        parent = out.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=parent))
        self.hashes: dict[str, str] = {}
        self.changed: list[str] = []
        self.stamps: dict[str, tuple[int, int]] = {}
        """(size, mtime) of staged files, as written (a move keeps both)."""

    def scan(self, scanner: Scanner | None = None) -> None:
        """Look at what the output folder holds once, before the pages are rendered: each
        page is then checked against it without a stat (which a first build's 11,000
        pages would each make in vain), and what is stale found without walking the
        folder again (11,000 folders at 10,000 events). `scanner`: one already looking."""
        scanned = scanner.result() if scanner is not None else None
        if scanned is None:
            scanned = _scan_folder(os.fspath(self.out))
        if scanned is not None:  # (None: an unreadable folder; stat and walk as needed)
            self.found, self._folders = scanned

    def unchanged(self, rel: str, h: str) -> bool:
        """Whether the output already holds file `rel` with hash `h`."""
        return self.manifest.unchanged(self.out, rel, h, self.found)

    def add(self, rel: str, data: bytes, h: str | None = None) -> None:
        """Stage one file, unless the output already holds exactly these bytes."""
        h = h or digest(data)
        self.record(rel, h)
        if self.unchanged(rel, h):
            return
        self.stamps[rel] = self.write(rel, data)
        self.changed.append(rel)

    def write(self, rel: str, data: bytes) -> tuple[int, int]:
        """Put a file into the staging folder (os calls: for 11,000 pages, pathlib's
        mkdir and write_bytes cost a third more); its (size, mtime), which moving it
        into place keeps, for the manifest."""
        self._check(rel)
        path = os.path.join(self.dir, rel)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags, 0o666)
        except FileNotFoundError:
            folder = os.path.dirname(path)
            try:
                os.mkdir(folder)  # most pages: a folder of their own in an existing one
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            fd = os.open(path, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            st = os.fstat(fd)
        finally:
            os.close(fd)
        return st.st_size, st.st_mtime_ns

    def record(self, rel: str, h: str) -> None:
        self._check(rel)
        self.hashes[rel] = h

    @staticmethod
    def _check(rel: str) -> None:
        if rel.startswith(("/", "\\")) or ".." in rel.replace("\\", "/").split("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")

    def open(self, rel: str) -> BinaryIO:
        """A staged file to write (a whole-site file, as it is spliced)."""
        self._check(rel)
        target = self.dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return open(target, "wb")

    def keep(self, rel: str) -> bool:
        """Record an unchanged file without its bytes; False if it must be rendered after all."""
        known = self.manifest.files.get(rel)
        if not known:
            return False
        if not self.unchanged(rel, known[0]):
            return False
        self.record(rel, known[0])
        return True

    def commit(self) -> tuple[int, int]:
        """Move staged files into place and remove stale ones: (written, removed)."""
        if self.site_dir is not None:
            mark(self.out, self.site_dir)
        if self._move_whole():
            return len(self.changed), 0
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            for rel in self.changed:
                src = self.dir / rel
                dst = self.out / rel
                if dst.is_dir() and not dst.is_symlink():
                    shutil.rmtree(dst)
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                stamp = self.stamps.get(rel) or _stamp(os.stat(dst))
                self.manifest.files[rel] = (self.hashes[rel], *stamp)
            removed = self._remove_stale()
        finally:
            # interrupted or not, leave no staging folder behind (every file is whole)
            shutil.rmtree(self.dir, ignore_errors=True)
        self.manifest.files = {k: v for k, v in self.manifest.files.items() if k in self.hashes}
        return len(self.changed), removed

    def _move_whole(self) -> bool:
        """Into a missing or empty output folder, move the staging folder itself: one
        rename instead of one per file (a first build writes every file)."""
        if len(self.changed) != len(self.hashes) or self.out.is_symlink():
            return False
        try:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.dir, 0o777 & ~mask)  # mkdtemp made it private
            if self.out.exists():
                if os.listdir(self.out):
                    return False
                os.replace(self.dir, self.out)  # replaces an empty directory (POSIX rename)
            else:
                os.rename(self.dir, self.out)
        except OSError:
            return False
        top = os.fspath(self.out)
        files = self.manifest.files = {}
        for rel in self.changed:
            stamp = self.stamps.get(rel) or _stamp(os.stat(os.path.join(top, rel)))
            files[rel] = (self.hashes[rel], *stamp)
        return True

    def _remove_stale(self) -> int:
        """Remove what the output holds beyond this build's files (and emptied folders)."""
        if self.found is None:
            return _prune(os.fspath(self.out), "", self.hashes)[0]
        top = os.fspath(self.out)
        removed = 0
        for rel in self.found:
            if rel not in self.hashes:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(top, rel))
                removed += 1
        used: set[str] = set()
        for rel in self.hashes:
            while "/" in rel:
                rel = rel.rpartition("/")[0]
                if rel in used:
                    break
                used.add(rel)
        for rel in sorted(self._folders, key=lambda f: -f.count("/")):  # deepest first
            if rel not in used:
                with contextlib.suppress(OSError):  # not empty: something new in it
                    os.rmdir(os.path.join(top, rel))
        return removed

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
