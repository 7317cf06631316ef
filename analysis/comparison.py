"""What is new in a finding: its origins, parts and dates set against documented findings.

:func:`compare` takes the enriched rows of a new finding and of one or more reference findings (pooled when
there are several) and returns a :class:`Comparison`: origin shares side by side with the difference and its
Newcombe interval, one test of whether the two origin distributions differ, the manufacturers and part numbers
found in both, and the dates. The module is ``comparison`` so that it does not shadow the function.

Statistics come from maintained libraries: Newcombe intervals from statsmodels, the chi-square test (and its
permutation version when counts are small) from scipy; Wilson intervals from :func:`analysis.aggregate.wilson_interval`
(statsmodels' interval, written out so that a report need not import statsmodels).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .aggregate import (
    TIER_COLUMN,
    Record,
    assembled_not_before,
    company_keys,
    origin_keys,
    wilson_interval,
    year_shares,
)
from .chpl import NOT_LISTED, TIERS
from .defaults import SANCTIONS_DAY
from .enrich import per_distinct
from .finding import Finding
from .prose import comparison_lines, number, reference_label

__all__ = [
    "ChiSquareTest",
    "Comparison",
    "Difference",
    "ListedDifference",
    "Overlap",
    "compare",
    "most_similar",
    "normalise_part_numbers",
    "reference_label",
]

#: Below this expected count in any cell, the chi-square p-value comes from permutations, not the chi2 law.
SMALL_EXPECTED = 5
PERMUTATIONS = 9_999
SEED = 20240224

#: Packaging and lead-free suffixes after a separator: tape and reel (``-TR``, ``/TR``, ``T&R``, ``-REEL7``,
#: ``-RL7``), lead-free (``#PBF``, ``#TRPBF``), Maxim's ``+`` and ``+T``. They name how a part was delivered,
#: not which part it is; a suffix without a separator is kept (``LM317T`` is a package, not a reel).
_PACKAGING = re.compile(r"(?:[-/#](?:T&R|TRPBF|TR|PBF|REEL(?:7|13)?|RL7?)|\+T?)$")
_SPACES_AND_DASHES = re.compile(r"[\s\-]+")

Frames = pd.DataFrame | Finding | Sequence[pd.DataFrame | Finding]


def normalise_part_numbers(part_numbers: pd.Series) -> pd.Series:
    """Part numbers as compared: upper case, packaging suffix removed, then spaces and dashes removed.

    Conservative on purpose: ``ADXRS290BBGZ-RL`` and ``adxrs290bbgz`` match, but ``LM317T`` and ``LM317`` do
    not (a letter without a separator may name the package, the grade or the temperature range).
    """

    def one_each(distinct: pd.Series) -> pd.Series:
        text = distinct.astype("string").str.strip().str.upper()
        text = text.str.replace(_PACKAGING, "", regex=True).str.replace(_SPACES_AND_DASHES, "", regex=True)
        return text.where(text.str.len() > 0)

    return per_distinct(part_numbers, one_each)


def _company_names(*frames: pd.DataFrame) -> list[pd.Series]:
    """The company of each part as a reader knows it: the resolved company as the manufacturer table writes it,
    else the brand as written in the findings (its most frequent spelling among the rows sharing its key).

    Compared by key (:func:`analysis.aggregate.company_keys`), so ``Company CH-01`` and ``COMPANY CH01`` are one
    company, named once.
    """
    keys = [company_keys(data) for data in frames]
    spelt = pd.DataFrame(
        {
            "key": pd.concat(keys, ignore_index=True),
            "company": pd.concat([data["company"] for data in frames], ignore_index=True).astype("string"),
            "written": pd.concat([data["manufacturer"] for data in frames], ignore_index=True)
            .astype("string")
            .str.strip(),
        }
    )
    spelt = spelt[spelt["company"].isna() & spelt["key"].notna()]
    counts = spelt.groupby(["key", "written"], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values(["n", "written"], ascending=[False, True], kind="stable")
    names = counts.drop_duplicates("key").set_index("key")["written"]
    return [key.map(names).fillna(key) for key in keys]


@dataclass(frozen=True)
class Overlap:
    """What two sets of names share, with the Jaccard index (shared / all distinct names, 0 when both empty)."""

    shared: list[str]
    only_new: list[str]
    only_reference: list[str]

    @classmethod
    def of(cls, new: pd.Series, reference: pd.Series) -> Overlap:
        a, b = set(new.dropna()), set(reference.dropna())
        return cls(sorted(a & b), sorted(a - b), sorted(b - a))

    @property
    def jaccard(self) -> float:
        total = len(self.shared) + len(self.only_new) + len(self.only_reference)
        return len(self.shared) / total if total else 0.0

    def to_dict(self) -> dict:
        return {
            "shared": self.shared,
            "only_new": self.only_new,
            "only_reference": self.only_reference,
            "jaccard": self.jaccard,
        }


@dataclass(frozen=True, eq=False)
class ChiSquareTest(Record):
    """Whether the two origin distributions differ: chi-square, with a permutation p-value when counts are small."""

    name: str
    statistic: float | None
    p_value: float | None
    #: Degrees of freedom: the number of origins less one.
    dof: int | None
    #: How the p-value was found, or why there is no test.
    note: str


@dataclass(frozen=True, eq=False)
class Difference(Record):
    """New minus pooled reference share of dated parts made after the day, with its Newcombe interval."""

    reference_share: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, eq=False)
class ListedDifference(Record):
    """The share of parts on any tier of the Common High Priority List on each side (over the parts of known HS
    code), and new minus reference with its Newcombe interval."""

    new_share: float | None
    reference_share: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass
class Comparison:
    """A new finding against its references; see :func:`compare`. ``to_dict()`` is the ``--json`` object."""

    new: pd.DataFrame
    reference: pd.DataFrame
    counts: pd.DataFrame
    shares: pd.DataFrame
    test: ChiSquareTest
    overlap: dict[str, Overlap]
    dates: pd.DataFrame
    made_after_difference: Difference
    most_similar: pd.DataFrame
    #: Tiers of the Common High Priority List side by side, as ``shares`` (over parts of known HS code).
    tiers: pd.DataFrame | None = None
    #: The share of parts on any tier on both sides, and the difference with its Newcombe interval.
    chpl_listed: ListedDifference | None = None
    by: str | Mapping[str, str] = "hq_country"
    basis: str = "brand"
    after: str = SANCTIONS_DAY
    metadata: dict[str, dict] = field(default_factory=dict)
    #: The confidence of every interval of the comparison, as its labels say (e.g. "90 %").
    confidence: float = 0.95

    @property
    def new_id(self) -> str:
        return str(self.counts["finding_id"].iloc[0])

    @property
    def reference_ids(self) -> list[str]:
        return [str(f) for f in self.counts.loc[self.counts["role"] == "reference", "finding_id"]]

    @property
    def reference_label(self) -> str:
        return reference_label(self.reference_ids)

    def year_shares(self) -> pd.DataFrame:
        """Dated parts per year and their share (:func:`analysis.aggregate.year_shares`): the new finding under its
        id, the references pooled under :attr:`reference_label`; the tidy frame of the year comparison chart."""
        years = [self.new["manufactured_year"], self.reference["manufactured_year"]]
        sides = [self.new_id, self.reference_label]
        return year_shares(pd.DataFrame({"finding_id": np.repeat(sides, [len(y) for y in years]),
                                         "manufactured_year": pd.concat(years, ignore_index=True)}))  # fmt: skip

    @property
    def confidence_label(self) -> str:
        """The confidence as the labels write it: ``95 %``."""
        return f"{100 * self.confidence:g} %"

    @property
    def has_unknowns(self) -> bool:
        """Whether either side has parts of unknown origin, so the all-parts ranges differ from the shares."""
        return bool(self.counts["unknown_origin"].sum())

    @property
    def unknown_fraction(self) -> float:
        """The larger of the two sides' fractions of parts of unknown origin (references pooled)."""
        new, ref = self.counts.iloc[0], self.counts.iloc[1:]
        fractions = [new["unknown_origin"] / new["components"], ref["unknown_origin"].sum() / ref["components"].sum()]
        return float(max(fractions))

    @property
    def plot(self) -> ComparisonPlots:
        return ComparisonPlots(self)

    def to_dict(self) -> dict:
        """The whole comparison as JSON-ready values."""
        counts = [_plain(row) for row in self.counts.to_dict("records")]
        return {
            "basis": self.basis,
            "by": dict(self.by) if isinstance(self.by, Mapping) else self.by,
            "new": counts[0],
            "references": counts[1:],
            "shares": [_plain(row) for row in self.shares.to_dict("records")],
            "test": self.test.to_dict(),
            "overlap": {name: overlap.to_dict() for name, overlap in self.overlap.items()},
            "dates": {
                "after": self.after,
                "findings": [_plain(row) for row in self.dates.to_dict("records")],
                "made_after_difference": self.made_after_difference.to_dict(),
            },
            "most_similar": [_plain(row) for row in self.most_similar.to_dict("records")],
            "chpl_tiers": [] if self.tiers is None else [_plain(row) for row in self.tiers.to_dict("records")],
            "chpl_listed": None if self.chpl_listed is None else self.chpl_listed.to_dict(),
        }

    def to_json(self, **options) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, allow_nan=False, **options)

    def lines(self) -> list[str]:
        """The comparison as short sentences, largest differences first: what ``origins compare`` prints
        (:func:`analysis.prose.comparison_lines`)."""
        return comparison_lines(self)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return (
            f"<Comparison {self.new_id} vs {self.reference_label}: {len(self.shares)} origins, "
            f"{self.test['name']} p = {number(self.test['p_value'])}, "
            f"{len(self.overlap['part_numbers'].shared)} shared part numbers>"
        )

    def _repr_html_(self) -> str:
        from .templating import render

        return render("comparison_repr.html.j2", c=self)


