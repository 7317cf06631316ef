from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.datecodes import _factorize_keys, decode_date_codes

COLUMNS = [
    "year", "week", "month", "first_day", "last_day", "format", "ambiguous", "other_first_day", "other_last_day",
    "no_date", "problem",
]  # fmt: skip


def decode_one(code, made_before=None, **options) -> pd.Series:
    return decode_date_codes(pd.Series([code]), made_before, **options).iloc[0]


def span(row: pd.Series) -> tuple[str, str]:
    return f"{row.first_day:%Y-%m-%d}", f"{row.last_day:%Y-%m-%d}"


@pytest.mark.parametrize(
    ("code", "year", "week", "month", "first", "last", "form"),
    [
        ("2311", 2023, 11, 3, "2023-03-13", "2023-03-19", "YYWW"),
        ("2001", 2020, 1, 12, "2019-12-30", "2020-01-05", "YYWW"),
        ("0001", 2000, 1, 1, "2000-01-03", "2000-01-09", "YYWW"),
        ("202311", 2023, 11, 3, "2023-03-13", "2023-03-19", "YYYYWW"),
        ("2023-03-14", 2023, None, 3, "2023-03-14", "2023-03-14", "ISO date"),
        ("2023/03/14", 2023, None, 3, "2023-03-14", "2023-03-14", "ISO date"),
        ("2024-02-29", 2024, None, 2, "2024-02-29", "2024-02-29", "ISO date"),
        ("2053", 2020, 53, 12, "2020-12-28", "2021-01-03", "YYWW"),
        ("2452", 2024, 52, 12, "2024-12-23", "2024-12-29", "YYWW"),
    ],
)
def test_forms(code, year, week, month, first, last, form):
    row = decode_one(code)
    assert row.year == year
    assert (pd.isna(row.week) and week is None) or row.week == week
    assert row.month == month
    assert span(row) == (first, last)
    assert row.format == form
    assert pd.isna(row.problem)
    assert not row.ambiguous


@pytest.mark.parametrize("code", ["23-11", "23/11", "23 11", "23.11", " 2311 ", "2311A", "2311ab", "2311ABC", "23-11b"])
def test_separators_spaces_and_suffix_letters(code):
    row = decode_one(code)
    assert (row.year, row.week, row.format) == (2023, 11, "YYWW")
    assert pd.isna(row.problem)


@pytest.mark.parametrize("code", ["202311A", "202311xyz"])
def test_six_digits_with_letters(code):
    row = decode_one(code)
    assert (row.year, row.week, row.format) == (2023, 11, "YYYYWW")


@pytest.mark.parametrize(
    "code", ["A2311", "2311ABCD", "23111", "2311-1", "23--11", "2023-03/14", "2023-3-14", "x", "٢٣١١", "23_11"]
)
def test_unrecognised(code):
    row = decode_one(code)
    assert row.problem == "unrecognised date code"
    assert pd.isna(row.format)
    assert pd.isna(row.year) and pd.isna(row.first_day)


@pytest.mark.parametrize("code", [None, np.nan, "", "   ", "\t"])
def test_empty(code):
    row = decode_one(code)
    assert row.problem == "empty"
    assert pd.isna(row.format)
    assert pd.isna(row.year) and pd.isna(row.first_day) and pd.isna(row.last_day)


@pytest.mark.parametrize(
    ("code", "problem", "form"),
    [
        ("2300", "week 00 is not a week", "YYWW"),
        ("202300", "week 00 is not a week", "YYYYWW"),
        ("300", "week 00 is not a week", "YWW"),
        ("2354", "week 54 is above 53", "YYWW"),
        ("2399", "week 99 is above 53", "YYWW"),
        ("2153", "week 53 does not exist in 2021", "YYWW"),
        ("202153", "week 53 does not exist in 2021", "YYYYWW"),
        ("2023-02-29", "2023-02-29 is not a real date", "ISO date"),
        ("2023-04-31", "2023-04-31 is not a real date", "ISO date"),
        ("2023-03-00", "2023-03-00 is not a real date", "ISO date"),
        ("2023-13-01", "month 13 is above 12", "ISO date"),
        ("2023-00-10", "month 00 is not a month", "ISO date"),
    ],
)
def test_problems(code, problem, form):
    row = decode_one(code, "2024-01-02")
    assert row.problem == problem
    assert row.format == form
    assert pd.isna(row.year) and pd.isna(row.week) and pd.isna(row.month)
    assert pd.isna(row.first_day) and pd.isna(row.last_day)


