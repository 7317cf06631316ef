"""Summaries of an enriched frame: shares by origin, counts by year, the earliest possible assembly.

Every function takes the tidy enriched frame (one row per component; several findings may be concatenated,
``finding_id`` tells them apart) and returns a tidy frame with one block per finding. Nothing is dropped
silently: parts that cannot be counted (unknown origin, no date) are reported in ``result.attrs``.

Origins are counted on one of two bases. ``basis="brand"`` counts the country of the company whose brand is
marked on the part (``hq_country`` / ``un_region``); ``basis="owner"`` counts the country of the company that
owned the brand on the day the part was made (``owner_country`` / ``owner_un_region``). Any other ``by``
column is used as is. ``by="chpl_tier"`` counts the tier of the Common High Priority List each part's HS code is
on (:mod:`analysis.chpl`): a known code on no tier is ``not listed``, a part without a known code is unknown.

A share over the parts of known origin assumes the unknown parts look like the known ones. Beside it,
:func:`origin_shares` gives bounds that assume nothing: the share of all parts if no unknown part were from that
origin (``bound_low``) and if every one were (``bound_high``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .defaults import BASES
from .prose import iso_day

if TYPE_CHECKING:
    from .finding import Finding

#: Which column a ``by`` means on the owner basis.
OWNER_COLUMNS = {"hq_country": "owner_country", "un_region": "owner_un_region"}
#: The ``by`` that counts export-control tiers (see :mod:`analysis.chpl`).
TIER_COLUMN = "chpl_tier"
#: The country a source file states for a brand, kept apart from the attribution (see the schema).
FILE_COUNTRY = "file_country"
_COUNTRY_COLUMNS = ("hq_country", "owner_country")
_REGION_COLUMNS = ("un_region", "owner_un_region")
#: What each ``by_country`` / ``by_region`` entry of a summary holds.
SHARE_FIELDS = ("key", "count", "share", "ci_low", "ci_high", "bound_low", "bound_high")
#: The columns of :func:`summary_table`, one row per finding.
SUMMARY_COLUMNS = (
    "finding_id", "title", "components", "rejected", "duplicates", "manufacturers", "countries", "unknown_origin",
    "country_1", "share_1", "bound_low_1", "bound_high_1", "country_2", "share_2", "country_3", "share_3", "dated",
    "undated",
    "assembled_not_before", "synthetic", "chpl_listed", "chpl_known", "chpl_share", "chpl_ci_low", "chpl_ci_high",
)  # fmt: skip
#: The columns of :data:`SUMMARY_COLUMNS` that hold shares.
SHARE_COLUMNS = (
    "share_1",
    "bound_low_1",
    "bound_high_1",
    "share_2",
    "share_3",
    "chpl_share",
    "chpl_ci_low",
    "chpl_ci_high",
)

__all__ = [
    "BASES",
    "Record",
    "Summary",
    "FILE_COUNTRY",
    "SHARE_FIELDS",
    "SHARE_COLUMNS",
    "SUMMARY_COLUMNS",
    "TIER_COLUMN",
    "assembled_not_before",
    "chpl_by_origin",
    "chpl_listed",
    "origin_column",
    "origin_keys",
    "origin_shares",
    "origin_summaries",
    "origin_year_table",
    "company_keys",
    "iso_day",
    "wilson_interval",
    "share_made_between",
    "summaries",
    "summary_table",
    "unknown_brands",
    "year_counts",
    "year_shares",
    "ages_at_recovery",
]


def _require(data: pd.DataFrame, *columns: str) -> None:
    missing = [name for name in columns if name not in data.columns]
    if missing:
        raise ValueError(f"missing column {', '.join(map(repr, missing))}; found {', '.join(map(str, data.columns))}")


def origin_column(by: str | Mapping[str, str] = "hq_country", *, basis: str = "brand") -> str:
    """The column that ``by`` counts on ``basis``; a mapping groups the basis's country column."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}; got {basis!r}")
    column = "hq_country" if isinstance(by, Mapping) else by
    return OWNER_COLUMNS.get(column, column) if basis == "owner" else column


def origin_keys(data: pd.DataFrame, *, by: str | Mapping[str, str] = "hq_country", basis: str = "brand") -> pd.Series:
    """One origin key per part (NA = unknown origin).

    With a mapping (country code -> group name), codes it does not name keep their own code, so a country
    nobody thought of stays visible instead of vanishing into an "other" group.
    """
    column = origin_column(by, basis=basis)
    if column == TIER_COLUMN:
        from .chpl import tier_keys

        _require(data, "finding_id")
        return tier_keys(data).rename("key")
    _require(data, "finding_id", column)
    values = data[column]
    if isinstance(by, Mapping):
        mapped = values.map(dict(by))
        values = mapped.where(mapped.notna(), values)
    return values.rename("key")


def _per_finding(counts: pd.Series, findings: pd.Index) -> dict[str, int]:
    return {str(f): int(n) for f, n in counts.reindex(findings, fill_value=0).items()}


def _findings(data: pd.DataFrame) -> pd.Index:
    return pd.Index(sorted(data["finding_id"].dropna().unique()), name="finding_id")


def wilson_interval(count, nobs, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of ``count`` successes in ``nobs`` trials (numbers or arrays); NaN where ``nobs`` is 0.

    statsmodels' ``proportion_confint(method="wilson")``, step for step (a test holds them equal), without
    importing statsmodels or scipy: either import takes longer than a whole small report. The critical value
    comes from the standard library's normal distribution (it differs from scipy's in the 16th digit).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1; got {confidence!r}")
    from statistics import NormalDist

    count = np.asarray(count, dtype=float)
    nobs = np.asarray(nobs, dtype=float)
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    ok = nobs > 0
    if ok.any():
        n, share = nobs[ok], count[ok] / nobs[ok]
        crit = NormalDist().inv_cdf(1 - (1 - confidence) / 2.0)  # scipy.stats.norm.isf((1 - confidence) / 2)
        crit2 = crit**2
        denominator = 1 + crit2 / n
        centre = (share + crit2 / (2 * n)) / denominator
        half = crit * np.sqrt(share * (1.0 - share) / n + crit2 / (4.0 * n**2))
        half /= denominator
        low[ok], high[ok] = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    return low, high


