"""sitegen: a static site generator for sourced, linked explainer timelines."""

__version__ = "0.1.0"


def _patterns_compiled_ahead() -> None:
    # before argparse, Jinja or a module of sitegen's compiles one (see adapters.py, "re")
    from .adapters import compiled_patterns_installed

    compiled_patterns_installed()


_patterns_compiled_ahead()
