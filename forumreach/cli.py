"""`python -m forumreach …`: the interface other tools rely on, so its columns stay stable."""

from __future__ import annotations

import argparse
import sys

from forumreach import DEFAULT_VINTAGE, gazetteer


def cmd_units(args: argparse.Namespace) -> int:
    try:
        table = gazetteer.units_table(args.vintage)
    except gazetteer.GazetteerError as err:  # a vintage nobody loaded: one line, exit 2
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.level:
        table = table[table.level.isin(args.level)]
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(table.to_json(orient="records", force_ascii=False) + "\n")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    """Match a sheet. `--map` names columns by hand (a field given twice joins its columns:
    `--map name=Фамилия --map name=Имя`); `--explain` prints the columns taken and why to
    stderr, then matches, or stops there when no `--out` is given."""
    from forumreach import i18n, ingest, pipeline, reasons

    if args.out is None and not args.explain:
        print("error: give --out FILE (or --explain to see the columns only)", file=sys.stderr)
        return 2
    try:
        mapping = _mapping(args.map)
        if args.explain:
            guess = ingest.detect_header(args.file, sheet=args.sheet, mapping=mapping)
            print("\n".join(guess.explanation()), file=sys.stderr)
        if args.out is None:
            ingest.read_sheet(args.file, sheet=args.sheet, mapping=mapping)  # refuse as match would
            return 0
        matched = pipeline.match_file(args.file, sheet=args.sheet, mapping=mapping,
                                      vintage=args.vintage)
    except (ingest.IngestError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    table = matched.participants[MATCH_COLUMNS[:-1]].copy()
    table["is_head"] = table.is_head.map({True: "true", False: "false"})
    # The reason as readable English for people; its code and parameters for tools.
    table["reason_code"] = table.match_reason
    english = i18n.Translator("en")
    rendered = {r: reasons.render(r, english) for r in set(table.match_reason)}  # rows repeat
    table["match_reason"] = table.match_reason.map(rendered)
    table.to_csv(args.out, index=False, lineterminator="\n")
    summary = ", ".join(f"{k} {v}" for k, v in matched.summary.items())
    print(f"{args.file}: {len(table)} participant rows ({summary}) -> {args.out}", file=sys.stderr)
    return 0


# The columns other tools read from `match --out`: append, never rename or reorder.
MATCH_COLUMNS = [
    "source_row", "unit_soate", "rayon_soate", "oblast_soate", "match_status", "match_score",
    "role", "is_head", "match_reason", "organisation", "rayon_text", "oblast_text", "position",
    "reason_code",
]


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in a bare container
        return "cli"


def _read_password(args: argparse.Namespace) -> str:
    """From stdin (one line) for scripts, else a hidden prompt typed twice; never from argv."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    from forumreach import auth
    from forumreach.store import UserExistsError

    return _on_store(lambda store: _USERS[args.users_command](store, args),
                     refused=(auth.AuthError, UserExistsError, ValueError))


def _users_add(store, args: argparse.Namespace) -> int:
    from forumreach import auth

    password = None if args.oidc else _read_password(args)
    user = auth.create_user(store, args.name, args.role, password, oidc=args.oidc,
                            actor=_cli_actor())
    print(f"added {user.name} ({user.role}, {user.source})", file=sys.stderr)
    return 0


def _users_list(store, args: argparse.Namespace) -> int:
    from forumreach import auth

    table = auth.list_users(store)[["name", "role", "source", "disabled", "created_at"]]
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _users_disable(store, args: argparse.Namespace) -> int:
    from forumreach import auth

    if not auth.disable_user(store, args.name, actor=_cli_actor()):
        print(f"error: no user named {args.name!r}", file=sys.stderr)
        return 2
    print(f"disabled {args.name}", file=sys.stderr)
    return 0


def _users_password(store, args: argparse.Namespace) -> int:
    from forumreach import auth

    if not auth.set_password(store, args.name, _read_password(args), actor=_cli_actor()):
        print(f"error: no local user named {args.name!r}", file=sys.stderr)
        return 2
    print(f"changed the password of {args.name}", file=sys.stderr)
    return 0


_USERS = {
    "add": _users_add, "list": _users_list, "disable": _users_disable,
    "password": _users_password,
}


def _add_users_parser(sub) -> None:
    from forumreach.access import ROLES

    users = sub.add_parser(
        "users", help="manage sign-in accounts (database from FORUMREACH_DB_URL)"
    )
    users.set_defaults(func=cmd_users)
    verbs = users.add_subparsers(dest="users_command", required=True)
    add = verbs.add_parser("add", help="add a local account, or an OIDC identity with --oidc")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of stdin")
    how.add_argument("--oidc", action="store_true",
                     help="no password: the identity provider of st.login signs this e-mail in")
    verbs.add_parser("list", help="every user with role and state (never a hash)")
    disable = verbs.add_parser("disable", help="stop a user from signing in")
    disable.add_argument("name")
    password = verbs.add_parser("password", help="set a new password for a local account")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")


# --- import and reach (a series of events) ---------------------------------------------------


def _add_map_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER",
                        help="read FIELD (name, organisation, rayon, ...) from the column "
                             "headed HEADER; repeat for more fields")


def _mapping(pairs: list[str]) -> dict[str, str | list[str]] | None:
    """FIELD=HEADER pairs; a field named twice reads its columns joined (a split name)."""
    mapping: dict[str, str | list[str]] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise ValueError(f"--map takes FIELD=HEADER, not {pair!r}")
        field, header = field.strip(), header.strip()
        if field in mapping:
            before = mapping[field]
            mapping[field] = [*(before if isinstance(before, list) else [before]), header]
        else:
            mapping[field] = header
    return mapping or None


def _held_on(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--held-on takes a date as YYYY-MM-DD, not {text!r}") from None


def _on_store(work, refused: tuple = (ValueError,)) -> int:
    """Run `work(store)` on the store named by FORUMREACH_DB_URL (or the default file): bad
    input (`refused`) is one `error:` line and exit 2, an unreachable database exit 1."""
    from forumreach.store import Store, StoreUnavailable

    store = None
    try:
        store = Store()
        return work(store)
    except refused as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except StoreUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.engine.dispose()


def cmd_import(args: argparse.Namespace) -> int:
    """Save a sheet as an event the way the Import page does: the same pipeline, remembered
    review decisions, one transaction. Rows the matcher cannot decide are saved as unresolved
    (they count for nothing until a person decides them)."""
    from forumreach import ingest, pipeline

    try:
        held_on = _held_on(args.held_on)
        mapping = _mapping(args.map)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    def save(store) -> int:
        matched = pipeline.match_file(args.file, sheet=args.sheet, mapping=mapping,
                                      vintage=args.vintage,
                                      decisions=store.load_aliases(args.vintage))
        meta = {"slug": args.event, "title": args.title, "held_on": held_on}
        if args.programme:
            found = store.find_programme(args.programme)
            meta["programme_id"] = found["id"] if found else store.upsert_programme(
                args.programme, {"ky": args.programme, "ru": args.programme,
                                 "en": args.programme}, actor=_cli_actor())
        event_id = pipeline.save(matched, store, meta, actor=_cli_actor())
        summary = ", ".join(f"{k} {v}" for k, v in matched.summary.items())
        print(f"{args.file}: saved as event {args.event} (id {event_id}), "
              f"{len(matched.participants)} participant rows ({summary})", file=sys.stderr)
        return 0

    # EventConflictError (another file under a taken slug) is a ValueError.
    return _on_store(save, refused=(ingest.IngestError, ValueError))


def cmd_reach(args: argparse.Namespace) -> int:
    """Cumulative reach of the stored events (of one programme), by the Reach page's code."""
    import json

    from forumreach import events as stored
    from forumreach import reach

    def figures(store) -> int:
        vintage = args.vintage or stored.newest_vintage(store.list_events().vintage)
        events, participants = stored.stored_reach_input(store, vintage, args.programme)
        gaz = gazetteer.load(vintage)
        result = reach.as_json(reach.summarise(events, participants, gaz), gaz)
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0

    return _on_store(figures)


def cmd_programme(args: argparse.Namespace) -> int:
    """Programmes: add or rename one, list them, put an event into one (or into none)."""

    def change(store) -> int:
        if args.programme_command == "add":
            names = {"ky": args.ky, "ru": args.ru, "en": args.en}
            programme_id = store.upsert_programme(args.slug, names, args.donor,
                                                  actor=_cli_actor())
            print(f"programme {args.slug} (id {programme_id})", file=sys.stderr)
        elif args.programme_command == "list":
            store.list_programmes().to_csv(sys.stdout, index=False, lineterminator="\n")
        else:
            _assign(store, args)
        return 0

    return _on_store(change)


def _assign(store, args: argparse.Namespace) -> None:
    stored = store.list_events()
    found = stored[stored.slug == args.event]
    if found.empty:
        raise ValueError(f"no event {args.event!r}")
    programme_id = None
    if not args.none:
        programme = store.find_programme(args.programme or "")
        if programme is None:
            raise ValueError(f"no programme named {args.programme!r}")
        programme_id = int(programme["id"])
    store.assign_programme(int(found.id.iloc[0]), programme_id, actor=_cli_actor())
    print(f"event {args.event} -> programme {args.programme if programme_id else '(none)'}",
          file=sys.stderr)


def _add_import_and_reach_parsers(sub) -> None:
    imp = sub.add_parser("import", help="save a registration sheet as an event (database from "
                                        "FORUMREACH_DB_URL)")
    imp.add_argument("file")
    imp.add_argument("--event", required=True, metavar="SLUG", help="the event's short name")
    imp.add_argument("--title", required=True)
    imp.add_argument("--held-on", required=True, metavar="YYYY-MM-DD")
    imp.add_argument("--programme", metavar="NAME",
                     help="the programme the event belongs to (made if there is none)")
    imp.add_argument("--sheet", default=None)
    imp.add_argument("--vintage", default=DEFAULT_VINTAGE)
    _add_map_option(imp)
    imp.set_defaults(func=cmd_import)

    rch = sub.add_parser("reach", help="bodies reached across the stored events, from "
                                       "confident matches only")
    rch.add_argument("--programme", metavar="NAME", help="only this programme's events")
    rch.add_argument("--format", choices=("json",), default="json")
    rch.add_argument("--vintage", default=None,
                     help="the units to count on; events on older vintages are carried across "
                          "by the crosswalk (default: the newest vintage among the events)")
    rch.set_defaults(func=cmd_reach)

    prog = sub.add_parser("programme", help="programmes: add, list, assign an event")
    prog.set_defaults(func=cmd_programme)
    verbs = prog.add_subparsers(dest="programme_command", required=True)
    add = verbs.add_parser("add", help="add a programme, or rename it and set its donor")
    add.add_argument("slug")
    for lang in ("ky", "ru", "en"):
        add.add_argument(f"--{lang}", default="", help=f"its name in {lang}")
    add.add_argument("--donor", default=None)
    verbs.add_parser("list", help="every programme with its names, donor and events (CSV)")
    assign = verbs.add_parser("assign", help="put a stored event into a programme")
    assign.add_argument("event", metavar="EVENT_SLUG")
    which = assign.add_mutually_exclusive_group(required=True)
    which.add_argument("programme", nargs="?", metavar="PROGRAMME",
                       help="slug or name of the programme")
    which.add_argument("--none", action="store_true", help="take it out of its programme")


def cmd_vintages(args: argparse.Namespace) -> int:
    """`vintages import|list|crosswalk`: classifiers a user loads, and how two vintages meet."""
    from forumreach import ingest, vintages
    from forumreach.store import VintageExistsError

    return _on_store(lambda store: _VINTAGES[args.vintages_command](store, args),
                     refused=(vintages.VintageError, ingest.IngestError, VintageExistsError,
                              gazetteer.GazetteerError))


def _vintages_import(store, args: argparse.Namespace) -> int:
    from forumreach import vintages

    prepared = vintages.import_file(args.file, args.name, store, valid_from=args.valid_from,
                                    actor=_cli_actor())
    report = prepared.report()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report["counts"].items()))
    print(f"saved vintage {args.name}: {counts}; {report['lsg_bodies']} LSG bodies",
          file=sys.stderr)
    for warning in report["warnings"]:
        print(f"note: {warning}", file=sys.stderr)
    return 0


