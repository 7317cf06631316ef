"""Enrichment and the summary: the Kharkiv figures, both bases, bracketed brands, every row accounted for."""

import json

import pandas as pd
import pytest

from analysis import load_finding
from analysis.cli import main

HEADER = "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"


@pytest.fixture(scope="module")
def kharkiv_summary(tmp_path_factory):
    from conftest import KHARKIV

    return load_finding(KHARKIV).summary()


def test_kharkiv_summary_holds_every_published_figure(kharkiv_summary):
    s = kharkiv_summary
    assert (s["components"], s["rejected"], s["manufacturers"], s["countries"]) == (294, 0, 26, 8)
    shares = {row["key"]: round(100 * row["share"], 1) for row in s["by_country"]}
    assert (shares["US"], shares["DE"], shares["JP"]) == (75.5, 11.9, 3.1)
    regions = {row["key"]: round(100 * row["share"], 1) for row in s["by_region"]}
    assert regions == {"Americas": 75.5, "Europe": 16.3, "Asia": 8.2}
    assert s["dated_components"] == 147 and s["undated_components"] == 147
    window = s["made_in_three_years_before_assembly"]
    assert (window["start_year"], window["end_year"]) == (2021, 2023) and window["share"] > 0.75
    assert s["assembled_not_before"].startswith("2023-03")
    assert s["assembled_not_before_evidence"]["date_code"] == "2311"
    assert s["unknown_origin"] == 0 and s["basis"] == "brand"
    assert sum(row["count"] for row in s["by_year"]) == 147


