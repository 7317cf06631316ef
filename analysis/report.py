"""Reports a journalist can read and a data scientist can trust: one folder per finding, and an index.

Each finding's folder holds ``index.html`` (self-contained: charts embedded, no network requests),
``report.md`` with its charts as PNG files, ``report.pdf`` when asked, ``summary.json`` and
``components.parquet``. A folder is written in a temporary place and moved into position, so an interrupted
run never leaves half a report; a bad file is listed in the index with its error and does not stop the others.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from . import __version__
from .errors import InputError
from .finding import ADDED, Finding, load_findings
from .io import describe_error, finding_files
from .output import (
    as_text,
    check_folder,
    discard,
    holds_nothing,
    locked,
    recover,
    replace_folder,
    temporary_folder,
    write_text,
)
from .prose import ambiguity_sentences, comparison_headlines, headlines, unknown_range
from .templating import environment, render

if TYPE_CHECKING:
    from .comparison import Comparison

FORMATS = ("html", "md", "pdf")
CHARTS = {
    "origins": "Share of parts by home country of the brand's company",
    "years": "Parts by year of manufacture",
    "origin_years": "Parts by origin and year of manufacture",
    "timeline": "When each dated part was made, by origin, with the earliest assembly and the recovery day",
    "chpl": "Parts by country of origin and tier of the Common High Priority List",
}
#: Charts drawn by date: a finding with no dated part gets one line saying so instead.
DATE_CHARTS = ("years", "origin_years", "timeline")
COMPARISON_CHARTS = {
    "shares": "Origin shares of the new finding and the reference, with their intervals and differences",
    "years": "Share of dated parts by year of manufacture, new finding beside the reference",
}
#: Cell starts that spreadsheet programs read as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Entry:
    """One line of the index: a finding written, or a file that could not be used."""

    source: str
    finding_id: str | None = None
    summary: dict | None = None
    error: str | None = None


def safe_folder(out: Path, finding_id: str) -> Path:
    """The folder of a finding inside ``out``; a name that would leave ``out`` is refused.

    The name itself is not resolved: a link at ``out/<finding_id>`` is refused when the folder is swapped in,
    rather than followed.
    """
    folder = out.resolve() / finding_id
    if Path(finding_id).name != finding_id or finding_id in ("", ".", ".."):
        raise InputError(f"finding_id {finding_id!r} can't be used as a folder name")
    return folder


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    fixes = {}
    for name in frame.select_dtypes(include=["object", "string", "str", "category"]).columns:
        text = frame[name].astype("str")
        formula = text.str.startswith(FORMULA_START, na=False) & frame[name].notna()
        if formula.any():
            fixes[name] = frame[name].where(~formula, "'" + text)
    return frame.assign(**fixes)


def _charts(finding: Finding, basis: str) -> dict[str, bytes]:
    """Each chart of the finding as PNG bytes; without a dated part, only the chart of origins (no empty axes)."""
    from . import plots

    makers = {"origins": lambda ax: plots.plot_origins(finding.data, basis=basis, ax=ax)}
    if finding.data["manufactured_first_day"].notna().any():
        makers |= {
            "years": lambda ax: plots.plot_years(finding.data, ax=ax),
            "origin_years": lambda ax: plots.plot_origin_years(finding.data, basis=basis, ax=ax),
            "timeline": lambda ax: plots.plot_timeline(finding.data, basis=basis, ax=ax),
        }
    makers["chpl"] = lambda ax: plots.plot_chpl_tiers(finding.data, basis=basis, ax=ax)
    return _pngs(makers)


def _pngs(makers: dict[str, Callable], sizes: dict[str, tuple[float, float]] | None = None) -> dict[str, bytes]:
    """Each drawing function's chart as PNG bytes.

    A chart is drawn at the size given in ``sizes``, else at the size its plot function picks for its content
    (more origins, a taller chart). The caller decides what can be drawn (no date charts without a dated
    part), so a chart that fails is an error, never a chart silently missing from the page.
    """
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    images = {}
    for name, draw in makers.items():
        size = (sizes or {}).get(name)
        fig = draw(plt.subplots(figsize=size, layout="constrained")[1] if size else None).figure
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=144)
        plt.close(fig)
        images[name] = buffer.getvalue()
    return images


def _context(finding: Finding, basis: str, charts: dict[str, bytes], comparison: Comparison | None) -> dict:
    """Everything the templates show, computed once."""
    from .aggregate import origin_shares, year_counts

    data = finding.data
    summary = finding.summary(basis=basis)
    country_column = "hq_country" if basis == "brand" else "owner_country"
    unknown = data[data[country_column].isna()]
    undated = data[data["manufactured_year"].isna() & data["date_code"].notna()]
    undated = undated.assign(date_problem=undated["date_problem"].fillna(undated["date_undated_reason"]))
    sources = sorted(set(data["source_file"]))
    by_country = origin_shares(data, by="hq_country", basis=basis)
    listed = data["date_ambiguous"] & data["manufactured_year"].notna()
    moved = summary["assembled_not_before_with_ambiguous"] != summary["assembled_not_before"]
    return {
        "finding": finding,
        "summary": summary,
        "meta": finding.metadata,
        "basis": basis,
        "country_column": country_column,
        "by_country": by_country,
        "known_shares": dict(zip(by_country["key"], by_country["share"], strict=True)),
        "by_region": origin_shares(data, by="un_region", basis=basis),
        "years": year_counts(data),
        # parts per year counted at an ambiguous code's listed reading, and what they would do to the bound
        "ambiguous_years": data.loc[listed, "manufactured_year"].astype("int64").value_counts().to_dict(),
        "bound_moves": ambiguity_sentences(summary) if moved else [],
        "charts": {name: (CHARTS[name], base64.b64encode(png).decode()) for name, png in charts.items()},
        "unknown": unknown,
        "date_problems": undated,
        "rejected": finding.rejected,
        "sources": [{"path": Path(s).name, "sha256": _sha256(Path(s))} for s in sources],
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "headlines": headlines(summary),
        "chpl_stated": int(data["hs_basis"].eq("stated").sum()),
        "comparison": comparison,
        "comparison_lines": comparison_headlines(comparison) if comparison else [],
    }


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def write_finding(
    finding: Finding,
    out: Path,
    *,
    formats: Sequence[str] = ("html", "md"),
    basis: str = "brand",
    library: Sequence[Finding] = (),
) -> Path:
    """Write one finding's report folder into ``out``, atomically; return the folder.

    With a ``library`` of documented findings, the report gains a section comparing the finding with the
    library (itself left out), and the folder a ``comparison.json``.
    """
    out = check_folder(out)
    dest = safe_folder(out, finding.finding_id)
    work = temporary_folder(out, finding.finding_id)
    try:
        comparison = _against_library(finding, library, basis)
        charts = _charts(finding, basis)
        context = _context(finding, basis, charts, comparison)
        html = _write_html(work, context)
        if "md" in formats:
            _write_markdown(work, context, charts)
        if "pdf" in formats:
            _write_pdf(work, html)
        _write_data(work, finding, context["summary"], comparison)
        replace_folder(work, dest)  # the finished folder takes the old one's place in one step
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dest


def _against_library(finding: Finding, library: Sequence[Finding], basis: str) -> Comparison | None:
    """The finding compared with the library less itself (a finding is not its own reference); None when
    nothing is left to compare it with."""
    from .comparison import compare

    references = [other for other in library if other.finding_id != finding.finding_id]
    return compare(finding, references, basis=basis) if references else None


def _write_html(work: Path, context: dict) -> str:
    """``index.html``, self-contained (charts embedded); its text is also what the PDF is printed from."""
    html = environment().get_template("finding.html.j2").render(**context)
    (work / "index.html").write_text(html, encoding="utf-8")
    return html


def _write_markdown(work: Path, context: dict, charts: dict[str, bytes]) -> None:
    """``report.md`` and the PNG files it links to: Markdown cannot embed an image."""
    for name, png in charts.items():
        (work / f"{name}.png").write_bytes(png)
    markdown = environment(markdown=True).get_template("finding.md.j2").render(**context)
    (work / "report.md").write_text(markdown, encoding="utf-8")


def _write_pdf(work: Path, html: str) -> None:
    """``report.pdf``, printed from the HTML page; weasyprint is imported only when a PDF is asked for."""
    import weasyprint

    weasyprint.HTML(string=html, base_url=str(work)).write_pdf(work / "report.pdf")


def _write_data(work: Path, finding: Finding, summary: dict, comparison: Comparison | None) -> None:
    """The figures and rows for scripts: ``summary.json`` (the finding's object of ``origins summary --json``),
    ``comparison.json`` when there is a library, and the enriched rows as ``components.parquet``."""
    (work / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False), "utf-8")
    if comparison:
        (work / "comparison.json").write_text(comparison.to_json(indent=2), "utf-8")
    as_text(finding.data, ADDED).to_parquet(work / "components.parquet", index=False)


#: What each worker process of ``write_reports(jobs=N)`` needs, set once per process; and the file it last read.
_WORKER: dict = {}


def _start_worker(settings: dict) -> None:
    _WORKER.clear()
    _WORKER.update(settings)


def _write_in_worker(path: str, finding_id: str) -> Entry:
    """One finding's report, in a worker process: its file is read once per worker, on its first finding."""
    settings = _WORKER
    if settings.get("path") != path:
        try:
            loaded = load_findings(path, manufacturers=settings["manufacturers"], **settings["read_options"])
        except Exception as error:  # read once already by the parent: only a fault of this process lands here
            return Entry(path, error=f"{path}: cannot be read ({describe_error(error)})")
        settings.update(path=path, findings={finding.finding_id: finding for finding in loaded})
    return _write_entry(settings["findings"][finding_id], path, settings)


def _write_entry(finding: Finding, path: str, settings: Mapping) -> Entry:
    """Write one finding's report; whatever it raises becomes its entry, so one finding never stops the others.

    KeyboardInterrupt is not caught, so Ctrl-C still stops the run.
    """
    try:
        write_finding(
            finding, settings["out"], formats=settings["formats"], basis=settings["basis"], library=settings["library"]
        )
    except InputError as error:
        return Entry(path, error=f"{path}: finding {finding.finding_id}: {error}")
    except Exception as error:  # a chart, a template, a full disk
        return Entry(path, error=f"{path}: finding {finding.finding_id}: report failed ({describe_error(error)})")
    return Entry(path, finding.finding_id)


def _documented(
    library: Sequence[str | Path], manufacturers, include_synthetic: bool
) -> tuple[list[Finding], list[str]]:
    """The findings of the library files and folders, and the ids of synthetic ones left out of it."""
    documented = [f for path in finding_files(library) for f in load_findings(path, manufacturers=manufacturers)]
    if include_synthetic:
        return documented, []
    synthetic = [f.finding_id for f in documented if f.metadata.get("synthetic")]
    return [f for f in documented if not f.metadata.get("synthetic")], synthetic


def write_reports(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    formats: Sequence[str] = ("html", "md"),
    basis: str = "brand",
    manufacturers=None,
    jobs: int = 1,
    progress: Callable[[int, int, list[Entry]], None] | None = None,
    library: Sequence[str | Path] = (),
    read_options: Mapping | None = None,
    include_synthetic: bool = False,
) -> list[Entry]:
    """Report every finding under ``paths`` into ``out`` and write ``out/index.html``; return the entries.

    ``library``: files or folders of documented findings each report is compared with (see
    :func:`write_finding`); a library file that can't be used is an error, as the comparison would be wrong.
    Findings marked synthetic in their metadata are left out of the library unless ``include_synthetic``, so
    that a real finding is never compared with invented data by default.
    ``read_options`` (``layout``, ``columns``, ``encoding``, ``sheet``, the ``max_*`` limits) say how to read the files
    of ``paths``. With ``jobs`` above 1 the findings (not the files) are shared among that many processes, so a
    database of many findings in one file is reported in parallel; ``progress`` is called after each finding.
    Two findings with the same ``finding_id`` would share a folder: both are reported as errors.
    One run at a time writes into ``out`` (a second one stops with an :class:`InputError`); what a killed run
    left there is repaired first (see :func:`analysis.output.recover`).
    """
    from .aggregate import summaries

    out = Path(out)
    files = finding_files(paths)
    created = not out.exists()  # a run that reports nothing leaves no folder it made behind
    out = check_folder(out)
    entries: list[Entry] = []
    try:
        documented, _ = _documented(library, manufacturers, include_synthetic)
        settings = {
            "out": out, "formats": tuple(formats), "basis": basis, "library": documented,
            "manufacturers": manufacturers, "read_options": dict(read_options or {}),
        }  # fmt: skip
        with locked(out):
            recover(out)
            failed: list[Entry] = []
            work: list[tuple[str, Finding, dict]] = []  # (file, finding, its summary), in file order
            for path in files:
                try:
                    findings = load_findings(path, manufacturers=manufacturers, **settings["read_options"])
                    work += zip([str(path)] * len(findings), findings, summaries(findings, basis=basis), strict=True)
                except InputError as error:
                    failed.append(Entry(str(path), error=str(error)))
                except Exception as error:  # an unforeseen fault in this file: reported, the run goes on
                    failed.append(Entry(str(path), error=f"{path}: cannot be read ({describe_error(error)})"))
            total, entries = len(failed) + len(work), list(failed)
            if progress and failed:
                progress(len(failed), total, entries)
            written: list = [None] * len(work)
            if jobs > 1 and len(work) > 1:
                with ProcessPoolExecutor(
                    max_workers=min(jobs, len(work)), initializer=_start_worker, initargs=(settings,)
                ) as pool:
                    futures = {
                        pool.submit(_write_in_worker, path, finding.finding_id): number
                        for number, (path, finding, _) in enumerate(work)
                    }
                    for future in as_completed(futures):  # progress as each finding is done, in whatever order
                        number = futures[future]
                        try:
                            written[number] = future.result()
                        except Exception as error:  # a worker that died (out of memory, killed) fails its finding
                            path, finding, _ = work[number]
                            written[number] = Entry(
                                path,
                                error=f"{path}: finding {finding.finding_id}: report failed ({describe_error(error)})",
                            )
                        entries.append(written[number])
                        if progress:
                            progress(len(entries), total, entries)
            else:
                for number, (path, finding, _) in enumerate(work):
                    written[number] = _write_entry(finding, path, settings)
                    entries.append(written[number])
                    if progress:
                        progress(len(entries), total, entries)
            for entry, (_, _, summary) in zip(written, work, strict=True):
                entry.summary = None if entry.error else summary
            entries = _flag_shared_ids(failed + written)
            if not (created and holds_nothing(out)):
                write_index(out, entries, basis=basis)
    finally:
        if created and holds_nothing(out):
            discard(out)
    return entries


def _flag_shared_ids(entries: list[Entry]) -> list[Entry]:
    """Findings of one ``finding_id`` from several files overwrote each other's folder: each becomes an error."""
    sources: dict[str, list[str]] = {}
    for entry in entries:
        if entry.finding_id:
            sources.setdefault(entry.finding_id, []).append(entry.source)
    shared = {finding_id: files for finding_id, files in sources.items() if len(files) > 1}
    return [
        Entry(
            entry.source,
            entry.finding_id,
            error=f"finding_id {entry.finding_id} is also in {', '.join(shared[entry.finding_id])}: "
            "its report folder holds only one of them; give each finding its own id",
        )  # fmt: skip
        if entry.finding_id in shared
        else entry
        for entry in entries
    ]


def write_index(out: Path, entries: Sequence[Entry], *, basis: str) -> Path:
    """``out/index.html``: every finding with its headline numbers and a link, and every file that failed."""
    html = environment().get_template("index.html.j2").render(
        entries=entries, basis=basis, version=__version__, unknown_range=unknown_range,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )  # fmt: skip
    return write_text(out / "index.html", html)


def progress_printer(stream: TextIO | None = None) -> Callable[[int, int, list[Entry]], None]:
    """A progress bar on a terminal, plain lines otherwise; on standard error unless told."""
    stream = stream or sys.stderr
    tty = stream.isatty()

    def show(done: int, total: int, entries: list[Entry]) -> None:
        last = entries[-1] if entries else None
        name = (last.finding_id or Path(last.source).name) if last else ""
        state = "failed" if last and last.error else "done"
        if tty:
            filled = int(30 * done / total)
            stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {name[:40]:<40}")
            if done == total:
                stream.write("\n")
        else:
            stream.write(f"[{done}/{total}] {name}: {state}\n")
        stream.flush()

    return show


def write_comparison(comparison: Comparison, out: str | Path) -> Path:
    """``out/index.html`` (self-contained, charts embedded) and ``out/comparison.json``; return the page."""

    out = check_folder(out, "--report")
    charts = _pngs(
        {
            "shares": lambda ax: comparison.plot.shares(ax=ax),
            "years": lambda ax: comparison.plot.years(ax=ax),
        },
        sizes={"shares": (8.5, 0.55 * min(len(comparison.shares), 10) + 2.6)},
    )
    counts = comparison.counts
    html = render(
        "comparison.html.j2",
        c=comparison,
        new=counts.iloc[0],
        known_reference=int(counts["known_origin"].iloc[1:].sum()),
        unknown_reference=int(counts["unknown_origin"].iloc[1:].sum()),
        headlines=comparison_headlines(comparison),
        charts={name: (COMPARISON_CHARTS[name], base64.b64encode(png).decode()) for name, png in charts.items()},
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
    with locked(out, "--report"):
        write_text(out / "comparison.json", comparison.to_json(indent=2))
        return write_text(out / "index.html", html)
