"""From the brand marked on a part to the company behind it, its seat, and its owner, on the day it was made.

Three reference tables, read through :mod:`analysis.resources`: ``manufacturers.csv`` has one row per company
(canonical name, ``|``-separated aliases, today's seat ``hq_country``); ``ownership.csv`` one row per period in
which a company was owned by another (``owner``, ``from``, ``to``); ``seats.csv`` one row per period of a seat
that moved. Owners of owners follow from their own periods on the same day. Brands are matched exactly on a
normalised key (case, punctuation and legal suffixes removed), never by similarity; the work is done once per
distinct brand, or per distinct company and day, and joined back, so its cost does not grow with rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .resources import reference_path

TABLE_COLUMNS = ["company", "aliases", "hq_country", "other_seat", "source", "notes"]
OWNERSHIP_COLUMNS = ["company", "owner", "from", "to", "source", "notes"]
SEAT_COLUMNS = ["company", "hq_country", "from", "to", "source", "notes"]
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


def _periods(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """Periods as ``company``, value, ``from``, ``to`` (days; an empty end is open)."""
    frame = (frame if frame is not None else pd.DataFrame()).reindex(columns=columns).astype("str")
    return frame.assign(
        **{end: pd.to_datetime(frame[end], format="%Y-%m-%d", errors="coerce") for end in ("from", "to")}
    )[columns[:4]]


@dataclass(frozen=True)
class ManufacturerTable:
    """The companies (indexed by canonical name), the key -> company lookup, ownership and seat periods."""

    companies: pd.DataFrame
    keys: pd.DataFrame  # columns: key, company, match
    owners: pd.DataFrame = field(default_factory=lambda: _periods(None, OWNERSHIP_COLUMNS))
    seats: pd.DataFrame = field(default_factory=lambda: _periods(None, SEAT_COLUMNS))

    @classmethod
    def from_frame(
        cls, table: pd.DataFrame, ownership: pd.DataFrame | None = None, seats: pd.DataFrame | None = None
    ) -> ManufacturerTable:
        table = table.reindex(columns=TABLE_COLUMNS).astype("str")
        table = table.assign(hq_country=table["hq_country"].str.strip().str.upper())
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
        return cls(
            companies=table.set_index("company"),
            keys=keys.reset_index(drop=True),
            owners=_periods(ownership, OWNERSHIP_COLUMNS),
            seats=_periods(seats, SEAT_COLUMNS),
        )

    def with_overrides(self, extra: pd.DataFrame) -> ManufacturerTable:
        """This table with a user's rows added; a user's non-empty values replace the bundled ones, field by field."""
        user = extra.reindex(columns=TABLE_COLUMNS).astype("str").set_index("company")
        companies = user.combine_first(self.companies).reset_index()
        return ManufacturerTable.from_frame(companies, _as_text(self.owners), _as_text(self.seats))


def _as_text(periods: pd.DataFrame) -> pd.DataFrame:
    """Periods with their days written back as ``YYYY-MM-DD``, as the tables hold them."""
    return periods.assign(**{end: periods[end].dt.strftime("%Y-%m-%d") for end in ("from", "to")})


def read_table(path: str | Path, required: tuple[str, ...] = ("company", "hq_country")) -> pd.DataFrame:
    """A reference table as text columns; a user's manufacturer table needs ``company`` and ``hq_country``."""
    from .io import InputError

    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").replace("", pd.NA)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: cannot read the table ({str(error).splitlines()[0]})") from None
    missing = [column for column in required if column not in table.columns]
    if missing:
        raise InputError(f"{path}: the table needs the columns {', '.join(required)}")
    return table


def read_tables(manufacturers: str | Path, ownership: str | Path, seats: str | Path) -> ManufacturerTable:
    """A manufacturer table with its ownership and seat periods, from their three CSV files."""
    return ManufacturerTable.from_frame(
        read_table(manufacturers),
        read_table(ownership, ("company", "owner", "from", "to")),
        read_table(seats, ("company", "hq_country", "from", "to")),
    )


