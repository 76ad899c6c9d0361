"""The errors the command line turns into an exit status, in a module of their own:
the command line imports them before it knows which command runs (the problems in a
site are diagnostics.py's)."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how sitegen was called (not with the site): exit status 2."""


class OutputError(Exception):
    """The disk refused to take the output (permission, disk full, read-only): one line
    naming the path, exit status 1; the output folder is as it was."""


class WorkerStopped(RuntimeError):
    """A forked build worker ended without finishing its share (the kernel kills one
    when the system runs out of memory): not a bug in sitegen nor a problem in the
    site, so one line for the user, exit status 1; the output folder is as it was."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"a build worker stopped before it finished ({_how(exitcode)})")


def _how(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit code {exitcode}"
    import signal

    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    killed = f"killed by {name}, exit code {exitcode}"
    if -exitcode == signal.SIGKILL:
        return f"{killed}: most often the system running out of memory"
    return killed
