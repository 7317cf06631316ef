import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from analysis import aggregate
from analysis.aggregate import (
    assembled_not_before,
    origin_shares,
    origin_year_table,
    share_made_between,
    year_counts,
)

NA = pd.NA


def enriched(rows: list[dict]) -> pd.DataFrame:
    """A small enriched frame; each row names only what it needs, the rest is unknown/undated."""
    defaults = {
        "finding_id": "a",
        "recovered_on": "2024-01-02",
        "hq_country": NA,
        "owner_country": NA,
        "un_region": NA,
        "owner_un_region": NA,
        "manufactured_year": NA,
        "manufactured_first_day": NA,
        "manufactured_last_day": NA,
        "date_code": NA,
    }
    frame = pd.DataFrame([defaults | {"component_id": f"c{i:03d}"} | row for i, row in enumerate(rows)])
    frame["manufactured_year"] = frame["manufactured_year"].astype("Int64")
    for column in ("manufactured_first_day", "manufactured_last_day"):
        frame[column] = pd.to_datetime(frame[column])
    text = ["finding_id", "component_id", "recovered_on", "hq_country", "owner_country", "un_region"]
    return frame.astype(dict.fromkeys([*text, "owner_un_region", "date_code"], "str"))


def country_rows(counts: dict, **extra) -> list[dict]:
    return [{"hq_country": code, **extra} for code, n in counts.items() for _ in range(n)]


