"""`python -m forumreach …`: the interface other tools rely on, so its columns stay stable."""

from __future__ import annotations

import argparse
import sys

from forumreach import DEFAULT_VINTAGE, gazetteer


def cmd_units(args: argparse.Namespace) -> int:
    table = gazetteer.units_table(args.vintage)
    if args.level:
        table = table[table.level.isin(args.level)]
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(table.to_json(orient="records", force_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m forumreach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    units = sub.add_parser("units", help="print the gazetteer of LSG bodies, rayons and oblasts")
    units.add_argument("--format", choices=("csv", "json"), default="csv")
    units.add_argument("--vintage", default=DEFAULT_VINTAGE)
    units.add_argument("--level", action="append", choices=gazetteer.LEVELS)
    units.set_defaults(func=cmd_units)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `… | head` closed the pipe: not an error for a CLI
        sys.stderr.close()
        return 0
