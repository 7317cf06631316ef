"""Layouts: a foreign database read with no script, every row accounted for."""

import dataclasses
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.aggregate import SUMMARY_COLUMNS, summaries, summary_table
from analysis.cli import main
from analysis.databases import Layout, bundled, load_layout
from analysis.errors import InputError
from analysis.finding import load_findings, rows_of
from analysis.io import read
from analysis.schema import validate

SAMPLE = Path(__file__).parent / "data" / "war-sanctions" / "components-sample.csv"
WEAPONS = 9


def test_the_export_is_recognised_by_its_header_and_read_with_no_options():
    frame = read(SAMPLE)
    assert frame.attrs["notes"] and "war-sanctions" in frame.attrs["notes"][0]
    assert frame["finding_id"].nunique() == WEAPONS
    # their markers of "unknown" are empty, their words are ours, their extra columns are kept
    assert not frame.isin(["UNK", "Not identified", "(unspecified)"]).any().any()
    assert {"microcontroller", "voltage_regulator", "power_converter", "imu_sensor"} <= set(frame["category"])
    assert "unknown" not in set(frame["category"])
    assert {"name_marking", "evidence_image", "source"} <= set(frame.columns)
    assert frame["source"].str.startswith("https://war-sanctions.gur.gov.ua/").all()


def test_every_weapon_is_a_finding_and_every_row_is_accounted_for():
    findings = load_findings(SAMPLE)
    assert len(findings) == WEAPONS
    rows = sum(f.rows_read for f in findings)
    assert rows == 347
    assert sum(len(f.rejected) for f in findings) < 0.01 * rows
    klyn = next(f for f in findings if f.finding_id == "klyn-uav")
    summary = klyn.summary()
    assert summary["components"] + summary["rejected"] + summary["duplicates"] == 40
    # 'Not identified' is no company, 'UNK' no country: counted as unknown origin
    assert "Not identified" not in set(klyn.data["manufacturer"].dropna())
    assert summary["unknown_origin"] >= 3


def test_a_category_outside_ours_is_kept_with_one_warning_per_word():
    result = validate(read(SAMPLE))
    assert result.rejected.empty
    assert "motor" in set(result.valid["category"])
    motor = [w for w in result.warnings if "'motor'" in w]
    assert len(motor) == 1 and "kept as written" in motor[0]


def test_exact_repeats_collapse_and_conflicting_copies_are_rejected(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = lines[3].replace("gur-", "gur-", 1).replace(",unknown,", ",sanctioned,", 1)
    assert changed != lines[3]
    path = tmp_path / "export.csv"
    path.write_text("".join(lines + [lines[1], lines[1], lines[2], changed]), encoding="utf-8")
    result = validate(read(path))
    assert len(result.duplicates) == 3
    assert result.duplicates["duplicate_of"].tolist() == [2, 2, 3]
    assert sorted(result.rejected["source_line"]) == [4, len(lines) + 4]  # both copies of the changed row
    assert len(result.valid) + len(result.rejected) + len(result.duplicates) == len(lines) - 1 + 4
    assert any("3 rows repeat an earlier row exactly" in w for w in result.warnings)
    findings = load_findings(path)
    assert sum(f.summary()["duplicates"] for f in findings) == 3
    assert sum(f.rows_read for f in findings) == len(lines) - 1 + 4
    out = tmp_path / "rows.parquet"
    assert main(["enrich", str(path), "--out", str(out)]) == 0
    rows = pd.read_parquet(out)
    assert len(rows) == len(lines) - 1 + 4 and rows["duplicate_of"].notna().sum() == 3


def test_a_parquet_export_reads_as_its_csv_does(tmp_path):
    """Read from Parquet, repeated values are held once (categorical), and the layout's maps give the same text."""
    from analysis.output import as_text

    path = tmp_path / "export.parquet"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).to_parquet(path)
    frame, expected = read(path), read(SAMPLE)
    assert isinstance(frame["category"].dtype, pd.CategoricalDtype)
    where = ["source_file", "source_line"]  # the file's name, and Parquet's record numbers against CSV's lines
    pd.testing.assert_frame_equal(as_text(frame).drop(columns=where), as_text(expected).drop(columns=where))
    assert frame.attrs["notes"] == expected.attrs["notes"]


