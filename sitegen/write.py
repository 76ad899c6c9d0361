"""The output folder: guarded, staged, switched whole, and touched only where bytes changed.

- `guard` refuses folders that are not ours to write: the site itself, its sources, any
  parent of the site, `/`, the home folder, a symbolic link, or a non-empty folder sitegen
  did not make (its marker is kept outside the output, in the site's
  .sitegen-cache/outputs/, so that `aws s3 sync output/ …` or `rsync -a output/ …` uploads
  nothing but the site).
- `Staging` receives rendered files in a sibling temporary folder while the build runs;
  nothing in the output changes until `commit`. The commit first writes a journal (what
  it moves in and removes), then moves each changed file into place with a rename
  (readers never see half a file) and removes files of deleted pages. A failure on the
  way (permission, disk full) puts every file back as it was; a process killed on the
  way leaves the journal, and `recover`, at the next build's start, finishes the job.
- Nothing in the output folder is followed: a link or special file found there is
  replaced like any stale file, and folders are made fresh, never reached through one.
- A failed build calls `abort`: the staging folder goes, the output stays as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import io
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import cache
from .errors import OutputError, UsageError
from .files import kind_of, name_trouble
from .records import dataclass

if TYPE_CHECKING:  # (the executor: imported only by a build that scans beside its load)
    from .executor import Executor, Pending

MARKER = ".sitegen-output"
"""The marker earlier versions kept inside the output: still recognised, then removed."""
MARKERS = ".sitegen-cache/outputs"
"""Where the markers are: one file per output folder the site's builds made."""
MARKER_CODING = {"encoding": "utf-8", "errors": "surrogateescape"}
"""A marker names its folder's path byte for byte, UTF-8 or not (`sitegen init` makes a
site in a folder of any name, and its output is inside)."""
MARKER_TEXT = (
    "{out}\n"
    "sitegen made the folder above for this site, and replaces its contents on every build.\n"
)
STAGING = ".staging-"
"""In the names of staging folders: `.OUTPUT.staging-XXXX`, beside the output folder."""
GONE = ".gone"
"""The end of a staging folder's name once its removal has begun."""
JOURNAL = ".sitegen-journal"
"""In a staging folder: what its commit moves into the output and removes from it. It is
written before the first rename: a staging folder without one never touched the output."""
LOCK = ".sitegen-lock"
"""In a staging folder: locked (lockf) by the build that owns it, while it runs; the lock
goes with the process, however it ends. A forked worker does not hold it."""
OLD = ".sitegen-old"
"""In a staging folder: what a commit replaced or removed (numbered in the order it did
so), until it has ended, so that a failure half-way can put every file back."""
ABANDONED = 24 * 3600
"""A staging folder this many seconds old is abandoned even if its lock cannot be taken
(a file system without working locks): no build takes a day."""
UNKNOWN = (-1, -1, -1)
"""The stamp of what the output folder holds that is not a regular file (a link, a
FIFO): never taken for a page sitegen wrote."""


def marker_path(out: Path, site_dir: Path) -> Path:
    """The marker of output folder `out` (resolved), in the site's own .sitegen-cache/:
    keyed by the folder's path, since a site may build into several (--output)."""
    import hashlib  # (see adapters.blake2b)

    key = hashlib.sha256(os.fsencode(out)).hexdigest()[:24]
    return site_dir.resolve() / MARKERS / key


GENERATOR = b'<meta name="generator" content="sitegen'
"""Every page sitegen writes names it: an output whose marker went with a deleted
.sitegen-cache/ is still known by its front page."""


FOLDER = "folder "
"""The marker's line recording the output folder as the last build left it: its device,
inode and change time. A folder made at the same path after the old one was removed has
another (a reused inode number included: its change time is the mkdir's), as has the
folder once an entry at its top was added or removed by hand."""
ENTRIES = "entries "
"""The marker's line recording the inode and change time of each entry at the folder's
top as the last build left them: the folder changed by hand still holds most of them,
one made anew none (its files' change times are their own)."""


def _identity(out: Path) -> str:
    st = os.stat(out)
    return f"{st.st_dev}:{st.st_ino}:{st.st_ctime_ns}"


