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

import pandas as pd

from .databases import Layout
from .datecodes import EARLIEST
from .enrich import enrich
from .io import InputError, read
from .manufacturers import load_table
from .schema import COLUMNS, SOURCE_FILE, validate

BASES = ("brand", "owner")
#: Above this share of a finding's parts being of unknown origin, its headline share says what the unknowns leave open.
UNKNOWN_NOTICE = 0.05
#: What each ``by_country`` / ``by_region`` entry of a summary holds.
SHARE_FIELDS = ("key", "count", "share", "ci_low", "ci_high", "bound_low", "bound_high")
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


@dataclass
class Finding:
    """The enriched, validated rows of one finding and its metadata (from a ``<file>.yaml`` beside the data)."""

    data: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: How the file was read (a layout recognised by its header), for the user to know; not a problem.
    notes: list[str] = field(default_factory=list)

    @property
    def finding_id(self) -> str:
        return str(self.data["finding_id"].iloc[0])

    @property
    def plot(self) -> FindingPlots:
        return FindingPlots(self)

    @property
    def rows_read(self) -> int:
        return len(self.data) + len(self.rejected) + len(self.duplicates)

    @property
    def assembled_not_before(self) -> pd.Timestamp | None:
        """The earliest day the weapon could have been assembled: the first possible day of its latest part."""
        evidence = self.assembled_not_before_evidence
        return evidence["date"] if evidence else None

    @property
    def assembled_not_before_evidence(self) -> dict | None:
        """The part that sets :attr:`assembled_not_before`, and the date the next-latest part would give."""
        from .aggregate import assembled_not_before

        table = assembled_not_before(self.data)
        return None if table.empty or pd.isna(table["date"].iloc[0]) else table.iloc[0].to_dict()

    def summary(self, basis: str = "brand") -> dict:
        """The headline figures, as plain JSON-ready values (the object ``origins summary --json`` prints)."""
        from .aggregate import origin_column, share_made_between, year_counts
        from .enrich import per_distinct
        from .manufacturers import normalise

        if basis not in BASES:
            raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
        data = self.data
        companies = data["company"].fillna("brand:" + per_distinct(data["manufacturer"], normalise))
        countries = data[origin_column("hq_country", basis=basis)]
        origins = origin_summaries(data, basis=basis)[self.finding_id]
        years = year_counts(data)
        evidence = self.assembled_not_before_evidence
        summary = {
            "finding_id": self.finding_id,
            "title": self.metadata.get("title") or self.finding_id,
            "components": len(data),
            "rejected": len(self.rejected),
            "duplicates": len(self.duplicates),
            "manufacturers": int(companies.nunique()),
            "countries": int(countries.nunique()),
            "basis": basis,
            "by_country": origins["by_country"],
            "by_region": origins["by_region"],
            "unknown_origin": origins["unknown_origin"],
            "unknown_brands": origins["unknown_brands"],
            "file_country_sensitivity": origins["file_country_sensitivity"],
            "dated_components": int(data["manufactured_year"].notna().sum()),
            "undated_components": years.attrs["undated"].get(self.finding_id, 0),
            "by_year": [{"year": int(y), "count": int(c)} for y, c in zip(years["year"], years["count"], strict=True)],
            "assembled_not_before": None,
            "assembled_not_before_evidence": None,
            "made_in_three_years_before_assembly": None,
        }
        if evidence:
            end = evidence["date"].year
            window = share_made_between(data, end - 2, end).iloc[0]
            summary |= {
                "assembled_not_before": evidence["date"].date().isoformat(),
                "assembled_not_before_evidence": {
                    "component_id": evidence["component_id"],
                    "date_code": evidence["date_code"],
                    "next_latest_date": _iso(evidence["second_date"]),
                    "next_latest_component_id": evidence["second_component_id"],
                },
                "made_in_three_years_before_assembly": {
                    "start_year": end - 2,
                    "end_year": end,
                    "count": int(window["count"]),
                    "share": float(window["share"]),
                    "ci_low": float(window["ci_low"]),
                    "ci_high": float(window["ci_high"]),
                },
            }
        for notice in ("reconstruction", "synthetic"):  # what the data is, when it is not a real finding as found
            text = self.metadata.get(notice)
            summary[notice] = str(text).strip() if text else None
        return summary

    def compare(self, reference, **options):
        """This finding against documented ones: see :func:`analysis.comparison.compare` for the options."""
        from .comparison import compare

        return compare(self, reference, **options)

    def _repr_html_(self) -> str:
        from .report import render

        summary = self.summary()
        return render("finding_repr.html.j2", s=summary, range_sentence=origin_range_sentence(summary))

    def __repr__(self) -> str:
        date = self.assembled_not_before
        return (
            f"<Finding {self.finding_id}: {len(self.data)} components, {len(self.rejected)} rejected, "
            f"assembled not before {date.date() if date is not None else 'unknown'}>"
        )


