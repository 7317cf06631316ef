import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from analysis.plots import (  # noqa: E402
    PALETTE,
    REGION_PALETTE,
    UNKNOWN_COLOUR,
    country_colour,
    key_colour,
    plot_origin_years,
    plot_origins,
    plot_timeline,
    plot_years,
)

PLOTS = [plot_origins, plot_years, plot_origin_years, plot_timeline]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def part(i: int, country, year, *, finding: str = "f1", owner=None) -> dict:
    first = pd.Timestamp.fromisocalendar(year, 10, 1) if year else pd.NaT
    region = {"US": "Americas", "DE": "Europe", "NL": "Europe", "JP": "Asia", "CN": "Asia"}
    owner = owner or country
    return {
        "finding_id": finding,
        "component_id": f"P-{i:02d}",
        "recovered_on": "2024-01-02",
        "hq_country": country,
        "owner_country": owner,
        "un_region": region.get(country),
        "owner_un_region": region.get(owner),
        "manufactured_year": year,
        "manufactured_first_day": first,
        "manufactured_last_day": first + pd.Timedelta(days=6) if year else pd.NaT,
        "date_code": f"{year % 100:02d}10" if year else None,
    }


def frame(rows: list[dict]) -> pd.DataFrame:
    data = pd.DataFrame(rows)
    return data.astype({"manufactured_year": "Int64"})


@pytest.fixture
def data() -> pd.DataFrame:
    rows = [
        (None, 2021),
        ("US", 2021),
        ("US", 2022),
        ("US", 2023),
        ("US", None),
        ("US", 2019),
        ("DE", 2022),
        ("DE", None),
        ("NL", 2020),
        (None, None),
        ("JP", 2023),
    ]
    owners = {8: "CN"}  # a Dutch brand owned by a Chinese company when made
    return frame([part(i, c, y, owner=owners.get(i)) for i, (c, y) in enumerate(rows)])


def texts(ax) -> str:
    return "\n".join([ax.get_title(loc="left"), *(t.get_text() for t in ax.texts)])


def bars(ax) -> list:
    """The bars, without the bound bands drawn behind them (zorder 0)."""
    return [p for p in ax.patches if p.get_zorder() > 0]


def bar_colours(ax) -> dict[str, str]:
    """Legend or tick label -> bar colour."""
    if ax.get_legend() is not None:
        return {c.get_label(): to_hex(c.patches[0].get_facecolor()) for c in ax.containers}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    return dict(zip(labels, (to_hex(p.get_facecolor()) for p in bars(ax)), strict=True))


@pytest.mark.parametrize("plot", PLOTS)
def test_draws_on_the_given_axes(plot, data):
    fig, (other, ax) = plt.subplots(ncols=2)
    assert plot(data, ax=ax) is ax
    assert ax.patches or ax.collections
    assert not other.patches and not other.collections and not other.lines


@pytest.mark.parametrize("plot", PLOTS)
def test_without_axes_makes_its_own_figure_and_changes_nothing_global(plot, data):
    before = dict(mpl.rcParams)
    ax = plot(data)
    assert ax.figure.get_size_inches()[0] >= 6
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize("plot", PLOTS)
def test_saves_to_png(plot, data, tmp_path):
    path = tmp_path / f"{plot.__name__}.png"
    plot(data).figure.savefig(path)
    assert path.stat().st_size > 1000


def test_origins_bars_labels_and_counts(data):
    ax = plot_origins(data)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "US  United States",
        "DE  Germany",
        "JP  Japan",
        "NL  Netherlands",
        "unknown origin",
    ]
    # the unknown bar is on the same scale (count over known parts) but outside the shares, in grey
    assert [p.get_width() for p in bars(ax)] == pytest.approx([5 / 9, 2 / 9, 1 / 9, 1 / 9, 2 / 9])
    assert to_hex(bars(ax)[-1].get_facecolor()) == UNKNOWN_COLOUR
    label = texts(ax)
    assert "basis: brand" in label
    assert "2 parts, not in the shares" in label
    assert "share of the 9 parts of known origin" in ax.get_xlabel()
    assert "55.6% (5)" in label


def test_origins_unknown_bar_longer_than_the_axis_is_cut_and_said(data):
    many = frame([part(i, None, None) for i in range(40)] + [part(50, "US", 2020)])
    ax = plot_origins(many)
    assert bars(ax)[-1].get_width() <= ax.get_xlim()[1]
    assert "40 parts, not in the shares (bar cut at the axis)" in texts(ax)


def test_origins_owner_basis_is_stated(data):
    ax = plot_origins(data, basis="owner")
    assert "basis: owner" in texts(ax)
    assert "CN  China" in [t.get_text() for t in ax.get_yticklabels()]