def _entries(out: Path) -> set[str]:
    with os.scandir(out) as found:
        stats = [e.stat(follow_symlinks=False) for e in found if not users(e.name)]
    return {f"{st.st_ino}:{st.st_ctime_ns}" for st in stats}


def _marker_text(out: Path) -> str:
    """The marker of output folder `out`: its path, and what it holds once it exists."""
    text = MARKER_TEXT.format(out=out)
    with contextlib.suppress(OSError):
        text += f"{FOLDER}{_identity(out)}\n{ENTRIES}{' '.join(sorted(_entries(out)))}\n"
    return text


def _marked(out: Path, site_dir: Path) -> str:
    """'yes': this site's marker names `out` (resolved), and `out` is the folder its last
    build left (changed by hand, perhaps), or the marker, an earlier version's, does not
    say; 'changed': it names the path, but nothing there is what that build left; 'no':
    no marker names it."""
    try:
        lines = marker_path(out, site_dir).read_text(**MARKER_CODING).split("\n")
    except (OSError, UnicodeDecodeError):
        return "no"
    if lines[0] != str(out):
        return "no"
    known = {
        k: v for line in lines[1:] for k in (FOLDER, ENTRIES) if (v := line.removeprefix(k)) != line
    }
    try:
        if FOLDER not in known or known[FOLDER] == _identity(out):
            return "yes"
        return "yes" if set(known.get(ENTRIES, "").split()) & _entries(out) else "changed"
    except OSError:
        return "yes"  # (nothing there to replace)


def made_by_sitegen(out: Path, site_dir: Path) -> bool:
    """Whether a build of this site made `out` (resolved), an earlier version marked it, or
    its index.html is a page sitegen wrote."""
    return _made_by_sitegen(out, _marked(out, site_dir))


def _made_by_sitegen(out: Path, marked: str) -> bool:
    """made_by_sitegen, with what _marked said of `out`."""
    return marked == "yes" or (out / MARKER).is_file() or _front_page_by_sitegen(out)


def built_by_sitegen(folder: Path) -> bool:
    """Whether `folder` looks like an output folder of any site: an earlier version's
    marker, or a front page sitegen wrote (`sitegen init` makes no site in one)."""
    return (folder / MARKER).is_file() or _front_page_by_sitegen(folder)


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
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(_marker_text(out), **MARKER_CODING)
    except OSError as exc:  # (the cache's disk full: a half marker would be trusted)
        with contextlib.suppress(OSError):
            marker.unlink()
        raise _failed(exc, str(marker), undone=True) from None


def settle_mark(out: Path, site_dir: Path) -> None:
    """Record in the marker the identity of output folder `out` as a commit left it (a
    first build moves its staging folder into place: another folder than the one marked).
    Best effort: the output is already the new site, and a marker without the identity,
    or with an old one, still lets the next build in (its front page is sitegen's)."""
    marker = marker_path(out, site_dir)
    text = _marker_text(out)
    spare = marker.with_name(marker.name + ".new")
    try:
        if marker.read_text(**MARKER_CODING) != text:
            spare.write_text(text, **MARKER_CODING)
            os.replace(spare, marker)
    except (OSError, UnicodeDecodeError):
        with contextlib.suppress(OSError):
            spare.unlink()


class OutputRefused(UsageError):
    """The output folder is one sitegen must not write into."""


def guard(out: Path, site_dir: Path) -> Path:
    """The resolved output folder, or OutputRefused with the reason."""
    given = out.expanduser()
    out = given.resolve()
    site = site_dir.resolve()
    reasons = _where_refused(given, out, site)
    if not reasons and out.exists():
        reasons = _what_refused(out, site)
    if reasons:
        shown = str(given.absolute() if given.is_symlink() else out)
        shown = repr(shown) if name_trouble(shown) else shown  # (on one line, visible)
        raise OutputRefused(f"refusing to write the site into {shown}: {'; '.join(reasons)}")
    return out


