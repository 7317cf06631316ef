"""The reader keeps source line numbers and text values across CSV, XLSX, Parquet and JSON."""

import pandas as pd
import pytest

from analysis.io import InputError, finding_files, load_mapping, read

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
        ("latin.csv", "finding_id,component_id\nf-1,M\xfcller\n".encode("cp1252"), "not UTF-8"),
        ("broken.json", b"{not json", "not valid JSON"),
        ("table.txt", b"a,b\n", "unsupported file type"),
    ],
)
def test_unusable_files_give_one_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read(path)
