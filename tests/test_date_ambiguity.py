"""Ambiguous date codes: left out of the assembly bound, which is also given with them counted."""

from analysis import load_finding, plots
from analysis.cli import main
from analysis.prose import headlines

HEADER = "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"


def test_bound_from_unambiguous_codes_and_with_the_ambiguous_ones(write, capsys):
    # 311 reads as 2023 (or 2013, 2003 ...): it is left out of the bound; 2205 (2022) is not ambiguous
    path = write("a.csv", HEADER + "a,x,X,US,311,2024-01-02\na,y,X,US,2205,2024-01-02\na,z,X,US,1801,2024-01-02\n")
    finding = load_finding(path)
    assert finding.assembled_not_before.date().isoformat() == "2022-01-31"
    assert finding.assembled_not_before_with_ambiguous.date().isoformat() == "2023-03-13"
    summary = finding.summary()
    assert summary["ambiguous_date_codes"] == 1
    assert summary["assembled_not_before"] == "2022-01-31"
    assert summary["assembled_not_before_with_ambiguous"] == "2023-03-13"
    assert summary["assembled_not_before_evidence"]["component_id"] == "y"
    assert headlines(summary)[-1] == (
        "1 date code with more than one reading left out of that date; read as listed (the most recent reading), "
        "the date would be 13 March 2023."
    )
    assert main(["summary", str(path)]) == 0
    assert "ambiguous date codes: 1 (left out; counted as listed: assembled not before 2023-03-13)" in (
        capsys.readouterr().out
    )


def test_the_report_repeats_under_the_bound_what_ambiguous_codes_would_do(write, tmp_path):
    path = write("a.csv", HEADER + "a,x,X,US,311,2024-01-02\na,y,X,US,2205,2024-01-02\na,z,X,US,1801,2024-01-02\n")
    assert main(["report", str(path), "--out", str(tmp_path / "out")]) == 0
    moved = "read as listed (the most recent reading), the date would be 13 March 2023."
    for name in ("index.html", "report.md"):
        page = (tmp_path / "out" / "a" / name).read_text()
        assert page.count(moved) == 2, name  # the headline, and the paragraph on the earliest assembly day
        assert "count it at the listed (most recent) reading" in page, name
        assert "1 part carries a date" in page, name
        assert "3 parts carry a date code that decodes; 0 do not." in page, name
    # the chart by year hatches the ambiguous part at its listed year and says so
    ax = plots.plot_years(load_finding(path).data)
    assert "hatched: 1 with an ambiguous code" in ax.texts[-1].get_text()
    assert len(ax.patches) == 2 * len(ax.containers[0])


def test_ambiguous_codes_that_do_not_move_the_bound(write):
    path = write("b.csv", HEADER + "b,x,X,US,311,2024-01-02\nb,y,X,US,2340,2024-01-02\n")
    summary = load_finding(path).summary()
    assert summary["ambiguous_date_codes"] == 1
    assert summary["assembled_not_before"] == summary["assembled_not_before_with_ambiguous"] == "2023-10-02"
    assert headlines(summary)[-1].endswith("read as listed (the most recent reading), it would not move it.")
    # both codes are of 2021-2023 as listed; the ambiguous one is said in the line
    assert summary["made_in_three_years_before_assembly"] | {"share": 1} == {
        "start_year": 2021, "end_year": 2023, "count": 2, "ambiguous": 1, "share": 1,
        "ci_low": summary["made_in_three_years_before_assembly"]["ci_low"],
        "ci_high": summary["made_in_three_years_before_assembly"]["ci_high"],
    }  # fmt: skip
    assert headlines(summary)[2].endswith(
        "were made 2021–2023 (1 of them with a date code of more than one reading, counted at its listed (most "
        "recent) reading)."
    )


def test_no_ambiguity_no_sentence(kharkiv_path):
    summary = load_finding(kharkiv_path).summary()
    assert summary["ambiguous_date_codes"] == 0
    assert summary["assembled_not_before"] == summary["assembled_not_before_with_ambiguous"]
    assert summary["assembled_not_before"].startswith("2023-03")
    assert not any("more than one reading" in line for line in headlines(summary))
