"""The `origins` command: a thin face over the library that parses arguments, prints and sets the exit code.

Heavy libraries (pandas, matplotlib, pandera) are imported inside the commands, so `origins --help` answers
at once. Exit codes: 0 done, 1 some rows or findings are invalid, 2 a file or an argument can't be used.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .defaults import BASES, EARLIEST, SANCTIONS_DAY

DEFAULT_FINDINGS = "datasets/findings"
#: The options that say how to read a file, by their argparse name: repeated in every hint to run `validate`.
READ_FLAGS = {
    "layout": "--layout", "columns": "--columns", "encoding": "--encoding", "sheet": "--sheet",
    "max_size": "--max-size", "max_columns": "--max-columns", "max_cell": "--max-cell",
    "max_sheet_cells": "--max-sheet-cells", "earliest": "--earliest",
}  # fmt: skip
#: What ``add_subparsers`` returns, to which each subcommand is added.
Commands = argparse._SubParsersAction


def _mapping(args: argparse.Namespace) -> dict[str, str] | None:
    from .io import load_mapping

    return load_mapping(args.columns) if args.columns else None


def _read_options(args: argparse.Namespace) -> dict:
    """How to read each file, as the user asked: layout, column mapping, encoding, Excel sheet, size limit."""
    from .databases import load_layout

    size = getattr(args, "max_size", None)
    layout = getattr(args, "layout", None)
    return {
        "columns": _mapping(args),
        "layout": load_layout(layout) if layout else None,
        "encoding": getattr(args, "encoding", None),
        "sheet": getattr(args, "sheet", None),
        "max_size": None if size is None else size * 1024**2,
        "max_columns": getattr(args, "max_columns", None),
        "max_cell": getattr(args, "max_cell", None),
        "max_sheet_cells": getattr(args, "max_sheet_cells", None),
    }


def _load_options(args: argparse.Namespace) -> dict:
    """How to read and enrich each file: :func:`_read_options` and the earliest plausible day of manufacture."""
    return _read_options(args) | {"earliest": args.earliest, "chpl_version": getattr(args, "chpl_version", None)}


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def _validate_command(args: argparse.Namespace, path: str | Path) -> str:
    """The `origins validate` command that lists a file's problems, read as this command read it."""
    words = ["origins", "validate", str(path)]
    for name, flag in READ_FLAGS.items():
        value = getattr(args, name, None)
        if value is not None and not (name == "earliest" and value == EARLIEST):
            words += [flag, str(value)]
    return shlex.join(words)


def _explained(error: str, args: argparse.Namespace, path: str | Path) -> str:
    """A file's error, with the command that says why when every row was rejected."""
    from .finding import NO_USABLE_ROWS

    return f"{error}; `{_validate_command(args, path)}` says why" if NO_USABLE_ROWS in error else error


def _checkout_default(path: str, instead: str) -> str:
    """The checkout's folder of documented findings, or an error saying it is a default and what to do instead."""
    from .errors import InputError

    if not Path(path).is_dir():
        raise InputError(
            f"{path}: no such folder here (the default inside a checkout of the project): {instead}, "
            "or copy the bundled findings with `origins examples --copy DIR`"
        )
    return path


def cmd_validate(args: argparse.Namespace) -> int:
    import pandas as pd

    from .chpl import code_warnings
    from .io import finding_files, read
    from .prose import plural
    from .schema import SLUG, validate

    options = _read_options(args)
    components = findings = bad_rows = undated = repeats = 0
    problems = 0
    for path in finding_files(args.files):
        raw = read(path, **options)
        result = validate(raw)
        notes, read_warnings = raw.attrs.get("notes", []), raw.attrs.get("warnings", [])
        del raw  # only the rows split are needed from here, and the date warnings enrich them
        for note in notes:
            _note(f"{path}: {note}")
        for warning in read_warnings + result.warnings:
            _warn(f"{path}: {warning}")
        for problem in result.problems:
            print(problem)
        for warning in _date_warnings(path, result.valid, args.earliest):
            _warn(warning)
            undated += 1
        for warning in code_warnings(result.valid):
            _warn(warning)
        problems += len(result.problems)
        bad_rows += len(result.rejected)
        repeats += len(result.duplicates)
        components += len(result.valid) + len(result.rejected)
        ids = pd.concat([result.valid["finding_id"], result.rejected["finding_id"]])
        findings += ids[ids.str.fullmatch(SLUG[1:-1], na=False)].nunique()  # a malformed id names no finding
    if undated:
        _warn(f"{undated} date codes have no reading and are kept as undated")
    repeated = f" ({repeats} exact duplicate rows counted once)" if repeats else ""
    counted = f"{components} {plural(components, 'component')} in {findings} {plural(findings, 'finding')}{repeated}"
    if problems:
        print(f"{counted}: {bad_rows} {plural(bad_rows, 'row')} invalid ({problems} {plural(problems, 'problem')})")
        return 1
    print(f"{counted}, no problems")
    return 0