def test_a_list_column_gives_one_row_per_finding_keeping_its_line(write):
    layout = {
        "columns": {"part": "component_id", "maker": "manufacturer"},
        "missing": ["?"],
        "values": {"category": {"ic": "microcontroller", "none": None}},
        "finding_id": {"column": "weapons", "list": ";"},
        "defaults": {"recovered_on": "2024-01-02"},
    }
    path = write("db.csv", "part,maker,category,weapons\np1,?,ic,a-1; b-2\np2,Texas Instruments,none,b-2\np3,x,,\n")
    frame = read(path, layout=layout)
    assert frame["finding_id"].fillna("").tolist() == ["a-1", "b-2", "b-2", ""]
    assert frame["source_line"].tolist() == [2, 2, 3, 4]
    assert frame["manufacturer"].isna().tolist() == [True, True, False, False]
    assert frame["category"].fillna("").tolist()[:3] == ["microcontroller", "microcontroller", ""]
    assert set(frame["recovered_on"]) == {"2024-01-02"}
    assert any("several findings" in w for w in frame.attrs["warnings"])
    result = validate(frame)
    assert result.rejected["source_line"].tolist() == [4]  # the row naming no finding is counted, not lost


def test_a_constant_finding_id_and_a_bundled_name_by_keyword(write):
    path = write("one.csv", "component_id,manufacturer\n1,Texas Instruments\n")
    assert set(read(path, layout={"finding_id": {"value": "my-find"}})["finding_id"]) == {"my-find"}
    assert load_layout("war-sanctions") is bundled()["war-sanctions"]
    (finding,) = load_findings(SAMPLE, layout="war-sanctions")[:1]
    assert finding.finding_id == "klyn-uav"


def test_a_malformed_list_is_one_line_naming_file_line_and_value(write):
    path = write("bad.csv", 'component_id,found_in_drones\n1,"[""a-1""]"\n2,not json\n')
    with pytest.raises(InputError, match=r"bad.csv:3: column 'found_in_drones': got 'not json', expected a JSON"):
        read(path, layout={"finding_id": {"column": "found_in_drones", "list": "json"}})


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({"colums": {}}, "unknown layout key colums"),
        ({"finding_id": {"column": "a", "value": "b"}}, "finding_id is"),
        ({"missing": "UNK"}, "missing is a list"),
    ],
)
def test_a_bad_layout_is_one_line(layout, message):
    with pytest.raises(InputError, match=message):
        Layout.from_mapping(layout, "mine.yaml")


def test_an_unknown_layout_name_lists_the_bundled_ones():
    with pytest.raises(InputError, match="war-sanctions"):
        load_layout("no-such-layout")


