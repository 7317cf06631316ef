"""The component schema: one row per electronic part recovered from a weapon.

Column names are the project's public interface. Each column's meaning is written once, here, in its
``Field`` description; the checks that make a row unusable live beside it.

Rows that repeat another row exactly (every value equal) are one part recorded twice, as database exports
do: they collapse into the first copy and are counted as ``duplicates``. Copies of one ``component_id`` within
a finding that differ in any value: **every** copy is rejected, since none of them can be told to be the right
one. A value outside the vocabulary of an optional column (``category``) is kept as written, with a warning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from .errors import SOURCE_FILE, SOURCE_LINE, InputError
from .prose import plural

CATEGORIES = (
    "microcontroller",
    "fpga",
    "memory",
    "adc_dac",
    "amplifier",
    "voltage_regulator",
    "power_converter",
    "transceiver",
    "gnss",
    "imu_sensor",
    "oscillator",
    "passive",
    "connector",
    "discrete",
    "other",
)
#: Longest ``finding_id``: it names a report folder, which (with the temporary names beside it) must stay well
#: under the 255 bytes a file name may have.
MAX_ID = 200
SLUG = rf"^[a-z0-9][a-z0-9._-]{{0,{MAX_ID - 1}}}$"


@cache
def iso_alpha2() -> frozenset[str]:
    """All ISO 3166-1 alpha-2 codes, from pycountry."""
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _once_per_value(values: pd.Series, check: Callable[[pd.Series], pd.Series], empty: bool) -> pd.Series:
    """``check`` run on each distinct value once and spread over the rows, ``empty`` where there is no value: a
    finding's rows repeat a few ids and days, and a database each of them over its rows, whatever their number."""
    codes, distinct = pd.factorize(values)
    passed = check(pd.Series(distinct, dtype=object)).to_numpy(dtype=bool)
    return pd.Series(np.append(passed, empty)[codes], index=values.index)  # code -1: no value


def _is_iso_date(values: pd.Series) -> pd.Series:
    """An empty value passes: the column is optional."""
    return _once_per_value(
        values, lambda days: pd.to_datetime(days, format="%Y-%m-%d", errors="coerce").notna(), empty=True
    )


class ComponentSchema(pa.DataFrameModel):
    """One electronic part recovered from a weapon, as recorded by an investigator."""

    finding_id: Series[str] = pa.Field(
        nullable=False,
        description="Slug of the finding, e.g. `car-kharkiv-2024-01-02` (lower case, digits, `.`, `_`, `-`; at most "
        f"{MAX_ID} characters).",
    )
    component_id: Series[str] = pa.Field(nullable=False, description="Unique within its finding.")
    weapon: Series[str] | None = pa.Field(nullable=True, description="e.g. `KN-23/KN-24 (Hwasong-11)`.")
    recovered_on: Series[str] | None = pa.Field(
        nullable=True, description="ISO date (YYYY-MM-DD) the debris was recovered."
    )
    location: Series[str] | None = pa.Field(nullable=True, description="Where the debris was recovered.")
    subsystem: Series[str] | None = pa.Field(nullable=True, description="e.g. navigation, guidance, power, telemetry.")
    category: Series[str] | None = pa.Field(
        nullable=True,
        description="Kind of part: " + ", ".join(CATEGORIES) + "; another word is kept as written, with a warning.",
    )
    part_number: Series[str] | None = pa.Field(nullable=True, description="The marking as read.")
    manufacturer: Series[str] | None = pa.Field(nullable=True, description="The brand marked on the part, as read.")
    hq_country: Series[str] | None = pa.Field(
        nullable=True,
        description="ISO 3166-1 alpha-2 code of the brand's headquarters, where the source states it.",
    )
    file_country: Series[str] | None = pa.Field(
        nullable=True,
        description="The brand's country as another source states it (a database's own column), kept apart from "
        "`hq_country`: never inside a share, only in the sensitivity check of parts whose origin is otherwise unknown.",
    )
    date_code: Series[str] | None = pa.Field(nullable=True, description="The date code as marked, raw text.")
    hs_code: Series[str] | None = pa.Field(
        nullable=True,
        description="The part's six-digit Harmonized System code, where the source states it (`8542.31` or "
        "`854231`); another value is kept without a code, with a warning. Unstated, the `category` gives it.",
    )
    source: Series[str] | None = pa.Field(nullable=True, description="Where the row comes from (document, photo id).")
    notes: Series[str] | None = pa.Field(nullable=True, description="Free text.")

    # Each check carries what it expects, in words for the person who has to fix the file: pandera reports a
    # failed check by its ``error``, so the message is written once, beside the rule.
    @pa.check(
        "finding_id",
        name="slug",
        error=f"a slug: lower-case letters, digits, '.', '_' or '-', at most {MAX_ID} characters",
    )
    def _slug(cls, values: Series[str]) -> Series[bool]:
        # as pandera's own str_matches does (no id does not match), once per distinct id
        return _once_per_value(values, lambda ids: ids.str.match(SLUG, na=False), empty=False)

    @pa.check("hq_country", name="iso_3166_alpha_2", error="an ISO 3166-1 alpha-2 country code such as US, DE, CN")
    def _known_country(cls, values: Series[str]) -> Series[bool]:
        return values.isin(iso_alpha2()) | values.isna()

    @pa.check("recovered_on", name="iso_date", error="an ISO date YYYY-MM-DD")
    def _iso_date(cls, values: Series[str]) -> Series[bool]:
        return _is_iso_date(values)

    class Config:
        strict = False
        coerce = False
        unique = ["finding_id", "component_id"]


