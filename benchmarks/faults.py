"""Hostile files at full size, and a legitimate 10^7-part Parquet: time and peak memory of reading each.

``python benchmarks/faults.py [--parts 10000000] [--only-parquet] [--commands validate summary enrich]`` writes
the files into reports/bench/faults/ (cached), then runs ``origins validate`` on each hostile one, and
``analysis.io.read``, ``origins validate``, ``origins summary`` and ``origins enrich`` on the Parquet, each in a
fresh process whose peak memory is read from ``os.wait4``. Each hostile file must end in one line, within 30 s
and 2 GB.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOLDER = ROOT / "reports" / "bench" / "faults"
HEADER = "finding_id,component_id,manufacturer,hq_country,date_code\n"


def blank_lines(path: Path) -> None:
    """50 million blank lines (50 MB, under the size limit) around two rows."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER + "f-1,1,Murata,JP,2231\n")
        out.write("\n" * 50_000_000)
        out.write("f-1,2,Murata,JP,2231\n")


def wide_header(path: Path) -> None:
    """A header of a million columns."""
    path.write_text("finding_id,component_id" + ",x" * 1_000_000 + "\nf-1,1\n", encoding="utf-8")


def long_ids(path: Path) -> None:
    """Ten component ids of 1 MB each."""
    path.write_text(HEADER + "".join(f"f-1,{n}{'x' * 1024**2},Murata,JP,2231\n" for n in range(10)), "utf-8")


def sheet_bomb(path: Path) -> None:
    """A workbook of a few MB whose sheet unpacks to more than a gigabyte (one repeated row)."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>f-1</t></is></c><c r="B{n}"><v>{n}</v></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')  # fmt: skip
            chunk = io.StringIO()
            for n in range(1, 12_000_001):
                chunk.write(row.format(n=n))
                if n % 100_000 == 0:
                    sheet.write(chunk.getvalue().encode())
                    chunk = io.StringIO()
            sheet.write(b"</sheetData></worksheet>")


def sparse_sheet(path: Path) -> None:
    """A 5 KB workbook with cells at A1048576 and XFD2."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "components"
    book.active.append(["finding_id", "component_id"])
    book.active.append(["f-1", "1"])
    book.active["A1048576"], book.active["XFD2"] = "x", "y"
    book.save(path)


_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="components" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)

HOSTILE = {
    "blank-lines.csv": blank_lines,
    "wide-header.csv": wide_header,
    "long-ids.csv": long_ids,
    "sheet-bomb.xlsx": sheet_bomb,
    "sparse-sheet.xlsx": sparse_sheet,
}
READ = "import sys; from analysis.io import read; frame = read(sys.argv[1]); print(len(frame), 'rows read')"


def run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB and the last line of output of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, text=True)
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    lines = output.strip().splitlines()
    return time.perf_counter() - started, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=10_000_000, help="parts in the Parquet file (default 10^7)")
    parser.add_argument(
        "--commands", nargs="*", default=["validate", "summary", "enrich"], choices=["validate", "summary", "enrich"],
        help="origins commands also run on the Parquet, each in a fresh process (default: validate summary enrich; "
        "enrich writes reports/bench/faults/enriched.parquet)",
    )  # fmt: skip
    parser.add_argument("--only-parquet", action="store_true", help="skip the hostile files")
    args = parser.parse_args(argv)
    FOLDER.mkdir(parents=True, exist_ok=True)
    origins = str(Path(sys.executable).with_name("origins"))
    print(f"{'file':<28} {'seconds':>8} {'peak MB':>8}  answer")
    for name, make in {} if args.only_parquet else HOSTILE.items():
        path = FOLDER / name
        if not path.exists():
            make(path)
        seconds, peak, answer = run([origins, "validate", str(path)])
        print(f"{name:<28} {seconds:>8.1f} {peak:>8.0f}  {answer[:150]}")
    sys.path.insert(0, str(HERE))
    from synth import write

    # written in a process of its own: a child's peak memory counts from its parent's at the fork, so the
    # processes measured must be started by one that never held the parts
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        parquet = pool.submit(write, args.parts, FOLDER, csv=False).result()["parquet"]
    seconds, peak, answer = run([sys.executable, "-c", READ, str(parquet)])
    print(f"{parquet.name:<28} {seconds:>8.1f} {peak:>8.0f}  {answer}")
    for command in args.commands:
        out = ["--out", str(FOLDER / "enriched.parquet")] if command == "enrich" else []
        seconds, peak, answer = run([origins, command, str(parquet), *out])
        print(f"{command:<28} {seconds:>8.1f} {peak:>8.0f}  {answer[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
