import importlib.util
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from analysis.regions import region_of, regions_table
from analysis.resources import reference_path

SCRIPT = Path(__file__).resolve().parents[1] / "datasets" / "scripts" / "make_regions.py"


def test_a_row_for_every_pycountry_code():
    table = regions_table()
    assert list(table.columns) == ["iso_alpha2", "country", "un_region", "un_subregion", "source"]
    assert table["iso_alpha2"].is_unique
    assert set(table["iso_alpha2"]) == {c.alpha_2 for c in pycountry.countries}
    assert table["iso_alpha2"].tolist() == sorted(table["iso_alpha2"])
    assert "NA" in set(table["iso_alpha2"])  # Namibia, not a missing value


def test_only_the_five_regions():
    regions = set(regions_table()["un_region"].dropna())
    assert regions == {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def test_region_and_subregion_are_both_set_or_both_empty():
    table = regions_table()
    assert (table["un_region"].isna() == table["un_subregion"].isna()).all()
    assert set(table.loc[table["un_region"].isna(), "iso_alpha2"]) == {"AQ"}


@pytest.mark.parametrize(
    ("code", "region", "subregion"),
    [
        ("US", "Americas", "Northern America"),
        ("DE", "Europe", "Western Europe"),
        ("CN", "Asia", "Eastern Asia"),
        ("TW", "Asia", "Eastern Asia"),
        ("SG", "Asia", "South-eastern Asia"),
        ("JP", "Asia", "Eastern Asia"),
        ("NL", "Europe", "Western Europe"),
        ("CH", "Europe", "Western Europe"),
        ("RU", "Europe", "Eastern Europe"),
        ("KR", "Asia", "Eastern Asia"),
        ("IN", "Asia", "Southern Asia"),
        ("BR", "Americas", "South America"),
        ("AU", "Oceania", "Australia and New Zealand"),
        ("ZA", "Africa", "Southern Africa"),
        ("GB", "Europe", "Northern Europe"),
        ("NA", "Africa", "Southern Africa"),
    ],
)
def test_spot_checks(code, region, subregion):
    row = regions_table().set_index("iso_alpha2").loc[code]
    assert (row["un_region"], row["un_subregion"]) == (region, subregion)


def test_every_row_has_a_source():
    table = regions_table()
    assert table["source"].notna().all()
    assert (table["source"].str.strip() != "").all()
    tw = table.set_index("iso_alpha2").loc["TW", "source"]
    assert "geography" in tw and "M49" in tw


def test_region_of_keeps_the_index_and_gives_na_for_missing_or_unknown():
    codes = pd.Series(["US", None, "ZZ", " de", "AQ", "NA"], index=[10, 11, 12, 13, 14, 15])
    regions = region_of(codes)
    assert regions.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert regions[10] == "Americas"
    assert pd.isna(regions[11]) and pd.isna(regions[12]) and pd.isna(regions[14])
    assert regions[13] == "Europe"
    assert regions[15] == "Africa"
    subregions = region_of(codes, level="subregion")
    assert subregions[10] == "Northern America"
    assert pd.isna(subregions[12])


def test_region_of_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        region_of(pd.Series(["US"]), level="continent")


def test_the_script_reproduces_the_committed_file():
    pytest.importorskip("country_converter")
    spec = importlib.util.spec_from_file_location("make_regions", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.to_csv_text(module.build()) == reference_path("regions.csv").read_text(encoding="utf-8")