def _vintages_list(store, args: argparse.Namespace) -> int:
    from forumreach import vintages

    vintages.available(store).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _vintages_crosswalk(store, args: argparse.Namespace) -> int:
    from forumreach import crosswalk

    table = crosswalk.crosswalk(gazetteer.load(args.old), gazetteer.load(args.new))
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        sys.stdout.write(table.to_json(orient="records", force_ascii=False) + "\n")
    return 0


_VINTAGES = {"import": _vintages_import, "list": _vintages_list,
             "crosswalk": _vintages_crosswalk}

def _add_vintages_parser(sub) -> None:
    vint = sub.add_parser("vintages", help="load a classifier as a vintage; crosswalk two")
    vint.set_defaults(func=cmd_vintages)
    verbs = vint.add_subparsers(dest="vintages_command", required=True)
    imp = verbs.add_parser("import", help="check a classifier table (CSV or xlsx) and save it")
    imp.add_argument("file")
    imp.add_argument("--name", required=True, help="up to 16 letters, digits, . _ -")
    imp.add_argument("--valid-from", metavar="YYYY-MM-DD", default=None)
    verbs.add_parser("list", help="built-in and loaded vintages with the day each starts")
    walk = verbs.add_parser("crosswalk", help="every LSG body of OLD and the bodies of NEW "
                                              "that hold its villages")
    walk.add_argument("old")
    walk.add_argument("new")
    walk.add_argument("--format", choices=("csv", "json"), default="csv")


