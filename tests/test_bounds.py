"""Shares that admit the unknown: bounds beside every share, the unknown brands, the file's-countries sensitivity."""

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_finding, origin_shares
from analysis.aggregate import unknown_brands
from analysis.cli import main
from analysis.plots import plot_origins
from analysis.prose import headlines, origin_range_sentence
from analysis.report import write_finding

SAMPLE = Path(__file__).parent / "data" / "war-sanctions-kh-101-missile.csv"


def parts(finding: str, rows: list[tuple]) -> list[dict]:
    """Enriched-like rows: (brand, hq_country, file_country, owner_country)."""
    regions = {"US": "Americas", "DE": "Europe", "CN": "Asia"}
    return [
        {
            "finding_id": finding,
            "manufacturer": brand,
            "hq_country": country,
            "owner_country": owner,
            "un_region": regions.get(country),
            "owner_un_region": regions.get(owner),
            "file_country": stated,
            "origin_problem": None if country else "brand not in the manufacturer table",
            "owner_problem": None if owner else "unknown owner",
        }
        for brand, country, stated, owner in rows
    ]


@pytest.fixture
def data() -> pd.DataFrame:
    """Finding a: US 6, DE 2, two unknown (the file says CN for one); finding b: US 3, nothing unknown."""
    a = parts(
        "a",
        [("TI", "US", None, "US")] * 6
        + [("Infineon", "DE", None, "DE")] * 2
        + [("Mystery Co.", None, "CN", None), (None, None, None, None)],
    )
    b = parts("b", [("TI", "US", "US", "US")] * 3)
    return pd.DataFrame(a + b).astype("str").replace("None", None)


def test_bounds_by_hand_and_equal_to_the_share_when_nothing_is_unknown(data):
    shares = origin_shares(data).set_index(["finding_id", "key"])
    us, de = shares.loc[("a", "US")], shares.loc[("a", "DE")]
    assert (us["share"], us["bound_low"], us["bound_high"]) == pytest.approx((6 / 8, 6 / 10, 8 / 10))
    assert (de["share"], de["bound_low"], de["bound_high"]) == pytest.approx((2 / 8, 2 / 10, 4 / 10))
    assert (shares["bound_low"] <= shares["share"]).all() and (shares["share"] <= shares["bound_high"]).all()
    b = shares.loc[("b", "US")]
    assert b["bound_low"] == b["share"] == b["bound_high"] == 1.0
    regions = origin_shares(data, by="un_region").set_index(["finding_id", "key"])
    assert regions.loc[("a", "Europe"), ["bound_low", "bound_high"]].tolist() == pytest.approx([0.2, 0.4])


def test_file_countries_place_only_the_unknown_parts(data):
    shares = origin_shares(data, file_countries=True)
    a = shares[shares["finding_id"] == "a"].set_index("key")
    assert a["count"].to_dict() == {"US": 6, "DE": 2, "CN": 1}
    assert a["from_file"].to_dict() == {"US": 0, "DE": 0, "CN": 1}
    assert a.loc["CN", "share"] == pytest.approx(1 / 9)
    assert shares.attrs["unknown"] == {"a": 1, "b": 0} and shares.attrs["known"] == {"a": 9, "b": 3}
    # finding b states US for parts already known: nothing moves
    assert shares.loc[shares["finding_id"] == "b", "from_file"].tolist() == [0]
    regions = origin_shares(data, by="un_region", file_countries=True)
    assert regions.set_index(["finding_id", "key"]).loc[("a", "Asia"), "from_file"] == 1
    with pytest.raises(ValueError, match="countries and regions only"):
        origin_shares(data.assign(kind="x"), by="kind", file_countries=True)


def test_on_the_owner_basis_the_file_country_fills_only_unknown_brands(data):
    # a known German brand whose owner is unknown: the file's country (the brand's) is not the owner's
    rows = pd.concat([data, pd.DataFrame(parts("a", [("Infineon", "DE", "DE", None)]))], ignore_index=True)
    shares = origin_shares(rows, basis="owner", file_countries=True)
    a = shares[shares["finding_id"] == "a"].set_index("key")
    assert a["from_file"].sum() == 1 and shares.attrs["unknown"]["a"] == 2


