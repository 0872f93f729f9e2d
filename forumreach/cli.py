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


def cmd_match(args: argparse.Namespace) -> int:
    from forumreach import ingest, pipeline

    try:
        matched = pipeline.match_file(args.file, sheet=args.sheet, vintage=args.vintage)
    except ingest.IngestError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    table = matched.participants[MATCH_COLUMNS].copy()
    table["is_head"] = table.is_head.map({True: "true", False: "false"})
    table.to_csv(args.out, index=False, lineterminator="\n")
    summary = ", ".join(f"{k} {v}" for k, v in matched.summary.items())
    print(f"{args.file}: {len(table)} participant rows ({summary}) -> {args.out}", file=sys.stderr)
    return 0


# The columns other tools read from `match --out`: append, never rename or reorder.
MATCH_COLUMNS = [
    "source_row", "unit_soate", "rayon_soate", "oblast_soate", "match_status", "match_score",
    "role", "is_head", "match_reason", "organisation", "rayon_text", "oblast_text", "position",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m forumreach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    units = sub.add_parser("units", help="print the gazetteer of LSG bodies, rayons and oblasts")
    units.add_argument("--format", choices=("csv", "json"), default="csv")
    units.add_argument("--vintage", default=DEFAULT_VINTAGE)
    units.add_argument("--level", action="append", choices=gazetteer.LEVELS)
    units.set_defaults(func=cmd_units)

    match = sub.add_parser("match", help="match a registration sheet to LSG bodies")
    match.add_argument("file")
    match.add_argument("--sheet", default=None)
    match.add_argument("--out", required=True)
    match.add_argument("--vintage", default=DEFAULT_VINTAGE)
    match.set_defaults(func=cmd_match)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `… | head` closed the pipe: not an error for a CLI
        sys.stderr.close()
        return 0
