"""Many findings in one file: the cost of a summary grows with rows, not with findings.

Each figure is the median of several fresh processes (``measure.py``, or the ``origins`` command), each run of
ours right after the run it is compared with; a ratio is the median of those pairs' ratios:

- 10^6 parts as 1,000 findings of 1,000 and as one finding: ``load_findings`` + ``summaries`` against bare
  pandas reading the file and doing the same grouping (imports excluded from both);
- the fixed cost of each extra finding: 10^5 parts as one finding and as 1,000 findings of 100, in turn in one
  process, (many - one) / 999 from the fastest of five runs each (``measure.py extra``): the difference of two
  large times in separate processes is lost in the noise of a loaded machine;
- an export shaped like the War & Sanctions database, 10,000 rows in 200 weapons (rows drawn from the sample in
  ``tests/data/war-sanctions/``): ``origins summary`` against ``python -c "import pandas, pandera.pandas"``.

    python benchmarks/findings.py                   # the figures above (a few minutes)
    python benchmarks/findings.py --parts 1e5 --findings 100 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import synth  # noqa: E402

SAMPLE = HERE.parent / "tests" / "data" / "war-sanctions" / "components-sample.csv"
RESULTS = run.ROOT / "reports" / "bench" / "findings.json"


def many_findings(parts: int, findings: int) -> tuple[Path, Path]:
    """The seeded synthetic parts as one finding, and as ``findings`` findings in blocks; written alike."""
    paths = tuple(run.DATA / f"synthetic-{parts}-in-{n}.csv" for n in (1, findings))
    if all(path.exists() for path in paths):
        return paths
    frame = pd.read_parquet(synth.write(parts, run.DATA, csv=False)["parquet"]).astype(str)
    for path, n in zip(paths, (1, findings), strict=True):
        block = np.arange(len(frame)) * n // len(frame)
        ids = np.array([f"bench-{i:05d}" for i in range(n)], dtype=object)[block]
        rows = frame.assign(finding_id=np.where(frame["finding_id"].eq(""), "", ids))  # bad rows stay bad
        rows.to_csv(path.with_suffix(".partial"), index=False)
        path.with_suffix(".partial").replace(path)
    return paths


def export(rows: int, weapons: int, seed: int = 8) -> Path:
    """A War & Sanctions-shaped export: sample rows drawn with replacement, new ids, ``weapons`` weapons."""
    path = run.DATA / f"war-sanctions-{rows}-in-{weapons}.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame = sample.iloc[rng.integers(0, len(sample), rows)].reset_index(drop=True)
    frame["component_id"] = [f"gur-{i}" for i in range(1, rows + 1)]
    weapon = np.sort(rng.integers(0, weapons, rows))
    frame["found_in_drones"] = [f'["weapon-{w:03d}-uav"]' for w in weapon]
    run.DATA.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="1e6", help="parts in the synthetic file (default: 1e6)")
    parser.add_argument("--findings", type=int, default=1000, help="findings the parts are split into (default: 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default: 3)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args(argv)
    parts = int(float(args.parts))
    measure = [run.PYTHON, str(HERE / "measure.py")]
    one, many = many_findings(parts, args.findings)
    results = {}
    for label, path in (("one finding", one), (f"{args.findings} findings", many)):
        # each run of the pipeline right after a run of pandas, and the median of their ratios: a machine whose
        # load changes during the benchmark weighs on both sides of each ratio alike
        pairs = [
            (run.run([*measure, "grouped", str(path)])["work"], run.run([*measure, "summaries", str(path)])["work"])
            for _ in range(args.repeat)
        ]
        base, work = (statistics.median(side) for side in zip(*pairs, strict=True))
        ratio = statistics.median(w / b for b, w in pairs)
        results[label] = {"parts": parts, "pandas": base, "summaries": work, "ratio": ratio}
        print(f"{parts:>9} parts, {label:<16} pandas {base:7.3f} s  summaries {work:7.3f} s  {ratio:5.2f}x")
    extra = run.run([*measure, "extra", *map(str, many_findings(100_000, 1000))])["work"]
    results["per extra finding (ms)"] = 1000 * extra
    print(f"fixed cost per extra finding: {1000 * extra:.2f} ms (10^5 parts as one finding and as 1,000 of 100)")
    path = export(10_000, 200)
    pairs = [
        (
            run.run([run.PYTHON, "-c", "import pandas, pandera.pandas"])["wall"],
            run.run([run.ORIGINS, "summary", str(path)])["wall"],
        )
        for _ in range(args.repeat)
    ]
    imports, summary = (statistics.median(side) for side in zip(*pairs, strict=True))
    ratio = statistics.median(s / i for i, s in pairs)
    results["export 10000 rows in 200 weapons"] = {"imports": imports, "summary": summary, "ratio": ratio}
    print(
        f"export of 10,000 rows in 200 weapons: origins summary {summary:.3f} s, imports {imports:.3f} s, {ratio:.2f}x"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
