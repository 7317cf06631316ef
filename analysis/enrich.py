"""Turn the raw markings of validated rows into the facts the analysis counts.

Adds to each row: the company behind its brand and how it was matched, the brand's home country (its company's
seat on the day the part was made, today's for an undated part; the file's own ``hq_country`` wins over the
reference table, and a disagreement is a warning), the owner on the day the part was made and that owner's
seat on that day, UN regions for both, and the manufacture span from the date code.
A row whose origin or date can't be known keeps its place, with the reason in ``origin_problem``,
``owner_problem`` or ``date_problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from .datecodes import decode_date_codes
from .defaults import EARLIEST
from .manufacturers import (
    MATCHED_OWNER,
    NO_BRAND,
    NOT_IN_TABLE,
    ManufacturerTable,
    bundled_table,
    owner_at,
    resolve_distinct,
    seat_at,
)
from .prose import plural
from .regions import region_of

#: The columns enrichment adds, in order.
ENRICHED = [
    "company",
    "company_match",
    "owner_at_manufacture",
    "hq_country",
    "owner_country",
    "un_region",
    "owner_un_region",
    "manufactured_first_day",
    "manufactured_last_day",
    "manufactured_year",
    "date_code_format",
    "date_ambiguous",
    "date_other_first_day",
    "date_other_last_day",
    "date_undated_reason",
    "date_problem",
    "origin_problem",
    "owner_problem",
]


def enrich(
    data: pd.DataFrame,
    *,
    table: ManufacturerTable | None = None,
    recovered_on: str | date | None = None,
    earliest: str | date = EARLIEST,
    today: date | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Return ``data`` with the :data:`ENRICHED` columns, and the warnings a user should see.

    A part was made by its latest possible day: its row's ``recovered_on``, else ``recovered_on`` given here
    (the finding's metadata), else the most common ``recovered_on`` of its finding's rows, else ``today``.
    ``earliest`` is the earliest plausible day of manufacture; see :func:`analysis.datecodes.decode_date_codes`.
    """
    table = table or bundled_table()
    today = today or date.today()
    empty = empty_text(data.index)
    brands = data["manufacturer"] if "manufacturer" in data else empty
    stated = data["hq_country"] if "hq_country" in data else empty
    brand_codes, per_brand = resolve_distinct(brands, table)
    resolved = per_brand[["company", "company_match"]].take(brand_codes).set_axis(data.index)
    dates, first_day, unbounded = _dates(data, resolved["company"], recovered_on, earliest, today)
    per_group, groups = _origins(brands, stated, brand_codes, per_brand, first_day, table)
    warnings = _country_disagreements(per_group, np.bincount(groups, minlength=len(per_group))) + unbounded
    origins = per_group.drop(columns=["brand", "stated", "reference_country"]).take(groups).set_axis(data.index)
    added = pd.DataFrame(
        {
            "company": resolved["company"],
            "company_match": resolved["company_match"],
            "owner_at_manufacture": origins["owner"],
            "hq_country": origins["hq_country"],
            "owner_country": origins["owner_country"],
            "un_region": origins["un_region"],
            "owner_un_region": origins["owner_un_region"],
            "manufactured_first_day": first_day,
            "manufactured_last_day": dates["last_day"].where(first_day.notna()),
            "manufactured_year": dates["year"].where(first_day.notna()).astype("Int64"),
            "date_code_format": dates["format"],
            "date_ambiguous": dates["ambiguous"].fillna(False).astype(bool),
            "date_other_first_day": dates["other_first_day"],
            "date_other_last_day": dates["other_last_day"],
            "date_undated_reason": _no_date_reasons(dates),
            "date_problem": dates["problem"].where(dates["problem"].ne("empty")),
            "origin_problem": origins["origin_problem"],
            "owner_problem": origins["owner_problem"],
        },
        index=data.index,
    )
    return pd.concat([data.drop(columns=[c for c in ENRICHED if c in data]), added], axis=1), warnings


def _dates(
    data: pd.DataFrame, companies: pd.Series, recovered_on: str | date | None, earliest: str | date, today: date
) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """The date codes read by their makers' formats, each part's first possible day (NaT: undated or a problem),
    and the warning when codes had no recovery day to bound them."""
    codes = data["date_code"] if "date_code" in data else empty_text(data.index)
    latest = latest_days(data, recovered_on)
    dates = decode_date_codes(codes, made_before=latest, companies=companies, earliest=earliest, today=today)
    first_day = dates["first_day"].where(dates["problem"].isna() & dates["first_day"].notna())
    unbounded = int((codes.notna() & (latest.isna() if latest is not None else True)).sum())
    warning = (
        f"{unbounded} date codes have no recovery day (in their row or the finding's metadata): "
        f"read up to the day of the run, {today.isoformat()}"
    )
    return dates, first_day, [warning] if unbounded else []


