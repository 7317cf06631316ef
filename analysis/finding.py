"""A finding: the enriched rows of one piece of debris, the rows set aside, and what is known about it.

``load_finding`` is the one call a notebook needs: read, validate, enrich. Every row read ends up in
``Finding.data`` (used, perhaps with an unknown origin or no date), in ``Finding.rejected`` (with its reason)
or in ``Finding.duplicates`` (an exact repeat of a used row, with the line it repeats).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .chpl import SCREENED, screen
from .chpl import versions as chpl_versions
from .databases import Layout
from .defaults import EARLIEST
from .enrich import ENRICHED, empty_text, enrich
from .errors import SOURCE_FILE, InputError
from .io import read
from .manufacturers import load_table
from .prose import origin_range_sentence
from .schema import COLUMNS, validate

if TYPE_CHECKING:
    from .aggregate import Summary

#: The error of a file whose every row was rejected (the command line adds the command that lists why).
NO_USABLE_ROWS = "no usable rows"
#: The columns loading adds to the rows read, in the types enrichment gives them (the read ones are text).
ADDED = (*ENRICHED, *SCREENED)
#: Metadata every finding has; values the YAML file does not give come from the rows, or stay empty.
METADATA = (
    "title", "weapon", "location", "recovered_on", "published_by", "published_figures", "reconstruction", "synthetic"
)  # fmt: skip


class FindingPlots:
    """``Finding.plot.origins()``, ``.years()``, ``.origin_years()``, ``.timeline()``: the charts of one finding.

    Each takes the same keyword options as the function of the same name in :mod:`analysis.plots`.
    """

    def __init__(self, finding: Finding) -> None:
        self._data = finding.data

    def origins(self, **options):
        from .plots import plot_origins

        return plot_origins(self._data, **options)

    def years(self, **options):
        from .plots import plot_years

        return plot_years(self._data, **options)

    def origin_years(self, **options):
        from .plots import plot_origin_years

        return plot_origin_years(self._data, **options)

    def timeline(self, **options):
        from .plots import plot_timeline

        return plot_timeline(self._data, **options)


class _Part:
    """A frame of one finding: as given, or cut on first use from the rows of every finding read with it.

    A database holds hundreds of findings, and cutting out each one's rows costs a copy per column that a
    grouped summary never needs; so :func:`load_findings` gives each finding its place in the file's frames.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, finding: Finding | None, owner: type | None = None) -> pd.DataFrame | None:
        if finding is None:
            return None  # the dataclass default: no frame given
        rows = finding.__dict__.get("_" + self.name)
        if rows is None:
            whole, start, stop = finding.places.get(self.name, (None, 0, 0))
            rows = pd.DataFrame() if whole is None else whole.iloc[start:stop].reset_index(drop=True)
            finding.__dict__["_" + self.name] = rows
        return rows

    def __set__(self, finding: Finding, rows: pd.DataFrame | None) -> None:
        finding.__dict__["_" + self.name] = rows


