"""Write datasets/reference/regions.csv: the UN M49 region and sub-region of every ISO 3166-1 alpha-2 code.

The regions come from the UN M49 data that the ``country_converter`` package maintains, not from a hand-typed
list, so the table can be regenerated when that package updates. One row per alpha-2 code ``pycountry`` knows,
sorted by code; Kosovo (``XK``, a user-assigned code outside ISO 3166) is left out.

What the source holds, and what is done with it:

- Its data file is read directly. ``CountryConverter()`` itself cannot be built with pandas 3 (a row without an
  ISO2 code, the Channel Islands, reaches a regex compiler as NaN), and only the data is needed anyway.
- Its ``UNregion`` column is M49's finest grouping for each country: the sub-region, or the intermediate region
  where M49 has one. So Latin America comes as ``Caribbean``, ``Central America`` and ``South America`` (M49
  sub-region "Latin America and the Caribbean"), sub-Saharan Africa as ``Eastern``, ``Middle``, ``Southern``
  and ``Western Africa`` (M49 sub-region "Sub-Saharan Africa"). These finer names are kept as ``un_subregion``:
  they separate more, and they are the names people usually quote.
- ``un_region`` is derived from that name through M49's own hierarchy (``M49_REGION`` below), not from the
  ``continent`` column: ``continent`` is a geographer's continent, not M49. It says ``America`` for M49's
  ``Americas``, ``Asia`` for Christmas Island and the Cocos Islands (M49: Oceania), ``Antarctica`` for Bouvet
  Island and South Georgia (M49: Americas / South America) and for Heard and McDonald Islands (M49: Oceania).
- Antarctica (``AQ``) has no M49 region; its row keeps empty region fields and says so.
- Taiwan (``TW``) is not listed separately in M49; it is placed in Asia / Eastern Asia by geography.
- The ``ISO2`` column holds a regex for two countries (``^GB$|^UK$``, ``^GR$|^EL$``); the ISO code is taken
  from it.

Run from the repository root:  python datasets/scripts/make_regions.py
"""

from __future__ import annotations

import io
from pathlib import Path

import country_converter
import pandas as pd
import pycountry
from country_converter.country_converter import COUNTRY_DATA_FILE

OUT = Path(__file__).resolve().parents[1] / "reference" / "regions.csv"
COLUMNS = ["iso_alpha2", "country", "un_region", "un_subregion", "source"]
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")

#: M49 region of each sub-region or intermediate-region name ``country_converter`` uses.
M49_REGION = {
    "Eastern Africa": "Africa",
    "Middle Africa": "Africa",
    "Northern Africa": "Africa",
    "Southern Africa": "Africa",
    "Western Africa": "Africa",
    "Caribbean": "Americas",
    "Central America": "Americas",
    "Northern America": "Americas",
    "South America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
#: Codes M49 gives no region: the source's ``UNregion`` for them is not an M49 area.
NO_REGION = {"AQ"}
#: Codes M49 does not list separately, placed by geography (the source agrees).
BY_GEOGRAPHY = {"TW": ("Asia", "Eastern Asia")}


def source_data() -> pd.DataFrame:
    """The current (non-obsolete) rows of country_converter's data, keyed by a clean alpha-2 code."""
    # Everything as text, and only empty cells missing: Namibia's code is "NA".
    data = pd.read_csv(COUNTRY_DATA_FILE, sep="\t", dtype=str, keep_default_na=False, na_values=[""])
    data = data[data["obsolete"].isna()]
    data = data.assign(iso_alpha2=data["ISO2"].str.extract(r"([A-Z]{2})", expand=False))
    data = data.dropna(subset=["iso_alpha2"])
    if data["iso_alpha2"].duplicated().any():
        raise ValueError("country_converter data has duplicate ISO2 codes")
    return data.set_index("iso_alpha2")


def build() -> pd.DataFrame:
    """The regions table: one row per pycountry alpha-2 code, sorted by code."""
    version = country_converter.__version__
    via = f"UN M49 via country_converter {version}"
    data = source_data()
    unknown = set(data["UNregion"].dropna()) - set(M49_REGION) - {"Antarctica"}
    if unknown:
        raise ValueError(f"country_converter has sub-regions this script does not know: {sorted(unknown)}")

    rows = []
    for code in sorted(c.alpha_2 for c in pycountry.countries):
        if code not in data.index:
            name = pycountry.countries.get(alpha_2=code).name
            rows.append((code, name, "", "", f"Not in country_converter {version}; no UN M49 region"))
            continue
        entry = data.loc[code]
        name = entry["name_short"]
        if code in NO_REGION:
            rows.append((code, name, "", "", f"UN M49 assigns no region (country_converter {version})"))
        elif code in BY_GEOGRAPHY:
            region, subregion = BY_GEOGRAPHY[code]
            if entry["UNregion"] != subregion:
                raise ValueError(f"{code}: country_converter now says {entry['UNregion']!r}")
            note = f"Not listed separately in UN M49; placed in {region} / {subregion} by geography"
            rows.append((code, name, region, subregion, note))
        elif pd.isna(entry["UNregion"]) or pd.isna(entry["UNcode"]):
            rows.append((code, name, "", "", f"No UN M49 region in country_converter {version}"))
        else:
            subregion = entry["UNregion"]
            rows.append((code, name, M49_REGION[subregion], subregion, via))
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv_text(table: pd.DataFrame) -> str:
    """The table as the exact CSV text that is committed."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def main() -> None:
    table = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(to_csv_text(table), encoding="utf-8", newline="")
    print(f"{OUT.name}: {len(table)} rows")


if __name__ == "__main__":
    main()
