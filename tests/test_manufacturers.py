"""Brand resolution: exact matches on normalised names, bracketed owners, ownership on a given day."""

import pandas as pd
import pytest
from conftest import ROOT

from analysis.manufacturers import (
    MATCHED_ALIAS,
    MATCHED_LOOSE,
    MATCHED_NAME,
    MATCHED_OWNER,
    NO_BRAND,
    NOT_IN_TABLE,
    normalise,
    owner_at,
    read_tables,
    resolve,
    seat_at,
    unresolved_brands,
)


@pytest.fixture(scope="module")
def table():
    return read_tables(*(ROOT / f"tests/data/{name}_small.csv" for name in ("manufacturers", "ownership", "seats")))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Analog Devices, Inc.", "analogdevices"),
        ("ANALOG DEVICES INC", "analogdevices"),
        ("analog-devices", "analogdevices"),
        ("Infineon Technologies AG", "infineontechnologies"),
        ("Shenzhen Foo Co., Ltd.", "shenzhenfoo"),
        ("Foo Co.,Ltd", "foo"),
        ("STMicroelectronics N.V.", "stmicroelectronics"),
        ("Smith & Sons S.A.", "smithandsons"),
        ("Würth Elektronik GmbH & Co. KG", "wurthelektronik"),
        ("  ", None),
    ],
)
def test_normalise(raw, key):
    result = normalise(pd.Series([raw])).iloc[0]
    assert (result if pd.notna(result) else None) == key


def test_resolve_names_aliases_and_bracketed_owners(table):
    brands = pd.Series(
        ["Analog Devices, Inc.", "LTC", "Linear Technology (Analog Devices)", "Foo (Analog Devices, Maxim)",
         None, "Acme Ltd", "ST"],
        index=[10, 11, 12, 13, 14, 15, 16],
    )  # fmt: skip
    result = resolve(brands, table)
    assert result.index.tolist() == brands.index.tolist()
    assert result["company"].fillna("-").tolist() == [
        "Analog Devices", "Linear Technology", "Linear Technology", "-", "-", "-", "STMicroelectronics",
    ]  # fmt: skip
    assert result["company_match"].tolist() == [
        MATCHED_NAME, MATCHED_ALIAS, MATCHED_NAME, MATCHED_OWNER, NO_BRAND, NOT_IN_TABLE, MATCHED_ALIAS,
    ]  # fmt: skip
    # The brand basis never borrows the bracketed owner's country: Foo is unknown, its stated owner is not.
    assert result["reference_country"].fillna("-").tolist() == ["US", "US", "US", "-", "-", "-", "CH"]
    assert result["stated_owner"].fillna("-").tolist() == ["-", "-", "-", "Analog Devices", "-", "-", "-"]


@pytest.mark.parametrize(
    ("brand", "company", "match"),
    [
        # supplier or importer text a database appends after the brand is cut
        ("Texas Instruments Suppliers JSC CHIP AND DIP", "Texas Instruments", MATCHED_NAME),
        ("Linear Technology (Analog Devices) Foreign suppliers ACME TRADING", "Linear Technology", MATCHED_NAME),
        ("Texas Instruments JSC Involved companies ACME LLC, FOO LLC", "Texas Instruments", MATCHED_NAME),
        # a bracketed Chinese place is dropped, wherever it stands
        ("Shenzhen Widget (Shenzhen) Co., Ltd.", "Shenzhen Widget", MATCHED_NAME),
        # other scripts are transliterated, legal forms before the name removed
        ("ОАО Интеграл", "Integral", MATCHED_NAME),
        ("АО «Морион»", "Morion", MATCHED_NAME),
        ("Peak Еlectronics", "Peak Electronics", MATCHED_NAME),  # a Cyrillic Е among Latin letters
        ("深圳市华为技术有限公司", "Huawei", MATCHED_LOOSE),  # legal form, city and filler in the local script
        ("株式会社村田製作所", "Murata Manufacturing", MATCHED_ALIAS),
        # filler words and Chinese places, as a fallback, when exactly one company is left
        ("MORNSUN Guangzhou Science & Technology Co., Ltd.", "Mornsun", MATCHED_LOOSE),
        ("Cypress Semiconductor Group International", "Cypress Semiconductor", MATCHED_LOOSE),
        ("Shenzhen Widget Electronics", "Shenzhen Widget", MATCHED_LOOSE),
        # two companies share the loose key "acme": no match at all
        ("Acme Group", None, NOT_IN_TABLE),
    ],
)
def test_name_rules(table, brand, company, match):
    extra = pd.DataFrame(
        {
            "company": ["Integral", "Morion", "Peak Electronics", "Huawei", "Murata Manufacturing", "Mornsun",
                        "Shenzhen Widget", "Acme Technology", "Acme Electronics"],
            "aliases": ["Интеграл", pd.NA, pd.NA, "华为", "村田製作所", pd.NA, pd.NA, pd.NA, pd.NA],
            "hq_country": ["BY", "RU", "DE", "CN", "JP", "CN", "CN", "US", "GB"],
        }
    )  # fmt: skip
    result = resolve(pd.Series([brand]), table.with_overrides(extra)).iloc[0]
    assert (None if pd.isna(result["company"]) else result["company"], result["company_match"]) == (company, match)


