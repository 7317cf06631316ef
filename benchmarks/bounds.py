"""What the figures about unknown parts cost: bounds, unknown brands and the file's-countries sensitivity.

A seeded enriched frame (10^6 parts as 1,000 findings by default; 15 % of unknown origin, the file stating a
country for half of those) is built in memory, so only the aggregation is timed. Each line is the best of
``--repeat`` runs:

- ``bare pandas``: parts per finding and country, one ``groupby().size()`` (the floor);
- ``origin_shares``: shares, Wilson intervals and bounds, by country;
- ``file_countries``: the same with the unknown parts placed by the file's country;
- ``unknown_brands``: the unknown parts gathered by brand, file country and reason;
- ``origin_summaries``: all of the origin figures of every finding's summary (the four above, by region too).

    python benchmarks/bounds.py
    python benchmarks/bounds.py --parts 1e5 --findings 100
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from analysis.aggregate import origin_shares, origin_summaries, unknown_brands
from analysis.regions import region_of

COUNTRIES = np.array(["US", "CN", "TW", "JP", "DE", "NL", "CH", "KR", "GB", "FR", "RU", "SG"], dtype=object)


def enriched(parts: int, findings: int, seed: int = 20240102) -> pd.DataFrame:
    """Columns the origin figures read, drawn from small pools as a real finding's would be."""
    rng = np.random.default_rng(seed)
    country = rng.choice(COUNTRIES, parts, p=np.r_[0.6, np.full(11, 0.4 / 11)])
    unknown = rng.random(parts) < 0.15
    brand = np.where(unknown, "Unknown Maker " + pd.Series(rng.integers(0, 300, parts)).astype(str), "Known Co")
    stated = np.where(unknown & (rng.random(parts) < 0.5), rng.choice(COUNTRIES, parts), None)
    hq = pd.Series(np.where(unknown, None, country), dtype="str")
    frame = pd.DataFrame(
        {
            "finding_id": pd.Series(np.repeat(np.arange(findings), -(-parts // findings))[:parts]).map(
                "f-{:04d}".format
            ),
            "manufacturer": brand,
            "hq_country": hq,
            "owner_country": hq,
            "file_country": pd.Series(stated, dtype="str"),
            "origin_problem": pd.Series(np.where(unknown, "brand not in the manufacturer table", None), dtype="str"),
        }
    )
    regions = region_of(frame["hq_country"])
    return frame.assign(un_region=regions, owner_un_region=regions)


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def arguments(description: str) -> argparse.Namespace:
    """``--parts``, ``--findings`` and ``--repeat``, shared by the benchmarks of figures."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--parts", type=float, default=1e6)
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def report(cases: dict, args: argparse.Namespace) -> None:
    """Each case's best time and its ratio to the first case (the floor)."""
    print(f"{int(args.parts):,} parts in {args.findings:,} findings, best of {args.repeat}:")
    floor = None
    for name, function in cases.items():
        seconds = best(function, args.repeat)
        floor = floor or seconds
        print(f"  {name:<22}{1000 * seconds:>9.1f} ms  {seconds / floor:>6.1f}x bare pandas")


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    data = enriched(int(args.parts), args.findings)
    cases = {
        "bare pandas": lambda: data.groupby(["finding_id", "hq_country"], observed=True).size(),
        "origin_shares": lambda: origin_shares(data),
        "file_countries": lambda: origin_shares(data, file_countries=True),
        "unknown_brands": lambda: unknown_brands(data),
        "origin_summaries": lambda: origin_summaries(data),
    }
    report(cases, args)


if __name__ == "__main__":
    main()