@pytest.mark.parametrize("options", [{}, {"by": "un_region"}, {"basis": "owner"}, {"by": {"US": "North America"}}])
def test_bounds_and_file_countries_on_polars_are_the_pandas_frame(data, options):
    pl = pytest.importorskip("polars")
    for file_countries in (False, True):
        expected = origin_shares(data, file_countries=file_countries, **options)
        for frame in (pl.from_pandas(data), pl.from_pandas(data).lazy()):
            result = origin_shares(frame, file_countries=file_countries, **options)
            pd.testing.assert_frame_equal(result, expected)
            assert result.attrs == expected.attrs


def test_unknown_brands_are_grouped_by_brand_and_stated_country(data):
    rows = pd.concat([data, pd.DataFrame(parts("a", [("MYSTERY CO", None, "CN", None)]))], ignore_index=True)
    brands = unknown_brands(rows)
    assert brands.to_dict("records")[0] == {
        "finding_id": "a",
        "manufacturer": "Mystery Co.",
        "file_country": "CN",
        "reason": "brand not in the manufacturer table",
        "count": 2,
    }
    assert pd.isna(brands.loc[1, "manufacturer"]) and brands.loc[1, "count"] == 1
    assert brands["count"].sum() == 3 and set(brands["finding_id"]) == {"a"}


@pytest.fixture(scope="module")
def kh101():
    """The real Kh-101 sample, read with the table's countries only; the export's own kept as file_country."""
    raw = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame = pd.DataFrame(
        {
            "finding_id": "kh-101-missile",
            "component_id": raw["component_id"],
            "manufacturer": raw["manufacturer"].replace({"Not identified": ""}),
            "part_number": raw["oem_part_number"],
            "file_country": raw["manufacturer_country"].replace({"UNK": ""}),
        }
    )
    return load_finding(frame)


def test_real_sample_bounds_headline_and_sensitivity(kh101):
    summary = kh101.summary()
    assert (summary["components"], summary["unknown_origin"]) == (138, 10)
    us = summary["by_country"][0]
    assert (us["key"], us["count"]) == ("US", 108)
    assert (us["share"], us["bound_low"], us["bound_high"]) == pytest.approx((108 / 128, 108 / 138, 118 / 138))
    for entry in summary["by_country"] + summary["by_region"]:
        assert entry["bound_low"] <= entry["share"] <= entry["bound_high"]
    sentence = "United States 84.4 % of parts of known origin; 78.3–85.5 % of all parts, 7 % being of unknown origin."
    assert origin_range_sentence(summary) == sentence
    assert "78.3–85.5 % of all parts, 7 % being of unknown origin." in headlines(summary)[1]
    assert sum(row["count"] for row in summary["unknown_brands"]) == 10
    assert summary["unknown_brands"][0] == {
        "manufacturer": "Anderson Electronics",
        "file_country": "US",
        "reason": "brand not in the manufacturer table",
        "count": 7,
    }
    sensitivity = summary["file_country_sensitivity"]
    assert (sensitivity["parts_given_file_country"], sensitivity["still_unknown"]) == (10, 0)
    assert sensitivity["by_country"][0] == pytest.approx(
        {"key": "US", "count": 115, "from_file": 7, "share": 115 / 138, "ci_low": 0.7623, "ci_high": 0.8863},
        abs=1e-4,
    )
    json.dumps(summary)  # every value JSON-ready


def test_real_sample_report_shows_ranges_brands_and_sensitivity(kh101, tmp_path):
    folder = write_finding(kh101, tmp_path)
    html = (folder / "index.html").read_text()
    markdown = (folder / "report.md").read_text()
    for page in (html, markdown):
        assert "Of all parts, unknowns none – all" in page
        assert "78.3 % – 85.5 %" in page
        assert "Sensitivity: the file's own countries for the unknown brands" in page
        assert "Anderson Electronics" in page and "Wilson" in page
    assert "83.3 %" in html  # the US share if the export's countries were used for the unknowns


def test_kharkiv_has_no_unknowns_and_none_of_the_additions(kharkiv_path, tmp_path):
    finding = load_finding(kharkiv_path)
    summary = finding.summary()
    assert summary["unknown_origin"] == 0 and summary["unknown_brands"] == []
    assert summary["file_country_sensitivity"] is None and origin_range_sentence(summary) is None
    for entry in summary["by_country"] + summary["by_region"]:
        assert entry["bound_low"] == entry["share"] == entry["bound_high"]
    html = (write_finding(finding, tmp_path) / "index.html").read_text()
    assert "Of all parts" not in html and "Sensitivity" not in html and "75.5 % (222 parts)" in html