def test_summary_json_command(kharkiv_path, capsys):
    assert main(["summary", str(kharkiv_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (finding,) = out["findings"]
    us = finding["by_country"][0]
    assert {k: us[k] for k in ("key", "count", "share")} == {
        "key": "US",
        "count": 222,
        "share": pytest.approx(222 / 294),
    }
    assert us["bound_low"] == us["share"] == us["bound_high"]  # nothing unknown: the bounds are the share
    for key in ["finding_id", "components", "rejected", "manufacturers", "countries", "basis", "by_country",
                "by_region", "unknown_origin", "dated_components", "by_year", "assembled_not_before",
                "assembled_not_before_evidence", "unknown_brands", "file_country_sensitivity"]:  # fmt: skip
        assert key in finding


def test_both_bases_before_and_after_an_acquisition(write):
    path = write(
        "cypress.csv",
        HEADER + "f-1,1,Cypress Semiconductor,,1901,2024-01-02\n"
        "f-1,2,Cypress Semiconductor,,2110,2024-01-02\n"
        "f-1,3,Cypress Semiconductor,,,2024-01-02\n",
    )
    finding = load_finding(path)
    data = finding.data.set_index("component_id")
    assert data["hq_country"].tolist() == ["US", "US", "US"]
    assert data.loc["1", "owner_country"] == "US"
    assert data.loc["2", "owner_country"] == "DE" and data.loc["2", "owner_at_manufacture"] == "Infineon Technologies"
    assert pd.isna(data.loc["3", "owner_country"])
    assert data.loc["3", "owner_problem"] == "undated part of a brand that changed owner"
    owner = finding.summary(basis="owner")
    assert {r["key"]: r["count"] for r in owner["by_country"]} == {"US": 1, "DE": 1}
    assert owner["unknown_origin"] == 1 and owner["basis"] == "owner"
    assert {r["key"]: r["count"] for r in finding.summary()["by_country"]} == {"US": 3}


def test_bracketed_brand_unknown_brand_and_file_country(write):
    path = write(
        "mixed.csv",
        HEADER + "f-1,1,Linear Technology (Analog Devices),,2201,\n"
        "f-1,2,Mystery Widgets Ltd,,2202,\n"
        "f-1,3,Mystery Widgets Ltd,KR,2203,\n"
        "f-1,4,Analog Devices,DE,,\n"
        "f-1,5,,,,\n",
    )
    finding = load_finding(path)
    data = finding.data.set_index("component_id")
    assert data.loc["1", "company"] == "Linear Technology" and data.loc["1", "owner_country"] == "US"
    assert pd.isna(data.loc["2", "hq_country"])
    assert data.loc["2", "origin_problem"] == "brand not in the manufacturer table"
    assert data.loc["3", "hq_country"] == "KR"
    assert data.loc["4", "hq_country"] == "DE"
    assert any("'Analog Devices': the file says DE, the manufacturer table says US" in w for w in finding.warnings)
    assert data.loc["5", "origin_problem"] == "no manufacturer marked"
    summary = finding.summary()
    assert summary["unknown_origin"] == 2
    assert summary["manufacturers"] == 3  # Linear Technology, Analog Devices, and the unknown brand as its own


def test_rejected_rows_are_counted_and_strict_fails(write, capsys):
    path = write("bad.csv", HEADER + "f-1,1,Analog Devices,,2201,\nf-1,1,Analog Devices,,2202,\nf-1,2,TI,,,\n")
    finding = load_finding(path)
    assert (len(finding.data), len(finding.rejected), finding.rows_read) == (1, 2, 3)
    assert main(["summary", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["rejected"] == 2
    assert main(["summary", str(path), "--strict"]) == 1


def test_enrich_command_writes_every_row(write, tmp_path, capsys):
    path = write("bad.csv", HEADER + 'f-1,1,=HYPERLINK("x"),,2201,\nf-1,1,Analog Devices,,2202,\nf-1,2,TI,,,\n')
    out = tmp_path / "enriched.csv"
    assert main(["enrich", str(path), "--out", str(out)]) == 0
    rows = pd.read_csv(out, dtype=str)
    assert len(rows) == 3 and rows["rejected"].notna().sum() == 2
    assert rows.loc[0, "manufacturer"].startswith("'=")
    assert main(["enrich", str(path), "--out", str(tmp_path / "e.parquet"), "--strict"]) == 1
    assert len(pd.read_parquet(tmp_path / "e.parquet")) == 3


def test_manufacturers_unresolved_listing(write, capsys):
    path = write(
        "u.csv",
        HEADER + "f-1,1,Acme Widgets,FR,,\nf-1,2,Acme Widgets,FR,,\nf-1,3,Acme Widgets,DE,,\n"
        "f-1,4,Zed Corp,,,\nf-1,5,TI,,,\nf-1,6,Lineer Technology,,,\n",
    )
    assert main(["manufacturers", str(path), "--unresolved"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["manufacturer", "count", "stated_country", "stated_owner"]
    assert lines[1].split()[:4] == ["Acme", "Widgets", "3", "FR"]  # the country the file states most often
    assert lines[3].startswith("Zed Corp") and len(lines) == 4
    assert "Linear Technology" in lines[2]  # a suggestion with its score, never a match


def test_template_of_unknown_brands_reads_back(write, tmp_path, capsys):
    path = write(
        "u.csv",
        HEADER + "f-1,1,Acme Widgets Suppliers JSC FOO,FR,2201,\nf-1,2,Zed Relays (TE Connectivity),,2201,\n"
        "f-1,3,Analog Devices,,,\n",
    )
    out = tmp_path / "mine.csv"
    assert main(["manufacturers", str(path), "--template", str(out)]) == 0
    capsys.readouterr()
    rows = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("company")
    assert rows.loc["Acme Widgets", "hq_country"] == "FR" and "pre-filled" in rows.loc["Acme Widgets", "notes"]
    assert rows.loc["Zed Relays", ["hq_country", "owner"]].tolist() == ["", "TE Connectivity"]
    assert main(["manufacturers", str(path), "--unresolved", "--manufacturers", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "every brand resolves"
    data = load_finding(path, manufacturers=out).data.set_index("component_id")
    assert data.loc["1", "hq_country"] == "FR" and data.loc["2", "company"] == "Zed Relays"
    assert data.loc["2", "owner_at_manufacture"] == "TE Connectivity" and data.loc["2", "owner_country"] == "CH"


def test_users_table_states_owners(write, tmp_path, capsys):
    mine = write(
        "mine.csv",
        "company,hq_country,owner,owner_from,owner_to\nZed Relays,DE,TE Connectivity,2020-01-01,\n"
        "Linear Technology,,Texas Instruments,,\n",
    )
    path = write("f.csv", HEADER + "f-1,1,Zed Relays,,1901,\nf-1,2,Zed Relays,,2101,\nf-1,3,LTC,,1501,\n")
    data = load_finding(path, manufacturers=mine).data.set_index("component_id")
    assert data["owner_at_manufacture"].tolist() == ["Zed Relays", "TE Connectivity", "Texas Instruments"]
    assert data["owner_country"].tolist() == ["DE", "CH", "US"] and data["hq_country"].tolist() == ["DE", "DE", "US"]
    bad = write("bad.csv", "company,hq_country,owner,owner_from\nZed Relays,DE,Nobody Inc,2020-01-01\n")
    assert main(["summary", str(path), "--manufacturers", str(bad)]) != 0
    assert "bad.csv: line 2, column owner: 'Nobody Inc' is not a company" in capsys.readouterr().err
    bad.write_text("company,hq_country,owner,owner_from\nZed Relays,DE,Intel,2020-13-01\n", encoding="utf-8")
    assert main(["summary", str(path), "--manufacturers", str(bad)]) != 0
    assert "column owner_from: '2020-13-01' (expected a day as YYYY-MM-DD, or empty)" in capsys.readouterr().err


def test_unknown_brand_with_known_owner_never_borrows_its_country(write):
    path = write(
        "owned.csv",
        HEADER + "f-1,1,Mystery Relays (TE Connectivity),,2101,2025-06-30\n"
        "f-1,2,Mystery Relays (TE Connectivity),,2501,2025-06-30\n"
        "f-1,3,Mystery Relays (Analog Devices),,,2025-06-30\n"
        "f-1,4,Mystery Relays (Spansion),,,2025-06-30\n",
    )
    data = load_finding(path).data.set_index("component_id")
    assert data["hq_country"].isna().all() and data["company"].isna().all()
    assert set(data["origin_problem"]) == {"brand not in the manufacturer table (only its bracketed owner is)"}
    assert data["owner_at_manufacture"].fillna("-").tolist() == [
        "TE Connectivity", "TE Connectivity", "Analog Devices", "-",
    ]  # fmt: skip
    assert data["owner_country"].fillna("-").tolist() == ["CH", "IE", "US", "-"]  # Spansion changed hands


def test_a_summary_is_a_frozen_record_that_is_its_json_object():
    import dataclasses
    import json
    import pickle

    from analysis import datasets
    from analysis.aggregate import Summary

    summary = datasets.kharkiv().summary()
    assert isinstance(summary, Summary)
    assert summary.by_country[0]["key"] == summary["by_country"][0]["key"] == "US"
    assert summary.assembled_not_before == "2023-03-13"
    plain = summary.to_dict()
    assert type(plain) is dict and list(plain) == [field.name for field in dataclasses.fields(Summary)]
    assert json.dumps(summary) == json.dumps(plain) and summary == plain
    with pytest.raises(AttributeError):
        summary.assembled_not_after  # noqa: B018  (a mistyped name fails, where a dict's .get gave None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.components = 0
    with pytest.raises(TypeError, match="frozen"):
        summary["components"] = 0
    with pytest.raises(TypeError, match="frozen"):
        summary.update(components=0)
    assert pickle.loads(pickle.dumps(summary)) == summary