def _date_warnings(path, rows, earliest: str) -> list[str]:
    """One line per valid row whose date code has no reading (file:line, value, why); the row is kept."""
    if rows.empty or "date_code" not in rows:
        return []
    from .enrich import enrich
    from .finding import _metadata

    enriched, _ = enrich(rows, recovered_on=_metadata(path).get("recovered_on"), earliest=earliest)
    bad = enriched[enriched["date_problem"].notna()]
    return [
        f"{file}:{line}: column 'date_code': got {code!r}, {problem} (kept as undated)"
        for file, line, code, problem in bad[["source_file", "source_line", "date_code", "date_problem"]].itertuples(
            index=False
        )
    ]


def _load(args: argparse.Namespace, paths) -> tuple[list, list[str]]:
    """Every finding in the given files, and the one-line errors of files that could not be used."""
    from .errors import InputError
    from .finding import load_findings
    from .io import finding_files

    options = _load_options(args)
    findings, errors = [], []
    for path in finding_files(paths):
        try:
            loaded = load_findings(path, manufacturers=args.manufacturers, **options)
        except InputError as error:
            errors.append(_explained(str(error), args, path))
            continue
        for note in loaded[0].notes:
            _note(f"{path}: {note}")
        for warning in dict.fromkeys(loaded[0].warnings):
            _warn(f"{path}: {warning}")
        rejected = sum(f.count("rejected") for f in loaded)
        if rejected:
            read_rows = sum(f.rows_read for f in loaded)
            _warn(
                f"{path}: {rejected} of {read_rows} rows rejected and set aside, {read_rows - rejected} used "
                f"(see `{_validate_command(args, path)}`)"
            )
        findings.extend(loaded)
    return findings, errors


def _exit_code(findings: list, errors: list[str], strict: bool) -> int:
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors and not findings:
        return 2
    if errors or (strict and any(f.count("rejected") for f in findings)):
        return 1
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    import json

    from .aggregate import SHARE_COLUMNS, summaries, summary_table
    from .prose import summary_text

    findings, errors = _load(args, args.files)
    figures = summaries(findings, basis=args.basis)
    style = "json" if args.json else args.format
    code = _exit_code(findings, errors, args.strict)
    if code and style in ("json", "csv"):
        return code  # a script reads stdout only on success: a partial answer would pass for a whole one
    if style == "json":
        print(json.dumps({"findings": figures}, indent=2, ensure_ascii=False, allow_nan=False))
    elif style == "text":
        for summary in figures:
            print(summary_text(summary))
    elif figures:
        table = summary_table(figures)
        if style == "csv":
            from .report import neutralise

            neutralise(table).to_csv(sys.stdout, index=False, float_format="%.4f", lineterminator="\n")
        else:
            shares = {name: table[name].map(lambda x: f"{x:.1%}", na_action="ignore") for name in SHARE_COLUMNS}
            ids = table["finding_id"].map(lambda text: text if len(text) <= 48 else text[:47] + "…")  # csv: whole
            width = int(ids.str.len().max())
            table = table.drop(columns=["title"]).assign(finding_id=ids.str.ljust(width), **shares).fillna("")
            print(table.rename(columns={"finding_id": "finding_id".ljust(width)}).to_string(index=False))
    return code