def test_after_made_before_keeps_the_decoded_fields():
    out = decode_date_codes(pd.Series(["2401", "2402", "2024-01-03"]), made_before="2024-01-02")
    assert out.problem.isna().tolist() == [True, False, False]
    assert out.problem.iloc[1] == "no reading between 1970-01-01 and 2024-01-02"
    assert out.problem.iloc[2] == "after the latest possible day 2024-01-02"
    assert out.year.tolist() == [2024, 2024, 2024]
    assert span(out.iloc[1]) == ("2024-01-08", "2024-01-14")
    assert span(out.iloc[2]) == ("2024-01-03", "2024-01-03")


def test_two_digit_years_read_inside_the_window_never_shifted_out_of_it():
    assert decode_one("9901", "2024-01-02").year == 1999
    assert decode_one("2401", "2024-01-02").year == 2024
    assert decode_one("9923", today=date(2024, 1, 2)).year == 1999  # no recovery date: the day of the run
    assert decode_one("8847", today=date(2024, 1, 2)).year == 1988
    # 2025 is after the recovery, 1925 before the earliest plausible day: a problem, not 1925
    row = decode_one("2511", "2024-01-02")
    assert row.problem == "no reading between 1970-01-01 and 2024-01-02"
    assert row.year == 2025
    # ISO year 2002 began on Monday 2001-12-31, ISO year 2025 on Monday 2024-12-30
    assert decode_one("0201", "2001-12-31").year == 2002
    assert decode_one("0201", "2001-12-30").problem == "no reading between 1970-01-01 and 2001-12-30"
    assert decode_one("2501", "2024-12-30").year == 2025


def test_earliest_plausible_day():
    assert decode_one("2511", "2024-01-02", earliest="1900-01-01").year == 1925
    assert decode_one("6901", "2024-01-02").problem == "no reading between 1970-01-01 and 2024-01-02"
    assert decode_one("7001", "2024-01-02").year == 1970
    row = decode_one("1969-12-31", "2024-01-02")
    assert row.problem == "before the earliest plausible day 1970-01-01"
    # week 1 of 2019 ends on 2019-01-06, after the earliest day
    assert pd.isna(decode_one("201901", "2024-01-02", earliest="2019-01-05").problem)
    assert decode_one("201901", "2024-01-02", earliest="2019-01-07").problem == (
        "before the earliest plausible day 2019-01-07"
    )


def test_two_readings_inside_the_window_are_ambiguous():
    row = decode_one("2311", "2024-01-02", earliest="1900-01-01")
    assert (row.year, row.ambiguous) == (2023, True)
    assert span(row) == ("2023-03-13", "2023-03-19")
    assert (f"{row.other_first_day:%Y-%m-%d}", f"{row.other_last_day:%Y-%m-%d}") == ("1923-03-12", "1923-03-18")


def test_week_53():
    assert decode_one("2053").week == 53
    assert decode_one("2153").problem == "week 53 does not exist in 2021"
    assert span(decode_one("202053")) == ("2020-12-28", "2021-01-03")
    assert span(decode_one("201553")) == ("2015-12-28", "2016-01-03")


def test_one_digit_year_takes_the_latest_decade_that_fits():
    made_before = pd.Series(pd.to_datetime(["2024-01-02", "2024-01-02", "2024-01-02", "2018-06-01", "2025-12-31"]))
    out = decode_date_codes(pd.Series(["311", "401", "402", "311", "601"]), made_before)
    assert out.year.tolist() == [2023, 2024, 2014, 2013, 2026]
    assert out.format.tolist() == ["YWW"] * 5
    assert out.problem.isna().all()
    assert span(out.iloc[4]) == ("2025-12-29", "2026-01-04")


def test_one_digit_year_made_before_series_is_aligned_on_the_index():
    codes = pd.Series(["311", "311"], index=["a", "b"])
    made_before = pd.Series(["2014-01-01", "2024-01-01"], index=["b", "a"])
    assert decode_date_codes(codes, made_before).year.tolist() == [2023, 2013]


def test_one_digit_year_without_made_before_is_not_after_today():
    row = decode_one("011")
    assert row.first_day <= pd.Timestamp(date.today())
    assert row.year % 10 == 0


