"""Export-control screening: which parts are items of the Common High Priority List (CHPL).

The United States, the European Union, Japan and the United Kingdom screen exports to Russia with the CHPL, a
list of six-digit Harmonized System (HS) codes in tiers (``1``, ``2``, ``3.A``, ``3.B``, ``4.A``, ``4.B``). A part's
HS code is the one its row states (column ``hs_code``), else the usual code of its ``category``
(``datasets/reference/category_hs.csv``); a category too broad to have one (``passive``) leaves the code unknown.
A stated code always wins. The list itself is ``datasets/reference/chpl.csv``, one row per code and version of
the list, so a later version sits beside the first and ``version`` picks one (the latest by default).

Adds to each row ``hs_code`` (six digits), ``hs_basis`` (``stated`` or ``category``) and ``chpl_tier`` (empty when
the code is known and not listed, or unknown). Parsing and lookups run once per distinct value.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .enrich import empty_text, per_distinct
from .errors import SOURCE_FILE, SOURCE_LINE
from .prose import plural
from .resources import read_reference

#: The tiers, most critical first (the order figures and charts use).
TIERS = ("1", "2", "3.A", "3.B", "4.A", "4.B")
#: The key of parts whose known HS code is on no tier.
NOT_LISTED = "not listed"
#: The columns :func:`screen` adds, in order.
SCREENED = ["hs_code", "hs_basis", "chpl_tier"]
STATED, CATEGORY = "stated", "category"
#: What a stated code must look like, in words for the person who has to fix the file.
EXPECTED_CODE = "six digits (an HS-6 code such as 8542.31 or 854231; dots and spaces allowed)"


@cache
def _lists() -> pd.DataFrame:
    return read_reference("chpl.csv")


@cache
def _categories() -> pd.Series:
    table = category_codes()
    return table.dropna(subset=["hs_code"]).set_index("category")["hs_code"]


def versions() -> list[str]:
    """The versions of the list shipped, oldest first (by the date each was published)."""
    table = _lists().drop_duplicates("list_version").sort_values(["list_date", "list_version"])
    return table["list_version"].tolist()


def chpl_table(version: str | None = None) -> pd.DataFrame:
    """One version of the list (the latest when None): ``hs_code``, ``tier``, ``description``, dates, source.

    An unknown version is a ValueError naming the versions there are.
    """
    known = versions()
    version = known[-1] if version is None else str(version)
    if version not in known:
        raise ValueError(f"no CHPL version {version!r}; shipped: {', '.join(known)}")
    table = _lists()
    return table[table["list_version"].eq(version)].reset_index(drop=True)


def category_codes() -> pd.DataFrame:
    """The table of component categories and their usual HS-6 code (empty where a category is too broad)."""
    return read_reference("category_hs.csv")


def hs_digits(values: pd.Series) -> pd.Series:
    """Each stated code as six digits: dots and spaces dropped; NA when empty or not six digits then."""
    text = values.astype("string").str.replace(r"[.\s]", "", regex=True)
    return text.where(text.str.fullmatch(r"[0-9]{6}", na=False)).astype("str")


def malformed(data: pd.DataFrame) -> pd.Series:
    """Rows that state an ``hs_code`` that is not six digits (those rows are kept, their code unknown)."""
    if "hs_code" not in data:
        return pd.Series(False, index=data.index)

    def bad(codes: pd.Series) -> pd.Series:
        written = codes.astype("string").str.strip().fillna("").ne("")
        return written & hs_digits(codes).isna()

    return per_distinct(data["hs_code"], bad).astype(bool)


def code_warnings(data: pd.DataFrame) -> list[str]:
    """One line per row whose stated ``hs_code`` is malformed (file:line, value, expected); the row is kept."""
    bad = malformed(data)
    if not bad.any():
        return []
    rows = data.loc[bad, [SOURCE_FILE, SOURCE_LINE, "hs_code"]]
    return [
        f"{file}:{line}: column 'hs_code': got {code!r}, expected {EXPECTED_CODE} (kept, without an HS code)"
        for file, line, code in rows.itertuples(index=False)
    ]


def screen(data: pd.DataFrame, *, version: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """``data`` with the :data:`SCREENED` columns (a stated ``hs_code`` replaced by its six digits), and a warning
    naming the lines of malformed stated codes (``origins validate`` lists them one by one)."""
    tiers = chpl_table(version).set_index("hs_code")["tier"]
    empty = empty_text(data.index)
    raw = data["hs_code"] if "hs_code" in data else empty
    stated = per_distinct(raw, hs_digits)
    category = data["category"] if "category" in data else empty
    usual = per_distinct(category, lambda words: words.str.strip().str.lower().map(_categories()).astype("str"))
    bad = malformed(data)
    usual = usual.mask(bad)  # a code stated wrong is not replaced by a guess: the part's code stays unknown
    code = stated.fillna(usual)
    basis = empty.mask(stated.notna(), STATED).mask(stated.isna() & usual.notna(), CATEGORY)
    tier = per_distinct(code, lambda codes: codes.map(tiers).astype("str"))
    added = pd.DataFrame({"hs_code": code, "hs_basis": basis, "chpl_tier": tier}, index=data.index)
    screened = pd.concat([data.drop(columns=[c for c in SCREENED if c in data]), added], axis=1)
    if not bad.any():
        return screened, []
    lines = data.loc[bad, SOURCE_LINE].astype(str).tolist() if SOURCE_LINE in data else []
    where = f" (line {', '.join(lines[:10])}{' ...' if len(lines) > 10 else ''})" if lines else ""
    count = int(bad.sum())
    values = f"{count} {plural(count, 'value is', 'values are')}"
    return screened, [f"column 'hs_code': {values} not {EXPECTED_CODE}{where}: kept, without an HS code"]


def tier_keys(data: pd.DataFrame) -> pd.Series:
    """Each part's tier, :data:`NOT_LISTED` for a known code on no tier, NA for an unknown code."""
    missing = [name for name in ("hs_code", "chpl_tier") if name not in data]
    if missing:
        raise ValueError(f"missing column {', '.join(map(repr, missing))}: screen the data first (analysis.chpl)")
    return data["chpl_tier"].astype("str").where(data["chpl_tier"].notna(), NOT_LISTED).where(data["hs_code"].notna())