def test_origins_gathers_the_rest_beyond_top(data):
    ax = plot_origins(data, top=2)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["US  United States", "DE  Germany", "2 other origins", "unknown origin"]
    assert bars(ax)[-2].get_width() == pytest.approx(2 / 9)


def test_origins_by_region_uses_region_colours(data):
    colours = bar_colours(plot_origins(data, by="un_region"))
    expected = {name: REGION_PALETTE[name] for name in ("Americas", "Europe", "Asia")}
    assert colours == expected | {"unknown origin": UNKNOWN_COLOUR}


def test_a_country_has_the_same_colour_in_every_chart(data):
    origins = bar_colours(plot_origins(data))
    stacked = bar_colours(plot_origin_years(data))
    for code, label in [("US", "US  United States"), ("DE", "DE  Germany"), ("NL", "NL  Netherlands")]:
        assert origins[label] == stacked[label] == country_colour(code) == PALETTE[code]


def test_country_colour_fallback_and_unknown():
    assert country_colour(None) == country_colour(pd.NA) == country_colour("XX") == UNKNOWN_COLOUR
    assert country_colour("MT") == country_colour("MT") != UNKNOWN_COLOUR
    assert country_colour("MT").startswith("#")
    assert key_colour("Europe") == REGION_PALETTE["Europe"]
    assert key_colour("Nordics") == key_colour("Nordics") != UNKNOWN_COLOUR


def test_years_marks_assembly_and_undated(data):
    ax = plot_years(data)
    assert [p.get_height() for p in ax.patches] == [1, 1, 2, 2, 2]  # 2019..2023
    label = texts(ax)
    assert "undated: 3" in label
    assert "assembled not before\n6 Mar 2023" in label
    assert "P-03" in label  # the first part dated week 10 of 2023
    (line,) = ax.lines
    assert line.get_xdata()[0] == pytest.approx(2023 - 0.5 + 64 / 365)  # Monday of ISO week 10


def test_years_takes_a_given_assembly_date(data):
    ax = plot_years(data, assembled_not_before="2023-07-01")
    assert "1 Jul 2023" in texts(ax)
    assert ax.lines[0].get_xdata()[0] == pytest.approx(2023 - 0.5 + 181 / 365)


def test_origin_years_stacks_and_reports_exclusions(data):
    ax = plot_origin_years(data)
    us = next(c for c in ax.containers if c.get_label().startswith("US"))
    assert [p.get_height() for p in us.patches] == [1, 0, 1, 1, 1]  # 2019..2023
    unknown = next(c for c in ax.containers if c.get_label() == "unknown origin")
    assert [p.get_height() for p in unknown.patches] == [0, 0, 1, 0, 0]  # dated, origin unknown: on top, grey
    assert to_hex(unknown.patches[0].get_facecolor()) == UNKNOWN_COLOUR
    label = texts(ax)
    assert "basis: brand" in label
    assert "dated: 8; undated, not shown: 3" in label


def legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_every_chart_lists_origins_in_share_order():
    # DE has more dated parts than US, but US has the larger share: US comes first everywhere
    rows = [part(i, "US", None) for i in range(5)] + [part(10 + i, "DE", 2020 + i % 3) for i in range(3)]
    rows += [part(20, "US", 2021), part(21, "JP", 2022)]
    data = frame(rows)
    bars = [t.get_text() for t in plot_origins(data).get_yticklabels()]
    stacked = legend(plot_origin_years(data))
    strip = [t.get_text().rsplit(" (", 1)[0] for t in plot_timeline(data).get_yticklabels()]
    expected = ["US  United States", "DE  Germany", "JP  Japan"]
    assert bars[:3] == stacked == strip == expected


@pytest.mark.parametrize("plot", [plot_years, plot_origin_years, plot_timeline])
def test_date_charts_refuse_a_finding_with_nothing_dated(plot, data):
    undated = data.assign(manufactured_year=pd.NA, manufactured_first_day=pd.NaT, manufactured_last_day=pd.NaT)
    with pytest.raises(ValueError, match="no part of finding f1 carries a date code"):
        plot(undated)


def test_timeline_one_point_per_dated_part_in_rows_by_share(data):
    ax = plot_timeline(data)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 8  # dated parts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [
        "US  United States (4)",
        "DE  Germany (1)",
        "JP  Japan (1)",
        "NL  Netherlands (1)",
        "unknown origin (1)",
    ]
    assert "median age at recovery" in ax.get_xlabel() and "undated, not shown: 3" in ax.get_xlabel()
    assert any("assembled not before" in text for text in legend(ax))
    assert any(text.startswith("recovered\n2 Jan 2024") for text in legend(ax))


