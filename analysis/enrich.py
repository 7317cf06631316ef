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
    resolve,
    seat_at,
)
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
    empty = pd.Series(pd.NA, index=data.index, dtype="str")
    brands = data["manufacturer"] if "manufacturer" in data else empty
    stated = data["hq_country"] if "hq_country" in data else empty
    resolved = resolve(brands, table)
    dates, first_day, unbounded = _dates(data, resolved["company"], recovered_on, earliest, today)
    origins = _companies(brands, stated, resolved, first_day, table)
    warnings = _country_disagreements(brands, stated, origins["reference_country"]) + unbounded
    origins = _owners(brands, origins, table)
    origins["origin_problem"], origins["owner_problem"] = _problems(resolved["company_match"], origins)
    added = pd.DataFrame(
        {
            "company": resolved["company"],
            "company_match": resolved["company_match"],
            "owner_at_manufacture": origins["owner"],
            "hq_country": origins["hq_country"],
            "owner_country": origins["owner_country"],
            "un_region": per_distinct(origins["hq_country"], region_of),
            "owner_un_region": per_distinct(origins["owner_country"], region_of),
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
    codes = data["date_code"] if "date_code" in data else pd.Series(pd.NA, index=data.index, dtype="str")
    latest = latest_days(data, recovered_on)
    dates = decode_date_codes(codes, made_before=latest, companies=companies, earliest=earliest, today=today)
    first_day = dates["first_day"].where(dates["problem"].isna() & dates["first_day"].notna())
    unbounded = int((codes.notna() & (latest.isna() if latest is not None else True)).sum())
    warning = (
        f"{unbounded} date codes have no recovery day (in their row or the finding's metadata): "
        f"read up to the day of the run, {today.isoformat()}"
    )
    return dates, first_day, [warning] if unbounded else []


def _companies(
    brands: pd.Series, stated: pd.Series, resolved: pd.DataFrame, first_day: pd.Series, table: ManufacturerTable
) -> pd.DataFrame:
    """Per row, the brand's company seat on the day it was made (``reference_country``), the country counted
    (``hq_country``: the file's own, else that seat), and the owner then with its seat.

    Seats and owners depend on the brand and the day alone, so they are looked up once per distinct (brand, day)
    pair and spread back over the rows; on the brand alone where its company (or stated owner) has no period of
    ownership or seat, so such a brand is one pair whatever its days.
    """
    periods = pd.concat([table.owners["company"], table.seats["company"]]).dropna().unique()
    changes = resolved["company"].isin(periods) | resolved["company"].fillna(resolved["stated_owner"]).isin(periods)
    codes, firsts = _pairs(brands, first_day.where(changes))
    pairs = resolved.iloc[firsts].reset_index(drop=True)
    day = first_day.iloc[firsts].reset_index(drop=True)
    reference = seat_at(pairs["company"], day, table)
    # The owner basis starts from the brand's company, else from the owner a `Brand (Owner)` form states.
    known = pairs["company"].fillna(pairs["stated_owner"])
    owner = owner_at(known, day, table)
    changed_hands = owner.notna() & ~owner.eq(pairs["company"]).fillna(False).astype(bool)
    per_pair = pd.DataFrame(
        {
            "reference_country": reference,
            "known": known,
            "owner": owner,
            "changed_hands": changed_hands,
            "owner_seat": seat_at(owner.where(changed_hands), day, table),
        }
    )
    rows = per_pair.take(codes).set_axis(brands.index)
    return rows.assign(hq_country=stated.fillna(rows["reference_country"]))


def _pairs(brands: pd.Series, days: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code among the distinct (brand, day) pairs, and the first row of each pair."""
    brand, _ = pd.factorize(brands)
    day, distinct = pd.factorize(days)
    codes, _ = pd.factorize((brand.astype("int64") + 1) * (len(distinct) + 1) + day + 1)
    return codes, np.unique(codes, return_index=True)[1]


def _owners(brands: pd.Series, origins: pd.DataFrame, table: ManufacturerTable) -> pd.DataFrame:
    """The owner counted for each row and its country: the company's own country unless it had changed hands;
    an unknown brand is its own owner, of unknown country."""
    owner = origins["owner"].where(origins["known"].notna(), brands.str.strip())
    owner_country = origins["hq_country"].where(~origins["changed_hands"], origins["owner_seat"])
    owner_country = owner_country.where(origins["known"].isna() | owner.notna())
    return origins.assign(owner=owner, owner_country=owner_country)


def _problems(match: pd.Series, origins: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Why a row has no country of origin (by how its brand matched), and why none of its owner."""
    empty = pd.Series(pd.NA, index=match.index, dtype="str")
    hq_country, owner_country = origins["hq_country"], origins["owner_country"]
    origin_problem = empty.mask(
        hq_country.isna(),
        per_distinct(
            match,
            lambda match: match.map(
                {
                    NO_BRAND: "no manufacturer marked",
                    NOT_IN_TABLE: "brand not in the manufacturer table",
                    MATCHED_OWNER: "brand not in the manufacturer table (only its bracketed owner is)",
                }
            ),
        ),
    )
    owner_problem = empty.mask(
        owner_country.isna() & hq_country.notna(), "undated part of a brand that changed owner"
    ).mask(owner_country.isna() & hq_country.isna(), origin_problem)
    return origin_problem, owner_problem


def _no_date_reasons(dates: pd.DataFrame) -> pd.Series:
    """Why a part with a date code is undated without a problem: its marking holds no date (by format)."""
    reasons = pd.Series(pd.NA, index=dates.index, dtype="str")
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


def per_distinct(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function(values)``, computed once per distinct value and spread back over the rows.

    A column of a finding repeats a few hundred values over any number of rows, so lookups and parsing done
    this way cost the same for a thousand rows as for ten million.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    result = function(pd.Series(distinct, dtype=values.dtype, name=values.name))
    return result.take(codes).set_axis(values.index)


def _country_disagreements(brands: pd.Series, stated: pd.Series, reference: pd.Series) -> list[str]:
    """One warning per brand whose stated country differs from the reference table's."""
    differs = stated.notna() & reference.notna() & stated.ne(reference)
    if not differs.any():
        return []
    pairs = pd.DataFrame({"brand": brands[differs], "file": stated[differs], "table": reference[differs]})
    counts = pairs.value_counts().reset_index(name="rows")
    return [
        f"manufacturer {row.brand!r}: the file says {row.file}, the manufacturer table says {row.table}; "
        f"the file's country is used ({row.rows} row{'s' if row.rows != 1 else ''})"
        for row in counts.itertuples(index=False)
    ]