@dataclass
class Finding:
    """The enriched, validated rows of one finding and its metadata (from a ``<file>.yaml`` beside the data)."""

    data: pd.DataFrame = _Part()
    rejected: pd.DataFrame = _Part()
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    duplicates: pd.DataFrame = _Part()
    #: How the file was read (a layout recognised by its header), for the user to know; not a problem.
    notes: list[str] = field(default_factory=list)
    #: Where the frames not given are in the frames of the whole file: name -> (frame, start, stop).
    places: dict[str, tuple[pd.DataFrame, int, int]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def finding_id(self) -> str:
        whole, start, _ = self.places.get("data", (None, 0, 0))
        if whole is not None and self.__dict__.get("_data") is None:
            return str(whole["finding_id"].iat[start])
        return str(self.data["finding_id"].iloc[0])

    def count(self, part: str) -> int:
        """Rows of ``data``, ``rejected`` or ``duplicates``, without cutting them out of the file's frame."""
        rows = self.__dict__.get("_" + part)
        if rows is not None:
            return len(rows)
        _, start, stop = self.places.get(part, (None, 0, 0))
        return int(stop - start)

    @property
    def plot(self) -> FindingPlots:
        return FindingPlots(self)

    @property
    def rows_read(self) -> int:
        return self.count("data") + self.count("rejected") + self.count("duplicates")

    @property
    def assembled_not_before(self) -> pd.Timestamp | None:
        """The earliest day the weapon could have been assembled: the first possible day of its latest part whose
        date code has one reading."""
        evidence = self.assembled_not_before_evidence
        return evidence["date"] if evidence else None

    @property
    def assembled_not_before_with_ambiguous(self) -> pd.Timestamp | None:
        """:attr:`assembled_not_before` counting ambiguous date codes too, at their first reading.

        When it differs, the headline could move if an ambiguous code were read the way it is listed.
        """
        from .aggregate import assembled_not_before

        day = assembled_not_before(self.data, include_ambiguous=True)["date"].iloc[0]
        return None if pd.isna(day) else day

    @property
    def assembled_not_before_evidence(self) -> dict | None:
        """The part that sets :attr:`assembled_not_before`, and the date the next-latest part would give."""
        from .aggregate import assembled_not_before

        table = assembled_not_before(self.data)
        return None if table.empty or pd.isna(table["date"].iloc[0]) else table.iloc[0].to_dict()

    def summary(self, basis: str = "brand") -> Summary:
        """The headline figures (:class:`analysis.aggregate.Summary`, the object ``origins summary --json`` prints)."""
        from .aggregate import summaries

        return summaries([self], basis=basis)[0]

    def compare(self, reference, **options):
        """This finding against documented ones: see :func:`analysis.comparison.compare` for the options."""
        from .comparison import compare

        return compare(self, reference, **options)

    def _repr_html_(self) -> str:
        from .templating import render

        summary = self.summary()
        return render("finding_repr.html.j2", s=summary, range_sentence=origin_range_sentence(summary))

    def __repr__(self) -> str:
        date = self.assembled_not_before
        return (
            f"<Finding {self.finding_id}: {len(self.data)} components, {len(self.rejected)} rejected, "
            f"assembled not before {date.date() if date is not None else 'unknown'}>"
        )


def rows_of(findings: Sequence[Finding], part: str = "data") -> pd.DataFrame:
    """The ``data``, ``rejected`` or ``duplicates`` rows of all the findings as one frame.

    Findings read from one file share that file's frame, which is returned as it is (or filtered, for some of
    them) instead of concatenating a cut per finding.
    """
    whole = findings[0].places.get(part, (None,))[0] if findings else None
    if whole is not None and all(f.places.get(part, (None,))[0] is whole for f in findings):
        if sum(f.count(part) for f in findings) == len(whole):
            return whole
        return whole.take(np.concatenate([np.arange(*f.places[part][1:]) for f in findings]))
    frames = [getattr(f, part) for f in findings]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _metadata(path: Path | None) -> dict:
    """The finding's description from ``<stem>.yaml`` beside its file, if there is one."""
    if path is None or not path.with_suffix(".yaml").exists():
        return {}
    import yaml

    sidecar = path.with_suffix(".yaml")
    try:
        meta = yaml.load(sidecar.read_text(encoding="utf-8"), Loader=_text_dates_loader())
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(f"{sidecar}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{sidecar}: expected a mapping of finding metadata")
    return _checked_metadata(sidecar, meta)


def _text_dates_loader():
    """PyYAML's safe loader, but a date stays the text it was typed as: ``title: 2024-01-02`` is a title, and
    ``recovered_on: 2024-13-45`` reaches the check below instead of failing inside the YAML parser."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _checked_metadata(sidecar: Path, meta: dict) -> dict:
    """The sidecar's values as the reports show them: text as text, ``recovered_on`` a real day, ``sources`` a
    list of text. YAML reads ``title: .nan`` as a number and ``title: [1, 2]`` as a list, so a value of the
    wrong type is one line naming the key, rather than a crash or a ``NaN`` in the JSON output."""
    import datetime as dt

    def kind(value: object) -> str:
        return {list: "a list", dict: "a mapping", bool: "true/false"}.get(type(value), f"the number {value}")

    checked = dict(meta)
    for key in METADATA:
        value = meta.get(key)
        if key == "recovered_on" and value is not None:
            try:
                checked[key] = dt.date.fromisoformat(value).isoformat()
            except (TypeError, ValueError):
                raise InputError(f"{sidecar}: recovered_on: got {value!r}, expected a day as YYYY-MM-DD") from None
        elif value is not None and not isinstance(value, str):
            raise InputError(f"{sidecar}: {key}: expected text, got {kind(value)}; put it in quotes")
    sources = meta.get("sources")
    if sources is not None and (not isinstance(sources, list) or not all(isinstance(s, str) for s in sources)):
        raise InputError(f"{sidecar}: sources: expected a list of text (one '- source' a line)")
    return checked


def load_findings(
    source: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    layout: str | Path | Mapping | Layout | None = None,
    manufacturers: str | Path | pd.DataFrame | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    max_size: int | None = None,
    max_columns: int | None = None,
    max_cell: int | None = None,
    max_sheet_cells: int | None = None,
    earliest: str | date = EARLIEST,
    today: date | None = None,
    chpl_version: str | None = None,
) -> list[Finding]:
    """Read, validate and enrich a file (or a frame in the component schema): one :class:`Finding` per id.

    Every schema column is present in ``Finding.data``, the optional ones a file lacks being empty.
    Rejected rows go with the finding they name; rows whose ``finding_id`` is itself unusable go with the
    file's first finding, so that every row read is counted somewhere. A file with no usable row is an
    ``InputError``; ``analysis.validate(analysis.read(path))`` lists why each row was rejected. ``layout`` (see
    :mod:`analysis.databases`), ``encoding``, ``sheet`` and the limits (``max_size``, ``max_columns``, ``max_cell``,
    ``max_sheet_cells``) are passed to :func:`analysis.io.read`;
    ``earliest`` and ``today`` bound the date codes' readings (see :func:`analysis.enrich.enrich`);
    ``chpl_version`` is the version of the Common High Priority List parts are screened against (the latest when
    None, see :mod:`analysis.chpl`).
    """
    raw, path = _read_source(
        source, columns=columns, layout=layout, encoding=encoding, sheet=sheet, max_size=max_size,
        max_columns=max_columns, max_cell=max_cell, max_sheet_cells=max_sheet_cells,
    )  # fmt: skip
    checked = validate(raw)
    if checked.valid.empty:
        raise InputError(f"{raw[SOURCE_FILE].iloc[0]}: {NO_USABLE_ROWS} ({len(checked.rejected)} rejected)")
    # Only the rows' valid/rejected split is needed from here: let the frame as read go before enrich, the
    # step that holds the most memory.
    warnings, rejected = raw.attrs.get("warnings", []) + checked.warnings, checked.rejected
    notes, duplicates = raw.attrs.get("notes", []), checked.duplicates
    valid = checked.valid
    del raw, checked
    valid = _with_every_column(valid)
    metadata = _metadata(path)
    enriched, enrich_warnings = enrich(
        valid,
        table=load_table(manufacturers),
        recovered_on=metadata.get("recovered_on"),
        earliest=earliest,
        today=today,
    )
    del valid
    enriched, chpl_warnings = screen(enriched, version=chpl_version)
    ids, places = _places(enriched, rejected, duplicates)
    del enriched  # its rows are in places["data"], each finding's together
    version = {"chpl_version": chpl_version or chpl_versions()[-1]}
    return _findings(ids, places, metadata | version, warnings + enrich_warnings + chpl_warnings, notes)


def _read_source(
    source: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None,
    layout: str | Path | Mapping | Layout | None,
    **options,
) -> tuple[pd.DataFrame, Path | None]:
    """The rows as read, in text columns with their file and line, and the file's path (None for a frame).

    A frame is read as a file would be (renamed by ``columns`` and the ``layout``, every cell as text, its rows
    numbered from 1), so that validation and its messages are the same whichever way the rows come.
    """
    if not isinstance(source, pd.DataFrame):
        path = Path(source)
        return read(path, columns=columns, layout=layout, **options), path
    from .databases import load_layout

    layout = load_layout(layout) if layout is not None else None
    renames = dict(layout.columns if layout else {}) | dict(columns or {})
    raw = source.rename(columns=renames).copy()
    raw[SOURCE_FILE] = raw.attrs.get("source", "<frame>")
    raw["source_line"] = range(1, len(raw) + 1)
    raw = raw.astype({c: "str" for c in raw.columns if c != "source_line"})
    if layout:
        raw, layout_warnings = layout.apply(raw)
        raw.attrs["warnings"] = layout_warnings
    return raw, None


def _with_every_column(valid: pd.DataFrame) -> pd.DataFrame:
    """The rows with every schema column, those the file lacks empty: later steps and reports need not ask."""
    missing = [name for name in COLUMNS if name not in valid]
    if not missing:
        return valid
    return valid.assign(**{name: empty_text(valid.index) for name in missing})


def _places(
    enriched: pd.DataFrame, rejected: pd.DataFrame, duplicates: pd.DataFrame
) -> tuple[list[str], dict[str, tuple[pd.DataFrame, np.ndarray]]]:
    """The file's findings (in order of first appearance) and, for its used, rejected and duplicate rows, one
    frame each with every finding's rows together and where each finding starts.

    One frame per kind of row rather than a cut per finding: a database holds hundreds of findings, and a
    grouped summary reads them all at once. The used rows are grouped last, so that the copy made when a file's
    findings are interleaved is the only large frame made while the rows as enriched are still held.
    """
    codes, ids = pd.factorize(enriched["finding_id"])  # ids in order of first appearance
    ids = ids.tolist()
    places = {}
    for name, frame in (("rejected", rejected), ("duplicates", duplicates)):
        # rows whose finding_id names no finding of the file go with its first finding
        keys = pd.Index(ids).get_indexer(frame["finding_id"])
        places[name] = _grouped(frame, np.where(keys < 0, 0, keys), len(ids))
    return ids, {"data": _grouped(enriched, codes, len(ids))} | places


def _findings(
    ids: list[str],
    places: dict[str, tuple[pd.DataFrame, np.ndarray]],
    metadata: dict,
    warnings: list[str],
    notes: list[str],
) -> list[Finding]:
    """One :class:`Finding` per id, each pointing at its rows in the file's frames, with the file's warnings and
    notes, and its metadata: the YAML file's, else the most common value of its rows.

    The warnings are the file's, one list for all its findings: a copy each would hold a database's thousands of
    warnings once per finding.
    """
    defaults = _row_defaults(places["data"][0])
    return [
        Finding(
            warnings=warnings,
            metadata=_with_defaults(metadata, finding_id, defaults),
            notes=notes,
            places={name: (rows, bounds[number], bounds[number + 1]) for name, (rows, bounds) in places.items()},
        )
        for number, finding_id in enumerate(ids)
    ]


def _grouped(frame: pd.DataFrame, codes: np.ndarray, findings: int) -> tuple[pd.DataFrame, np.ndarray]:
    """``frame`` with each finding's rows together (file order kept within one), and where each one starts."""
    if (np.diff(codes) < 0).any():  # one copy, only when a file's findings are interleaved
        order = np.argsort(codes, kind="stable")
        frame, codes = frame.take(order), codes[order]
    frame = frame.reset_index(drop=True)
    frame.attrs = {}  # pandas copies attrs on every operation; the warnings are kept on each Finding
    return frame, np.searchsorted(codes, np.arange(findings + 1))


def _row_defaults(rows: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Per metadata key, each finding's most common value in its rows (ties: the first in sort order)."""
    defaults = {}
    for key in ("weapon", "location", "recovered_on"):
        if key in rows:
            counts = rows.groupby(["finding_id", key], observed=True).size().rename("n").reset_index()
            counts = counts.sort_values(["finding_id", "n", key], ascending=[True, False, True])
            first = counts.drop_duplicates("finding_id")
            defaults[key] = dict(zip(first["finding_id"], first[key], strict=True))
    return defaults


def _with_defaults(metadata: dict, finding_id: str, defaults: dict[str, dict[str, str]]) -> dict:
    """Every :data:`METADATA` key, taken from the YAML file, else from the rows' most common value."""
    filled = dict.fromkeys(METADATA) | {"sources": []} | metadata
    for key, values in defaults.items():
        if filled[key] is None and finding_id in values:
            filled[key] = values[finding_id]
    filled["title"] = filled["title"] or finding_id
    return filled


def load_finding(source: str | Path | pd.DataFrame, **options) -> Finding:
    """Read, validate and enrich one finding; see :func:`load_findings` for the options."""
    findings = load_findings(source, **options)
    if len(findings) > 1:
        names = ", ".join(f.finding_id for f in findings)
        raise InputError(f"{source}: holds {len(findings)} findings ({names}); use load_findings")
    return findings[0]
