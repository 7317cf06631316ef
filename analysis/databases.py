"""Databases kept in someone else's shape, read without a script: layouts.

A layout (a small YAML file) says which of a file's columns are ours (``columns``: their name -> our name),
what it writes for "unknown" (``missing``: values read as empty in every column), how its words map to ours
(``values``: per column, their value -> ours, ``null`` for empty), where each row's finding is
(``finding_id``: a ``column``, a list-valued column with ``list: json`` or ``list: ";"`` giving one row per
item, or a constant ``value``), and constants for columns the file lacks (``defaults``). Columns it does not
name are kept as they are, so nothing of the source is lost.

Bundled layouts live in ``analysis/layouts/`` (package data, read through :mod:`importlib.resources`) and
carry a ``signature`` (their header): a file whose header holds every column of a signature is read with that
layout, and the reader says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SOURCE_FILE, SOURCE_LINE, InputError

#: How a list-valued ``finding_id`` column is written: a JSON array, or any other string as the separator.
JSON_LIST = "json"
LAYOUTS_PACKAGE = "analysis.layouts"
KEYS = ("name", "description", "signature", "columns", "missing", "values", "finding_id", "defaults")


def load_settings(path: str | Path, what: str) -> object:
    """A small JSON (by its suffix) or YAML file, parsed; a file that can't be read or parsed is one line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read {what} ({error.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: cannot read {what} (not UTF-8 text)") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        import yaml

        return yaml.safe_load(text)
    except ValueError as error:
        raise InputError(f"{path}: not a valid {what} ({error})") from None
    except Exception as error:  # yaml.YAMLError has no common base with ValueError
        raise InputError(f"{path}: not a valid {what} ({str(error).splitlines()[0]})") from None


class LayoutError(InputError):
    """A layout that can't be used, or a file that does not fit its layout; the message is one line."""


