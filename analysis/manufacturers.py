"""From the brand marked on a part to the company behind it, its seat, and its owner, on the day it was made.

Three reference tables, read through :mod:`analysis.resources`: ``manufacturers.csv`` has one row per company
(canonical name, ``|``-separated aliases, today's seat ``hq_country``); ``ownership.csv`` one row per period in
which a company was owned by another (``owner``, ``from``, ``to``); ``seats.csv`` one row per period of a seat
that moved. Owners of owners follow from their own periods on the same day. Brands are matched exactly on a
normalised key (case, punctuation and legal suffixes removed), never by similarity; the work is done once per
distinct brand, or per distinct company and day, and joined back, so its cost does not grow with rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .resources import reference_path

TABLE_COLUMNS = ["company", "aliases", "hq_country", "other_seat", "source", "notes"]
OWNERSHIP_COLUMNS = ["company", "owner", "from", "to", "source", "notes"]
SEAT_COLUMNS = ["company", "hq_country", "from", "to", "source", "notes"]
LEGAL_SUFFIXES = (
    "inc incorporated corp corporation co coltd company ltd limited llc plc gmbh mbh ag kg sa sas spa srl nv bv "
    "kk ab asa oy oyj as pte pty bhd se llp lp jsc ojsc cjsc pjsc"
).split()
_SUFFIX_RUN = r"(?:\s+(?:" + "|".join(LEGAL_SUFFIXES) + r"))(?:\s+(?:and|" + "|".join(LEGAL_SUFFIXES) + r"))*$"
#: Russian, Ukrainian and Belarusian legal forms, written before the name (``ОАО Интеграл``, ``JSC Foo``).
LEGAL_PREFIXES = "oao zao ooo pao ao tov pat prat ojsc cjsc pjsc jsc".split()
_PREFIX_RUN = r"^(?:(?:" + "|".join(LEGAL_PREFIXES) + r")\s+)+(?=\S)"
#: Chinese, Japanese and Korean legal forms, removed in the local script before transliteration.
CJK_LEGAL_FORMS = "股份有限公司 有限责任公司 有限責任公司 有限公司 株式会社 有限会社 주식회사 (주) ㈜ 公司".split()
#: Words a database adds to or drops from a name; removed only when the full name matches nothing (fallback).
FILLER_WORDS = (
    "and international intl group holding holdings science sci technology technologies tech electronics electronic "
    "electron industry industries industrial corporation enterprise"
).split()
#: Chinese places a name starts with or a database adds (``Shenzhen Foo``, ``Foo (Shanghai) Co.``): fallback only.
CHINESE_PLACES = (
    "beijing shanghai shenzhen guangzhou hangzhou nanjing suzhou wuxi xiamen chengdu wuhan xian tianjin chongqing "
    "dongguan ningbo hefei changsha jinan qingdao zhuhai foshan zhongshan huizhou changzhou shaoxing wenzhou fuzhou "
    "kunshan jiaxing jiashan jingzhou guangdong jiangsu zhejiang hunan hubei sichuan shandong fujian anhui henan "
    "hebei shaanxi jiangxi liaoning hongkong hong kong china"
).split()
_CJK_FILLERS = (
    "深圳 上海 北京 广州 杭州 南京 苏州 无锡 厦门 成都 武汉 西安 "
    "天津 重庆 东莞 宁波 合肥 市 科技 技术 電子 电子 集团 集團 股份 实业 實業 国际"
).split()
#: Text a database appends after the brand: the supplier, importer or other company involved.
_SUPPLIER_TEXT = r"(?i)\s+(?:foreign\s+)?(?:suppliers?|importers?|distributors?|involved\s+companies)\b.*$"
_BRACKETED = r"^\s*(?P<brand>[^()]*?)\s*\((?P<owners>[^()]*)\)\s*$"

#: How a brand was matched, in the ``company_match`` column.
MATCHED_NAME, MATCHED_ALIAS, MATCHED_LOOSE = "name", "alias", "name without filler words"
MATCHED_OWNER, NOT_IN_TABLE, NO_BRAND = "bracketed owner", "not in table", "no brand"


def _words(names: pd.Series, *, loose: bool = False) -> pd.Series:
    """Names as lower-case ASCII words without punctuation or legal forms; ``loose`` also drops fillers and places."""
    from anyascii import anyascii

    text = names.astype("str").str.replace("|".join(map(re.escape, CJK_LEGAL_FORMS)), " ", regex=True)
    if loose:
        text = text.str.replace("|".join(_CJK_FILLERS), " ", regex=True)
    foreign = text.str.contains(r"[^\x00-\x7f]", na=False)
    text = text.mask(foreign, text[foreign].map(anyascii, na_action="ignore"))
    text = text.str.casefold().str.replace("&", " and ", regex=False)
    text = text.str.replace(r"[.']", "", regex=True).str.replace(r"[^\w]+|_", " ", regex=True).str.strip()
    text = text.str.replace(_PREFIX_RUN, "", regex=True).str.replace(_SUFFIX_RUN, "", regex=True)
    if loose:
        dropped = r"\b(?:" + "|".join(FILLER_WORDS + CHINESE_PLACES) + r")\b"
        text = text.str.replace(dropped, " ", regex=True).str.replace(_SUFFIX_RUN, "", regex=True)
    return text


def normalise(names: pd.Series, *, loose: bool = False) -> pd.Series:
    """The key brands are matched on: transliterated, case-folded, ``&`` as ``and``, punctuation and legal forms gone.

    ``"Analog Devices, Inc."``, ``"ANALOG DEVICES INC"`` and ``"analog-devices"`` all give ``"analogdevices"``;
    other scripts are transliterated (``"ОАО Интеграл"`` gives ``"integral"``, ``"Würth"`` and ``"Wurth"`` meet).
    ``loose`` also drops filler words and Chinese places, for the fallback match (see :func:`resolve`).
    """
    return _words(names, loose=loose).str.replace(r"\s+", "", regex=True).replace("", pd.NA)


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
    loose_keys: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))  # loose key -> its only company
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
        names = pd.concat([names, aliases[["alias", "company", "match"]]], ignore_index=True)
        loose = names.assign(key=normalise(names["alias"], loose=True)).dropna(subset=["key"])
        loose = loose.drop_duplicates(["key", "company"]).drop_duplicates("key", keep=False)  # unique keys only
        return cls(
            companies=table.set_index("company"),
            keys=keys.reset_index(drop=True),
            loose_keys=loose.set_index("key")["company"],
            owners=_periods(ownership, OWNERSHIP_COLUMNS),
            seats=_periods(seats, SEAT_COLUMNS),
        )

    def with_overrides(self, extra: pd.DataFrame, where: str = "your manufacturer table") -> ManufacturerTable:
        """This table with a user's rows added; a user's non-empty values replace the bundled ones, field by field.

        A user's table may state owners in the columns :data:`USER_OWNER_COLUMNS` (one period per row; empty
        days are open): a company with an owner there has those periods instead of the bundled ones.
        """
        user = _checked_user_table(extra.reindex(columns=TABLE_COLUMNS).astype("str"), where).set_index("company")
        companies = user.combine_first(self.companies).reset_index()
        owners = _as_text(self.owners)
        if "owner" in extra:
            stated = _user_periods(extra, set(companies["company"]), where)
            owners = pd.concat([owners[~owners["company"].isin(stated["company"])], stated], ignore_index=True)
        return ManufacturerTable.from_frame(companies, owners, _as_text(self.seats))


def _checked_user_table(rows: pd.DataFrame, where: str) -> pd.DataFrame:
    """A user's company rows, checked as the bundled table is: a company named once (several rows only to state
    several owner periods, with the same values otherwise) and ISO 3166-1 alpha-2 countries; one row each."""
    from .schema import iso_alpha2

    line = rows.index.to_series() + 2  # the header is line 1
    unnamed = rows["company"].isna()
    if unnamed.any():
        raise InputError(f"{where}: line {line[unnamed.idxmax()]}, column company: empty (expected a company name)")
    bad = rows["hq_country"].notna() & ~rows["hq_country"].isin(iso_alpha2())
    if bad.any():
        first = bad.idxmax()
        raise InputError(
            f"{where}: line {line[first]}, column hq_country: {rows.loc[first, 'hq_country']!r} "
            "(expected an ISO 3166-1 alpha-2 country code such as US, DE, CN)"
        )
    distinct = rows.drop_duplicates()
    twice = distinct["company"].duplicated(keep=False)
    if twice.any():
        company = distinct.loc[twice.idxmax(), "company"]
        lines = ", ".join(map(str, line[rows["company"] == company]))
        raise InputError(
            f"{where}: company {company!r} is on lines {lines} with different values; give it one row "
            "(several rows only to state several owners, the other columns alike)"
        )
    return distinct


#: Optional columns of a user's manufacturer table that state an owner: ``owner`` from ``owner_from`` to ``owner_to``.
USER_OWNER_COLUMNS = ["owner", "owner_from", "owner_to"]


def _user_periods(extra: pd.DataFrame, companies: set[str], where: str) -> pd.DataFrame:
    """The ownership periods a user's table states, checked: a known owner and days as ``YYYY-MM-DD``."""

    rows = extra.reindex(columns=["company", *USER_OWNER_COLUMNS]).astype("str").dropna(subset=["owner"])
    line = rows.index.to_series() + 2  # the header is line 1
    unknown = ~rows["owner"].isin(companies)
    if unknown.any():
        first = unknown.idxmax()
        raise InputError(
            f"{where}: line {line[first]}, column owner: {rows.loc[first, 'owner']!r} is not a company of the "
            "manufacturer table (expected a company name; add a row for it)"
        )
    for column in ("owner_from", "owner_to"):
        days = pd.to_datetime(rows[column], format="%Y-%m-%d", errors="coerce")
        bad = rows[column].notna() & days.isna()
        if bad.any():
            first = bad.idxmax()
            raise InputError(
                f"{where}: line {line[first]}, column {column}: {rows.loc[first, column]!r} "
                "(expected a day as YYYY-MM-DD, or empty)"
            )
    return rows.rename(columns={"owner_from": "from", "owner_to": "to"})[["company", "owner", "from", "to"]]