def _origins(
    brands: pd.Series,
    stated: pd.Series,
    brand_codes: np.ndarray,
    per_brand: pd.DataFrame,
    first_day: pd.Series,
    table: ManufacturerTable,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Per group of rows alike (and each row's group), the seat of the brand's company on the day the part was
    made (``reference_country``), the country counted (``hq_country``: the file's own, else that seat), the owner
    then (``owner``) and its country, the UN regions of both, and why either country is unknown
    (``origin_problem``, ``owner_problem``).

    All of it depends on the brand, the day and the file's country alone. Seats and owners are looked up once per
    distinct (brand, day) pair, per brand alone where its company (or stated owner) has no period of ownership or
    seat; the rest is worked out once per distinct pair and file's country, and spread back over the rows by the
    caller, with the ``brand`` and the ``stated`` country each group shares. ``brand_codes`` and ``per_brand`` are
    each row's brand and what :func:`analysis.manufacturers.resolve_distinct` found per brand.
    """
    periods = pd.concat([table.owners["company"], table.seats["company"]]).dropna().unique()
    company = per_brand["company"]
    changes = (company.isin(periods) | company.fillna(per_brand["stated_owner"]).isin(periods)).to_numpy()
    pairs, firsts = _distinct(brand_codes, first_day.where(changes[brand_codes]))
    owners = _owners(brands.iloc[firsts], per_brand.take(brand_codes[firsts]), first_day.iloc[firsts], table)
    codes, firsts = _distinct(pairs, stated)
    groups = owners.take(pairs[firsts]).reset_index(drop=True)
    hq_country = stated.iloc[firsts].reset_index(drop=True).fillna(groups["reference_country"])
    owner_country = hq_country.where(~groups["changed_hands"], groups["owner_seat"])
    owner_country = owner_country.where(groups["known"].isna() | groups["owner"].notna())
    origin_problem, owner_problem = _problems(groups["company_match"], hq_country, owner_country)
    per_group = pd.DataFrame(
        {
            "brand": brands.iloc[firsts].reset_index(drop=True),
            "stated": stated.iloc[firsts].reset_index(drop=True),
            "reference_country": groups["reference_country"],
            "hq_country": hq_country,
            "owner": groups["owner"],
            "owner_country": owner_country,
            "un_region": region_of(hq_country),
            "owner_un_region": region_of(owner_country),
            "origin_problem": origin_problem,
            "owner_problem": owner_problem,
        }
    )
    return per_group, codes


def _distinct(*columns: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code among the distinct combinations of ``columns`` (a missing value is one value), and the
    first row of each combination."""
    codes = np.zeros(len(columns[0]), dtype="int64")
    for column in columns:
        values, distinct = pd.factorize(column)
        codes, _ = pd.factorize(codes * (len(distinct) + 1) + values + 1)
    # codes are numbered in order of first appearance: a combination starts where the highest code so far rises
    return codes, np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


def _owners(brands: pd.Series, resolved: pd.DataFrame, days: pd.Series, table: ManufacturerTable) -> pd.DataFrame:
    """For each brand and day: the seat of its company that day, the owner counted (the company's owner that day,
    following owners of owners; an unknown brand is its own owner), whether it had changed hands, and where the
    owner then sat."""
    company, day = resolved["company"].reset_index(drop=True), days.reset_index(drop=True)
    # The owner basis starts from the brand's company, else from the owner a `Brand (Owner)` form states.
    known = company.fillna(resolved["stated_owner"].reset_index(drop=True))
    owner = owner_at(known, day, table)
    changed_hands = owner.notna() & ~owner.eq(company).fillna(False).astype(bool)
    return pd.DataFrame(
        {
            "reference_country": seat_at(company, day, table),
            "company_match": resolved["company_match"].reset_index(drop=True),
            "known": known,
            "owner": owner.where(known.notna(), brands.reset_index(drop=True).str.strip()),
            "changed_hands": changed_hands,
            "owner_seat": seat_at(owner.where(changed_hands), day, table),
        }
    )


def _problems(match: pd.Series, hq_country: pd.Series, owner_country: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Why there is no country of origin (by how the brand matched), and why none of the owner."""
    empty = empty_text(match.index)
    reasons = {
        NO_BRAND: "no manufacturer marked",
        NOT_IN_TABLE: "brand not in the manufacturer table",
        MATCHED_OWNER: "brand not in the manufacturer table (only its bracketed owner is)",
    }
    origin_problem = empty.mask(hq_country.isna(), match.map(reasons))
    owner_problem = empty.mask(
        owner_country.isna() & hq_country.notna(), "undated part of a brand that changed owner"
    ).mask(owner_country.isna() & hq_country.isna(), origin_problem)
    return origin_problem, owner_problem


def _no_date_reasons(dates: pd.DataFrame) -> pd.Series:
    """Why a part with a date code is undated without a problem: its marking holds no date (by format)."""
    reasons = empty_text(dates.index)
    where = dates["no_date"].to_numpy()
    if where.any():
        reasons[where] = "no date in " + dates.loc[where, "format"].astype("str")
    return reasons


def latest_days(data: pd.DataFrame, recovered_on: str | date | None = None) -> pd.Series | None:
    """Each row's recovery day: its own, else ``recovered_on``, else its finding's most common (NaT: none).

    None when no row nor the finding says, so the decoder falls back on the day of the run.
    """
    if "recovered_on" not in data:
        rows = pd.Series(pd.NaT, index=data.index, dtype="datetime64[s]")
    else:
        rows = per_distinct(data["recovered_on"], lambda days: pd.to_datetime(days, format="%Y-%m-%d"))
    if recovered_on is not None and not pd.isna(recovered_on):
        rows = rows.fillna(pd.Timestamp(recovered_on))
    if rows.isna().any() and rows.notna().any() and "finding_id" in data:
        known = pd.DataFrame({"finding_id": data["finding_id"], "day": rows}).dropna()
        counts = known.value_counts().reset_index(name="rows")
        common = counts.sort_values(["rows", "day"], ascending=[False, True]).drop_duplicates("finding_id")
        rows = rows.fillna(data["finding_id"].map(common.set_index("finding_id")["day"]))
    return None if rows.isna().all() else rows


def empty_text(index: pd.Index) -> pd.Series:
    """A text column without a value, made at once in Arrow (pandas would fill it value by value)."""
    import pyarrow as pa

    return pd.Series(pd.array(pa.nulls(len(index), pa.large_string()), dtype="str"), index=index)


def per_distinct(values: pd.Series | pd.DataFrame, function: Callable) -> pd.Series:
    """``function(values)``, computed once per distinct value (of a frame: per distinct row) and spread back over
    the rows.

    A column of a finding repeats a few hundred values over any number of rows, so lookups and parsing done
    this way cost the same for a thousand rows as for ten million.
    """
    if isinstance(values, pd.DataFrame):
        codes, firsts = _distinct(*(values.iloc[:, number] for number in range(values.shape[1])))
        result = function(values.iloc[firsts].reset_index(drop=True))
    else:
        codes, distinct = pd.factorize(values, use_na_sentinel=False)
        result = function(pd.Series(distinct, dtype=values.dtype, name=values.name))
    return result.take(codes).set_axis(values.index)


def _country_disagreements(groups: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """One warning per brand whose stated country differs from the reference table's, from the groups of rows
    alike of :func:`_origins` and the ``rows`` in each."""
    stated, reference = groups["stated"], groups["reference_country"]
    differs = (stated.notna() & reference.notna() & stated.ne(reference)).to_numpy(dtype=bool)
    if not differs.any():
        return []
    pairs = pd.DataFrame(
        {"brand": groups["brand"][differs], "file": stated[differs], "table": reference[differs], "rows": rows[differs]}
    )
    # as DataFrame.value_counts of the rows orders them: most rows first, ties in order of first appearance (the
    # groups are in the order of their first row)
    counts = pairs.groupby(["brand", "file", "table"], sort=False)["rows"].sum()
    counts = counts.sort_values(ascending=False, kind="stable").reset_index()
    return [
        f"manufacturer {brand!r}: the file says {file}, the manufacturer table says {table}; "
        f"the file's country is used ({rows} {plural(rows, 'row')})"
        for brand, file, table, rows in zip(*(counts[name].tolist() for name in counts.columns), strict=True)
    ]
