"""Decode the date codes marked on electronic parts into the span of days each one allows.

A date code is the only trace of when a part was made, and the latest one bounds the day a weapon was assembled.
Codes are terse (``311`` is week 11 of 2023, or of 2013), so each decodes to a first and a last possible day;
a code that can't be read is kept with the reason, never guessed.

Columns repeat heavily (a few hundred distinct codes among thousands of parts), so each distinct pair of code
and ``made_before`` is decoded once and the result spread back over the rows. Calendar arithmetic is done on
integer day numbers (days since 1970-01-01), which numpy handles far faster than datetime64 conversions.
"""

from __future__ import annotations

import string
from datetime import date

import numpy as np
import pandas as pd

YYWW, YYYYWW, YWW, ISO_DATE = "YYWW", "YYYYWW", "YWW", "ISO date"

# Every accepted shape, letters of a revision or lot allowed after a week; once trailing letters are dropped,
# the length of what remains tells the forms apart.
_SUFFIX = "[A-Za-z]{0,3}"
_CODE = "|".join(
    (
        rf"[0-9]{{3,4}}{_SUFFIX}",  # YWW, YYWW
        rf"[0-9]{{2}}[-/ .][0-9]{{2}}{_SUFFIX}",  # YY-WW
        rf"[0-9]{{6}}{_SUFFIX}",  # YYYYWW
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}",  # ISO date
        r"[0-9]{4}/[0-9]{2}/[0-9]{2}",
    )
)
_FORM_BY_LENGTH = {3: YWW, 4: YYWW, 5: YYWW, 6: YYYYWW, 10: ISO_DATE}
_UNKNOWN = np.iinfo(np.int64).min  # a made_before not given (NaT as an integer)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def decode_date_codes(codes: pd.Series, made_before: pd.Timestamp | str | pd.Series | None = None) -> pd.DataFrame:
    """Decode date codes into year, ISO week, month and the first and last day each code allows.

    Forms read, after stripping spaces: ``YYWW`` (``2311``, ``23-11``, ``23/11``, ``23 11``, ``23.11``),
    ``YYYYWW`` (``202311``), ``YWW`` (``311``), each optionally followed by up to three revision or lot letters
    (``2311AB``), and ISO dates (``2023-03-14``, ``2023/03/14``). Four digits are always YYWW, six YYYYWW.
    Weeks are ISO 8601 weeks, Monday to Sunday; ``month`` is the month of ``first_day``.

    ``made_before`` (a date, or a Series of dates aligned on the index, NaT where not known) is a day the part
    must have existed by, e.g. the day the debris was recovered. It settles two-digit years (20YY, or 19YY when
    ISO year 20YY began after it) and the decade of a ``YWW`` code: the latest year ending in that digit whose
    week began on or before it (today when not known). A ``YWW`` code is ``ambiguous`` when the year ten years
    earlier is also 2000 or later; it is still decoded, to the latest decade, with no problem.

    A code that can't be read gets a short ``problem`` (``empty``, ``unrecognised date code``, a week or date
    that does not exist) and NA fields; ``format`` is NA only when no form matched. A code whose first day is
    after ``made_before`` keeps its decoded fields, with the problem ``after YYYY-MM-DD (made_before)``.
    """
    text = codes.astype("str")
    limit = _made_before_days(made_before, codes.index)
    rows, distinct_text, distinct_limit = _distinct(text, limit)
    decoded = _decode(distinct_text, distinct_limit)
    if rows is not None:
        decoded = decoded.take(rows)
    decoded.index = codes.index
    return decoded


