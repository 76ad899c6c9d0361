"""Bad input never crashes, never runs code, never loses anything.

A property-based test mutates the valid site's files (bytes, YAML structure, front-matter
fences, deep nesting, huge values) and asserts that `sitegen check` answers with exit
status 0 or 1, diagnostics and no traceback. Then the specific dangers: alias bombs,
!!python tags, a 10 MB file, script in a title, paths that try to leave the site.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BASE_FILES, REPO, TODAY, build, html, run, write_site

Site = Callable[..., Path]
TARGETS = [
    "content/events/first.md",
    "content/people/ada-lovelace.md",
    "content/countries/testland.md",
    "content/sources.yaml",
    "content/site.yaml",
]
YAML_BITS = [
    "---", "...", ":", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system ",
    "!!binary ", "? ", "|", ">", "'", '"', "#", "\t", "  ", "\n", "\n---\n", "%YAML 1.1\n",
    "<<: *a\n", "null", "~", "yes", "2024-02-30", "[[x]]", "[@y]", "<script>", "\x00", "\ufeff",
    "\r", "\u2028", "title:", "date:", "people:", "sources:", "image:\n  src: ../../etc/passwd\n",
]  # fmt: skip


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    """One content file of the valid site, damaged in one of several ways."""
    target = draw(st.sampled_from(TARGETS))
    data = BASE_FILES[target].encode()
    kind = draw(st.sampled_from(["bytes", "insert", "lines", "fence", "nest", "huge", "replace"]))
    pos = draw(st.integers(0, len(data)))
    if kind == "bytes":
        chunk = draw(st.binary(min_size=1, max_size=40))
        end = min(len(data), pos + draw(st.integers(0, 20)))
        data = data[:pos] + chunk + data[end:]
    elif kind == "insert":
        bits = draw(st.lists(st.sampled_from(YAML_BITS), min_size=1, max_size=6))
        data = data[:pos] + "".join(bits).encode() + data[pos:]
    elif kind == "lines":
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "indent", "dedent", "swap"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = b"   " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    elif kind == "fence":
        fence = draw(st.sampled_from([b"", b"--", b"----", b"- --", b"...", b"--- x", b"+++"]))
        which = draw(st.sampled_from([0, 1]))
        parts = data.split(b"---\n")
        if len(parts) >= 3:
            joined = [parts[0], parts[1], b"---\n".join(parts[2:])]
            joined[which] += fence + b"\n"
            data = joined[0] + joined[1] + joined[2] if which else fence + b"\n" + data[4:]
        else:
            data = fence + b"\n" + data
    elif kind == "nest":
        depth = draw(st.integers(50, 3000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
        value = opener * depth + "x" + closer * depth
        data = data[:pos] + f"\ntags: {value}\n".encode() + data[pos:]
    elif kind == "huge":
        size = draw(st.sampled_from([10_000, 200_000, 1_000_000]))
        filler = draw(st.sampled_from(["x", "[[a]] ", "[@w] ", "a: b\n", "`", "*", "<b>"]))
        data = data[:pos] + (filler * (size // len(filler))).encode() + data[pos:]
    else:
        text = draw(st.text(max_size=200))
        data = text.encode("utf-8", "surrogatepass")
    return target, data


def _assert_clean(code: int, out: str, err: str) -> None:
    assert code in (0, 1), (code, out, err)
    assert "Traceback" not in out + err
    assert "internal error" not in err
    assert "[internal]" not in out, out
    assert out.rstrip().splitlines()[-1].endswith(("warning", "warnings")), out


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutation())
def test_mutated_content_never_crashes(case: tuple[str, bytes]) -> None:
    target, data = case
    with tempfile.TemporaryDirectory() as tmp:
        root = write_site(Path(tmp) / "site", {target: data})
        result = run("check", root, "--today", TODAY, "--no-cache")
        _assert_clean(result.code, result.out, result.err)


@pytest.mark.parametrize(
    "target, data",
    [
        ("content/events/first.md", b"\xff\xfe not utf-8 \x00"),
        ("content/events/first.md", b"---\n[[[[[[[\n---\n"),
        ("content/sources.yaml", b"wire: !!python/object/apply:os.system ['touch pwned']\n"),
        ("content/people/ada-lovelace.md", b"---\nname: &a [*a]\n---\n"),
        ("content/site.yaml", b"- just\n- a list\n"),
    ],
)
def test_the_installed_command_prints_no_traceback(
    site: Site, target: str, data: bytes, tmp_path: Path
) -> None:
    root = site({target: data})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SITEGEN_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen", "check", str(root), "--today", TODAY],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    _assert_clean(proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 1
    assert not (tmp_path / "pwned").exists() and not (root / "pwned").exists()


YAML_DOCUMENTS = [
    "title: Modi in Moscow\ndate: '2024-07-08'\npeople: [narendra-modi, vladimir-putin]\n",
    "date: 2024-07-08\nwhen: 2024-07-08 10:00:00\n",  # dates stay strings
    "n: 22\nf: 1.5\nyes_: yes\nno_: off\nnothing: ~\nempty:\nq: '22'\nhex: 0x1F\n",
    "1: one\n2.5: two\nnull: three\ntrue: four\n",
    "nested:\n  - a: [1, {b: c}]\n  - - deep\n    - [x, y]\n",
    "base: &base {publisher: Wire, author: A}\nsource:\n  <<: *base\n  title: T\n",
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    # !!binary, !!set, !!omap: refused (test_hostile.py's tag tests)
    "? [complex, key]\n: value\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "- plain\n- !!str 12\n- !!int '7'\n",
]


@pytest.mark.parametrize("text", YAML_DOCUMENTS)
def test_yaml_values_are_what_pyyaml_makes(text: str) -> None:
    """parse_yaml builds values itself on the way through the document for its marks:
    they must be exactly those of PyYAML's safe loader (dates kept as strings)."""
    import yaml

    from sitegen import load, yamlfull

    try:
        expected = yaml.load(text, Loader=yamlfull._Loader)
    except yaml.YAMLError as exc:
        with pytest.raises(load.YAMLProblem):
            load.parse_yaml(text)
        assert "unhashable" in str(exc)
        return
    value, marks = load.parse_yaml(text, first_line=2)
    assert value == expected
    assert repr(value) == repr(expected)  # same types, same order
    assert marks.at() == (2, 1)


