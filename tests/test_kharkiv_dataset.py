"""The Kharkiv reconstruction holds every figure CAR published, and its generator reproduces it."""

import importlib.util

import pandas as pd
import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def kharkiv():
    return pd.read_csv(ROOT / "datasets/findings/car-kharkiv-2024-01-02.csv", dtype=str, keep_default_na=False)


def test_counts_and_shares_match_the_published_figures(kharkiv):
    assert len(kharkiv) == 294
    assert kharkiv["manufacturer"].nunique() == 26
    countries = kharkiv["hq_country"].value_counts()
    assert set(countries.index) == {"US", "DE", "JP", "NL", "CH", "CN", "SG", "TW"}
    share = (countries / len(kharkiv) * 100).round(1)
    assert (share["US"], share["DE"], share["JP"]) == (75.5, 11.9, 3.1)
    europe = countries[["DE", "NL", "CH"]].sum()
    assert europe == 48 and round(europe / 294 * 100, 1) == 16.3
    assert countries[["JP", "CN", "SG", "TW"]].sum() == 24
    assert (kharkiv["subsystem"] == "navigation").mean() > 0.5


def test_half_dated_and_latest_code_in_march_2023(kharkiv):
    codes = kharkiv["date_code"][kharkiv["date_code"] != ""]
    assert len(codes) == 147
    year = codes.str.extract(r"^(?:20)?(\d\d)(?=-?\d\d)")[0].astype(int) + 2000
    assert year.between(2021, 2023).sum() >= 111
    assert "2311" in set(codes)


def test_generator_reproduces_the_file(kharkiv):
    spec = importlib.util.spec_from_file_location("make_kharkiv", ROOT / "datasets/scripts/make_kharkiv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build().fillna("").astype(str)
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), kharkiv, check_dtype=False)
