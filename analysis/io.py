"""Reading findings from the files investigators keep them in, remembering where each row came from.

Every reader returns text columns (a part number ``0805`` or a date code ``0952`` stays as written) plus
``source_file`` and ``source_line``: the line a user can open in the file (CSV: the physical line, header
being line 1; Excel: the sheet's row number; Parquet and JSON: the record number, first record being 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .schema import SOURCE_FILE, SOURCE_LINE

SUFFIXES = (".csv", ".xlsx", ".parquet", ".json")


class InputError(Exception):
    """A file the user gave can't be used at all; the message is one line meant for that user."""


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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read column mapping ({error.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            mapping = json.loads(text)
        else:
            import yaml

            mapping = yaml.safe_load(text)
    except ValueError as error:
        raise InputError(f"{path}: not a valid column mapping ({error})") from None
    except Exception as error:  # yaml.YAMLError has no common base with ValueError
        raise InputError(f"{path}: not a valid column mapping ({str(error).splitlines()[0]})") from None
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise InputError(f"{path}: a column mapping is an object of 'their name': 'our name' pairs")
    return {str(k): v for k, v in mapping.items()}


def read(path: str | Path, *, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read one finding file (CSV, XLSX, Parquet or JSON records) as text columns with source lines.

    ``columns`` renames the columns of a foreign layout to the project's names; header names are
    compared without surrounding spaces and case.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file, or use a command that takes folders")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".parquet": _read_parquet, ".json": _read_json}
    if suffix not in readers:
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUFFIXES)}")
    frame, first_line = readers[suffix](path)
    frame = _tidy_columns(frame, columns)
    frame = frame.dropna(how="all")
    if frame.empty:
        raise InputError(f"{path}: no rows below the header")
    frame[SOURCE_FILE] = str(path)
    frame[SOURCE_LINE] = frame.index.to_numpy() + first_line
    frame.attrs["source"] = str(path)
    return frame.reset_index(drop=True)


def _tidy_columns(frame: pd.DataFrame, columns: Mapping[str, str] | None) -> pd.DataFrame:
    """Strip and lower-case headers, apply the user's mapping, and make every column text."""
    wanted = {key.strip().lower(): value for key, value in (columns or {}).items()}
    names = [str(name).strip() for name in frame.columns]
    names = [wanted.get(name.lower(), name.lower().replace(" ", "_")) for name in names]
    frame = frame.set_axis(names, axis=1)
    frame = frame.loc[:, [not name.startswith("unnamed:") for name in names]]
    text = frame.astype("string").apply(lambda column: column.str.strip())
    return text.replace("", pd.NA).astype("str")


def _read_csv(path: Path) -> tuple[pd.DataFrame, int]:
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: this is not a text file (binary content)")
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        first = head.decode(encoding, errors="replace").splitlines()[0] if head else ""
        separator = max((",", ";", "\t"), key=first.count)
        frame = pd.read_csv(
            path, sep=separator, dtype=str, keep_default_na=False, encoding=encoding, skip_blank_lines=False
        )
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not UTF-8 text (byte {error.object[error.start]:#x} at offset {error.start}); "
            "save it as UTF-8 CSV"
        ) from None
    except pd.errors.ParserError as error:
        raise InputError(f"{path}: cannot parse as CSV ({str(error).strip()})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty") from None
    return frame, 2


def _read_xlsx(path: Path) -> tuple[pd.DataFrame, int]:
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as error:  # openpyxl raises many unrelated types for a broken workbook
        raise InputError(f"{path}: cannot read as an Excel workbook ({type(error).__name__})") from None
    return frame, 2


def _read_parquet(path: Path) -> tuple[pd.DataFrame, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(f"{path}: cannot read as Parquet ({str(error).splitlines()[0]})") from None
    return table.to_pandas().astype("string"), 1


def _read_json(path: Path) -> tuple[pd.DataFrame, int]:
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    if isinstance(records, dict) and isinstance(records.get("components"), list):
        records = records["components"]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(f"{path}: expected a JSON list of records (one object per component)")
    return pd.DataFrame.from_records(records).astype("string"), 1