def _is_polars(data: object) -> bool:
    """A Polars DataFrame or LazyFrame (told by its module, so that pandas users never import Polars)."""
    return type(data).__module__.startswith("polars")


def _small_frame(frame) -> pd.DataFrame:
    """A small Polars result as pandas, with the dtypes the pandas path gives (text as ``str``, counts int64)."""
    import polars as pl

    out = frame.to_pandas()
    text = [name for name, dtype in frame.schema.items() if dtype in (pl.String, pl.Categorical, pl.Enum)]
    counts = [name for name, dtype in frame.schema.items() if dtype.is_integer() and not frame[name].has_nulls()]
    return out.astype(dict.fromkeys(text, "str") | dict.fromkeys(counts, "int64"))


def origin_shares(
    data: pd.DataFrame,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
    confidence: float = 0.95,
    file_countries: bool = False,
) -> pd.DataFrame:
    """Share of parts per origin, over the parts whose origin is known, with a Wilson interval and bounds.

    Parts of unknown origin are left out of the denominator (an unknown is not evidence for any country) and
    reported in ``attrs["unknown"]``; ``attrs["known"]`` holds each finding's denominator. ``bound_low`` and
    ``bound_high`` are the share of all parts if no unknown part, or every one, were of that origin: the Wilson
    interval is the sampling uncertainty of the share, the bounds what the unknown parts leave open.

    ``file_countries=True`` is a sensitivity check, never a headline: a part of unknown origin takes the
    country its source file states (column ``file_country``), and ``from_file`` counts the parts so placed.
    ``data`` may also be a Polars DataFrame or LazyFrame: the counting is done by Polars, the small result is
    the same frame.
    """
    if _is_polars(data):
        counts, total, findings = _polars_origin_counts(data, by=by, basis=basis, file_countries=file_countries)
    else:
        keys = origin_keys(data, by=by, basis=basis)
        findings = _findings(data)
        frame = pd.DataFrame({"finding_id": data["finding_id"], "key": keys})
        if file_countries:
            stated = _file_keys(data, by, basis)
            frame = frame.assign(from_file=keys.isna() & stated.notna(), key=keys.fillna(stated))
        known_rows = frame.dropna(subset=["key"])
        grouped = known_rows.groupby(["finding_id", "key"], observed=True)
        counts = grouped.size().rename("count").to_frame()
        if file_countries:
            counts["from_file"] = grouped["from_file"].sum().astype("int64")
        counts = counts.reset_index()
        total = frame.groupby("finding_id", observed=True).size()
    known = counts.groupby("finding_id", observed=True)["count"].sum()
    unknown = total.sub(known, fill_value=0).astype("int64")
    nobs = counts["finding_id"].map(known).astype("int64")
    missing = counts["finding_id"].map(unknown).astype("int64")
    counts["share"] = counts["count"] / nobs
    counts["ci_low"], counts["ci_high"] = wilson_interval(counts["count"], nobs, confidence)
    counts["bound_low"] = counts["count"] / (nobs + missing)
    counts["bound_high"] = (counts["count"] + missing) / (nobs + missing)
    if file_countries:
        counts = counts[[c for c in counts.columns if c != "from_file"] + ["from_file"]]
    result = counts.sort_values(["finding_id", "count", "key"], ascending=[True, False, True], ignore_index=True)
    result.attrs = {
        "basis": basis,
        "by": dict(by) if isinstance(by, Mapping) else by,
        "confidence": confidence,
        "known": _per_finding(known, findings),
        "unknown": _per_finding(unknown, findings),
    }
    if file_countries:
        result.attrs["file_countries"] = True
    return result


def _file_codes(data: pd.DataFrame) -> pd.Series:
    """The country code the file states for each part (NA where it states none, or has no such column)."""
    from .enrich import per_distinct

    if FILE_COUNTRY not in data:
        return pd.Series(pd.NA, index=data.index, dtype="string", name=FILE_COUNTRY)
    return per_distinct(data[FILE_COUNTRY], lambda s: s.astype("string").str.strip().str.upper().replace("", pd.NA))


def _file_keys(data: pd.DataFrame, by: str | Mapping[str, str], basis: str) -> pd.Series:
    """The origin key the file's stated country gives each part, in the terms of ``by`` (NA where none)."""
    column = origin_column(by, basis=basis)
    codes = _file_codes(data)
    if basis == "owner":  # the file states the brand's country: the owner's only when the brand is unknown too
        _require(data, "hq_country")
        codes = codes.where(data["hq_country"].isna())
    if column in _REGION_COLUMNS:
        from .enrich import per_distinct
        from .regions import region_of

        return per_distinct(codes, region_of).rename("key")
    if column not in _COUNTRY_COLUMNS:
        raise ValueError(f"file_countries gives countries and regions only; by={column!r} is neither")
    if isinstance(by, Mapping):
        mapped = codes.map(dict(by))
        codes = mapped.where(mapped.notna(), codes)
    return codes.rename("key")


def company_keys(data: pd.DataFrame) -> pd.Series:
    """The company of each part as counted and compared: the resolved company, else ``brand:`` and the brand as
    normalised (so ``Company CH-01`` and ``COMPANY CH01`` are one company, and an unresolved brand never meets a
    company of the same spelling); NA where no brand is marked."""
    from .enrich import per_distinct

    return per_distinct(data[["manufacturer", "company"]], _company_key)


