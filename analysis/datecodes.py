"""Decode the date codes marked on electronic parts into the span of days each one allows.

A date code is the only trace of when a part was made, and the latest one bounds the day a weapon was assembled.
Codes are terse (``311`` is week 11 of 2023, or of 2013) and each maker prints its own forms (Texas
Instruments' ``31AK2TG`` is January of a year ending in 3), so a code is read by the formats of the company
behind the part, from ``datasets/reference/date_code_formats.csv``, then by the generic forms. Each code decodes
to a first and a last possible day inside a window: no part was made after its latest possible day (the day the
debris was recovered, else the day of the run) nor before an earliest plausible day (1970-01-01 unless told).
A year of one or two digits is read as the most recent year inside that window; when an older one fits too, or
a second form of the maker reads the code otherwise, the code is ``ambiguous`` and the span of the other
readings is given. A code with no reading inside the window keeps the reason, never a reading shifted to fit.

Columns repeat heavily (a few hundred distinct codes among thousands of parts), so each distinct code, company
and window is decoded once and the result spread back over the rows; each format makes one regular-expression
pass over the codes of its companies. Calendar arithmetic is done on integer day numbers (days since
1970-01-01), which numpy handles far faster than datetime64 conversions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from .defaults import EARLIEST

COLUMNS = [
    "year", "week", "month", "first_day", "last_day", "format", "ambiguous", "other_first_day", "other_last_day",
    "no_date", "problem",
]  # fmt: skip

_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Month characters: digits, and the letters makers use for October to December (TI A B C, IEC 60062 O N D).
_MONTHS = {str(n): n for n in range(1, 10)} | {f"{n:02d}": n for n in range(0, 100)}
_MONTHS |= dict(zip("ABCOND", [10, 11, 12, 10, 11, 12], strict=True))
# Month letters of Renesas (and Hitachi before it): A to M without I are January to December.
_MONTH_LETTERS = "ABCDEFGHJKLM"
# Fairchild's six-week periods: each starts on one of these weeks (a one-digit code 1-9 names them in order); the
# last runs from week 52 into week 05 of the next year.
_SIX_WEEK_STARTS = np.array([6, 12, 18, 24, 30, 36, 42, 48, 52])
# IEC 60062 year letters, a 20-year cycle: A is 1970, 1990, 2010 ...
_IEC_YEARS = "ABCDEFHJKLMNPRSTUVWX"
_WEEK, _MONTH, _DAY, _YEAR, _NONE = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class DateFormat:
    """One row of ``date_code_formats.csv``: how some companies (all, for a generic form) mark a date."""

    companies: tuple[str, ...]
    name: str
    pattern: str
    fields: tuple[str, ...]
    strip: str
    week: str


def date_formats(table: pd.DataFrame | None = None) -> tuple[DateFormat, ...]:
    """The formats to try, in order: ``table`` (the columns of ``date_code_formats.csv``) or the bundled one."""
    if table is None:
        return _bundled_formats()
    table = table.fillna("")
    return tuple(
        DateFormat(
            companies=tuple(name.strip() for name in row.company.split(";") if name.strip()),
            name=row.format,
            pattern=row.pattern,
            fields=tuple(row.fields.split()),
            strip=row.strip,
            week=row.week,
        )
        for row in table.itertuples(index=False)
    )


@cache
def _bundled_formats() -> tuple[DateFormat, ...]:
    from .resources import read_reference

    return date_formats(read_reference("date_code_formats"))


def decode_date_codes(
    codes: pd.Series,
    made_before: pd.Timestamp | str | date | pd.Series | None = None,
    *,
    companies: pd.Series | None = None,
    earliest: pd.Timestamp | str | date = EARLIEST,
    today: date | None = None,
    formats: Sequence[DateFormat] | None = None,
) -> pd.DataFrame:
    """Decode date codes into year, week, month and the first and last day each code allows.

    Each code is tried against the formats of its company (``companies``, aligned on the index: the company
    its brand resolves to), in the order of ``date_code_formats.csv``, then against the generic forms:
    ``YYWW`` (``2311``, ``23-11``, ``23/11``, ``23 11``, ``23.11``), ``YYYYWW`` (``202311``), ``YWW`` (``311``),
    each optionally followed by up to three revision or lot letters (``2311AB``), ISO dates (``2023-03-14``,
    ``2023/03/14``) and ``YYYYMMDD``. Case and runs of spaces do not matter; lead-free marks (``#``, ``+``,
    ``e3``) are stripped where a format says so. Generic weeks are ISO 8601 weeks, Monday to Sunday; a maker's
    weeks counted from "the week of 1 January" span every day such a week could hold, and Fairchild's week codes
    of six-week periods span the whole period. ``month`` is the month of ``first_day``.

    ``made_before`` is each part's latest possible day (a date, or a Series of dates aligned on the index), e.g.
    the day the debris was recovered; where not given, ``today`` (the day of the run unless told). ``earliest``
    is the earliest plausible day. A year of one or two digits (or an IEC 60062 year letter) is the most
    recent year ending that way whose span starts by the latest day and ends after the earliest. A code is
    ``ambiguous`` when an older such year fits too, or when a second format of its maker reads it inside the
    window with days outside the first reading's span; ``other_first_day`` / ``other_last_day`` then span those
    other readings.

    A format that holds no date (Micron's FBGA code) leaves the code undated, ``no_date`` true (``format`` says
    which), and no problem. A code that can't be read gets a short ``problem`` (``empty``, ``unrecognised date
    code``, a week or date that does not exist, no reading inside the window) and NA fields; ``format`` (a
    categorical: a few dozen names over any number of rows) is NA only when no format matched. A code read
    after the latest day or before the earliest keeps the fields of that reading, with the problem said.
    """
    text = codes.astype("str")
    maker = companies
    if maker is not None and not maker.index.equals(codes.index):
        maker = maker.reindex(codes.index)
    limit = _days(made_before, codes.index, _day_number(today or date.today()))
    first_plausible = _day_number(pd.Timestamp(earliest).date())
    formats = tuple(formats) if formats else date_formats()
    distinct = _Distinct(text, maker, limit, formats)
    first, second, problem = _parse(distinct, formats)
    pick = distinct.triple_pair
    columns = _decode(first.take(pick), second.take(pick), problem[pick], distinct.triple_limit, first_plausible)
    return _frame(columns, distinct.rows, codes.index)


class _Distinct:
    """The distinct (code, maker group) pairs to parse, and the distinct (pair, latest day) triples to read.

    Companies that share the same formats form one maker group (every company without formats of its own
    is in the group of none), so a code is parsed once per group, not once per company. ``rows`` gives each
    row's triple (None: every row is its own), ``triple_pair`` each triple's pair. Factorizing costs as much
    as decoding when nearly every code differs, so a sample decides whether to.
    """

    def __init__(self, text: pd.Series, maker: pd.Series | None, limit: np.ndarray, formats) -> None:
        if maker is None:
            group_rows, self.group_forms = np.zeros(len(text), dtype=np.int64), [()]
        else:
            maker_rows, companies = pd.factorize(maker, use_na_sentinel=False)
            own = _formats_of(tuple(formats))
            group_of, groups = pd.factorize(pd.Series([own.get(name, ()) for name in companies], dtype=object))
            group_rows, self.group_forms = group_of[maker_rows], list(groups)
        sample = text.iloc[:: max(1, len(text) // 10_000)]
        if len(text) > 10_000 and sample.nunique(dropna=False) > 0.9 * len(sample):
            self.rows, self.codes, self.pair_group = None, text, group_rows
            self.triple_pair, self.triple_limit = np.arange(len(text)), limit
            return
        text_rows, text_values = pd.factorize(text, use_na_sentinel=False)
        limit_rows, limit_values = pd.factorize(limit)
        groups, limits = len(self.group_forms), len(limit_values)
        # One pass over the rows; the pairs are then found among the (few) distinct triples.
        key = (text_rows.astype(np.int64, copy=False) * groups + group_rows) * limits + limit_rows
        self.rows, triples = _factorize_keys(key, len(text_values) * groups * limits)
        self.triple_pair, pairs = pd.factorize(triples // limits)
        self.triple_limit = limit_values[triples % limits]
        self.codes = pd.Series(text_values, dtype="str").take(pairs // groups)
        self.pair_group = pairs % groups


@cache
def _formats_of(formats: tuple[DateFormat, ...]) -> dict[str, tuple[int, ...]]:
    """The positions of each company's own formats among ``formats``."""
    own: dict[str, tuple[int, ...]] = {}
    for index, form in enumerate(formats):
        for name in form.companies:
            own[name] = (*own.get(name, ()), index)
    return own


