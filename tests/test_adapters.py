"""sitegen/adapters.py leans on private names of jinja2, markupsafe and markdown-it-py:
these tests fail when a release of one of them changes or removes what it relies on."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import traceback
from pathlib import Path

import jinja2
import jinja2.compiler
import markupsafe
import pytest
from markupsafe import Markup

from sitegen import adapters
from tests.conftest import skip_untried_markdown_it

REPO = Path(__file__).resolve().parent.parent
SAMPLES = ["", "plain", "Tom & <Jerry>", 'it\'s "quoted"', "Ukraine 🇺🇦 – 8 July", "\x00<\x7f>"]


def test_markupsafe_still_has_its_c_escaper_and_it_escapes_as_escape_does() -> None:
    escaper = adapters.c_escaper()
    assert escaper is not None, "markupsafe._speedups._escape_inner is gone: see adapters"
    for text in SAMPLES:
        assert escaper(text) == str(markupsafe.escape(text))
        assert type(escaper(text)) is str


def test_jinja_still_prints_through_the_namespace_name_escape() -> None:
    assert isinstance(jinja2.Template.__dict__.get("_from_namespace"), classmethod)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.template_class = adapters.printing_template(lambda v: f"[{markupsafe.escape(v)}]")
    macros = "{% macro chip(x) %}<b>{{ x }}</b>{% endmacro %}"
    page = env.from_string(macros + "{{ title }}|{{ chip(title) }}")
    assert page.render(title="a&b") == "[a&amp;b]|[<b>[a&amp;b]</b>]"


def test_jinja_without_a_printer_prints_as_it_always_did() -> None:
    env = jinja2.Environment(autoescape=True)
    env.template_class = adapters.printing_template(None)
    page = env.from_string("{{ title }}|{{ body }}")
    assert page.render(title="a&b", body=Markup("<p>")) == "a&amp;b|<p>"


def test_jinja_templates_share_the_environments_globals() -> None:
    assert callable(getattr(jinja2.Environment, "make_globals", None))
    env = adapters.SharedGlobalsEnvironment(
        loader=jinja2.DictLoader(
            {"a.html": "{{ g }}", "b.html": "{% include 'a.html' %}", "c.html": "{{ g }}"}
        )
    )
    env.globals["g"] = "shared"
    template = env.get_template("b.html")
    assert template.globals is env.globals
    assert template.render() == "shared"
    own = env.get_template("c.html", globals={"g": "own"})  # asked for: a map of its own
    assert own.globals is not env.globals and own.render() == "own"


def test_an_import_sees_the_globals_as_jinjas_own_context_gives_them() -> None:
    """The quick context over the environment's own globals lists none of them as the
    page's own (Jinja's import subtracts an imported template's globals from them, to
    pass it those it lacks): imports without and with context, and a page whose
    template has globals of its own, print as Jinja's own context has them print."""
    templates = {
        "m.html": "{% macro f() %}{{ g }}{% endmacro %}{% set top = g ~ '!' %}",
        "page.html": (
            "{% from 'm.html' import f %}{% import 'm.html' as m with context %}"
            "{% import 'm.html' as n %}{{ f() }}|{{ m.top }}|{{ n.top }}|{{ g }}"
        ),
    }

    def env(context_class: type | None) -> jinja2.Environment:
        made = adapters.SharedGlobalsEnvironment(loader=jinja2.DictLoader(templates))
        if context_class is not None:
            made.context_class = context_class
        made.globals["g"] = "shared"
        return made

    own, quick = env(None), env(adapters.quick_call_context())
    page = quick.get_template("page.html")
    assert not page.new_context().globals_keys - page.globals.keys()
    assert (
        page.render() == own.get_template("page.html").render() == ("shared|shared!|shared!|shared")
    )
    with_own = {"g": "own", "h": "h"}
    made = quick.get_template("page.html", globals=dict(with_own)).render()
    assert made == own.get_template("page.html", globals=dict(with_own)).render()


