import datetime as dt

import pytest

from sitegen import dates
from sitegen.dates import DateError, EDate, format_range, parse


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
    assert dates.today("2020-01-02", "0") == dt.date(2020, 1, 2)
    assert dates.today(None, "86400") == dt.date(1970, 1, 2)
