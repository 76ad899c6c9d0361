"""The command line: parse options, call one library function, print, exit.

Exit status: 0 no errors (warnings allowed), 1 errors in the site, 2 a usage error.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .errors import OutputError, UsageError, WorkerStopped

if TYPE_CHECKING:  # (imported by the commands that use them: `--version` needs neither)
    import datetime as dt
    from collections.abc import Callable, Sequence

    from .diagnostics import Diagnostic

FORMATS = ("github", "json", "text")
"""What --format takes: diagnostics.FORMATS' names (tests/test_state.py checks they agree)."""


def _today(value: str | None) -> dt.date:
    from . import options

    if not value:
        _build_date()  # a SOURCE_DATE_EPOCH that is no date is a usage error naming it
    try:
        return options.today(value, os.environ.get("SOURCE_DATE_EPOCH"))
    except ValueError:  # (Python's words, "day is out of range for month": say it as checks do)
        from .dates import option_problem

        raise UsageError(option_problem("--today", value or "", "YYYY-MM-DD")) from None


def _build_date() -> str:
    from . import options

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ""
    try:
        return options.today(None, epoch).isoformat()
    except (ValueError, OverflowError, OSError):  # (OverflowError: past any year)
        raise UsageError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970 that falls "
            "between the years 1 and 9999"
        ) from None


