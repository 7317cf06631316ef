"""Reading findings from the files investigators keep them in, remembering where each row came from.

Every reader returns text columns (a part number ``0805`` or a date code ``0952`` stays as written) plus
``source_file`` and ``source_line``: the line a user can open in the file (CSV: the physical line where the
record starts, header being line 1, so a quoted value spanning lines moves the rows after it down; Excel: the
sheet's row number; Parquet and JSON: the record number, first record being 1). Warnings about how a file was
read are in ``frame.attrs["warnings"]``. Files come from many hands, so:

- **Rows**: a row whose every cell is empty (a spreadsheet's trailing rows, blank lines) holds no data and is
  skipped, not counted; every other row is returned, so that it ends up used or rejected, never lost.
- **Size**: a file above :data:`MAX_SIZE` bytes (a finding is a few hundred rows) is refused before it is read,
  so a mistaken multi-GB file gives a message rather than a hang; ``max_size`` (``--max-size``) raises it.
- **Encoding** (CSV, JSON): a byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode text", UTF-32); else
  UTF-8; else Windows-1252 if the text it gives is plausible (no control characters, no stray UTF-8
  sequences), with a warning; else a message naming ``--encoding``, which forces an encoding.
- **Separator** (CSV): whichever of ``,`` ``;`` and tab is most frequent in the header line.
- **Ragged rows** (CSV): extra empty fields are dropped; an extra value makes the file unusable, with its
  line, since its values can no longer be matched to their columns.
- **Header**: names compared without surrounding spaces and case; a name given twice is an error; a column
  without a name is ignored, with a warning if it holds values.
- **Excel**: the sheet ``sheet``, else one named "components", else the first (a warning names the others);
  the header is the sheet's first non-empty row; dates become ``YYYY-MM-DD``. Text cells stay text, but a
  cell Excel stores as a number has lost its leading zeros already (``0805`` typed without a leading
  apostrophe is the number 805), which no reader can recover: a warning counts such cells in ``part_number``
  and ``date_code``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO, StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .databases import load_settings
from .errors import SOURCE_FILE, SOURCE_LINE, InputError

if TYPE_CHECKING:
    from .databases import Layout

SUFFIXES = (".csv", ".xlsx", ".parquet", ".json")
#: Largest finding file read without ``max_size``: far above any real finding, far below a hang. It bounds the
#: unpacked size of each part of an .xlsx workbook too, read from the zip directory before anything is unpacked.
MAX_SIZE = 512 * 1024**2
#: Most columns a file may have without ``max_columns`` (a finding has about twenty).
MAX_COLUMNS = 1000
#: Longest cell, in characters, without ``max_cell``: Excel's own limit.
MAX_CELL = 32767
#: Largest used range (rows times columns) of an Excel sheet without ``max_sheet_cells``.
MAX_SHEET_CELLS = 10_000_000
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
#: Byte-order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: What a binary file is, from its first bytes, to say so in the message.
SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook is one)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls): save it as .xlsx or CSV",
    b"PAR1": "a Parquet file",
}
#: A Parquet column with at most this many distinct values per row is read as categorical text.
REPEATED = 0.5
#: Sheet names read by default, before the first sheet.
SHEET_NAMES = ("components", "component")
IDENTIFIER_COLUMNS = ("part_number", "date_code")
_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused, checked before its rows are loaded; each has its option."""

    size: int
    columns: int
    cell: int
    sheet_cells: int

    def refuse(self, path: Path | str, what: str, name: str, unit: str = "") -> InputError:
        """The one line saying ``what`` passes the limit ``name`` and which option raises it."""
        value, option = getattr(self, name), {"sheet_cells": "max-sheet-cells"}.get(name, f"max-{name}")
        limit = _megabytes(value) if name == "size" else f"{value:,}{unit}"
        flag = f"--{option} MB" if name == "size" else f"--{option} N"
        return InputError(f"{path}: {what}, more than the limit of {limit}; give {flag} to read it anyway")


def finding_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the finding files they hold (sorted), keeping files as given."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def load_mapping(path: str | Path) -> dict[str, str]:
    """A column mapping ``{"their name": "our name"}`` from a small JSON or YAML file."""
    mapping = load_settings(path, "column mapping")
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise InputError(f"{path}: a column mapping is an object of 'their name': 'our name' pairs")
    return {str(k): v for k, v in mapping.items()}


