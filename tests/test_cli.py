"""The command line: one line per problem, the documented exit codes, never a traceback."""

import subprocess
import sys

from analysis.cli import main


def test_validate_kharkiv_is_clean(kharkiv_path, capsys):
    assert main(["validate", str(kharkiv_path)]) == 0
    assert capsys.readouterr().out.strip() == "294 components in 1 finding, no problems"


def test_validate_bad_rows_exit_1(write, capsys):
    path = write("bad.csv", "finding_id,component_id,hq_country\nf-1,1,US\nf-1,1,ZZ\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:2: column 'component_id'" in out[0]
    assert any("'hq_country': got 'ZZ'" in line for line in out)
    assert out[-1] == "2 components in 1 finding: 2 rows invalid (3 problems)"


def test_unusable_file_exit_2_without_traceback(write, tmp_path):
    path = write("nocol.csv", "finding_id\nf-1\n")
    run = subprocess.run([sys.executable, "-m", "analysis.cli", "validate", str(path)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == f"error: {path}: missing required column 'component_id'; found finding_id"


def test_validate_does_not_count_a_malformed_id_as_a_finding(write, capsys):
    path = write("ids.csv", "finding_id,component_id\nf-1,1\n../../etc,2\nf-1,3\n")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "3 components in 1 finding: 1 row invalid (1 problem)"


def test_summary_json_writes_nothing_to_stdout_on_failure(write, capsys):
    path = write("bad.csv", "finding_id,component_id,hq_country\nf-1,1,ZZ\n")
    assert main(["summary", str(path), "--json", "--encoding", "utf-8"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"`origins validate {path} --encoding utf-8` says why" in captured.err


def test_rejected_rows_hint_repeats_the_reading_options(write, capsys):
    path = write("half.csv", "finding_id,component_id,hq_country\nf-1,1,ZZ\nf-1,2,US\n")
    assert main(["summary", str(path), "--encoding", "utf-8", "--sheet", "my sheet"]) == 0
    assert f"(see `origins validate {path} --encoding utf-8 --sheet 'my sheet'`)" in capsys.readouterr().err
    assert main(["summary", str(path), "--json", "--strict"]) == 1
    assert capsys.readouterr().out == ""
    assert main(["summary", str(path), "--format", "csv", "--strict"]) == 1
    assert capsys.readouterr().out == ""


def test_report_outside_a_checkout_says_its_default_and_leaves_no_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report"]) == 2
    assert "datasets/findings: no such folder here (the default inside a checkout" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_compare_outside_a_checkout_says_its_default(kharkiv_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["compare", str(kharkiv_path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "(the default inside a checkout of the project): give --library DIR or --against FILE" in captured.err


def test_a_report_that_writes_nothing_makes_no_folder(write, tmp_path, capsys):
    path = write("bad.csv", "finding_id,component_id,hq_country\nf-1,1,ZZ\n")
    assert main(["report", str(path), "--out", str(tmp_path / "out"), "--format", "md"]) == 2
    assert not (tmp_path / "out").exists()
    assert f"`origins validate {path}` says why" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert "no finding files in" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_examples_lists_and_copies_the_bundled_findings(tmp_path, capsys):
    assert main(["examples"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("car-kharkiv-2024-01-02  ")
    assert main(["examples", "--copy", str(tmp_path / "ex")]) == 0
    assert sorted(p.name for p in (tmp_path / "ex").iterdir()) == [
        "car-kharkiv-2024-01-02.csv",
        "car-kharkiv-2024-01-02.yaml",
        "synthetic-new-finding-2025.csv",
        "synthetic-new-finding-2025.yaml",
    ]
