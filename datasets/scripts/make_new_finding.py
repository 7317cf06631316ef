"""Write the synthetic "new finding": invented debris of the same missile type, to compare with Kharkiv.

Nothing in it is real. It is made to look like what a later finding could plausibly show: fewer US parts and
more Chinese and Taiwanese ones, newer date codes, and some of the Kharkiv reconstruction's companies and part
numbers again (some written differently: lower case, a space, a tape-and-reel suffix), so that a comparison has
something to find. Three parts carry no readable brand, so unknown origins are part of the example.

Run from the repository root:  python datasets/scripts/make_new_finding.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250207
FINDING_ID = "synthetic-new-finding-2025"
FINDINGS = Path(__file__).resolve().parents[1] / "findings"
OUT = FINDINGS / f"{FINDING_ID}.csv"
KHARKIV = FINDINGS / "car-kharkiv-2024-01-02.csv"

#: Parts per country; a country's parts go first to Kharkiv companies of that country (up to ``reused``),
#: then to new placeholder companies (``new``).
COUNTRIES = {
    # country: (parts, Kharkiv companies reused, new companies)
    "US": (104, 9, 0),
    "CN": (30, 1, 4),
    "TW": (22, 1, 2),
    "DE": (14, 2, 0),
    "JP": (10, 1, 1),
    "KR": (8, 0, 1),
    "CH": (6, 1, 0),
    "NL": (3, 1, 0),
}
NO_BRAND = 3
#: Parts per manufacture year among the dated ones (130 of 200).
YEARS = {2019: 4, 2020: 6, 2021: 12, 2022: 30, 2023: 45, 2024: 33}
LATEST = "2419"  # ISO week 19 of 2024 begins on Monday 6 May 2024
CATEGORIES = ["microcontroller", "memory", "adc_dac", "amplifier", "voltage_regulator", "transceiver", "passive",
              "discrete", "oscillator", "power_converter", "connector", "gnss"]  # fmt: skip
#: How a shared part number may be written in the field: as in the reference, or one of these variants.
VARIANTS = [str, str.lower, lambda p: p.replace("-", " "), lambda p: p + "-TR", lambda p: p + "/TR"]
COLUMNS = ["finding_id", "component_id", "weapon", "recovered_on", "location", "subsystem", "category",
           "part_number", "manufacturer", "hq_country", "date_code", "source", "notes"]  # fmt: skip


def split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """``total`` items over ``parts`` companies, each getting at least one, unevenly as in real debris."""
    return 1 + rng.multinomial(total - parts, rng.dirichlet(np.full(parts, 0.9)))


def companies(kharkiv: pd.DataFrame, rng: np.random.Generator) -> list[tuple[str, str, dict[str, str], bool]]:
    """(company, country, {part number: category}, seen at Kharkiv) for every company of the new finding."""
    pools = []
    for country, (_, reused, new) in COUNTRIES.items():
        seen = kharkiv[kharkiv["hq_country"] == country]
        names = sorted(seen["manufacturer"].unique())
        for name in rng.choice(names, size=reused, replace=False):
            parts = seen[seen["manufacturer"] == name]
            pools.append((str(name), country, dict(zip(parts["part_number"], parts["category"], strict=True)), True))
        for number in range(len(names) + 1, len(names) + 1 + new):
            kinds = rng.choice(CATEGORIES, size=2, replace=False)
            parts = {f"{country}{number:02d}-{kind[:3].upper()}{rng.integers(100, 9999):04d}": kind for kind in kinds}
            pools.append((f"Company {country}-{number:02d}", country, parts, False))
    return pools


def part_rows(kharkiv: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per branded part; a part of a Kharkiv company reuses one of its part numbers, often rewritten."""
    pools = companies(kharkiv, rng)
    rows = []
    for country, (parts, _, _) in COUNTRIES.items():
        mine = [pool for pool in pools if pool[1] == country]
        for (name, _, numbers, seen), count in zip(mine, split(parts, len(mine), rng), strict=True):
            # a Kharkiv company also makes parts not seen at Kharkiv: one new part number beside the old ones
            if seen:
                numbers = numbers | {f"{name[-5:].replace('-', '')}-NEW{rng.integers(100, 9999):04d}": "other"}
            for _ in range(count):
                part = str(rng.choice(sorted(numbers)))
                written = VARIANTS[int(rng.integers(len(VARIANTS)))](part) if seen else part
                rows.append(
                    {"manufacturer": name, "hq_country": country, "category": numbers[part], "part_number": written}
                )
    rows += [{"manufacturer": pd.NA, "hq_country": pd.NA, "category": "discrete", "part_number": pd.NA}] * NO_BRAND
    return pd.DataFrame(rows)


def date_codes(years: pd.Series, rng: np.random.Generator) -> list[str]:
    """A raw date code for each year: mostly ``YYWW``, some with a lot letter, a separator or a one-digit year."""
    codes = []
    for year in years:
        week = int(rng.integers(1, 19 if year == 2024 else 53))
        yy = year % 100
        form = rng.choice(["yyww", "suffix", "dash", "yww"], p=[0.75, 0.1, 0.05, 0.1])
        codes.append(
            {
                "yyww": f"{yy:02d}{week:02d}",
                "suffix": f"{yy:02d}{week:02d}{rng.choice(list('ABCDEFGHJK'))}",
                "dash": f"{yy:02d}-{week:02d}",
                "yww": f"{yy % 10}{week:02d}",
            }[form]
        )
    return codes


def build() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    kharkiv = pd.read_csv(KHARKIV, dtype=str, keep_default_na=False)
    data = part_rows(kharkiv, rng).sample(frac=1, random_state=SEED).reset_index(drop=True)
    data.insert(0, "finding_id", FINDING_ID)
    data.insert(1, "component_id", [f"N-{i:03d}" for i in range(1, len(data) + 1)])
    data["weapon"] = "KN-23/KN-24 (Hwasong-11)"
    data["recovered_on"] = "2025-02-07"
    data["location"] = "none (synthetic example)"
    data["subsystem"] = rng.choice(
        ["navigation", "guidance", "power", "telemetry"], size=len(data), p=[0.6, 0.2, 0.12, 0.08]
    )

    years = pd.Series([year for year, n in YEARS.items() for _ in range(n)])
    dated = np.sort(rng.choice(len(data), size=len(years), replace=False))
    codes = date_codes(years, rng)
    codes[int(np.flatnonzero(years.to_numpy() == 2024)[0])] = LATEST
    data["date_code"] = pd.NA
    data.loc[dated, "date_code"] = np.asarray(codes, dtype=object)[rng.permutation(len(years))]
    data["source"] = "synthetic: datasets/scripts/make_new_finding.py"
    data["notes"] = pd.NA
    return data[COLUMNS]


def main() -> None:
    data = build()
    data.to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {len(data)} parts to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
