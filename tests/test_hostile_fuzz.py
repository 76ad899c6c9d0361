"""Hostile content, generated: random text and bytes, control characters, odd YAML tags,
extreme dates and odd links in every field of a small site. Whatever the files hold,
check and build end with a diagnostic or a site, never a traceback; every file a build
writes parses (tests/hostile.py); nothing outside the output folder changes.

Deterministic (derandomize) and bounded (50 sites), so it runs in CI like any test. To
search further, set SITEGEN_FUZZ_EXAMPLES=2000: that many sites, drawn at random.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import feedparser
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY, run, write_site
from tests.hostile import check_output

CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]
CONTROLS += [chr(c) for c in range(0x80, 0xA0)] + ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff"]
ODD_TEXT = [
    "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "&#0;", "&#11;", "&#x85;", "]]>",
    "<script>alert(1)</script>", "</script>", "<!--", '"', "'", "\\", "\t", "\r", "%s",
    "{{ 7*7 }}", "{% raw %}", "BEGIN:VEVENT", "\nEND:VCALENDAR\n", ":", ";", ",", "#", "@",
    "\U0001f600", "e\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 300,
]  # fmt: skip
TAGGED = [
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [{a: 1}]", "!!pairs [{a: 1}]", "!local x",
    "!!python/object/apply:os.system ['true']", "!!timestamp 2024-07-08", "!!int 3",
    "!!float .nan", "!!float .inf", "!!null", "!!bool yes", "!!str 12", "[a, b]", "{a: 1}",
    "&anchor x", "*nothing", "|\n  block", ">-\n  folded", "~", "null", "yes", "0x1F",
    "1e999", "-0", "2024-07-08 10:00:00", "'single ''quoted'''", "? complex",
    "!!int abc", "!!bool maybe", "!!str {a: 1}", "!!seq x", "<<: x",
]  # fmt: skip
DATES = [
    "0001-01-01", "0001", "0001-01", "0099-12-31", "1000-02", "9999", "9999-12", "9999-12-31",
    "9999-12-31~", "0001-01-01%", "2024-02-29", "1970-01-01",
    "-0044-03-15", "-0001-12-31", "-9999", "Y-13800000000", "Y170000002~", "Y-10000",
]  # fmt: skip
BAD_DATES = [
    "0000", "10000", "-0000", "Y2024", "-44", "2024-02-30", "2023-02-29", "2024-13",
    "2024-07-08T10:00", "ongoing", "", "8 July 2024", "07/08/2024", "2024-7-8",
]  # fmt: skip
LINKS = [
    "[[ada-lovelace]]", "[[people/ada-lovelace]]", "[[first]]", "[[testland]]",
    "[[first|<b>bold</b>]]", "[[countries/testland|]]", "[@wire]", "[@wire; @wire]",
    "[x](https://example.org/a\"onmouseover=\"x)",
    "![x](https://example.org/i.png)", "<https://example.org>", "[x]: https://example.org",
    "`code`", "```\nfence </script>\n```", "# heading", "> quote", "[@wire]: x", "[[]]",
]  # fmt: skip
BAD_LINKS = [
    "[[nope]]", "[[../../etc/passwd]]", "[@nope]", "[x](javascript:alert(1))",
    "[x](data:text/html,<b>)", "![](../../../etc/passwd)", "<a href=javascript:x>y</a>",
    "[x]: javascript:alert(1)", "[x](//evil.example/)", "![x](missing.png)",
]  # fmt: skip
BASE_URLS = [
    "https://example.org/t/", "http://localhost:8000/", "https://example.org/t/\nDisallow: /",
    "https://example.org/#x/", "https://u:p@example.org/", "https://exa mple.org/",
    "https://example.org:99999/", "javascript:alert(1)", "", "https://[::1]/x/",
]  # fmt: skip

RARELY = st.sampled_from([False] * 12 + [True] + [False] * 11)
"""True one time in 24: in the middle, as hypothesis draws the ends of a range often."""
SOMETIMES = st.sampled_from([False, False, True, False, False])

# text a check accepts: any character but controls and noncharacters (and surrogates)
clean_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
    min_size=1,
    max_size=20,
)
clean_piece = st.one_of(clean_text, st.sampled_from(ODD_TEXT), st.sampled_from(LINKS))
hostile_piece = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(CONTROLS),
    st.sampled_from(BAD_LINKS),
    st.sampled_from(BAD_DATES),
)


@st.composite
def text_value(draw: st.DrawFn) -> str:
    """Mostly text a check accepts; now and then one with control characters."""
    # (hypothesis starts from the smallest draws: 0 is the harmless choice throughout)
    piece = hostile_piece if draw(SOMETIMES) else clean_piece
    return "".join(draw(st.lists(piece, min_size=1, max_size=4)))


@st.composite
def yaml_value(draw: st.DrawFn, pool: list[str] | None = None) -> str:
    """A value as it stands after 'key: ' in a YAML file: quoted text (escapes and all),
    raw text (which may not be YAML), a tagged or odd value, or one of `pool`."""
    kinds = ["quoted"] * 4 + ["pool"] * (4 if pool else 0) + ["raw", "tagged"]
    quoted = draw(text_value())
    kind = draw(st.sampled_from(kinds))
    if kind == "pool" and pool:
        return json.dumps(draw(st.sampled_from(pool)))
    if kind == "tagged":
        return draw(st.sampled_from(TAGGED))
    value = quoted
    if kind == "raw":
        return value.replace("\n", " ")
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


URLS = ["javascript:x", "//evil", "https://a b", "https://example.org/a?b=<c>#d"]


class Fields:
    """Lines of YAML whose values are, now and then (RARELY), hostile."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def value(self, pool: list[str] | None = None) -> str:
        """'' (keep the default), or a hostile value."""
        return self.draw(yaml_value(pool)) if self.draw(RARELY) else ""

    def line(self, key: str, default: str, pool: list[str] | None = None) -> str:
        return f"{key}: {self.value(pool) or default}\n"

    def lines(self, indent: str, *fields: tuple[str, str, list[str] | None]) -> str:
        return "".join(indent + self.line(k, d, p) for k, d, p in fields)

    def body(self) -> str:
        pieces = self.draw(st.lists(clean_piece, max_size=8))
        if self.draw(RARELY):
            pieces.append(self.draw(hostile_piece))
        return " ".join(pieces) + "\n"


