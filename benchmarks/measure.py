"""One measurement, run in its own process so that its peak memory is its own: ``measure.py MODE FILE``.

Prints ``{"work": seconds}`` on stdout: the time of the work on the data, imports excluded (they are done
first, and measured separately by ``origins --help`` and ``origins report``).

- ``baseline``: bare pandas reads the file and counts parts by country and by year (first two digits of the
  date code, as a quick look would).
- ``pipeline``: ``analysis.load_finding`` (read, validate, enrich), then ``origin_shares`` and ``year_counts``.
- ``grouped``: bare pandas reads the file and does the grouping a summary of many findings needs: parts per
  finding and country, per finding and year (first two digits of the date code).
- ``summaries``: ``load_findings`` (read, validate, enrich) then ``summaries``, every finding of the file.
- ``extra ONE MANY``: the fixed cost of each extra finding, ``summaries`` of the same parts as one finding and as
  many, run in turn five times in this one process: (fastest of many - fastest of one) / (findings - 1).
"""

from __future__ import annotations

import json
import sys
import time


def baseline(path: str) -> float:
    import pandas as pd
    import pyarrow.parquet  # noqa: F401  (pandas imports it on first use; an import, not work)

    start = time.perf_counter()
    data = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path, dtype=str)
    data.groupby("hq_country").size()
    data["date_code"].str[:2].value_counts()
    return time.perf_counter() - start


def pipeline(path: str) -> float:
    import pyarrow.parquet  # noqa: F401
    import statsmodels.stats.proportion  # noqa: F401

    import analysis.aggregate
    import analysis.finding
    from analysis.manufacturers import bundled_table
    from analysis.regions import regions_table
    from analysis.schema import iso_alpha2

    bundled_table(), regions_table(), iso_alpha2()  # reference tables, read once per process
    start = time.perf_counter()
    finding = analysis.finding.load_finding(path)
    analysis.aggregate.origin_shares(finding.data)
    analysis.aggregate.origin_shares(finding.data, by="un_region")
    analysis.aggregate.year_counts(finding.data)
    return time.perf_counter() - start


def grouped(path: str) -> float:
    import pandas as pd
    import pyarrow.parquet  # noqa: F401

    start = time.perf_counter()
    data = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path, dtype=str)
    data.groupby(["finding_id", "hq_country"]).size()
    data.groupby(["finding_id", data["date_code"].str[:2]]).size()
    return time.perf_counter() - start


def summaries(path: str) -> float:
    import pandera.backends.pandas.builtin_checks  # noqa: F401  (imported by the first validation)
    import pyarrow.parquet  # noqa: F401

    import analysis.aggregate
    import analysis.finding
    from analysis.manufacturers import bundled_table
    from analysis.regions import regions_table
    from analysis.schema import iso_alpha2

    bundled_table(), regions_table(), iso_alpha2()
    start = time.perf_counter()
    analysis.aggregate.summaries(analysis.finding.load_findings(path))
    return time.perf_counter() - start


def extra(one: str, many: str) -> float:
    """On a loaded machine the difference of two separate runs is noise; turns in one process and minima are not."""
    import pandas as pd

    findings = pd.read_csv(many, usecols=["finding_id"], dtype=str)["finding_id"].nunique()
    times = {one: [], many: []}
    for _ in range(5):
        for path in times:
            times[path].append(summaries(path))
    return (min(times[many]) - min(times[one])) / (findings - 1)


if __name__ == "__main__":
    mode, paths = sys.argv[1], sys.argv[2:]
    work = {"baseline": baseline, "pipeline": pipeline, "grouped": grouped, "summaries": summaries, "extra": extra}[
        mode
    ](*paths)
    print(json.dumps({"work": work}))
