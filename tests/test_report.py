"""Reports: the files each finding gets, escaping of hostile text, and the batch behaviour."""

import json
import shutil

import pytest

from analysis import report
from analysis.cli import main
from analysis.errors import InputError

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def kharkiv_report(tmp_path_factory):
    from conftest import KHARKIV

    out = tmp_path_factory.mktemp("reports")
    entries = report.write_reports([KHARKIV], out)
    return out, entries


def test_kharkiv_report_has_every_file_and_the_published_figures(kharkiv_report, kharkiv_path, capsys):
    out, entries = kharkiv_report
    folder = out / "car-kharkiv-2024-01-02"
    for name in ["index.html", "report.md", "summary.json", "components.parquet", "origins.png", "years.png"]:
        assert (folder / name).stat().st_size > 0, name
    html = (folder / "index.html").read_text()
    assert "294 parts from 26 companies in 8 countries." in html
    assert "75.5 % (222 parts) from companies headquartered in the United States." in html
    assert "78.9 % of those (116) were made 2021–2023" in html
    assert "Assembled no earlier than March 2023" in html
    assert "This dataset is a reconstruction." in html
    assert "http://" not in html and "https://" not in html  # self-contained: no network requests
    assert main(["summary", str(kharkiv_path), "--json"]) == 0
    assert json.loads((folder / "summary.json").read_text()) == json.loads(capsys.readouterr().out)["findings"][0]
    index = (out / "index.html").read_text()
    assert 'href="car-kharkiv-2024-01-02/index.html"' in index and "75.5 %" in index


def test_hostile_text_is_escaped_everywhere(write, tmp_path):
    columns = "finding_id,component_id,weapon,location,manufacturer,part_number,date_code,notes,category\n"
    path = write(
        "hostile.csv",
        columns + f"f-1,{HOSTILE},{HOSTILE},{HOSTILE},{HOSTILE},{HOSTILE},{HOSTILE},{HOSTILE},\n"
        f"f-1,2,x,y,Zed|2*_x_,LT1,2201,,memory\n"
        f"f-1,<b>3</b>,x,y,Analog Devices,LT1,2201,,{HOSTILE}\n",
    )
    out = tmp_path / "out"
    report.write_reports([path], out, formats=("html", "md"))
    html = (out / "f-1" / "index.html").read_text()
    markdown = (out / "f-1" / "report.md").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;3&lt;/b&gt;" in html  # the rejected row's id
    assert "<script>" not in markdown
    assert "Zed\\|2\\*\\_x\\_" in markdown


def test_a_bad_file_does_not_stop_the_others(write, tmp_path, kharkiv_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(kharkiv_path, folder)
    (folder / "broken.csv").write_text("finding_id\nf-1\n")
    out = tmp_path / "out"
    assert main(["report", str(folder), "--out", str(out)]) == 1
    assert (out / "car-kharkiv-2024-01-02" / "index.html").exists()
    index = (out / "index.html").read_text()
    assert "broken.csv" in index and "missing required column" in index
    assert "1 reports written" in capsys.readouterr().out


def test_an_interrupted_report_leaves_the_previous_one(tmp_path, kharkiv_path, monkeypatch):
    out = tmp_path / "out"
    report.write_reports([kharkiv_path], out, formats=("html",))
    before = (out / "car-kharkiv-2024-01-02" / "index.html").read_text()

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "_context", fail)
    with pytest.raises(KeyboardInterrupt):
        report.write_reports([kharkiv_path], out, formats=("html",))
    assert (out / "car-kharkiv-2024-01-02" / "index.html").read_text() == before
    assert sorted(p.name for p in out.iterdir()) == [".origins.lock", "car-kharkiv-2024-01-02", "index.html"]


@pytest.mark.parametrize("name", ["..", ".", "", "../evil", "a/b"])
def test_a_finding_id_cannot_leave_the_output_folder(tmp_path, name):
    with pytest.raises(InputError):
        report.safe_folder(tmp_path, name)


def test_two_findings_in_parallel(tmp_path, kharkiv_path):
    second = tmp_path / "second.csv"
    second.write_text(kharkiv_path.read_text().replace("car-kharkiv-2024-01-02", "copy-of-kharkiv"))
    entries = report.write_reports([kharkiv_path, second], tmp_path / "out", formats=("html",), jobs=2)
    assert sorted(e.finding_id for e in entries) == ["car-kharkiv-2024-01-02", "copy-of-kharkiv"]
    assert all((tmp_path / "out" / e.finding_id / "index.html").exists() for e in entries)


def test_pdf_is_written_when_asked(tmp_path, kharkiv_path):
    report.write_reports([kharkiv_path], tmp_path, formats=("pdf",))
    assert (tmp_path / "car-kharkiv-2024-01-02" / "report.pdf").read_bytes().startswith(b"%PDF")


def test_neutralise_formula_cells():
    import pandas as pd

    frame = pd.DataFrame({"a": ["=1+1", "+x", "-y", "@z", "ok", None], "n": [1, 2, 3, 4, 5, 6]})
    assert report.neutralise(frame)["a"].tolist()[:5] == ["'=1+1", "'+x", "'-y", "'@z", "ok"]


def test_rich_display_escapes_user_text(write):
    from analysis import load_finding, read, validate

    path = write("h.csv", f"finding_id,component_id,manufacturer,hq_country\nf-1,1,{HOSTILE},US\nf-1,2,x,{HOSTILE}\n")
    finding_html = load_finding(path)._repr_html_()
    validation_html = validate(read(path))._repr_html_()
    assert "1 used, 1 rejected" in finding_html
    assert "<script>" not in validation_html + finding_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in validation_html


def test_report_reads_files_as_told(write, tmp_path, capsys):
    """--columns and --encoding reach the report, as they reach summary."""
    path = tmp_path / "field.csv"
    path.write_bytes("Debris,Item,Maker,Code\nf-2,1,Müller Elektronik,2201\n".encode("cp1252"))
    mapping = write("map.yaml", "Debris: finding_id\nItem: component_id\nMaker: manufacturer\nCode: date_code\n")
    out = tmp_path / "out"
    args = ["report", str(path), "--out", str(out), "--columns", str(mapping), "--encoding", "cp1252"]
    assert main(args) == 0
    summary = json.loads((out / "f-2" / "summary.json").read_text())
    assert summary["components"] == 1 and summary["dated_components"] == 1
    assert "Müller" in (out / "f-2" / "index.html").read_text()


def test_one_finding_id_in_two_files_is_an_error(tmp_path, kharkiv_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(kharkiv_path, folder / "a.csv")
    shutil.copy(kharkiv_path, folder / "b.csv")
    out = tmp_path / "out"
    assert main(["report", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "finding_id car-kharkiv-2024-01-02 is also in" in err and "a.csv" in err and "b.csv" in err
    assert err.count("error:") == 2
