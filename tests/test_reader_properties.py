"""Property tests of the reader: a finding written to CSV, XLSX, Parquet or JSON reads back as written.

Cells are any text, including leading zeros, separators, quotes, newlines, non-ASCII and leading ``=``; what
comes back is the text with surrounding spaces stripped (an empty cell being missing), and each row's
``source_line`` is the line it starts on: for CSV counted through the newlines inside quoted values.
The date-code decoder's properties are in test_datecodes.py.
"""

import tempfile
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import io
from analysis.errors import InputError
from analysis.io import read
from analysis.schema import SLUG

CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from(
    ["\n", "\t", ",", ";", '"', "'", "=", "+", "-", "@", "0", " ", "é", "°", "µ", "中"]
)
CELL = st.none() | st.text(CHARACTERS, max_size=12) | st.sampled_from(["0805", "0952", "=1+1", "nan", "NA", "null"])
OPTIONAL = ("weapon", "part_number", "manufacturer", "date_code", "notes")


@st.composite
def findings(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(st.text(CHARACTERS, min_size=1, max_size=8).filter(str.strip), min_size=n, max_size=n))
    columns = {
        "finding_id": [draw(st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) < 30))] * n,
        "component_id": [f"{i}{text}" for i, text in enumerate(ids)],  # unique, never blank
    }
    columns |= {name: draw(st.lists(CELL, min_size=n, max_size=n)) for name in OPTIONAL}
    return pd.DataFrame(columns, dtype=object)  # None stays None, not NaN


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """Every value a text cell, as an investigator types it (pandas would make '=1+1' a formula)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=row_number, column=column, value=value)
                cell.data_type = "s"
    book.save(path)


WRITERS = {
    "comma.csv": lambda frame, path: frame.to_csv(path, index=False),
    "semicolon-bom.csv": lambda frame, path: frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig"),
    "tab-utf16.csv": lambda frame, path: frame.to_csv(path, index=False, sep="\t", encoding="utf-16"),
    "finding.xlsx": _write_xlsx,
    "finding.parquet": lambda frame, path: frame.to_parquet(path, index=False),
    "finding.json": lambda frame, path: frame.to_json(path, orient="records", force_ascii=False),
}


def _expected_lines(frame: pd.DataFrame, name: str) -> list[int]:
    if not name.endswith(".csv"):
        return list(range(2 if name.endswith(".xlsx") else 1, len(frame) + (2 if name.endswith(".xlsx") else 1)))
    newlines = frame.apply(lambda row: sum(str(v).count("\n") for v in row if v is not None), axis=1)
    return (2 + frame.index + newlines.cumsum().shift(fill_value=0)).tolist()


@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=findings())
def test_a_written_finding_reads_back_the_same(name, frame):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        WRITERS[name](frame, path)
        back = read(path)
    expected = [[v.strip() if v is not None and v.strip() else None for v in row] for row in frame.values.tolist()]
    got = [[None if pd.isna(v) else v for v in row] for row in back[list(frame.columns)].values.tolist()]
    assert got == expected
    assert back["source_line"].tolist() == _expected_lines(frame, name)


CSV_PIECES = st.sampled_from(["finding_id", "component_id", "x", "0805", ",", ";", "\t", '"', '""', "\n", "\r\n", " "])


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx", ".parquet"])
@settings(max_examples=20, deadline=None)
@given(content=st.binary(max_size=200) | st.lists(CSV_PIECES, max_size=40).map(lambda p: "".join(p).encode()))
def test_any_bytes_give_a_frame_or_one_clear_error(suffix, content):
    """Whatever the file holds, the reader answers with rows or an InputError of one line, nothing else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"finding{suffix}"
        path.write_bytes(content)
        try:
            frame = read(path)
        except InputError as error:
            assert "\n" not in str(error) and str(path) in str(error)
        else:
            assert len(frame) and frame["source_line"].is_monotonic_increasing


@st.composite
def csv_texts(draw) -> str:
    """Rows of a CSV file as hands and tools write them: quoted fields holding separators, doubled quotes and line
    ends, literal quotes, blank lines and lines of spaces, CRLF or lone CR line ends, rows a field short or long."""
    separator, end = draw(st.sampled_from([",", ";", "\t"])), draw(st.sampled_from(["\n", "\r\n", "\r"]))
    plain = st.lists(st.sampled_from(["x", "0805", " ", "é", '5"', ";" if separator != ";" else ","]), max_size=3)
    quoted = st.lists(st.sampled_from(["a", separator, '""', "\n", "\r\n", " "]), max_size=4)
    field = plain.map("".join) | quoted.map(lambda p: '"' + "".join(p) + '"')
    width = draw(st.integers(1, 3))
    rows = [separator.join(f"h{n}" for n in range(width))]
    for _ in range(draw(st.integers(0, 5))):
        length = draw(st.sampled_from([width, width, width, width - 1, width + 1, 0]))
        rows.append(
            separator.join(draw(st.lists(field, min_size=length, max_size=length)))
            or draw(st.sampled_from(["", " ", "\t"]))
        )
    return draw(st.sampled_from(["", "\n", " \n"])) + end.join(rows) + draw(st.sampled_from(["", end, end + end]))


@settings(max_examples=300, deadline=None)
@given(text=csv_texts())
def test_the_arrow_reader_reads_as_pandas_does(text):
    """The fast reader (pyarrow) gives the frame, lines and errors of the general one (pandas, else the csv module),
    or leaves the file to it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "finding.csv"
        path.write_bytes(text.encode("utf-8"))
        answers = []
        for reader in (io._read_csv_arrow, lambda *args: None):
            with patch.object(io, "_read_csv_arrow", reader):
                try:
                    frame = read(path)
                except InputError as error:
                    answers.append(str(error))
                else:
                    answers.append((frame.to_dict("list"), frame.attrs))
    assert answers[0] == answers[1]