def _where_refused(given: Path, out: Path, site: Path) -> list[str]:
    """Why the place of output folder `out` (`given`, resolved) is not ours to write."""
    reasons = []
    if bad := name_trouble(str(given)):
        # (every line that names the folder, this one too, would split or turn there)
        reasons.append(
            f"its name holds an invisible or line-breaking character (U+{ord(bad):04X}); "
            "choose a name of letters, digits and hyphens"
        )
    if given.is_symlink():
        # a link planted in a site's repository (output -> ~/somewhere) must not steer
        # the build; a folder reached through links higher up is the user's layout
        reasons.append(
            f"it is a symbolic link (to {out}); sitegen writes only into a real folder: "
            f"remove the link, or name the folder itself with --output {out}"
        )
    if out == Path(out.anchor):
        reasons.append("it is the root of the file system")
    if out == Path.home().resolve():
        reasons.append("it is your home folder")
    if out == site:
        reasons.append("it is the site folder itself")
    elif site.is_relative_to(out):
        reasons.append("it contains the site folder")
    for name in ("content", "templates", "static", ".git", ".sitegen-cache"):
        src = site / name
        if out == src or out.is_relative_to(src):
            reasons.append(f"it is the site's {name}/ folder or inside it")
        elif src.exists() and src.is_relative_to(out):
            reasons.append(f"it holds the site's {name}/ folder")
    return reasons


def _what_refused(out: Path, site: Path) -> list[str]:
    """Why what output folder `out` holds is not ours to replace."""
    if not out.is_dir():
        return [f"it is a {kind_of(os.stat(out).st_mode)}, not a folder"]
    if all(users(p.name) for p in out.iterdir()):
        return []
    marked = _marked(out, site)  # (once: a build ending meanwhile could change it)
    if _made_by_sitegen(out, marked):
        return []
    if marked == "changed":
        # (the marker outlives the folder: one made at its path since is someone's own)
        return [
            "it is not empty, and it is not the folder sitegen's last build left there "
            "(that one was removed or replaced, and this one's index.html is not a page "
            "sitegen wrote); empty it or choose another folder with --output"
        ]
    return [
        f"it is not empty and sitegen did not make it (no marker in {MARKERS}/ of "
        "this site); empty it or choose another folder with --output"
    ]


def digest(data: bytes) -> str:
    # sha256 runs at twice blake2b's speed where the CPU has SHA extensions (x86, arm64);
    # splice.Pieces hashes the files it writes itself, the same way (hashlib imported
    # here, after a first build's parse fork: see adapters.blake2b)
    import hashlib

    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(eq=False, repr=False)
class Manifest:
    """What the last build wrote: path -> (hash, size, mtime_ns, ctime_ns), to skip
    unchanged files. The ctime is what says a file was edited by hand even when its size
    and mtime were kept (touch -r, cp -p): no program can set it back."""

    files: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Manifest:
        stored = cache.read(path) if path else None
        return cls(stored) if isinstance(stored, dict) else cls()

    def save(self, path: Path | None) -> None:
        if path:
            cache.write(path, self.files)

    def unchanged(
        self,
        out: Path,
        rel: str,
        h: str,
        found: dict[str, Stamp] | None = None,
        size: int | None = None,
    ) -> bool:
        """True when out/rel is a regular file that holds bytes with hash h. `found`: the
        output folder's files with their stamps, as Staging.scan found them; `size`: the
        new bytes' length, when known: a file of another size is not read to say so."""
        known = self.files.get(rel)
        if found is not None:
            seen = found.get(rel)
            if seen is None or (size is not None and seen[0] != size):
                return False
            if known and known[1:] == seen:
                return bool(known[0] == h)
        return self._on_disk(os.path.join(out, rel), rel, h, size)

    def _on_disk(self, target: str, rel: str, h: str, size: int | None) -> bool:
        """unchanged, the file looked at: its stamp, and its bytes when that says nothing."""
        known = self.files.get(rel)
        try:
            st = os.lstat(target)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or (size is not None and st.st_size != size):
            return False  # a link or special file: replaced, never read (or another size)
        if known and known[1:] == stamp_of(st):
            # the file is as the last build wrote it: its hash is known
            return bool(known[0] == h)
        try:
            fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with open(fd, "rb") as f:
                st = os.fstat(f.fileno())
                same = stat.S_ISREG(st.st_mode) and digest(f.read()) == h
        except OSError:
            return False
        if same:
            self.files[rel] = (h, *stamp_of(st))
        return same


Stamp = tuple[int, int, int]
"""A file's (size, mtime_ns, ctime_ns): what says it is as sitegen wrote it."""