def cmd_report(args: argparse.Namespace) -> int:
    from .report import FORMATS, progress_printer, write_reports

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        print(f"error: --format: unknown {', '.join(unknown)}; expected some of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    paths = args.paths or [_checkout_default(DEFAULT_FINDINGS, "name the finding files or folders to report")]
    entries = write_reports(
        paths, args.out, formats=formats, basis=args.basis,
        manufacturers=args.manufacturers, jobs=args.jobs, progress=progress_printer(), library=args.library,
        read_options=_load_options(args), include_synthetic=args.include_synthetic,
    )  # fmt: skip
    written = [e for e in entries if not e.error]
    errors = [_explained(e.error, args, e.source) for e in entries if e.error]
    if not entries:
        errors.append(f"no finding files in {' '.join(map(str, paths))}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if not any(e.finding_id for e in entries):
        return 2  # no file could be used: nothing was written, and no folder made for it
    rejected = sum(e.summary["rejected"] for e in written)
    if rejected:
        _warn(f"{rejected} rows rejected and set aside; each report lists them")
    print(f"{len(written)} reports written to {args.out}/ (index: {args.out}/index.html)")
    return 1 if errors or (args.strict and rejected) else 0


def cmd_enrich(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from .finding import ADDED, rows_of
    from .output import atomic_path, check_file, text_slices, write_parquet
    from .report import FORMULA_START, neutralise

    suffix = args.out.rsplit(".", 1)[-1].lower()
    if suffix not in ("csv", "parquet"):
        print(f"error: --out {args.out}: expected a .parquet or .csv file name", file=sys.stderr)
        return 2
    check_file(args.out, args.file)  # before the work, and never over the input
    findings, errors = _load(args, [args.file])
    if errors:
        return _exit_code(findings, errors, args.strict)
    repeats, code = sum(f.count("duplicates") for f in findings), _exit_code(findings, errors, args.strict)
    parts = [
        rows_of(findings).assign(rejected=pd.NA),
        rows_of(findings, "rejected"),
        rows_of(findings, "duplicates").assign(rejected=pd.NA),
    ]
    del findings  # their rows are copied into one frame: let theirs go
    rows = pd.concat(parts, ignore_index=True)
    del parts
    order = np.argsort(rows["source_line"].to_numpy(), kind="stable")  # the file's order, without a sorted copy
    with atomic_path(args.out) as temporary:  # a killed run leaves the previous file whole
        if suffix == "csv":
            with open(temporary, "w", encoding="utf-8", newline="") as handle:
                for number, part in enumerate(text_slices(rows, ADDED, order)):
                    safe = neutralise(part)  # a user's own column name is a cell of the header row too
                    safe.columns = ["'" + str(c) if str(c).startswith(FORMULA_START) else c for c in safe.columns]
                    # CRLF records: a CR or LF inside a cell is then quoted, so no cell can start a record of its own
                    safe.to_csv(handle, index=False, header=number == 0, lineterminator="\r\n")
        else:
            write_parquet(rows, temporary, ADDED, order)
    print(
        f"{len(rows)} rows written to {args.out} ({int(rows['rejected'].notna().sum())} rejected"
        + (f", {repeats} exact duplicates of another row, see duplicate_of)" if repeats else ")")
    )
    return code


def cmd_manufacturers(args: argparse.Namespace) -> int:
    import pandas as pd

    from .io import finding_files, read
    from .manufacturers import load_table, resolve, stated_countries, template, unresolved_brands

    options = _read_options(args)
    frames = [read(path, **options) for path in finding_files(args.files)]
    for path, frame in zip(finding_files(args.files), frames, strict=True):
        for warning in frame.attrs.get("warnings", []):
            _warn(f"{path}: {warning}")
    frames = [f for f in frames if "manufacturer" in f]
    if not frames:
        print("no brands to resolve: no manufacturer column in the given files")
        return 0
    brands = pd.concat([f["manufacturer"] for f in frames], ignore_index=True)
    stated = pd.concat([stated_countries(f) for f in frames], ignore_index=True)
    table = load_table(args.manufacturers)
    if args.unresolved or args.template:
        listing = unresolved_brands(brands, table, stated=stated)
        if args.template:
            source = ", ".join(Path(name).name for name in args.files)
            try:
                template(listing, source).to_csv(args.template, index=False, encoding="utf-8")
            except OSError as error:
                print(f"error: --template {args.template}: cannot write ({error.strerror})", file=sys.stderr)
                return 2
            _note(
                f"{listing['brand'].nunique()} unknown brands written to {args.template}: fill it in, then use it "
                "with --manufacturers"
            )
        if listing.empty:
            print("every brand resolves")
            return 0
        shown = listing.drop(columns="brand").fillna("")
        shown["manufacturer"] = shown["manufacturer"].str.slice(0, 60)  # long supplier text would widen every line
        widths = {column: int(shown[column].str.len().max()) for column in ("manufacturer", "suggestions")}
        left = {column: lambda text, w=width: f"{text:<{w}}" for column, width in widths.items()}
        print(shown.to_string(index=False, justify="left", formatters=left))
        return 0
    resolved = resolve(brands, table).assign(manufacturer=brands.str.strip())
    listing = (
        resolved.groupby(["manufacturer", "company_match"], dropna=False)
        .agg(count=("manufacturer", "size"), company=("company", "first"), country=("reference_country", "first"))
        .reset_index()
        .sort_values(["count", "manufacturer"], ascending=[False, True])
    )
    print(listing.fillna("").to_string(index=False))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .comparison import compare

    new, errors = _load(args, [args.new])
    if not errors and args.new_finding:
        new = _chosen(new, [args.new_finding], args.new, errors)
    if errors or len(new) != 1:
        if len(new) > 1:
            errors.append(f"{args.new}: holds {len(new)} findings; choose one with --new-finding ID")
        return _exit_code([], errors, args.strict)
    default = args.library == [DEFAULT_FINDINGS]
    sources = args.against or (
        [_checkout_default(DEFAULT_FINDINGS, "give --library DIR or --against FILE")] if default else args.library
    )
    references, errors = _load(args, sources)
    if args.finding and not errors:
        references = _chosen(references, args.finding, " ".join(sources), errors)
    if errors:
        return _exit_code([], errors, args.strict)
    if not args.against and not args.include_synthetic:
        synthetic = [f.finding_id for f in references if f.metadata.get("synthetic")]
        if synthetic:
            _note(f"left out of the library as synthetic: {', '.join(synthetic)} (--include-synthetic to keep)")
        references = [f for f in references if not f.metadata.get("synthetic")]
    references = [finding for finding in references if finding.finding_id != new[0].finding_id]
    if not references:
        errors.append(f"no documented finding to compare {new[0].finding_id} with in {' '.join(sources)}")
        return _exit_code([], errors, args.strict)
    comparison = compare(new[0], references, basis=args.basis, after=args.after)
    code = _exit_code(new + references, errors, args.strict)
    if not args.json:
        print(comparison)
    elif code == 0:  # as for summary: nothing on stdout unless the answer is whole
        print(comparison.to_json(indent=2))
    if args.report:
        from .report import write_comparison

        page = write_comparison(comparison, args.report)
        print(f"comparison report written to {page}", file=sys.stderr if args.json else sys.stdout)
    return code


def cmd_examples(args: argparse.Namespace) -> int:
    import shutil

    from . import datasets

    if not args.copy:
        for name in datasets.names():
            print(f"{name}  {datasets.path(name)}")
        return 0
    from .errors import InputError

    out = Path(args.copy)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in datasets.names():
            for source in (datasets.path(name), datasets.path(name).with_suffix(".yaml")):
                if source.exists():
                    shutil.copy(source, out / source.name)
    except OSError as error:
        raise InputError(f"{out}: cannot copy the findings there ({error.strerror})") from None
    print(f"{len(datasets.names())} findings copied to {out}/ (try `origins report {shlex.quote(str(out))}`)")
    return 0


def _chosen(findings: list, ids: list[str], where: str, errors: list[str]) -> list:
    """The findings named by ``ids``, in that order; an id not among them is an error naming some that are."""
    by_id = {finding.finding_id: finding for finding in findings}
    unknown = [finding_id for finding_id in ids if finding_id not in by_id]
    if unknown:
        known = ", ".join(list(by_id)[:5]) + (f" and {len(by_id) - 5} more" if len(by_id) > 5 else "")
        errors.append(f"{where}: no finding {', '.join(unknown)}; it holds {known}")
        return []
    return [by_id[finding_id] for finding_id in dict.fromkeys(ids)]


def _day(text: str) -> str:
    """An ISO day for an option, or argparse's one-line error."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None


class _Version(argparse.Action):
    """argparse's ``version`` action, reading the installed version only when asked: importing the package
    metadata would double the time ``origins --help`` takes."""

    def __init__(self, option_strings: Sequence[str], dest: str, **options) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **options)

    def __call__(self, parser: argparse.ArgumentParser, *_) -> None:
        from . import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


def _chpl_version(text: str) -> str:
    """A shipped version of the Common High Priority List, or argparse's one-line error naming them."""
    from .chpl import versions

    if text not in versions():
        raise argparse.ArgumentTypeError(f"no CHPL version {text!r}; shipped: {', '.join(versions())}")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The `origins` command and its subcommands, in the order `origins --help` lists them."""
    parser = argparse.ArgumentParser(
        prog="origins",
        description="Where the electronic parts found in weapon debris come from, and when they were made.",
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_summary, _add_report, _add_compare, _add_enrich, _add_manufacturers, _add_examples, _add_validate):
        add(commands)
    return parser


def _command(commands: Commands, name: str, help_text: str, handler) -> argparse.ArgumentParser:
    """A subcommand that reads finding files: the options that say how to read a file, the same in each."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    sub.add_argument(
        "--layout", metavar="FILE|NAME",
        help="how to read a foreign database: a layout YAML file or a bundled layout's name "
        "(default: recognised by the file's header)",
    )  # fmt: skip
    sub.add_argument("--columns", metavar="MAP", help="JSON or YAML file mapping your column names to ours")
    sub.add_argument(
        "--encoding", help="text encoding of CSV/JSON files (default: UTF-8, UTF-16 with BOM, else Windows-1252)"
    )
    sub.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (default: 'components', else the first)")
    sub.add_argument("--max-size", type=int, metavar="MB", help="read files (or xlsx parts) above 512 MB")
    sub.add_argument("--max-columns", type=int, metavar="N", help="read files of more than 1,000 columns")
    sub.add_argument("--max-cell", type=int, metavar="N", help="read cells of more than 32,767 characters")
    sub.add_argument(
        "--max-sheet-cells", type=int, metavar="N", help="read Excel sheets using more than 10,000,000 cells"
    )
    return sub


def _finding_command(commands: Commands, name: str, help_text: str, handler) -> argparse.ArgumentParser:
    """A subcommand that loads findings: :func:`_command`'s options, and how to resolve, count and screen parts."""
    sub = _command(commands, name, help_text, handler)
    sub.add_argument("--manufacturers", metavar="CSV", help="your own manufacturer table, adding to or overriding ours")
    sub.add_argument("--basis", choices=BASES, default="brand", help="count origin by (default: brand)")
    sub.add_argument("--strict", action="store_true", help="exit 1 when any row is rejected")
    sub.add_argument(
        "--chpl-version", metavar="VERSION", type=_chpl_version,
        help="the version of the Common High Priority List parts are screened against (default: the latest)",
    )  # fmt: skip
    _earliest_option(sub)
    return sub


def _add_summary(commands: Commands) -> None:
    """`origins summary`: text for people, a table, or JSON and CSV for scripts."""
    summary = _finding_command(commands, "summary", "headline figures of each finding", cmd_summary)
    summary.add_argument("files", nargs="+", metavar="FILE", help="finding files or folders")
    summary.add_argument(
        "--format", choices=("text", "table", "json", "csv"), default="text",
        help="text: a block per finding (default); table or csv: one row per finding; "
        'json: one object {"findings": [...]}',
    )  # fmt: skip
    summary.add_argument("--json", action="store_true", help="the same as --format json")


def _add_report(commands: Commands) -> None:
    """`origins report`: where the pages go, in which formats, how many at once, and the library to compare with."""
    report = _finding_command(commands, "report", "write a report for every finding, and an index", cmd_report)
    report.add_argument(
        "paths", nargs="*", metavar="PATH", help=f"finding files or folders (default: {DEFAULT_FINDINGS})"
    )
    report.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    report.add_argument("--format", default="html,md", help="any of html,md,pdf (default: html,md)")
    report.add_argument("--jobs", type=int, default=1, metavar="N", help="findings reported in parallel")
    report.add_argument(
        "--library", nargs="+", default=[], metavar="PATH",
        help="documented findings (files or folders) each report is compared with",
    )  # fmt: skip
    report.add_argument(
        "--include-synthetic", action="store_true", help="keep the findings marked synthetic in the library"
    )


def _add_compare(commands: Commands) -> None:
    """`origins compare`: the new finding, and either named references or a library (not both), and the day
    after which a part counts as made after."""
    compared = _finding_command(commands, "compare", "what is new in a finding, against documented ones", cmd_compare)
    compared.add_argument("new", metavar="NEW", help="the new finding's file")
    compared.add_argument(
        "--new-finding", metavar="ID", help="the finding of NEW to compare, when NEW holds several (a database)"
    )
    against = compared.add_mutually_exclusive_group()
    against.add_argument("--against", nargs="+", metavar="REF", help="reference finding files or folders")
    against.add_argument(
        "--library", nargs="+", default=[DEFAULT_FINDINGS], metavar="PATH",
        help="compare with every finding in these files or folders but the new one, pooled, and rank them "
        f"(default: {DEFAULT_FINDINGS}); synthetic findings are left out",
    )  # fmt: skip
    compared.add_argument(
        "--finding", action="append", metavar="ID",
        help="only this finding of the references (repeat for several), e.g. one weapon of a database",
    )  # fmt: skip
    compared.add_argument(
        "--include-synthetic", action="store_true", help="keep the findings marked synthetic in the library"
    )
    compared.add_argument("--json", action="store_true", help="the whole comparison as one JSON object on stdout")
    compared.add_argument("--report", metavar="DIR", help="also write an HTML comparison report into DIR")
    compared.add_argument(
        "--after", type=_day, default=SANCTIONS_DAY, metavar="DAY",
        help=f"count dated parts made after this day (default: {SANCTIONS_DAY})",
    )  # fmt: skip


def _add_enrich(commands: Commands) -> None:
    """`origins enrich`: one file in, its every row out with what the package found, as Parquet or CSV."""
    help_text = "write every row with its company, country and manufacture date"
    enrich = _finding_command(commands, "enrich", help_text, cmd_enrich)
    enrich.add_argument("file", metavar="FILE", help="a finding file")
    enrich.add_argument("--out", required=True, metavar="OUT", help="output file, .parquet or .csv")


def _add_manufacturers(commands: Commands) -> None:
    """`origins manufacturers`: reads brands only, so it takes a manufacturer table but none of the finding options."""
    help_text = "how the brands in finding files resolve to companies"
    makers = _command(commands, "manufacturers", help_text, cmd_manufacturers)
    makers.add_argument("files", nargs="+", metavar="FILE", help="finding files or folders")
    makers.add_argument(
        "--unresolved",
        action="store_true",
        help="only brands not in the table, most frequent first, with the file's country and closest table names",
    )
    makers.add_argument(
        "--template", metavar="OUT.csv", help="write the unknown brands as a manufacturer table to fill in"
    )
    makers.add_argument("--manufacturers", metavar="CSV", help="your own manufacturer table")


def _add_examples(commands: Commands) -> None:
    """`origins examples` reads no finding file, so it has none of the reading options."""
    examples = commands.add_parser(
        "examples", help="the findings shipped with the package", description="the findings shipped with the package"
    )
    examples.set_defaults(handler=cmd_examples)
    examples.add_argument("--copy", metavar="DIR", help="copy them (data and description) into DIR")


def _add_validate(commands: Commands) -> None:
    """`origins validate` reads and checks files without loading findings, but reads date codes as they would be."""
    validate = _command(commands, "validate", "check finding files and list every problem, one line each", cmd_validate)
    validate.add_argument("files", nargs="+", metavar="FILE", help="finding files or folders")
    _earliest_option(validate)


def _earliest_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--earliest", type=_day, default=EARLIEST, metavar="DAY",
        help=f"earliest plausible day a part was made; a date code read before it is a problem (default: {EARLIEST})",
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .errors import InputError

    try:
        return args.handler(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
