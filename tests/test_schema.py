"""The component schema accepts the Kharkiv finding and rejects bad rows with the right message."""

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io import read
from analysis.output import as_text
from analysis.schema import COLUMNS, validate

HEADER = "finding_id,component_id,hq_country,recovered_on,category\n"


def test_kharkiv_finding_is_valid(kharkiv_path):
    result = validate(read(kharkiv_path))
    assert result.ok, result.problems[:3]
    assert len(result.valid) == 294 and result.rejected.empty


def test_public_columns_are_exactly_the_documented_ones():
    assert COLUMNS == (
        "finding_id", "component_id", "weapon", "recovered_on", "location", "subsystem", "category",
        "part_number", "manufacturer", "hq_country", "file_country", "date_code", "hs_code", "source", "notes",
    )  # fmt: skip


def test_every_copy_of_a_duplicate_id_is_rejected(write):
    path = write("dup.csv", HEADER + "f-1,1,US,,\nf-1,2,US,,\nf-1,2,DE,,\nf-2,2,DE,,\n")
    result = validate(read(path))
    assert [(p.line, p.column, p.value) for p in result.problems] == [
        (3, "component_id", "2"),
        (4, "component_id", "2"),
    ]
    assert sorted(result.valid["component_id"] + result.valid["finding_id"]) == ["1f-1", "2f-2"]
    assert len(result.valid) + len(result.rejected) == 4


def test_validation_repr_counts_in_words(write):
    path = write("one-bad.csv", HEADER + "f-1,1,US,,\nf-1,2,XX,,\n")
    assert repr(validate(read(path))) == "<Validation 1 valid, 1 rejected, 0 duplicates, 1 problem, 0 warnings>"


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (",1,US,,", "finding_id", "", "required"),
        ("Not A Slug,1,US,,", "finding_id", "Not A Slug", "slug"),
        ("f-1,1,XX,,", "hq_country", "XX", "ISO 3166-1 alpha-2"),
        ("f-1,1,US,2024-02-30,", "recovered_on", "2024-02-30", "YYYY-MM-DD"),
    ],
)
def test_bad_value_gives_a_line_level_message(write, row, column, value, expected):
    path = write("bad.csv", HEADER + "f-1,0,US,,\n" + row + "\n")
    result = validate(read(path))
    (problem,) = result.problems
    assert (problem.line, problem.column, problem.value) == (3, column, value)
    assert expected in problem.expected
    assert str(problem).startswith(f"{path}:3: column {column!r}: got {value!r}")
    assert result.rejected["rejected"].str.contains(column).all()


def test_country_names_are_normalised_with_a_warning(write):
    path = write("names.csv", HEADER + "f-1,1,USA,,\nf-1,2,Germany,,\nf-1,3,United States,,\n")
    result = validate(read(path))
    assert result.ok
    assert result.valid["hq_country"].tolist() == ["US", "DE", "US"]
    assert any("'USA' read as US" in w for w in result.warnings)
    assert len(result.warnings) == 3


def test_missing_required_column_is_a_file_error(write):
    path = write("nocol.csv", "finding_id,hq_country\nf-1,US\n")
    with pytest.raises(InputError, match="missing required column 'component_id'"):
        validate(read(path))


def test_a_category_word_of_its_own_is_kept_with_a_warning(write):
    path = write("words.csv", HEADER + "f-1,1,US,,rocket\nf-1,2,US,,rocket\nf-1,3,US,,memory\n")
    result = validate(read(path))
    assert result.ok and result.valid["category"].tolist() == ["rocket", "rocket", "memory"]
    assert [w for w in result.warnings if "category" in w] == [
        "category 'rocket' (2 rows) is not one of the project's categories: kept as written"
    ]


def test_each_check_carries_its_own_message():
    """Only the rules that are not checks (a required value, a unique id) are worded apart from the schema."""
    from analysis.schema import EXPECTED, MESSAGES, ComponentSchema

    checks = [check for column in ComponentSchema.to_schema().columns.values() for check in column.checks]
    assert len(checks) == 3 and all(check.error and check.error != check.name for check in checks)
    assert MESSAGES == {check.error for check in checks}
    assert set(EXPECTED) == {"not_nullable", "multiple_fields_uniqueness"}


def test_a_message_holding_a_parenthesis_is_shown_whole(write, monkeypatch):
    import pandera.pandas as pa

    from analysis import schema

    words = "an ISO date (YYYY-MM-DD, such as 2024-01-02)"
    iso_date = pa.Check(schema._is_iso_date, name="iso_date", error=words)
    rows = schema._row_schema().update_column("recovered_on", checks=[iso_date])
    monkeypatch.setattr(schema, "_row_schema", lambda *_: rows)
    monkeypatch.setattr(schema, "MESSAGES", schema.MESSAGES | {words})
    path = write("bad.csv", HEADER + "f-1,1,US,02/01/2024,\n")
    (problem,) = validate(read(path)).problems
    assert str(problem) == f"{path}:2: column 'recovered_on': got '02/01/2024', expected {words}"


def test_categorical_text_is_checked_like_text(write):
    rows = "f-1,1,USA,,rocket\nNot A Slug,2,US,,memory\nf-1,3,XX,2024-02-30,\nf-1,1,USA,,rocket\nf-1,4,DE,,gadget\n"
    raw = read(write("mixed.csv", HEADER + rows))
    text = validate(raw.iloc[:-1])
    # the last row's category word stays among the categories, used by no row
    categorical = validate(
        raw.astype(dict.fromkeys([*COLUMNS[:2], *HEADER.strip().split(",")[2:]], "category")).iloc[:-1]
    )
    assert [str(p) for p in categorical.problems] == [str(p) for p in text.problems]
    assert [p.line for p in text.problems] == [3, 4, 4]
    assert categorical.warnings == text.warnings and not any("gadget" in w for w in text.warnings)
    # the columns the analysis computes on come back as text; the file's name stays held once
    assert categorical.valid["hq_country"].dtype == "str" and categorical.duplicates["category"].dtype == "str"
    assert isinstance(categorical.valid["source_file"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(as_text(categorical.valid), as_text(text.valid))
    pd.testing.assert_frame_equal(as_text(categorical.rejected), as_text(text.rejected))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (pd.Series(["1", 7], dtype=object), "n.csv:3: column 'component_id': got 7 (int), expected text"),
        (pd.Categorical([1, 2]), "n.csv:2: column 'component_id': got 1 (int64), expected text"),
        (pd.Series([1.5, None]), "n.csv:2: column 'component_id': got 1.5 (float64), expected text"),
    ],
)
def test_a_column_that_is_not_text_is_one_line_naming_its_first_value(write, values, message):
    raw = read(write("n.csv", HEADER + "f-1,1,US,,\nf-1,2,US,,\n"))
    with pytest.raises(InputError) as error:
        validate(raw.assign(component_id=values))
    assert str(error.value).endswith(message)
