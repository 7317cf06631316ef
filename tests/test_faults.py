"""Faults: killed runs, concurrent runs, output folders and files that are not what they should be.

Whatever happens, a previous output stays whole, one finding's failure does not stop the others, and the user
gets one line with the documented exit code, never a traceback.
"""

import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import output, report
from analysis.cli import main
from analysis.errors import InputError

ROWS = "finding_id,component_id,manufacturer,hq_country,date_code\n"


def _finding(folder: Path, finding_id: str, rows: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{finding_id}.csv"
    body = "".join(f"{finding_id},{n},Murata,JP,2231\n" for n in range(1, rows + 1))
    path.write_text(ROWS + body, encoding="utf-8")
    return path


# Atomic files


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path):
    target = output.write_text(tmp_path / "out.txt", "before")
    with pytest.raises(RuntimeError), output.atomic_path(target) as temporary:
        temporary.write_text("half of it")
        raise RuntimeError("killed")
    assert target.read_text() == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left


def test_an_atomic_file_is_readable_like_any_other(tmp_path):
    target = output.write_bytes(tmp_path / "out.bin", b"x")
    assert target.stat().st_mode & 0o444 == 0o444 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_enrich_refuses_to_write_over_its_input(tmp_path, capsys):
    path = _finding(tmp_path, "f-1")
    before = path.read_bytes()
    same = tmp_path / "." / path.name
    path_csv = str(same)
    assert main(["enrich", str(path), "--out", path_csv]) == 2
    assert capsys.readouterr().err == f"error: --out {path_csv}: is the input file; write to another file\n"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/out.csv", "no folder {tmp}/missing; create it first"),
        ("folder.csv", "is a folder; give a file name"),
    ],
)
def test_enrich_out_checked_before_reading(tmp_path, capsys, out, message):
    (tmp_path / "folder.csv").mkdir()
    path = _finding(tmp_path / "in", "f-1")
    assert main(["enrich", str(path), "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: --out {tmp_path / out}: {message.format(tmp=tmp_path)}\n"


def test_enrich_csv_quotes_carriage_returns_so_no_cell_starts_a_record(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_text(ROWS + "f-1,1,\"Murata\r+cmd|' /C calc'!A0\",JP,2231\nf-1,2,Murata,JP,\n", encoding="utf-8")
    out = tmp_path / "enriched.csv"
    assert main(["enrich", str(path), "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as stream:
        records = list(csv.reader(stream))
    assert len(records) == 3  # header and two rows: the CR stays inside its quoted cell
    assert not any(cell.startswith(("+", "=", "-", "@")) for record in records for cell in record)
    assert len(pd.read_csv(out)) == 2


def test_a_killed_enrich_leaves_the_previous_output_whole(tmp_path):
    """Killed at many moments of a run, the output is always the previous one or the new one, whole."""
    source = _finding(tmp_path / "in", "f-1", rows=20_000)
    out = tmp_path / "enriched.parquet"
    assert main(["enrich", str(source), "--out", str(out)]) == 0
    command = [sys.executable, "-m", "analysis.cli", "enrich", str(source), "--out", str(out)]
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert len(pd.read_parquet(out)) == 20_000
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(output.TEMPORARY)]
    assert len(leftovers) <= 5  # a kill can leave its temporary file; never a broken output


# Output folders


def test_report_out_that_is_a_file_is_one_line(tmp_path, capsys):
    path = _finding(tmp_path / "in", "f-1")
    (tmp_path / "out").write_text("not a folder")
    assert main(["report", str(path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"error: --out {tmp_path / 'out'}: is a file, not a folder; give a folder\n"


def test_report_out_that_cannot_be_created_is_one_line(tmp_path, capsys):
    path = _finding(tmp_path / "in", "f-1")
    (tmp_path / "file").write_text("")
    out = tmp_path / "file" / "out"
    assert main(["report", str(path), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: --out {out}: cannot create the folder (Not a directory)\n"


@pytest.fixture
def unprivileged():
    """A command prefix that runs as a user a read-only folder stops, and a folder that user can reach.

    Root writes into any folder whatever its mode, so as root the command runs as ``nobody`` (setpriv).
    """
    prefix = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: root writes into a read-only folder")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    folder = Path(tempfile.mkdtemp())  # pytest's own folders are private to root
    folder.chmod(0o755)
    try:
        yield prefix, folder
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("command", ["report", "enrich"])
def test_an_out_that_cannot_be_written_is_one_line(unprivileged, command):
    prefix, folder = unprivileged
    path = _finding(folder / "in", "f-1")
    read_only = folder / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    out = read_only / "enriched.csv" if command == "enrich" else read_only
    environment = os.environ | {"MPLCONFIGDIR": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [*prefix, sys.executable, "-m", "analysis.cli", command, str(path), "--out", str(out)],
        capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip
    expected = f"the folder {read_only} is not writable" if command == "enrich" else "the folder is not writable"
    assert (run.returncode, run.stderr) == (2, f"error: --out {out}: {expected}\n")
    assert list(read_only.iterdir()) == []


def test_a_finding_id_of_more_than_200_characters_is_rejected_naming_the_limit(tmp_path, capsys):
    longest, over = "f" * 200, "f" * 201
    path = tmp_path / "ids.csv"
    path.write_text(ROWS + f"{longest},1,Murata,JP,2231\n{over},2,Murata,JP,2231\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{path}:3: column 'finding_id': got {over!r}, expected a slug: lower-case letters, digits, '.', '_' or '-', "
        "at most 200 characters",
        "2 components in 1 finding: 1 row invalid (1 problem)",
    ]
    entries = report.write_reports([path], tmp_path / "out", formats=["md"])
    assert [entry.finding_id for entry in entries] == [longest]
    assert (tmp_path / "out" / longest / "report.md").is_file()  # the longest id names a folder


def test_a_second_run_into_the_same_folder_stops_with_one_line(tmp_path, capsys):
    path = _finding(tmp_path / "in", "f-1")
    out = tmp_path / "out"
    out.mkdir()
    with output.locked(out):
        assert main(["report", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --out {out}: another origins run is writing into this folder")
    assert not (out / "f-1").exists()
    assert main(["report", str(path), "--out", str(out)]) == 0  # the lock is gone with its holder


def test_recover_restores_a_folder_moved_aside_by_a_killed_run(tmp_path):
    out = tmp_path / "out"
    (out / ".f-1.old").mkdir(parents=True)
    (out / ".f-1.old" / "index.html").write_text("the previous report")
    (out / ".f-2.old").mkdir()  # its new folder arrived: the old one is only waste
    (out / "f-2").mkdir()
    (out / f"{output.TEMPORARY}f-3.abc").mkdir()
    (out / f"{output.TEMPORARY}index.html.xyz").write_text("half")
    (out / ".My notes.old").write_text("not ours: not a finding folder name")
    done = output.recover(out)
    assert sorted(p.name for p in out.iterdir()) == [".My notes.old", "f-1", "f-2"]
    assert (out / "f-1" / "index.html").read_text() == "the previous report"
    assert len(done) == 4


def test_a_file_where_a_report_folder_goes_fails_that_finding_only(tmp_path):
    folder = tmp_path / "in"
    _finding(folder, "f-1")
    _finding(folder, "f-2")
    out = tmp_path / "out"
    out.mkdir()
    (out / "f-1").write_text("the user's own file")
    for _ in range(2):  # and the same on the run after
        entries = report.write_reports([folder], out, formats=("html",))
        assert [e.error is None for e in entries] == [False, True]
        assert "f-1 is a file, not a report folder; move it away" in entries[0].error
        assert (out / "f-1").read_text() == "the user's own file"
        assert (out / "f-2" / "index.html").exists() and (out / "index.html").exists()


def test_a_killed_report_leaves_every_previous_folder_whole(tmp_path):
    """Killed at many moments, then run again: each finding's folder is the old one or the new one, whole."""
    folder = tmp_path / "in"
    for n in range(3):
        _finding(folder, f"f-{n}", rows=50)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "analysis.cli", "report", str(folder), "--out", str(out), "--format", "html,md"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    for delay in (1.5, 2.5, 3.5):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for n in range(3):
            present = out / f"f-{n}" if (out / f"f-{n}").exists() else out / f".f-{n}.old"
            assert (present / "summary.json").exists() and (present / "index.html").exists()
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [output.LOCK_NAME, "f-0", "f-1", "f-2", "index.html"]


def test_one_failing_finding_does_not_stop_the_run(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for n in range(3):
        _finding(folder, f"f-{n}")
    original = report._charts

    def charts(finding, basis):
        if finding.finding_id == "f-1":
            raise ValueError("a chart that breaks")
        return original(finding, basis)

    monkeypatch.setattr(report, "_charts", charts)
    entries = report.write_reports([folder], tmp_path / "out", formats=("html",))
    assert [e.finding_id for e in entries] == ["f-0", None, "f-2"]
    assert entries[1].error.endswith("finding f-1: report failed (ValueError: a chart that breaks)")
    assert "a chart that breaks" in (tmp_path / "out" / "index.html").read_text()


def test_write_finding_refuses_a_name_outside_out(tmp_path):
    with pytest.raises(InputError, match="can't be used as a folder name"):
        report.safe_folder(tmp_path, "../x")


# One finding's hostile values: its charts, its metadata, its JSON


def test_charts_draw_user_text_as_plain_text(tmp_path):
    """A component id matplotlib would read as math text, and a 300-character one, are drawn as written."""
    long_id = "K-" + "x" * 300
    path = tmp_path / "f-1.csv"
    path.write_text(
        "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"
        "f-1,K-$\\foo$,Murata,JP,2231,2024-01-02\n"
        f"f-1,{long_id},Murata,JP,2231,2024-01-02\n",
        encoding="utf-8",
    )
    entries = report.write_reports([path], tmp_path / "out", formats=("html", "md"))
    assert entries[0].error is None
    assert (tmp_path / "out" / "f-1" / "timeline.png").stat().st_size > 0


def test_plain_labels_are_cut_and_escaped():
    from analysis.plots import MAX_LABEL, _plain

    assert _plain("K-$\\foo$") == "K-\\$\\foo\\$"
    assert len(_plain("x" * 300)) == MAX_LABEL and _plain("x" * 300).endswith("\u2026")
    assert _plain("two\nlines") == "two lines"


def test_a_recovery_date_beyond_the_axis_is_counted_not_drawn(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis import load_finding

    path = tmp_path / "f-1.csv"
    path.write_text(
        "finding_id,component_id,manufacturer,hq_country,date_code,recovered_on\n"
        "f-1,1,Murata,JP,2231,9999-12-31\nf-1,2,Murata,JP,2231,9999-12-31\n",
        encoding="utf-8",
    )
    finding = load_finding(path)
    fig, ax = plt.subplots()
    finding.plot.timeline(ax=ax)
    fig.savefig(tmp_path / "timeline.png")
    plt.close(fig)
    assert "dates outside 1900–2199, not drawn: 2" in ax.get_xlabel()


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("recovered_on: 2024-13-45\n", "recovered_on: got '2024-13-45', expected a day as YYYY-MM-DD"),
        ("recovered_on: 2024\n", "recovered_on: got 2024, expected a day as YYYY-MM-DD"),
        ("title: 5\n", "title: expected text, got the number 5; put it in quotes"),
        ("title: [1, 2]\n", "title: expected text, got a list; put it in quotes"),
        ("title: .nan\n", "title: expected text, got the number nan; put it in quotes"),
        ("sources: 5\n", "sources: expected a list of text (one '- source' a line)"),
    ],
)
def test_sidecar_metadata_is_checked(tmp_path, capsys, sidecar, message):
    path = _finding(tmp_path, "f-1")
    path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    assert main(["summary", "--json", str(path)]) == 2
    assert capsys.readouterr().err == f"error: {path.with_suffix('.yaml')}: {message}\n"


def test_sidecar_dates_become_days(tmp_path):
    from analysis import load_finding

    path = _finding(tmp_path, "f-1")
    path.with_suffix(".yaml").write_text("recovered_on: 2024-01-02\ntitle: 2024-01-02\n", encoding="utf-8")
    metadata = load_finding(path).metadata
    assert (metadata["recovered_on"], metadata["title"]) == ("2024-01-02", "2024-01-02")


def test_summary_json_has_no_nan_for_a_single_dated_part(tmp_path, capsys):
    import json

    path = tmp_path / "f-1.csv"
    path.write_text(ROWS + "f-1,1,Murata,JP,2231\nf-1,2,Murata,JP,\n", encoding="utf-8")
    assert main(["summary", "--json", str(path)]) == 0
    summary = json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(name))["findings"][0]
    assert summary["assembled_not_before_evidence"]["next_latest_component_id"] is None


# Hostile structure, made on the fly: refused (or read) before the cost grows, with one line


def test_blank_lines_cost_nothing_and_keep_the_line_numbers(tmp_path):
    from analysis.io import read

    path = tmp_path / "blank.csv"
    body = "\n" * 3 + ROWS + "\n" * 1_000_000 + "f-1,1,Murata,JP,2231\n \t\r\n\nf-1,2,Murata,JP,\n" + "\n" * 1_000_000
    path.write_text(body, encoding="utf-8")
    frame = read(path)
    assert frame["source_line"].tolist() == [1_000_005, 1_000_008]
    assert frame["component_id"].tolist() == ["1", "2"]


def test_blank_lines_and_quoted_newlines_keep_the_line_numbers(tmp_path):
    from analysis.io import read

    path = tmp_path / "blank.csv"
    path.write_text('\nfinding_id,component_id,notes\n\nf-1,1,"a\n\nb"\n\n  \nf-1,2,x\n', encoding="utf-8")
    frame = read(path)
    assert frame["source_line"].tolist() == [4, 9]
    assert frame["notes"].tolist() == ["a\n\nb", "x"]


def test_a_header_of_a_million_columns_is_refused_at_once(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_text("finding_id,component_id" + ",x" * 1_000_000 + "\nf-1,1\n", encoding="utf-8")
    started = time.perf_counter()
    assert main(["validate", str(path)]) == 2
    assert time.perf_counter() - started < 10
    assert capsys.readouterr().err == (
        f"error: {path}: the header has 1,000,002 columns, more than the limit of 1,000; "
        "give --max-columns N to read it anyway\n"
    )


def test_a_workbook_part_that_unpacks_beyond_the_limit_is_refused_unpacked(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "components"
    book.active.append(["finding_id", "component_id", "notes"])
    for n in range(20_000):
        book.active.append(["f-1", str(n), "same text " * 5])
    path = tmp_path / "bomb.xlsx"
    book.save(path)
    assert path.stat().st_size < 1024**2  # small as a file, large unpacked
    assert main(["validate", "--max-size", "1", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: its part 'xl/worksheets/sheet1.xml' unpacks to ")
    assert err.endswith("more than the limit of 1 MB; give --max-size MB to read it anyway\n")


def test_a_sheets_range_is_counted_from_its_cells_named_or_not():
    """Rows and cells without a name follow the one before, as openpyxl reads them: 4 rows by 5 columns."""
    from io import BytesIO

    from analysis.io import _sheet_extent

    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>'
        b'<row r="4"><c r="C4" t="inlineStr"><is><t>c</t></is></c><c><v>1</v></c><c><v>2</v></c></row><row/>'
        b"</sheetData></worksheet>"
    )
    assert _sheet_extent(BytesIO(sheet)) == (4, 5)


def test_running_out_of_memory_is_one_line(tmp_path, capsys, monkeypatch):
    from analysis import io

    path = _finding(tmp_path, "f-1")

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(io, "_read_csv", exhausted)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {path}: not enough memory to read it (")


def test_parquet_is_read_as_stripped_text_group_by_group(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.io import read

    table = pa.table(
        {
            "finding_id": ["f-1"] * 4,
            "component_id": pa.array([1, 2, 3, 4]),
            "part_number": pa.array(["0805 ", "", None, " LM317"]).dictionary_encode(),
            "notes": pa.array([b"ok", None, b"", b" x "], pa.binary()),
        }
    )
    path = tmp_path / "f.parquet"
    pq.write_table(table, path, row_group_size=3)
    frame = read(path)
    assert frame["source_line"].tolist() == [1, 2, 3, 4]
    assert frame["component_id"].tolist() == ["1", "2", "3", "4"]
    assert frame["part_number"].astype("str").fillna("<NA>").tolist() == ["0805", "<NA>", "<NA>", "LM317"]
    assert frame["notes"].astype("str").fillna("<NA>").tolist() == ["ok", "<NA>", "<NA>", "x"]
    # a value repeated over rows is held once: the file's name, the finding; an id stays text
    assert frame["finding_id"].cat.categories.tolist() == ["f-1"]
    assert frame["source_file"].cat.categories.tolist() == [str(path)]
    assert frame["component_id"].dtype == "str"


def test_enrich_of_a_parquet_writes_its_text_whatever_the_reader_held(tmp_path, monkeypatch):
    """Columns read as categorical text are written as the text columns they were, in one slice or many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis import io

    country = {n: "JP" if n % 2 else "" for n in range(60)} | {55: "XX"}  # rejected: none in the first slices
    body = "".join(f"f-1,{n},{'Murata' if n % 3 else '=cmd'},{country[n]},22{n % 50:02d}\n" for n in range(60))
    source = tmp_path / "in.parquet"
    (tmp_path / "in.csv").write_text(ROWS + body, encoding="utf-8")
    pd.read_csv(tmp_path / "in.csv", dtype=str).to_parquet(source)
    written = {}
    for held, repeated, rows in (("text", -1.0, output.SLICE_ROWS), ("categorical", io.REPEATED, 7)):
        monkeypatch.setattr(io, "REPEATED", repeated)
        monkeypatch.setattr(output, "SLICE_ROWS", rows)
        for suffix in ("csv", "parquet"):
            out = tmp_path / f"{held}.{suffix}"
            assert main(["enrich", str(source), "--out", str(out)]) == 0
            written[held, suffix] = out
    assert written["text", "csv"].read_bytes() == written["categorical", "csv"].read_bytes()
    assert "'=cmd" in written["categorical", "csv"].read_text(encoding="utf-8")  # neutralised in every slice
    text, categorical = (pq.read_table(written[held, "parquet"]) for held in ("text", "categorical"))
    assert categorical.equals(text) and categorical.schema.metadata == text.schema.metadata
    assert categorical.num_rows == 60 and pq.ParquetFile(written["categorical", "parquet"]).num_row_groups == 9
    assert categorical.schema.field("manufacturer").type == pa.large_string()
    assert categorical.schema.field("rejected").type == pa.string()  # though the first slices have none


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "Acme Corp,US,x\nAcme Corp,DE,x\n",
            "company 'Acme Corp' is on lines 2, 3 with different values; give it one row",
        ),
        (
            "Acme Corp,US,x\nZed Ltd,ZZ,x\n",
            "line 3, column hq_country: 'ZZ' (expected an ISO 3166-1 alpha-2 country code",
        ),
        (",US,x\n", "line 2, column company: empty (expected a company name)"),
    ],
)
def test_a_users_manufacturer_table_is_checked_like_the_bundled_one(tmp_path, capsys, table, message):
    makers = tmp_path / "makers.csv"
    makers.write_text("company,hq_country,source\n" + table, encoding="utf-8")
    path = _finding(tmp_path, "f-1")
    assert main(["summary", "--manufacturers", str(makers), str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {makers}: {message}")


def test_a_wide_header_ended_by_a_lone_carriage_return_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "wide-cr.csv"
    path.write_bytes(("finding_id,component_id" + ",x" * 1_200 + "\rf-1,1\r").encode())
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: {path}: the header has 1,202 columns, more than the limit of 1,000; "
        "give --max-columns N to read it anyway\n"
    )
    # a narrow header on a lone-CR line is not counted with the records after it (trailing empty cells hold nothing)
    path.write_bytes(b"finding_id,component_id\rf-1,1" + b"," * 1_100 + b"\r")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 component in 1 finding, no problems"