def wilson(count: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, written out from its formula."""
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# origin_shares ------------------------------------------------------------------------------------------------


def test_shares_counts_and_order():
    data = enriched(country_rows({"DE": 2, "US": 5, "CN": 2, "JP": 1}))
    result = origin_shares(data)
    assert list(result.columns) == [
        "finding_id", "key", "count", "share", "ci_low", "ci_high", "bound_low", "bound_high"
    ]  # fmt: skip
    assert list(result["key"]) == ["US", "CN", "DE", "JP"]  # count descending, then key
    assert list(result["count"]) == [5, 2, 2, 1]
    assert result["share"].tolist() == pytest.approx([0.5, 0.2, 0.2, 0.1])


def test_wilson_bounds_match_the_formula():
    data = enriched(country_rows({"US": 3, "DE": 7}))
    row = origin_shares(data).set_index("key").loc["US"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.1078, 0.6032), abs=5e-5)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(3, 10))


def test_wilson_bounds_follow_confidence():
    data = enriched(country_rows({"US": 3, "DE": 7}))
    row = origin_shares(data, confidence=0.9).set_index("key").loc["US"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(3, 10, z=1.6448536269514722))


def test_unknowns_are_out_of_the_denominator_and_reported():
    data = enriched(country_rows({"US": 3, "DE": 1}) + [{}] * 4)
    result = origin_shares(data)
    assert result["share"].tolist() == pytest.approx([0.75, 0.25])
    assert result["key"].notna().all()
    assert result.attrs["unknown"] == {"a": 4}
    assert result.attrs["known"] == {"a": 4}
    assert result.attrs["basis"] == "brand"
    assert result.attrs["by"] == "hq_country"


def test_owner_basis_counts_the_owner_country():
    # A Dutch brand owned by a Chinese company when made, and a brand whose owner is unknown.
    data = enriched(
        [
            {"hq_country": "NL", "owner_country": "CN"},
            {"hq_country": "NL", "owner_country": "NL"},
            {"hq_country": "US", "owner_country": NA},
        ]
    )
    brand = origin_shares(data, basis="brand").set_index("key")["count"].to_dict()
    owner = origin_shares(data, basis="owner")
    assert brand == {"NL": 2, "US": 1}
    assert owner.set_index("key")["count"].to_dict() == {"CN": 1, "NL": 1}
    assert owner.attrs["unknown"] == {"a": 1}
    assert owner.attrs["basis"] == "owner"


def test_region_by_follows_the_basis():
    data = enriched(
        [
            {"un_region": "Europe", "owner_un_region": "Asia"},
            {"un_region": "Europe", "owner_un_region": "Europe"},
            {"un_region": "Americas", "owner_un_region": "Americas"},
        ]
    )
    assert origin_shares(data, by="un_region").set_index("key")["count"].to_dict() == {"Europe": 2, "Americas": 1}
    owner = origin_shares(data, by="un_region", basis="owner").set_index("key")["count"].to_dict()
    assert owner == {"Americas": 1, "Asia": 1, "Europe": 1}


def test_mapping_groups_codes_and_keeps_the_rest():
    data = enriched(country_rows({"DE": 3, "NL": 1, "US": 4, "SG": 2}) + [{}])
    result = origin_shares(data, by={"DE": "Europe", "NL": "Europe"})
    assert result.set_index("key")["count"].to_dict() == {"Europe": 4, "US": 4, "SG": 2}
    assert list(result["key"]) == ["Europe", "US", "SG"]
    assert result.attrs["by"] == {"DE": "Europe", "NL": "Europe"}
    assert result.attrs["unknown"] == {"a": 1}


def test_mapping_on_owner_basis_maps_owner_country():
    data = enriched([{"hq_country": "NL", "owner_country": "CN"}, {"hq_country": "DE", "owner_country": "DE"}])
    result = origin_shares(data, by={"DE": "Europe", "NL": "Europe"}, basis="owner")
    assert result.set_index("key")["count"].to_dict() == {"CN": 1, "Europe": 1}


def test_two_findings_are_grouped_separately():
    data = pd.concat(
        [
            enriched(country_rows({"US": 3, "DE": 1}, finding_id="b") + [{"finding_id": "b"}]),
            enriched(country_rows({"DE": 1, "JP": 1}, finding_id="a")),
        ],
        ignore_index=True,
    )
    result = origin_shares(data)
    assert list(result["finding_id"]) == ["a", "a", "b", "b"]
    by_finding = result.groupby("finding_id")["share"].sum()
    assert by_finding.tolist() == pytest.approx([1.0, 1.0])
    assert result.set_index(["finding_id", "key"]).loc[("b", "US"), "share"] == pytest.approx(0.75)
    assert result.attrs["unknown"] == {"a": 0, "b": 1}
    assert result.attrs["known"] == {"a": 2, "b": 4}


def test_a_finding_with_no_known_origin_is_still_reported():
    data = enriched([{"finding_id": "x"}, {"finding_id": "y", "hq_country": "US"}])
    result = origin_shares(data)
    assert list(result["finding_id"]) == ["y"]
    assert result.attrs["unknown"] == {"x": 1, "y": 0}
    assert result.attrs["known"] == {"x": 0, "y": 1}


@pytest.mark.parametrize("options", [{"basis": "maker"}, {"by": "no_such_column"}, {"confidence": 95}])
def test_bad_options_raise(options):
    with pytest.raises(ValueError):
        origin_shares(enriched(country_rows({"US": 1})), **options)


# year_counts --------------------------------------------------------------------------------------------------


def test_year_counts_fill_gaps_and_count_undated():
    data = enriched(
        [{"manufactured_year": y} for y in (2018, 2021, 2021, 2022)]
        + [{}] * 3
        + [{"finding_id": "b", "manufactured_year": 2020}, {"finding_id": "b"}]
    )
    result = year_counts(data)
    assert list(result.columns) == ["finding_id", "year", "count"]
    a = result[result["finding_id"] == "a"]
    assert a["year"].tolist() == [2018, 2019, 2020, 2021, 2022]
    assert a["count"].tolist() == [1, 0, 0, 2, 1]
    assert result[result["finding_id"] == "b"][["year", "count"]].values.tolist() == [[2020, 1]]
    assert result.attrs["undated"] == {"a": 3, "b": 1}


def test_year_counts_with_nothing_dated():
    result = year_counts(enriched([{}, {}]))
    assert result.empty
    assert result.attrs["undated"] == {"a": 2}


# share_made_between -------------------------------------------------------------------------------------------


def span(first: str, last: str, **extra) -> dict:
    return {"manufactured_first_day": first, "manufactured_last_day": last, **extra}


def test_share_made_between_counts_whole_spans_only():
    data = enriched(
        [
            span("2021-01-01", "2021-01-07"),  # inside, on the first day
            span("2023-12-25", "2023-12-31"),  # inside, on the last day
            span("2022-01-01", "2022-12-31"),  # a whole year, inside
            span("2020-12-28", "2021-01-03"),  # ISO week 53 of 2020: straddles the start, not counted
            span("2023-12-30", "2024-01-05"),  # straddles the end, not counted
            span("2019-05-06", "2019-05-12"),  # before
            {},  # undated: out of the denominator
        ]
    )
    result = share_made_between(data, 2021, 2023)
    row = result.iloc[0]
    assert list(result.columns) == ["finding_id", "count", "ambiguous", "dated", "share", "ci_low", "ci_high"]
    assert (row["count"], row["dated"]) == (3, 6)
    assert row["share"] == pytest.approx(0.5)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(3, 6))
    assert result.attrs["undated"] == {"a": 1}
    assert (result.attrs["start"], result.attrs["end"]) == ("2021-01-01", "2023-12-31")


def test_share_made_between_takes_dates():
    data = enriched([span("2021-03-01", "2021-03-07"), span("2021-03-08", "2021-03-14")])
    assert share_made_between(data, "2021-03-01", "2021-03-07")["count"].tolist() == [1]
    assert share_made_between(data, pd.Timestamp("2021-03-02"), "2021-12-31")["count"].tolist() == [1]


def test_share_made_between_with_nothing_dated_gives_nan():
    data = enriched([{"finding_id": "x"}, span("2021-03-01", "2021-03-07", finding_id="y")])
    result = share_made_between(data, 2021, 2021).set_index("finding_id")
    assert result.loc["x", "dated"] == 0
    assert np.isnan(result.loc["x", "share"]) and np.isnan(result.loc["x", "ci_low"])
    assert result.loc["y", "share"] == 1.0


def test_share_made_between_takes_one_window_per_finding():
    data = enriched(
        [
            span("2021-03-01", "2021-03-07", finding_id="x"),
            span("2021-03-01", "2021-03-07", finding_id="y"),
            span("2023-03-01", "2023-03-07", finding_id="y"),
        ]
    )
    result = share_made_between(data, {"x": 2021, "y": 2022}, {"x": 2021, "y": 2023}).set_index("finding_id")
    assert result["count"].to_dict() == {"x": 1, "y": 1}
    assert result.attrs["start"] == {"x": "2021-01-01", "y": "2022-01-01"}


def test_share_made_between_rejects_reversed_window():
    with pytest.raises(ValueError, match="after"):
        share_made_between(enriched([{}]), 2023, 2021)


# origin_year_table --------------------------------------------------------------------------------------------


def test_origin_year_table_is_tidy_and_reports_exclusions():
    data = enriched(
        [
            {"hq_country": "US", "manufactured_year": 2021},
            {"hq_country": "US", "manufactured_year": 2021},
            {"hq_country": "US", "manufactured_year": 2022},
            {"hq_country": "DE", "owner_country": "DE", "manufactured_year": 2022},
            {"hq_country": "DE"},  # undated
            {"manufactured_year": 2020},  # unknown origin
        ]
    )
    result = origin_year_table(data)
    assert list(result.columns) == ["finding_id", "key", "year", "count"]
    assert result[["key", "year", "count"]].values.tolist() == [["DE", 2022, 1], ["US", 2021, 2], ["US", 2022, 1]]
    assert result.attrs["excluded"] == {"a": 2}
    owner = origin_year_table(data, basis="owner")
    assert owner[["key", "year", "count"]].values.tolist() == [["DE", 2022, 1]]
    assert owner.attrs["excluded"] == {"a": 5}


# assembled_not_before -----------------------------------------------------------------------------------------


def test_assembled_not_before_names_the_part_and_the_runner_up():
    data = enriched(
        [
            span("2022-05-02", "2022-05-08", component_id="K-1", date_code="2218"),
            span("2023-03-13", "2023-03-19", component_id="K-2", date_code="2311"),
            span("2022-11-07", "2022-11-13", component_id="K-3", date_code="2245"),
            {"component_id": "K-4"},
        ]
    )
    row = assembled_not_before(data).iloc[0]
    assert row["date"] == pd.Timestamp("2023-03-13")
    assert (row["component_id"], row["date_code"]) == ("K-2", "2311")
    assert row["second_date"] == pd.Timestamp("2022-11-07")
    assert row["second_component_id"] == "K-3"


def test_assembled_not_before_ties_go_to_the_first_part():
    data = enriched(
        [
            span("2021-01-04", "2021-01-10", component_id="K-9", date_code="2101"),
            span("2023-03-13", "2023-03-19", component_id="K-5", date_code="2311"),
            span("2023-03-13", "2023-03-19", component_id="K-2", date_code="2311A"),
        ]
    )
    row = assembled_not_before(data).iloc[0]
    assert (row["component_id"], row["date_code"]) == ("K-5", "2311")
    assert (row["second_date"], row["second_component_id"]) == (pd.Timestamp("2023-03-13"), "K-2")


def test_assembled_not_before_per_finding():
    data = enriched(
        [
            span("2020-01-06", "2020-01-12", finding_id="b", component_id="B-1", date_code="2002"),
            span("2019-01-07", "2019-01-13", finding_id="a", component_id="A-1", date_code="1902"),
            span("2018-01-01", "2018-01-07", finding_id="a", component_id="A-2", date_code="1801"),
            {"finding_id": "c"},
        ]
    )
    result = assembled_not_before(data).set_index("finding_id")
    assert list(result.columns) == ["date", "component_id", "date_code", "second_date", "second_component_id"]
    assert result.loc["a", "component_id"] == "A-1"
    assert result.loc["a", "second_component_id"] == "A-2"
    assert result.loc["b", "date"] == pd.Timestamp("2020-01-06")
    assert pd.isna(result.loc["b", "second_date"])
    assert pd.isna(result.loc["c", "date"])


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=20),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))  # fmt: skip
def test_wilson_closed_form_equals_statsmodels(pairs, confidence):
    """The interval is written out (statsmodels costs seconds to import); it must stay statsmodels' interval."""
    count = np.array([min(a, b) for a, b in pairs], dtype=float)
    nobs = np.array([max(a, b) for a, b in pairs], dtype=float)
    low, high = aggregate.wilson_interval(pd.Series(count), pd.Series(nobs), confidence)
    ok = nobs > 0
    expected_low, expected_high = proportion_confint(count[ok], nobs[ok], alpha=1 - confidence, method="wilson")
    np.testing.assert_allclose(low[ok], expected_low, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(high[ok], expected_high, rtol=1e-9, atol=1e-12)
    assert np.isnan(low[~ok]).all() and np.isnan(high[~ok]).all()


@pytest.mark.parametrize(("count", "nobs"), [(0, 5), (3, 10), (5, 5), (222, 294), (1, 1_000_000)])
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_wilson_interval_of_one_proportion_is_statsmodels(count, nobs, confidence):
    """The one Wilson interval of the package, for a single count as plots use it and for arrays as tables do."""
    expected = proportion_confint(count, nobs, alpha=1 - confidence, method="wilson")
    low, high = aggregate.wilson_interval(count, nobs, confidence)
    assert (float(low), float(high)) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    arrays = aggregate.wilson_interval(np.array([count, 0]), np.array([nobs, 0]), confidence)
    assert [arrays[0][0], arrays[1][0]] == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert np.isnan(arrays[0][1]) and np.isnan(arrays[1][1])


def test_company_keys_keep_an_unresolved_brand_apart_from_a_company_of_the_same_spelling():
    data = pd.DataFrame(
        {
            "company": ["onsemi", None, None, None, None],
            "manufacturer": ["ON Semiconductor", "onsemi (Fairchild)", "ONSEMI", "Company CH-01", None],
        }
    ).astype("string")
    keys = aggregate.company_keys(data)
    assert keys.iloc[0] == "onsemi" and keys.iloc[2] == "brand:onsemi"
    assert keys.iloc[3] == "brand:companych01"
    assert pd.isna(keys.iloc[4])


def test_iso_day_takes_any_day_and_missing_ones():
    assert aggregate.iso_day(pd.Timestamp("2023-03-13 00:00")) == "2023-03-13"
    assert aggregate.iso_day("2023-03-13") == "2023-03-13"
    assert aggregate.iso_day(None) is None and aggregate.iso_day(pd.NaT) is None