REQUIRED = ("finding_id", "component_id")
#: A component is one row per finding: the columns of ``ComponentSchema.Config.unique``.
UNIQUE = list(ComponentSchema.Config.unique)
COLUMNS = tuple(ComponentSchema.to_schema().columns)

#: The columns the analysis computes on: made plain text if they were read as categorical text (in the rows
#: split, once checked), so that every step after validation counts, groups and fills them as text. The columns
#: only carried along (file name, weapon, notes...) stay categorical, each distinct value held once.
ANALYSED = (
    "finding_id",
    "recovered_on",
    "category",
    "manufacturer",
    "hq_country",
    "file_country",
    "date_code",
    "hs_code",
)
#: The columns validation itself counts or changes, made text before it starts.
COUNTED = ("hq_country", "category")
#: The checks' messages: pandera's failure cases name a failed check by its ``error``.
MESSAGES = frozenset(check.error for column in ComponentSchema.to_schema().columns.values() for check in column.checks)
#: What the rules that are not checks expect, by the name pandera reports them with. A required column's empty
#: cell (``nullable=False``) and a component id used twice (``Config.unique``, see :func:`_duplicate_cases`) are
#: options of the schema, not :class:`pandera.Check` objects, so they can carry no ``error`` of their own.
EXPECTED = {
    "not_nullable": "a value (this column is required)",
    "multiple_fields_uniqueness": "a component_id not used by another row of the same finding",
}


@dataclass
class Problem:
    """One reason a row (or a whole file) can't be used."""

    file: str
    line: int | None
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: column {self.column!r}: got {self.value!r}, expected {self.expected}"


@dataclass
class Validation:
    """The outcome of validating a raw frame: the usable rows, the rejected ones and why."""

    valid: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Rows equal in every value to an earlier row, left out of ``valid``; ``duplicate_of`` is that row's line.
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return not self.problems

    def _repr_html_(self) -> str:
        from .templating import render

        return render("validation_repr.html.j2", v=self, limit=20)

    def __repr__(self) -> str:
        counts = {"duplicate": len(self.duplicates), "problem": len(self.problems), "warning": len(self.warnings)}
        counted = ", ".join(f"{count} {plural(count, word)}" for word, count in counts.items())
        return f"<Validation {len(self.valid)} valid, {len(self.rejected)} rejected, {counted}>"