def test_cli_reads_the_export_with_no_options(capsys):
    assert main(["summary", "--json", str(SAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert "note:" in err and "war-sanctions" in err
    findings = json.loads(out)["findings"]
    assert len(findings) == WEAPONS
    assert sum(f["components"] + f["rejected"] + f["duplicates"] for f in findings) == 347
    assert main(["validate", str(SAMPLE)]) == 0
    assert f"347 components in {WEAPONS} findings" in capsys.readouterr().out


def test_grouped_summaries_equal_each_finding_summarised_alone():
    findings = load_findings(SAMPLE)
    alone = [dataclasses.replace(f, places={}) for f in findings]  # each on its own rows only
    for basis in ("brand", "owner"):
        assert summaries(findings, basis=basis) == [summaries([f], basis=basis)[0] for f in alone]
    assert summaries(findings[2:5]) == [f.summary() for f in findings[2:5]]
    assert rows_of(findings[2:5])["finding_id"].unique().tolist() == [f.finding_id for f in findings[2:5]]


def test_summary_table_is_one_row_per_finding_with_the_top_three_origins():
    figures = summaries(load_findings(SAMPLE))
    table = summary_table(figures)
    assert tuple(table.columns) == SUMMARY_COLUMNS and len(table) == WEAPONS
    klyn = table.set_index("finding_id").loc["klyn-uav"]
    assert (klyn["country_1"], round(klyn["share_1"], 3)) == ("US", 0.556)
    assert klyn["components"] + klyn["rejected"] + klyn["duplicates"] == 40


def test_summary_as_csv_and_table(capsys):
    assert main(["summary", "--format", "csv", str(SAMPLE)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(table) == WEAPONS and table["components"].sum() == 347
    assert main(["summary", "--format", "table", str(SAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == WEAPONS + 1 and "55.6%" in next(line for line in lines if "klyn-uav" in line)


KHARKIV = Path(__file__).parents[1] / "datasets" / "findings" / "car-kharkiv-2024-01-02.csv"
FINDINGS = KHARKIV.parent


def test_compare_picks_one_weapon_of_a_database(capsys):
    code = main(["compare", str(KHARKIV), "--against", str(SAMPLE), "--finding", "klyn-uav", "--json"])
    assert code == 0
    comparison = json.loads(capsys.readouterr().out)
    assert [r["finding_id"] for r in comparison["references"]] == ["klyn-uav"]
    assert main(["compare", str(KHARKIV), "--against", str(SAMPLE), "--finding", "no-such-weapon"]) == 2
    err = capsys.readouterr().err
    assert "no finding no-such-weapon; it holds klyn-uav" in err and err.count("error:") == 1


def test_compare_a_weapon_of_a_database_with_a_library_of_files(capsys):
    args = ["compare", str(SAMPLE), "--new-finding", "geran-3-uav", "--library", str(SAMPLE), str(FINDINGS)]
    assert main([*args, "--json"]) == 0
    captured = capsys.readouterr()
    comparison = json.loads(captured.out)
    assert comparison["new"]["finding_id"] == "geran-3-uav"
    references = {r["finding_id"] for r in comparison["references"]}
    assert "car-kharkiv-2024-01-02" in references and "geran-3-uav" not in references and len(references) == WEAPONS
    assert "synthetic-new-finding-2025" not in references  # invented data is never pooled by default
    assert "left out of the library as synthetic: synthetic-new-finding-2025" in captured.err
    assert main([*args, "--include-synthetic", "--json"]) == 0
    references = {r["finding_id"] for r in json.loads(capsys.readouterr().out)["references"]}
    assert "synthetic-new-finding-2025" in references
    assert main(["compare", str(SAMPLE), "--library", str(FINDINGS)]) == 2
    assert "choose one with --new-finding" in capsys.readouterr().err


def test_report_shares_the_findings_of_one_file_among_processes(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["report", str(SAMPLE), "--out", str(out), "--jobs", "2", "--format", "md", "--library", str(FINDINGS)])
    assert code == 0
    err = capsys.readouterr().err
    assert sum(line.startswith("[") and line.endswith(": done") for line in err.splitlines()) == WEAPONS
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == WEAPONS and "klyn-uav" in folders
    klyn = json.loads((out / "klyn-uav" / "summary.json").read_text())
    assert klyn["components"] == 40
    # compared with the library, whose synthetic finding is left out
    references = json.loads((out / "klyn-uav" / "comparison.json").read_text())["references"]
    assert [r["finding_id"] for r in references] == ["car-kharkiv-2024-01-02"]
    index = (out / "index.html").read_text()
    assert index.count('href="') == WEAPONS and "aria-sort" in index and "<script>" in index


def test_a_layout_file_on_the_command_line(write, capsys):
    layout = write("mine.yaml", "columns: {part: component_id}\nfinding_id: {value: my-find}\nmissing: ['?']\n")
    path = write("parts.csv", "part,manufacturer,hq_country\np1,Texas Instruments,?\np2,Murata,JP\n")
    assert main(["summary", "--json", "--layout", str(layout), str(path)]) == 0
    (summary,) = json.loads(capsys.readouterr().out)["findings"]
    assert (summary["finding_id"], summary["components"]) == ("my-find", 2)
    broken = write("broken.yaml", "finding_id: [unclosed\n")
    assert main(["summary", "--layout", str(broken), str(path)]) == 2
    assert "broken.yaml: not a valid layout" in capsys.readouterr().err