def read(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    layout: str | Path | Mapping | Layout | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    max_size: int | None = None,
    max_columns: int | None = None,
    max_cell: int | None = None,
    max_sheet_cells: int | None = None,
) -> pd.DataFrame:
    """Read one finding file (CSV, XLSX, Parquet or JSON records) as text columns with source lines.

    ``layout`` (a :class:`analysis.databases.Layout`, a YAML file or a bundled layout's name) says how to read a
    foreign database; with neither ``layout`` nor ``columns``, a file whose header matches a bundled layout's
    signature is read with it, and ``frame.attrs["notes"]`` says so. ``columns`` renames columns to the
    project's names (the short form of a layout, and over it when both are given); header names are
    compared without surrounding spaces and case. ``encoding`` forces the text encoding of a CSV or JSON
    file, ``sheet`` chooses an Excel sheet by name. ``max_size`` (bytes), ``max_columns``, ``max_cell``
    (characters) and ``max_sheet_cells`` replace :data:`MAX_SIZE`, :data:`MAX_COLUMNS`, :data:`MAX_CELL` and
    :data:`MAX_SHEET_CELLS`; each is checked before the rows are loaded, and names its option when passed.
    """
    from .databases import load_layout, recognise

    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file, or use a command that takes folders")
    limits = Limits(
        size=MAX_SIZE if max_size is None else max_size,
        columns=MAX_COLUMNS if max_columns is None else max_columns,
        cell=MAX_CELL if max_cell is None else max_cell,
        sheet_cells=MAX_SHEET_CELLS if max_sheet_cells is None else max_sheet_cells,
    )
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > limits.size:
        raise limits.refuse(path, _megabytes(size), "size")
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".parquet": _read_parquet, ".json": _read_json}
    if suffix not in readers:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUFFIXES)}")
    warnings: list[str] = []
    notes: list[str] = []
    try:
        frame = readers[suffix](path, encoding=encoding, sheet=sheet, warnings=warnings, limits=limits)
    except MemoryError:
        raise InputError(
            f"{path}: not enough memory to read it ({_megabytes(size)} of data, limit {_megabytes(limits.size)}); "
            "lower --max-size, or read it on a larger machine"
        ) from None
    if len(frame.columns) > limits.columns:
        raise limits.refuse(path, f"{len(frame.columns):,} columns", "columns")
    if size > limits.cell:  # a smaller file can't hold a longer cell
        _check_cells(path, frame, limits)
    if layout is not None:
        layout = load_layout(layout)
    elif columns is None:
        layout = recognise(frame.columns)
        if layout:
            notes.append(
                f"header of a {layout.description}: read with layout {layout.name} (--layout to choose another)"
            )
    renames = dict(layout.columns if layout else {}) | dict(columns or {})
    frame = _tidy_columns(frame, renames, values=suffix != ".parquet")
    _unique_names(path, frame.columns)
    frame = frame.dropna(how="all")
    if frame.empty:
        raise InputError(f"{path}: no rows below the header" if suffix in (".csv", ".xlsx") else f"{path}: no records")
    # the file's name on every row, held once (categorical)
    frame[SOURCE_FILE] = pd.Categorical.from_codes(np.zeros(len(frame), "int8"), pd.Index([str(path)], dtype="str"))
    frame[SOURCE_LINE] = frame.index.to_numpy(dtype="int64")
    frame = frame.reset_index(drop=True)
    if layout:
        frame, layout_warnings = layout.apply(frame)
        warnings += layout_warnings
    frame.attrs["source"] = str(path)
    frame.attrs["warnings"] = warnings
    frame.attrs["notes"] = notes
    return frame


def _unique_names(path: Path, names: Iterable) -> None:
    names = pd.Index([str(name).strip().lower() for name in names])
    if names.has_duplicates:
        twice = names[names.duplicated()][0]
        raise InputError(f"{path}: the header has column {twice!r} twice (case and spaces ignored); keep one")


def _check_cells(path: Path, frame: pd.DataFrame, limits: Limits) -> None:
    """A cell longer than ``limits.cell`` is refused, with its line (or record) and column."""
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # each value once: its categories are measured, not rows
            categories = pd.Series(column.cat.categories)
            if _bytes_within(categories, limits.cell):
                continue
            over = np.append(categories.str.len().to_numpy() > limits.cell, False)  # the last: a missing value
            if not over.any():
                continue
            codes = column.cat.codes.to_numpy()
            row = int(over[codes].argmax())
            line, length = column.index[row], len(categories.iloc[codes[row]])
        else:
            if column.dtype != object and _bytes_within(column, limits.cell):
                continue  # a cell has no more characters than bytes: no length needs counting
            lengths = column.str.len() if column.dtype != object else _lengths(column)
            over = lengths > limits.cell
            if not over.any():
                continue
            line = over.idxmax()
            length = int(lengths[line])
        what = f"column {str(name)[:40]!r} holds a value of {length:,} characters"
        raise limits.refuse(f"{path}:{line}", what, "cell", " characters")