def test_chart_draws_a_band_only_when_something_is_unknown(kh101, kharkiv_path):
    ax = plot_origins(kh101.data)
    bands = [p for p in ax.patches if p.get_zorder() == 0]
    assert len(bands) == 8 and bands[0].get_x() == pytest.approx(108 / 138)
    assert bands[0].get_width() == pytest.approx(10 / 138) and bands[0].get_linestyle() == "--"
    assert "pale dashed band" in ax.get_xlabel()
    plain = plot_origins(load_finding(kharkiv_path).data)
    assert all(p.get_zorder() > 0 for p in plain.patches) and "band" not in plain.get_xlabel()


def test_cli_summary_gives_the_range_only_above_five_percent(kh101, kharkiv_path, write, capsys, tmp_path):
    path = tmp_path / "kh101.csv"
    kh101.data[["finding_id", "component_id", "manufacturer", "part_number", "file_country"]].to_csv(path, index=False)
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "78.3–85.5 % of all parts, 7 % being of unknown origin" in out
    assert "78.3% - 85.5%" in out
    assert "sensitivity, not a headline: with the file's own countries for 10 parts" in out and "US 83.3%" in out
    rows = "".join(f"f,{i},{'TI' if i else 'Nobody Knows Ltd'}\n" for i in range(30))
    few = write("few.csv", "finding_id,component_id,manufacturer\n" + rows)
    assert main(["summary", str(few)]) == 0
    out = capsys.readouterr().out
    assert "being of unknown origin" not in out and "96.7% - 100.0%" in out  # 1 of 30 unknown: no headline range


def test_comparison_difference_range_by_hand(kh101, kharkiv_path, tmp_path):
    from analysis.prose import comparison_headlines
    from analysis.report import write_comparison

    kharkiv = load_finding(kharkiv_path)
    comparison = kh101.compare(kharkiv)
    us = comparison.shares.set_index("key").loc["US"]
    assert (us["new_bound_low"], us["new_bound_high"]) == pytest.approx((108 / 138, 118 / 138))
    assert us["ref_bound_low"] == us["ref_bound_high"] == pytest.approx(222 / 294)
    assert (us["difference_low"], us["difference_high"]) == pytest.approx(
        (108 / 138 - 222 / 294, 118 / 138 - 222 / 294)
    )
    shares = comparison.shares
    assert (shares["difference_low"] <= shares["new_bound_low"] - shares["ref_bound_low"] + 1e-12).all()
    assert comparison.has_unknowns and comparison.unknown_fraction == pytest.approx(10 / 138)
    us_line = next(line for line in comparison_headlines(comparison) if line.startswith("United States"))
    assert "over all parts, whatever the unknown ones are, +2.8 to +10.0 points" in us_line
    assert "+2.8 to +10.0" in str(comparison)
    assert comparison.to_dict()["shares"][0]["difference_low"] == pytest.approx(us["difference_low"])
    html = write_comparison(comparison, tmp_path).read_text()
    assert "Over all parts, unknowns either way" in html and "+2.8 pts – +10.0 pts" in html
    # nothing unknown on either side: no range anywhere
    plain = kharkiv.compare(load_finding(kharkiv_path).data.assign(finding_id="copy"))
    assert not plain.has_unknowns and "unknowns either way" not in str(plain)
    assert all("whatever the unknown" not in line for line in comparison_headlines(plain))


def test_summary_table_and_index_give_the_largest_shares_range(kh101, kharkiv_path, tmp_path):
    from analysis.aggregate import summaries, summary_table
    from analysis.report import write_reports

    table = summary_table(summaries([kh101, load_finding(kharkiv_path)])).set_index("finding_id")
    assert table.loc["kh-101-missile", ["bound_low_1", "bound_high_1"]].tolist() == pytest.approx(
        [108 / 138, 118 / 138]
    )
    assert table.loc["car-kharkiv-2024-01-02", "bound_low_1"] == table.loc["car-kharkiv-2024-01-02", "share_1"]
    path = tmp_path / "kh101.csv"
    kh101.data[["finding_id", "component_id", "manufacturer", "part_number", "file_country"]].to_csv(path, index=False)
    write_reports([path, kharkiv_path], tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text()
    assert "% of all parts" in index and index.count("being of unknown origin") == 1