def test_a_page_context_reads_and_sets_names_as_jinjas_own_context() -> None:
    """page_context's names (one dict, read by its C look-up) print what Jinja's own
    context prints: a name set at a template's top level over the page's value of it,
    read in a block of the template it extends; blocks' and loops' own names; an include
    and an import with context (which see the names set so far); a name the page lacks
    (`is defined`, a default); a pass_context global; and Jinja's compiled code still
    reads its names through `context.resolve_or_missing`."""
    templates = {
        "base.html": (
            "{% set top = 'base' %}<{% block a %}{{ title }}{% endblock %}|"
            "{% block b %}{{ top }}{% endblock %}|{% include 'inc.html' %}>"
        ),
        "inc.html": "{{ title }}/{{ top }}/{{ shadowed }}",
        "m.html": "{% macro f() %}{{ shadowed }}{% endmacro %}{% set seen = shadowed %}",
        "page.html": (
            "{% extends 'base.html' %}{% import 'm.html' as m with context %}"
            "{% set shadowed = 'set' %}{% block a %}{% set own = 'o' %}{{ own }}"
            "{% for x in items %}{% set y = x %}{{ y }}{{ title }}{% endfor %}"
            "{{ nope is defined }}{{ nope | default('d') }}{{ seen() }}"
            "{{ m.f() }}{{ m.seen }}{% endblock %}{% block b %}{{ super() }}"
            "{{ shadowed }}{{ self.a() | length }}{% endblock %}"
        ),
    }
    env = adapters.SharedGlobalsEnvironment(
        loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.context_class = adapters.quick_call_context()
    env.globals["seen"] = jinja2.pass_context(lambda ctx: f"({ctx.get('shadowed')})")
    assert "resolve = context.resolve_or_missing" in env.compile(templates["page.html"], raw=True)
    template = env.get_template("page.html")
    values = {"title": "T&", "items": [1, 2], "shadowed": "page"}
    names = adapters.PageNames(template.globals, **values)
    context = adapters.page_context(template, names)
    assert context.resolve_or_missing("nope") is jinja2.utils.missing
    quick = "".join(template.root_render_func(context))
    assert quick == template.render(**values)
    assert names["shadowed"] == "set" and names["title"] == "T&"
    everything = context.get_all()  # (an include's names: a copy of the one dict)
    assert everything == dict(names) and everything is not names


def _in_a_process_of_its_own(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by a fresh interpreter (what a test process already imported is not in
    it), its output kept; a failure fails the test."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )


def test_markdown_it_block_rules_still_log_through_a_module_logger() -> None:
    """In a process of its own: the test process may have quieted them already."""
    code = (
        "import logging, sys, markdown_it\n"
        "markdown_it.MarkdownIt('commonmark').render('# x')\n"
        "from sitegen import adapters\n"
        "rules = [m for n, m in sys.modules.items() if n.startswith(adapters.BLOCK_RULES)]\n"
        "loggers = sum(isinstance(getattr(m, 'LOGGER', None), logging.Logger) for m in rules)\n"
        "print(len(rules), loggers, adapters.quiet_block_rules())\n"
        "markdown_it.MarkdownIt('commonmark').render('# x\\n\\n> y\\n\\n- z')\n"
    )
    done = _in_a_process_of_its_own(code)
    rules, loggers, quieted = map(int, done.stdout.split())
    assert rules > 5 and loggers > 5 and loggers == quieted, "markdown-it's block rules changed"


def test_markdown_it_debug_logging_is_left_alone() -> None:
    logger = logging.getLogger("markdown_it")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        assert adapters.quiet_block_rules() == 0
    finally:
        logger.setLevel(level)


def test_markdown_it_replacements_still_test_text_with_the_patterns_smarten_borrows() -> None:
    """smarten skips the typographer for text none of these match: they must still be
    what markdown-it's replacements rule decides by, and the ones adapters hands over."""
    import inspect

    from markdown_it.rules_core import replacements

    assert adapters.replacement_tests() == (
        replacements.RARE_RE.pattern,
        replacements.SCOPED_ABBR_RE.pattern,
    )
    rule = inspect.getsource(replacements.replace)
    assert "RARE_RE.search" in rule and "SCOPED_ABBR_RE.search" in rule


def test_the_markdown_it_installed_is_one_sitegen_makes_plain_bodies_for() -> None:
    """markdown.light_made makes and writes plain bodies as this markdown-it does (the
    tests of test_markdown.py, run on the installed one): its version is read without
    importing it, and must be one of MARKDOWN_IT_TRIED, the versions so held (after an
    upgrade: run those tests, then add the version); so must its typography patterns be
    _KNOWN_TYPOGRAPHY's, and what its mdTrim strips markdown._TRIM's."""
    from importlib import import_module
    from importlib.metadata import version

    import markdown_it
    from markdown_it.common import utils

    from sitegen import markdown

    # (the modules: markdown_it.rules_core names its rules' functions so)
    replacements = import_module("markdown_it.rules_core.replacements")
    smartquotes = import_module("markdown_it.rules_core.smartquotes")

    assert adapters.markdown_it_version() == markdown_it.__version__ == version("markdown-it-py")
    skip_untried_markdown_it()
    assert {
        "QUOTE_RE": smartquotes.QUOTE_RE.pattern,
        "RARE_RE": replacements.RARE_RE.pattern,
        "SCOPED_ABBR_RE": replacements.SCOPED_ABBR_RE.pattern,
    } == adapters._KNOWN_TYPOGRAPHY
    assert markdown._TRIM == utils.MD_TRIM_CHARS
    assert smartquotes.APOSTROPHE == markdown._APOSTROPHE


TYPOGRAPHY_SAMPLES = [
    "",
    "plain words.",
    "it's",
    'a "quote"',
    "1 +- 2",
    "wait.. what",
    "so???? or!!!!",
    "a,, b",
    "a -- b",
    "(c) 2024",
    "(TM) and (r)",
    "(C",
    "a - b. c, d? e! (x)",
    "+ - . , ( ) ? !",
]


def test_markdown_it_typographer_rules_still_decide_by_the_patterns_known() -> None:
    """markdown.render runs markdown-it's smartquotes and replacements rules only for a
    body in which typography_tests find what the rules' patterns look for: the patterns
    must still be those, each rule must still decide by them paragraph by paragraph,
    and each test must be true wherever its rule's patterns match."""
    import importlib
    import inspect

    smartquotes = importlib.import_module("markdown_it.rules_core.smartquotes")
    replacements = importlib.import_module("markdown_it.rules_core.replacements")
    tests = adapters.typography_tests()
    assert tests is not None, "markdown-it's typographer patterns changed: see adapters"
    assert "QUOTE_RE.search(token.content)" in inspect.getsource(smartquotes.smartquotes)
    rule = inspect.getsource(replacements.replace)
    assert "RARE_RE.search(token.content)" in rule
    assert "SCOPED_ABBR_RE.search(token.content)" in rule
    has_quote, has_replacement = tests
    for text in TYPOGRAPHY_SAMPLES:
        assert has_quote(text) == bool(smartquotes.QUOTE_RE.search(text)), text
        rare = replacements.RARE_RE.search(text) or replacements.SCOPED_ABBR_RE.search(text)
        assert has_replacement(text) == bool(rare), text


def test_the_replacements_made_without_markdown_it_are_its_own() -> None:
    """adapters.known_replacements (what markdown.light_made writes of a text the
    typographer changes) makes of each text what markdown-it's replacements rule makes of
    it as one text token: the same patterns, in the same order, with the same
    replacements (TYPOGRAPHY_SAMPLES and random texts of the characters they read)."""
    import importlib
    import random

    from markdown_it.token import Token

    skip_untried_markdown_it()
    replacements = importlib.import_module("markdown_it.rules_core.replacements")
    for name, pattern, flags, _ in adapters._KNOWN_REPLACEMENTS:
        made = getattr(replacements, name)
        assert (made.pattern, made.flags & re.MULTILINE) == (pattern, flags), name
    replaced = adapters.known_replacements()
    rng = random.Random(13)
    letters = ["a", " ", "\n", "-", "--", "---", ".", "..", "?", "!", ",", "+", "(c)", "(TM)"]
    letters += ["(r)", "(", ")", "\u2026", "\u00a0", "\t", "c"]
    texts = [*TYPOGRAPHY_SAMPLES, "a---b", "a --- b", "a -- b --c", "?.... !..... ,,,"]
    texts += ["".join(rng.choices(letters, k=rng.randint(1, 9))) for _ in range(20000)]
    for text in texts:
        token = Token("text", "", 0, content=text)
        replacements.replace_scoped([token])
        replacements.replace_rare([token])
        assert replaced(text) == token.content, repr(text)


YAML_SAMPLES = [
    "title: A\nlist: [a, b]\nnested:\n  - {k: v}\n  - 3\n",
    "a: &x [1, 2]\nb: *x\n<<: {c: d}\n",
    "- 2024-03-05\n- !!str 7\n- null\n",
]


def test_pyyaml_loaders_still_have_the_path_resolver_hooks_quieted() -> None:
    """yamlfull._Loader has no path resolvers: PyYAML's parser calls the two hooks for each
    node, and a loader with the hooks quieted reads every document as before. A loader
    with a path resolver keeps its hooks."""
    import yaml

    from sitegen import load, yamlfull

    for base in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
        quiet = type("Quiet", (base,), {})
        assert adapters.quiet_path_resolvers(quiet), "PyYAML's resolver hooks are gone"
        for text in YAML_SAMPLES:
            assert yaml.load(text, Loader=quiet) == yaml.load(text, Loader=base)
    assert yamlfull._Loader.descend_resolver == "".format
    assert yamlfull._Loader.ascend_resolver == "".format
    assert load.parse_yaml(YAML_SAMPLES[0])[0] == yaml.safe_load(YAML_SAMPLES[0])

    resolving = type("Resolving", (yaml.SafeLoader,), {})
    resolving.add_path_resolver("tag:yaml.org,2002:str", ["thing"], str)
    assert not adapters.quiet_path_resolvers(resolving)
    assert yaml.load("thing: {a: 1}", Loader=resolving) == {"thing": {"a": 1}}
    assert resolving.descend_resolver is yaml.resolver.BaseResolver.descend_resolver


def test_pyyaml_is_imported_with_the_reader_pattern_listed() -> None:
    """PyYAML's import still compiles YAML_NON_PRINTABLE for its pure-Python reader;
    imported by the load's PyYAML path (yamlfull), the reader holds NON_PRINTABLE_LISTED
    instead (else the shortcut has stopped working), which matches the same code points,
    still refuses a control character, and is left in none of `re`'s caches."""
    import ast

    import yaml

    tree = ast.parse(Path(yaml.reader.__file__).read_text(encoding="utf-8"))
    compiled = [
        node.value.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", None) == "NON_PRINTABLE"
        and isinstance(node.value, ast.Call)
    ]
    assert compiled == [adapters.YAML_NON_PRINTABLE], "PyYAML's reader pattern changed"
    every = "".join(map(chr, range(0x110000)))
    theirs = re.compile(adapters.YAML_NON_PRINTABLE)
    listed = re.compile(adapters.NON_PRINTABLE_LISTED)
    assert [m.start() for m in listed.finditer(every)] == [
        m.start() for m in theirs.finditer(every)
    ]
    script = (
        "import re, sitegen.yamlfull as l, yaml.reader as r\n"
        "from sitegen.adapters import NON_PRINTABLE_LISTED as P, YAML_NON_PRINTABLE as Y\n"
        "caches = [getattr(re, c, {}) for c in ('_cache', '_cache2')]\n"
        "print(r.Reader.NON_PRINTABLE.pattern == P, any((str, Y, 0) in c for c in caches))\n"
        "try:\n    l.yaml.load('a: \\x07', Loader=l.yaml.SafeLoader)\n"
        "except r.ReaderError as exc:\n    print(exc.character == 7)\n"
    )
    done = _in_a_process_of_its_own(script)
    assert done.stdout.split() == ["True", "False", "True"]


def test_the_quick_call_context_calls_as_jinjas_own_does() -> None:
    """Compiled templates call through Context.call; the quick one skips Jinja's look for
    pass_context on plain functions and built-in methods, and hands everything else,
    or a function so marked, to Jinja's own call."""
    assert "call" in jinja2.runtime.Context.__dict__
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.context_class = adapters.quick_call_context()

    @jinja2.pass_context
    def marked(context: jinja2.runtime.Context, x: str) -> str:
        return f"{context['title']}:{x}"

    class Shout:
        def __call__(self, x: str) -> str:
            return x.upper()

        def bound(self, x: str) -> str:
            return x + "!"

    def stops() -> str:
        raise StopIteration

    page = env.from_string(
        "{{ plain('a') }}|{{ marked('b') }}|{{ title.partition('&')[0] }}|{{ shout('c') }}|"
        "{{ shout.bound('d') }}|{% block b %}{{ plain('e') }}{% endblock %}|"
        "{{ stops() is undefined }}"
    )
    made = page.render(
        title="t&u", plain=lambda x: f"<{x}>", marked=marked, shout=Shout(), stops=stops
    )
    assert made == "&lt;a&gt;|t&amp;u:b|t|C|d!|&lt;e&gt;|True"
    assert type(page.new_context()) is env.context_class


def test_a_quick_call_passes_a_blocks_and_a_loops_variables_as_jinjas_own_call_does() -> None:
    """inline_getattr_generator(quick_calls=True) writes `f(…)` as
    `context.quick_call(loop vars, block vars, f, …)`: a plain function is called with
    what the template gives it, and a pass_context one sees the variables a `{% set %}`
    in its block and a loop's own set, as through Jinja's call."""

    @jinja2.pass_context
    def seen(context: jinja2.runtime.Context, name: str) -> str:
        return f"{name}={context.get(name)}"

    def plain(*args: object, **kwargs: object) -> str:
        return f"{args}{sorted(kwargs.items())}"

    class Owner:  # bound methods: one plain (as once()), one pass_context (as strip())
        def plain(self, *args: object) -> str:
            return f"bound{args}"

        @jinja2.pass_context
        def seen(self, context: jinja2.runtime.Context, name: str) -> str:
            return f"bound {name}={context.get(name)}"

    source = (
        "{{ plain(1, k=2) }}|{{ seen('title') }}|"
        "{% block b %}{% set s = 'in block' %}{{ seen('s') }}{{ plain(s) }}{% endblock %}|"
        "{% for i in [1, 2] %}{% set j = i * 10 %}{{ seen('j') }},{{ plain(i, k=j) }};{% endfor %}|"
        "{% macro m(x) %}{{ seen('x') }}{{ plain(x) }}{% endmacro %}{{ m('arg') }}|"
        "{{ plain(*[1, 2], **{'k': 3}) }}|{{ bound(1) }}{{ bound_seen('title') }}"
    )
    owner = Owner()
    data = {
        "title": "t&u", "plain": plain, "seen": seen,
        "bound": owner.plain, "bound_seen": owner.seen,
    }  # fmt: skip
    own = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    quick = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    quick.context_class = adapters.quick_call_context()
    quick.code_generator_class = adapters.inline_getattr_generator(quick_calls=True)
    assert "context.quick_call(" in quick.compile(source, raw=True)
    made = quick.from_string(source).render(data)
    assert made == own.from_string(source).render(data)
    assert "s=in block" in made and "j=10" in made and "j=20" in made
    assert made.endswith("|bound(1,)bound title=t&amp;u")


def test_the_inline_getattr_reads_x_name_as_jinjas_own_getattr_does() -> None:
    """`x.name` compiled inline: an attribute, a dict's key, a name neither has (an
    undefined value, an error once printed), a value of an undefined name, in a macro, a
    loop and a block, each as Jinja's own generator renders it."""
    assert "visit_Getattr" in jinja2.compiler.CodeGenerator.__dict__

    class Item:
        title = "T&U"

        @property
        def broken(self) -> str:
            raise AttributeError("inside")

    source = (
        "{% macro m(x) %}{{ x.title }}{% endmacro %}{{ item.title }}|{{ d.title }}|"
        "{{ m(item) }}|{% for i in [item, d] %}{{ i.title | lower }},{% endfor %}|"
        "{% block b %}{{ d.items is defined }}{{ item.nothing is defined }}{% endblock %}|"
        "{{ item.broken is defined }}|{{ 'a b'.split()[1] }}"
    )
    data = {"item": Item(), "d": {"title": "<d>"}}
    own = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    inline = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    inline.code_generator_class = adapters.inline_getattr_generator()
    made = inline.from_string(source).render(data)
    assert made == own.from_string(source).render(data)
    assert made == "T&amp;U|&lt;d&gt;|T&amp;U|t&amp;u,&lt;d&gt;,|TrueFalse|False|b"
    for broken in ("{{ item.nothing }}", "{{ missing.title }}", "{{ item.nothing.title }}"):
        with pytest.raises(jinja2.UndefinedError) as expected:
            own.from_string(broken).render(data)
        with pytest.raises(jinja2.UndefinedError) as got:
            inline.from_string(broken).render(data)
        assert str(got.value) == str(expected.value)


def test_markdown_it_makes_special_text_only_at_a_backslash_or_an_ampersand() -> None:
    """markdown.render runs markdown-it's text_join rule only for a body with a backslash
    or an `&` (adapters.special_text_test): the inline rules that make `text_special`
    tokens, which that rule turns into text, must still be only the escape and entity
    rules, each still starting at its character; and the rule must still be the one
    the core runs as `text_join`."""
    import importlib
    import inspect
    import pkgutil

    import markdown_it.rules_block
    import markdown_it.rules_core
    import markdown_it.rules_inline
    from markdown_it import MarkdownIt

    makers = set()
    for package in (markdown_it.rules_inline, markdown_it.rules_block, markdown_it.rules_core):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            source = inspect.getsource(module)
            if re.search(r'push\(\s*"text_special"|type = "text_special"', source):
                makers.add(info.name)
    assert makers == set(adapters.SPECIAL_TEXT_STARTS), makers
    for name, start in adapters.SPECIAL_TEXT_STARTS.items():
        rule = inspect.getsource(importlib.import_module(f"markdown_it.rules_inline.{name}"))
        written = '"\\\\"' if start == "\\" else f'"{start}"'  # as the source spells it
        assert f"if state.src[pos] != {written}:" in rule, name
    core = {rule.name: rule.fn for rule in MarkdownIt("commonmark").core.ruler.__rules__}
    assert core["text_join"] is markdown_it.rules_core.text_join
    test = adapters.special_text_test()
    assert test is not None
    assert test("a \\* b") and test("a &amp; b") and not test("plain [[words]] [@wire]")


def test_the_replacements_test_matches_where_the_rules_patterns_do() -> None:
    """typography_tests' replacement test looks for each of RARE_RE's strings alone: it
    must be true exactly where RARE_RE or SCOPED_ABBR_RE matches."""
    import itertools
    import random

    from markdown_it.rules_core import replacements

    tests = adapters.typography_tests()
    assert tests is not None
    has_replacement = tests[1]
    alternatives = replacements.RARE_RE.pattern.split("|")
    assert {re.sub(r"\\(.)", r"\1", a) for a in alternatives} == set(adapters.RARE_LITERALS)
    pick = random.Random(20).choice
    alphabet = "-.,+?!()ctmrCTMR a"
    texts = ["".join(pick(alphabet) for _ in range(n)) for n in range(1, 12) for _ in range(300)]
    texts += ["".join(p) for p in itertools.product("-.,+?!", repeat=2)]
    for text in texts:
        rare = replacements.RARE_RE.search(text) or replacements.SCOPED_ABBR_RE.search(text)
        assert has_replacement(text) == bool(rare), repr(text)


def test_frozen_dataclasses_made_with_closures_behave_as_compiled_ones() -> None:
    """records.dataclass makes a frozen class's __setattr__ and __delattr__ through
    adapters.made_dataclass (dataclasses' maker, still there with its arguments), and
    they refuse and pass on what dataclasses' own compiled ones do: fields and any
    name on the class itself, other names on a plain subclass."""
    import dataclasses

    from sitegen import records

    maker = dataclasses._frozen_get_del_attr  # type: ignore[attr-defined]
    code = maker.__code__
    assert code.co_varnames[: code.co_argcount] == adapters.FROZEN_MAKER, "dataclasses changed"

    def outcome(obj: object, name: str, value: object = None) -> str:
        try:
            if value is None:
                delattr(obj, name)
            else:
                setattr(obj, name, value)
        except Exception as exc:  # (what each raises, compared)
            return f"{type(exc).__name__}: {exc}"
        return f"done: {getattr(obj, name, '-')}"

    for options in ({}, {"slots": True}, {"repr": False, "eq": False}):
        made = []
        for decorator in (dataclasses.dataclass, records.dataclass):

            @decorator(frozen=True, **options)  # type: ignore[call-overload, misc]
            class Point:
                x: int
                y: int = 0

            class Sub(Point):  # (not a dataclass: may hold other attributes)
                pass

            assert Point.__setattr__.__qualname__.endswith("<locals>.Point.__setattr__")
            p, sub = Point(1), Sub(2, 3)
            tries = [(p, "x", 5), (p, "z", 5), (p, "y"), (sub, "x", 5), (sub, "z", 5)]
            tries += [(sub, "z"), (sub, "z"), (sub, "y")]
            seen = [outcome(*args) for args in tries]
            made.append(
                [
                    *seen,
                    p.x,
                    sub.y,
                    dataclasses.astuple(p),
                    hash(p) if options.get("eq", True) else 0,
                ]
            )
        assert made[0] == made[1], options
        assert "adapters" in Point.__setattr__.__code__.co_filename
    assert dataclasses._frozen_get_del_attr is maker  # type: ignore[attr-defined]


def test_dataclass_init_compiled_when_first_called_behaves_as_compiled_at_once() -> None:
    """records.dataclass leaves a class's __init__ to be compiled by dataclasses' own
    maker (still there with its arguments) when the class is first instantiated: the
    objects, the errors, the signature and __post_init__ are dataclasses' own, a plain
    subclass's first object makes its base's, a default before a field without one is
    refused at once, and a class without a docstring (which dataclasses writes from the
    signature) is made as before."""
    import dataclasses
    import inspect

    from sitegen import records

    maker = dataclasses._init_fn  # type: ignore[attr-defined]
    code = maker.__code__
    assert code.co_varnames[: code.co_argcount] == adapters.INIT_MAKER, "dataclasses changed"

    def outcome(make: object, *args: object, **kwargs: object) -> str:
        try:
            made = make(*args, **kwargs)  # type: ignore[operator]
        except TypeError as exc:  # (what each raises, compared)
            return f"TypeError: {str(exc).rsplit('.', 1)[-1]}"
        return repr(dataclasses.astuple(made)) + repr(getattr(made, "seen", None))

    for options in ({}, {"frozen": True}, {"slots": True}, {"kw_only": True}):
        made = []
        for decorator in (dataclasses.dataclass, records.dataclass):

            @decorator(**options)  # type: ignore[call-overload, misc]
            class Point:
                """A point."""

                x: int
                y: list[int] = dataclasses.field(default_factory=list)
                z: int = dataclasses.field(default=3, init=False)

            class Sub(Point):  # (not a dataclass: its first object makes Point's __init__)
                pass

            lazily = "adapters" in Point.__init__.__code__.co_filename
            first = outcome(Sub, x=1) if options.get("kw_only") else outcome(Sub, 1)
            tries = [outcome(Point, x=2, y=[5]), outcome(Point), outcome(Point, 1, 2, 3, 4)]
            made.append([first, *tries, str(inspect.signature(Point)), Point.__doc__])
            assert Point.__init__.__code__.co_filename == "<string>"
            assert Point.__init__.__qualname__.endswith("<locals>.Point.__init__")
            assert lazily == (decorator is records.dataclass)
        assert made[0] == made[1], options

    @records.dataclass
    class Seen:
        """Counts its __post_init__ calls."""

        seen: int = 0

        def __post_init__(self) -> None:
            self.seen += 1

    assert Seen().seen == 1 and Seen(5).seen == 6

    for decorator in (dataclasses.dataclass, records.dataclass):
        with pytest.raises(TypeError, match="non-default argument 'b' follows default"):

            @decorator
            class Bad:
                """Refused as it is made."""

                a: int = 1
                b: int  # type: ignore[misc]

        @decorator
        class Bare:
            a: int

        assert Bare.__doc__ == "Bare(a: 'int')" and Bare.__init__.__code__.co_filename == "<string>"
    assert dataclasses._init_fn is maker  # type: ignore[attr-defined]

    # makers swapped in by another thread, making a class meanwhile: left to it to put back
    frozen = dataclasses._frozen_get_del_attr  # type: ignore[attr-defined]
    theirs = adapters._init_when_first_called(maker)
    dataclasses._init_fn = theirs  # type: ignore[attr-defined]
    dataclasses._frozen_get_del_attr = adapters._frozen_attribute_methods  # type: ignore[attr-defined]
    try:

        @records.dataclass(frozen=True)
        class Meanwhile:
            """Made while another thread's makers are in."""

            a: int

        assert dataclasses._init_fn is theirs  # type: ignore[attr-defined]
        assert dataclasses._frozen_get_del_attr is adapters._frozen_attribute_methods  # type: ignore[attr-defined]
    finally:
        dataclasses._init_fn = maker  # type: ignore[attr-defined]
        dataclasses._frozen_get_del_attr = frozen  # type: ignore[attr-defined]
    assert Meanwhile(3).a == 3


def test_markdown_it_makes_delimiters_only_at_a_star_an_underscore_or_a_tilde() -> None:
    """markdown.render runs markdown-it's second inline pass only for a paragraph with a
    `*`, `_`, `~` or a line break (adapters.second_pass_test): the inline rules that make
    delimiters, which the pass pairs, must still be only emphasis and strikethrough, each
    starting at its characters; and the pass must still be the four rules it names."""
    import importlib
    import inspect
    import pkgutil

    import markdown_it.rules_inline
    from markdown_it import MarkdownIt

    makers = set()
    for info in pkgutil.iter_modules(markdown_it.rules_inline.__path__):
        module = importlib.import_module(f"markdown_it.rules_inline.{info.name}")
        if "state.delimiters.append(" in inspect.getsource(module):
            makers.add(info.name)
    assert makers == set(adapters.DELIMITER_MAKERS), makers
    emphasis = inspect.getsource(markdown_it.rules_inline.emphasis)
    assert 'if marker not in ("_", "*"):' in emphasis
    assert 'if ch != "~":' in inspect.getsource(markdown_it.rules_inline.strikethrough)
    md = MarkdownIt("commonmark").enable("strikethrough")
    names = md.inline.ruler2.get_active_rules()
    assert names == list(adapters.SECOND_PASS)
    test = adapters.second_pass_test(names)
    assert test is not None and adapters.second_pass_test(names[:-1]) is None
    marks = "".join(adapters.DELIMITER_MAKERS.values()) + "\n"
    for text in ["plain words [[a|b]] [@c] &amp; \\` `x`", *(f"a{m}b" for m in marks)]:
        assert test(text) == any(m in text for m in marks), text


def test_a_share_card_is_drawn_without_pillows_tag_tables_which_load_when_used() -> None:
    """In a process of its own (the test process has imported Pillow): drawing a card
    leaves PIL.ExifTags and PIL.TiffTags unrun (adapters.pillow_tag_tables_lazily) and
    the PNG plugin unimported (cardpng writes the PNG), the PNG is the one drawn here, and
    reading a picture's EXIF runs the tables."""
    code = (
        "import sys\n"
        "from sitegen import adapters, sharecards\n"
        "from sitegen.model import Config\n"
        "fonts = sharecards.Fonts(None, Config(title='t'))\n"
        "card = sharecards.Card('og/site.png', 'Site', 'A title of a card', '3 events')\n"
        "png = sharecards.draw(card, fonts)\n"
        "kinds = [type(sys.modules[n]).__name__ for n in adapters.PILLOW_TAG_TABLES]\n"
        "kinds.append(str('PIL.PngImagePlugin' in sys.modules))\n"
        "from PIL import Image, ImageOps\n"
        "exif = Image.Exif()\n"
        "exif[0x0112] = 6\n"
        "picture = Image.new('L', (4, 2))\n"
        "picture.info['exif'] = exif.tobytes()\n"
        "turned = ImageOps.exif_transpose(picture).size\n"
        "import PIL.ExifTags\n"
        "print(*kinds, type(PIL.ExifTags).__name__, turned, png.hex())\n"
    )
    done = _in_a_process_of_its_own(code)
    exif, tiff, plugin, after, *turned, drawn = done.stdout.split()
    assert (exif, tiff, plugin, after) == ("_LazyModule", "_LazyModule", "False", "module")
    assert turned == ["(2,", "4)"]  # (turned a quarter, as its EXIF says)
    from sitegen import sharecards
    from sitegen.model import Config

    fonts = sharecards.Fonts(None, Config(title="t"))
    card = sharecards.Card("og/site.png", "Site", "A title of a card", "3 events")
    assert bytes.fromhex(drawn) == sharecards.draw(card, fonts)


def test_pictures_threads_find_pillows_tag_tables_made_before_they_start() -> None:
    """Python 3.11's LazyLoader runs a lazy module's code in whichever thread reads it
    first, and another thread reading it meanwhile finds it half made: the pictures'
    threads read EXIF, so images.py runs the tables first (pillow_tag_tables_loaded).
    Here, in a process of its own: lazy after pillow_tag_tables_lazily, plain modules
    holding their tables after pillow_tag_tables_loaded."""
    code = (
        "import sys\n"
        "from sitegen import adapters\n"
        "adapters.pillow_tag_tables_lazily()\n"
        "from PIL import Image\n"
        "before = [type(sys.modules[n]).__name__ for n in adapters.PILLOW_TAG_TABLES]\n"
        "adapters.pillow_tag_tables_loaded()\n"
        "after = [type(sys.modules[n]).__name__ for n in adapters.PILLOW_TAG_TABLES]\n"
        "import PIL.ExifTags\n"
        "print(*before, *after, 'Base' in vars(PIL.ExifTags))\n"
    )
    done = _in_a_process_of_its_own(code)
    assert done.stdout.split() == ["_LazyModule", "_LazyModule", "module", "module", "True"]


def test_markdown_it_escape_html_changes_only_the_characters_sitegen_looks_for() -> None:
    """markdown.escape_html makes markdown-it's escapeHtml's replaces, only for a text
    holding one of HTML_SPECIAL: escapeHtml must leave every other character as it is
    and change those as escape_html does (and quick_escape, html.escape where it has
    something to change, gives what it gives)."""
    import html

    from markdown_it.common.utils import escapeHtml

    from sitegen import markdown

    for c in [*range(0x250), 0x2003, 0x3000, 0x2028, 0xFFFD, 0x1F1FA]:
        char = chr(c)
        changed = escapeHtml(f"a{char}b") != f"a{char}b"
        assert changed == (char in markdown.HTML_SPECIAL), char
        assert markdown.escape_html(f"a{char}b") == escapeHtml(f"a{char}b"), char
        assert markdown.quick_escape(f"a{char}b") == html.escape(f"a{char}b"), char


def test_markdown_it_inline_rules_start_only_at_their_characters() -> None:
    """markdown._plain_children makes a paragraph's tokens without markdown-it's inline
    parser where adapters.plain_inline_test finds none of OTHER_INLINE_START: each inline
    rule that sitegen's parser runs after its own must still be INLINE_RULE_STARTS' (in
    that order), no rule but `text` may take a stretch of text where none of its
    characters is, and `text` must stop at a `[`, a `*` and a `_` (where sitegen's rule
    and emphasis are tried)."""
    from markdown_it.rules_inline import StateInline

    from sitegen import markdown

    md = markdown._parser(False)
    names = md.inline.ruler.get_active_rules()
    assert names[0] == "sitegen_refs" and names[1:] == list(adapters.INLINE_RULE_STARTS)
    test = adapters.plain_inline_test(names[1:])
    assert test is not None and adapters.plain_inline_test(names) is None
    rules = dict(zip(names, md.inline.ruler.getRules(""), strict=True))
    chars = [chr(c) for c in [*range(0x250), 0x2003, 0x3000, 0x2028, 0xFFFD, 0x1F1FA]]
    for char in chars:
        for after in ("", "a", "[a](/b)", "*a*", "`a`", "b>"):
            for name, starts in adapters.INLINE_RULE_STARTS.items():
                if name == "text":
                    continue
                state = StateInline(char + after, md, {}, [])
                found = rules[name](state, False)
                may = char in starts and (name != "image" or after.startswith("["))
                assert found is False or may, (name, char, after)
        assert test(f"a{char}b") == (char not in "\\`~<&"), char
    assert not test("a ![b") and test("a! [b [c")
    for stop in "[*_":
        state = StateInline(f"ab{stop}c", md, {}, [])
        assert rules["text"](state, False) and state.pos == 2


def test_livereload_still_ships_its_browser_script_where_serve_reads_it() -> None:
    """serve sends it as /livereload.js; a page's snippet loads it and it speaks the
    protocol serve answers (official-7)."""
    script = adapters.livereload_script().decode("utf-8")
    assert "LiveReload" in script
    assert "http://livereload.com/protocols/official-7" in script


def test_the_light_blake2b_is_hashlib_s() -> None:
    """files.py hashes through the standard library's _blake2 (no OpenSSL import): the
    same digests as hashlib's, or hashlib's own function where _blake2 is gone."""
    import hashlib

    data = "a file's bytes, é".encode()
    assert adapters.blake2b(data, digest_size=16).hexdigest() == (
        hashlib.blake2b(data, digest_size=16).hexdigest()
    )
    assert adapters.blake2b.__name__ == hashlib.blake2b.__name__


def test_an_output_of_many_pieces_is_yielded_once_and_prints_as_jinjas_own() -> None:
    """`text{{ a }}text{% if c %}{{ b }}{% endif %}` is yielded as one string
    (inline_getattr_generator's blockvisit): the page is the same as Jinja's own
    generator makes, in a block, a loop, a macro, a `{% set %}` block, a child template
    and `if`s with `elif`, `else` and an `if` inside; an error in one piece names that
    piece's line."""
    templates = {
        "base.html": "<p>{{ a }}&{{ b | upper }}</p>\n{% block main %}{% endblock %}|{{ a }}",
        "page.html": (
            '{% extends "base.html" %}{% macro m(x) %}<i>{{ x }}</i>{{ x }}{% endmacro %}'
            "{% block main %}{% set s %}[{{ a }}|{{ b }}]{% endset %}{{ s }}"
            "{% for i in items %}<li>{{ i }}</li>{{ m(i) }}{% if i %} {{ i }}!{% endif %}"
            "{% endfor %}{% for i in items %}{% if i == 'x' %}X{{ i }}{% elif i %}"
            "{% if a %}Y{% endif %}{% else %}Z{{ a }}{% endif %};{% endfor %}{{ b }}"
            "{% endblock %}"
        ),
        "broken.html": "<p>{{ a }}\n{{ b }}\n{{ nothing.title }}</p>",
    }
    data = {"a": "<a>", "b": "b&", "items": ["x", "", "<y>"]}

    def env(generator: type | None) -> jinja2.Environment:
        made = jinja2.Environment(
            loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
        )
        if generator is not None:
            made.code_generator_class = generator
        return made

    own, joined = env(None), env(adapters.inline_getattr_generator())
    page = joined.get_template("page.html")
    assert page.render(data) == own.get_template("page.html").render(data)
    assert list(joined.get_template("base.html").generate(data)) == [
        "<p>&lt;a&gt;&B&amp;</p>\n",
        "|&lt;a&gt;",
    ]
    with pytest.raises(jinja2.UndefinedError) as got:
        joined.get_template("broken.html").render(data)
    lines = [f.lineno for f in traceback.extract_tb(got.value.__traceback__)]
    assert lines[-1] == 3  # (the template's frame, last)


def test_a_printed_str_escaped_inline_prints_as_jinjas_own() -> None:
    """inline_getattr_generator(str_escape=True) prints a plain str through the template
    class's escape_str (printing_template) and anything else through `escape`: a str,
    Markup, an int, a float, None and an undefined value's error are Jinja's own, in a
    block, a loop, a macro, a `{% set %}` block and a child template."""
    templates = {
        "base.html": "<p>{{ a }}{{ m }}</p>{% block main %}{% endblock %}{{ n }}",
        "page.html": (
            '{% extends "base.html" %}{% macro k(x) %}<i>{{ x }}</i>{% endmacro %}'
            "{% block main %}{% set s %}[{{ a }}|{{ f }}]{% endset %}{{ s }}{{ k(a) }}"
            "{% for i in items %}<li>{{ i }}{{ none }}</li>{% endfor %}{% endblock %}"
        ),
        "broken.html": "<p>{{ a }}\n{{ nothing.title }}</p>",
    }
    data = {
        "a": "<a>'\"&",
        "m": markupsafe.Markup("<b>"),
        "n": 7,
        "f": 1.5,
        "none": None,
        "items": ["x", "<y>", markupsafe.Markup("<z>")],
    }
    printed: list[str] = []

    def escape_str(text: str) -> str:
        printed.append(text)
        return str(markupsafe.escape(text))

    def env(inline: bool) -> jinja2.Environment:
        made = jinja2.Environment(
            loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
        )
        if inline:
            made.code_generator_class = adapters.inline_getattr_generator(str_escape=True)
            made.template_class = adapters.printing_template(None, escape_str)
        return made

    own, inline = env(False), env(True)
    assert inline.get_template("page.html").render(data) == own.get_template("page.html").render(
        data
    )
    assert printed == ["<a>'\"&", "<a>'\"&", "<a>'\"&", "x", "<y>"]  # (plain str alone)
    with pytest.raises(jinja2.UndefinedError):
        inline.get_template("broken.html").render(data)


def test_a_from_import_read_once_a_build_imports_as_jinjas_own() -> None:
    """`{% from … import … %}` written as one call of the environment's `imported` (the
    build's: render._Environment, which keeps what it found) gives what Jinja's own code
    gives: names, an alias, a name imported in a macro and in a block, a template named
    by a variable, the same page rendered twice (the second time from what was kept), a
    name the template lacks (the error Jinja's own says), and a context whose globals
    the template lacks (made again, not kept)."""
    from sitegen import render

    templates = {
        "m.html": "{% macro f(x) %}<{{ x }}>{% endmacro %}{% macro g() %}G{% endmacro %}",
        "page.html": (
            "{% from 'm.html' import f, g as h %}{% from name import g %}"
            "{% macro k() %}{% from 'm.html' import f %}{{ f('k') }}{% endmacro %}"
            "{{ f('a&') }}{{ h() }}{{ g() }}{{ k() }}"
            "{% block b %}{% from 'm.html' import g %}{{ g() }}{% endblock %}"
        ),
        "missing.html": "{% from 'm.html' import nope %}{{ nope() }}",
    }

    def env(ours: bool) -> jinja2.Environment:
        kind = render._Environment if ours else jinja2.Environment
        made = kind(
            loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
        )
        if ours:
            made.code_generator_class = render._Generator
            made.template_class = render._Template
            made.context_class = render._Context
            made.made, made.imports = {}, {}  # type: ignore[attr-defined]
        return made

    own, ours = env(False), env(True)
    assert "environment.imported(context, " in ours.compile(templates["page.html"], raw=True)
    expected = own.get_template("page.html").render(name="m.html")
    assert expected == "<a&amp;>GG<k>G"
    for _ in range(2):
        assert ours.get_template("page.html").render(name="m.html") == expected
    assert ours.imports  # type: ignore[attr-defined]
    with pytest.raises(jinja2.UndefinedError) as jinjas:
        own.get_template("missing.html").render()
    with pytest.raises(jinja2.UndefinedError) as sitegens:
        ours.get_template("missing.html").render()
    assert str(sitegens.value) == str(jinjas.value)
    assert "does not export the requested name 'nope'" in str(jinjas.value)
    page = ours.get_template("page.html")
    other = ours.get_template("page.html", globals={"extra": 1})
    assert other.render(name="m.html") == page.render(name="m.html") == expected


def test_a_set_block_captures_as_jinjas_own() -> None:
    """`{% set x %}…{% endset %}` written by inline_getattr_generator (its Markup made by
    str.__new__) captures what Jinja's own does, autoescaped (a Markup, printed as it is)
    or not (a plain str); with a filter, as Jinja writes it."""
    source = (
        "{% set x %}<b>{{ a }}</b>{% endset %}{% set y | upper %}{{ a }}{% endset %}"
        "{{ x }}|{{ y }}|{{ x.__class__.__name__ }}"
    )
    for autoescape in (True, False):
        own = jinja2.Environment(autoescape=autoescape).from_string(source)
        ours = jinja2.Environment(autoescape=autoescape)
        ours.code_generator_class = adapters.inline_getattr_generator()
        assert "str.__new__(Markup, " in ours.compile(source, raw=True)
        assert ours.from_string(source).render(a="<&>") == own.render(a="<&>")


def test_is_defined_tests_as_jinjas_own() -> None:
    """`name is defined` written by inline_getattr_generator (no undefined made for a
    name the context lacks) is what Jinja's own test says: a name there, one missing, one
    whose value is itself undefined, `is not defined`, a name set in one branch, a
    macro's parameter given and not, a loop's variable, and a test with an argument."""
    source = (
        "{{ a is defined }}{{ b is defined }}{{ u is defined }}{{ b is not defined }}"
        "{% if a %}{% set c = 1 %}{% endif %}{{ c is defined }}"
        "{% macro m(p, q) %}{{ p is defined }}{{ q is defined }}{% endmacro %}{{ m(1) }}"
        "{% for i in [1] %}{{ i is defined }}{{ j is defined }}{% endfor %}"
        "{{ a is divisibleby 2 }}{{ a is defined and a is number }}"
    )
    env, ours = jinja2.Environment(), jinja2.Environment()
    ours.code_generator_class = adapters.inline_getattr_generator()
    assert "l_0_b is not missing and " in ours.compile(source, raw=True)
    for values in ({"a": 2, "u": env.undefined(name="u")}, {"a": 0}, {"a": 3, "b": None}):
        assert ours.from_string(source).render(values) == env.from_string(source).render(values)
