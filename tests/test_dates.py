import datetime as dt

import pytest

from sitegen import options
from sitegen.dates import DateError, EDate, format_range, month_days, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", EDate(2023)),
        ("2021-12", EDate(2021, 12)),
        ("2024-07-08", EDate(2024, 7, 8)),
        ("2021-12~", EDate(2021, 12, None, "~")),
        ("2022?", EDate(2022, None, None, "?")),
        ("2022-02-24%", EDate(2022, 2, 24, "%")),
        (" 2024-02-29 ", EDate(2024, 2, 29)),
    ],
)
def test_parse_accepts_edtf_level1_forms(text: str, expected: EDate) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["2023-02-29", "2024-13-01", "2024-06-31", "2024-00", "0000"])
def test_impossible_dates_are_date_invalid(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse(text)
    assert exc.value.code == "date-invalid"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("1 August 2022", "2022-08-01"),
        ("2024/07/08", "2024-07-08"),
        ("July 8, 2024", "2024-07-08"),
        ("8th July 2024", "2024-07-08"),
        ("August 2022", "2022-08"),
        ("2024-7-8", "2024-07-08"),
        ("25/12/2021", "2021-12-25"),
    ],
)
def test_other_forms_are_date_syntax_with_the_iso_form_suggested(
    text: str, suggestion: str
) -> None:
    with pytest.raises(DateError) as exc:
        parse(text)
    assert exc.value.code == "date-syntax"
    assert f"write {suggestion}" in exc.value.message


@pytest.mark.parametrize("text", ["05/06/2024", "yesterday", "2024-07-08T10:00"])
def test_ambiguous_or_unreadable_dates_get_no_guess(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse(text)
    assert exc.value.code == "date-syntax"
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in exc.value.message


@pytest.mark.parametrize(
    ("start", "end", "ongoing", "text"),
    [
        ("2023", None, False, "2023"),
        ("2021-12", None, False, "December 2021"),
        ("2024-07-08", None, False, "8 July 2024"),
        ("2024-07-08", "2024-07-09", False, "8–9 July 2024"),
        ("2021-12~", None, False, "about December 2021"),
        ("2022-02-24", None, True, "24 February 2022 – ongoing"),
        ("2024-06-30", "2024-07-02", False, "30 June – 2 July 2024"),
        ("2021-12", "2022-01", False, "December 2021 – January 2022"),
        ("2004-03", "2014-05", False, "March 2004 – May 2014"),
        ("1993", "2003", False, "1993–2003"),
        ("2022?", None, False, "2022 (uncertain)"),
        ("2022%", "2023", False, "about 2022 (uncertain) – 2023"),
    ],
)
def test_human_forms_follow_precision(
    start: str, end: str | None, ongoing: bool, text: str
) -> None:
    assert format_range(parse(start), parse(end) if end else None, ongoing) == text


def test_partial_dates_sort_at_the_start_of_their_period() -> None:
    assert parse("2024-07").first_day() == dt.date(2024, 7, 1)
    assert parse("2024").last_day() == dt.date(2024, 12, 31)
    assert parse("2024-02").last_day() == dt.date(2024, 2, 29)
    ordered = sorted(["2024-07-08", "2024", "2024-07"], key=lambda t: parse(t).first_day())
    assert ordered == ["2024", "2024-07", "2024-07-08"]


def test_today_prefers_flag_then_source_date_epoch() -> None:
    assert options.today("2020-01-02", "0") == dt.date(2020, 1, 2)
    assert options.today(None, "86400") == dt.date(1970, 1, 2)


# -- before the common era and deep time (issue 18) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "bce", "bc"),
    [
        ("-0044-03-15", EDate(-44, 3, 15), "15 March 44 BCE", "15 March 44 BC"),
        ("-0500", EDate(-500), "500 BCE", "500 BC"),
        ("-0001-02-29", EDate(-1, 2, 29), "29 February 1 BCE", "29 February 1 BC"),
        ("Y-12000", EDate(-12000), "12,000 BCE", "12,000 BC"),
        ("Y-300000~", EDate(-300000, None, None, "~"), "about 300,000 BCE", "about 300,000 BC"),
        ("Y-66000000", EDate(-66000000), "66 million years ago", "66 million years ago"),
        ("Y-13800000000", EDate(-13800000000), "13.8 billion years ago", "13.8 billion years ago"),
        ("Y-1234567", EDate(-1234567), "1.23 million years ago", "1.23 million years ago"),
        ("Y170000002", EDate(170000002), "year 170,000,002", "year 170,000,002"),
    ],
)
def test_years_before_the_era_and_beyond_four_digits(
    text: str, expected: EDate, bce: str, bc: str
) -> None:
    date = parse(text)
    assert date == expected
    assert date.human() == bce
    assert date.human("bc") == bc
    assert parse(date.edtf()) == date  # events.json's EDTF reads back the same


def test_years_count_like_historians_with_no_year_zero() -> None:
    """-0001 is 1 BCE, the year right before 0001; day numbers run on without a gap."""
    assert parse("-0001-12-31").first_ordinal() + 1 == parse("0001-01-01").first_ordinal()
    assert parse("0001-01-01").first_ordinal() == dt.date(1, 1, 1).toordinal()
    # 45 BCE (astronomical -44) is a leap year on the proleptic Gregorian calendar, 44 BCE not
    assert parse("-0045-02-29").day == 29
    with pytest.raises(DateError) as exc:
        parse("-0044-02-29")
    assert exc.value.code == "date-invalid"
    for zero in ("0000", "-0000", "0000-01-01", "-0000-06"):
        with pytest.raises(DateError) as exc:
            parse(zero)
        assert exc.value.code == "date-invalid"
        assert "-0001" in exc.value.message and "0001" in exc.value.message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("-44", "-0044"),
        ("-44-03-15", "-0044-03-15"),
        ("44 BC", "-0044"),
        ("500 BCE", "-0500"),
        ("-12345", "Y-12345"),
        ("12345", "Y12345"),
        ("-12345-03-01", "Y-12345"),
        ("Y2024", "write 2024"),
        ("Y-0044", "write -0044"),
        ("13.8 billion years ago", "Y-13800000000"),
        ("66 million years ago", "Y-66000000"),
    ],
)
def test_malformed_long_and_bce_years_are_date_syntax_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(DateError) as exc:
        parse(text)
    assert exc.value.code == "date-syntax"
    assert hint in exc.value.message