def _distinct(text: pd.Series, limit: np.ndarray) -> tuple[np.ndarray | None, pd.Series, np.ndarray]:
    """The distinct (code, made_before) pairs, and for each row the position of its pair (None: all rows).

    Factorizing costs as much as decoding when nearly every code differs, so a sample decides whether to.
    """
    sample = text.iloc[:: max(1, len(text) // 10_000)]
    if len(text) > 10_000 and sample.nunique(dropna=False) > 0.9 * len(sample):
        return None, text.reset_index(drop=True), limit
    text_rows, text_values = pd.factorize(text, use_na_sentinel=False)
    limit_rows, limit_values = pd.factorize(limit)
    if len(limit_values) <= 1:
        return text_rows, pd.Series(text_values), np.resize(limit_values, len(text_values))
    rows, pairs = pd.factorize(text_rows * len(limit_values) + limit_rows)
    text_values = pd.Series(text_values.take(pairs // len(limit_values)))
    return rows, text_values, limit_values[pairs % len(limit_values)]


def _decode(text: pd.Series, limit: np.ndarray) -> pd.DataFrame:
    """Decode each code against its made_before day number (``_UNKNOWN`` when not given)."""
    kind, number, form, problem = _parse(text)
    known = limit != _UNKNOWN
    reference = np.where(known, limit, _day_number(date.today()))
    reference_year = _civil(reference)[0]
    iso = kind == -1
    week_form = kind > 0
    year = np.where(iso, number // 10_000, number // 100)
    week = np.where(week_form, number % 100, 1)

    # Two-digit years are 20YY unless that ISO year began after made_before; one-digit years take the latest
    # year ending in that digit whose week began by made_before (or today).
    two_digits, one_digit = kind == 2, kind == 1
    latest = reference_year + 1
    year = np.where(two_digits, 2000 + year, np.where(one_digit, latest - (latest - year) % 10, year))
    lowest = year.min(initial=2000) - 100
    mondays = _week_one_mondays(lowest, year.max(initial=2000) + 1)
    starts = mondays[year - lowest] + 7 * (np.where(two_digits, 1, week) - 1)
    year = np.where(two_digits & known & (starts > reference), year - 100, year)
    year = np.where(one_digit & (starts > reference), year - 10, year)
    week_one, next_week_one = mondays[year - lowest], mondays[year - lowest + 1]

    first = np.where(iso, _days_from_civil(year, number // 100 % 100, number % 100), week_one + 7 * (week - 1))
    last = first + np.where(iso, 0, 6)

    no_week_53 = week_form & pd.isna(problem) & (week == 53) & (next_week_one - week_one < 371)
    _add_problem(problem, no_week_53, year, "week 53 does not exist in {}")
    decoded = pd.isna(problem)
    after = decoded & known & (first > limit)
    _add_problem(problem, after, limit.astype("datetime64[D]"), "after {:%Y-%m-%d} (made_before)")
    decoded |= after

    return pd.DataFrame(
        {
            "year": pd.arrays.IntegerArray(year, ~decoded),
            "week": pd.arrays.IntegerArray(week, ~(decoded & week_form)),
            "month": pd.arrays.IntegerArray(_civil(first)[1], ~decoded),
            "first_day": _as_datetimes(first, decoded),
            "last_day": _as_datetimes(last, decoded),
            "format": form,
            "ambiguous": one_digit & decoded & (year - 10 >= 2000),
            "problem": pd.array(problem, dtype="str"),
        }
    )


def _parse(text: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.arrays.ArrowStringArray, np.ndarray]:
    """Each code's kind, digits as one number, form, and the problems its text alone shows.

    ``kind`` is 1, 2 or 4 (year digits of a week form), -1 for an ISO date, 0 when no form matched.
    ``number`` holds the digits without separators: year * 100 + week, or year * 10000 + month * 100 + day.
    """
    text = text.str.strip()
    matched = text.str.fullmatch(_CODE).fillna(False).to_numpy(dtype=bool)
    core = text.where(matched).str.rstrip(string.ascii_letters)
    form = core.str.len().map(_FORM_BY_LENGTH).astype("str").array
    digits = core.str.replace(r"[-/ .]", "", regex=True)
    number = digits.astype("Int64").to_numpy(dtype=np.int64, na_value=0)
    length = digits.str.len().fillna(0).to_numpy(dtype=np.int64)
    kind = np.select([length == 8, matched], [-1, length - 2], 0)

    week = np.where(kind > 0, number % 100, 1)
    iso = kind == -1
    year, month, day = number // 10_000, np.where(iso, number // 100 % 100, 1), number % 100
    in_month = (day >= 1) & (day <= _days_in_month(year, month))

    problem = np.full(len(text), None, dtype=object)
    _add_problem(problem, ~matched, None, "unrecognised date code")
    _add_problem(problem, (text.isna() | text.eq("")).to_numpy(dtype=bool), None, "empty")
    _add_problem(problem, week == 0, None, "week 00 is not a week")
    _add_problem(problem, week > 53, week, "week {} is above 53")
    _add_problem(problem, iso & ~in_month, core.to_numpy(dtype=object), "{} is not a real date")
    _add_problem(problem, month == 0, None, "month 00 is not a month")
    _add_problem(problem, month > 12, month, "month {} is above 12")
    return kind, number, form, problem


def _add_problem(problem: np.ndarray, where: np.ndarray, values: np.ndarray | None, message: str) -> None:
    """Write ``message`` where ``where`` holds, formatted with each row's value (once per distinct value)."""
    if not where.any():
        return
    if values is None:
        problem[where] = message
        return
    distinct, inverse = np.unique(values[where], return_inverse=True)
    problem[where] = np.array([message.format(value) for value in distinct.tolist()], dtype=object)[inverse]


def _made_before_days(made_before: pd.Timestamp | str | pd.Series | None, index: pd.Index) -> np.ndarray:
    """``made_before`` for every row as a day number, ``_UNKNOWN`` where not known."""
    if isinstance(made_before, pd.Series):
        when = pd.to_datetime(made_before)
        if when.dt.tz is not None:
            when = when.dt.tz_localize(None)
        if not when.index.equals(index):
            when = when.reindex(index)
        return when.to_numpy().astype("datetime64[D]").astype(np.int64)
    when = pd.NaT if made_before is None else pd.Timestamp(made_before)
    day = _UNKNOWN if pd.isna(when) else _day_number(when.date())
    return np.full(len(index), day, dtype=np.int64)


# Calendar arithmetic on day numbers (days since 1970-01-01), after Howard Hinnant's days_from_civil and
# civil_from_days: the proleptic Gregorian calendar in 400-year eras of 146097 days, years starting in March.


def _day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Day number of each (year, month, day); the caller checks the date is real."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Calendar year and month (1-12) of each day number."""
    days = days + 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month = (5 * day_of_year + 2) // 153
    month = np.where(month < 10, month + 3, month - 9)
    return year_of_era + era * 400 + (month <= 2), month


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Number of days in each (year, month); 0 for a month outside 1-12."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    real = (month >= 1) & (month <= 12)
    return np.where(real, _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + (leap & (month == 2)), 0)


def _week_one_mondays(first_year: int, last_year: int) -> np.ndarray:
    """Day number of the Monday of ISO week 1 (the week holding 4 January) of each year in the range."""
    jan4 = _days_from_civil(np.arange(first_year, last_year + 1), 1, 4)
    return jan4 - (jan4 + 3) % 7  # day 0, 1970-01-01, was a Thursday


def _as_datetimes(days: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Day numbers as datetime64[s], NaT where not ``keep``."""
    out = days.astype("datetime64[D]")
    out[~keep] = np.datetime64("NaT")
    return out.astype("datetime64[s]")
