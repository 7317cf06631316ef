"""Checks of the manufacturer reference tables (manufacturers, ownership and seat periods)."""

import re
from datetime import date
from graphlib import TopologicalSorter

import pandas as pd
import pycountry
import pytest

from analysis.manufacturers import normalise
from analysis.resources import read_reference

COLUMNS = ["company", "aliases", "hq_country", "other_seat", "source", "notes"]


def _key(name: str) -> str:
    """The key brands are matched on, as the resolver builds it."""
    key = normalise(pd.Series([name])).iloc[0]
    return "" if pd.isna(key) else key


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    # Empty cells as "" and no byte-order mark: the file as written, not as the resolver cleans it.
    return read_reference("manufacturers.csv", na_values=None, encoding="utf-8")


@pytest.fixture(scope="module")
def ownership() -> pd.DataFrame:
    return read_reference("ownership.csv", na_values=None, encoding="utf-8")


@pytest.fixture(scope="module")
def seats() -> pd.DataFrame:
    return read_reference("seats.csv", na_values=None, encoding="utf-8")


def _open_owner(ownership: pd.DataFrame, company: str) -> str:
    """The owner today (the period with no end), or ``""``."""
    rows = ownership[(ownership["company"] == company) & (ownership["to"] == "")]
    return rows["owner"].iloc[0] if len(rows) else ""


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


def _check_periods(periods: pd.DataFrame, companies: set[str], name: str) -> None:
    """Known companies, ISO days, a start before the end, and no two periods of a company overlapping."""
    assert (periods["source"].str.strip() != "").all(), f"{name}: a row without a source"
    for row in periods.to_dict("records"):
        assert row["company"] in companies, f"{name}: unknown company {row['company']}"
        for day in (row["from"], row["to"]):
            if day:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), f"{name}: {row['company']} {day}"
                date.fromisoformat(day)
        if row["from"] and row["to"]:
            assert row["from"] < row["to"], f"{name}: {row['company']} ends before it starts"
    for company, group in periods.groupby("company"):
        spans = sorted((f or "0000-00-00", t or "9999-99-99") for f, t in zip(group["from"], group["to"], strict=True))
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"{name}: overlapping periods of {company}"


def test_ownership_periods(table: pd.DataFrame, ownership: pd.DataFrame) -> None:
    assert list(ownership.columns) == ["company", "owner", "from", "to", "source", "notes"]
    companies = set(table["company"])
    _check_periods(ownership, companies, "ownership.csv")
    for row in ownership.itertuples(index=False):
        assert row.owner in companies, f"{row.company}: unknown owner {row.owner}"
        assert row.owner != row.company, f"{row.company} owns itself"


def test_seat_periods(table: pd.DataFrame, seats: pd.DataFrame, by_company: pd.DataFrame) -> None:
    assert list(seats.columns) == ["company", "hq_country", "from", "to", "source", "notes"]
    _check_periods(seats, set(table["company"]), "seats.csv")
    for row in seats[seats["to"] == ""].itertuples(index=False):
        assert row.hq_country == by_company.loc[row.company, "hq_country"], f"{row.company}: today's seat differs"


def test_no_ownership_cycle(ownership: pd.DataFrame) -> None:
    owners = ownership.groupby("company")["owner"].apply(set).to_dict()
    TopologicalSorter(owners).prepare()  # raises CycleError naming the companies in a cycle


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
    ("AVX", "Kyocera", "1990-01"),
    ("KEMET", "Yageo", "2020-06"),
    ("LSI", "Broadcom", "2014-05"),
    ("RF Micro Devices", "Qorvo", "2015-01"),
    ("TriQuint Semiconductor", "Qorvo", "2015-01"),
    ("InvenSense", "TDK", "2017-05"),
    ("Molex", "Koch Industries", "2013-12"),
]


@pytest.mark.parametrize(("company", "acquirer", "year_month"), OWNERSHIP_CHANGES)
def test_ownership_change(ownership: pd.DataFrame, company: str, acquirer: str, year_month: str) -> None:
    rows = ownership[(ownership["company"] == company) & (ownership["owner"] == acquirer)]
    assert [day[:7] for day in rows["from"]] == [year_month]


def test_nexperia_owned_by_wingtech_since_2019(ownership: pd.DataFrame, by_company: pd.DataFrame) -> None:
    assert by_company.loc["Nexperia", "hq_country"] == "NL"
    rows = ownership[(ownership["company"] == "Nexperia") & (ownership["owner"] == "Wingtech")]
    assert rows["from"].str.startswith("2019-").tolist() == [True]
    assert by_company.loc["Wingtech", "hq_country"] == "CN"


def test_acquisition_chain_spansion_cypress_infineon(ownership: pd.DataFrame) -> None:
    chain = ["Spansion"]
    while _open_owner(ownership, chain[-1]):
        chain.append(_open_owner(ownership, chain[-1]))
    assert chain == ["Spansion", "Cypress Semiconductor", "Infineon Technologies"]


HQ_COUNTRIES = [
    ("STMicroelectronics", "CH"),
    ("NXP Semiconductors", "NL"),
    ("Nexperia", "NL"),
    ("Infineon Technologies", "DE"),
    ("Renesas Electronics", "JP"),
    ("TE Connectivity", "IE"),
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