def _company_key(rows: pd.DataFrame) -> pd.Series:
    from .manufacturers import normalise

    return rows["company"].astype("string").fillna("brand:" + normalise(rows["manufacturer"]).astype("string"))


def _company_codes(data: pd.DataFrame) -> pd.Series:
    """:func:`company_keys` as numbers (NaN where no brand is marked), to count companies without a text per row."""
    from .enrich import per_distinct

    codes = per_distinct(data[["manufacturer", "company"]], lambda rows: pd.Series(pd.factorize(_company_key(rows))[0]))
    return codes.where(codes >= 0)


def unknown_brands(data: pd.DataFrame, *, basis: str = "brand") -> pd.DataFrame:
    """The parts of unknown origin gathered by brand: who the unknowns are, so a reader can judge them.

    One row per finding, brand (spellings that normalise alike are one brand, shown as first written; NA when
    no brand is marked), country the file states for it (``file_country``, NA when none) and reason, with the
    number of parts; most parts first. Every finding of the frame in one grouping.
    """
    from .enrich import per_distinct
    from .manufacturers import normalise

    column = origin_column("hq_country", basis=basis)
    _require(data, "finding_id", "manufacturer", column)
    reason = "origin_problem" if basis == "brand" else "owner_problem"
    unknown = data[column].isna()
    rows = data.loc[unknown]
    brands = rows["manufacturer"].astype("string").str.strip()
    frame = pd.DataFrame(
        {
            "finding_id": rows["finding_id"],
            "brand_key": per_distinct(brands, normalise),
            "manufacturer": brands,
            "file_country": _file_codes(rows),
            "reason": rows[reason] if reason in rows else pd.NA,
        }
    )
    keys = ["finding_id", "brand_key", "file_country", "reason"]
    result = (
        frame.groupby(keys, dropna=False, observed=True, sort=False)
        .agg(manufacturer=("manufacturer", "first"), count=("manufacturer", "size"))
        .reset_index()
        .sort_values(["finding_id", "count", "brand_key"], ascending=[True, False, True], ignore_index=True)
    )
    return result[["finding_id", "manufacturer", "file_country", "reason", "count"]].astype({"count": "int64"})


def _polars_origin_counts(
    data, *, by: str | Mapping[str, str], basis: str, file_countries: bool = False
) -> tuple[pd.DataFrame, pd.Series, pd.Index]:
    """Parts per (finding, origin key) and per finding, counted by Polars; one small pandas frame each."""
    import polars as pl

    column = origin_column(by, basis=basis)
    rows = data.lazy()
    names = rows.collect_schema().names()
    _require_names(names, "finding_id", column)
    key = pl.col(column).replace(dict(by)) if isinstance(by, Mapping) else pl.col(column)
    if column == TIER_COLUMN:
        from .chpl import NOT_LISTED

        _require_names(names, "hs_code")
        key = pl.when(pl.col("hs_code").is_not_null()).then(pl.col(column).fill_null(NOT_LISTED))
    aggregates = [pl.len().alias("count")]
    if file_countries:
        stated = _polars_file_keys(names, by, basis)
        aggregates.append(pl.col("from_file").sum().cast(pl.Int64))
        rows = rows.with_columns(from_file=key.is_null() & stated.is_not_null())
        key = pl.coalesce(key, stated)
        extra = ["from_file"]
    else:
        extra = []
    rows = rows.filter(pl.col("finding_id").is_not_null()).select("finding_id", key.alias("key"), *extra)
    counts, total = pl.collect_all(
        [
            rows.drop_nulls("key").group_by("finding_id", "key").agg(aggregates),
            rows.group_by("finding_id").agg(pl.len().alias("total")),
        ]
    )
    total = _small_frame(total).set_index("finding_id")["total"].rename_axis("finding_id")
    return _small_frame(counts), total, pd.Index(sorted(total.index), name="finding_id")


def _polars_file_keys(names: list[str], by: str | Mapping[str, str], basis: str):
    """:func:`_file_keys` as a Polars expression."""
    import polars as pl

    column = origin_column(by, basis=basis)
    if FILE_COUNTRY not in names:
        return pl.lit(None, dtype=pl.String)
    codes = pl.col(FILE_COUNTRY).cast(pl.String).str.strip_chars().str.to_uppercase()
    codes = pl.when(codes == "").then(None).otherwise(codes)
    if basis == "owner":  # as in _file_keys: the brand's country, so only where the brand is unknown too
        _require_names(names, "hq_country")
        codes = pl.when(pl.col("hq_country").is_null()).then(codes)
    if column in _REGION_COLUMNS:
        from .regions import regions_table

        table = regions_table().dropna(subset=["un_region"])
        return codes.replace_strict(dict(zip(table["iso_alpha2"], table["un_region"], strict=True)), default=None)
    if column not in _COUNTRY_COLUMNS:
        raise ValueError(f"file_countries gives countries and regions only; by={column!r} is neither")
    return codes.replace(dict(by)) if isinstance(by, Mapping) else codes


def _require_names(names: list[str], *columns: str) -> None:
    missing = [name for name in columns if name not in names]
    if missing:
        raise ValueError(f"missing column {', '.join(map(repr, missing))}; found {', '.join(map(str, names))}")


def _dated(data: pd.DataFrame) -> pd.Series:
    return data["manufactured_year"].notna()


