"""Every sentence the command line, the pages and the notebook displays show, written from the figures.

One home for the words, so that a share, a bound or a date is said the same way in a terminal, a report and a
notebook, and a change of wording is one change. The figures come in computed (a summary, a comparison); this
module only writes them out. It sits at the bottom of the package: it needs nothing but pandas, and the
country names of :mod:`analysis.regions`, which it asks for only when a sentence names a country.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .comparison import Comparison

__all__ = [
    "UNKNOWN_NOTICE",
    "ambiguity_sentences",
    "comparison_headlines",
    "comparison_lines",
    "headlines",
    "iso_day",
    "listed_at_their_reading",
    "number",
    "origin_range_sentence",
    "percent",
    "plural",
    "reference_label",
    "summary_text",
    "tier_name",
    "unknown_range",
]

#: Above this share of a finding's parts being of unknown origin, its headline share says what the unknowns leave open.
UNKNOWN_NOTICE = 0.05


def plural(count: int, word: str, many: str | None = None) -> str:
    """``word`` for one, else its plural: ``many``, or ``word`` with an "s" ("row", "rows"; "it", "they").

    A small rule rather than an inflection library: the package says a dozen words, each plural known.
    """
    return word if count == 1 else many or f"{word}s"


def number(value: object, spec: str = ".3g") -> str:
    """A number as a table prints it, "n/a" when it is missing."""
    return "n/a" if value is None or pd.isna(value) else f"{value:{spec}}"


def percent(share: object) -> str:
    """A share as a table prints it ("75.5%"), "n/a" when it is missing."""
    return number(share, ".1%")


def iso_day(day: object) -> str | None:
    """A day (a Timestamp, a date or its text) as ``YYYY-MM-DD``; None for a missing one."""
    return None if day is None or pd.isna(day) else pd.Timestamp(day).date().isoformat()


def tier_name(key: str) -> str:
    """A row of the Common High Priority List's tiers as a table names it: "tier 3.A", or "not listed"."""
    return f"tier {key}" if key[0].isdigit() else key


def reference_label(ids: Sequence[str]) -> str:
    """What the references are called: the one finding's id, or how many were pooled."""
    return ids[0] if len(ids) == 1 else f"{len(ids)} documented findings"


def _country_name(code: str, *, in_sentence: bool = False) -> str:
    from .regions import country_name

    return country_name(code, in_sentence=in_sentence)


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
    clause = unknown_range(summary)
    if clause is None:
        return None
    top = summary["by_country"][0]
    return f"{_country_name(top['key'])} {100 * top['share']:.1f} % of parts of known origin; {clause}."


def summary_text(summary: dict) -> str:
    """A short readable table of one finding's headline figures (``origins summary``); bounds over all parts
    when some are unknown."""
    bounds = summary["unknown_origin"] > 0

    def row(entry: dict) -> str:
        text = f"  {entry['key']:<10}{entry['count']:>7}{entry['share']:>9.1%}"
        return text + (f"   {entry['bound_low']:>6.1%} - {entry['bound_high']:.1%}" if bounds else "")

    lines = [
        f"{summary['finding_id']}: {summary['components']} components ({summary['rejected']} rejected"
        + (f", {summary['duplicates']} duplicates" if summary.get("duplicates") else "")
        + "), "
        f"{summary['manufacturers']} manufacturers in {summary['countries']} countries (basis: {summary['basis']})",
    ]
    sentence = origin_range_sentence(summary)
    if sentence:
        lines.append(f"  {sentence}")
    lines.append(
        f"  {'origin':<10}{'parts':>7}{'share':>9}" + ("   of all parts, if unknowns none - all" if bounds else "")
    )
    lines += [row(entry) for entry in summary["by_country"]]
    lines.append(f"  {'unknown':<10}{summary['unknown_origin']:>7}")
    lines += [row(entry) for entry in summary["by_region"]]
    sensitivity = summary.get("file_country_sensitivity")
    if sensitivity:
        top = ", ".join(f"{entry['key']} {entry['share']:.1%}" for entry in sensitivity["by_country"][:3])
        placed, left = sensitivity["parts_given_file_country"], sensitivity["still_unknown"]
        lines.append(
            f"  sensitivity, not a headline: with the file's own countries for {placed} parts of unknown origin "
            f"({left} left unknown): {top}"
        )
    lines.append(f"  dated: {summary['dated_components']}, undated: {summary['undated_components']}")
    window = summary["made_in_three_years_before_assembly"]
    if window:
        listed = f"; {window['ambiguous']} of them ambiguous, at the listed reading" if window.get("ambiguous") else ""
        lines.append(
            f"  made {window['start_year']}-{window['end_year']}: {window['count']} ({window['share']:.1%}{listed})"
        )
    if summary["assembled_not_before"]:
        evidence = summary["assembled_not_before_evidence"]
        lines.append(
            f"  assembled not before {summary['assembled_not_before']} "
            f"(component {evidence['component_id']}, date code {evidence['date_code']}; "
            f"next latest part: {evidence['next_latest_date']})"
        )
    lines += _chpl_lines(summary)
    if summary["ambiguous_date_codes"]:
        lines.append(
            f"  ambiguous date codes: {summary['ambiguous_date_codes']} (left out; counted as listed: "
            f"assembled not before {summary['assembled_not_before_with_ambiguous']})"
        )
    return "\n".join(lines)