def _bytes_within(column: pd.Series, limit: int) -> bool:
    """Whether every cell of a column of Arrow text holds at most ``limit`` bytes, read from its offsets alone."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(column.array)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return False
    return (pc.max(pc.binary_length(array)).as_py() or 0) <= limit


def _lengths(column: pd.Series) -> pd.Series:
    """Each cell's length in characters: one Arrow kernel over text cells, Python's len only for other objects
    (numbers and dates from a spreadsheet), which Arrow refuses to read as text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(column.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return column.map(len, na_action="ignore")
    return pd.Series(pc.utf8_length(array).to_numpy(zero_copy_only=False), index=column.index)


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB" if size >= 1024**2 else f"{size:,} bytes"


def _tidy_columns(frame: pd.DataFrame, columns: Mapping[str, str] | None, *, values: bool = True) -> pd.DataFrame:
    """Strip and lower-case headers, apply the user's mapping, and make every column text (unless ``values`` is
    false: a reader that made its values stripped text already)."""
    wanted = {key.strip().lower(): value for key, value in (columns or {}).items()}
    names = [str(name).strip() for name in frame.columns]
    names = [wanted.get(name.lower(), name.lower().replace(" ", "_")) for name in names]
    frame = frame.set_axis(names, axis=1)
    frame = frame.loc[:, [not name.startswith("unnamed:") for name in names]]
    if not values:
        return frame
    columns = {number: _text(frame.iloc[:, number]) for number in range(frame.shape[1])}  # names may repeat
    return pd.DataFrame(columns, index=frame.index).set_axis(frame.columns, axis=1)


def _text(values: pd.Series) -> pd.Series:
    """A column as pandas text (``str``), stripped, an empty value missing: one pass of pyarrow's kernels over the
    Arrow text a reader made, or over Python objects."""
    import pyarrow as pa

    if isinstance(values.dtype, pd.ArrowDtype):
        array = pa.array(values.array)  # the reader's chunks, joined: one array per column, as from objects
        array = (array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array).cast(pa.large_string())
    else:
        array = pa.array(values.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    array = _stripped(array)
    text = array.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    return text.set_axis(values.index).rename(values.name)


def _stripped(array):
    """An Arrow ``large_string`` array stripped, an empty value null: trimmed only when some value may begin or end
    with a space, made null by a validity bitmap over the same text rather than a copy of it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets, data = _buffers(array)
    if len(data):  # each value's first and last byte (a neighbour's for an empty value): any a space, or not ASCII?
        edges = data.take(offsets[:-1], mode="clip"), data.take(offsets[1:] - 1, mode="clip")
        if any(((edge <= 32) | (edge >= 128)).any() for edge in edges):  # ASCII's spaces are all below 33
            array = pc.utf8_trim_whitespace(array)
            offsets, data = _buffers(array)
    valid = np.diff(offsets) != 0
    if not valid.all():  # empty values missing: a new validity bitmap over the same text, not a copy of it
        if array.null_count:
            valid &= array.is_valid().to_numpy(zero_copy_only=False)
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        array = pa.Array.from_buffers(array.type, len(array), [bitmap, pa.py_buffer(offsets), array.buffers()[2]])
    return array


def _buffers(array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of an Arrow ``large_string`` array's values (its own, from its first) and its bytes."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    data = array.buffers()[2]
    return offsets, np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)


def _kind(head: bytes) -> str | None:
    """What a binary file is, if its first bytes say."""
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def _bad_byte(raw: bytes, error: UnicodeDecodeError) -> str:
    line = raw.count(b"\n", 0, error.start) + 1
    return f"byte {raw[error.start]:#04x} on line {line}"


def _decode(path: Path, encoding: str | None, warnings: list[str]) -> str:
    """The file's text: the given encoding, else a byte-order mark's, else UTF-8, else plausible Windows-1252."""
    text = _decode_bytes(path, path.read_bytes(), encoding, warnings)
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _decode_bytes(path: Path, raw: bytes, encoding: str | None, warnings: list[str]) -> str | bytes:
    """The text of the file's bytes ``raw`` (see :func:`_decode`), or ``raw`` itself when it is that text's UTF-8
    as it stands (no mark, no other encoding): checked by Arrow in place, it is decoded only by a reader that
    needs a Python string, never by the parsers of bytes that read a file of millions of rows."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--encoding {encoding}: unknown encoding; try utf-8, cp1252, latin-1 or utf-16") from None
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: not {encoding} text ({_bad_byte(raw, error)})") from None
    for bom, name in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name).removeprefix("\ufeff")
            except UnicodeDecodeError as error:
                raise InputError(f"{path}: starts like {name} text but is not ({_bad_byte(raw, error)})") from None
    zero = raw.find(b"\x00", 0, 8192)
    if zero >= 0 or _kind(raw):
        kind = _kind(raw) or f"a zero byte at offset {zero}; if it is UTF-16 text, give --encoding utf-16-le"
        raise InputError(f"{path}: this is not a text file (binary content: {kind})")
    if _utf8(raw):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = _bad_byte(raw, error)
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    # UTF-8 pairs beside the bad byte mean a damaged UTF-8 file, which Windows-1252 would turn into mojibake
    if text is not None and not _UTF8_PAIR.search(raw) and not _controls(text):
        warnings.append("not UTF-8: read as Windows-1252 (Western European Excel); give --encoding if that is wrong")
        return text
    raise InputError(
        f"{path}: not UTF-8 text ({where}); save it as UTF-8, or name its encoding with --encoding "
        "(e.g. cp1252, latin-1, utf-16)"
    )