class ComparisonPlots:
    """``Comparison.plot.shares()`` and ``.years()``: the charts of a comparison (see :mod:`analysis.plots`), each
    drawn from the comparison's tidy frames; options and matplotlib keywords as for the function."""

    def __init__(self, comparison: Comparison) -> None:
        self._comparison = comparison

    def shares(self, **options):
        from .plots import plot_share_comparison

        c = self._comparison
        return plot_share_comparison(c.shares, c.counts, basis=c.basis, confidence=c.confidence, **options)

    def years(self, **options):
        from .plots import plot_year_comparison

        c = self._comparison
        return plot_year_comparison(c.year_shares(), c.dates, after=c.after, **options)


def _plain(row: dict) -> dict:
    """JSON-ready values: numpy numbers as Python ones, NaN/NaT as None, days as ISO text."""
    plain = {}
    for key, value in row.items():
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif value is pd.NaT or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            value = None
        elif isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, np.floating):
            value = float(value)
        plain[key] = value
    return plain


def _frames(source: Frames) -> list[tuple[pd.DataFrame, dict]]:
    """One (rows, metadata) per finding, whether given as Findings, frames, or a frame of several findings."""
    items = [source] if isinstance(source, pd.DataFrame | Finding) else list(source)
    frames = []
    for item in items:
        if isinstance(item, Finding):
            frames.append((item.data, {"title": item.finding_id} | {k: v for k, v in item.metadata.items() if v}))
            continue
        for finding_id, rows in item.groupby("finding_id", sort=True, observed=True):
            frames.append((rows, {"title": str(finding_id)}))
    if not frames:
        raise ValueError("nothing to compare: no finding given")
    return frames


