"""The benchmark behind ``make bench``: the pipeline against bare pandas, from 10^3 to 10^7 parts.

Every figure is the median of several runs, each in a fresh process (``measure.py`` or the ``origins``
command) whose peak memory is read from ``os.wait4``. Prints a table and writes it to reports/bench/results.json.

    python benchmarks/run.py                       # every size (10^7 in Parquet only, see --csv-max)
    python benchmarks/run.py --sizes 1e3,1e5 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

DATA = ROOT / "reports" / "bench" / "data"
RESULTS = ROOT / "reports" / "bench" / "results.json"
KHARKIV = ROOT / "datasets" / "findings" / "car-kharkiv-2024-01-02.csv"
PYTHON = sys.executable
ORIGINS = str(Path(PYTHON).with_name("origins"))


def run(command: list[str]) -> dict:
    """Run one process; its wall time, peak memory (MB) and, for ``measure.py``, the timed work."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{err.read().decode()[-2000:]}")
        out.seek(0)
        text = out.read().decode()
    result = {"wall": wall, "peak_mb": usage.ru_maxrss / 1024}  # ru_maxrss is in KiB on Linux
    if command[1:2] == [str(HERE / "measure.py")]:
        result["work"] = json.loads(text.strip().splitlines()[-1])["work"]
    return result


def median_of(command: list[str], repeat: int) -> dict:
    """Median time and memory over ``repeat`` runs."""
    runs = [run(command) for _ in range(repeat)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]} | {"runs": repeat}


def default_repeat(size: int, asked: int | None) -> int:
    """Fewer runs for the big sizes: a 10^7 run takes minutes."""
    if asked:
        return asked
    return 5 if size <= 100_000 else 3 if size <= 1_000_000 else 1


def bench_size(size: int, formats: list[str], repeat: int, csv_max: int) -> list[dict]:
    wanted = [f for f in formats if f != "csv" or size <= csv_max]
    paths = synth.write(size, DATA, csv="csv" in wanted)
    rows = []
    for fmt in wanted:
        path = str(paths[fmt])
        base = median_of([PYTHON, str(HERE / "measure.py"), "baseline", path], repeat)
        pipe = median_of([PYTHON, str(HERE / "measure.py"), "pipeline", path], repeat)
        summary = median_of([ORIGINS, "summary", "--json", path], repeat)
        for name, figures, reference in (
            ("baseline: pandas read + counts", base, base["work"]),
            ("pipeline: load_finding + aggregates", pipe, base["work"]),
            ("origins summary --json (process)", summary, base["wall"]),
        ):
            seconds = figures.get("work", figures["wall"])
            rows.append(
                {
                    "size": size,
                    "format": fmt,
                    "measure": name,
                    "seconds": seconds,
                    "ratio": seconds / reference,
                    "peak_mb": figures["peak_mb"],
                    "runs": figures["runs"],
                }
            )
        print(_lines(rows[-3:]), flush=True)
    return rows


def bench_startup(repeat: int) -> list[dict]:
    """``origins --help`` against importing pandas; ``origins report`` on Kharkiv against importing the stack."""
    rows = []
    with tempfile.TemporaryDirectory() as out:
        pairs = (
            ([PYTHON, "-c", "import pandas"], [ORIGINS, "--help"], "origins --help", "python -c 'import pandas'"),
            (
                [PYTHON, "-c", "import pandas, matplotlib, pandera"],
                [ORIGINS, "report", str(KHARKIV), "--out", out],
                "origins report (Kharkiv)",
                "python -c 'import pandas, matplotlib, pandera'",
            ),
        )
        for reference_cmd, command, name, reference_name in pairs:
            reference = median_of(reference_cmd, repeat)
            figures = median_of(command, repeat)
            for label, f in ((reference_name, reference), (name, figures)):
                rows.append(
                    {
                        "size": None,
                        "format": None,
                        "measure": label,
                        "seconds": f["wall"],
                        "ratio": f["wall"] / reference["wall"],
                        "peak_mb": f["peak_mb"],
                        "runs": f["runs"],
                    }
                )
            print(_lines(rows[-2:]), flush=True)
    return rows


HEADER = f"{'size':>10} {'format':<8} {'measure':<48} {'seconds':>9} {'ratio':>7} {'peak MB':>8} {'runs':>4}"


def _lines(rows: list[dict]) -> str:
    return "\n".join(
        f"{r['size'] or '':>10} {r['format'] or '':<8} {r['measure']:<48} {r['seconds']:>9.3f} "
        f"{r['ratio']:>6.2f}x {r['peak_mb']:>8.0f} {r['runs']:>4}"
        for r in rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e5,1e6,1e7", help="numbers of parts (default: 1e3,1e5,1e6,1e7)")
    parser.add_argument("--formats", default="csv,parquet", help="any of csv,parquet (default: both)")
    parser.add_argument("--repeat", type=int, help="runs per figure (default: 5, 3 from 10^6, 1 from 10^7)")
    parser.add_argument("--csv-max", default="1e6", help="largest size also written as CSV (default: 1e6)")
    parser.add_argument("--no-startup", action="store_true", help="skip the --help and report timings")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON results (default: {RESULTS})")
    args = parser.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    print(f"python {platform.python_version()}, {os.cpu_count()} cores; data cached in {DATA}", flush=True)
    print(HEADER, flush=True)
    rows = []
    if not args.no_startup:
        rows += bench_startup(args.repeat or 5)
    for size in sizes:
        rows += bench_size(size, formats, default_repeat(size, args.repeat), int(float(args.csv_max)))
    print("\n" + HEADER + "\n" + _lines(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cores": os.cpu_count(), "platform": platform.platform()}
    args.out.write_text(json.dumps({"machine": machine, "results": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