def _given(value: str) -> str:
    """An option's or argument's value, which may not be empty: `--today ''` or `-o ''`
    (a variable that was not set, in a script) would otherwise mean the default, and
    `--host ''` every address, with no word of it."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            f"{value!r} is empty: give a value, or leave it out for the default"
        )
    return value


def _print_diagnostics(
    diags: Sequence[Diagnostic], fmt: str, stream: TextIO, site: Path | None = None
) -> None:
    from .diagnostics import FORMATS as FORMATTERS
    from .diagnostics import format_github

    if fmt == "github" and site is not None:
        text = format_github(diags, _from_workspace(site))
    else:
        text = FORMATTERS[fmt](diags)
    print(text, end="", file=stream)


def _from_workspace(site: Path) -> str:
    """The site folder's path from the repository's top, as GitHub reads an annotation's
    `file=` (GITHUB_WORKSPACE, else the current folder), with a slash; '' for a site at
    the top or outside it. `sitegen check site/` in a repository of other things then
    annotates site/content/x.md, the file the diff shows, not content/x.md."""
    top = Path(os.environ.get("GITHUB_WORKSPACE") or ".").resolve()
    try:
        inside = site.resolve().relative_to(top).as_posix()
    except (ValueError, OSError):
        return ""
    return "" if inside == "." else f"{inside}/"


def _report(diags: Sequence[Diagnostic], fmt: str, site: Path | None = None) -> TextIO:
    """build's and import's problems on stderr; the stream for the words that follow them.
    With --format json, stderr is one JSON list and nothing else (`[]` when there is no
    problem), so that `2>problems.json` is JSON: the words go to stdout."""
    if diags or fmt == "json":
        _print_diagnostics(diags, fmt, sys.stderr, site)
    return sys.stdout if fmt == "json" else sys.stderr


def cmd_check(args: argparse.Namespace) -> int:
    from .build import Builder

    builder = Builder(Path(args.site), today=_today(args.today), use_cache=not args.no_cache)
    result = builder.check(strict=args.strict)
    diags = result.diagnostics
    if args.links and builder.loaded and builder.loaded.site:
        from . import links

        cache_dir = None if args.no_cache else builder.cache_dir  # (--no-cache: not written)
        extra = links.check_links(builder.loaded.site, cache_dir)
        diags = builder.finish([*diags, *extra], args.strict)
    _print_diagnostics(diags, args.format, sys.stdout, Path(args.site))
    return 1 if any(d.severity == "error" for d in diags) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import Builder
    from .options import Options

    site = Path(args.site)
    output = Path(args.output) if args.output else None
    today = _today(args.today)
    options = Options(
        drafts=args.drafts,
        base_url=args.base_url and _normal_base_url(args.base_url),
        build_date=_build_date(),
        today=today.isoformat(),
    )
    builder = Builder(site, output, options, today, clean=args.clean)
    result = builder.build(strict=args.strict)
    said = _report(result.diagnostics, args.format, site)
    if not result.ok:
        print("nothing was written", file=said)
        return 1
    if not args.quiet:
        try:
            shown = builder.output.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = builder.output.resolve()
        print(
            f"built {result.pages} pages into {shown}/ in {result.seconds:.2f}s "
            f"({result.rendered} rendered, {result.written} files written, "
            f"{result.removed} removed)"
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:  # Ctrl-C while the preview's modules load is a stop too (docs/serve.md#stopping)
        from . import serve
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr, flush=True)
        return 0
    return serve.run(
        Path(args.site),
        host=args.host,
        port=args.port,
        open_browser=args.open,
        drafts=not args.no_drafts,
        today=_today(args.today),
    )


def cmd_init(args: argparse.Namespace) -> int:
    from . import scaffold

    target = Path(args.dir)
    written = scaffold.init(target, title=args.title, today=_today(args.today), force=args.force)
    for path in written:
        print(f"created {path}")
    print(f"\nnext: cd {target} && sitegen serve")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from . import scaffold, timelines

    if args.kind == "source":
        return _new_source(args)
    if args.url or args.publisher or args.published:
        raise UsageError("--url, --publisher and --published are for 'sitegen new source'")
    if args.slug is None:  # (the slug made from the title, as an import makes it)
        args.slug = scaffold.title_to_slug(
            args.kind, args.title or "", args.date or "", _today(args.today)
        )
    if args.kind == "timeline" or args.timeline:  # (issue 17: sitegen.timelines)
        return _new_in_timeline(args)
    if args.kind == "event":  # (not a timeline's id: slug-duplicate)
        timelines.check_new_event(Path(args.site), "", args.slug)
    path = scaffold.new(
        Path(args.site), args.kind, args.slug, args.title or "", args.date or "", _today(args.today)
    )
    print(f"created {path}, a draft: 'sitegen check' lists what to write before it is published")
    print("(then remove 'draft: true')")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importers import timelinejs

    source = str(args.source)
    if source.startswith(("http://", "https://")):
        raise UsageError(
            f"{source} is an address; download the timeline first (Google Sheets: File > "
            "Download > Comma-separated values) and import the file"
        )
    site = Path(args.site)
    result = timelinejs.run(
        Path(source), site, force=args.force, shown=source, into=args.timeline or ""
    )
    for path in result.written:
        print(f"wrote {_shown(path)}")
    diags = sorted(result.diagnostics)
    said = _report(diags, args.format)
    events = result.events
    print(
        f"imported {events} event{'s' if events != 1 else ''} as drafts"
        + (f", {result.skipped} slide{'s' if result.skipped != 1 else ''} not imported"
           if result.skipped else ""),
        file=said,
    )  # fmt: skip
    return 1 if any(d.severity == "error" for d in diags) else 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _new_source(args: argparse.Namespace) -> int:
    from . import scaffold

    if not args.slug:
        raise UsageError("'sitegen new source ID' needs an ID: the name events cite it by")
    if not args.url or not args.title:
        raise UsageError("'sitegen new source ID' needs --url URL and --title TITLE")
    path = scaffold.new_source(
        Path(args.site),
        args.slug,
        args.url,
        args.title,
        args.publisher or "",
        args.published or "",
        _today(args.today),
    )
    print(f"added source '{args.slug}' to {path}; cite it with [@{args.slug}]")
    return 0


def docs_dir() -> Path:
    """The reference shipped inside the package (sitegen/docs: in a checkout, a link to
    the repository's docs/; in a wheel, the files themselves)."""
    return Path(__file__).resolve().parent / "docs"


def cmd_docs(args: argparse.Namespace) -> int:
    folder = docs_dir()
    pages = sorted(folder.glob("*.md"))
    if not pages:
        raise UsageError(f"this sitegen has no documentation in {folder}")
    if args.page is None:
        print(f"sitegen's documentation, offline: {folder}")
        width = max(len(page.stem) for page in pages)
        for page in pages:
            print(f"  {page.stem:<{width}} {_first_heading(page)}")
        print("\nread one with: sitegen docs PAGE (for example: sitegen docs content)")
        chosen = folder
    else:
        chosen = folder / f"{args.page.removesuffix('.md')}.md"
        if chosen not in pages:
            names = ", ".join(p.stem for p in pages)
            raise UsageError(f"no page '{args.page}'; the pages are: {names}")
        if not args.open:
            print(chosen.read_text(encoding="utf-8"), end="")
    if args.open:
        import webbrowser

        webbrowser.open(chosen.as_uri())
    return 0


def cmd_embed_code(args: argparse.Namespace) -> int:
    """The HTML that embeds a timeline in an article (needs site.yaml's base_url)."""
    from . import embed
    from .build import Builder

    site_dir = Path(args.site)
    if not (site_dir / "content").is_dir():
        raise UsageError(f"{site_dir} is not a sitegen site (no content/ folder)")
    loaded = Builder(site_dir, use_cache=False).load(defer_checks=True)
    # (site.yaml unread, its base_url and title are unknown: say why, not "set base_url")
    unread = [
        d for d in loaded.diagnostics if d.path == "content/site.yaml" and d.severity == "error"
    ]
    if loaded.site is None or unread:
        _print_diagnostics(unread or loaded.diagnostics, "text", sys.stderr)
        return 1
    print(embed.code_for(loaded.site, args.timeline, args.width, args.height))
    if note := embed.unpublished(loaded.site, args.timeline):
        print(f"sitegen: warning: {note}", file=sys.stderr)
    return 0


def _normal_base_url(value: str) -> str:
    """--base-url as site.yaml's base_url is taken (schema.normal_base_url), or a usage
    error saying what is wrong with it."""
    from .schema import base_url_problem, normal_base_url

    problem = base_url_problem(value)
    if problem:
        raise UsageError(f"--base-url {problem}")
    return normal_base_url(value)


def _first_heading(page: Path) -> str:
    with page.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def _new_in_timeline(args: argparse.Namespace) -> int:
    """`sitegen new timeline ID`, and `sitegen new event SLUG --timeline ID`."""
    from . import scaffold, timelines

    site, today = Path(args.site), _today(args.today)
    if args.kind == "timeline":
        path = timelines.new_timeline(site, args.slug, args.title or "", today)
    elif args.kind != "event":
        raise UsageError("--timeline is for 'sitegen new event'")
    else:
        timelines.check_new_event(site, args.timeline, args.slug)
        path = scaffold.new(site, args.kind, args.slug, args.title or "", args.date or "", today)
        timelines.name_timeline(path, site, args.timeline)
    print(f"created {path}")
    return 0


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command` (one of COMMANDS), only that command's:
    each command's parser looks up argparse's messages in the locale's catalogues, and
    making all nine cost a build 6 ms to run one of them."""
    p = _Parser(
        prog="sitegen",
        description="Build sourced, linked explainer timelines from YAML and Markdown.",
    )
    p.add_argument("--version", action="version", version=f"sitegen {__version__}")
    # (`prog` given: argparse would format the usage to find it)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", prog="sitegen")
    for name, (text, fill) in COMMANDS.items():
        if command is None or name == command:
            fill(sub.add_parser(name, help=text))
    return p


class _Parser(argparse.ArgumentParser):
    """argparse's parser, each option and argument that takes text refusing it empty
    (see _given); the commands' parsers are made of this class too (add_subparsers),
    each with _Formatter unless told another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") is None and "type" not in kwargs and "choices" not in kwargs:
            kwargs["type"] = _given
        return super().add_argument(*args, **kwargs)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter at the terminal's width, found without shutil: argparse
    makes a formatter for each argument it adds (to check its metavar), and its own asks
    shutil.get_terminal_size, whose import (with bz2 and lzma) was ~2 ms of every build
    before its parse forks."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # (as HelpFormatter takes it)
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns, found as it finds them: $COLUMNS, else the
    width of the terminal standard output is, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns or 80) if stdout else 80
    except (AttributeError, ValueError, OSError):  # (no terminal, or a closed stream)
        return 80


def _site_arg(sp: argparse.ArgumentParser) -> None:
    """The site folder and --today, as check, build and serve take them."""
    sp.add_argument("site", nargs="?", default=".", help="the site folder (default: .)")
    sp.add_argument(
        "--today", metavar="YYYY-MM-DD",
        help="the date checks treat as today (default: SOURCE_DATE_EPOCH or the clock)",
    )  # fmt: skip


def _check_parser(c: argparse.ArgumentParser) -> None:
    _site_arg(c)
    c.add_argument("--strict", action="store_true", help="count warnings as errors")
    c.add_argument("--format", choices=FORMATS, default="text")
    c.add_argument("--links", action="store_true", help="also fetch source and picture URLs")
    c.add_argument("--no-cache", action="store_true", help="ignore .sitegen-cache/")
    c.set_defaults(func=cmd_check)


def _build_parser(b: argparse.ArgumentParser) -> None:
    _site_arg(b)
    b.add_argument("-o", "--output", help="output folder (default: SITE/output)")
    b.add_argument("--clean", action="store_true", help="ignore and rebuild the cache")
    b.add_argument("--drafts", action="store_true", help="publish drafts too")
    b.add_argument("--base-url", help="override site.yaml's base_url (preview deploys)")
    b.add_argument("--strict", action="store_true", help="count warnings as errors")
    b.add_argument("--format", choices=FORMATS, default="text")
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    b.set_defaults(func=cmd_build)


def _serve_parser(s: argparse.ArgumentParser) -> None:
    _site_arg(s)
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--open", action="store_true", help="open the browser")
    s.add_argument("--no-drafts", action="store_true", help="hide drafts")
    s.set_defaults(func=cmd_serve)


def _init_parser(i: argparse.ArgumentParser) -> None:
    i.add_argument("dir", help="folder to create the site in")
    i.add_argument("--title", default="My timeline")
    i.add_argument(
        "--today", metavar="YYYY-MM-DD",
        help="accepted like check's; the sample site carries no date of today's",
    )  # fmt: skip
    i.add_argument(
        "--force", action="store_true",
        help="add the site to a folder of other files (a repository); overwrites nothing",
    )  # fmt: skip
    i.set_defaults(func=cmd_init)


def _new_parser(n: argparse.ArgumentParser) -> None:
    n.add_argument("kind", choices=["event", "person", "country", "timeline", "source"])
    n.add_argument(
        "slug", nargs="?",
        help="file name: lower-case letters, digits, hyphens (a source: its id); "
        "left out, it is made from --title",
    )  # fmt: skip
    n.add_argument("--site", default=".", help="the site folder (default: .)")
    n.add_argument("--title", help="title or name")
    n.add_argument("--timeline", metavar="ID", help="the timeline a new event belongs to")
    n.add_argument("--date", help="event date, YYYY-MM-DD (default: today)")
    n.add_argument("--today", metavar="YYYY-MM-DD", help="today's date (default: the clock)")
    n.add_argument("--url", help="a source's address, https://…")
    n.add_argument("--publisher", help="who published the source (default: the url's host)")
    n.add_argument("--published", metavar="YYYY-MM-DD", help="when the source was published")
    n.set_defaults(func=cmd_new)


def _embed_code_parser(e: argparse.ArgumentParser) -> None:
    e.add_argument("timeline", nargs="?", help="the timeline's id (on a site of timelines)")
    e.add_argument("--site", default=".", help="the site folder (default: .)")
    e.add_argument(
        "--width", type=int, metavar="W", help="the iframe's width in px (default: 100%%)"
    )
    e.add_argument("--height", type=int, metavar="H", help="its height before it sizes itself")
    e.set_defaults(func=cmd_embed_code)


def _docs_parser(d: argparse.ArgumentParser) -> None:
    d.add_argument("page", nargs="?", help="a page to print: content, checks, publishing, …")
    d.add_argument("--open", action="store_true", help="open it (or the folder) instead")
    d.set_defaults(func=cmd_docs)


def _import_parser(m: argparse.ArgumentParser) -> None:
    tools = m.add_subparsers(dest="tool", required=True, metavar="TOOL")
    t = tools.add_parser("timelinejs", help="a TimelineJS JSON file (3 or 2) or Google Sheets CSV")
    t.add_argument("source", help="the timeline's .json (or .js) file, or the sheet as .csv")
    t.add_argument("--site", default=".", help="the site folder (default: .)")
    t.add_argument(
        "--timeline", metavar="ID",
        help="the timeline the events join (content/timelines/ID.md, from the title slide)",
    )  # fmt: skip
    t.add_argument("--force", action="store_true", help="replace event files that exist")
    t.add_argument("--format", choices=FORMATS, default="text")
    t.set_defaults(func=cmd_import)


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("check every date, source and link; write nothing", _check_parser),
    "build": ("check, then render the site into output/", _build_parser),
    "serve": ("preview with live reload while you edit", _serve_parser),
    "init": ("create a new site", _init_parser),
    "new": ("add a draft event, person, country or timeline, or a source", _new_parser),
    "import": ("bring in a timeline made with another tool", _import_parser),
    "embed-code": ("print the HTML that embeds a timeline in an article", _embed_code_parser),
    "docs": ("the content format and checks reference, offline", _docs_parser),
}
"""Each command: its line in `sitegen --help`, and what fills in its parser."""


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        for stream in (sys.stdout, sys.stderr):
            # a terminal or pipe that is not UTF-8 (PYTHONIOENCODING=ascii, a Windows
            # pipe in cp1252): a title's 'é' or '—' shows escaped, not an internal error
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="backslashreplace")
    collecting = gc.isenabled()
    if (sys.argv[1:2] if argv is None else list(argv[:1])) in (["build"], ["check"]):
        # What the command imports before its build (classes, functions, modules: none
        # of it garbage) would be walked by the cyclic collector a dozen times; the
        # build turns it off for its own work anyway (Builder.build).
        gc.disable()
    try:
        code = _main(argv)
    finally:
        if collecting:
            gc.enable()
    if argv is None and code in (0, 1) and sys.argv[1:2] in (["build"], ["check"], ["serve"]):
        # The command line, done: every file is written and closed. Tearing down a large
        # site's model object by object would take another second at 10,000 events (and
        # serve stopped during a rebuild leaves it to a thread nobody waits for).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


DATE_OPTIONS = frozenset(("--date", "--today", "--published"))
"""The options whose value is a date, which may start with a minus: a year before the
common era (`-0044-03-15`)."""
_MINUS_DATE = re.compile(r"-\d")


def _dates_joined(words: list[str]) -> list[str]:
    """`--date -0044-03-15` as `--date=-0044-03-15`: argparse takes a word that starts
    with `-` (and is not a plain negative number) for an option, so the date would be
    missing; after `--`, every word is left as it is."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return out + words[i:]
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in DATE_OPTIONS and _MINUS_DATE.match(following):
            out.append(f"{word}={following}")
            i += 2
            continue
        out.append(word)
        i += 1
    return out


def _os_hint(exc: OSError) -> str:
    """What to do about a refusal of the disk that no command words itself ('File
    exists' alone does not say that a file stands where sitegen makes a folder)."""
    import errno

    space = "; the disk is full: free some space on it"
    access = "; sitegen may not use it: give it read and write access"
    return {
        errno.EEXIST: "; something that is no folder stands where sitegen makes a folder: "
        "move it away",
        errno.ENOTDIR: "; a file stands where this path needs a folder: move it away",
        errno.EROFS: "; the disk is read-only: work on a copy of the site on a disk "
        "sitegen may write (it keeps its cache, .sitegen-cache/, in the site folder)",
        errno.EACCES: access,
        errno.EPERM: access,
        errno.ENOSPC: space,
        errno.EDQUOT: space,
    }.get(exc.errno or 0, "")


def _main(argv: Sequence[str] | None = None) -> int:
    words = _dates_joined(sys.argv[1:] if argv is None else list(argv))
    # the command first (`sitegen build …`): its parser alone; else (`sitegen --help`,
    # a misspelt command) every command's, to list them or say which exist
    command = words[0] if words and words[0] in COMMANDS else None
    args = parser(command).parse_args(words)
    try:
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return 1
    except WorkerStopped as exc:
        print(
            f"sitegen: error: {exc}; the output folder is as it was\n"
            "hint: free some memory, or give sitegen fewer cores to fork workers for "
            "(e.g. `taskset -c 0 sitegen build`)",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # the disk or a file, not a bug: say which, in one line
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"sitegen: error: {where}{exc.strerror or exc}{_os_hint(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for a user; one line to report
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        print(
            f"sitegen: internal error: {type(exc).__name__}: {exc}\n"
            "please report this (run with SITEGEN_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