@dataclass(frozen=True)
class Layout:
    """How to read one kind of foreign file; see the module's docstring for each part."""

    name: str
    columns: Mapping[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    values: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    finding_id: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    signature: tuple[str, ...] = ()
    description: str = ""

    @classmethod
    def from_mapping(cls, data: object, source: str) -> Layout:
        """A layout from parsed YAML/JSON, every part checked, so a mistake is one line naming ``source``."""
        if not isinstance(data, Mapping):
            raise LayoutError(f"{source}: a layout is a mapping with some of: {', '.join(KEYS)}")
        unknown = sorted(set(map(str, data)) - set(KEYS))
        if unknown:
            raise LayoutError(f"{source}: unknown layout key {', '.join(unknown)}; expected some of {', '.join(KEYS)}")

        def texts(key: str, value: object, *, nullable: bool = False) -> dict[str, str | None]:
            if value is None:
                return {}
            if not isinstance(value, Mapping) or not all(
                isinstance(v, str | int | float) or (nullable and v is None) for v in value.values()
            ):
                raise LayoutError(f"{source}: {key} is a mapping of 'their value': 'ours'")
            return {str(k): None if v is None else str(v) for k, v in value.items()}

        def names(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            if not isinstance(value, list):
                raise LayoutError(f"{source}: {key} is a list")
            return tuple(str(v) for v in value)

        values = data.get("values") or {}
        if not isinstance(values, Mapping):
            raise LayoutError(f"{source}: values is a mapping of column -> {{their value: ours}}")
        finding_id = texts("finding_id", data.get("finding_id"))
        if finding_id and (
            set(finding_id) - {"column", "list", "value"} or ("column" in finding_id) == ("value" in finding_id)
        ):
            raise LayoutError(
                f"{source}: finding_id is {{column: NAME}} (with list: json or a separator) or {{value: ID}}"
            )
        return cls(
            name=str(data.get("name") or Path(source).stem),
            columns=texts("columns", data.get("columns")),
            missing=names("missing"),
            values={str(column): texts(f"values.{column}", m, nullable=True) for column, m in values.items()},
            finding_id=finding_id,
            defaults=texts("defaults", data.get("defaults")),
            signature=tuple(name.strip().lower() for name in names("signature")),
            description=str(data.get("description") or ""),
        )

    def matches(self, header: Iterable[str]) -> bool:
        """Whether a header (names compared without surrounding spaces and case) holds the whole signature."""
        names = {str(name).strip().lower() for name in header}
        return bool(self.signature) and names.issuperset(self.signature)

    def _ours(self, column: str) -> str:
        """A column named either way (theirs or ours) as it is called once the columns are renamed."""
        wanted = {key.strip().lower(): value for key, value in self.columns.items()}
        return wanted.get(column.strip().lower(), column.strip().lower())

    def apply(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """Missing markers, value maps, the finding id and defaults on a frame whose columns are renamed already.

        Vectorised: lists are parsed once per distinct value, so the cost grows with rows, not with findings.
        """
        warnings: list[str] = []
        data = [c for c in frame.columns if c not in (SOURCE_FILE, SOURCE_LINE)]
        if self.missing:
            frame = frame.assign(**{c: frame[c].mask(frame[c].isin(self.missing)) for c in data})
        for column, mapping in self.values.items():
            column = self._ours(column)
            if column in frame:

                def mapped(text: pd.Series, mapping: dict = mapping) -> pd.Series:
                    return text.where(~text.isin(list(mapping)), text.map(mapping)).astype("str")

                frame[column] = recoded(frame[column], mapped)
        if self.finding_id:
            frame, warnings = self._finding_ids(frame)
        lacking = {column: value for column, value in self.defaults.items() if self._ours(column) not in frame}
        frame = frame.assign(**{self._ours(column): value for column, value in lacking.items()})
        return frame, warnings

    def _finding_ids(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        if "value" in self.finding_id:
            return frame.assign(finding_id=self.finding_id["value"]), []
        column = self._ours(self.finding_id["column"])
        if column not in frame:
            raise LayoutError(f"layout {self.name}: finding_id column {self.finding_id['column']!r} is not in the file")
        separator = self.finding_id.get("list")
        if not separator:
            return frame.assign(finding_id=frame[column]), []
        codes, distinct = pd.factorize(frame[column])
        items = []
        for number, text in enumerate(distinct):
            try:
                items.append(_items(text, separator))
            except ValueError:
                row = frame.iloc[int(np.flatnonzero(codes == number)[0])]
                expected = "a JSON array of ids" if separator == JSON_LIST else f"ids separated by {separator!r}"
                raise LayoutError(
                    f"{row[SOURCE_FILE]}:{row[SOURCE_LINE]}: column {column!r}: got {text!r}, expected {expected}"
                ) from None
        counts = np.array([len(ids) for ids in items] + [0], dtype="int64")[codes]  # code -1 (empty) has none
        repeats = np.maximum(counts, 1)  # a row listing no finding stays, with an empty id, to be rejected
        rows = np.repeat(np.arange(len(frame)), repeats)
        rank = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
        offsets = np.concatenate(([0], np.cumsum([len(ids) for ids in items])))
        flat = np.array([i for ids in items for i in ids] + [None], dtype=object)
        row_codes = codes[rows]
        position = np.where((row_codes >= 0) & (counts[rows] > 0), offsets[row_codes] + rank, len(flat) - 1)
        exploded = frame.iloc[rows].reset_index(drop=True).assign(finding_id=pd.Series(flat[position], dtype="str"))
        warnings = []
        several = int((counts > 1).sum())
        if several:
            warnings.append(
                f"{several} rows list several findings in {column!r}: one row per finding, each keeping its line"
            )
        return exploded, warnings


def _items(text: str, separator: str) -> list[str]:
    """The ids of one list cell, stripped, empty ones left out; ValueError when it is not a list."""
    if separator == JSON_LIST:
        parsed = json.loads(text)
        if not isinstance(parsed, list) or not all(isinstance(v, str | int) for v in parsed):
            raise ValueError(text)
        values = map(str, parsed)
    else:
        values = text.split(separator)
    return [value.strip() for value in values if value.strip()]


@cache
def bundled() -> dict[str, Layout]:
    """The layouts shipped with the package, by name."""
    import yaml

    layouts = {}
    for entry in sorted(resources.files(LAYOUTS_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            layout = Layout.from_mapping(yaml.safe_load(entry.read_text(encoding="utf-8")), entry.name)
            layouts[layout.name] = layout
    return layouts


def load_layout(spec: str | Path | Mapping | Layout) -> Layout:
    """A layout from a YAML/JSON file, a bundled layout's name, a mapping, or a :class:`Layout` as is."""
    if isinstance(spec, Layout):
        return spec
    if isinstance(spec, Mapping):
        return Layout.from_mapping(spec, "layout")
    path = Path(spec)
    if not path.is_file():
        if str(spec) in bundled():
            return bundled()[str(spec)]
        raise LayoutError(f"{spec}: no such layout file, nor a bundled layout ({', '.join(bundled())})")
    parsed = load_settings(path, "layout")
    return Layout.from_mapping(parsed, str(path))


def recognise(header: Iterable[str]) -> Layout | None:
    """The bundled layout whose signature the header holds, if any."""
    header = list(header)
    return next((layout for layout in bundled().values() if layout.matches(header)), None)


def recoded(column: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function`` (text to text) of a text column; of a categorical column's categories only, the column staying
    categorical: the cost of a change of values is that of the distinct values, however many rows hold them."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return function(column)
    codes, distinct = pd.factorize(function(pd.Series(column.cat.categories)), sort=True)
    codes = np.append(codes, -1)[column.cat.codes.to_numpy()]  # a missing value's code -1 stays -1
    values = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(pd.Index(distinct, dtype="str")))
    return pd.Series(values, index=column.index, name=column.name)
