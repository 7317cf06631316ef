"""Comparing a new finding with documented ones: statistics pinned to hand computations and the libraries."""

import importlib.util
import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import KHARKIV, ROOT
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analysis import compare, load_finding, most_similar
from analysis.cli import main
from analysis.comparison import Overlap, normalise_part_numbers

NEW = ROOT / "datasets/findings/synthetic-new-finding-2025.csv"


def finding(finding_id, countries, *, years=None, parts=None, companies=None):
    """A minimal enriched frame: one row per country given (None = unknown origin)."""
    n = len(countries)
    years = list(years) if years is not None else [None] * n
    first = [pd.Timestamp(f"{y}-06-01") if y else pd.NaT for y in years]
    return pd.DataFrame(
        {
            "finding_id": finding_id,
            "component_id": [f"{finding_id}-{i}" for i in range(n)],
            "hq_country": pd.array(countries, dtype="str"),
            "owner_country": pd.array(countries, dtype="str"),
            "manufacturer": pd.array(companies or [f"Brand {c}" for c in countries], dtype="str"),
            "company": pd.array(companies or [None] * n, dtype="str"),
            "part_number": pd.array(parts or [None] * n, dtype="str"),
            "manufactured_year": pd.array(years, dtype="Int64"),
            "manufactured_first_day": pd.Series(first, dtype="datetime64[ns]"),
            "manufactured_last_day": pd.Series(first, dtype="datetime64[ns]"),
            "date_code": pd.array([str(y) if y else None for y in years], dtype="str"),
        }
    )


@pytest.fixture(scope="module")
def bundled():
    return load_finding(NEW), load_finding(KHARKIV)


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("adxrs290bbgz-rl", "ADXRS290BBGZ"),
        (" STM32F405RGT6/TR ", "STM32F405RGT6"),
        ("LT1763CS8-5#TRPBF", "LT1763CS85"),
        ("MAX3232CSE+T", "MAX3232CSE"),
        ("AD8605ARTZ-REEL7", "AD8605ARTZ"),
        ("US04 MIC5062", "US04MIC5062"),
        ("LM317T", "LM317T"),  # a package letter without a separator stays
        ("TR", "TR"),
        ("", None),
    ],
)
def test_part_numbers_are_normalised_conservatively(written, compared):
    result = normalise_part_numbers(pd.Series([written])).iloc[0]
    assert (pd.isna(result) and compared is None) or result == compared


def test_overlap_and_jaccard():
    overlap = Overlap.of(pd.Series(["A", "B", "C", None]), pd.Series(["B", "C", "D", "D"]))
    assert (overlap.shared, overlap.only_new, overlap.only_reference) == (["B", "C"], ["A"], ["D"])
    assert overlap.jaccard == pytest.approx(2 / 4)
    assert Overlap.of(pd.Series([], dtype="str"), pd.Series([], dtype="str")).jaccard == 0.0


def test_companies_are_named_as_written_and_compared_by_key():
    new = finding("new", ["CH", "CH", "US", "DE"], companies=["COMPANY CH-01", "Company CH-01", "Company US-01", None])
    new["company"] = pd.array([None, None, None, "Infineon Technologies"], dtype="str")
    reference = finding("ref", ["CH", "DE"], companies=["Company CH-01", "Infineon"])
    reference["company"] = pd.array([None, "Infineon Technologies"], dtype="str")
    overlap = compare(new, reference).overlap["manufacturers"]
    assert overlap.shared == ["Company CH-01", "Infineon Technologies"]
    assert overlap.only_new == ["Company US-01"]


def test_the_bundled_comparison_page_names_companies_as_the_files_write_them(bundled, tmp_path):
    from analysis.report import write_comparison

    new, kharkiv = bundled
    page = write_comparison(new.compare(kharkiv), tmp_path).read_text()
    assert "Company CH-01" in page and "companych01" not in page