def test_alias_bombs_are_refused_quickly(site: Site) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    root = site({"content/sources.yaml": "\n".join(lines) + "\n"})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert "[yaml-syntax]" in result.out
    assert "aliases (*name) repeat more than" in result.out


def test_python_tags_are_refused_not_run(site: Site, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = site({
        "content/events/first.md": BASE_FILES["content/events/first.md"].replace(
            "---\nIt", f"tags: !!python/object/apply:os.system ['touch {marker}']\n---\nIt"
        )
    })  # fmt: skip
    result = run("check", root, "--today", TODAY)
    assert (
        "content/events/first.md:8:7: error: the tag '!!python/object/apply:os.system' is "
        "not allowed: sitegen reads plain YAML values only (text, numbers, true/false, lists "
        "and mappings); remove the tag [yaml-syntax]"
    ) in result.out
    assert not marker.exists()


def test_a_10_mb_file_is_handled(site: Site) -> None:
    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit [@wire]. " * 16
    body = (paragraph + "\n\n") * (10_000_000 // (len(paragraph) + 2) + 1)
    root = site({"content/events/first.md": BASE_FILES["content/events/first.md"] + body})
    assert (root / "content/events/first.md").stat().st_size > 10_000_000
    result = run("check", root, "--today", TODAY, "--no-cache")
    assert (result.code, result.out) == (0, "0 errors, 0 warnings\n")


def test_a_huge_yaml_list_is_handled(site: Site) -> None:
    tags = ", ".join(f"t{i}" for i in range(100_000))
    event = BASE_FILES["content/events/first.md"].replace("---\nIt", f"tags: [{tags}]\n---\nIt")
    result = run("check", site({"content/events/first.md": event}), "--today", TODAY)
    assert (result.code, result.out) == (0, "0 errors, 0 warnings\n")


def test_script_in_a_title_is_text_in_the_html(site: Site) -> None:
    evil = "<script>alert(1)</script>"
    root = site({
        "content/events/first.md": BASE_FILES["content/events/first.md"]
        .replace('"The first event"', f'"{evil}"')
        .replace('"Something happened."', f'"{evil} & more"'),
        "content/people/ada-lovelace.md": BASE_FILES["content/people/ada-lovelace.md"].replace(
            '"Analyst"', f'"{evil}"'
        ),
    })  # fmt: skip
    assert build(root).code == 0
    for page in [root / "output/index.html", root / "output/events/first/index.html"]:
        soup = html(page)
        # no script element runs it (JSON-LD may carry the title as escaped data)
        for script in soup.find_all("script"):
            assert (script.string or "").strip() != "alert(1)", page
            assert "<script" not in (script.string or ""), page
        assert evil in soup.get_text()
        assert evil not in page.read_text(encoding="utf-8")
    assert html(root / "output/events/first/index.html").find("h1").get_text() == evil


@pytest.mark.parametrize(
    "src",
    [
        "../../etc/passwd",
        "../../../../../../etc/passwd",
        "/../../etc/passwd",
        "img/../../secret.txt",
        "..\\..\\secret.txt",
        "file:///etc/passwd",
        "%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_image_src_cannot_reach_outside_static(site: Site, src: str, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    root = site({
        "content/events/first.md": BASE_FILES["content/events/first.md"].replace(
            "---\nIt", f"image:\n  src: '{src}'\n  alt: \"A picture\"\n---\nIt"
        ),
        "static/img/ok.png": b"\x89PNG\r\n\x1a\n",
    })  # fmt: skip
    result = build(root)
    assert result.code == 1
    assert "content/events/first.md:9:8: error: " in result.err
    assert "[image-src]" in result.err
    assert not (root / "output").exists()


@pytest.mark.parametrize(
    "files",
    [
        {"content/events/x..md": BASE_FILES["content/events/first.md"]},
        {"content/events/%2e%2e.md": BASE_FILES["content/events/first.md"]},
        {"content/events/first.md": BASE_FILES["content/events/first.md"].replace(
            "people: [ada-lovelace]", "people: [../../../etc/passwd]\nrelated: [../../x]"
        ) + "See [[../../../etc/passwd]] and [[people/../../x]].\n"},
    ],
)  # fmt: skip
def test_slugs_cannot_reach_outside_the_output(site: Site, files: dict[str, str]) -> None:
    root = site(files)
    before = {p for p in root.parent.rglob("*")}
    result = build(root)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "[slug-invalid]" in result.err or "[ref-unknown]" in result.err
    assert {p for p in root.parent.rglob("*")} - before <= {
        p for p in root.parent.rglob("*") if ".sitegen-cache" in p.parts
    }


def test_a_valid_build_writes_only_inside_output(site: Site) -> None:
    root = site()
    outside = {p for p in root.parent.rglob("*") if "output" not in p.parts}
    assert build(root).code == 0
    added = {p for p in root.parent.rglob("*") if "output" not in p.parts} - outside
    assert all(".sitegen-cache" in p.parts for p in added), added


def test_a_files_windows_and_old_mac_line_ends_read_as_newlines() -> None:
    """load.decode looks for a carriage return before replacing line ends (one
    character, not a search for two): a file with CR LF or a lone CR reads as the same
    file with LF, and one without either is the text as written."""
    from sitegen.load import decode

    unix = "---\ntitle: A\n---\n\nOne.\n\nTwo [@a].\n"
    assert decode("a.md", unix.encode()) == (unix, [])
    assert decode("a.md", unix.replace("\n", "\r\n").encode()) == (unix, [])
    assert decode("a.md", unix.replace("\n", "\r").encode()) == (unix, [])
    mixed = "---\r\ntitle: A\r---\n\nOne.\r\n"
    assert decode("a.md", mixed.encode()) == ("---\ntitle: A\n---\n\nOne.\n", [])