def stamp_of(st: os.stat_result) -> Stamp:
    """A file's stamp from its lstat (UNKNOWN for a link or special file)."""
    if not stat.S_ISREG(st.st_mode):
        return UNKNOWN
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns


def users(name: str) -> bool:
    """Whether an entry of this name at the top of the output folder is the user's, left
    as it is: sitegen writes no name there that starts with a dot (static/'s such files
    are not published), so one is another tool's (the `.git` of a gh-pages checkout, a
    host's `.well-known`, `.nojekyll`); an earlier version's marker inside the output is
    sitegen's own, removed."""
    return name.startswith(".") and name != MARKER


def _scan(folder: str, prefix: str, files: dict[str, Stamp], folders: list[str]) -> None:
    """Every file below `folder` with its stamp, and every real folder (as paths after
    `prefix`); a link counts as a file, never followed, and so does a FIFO or socket."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if not prefix and users(entry.name):
                continue
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(rel)
                _scan(entry.path, rel + "/", files, folders)
            else:
                files[rel] = stamp_of(entry.stat(follow_symlinks=False))


Scan = tuple[dict[str, Stamp], list[str]]
"""What _scan finds: files with their stamps, and folders."""


def _scan_folder(out: str) -> Scan | None:
    """_scan of a whole output folder: empty when it does not exist, None if unreadable."""
    found: dict[str, Stamp] = {}
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
    rebuild, and the load before it uses one core. The forked copy (the executor's
    `background`) writes what it found to a file in `spare` (a folder of sitegen's own)
    and exits; `result` waits for it. Anything amiss, and `result` is None: the caller
    scans as usual."""

    def __init__(self, out: Path, spare: Path, executor: Executor | None = None) -> None:
        from .executor import Forked

        self._pending: Pending[Scan | None] = (executor or Forked(1)).background(
            functools.partial(_scan_folder, os.fspath(out)), spare
        )

    def result(self) -> Scan | None:
        """What the forked process found (waiting for it), once; None if it failed."""
        found = self._pending.result()
        return found if isinstance(found, tuple) else None


_OWN: set[str] = set()
"""Staging folders of this process (process-wide on purpose, see PROCESS_WIDE in
tests/test_architecture.py): lockf locks are per process, so `recover` would take
one of this process's own for abandoned (and closing its descriptor would unlock it)."""


HELD = -1
"""What `_lock` gives for a staging folder whose lock a live process holds."""


def _lock(folder: str, create: bool) -> int | None:
    """A descriptor holding the lock of a staging folder; HELD when a live process holds
    it (known from the lock itself, not from the clock, which may have moved: a restored
    VM, a changed zone); None when it has no lock file (unless `create`) or locks do not
    work here."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | (os.O_CREAT | os.O_EXCL if create else 0)
    try:
        fd = os.open(os.path.join(folder, LOCK), flags, 0o600)
    except OSError:
        return None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        return HELD if exc.errno in (errno.EAGAIN, errno.EACCES) else None
    return fd


class _StagedFile(io.BufferedWriter):
    """A staged file whose writes that fail (a full disk, most likely) are OutputErrors
    naming it in the output folder: a bare OSError of a write names no file."""

    def __init__(self, raw: io.FileIO, shown: str) -> None:
        super().__init__(raw)
        self.shown = shown

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise _failed(exc, self.shown, undone=True) from exc

    def flush(self) -> None:  # (close flushes through it)
        try:
            super().flush()
        except OSError as exc:
            raise _failed(exc, self.shown, undone=True) from exc


def _failed(exc: OSError, path: str, undone: bool) -> OutputError:
    what = os.strerror(exc.errno) if exc.errno else str(exc)
    after = (
        "the output folder is as it was"
        if undone
        else "the output folder could not be put back; the next build finishes the job"
    )
    return OutputError(f"cannot write {path}: {what} ({after})")


def _unwritable(out: Path, exc: OSError) -> OutputError:
    """Why no output folder could be begun beside `out`, and what to do."""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and (file := _file_above(out)):
        # (mkdir's own words, 'File exists' or 'Not a directory', name no file)
        return OutputError(
            f"cannot write the output folder {out}: {file} is a file, not a folder; move "
            "it, or build elsewhere with --output DIR (the output folder is as it was)"
        )
    what = os.strerror(exc.errno) if exc.errno else str(exc)
    access = f"give sitegen write access to {out.parent}, or build elsewhere"
    space = "free some space on the disk, or build elsewhere"
    fix = {
        errno.EROFS: "the disk is read-only: build elsewhere",
        errno.EACCES: access,
        errno.EPERM: access,
        errno.ENOSPC: space,
        errno.EDQUOT: space,
    }.get(exc.errno or 0, "check the disk, or build elsewhere")
    return OutputError(
        f"cannot write the output folder {out}: {what}; {fix} with --output DIR "
        "(the output folder is as it was)"
    )


def _file_above(out: Path) -> Path | None:
    """What stands where a folder above `out` must be: a file (or None)."""
    for above in reversed(out.parents):
        if above.exists() and not above.is_dir():
            return above
    return None


@dataclass(eq=False, repr=False)
class Plan:
    """What a commit does to the output folder, as its journal records it."""

    move: list[str]
    """Staged files to move into the output (the marker among them when it is missing)."""
    remove: list[str]
    """What the output holds that this build did not write (files, links, FIFOs)."""
    folders: list[str]
    """Folders left with none of this build's files, deepest first: removed if empty."""