def _as_text(periods: pd.DataFrame) -> pd.DataFrame:
    """Periods with their days written back as ``YYYY-MM-DD``, as the tables hold them."""
    return periods.assign(**{end: periods[end].dt.strftime("%Y-%m-%d") for end in ("from", "to")})


def read_table(path: str | Path, required: tuple[str, ...] = ("company", "hq_country")) -> pd.DataFrame:
    """A reference table as text columns; a user's manufacturer table needs ``company`` and ``hq_country``."""

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
    return bundled_table().with_overrides(frame, str(extra) if isinstance(extra, str | Path) else "your table")


def resolve(brands: pd.Series, table: ManufacturerTable | None = None) -> pd.DataFrame:
    """The company behind each marked brand: ``company``, ``company_match``, ``reference_country`` (today's seat)
    and ``stated_owner``.

    Rules, in order (each documented in datasets/README.md): supplier or importer text after the brand is cut;
    a bracketed place (``Foo (Shanghai) Co.``) is dropped; a ``Brand (Owner)`` or ``Brand (Owner1, Owner2)``
    form is split. The brand is matched on its key (:func:`normalise`), else on its loose key (filler words and
    Chinese places dropped) if exactly one company has that loose key. A brand that still matches nothing keeps
    ``company`` empty: ``company_match`` is ``bracketed owner`` when the first bracketed owner is known (that
    company is ``stated_owner``; the brand basis never borrows its country) and ``not in table`` otherwise.
    """
    codes, per_brand = resolve_distinct(brands, table)
    return per_brand.take(codes).set_axis(brands.index)


