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
    assert capsys.readouterr().out.splitlines()[-1] == "3 components in 1 finding: 1 rows invalid (1 problems)"