class Staging:
    """A temporary folder beside the output that receives the changed files."""

    def __init__(self, out: Path, manifest: Manifest, site_dir: Path | None = None) -> None:
        """site_dir: where the output's marker is kept (see mark); None: none is written."""
        self.out = out
        self.manifest = manifest
        self.site_dir = site_dir
        self.found: dict[str, Stamp] | None = None
        """The output folder's files with their stamps, when `scan` has looked."""
        self._folders: list[str] = []
        import tempfile  # (see build.Builder._while_workers_parse)

        parent = out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.dir = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=parent))
        except OSError as exc:  # (named as the folder the user gave, not the staging one)
            raise _unwritable(out, exc) from None
        lock = _lock(os.fspath(self.dir), create=True)
        self._lock = lock if lock != HELD else None
        _OWN.add(os.fspath(self.dir))
        self.hashes: dict[str, str] = {}
        self.changed: list[str] = []
        self.stamps: dict[str, Stamp] = {}
        """Stamps of staged files, as written (moving the staging folder keeps them)."""
        self._real: set[str] = set()
        """Output folders known to be real folders (not links), while committing."""
        self._made: set[str] = set()
        """Folders of the staging folder this process has made (see _folder)."""

    def scan(self, scanner: Scanner | None = None) -> None:
        """Look at what the output folder holds once, before the pages are rendered: each
        page is then checked against it without a stat (which a first build's 11,000
        pages would each make in vain), and what is stale found without walking the
        folder again (11,000 folders at 10,000 events). `scanner`: one already looking."""
        scanned = scanner.result() if scanner is not None else None
        if scanned is None:
            scanned = _scan_folder(os.fspath(self.out))
        if scanned is not None:  # (None: an unreadable folder; the commit says so)
            self.found, self._folders = scanned

    def unchanged(self, rel: str, h: str, size: int | None = None) -> bool:
        """Whether the output already holds file `rel` with hash `h` (and `size` bytes)."""
        return self.manifest.unchanged(self.out, rel, h, self.found, size)

    def add(self, rel: str, data: bytes, h: str | None = None) -> None:
        """Stage one file, unless the output already holds exactly these bytes."""
        h = h or digest(data)
        self.record(rel, h)
        if self.unchanged(rel, h, len(data)):
            return
        self.stamps[rel] = self.write(rel, data)
        self.changed.append(rel)

    def write(self, rel: str, data: bytes) -> Stamp:
        """Put a file into the staging folder (os calls: for 11,000 pages, pathlib's
        mkdir and write_bytes cost a third more); its stamp as written."""
        self._check(rel)
        try:
            self._folder(rel)
            return self._write(os.path.join(self.dir, rel), data)
        except OSError as exc:  # a full disk, most likely: the output is untouched
            raise _failed(exc, os.path.join(self.out, rel), undone=True) from exc

    def _folder(self, rel: str) -> None:
        """Make the folder of a file to stage, the first time one is staged there: the
        staging folder starts empty and most pages are the first file of a folder of
        their own, whose open failed first (an exception and a walk of the path: ~4 µs
        of ~19 a page). Another process may make it too (a render worker)."""
        folder = rel.rpartition("/")[0]
        if not folder or folder in self._made:
            return
        self._made.add(folder)
        try:
            os.mkdir(os.path.join(self.dir, folder))
        except FileNotFoundError:  # (its parent too)
            os.makedirs(os.path.join(self.dir, folder), exist_ok=True)
        except FileExistsError:
            pass

    @staticmethod
    def _write(path: str, data: bytes) -> Stamp:
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
        return stamp_of(st)

    def record(self, rel: str, h: str) -> None:
        self._check(rel)
        self.hashes[rel] = h

    @staticmethod
    def _check(rel: str) -> None:
        if (
            rel.startswith(("/", "\\", ".sitegen-"))
            or (".." in rel and ".." in rel.replace("\\", "/").split("/"))
            or rel == MARKER
        ):
            raise ValueError(f"refusing to write outside the output folder: {rel}")

    def open(self, rel: str) -> BinaryIO:
        """A staged file to write (a whole-site file, as it is spliced): a disk that
        fills as it is written is said as `write` says it, naming the file."""
        self._check(rel)
        target = self.dir / rel
        shown = os.path.join(self.out, rel)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return _StagedFile(io.FileIO(target, "wb"), shown)
        except OSError as exc:
            raise _failed(exc, shown, undone=True) from exc

    def keep(self, rel: str) -> bool:
        """Record an unchanged file without its bytes; False if it must be rendered after all."""
        known = self.manifest.files.get(rel)
        if not known:
            return False
        if not self.unchanged(rel, known[0]):
            return False
        self.record(rel, known[0])
        return True

    def keep_all(self, rels: Iterable[str]) -> bool:
        """`keep` for each of many files (after one edit, the 17,000 pages it does not
        change): those the scan found as the manifest has them are recorded at once, the
        others one by one; False at the first that must be rendered after all."""
        files, found = self.manifest.files, self.found
        if found is None:
            return all(self.keep(rel) for rel in rels)
        hashes: dict[str, str] = {}
        others = []
        for rel in rels:
            known = files.get(rel)
            if known is None:
                return False
            if found.get(rel) == known[1:]:
                hashes[rel] = known[0]
            else:
                others.append(rel)
        for rel in hashes:
            self._check(rel)
        self.hashes.update(hashes)
        return all(self.keep(rel) for rel in others)

    def commit(self) -> tuple[int, int]:
        """Move staged files into place and remove stale ones: (written, removed). On an
        OSError the output is put back as it was, and OutputError says which path."""
        try:
            if self.site_dir is not None:
                mark(self.out, self.site_dir)
            if self._move_whole():
                return len(self.changed), 0
            plan = self._plan()
            _write_journal(os.fspath(self.dir), plan)
            self._apply(plan)
            os.unlink(os.path.join(self.dir, JOURNAL))  # done: nothing left to finish
            top = os.fspath(self.out)
            for rel in self.changed:  # a rename changes the ctime: stamp them in place
                stamp = stamp_of(os.lstat(os.path.join(top, rel)))
                self.manifest.files[rel] = (self.hashes[rel], *stamp)
        finally:
            self.abort()  # the staging folder goes: its journal first
            self._settle()  # (put back whole after a failure, the folder is still ours)
        self.manifest.files = {k: v for k, v in self.manifest.files.items() if k in self.hashes}
        return len(self.changed), len(plan.remove)

    def _settle(self) -> None:
        if self.site_dir is not None:
            settle_mark(self.out, self.site_dir)

    def _move_whole(self) -> bool:
        """Into a missing or empty output folder, move the staging folder itself: one
        rename instead of one per file (a first build writes every file)."""
        if len(self.changed) != len(self.hashes) or self.out.is_symlink():
            return False
        if self.found:
            return False
        try:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.dir, 0o777 & ~mask)  # mkdtemp made it private
            if self.out.exists() and os.listdir(self.out):
                return False
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.dir / LOCK)
            # replaces an empty folder (POSIX rename), or takes a missing one's place
            os.replace(self.dir, self.out)
        except OSError:
            return False
        top = os.fspath(self.out)
        files = self.manifest.files = {}
        for rel in self.changed:
            stamp = self.stamps.get(rel) or stamp_of(os.lstat(os.path.join(top, rel)))
            files[rel] = (self.hashes[rel], *stamp)
        return True

    def _plan(self) -> Plan:
        if self.found is None:
            self.scan()
            if self.found is None:
                raise OutputError(f"cannot read the output folder {self.out}")
        move = list(self.changed)
        # (an earlier version's marker inside the output is stale like any other file)
        remove = [rel for rel in self.found if rel not in self.hashes]
        used: set[str] = set()
        for rel in self.hashes:
            while "/" in rel:
                rel = rel.rpartition("/")[0]
                if rel in used:
                    break
                used.add(rel)
        # (the folders left empty, deepest first: after an edit, none of 11,000 to sort)
        empty = [rel for rel in self._folders if rel not in used]
        return Plan(move, remove, sorted(empty, key=lambda f: -f.count("/")))

    def _apply(self, plan: Plan) -> None:
        """Do what the journal says; on an OSError, undo it and raise OutputError."""
        top = os.fspath(self.out)
        old = os.path.join(self.dir, OLD)
        self._real = set(self._folders)
        done: list[tuple[str, str]] = []
        path = top
        try:
            os.makedirs(top, exist_ok=True)
            os.mkdir(old)
            for rel in plan.remove:  # first: a link where a folder must go is one of them
                path = os.path.join(top, rel)
                try:
                    _aside(path, os.path.join(old, str(len(done))), link=False)
                except FileNotFoundError:
                    if os.path.lexists(path):
                        raise
                    continue  # gone since the scan
                done.append(("removed", rel))
            for rel in plan.move:
                path = os.path.join(top, rel)
                self._parents(rel)
                backup = os.path.join(old, str(len(done)))
                done.append((self._place(rel, path, backup), rel))
        except BaseException as exc:
            undone = self._undo(done)
            if isinstance(exc, OSError):
                raise _failed(exc, path, undone) from exc
            raise
        for rel in plan.folders:
            with contextlib.suppress(OSError):  # not empty: something new in it
                os.rmdir(os.path.join(top, rel))

    def _place(self, rel: str, path: str, backup: str) -> str:
        """Move one staged file to `path`; what was there is kept at `backup`."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            os.rename(os.path.join(self.dir, rel), path)
            return "added"
        _aside(path, backup, link=not stat.S_ISDIR(st.st_mode))
        os.replace(os.path.join(self.dir, rel), path)
        return "replaced"

    def _parents(self, rel: str) -> None:
        """Make the folders above output file `rel` as real folders, never through a
        link: those the scan saw as folders are known; a link is among the stale files."""
        top = os.fspath(self.out)
        folder = rel.rpartition("/")[0]
        if not folder or folder in self._real:
            return
        self._parents(folder)
        path = os.path.join(top, folder)
        try:
            os.mkdir(path)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):  # appeared since the scan
                raise FileExistsError(errno.EEXIST, "a link or file is in the way", path) from None
        self._real.add(folder)

    def _undo(self, done: list[tuple[str, str]]) -> bool:
        """Put back what `done` changed, the staged files back in the staging folder (so
        that the journal stays true if this fails too); whether it all went back."""
        top = os.fspath(self.out)
        old = os.path.join(self.dir, OLD)
        try:
            for n, (how, rel) in reversed(list(enumerate(done))):
                path = os.path.join(top, rel)
                if how != "removed":
                    os.replace(path, os.path.join(self.dir, rel))
                if how != "added":
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    os.replace(os.path.join(old, str(n)), path)
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(self.dir, JOURNAL))
        return True

    def abort(self) -> None:
        """Remove the staging folder (unless a journal says its commit is unfinished)."""
        if not os.path.lexists(os.path.join(self.dir, JOURNAL)):
            _remove(os.fspath(self.dir))
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
        _OWN.discard(os.fspath(self.dir))


def _aside(path: str, backup: str, link: bool) -> None:
    """Keep what is at `path` at `backup`: a hard link to it (the path keeps a file
    until it is replaced), or the thing itself moved. Backups are numbered, in one
    folder: no folder to make or remove for each."""
    if link:
        try:
            os.link(path, backup, follow_symlinks=False)
            return
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            # a file system without hard links: moved, the path is missing a moment
    os.rename(path, backup)


def _remove(folder: str) -> None:
    """Remove a staging folder: renamed first, so that one whose removal is cut short
    (its lock file among the first things gone) is known for what it is."""
    gone = folder + GONE
    try:
        os.rename(folder, gone)
    except OSError:
        gone = folder
    import shutil  # (see build.Builder._while_workers_parse)

    shutil.rmtree(gone, ignore_errors=True)


def _write_journal(folder: str, plan: Plan) -> None:
    """The commit point: once the journal is in place, the commit is finished by the
    next build if this one is killed half-way."""
    import json  # (see build.Builder._while_workers_parse)

    data = json.dumps({"move": plan.move, "remove": plan.remove, "folders": plan.folders})
    tmp = os.path.join(folder, JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, os.path.join(folder, JOURNAL))


def staging_prefix(out: Path) -> str:
    """`.NAME.staging-` for output folder NAME: a NAME too long for that to fit the 255
    bytes of a file name (with mkdtemp's 8 characters, and `.gone`) is cut, and its
    hash added, so that two long names alike at their start keep their own."""
    name = out.name
    if len(os.fsencode(name)) > 100:
        import hashlib  # (see adapters.blake2b)

        tag = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
        while len(os.fsencode(name)) > 80:
            name = name[:-1]
        name = f"{name}~{tag}"
    return f".{name}{STAGING}"


def recover(out: Path, older_than: float = 60.0) -> None:
    """Finish what a killed build left beside `out`: a staging folder whose journal
    says its commit began is moved in (roll forward: the output becomes the site that
    build made); any other staging folder of a process no longer running is removed.
    A staging folder without a lock file counts as abandoned once `older_than` seconds
    old (it may be one that is being made)."""
    parent = out.parent
    prefix = staging_prefix(out)
    try:
        names = [n for n in os.listdir(parent) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        folder = os.path.join(parent, name)
        if folder in _OWN:
            continue
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode):
            continue  # not one of ours: left alone
        if name.endswith(GONE):
            import shutil  # (see build.Builder._while_workers_parse)

            shutil.rmtree(folder, ignore_errors=True)  # its removal was cut short
            continue
        lock = _lock(folder, create=False)
        if lock == HELD:
            continue  # its build is running, however old the folder looks
        if lock is None:
            age = time.time() - st.st_mtime
            if os.path.lexists(os.path.join(folder, LOCK)) and age < ABANDONED:
                continue  # locks do not work here: a build may be running (see ABANDONED)
            if age < older_than:
                continue
        try:
            _roll_forward(os.fspath(out), folder)
            _remove(folder)
        finally:
            if lock is not None:
                os.close(lock)


def _roll_forward(top: str, folder: str) -> None:
    """Finish the commit a staging folder's journal describes, if it has one."""
    import json
    import shutil

    try:
        with open(os.path.join(folder, JOURNAL), encoding="utf-8") as f:
            journal = json.load(f)
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        return  # a journal half-written: its commit had not begun
    path = top
    try:
        for rel in journal["remove"]:
            path = os.path.join(top, rel)
            with contextlib.suppress(FileNotFoundError):
                if not stat.S_ISDIR(os.lstat(path).st_mode):  # (stale folders: see below)
                    os.unlink(path)
        for rel in journal["move"]:
            src = os.path.join(folder, rel)
            if not os.path.lexists(src):
                continue  # moved before the build was killed
            path = os.path.join(top, rel)
            _real_folders(top, rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            os.replace(src, path)
    except OSError as exc:
        raise _failed(exc, path, undone=False) from exc
    for rel in journal["folders"]:
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(top, rel))
    os.unlink(os.path.join(folder, JOURNAL))


def _real_folders(top: str, rel: str) -> None:
    """Make the folders above `rel` in `top` real folders: a link or file in the way is
    removed (the output folder is sitegen's; nothing in it is followed)."""
    path = top
    for part in rel.split("/")[:-1]:
        path = os.path.join(path, part)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            os.mkdir(path)
            continue
        if not stat.S_ISDIR(st.st_mode):
            os.unlink(path)
            os.mkdir(path)