def _utf8(raw: bytes) -> bool:
    """Whether ``raw`` is valid UTF-8, checked by Arrow over the bytes in place (a hundredth of decoding them)."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(raw)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _controls(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in set(text))


def _read_csv(
    path: Path, *, encoding: str | None, sheet: str | None, warnings: list[str], limits: Limits
) -> pd.DataFrame:
    text = _decode_bytes(path, path.read_bytes(), encoding, warnings)
    first = _header_line(text)
    separator = max(SEPARATORS, key=first.count)
    if first.count(separator) >= limits.columns:  # counted before pandas makes a column of each
        width = len(next(csv.reader([first], delimiter=separator)))
        if width > limits.columns:
            raise limits.refuse(path, f"the header has {width:,} columns", "columns")
    error = None
    data = text if isinstance(text, bytes) else text.encode("utf-8")  # the parsers read bytes faster than a str
    table = _read_csv_arrow(data, separator, first)
    lines = None if table is None else _record_lines(data, len(table), separator)
    if lines is None:
        try:
            # blank lines are skipped by the parser itself: a file of millions of them costs no rows
            table = pd.read_csv(
                BytesIO(data), encoding="utf-8", sep=separator, header=None, dtype=object, keep_default_na=False,
                skip_blank_lines=True, index_col=False,
            )  # fmt: skip
            lines = _record_lines(data, len(table), separator)
        except pd.errors.ParserError as parser_error:
            error, lines = str(parser_error), None
        except pd.errors.EmptyDataError:
            raise InputError(f"{path}: the file is empty") from None
    if lines is None:
        text = data.decode("utf-8") if isinstance(text, bytes) else text
        table, lines = _read_csv_rows(path, text, separator, unclosed=bool(error and "EOF inside string" in error))
    return _with_header(path, table, lines, warnings, "the file")


def _header_line(text: str | bytes) -> str:
    """The first line that is not blank, from its first character that is not a space to whatever ends it.

    Of UTF-8 bytes, only a prefix ending at a line end is decoded (a line end byte is never inside a character),
    grown until it holds that line: "not a space" is Unicode's, which counts a no-break space as one.
    """
    size = 1 << 16
    while isinstance(text, bytes):
        if size >= len(text):
            text = text.decode("utf-8")
            break
        head = text[: max(text.rfind(b"\n", 0, size), text.rfind(b"\r", 0, size)) + 1].decode("utf-8")
        text = head if re.search(r"\S", head) else text
        size *= 16
    header = re.search(r"\S[^\r\n]*", text)
    return header.group() if header else ""


def _read_csv_arrow(data: bytes, separator: str, header: str) -> pd.DataFrame | None:
    """The records of a regular CSV file as Arrow text, every cell as written, header included: one pass of
    pyarrow's multithreaded reader, the cells never Python objects. None for what it refuses (ragged rows, a
    line of spaces, a record longer than a block), left to pandas' and the csv module's readers. So are a file of
    one column, where a line of spaces would be a record, and lines ended by a lone CR, which the line count of
    :func:`_record_lines` does not see.

    Every column is read as text (a part number ``0805`` stays so): a column beyond the ``header`` line's
    would be typed by its values, so a file holding one is refused here too.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    regular, multiline = _quoting(data, separator)
    if not regular:
        return None
    width = len(next(csv.reader([header], delimiter=separator), []))
    if width < 2:
        return None
    try:
        table = pacsv.read_csv(
            BytesIO(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=multiline),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{number}": pa.string() for number in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowMemoryError:
        raise MemoryError from None
    except pa.ArrowInvalid:
        return None
    if table.num_columns != width or not all(pa.types.is_string(kind) for kind in table.schema.types):
        return None
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _quoting(data: bytes, separator: str, block: int = 1 << 20) -> tuple[bool, bool]:
    """Whether every quote of the file opens a field, closes it, or doubles a quote inside it, and none is left
    open: quoting that pandas' and pyarrow's readers read alike. A quote elsewhere (``5" screen``, ``"a" b``),
    which each reader takes its own way, leaves the file to pandas. Then whether a quoted value holds a line end,
    which pyarrow's reader must be told of, at a cost, to find where a block of records ends.

    Each quote turns inside a value to outside or back, so the quotes of even rank (counted from the file's
    start) are those that enter a value: each must begin a field (after a separator, a line end or the file's
    start) or follow a quote (the second of a doubled pair). Those of odd rank leave it: each must end a field
    (before a separator, a line end or the file's end) or precede a quote. A line end is inside a value when an
    odd number of quotes comes before it. The file is read a block at a time, the count of quotes carried over,
    so no temporary as large as the file, or as its quotes, is made: a file that quotes every value has tens of
    millions.
    """
    if b'"' not in data:
        return True, False
    array = np.frombuffer(data, dtype=np.uint8)
    quote, mark, cr = ord('"'), ord(separator), b"\r" in data
    seen, multiline = 0, False
    for start in range(0, len(array), block):
        part = array[start : start + block]
        places = np.flatnonzero(part == quote) + start
        # the byte before and after each quote; a quote's own at either end of the file, where any quote may be
        before = array[np.maximum(places[seen % 2 :: 2] - 1, 0)]
        after = array[np.minimum(places[1 - seen % 2 :: 2] + 1, len(array) - 1)]
        enters = (before == mark) | (before == ord("\n")) | (before == quote)
        leaves = (after == mark) | (after == ord("\n")) | (after == ord("\r")) | (after == quote)
        if not (enters.all() and leaves.all()):
            return False, False
        if not multiline:
            ends = np.flatnonzero((part == ord("\n")) | (part == ord("\r")) if cr else part == ord("\n")) + start
            multiline = bool(((np.searchsorted(places, ends) + seen) % 2).any())
        seen += len(places)
    return (True, multiline) if seen % 2 == 0 else (False, False)


def _record_lines(encoded: bytes, records: int, separator: str) -> np.ndarray | None:
    """The physical line each CSV record starts on, counted vectorised; None when quotes make it unsure.

    As many lines as records (the usual case) means no record spans lines and none is blank. Blank lines
    (spaces, tabs, nothing), which the parser skips, are found per line. A newline ends a record when an even
    number of quotes comes before it. That holds while every quote opens, closes or doubles a quoted field; a
    quote inside an unquoted value (``5" screen``) is literal, so then the slow path (the csv module's own line
    count) decides.
    """
    if encoded.count(b"\n") + (not encoded.endswith(b"\n")) == records:
        return np.arange(1, records + 1)
    data = np.frombuffer(encoded, dtype=np.uint8)
    newlines = np.flatnonzero(data == ord("\n"))
    starts = np.concatenate(([0], newlines + 1))
    starts = starts[starts < len(data)]  # where each line begins; a last newline begins no line
    spaces = np.frombuffer(" \t\r\n".replace(separator, "").encode(), dtype=np.uint8)
    blank = np.add.reduceat(~np.isin(data, spaces), starts, dtype=np.int64) == 0 if len(starts) else starts == 0
    if b'"' not in encoded:
        kept = np.flatnonzero(~blank) + 1
        return kept if len(kept) == records else None
    quotes = np.flatnonzero(data == ord('"'))
    edges = np.frombuffer(f'{separator}\n\r"'.encode(), dtype=np.uint8)
    before = np.isin(data[np.maximum(quotes - 1, 0)], edges) | (quotes == 0)
    after = np.isin(data[np.minimum(quotes + 1, len(data) - 1)], edges) | (quotes == len(data) - 1)
    if not (before | after).all():
        return None
    ends = np.flatnonzero(np.searchsorted(quotes, newlines) % 2 == 0)
    firsts = np.concatenate(([1], ends + 2))  # the line each record starts on, blank ones too
    firsts = firsts[firsts <= len(starts)]
    firsts = firsts[~blank[firsts - 1]]
    return firsts if len(firsts) == records else None


def _read_csv_rows(path: Path, text: str, separator: str, *, unclosed: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """The csv module's reading, for what pandas refuses (ragged rows) or can't place (lines of odd quotes)."""
    reader = csv.reader(StringIO(text, newline=""), delimiter=separator)
    rows, lines, width, start = [], [], None, 1
    for row in reader:
        if not any(cell.strip() for cell in row):  # a blank row: no data, not kept (see the module's notes)
            start = reader.line_num + 1
            continue
        if width is None:
            width = len(row)
        elif width is not None and len(row) > width:
            extra = next((cell for cell in row[width:] if cell.strip()), None)
            if extra is not None:
                raise InputError(
                    f"{path}:{start}: {len(row)} fields where the header has {width}; {extra!r} has no column "
                    f"(a value holding a {SEPARATORS[separator]} must be in quotes)"
                )
            row = row[:width]
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    if unclosed:
        line = lines[-1] if lines else 1
        raise InputError(f'{path}:{line}: a quote (") opened in this row is never closed; close or remove it')
    width = max(map(len, rows), default=0)
    table = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)
    return table, np.asarray(lines, dtype="int64")


def _with_header(path: Path, table: pd.DataFrame, lines: np.ndarray, warnings: list[str], where: str) -> pd.DataFrame:
    """The rows below the first non-empty row, named by it and indexed by their line in the file."""
    start = None
    for head in (table.iloc[:100], table):  # the header is near the top: look there before the whole table
        filled = head.apply(lambda column: column.astype(str).str.strip().ne("")).any(axis=1).to_numpy()
        if filled.any():
            start = int(filled.argmax())
            break
    if start is None:
        raise InputError(f"{path}: {where} is empty")
    names = [str(name).strip() for name in table.iloc[start]]
    names = [name or f"Unnamed: {number}" for number, name in enumerate(names, start=1)]
    body = table.iloc[start + 1 :].set_axis(names, axis=1).set_axis(lines[start + 1 :], axis=0)
    for number, name in enumerate(names, start=1):
        if name.startswith("Unnamed: ") and not table.iloc[start, number - 1]:
            values = int(body.iloc[:, number - 1].astype(str).str.strip().ne("").sum())
            if values:
                warnings.append(f"column {number} has no name in the header; its {values} values are ignored")
    return body


def _cell_text(value: object) -> str:
    """An Excel cell as the text a user sees: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def describe_error(error: BaseException) -> str:
    """An unexpected error in one line: its type and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


def _unpacked_sizes(path: Path, limits: Limits) -> None:
    """Each part of a workbook, by the size the zip directory says it unpacks to, before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip archive: the workbook reader says what it is
    for part in parts:
        if part.file_size > limits.size:
            raise limits.refuse(
                path, f"its part {part.filename[:60]!r} unpacks to {_megabytes(part.file_size)}", "size"
            )


def _sheet_extent(source) -> tuple[int, int]:
    """The last row holding a cell and the last column of any row, by the cells' names in the sheet's XML.

    One pass of the XML parser, without reading the values, numbered as openpyxl numbers them: a row or a cell
    without its name (``r``) follows the one before it.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.xml.constants import SHEET_MAIN_NS

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    rows = columns = row = 0
    parent = None
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            parent = element if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData" else parent
            continue
        if element.tag != row_tag:
            continue
        name = element.get("r")
        row = int(name) if name else row + 1
        cells = element.findall(cell_tag)
        if cells:
            after = 0  # cells after the last one named
            for cell in reversed(cells):
                name = cell.get("r")
                if name:
                    break
                after += 1
            named = column_index_from_string(name.rstrip("0123456789")) if name else 0
            rows, columns = row, max(columns, named + after)
        element.clear()
        if parent is not None:
            parent.clear()  # the rows scanned are let go: the scan holds one row at a time
    return rows, columns


def _used_range(path: Path, book: pd.ExcelFile, sheet: str, limits: Limits) -> None:
    """The sheet's used range (rows times columns), which the reader would fill cell by cell, within the limit.

    The range is found by scanning the cells, never taken from the sheet's own ``<dimension>``: the reader
    reads every cell whatever that declares, so a workbook declaring ``A1:C3`` around a cell at
    ``XFD1048576`` would otherwise pass the limit and fill 17 billion cells.
    """
    try:
        with book.book[sheet]._get_source() as source:  # the sheet's XML, unpacked as it is read
            rows, columns = _sheet_extent(source)
    except Exception as error:  # a broken XML or zip entry: what reading the sheet would have met
        raise InputError(f"{path}: cannot read sheet {sheet!r} ({describe_error(error)})") from None
    if columns > limits.columns:
        raise limits.refuse(path, f"sheet {sheet!r} uses {columns:,} columns", "columns")
    if rows * columns > limits.sheet_cells:
        what = f"sheet {sheet!r} uses a range of {rows:,} rows by {columns:,} columns ({rows * columns:,} cells)"
        raise limits.refuse(path, what, "sheet_cells", " cells")


def _read_xlsx(
    path: Path, *, encoding: str | None, sheet: str | None, warnings: list[str], limits: Limits
) -> pd.DataFrame:
    _unpacked_sizes(path, limits)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as error:  # openpyxl raises many unrelated types for a broken workbook
        with open(path, "rb") as handle:
            kind = _kind(handle.read(8))
        if kind and kind.startswith("a ZIP"):
            reason = "a ZIP archive with no workbook in it" if isinstance(error, KeyError) else describe_error(error)
        else:
            reason = f"it is {kind}" if kind else describe_error(error)
        raise InputError(f"{path}: cannot read as an Excel .xlsx workbook ({reason})") from None
    with book:
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputError(f"{path}: no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}")
        if sheet is None:
            sheet = next((name for name in names if name.strip().lower() in SHEET_NAMES), names[0])
            if len(names) > 1:
                others = ", ".join(repr(name) for name in names if name != sheet)
                warnings.append(f"read sheet {sheet!r}; the workbook also has {others} (choose with --sheet)")
        _used_range(path, book, sheet, limits)
        try:
            cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object, keep_default_na=False)
        except Exception as error:
            raise InputError(f"{path}: cannot read sheet {sheet!r} ({describe_error(error)})") from None
    numbers = cells.map(lambda value: isinstance(value, int | float) and not isinstance(value, bool))
    body = _with_header(path, cells.map(_cell_text), np.arange(1, len(cells) + 1), warnings, f"sheet {sheet!r}")
    numbers = numbers.iloc[len(cells) - len(body) :]
    for number, name in enumerate(body.columns):
        count = int(numbers.iloc[:, number].sum())
        if count and name.strip().lower().replace(" ", "_") in IDENTIFIER_COLUMNS:
            warnings.append(
                f"sheet {sheet!r}: {count} cells of {name!r} are Excel numbers, whose leading zeros Excel has "
                "already dropped; format the column as text to keep them"
            )
    return body


