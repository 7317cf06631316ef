"""How well the manufacturer table covers a real database: ``python benchmarks/resolution.py FILE``.

Prints the share of parts with a named brand that resolve to a company, and, where the file states a country
for the brand, the share on which the table's country agrees with it; ``--list`` adds the unresolved brands
(most parts first) and the disagreements. The file's countries are only compared with, never copied: the table
is the independent reference that such a database is checked against.

    python benchmarks/resolution.py war-sanctions-components.csv --list
"""

from __future__ import annotations

import argparse

import pandas as pd

from analysis.io import read
from analysis.manufacturers import load_table, resolve, stated_country_column

#: What databases write where no brand could be read: not a brand, so not counted.
NO_BRAND_TEXT = {"", "not identified", "unknown", "unidentified", "n/a", "-"}
#: The War & Sanctions export's own name for the brand's country, when its layout was not applied.
EXPORT_COUNTRY = "manufacturer_country"


def measure(brands: pd.Series, stated: pd.Series | None, manufacturers: str | None = None) -> dict:
    """Counts of named, resolved and agreeing parts, with the frames behind them."""
    text = brands.astype("str").str.strip()
    named = text[text.notna() & ~text.str.casefold().isin(NO_BRAND_TEXT)]
    resolved = resolve(named, load_table(manufacturers))
    # A brand known only through its bracketed owner has no company of its own (brand basis unknown).
    found = resolved["company"].notna()
    result = {"named": len(named), "resolved": int(found.sum()), "unresolved": named[~found].value_counts()}
    if stated is not None:
        country = stated.reindex(named.index).astype("str").str.strip().str.upper()
        known = found & country.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)
        agree = resolved.loc[known, "reference_country"].eq(country[known])
        result |= {"compared": int(known.sum()), "agree": int(agree.sum())}
        result["disagreements"] = (
            pd.DataFrame({"brand": named, "company": resolved["company"], "table": resolved["reference_country"]})
            .assign(file=country)[known]
            .loc[~agree]
            .value_counts(["company", "table", "file"])
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--brand-column", default="manufacturer")
    parser.add_argument("--country-column", help="the stated country (default: file_country, else hq_country)")
    parser.add_argument("--manufacturers", metavar="CSV", help="a table adding to or overriding ours")
    parser.add_argument("--list", action="store_true", help="list unresolved brands and disagreements")
    args = parser.parse_args()
    data = read(args.file)
    country_column = args.country_column or stated_country_column(data) or EXPORT_COUNTRY
    stated = data[country_column] if country_column in data else None
    result = measure(data[args.brand_column], stated, args.manufacturers)
    named, resolved = result["named"], result["resolved"]
    print(f"parts with a named brand: {named}; resolved to a company: {resolved} ({resolved / named:.1%})")
    if stated is not None:
        compared, agree = result["compared"], result["agree"]
        print(f"country stated in the file and resolved: {compared}; agreeing: {agree} ({agree / compared:.1%})")
    if args.list:
        print("\nunresolved brands (parts):")
        print(result["unresolved"].to_string())
        if stated is not None:
            print("\ndisagreements (parts):")
            print(result["disagreements"].to_string())


if __name__ == "__main__":
    main()
