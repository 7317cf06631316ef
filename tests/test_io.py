"""The reader keeps source line numbers and text values across CSV, XLSX, Parquet and JSON."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.io import finding_files, load_mapping, read

ROWS = pd.DataFrame(
    {
        "finding_id": ["f-1", "f-1", "f-1"],
        "component_id": ["a", "b", "c"],
        "part_number": ["0805", "LM317", "0603"],
        "date_code": ["0952", "2311A", None],
    }
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".json"])
def test_line_numbers_and_text_survive_every_format(tmp_path, suffix):
    path = tmp_path / f"finding{suffix}"
    {
        ".csv": lambda: ROWS.to_csv(path, index=False),
        ".xlsx": lambda: ROWS.to_excel(path, index=False),
        ".parquet": lambda: ROWS.to_parquet(path, index=False),
        ".json": lambda: ROWS.to_json(path, orient="records"),
    }[suffix]()
    frame = read(path)
    first = 2 if suffix in (".csv", ".xlsx") else 1
    assert frame["source_line"].tolist() == [first, first + 1, first + 2]
    assert frame["part_number"].tolist() == ["0805", "LM317", "0603"]
    assert frame["date_code"].tolist()[:2] == ["0952", "2311A"]
    assert pd.isna(frame["date_code"].iloc[2])
    assert (frame["source_file"] == str(path)).all()


def test_semicolons_bom_and_header_spacing(write, tmp_path):
    path = tmp_path / "euro.csv"
    path.write_bytes("\ufeff Finding_ID ;Component_ID;Part Number\nf-1;1;0805\n".encode())
    frame = read(path)
    assert list(frame.columns[:3]) == ["finding_id", "component_id", "part_number"]
    assert frame.loc[0, "part_number"] == "0805"


def test_column_mapping_renames_foreign_layouts(write):
    mapping = write("map.json", '{"Case": "finding_id", "Item": "component_id", "Maker": "manufacturer"}')
    path = write("foreign.csv", "Case,Item,Maker\nf-1,1,Analog Devices\n")
    frame = read(path, columns=load_mapping(mapping))
    assert frame.loc[0, ["finding_id", "component_id", "manufacturer"]].tolist() == [
        "f-1",
        "1",
        "Analog Devices",
    ]


def test_folder_lists_finding_files_only(tmp_path):
    for name in ["b.csv", "a.parquet", "notes.md", "c.yaml"]:
        (tmp_path / name).write_text("x")
    assert [p.name for p in finding_files([tmp_path])] == ["a.parquet", "b.csv"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", b"finding_id,component_id\n", "no rows below the header"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
        ("mixed.csv", b"finding_id,component_id\nf-1,M\xc3\xbcller\nf-1,M\xfcller\n", "not UTF-8 text .* on line 3"),
        ("controls.csv", b"finding_id,component_id\nf-1,\xfc\x01\n", "--encoding"),
        ("broken.json", b"{not json", "not valid JSON"),
        ("deep.json", b"[" * 100_000, "nested too deeply"),
        ("table.txt", b"a,b\n", "unsupported file type"),
    ],
)
def test_unusable_files_give_one_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read(path)


def test_windows_1252_is_read_with_a_warning(tmp_path):
    path = tmp_path / "euro.csv"
    path.write_bytes("finding_id;component_id;notes\nf-1;1;25 °C, Müller, réparé\n".encode("cp1252"))
    frame = read(path)
    assert frame.loc[0, "notes"] == "25 °C, Müller, réparé"
    assert "read as Windows-1252" in frame.attrs["warnings"][0]
    assert read(path, encoding="cp1252").attrs["warnings"] == []


def test_utf16_from_excel_unicode_text(tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("finding_id\tcomponent_id\tpart_number\r\nf-1\t1\t0805\r\nf-1\t2\tµA741\r\n".encode("utf-16"))
    frame = read(path)
    assert frame["part_number"].tolist() == ["0805", "µA741"]
    assert frame["source_line"].tolist() == [2, 3]


def test_quoted_newlines_keep_physical_lines(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(
        'finding_id,component_id,notes\nf-1,1,"two\nlines"\n\nf-1,2,"say ""hi""\n\nthere"\nf-1,3,x\n', encoding="utf-8"
    )
    frame = read(path)
    assert frame["notes"].tolist() == ["two\nlines", 'say "hi"\n\nthere', "x"]
    assert frame["source_line"].tolist() == [2, 5, 8]


def test_literal_quotes_inside_values_keep_lines(tmp_path):
    """A quote inside an unquoted value is text; the line count does not take it for a quoted field."""
    path = tmp_path / "inches.csv"
    path.write_text('finding_id,component_id,notes\nf-1,1,5" screen\nf-1,2,"a\nb"\nf-1,3,2" wide\n', encoding="utf-8")
    frame = read(path)
    assert frame["notes"].tolist() == ['5" screen', "a\nb", '2" wide']
    assert frame["source_line"].tolist() == [2, 3, 5]


def test_ragged_rows(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("finding_id,component_id\nf-1,1,,\nf-1\n\nf-1,3\n", encoding="utf-8")
    frame = read(path)
    assert frame["component_id"].tolist()[::2] == ["1", "3"] and pd.isna(frame.loc[1, "component_id"])
    assert frame["source_line"].tolist() == [2, 3, 5]
    path.write_text("finding_id,component_id\nf-1,1\nf-1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ragged.csv:3: 3 fields where the header has 2; '3' has no column"):
        read(path)


def test_a_ragged_first_row_does_not_shift_the_columns(tmp_path):
    """pandas takes a first row longer than the header for an index column; every value would move left."""
    path = tmp_path / "first.csv"
    path.write_text("finding_id,component_id\nf-1,1,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="first.csv:2: 3 fields"):
        read(path)


def test_duplicate_header_names_are_refused(write):
    path = write("twice.csv", "finding_id,component_id, Part Number,part_number\nf-1,1,a,b\n")
    with pytest.raises(InputError, match="column 'part_number' twice"):
        read(path)


def test_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("finding_id,component_id\n" + "f-1,1\n" * 1000, encoding="utf-8")
    monkeypatch.setattr("analysis.io.MAX_SIZE", 1000)
    with pytest.raises(
        InputError, match=r"big.csv: 6,024 bytes, more than the limit of 1,000 bytes; give --max-size MB"
    ):
        read(path)
    assert len(read(path, max_size=10_000)) == 1000


def test_excel_sheets_text_numbers_and_dates(tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("components")
    sheet.append(["Finding ID", "Component ID", "Part Number", "Date Code", "Recovered On"])
    sheet.append(["f-1", 1, "0805", "0952", dt.datetime(2024, 1, 2)])
    sheet.append(["f-1", 2.0, 805, 952, "2024-01-02"])
    book.create_sheet("other").append(["finding_id", "component_id"])
    book["other"].append(["f-2", "x"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    frame = read(path)
    assert frame[["component_id", "part_number", "date_code", "recovered_on"]].values.tolist() == [
        ["1", "0805", "0952", "2024-01-02"],
        ["2", "805", "952", "2024-01-02"],
    ]
    assert "read sheet 'components'" in frame.attrs["warnings"][0]
    assert sum("Excel numbers" in warning for warning in frame.attrs["warnings"]) == 2
    assert read(path, sheet="other")["finding_id"].tolist() == ["f-2"]
    with pytest.raises(InputError, match="no sheet 'nope'; its sheets are 'Cover', 'components', 'other'"):
        read(path, sheet="nope")


def test_regular_files_are_read_by_arrow_and_irregular_ones_are_not():
    """pyarrow reads a regular file (quoted separators, doubled quotes, line ends in quotes, CRLF); a quote
    pandas and pyarrow would read differently, a lone CR, a ragged row or one column leave it to pandas."""
    from analysis.io import _read_csv_arrow

    regular = b'h0,h1\r\n"a,b","say ""hi""\r\nthere"\r\n\r\nx,0805\r\n'
    assert _read_csv_arrow(regular, ",", "h0,h1").to_numpy().tolist() == [
        ["h0", "h1"], ["a,b", 'say "hi"\r\nthere'], ["x", "0805"]
    ]  # fmt: skip
    for irregular in (
        b'h0,h1\nx,5" screen\n',
        b'h0,h1\nx,"a" b\n',
        b'h0,h1\nx,"open\n',
        b"h0,h1\rx,y\r",
        b"h0,h1\nx\n",
    ):
        assert _read_csv_arrow(irregular, ",", "h0,h1") is None, irregular
    assert _read_csv_arrow(b"h0\n \nx\n", ",", "h0") is None


def test_invalid_utf8_names_its_byte_and_line(tmp_path):
    """UTF-8 is checked without decoding the file; a bad byte is still named with its line, however far down."""
    path = tmp_path / "damaged.csv"
    path.write_bytes(b"finding_id,notes\n" + "f-1,Müller\n".encode() * 20_000 + b"f-1,M\xfcller\n")
    with pytest.raises(InputError) as error:
        read(path)
    assert str(error.value) == (
        f"{path}: not UTF-8 text (byte 0xfc on line 20002); save it as UTF-8, or name its encoding with --encoding "
        "(e.g. cp1252, latin-1, utf-16)"
    )


@pytest.mark.parametrize("blank", [0, 2, 70_000])
def test_the_header_is_the_first_line_not_blank_in_unicode(tmp_path, blank):
    """Lines of spaces, tabs and no-break spaces (Unicode spaces) above the header are blank, however many."""
    path = tmp_path / "spaced.csv"
    path.write_text("\n" * blank + " \t\n\u00a0\u00a0\n finding_id;component_id\nf-1;1\nf-1;2\n", encoding="utf-8")
    frame = read(path)
    assert frame["component_id"].tolist() == ["1", "2"]
    assert frame["source_line"].tolist() == [blank + 4, blank + 5]


@pytest.mark.parametrize(
    ("content", "notes", "lines"),
    [
        (b'finding_id,component_id,notes\nf-1,1,"a\rb"\nf-1,2,x\n', ["a\rb", "x"], [2, 3]),
        (b'finding_id,component_id,notes\nf-1,1,"a\r"\nf-1,2,x\n', ["a", "x"], [2, 3]),
        (b'finding_id,component_id,notes\r\nf-1,1,"a\r"\r\nf-1,2,"b\r\nc"\r\n', ["a", "b\r\nc"], [2, 3]),
        (b'finding_id,component_id,notes\nf-1,1,"a\r\nb"\nf-1,2,x\n', ["a\r\nb", "x"], [2, 4]),
        (b"finding_id,component_id,notes\nf-1,1, a \n\nf-1,2,\n", ["a", None], [2, 4]),
    ],
)
def test_line_ends_inside_quotes_and_files_without_quotes(tmp_path, content, notes, lines):
    path = tmp_path / "ends.csv"
    path.write_bytes(content)
    frame = read(path)
    assert [None if pd.isna(v) else v for v in frame["notes"]] == notes
    assert frame["source_line"].tolist() == lines


def test_line_ends_in_quotes_in_a_large_file():
    """pyarrow reads a large file in blocks, split at line ends unless told that quoted values hold some."""
    from analysis.io import _read_csv_arrow, _record_lines

    data = b"finding_id,notes\n" + b"".join(b'f-%d,"two\nlines"\n' % n for n in range(60_000))
    table = _read_csv_arrow(data, ",", "finding_id,notes")
    assert table is not None and table.shape == (60_001, 2) and table.iloc[-1].tolist() == ["f-59999", "two\nlines"]
    assert _record_lines(data, len(table), ",")[-2:].tolist() == [119_998, 120_000]


def test_values_are_stripped_and_empty_ones_missing(tmp_path):
    """Spaces are Unicode's (a no-break space is one), around any value, ASCII or not; an emptied value is missing."""
    path = tmp_path / "spaces.csv"
    rows = [" a ", "\u00a0b\u00a0", "é", "", "  ", "\u2003", "c d", "x"]
    path.write_text("finding_id,notes\n" + "".join(f"f-1,{row}\n" for row in rows), encoding="utf-8")
    frame = read(path)
    assert [None if pd.isna(v) else v for v in frame["notes"]] == ["a", "b", "é", None, None, None, "c d", "x"]
    assert frame["source_line"].tolist() == list(range(2, 10))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='"a,\n\r', max_size=40).map(str.encode))
