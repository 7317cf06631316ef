"""Hostile content: escaped in every HTML page, inert in CSV output, confined to the output folder, no network."""

import csv
import re
import socket
import tokenize
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import InputError
from analysis.finding import Finding, load_finding
from analysis.io import read
from analysis.report import FORMULA_START, neutralise, safe_folder, write_finding, write_reports
from analysis.schema import validate

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: Markup that must never reach a page unescaped.
RAW = ("<script>alert(1)", "<img src=x", "<iframe", "<b>evil", "onerror=alert(1)>")


def _hostile_finding(folder: Path) -> Path:
    rows = pd.DataFrame(
        {
            "finding_id": ["hostile-1", "hostile-1", "hostile-1", SCRIPT],
            "component_id": [SCRIPT, IMG, "3", "4"],
            "weapon": [SCRIPT] * 4,
            "location": [IMG] * 4,
            "category": ["other", "memory", SCRIPT, "other"],
            "part_number": [SCRIPT, IMG, "0805", "x"],
            "manufacturer": [SCRIPT, "<b>Evil</b> Corp", "Murata", "x"],
            "hq_country": [None, None, "JP", None],
            "date_code": [IMG, "2231", "1822", None],
            "source": ["https://evil.example/x.png", SCRIPT, None, None],
            "notes": [IMG, "<iframe src=javascript:alert(1)>", SCRIPT, None],
        }
    )
    path = folder / "hostile.csv"
    rows.to_csv(path, index=False)
    path.with_suffix(".yaml").write_text(
        f"title: '{SCRIPT}'\npublished_by: '{IMG}'\nreconstruction: '{SCRIPT}'\n", encoding="utf-8"
    )
    return path


def _assert_inert(text: str, where: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} unescaped in {where}"


def test_every_html_page_escapes_finding_strings(tmp_path):
    path = _hostile_finding(tmp_path)
    (tmp_path / f"{IMG}.csv").write_text("", encoding="utf-8")  # a file name is shown in the index too
    out = tmp_path / "out"
    entries = write_reports([tmp_path], out, formats=("html", "md"))
    assert [e.finding_id for e in entries if not e.error] == ["hostile-1"]
    pages = {"index": (out / "index.html").read_text(), "finding": (out / "hostile-1" / "index.html").read_text()}
    for name, html in pages.items():
        _assert_inert(html, name)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["finding"]  # shown, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["index"]  # the unusable file's name
    _assert_inert((out / "hostile-1" / "report.md").read_text(), "report.md")
    assert read(path).shape[0] == 4


def test_notebook_displays_escape_finding_strings(tmp_path):
    path = _hostile_finding(tmp_path)
    finding = load_finding(path)
    assert len(finding.data) + len(finding.rejected) == 4
    _assert_inert(finding._repr_html_(), "Finding._repr_html_")
    checked = validate(read(path))
    assert any(SCRIPT in problem.value for problem in checked.problems)
    html = checked._repr_html_()
    _assert_inert(html, "Validation._repr_html_")
    assert "&lt;script&gt;" in html


def test_neutralise_makes_formula_cells_text():
    frame = pd.DataFrame(
        {
            "a": ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "plain", None],
            "n": range(8),
        }
    )
    safe = neutralise(frame)
    assert safe["a"].tolist()[:7] == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain"]
    assert pd.isna(safe["a"].iloc[7])
    assert safe["n"].tolist() == list(range(8))


def test_enrich_csv_output_has_no_formula_cell(tmp_path, capsys):
    source = ROOT / "tests" / "data" / "bad" / "formula-injection.csv"
    path = tmp_path / "formulas.csv"
    path.write_text(source.read_text(encoding="utf-8").replace("notes", "=cmd|' /C calc'!A0", 1), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["enrich", str(path), "--out", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert '\'=HYPERLINK("http://x.example","click")' in cells and "'+cmd" in cells and "'@SUM(A1)" in cells
    assert any(cell.startswith("'=cmd|") for cell in cells)  # a user's column name is neutralised too


@pytest.mark.parametrize("name", ["../../etc", "..", ".", "", "a/../../b", "/etc/passwd", "a/b", "../out-2"])
def test_a_finding_id_cannot_leave_the_output_folder(tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError, match="can't be used as a folder name"):
        safe_folder(out, name)
    finding = Finding(data=pd.DataFrame({"finding_id": [name]}))
    with pytest.raises(InputError):
        write_finding(finding, out)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


def test_the_schema_allows_only_slugs_as_finding_ids(write):
    ids = ["../../etc", "..", "/etc/passwd", "a/b", "A-Upper", ".hidden", "ok-1.2_3"]
    path = write("ids.csv", "finding_id,component_id\n" + "".join(f"{i},{n}\n" for n, i in enumerate(ids)))
    checked = validate(read(path))
    assert checked.valid["finding_id"].tolist() == ["ok-1.2_3"]
    assert safe_folder(path.parent, "ok-1.2_3") == path.parent.resolve() / "ok-1.2_3"


#: Names that must not appear in the library's code: running text as code, unpickling, reaching the network.
FORBIDDEN = {"eval", "exec", "__import__", "pickle", "marshal", "shelve", "urllib", "requests", "socket"}
BUILTINS = {"compile", "breakpoint"}
FORBIDDEN_PAIRS = {("http", "client"), ("yaml", "load"), ("yaml", "unsafe_load"), ("os", "system")}
#: (file, name) -> why it is there.
ALLOWED: dict[tuple[str, str], str] = {
    ("finding.py", "yaml.load"): "with a yaml.SafeLoader subclass that only keeps dates as text",
}


def test_library_code_neither_evaluates_unpickles_nor_connects():
    found = []
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        with open(path, "rb") as handle:
            names = [t.string for t in tokenize.tokenize(handle.readline) if t.type in (tokenize.NAME, tokenize.OP)]
        for i, name in enumerate(names):
            pair = (name, names[i + 2]) if i + 2 < len(names) and names[i + 1] == "." else None
            builtin = name in BUILTINS and (i == 0 or names[i - 1] != ".")  # re.compile is fine, compile() not
            bad = name in FORBIDDEN or builtin or "pickle" in name or pair in FORBIDDEN_PAIRS
            reported = ".".join(pair) if pair in FORBIDDEN_PAIRS else name
            if bad and (path.name, reported) not in ALLOWED:
                found.append(f"{path.relative_to(ROOT)}: {reported}")
    assert not found, "\n".join(found)


def test_report_makes_no_network_request(tmp_path, monkeypatch, kharkiv_path):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    entries = write_reports([kharkiv_path], tmp_path, formats=("html", "md", "pdf"))
    assert not [e.error for e in entries if e.error]
    for page in tmp_path.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, flags=re.I)
        assert external == [], page
        assert "@import" not in html and "url(http" not in html
