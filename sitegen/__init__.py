"""sitegen: a static site generator for sourced, linked explainer timelines."""

__version__ = "0.1.0"


def _patterns_compiled_ahead() -> None:
    # before any module of sitegen's (or argparse, Jinja...) compiles one: see prepatterns.py
    from .prepatterns import install

    install()


_patterns_compiled_ahead()