def _read_parquet(
    path: Path, *, encoding: str | None, sheet: str | None, warnings: list[str], limits: Limits
) -> pd.DataFrame:
    """Parquet, read a column of a row group at a time and made text in Arrow: the peak is the frame and one
    column of one group, not a second copy of the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
        if len(schema) > limits.columns:
            raise limits.refuse(path, f"{len(schema):,} columns", "columns")
        records = pd.RangeIndex(1, parquet.metadata.num_rows + 1)
        _unique_names(path, schema.names)
        stored = [field.name for field in schema if _is_text(field.type)]
        # the text columns again, as the dictionaries Parquet stores them in: a code per row, each value once
        coded = pq.ParquetFile(path, read_dictionary=stored) if stored else parquet
        groups = range(parquet.num_row_groups)
        first_group = {column.path_in_schema: column for column in _chunks(parquet.metadata)}
        columns = {}
        for name in map(str, schema.names):

            def plain(group: int, name: str = name):
                return _arrow_text(path, name, parquet.read_row_group(group, columns=[name]).column(0))

            first = None
            if name in stored and groups and not _small_dictionary(first_group.get(name)):  # likely distinct
                first = plain(0)
            column = None
            if first is None or len(first) and len(first.unique()) <= len(first) * REPEATED:
                if name in stored:
                    coded_groups = (coded.read_row_group(group, columns=[name]).column(0).chunks for group in groups)
                else:
                    coded_groups = ([plain(group).dictionary_encode()] for group in groups)
                column = _categorical(path, name, coded_groups, records)
            if column is None:  # mostly distinct values (component ids): text
                chunks = [first if group == 0 and first is not None else plain(group) for group in groups]
                column = pd.Series(pa.chunked_array(chunks, pa.large_string()), index=records, dtype="str")
            columns[name] = column
    except (pa.ArrowException, OSError) as error:
        if isinstance(error, pa.ArrowMemoryError):
            raise MemoryError from None
        with open(path, "rb") as handle:
            kind = _kind(handle.read(8))
        reason = re.sub(r"^Could not open Parquet input source '.*?': ", "", str(error).splitlines()[0])
        reason = f"it is {kind}" if kind and kind != SIGNATURES[b"PAR1"] else reason
        raise InputError(f"{path}: cannot read as Parquet ({reason})") from None
    return pd.DataFrame(columns, index=records, copy=False)


def _is_text(kind) -> bool:
    """Whether an Arrow type is text or bytes, or a dictionary of them: what Parquet can hand as a dictionary."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    tests = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    return any(test(kind) for test in tests)


