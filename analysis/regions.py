"""UN M49 regions for ISO country codes, so shares can be reported by region as well as by country.

The table is generated from a maintained source (see datasets/scripts/make_regions.py) and shipped as package
data; it is read once per process.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .resources import read_reference

LEVELS = {"region": "un_region", "subregion": "un_subregion"}


@cache
def _load() -> pd.DataFrame:
    return read_reference("regions.csv")


def regions_table() -> pd.DataFrame:
    """The whole table (a copy, so callers can't change the cached one)."""
    return _load().copy()


def region_of(codes: pd.Series, level: str = "region") -> pd.Series:
    """The M49 region (or sub-region) of each alpha-2 code, on the same index.

    Codes are matched after stripping and upper-casing; missing and unknown codes, and codes M49 gives no
    region (Antarctica), come out as NA rather than raising, since findings hold all of these.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {sorted(LEVELS)}, not {level!r}")
    column = LEVELS[level]
    lookup = _load().set_index("iso_alpha2")[column]
    keys = codes.astype("string").str.strip().str.upper()
    return keys.map(lookup).astype("string").rename(column)


def country_name(code: str, *, in_sentence: bool = False) -> str:
    """The short English name of an alpha-2 code ("Taiwan", "South Korea"), or the code itself if unknown.

    ``in_sentence`` adds the article names such as "the United States" or "the Netherlands" take in running text.
    """
    names = _load().set_index("iso_alpha2")["country"]
    name = str(names.get(str(code).strip().upper(), code))
    plural = name.startswith("United ") or name.endswith(("Islands", "Republic", "Emirates"))
    if in_sentence and (plural or name in ("Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives")):
        return "the " + name
    return name