def _counts(data: pd.DataFrame, role: str, by, basis: str) -> dict:
    known = int(origin_keys(data, by=by, basis=basis).notna().sum())
    dated = int(data["manufactured_year"].notna().sum())
    return {
        "finding_id": str(data["finding_id"].iloc[0]),
        "role": role,
        "components": len(data),
        "known_origin": known,
        "unknown_origin": len(data) - known,
        "dated": dated,
        "undated": len(data) - dated,
    }


def _side_by_side(new: pd.DataFrame, reference: pd.DataFrame, by, basis: str, confidence: float) -> pd.DataFrame:
    """Counts and shares of each origin on both sides, with each side's Wilson and the difference's Newcombe.

    Each side's bounds (its share of all parts if no unknown part, or every one, were of the origin) and the
    range of the difference they allow come beside them.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    counts = pd.DataFrame(
        {
            "new_count": origin_keys(new, by=by, basis=basis).value_counts(),
            "ref_count": origin_keys(reference, by=by, basis=basis).value_counts(),
        }
    ).fillna(0)
    counts = counts.astype("int64").rename_axis("key").reset_index()
    n_new, n_ref = counts["new_count"].sum(), counts["ref_count"].sum()
    table = counts.assign(
        new_share=counts["new_count"] / n_new if n_new else np.nan,
        ref_share=counts["ref_count"] / n_ref if n_ref else np.nan,
    )
    table["difference"] = table["new_share"] - table["ref_share"]
    table["ci_low"] = table["ci_high"] = np.nan
    if n_new and n_ref and len(table):
        low, high = confint_proportions_2indep(
            table["new_count"].to_numpy(float),
            float(n_new),
            table["ref_count"].to_numpy(float),
            float(n_ref),
            method="newcomb",
            compare="diff",
            alpha=1 - confidence,
        )
        table["ci_low"], table["ci_high"] = np.broadcast_to(low, len(table)), np.broadcast_to(high, len(table))
    for side, known in (("new", n_new), ("ref", n_ref)):
        interval = wilson_interval(table[f"{side}_count"], pd.Series(known, table.index), confidence)
        table[f"{side}_ci_low"], table[f"{side}_ci_high"] = interval
    for side, rows, known in (("new", new, n_new), ("ref", reference, n_ref)):
        parts, count = len(rows), table[f"{side}_count"]
        table[f"{side}_bound_low"] = count / parts if parts else np.nan
        table[f"{side}_bound_high"] = (count + parts - known) / parts if parts else np.nan
    # The difference of shares of all parts, whatever the unknown parts on either side turn out to be.
    table["difference_low"] = table["new_bound_low"] - table["ref_bound_high"]
    table["difference_high"] = table["new_bound_high"] - table["ref_bound_low"]
    order = (table["new_share"].fillna(0) + table["ref_share"].fillna(0)).sort_values(ascending=False, kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def _test(shares: pd.DataFrame) -> ChiSquareTest:
    """Chi-square test of one origin distribution for both findings; permutations when counts are small."""
    from scipy import stats

    table = shares[["new_count", "ref_count"]].to_numpy().T
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        why = "fewer than two origins, or a side with no part of known origin"
        return ChiSquareTest("no test", statistic=None, p_value=None, dof=None, note=why)
    if stats.contingency.expected_freq(table).min() < SMALL_EXPECTED:
        method = stats.PermutationMethod(n_resamples=PERMUTATIONS, rng=np.random.default_rng(SEED))
        result = stats.chi2_contingency(table, correction=False, method=method)
        name = "chi-square with permutation p-value"
        note = f"an expected count is under {SMALL_EXPECTED}: p-value from {PERMUTATIONS:,} seeded permutations"
    else:
        result = stats.chi2_contingency(table, correction=False)
        name, note = "chi-square test of independence", "p-value from the chi-square distribution"
    return ChiSquareTest(name, float(result.statistic), float(result.pvalue), table.shape[1] - 1, note)


def _made_after(data: pd.DataFrame, after: pd.Timestamp) -> pd.Series:
    """Dated parts whose whole possible span lies after ``after`` (a conservative count)."""
    first = pd.to_datetime(data["manufactured_first_day"])
    return first.notna() & first.gt(after)


def _dates(frames: list[pd.DataFrame], after: pd.Timestamp, confidence: float) -> pd.DataFrame:
    rows = []
    for data in frames:
        latest = assembled_not_before(data).iloc[0]
        dated = int(data["manufactured_year"].notna().sum())
        listed = _listed(data) & data["manufactured_year"].notna()
        rows.append(
            {
                "finding_id": str(data["finding_id"].iloc[0]),
                "assembled_not_before": latest["date"],
                "set_by": None if pd.isna(latest["date"]) else str(latest["component_id"]),
                "median_year": float(data["manufactured_year"].dropna().astype(float).median()) if dated else np.nan,
                "dated": dated,
                "made_after": int(_made_after(data, after).sum()),
                "chpl_dated": int(listed.sum()),
                "chpl_made_after": int((_made_after(data, after) & listed).sum()),
            }
        )
    table = pd.DataFrame(rows)
    table["made_after_share"] = table["made_after"] / table["dated"].where(table["dated"] > 0)
    table["ci_low"], table["ci_high"] = wilson_interval(table["made_after"], table["dated"], confidence)
    # The same for the dated parts on a tier of the Common High Priority List: what export controls should
    # have stopped, made after the day.
    table["chpl_made_after_share"] = table["chpl_made_after"] / table["chpl_dated"].where(table["chpl_dated"] > 0)
    table["chpl_ci_low"], table["chpl_ci_high"] = wilson_interval(
        table["chpl_made_after"], table["chpl_dated"], confidence
    )
    listed = [name for name in table.columns if name.startswith("chpl_")]
    return table[[name for name in table.columns if name not in listed] + listed]  # the earlier figures first


def _difference(dates: pd.DataFrame, confidence: float) -> Difference:
    """New minus pooled reference share of dated parts made after the day, with its Newcombe interval.

    Counted from the table of :func:`_dates`, whose first row is the new finding and the others the references.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    a, n = (int(v) for v in dates.loc[0, ["made_after", "dated"]])
    b, m = (int(v) for v in dates.loc[1:, ["made_after", "dated"]].sum())
    if not (n and m):
        return Difference(b / m if m else None, None, None, None)
    low, high = confint_proportions_2indep(a, n, b, m, method="newcomb", compare="diff", alpha=1 - confidence)
    return Difference(b / m, a / n - b / m, float(low), float(high))