@pytest.mark.parametrize("text", ["Y-1e9", "Y", "Y-", "Y-123456-01", "--0044", "-0044-3-15x"])
def test_other_malformed_deep_dates_are_date_syntax(text: str) -> None:
    with pytest.raises(DateError) as exc:
        parse(text)
    assert exc.value.code == "date-syntax"


def test_sorting_works_across_all_scales() -> None:
    texts = [
        "2024-04-08", "Y170000002", "-0044-03-15", "Y-13800000000", "-0044", "0014-08-19",
        "-0001", "0001", "Y-66000000", "Y-12000", "-9999", "9999-12-31", "-0044-03",
    ]  # fmt: skip
    by_day = sorted(texts, key=lambda t: (parse(t).first_ordinal(), parse(t).truncate("day")))
    by_tuple = sorted(texts, key=lambda t: parse(t).truncate("day"))
    assert by_day == by_tuple == [
        "Y-13800000000", "Y-66000000", "Y-12000", "-9999", "-0044", "-0044-03", "-0044-03-15",
        "-0001", "0001", "0014-08-19", "2024-04-08", "9999-12-31", "Y170000002",
    ]  # fmt: skip


def test_deep_time_day_numbers_are_arithmetic() -> None:
    """A year-precision date 13.8 billion years back spans its year's days, computed, not
    counted (a loop per year would never finish)."""
    big_bang = parse("Y-13800000000")
    assert big_bang.last_ordinal() - big_bang.first_ordinal() + 1 in (365, 366)
    assert parse("Y-13800000001").last_ordinal() + 1 == big_bang.first_ordinal()


@pytest.mark.parametrize(
    ("start", "end", "era", "shown"),
    [
        ("-0500", "-0400", "bce", "500–400 BCE"),
        ("Y-12000", "-9000", "bc", "12,000–9000 BC"),
        ("-0044", "0014", "bc", "44 BC – AD 14"),
        ("-0044", "0014", "bce", "44 BCE – 14 CE"),
        ("-0027-01-16", "0014-08-19", "bce", "16 January 27 BCE – 19 August 14 CE"),
        ("-0044-03-15", "-0044-03-17", "bc", "15–17 March 44 BC"),
        ("Y-66000000", "Y-65900000", "bce", "66–65.9 million years ago"),
        ("Y-2500000000", "Y-541000000", "bce", "2.5 billion years ago – 541 million years ago"),
        ("2019", "2024", "bc", "2019–2024"),
    ],
)
def test_ranges_across_the_era(start: str, end: str, era: str, shown: str) -> None:
    assert format_range(parse(start), parse(end), era=era) == shown


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("2024-07-08", "2024-07-08"),
        ("-0044-03-15", "-0044-03-15"),
        ("-0500", "-0500"),
        ("Y-13800000000", "-13800000000"),
        ("Y170000002", "+170000002"),
    ],
)
def test_iso_8601_expanded_years_for_json_ld(text: str, expanded: str) -> None:
    assert parse(text).expanded() == expanded


@pytest.mark.parametrize("digits", [101, 5000])
def test_a_long_year_of_too_many_digits_is_date_invalid_not_a_crash(
    digits: int, site: object
) -> None:
    """Python reads no integer of more than 4,300 digits: such a year was 'sitegen failed
    while reading this file (ValueError …)'."""
    from tests.conftest import run

    root = site(  # type: ignore[operator]
        {
            "content/events/first.md": (
                f'---\ntitle: "Far"\ndate: "Y-{"9" * digits}"\nsources: [wire]\n'
                "people: [ada-lovelace]\ncountries: [testland]\n---\nIt was [@wire].\n"
            )
        }
    )
    result = run("check", root, "--today", "2026-11-27")
    assert result.code == 1
    line = result.out.splitlines()[0]
    assert line.startswith("content/events/first.md:3:7: error: ") and "[date-invalid]" in line
    assert "100 digits" in line and "failed while reading" not in result.out


@pytest.mark.parametrize(
    ("years", "words"),
    [
        (13_800_000_000, "13.8 billion"),
        (66_000_000, "66 million"),
        (1_234_567_890_123, "1.23 trillion"),
        (10**40 - 1, "10,000,000,000,000,000,000,000,000,000 trillion"),
        (123 * 10**30, "123,000,000,000,000,000,000 trillion"),
    ],
)
def test_deep_years_are_said_in_three_figures_at_any_size(years: int, words: str) -> None:
    """Beyond 2**53 a float loses digits: 10**40 years was '9999999999999999583119736832
    trillion'."""
    from sitegen.dates import scaled_years

    assert scaled_years(years) == words


def test_month_days_counts_as_the_calendar_module_does() -> None:
    """dates counts a month's days itself (calendar's import, with locale, for one sum):
    the proleptic Gregorian count, astronomical years before 1 CE included."""
    import calendar

    for year in [*range(-2401, 2401), 9999, -99999]:
        for month in range(1, 13):
            assert month_days(year, month) == calendar.monthrange(year, month)[1], (year, month)
