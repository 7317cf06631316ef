"""Export-control screening: the Common High Priority List, HS codes of parts, and the figures built on them."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from analysis import chpl
from analysis.aggregate import origin_shares, summaries, year_counts
from analysis.cli import main
from analysis.finding import load_finding, load_findings
from analysis.resources import read_reference
from analysis.schema import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
WAR_SANCTIONS = ROOT / "tests" / "data" / "war-sanctions" / "components-sample.csv"
#: One code of every tier, and one known code that is on none (a resistor).
STATED = {"1": "8542.31", "2": "8526 91", "3.A": "854160", "3.B": "9014.20", "4.A": "8534.00", "4.B": "8457.10"}


def test_list_has_the_fifty_codes_of_february_2024_in_their_tiers():
    table = chpl.chpl_table()
    assert chpl.versions() == ["2024-02"]
    assert len(table) == 50 and table["hs_code"].is_unique
    assert table["hs_code"].str.fullmatch(r"[0-9]{6}").all()
    assert table["tier"].value_counts().to_dict() == {"3.A": 16, "4.A": 11, "3.B": 9, "2": 5, "4.B": 5, "1": 4}
    assert set(table.loc[table["tier"].eq("1"), "hs_code"]) == {"854231", "854232", "854233", "854239"}
    assert table["source"].str.contains("bis.gov").all() and table["description"].notna().all()
    assert set(table["list_date"]) == {"2024-02-23"}


def test_unknown_list_version_names_the_shipped_ones():
    with pytest.raises(ValueError, match="shipped: 2024-02"):
        chpl.chpl_table("2019-01")


def test_category_table_covers_every_category_with_a_source():
    table = read_reference("category_hs.csv")
    assert set(CATEGORIES) <= set(table["category"]) and table["category"].is_unique
    assert table["source"].notna().all()
    mapped = table.dropna(subset=["hs_code"]).set_index("category")["hs_code"]
    assert mapped.str.fullmatch(r"[0-9]{6}").all()
    assert mapped[["microcontroller", "memory", "amplifier", "fpga", "adc_dac", "gnss", "transceiver"]].tolist() == [
        "854231", "854232", "854233", "854239", "854239", "852691", "851762",
    ]  # fmt: skip
    assert "passive" not in mapped and "discrete" not in mapped
    unmapped = table[table["hs_code"].isna()]
    assert unmapped["notes"].str.contains("too broad|no usual code").all()  # each says why


@pytest.mark.parametrize(
    ("text", "digits"),
    [("8542.31", "854231"), ("854231", "854231"), (" 8542 31 ", "854231"), ("85.42.31", "854231"),
     ("85423", None), ("8542.31.00", None), ("8542.3a", None), ("", None)],
)  # fmt: skip
def test_stated_codes_are_six_digits_once_dots_and_spaces_are_dropped(text, digits):
    result = chpl.hs_digits(pd.Series([text], dtype="str")).iloc[0]
    assert (None if pd.isna(result) else result) == digits


def _file(write, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["finding_id,component_id,category,manufacturer,hs_code"]
    lines += [f"t,{i},{category},Texas Instruments,{code}" for i, (category, code, _) in enumerate(rows, 1)]
    return write("parts.csv", "\n".join(lines) + "\n")


def test_enrich_gives_code_basis_and_tier_for_stated_codes_and_categories(write, tmp_path, capsys):
    mapped = read_reference("category_hs.csv").dropna(subset=["hs_code"])
    tiers = chpl.chpl_table().set_index("hs_code")["tier"]
    rows = [("passive", code, tier) for tier, code in STATED.items()] + [("passive", "853321", "")]
    pairs = zip(mapped["category"], mapped["hs_code"], strict=True)
    rows += [(category, "", tiers.get(code, "")) for category, code in pairs]
    rows += [("memory", "8504.40", "3.A"), ("passive", "", ""), ("memory", "85423", "")]
    out = tmp_path / "out.csv"
    assert main(["enrich", str(_file(write, rows)), "--out", str(out)]) == 0
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert result["chpl_tier"].tolist() == [tier for _, _, tier in rows]
    stated = len(STATED) + 1
    assert result["hs_basis"].tolist() == ["stated"] * stated + ["category"] * len(mapped) + ["stated", "", ""]
    assert result["hs_code"].iloc[:stated].tolist() == ["854231", "852691", "854160", "901420", "853400", "845710",
                                                       "853321"]  # fmt: skip
    assert result["hs_code"].iloc[stated : stated + len(mapped)].tolist() == mapped["hs_code"].tolist()
    assert result["hs_code"].iloc[-3] == "850440"  # a stated code wins over the category's (854232, tier 1)
    err = capsys.readouterr().err
    assert f"line {len(rows) + 1}" in err and "'hs_code'" in err  # the malformed code warns; its row is kept
    assert len(result) == len(rows)


def test_validate_warns_per_line_for_a_malformed_code_and_keeps_the_row(write, capsys):
    path = _file(write, [("memory", "8542.31", ""), ("memory", "HS8542", ""), ("gnss", "", "")])
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:3: column 'hs_code': got 'HS8542', expected six digits" in err
    assert err.count("'hs_code'") == 1


def test_summary_json_carries_tiers_and_the_listed_share_with_its_wilson_interval(kharkiv_path, capsys):
    assert main(["summary", str(kharkiv_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["findings"][0]
    assert summary["chpl_version"] == "2024-02"
    tiers = summary["by_chpl_tier"]
    assert [row["key"] for row in tiers] == ["1", "2", "3.A"]  # tier order
    listed = summary["chpl_listed"]
    assert listed["known_hs_code"] + listed["unknown_hs_code"] == summary["components"] == 294
    assert sum(row["count"] for row in tiers) == listed["known_hs_code"]
    assert sum(row["share"] for row in tiers) == pytest.approx(1)
    low, high = proportion_confint(listed["count"], listed["known_hs_code"], method="wilson")
    assert (listed["ci_low"], listed["ci_high"]) == pytest.approx((low, high))
    assert summary["by_country"][0]["share"] == pytest.approx(222 / 294)  # the published figure is untouched


def test_not_listed_counts_in_the_denominator_and_unknown_codes_stay_out(write):
    rows = [("passive", "853321", ""), ("memory", "", ""), ("memory", "", ""), ("passive", "", "")]
    finding = load_finding(_file(write, rows))
    shares = origin_shares(finding.data, by="chpl_tier")
    assert dict(zip(shares["key"], shares["count"], strict=True)) == {"1": 2, "not listed": 1}
    assert shares.attrs["unknown"] == {"t": 1}
    listed = summaries([finding])[0]["chpl_listed"]
    assert (listed["count"], listed["known_hs_code"], listed["unknown_hs_code"]) == (2, 3, 1)
    assert listed["share"] == pytest.approx(2 / 3)


def test_no_known_code_gives_no_share(write):
    summary = summaries([load_finding(_file(write, [("passive", "", "")]))])[0]
    assert summary["by_chpl_tier"] == []
    assert summary["chpl_listed"] | {} == {
        "count": 0, "share": None, "ci_low": None, "ci_high": None, "known_hs_code": 0, "unknown_hs_code": 1,
    }  # fmt: skip


def test_year_counts_by_tier_add_up_to_the_year_counts(kharkiv_path):
    data = load_finding(kharkiv_path).data
    by_tier = year_counts(data, by="chpl_tier")
    plain = year_counts(data)
    assert set(by_tier["key"]) == {"1", "2", "3.A"}
    totals = by_tier.groupby("year")["count"].sum()
    known = data["hs_code"].notna()
    assert totals.sum() + by_tier.attrs["unknown"]["car-kharkiv-2024-01-02"] == plain["count"].sum()
    assert (totals.index == plain["year"]).all()  # every tier over the finding's whole span of years
    assert by_tier.attrs["unknown"]["car-kharkiv-2024-01-02"] == int((~known & data["manufactured_year"].notna()).sum())


def test_war_sanctions_words_map_through_the_layout():
    findings = load_findings(WAR_SANCTIONS)
    data = pd.concat([f.data for f in findings])
    assert set(data.loc[data["category"].eq("microcontroller"), "chpl_tier"]) == {"1"}  # mcu, mapped by the layout
    assert set(data.loc[data["category"].eq("antenna"), "chpl_tier"]) == {"3.A"}  # kept as written
    assert data.loc[data["category"].isin(["motor", "engine"]), "hs_code"].isna().all()  # too broad to map
    figures = summaries(findings)
    assert all("by_chpl_tier" in s and "chpl_listed" in s for s in figures)


def test_summary_text_and_csv_show_the_listed_share(kharkiv_path, capsys):
    assert main(["summary", str(kharkiv_path)]) == 0
    text = capsys.readouterr().out
    assert "CHPL 2024-02: 273 of 273 parts of known HS code listed" in text and "tier 1 124 (45.4%)" in text
    assert main(["summary", str(kharkiv_path), "--format", "csv"]) == 0
    row = pd.read_csv(io.StringIO(capsys.readouterr().out)).iloc[0]
    assert (row["chpl_listed"], row["chpl_known"], row["country_1"], row["share_1"]) == (273, 273, "US", 0.7551)


def test_chart_of_tiers_by_country_counts_every_part(kharkiv_path):
    import matplotlib

    matplotlib.use("Agg")
    from analysis.aggregate import chpl_by_origin
    from analysis.plots import plot_chpl_tiers

    data = load_finding(kharkiv_path).data
    table = chpl_by_origin(data)
    assert table["count"].sum() == len(data)
    us = table[table["origin"].eq("US")].set_index("tier")["count"]
    ax = plot_chpl_tiers(data)
    widths = sum(patch.get_width() for patch in ax.patches if abs(patch.get_y() + 0.35) < 1e-9)  # the top bar
    assert widths == us.sum() == 222
    assert [text.get_text() for text in ax.get_legend().get_texts()][:3] == ["tier 1", "tier 2", "tier 3.A"]


def test_comparison_sets_tiers_side_by_side_and_dates_the_listed_parts(kharkiv_path):
    from analysis.comparison import compare

    new = load_finding(ROOT / "datasets" / "findings" / "synthetic-new-finding-2025.csv")
    result = compare(new, load_finding(kharkiv_path)).to_dict()
    tiers = {row["key"]: row for row in result["chpl_tiers"]}
    assert list(tiers) == ["1", "2", "3.A"]
    assert tiers["1"]["new_count"] == 53 and tiers["1"]["ref_count"] == 124
    assert tiers["1"]["ci_low"] < tiers["1"]["difference"] < tiers["1"]["ci_high"]
    assert result["chpl_listed"]["new_share"] == 1.0
    kharkiv = result["dates"]["findings"][1]
    data = load_finding(kharkiv_path).data
    dated = data["chpl_tier"].notna() & data["manufactured_year"].notna()
    assert kharkiv["chpl_dated"] == int(dated.sum())
    after = pd.to_datetime(data["manufactured_first_day"]) > pd.Timestamp("2022-02-24")
    assert kharkiv["chpl_made_after"] == int((after & dated).sum())
    assert kharkiv["made_after"] == int(after.sum())  # the figure beside it unchanged


def test_report_has_the_export_control_section_and_chart(kharkiv_path, tmp_path):
    from analysis.report import write_reports

    write_reports([kharkiv_path], tmp_path, formats=["html", "md"])
    folder = tmp_path / "car-kharkiv-2024-01-02"
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    assert "## Export controls: the Common High Priority List" in markdown and "![" in markdown
    assert "**273 of 273 parts (100.0 %)**" in markdown and (folder / "chpl.png").stat().st_size > 10_000
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["chpl_listed"]["count"] == 273


def test_kharkiv_notebook_says_its_categories_are_reconstructed():
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "01-kharkiv-missile-origins.ipynb", as_version=4)
    texts = ["".join(cell.source) for cell in notebook.cells]
    section = next(i for i, text in enumerate(texts) if text.startswith("## 6. Export controls"))
    assert "CAR published no categories and no tiers" in texts[section]
    assert "not a published or measured figure" in texts[section]
    assert any("by_chpl_tier" in text for text in texts[section + 1 :])  # and it shows them (run by test_notebooks)