def normalise_countries(data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Turn country names and alpha-3 codes into alpha-2, with a warning for each spelling changed.

    Only spellings pycountry recognises unambiguously are changed; anything else is left for the schema to
    reject. Works on the distinct values, so its cost does not grow with rows.
    """
    if "hq_country" not in data:
        return data, []
    import pycountry

    known = iso_alpha2()
    stripped = data["hq_country"].str.strip()
    fixes: dict[str, str] = {}
    for raw in stripped.dropna().unique():
        if raw in known:
            continue
        try:
            code = pycountry.countries.lookup(raw).alpha_2
        except LookupError:
            code = {"UK": "GB"}.get(raw.upper()) or (raw.upper() if raw.upper() in known else None)
        if code:
            fixes[raw] = code
    warnings = []
    if fixes:
        counts = stripped[stripped.isin(list(fixes))].value_counts()
        for raw, code in fixes.items():
            warnings.append(f"hq_country {raw!r} read as {code} ({counts[raw]} {plural(counts[raw], 'row')})")
    data = data.assign(hq_country=stripped.replace(fixes) if fixes else stripped)
    return data, warnings


def validate(raw: pd.DataFrame) -> Validation:
    """Check every row at once (pandera, lazy) and split the frame into valid and rejected rows.

    ``raw`` comes from :func:`analysis.io.read`: text columns plus ``source_file`` and ``source_line``.
    A missing required column is not a row problem: it raises :class:`analysis.errors.InputError`.
    """
    source = raw[SOURCE_FILE].iloc[0] if len(raw) else raw.attrs.get("source", "<data>")
    missing = [name for name in REQUIRED if name not in raw.columns]
    if missing:
        raise InputError(
            f"{source}: missing required column {', '.join(map(repr, missing))}; "
            f"found {', '.join(c for c in raw.columns if c not in (SOURCE_FILE, SOURCE_LINE))}"
        )
    _check_text(raw, source)
    data, warnings = normalise_countries(plain_text(raw, COUNTED))
    shared = _recurring(data)
    data, repeats, shared = _exact_duplicates(data, shared)
    warnings += _vocabulary_warnings(data)
    if len(repeats):
        warnings.append(
            f"{len(repeats)} rows repeat an earlier row exactly (every value equal): each part counted once, "
            "the copies counted as duplicates"
        )
    duplicates = _duplicate_cases(data, shared)
    categorical = tuple(categorical_columns(data, COLUMNS))
    try:
        _row_schema(categorical).validate(data, lazy=True, inplace=True)  # checks only: no copy of the rows
    except pa.errors.SchemaErrors as errors:
        checked = _split(data, pd.concat([duplicates, errors.failure_cases], ignore_index=True), warnings)
    else:
        checked = (
            _split(data, duplicates, warnings)
            if len(duplicates)
            else Validation(valid=data, rejected=data.iloc[:0].assign(rejected=""), warnings=warnings)
        )
    checked.duplicates = repeats
    for part in ("valid", "rejected", "duplicates"):  # the rows split, not the whole frame, made text
        setattr(checked, part, plain_text(getattr(checked, part), ANALYSED))
    return checked


def categorical_columns(data: pd.DataFrame, among: Iterable[str]) -> list[str]:
    """Those of the columns ``among`` that ``data`` holds as categorical text (each value once, see ``io``)."""
    return [name for name in among if name in data and isinstance(data[name].dtype, pd.CategoricalDtype)]


def plain_text(data: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``data`` with those of ``columns`` held as categorical text made plain text, the others as they were."""
    names = categorical_columns(data, columns)
    return data.astype(dict.fromkeys(names, "str")) if names else data


def _recurring(data: pd.DataFrame) -> pd.Series:
    """Rows whose finding and component id recur: ``data.duplicated(subset=UNIQUE, keep=False)``, compared in
    full only among rows whose component id recurs, which a database without repeats has none of."""
    codes = pd.factorize(data["component_id"], use_na_sentinel=False)[0]
    recurring = np.bincount(codes)[codes] > 1
    if recurring.any():
        recurring[recurring] = data[recurring].duplicated(subset=UNIQUE, keep=False).to_numpy()
    return pd.Series(recurring, index=data.index)


def _exact_duplicates(data: pd.DataFrame, shared: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """The rows without exact repeats of an earlier row, the repeats with the line of the row they repeat, and
    ``shared`` (rows whose ids recur) for the rows kept.

    An exact repeat shares its finding and component id with the row it repeats, so only rows whose ids
    recur are compared in full: the cost stays with the ids when a file has no repeats.
    """
    suspects = data[shared]
    values = [c for c in data.columns if c != SOURCE_LINE]
    repeated = suspects.duplicated(subset=values, keep="first")
    if not repeated.any():
        return data, data.iloc[:0].assign(duplicate_of=pd.Series(dtype="int64")), shared
    copies = suspects[repeated]
    originals = suspects[~repeated][values + [SOURCE_LINE]].rename(columns={SOURCE_LINE: "duplicate_of"})
    lines = copies.merge(originals, on=values, how="left", sort=False)["duplicate_of"].to_numpy()  # NA equals NA
    rest = suspects[~repeated]
    shared = shared.drop(index=copies.index)
    shared[rest.index] = rest.duplicated(subset=UNIQUE, keep=False)  # ids still recurring once repeats are gone
    return data.drop(index=copies.index), copies.assign(duplicate_of=lines), shared


def _vocabulary_warnings(data: pd.DataFrame) -> list[str]:
    """One warning per distinct ``category`` word outside :data:`CATEGORIES`: kept as written, never rejected."""
    if "category" not in data:
        return []
    counts = data["category"].value_counts()
    other = counts[~counts.index.isin(CATEGORIES)]
    return [
        f"category {word!r} ({count} {plural(count, 'row')}) is not one of the project's categories: kept as written"
        for word, count in other.items()
    ]


@cache
def _row_schema(categorical: tuple[str, ...] = ()) -> pa.DataFrameSchema:
    """:class:`ComponentSchema` without its uniqueness rule, which :func:`_duplicate_cases` checks instead, and
    without the type of the ``categorical`` columns (text held once per distinct value, checked by
    :func:`_check_text`), whose values get the same checks.

    pandera reports duplicates through a transpose with one column per duplicate row, slower than all the
    other checks together once a file holds thousands of duplicates.
    """
    schema = copy.deepcopy(ComponentSchema.to_schema())
    schema.unique = None
    return schema.update_columns({name: {"dtype": None} for name in categorical}) if categorical else schema


def _check_text(data: pd.DataFrame, source: str) -> None:
    """Every schema column holds text (categorical text too); else one line naming the first value that is not.

    :func:`analysis.io.read` gives text; a frame built by hand may not, and pandera's type check alone names
    neither the row nor, for a categorical column, the value.
    """
    for name in (name for name in COLUMNS if name in data):
        column = data[name]
        categorical = isinstance(column.dtype, pd.CategoricalDtype)
        values = column.cat.categories if categorical else column
        if isinstance(values.dtype, pd.StringDtype):
            continue
        other = ~values.map(_text_or_missing).to_numpy(dtype=bool)
        if not other.any():
            continue
        at = np.isin(column.cat.codes, np.flatnonzero(other)).argmax() if categorical else other.argmax()
        value = column.iloc[at]
        where = f"{data[SOURCE_FILE].iloc[at]}:{data[SOURCE_LINE].iloc[at]}" if SOURCE_LINE in data else source
        shown = value.item() if isinstance(value, np.generic) else value
        raise InputError(f"{where}: column {name!r}: got {shown!r} ({type(value).__name__}), expected text")


def _text_or_missing(value: object) -> bool:
    return isinstance(value, str) or value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _duplicate_cases(data: pd.DataFrame, shared: pd.Series) -> pd.DataFrame:
    """The failure cases pandera gives for ``Config.unique`` (``component_id`` rows; empty ids are not_nullable)."""
    duplicated = shared & data["component_id"].notna()
    return pd.DataFrame(
        {
            "schema_context": "DataFrameSchema",
            "column": "component_id",
            "check": "multiple_fields_uniqueness",
            "check_number": None,
            "failure_case": data.loc[duplicated, "component_id"],
            "index": data.index[duplicated],
        }
    ).reset_index(drop=True)


def _split(data: pd.DataFrame, cases: pd.DataFrame, warnings: list[str]) -> Validation:
    """Turn pandera's failure cases into one :class:`Problem` per bad cell and a ``rejected`` reason per row."""
    kind = cases["check"].astype(str).str.replace(r"\(.*$", "", regex=True)
    # A duplicate is reported once per key column; the component_id copy is the one to show.
    keep = cases["index"].notna() & ~(kind.eq("multiple_fields_uniqueness") & cases["column"].ne("component_id"))
    cases = cases[keep].assign(kind=kind[keep], index=cases.loc[keep, "index"].astype(int))
    # a check's own message as it is (it may hold a "("), else the words for a rule that is not a check
    message = cases["check"].astype(str)
    expected = message.where(message.isin(MESSAGES), cases["kind"].map(EXPECTED).fillna(cases["kind"]))
    cases = cases.assign(expected=expected)
    rows = data.loc[cases["index"], [SOURCE_FILE, SOURCE_LINE]]
    cases = cases.assign(file=rows[SOURCE_FILE].to_numpy(), line=rows[SOURCE_LINE].to_numpy())
    cases = cases.sort_values(["file", "line", "column"])
    columns = (cases[name].tolist() for name in ("file", "line", "column", "failure_case", "expected"))
    problems = [
        Problem(file=str(f), line=int(n), column=str(c), value="" if pd.isna(v) else str(v), expected=e)
        for f, n, c, v, e in zip(*columns, strict=True)
    ]
    reasons = _joined(cases["column"].astype(str) + ": expected " + cases["expected"], cases["index"])
    bad = data.index.isin(reasons.index)
    rejected = data[bad].assign(rejected=reasons.reindex(data.index[bad]).to_numpy())
    valid = data.take(np.flatnonzero(~bad))  # positions: a little cheaper than a mask over every column
    return Validation(valid=valid, rejected=rejected, problems=problems, warnings=warnings)


def _joined(texts: pd.Series, keys: pd.Series) -> pd.Series:
    """``texts.groupby(keys).agg("; ".join)`` (sorted keys, order kept within a key) without a call per group.

    A row rarely has more than a few problems, so the loop runs once per rank of problem within a row.
    """
    order = np.argsort(keys.to_numpy(), kind="stable")
    texts, keys = texts.iloc[order], keys.iloc[order]
    rank = keys.groupby(keys.to_numpy()).cumcount().to_numpy()
    joined = texts[rank == 0].set_axis(keys[rank == 0])
    for level in range(1, int(rank.max(initial=0)) + 1):
        extra = texts[rank == level].set_axis(keys[rank == level])
        joined.loc[extra.index] = joined.loc[extra.index] + "; " + extra
    return joined.rename_axis(keys.name)
