"""Share cards in any script: a CJK title broken between characters (never before 。 or
」), each text drawn in the site's card font (site.yaml's `cards:`) or the first system
font that has all its characters, a bad font path reported at its line, and one warning
when no font has a card's characters."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageFont

from sitegen import build as build_module
from sitegen import executor, sharecards
from sitegen.build import Builder
from sitegen.executor import can_fork
from sitegen.model import Config
from sitegen.options import Options

from .conftest import TODAY, build, run

DEJAVU, DEJAVU_BOLD = sharecards.SYSTEM_FONTS[0]
LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
needs_dejavu = pytest.mark.skipif(
    not os.path.isfile(DEJAVU_BOLD), reason="DejaVu Sans is not installed here"
)
JAPANESE = (
    "東京都は新しい防災計画を発表し、「首都直下地震」に備えて住民の避難経路を見直すと"
    "述べた。計画は来年四月から段階的に実施され、区市町村と連携して訓練を重ねる。"
)
CHINESE = (
    "国务院常务会议审议通过了关于加快发展新能源汽车产业的若干意见，要求各地区各部门认真贯彻落实。"
    "会议指出，要完善充电基础设施建设，优化产业布局。"
)


@needs_dejavu
@pytest.mark.parametrize("title", [JAPANESE, CHINESE])
def test_a_cjk_title_wraps_between_characters_within_the_card(title: str) -> None:
    font = ImageFont.truetype(DEJAVU_BOLD, 72)
    width = sharecards.WIDTH - 160
    lines = sharecards._wrap(title * 2, font, width, 3)
    assert len(lines) == 3  # not one line cut short
    assert all(font.getlength(line) <= width for line in lines)
    assert all(font.getlength(line) > width * 0.8 for line in lines[:2])  # lines are full
    assert lines[-1].endswith("…") and not lines[-1].endswith(" …")
    assert (title * 2).startswith("".join(lines)[:-1])  # every character kept, in order
    assert not any(line[0] in "。、，」』）" for line in lines)
    # with room for it all, nothing is cut and the last line has no ellipsis
    whole = sharecards._wrap(title, ImageFont.truetype(DEJAVU_BOLD, 30), width, 3)
    assert "".join(whole) == title


@needs_dejavu
def test_words_still_break_at_spaces_and_cjk_beside_them_between_characters() -> None:
    font = ImageFont.truetype(DEJAVU_BOLD, 72)
    title = (
        "Summit in Tokyo 東京サミット開幕、首脳らが気候変動対策を協議 as talks go on into the night"
    )
    lines = sharecards._wrap(title, font, 1040, 3)
    words = set(title.split())
    for line in lines:
        for word in line.rstrip(" …").split():
            assert word in words or not word.isascii(), word  # no Latin word cut in two
    assert " ".join(sharecards._wrap("The harbour strike", font, 1040, 3)) == "The harbour strike"


# Headlines in scripts written without spaces between words (spaces, where there are any,
# part clauses): flood relief approved by the cabinet, in each country's language.
SEA_TITLES = {
    "thai": "คณะรัฐมนตรีอนุมัติงบประมาณฉุกเฉินเพื่อช่วยเหลือผู้ประสบอุทกภัยในภาคเหนือและภาคตะวันออกเฉียงเหนือ",
    "thai-clauses": "น้ำท่วมใหญ่ภาคเหนือ รัฐบาลเร่งส่งความช่วยเหลือไปยังเชียงใหม่และเชียงราย",
    "khmer": "រាជរដ្ឋាភិបាលកម្ពុជាបានអនុម័តថវិកាបន្ទាន់ដើម្បីជួយប្រជាពលរដ្ឋដែលរងគ្រោះដោយទឹកជំនន់",
    "lao": "ລັດຖະບານລາວອະນຸມັດງົບປະມານສຸກເສີນເພື່ອຊ່ວຍເຫຼືອຜູ້ປະສົບໄພນ້ຳຖ້ວມໃນແຂວງພາກເໜືອ",
    "myanmar": "မြန်မာအစိုးရသည် ရေဘေးသင့်ပြည်သူများအတွက်အရေးပေါ်ရန်ပုံငွေကိုအတည်ပြုခဲ့သည်",
}  # fmt: skip


def _glued(char: str) -> bool:
    """A character no line may begin with: a mark, a vowel written after its letter."""
    return unicodedata.category(char)[0] == "M" or char in sharecards.JOINS_BEFORE


@needs_dejavu
@pytest.mark.parametrize("name", list(SEA_TITLES))
def test_thai_lao_khmer_and_myanmar_titles_break_between_clusters(name: str) -> None:
    title = SEA_TITLES[name]
    font = ImageFont.truetype(DEJAVU_BOLD, 50)  # boxes for most: measured all the same
    width = sharecards.WIDTH - 160
    lines, cut = sharecards._layout(title, font, width, 3)
    assert not cut and len(lines) in (2, 3)
    assert all(font.getlength(line) <= width for line in lines)  # nothing overflows
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")  # nor is lost
    for before, after in itertools.pairwise(lines):
        assert not _glued(after[0]), (before, after)  # a vowel sign stays with its letter
        assert before[-1] not in sharecards.JOINS_AFTER, (before, after)  # เ, coeng
        assert font.getlength(before) > width * 0.6  # a run fills its lines
    # too long for three lines: the last is cut after a whole cluster, with …
    lines, cut = sharecards._layout(title * 2, ImageFont.truetype(DEJAVU_BOLD, 72), width, 3)
    assert cut and lines[-1].endswith("…") and not lines[-1].endswith(" …")
    kept, whole = "".join(lines)[:-1].replace(" ", ""), (title * 2).replace(" ", "")
    assert whole.startswith(kept)
    assert len(kept) in itertools.accumulate(map(len, sharecards._clusters(whole)))


@needs_dejavu
def test_a_run_that_fits_on_a_line_is_broken_only_at_spaces() -> None:
    title = SEA_TITLES["thai-clauses"]
    font = ImageFont.truetype(DEJAVU_BOLD, 32)  # the second clause just fits a line
    lines = sharecards._wrap(title, font, 1040, 3)
    assert lines == title.split(" ")  # each clause whole, on its own line
    # a break inside a run falls before a leading vowel (a syllable's start) if it can
    lines = sharecards._wrap(SEA_TITLES["thai"], ImageFont.truetype(DEJAVU_BOLD, 50), 1040, 3)
    assert lines[1][0] in sharecards.LEADING_VOWELS


def test_clusters_keep_letters_with_their_marks_vowels_and_stacked_consonants() -> None:
    clusters = sharecards._clusters
    assert clusters("น้ำท่วม") == ["น้ำ", "ท่", "ว", "ม"]  # tone marks, sara am
    assert clusters("เพื่อช่วย") == ["เพื่อ", "ช่", "ว", "ย"]  # เ–ือ whole
    assert clusters("ความ") == ["ค", "วา", "ม"]  # sara aa after its letter
    assert clusters("ប្រជាពលរដ្ឋ") == ["ប្រ", "ជា", "ព", "ល", "រ", "ដ្ឋ"]  # coeng: stacked
    assert clusters("မြန်မာ") == ["မြန်", "မာ"]  # asat: a syllable's final consonant
    assert clusters("ວຽງຈັນ") == ["ວຽ", "ງ", "ຈັ", "ນ"]
    assert clusters("Cafe\u0301") == ["C", "a", "f", "e\u0301"]  # any combining accent


@needs_dejavu
def test_a_thai_card_is_drawn_at_a_size_where_its_title_fits() -> None:
    fonts = sharecards.Fonts(None, Config(title="t"), [(DEJAVU, DEJAVU_BOLD)])
    card = sharecards.Card("og/site.png", "ข่าว", SEA_TITLES["thai"], "3 events, 2024")
    assert sharecards.draw(card, fonts).startswith(b"\x89PNG")


@needs_dejavu
def test_each_text_gets_the_first_font_that_has_all_its_characters() -> None:
    if not os.path.isfile(LIBERATION):
        pytest.skip("Liberation Sans is not installed here")
    fonts = sharecards.Fonts(None, Config(title="t"), [(LIBERATION, ""), (DEJAVU, "")])
    assert fonts.choose("The harbour strike", False) == (LIBERATION, "")
    # ⌘ and ♞: DejaVu has them, Liberation does not
    assert fonts.choose("Keys ⌘ and ♞", False) == (DEJAVU, "")
    # a bold text falls back to a regular font with its characters
    assert fonts.choose("Keys ⌘", True) == (DEJAVU, "")
    # none has Linear B: the font that lacks fewest, and what it lacks
    assert fonts.choose("Tablet 𐀀𐀁", False) == (LIBERATION, "𐀀𐀁")


@needs_dejavu
def test_dejavu_has_every_character_it_is_trusted_with() -> None:
    fonts = sharecards.Fonts(None, Config(title="t"), [(DEJAVU, DEJAVU_BOLD)])
    fonts.dejavu = set()  # look each character up
    for path in (DEJAVU, DEJAVU_BOLD):
        assert not [c for c in sharecards.DEJAVU_SURE if not fonts.has(path, c)], path


def card_site(site: Callable[..., Path], cards: str = "", title: str = "Test timeline") -> Path:
    return site(
        {"content/site.yaml": f'title: "{title}"\nbase_url: "https://example.org/t/"\n{cards}'}
    )


@needs_dejavu
def test_a_site_font_draws_its_cards(site: Callable[..., Path]) -> None:
    if not os.path.isfile(SERIF):
        pytest.skip("DejaVu Serif is not installed here")
    root = card_site(site)
    assert build(root).code == 0
    plain = (root / "output/og/site.png").read_bytes()
    (root / "fonts").mkdir()
    shutil.copy(SERIF, root / "fonts/Serif.ttf")
    (root / "content/site.yaml").write_text(
        'title: "Test timeline"\nbase_url: "https://example.org/t/"\n'
        "cards:\n  font: fonts/Serif.ttf\n",
        encoding="utf-8",
    )
    os.utime(root / "content/site.yaml", ns=(1, 1))  # not just written: its stat is trusted
    result = build(root)
    assert result.code == 0 and "card-font" not in result.out + result.err
    serif = (root / "output/og/site.png").read_bytes()
    assert serif != plain
    Path("/tmp/h6").mkdir(exist_ok=True)
    Path("/tmp/h6/serif-card.png").write_bytes(serif)
    # the font replaced under its name, nothing else changed: the cards are made again
    oblique = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
    if os.path.isfile(oblique):
        assert build(root).code == 0  # the no-change build's record, settled
        shutil.copy(oblique, root / "fonts/Serif.ttf")
        assert build(root).code == 0
        assert (root / "output/og/site.png").read_bytes() not in (plain, serif)
        shutil.copy(SERIF, root / "fonts/Serif.ttf")
    config = Config(title="Test timeline", card_font="fonts/Serif.ttf")
    card = sharecards.Card("og/site.png", "", "Test timeline", "")
    named = card.cache_name(sharecards.Fonts(root, config))
    assert named != card.cache_name(sharecards.Fonts(root, Config(title="Test timeline")))
    assert sharecards.Fonts(root, config).choose("Test timeline", True)[0].endswith("Serif.ttf")


def test_a_bad_card_font_is_an_error_at_its_line(site: Callable[..., Path]) -> None:
    root = card_site(site, "cards:\n  font: fonts/missing.otf\n  bold_font: fonts/notes.ttf\n")
    (root / "fonts").mkdir()
    (root / "fonts/notes.ttf").write_text("not a font\n", encoding="utf-8")
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    assert (
        "content/site.yaml:4:9: error: no font file fonts/missing.otf; put the font (.ttf, .otf "
        "or .ttc) there, or correct the path [card-font]"
    ) in result.out
    assert "content/site.yaml:5:14: error: fonts/notes.ttf is not a font" in result.out
    assert build(root).code == 1 and not (root / "output").exists()


def test_a_card_font_outside_the_site_is_refused(site: Callable[..., Path]) -> None:
    root = card_site(site, "cards:\n  font: ../outside.ttf\n  bold_font: fonts/link.ttf\n")
    (root / "fonts").mkdir()
    os.symlink(DEJAVU if os.path.isfile(DEJAVU) else "/etc/hostname", root / "fonts/link.ttf")
    result = run("check", root, "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert "content/site.yaml:4:9: error: '../outside.ttf' is not a path inside the site" in (
        result.out
    )
    assert "content/site.yaml:5:14: error: fonts/link.ttf leads outside the site folder" in (
        result.out
    )


def test_characters_no_font_has_are_one_warning(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharecards, "SYSTEM_FONTS", sharecards.SYSTEM_FONTS[:1])
    root = card_site(site, title="Tablet 𐀀𐀁𐀂")
    timeline = '---\ntitle: "Linear B 𐀀𐀃"\n---\nIntro.\n'
    (root / "content/timelines").mkdir()
    (root / "content/timelines/tablets.md").write_text(timeline, encoding="utf-8")
    event = (root / "content/events/first.md").read_text(encoding="utf-8")
    (root / "content/events/first.md").write_text(
        event.replace("sources:", "timelines: [tablets]\nsources:"), encoding="utf-8"
    )
    result = build(root)
    said = (result.out + result.err).splitlines()
    warnings = [line for line in said if "card-font-missing-glyphs" in line]
    assert result.code == 0, result.out + result.err
    assert len(warnings) == 1, result.out
    assert warnings[0].startswith("content/site.yaml:1:8: warning: the share card og/site.png")
    assert "(and 1 other card)" in warnings[0] and "U+10000" in warnings[0]
    assert "cards: {font:" in warnings[0]
    assert (root / "output/og/site.png").is_file()
    # the next build, its cards cached, says so again; --strict stops on it
    again = build(root)
    assert len([x for x in again.err.splitlines() if "missing-glyphs" in x]) == 1
    assert build(root, "--strict").code == 1


def _builder(root: Path, out: Path, jobs: int) -> Builder:
    today = dt.date.fromisoformat(TODAY)
    return Builder(root, out, Options(today=TODAY), today, jobs=jobs, clean=True)


@pytest.mark.skipif(not can_fork(), reason="cards are drawn beside the render by a fork")
def test_cards_drawn_beside_the_render_are_the_cards_drawn_here(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build on two cores draws its share cards in a forked process while it renders:
    the same PNG as drawn in the build's own process, nothing left in the cache folder,
    and, when that process fails, the cards drawn here all the same."""
    root, cards, here = _timeline_cards_built_here(site, tmp_path, "The harbour strike")
    # (a test process may run other threads, none of them holding a lock a fork needs)
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    forked: list[object] = []
    monkeypatch.setattr(executor, "_fork_one", _spy(executor._fork_one, forked))
    drawn_here: list[object] = []  # (a forked copy's calls go to its own copy of the list)
    monkeypatch.setattr(sharecards, "draw", _spy(sharecards.draw, drawn_here))
    assert _builder(root, tmp_path / "beside", jobs=2).build().ok
    assert len(forked) == 1 and drawn_here == []
    assert [(tmp_path / "beside" / card).read_bytes() for card in cards] == here
    assert not list((root / ".sitegen-cache").glob(".scan-*"))

    def fails(self: sharecards.Published) -> dict[str, bytes]:
        raise RuntimeError("the forked drawing failed")

    monkeypatch.setattr(sharecards.Published, "drawn", fails)  # in the forked copy too
    assert _builder(root, tmp_path / "failed", jobs=2).build().ok
    assert len(forked) == 2 and len(drawn_here) == 2
    assert [(tmp_path / "failed" / card).read_bytes() for card in cards] == here
    assert not list((root / ".sitegen-cache").glob(".scan-*"))

    def render_fails(*args: object) -> object:
        raise RuntimeError("the render failed")

    # a build stopped while the cards are drawn: their process waited for, its file gone
    monkeypatch.setattr(Builder, "_plan_and_render", render_fails)
    with pytest.raises(RuntimeError, match="the render failed"):
        _builder(root, tmp_path / "stopped", jobs=2).build()
    assert len(forked) == 3 and not (tmp_path / "stopped").exists()
    assert not list((root / ".sitegen-cache").glob(".scan-*"))