def test_shares_and_newcombe_interval_match_the_hand_formula():
    new = finding("new", ["US"] * 80 + ["CN"] * 20 + [None] * 7)
    ref = finding("ref", ["US"] * 50 + ["CN"] * 50)
    result = compare(new, ref)
    shares = result.shares.set_index("key")
    assert shares.loc["US", "new_share"] == pytest.approx(0.8)
    assert shares.loc["US", "ref_share"] == pytest.approx(0.5)
    assert shares.loc["US", "difference"] == pytest.approx(0.3)
    # Newcombe's hybrid score interval from the two Wilson intervals
    l1, u1 = proportion_confint(80, 100, method="wilson")
    l2, u2 = proportion_confint(50, 100, method="wilson")
    assert shares.loc["US", "ci_low"] == pytest.approx(0.3 - math.sqrt((0.8 - l1) ** 2 + (u2 - 0.5) ** 2))
    assert shares.loc["US", "ci_high"] == pytest.approx(0.3 + math.sqrt((u1 - 0.8) ** 2 + (0.5 - l2) ** 2))
    assert shares["new_share"].sum() == pytest.approx(1) and shares["ref_share"].sum() == pytest.approx(1)
    counts = result.counts.set_index("finding_id")
    assert counts.loc["new", "unknown_origin"] == 7 and counts.loc["new", "known_origin"] == 100


def test_chi_square_matches_the_hand_computation_for_large_counts():
    result = compare(finding("new", ["US"] * 80 + ["CN"] * 20), finding("ref", ["US"] * 50 + ["CN"] * 50))
    observed = np.array([[80, 20], [50, 50]])
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    statistic = ((observed - expected) ** 2 / expected).sum()
    assert result.test["name"] == "chi-square test of independence"
    assert result.test["statistic"] == pytest.approx(statistic)
    assert result.test["p_value"] == pytest.approx(stats.chi2.sf(statistic, 1))
    assert result.test["dof"] == 1


def test_small_counts_use_a_permutation_p_value():
    new = finding("new", ["US"] * 6 + ["CN"] * 1 + ["TW"])
    ref = finding("ref", ["US"] * 2 + ["CN"] * 5)
    result = compare(new, ref)
    assert result.test["name"] == "chi-square with permutation p-value"
    assert "9,999 seeded permutations" in result.test["note"]
    table = np.array([[6, 1, 1], [2, 5, 0]])
    assert result.test["statistic"] == pytest.approx(stats.chi2_contingency(table, correction=False).statistic)
    assert 0 < result.test["p_value"] <= 1
    assert compare(new, ref).test["p_value"] == result.test["p_value"]  # seeded: the same every run
    exact = stats.chi2_contingency(table, correction=False).pvalue
    assert result.test["p_value"] != pytest.approx(exact)


def test_one_origin_has_no_test():
    result = compare(finding("new", ["US", "US"]), finding("ref", ["US"]))
    assert result.test["p_value"] is None and result.test["name"] == "no test"


def test_dates_made_after_and_the_difference():
    new = finding("new", ["US"] * 10, years=[2023] * 6 + [2021] * 2 + [None] * 2)
    ref = finding("ref", ["US"] * 10, years=[2023] * 2 + [2020] * 8)
    result = compare(new, ref, after="2022-02-24")
    dates = result.dates.set_index("finding_id")
    assert dates.loc["new", "made_after"] == 6 and dates.loc["new", "dated"] == 8
    assert dates.loc["new", "made_after_share"] == pytest.approx(0.75)
    low, high = proportion_confint(6, 8, method="wilson")
    assert (dates.loc["new", "ci_low"], dates.loc["new", "ci_high"]) == pytest.approx((low, high))
    assert dates.loc["new", "median_year"] == 2023 and dates.loc["ref", "median_year"] == 2020
    assert dates.loc["new", "assembled_not_before"] == pd.Timestamp("2023-06-01")
    assert result.made_after_difference["difference"] == pytest.approx(0.75 - 0.2)
    assert result.made_after_difference["ci_low"] < 0.55 < result.made_after_difference["ci_high"]


def test_most_similar_ranks_by_part_numbers_then_origins():
    new = finding("new", ["US", "CN", "TW"], parts=["A-1", "B-2", "C-3"])
    close_parts = finding("parts", ["US", "US", "US"], parts=["a1", "B-2/TR", "Z"])
    close_mix = finding("mix", ["US", "CN", "TW"], parts=["X", "Y", "Z"])
    ranking = most_similar(new, [close_mix, close_parts])
    assert list(ranking["finding_id"]) == ["parts", "mix"]
    assert list(ranking["shared_part_numbers"]) == [2, 0]
    assert ranking.set_index("finding_id").loc["mix", "origin_distance"] == pytest.approx(0)
    assert ranking.set_index("finding_id").loc["parts", "origin_distance"] == pytest.approx(2 / 3)
    assert list(ranking["rank_origins"]) == [2, 1]