@pytest.mark.parametrize("parts", [10, 2000])
def test_timeline_reads_at_ten_and_two_thousand_parts(parts):
    rows = [part(i, ["US", "CN", "DE"][i % 3], 2005 + i % 19) for i in range(parts)]
    ax = plot_timeline(frame(rows))
    (first, *_) = ax.collections
    sizes, alpha = first.get_sizes()[0], first.get_alpha()
    assert (sizes, alpha) == ((36, 0.9) if parts == 10 else (6, 0.35))
    assert ax.figure.get_size_inches()[1] <= 7.5


def test_timeline_without_recovery_date_still_draws_the_assembly_bound(data):
    ax = plot_timeline(data.drop(columns="recovered_on"))
    assert "median age" not in ax.get_xlabel()
    assert legend(ax) == ["assembled not before\n6 Mar 2023\n(P-03, code 2310)"]


@pytest.mark.parametrize("plot", PLOTS)
def test_several_findings_are_refused_by_name(plot, data):
    both = pd.concat([data, data.assign(finding_id="f2")], ignore_index=True)
    with pytest.raises(ValueError, match="f1, f2"):
        plot(both)


@pytest.mark.parametrize("plot", PLOTS)
def test_an_empty_frame_is_refused(plot, data):
    with pytest.raises(ValueError, match="one finding"):
        plot(data.iloc[:0])


def test_unknown_basis_is_refused(data):
    with pytest.raises(ValueError, match="basis"):
        plot_origins(data, basis="maker")


def test_finding_plot_accessor_draws_each_chart(kharkiv_path):
    from analysis import load_finding

    finding = load_finding(kharkiv_path)
    for name in ["origins", "years", "origin_years", "timeline"]:
        fig, ax = plt.subplots()
        assert getattr(finding.plot, name)(ax=ax) is ax
        assert ax.patches or ax.lines or ax.collections, name
        plt.close(fig)


@pytest.mark.parametrize(
    ("plot", "artists"),
    [(plot_origins, "patches"), (plot_years, "patches"), (plot_origin_years, "patches"), (plot_timeline, "scatter")],
)
def test_other_keywords_go_to_matplotlib_over_the_defaults(plot, artists, data):
    ax = plot(data, gid="drawn-by-the-caller")
    drawn = ax.collections if artists == "scatter" else ax.patches
    assert any(artist.get_gid() == "drawn-by-the-caller" for artist in drawn)
    with pytest.raises(AttributeError):
        plot(data, no_such_property=1)


def test_timeline_and_stacked_years_gather_the_rest_in_one_grey(data):
    from analysis.plots import OTHER_COLOUR

    stacked = bar_colours(plot_origin_years(data, top=2))
    assert stacked["2 other origins"] == OTHER_COLOUR
    ax = plot_timeline(data, top=2)
    rows = [t.get_text().rsplit(" (", 1)[0] for t in ax.get_yticklabels()]
    colours = [to_hex(points.get_facecolor()[0]) for points in ax.collections]
    assert dict(zip(rows, colours, strict=True))["2 other origins"] == OTHER_COLOUR


def test_the_timeline_states_the_median_age_computed_in_aggregate(data):
    from analysis.aggregate import ages_at_recovery

    ages = ages_at_recovery(data)
    assert ages.iloc[1] == pytest.approx((pd.Timestamp("2024-01-02") - data["manufactured_first_day"][1]).days / 365.25)
    assert ages.isna().tolist() == data["manufactured_first_day"].isna().tolist()
    assert f"median age at recovery {ages.median():.1f} years" in plot_timeline(data).get_xlabel()


def test_comparison_charts_draw_from_tidy_frames():
    from analysis import compare
    from analysis.aggregate import year_shares
    from analysis.plots import plot_share_comparison, plot_year_comparison

    parts = [("US", 2020, "new"), ("US", 2022, "new"), ("DE", 2022, "old"), ("US", 2018, "old")]
    data = frame([part(i, c, y, finding=f) for i, (c, y, f) in enumerate(parts)])
    data = data.assign(manufacturer="Brand", company=pd.NA, part_number=pd.NA)
    result = compare(data[data["finding_id"] == "new"], data[data["finding_id"] == "old"], confidence=0.8)
    years = result.year_shares()
    assert years.groupby("finding_id")["share"].sum().tolist() == pytest.approx([1, 1])
    assert years[(years["finding_id"] == "old") & (years["year"] == 2020)]["count"].tolist() == [0]  # gaps are zeros
    assert years["share"].tolist() == year_shares(data)["share"].tolist()
    ax = plot_year_comparison(years, result.dates, after="2021-01-01", alpha=0.5)
    assert "new vs old" in ax.get_title(loc="left")
    assert {patch.get_alpha() for patch in ax.patches} == {0.5}
    ax = plot_share_comparison(result.shares, result.counts, confidence=result.confidence)
    assert "80 % Wilson interval" in ax.get_xlabel()