def _chunks(metadata) -> list:
    """The first row group's column chunks, as the file's footer describes them."""
    group = metadata.row_group(0) if metadata.num_row_groups else None
    return [group.column(number) for number in range(group.num_columns)] if group else []


def _small_dictionary(chunk) -> bool:
    """Whether a column chunk's dictionary takes under a bit per row: its values surely repeat, and reading its
    codes is cheap, when reading a column of distinct values as a dictionary would hash every value."""
    if chunk is None or not chunk.has_dictionary_page or not chunk.dictionary_page_offset:
        return False
    return (chunk.data_page_offset - chunk.dictionary_page_offset) * 8 < chunk.num_values


def _categorical(path: Path, name: str, groups: Iterable, index: pd.Index) -> pd.Series | None:
    """A column's row groups, each a list of dictionary-encoded Arrow chunks, as pandas categorical text; None
    when its values are mostly distinct, in its first group or over all.

    A finding's file name, weapon, brands or date codes repeat a few hundred values over millions of rows:
    a small integer per row and each value once take a tenth of the memory of a text per row. Only each chunk's
    dictionary is stripped; the categories are sorted, so sorting and grouping by the column order its values
    as text would, and each row's code is mapped once, through a lookup from its chunk's dictionary.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pieces = []  # per chunk: its indices (a null one pointing past the dictionary), which values it uses, stripped,
    # and whether a row is null
    for number, chunks in enumerate(groups):
        for chunk in chunks:
            size = len(chunk.dictionary)
            indices = chunk.indices.fill_null(size) if chunk.null_count else chunk.indices
            indices = indices.to_numpy(zero_copy_only=False)
            where = np.flatnonzero(np.bincount(indices, minlength=size + 1)[:size])
            values = _arrow_text(path, name, chunk.dictionary.take(pa.array(where)))
            pieces.append((indices, size, where, values, chunk.null_count > 0))
        if number == 0:  # judged on the first row group, as text: its distinct values, a missing one counted
            rows = sum(len(piece[0]) for piece in pieces)
            values = pa.chunked_array([piece[3] for piece in pieces], pa.large_string())
            missing = any(piece[4] or piece[3].null_count for piece in pieces)
            if not rows or len(values.unique().drop_null()) + missing > rows * REPEATED:
                return None
    values = [piece[3] for piece in pieces]
    distinct = pa.chunked_array(values, pa.large_string()).unique().drop_null()
    if not pieces or len(distinct) > len(index) * REPEATED:
        return None
    categories = pd.Index(pd.Series(distinct, dtype="str")).sort_values()
    order = pa.array(categories, pa.large_string())
    kind = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32  # as pandas'
    codes = []
    for indices, size, where, values, _ in pieces:
        lookup = np.full(size + 1, -1, dtype=kind)  # the last: a missing row
        lookup[where] = pc.index_in(values, value_set=order).fill_null(-1).to_numpy(zero_copy_only=False)
        codes.append(lookup.take(indices))
    return pd.Series(
        pd.Categorical.from_codes(np.concatenate(codes), dtype=pd.CategoricalDtype(categories)), index=index
    )


def _arrow_text(path: Path, name: str, column):
    """A Parquet column as one Arrow text array, values stripped and empty ones null (what :func:`_tidy_columns`
    does)."""
    import pyarrow as pa

    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        try:
            column = column.cast(pa.large_string())
        except pa.ArrowInvalid:
            raise InputError(
                f"{path}: column {name[:40]!r} holds bytes that are not UTF-8 text; store it as a text column"
            ) from None
    elif pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):  # numbers, days: as pandas
        column = pa.array(column.to_pandas().astype("str"), type=pa.large_string())
    if isinstance(column, pa.ChunkedArray):
        column = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return _stripped(column.cast(pa.large_string()))


def _read_json(
    path: Path, *, encoding: str | None, sheet: str | None, warnings: list[str], limits: Limits
) -> pd.DataFrame:
    try:
        records = json.loads(_decode(path, encoding, warnings))
    except ValueError as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    except RecursionError:
        raise InputError(f"{path}: not valid JSON (nested too deeply to be a list of records)") from None
    if isinstance(records, dict) and isinstance(records.get("components"), list):
        records = records["components"]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        found = type(records).__name__ if not isinstance(records, list) else "a list holding other values"
        raise InputError(f"{path}: expected a JSON list of records (one object per component), found {found}")
    frame = pd.DataFrame.from_records(records).astype("string")
    return frame.set_axis(np.arange(1, len(frame) + 1), axis=0).set_axis(map(str, frame.columns), axis=1)