def resolve_distinct(brands: pd.Series, table: ManufacturerTable | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """:func:`resolve` once per distinct brand: each row's position in the frame of distinct brands (its last
    row is that of every part without a brand), for steps that work per brand and spread only what they keep."""
    table = table or bundled_table()
    codes, distinct = pd.factorize(brands.astype("str"), use_na_sentinel=True)
    brand, first_owner = split_brand(pd.Series(distinct, dtype="str"))
    by_brand, brand_match = _lookup(brand, table)
    by_owner, _ = _lookup(first_owner, table)
    match = brand_match.where(by_brand.notna(), MATCHED_OWNER).where(by_brand.notna() | by_owner.notna(), NOT_IN_TABLE)
    per_brand = pd.DataFrame(
        {"company": by_brand, "company_match": match, "stated_owner": by_owner.where(by_brand.isna())}, dtype="str"
    )
    per_brand["reference_country"] = per_brand["company"].map(table.companies["hq_country"])
    unmarked = pd.DataFrame({"company_match": [NO_BRAND]}, dtype="str")  # the row of every part without a brand
    per_brand = pd.concat([per_brand, unmarked], ignore_index=True)
    out = per_brand[["company", "company_match", "reference_country", "stated_owner"]]
    return np.where(codes < 0, len(per_brand) - 1, codes), out


def split_brand(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The brand and the first bracketed owner of each name as a database writes it (see :func:`resolve`)."""
    text = names.astype("str").str.replace(_SUPPLIER_TEXT, "", regex=True)
    text = text.str.replace(r"(?i)\s*\((?:" + "|".join(CHINESE_PLACES) + r")\)", "", regex=True)
    parts = text.str.extract(_BRACKETED).astype("str")
    first_owner = parts["owners"].str.extract(r"^\s*(.*?)\s*(?:,|\s-\s|$)", expand=False)
    return parts["brand"].fillna(text).str.strip(), first_owner


def _lookup(names: pd.Series, table: ManufacturerTable) -> tuple[pd.Series, pd.Series]:
    """The company of each name and how it matched: its key, else its loose key when that is unique."""
    exact = table.keys.set_index("key").reindex(normalise(names).to_numpy()).reset_index(drop=True)
    loose = table.loose_keys.reindex(normalise(names, loose=True).to_numpy()).reset_index(drop=True)
    company = exact["company"].fillna(loose)
    return company.astype("str"), exact["match"].where(exact["company"].notna(), MATCHED_LOOSE).astype("str")


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


#: Where a file states a brand's country, the first present: a database layout's ``file_country``, else the
#: file's own ``hq_country`` (before enrichment puts the table's there).
STATED_COUNTRY_COLUMNS = ("file_country", "hq_country")


def stated_country_column(frame: pd.DataFrame) -> str | None:
    """The column of :data:`STATED_COUNTRY_COLUMNS` that ``frame`` (as read) has first; None if neither."""
    return next((name for name in STATED_COUNTRY_COLUMNS if name in frame), None)


def stated_countries(frame: pd.DataFrame) -> pd.Series:
    """The country a file states for each row's brand (see :func:`stated_country_column`); NA if it states none."""
    column = stated_country_column(frame)
    return frame[column] if column else pd.Series(pd.NA, index=frame.index)


def unresolved_brands(
    brands: pd.Series,
    table: ManufacturerTable | None = None,
    *,
    stated: pd.Series | None = None,
    suggestions: int = 3,
) -> pd.DataFrame:
    """Brands the table does not know, most frequent first, so a user knows which rows to add.

    Columns: ``manufacturer``, ``count``, ``brand`` (as a table row would name it), ``stated_country`` (the
    country ``stated`` gives most often for it), ``stated_owner`` (a known owner in brackets) and
    ``suggestions``: up to ``suggestions`` closest table names with a similarity score (rapidfuzz WRatio,
    0-100), for a person to check; attribution
    never uses them.
    """
    table = table or bundled_table()
    resolved = resolve(brands, table)
    unknown = resolved["company_match"].isin([NOT_IN_TABLE, MATCHED_OWNER])
    rows = pd.DataFrame(
        {
            "manufacturer": brands[unknown].str.strip(),
            "brand": split_brand(brands[unknown])[0],
            "stated_country": (stated if stated is not None else pd.Series(pd.NA, index=brands.index))[unknown],
            "stated_owner": resolved.loc[unknown, "stated_owner"],
        }
    )
    counts = rows.groupby("manufacturer").agg(
        count=("manufacturer", "size"),
        brand=("brand", "first"),
        stated_country=("stated_country", lambda c: c.mode().iloc[0] if c.notna().any() else pd.NA),
        stated_owner=("stated_owner", "first"),
    )
    counts = counts.reset_index().sort_values(["count", "manufacturer"], ascending=[False, True], ignore_index=True)
    return counts.assign(suggestions=_suggestions(counts["manufacturer"], table, suggestions))


def _suggestions(names: pd.Series, table: ManufacturerTable, limit: int) -> pd.Series:
    """The closest table names to each name, as ``Company 91`` (alias in brackets when that matched), ``; ``-joined."""
    from rapidfuzz import fuzz, process, utils

    choices = pd.concat(
        [
            pd.DataFrame({"alias": table.companies.index, "company": table.companies.index}),
            table.companies["aliases"]
            .str.split("|")
            .explode()
            .dropna()
            .rename("alias")
            .rename_axis("company")
            .reset_index(),
        ],
        ignore_index=True,
    )
    keys = _words(choices["alias"])
    choices = choices[keys.str.len().ge(4).to_numpy()].reset_index(drop=True)  # "TE" or "ON" would match anything
    keys = keys[keys.str.len().ge(4)].tolist()
    out = []
    for name in _words(names):
        best: dict[str, str] = {}
        for _, score, index in process.extract(
            name, keys, scorer=fuzz.WRatio, processor=utils.default_process, limit=3 * limit
        ):
            company, alias = choices.loc[index, "company"], choices.loc[index, "alias"]
            if company not in best and len(best) < limit:
                best[company] = f"{company}{'' if alias == company else f' ({alias})'} {score:.0f}"
        out.append("; ".join(best.values()))
    return pd.Series(out, index=names.index, dtype="str")


def template(listing: pd.DataFrame, source: str) -> pd.DataFrame:
    """The unknown brands of :func:`unresolved_brands` as a manufacturer table for a user to complete.

    ``hq_country`` is pre-filled with the country the file states, and ``notes`` says so: it is the database's
    claim, to check against a primary source before the row is used (``source`` is left empty for that).
    """
    rows = listing.groupby("brand", sort=False).agg(
        stated=("stated_country", lambda c: c.mode().iloc[0] if c.notna().any() else ""),
        owner=("stated_owner", lambda o: o.dropna().iloc[0] if o.notna().any() else ""),
    )
    notes = f"hq_country pre-filled from the country stated in {source}: check it and give a source"
    return pd.DataFrame(
        {
            "company": rows.index,
            "aliases": "",
            "hq_country": rows["stated"].to_numpy(),
            "other_seat": "",
            "source": "",
            "notes": np.where(rows["stated"].ne(""), notes, ""),
            "owner": rows["owner"].to_numpy(),
            "owner_from": "",
            "owner_to": "",
        }
    )
