"""Write the Kharkiv reconstruction: 294 parts that match every figure CAR published for the missile.

What is published (see datasets/README.md): 26 companies in 8 countries; United States 75.5 %, Germany 11.9 %,
Japan 3.1 %, Europe a little over 16 %; half the parts dated, more than 75 % of those made 2021-2023; the latest
date code in March 2023. Everything else here (company names, the split of parts between them, part numbers,
individual date codes) is invented to fit, from a fixed seed, so the file is the same on every run.

Run from the repository root:  python datasets/scripts/make_kharkiv.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240102
FINDING_ID = "car-kharkiv-2024-01-02"
OUT = Path(__file__).resolve().parents[1] / "findings" / f"{FINDING_ID}.csv"

#: (country, companies, parts): 26 companies and 294 parts, the only count that gives every published share.
COUNTRIES = [
    ("US", 14, 222),
    ("DE", 3, 35),
    ("JP", 2, 9),
    ("NL", 2, 8),
    ("CH", 1, 5),
    ("CN", 1, 5),
    ("SG", 1, 4),
    ("TW", 2, 6),
]
#: Parts per manufacture year among the 147 dated ones: 116 (78.9 %) in 2021-2023.
YEARS = {2015: 2, 2016: 3, 2017: 4, 2018: 5, 2019: 7, 2020: 10, 2021: 34, 2022: 48, 2023: 34}
LATEST = "2311"  # ISO week 11 of 2023 begins on Monday 13 March 2023
CATEGORIES = {
    "US": ["microcontroller", "fpga", "memory", "adc_dac", "amplifier", "voltage_regulator", "transceiver",
           "gnss", "imu_sensor", "power_converter", "oscillator"],
    "DE": ["microcontroller", "discrete", "power_converter", "imu_sensor", "connector"],
    "JP": ["passive", "oscillator", "connector"],
    "NL": ["microcontroller", "discrete", "transceiver"],
    "CH": ["microcontroller", "imu_sensor", "voltage_regulator"],
    "CN": ["passive", "discrete"],
    "SG": ["power_converter", "discrete"],
    "TW": ["memory", "discrete", "passive"],
}  # fmt: skip
COLUMNS = ["finding_id", "component_id", "weapon", "recovered_on", "location", "subsystem", "category",
           "part_number", "manufacturer", "hq_country", "date_code", "source", "notes"]  # fmt: skip
SUBSYSTEMS = {"navigation": 0.72, "guidance": 0.12, "power": 0.08, "telemetry": 0.05, "control": 0.03}


def split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """``total`` items over ``parts`` companies, each getting at least one, unevenly as in real debris."""
    weights = rng.dirichlet(np.full(parts, 0.9))
    counts = 1 + rng.multinomial(total - parts, weights)
    return counts


def date_codes(years: pd.Series, rng: np.random.Generator) -> list[str]:
    """A raw date code for each year, mostly ``YYWW``, some with a lot letter, a separator or four-digit year."""
    codes = []
    for year in years:
        week = int(rng.integers(1, 10 if year == 2023 else 53))
        yy = year % 100
        form = rng.choice(["yyww", "suffix", "yyyyww", "dash"], p=[0.8, 0.08, 0.07, 0.05])
        codes.append(
            {
                "yyww": f"{yy:02d}{week:02d}",
                "suffix": f"{yy:02d}{week:02d}{rng.choice(list('ABCDEFGHJK'))}",
                "yyyyww": f"{year}{week:02d}",
                "dash": f"{yy:02d}-{week:02d}",
            }[form]
        )
    return codes


def build() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows = []
    for country, companies, parts in COUNTRIES:
        for number, count in enumerate(split(parts, companies, rng), start=1):
            name = f"Company {country}-{number:02d}"
            kinds = rng.choice(CATEGORIES[country], size=min(3, len(CATEGORIES[country])), replace=False)
            pool = [f"{country}{number:02d}-{kind[:3].upper()}{rng.integers(100, 9999):04d}" for kind in kinds]
            for _ in range(count):
                pick = int(rng.integers(len(pool)))
                rows.append(
                    {"manufacturer": name, "hq_country": country, "category": kinds[pick],
                     "part_number": pool[pick]}
                )  # fmt: skip
    data = pd.DataFrame(rows).sample(frac=1, random_state=SEED).reset_index(drop=True)
    data.insert(0, "finding_id", FINDING_ID)
    data.insert(1, "component_id", [f"K-{i:03d}" for i in range(1, len(data) + 1)])
    data["weapon"] = "KN-23/KN-24 (Hwasong-11)"
    data["recovered_on"] = "2024-01-02"
    data["location"] = "Kharkiv, Ukraine"
    data["subsystem"] = rng.choice(list(SUBSYSTEMS), size=len(data), p=list(SUBSYSTEMS.values()))

    years = pd.Series([year for year, n in YEARS.items() for _ in range(n)])
    dated = np.sort(rng.choice(len(data), size=len(years), replace=False))
    codes = date_codes(years, rng)
    codes[int(np.flatnonzero(years.to_numpy() == 2023)[0])] = LATEST
    order = rng.permutation(len(years))
    data["date_code"] = pd.NA
    data.loc[dated, "date_code"] = np.asarray(codes, dtype=object)[order]
    data["source"] = "reconstruction of CAR, 2024-02-20 (published aggregates only)"
    data["notes"] = pd.NA
    return data[COLUMNS]


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {len(data)} parts to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