def _chpl_lines(summary: dict) -> list[str]:
    """The parts on the Common High Priority List, and per tier, over the parts whose HS code is known."""
    listed, version = summary["chpl_listed"], summary["chpl_version"]
    unknown = f"; {listed['unknown_hs_code']} without a known HS code" if listed["unknown_hs_code"] else ""
    if listed["share"] is None:
        return [f"  CHPL {version}: no part of known HS code{unknown}"]
    tiers = ", ".join(f"{tier_name(row['key'])} {row['count']} ({row['share']:.1%})" for row in summary["by_chpl_tier"])
    return [
        f"  CHPL {version}: {listed['count']} of {listed['known_hs_code']} parts of known HS code listed "
        f"({listed['share']:.1%}, {listed['ci_low']:.1%} to {listed['ci_high']:.1%}){unknown}",
        f"    {tiers}",
    ]


def headlines(summary: dict) -> list[str]:
    """The report's opening sentences, written from the figures."""
    basis_words = "headquartered in" if summary["basis"] == "brand" else "owned, on the day the part was made, from"
    lines = [
        f"{summary['components']} parts from {summary['manufacturers']} companies in {summary['countries']} countries."
    ]
    if summary["by_country"]:
        top = summary["by_country"][0]
        where = f"from companies {basis_words} {_country_name(top['key'], in_sentence=True)}"
        bounds = unknown_range(summary)
        if bounds:
            lines.append(
                f"{100 * top['share']:.1f} % ({top['count']} parts) of the parts of known origin {where}; {bounds}."
            )
        else:
            lines.append(
                f"{100 * top['share']:.1f} % ({top['count']} parts) {where}"
                + (f"; {summary['unknown_origin']} parts of unknown origin." if summary["unknown_origin"] else ".")
            )
    dated, total = summary["dated_components"], summary["components"]
    window = summary["made_in_three_years_before_assembly"]
    if dated:
        sentence = f"{dated} of {total} parts ({100 * dated / total:.0f} %) carry a readable date code"
        if window:
            sentence += (
                f"; {100 * window['share']:.1f} % of those ({window['count']}) were made "
                f"{window['start_year']}–{window['end_year']}"
            )
            if window.get("ambiguous"):
                sentence += f" ({listed_at_their_reading(window['ambiguous'])})"
        lines.append(sentence + ".")
    if summary["assembled_not_before"]:
        evidence = summary["assembled_not_before_evidence"]
        day = pd.Timestamp(summary["assembled_not_before"])
        sentence = (
            f"Assembled no earlier than {day:%B %Y} ({day.day} {day:%B %Y}): component "
            f"{evidence['component_id']} carries date code {evidence['date_code']}"
        )
        if evidence["next_latest_date"]:
            following = pd.Timestamp(evidence["next_latest_date"])
            sentence += (
                f"; without it, the next-latest part ({evidence['next_latest_component_id']}) gives "
                f"{following.day} {following:%B %Y}"
            )
        lines.append(sentence + ".")
    lines += ambiguity_sentences(summary)
    return lines


def listed_at_their_reading(count: int) -> str:
    """How parts with an ambiguous date code are counted in a figure by year: at the reading listed first."""
    whose = plural(count, "its", "their")
    return f"{count} of them with a date code of more than one reading, counted at {whose} listed (most recent) reading"