def origin_summaries(data: pd.DataFrame, *, basis: str = "brand") -> dict[str, dict]:
    """The origin figures of each finding's summary, for every finding of ``data`` at once.

    Shares with their intervals and bounds, the unknown brands, and the sensitivity to the file's own countries
    are each counted in one grouped pass over the whole frame, so a database of many findings costs no more
    per finding than one finding does. ``file_country_sensitivity`` is None when the file states no country
    for any part of unknown origin.
    """
    from .aggregate import origin_shares, unknown_brands

    by_country = origin_shares(data, by="hq_country", basis=basis)
    by_region = origin_shares(data, by="un_region", basis=basis)
    sensitivity = origin_shares(data, by="hq_country", basis=basis, file_countries=True)
    countries, regions = _records(by_country, SHARE_FIELDS), _records(by_region, SHARE_FIELDS)
    brands = _records(unknown_brands(data, basis=basis), ("manufacturer", "file_country", "reason", "count"))
    stated = _records(sensitivity, ("key", "count", "from_file", "share", "ci_low", "ci_high"))
    placed = sensitivity.groupby("finding_id", observed=True)["from_file"].sum()
    result = {}
    for finding_id, unknown in by_country.attrs["unknown"].items():
        from_file = int(placed.get(finding_id, 0))
        result[finding_id] = {
            "by_country": countries.get(finding_id, []),
            "by_region": regions.get(finding_id, []),
            "unknown_origin": unknown,
            "unknown_brands": brands.get(finding_id, []),
            "file_country_sensitivity": {
                "parts_given_file_country": from_file,
                "still_unknown": sensitivity.attrs["unknown"][finding_id],
                "by_country": stated[finding_id],
            }
            if from_file
            else None,
        }
    return result


def _records(table: pd.DataFrame, columns: Sequence[str]) -> dict[str, list[dict]]:
    """The rows of a tidy frame of several findings as JSON-ready dicts, listed per finding in one pass."""
    values = table[list(columns)].astype(object)
    values = values.where(table[list(columns)].notna(), None)
    records: dict[str, list[dict]] = {}
    for finding_id, row in zip(table["finding_id"].astype(str), values.to_dict("records"), strict=True):
        records.setdefault(finding_id, []).append(row)
    return records


def unknown_range(summary: dict) -> str | None:
    """What the unknown parts leave open for the largest share, when they are over 5 % of the finding.

    e.g. "74.6–92.0 % of all parts, 17 % being of unknown origin"; None when unknowns are 5 % of the parts or
    fewer, or no origin is known.
    """
    unknown, components = summary["unknown_origin"], summary["components"]
    if not summary["by_country"] or not components or unknown / components <= UNKNOWN_NOTICE:
        return None
    top = summary["by_country"][0]
    return (
        f"{100 * top['bound_low']:.1f}–{100 * top['bound_high']:.1f} % of all parts, "
        f"{100 * unknown / components:.0f} % being of unknown origin"
    )


def origin_range_sentence(summary: dict) -> str | None:
    """The largest share with :func:`unknown_range`, when that applies: the line the CLI and a notebook show.

    e.g. "United States 90.4 % of parts of known origin; 74.6–92.0 % of all parts, 17 % being of unknown origin."
    """
    from .regions import country_name

    clause = unknown_range(summary)
    if clause is None:
        return None
    top = summary["by_country"][0]
    return f"{country_name(top['key'])} {100 * top['share']:.1f} % of parts of known origin; {clause}."


def _iso(day: pd.Timestamp | None) -> str | None:
    return None if day is None or pd.isna(day) else day.date().isoformat()


def _metadata(path: Path | None) -> dict:
    """The finding's description from ``<stem>.yaml`` beside its file, if there is one."""
    if path is None or not path.with_suffix(".yaml").exists():
        return {}
    import yaml

    sidecar = path.with_suffix(".yaml")
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(f"{sidecar}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{sidecar}: expected a mapping of finding metadata")
    recovered = meta.get("recovered_on")
    if recovered is not None and pd.isna(pd.to_datetime(str(recovered), format="%Y-%m-%d", errors="coerce")):
        raise InputError(f"{sidecar}: recovered_on: got {recovered!r}, expected a day as YYYY-MM-DD")
    return meta


