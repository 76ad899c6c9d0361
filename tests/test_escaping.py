"""The fast escaping used for printed template values and SVG labels escapes exactly as
markupsafe does, and leaves markup that is already safe alone."""

from __future__ import annotations

import html
import itertools

import jinja2
import pytest
from markupsafe import Markup, escape

from sitegen import escaping
from sitegen.render import _Template

SAMPLES = [
    "",
    "Modi meets Putin in Moscow",
    "Kyiv & the war: a <timeline>",
    'Okhmatdyt children\'s hospital "struck"',
    "Ukraine 🇺🇦 – 8 July 2024 …",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_text_matches_markupsafe(text: str) -> None:
    assert escaping.escape_text(text) == str(escape(text))
    assert type(escaping.escape_text(text)) is str


def test_html_escape_is_the_standard_librarys() -> None:
    """escaping.html_escape (which spares a build importing `html` and its entity table)
    writes what html.escape writes, quotes or not, for every string of its characters."""
    texts = [*SAMPLES, "&amp;", "'\"'", "a&b<c>d\"e'f"]
    texts += ["".join(p) for n in range(4) for p in itertools.product("&<>\"'x", repeat=n)]
    for text, quote in itertools.product(texts, (True, False)):
        assert escaping.html_escape(text, quote) == html.escape(text, quote)


def test_escape_output_keeps_markup_and_escapes_the_rest() -> None:
    assert escaping.escape_output(Markup("<b>bold</b>")) == "<b>bold</b>"
    assert escaping.escape_output(12) == "12"
    assert escaping.escape_output("a < b") == "a &lt; b"


def test_templates_print_escaped_text_and_safe_markup() -> None:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.template_class = _Template
    macros = "{% macro chip(x) %}<b>{{ x }}</b>{% endmacro %}"
    page = env.from_string(macros + "{{ title }}|{{ body }}|{{ chip(title) }}|{{ n }}")
    out = page.render(title="Tom & <Jerry>", body=Markup("<p>ok</p>"), n=3)
    assert out == "Tom &amp; &lt;Jerry&gt;|<p>ok</p>|<b>Tom &amp; &lt;Jerry&gt;</b>|3"
    with pytest.raises(jinja2.UndefinedError):
        page.render(title="x", body="y")  # n is missing: still an error, not ''


def test_escape_output_prints_an_int_as_markupsafe_does() -> None:
    for n in (0, 7, -12, 10**30):
        assert escaping.escape_output(n) == str(escape(n))
    assert escaping.escape_output(True) == "True"  # (not an int here: escape() as before)


@pytest.mark.parametrize(
    ("value", "chars"),
    [
        (Markup("  <b>a &amp; b</b>\n"), None),
        (Markup(""), None),
        (Markup("\t x \u2003"), None),
        ("  a & b  ", None),
        (Markup("xx<i>xx"), "x"),
        (Markup("&amp;a&amp;"), "&"),
        (42, None),
    ],
)
def test_the_trim_filter_trims_as_jinjas_own(value: object, chars: str | None) -> None:
    """render's trim (base.html's title and description, on every page) strips Markup
    with str.strip and makes a Markup of it; anything else, or `chars`, is Jinja's."""
    from jinja2.filters import do_trim

    from sitegen.render import _trim

    made, own = _trim(value, chars), do_trim(value, chars)  # type: ignore[arg-type]
    assert made == own and type(made) is type(own)


def test_topic_links_print_as_the_templates_loop_did() -> None:
    """render.TopicLinks writes an event page's topics as event.html's loop wrote them
    (each link's address, slug and name escaped, the slug through urlencode), the second
    time from the links it kept."""
    from sitegen.render import TopicLinks

    env = jinja2.Environment(autoescape=True)
    env.filters["enumerate"] = enumerate
    loop = env.from_string(
        "{% for k, (slug, name) in tags | enumerate %}{% if k %} {% endif %}"
        '<a href="{{ root }}{{ url }}?tag={{ slug | urlencode }}#timeline">{{ name }}</a>'
        "{% endfor %}",
    )
    tags = [(slug, name) for slug, name in zip(SAMPLES, reversed(SAMPLES), strict=True)]
    tags.append(("a b/ç?&=", Markup("<b>kept</b>")))
    links = TopicLinks()
    for root, url in (("../../", "timelines/x&y/"), ("./", ""), ("", "")):
        expected = loop.render(tags=tags, root=root, url=url)
        for _ in range(2):
            made = links(tags, root, url)
            assert made == expected and type(made) is Markup
    assert links([], "../", "") == ""


def test_entry_links_print_as_the_templates_loops_did() -> None:
    """render.EntryLinks writes an event page's series list and related events as
    event.html's loops wrote them: a count of events left out, an item's number where it
    has one, the page's own entry not a link, every value escaped; the second time from
    the links it kept."""
    from types import SimpleNamespace

    from sitegen.render import EntryLinks

    env = jinja2.Environment(autoescape=True)
    series_loop = env.from_string(
        '{%- for s in items %}{% if s is number %}<li class="more">… {{ s }} more</li>'
        '{% else %}{% set e, n = s %}<li{% if n %} value="{{ n }}"{% endif %}>'
        '{% if e.slug == slug %}<strong aria-current="page">{{ e.title }}</strong>'
        '{% else %}<a href="../{{ e.slug }}/">{{ e.title }}</a>{% endif %}'
        " <span>{{ e.display_date }}</span></li>{% endif %}{%- endfor %}"
    )
    related_loop = env.from_string(
        '{%- for r in related %}<li><a href="../{{ r.slug }}/">{{ r.title }}</a>'
        " <span>{{ r.display_date }}</span></li>{%- endfor %}"
    )
    entries = [
        SimpleNamespace(slug=f"e{i}&", title=text, display_date=f"{i} <May>")
        for i, text in enumerate([*SAMPLES, Markup("<b>kept</b>")])
    ]
    items = [(entries[0], None), 28, (entries[1], 7), (entries[2], None), 3]
    items += [(e, k) for k, e in enumerate(entries[3:])]
    links = EntryLinks()
    for _ in range(2):
        for slug in ("e2&", "e0&", "none"):
            made = links.series(items, slug)
            assert made == series_loop.render(items=items, slug=slug) and type(made) is Markup
        made = links.related(entries)
        assert made == related_loop.render(related=entries) and type(made) is Markup
    assert links.related([]) == links.series([], "x") == ""
