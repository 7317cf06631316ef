"""From the brand marked on a part to the company behind it, its home country, and its owner on a given day.

The reference table (``manufacturers.csv``, read through :mod:`analysis.resources`) has one row per company:
canonical name, aliases (``|``-separated), headquarters country, and at most one acquisition (``acquired_by``,
``acquired_on``); chains of acquisitions follow from the acquirer's own row. Brands are matched exactly on a
normalised key (case, punctuation and legal suffixes removed), never by similarity; the work is done once per
distinct brand and joined back, so its cost does not grow with rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .resources import reference_path

TABLE_COLUMNS = ["company", "aliases", "hq_country", "other_seat", "acquired_by", "acquired_on", "source", "notes"]
LEGAL_SUFFIXES = (
    "inc incorporated corp corporation co coltd company ltd limited llc plc gmbh mbh ag kg sa sas spa srl nv bv "
    "kk ab asa oy oyj as pte pty bhd se llp lp"
).split()
_SUFFIX_RUN = r"(?:\s+(?:" + "|".join(LEGAL_SUFFIXES) + r"))(?:\s+(?:and|" + "|".join(LEGAL_SUFFIXES) + r"))*$"
_BRACKETED = r"^\s*(?P<brand>[^()]*?)\s*\((?P<owners>[^()]*)\)\s*$"

#: How a brand was matched, in the ``company_match`` column.
MATCHED_NAME, MATCHED_ALIAS, MATCHED_OWNER = "name", "alias", "bracketed owner"
NOT_IN_TABLE, NO_BRAND = "not in table", "no brand"


def normalise(names: pd.Series) -> pd.Series:
    """The key brands are matched on: case-folded, ``&`` as ``and``, punctuation and legal suffixes gone.

    ``"Analog Devices, Inc."``, ``"ANALOG DEVICES INC"`` and ``"analog-devices"`` all give ``"analogdevices"``;
    accents are dropped, so ``"Würth"`` and ``"Wurth"`` meet.
    """
    text = names.astype("str").str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    text = text.str.casefold().str.replace("&", " and ", regex=False)
    text = text.str.replace(r"[.']", "", regex=True).str.replace(r"[^\w]+", " ", regex=True).str.strip()
    text = text.str.replace(_SUFFIX_RUN, "", regex=True)
    return text.str.replace(r"[\s_]+", "", regex=True).replace("", pd.NA)


@dataclass(frozen=True)
class ManufacturerTable:
    """The companies (indexed by canonical name) and the key -> company lookup built from names and aliases."""

    companies: pd.DataFrame
    keys: pd.DataFrame  # columns: key, company, match

    @classmethod
    def from_frame(cls, table: pd.DataFrame) -> ManufacturerTable:
        table = table.reindex(columns=TABLE_COLUMNS).astype("str")
        table = table.assign(
            acquired_on=pd.to_datetime(table["acquired_on"], format="%Y-%m-%d", errors="coerce"),
            hq_country=table["hq_country"].str.strip().str.upper(),
        )
        names = pd.DataFrame({"alias": table["company"], "company": table["company"], "match": MATCHED_NAME})
        aliases = (
            table[["company", "aliases"]]
            .assign(alias=table["aliases"].str.split("|"))
            .explode("alias")
            .dropna(subset=["alias"])
            .assign(match=MATCHED_ALIAS)
        )
        keys = pd.concat([names, aliases[["alias", "company", "match"]]], ignore_index=True)
        keys = keys.assign(key=normalise(keys["alias"])).dropna(subset=["key"])
        # A company's own name wins over another company's alias; otherwise the later row (a user's) wins.
        keys = keys.sort_values("match", key=lambda m: m.eq(MATCHED_NAME), kind="stable")
        keys = keys.drop_duplicates("key", keep="last")[["key", "company", "match"]]
        return cls(companies=table.set_index("company"), keys=keys.reset_index(drop=True))

    def with_overrides(self, extra: pd.DataFrame) -> ManufacturerTable:
        """This table with a user's rows added; a user's non-empty values replace the bundled ones, field by field."""
        base = self.companies.assign(acquired_on=self.companies["acquired_on"].dt.strftime("%Y-%m-%d"))
        user = extra.reindex(columns=TABLE_COLUMNS).astype("str").set_index("company")
        return ManufacturerTable.from_frame(user.combine_first(base).reset_index())


def read_table(path: str | Path) -> pd.DataFrame:
    """A manufacturer table as text columns; a user's table needs ``company`` and ``hq_country`` at least."""
    from .io import InputError

    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").replace("", pd.NA)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: cannot read manufacturer table ({str(error).splitlines()[0]})") from None
    missing = {"company", "hq_country"} - set(table.columns)
    if missing:
        raise InputError(f"{path}: a manufacturer table needs the columns company and hq_country")
    return table