def ambiguity_sentences(summary: dict) -> list[str]:
    """Whether date codes with more than one reading, left out of the bound, could move it."""
    count, moved = summary["ambiguous_date_codes"], summary["assembled_not_before_with_ambiguous"]
    if not count:
        return []
    left_out = f"{count} {plural(count, 'date code')} with more than one reading left out of that date"
    if moved == summary["assembled_not_before"]:
        they = plural(count, "it", "they")
        return [f"{left_out}; read as listed (the most recent reading), {they} would not move it."]
    day = pd.Timestamp(moved)
    return [f"{left_out}; read as listed (the most recent reading), the date would be {day.day} {day:%B %Y}."]


def comparison_headlines(comparison: Comparison) -> list[str]:
    """The opening sentences of a comparison: the differences the data supports, the overlap, the dates."""
    new, references = comparison.counts.iloc[0], comparison.counts.iloc[1:]
    lines = [
        f"{new['components']} parts in {comparison.new_id} against {int(references['components'].sum())} in "
        f"{comparison.reference_label}."
    ]
    clear = comparison.shares[(comparison.shares["ci_low"] > 0) | (comparison.shares["ci_high"] < 0)]
    for row in clear.reindex(clear["difference"].abs().sort_values(ascending=False).index).head(3).itertuples():
        sentence = (
            f"{_country_name(row.key)}: {100 * row.new_share:.1f} % of parts of known origin, against "
            f"{100 * row.ref_share:.1f} % ({100 * row.difference:+.1f} points, {comparison.confidence_label} interval "
            f"{100 * row.ci_low:+.1f} to {100 * row.ci_high:+.1f})"
        )
        if comparison.unknown_fraction > UNKNOWN_NOTICE:
            sentence += (
                f"; over all parts, whatever the unknown ones are, {100 * row.difference_low:+.1f} to "
                f"{100 * row.difference_high:+.1f} points"
            )
        lines.append(sentence + ".")
    test = comparison.test
    if test["p_value"] is not None:
        verdict = "differ" if test["p_value"] < 0.05 else "cannot be told apart at the 5 % level"
        lines.append(f"The two mixes of origins {verdict} ({test['name']}, p = {test['p_value']:.2g}).")
    parts, companies = comparison.overlap["part_numbers"], comparison.overlap["manufacturers"]
    lines.append(
        f"{len(parts.shared)} part numbers and {len(companies.shared)} companies are found in both; "
        f"{len(parts.only_new)} part numbers are new."
    )
    dates = comparison.dates.set_index("finding_id")
    own = dates.loc[comparison.new_id]
    if pd.notna(own["assembled_not_before"]):
        day = pd.Timestamp(own["assembled_not_before"])
        sentence = f"Assembled no earlier than {day.day} {day:%B %Y} (component {own['set_by']})"
        latest = dates.drop(comparison.new_id)["assembled_not_before"].dropna()
        if len(latest):
            other = pd.Timestamp(latest.max())
            sentence += f", against {other.day} {other:%B %Y} for the latest reference ({latest.idxmax()})"
        lines.append(sentence + ".")
    if pd.notna(own["made_after_share"]):
        after = pd.Timestamp(comparison.after)
        pooled = comparison.made_after_difference["reference_share"]
        sentence = f"{100 * own['made_after_share']:.1f} % of its dated parts were made after {after.day} {after:%B %Y}"
        if pooled is not None:
            sentence += f", against {100 * pooled:.1f} % in the reference"
        lines.append(sentence + ".")
    return lines