def _factorize_keys(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each key's position among the distinct keys, and those keys (sorted), for keys in [0, size).

    When the keys are few enough to mark in a table, marking them costs a tenth of hashing a million of them.
    """
    if size > 2 * len(keys) + 1_000_000:
        return pd.factorize(keys)
    present = np.zeros(size, dtype=bool)
    present[keys] = True
    distinct = np.flatnonzero(present)
    position = np.zeros(size, dtype=np.int64)
    position[distinct] = np.arange(len(distinct))
    return position[keys], distinct


def _decode(first: _Match, second: _Match, problem: np.ndarray, latest: np.ndarray, earliest: int) -> pd.DataFrame:
    """Read each parsed code inside [earliest, its latest day] (day numbers)."""
    reading, other = _Readings.of(first, latest, earliest), _Readings.of(second, latest, earliest)
    swap = second.matched & ~reading.fits & other.fits  # the maker's first listed reading, unless only the next fits
    if swap.any():
        first, second = first.where(~swap, second), second.where(~swap, first)
        reading, other = _Readings.of(first, latest, earliest), _Readings.of(second, latest, earliest)
    year, first_day, last_day = reading.year, reading.first, reading.last
    dated = first.matched & (first.unit != _NONE) & pd.isna(problem)
    week_form = first.unit == _WEEK
    no_week_53 = dated & week_form & (first.week == 53) & (first.week_rule == "iso") & ~_has_week_53(year)
    _add_problem(problem, no_week_53, year, "week 53 does not exist in {}")
    dated &= pd.isna(problem)
    after, before = dated & (first_day > latest), dated & (last_day < earliest)
    repeats = first.cycle > 0
    if (after | before).any():
        _add_problem(problem, (after | before) & repeats, latest, f"no reading between {_iso(earliest)} and {{}}", _iso)
        _add_problem(problem, after & ~repeats, latest, "after the latest possible day {}", _iso)
        _add_problem(problem, before & ~repeats, None, f"before the earliest plausible day {_iso(earliest)}")
    inside = dated & ~after & ~before

    # The other readings: older cycles of the same format, and a second format's readings that reach outside the
    # first's span (one inside it, such as a week of the first's six-week period, moves no bound).
    older = inside & reading.older
    outside = (other.first < first_day) | (other.last > last_day)
    differs = inside & second.matched & (second.unit != _NONE) & other.fits & (outside | other.older)
    ambiguous = older | differs
    second_first = np.where(other.older, other.older_first, other.first)  # the second format's older cycles too
    second_last = np.where(outside, other.last, other.older_last)
    other_first = np.where(older, reading.older_first, second_first)
    other_last = np.where(older, reading.older_last, second_last)
    other_first = np.where(older & differs, np.minimum(reading.older_first, second_first), other_first)
    other_last = np.where(older & differs, np.maximum(reading.older_last, second_last), other_last)

    no_date = first.matched & (first.unit == _NONE) & pd.isna(problem)
    return {
        "year": (year, dated),
        "week": (first.week, dated & week_form),
        "month": (_civil(first_day)[1], dated & (first.unit != _YEAR)),
        "first_day": (first_day, dated),
        "last_day": (last_day, dated),
        "format": first.format,
        "ambiguous": ambiguous,
        "other_first_day": (other_first, ambiguous),
        "other_last_day": (other_last, ambiguous),
        "no_date": no_date,
        "problem": problem,
    }


def _frame(columns: dict, rows: np.ndarray | None, index: pd.Index) -> pd.DataFrame:
    """The decoded columns of the distinct triples spread over the rows, as pandas columns.

    Each column is taken from its plain numpy values (texts by their codes among a few distinct ones), which
    costs a fraction of taking a finished frame's columns.
    """
    pick = slice(None) if rows is None else rows
    out = {}
    for name, column in columns.items():
        if isinstance(column, tuple) and name.endswith("_day"):
            out[name] = _as_datetimes(*column)[pick]
        elif isinstance(column, tuple):
            out[name] = pd.arrays.IntegerArray(column[0][pick], ~column[1][pick])
        elif column.dtype == bool:
            out[name] = column[pick]
        else:
            codes, texts = pd.factorize(column)
            out[name] = _texts(codes[pick], texts, categorical=name == "format")
    return pd.DataFrame(out, index=index, copy=False)


def _texts(codes: np.ndarray, texts: np.ndarray, *, categorical: bool):
    """Text of each row from its code among ``texts`` (-1: NA): a categorical column (a few dozen format names
    over millions of rows), or plain text built by Arrow from the codes."""
    if categorical:
        return pd.Categorical.from_codes(codes, pd.Index(texts, dtype="str"))
    import pyarrow as pa

    dictionary = pa.array(texts.tolist(), type=pa.large_string())
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pd.array(pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string()), dtype="str")


@dataclass
class _Match:
    """What one format read in each code: the year as marked and its cycle, the unit of time and its fields."""

    matched: np.ndarray
    format: np.ndarray
    week_rule: np.ndarray
    digits: np.ndarray
    cycle: np.ndarray
    unit: np.ndarray
    week: np.ndarray
    month: np.ndarray
    day: np.ndarray

    @classmethod
    def empty(cls, n: int) -> _Match:
        texts = [np.full(n, None, dtype=object), np.full(n, "", dtype=object)]
        numbers = [np.zeros(n, dtype=np.int64) for _ in range(3)] + [np.ones(n, dtype=np.int64) for _ in range(3)]
        return cls(np.zeros(n, dtype=bool), *texts, *numbers)

    def where(self, keep: np.ndarray, other: _Match) -> _Match:
        """This match where ``keep``, else ``other``'s."""
        return _Match(*(np.where(keep, getattr(self, f.name), getattr(other, f.name)) for f in fields(self)))

    def take(self, positions: np.ndarray) -> _Match:
        return _Match(*(getattr(self, f.name)[positions] for f in fields(self)))

    def put(self, rows: np.ndarray, form: DateFormat, groups: dict[str, np.ndarray]) -> None:
        """Record ``form``'s reading of ``rows`` from the text its named groups matched."""
        self.matched[rows] = True
        self.format[rows] = form.name
        self.week_rule[rows] = form.week
        if "yl" in groups:
            self.digits[rows], self.cycle[rows] = 1970 + _lookup(groups["yl"], _IEC_YEARS), 20
        for name, cycle in (("y", 10), ("yy", 100), ("yyyy", 0)):
            if name in groups:
                self.digits[rows], self.cycle[rows] = groups[name].astype(np.int64), cycle
        if "ww" in groups:
            self.unit[rows], self.week[rows] = _WEEK, groups["ww"].astype(np.int64)
        elif "p" in groups:
            self.unit[rows], self.week[rows] = _WEEK, _SIX_WEEK_STARTS[groups["p"].astype(np.int64) - 1]
        elif "ml" in groups:
            self.month[rows], self.unit[rows] = _lookup(groups["ml"], _MONTH_LETTERS) + 1, _MONTH
        elif "m" in groups:
            self.month[rows] = np.array(list(_MONTHS.values()))[_lookup(groups["m"], list(_MONTHS))]
            self.unit[rows] = _DAY if "d" in groups else _MONTH
            if "d" in groups:
                self.day[rows] = groups["d"].astype(np.int64)
        else:
            self.unit[rows] = _YEAR if form.fields else _NONE


def _lookup(values: np.ndarray, keys) -> np.ndarray:
    """Position of each value among ``keys`` (every value is one of them: the pattern allows no other)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.index_in(pa.array(values, type=pa.string()), value_set=pa.array(list(keys))).to_numpy()


def _parse(distinct: _Distinct, formats: tuple[DateFormat, ...]) -> tuple[_Match, _Match, np.ndarray]:
    """Each code's first and second reading by its maker's formats, else its reading by the first generic form
    that matches, and the problems its text alone shows.

    Each format makes one regular-expression pass (Arrow's, in C++) over the codes it may apply to.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = pa.array(distinct.codes.to_numpy(dtype=object, na_value=None), type=pa.string())
    text = pc.replace_substring_regex(pc.utf8_upper(pc.utf8_trim_whitespace(codes)), r"\s+", " ")
    n = len(text)
    empty = ~pc.fill_null(pc.greater(pc.utf8_length(text), 0), False).to_numpy(zero_copy_only=False)
    first, second = _Match.empty(n), _Match.empty(n)
    # which formats are each maker group's own, then for each format the codes of its groups
    member = np.zeros((len(distinct.group_forms), len(formats)), dtype=bool)
    for group, forms in enumerate(distinct.group_forms):
        member[group, list(forms)] = True
    for index, form in enumerate(formats):
        if form.companies:
            if not member[:, index].any():
                continue
            open_rows = member[distinct.pair_group, index] & ~empty & ~second.matched
        else:
            open_rows = ~empty & ~first.matched  # a generic form reads only what no format has read
        rows = np.flatnonzero(open_rows)
        if not len(rows):
            continue
        candidates = text.take(pa.array(rows))
        if form.strip:
            candidates = pc.utf8_trim_whitespace(pc.replace_substring_regex(candidates, form.strip, ""))
        found = pc.extract_regex(candidates, pattern=f"^(?P<code>{form.pattern})$")
        hit = found.is_valid().to_numpy(zero_copy_only=False)
        if not hit.any():
            continue
        found = found.filter(pa.array(hit))
        groups = {name: pc.struct_field(found, name).to_numpy(zero_copy_only=False) for name in form.fields}
        rows = rows[hit]
        taken = first.matched[rows]
        first.put(rows[~taken], form, {name: values[~taken] for name, values in groups.items()})
        second.put(rows[taken], form, {name: values[taken] for name, values in groups.items()})

    problem = np.full(n, None, dtype=object)
    _add_problem(problem, ~first.matched, None, "unrecognised date code")
    _add_problem(problem, empty, None, "empty")
    week = np.where(first.unit == _WEEK, first.week, 1)
    _add_problem(problem, week == 0, None, "week 00 is not a week")
    _add_problem(problem, week > 53, week, "week {} is above 53")
    dates = first.matched & (first.unit == _DAY) & (first.month >= 1) & (first.month <= 12)
    unreal = dates & ((first.day < 1) | (first.day > _days_in_month(first.digits, first.month)))
    days = zip(first.digits[unreal].tolist(), first.month[unreal].tolist(), first.day[unreal].tolist(), strict=True)
    problem[unreal] = [f"{y:04d}-{m:02d}-{d:02d} is not a real date" for y, m, d in days]
    _add_problem(problem, first.month == 0, None, "month 00 is not a month")
    _add_problem(problem, first.month > 12, first.month, "month {} is above 12")
    return first, second, problem


class _Readings:
    """The reading of each match inside its window, and the span of the older readings that also fit.

    ``digits`` are the year as marked; ``cycle`` is how often they repeat (10 or 100 years for one or two
    digits, 20 for an IEC 60062 letter, 0 for a full year). The reading is the most recent year ending that way
    whose span starts on or before the latest day; if that span ends before the earliest day, the reading is
    the next one after the latest day instead (so a problem names the reading a person would think of), and it
    does not ``fit``.
    """

    NAMES = ("year", "first", "last", "fits", "older", "older_first", "older_last")

    def __init__(self, match: _Match, latest: np.ndarray, earliest: int) -> None:
        self._match = match
        repeats = match.cycle > 0
        step = np.where(repeats, match.cycle, 1)
        top = _civil(latest)[0] + 1  # ISO week 1 may start in the last days of the year before
        year = np.where(repeats, top - (top - match.digits) % step, match.digits)
        year = np.where(repeats & (self._span(year)[0] > latest), year - step, year)
        ends_after = self._span(year)[1] >= earliest
        year = np.where(repeats & ~ends_after, year + step, year)
        self.year = year
        self.first, self.last = self._span(year)
        self.fits = match.matched & (self.first <= latest) & (self.last >= earliest)
        # The oldest reading that still ends on or after the earliest day, and the one just before this one.
        bottom = _civil(np.asarray(earliest))[0] - 1
        oldest = np.where(repeats, year - (year - bottom) // step * step, year)
        oldest = np.where(repeats & (self._span(oldest)[1] < earliest), oldest + step, oldest)
        self.older = repeats & self.fits & (oldest <= year - step)
        self.older_first = self._span(np.where(self.older, oldest, year))[0]
        self.older_last = self._span(np.where(self.older, year - step, year))[1]

    @classmethod
    def of(cls, match: _Match, latest: np.ndarray, earliest: int) -> _Readings:
        """The readings of the codes ``match`` matched; the others read nothing and fit no window."""
        rows = np.flatnonzero(match.matched)
        if len(rows) == len(latest):
            return cls(match, latest, earliest)
        part = cls(match.take(rows), latest[rows], earliest)
        whole = object.__new__(cls)
        for name in cls.NAMES:
            values = np.zeros(len(latest), dtype=getattr(part, name).dtype)
            values[rows] = getattr(part, name)
            setattr(whole, name, values)
        return whole

    def _span(self, year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and last day of each code's unit of time in ``year``."""
        m = self._match
        jan1 = _days_from_civil(year, 1, 1)
        monday = jan1 + 3 - (jan1 + 6) % 7  # of ISO week 1, the week holding 4 January
        # A week 1 "of 1 January" may start on any day of the week: 6 days either side.
        january = m.week_rule == "jan1"
        first = np.where(january, jan1 - 6, monday) + 7 * (m.week - 1)
        last = first + np.where(january, 12, 6)
        six = m.week_rule == "six"
        if six.any():
            # A six-week period from its first week; the one from week 52 to week 05 may be dated by the year
            # of either end, so it spans week 52 of the year before to week 05 of the year after.
            wraps = six & (m.week == 52)
            last = np.where(six, first + 7 * np.where(m.week == 48, 4, 6) - 1, last)
            first = np.where(wraps, _week_one_monday(year - 1) + 7 * 51, first)
            last = np.where(wraps, _week_one_monday(year + 1) + 7 * 5 - 1, last)
        others = m.unit != _WEEK
        if others.any():
            month = np.clip(m.month, 1, 12)
            start = _days_from_civil(year, np.where(m.unit == _YEAR, 1, month), m.day)
            month_end = _days_from_civil(year, month, _days_in_month(year, month))
            end = np.select([m.unit == _MONTH, m.unit == _YEAR], [month_end, jan1 + 364 + _leap(year)], start)
            first, last = np.where(others, start, first), np.where(others, end, last)
        return first, last


def _add_problem(problem: np.ndarray, where: np.ndarray, values: np.ndarray | None, message: str, show=None) -> None:
    """Write ``message`` where ``where`` holds, formatted with each row's value (once per distinct value,
    passed through ``show`` if given)."""
    if not where.any():
        return
    if values is None:
        problem[where] = message
        return
    distinct, inverse = np.unique(values[where], return_inverse=True)
    shown = show(distinct) if show else distinct
    problem[where] = np.array([message.format(value) for value in shown.tolist()], dtype=object)[inverse]


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


def _iso(days: np.ndarray | int) -> np.ndarray:
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


def _leap(year: np.ndarray) -> np.ndarray:
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Number of days in each (year, month); 0 for a month outside 1-12."""
    leap = _leap(year)
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
    return np.where(keep, days * 86_400, np.iinfo(np.int64).min).view("datetime64[s]")  # int64 min is NaT
