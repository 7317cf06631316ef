"""Charts of one finding, or of a comparison, each a function of tidy frames and an ``ax``, in seaborn's style.

Every ``plot_*`` function takes tidy frames (the enriched rows, or a comparison's tables), draws on the axes it is
given (or on a new figure of a sensible size when ``ax`` is None) and returns them; the figures it shows are
computed in :mod:`analysis.aggregate` and :mod:`analysis.comparison`, never here. Keywords it does not know go to
the matplotlib call that draws its data (``barh``, ``bar`` or ``scatter``), over its defaults. Nothing global
changes: no rcParams, no ``plt.show()``. A country keeps one colour in every chart (:data:`PALETTE`,
:func:`country_colour`), so a reader who learnt that blue is the United States in one figure can trust it in the
next, and origins come in one order everywhere: by share, largest first. Parts of unknown origin are drawn in
grey, apart from the shares, and origins beyond a chart's ``top`` in a lighter grey (:data:`OTHER_COLOUR`);
undated parts are counted on the chart. A finding with no dated part has nothing to draw by date: the date charts
refuse it (ValueError) rather than show empty axes.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import date
from functools import cache

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from . import aggregate
from .defaults import SANCTIONS_DAY
from .prose import plural, reference_label

__all__ = [
    "OTHER_COLOUR",
    "PALETTE",
    "REGION_PALETTE",
    "UNKNOWN_COLOUR",
    "country_colour",
    "key_colour",
    "plot_chpl_tiers",
    "plot_origin_years",
    "plot_origins",
    "plot_share_comparison",
    "plot_timeline",
    "plot_year_comparison",
    "plot_years",
]

#: Fixed colours for the countries most often found in weapon debris; others fall back to :func:`country_colour`.
PALETTE: dict[str, str] = {
    "US": "#1f77b4",
    "CN": "#d62728",
    "TW": "#17becf",
    "JP": "#e377c2",
    "DE": "#ff7f0e",
    "NL": "#bcbd22",
    "CH": "#8c564b",
    "SG": "#9467bd",
    "KR": "#2ca02c",
    "GB": "#393b79",
    "FR": "#6b6ecf",
    "IT": "#637939",
    "IE": "#b5cf6b",
    "AT": "#e7ba52",
    "IL": "#ad494a",
    "MY": "#7b4173",
    "PH": "#ce6dbd",
    "CA": "#6baed6",
    "RU": "#843c39",
    "IN": "#e6550d",
}
#: Fixed colours for UN regions (and for groups of a ``by`` mapping that carry a region's name).
REGION_PALETTE: dict[str, str] = {
    "Americas": "#4c72b0",
    "Europe": "#dd8452",
    "Asia": "#c44e52",
    "Africa": "#55a868",
    "Oceania": "#8172b3",
}
UNKNOWN_COLOUR = "#9e9e9e"
#: The bar that gathers origins beyond ``top``.
OTHER_COLOUR = "#d0d0d0"
_FALLBACK_COLOURS = "tab20b"
_SHORT_NAMES = {"RU": "Russia", "CZ": "Czechia", "MD": "Moldova"}
_BASIS_TEXT = {
    "brand": "basis: brand, the company named on the part",
    "owner": "basis: owner, the company that owned the brand when the part was made",
}
_WHAT = {"hq_country": "country", "owner_country": "country", "un_region": "UN region", "owner_un_region": "UN region"}
_SMALL, _NORMAL, _TITLE = 8, 9, 11
#: Longest user text (an id, a label) drawn on a chart; longer ones are cut, ending in an ellipsis.
MAX_LABEL = 40
#: Years a date axis draws; a part or recovery day outside them (a typing error) is counted, not drawn.
DRAWN_YEARS = (1900, 2199)


@cache
def _alpha2() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(country.alpha_2 for country in pycountry.countries))


def _colormap_colour(index: int) -> str:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[_FALLBACK_COLOURS]
    return to_hex(cmap(index % cmap.N))


def country_colour(code: object) -> str:
    """One colour per country, the same in every chart; grey when the country is unknown.

    Countries outside :data:`PALETTE` take a colour from their place in the sorted list of ISO codes, so the
    choice is deterministic across runs and machines.
    """
    if not isinstance(code, str) or code not in _alpha2():
        return UNKNOWN_COLOUR
    return PALETTE.get(code) or _colormap_colour(_alpha2().index(code))


def key_colour(key: object) -> str:
    """The colour of any origin key: a country, a UN region, or a group name from a ``by`` mapping."""
    if isinstance(key, str) and key in REGION_PALETTE:
        return REGION_PALETTE[key]
    if isinstance(key, str) and key and key not in _alpha2():
        return _colormap_colour(zlib.crc32(key.encode()))
    return country_colour(key)


def _plain(text: object) -> str:
    """User text as drawn: on one line, cut to :data:`MAX_LABEL` characters, ``$`` escaped so that matplotlib
    never reads it as math text (``K-$\\foo$`` would otherwise fail when the figure is saved)."""
    text = " ".join(str(text).split())
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "\u2026"
    return text.replace("$", r"\$")


def _label(key: str) -> str:
    """``US  United States`` for a country code, the key itself (as plain text) otherwise."""
    import pycountry

    if key not in _alpha2():
        return _plain(key)
    country = pycountry.countries.get(alpha_2=key)
    name = _SHORT_NAMES.get(key) or getattr(country, "common_name", None) or country.name.split(",")[0]
    return f"{key}  {name}"


def _one_finding(data: pd.DataFrame, what: str) -> str:
    if "finding_id" not in data.columns:
        raise ValueError(f"{what} needs a finding_id column")
    ids = sorted(map(str, data["finding_id"].dropna().unique()))
    if len(ids) != 1:
        found = ", ".join(ids) if ids else "none"
        raise ValueError(
            f"{what} draws one finding; the frame holds {len(ids)} ({found}): select one, "
            "e.g. data[data['finding_id'] == ...]"
        )
    return ids[0]


def _require_dated(data: pd.DataFrame, finding: str, what: str) -> pd.Series:
    """The first possible day of each part; a finding with no dated part is refused, so no chart is empty."""
    first = pd.to_datetime(data["manufactured_first_day"])
    if first.isna().all():
        raise ValueError(f"{what}: no part of finding {finding} carries a date code that decodes; nothing to draw")
    return first


def _origin_layers(data: pd.DataFrame, by: str | Mapping[str, str], basis: str, top: int) -> tuple[pd.Series, dict]:
    """Each part's layer and each layer's colour, in drawing order: the ``top`` origins by share, largest first
    (the order of every chart), then the rest gathered in one layer, then the parts of unknown origin."""
    keys = aggregate.origin_keys(data, by=by, basis=basis)
    order = aggregate.origin_shares(data, by=by, basis=basis)["key"].tolist()
    head, other = order[:top], f"{len(order[top:])} other origins"
    layers = keys.where(keys.isin(head), other).where(keys.notna(), "unknown origin")
    colours = {key: key_colour(key) for key in head} | {other: OTHER_COLOUR, "unknown origin": UNKNOWN_COLOUR}
    return layers, colours


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _title(ax: Axes, text: str, by: str | Mapping[str, str], basis: str) -> None:
    """A title naming what is counted, and the basis beneath it."""
    column = aggregate.origin_column(by, basis=basis)
    what = "country group" if isinstance(by, Mapping) else _WHAT.get(column, column)
    ax.set_title(f"{text.format(what=what)}\n{_BASIS_TEXT[basis]}", fontsize=_TITLE, loc="left")


def _legend_outside(ax: Axes, title: str, *handles_and_labels) -> None:
    """A frameless legend right of the axes, so it never covers the data."""
    ax.legend(
        *handles_and_labels,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=_SMALL,
        frameon=False,
        title=title,
        title_fontsize=_SMALL,
    )


def _whiskers(share: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    """Whisker lengths below and above each share; a bound a rounding error past its share (a Wilson low of
    2.8e-17 for 0 of 5) draws as no whisker instead of failing the chart."""
    return np.clip(np.vstack([share - low, high - share]), 0, None)


def _gather_rest(shares: pd.DataFrame, top: int, confidence: float, unknown: int) -> pd.DataFrame:
    """Keep the ``top`` largest origins by name and gather the rest in one bar, so nothing disappears."""
    if len(shares) <= top:
        return shares.assign(other=False)
    head, rest = shares.iloc[:top], shares.iloc[top:]
    known = int(shares["count"].sum())
    count = int(rest["count"].sum())
    low, high = map(float, aggregate.wilson_interval(count, known, confidence))
    other = {
        "key": f"{len(rest)} other origins",
        "count": count,
        "share": count / known,
        "ci_low": low,
        "ci_high": high,
        "bound_low": count / (known + unknown),
        "bound_high": (count + unknown) / (known + unknown),
    }
    return pd.concat([head.assign(other=False), pd.DataFrame([other | {"other": True}])], ignore_index=True)


def plot_origins(
    data: pd.DataFrame,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
    top: int = 12,
    confidence: float = 0.95,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Share of parts by origin, largest at top, with Wilson interval whiskers; one finding.

    ``data``: the enriched rows of one finding. ``by``: the column counted (``hq_country``, ``un_region``) or a
    mapping of country codes to groups; ``basis``: ``brand`` or ``owner``; ``top``: origins drawn by name;
    ``confidence``: of the whiskers; ``ax``: where to draw; other keywords go to ``Axes.barh`` of the shares.

    Shares are over the parts of known origin. Parts of unknown origin get their own grey bar below a line,
    outside the shares: drawn to the same scale (its length is their count over the known parts, as every bar's
    is), labelled with a count and no share. When some parts are unknown, a pale dashed band behind each bar
    spans its bounds: the share of all parts if no unknown part, or every one, were of that origin. Origins
    beyond ``top`` are gathered in one bar.
    """
    finding = _one_finding(data, "plot_origins")
    shares = aggregate.origin_shares(data, by=by, basis=basis, confidence=confidence)
    known, unknown = shares.attrs["known"][finding], shares.attrs["unknown"][finding]
    shares = _gather_rest(shares, top, confidence, unknown)
    ax = _axes(ax, (8.5, 0.38 * max(len(shares) + 1, 3) + 1.9))
    _title(ax, f"{_plain(finding)}: parts by {{what}}", by, basis)
    if shares.empty:
        text = f"no part of known origin: all {unknown} parts are of unknown origin"
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center")
        ax.set_yticks([])
        return ax
    y = np.arange(len(shares))
    colours = shares["key"].map(key_colour).where(~shares["other"], OTHER_COLOUR).tolist()
    error = _whiskers(shares["share"], shares["ci_low"], shares["ci_high"])
    right = shares["ci_high"]
    xlabel = f"share of the {known} parts of known origin (whiskers: {confidence:.0%} Wilson interval)"
    if unknown:
        _bound_bands(ax, y, shares["bound_low"], shares["bound_high"], colours)
        right = np.maximum(right, shares["bound_high"])
        xlabel += "\npale dashed band: share of all parts if no unknown part, or every one, were of that origin"
    style = {"color": colours, "height": 0.7, "error_kw": {"ecolor": "#333333", "capsize": 3}}
    ax.barh(y, shares["share"], xerr=error, **(style | kwargs))
    for yi, share, high, count in zip(y, shares["share"], right, shares["count"], strict=True):
        ax.text(high + 0.01, yi, f"{share:.1%} ({count})", va="center", fontsize=_SMALL)
    labels = [_label(key) for key in shares["key"]]
    limit = min(1.0, right.max() + 0.16)
    y_unknown, length = len(shares) + 0.3, unknown / known
    ax.axhline(len(shares) - 0.35, color="#999999", linewidth=0.8, linestyle=":")
    ax.barh(y_unknown, min(length, limit), height=0.7, color=UNKNOWN_COLOUR, hatch="///", edgecolor="white")
    text = f"{unknown} {plural(unknown, 'part')}, not in the shares"
    text += " (bar cut at the axis)" if length > limit else ""
    inside = min(length, limit) > limit - 0.35
    ax.text(min(length, limit) + (-0.01 if inside else 0.01), y_unknown, text, va="center",
            ha="right" if inside else "left", fontsize=_SMALL, color="#222222")  # fmt: skip
    y, labels = np.append(y, y_unknown), [*labels, "unknown origin"]
    ax.set_yticks(y, labels, fontsize=_NORMAL)
    ax.invert_yaxis()
    ax.set_xlim(0, limit)
    ax.xaxis.set_major_formatter(_percent())
    ax.set_xlabel(xlabel, fontsize=_NORMAL)
    ax.tick_params(axis="x", labelsize=_SMALL)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _bound_bands(ax: Axes, y: np.ndarray, low: pd.Series, high: pd.Series, colours: list[str]) -> None:
    """Pale dashed bands from each origin's low to its high bound, drawn behind the bars."""
    from matplotlib.colors import to_rgba

    ax.barh(
        y,
        (high - low).to_numpy(),
        left=low.to_numpy(),
        height=0.9,
        color=[to_rgba(colour, 0.18) for colour in colours],
        edgecolor=[to_rgba(colour, 0.7) for colour in colours],
        linestyle="--",
        linewidth=0.8,
        zorder=0,
    )