def year_counts(data: pd.DataFrame, *, by: str | Mapping[str, str] | None = None, basis: str = "brand") -> pd.DataFrame:
    """Parts per manufacture year, with every year between a finding's first and last (zeros included).

    Filling the gaps keeps charts honest: a missing bar would otherwise read as a missing year, not a zero.
    Undated parts are counted in ``attrs["undated"]``. ``data`` may also be a Polars DataFrame or LazyFrame.
    With ``by`` (an origin column, a grouping of countries, or ``"chpl_tier"``), parts are counted per key too:
    every key of a finding over the finding's whole span of years, dated parts of unknown key counted in
    ``attrs["unknown"]`` (pandas frames only).
    """
    if by is not None:
        return _year_counts_by(data, by, basis)
    if _is_polars(data):
        counts, undated, findings = _polars_year_counts(data)
        finding_dtype = "str"
    else:
        _require(data, "finding_id", "manufactured_year")
        dated = _dated(data)
        findings = _findings(data)
        years = data.loc[dated, ["finding_id", "manufactured_year"]].astype({"manufactured_year": "int64"})
        counts = years.groupby(["finding_id", "manufactured_year"], observed=True).size()
        undated = (~dated).groupby(data["finding_id"], observed=True).sum()
        finding_dtype = data["finding_id"].dtype
    counts.index.names = ["finding_id", "year"]
    bounds = counts.index.to_frame(index=False).groupby("finding_id", observed=True)["year"].agg(["min", "max"])
    lengths = (bounds["max"] - bounds["min"] + 1).to_numpy()
    starts = np.repeat(bounds["min"].to_numpy(), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    full = pd.MultiIndex.from_arrays(
        [np.repeat(bounds.index.to_numpy(), lengths), starts + offsets], names=["finding_id", "year"]
    )
    result = counts.reindex(full, fill_value=0).rename("count").reset_index()
    result["finding_id"] = result["finding_id"].astype(finding_dtype)
    result.attrs = {"undated": _per_finding(undated, findings)}
    return result


def year_shares(data: pd.DataFrame) -> pd.DataFrame:
    """:func:`year_counts` with each year's ``share`` of its finding's dated parts, so findings of different
    sizes read on one scale (undated parts are in ``attrs["undated"]``, as there)."""
    counts = year_counts(data)
    dated = counts.groupby("finding_id", observed=True)["count"].transform("sum")
    return counts.assign(share=counts["count"] / dated)


def ages_at_recovery(data: pd.DataFrame) -> pd.Series:
    """Years from each part's first possible day of manufacture to its finding's recovery day: how old the parts
    were when found (at most, since a part may be made later in its date code's span). NaN where either is unknown."""
    _require(data, "manufactured_first_day")
    first = pd.to_datetime(data["manufactured_first_day"])
    if "recovered_on" not in data.columns:
        return pd.Series(np.nan, index=data.index, name="age")
    recovered = pd.to_datetime(data["recovered_on"], errors="coerce")
    return ((recovered - first).dt.days / 365.25).rename("age")


def _year_counts_by(data: pd.DataFrame, by: str | Mapping[str, str], basis: str) -> pd.DataFrame:
    """:func:`year_counts` per (finding, key, year), each key of a finding over the span of all its dated parts."""
    if _is_polars(data):
        raise TypeError("year_counts(by=...) counts a pandas frame; convert a Polars one with .to_pandas()")
    _require(data, "finding_id", "manufactured_year")
    keys = origin_keys(data, by=by, basis=basis)
    dated = _dated(data)
    findings = _findings(data)
    frame = pd.DataFrame({"finding_id": data["finding_id"], "key": keys, "year": data["manufactured_year"]})
    counts = (
        frame[dated & keys.notna()]
        .astype({"year": "int64"})
        .groupby(["finding_id", "key", "year"], observed=True)
        .size()
    )
    spans = frame[dated].astype({"year": "int64"}).groupby("finding_id", observed=True)["year"].agg(["min", "max"])
    pairs = counts.index.droplevel("year").unique().to_frame(index=False).join(spans, on="finding_id")
    lengths = (pairs["max"] - pairs["min"] + 1).to_numpy()
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    full = pd.MultiIndex.from_arrays(
        [
            np.repeat(pairs["finding_id"].to_numpy(), lengths),
            np.repeat(pairs["key"].to_numpy(), lengths),
            np.repeat(pairs["min"].to_numpy(), lengths) + offsets,
        ],
        names=["finding_id", "key", "year"],
    )
    result = counts.reindex(full, fill_value=0).rename("count").reset_index()
    result = result.astype({"finding_id": data["finding_id"].dtype, "key": "str"})
    result.attrs = {
        "basis": basis,
        "by": dict(by) if isinstance(by, Mapping) else by,
        "undated": _per_finding((~dated).groupby(data["finding_id"], observed=True).sum(), findings),
        "unknown": _per_finding((dated & keys.isna()).groupby(data["finding_id"], observed=True).sum(), findings),
    }
    return result


def chpl_listed(data: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """Per finding, the parts on any tier of the Common High Priority List over the parts of known HS code.

    ``count`` listed of ``known`` (parts whose HS code is stated or follows from their category), the share with
    its Wilson interval (NaN when no code is known); ``unknown`` counts the parts without a known code. One
    grouping over every finding of the frame.
    """
    from .chpl import NOT_LISTED, tier_keys

    _require(data, "finding_id")
    keys = tier_keys(data)
    frame = pd.DataFrame({"count": keys.notna() & keys.ne(NOT_LISTED), "known": keys.notna(), "unknown": keys.isna()})
    result = frame.groupby(data["finding_id"], observed=True).sum().astype("int64")
    result = result.reindex(_findings(data), fill_value=0).reset_index()
    known = result["known"].where(result["known"] > 0)
    result["share"] = result["count"] / known
    result["ci_low"], result["ci_high"] = wilson_interval(result["count"], result["known"], confidence)
    return result[["finding_id", "count", "known", "unknown", "share", "ci_low", "ci_high"]]


def chpl_by_origin(data: pd.DataFrame, *, by: str | Mapping[str, str] = "hq_country", basis: str = "brand"):
    """Parts per finding, origin and tier of the Common High Priority List, tidy; every part counted.

    ``origin`` is NA for parts of unknown origin, ``tier`` NA for parts without a known HS code (``not listed``
    for a known code on no tier), so the table sums to the finding's parts. One grouping over all findings.
    """
    frame = pd.DataFrame(
        {
            "finding_id": data["finding_id"],
            "origin": origin_keys(data, by=by, basis=basis),
            "tier": origin_keys(data, by=TIER_COLUMN),
        }
    )
    counts = frame.groupby(["finding_id", "origin", "tier"], dropna=False, observed=True).size()
    return counts.rename("count").reset_index().astype({"origin": "str", "tier": "str"})


def _polars_year_counts(data) -> tuple[pd.Series, pd.Series, pd.Index]:
    """Dated parts per (finding, year) and undated parts per finding, counted by Polars."""
    import polars as pl

    rows = data.lazy()
    _require_names(rows.collect_schema().names(), "finding_id", "manufactured_year")
    table = _small_frame(
        rows.filter(pl.col("finding_id").is_not_null())
        .group_by("finding_id", pl.col("manufactured_year").cast(pl.Int64))
        .agg(pl.len().alias("count"))
        .collect()
    )
    dated = table["manufactured_year"].notna()
    counts = table[dated].astype({"manufactured_year": "int64"}).set_index(["finding_id", "manufactured_year"])
    counts = counts["count"].sort_index()
    undated = table[~dated].set_index("finding_id")["count"]
    return counts, undated, pd.Index(sorted(table["finding_id"].unique()), name="finding_id")


def _as_day(value: int | str | date | pd.Timestamp, *, end: bool) -> pd.Timestamp:
    """A bound as a day; a bare year means its first day (start) or its last day (end)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return pd.Timestamp(year=int(value), month=12, day=31) if end else pd.Timestamp(year=int(value), month=1, day=1)
    return pd.Timestamp(value).normalize()


Bound = int | str | date | pd.Timestamp


def share_made_between(
    data: pd.DataFrame,
    start: Bound | Mapping[str, Bound],
    end: Bound | Mapping[str, Bound],
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of dated parts made within [start, end] (inclusive), with a Wilson interval.

    A part counts only when its whole possible span [manufactured_first_day, manufactured_last_day] lies
    inside the window. A span that straddles a boundary (a week code across New Year, a year-only code) does
    not count: the figure is conservative, a lower bound on what the codes allow. Years as ints mean whole
    years: ``share_made_between(data, 2021, 2023)`` is 2021-01-01 to 2023-12-31. The denominator is the dated
    parts; undated ones are counted in ``attrs["undated"]``. ``start`` and ``end`` may also be mappings of
    ``finding_id`` to a bound, one window per finding (a finding without one counts nothing). ``ambiguous``
    says how many of ``count`` have a date code with more than one reading, counted at its listed reading.
    """
    _require(data, "finding_id", "manufactured_first_day", "manufactured_last_day")
    first, last = _bounds(start, data["finding_id"], end=False), _bounds(end, data["finding_id"], end=True)
    if not isinstance(start, Mapping) and not isinstance(end, Mapping) and first > last:
        raise ValueError(f"start {first.date()} is after end {last.date()}")
    span_first = pd.to_datetime(data["manufactured_first_day"])
    span_last = pd.to_datetime(data["manufactured_last_day"])
    dated = span_first.notna() & span_last.notna()
    inside = dated & span_first.ge(first) & span_last.le(last)
    listed = inside & data["date_ambiguous"].fillna(False).astype(bool) if "date_ambiguous" in data else False
    frame = pd.DataFrame(
        {"finding_id": data["finding_id"], "inside": inside, "ambiguous": listed, "dated": dated, "undated": ~dated}
    )
    result = frame.groupby("finding_id", observed=True).sum().astype("int64").reset_index()
    result = result.rename(columns={"inside": "count"})
    result["share"] = result["count"].where(result["dated"] > 0) / result["dated"].where(result["dated"] > 0)
    result["ci_low"], result["ci_high"] = wilson_interval(result["count"], result["dated"], confidence)
    undated = result.pop("undated")
    result.attrs = {
        "start": _iso_bound(start, end=False),
        "end": _iso_bound(end, end=True),
        "confidence": confidence,
        "undated": {str(f): int(n) for f, n in zip(result["finding_id"], undated, strict=True)},
    }
    return result


def _bounds(bound: Bound | Mapping[str, Bound], findings: pd.Series, *, end: bool) -> pd.Timestamp | pd.Series:
    """One day, or with a mapping per finding, each row's day (NaT for a finding it does not name)."""
    if not isinstance(bound, Mapping):
        return _as_day(bound, end=end)
    from .enrich import per_distinct

    days = {key: _as_day(value, end=end) for key, value in bound.items()}
    return per_distinct(findings, lambda ids: pd.to_datetime(ids.map(days), errors="coerce"))


def _iso_bound(bound: Bound | Mapping[str, Bound], *, end: bool) -> str | dict[str, str]:
    if isinstance(bound, Mapping):
        return {str(key): _as_day(value, end=end).date().isoformat() for key, value in bound.items()}
    return _as_day(bound, end=end).date().isoformat()


def origin_year_table(
    data: pd.DataFrame, *, by: str | Mapping[str, str] = "hq_country", basis: str = "brand"
) -> pd.DataFrame:
    """Parts per origin and manufacture year (dated parts of known origin), tidy.

    Parts left out (unknown origin or undated) are counted in ``attrs["excluded"]``.
    """
    _require(data, "manufactured_year")
    keys = origin_keys(data, by=by, basis=basis)
    findings = _findings(data)
    usable = keys.notna() & _dated(data)
    frame = pd.DataFrame({"finding_id": data["finding_id"], "key": keys, "year": data["manufactured_year"]}).loc[usable]
    result = (
        frame.astype({"year": "int64"})
        .groupby(["finding_id", "key", "year"], observed=True)
        .size()
        .rename("count")
        .reset_index()
    )
    result.attrs = {
        "basis": basis,
        "by": dict(by) if isinstance(by, Mapping) else by,
        "excluded": _per_finding((~usable).groupby(data["finding_id"], observed=True).sum(), findings),
    }
    return result


def assembled_not_before(data: pd.DataFrame, *, include_ambiguous: bool = False) -> pd.DataFrame:
    """The earliest day each weapon could have been assembled: the latest first possible day of any part.

    Only parts whose date code has one reading count (``date_ambiguous`` false or absent): an ambiguous code's
    reading may be a decade off. ``include_ambiguous=True`` counts them too, at their first reading, which
    tells whether ambiguity could move the bound. ``component_id`` and ``date_code`` name the part that sets
    the date; ``second_date`` and ``second_component_id`` give what the next-latest part (another component,
    possibly with the same date) would set. If the two differ widely, the conclusion rests on one marking, and
    that marking deserves a second look. Ties go to the part that comes first in the frame's row order.
    Findings with no dated part get NaT.
    """
    _require(data, "finding_id", "component_id", "manufactured_first_day", "date_code")
    first_day = pd.to_datetime(data["manufactured_first_day"])
    if not include_ambiguous and "date_ambiguous" in data:
        first_day = first_day.where(~data["date_ambiguous"].fillna(False).astype(bool))
    groups = pd.factorize(data["finding_id"])[0]
    dated = np.flatnonzero(first_day.notna().to_numpy() & (groups >= 0))
    # each finding's dated rows, latest day first, then in row order: one sort of integer keys
    order = dated[np.lexsort((dated, -first_day.to_numpy()[dated].view("int64"), groups[dated]))]
    ranked = groups[order]
    starts = np.flatnonzero(np.diff(ranked, prepend=-1))  # each finding's latest part
    seconds = starts[starts + 1 < len(order)] + 1
    seconds = seconds[ranked[seconds] == ranked[seconds - 1]]  # and its next-latest, where it has one

    def at(positions: np.ndarray, **columns: pd.Series) -> pd.DataFrame:
        # each column typed as pandas types the whole of it (text, days), whether or not any row is picked
        typed = {name: c if _typed(c) else pd.Series(c.to_numpy()) for name, c in columns.items()}
        frame = pd.DataFrame({name: c.iloc[order[positions]].reset_index(drop=True) for name, c in typed.items()})
        return frame.set_index("finding_id")

    ids, components = data["finding_id"], data["component_id"]
    top = at(starts, finding_id=ids, date=first_day, component_id=components, date_code=data["date_code"])
    second = at(seconds, finding_id=ids, second_date=first_day, second_component_id=components)
    result = top.join(second).reindex(_findings(data)).reset_index()
    counts = pd.Series(np.diff(np.append(starts, len(order))), index=top.index)
    result.attrs = {"dated": _per_finding(counts, _findings(data))}
    return result


def _typed(column: pd.Series) -> bool:
    """Whether pandas gives ``column``'s own type to an array of its values: days, categories, or text holding a
    value."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return True
    return column.dtype.kind == "M" or (column.dtype == "str" and bool(column.notna().any()))


class Record(dict):
    """A frozen result: a dataclass (its fields autocomplete, a mistyped one is an error) that also is the read-only
    JSON object it stands for, so ``json.dumps(record)`` and ``record["field"]`` work as they did on plain dicts.

    Subclasses are ``@dataclass(frozen=True, eq=False)``: equal when their values are, to each other or to a dict.
    """

    def __post_init__(self) -> None:
        dict.update(self, ((item.name, getattr(self, item.name)) for item in fields(self)))

    def _frozen(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} is frozen; to_dict() gives a dict to change")

    __setitem__ = __delitem__ = __ior__ = update = setdefault = pop = popitem = clear = _frozen

    def __reduce__(self):
        return type(self), tuple(getattr(self, item.name) for item in fields(self))

    def to_dict(self) -> dict:
        """The plain JSON-ready dict, in field order."""
        return dict(self)


@dataclass(frozen=True, eq=False)
class Summary(Record):
    """The headline figures of one finding (``origins summary --json`` prints one per finding); see :func:`summaries`.

    Shares are over the parts of known origin, with their Wilson interval (``ci_low``, ``ci_high``) and the range
    over all parts whatever the unknown ones are (``bound_low``, ``bound_high``); days are ``YYYY-MM-DD`` text.
    """

    finding_id: str
    #: The YAML file's title, else the finding's id.
    title: str
    #: Parts used (rejected rows and exact duplicates are apart).
    components: int
    rejected: int
    duplicates: int
    #: Distinct companies (a brand not in the manufacturer table counts as its own).
    manufacturers: int
    #: Distinct countries of origin on ``basis``.
    countries: int
    #: ``brand`` or ``owner``: see :mod:`analysis.aggregate`.
    basis: str
    #: One entry per country, largest first: key, count, share, ci_low, ci_high, bound_low, bound_high.
    by_country: list[dict]
    #: The same per UN region.
    by_region: list[dict]
    unknown_origin: int
    #: The parts of unknown origin by brand, with the country the file states and the reason.
    unknown_brands: list[dict]
    #: The shares if the file's own countries filled the unknown parts; None when it states none.
    file_country_sensitivity: dict | None
    dated_components: int
    undated_components: int
    #: Parts per year of manufacture.
    by_year: list[dict]
    #: Date codes with two readings, left out of the assembly bound.
    ambiguous_date_codes: int
    #: The first possible day of the latest dated part: the weapon was assembled no earlier.
    assembled_not_before: str | None
    #: The part that sets it, and the date the next-latest part would give.
    assembled_not_before_evidence: dict | None
    #: The bound counting ambiguous date codes at their first reading.
    assembled_not_before_with_ambiguous: str | None
    #: Dated parts made in the three calendar years up to the assembly bound's, with their Wilson interval.
    made_in_three_years_before_assembly: dict | None
    #: What the data is, when it is not a real finding as found (from the YAML file).
    reconstruction: str | None
    synthetic: str | None
    #: The version of the Common High Priority List the parts were screened against (see :mod:`analysis.chpl`).
    chpl_version: str | None
    #: One entry per tier, then ``not listed``, over the parts of known HS code: key, count, share, ci_low, ci_high.
    by_chpl_tier: list[dict]
    #: The parts on any tier: count, share with its Wilson interval (None when no HS code is known), known_hs_code
    #: (the denominator) and unknown_hs_code.
    chpl_listed: dict


def summaries(findings: Sequence[Finding], *, basis: str = "brand") -> list[Summary]:
    """The headline figures of each finding (see :meth:`.Finding.summary`), all computed in one grouped pass.

    A database holds hundreds of findings: each figure is one ``groupby("finding_id")`` over all their rows,
    so the cost grows with rows, not with findings. Findings read from one file share their rows already;
    others are concatenated once.
    """
    from .chpl import NOT_LISTED, TIERS
    from .finding import rows_of

    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    ids = [finding.finding_id for finding in findings]
    if len(set(ids)) < len(ids):  # the same id from two files: each summarised on its own rows
        return [summaries([finding], basis=basis)[0] for finding in findings]
    if not findings:
        return []
    data = _grouped_once(rows_of(findings))
    groups = data["finding_id"]
    companies = _company_codes(data)
    counts = pd.DataFrame(
        {
            "components": 1,
            "manufacturers": companies,
            "countries": data[origin_column("hq_country", basis=basis)],
            "dated": data["manufactured_year"].notna(),
            "ambiguous": data["date_ambiguous"] & data["manufactured_first_day"].notna(),
        }
    ).groupby(groups, observed=True, sort=False)
    counts = pd.concat(
        [
            counts["components"].size(),
            counts[["manufacturers", "countries"]].nunique(),
            counts[["dated", "ambiguous"]].sum(),
        ],
        axis=1,
    ).astype("int64")
    origins = origin_summaries(data, basis=basis)
    years = year_counts(data)
    latest = assembled_not_before(data)
    counted_as_listed = assembled_not_before(data, include_ambiguous=True).set_index("finding_id")["date"]
    latest.attrs = {}
    latest = latest.set_index("finding_id")
    latest = latest[latest["date"].notna()]
    ends = {f: int(day.year) for f, day in latest["date"].items()}
    window = share_made_between(data, {f: end - 2 for f, end in ends.items()}, ends).set_index("finding_id")
    window.attrs = {}
    year_rows = _records(years, ("year", "count"))
    tiers = origin_shares(data, by=TIER_COLUMN)
    rank = tiers["key"].map({key: place for place, key in enumerate((*TIERS, NOT_LISTED))})
    tier_rows = _records(
        tiers.iloc[np.lexsort((rank, tiers["finding_id"]))], ("key", "count", "share", "ci_low", "ci_high")
    )
    listed = chpl_listed(data).set_index("finding_id")
    # plain dicts from here: a frame's .loc copies its attrs (per-finding dicts) on every call
    counts, window, listed = counts.to_dict("index"), window.to_dict("index"), listed.to_dict("index")
    latest = {key: row for key, row in zip(latest.index, latest.to_dict("records"), strict=True)}
    out = []
    for finding, key in zip(findings, ids, strict=True):
        figures = counts[key]
        summary = {
            "finding_id": key,
            "title": finding.metadata.get("title") or key,
            "components": int(figures["components"]),
            "rejected": finding.count("rejected"),
            "duplicates": finding.count("duplicates"),
            "manufacturers": int(figures["manufacturers"]),
            "countries": int(figures["countries"]),
            "basis": basis,
            "by_country": origins[key]["by_country"],
            "by_region": origins[key]["by_region"],
            "unknown_origin": origins[key]["unknown_origin"],
            "unknown_brands": origins[key]["unknown_brands"],
            "file_country_sensitivity": origins[key]["file_country_sensitivity"],
            "dated_components": int(figures["dated"]),
            "undated_components": years.attrs["undated"].get(key, 0),
            "by_year": year_rows.get(key, []),
            "ambiguous_date_codes": int(figures["ambiguous"]),
            "assembled_not_before": None,
            "assembled_not_before_evidence": None,
            "assembled_not_before_with_ambiguous": iso_day(counted_as_listed.get(key)),
            "made_in_three_years_before_assembly": None,
        }
        if key in ends:
            evidence, end, recent = latest[key], ends[key], window[key]
            summary |= {
                "assembled_not_before": evidence["date"].date().isoformat(),
                "assembled_not_before_evidence": {
                    "component_id": evidence["component_id"],
                    "date_code": evidence["date_code"],
                    "next_latest_date": iso_day(evidence["second_date"]),
                    "next_latest_component_id": _text(evidence["second_component_id"]),
                },
                "made_in_three_years_before_assembly": {
                    "start_year": end - 2,
                    "end_year": end,
                    "count": int(recent["count"]),
                    "ambiguous": int(recent["ambiguous"]),
                    "share": float(recent["share"]),
                    "ci_low": float(recent["ci_low"]),
                    "ci_high": float(recent["ci_high"]),
                },
            }
        for notice in ("reconstruction", "synthetic"):  # what the data is, when it is not a real finding as found
            text = finding.metadata.get(notice)
            summary[notice] = str(text).strip() if text else None
        summary |= {
            "chpl_version": finding.metadata.get("chpl_version"),
            "by_chpl_tier": tier_rows.get(key, []),
            "chpl_listed": _listed(listed[key]),
        }
        out.append(Summary(**summary))
    return out


def _grouped_once(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with ``finding_id`` categorical, in sorted order: each grouped pass of a summary reuses its codes
    instead of hashing every row's text again (a third of the time of a summary of a thousand findings)."""
    ids = data["finding_id"]
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return data
    codes, distinct = pd.factorize(ids, sort=True)
    return data.assign(finding_id=pd.Categorical.from_codes(codes, pd.Index(distinct, dtype=ids.dtype)))


def _listed(row: dict) -> dict:
    """A finding's ``chpl_listed`` figure as JSON: the share and its interval None when no HS code is known."""
    share = None if pd.isna(row["share"]) else float(row["share"])
    bounds = {name: None if share is None else float(row[name]) for name in ("ci_low", "ci_high")}
    return (
        {"count": int(row["count"]), "share": share}
        | bounds
        | {
            "known_hs_code": int(row["known"]),
            "unknown_hs_code": int(row["unknown"]),
        }
    )


def summary_table(summaries: Sequence[Summary]) -> pd.DataFrame:
    """One row per finding of :func:`summaries`: counts, the three largest origins, the assembly bound and the
    parts on the Common High Priority List (of ``chpl_known`` parts of known HS code, with the Wilson interval).

    The flat shape a spreadsheet or a sortable table wants; ``origins summary --format csv|table`` prints it.
    """
    rows = []
    for summary in summaries:
        row = {
            "finding_id": summary["finding_id"],
            "title": summary["title"],
            "components": summary["components"],
            "rejected": summary["rejected"],
            "duplicates": summary["duplicates"],
            "manufacturers": summary["manufacturers"],
            "countries": summary["countries"],
            "unknown_origin": summary["unknown_origin"],
        }
        top = summary["by_country"][:3]
        for rank in range(1, 4):
            entry = top[rank - 1] if rank <= len(top) else {"key": None, "share": None}
            row |= {f"country_{rank}": entry["key"], f"share_{rank}": entry["share"]}
        # the largest share's range over all parts, whatever the unknown parts are
        row |= {name: top[0][name.removesuffix("_1")] if top else None for name in ("bound_low_1", "bound_high_1")}
        row |= {
            "dated": summary["dated_components"],
            "undated": summary["undated_components"],
            "assembled_not_before": summary["assembled_not_before"],
            "synthetic": bool(summary.get("synthetic")),
        }
        listed = summary["chpl_listed"]
        row |= {"chpl_listed": listed["count"], "chpl_known": listed["known_hs_code"]}
        row |= {f"chpl_{name}": listed[name] for name in ("share", "ci_low", "ci_high")}
        rows.append(row)
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return table.astype(dict.fromkeys(SHARE_COLUMNS, "Float64"))


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def origin_summaries(data: pd.DataFrame, *, basis: str = "brand") -> dict[str, dict]:
    """The origin figures of each finding's summary, for every finding of ``data`` at once.

    Shares with their intervals and bounds, the unknown brands, and the sensitivity to the file's own countries
    are each counted in one grouped pass over the whole frame, so a database of many findings costs no more
    per finding than one finding does. ``file_country_sensitivity`` is None when the file states no country
    for any part of unknown origin.
    """
    by_country = origin_shares(data, by="hq_country", basis=basis)
    by_region = origin_shares(data, by="un_region", basis=basis)
    unknown = by_country.attrs["unknown"]
    countries, regions = _records(by_country, SHARE_FIELDS), _records(by_region, SHARE_FIELDS)
    brands = _records(unknown_brands(data, basis=basis), ("manufacturer", "file_country", "reason", "count"))
    stated, still_unknown = {}, {}
    if FILE_COUNTRY in data and data[FILE_COUNTRY].notna().any():
        sensitivity = origin_shares(data, by="hq_country", basis=basis, file_countries=True)
        still_unknown = sensitivity.attrs["unknown"]
        stated = _records(sensitivity, ("key", "count", "from_file", "share", "ci_low", "ci_high"))
    result = {}
    for finding_id, count in unknown.items():
        from_file = sum(row["from_file"] for row in stated.get(finding_id, []))
        result[finding_id] = {
            "by_country": countries.get(finding_id, []),
            "by_region": regions.get(finding_id, []),
            "unknown_origin": count,
            "unknown_brands": brands.get(finding_id, []),
            "file_country_sensitivity": {
                "parts_given_file_country": from_file,
                "still_unknown": still_unknown[finding_id],
                "by_country": stated[finding_id],
            }
            if from_file
            else None,
        }
    return result


def _records(table: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[dict]]:
    """The rows of a tidy frame of several findings as JSON-ready dicts, listed per finding in one pass.

    Column by column through plain lists: a frame's per-finding ``attrs`` would be copied by every pandas step.
    """
    table = pd.DataFrame(table, copy=False)  # without its attrs, which each column taken from it would copy
    plain = pd.DataFrame({name: table[name].to_numpy() for name in ("finding_id", *columns)})
    values = [
        plain[name].astype(object).where(plain[name].notna(), None).tolist()
        if plain[name].hasnans
        else plain[name].tolist()
        for name in columns
    ]
    records: dict[str, list[dict]] = {}
    for finding_id, *row in zip(plain["finding_id"].astype(str).tolist(), *values, strict=True):
        records.setdefault(finding_id, []).append(dict(zip(columns, row, strict=True)))
    return records