@cache
def bundled_table() -> ManufacturerTable:
    """The table shipped with the project, read once."""
    return ManufacturerTable.from_frame(read_table(reference_path("manufacturers.csv")))


def load_table(extra: str | Path | pd.DataFrame | None = None) -> ManufacturerTable:
    """The bundled table, with a user's own table (file or frame) adding to or overriding it."""
    if extra is None:
        return bundled_table()
    frame = read_table(extra) if isinstance(extra, str | Path) else extra
    return bundled_table().with_overrides(frame)


def resolve(brands: pd.Series, table: ManufacturerTable | None = None) -> pd.DataFrame:
    """The company behind each marked brand: ``company``, ``company_match``, ``reference_country``.

    ``Brand (Owner)`` and ``Brand (Owner1, Owner2)`` forms, as databases write them, are matched on the brand
    first; when only the bracketed owner is known, that owner is taken and ``company_match`` says so.
    Unmatched brands keep ``company`` empty and ``company_match`` = ``not in table``.
    """
    table = table or bundled_table()
    codes, distinct = pd.factorize(brands.astype("str"), use_na_sentinel=True)
    distinct = pd.Series(distinct, dtype="str")
    parts = distinct.str.extract(_BRACKETED).astype("str")
    brand = parts["brand"].fillna(distinct)
    first_owner = parts["owners"].str.extract(r"^\s*([^,]*?)\s*(?:,|$)", expand=False)
    lookup = table.keys.set_index("key")
    by_brand = lookup.reindex(normalise(brand).to_numpy()).reset_index(drop=True)
    by_owner = lookup.reindex(normalise(first_owner).to_numpy()).reset_index(drop=True)
    found, via_owner = by_brand["company"].notna(), by_owner["company"].notna()
    company = by_brand["company"].where(found, by_owner["company"])
    match = by_brand["match"].where(found, MATCHED_OWNER).where(found | via_owner, NOT_IN_TABLE)
    per_brand = pd.DataFrame({"company": company, "company_match": match}, dtype="str")
    per_brand["reference_country"] = per_brand["company"].map(table.companies["hq_country"])
    out = per_brand.reindex(codes).set_axis(brands.index)
    out.loc[codes == -1, "company_match"] = NO_BRAND
    return out


def owner_at(companies: pd.Series, dates: pd.Series, table: ManufacturerTable | None = None) -> pd.Series:
    """Who owned each company on the given day, following acquisition chains.

    An empty date means the owner can't be known for a company that ever changed hands; for one that never
    did, the owner is the company itself whatever the date.
    """
    table = table or bundled_table()
    acquirer, closed = table.companies["acquired_by"], table.companies["acquired_on"]
    # Follow the chains on integer positions in a list of names (numpy takes), not on strings per row.
    text = companies.astype("str")
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    names = pd.Index(table.companies.index, dtype=object)
    names = names.append(pd.Index(acquirer.dropna().unique(), dtype=object)).append(pd.Index(distinct, dtype=object))
    names = names.unique()
    next_of = names.get_indexer(acquirer.reindex(names))
    closed_on = closed.reindex(names).to_numpy(dtype="datetime64[ns]")
    owner = np.append(names.get_indexer(distinct), -1)[codes]  # code -1 (no company) takes the -1 appended
    when = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    no_date = np.isnat(when)
    undetermined = np.zeros(len(owner), dtype=bool)
    for _ in range(len(table.companies)):
        step = np.where(owner >= 0, next_of[owner], -1)
        moves = (step >= 0) & (closed_on[owner] <= when)  # NaT on either side compares False
        undetermined |= (step >= 0) & no_date
        if not moves.any():
            break
        owner = np.where(moves, step, owner)
    result = np.asarray(names, dtype=object).take(np.where(owner >= 0, owner, 0))
    result[(owner < 0) | undetermined] = None
    return pd.Series(result, index=companies.index, dtype="str", name=companies.name)


def unresolved_brands(brands: pd.Series, table: ManufacturerTable | None = None) -> pd.DataFrame:
    """Brands not in the table, most frequent first, so a user knows which rows to add."""
    resolved = resolve(brands, table)
    missing = brands[resolved["company_match"].eq(NOT_IN_TABLE)].str.strip()
    counts = missing.value_counts().rename_axis("manufacturer").reset_index(name="count")
    return counts.sort_values(["count", "manufacturer"], ascending=[False, True], ignore_index=True)