def load_findings(
    source: str | Path | pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    layout: str | Path | Mapping | Layout | None = None,
    manufacturers: str | Path | pd.DataFrame | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    max_size: int | None = None,
    earliest: str | date = EARLIEST,
    today: date | None = None,
) -> list[Finding]:
    """Read, validate and enrich a file (or a frame in the component schema): one :class:`Finding` per id.

    Every schema column is present in ``Finding.data``, the optional ones a file lacks being empty.
    Rejected rows go with the finding they name; rows whose ``finding_id`` is itself unusable go with the
    file's first finding, so that every row read is counted somewhere. ``layout`` (see
    :mod:`analysis.databases`), ``encoding``, ``sheet`` and ``max_size`` are passed to :func:`analysis.io.read`;
    ``earliest`` and ``today`` bound the date codes' readings (see :func:`analysis.enrich.enrich`).
    """
    if isinstance(source, pd.DataFrame):
        from .databases import load_layout

        layout = load_layout(layout) if layout is not None else None
        renames = dict(layout.columns if layout else {}) | dict(columns or {})
        raw, path = source.rename(columns=renames).copy(), None
        raw[SOURCE_FILE] = raw.attrs.get("source", "<frame>")
        raw["source_line"] = range(1, len(raw) + 1)
        raw = raw.astype({c: "str" for c in raw.columns if c != "source_line"})
        if layout:
            raw, layout_warnings = layout.apply(raw)
            raw.attrs["warnings"] = layout_warnings
    else:
        path = Path(source)
        raw = read(path, columns=columns, layout=layout, encoding=encoding, sheet=sheet, max_size=max_size)
    checked = validate(raw)
    if checked.valid.empty:
        source = raw[SOURCE_FILE].iloc[0]
        rejected = len(checked.rejected)
        raise InputError(f"{source}: no usable rows ({rejected} rejected; `origins validate {source}` says why)")
    # Only the rows' valid/rejected split is needed from here: let the frame as read go before enrich, the
    # step that holds the most memory.
    warnings, rejected = raw.attrs.get("warnings", []) + checked.warnings, checked.rejected
    notes, duplicates = raw.attrs.get("notes", []), checked.duplicates
    valid = checked.valid
    del raw, checked
    missing = [name for name in COLUMNS if name not in valid]
    if missing:
        valid = valid.assign(**dict.fromkeys(missing, pd.NA)).astype(dict.fromkeys(missing, "str"))
    metadata = _metadata(path)
    enriched, enrich_warnings = enrich(
        valid,
        table=load_table(manufacturers),
        recovered_on=metadata.get("recovered_on"),
        earliest=earliest,
        today=today,
    )
    del valid
    ids = enriched["finding_id"].unique().tolist()  # in order of first appearance
    # One finding per file is the rule: no copy of its rows then; several are split in one pass.
    rows = {ids[0]: enriched} if len(ids) == 1 else dict(tuple(enriched.groupby("finding_id", sort=False)))
    rejected_ids = rejected["finding_id"].where(rejected["finding_id"].isin(ids), ids[0])
    duplicate_ids = duplicates["finding_id"].where(duplicates["finding_id"].isin(ids), ids[0])
    return [
        Finding(
            data=rows[finding_id].reset_index(drop=True),
            rejected=rejected[rejected_ids == finding_id].reset_index(drop=True),
            warnings=warnings + enrich_warnings,
            metadata=_with_defaults(metadata, rows[finding_id]),
            duplicates=duplicates[duplicate_ids == finding_id].reset_index(drop=True),
            notes=notes,
        )
        for finding_id in ids
    ]


def _with_defaults(metadata: dict, rows: pd.DataFrame) -> dict:
    """Every :data:`METADATA` key, taken from the YAML file, else from the rows' most common value."""
    filled = dict.fromkeys(METADATA) | {"sources": []} | metadata
    for key in ("weapon", "location", "recovered_on"):
        if filled[key] is None and key in rows and rows[key].notna().any():
            filled[key] = rows[key].mode().iloc[0]
    filled["title"] = filled["title"] or str(rows["finding_id"].iloc[0])
    return filled


def load_finding(source: str | Path | pd.DataFrame, **options) -> Finding:
    """Read, validate and enrich one finding; see :func:`load_findings` for the options."""
    findings = load_findings(source, **options)
    if len(findings) > 1:
        names = ", ".join(f.finding_id for f in findings)
        raise InputError(f"{source}: holds {len(findings)} findings ({names}); use load_findings")
    return findings[0]