def test_cards_whose_fonts_need_glyphs_drawn_are_named_beside_the_build(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title DejaVu may lack (CJK): which font draws it is found by drawing its
    characters, which a two-core build leaves to the process that draws the cards
    (not its own, before the plan): the same PNGs, the same fonts' record for the next
    build, and no glyph drawn by the build's own process."""
    root, cards, here = _timeline_cards_built_here(site, tmp_path, "港湾罢工")
    record = root / ".sitegen-cache" / "card-fonts.pickle"
    recorded = record.read_bytes()
    shutil.rmtree(root / ".sitegen-cache")
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    parent, drew_in = os.getpid(), tmp_path / "drew-in"
    real_has = sharecards.Fonts.has

    def has(self: sharecards.Fonts, path: str, char: str) -> bool:
        with drew_in.open("a", encoding="utf-8") as f:  # (a forked copy's list is its own)
            f.write(f"{os.getpid()}\n")
        return real_has(self, path, char)

    monkeypatch.setattr(sharecards.Fonts, "has", has)
    assert _builder(root, tmp_path / "beside", jobs=2).build().ok
    pids = set(drew_in.read_text(encoding="utf-8").split())
    assert pids and str(parent) not in pids
    assert [(tmp_path / "beside" / card).read_bytes() for card in cards] == here
    assert record.read_bytes() == recorded
    assert not list((root / ".sitegen-cache").glob(".scan-*"))


def _timeline_cards_built_here(
    site: Callable[..., Path], tmp_path: Path, title: str
) -> tuple[Path, tuple[str, ...], list[bytes]]:
    """A site with a timeline of `title` built by one process into tmp_path/here: the
    site, its two cards' paths and their PNGs."""
    root = card_site(site)
    timeline = f'---\ntitle: "{title}"\n---\nIntro.\n'
    (root / "content/timelines").mkdir()
    (root / "content/timelines/strike.md").write_text(timeline, encoding="utf-8")
    event = (root / "content/events/first.md").read_text(encoding="utf-8")
    (root / "content/events/first.md").write_text(
        event.replace("sources:", "timelines: [strike]\nsources:"), encoding="utf-8"
    )
    assert _builder(root, tmp_path / "here", jobs=1).build().ok
    cards = ("og/site.png", "og/timelines/strike.png")
    return root, cards, [(tmp_path / "here" / card).read_bytes() for card in cards]


def _spy(real: Callable[..., Any], calls: list[object]) -> Callable[..., Any]:
    def spy(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    return spy


@needs_dejavu
def test_cards_drawn_together_are_the_cards_drawn_alone() -> None:
    """A build's cards share what they have in common (the palette, the top with the
    site's name: sharecards.Canvas): each card is the very PNG it is when drawn alone."""
    fonts = sharecards.Fonts(None, Config(title="t"), [(DEJAVU, DEJAVU_BOLD)])
    cards = [
        sharecards.Card("og/site.png", "", "Harbour news", "3 events, 2024"),
        sharecards.Card("og/timelines/strike.png", "Harbour news", "The strike", "2 events, 2024"),
        sharecards.Card("og/timelines/ferry.png", "Harbour news", "The ferry " * 12, "1 event"),
        sharecards.Card("og/timelines/thai.png", "ข่าว", SEA_TITLES["thai"], "1 event"),
    ]
    together = sharecards.Published(cards, ["a", "b", "c", "d"], fonts).drawn()
    assert list(together.values()) == [sharecards.draw(card, fonts) for card in cards]


@needs_dejavu
def test_a_word_of_thousands_of_letters_is_cut_to_the_card_in_a_few_measurements() -> None:
    # (a timeline titled with a pasted 30,000-letter word: the line was cut one letter at
    # a time, each cut measured again, and the build ran for minutes)
    font = ImageFont.truetype(DEJAVU_BOLD, 72)
    width = sharecards.WIDTH - 160
    measured: list[str] = []

    class Counting:
        def getlength(self, text: str) -> float:
            measured.append(text)
            return font.getlength(text)

    word = "".join("abcdefghij"[i % 10] for i in range(30_000))
    lines = sharecards._wrap(word, Counting(), width, 3)  # type: ignore[arg-type]
    assert len(lines) == 1 and lines[0].endswith("…") and word.startswith(lines[0][:-1])
    assert font.getlength(lines[0]) <= width
    assert font.getlength(word[: len(lines[0])] + "…") > width  # the most that fit
    assert len(measured) < 40, len(measured)


@needs_dejavu
def test_the_fonts_chosen_are_recalled_while_the_fonts_are_the_same(tmp_path: Path) -> None:
    """A build records which font each card text takes (a one-event edit then names the
    cards without loading a font or drawing a character); once a candidate font's file
    changes, the choices are made again."""
    if not os.path.isfile(LIBERATION):
        pytest.skip("Liberation Sans is not installed here")
    liberation = tmp_path / "Liberation.ttf"
    shutil.copyfile(LIBERATION, liberation)
    record = tmp_path / "card-fonts.pickle"
    system = [(str(liberation), ""), (DEJAVU, "")]
    first = sharecards.Fonts(None, Config(title="t"), system)
    assert first.choose("Keys ⌘ and ♞", False) == (DEJAVU, "")
    first.record(record)
    again = sharecards.Fonts(None, Config(title="t"), system)
    again.recall(record)
    assert again.choose("Keys ⌘ and ♞", False) == (DEJAVU, "")
    assert not again._loaded  # no font loaded, no character drawn
    shutil.copyfile(DEJAVU, liberation)  # the first candidate now has them
    os.utime(liberation, ns=(1, 1))
    changed = sharecards.Fonts(None, Config(title="t"), system)
    changed.recall(record)
    assert changed.choose("Keys ⌘ and ♞", False) == (str(liberation), "")
