"""The aggregates on another engine (Polars) give the very frames they give on pandas; Wilson as statsmodels."""

import pandas as pd
import pytest
from conftest import ROOT

from analysis import load_finding, origin_shares, year_counts
from analysis.io import finding_files

COLUMNS = ["finding_id", "hq_country", "owner_country", "un_region", "owner_un_region", "manufactured_year"]


@pytest.fixture(scope="module")
def enriched() -> pd.DataFrame:
    """Every bundled finding, enriched, in one frame (several findings, unknown origins, undated parts).

    Text as pandas' default ``str`` dtype: the one a Polars result comes back in (regions are ``string``).
    """
    data = pd.concat([load_finding(path).data for path in finding_files([ROOT / "datasets" / "findings"])])
    return data[COLUMNS].astype({"un_region": "str", "owner_un_region": "str"})


def _polars(data: pd.DataFrame):
    pl = pytest.importorskip("polars")
    return pl.from_pandas(data)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"by": "un_region"},
        {"by": "hq_country", "basis": "owner"},
        {"by": "un_region", "basis": "owner", "confidence": 0.9},
        {"by": {"US": "United States", "DE": "Europe", "NL": "Europe"}},
    ],
)
def test_origin_shares_on_polars_are_the_pandas_frame(enriched, options):
    expected = origin_shares(enriched, **options)
    for frame in (_polars(enriched), _polars(enriched).lazy()):
        result = origin_shares(frame, **options)
        pd.testing.assert_frame_equal(result, expected)
        assert result.attrs == expected.attrs


def test_year_counts_on_polars_are_the_pandas_frame(enriched):
    expected = year_counts(enriched)
    assert expected["finding_id"].nunique() > 1
    for frame in (_polars(enriched), _polars(enriched).lazy()):
        result = year_counts(frame)
        pd.testing.assert_frame_equal(result, expected)
        assert result.attrs == expected.attrs


def test_polars_frame_missing_a_column_says_which(enriched):
    with pytest.raises(ValueError, match="manufactured_year"):
        year_counts(_polars(enriched).drop("manufactured_year"))
