"""The window a date code is read in: latest possible day (row, finding, day of the run) and earliest day."""

from datetime import date

import pandas as pd

from analysis import load_finding
from analysis.cli import main

HEADER = "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"


def test_a_1999_part_without_recovery_dates_in_the_rows(write, capsys):
    """The issue's three-row file: no 2099, and the finding's metadata bounds the readings."""
    path = write("f.csv", HEADER + "f,a,X,US,9923,\nf,b,X,US,1510,\nf,c,X,US,2511,\n")
    write("f.yaml", "recovered_on: 2024-01-02\n")
    finding = load_finding(path, today=date(2030, 1, 1))
    assert finding.assembled_not_before == pd.Timestamp("2015-03-02")
    data = finding.data.set_index("component_id")
    assert data.loc["a", "manufactured_year"] == 1999
    assert data.loc["c", "date_problem"] == "no reading between 1970-01-01 and 2024-01-02"
    assert pd.isna(data.loc["c", "manufactured_first_day"])

    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "3 components in 1 finding, no problems"
    assert f"warning: {path}:4: column 'date_code': got '2511', no reading between 1970-01-01 and 2024-01-02" in (
        captured.err
    )
    assert "1 date codes have no reading and are kept as undated" in captured.err


def test_latest_day_row_then_metadata_then_finding_then_today(write):
    path = write(
        "g.csv",
        HEADER + "g,a,X,US,2401,2024-01-20\ng,b,X,US,2401,\nh,c,X,US,2401,\nh,d,X,US,2401,2023-06-01\nk,e,X,US,2401,\n",
    )
    from analysis import load_findings

    by_id = {f.finding_id: f.data.set_index("component_id") for f in load_findings(path, today=date(2030, 1, 1))}
    assert by_id["g"].loc["a", "manufactured_year"] == 2024  # its own recovery day, after week 1 of 2024
    # no recovery day in the row: the finding's most common one (2024-01-20)
    assert by_id["g"].loc["b", "manufactured_year"] == 2024
    # the finding's own (2023-06-01) is before week 1 of 2024: no reading
    assert by_id["h"].loc["c", "date_problem"] == "no reading between 1970-01-01 and 2023-06-01"
    assert by_id["k"].loc["e", "manufactured_year"] == 2024  # nothing known: the day of the run

    write("g.yaml", "recovered_on: 2023-12-01\n")
    by_id = {f.finding_id: f.data.set_index("component_id") for f in load_findings(path, today=date(2030, 1, 1))}
    assert by_id["g"].loc["a", "manufactured_year"] == 2024  # the row's own day wins over the metadata's
    assert by_id["g"].loc["b", "date_problem"] == "no reading between 1970-01-01 and 2023-12-01"
    assert by_id["k"].loc["e", "date_problem"] == "no reading between 1970-01-01 and 2023-12-01"


def test_earliest_option(write, capsys):
    path = write("e.csv", HEADER + "e,a,X,US,2311,2024-01-02\ne,b,X,US,1801,2024-01-02\n")
    finding = load_finding(path, earliest="2019-01-01")
    assert finding.data["date_problem"].fillna("").tolist() == ["", "no reading between 2019-01-01 and 2024-01-02"]
    assert main(["validate", str(path), "--earliest", "2019-01-01"]) == 0
    assert f"{path}:3: column 'date_code': got '1801'" in capsys.readouterr().err
    assert main(["summary", str(path), "--json", "--earliest", "2019-01-01"]) == 0
    assert '"dated_components": 1,' in capsys.readouterr().out
    assert main(["summary", str(path), "--json"]) == 0
    assert '"dated_components": 2,' in capsys.readouterr().out


def test_a_metadata_recovery_day_that_is_not_a_day(write, capsys):
    path = write("m.csv", HEADER + "m,a,X,US,2311,\n")
    write("m.yaml", "recovered_on: early 2024\n")
    assert main(["summary", str(path)]) == 2
    assert "m.yaml: recovered_on: got 'early 2024', expected a day as YYYY-MM-DD" in capsys.readouterr().err


def test_codes_read_up_to_the_day_of_the_run_are_warned_about(write):
    path = write("w.csv", HEADER + "w,a,X,US,2311,\nw,b,X,US,,\nw,c,X,US,1510,2024-01-02\n")
    finding = load_finding(path, today=date(2030, 6, 1))
    assert (
        "1 date codes have no recovery day (in their row or the finding's metadata): read up to the day of the run, "
        "2030-06-01"
    ) not in finding.warnings  # the finding's other row gives its recovery day
    path = write("v.csv", HEADER + "v,a,X,US,2311,\nv,b,X,US,,\n")
    finding = load_finding(path, today=date(2030, 6, 1))
    assert (
        "1 date codes have no recovery day (in their row or the finding's metadata): read up to the day of the run, "
        "2030-06-01"
    ) in finding.warnings
