"""Checks of the manufacturer reference table (datasets/reference/manufacturers.csv, as the package reads it)."""

import re
from datetime import date

import pandas as pd
import pycountry
import pytest

from analysis.manufacturers import normalise
from analysis.resources import read_reference

COLUMNS = [
    "company",
    "aliases",
    "hq_country",
    "other_seat",
    "acquired_by",
    "acquired_on",
    "source",
    "notes",
]


def _key(name: str) -> str:
    """The key brands are matched on, as the resolver builds it."""
    key = normalise(pd.Series([name])).iloc[0]
    return "" if pd.isna(key) else key


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    # Empty cells as "" and no byte-order mark: the file as written, not as the resolver cleans it.
    return read_reference("manufacturers.csv", na_values=None, encoding="utf-8")


@pytest.fixture(scope="module")
def by_company(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("company")


def test_row_count(table: pd.DataFrame) -> None:
    assert len(table) >= 400


def test_header(table: pd.DataFrame) -> None:
    assert list(table.columns) == COLUMNS


def test_company_unique_and_non_empty(table: pd.DataFrame) -> None:
    assert (table["company"].str.strip() != "").all()
    duplicated = table.loc[table["company"].duplicated(), "company"].tolist()
    assert duplicated == []


def test_names_and_aliases_unique_after_normalisation(table: pd.DataFrame) -> None:
    owner_of: dict[str, str] = {}
    clashes = []
    for company, aliases in zip(table["company"], table["aliases"], strict=True):
        names = [company] + [a for a in aliases.split("|") if a != ""]
        for name in names:
            key = _key(name)
            assert key, f"{name!r} ({company}) has no letters or digits"
            if key in owner_of:
                clashes.append((name, owner_of[key], company))
            owner_of[key] = company
    assert clashes == []


def test_aliases_well_formed(table: pd.DataFrame) -> None:
    for company, aliases in zip(table["company"], table["aliases"], strict=True):
        if aliases == "":
            continue
        for alias in aliases.split("|"):
            assert alias == alias.strip() and alias != "", f"bad alias in {company}: {aliases!r}"


def test_hq_country_is_alpha2(table: pd.DataFrame) -> None:
    bad = [
        (company, code)
        for company, code in zip(table["company"], table["hq_country"], strict=True)
        if len(code) != 2 or not code.isupper() or pycountry.countries.get(alpha_2=code) is None
    ]
    assert bad == []


def test_acquirer_is_a_company_with_a_date(table: pd.DataFrame) -> None:
    companies = set(table["company"])
    for row in table.itertuples(index=False):
        if row.acquired_by == "":
            assert row.acquired_on == "", f"{row.company}: date without acquirer"
            continue
        assert row.acquired_by in companies, f"{row.company}: unknown acquirer {row.acquired_by}"
        assert row.acquired_by != row.company, f"{row.company} acquires itself"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.acquired_on), row.company
        date.fromisoformat(row.acquired_on)


def test_no_ownership_cycle(table: pd.DataFrame) -> None:
    owner = dict(zip(table["company"], table["acquired_by"], strict=True))
    for company in owner:
        seen = {company}
        current = owner[company]
        while current:
            assert current not in seen, f"ownership cycle through {company}"
            seen.add(current)
            current = owner.get(current, "")


def test_every_row_has_a_source(table: pd.DataFrame) -> None:
    assert (table["source"].str.strip() != "").all()