def test_quoting_is_judged_alike_whatever_the_block(data):
    from analysis.io import _quoting

    whole = _quoting(data, ",")
    assert whole == _quoting_by_runs(data)
    assert all(_quoting(data, ",", block) == whole for block in (1, 2, 3, 7))


def _quoting_by_runs(data: bytes) -> tuple[bool, bool]:
    """The same judgement, byte by byte: a run of quotes outside a value must begin a field, a run that leaves
    the value outside must end one, and a line end met inside a value makes the file multiline."""
    inside = multiline = False
    i = 0
    while i < len(data):
        if data[i : i + 1] != b'"':
            multiline |= inside and data[i : i + 1] in (b"\n", b"\r")
            i += 1
            continue
        j = i
        while data[j : j + 1] == b'"':
            j += 1
        if not inside and not (i == 0 or data[i - 1 : i] in (b",", b"\n")):
            return False, False
        inside ^= (j - i) % 2 == 1
        if not inside and not (j == len(data) or data[j : j + 1] in (b",", b"\r", b"\n")):
            return False, False
        i = j
    return (False, False) if inside else (True, multiline)


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (b"h0,h1\nx,y\n", (True, False)),
        (b'h0,h1\n"a,b","say ""hi"""\n', (True, False)),
        (b'h0,h1\n"a\nb",c\n', (True, True)),
        (b'h0,h1\r\n"a\r",c\r\n', (True, True)),
        (b'h0,h1\nx,5" screen\n', (False, False)),
    ],
)
def test_quoting_is_regular_and_says_whether_values_hold_line_ends(data, answer):
    from analysis.io import _quoting

    assert _quoting(data, ",") == answer


