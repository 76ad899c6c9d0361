"""sitegen: a static site generator for sourced, linked explainer timelines."""

__version__ = "0.1.0"
