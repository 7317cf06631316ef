"""Decode the date codes marked on electronic parts into the span of days each one allows.

A date code is the only trace of when a part was made, and the latest one bounds the day a weapon was assembled.
Codes are terse (``311`` is week 11 of 2023, or of 2013), so each decodes to a first and a last possible day,
inside a window: no part was made after its latest possible day (the day the debris was recovered, else the
day of the run) nor before an earliest plausible day (1970-01-01 unless told). A year of one or two digits is
read as the most recent year inside that window; when an older one fits too, the code is ``ambiguous`` and the
span of the other readings is given. A code with no reading inside the window keeps the reason, never a
reading shifted to fit.

Columns repeat heavily (a few hundred distinct codes among thousands of parts), so each distinct pair of code
and window is decoded once and the result spread back over the rows. Calendar arithmetic is done on integer
day numbers (days since 1970-01-01), which numpy handles far faster than datetime64 conversions.
"""

from __future__ import annotations

import string
from datetime import date

import numpy as np
import pandas as pd

YYWW, YYYYWW, YWW, ISO_DATE = "YYWW", "YYYYWW", "YWW", "ISO date"
#: The earliest plausible day of manufacture unless told otherwise.
EARLIEST = "1970-01-01"

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
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
COLUMNS = [
    "year", "week", "month", "first_day", "last_day", "format", "ambiguous", "other_first_day", "other_last_day",
    "problem",
]  # fmt: skip


def decode_date_codes(
    codes: pd.Series,
    made_before: pd.Timestamp | str | date | pd.Series | None = None,
    *,
    earliest: pd.Timestamp | str | date = EARLIEST,
    today: date | None = None,
) -> pd.DataFrame:
    """Decode date codes into year, ISO week, month and the first and last day each code allows.

    Forms read, after stripping spaces: ``YYWW`` (``2311``, ``23-11``, ``23/11``, ``23 11``, ``23.11``),
    ``YYYYWW`` (``202311``), ``YWW`` (``311``), each optionally followed by up to three revision or lot letters
    (``2311AB``), and ISO dates (``2023-03-14``, ``2023/03/14``). Four digits are always YYWW, six YYYYWW.
    Weeks are ISO 8601 weeks, Monday to Sunday; ``month`` is the month of ``first_day``.

    ``made_before`` is each part's latest possible day (a date, or a Series of dates aligned on the index), e.g.
    the day the debris was recovered; where not given, ``today`` (the day of the run unless told). ``earliest``
    is the earliest plausible day. A year of two digits (or one) is the most recent year ending in those
    digits whose span starts by the latest day and ends after the earliest; the code is ``ambiguous`` when an
    older such year fits too, and ``other_first_day`` / ``other_last_day`` span those other readings.

    A code that can't be read gets a short ``problem`` (``empty``, ``unrecognised date code``, a week or date
    that does not exist, no reading inside the window) and NA fields; ``format`` is NA only when no form
    matched. A code read after the latest day or before the earliest keeps the fields of that reading, with
    the problem said.
    """
    text = codes.astype("str")
    today_number = _day_number(today or date.today())
    limit = _days(made_before, codes.index, today_number)
    first_plausible = _day_number(pd.Timestamp(earliest).date())
    rows, distinct_text, distinct_limit = _distinct(text, limit)
    decoded = _decode(distinct_text, distinct_limit, first_plausible)
    if rows is not None:
        decoded = decoded.take(rows)
    decoded.index = codes.index
    return decoded