OWNERSHIP_CHANGES = [
    ("Linear Technology", "Analog Devices", "2017-03"),
    ("Maxim Integrated", "Analog Devices", "2021-08"),
    ("Hittite Microwave", "Analog Devices", "2014-07"),
    ("Atmel", "Microchip Technology", "2016-04"),
    ("Microsemi", "Microchip Technology", "2018-05"),
    ("Micrel", "Microchip Technology", "2015-08"),
    ("Standard Microsystems", "Microchip Technology", "2012-08"),
    ("Xilinx", "AMD", "2022-02"),
    ("Altera", "Intel", "2015-12"),
    ("Cypress Semiconductor", "Infineon Technologies", "2020-04"),
    ("Spansion", "Cypress Semiconductor", "2015-03"),
    ("International Rectifier", "Infineon Technologies", "2015-01"),
    ("National Semiconductor", "Texas Instruments", "2011-09"),
    ("Burr-Brown", "Texas Instruments", "2000-08"),
    ("Fairchild Semiconductor", "onsemi", "2016-09"),
    ("Freescale Semiconductor", "NXP Semiconductors", "2015-12"),
    ("Intersil", "Renesas Electronics", "2017-02"),
    ("Integrated Device Technology", "Renesas Electronics", "2019-03"),
    ("Dialog Semiconductor", "Renesas Electronics", "2021-08"),
    ("AVX", "Kyocera", "2020-03"),
    ("KEMET", "Yageo", "2020-06"),
    ("LSI", "Broadcom", "2014-05"),
    ("RF Micro Devices", "Qorvo", "2015-01"),
    ("TriQuint Semiconductor", "Qorvo", "2015-01"),
    ("InvenSense", "TDK", "2017-05"),
    ("Molex", "Koch Industries", "2013-12"),
]


@pytest.mark.parametrize(("company", "acquirer", "year_month"), OWNERSHIP_CHANGES)
def test_ownership_change(by_company: pd.DataFrame, company: str, acquirer: str, year_month: str) -> None:
    row = by_company.loc[company]
    assert row["acquired_by"] == acquirer
    assert row["acquired_on"][:7] == year_month


def test_nexperia_owned_by_wingtech_since_2019(by_company: pd.DataFrame) -> None:
    row = by_company.loc["Nexperia"]
    assert row["hq_country"] == "NL"
    assert row["acquired_by"] == "Wingtech"
    assert row["acquired_on"].startswith("2019-")
    assert by_company.loc["Wingtech", "hq_country"] == "CN"


def test_acquisition_chain_spansion_cypress_infineon(by_company: pd.DataFrame) -> None:
    chain = ["Spansion"]
    while by_company.loc[chain[-1], "acquired_by"]:
        chain.append(by_company.loc[chain[-1], "acquired_by"])
    assert chain == ["Spansion", "Cypress Semiconductor", "Infineon Technologies"]


HQ_COUNTRIES = [
    ("STMicroelectronics", "CH"),
    ("NXP Semiconductors", "NL"),
    ("Nexperia", "NL"),
    ("Infineon Technologies", "DE"),
    ("Renesas Electronics", "JP"),
    ("TE Connectivity", "CH"),
    ("u-blox", "CH"),
    ("Melexis", "BE"),
    ("Nordic Semiconductor", "NO"),
    ("ams OSRAM", "AT"),
    ("Murata Manufacturing", "JP"),
    ("Yageo", "TW"),
    ("GigaDevice", "CN"),
    ("Analog Devices", "US"),
    ("Microchip Technology", "US"),
    ("Broadcom", "US"),
    ("Texas Instruments", "US"),
    ("Espressif Systems", "CN"),
]


@pytest.mark.parametrize(("company", "country"), HQ_COUNTRIES)
def test_hq_country_of_well_known_companies(by_company: pd.DataFrame, company: str, country: str) -> None:
    assert by_company.loc[company, "hq_country"] == country


@pytest.mark.parametrize(
    ("alias", "company"),
    [
        ("ADI", "Analog Devices"),
        ("TI", "Texas Instruments"),
        ("ST", "STMicroelectronics"),
        ("ON Semiconductor", "onsemi"),
        ("Avago", "Broadcom"),
        ("WCH", "Nanjing Qinheng Microelectronics"),
        ("ISSI", "Integrated Silicon Solution"),
    ],
)
def test_well_known_aliases(table: pd.DataFrame, alias: str, company: str) -> None:
    matches = table.loc[
        table["aliases"].map(lambda s: _key(alias) in {_key(a) for a in s.split("|") if a}),
        "company",
    ].tolist()
    assert matches == [company]