def test_several_references_are_pooled_and_listed():
    result = compare(finding("new", ["US"] * 3), [finding("a", ["US", "CN"]), finding("b", ["CN", None])])
    assert result.reference_ids == ["a", "b"]
    shares = result.shares.set_index("key")
    assert shares.loc["CN", "ref_count"] == 2 and shares.loc["CN", "ref_share"] == pytest.approx(2 / 3)
    assert list(result.most_similar["finding_id"]) != []


def test_new_finding_cannot_be_its_own_reference():
    with pytest.raises(ValueError, match="both the new finding and a reference"):
        compare(finding("new", ["US"]), finding("new", ["US"]))
    with pytest.raises(ValueError, match="must be one finding"):
        compare(pd.concat([finding("a", ["US"]), finding("b", ["US"])]), finding("c", ["US"]))


def test_bundled_comparison_shows_the_designed_differences(bundled):
    new, kharkiv = bundled
    result = new.compare(kharkiv)
    shares = result.shares.set_index("key")
    for country in ("CN", "TW"):
        assert shares.loc[country, "ci_low"] > 0
    assert shares.loc["US", "ci_high"] < 0
    assert result.test["p_value"] < 0.001
    assert len(result.overlap["part_numbers"].shared) >= 20
    dates = result.dates.set_index("finding_id")
    assert dates.loc[new.finding_id, "assembled_not_before"] > dates.loc[kharkiv.finding_id, "assembled_not_before"]
    assert result.made_after_difference["ci_low"] > 0
    assert "synthetic" in result.metadata[new.finding_id]
    text = str(result)
    assert "CN" in text and "Jaccard" in text and "assembled not before 2024-05-06" in text
    html = result._repr_html_()
    assert "<table>" in html and new.finding_id in html
    assert repr(result).startswith("<Comparison synthetic-new-finding-2025 vs car-kharkiv-2024-01-02")


def test_to_dict_has_the_documented_keys(bundled):
    new, kharkiv = bundled
    result = json.loads(new.compare(kharkiv).to_json())
    assert {"new", "references", "shares", "test", "overlap", "dates", "most_similar"} <= set(result)
    assert result["references"][0]["finding_id"] == kharkiv.finding_id
    assert result["new"]["unknown_origin"] == 3
    for row in result["shares"]:
        assert {"key", "new_share", "ref_share", "difference", "ci_low", "ci_high"} <= set(row)
    assert sum(r["new_share"] for r in result["shares"]) == pytest.approx(1)
    assert sum(r["ref_share"] for r in result["shares"]) == pytest.approx(1)
    assert set(result["test"]) >= {"name", "statistic", "p_value"}
    assert 0 <= result["test"]["p_value"] <= 1
    for name in ("manufacturers", "part_numbers"):
        overlap = result["overlap"][name]
        assert set(overlap) == {"shared", "only_new", "only_reference", "jaccard"}
        shared, only_new, only_ref = map(set, (overlap["shared"], overlap["only_new"], overlap["only_reference"]))
        assert not (shared & only_new) and not (shared & only_ref) and not (only_new & only_ref)
        assert overlap["jaccard"] == pytest.approx(len(shared) / len(shared | only_new | only_ref))
    new_parts = set(normalise_part_numbers(new.data["part_number"]).dropna())
    assert new_parts == shared | only_new  # the lists of the last overlap: part numbers