def _event(f: Fields) -> str:
    end = ""
    if f.draw(st.booleans()):
        end = f"end: {f.value(DATES) or json.dumps(f.draw(st.sampled_from(DATES)))}\n"
    return (
        "---\n"
        + f.lines("", ("title", '"The first event"', None), ("summary", '"Something."', None))
        + f.line("date", '"2024-07-08"', DATES)
        + end
        + f"tags: [{f.value() or 'a'}]\n"
        + f.line("updated", '"2024-07-10"', DATES)
        + "corrections:\n  - "
        + f.line("date", '"2024-07-10"', DATES)
        + f.lines("    ", ("text", '"A fix."', None))
        + "image:\n"
        + f.lines(
            "  ",
            ("src", '"https://example.org/i.png"', URLS),
            ("alt", '"A picture"', None),
            ("credit", '"Jane Doe/AP"', None),
        )
        + "status: scheduled\npeople: [ada-lovelace]\ncountries: [testland]\nsources: [wire]\n"
        + "---\n"
        + f.body()
    )


@st.composite
def hostile_site(draw: st.DrawFn) -> dict[str, str | bytes | None]:
    """Files laid over the minimal site: any field of it may be hostile, a few at a time
    (so that many sites pass check and their outputs are parsed)."""
    f = Fields(draw)
    files: dict[str, str | bytes | None] = {
        "content/site.yaml": f.lines(
            "",
            ("title", '"T"', None),
            ("description", '"D"', None),
            ("base_url", '"https://example.org/t/"', BASE_URLS),
            ("language", "en", ["en", "pt-BR", "x", "en\nfr"]),
        ),
        "content/sources.yaml": "wire:\n"
        + f.lines(
            "  ",
            ("title", '"A wire report"', None),
            ("publisher", '"Wire"', None),
            ("author", '"A. Writer"', None),
            ("url", '"https://example.org/wire"', URLS),
            ("archive_url", '"https://archive.example/wire"', URLS),
            ("published", '"2024-07-08"', DATES),
            ("accessed", '"2024-07-09"', DATES),
        ),
        "content/people/ada-lovelace.md": "---\n"
        + f.lines("", ("name", '"Ada Lovelace"', None), ("role", '"Analyst"', None))
        + f.line("wikidata", "Q7259", ["Q1", "7259", "Q0"])
        + "country: testland\n---\n"
        + f.body(),
        "content/countries/testland.md": "---\n"
        + f.line("name", '"Testland"')
        + f.line("iso", "FR", ["NO", "fr", "XX", "FRA"])
        + "---\n"
        + f.body(),
        "content/events/first.md": _event(f),
    }
    if draw(RARELY) and draw(st.booleans()):  # a whole file of random bytes
        victim = draw(st.sampled_from(sorted(files)))
        files[victim] = draw(st.binary(max_size=200))
    return files


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _assert_clean(result_out: str, code: int, allowed: tuple[int, ...]) -> None:
    assert code in allowed, (code, result_out)
    assert "Traceback" not in result_out, result_out
    assert "internal error" not in result_out, result_out
    assert "[internal]" not in result_out, result_out  # a bug met while reading a file


EXAMPLES = int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "50"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES == 50,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=hostile_site())
def test_hostile_content_gives_diagnostics_or_a_site_that_parses(
    files: dict[str, str | bytes | None],
) -> None:
    top = Path(tempfile.mkdtemp(prefix="sitegen-fuzz-"))
    try:
        root = write_site(top / "site", files)
        sibling = top / "sibling"
        (sibling / "output").mkdir(parents=True)
        (sibling / "output" / "index.html").write_text("not yours\n")
        (top / "output").mkdir()  # an 'output' beside the site, not the site's own
        before = _snapshot(sibling), _snapshot(root / "content"), _snapshot(top / "output")

        checked = run("check", root, "--today", TODAY)
        _assert_clean(checked.out + checked.err, checked.code, (0, 1))
        built = run("build", root, "--today", TODAY, "--quiet")
        _assert_clean(built.out + built.err, built.code, (0, 1, 2))
        event(f"build exit {built.code}")  # (--hypothesis-show-statistics shows the mix)
        assert (built.code == 0) == (checked.code == 0), (checked.out, built.err)

        after = _snapshot(sibling), _snapshot(root / "content"), _snapshot(top / "output")
        assert after == before
        if built.code == 0:
            check_output(root / "output")
            feed = root / "output" / "feed.xml"
            if feed.exists():
                parsed = feedparser.parse(feed.read_bytes())
                assert not parsed.bozo, parsed.bozo_exception
        else:
            assert not (root / "output").exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)
