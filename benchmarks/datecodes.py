"""Date-code decoding speed: ``decode_date_codes`` on mixed makers' codes against the decoder it replaced.

The decoder that only read generic forms (YYWW, YYYYWW, YWW, ISO dates) is taken from the project's history
(``git show REV:analysis/datecodes.py``) and timed on plain YYWW codes; today's decoder is timed on codes of
mixed makers in their own formats (each written over its table example with a random date, lot characters
kept), with the company of each row. The target: within 2x of the old decoder's time. The calls run in turn
in each round, and each ratio is the median over rounds, so that other work on the machine weighs on both.

    python benchmarks/datecodes.py [--rows 1000000] [--repeat 11] [--baseline bb472c6]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import types
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def old_decoder(rev: str):
    """The ``decode_date_codes`` of revision ``rev``, loaded from git without checking it out."""
    source = subprocess.run(
        ["git", "show", f"{rev}:analysis/datecodes.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType("old_datecodes")
    exec(compile(source, f"{rev}:analysis/datecodes.py", "exec"), module.__dict__)
    return module.decode_date_codes


def plain_codes(rows: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.randrange(0, 25):02d}{rng.randrange(1, 53):02d}" for _ in range(rows)]


def mixed_codes(rows: int, seed: int) -> tuple[list[str], list[str | None]]:
    """Codes of every maker in the formats table (and unknown brands' generic codes), with their companies."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_date_formats import TABLE, _encode, first_company

    rng = random.Random(seed)
    forms = [row for row in TABLE.itertuples() if isinstance(row.fields, str)]
    days = [date(2005, 1, 1) + timedelta(days=n) for n in range(0, 19 * 365, 3)]
    templates = {}
    for row in forms:
        written = [code for code in (_encode(row, day) for day in rng.sample(days, 200)) if code]
        templates[row.Index] = (written, first_company(row))
    codes, companies = [], []
    for _ in range(rows):
        written, company = templates[rng.choice(forms).Index]
        codes.append(rng.choice(written))
        companies.append(company)
    return codes, companies


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def paired(calls: dict, repeat: int) -> dict:
    """Median time of each call, the calls run in turn in every round so that a change of load on the machine
    weighs on all of them alike; and the median, over rounds, of each call's time over the first's."""
    rounds = [{name: timed(call) for name, call in calls.items()} for _ in range(repeat)]
    first = next(iter(calls))
    result = {name: statistics.median(r[name] for r in rounds) for name in calls}
    for name in list(calls)[1:]:
        result[f"{name} / {first}"] = statistics.median(r[name] / r[first] for r in rounds)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--repeat", type=int, default=11, help="rounds (default: 11)")
    parser.add_argument("--baseline", default="bb472c6", help="revision of the old decoder (default: bb472c6)")
    args = parser.parse_args(argv)
    import pandas as pd

    from analysis.datecodes import date_formats, decode_date_codes

    rows = int(args.rows)
    date_formats()  # the table, read once per process
    recovered = pd.Series(pd.to_datetime(["2024-01-02", "2023-06-01", "2025-02-07"] * (rows // 3 + 1))[:rows])
    plain = pd.Series(plain_codes(rows, 1))
    codes, companies = mixed_codes(rows, 2)
    mixed, makers = pd.Series(codes), pd.Series(companies)
    old = old_decoder(args.baseline)
    results = {"rows": rows, "distinct mixed codes": int(mixed.nunique())}
    results |= paired(
        {
            "old decoder, plain YYWW": lambda: old(plain, recovered),
            "new decoder, mixed makers": lambda: decode_date_codes(mixed, recovered, companies=makers),
            "new decoder, plain YYWW": lambda: decode_date_codes(plain, recovered),
        },
        args.repeat,
    )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
