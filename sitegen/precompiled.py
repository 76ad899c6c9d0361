"""The default theme's templates compiled ahead of time, as Python modules in
sitegen/compiled_theme/ (written by tools/compile_theme.py, checked by
tests/test_precompiled.py).

Compiling the theme (Jinja's parse and code generation, then Python's compile) costs a
build that has no cache of its own about 0.1 CPU-s: a quarter of a cold 100-event build.
A module of the package is loaded as Python loads any other, from its __pycache__ (written
when the package is installed). Each module stands for one template, under a key of its
source, Jinja's version and the options the environment compiles with: a template that no
longer matches its key (an edited theme before the tool ran again, another Jinja) is
compiled as before, so the modules can be stale but never wrong.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import MutableMapping
from types import CodeType
from typing import Any

import jinja2

from .files import TEMPLATE_EXTENSIONS

PACKAGE = f"{__package__}.compiled_theme"


def module_name(template: str) -> str:
    """'_macros.html' -> 't__macros_html'."""
    return "t_" + re.sub(r"[^A-Za-z0-9]", "_", template)


def _options(env: jinja2.Environment) -> tuple[object, ...]:
    """What Jinja's generated code depends on besides the template's source."""
    return (
        env.autoescape, env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
        env.newline_sequence, env.block_start_string, env.block_end_string,
        env.variable_start_string, env.variable_end_string, env.comment_start_string,
        env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.optimized, env.is_async, env.finalize is None, sorted(env.extensions),
        env.code_generator_class.__qualname__,
    )  # fmt: skip


def key(env: jinja2.Environment, name: str, source: str) -> str:
    """The key a compiled template must carry to stand for `source` in `env`."""
    h = hashlib.blake2b(digest_size=16)
    for part in (jinja2.__version__, repr(_options(env)), name, source):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def _code(env: jinja2.Environment, name: str, source: str) -> CodeType | None:
    """The compiled template's code, or None when none is shipped for this source."""
    from .compiled_theme import KEYS

    if KEYS.get(name) != key(env, name, source):
        return None
    spec = importlib.util.find_spec(f"{PACKAGE}.{module_name(name)}")
    if spec is None or spec.loader is None:
        return None
    code: CodeType | None = spec.loader.get_code(spec.name)  # type: ignore[attr-defined]
    return code


def shipped(env: jinja2.Environment, name: str) -> bool:
    """Whether `env` loads template `name` from compiled_theme (found first in the default
    theme, and current there): nothing for a build to compile ahead."""
    from .compiled_theme import KEYS

    loaders = env.loader.loaders if isinstance(env.loader, jinja2.ChoiceLoader) else [env.loader]
    for loader in loaders:
        try:
            source, _, _ = loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue
        return isinstance(loader, ThemeLoader) and KEYS.get(name) == key(env, name, source)
    return False


class ThemeLoader(jinja2.FileSystemLoader):
    """The default theme's folder: its templates from compiled_theme when they match."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, filename, _ = self.get_source(environment, name)
        code = _code(environment, name, source)
        if code is None:
            return super().load(environment, name, globals)
        # named by the template's file, not the module's: the template's filename, which
        # Jinja's tracebacks (and the diagnostics made from them) name, is the code's
        code = code.replace(co_filename=filename)
        cls = environment.template_class
        return cls.from_code(environment, code, globals if globals is not None else {})


def generate(env: jinja2.Environment) -> dict[str, tuple[str, str]]:
    """Every template of env's loader: name -> (key, Python source), as compiled_theme
    holds them (tools/compile_theme.py)."""
    out = {}
    assert env.loader is not None
    for name in sorted(set(env.list_templates(extensions=TEMPLATE_EXTENSIONS))):
        source, _, _ = env.loader.get_source(env, name)
        python = env.compile(source, name, None, raw=True)
        out[name] = (key(env, name, source), python)
    return out