def _parquet(path, columns, row_group_size=None, **types):
    """A Parquet file of the given columns, in row groups of ``row_group_size`` rows (each its own dictionary)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({name: pa.array(values, types.get(name)) for name, values in columns.items()})
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


@pytest.mark.parametrize("times", [1, 1000])
def test_parquet_values_are_stripped_and_empty_ones_missing(tmp_path, times):
    """Repeated (categorical) and distinct (text) columns alike, in every row group, from a small file or one
    whose dictionaries are read as stored: Unicode's spaces trimmed, an emptied value or a null missing, numbers
    and bytes as text."""
    import pyarrow as pa

    rows = 24 * times
    weapons = [" b ", "\u00a0a\u00a0", "", None, "  ", "é", "b", "a"] * 3 * times
    ids = [f" {n}\u2003" if n % 5 else "" for n in range(rows)]
    path = _parquet(
        tmp_path / "spaces.parquet",
        {"weapon": weapons, "component_id": ids, "count": [7] * rows, "notes": [b" x ", b"", None, b"y"] * 6 * times},
        row_group_size=8 * times,
        notes=pa.binary(),
    )
    frame = read(path)
    assert isinstance(frame["weapon"].dtype, pd.CategoricalDtype) and frame["component_id"].dtype == "str"
    assert frame["weapon"].cat.categories.tolist() == ["a", "b", "é"]
    expected = ["b", "a", None, None, None, "é", "b", "a"] * 3 * times
    assert [None if pd.isna(v) else v for v in frame["weapon"]] == expected
    assert [None if pd.isna(v) else v for v in frame["component_id"]] == [
        str(n) if n % 5 else None for n in range(rows)
    ]
    assert frame["count"].astype(str).tolist() == ["7"] * rows
    assert [None if pd.isna(v) else v for v in frame["notes"]] == ["x", None, None, "y"] * 6 * times
    assert frame["source_line"].tolist() == list(range(1, rows + 1))


def test_parquet_categories_are_sorted_whatever_the_files_order(tmp_path):
    """Categories come sorted as text, from row groups whose dictionaries differ, or from a stored categorical
    whose categories are unsorted, some unused."""
    rows = ["zeta", "alpha", "mu", "alpha", "zeta", "beta", "mu", "alpha"] * 4
    for name, values in {
        "groups.parquet": rows,
        "stored.parquet": pd.Categorical(rows, categories=["zeta", "unused", "mu", "beta", "alpha"]),
    }.items():
        path = tmp_path / name
        pd.DataFrame({"weapon": values}).to_parquet(path, index=False, row_group_size=12)
        frame = read(path)
        assert frame["weapon"].cat.categories.tolist() == ["alpha", "beta", "mu", "zeta"]
        assert frame["weapon"].tolist() == rows


@pytest.mark.parametrize("times", [1, 1000])
def test_a_parquet_column_of_distinct_values_after_its_first_group_stays_text(tmp_path, times):
    """A column is categorical when its values repeat in the first row group and over the whole file."""
    values = ["a"] * 4 * times + [f"v{n}" for n in range(12 * times)]
    frame = read(_parquet(tmp_path / "later.parquet", {"weapon": values}, row_group_size=4 * times))
    assert frame["weapon"].dtype == "str" and frame["weapon"].tolist() == values


def test_an_over_long_value_of_a_repeated_parquet_column_is_refused_with_its_record(tmp_path):
    weapons = ["short", "a" * 40, "short"] * 10
    path = _parquet(tmp_path / "long.parquet", {"weapon": weapons, "component_id": list(map(str, range(30)))})
    assert isinstance(read(path)["weapon"].dtype, pd.CategoricalDtype)
    with pytest.raises(
        InputError, match=r"long.parquet:2: column 'weapon' holds a value of 40 characters, more than the limit of "
    ):
        read(path, max_cell=39)
    assert len(read(path, max_cell=40)) == 30
