"""Write the pages and charts of findings of several sizes, and print every page to A4 PDF and PNG to look at.

Charts that read well at 300 parts can fail at 5 or at 2,000; this writes, for seeded synthetic findings of
each size (``benchmarks/synth.py``) and for any finding files given, the report folders, the index, and a
comparison page against the first documented finding, then prints each page as headless Chromium would
(``--print-to-pdf``, A4 portrait) and turns every PDF page into a PNG with pdftoppm (poppler). Open the PNGs.

    python benchmarks/look.py --out /tmp/look [--sizes 5 300 2000] [finding.csv ...]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from synth import generate

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "datasets" / "findings"


def print_page(page: Path, pdf: Path, pngs: Path, chromium: str) -> None:
    """The page printed by Chromium to A4 (its CSS @page rule), and each PDF page as a PNG."""
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.resolve().as_uri()],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pngs / pdf.stem)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="more finding files to look at")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", nargs="*", type=int, default=[5, 300, 2000])
    args = parser.parse_args()

    from analysis import compare, load_findings
    from analysis.report import write_comparison, write_reports

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    inputs = args.out / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    files = []
    for n in args.sizes:
        frame = generate(n, seed=n)
        frame["finding_id"] = frame["finding_id"].where(frame["finding_id"] == "", f"synthetic-{n}-parts")
        frame.to_csv(inputs / f"synthetic-{n}-parts.csv", index=False)
        files.append(inputs / f"synthetic-{n}-parts.csv")
    files += args.files
    reports = args.out / "reports"
    entries = write_reports(files, reports, formats=("html", "md", "pdf"))
    reference = load_findings(sorted(LIBRARY.glob("car-*.csv"))[0])[0]
    pages = [reports / "index.html"]
    for entry in entries:
        if entry.error:
            print(f"{entry.source}: {entry.error}")
            continue
        pages.append(reports / entry.finding_id / "index.html")
        if entry.finding_id == reference.finding_id:
            continue
        new = next(f for f in load_findings(entry.source) if f.finding_id == entry.finding_id)
        pages.append(write_comparison(compare(new, [reference]), args.out / "compare" / entry.finding_id))
    pngs = args.out / "png"
    pngs.mkdir(parents=True, exist_ok=True)
    for page in pages:
        name = "index" if page.parent == reports else f"{page.parent.parent.name}-{page.parent.name}"
        if chromium:
            print_page(page, args.out / f"{name}.pdf", pngs, chromium)
        for chart in page.parent.glob("*.png"):
            shutil.copy(chart, pngs / f"{name}-chart-{chart.name}")
    print(f"{len(pages)} pages; images in {pngs}")


if __name__ == "__main__":
    main()