@cache
def bundled_table() -> ManufacturerTable:
    """The tables shipped with the project, read once."""
    return read_tables(*(reference_path(name) for name in ("manufacturers", "ownership", "seats")))


def load_table(extra: str | Path | pd.DataFrame | None = None) -> ManufacturerTable:
    """The bundled table, with a user's own table (file or frame) adding to or overriding it."""
    if extra is None:
        return bundled_table()
    frame = read_table(extra) if isinstance(extra, str | Path) else extra
    return bundled_table().with_overrides(frame)


def resolve(brands: pd.Series, table: ManufacturerTable | None = None) -> pd.DataFrame:
    """The company behind each marked brand: ``company``, ``company_match``, ``reference_country`` (today's seat).

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


def _day_codes(companies: pd.Series, dates: pd.Series) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """Each row's code among the distinct (company, day) pairs, and those pairs: the work is done per pair."""
    names, distinct = pd.factorize(companies.astype("str"), use_na_sentinel=True)
    when = pd.Series(pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]"))
    days, _ = pd.factorize(when, use_na_sentinel=True)
    codes, _ = pd.factorize((names.astype("int64") + 1) * (len(when) + 1) + days + 1)
    first = np.unique(codes, return_index=True)[1]
    company = pd.Series(np.append(np.asarray(distinct, dtype=object), None)[names[first]], dtype="str")
    return codes, company, when.iloc[first].reset_index(drop=True)


def _in_period(periods: pd.DataFrame, value: str, company: pd.Series, day: pd.Series) -> pd.Series:
    """The period's ``value`` for each (company, day), where a period of that company holds the day."""
    pairs = pd.DataFrame({"company": company, "day": day, "pair": np.arange(len(company))})
    merged = pairs.dropna(subset=["company"]).merge(periods, on="company")
    holds = (merged["from"].isna() | (merged["from"] <= merged["day"])) & (
        merged["to"].isna() | (merged["day"] < merged["to"])
    )
    hit = merged[holds & merged["day"].notna()].drop_duplicates("pair")
    return pd.Series(hit[value].to_numpy(), index=hit["pair"].to_numpy(), dtype="str").reindex(pairs["pair"])


def seat_at(companies: pd.Series, dates: pd.Series, table: ManufacturerTable | None = None) -> pd.Series:
    """Each company's seat on the given day: the seat period holding the day, else (and undated) today's seat."""
    table = table or bundled_table()
    codes, company, day = _day_codes(companies, dates)
    seat = _in_period(table.seats, "hq_country", company, day)
    seat = seat.fillna(company.map(table.companies["hq_country"]).set_axis(seat.index))
    return pd.Series(seat.to_numpy()[codes], index=companies.index, dtype="str", name=companies.name)


def owner_at(companies: pd.Series, dates: pd.Series, table: ManufacturerTable | None = None) -> pd.Series:
    """Who owned each company on the given day, following owners of owners on the same day.

    An empty date means the owner can't be known for a company that ever changed hands; for one that never
    did, the owner is the company itself whatever the date.
    """
    table = table or bundled_table()
    codes, owner, day = _day_codes(companies, dates)
    owned = set(table.owners["company"])
    undetermined = pd.Series(False, index=owner.index)
    for _ in range(len(owned) + 1):
        undetermined |= day.isna() & owner.isin(owned)
        step = _in_period(table.owners, "owner", owner.where(~undetermined), day).set_axis(owner.index)
        if step.isna().all():
            break
        owner = step.fillna(owner)
    result = owner.where(~undetermined & owner.notna())
    return pd.Series(result.to_numpy()[codes], index=companies.index, dtype="str", name=companies.name)


def unresolved_brands(brands: pd.Series, table: ManufacturerTable | None = None) -> pd.DataFrame:
    """Brands not in the table, most frequent first, so a user knows which rows to add."""
    resolved = resolve(brands, table)
    missing = brands[resolved["company_match"].eq(NOT_IN_TABLE)].str.strip()
    counts = missing.value_counts().rename_axis("manufacturer").reset_index(name="count")
    return counts.sort_values(["count", "manufacturer"], ascending=[False, True], ignore_index=True)