def _distinct(text: pd.Series, limit: np.ndarray) -> tuple[np.ndarray | None, pd.Series, np.ndarray]:
    """The distinct (code, latest day) pairs, and for each row the position of its pair (None: all rows).

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


def _decode(text: pd.Series, latest: np.ndarray, earliest: int) -> pd.DataFrame:
    """Decode each code inside [earliest, its latest day] (day numbers)."""
    kind, number, form, problem = _parse(text)
    week_form = kind > 0
    unit = np.where(kind == -1, _DAY, _WEEK)
    digits = np.where(kind == -1, number // 10_000, number // 100)
    cycle = np.select([kind == 1, kind == 2], [10, 100], 0)
    week = np.where(week_form, number % 100, 1)
    month = np.where(kind == -1, number // 100 % 100, 1)
    day = np.where(kind == -1, number % 100, 1)
    readable = pd.isna(problem)

    reading = _Readings(unit, digits, cycle, week, month, day, latest, earliest)
    year, first, last = reading.year, reading.first, reading.last
    no_week_53 = readable & week_form & (week == 53) & ~_has_week_53(year)
    _add_problem(problem, no_week_53, year, "week 53 does not exist in {}")
    decoded = pd.isna(problem)
    after = decoded & (first > latest)
    before = decoded & (last < earliest)
    window = np.char.add(np.char.add(_iso(np.full(len(text), earliest)), " and "), _iso(latest))
    _add_problem(problem, (after | before) & (cycle > 0), window, "no reading between {}")
    _add_problem(problem, after & (cycle == 0), _iso(latest), "after the latest possible day {}")
    _add_problem(
        problem, before & (cycle == 0), _iso(np.full(len(text), earliest)), "before the earliest plausible day {}"
    )
    decoded |= after | before
    ambiguous = decoded & ~after & ~before & reading.other
    return pd.DataFrame(
        {
            "year": pd.arrays.IntegerArray(year, ~decoded),
            "week": pd.arrays.IntegerArray(week, ~(decoded & week_form)),
            "month": pd.arrays.IntegerArray(_civil(first)[1], ~decoded),
            "first_day": _as_datetimes(first, decoded),
            "last_day": _as_datetimes(last, decoded),
            "format": form,
            "ambiguous": ambiguous,
            "other_first_day": _as_datetimes(reading.other_first, ambiguous),
            "other_last_day": _as_datetimes(reading.other_last, ambiguous),
            "problem": pd.array(problem, dtype="str"),
        }
    )


_WEEK, _MONTH, _DAY = 0, 1, 2


class _Readings:
    """The reading of each code inside its window, and the span of the older readings that also fit.

    ``digits`` are the year as marked; ``cycle`` is 10 or 100 for a year of one or two digits (the marked
    digits repeat every ``cycle`` years), 0 for a full year. The reading is the most recent year ending in those
    digits whose span starts on or before the latest day; if that span ends before the earliest day, the
    reading is the next one after the latest day instead (so the problem names the reading a person would
    think of), and no reading fits.
    """

    def __init__(self, unit, digits, cycle, week, month, day, latest, earliest) -> None:
        self._unit, self._week, self._month, self._day = unit, week, month, day
        repeats = cycle > 0
        step = np.where(repeats, cycle, 1)
        top = _civil(latest)[0] + 1  # ISO week 1 may start in the last days of the year before
        year = np.where(repeats, top - (top - digits) % step, digits)
        year = np.where(repeats & (self._first(year) > latest), year - step, year)
        fits = self._last(year) >= earliest
        year = np.where(repeats & ~fits, year + step, year)
        self.year = year
        self.first, self.last = self._first(year), self._last(year)
        # The oldest reading that still ends on or after the earliest day, and the one just before this one.
        bottom = _civil(np.asarray(earliest))[0] - 1
        oldest = np.where(repeats, year - (year - bottom) // step * step, year)
        oldest = np.where(repeats & (self._last(oldest) < earliest), oldest + step, oldest)
        previous = year - step
        self.other = repeats & fits & (oldest <= previous)
        self.other_first = self._first(np.where(self.other, oldest, year))
        self.other_last = self._last(np.where(self.other, previous, year))

    def _first(self, year: np.ndarray) -> np.ndarray:
        week_start = _week_one_monday(year) + 7 * (self._week - 1)
        month_start = _days_from_civil(year, np.clip(self._month, 1, 12), self._day)
        return np.where(self._unit == _WEEK, week_start, month_start)

    def _last(self, year: np.ndarray) -> np.ndarray:
        month = np.clip(self._month, 1, 12)
        month_end = _days_from_civil(year, month, _days_in_month(year, month))
        return np.select(
            [self._unit == _WEEK, self._unit == _MONTH], [self._first(year) + 6, month_end], self._first(year)
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


def _days(when: pd.Timestamp | str | date | pd.Series | None, index: pd.Index, default: int) -> np.ndarray:
    """A day for every row as a day number, ``default`` where not given."""
    if isinstance(when, pd.Series):
        when = pd.to_datetime(when)
        if when.dt.tz is not None:
            when = when.dt.tz_localize(None)
        if not when.index.equals(index):
            when = when.reindex(index)
        days = when.to_numpy().astype("datetime64[D]")
        return np.where(np.isnat(days), default, days.astype(np.int64))
    when = pd.NaT if when is None else pd.Timestamp(when)
    return np.full(len(index), default if pd.isna(when) else _day_number(when.date()), dtype=np.int64)


def _iso(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days).astype("datetime64[D]"))


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


def _week_one_monday(year: np.ndarray) -> np.ndarray:
    """Day number of the Monday of ISO week 1 (the week holding 4 January) of each year."""
    jan4 = _days_from_civil(year, 1, 4)
    return jan4 - (jan4 + 3) % 7  # day 0, 1970-01-01, was a Thursday


def _has_week_53(year: np.ndarray) -> np.ndarray:
    return _week_one_monday(year + 1) - _week_one_monday(year) == 371


def _as_datetimes(days: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Day numbers as datetime64[s], NaT where not ``keep``."""
    out = days.astype("datetime64[D]")
    out[~keep] = np.datetime64("NaT")
    return out.astype("datetime64[s]")
