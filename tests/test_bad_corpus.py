"""The bad-input corpus (tests/data/bad/): every broken or hostile file gets its one-line answer, never a traceback.

For each file and each command that reads a finding, the exit code and message are those in ``expected.yaml``,
and every row of data in the file comes out used or rejected.
"""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.cli import main

BAD = Path(__file__).parent / "data" / "bad"
CASES = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


def _id(case: dict) -> str:
    return " ".join([case["file"], *case.get("args", [])]).replace(str(BAD), "")


def _run(capsys, command: list[str], case: dict) -> tuple[int, str, str]:
    args = [arg.replace("{here}", str(BAD)) for arg in case.get("args", [])]
    code = main([*command, *args, str(BAD / case["file"])])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    sidecar = Path(case["file"]).with_suffix(".yaml").name  # the finding's metadata beside it
    for line in captured.err.splitlines():  # one line per error, naming the file or the argument at fault
        if line.startswith("error:"):
            assert any(name in line for name in [case["file"], sidecar, *args]) or line.startswith("error: --")
    return code, captured.out, captured.err


def test_every_corpus_file_has_an_expectation():
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".yaml")}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_validate(capsys, case, corpus_counts):
    code, out, err = _run(capsys, ["validate"], case)
    corpus_counts["files"].add(case["file"])
    corpus_counts["messages_expected"] += 1
    assert (code, case["validate"][1] in out + err) == (case["validate"][0], True), out + err
    corpus_counts["messages"] += 1
    if case["rows"] is not None:
        corpus_counts["rows_expected"] += case["rows"]
        assert out.splitlines()[-1].startswith(f"{case['rows']} component{'' if case['rows'] == 1 else 's'} in ")
        corpus_counts["rows"] += case["rows"]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_summary(capsys, case, corpus_counts):
    code, out, err = _run(capsys, ["summary", "--json"], case)
    corpus_counts["files"].add(case["file"])
    corpus_counts["messages_expected"] += 1
    assert (code, case["summary"][1] in out + err) == (case["summary"][0], True), out + err
    corpus_counts["messages"] += 1
    if case["rows"] is not None:
        corpus_counts["rows_expected"] += case["rows"]
        findings = json.loads(out)["findings"]
        assert sum(f["components"] + f["rejected"] for f in findings) == case["rows"]
        corpus_counts["rows"] += case["rows"]


@pytest.mark.parametrize("case", [c for c in CASES if c["summary"][0] != 2 or "args" not in c], ids=_id)
def test_enrich_writes_every_row(capsys, tmp_path, case, corpus_counts):
    """enrich answers as summary does, and its output holds every row of the file, used or rejected."""
    out = tmp_path / "enriched.parquet"
    code, stdout, stderr = _run(capsys, ["enrich", "--out", str(out)], case)
    corpus_counts["messages_expected"] += 1
    assert code == case["summary"][0]
    assert code != 2 or case["summary"][1] in stderr
    corpus_counts["messages"] += 1
    if case["rows"] is not None:
        corpus_counts["rows_expected"] += case["rows"]
        rows = pd.read_parquet(out)
        assert len(rows) == case["rows"]
        assert stdout.startswith(f"{case['rows']} rows written to {out} ({rows['rejected'].notna().sum()} rejected)")
        corpus_counts["rows"] += case["rows"]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_manufacturers_never_tracebacks(capsys, case):
    code, out, err = _run(capsys, ["manufacturers", "--unresolved"], case)
    if "manufacturers" in case:  # a fault it doesn't read (the finding's metadata)
        assert code == case["manufacturers"]
    elif case["validate"][0] == 2 and "missing required column" not in case["validate"][1]:
        assert code == 2 and case["validate"][1] in err
    else:
        assert code == 0


def test_strict_makes_rejected_rows_an_error(capsys):
    assert main(["summary", "--strict", str(BAD / "duplicate-ids.csv")]) == 1
    assert "2 of 4 rows rejected" in capsys.readouterr().err


def test_report_accounts_for_every_row(tmp_path):
    """A report run over good, partly bad and unusable files: each file's rows used or rejected, or its error."""
    names = ["path-traversal.csv", "empty.csv"]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((BAD / name).read_bytes())
    command = ["report", str(folder), "--out", str(tmp_path / "out"), "--format", "html"]
    run = subprocess.run([sys.executable, "-m", "analysis.cli", *command], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "empty.csv: the file is empty" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # nothing written beside the output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".origins.lock", "bad-1", "index.html"]
    summary = json.loads((tmp_path / "out" / "bad-1" / "summary.json").read_text())
    assert summary["components"] + summary["rejected"] == 3
    index = (tmp_path / "out" / "index.html").read_text()
    assert "could not be used" in index and "empty.csv" in index