def test_one_digit_year_ambiguous_with_the_span_of_the_other_decades():
    out = decode_date_codes(pd.Series(["311", "011", "911", "2311"]), made_before="2005-06-01")
    assert out.year.tolist() == [2003, 2000, 1999, 2023]
    assert out.ambiguous.tolist() == [True, True, True, False]
    assert out.problem.isna().tolist() == [True, True, True, False]
    assert f"{out.other_first_day[0]:%Y-%m-%d}" == "1973-03-12"  # 1973, 1983 and 1993 fit as well
    assert f"{out.other_last_day[0]:%Y-%m-%d}" == "1993-03-21"
    out = decode_date_codes(pd.Series(["311", "911"]), made_before="2024-01-02", earliest="2015-01-01")
    assert out.year.tolist() == [2023, 2019]
    assert out.ambiguous.tolist() == [False, False]
    assert out.other_first_day.isna().all() and out.other_last_day.isna().all()
    out = decode_date_codes(pd.Series(["311", "911"]), made_before="2024-01-02", earliest="2013-01-01")
    assert out.ambiguous.tolist() == [True, False]
    assert f"{out.other_first_day[0]:%Y-%m-%d}" == f"{out.other_last_day[0] - pd.Timedelta(days=6):%Y-%m-%d}"


def test_one_digit_year_with_no_decade_inside_the_window():
    row = decode_one("911", "2024-01-02", earliest="2020-01-01")
    assert row.problem == "no reading between 2020-01-01 and 2024-01-02"


def test_columns_dtypes_and_index():
    codes = pd.Series(["2311", "junk", None, "2023-03-14"], index=[10, 3, 7, 7])
    out = decode_date_codes(codes, "2024-01-02")
    assert list(out.columns) == COLUMNS
    assert out.index.equals(codes.index)
    assert str(out.year.dtype) == str(out.week.dtype) == str(out.month.dtype) == "Int64"
    assert out.first_day.dtype.kind == out.last_day.dtype.kind == "M"
    assert out.ambiguous.dtype == bool
    assert out.problem.tolist()[1:3] == ["unrecognised date code", "empty"]


def test_empty_input():
    out = decode_date_codes(pd.Series([], dtype="str"))
    assert list(out.columns) == COLUMNS
    assert len(out) == 0


def test_object_and_numeric_input():
    out = decode_date_codes(pd.Series([2311, "2311", None], dtype=object))
    assert out.year.tolist()[:2] == [2023, 2023]
    assert out.problem.iloc[2] == "empty"


def test_repeated_codes_decode_like_distinct_ones():
    codes = pd.Series(["2311", "311", "junk", "2153"] * 5_000 + [f"{i:04d}" for i in range(20_000)])
    made_before = pd.Series(pd.to_datetime(["2024-01-02", "2018-01-01"] * 20_000))
    out = decode_date_codes(codes, made_before)
    one_by_one = pd.concat([decode_date_codes(codes.iloc[[i]], made_before.iloc[i]) for i in range(0, len(codes), 997)])
    as_text = {"format": "str"}  # categories differ between the one-by-one frames
    pd.testing.assert_frame_equal(out.loc[one_by_one.index].astype(as_text), one_by_one.astype(as_text))


@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.from_regex(r"\A[0-9 ./-]{1,10}[a-zA-Z]{0,4}\Z"))))
def test_never_raises_and_spans_are_ordered(codes):
    out = decode_date_codes(pd.Series(codes, dtype=object), made_before="2024-01-02")
    assert len(out) == len(codes)
    decoded = out.first_day.notna()
    assert (out.first_day[decoded] <= out.last_day[decoded]).all()
    assert (out.last_day.notna() == decoded).all()
    assert (out.problem.isna() | out.problem.str.len().gt(0)).all()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
def test_encoded_dates_decode_to_a_span_holding_them(day):
    """Made before the day itself, so that 1999's last ISO week reads as 1999 and a one-digit year resolves."""
    iso_year, iso_week, _ = day.isocalendar()
    codes = [
        f"{iso_year % 100:02d}{iso_week:02d}",
        f"{iso_year}{iso_week:02d}",
        f"{iso_year % 100:02d}-{iso_week:02d}",
        day.isoformat(),
        f"{iso_year % 10}{iso_week:02d}",
    ]
    out = decode_date_codes(pd.Series(codes), made_before=day)
    assert out.problem.isna().all()
    when = pd.Timestamp(day)
    assert ((out.first_day <= when) & (when <= out.last_day)).all()
    assert out.iloc[3].first_day == out.iloc[3].last_day == when
    monday = pd.Timestamp(day - timedelta(days=day.weekday()))
    assert (out.first_day.iloc[[0, 1, 2, 4]] == monday).all()


def test_distinct_keys_are_numbered_alike_by_a_table_and_by_hashing():
    keys = np.array([5, 3, 5, 0, 3, 9])
    rows, distinct = _factorize_keys(keys, 10)
    assert distinct.tolist() == [0, 3, 5, 9] and (distinct[rows] == keys).all()
    rows, distinct = _factorize_keys(keys, 10**9)  # a key space too large for a table: hashed
    assert sorted(distinct.tolist()) == [0, 3, 5, 9] and (distinct[rows] == keys).all()
