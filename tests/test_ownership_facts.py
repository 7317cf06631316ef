"""The audited ownership and seat facts, as `origins enrich` gives them for parts made on either side of a change.

Each row: brand as marked, date code (ISO year and week), brand-basis country (``hq_country``), owner on that
day and owner-basis country (``owner_country``). The facts and their sources are in datasets/reference/.
"""

import pandas as pd
import pytest

from analysis import load_finding

FACTS = [
    ("Nexperia", "1601", "NL", "NXP Semiconductors", "NL"),
    ("Nexperia", "1801", "NL", "JAC Capital", "CN"),
    ("Nexperia", "2101", "NL", "Wingtech", "CN"),
    ("OmniVision", "1501", "US", "OmniVision", "US"),
    ("OmniVision", "1701", "US", "Hua Capital Management", "CN"),
    ("OmniVision", "2101", "US", "Will Semiconductor", "CN"),
    ("AVX", "8901", "US", "AVX", "US"),
    ("AVX", "1001", "US", "Kyocera", "JP"),
    ("AVX", "2101", "US", "Kyocera", "JP"),
    ("Allegro MicroSystems", "2101", "US", "Sanken Electric", "JP"),
    ("Allegro MicroSystems", "2501", "US", "Allegro MicroSystems", "US"),
    ("AMP", "9801", "US", "AMP", "US"),
    ("AMP", "0301", "US", "Tyco International", "US"),
    ("AMP", "1001", "US", "TE Connectivity", "CH"),
    ("AMP", "2501", "US", "TE Connectivity", "IE"),
    ("Cinterion", "1501", "DE", "Gemalto", "NL"),
    ("Cinterion", "2001", "DE", "Thales", "FR"),
    ("Cinterion", "2401", "DE", "Telit Cinterion", "US"),
    ("TE Connectivity", "2401", "CH", "TE Connectivity", "CH"),
    ("TE Connectivity", "2501", "IE", "TE Connectivity", "IE"),
    ("Arm", "1501", "GB", "Arm", "GB"),
    ("Arm", "1701", "GB", "SoftBank Group", "JP"),
    ("Imagination Technologies", "1801", "GB", "Canyon Bridge Capital Partners", "US"),
    ("Ampleon", "1601", "NL", "JAC Capital", "CN"),
    ("Hemisphere GNSS", "1501", "US", "UniStrong", "CN"),
    ("Okmetic", "1501", "FI", "Okmetic", "FI"),
    ("Okmetic", "1701", "FI", "National Silicon Industry Group", "CN"),
    ("Souriau", "2001", "FR", "Eaton", "IE"),
    ("Schaffner", "2301", "CH", "Schaffner", "CH"),
    ("Schaffner", "2401", "CH", "TE Connectivity", "CH"),
    ("Schaffner", "2501", "CH", "TE Connectivity", "IE"),
    ("Xsens", "1501", "NL", "Fairchild Semiconductor", "US"),
    ("Xsens", "1701", "NL", "onsemi", "US"),
    ("Xsens", "1901", "NL", "Movella", "US"),
    ("MEMSIC", "1401", "US", "IDG Capital", "CN"),
    ("LITEF", "0001", "DE", "Litton Industries", "US"),
    ("LITEF", "1001", "DE", "Northrop Grumman", "US"),
]


@pytest.fixture(scope="module")
def enriched(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("facts") / "facts.csv"
    lines = ["finding_id,component_id,manufacturer,date_code,recovered_on"]
    lines += [f"facts-2025,{i},{brand},{code},2025-06-30" for i, (brand, code, *_) in enumerate(FACTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_finding(path).data.reset_index(drop=True)


@pytest.mark.parametrize(("row", "fact"), list(enumerate(FACTS)), ids=[f"{f[0]}-{f[1]}" for f in FACTS])
def test_fact_on_the_day_made(enriched, row, fact):
    _, _, brand_country, owner, owner_country = fact
    got = enriched.loc[row, ["hq_country", "owner_at_manufacture", "owner_country"]].tolist()
    assert got == [brand_country, owner, owner_country]