def test_cli_compare_text_json_and_report(tmp_path, capsys):
    assert main(["compare", str(NEW), "--against", str(KHARKIV)]) == 0
    out = capsys.readouterr().out
    assert "synthetic-new-finding-2025" in out and "difference" in out
    assert main(["compare", str(NEW), "--json", "--report", str(tmp_path / "cmp")]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert [r["finding_id"] for r in result["references"]] == ["car-kharkiv-2024-01-02"]
    page = (tmp_path / "cmp" / "index.html").read_text()
    assert "Origins side by side" in page and "data:image/png;base64," in page
    assert "Synthetic data." in page and "Reconstruction." in page
    assert "http://" not in page and "https://" not in page
    assert json.loads((tmp_path / "cmp" / "comparison.json").read_text())["test"] == result["test"]


def test_cli_compare_without_a_reference_is_one_clear_error(tmp_path, capsys):
    assert main(["compare", str(KHARKIV), "--against", str(KHARKIV)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no documented finding to compare car-kharkiv-2024-01-02 with")
    assert "Traceback" not in err


def test_report_with_a_library_gains_the_comparison_section(tmp_path):
    from analysis.report import write_reports

    entries = write_reports([NEW], tmp_path, formats=["html", "md"], library=[ROOT / "datasets/findings"])
    folder = tmp_path / entries[0].finding_id
    assert "Compared with the library" in (folder / "index.html").read_text()
    assert "Compared with the library" in (folder / "report.md").read_text()
    assert json.loads((folder / "comparison.json").read_text())["references"][0]["finding_id"] == KHARKIV.stem


def test_charts_of_a_comparison(bundled):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    new, kharkiv = bundled
    result = new.compare(kharkiv)
    ax = result.plot.shares()
    assert len(ax.patches) == 2 * len(result.shares)
    assert any("Newcombe" in t.get_text() for t in ax.texts)
    ax = result.plot.years()
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("2024" in label and "assembled not before" in label for label in labels)
    plt.close("all")


def test_generator_reproduces_the_synthetic_file():
    spec = importlib.util.spec_from_file_location("make_new_finding", ROOT / "datasets/scripts/make_new_finding.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build().fillna("").astype(str)
    stored = pd.read_csv(NEW, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), stored)


def test_a_new_finding_without_known_origin_or_dates_still_compares(tmp_path):
    from analysis.report import write_comparison

    result = compare(finding("new", [None, None]), finding("ref", ["US", "CN"], years=[2020, 2023]))
    assert result.test["p_value"] is None
    assert "n/a" in str(result) and "nan" not in str(result)
    assert "NaN" not in result.to_json()  # strict JSON: an unknown figure is null
    parsed = json.loads(result.to_json())
    assert parsed["dates"]["findings"][0]["made_after_share"] is None
    assert parsed["dates"]["made_after_difference"]["difference"] is None
    assert "Origins side by side" in write_comparison(result, tmp_path).read_text()


def test_a_comparison_keeps_its_confidence_and_says_it_everywhere(bundled, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.prose import comparison_headlines
    from analysis.report import write_comparison

    new, reference = bundled
    wide, narrow = compare(new, reference), compare(new, reference, confidence=0.9)
    assert (wide.confidence, narrow.confidence) == (0.95, 0.9)
    assert narrow.confidence_label == "90 %"
    assert narrow.shares["ci_high"].iloc[0] - narrow.shares["ci_low"].iloc[0] < (
        wide.shares["ci_high"].iloc[0] - wide.shares["ci_low"].iloc[0]
    )
    text = str(narrow)
    assert "90 % interval (Newcombe)" in text and "95 %" not in text
    headlines = " ".join(comparison_headlines(narrow))
    assert "90 % interval" in headlines and "95 %" not in headlines
    assert "90 %" in narrow._repr_html_() and "95 %" not in narrow._repr_html_()
    page = write_comparison(narrow, tmp_path / "narrow").read_text(encoding="utf-8")
    assert "90 % Newcombe interval" in page and "95 %" not in page
    ax = narrow.plot.shares()
    assert "90 % Wilson interval" in ax.get_xlabel()
    assert any("90 % Newcombe" in label.get_text() for label in ax.texts)
    plt.close("all")
    assert narrow.to_dict().keys() == wide.to_dict().keys()  # the JSON object keeps its shape


def test_the_test_and_the_difference_are_frozen_records(bundled):
    import dataclasses
    import pickle

    from analysis.comparison import ChiSquareTest, Difference

    result = compare(*bundled)
    assert isinstance(result.test, ChiSquareTest) and isinstance(result.made_after_difference, Difference)
    assert result.test.p_value == result.test["p_value"] and result.test.dof == 8
    assert list(result.test.to_dict()) == ["name", "statistic", "p_value", "dof", "note"]
    assert list(result.made_after_difference.to_dict()) == ["reference_share", "difference", "ci_low", "ci_high"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.test.p_value = 0.5
    with pytest.raises(TypeError, match="frozen"):
        result.made_after_difference["difference"] = 0
    assert pickle.loads(pickle.dumps(result.test)) == result.test
