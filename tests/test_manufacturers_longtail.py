"""The long tail of the manufacturer table: brands as a real database writes them resolve, each to its own seat.

The brands below are written as the War & Sanctions export writes them (Cyrillic, full legal names, typos of the
database); the expected countries come from the companies' own sites, never from that database.
"""

import pandas as pd
import pytest

from analysis.manufacturers import resolve
from analysis.resources import read_reference


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_reference("manufacturers.csv", na_values=None, encoding="utf-8")


def test_table_holds_the_long_tail(table: pd.DataFrame) -> None:
    assert len(table) >= 1400


def test_every_company_has_a_web_source_or_a_cited_record(table: pd.DataFrame) -> None:
    # A site, or a record cited in words (a press release, a filing, an annual report): never a bare word.
    source = table["source"].str.strip()
    cited = source.str.startswith(("http://", "https://")) | source.str.split().str.len().ge(3)
    assert table.loc[~cited, "company"].tolist() == []


LONG_TAIL = [
    ("ОАО Интеграл", "Integral", "BY"),
    ("АО Морион", "Morion", "RU"),
    ("ООО ИРЗ-СВЯЗЬ", "IRZ-Svyaz", "RU"),
    ("Holt Integrated Circuits, Inc.", "Holt Integrated Circuits", "US"),
    ("Golledge Electronics Ltd.", "Golledge Electronics", "GB"),
    ("Merrimac Industries Inc.", "Merrimac Industries", "US"),
    ("Marvell Technology Group", "Marvell Technology", "US"),
    ("Macronix International", "Macronix", "TW"),
    ("MORNSUN Guangzhou Science & Technology Co., Ltd.", "Mornsun", "CN"),
    ("TT electronics Semelab", "Semelab", "GB"),
    ("XLSEMI", "XLSEMI", "CN"),
    ("Shanghai Xinlong Semiconductor Technology Co., Ltd", "XLSEMI", "CN"),
    ("Tai-Saw Technology Co., Ltd.", "Tai-Saw Technology", "TW"),
    ("RN2 Technologies", "RN2 Technologies", "KR"),
    ("Gumstrix", "Gumstix", "US"),
    ("Future Technology Devices International Ltd", "FTDI", "GB"),
    ("KONTRON AG", "Kontron", "AT"),
    ("Nanchang Sanrui Intelligent Technology Co., Ltd.", "T-Motor", "CN"),
    ("Hangzhou Zhongke Microelectronics Co., Ltd.", "ATGM", "CN"),
    ("Saito", "Saito Seisakusho", "JP"),
    ("MVVS, spol. s r.o.", "MVVS", "CZ"),
]


@pytest.mark.parametrize(("brand", "company", "country"), LONG_TAIL)
def test_database_brand_resolves_to_its_company(brand: str, company: str, country: str) -> None:
    resolved = resolve(pd.Series([brand])).iloc[0]
    assert (resolved["company"], resolved["reference_country"]) == (company, country)
