"""Seeded synthetic findings for the benchmark: realistic brands and date codes, a few percent bad rows.

Everything is drawn with numpy from small pools and joined with vectorised string operations, so 10^7 rows
take seconds, not minutes. Files are written with pyarrow (CSV and Parquet) and cached by size and seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analysis.resources import read_reference

FINDING_ID = "bench-synthetic-2024-01-02"
CATEGORIES = ["microcontroller", "memory", "amplifier", "voltage_regulator", "transceiver", "passive", "other"]
SUBSYSTEMS = ["navigation", "guidance", "power", "telemetry", "control"]
#: Share of each kind of bad row (rejected by validation).
BAD = {"duplicate_id": 0.01, "bad_country": 0.01, "empty_finding_id": 0.005}


def brand_pool(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Brands as investigators write them, and a Zipf-like weight for each (a few brands dominate)."""
    table = read_reference("manufacturers.csv", na_values=None)
    names = table["company"].tolist()
    aliases = [a for cell in table["aliases"] for a in cell.split("|") if a]
    variants = [f"{n}, Inc." for n in names[:40]] + [n.upper() for n in names[:40]] + [n.lower() for n in names[:20]]
    acquired = read_reference("ownership.csv", na_values=None).drop_duplicates("company")
    bracketed = [f"{c} ({o})" for c, o in zip(acquired["company"], acquired["owner"], strict=True)]
    bracketed += [f"Brand {i} ({o})" for i, o in enumerate(acquired["owner"][:20])]  # known owner only
    unknown = [f"Unknown Maker {i:03d}" for i in range(200)]
    pool = np.array(names + aliases + variants + bracketed + unknown, dtype=object)
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
    weights = rng.permutation(weights)
    return pool, weights / weights.sum()


def date_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """YYWW, YYYYWW, YWW, YY-WW, with revision letters, empties and a few unreadable ones."""
    year = rng.integers(2005, 2024, n)
    week = rng.integers(1, 53, n)
    yy = pd.Series(year % 100).astype(str).str.zfill(2)
    ww = pd.Series(week).astype(str).str.zfill(2)
    forms = {
        "yyww": yy + ww,
        "yyyyww": pd.Series(year).astype(str) + ww,
        "yww": pd.Series(year % 10).astype(str) + ww,
        "dash": yy + "-" + ww,
        "letters": yy + ww + pd.Series(rng.choice(["A", "B", "AB", "C3"], n)).str.replace("C3", "C"),
    }
    kind = rng.choice(len(forms) + 2, n, p=[0.3, 0.08, 0.05, 0.03, 0.06, 0.46, 0.02])
    out = np.full(n, "", dtype=object)
    for i, values in enumerate(forms.values()):
        out[kind == i] = values.to_numpy(dtype=object)[kind == i]
    out[kind == len(forms) + 1] = rng.choice(["??", "ABCD", "2399", "1360"], int((kind == len(forms) + 1).sum()))
    return out


def generate(n: int, seed: int = 8) -> pd.DataFrame:
    """A finding of ``n`` parts in the component schema, every column text, with a few percent bad rows."""
    rng = np.random.default_rng(seed)
    pool, weights = brand_pool(rng)
    brands = pool[rng.choice(len(pool), n, p=weights)]
    brands[rng.random(n) < 0.03] = ""  # no brand marked
    ids = "C" + pd.Series(np.arange(n)).astype(str).str.zfill(8)
    duplicate = rng.random(n) < BAD["duplicate_id"] / 2  # each copies the id of the row before: two bad rows
    duplicate[0] = False
    ids = ids.to_numpy(dtype=object)
    ids[duplicate] = ids[np.flatnonzero(duplicate) - 1]
    country = np.full(n, "", dtype=object)
    stated = rng.random(n)
    country[stated < 0.2] = rng.choice(["US", "DE", "JP", "CN", "TW", "CH", "NL", "KR"], int((stated < 0.2).sum()))
    country[(stated >= 0.2) & (stated < 0.21)] = "USA"  # normalised to US, with a warning
    bad_country = rng.random(n) < BAD["bad_country"]
    country[bad_country] = rng.choice(["XX", "Narnia", "ZZ"], int(bad_country.sum()))
    finding = np.full(n, FINDING_ID, dtype=object)
    finding[rng.random(n) < BAD["empty_finding_id"]] = ""
    category = np.array(CATEGORIES, dtype=object)[rng.integers(0, len(CATEGORIES), n)]
    prefix = np.array(["LM", "STM32F", "AD", "MAX", "TPS", "ATMEGA", "XC7", "IRF"], dtype=object)
    part = prefix[rng.integers(0, len(prefix), n)] + pd.Series(rng.integers(10, 99_999, n)).astype(str).to_numpy(
        dtype=object
    )
    frame = pd.DataFrame(
        {
            "finding_id": finding,
            "component_id": ids,
            "weapon": "Synthetic missile",
            "recovered_on": "2024-01-02",
            "location": "Testfield",
            "subsystem": np.array(SUBSYSTEMS, dtype=object)[rng.integers(0, len(SUBSYSTEMS), n)],
            "category": category,
            "part_number": part,
            "manufacturer": brands,
            "hq_country": country,
            "date_code": date_codes(rng, n),
            "source": "synthetic, seeded",
            "notes": np.where(rng.random(n) < 0.05, "marking partly burnt", ""),
        }
    )
    return frame.astype("string[pyarrow]")


def write(n: int, folder: Path, *, csv: bool = True, seed: int = 8) -> dict[str, Path]:
    """Generate (once, cached by size and seed) and return the paths of the CSV and Parquet files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"parquet": folder / f"synthetic-{n}-s{seed}.parquet"}
    if csv:
        paths["csv"] = folder / f"synthetic-{n}-s{seed}.csv"
    if all(p.exists() for p in paths.values()):
        return paths
    table = pa.Table.from_pandas(generate(n, seed), preserve_index=False)
    for fmt, path in paths.items():
        partial = path.with_name(path.name + ".partial")
        if fmt == "csv":
            pacsv.write_csv(table, partial, pacsv.WriteOptions(quoting_style="needed"))
        else:
            pq.write_table(table, partial)
        partial.replace(path)
    return paths
