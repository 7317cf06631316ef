"""The `origins` command: a thin face over the library that parses arguments, prints and sets the exit code.

Heavy libraries (pandas, matplotlib, pandera) are imported inside the commands, so `origins --help` answers
at once. Exit codes: 0 done, 1 some rows or findings are invalid, 2 a file or an argument can't be used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

DEFAULT_FINDINGS = "datasets/findings"


def _mapping(args: argparse.Namespace) -> dict[str, str] | None:
    from .io import load_mapping

    return load_mapping(args.columns) if args.columns else None


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    import pandas as pd

    from .io import finding_files, read
    from .schema import validate

    columns = _mapping(args)
    components = findings = bad_rows = 0
    problems = 0
    for path in finding_files(args.files):
        result = validate(read(path, columns=columns))
        for warning in result.warnings:
            _warn(f"{path}: {warning}")
        for problem in result.problems:
            print(problem)
        problems += len(result.problems)
        bad_rows += len(result.rejected)
        components += len(result.valid) + len(result.rejected)
        findings += pd.concat([result.valid["finding_id"], result.rejected["finding_id"]]).nunique()
    plural = "finding" if findings == 1 else "findings"
    if problems:
        print(f"{components} components in {findings} {plural}: {bad_rows} rows invalid ({problems} problems)")
        return 1
    print(f"{components} components in {findings} {plural}, no problems")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="origins",
        description="Where the electronic parts found in weapon debris come from, and when they were made.",
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument("--columns", metavar="MAP", help="JSON or YAML file mapping your column names to ours")
        return sub

    validate = command("validate", "check finding files and list every problem, one line each", cmd_validate)
    validate.add_argument("files", nargs="+", metavar="FILE", help="finding files or folders")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .io import InputError

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