def cmd_coverage(args: argparse.Namespace) -> int:
    """The headline figures of one sheet as JSON, by the Overview's own code (coverage.py)."""
    import json

    from forumreach import coverage, ingest, pipeline

    try:
        matched = pipeline.match_file(args.file, sheet=args.sheet, mapping=_mapping(args.map),
                                      vintage=args.vintage)
        head = coverage.headline(matched.participants, gazetteer.load(args.vintage))
    except (ingest.IngestError, ValueError) as err:  # GazetteerError is a ValueError
        print(f"error: {err}", file=sys.stderr)
        return 2
    figures = {key: getattr(head, key) for key in coverage.SHEET_FIGURES}
    sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
    return 0


def _add_coverage_parser(sub) -> None:
    cov = sub.add_parser("coverage", help="headline figures of one sheet (unknown is null)")
    cov.add_argument("file")
    cov.add_argument("--format", choices=("json",), default="json")
    cov.add_argument("--sheet", default=None)
    cov.add_argument("--vintage", default=DEFAULT_VINTAGE)
    _add_map_option(cov)
    cov.set_defaults(func=cmd_coverage)


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
    match.add_argument("--out", default=None,
                       help="CSV to write, one line per participant row (needed unless --explain)")
    match.add_argument("--vintage", default=DEFAULT_VINTAGE)
    _add_map_option(match)
    match.add_argument("--explain", action="store_true",
                       help="print the columns taken and the evidence for each to stderr; "
                            "without --out, stop there")
    match.set_defaults(func=cmd_match)

    _add_users_parser(sub)
    _add_import_and_reach_parsers(sub)
    _add_coverage_parser(sub)
    _add_vintages_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `… | head` closed the pipe: not an error for a CLI
        sys.stderr.close()
        return 0
