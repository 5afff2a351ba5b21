"""The command line of the data layer, an entry point like dashboard.py (it may compose data_access with
metrics and words from ui, as pages do) (Danish output; exit code 0 done, 1 problems in the input, 2 the
database cannot be used):

    python -m data_access init                     create the schema and the registry's dimensions
    python -m data_access import FILE [--dry-run]  import indicator data (docs/import-format.md)
    python -m data_access units FILE [--dry-run]   import organisational units (docs/import-format.md)
    python -m data_access rollback ID              undo an import
    python -m data_access log                      show the import log
    python -m data_access export FILE [--indicator C]  stored figures in the import format (.csv/.xlsx)
    python -m data_access boundaries [--url U]     fetch the district boundaries (WFS) into .data/geo/
    python -m data_access roles [list|grant|revoke] [EMAIL ROLE [--unit CODE]]   who sees which units
    python -m data_access targets FILE [--dry-run]  import units' own targets (docs/import-format.md)

Every database command takes --database-url (default: DATABASE_URL, else the embedded sample database,
which is built first when it is missing) and --user (default: the login name).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import polars as pl
from sqlalchemy import Engine

from data_access.access import ROLES, RoleError, fetch_roles, grant_role, revoke_role
from data_access.boundaries import DOWNLOADED_DISTRICTS, WFS_URL, download
from data_access.db import DEFAULT_SQLITE_PATH, create_db_engine, database_url, is_embedded_default
from data_access.import_format_writer import export_observations
from data_access.import_parsing import Problem
from data_access.import_targets import import_targets
from data_access.import_units import import_units
from data_access.importer import import_file, rollback_import
from data_access.queries import fetch_imports
from data_access.sample_db import ensure_sample_database
from data_access.setup import EMPTY, READY, UNREACHABLE, database_state, init_database, state_message
from ui.import_checks import total_warnings

MAX_SHOWN = 200


def _print_problems(problems: list[Problem], stream: TextIO) -> None:
    for p in problems[:MAX_SHOWN]:
        print(f"  {p}", file=stream)
    if len(problems) > MAX_SHOWN:
        print(f"  … og {len(problems) - MAX_SHOWN} problemer mere.", file=stream)


def _usable(engine: Engine) -> bool:
    """Print one line and refuse when the database is unreachable or not initialised."""
    state = database_state(engine)
    if state in (READY, EMPTY):
        return True
    print(state_message(state), file=sys.stderr)
    return False


def _import(engine: Engine, args: argparse.Namespace, user: str) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"Filen findes ikke: {path}", file=sys.stderr)
        return 1
    if args.command == "units":
        result = import_units(engine=engine, path=path, user=user, dry_run=args.dry_run)
    else:
        result = import_file(engine=engine, path=path, user=user, dry_run=args.dry_run)
    if not result.ok:
        print(result.summary(), file=sys.stderr)
        _print_problems(result.problems, sys.stderr)
        return 1
    print(result.summary())
    if not args.dry_run and args.command == "import":
        result.warnings = total_warnings(engine=engine, touched=result.touched)
    for warning in result.warnings:
        print(f"  Advarsel: {warning}")
    return 0


def _roles(engine: Engine, args: argparse.Namespace, user: str) -> int:
    if args.action == "list":
        with pl.Config(tbl_rows=200, tbl_cols=-1, tbl_width_chars=200):
            print(fetch_roles(engine=engine))
        return 0
    if not args.email or not args.role:
        print("Angiv e-mail og rolle, fx: roles grant leder@kk.dk manager --unit BCV01", file=sys.stderr)
        return 1
    change = grant_role if args.action == "grant" else revoke_role
    try:
        done = change(engine=engine, email=args.email, role=args.role, unit=args.unit, by=user)
    except RoleError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 1
    what = {("grant", True): "har nu", ("grant", False): "havde allerede",
            ("revoke", True): "har ikke længere", ("revoke", False): "havde ikke"}[(args.action, done)]
    print(f"{args.email.strip()} {what} rollen {args.role}" + (f" for {args.unit}" if args.unit else "") + ".")
    return 0


def _download_boundaries(url: str, target: Path) -> int:
    try:
        count = download(url, target)
    except (OSError, ValueError) as err:  # BoundaryError is a ValueError with a Danish sentence
        print(f"Fejl: {err}", file=sys.stderr)
        return 1
    print(f"Hentede {count} bydele til {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="Dashboardets database: opsætning og import.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", default=None,
                        help="SQLAlchemy-URL (standard: DATABASE_URL eller den indlejrede SQLite)")
    common.add_argument("--user", default=None, help="hvem der importerer (standard: brugernavnet)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", parents=[common], help="opret tabeller og registrets dimensioner (kan køres igen)")
    for name, what in (("import", "indikatordata"), ("units", "organisatoriske enheder")):
        cmd = sub.add_parser(name, parents=[common], help=f"importér {what} fra CSV/XLSX (docs/import-format.md)")
        cmd.add_argument("file", help="filen, der skal importeres")
        cmd.add_argument("--dry-run", action="store_true", help="kontrollér og tæl, men gem intet")
    rollback = sub.add_parser("rollback", parents=[common], help="rul en import tilbage")
    rollback.add_argument("import_id", type=int, metavar="ID")
    sub.add_parser("log", parents=[common], help="vis importloggen")
    export = sub.add_parser("export", parents=[common], help="gemte tal i importformatet (til at rette og importere igen)")
    export.add_argument("file", help="filen, der skrives (.csv eller .xlsx)")
    export.add_argument("--indicator", action="append", default=None, metavar="KODE", help="kun denne indikator (kan gentages)")
    roles = sub.add_parser("roles", parents=[common], help="roller: hvem ser hvilke enheder (ændringer logges)")
    roles.add_argument("action", choices=["list", "grant", "revoke"], nargs="?", default="list")
    roles.add_argument("email", nargs="?")
    roles.add_argument("role", nargs="?", choices=ROLES)
    roles.add_argument("--unit", default=None, help="enheden, en leder leder (hele dens undertræ)")
    targets = sub.add_parser("targets", parents=[common], help="importér enheders mål (docs/import-format.md)")
    targets.add_argument("file", help="filen med mål (CSV/XLSX)")
    targets.add_argument("--dry-run", action="store_true", help="kontrollér og tæl, men gem intet")
    boundaries = sub.add_parser("boundaries", help="hent Københavns Kommunes bydelsgrænser (WFS, k101:bydel)")
    boundaries.add_argument("--url", default=WFS_URL, help="WFS-adresse (standard: kommunens lag k101:bydel)")
    boundaries.add_argument("--to", type=Path, default=DOWNLOADED_DISTRICTS,
                            help="mål (standard: .data/geo/bydele.geojson; sæt BYDELE_GEOJSON for en anden sti)")
    args = parser.parse_args(argv)
    if args.command == "boundaries":
        return _download_boundaries(args.url, args.to)

    url = args.database_url or database_url()
    user = args.user or getpass.getuser()
    if is_embedded_default(url):
        ensure_sample_database(DEFAULT_SQLITE_PATH)
    engine = create_db_engine(url)
    try:
        if args.command == "init":
            if database_state(engine) == UNREACHABLE:
                print(state_message(UNREACHABLE), file=sys.stderr)
                return 2
            counts = init_database(engine)
            new = sum(i for i, _ in counts.values())
            changed = sum(u for _, u in counts.values())
            print(f"Databasen er klar: {new} nye og {changed} ændrede definitioner "
                  "(indikatorer, bydele, målgrupper, enheder, befolkningstal).")
            return 0
        if not _usable(engine):
            return 2
        if args.command == "log":
            with pl.Config(tbl_rows=50, tbl_cols=-1, tbl_width_chars=200):
                print(fetch_imports(engine=engine))
            return 0
        if args.command == "roles":
            return _roles(engine, args, user)
        if args.command == "targets":
            path = Path(args.file)
            if not path.is_file():
                print(f"Filen findes ikke: {path}", file=sys.stderr)
                return 1
            result = import_targets(engine=engine, data=path.read_bytes(), filename=path.name, user=user,
                                    dry_run=args.dry_run)
            print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
            _print_problems(result.problems, sys.stderr)
            return 0 if result.ok else 1
        if args.command == "export":
            target = Path(args.file)
            data = export_observations(engine=engine, indicators=args.indicator,
                                       fmt="xlsx" if target.suffix.lower() == ".xlsx" else "csv")
            target.write_bytes(data)
            print(f"Skrev {target}")
            return 0
        if args.command == "rollback":
            rb = rollback_import(engine=engine, import_id=args.import_id, user=user)
            if not rb.ok:
                print(rb.summary(), file=sys.stderr)
                _print_problems(rb.problems, sys.stderr)
                return 1
            print(rb.summary())
            return 0
        return _import(engine, args, user)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