def _percent():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1, decimals=0)


def _year_position(day: pd.Timestamp) -> float:
    """Where a day falls on an axis whose bar for year Y spans Y - 0.5 to Y + 0.5."""
    days = 366 if day.is_leap_year else 365
    return day.year - 0.5 + (day.day_of_year - 1) / days


#: Tiers of the Common High Priority List from most to least critical: dark red to pale orange.
TIER_COLOURS = {
    "1": "#7f0000", "2": "#c0392b", "3.A": "#e67e22", "3.B": "#f0b27a", "4.A": "#8e6c8a", "4.B": "#c3aec1",
    "not listed": "#4c9a6a",
}  # fmt: skip


def plot_chpl_tiers(data: pd.DataFrame, *, basis: str = "brand", top: int = 10, ax: Axes | None = None) -> Axes:
    """Parts per country of origin, each bar split by tier of the Common High Priority List; one finding.

    Counts, not shares, so the bars of countries compare directly: the most parts at top, countries beyond
    ``top`` gathered in one bar, parts of unknown origin in their own bar below a line. Parts without a known HS
    code are a hatched grey segment, never left out.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    from .chpl import NOT_LISTED, TIERS

    finding = _one_finding(data, "plot_chpl_tiers")
    table = aggregate.chpl_by_origin(data, basis=basis)
    table = table.assign(tier=table["tier"].fillna("unknown"))
    counts = table.pivot_table(index="origin", columns="tier", values="count", aggfunc="sum", dropna=False)
    counts = counts.fillna(0).astype("int64")
    known = counts[counts.index.notna()]
    order = known.sum(axis=1).sort_values(ascending=False, kind="stable").index
    shown = known.loc[order[:top]]
    labels = [_label(key) for key in shown.index]
    if len(order) > top:
        shown = pd.concat([shown, known.loc[order[top:]].sum().to_frame(f"{len(order) - top} other").T])
        labels.append(f"{len(order) - top} other origins")
    unknown = counts[counts.index.isna()]
    if len(unknown):
        shown = pd.concat([shown, unknown.sum().to_frame("unknown origin").T])
        labels.append("unknown origin")
    columns = [key for key in (*TIERS, NOT_LISTED, "unknown") if key in shown.columns]
    ax = _axes(ax, (8.5, 0.38 * max(len(shown), 3) + 2.3))
    ax.set_title(
        f"{_plain(finding)}: Common High Priority List tiers by country\n{_BASIS_TEXT[basis]}",
        fontsize=_TITLE,
        loc="left",
    )
    y = np.arange(len(shown), dtype=float)
    if len(unknown):
        y[-1] += 0.3  # the unknown origins below a line, apart from the countries
    left = np.zeros(len(shown))
    handles = []
    for tier in columns:
        width = shown[tier].to_numpy()
        unknown_code = tier == "unknown"
        colour = UNKNOWN_COLOUR if unknown_code else TIER_COLOURS[tier]
        ax.barh(y, width, left=left, height=0.7, color=colour, hatch="///" if unknown_code else None,
                edgecolor="white", linewidth=0.5)  # fmt: skip
        left += width
        name = "HS code unknown" if unknown_code else (tier if tier == NOT_LISTED else f"tier {tier}")
        handles.append(Patch(facecolor=colour, hatch="///" if unknown_code else None, edgecolor="white", label=name))
    for yi, total in zip(y, left, strict=True):
        ax.text(total + left.max() * 0.01, yi, str(int(total)), va="center", fontsize=_SMALL)
    if len(unknown):
        ax.axhline(y[-1] - 0.65, color="#999999", linewidth=0.8, linestyle=":")
    ax.set_yticks(y, labels, fontsize=_NORMAL)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.1 if left.max() else 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.set_xlabel("parts (tier from the HS code stated, else the category's usual code)", fontsize=_NORMAL)
    ax.tick_params(axis="x", labelsize=_SMALL)
    ax.spines[["top", "right"]].set_visible(False)
    _legend_outside(ax, "CHPL tier", handles, [h.get_label() for h in handles])
    return ax


def plot_years(
    data: pd.DataFrame,
    *,
    assembled_not_before: str | date | pd.Timestamp | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Parts per year of manufacture, with the earliest possible assembly marked; one finding.

    ``data``: the enriched rows of one finding; ``assembled_not_before``: the day marked; ``ax``: where to draw;
    other keywords go to ``Axes.bar`` of the counts.

    ``assembled_not_before`` defaults to :func:`analysis.aggregate.assembled_not_before` of the data, and then
    names the part that sets it. Years without parts show as gaps on a continuous axis; undated parts are
    counted on the chart. Parts whose date code has more than one reading are counted at its listed reading,
    hatched at the top of their year's bar and said in the corner. A finding with no dated part is refused
    (ValueError), not drawn as empty axes.
    """
    from matplotlib.ticker import MaxNLocator

    finding = _one_finding(data, "plot_years")
    _require_dated(data, finding, "plot_years")
    counts = aggregate.year_counts(data)
    undated = counts.attrs["undated"][finding]
    marker = None
    if assembled_not_before is None:
        latest = aggregate.assembled_not_before(data).iloc[0]
        if pd.notna(latest["date"]):
            marker = (latest["date"], f"{_plain(latest['component_id'])}, code {_plain(latest['date_code'])}")
    else:
        marker = (pd.Timestamp(assembled_not_before), None)
    ax = _axes(ax, (8.5, 4.2))
    ax.set_title(f"{_plain(finding)}: parts by year of manufacture", fontsize=_TITLE, loc="left")
    listed = data["date_ambiguous"].fillna(False).astype(bool) if "date_ambiguous" in data else None
    ambiguous = 0 if listed is None else int((listed & data["manufactured_year"].notna()).sum())
    bars = ax.bar(counts["year"], counts["count"], **({"width": 0.8, "color": "#4c72b0"} | kwargs))
    if ambiguous:
        per_year = data.loc[listed & data["manufactured_year"].notna(), "manufactured_year"].astype("int64")
        top = counts["year"].map(per_year.value_counts()).fillna(0).to_numpy()
        ax.bar(
            counts["year"], top, bottom=counts["count"] - top, width=0.8, color="#a6bddb", hatch="///",
            edgecolor="#4c72b0", linewidth=0,
        )  # fmt: skip
    if len(counts) <= 30:
        ax.bar_label(bars, labels=[str(n) if n else "" for n in counts["count"]], fontsize=_SMALL, padding=2)
    if marker is not None:
        day, source = marker
        x = _year_position(day)
        ax.axvline(x, color="#c44e52", linestyle="--", linewidth=1.5)
        text = f"assembled not before\n{day:%-d %b %Y}" + (f"\n({source})" if source else "")
        ax.annotate(
            text,
            xy=(x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(-4, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=_SMALL,
            color="#c44e52",
        )
        left, right = ax.get_xlim()
        ax.set_xlim(min(left, x - 0.6), max(right, x + 0.6))
    ax.set_ylim(0, max(counts["count"].max() if len(counts) else 1, 1) * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole parts only
    ax.tick_params(labelsize=_SMALL)
    ax.set_xlabel("year of manufacture (from the date code)", fontsize=_NORMAL)
    ax.set_ylabel("parts", fontsize=_NORMAL)
    ax.spines[["top", "right"]].set_visible(False)
    dated = int(counts["count"].sum())
    corner = f"dated: {dated}\nundated: {undated}"
    if ambiguous:
        whose = plural(ambiguous, "its", "their")
        corner += f"\nhatched: {ambiguous} with an ambiguous code,\nat {whose} listed (most recent) reading"
    ax.text(
        0.01,
        0.98,
        corner,
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=_SMALL,
        color="#444444",
    )
    return ax


def plot_origin_years(
    data: pd.DataFrame,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
    top: int = 8,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Parts per year of manufacture, stacked by origin in the colours of :func:`plot_origins`; one finding.

    ``data``, ``by``, ``basis`` and ``top`` as for :func:`plot_origins`; ``ax``: where to draw; other keywords go
    to ``Axes.bar`` of each layer.

    Origins stack in share order, the largest at the bottom and first in the legend; origins beyond ``top``
    are gathered in one layer and dated parts of unknown origin form a grey layer on top. Undated parts are
    counted on the chart; a finding with no dated part is refused (ValueError).
    """
    from matplotlib.ticker import MaxNLocator

    finding = _one_finding(data, "plot_origin_years")
    _require_dated(data, finding, "plot_origin_years")
    dated = data["manufactured_year"].notna()
    layer, colours = _origin_layers(data, by, basis, top)
    years = data["manufactured_year"][dated].astype("int64")
    grid = pd.crosstab(years, layer[dated]).reindex(columns=list(colours)).dropna(axis=1, how="all").fillna(0)
    grid = grid.reindex(range(years.min(), years.max() + 1), fill_value=0)
    ax = _axes(ax, (8.5, 4.5))
    _title(ax, f"{_plain(finding)}: parts by {{what}} and year of manufacture", by, basis)
    bottom = np.zeros(len(grid))
    for key in grid.columns:
        counts = grid[key].to_numpy()
        style = {"width": 0.8, "color": colours[key], "label": _label(key), "linewidth": 0}
        ax.bar(grid.index, counts, bottom=bottom, **(style | kwargs))
        bottom += counts
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole parts only
    ax.tick_params(labelsize=_SMALL)
    ax.set_xlabel("year of manufacture (from the date code)", fontsize=_NORMAL)
    ax.set_ylabel("parts", fontsize=_NORMAL)
    ax.set_ylim(0, bottom.max() * 1.15)
    ax.spines[["top", "right"]].set_visible(False)
    _legend_outside(ax, "origin, by share")
    note = f"dated: {int(dated.sum())}; undated, not shown: {int((~dated).sum())}"
    ax.text(0.01, 0.98, note, transform=ax.transAxes, ha="left", va="top", fontsize=_SMALL, color="#444444")
    return ax


def plot_timeline(
    data: pd.DataFrame,
    *,
    by: str | Mapping[str, str] = "hq_country",
    basis: str = "brand",
    top: int = 8,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """When each dated part was made: one point per part, a row per origin, the assembly bound marked; one finding.

    ``data``, ``by``, ``basis`` and ``top`` as for :func:`plot_origins`; ``ax``: where to draw; other keywords go
    to ``Axes.scatter`` of each row's points.

    A point sits on the first possible day of its part's date code; rows come in share order (largest at the
    top), origins beyond ``top`` share a row, and dated parts of unknown origin have a grey row of their own.
    Points are jittered within their row and drawn smaller and fainter as parts grow, so 10 parts and 2,000
    both read as a distribution. The earliest possible assembly (the latest part) and the recovery day are
    drawn as lines. A finding with no dated part is refused (ValueError).
    """
    finding = _one_finding(data, "plot_timeline")
    first = _require_dated(data, finding, "plot_timeline")
    low, high = pd.Timestamp(DRAWN_YEARS[0], 1, 1), pd.Timestamp(DRAWN_YEARS[1], 12, 31)
    outside = first.notna() & ~first.between(low, high)
    dated = first.notna() & ~outside
    rows = _timeline_rows(data, dated, by, basis, top)
    n = int(dated.sum())
    ax = _axes(ax, (8.5, float(np.clip(0.5 * len(rows) + 2.2, 3.2, 7.5))))
    _title(ax, f"{_plain(finding)}: when each dated part was made, by {{what}}", by, basis)
    _jittered_points(ax, first, rows, n, **kwargs)
    handles, labels = _assembly_line(ax, data, low, high)
    recovered_outside, recovery_handles, recovery_labels, age = _recovery_lines(ax, data, dated, low, high)
    _timeline_axis(ax, first, n, outside | recovered_outside, age)
    _legend_outside(ax, None, handles + recovery_handles, labels + recovery_labels)
    return ax


def _timeline_rows(
    data: pd.DataFrame, dated: pd.Series, by: str | Mapping[str, str], basis: str, top: int
) -> list[tuple[str, str, pd.Series]]:
    """The timeline's rows in share order, as (label, colour, which dated parts): the same origin layers as the
    stacked years, so an origin has one colour on both charts; a row with no dated part is left out."""
    layers, colours = _origin_layers(data, by, basis, top)
    rows = [(_label(key), colour, layers.eq(key) & dated) for key, colour in colours.items()]
    return [(label, colour, mask) for label, colour, mask in rows if mask.any()]


def _jittered_points(ax: Axes, first: pd.Series, rows: list[tuple[str, str, pd.Series]], n: int, **kwargs) -> None:
    """One point per part on its first possible day, jittered within its origin's row (the same jitter on every
    run), smaller and fainter as parts grow so that 10 parts and 2,000 both read as a distribution."""
    rng = np.random.default_rng(0)
    size, alpha = float(np.clip(1200 / max(n, 1), 6, 36)), float(np.clip(8 / np.sqrt(max(n, 1)), 0.35, 0.9))
    for row, (_, colour, mask) in enumerate(rows):
        style = {"s": size, "color": colour, "alpha": alpha, "linewidths": 0, "zorder": 3}
        ax.scatter(first[mask], row + rng.uniform(-0.32, 0.32, int(mask.sum())), **(style | kwargs))
        if row:
            ax.axhline(row - 0.5, color="#e3e3e3", linewidth=0.8, zorder=1)
    ax.set_yticks(range(len(rows)), [f"{label} ({int(mask.sum())})" for label, _, mask in rows], fontsize=_NORMAL)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)


def _assembly_line(ax: Axes, data: pd.DataFrame, low: pd.Timestamp, high: pd.Timestamp) -> tuple[list, list[str]]:
    """The earliest possible assembly (the first possible day of the latest part) as a dashed line, and its
    legend entry naming that part; nothing when the day is unknown or outside the drawn years."""
    from matplotlib.lines import Line2D

    latest = aggregate.assembled_not_before(data).iloc[0]
    if not low <= latest["date"] <= high:
        return [], []
    ax.axvline(latest["date"], color="#c44e52", linestyle="--", linewidth=1.5, zorder=4)
    label = (
        f"assembled not before\n{latest['date']:%-d %b %Y}\n"
        f"({_plain(latest['component_id'])}, code {_plain(latest['date_code'])})"
    )
    return [Line2D([], [], color="#c44e52", linestyle="--", linewidth=1.5)], [label]


def _recovery_lines(
    ax: Axes, data: pd.DataFrame, dated: pd.Series, low: pd.Timestamp, high: pd.Timestamp
) -> tuple[pd.Series, list, list[str], str]:
    """The recovery day (or days) as solid lines with their legend entry, and the dated parts' median age at
    recovery for the axis label; with the rows whose recovery day falls outside the drawn years, counted as not
    drawn."""
    from matplotlib.lines import Line2D

    if "recovered_on" not in data.columns:
        return pd.Series(False, index=data.index), [], [], ""
    recovered = pd.to_datetime(data["recovered_on"], errors="coerce")
    outside = recovered.notna() & ~recovered.between(low, high)
    recovered = recovered.where(recovered.between(low, high))
    if not recovered.notna().any():
        return outside, [], [], ""
    days = recovered.dropna().drop_duplicates().sort_values()
    for day in days:
        ax.axvline(day, color="#333333", linewidth=1.2, zorder=4)
    label = "recovered\n" + "\n".join(f"{day:%-d %b %Y}" for day in days)
    ages = aggregate.ages_at_recovery(data)[dated & recovered.notna()]
    age = f"; median age at recovery {ages.median():.1f} years"
    return outside, [Line2D([], [], color="#333333", linewidth=1.2)], [label], age


def _timeline_axis(ax: Axes, first: pd.Series, n: int, outside: pd.Series, age: str) -> None:
    """Dates along the bottom, and below them what the chart leaves out: undated parts and dates outside the
    drawn years are counted, never silently missing."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=_SMALL)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(
        f"first possible day of manufacture: {n} dated parts, one point each{age}\n"
        f"undated, not shown: {int(first.isna().sum())}"
        + (
            f"; dates outside {DRAWN_YEARS[0]}\u2013{DRAWN_YEARS[1]}, not drawn: {int(outside.sum())}"
            if outside.any()
            else ""
        ),
        fontsize=_NORMAL,
    )
    ax.spines[["top", "right", "left"]].set_visible(False)


def plot_share_comparison(
    shares: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    basis: str = "brand",
    confidence: float = 0.95,
    top: int = 10,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Origin shares of the new finding (solid) and the reference (hatched), each with its Wilson interval.

    Each origin's difference and its Newcombe interval are written at the right, so a reader sees at once
    which differences the data can support. ``shares`` and ``counts`` are a :class:`~analysis.comparison.Comparison`'s
    frames (``Comparison.plot.shares()`` passes them): one row per origin, and one per finding, the new one first.
    ``basis`` and ``confidence`` are the comparison's, for the labels; origins beyond ``top`` are left out and
    counted on the chart; ``ax``: where to draw; other keywords go to ``Axes.barh`` of each side.
    """
    new_id = counts["finding_id"].iloc[0]
    references = reference_label(counts.loc[counts["role"] == "reference", "finding_id"].astype(str).tolist())
    level = f"{100 * confidence:g} %"
    left_out = len(shares) - min(len(shares), top)
    shares = shares.head(top)
    ax = _axes(ax, (8.5, 0.55 * max(len(shares), 3) + 2.2))
    ax.set_title(
        f"{_plain(new_id)} vs {_plain(references)}: parts by origin\n{_BASIS_TEXT[basis]}",
        fontsize=_TITLE,
        loc="left",
    )
    y = np.arange(len(shares))
    for side, offset, hatch, alpha in (("new", -0.2, None, 1.0), ("ref", 0.2, "///", 0.45)):
        error = _whiskers(shares[f"{side}_share"], shares[f"{side}_ci_low"], shares[f"{side}_ci_high"])
        style = {
            "height": 0.38,
            "color": [key_colour(k) for k in shares["key"]],
            "alpha": alpha,
            "hatch": hatch,
            "edgecolor": "#333333" if hatch else "none",
            "linewidth": 0.4,
            "error_kw": {"ecolor": "#333333", "capsize": 2, "elinewidth": 0.8},
        }
        ax.barh(y + offset, shares[f"{side}_share"], xerr=error, **(style | kwargs))
    right = min(1.0, float(shares[["new_ci_high", "ref_ci_high"]].max().max()) + 0.05) if len(shares) else 1.0
    for yi, row in zip(y, shares.itertuples(), strict=True):
        interval = "" if pd.isna(row.ci_low) else f"  [{100 * row.ci_low:+.1f}, {100 * row.ci_high:+.1f}]"
        ax.text(right, yi, f"{100 * row.difference:+.1f} pts{interval}", va="center", fontsize=_SMALL)
    ax.set_yticks(y, [_label(key) for key in shares["key"]], fontsize=_NORMAL)
    ax.set_ylim(len(shares) - 0.5, -1.4)  # top to bottom, with a row above the first for the column header
    ax.set_xlim(0, right * 1.45)
    ax.set_xticks(np.arange(0, right + 1e-9, 0.2 if right > 0.5 else 0.1))
    ax.xaxis.set_major_formatter(_percent())
    smaller = f"\n{left_out} smaller {plural(left_out, 'origin')} not drawn" if left_out else ""
    whiskers = f"whiskers: {level} Wilson interval"
    ax.set_xlabel(f"share of parts of known origin ({whiskers}){smaller}", fontsize=_NORMAL)
    ax.tick_params(axis="x", labelsize=_SMALL)
    ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.patches import Patch

    new, ref = counts.iloc[0], counts.iloc[1:]
    ax.legend(
        [Patch(facecolor="#777777"), Patch(facecolor="#777777", alpha=0.45, hatch="///", edgecolor="#333333")],
        [
            f"new: {_plain(new_id)} (n = {new['known_origin']}, unknown {new['unknown_origin']})",
            f"reference: {_plain(references)} (n = {int(ref['known_origin'].sum())}, "
            f"unknown {int(ref['unknown_origin'].sum())})",
        ],
        loc="upper left",
        bbox_to_anchor=(0, -0.12),
        fontsize=_SMALL,
        frameon=False,
    )
    header = f"new − reference,\n{level} Newcombe interval"
    ax.text(right, -0.9, header, fontsize=_SMALL, va="center", color="#444444")
    return ax


def plot_year_comparison(
    years: pd.DataFrame,
    dates: pd.DataFrame,
    *,
    after: str | date | pd.Timestamp = SANCTIONS_DAY,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Share of dated parts made each year, new finding beside the reference, with each assembly date marked.

    Shares rather than counts, so findings of different sizes can be read together. ``years``: dated parts per
    year with their ``share`` (:func:`analysis.aggregate.year_shares`), the new finding under its id and the
    references pooled under one name (``Comparison.year_shares()``); ``dates``: a comparison's table of dates,
    one row per finding, the new one first; ``after``: the day drawn as a dotted line (by default the start of
    the full-scale invasion, 24 February 2022); ``ax``: where to draw; other keywords go to ``Axes.bar``.
    """
    from matplotlib.ticker import MaxNLocator

    new_id = str(dates["finding_id"].iloc[0])
    references = reference_label(dates["finding_id"].iloc[1:].astype(str).tolist())
    ax = _axes(ax, (8.5, 5.4))
    ax.set_title(
        f"Share of dated parts by year of manufacture\n{_plain(new_id)} vs {_plain(references)}",
        fontsize=_TITLE,
        loc="left",
    )
    sides = (
        (new_id, "#4c72b0", -0.2, f"new: {_plain(new_id)}"),
        (references, "#b0b0b0", 0.2, f"reference: {_plain(references)}"),
    )
    for side, colour, offset, label in sides:
        shares = years[years["finding_id"] == side]
        if shares.empty:
            continue
        style = {"width": 0.4, "color": colour, "label": f"{label} ({int(shares['count'].sum())} dated)"}
        ax.bar(shares["year"] + offset, shares["share"].to_numpy(), **(style | kwargs))
    after = pd.Timestamp(after)
    marks = [(after, "#555555", ":", f"{after:%-d %b %Y}: parts after this day count as made after it")]
    dates = dates.dropna(subset=["assembled_not_before"])
    is_new = dates["finding_id"] == new_id
    # the new finding's date, and the latest of the references (every reference's would crowd the legend)
    for rows, colour in ((dates[is_new], "#c44e52"), (dates[~is_new].nlargest(1, "assembled_not_before"), "#7f7f7f")):
        for row in rows.itertuples():
            day = pd.Timestamp(row.assembled_not_before)
            marks.append((day, colour, "--", f"{row.finding_id}: assembled not before {day:%-d %b %Y}"))
    for day, colour, style, label in marks:
        ax.axvline(_year_position(pd.Timestamp(day)), color=colour, linestyle=style, linewidth=1.3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_formatter(_percent())
    ax.tick_params(labelsize=_SMALL)
    ax.set_xlabel("year of manufacture (from the date code)", fontsize=_NORMAL)
    ax.set_ylabel("share of the finding's dated parts", fontsize=_NORMAL)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), fontsize=_SMALL, frameon=False)  # below: never on a bar
    return ax
