"""What export-control screening costs: HS codes and tiers for every part, and the figures counted on them.

A seeded frame (10^6 parts as 1,000 findings by default; categories as a finding's, 10 % of rows stating an HS
code, one in a hundred of those malformed) is built in memory, so only the screening and the counting are timed.
Each line is the best of ``--repeat`` runs, with its ratio to the floor:

- ``bare pandas``: parts per finding and category, one ``groupby().size()`` (the floor);
- ``screen``: ``hs_code``, ``hs_basis`` and ``chpl_tier`` for every part, with the warning for malformed codes;
- ``origin_shares by tier``: the tier shares of every finding, with Wilson intervals and bounds;
- ``chpl_listed``: the listed share of every finding, with its Wilson interval;
- ``year_counts by tier``: parts per finding, tier and year, gaps filled.

    python benchmarks/chpl.py
    python benchmarks/chpl.py --parts 1e5 --findings 100
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from bounds import arguments, report

from analysis.aggregate import chpl_listed, origin_shares, year_counts
from analysis.chpl import screen
from analysis.schema import CATEGORIES

STATED = np.array(["8542.31", "854232", "8541 21", "853321", "9014.20", "85423"], dtype=object)


def parts_frame(parts: int, findings: int, seed: int = 20240223) -> pd.DataFrame:
    """The columns screening reads, drawn from small pools as a real finding's would be."""
    rng = np.random.default_rng(seed)
    stated = np.where(rng.random(parts) < 0.1, rng.choice(STATED, parts, p=[0.3, 0.3, 0.2, 0.1, 0.09, 0.01]), None)
    return pd.DataFrame(
        {
            "finding_id": pd.Series(np.repeat(np.arange(findings), -(-parts // findings))[:parts]).map(
                "f-{:04d}".format
            ),
            "category": pd.Series(rng.choice(np.array(CATEGORIES, dtype=object), parts), dtype="str"),
            "hs_code": pd.Series(stated, dtype="str"),
            "manufactured_year": pd.Series(np.where(rng.random(parts) < 0.5, rng.integers(2015, 2024, parts), -1))
            .replace(-1, pd.NA)
            .astype("Int64"),
            "source_file": "bench.csv",
            "source_line": np.arange(2, parts + 2),
        }
    )


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    data = parts_frame(int(args.parts), args.findings)
    screened = screen(data)[0]
    cases = {
        "bare pandas": lambda: data.groupby(["finding_id", "category"], observed=True).size(),
        "screen": lambda: screen(data),
        "origin_shares by tier": lambda: origin_shares(screened, by="chpl_tier"),
        "chpl_listed": lambda: chpl_listed(screened),
        "year_counts by tier": lambda: year_counts(screened, by="chpl_tier"),
    }
    report(cases, args)


if __name__ == "__main__":
    main()