def test_no_similarity_guessing(table):
    result = resolve(pd.Series(["Analog Device", "Infinion"]), table)
    assert result["company"].isna().all()


@pytest.mark.parametrize(
    ("company", "made", "owner"),
    [
        ("Cypress Semiconductor", "2020-04-15", "Cypress Semiconductor"),
        ("Cypress Semiconductor", "2021-06-01", "Infineon Technologies"),
        ("Spansion", "2014-01-01", "Spansion"),
        ("Spansion", "2016-01-01", "Cypress Semiconductor"),
        ("Spansion", "2022-01-01", "Infineon Technologies"),
        ("Linear Technology", "2017-03-10", "Analog Devices"),
        ("Analog Devices", None, "Analog Devices"),
        ("Linear Technology", None, None),
        ("Cinterion", "2009-12-31", "Cinterion"),
        ("Cinterion", "2015-06-01", "Gemalto"),
        ("Cinterion", "2020-06-01", "Thales"),
        ("Cinterion", "2023-01-01", "Telit"),
    ],
)
def test_owner_on_the_day_made(table, company, made, owner):
    result = owner_at(pd.Series([company]), pd.Series(pd.to_datetime([made])), table).iloc[0]
    assert (None if pd.isna(result) else result) == owner


def test_owner_follows_rows_and_days_independently(table):
    companies = pd.Series(["Spansion", "Spansion", None, "Cinterion", "Spansion"], index=[5, 4, 3, 2, 1])
    days = pd.Series(pd.to_datetime(["2014-01-01", "2022-01-01", "2022-01-01", "2022-01-01", "2014-01-01"]))
    result = owner_at(companies, days.set_axis(companies.index), table)
    assert result.index.tolist() == [5, 4, 3, 2, 1]
    assert result.fillna("-").tolist() == ["Spansion", "Infineon Technologies", "-", "Thales", "Spansion"]


@pytest.mark.parametrize(
    ("company", "made", "seat"),
    [
        ("TE Connectivity", "2024-09-29", "CH"),
        ("TE Connectivity", "2024-09-30", "IE"),
        ("TE Connectivity", None, "IE"),
        ("Cinterion", "2015-06-01", "DE"),
        ("Nobody", "2015-06-01", None),
    ],
)
def test_seat_on_the_day_made(table, company, made, seat):
    result = seat_at(pd.Series([company]), pd.Series(pd.to_datetime([made])), table).iloc[0]
    assert (None if pd.isna(result) else result) == seat


def test_users_table_adds_and_overrides(table):
    extra = pd.DataFrame(
        {"company": ["Acme", "STMicroelectronics"], "aliases": ["ACM", pd.NA], "hq_country": ["FR", "NL"]}
    )
    merged = table.with_overrides(extra)
    result = resolve(pd.Series(["Acme Ltd", "ACM", "ST", "STMicroelectronics"]), merged)
    assert result["company"].tolist() == ["Acme", "Acme", "STMicroelectronics", "STMicroelectronics"]
    assert result["reference_country"].tolist() == ["FR", "FR", "NL", "NL"]


def test_unresolved_brands_by_frequency(table):
    brands = pd.Series(["Acme", "Zeta", "Acme", "ADI", None, "Zeta", "Acme"])
    stated = pd.Series(["FR", pd.NA, "FR", "US", pd.NA, pd.NA, "DE"])
    result = unresolved_brands(brands, table, stated=stated)
    assert result[["manufacturer", "count"]].to_dict("records") == [
        {"manufacturer": "Acme", "count": 3},
        {"manufacturer": "Zeta", "count": 2},
    ]
    assert result["stated_country"].fillna("-").tolist() == ["FR", "-"]
    # suggestions only: the closest name comes first, with its score, and nothing is matched by it
    assert result.loc[0, "suggestions"].count(";") == 2 and result["suggestions"].str.match(r"\S.* \d+").all()