def _listed(data: pd.DataFrame) -> pd.Series:
    """Parts on a tier of the Common High Priority List (none when the rows were never screened)."""
    return data["chpl_tier"].notna() if "chpl_tier" in data else pd.Series(False, index=data.index)


def _tiers(
    new: pd.DataFrame, reference: pd.DataFrame, confidence: float
) -> tuple[pd.DataFrame | None, ListedDifference | None]:
    """Tiers of the Common High Priority List side by side (tier order), and the listed share on each side
    with the difference's Newcombe interval; over the parts of known HS code. None for rows never screened
    (frames made by hand, without ``hs_code`` and ``chpl_tier``)."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    if any(column not in rows for rows in (new, reference) for column in ("hs_code", "chpl_tier")):
        return None, None

    table = _side_by_side(new, reference, TIER_COLUMN, "brand", confidence)
    rank = table["key"].map({key: place for place, key in enumerate((*TIERS, NOT_LISTED))})
    table = table.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)
    listed = ~table["key"].eq(NOT_LISTED)
    a, n = int(table.loc[listed, "new_count"].sum()), int(table["new_count"].sum())
    b, m = int(table.loc[listed, "ref_count"].sum()), int(table["ref_count"].sum())
    result = {"new_share": a / n if n else None, "reference_share": b / m if m else None}
    result |= {"difference": None, "ci_low": None, "ci_high": None}
    if n and m:
        low, high = confint_proportions_2indep(a, n, b, m, method="newcomb", compare="diff", alpha=1 - confidence)
        result |= {"difference": a / n - b / m, "ci_low": float(low), "ci_high": float(high)}
    return table, ListedDifference(**result)


def _distribution(data: pd.DataFrame, by, basis: str) -> pd.Series:
    return origin_keys(data, by=by, basis=basis).value_counts(normalize=True)


def most_similar(
    new: pd.DataFrame | Finding,
    library: Frames,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
) -> pd.DataFrame:
    """The findings of ``library`` ranked by part numbers shared with ``new``, then by origin distance.

    ``origin_distance`` is the total variation distance between the two origin distributions (half the sum of
    absolute share differences over known origins): 0 for the same mix, 1 for no origin in common. Both ranks
    are given, so a finding close in origins but with no shared part is visible too.
    """
    new_rows = new.data if isinstance(new, Finding) else new
    new_parts = normalise_part_numbers(new_rows["part_number"])
    new_companies = company_keys(new_rows)
    new_mix = _distribution(new_rows, by, basis)
    rows = []
    for data, metadata in _frames(library):
        parts = Overlap.of(new_parts, normalise_part_numbers(data["part_number"]))
        companies = Overlap.of(new_companies, company_keys(data))
        mix = _distribution(data, by, basis)
        distance = new_mix.sub(mix, fill_value=0).abs().sum() / 2 if len(mix) and len(new_mix) else np.nan
        rows.append(
            {
                "finding_id": str(data["finding_id"].iloc[0]),
                "title": str(metadata["title"]),
                "shared_part_numbers": len(parts.shared),
                "part_number_jaccard": parts.jaccard,
                "shared_manufacturers": len(companies.shared),
                "manufacturer_jaccard": companies.jaccard,
                "origin_distance": float(distance),
            }
        )
    table = pd.DataFrame(rows)
    table["rank_part_numbers"] = table["part_number_jaccard"].rank(ascending=False, method="min").astype("int64")
    table["rank_origins"] = table["origin_distance"].rank(ascending=True, method="min").astype("Int64")
    return table.sort_values(
        ["part_number_jaccard", "origin_distance", "finding_id"], ascending=[False, True, True], ignore_index=True
    )


def compare(
    new: pd.DataFrame | Finding,
    reference: Frames,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
    after: str | date | pd.Timestamp = SANCTIONS_DAY,
    confidence: float = 0.95,
) -> Comparison:
    """Compare a new finding with one documented finding, or with several pooled together.

    ``new`` and each reference are a :class:`~analysis.finding.Finding` or its enriched rows (a frame holding
    several ``finding_id`` is several references). Shares are over parts of known origin on each side, so each
    side sums to one; unknown origins are counted in ``Comparison.counts``. ``after`` is the day after which a
    part counts as "made after" (default: 24 February 2022), by its earliest possible manufacture day.
    """
    if not isinstance(new, Finding) and new["finding_id"].nunique() != 1:
        raise ValueError("the new finding must be one finding; select it by finding_id")
    new_rows, new_metadata = _frames(new)[0]
    references = _frames(reference)
    new_id = str(new_rows["finding_id"].iloc[0])
    if any(str(rows["finding_id"].iloc[0]) == new_id for rows, _ in references):
        raise ValueError(f"{new_id} is both the new finding and a reference")
    pooled = pd.concat([rows for rows, _ in references], ignore_index=True)
    day = pd.Timestamp(after).normalize()
    shares = _side_by_side(new_rows, pooled, by, basis, confidence)
    counts = pd.DataFrame(
        [_counts(new_rows, "new", by, basis)] + [_counts(rows, "reference", by, basis) for rows, _ in references]
    )
    dates = _dates([new_rows] + [rows for rows, _ in references], day, confidence)
    tiers, listed = _tiers(new_rows, pooled, confidence)
    return Comparison(
        new=new_rows,
        reference=pooled,
        counts=counts,
        shares=shares,
        test=_test(shares),
        overlap={
            "manufacturers": Overlap.of(*_company_names(new_rows, pooled)),
            "part_numbers": Overlap.of(
                normalise_part_numbers(new_rows["part_number"]), normalise_part_numbers(pooled["part_number"])
            ),
        },
        dates=dates,
        made_after_difference=_difference(dates, confidence),
        most_similar=most_similar(new_rows, reference, by=by, basis=basis),
        tiers=tiers,
        chpl_listed=listed,
        by=by,
        basis=basis,
        after=day.date().isoformat(),
        metadata={new_id: new_metadata} | {str(rows["finding_id"].iloc[0]): meta for rows, meta in references},
        confidence=confidence,
    )