def comparison_lines(comparison: Comparison) -> list[str]:
    """The comparison as short sentences, largest differences first: what ``origins compare`` prints."""
    c = comparison
    new, ref = c.counts.iloc[0], c.counts.iloc[1:]
    lines = [
        f"{c.new_id} ({new['components']} parts, {new['unknown_origin']} of unknown origin) against "
        f"{c.reference_label} ({int(ref['components'].sum())} parts, "
        f"{int(ref['unknown_origin'].sum())} of unknown origin); basis: {c.basis}",
        "",
        "origin shares over parts of known origin; difference in percentage points, new minus reference:",
        f"  {'origin':<10}{'new':>9}{'reference':>11}{'difference':>12}   {c.confidence_label} interval (Newcombe)",
    ]
    if c.has_unknowns:
        lines[-1] = f"{lines[-1]}   over all parts, unknowns either way"
    order = c.shares.reindex(c.shares["difference"].abs().sort_values(ascending=False).index)
    for row in order.itertuples():
        interval = "" if pd.isna(row.ci_low) else f"{100 * row.ci_low:+.1f} to {100 * row.ci_high:+.1f}"
        shares = [percent(row.new_share), percent(row.ref_share), number(100 * row.difference, "+.1f")]
        line = f"  {row.key:<10}{shares[0]:>9}{shares[1]:>11}{shares[2]:>12}   {interval}"
        if c.has_unknowns:
            line = f"{line:<74}{100 * row.difference_low:+.1f} to {100 * row.difference_high:+.1f}"
        lines.append(line)
    test = c.test
    if test["p_value"] is None:
        lines.append(f"  {test['name']}: {test['note']}")
    else:
        lines.append(f"  {test['name']}: statistic {test['statistic']:.2f}, p = {test['p_value']:.3g} ({test['note']})")
    lines += _tier_lines(c)
    lines.append("")
    for name, overlap in c.overlap.items():
        what = name.replace("_", " ")
        lines.append(
            f"{what}: {len(overlap.shared)} shared, {len(overlap.only_new)} only in the new finding, "
            f"{len(overlap.only_reference)} only in the reference (Jaccard {overlap.jaccard:.2f})"
        )
    lines.append("")
    for row in c.dates.itertuples():
        made = "no dated part" if pd.isna(row.made_after_share) else f"{row.made_after_share:.1%}"
        median = "n/a" if pd.isna(row.median_year) else f"{row.median_year:g}"
        listed = "" if pd.isna(row.chpl_made_after_share) else (
            f"; CHPL parts: {row.chpl_made_after_share:.1%} ({row.chpl_ci_low:.1%} to {row.chpl_ci_high:.1%}) "
            f"of {row.chpl_dated}"
        )  # fmt: skip
        lines.append(
            f"{row.finding_id}: assembled not before {iso_day(row.assembled_not_before) or 'unknown'}, "
            f"median year {median}, dated parts made after {c.after}: {made}"
            + ("" if pd.isna(row.made_after_share) else f" ({row.ci_low:.1%} to {row.ci_high:.1%})")
            + listed
        )
    difference = c.made_after_difference
    if difference["difference"] is not None:
        lines.append(
            f"made after {c.after}, new minus reference: {100 * difference['difference']:+.1f} points "
            f"({100 * difference['ci_low']:+.1f} to {100 * difference['ci_high']:+.1f})"
        )
    if len(c.most_similar) > 1:
        best = c.most_similar.iloc[0]
        lines.append(
            f"most similar by part numbers: {best['finding_id']} (Jaccard {best['part_number_jaccard']:.2f}, "
            f"origin distance {best['origin_distance']:.2f})"
        )
    return lines


def _tier_lines(comparison: Comparison) -> list[str]:
    """The tiers of the Common High Priority List side by side, and the listed shares' difference."""
    if comparison.tiers is None or comparison.tiers.empty:
        return []
    lines = [
        "",
        "Common High Priority List tiers over parts of known HS code; difference new minus reference:",
        f"  {'tier':<10}{'new':>9}{'reference':>11}{'difference':>12}   "
        f"{comparison.confidence_label} interval (Newcombe)",
    ]
    for row in comparison.tiers.itertuples():
        interval = "" if pd.isna(row.ci_low) else f"{100 * row.ci_low:+.1f} to {100 * row.ci_high:+.1f}"
        shares = [percent(row.new_share), percent(row.ref_share), number(100 * row.difference, "+.1f")]
        lines.append(f"  {tier_name(row.key):<10}{shares[0]:>9}{shares[1]:>11}{shares[2]:>12}   {interval}")
    listed = comparison.chpl_listed
    if listed and listed["difference"] is not None:
        lines.append(
            f"  on the list: {listed['new_share']:.1%} against {listed['reference_share']:.1%}, "
            f"{100 * listed['difference']:+.1f} points "
            f"({100 * listed['ci_low']:+.1f} to {100 * listed['ci_high']:+.1f})"
        )
    return lines
